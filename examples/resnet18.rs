//! torchvision's ResNet-18 at 3x224x224, written with torchvision's module paths, so
//! that its layers' tensors are torchvision's `state_dict()` keys (`conv1.weight`,
//! `layer1.0.bn2.running_var`, `layer2.0.downsample.0.weight`, `fc.bias`) and a
//! checkpoint loads as it is (`cnn-candle`'s `pretrained` example).
//!
//! `cargo run --example resnet18` prints its summary: 11,689,512 parameters, 9,600
//! BatchNorm running statistics and 1,814,073,344 MACs, as torchvision publishes.

cnn::cnn! {
    /// ResNet-18: BasicBlocks of two 3x3 convolutions, with a 1x1 projection shortcut
    /// (`downsample`) where a stage halves the size and doubles the channels. Each
    /// torchvision block is a `seq`; the residual inside it is transparent, so its
    /// layers are the block's attributes.
    #[cnn(diagram)]
    pub struct ResNet18;
    input 3x224x224;
    conv1: conv 64 k7 s2 p3 nobias; bn1: bn; relu: relu; maxpool: pool 3 s2 p1;
    layer1: repeat 2 {
        seq {
            residual { conv1: conv 64 k3 p1 nobias; bn1: bn; relu: relu; conv2: conv 64 k3 p1 nobias; bn2: bn }
            relu;
        }
    }
    layer2: seq {
        seq {
            residual { conv1: conv 128 k3 s2 p1 nobias; bn1: bn; relu: relu; conv2: conv 128 k3 p1 nobias; bn2: bn }
            downsample: shortcut { conv 128 k1 s2 nobias; bn }
            relu;
        }
        seq {
            residual { conv1: conv 128 k3 p1 nobias; bn1: bn; relu: relu; conv2: conv 128 k3 p1 nobias; bn2: bn }
            relu;
        }
    }
    layer3: seq {
        seq {
            residual { conv1: conv 256 k3 s2 p1 nobias; bn1: bn; relu: relu; conv2: conv 256 k3 p1 nobias; bn2: bn }
            downsample: shortcut { conv 256 k1 s2 nobias; bn }
            relu;
        }
        seq {
            residual { conv1: conv 256 k3 p1 nobias; bn1: bn; relu: relu; conv2: conv 256 k3 p1 nobias; bn2: bn }
            relu;
        }
    }
    layer4: seq {
        seq {
            residual { conv1: conv 512 k3 s2 p1 nobias; bn1: bn; relu: relu; conv2: conv 512 k3 p1 nobias; bn2: bn }
            downsample: shortcut { conv 512 k1 s2 nobias; bn }
            relu;
        }
        seq {
            residual { conv1: conv 512 k3 p1 nobias; bn1: bn; relu: relu; conv2: conv 512 k3 p1 nobias; bn2: bn }
            relu;
        }
    }
    avgpool: gap;
    fc: dense 1000;
}

const _: () = assert!(ResNet18::PARAMS == 11_689_512);

fn main() {
    println!("{}", ResNet18::SUMMARY);
}
