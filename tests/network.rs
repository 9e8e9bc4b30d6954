//! The macro in both forms, checked with const assertions against values worked out by
//! hand from PyTorch's formulas.
#![allow(clippy::identity_op)] // formulas are written out in full, `*1` included

use cnn::{Kind, Layer, Network, Shape};

/// `shape == CxHxW`, usable in const assertions.
const fn is(shape: Shape, c: u64, h: u64, w: u64) -> bool {
    matches!(shape, Shape::Image { channels, height, width } if channels == c && height == h && width == w)
}

const fn is_flat(shape: Shape, n: u64) -> bool {
    matches!(shape, Shape::Flat(m) if m == n)
}

mod headerless {
    cnn::cnn! { input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10; }
    const _: () = assert!(PARAMS == 217_706);
    const _: () = assert!(LAYERS.len() == 7);
    const _: () = assert!(CONV2D1.params == (5 * 5 * 1 + 1) * 32);
    const _: () = assert!(super::is(MAXPOOL2.output, 32, 5, 5));
    const _: () = assert!(DENSE1.params == (32 * 5 * 5 + 1) * 256);
    const _: () = assert!(OUTPUT.params == (256 + 1) * 10);
}

// The seed network of `examples/lenet.rs`, so that the example is the one tested.
#[allow(dead_code)]
#[path = "../examples/lenet.rs"]
mod lenet;
use lenet::LeNet;

const _: () = assert!(LeNet::PARAMS == 217_706);
const _: () = assert!(LeNet::NON_TRAINABLE_PARAMS == 0);
// 5*5*1*32*24*24 + 3*3*32*32*10*10 + 800*256 + 256*10
const _: () = assert!(LeNet::MACS == 460_800 + 921_600 + 204_800 + 2_560);
// A multiply and an add per multiply-accumulate.
const _: () = assert!(LeNet::FLOPS == 2 * (460_800 + 921_600 + 204_800 + 2_560));
const _: () = assert!(is(LeNet::INPUT.output, 1, 28, 28));
const _: () = assert!(is(LeNet::CONV2D1.output, 32, 24, 24));
const _: () = assert!(is(LeNet::MAXPOOL1.output, 32, 12, 12));
const _: () = assert!(is(LeNet::CONV2D2.output, 32, 10, 10));
const _: () = assert!(LeNet::CONV2D2.params == 9_248);
const _: () = assert!(is_flat(LeNet::DENSE1.output, 256));
const _: () = assert!(is_flat(LeNet::OUTPUT.output, 10));

cnn::cnn!(
    pub(crate) struct EveryOption;
    input 3x64x64;
    stem: conv 16 k3 s2 same nobias;
    conv 16 k3 dw p1;
    conv 32 k1 g4;
    conv2d 32 k3x5 p2 d2;
    avgpool 3 s2 p1 ceil;
    globalavgpool;
    flatten;
    batchnorm;
    linear 10 nobias;
    relu6;
    swish;
);

// Keras `same`: ceil(64 / 2) = 32; no bias: 3*3*3*16.
const _: () = assert!(is(EveryOption::STEM.output, 16, 32, 32));
const _: () = assert!(EveryOption::STEM.params == 432);
const _: () = assert!(EveryOption::STEM.macs == 432 * 32 * 32);
// Depthwise: (3*3*1+1)*16, one channel per filter.
const _: () = assert!(EveryOption::CONV2D2.params == 160);
const _: () = assert!(EveryOption::CONV2D2.macs == 9 * 16 * 32 * 32);
// Four groups of 4 input channels: (1*1*4+1)*32.
const _: () = assert!(EveryOption::CONV2D3.params == 160);
// Dilated 3x5 with padding 2: height 32+4-2*2-1+1 = 32, width 32+4-2*4-1+1 = 28.
const _: () = assert!(is(EveryOption::CONV2D4.output, 32, 32, 28));
const _: () = assert!(EveryOption::CONV2D4.params == (3 * 5 * 32 + 1) * 32);
// Ceil mode: ceil((32+2-3)/2)+1 = 17 and ceil((28+2-3)/2)+1 = 15 (floor would be 16, 14).
const _: () = assert!(is(EveryOption::AVGPOOL1.output, 32, 17, 15));
const _: () = assert!(is(EveryOption::GAP1.output, 32, 1, 1));
const _: () = assert!(is_flat(EveryOption::FLATTEN1.output, 32));
// BatchNorm1d over 32 features: weight and bias learnable, running stats not.
const _: () = assert!(EveryOption::BN1.params == 64 && EveryOption::BN1.non_trainable == 64);
const _: () = assert!(EveryOption::DENSE1.params == 320);
const _: () = assert!(EveryOption::PARAMS == 432 + 160 + 160 + 15_392 + 64 + 320);
const _: () = assert!(EveryOption::NON_TRAINABLE_PARAMS == 64);
const _: () = assert!(
    EveryOption::MACS == 432 * 1024 + 9 * 16 * 1024 + 4 * 32 * 1024 + 480 * 32 * 32 * 28 + 32 * 10
);

