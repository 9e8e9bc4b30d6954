//! One layer as a candle computation, with PyTorch's semantics: built once from the
//! layer's kind, its shapes (the network's, checked by `cnn!`) and its tensors.

use candle_core::{DType, Module, ModuleT, Result, Tensor};
use candle_nn::{Init, VarBuilder};
use cnn::{
    Activation, Conv, ConvTranspose, Groups, Interpolation, Kind, Layer, PerAxis, Pool, Shape,
};
use std::fmt::Display;

/// What one layer computes.
#[derive(Debug)]
pub(crate) enum Op {
    /// The input, and layers without an effect at inference.
    Identity,
    /// A convolution at rank 1 or 2, after explicit padding where candle's symmetric
    /// padding cannot express it.
    Conv {
        weight: Tensor,
        bias: Option<Tensor>,
        /// `(before, after)` per spatial axis.
        pad: Vec<(usize, usize)>,
        /// Along height and width (the one axis of a signal), the same for both.
        stride: usize,
        dilation: usize,
        groups: usize,
        /// For a 3-D convolution, its stride, dilation and output along the depth: it
        /// runs as 2-D convolutions over depth slices, one per depth of the kernel.
        depth: Option<(usize, usize, usize)>,
    },
    /// A transposed convolution at rank 1 or 2.
    ConvTranspose {
        weight: Tensor,
        bias: Option<Tensor>,
        padding: usize,
        output_padding: usize,
        stride: usize,
        dilation: usize,
        groups: usize,
    },
    /// Max or average pooling at any rank, as 2-D pools over an explicitly padded
    /// input, one per depth of the window (a signal and an image have a depth of 1);
    /// `divisor` holds PyTorch's per-window divisors where ceil mode makes a window pass
    /// the padded input.
    Pool {
        max: bool,
        /// Depth, height and width.
        kernel: [usize; 3],
        stride: [usize; 3],
        /// `(before, after)` per axis.
        pad: [(usize, usize); 3],
        /// The output's depth, height and width.
        out: [usize; 3],
        divisor: Option<Tensor>,
        rank: usize,
    },
    /// The mean over every position.
    GlobalAvg {
        rank: usize,
    },
    /// Adaptive pooling to the output's sizes, one axis at a time.
    Adaptive {
        max: bool,
        from: Vec<usize>,
        to: Vec<usize>,
    },
    /// Interpolation to the output's sizes, one axis at a time: each a matrix of
    /// PyTorch's weights, `[out, in]`.
    Resample {
        axes: Vec<Tensor>,
    },
    Flatten,
    Linear(candle_nn::Linear),
    BatchNorm(candle_nn::BatchNorm),
    /// LayerNorm over the channels at each position (over the features of a vector).
    LayerNorm {
        weight: Tensor,
        bias: Tensor,
    },
    GroupNorm(candle_nn::GroupNorm),
    /// A learnable scale per channel, broadcast over positions.
    Scale(Tensor),
    PRelu(Tensor),
    Activation(Activation),
    Dropout(f32),
    DropPath(f32),
    Shuffle(usize),
    /// The merge that ends a block: the block runs it.
    Merge,
}

/// PyTorch's epsilon for BatchNorm, LayerNorm and GroupNorm.
const EPS: f64 = 1e-5;

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

