//! What can go wrong in a layer, as data: the argument at fault, the quantity that
//! overflowed, and the kind of error. Their messages are in `message`.

use crate::block_kind::BlockKind;
use crate::shape::{Axis, Interpolation, PerAxis, Shape};
use core::fmt;

/// Which written argument of a statement an error is about, so that the macro can put
/// the error on that token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Arg {
    /// The statement's keyword (`conv`, `pool`, ...).
    Keyword,
    /// The positional value: input dimensions, filters, units, or dropout's probability.
    Value,
    /// The kernel `kK`, or a pooling window.
    Kernel,
    /// The stride `sS`.
    Stride,
    /// The padding `pP` or `same`.
    Padding,
    /// The dilation `dD`.
    Dilation,
    /// The groups `gG` or `dw`.
    Groups,
    /// A transposed convolution's output padding `opO`.
    OutputPadding,
    /// An interpolation mode: `bilinear`.
    Mode,
    /// A normalization's `eps E`.
    Eps,
    /// BatchNorm's `momentum M`.
    Momentum,
}

/// A count or size that would pass `u64::MAX` (error E12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// The padded input or the dilated window of a sliding window.
    Window,
    /// The number of values in a tensor.
    Elements,
    /// A layer's parameter count.
    Params,
    /// A layer's multiply-accumulate count.
    Macs,
    /// The network's total of learnable parameters.
    TotalParams,
    /// The network's total of non-trainable values.
    TotalNonTrainable,
    /// The network's total of multiply-accumulates.
    TotalMacs,
    /// The network's total of activations.
    TotalActivations,
    /// A byte count for the element type.
    Bytes,
    /// The activations alive at once.
    Live,
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Quantity::Window => "the padded input or dilated window",
            Quantity::Elements => "the output size",
            Quantity::Params => "the parameter count",
            Quantity::Macs => "the multiply-accumulate count",
            Quantity::TotalParams => "the network's parameter count",
            Quantity::TotalNonTrainable => "the network's non-trainable count",
            Quantity::TotalMacs => "the network's multiply-accumulate count",
            Quantity::TotalActivations => "the network's activation count",
            Quantity::Bytes => "a byte count",
            Quantity::Live => "the count of activations alive at once",
        })
    }
}