// The network of `examples/cifar.rs`, with activations of each kind named in tests.
#[allow(dead_code)]
#[path = "../examples/cifar.rs"]
mod cifar;
use cifar::CifarNet as Cifar;

// Convs (27+1)*32, (288+1)*32, (288+1)*64, (576+1)*64; four BatchNorms 2*C;
// dense (4096+1)*512; output (512+1)*10.
const _: () = assert!(Cifar::PARAMS == 2_168_746);
const _: () = assert!(Cifar::NON_TRAINABLE_PARAMS == 2 * (32 + 32 + 64 + 64));
const _: () = assert!(Cifar::MACS == 26_579_968);
const _: () = assert!(is(Cifar::MAXPOOL2.output, 64, 8, 8));
const _: () = assert!(Cifar::DENSE1.params == 4_097 * 512);

#[test]
fn layers_describe_themselves() {
    assert_eq!(LeNet::LAYERS[0].name, "input");
    assert_eq!(LeNet::CONV2D1.input.to_string(), "1x28x28");
    assert_eq!(LeNet::CONV2D1.output.to_string(), "32x24x24");
    let names: Vec<&str> = LeNet::LAYERS.iter().map(|l| l.name).collect();
    assert_eq!(
        names,
        ["input", "conv2d1", "maxpool1", "conv2d2", "maxpool2", "dense1", "output"]
    );
    match LeNet::CONV2D2.kind {
        Kind::Conv(c) => {
            assert_eq!(
                (c.filters, c.kernel.h, c.kernel.w, c.bias),
                (32, 3, 3, true)
            );
        }
        other => panic!("conv2d2 is a {other:?}"),
    }
    assert!(matches!(
        EveryOption::RELU6_1.kind,
        Kind::Activation(cnn::Activation::Relu6)
    ));
    assert!(matches!(
        EveryOption::SILU1.kind,
        Kind::Activation(cnn::Activation::Silu)
    ));
    assert!(matches!(Cifar::DROPOUT3.kind, Kind::Dropout(d) if d.p == 0.5));
}

/// LeNet's table, worked out by hand once, for `cnn-core`'s tests and these.
#[path = "../cnn-core/tests/common/lenet.rs"]
mod lenet_table;

#[test]
fn summary_is_the_seed_table() {
    // The seed's table, with the receptive field (issue 6) in a last column and the
    // totals: the network through the macro gives the table `cnn-core` gives.
    assert_eq!(LeNet::SUMMARY, lenet_table::LENET_SUMMARY.join("\n"));
}

/// Generic code over any network declared with a header.
fn describe<N: Network>() -> String {
    let last: &Layer = &N::LAYERS[N::LAYERS.len() - 1];
    format!(
        "{} -> {}: {} params, {} MACs",
        N::LAYERS[0].output,
        last.output,
        N::PARAMS,
        N::MACS
    )
}

#[test]
fn generic_over_network() {
    assert_eq!(
        describe::<LeNet>(),
        "1x28x28 -> 10: 217706 params, 1589760 MACs"
    );
    assert_eq!(
        describe::<Cifar>(),
        "3x32x32 -> 10: 2168746 params, 26579968 MACs"
    );
    fn total<N: Network>() -> u64 {
        N::LAYERS.iter().map(|l| l.params).sum()
    }
    assert_eq!(total::<EveryOption>(), EveryOption::PARAMS);
    assert_eq!(<LeNet as Network>::SUMMARY, LeNet::SUMMARY);
}

#[test]
fn the_same_numbers_at_run_time() {
    // cnn-core's evaluation, called directly, agrees with what the macro emitted.
    let nodes: Vec<cnn::Node> = LeNet::LAYERS
        .iter()
        .map(|l| cnn::Node::layer(l.kind))
        .collect();
    let totals = cnn::evaluate(&nodes, |_| {}).unwrap();
    assert_eq!(totals.params, 217_706);
    assert_eq!(totals.macs, LeNet::MACS);
}

