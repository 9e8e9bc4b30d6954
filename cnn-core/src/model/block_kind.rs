//! The kinds of block, below everything that names them.

/// The kinds of block. A `residual`'s second part is reported as a block of its own,
/// a [`BlockKind::Shortcut`]; as a node's kind, a shortcut reads as a residual.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// `residual { ... }`: the body, any shortcut, and the `add` layer.
    Residual,
    /// `shortcut { ... }`, inside its residual block.
    Shortcut,
    /// `repeat N { ... }`: the body N times.
    Repeat(u64),
    /// `seq { ... }`: its body in order, as `nn.Sequential` or a module of its own
    /// runs it; always a level of the paths (§12), never a merge.
    Seq,
    /// `channelslast { ... }`: its body on channels-last tensors, between ConvNeXt's
    /// two `Permute`s (which take a position each in paths): `ln` normalizes the last
    /// axis and `dense` is `nn.Linear` at every position ([`crate::Kind::Linear`]).
    /// Shapes are written channels first throughout, as outside.
    ChannelsLast,
    /// `head { ... }`: its body on the current tensor, its result an output of the
    /// network; the flow goes on from the tensor the head read.
    Head,
    /// `concat { branch { ... } ... }`: every branch on the block's input, their outputs
    /// concatenated along the channels (the features of flat vectors); a `cat` layer.
    Concat,
    /// `add { branch { ... } ... }`: every branch on the input, their outputs summed; an
    /// `add` layer.
    Add,
    /// `mul { branch { ... } ... }`: every branch on the input, their outputs multiplied
    /// element-wise, a `Cx1x1` output broadcast over a `CxHxW` one; a `mul` layer.
    Mul,
    /// `scale { ... }`: the input multiplied by the body's output (squeeze-and-excitation),
    /// as `mul { branch { } branch { ... } }`; its one part is the body.
    Scale,
    /// `split { branch { ... } ... }`: the input's channels cut into one equal group per
    /// branch (`torch.chunk`), branch `i` on group `i`, the outputs concatenated.
    Split,
    /// One branch of a merge block; an empty one is the identity.
    Branch,
}

impl BlockKind {
    /// Whether it merges branches: `concat`, `add`, `mul`, `scale`, `split`.
    pub const fn merges(self) -> bool {
        match self {
            BlockKind::Concat
            | BlockKind::Add
            | BlockKind::Mul
            | BlockKind::Scale
            | BlockKind::Split => true,
            BlockKind::Residual
            | BlockKind::Shortcut
            | BlockKind::Repeat(_)
            | BlockKind::Seq
            | BlockKind::ChannelsLast
            | BlockKind::Head
            | BlockKind::Branch => false,
        }
    }
}
