//! Residual networks against torchvision's published figures at 3x224x224.

// The network of `examples/resnet18.rs`, so that the example is the one tested.
#[allow(dead_code)]
#[path = "../examples/resnet18.rs"]
mod example;
use example::ResNet18;

const _: () = assert!(ResNet18::PARAMS == 11_689_512);
const _: () = assert!(ResNet18::NON_TRAINABLE_PARAMS == 9_600);
const _: () = assert!(ResNet18::MACS == 1_814_073_344);

#[test]
fn blocks_are_listed_and_nested() {
    use cnn::BlockKind;
    let b = ResNet18::BLOCKS;
    // Each stage is a seq holding its first block (a seq around a residual, with a
    // downsample shortcut in layer2..4) and a repeat of the others.
    let kinds: Vec<BlockKind> = b.iter().map(|b| b.kind).collect();
    assert_eq!(kinds.len(), 4 * 6 + 3);
    assert_eq!(
        (b[0].name, b[0].kind, b[0].level),
        ("layer1", BlockKind::Seq, true)
    );
    assert_eq!(
        (b[1].name, b[1].kind, b[1].depth),
        ("layer1.0", BlockKind::Seq, 1)
    );
    // The residual inside a block is transparent: numbered, not a level; so is the
    // unnamed repeat, whose seq is the stage's position 1.
    assert_eq!((b[2].name, b[2].depth, b[2].level), ("residual1", 2, false));
    assert_eq!(
        (b[3].name, b[3].kind, b[3].level),
        ("repeat1", BlockKind::Repeat(1), false)
    );
    assert_eq!((b[4].name, b[4].depth), ("layer1.1", 2));
    // Each BasicBlock of 64 channels: two 3x3 convs and two BatchNorms.
    assert_eq!(b[2].params, 2 * (3 * 3 * 64 * 64) + 2 * (2 * 64));
    assert_eq!(b[0].params, 2 * b[2].params);
    assert_eq!(b[3].params, b[2].params);
    // The first 128-channel block: its shortcut is a level named downsample.
    let short = b.iter().find(|b| b.kind == BlockKind::Shortcut).unwrap();
    assert_eq!((short.name, short.depth), ("layer2.0.downsample", 3));
    assert_eq!(short.params, 64 * 128 + 2 * 128);
    assert_eq!(short.output.to_string(), "128x28x28");
    // Layers tell their depth; the sum ends each residual, keeping its default name
    // in the level.
    let add = ResNet18::LAYER1_0_ADD1;
    assert_eq!(
        (add.depth, add.output.to_string()),
        (3, "64x56x56".to_string())
    );
    assert_eq!(ResNet18::CONV1.depth, 0);
    assert_eq!(ResNet18::LAYERS.last().unwrap().name, "fc");
    // The second pass of layer1 is its own module: layer1.1.
    assert_eq!(ResNet18::LAYER1_1_CONV1.input.to_string(), "64x56x56");
    assert_eq!(
        ResNet18::LAYER2_0_DOWNSAMPLE_0.output.to_string(),
        "128x28x28"
    );
    // The relu after each residual is unnamed: its position, after conv1, bn1, relu,
    // conv2 and bn2 (the sum takes none) and, in layer2.0, downsample.
    assert_eq!(ResNet18::LAYER1_0_5.kind, ResNet18::RELU.kind);
    assert_eq!(ResNet18::LAYER2_0_6.kind, ResNet18::RELU.kind);
}

#[test]
fn summary_shows_the_structure() {
    let summary = ResNet18::SUMMARY;
    // Block rows: no index, indented names and their totals.
    assert!(summary.contains("\n     layer1 "), "{summary}");
    assert!(summary.contains("\n         residual1 "), "{summary}");
    assert!(
        summary.contains("\n  5        layer1.0.conv1 "),
        "{summary}"
    );
    assert!(summary.contains("\nTotal params: 11_689_512\n"));
    assert!(summary.contains("\nNon-trainable params: 9_600\n"));
}

#[test]
fn torchinfo_lines_are_torchinfos() {
    // What torchinfo 1.8 prints for ResNet-18 at (1, 3, 224, 224). Its layers with
    // parameters output: the stem conv and BatchNorm, 64x112x112 = 802_816 each; in
    // layer1 eight convs and BatchNorms of 64x56x56 = 200_704; in layer2 ten of
    // 128x28x28 = 100_352 (with the projection's); in layer3 ten of 256x14x14 =
    // 50_176; in layer4 ten of 512x7x7 = 25_088; the fc 1_000. That is 4_968_424
    // values, twice and 4 bytes each: 39_747_392 bytes. The sums have no module, and
    // no row.
    let line = |label: &str| {
        ResNet18::SUMMARY
            .lines()
            .find_map(|l| l.strip_prefix(label))
            .unwrap_or_default()
            .to_owned()
    };
    // 3*224*224*4 = 602_112 bytes, and the storage's 64-byte header.
    assert_eq!(line("Input size (MB): "), "0.60");
    assert_eq!(line("Forward/backward pass size (MB): "), "39.75");
    // parameters() only: 11_689_512 * 4 = 46_758_048 bytes.
    assert_eq!(line("Params size (MB): "), "46.76");
    // 602_176 + 39_747_392 + 46_758_048 = 87_107_616 bytes.
    assert_eq!(line("Estimated Total Size (MB): "), "87.11");
    // Ours, with the 9_600 running statistics: (11_689_512 + 9_600) * 4 bytes.
    assert_eq!(ResNet18::PARAM_BYTES, 46_796_448);
    assert_eq!(line("Params and buffers size (MB): "), "46.80");
}
