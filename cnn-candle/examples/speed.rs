//! The time of one forward pass of a torchvision network at 3x224x224, fresh weights,
//! f32: the median of 11 after a warm-up, as built and built for inference, in ms.
//! `scripts/speed.py` runs it between PyTorch's and ONNX Runtime's timings.
//!
//! `cargo run -p cnn-candle --release --example speed -- resnet50 8`

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{VarBuilder, VarMap};
use cnn::Network;
use std::time::{Duration, Instant};

#[path = "../../examples/efficientnet.rs"]
#[allow(dead_code)]
mod efficientnet;
#[path = "../../examples/mobilenetv3.rs"]
#[allow(dead_code)]
mod mobilenetv3;
#[path = "../../examples/resnet18.rs"]
#[allow(dead_code)]
mod resnet18;
#[path = "../../examples/resnet50.rs"]
#[allow(dead_code)]
mod resnet50;

fn median(model: &cnn_candle::Model, x: &Tensor) -> candle_core::Result<Duration> {
    model.forward(x)?;
    let mut times = Vec::new();
    for _ in 0..11 {
        let start = Instant::now();
        model.forward(x)?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times[5])
}

fn time<N: Network>(batch: usize, built: bool) -> candle_core::Result<()> {
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    let model = cnn_candle::Model::load::<N>(vb)?;
    let x = Tensor::randn(0f32, 1f32, (batch, 3, 224, 224), &Device::Cpu)?;
    let fast = median(&model.for_inference()?, &x)?.as_secs_f64() * 1e3;
    let slow = if built {
        median(&model, &x)?.as_secs_f64() * 1e3
    } else {
        f64::NAN
    };
    println!("{fast:.2} {slow:.2}");
    Ok(())
}

fn main() -> candle_core::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let batch = match args.get(1) {
        Some(b) => b
            .parse()
            .map_err(|_| candle_core::Error::Msg(format!("`{b}` is no batch size")))?,
        None => 1,
    };
    // `built`: the model as built (candle's ops) too.
    let built = args.get(2).is_some_and(|a| a == "built");
    match args.first().map_or("resnet18", String::as_str) {
        "resnet18" => time::<resnet18::ResNet18>(batch, built),
        "resnet50" => time::<resnet50::ResNet50>(batch, built),
        "mobilenet_v3_large" => time::<mobilenetv3::MobileNetV3Large>(batch, built),
        "efficientnet_b0" => time::<efficientnet::EfficientNetB0>(batch, built),
        name => Err(candle_core::Error::Msg(format!(
            "no network `{name}`: resnet18, resnet50, mobilenet_v3_large or efficientnet_b0"
        ))),
    }
}
