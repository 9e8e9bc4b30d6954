//! An evaluation error in context: which layer, with what input, and its message
//! and fix in rustc's style.

use crate::block::{BlockKind, MAX_BLOCKS, MAX_DEPTH, MAX_LAYERS};
use crate::error::{Arg, ErrorKind};
use crate::fmt::{Grouped, Real};
use crate::kind::{Kind, PadMode, Pool};
use crate::name::Name;
use crate::shape::{Axis, Interpolation, PerAxis, Shape};
use crate::window::Window;
use crate::words::{BlockWord, Keyword, LayerWord, OPTIONS};
use core::fmt;

/// Where a layer stands, as messages say it: `in conv2d3 (layer 5, input is 32x3x3)`.
///
/// ```
/// use cnn_core::{Context, Name, Segment, Shape};
/// let name = Name::of(Segment::Numbered { prefix: "conv2d", number: 3 });
/// let at = Context { name: Some(&name), index: 5, input: Some(Shape::image(32, 3, 3)) };
/// assert_eq!(at.to_string(), "in conv2d3 (layer 5, input is 32x3x3)");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Context<'n, 'a> {
    /// The layer's name, when it has one.
    pub name: Option<&'n Name<'a>>,
    /// The layer's position, `input` being 0.
    pub index: usize,
    /// What the layer receives, when that is known.
    pub input: Option<Shape>,
}

impl fmt::Display for Context<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = self.name {
            write!(f, "in {name} ")?;
        }
        write!(f, "(layer {}", self.index)?;
        if let Some(input) = self.input {
            write!(f, ", input is {input}")?;
        }
        f.write_str(")")
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
    /// For branches that cannot merge (E15): each branch's output shape, the first
    /// eight, `None` where unknown.
    pub branches: [Option<Shape>; 8],
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
            | ErrorKind::EpsRange
            | ErrorKind::MomentumRange
            | ErrorKind::ShapeMismatch { .. }
            | ErrorKind::SameStrideDilation { .. }
            | ErrorKind::AxisCount { .. }
            | ErrorKind::OutputPadding { .. }
            | ErrorKind::UpconvEmpty { .. }
            | ErrorKind::ModeRank { .. }
            | ErrorKind::Rank { .. }
            | ErrorKind::ChannelsLast
            | ErrorKind::ChannelGroups { .. }
            | ErrorKind::PixelFactor { .. }
            | ErrorKind::PadAxes { .. }
            | ErrorKind::PadMode { .. }
            | ErrorKind::PadTooWide { .. }
            | ErrorKind::PadCrop { .. }
            | ErrorKind::Unmergeable { .. }
            | ErrorKind::SplitChannels { .. }
            | ErrorKind::NoBranches { .. }
            | ErrorKind::EmptyHead
            | ErrorKind::FromPlace
            | ErrorKind::NeverRead
            | ErrorKind::FromLimit
            | ErrorKind::TooManyLayers { .. }
            | ErrorKind::TooManyPasses { .. }
            | ErrorKind::TooLong { .. } => true,
            // The macro suggests the nearest names, which it knows.
            ErrorKind::FromUnknown => false,
            ErrorKind::Zero(_) | ErrorKind::Overflow(_) | ErrorKind::TooDeep => false,
            ErrorKind::PathTooDeep => true,
        };
        has.then_some(Help(self))
    }
}

