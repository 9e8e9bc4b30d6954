//! Each layer of a network as a small candle module with PyTorch's semantics, in
//! candle-nn's idiom: a struct per computation implementing `Module` (or `ModuleT`
//! when training changes it), built from the layer's kind, its shapes (checked by
//! `cnn!`) and its tensors from a `VarBuilder`. candle-nn's own layers and ops are used
//! wherever they compute what PyTorch does (checked by the golden fixtures); each
//! computation of our own says why candle-nn's differs.
//!
//! One module per family, as `cnn-core`'s kinds are: `conv`, `pool`, `resample`,
//! `norm`, `elementwise`.

mod conv;
mod elementwise;
pub(crate) mod fast;
mod norm;
mod pool;
mod resample;

use candle_core::{Module, ModuleT, Result, Tensor};
use candle_nn::{Init, VarBuilder};
use cnn::{Activation, Kind, Layer, PerAxis, Shape};
use std::fmt::Display;

/// How a layer is built: for training and inference alike; for inference only (a 2-D
/// convolution runs as `fast.rs`' products, the BatchNorm after it folded into its
/// weights by its scale and shift per output channel, the activation after them applied
/// as its output is written; a 2-D max pool runs as a direct loop); or as a layer folded
/// into the convolution before it (the identity).
#[derive(Clone, Debug)]
pub(crate) enum Build {
    Any,
    Inference {
        fold: Option<(Tensor, Tensor)>,
        act: Option<cnn::Activation>,
    },
    Folded,
}

/// A layer as the model runs it.
pub(crate) type Boxed = Box<dyn Runs>;

/// A layer's module, which the model may also ask for what it is ([`conv_with`],
/// [`is_identity`]).
pub(crate) trait Runs: ModuleT + std::any::Any + Send + Sync {}

impl<M: ModuleT + std::any::Any + Send + Sync> Runs for M {}

/// `layer`, a convolution built for inference, on `x` with `extra`: a `scale` block's
/// gate before it folded into each sample's weights, a residual's shortcut after it
/// added as its output is written, and the activation after that (`fast::Extra`), so
/// that neither the scaled map nor the sum before the activation is written apart;
/// `None` when the layer is no convolution this can run (the model then runs the
/// steps one by one).
pub(crate) fn conv_with(
    layer: &Boxed,
    x: &Tensor,
    extra: fast::Extra<'_>,
) -> Result<Option<Tensor>> {
    let any: &dyn std::any::Any = layer.as_ref();
    match any.downcast_ref::<conv::Conv>() {
        Some(conv) => conv.with(x, extra),
        None => Ok(None),
    }
}

/// Whether `layer` computes nothing: a BatchNorm folded into the convolution before
/// it, or the input, a merge layer or a `from`, which the model runs itself.
pub(crate) fn is_identity(layer: &Boxed) -> bool {
    let any: &dyn std::any::Any = layer.as_ref();
    any.is::<Identity>()
}

