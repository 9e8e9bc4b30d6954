//! The typed errors of evaluation, and their messages.

use crate::eval::{Context, Name};
use crate::layer::Kind;
use crate::shape::{largest_window, Axis, Pair, Shape};
use crate::summary::Grouped;
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
        padding: Pair,
        /// The window.
        kernel: Pair,
    },
    /// E12: a count or size past `u64::MAX`.
    Overflow(Quantity),
    /// E13: a dropout probability outside `[0, 1)`.
    DropoutRange,
    /// E10: a residual body and its shortcut give different shapes.
    ShapeMismatch {
        /// What the body gives.
        body: Shape,
        /// What the shortcut gives (the block's input when it is the identity).
        shortcut: Shape,
        /// Whether a `shortcut { ... }` was written.
        explicit: bool,
    },
    /// E13: `repeat 0`.
    RepeatZero,
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
    /// E5: Keras' `same` padding with a stride above 1 and a dilation above 1, which
    /// Keras refuses.
    SameStrideDilation {
        /// The stride.
        stride: Pair,
        /// The dilation.
        dilation: Pair,
    },
    /// Blocks nested deeper than [`crate::MAX_DEPTH`].
    TooDeep,
}

impl ErrorKind {
    /// The argument whose token the error belongs on.
    pub const fn arg(&self) -> Arg {
        match *self {
            ErrorKind::Zero(arg) => arg,
            ErrorKind::WindowTooLarge { .. } => Arg::Kernel,
            ErrorKind::Groups { .. } | ErrorKind::Depthwise { .. } => Arg::Groups,
            ErrorKind::PoolPadding { .. } => Arg::Padding,
            ErrorKind::DropoutRange
            | ErrorKind::RepeatZero
            | ErrorKind::TooManyLayers { .. }
            | ErrorKind::TooManyPasses { .. } => Arg::Value,
            ErrorKind::SameStrideDilation { .. } => Arg::Padding,
            ErrorKind::Empty
            | ErrorKind::ShapeMismatch { .. }
            | ErrorKind::TooDeep
            | ErrorKind::TooLong { .. }
            | ErrorKind::MissingInput
            | ErrorKind::SecondInput
            | ErrorKind::NeedsSpatial
            | ErrorKind::Overflow(_) => Arg::Keyword,
        }
    }
}

/// An evaluation error: which layer, with what input, and what went wrong.
///
/// Its `Display` is the whole message, in rustc's style:
/// `kernel 5 does not fit the input height 3 in conv2d3 (layer 5, input is 32x3x3)`;
/// [`Error::help`] gives the fix where one is clear.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Error<'a> {
    /// The caller's id of the statement at fault (its position in the slice given to
    /// [`crate::evaluate`]).
    pub id: usize,
    /// The layer's position in the network, `input` being 0.
    pub index: usize,
    /// The layer's name.
    pub name: Name<'a>,
    /// The layer's kind, as written; `None` for a block.
    pub layer: Option<Kind>,
    /// The shape the layer receives; `None` when there is none yet.
    pub input: Option<Shape>,
    /// What went wrong.
    pub kind: ErrorKind,
    /// For a residual whose shapes differ (E10): the layers that gave the body's and
    /// the shortcut's outputs their shapes (the last of each branch to change the
    /// shape), with their indices; `None` where a branch keeps its input's shape.
    pub shaped_by: [Option<(Name<'a>, usize)>; 2],
}

impl<'a> Error<'a> {
    /// Where the error is: `in conv2d3 (layer 5, input is 32x3x3)`.
    pub fn context(&self) -> Context<'_, 'a> {
        Context {
            name: Some(&self.name),
            index: self.index,
            input: self.input,
        }
    }

    /// How to fix the error, where the fix is clear.
    pub fn help(&self) -> Option<Help<'_>> {
        let has = match self.kind {
            ErrorKind::Empty
            | ErrorKind::MissingInput
            | ErrorKind::SecondInput
            | ErrorKind::NeedsSpatial
            | ErrorKind::Groups { .. }
            | ErrorKind::Depthwise { .. }
            | ErrorKind::PoolPadding { .. }
            | ErrorKind::WindowTooLarge { .. }
            | ErrorKind::DropoutRange
            | ErrorKind::ShapeMismatch { .. }
            | ErrorKind::SameStrideDilation { .. }
            | ErrorKind::TooManyLayers { .. }
            | ErrorKind::TooManyPasses { .. }
            | ErrorKind::TooLong { .. }
            | ErrorKind::RepeatZero => true,
            ErrorKind::Zero(_) | ErrorKind::Overflow(_) | ErrorKind::TooDeep => false,
        };
        has.then_some(Help(self))
    }
}

