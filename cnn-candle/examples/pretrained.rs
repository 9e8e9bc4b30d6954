//! A torchvision checkpoint, loaded as it is into the `cnn!` network of the same
//! architecture, classifying an image-sized input:
//!
//! `cargo run -p cnn-candle --release --example pretrained -- PATH.pth [MODEL] [INPUT]`
//!
//! `PATH` is a `state_dict` as `torch.save(model.state_dict(), PATH)` writes it (or a
//! `.safetensors` file), such as the hub's `resnet18-f37072fd.pth`. `MODEL` is
//! `resnet18` (the default), `resnet50`, `vgg16`, `vgg16_bn` or `alexnet`: the
//! examples' networks, which carry torchvision's paths, so no key is mapped. `INPUT`,
//! if given, is a `.safetensors` file holding an `input` tensor of `[N, 3, 224, 224]`,
//! already normalized; otherwise the input is a synthetic 224x224 image (a colour
//! gradient) normalized with ImageNet's mean and deviation. Loading is strict: a
//! checkpoint of another architecture is an error listing every tensor that differs.

use candle_core::{DType, Device, Module, Tensor, D};
use candle_nn::VarMap;
use cnn::Network;
use cnn_candle::{state_dict, Model};

#[allow(dead_code)]
#[path = "../../examples/alexnet.rs"]
mod alexnet;
#[allow(dead_code)]
#[path = "../../examples/resnet18.rs"]
mod resnet18;
#[allow(dead_code)]
#[path = "../../examples/resnet50.rs"]
mod resnet50;
#[allow(dead_code)]
#[path = "../../examples/vgg16.rs"]
mod vgg16;
#[allow(dead_code)]
#[path = "../../examples/vgg16_bn.rs"]
mod vgg16_bn;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage =
        "usage: pretrained PATH.pth [resnet18|resnet50|vgg16|vgg16_bn|alexnet] [INPUT.safetensors]";
    let path = args.next().ok_or(usage)?;
    let model = args.next().unwrap_or_else(|| "resnet18".to_string());
    let input = args.next();
    match model.as_str() {
        "resnet18" => classify::<resnet18::ResNet18>(&path, input.as_deref()),
        "resnet50" => classify::<resnet50::ResNet50>(&path, input.as_deref()),
        "vgg16" => classify::<vgg16::Vgg16>(&path, input.as_deref()),
        "vgg16_bn" => classify::<vgg16_bn::Vgg16Bn>(&path, input.as_deref()),
        "alexnet" => classify::<alexnet::AlexNet>(&path, input.as_deref()),
        other => Err(format!("unknown model `{other}`; {usage}").into()),
    }
}

fn classify<N: Network>(path: &str, input: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
    let device = Device::Cpu;
    let tensors = state_dict(path)?;
    let model = Model::from_state_dict::<N>(&tensors, &VarMap::new(), true, DType::F32, &device)?;
    let x = match input {
        Some(file) => state_dict(file)?
            .remove("input")
            .ok_or_else(|| format!("{file} holds no `input` tensor"))?,
        None => gradient(&device)?,
    };
    let start = std::time::Instant::now();
    let probabilities = candle_nn::ops::softmax(&model.forward(&x)?, D::Minus1)?;
    let elapsed = start.elapsed();
    println!(
        "{path}: loaded strictly ({} tensors in the file), {} parameters; {:?} in {elapsed:.0?}",
        tensors.len(),
        N::PARAMS,
        x.dims()
    );
    for (i, row) in probabilities.to_vec2::<f32>()?.iter().enumerate() {
        let mut ranked: Vec<(usize, f32)> = row.iter().copied().enumerate().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let top: Vec<String> = ranked
            .iter()
            .take(5)
            .map(|(class, p)| format!("class {class} ({:.1}%)", p * 100.0))
            .collect();
        println!("input {i}: {}", top.join(", "));
    }
    Ok(())
}

/// A 224x224 colour gradient, normalized as torchvision's ImageNet models expect.
fn gradient(device: &Device) -> candle_core::Result<Tensor> {
    let (mean, std) = ([0.485f32, 0.456, 0.406], [0.229f32, 0.224, 0.225]);
    let mut pixels = Vec::with_capacity(3 * 224 * 224);
    for c in 0..3 {
        for y in 0..224 {
            for x in 0..224 {
                let v = match c {
                    0 => x as f32 / 223.0,
                    1 => y as f32 / 223.0,
                    _ => 1.0 - (x + y) as f32 / 446.0,
                };
                pixels.push((v - mean[c]) / std[c]);
            }
        }
    }
    Tensor::from_vec(pixels, (1, 3, 224, 224), device)
}
