//! The examples torchvision does not have, against their PyTorch twins:
//! `scripts/twins.py` built ESPCN and CycleGAN's ResNet generator (small widths of the
//! same classes) and saved their `state_dict`s, an input and PyTorch's output. Each
//! loads strictly, with its module paths, into the example's macro at that width, and
//! computes PyTorch's output to 1e-5 of its scale.

mod common;

use candle_core::{DType, Device, Module};
use candle_nn::VarMap;
use cnn::Network;
use cnn_candle::{state_dict, Model};

#[macro_use]
#[allow(dead_code)]
#[path = "../../examples/espcn.rs"]
mod espcn;
#[macro_use]
#[allow(dead_code)]
#[path = "../../examples/cyclegan.rs"]
mod cyclegan;

espcn! { EspcnSmall; input 3x12x10; width 8; }
cyclegan! { CycleGanSmall; input 3x20x24; filters 4; blocks 2; }

fn agree<N: Network>(name: &str) -> f32 {
    let path = format!(
        "{}/tests/fixtures/twins/{name}.safetensors",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut tensors = state_dict(path).unwrap();
    let (x, expected) = (
        tensors.remove("input").unwrap(),
        tensors.remove("output").unwrap(),
    );
    let model =
        Model::from_state_dict::<N>(&tensors, &VarMap::new(), true, DType::F32, &Device::Cpu)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    let y = model.forward(&x).unwrap();
    assert_eq!(y.dims(), expected.dims(), "{name}");
    common::off(&y, &expected)
}

#[test]
fn twins_load_and_compute_as_pytorch() {
    for (name, off) in [
        ("espcn_small", agree::<EspcnSmall>("espcn_small")),
        ("cyclegan_small", agree::<CycleGanSmall>("cyclegan_small")),
    ] {
        println!("{name}: {off:e} of the output's scale");
        assert!(off < 1e-5, "{name}: {off:e} of the output's scale");
    }
}