/// The module of `layer`, its tensors from `root` under the layer's path: an
/// exhaustive `match` on the kind, so that a new kind is a compile error here.
pub(crate) fn build<N: Display>(layer: &Layer<N>, root: &VarBuilder, how: Build) -> Result<Boxed> {
    if let Build::Folded = how {
        return Ok(Box::new(Identity));
    }
    let inference = matches!(how, Build::Inference { .. });
    let name: &dyn Display = &layer.name;
    let vb = &root.pp(name.to_string());
    let params = layer.param_shapes();
    Ok(match layer.kind {
        // The input, the merge that ends a block (the model runs the block), and a
        // `from` (the model hands it the tensor it reads).
        Kind::Input(_) | Kind::Add | Kind::Cat | Kind::Mul | Kind::From(_) => Box::new(Identity),
        Kind::Conv(c) => Box::new(conv::Conv::new(name, layer, c, &params, vb, how)?),
        Kind::ConvTranspose(c) => Box::new(conv::ConvTranspose::new(name, layer, c, &params, vb)?),
        // At inference, a direct loop that propagates NaN itself.
        Kind::MaxPool(p) if matches!(how, Build::Inference { .. }) && layer.input.rank() == 2 => {
            Box::new(pool::Pool::new(layer, p, true, vb)?.for_inference())
        }
        Kind::MaxPool(p) => nan_aware(pool::Pool::new(layer, p, true, vb)?, NanRule::Window),
        Kind::AvgPool(p) => Box::new(pool::Pool::new(layer, p, false, vb)?),
        Kind::GlobalAvgPool => Box::new(pool::GlobalAvg {
            rank: layer.input.rank() as usize,
            fast: inference,
        }),
        Kind::AdaptiveAvgPool(_) => Box::new(pool::Adaptive::new(layer, false)),
        Kind::AdaptiveMaxPool(_) => nan_aware(pool::Adaptive::new(layer, true), NanRule::Window),
        Kind::Upsample(cnn::Upsample { mode, .. }) | Kind::Resize(cnn::Resize { mode, .. }) => {
            Box::new(resample::Resample::new(layer, mode, vb)?)
        }
        Kind::Flatten => Box::new(elementwise::Flatten),
        Kind::Dense(_) => {
            let (w, b) = weight_and_bias(&params, vb)?;
            Box::new(elementwise::Dense(candle_nn::Linear::new(w, b), inference))
        }
        Kind::Linear(_) => {
            let (w, b) = weight_and_bias(&params, vb)?;
            Box::new(elementwise::Pointwise(candle_nn::Linear::new(w, b)))
        }
        Kind::BatchNorm(n) => Box::new(norm::batch_norm(layer, n, vb)?),
        Kind::LayerNorm(n) => Box::new(norm::LayerNorm::new(&params, n, vb)?),
        Kind::GroupNorm(g, n) => Box::new(norm::group_norm(layer, g, n, vb)?),
        Kind::LayerScale => Box::new(norm::LayerScale::new(&params, name, root)?),
        Kind::InstanceNorm(affine, n) => Box::new(norm::instance_norm(layer, affine, n, vb)?),
        Kind::Pad(p) => Box::new(resample::Pad::new(layer, p, vb)?),
        Kind::PixelShuffle(r) => Box::new(resample::PixelShuffle {
            factor: usize_of(r),
            up: true,
        }),
        Kind::PixelUnshuffle(r) => Box::new(resample::PixelShuffle {
            factor: usize_of(r),
            up: false,
        }),
        // nn.PReLU(): one slope, 0.25 at first, under `weight` — candle-nn's `prelu`.
        Kind::PRelu => nan_aware(
            candle_nn::prelu(None, vb.clone())?,
            NanRule::Activation(None),
        ),
        Kind::Activation(a) => nan_aware(elementwise::activation(a), NanRule::Activation(Some(a))),
        Kind::Dropout(d) => Box::new(candle_nn::Dropout::new(d.p as f32)),
        Kind::DropPath(d) => Box::new(elementwise::DropPath(d.p as f32)),
        Kind::Shuffle(g) => Box::new(elementwise::Shuffle(usize_of(g))),
    })
}

/// The input, and a block's merge layer: the block runs its merge.
struct Identity;

impl Module for Identity {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        Ok(x.clone())
    }
}

/// Where PyTorch's output is NaN though candle's is not: candle's `relu`
/// (`f32::max`) and its max pools (`if largest < v`) drop a NaN.
#[derive(Clone, Copy)]
enum NanRule {
    /// Element-wise: NaN where the input is NaN, and where PyTorch 2.15's CPU kernels
    /// evaluate the activation at an infinity as `inf * 0` (`gelu` at both, `silu`,
    /// `hardswish` and `mish` at `-inf`).
    Activation(Option<Activation>),
    /// A max pool: NaN wherever a window holds a NaN.
    Window,
}

/// A layer whose output is put right where PyTorch's is NaN (see [`NanRule`]).
struct NanAware<M> {
    inner: M,
    rule: NanRule,
}

fn nan_aware<M: ModuleT + Send + Sync + 'static>(inner: M, rule: NanRule) -> Boxed {
    Box::new(NanAware { inner, rule })
}

