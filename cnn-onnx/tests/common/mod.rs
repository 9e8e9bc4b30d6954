//! What the export tests share: a model with random weights, and how far tract's
//! outputs for its exported graph are from candle's.

use candle_core::{DType, Device, Tensor};
use candle_nn::{VarBuilder, VarMap};
use cnn::Network;
use tract_onnx::prelude::*;

/// A model of `N` with every variable random, as a trained model's are in scale: a
/// weight of two or more axes uniform in ±sqrt(3/fan-in) (variance 1/fan-in, LeCun's;
/// fan-in its size over its first axis), a norm's or PReLU's weight and a running variance in
/// [0.5, 1.5), a bias or running mean in ±0.2.
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
        let (lo, hi) = match dims.len() {
            2.. => {
                let bound = (3.0 / dims[1..].iter().product::<usize>() as f64).sqrt();
                (-bound, bound)
            }
            _ if name.ends_with("running_var") || name.ends_with("weight") => (0.5, 1.5),
            _ => (-0.2, 0.2),
        };
        let r = Tensor::rand(lo as f32, hi as f32, var.shape(), &Device::Cpu).expect("random");
        var.set(&r).expect("set");
    }
    model
}

/// `model` (of `N`, built for `input`) with its BatchNorms' running statistics the
/// activations' own, by 30 passes in training mode over a batch of random inputs (each
/// moves them 10% of the way, so 4% of their start remains). Random statistics let
/// activations drift layer after layer, so that either the output hardly depends on
/// the input (a ResNet's was its last bias to 1e-7 with PyTorch's default init) or it
/// is mostly rounding (an LR-ASPP's was 1.6e-4 of its scale from its float64 value in
/// candle, 4.8e-4 in ONNX Runtime): [`difference`] checks that each output depends on
/// the input.
fn calibrated<N: Network>(
    model: cnn_candle::Model,
    input: Option<cnn::Shape>,
) -> cnn_candle::Model {
    let mut dims = vec![4];
    let shape = input.unwrap_or(N::LAYERS[0].output);
    dims.extend(shape.dims().iter().map(|&d| d as usize));
    let x = Tensor::randn(0f32, 1.0, dims.as_slice(), &Device::Cpu).expect("input");
    if N::LAYERS
        .iter()
        .any(|l| matches!(l.kind, cnn::Kind::BatchNorm(_)))
    {
        for _ in 0..30 {
            model.forward_t(&x, true).expect("a training pass");
        }
    }
    model
}

/// `model` in float64: the same tables and tensors.
fn exact(model: &cnn_candle::Model) -> cnn_candle::Model {
    let (layers, blocks) = model.tables();
    let mut tensors = std::collections::HashMap::new();
    for l in layers {
        for p in l.param_shapes().iter() {
            let key = p.key(&l.name).to_string();
            let t = model
                .tensor(&key)
                .expect("a tensor")
                .to_dtype(DType::F64)
                .unwrap();
            tensors.insert(key, t);
        }
    }
    let vb = VarBuilder::from_tensors(tensors, DType::F64, &Device::Cpu);
    cnn_candle::Model::new(layers, blocks, vb).expect("the float64 model")
}

/// The largest difference of `got` from `want`, as a share of `want`'s largest value.
fn off(got: &[f32], want: &[f32]) -> f32 {
    let scale = want.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-30);
    got.iter()
        .zip(want)
        .fold(0f32, |m, (g, w)| m.max((g - w).abs() / scale))
}

fn values(t: &Tensor) -> Vec<f32> {
    t.to_dtype(DType::F32)
        .unwrap()
        .flatten_all()
        .unwrap()
        .to_vec1()
        .unwrap()
}

/// How far tract's outputs for the exported graph are from candle's, as a share of
/// candle's largest value, for inputs of batch 1 and 2; and how far candle's own are
/// from the same model's in float64 (the rounding the network's float32 computation
/// has, which a runtime may have differently). With `CNN_ONNX_DIR` set, the model is
/// also written there as `{what}.onnx`, with the batch of 2, candle's outputs for it and
/// the float64 ones as `{what}.onnx.io.safetensors` (`input`, `output:0`, `exact:0`,
/// ...), for `scripts/ort_check.py`.
pub fn difference<N: Network>(what: &str, input: Option<cnn::Shape>) -> (f32, f32) {
    let model = calibrated::<N>(random_model::<N>(input), input);
    let exact = exact(&model);
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
    let (mut worst, mut rounding) = (0f32, 0f32);
    for batch in [1, 2] {
        let mut dims = vec![batch];
        let shape = input.unwrap_or(N::LAYERS[0].output);
        dims.extend(shape.dims().iter().map(|&d| d as usize));
        let x = Tensor::randn(0f32, 1.0, dims.as_slice(), &Device::Cpu).expect("input");
        let run = |m: &cnn_candle::Model, x: &Tensor| -> Vec<Tensor> {
            let all = m.forward_all_t(x, false).expect("candle runs it");
            all.into_iter().map(|(_, t)| t).collect()
        };
        let expected = run(&model, &x);
        let precise = run(&exact, &x.to_dtype(DType::F64).unwrap());
        let input = tract_ndarray::ArrayD::from_shape_vec(dims.clone(), values(&x)).unwrap();
        let outputs = runnable
            .run(tvec!(input.into_tvalue()))
            .expect("tract computes it");
        assert_eq!(outputs.len(), expected.len(), "{what}: outputs");
        if let Some(dir) = dir.as_ref().filter(|_| batch == 2) {
            let mut io = std::collections::HashMap::from([("input".to_string(), x.clone())]);
            for (i, (y, e)) in expected.iter().zip(&precise).enumerate() {
                io.insert(format!("output:{i}"), y.clone());
                io.insert(format!("exact:{i}"), e.to_dtype(DType::F32).unwrap());
            }
            candle_core::safetensors::save(&io, format!("{dir}/{what}.onnx.io.safetensors"))
                .expect("written");
        }
        for (i, ((got, want), e)) in outputs.iter().zip(&expected).zip(&precise).enumerate() {
            let got = got.to_plain_array_view::<f32>().expect("f32 output");
            assert_eq!(got.shape(), want.dims(), "output shape");
            let (got, want) = (got.iter().copied().collect::<Vec<f32>>(), values(want));
            worst = worst.max(off(&got, &want));
            rounding = rounding.max(off(&want, &values(e)));
            if batch == 2 {
                // The test means something only if the output depends on the input.
                let half = want.len() / 2;
                let apart = off(&want[..half], &want[half..]);
                assert!(
                    apart > 1e-4,
                    "{what}: output {i} hardly depends on the input ({apart:e} of its scale)"
                );
            }
        }
    }
    (worst, rounding)
}

/// tract computes what candle computes: within 1e-5 of the output's scale, or thrice
/// candle's own distance from float64 where a random deep network's rounding is more.
pub fn agrees<N: Network>(what: &str, input: Option<cnn::Shape>) {
    let (d, rounding) = difference::<N>(what, input);
    println!("{what}: {d:e} of the output's scale (candle's float32 from float64: {rounding:e})");
    let bound = (3.0 * rounding).max(1e-5);
    assert!(d <= bound, "{what}: off by {d} of the output's scale");
}