impl Op {
    /// The computation of `layer`, its tensors from `vb` (already prefixed with the
    /// layer's name).
    pub(crate) fn new<N: Display>(layer: &Layer<N>, vb: &VarBuilder) -> Result<Op> {
        let name: &dyn Display = &layer.name;
        let params = layer.param_shapes();
        let rank = layer.input.rank();
        let spatial = |what: &str| -> Result<()> {
            match rank {
                1 | 2 => Ok(()),
                _ => Err(unsupported(name, &format!("candle has no {rank}-D {what}"))),
            }
        };
        Ok(match layer.kind {
            Kind::Input(_) => Op::Identity,
            Kind::Conv(c) => conv(name, layer, c, &params, vb)?,
            Kind::ConvTranspose(c) => {
                spatial("transposed convolution")?;
                conv_transpose(name, layer, c, &params, vb)?
            }
            Kind::MaxPool(p) | Kind::AvgPool(p) => {
                let max = matches!(layer.kind, Kind::MaxPool(_));
                pool(layer, p, max, vb)?
            }
            Kind::GlobalAvgPool => Op::GlobalAvg {
                rank: rank as usize,
            },
            Kind::AdaptiveAvgPool(_) | Kind::AdaptiveMaxPool(_) => Op::Adaptive {
                max: matches!(layer.kind, Kind::AdaptiveMaxPool(_)),
                from: sizes(layer.input),
                to: sizes(layer.output),
            },
            Kind::Upsample(cnn::Upsample { mode, .. }) | Kind::Resize(cnn::Resize { mode, .. }) => {
                let axes = sizes(layer.input)
                    .into_iter()
                    .zip(sizes(layer.output))
                    .map(|(i, o)| interpolation(mode, i, o, vb))
                    .collect::<Result<Vec<_>>>()?;
                Op::Resample { axes }
            }
            Kind::Flatten => Op::Flatten,
            Kind::Dense(_) => {
                let (w, b) = weight_and_bias(&params, vb)?;
                Op::Linear(candle_nn::Linear::new(w, b))
            }
            Kind::BatchNorm => Op::BatchNorm(candle_nn::batch_norm(
                usize_of(layer.input.channels()),
                EPS,
                vb.clone(),
            )?),
            Kind::LayerNorm => Op::LayerNorm {
                weight: tensor(vb, &params[0].dims, "weight", Init::Const(1.0))?,
                bias: tensor(vb, &params[1].dims, "bias", Init::Const(0.0))?,
            },
            Kind::GroupNorm(g) => Op::GroupNorm(candle_nn::group_norm(
                usize_of(g),
                usize_of(layer.input.channels()),
                EPS,
                vb.clone(),
            )?),
            // torchvision starts ConvNeXt's layer scale at 1e-6.
            Kind::LayerScale => {
                Op::Scale(tensor(vb, &params[0].dims, "weight", Init::Const(1e-6))?)
            }
            // nn.PReLU() starts its slope at 0.25.
            Kind::PRelu => Op::PRelu(tensor(vb, &params[0].dims, "weight", Init::Const(0.25))?),
            Kind::Activation(a) => Op::Activation(a),
            Kind::Dropout(d) => Op::Dropout(d.p as f32),
            Kind::DropPath(d) => Op::DropPath(d.p as f32),
            Kind::Shuffle(g) => Op::Shuffle(usize_of(g)),
            Kind::Add | Kind::Cat | Kind::Mul => Op::Merge,
        })
    }

    /// Its output for `x` (batch first); `train` turns on dropout and BatchNorm's
    /// batch statistics.
    ///
    /// NaN propagates as in PyTorch: candle's `relu` (`f32::max`) and its max pools
    /// (`if largest < v`) drop a NaN, so where `x` holds one, an activation's output
    /// is NaN where its input is, and a max pool's wherever a window holds one. An
    /// input whose sum is finite holds none: one reduction is the whole cost then.
    pub(crate) fn forward(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        let y = self.compute(x, train)?;
        let windowed = match self {
            Op::Activation(_) | Op::PRelu(_) => false,
            Op::Pool { max: true, .. } | Op::Adaptive { max: true, .. } => true,
            _ => return Ok(y),
        };
        // One reduction, no mask, for the usual input: a finite sum holds no NaN and
        // no infinity.
        if x.sum_all()?
            .to_dtype(DType::F64)?
            .to_scalar::<f64>()?
            .is_finite()
        {
            return Ok(y);
        }
        let nan = self.nan_at(x)?;
        if nan.max_all()?.to_scalar::<u8>()? == 0 {
            return Ok(y);
        }
        let nans = Tensor::full(f32::NAN, y.shape(), y.device())?.to_dtype(y.dtype())?;
        if !windowed {
            return nan.where_cond(&nans, &y);
        }
        // The pool of where the NaNs are: above 0 where a window holds one.
        let hit = self.compute(&nan.to_dtype(x.dtype())?, train)?.gt(0.0)?;
        hit.where_cond(&nans, &y)
    }

    /// Where PyTorch's output is NaN for an element of `x` (1) or not (0): at a NaN,
    /// and for the activations whose formulas PyTorch evaluates at an infinity as
    /// `inf * 0` (measured on PyTorch 2.15's CPU kernels: `gelu` at both infinities,
    /// `silu`, `hardswish` and `mish` at `-inf`).
    fn nan_at(&self, x: &Tensor) -> Result<Tensor> {
        let nan = x.ne(x)?;
        match self {
            Op::Activation(Activation::Gelu) => nan.maximum(&x.abs()?.eq(f64::INFINITY)?),
            Op::Activation(Activation::Silu | Activation::Hardswish | Activation::Mish) => {
                nan.maximum(&x.eq(f64::NEG_INFINITY)?)
            }
            _ => Ok(nan),
        }
    }

