//! torchvision's `mc3_18` at 3x16x112x112: mixed convolutions, 3x3x3 in the first stage
//! and 1x3x3 (space only) after it, so that time keeps its 16 frames.
//!
//! `cargo run --example mc3_18` prints its summary: 11,695,440 parameters and 43.34
//! GMACs, as torchvision publishes ("GFLOPS" 43.34).

// With torchvision's module paths, as `examples/r3d18.rs`: `stem`, then each block a
// `seq` holding `conv1` and `conv2` (sequences) and, first in a stage, `downsample`.
macro_rules! mc3 {
    ($name:ident; $( $layer:ident: $c:literal; )+) => {
        cnn::cnn! {
            /// MC3-18 for the 400 classes of Kinetics-400: 3-D convolutions in the stem and
            /// the first stage, then (2-D) spatial ones.
            #[cnn(diagram)]
            pub struct $name;
            input 3x16x112x112;
            stem: seq { conv3d 64 k3x7x7 s1x2x2 p1x3x3 nobias; bn; relu }
            layer1: repeat 2 {
                seq {
                    residual {
                        conv1: seq { conv3d 64 k3 p1 nobias; bn; relu }
                        conv2: seq { conv3d 64 k3 p1 nobias; bn }
                    }
                    relu;
                }
            }
            $(
                // Conv3DNoTemporal: (1, 3, 3), stride (1, 2, 2); the shortcut strides the
                // same way.
                $layer: seq {
                    seq {
                        residual {
                            conv1: seq { conv3d $c k1x3x3 s1x2x2 p0x1x1 nobias; bn; relu }
                            conv2: seq { conv3d $c k1x3x3 p0x1x1 nobias; bn }
                        }
                        downsample: shortcut { conv3d $c k1 s1x2x2 nobias; bn }
                        relu;
                    }
                    seq {
                        residual {
                            conv1: seq { conv3d $c k1x3x3 p0x1x1 nobias; bn; relu }
                            conv2: seq { conv3d $c k1x3x3 p0x1x1 nobias; bn }
                        }
                        relu;
                    }
                }
            )+
            avgpool: gap;
            fc: dense 400;
        }
    };
}

mc3! { Mc3_18; layer2: 128; layer3: 256; layer4: 512; }

// torchvision's published figures: 11,695,440 parameters and 43.34 GFLOPS (MACs);
// tests/ranks.rs works them out by hand.
const _: () = assert!(Mc3_18::PARAMS == 11_695_440);
const _: () = assert!(Mc3_18::MACS == 43_342_635_008);

#[allow(dead_code)]
fn main() {
    println!("{}", Mc3_18::SUMMARY);
}
