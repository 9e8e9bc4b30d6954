//! A network's structure as a tree, read from the flat `LAYERS` and `BLOCKS` tables
//! through `cnn::Graph` (the same reading the pictures use): which layers run in
//! sequence, and which blocks run branches and merge them. [`Model`](crate::Model)
//! runs it; other backends (the ONNX exporter) walk it too, so that no one reads the
//! tables another way.

use candle_core::Result;
use cnn::{Block, BlockKind, Graph, Kind, Layer, Shape};
use std::fmt::Display;

/// One step of a sequence: a layer (by index in `LAYERS`) or a block. A block's merge
/// layer (its last, `add`, `cat` or `mul`) is the block's own step.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// The layer at this index.
    Layer(usize),
    /// A `from`: the output of the earlier layer at this index.
    From(usize),
    /// A `residual`: the body's output plus the shortcut's (the input when `None`);
    /// `add` is the index of its sum.
    Residual {
        /// The body, on the block's input.
        body: Vec<Item>,
        /// The shortcut, on the block's input; `None` for the identity.
        shortcut: Option<Vec<Item>>,
        /// The sum's index in `LAYERS`.
        add: usize,
    },
    /// A merge block: its branches on the block's input (on channel groups for
    /// `split`), merged by the layer at index `merge`.
    Merge {
        /// `concat`, `add`, `mul`, `scale` (the input times its one branch's output)
        /// or `split` (the branches on consecutive equal groups of channels, then
        /// concatenated).
        kind: BlockKind,
        /// The branches, in order; an empty one is the identity.
        branches: Vec<Vec<Item>>,
        /// The merge layer's index in `LAYERS`.
        merge: usize,
    },
    /// A `head`: its body's result is an output; the flow goes on from its input.
    Head(Vec<Item>),
}

/// Every two layers that run one after the other in a sequence, the second reading
/// the first's output (a BatchNorm after a convolution, to fold).
pub(crate) fn pairs(items: &[Item]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (a, b) in items.iter().zip(items.iter().skip(1)) {
        if let (Item::Layer(a), Item::Layer(b)) = (a, b) {
            found.push((*a, *b));
        }
    }
    for item in items {
        match item {
            Item::Layer(_) | Item::From(_) => {}
            Item::Residual { body, shortcut, .. } => {
                found.extend(pairs(body));
                found.extend(shortcut.iter().flat_map(|s| pairs(s)));
            }
            Item::Merge { branches, .. } => found.extend(branches.iter().flat_map(|b| pairs(b))),
            Item::Head(body) => found.extend(pairs(body)),
        }
    }
    found
}

/// The network of `layers` and `blocks` (as `LAYERS` and `BLOCKS` hold them), or why
/// the tables are not one network: a block past the layers or across another's edge,
/// a merge block not ending on its merge layer, a layer that does not receive the
/// shape it was evaluated for. `Model::new` takes tables from anywhere; a table that
/// does not read as one network would silently run another.
pub fn build<N: Display>(layers: &[Layer<N>], blocks: &[Block<N>]) -> Result<Vec<Item>> {
    check_blocks(layers, blocks)?;
    let Some(input) = layers.first() else {
        return Ok(Vec::new());
    };
    if !matches!(input.kind, Kind::Input(_)) {
        return Err(table_error(format!(
            "its first layer, {}, is no input",
            input.name
        )));
    }
    let g = Graph::new(layers, blocks);
    let walk = Walk { g: &g, layers };
    Ok(walk.sequence(1, layers.len(), 0, input.output)?.0)
}

fn table_error(what: String) -> candle_core::Error {
    candle_core::Error::Msg(format!(
        "the layer and block tables are not one network: {what}"
    ))
}

/// Every block inside the layers, inside its parent, and ending on its merge layer.
fn check_blocks<N: Display>(layers: &[Layer<N>], blocks: &[Block<N>]) -> Result<()> {
    for (i, b) in blocks.iter().enumerate() {
        let end = b.first.checked_add(b.len).filter(|&e| e <= layers.len());
        let Some(end) = end else {
            return Err(table_error(format!(
                "block {} ({i}) holds layers {}..{}+{} past the {} layers",
                b.name,
                b.first,
                b.first,
                b.len,
                layers.len()
            )));
        };
        if i > 0 && blocks[i - 1].first > b.first {
            return Err(table_error(format!("block {} is out of order", b.name)));
        }
        if b.depth > 0 {
            let inside = blocks
                .iter()
                .any(|p| p.depth + 1 == b.depth && p.first <= b.first && end <= p.first + p.len);
            if !inside {
                return Err(table_error(format!(
                    "block {} (depth {}) lies in no block of depth {}",
                    b.name,
                    b.depth,
                    b.depth - 1
                )));
            }
        }
        if let Some(kind) = Kind::merging(b.kind) {
            let last = end.checked_sub(1).map(|l| &layers[l]);
            if last.map(|l| (l.kind, l.output)) != Some((kind, b.output)) {
                return Err(table_error(format!(
                    "block {} does not end on its {} layer, of its output",
                    b.name,
                    kind.keyword().word()
                )));
            }
        }
    }
    Ok(())
}

