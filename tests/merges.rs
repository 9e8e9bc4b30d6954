//! Merge blocks through the macro: Inception's concatenation, squeeze-and-excitation's
//! scale, DenseNet's and ShuffleNet's units, nested and repeated, each counted by hand.

use cnn::{BlockKind, Shape};

cnn::cnn! {
    /// torchvision's `InceptionA(192, pool_features=32)`, inception_v3's Mixed_5b.
    pub struct InceptionA;
    input 192x35x35;
    concat {
        branch1x1: branch { conv 64 k1 nobias; bn; relu }
        branch { conv 48 k1 nobias; bn; relu; conv 64 k5 p2 nobias; bn; relu }
        branch { conv 64 k1 nobias; bn; relu; conv 96 k3 p1 nobias; bn; relu; conv 96 k3 p1 nobias; bn; relu }
        branch { avgpool 3 s1 p1; conv 32 k1 nobias; bn; relu }
    }
}

// 192*64 + 2*64; 192*48 + 2*48 + 25*48*64 + 2*64; 192*64 + 2*64 + 9*64*96 + 2*96 +
// 9*96*96 + 2*96; 192*32 + 2*32: 12_416 + 86_240 + 151_040 + 6_208.
const _: () = assert!(InceptionA::PARAMS == 255_904);
// The running statistics match the BatchNorms' learnable values: 2*(64 + 48 + 64 + 64
// + 96 + 96 + 32).
const _: () = assert!(InceptionA::NON_TRAINABLE_PARAMS == 928);
const _: () = assert!(matches!(
    InceptionA::CAT1.output,
    Shape::Image {
        channels: 256,
        height: 35,
        width: 35
    }
));

mod squeeze_excitation {
    // MobileNetV3's gate, without a header: the input scaled by a 64 -> 16 -> 64 path,
    // then a 3x3 convolution.
    cnn::cnn! {
        input 64x8x8;
        scale { gap; conv 16 k1; relu; conv 64 k1; hardsigmoid }
        conv 64 k3 p1;
    }
    // (64+1)*16 + (16+1)*64; MACs on the 1x1 map only: 64*16 + 16*64; the product none.
    // The 3x3: (9*64 + 1)*64 parameters, 9*64*64 MACs at each of 8*8 positions.
    const _: () = assert!(PARAMS == 1_040 + 1_088 + 36_928);
    const _: () = assert!(MACS == 2_048 + 9 * 64 * 64 * 64);
    const _: () = assert!(MUL1.output.elements().is_some());
    // The gate sees the whole 8x8 input (1 + 7 pixels), but the product's positions are
    // the map's, one pixel apart: the 3x3 after it reaches 8 + 2*1 = 10, not 8 + 2*8.
    const _: () = assert!(MUL1.field.size.h == 8 && MUL1.field.jump.h == 1);
    const _: () = assert!(CONV2D3.field.size.h == 10 && CONV2D3.field.jump.h == 1);
}

cnn::cnn! {
    /// Two DenseNet layers, growth 32, in a repeat, and a ShuffleNetV2 unit after.
    pub struct Units;
    input 64x8x8;
    repeat 2 {
        concat { branch { } branch { bn; relu; conv 128 k1 nobias; bn; relu; conv 32 k3 p1 nobias } }
    }
    split {
        branch { }
        branch { conv 64 k1 nobias; bn; relu; conv 64 k3 p1 dw nobias; bn; conv 64 k1 nobias; bn; relu }
    }
    shuffle 2;
}

// DenseNet layer on 64, then on 96 channels: 2*64 + 64*128 + 2*128 + 9*128*32 and
// 2*96 + 96*128 + 2*128 + 9*128*32; the split gives 64 of 128 channels to the second
// branch: 64*64 + 2*64 + 9*64 + 2*64 + 64*64 + 2*64.
const _: () = assert!(
    Units::PARAMS
        == (128 + 8_192 + 256 + 36_864)
            + (192 + 12_288 + 256 + 36_864)
            + (4_096 + 128 + 576 + 128 + 4_096 + 128)
);

#[test]
fn names_blocks_and_shapes() {
    // 64 -> 96 -> 128 channels through the two dense layers.
    assert_eq!(Units::CAT1.output.to_string(), "96x8x8");
    assert_eq!(Units::CAT2.output.to_string(), "128x8x8");
    assert_eq!(Units::CAT3.output.to_string(), "128x8x8");
    let kinds: Vec<BlockKind> = Units::BLOCKS.iter().map(|b| b.kind).collect();
    assert_eq!(kinds[0], BlockKind::Repeat(2));
    assert_eq!(kinds[1], BlockKind::Concat);
    assert_eq!(kinds[2], BlockKind::Branch);
    assert!(kinds.contains(&BlockKind::Split));
    // A named branch keeps its name; the summary shows block and branch rows.
    assert_eq!(InceptionA::BLOCKS[1].name, "branch1x1");
    assert!(InceptionA::SUMMARY.contains("branch1x1"));
    assert!(InceptionA::SUMMARY.contains("concat1"));
    assert_eq!(InceptionA::CAT1.depth, 1);
}

/// Merge blocks nested three deep (`add` > `concat` > `mul`) inside a `repeat`, written
/// once and expanded in both invocation forms.
macro_rules! nested {
    ($($header:tt)*) => {
        cnn::cnn! {
            $($header)*
            input 8x4x4;
            repeat 2 {
                add {
                    branch { }
                    branch {
                        concat {
                            branch { conv 4 k1 }
                            branch { mul { branch { conv 4 k1 } branch { conv 4 k3 p1 } } }
                        }
                    }
                }
            }
        }
    };
}

nested! { pub struct Nested; }

mod nested_without_header {
    nested! {}
    // Each repeat: two 1x1 convs (8 + 1)*4 and a 3x3 (72 + 1)*4; the concatenation of
    // 4 and 4 channels gives back the 8 the sum needs. MACs on 4*4 positions:
    // (8*4 + 8*4 + 72*4)*16 a repeat.
    const _: () = assert!(PARAMS == 2 * (36 + 36 + 292));
    const _: () = assert!(MACS == 2 * 352 * 16);
    // The 3x3 is the widest path: 3 after one repeat, 5 after two, jump 1.
    const _: () = assert!(RECEPTIVE_FIELD.size.h == 5 && RECEPTIVE_FIELD.jump.h == 1);
}

const _: () = assert!(Nested::PARAMS == 2 * 364);
const _: () = assert!(Nested::MACS == 2 * 352 * 16);

#[test]
fn nested_three_deep_in_a_repeat() {
    assert_eq!(Nested::MUL2.output.to_string(), "4x4x4");
    assert_eq!(Nested::CAT2.output.to_string(), "8x4x4");
    assert_eq!(Nested::ADD2.output.to_string(), "8x4x4");
    let kinds: Vec<BlockKind> = Nested::BLOCKS.iter().map(|b| b.kind).collect();
    for kind in [
        BlockKind::Repeat(2),
        BlockKind::Add,
        BlockKind::Concat,
        BlockKind::Mul,
    ] {
        assert!(kinds.contains(&kind), "{kinds:?}");
    }
}
