//! torchvision's DenseNet-121 at 3x224x224: each dense layer concatenates its input with
//! 32 new channels, written once and repeated, because the layers take their channels
//! from their input.
//!
//! `cargo run --example densenet121` prints its summary: 7,978,856 parameters and
//! 2.83 GMACs, as torchvision publishes ("GFLOPS" 2.83).

/// DenseNet from its dense blocks, with torchvision's module paths: `features` holds the
/// stem (`conv0`, `norm0`), each `denseblockB` (a module of `denselayer1` ..
/// `denselayerN`, named from 1 as torchvision names them, so listed here) and each
/// `transitionB` (`norm`, `relu`, `conv`, `pool`), then `norm5`. A dense layer is a
/// named `concat` of its input and its new 32 channels, the branch transparent so that
/// `norm1` .. `conv2` are the layer's attributes (`features.denseblock3.denselayer24.conv2`).
macro_rules! densenet {
    ($name:ident; $( $block:ident [$($layer:ident)+] $(then $transition:ident $c:literal)?; )+) => {
        cnn::cnn! {
            /// DenseNet-121: growth 32, bottleneck 4 (128 channels), blocks of 6, 12, 24 and 16
            /// layers, transitions halving the channels and the size.
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            features: seq {
                conv0: conv 64 k7 s2 p3 nobias; norm0: bn; relu0: relu; pool0: pool 3 s2 p1;
                $(
                    $block: seq {
                        $(
                            $layer: concat {
                                branch { }
                                branch {
                                    norm1: bn; relu1: relu; conv1: conv 128 k1 nobias;
                                    norm2: bn; relu2: relu; conv2: conv 32 k3 p1 nobias
                                }
                            }
                        )+
                    }
                    $( $transition: seq { norm: bn; relu: relu; conv: conv $c k1 nobias; pool: avgpool 2 } )?
                )+
                norm5: bn;
            }
            relu; gap;
            classifier: dense 1000;
        }
    };
}

densenet! {
    DenseNet121;
    denseblock1 [denselayer1 denselayer2 denselayer3 denselayer4 denselayer5 denselayer6] then transition1 128;
    denseblock2 [denselayer1 denselayer2 denselayer3 denselayer4 denselayer5 denselayer6 denselayer7 denselayer8 denselayer9 denselayer10 denselayer11 denselayer12] then transition2 256;
    denseblock3 [denselayer1 denselayer2 denselayer3 denselayer4 denselayer5 denselayer6 denselayer7 denselayer8 denselayer9 denselayer10 denselayer11 denselayer12 denselayer13 denselayer14 denselayer15 denselayer16 denselayer17 denselayer18 denselayer19 denselayer20 denselayer21 denselayer22 denselayer23 denselayer24] then transition3 512;
    denseblock4 [denselayer1 denselayer2 denselayer3 denselayer4 denselayer5 denselayer6 denselayer7 denselayer8 denselayer9 denselayer10 denselayer11 denselayer12 denselayer13 denselayer14 denselayer15 denselayer16];
}

// torchvision's published figures: 7,978,856 parameters and 2.83 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(DenseNet121::PARAMS == 7_978_856);
const _: () = assert!(DenseNet121::MACS == 2_834_161_664);

#[allow(dead_code)]
fn main() {
    println!("{}", DenseNet121::SUMMARY);
}