impl fmt::Display for Error<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::Empty => {
                return f.write_str("a network starts with `input`, and this one is empty")
            }
            ErrorKind::MissingInput => {
                let input = Keyword::Layer(LayerWord::Input).word();
                return match self.layer {
                    Some(kind) => {
                        write!(f, "a network starts with `{input}`, not {}", kind.noun())
                    }
                    None => write!(f, "a network starts with `{input}`, not a block"),
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
            ErrorKind::TooManyLayers { count, per_pass } => write!(
                f,
                "repeating a body of {} layer{} {} times makes the network longer than {} layers",
                Grouped(per_pass),
                if per_pass == 1 { "" } else { "s" },
                Grouped(count),
                Grouped(MAX_LAYERS)
            )?,
            ErrorKind::TooManyPasses { count } => write!(
                f,
                "repeating a body {} times makes the network's blocks and passes more than {}",
                Grouped(count),
                Grouped(MAX_BLOCKS)
            )?,
            ErrorKind::TooLong { blocks: false } => write!(
                f,
                "the network has more than {} layers",
                Grouped(MAX_LAYERS)
            )?,
            ErrorKind::TooLong { blocks: true } => write!(
                f,
                "the network has more than {} blocks and passes",
                Grouped(MAX_BLOCKS)
            )?,
            ErrorKind::ChannelGroups { groups, channels } => {
                write!(f, "{groups} groups must divide the {channels} channels")?
            }
            ErrorKind::Unmergeable {
                block, branches, ..
            } => {
                let rule = match block {
                    BlockKind::Concat | BlockKind::Split => "branches of the same size",
                    BlockKind::Mul | BlockKind::Scale => {
                        "branches of the same shape, or a `Cx1x1` one against `CxHxW`"
                    }
                    BlockKind::Add
                    | BlockKind::Residual
                    | BlockKind::Shortcut
                    | BlockKind::Repeat(_)
                    | BlockKind::Seq
                    | BlockKind::ChannelsLast
                    | BlockKind::Head
                    | BlockKind::Branch => "branches of the same shape",
                };
                write!(f, "`{}` needs {rule}:", block.keyword().word())?;
                for (i, shape) in self.branches.iter().enumerate().take(branches) {
                    let sep = if i == 0 { "" } else { "," };
                    match shape {
                        Some(shape) => write!(f, "{sep} branch {} gives {shape}", i + 1)?,
                        None => write!(f, "{sep} branch {} is unknown", i + 1)?,
                    }
                }
                if branches > self.branches.len() {
                    f.write_str(", …")?;
                }
            }
            ErrorKind::SplitChannels { branches, channels } => write!(
                f,
                "`{}` cannot cut {channels} channels into {branches} equal groups",
                Keyword::Block(BlockWord::Split).word()
            )?,
            ErrorKind::NoBranches { block } => {
                write!(f, "`{}` holds no branches", block.keyword().word())?
            }
            ErrorKind::EmptyHead => write!(
                f,
                "`{}` computes nothing: its output would be its input",
                Keyword::Block(BlockWord::Head).word()
            )?,
            ErrorKind::FromUnknown => {
                return write!(f, "`from {}` names nothing computed before it", self.name)
            }
            ErrorKind::FromPlace => {
                return f.write_str(
                    "`from` reads here where nothing may be read: it starts the network's flow, a `branch` or a `head`",
                )
            }
            ErrorKind::NeverRead => {
                return write!(
                    f,
                    "the output of `{}` is never read: no later layer, `from` or `head` reads it, and it is not an output",
                    self.name
                )
            }
            ErrorKind::FromLimit => {
                return write!(
                    f,
                    "a network holds at most {} `from` statements, naming at most {} tensors",
                    crate::MAX_FROMS,
                    crate::MAX_SOURCES
                )
            }
            ErrorKind::ChannelsLast => {
                let word = self.layer.map_or("the layer", |k| k.keyword().word());
                write!(
                    f,
                    "`{word}` does not work on the channels-last tensors inside `{}`",
                    Keyword::Block(BlockWord::ChannelsLast).word()
                )?
            }
            ErrorKind::PadAxes { pairs, rank } => write!(
                f,
                "`pad` gives {pairs} pairs for the {rank} spatial {} of the input",
                if rank == 1 { "axis" } else { "axes" }
            )?,
            ErrorKind::PadMode { mode, pairs, rank } => write!(
                f,
                "`pad` in `{mode}` mode pads every spatial axis: {rank} {}, not {pairs}",
                if rank == 1 { "pair" } else { "pairs" }
            )?,
            ErrorKind::PadTooWide {
                mode,
                axis,
                pad,
                size,
            } => match mode {
                PadMode::Circular => write!(
                    f,
                    "a circular `pad` of {pad} wraps the {} of {size} more than once",
                    axis.name()
                )?,
                _ => write!(
                    f,
                    "a `{mode}` pad of {pad} is not below the {} of {size}",
                    axis.name()
                )?,
            },
            ErrorKind::PadCrop {
                axis,
                size,
                before,
                after,
            } => write!(
                f,
                "`pad` crops the {} of {size} by {} to nothing",
                axis.name(),
                -(before.saturating_add(after) as i128)
            )?,
            ErrorKind::PixelFactor { factor, of, size } => {
                let word = self.layer.map_or("the layer", |k| k.keyword().word());
                match (size, factor.checked_mul(factor)) {
                    (true, _) => write!(f, "`{word}` cannot fold a size of {of} by {factor}")?,
                    (false, Some(square)) => write!(
                        f,
                        "`{word}` needs channels that {factor}x{factor} = {square} divides, not {of}"
                    )?,
                    (false, None) => write!(f, "`{word}` needs {factor}x{factor} channels a pixel")?,
                }
            }
            ErrorKind::Rank { wants, rank } => {
                let word = self
                    .layer
                    .map(|k| k.keyword().ranked(wants).unwrap_or(k.keyword().word()))
                    .unwrap_or("the layer");
                match rank {
                    0 => write!(f, "`{word}` takes a {wants}-D input, not a flat vector")?,
                    _ => write!(f, "`{word}` takes a {wants}-D input, not a {rank}-D one")?,
                }
            }
            ErrorKind::AxisCount {
                arg, given, rank, ..
            } => write!(
                f,
                "{} gives {given} numbers for the {rank} {} of the input",
                ArgName(arg, self.layer),
                if rank == 1 { "axis" } else { "axes" }
            )?,
            ErrorKind::SameStrideDilation { stride, dilation } => write!(
                f,
                "`same` padding with stride {stride} and dilation {dilation}: Keras refuses \
                 strides above 1 together with dilations above 1"
            )?,
            ErrorKind::OutputPadding {
                output_padding,
                stride,
                dilation,
            } => write!(
                f,
                "output padding {output_padding} must be smaller than the stride {stride} or \
                 the dilation {dilation}"
            )?,
            ErrorKind::UpconvEmpty {
                axis,
                unpadded,
                padding,
            } => write!(
                f,
                "the output {} would be {unpadded} - 2*{padding}, below 1",
                axis.name()
            )?,
            ErrorKind::ModeRank { mode, rank } => write!(
                f,
                "`{}` interpolates {}-D maps, not a {rank}-D input",
                mode.keyword(),
                mode.rank().unwrap_or(rank)
            )?,
            ErrorKind::TooDeep => write!(f, "blocks nest deeper than {}", MAX_DEPTH)?,
            ErrorKind::PathTooDeep => write!(
                f,
                "paths nest deeper than {} levels",
                crate::name::MAX_SEGMENTS - 1
            )?,
            ErrorKind::WindowTooLarge {
                axis,
                window,
                padded,
                input,
                padding,
                dilation,
            } => {
                let (what, k) = self
                    .layer
                    .and_then(|l| l.window())
                    .unwrap_or(("window", PerAxis::uniform(0)));
                let axis_name = axis.name();
                write!(f, "{what} {k} does not fit the input {axis_name} {input}")?;
                if padding > 0 {
                    write!(f, " padded to {padded}")?;
                }
                if dilation > 1 {
                    write!(f, " (dilated to {window})")?;
                }
            }
            ErrorKind::NeedsSpatial => {
                let noun = self.layer.map_or("the layer", |k| k.noun());
                write!(
                    f,
                    "{noun} needs a map (CxL, CxHxW or CxDxHxW), not a flat vector"
                )?
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
                let (what, p) = match self.layer {
                    Some(Kind::DropPath(d)) => ("drop-path", d.p),
                    Some(Kind::Dropout(d)) => ("dropout", d.p),
                    _ => ("the", f64::NAN),
                };
                write!(f, "{what} probability {} is outside [0, 1)", Real(p))?
            }
            ErrorKind::EpsRange => {
                let eps = self
                    .layer
                    .and_then(|k| k.norm())
                    .map_or(f64::NAN, |n| n.eps);
                write!(f, "eps {} is not above 0", Real(eps))?
            }
            ErrorKind::MomentumRange => {
                let m = self
                    .layer
                    .and_then(|k| k.norm())
                    .map_or(f64::NAN, |n| n.momentum);
                write!(f, "momentum {} is outside (0, 1]", Real(m))?
            }
        }
        write!(f, " {}", self.context())
    }
}