/// The tables read as a tree, each layer checked to receive the shape it was
/// evaluated for.
struct Walk<'g, 'a, N> {
    g: &'g Graph<'a, N>,
    layers: &'a [Layer<N>],
}

impl<'a, N: Display> Walk<'_, 'a, N> {
    /// Layers `first..end` at nesting `depth`, blocks in their places, on an input of
    /// `shape`; and their output's shape.
    fn sequence(
        &self,
        first: usize,
        end: usize,
        depth: u32,
        mut shape: Shape,
    ) -> Result<(Vec<Item>, Shape)> {
        let mut items = Vec::new();
        let mut at = first;
        while at < end {
            match self.g.block_at(at, depth) {
                Some(b) => {
                    self.receives(&b.name, b.input, shape)?;
                    items.extend(self.block(b)?);
                    // After a head the flow goes on from what it read.
                    if b.kind != BlockKind::Head {
                        shape = b.output;
                    }
                    at = b.first + b.len;
                }
                None => {
                    let l = &self.layers[at];
                    if matches!(l.kind, Kind::Add | Kind::Cat | Kind::Mul) {
                        return Err(table_error(format!(
                            "{} merges the parts of no block",
                            l.name
                        )));
                    }
                    match l.kind {
                        // A `from` reads an earlier layer's output, of its shape.
                        Kind::From(source) => {
                            let read = self.layers[..at].get(source).map(|s| s.output);
                            self.receives(&l.name, l.input, read.unwrap_or(Shape::Flat(0)))?;
                            items.push(Item::From(source));
                        }
                        _ => {
                            self.receives(&l.name, l.input, shape)?;
                            items.push(Item::Layer(at));
                        }
                    }
                    shape = l.output;
                    at += 1;
                }
            }
        }
        Ok((items, shape))
    }

    fn receives(&self, name: &N, takes: Shape, shape: Shape) -> Result<()> {
        if takes == shape {
            return Ok(());
        }
        Err(table_error(format!(
            "{name} takes {takes} but receives {shape}"
        )))
    }

    /// A block as the items it runs: one residual or merge, or a repeat's passes in
    /// sequence. Its parts start from its input (a `split`'s branches from their share
    /// of the channels, which their first layers give).
    fn block(&self, b: &'a Block<N>) -> Result<Vec<Item>> {
        let (last, depth) = (b.first + b.len - 1, b.depth);
        let part = |p: &Block<N>, shape: Shape| -> Result<Vec<Item>> {
            let shape = match (b.kind, self.layers.get(p.first)) {
                (BlockKind::Split, Some(l)) if p.len > 0 => l.input,
                _ => shape,
            };
            Ok(self.sequence(p.first, p.first + p.len, depth + 2, shape)?.0)
        };
        Ok(match b.kind {
            BlockKind::Residual => {
                let shortcut = self.g.parts(b).next();
                let body_end = shortcut.map_or(last, |s| s.first);
                vec![Item::Residual {
                    body: self.sequence(b.first, body_end, depth + 1, b.input)?.0,
                    shortcut: shortcut.map(|s| part(s, b.input)).transpose()?,
                    add: last,
                }]
            }
            BlockKind::Concat
            | BlockKind::Add
            | BlockKind::Mul
            | BlockKind::Scale
            | BlockKind::Split => {
                let branches: Vec<Vec<Item>> = self
                    .g
                    .parts(b)
                    .map(|p| part(p, b.input))
                    .collect::<Result<_>>()?;
                if branches.is_empty() {
                    return Err(table_error(format!("block {} merges no part", b.name)));
                }
                vec![Item::Merge {
                    kind: b.kind,
                    branches,
                    merge: last,
                }]
            }
            BlockKind::Head => vec![Item::Head(
                self.sequence(b.first, b.first + b.len, depth + 1, b.input)?
                    .0,
            )],
            // A repeat's passes, and a shortcut or branch outside its block (which does
            // not occur), run in sequence.
            BlockKind::Repeat(_)
            | BlockKind::Seq
            | BlockKind::ChannelsLast
            | BlockKind::Shortcut
            | BlockKind::Branch => {
                self.sequence(b.first, b.first + b.len, depth + 1, b.input)?
                    .0
            }
        })
    }
}
