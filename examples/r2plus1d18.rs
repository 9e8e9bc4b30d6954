//! torchvision's `r2plus1d_18` at 3x16x112x112: ResNet-18 whose 3x3x3 convolutions are
//! each split into a 1x3x3 spatial convolution, BatchNorm and ReLU, then a 3x1x1
//! temporal one (Tran et al., 2018). The width between the two, `midplanes`, keeps the
//! parameters of the 3x3x3 convolution it replaces: torchvision computes it per block
//! as `(in*out*3*3*3) // (in*3*3 + 3*out)`, and so does the macro below, with the
//! language's integer expressions.
//!
//! `cargo run --example r2plus1d18` prints its summary: 31,505,325 parameters and 40.52
//! GMACs, as torchvision publishes ("GFLOPS" 40.52).

// With torchvision's module paths: `stem` (R2Plus1dStem, a sequence), each block a `seq`
// whose `conv1` is a sequence of a `Conv2Plus1D` (itself a sequence: spatial
// convolution, BatchNorm, ReLU, temporal convolution), a BatchNorm and a ReLU, and
// whose `conv2` is a `Conv2Plus1D` and a BatchNorm: `layer1.0.conv1.0.3.weight` is the
// first block's temporal convolution. The middle width is torchvision's, computed once
// per block from its input and output channels.
macro_rules! r2plus1d {
    ($name:ident; $( $layer:ident: $in:literal > $c:literal $space:ident $time:ident [$($short:tt)*]; )+) => {
        cnn::cnn! {
            /// R(2+1)D-18 for the 400 classes of Kinetics-400.
            #[cnn(diagram)]
            pub struct $name;
            input 3x16x112x112;
            // R2Plus1dStem: a 1x7x7 convolution to 45 channels, then a 3x1x1 one to 64.
            stem: seq {
                conv3d 45 k1x7x7 s1x2x2 p0x3x3 nobias; bn; relu;
                conv3d 64 k3x1x1 p1x0x0 nobias; bn; relu;
            }
            $(
                $layer: seq {
                    seq {
                        residual {
                            conv1: seq {
                                seq {
                                    conv3d (($in*$c*27)/($in*9 + 3*$c)) k1x3x3 $space p0x1x1 nobias; bn; relu;
                                    conv3d $c k3x1x1 $time p1x0x0 nobias;
                                }
                                bn; relu;
                            }
                            conv2: seq {
                                seq {
                                    conv3d (($in*$c*27)/($in*9 + 3*$c)) k1x3x3 p0x1x1 nobias; bn; relu;
                                    conv3d $c k3x1x1 p1x0x0 nobias;
                                }
                                bn;
                            }
                        }
                        $($short)*
                        relu;
                    }
                    seq {
                        residual {
                            conv1: seq {
                                seq {
                                    conv3d (($c*$c*27)/($c*9 + 3*$c)) k1x3x3 p0x1x1 nobias; bn; relu;
                                    conv3d $c k3x1x1 p1x0x0 nobias;
                                }
                                bn; relu;
                            }
                            conv2: seq {
                                seq {
                                    conv3d (($c*$c*27)/($c*9 + 3*$c)) k1x3x3 p0x1x1 nobias; bn; relu;
                                    conv3d $c k3x1x1 p1x0x0 nobias;
                                }
                                bn;
                            }
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

r2plus1d! {
    R2Plus1d18;
    layer1: 64 > 64 s1 s1 [];
    layer2: 64 > 128 s1x2x2 s2x1x1 [downsample: shortcut { conv3d 128 k1 s2 nobias; bn }];
    layer3: 128 > 256 s1x2x2 s2x1x1 [downsample: shortcut { conv3d 256 k1 s2 nobias; bn }];
    layer4: 256 > 512 s1x2x2 s2x1x1 [downsample: shortcut { conv3d 512 k1 s2 nobias; bn }];
}

// torchvision's published figures: 31,505,325 parameters and 40.52 GFLOPS (MACs);
// tests/ranks.rs works them out by hand.
const _: () = assert!(R2Plus1d18::PARAMS == 31_505_325);
const _: () = assert!(R2Plus1d18::MACS == 40_519_080_960);

#[allow(dead_code)]
fn main() {
    println!("{}", R2Plus1d18::SUMMARY);
}
