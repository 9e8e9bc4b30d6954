//! torchvision's GoogLeNet (Inception v1) at 3x224x224, without its auxiliary
//! classifiers (torchvision's default for `googlenet()`): nine inception modules, each four
//! concatenated branches, written once in a `macro_rules!` and used one line per module.
//!
//! `cargo run --example googlenet` prints its summary: 6,624,904 parameters and
//! 1.50 GMACs, as torchvision publishes ("GFLOPS" 1.50).

/// GoogLeNet from its stages, each a max pool in brackets and then its modules, one
/// `1x1, 3x3 reduce > 3x3, 5x5 reduce > 5x5, pool proj` line each. torchvision's "5x5" branch uses a
/// 3x3 kernel (a known slip kept for its pretrained weights), so this does too.
macro_rules! googlenet {
    ($name:ident; $( [$($pool:tt)*] $( $c1:literal, $r3:literal > $c3:literal, $r5:literal > $c5:literal, $pp:literal; )+ )+) => {
        cnn::cnn! {
            /// GoogLeNet: every convolution is torchvision's `BasicConv2d` (no bias,
            /// BatchNorm, ReLU).
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            conv 64 k7 s2 p3 nobias; bn eps 1e-3; relu; pool 3 s2 ceil;
            conv 64 k1 nobias; bn eps 1e-3; relu; conv 192 k3 p1 nobias; bn eps 1e-3; relu;
            $(
                $($pool)*;
                $(
                    concat {
                        branch { conv $c1 k1 nobias; bn eps 1e-3; relu }
                        branch { conv $r3 k1 nobias; bn eps 1e-3; relu; conv $c3 k3 p1 nobias; bn eps 1e-3; relu }
                        branch { conv $r5 k1 nobias; bn eps 1e-3; relu; conv $c5 k3 p1 nobias; bn eps 1e-3; relu }
                        branch { pool 3 s1 p1 ceil; conv $pp k1 nobias; bn eps 1e-3; relu }
                    }
                )+
            )+
            gap; flatten; dropout 0.2; output 1000;
        }
    };
}

googlenet! {
    GoogLeNet;
    [pool 3 s2 ceil]
    64, 96 > 128, 16 > 32, 32;
    128, 128 > 192, 32 > 96, 64;
    [pool 3 s2 ceil]
    192, 96 > 208, 16 > 48, 64;
    160, 112 > 224, 24 > 64, 64;
    128, 128 > 256, 24 > 64, 64;
    112, 144 > 288, 32 > 64, 64;
    256, 160 > 320, 32 > 128, 128;
    [pool 2 s2 ceil]
    256, 160 > 320, 32 > 128, 128;
    384, 192 > 384, 48 > 128, 128;
}

// torchvision's published figures: 6,624,904 parameters and 1.50 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(GoogLeNet::PARAMS == 6_624_904);
const _: () = assert!(GoogLeNet::MACS == 1_498_376_192);

#[allow(dead_code)]
fn main() {
    println!("{}", GoogLeNet::SUMMARY);
}
