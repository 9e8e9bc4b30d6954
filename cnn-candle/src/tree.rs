//! A network's structure as a tree, rebuilt from the flat `LAYERS` and `BLOCKS` tables:
//! which layers run in sequence, and which blocks run branches and merge them.

use cnn::{Block, BlockKind};

/// One step of a sequence: a layer (by index in `LAYERS`) or a block.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Item {
    /// The layer at this index.
    Layer(usize),
    /// A `residual`: the body's output plus the shortcut's (the input when `None`),
    /// summed by the `add` layer at `sum`.
    Residual {
        body: Vec<Item>,
        shortcut: Option<Vec<Item>>,
        sum: usize,
    },
    /// A merge block: its branches on the block's input (on channel groups for
    /// `split`), merged by the layer at `merge`.
    Merge {
        kind: BlockKind,
        branches: Vec<Vec<Item>>,
        merge: usize,
    },
}

/// A block and the blocks directly inside it.
struct Node {
    kind: BlockKind,
    first: usize,
    len: usize,
    depth: u32,
    children: Vec<Node>,
}

impl Node {
    fn end(&self) -> usize {
        self.first + self.len
    }

    /// Whether `other` lies inside this block.
    fn holds(&self, other: &Node) -> bool {
        self.depth < other.depth && self.first <= other.first && other.end() <= self.end()
    }
}

/// The sequence of `count` layers with `blocks` (outer first, by first layer, as
/// `BLOCKS` lists them).
pub(crate) fn build<N>(count: usize, blocks: &[Block<N>]) -> Vec<Item> {
    let mut roots: Vec<Node> = Vec::new();
    let mut open: Vec<Node> = Vec::new();
    for b in blocks {
        let node = Node {
            kind: b.kind,
            first: b.first,
            len: b.len,
            depth: b.depth,
            children: Vec::new(),
        };
        // Close the blocks that do not hold this one.
        while let Some(top) = open.pop() {
            if top.holds(&node) {
                open.push(top);
                break;
            }
            adopt(&mut open, &mut roots, top);
        }
        open.push(node);
    }
    while let Some(top) = open.pop() {
        adopt(&mut open, &mut roots, top);
    }
    sequence(0, count, roots)
}

/// A closed block goes to its parent, or to the top level.
fn adopt(open: &mut [Node], roots: &mut Vec<Node>, node: Node) {
    match open.last_mut() {
        Some(parent) => parent.children.push(node),
        None => roots.push(node),
    }
}

/// Layers `first..end`, with the blocks in `children` in their places.
fn sequence(first: usize, end: usize, children: Vec<Node>) -> Vec<Item> {
    let mut items = Vec::new();
    let mut at = first;
    for child in children {
        items.extend((at..child.first).map(Item::Layer));
        at = child.end();
        items.extend(block(child));
    }
    items.extend((at..end).map(Item::Layer));
    items
}

/// A block as the items it runs: one residual or merge, or a repeat's passes in
/// sequence.
fn block(node: Node) -> Vec<Item> {
    // The merge layer (`add`, `cat`, `mul`) ends the block.
    let last = node.end().saturating_sub(1);
    match node.kind {
        BlockKind::Residual => {
            let (shortcut, body): (Vec<Node>, Vec<Node>) = node
                .children
                .into_iter()
                .partition(|c| c.kind == BlockKind::Shortcut);
            let shortcut = shortcut.into_iter().next();
            let body_end = shortcut.as_ref().map_or(last, |s| s.first);
            vec![Item::Residual {
                body: sequence(node.first, body_end, body),
                shortcut: shortcut.map(|s| sequence(s.first, s.end(), s.children)),
                sum: last,
            }]
        }
        BlockKind::Concat
        | BlockKind::Add
        | BlockKind::Mul
        | BlockKind::Scale
        | BlockKind::Split => vec![Item::Merge {
            kind: node.kind,
            branches: node
                .children
                .into_iter()
                .map(|b| sequence(b.first, b.end(), b.children))
                .collect(),
            merge: last,
        }],
        // A repeat's passes, and a shortcut or branch outside its block (which does
        // not occur), run in sequence.
        BlockKind::Repeat(_) | BlockKind::Shortcut | BlockKind::Branch => {
            sequence(node.first, node.end(), node.children)
        }
    }
}
