//! The network rustc checked computes what PyTorch computes: each `cnn!` network here
//! is the twin of one `scripts/golden.py` builds in PyTorch 2.15, whose random weights
//! (under the DSL's layer names), input and output are in `tests/fixtures/`. Together
//! they cover every layer and block kind candle runs.

mod common;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::VarBuilder;
use cnn::Network;
use cnn_candle::Model;

/// The fixture's network run in candle: its output, and PyTorch's.
fn run<N: Network>(fixture: &str) -> (Tensor, Tensor) {
    run_as::<N>(fixture, false)
}

/// The same, the model as built or built for inference.
fn run_as<N: Network>(fixture: &str, inference: bool) -> (Tensor, Tensor) {
    let path = format!(
        "{}/tests/fixtures/{fixture}.safetensors",
        env!("CARGO_MANIFEST_DIR")
    );
    let tensors = candle_core::safetensors::load(path, &Device::Cpu).unwrap();
    let (x, expected) = (tensors["input"].clone(), tensors["output"].clone());
    let vb = VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu);
    let model = Model::load::<N>(vb).unwrap();
    let model = if inference {
        model.for_inference().unwrap()
    } else {
        model
    };
    let y = model.forward(&x).unwrap();
    assert_eq!(y.dims(), expected.dims(), "{fixture}");
    (y, expected)
}

/// The largest difference between the model's output and PyTorch's, as a share of
/// PyTorch's largest value: as built, and built for inference (BatchNorms folded,
/// convolutions as our own products).
fn difference<N: Network>(fixture: &str) -> f32 {
    let (y, expected) = run::<N>(fixture);
    let (folded, _) = run_as::<N>(fixture, true);
    common::off(&y, &expected).max(common::off(&folded, &expected))
}

fn agrees<N: Network>(fixture: &str) {
    let d = difference::<N>(fixture);
    println!("{fixture}: {d:e} of the output's scale");
    assert!(d <= 1e-5, "{fixture}: off by {d} of the output's scale");
}

mod basics {
    cnn::cnn! {
        pub struct Basics;
        input 3x24x24;
        conv 8 k3 p1; bn; relu;
        pool 3 s2 ceil;                 // 24 -> 12, the last window past the input
        avgpool 3 s2 p1 ceil;           // 12 -> 7, the last window past the padding
        conv 16 k3 s2;                  // 7 -> 3
        flatten; dense 20; relu6; dropout 0.5;
        output 10; softmax;
    }
}

mod convs {
    cnn::cnn! {
        pub struct Convs;
        input 8x16x16;
        conv 16 k3 p1 g4 nobias; bn; leaky_relu 0.1;
        conv 16 k3 dw p2 d2; elu 0.5;
        conv 16 k4 same; gelu;          // Keras' odd padding: 1 before, 2 after
        conv 12 k1x5 p0x2; silu;
        conv 12 k3 s2 same; sigmoid;    // 16 -> 8, padding after only
        conv 8 k5x3 p2x1; tanh; hardswish; hardsigmoid; mish; hardtanh; prelu;
        logsoftmax;                     // over the channels of the 8x8x8 map
    }
}

mod blocks {
    cnn::cnn! {
        pub struct Blocks;
        input 16x8x8;
        residual { conv 16 k3 p1 nobias; bn; relu; conv 16 k3 p1 nobias; bn } relu;
        residual { conv 32 k3 s2 p1 nobias; bn } shortcut { conv 32 k1 s2 nobias; bn } relu;
        repeat 2 { residual { conv 32 k3 p1; ln; layerscale; droppath 0.2 } }
        concat { branch { } branch { conv 8 k1; relu } branch { pool 3 s1 p1; conv 8 k1 } }
        add { branch { conv 48 k1 } branch { } }
        scale { gap; conv 12 k1; relu; conv 48 k1; hardsigmoid }
        mul { branch { conv 48 k1 } branch { gap; conv 48 k1; sigmoid } }
        split { branch { } branch { conv 24 k1; gn 4; relu } }
        shuffle 2;
        flatten; output 10;
    }
}

mod up {
    cnn::cnn! {
        pub struct Up;
        input 4x6x6;
        upconv 8 k2 s2;                 // 12
        upconv 8 k3 s2 p1 op1 g2 nobias; // 24
        pool 2;
        upsample 2;
        upsample 2 bilinear;            // 48
        resize 20 bilinear;
        resize 30;
        adaptiveavgpool 7;
        adaptivemaxpool 3x5;
        conv 4 k1; flatten; output 3;
    }
}

