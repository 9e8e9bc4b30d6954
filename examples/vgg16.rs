//! torchvision's VGG-16 at 3x224x224, with torchvision's module paths (its tensors are
//! `features.0.weight` .. `classifier.6.bias`, a checkpoint's keys):
//! `cargo run --example vgg16`.

cnn::cnn! {
    /// VGG-16 (configuration D): thirteen 3x3 convolutions in five stages, three dense
    /// layers; its adaptive 7x7 pool is the identity at 224.
    #[cnn(diagram)]
    pub struct Vgg16;
    input 3x224x224;
    // An unnamed repeat in a level splices its passes: features.0 .. features.30.
    features: seq {
        repeat 2 { conv 64 k3 p1; relu } pool 2;
        repeat 2 { conv 128 k3 p1; relu } pool 2;
        repeat 3 { conv 256 k3 p1; relu } pool 2;
        repeat 3 { conv 512 k3 p1; relu } pool 2;
        repeat 3 { conv 512 k3 p1; relu } pool 2;
    }
    avgpool: adaptiveavgpool 7;
    flatten;
    classifier: seq {
        dense 4096; relu; dropout 0.5;
        dense 4096; relu; dropout 0.5;
        dense 1000;
    }
}

// torchvision's published figures.
const _: () = assert!(Vgg16::PARAMS == 138_357_544);
const _: () = assert!(Vgg16::MACS == 15_470_264_320);

fn main() {
    println!("{}", Vgg16::SUMMARY);
}