/// What went wrong in one layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// E1: a network without statements.
    Empty,
    /// E1: the first statement is not `input`.
    MissingInput,
    /// E1: a second `input`.
    SecondInput,
    /// E5: a count, size, kernel, stride, dilation or group count of zero.
    Zero(Arg),
    /// E6: a window larger than its padded input along one axis.
    WindowTooLarge {
        /// The axis that does not fit.
        axis: Axis,
        /// The dilated window, `d*(k-1)+1`.
        window: u64,
        /// The padded input, `i+2p`.
        padded: u64,
        /// The input along that axis, `i`.
        input: u64,
        /// The padding along that axis, `p`.
        padding: u64,
        /// The dilation along that axis, `d`.
        dilation: u64,
    },
    /// E7: a layer that needs `CxHxW` got a flat vector.
    NeedsSpatial,
    /// E8: groups that do not divide the input or output channels.
    Groups {
        /// The group count `G`.
        groups: u64,
        /// The input channels.
        in_channels: u64,
        /// The output channels.
        out_channels: u64,
    },
    /// E8: `dw` with output channels that are not a multiple of the input channels.
    Depthwise {
        /// The input channels.
        in_channels: u64,
        /// The output channels.
        out_channels: u64,
    },
    /// E9: pooling padding over half the window.
    PoolPadding {
        /// The padding given.
        padding: PerAxis,
        /// The window.
        kernel: PerAxis,
    },
    /// E12: a count or size past `u64::MAX`.
    Overflow(Quantity),
    /// E13: a dropout probability outside `[0, 1)`.
    DropoutRange,
    /// E13: `eps` not above 0.
    EpsRange,
    /// E13: `momentum` outside `(0, 1]`.
    MomentumRange,
    /// E10: a residual body and its shortcut give different shapes.
    ShapeMismatch {
        /// What the body gives.
        body: Shape,
        /// What the shortcut gives (the block's input when it is the identity).
        shortcut: Shape,
        /// Whether a `shortcut { ... }` was written.
        explicit: bool,
    },
    /// E12: a `repeat` that expands past [`crate::MAX_LAYERS`] layers.
    TooManyLayers {
        /// The repeat count.
        count: u64,
        /// The layers of one pass through the body.
        per_pass: u64,
    },
    /// E12: a `repeat` whose passes and blocks pass [`crate::MAX_BLOCKS`].
    TooManyPasses {
        /// The repeat count.
        count: u64,
    },
    /// E12: a network written with more than [`crate::MAX_LAYERS`] layers, or
    /// [`crate::MAX_BLOCKS`] blocks; the error is on the first one past the limit.
    TooLong {
        /// Whether the blocks, not the layers, are too many.
        blocks: bool,
    },
    /// E17: a group count that does not divide the channels (`gn G`, `shuffle G`).
    ChannelGroups {
        /// The group count `G`.
        groups: u64,
        /// The channels.
        channels: u64,
    },
    /// E15: branches whose outputs a merge block cannot merge; [`crate::Error`]'s
    /// `branches` holds their shapes.
    Unmergeable {
        /// The merge block's kind.
        block: BlockKind,
        /// The branch (from 1) whose output first disagrees with the first branch's.
        branch: usize,
        /// How many branches there are.
        branches: usize,
    },
    /// E17: a `split` into a number of branches that does not divide the channels.
    SplitChannels {
        /// How many branches.
        branches: u64,
        /// The channels.
        channels: u64,
    },
    /// E17: a pixel shuffle whose factor squared does not divide the channels, or a
    /// pixel unshuffle whose factor does not divide a size.
    PixelFactor {
        /// The factor, `R`.
        factor: u64,
        /// What it must divide: the channels (shuffle) or a size (unshuffle).
        of: u64,
        /// Whether `of` is a spatial size (an unshuffle) rather than the channels.
        size: bool,
    },
    /// E19: a `from` whose path (the error's name) names nothing computed before it.
    FromUnknown,
    /// E19: a `from` where nothing may be read: not in the network's flow, nor first
    /// in a `branch` or a `head`.
    FromPlace,
    /// E19: a tensor computed and never read, not an output (the error's name is the
    /// layer or block that computed it).
    NeverRead,
    /// E19: more `from` statements, or more tensors they may name, than evaluation
    /// keeps track of ([`crate::MAX_FROMS`], [`crate::MAX_SOURCES`]).
    FromLimit,
    /// E18: a `head` whose body computes nothing from the tensor it reads (`head { }`,
    /// or a body of heads or empty blocks only): its output would be its input.
    EmptyHead,
    /// E18: a merge block without branches.
    NoBranches {
        /// The merge block's kind.
        block: BlockKind,
    },
    /// E16: a per-axis value with a count of numbers other than one or one per axis.
    AxisCount {
        /// Which value.
        arg: Arg,
        /// The value as written.
        value: PerAxis,
        /// How many numbers it gives.
        given: u8,
        /// How many axes the input has.
        rank: u8,
    },
    /// E5: Keras' `same` padding with a stride above 1 and a dilation above 1, which
    /// Keras refuses.
    SameStrideDilation {
        /// The stride.
        stride: PerAxis,
        /// The dilation.
        dilation: PerAxis,
    },
    /// E18: a transposed convolution's output padding that is not smaller than its
    /// stride or its dilation along some axis (PyTorch requires one of the two).
    OutputPadding {
        /// The output padding `opO`.
        output_padding: PerAxis,
        /// The stride.
        stride: PerAxis,
        /// The dilation.
        dilation: PerAxis,
    },
    /// E18: a transposed convolution whose output along one axis is below 1: its
    /// padding takes away `2p` from an unpadded output of `unpadded`.
    UpconvEmpty {
        /// The axis.
        axis: Axis,
        /// `(i-1)*s + d*(k-1) + op + 1`, the output without padding.
        unpadded: u64,
        /// The padding along that axis, `p`.
        padding: u64,
    },
    /// E16: an interpolation mode that does not fit the input's rank (`bilinear` on a
    /// 1-D signal).
    ModeRank {
        /// The mode.
        mode: Interpolation,
        /// The input's rank.
        rank: u8,
    },
    /// E16: a rank-specific layer (`conv1d`, `maxpool3d`) on an input of another
    /// rank.
    Rank {
        /// The rank its keyword insists on.
        wants: u8,
        /// The input's rank (0 for a flat vector).
        rank: u8,
    },
    /// E16: a layer inside `channelslast` that does not work on a channels-last
    /// tensor: only `ln`, `dense` and element-wise layers do.
    ChannelsLast,
    /// E16: `pad` with more pairs than the input has spatial axes.
    PadAxes {
        /// The pairs written.
        pairs: u8,
        /// The input's spatial rank.
        rank: u8,
    },
    /// E16: a `reflect`, `replicate` or `circular` pad that does not give one pair per
    /// spatial axis, as PyTorch requires.
    PadMode {
        /// The mode.
        mode: crate::kind::PadMode,
        /// The pairs written.
        pairs: u8,
        /// The input's spatial rank.
        rank: u8,
    },
    /// E6: a reflection of at least the size along its axis, or a circular pad of more.
    PadTooWide {
        /// The mode.
        mode: crate::kind::PadMode,
        /// The axis.
        axis: crate::shape::Axis,
        /// The padding at fault.
        pad: i64,
        /// The input's size along the axis.
        size: u64,
    },
    /// E5: an axis cropped to nothing by negative padding.
    PadCrop {
        /// The axis.
        axis: crate::shape::Axis,
        /// The input's size along it.
        size: u64,
        /// The padding before it.
        before: i64,
        /// The padding after it.
        after: i64,
    },
    /// Blocks nested deeper than [`crate::MAX_DEPTH`].
    TooDeep,
    /// E12: levels of paths (named blocks and `seq`s) nested past
    /// [`crate::MAX_SEGMENTS`].
    PathTooDeep,
}