    fn compute(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        match self {
            Op::Identity | Op::Merge => Ok(x.clone()),
            Op::Conv {
                weight,
                bias,
                pad,
                stride,
                dilation,
                groups,
                depth,
            } => {
                let mut x = x.clone();
                let symmetric =
                    depth.is_none() && pad.iter().all(|&(a, b)| a == b && a == pad[0].0);
                let padding = if symmetric {
                    pad[0].0
                } else {
                    for (i, &(before, after)) in pad.iter().enumerate() {
                        x = x.pad_with_zeros(2 + i, before, after)?;
                    }
                    0
                };
                let (s, d, g) = (*stride, *dilation, *groups);
                let y = match (pad.len(), depth) {
                    (1, _) => x.conv1d(weight, padding, s, d, g)?,
                    (_, None) => x.conv2d(weight, padding, s, d, g)?,
                    (_, Some((ds, dd, dout))) => {
                        let (n, kd) = (x.dim(0)?, weight.dim(2)?);
                        let mut sum: Option<Tensor> = None;
                        for t in 0..kd {
                            let slice = depth_slice(&x, t * dd, *ds, *dout)?;
                            let w = weight.narrow(2, t, 1)?.squeeze(2)?;
                            let y = slice.conv2d(&w, 0, s, d, g)?;
                            sum = Some(match sum {
                                Some(acc) => (acc + y)?,
                                None => y,
                            });
                        }
                        let y =
                            sum.ok_or_else(|| candle_core::Error::Msg("empty kernel".into()))?;
                        let (c, h, w) = y.dims4().map(|(_, c, h, w)| (c, h, w))?;
                        y.reshape((n, *dout, c, h, w))?
                            .transpose(1, 2)?
                            .contiguous()?
                    }
                };
                add_bias(y, bias.as_ref())
            }
            Op::ConvTranspose {
                weight,
                bias,
                padding,
                output_padding,
                stride,
                dilation,
                groups,
            } => {
                let (p, op, s, d) = (*padding, *output_padding, *stride, *dilation);
                // candle's `conv_transpose1d` computes wrong values for some shapes
                // (5 channels on a length of 5, batch 2, k3: tests/sweep.rs), so a
                // signal runs as a map of height 1, unpadded, and is cropped by hand.
                let signal = weight.rank() == 3;
                let (x, w, p2, op2) = match signal {
                    true => (x.unsqueeze(2)?, weight.unsqueeze(2)?, 0, 0),
                    false => (x.clone(), weight.clone(), p, op),
                };
                // candle's 2-D transposed convolution has no groups: one per group.
                let ys = x
                    .chunk(*groups, 1)?
                    .iter()
                    .zip(&w.chunk(*groups, 0)?)
                    .map(|(x, w)| x.conv_transpose2d(w, p2, op2, s, d))
                    .collect::<Result<Vec<_>>>()?;
                let y = Tensor::cat(&ys, 1)?;
                let y = match signal {
                    // PyTorch's output: the unpadded one without `p` values at each
                    // end, and `op` more at the end that no input reaches.
                    true => {
                        let y = y.squeeze(2)?;
                        let full = y.dim(2)?;
                        y.pad_with_zeros(2, 0, op.saturating_sub(p))?.narrow(
                            2,
                            p,
                            full + op - 2 * p,
                        )?
                    }
                    false => y,
                };
                add_bias(y, bias.as_ref())
            }
            Op::Pool {
                max,
                kernel,
                stride,
                pad,
                out,
                divisor,
                rank,
            } => {
                // Every rank as depth, height and width.
                let mut x = x.clone();
                for _ in *rank..3 {
                    x = x.unsqueeze(2)?;
                }
                let fill = if *max { f32::NEG_INFINITY } else { 0.0 };
                for (i, &(before, after)) in pad.iter().enumerate() {
                    x = pad_with(&x, 2 + i, before, after, fill)?;
                }
                let (n, c) = (x.dim(0)?, x.dim(1)?);
                let (k2, s2) = ((kernel[1], kernel[2]), (stride[1], stride[2]));
                let mut acc: Option<Tensor> = None;
                for t in 0..kernel[0] {
                    let slice = depth_slice(&x, t, stride[0], out[0])?;
                    let y = if *max {
                        slice.max_pool2d_with_stride(k2, s2)?
                    } else {
                        slice.avg_pool2d_with_stride(k2, s2)?
                    };
                    acc = Some(match acc {
                        Some(a) if *max => a.maximum(&y)?,
                        Some(a) => (a + y)?,
                        None => y,
                    });
                }
                let y = acc.ok_or_else(|| candle_core::Error::Msg("empty window".into()))?;
                let y = y
                    .reshape((n, out[0], c, out[1], out[2]))?
                    .transpose(1, 2)?
                    .contiguous()?;
                let y = match (max, divisor) {
                    (true, _) => y,
                    // The sum over each window, over the values PyTorch counts.
                    (false, Some(d)) => (y * (kernel[1] * kernel[2]) as f64)?.broadcast_div(d)?,
                    (false, None) => (y / kernel[0] as f64)?,
                };
                let mut y = y;
                for _ in *rank..3 {
                    y = y.squeeze(2)?;
                }
                Ok(y)
            }
            Op::GlobalAvg { rank } => {
                let mut y = x.clone();
                for axis in 0..*rank {
                    y = y.mean_keepdim(2 + axis)?;
                }
                Ok(y)
            }
            Op::Adaptive { max, from, to } => {
                let mut y = x.clone();
                for (axis, (&i, &o)) in from.iter().zip(to).enumerate() {
                    let dim = 2 + axis;
                    // PyTorch's windows: floor(j*i/o) to ceil((j+1)*i/o).
                    let parts = (0..o)
                        .map(|j| {
                            let start = j * i / o;
                            let end = ((j + 1) * i).div_ceil(o);
                            let part = y.narrow(dim, start, end - start)?;
                            if *max {
                                part.max_keepdim(dim)
                            } else {
                                part.mean_keepdim(dim)
                            }
                        })
                        .collect::<Result<Vec<_>>>()?;
                    y = Tensor::cat(&parts, dim)?;
                }
                Ok(y)
            }
            Op::Resample { axes } => {
                let mut y = x.clone();
                let last = x.rank() - 1;
                for (axis, m) in axes.iter().enumerate() {
                    // The axis last, times the matrix's transpose, and back.
                    let t = y.transpose(2 + axis, last)?.contiguous()?;
                    let mut dims = t.dims().to_vec();
                    let rows = t.elem_count() / dims[last];
                    let t = t.reshape((rows, dims[last]))?.matmul(&m.t()?)?;
                    dims[last] = m.dim(0)?;
                    y = t.reshape(dims)?.transpose(2 + axis, last)?.contiguous()?;
                }
                Ok(y)
            }
            Op::Flatten => x.flatten_from(1),
            Op::Linear(l) => l.forward(&x.flatten_from(1)?),
            Op::BatchNorm(bn) => bn.forward_t(x, train),
            Op::LayerNorm { weight, bias } => {
                if x.rank() == 2 {
                    return candle_nn::ops::layer_norm(x, weight, bias, EPS as f32);
                }
                // Channels last, normalized, and back.
                let last = x.rank() - 1;
                let y = x.transpose(1, last)?.contiguous()?;
                let y = candle_nn::ops::layer_norm(&y, weight, bias, EPS as f32)?;
                y.transpose(1, last)?.contiguous()
            }
            Op::GroupNorm(gn) => gn.forward(x),
            Op::Scale(w) => {
                let w = w.reshape(broadcast_shape(x, w.dim(0)?))?;
                x.broadcast_mul(&w)
            }
            Op::PRelu(w) => x.relu()? + x.minimum(0f64)?.broadcast_mul(w)?,
            Op::Activation(a) => activation(*a, x),
            Op::Dropout(p) if train => candle_nn::ops::dropout(x, *p),
            Op::DropPath(p) if train && *p > 0.0 => {
                // torchvision's StochasticDepth in "row" mode: one coin per sample.
                let keep = 1.0 - *p;
                let n = x.dim(0)?;
                let mut shape = vec![1; x.rank()];
                shape[0] = n;
                let coin = Tensor::rand(0f32, 1f32, n, x.device())?;
                let mask = coin.ge(*p)?.to_dtype(x.dtype())?.reshape(shape)?;
                x.broadcast_mul(&mask)? / keep as f64
            }
            Op::Dropout(_) | Op::DropPath(_) => Ok(x.clone()),
            Op::Shuffle(g) => {
                let dims = x.dims().to_vec();
                let (c, g) = (dims[1], *g);
                let mut split = vec![dims[0], g, c / g];
                split.extend_from_slice(&dims[2..]);
                x.reshape(split)?
                    .transpose(1, 2)?
                    .contiguous()?
                    .reshape(dims)
            }
        }
    }
}

