//! Layer kinds: the enum, and what every kind answers (its output, counts and checks,
//! its windows, its formula, how messages name it), each answered by an exhaustive
//! `match` that hands the kind to its family's module, where its rules live together.

/// `?` for `const fn`.
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err(e),
        }
    };
}

mod conv;
mod dense;
mod elementwise;
mod norm;
pub use norm::Norm;
mod pad;
pub use pad::{Pad, PadMode};
mod pool;
mod resample;

pub use conv::{Conv, ConvTranspose, Groups, Padding};
pub use dense::Dense;
pub use elementwise::{Activation, Dropout};
pub use pool::Pool;
pub use resample::{Resize, Upsample};

use crate::block_kind::BlockKind;
use crate::error::{Arg, ErrorKind, Quantity};
use crate::shape::{Axis, Dims, PerAxis, Shape};
use crate::window::{AxisError, Step, Steps, Window, Windows};
use core::fmt;

/// What a layer computes, with its hyper-parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// The network's input; its shape is the layer's output. `input 1x28x28`.
    Input(Shape),
    /// `nn.Conv2d`. `conv 32 k5 s1 p0 d1 g1`.
    Conv(Conv),
    /// `nn.ConvTranspose2d`. `upconv 64 k2 s2`.
    ConvTranspose(ConvTranspose),
    /// `nn.MaxPool2d`. `pool 2`.
    MaxPool(Pool),
    /// `nn.AvgPool2d`. `avgpool 2`.
    AvgPool(Pool),
    /// `nn.AdaptiveAvgPool2d(1)`: `CxHxW -> Cx1x1`. `gap`.
    GlobalAvgPool,
    /// `nn.AdaptiveAvgPool2d(size)`: the spatial sizes become `size`.
    /// `adaptiveavgpool 7`.
    AdaptiveAvgPool(PerAxis),
    /// `nn.AdaptiveMaxPool2d(size)`. `adaptivemaxpool 7`.
    AdaptiveMaxPool(PerAxis),
    /// `nn.Upsample(scale_factor=S, mode=...)`. `upsample 2 bilinear`.
    Upsample(Upsample),
    /// `F.interpolate(size=..., mode=...)`. `resize 224 bilinear`.
    Resize(Resize),
    /// `nn.Flatten`: `CxHxW -> C*H*W`. `flatten`.
    Flatten,
    /// `nn.Linear`, flattening its input first. `dense 256`, `output 10`.
    Dense(Dense),
    /// `nn.Linear` at every position of a map, on its channels: a `dense` inside
    /// `channelslast` (ConvNeXt's pointwise layers), weight `[N, C]`, MACs `N*C` per
    /// position. On a flat vector, a `dense`.
    Linear(Dense),
    /// `nn.BatchNorm2d` on `CxHxW`, `nn.BatchNorm1d` on a flat vector. `bn`.
    BatchNorm(Norm),
    /// `nn.LayerNorm` over the channels at each position (ConvNeXt's `LayerNorm2d`),
    /// over the features of a flat vector. `ln`.
    LayerNorm(Norm),
    /// `nn.GroupNorm(G, C)`. `gn G`.
    GroupNorm(u64, Norm),
    /// A learnable scale per channel (ConvNeXt's `layer_scale`). `layerscale`.
    LayerScale,
    /// Stochastic depth (torchvision's `StochasticDepth`): drops a whole residual
    /// branch with probability `P`. `droppath P`.
    DropPath(Dropout),
    /// ShuffleNet's channel shuffle in `G` groups. `shuffle G`.
    Shuffle(u64),
    /// `nn.PixelShuffle(R)`: `(C*R^2)xHxW -> Cx(R*H)x(R*W)`. `pixelshuffle R`.
    PixelShuffle(u64),
    /// `nn.PixelUnshuffle(R)`: `CxHxW -> (C*R^2)x(H/R)x(W/R)`. `pixelunshuffle R`.
    PixelUnshuffle(u64),
    /// `F.pad(x, pad, mode)`: padding or cropping each spatial axis. `pad (2, 0)`.
    Pad(Pad),
    /// `nn.InstanceNorm1d/2d/3d` by rank: each sample's channels normalized over their
    /// positions, with a learnable scale and shift when `affine` (the flag), no running
    /// statistics (PyTorch's defaults). `instancenorm [affine] [eps E]`.
    InstanceNorm(bool, Norm),
    /// `nn.PReLU()`: one learnable slope. `prelu`.
    PRelu,
    /// An element-wise activation. `relu`.
    Activation(Activation),
    /// `nn.Dropout`. `dropout 0.5`.
    Dropout(Dropout),
    /// The sum that ends a `residual` or an `add` block.
    Add,
    /// The concatenation that ends a `concat` or `split` block.
    Cat,
    /// The product that ends a `mul` or `scale` block.
    Mul,
    /// `from PATH` (§13), evaluated: the flow goes on from the output of layer
    /// `LAYERS[i]`, an earlier one. Its input and output are that tensor's shape; it
    /// computes nothing and takes no position in its level (`from1`).
    From(usize),
}

