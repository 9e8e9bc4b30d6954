//! Convolutions: `nn.Conv2d`'s shape, parameters, MACs, windows, formula and checks.

use super::{
    add, fits, identity, insists, map, mul, nonzero, nonzero_pair, slide, with_sizes, Applied,
    Param, Params,
};
use crate::error::{Arg, ErrorKind, Quantity};
use crate::shape::{Axis, Factors, PerAxis, Shape};
use crate::window::{Step, Steps, Window, Windows};
use core::fmt;

/// A convolution's hyper-parameters; the DSL's defaults come from [`Conv::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Conv {
    /// Output channels, `C`.
    pub filters: u64,
    /// Kernel size, `kK` or `kKHxKW`.
    pub kernel: PerAxis,
    /// Stride, `sS`.
    pub stride: PerAxis,
    /// Zero padding on each side, or `same`.
    pub padding: Padding,
    /// Dilation, `dD`.
    pub dilation: PerAxis,
    /// Groups, `gG`, or depthwise, `dw`.
    pub groups: Groups,
    /// Whether each filter has a bias (`nobias` turns it off).
    pub bias: bool,
    /// The rank its keyword insists on (`conv1d`: 1, `conv3d`: 3), or `None` for
    /// `conv`, which takes its input's.
    pub rank: Option<u8>,
}

impl Conv {
    /// `conv FILTERS kKERNEL` with every option at its default: stride 1, no padding,
    /// dilation 1, one group, with bias.
    pub const fn new(filters: u64, kernel: PerAxis) -> Conv {
        Conv {
            filters,
            kernel,
            stride: PerAxis::uniform(1),
            padding: Padding::Explicit(PerAxis::uniform(0)),
            dilation: PerAxis::uniform(1),
            groups: Groups::Count(1),
            bias: true,
            rank: None,
        }
    }

    /// Its windows along the `rank` axes of a map of `sizes`. With `same`, the padding
    /// is Keras' padding before the first value (it may differ after the last).
    pub(crate) const fn windows(&self, sizes: PerAxis, rank: u8) -> Windows {
        let (k, s, d) = (self.kernel, self.stride, self.dilation);
        let mut axes = [Window::conv(1, 1, 0, 1); 3];
        let mut i = 0;
        while i < rank as usize {
            let mut win = Window::conv(k.along(rank, i), s.along(rank, i), 0, d.along(rank, i));
            win.p = match self.padding {
                Padding::Explicit(p) => p.along(rank, i),
                Padding::Same => win.same(sizes.along(rank, i)).1,
            };
            axes[i] = win;
            i += 1;
        }
        Windows::of(rank, axes)
    }

    /// `weight` `[C, Cin/g, k...]` and `bias` `[C]`.
    pub(super) const fn param_shapes(&self, input: Shape) -> Params {
        let cin = input.channels();
        let g = self.group_count(cin);
        let per = match cin.checked_div(g) {
            Some(v) => v,
            None => 0,
        };
        let dims = kernel_dims(self.filters, per, self.kernel, input.rank());
        let weight = Param::learned("weight", dims.split_at(dims_len(input.rank())).0);
        match self.bias {
            true => Params::of(&[weight, Param::learned("bias", &[self.filters])]),
            false => Params::of(&[weight]),
        }
    }

