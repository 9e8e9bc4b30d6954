//! The examples torchvision does not have, against their PyTorch twins:
//! `scripts/twins.py` built ESPCN, CycleGAN's ResNet generator, a YOLO-style detector
//! and WaveNet (small widths of the same classes) and saved their `state_dict`s, an
//! input and PyTorch's outputs. Each loads strictly, with its module paths, into the
//! example's macro at that width, and computes every one of PyTorch's outputs to 1e-5
//! of its scale.

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
#[macro_use]
#[allow(dead_code)]
#[path = "../../examples/yolo.rs"]
mod yolo;
#[macro_use]
#[allow(dead_code)]
#[path = "../../examples/wavenet.rs"]
mod wavenet;

espcn! { EspcnSmall; input 3x12x10; width 8; }
cyclegan! { CycleGanSmall; input 3x20x24; filters 4; blocks 2; }
yolo! { YoloSmall; input 3x64x96; width 4; outputs 21; }
wavenet! {
    WaveNetSmall; input 1x97; res 8; gates 8; skip 16; classes 32;
    0: d 1 after [start]; 1: d 2 after [layers.0]; 2: d 4 after [layers.1];
    3: d 8 after [layers.2]; 4: d 1 after [layers.3]; 5: d 2 after [layers.4];
    6: d 4 after [layers.5];
    last 7: d 8;
}

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
    // The outputs of a model of several, by name.
    let named: Vec<String> = tensors
        .keys()
        .filter(|k| k.starts_with("output:"))
        .cloned()
        .collect();
    let mut outputs: std::collections::HashMap<String, candle_core::Tensor> = named
        .into_iter()
        .map(|k| (k.clone(), tensors.remove(&k).unwrap()))
        .collect();
    outputs.insert("output".to_string(), expected.clone());
    let model =
        Model::from_state_dict::<N>(&tensors, &VarMap::new(), true, DType::F32, &Device::Cpu)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    let y = model.forward(&x).unwrap();
    assert_eq!(y.dims(), expected.dims(), "{name}");
    let all = common::every_output(&model, &x, &outputs, name);
    // Built for inference (BatchNorms folded, convolutions as products): the same.
    let fast = common::every_output(&model.for_inference().unwrap(), &x, &outputs, name);
    common::off(&y, &expected).max(all).max(fast)
}

#[test]
fn twins_load_and_compute_as_pytorch() {
    for (name, off) in [
        ("espcn_small", agree::<EspcnSmall>("espcn_small")),
        ("cyclegan_small", agree::<CycleGanSmall>("cyclegan_small")),
        ("yolo_small", agree::<YoloSmall>("yolo_small")),
        ("wavenet_small", agree::<WaveNetSmall>("wavenet_small")),
    ] {
        println!("{name}: {off:e} of the output's scale");
        assert!(off < 1e-5, "{name}: {off:e} of the output's scale");
    }
}

/// A model of several outputs and `from`s at batch 1 and batch 0: the first sample's
/// outputs are PyTorch's first (eval mode computes each sample alone), and an empty
/// batch gives every output empty, with its shape.
#[test]
fn several_outputs_at_batch_one_and_zero() {
    let path = format!(
        "{}/tests/fixtures/twins/yolo_small.safetensors",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut tensors = state_dict(path).unwrap();
    let x = tensors.remove("input").unwrap();
    tensors.remove("output").unwrap();
    let expected: Vec<(String, candle_core::Tensor)> = ["p3", "p4", "p5"]
        .iter()
        .map(|n| {
            (
                n.to_string(),
                tensors.remove(&format!("output:{n}")).unwrap(),
            )
        })
        .collect();
    let model = Model::from_state_dict::<YoloSmall>(
        &tensors,
        &VarMap::new(),
        true,
        DType::F32,
        &Device::Cpu,
    )
    .unwrap();
    let one = model
        .forward_all_t(&x.narrow(0, 0, 1).unwrap(), false)
        .unwrap();
    assert_eq!(one.len(), 3);
    for ((name, y), (want, e)) in one.iter().zip(&expected) {
        assert_eq!(name, want);
        let e = e.narrow(0, 0, 1).unwrap();
        assert_eq!(y.dims(), e.dims(), "{name}");
        let off = common::off(y, &e);
        assert!(off < 1e-5, "{name}: {off:e}");
    }
    let none = model
        .forward_all_t(&x.narrow(0, 0, 0).unwrap(), false)
        .unwrap();
    let dims: Vec<Vec<usize>> = none.iter().map(|(_, y)| y.dims().to_vec()).collect();
    assert_eq!(
        dims,
        [vec![0, 21, 8, 12], vec![0, 21, 4, 6], vec![0, 21, 2, 3]]
    );
}
