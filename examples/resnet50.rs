//! torchvision's ResNet-50 at 3x224x224, with torchvision's module paths: Bottleneck
//! blocks (1x1, 3x3 carrying the stride, 1x1 to four times the width) written once in a
//! `macro_rules!` around `cnn!`, one line per stage. Its tensors are torchvision's
//! `state_dict()` keys (`layer3.5.conv2.weight`, `layer4.0.downsample.1.running_var`).
//!
//! `cargo run --example resnet50` prints its summary: 25,557,032 parameters and
//! 4.09 GMACs, as torchvision publishes.

/// A ResNet of Bottlenecks as torchvision builds one (v1.5: the stride in the 3x3
/// convolution), every stage's first block with a `downsample` shortcut.
macro_rules! bottleneck_resnet {
    (
        $(#[$attr:meta])* struct $name:ident; input $input:tt; stem $stem:literal;
        classes $classes:literal;
        $($stage:ident: $blocks:literal of $width:literal, stride $stride:literal;)*
    ) => {
        cnn::cnn! {
            $(#[$attr])*
            pub struct $name;
            input $input;
            conv1: conv $stem k7 s2 p3 nobias; bn1: bn; relu: relu; maxpool: pool 3 s2 p1;
            $(
                $stage: seq {
                    seq {
                        residual {
                            conv1: conv $width k1 nobias; bn1: bn; relu: relu;
                            conv2: conv $width k3 s($stride) p1 nobias; bn2: bn; relu;
                            conv3: conv ($width * 4) k1 nobias; bn3: bn
                        }
                        downsample: shortcut { conv ($width * 4) k1 s($stride) nobias; bn }
                        relu;
                    }
                    // An unnamed repeat splices its seqs into the stage: .1, .2, ...
                    repeat ($blocks - 1) {
                        seq {
                            residual {
                                conv1: conv $width k1 nobias; bn1: bn; relu: relu;
                                conv2: conv $width k3 p1 nobias; bn2: bn; relu;
                                conv3: conv ($width * 4) k1 nobias; bn3: bn
                            }
                            relu;
                        }
                    }
                }
            )*
            avgpool: gap;
            fc: dense $classes;
        }
    };
}

bottleneck_resnet! {
    /// ResNet-50.
    struct ResNet50; input 3x224x224; stem 64; classes 1000;
    layer1: 3 of 64, stride 1;
    layer2: 4 of 128, stride 2;
    layer3: 6 of 256, stride 2;
    layer4: 3 of 512, stride 2;
}

// torchvision's published figures: 25,557,032 parameters, 4.09 GFLOPS (MACs); the
// MACs summed by forward hooks over torchvision's convolutions and linear layer
// (output elements x Cin/g x kh x kw), and the BatchNorms' running statistics.
const _: () = assert!(ResNet50::PARAMS == 25_557_032);
const _: () = assert!(ResNet50::MACS == 4_089_184_256);
const _: () = assert!(ResNet50::NON_TRAINABLE_PARAMS == 53_120);

#[allow(dead_code)]
fn main() {
    println!("{}", ResNet50::SUMMARY);
}
