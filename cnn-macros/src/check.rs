//! Checks: the network evaluated by `cnn-core`, every problem put on the token that
//! caused it with the layer's name and input, and the layer names made sure to be
//! unique consts.

use crate::ast::{Network, Stmt};
use crate::errors::{Diag, Errors};
use crate::vocab::Keyword;
use cnn_core::{evaluate, Arg, Block, Context, Event, Layer, Name, Node, Op, Summary, Totals};
use proc_macro2::Span;
use std::collections::{HashMap, HashSet};

/// The names of the network-wide consts, which no layer const may shadow.
pub const NETWORK_CONSTS: [&str; 6] = [
    "LAYERS",
    "BLOCKS",
    "PARAMS",
    "NON_TRAINABLE_PARAMS",
    "MACS",
    "SUMMARY",
];

/// A network that passed every check: its layers, blocks, totals and summary.
pub struct Checked {
    /// Every layer, with its name written out.
    pub layers: Vec<Layer<String>>,
    /// Every block, by first layer, outer first.
    pub blocks: Vec<Block<String>>,
    /// The network's totals.
    pub totals: Totals,
    /// The summary table.
    pub summary: String,
}

/// Evaluates `network` with `cnn-core`. Returns the checked network, or reports every
/// independent problem into `errors` and returns the layer names that could be given,
/// for the placeholders.
pub fn check(network: &Network, errors: &mut Errors) -> Result<Checked, Vec<String>> {
    let stmts = &network.stmts;
    let written: Vec<Option<String>> = stmts
        .iter()
        .map(|s| s.name.as_ref().map(ToString::to_string))
        .collect();
    let nodes: Vec<Node> = stmts
        .iter()
        .zip(&written)
        .map(|(stmt, name)| Node {
            name: name.as_deref(),
            op: match &stmt.op {
                Ok(op) => *op,
                Err(_) => Op::Unread(stmt.keyword.and_then(Keyword::sample)),
            },
        })
        .collect();

    let mut layers: Vec<(usize, Layer<Name>)> = Vec::with_capacity(nodes.len());
    let mut blocks: Vec<Block<Name>> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    // A statement in a `repeat` body may fail on every pass: report it once.
    let mut reported: HashSet<usize> = HashSet::new();
    let totals = evaluate(&nodes, |event| match event {
        Event::Layer(id, layer) => layers.push((id, layer)),
        Event::Block(_, block) => blocks.push(block),
        Event::Error(err) => {
            if let Some(Op::Layer(_)) = nodes.get(err.id).map(|n| n.op) {
                names.push(err.name.to_string());
            }
            if reported.insert(err.id) {
                let span = stmts
                    .get(err.id)
                    .map_or_else(Span::call_site, |s| s.spans.get(err.kind.arg()));
                let mut diag = Diag::new(span, err);
                diag.help = err.help().map(|h| h.to_string());
                errors.push(diag.into_error(None));
            }
        }
        Event::Unread {
            id,
            name,
            index,
            input,
        } => {
            if let Some(name) = name {
                names.push(name.to_string());
            }
            if let (true, Some(Err(diag))) = (reported.insert(id), stmts.get(id).map(|s| &s.op)) {
                let context = Context {
                    name: name.as_ref(),
                    index,
                    input,
                };
                errors.push(diag.clone().into_error(Some(&context.to_string())));
            }
        }
    });
    check_names(stmts, &layers, errors);
    names.extend(layers.iter().map(|(_, l)| l.name.to_string()));
    let totals = match totals {
        Some(totals) if errors.is_empty() => totals,
        _ => return Err(names),
    };
    blocks.sort_by_key(|b| (b.first, b.depth));
    let layers: Vec<Layer<Name>> = layers.into_iter().map(|(_, l)| l).collect();
    let summary = Summary::new(&layers, &blocks, &totals).to_string();
    Ok(Checked {
        layers: layers.into_iter().map(|l| named(l, l.name)).collect(),
        blocks: blocks
            .into_iter()
            .map(|b| Block {
                name: b.name.to_string(),
                kind: b.kind,
                depth: b.depth,
                first: b.first,
                len: b.len,
                input: b.input,
                output: b.output,
                params: b.params,
                non_trainable: b.non_trainable,
                macs: b.macs,
            })
            .collect(),
        totals,
        summary,
    })
}

/// A layer with its name written out.
fn named(l: Layer<Name>, name: Name) -> Layer<String> {
    Layer {
        name: name.to_string(),
        kind: l.kind,
        input: l.input,
        output: l.output,
        params: l.params,
        non_trainable: l.non_trainable,
        macs: l.macs,
        depth: l.depth,
    }
}

/// E11: every layer const is unique and none shadows a network const.
fn check_names(stmts: &[Stmt], layers: &[(usize, Layer<Name>)], errors: &mut Errors) {
    let mut first: HashMap<String, (usize, usize)> = HashMap::with_capacity(layers.len());
    let mut reported: HashSet<usize> = HashSet::new();
    for (index, (id, layer)) in layers.iter().enumerate() {
        let Some(stmt) = stmts.get(*id) else { continue };
        let span = stmt
            .name
            .as_ref()
            .map_or_else(|| stmt.spans.get(Arg::Keyword), |n| n.span());
        let name = layer.name.to_string();
        let upper = name.to_uppercase();
        let at = format!("(layer {index})");
        let diag = if NETWORK_CONSTS.contains(&upper.as_str()) {
            Diag::new(
                span,
                format!("layer name `{name}` clashes with the network's const `{upper}`"),
            )
            .help(format!(
                "name the layer otherwise, as in `{name}_layer: ...`"
            ))
        } else if let Some(&(earlier, earlier_id)) = first.get(&name) {
            if earlier_id == *id {
                Diag::new(
                    span,
                    format!("layer name `{name}` is repeated with its `repeat` block"),
                )
                .help("remove the name: layers in a `repeat` body are numbered per pass")
            } else {
                Diag::new(
                    span,
                    format!("layer name `{name}` is already taken by layer {earlier}"),
                )
                .help(format!(
                    "give this layer a name of its own, as in `{name}_b: ...`"
                ))
            }
        } else {
            first.insert(name, (index, *id));
            continue;
        };
        if reported.insert(*id) {
            errors.push(diag.into_error(Some(&at)));
        }
    }
}
