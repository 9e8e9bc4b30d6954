//! torchvision's Inception v3 at 3x299x299, without its auxiliary classifier
//! (torchvision's default for `inception_v3()`), and with it (`aux_logits=True`, a
//! `head` after `Mixed_6e`: two outputs): modules of concatenated branches with
//! factorized 1x7 / 7x1 and 1x3 / 3x1 kernels, the A and C modules written once in a
//! `macro_rules!` and listed by their one varying width.
//!
//! `cargo run --example inception_v3` prints its summary: 23,834,568 parameters and
//! 5.71 GMACs, as torchvision publishes ("GFLOPS" 5.71); with the auxiliary
//! classifier 27,161,264 parameters, as torchvision publishes for its pretrained
//! weights (which carry it).

// `A` and each InceptionA's name and pool features; `C` and each InceptionC's name and
// 7x7 widths; `E` the two InceptionE's names. Every convolution is torchvision's
// `BasicConv2d`, a module of `conv` (no bias) and `bn` (eps 1e-3) whose ReLU is a
// function: here a `seq` named as torchvision names the module, its ReLU unnamed (a
// position). An inception module is a named `concat` whose branches are transparent:
// torchvision holds every `BasicConv2d` of a module as its own attribute
// (`Mixed_5b.branch5x5_2.conv.weight`), the pools inside being functions.
// `aux [...]`: what follows the C modules before the grid reduction, an auxiliary head
// or nothing.
macro_rules! inception_v3 {
    (
        $name:ident; A $($ma:ident $pf:literal),+; C $($mc:ident $c7:literal),+;
        aux [$($aux:tt)*]; E $($me:ident),+;
    ) => {
        cnn::cnn! {
            /// Inception v3: a stem to 192x35x35, three InceptionA, a grid reduction
            /// (InceptionB) to 768x17x17, four InceptionC, another reduction (InceptionD)
            /// to 1280x8x8 and two InceptionE to 2048x8x8.
            #[cnn(diagram)]
            pub struct $name;
            input 3x299x299;
            Conv2d_1a_3x3: seq { conv: conv 32 k3 s2 nobias; bn: bn eps 1e-3; relu }
            Conv2d_2a_3x3: seq { conv: conv 32 k3 nobias; bn: bn eps 1e-3; relu }
            Conv2d_2b_3x3: seq { conv: conv 64 k3 p1 nobias; bn: bn eps 1e-3; relu }
            maxpool1: pool 3 s2;
            Conv2d_3b_1x1: seq { conv: conv 80 k1 nobias; bn: bn eps 1e-3; relu }
            Conv2d_4a_3x3: seq { conv: conv 192 k3 nobias; bn: bn eps 1e-3; relu }
            maxpool2: pool 3 s2;
            $(
                $ma: concat {
                    branch { branch1x1: seq { conv: conv 64 k1 nobias; bn: bn eps 1e-3; relu } }
                    branch { branch5x5_1: seq { conv: conv 48 k1 nobias; bn: bn eps 1e-3; relu } branch5x5_2: seq { conv: conv 64 k5 p2 nobias; bn: bn eps 1e-3; relu } }
                    branch { branch3x3dbl_1: seq { conv: conv 64 k1 nobias; bn: bn eps 1e-3; relu } branch3x3dbl_2: seq { conv: conv 96 k3 p1 nobias; bn: bn eps 1e-3; relu } branch3x3dbl_3: seq { conv: conv 96 k3 p1 nobias; bn: bn eps 1e-3; relu } }
                    branch { avgpool 3 s1 p1; branch_pool: seq { conv: conv $pf k1 nobias; bn: bn eps 1e-3; relu } }
                }
            )+
            Mixed_6a: concat {
                branch { branch3x3: seq { conv: conv 384 k3 s2 nobias; bn: bn eps 1e-3; relu } }
                branch { branch3x3dbl_1: seq { conv: conv 64 k1 nobias; bn: bn eps 1e-3; relu } branch3x3dbl_2: seq { conv: conv 96 k3 p1 nobias; bn: bn eps 1e-3; relu } branch3x3dbl_3: seq { conv: conv 96 k3 s2 nobias; bn: bn eps 1e-3; relu } }
                branch { pool 3 s2 }
            }
            $(
                $mc: concat {
                    branch { branch1x1: seq { conv: conv 192 k1 nobias; bn: bn eps 1e-3; relu } }
                    branch { branch7x7_1: seq { conv: conv $c7 k1 nobias; bn: bn eps 1e-3; relu } branch7x7_2: seq { conv: conv $c7 k1x7 p0x3 nobias; bn: bn eps 1e-3; relu } branch7x7_3: seq { conv: conv 192 k7x1 p3x0 nobias; bn: bn eps 1e-3; relu } }
                    branch { branch7x7dbl_1: seq { conv: conv $c7 k1 nobias; bn: bn eps 1e-3; relu } branch7x7dbl_2: seq { conv: conv $c7 k7x1 p3x0 nobias; bn: bn eps 1e-3; relu } branch7x7dbl_3: seq { conv: conv $c7 k1x7 p0x3 nobias; bn: bn eps 1e-3; relu } branch7x7dbl_4: seq { conv: conv $c7 k7x1 p3x0 nobias; bn: bn eps 1e-3; relu } branch7x7dbl_5: seq { conv: conv 192 k1x7 p0x3 nobias; bn: bn eps 1e-3; relu } }
                    branch { avgpool 3 s1 p1; branch_pool: seq { conv: conv 192 k1 nobias; bn: bn eps 1e-3; relu } }
                }
            )+
            $($aux)*
            Mixed_7a: concat {
                branch { branch3x3_1: seq { conv: conv 192 k1 nobias; bn: bn eps 1e-3; relu } branch3x3_2: seq { conv: conv 320 k3 s2 nobias; bn: bn eps 1e-3; relu } }
                branch { branch7x7x3_1: seq { conv: conv 192 k1 nobias; bn: bn eps 1e-3; relu } branch7x7x3_2: seq { conv: conv 192 k1x7 p0x3 nobias; bn: bn eps 1e-3; relu } branch7x7x3_3: seq { conv: conv 192 k7x1 p3x0 nobias; bn: bn eps 1e-3; relu } branch7x7x3_4: seq { conv: conv 192 k3 s2 nobias; bn: bn eps 1e-3; relu } }
                branch { pool 3 s2 }
            }
            // InceptionE takes its channels from its input: 1280, then 2048.
            $(
                $me: concat {
                    branch { branch1x1: seq { conv: conv 320 k1 nobias; bn: bn eps 1e-3; relu } }
                    branch {
                        branch3x3_1: seq { conv: conv 384 k1 nobias; bn: bn eps 1e-3; relu }
                        concat { branch { branch3x3_2a: seq { conv: conv 384 k1x3 p0x1 nobias; bn: bn eps 1e-3; relu } } branch { branch3x3_2b: seq { conv: conv 384 k3x1 p1x0 nobias; bn: bn eps 1e-3; relu } } }
                    }
                    branch {
                        branch3x3dbl_1: seq { conv: conv 448 k1 nobias; bn: bn eps 1e-3; relu } branch3x3dbl_2: seq { conv: conv 384 k3 p1 nobias; bn: bn eps 1e-3; relu }
                        concat { branch { branch3x3dbl_3a: seq { conv: conv 384 k1x3 p0x1 nobias; bn: bn eps 1e-3; relu } } branch { branch3x3dbl_3b: seq { conv: conv 384 k3x1 p1x0 nobias; bn: bn eps 1e-3; relu } } }
                    }
                    branch { avgpool 3 s1 p1; branch_pool: seq { conv: conv 192 k1 nobias; bn: bn eps 1e-3; relu } }
                }
            )+
            avgpool: gap;
            dropout: dropout 0.5;
            fc: dense 1000;
        }
    };
}

