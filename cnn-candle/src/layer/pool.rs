//! Pools: max and average (ceil mode included), global average, adaptive.

use super::fast::{self, PoolGeometry};
use super::{depth_slice, sizes, usize_of};
use candle_core::{Module, Result, Tensor};
use candle_nn::VarBuilder;
use cnn::Layer;
use std::fmt::Display;

/// Max or average pooling at any rank, our own: candle's 2-D pools take no padding and
/// no ceil mode, and there are no 1-D or 3-D ones. Every rank runs as 2-D pools over an
/// explicitly padded input (`-inf` for max, zeros for average), one per depth of the
/// window (a signal and an image have a depth of 1); in ceil mode, room for the last
/// window after the padding, and the average divided by what PyTorch counts there.
pub(super) struct Pool {
    max: bool,
    /// Depth, height and width.
    kernel: [usize; 3],
    stride: [usize; 3],
    /// `(before, after)` per axis.
    pad: [(usize, usize); 3],
    /// The output's depth, height and width.
    out: [usize; 3],
    /// PyTorch's per-window divisors, where ceil mode makes a window pass the padded
    /// input.
    divisor: Option<Tensor>,
    rank: usize,
    /// In a model built for inference, a 2-D max pool's geometry for `fast.rs`' loop.
    fast: Option<PoolGeometry>,
}

impl Pool {
    pub(super) fn new<N: Display>(
        layer: &Layer<N>,
        p: cnn::Pool,
        max: bool,
        vb: &VarBuilder,
    ) -> Result<Pool> {
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
            let shape = (out[0], out[1], out[2]);
            Some(Tensor::from_vec(cells, shape, vb.device())?.to_dtype(vb.dtype())?)
        } else {
            None
        };
        Ok(Pool {
            max,
            kernel,
            stride,
            pad,
            out,
            divisor,
            rank: rank as usize,
            fast: None,
        })
    }

    /// The same 2-D max pool for a model built for inference: `fast.rs`' direct loop
    /// (its channels and input read off the input).
    pub(super) fn for_inference(self) -> Pool {
        let fast = PoolGeometry {
            channels: 0,
            input: (0, 0),
            output: (self.out[1], self.out[2]),
            kernel: (self.kernel[1], self.kernel[2]),
            stride: (self.stride[1], self.stride[2]),
            before: (self.pad[1].0, self.pad[2].0),
        };
        Pool {
            fast: Some(fast),
            ..self
        }
    }
}

impl Module for Pool {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        if let Some(g) = self.fast {
            let g = PoolGeometry {
                channels: x.dim(1)?,
                input: (x.dim(2)?, x.dim(3)?),
                ..g
            };
            if let Some(y) = fast::max_pool2d(x, &g)? {
                return Ok(y);
            }
        }
        let (kernel, stride, out) = (self.kernel, self.stride, self.out);
        // Every rank as depth, height and width.
        let mut x = x.clone();
        for _ in self.rank..3 {
            x = x.unsqueeze(2)?;
        }
        let fill = if self.max { f32::NEG_INFINITY } else { 0.0 };
        for (i, &(before, after)) in self.pad.iter().enumerate() {
            x = pad_with(&x, 2 + i, before, after, fill)?;
        }
        let (n, c) = (x.dim(0)?, x.dim(1)?);
        let (k2, s2) = ((kernel[1], kernel[2]), (stride[1], stride[2]));
        let mut acc: Option<Tensor> = None;
        for t in 0..kernel[0] {
            let slice = depth_slice(&x, t, stride[0], out[0])?;
            let y = if self.max {
                slice.max_pool2d_with_stride(k2, s2)?
            } else {
                slice.avg_pool2d_with_stride(k2, s2)?
            };
            acc = Some(match acc {
                Some(a) if self.max => a.maximum(&y)?,
                Some(a) => (a + y)?,
                None => y,
            });
        }
        let y = acc.ok_or_else(|| candle_core::Error::Msg("empty window".into()))?;
        let y = y
            .reshape((n, out[0], c, out[1], out[2]))?
            .transpose(1, 2)?
            .contiguous()?;
        let mut y = match (self.max, &self.divisor) {
            (true, _) => y,
            // The sum over each window, over the values PyTorch counts.
            (false, Some(d)) => (y * (kernel[1] * kernel[2]) as f64)?.broadcast_div(d)?,
            (false, None) => (y / kernel[0] as f64)?,
        };
        for _ in self.rank..3 {
            y = y.squeeze(2)?;
        }
        Ok(y)
    }
}

/// The mean over every position (`nn.AdaptiveAvgPool2d(1)`).
pub(super) struct GlobalAvg {
    pub(super) rank: usize,
    /// Built for inference: `fast.rs`' sum a channel.
    pub(super) fast: bool,
}

impl Module for GlobalAvg {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        if self.fast {
            if let Some(y) = fast::global_avg(x)? {
                return Ok(y);
            }
        }
        let mut y = x.clone();
        for axis in 0..self.rank {
            y = y.mean_keepdim(2 + axis)?;
        }
        Ok(y)
    }
}

/// Adaptive pooling to the output's sizes, one axis at a time, our own (candle has
/// none): PyTorch's windows `floor(j*i/o)` to `ceil((j+1)*i/o)`, uneven ones included.
pub(super) struct Adaptive {
    max: bool,
    from: Vec<usize>,
    to: Vec<usize>,
}

impl Adaptive {
    pub(super) fn new<N: Display>(layer: &Layer<N>, max: bool) -> Adaptive {
        Adaptive {
            max,
            from: sizes(layer.input),
            to: sizes(layer.output),
        }
    }
}

impl Module for Adaptive {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let mut y = x.clone();
        for (axis, (&i, &o)) in self.from.iter().zip(&self.to).enumerate() {
            let dim = 2 + axis;
            let parts = (0..o)
                .map(|j| {
                    let start = j * i / o;
                    let end = ((j + 1) * i).div_ceil(o);
                    let part = y.narrow(dim, start, end - start)?;
                    if self.max {
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
}

/// `x` padded along `dim` with `value` (candle's `pad_with_zeros` pads zeros only).
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
