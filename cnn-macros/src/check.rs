//! Checks: the network evaluated by `cnn-core`, its errors put back on the tokens that
//! caused them, and the layer names made sure to be unique consts.

use crate::ast::Network;
use crate::errors::{with_help, Errors};
use cnn_core::{evaluate, Layer, Name, Node, Summary, Totals};
use proc_macro2::Span;
use std::collections::HashMap;
use syn::Error;

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

/// Evaluates `network` with `cnn-core`, reporting problems into `errors`.
pub fn check(network: &Network, errors: &mut Errors) -> Option<Checked> {
    let names: Vec<Option<String>> = network
        .stmts
        .iter()
        .map(|s| s.name.as_ref().map(ToString::to_string))
        .collect();
    let nodes: Vec<Node> = network
        .stmts
        .iter()
        .zip(&names)
        .map(|(stmt, name)| Node {
            name: name.as_deref(),
            kind: stmt.kind,
        })
        .collect();
    let mut layers: Vec<Layer<Name>> = Vec::with_capacity(nodes.len());
    let totals = match evaluate(&nodes, |layer| layers.push(layer)) {
        Ok(totals) => totals,
        Err(err) => {
            let span = network
                .stmts
                .get(err.id)
                .map_or_else(Span::call_site, |stmt| stmt.spans.get(err.kind.arg()));
            errors.push(Error::new(span, with_help(err, err.help())));
            return None;
        }
    };
    let summary = Summary::new(&layers, &totals).to_string();
    let layers: Vec<Layer<String>> = layers
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
    check_names(network, &layers, errors);
    errors.is_empty().then_some(Checked {
        layers,
        totals,
        summary,
    })
}

/// E11: every layer const is unique and none shadows a network const.
fn check_names(network: &Network, layers: &[Layer<String>], errors: &mut Errors) {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(layers.len());
    for (index, (layer, stmt)) in layers.iter().zip(&network.stmts).enumerate() {
        let span = stmt
            .name
            .as_ref()
            .map_or_else(|| stmt.spans.get(cnn_core::Arg::Keyword), |n| n.span());
        let upper = layer.name.to_uppercase();
        if NETWORK_CONSTS.contains(&upper.as_str()) {
            errors.push(Error::new(
                span,
                with_help(
                    format!(
                        "layer name `{}` clashes with the network's const `{upper}`",
                        layer.name
                    ),
                    Some(format!(
                        "name the layer otherwise, as in `{}_layer: ...`",
                        layer.name
                    )),
                ),
            ));
        } else if let Some(&earlier) = first.get(layer.name.as_str()) {
            errors.push(Error::new(
                span,
                with_help(
                    format!(
                        "layer name `{}` is taken: layer {earlier} and layer {index} would both be `{upper}`",
                        layer.name
                    ),
                    Some(format!("give this layer a name of its own, as in `{}_b: ...`", layer.name)),
                ),
            ));
        } else {
            first.insert(&layer.name, index);
        }
    }
}
