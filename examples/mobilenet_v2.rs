//! torchvision's MobileNetV2 at 3x224x224, with torchvision's module paths: inverted
//! residuals (1x1 expansion, 3x3 depthwise, linear 1x1 projection) written once in a
//! `macro_rules!`, one line per stage as torchvision's configuration table lists them.
//! Its tensors are torchvision's `state_dict()` keys (`features.2.conv.1.0.weight`, the
//! depthwise convolution of the second block).
//!
//! `cargo run --example mobilenet_v2` prints its summary: 3,504,872 parameters and
//! 0.30 GMACs, as torchvision publishes.

/// torchvision's `InvertedResidual` is a module holding `conv`, an `nn.Sequential` of
/// two `Conv2dNormActivation`s (themselves sequences) and the projection with its
/// BatchNorm; the sum, when the block keeps its shape, is in its `forward`. A stage's
/// first block changes the channels; its `$n - 1` others add their input.
macro_rules! mobilenet_v2 {
    ($($t:literal: $in:literal > $out:literal x $n:literal, stride $s:literal;)*) => {
        cnn::cnn! {
            /// MobileNetV2 (width 1.0).
            pub struct MobileNetV2;
            input 3x224x224;
            features: seq {
                seq { conv 32 k3 s2 p1 nobias; bn; relu6 }
                // The first block expands by 1: no expansion convolution.
                seq { conv: seq { seq { conv 32 k3 p1 dw nobias; bn; relu6 } conv 16 k1 nobias; bn } }
                $(
                    seq {
                        conv: seq {
                            seq { conv ($in * $t) k1 nobias; bn; relu6 }
                            seq { conv ($in * $t) k3 s($s) p1 dw nobias; bn; relu6 }
                            conv $out k1 nobias; bn
                        }
                    }
                    repeat ($n - 1) {
                        seq {
                            residual {
                                conv: seq {
                                    seq { conv ($out * $t) k1 nobias; bn; relu6 }
                                    seq { conv ($out * $t) k3 p1 dw nobias; bn; relu6 }
                                    conv $out k1 nobias; bn
                                }
                            }
                        }
                    }
                )*
                seq { conv 1280 k1 nobias; bn; relu6 }
            }
            gap;
            classifier: seq { dropout 0.2; dense 1000 }
        }
    };
}

mobilenet_v2! {
    6: 16 > 24 x 2, stride 2;
    6: 24 > 32 x 3, stride 2;
    6: 32 > 64 x 4, stride 2;
    6: 64 > 96 x 3, stride 1;
    6: 96 > 160 x 3, stride 2;
    6: 160 > 320 x 1, stride 1;
}

// torchvision's published figures: 3,504,872 parameters and 0.30 GFLOPS; the MACs
// (300,774,272) and running statistics (34,112) as forward hooks over torchvision's
// model sum them.
const _: () = assert!(MobileNetV2::PARAMS == 3_504_872);
const _: () = assert!(MobileNetV2::MACS == 300_774_272);
const _: () = assert!(MobileNetV2::NON_TRAINABLE_PARAMS == 34_112);

#[allow(dead_code)]
fn main() {
    println!("{}", MobileNetV2::SUMMARY);
}