/// What one layer gives for one input: see [`Kind::apply`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The output shape.
    pub output: Shape,
    /// Learnable parameters.
    pub params: u64,
    /// Stored, non-learned values (BatchNorm's running statistics).
    pub non_trainable: u64,
    /// Multiply-accumulates, bias not included.
    pub macs: u64,
}

/// One tensor a layer holds, as PyTorch's `state_dict` names and lays it out: see
/// [`Kind::param_shapes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Param {
    /// Its name within the layer: `weight`, `bias`, `running_mean`, `running_var`;
    /// empty for a `layerscale`, a bare `nn.Parameter` whose tensor is the layer's
    /// path itself. [`Param::key`] writes the `state_dict` key.
    pub name: &'static str,
    /// Its dimensions in PyTorch's layout: a convolution's weight is `[C, Cin/g, kh, kw]`.
    pub dims: Dims,
    /// Whether training learns it (`parameters()`); BatchNorm's running statistics are
    /// buffers.
    pub trainable: bool,
}

impl Param {
    /// Its key in a `state_dict`, for a layer of path `path`: `{path}.{name}`, or the
    /// path itself for a bare parameter.
    ///
    /// ```
    /// use cnn_core::{Kind, Shape};
    /// let params = Kind::LayerScale.param_shapes(Shape::image(96, 56, 56));
    /// assert_eq!(params[0].key("features.1.0.layer_scale").to_string(), "features.1.0.layer_scale");
    /// let params = Kind::PRelu.param_shapes(Shape::image(96, 56, 56));
    /// assert_eq!(params[0].key("act").to_string(), "act.weight");
    /// ```
    pub fn key<P: core::fmt::Display>(&self, path: P) -> impl core::fmt::Display {
        struct Key<P>(P, &'static str);
        impl<P: core::fmt::Display> core::fmt::Display for Key<P> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.1 {
                    "" => write!(f, "{}", self.0),
                    name => write!(f, "{}.{name}", self.0),
                }
            }
        }
        Key(path, self.name)
    }

    pub(super) const fn learned(name: &'static str, dims: &[u64]) -> Param {
        Param {
            name,
            dims: Dims::of(dims),
            trainable: true,
        }
    }

    pub(super) const fn buffer(name: &'static str, dims: &[u64]) -> Param {
        Param {
            name,
            dims: Dims::of(dims),
            trainable: false,
        }
    }
}

/// A layer's tensors, at most four, in PyTorch's order; dereferences to a slice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Params {
    items: [Param; 4],
    len: usize,
}

impl Params {
    const NONE: Params = Params {
        items: [Param {
            name: "",
            dims: Dims::EMPTY,
            trainable: false,
        }; 4],
        len: 0,
    };

    /// These tensors.
    pub(super) const fn of(params: &[Param]) -> Params {
        let mut all = Params::NONE;
        while all.len < params.len() && all.len < 4 {
            all.items[all.len] = params[all.len];
            all.len += 1;
        }
        all
    }
}

impl core::ops::Deref for Params {
    type Target = [Param];
    fn deref(&self) -> &[Param] {
        self.items.split_at(self.len).0
    }
}

/// Checked multiplication that names what overflowed.
pub(super) const fn mul(a: u64, b: u64, what: Quantity) -> Result<u64, ErrorKind> {
    match a.checked_mul(b) {
        Some(v) => Ok(v),
        None => Err(ErrorKind::Overflow(what)),
    }
}

