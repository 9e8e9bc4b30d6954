//! torchvision's MobileNetV3-Large at 3x224x224: inverted residuals with
//! squeeze-and-excitation and hard-swish, written once in a `macro_rules!` and used one
//! line per block, as torchvision's own configuration table lists them.
//!
//! `cargo run --example mobilenetv3` prints its summary: 5,483,032 parameters and
//! 0.22 GMACs, as torchvision publishes ("GFLOPS" 0.22).

/// MobileNetV3 from its blocks, one line each: `[residual]` for a block whose input is
/// added to its output (stride 1, channels kept) or `[repeat 1]` for one without, then
/// `expanded > out, kernel, stride, activation` and, for a block with
/// squeeze-and-excitation, `se` and the squeezed channels.
///
/// With torchvision's module paths: each `InvertedResidual` holds `block`, a sequence of
/// `Conv2dNormActivation`s (each a sequence: `features.2.block.1.0.weight` is the second
/// block's depthwise convolution), the `SqueezeExcitation` at position 2 (its `fc1` and
/// `fc2`), and the projection. The `seq` around a `scale` makes the squeeze-and-excitation
/// one module; the scale inside it is transparent, so `fc1` is its attribute.
macro_rules! mobilenetv3 {
    ($name:ident; $(
        [$($wrap:tt)*] $exp:literal > $out:literal, $k:literal, $s:literal, $act:ident $(, se $sq:literal)?;
    )+) => {
        cnn::cnn! {
            /// MobileNetV3-Large: every convolution but the squeeze-and-excitation's
            /// without bias and followed by a BatchNorm (torchvision's eps 1e-3 and
            /// momentum 0.01).
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            features: seq {
                seq { conv 16 k3 s2 p1 nobias; bn eps 1e-3 momentum 0.01; hardswish }
                // The first block does not expand: depthwise, then the projection.
                seq {
                    residual {
                        block: seq {
                            seq { conv 16 k3 p1 dw nobias; bn eps 1e-3 momentum 0.01; relu }
                            seq { conv 16 k1 nobias; bn eps 1e-3 momentum 0.01 }
                        }
                    }
                }
                $(
                    seq {
                        $($wrap)* {
                            block: seq {
                                seq { conv $exp k1 nobias; bn eps 1e-3 momentum 0.01; $act }
                                seq { conv $exp k($k) s($s) p(($k - 1) / 2) dw nobias; bn eps 1e-3 momentum 0.01; $act }
                                $( seq { scale { avgpool: gap; fc1: conv $sq k1; activation: relu; fc2: conv $exp k1; scale_activation: hardsigmoid } } )?
                                seq { conv $out k1 nobias; bn eps 1e-3 momentum 0.01 }
                            }
                        }
                    }
                )+
                seq { conv 960 k1 nobias; bn eps 1e-3 momentum 0.01; hardswish }
            }
            avgpool: gap;
            classifier: seq { dense 1280; hardswish; dropout 0.2; dense 1000 }
        }
    };
}

mobilenetv3! {
    MobileNetV3Large;
    [repeat 1] 64 > 24, 3, 2, relu;
    [residual] 72 > 24, 3, 1, relu;
    [repeat 1] 72 > 40, 5, 2, relu, se 24;
    [residual] 120 > 40, 5, 1, relu, se 32;
    [residual] 120 > 40, 5, 1, relu, se 32;
    [repeat 1] 240 > 80, 3, 2, hardswish;
    [residual] 200 > 80, 3, 1, hardswish;
    [residual] 184 > 80, 3, 1, hardswish;
    [residual] 184 > 80, 3, 1, hardswish;
    [repeat 1] 480 > 112, 3, 1, hardswish, se 120;
    [residual] 672 > 112, 3, 1, hardswish, se 168;
    [repeat 1] 672 > 160, 5, 2, hardswish, se 168;
    [residual] 960 > 160, 5, 1, hardswish, se 240;
    [residual] 960 > 160, 5, 1, hardswish, se 240;
}

// torchvision's published figures: 5,483,032 parameters and 0.22 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(MobileNetV3Large::PARAMS == 5_483_032);
const _: () = assert!(MobileNetV3Large::MACS == 216_589_760);

#[allow(dead_code)]
fn main() {
    println!("{}", MobileNetV3Large::SUMMARY);
}
