//! torchvision's FCN-ResNet50 at 3x224x224, without and with its auxiliary head
//! (`aux_loss=True`, a `head` on `backbone.layer3`): a ResNet-50 whose last two stages
//! trade their stride for dilation (the map stays 28x28), an FCN head, and the scores
//! resized back to the image with `resize`.
//!
//! `cargo run --example fcn` prints its summary: 32,957,013 parameters, as torchvision
//! counts `fcn_resnet50(aux_loss=False)`, and a 21x224x224 output; `FcnResNet50Aux`
//! holds 35,322,218 and gives two.

// Per stage: its path, the width, the output channels, the first block's 3x3 options
// and its shortcut, then `+ n` more blocks and their 3x3 options (dilation for the
// last two stages, which keep the 28x28 map), and `=> aux` after the stage an
// auxiliary head reads.
//
// With torchvision's module paths: the ResNet-50 is `backbone` (torchvision's
// `IntermediateLayerGetter` keeps its module names: `backbone.layer3.0.conv2`), written
// as dotted string names so that the auxiliary head, a module of the model's own, can
// sit between `backbone.layer3` and `backbone.layer4`; `classifier` is the FCNHead, a
// sequence (`classifier.4` is the score convolution), and `aux_classifier` another,
// on `layer3`'s 1024 channels. Each output is resized to the image.
macro_rules! fcn_resnet {
    // FCN's own head by default; DeepLabV3 passes its own (`examples/deeplabv3.rs`).
    ($name:ident; $first:literal $( $stages:tt )+) => {
        fcn_resnet! {
            $name; classifier [conv 512 k3 p1 nobias; bn; relu; dropout 0.1; conv 21 k1];
            $first $( $stages )+
        }
    };
    ($name:ident; classifier [$($classifier:tt)*]; $( $layer:literal: $c:literal $out:literal [$($first:tt)*] [$($short:tt)*] + $rest:literal [$($more:tt)*] $(=> $aux:ident)?; )+) => {
        cnn::cnn! {
            /// A ResNet-50 segmentation network for the 21 classes of Pascal VOC.
            #[cnn(diagram)]
            pub struct $name;
            input 3x224x224;
            "backbone.conv1": conv 64 k7 s2 p3 nobias; "backbone.bn1": bn; "backbone.relu": relu;
            "backbone.maxpool": pool 3 s2 p1;
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
                // FCNHead(1024, 21) on the stage, resized to the image: an output.
                $(
                    $aux: head {
                        conv ($out / 4) k3 p1 nobias; bn; relu; dropout 0.1; conv 21 k1;
                        resize 224 bilinear;
                    }
                )?
            )+
            // The head (FCNHead(2048, 21) for FCN), then F.interpolate(size=(224, 224),
            // mode="bilinear").
            classifier: seq { $($classifier)* }
            resize 224 bilinear;
        }
    };
}

fcn_resnet! {
    FcnResNet50;
    "backbone.layer1": 64 256 [p1] [conv 256 k1 nobias; bn] + 2 [p1];
    "backbone.layer2": 128 512 [s2 p1] [conv 512 k1 s2 nobias; bn] + 3 [p1];
    "backbone.layer3": 256 1024 [p1] [conv 1024 k1 nobias; bn] + 5 [p2 d2];
    "backbone.layer4": 512 2048 [p2 d2] [conv 2048 k1 nobias; bn] + 2 [p4 d4];
}

fcn_resnet! {
    FcnResNet50Aux;
    "backbone.layer1": 64 256 [p1] [conv 256 k1 nobias; bn] + 2 [p1];
    "backbone.layer2": 128 512 [s2 p1] [conv 512 k1 s2 nobias; bn] + 3 [p1];
    "backbone.layer3": 256 1024 [p1] [conv 1024 k1 nobias; bn] + 5 [p2 d2] => aux_classifier;
    "backbone.layer4": 512 2048 [p2 d2] [conv 2048 k1 nobias; bn] + 2 [p4 d4];
}

// fcn_resnet50(aux_loss=True): 35,322,218 parameters, and 28,338,401,280 MACs as
// forward hooks over its convolutions sum them; two outputs of 21x224x224, the
// auxiliary one first.
const _: () = assert!(FcnResNet50Aux::PARAMS == 35_322_218);
const _: () = assert!(FcnResNet50Aux::MACS == 28_338_401_280);
const _: () = assert!(FcnResNet50Aux::NON_TRAINABLE_PARAMS == 54_656);
const _: () = assert!(FcnResNet50Aux::OUTPUTS.len() == 2);

// torchvision's parameter count for `fcn_resnet50(aux_loss=False)`, and the MACs at 224x224;
// tests/zoo.rs works them out by hand.
const _: () = assert!(FcnResNet50::PARAMS == 32_957_013);
const _: () = assert!(FcnResNet50::MACS == 26_484_498_432);

#[allow(dead_code)]
fn main() {
    println!("{}", FcnResNet50::SUMMARY);
}