/// Checked addition that names what overflowed.
pub(super) const fn add(a: u64, b: u64, what: Quantity) -> Result<u64, ErrorKind> {
    match a.checked_add(b) {
        Some(v) => Ok(v),
        None => Err(ErrorKind::Overflow(what)),
    }
}

pub(super) const fn nonzero(v: u64, arg: Arg) -> Result<(), ErrorKind> {
    if v == 0 {
        Err(ErrorKind::Zero(arg))
    } else {
        Ok(())
    }
}

pub(super) const fn nonzero_pair(v: PerAxis, arg: Arg) -> Result<(), ErrorKind> {
    nonzero(v.min(), arg)
}

pub(super) const fn identity(input: Shape) -> Applied {
    Applied {
        output: input,
        params: 0,
        non_trainable: 0,
        macs: 0,
    }
}

/// One axis of a sliding window over `i` values, its failure turned into the layer's
/// error.
pub(super) const fn axis(axis: Axis, win: Window, i: u64) -> Result<u64, ErrorKind> {
    match win.out(i) {
        Ok(v) => Ok(v),
        Err(AxisError::Overflow) => Err(ErrorKind::Overflow(Quantity::Window)),
        Err(AxisError::TooLarge { window, padded }) => Err(ErrorKind::WindowTooLarge {
            axis,
            window,
            padded,
            input: i,
            padding: win.p,
            dilation: win.d,
        }),
    }
}

/// The channels, spatial sizes and rank of a map, or E7 for a flat vector.
pub(super) const fn map(input: Shape) -> Result<(u64, PerAxis, u8), ErrorKind> {
    match input.sizes() {
        Some(sizes) => Ok((input.channels(), sizes, input.rank())),
        None => Err(ErrorKind::NeedsSpatial),
    }
}

/// E17: `groups` that must divide `channels` (and be at least 1).
pub(super) const fn divides(groups: u64, channels: u64) -> Result<(), ErrorKind> {
    tri!(nonzero(groups, Arg::Value));
    if channels.is_multiple_of(groups) {
        Ok(())
    } else {
        Err(ErrorKind::ChannelGroups { groups, channels })
    }
}

/// E16: a per-axis value (`arg`) with a count of numbers other than one or `rank`.
pub(super) const fn fits(v: PerAxis, arg: Arg, rank: u8) -> Result<(), ErrorKind> {
    if v.fits(rank) {
        Ok(())
    } else {
        Err(ErrorKind::AxisCount {
            arg,
            value: v,
            given: v.rank(),
            rank,
        })
    }
}

/// E16: a layer whose keyword insists on rank `wants` (`conv1d`), on an input of
/// `input`'s rank.
pub(super) const fn insists(wants: Option<u8>, input: Shape) -> Result<(), ErrorKind> {
    match wants {
        Some(wants) if wants != input.rank() => Err(ErrorKind::Rank {
            wants,
            rank: input.rank(),
        }),
        _ => Ok(()),
    }
}

/// The output sizes of sliding `windows` over `sizes`, axis by axis.
pub(super) const fn slide(windows: Windows, sizes: PerAxis) -> Result<PerAxis, ErrorKind> {
    let rank = windows.rank;
    let mut out = [0; 3];
    let mut i = 0;
    while i < rank as usize {
        let size = sizes.along(rank, i);
        out[3 - rank as usize + i] = tri!(axis(Axis::of(rank, i), windows.axes[i], size));
        i += 1;
    }
    Ok(PerAxis::axes(rank, out))
}

/// A map of `channels` with `sizes` along `rank` axes.
pub(super) const fn with_sizes(channels: u64, sizes: PerAxis, rank: u8) -> Shape {
    let [d, h, w] = sizes.slots();
    match rank {
        1 => Shape::signal(channels, w),
        3 => Shape::volume(channels, d, h, w),
        _ => Shape::image(channels, h, w),
    }
}

impl Kind {
    /// The layer that ends a block of `kind` and merges its parts: `cat` for `concat`
    /// and `split`, `mul` for `mul` and `scale`, `add` for `add` and `residual`; `None`
    /// for what merges nothing (`repeat`, and parts).
    pub const fn merging(kind: BlockKind) -> Option<Kind> {
        match kind {
            BlockKind::Concat | BlockKind::Split => Some(Kind::Cat),
            BlockKind::Mul | BlockKind::Scale => Some(Kind::Mul),
            BlockKind::Add | BlockKind::Residual => Some(Kind::Add),
            BlockKind::Repeat(_)
            | BlockKind::Seq
            | BlockKind::ChannelsLast
            | BlockKind::Head
            | BlockKind::Shortcut
            | BlockKind::Branch => None,
        }
    }