/// The `[out, in]` matrix of PyTorch's interpolation from `i` to `o` values along one
/// axis (`align_corners=False`; a scale factor `S` with `o = i*S` maps as `i/o` does):
/// `nearest` takes `floor(j*i/o)`; the linear modes weigh the two values around
/// `(j + 0.5)*i/o - 0.5` (clamped at 0); `bicubic` weighs four with Keys' cubic
/// (`A = -0.75`), their indices clamped to the axis. PyTorch's bilinear, bicubic and
/// trilinear are these, axis by axis.
fn interpolation(mode: Interpolation, i: usize, o: usize, vb: &VarBuilder) -> Result<Tensor> {
    let scale = i as f64 / o as f64;
    let mut m = vec![0f64; o * i];
    for (j, row) in m.chunks_mut(i).enumerate() {
        match mode {
            Interpolation::Nearest => {
                let src = ((j as f64 * scale).floor() as usize).min(i - 1);
                row[src] = 1.0;
            }
            Interpolation::Linear | Interpolation::Bilinear | Interpolation::Trilinear => {
                let src = ((j as f64 + 0.5) * scale - 0.5).max(0.0);
                let i0 = (src.floor() as usize).min(i - 1);
                let i1 = (i0 + 1).min(i - 1);
                let w1 = src - i0 as f64;
                row[i0] += 1.0 - w1;
                row[i1] += w1;
            }
            Interpolation::Bicubic => {
                let src = (j as f64 + 0.5) * scale - 0.5;
                let base = src.floor();
                for (k, w) in cubic(src - base).into_iter().enumerate() {
                    let at = (base as i64 - 1 + k as i64).clamp(0, i as i64 - 1) as usize;
                    row[at] += w;
                }
            }
        }
    }
    Tensor::from_vec(m, (o, i), vb.device())?.to_dtype(vb.dtype())
}

