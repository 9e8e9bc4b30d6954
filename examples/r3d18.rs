//! torchvision's `r3d_18` at 3x16x112x112 (16 frames of 112x112): ResNet-18 with 3-D
//! convolutions throughout, written with `macro_rules!`, one line per stage.
//!
//! `cargo run --example r3d18` prints its summary: 33,371,472 parameters and 40.70
//! GMACs, as torchvision publishes ("GFLOPS" 40.70).

// Per stage: its name, the channels, the first block's stride and its shortcut
// (`downsample: shortcut { ... }`, or nothing for the identity).
//
// With torchvision's module paths: the stem is `stem` (a sequence), each block a `seq`
// whose `conv1` (convolution, BatchNorm, ReLU) and `conv2` (convolution, BatchNorm) are
// sequences of their own, as `VideoResNet`'s `BasicBlock` holds them:
// `layer2.0.conv1.0.weight`, `layer2.0.downsample.1.running_var`.
macro_rules! r3d {
    ($name:ident; $( $layer:ident: $c:literal $s:ident [$($short:tt)*]; )+) => {
        cnn::cnn! {
            /// R3D-18 for the 400 classes of Kinetics-400.
            #[cnn(diagram)]
            pub struct $name;
            input 3x16x112x112;
            // BasicStem: Conv3d(3, 64, (3, 7, 7), stride=(1, 2, 2), padding=(1, 3, 3)).
            stem: seq { conv3d 64 k3x7x7 s1x2x2 p1x3x3 nobias; bn; relu }
            $(
                $layer: seq {
                    seq {
                        residual {
                            conv1: seq { conv3d $c k3 $s p1 nobias; bn; relu }
                            conv2: seq { conv3d $c k3 p1 nobias; bn }
                        }
                        $($short)*
                        relu;
                    }
                    seq {
                        residual {
                            conv1: seq { conv3d $c k3 p1 nobias; bn; relu }
                            conv2: seq { conv3d $c k3 p1 nobias; bn }
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

r3d! {
    R3d18;
    layer1: 64 s1 [];
    layer2: 128 s2 [downsample: shortcut { conv3d 128 k1 s2 nobias; bn }];
    layer3: 256 s2 [downsample: shortcut { conv3d 256 k1 s2 nobias; bn }];
    layer4: 512 s2 [downsample: shortcut { conv3d 512 k1 s2 nobias; bn }];
}

// torchvision's published figures: 33,371,472 parameters and 40.70 GFLOPS (MACs);
// tests/ranks.rs works them out by hand.
const _: () = assert!(R3d18::PARAMS == 33_371_472);
const _: () = assert!(R3d18::MACS == 40_696_553_472);

#[allow(dead_code)]
fn main() {
    println!("{}", R3d18::SUMMARY);
}
