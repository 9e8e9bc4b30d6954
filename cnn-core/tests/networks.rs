//! Whole networks: names, blocks, errors that surface together, and the limits.
#![allow(clippy::identity_op)] // formulas are written out in full, `*1` included

mod common;

use cnn_core::*;
use common::*;

#[test]
fn seed_rows() {
    let (layers, totals) = net(&lenet());
    let rows: Vec<(String, String, u64)> = layers
        .iter()
        .map(|l| (l.name.clone(), l.output.to_string(), l.params))
        .collect();
    let expect = [
        ("input", "1x28x28", 0),
        ("conv2d1", "32x24x24", (5 * 5 + 1) * 32),
        ("maxpool1", "32x12x12", 0),
        ("conv2d2", "32x10x10", (3 * 3 * 32 + 1) * 32),
        ("maxpool2", "32x5x5", 0),
        ("dense1", "256", (32 * 5 * 5 + 1) * 256),
        ("dense2", "10", (256 + 1) * 10),
    ];
    for (row, (name, size, params)) in rows.iter().zip(expect) {
        assert_eq!(
            (row.0.as_str(), row.1.as_str(), row.2),
            (name, size, params)
        );
    }
    assert_eq!(totals.params, 217_706);
    assert_eq!(totals.non_trainable, 0);
    // 25*32*24*24 + 288*32*10*10 + 800*256 + 256*10
    assert_eq!(totals.macs, 460_800 + 921_600 + 204_800 + 2_560);
    assert_eq!(totals.input, 784);
    assert_eq!(totals.activations, 18_432 + 4_608 + 3_200 + 800 + 256 + 10);
}

#[test]
fn names_and_network_errors() {
    let (layers, _) = net(&[
        Kind::Input(Shape::image(3, 8, 8)),
        Kind::Conv(conv(8, 3)),
        Kind::Activation(Activation::Relu6),
        Kind::Activation(Activation::Relu),
        Kind::Conv(conv(8, 3)),
        Kind::Activation(Activation::Relu6),
        Kind::BatchNorm(Norm::DEFAULT),
    ]);
    let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        ["input", "conv2d1", "relu6_1", "relu1", "conv2d2", "relu6_2", "bn1"]
    );

    let nodes = [Node::layer(Kind::Conv(conv(8, 3)))];
    let err = first_error(&nodes);
    assert_eq!(err.kind, ErrorKind::MissingInput);
    assert_eq!(first_error(&[]).kind, ErrorKind::Empty);
    let input = Node::layer(Kind::Input(Shape::Flat(4)));
    let err = first_error(&[input, input]);
    assert_eq!((err.id, err.kind), (1, ErrorKind::SecondInput));
}

#[test]
fn identity_residual() {
    let nodes = identity_residual_net();
    let (layers, blocks, totals) = run(&nodes).unwrap();
    let names: Vec<(&str, u32)> = layers.iter().map(|l| (l.name.as_str(), l.depth)).collect();
    assert_eq!(
        names,
        [
            ("input", 0),
            ("conv2d1", 1),
            ("bn1", 1),
            ("add1", 1),
            ("relu1", 0)
        ]
    );
    assert_eq!(layers[3].kind, Kind::Add);
    assert_eq!(layers[3].output, Shape::image(8, 4, 4));
    // conv 3*3*8*8 without bias, BatchNorm 2*8 (+ 2*8); MACs 576 per position, 16 positions.
    assert_eq!(blocks.len(), 1);
    let b = &blocks[0];
    assert_eq!(
        (b.name.as_str(), b.kind, b.depth, b.first, b.len),
        ("residual1", BlockKind::Residual, 0, 1, 3)
    );
    assert_eq!(
        (b.params, b.non_trainable, b.macs),
        (576 + 16, 16, 576 * 16)
    );
    assert_eq!((totals.params, totals.macs), (592, 9_216));
}

