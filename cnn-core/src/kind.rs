//! Layer kinds, their hyper-parameters, and what one layer does to a shape.

use crate::error::{Arg, ErrorKind, Quantity};
use crate::shape::{Axis, Pair, Shape};
use crate::window::{AxisError, Window};

/// What a layer computes, with its hyper-parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// The network's input; its shape is the layer's output. `input 1x28x28`.
    Input(Shape),
    /// `nn.Conv2d`. `conv 32 k5 s1 p0 d1 g1`.
    Conv2d(Conv2d),
    /// `nn.MaxPool2d`. `pool 2`.
    MaxPool2d(Pool2d),
    /// `nn.AvgPool2d`. `avgpool 2`.
    AvgPool2d(Pool2d),
    /// `nn.AdaptiveAvgPool2d(1)`: `CxHxW -> Cx1x1`. `gap`.
    GlobalAvgPool,
    /// `nn.Flatten`: `CxHxW -> C*H*W`. `flatten`.
    Flatten,
    /// `nn.Linear`, flattening its input first. `dense 256`, `output 10`.
    Dense(Dense),
    /// `nn.BatchNorm2d` on `CxHxW`, `nn.BatchNorm1d` on a flat vector. `bn`.
    BatchNorm,
    /// An element-wise activation. `relu`.
    Activation(Activation),
    /// `nn.Dropout`. `dropout 0.5`.
    Dropout(Dropout),
    /// The sum that ends a `residual` block: body plus shortcut.
    Add,
}

/// A convolution's hyper-parameters; the DSL's defaults come from [`Conv2d::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Conv2d {
    /// Output channels, `C`.
    pub filters: u64,
    /// Kernel size, `kK` or `kKHxKW`.
    pub kernel: Pair,
    /// Stride, `sS`.
    pub stride: Pair,
    /// Zero padding on each side, or `same`.
    pub padding: Padding,
    /// Dilation, `dD`.
    pub dilation: Pair,
    /// Groups, `gG`, or depthwise, `dw`.
    pub groups: Groups,
    /// Whether each filter has a bias (`nobias` turns it off).
    pub bias: bool,
}

impl Conv2d {
    /// `conv FILTERS kKERNEL` with every option at its default: stride 1, no padding,
    /// dilation 1, one group, with bias.
    pub const fn new(filters: u64, kernel: Pair) -> Conv2d {
        Conv2d {
            filters,
            kernel,
            stride: Pair::square(1),
            padding: Padding::Explicit(Pair::square(0)),
            dilation: Pair::square(1),
            groups: Groups::Count(1),
            bias: true,
        }
    }

    /// Its window along height and width. With `same`, the padding is Keras' padding
    /// before the first value on an input of `h` x `w` (it may differ after the last).
    pub(crate) const fn windows(&self, h: u64, w: u64) -> [Window; 2] {
        let (k, s, d) = (self.kernel, self.stride, self.dilation);
        let mut wh = Window::conv(k.h, s.h, 0, d.h);
        let mut ww = Window::conv(k.w, s.w, 0, d.w);
        match self.padding {
            Padding::Explicit(p) => {
                wh.p = p.h;
                ww.p = p.w;
            }
            Padding::Same => {
                wh.p = wh.same(h).1;
                ww.p = ww.same(w).1;
            }
        }
        [wh, ww]
    }

    /// The number of groups on an input of `in_channels` channels.
    pub const fn group_count(&self, in_channels: u64) -> u64 {
        match self.groups {
            Groups::Count(g) => g,
            Groups::Depthwise => in_channels,
        }
    }
}

/// A convolution's padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Padding {
    /// Zeros on each side of each axis: `pP`, `pPHxPW`; `valid` is `p0`.
    Explicit(Pair),
    /// Keras' `padding="same"`: `out = ceil(in / stride)`, padding split as Keras does.
    Same,
}