    /// What this layer makes of `input`: its output shape, parameters and MACs, with
    /// every rule of the DSL checked and all arithmetic checked against overflow.
    ///
    /// ```
    /// use cnn_core::{Conv, Kind, PerAxis, Shape};
    /// let conv = Kind::Conv(Conv::new(32, PerAxis::uniform(5)));
    /// let out = conv.apply(Shape::image(1, 28, 28)).unwrap();
    /// assert_eq!(out.output, Shape::image(32, 24, 24));
    /// assert_eq!(out.params, (5 * 5 * 1 + 1) * 32);
    /// assert_eq!(out.macs, 5 * 5 * 1 * 32 * 24 * 24);
    /// ```
    pub const fn apply(&self, input: Shape) -> Result<Applied, ErrorKind> {
        tri!(self.check());
        match *self {
            Kind::Input(shape) => Ok(identity(shape)),
            Kind::Conv(c) => c.apply(input),
            Kind::ConvTranspose(c) => c.apply(input),
            Kind::MaxPool(p) | Kind::AvgPool(p) => p.apply(input),
            Kind::GlobalAvgPool => pool::global(input),
            Kind::AdaptiveAvgPool(size) | Kind::AdaptiveMaxPool(size) => {
                pool::adaptive(size, input)
            }
            Kind::Upsample(u) => u.apply(input),
            Kind::Resize(r) => r.apply(input),
            Kind::Flatten => dense::flatten(input),
            Kind::Dense(d) => d.apply(input),
            Kind::Linear(d) => d.apply_linear(input),
            Kind::BatchNorm(_) => norm::batch_norm(input),
            Kind::LayerNorm(_) => norm::layer_norm(input),
            Kind::GroupNorm(g, _) => norm::group_norm(g, input),
            Kind::LayerScale => norm::layer_scale(input),
            Kind::Shuffle(g) => elementwise::shuffle(g, input),
            Kind::PixelShuffle(r) => resample::pixel_shuffle(r, input),
            Kind::Pad(p) => p.apply(input),
            Kind::PixelUnshuffle(r) => resample::pixel_unshuffle(r, input),
            Kind::InstanceNorm(affine, _) => norm::instance_norm(affine, input),
            Kind::PRelu => elementwise::prelu(input),
            Kind::DropPath(_) => Ok(identity(input)),
            // A merge layer is evaluated with its block, which knows every branch.
            Kind::Activation(_) | Kind::Dropout(_) | Kind::Add | Kind::Cat | Kind::Mul => {
                Ok(identity(input))
            }
            // A `from` is evaluated where it reads, which knows the tensor it names;
            // its input is that tensor.
            Kind::From(_) => Ok(identity(input)),
        }
    }

    /// Whether it may run inside `channelslast`, on a channels-last tensor: a LayerNorm
    /// (over the last axis, the channels), a linear layer at every position, and the
    /// element-wise layers. A convolution, a pool, a BatchNorm (its axis is 1) or a
    /// per-channel scale would act on the wrong axis.
    pub const fn runs_channels_last(&self) -> bool {
        match self {
            Kind::LayerNorm(_)
            | Kind::Linear(_)
            | Kind::Activation(_)
            | Kind::Dropout(_)
            | Kind::DropPath(_)
            | Kind::Add
            | Kind::Cat
            | Kind::From(_)
            | Kind::Mul => true,
            // A `dense` there is read as `Kind::Linear`.
            Kind::Dense(_)
            | Kind::Input(_)
            | Kind::Conv(_)
            | Kind::ConvTranspose(_)
            | Kind::MaxPool(_)
            | Kind::AvgPool(_)
            | Kind::GlobalAvgPool
            | Kind::AdaptiveAvgPool(_)
            | Kind::AdaptiveMaxPool(_)
            | Kind::Upsample(_)
            | Kind::Resize(_)
            | Kind::Flatten
            | Kind::BatchNorm(_)
            | Kind::GroupNorm(_, _)
            | Kind::LayerScale
            | Kind::Shuffle(_)
            | Kind::PixelShuffle(_)
            | Kind::PixelUnshuffle(_)
            | Kind::Pad(_)
            | Kind::InstanceNorm(_, _)
            | Kind::PRelu => false,
        }
    }