mod signal {
    cnn::cnn! {
        pub struct Signal;
        input 2x100;
        conv1d 8 k5 s2 p2; bn; relu;    // 50
        maxpool1d 3 s2 ceil;            // 25
        avgpool1d 3 s2 p1 ceil;         // 13
        convtranspose1d 4 k4 s2 p1;     // 26
        upsample 2;                     // 52
        adaptiveavgpool 5;
        conv 6 k3 p1 g2;
        flatten; output 3;
    }
}

mod volume {
    cnn::cnn! {
        pub struct Volume;
        input 2x4x8x8;
        conv3d 4 k3 p1; bn; relu;
        conv 4 k1x3x3 s1x2x2 p0x1x1;    // 4x4x4x4: 3-D as 2-D convolutions per depth
        conv 6 k3x1x1 s2x1x1 p1x0x0;    // 6x2x4x4
        pool 2 s1 p1;                   // 6x3x5x5
        avgpool 2 s2 ceil;              // 6x2x3x3, windows past the input
        upsample 2 trilinear;
        resize 3x5x4;
        adaptiveavgpool 2;
        flatten; output 3;
    }
}

mod interpolation {
    cnn::cnn! {
        pub struct Interpolation;
        input 3x7x9;
        upsample 2 bicubic;
        resize 10x5 bicubic;
        resize 12 bilinear;
        flatten; output 4;
    }
    cnn::cnn! {
        pub struct Linear;
        input 2x10;
        upsample 3 linear;
        resize 7 linear;
        resize 13;
        flatten; output 2;
    }
}

// PyTorch's parameters() for each twin, as golden.py prints them.
const _: () = assert!(basics::Basics::PARAMS == 4_518);
const _: () = assert!(convs::Convs::PARAMS == 8_321);
const _: () = assert!(blocks::Blocks::PARAMS == 45_742);
const _: () = assert!(up::Up::PARAMS == 643);
const _: () = assert!(signal::Signal::PARAMS == 371);
const _: () = assert!(volume::Volume::PARAMS == 601);
const _: () = assert!(interpolation::Interpolation::PARAMS == 1_732);
const _: () = assert!(interpolation::Linear::PARAMS == 54);

#[test]
fn basics_as_pytorch() {
    agrees::<basics::Basics>("basics");
}

#[test]
fn convs_as_pytorch() {
    agrees::<convs::Convs>("convs");
}

#[test]
fn blocks_as_pytorch() {
    agrees::<blocks::Blocks>("blocks");
}

#[test]
fn resampling_as_pytorch() {
    agrees::<up::Up>("up");
}

mod pixels {
    cnn::cnn! {
        pub struct Pixels;
        input 4x6x6;
        conv 36 k3 p1; instancenorm affine; relu;
        pixelshuffle 3;                 // 36x6x6 -> 4x18x18
        instancenorm eps 1e-3;
        pixelunshuffle 2;               // -> 16x9x9
    }
    cnn::cnn! {
        pub struct Instance1d;
        input 5x7;
        instancenorm affine eps 1e-4;
    }
    cnn::cnn! {
        pub struct Instance3d;
        input 5x3x4x5;
        in;
    }
}

mod pads {
    cnn::cnn! {
        pub struct Pad2d;
        input 3x5x6;
        pad (1, 1, 2, 2) reflect;       // 3x9x8
        conv 4 k3;                      // 4x7x6
        pad (-1, 2, 1, 1) replicate;    // a crop on the left: 4x9x7
        pad (3, 3, 1, 0) circular;      // 4x10x13
        pad (0, -2, 1, 0);              // zeros: 4x11x11
        conv 4 k1;
    }
    cnn::cnn! {
        pub struct Pad1d;
        input 2x7;
        pad (2, 0); conv 3 k3;          // causal
        pad (0, -2);                    // Chomp1d
        pad (1, 1) reflect;
    }
    cnn::cnn! {
        pub struct Pad3d;
        input 2x3x4x5;
        pad (1, 0, 0, 2, 1, 1);
        pad (1, 1, 1, 1, 1, 1) replicate;
    }
}

mod heads {
    cnn::cnn! {
        pub struct Heads;
        input 3x5x5;
        conv 8 k3 p1; bn; relu;
        aux: head { gap; dense 3 }
        outer: head { conv 4 k1; relu; inner: head { gap; dense 2 } dense 6 }
        conv 8 k3; dense 5;
    }
}