inception_v3! {
    InceptionV3;
    A Mixed_5b 32, Mixed_5c 64, Mixed_5d 64;
    C Mixed_6b 128, Mixed_6c 160, Mixed_6d 160, Mixed_6e 192;
    aux [];
    E Mixed_7b, Mixed_7c;
}

// torchvision's published figures: 23,834,568 parameters and 5.71 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(InceptionV3::PARAMS == 23_834_568);
const _: () = assert!(InceptionV3::MACS == 5_713_216_096);

// With torchvision's `InceptionAux` on Mixed_6e's 768x17x17: `F.avg_pool2d(x, 5, 3)`,
// `conv0` (1x1 to 128), `conv1` (5x5 to 768), a global pool and `fc`.
inception_v3! {
    InceptionV3Aux;
    A Mixed_5b 32, Mixed_5c 64, Mixed_5d 64;
    C Mixed_6b 128, Mixed_6c 160, Mixed_6d 160, Mixed_6e 192;
    aux [
        AuxLogits: head {
            avgpool 5 s3;
            conv0: seq { conv: conv 128 k1 nobias; bn: bn eps 1e-3; relu }
            conv1: seq { conv: conv 768 k5 nobias; bn: bn eps 1e-3; relu }
            adaptiveavgpool 1; flatten;
            fc: dense 1000;
        }
    ];
    E Mixed_7b, Mixed_7c;
}

// torchvision's published 27,161,264 parameters. The head adds, by hand: conv0
// 768*128 + 2*128, conv1 128*768*5*5 + 2*768, fc 768*1000 + 1000 parameters, and
// 128*768*5*5 (conv0 on 5x5) + 768*128*5*5 (conv1 to 1x1) + 768*1000 MACs.
const _: () = assert!(
    InceptionV3Aux::PARAMS
        == 23_834_568 + (768 * 128 + 2 * 128) + (128 * 768 * 25 + 2 * 768) + (768 * 1000 + 1000)
);
const _: () = assert!(InceptionV3Aux::PARAMS == 27_161_264);
const _: () =
    assert!(InceptionV3Aux::MACS == 5_713_216_096 + 128 * 768 * 25 + 768 * 128 * 25 + 768 * 1000);
const _: () = assert!(InceptionV3Aux::OUTPUTS.len() == 2);
// Two more BatchNorms' running means and variances: 2*128 + 2*768.
const _: () = assert!(InceptionV3Aux::NON_TRAINABLE_PARAMS == 34_432 + 2 * 128 + 2 * 768);
const _: () = assert!(InceptionV3Aux::MACS == 5_718_899_296);

#[allow(dead_code)]
fn main() {
    println!("{}", InceptionV3::SUMMARY);
}
