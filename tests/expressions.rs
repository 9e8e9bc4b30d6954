//! Integer expressions where the language takes a count or an option's value, so that a
//! `macro_rules!` around `cnn!` computes what it cannot paste: MobileNetV2's inverted
//! residual written once, its widths `($c*$t)` and paddings `p(($k-1)/2)` computed.

macro_rules! inverted {
    ($name:ident; $( $c:literal x $t:literal k $k:literal; )*) => {
        cnn::cnn! {
            pub struct $name;
            input 16x8x8;
            $(
                residual {
                    conv ($c*$t) k1 nobias; bn; relu6;
                    conv ($c*$t) k($k) p(($k-1)/2) dw nobias; bn; relu6;
                    conv $c k1 nobias; bn
                }
            )*
            repeat (6-1) { relu }
            gap;
            output (100/10);
        }
    };
}

inverted! { Blocks; 16 x 6 k 3; 16 x 4 k 5; }

// Block 1 (16 -> 96 -> 16, 3x3): 16*96 + 2*96 + 9*96 + 2*96 + 96*16 + 2*16 = 4_352.
// Block 2 (16 -> 64 -> 16, 5x5): 16*64 + 2*64 + 25*64 + 2*64 + 64*16 + 2*16 = 3_936.
// The output, (100/10) = 10 units: (16 + 1)*10 = 170.
const _: () = assert!(Blocks::PARAMS == 4_352 + 3_936 + 170);

#[test]
fn computed_values() {
    use cnn::{Kind, PerAxis};
    // p((5-1)/2) = p2 keeps 8x8 under the 5x5 depthwise conv.
    assert_eq!(Blocks::CONV2D5.output.to_string(), "64x8x8");
    assert!(matches!(Blocks::CONV2D5.kind, Kind::Conv(c) if c.kernel == PerAxis::uniform(5)));
    // repeat (6-1): five relus, relu6 excluded.
    assert_eq!(Blocks::RELU5.output.to_string(), "16x8x8");
    assert_eq!(Blocks::OUTPUT.output.to_string(), "10");
}
