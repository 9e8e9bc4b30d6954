//! Normalizations: BatchNorm and GroupNorm (candle-nn's), LayerNorm over channels and
//! layer scale (our own).

use super::{broadcast_shape, tensor, usize_of};
use candle_core::{DType, Module, Result, Tensor};
use candle_nn::{Init, VarBuilder};
use cnn::{Layer, Norm};
use std::fmt::Display;

/// `nn.BatchNorm1d/2d/3d(C, eps, momentum)`: candle-nn's, which computes PyTorch's
/// eval and training modes (the running statistics moved by `momentum` toward the
/// batch's mean and unbiased variance).
pub(super) fn batch_norm<N: Display>(
    layer: &Layer<N>,
    n: Norm,
    vb: &VarBuilder,
) -> Result<candle_nn::BatchNorm> {
    let config = candle_nn::BatchNormConfig {
        eps: n.eps,
        momentum: n.momentum,
        remove_mean: true,
        affine: true,
    };
    candle_nn::batch_norm(usize_of(layer.input.channels()), config, vb.clone())
}

/// `nn.GroupNorm(G, C, eps)`: candle-nn's.
pub(super) fn group_norm<N: Display>(
    layer: &Layer<N>,
    groups: u64,
    n: Norm,
    vb: &VarBuilder,
) -> Result<candle_nn::GroupNorm> {
    let channels = usize_of(layer.input.channels());
    candle_nn::group_norm(usize_of(groups), channels, n.eps, vb.clone())
}

/// `nn.InstanceNorm1d/2d/3d`: candle-nn's `GroupNorm` with a group per channel
/// (normalizing each sample's channel over its positions, the variance biased, as
/// PyTorch's); without `affine` its scale is ones and its shift zeros, constants that
/// are no variables (PyTorch's `state_dict` holds no tensor for it).
pub(super) fn instance_norm<N: Display>(
    layer: &Layer<N>,
    affine: bool,
    n: Norm,
    vb: &VarBuilder,
) -> Result<candle_nn::GroupNorm> {
    let channels = usize_of(layer.input.channels());
    if affine {
        return candle_nn::group_norm(channels, channels, n.eps, vb.clone());
    }
    let (dtype, device) = (vb.dtype(), vb.device());
    let weight = Tensor::ones(channels, dtype, device)?;
    let bias = Tensor::zeros(channels, dtype, device)?;
    candle_nn::GroupNorm::new(weight, bias, channels, channels, n.eps)
}

/// LayerNorm over the channels at each position (ConvNeXt's `LayerNorm2d`), over the
/// features of a vector: candle-nn's `layer_norm` op on the channels moved last (its
/// `LayerNorm` module normalizes the last axis, which on a map is the width).
pub(super) struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
    eps: f64,
}

impl LayerNorm {
    pub(super) fn new(params: &[cnn::Param], n: Norm, vb: &VarBuilder) -> Result<LayerNorm> {
        Ok(LayerNorm {
            weight: tensor(vb, &params[0].dims, "weight", Init::Const(1.0))?,
            bias: tensor(vb, &params[1].dims, "bias", Init::Const(0.0))?,
            eps: n.eps,
        })
    }
}

impl Module for LayerNorm {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        // candle-nn's fused op is F32-only (it fails on F64, "unsupported dtype for
        // rmsnorm"); its slow one computes the same in any type.
        let norm = |x: &Tensor| match x.dtype() {
            DType::F32 => candle_nn::ops::layer_norm(x, &self.weight, &self.bias, self.eps as f32),
            _ => candle_nn::ops::layer_norm_slow(x, &self.weight, &self.bias, self.eps as f32),
        };
        if x.rank() == 2 {
            return norm(x);
        }
        // Channels last, normalized, and back.
        let last = x.rank() - 1;
        let y = norm(&x.transpose(1, last)?.contiguous()?)?;
        y.transpose(1, last)?.contiguous()
    }
}

/// A learnable scale per channel, broadcast over positions (ConvNeXt's layer scale,
/// which torchvision starts at 1e-6); candle-nn has none.
pub(super) struct LayerScale(Tensor);

impl LayerScale {
    /// Its one tensor is the layer's path itself (`features.1.0.layer_scale`), a bare
    /// `nn.Parameter` in PyTorch.
    pub(super) fn new(
        params: &[cnn::Param],
        path: &dyn std::fmt::Display,
        root: &VarBuilder,
    ) -> Result<LayerScale> {
        let key = params[0].key(path).to_string();
        Ok(LayerScale(tensor(
            root,
            &params[0].dims,
            &key,
            Init::Const(1e-6),
        )?))
    }
}

impl Module for LayerScale {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let w = self.0.reshape(broadcast_shape(x, self.0.dim(0)?))?;
        x.broadcast_mul(&w)
    }
}