/// What an [`Arg`] is called in a message about a given kind of layer.
struct ArgName(Arg, Option<Kind>);

impl fmt::Display for ArgName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match (self.0, self.1) {
            (Arg::Value, Some(Kind::Input(_))) => "every input dimension",
            (Arg::Value, Some(Kind::Conv(_) | Kind::ConvTranspose(_))) => "the number of filters",
            (
                Arg::Value,
                Some(Kind::Resize(_) | Kind::AdaptiveAvgPool(_) | Kind::AdaptiveMaxPool(_)),
            ) => "the output size",
            (Arg::Value, Some(Kind::Upsample(_))) => "the scale factor",
            (Arg::Value, Some(Kind::Dense(_))) => "the number of units",
            (Arg::Value, Some(Kind::GroupNorm(_, _) | Kind::Shuffle(_))) => "the group count",
            (Arg::Value, _) => "the value",
            (Arg::Kernel, Some(Kind::Conv(_) | Kind::ConvTranspose(_))) => "the kernel",
            (Arg::Kernel, _) => "the window",
            (Arg::Stride, _) => "the stride",
            (Arg::Padding, _) => "the padding",
            (Arg::Dilation, _) => "the dilation",
            (Arg::Groups, _) => "the group count",
            (Arg::OutputPadding, _) => "the output padding",
            (Arg::Mode, _) => "the mode",
            (Arg::Eps, _) => "eps",
            (Arg::Momentum, _) => "the momentum",
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
            ErrorKind::SecondInput => f.write_str(
                "a network has one `input`, its first statement; a second network needs a `cnn!` of its own",
            ),
            ErrorKind::NeedsSpatial => {
                let word = |k: Keyword| k.word();
                write!(
                    f,
                    "layers that slide over positions or shuffle channels go before `{}` and \
                     the first `{}`: a flat vector has neither",
                    word(Keyword::Layer(LayerWord::Flatten)),
                    word(Keyword::Layer(LayerWord::Dense))
                )
            }
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
            ErrorKind::PoolPadding { kernel, .. } => write!(
                f,
                "use a padding of at most {}",
                Pool::new(kernel).max_padding()
            ),
            ErrorKind::WindowTooLarge {
                axis,
                padded,
                input,
                ..
            } => {
                let (Some(layer), Some(shape), Some(sizes)) =
                    (e.layer, e.input, e.input.and_then(|s| s.sizes()))
                else {
                    return Ok(());
                };
                let Some(windows) = layer.windows(shape) else {
                    return Ok(());
                };
                let rank = windows.rank;
                // Name the axis where the kernel differs along them.
                let what = match layer.window() {
                    Some((_, k)) if k.rank() == 0 => "",
                    _ => match axis {
                        Axis::Height => " height",
                        Axis::Width => " width",
                        Axis::Depth => " depth",
                        Axis::Length => " length",
                    },
                };
                let index = (0..rank as usize)
                    .find(|&i| Axis::of(rank, i) == axis)
                    .unwrap_or(0);
                let win = windows.axes[index];
                let fits = win.largest_kernel(padded);
                // Padding is the fix for a convolution; a pool's window is what to change.
                if !matches!(layer, Kind::Conv(_)) {
                    return write!(f, "use a window{what} of at most {fits}, or remove the pooling");
                }
                // Padding that keeps the size where there is one along every axis;
                // otherwise the least padding that fits.
                let mut keep = [0; 3];
                let mut keeps = true;
                for (i, w) in windows.axes.iter().enumerate().take(rank as usize) {
                    match w.keeping_padding() {
                        Some(p) => keep[3 - rank as usize + i] = p,
                        None => keeps = false,
                    }
                }
                let verb = if padded > input { "use" } else { "add" };
                if keeps {
                    let keep = PerAxis::axes(rank, keep);
                    let size = sizes.written(rank);
                    write!(
                        f,
                        "{verb} padding p{keep} to keep {size}, or use a kernel{what} of at most {fits}"
                    )
                } else {
                    write!(
                        f,
                        "{verb} padding p{}, or use a kernel{what} of at most {fits}",
                        win.fitting_padding(input)
                    )
                }
            }
            ErrorKind::EpsRange => write!(
                f,
                "eps is added to the variance before its square root: PyTorch's default is `eps 1e-5`"
            ),
            ErrorKind::MomentumRange => write!(
                f,
                "the share of each batch in the running statistics: PyTorch's default is `momentum 0.1`"
            ),
            ErrorKind::DropoutRange => {
                if let Some(Kind::DropPath(_)) = e.layer {
                    let word = Keyword::Layer(LayerWord::DropPath).word();
                    return write!(
                        f,
                        "`{word}` takes the probability of dropping the whole branch, such as 0.1"
                    );
                }
                f.write_str("dropout takes the probability of zeroing a value, such as 0.5")
            }
            ErrorKind::ChannelGroups { groups, channels } => write!(
                f,
                "use a group count that divides {channels}, such as {}",
                nearest_divisor(channels, groups)
            ),
            ErrorKind::Unmergeable { block, .. } => f.write_str(match block {
                BlockKind::Concat | BlockKind::Split => {
                    "give every branch the same spatial size: the same strides, and padding that keeps the size"
                }
                BlockKind::Mul | BlockKind::Scale => {
                    "a gate ends in `gap` (Cx1x1) with the channels of what it scales"
                }
                BlockKind::Add
                | BlockKind::Residual
                | BlockKind::Shortcut
                | BlockKind::Repeat(_)
                | BlockKind::Seq
                | BlockKind::ChannelsLast
                | BlockKind::Head
                | BlockKind::Branch => "give every branch the same shape",
            }),
            ErrorKind::SplitChannels { branches, channels } => write!(
                f,
                "use a branch count that divides {channels}, such as {}",
                nearest_divisor(channels, branches)
            ),
            ErrorKind::NoBranches { block: BlockKind::Scale } => write!(
                f,
                "write its body, as in `{} {{ gap; conv 16 k1; relu; conv 64 k1; sigmoid }}`",
                Keyword::Block(BlockWord::Scale).word()
            ),
            ErrorKind::NoBranches { block } => {
                let (word, branch) = (block.keyword().word(), Keyword::Branch.word());
                write!(f, "write them inside: `{word} {{ {branch} {{ ... }} {branch} {{ ... }} }}`")
            }
            ErrorKind::EmptyHead => write!(
                f,
                "write the layers it runs, as in `aux: {head} {{ gap; dense 10 }}`; to output a tensor as it is, read it: `{head} {{ from NAME }}`",
                head = Keyword::Block(BlockWord::Head).word()
            ),
            ErrorKind::FromPlace => f.write_str(
                "put the reading in a branch of a merge block, as in `add { branch { from c4; conv 256 k1 } branch { upsample 2 } }`, or in a `head`",
            ),
            ErrorKind::NeverRead => write!(
                f,
                "make it an output with `head {{ ... }}`, read it with `from {}`, or remove it",
                e.name
            ),
            ErrorKind::FromLimit => f.write_str(
                "read fewer earlier tensors, or name them in fewer places",
            ),
            ErrorKind::AxisCount {
                arg, value, rank, ..
            } => {
                // The option's letter (`k3`), or the statement's word (`resize 7`).
                let option = OPTIONS
                    .iter()
                    .find(|o| o.takes_number() && o.option.arg() == Some(arg));
                let (word, sep) = match (option, e.layer) {
                    (Some(o), _) => (o.word, ""),
                    (None, Some(k)) => (k.keyword().word(), " "),
                    (None, None) => ("", ""),
                };
                let first = value.along(value.rank(), 0);
                let Some(input) = e.input else {
                    return Ok(());
                };
                // `resize 8x16x16` on `8x16x16`: the whole shape, channels first.
                if option.is_none() && value.rank() == rank + 1 {
                    write!(f, "the channels stay as they are: write `{word}{sep}")?;
                    for i in 1..=rank as usize {
                        let x = if i > 1 { "x" } else { "" };
                        write!(f, "{x}{}", value.along(value.rank(), i))?;
                    }
                    return f.write_str("`, the sizes alone");
                }
                match rank {
                    1 => write!(
                        f,
                        "write `{word}{sep}{first}`, one number for the one axis of `{input}`"
                    ),
                    _ => {
                        write!(
                            f,
                            "write `{word}{sep}{first}` for every axis of `{input}`, or {rank} \
                             numbers, one per axis, as in `{word}{sep}{first}"
                        )?;
                        for _ in 1..rank {
                            write!(f, "x{first}")?;
                        }
                        f.write_str("`")
                    }
                }
            }
            ErrorKind::ChannelsLast => {
                let word = |k: Keyword| k.word();
                write!(
                    f,
                    "close `{}` before it: inside go `{}`, `{}` and element-wise layers",
                    word(Keyword::Block(BlockWord::ChannelsLast)),
                    word(Keyword::Layer(LayerWord::LayerNorm)),
                    word(Keyword::Layer(LayerWord::Dense))
                )
            }
            ErrorKind::Rank { rank: 0, .. } => {
                let word = |k: Keyword| k.word();
                write!(
                    f,
                    "layers that slide over positions go before `{}` and the first `{}`",
                    word(Keyword::Layer(LayerWord::Flatten)),
                    word(Keyword::Layer(LayerWord::Dense))
                )
            }
            ErrorKind::PadAxes { rank, .. } => write!(
                f,
                "write at most {rank} (before, after) {}, the last axis first",
                if rank == 1 { "pair" } else { "pairs" }
            ),
            ErrorKind::PadMode { rank, .. } => write!(
                f,
                "give {} numbers, a pair for each spatial axis, the last axis first",
                2 * rank
            ),
            ErrorKind::PadTooWide { mode, size, .. } => match mode {
                PadMode::Circular => write!(f, "pad by at most {size}"),
                _ => write!(f, "reflect by at most {}", size.saturating_sub(1)),
            },
            ErrorKind::PadCrop { size, .. } => {
                write!(f, "crop less than {size} in all along that axis")
            }
            ErrorKind::PixelFactor { factor, of, size: true } => write!(
                f,
                "give it a size {factor} divides, as {}",
                of.div_ceil(factor.max(1)).saturating_mul(factor)
            ),
            ErrorKind::PixelFactor { factor, of, .. } => {
                let square = factor.saturating_mul(factor).max(1);
                write!(
                    f,
                    "give it a multiple of {square} channels, as {}",
                    of.div_ceil(square).max(1).saturating_mul(square)
                )
            }
            ErrorKind::Rank { wants, .. }
                if e.layer.is_some_and(|k| k.keyword().ranked(wants).is_none()) =>
            {
                write!(f, "PyTorch's layer works on {wants}-D maps only")
            }
            ErrorKind::Rank { rank, .. } => {
                let Some(keyword) = e.layer.map(|k| k.keyword()) else {
                    return Ok(());
                };
                write!(f, "write `{}`, which takes its input's rank", keyword.word())?;
                if let Some(fits) = keyword.ranked(rank) {
                    write!(f, ", or `{fits}`")?;
                }
                Ok(())
            }
            ErrorKind::OutputPadding {
                stride, dilation, ..
            } => {
                // Per axis, the largest output padding PyTorch takes.
                let rank = stride.rank().max(dilation.rank()).max(1);
                let mut most = [0; 3];
                for (i, slot) in most.iter_mut().skip(3 - rank as usize).enumerate() {
                    *slot = stride.along(rank, i).max(dilation.along(rank, i)) - 1;
                }
                match PerAxis::axes(rank, most) {
                    m if m == PerAxis::uniform(0) => f.write_str(
                        "remove the output padding: with stride 1 and dilation 1 there is one output size",
                    ),
                    m => write!(
                        f,
                        "use op{m} or less: it picks one of the sizes that a stride maps to the same input"
                    ),
                }
            }
            ErrorKind::UpconvEmpty {
                unpadded, ..
            } => write!(f, "use a padding of at most {}", (unpadded - 1) / 2),
            ErrorKind::ModeRank { rank, .. } => {
                let fits = Interpolation::ALL
                    .iter()
                    .find(|m| m.rank() == Some(rank))
                    .map_or("nearest", |m| m.keyword());
                write!(
                    f,
                    "use `{fits}` or `{}` on a {rank}-D input",
                    Interpolation::Nearest.keyword()
                )
            }
            ErrorKind::SameStrideDilation { .. } => f.write_str(
                "write the padding out (`pP`), as PyTorch does, or use stride 1 or dilation 1",
            ),
            ErrorKind::TooManyLayers { .. } | ErrorKind::TooManyPasses { .. } => write!(
                f,
                "a network expands to at most {} layers and {} blocks and passes of `repeat` bodies",
                Grouped(MAX_LAYERS),
                Grouped(MAX_BLOCKS)
            ),
            ErrorKind::TooLong { .. } => write!(
                f,
                "a network expands to at most {} layers and {} blocks and passes of `repeat` bodies; \
                 the rest is not checked",
                Grouped(MAX_LAYERS),
                Grouped(MAX_BLOCKS)
            ),
            ErrorKind::Zero(_)
            | ErrorKind::Overflow(_)
            | ErrorKind::TooDeep
            | ErrorKind::FromUnknown => Ok(()),
            ErrorKind::PathTooDeep => f.write_str(
                "a named block or a `seq` is a level of the paths: leave a block unnamed to keep its layers in the level around it",
            ),
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
    let rank = body.rank();
    match (input.and_then(|i| i.sizes()), body.sizes()) {
        (Some(ins), Some(outs)) if input.is_some_and(|i| i.rank() == rank) => {
            // The stride with which a 1x1 convolution maps i to o along each axis, if
            // one does.
            let channels = body.channels();
            let mut strides = [0; 3];
            for i in 0..rank as usize {
                let (a, b) = (ins.along(rank, i), outs.along(rank, i));
                let s = a.div_ceil(b);
                if !matches!(Window::conv(1, s, 0, 1).out(a), Ok(out) if out == b) {
                    return write!(
                        f,
                        "no 1x1 projection maps {} to {}: make the body keep a size a stride can reach",
                        ins.written(rank),
                        outs.written(rank)
                    );
                }
                strides[3 - rank as usize + i] = s;
            }
            match PerAxis::axes(rank, strides) {
                s if s == PerAxis::uniform(1) => {
                    write!(f, "{fix} `shortcut {{ conv {channels} k1 nobias; bn }}`")
                }
                s => write!(f, "{fix} `shortcut {{ conv {channels} k1 s{s} nobias; bn }}`"),
            }
        }
        (None, None) if input.is_some() => write!(
            f,
            "{fix} `shortcut {{ dense {} nobias }}`",
            body.channels()
        ),
        _ => f.write_str("a residual sum needs the body to keep the input's kind of shape: end the block before `flatten` or `dense`"),
    }
}
