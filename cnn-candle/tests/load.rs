//! A trained model's `state_dict` loads as it is: from `.pth` (written by `torch.save`,
//! `num_batches_tracked` and all) and from `.safetensors`, strictly or not, into
//! variables that train — and the outputs are PyTorch's.

mod common;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{Optimizer, VarMap, SGD};
use cnn_candle::{state_dict, Model};
use std::collections::HashMap;

// The twin of `scripts/golden.py`'s `basics` network.
cnn::cnn! {
    pub struct Basics;
    input 3x24x24;
    conv 8 k3 p1; bn; relu;
    pool 3 s2 ceil;
    avgpool 3 s2 p1 ceil;
    conv 16 k3 s2;
    flatten; dense 20; relu6; dropout 0.5;
    output 10; softmax;
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The fixture's input and PyTorch's output.
fn golden() -> (Tensor, Tensor) {
    let t = state_dict(fixture("basics.safetensors")).unwrap();
    (t["input"].clone(), t["output"].clone())
}

use common::off;

fn load(tensors: &HashMap<String, Tensor>, strict: bool) -> candle_core::Result<Model> {
    Model::from_state_dict::<Basics>(tensors, &VarMap::new(), strict, DType::F32, &Device::Cpu)
}

#[test]
fn a_pth_checkpoint_loads_strictly_and_computes_pytorch_s_output() {
    let tensors = state_dict(fixture("basics.pth")).unwrap();
    // torch.save's state_dict holds BatchNorm's step count too, an integer.
    assert!(tensors.contains_key("bn1.num_batches_tracked"));
    let (x, expected) = golden();
    let y = load(&tensors, true).unwrap().forward(&x).unwrap();
    let d = off(&y, &expected);
    assert!(d <= 1e-5, "off by {d}");
}

#[test]
fn a_safetensors_checkpoint_loads_too() {
    let mut tensors = state_dict(fixture("basics.safetensors")).unwrap();
    let (x, expected) = (
        tensors.remove("input").unwrap(),
        tensors.remove("output").unwrap(),
    );
    let y = load(&tensors, true).unwrap().forward(&x).unwrap();
    assert!(off(&y, &expected) <= 1e-5);
}

#[test]
fn strict_loading_lists_every_problem() {
    let mut tensors = state_dict(fixture("basics.pth")).unwrap();
    // A renamed key, a missing one, one of another shape and one the network lacks.
    let weight = tensors.remove("conv2d1.weight").unwrap();
    tensors.insert("conv2d1.weights".into(), weight);
    tensors.remove("bn1.running_var");
    tensors.insert(
        "dense1.bias".into(),
        Tensor::zeros(21, DType::F32, &Device::Cpu).unwrap(),
    );
    tensors.insert(
        "head.weight".into(),
        Tensor::zeros(3, DType::F32, &Device::Cpu).unwrap(),
    );
    let err = load(&tensors, true).unwrap_err().to_string();
    for problem in [
        "(5 problems)",
        "missing `conv2d1.weight` [8, 3, 3, 3] of conv2d1 (conv 8 k3 p1); the file has `conv2d1.weights`",
        "missing `bn1.running_var` [8] of bn1 (bn)",
        "`dense1.bias` is [21] in the file, [20] in dense1 (dense 20)",
        "unexpected `conv2d1.weights`",
        "unexpected `head.weight`",
    ] {
        assert!(err.contains(problem), "{problem}\n{err}");
    }
}

// The twin of `scripts/golden.py`'s training-mode network (`basics`' overlapping
// average pool has no backward pass in candle 0.11.1: "backward not supported for
// avgpool2d if ksize != stride").
cnn::cnn! {
    pub struct Train;
    input 3x6x6;
    conv 4 k3 p1; bn; relu;
    conv 4 k3; bn;
    flatten; output 3;
}

/// Not strict, a new head: what fits is loaded, the head keeps fresh values, and an
/// optimizer over the head's variables alone trains it with the rest frozen.
#[test]
fn a_new_head_fine_tunes_with_the_rest_frozen() {
    let mut tensors = state_dict(fixture("train.safetensors")).unwrap();
    let x = tensors.remove("input").unwrap();
    for key in [
        "output_train",
        "output_eval_after",
        "output.weight",
        "output.bias",
    ] {
        tensors.remove(key);
    }
    let cpu = &Device::Cpu;
    assert!(
        Model::from_state_dict::<Train>(&tensors, &VarMap::new(), true, DType::F32, cpu).is_err()
    );
    let vars = VarMap::new();
    let model = Model::from_state_dict::<Train>(&tensors, &vars, false, DType::F32, cpu).unwrap();
    let var = |name: &str| {
        vars.data().lock().unwrap()[name]
            .as_tensor()
            .copy()
            .unwrap()
    };
    let diff = |a: &Tensor, b: &Tensor| -> f32 {
        (a - b)
            .unwrap()
            .abs()
            .unwrap()
            .max_all()
            .unwrap()
            .to_scalar()
            .unwrap()
    };
    // Loaded as it is.
    assert_eq!(
        diff(&var("conv2d2.weight"), &tensors["conv2d2.weight"]),
        0.0
    );
    let (conv_before, head_before) = (var("conv2d1.weight"), var("output.weight"));
    // Train the head only.
    let head: Vec<_> = {
        let data = vars.data().lock().unwrap();
        ["output.weight", "output.bias"]
            .map(|n| data[n].clone())
            .to_vec()
    };
    let mut sgd = SGD::new(head, 0.5).unwrap();
    let target = Tensor::new(&[0u32, 1, 2, 0], cpu).unwrap();
    let logits = model.forward_t(&x, true).unwrap();
    let loss = candle_nn::loss::cross_entropy(&logits, &target).unwrap();
    sgd.backward_step(&loss).unwrap();
    assert_eq!(diff(&var("conv2d1.weight"), &conv_before), 0.0);
    assert!(diff(&var("output.weight"), &head_before) > 0.0);
}