    /// A normalization's numbers (`eps`, `momentum`), for what it is one of.
    pub const fn norm(&self) -> Option<Norm> {
        match *self {
            Kind::BatchNorm(n)
            | Kind::LayerNorm(n)
            | Kind::GroupNorm(_, n)
            | Kind::InstanceNorm(_, n) => Some(n),
            Kind::Input(_)
            | Kind::Conv(_)
            | Kind::ConvTranspose(_)
            | Kind::MaxPool(_)
            | Kind::AvgPool(_)
            | Kind::GlobalAvgPool
            | Kind::AdaptiveAvgPool(_)
            | Kind::AdaptiveMaxPool(_)
            | Kind::Upsample(_)
            | Kind::Resize(_)
            | Kind::Flatten
            | Kind::Dense(_)
            | Kind::Linear(_)
            | Kind::LayerScale
            | Kind::DropPath(_)
            | Kind::Shuffle(_)
            | Kind::PixelShuffle(_)
            | Kind::PixelUnshuffle(_)
            | Kind::Pad(_)
            | Kind::PRelu
            | Kind::Activation(_)
            | Kind::Dropout(_)
            | Kind::Add
            | Kind::Cat
            | Kind::From(_)
            | Kind::Mul => None,
        }
    }

    /// The rules that do not depend on the input: no zero sizes, pooling padding at
    /// most half the window, a dropout probability in `[0, 1)`. [`Kind::apply`] checks
    /// them first; they can also be checked where the input is not known.
    ///
    /// ```
    /// use cnn_core::{ErrorKind, Kind, PerAxis, Pool};
    /// let pool = Kind::MaxPool(Pool { padding: PerAxis::uniform(2), ..Pool::new(PerAxis::uniform(2)) });
    /// assert!(matches!(pool.check(), Err(ErrorKind::PoolPadding { .. })));
    /// ```
    pub const fn check(&self) -> Result<(), ErrorKind> {
        match *self {
            Kind::Input(shape) => elementwise::check_input(shape),
            Kind::Conv(c) => c.check(),
            Kind::ConvTranspose(c) => c.check(),
            Kind::MaxPool(p) | Kind::AvgPool(p) => p.check(),
            Kind::AdaptiveAvgPool(size) | Kind::AdaptiveMaxPool(size) => {
                nonzero_pair(size, Arg::Value)
            }
            Kind::Upsample(u) => u.check(),
            Kind::Resize(r) => r.check(),
            Kind::Dense(d) | Kind::Linear(d) => d.check(),
            Kind::Dropout(d) | Kind::DropPath(d) => d.check(),
            Kind::GroupNorm(g, n) => {
                tri!(nonzero(g, Arg::Value));
                n.check()
            }
            Kind::Shuffle(g) | Kind::PixelShuffle(g) | Kind::PixelUnshuffle(g) => {
                nonzero(g, Arg::Value)
            }
            Kind::InstanceNorm(_, n) => n.check(),
            Kind::BatchNorm(n) | Kind::LayerNorm(n) => n.check(),
            Kind::LayerScale | Kind::PRelu | Kind::Pad(_) => Ok(()),
            Kind::GlobalAvgPool
            | Kind::Flatten
            | Kind::Activation(_)
            | Kind::Add
            | Kind::Cat
            | Kind::From(_)
            | Kind::Mul => Ok(()),
        }
    }

