//! torchvision's DeepLabV3-ResNet50 at 3x224x224 with its auxiliary head
//! (`deeplabv3_resnet50(aux_loss=True)`): FCN's dilated ResNet-50 (`examples/fcn.rs`'
//! macro) with DeepLabHead, whose ASPP runs a 1x1 convolution, three 3x3 ones dilated
//! 12, 24 and 36 and an image pooling branch side by side, concatenates them and
//! projects them back to 256 channels; two outputs of 21x224x224.
//!
//! `cargo run --example deeplabv3` prints its summary: 42,004,074 parameters and
//! 33,164,451,840 MACs, as forward hooks over torchvision's model sum them.

#[macro_use]
#[allow(dead_code)]
#[path = "fcn.rs"]
pub mod fcn;

// torchvision's module paths: `classifier.0` is the ASPP, whose branches hold
// `convs.0` .. `convs.4` (strings: a ModuleList's entries) and whose concatenation is
// followed by `project`; its image pooling is resized back to the 28x28 map.
fcn_resnet! {
    DeepLabV3;
    classifier [
        seq {
            concat {
                branch { "convs.0": seq { conv 256 k1 nobias; bn; relu } }
                branch { "convs.1": seq { conv 256 k3 p12 d12 nobias; bn; relu } }
                branch { "convs.2": seq { conv 256 k3 p24 d24 nobias; bn; relu } }
                branch { "convs.3": seq { conv 256 k3 p36 d36 nobias; bn; relu } }
                branch {
                    "convs.4": seq { adaptiveavgpool 1; conv 256 k1 nobias; bn; relu }
                    resize 28 bilinear;
                }
            }
            project: seq { conv 256 k1 nobias; bn; relu; dropout 0.5 }
        }
        conv 256 k3 p1 nobias; bn; relu; conv 21 k1
    ];
    "backbone.layer1": 64 256 [p1] [conv 256 k1 nobias; bn] + 2 [p1];
    "backbone.layer2": 128 512 [s2 p1] [conv 512 k1 s2 nobias; bn] + 3 [p1];
    "backbone.layer3": 256 1024 [p1] [conv 1024 k1 nobias; bn] + 5 [p2 d2] => aux_classifier;
    "backbone.layer4": 512 2048 [p2 d2] [conv 2048 k1 nobias; bn] + 2 [p4 d4];
}

// deeplabv3_resnet50(aux_loss=True): 42,004,074 parameters; 33,164,451,840 MACs as
// forward hooks over its convolutions sum them; 57,216 running statistics; two
// outputs, the auxiliary one first.
const _: () = assert!(DeepLabV3::PARAMS == 42_004_074);
const _: () = assert!(DeepLabV3::MACS == 33_164_451_840);
const _: () = assert!(DeepLabV3::NON_TRAINABLE_PARAMS == 57_216);
const _: () = assert!(DeepLabV3::OUTPUTS.len() == 2);

fn main() {
    println!("{}", DeepLabV3::SUMMARY);
}
