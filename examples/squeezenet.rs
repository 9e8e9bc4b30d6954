//! torchvision's SqueezeNet 1.1 at 3x224x224: fire modules, a 1x1 squeeze then 1x1 and
//! 3x3 expansions concatenated, and ceil-mode pooling.
//!
//! `cargo run --example squeezenet` prints its summary: 1,235,496 parameters and
//! 0.35 GMACs, as torchvision publishes ("GFLOPS" 0.35).

/// SqueezeNet 1.1 with torchvision's module paths: `features` (the stem, then pools and
/// fire modules: `features.3.squeeze`, `features.3.expand3x3`), and `classifier`. One
/// fire module squeezes to `$s` channels and expands to `$e` by 1x1 and `$e` by 3x3; it is
/// a `seq` (one module) whose concatenation's branches are transparent, so their layers
/// are the fire module's attributes.
macro_rules! squeezenet {
    ($name:ident; $( $( $s:literal > $e:literal ),+ ; )*) => {
        cnn::cnn! {
            /// SqueezeNet 1.1: eight fire modules between ceil-mode max pools, then a
            /// 1x1 convolution to the classes and global average pooling.
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            features: seq {
                conv 64 k3 s2; relu;
                $(
                    pool 3 s2 ceil;
                    $(
                        seq {
                            squeeze: conv $s k1; squeeze_activation: relu;
                            concat {
                                branch { expand1x1: conv $e k1; expand1x1_activation: relu }
                                branch { expand3x3: conv $e k3 p1; expand3x3_activation: relu }
                            }
                        }
                    )+
                )*
            }
            classifier: seq { dropout 0.5; conv 1000 k1; relu; gap }
            flatten;
        }
    };
}

squeezenet! { SqueezeNet11; 16 > 64, 16 > 64; 32 > 128, 32 > 128; 48 > 192, 48 > 192, 64 > 256, 64 > 256; }

// torchvision's published figures: 1,235,496 parameters and 0.35 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(SqueezeNet11::PARAMS == 1_235_496);
const _: () = assert!(SqueezeNet11::MACS == 349_151_936);

#[allow(dead_code)]
fn main() {
    println!("{}", SqueezeNet11::SUMMARY);
}