/// A convolution's grouping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Groups {
    /// `gG`: the channels split into `G` groups, which must divide `Cin` and `C`.
    Count(u64),
    /// `dw`: one group per input channel; `C` must be a multiple of `Cin`.
    Depthwise,
}

/// A pooling layer's hyper-parameters; the DSL's defaults come from [`Pool2d::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pool2d {
    /// The window, `pool K` or `pool KHxKW`.
    pub kernel: Pair,
    /// Stride, `sS`; defaults to the window.
    pub stride: Pair,
    /// Padding on each side, `pP`; at most half the window.
    pub padding: Pair,
    /// PyTorch's `ceil_mode`, `ceil`.
    pub ceil: bool,
}

impl Pool2d {
    /// `pool KERNEL`: stride equal to the window, no padding, floor mode.
    pub const fn new(kernel: Pair) -> Pool2d {
        Pool2d {
            kernel,
            stride: kernel,
            padding: Pair::square(0),
            ceil: false,
        }
    }

    /// The most padding PyTorch allows: half the window, per axis.
    pub const fn max_padding(&self) -> Pair {
        Pair::new(self.kernel.h / 2, self.kernel.w / 2)
    }

    /// Its window along height and width.
    pub(crate) const fn windows(&self) -> [Window; 2] {
        let (k, s, p, ceil) = (self.kernel, self.stride, self.padding, self.ceil);
        [
            Window {
                k: k.h,
                s: s.h,
                p: p.h,
                d: 1,
                ceil,
            },
            Window {
                k: k.w,
                s: s.w,
                p: p.w,
                d: 1,
                ceil,
            },
        ]
    }
}

/// A fully connected layer's hyper-parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dense {
    /// Output features, `N`.
    pub units: u64,
    /// Whether the layer has a bias (`nobias` turns it off).
    pub bias: bool,
}

/// Dropout's probability of zeroing an element, in `[0, 1)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dropout {
    /// The probability `P` of `dropout P`.
    pub p: f64,
}

/// The element-wise activations; none changes the shape or has parameters.
///
/// `leaky_relu` and `elu` keep the argument PyTorch's modules take (`leaky_relu 0.1`
/// is `nn.LeakyReLU(0.1)`); it changes no count.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activation {
    /// `relu`.
    Relu,
    /// `relu6`.
    Relu6,
    /// `leaky_relu [SLOPE]`: `nn.LeakyReLU(negative_slope)`, 0.01 when not written.
    LeakyRelu {
        /// The slope for negative inputs.
        negative_slope: f64,
    },
    /// `elu [ALPHA]`: `nn.ELU(alpha)`, 1.0 when not written.
    Elu {
        /// The value negative inputs saturate to, negated.
        alpha: f64,
    },
    /// `gelu`.
    Gelu,
    /// `silu`, also written `swish`.
    Silu,
    /// `sigmoid`.
    Sigmoid,
    /// `tanh`.
    Tanh,
    /// `hardswish`.
    Hardswish,
    /// `softmax`.
    Softmax,
}

impl Activation {
    /// Every activation, in the order of the DSL reference, with PyTorch's defaults.
    pub const ALL: [Activation; 10] = [
        Activation::Relu,
        Activation::Relu6,
        Activation::LeakyRelu {
            negative_slope: 0.01,
        },
        Activation::Elu { alpha: 1.0 },
        Activation::Gelu,
        Activation::Silu,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Hardswish,
        Activation::Softmax,
    ];

    /// Its position in [`Activation::ALL`].
    pub const fn index(self) -> usize {
        match self {
            Activation::Relu => 0,
            Activation::Relu6 => 1,
            Activation::LeakyRelu { .. } => 2,
            Activation::Elu { .. } => 3,
            Activation::Gelu => 4,
            Activation::Silu => 5,
            Activation::Sigmoid => 6,
            Activation::Tanh => 7,
            Activation::Hardswish => 8,
            Activation::Softmax => 9,
        }
    }
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

/// `?` for `const fn`.
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err(e),
        }
    };
}

