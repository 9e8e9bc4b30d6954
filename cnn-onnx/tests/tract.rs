//! The exported model computes what `cnn-candle` computes (and so what PyTorch does:
//! `cnn-candle`'s golden tests), run by tract: networks that stress the exporter's
//! mapping of every kind it writes, with random weights and random BatchNorm
//! statistics, at odd sizes, at batch 1 and 2 (the batch dimension is dynamic).

mod common;

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
    common::agrees::<Convs>("convs", None);
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
    common::agrees::<Blocks>("blocks", None);
}

cnn::cnn! {
    /// Resampling and padding: transposed convolutions with output padding, nearest
    /// and bilinear upsampling, a resize to an uneven size, pixel shuffles, reflection
    /// and circular padding and a crop, an instance norm, an adaptive max pool.
    pub struct Resampling;
    input 4x9x7;
    upconv 6 k3 s2 p1 op1; relu;
    upsample 2;
    pixelunshuffle 2;
    conv 8 k3 p1; bn;
    pixelshuffle 2;
    pad (1, 2, 2, 1) reflect;
    pad (2, 1, 1, 3) circular;
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
    common::agrees::<Resampling>("resampling", None);
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
    common::agrees::<Heads>("heads", None);
}

cnn::cnn! {
    /// A signal: 1-D convolutions, pools, padding (circular too) and upsampling.
    pub struct Signal;
    input 2x101;
    pad (2, 0); conv 8 k3; relu;
    pad (3, 1) circular;
    pool 2 ceil;
    conv 8 k5 s2 p2; bn; silu;
    upsample 2;
    gap;
    dense 3;
}

#[test]
fn signals() {
    common::agrees::<Signal>("signal", None);
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
    common::agrees::<Norms>("norms", None);
}
