//! A network's outputs: every `head`'s result, and the flow's last tensor.

use crate::block::{Block, BlockKind};
use crate::layer::Layer;
use crate::shape::Shape;

/// One output of a network (`OUTPUTS`): every `head`'s result in the order they are
/// computed, then the tensor the flow ends on, unless the flow ends on a head (the
/// network's last statement, or the last of a `seq`, `repeat` or `channelslast` that is
/// last), whose input the flow ends on, read by the head.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Output<N = &'static str> {
    /// The head's path (`aux1`), or for the flow the path of its last layer.
    pub name: N,
    /// The index in `LAYERS` of the layer that gives it.
    pub layer: usize,
    /// Its shape.
    pub shape: Shape,
}

/// The outputs of the network of `layers` and `blocks` (as `LAYERS` and `BLOCKS` hold
/// them), their names borrowed from the tables: each head's, in the order they finish
/// (a head inside another first), then the flow's. The one reading of outputs: the macro's `OUTPUTS`, the summary and the
/// backends all take it from here.
///
/// ```
/// use cnn_core::{evaluate, outputs, BlockKind, Dense, Event, Kind, Node, Shape};
/// // input 8x4x4; aux: head { gap; dense 3 } gap; dense 10
/// let dense = |units| Kind::Dense(Dense { units, bias: true });
/// let mut nodes = vec![Node::layer(Kind::Input(Shape::image(8, 4, 4)))];
/// nodes.push(Node { name: Some("aux"), ..Node::block(BlockKind::Head, 3) });
/// nodes.extend([Node::part(2), Node::layer(Kind::GlobalAvgPool), Node::layer(dense(3))]);
/// nodes.extend([Node::layer(Kind::GlobalAvgPool), Node::layer(dense(10))]);
/// let (mut layers, mut blocks) = (Vec::new(), Vec::new());
/// evaluate(&nodes, |e| match e {
///     Event::Layer { layer, .. } => layers.push(layer.map_name(|n| n.to_string())),
///     Event::Block { block, .. } => blocks.push(block.map_name(|n| n.to_string())),
///     _ => {}
/// });
/// let found: Vec<(String, String)> = outputs(&layers, &blocks)
///     .map(|o| (o.name.clone(), o.shape.to_string()))
///     .collect();
/// assert_eq!(found, [("aux".to_string(), "3".to_string()), ("dense2".to_string(), "10".to_string())]);
/// ```
pub fn outputs<'t, N>(
    layers: &'t [Layer<N>],
    blocks: &'t [Block<N>],
) -> impl Iterator<Item = Output<&'t N>> + 't {
    let head = |b: &&Block<N>| b.kind == BlockKind::Head;
    // The layer that gives the tensor a sequence of layers `first..end` at `depth` ends
    // on: its last one outside the heads inside it (whose results are outputs of their
    // own). A head computes at least one (E18), and so does a flow not ending on one.
    let producer = move |first: usize, end: usize, depth: u32| {
        (first..end)
            .rev()
            .find(|&l| {
                !blocks
                    .iter()
                    .filter(head)
                    .any(|h| h.depth >= depth && h.first <= l && l < h.first + h.len)
            })
            .unwrap_or(first.saturating_sub(1))
    };
    // Heads by where they end, a deeper one first at the same end: the order they
    // finish in. Without an allocator, each next one is the least key past the last.
    let key = |i: usize, b: &Block<N>| (b.first.saturating_add(b.len), u32::MAX - b.depth, i);
    let mut after: Option<(usize, u32, usize)> = None;
    let heads = core::iter::from_fn(move || {
        let (i, b) = blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| head(b))
            .filter(|&(i, b)| after.is_none_or(|a| key(i, b) > a))
            .min_by_key(|&(i, b)| key(i, b))?;
        after = Some(key(i, b));
        Some(Output {
            name: &b.name,
            layer: producer(b.first, b.first + b.len, b.depth + 1),
            shape: b.output,
        })
    });
    // The flow's tensor, unless the flow ends on a head: the network's last statement
    // is one, or a `seq`, `repeat` or `channelslast` whose last statement is (as
    // `fpn: seq { ...; head { ... } }`). An empty block after the head (`seq { }`,
    // `repeat 0`), which holds no layer, is a last statement too.
    let ends_in_head = blocks.iter().filter(head).any(|h| {
        let end = h.first + h.len;
        end == layers.len()
            && !blocks
                .iter()
                .any(|c| c.len == 0 && c.first == end && c.depth <= h.depth)
            && blocks
                .iter()
                .filter(|c| c.depth < h.depth && c.first <= h.first && end <= c.first + c.len)
                .all(|c| {
                    matches!(
                        c.kind,
                        BlockKind::Seq | BlockKind::Repeat(_) | BlockKind::ChannelsLast
                    )
                })
    });
    let flow = (!ends_in_head && !layers.is_empty()).then(|| {
        let l = producer(0, layers.len(), 0);
        Output {
            name: &layers[l].name,
            layer: l,
            shape: layers[l].output,
        }
    });
    heads.chain(flow)
}