    /// The zeros it pads `input` with along each axis (first axis first, the input's
    /// rank of them): `(p, p)` for `pP`, and Keras' split for `same`, the odd one
    /// after: what a backend pads with to compute it.
    ///
    /// ```
    /// use cnn_core::{Conv, Padding, PerAxis, Shape};
    /// let same = Conv { padding: Padding::Same, ..Conv::new(8, PerAxis::uniform(4)) };
    /// // k4 on 16 needs 3 zeros: 1 before, 2 after.
    /// assert_eq!(same.paddings(Shape::image(1, 16, 16))[..2], [(1, 2), (1, 2)]);
    /// ```
    pub const fn paddings(&self, input: Shape) -> [(u64, u64); 3] {
        let mut pads = [(0, 0); 3];
        let (Some(sizes), rank) = (input.sizes(), input.rank()) else {
            return pads;
        };
        let windows = self.windows(sizes, rank);
        let mut i = 0;
        while i < rank as usize {
            pads[i] = match self.padding {
                Padding::Explicit(p) => (p.along(rank, i), p.along(rank, i)),
                Padding::Same => {
                    let (_, before, after) = windows.axes[i].same(sizes.along(rank, i));
                    (before, after)
                }
            };
            i += 1;
        }
        pads
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
    Explicit(PerAxis),
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

impl Conv {
    /// The rules that need no input: sizes of at least 1, and Keras' refusal of `same`
    /// with a stride above 1 together with a dilation above 1.
    pub(super) const fn check(self) -> Result<(), ErrorKind> {
        tri!(nonzero(self.filters, Arg::Value));
        tri!(nonzero_pair(self.kernel, Arg::Kernel));
        tri!(nonzero_pair(self.stride, Arg::Stride));
        tri!(nonzero_pair(self.dilation, Arg::Dilation));
        if let Groups::Count(g) = self.groups {
            tri!(nonzero(g, Arg::Groups));
        }
        if let Padding::Same = self.padding {
            let (s, d) = (self.stride, self.dilation);
            if (s.h > 1 || s.w > 1) && (d.h > 1 || d.w > 1) {
                return Err(ErrorKind::SameStrideDilation {
                    stride: s,
                    dilation: d,
                });
            }
        }
        Ok(())
    }

    /// Its output, parameters and MACs on `input`: PyTorch's `Conv2d` (and `Conv1d`, `Conv3d`), with groups
    /// that must divide both channel counts.
    pub(super) const fn apply(self, input: Shape) -> Result<Applied, ErrorKind> {
        tri!(insists(self.rank, input));
        let (cin, sizes, rank) = tri!(map(input));
        tri!(fits(self.kernel, Arg::Kernel, rank));
        tri!(fits(self.stride, Arg::Stride, rank));
        tri!(fits(self.dilation, Arg::Dilation, rank));
        if let Padding::Explicit(p) = self.padding {
            tri!(fits(p, Arg::Padding, rank));
        }
        let groups = self.group_count(cin);
        match self.groups {
            Groups::Count(g) => tri!(groups_divide(g, cin, self.filters)),
            Groups::Depthwise => {
                if !self.filters.is_multiple_of(cin) {
                    return Err(ErrorKind::Depthwise {
                        in_channels: cin,
                        out_channels: self.filters,
                    });
                }
            }
        }
        let windows = self.windows(sizes, rank);
        let out = match self.padding {
            Padding::Explicit(_) => tri!(slide(windows, sizes)),
            Padding::Same => {
                let mut out = [0; 3];
                let mut i = 0;
                while i < rank as usize {
                    out[3 - rank as usize + i] = windows.axes[i].same(sizes.along(rank, i)).0;
                    i += 1;
                }
                PerAxis::axes(rank, out)
            }
        };
        // Each filter sees the kernel's volume times Cin/g inputs; a bias adds one.
        let volume = match self.kernel.volume(rank) {
            Some(v) => v,
            None => return Err(ErrorKind::Overflow(Quantity::Params)),
        };
        let per_filter = tri!(mul(volume, cin / groups, Quantity::Params));
        let params = tri!(mul(
            tri!(add(per_filter, self.bias as u64, Quantity::Params)),
            self.filters,
            Quantity::Params
        ));
        let output = with_sizes(self.filters, out, rank);
        let positions = match output.elements() {
            Some(n) => n,
            None => return Err(ErrorKind::Overflow(Quantity::Elements)),
        };
        let macs = tri!(mul(per_filter, positions, Quantity::Macs));
        Ok(Applied {
            output,
            params,
            macs,
            ..identity(input)
        })
    }

    /// `(kh*kw*Cin/g+1)*C` (a factor of the kernel per axis), or without the `+1` for
    /// `nobias`.
    pub(super) fn formula(self, input: Shape, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cin = input.channels();
        let g = self.group_count(cin);
        let k = Factors(self.kernel, input.rank());
        let (per, co) = (Per(cin, g), self.filters);
        if self.bias {
            write!(f, "({k}*{per}+1)*{co}")
        } else {
            write!(f, "{k}*{per}*{co}")
        }
    }
}

/// E8: `g` groups must divide both channel counts, of a convolution or a transposed one.
const fn groups_divide(g: u64, in_channels: u64, out_channels: u64) -> Result<(), ErrorKind> {
    if in_channels.is_multiple_of(g) && out_channels.is_multiple_of(g) {
        Ok(())
    } else {
        Err(ErrorKind::Groups {
            groups: g,
            in_channels,
            out_channels,
        })
    }
}

/// How many dimensions a kernel has on an input of `rank` axes (2-D for a flat input).
const fn dims_len(rank: u8) -> usize {
    2 + if rank == 0 { 2 } else { rank as usize }
}

/// A kernel's dimensions, `[a, b, k...]` along `rank` axes (2-D for a flat input); the
/// first [`dims_len`] are used.
const fn kernel_dims(a: u64, b: u64, kernel: PerAxis, rank: u8) -> [u64; 5] {
    let rank = if rank == 0 { 2 } else { rank };
    let mut dims = [a, b, 0, 0, 0];
    let mut i = 0;
    while i < rank as usize {
        dims[2 + i] = kernel.along(rank, i);
        i += 1;
    }
    dims
}

/// `Cin` or `Cin/g`: the input channels each filter sees.
struct Per(u64, u64);

impl fmt::Display for Per {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            1 => write!(f, "{}", self.0),
            g => write!(f, "{}/{g}", self.0),
        }
    }
}