impl fmt::Display for Error<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.layer {
            Some(Kind::Conv2d(_)) => "kernel",
            _ => "window",
        };
        match self.kind {
            ErrorKind::Empty => {
                return f.write_str("a network starts with `input`, and this one is empty")
            }
            ErrorKind::MissingInput => {
                return match self.layer {
                    Some(kind) => {
                        write!(f, "a network starts with `input`, not `{}`", kind.prefix())
                    }
                    None => f.write_str("a network starts with `input`, not a block"),
                };
            }
            ErrorKind::SecondInput => f.write_str("unexpected second `input`")?,
            ErrorKind::Zero(arg) => write!(f, "{} must be at least 1", ArgName(arg, self.layer))?,
            ErrorKind::ShapeMismatch {
                body,
                shortcut,
                explicit,
            } => {
                let which = if explicit {
                    "the shortcut"
                } else {
                    "the identity shortcut"
                };
                write!(f, "the residual body gives {body}")?;
                if let Some((name, index)) = self.shaped_by[0] {
                    write!(f, " (from {name}, layer {index})")?;
                }
                write!(f, " but {which} gives {shortcut}")?;
                if let Some((name, index)) = self.shaped_by[1] {
                    write!(f, " (from {name}, layer {index})")?;
                }
            }
            ErrorKind::RepeatZero => f.write_str("a repeat count must be at least 1")?,
            ErrorKind::TooManyLayers { count, per_pass } => write!(
                f,
                "repeating a body of {} layer{} {} times makes the network longer than {} layers",
                Grouped(per_pass),
                if per_pass == 1 { "" } else { "s" },
                Grouped(count),
                Grouped(crate::eval::MAX_LAYERS)
            )?,
            ErrorKind::TooManyPasses { count } => write!(
                f,
                "repeating a body {} times makes the network's blocks and passes more than {}",
                Grouped(count),
                Grouped(crate::eval::MAX_BLOCKS)
            )?,
            ErrorKind::TooLong { blocks: false } => write!(
                f,
                "the network has more than {} layers",
                Grouped(crate::eval::MAX_LAYERS)
            )?,
            ErrorKind::TooLong { blocks: true } => write!(
                f,
                "the network has more than {} blocks and passes",
                Grouped(crate::eval::MAX_BLOCKS)
            )?,
            ErrorKind::SameStrideDilation { stride, dilation } => write!(
                f,
                "`same` padding with stride {stride} and dilation {dilation}: Keras refuses \
                 strides above 1 together with dilations above 1"
            )?,
            ErrorKind::TooDeep => write!(f, "blocks nest deeper than {}", crate::eval::MAX_DEPTH)?,
            ErrorKind::WindowTooLarge {
                axis,
                window,
                padded,
                input,
                padding,
                dilation,
            } => {
                let k = self.layer.and_then(kernel).unwrap_or(Pair::square(0));
                let axis_name = match axis {
                    Axis::Height => "height",
                    Axis::Width => "width",
                };
                write!(f, "{what} {k} does not fit the input {axis_name} {input}")?;
                if padding > 0 {
                    write!(f, " padded to {padded}")?;
                }
                if dilation > 1 {
                    write!(f, " (dilated to {window})")?;
                }
            }
            ErrorKind::NeedsSpatial => {
                let noun = match self.layer {
                    Some(Kind::Conv2d(_)) => "a convolution",
                    Some(Kind::MaxPool2d(_)) => "max pooling",
                    Some(Kind::AvgPool2d(_)) => "average pooling",
                    _ => "global average pooling",
                };
                write!(f, "{noun} needs a CxHxW input, not a flat vector")?
            }
            ErrorKind::Groups {
                groups,
                in_channels,
                out_channels,
            } => write!(
                f,
                "groups {groups} must divide both the {in_channels} input and the \
                 {out_channels} output channels"
            )?,
            ErrorKind::Depthwise {
                in_channels,
                out_channels,
            } => write!(
                f,
                "`dw` needs output channels that are a multiple of the {in_channels} input \
                 channels, not {out_channels}"
            )?,
            ErrorKind::PoolPadding { padding, kernel } => {
                write!(f, "padding {padding} is more than half the window {kernel}")?
            }
            ErrorKind::Overflow(q) => write!(f, "{q} overflows u64")?,
            ErrorKind::DropoutRange => {
                let p = match self.layer {
                    Some(Kind::Dropout(d)) => d.p,
                    _ => f64::NAN,
                };
                write!(f, "dropout probability {p} is outside [0, 1)")?
            }
        }
        write!(f, " {}", self.context())
    }
}

