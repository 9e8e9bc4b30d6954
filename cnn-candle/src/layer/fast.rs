//! The inference path of a model built for it (`Model::for_inference`): 2-D
//! convolutions as matrix products of our own, with the `gemm` crate
//! candle's own matrix product runs on: candle 0.11.1's `conv2d` on the CPU tiles its
//! unfolding into small products and reaches 38–64 GFLOPS on ResNet's 3x3 layers
//! where its `matmul` of the same sizes reaches 130–145 (BENCHMARKS.md §12).
//!
//! Per sample and group, the input is unfolded once into a `Cin/g·kh·kw` by `oh·ow`
//! matrix (a 1x1 convolution of stride 1 reads the input itself, no unfolding), and
//! one product of the weights by it is added onto the output, which starts as the bias.
//! A depthwise convolution, where a product would be of one row, runs as a direct
//! loop over each channel's kernel, over a padded copy of its plane split by the
//! strides. Elsewhere padding, per-axis strides and dilations are handled in the
//! unfolding, so no padded copy is made. Depthwise planes and activations run
//! compiled for AVX2 where the CPU has it ([`vectorized`]).
//!
//! An activation after a convolution (ReLU, ReLU6, hard-swish, SiLU) is applied to its
//! output as it is written, and 2-D max pools run as a direct loop (NaN propagated,
//! as PyTorch's).
//!
//! This path computes values only: it makes no candle op, so no gradient flows through
//! it; only a model built for inference takes it.

use candle_core::{DType, Device, Result, Storage, Tensor};
use cnn::Activation;
use rayon::prelude::*;

/// A 2-D convolution's geometry, as `Conv` builds it from the layer's table.
#[derive(Clone, Copy, Debug)]
pub(super) struct Geometry {
    pub cin: usize,
    pub cout: usize,
    pub groups: usize,
    /// The input's and the output's height and width.
    pub input: (usize, usize),
    pub output: (usize, usize),
    pub kernel: (usize, usize),
    pub stride: (usize, usize),
    pub dilation: (usize, usize),
    /// The zeros before the first row and column (those after follow from the sizes).
    pub before: (usize, usize),
    /// The activation that follows, applied to the output as it is written: one of
    /// [`fused`]'s.
    pub act: Option<Activation>,
}

/// Whether an activation after a convolution is applied by `fast.rs` as the product
/// is written: ReLU, ReLU6, hard-swish and SiLU, with PyTorch's formulas.
pub(crate) fn fused(a: Activation) -> bool {
    matches!(
        a,
        Activation::Relu | Activation::Relu6 | Activation::Hardswish | Activation::Silu
    )
}

/// `a` of each of `values`, in place, as PyTorch computes it, NaN kept: one loop a
/// kind, each free of branches, so that the compiler can vectorize it.
#[inline(always)]
fn activate<T: Real>(a: Activation, values: &mut [T]) {
    let (zero, three, six) = (
        T::default(),
        <T as Real>::from_f64(3.0),
        <T as Real>::from_f64(6.0),
    );
    // max(x, 0) and min(x, 6) that keep a NaN `x`, as selects.
    let relu = |x: T| if x < zero { zero } else { x };
    let clamp6 = |x: T| {
        let x = relu(x);
        if x > six {
            six
        } else {
            x
        }
    };
    match a {
        Activation::Relu => values.iter_mut().for_each(|v| *v = relu(*v)),
        Activation::Relu6 => values.iter_mut().for_each(|v| *v = clamp6(*v)),
        // x * relu6(x + 3) / 6
        Activation::Hardswish => values
            .iter_mut()
            .for_each(|v| *v = *v * clamp6(*v + three) / six),
        // x * sigmoid(x), as PyTorch's CPU kernel writes it: x / (1 + exp(-x))
        Activation::Silu => values
            .iter_mut()
            .for_each(|v| *v = *v / (T::ONE + (-*v).exp())),
        _ => {}
    }
}

