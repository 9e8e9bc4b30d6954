//! torchvision's ResNet-18 in candle at 3x224x224, fresh weights, f32: the time of one
//! forward pass at batch 1 and 8 (the median of 7 after a warm-up), as built and built
//! for inference (`Model::for_inference`: BatchNorms folded, convolutions as one matrix
//! product a sample). The network carries torchvision's module paths, so a torchvision
//! checkpoint loads into it as it is: see the `pretrained` example.
//!
//! `cargo run -p cnn-candle --release --example resnet18`

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{VarBuilder, VarMap};
use std::time::{Duration, Instant};

#[path = "../../examples/resnet18.rs"]
#[allow(dead_code)]
mod resnet18;
use resnet18::ResNet18;

/// The median time of `model` on `x`, over 7 runs after a warm-up.
fn median(model: &cnn_candle::Model, x: &Tensor) -> candle_core::Result<Duration> {
    model.forward(x)?;
    let mut times = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        model.forward(x)?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times[3])
}

fn main() -> candle_core::Result<()> {
    let device = Device::Cpu;
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &device);
    let model = cnn_candle::Model::load::<ResNet18>(vb)?;
    let fast = model.for_inference()?;
    println!(
        "ResNet-18, {} parameters as cnn! counts them, on {} threads",
        ResNet18::PARAMS,
        candle_core::utils::get_num_threads()
    );
    for batch in [1, 8] {
        let x = Tensor::randn(0f32, 1f32, (batch, 3, 224, 224), &device)?;
        let (built, inference) = (median(&model, &x)?, median(&fast, &x)?);
        println!(
            "batch {batch}: {:.1} ms as built, {:.1} ms built for inference",
            built.as_secs_f64() * 1e3,
            inference.as_secs_f64() * 1e3
        );
    }
    Ok(())
}
