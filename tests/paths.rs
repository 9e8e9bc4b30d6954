//! The path rules of DSL.md §12, each worked out by hand: levels and transparent
//! blocks, positions as `nn.Sequential` counts them, a named `repeat`'s spliced passes,
//! string names, named shortcuts and branches, merge layers, and the consts.

fn names(layers: &[cnn::Layer]) -> Vec<&str> {
    layers.iter().map(|l| l.name).collect()
}

cnn::cnn! {
    pub struct Levels;
    input 4x8x8;
    // Outside every level: default names, as before; a name as written.
    conv 4 k3 p1; stem: relu;
    // A seq is a level: positions from 0, named statements counted too.
    body: seq { conv 4 k1; act: relu; conv 4 k1 }
    // An unnamed seq at the top is named by default and numbers its statements.
    seq { relu; relu }
    // A transparent residual inside a level: its layers are the level's; its sum takes
    // no position and keeps its default name there.
    block: seq { residual { conv 4 k3 p1; bn } relu }
}

#[test]
fn levels_positions_and_transparent_blocks() {
    assert_eq!(
        names(Levels::LAYERS),
        [
            "input",
            "conv2d1",
            "stem",
            "body.0",
            "body.act",
            "body.2",
            "seq2.0",
            "seq2.1",
            "block.0",
            "block.1",
            "block.add1",
            "block.2",
        ]
    );
    // `seq2`: the second seq block; `body` is the first, counted though named.
    let blocks: Vec<(&str, bool)> = Levels::BLOCKS.iter().map(|b| (b.name, b.level)).collect();
    assert_eq!(
        blocks,
        [
            ("body", true),
            ("seq2", true),
            ("block", true),
            ("residual1", false)
        ]
    );
}

cnn::cnn! {
    pub struct Repeats;
    input 4x8x8;
    // A named repeat splices its passes: VGG's features.0 .. features.3.
    features: repeat 2 { conv 4 k3 p1; relu }
    // With the body in a seq, each pass is one module.
    layer1: repeat 2 { seq { conv1: conv 4 k3 p1; relu: relu } }
    // An unnamed repeat inside a level splices into that level.
    head: seq { conv 4 k1; repeat 2 { relu } conv 4 k1 }
    // An unnamed repeat outside every level: default names, pass after pass.
    repeat 2 { relu }
}

#[test]
fn repeat_passes() {
    assert_eq!(
        names(Repeats::LAYERS),
        [
            "input",
            "features.0",
            "features.1",
            "features.2",
            "features.3",
            "layer1.0.conv1",
            "layer1.0.relu",
            "layer1.1.conv1",
            "layer1.1.relu",
            "head.0",
            "head.1",
            "head.2",
            "head.3",
            // relu1..relu6 above (named ones counted), then two passes.
            "relu7",
            "relu8",
        ]
    );
}

cnn::cnn! {
    pub struct Parts;
    input 8x8x8;
    down: seq {
        residual { conv1: conv 8 k3 s2 p1 nobias; bn1: bn }
        downsample: shortcut { conv 8 k1 s2 nobias; bn }
    }
    // An unnamed shortcut is transparent: its layers follow the body's positions.
    plain: seq { residual { conv 8 k3 p1 } shortcut { conv 8 k1 } }
    // A named merge block is a level; a named branch is one inside it, an unnamed one
    // transparent.
    Mixed_5b: concat {
        branch1x1: branch { conv: conv 4 k1 nobias; bn: bn }
        branch { conv 4 k1 }
        branch { conv 4 k1 }
    }
}