/// Every output of a network with heads, a head inside a head among them, against
/// PyTorch's, in `OUTPUTS`' order and under its names.
#[test]
fn heads_as_pytorch() {
    let path = format!(
        "{}/tests/fixtures/heads.safetensors",
        env!("CARGO_MANIFEST_DIR")
    );
    let tensors = candle_core::safetensors::load(path, &Device::Cpu).unwrap();
    let x = tensors["input"].clone();
    let vb = VarBuilder::from_tensors(tensors.clone(), DType::F32, &Device::Cpu);
    let model = Model::load::<heads::Heads>(vb).unwrap();
    let outputs = model.forward_all_t(&x, false).unwrap();
    let names: Vec<&str> = outputs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["aux", "outer.inner", "outer", "dense4"]);
    for (name, y) in &outputs {
        let expected = &tensors[&format!("output:{name}")];
        let off = common::off(y, expected);
        println!("heads {name}: {off:e} of the output's scale");
        assert!(off <= 1e-5, "{name}: {off}");
    }
    // The plain forward pass returns the last.
    let last = model.forward(&x).unwrap();
    assert!(common::off(&last, &tensors["output:dense4"]) <= 1e-5);
}

#[test]
fn pads_as_pytorch() {
    agrees::<pads::Pad2d>("pad2d");
    agrees::<pads::Pad1d>("pad1d");
    agrees::<pads::Pad3d>("pad3d");
}

#[test]
fn pixel_shuffles_and_instance_norms_as_pytorch() {
    agrees::<pixels::Pixels>("pixels");
    agrees::<pixels::Instance1d>("instance1d");
    agrees::<pixels::Instance3d>("instance3d");
}

#[test]
fn signals_as_pytorch() {
    agrees::<signal::Signal>("signal");
}

#[test]
fn volumes_as_pytorch() {
    agrees::<volume::Volume>("volume");
}

#[test]
fn interpolation_as_pytorch() {
    agrees::<interpolation::Interpolation>("interpolation");
    agrees::<interpolation::Linear>("linear");
}