    /// How the layer's output positions see `input`, along height and width, for the
    /// receptive field: its sliding windows, one window over the whole map for layers
    /// that see all of it, or `None` for layers that keep positions (and for a flat
    /// input, whose field is already the whole input).
    pub(crate) const fn windows(&self, input: Shape) -> Option<Windows> {
        let Some(sizes) = input.sizes() else {
            return None;
        };
        let rank = input.rank();
        match self {
            Kind::Conv(c) => Some(c.windows(sizes, rank)),
            Kind::MaxPool(p) | Kind::AvgPool(p) => Some(p.windows(rank)),
            Kind::GlobalAvgPool | Kind::Flatten | Kind::Dense(_) => {
                // One window over the whole map.
                let mut axes = [Window::conv(1, 1, 0, 1); 3];
                let mut i = 0;
                while i < rank as usize {
                    let size = sizes.along(rank, i);
                    axes[i] = Window::conv(size, size, 0, 1);
                    i += 1;
                }
                Some(Windows::of(rank, axes))
            }
            // Resampling layers have steps of their own (`Kind::steps`).
            Kind::ConvTranspose(_)
            | Kind::Linear(_)
            | Kind::AdaptiveAvgPool(_)
            | Kind::AdaptiveMaxPool(_)
            | Kind::Upsample(_)
            | Kind::Resize(_)
            | Kind::Input(_)
            | Kind::BatchNorm(_)
            | Kind::LayerNorm(_)
            | Kind::GroupNorm(_, _)
            | Kind::LayerScale
            | Kind::DropPath(_)
            | Kind::Shuffle(_)
            | Kind::PixelShuffle(_)
            | Kind::PixelUnshuffle(_)
            | Kind::Pad(_)
            | Kind::InstanceNorm(_, _)
            | Kind::PRelu
            | Kind::Activation(_)
            | Kind::Dropout(_)
            | Kind::Add
            | Kind::Cat
            | Kind::From(_)
            | Kind::Mul => None,
        }
    }

    /// How the layer's output positions lie on `input`, axis by axis, for the
    /// receptive field: its sliding windows, or how it resamples; `None` for layers
    /// that keep positions and for a flat input.
    pub(crate) const fn steps(&self, input: Shape) -> Option<Steps> {
        let Some(sizes) = input.sizes() else {
            return None;
        };
        let rank = input.rank();
        match self {
            Kind::ConvTranspose(c) => Some(c.steps(rank)),
            Kind::AdaptiveAvgPool(size) | Kind::AdaptiveMaxPool(size) => {
                Some(pool::adaptive_steps(*size, sizes, rank))
            }
            Kind::Upsample(u) => Some(u.steps(sizes, rank)),
            Kind::Resize(r) => Some(r.steps(sizes, rank)),
            Kind::PixelShuffle(r) => Some(resample::pixel_shuffle_steps(*r, sizes, rank)),
            Kind::Pad(p) => Some(p.steps(rank)),
            Kind::PixelUnshuffle(r) => Some(resample::pixel_unshuffle_steps(*r, rank)),
            Kind::Input(_)
            | Kind::Conv(_)
            | Kind::MaxPool(_)
            | Kind::AvgPool(_)
            | Kind::GlobalAvgPool
            | Kind::Flatten
            | Kind::Dense(_)
            | Kind::Linear(_)
            | Kind::BatchNorm(_)
            | Kind::LayerNorm(_)
            | Kind::GroupNorm(_, _)
            | Kind::LayerScale
            | Kind::DropPath(_)
            | Kind::Shuffle(_)
            | Kind::InstanceNorm(_, _)
            | Kind::PRelu
            | Kind::Activation(_)
            | Kind::Dropout(_)
            | Kind::Add
            | Kind::Cat
            | Kind::From(_)
            | Kind::Mul => {
                let Some(windows) = self.windows(input) else {
                    return None;
                };
                let mut axes = [Step::KEEP; 3];
                let mut i = 0;
                while i < windows.rank as usize {
                    axes[i] = Step::window(windows.axes[i]);
                    i += 1;
                }
                Some(Steps {
                    rank: windows.rank,
                    axes,
                })
            }
        }
    }

