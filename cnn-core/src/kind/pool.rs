//! Pooling: `nn.MaxPool2d` and `nn.AvgPool2d` (PyTorch's `ceil_mode` included), and
//! global average pooling.

use super::{axis, identity, nonzero_pair, spatial, Applied};
use crate::error::{Arg, ErrorKind};
use crate::shape::{Axis, Pair, Shape};
use crate::window::Window;

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

impl Pool2d {
    /// The rules that need no input: sizes of at least 1, padding at most half the
    /// window.
    pub(super) const fn check(self) -> Result<(), ErrorKind> {
        tri!(nonzero_pair(self.kernel, Arg::Kernel));
        tri!(nonzero_pair(self.stride, Arg::Stride));
        let most = self.max_padding();
        if self.padding.h > most.h || self.padding.w > most.w {
            return Err(ErrorKind::PoolPadding {
                padding: self.padding,
                kernel: self.kernel,
            });
        }
        Ok(())
    }

    /// Its output on `input`: the channels kept, each axis slid over.
    pub(super) const fn apply(self, input: Shape) -> Result<Applied, ErrorKind> {
        let (c, h, w) = tri!(spatial(input));
        let [wh, ww] = self.windows();
        let ho = tri!(axis(Axis::Height, wh, h));
        let wo = tri!(axis(Axis::Width, ww, w));
        Ok(Applied {
            output: Shape::spatial(c, ho, wo),
            ..identity(input)
        })
    }
}

/// Global average pooling, `nn.AdaptiveAvgPool2d(1)`: `CxHxW -> Cx1x1`.
pub(super) const fn global(input: Shape) -> Result<Applied, ErrorKind> {
    let (c, _, _) = tri!(spatial(input));
    Ok(Applied {
        output: Shape::spatial(c, 1, 1),
        ..identity(input)
    })
}