/// Every tensor the model reads is in the fixture and of the fixture's shape, and the
/// fixture holds no other: the names and layouts are PyTorch's.
#[test]
fn fixtures_hold_exactly_the_tensors() {
    fn names<N: Network>(fixture: &str) {
        let path = format!(
            "{}/tests/fixtures/{fixture}.safetensors",
            env!("CARGO_MANIFEST_DIR")
        );
        let tensors = candle_core::safetensors::load(path, &Device::Cpu).unwrap();
        let mut expected: Vec<(String, Vec<usize>)> = N::LAYERS
            .iter()
            .flat_map(|l| {
                let params = l.param_shapes();
                params
                    .iter()
                    .map(|p| {
                        let dims = p.dims.iter().map(|&d| d as usize).collect();
                        (p.key(l.name).to_string(), dims)
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut found: Vec<(String, Vec<usize>)> = tensors
            .iter()
            .filter(|(k, _)| *k != "input" && *k != "output")
            .map(|(k, t)| (k.clone(), t.dims().to_vec()))
            .collect();
        expected.sort();
        found.sort();
        assert_eq!(expected, found, "{fixture}");
    }
    names::<basics::Basics>("basics");
    names::<convs::Convs>("convs");
    names::<blocks::Blocks>("blocks");
    names::<up::Up>("up");
    names::<signal::Signal>("signal");
    names::<volume::Volume>("volume");
    names::<interpolation::Interpolation>("interpolation");
    names::<pixels::Pixels>("pixels");
    names::<pixels::Instance1d>("instance1d");
    names::<pixels::Instance3d>("instance3d");
    names::<pads::Pad2d>("pad2d");
    names::<pads::Pad1d>("pad1d");
}

#[test]
fn what_candle_lacks_is_a_clean_error() {
    cnn::cnn! {
        pub struct UpVolume;
        input 1x4x8x8;
        upconv 2 k2 s2;
    }
    let vb = VarBuilder::zeros(DType::F32, &Device::Cpu);
    let err = Model::load::<UpVolume>(vb).unwrap_err().to_string();
    assert!(
        err.contains("convtranspose3d1") && err.contains("3-D transposed"),
        "{err}"
    );
    cnn::cnn! {
        pub struct Uneven;
        input 1x8x8;
        conv 2 k3 s2x1;
    }
    let vb = VarBuilder::zeros(DType::F32, &Device::Cpu);
    let err = Model::load::<Uneven>(vb).unwrap_err().to_string();
    assert!(
        err.contains("conv2d1") && err.contains("stride") && err.contains("2x1"),
        "{err}"
    );
    // A tensor of another shape than the network's input is an error, not a panic or a
    // different network: 1x5x5 would run the convolution, with the wrong output.
    cnn::cnn! { pub struct Small; input 1x4x4; conv 2 k3; }
    let vb = VarBuilder::zeros(DType::F32, &Device::Cpu);
    let model = Model::load::<Small>(vb).unwrap();
    for dims in [[1, 3, 4, 4], [1, 1, 5, 5]] {
        let x = Tensor::zeros(&dims[..], DType::F32, &Device::Cpu).unwrap();
        let err = model.forward(&x).unwrap_err().to_string();
        assert!(err.contains("[1, 4, 4]"), "{err}");
    }
    let x = Tensor::zeros((3, 1, 4, 4), DType::F32, &Device::Cpu).unwrap();
    assert_eq!(model.forward(&x).unwrap().dims(), &[3, 2, 2, 2]);
}

/// BatchNorm in training mode normalizes by the batch's statistics and updates its
/// running ones as PyTorch does (momentum 0.1, the unbiased variance): the eval pass
/// after one training pass gives PyTorch's.
#[test]
fn batch_statistics_as_pytorch() {
    cnn::cnn! {
        pub struct Train;
        input 3x6x6;
        conv 4 k3 p1; bn; relu;
        conv 4 k3; bn;
        flatten; output 3;
    }
    train_then_eval::<Train>("train");
}

/// torchvision's eps and momentum: `ln eps 1e-6` on an input of small variance (where
/// eps shows: 1e-5 there is 4% off), `bn eps 1e-3 momentum 0.01` in training mode and
/// then eval, `gn 4 eps 1e-3`.
#[test]
fn eps_and_momentum_as_pytorch() {
    cnn::cnn! {
        pub struct Norms;
        input 8x5x5;
        ln eps 1e-6;
        bn eps 1e-3 momentum 0.01;
        gn 4 eps 1e-3;
    }
    train_then_eval::<Norms>("norms");
}

/// A training pass (BatchNorm on the batch's statistics, moving its running ones),
/// then an eval pass, each against PyTorch's.
fn train_then_eval<N: Network>(fixture: &str) {
    let path = format!(
        "{}/tests/fixtures/{fixture}.safetensors",
        env!("CARGO_MANIFEST_DIR")
    );
    let tensors = candle_core::safetensors::load(path, &Device::Cpu).unwrap();
    let x = tensors["input"].clone();
    let (train, eval) = (
        tensors["output_train"].clone(),
        tensors["output_eval_after"].clone(),
    );
    let vb = VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu);
    let model = Model::load::<N>(vb).unwrap();
    let off = common::off;
    let y = model.forward_t(&x, true).unwrap();
    let d = off(&y, &train);
    assert!(d <= 1e-5, "{fixture}: training pass off by {d}");
    let y = model.forward(&x).unwrap();
    let d = off(&y, &eval);
    assert!(d <= 1e-5, "{fixture}: eval pass off by {d}");
}

/// A file whose keys differ from the layer names loads through a key mapping: here
/// every tensor under `model.` as a wrapped PyTorch module saves it.
#[test]
fn keys_mapped_with_rename_f() {
    let path = format!(
        "{}/tests/fixtures/basics.safetensors",
        env!("CARGO_MANIFEST_DIR")
    );
    let tensors = candle_core::safetensors::load(path, &Device::Cpu).unwrap();
    let (x, expected) = (tensors["input"].clone(), tensors["output"].clone());
    let renamed = tensors
        .into_iter()
        .map(|(k, v)| (format!("model.{k}"), v))
        .collect();
    let vb = VarBuilder::from_tensors(renamed, DType::F32, &Device::Cpu)
        .rename_f(|name: &str| format!("model.{name}"));
    let y = Model::load::<basics::Basics>(vb)
        .unwrap()
        .forward(&x)
        .unwrap();
    let diff = common::largest_difference(&y, &expected);
    assert!(diff < 1e-5, "{diff}");
}

/// Fresh weights as PyTorch draws them: convolution and linear weights and biases
/// uniform in ±1/sqrt(fan_in), BatchNorm's weight 1, bias 0, running mean 0 and
/// variance 1.
#[test]
fn fresh_weights_as_pytorch_draws_them() {
    use candle_nn::VarMap;
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    Model::load::<basics::Basics>(vb).unwrap();
    let data = vars.data().lock().unwrap();
    let largest = |name: &str| -> f32 {
        data[name]
            .as_tensor()
            .abs()
            .unwrap()
            .max_all()
            .unwrap()
            .to_scalar()
            .unwrap()
    };
    // conv2d1: fan_in 3*3*3 = 27; dense1: 16*3*3 = 144.
    for (name, fan_in) in [("conv2d1.weight", 27.0f32), ("dense1.weight", 144.0)] {
        let bound = 1.0 / fan_in.sqrt();
        let m = largest(name);
        // Of 216 or more draws, one reaches past 80% of the bound (all but surely).
        assert!(m <= bound && m > 0.8 * bound, "{name}: {m} against {bound}");
    }
    assert!(largest("conv2d1.bias") <= 1.0 / 27f32.sqrt());
    let value = |name: &str| -> Vec<f32> { data[name].as_tensor().to_vec1().unwrap() };
    assert!(value("bn1.weight").iter().all(|&v| v == 1.0));
    assert!(value("bn1.bias").iter().all(|&v| v == 0.0));
    assert!(value("bn1.running_mean").iter().all(|&v| v == 0.0));
    assert!(value("bn1.running_var").iter().all(|&v| v == 1.0));
}

mod cifar {
    cnn::cnn! {
        pub struct Cifar;
        input 3x32x32;
        conv 32 k3 p1; relu;
        conv 32 k3 p1; relu;
    }
}

/// 32 channels at 32x32 into a padded convolution: 9.6% of the scale away on candle
/// 0.9.2, whose padded `conv2d` was wrong when channels equalled the spatial size.
#[test]
fn channels_equal_to_the_size_as_pytorch() {
    agrees::<cifar::Cifar>("cifar");
}

mod nonfinite {
    cnn::cnn! {
        pub struct Activations;
        input 4x5x5;
        concat {
            branch { relu } branch { relu6 } branch { hardtanh } branch { leaky_relu 0.1 }
            branch { elu 0.5 } branch { gelu } branch { silu } branch { sigmoid }
            branch { tanh } branch { hardswish } branch { hardsigmoid } branch { mish }
            branch { prelu } branch { softmax } branch { logsoftmax }
        }
        concat {
            branch { pool 2 s1 } branch { avgpool 2 s1 }
            branch { adaptivemaxpool 4 } branch { adaptivepool 4 }
        }
    }
    cnn::cnn! {
        pub struct Weight;
        input 3x4x4;
        conv 4 k3 p1; relu; pool 2;
    }
    cnn::cnn! {
        pub struct Volume;
        input 2x3x4x4;
        pool 2 s1; relu;
    }
}

/// The model's output and PyTorch's are NaN at the same places, the same infinity at
/// the same places, and within 1e-5 of the finite values' scale elsewhere: as built
/// and built for inference (a ReLU applied as its convolution writes, a direct max
/// pool).
fn nonfinite_agrees<N: Network>(fixture: &str) {
    nonfinite_agrees_as::<N>(fixture, false);
    nonfinite_agrees_as::<N>(fixture, true);
}

fn nonfinite_agrees_as<N: Network>(fixture: &str, inference: bool) {
    let (y, expected) = run_as::<N>(fixture, inference);
    let y: Vec<f32> = y.flatten_all().unwrap().to_vec1().unwrap();
    let expected: Vec<f32> = expected.flatten_all().unwrap().to_vec1().unwrap();
    let scale = expected
        .iter()
        .filter(|v| v.is_finite())
        .fold(0f32, |m, v| m.max(v.abs()));
    let (mut nans, mut infinities) = (0, 0);
    for (i, (&got, &want)) in y.iter().zip(&expected).enumerate() {
        if want.is_nan() {
            nans += 1;
            assert!(got.is_nan(), "{fixture}[{i}]: {got}, PyTorch NaN");
        } else if want.is_infinite() {
            infinities += 1;
            assert_eq!(got, want, "{fixture}[{i}]");
        } else {
            assert!(
                (got - want).abs() <= 1e-5 * scale,
                "{fixture}[{i}]: {got}, PyTorch {want}"
            );
        }
    }
    println!("{fixture}: {nans} NaN and {infinities} infinite values where PyTorch has them");
    assert!(nans > 0, "{fixture} holds no NaN");
}

#[test]
fn nan_and_infinity_propagate_as_in_pytorch() {
    nonfinite_agrees::<nonfinite::Activations>("nonfinite");
    nonfinite_agrees::<nonfinite::Weight>("nonfinite_weight");
    nonfinite_agrees::<nonfinite::Volume>("nonfinite3d");
}
