//! LR-ASPP on MobileNetV3-Large (Howard et al., 2019), as torchvision builds
//! `lraspp_mobilenet_v3_large` for 21 classes at 3x224x224, with torchvision's module
//! paths (`backbone.13.block.1.0.weight`, `classifier.cbr.0.weight`).
//!
//! The backbone is MobileNetV3-Large with its last stage dilated (stride 1, dilation 2:
//! 960x14x14). The head multiplies a 1x1 convolution of that map by a squeeze of it
//! (`cbr` and `scale`), resizes the product to the low-level features' size, and adds a
//! classifier of each: the low-level map is block 4's output, read with `from
//! backbone.4`. The sum is resized to the input.
//!
//! `cargo run --example lraspp` prints its summary: 3,221,538 parameters and
//! 379,281,312 MACs, as the torchvision model counts them (`cnn-candle/scripts/twins.py`).

/// LR-ASPP of `$classes` classes and `$inter` channels inside the head, on a
/// MobileNetV3 of stem `$stem`, the blocks listed as `examples/mobilenetv3.rs` lists
/// them, each with its dilation after its stride, and a last convolution to `$last`;
/// the low-level features are block `$low`'s, of size `$size` (the stride-8 map), and
/// the input's size is `$full`.
macro_rules! lraspp {
    (
        $name:ident; input $input:tt; stem $stem:literal; last $last:literal; inter $inter:literal;
        classes $classes:literal; low $low:literal $size:tt; full $full:tt; $(
        [$($wrap:tt)*] $exp:literal > $out:literal, $k:literal, $s:literal, $d:literal, $act:ident $(, se $sq:literal)?;
    )+
    ) => {
        cnn::cnn! {
            /// LR-ASPP MobileNetV3-Large: the backbone's convolutions without bias, each
            /// followed by a BatchNorm (eps 1e-3, momentum 0.01).
            #[cnn(diagram)]
            pub struct $name;
            input $input;
            backbone: seq {
                seq { conv $stem k3 s2 p1 nobias; bn eps 1e-3 momentum 0.01; hardswish }
                seq {
                    residual {
                        block: seq {
                            seq { conv $stem k3 p1 dw nobias; bn eps 1e-3 momentum 0.01; relu }
                            seq { conv $stem k1 nobias; bn eps 1e-3 momentum 0.01 }
                        }
                    }
                }
                $(
                    seq {
                        $($wrap)* {
                            block: seq {
                                seq { conv $exp k1 nobias; bn eps 1e-3 momentum 0.01; $act }
                                seq { conv $exp k($k) s($s) p(($k - 1) / 2 * $d) d($d) dw nobias; bn eps 1e-3 momentum 0.01; $act }
                                $( seq { scale { avgpool: gap; fc1: conv $sq k1; activation: relu; fc2: conv $exp k1; scale_activation: hardsigmoid } } )?
                                seq { conv $out k1 nobias; bn eps 1e-3 momentum 0.01 }
                            }
                        }
                    }
                )+
                seq { conv $last k1 nobias; bn eps 1e-3 momentum 0.01; hardswish }
            }
            // torchvision's LRASPPHead: cbr(high) * scale(high), resized to the low-level
            // map, through high_classifier; plus low_classifier(low).
            classifier: seq {
                add {
                    branch {
                        mul {
                            cbr: branch { conv $inter k1 nobias; bn; relu }
                            scale: branch { gap; conv $inter k1 nobias; sigmoid }
                        }
                        resize $size bilinear;
                        high_classifier: conv $classes k1;
                    }
                    branch { from backbone.$low; low_classifier: conv $classes k1 }
                }
            }
            resize $full bilinear;
        }
    };
}

lraspp! {
    LrasppMobileNetV3Large; input 3x224x224; stem 16; last 960; inter 128;
    classes 21; low 4 28; full 224;
    [repeat 1] 64 > 24, 3, 2, 1, relu;
    [residual] 72 > 24, 3, 1, 1, relu;
    [repeat 1] 72 > 40, 5, 2, 1, relu, se 24;
    [residual] 120 > 40, 5, 1, 1, relu, se 32;
    [residual] 120 > 40, 5, 1, 1, relu, se 32;
    [repeat 1] 240 > 80, 3, 2, 1, hardswish;
    [residual] 200 > 80, 3, 1, 1, hardswish;
    [residual] 184 > 80, 3, 1, 1, hardswish;
    [residual] 184 > 80, 3, 1, 1, hardswish;
    [repeat 1] 480 > 112, 3, 1, 1, hardswish, se 120;
    [residual] 672 > 112, 3, 1, 1, hardswish, se 168;
    // The last stage dilated: stride 1, dilation 2.
    [repeat 1] 672 > 160, 5, 1, 2, hardswish, se 168;
    [residual] 960 > 160, 5, 1, 2, hardswish, se 240;
    [residual] 960 > 160, 5, 1, 2, hardswish, se 240;
}

// The torchvision model's figures (cnn-candle/scripts/twins.py): its parameters, and
// its MACs summed by forward hooks over its convolutions.
const _: () = assert!(LrasppMobileNetV3Large::PARAMS == 3_221_538);
const _: () = assert!(LrasppMobileNetV3Large::MACS == 379_281_312);

#[allow(dead_code)]
fn main() {
    println!("{}", LrasppMobileNetV3Large::SUMMARY);
}
