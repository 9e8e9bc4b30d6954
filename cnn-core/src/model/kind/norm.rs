//! Normalization: `nn.BatchNorm2d` on maps, `nn.BatchNorm1d` on flat vectors.

use super::{divides, identity, mul, Applied, Param, Params};
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

/// Layer normalization over the channels at each position (ConvNeXt's `LayerNorm2d`),
/// or over a flat vector's features: a weight and a bias per channel, no running
/// statistics.
pub(super) const fn layer_norm(input: Shape) -> Result<Applied, ErrorKind> {
    Ok(Applied {
        params: tri!(mul(2, input.channels(), Quantity::Params)),
        ..identity(input)
    })
}

/// `nn.GroupNorm(G, C)`: `G` must divide `C` (E17); a weight and a bias per channel.
pub(super) const fn group_norm(groups: u64, input: Shape) -> Result<Applied, ErrorKind> {
    tri!(divides(groups, input.channels()));
    layer_norm(input)
}

/// A learnable scale per channel (ConvNeXt's `layer_scale`): `C` parameters.
pub(super) const fn layer_scale(input: Shape) -> Result<Applied, ErrorKind> {
    Ok(Applied {
        params: input.channels(),
        ..identity(input)
    })
}

/// `C`: one scale per channel.
pub(super) fn scale_formula(input: Shape, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{}", input.channels())
}

/// BatchNorm's `weight` and `bias` `[C]`, and its buffers `running_mean` and
/// `running_var` `[C]`.
pub(super) const fn batch_norm_params(input: Shape) -> Params {
    let c = input.channels();
    Params::of(&[
        Param::learned("weight", &[c]),
        Param::learned("bias", &[c]),
        Param::buffer("running_mean", &[c]),
        Param::buffer("running_var", &[c]),
    ])
}

/// LayerNorm's and GroupNorm's `weight` and `bias` `[C]`.
pub(super) const fn affine_params(input: Shape) -> Params {
    let c = input.channels();
    Params::of(&[Param::learned("weight", &[c]), Param::learned("bias", &[c])])
}

/// A layer scale's `weight`, `[C, 1, 1]` on a map (as torchvision's `layer_scale`
/// broadcasts over positions; `[C, 1]` on a signal), `[C]` on a flat vector.
pub(super) const fn scale_params(input: Shape) -> Params {
    let c = input.channels();
    let dims: &[u64] = match input.rank() {
        0 => &[c],
        1 => &[c, 1],
        2 => &[c, 1, 1],
        _ => &[c, 1, 1, 1],
    };
    Params::of(&[Param::learned("weight", dims)])
}
