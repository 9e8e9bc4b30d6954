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
