//! U-Net (Ronneberger et al., 2015) at 3x256x256 with padded convolutions, as the
//! usual PyTorch port writes it: an encoder of double 3x3 convolutions and 2x2 pools,
//! a decoder of 2x2 transposed convolutions of stride 2, and at each level a skip
//! connection concatenated with the upsampled map. Each level is a `concat` whose
//! first branch is the skip (empty: the identity) and whose second goes one level
//! down and comes back up.
//!
//! `cargo run --example unet` prints its summary: 31,037,698 parameters and 48.17
//! GMACs for 2 classes.

cnn::cnn! {
    /// U-Net for 2 classes: 64, 128, 256, 512 and 1024 channels by level.
    #[cnn(diagram)]
    pub struct UNet;
    input 3x256x256;
    conv 64 k3 p1 nobias; bn; relu; conv 64 k3 p1 nobias; bn; relu;
    concat {
        branch { }
        branch {
            pool 2; conv 128 k3 p1 nobias; bn; relu; conv 128 k3 p1 nobias; bn; relu;
            concat {
                branch { }
                branch {
                    pool 2; conv 256 k3 p1 nobias; bn; relu; conv 256 k3 p1 nobias; bn; relu;
                    concat {
                        branch { }
                        branch {
                            pool 2; conv 512 k3 p1 nobias; bn; relu; conv 512 k3 p1 nobias; bn; relu;
                            concat {
                                branch { }
                                branch {
                                    pool 2;
                                    conv 1024 k3 p1 nobias; bn; relu;
                                    conv 1024 k3 p1 nobias; bn; relu;
                                    upconv 512 k2 s2;
                                }
                            }
                            conv 512 k3 p1 nobias; bn; relu; conv 512 k3 p1 nobias; bn; relu;
                            upconv 256 k2 s2;
                        }
                    }
                    conv 256 k3 p1 nobias; bn; relu; conv 256 k3 p1 nobias; bn; relu;
                    upconv 128 k2 s2;
                }
            }
            conv 128 k3 p1 nobias; bn; relu; conv 128 k3 p1 nobias; bn; relu;
            upconv 64 k2 s2;
        }
    }
    conv 64 k3 p1 nobias; bn; relu; conv 64 k3 p1 nobias; bn; relu;
    conv 2 k1;
}

// The usual PyTorch port's parameter count, and the MACs at 256x256;
// tests/zoo.rs works them out by hand.
const _: () = assert!(UNet::PARAMS == 31_037_698);
const _: () = assert!(UNet::MACS == 48_171_581_440);

#[allow(dead_code)]
fn main() {
    println!("{}", UNet::SUMMARY);
}