impl<M: ModuleT> ModuleT for NanAware<M> {
    fn forward_t(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        let y = self.inner.forward_t(x, train)?;
        // One reduction, no mask, for the usual input: a finite sum holds no NaN and
        // no infinity.
        let sum = x.sum_all()?.to_dtype(candle_core::DType::F64)?;
        if sum.to_scalar::<f64>()?.is_finite() {
            return Ok(y);
        }
        let nan = x.ne(x)?;
        let nan = match self.rule {
            NanRule::Activation(Some(Activation::Gelu)) => {
                nan.maximum(&x.abs()?.eq(f64::INFINITY)?)?
            }
            NanRule::Activation(Some(
                Activation::Silu | Activation::Hardswish | Activation::Mish,
            )) => nan.maximum(&x.eq(f64::NEG_INFINITY)?)?,
            NanRule::Activation(_) | NanRule::Window => nan,
        };
        let nans = Tensor::full(f32::NAN, y.shape(), y.device())?.to_dtype(y.dtype())?;
        let hit = match self.rule {
            NanRule::Activation(_) => nan,
            // The pool of where the NaNs are: above 0 where a window holds one.
            NanRule::Window => self
                .inner
                .forward_t(&nan.to_dtype(x.dtype())?, train)?
                .gt(0.0)?,
        };
        hit.where_cond(&nans, &y)
    }
}

/// The refusal for what candle cannot run, naming the layer.
fn unsupported(name: &dyn Display, what: &str) -> candle_core::Error {
    candle_core::Error::Msg(format!(
        "cannot run {name} in candle: {what} (the network is valid; only this backend lacks it)"
    ))
}

fn usize_of(v: u64) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

/// The sizes of a shape's spatial axes, first to last.
fn sizes(shape: Shape) -> Vec<usize> {
    shape.dims()[1..].iter().map(|&v| usize_of(v)).collect()
}

/// One value for every axis of a map of `rank` axes, or the refusal when they differ.
fn same(name: &dyn Display, what: &str, v: PerAxis, rank: u8) -> Result<usize> {
    let first = v.along(rank, 0);
    if (0..rank as usize).all(|i| v.along(rank, i) == first) {
        Ok(usize_of(first))
    } else {
        Err(unsupported(
            name,
            &format!(
                "candle takes one {what} for every axis, not {}",
                v.written(rank)
            ),
        ))
    }
}

/// A tensor of the layer's, by its PyTorch name, initialized as PyTorch initializes
/// it when the builder makes fresh variables.
fn tensor(vb: &VarBuilder, dims: &[u64], name: &str, init: Init) -> Result<Tensor> {
    let dims: Vec<usize> = dims.iter().map(|&d| usize_of(d)).collect();
    vb.get_with_hints(dims, name, init)
}

/// The weight and bias of a convolution or linear layer: uniform in `±1/sqrt(fan_in)`,
/// PyTorch's default (Kaiming-uniform with `a = sqrt(5)`).
fn weight_and_bias(
    layer_params: &[cnn::Param],
    vb: &VarBuilder,
) -> Result<(Tensor, Option<Tensor>)> {
    let weight = &layer_params[0];
    let fan_in: u64 = weight.dims[1..].iter().product();
    let bound = 1.0 / (fan_in.max(1) as f64).sqrt();
    let init = Init::Uniform {
        lo: -bound,
        up: bound,
    };
    let w = tensor(vb, &weight.dims, weight.name, init)?;
    let b = match layer_params.get(1) {
        Some(bias) => Some(tensor(vb, &bias.dims, bias.name, init)?),
        None => None,
    };
    Ok((w, b))
}

/// `[1, C, 1, ...]` for a per-channel tensor against `x`.
fn broadcast_shape(x: &Tensor, c: usize) -> Vec<usize> {
    let mut shape = vec![1; x.rank()];
    shape[1] = c;
    shape
}

/// The depth slices `offset`, `offset + stride`, ... (`count` of them) of a 5-D map,
/// as a batch of 2-D maps: `(N*count, C, H, W)`, sample-major.
fn depth_slice(x: &Tensor, offset: usize, stride: usize, count: usize) -> Result<Tensor> {
    let (n, c, _, h, w) = x.dims5()?;
    let index: Vec<u32> = (0..count).map(|o| (offset + o * stride) as u32).collect();
    let index = Tensor::from_vec(index, count, x.device())?;
    x.index_select(&index, 2)?
        .transpose(1, 2)?
        .contiguous()?
        .reshape((n * count, c, h, w))
}
