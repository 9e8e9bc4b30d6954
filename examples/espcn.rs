//! ESPCN (Shi et al., 2016), super-resolution by 3 at 3x224x224: three convolutions on
//! the low-resolution image, the last to `3 * 3^2 = 27` channels, and a pixel shuffle
//! that lays each pixel's 27 values out as a 3x3 block of 3 channels: 3x672x672.
//!
//! `cargo run --example espcn` prints its summary: 31,131 parameters and 1,555,857,408
//! MACs, as its PyTorch twin (`cnn-candle/scripts/twins.py`) counts them.

/// ESPCN of `$width` feature maps (half as many in the second layer) for an upscale
/// of 3, with the twin's module names.
macro_rules! espcn {
    ($name:ident; input $input:tt; width $width:literal;) => {
        cnn::cnn! {
            /// ESPCN: tanh after the first two convolutions, none after the last.
            pub struct $name;
            input $input;
            conv1: conv $width k5 p2; tanh;
            conv2: conv ($width / 2) k3 p1; tanh;
            conv3: conv 27 k3 p1;
            pixel_shuffle: pixelshuffle 3;
        }
    };
}

espcn! { Espcn; input 3x224x224; width 64; }

// Its PyTorch twin's parameters and MACs (forward hooks over its convolutions), and
// its output: three times the input's size.
const _: () = assert!(Espcn::PARAMS == 31_131);
const _: () = assert!(Espcn::MACS == 1_555_857_408);
const _: () = assert!(matches!(
    Espcn::PIXEL_SHUFFLE.output,
    cnn::Shape::Image {
        channels: 3,
        height: 672,
        width: 672
    }
));

#[allow(dead_code)]
fn main() {
    println!("{}", Espcn::SUMMARY);
}