/// Keys' cubic convolution weights for the four values around a point `t` past the
/// second (PyTorch's `upsample_bicubic2d`, `A = -0.75`).
fn cubic(t: f64) -> [f64; 4] {
    const A: f64 = -0.75;
    let near = |x: f64| ((A + 2.0) * x - (A + 3.0)) * x * x + 1.0;
    let far = |x: f64| ((A * x - 5.0 * A) * x + 8.0 * A) * x - 4.0 * A;
    [far(t + 1.0), near(t), near(1.0 - t), far(2.0 - t)]
}

/// `[1, C, 1, ...]` for a per-channel tensor against `x`.
fn broadcast_shape(x: &Tensor, c: usize) -> Vec<usize> {
    let mut shape = vec![1; x.rank()];
    shape[1] = c;
    shape
}

fn add_bias(y: Tensor, bias: Option<&Tensor>) -> Result<Tensor> {
    match bias {
        Some(b) => {
            let b = b.reshape(broadcast_shape(&y, b.dim(0)?))?;
            y.broadcast_add(&b)
        }
        None => Ok(y),
    }
}

/// `x` padded along `dim` with `value`.
fn pad_with(x: &Tensor, dim: usize, before: usize, after: usize, value: f32) -> Result<Tensor> {
    if before == 0 && after == 0 {
        return Ok(x.clone());
    }
    let mut parts = Vec::new();
    let side = |n: usize| -> Result<Tensor> {
        let mut shape = x.dims().to_vec();
        shape[dim] = n;
        Tensor::full(value, shape, x.device())?.to_dtype(x.dtype())
    };
    if before > 0 {
        parts.push(side(before)?);
    }
    parts.push(x.clone());
    if after > 0 {
        parts.push(side(after)?);
    }
    Tensor::cat(&parts, dim)
}

fn activation(a: Activation, x: &Tensor) -> Result<Tensor> {
    match a {
        Activation::Relu => x.relu(),
        Activation::Relu6 => x.clamp(0f32, 6f32),
        Activation::LeakyRelu { negative_slope } => candle_nn::ops::leaky_relu(x, negative_slope),
        Activation::Elu { alpha } => x.elu(alpha),
        // nn.GELU's default is the exact one, with erf.
        Activation::Gelu => x.gelu_erf(),
        Activation::Silu => x.silu(),
        Activation::Sigmoid => candle_nn::ops::sigmoid(x),
        Activation::Tanh => x.tanh(),
        Activation::Hardswish => x * ((x + 3.0)?.clamp(0f32, 6f32)? / 6.0)?,
        Activation::Softmax => candle_nn::ops::softmax(x, 1),
        Activation::Hardsigmoid => (x + 3.0)?.clamp(0f32, 6f32)? / 6.0,
        Activation::Mish => candle_nn::ops::mish(x),
        Activation::Hardtanh => x.clamp(-1f32, 1f32),
        Activation::LogSoftmax => candle_nn::ops::log_softmax(x, 1),
    }
}

