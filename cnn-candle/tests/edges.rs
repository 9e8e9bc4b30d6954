//! The edges of running a network: element types, empty batches, integer weights and
//! tables that are not one network. Each is a clean `Err` naming what is wrong, or the
//! output PyTorch gives, never a panic inside candle.

mod common;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{VarBuilder, VarMap};
use cnn_candle::Model;

mod nets {
    cnn::cnn! {
        pub struct Everything;
        input 4x9x9;
        conv 8 k3 p1 g2; bn; relu;
        pool 2 ceil;                       // 9 -> 5, a window past the input
        avgpool 2 s2 ceil;                 // 5 -> 3, divisors past the input
        upconv 8 k2 s2 g4;                 // 3 -> 6, grouped transposed
        split { branch { conv 2 k1 } branch { relu } }
        upsample 2 bilinear;               // 6 -> 12
        adaptivemaxpool 5;
        resize 4 bicubic;
        gap; flatten; dense 3;
    }

    cnn::cnn! {
        /// The kinds `Everything` lacks.
        pub struct Norms;
        input 4x9x9;
        conv 8 k3 p1; ln; gn 2; instancenorm affine; layerscale; prelu; gelu; mish;
        channelslast { ln; dense 8; silu }
        pad (1, 1, 2, 0) circular; pad (1, 0, 0, 1) reflect; pad (0, 0, -1, -1);
        pixelunshuffle 2; pixelshuffle 2; shuffle 2; hardswish; elu 1.0;
        gap; dense 3; bn; softmax;
    }
}
use cnn::Network;
use nets::{Everything, Norms};

fn fresh(dtype: DType) -> candle_core::Result<Model> {
    let vars = VarMap::new();
    Model::load::<Everything>(VarBuilder::from_varmap(&vars, dtype, &Device::Cpu))
}

/// `N` with the same weights in F64 and F32 (F64's drawn, then F32's their rounding):
/// the largest difference of their outputs.
fn f32_from_f64<N: Network>() -> f32 {
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F64, &Device::Cpu);
    let m64 = Model::load::<N>(vb).unwrap();
    let tensors = vars
        .data()
        .lock()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_tensor().to_dtype(DType::F32).unwrap()))
        .collect();
    let m32 =
        Model::load::<N>(VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu)).unwrap();
    let x = Tensor::randn(0f64, 1.0, (2, 4, 9, 9), &Device::Cpu).unwrap();
    let y64 = m64.forward(&x).unwrap();
    let y32 = m32.forward(&x.to_dtype(DType::F32).unwrap()).unwrap();
    assert_eq!((y64.dtype(), y32.dtype()), (DType::F64, DType::F32));
    common::largest_difference(&y64, &y32.to_dtype(DType::F64).unwrap())
}

#[test]
fn f32_and_f64_run_every_path_and_agree() {
    let diff = f32_from_f64::<Everything>();
    assert!(diff < 1e-4, "{diff}");
    // LayerNorm in F64 failed in candle-nn's fused op ("unsupported dtype for rmsnorm").
    let diff = f32_from_f64::<Norms>();
    assert!(diff < 1e-4, "{diff}");
}

#[test]
fn other_element_types_are_refused_when_built() {
    for dtype in [DType::F16, DType::BF16, DType::U8, DType::U32, DType::I64] {
        let err = fresh(dtype).unwrap_err().to_string();
        assert!(
            err.contains("F32 or F64") && err.contains(&format!("{dtype:?}")),
            "{err}"
        );
    }
}

#[test]
fn an_input_of_another_type_is_refused_by_name() {
    let model = fresh(DType::F32).unwrap();
    let x = Tensor::zeros((1, 4, 9, 9), DType::F64, &Device::Cpu).unwrap();
    let err = model.forward(&x).unwrap_err().to_string();
    assert!(
        err.contains("the model's tensors are F32, the input is F64"),
        "{err}"
    );
}

/// An empty batch gives an empty output of the network's output shape, as PyTorch
/// does, in both modes: grouped convolutions, a grouped transposed one, `split` and
/// adaptive max pooling panicked inside candle's kernels on it.
#[test]
fn an_empty_batch_gives_an_empty_output() {
    let model = fresh(DType::F32).unwrap();
    let x = Tensor::zeros((0, 4, 9, 9), DType::F32, &Device::Cpu).unwrap();
    for train in [false, true] {
        let y = model.forward_t(&x, train).unwrap();
        assert_eq!(y.dims(), &[0, 3]);
    }
    // And one sample runs the same paths for real.
    let x = Tensor::ones((1, 4, 9, 9), DType::F32, &Device::Cpu).unwrap();
    assert_eq!(model.forward(&x).unwrap().dims(), &[1, 3]);
}