/// Checked multiplication that names what overflowed.
const fn mul(a: u64, b: u64, what: Quantity) -> Result<u64, ErrorKind> {
    match a.checked_mul(b) {
        Some(v) => Ok(v),
        None => Err(ErrorKind::Overflow(what)),
    }
}

/// Checked addition that names what overflowed.
const fn add(a: u64, b: u64, what: Quantity) -> Result<u64, ErrorKind> {
    match a.checked_add(b) {
        Some(v) => Ok(v),
        None => Err(ErrorKind::Overflow(what)),
    }
}

const fn nonzero(v: u64, arg: Arg) -> Result<(), ErrorKind> {
    if v == 0 {
        Err(ErrorKind::Zero(arg))
    } else {
        Ok(())
    }
}

const fn nonzero_pair(v: Pair, arg: Arg) -> Result<(), ErrorKind> {
    nonzero(v.min(), arg)
}

const fn identity(input: Shape) -> Applied {
    Applied {
        output: input,
        params: 0,
        non_trainable: 0,
        macs: 0,
    }
}

/// One axis of a sliding window over `i` values, its failure turned into the layer's
/// error.
const fn axis(axis: Axis, win: Window, i: u64) -> Result<u64, ErrorKind> {
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

/// The `(C, H, W)` of a spatial input, or E7 for a flat one.
const fn spatial(input: Shape) -> Result<(u64, u64, u64), ErrorKind> {
    match input {
        Shape::Spatial {
            channels,
            height,
            width,
        } => Ok((channels, height, width)),
        Shape::Flat(_) => Err(ErrorKind::NeedsSpatial),
    }
}

impl Kind {
    /// What the layer is, as messages say it: "a convolution", "max pooling".
    pub const fn noun(&self) -> &'static str {
        match self {
            Kind::Input(_) => "an input",
            Kind::Conv2d(_) => "a convolution",
            Kind::MaxPool2d(_) => "max pooling",
            Kind::AvgPool2d(_) => "average pooling",
            Kind::GlobalAvgPool => "global average pooling",
            Kind::Flatten => "a flattening",
            Kind::Dense(_) => "a dense layer",
            Kind::BatchNorm => "a batch normalization",
            Kind::Activation(_) => "an activation",
            Kind::Dropout(_) => "a dropout",
            Kind::Add => "a residual sum",
        }
    }

    /// A distinct small number per prefix, for counting default names.
    pub(crate) const fn slot(&self) -> usize {
        match self {
            Kind::Input(_) => 0,
            Kind::Conv2d(_) => 1,
            Kind::MaxPool2d(_) => 2,
            Kind::AvgPool2d(_) => 3,
            Kind::GlobalAvgPool => 4,
            Kind::Flatten => 5,
            Kind::Dense(_) => 6,
            Kind::BatchNorm => 7,
            Kind::Dropout(_) => 8,
            Kind::Add => 9,
            Kind::Activation(a) => 10 + a.index(),
        }
    }

    /// The number of distinct [`Kind::slot`]s.
    pub(crate) const SLOTS: usize = 10 + Activation::ALL.len();

    /// How the layer's output positions see `input`, along height and width, for the
    /// receptive field: its sliding windows, one window over the whole map for layers
    /// that see all of it, or `None` for layers that keep positions (and for a flat
    /// input, whose field is already the whole input).
    pub(crate) const fn windows(&self, input: Shape) -> Option<[Window; 2]> {
        let Shape::Spatial { height, width, .. } = input else {
            return None;
        };
        match self {
            Kind::Conv2d(c) => Some(c.windows(height, width)),
            Kind::MaxPool2d(p) | Kind::AvgPool2d(p) => Some(p.windows()),
            Kind::GlobalAvgPool | Kind::Flatten | Kind::Dense(_) => Some([
                Window::conv(height, height, 0, 1),
                Window::conv(width, width, 0, 1),
            ]),
            Kind::Input(_)
            | Kind::BatchNorm
            | Kind::Activation(_)
            | Kind::Dropout(_)
            | Kind::Add => None,
        }
    }

    /// What this layer makes of `input`: its output shape, parameters and MACs, with
    /// every rule of the DSL checked and all arithmetic checked against overflow.
    ///
    /// ```
    /// use cnn_core::{Conv2d, Kind, Pair, Shape};
    /// let conv = Kind::Conv2d(Conv2d::new(32, Pair::square(5)));
    /// let out = conv.apply(Shape::spatial(1, 28, 28)).unwrap();
    /// assert_eq!(out.output, Shape::spatial(32, 24, 24));
    /// assert_eq!(out.params, (5 * 5 * 1 + 1) * 32);
    /// assert_eq!(out.macs, 5 * 5 * 1 * 32 * 24 * 24);
    /// ```
    pub const fn apply(&self, input: Shape) -> Result<Applied, ErrorKind> {
        tri!(self.check());
        match *self {
            Kind::Input(shape) => input_layer(shape),
            Kind::Conv2d(c) => conv2d(c, input),
            Kind::MaxPool2d(p) | Kind::AvgPool2d(p) => pool2d(p, input),
            Kind::GlobalAvgPool => {
                let (c, _, _) = tri!(spatial(input));
                Ok(Applied {
                    output: Shape::spatial(c, 1, 1),
                    ..identity(input)
                })
            }
            Kind::Flatten => match input.elements() {
                Some(n) => Ok(Applied {
                    output: Shape::Flat(n),
                    ..identity(input)
                }),
                None => Err(ErrorKind::Overflow(Quantity::Elements)),
            },
            Kind::Dense(d) => dense(d, input),
            Kind::BatchNorm => {
                let both = tri!(mul(2, input.channels(), Quantity::Params));
                Ok(Applied {
                    params: both,
                    non_trainable: both,
                    ..identity(input)
                })
            }
            Kind::Activation(_) | Kind::Dropout(_) | Kind::Add => Ok(identity(input)),
        }
    }

    /// The rules that do not depend on the input: no zero sizes, pooling padding at
    /// most half the window, a dropout probability in `[0, 1)`. [`Kind::apply`] checks
    /// them first; they can also be checked where the input is not known.
    ///
    /// ```
    /// use cnn_core::{ErrorKind, Kind, Pair, Pool2d};
    /// let pool = Kind::MaxPool2d(Pool2d { padding: Pair::square(2), ..Pool2d::new(Pair::square(2)) });
    /// assert!(matches!(pool.check(), Err(ErrorKind::PoolPadding { .. })));
    /// ```
    pub const fn check(&self) -> Result<(), ErrorKind> {
        match *self {
            Kind::Input(shape) => {
                if let Shape::Spatial { height, width, .. } = shape {
                    tri!(nonzero(height, Arg::Value));
                    tri!(nonzero(width, Arg::Value));
                }
                tri!(nonzero(shape.channels(), Arg::Value));
                if shape.elements().is_none() {
                    return Err(ErrorKind::Overflow(Quantity::Elements));
                }
            }
            Kind::Conv2d(c) => {
                tri!(nonzero(c.filters, Arg::Value));
                tri!(nonzero_pair(c.kernel, Arg::Kernel));
                tri!(nonzero_pair(c.stride, Arg::Stride));
                tri!(nonzero_pair(c.dilation, Arg::Dilation));
                if let Groups::Count(g) = c.groups {
                    tri!(nonzero(g, Arg::Groups));
                }
                // Keras refuses strides above 1 together with dilations above 1.
                if let Padding::Same = c.padding {
                    let (s, d) = (c.stride, c.dilation);
                    if (s.h > 1 || s.w > 1) && (d.h > 1 || d.w > 1) {
                        return Err(ErrorKind::SameStrideDilation {
                            stride: s,
                            dilation: d,
                        });
                    }
                }
            }
            Kind::MaxPool2d(p) | Kind::AvgPool2d(p) => {
                tri!(nonzero_pair(p.kernel, Arg::Kernel));
                tri!(nonzero_pair(p.stride, Arg::Stride));
                let most = p.max_padding();
                if p.padding.h > most.h || p.padding.w > most.w {
                    return Err(ErrorKind::PoolPadding {
                        padding: p.padding,
                        kernel: p.kernel,
                    });
                }
            }
            Kind::Dense(d) => tri!(nonzero(d.units, Arg::Value)),
            // `!(p >= 0.0)` also rejects NaN.
            Kind::Dropout(Dropout { p }) if !(p >= 0.0 && p < 1.0) => {
                return Err(ErrorKind::DropoutRange)
            }
            _ => {}
        }
        Ok(())
    }
}

