//! What the tests share: short constructors, evaluation helpers and LeNet.
#![allow(dead_code)] // each test file uses some of them

pub mod lenet;

use cnn_core::*;

pub fn conv(filters: u64, k: u64) -> Conv {
    Conv::new(filters, PerAxis::uniform(k))
}

pub fn pool(k: u64) -> Pool {
    Pool::new(PerAxis::uniform(k))
}

pub fn dense(units: u64) -> Kind {
    Kind::Dense(Dense { units, bias: true })
}

pub fn apply(kind: Kind, input: Shape) -> Applied {
    kind.apply(input).unwrap()
}

pub fn fails(kind: Kind, input: Shape) -> ErrorKind {
    kind.apply(input).unwrap_err()
}

/// Evaluates `nodes`: the layers, blocks (outer first) and totals, or the errors.
#[allow(clippy::type_complexity)]
pub fn run<'a>(
    nodes: &[Node<'a>],
) -> Result<(Vec<Layer<String>>, Vec<Block<String>>, Totals), Vec<Error<'a>>> {
    let (mut layers, mut blocks, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    let totals = evaluate(nodes, |event| match event {
        Event::Layer { layer, .. } => layers.push(layer.map_name(|n| n.to_string())),
        Event::Block { block, .. } => blocks.push(block.map_name(|n| n.to_string())),
        Event::Error(e) => errors.push(e),
        Event::Unread { .. } | Event::Skipped { .. } => {}
    });
    blocks.sort_by_key(|b| (b.first, b.depth));
    match totals {
        Some(totals) if errors.is_empty() => Ok((layers, blocks, totals)),
        _ => Err(errors),
    }
}

pub fn net(kinds: &[Kind]) -> (Vec<Layer<String>>, Totals) {
    let nodes: Vec<Node> = kinds.iter().map(|&kind| Node::layer(kind)).collect();
    let (layers, _, totals) = run(&nodes).unwrap();
    (layers, totals)
}

/// The report of an evaluated network in `f32`.
pub fn report(layers: &[Layer<String>], totals: Totals) -> Report {
    let field = layers.last().map_or(Field::INPUT, |l| l.field);
    Report::new(totals, Dtype::F32, field).unwrap()
}

/// The first error of a network.
pub fn first_error<'a>(nodes: &[Node<'a>]) -> Error<'a> {
    run(nodes).err().unwrap()[0]
}

pub fn lenet() -> [Kind; 7] {
    [
        Kind::Input(Shape::image(1, 28, 28)),
        Kind::Conv(conv(32, 5)),
        Kind::MaxPool(pool(2)),
        Kind::Conv(conv(32, 3)),
        Kind::MaxPool(pool(2)),
        dense(256),
        dense(10),
    ]
}

pub fn conv_with(filters: u64, k: u64, s: u64, p: u64) -> Kind {
    Kind::Conv(Conv {
        stride: PerAxis::uniform(s),
        padding: Padding::Explicit(PerAxis::uniform(p)),
        bias: false,
        ..conv(filters, k)
    })
}

/// A block of `kind` with `parts`, as `evaluate` reads it: the block node, then each
/// part's node and its nodes.
pub fn block<'a>(kind: BlockKind, parts: &[&[Node<'a>]]) -> Vec<Node<'a>> {
    let len = parts.iter().map(|p| p.len() + 1).sum();
    let mut nodes = vec![Node::block(kind, len)];
    for part in parts {
        nodes.push(Node::part(part.len()));
        nodes.extend_from_slice(part);
    }
    nodes
}

/// Evaluates `nodes` and gives each layer with the values alive while it runs.
pub fn lives(nodes: &[Node]) -> (Vec<(String, u64)>, Totals) {
    let mut rows = Vec::new();
    let totals = evaluate(nodes, |e| {
        if let Event::Layer { layer, live, .. } = e {
            rows.push((layer.name.to_string(), live));
        }
    })
    .unwrap();
    (rows, totals)
}

/// A max pooling of window `k`, stride `s`, padding `p`, in floor or ceil mode.
pub fn pool_with(k: u64, s: u64, p: u64, ceil: bool) -> Kind {
    Kind::MaxPool(Pool {
        kernel: PerAxis::uniform(k),
        stride: PerAxis::uniform(s),
        padding: PerAxis::uniform(p),
        ceil,
        ..pool(k)
    })
}

/// The side of a square output, or the error, of `kind` on a 1xIxI input.
pub fn side(kind: Kind, i: u64) -> Result<u64, ErrorKind> {
    match kind.apply(Shape::image(1, i, i))?.output {
        Shape::Image { height, .. } => Ok(height),
        other => panic!("not a 2-D map: {other}"),
    }
}

/// `input 8x4x4; residual { conv 8 k3 p1 nobias; bn } relu`: an identity residual.
pub fn identity_residual_net() -> Vec<Node<'static>> {
    [
        vec![Node::layer(Kind::Input(Shape::image(8, 4, 4)))],
        block(
            BlockKind::Residual,
            &[&[
                Node::layer(conv_with(8, 3, 1, 1)),
                Node::layer(Kind::BatchNorm(Norm::DEFAULT)),
            ]],
        ),
        vec![Node::layer(Kind::Activation(Activation::Relu))],
    ]
    .concat()
}
