//! torchvision's ShuffleNetV2 x1.0 at 3x224x224: units that split the channels, transform
//! one half and shuffle, written once in a `macro_rules!` and used one line per stage.
//!
//! `cargo run --example shufflenet` prints its summary: 2,278,604 parameters and
//! 0.14 GMACs, as torchvision publishes ("GFLOPS" 0.14).

/// ShuffleNetV2 from its stages, `name: in > out, repeats` each: a unit that halves the
/// size, both branches producing `out / 2` channels, then `repeats - 1` units that split
/// the channels in two and transform one half.
///
/// With torchvision's module paths: `conv1` and `conv5` are sequences, each stage a
/// sequence of units, each unit a module of `branch1` (the halving units only) and
/// `branch2`, sequences whose positions count the ReLUs (`stage2.0.branch2.3.weight` is
/// the first unit's depthwise convolution). The split and the channel shuffle are
/// functions in torchvision: the unit's concatenation is transparent, the shuffle
/// takes a position after the branches.
macro_rules! shufflenet {
    ($name:ident; $( $stage:ident: $in:literal > $out:literal, $repeats:literal; )+) => {
        cnn::cnn! {
            /// ShuffleNetV2: every convolution without bias and followed by a BatchNorm.
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            conv1: seq { conv 24 k3 s2 p1 nobias; bn; relu }
            maxpool: pool 3 s2 p1;
            $(
                $stage: seq {
                    seq {
                        concat {
                            branch1: branch { conv $in k3 s2 p1 dw nobias; bn; conv ($out / 2) k1 nobias; bn; relu }
                            branch2: branch {
                                conv ($out / 2) k1 nobias; bn; relu;
                                conv ($out / 2) k3 s2 p1 dw nobias; bn;
                                conv ($out / 2) k1 nobias; bn; relu
                            }
                        }
                        shuffle 2;
                    }
                    repeat ($repeats - 1) {
                        seq {
                            split {
                                branch { }
                                branch2: branch {
                                    conv ($out / 2) k1 nobias; bn; relu;
                                    conv ($out / 2) k3 p1 dw nobias; bn;
                                    conv ($out / 2) k1 nobias; bn; relu
                                }
                            }
                            shuffle 2;
                        }
                    }
                }
            )+
            conv5: seq { conv 1024 k1 nobias; bn; relu }
            gap;
            fc: dense 1000;
        }
    };
}

shufflenet! {
    ShuffleNetV2;
    stage2: 24 > 116, 4;
    stage3: 116 > 232, 8;
    stage4: 232 > 464, 4;
}

// torchvision's published figures: 2,278,604 parameters and 0.14 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(ShuffleNetV2::PARAMS == 2_278_604);
const _: () = assert!(ShuffleNetV2::MACS == 144_907_992);

#[allow(dead_code)]
fn main() {
    println!("{}", ShuffleNetV2::SUMMARY);
}