mod boundary {
    // (u64::MAX / 3) inputs times three units without bias: exactly u64::MAX parameters
    // and MACs, and in `i8` exactly u64::MAX bytes of parameters. One more (a bias) is
    // E12, in tests/ui/overflow.rs.
    cnn::cnn! { dtype i8; input 6148914691236517205; dense 3 nobias; }
    const _: () = assert!(PARAMS == u64::MAX);
    const _: () = assert!(MACS == u64::MAX);
    // FLOPs are only informative: twice u64::MAX, in a u128, never a refusal.
    const _: () = assert!(FLOPS == 2 * u64::MAX as u128);
    const _: () = assert!(PARAM_BYTES == u64::MAX);
}

// `#[cfg]` on the header applies to the struct and its impls alike: a network that is
// configured away is gone whole, one configured in is whole.
cnn::cnn! {
    #[cfg(any())]
    pub struct ConfiguredAway;
    input 4; dense 2;
}
cnn::cnn! {
    #[cfg(all())]
    /// Configured in.
    pub struct ConfiguredIn;
    input 4; dense 2;
}
// 4*2 + 2.
const _: () = assert!(ConfiguredIn::PARAMS == 10);

// `repeat 0` is an empty block, as a table-driven `macro_rules!` writes a stage of no
// further blocks: no layers, and its body is not evaluated (k9 would not fit 4x4).
cnn::cnn! {
    pub struct NoPasses;
    input 8x4x4;
    repeat 0 { conv 8 k9 }
    conv 8 k1;
}
// conv 8->8 k1: (8 + 1) * 8.
const _: () = assert!(NoPasses::PARAMS == 72);

#[test]
fn repeat_zero_is_an_empty_block() {
    assert_eq!(NoPasses::LAYERS.len(), 2);
    assert_eq!(NoPasses::BLOCKS.len(), 1);
    assert_eq!(NoPasses::BLOCKS[0].len, 0);
    // The body is not named: the conv after it is the first.
    assert_eq!(NoPasses::CONV2D1.output.to_string(), "8x4x4");
    assert_eq!(NoPasses::CONV2D1.params, 72);
}

// `expect` beside the `assert!` idiom: figures worked out by hand for LeNet (conv 1->32
// k5: 832, conv 32->32 k3: 9_248, dense 800->256: 205_056, output 256->10: 2_570; MACs
// 460_800 + 921_600 + 204_800 + 2_560).
cnn::cnn! {
    pub struct Expected;
    input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
    expect params 217_706;
    expect non_trainable 0;
    expect macs (460_800 + 921_600 + 204_800 + 2_560);
    expect output 10;
}
const _: () = assert!(Expected::PARAMS == 832 + 9_248 + 205_056 + 2_570);

// PyTorch's eps and momentum, kept in the kind (torchvision's MobileNetV3 builds
// `nn.BatchNorm2d(C, eps=0.001, momentum=0.01)`, ConvNeXt `LayerNorm(C, eps=1e-6)`);
// the counts are unchanged: 2*C learnable, 2*C running statistics.
cnn::cnn! {
    #[cnn(diagram)]
    pub struct Eps;
    input 8x4x4;
    bn eps 1e-3 momentum 0.01;
    ln eps 1e-6;
    gn 4 eps 0.001;
    bn;
}

#[test]
fn eps_and_momentum_are_kept() {
    use cnn::{Kind, Norm};
    let mobilenet = Norm {
        eps: 1e-3,
        momentum: 0.01,
    };
    assert_eq!(Eps::BN1.kind, Kind::BatchNorm(mobilenet));
    assert_eq!(
        Eps::LN1.kind,
        Kind::LayerNorm(Norm {
            eps: 1e-6,
            ..Norm::DEFAULT
        })
    );
    assert_eq!(
        Eps::GN1.kind,
        Kind::GroupNorm(
            4,
            Norm {
                eps: 1e-3,
                ..Norm::DEFAULT
            }
        )
    );
    assert_eq!(Eps::BN2.kind, Kind::BatchNorm(Norm::DEFAULT));
    assert_eq!(
        (Eps::PARAMS, Eps::NON_TRAINABLE_PARAMS),
        (3 * 16 + 16, 2 * 16)
    );
    // Written back as the statement says it, defaults left out.
    assert_eq!(
        Eps::BN1.kind.statement().to_string(),
        "bn eps 0.001 momentum 0.01"
    );
    assert_eq!(Eps::LN1.kind.statement().to_string(), "ln eps 1e-6");
    assert_eq!(Eps::BN2.kind.statement().to_string(), "bn");
    assert!(Eps::DIAGRAM_SVG.contains(">gn 4 eps 0.001</text>"));
}