impl ErrorKind {
    /// The argument whose token the error belongs on.
    pub const fn arg(&self) -> Arg {
        match *self {
            ErrorKind::Zero(arg) => arg,
            ErrorKind::WindowTooLarge { .. } => Arg::Kernel,
            ErrorKind::Groups { .. } | ErrorKind::Depthwise { .. } => Arg::Groups,
            ErrorKind::PoolPadding { .. } => Arg::Padding,
            ErrorKind::EpsRange => Arg::Eps,
            ErrorKind::MomentumRange => Arg::Momentum,
            ErrorKind::DropoutRange
            | ErrorKind::TooManyLayers { .. }
            | ErrorKind::TooManyPasses { .. } => Arg::Value,
            ErrorKind::SameStrideDilation { .. } => Arg::Padding,
            ErrorKind::OutputPadding { .. } => Arg::OutputPadding,
            ErrorKind::UpconvEmpty { .. } => Arg::Padding,
            ErrorKind::ModeRank { .. } => Arg::Mode,
            ErrorKind::Rank { .. } | ErrorKind::ChannelsLast => Arg::Keyword,
            ErrorKind::PadAxes { .. }
            | ErrorKind::PadTooWide { .. }
            | ErrorKind::PadCrop { .. } => Arg::Value,
            ErrorKind::PadMode { .. } => Arg::Mode,
            ErrorKind::AxisCount { arg, .. } => arg,
            ErrorKind::ChannelGroups { .. }
            | ErrorKind::PixelFactor { .. }
            | ErrorKind::FromUnknown => Arg::Value,
            ErrorKind::Unmergeable { .. }
            | ErrorKind::SplitChannels { .. }
            | ErrorKind::NoBranches { .. }
            | ErrorKind::EmptyHead
            | ErrorKind::FromPlace
            | ErrorKind::NeverRead
            | ErrorKind::FromLimit => Arg::Keyword,
            ErrorKind::Empty
            | ErrorKind::ShapeMismatch { .. }
            | ErrorKind::TooDeep
            | ErrorKind::PathTooDeep
            | ErrorKind::TooLong { .. }
            | ErrorKind::MissingInput
            | ErrorKind::SecondInput
            | ErrorKind::NeedsSpatial
            | ErrorKind::Overflow(_) => Arg::Keyword,
        }
    }
}
