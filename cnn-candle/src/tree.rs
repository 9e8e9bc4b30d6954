//! A network's structure as a tree, read from the flat `LAYERS` and `BLOCKS` tables
//! through `cnn::Graph` (the same reading the pictures use): which layers run in
//! sequence, and which blocks run branches and merge them.

use cnn::{Block, BlockKind, Graph, Layer};
use std::fmt::Display;

/// One step of a sequence: a layer (by index in `LAYERS`) or a block. A block's merge
/// layer (its last, `add`, `cat` or `mul`) is the block's own step.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Item {
    /// The layer at this index.
    Layer(usize),
    /// A `residual`: the body's output plus the shortcut's (the input when `None`).
    Residual {
        body: Vec<Item>,
        shortcut: Option<Vec<Item>>,
    },
    /// A merge block: its branches on the block's input (on channel groups for
    /// `split`), merged.
    Merge {
        kind: BlockKind,
        branches: Vec<Vec<Item>>,
    },
}

/// The network of `layers` and `blocks` (as `LAYERS` and `BLOCKS` hold them).
pub(crate) fn build<N: Display>(layers: &[Layer<N>], blocks: &[Block<N>]) -> Vec<Item> {
    sequence(&Graph::new(layers, blocks), 0, layers.len(), 0)
}

/// Layers `first..end` at nesting `depth`, blocks in their places.
fn sequence<N: Display>(g: &Graph<'_, N>, first: usize, end: usize, depth: u32) -> Vec<Item> {
    let mut items = Vec::new();
    let mut at = first;
    while at < end {
        match g.block_at(at, depth) {
            Some(b) => {
                items.extend(block(g, b));
                at = b.first + b.len;
            }
            None => {
                items.push(Item::Layer(at));
                at += 1;
            }
        }
    }
    items
}

/// A block as the items it runs: one residual or merge, or a repeat's passes in
/// sequence.
fn block<'a, N: Display>(g: &Graph<'a, N>, b: &'a Block<N>) -> Vec<Item> {
    let (last, depth) = (b.first + b.len - 1, b.depth);
    let part = |p: &Block<N>| sequence(g, p.first, p.first + p.len, depth + 2);
    match b.kind {
        BlockKind::Residual => {
            let shortcut = g.parts(b).next();
            vec![Item::Residual {
                body: sequence(g, b.first, shortcut.map_or(last, |s| s.first), depth + 1),
                shortcut: shortcut.map(part),
            }]
        }
        BlockKind::Concat
        | BlockKind::Add
        | BlockKind::Mul
        | BlockKind::Scale
        | BlockKind::Split => vec![Item::Merge {
            kind: b.kind,
            branches: g.parts(b).map(part).collect(),
        }],
        // A repeat's passes, and a shortcut or branch outside its block (which does
        // not occur), run in sequence.
        BlockKind::Repeat(_) | BlockKind::Shortcut | BlockKind::Branch => {
            sequence(g, b.first, b.first + b.len, depth + 1)
        }
    }
}
