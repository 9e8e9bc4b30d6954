//! Training a small `cnn!` network in candle: fresh weights, SGD, a synthetic task (is
//! the bright square in the left or the right half?), and a loss that falls.
//!
//! `cargo run -p cnn-candle --release --example train`

use candle_core::{DType, Device, Tensor};
use candle_nn::{loss, Optimizer, VarBuilder, VarMap, SGD};

cnn::cnn! {
    /// A two-class classifier of 1x16x16 images.
    pub struct Tiny;
    input 1x16x16;
    conv 8 k3 p1; bn; relu; pool 2;
    conv 16 k3 p1; bn; relu; pool 2;
    flatten; output 2;
}

/// A batch of `n` images with a bright 4x4 square in the left (class 0) or right
/// (class 1) half, and their labels.
fn batch(n: usize, device: &Device) -> candle_core::Result<(Tensor, Tensor)> {
    let mut pixels = vec![0f32; n * 16 * 16];
    let mut labels = vec![0u32; n];
    for (i, label) in labels.iter_mut().enumerate() {
        // A fixed pseudo-random walk: no dependency for randomness.
        let r = (i * 7919 + 13) % 97;
        *label = (r % 2) as u32;
        let (top, left) = (r % 12, (r / 2) % 4 + if *label == 1 { 8 } else { 0 });
        for y in top..top + 4 {
            for x in left..left + 4 {
                pixels[i * 256 + y * 16 + x] = 1.0;
            }
        }
    }
    Ok((
        Tensor::from_vec(pixels, (n, 1, 16, 16), device)?,
        Tensor::from_vec(labels, n, device)?,
    ))
}

/// Draws every weight and bias again as PyTorch draws them (uniform in
/// `±1/sqrt(fan_in)`), from a seeded generator: candle's CPU generator takes no seed,
/// and a run should print the same losses every time.
fn seeded(vars: &VarMap, mut seed: u64) -> candle_core::Result<()> {
    let data = vars
        .data()
        .lock()
        .map_err(|e| candle_core::Error::Msg(e.to_string()))?;
    let mut names: Vec<&String> = data.keys().collect();
    names.sort();
    for name in names {
        let var = &data[name];
        let fan_in = |dims: &[usize]| dims[1..].iter().product::<usize>() as f64;
        let bound = match name.rsplit_once('.') {
            Some((_, "weight")) if var.rank() > 1 => 1.0 / fan_in(var.dims()).sqrt(),
            Some((layer, "bias")) => match data.get(&format!("{layer}.weight")) {
                Some(w) if w.rank() > 1 => 1.0 / fan_in(w.dims()).sqrt(),
                _ => continue,
            },
            _ => continue,
        };
        let values: Vec<f32> = (0..var.elem_count())
            .map(|_| {
                // xorshift64*, then a uniform draw in [-bound, bound).
                seed ^= seed >> 12;
                seed ^= seed << 25;
                seed ^= seed >> 27;
                let u =
                    (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64;
                ((2.0 * u - 1.0) * bound) as f32
            })
            .collect();
        var.set(&Tensor::from_vec(values, var.shape(), var.device())?)?;
    }
    Ok(())
}

fn main() -> candle_core::Result<()> {
    let device = Device::Cpu;
    let vars = VarMap::new();
    let model =
        cnn_candle::Model::load::<Tiny>(VarBuilder::from_varmap(&vars, DType::F32, &device))?;
    seeded(&vars, 17)?;
    let mut sgd = SGD::new(vars.all_vars(), 0.05)?;
    let (x, y) = batch(64, &device)?;
    for step in 0..=20 {
        // Training mode: BatchNorm on the batch's statistics.
        let logits = model.forward_t(&x, true)?;
        let loss = loss::cross_entropy(&logits, &y)?;
        sgd.backward_step(&loss)?;
        if step % 5 == 0 {
            println!("step {step:2}: loss {:.4}", loss.to_scalar::<f32>()?);
        }
    }
    Ok(())
}