#[test]
fn projection_shortcut_and_its_summary() {
    let nodes = [
        vec![Node::layer(Kind::Input(Shape::image(4, 8, 8)))],
        // (8 + 2 - 3) / 2 + 1 = 4, and the 1x1 stride-2 projection: (8 - 1) / 2 + 1 = 4.
        block(
            BlockKind::Residual,
            &[
                &[Node::layer(conv_with(8, 3, 2, 1))],
                &[Node::layer(conv_with(8, 1, 2, 0))],
            ],
        ),
    ]
    .concat();
    let (layers, blocks, totals) = run(&nodes).unwrap();
    let depths: Vec<u32> = layers.iter().map(|l| l.depth).collect();
    assert_eq!(depths, [0, 1, 2, 1]);
    let b: Vec<(&str, BlockKind, u32, usize, usize, u64)> = blocks
        .iter()
        .map(|b| (b.name.as_str(), b.kind, b.depth, b.first, b.len, b.params))
        .collect();
    assert_eq!(
        b,
        [
            (
                "residual1",
                BlockKind::Residual,
                0,
                1,
                3,
                3 * 3 * 4 * 8 + 4 * 8
            ),
            ("shortcut1", BlockKind::Shortcut, 1, 2, 1, 4 * 8),
        ]
    );
    let table = Summary::new(&layers, &blocks, &report(&layers, totals)).to_string();
    let expect = [
        // MACs per row: 288 and 32 per output position, 16 positions; a block's, its
        // layers'.
        "  #  name         size        parameters           MACs  field",
        "---  -----------  ----------  ------------------  -----  -----",
        "  0  input        4x8x8                        0      0  1",
        "     residual1    8x4x4                      320  5_120",
        "  1    conv2d1    8x4x4       3*3*4*8 =      288  4_608  3",
        "       shortcut1  8x4x4                       32    512",
        "  2      conv2d2  8x4x4       1*1*4*8 =       32    512  1",
        // The sum sees the wider of the two fields.
        "  3    add1       8x4x4                        0      0  3",
        "",
        "Total params: 320",
        "Trainable params: 320",
        "Non-trainable params: 0",
        // 288 * 16 + 32 * 16 multiply-accumulates.
        "MACs: 5_120",
    ];
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[..expect.len()], expect);
}

#[test]
fn repeat_runs_the_body_in_sequence() {
    let nodes = [
        vec![Node::layer(Kind::Input(Shape::image(2, 10, 10)))],
        block(
            BlockKind::Repeat(3),
            &[&[Node::layer(conv_with(2, 3, 1, 0))]],
        ),
    ]
    .concat();
    let mut nodes = nodes;
    nodes[1].name = Some("stack");
    let (layers, blocks, _) = run(&nodes).unwrap();
    // 10 -> 8 -> 6 -> 4. A named repeat is a level: its passes' layers are spliced
    // into it, numbered by position (§12).
    let rows: Vec<(&str, String)> = layers
        .iter()
        .map(|l| (l.name.as_str(), l.output.to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            ("input", "2x10x10".to_string()),
            ("stack.0", "2x8x8".to_string()),
            ("stack.1", "2x6x6".to_string()),
            ("stack.2", "2x4x4".to_string()),
        ]
    );
    assert_eq!(
        (blocks[0].name.as_str(), blocks[0].kind, blocks[0].len),
        ("stack", BlockKind::Repeat(3), 3)
    );
    assert_eq!(blocks[0].params, 3 * (3 * 3 * 2 * 2));
}