    /// The window a message names, and what it calls it: a convolution's `kernel`, a
    /// pooling's `window`; `None` for a layer without one.
    pub const fn window(&self) -> Option<(&'static str, PerAxis)> {
        match self {
            Kind::Conv(c) => Some(("kernel", c.kernel)),
            Kind::ConvTranspose(c) => Some(("kernel", c.kernel)),
            Kind::MaxPool(p) | Kind::AvgPool(p) => Some(("window", p.kernel)),
            Kind::AdaptiveAvgPool(_)
            | Kind::AdaptiveMaxPool(_)
            | Kind::Upsample(_)
            | Kind::Resize(_)
            | Kind::Input(_)
            | Kind::GlobalAvgPool
            | Kind::Flatten
            | Kind::Dense(_)
            | Kind::Linear(_)
            | Kind::BatchNorm(_)
            | Kind::LayerNorm(_)
            | Kind::GroupNorm(_, _)
            | Kind::LayerScale
            | Kind::DropPath(_)
            | Kind::Shuffle(_)
            | Kind::PixelShuffle(_)
            | Kind::PixelUnshuffle(_)
            | Kind::Pad(_)
            | Kind::InstanceNorm(_, _)
            | Kind::PRelu
            | Kind::Activation(_)
            | Kind::Dropout(_)
            | Kind::Add
            | Kind::Cat
            | Kind::From(_)
            | Kind::Mul => None,
        }
    }

    /// The parameter count on `input` written out as the summary shows it, such as
    /// `(5*5*1+1)*32` for a 5x5 convolution from 1 to 32 channels; `None` for a layer
    /// without parameters.
    ///
    /// ```
    /// use cnn_core::{Conv, Kind, PerAxis, Shape};
    /// let kind = Kind::Conv(Conv::new(32, PerAxis::uniform(5)));
    /// let formula = kind.formula(Shape::image(1, 28, 28)).unwrap();
    /// assert_eq!(formula.to_string(), "(5*5*1+1)*32");
    /// ```
    pub const fn formula(&self, input: Shape) -> Option<Formula> {
        match self {
            Kind::Conv(_)
            | Kind::ConvTranspose(_)
            | Kind::Dense(_)
            | Kind::Linear(_)
            | Kind::BatchNorm(_)
            | Kind::LayerNorm(_)
            | Kind::GroupNorm(_, _)
            | Kind::InstanceNorm(true, _)
            | Kind::LayerScale
            | Kind::PRelu => Some(Formula { kind: *self, input }),
            Kind::Input(_)
            | Kind::MaxPool(_)
            | Kind::AvgPool(_)
            | Kind::GlobalAvgPool
            | Kind::AdaptiveAvgPool(_)
            | Kind::AdaptiveMaxPool(_)
            | Kind::Upsample(_)
            | Kind::Resize(_)
            | Kind::Flatten
            | Kind::DropPath(_)
            | Kind::Shuffle(_)
            | Kind::PixelShuffle(_)
            | Kind::PixelUnshuffle(_)
            | Kind::Pad(_)
            | Kind::InstanceNorm(false, _)
            | Kind::Activation(_)
            | Kind::Dropout(_)
            | Kind::Add
            | Kind::Cat
            | Kind::From(_)
            | Kind::Mul => None,
        }
    }

    /// The tensors this layer holds on `input`, under PyTorch's names and in its layouts:
    /// a convolution's `weight` `[C, Cin/g, kh, kw]` and `bias` `[C]`, a transposed
    /// one's weight `[Cin, C/g, kh, kw]`, a linear layer's `[out, in]`, BatchNorm's
    /// `weight`, `bias` and its buffers `running_mean` and `running_var`. Their
    /// trainable values add up to [`crate::Layer::params`], the others to its
    /// `non_trainable` (PyTorch's `num_batches_tracked` counter is not listed).
    ///
    /// ```
    /// use cnn_core::{Conv, Groups, Kind, PerAxis, Shape};
    /// let dw = Kind::Conv(Conv { groups: Groups::Depthwise, ..Conv::new(64, PerAxis::uniform(3)) });
    /// let params = dw.param_shapes(Shape::image(32, 56, 56));
    /// assert_eq!((params[0].name, &*params[0].dims), ("weight", &[64, 1, 3, 3][..]));
    /// assert_eq!((params[1].name, &*params[1].dims), ("bias", &[64][..]));
    /// ```
    pub const fn param_shapes(&self, input: Shape) -> Params {
        match self {
            Kind::Conv(c) => c.param_shapes(input),
            Kind::ConvTranspose(c) => c.param_shapes(input),
            Kind::Dense(d) => d.param_shapes(input),
            Kind::Linear(d) => d.linear_params(input),
            Kind::BatchNorm(_) => norm::batch_norm_params(input),
            Kind::LayerNorm(_) | Kind::GroupNorm(_, _) | Kind::InstanceNorm(true, _) => {
                norm::affine_params(input)
            }
            Kind::LayerScale => norm::scale_params(input),
            Kind::PRelu => Params::of(&[Param::learned("weight", &[1])]),
            Kind::Input(_)
            | Kind::MaxPool(_)
            | Kind::AvgPool(_)
            | Kind::GlobalAvgPool
            | Kind::AdaptiveAvgPool(_)
            | Kind::AdaptiveMaxPool(_)
            | Kind::Upsample(_)
            | Kind::Resize(_)
            | Kind::Flatten
            | Kind::DropPath(_)
            | Kind::Shuffle(_)
            | Kind::PixelShuffle(_)
            | Kind::PixelUnshuffle(_)
            | Kind::Pad(_)
            | Kind::InstanceNorm(false, _)
            | Kind::Activation(_)
            | Kind::Dropout(_)
            | Kind::Add
            | Kind::Cat
            | Kind::From(_)
            | Kind::Mul => Params::NONE,
        }
    }

