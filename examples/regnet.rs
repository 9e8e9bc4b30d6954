//! torchvision's RegNetY-400MF at 3x224x224: residual bottlenecks with grouped 3x3
//! convolutions (groups of 8 channels) and squeeze-and-excitation, written once in a
//! `macro_rules!` and used one line per stage.
//!
//! `cargo run --example regnet` prints its summary: 4,344,144 parameters and 0.40 GMACs,
//! as torchvision publishes ("GFLOPS" 0.40).

// The stages, `in > width` for the first block (stride 2, a projection shortcut) and
// `+ n` for n more blocks on `width` channels. The gate squeezes to a quarter of the
// block's input channels (torchvision rounds; every width here divides by 4).
macro_rules! regnet_y {
    ($name:ident; $( $in:literal > $w:literal $(+ $more:literal)?; )+) => {
        cnn::cnn! {
            /// RegNetY-400MF: widths 48, 104, 208 and 440, depths 1, 3, 6 and 6.
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            conv 32 k3 s2 p1 nobias; bn; relu;
            $(
                residual {
                    conv $w k1 nobias; bn; relu;
                    conv $w k3 s2 p1 g($w/8) nobias; bn; relu;
                    scale { gap; conv ($in/4) k1; relu; conv $w k1; sigmoid }
                    conv $w k1 nobias; bn
                }
                shortcut { conv $w k1 s2 nobias; bn }
                relu;
                $(
                    repeat $more {
                        residual {
                            conv $w k1 nobias; bn; relu;
                            conv $w k3 p1 g($w/8) nobias; bn; relu;
                            scale { gap; conv ($w/4) k1; relu; conv $w k1; sigmoid }
                            conv $w k1 nobias; bn
                        }
                        relu;
                    }
                )?
            )+
            gap; flatten; output 1000;
        }
    };
}

regnet_y! {
    RegNetY400MF;
    32 > 48;
    48 > 104 + 2;
    104 > 208 + 5;
    208 > 440 + 5;
}

// torchvision's published figures: 4,344,144 parameters and 0.40 GFLOPS (MACs);
// tests/zoo.rs works them out by hand.
const _: () = assert!(RegNetY400MF::PARAMS == 4_344_144);
const _: () = assert!(RegNetY400MF::MACS == 401_842_848);

#[allow(dead_code)]
fn main() {
    println!("{}", RegNetY400MF::SUMMARY);
}
