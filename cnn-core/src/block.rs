//! A network as a list of nodes, its blocks, and the limits on what it expands to.

use crate::kind::Kind;
use crate::shape::Shape;

/// The most layers a network may expand to (`repeat` included): far beyond any real
/// CNN, and a bound on the macro's work.
pub const MAX_LAYERS: u64 = 100_000;

/// The most blocks, each pass through a `repeat` body counted as one, a network may
/// expand to: with [`MAX_LAYERS`], a bound on the work even of empty bodies
/// (`repeat 1000000000 { }`). Both are counted before any work proportional to them.
pub const MAX_BLOCKS: u64 = 100_000;

/// How deep blocks may nest.
pub const MAX_DEPTH: u32 = 32;

/// What a statement of the network does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// One layer.
    Layer(Kind),
    /// `residual { body } [shortcut { ... }]`: the `body` nodes that follow this one,
    /// then the `shortcut` nodes (identity when `None`), then their sum.
    Residual {
        /// How many of the following nodes are the body, nested ones included.
        body: usize,
        /// How many nodes after the body are the shortcut.
        shortcut: Option<usize>,
    },
    /// `repeat count { body }`: the `body` nodes that follow, `count` times.
    Repeat {
        /// How many times.
        count: u64,
        /// How many of the following nodes are the body, nested ones included.
        body: usize,
    },
    /// A statement the caller could not read: it takes a layer's place, makes the
    /// shape after it unknown, and is named after `Kind` when that is known.
    Unread(Option<Kind>),
}

/// One statement of a network as handed to [`crate::evaluate`]: a written name, if any, and
/// what it does. Blocks are followed by their bodies, so a network is a flat list in
/// the order it is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node<'a> {
    /// The name written before the statement, if any.
    pub name: Option<&'a str>,
    /// What the statement does.
    pub op: Op,
}

impl<'a> Node<'a> {
    /// An unnamed layer.
    pub const fn layer(kind: Kind) -> Node<'a> {
        Node {
            name: None,
            op: Op::Layer(kind),
        }
    }

    /// How many nodes this one spans: itself and its blocks' bodies.
    pub(crate) const fn span(&self) -> usize {
        match self.op {
            Op::Residual { body, shortcut } => {
                let short = match shortcut {
                    Some(s) => s,
                    None => 0,
                };
                body.saturating_add(short).saturating_add(1)
            }
            Op::Repeat { body, .. } => body.saturating_add(1),
            Op::Layer(_) | Op::Unread(_) => 1,
        }
    }
}

/// The kinds of block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// `residual { ... }`: the body, any shortcut, and the `add` layer.
    Residual,
    /// `shortcut { ... }`, inside its residual block.
    Shortcut,
    /// `repeat N { ... }`: the body N times.
    Repeat(u64),
}

/// A block of layers: where it is in the flat list and what it holds in total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block<N = &'static str> {
    /// The block's name: written, or numbered per kind (`residual1`, `repeat1`).
    pub name: N,
    /// What kind of block.
    pub kind: BlockKind,
    /// How deep it is nested: 0 at the top level.
    pub depth: u32,
    /// The index of its first layer.
    pub first: usize,
    /// How many layers it holds, nested ones included.
    pub len: usize,
    /// The shape it receives.
    pub input: Shape,
    /// The shape it gives.
    pub output: Shape,
    /// Its layers' learnable parameters.
    pub params: u64,
    /// Its layers' non-trainable values.
    pub non_trainable: u64,
    /// Its layers' multiply-accumulates.
    pub macs: u64,
}

impl<N> Block<N> {
    /// The same block with its name turned into another type, such as a `String`.
    pub fn map_name<M>(self, f: impl FnOnce(N) -> M) -> Block<M> {
        Block {
            name: f(self.name),
            kind: self.kind,
            depth: self.depth,
            first: self.first,
            len: self.len,
            input: self.input,
            output: self.output,
            params: self.params,
            non_trainable: self.non_trainable,
            macs: self.macs,
        }
    }
}
