//! The exported model computes what `cnn-candle` computes (and so what PyTorch does:
//! `cnn-candle`'s golden tests), run by tract: networks that stress the exporter's
//! mapping of every kind it writes, with random weights and random BatchNorm
//! statistics, at odd sizes, at batch 1 and 2 (the batch dimension is dynamic).

use candle_core::{DType, Device, Tensor};
use candle_nn::{VarBuilder, VarMap};
use cnn::Network;
use tract_onnx::prelude::*;

/// A model of `N` with every variable random: weights in [-0.5, 0.5), running
/// variances in [0.5, 1.5) (a variance must be positive), running means in [-0.5, 0.5).
fn random_model<N: Network>() -> cnn_candle::Model {
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    let model = cnn_candle::Model::load::<N>(vb).expect("the model builds");
    for (name, var) in vars.data().lock().expect("the variables").iter() {
        let r = Tensor::rand(-0.5f32, 0.5, var.shape(), &Device::Cpu).expect("random");
        let r = match name.ends_with("running_var") {
            true => (r + 1.0).expect("shifted"),
            false => r,
        };
        var.set(&r).expect("set");
    }
    model
}

/// The largest difference between tract's outputs and candle's, as a share of candle's
/// largest value, for inputs of batch 1 and 2.
fn difference<N: Network>() -> f32 {
    let model = random_model::<N>();
    let bytes = cnn_onnx::export_model(&model).expect("the network exports");
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
        dims.extend(N::LAYERS[0].output.dims().iter().map(|&d| d as usize));
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

fn agrees<N: Network>(what: &str) {
    let d = difference::<N>();
    println!("{what}: {d:e} of the output's scale");
    assert!(d <= 1e-5, "{what}: off by {d} of the output's scale");
}

cnn::cnn! {
    /// Convolutions of every padding kind, strides, dilations, groups, ceil-mode and
    /// padded pools, BatchNorm, dense layers on a flattened map: odd sizes throughout.
    pub struct Convs;
    input 3x29x23;
    conv 8 k3 p1; bn; relu;
    conv 8 k4 same; bn; relu6;
    conv 16 k3 s2 d2 g2; leaky_relu 0.1;
    pool 3 s2 ceil;
    avgpool 3 s2 p1;
    conv 16 k3 dw; elu;
    conv 6 k1 nobias; hardswish;
    dense 12; gelu;
    dense 5; softmax;
}

#[test]
fn convolutions_pools_and_dense_layers() {
    agrees::<Convs>("convs");
}

cnn::cnn! {
    /// Residuals with and without a projection, a squeeze-and-excitation gate, a
    /// concatenation with an identity branch, a split, a channel shuffle, an uneven
    /// adaptive pool.
    pub struct Blocks;
    input 8x13x11;
    residual { conv 8 k3 p1; bn; relu; conv 8 k3 p1; bn }
    relu;
    residual { conv 12 k3 s2 p1; bn; silu } shortcut { conv 12 k1 s2; bn }
    scale { gap; conv 4 k1; relu; conv 12 k1; hardsigmoid }
    concat { branch {} branch { conv 4 k3 p1; mish } }
    split { branch { conv 8 k1; sigmoid } branch { conv 8 k3 p1; tanh } }
    shuffle 4;
    adaptiveavgpool 3x2;
    flatten;
    dense 7;
}

#[test]
fn residual_merge_and_split_blocks() {
    agrees::<Blocks>("blocks");
}

cnn::cnn! {
    /// Resampling and padding: transposed convolutions with output padding, nearest
    /// and bilinear upsampling, a resize to an uneven size, pixel shuffles, reflection
    /// padding and a crop, an instance norm, an adaptive max pool.
    pub struct Resampling;
    input 4x9x7;
    upconv 6 k3 s2 p1 op1; relu;
    upsample 2;
    pixelunshuffle 2;
    conv 8 k3 p1; bn;
    pixelshuffle 2;
    pad (1, 2, 2, 1) reflect;
    instancenorm affine;
    upsample 2 bilinear;
    resize 17x13 bilinear;
    pad (0, -1, -1, 0);
    adaptivemaxpool 5x4;
    gap;
    dense 3;
}

#[test]
fn resampling_and_padding() {
    agrees::<Resampling>("resampling");
}

cnn::cnn! {
    /// Several outputs: two heads reading earlier tensors through `from`, and the flow.
    pub struct Heads;
    input 3x16x16;
    stem: conv 8 k3 s2 p1; relu;
    body: conv 16 k3 s2 p1; relu;
    head { from stem; conv 2 k1 }
    head { from body; gap; dense 4 }
    conv 4 k1;
}

#[test]
fn several_outputs() {
    agrees::<Heads>("heads");
}

cnn::cnn! {
    /// A signal: 1-D convolutions, pools, padding and upsampling.
    pub struct Signal;
    input 2x101;
    pad (2, 0); conv 8 k3; relu;
    pool 2 ceil;
    conv 8 k5 s2 p2; bn; silu;
    upsample 2;
    gap;
    dense 3;
}

#[test]
fn signals() {
    agrees::<Signal>("signal");
}

cnn::cnn! {
    /// Normalizations over channels: a ConvNeXt block (LayerNorm over the channels and
    /// pointwise linear layers inside `channelslast`, a layer scale), group norms,
    /// LayerNorm and a linear layer on a vector, a PReLU.
    pub struct Norms;
    input 8x11x9;
    residual {
        conv 8 k7 p3 dw;
        channelslast { ln; linear 32; gelu; linear 8 }
        layerscale;
    }
    gn 4; prelu;
    conv 12 k3 p1; gn 3;
    gap; flatten;
    ln; linear 6;
}

#[test]
fn normalizations() {
    agrees::<Norms>("norms");
}
