//! Layers that keep the shape and have no parameters: activations, dropout, and the
//! input, whose rules are about its own shape.

use super::{divides, identity, map, nonzero, Applied};
use crate::error::{Arg, ErrorKind, Quantity};
use crate::shape::Shape;

/// Dropout's probability of zeroing an element, in `[0, 1)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dropout {
    /// The probability `P` of `dropout P`.
    pub p: f64,
}

impl Dropout {
    /// A probability in `[0, 1)`; `!(p >= 0.0)` also refuses NaN.
    pub(super) const fn check(self) -> Result<(), ErrorKind> {
        if !(self.p >= 0.0 && self.p < 1.0) {
            return Err(ErrorKind::DropoutRange);
        }
        Ok(())
    }
}

/// ShuffleNet's channel shuffle in `G` groups: `G` must divide the channels of a map
/// (E17; E7 on a flat vector).
pub(super) const fn shuffle(groups: u64, input: Shape) -> Result<Applied, ErrorKind> {
    let (channels, _, _) = tri!(map(input));
    tri!(divides(groups, channels));
    Ok(identity(input))
}

/// `nn.PReLU()`: one learnable slope, shared by every channel.
pub(super) const fn prelu(input: Shape) -> Result<Applied, ErrorKind> {
    Ok(Applied {
        params: 1,
        ..identity(input)
    })
}

/// The input's rules: every size at least 1, and a count of values that fits u64.
pub(super) const fn check_input(shape: Shape) -> Result<(), ErrorKind> {
    // Every axis of every rank (a length, a depth, a height, a width).
    if let Some(sizes) = shape.sizes() {
        let rank = shape.rank();
        let mut axis = 0;
        while axis < rank as usize {
            tri!(nonzero(sizes.along(rank, axis), Arg::Value));
            axis += 1;
        }
    }
    tri!(nonzero(shape.channels(), Arg::Value));
    if shape.elements().is_none() {
        return Err(ErrorKind::Overflow(Quantity::Elements));
    }
    Ok(())
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
    /// `hardsigmoid`.
    Hardsigmoid,
    /// `mish`.
    Mish,
    /// `hardtanh`.
    Hardtanh,
    /// `logsoftmax`.
    LogSoftmax,
}

impl Activation {
    /// Every activation, in the order of the DSL reference, with PyTorch's defaults.
    pub const ALL: [Activation; 14] = [
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
        Activation::Hardsigmoid,
        Activation::Mish,
        Activation::Hardtanh,
        Activation::LogSoftmax,
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
            Activation::Hardsigmoid => 10,
            Activation::Mish => 11,
            Activation::Hardtanh => 12,
            Activation::LogSoftmax => 13,
        }
    }
}