/// `e` to the `x` in plain arithmetic, so that a loop of it vectorizes (the library's
/// `expf` is a call a value): `x = n ln 2 + r` with `|r| <= ln 2 / 2`, Cephes' degree-6
/// polynomial for `e^r` (within 2 ulp of `exp`, `tests::exp_f32_against_f64`), and
/// `2^n` made from its bits in two halves, so that results below `f32::MIN_POSITIVE`
/// come out subnormal as the library's do. Infinity above `ln f32::MAX`, zero below the
/// smallest subnormal's logarithm, NaN for NaN.
#[inline(always)]
fn exp_f32(x: f32) -> f32 {
    // ln(f32::MAX), and the logarithm of the smallest subnormal.
    const HI: f32 = 88.722_84;
    const LO: f32 = -103.972_08;
    // 1.5 * 2^23: adding it rounds to an integer, kept in the low bits.
    const ROUND: f32 = 12_582_912.0;
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    let clamped = x.clamp(LO, HI);
    let t = clamped * std::f32::consts::LOG2_E + ROUND;
    let n = t - ROUND;
    let r = (clamped - n * LN2_HI) - n * LN2_LO;
    let p = ((((1.987_569_2e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5;
    let p = p * r * r + r + 1.0;
    // n itself, from t's low bits (|n| < 2^22), and 2^n as 2^(n/2) * 2^(n - n/2).
    let n = (t.to_bits() as i32).wrapping_sub(ROUND.to_bits() as i32);
    let half = n >> 1;
    let pow2 = |k: i32| f32::from_bits((k.wrapping_add(127) as u32).wrapping_shl(23));
    let y = p * pow2(half) * pow2(n.wrapping_sub(half));
    if x > HI {
        f32::INFINITY
    } else if x < LO {
        0.0
    } else {
        y
    }
}

/// The element types this path computes in: candle's model types.
trait Real:
    Copy
    + Default
    + Send
    + Sync
    + PartialOrd
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Add<Output = Self>
    + std::ops::Neg<Output = Self>
    + std::ops::AddAssign
    + 'static
{
    const ONE: Self;
    const NEG_INFINITY: Self;
    fn is_nan(self) -> bool;
    fn exp(self) -> Self;
    /// `f` of `len` values of this thread's scratch space, kept from one call to the
    /// next (an unfolding a convolution, tens of megabytes, would otherwise be mapped
    /// and zeroed afresh each time); of a new buffer when the thread's is in use (a
    /// thread that waits on others may take up another sample's work meanwhile).
    /// Their values are whatever was there: `f` writes before it reads.
    fn scratch<R>(len: usize, f: impl FnOnce(&mut [Self]) -> R) -> R;
    fn from_f64(v: f64) -> Self;
}

/// `Real` for a float type, by its own methods.
macro_rules! real {
    ($t:ident, $exp:path) => {
        impl Real for $t {
            const ONE: Self = 1.0;
            const NEG_INFINITY: Self = $t::NEG_INFINITY;
            fn is_nan(self) -> bool {
                $t::is_nan(self)
            }
            #[inline]
            fn exp(self) -> Self {
                $exp(self)
            }
            fn scratch<R>(len: usize, f: impl FnOnce(&mut [Self]) -> R) -> R {
                thread_local! {
                    static SCRATCH: std::cell::RefCell<Vec<$t>> =
                        const { std::cell::RefCell::new(Vec::new()) };
                }
                SCRATCH.with(|cell| match cell.try_borrow_mut() {
                    Ok(mut values) => {
                        if values.len() < len {
                            values.resize(len, 0.0);
                        }
                        f(&mut values[..len])
                    }
                    Err(_) => f(&mut vec![0.0; len]),
                })
            }
            fn from_f64(v: f64) -> Self {
                v as $t
            }
        }
    };
}

real!(f32, exp_f32);
real!(f64, f64::exp);

/// `$typed::<T>($args)` for `x`'s element type when `x` is on the CPU in F32 or F64
/// (and `$also` holds); `Ok(None)` otherwise, for candle's path. The one place this
/// path picks its element type.
macro_rules! on_cpu {
    ($x:expr, $typed:ident($($arg:expr),*) $(if $also:expr)?) => {{
        let here = matches!($x.device(), Device::Cpu) $(&& $also)?;
        match $x.dtype() {
            DType::F32 if here => $typed::<f32>($($arg),*).map(Some),
            DType::F64 if here => $typed::<f64>($($arg),*).map(Some),
            _ => Ok(None),
        }
    }};
}

/// The output columns `lo..hi` whose input column, `shift` past the window's first
/// and `before` padding columns in, lies inside an input of `input` columns, at
/// stride `stride` in an output of `output`: where a tap reads the input, not padding.
fn inside(
    shift: usize,
    before: usize,
    stride: usize,
    input: usize,
    output: usize,
) -> (usize, usize) {
    let lo = before.saturating_sub(shift).div_ceil(stride).min(output);
    let hi = if input + before > shift {
        ((input + before - shift - 1) / stride + 1).min(output)
    } else {
        0
    };
    (lo, hi.max(lo))
}

/// The convolution of `x` (batch first, on the CPU, F32 or F64) by `weight` and
/// `bias`; `None` when this path does not apply (another device or type), for candle's.
pub(super) fn conv2d(
    x: &Tensor,
    weight: &Tensor,
    bias: Option<&Tensor>,
    g: &Geometry,
) -> Result<Option<Tensor>> {
    on_cpu!(x, typed(x, weight, bias, g, Extra::default()))
}

/// What a convolution of [`conv2d_with`] takes besides its input.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Extra<'a> {
    /// A `scale` block's gate on the input, `[B, Cin, 1, 1]`: each sample's weights
    /// are scaled by it, `W (g x) = (W g) x`, so the scaled map is never written.
    pub gate: Option<&'a Tensor>,
    /// A residual's shortcut, of the output's shape, added to the output as it is
    /// written, before the activation (the sum's output is never written apart).
    pub sum: Option<&'a Tensor>,
    /// The activation after the sum, in place of the convolution's own.
    pub act: Option<Activation>,
}

/// [`conv2d`] with `extra`; `None` where this does not apply: a gate on weights larger
/// than a sample's map (scaling the map costs less, as in a network's last layers), a
/// sum after a convolution that applies its own activation, a depthwise convolution
/// (its loop reads the weights of every sample and writes its own output), a gate or
/// sum of another shape or type, another device or type.
pub(super) fn conv2d_with(
    x: &Tensor,
    weight: &Tensor,
    bias: Option<&Tensor>,
    g: &Geometry,
    extra: Extra<'_>,
) -> Result<Option<Tensor>> {
    let batch = x.dim(0)?;
    let depthwise = g.groups > 1 && g.cin == g.groups && g.cout == g.groups;
    let gate_fits = extra.gate.is_none_or(|t| {
        t.dims() == [batch, g.cin, 1, 1]
            && t.dtype() == x.dtype()
            && weight.elem_count() < g.cin * g.input.0 * g.input.1
    });
    let (oh, ow) = g.output;
    // A convolution with its own activation would need it before the sum.
    let sum_fits = extra.sum.is_none_or(|t| {
        t.dims() == [batch, g.cout, oh, ow] && t.dtype() == x.dtype() && g.act.is_none()
    });
    let g = Geometry {
        act: extra.act.or(g.act),
        ..*g
    };
    on_cpu!(x, typed(x, weight, bias, &g, extra) if gate_fits && sum_fits && !depthwise)
}

/// `f` of the values of `t` (on the CPU, of type `T`), borrowed in place; a copy only
/// when `t` is not laid out contiguously.
fn with_values<T: Real + candle_core::WithDType, R>(
    t: &Tensor,
    f: impl FnOnce(&[T]) -> Result<R>,
) -> Result<R> {
    let t = t.contiguous()?;
    let (storage, layout) = t.storage_and_layout();
    let Storage::Cpu(cpu) = &*storage else {
        return Err(candle_core::Error::Msg("a CPU tensor was expected".into()));
    };
    let (start, end) = layout
        .contiguous_offsets()
        .ok_or_else(|| candle_core::Error::Msg("a contiguous tensor was expected".into()))?;
    f(&cpu.as_slice::<T>()?[start..end])
}

/// [`with_values`] of `t` if given.
fn with_some<T: Real + candle_core::WithDType, R>(
    t: Option<&Tensor>,
    f: impl FnOnce(Option<&[T]>) -> Result<R>,
) -> Result<R> {
    match t {
        Some(t) => with_values(t, |v| f(Some(v))),
        None => f(None),
    }
}

fn typed<T: Real + candle_core::WithDType>(
    x: &Tensor,
    weight: &Tensor,
    bias: Option<&Tensor>,
    g: &Geometry,
    extra: Extra<'_>,
) -> Result<Tensor> {
    let batch = x.dim(0)?;
    let (oh, ow) = g.output;
    let plane = oh * ow;
    let mut out = vec![T::default(); batch * g.cout * plane];
    let bias: Option<Vec<T>> = match bias {
        Some(b) => Some(with_values::<T, _>(b, |b| Ok(b.to_vec()))?),
        None => None,
    };
    with_values::<T, _>(x, |input| {
        with_values::<T, _>(weight, |w| {
            with_some::<T, _>(extra.gate, |gate| {
                with_some::<T, _>(extra.sum, |sum| {
                    compute(input, w, &mut out, g, bias.as_deref(), gate, sum);
                    Ok(())
                })
            })
        })
    })?;
    Tensor::from_vec(out, (batch, g.cout, oh, ow), &Device::Cpu)
}

/// The mean of each channel of `x` over its positions (a global average pool, any
/// rank), on the CPU in F32 or F64; `None` for candle's path.
pub(super) fn global_avg(x: &Tensor) -> Result<Option<Tensor>> {
    on_cpu!(x, global_avg_typed(x))
}

fn global_avg_typed<T: Real + candle_core::WithDType>(x: &Tensor) -> Result<Tensor> {
    let dims = x.dims();
    let plane: usize = dims[2..].iter().product();
    let mut out = vec![T::default(); dims[0] * dims[1]];
    with_values::<T, _>(x, |input| {
        out.par_iter_mut()
            .zip(input.par_chunks(plane.max(1)))
            .for_each(|(o, p)| {
                *o = vectorized(
                    #[inline(always)]
                    || sum(p),
                ) / <T as Real>::from_f64(plane as f64)
            });
        Ok(())
    })?;
    let mut shape = vec![1; dims.len()];
    shape[..2].copy_from_slice(&dims[..2]);
    Tensor::from_vec(out, shape, &Device::Cpu)
}

/// `nn.Linear` of a batch of flat vectors `x`: `x` times `weight` transposed (read in
/// place) plus `bias`; `None` for candle's path.
pub(super) fn linear(x: &Tensor, weight: &Tensor, bias: Option<&Tensor>) -> Result<Option<Tensor>> {
    on_cpu!(x, linear_typed(x, weight, bias) if x.rank() == 2)
}

fn linear_typed<T: Real + candle_core::WithDType>(
    x: &Tensor,
    weight: &Tensor,
    bias: Option<&Tensor>,
) -> Result<Tensor> {
    let (batch, inputs) = x.dims2()?;
    let outputs = weight.dim(0)?;
    let mut out = vec![T::default(); batch * outputs];
    if let Some(b) = bias {
        with_values::<T, _>(b, |b| {
            for row in out.chunks_mut(outputs.max(1)) {
                row.copy_from_slice(b);
            }
            Ok(())
        })?;
    }
    with_values::<T, _>(x, |x| {
        with_values::<T, _>(weight, |w| {
            if batch <= 4 {
                // A few vectors: a dot product a weight row, rows shared out over the
                // threads (a product would pack the whole weight first).
                for (x, out) in x.chunks(inputs.max(1)).zip(out.chunks_mut(outputs.max(1))) {
                    out.par_iter_mut()
                        .zip(w.par_chunks(inputs.max(1)))
                        .for_each(|(o, row)| *o += dot(x, row));
                }
            } else {
                let threads = candle_core::utils::get_num_threads();
                add_product(
                    batch,
                    outputs,
                    inputs,
                    x,
                    (w, 1, inputs),
                    (&mut out, outputs),
                    threads,
                );
            }
            Ok(())
        })
    })?;
    Tensor::from_vec(out, (batch, outputs), &Device::Cpu)
}

/// The sum of `values`, in 32 running sums (one would wait on each addition before the
/// next; 32 keep a vector unit's additions in flight), added up at the end.
#[inline(always)]
fn sum<T: Real>(values: &[T]) -> T {
    let mut sums = [T::default(); 32];
    let chunks = values.chunks_exact(32);
    let mut total = T::default();
    for &v in chunks.remainder() {
        total += v;
    }
    for chunk in chunks {
        for i in 0..32 {
            sums[i] += chunk[i];
        }
    }
    for s in sums {
        total += s;
    }
    total
}

/// The dot product of `a` and `b`, in eight running sums (one would wait on each
/// addition before the next), added up at the end.
fn dot<T: Real>(a: &[T], b: &[T]) -> T {
    let mut sums = [T::default(); 8];
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (a8.remainder(), b8.remainder());
    for (a, b) in a8.zip(b8) {
        for i in 0..8 {
            sums[i] += a[i] * b[i];
        }
    }
    let mut sum = T::default();
    for (x, y) in ra.iter().zip(rb) {
        sum += *x * *y;
    }
    for s in sums {
        sum += s;
    }
    sum
}

/// `a + b` (the same shape and type), then `act` if given, as one pass on every thread;
/// `None` for candle's path.
pub(crate) fn add(a: &Tensor, b: &Tensor, act: Option<Activation>) -> Result<Option<Tensor>> {
    let alike = a.dims() == b.dims() && a.dtype() == b.dtype() && b.device().is_cpu();
    on_cpu!(a, add_typed(a, b, act) if alike)
}

fn add_typed<T: Real + candle_core::WithDType>(
    a: &Tensor,
    b: &Tensor,
    act: Option<Activation>,
) -> Result<Tensor> {
    let mut out = vec![T::default(); a.elem_count()];
    with_values::<T, _>(a, |a| {
        with_values::<T, _>(b, |b| {
            out.par_chunks_mut(CHUNK)
                .zip(a.par_chunks(CHUNK).zip(b.par_chunks(CHUNK)))
                .for_each(|(o, (a, b))| {
                    vectorized(
                        #[inline(always)]
                        || {
                            for ((o, &a), &b) in o.iter_mut().zip(a).zip(b) {
                                *o = a + b;
                            }
                            if let Some(act) = act {
                                activate(act, o);
                            }
                        },
                    )
                });
            Ok(())
        })
    })?;
    Tensor::from_vec(out, a.dims(), &Device::Cpu)
}

/// The values an element-wise pass gives each task: 64 KiB of `f32`.
const CHUNK: usize = 16_384;

/// A map `x` (batch first) times a gate of one value a channel (`[B, C, 1, ...]`), as a
/// `scale` block multiplies them; `None` for candle's path.
pub(crate) fn scale(x: &Tensor, gate: &Tensor) -> Result<Option<Tensor>> {
    let (dims, gate_dims) = (x.dims(), gate.dims());
    let gated = gate_dims.len() == dims.len()
        && gate_dims[..2] == dims[..2]
        && gate_dims[2..].iter().all(|&d| d == 1);
    on_cpu!(x, scale_typed(x, gate) if gated && x.dtype() == gate.dtype())
}

fn scale_typed<T: Real + candle_core::WithDType>(x: &Tensor, gate: &Tensor) -> Result<Tensor> {
    let dims = x.dims().to_vec();
    let plane: usize = dims[2..].iter().product();
    let mut out = vec![T::default(); dims.iter().product()];
    with_values::<T, _>(x, |x| {
        with_values::<T, _>(gate, |gate| {
            out.par_chunks_mut(plane.max(1))
                .zip(x.par_chunks(plane.max(1)))
                .zip(gate.par_iter())
                .for_each(|((o, x), &g)| {
                    for (o, &v) in o.iter_mut().zip(x) {
                        *o = v * g;
                    }
                });
            Ok(())
        })
    })?;
    Tensor::from_vec(out, dims, &Device::Cpu)
}

/// A 2-D max pool's geometry.
#[derive(Clone, Copy, Debug)]
pub(super) struct PoolGeometry {
    pub channels: usize,
    pub input: (usize, usize),
    pub output: (usize, usize),
    pub kernel: (usize, usize),
    pub stride: (usize, usize),
    /// The `-inf` before the first row and column.
    pub before: (usize, usize),
}

/// The 2-D max pool of `x` (batch first, on the CPU, F32 or F64), each window's
/// largest value over the input inside it (a window reaching past it in ceil mode
/// counts what it covers), NaN where a window holds one; `None` for candle's path.
pub(super) fn max_pool2d(x: &Tensor, g: &PoolGeometry) -> Result<Option<Tensor>> {
    on_cpu!(x, pool_typed(x, g))
}

fn pool_typed<T: Real + candle_core::WithDType>(x: &Tensor, g: &PoolGeometry) -> Result<Tensor> {
    let batch = x.dim(0)?;
    let ((ih, iw), (oh, ow)) = (g.input, g.output);
    let (kh, kw) = g.kernel;
    let (sh, sw) = g.stride;
    let (ph, pw) = g.before;
    let mut out = vec![T::NEG_INFINITY; batch * g.channels * oh * ow];
    // The padded width a row of column maxima spans, split by the stride into phases
    // of `wide` values: tap `j` of output column `q` reads phase `j % sw` at `q + j / sw`.
    let wide = ow + (kw - 1) / sw;
    with_values::<T, _>(x, |input| {
        out.par_chunks_mut(oh * ow)
            .zip(input.par_chunks(ih * iw))
            .for_each(|(out, plane)| {
                let mut column = vec![T::NEG_INFINITY; iw];
                let mut phases = vec![T::NEG_INFINITY; sw * wide];
                vectorized(
                    #[inline(always)]
                    || {
                        for (oy, line) in out.chunks_mut(ow).enumerate() {
                            // Down the window's rows inside the input, each column's
                            // largest value; then across, a phase at a time.
                            column.fill(T::NEG_INFINITY);
                            for i in 0..kh {
                                let iy = (oy * sh + i).checked_sub(ph).filter(|&r| r < ih);
                                if let Some(iy) = iy {
                                    larger(&mut column, &plane[iy * iw..(iy + 1) * iw]);
                                }
                            }
                            for (p, phase) in phases.chunks_mut(wide).enumerate() {
                                // Phase column q holds padded column q sw + p, input
                                // column q sw + p - pw where inside.
                                let (lo, hi) = inside(p, pw, sw, iw, wide);
                                phase[..lo].fill(T::NEG_INFINITY);
                                phase[hi..].fill(T::NEG_INFINITY);
                                if lo < hi {
                                    let first = lo * sw + p - pw;
                                    let src = column[first..].iter().step_by(sw);
                                    for (v, s) in phase[lo..hi].iter_mut().zip(src) {
                                        *v = *s;
                                    }
                                }
                            }
                            for j in 0..kw {
                                let at = (j % sw) * wide + j / sw;
                                larger(line, &phases[at..at + ow]);
                            }
                        }
                    },
                );
            });
        Ok(())
    })?;
    Tensor::from_vec(out, (batch, g.channels, oh, ow), &Device::Cpu)
}

/// Each of `acc` the larger of it and the value of `values` beside it, NaN winning and
/// staying, as PyTorch's max pool keeps it: a select, not a branch.
#[inline(always)]
fn larger<T: Real>(acc: &mut [T], values: &[T]) {
    for (o, &s) in acc.iter_mut().zip(values) {
        let take = (s > *o) | (s.is_nan() & !o.is_nan());
        *o = if take { s } else { *o };
    }
}

/// The convolution of `input` (samples one after the other) by `w` and `bias`,
/// activated, written into `out` (zeros); with a `gate` (`cin` values a sample), of
/// each sample's input scaled by its gate; with a `sum` (of `out`'s shape), plus it
/// before the activation. Neither for a depthwise convolution.
#[allow(clippy::too_many_arguments)]
fn compute<T: Real>(
    input: &[T],
    w: &[T],
    out: &mut [T],
    g: &Geometry,
    bias: Option<&[T]>,
    gate: Option<&[T]>,
    sum: Option<&[T]>,
) {
    let plane = g.output.0 * g.output.1;
    let (ih, iw) = g.input;
    let sample_in = g.cin * ih * iw;
    let cin_g = g.cin / g.groups;
    let cout_g = g.cout / g.groups;
    if g.groups > 1 && cin_g == 1 && cout_g == 1 {
        depthwise(input, w, out, g, bias);
        return;
    }
    let k = cin_g * g.kernel.0 * g.kernel.1;
    let direct =
        g.kernel == (1, 1) && g.stride == (1, 1) && g.before == (0, 0) && g.input == g.output;
    // Sample `n`'s weights: the layer's, or scaled by its gate, each input channel's
    // `kh*kw` columns by its value.
    let taps = g.kernel.0 * g.kernel.1;
    let weights = |n: usize| -> std::borrow::Cow<'_, [T]> {
        match gate {
            None => std::borrow::Cow::Borrowed(w),
            Some(gate) => {
                let gate = &gate[n * g.cin..(n + 1) * g.cin];
                let mut scaled = w.to_vec();
                for (o, row) in scaled.chunks_mut(k.max(1)).enumerate() {
                    let channels = &gate[o / cout_g * cin_g..(o / cout_g + 1) * cin_g];
                    if taps == 1 {
                        for (v, &c) in row.iter_mut().zip(channels) {
                            *v = *v * c;
                        }
                    } else {
                        for (tap, &c) in row.chunks_mut(taps).zip(channels) {
                            for v in tap {
                                *v = *v * c;
                            }
                        }
                    }
                }
                std::borrow::Cow::Owned(scaled)
            }
        }
    };
    // One sample: its unfolding and its products, on every thread (`threads`) or one.
    let sample = |n: usize, x: &[T], y: &mut [T], threads: usize| {
        let w = weights(n);
        let w = &w[..];
        let sum = sum.map(|s| &s[n * g.cout * plane..(n + 1) * g.cout * plane]);
        T::scratch(if direct { 0 } else { k * plane }, |cols| {
            for group in 0..g.groups {
                let x = &x[group * cin_g * ih * iw..(group + 1) * cin_g * ih * iw];
                let rhs: &[T] = if direct {
                    x
                } else {
                    unfold(x, cin_g, g, cols);
                    cols
                };
                let lhs = &w[group * cout_g * k..(group + 1) * cout_g * k];
                let dst = &mut y[group * cout_g * plane..(group + 1) * cout_g * plane];
                let bias = bias.map(|b| &b[group * cout_g..(group + 1) * cout_g]);
                let sum = sum.map(|s| &s[group * cout_g * plane..(group + 1) * cout_g * plane]);
                let (rows, wide) = (cout_g, plane);
                let big = threads > 1 && rows * plane * k > 1_000_000;
                // Fewer rows a thread leave `gemm`'s tiles part empty: ResNet-18 at batch 1
                // 36 ms splitting its 64- and 128-channel layers by rows, 31 by columns
                // (`profile` example; 32 rows a thread at least: 38 ms).
                if big && rows >= 128 * threads {
                    // Each thread its share of the output channels, on one thread.
                    let part = rows.div_ceil(threads);
                    dst.par_chunks_mut(part * plane)
                        .zip(lhs.par_chunks(part * k))
                        .enumerate()
                        .for_each(|(i, (dst, lhs))| {
                            let bias = bias.map(|b| &b[i * part..]);
                            let sum = sum.map(|s| (&s[i * part * plane..], plane));
                            let init = Start { bias, sum };
                            product(lhs, k, (rhs, plane), plane, (dst, plane), init, g.act, 1);
                        });
                } else if big {
                    // Each thread its share of the output's columns, every channel (a
                    // product's kernel fills its tiles of rows only with all of them),
                    // written beside and copied in.
                    let part = wide.div_ceil(threads).next_multiple_of(16);
                    let parts: Vec<Vec<T>> = (0..wide.div_ceil(part))
                        .into_par_iter()
                        .map(|i| {
                            let (start, n) = (i * part, part.min(wide - i * part));
                            let mut out = vec![T::default(); rows * n];
                            product(
                                lhs,
                                k,
                                (&rhs[start..], plane),
                                n,
                                (&mut out, n),
                                Start {
                                    bias,
                                    sum: sum.map(|s| (&s[start..], plane)),
                                },
                                g.act,
                                1,
                            );
                            out
                        })
                        .collect();
                    dst.par_chunks_mut(plane).enumerate().for_each(|(r, line)| {
                        for (i, out) in parts.iter().enumerate() {
                            let n = out.len() / rows;
                            line[i * part..i * part + n].copy_from_slice(&out[r * n..(r + 1) * n]);
                        }
                    });
                } else {
                    product(
                        lhs,
                        k,
                        (rhs, plane),
                        plane,
                        (dst, plane),
                        Start {
                            bias,
                            sum: sum.map(|s| (s, plane)),
                        },
                        g.act,
                        threads,
                    );
                }
            }
        })
    };
    let threads = candle_core::utils::get_num_threads();
    let samples = input.len() / sample_in.max(1);
    if samples >= threads && threads > 1 {
        // A sample a thread: each product on one.
        input
            .par_chunks(sample_in)
            .zip(out.par_chunks_mut(g.cout * plane))
            .enumerate()
            .for_each(|(n, (x, y))| sample(n, x, y, 1));
    } else {
        let pairs = input.chunks(sample_in).zip(out.chunks_mut(g.cout * plane));
        for (n, (x, y)) in pairs.enumerate() {
            sample(n, x, y, threads);
        }
    }
}

/// What a product's output starts from before the product is added: each row's bias,
/// and a sum of the output's shape (its first value, and its rows' stride).
#[derive(Clone, Copy)]
struct Start<'a, T> {
    bias: Option<&'a [T]>,
    sum: Option<(&'a [T], usize)>,
}

/// `dst` (zeros, `n` columns, its rows `dst_rs` apart) becomes `lhs` (`k` columns)
/// times `rhs` (`k` rows of `n`, `rhs_rs` apart), plus each row's `bias` and `sum`
/// (`n` columns, its rows the stride given apart), activated: a block of columns at
/// a time, so that the bias, the sum, the product and the activation meet each value
/// in cache.
#[allow(clippy::too_many_arguments)]
fn product<T: Real>(
    lhs: &[T],
    k: usize,
    (rhs, rhs_rs): (&[T], usize),
    n: usize,
    (dst, dst_rs): (&mut [T], usize),
    Start { bias, sum }: Start<'_, T>,
    act: Option<Activation>,
    threads: usize,
) {
    let rows = lhs.len() / k.max(1);
    // A block of about 256 KiB of output, a few hundred columns: the product packs the
    // weights again for each, a small cost beside the block's own.
    let width = (65_536 / rows.max(1)).max(256).next_multiple_of(16).min(n);
    let mut start = 0;
    while start < n {
        let cols = width.min(n - start);
        let block = |r: usize| r * dst_rs + start..r * dst_rs + start + cols;
        for r in 0..rows {
            let d = &mut dst[block(r)];
            let b = bias.map_or(T::default(), |b| b[r]);
            match sum {
                Some((s, rs)) => {
                    for (v, &s) in d.iter_mut().zip(&s[r * rs + start..r * rs + start + cols]) {
                        *v = s + b;
                    }
                }
                None if bias.is_some() => d.fill(b),
                None => {}
            }
        }
        add_product(
            rows,
            cols,
            k,
            lhs,
            (&rhs[start..], rhs_rs, 1),
            (&mut dst[start..], dst_rs),
            threads,
        );
        if let Some(a) = act {
            for r in 0..rows {
                let values = &mut dst[block(r)];
                vectorized(
                    #[inline(always)]
                    || activate(a, values),
                );
            }
        }
        start += cols;
    }
}

/// One sample's `channels` input planes unfolded for the product: row `(c, i, j)` holds,
/// for each output position, the input value kernel tap `(i, j)` of channel `c` reads,
/// zero in the padding. A channel's rows at a time, on every thread.
fn unfold<T: Real + Send + Sync>(x: &[T], channels: usize, g: &Geometry, cols: &mut [T]) {
    let (ih, iw) = g.input;
    let (oh, ow) = g.output;
    let (kh, kw) = g.kernel;
    let (sh, sw) = g.stride;
    let (dh, dw) = g.dilation;
    let (ph, pw) = g.before;
    cols[..channels * kh * kw * oh * ow]
        .par_chunks_mut(kh * kw * oh * ow)
        .enumerate()
        .for_each(|(c, rows)| {
            let plane = &x[c * ih * iw..(c + 1) * ih * iw];
            for (tap, row) in rows.chunks_mut(oh * ow).enumerate() {
                let (i, j) = (tap / kw, tap % kw);
                let shift = j * dw;
                let (lo, hi) = inside(shift, pw, sw, iw, ow);
                for (y, line) in row.chunks_mut(ow).enumerate() {
                    let iy = (y * sh + i * dh).checked_sub(ph).filter(|&r| r < ih);
                    let Some(iy) = iy else {
                        line.fill(T::default());
                        continue;
                    };
                    let src = &plane[iy * iw..(iy + 1) * iw];
                    line[..lo].fill(T::default());
                    line[hi..].fill(T::default());
                    if lo == hi {
                        continue;
                    }
                    let first = lo * sw + shift - pw;
                    if sw == 1 {
                        line[lo..hi].copy_from_slice(&src[first..first + (hi - lo)]);
                    } else {
                        for (v, s) in line[lo..hi].iter_mut().zip(src[first..].iter().step_by(sw)) {
                            *v = *s;
                        }
                    }
                }
            }
        });
}

/// A depthwise convolution of every sample: each channel by its own kernel, a plane
/// (a sample's channel) at a time on every thread, in the CPU's widest vectors
/// ([`vectorized`]).
///
/// A plane's input is first copied out with its padding and split by the strides into
/// phases (phase `(pv, ph)` holds the padded rows `pv, pv + sh, ...` and of those the
/// columns `ph, ph + sw, ...`), each a grid as wide as an output row plus the kernel's
/// reach. Each tap then reads its phase at one offset, and adds its weight times one
/// long run of consecutive values onto the output laid out at the grid's width: a
/// few long loops a plane, whatever the strides, dilations or plane size. The output's
/// columns are then copied out of that width and activated.
fn depthwise<T: Real + Send + Sync>(
    x: &[T],
    w: &[T],
    y: &mut [T],
    g: &Geometry,
    bias: Option<&[T]>,
) {
    let (ih, iw) = g.input;
    let (oh, ow) = g.output;
    if oh * ow == 0 {
        return;
    }
    y.par_chunks_mut(oh * ow)
        .zip(x.par_chunks(ih * iw))
        .enumerate()
        .for_each(|(n, (out, plane))| {
            let c = n % g.cout;
            let bias = bias.map_or(T::default(), |b| b[c]);
            let (kh, kw) = g.kernel;
            let kernel = &w[c * kh * kw..(c + 1) * kh * kw];
            vectorized(
                #[inline(always)]
                || depthwise_plane(plane, kernel, bias, out, g),
            );
        });
}

/// One plane of [`depthwise`].
#[inline(always)]
fn depthwise_plane<T: Real>(plane: &[T], kernel: &[T], bias: T, out: &mut [T], g: &Geometry) {
    let (ih, iw) = g.input;
    let (oh, ow) = g.output;
    let (kh, kw) = g.kernel;
    let (sh, sw) = g.stride;
    let (dh, dw) = g.dilation;
    let (ph, pw) = g.before;
    // Tap (i, j) of output (r, q) reads padded row r sh + i dh, column q sw + j dw:
    // phase ((i dh) % sh, (j dw) % sw), at row r + (i dh) / sh, column q + (j dw) / sw.
    let (tall, wide) = (oh + (kh - 1) * dh / sh, ow + (kw - 1) * dw / sw);
    let grid = tall * wide;
    let mut phases = vec![T::default(); sh * sw * grid];
    for (p, phase) in phases.chunks_mut(grid).enumerate() {
        let (pv, pc) = (p / sw, p % sw);
        // Column q of the phase holds input column q sw + pc - pw, where it is inside.
        let (lo, hi) = inside(pc, pw, sw, iw, wide);
        if lo == hi {
            continue;
        }
        let first = lo * sw + pc - pw;
        for (r, row) in phase.chunks_mut(wide).enumerate() {
            let Some(iy) = (r * sh + pv).checked_sub(ph).filter(|&y| y < ih) else {
                continue;
            };
            let src = &plane[iy * iw + first..(iy + 1) * iw];
            if sw == 1 {
                row[lo..hi].copy_from_slice(&src[..hi - lo]);
            } else {
                for (v, s) in row[lo..hi].iter_mut().zip(src.iter().step_by(sw)) {
                    *v = *s;
                }
            }
        }
    }
    // The output at the grid's width: its last row need only reach column `ow`.
    let run = (oh - 1) * wide + ow;
    let mut sums = vec![bias; run];
    for i in 0..kh {
        for j in 0..kw {
            let phase = ((i * dh) % sh) * sw + (j * dw) % sw;
            let at = phase * grid + (i * dh) / sh * wide + (j * dw) / sw;
            let tap = kernel[i * kw + j];
            for (v, s) in sums.iter_mut().zip(&phases[at..at + run]) {
                *v += tap * *s;
            }
        }
    }
    for (line, sums) in out.chunks_mut(ow).zip(sums.chunks(wide)) {
        line.copy_from_slice(&sums[..ow]);
    }
    if let Some(a) = g.act {
        activate(a, out);
    }
}

/// `f`, run as compiled for AVX2 when the CPU has it (detected at run time, once):
/// the loops inlined into it are vectorized eight `f32`s wide instead of the four of
/// the x86-64 baseline a crate is compiled for. Elsewhere, and without AVX2, `f` as
/// it is. The arithmetic is the same either way (no fused multiply-adds are made), so
/// the results are too.
#[inline(always)]
#[allow(unsafe_code)]
fn vectorized<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `avx2` runs only code compiled for AVX2, and the CPU has it (checked
        // just above).
        return unsafe { avx2(f) };
    }
    f()
}

/// `f` compiled for AVX2 (the code of `f` that is inlined here): [`vectorized`].
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn avx2<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// `dst` (`m` by `n`, its row stride given, columns consecutive) plus `lhs` (`m` by `k`,
/// row-major) times `rhs` (`k` by `n`, its row and column strides given: a transposed
/// matrix is a view): the one call of the `gemm` crate's unsafe product, on up to
/// `threads`.
#[allow(unsafe_code)]
fn add_product<T: Real>(
    m: usize,
    n: usize,
    k: usize,
    lhs: &[T],
    (rhs, rhs_rs, rhs_cs): (&[T], usize, usize),
    (dst, dst_rs): (&mut [T], usize),
    threads: usize,
) {
    if m == 0 || n == 0 || k == 0 {
        return;
    }
    let rhs_last = (k - 1) * rhs_rs + (n - 1) * rhs_cs;
    let dst_last = (m - 1) * dst_rs + n - 1;
    assert!(lhs.len() >= m * k && rhs.len() > rhs_last && dst.len() > dst_last && dst_rs >= n);
    // A small product costs less than waking the other threads.
    let threads = match m * n * k {
        0..=1_000_000 => 1,
        _ => threads,
    };
    // SAFETY: each matrix lies within its slice (asserted above: `lhs` row-major, row
    // stride its column count; `dst`'s rows `dst_rs` apart, at least as long as a row,
    // its last element at `dst_last`; `rhs`'s last element at `rhs_last`), no two of
    // `dst`'s elements are one (`dst_rs >= n`, column stride 1), `dst` is borrowed
    // mutably and so aliases neither operand,
    // and `T` is f32 or f64, which `gemm` supports.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst.as_mut_ptr(),
            1,
            dst_rs as isize,
            true,
            lhs.as_ptr(),
            1,
            k as isize,
            rhs.as_ptr(),
            rhs_cs as isize,
            rhs_rs as isize,
            T::ONE,
            T::ONE,
            false,
            false,
            false,
            if threads > 1 {
                gemm::Parallelism::Rayon(threads)
            } else {
                gemm::Parallelism::None
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{compute, exp_f32, product, Geometry, Start};
    use cnn::Activation;

    /// Values in [-2, 2), from a small linear congruential sequence.
    fn values(seed: u32, n: usize) -> Vec<f64> {
        let mut seed = seed;
        (0..n)
            .map(|_| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (seed >> 8) as f64 / (1u32 << 24) as f64 * 4.0 - 2.0
            })
            .collect()
    }

    /// A convolution given a gate (its weights scaled per sample) against the same
    /// convolution of the input scaled by hand: grouped, strided, padded, unfolded
    /// and 1x1 alike, each sample its own gate, on the paths of one and several
    /// samples a thread.
    #[test]
    fn gated_against_scaled_input() {
        let (cin, ih, iw) = (6, 7, 5);
        let shapes = [
            (4, 2, (3, 3), (2, 1), (1, 1)),
            (9, 3, (1, 1), (1, 1), (0, 0)),
            (5, 1, (2, 3), (1, 2), (0, 1)),
        ];
        let cases = [1, 3].into_iter().flat_map(|b| shapes.map(|s| (b, s)));
        for (batch, (cout, groups, kernel, stride, before)) in cases {
            let output = (
                (ih + 2 * before.0 - kernel.0) / stride.0 + 1,
                (iw + 2 * before.1 - kernel.1) / stride.1 + 1,
            );
            let g = Geometry {
                cin,
                cout,
                groups,
                input: (ih, iw),
                output,
                kernel,
                stride,
                dilation: (1, 1),
                before,
                act: Some(Activation::Relu6),
            };
            let x = values(1, batch * cin * ih * iw);
            let w = values(2, cout * cin / groups * kernel.0 * kernel.1);
            let (bias, gate) = (values(3, cout), values(4, batch * cin));
            let scaled: Vec<f64> = x
                .chunks(ih * iw)
                .zip(&gate)
                .flat_map(|(plane, &s)| plane.iter().map(move |v| v * s))
                .collect();
            let len = batch * cout * output.0 * output.1;
            let (mut want, mut got) = (vec![0.0; len], vec![0.0; len]);
            compute(&scaled, &w, &mut want, &g, Some(&bias), None, None);
            compute(&x, &w, &mut got, &g, Some(&bias), Some(&gate), None);
            for (i, (a, b)) in got.iter().zip(&want).enumerate() {
                assert!((a - b).abs() < 1e-12, "{cout} {groups} at {i}: {a} {b}");
            }
        }
    }

    /// A convolution given a sum (a residual's shortcut) against the same convolution
    /// without, the sum added and the activation applied by hand: on the paths that
    /// split a product by rows and by columns (one sample, many channels or few, a
    /// product large enough to share) and a sample a thread.
    #[test]
    fn summed_against_added() {
        let relu6 = |v: f64| v.clamp(0.0, 6.0);
        for (batch, cin, cout, side) in [(1, 8, 512, 9), (1, 64, 64, 40), (3, 5, 7, 6)] {
            let g = Geometry {
                cin,
                cout,
                groups: 1,
                input: (side, side),
                output: (side, side),
                kernel: (3, 3),
                stride: (1, 1),
                dilation: (1, 1),
                before: (1, 1),
                act: None,
            };
            let x = values(5, batch * cin * side * side);
            let w = values(6, cout * cin * 9);
            let len = batch * cout * side * side;
            let (bias, sum) = (values(7, cout), values(8, len));
            let (mut plain, mut got) = (vec![0.0; len], vec![0.0; len]);
            compute(&x, &w, &mut plain, &g, Some(&bias), None, None);
            let act = Geometry {
                act: Some(Activation::Relu6),
                ..g
            };
            compute(&x, &w, &mut got, &act, Some(&bias), None, Some(&sum));
            for (i, ((a, p), s)) in got.iter().zip(&plain).zip(&sum).enumerate() {
                let want = relu6(p + s);
                assert!((a - want).abs() < 1e-12, "{cout} at {i}: {a} {want}");
            }
        }
    }

    /// The max pool against each window's largest value found one by one: strides 1 to
    /// 3, padding, windows past the input (ceil mode), a NaN (which wins its windows)
    /// and an infinity.
    #[test]
    fn max_pool_against_windows() {
        use super::{pool_typed, PoolGeometry};
        let (channels, ih, iw) = (2, 7, 9);
        let mut x = values(11, channels * ih * iw);
        x[20] = f64::NAN;
        x[100] = f64::INFINITY;
        let input = candle_core::Tensor::from_vec(
            x.clone(),
            (1, channels, ih, iw),
            &candle_core::Device::Cpu,
        )
        .unwrap();
        for (kernel, stride, before, ceil) in [
            ((3, 3), (2, 2), (1, 1), false),
            ((2, 3), (1, 3), (0, 1), true),
            ((3, 2), (3, 2), (1, 0), true),
        ] {
            let size = |i: usize, k: usize, s: usize, p: usize| {
                let span = i + 2 * p - k;
                let out = if ceil { span.div_ceil(s) } else { span / s } + 1;
                // PyTorch drops a last window that starts in the padding after.
                if ceil && (out - 1) * s >= i + p {
                    out - 1
                } else {
                    out
                }
            };
            let output = (
                size(ih, kernel.0, stride.0, before.0),
                size(iw, kernel.1, stride.1, before.1),
            );
            let g = PoolGeometry {
                channels,
                input: (ih, iw),
                output,
                kernel,
                stride,
                before,
            };
            let got = pool_typed::<f64>(&input, &g).unwrap();
            let got: Vec<f64> = got.flatten_all().unwrap().to_vec1().unwrap();
            let mut want = Vec::new();
            for c in 0..channels {
                for r in 0..output.0 {
                    for q in 0..output.1 {
                        let mut m = f64::NEG_INFINITY;
                        for i in 0..kernel.0 {
                            for j in 0..kernel.1 {
                                let y = (r * stride.0 + i).checked_sub(before.0);
                                let z = (q * stride.1 + j).checked_sub(before.1);
                                if let (Some(y), Some(z)) = (y, z) {
                                    if y < ih && z < iw {
                                        let v = x[(c * ih + y) * iw + z];
                                        m = if v.is_nan() || m.is_nan() {
                                            f64::NAN
                                        } else {
                                            m.max(v)
                                        };
                                    }
                                }
                            }
                        }
                        want.push(m);
                    }
                }
            }
            assert_eq!(got.len(), want.len());
            for (i, (a, b)) in got.iter().zip(&want).enumerate() {
                assert!(
                    a == b || (a.is_nan() && b.is_nan()),
                    "{kernel:?} {stride:?} at {i}: {a} {b}"
                );
            }
            assert!(got.iter().any(|v| v.is_nan()) && got.contains(&f64::INFINITY));
        }
    }

    /// A product of several column blocks (the last one short), with a bias a row and
    /// an activation, against the sums written out one by one.
    #[test]
    fn product_in_blocks_against_sums() {
        let (rows, k, plane) = (70, 5, 1000);
        let (lhs, rhs, bias) = (values(7, rows * k), values(8, k * plane), values(9, rows));
        for (act, f) in [
            (
                Activation::Relu6,
                (|v: f64| v.clamp(0.0, 6.0)) as fn(f64) -> f64,
            ),
            (Activation::Silu, |v: f64| v / (1.0 + (-v).exp())),
        ] {
            // The whole width, and the columns from 300 on written beside (as a
            // thread's share of a product's columns is), on one thread and two.
            for (threads, from) in [(1, 0), (2, 0), (1, 300)] {
                let n = plane - from;
                let mut dst = vec![0.0; rows * n];
                let (rhs_part, out) = ((&rhs[from..], plane), (&mut dst[..], n));
                product(
                    &lhs,
                    k,
                    rhs_part,
                    n,
                    out,
                    Start {
                        bias: Some(&bias),
                        sum: None,
                    },
                    Some(act),
                    threads,
                );
                for r in 0..rows {
                    for c in 0..n {
                        let sum: f64 = (0..k)
                            .map(|i| lhs[r * k + i] * rhs[i * plane + from + c])
                            .sum();
                        let want = f(sum + bias[r]);
                        let got = dst[r * n + c];
                        assert!(
                            (got - want).abs() < 1e-12,
                            "{act:?} ({r}, {c}): {got} {want}"
                        );
                    }
                }
            }
        }
    }

    /// Integers sum exactly in any order: every length around the 32 running sums,
    /// and a NaN or infinity anywhere reaches the total.
    #[test]
    fn sum_of_every_length() {
        for n in [0usize, 1, 31, 32, 33, 64, 100, 12_544] {
            let values: Vec<f32> = (1..=n).map(|v| (v % 97) as f32).collect();
            let want: u64 = (1..=n as u64).map(|v| v % 97).sum();
            assert_eq!(super::sum(&values), want as f32, "{n}");
        }
        let mut values = vec![1.0f64; 77];
        values[70] = f64::INFINITY;
        assert_eq!(super::sum(&values), f64::INFINITY);
        values[5] = f64::NAN;
        assert!(super::sum(&values).is_nan());
    }

    /// Against the library's `exp` in f64, rounded once: within 2 ulp over every
    /// range the polynomial and the two-halves scaling cover (normal, subnormal, the
    /// last finite values), and exactly at the ends.
    #[test]
    fn exp_f32_against_f64() {
        let mut x = -110.0f32;
        let mut worst = 0u32;
        while x < 90.0 {
            let want = (x as f64).exp() as f32;
            let got = exp_f32(x);
            let ulps = want.to_bits().abs_diff(got.to_bits());
            if want.is_infinite() || want == 0.0 {
                // Past the ends: infinity above, and below, zero or the smallest
                // subnormals.
                assert!(
                    got == want || (got - want).abs() <= 2.0 * f32::from_bits(1),
                    "{x}"
                );
            } else {
                worst = worst.max(ulps);
                assert!(ulps <= 2, "exp({x}) = {got}, want {want}: {ulps} ulp");
            }
            x += 0.013_7;
        }
        assert!(worst > 0, "the sweep compared nothing");
        assert_eq!(exp_f32(0.0), 1.0);
        assert_eq!(exp_f32(f32::INFINITY), f32::INFINITY);
        assert_eq!(exp_f32(f32::NEG_INFINITY), 0.0);
        assert!(exp_f32(f32::NAN).is_nan());
        for x in [88.72f32, 88.722_8, -87.4, -100.0, -103.9] {
            let want = (x as f64).exp() as f32;
            assert!(want.to_bits().abs_diff(exp_f32(x).to_bits()) <= 2, "{x}");
        }
    }
}
