//! A feature pyramid on a ResNet-50 trunk, as torchvision builds one for its detectors
//! (`BackboneWithFPN`: the trunk's `layer1`..`layer4` read by a `FeaturePyramidNetwork`
//! of 256 channels, with `LastLevelMaxPool`), with torchvision's module paths
//! (`body.layer3.5.conv2.weight`, `fpn.inner_blocks.2.0.weight`).
//!
//! The pyramid reads the trunk's stages with `from`: each level adds a 1x1 lateral
//! convolution of a stage to the level above resized to its size (nearest), and a 3x3
//! convolution of that sum is an output (`head`). Its five outputs, finest last as they
//! are computed: 256x7x7, 256x14x14, 256x28x28, 256x56x56 and the max pool's 256x4x4
//! (torchvision's `'3'`, `'2'`, `'1'`, `'0'`, `'pool'`).
//!
//! `cargo run --example fpn` prints its summary: 26,852,416 parameters and
//! 6,929,104,896 MACs, as the torchvision model counts them
//! (`cnn-candle/scripts/twins.py`).

/// A ResNet-50 trunk of `$stem`..`$widths` (torchvision's Bottlenecks, as
/// `examples/resnet50.rs` writes them) and a pyramid of `$fpn` channels, the stages'
/// sizes `$s2`..`$s4` given for the top-down resizing.
macro_rules! fpn_resnet {
    (
        $name:ident; input $input:tt; stem $stem:literal; fpn $fpn:literal;
        sizes $s2:literal $s3:literal $s4:literal;
        $($stage:ident: $blocks:literal of $width:literal, stride $stride:literal;)*
    ) => {
        cnn::cnn! {
            /// A ResNet trunk and its feature pyramid.
            #[cnn(diagram)]
            pub struct $name;
            input $input;
            body: seq {
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
            }
            // torchvision's FeaturePyramidNetwork: the top level from layer4, then each
            // lower one, its lateral added to the level above resized to its size.
            fpn: seq {
                "inner_blocks.3.0": conv $fpn k1;
                head { "layer_blocks.3.0": conv $fpn k3 p1 }
                add { branch { from body.layer3; "inner_blocks.2.0": conv $fpn k1 } branch { resize $s4 } }
                head { "layer_blocks.2.0": conv $fpn k3 p1 }
                add { branch { from body.layer2; "inner_blocks.1.0": conv $fpn k1 } branch { resize $s3 } }
                head { "layer_blocks.1.0": conv $fpn k3 p1 }
                add { branch { from body.layer1; "inner_blocks.0.0": conv $fpn k1 } branch { resize $s2 } }
                head { "layer_blocks.0.0": conv $fpn k3 p1 }
                // LastLevelMaxPool: the top level's output, max-pooled by 1 with stride 2.
                head { from fpn.layer_blocks.3.0; pool 1 s2 }
            }
        }
    };
}

fpn_resnet! {
    ResNet50Fpn; input 3x224x224; stem 64; fpn 256; sizes 56 28 14;
    layer1: 3 of 64, stride 1;
    layer2: 4 of 128, stride 2;
    layer3: 6 of 256, stride 2;
    layer4: 3 of 512, stride 2;
}

// The torchvision model's figures (cnn-candle/scripts/twins.py): its parameters, and
// its MACs summed by forward hooks over its convolutions.
const _: () = assert!(ResNet50Fpn::PARAMS == 26_852_416);
const _: () = assert!(ResNet50Fpn::MACS == 6_929_104_896);
// Its outputs, as the torchvision model's: `'3'`, `'2'`, `'1'`, `'0'` and `'pool'`.
const _: () = assert!(ResNet50Fpn::OUTPUTS.len() == 5);

#[allow(dead_code)]
fn main() {
    println!("{}", ResNet50Fpn::SUMMARY);
}
