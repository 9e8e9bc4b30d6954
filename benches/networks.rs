//! Generated networks for the benchmarks, as `cnn!` input text.

/// About `layers` layers of `conv 16 k3 p1; bn; relu; pool 3 s1 p1` (sizes kept), then
/// the head; returns the exact layer count and the text.
pub fn sequential(layers: usize) -> (usize, String) {
    let mut text = String::from("input 16x32x32;\n");
    let mut count = 1;
    let unit = ["conv 16 k3 p1;", "bn;", "relu;", "pool 3 s1 p1;"];
    while count + 2 < layers {
        text.push_str(unit[count % unit.len()]);
        text.push('\n');
        count += 1;
    }
    text.push_str("gap;\noutput 10;\n");
    (count + 2, text)
}

/// About `layers` layers in units of
/// `repeat 2 { residual { conv 16 k3 p1 nobias; bn; relu; conv 16 k3 p1 nobias; bn } relu; }`
/// (14 layers each: two passes of five body layers, an `add` and a `relu`), filled up
/// with single layers; returns the exact layer count and the text.
pub fn blocks(layers: usize) -> (usize, String) {
    const UNIT: usize = 2 * 7;
    let mut text = String::from("input 16x32x32;\n");
    let mut count = 1;
    while count + UNIT + 2 <= layers {
        text.push_str(
            "repeat 2 { residual { conv 16 k3 p1 nobias; bn; relu; conv 16 k3 p1 nobias; bn } relu; }\n",
        );
        count += UNIT;
    }
    while count + 2 < layers {
        text.push_str("relu;\n");
        count += 1;
    }
    text.push_str("gap;\noutput 10;\n");
    (count + 2, text)
}

/// Units of `concat { branch { conv 8 k1; bn; relu } branch { conv 8 k3 p1; bn; relu } }`,
/// an Inception-like merge that keeps 16 channels, then `gap` and `output 10`.
pub fn merges(layers: usize) -> (usize, String) {
    const UNIT: usize = 7;
    let mut text = String::from("input 16x32x32;\n");
    let mut count = 1;
    while count + UNIT + 2 <= layers {
        text.push_str(
            "concat { branch { conv 8 k1 nobias; bn; relu } branch { conv 8 k3 p1 nobias; bn; relu } }\n",
        );
        count += UNIT;
    }
    while count + 2 < layers {
        text.push_str("relu;\n");
        count += 1;
    }
    text.push_str("gap;\noutput 10;\n");
    (count + 2, text)
}

/// The `i`-th of a family of everyday networks: LeNet-, CIFAR-, ResNet- and
/// MobileNet-like, with widths varied by `i`. Each has a header `pub struct Net{i};`.
pub fn realistic(i: usize) -> String {
    let c = 8 * (1 + i % 8);
    let body = match i % 4 {
        0 => format!(
            "input 1x28x28; conv {c} k5; pool 2; conv {c} k3; pool 2; dense {}; output 10;",
            4 * c
        ),
        1 => format!(
            "input 3x32x32; conv {c} k3 p1; bn; relu; conv {c} k3 p1; bn; relu; pool 2; \
             dropout 0.25; conv {d} k3 p1; bn; relu; conv {d} k3 p1; bn; relu; pool 2; \
             dropout 0.25; flatten; dense 256; relu; dropout 0.5; output 10;",
            d = 2 * c
        ),
        2 => format!(
            "input 3x64x64; conv {c} k3 s2 p1 nobias; bn; relu; \
             repeat 2 {{ residual {{ conv {c} k3 p1 nobias; bn; relu; conv {c} k3 p1 nobias; bn }} relu; }} \
             residual {{ conv {d} k3 s2 p1 nobias; bn; relu; conv {d} k3 p1 nobias; bn }} \
             shortcut {{ conv {d} k1 s2 nobias; bn }} relu; gap; output 100;",
            d = 2 * c
        ),
        _ => format!(
            "input 3x96x96; conv {c} k3 s2 same nobias; bn; relu6; \
             conv {c} k3 dw p1 nobias; bn; relu6; conv {d} k1 nobias; bn; relu6; \
             conv {d} k3 s2 dw p1 nobias; bn; relu6; conv {e} k1 nobias; bn; relu6; \
             gap; dropout 0.2; output 1000;",
            d = 2 * c,
            e = 4 * c
        ),
    };
    format!("pub struct Net{i}; {body}")
}