/// A weight stored as integers is refused by name; integer tensors the network does not
/// read (PyTorch's `num_batches_tracked`) are not its business.
#[test]
fn integer_weights_are_refused() {
    cnn::cnn! { pub struct Small; input 2x4x4; conv 3 k3; bn; }
    let cpu = &Device::Cpu;
    let real = |dims: &[usize]| Tensor::ones(dims, DType::F32, cpu).unwrap();
    let mut tensors = std::collections::HashMap::from([
        ("conv2d1.weight".to_string(), real(&[3, 2, 3, 3])),
        ("conv2d1.bias".to_string(), real(&[3])),
        ("bn1.weight".to_string(), real(&[3])),
        ("bn1.bias".to_string(), real(&[3])),
        ("bn1.running_mean".to_string(), real(&[3])),
        ("bn1.running_var".to_string(), real(&[3])),
        (
            "bn1.num_batches_tracked".to_string(),
            Tensor::new(7i64, cpu).unwrap(),
        ),
    ]);
    let load = |tensors: &std::collections::HashMap<String, Tensor>| {
        Model::from_state_dict::<Small>(tensors, &VarMap::new(), true, DType::F32, cpu)
    };
    let y = load(&tensors)
        .unwrap()
        .forward(&real(&[1, 2, 4, 4]))
        .unwrap();
    assert_eq!(y.dims(), &[1, 3, 2, 2]);
    tensors.insert(
        "conv2d1.weight".to_string(),
        Tensor::ones((3, 2, 3, 3), DType::I64, cpu).unwrap(),
    );
    let err = load(&tensors).unwrap_err().to_string();
    assert!(err.contains("`conv2d1.weight` holds I64 values"), "{err}");
}