/// The kernel or window of a layer that has one.
const fn kernel(kind: Kind) -> Option<Pair> {
    match kind {
        Kind::Conv2d(c) => Some(c.kernel),
        Kind::MaxPool2d(p) | Kind::AvgPool2d(p) => Some(p.kernel),
        _ => None,
    }
}

/// What an [`Arg`] is called in a message about a given kind of layer.
struct ArgName(Arg, Option<Kind>);

impl fmt::Display for ArgName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match (self.0, self.1) {
            (Arg::Value, Some(Kind::Input(_))) => "every input dimension",
            (Arg::Value, Some(Kind::Conv2d(_))) => "the number of filters",
            (Arg::Value, Some(Kind::Dense(_))) => "the number of units",
            (Arg::Value, _) => "the value",
            (Arg::Kernel, Some(Kind::Conv2d(_))) => "the kernel",
            (Arg::Kernel, _) => "the window",
            (Arg::Stride, _) => "the stride",
            (Arg::Padding, _) => "the padding",
            (Arg::Dilation, _) => "the dilation",
            (Arg::Groups, _) => "the group count",
            (Arg::Keyword, _) => "the layer",
        })
    }
}

/// The divisor of `n` nearest to `target` (the smaller on a tie), looking a bounded
/// distance either way; `n` itself past that.
fn nearest_divisor(n: u64, target: u64) -> u64 {
    for step in 0..4096u64 {
        if let Some(d) = target
            .checked_sub(step)
            .filter(|&d| d > 0 && n.is_multiple_of(d))
        {
            return d;
        }
        if let Some(d) = target
            .checked_add(step)
            .filter(|&d| d <= n && n.is_multiple_of(d))
        {
            return d;
        }
    }
    n
}

/// The fix for an [`Error`]; see [`Error::help`].
#[derive(Clone, Copy, Debug)]
pub struct Help<'e>(&'e Error<'e>);

const fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl fmt::Display for Help<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        match e.kind {
            ErrorKind::Empty | ErrorKind::MissingInput => {
                f.write_str("begin with the input's shape, e.g. `input 1x28x28;`")
            }
            ErrorKind::ShapeMismatch { body, explicit, .. } => {
                shortcut_help(f, e.input, body, explicit)
            }
            ErrorKind::RepeatZero => f.write_str("repeat the block once or more, or remove it"),
            ErrorKind::SecondInput => f.write_str(
                "a network has one `input`, its first statement; a second network needs a `cnn!` of its own",
            ),
            ErrorKind::NeedsSpatial => f.write_str(
                "spatial layers go before `flatten` and the first `dense`; a flat input \
                 takes only `dense`, `bn`, activations and `dropout`",
            ),
            ErrorKind::Groups {
                in_channels,
                out_channels,
                groups,
            } => match gcd(in_channels, out_channels) {
                1 => write!(
                    f,
                    "{in_channels} and {out_channels} have no common divisor: remove the groups"
                ),
                common => write!(
                    f,
                    "use a group count that divides both, such as g{}",
                    nearest_divisor(common, groups)
                ),
            },
            ErrorKind::Depthwise { in_channels, .. } => write!(
                f,
                "use {in_channels} output channels, or a multiple such as {}",
                in_channels.saturating_mul(2)
            ),
            ErrorKind::PoolPadding { kernel, .. } => {
                write!(
                    f,
                    "use a padding of at most {}",
                    Pair::new(kernel.h / 2, kernel.w / 2)
                )
            }
            ErrorKind::WindowTooLarge {
                axis,
                window,
                padded,
                input,
                dilation,
                ..
            } => {
                let what = match (e.layer.and_then(kernel), axis) {
                    (Some(k), _) if k.h == k.w => "",
                    (_, Axis::Height) => " height",
                    (_, Axis::Width) => " width",
                };
                let Some(Kind::Conv2d(conv)) = e.layer else {
                    // Pooling: a ceil-mode window may pass the padded input by s - 1.
                    let (s, ceil) = match e.layer {
                        Some(Kind::MaxPool2d(p) | Kind::AvgPool2d(p)) => (
                            match axis {
                                Axis::Height => p.stride.h,
                                Axis::Width => p.stride.w,
                            },
                            p.ceil,
                        ),
                        _ => (1, false),
                    };
                    let fits = largest_window(padded, s, ceil);
                    return write!(f, "use a window{what} of at most {fits}, or remove the pooling");
                };
                // The largest k with d*(k-1)+1 <= padded.
                let fits = (padded - 1) / dilation + 1;
                // With stride 1 and an even dilated span, padding of half the span keeps
                // the size; otherwise suggest the least padding that fits.
                let (k, d) = (conv.kernel, conv.dilation);
                let keep = match (
                    d.h.checked_mul(k.h.saturating_sub(1)),
                    d.w.checked_mul(k.w.saturating_sub(1)),
                ) {
                    (Some(h), Some(w))
                        if conv.stride == Pair::square(1)
                            && h.is_multiple_of(2)
                            && w.is_multiple_of(2) =>
                    {
                        Some(Pair::new(h / 2, w / 2))
                    }
                    _ => None,
                };
                let verb = if padded > input { "use" } else { "add" };
                match (e.input, keep) {
                    (Some(Shape::Spatial { height, width, .. }), Some(keep)) => write!(
                        f,
                        "{verb} padding p{keep} to keep {height}x{width}, or use a kernel{what} of at most {fits}"
                    ),
                    _ => write!(
                        f,
                        "{verb} padding p{}, or use a kernel{what} of at most {fits}",
                        (window - input).div_ceil(2)
                    ),
                }
            }
            ErrorKind::DropoutRange => {
                f.write_str("dropout takes the probability of zeroing a value, such as 0.5")
            }
            ErrorKind::SameStrideDilation { .. } => f.write_str(
                "write the padding out (`pP`), as PyTorch does, or use stride 1 or dilation 1",
            ),
            ErrorKind::TooManyLayers { .. } | ErrorKind::TooManyPasses { .. } => write!(
                f,
                "a network expands to at most {} layers and {} blocks and passes of `repeat` bodies",
                Grouped(crate::eval::MAX_LAYERS),
                Grouped(crate::eval::MAX_BLOCKS)
            ),
            ErrorKind::TooLong { .. } => write!(
                f,
                "a network expands to at most {} layers and {} blocks and passes of `repeat` bodies; \
                 the rest is not checked",
                Grouped(crate::eval::MAX_LAYERS),
                Grouped(crate::eval::MAX_BLOCKS)
            ),
            ErrorKind::Zero(_) | ErrorKind::Overflow(_) | ErrorKind::TooDeep => Ok(()),
        }
    }
}

/// E10's fix: the projection that makes the shortcut give what the body gives, as
/// torchvision's ResNets do (a 1x1 convolution with stride, then BatchNorm).
fn shortcut_help(
    f: &mut fmt::Formatter<'_>,
    input: Option<Shape>,
    body: Shape,
    explicit: bool,
) -> fmt::Result {
    let fix = if explicit {
        "make the shortcut"
    } else {
        "add after the block"
    };
    match (input, body) {
        (
            Some(Shape::Spatial { height: ih, width: iw, .. }),
            Shape::Spatial { channels, height: oh, width: ow },
        ) => {
            // A 1x1 convolution with stride s gives floor((i - 1) / s) + 1.
            let stride = |i: u64, o: u64| {
                let s = i.div_ceil(o);
                ((i - 1) / s + 1 == o).then_some(s)
            };
            match (stride(ih, oh), stride(iw, ow)) {
                (Some(1), Some(1)) => write!(f, "{fix} `shortcut {{ conv {channels} k1 nobias; bn }}`"),
                (Some(sh), Some(sw)) => write!(
                    f,
                    "{fix} `shortcut {{ conv {channels} k1 s{} nobias; bn }}`",
                    Pair::new(sh, sw)
                ),
                _ => write!(f, "no 1x1 projection maps {ih}x{iw} to {oh}x{ow}: make the body keep a size a stride can reach"),
            }
        }
        (Some(Shape::Flat(_)), Shape::Flat(n)) => write!(f, "{fix} `shortcut {{ dense {n} nobias }}`"),
        _ => f.write_str("a residual sum needs the body to keep the input's kind of shape: end the block before `flatten` or `dense`"),
    }
}