    /// What the layer is, as messages say it: "a convolution", "max pooling".
    pub const fn noun(&self) -> &'static str {
        match self {
            Kind::Input(_) => "an input",
            Kind::Conv(_) => "a convolution",
            Kind::ConvTranspose(_) => "a transposed convolution",
            Kind::AdaptiveAvgPool(_) => "adaptive average pooling",
            Kind::AdaptiveMaxPool(_) => "adaptive max pooling",
            Kind::Upsample(_) => "an upsampling",
            Kind::Resize(_) => "a resizing",
            Kind::MaxPool(_) => "max pooling",
            Kind::AvgPool(_) => "average pooling",
            Kind::GlobalAvgPool => "global average pooling",
            Kind::Flatten => "a flattening",
            Kind::Dense(_) => "a dense layer",
            Kind::Linear(_) => "a linear layer at every position",
            Kind::BatchNorm(_) => "a batch normalization",
            Kind::LayerNorm(_) => "a layer normalization",
            Kind::GroupNorm(_, _) => "a group normalization",
            Kind::LayerScale => "a layer scale",
            Kind::DropPath(_) => "a drop path",
            Kind::Shuffle(_) => "a channel shuffle",
            Kind::PixelShuffle(_) => "a pixel shuffle",
            Kind::Pad(_) => "a padding",
            Kind::PixelUnshuffle(_) => "a pixel unshuffle",
            Kind::InstanceNorm(_, _) => "an instance normalization",
            Kind::PRelu => "a PReLU",
            Kind::Activation(_) => "an activation",
            Kind::Dropout(_) => "a dropout",
            Kind::Add => "a sum",
            Kind::Cat => "a concatenation",
            Kind::From(_) => "a `from`",
            Kind::Mul => "a product",
        }
    }
}

/// A layer's parameter count as an arithmetic expression; see [`Kind::formula`].
#[derive(Clone, Copy, Debug)]
pub struct Formula {
    kind: Kind,
    input: Shape,
}

impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Kind::Conv(c) => c.formula(self.input, f),
            Kind::ConvTranspose(c) => c.formula(self.input, f),
            Kind::Dense(d) => d.formula(self.input, f),
            Kind::Linear(d) => d.linear_formula(self.input, f),
            Kind::BatchNorm(_)
            | Kind::LayerNorm(_)
            | Kind::GroupNorm(_, _)
            | Kind::InstanceNorm(_, _) => norm::formula(self.input, f),
            Kind::LayerScale => norm::scale_formula(self.input, f),
            Kind::PRelu => f.write_str("1"),
            // `Kind::formula` gives no formula for the others.
            Kind::Input(_)
            | Kind::MaxPool(_)
            | Kind::AvgPool(_)
            | Kind::GlobalAvgPool
            | Kind::AdaptiveAvgPool(_)
            | Kind::AdaptiveMaxPool(_)
            | Kind::Upsample(_)
            | Kind::Resize(_)
            | Kind::Flatten
            | Kind::DropPath(_)
            | Kind::Shuffle(_)
            | Kind::PixelShuffle(_)
            | Kind::PixelUnshuffle(_)
            | Kind::Pad(_)
            | Kind::Activation(_)
            | Kind::Dropout(_)
            | Kind::Add
            | Kind::Cat
            | Kind::From(_)
            | Kind::Mul => Ok(()),
        }
    }
}
