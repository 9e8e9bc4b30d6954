//! torchvision's RegNetY-400MF at 3x224x224: residual bottlenecks with grouped 3x3
//! convolutions (groups of 8 channels) and squeeze-and-excitation, written once in a
//! `macro_rules!` and used one line per stage.
//!
//! `cargo run --example regnet` prints its summary: 4,344,144 parameters and 0.40 GMACs,
//! as torchvision publishes ("GFLOPS" 0.40).

// The stages, `name: "first block's name" in > width` for the first block (stride 2,
// a projection shortcut) and `+ [names]` for the blocks after it on `width` channels.
// The gate squeezes to a quarter of the block's input channels (torchvision rounds;
// every width here divides by 4).
//
// With torchvision's module paths: `stem`, then `trunk_output`, whose stages are
// `block1` .. `block4` and whose blocks are named `block2-0`, `block2-1`, ... (strings:
// a `-` is no identifier). A block holds `proj` (its shortcut), `f` (the transform:
// `a`, `b`, `se` with `fc1` and `fc2`, `c`) and `activation`:
// `trunk_output.block1.block1-0.f.se.fc1.weight`.
macro_rules! regnet_y {
    ($name:ident; $( $stage:ident: $first:literal $in:literal > $w:literal $(+ [$($rest:literal),+])?; )+) => {
        cnn::cnn! {
            /// RegNetY-400MF: widths 48, 104, 208 and 440, depths 1, 3, 6 and 6.
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            stem: seq { conv 32 k3 s2 p1 nobias; bn; relu }
            trunk_output: seq {
                $(
                    $stage: seq {
                        $first: seq {
                            residual {
                                f: seq {
                                    a: seq { conv $w k1 nobias; bn; relu }
                                    b: seq { conv $w k3 s2 p1 g($w/8) nobias; bn; relu }
                                    se: scale { avgpool: gap; fc1: conv ($in/4) k1; activation: relu; fc2: conv $w k1; scale_activation: sigmoid }
                                    c: seq { conv $w k1 nobias; bn }
                                }
                            }
                            proj: shortcut { conv $w k1 s2 nobias; bn }
                            activation: relu;
                        }
                        $($(
                            $rest: seq {
                                residual {
                                    f: seq {
                                        a: seq { conv $w k1 nobias; bn; relu }
                                        b: seq { conv $w k3 p1 g($w/8) nobias; bn; relu }
                                        se: scale { avgpool: gap; fc1: conv ($w/4) k1; activation: relu; fc2: conv $w k1; scale_activation: sigmoid }
                                        c: seq { conv $w k1 nobias; bn }
                                    }
                                }
                                activation: relu;
                            }
                        )+)?
                    }
                )+
            }
            avgpool: gap;
            fc: dense 1000;
        }
    };
}

regnet_y! {
    RegNetY400MF;
    block1: "block1-0" 32 > 48;
    block2: "block2-0" 48 > 104 + ["block2-1", "block2-2"];
    block3: "block3-0" 104 > 208 + ["block3-1", "block3-2", "block3-3", "block3-4", "block3-5"];
    block4: "block4-0" 208 > 440 + ["block4-1", "block4-2", "block4-3", "block4-4", "block4-5"];
}

// torchvision's published figures: 4,344,144 parameters and 0.40 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(RegNetY400MF::PARAMS == 4_344_144);
const _: () = assert!(RegNetY400MF::MACS == 401_842_848);

#[allow(dead_code)]
fn main() {
    println!("{}", RegNetY400MF::SUMMARY);
}
