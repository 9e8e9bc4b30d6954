//! torchvision's Inception v3 at 3x299x299, without its auxiliary classifier
//! (torchvision's default for `inception_v3()`): modules of concatenated branches with
//! factorized 1x7 / 7x1 and 1x3 / 3x1 kernels, the A and C modules written once in a
//! `macro_rules!` and listed by their one varying width.
//!
//! `cargo run --example inception_v3` prints its summary: 23,834,568 parameters and
//! 5.71 GMACs, as torchvision publishes ("GFLOPS" 5.71).

// `A` and the pool features of each InceptionA; `C` and the 7x7 widths of each
// InceptionC. Every convolution is torchvision's `BasicConv2d` (no bias, BatchNorm,
// ReLU); the pools inside the modules are functional in torchvision, modules here,
// which changes no count.
macro_rules! inception_v3 {
    ($name:ident; A $($pf:literal),+; C $($c7:literal),+;) => {
        cnn::cnn! {
            /// Inception v3: a stem to 192x35x35, three InceptionA, a grid reduction
            /// (InceptionB) to 768x17x17, four InceptionC, another reduction (InceptionD)
            /// to 1280x8x8 and two InceptionE to 2048x8x8.
            #[cnn(diagram)]
            pub struct $name;
            input 3x299x299;
            conv 32 k3 s2 nobias; bn eps 1e-3; relu; conv 32 k3 nobias; bn eps 1e-3; relu;
            conv 64 k3 p1 nobias; bn eps 1e-3; relu; pool 3 s2;
            conv 80 k1 nobias; bn eps 1e-3; relu; conv 192 k3 nobias; bn eps 1e-3; relu; pool 3 s2;
            $(
                concat {
                    branch { conv 64 k1 nobias; bn eps 1e-3; relu }
                    branch { conv 48 k1 nobias; bn eps 1e-3; relu; conv 64 k5 p2 nobias; bn eps 1e-3; relu }
                    branch {
                        conv 64 k1 nobias; bn eps 1e-3; relu; conv 96 k3 p1 nobias; bn eps 1e-3; relu;
                        conv 96 k3 p1 nobias; bn eps 1e-3; relu
                    }
                    branch { avgpool 3 s1 p1; conv $pf k1 nobias; bn eps 1e-3; relu }
                }
            )+
            concat {
                branch { conv 384 k3 s2 nobias; bn eps 1e-3; relu }
                branch {
                    conv 64 k1 nobias; bn eps 1e-3; relu; conv 96 k3 p1 nobias; bn eps 1e-3; relu;
                    conv 96 k3 s2 nobias; bn eps 1e-3; relu
                }
                branch { pool 3 s2 }
            }
            $(
                concat {
                    branch { conv 192 k1 nobias; bn eps 1e-3; relu }
                    branch {
                        conv $c7 k1 nobias; bn eps 1e-3; relu; conv $c7 k1x7 p0x3 nobias; bn eps 1e-3; relu;
                        conv 192 k7x1 p3x0 nobias; bn eps 1e-3; relu
                    }
                    branch {
                        conv $c7 k1 nobias; bn eps 1e-3; relu; conv $c7 k7x1 p3x0 nobias; bn eps 1e-3; relu;
                        conv $c7 k1x7 p0x3 nobias; bn eps 1e-3; relu; conv $c7 k7x1 p3x0 nobias; bn eps 1e-3; relu;
                        conv 192 k1x7 p0x3 nobias; bn eps 1e-3; relu
                    }
                    branch { avgpool 3 s1 p1; conv 192 k1 nobias; bn eps 1e-3; relu }
                }
            )+
            concat {
                branch { conv 192 k1 nobias; bn eps 1e-3; relu; conv 320 k3 s2 nobias; bn eps 1e-3; relu }
                branch {
                    conv 192 k1 nobias; bn eps 1e-3; relu; conv 192 k1x7 p0x3 nobias; bn eps 1e-3; relu;
                    conv 192 k7x1 p3x0 nobias; bn eps 1e-3; relu; conv 192 k3 s2 nobias; bn eps 1e-3; relu
                }
                branch { pool 3 s2 }
            }
            // InceptionE takes its channels from its input: 1280, then 2048.
            repeat 2 {
                concat {
                    branch { conv 320 k1 nobias; bn eps 1e-3; relu }
                    branch {
                        conv 384 k1 nobias; bn eps 1e-3; relu;
                        concat {
                            branch { conv 384 k1x3 p0x1 nobias; bn eps 1e-3; relu }
                            branch { conv 384 k3x1 p1x0 nobias; bn eps 1e-3; relu }
                        }
                    }
                    branch {
                        conv 448 k1 nobias; bn eps 1e-3; relu; conv 384 k3 p1 nobias; bn eps 1e-3; relu;
                        concat {
                            branch { conv 384 k1x3 p0x1 nobias; bn eps 1e-3; relu }
                            branch { conv 384 k3x1 p1x0 nobias; bn eps 1e-3; relu }
                        }
                    }
                    branch { avgpool 3 s1 p1; conv 192 k1 nobias; bn eps 1e-3; relu }
                }
            }
            gap; flatten; dropout 0.5; output 1000;
        }
    };
}

inception_v3! {
    InceptionV3;
    A 32, 64, 64;
    C 128, 160, 160, 192;
}

// torchvision's published figures: 23,834,568 parameters and 5.71 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(InceptionV3::PARAMS == 23_834_568);
const _: () = assert!(InceptionV3::MACS == 5_713_216_096);

#[allow(dead_code)]
fn main() {
    println!("{}", InceptionV3::SUMMARY);
}