fn conv<N: Display>(
    name: &dyn Display,
    layer: &Layer<N>,
    c: Conv,
    params: &[cnn::Param],
    vb: &VarBuilder,
) -> Result<Op> {
    let rank = layer.input.rank();
    let (weight, bias) = weight_and_bias(params, vb)?;
    let groups = match c.groups {
        Groups::Count(g) => usize_of(g),
        Groups::Depthwise => usize_of(layer.input.channels()),
    };
    // A 3-D convolution's depth goes slice by slice; height and width as in 2-D.
    let (plane, depth) = match rank {
        3 => {
            let at = |v: PerAxis| usize_of(v.along(3, 0));
            let depth = (at(c.stride), at(c.dilation), sizes(layer.output)[0]);
            let hw = |v: PerAxis| PerAxis::new(v.along(3, 1), v.along(3, 2));
            ((hw(c.stride), hw(c.dilation), 2), Some(depth))
        }
        r => ((c.stride, c.dilation, r), None),
    };
    Ok(Op::Conv {
        weight,
        bias,
        // `pP`, or Keras' `same` split as cnn-core computes it.
        pad: c.paddings(layer.input)[..rank as usize]
            .iter()
            .map(|&(a, b)| (usize_of(a), usize_of(b)))
            .collect(),
        stride: same(name, "stride", plane.0, plane.2)?,
        dilation: same(name, "dilation", plane.1, plane.2)?,
        groups,
        depth,
    })
}

fn conv_transpose<N: Display>(
    name: &dyn Display,
    layer: &Layer<N>,
    c: ConvTranspose,
    params: &[cnn::Param],
    vb: &VarBuilder,
) -> Result<Op> {
    let rank = layer.input.rank();
    let (weight, bias) = weight_and_bias(params, vb)?;
    Ok(Op::ConvTranspose {
        weight,
        bias,
        padding: same(name, "padding", c.padding, rank)?,
        output_padding: same(name, "output padding", c.output_padding, rank)?,
        stride: same(name, "stride", c.stride, rank)?,
        dilation: same(name, "dilation", c.dilation, rank)?,
        groups: usize_of(c.groups),
    })
}

/// A pool over a padded input: the padding PyTorch adds, and after it, in ceil mode,
/// room for the last window; average pooling then divides each window by what PyTorch
/// counts (the padding, not the room past it).
fn pool<N: Display>(layer: &Layer<N>, p: Pool, max: bool, vb: &VarBuilder) -> Result<Op> {
    let rank = layer.input.rank();
    let (ins, outs) = (sizes(layer.input), sizes(layer.output));
    let first = 3 - rank as usize;
    let (mut kernel, mut stride, mut pad, mut out) = ([1; 3], [1; 3], [(0, 0); 3], [1; 3]);
    let mut counted: Vec<Vec<f32>> = vec![vec![1.0]; 3];
    let mut overhang = false;
    for j in 0..rank as usize {
        let (k, s, p) = (
            usize_of(p.kernel.along(rank, j)),
            usize_of(p.stride.along(rank, j)),
            usize_of(p.padding.along(rank, j)),
        );
        let (input, o) = (ins[j], outs[j]);
        let extra = ((o - 1) * s + k).saturating_sub(input + 2 * p);
        overhang |= extra > 0;
        let a = first + j;
        (kernel[a], stride[a], pad[a], out[a]) = (k, s, (p, p + extra), o);
        // The values each window counts along this axis: up to the padded input.
        counted[a] = (0..o)
            .map(|w| ((w * s + k).min(input + 2 * p) - w * s) as f32)
            .collect();
    }
    let divisor = if overhang && !max {
        let cells: Vec<f32> = counted[0]
            .iter()
            .flat_map(|d| counted[1].iter().map(move |h| d * h))
            .flat_map(|dh| counted[2].iter().map(move |w| dh * w))
            .collect();
        Some(Tensor::from_vec(cells, (out[0], out[1], out[2]), vb.device())?.to_dtype(vb.dtype())?)
    } else {
        None
    };
    Ok(Op::Pool {
        max,
        kernel,
        stride,
        pad,
        out,
        divisor,
        rank: rank as usize,
    })
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
