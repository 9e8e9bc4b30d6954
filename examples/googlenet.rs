//! torchvision's GoogLeNet (Inception v1) at 3x224x224, without its auxiliary
//! classifiers (as torchvision's pretrained `googlenet` is, its `state_dict()` without
//! `aux1` and `aux2`): nine inception modules, each four concatenated branches, written
//! once in a `macro_rules!` and used one line per module, with torchvision's module
//! paths.
//!
//! `cargo run --example googlenet` prints its summary: 6,624,904 parameters and
//! 1.50 GMACs, as torchvision publishes ("GFLOPS" 1.50).

/// GoogLeNet from its stages, each a max pool in brackets and then its modules, one
/// `name: 1x1, 3x3 reduce > 3x3, 5x5 reduce > 5x5, pool proj` line each, and `=> aux1`
/// after one for an auxiliary classifier (`examples/googlenet_aux.rs`). torchvision's
/// "5x5" branch uses a 3x3 kernel (a known slip kept for its pretrained weights), so
/// this does too.
///
/// With torchvision's module paths: every convolution is a `BasicConv2d`, a module of
/// `conv` and `bn` whose ReLU is a function (here unnamed, a position); an inception
/// module is a named `concat` whose branches are `branch1` .. `branch4`, the later
/// ones sequences (`inception3a.branch2.1.conv.weight`, `inception3a.branch4.1.bn.bias`).
macro_rules! googlenet {
    ($name:ident; $( [$($pool:tt)*] $( $module:ident: $c1:literal, $r3:literal > $c3:literal, $r5:literal > $c5:literal, $pp:literal $(=> $aux:ident)?; )+ )+) => {
        cnn::cnn! {
            /// GoogLeNet: every convolution is torchvision's `BasicConv2d` (no bias,
            /// BatchNorm with eps 1e-3, ReLU).
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            conv1: seq { conv: conv 64 k7 s2 p3 nobias; bn: bn eps 1e-3; relu }
            maxpool1: pool 3 s2 ceil;
            conv2: seq { conv: conv 64 k1 nobias; bn: bn eps 1e-3; relu }
            conv3: seq { conv: conv 192 k3 p1 nobias; bn: bn eps 1e-3; relu }
            $(
                $($pool)*;
                $(
                    $module: concat {
                        branch1: branch { conv: conv $c1 k1 nobias; bn: bn eps 1e-3; relu }
                        branch2: branch {
                            seq { conv: conv $r3 k1 nobias; bn: bn eps 1e-3; relu }
                            seq { conv: conv $c3 k3 p1 nobias; bn: bn eps 1e-3; relu }
                        }
                        branch3: branch {
                            seq { conv: conv $r5 k1 nobias; bn: bn eps 1e-3; relu }
                            seq { conv: conv $c5 k3 p1 nobias; bn: bn eps 1e-3; relu }
                        }
                        branch4: branch {
                            pool 3 s1 p1 ceil;
                            seq { conv: conv $pp k1 nobias; bn: bn eps 1e-3; relu }
                        }
                    }
                    // An auxiliary classifier (torchvision's InceptionAux) after the
                    // module: an output of its own.
                    $(
                        $aux: head {
                            adaptiveavgpool 4;
                            conv: seq { conv: conv 128 k1 nobias; bn: bn eps 1e-3; relu }
                            flatten; fc1: dense 1024; relu; dropout 0.7; fc2: dense 1000;
                        }
                    )?
                )+
            )+
            avgpool: gap;
            dropout: dropout 0.2;
            fc: dense 1000;
        }
    };
}

googlenet! {
    GoogLeNet;
    [maxpool2: pool 3 s2 ceil]
    inception3a: 64, 96 > 128, 16 > 32, 32;
    inception3b: 128, 128 > 192, 32 > 96, 64;
    [maxpool3: pool 3 s2 ceil]
    inception4a: 192, 96 > 208, 16 > 48, 64;
    inception4b: 160, 112 > 224, 24 > 64, 64;
    inception4c: 128, 128 > 256, 24 > 64, 64;
    inception4d: 112, 144 > 288, 32 > 64, 64;
    inception4e: 256, 160 > 320, 32 > 128, 128;
    [maxpool4: pool 2 s2 ceil]
    inception5a: 256, 160 > 320, 32 > 128, 128;
    inception5b: 384, 192 > 384, 48 > 128, 128;
}

// torchvision's published figures: 6,624,904 parameters and 1.50 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(GoogLeNet::PARAMS == 6_624_904);
const _: () = assert!(GoogLeNet::MACS == 1_498_376_192);

#[allow(dead_code)]
fn main() {
    println!("{}", GoogLeNet::SUMMARY);
}