#[test]
fn block_errors() {
    // The body doubles the channels and halves the size; the identity keeps 4x8x8.
    let nodes = [
        vec![Node::layer(Kind::Input(Shape::image(4, 8, 8)))],
        block(
            BlockKind::Residual,
            &[&[Node::layer(conv_with(8, 3, 2, 1))]],
        ),
    ]
    .concat();
    let err = first_error(&nodes);
    assert_eq!(
        err.kind,
        ErrorKind::ShapeMismatch {
            body: Shape::image(8, 4, 4),
            shortcut: Shape::image(4, 8, 8),
            explicit: false
        }
    );
    assert_eq!(err.id, 1);
    assert_eq!(
        err.help().unwrap().to_string(),
        "add after the block `shortcut { conv 8 k1 s2 nobias; bn }`"
    );

    let relu = Node::layer(Kind::Activation(Activation::Relu));
    let input = Node::layer(Kind::Input(Shape::Flat(4)));
    let repeat = |count, body: &[Node<'static>]| {
        [vec![input], block(BlockKind::Repeat(count), &[body])].concat()
    };
    // `repeat 0` is an empty block: no layers, the input passes through; its body is not
    // evaluated (a conv that would not fit is no error).
    let (layers, blocks, totals) = run(&repeat(0, &[relu])).unwrap();
    assert_eq!(layers.len(), 1);
    assert_eq!((blocks.len(), blocks[0].len), (1, 0));
    assert_eq!((totals.params, blocks[0].output), (0, Shape::Flat(4)));
    let too_big = Node::layer(Kind::Dense(Dense {
        units: u64::MAX,
        bias: true,
    }));
    assert!(run(&repeat(0, &[too_big])).is_ok());
    // The input and 99_999 passes make exactly MAX_LAYERS layers; one more pass is E12.
    assert!(run(&repeat(MAX_LAYERS - 1, &[relu])).is_ok());
    assert_eq!(
        first_error(&repeat(MAX_LAYERS, &[relu])).kind,
        ErrorKind::TooManyLayers {
            count: MAX_LAYERS,
            per_pass: 1
        }
    );
    assert!(matches!(
        first_error(&repeat(u64::MAX, &[relu, relu])).kind,
        ErrorKind::TooManyLayers { .. }
    ));
}

#[test]
fn independent_errors_all_surface() {
    let p2 = Pool {
        padding: PerAxis::uniform(2),
        ..pool(2)
    };
    let nodes = [
        Node::layer(Kind::Input(Shape::image(1, 4, 4))),
        Node::layer(Kind::Conv(conv(8, 5))),
        Node::layer(Kind::Activation(Activation::Relu)),
        Node::layer(Kind::MaxPool(p2)),
        Node {
            name: None,
            op: Op::Unread(Some(Kind::BatchNorm(Norm::DEFAULT))),
        },
    ];
    let mut errors = Vec::new();
    let mut unread = Vec::new();
    let totals = evaluate(&nodes, |event| match event {
        Event::Error(e) => errors.push((e.id, e.kind, e.input)),
        Event::Unread {
            id,
            name,
            index,
            input,
        } => unread.push((id, name.map(|n| n.to_string()), index, input)),
        _ => {}
    });
    assert!(totals.is_none());
    // The kernel that does not fit, then the pooling padding, checked without its input.
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].0, 1);
    assert!(matches!(errors[0].1, ErrorKind::WindowTooLarge { .. }));
    assert_eq!(
        errors[1],
        (
            3,
            ErrorKind::PoolPadding {
                padding: PerAxis::uniform(2),
                kernel: PerAxis::uniform(2)
            },
            None
        )
    );
    assert_eq!(unread, [(4, Some("bn1".to_string()), 4, None)]);
}

#[test]
fn every_layer_is_named_after_an_error() {
    // The kernel of conv2d1 does not fit: every later layer is still named, once.
    let relu = Node::layer(Kind::Activation(Activation::Relu));
    let nodes = [
        vec![
            Node::layer(Kind::Input(Shape::image(1, 8, 8))),
            Node::layer(Kind::Conv(conv(4, 50))),
            relu,
        ],
        block(
            BlockKind::Residual,
            &[&[Node::layer(Kind::Conv(conv(4, 3)))]],
        ),
        block(BlockKind::Repeat(2), &[&[relu]]),
        vec![Node::layer(dense(10))],
    ]
    .concat();
    let mut names = Vec::new();
    let totals = evaluate(&nodes, |event| match event {
        Event::Layer { layer, .. } => names.push(layer.name.to_string()),
        Event::Skipped { name, .. } => names.push(name.to_string()),
        Event::Block { .. } | Event::Error(_) | Event::Unread { .. } => {}
    });
    assert!(totals.is_none());
    assert_eq!(
        names,
        ["input", "conv2d1", "relu1", "conv2d2", "add1", "relu2", "relu3", "dense1"]
    );
}

