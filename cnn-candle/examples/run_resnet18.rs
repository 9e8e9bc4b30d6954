//! torchvision's ResNet-18 in candle: one forward pass at 3x224x224, with fresh
//! weights. The network carries torchvision's module paths, so a torchvision checkpoint
//! loads into it as it is: see the `pretrained` example.
//!
//! `cargo run -p cnn-candle --release --example run_resnet18`

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{VarBuilder, VarMap};

#[path = "../../examples/resnet18.rs"]
#[allow(dead_code)]
mod resnet18;
use resnet18::ResNet18;

fn main() -> candle_core::Result<()> {
    let device = Device::Cpu;
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &device);
    let model = cnn_candle::Model::load::<ResNet18>(vb)?;
    let x = Tensor::randn(0f32, 1f32, (1, 3, 224, 224), &device)?;
    let start = std::time::Instant::now();
    let y = model.forward(&x)?;
    println!(
        "ResNet-18: output {:?} in {:.0?}; {} parameters as cnn! counts them",
        y.dims(),
        start.elapsed(),
        ResNet18::PARAMS
    );
    Ok(())
}