/// `Model::new` takes tables from anywhere: ones that do not read as one network are
/// refused, each naming what is wrong.
#[test]
fn tables_that_are_not_one_network_are_refused() {
    let build = |layers: &[cnn::Layer], blocks: &[cnn::Block]| {
        let vars = VarMap::new();
        let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
        Model::new(layers, blocks, vb)
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let (layers, blocks) = (Everything::LAYERS, Everything::BLOCKS);
    assert_eq!(build(layers, blocks), Ok(()));

    // A block running past the layers.
    let mut long = blocks.to_vec();
    long[0].len += layers.len();
    let err = build(layers, &long).unwrap_err();
    assert!(err.contains("past the"), "{err}");

    // A merge block cut short: it no longer ends on its `cat`.
    let mut short = blocks.to_vec();
    short[0].len -= 1;
    let err = build(layers, &short).unwrap_err();
    assert!(err.contains("does not end on its cat layer"), "{err}");

    // A merge block whose branches are gone: nothing to merge.
    let parts: Vec<cnn::Block> = blocks.iter().filter(|b| b.depth == 0).copied().collect();
    let err = build(layers, &parts).unwrap_err();
    assert!(err.contains("split1 merges no part"), "{err}");

    // No blocks at all: the split's concatenation merges nothing.
    cnn::cnn! { pub struct Same; input 4x4x4; add { branch { relu } branch { relu } } }
    let err = build(Same::LAYERS, &[]).unwrap_err();
    assert!(err.contains("add1 merges the parts of no block"), "{err}");

    // No input first: the first layer would be taken for the input and skipped.
    let err = build(&layers[1..], &[]).unwrap_err();
    assert!(
        err.contains("its first layer, conv2d1, is no input"),
        "{err}"
    );

    // Two layers swapped: one receives what it was not evaluated for.
    let mut swapped = layers.to_vec();
    swapped.swap(1, 3);
    let err = build(&swapped, blocks).unwrap_err();
    assert!(
        err.contains("relu1 takes 8x9x9 but receives 4x9x9"),
        "{err}"
    );

    // A nested block outside any block of the depth above.
    let mut stray = blocks.to_vec();
    stray[0].depth = 1;
    let err = build(layers, &stray).unwrap_err();
    assert!(err.contains("lies in no block of depth 0"), "{err}");
}

/// Every output `OUTPUTS` lists, in its order: a flow that goes on past its last head
/// (here through an empty `seq`) is one, computed as written.
#[test]
fn every_output_listed_is_computed() {
    cnn::cnn! { pub struct AfterTheHead; input 4; d: dense 3; h: head { dense 2 } s: seq { } }
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    let model = Model::load::<AfterTheHead>(vb).unwrap();
    let x = Tensor::randn(0f32, 1.0, (5, 4), &Device::Cpu).unwrap();
    let outputs = model.forward_all_t(&x, false).unwrap();
    let found: Vec<(&str, Vec<usize>)> = outputs
        .iter()
        .map(|(name, y)| (name.as_str(), y.dims().to_vec()))
        .collect();
    assert_eq!(found, [("h", vec![5, 2]), ("d", vec![5, 3])]);
    // The flow's output is `d`'s: x Wᵀ + b.
    let (w, b) = (
        model.tensor("d.weight").unwrap(),
        model.tensor("d.bias").unwrap(),
    );
    let d = x.matmul(&w.t().unwrap()).unwrap().broadcast_add(b).unwrap();
    assert!(common::largest_difference(&outputs[1].1, &d) < 1e-6);
}

/// Built for inference, a `scale` block's gate is folded into the weights of the
/// convolution after it where that is cheaper than scaling the map: a grouped one
/// (folded), a wide one on a small map (the map scaled), a depthwise one (the map
/// scaled), and a gated map a `from` reads again (not folded). Each as candle's ops
/// compute it, as built.
#[test]
fn a_gate_folded_into_the_next_convolution() {
    cnn::cnn! {
        pub struct Gated;
        input 8x6x6;
        se1: scale { gap; conv 4 k1; relu; conv 8 k1; sigmoid }
        conv 6 k3 p1 g2;
        se2: scale { gap; conv 6 k1; sigmoid }
        conv 64 k3 s2;
        se3: scale { gap; conv 64 k1; hardsigmoid }
        conv 64 k3 dw p1;
        se4: scale { gap; conv 64 k1; sigmoid }
        conv 8 k1;
        add { branch { from se4 } branch { conv 64 k1 } }
        gap; flatten; dense 3;
    }
    as_built_and_for_inference::<Gated>();
}

/// Built for inference, a residual's shortcut is added by the body's last convolution
/// as it writes, with the activation after the sum: an identity shortcut and a
/// convolution one, a body ending on an activation of its own (not fused: it comes
/// before the sum), an activation after the sum that is not fused (`sigmoid`), sums
/// and bodies that `from`s read again. Each as candle's ops compute it, as built.
#[test]
fn a_shortcut_added_as_the_convolution_writes() {
    cnn::cnn! {
        pub struct Summed;
        input 8x6x6;
        r1: residual { conv 8 k3 p1; bn; relu; conv 8 k3 p1; bn }
        relu;
        r2: residual { conv 16 k3 s2 p1; bn; relu; conv 16 k3 p1; bn } shortcut { conv 16 k1 s2; bn }
        relu;
        r3: residual { conv 16 k1; bn; silu }
        sigmoid;
        r4: residual { conv 16 k3 p1; last: bn }
        relu;
        r5: residual { conv 16 k1 }
        relu;
        concat { branch { from r4 } branch { from r4.last } branch { from r5 } branch { } }
        gap; flatten; dense 3;
    }
    as_built_and_for_inference::<Summed>();
}

/// `N` with fresh weights as built (candle's ops) and built for inference, at batch 1
/// and 3: the same outputs, to 1e-5 of their scale.
fn as_built_and_for_inference<N: Network>() {
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    let model = Model::load::<N>(vb).unwrap();
    let fast = model.for_inference().unwrap();
    let sample: Vec<usize> = N::LAYERS[0]
        .output
        .dims()
        .iter()
        .map(|&d| d as usize)
        .collect();
    for batch in [1, 3] {
        let dims: Vec<usize> = [batch].into_iter().chain(sample.iter().copied()).collect();
        let x = Tensor::randn(0f32, 1.0, dims, &Device::Cpu).unwrap();
        let (a, b) = (model.forward(&x).unwrap(), fast.forward(&x).unwrap());
        let off = common::off(&b, &a);
        let scale = common::largest(&a);
        assert!(off <= 1e-5, "batch {batch}: {off} of {scale}");
    }
}