#[test]
fn shortcuts_and_branches() {
    assert_eq!(
        names(Parts::LAYERS),
        [
            "input",
            "down.conv1",
            "down.bn1",
            "down.downsample.0",
            "down.downsample.1",
            "down.add1",
            "plain.0",
            "plain.1",
            "plain.add2",
            "Mixed_5b.branch1x1.conv",
            "Mixed_5b.branch1x1.bn",
            "Mixed_5b.1",
            "Mixed_5b.2",
            "Mixed_5b.cat1",
        ]
    );
    // The shortcut's block is its level, under the seq.
    assert!(Parts::BLOCKS
        .iter()
        .any(|b| b.name == "down.downsample" && b.level));
    // An identifier that is not snake_case is a name as PyTorch writes it; the const
    // is upper-cased.
    assert_eq!(Parts::MIXED_5B_BRANCH1X1_CONV.output.to_string(), "4x4x4");
    assert_eq!(Parts::DOWN_DOWNSAMPLE_0.output.to_string(), "8x4x4");
}

cnn::cnn! {
    pub struct Strings;
    input 4x8x8;
    // RegNet's `block1-0`, and a dotted name: its segments under the level.
    trunk: seq {
        "block1-0": seq { conv 4 k1; relu }
        "inner_blocks.2.0": conv 4 k1;
    }
    // A top-level name may start with a digit, as a bare nn.Sequential's keys do.
    "0": conv 4 k1;
    r#type: relu;
}

#[test]
fn string_names_and_consts() {
    assert_eq!(
        names(Strings::LAYERS),
        [
            "input",
            "trunk.block1-0.0",
            "trunk.block1-0.1",
            "trunk.inner_blocks.2.0",
            "0",
            "type",
        ]
    );
    // Every character but a letter or digit is `_`; a leading digit gets a `_`.
    assert_eq!(Strings::TRUNK_BLOCK1_0_0.params, 4 * 4 + 4);
    assert_eq!(Strings::TRUNK_INNER_BLOCKS_2_0.params, 4 * 4 + 4);
    assert_eq!(Strings::_0.params, 4 * 4 + 4);
    assert_eq!(Strings::TYPE.params, 0);
    // The tensors: `{path}.weight`, as a state_dict keys them.
    let layer = Strings::TRUNK_INNER_BLOCKS_2_0;
    let keys: Vec<String> = layer
        .param_shapes()
        .iter()
        .map(|p| p.key(layer.name).to_string())
        .collect();
    assert_eq!(
        keys,
        [
            "trunk.inner_blocks.2.0.weight",
            "trunk.inner_blocks.2.0.bias"
        ]
    );
}

cnn::cnn! {
    pub struct Scale;
    input 8x4x4;
    // ConvNeXt's layer_scale: a bare nn.Parameter, its tensor the path itself.
    block: seq { residual { conv 8 k1; layer_scale: layerscale } }
}

#[test]
fn a_layer_scale_is_its_path() {
    let layer = Scale::BLOCK_LAYER_SCALE;
    let params = layer.param_shapes();
    assert_eq!(params[0].key(layer.name).to_string(), "block.layer_scale");
    assert_eq!(*params[0].dims, [8, 1, 1]);
}

cnn::cnn! {
    pub struct Permutes;
    input 8x4x4;
    // ConvNeXt's block: the two permutes of `channelslast` take positions 1 and 6.
    block: seq {
        conv 8 k7 p3 dw;
        channelslast { ln eps 1e-6; dense 32; gelu; dense 8 }
        relu;
    }
}

#[test]
fn channels_last_permutes_take_positions() {
    assert_eq!(
        names(Permutes::LAYERS),
        ["input", "block.0", "block.2", "block.3", "block.4", "block.5", "block.7"]
    );
    // Inside it a `dense` is nn.Linear at every position: [out, in], positions kept.
    let fc = Permutes::BLOCK_3;
    assert!(matches!(fc.kind, cnn::Kind::Linear(_)));
    assert_eq!(fc.output.to_string(), "32x4x4");
    assert_eq!((fc.params, fc.macs), ((8 + 1) * 32, 8 * 32 * 4 * 4));
    assert_eq!(&*fc.param_shapes()[0].dims, &[32, 8]);
}
