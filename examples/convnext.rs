//! torchvision's ConvNeXt-T at 3x224x224: a 4x4 patchify stem, then stages of ConvNeXt
//! blocks between LayerNorm and 2x2 downsampling, written once in a `macro_rules!` and
//! used one line per stage.
//!
//! `cargo run --example convnext` prints its summary: 28,589,128 parameters and
//! 4.46 GMACs, as torchvision publishes ("GFLOPS" 4.46). torchvision's stochastic depth
//! (a drop probability rising from 0 to 0.1 over the blocks) holds no parameters and is
//! left out; `droppath P` inside each `residual` would write it.

// The stages, `channels x blocks` each; every stage after the first begins with a
// LayerNorm and a 2x2 convolution of stride 2 to its channels.
macro_rules! convnext {
    ($name:ident; $c1:literal x $n1:literal; $( $c:literal x $n:literal; )+) => {
        cnn::cnn! {
            /// ConvNeXt-T. A block is a 7x7 depthwise convolution, LayerNorm over the
            /// channels, the two pointwise Linears (written as 1x1 convolutions: the
            /// same parameters and MACs) around GELU, and layer scale, added to its
            /// input.
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            conv $c1 k4 s4; ln eps 1e-6;
            repeat $n1 {
                residual { conv $c1 k7 p3 dw; ln eps 1e-6; conv ($c1*4) k1; gelu; conv $c1 k1; layerscale }
            }
            $(
                ln eps 1e-6; conv $c k2 s2;
                repeat $n {
                    residual { conv $c k7 p3 dw; ln eps 1e-6; conv ($c*4) k1; gelu; conv $c k1; layerscale }
                }
            )+
            gap; ln eps 1e-6; flatten; output 1000;
        }
    };
}

convnext! {
    ConvNeXtTiny;
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
