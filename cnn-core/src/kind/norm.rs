//! Normalization: `nn.BatchNorm2d` on maps, `nn.BatchNorm1d` on flat vectors.

use super::{identity, mul, Applied};
use crate::error::{ErrorKind, Quantity};
use crate::shape::Shape;
use core::fmt;

/// BatchNorm: `2*C` learnable (weight and bias) and `2*C` non-trainable values
/// (running mean and variance), the shape kept.
pub(super) const fn batch_norm(input: Shape) -> Result<Applied, ErrorKind> {
    let both = tri!(mul(2, input.channels(), Quantity::Params));
    Ok(Applied {
        params: both,
        non_trainable: both,
        ..identity(input)
    })
}

/// `2*C`.
pub(super) fn formula(input: Shape, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "2*{}", input.channels())
}