/// A transposed convolution's hyper-parameters (`nn.ConvTranspose2d`); the DSL's
/// defaults come from [`ConvTranspose::new`].
///
/// ```
/// use cnn_core::{ConvTranspose, Kind, PerAxis, Shape};
/// // U-Net's up-convolution: 2x2, stride 2, doubling height and width.
/// let up = Kind::ConvTranspose(ConvTranspose { stride: PerAxis::uniform(2), ..ConvTranspose::new(64, PerAxis::uniform(2)) });
/// let out = up.apply(Shape::image(128, 28, 28)).unwrap();
/// assert_eq!(out.output, Shape::image(64, 56, 56));
/// assert_eq!(out.params, 128 * 64 * 2 * 2 + 64);
/// assert_eq!(out.macs, 2 * 2 * 128 * 64 * 28 * 28);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConvTranspose {
    /// Output channels, `C`.
    pub filters: u64,
    /// Kernel size, `kK` or `kKHxKW`.
    pub kernel: PerAxis,
    /// Stride, `sS`: how much larger the output is.
    pub stride: PerAxis,
    /// Padding, `pP`: `d*(k-1) - p` zeros around the input of the equivalent
    /// convolution, so that `p` takes `2p` from the output.
    pub padding: PerAxis,
    /// Output padding, `opO`: added to one side of the output; smaller than the stride
    /// or the dilation.
    pub output_padding: PerAxis,
    /// Dilation, `dD`.
    pub dilation: PerAxis,
    /// Groups, `gG`, which must divide `Cin` and `C`.
    pub groups: u64,
    /// Whether each filter has a bias (`nobias` turns it off).
    pub bias: bool,
    /// The rank its keyword insists on (`convtranspose1d`: 1), or `None` for `upconv`,
    /// which takes its input's.
    pub rank: Option<u8>,
}

impl ConvTranspose {
    /// `upconv FILTERS kKERNEL` with every option at its default: stride 1, no padding
    /// or output padding, dilation 1, one group, with bias.
    pub const fn new(filters: u64, kernel: PerAxis) -> ConvTranspose {
        ConvTranspose {
            filters,
            kernel,
            stride: PerAxis::uniform(1),
            padding: PerAxis::uniform(0),
            output_padding: PerAxis::uniform(0),
            dilation: PerAxis::uniform(1),
            groups: 1,
            bias: true,
            rank: None,
        }
    }

    /// The rules that need no input: sizes of at least 1, and PyTorch's "output
    /// padding must be smaller than either stride or dilation" along every axis.
    pub(super) const fn check(self) -> Result<(), ErrorKind> {
        tri!(nonzero(self.filters, Arg::Value));
        tri!(nonzero_pair(self.kernel, Arg::Kernel));
        tri!(nonzero_pair(self.stride, Arg::Stride));
        tri!(nonzero_pair(self.dilation, Arg::Dilation));
        tri!(nonzero(self.groups, Arg::Groups));
        let (op, s, d) = (self.output_padding, self.stride, self.dilation);
        let mut rank = op.rank();
        if s.rank() > rank {
            rank = s.rank();
        }
        if d.rank() > rank {
            rank = d.rank();
        }
        if rank == 0 {
            rank = 1;
        }
        let mut i = 0;
        while i < rank as usize {
            let o = op.along(rank, i);
            if o >= s.along(rank, i) && o >= d.along(rank, i) {
                return Err(ErrorKind::OutputPadding {
                    output_padding: op,
                    stride: s,
                    dilation: d,
                });
            }
            i += 1;
        }
        Ok(())
    }

