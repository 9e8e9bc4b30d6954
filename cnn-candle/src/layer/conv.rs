//! Convolutions and transposed convolutions.

use super::fast::{self, Geometry};
use super::{
    broadcast_shape, depth_slice, same, sizes, unsupported, usize_of, weight_and_bias, Build,
};
use candle_core::{Module, ModuleT, Result, Tensor};
use candle_nn::{Conv1dConfig, Conv2dConfig, VarBuilder};
use cnn::{Groups, Layer, PerAxis};
use std::fmt::Display;

/// A convolution: candle-nn's `Conv1d` and `Conv2d` (bias included) after the zeros
/// they cannot add themselves — Keras' `same` puts the odd one after, and per-axis
/// padding differs by axis, where candle pads every side alike. A 3-D convolution,
/// which candle lacks, runs as 2-D ones over depth slices, one per depth of the kernel.
pub(super) struct Conv {
    /// The zeros padded by hand, `(before, after)` per spatial axis; none when candle's
    /// symmetric padding says the same.
    pad: Vec<(usize, usize)>,
    inner: Inner,
    /// In a model built for inference, a 2-D convolution's geometry, for
    /// `layer/fast.rs`' products.
    fast: Option<Geometry>,
}

enum Inner {
    Signal(candle_nn::Conv1d),
    Image(candle_nn::Conv2d),
    /// A volume: the 2-D convolution without bias, its kernel's depth slices, and the
    /// depth's stride, dilation and output.
    Volume {
        weight: Tensor,
        bias: Option<Tensor>,
        config: Conv2dConfig,
        depth: (usize, usize, usize),
    },
}

impl Conv {
    pub(super) fn new<N: Display>(
        name: &dyn Display,
        layer: &Layer<N>,
        c: cnn::Conv,
        params: &[cnn::Param],
        vb: &VarBuilder,
        how: Build,
    ) -> Result<Conv> {
        let rank = layer.input.rank();
        let (weight, bias) = weight_and_bias(params, vb)?;
        // A BatchNorm folded in: each output channel's filter scaled, and its bias
        // scaled and shifted; its values as they are now, for inference.
        let (weight, bias) = match &how {
            Build::Inference {
                fold: Some((scale, shift)),
                ..
            } => {
                let mut dims = vec![1; weight.rank()];
                dims[0] = scale.dim(0)?;
                let w = weight.broadcast_mul(&scale.reshape(dims)?)?.detach();
                let b = match bias {
                    Some(b) => ((b * scale)? + shift)?,
                    None => shift.clone(),
                };
                (w, Some(b.detach()))
            }
            Build::Any | Build::Inference { fold: None, .. } | Build::Folded => (weight, bias),
        };
        let (inference, act) = match how {
            Build::Inference { act, .. } => (true, act),
            Build::Any | Build::Folded => (false, None),
        };
        let groups = match c.groups {
            Groups::Count(g) => usize_of(g),
            Groups::Depthwise => usize_of(layer.input.channels()),
        };
        // `pP`, or Keras' `same` split as cnn-core computes it.
        let mut pad: Vec<(usize, usize)> = c.paddings(layer.input)[..rank as usize]
            .iter()
            .map(|&(a, b)| (usize_of(a), usize_of(b)))
            .collect();
        let fast = (rank == 2 && inference).then(|| {
            let (i, o) = (sizes(layer.input), sizes(layer.output));
            let two = |v: PerAxis| (usize_of(v.along(2, 0)), usize_of(v.along(2, 1)));
            Geometry {
                cin: usize_of(layer.input.channels()),
                cout: usize_of(layer.output.channels()),
                groups,
                input: (i[0], i[1]),
                output: (o[0], o[1]),
                kernel: two(c.kernel),
                stride: two(c.stride),
                dilation: two(c.dilation),
                before: (pad[0].0, pad[1].0),
                act,
            }
        });
        let symmetric = rank < 3 && pad.iter().all(|&(a, b)| a == b && a == pad[0].0);
        let padding = if symmetric { pad[0].0 } else { 0 };
        if symmetric {
            pad.clear();
        }
        // A 3-D convolution's depth goes slice by slice; height and width as in 2-D.
        let hw = |v: PerAxis| PerAxis::new(v.along(3, 1), v.along(3, 2));
        let (stride, dilation) = match rank {
            3 => (hw(c.stride), hw(c.dilation)),
            _ => (c.stride, c.dilation),
        };
        let plane = rank.min(2);
        let config = Conv2dConfig {
            padding,
            stride: same(name, "stride", stride, plane)?,
            dilation: same(name, "dilation", dilation, plane)?,
            groups,
            cudnn_fwd_algo: None,
        };
        let inner = match rank {
            1 => Inner::Signal(candle_nn::Conv1d::new(
                weight,
                bias,
                Conv1dConfig {
                    padding: config.padding,
                    stride: config.stride,
                    dilation: config.dilation,
                    groups,
                    cudnn_fwd_algo: None,
                },
            )),
            3 => {
                let at = |v: PerAxis| usize_of(v.along(3, 0));
                Inner::Volume {
                    weight,
                    bias,
                    config,
                    depth: (at(c.stride), at(c.dilation), sizes(layer.output)[0]),
                }
            }
            _ => Inner::Image(candle_nn::Conv2d::new(weight, bias, config)),
        };
        Ok(Conv { pad, inner, fast })
    }
}

