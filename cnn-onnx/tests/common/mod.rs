//! What the export tests share: a model with random weights, and how far tract's
//! outputs for its exported graph are from candle's.

use candle_core::{DType, Device, Tensor};
use candle_nn::{VarBuilder, VarMap};
use cnn::Network;
use tract_onnx::prelude::*;

/// A model of `N` with every variable random, scaled as PyTorch initializes a fresh
/// model: a weight of two or more axes uniform in ±1/sqrt(fan-in) (its size over its
/// first axis, PyTorch's `_calculate_fan_in_and_fan_out`), so that a deep network's
/// activations keep their scale as a trained one's do (weights in ±0.5 grow them
/// ~10x a layer, and a deep generator's output becomes mostly rounding: CycleGAN's
/// was 5e-5 of its scale from its float64 value in candle and in ONNX Runtime alike);
/// every other variable in [-0.5, 0.5), running variances in [0.5, 1.5) (a variance
/// must be positive).
pub fn random_model<N: Network>(input: Option<cnn::Shape>) -> cnn_candle::Model {
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    let model = match input {
        Some(shape) => cnn_candle::Model::for_input::<N>(shape, vb),
        None => cnn_candle::Model::load::<N>(vb),
    }
    .expect("the model builds");
    for (name, var) in vars.data().lock().expect("the variables").iter() {
        let dims = var.dims();
        let bound = match dims.len() {
            0 | 1 => 0.5,
            _ => 1.0 / (dims[1..].iter().product::<usize>() as f64).sqrt(),
        };
        let r =
            Tensor::rand(-bound as f32, bound as f32, var.shape(), &Device::Cpu).expect("random");
        let r = match name.ends_with("running_var") {
            true => (r + 1.0).expect("shifted"),
            false => r,
        };
        var.set(&r).expect("set");
    }
    model
}

/// The largest difference between tract's outputs and candle's, as a share of candle's
/// largest value, for inputs of batch 1 and 2. With `CNN_ONNX_DIR` set, the model is
/// also written there as `{what}.onnx`, with the batch of 2 and candle's outputs for it
/// as `{what}.onnx.io.safetensors` (`input`, `output:0`, ...), for
/// `scripts/ort_check.py`.
pub fn difference<N: Network>(what: &str, input: Option<cnn::Shape>) -> f32 {
    let model = random_model::<N>(input);
    let bytes = cnn_onnx::export_model(&model).expect("the network exports");
    let dir = std::env::var("CNN_ONNX_DIR").ok();
    if let Some(dir) = &dir {
        std::fs::write(format!("{dir}/{what}.onnx"), &bytes).expect("written");
    }
    let runnable = tract_onnx::onnx()
        .model_for_read(&mut bytes.as_slice())
        .expect("tract reads the model")
        .into_optimized()
        .expect("tract optimizes it")
        .into_runnable()
        .expect("tract runs it");
    let mut worst = 0f32;
    for batch in [1, 2] {
        let mut dims = vec![batch];
        let shape = input.unwrap_or(N::LAYERS[0].output);
        dims.extend(shape.dims().iter().map(|&d| d as usize));
        let x = Tensor::randn(0f32, 1.0, dims.as_slice(), &Device::Cpu).expect("input");
        let expected: Vec<Tensor> = model
            .forward_all_t(&x, false)
            .expect("candle runs it")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let values: Vec<f32> = x.flatten_all().unwrap().to_vec1().unwrap();
        let input = tract_ndarray::ArrayD::from_shape_vec(dims.clone(), values).unwrap();
        let outputs = runnable
            .run(tvec!(input.into_tvalue()))
            .expect("tract computes it");
        assert_eq!(
            outputs.len(),
            expected.len(),
            "{}: outputs",
            N::LAYERS.len()
        );
        if let Some(dir) = dir.as_ref().filter(|_| batch == 2) {
            let mut io = std::collections::HashMap::from([("input".to_string(), x.clone())]);
            for (i, y) in expected.iter().enumerate() {
                io.insert(format!("output:{i}"), y.clone());
            }
            candle_core::safetensors::save(&io, format!("{dir}/{what}.onnx.io.safetensors"))
                .expect("written");
        }
        for (got, want) in outputs.iter().zip(&expected) {
            let got = got.to_plain_array_view::<f32>().expect("f32 output");
            assert_eq!(got.shape(), want.dims(), "output shape");
            let want: Vec<f32> = want.flatten_all().unwrap().to_vec1().unwrap();
            let scale = want.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-30);
            for (g, w) in got.iter().zip(&want) {
                worst = worst.max((g - w).abs() / scale);
            }
        }
    }
    worst
}

pub fn agrees<N: Network>(what: &str, input: Option<cnn::Shape>) {
    let d = difference::<N>(what, input);
    println!("{what}: {d:e} of the output's scale");
    assert!(d <= 1e-5, "{what}: off by {d} of the output's scale");
}
