//! torchvision's FCN-ResNet50 at 3x224x224, without its auxiliary head: a ResNet-50
//! whose last two stages trade their stride for dilation (the map stays 28x28), an
//! FCN head, and the scores resized back to the image with `resize`.
//!
//! `cargo run --example fcn` prints its summary: 32,957,013 parameters, as torchvision
//! counts `fcn_resnet50(aux_loss=False)`, and a 21x224x224 output.

// Per stage: its name, the width, the output channels, the first block's 3x3 options
// and its shortcut, then `+ n` more blocks and their 3x3 options (dilation for the
// last two stages, which keep the 28x28 map).
//
// With torchvision's module paths: `backbone` is the ResNet-50 (torchvision's
// `IntermediateLayerGetter` keeps its module names: `backbone.layer3.0.conv2`) and
// `classifier` the FCNHead, a sequence (`classifier.4` is the score convolution).
macro_rules! fcn_resnet {
    ($name:ident; $( $layer:ident: $c:literal $out:literal [$($first:tt)*] [$($short:tt)*] + $rest:literal [$($more:tt)*]; )+) => {
        cnn::cnn! {
            /// FCN-ResNet50 for the 21 classes of Pascal VOC.
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            backbone: seq {
                conv1: conv 64 k7 s2 p3 nobias; bn1: bn; relu: relu; maxpool: pool 3 s2 p1;
                $(
                    $layer: seq {
                        seq {
                            residual {
                                conv1: conv $c k1 nobias; bn1: bn; relu: relu;
                                conv2: conv $c k3 $($first)* nobias; bn2: bn; relu;
                                conv3: conv $out k1 nobias; bn3: bn
                            }
                            downsample: shortcut { $($short)* }
                            relu;
                        }
                        repeat $rest {
                            seq {
                                residual {
                                    conv1: conv $c k1 nobias; bn1: bn; relu: relu;
                                    conv2: conv $c k3 $($more)* nobias; bn2: bn; relu;
                                    conv3: conv $out k1 nobias; bn3: bn
                                }
                                relu;
                            }
                        }
                    }
                )+
            }
            // FCNHead(2048, 21), then F.interpolate(size=(224, 224), mode="bilinear").
            classifier: seq { conv 512 k3 p1 nobias; bn; relu; dropout 0.1; conv 21 k1 }
            resize 224 bilinear;
        }
    };
}

fcn_resnet! {
    FcnResNet50;
    layer1: 64 256 [p1] [conv 256 k1 nobias; bn] + 2 [p1];
    layer2: 128 512 [s2 p1] [conv 512 k1 s2 nobias; bn] + 3 [p1];
    layer3: 256 1024 [p1] [conv 1024 k1 nobias; bn] + 5 [p2 d2];
    layer4: 512 2048 [p2 d2] [conv 2048 k1 nobias; bn] + 2 [p4 d4];
}

// torchvision's parameter count for `fcn_resnet50(aux_loss=False)`, and the MACs at 224x224;
// tests/zoo.rs works them out by hand.
const _: () = assert!(FcnResNet50::PARAMS == 32_957_013);
const _: () = assert!(FcnResNet50::MACS == 26_484_498_432);

#[allow(dead_code)]
fn main() {
    println!("{}", FcnResNet50::SUMMARY);
}