#[test]
fn limits_are_counted_before_the_work() {
    let input = Node::layer(Kind::Input(Shape::Flat(4)));
    let relu = Node::layer(Kind::Activation(Activation::Relu));
    let repeat = |count, body: &[Node<'static>]| block(BlockKind::Repeat(count), &[body]);
    // The input and 99_999 written layers make MAX_LAYERS; one more is refused, on it.
    let mut nodes = vec![input];
    nodes.extend(core::iter::repeat_n(relu, MAX_LAYERS as usize - 1));
    assert!(run(&nodes).is_ok());
    nodes.push(relu);
    let err = first_error(&nodes);
    assert_eq!(err.kind, ErrorKind::TooLong { blocks: false });
    assert_eq!((err.id, err.index), (100_000, 100_000));
    // Empty bodies: each pass counts, so u64::MAX passes are refused at once.
    assert_eq!(
        first_error(&[vec![input], repeat(u64::MAX, &[])].concat()).kind,
        ErrorKind::TooManyPasses { count: u64::MAX }
    );
    // 99_999 passes and the block itself are MAX_BLOCKS; one pass more is too many.
    assert!(run(&[vec![input], repeat(MAX_BLOCKS - 1, &[])].concat()).is_ok());
    assert_eq!(
        first_error(&[vec![input], repeat(MAX_BLOCKS, &[])].concat()).kind,
        ErrorKind::TooManyPasses { count: MAX_BLOCKS }
    );
    // Nested counts multiply: 100 passes of (a block and 1_000 passes) = 100_201.
    let err = first_error(&[vec![input], repeat(100, &repeat(1_000, &[]))].concat());
    assert_eq!(
        (err.kind, err.id),
        (ErrorKind::TooManyPasses { count: 100 }, 1)
    );
}

#[test]
fn a_residual_mismatch_names_the_layers_that_shaped_it() {
    // input 8x8x8; residual { conv 16 k1; bn; relu } shortcut { conv 16 k3 s2 p1 }:
    // the body's shape comes from conv2d1 (layer 1), the shortcut's from conv2d2
    // (layer 4); bn and relu keep it.
    let nodes = [
        vec![Node::layer(Kind::Input(Shape::image(8, 8, 8)))],
        block(
            BlockKind::Residual,
            &[
                &[
                    Node::layer(Kind::Conv(conv(16, 1))),
                    Node::layer(Kind::BatchNorm(Norm::DEFAULT)),
                    Node::layer(Kind::Activation(Activation::Relu)),
                ],
                &[Node::layer(conv_with(16, 3, 2, 1))],
            ],
        ),
    ]
    .concat();
    let err = first_error(&nodes);
    assert_eq!(
        err.to_string(),
        "the residual body gives 16x8x8 (from conv2d1, layer 1) but the shortcut gives \
         16x4x4 (from conv2d2, layer 4) in residual1 (layer 5, input is 8x8x8)"
    );
    // A nested block that keeps its shape is not what shaped the outer one.
    let nodes = [
        vec![Node::layer(Kind::Input(Shape::image(8, 8, 8)))],
        block(
            BlockKind::Residual,
            &[&[
                vec![Node::layer(Kind::Conv(conv(16, 1)))],
                block(
                    BlockKind::Residual,
                    &[&[
                        Node::layer(Kind::Conv(conv(4, 1))),
                        Node::layer(Kind::Conv(conv(16, 1))),
                    ]],
                ),
            ]
            .concat()],
        ),
    ]
    .concat();
    let err = first_error(&nodes);
    assert_eq!(
        err.shaped_by[0].map(|(n, i)| (n.to_string(), i)),
        Some(("conv2d1".to_string(), 1))
    );
    assert_eq!(err.shaped_by[1], None);
}
