//! torchvision's EfficientNet-B0 at 3x224x224: MBConv blocks (expansion, depthwise,
//! squeeze-and-excitation, projection) written once in a `macro_rules!`, the network one
//! line per stage, as torchvision's configuration table lists them.
//!
//! `cargo run --example efficientnet` prints its summary: 5,288,548 parameters and
//! 0.39 GMACs, as torchvision publishes ("GFLOPS" 0.39). torchvision's stochastic depth
//! (a drop probability rising from 0 to 0.2 over the blocks) holds no parameters and is
//! left out; `droppath P` inside each `residual` would write it.

// Each stage: `expansion, kernel, stride, in > out` for its first block, then `+ n` for
// n more blocks on `out` channels, each added to its input. The gate squeezes to a
// quarter of the block's input channels.
//
// With torchvision's module paths: `features.S.B` is stage S's block B, an `MBConv`
// holding `block`, a sequence of `Conv2dNormActivation`s (sequences themselves), the
// squeeze-and-excitation (its `fc1` and `fc2`) and the projection:
// `features.2.1.block.1.0.weight` is stage 2's second depthwise convolution. The `seq`
// around each `scale` makes the squeeze-and-excitation one module; the scale inside it
// is transparent.
macro_rules! efficientnet {
    ($name:ident; $( $t:literal, $k:literal, $s:literal, $in:literal > $out:literal $(+ $more:literal)?; )+) => {
        cnn::cnn! {
            /// EfficientNet-B0: every convolution but the gates' without bias and followed
            /// by a BatchNorm; SiLU throughout.
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            features: seq {
                seq { conv 32 k3 s2 p1 nobias; bn; silu }
                // The first block does not expand (ratio 1).
                seq {
                    seq {
                        block: seq {
                            seq { conv 32 k3 p1 dw nobias; bn; silu }
                            seq { scale { avgpool: gap; fc1: conv 8 k1; activation: silu; fc2: conv 32 k1; scale_activation: sigmoid } }
                            seq { conv 16 k1 nobias; bn }
                        }
                    }
                }
                $(
                    seq {
                        seq {
                            block: seq {
                                seq { conv ($in*$t) k1 nobias; bn; silu }
                                seq { conv ($in*$t) k($k) s($s) p(($k-1)/2) dw nobias; bn; silu }
                                seq { scale { avgpool: gap; fc1: conv ($in/4) k1; activation: silu; fc2: conv ($in*$t) k1; scale_activation: sigmoid } }
                                seq { conv $out k1 nobias; bn }
                            }
                        }
                        $(
                            repeat $more {
                                seq {
                                    residual {
                                        block: seq {
                                            seq { conv ($out*$t) k1 nobias; bn; silu }
                                            seq { conv ($out*$t) k($k) p(($k-1)/2) dw nobias; bn; silu }
                                            seq { scale { avgpool: gap; fc1: conv ($out/4) k1; activation: silu; fc2: conv ($out*$t) k1; scale_activation: sigmoid } }
                                            seq { conv $out k1 nobias; bn }
                                        }
                                    }
                                }
                            }
                        )?
                    }
                )+
                seq { conv 1280 k1 nobias; bn; silu }
            }
            avgpool: gap;
            classifier: seq { dropout 0.2; dense 1000 }
        }
    };
}

efficientnet! {
    EfficientNetB0;
    6, 3, 2, 16 > 24 + 1;
    6, 5, 2, 24 > 40 + 1;
    6, 3, 2, 40 > 80 + 2;
    6, 5, 1, 80 > 112 + 2;
    6, 5, 2, 112 > 192 + 3;
    6, 3, 1, 192 > 320;
}

// torchvision's published figures: 5,288,548 parameters and 0.39 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(EfficientNetB0::PARAMS == 5_288_548);
const _: () = assert!(EfficientNetB0::MACS == 385_814_752);

#[allow(dead_code)]
fn main() {
    println!("{}", EfficientNetB0::SUMMARY);
}
