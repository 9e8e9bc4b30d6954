//! torchvision's ConvNeXt-T at 3x224x224: a 4x4 patchify stem, then stages of ConvNeXt
//! blocks between LayerNorm and 2x2 downsampling, written once in a `macro_rules!` and
//! used one line per stage.
//!
//! `cargo run --example convnext` prints its summary: 28,589,128 parameters and
//! 4.46 GMACs, as torchvision publishes ("GFLOPS" 4.46). Its tensors are torchvision's
//! `state_dict()` keys: the pointwise layers are `nn.Linear`s (`[384, 96]`), written
//! inside `channelslast`.

// The stages, `channels x blocks` each; every stage after the first begins with a
// LayerNorm and a 2x2 convolution of stride 2 to its channels.
//
// With torchvision's module paths: `features.0` the stem, `features.1`, `.3`, `.5`, `.7`
// the stages and `.2`, `.4`, `.6` the downsamplings between them; a `CNBlock` holds
// `block` (the depthwise convolution, then `channelslast`: its two permutes take
// positions 1 and 6, the LayerNorm and the two `nn.Linear`s at every position 2, 3 and
// 5) and `layer_scale`, a bare parameter whose tensor is its path
// (`features.1.0.layer_scale`). torchvision's stochastic depth (a drop probability
// rising from 0 to 0.1 over the blocks) holds no parameters and is left out.
macro_rules! convnext {
    ($name:ident; input $input:tt; classes $classes:literal; $c1:literal x $n1:literal; $( $c:literal x $n:literal; )+) => {
        cnn::cnn! {
            /// ConvNeXt. A block is a 7x7 depthwise convolution, LayerNorm over the
            /// channels and the two pointwise Linears around GELU (channels last), and
            /// layer scale, added to its input.
            #[cnn(diagram)]
            pub struct $name;
            input $input;
            features: seq {
                seq { conv $c1 k4 s4; ln eps 1e-6 }
                seq {
                    repeat $n1 {
                        seq {
                            residual {
                                block: seq {
                                    conv $c1 k7 p3 dw;
                                    channelslast { ln eps 1e-6; dense ($c1*4); gelu; dense $c1 }
                                }
                                layer_scale: layerscale;
                            }
                        }
                    }
                }
                $(
                    seq { ln eps 1e-6; conv $c k2 s2 }
                    seq {
                        repeat $n {
                            seq {
                                residual {
                                    block: seq {
                                        conv $c k7 p3 dw;
                                        channelslast { ln eps 1e-6; dense ($c*4); gelu; dense $c }
                                    }
                                    layer_scale: layerscale;
                                }
                            }
                        }
                    }
                )+
            }
            avgpool: gap;
            classifier: seq { ln eps 1e-6; flatten; dense $classes }
        }
    };
}

convnext! {
    ConvNeXtTiny; input 3x224x224; classes 1000;
    96 x 3;
    192 x 3;
    384 x 9;
    768 x 3;
}

// torchvision's published figures: 28,589,128 parameters and 4.46 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(ConvNeXtTiny::PARAMS == 28_589_128);
const _: () = assert!(ConvNeXtTiny::MACS == 4_455_531_264);

#[allow(dead_code)]
fn main() {
    println!("{}", ConvNeXtTiny::SUMMARY);
}
