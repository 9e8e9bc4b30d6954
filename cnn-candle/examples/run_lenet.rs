//! The seed's LeNet in candle: fresh weights, initialized as PyTorch initializes them,
//! and one forward pass over a batch of 4.
//!
//! `cargo run -p cnn-candle --example run_lenet`

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{VarBuilder, VarMap};

cnn::cnn! {
    /// The seed's LeNet.
    pub struct LeNet;
    input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
}

fn main() -> candle_core::Result<()> {
    let device = Device::Cpu;
    let vars = VarMap::new();
    let model =
        cnn_candle::Model::load::<LeNet>(VarBuilder::from_varmap(&vars, DType::F32, &device))?;
    let x = Tensor::randn(0f32, 1f32, (4, 1, 28, 28), &device)?;
    let y = model.forward(&x)?;
    print!("{}", LeNet::SUMMARY);
    let weights: usize = vars.all_vars().iter().map(|v| v.elem_count()).sum();
    println!(
        "\ncandle: output {:?} for a batch of 4; {weights} weights",
        y.dims()
    );
    Ok(())
}