impl ModuleT for Conv {
    /// In a model built for inference, a 2-D convolution runs as `layer/fast.rs`'
    /// products (no gradient flows through them); otherwise as candle's ops.
    fn forward_t(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        if let (false, Some(g), Inner::Image(conv)) = (train, self.fast, &self.inner) {
            if let Some(y) = fast::conv2d(x, conv.weight(), conv.bias(), &g)? {
                return Ok(y);
            }
        }
        self.candle(x)
    }
}

impl Conv {
    /// Built for inference, the 2-D convolution of `x` with `extra`:
    /// [`super::conv_with`].
    pub(super) fn with(&self, x: &Tensor, extra: fast::Extra<'_>) -> Result<Option<Tensor>> {
        match (self.fast, &self.inner) {
            (Some(g), Inner::Image(conv)) => {
                fast::conv2d_with(x, conv.weight(), conv.bias(), &g, extra)
            }
            _ => Ok(None),
        }
    }

    /// The convolution as candle's ops compute it.
    fn candle(&self, x: &Tensor) -> Result<Tensor> {
        let mut x = x.clone();
        for (i, &(before, after)) in self.pad.iter().enumerate() {
            x = x.pad_with_zeros(2 + i, before, after)?;
        }
        match &self.inner {
            Inner::Signal(conv) => conv.forward(&x),
            Inner::Image(conv) => conv.forward(&x),
            Inner::Volume {
                weight,
                bias,
                config,
                depth: (ds, dd, dout),
            } => {
                let (n, kd) = (x.dim(0)?, weight.dim(2)?);
                let mut sum: Option<Tensor> = None;
                for t in 0..kd {
                    let slice = depth_slice(&x, t * dd, *ds, *dout)?;
                    let w = weight.narrow(2, t, 1)?.squeeze(2)?;
                    let y = slice.conv2d(&w, 0, config.stride, config.dilation, config.groups)?;
                    sum = Some(match sum {
                        Some(acc) => (acc + y)?,
                        None => y,
                    });
                }
                let y = sum.ok_or_else(|| candle_core::Error::Msg("empty kernel".into()))?;
                let (c, h, w) = y.dims4().map(|(_, c, h, w)| (c, h, w))?;
                let y = y
                    .reshape((n, *dout, c, h, w))?
                    .transpose(1, 2)?
                    .contiguous()?;
                add_bias(y, bias.as_ref())
            }
        }
    }
}

/// A transposed convolution at rank 1 or 2, our own: candle-nn's `ConvTranspose2d`
/// has no groups (each group runs on its own here), and candle 0.11.1's
/// `conv_transpose1d` computes wrong values for some shapes (5 channels on a length of
/// 5, batch 2, k3: `tests/sweep.rs`), so a signal runs as a map of height 1, unpadded,
/// and is cropped by hand.
pub(super) struct ConvTranspose {
    weight: Tensor,
    bias: Option<Tensor>,
    padding: usize,
    output_padding: usize,
    stride: usize,
    dilation: usize,
    groups: usize,
}

impl ConvTranspose {
    pub(super) fn new<N: Display>(
        name: &dyn Display,
        layer: &Layer<N>,
        c: cnn::ConvTranspose,
        params: &[cnn::Param],
        vb: &VarBuilder,
    ) -> Result<ConvTranspose> {
        let rank = layer.input.rank();
        if rank > 2 {
            return Err(unsupported(
                name,
                &format!("candle has no {rank}-D transposed convolution"),
            ));
        }
        let (weight, bias) = weight_and_bias(params, vb)?;
        Ok(ConvTranspose {
            weight,
            bias,
            padding: same(name, "padding", c.padding, rank)?,
            output_padding: same(name, "output padding", c.output_padding, rank)?,
            stride: same(name, "stride", c.stride, rank)?,
            dilation: same(name, "dilation", c.dilation, rank)?,
            groups: usize_of(c.groups),
        })
    }
}

impl Module for ConvTranspose {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let (p, op, s, d) = (
            self.padding,
            self.output_padding,
            self.stride,
            self.dilation,
        );
        let signal = self.weight.rank() == 3;
        let (x, w, p2, op2) = match signal {
            true => (x.unsqueeze(2)?, self.weight.unsqueeze(2)?, 0, 0),
            false => (x.clone(), self.weight.clone(), p, op),
        };
        let ys = x
            .chunk(self.groups, 1)?
            .iter()
            .zip(&w.chunk(self.groups, 0)?)
            .map(|(x, w)| x.conv_transpose2d(w, p2, op2, s, d))
            .collect::<Result<Vec<_>>>()?;
        let y = Tensor::cat(&ys, 1)?;
        let y = match signal {
            // PyTorch's output: the unpadded one without `p` values at each end, and
            // `op` more at the end that no input reaches.
            true => {
                let y = y.squeeze(2)?;
                let full = y.dim(2)?;
                y.pad_with_zeros(2, 0, op.saturating_sub(p))?
                    .narrow(2, p, full + op - 2 * p)?
            }
            false => y,
        };
        add_bias(y, self.bias.as_ref())
    }
}

/// `y` plus a per-channel bias.
fn add_bias(y: Tensor, bias: Option<&Tensor>) -> Result<Tensor> {
    match bias {
        Some(b) => {
            let b = b.reshape(broadcast_shape(&y, b.dim(0)?))?;
            y.broadcast_add(&b)
        }
        None => Ok(y),
    }
}
