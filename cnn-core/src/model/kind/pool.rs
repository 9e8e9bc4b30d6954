//! Pooling: `nn.MaxPool2d` and `nn.AvgPool2d` (PyTorch's `ceil_mode` included), and
//! global average pooling.

use super::resample::resized;
use super::{fits, identity, insists, map, nonzero_pair, slide, with_sizes, Applied};
use crate::error::{Arg, ErrorKind};
use crate::shape::{PerAxis, Shape};
use crate::window::{Step, Steps, Window, Windows};

/// A pooling layer's hyper-parameters; the DSL's defaults come from [`Pool::new`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pool {
    /// The window, `pool K` or `pool KHxKW`.
    pub kernel: PerAxis,
    /// Stride, `sS`; defaults to the window.
    pub stride: PerAxis,
    /// Padding on each side, `pP`; at most half the window.
    pub padding: PerAxis,
    /// PyTorch's `ceil_mode`, `ceil`.
    pub ceil: bool,
    /// The rank its keyword insists on (`maxpool1d`: 1), or `None` for `pool` and
    /// `avgpool`, which take their input's.
    pub rank: Option<u8>,
}

impl Pool {
    /// `pool KERNEL`: stride equal to the window, no padding, floor mode.
    pub const fn new(kernel: PerAxis) -> Pool {
        Pool {
            kernel,
            stride: kernel,
            padding: PerAxis::uniform(0),
            ceil: false,
            rank: None,
        }
    }

    /// The most padding PyTorch allows: half the window, per axis.
    pub const fn max_padding(&self) -> PerAxis {
        let [d, h, w] = self.kernel.slots();
        match self.kernel.rank() {
            0 => PerAxis::uniform(w / 2),
            rank => PerAxis::axes(rank, [d / 2, h / 2, w / 2]),
        }
    }

    /// Its windows along the `rank` axes of a map.
    pub(crate) const fn windows(&self, rank: u8) -> Windows {
        let (k, s, p, ceil) = (self.kernel, self.stride, self.padding, self.ceil);
        let mut axes = [Window::conv(1, 1, 0, 1); 3];
        let mut i = 0;
        while i < rank as usize {
            axes[i] = Window {
                k: k.along(rank, i),
                s: s.along(rank, i),
                p: p.along(rank, i),
                d: 1,
                ceil,
            };
            i += 1;
        }
        Windows::of(rank, axes)
    }
}

impl Pool {
    /// The rules that need no input: sizes of at least 1, padding at most half the
    /// window.
    pub(super) const fn check(self) -> Result<(), ErrorKind> {
        tri!(nonzero_pair(self.kernel, Arg::Kernel));
        tri!(nonzero_pair(self.stride, Arg::Stride));
        let most = self.max_padding();
        let rank = match (self.kernel.rank(), self.padding.rank()) {
            (0, 0) => 1,
            (0, r) | (r, _) => r,
        };
        let mut over = false;
        let mut i = 0;
        while i < rank as usize {
            over |= self.padding.along(rank, i) > most.along(rank, i);
            i += 1;
        }
        if over {
            return Err(ErrorKind::PoolPadding {
                padding: self.padding,
                kernel: self.kernel,
            });
        }
        Ok(())
    }

    /// Its output on `input`: the channels kept, each axis slid over.
    pub(super) const fn apply(self, input: Shape) -> Result<Applied, ErrorKind> {
        tri!(insists(self.rank, input));
        let (c, sizes, rank) = tri!(map(input));
        tri!(fits(self.kernel, Arg::Kernel, rank));
        tri!(fits(self.stride, Arg::Stride, rank));
        tri!(fits(self.padding, Arg::Padding, rank));
        let out = tri!(slide(self.windows(rank), sizes));
        Ok(Applied {
            output: with_sizes(c, out, rank),
            ..identity(input)
        })
    }
}

/// Global average pooling, `nn.AdaptiveAvgPool2d(1)`: `CxHxW -> Cx1x1`.
pub(super) const fn global(input: Shape) -> Result<Applied, ErrorKind> {
    let (c, _, rank) = tri!(map(input));
    Ok(Applied {
        output: with_sizes(c, PerAxis::uniform(1), rank),
        ..identity(input)
    })
}

/// Adaptive pooling to `size` (`nn.AdaptiveAvgPool2d(size)`, `nn.AdaptiveMaxPool2d`):
/// the spatial sizes become `size`, larger or smaller than the input's.
pub(super) const fn adaptive(size: PerAxis, input: Shape) -> Result<Applied, ErrorKind> {
    let (c, _, rank) = tri!(map(input));
    tri!(nonzero_pair(size, Arg::Value));
    tri!(fits(size, Arg::Value, rank));
    Ok(Applied {
        output: tri!(resized(c, size, rank)),
        ..identity(input)
    })
}

/// The windows of adaptive pooling from `sizes` to `size`, for the receptive field.
pub(super) const fn adaptive_steps(size: PerAxis, sizes: PerAxis, rank: u8) -> Steps {
    let mut axes = [Step::KEEP; 3];
    let mut i = 0;
    while i < rank as usize {
        axes[i] = Step::adaptive(sizes.along(rank, i), size.along(rank, i));
        i += 1;
    }
    Steps { rank, axes }
}
