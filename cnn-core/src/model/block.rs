//! A network as a list of nodes, its blocks, and the limits on what it expands to.

pub use crate::block_kind::BlockKind;
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

/// The most `from` statements a network may hold. Evaluation keeps, without an
/// allocator, the last segment of each one's path, and the tensors they may name.
pub const MAX_FROMS: usize = 64;

/// The most tensors that a network's `from` statements may name: those computed under
/// a name whose last segment is one a `from` writes (each pass of a `repeat` counted).
pub const MAX_SOURCES: usize = 128;

/// What a statement of the network does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op<'a> {
    /// One layer.
    Layer(Kind),
    /// A block of `kind`: the `len` nodes after this one are its parts, each an
    /// [`Op::Part`] node followed by the part's nodes. A `residual` has its body and,
    /// when written, its shortcut (the identity otherwise); a `repeat` has its body.
    /// Every block kind is encoded so, whatever its number of parts.
    Block {
        /// What kind of block.
        kind: BlockKind,
        /// How many nodes follow in the block, its parts' nodes included.
        len: usize,
    },
    /// One part of the block it is in: the `len` nodes after this one.
    Part {
        /// How many nodes follow in the part, nested ones included.
        len: usize,
    },
    /// A statement the caller could not read: it takes a layer's place, makes the
    /// shape after it unknown, and is named after `Kind` when that is known.
    Unread(Option<Kind>),
    /// `from PATH` (§13): the flow goes on from the output of the statement `PATH`
    /// names, computed earlier: a dotted path is absolute, one segment is looked up
    /// from the innermost level outwards. Evaluated, it is a layer of
    /// [`Kind::From`], which a list may also hold already resolved.
    From(&'a str),
}

/// One statement of a network as handed to [`crate::evaluate`]: a written name, if any, and
/// what it does. Blocks are followed by their bodies, so a network is a flat list in
/// the order it is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node<'a> {
    /// The name written before the statement, if any.
    pub name: Option<&'a str>,
    /// What the statement does.
    pub op: Op<'a>,
}

impl<'a> Node<'a> {
    /// An unnamed layer.
    pub const fn layer(kind: Kind) -> Node<'a> {
        Node {
            name: None,
            op: Op::Layer(kind),
        }
    }

    /// A block of `kind` spanning the `len` nodes after it.
    pub const fn block(kind: BlockKind, len: usize) -> Node<'a> {
        Node {
            name: None,
            op: Op::Block { kind, len },
        }
    }

    /// A part of a block spanning the `len` nodes after it.
    pub const fn part(len: usize) -> Node<'a> {
        Node {
            name: None,
            op: Op::Part { len },
        }
    }

    /// How many nodes this one spans: itself and, for a block or a part, its nodes.
    pub(crate) const fn span(&self) -> usize {
        match self.op {
            Op::Block { len, .. } | Op::Part { len } => len.saturating_add(1),
            Op::Layer(_) | Op::Unread(_) | Op::From(_) => 1,
        }
    }
}

/// The parts of the block at node `id`, within the list's first `end` nodes: for each,
/// the range of its nodes. The one place the block encoding is read; a node in a block
/// that is not a part is skipped.
pub(crate) fn parts<'n>(
    nodes: &'n [Node<'n>],
    id: usize,
    end: usize,
) -> impl Iterator<Item = (usize, usize)> + 'n {
    let len = match nodes.get(id).map(|n| n.op) {
        Some(Op::Block { len, .. }) => len,
        _ => 0,
    };
    let block_end = id.saturating_add(1).saturating_add(len).min(end);
    let mut at = id.saturating_add(1);
    core::iter::from_fn(move || {
        while at < block_end {
            let node = nodes[at];
            let next = at.saturating_add(node.span()).min(block_end);
            let start = at.saturating_add(1);
            at = next;
            if let Op::Part { .. } = node.op {
                return Some((start, next));
            }
        }
        None
    })
}

/// A block of layers: where it is in the flat list and what it holds in total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block<N = &'static str> {
    /// The block's name: for a level, its path (`layer1.0`); for a transparent
    /// block, its default name, numbered per kind (`residual1`, `repeat1`).
    pub name: N,
    /// Whether it is a level of the paths (§12): a `seq` or a named block, one PyTorch
    /// module, whose statements' paths start with its own. A transparent block's
    /// statements belong to the level around it.
    pub level: bool,
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
            level: self.level,
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
