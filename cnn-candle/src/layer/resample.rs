//! Resizing: `upsample` and `resize`, in every interpolation mode.

use super::sizes;
use candle_core::{Module, Result, Tensor};
use candle_nn::VarBuilder;
use cnn::{Interpolation, Layer};
use std::fmt::Display;

/// Interpolation to the output's sizes, one axis at a time, our own: each axis a matrix
/// of PyTorch's weights, `[out, in]`, built once for the checked shape — one path for
/// every mode (`nearest`, the linear modes, `bicubic`) at every rank, where candle has
/// only 2-D nearest and bilinear resizing.
pub(super) struct Resample {
    axes: Vec<Tensor>,
}

impl Resample {
    pub(super) fn new<N: Display>(
        layer: &Layer<N>,
        mode: Interpolation,
        vb: &VarBuilder,
    ) -> Result<Resample> {
        let axes = sizes(layer.input)
            .into_iter()
            .zip(sizes(layer.output))
            .map(|(i, o)| interpolation(mode, i, o, vb))
            .collect::<Result<Vec<_>>>()?;
        Ok(Resample { axes })
    }
}

impl Module for Resample {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let mut y = x.clone();
        let last = x.rank() - 1;
        for (axis, m) in self.axes.iter().enumerate() {
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

/// `nn.PixelShuffle(R)` (`up`) and `nn.PixelUnshuffle(R)`: channels moved into `RxR`
/// blocks of pixels and back, by reshapes and one permutation, as PyTorch's own.
pub(super) struct PixelShuffle {
    pub(super) factor: usize,
    pub(super) up: bool,
}

impl Module for PixelShuffle {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let (n, c, h, w) = x.dims4()?;
        let r = self.factor;
        if self.up {
            let c = c / (r * r);
            x.reshape((n, c, r, r, h, w))?
                .permute((0, 1, 4, 2, 5, 3))?
                .reshape((n, c, h * r, w * r))
        } else {
            let (h, w) = (h / r, w / r);
            x.reshape((n, c, h, r, w, r))?
                .permute((0, 1, 3, 5, 2, 4))?
                .reshape((n, c * r * r, h, w))
        }
    }
}

/// `F.pad` in every mode, as a gather along each padded axis: output position `j`
/// reads input position `j - before`, reflected (`reflect`), clamped (`replicate`) or
/// wrapped (`circular`) into the input, or a zero outside it (`zeros`, by a mask, so
/// that a NaN at the edge is not spread into the padding). A negative `before` or
/// `after` crops. candle's own `pad_with_zeros` and `pad_with_same` cover two modes and
/// no cropping.
pub(super) struct Pad {
    /// Per padded axis: its dimension in the tensor, the positions read, and for
    /// `zeros` which of them are inside the input.
    axes: Vec<(usize, Tensor, Option<Tensor>)>,
}

impl Pad {
    pub(super) fn new<N: Display>(layer: &Layer<N>, pad: cnn::Pad, vb: &VarBuilder) -> Result<Pad> {
        let sizes = sizes(layer.input);
        let rank = sizes.len();
        let mut axes = Vec::new();
        for (i, &size) in sizes.iter().enumerate() {
            let from_last = rank - 1 - i;
            if from_last >= pad.count as usize {
                continue;
            }
            let (before, after) = pad.pairs[from_last];
            let size = size as i64;
            let out = size + before + after;
            let mut read = Vec::with_capacity(out.max(0) as usize);
            let mut inside = Vec::with_capacity(read.capacity());
            for j in 0..out {
                let c = j - before;
                let (at, kept) = match pad.mode {
                    cnn::PadMode::Zeros => {
                        let kept = (0..size).contains(&c);
                        (if kept { c } else { 0 }, kept)
                    }
                    cnn::PadMode::Reflect => {
                        let r = if c < 0 {
                            -c
                        } else if c >= size {
                            2 * (size - 1) - c
                        } else {
                            c
                        };
                        (r, true)
                    }
                    cnn::PadMode::Replicate => (c.clamp(0, size - 1), true),
                    cnn::PadMode::Circular => (c.rem_euclid(size), true),
                };
                read.push(at as u32);
                inside.push(u8::from(kept));
            }
            let mut shape = vec![1usize; rank + 2];
            shape[i + 2] = read.len();
            let mask = match pad.mode {
                cnn::PadMode::Zeros => Some(Tensor::from_vec(inside, shape, vb.device())?),
                _ => None,
            };
            axes.push((i + 2, Tensor::new(read, vb.device())?, mask));
        }
        Ok(Pad { axes })
    }
}

impl Module for Pad {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let mut x = x.clone();
        for (dim, read, inside) in &self.axes {
            x = x.index_select(read, *dim)?;
            if let Some(inside) = inside {
                x = inside
                    .broadcast_as(x.shape())?
                    .where_cond(&x, &x.zeros_like()?)?;
            }
        }
        Ok(x)
    }
}