/// torchvision's ResNet-50 at 3x224x224 (the v1.5 bottleneck: the stride in the 3x3),
/// written out block by block as a user writes it without the `macro_rules!` idiom:
/// 25,557,032 parameters.
pub fn resnet50() -> String {
    let mut text = String::from(
        "pub struct ResNet50; input 3x224x224; conv 64 k7 s2 p3 nobias; bn; relu; pool 3 s2 p1;\n",
    );
    for (width, blocks, stride) in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)] {
        let out = 4 * width;
        for block in 0..blocks {
            let s = if block == 0 { stride } else { 1 };
            text.push_str(&format!(
                "residual {{ conv {width} k1 nobias; bn; relu; conv {width} k3 s{s} p1 nobias; bn; \
                 relu; conv {out} k1 nobias; bn }}\n"
            ));
            if block == 0 {
                text.push_str(&format!("shortcut {{ conv {out} k1 s{s} nobias; bn }}\n"));
            }
            text.push_str("relu;\n");
        }
    }
    text.push_str("gap; output 1000;\n");
    text
}

/// torchvision's ResNet-50 as `resnet50` writes it, with torchvision's module paths:
/// every block a `seq` in its stage, every layer named as torchvision names it.
pub fn resnet50_named() -> String {
    let mut text = String::from(
        "pub struct ResNet50; input 3x224x224; \
         conv1: conv 64 k7 s2 p3 nobias; bn1: bn; relu: relu; maxpool: pool 3 s2 p1;\n",
    );
    for (stage, (width, blocks, stride)) in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]
        .into_iter()
        .enumerate()
    {
        let out = 4 * width;
        text.push_str(&format!("layer{}: seq {{\n", stage + 1));
        for block in 0..blocks {
            let s = if block == 0 { stride } else { 1 };
            text.push_str(&format!(
                "seq {{ residual {{ conv1: conv {width} k1 nobias; bn1: bn; relu: relu; \
                 conv2: conv {width} k3 s{s} p1 nobias; bn2: bn; relu; \
                 conv3: conv {out} k1 nobias; bn3: bn }}\n"
            ));
            if block == 0 {
                text.push_str(&format!(
                    "downsample: shortcut {{ conv {out} k1 s{s} nobias; bn }}\n"
                ));
            }
            text.push_str("relu; }\n");
        }
        text.push_str("}\n");
    }
    text.push_str("avgpool: gap; fc: dense 1000;\n");
    text
}

/// `resnet50_named`'s trunk with torchvision's FeaturePyramidNetwork on it (as
/// `examples/fpn.rs`): the pyramid reads three stages with `from` (a network with
/// `from`s is evaluated in two passes), and ends on heads.
pub fn resnet50_fpn() -> String {
    let named = resnet50_named();
    let trunk = named
        .strip_suffix("avgpool: gap; fc: dense 1000;\n")
        .unwrap_or(&named);
    let mut text = trunk.replacen("pub struct ResNet50; input 3x224x224; ", "", 1);
    text = format!("pub struct ResNet50Fpn; input 3x224x224; body: seq {{ {text} }}\n");
    text.push_str(
        "fpn: seq { \"inner_blocks.3.0\": conv 256 k1; head { \"layer_blocks.3.0\": conv 256 k3 p1 }\n",
    );
    for (level, stage, size) in [(2, 3, 14), (1, 2, 28), (0, 1, 56)] {
        text.push_str(&format!(
            "add {{ branch {{ from body.layer{stage}; \"inner_blocks.{level}.0\": conv 256 k1 }} \
             branch {{ resize {size} }} }}\n\
             head {{ \"layer_blocks.{level}.0\": conv 256 k3 p1 }}\n"
        ));
    }
    text.push_str("head { from fpn.layer_blocks.3.0; pool 1 s2 } }\n");
    text
}
