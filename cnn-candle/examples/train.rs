//! Training a small `cnn!` network in candle: fresh weights, SGD, a synthetic task (is
//! the bright square in the left or the right half?), and a loss that falls. Then
//! fine-tuning: the trained weights, as a `state_dict`, loaded non-strictly into a
//! network with the same `features` and a new head for a new task (the top or the
//! bottom half?), and only the head trained, the features frozen.
//!
//! `cargo run -p cnn-candle --release --example train`

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::{loss, Optimizer, VarBuilder, VarMap, SGD};
use std::collections::HashMap;

cnn::cnn! {
    /// A two-class classifier of 1x16x16 images.
    pub struct Tiny;
    input 1x16x16;
    features: seq {
        conv 8 k3 p1; bn; relu; pool 2;
        conv 16 k3 p1; bn; relu; pool 2;
    }
    flatten; output 2;
}

cnn::cnn! {
    /// The same features under the same paths, and a new head.
    pub struct Tuned;
    input 1x16x16;
    features: seq {
        conv 8 k3 p1; bn; relu; pool 2;
        conv 16 k3 p1; bn; relu; pool 2;
    }
    flatten; head: dense 2;
}

/// A batch of `n` images with a bright 4x4 square in the left (class 0) or right
/// (class 1) half, and their labels; with `vertical`, labelled by the top (0) or the
/// bottom (1) half instead.
fn batch(n: usize, vertical: bool, device: &Device) -> candle_core::Result<(Tensor, Tensor)> {
    let mut pixels = vec![0f32; n * 16 * 16];
    let mut labels = vec![0u32; n];
    for (i, label) in labels.iter_mut().enumerate() {
        // A fixed pseudo-random walk: no dependency for randomness.
        let r = (i * 7919 + 13) % 97;
        *label = (r % 2) as u32;
        let (mut top, mut left) = (r % 12, (r / 2) % 4 + if *label == 1 { 8 } else { 0 });
        if vertical {
            (top, left) = (left, top);
        }
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
    let data = lock(vars)?;
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
    let (x, y) = batch(64, false, &device)?;
    println!("training every layer (left or right):");
    for step in 0..=20 {
        // Training mode: BatchNorm on the batch's statistics.
        let logits = model.forward_t(&x, true)?;
        let loss = loss::cross_entropy(&logits, &y)?;
        sgd.backward_step(&loss)?;
        if step % 5 == 0 {
            println!("step {step:2}: loss {:.4}", loss.to_scalar::<f32>()?);
        }
    }

    // The trained model's state_dict, loaded into `Tuned` non-strictly: `features.*`
    // are set, `output.*` are not Tuned's and are left, `head.*` keep fresh values.
    let trained: HashMap<String, Tensor> = lock(&vars)?
        .iter()
        .map(|(name, var)| (name.clone(), var.as_tensor().clone()))
        .collect();
    let tuned_vars = VarMap::new();
    let tuned = cnn_candle::Model::from_state_dict::<Tuned>(
        &trained,
        &tuned_vars,
        false,
        DType::F32,
        &device,
    )?;
    seeded_head(&tuned_vars, 23)?;
    // Only the head trains; the features, run in eval mode, stay as loaded.
    let head: Vec<Var> = lock(&tuned_vars)?
        .iter()
        .filter(|(name, _)| name.starts_with("head."))
        .map(|(_, var)| var.clone())
        .collect();
    let mut sgd = SGD::new(head, 0.5)?;
    let (x, y) = batch(64, true, &device)?;
    println!("fine-tuning the new head alone (top or bottom):");
    for step in 0..=20 {
        let logits = tuned.forward_t(&x, false)?;
        let loss = loss::cross_entropy(&logits, &y)?;
        sgd.backward_step(&loss)?;
        if step % 5 == 0 {
            println!("step {step:2}: loss {:.4}", loss.to_scalar::<f32>()?);
        }
    }
    let first = "features.0.weight";
    let frozen = lock(&tuned_vars)?[first]
        .as_tensor()
        .eq(&trained[first])?
        .min_all()?
        .to_scalar::<u8>()?
        == 1;
    println!("{first} unchanged by fine-tuning: {frozen}");
    Ok(())
}

/// The variables of `vars`, by name.
fn lock(vars: &VarMap) -> candle_core::Result<std::sync::MutexGuard<'_, HashMap<String, Var>>> {
    vars.data()
        .lock()
        .map_err(|e| candle_core::Error::Msg(e.to_string()))
}

/// The head's fresh weights drawn again from a seed, as [`seeded`] draws them, so
/// that a run prints the same losses every time.
fn seeded_head(vars: &VarMap, seed: u64) -> candle_core::Result<()> {
    let head = VarMap::new();
    {
        let all = lock(vars)?;
        let mut mine = lock(&head)?;
        for (name, var) in all.iter().filter(|(n, _)| n.starts_with("head.")) {
            mine.insert(name.clone(), var.clone());
        }
    }
    seeded(&head, seed)
}
