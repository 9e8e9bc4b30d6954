//! Tensor shapes and the per-axis window arithmetic.

use core::fmt;

/// The shape of one input's activations: `CxHxW` (channels, height, width) or a flat
/// vector of `N` features. The batch dimension is never written.
///
/// ```
/// use cnn_core::Shape;
/// assert_eq!(Shape::spatial(32, 24, 24).to_string(), "32x24x24");
/// assert_eq!(Shape::Flat(256).to_string(), "256");
/// assert_eq!(Shape::spatial(32, 5, 5).elements(), Some(800));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A feature map: `channels x height x width`.
    Spatial {
        /// Number of channels, `C`.
        channels: u64,
        /// Height, `H`.
        height: u64,
        /// Width, `W`.
        width: u64,
    },
    /// A flat vector of features, as after `flatten` or `dense`.
    Flat(u64),
}

impl Shape {
    /// A `CxHxW` shape.
    pub const fn spatial(channels: u64, height: u64, width: u64) -> Shape {
        Shape::Spatial {
            channels,
            height,
            width,
        }
    }

    /// The number of values in the tensor (`C*H*W` or `N`), or `None` past `u64::MAX`.
    pub const fn elements(self) -> Option<u64> {
        match self {
            Shape::Spatial {
                channels,
                height,
                width,
            } => match channels.checked_mul(height) {
                Some(ch) => ch.checked_mul(width),
                None => None,
            },
            Shape::Flat(n) => Some(n),
        }
    }

    /// The channel count `C`, or the feature count `N` of a flat vector: what
    /// BatchNorm normalises over.
    pub const fn channels(self) -> u64 {
        match self {
            Shape::Spatial { channels, .. } => channels,
            Shape::Flat(n) => n,
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Shape::Spatial {
                channels,
                height,
                width,
            } => write!(f, "{channels}x{height}x{width}"),
            Shape::Flat(n) => write!(f, "{n}"),
        }
    }
}

/// A per-axis value (kernel, stride, padding, dilation): height first, then width.
///
/// `Pair::square(3)` is what `k3` means; `Pair::new(3, 5)` is `k3x5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pair {
    /// The value along the height axis.
    pub h: u64,
    /// The value along the width axis.
    pub w: u64,
}

impl Pair {
    /// Different values along height and width.
    pub const fn new(h: u64, w: u64) -> Pair {
        Pair { h, w }
    }

    /// The same value along both axes.
    pub const fn square(v: u64) -> Pair {
        Pair { h: v, w: v }
    }

    /// The smaller of the two values.
    pub const fn min(self) -> u64 {
        if self.h < self.w {
            self.h
        } else {
            self.w
        }
    }
}

/// Displays as `3` for a square pair and `3x5` otherwise, the way the DSL writes it.
impl fmt::Display for Pair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.h == self.w {
            write!(f, "{}", self.h)
        } else {
            write!(f, "{}x{}", self.h, self.w)
        }
    }
}

/// One spatial axis, named in errors about a window that does not fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Axis {
    /// The height axis.
    Height,
    /// The width axis.
    Width,
}

/// Why a window cannot slide over one axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AxisError {
    /// The dilated window is wider than the padded input.
    TooLarge {
        /// The dilated window, `d*(k-1)+1`.
        window: u64,
        /// The padded input, `i+2p`.
        padded: u64,
    },
    /// An intermediate value passed `u64::MAX`.
    Overflow,
}

/// PyTorch's output length of a sliding window along one axis (`pooling_output_shape`
/// and the convolution's formula): `floor((i + 2p - d*(k-1) - 1) / s) + 1`.
///
/// With `ceil` (PyTorch's `ceil_mode`) the division rounds up instead,
/// `floor((i + 2p - d*(k-1) - 1 + s - 1) / s) + 1`, less one when the last window
/// would start past the input and its left padding (`(out - 1)*s >= i + p`). A
/// ceil-mode window may then be larger than the padded input by up to `s - 1`, as
/// `nn.MaxPool2d(2, ceil_mode=True)` on height 1 gives 1; PyTorch refuses an output
/// below 1, and so does this function: `TooLarge` then.
pub(crate) const fn window_out(
    i: u64,
    k: u64,
    s: u64,
    p: u64,
    d: u64,
    ceil: bool,
) -> Result<u64, AxisError> {
    let window = match d.checked_mul(k - 1) {
        Some(v) => match v.checked_add(1) {
            Some(w) => w,
            None => return Err(AxisError::Overflow),
        },
        None => return Err(AxisError::Overflow),
    };
    let padded = match p.checked_mul(2) {
        Some(pp) => match i.checked_add(pp) {
            Some(v) => v,
            None => return Err(AxisError::Overflow),
        },
        None => return Err(AxisError::Overflow),
    };
    // The room the window has to slide over, `padded - window`, is below zero when the
    // window is larger: by at most `s - 1` a ceil-mode division still gives 0.
    let slack = if ceil { s - 1 } else { 0 };
    if window > padded && window - padded > slack {
        return Err(AxisError::TooLarge { window, padded });
    }
    if window > padded {
        // floor((padded - window + s - 1) / s) = 0 here, and the single window starts
        // at 0, inside the input.
        return Ok(1);
    }
    let span = padded - window;
    if !ceil {
        return Ok(span / s + 1);
    }
    let mut out = span / s + (span % s != 0) as u64 + 1;
    // PyTorch: the last window must start inside the input or its left padding. A start
    // past u64::MAX is past the input too; i + p <= i + 2p did not overflow.
    match (out - 1).checked_mul(s) {
        Some(start) if start < i + p => {}
        _ => out -= 1,
    }
    Ok(out)
}

/// The largest window that still gives an output along one axis of `padded` values
/// (`i + 2p`): the inverse of [`window_out`] for the help texts. In ceil mode a window
/// may pass the padded input by `s - 1`.
pub(crate) const fn largest_window(padded: u64, s: u64, ceil: bool) -> u64 {
    if ceil {
        padded.saturating_add(s - 1)
    } else {
        padded
    }
}

/// Keras' `padding="same"`: `ceil(i / s)`.
pub(crate) const fn same_out(i: u64, s: u64) -> u64 {
    i / s + !i.is_multiple_of(s) as u64
}
