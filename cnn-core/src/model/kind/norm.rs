//! Normalization: `nn.BatchNorm2d` on maps, `nn.BatchNorm1d` on flat vectors.

use super::{divides, identity, mul, Applied, Param, Params};
use crate::error::{ErrorKind, Quantity};
use crate::shape::Shape;
use core::fmt;

/// A normalization's numbers, as PyTorch's module carries them: `eps`, added to the
/// variance (`eps E`; PyTorch's default 1e-5), and BatchNorm's `momentum`, how far the
/// running statistics move toward each batch's (`momentum M`; default 0.1). They change
/// no count; a backend computes with them.
///
/// ```
/// use cnn_core::Norm;
/// // torchvision's MobileNetV3: `nn.BatchNorm2d(C, eps=0.001, momentum=0.01)`.
/// let mobilenet = Norm { eps: 1e-3, momentum: 0.01 };
/// assert_ne!(mobilenet, Norm::DEFAULT);
/// assert_eq!(Norm::DEFAULT.eps, 1e-5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Norm {
    /// Added to the variance before its square root.
    pub eps: f64,
    /// BatchNorm's update of the running statistics in training mode.
    pub momentum: f64,
}

impl Norm {
    /// PyTorch's defaults: `eps=1e-5`, `momentum=0.1`.
    pub const DEFAULT: Norm = Norm {
        eps: 1e-5,
        momentum: 0.1,
    };

    /// E13: `eps` above 0, `momentum` in `(0, 1]`, both finite.
    pub(super) const fn check(self) -> Result<(), ErrorKind> {
        if !(self.eps > 0.0 && self.eps.is_finite()) {
            return Err(ErrorKind::EpsRange);
        }
        if !(self.momentum > 0.0 && self.momentum <= 1.0) {
            return Err(ErrorKind::MomentumRange);
        }
        Ok(())
    }
}

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

/// `nn.InstanceNorm1d/2d/3d`: a map's channels normalized per sample over their
/// positions (E1-style on a flat vector, which PyTorch would read as one unbatched
/// sample); `2*C` parameters when `affine`, none otherwise, and no running statistics.
pub(super) const fn instance_norm(affine: bool, input: Shape) -> Result<Applied, ErrorKind> {
    if input.sizes().is_none() {
        return Err(ErrorKind::NeedsSpatial);
    }
    if affine {
        layer_norm(input)
    } else {
        Ok(identity(input))
    }
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
    // A bare `nn.Parameter` in PyTorch (ConvNeXt's `layer_scale`): its tensor is the
    // layer's path itself.
    Params::of(&[Param::learned("", dims)])
}