const fn input_layer(shape: Shape) -> Result<Applied, ErrorKind> {
    Ok(Applied {
        output: shape,
        params: 0,
        non_trainable: 0,
        macs: 0,
    })
}

const fn conv2d(c: Conv2d, input: Shape) -> Result<Applied, ErrorKind> {
    let (cin, h, w) = tri!(spatial(input));
    let groups = c.group_count(cin);
    match c.groups {
        Groups::Count(g) => {
            if !cin.is_multiple_of(g) || !c.filters.is_multiple_of(g) {
                return Err(ErrorKind::Groups {
                    groups: g,
                    in_channels: cin,
                    out_channels: c.filters,
                });
            }
        }
        Groups::Depthwise => {
            if !c.filters.is_multiple_of(cin) {
                return Err(ErrorKind::Depthwise {
                    in_channels: cin,
                    out_channels: c.filters,
                });
            }
        }
    }
    let [wh, ww] = c.windows(h, w);
    let (ho, wo) = match c.padding {
        Padding::Explicit(_) => (
            tri!(axis(Axis::Height, wh, h)),
            tri!(axis(Axis::Width, ww, w)),
        ),
        Padding::Same => (wh.same(h).0, ww.same(w).0),
    };
    let k = c.kernel;
    let per_filter = tri!(mul(
        tri!(mul(k.h, k.w, Quantity::Params)),
        cin / groups,
        Quantity::Params
    ));
    let params = tri!(mul(
        tri!(add(per_filter, c.bias as u64, Quantity::Params)),
        c.filters,
        Quantity::Params
    ));
    let output = Shape::spatial(c.filters, ho, wo);
    let positions = match output.elements() {
        Some(n) => n,
        None => return Err(ErrorKind::Overflow(Quantity::Elements)),
    };
    let macs = tri!(mul(per_filter, positions, Quantity::Macs));
    Ok(Applied {
        output,
        params,
        non_trainable: 0,
        macs,
    })
}

const fn pool2d(p: Pool2d, input: Shape) -> Result<Applied, ErrorKind> {
    let (c, h, w) = tri!(spatial(input));
    let [wh, ww] = p.windows();
    let ho = tri!(axis(Axis::Height, wh, h));
    let wo = tri!(axis(Axis::Width, ww, w));
    Ok(Applied {
        output: Shape::spatial(c, ho, wo),
        ..identity(input)
    })
}

const fn dense(d: Dense, input: Shape) -> Result<Applied, ErrorKind> {
    let inputs = match input.elements() {
        Some(n) => n,
        None => return Err(ErrorKind::Overflow(Quantity::Elements)),
    };
    let params = tri!(mul(
        tri!(add(inputs, d.bias as u64, Quantity::Params)),
        d.units,
        Quantity::Params
    ));
    let macs = tri!(mul(inputs, d.units, Quantity::Macs));
    Ok(Applied {
        output: Shape::Flat(d.units),
        params,
        non_trainable: 0,
        macs,
    })
}