    /// Its output, parameters and MACs on `input`: PyTorch's `ConvTranspose2d`,
    /// `out = (i-1)*s - 2p + d*(k-1) + op + 1` per axis, weights `Cin x C/g x kh x kw`,
    /// and every input value times the `C/g` kernels it is scattered through.
    pub(super) const fn apply(self, input: Shape) -> Result<Applied, ErrorKind> {
        tri!(insists(self.rank, input));
        let (cin, sizes, rank) = tri!(map(input));
        tri!(fits(self.kernel, Arg::Kernel, rank));
        tri!(fits(self.stride, Arg::Stride, rank));
        tri!(fits(self.padding, Arg::Padding, rank));
        tri!(fits(self.output_padding, Arg::OutputPadding, rank));
        tri!(fits(self.dilation, Arg::Dilation, rank));
        let g = self.groups;
        tri!(groups_divide(g, cin, self.filters));
        let mut out = [0; 3];
        let mut i = 0;
        while i < rank as usize {
            let (size, s) = (sizes.along(rank, i), self.stride.along(rank, i));
            let (k, d) = (self.kernel.along(rank, i), self.dilation.along(rank, i));
            let op = self.output_padding.along(rank, i);
            let window = Quantity::Window;
            // (i-1)*s + d*(k-1) + op + 1, then less 2p.
            let stretched = tri!(mul(size - 1, s, window));
            let span = tri!(mul(d, k - 1, window));
            let unpadded = tri!(add(
                tri!(add(stretched, span, window)),
                tri!(add(op, 1, window)),
                window
            ));
            let padding = self.padding.along(rank, i);
            let both = tri!(mul(padding, 2, window));
            if unpadded <= both {
                return Err(ErrorKind::UpconvEmpty {
                    axis: Axis::of(rank, i),
                    unpadded,
                    padding,
                });
            }
            out[3 - rank as usize + i] = unpadded - both;
            i += 1;
        }
        let volume = match self.kernel.volume(rank) {
            Some(v) => v,
            None => return Err(ErrorKind::Overflow(Quantity::Params)),
        };
        // Each input channel has C/g kernels.
        let per_input = tri!(mul(volume, self.filters / g, Quantity::Params));
        let weights = tri!(mul(per_input, cin, Quantity::Params));
        let params = tri!(add(
            weights,
            if self.bias { self.filters } else { 0 },
            Quantity::Params
        ));
        let values = match input.elements() {
            Some(n) => n,
            None => return Err(ErrorKind::Overflow(Quantity::Elements)),
        };
        let output = with_sizes(self.filters, PerAxis::axes(rank, out), rank);
        if output.elements().is_none() {
            return Err(ErrorKind::Overflow(Quantity::Elements));
        }
        let macs = tri!(mul(per_input, values, Quantity::Macs));
        Ok(Applied {
            output,
            params,
            macs,
            ..identity(input)
        })
    }

    /// Its field along the `rank` axes: the equivalent convolution of stride 1 over
    /// the input with `s - 1` zeros between its values, so that a step of the output
    /// is `1/s` of the input's.
    pub(crate) const fn steps(&self, rank: u8) -> Steps {
        let mut axes = [Step::KEEP; 3];
        let mut i = 0;
        while i < rank as usize {
            let s = self.stride.along(rank, i);
            let k = self.kernel.along(rank, i);
            let span = k
                .saturating_sub(1)
                .saturating_mul(self.dilation.along(rank, i));
            let p = self.padding.along(rank, i);
            axes[i] = Step {
                extent: (span, s),
                step: (1, s),
                offset: (p as f64 - span as f64 / 2.0) / s as f64,
            };
            i += 1;
        }
        Steps { rank, axes }
    }

    /// `weight` `[Cin, C/g, k...]` and `bias` `[C]`.
    pub(super) const fn param_shapes(&self, input: Shape) -> Params {
        let per = match self.filters.checked_div(self.groups) {
            Some(v) => v,
            None => 0,
        };
        let dims = kernel_dims(input.channels(), per, self.kernel, input.rank());
        let weight = Param::learned("weight", dims.split_at(dims_len(input.rank())).0);
        match self.bias {
            true => Params::of(&[weight, Param::learned("bias", &[self.filters])]),
            false => Params::of(&[weight]),
        }
    }

    /// `Cin*C*kh*kw+C` (`Cin*C/g*...` with groups), without the `+C` for `nobias`.
    pub(super) fn formula(self, input: Shape, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cin = input.channels();
        let k = Factors(self.kernel, input.rank());
        let per = Per(self.filters, self.groups);
        write!(f, "{cin}*{per}*{k}")?;
        if self.bias {
            write!(f, "+{}", self.filters)?;
        }
        Ok(())
    }
}
