//! torchvision's VGG-16 with BatchNorm at 3x224x224, with torchvision's module paths
//! (`features.1.running_var`, `classifier.6.weight`): `cargo run --example vgg16_bn`.
//!
//! 138,365,992 parameters (VGG-16's and 2 x 4,224 for the thirteen BatchNorms) and
//! 15.47 GMACs, as torchvision publishes.

cnn::cnn! {
    /// VGG-16 (configuration D) with a BatchNorm after each convolution.
    pub struct Vgg16Bn;
    input 3x224x224;
    features: seq {
        repeat 2 { conv 64 k3 p1; bn; relu } pool 2;
        repeat 2 { conv 128 k3 p1; bn; relu } pool 2;
        repeat 3 { conv 256 k3 p1; bn; relu } pool 2;
        repeat 3 { conv 512 k3 p1; bn; relu } pool 2;
        repeat 3 { conv 512 k3 p1; bn; relu } pool 2;
    }
    avgpool: adaptiveavgpool 7;
    flatten;
    classifier: seq {
        dense 4096; relu; dropout 0.5;
        dense 4096; relu; dropout 0.5;
        dense 1000;
    }
}

// torchvision's published figures: 138,365,992 parameters, 15.47 GFLOPS (MACs, the
// BatchNorms adding none).
const _: () = assert!(Vgg16Bn::PARAMS == 138_365_992);
const _: () = assert!(Vgg16Bn::MACS == 15_470_264_320);
// Two running statistics per BatchNorm channel: 2 * 4_224.
const _: () = assert!(Vgg16Bn::NON_TRAINABLE_PARAMS == 8_448);

fn main() {
    println!("{}", Vgg16Bn::SUMMARY);
}
