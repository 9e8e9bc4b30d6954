//! The layers ConvNeXt, ShuffleNet and friends need, through the macro: a ConvNeXt
//! block as torchvision's `CNBlock(96)` counts it, and the rest of issue 11's layers that
//! keep the shape, each worked out by hand.

use cnn::Kind;

cnn::cnn! {
    pub struct Block;
    input 96x56x56;
    // torchvision's CNBlock: a 7x7 depthwise conv, LayerNorm over channels, the two
    // pointwise Linears (written as 1x1 convs: the same parameters and MACs), GELU,
    // layer scale and stochastic depth, around an identity shortcut.
    residual {
        conv 96 k7 p3 dw; ln; conv 384 k1; gelu; conv 96 k1; layerscale; droppath 0.1
    }
}

// dwconv (7*7*1 + 1)*96 = 4_800; norm 2*96 = 192; pwconv1 (96 + 1)*384 = 37_248;
// pwconv2 (384 + 1)*96 = 36_960; layer_scale 96: 79_296, as sum(p.numel() for p in
// CNBlock(96, 1e-6, 0.1).parameters()).
const _: () = assert!(Block::PARAMS == 4_800 + 192 + 37_248 + 36_960 + 96);
const _: () = assert!(Block::NON_TRAINABLE_PARAMS == 0);
// MACs at 56*56 = 3_136 positions: 7*7*1*96, 96*384 and 384*96 a position.
const _: () = assert!(Block::MACS == (49 * 96 + 96 * 384 + 384 * 96) * 3_136);

cnn::cnn! {
    pub struct Rest;
    input 24x56x56;
    conv 116 k1 nobias; gn 4; prelu; shuffle 2; hardsigmoid; mish; hardtanh;
    gap; flatten; dense 10; logsoftmax;
}

// 24*116 = 2_784; GroupNorm(4, 116) 2*116 = 232; PReLU 1; the rest none but the dense
// (116 + 1)*10 = 1_170.
const _: () = assert!(Rest::PARAMS == 2_784 + 232 + 1 + 1_170);

#[test]
fn names_kinds_and_formulas() {
    assert_eq!(Block::LN1.params, 192);
    assert!(matches!(Block::DROPPATH1.kind, Kind::DropPath(d) if d.p == 0.1));
    assert!(matches!(Rest::GN1.kind, Kind::GroupNorm(4, _)));
    assert!(matches!(Rest::SHUFFLE1.kind, Kind::Shuffle(2)));
    assert_eq!(Rest::PRELU1.params, 1);
    assert!(Block::SUMMARY.contains("layerscale1"));
    assert!(Block::SUMMARY.contains("2*96"), "{}", Block::SUMMARY);
    assert!(Rest::SUMMARY.contains("logsoftmax1"));
}
