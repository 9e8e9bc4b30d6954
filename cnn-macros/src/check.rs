//! Checks: the network evaluated by `cnn-core`, every problem put on the token that
//! caused it with the layer's name and input, and the layer names made sure to be
//! unique consts.

use crate::ast::{Network, Stmt};
use crate::errors::{Diag, Errors};
use crate::vocab::Keyword;
use cnn_core::{evaluate, Arg, Context, Layer, Name, Namer, Node, Shape, Summary, Totals};
use std::collections::HashMap;

/// The names of the network-wide consts, which no layer const may shadow.
pub const NETWORK_CONSTS: [&str; 5] = [
    "LAYERS",
    "PARAMS",
    "NON_TRAINABLE_PARAMS",
    "MACS",
    "SUMMARY",
];

/// A network that passed every check: its layers, totals and summary.
pub struct Checked {
    /// Every layer, with its name written out.
    pub layers: Vec<Layer<String>>,
    /// The network's totals.
    pub totals: Totals,
    /// The summary table.
    pub summary: String,
}

/// Evaluates `network` with `cnn-core`. Returns the checked network, or reports every
/// independent problem into `errors` and returns the names that could be given, for
/// the placeholders.
pub fn check(network: &Network, errors: &mut Errors) -> Result<Checked, Vec<String>> {
    let stmts = &network.stmts;
    let written: Vec<Option<String>> = stmts
        .iter()
        .map(|s| s.name.as_ref().map(ToString::to_string))
        .collect();
    // Every statement whose kind is known gets its name, even one that failed.
    let mut namer = Namer::default();
    let names: Vec<Option<Name>> = stmts
        .iter()
        .zip(&written)
        .map(|(stmt, written)| {
            let kind = match (&stmt.kind, stmt.keyword) {
                (Ok(kind), _) => *kind,
                (Err(_), Some(keyword)) => keyword.sample(),
                (Err(_), None) => return None,
            };
            Some(namer.name(written.as_deref(), &kind))
        })
        .collect();

    // The statements before the first that failed to parse can be evaluated.
    let parsed = stmts.iter().take_while(|s| s.kind.is_ok()).count();
    let nodes: Vec<Node> = stmts[..parsed]
        .iter()
        .zip(&written)
        .filter_map(|(stmt, name)| {
            let kind = *stmt.kind.as_ref().ok()?;
            Some(Node {
                name: name.as_deref(),
                kind,
            })
        })
        .collect();
    let mut layers: Vec<Layer<Name>> = Vec::with_capacity(nodes.len());
    // With no statement read, there is nothing to evaluate but an empty network.
    let evaluated = if nodes.is_empty() && !stmts.is_empty() {
        None
    } else {
        Some(evaluate(&nodes, |layer| layers.push(layer)))
    };
    let mut failed_at = None;
    if let Some(Err(err)) = &evaluated {
        failed_at = Some(err.id);
        let span = stmts
            .get(err.id)
            .map_or_else(proc_macro2::Span::call_site, |s| {
                s.spans.get(err.kind.arg())
            });
        let mut diag = Diag::new(span, err);
        diag.help = err.help().map(|h| h.to_string());
        errors.push(diag.into_error(None));
    }
    // Every later statement: its parse error, or what can be checked without knowing
    // its input, in its context.
    for (index, stmt) in stmts.iter().enumerate().skip(layers.len()) {
        if failed_at == Some(index) {
            continue;
        }
        let input = match (failed_at, index.checked_sub(1)) {
            (None, Some(before)) => layers.get(before).map(|l| l.output),
            _ => None,
        };
        let diag = match &stmt.kind {
            Err(diag) => diag.clone(),
            Ok(kind) => match kind.check() {
                Ok(()) => continue,
                Err(e) => {
                    let name = names[index].unwrap_or(Name::Given(""));
                    let err = cnn_core::Error {
                        id: index,
                        index,
                        name,
                        layer: *kind,
                        input,
                        kind: e,
                    };
                    let mut diag = Diag::new(stmt.spans.get(e.arg()), err);
                    diag.help = err.help().map(|h| h.to_string());
                    errors.push(diag.into_error(None));
                    continue;
                }
            },
        };
        errors.push(in_context(&diag, names[index].as_ref(), index, input));
    }
    let all_names: Vec<String> = names.iter().flatten().map(ToString::to_string).collect();
    check_names(stmts, &names, errors);
    let totals = match evaluated {
        Some(Ok(totals)) if errors.is_empty() => totals,
        _ => return Err(all_names),
    };
    let summary = Summary::new(&layers, &totals).to_string();
    let layers = layers
        .into_iter()
        .map(|l| Layer {
            name: l.name.to_string(),
            kind: l.kind,
            input: l.input,
            output: l.output,
            params: l.params,
            non_trainable: l.non_trainable,
            macs: l.macs,
        })
        .collect();
    Ok(Checked {
        layers,
        totals,
        summary,
    })
}

/// A parse problem with the layer's name, index and input added.
fn in_context(diag: &Diag, name: Option<&Name>, index: usize, input: Option<Shape>) -> syn::Error {
    let diag = diag.clone();
    match name {
        Some(name) => {
            let context = Context { name, index, input }.to_string();
            diag.into_error(Some(&context))
        }
        None => {
            let context = match input {
                Some(input) => format!("(layer {index}, input is {input})"),
                None => format!("(layer {index})"),
            };
            diag.into_error(Some(&context))
        }
    }
}

/// E11: every layer const is unique and none shadows a network const.
fn check_names(stmts: &[Stmt], names: &[Option<Name>], errors: &mut Errors) {
    let mut first: HashMap<String, usize> = HashMap::with_capacity(names.len());
    for (index, (stmt, name)) in stmts.iter().zip(names).enumerate() {
        // A second `input` is already an error of its own.
        let Some(name) = name.filter(|_| index == 0 || stmt.keyword != Some(Keyword::Input)) else {
            continue;
        };
        let span = stmt
            .name
            .as_ref()
            .map_or_else(|| stmt.spans.get(Arg::Keyword), |n| n.span());
        let name = name.to_string();
        let upper = name.to_uppercase();
        if NETWORK_CONSTS.contains(&upper.as_str()) {
            errors.push(
                Diag::new(
                    span,
                    format!("layer name `{name}` clashes with the network's const `{upper}`"),
                )
                .help(format!(
                    "name the layer otherwise, as in `{name}_layer: ...`"
                ))
                .into_error(Some(&format!("(layer {index})"))),
            );
        } else if let Some(&earlier) = first.get(&name) {
            errors.push(
                Diag::new(
                    span,
                    format!("layer name `{name}` is already taken by layer {earlier}"),
                )
                .help(format!(
                    "give this layer a name of its own, as in `{name}_b: ...`"
                ))
                .into_error(Some(&format!("(layer {index})"))),
            );
        } else {
            first.insert(name, index);
        }
    }
}
