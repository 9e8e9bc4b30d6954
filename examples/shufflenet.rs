//! torchvision's ShuffleNetV2 x1.0 at 3x224x224: units that split the channels, transform
//! one half and shuffle, written once in a `macro_rules!` and used one line per stage.
//!
//! `cargo run --example shufflenet` prints its summary: 2,278,604 parameters and
//! 0.14 GMACs, as torchvision publishes ("GFLOPS" 0.14).

/// ShuffleNetV2 from its stages, `in > out, repeats` each: a unit that halves the size,
/// both branches producing `out / 2` channels, then `repeats - 1` units that split the
/// channels in two and transform one half.
macro_rules! shufflenet {
    ($name:ident; $( $in:literal > $out:literal, $repeats:literal; )+) => {
        cnn::cnn! {
            /// ShuffleNetV2: every convolution without bias and followed by a BatchNorm.
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            conv 24 k3 s2 p1 nobias; bn; relu; pool 3 s2 p1;
            $(
                concat {
                    branch { conv $in k3 s2 p1 dw nobias; bn; conv ($out / 2) k1 nobias; bn; relu }
                    branch {
                        conv ($out / 2) k1 nobias; bn; relu;
                        conv ($out / 2) k3 s2 p1 dw nobias; bn;
                        conv ($out / 2) k1 nobias; bn; relu
                    }
                }
                shuffle 2;
                repeat ($repeats - 1) {
                    split {
                        branch { }
                        branch {
                            conv ($out / 2) k1 nobias; bn; relu;
                            conv ($out / 2) k3 p1 dw nobias; bn;
                            conv ($out / 2) k1 nobias; bn; relu
                        }
                    }
                    shuffle 2;
                }
            )+
            conv 1024 k1 nobias; bn; relu; gap; flatten; output 1000;
        }
    };
}

shufflenet! {
    ShuffleNetV2;
    24 > 116, 4;
    116 > 232, 8;
    232 > 464, 4;
}

// torchvision's published figures: 2,278,604 parameters and 0.14 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(ShuffleNetV2::PARAMS == 2_278_604);
const _: () = assert!(ShuffleNetV2::MACS == 144_907_992);

#[allow(dead_code)]
fn main() {
    println!("{}", ShuffleNetV2::SUMMARY);
}
