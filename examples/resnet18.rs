//! torchvision's ResNet-18 at 3x224x224, written with `repeat` and `residual` blocks.
//!
//! `cargo run --example resnet18` prints its summary: 11,689,512 parameters, 9,600
//! BatchNorm running statistics and 1,814,073,344 MACs, as torchvision publishes.

cnn::cnn! {
    /// ResNet-18: BasicBlocks of two 3x3 convolutions, with a 1x1 projection shortcut
    /// where a stage halves the size and doubles the channels.
    #[cnn(diagram)]
    pub struct ResNet18;
    input 3x224x224;
    conv 64 k7 s2 p3 nobias; bn; relu; pool 3 s2 p1;
    layer1: repeat 2 {
        residual { conv 64 k3 p1 nobias; bn; relu; conv 64 k3 p1 nobias; bn }
        relu;
    }
    residual { conv 128 k3 s2 p1 nobias; bn; relu; conv 128 k3 p1 nobias; bn }
    shortcut { conv 128 k1 s2 nobias; bn }
    relu;
    residual { conv 128 k3 p1 nobias; bn; relu; conv 128 k3 p1 nobias; bn } relu;
    residual { conv 256 k3 s2 p1 nobias; bn; relu; conv 256 k3 p1 nobias; bn }
    shortcut { conv 256 k1 s2 nobias; bn }
    relu;
    residual { conv 256 k3 p1 nobias; bn; relu; conv 256 k3 p1 nobias; bn } relu;
    residual { conv 512 k3 s2 p1 nobias; bn; relu; conv 512 k3 p1 nobias; bn }
    shortcut { conv 512 k1 s2 nobias; bn }
    relu;
    residual { conv 512 k3 p1 nobias; bn; relu; conv 512 k3 p1 nobias; bn } relu;
    gap;
    output 1000;
}

const _: () = assert!(ResNet18::PARAMS == 11_689_512);

fn main() {
    println!("{}", ResNet18::SUMMARY);
}
