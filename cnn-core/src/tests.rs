//! Every formula checked against values worked out by hand from PyTorch's rules.
#![allow(clippy::identity_op)] // formulas are written out in full, `*1` included

use crate::*;
use std::string::{String, ToString};
use std::vec;
use std::vec::Vec;

fn conv(filters: u64, k: u64) -> Conv2d {
    Conv2d::new(filters, Pair::square(k))
}

fn pool(k: u64) -> Pool2d {
    Pool2d::new(Pair::square(k))
}

fn dense(units: u64) -> Kind {
    Kind::Dense(Dense { units, bias: true })
}

fn apply(kind: Kind, input: Shape) -> Applied {
    kind.apply(input).unwrap()
}

fn fails(kind: Kind, input: Shape) -> ErrorKind {
    kind.apply(input).unwrap_err()
}

/// Evaluates `nodes`: the layers, blocks (outer first) and totals, or the errors.
#[allow(clippy::type_complexity)]
fn run<'a>(
    nodes: &[Node<'a>],
) -> Result<(Vec<Layer<String>>, Vec<Block<String>>, Totals), Vec<Error<'a>>> {
    let (mut layers, mut blocks, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    let totals = evaluate(nodes, |event| match event {
        Event::Layer { layer, .. } => layers.push(layer.map_name(|n| n.to_string())),
        Event::Block { block, .. } => blocks.push(block.map_name(|n| n.to_string())),
        Event::Error(e) => errors.push(e),
        Event::Unread { .. } | Event::Skipped { .. } => {}
    });
    blocks.sort_by_key(|b| (b.first, b.depth));
    match totals {
        Some(totals) if errors.is_empty() => Ok((layers, blocks, totals)),
        _ => Err(errors),
    }
}

fn net(kinds: &[Kind]) -> (Vec<Layer<String>>, Totals) {
    let nodes: Vec<Node> = kinds.iter().map(|&kind| Node::layer(kind)).collect();
    let (layers, _, totals) = run(&nodes).unwrap();
    (layers, totals)
}

/// The report of an evaluated network in `f32`.
fn report(layers: &[Layer<String>], totals: Totals) -> Report {
    let field = layers.last().map_or(Field::INPUT, |l| l.field);
    Report::new(totals, Dtype::F32, field).unwrap()
}

/// The first error of a network.
fn first_error<'a>(nodes: &[Node<'a>]) -> Error<'a> {
    run(nodes).err().unwrap()[0]
}

fn lenet() -> [Kind; 7] {
    [
        Kind::Input(Shape::spatial(1, 28, 28)),
        Kind::Conv2d(conv(32, 5)),
        Kind::MaxPool2d(pool(2)),
        Kind::Conv2d(conv(32, 3)),
        Kind::MaxPool2d(pool(2)),
        dense(256),
        dense(10),
    ]
}

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
fn seed_summary_table() {
    let mut kinds = lenet().to_vec();
    kinds.pop();
    let mut nodes: Vec<Node> = kinds.iter().map(|&kind| Node::layer(kind)).collect();
    nodes.push(Node {
        name: Some("output"),
        op: Op::Layer(dense(10)),
    });
    let (layers, blocks, totals) = run(&nodes).unwrap();
    let report = report(&layers, totals);
    let table = Summary::new(&layers, &blocks, &report).to_string();
    let expect = [
        "  #  name      size        parameters                 field",
        "---  --------  ----------  -------------------------  -----",
        "  0  input     1x28x28                             0  1",
        "  1  conv2d1   32x24x24    (5*5*1+1)*32   =      832  5",
        "  2  maxpool1  32x12x12                            0  6",
        "  3  conv2d2   32x10x10    (3*3*32+1)*32  =    9_248  10",
        "  4  maxpool2  32x5x5                              0  12",
        "  5  dense1    256         (32*5*5+1)*256 =  205_056  28",
        "  6  output    10          (256+1)*10     =    2_570  28",
        "",
        "Total params: 217_706",
        "Trainable params: 217_706",
        "Non-trainable params: 0",
        "MACs: 1_589_760",
        // 12 + (5 - 1) * 4: the dense layer sees the whole 5x5 map of 4-pixel jumps.
        "Receptive field: 28",
        "Element type: f32 (4 bytes a value)",
        // torchinfo's, as `torchinfo.summary(lenet, input_size=(1, 1, 28, 28))` prints
        // them: the input's 784 * 4 bytes and the storage's 64-byte header, 3_200; twice
        // the outputs of the layers with parameters, 2 * (18_432 + 3_200 + 256 + 10) * 4
        // = 175_184; the parameters, 217_706 * 4 = 870_824; their sum 1_049_208.
        "Input size (MB): 0.00",
        "Forward/backward pass size (MB): 0.18",
        "Params size (MB): 0.87",
        "Estimated Total Size (MB): 1.05",
        // Every layer's output once, (18_432 + 4_608 + 3_200 + 800 + 256 + 10) * 4 =
        // 109_224; parameters with running statistics (none here), 870_824.
        "Activations size (MB): 0.11",
        "Params and buffers size (MB): 0.87",
        // maxpool1's 32x24x24 input and 32x12x12 output: 23_040 * 4 bytes.
        "Peak activation size (MB): 0.09",
    ]
    .join("\n");
    assert_eq!(table, expect);
}

#[test]
fn stride_and_padding() {
    // ResNet's stem: (224 + 2*3 - 7) / 2 + 1 = 112.
    let stem = Conv2d {
        stride: Pair::square(2),
        padding: Padding::Explicit(Pair::square(3)),
        bias: false,
        ..conv(64, 7)
    };
    let out = apply(Kind::Conv2d(stem), Shape::spatial(3, 224, 224));
    assert_eq!(out.output, Shape::spatial(64, 112, 112));
    assert_eq!(out.params, 7 * 7 * 3 * 64);
    assert_eq!(out.macs, 7 * 7 * 3 * 64 * 112 * 112);
    // Floor: (10 + 2*1 - 3) / 2 + 1 = 5, and rectangular values per axis.
    let rect = Conv2d {
        kernel: Pair::new(3, 1),
        stride: Pair::new(2, 1),
        padding: Padding::Explicit(Pair::new(1, 0)),
        ..conv(4, 3)
    };
    let out = apply(Kind::Conv2d(rect), Shape::spatial(2, 10, 7));
    assert_eq!(out.output, Shape::spatial(4, 5, 7));
    assert_eq!(out.params, (3 * 1 * 2 + 1) * 4);
}

#[test]
fn same_and_valid() {
    let same = |s| {
        Kind::Conv2d(Conv2d {
            stride: Pair::square(s),
            padding: Padding::Same,
            ..conv(8, 3)
        })
    };
    // Keras: ceil(225 / 1) = 225, ceil(225 / 2) = 113.
    assert_eq!(
        apply(same(1), Shape::spatial(3, 225, 225)).output,
        Shape::spatial(8, 225, 225)
    );
    assert_eq!(
        apply(same(2), Shape::spatial(3, 225, 225)).output,
        Shape::spatial(8, 113, 113)
    );
    // `valid` is no padding: 225 - 2 = 223.
    let valid = Kind::Conv2d(Conv2d {
        padding: Padding::Explicit(Pair::square(0)),
        ..conv(8, 3)
    });
    assert_eq!(
        apply(valid, Shape::spatial(3, 225, 225)).output,
        Shape::spatial(8, 223, 223)
    );
}

#[test]
fn dilation() {
    let dilated = |p| {
        Kind::Conv2d(Conv2d {
            dilation: Pair::square(2),
            padding: Padding::Explicit(Pair::square(p)),
            ..conv(4, 3)
        })
    };
    // Effective window 2*(3-1)+1 = 5: 32 - 4 = 28; padding 2 keeps 32.
    assert_eq!(
        apply(dilated(0), Shape::spatial(1, 32, 32)).output,
        Shape::spatial(4, 28, 28)
    );
    assert_eq!(
        apply(dilated(2), Shape::spatial(1, 32, 32)).output,
        Shape::spatial(4, 32, 32)
    );
    // Dilation adds no parameters: (3*3*1+1)*4.
    assert_eq!(apply(dilated(0), Shape::spatial(1, 32, 32)).params, 40);
}

#[test]
fn groups_and_depthwise() {
    let grouped = Kind::Conv2d(Conv2d {
        groups: Groups::Count(4),
        padding: Padding::Explicit(Pair::square(1)),
        ..conv(64, 3)
    });
    let out = apply(grouped, Shape::spatial(32, 8, 8));
    // Each filter sees 32/4 = 8 channels: (3*3*8+1)*64; MACs 3*3*8*64*8*8.
    assert_eq!(out.params, 4_672);
    assert_eq!(out.macs, 294_912);
    let dw = Kind::Conv2d(Conv2d {
        groups: Groups::Depthwise,
        padding: Padding::Explicit(Pair::square(1)),
        bias: false,
        ..conv(32, 3)
    });
    let out = apply(dw, Shape::spatial(32, 8, 8));
    // One channel per filter: 3*3*1*32; MACs 3*3*1*32*8*8.
    assert_eq!(out.params, 288);
    assert_eq!(out.macs, 18_432);
    // A depth multiplier of 2: 64 filters over 32 groups.
    let dw2 = Kind::Conv2d(Conv2d {
        groups: Groups::Depthwise,
        ..conv(64, 3)
    });
    assert_eq!(apply(dw2, Shape::spatial(32, 8, 8)).params, (9 + 1) * 64);
}

#[test]
fn nobias() {
    let conv_nb = Kind::Conv2d(Conv2d {
        bias: false,
        ..conv(32, 5)
    });
    assert_eq!(apply(conv_nb, Shape::spatial(1, 28, 28)).params, 5 * 5 * 32);
    let dense_nb = Kind::Dense(Dense {
        units: 10,
        bias: false,
    });
    let out = apply(dense_nb, Shape::Flat(100));
    assert_eq!((out.params, out.macs), (1_000, 1_000));
}

#[test]
fn pooling_floor_and_ceil() {
    let with = |k, s, p, ceil| {
        Kind::MaxPool2d(Pool2d {
            kernel: Pair::square(k),
            stride: Pair::square(s),
            padding: Pair::square(p),
            ceil,
        })
    };
    let side = |kind: Kind, i| match apply(kind, Shape::spatial(1, i, i)).output {
        Shape::Spatial { height, .. } => height,
        Shape::Flat(_) => unreachable!(),
    };
    // (5 - 2) / 2 + 1: floor 2, ceil 3 (the last window starts at 4, inside).
    assert_eq!(side(with(2, 2, 0, false), 5), 2);
    assert_eq!(side(with(2, 2, 0, true), 5), 3);
    // (7 - 2) / 3: floor 2, ceil 3 (last start 6 < 7).
    assert_eq!(side(with(2, 3, 0, false), 7), 2);
    assert_eq!(side(with(2, 3, 0, true), 7), 3);
    // k1 s3 on 5: ceil gives 3 windows, but the third starts at 6 >= 5: PyTorch drops it.
    assert_eq!(side(with(1, 3, 0, true), 5), 2);
    // k2 s3 p1 on 2: padded 4, ceil((4-2)/3)+1 = 2, but (2-1)*3 = 3 >= 2+1: drop to 1.
    assert_eq!(side(with(2, 3, 1, true), 2), 1);
    // AlexNet's overlapping pool: (55 - 3) / 2 + 1 = 27.
    assert_eq!(side(with(3, 2, 0, false), 55), 27);
    // ResNet's stem pool k3 s2 p1: (112 + 2 - 3) / 2 + 1 = 56.
    assert_eq!(side(with(3, 2, 1, false), 112), 56);
    // Average pooling follows the same arithmetic: k3 s1 p1 keeps the size.
    let avg = Kind::AvgPool2d(Pool2d {
        stride: Pair::square(1),
        padding: Pair::square(1),
        ..pool(3)
    });
    assert_eq!(
        apply(avg, Shape::spatial(16, 8, 8)).output,
        Shape::spatial(16, 8, 8)
    );
}

#[test]
fn batchnorm_on_maps_and_vectors() {
    let out = apply(Kind::BatchNorm, Shape::spatial(16, 8, 8));
    // weight + bias learnable, running mean + variance not: 2*16 each.
    assert_eq!((out.params, out.non_trainable, out.macs), (32, 32, 0));
    assert_eq!(out.output, Shape::spatial(16, 8, 8));
    let out = apply(Kind::BatchNorm, Shape::Flat(100));
    assert_eq!((out.params, out.non_trainable), (200, 200));
}

#[test]
fn shape_only_layers() {
    let map = Shape::spatial(512, 7, 7);
    assert_eq!(
        apply(Kind::GlobalAvgPool, map).output,
        Shape::spatial(512, 1, 1)
    );
    assert_eq!(apply(Kind::Flatten, map).output, Shape::Flat(25_088));
    assert_eq!(
        apply(Kind::Flatten, Shape::Flat(10)).output,
        Shape::Flat(10)
    );
    for a in Activation::ALL {
        let out = apply(Kind::Activation(a), map);
        assert_eq!((out.output, out.params, out.macs), (map, 0, 0));
    }
    assert_eq!(apply(Kind::Dropout(Dropout { p: 0.0 }), map).output, map);
    assert_eq!(apply(Kind::Dropout(Dropout { p: 0.999 }), map).output, map);
}

#[test]
fn dense_flattens_a_map() {
    let out = apply(dense(256), Shape::spatial(32, 5, 5));
    assert_eq!(out.output, Shape::Flat(256));
    assert_eq!(out.params, (32 * 5 * 5 + 1) * 256);
    assert_eq!(out.macs, 32 * 5 * 5 * 256);
}

#[test]
fn window_too_large() {
    let err = fails(Kind::Conv2d(conv(8, 5)), Shape::spatial(32, 3, 3));
    assert_eq!(
        err,
        ErrorKind::WindowTooLarge {
            axis: Axis::Height,
            window: 5,
            padded: 3,
            input: 3,
            padding: 0,
            dilation: 1
        }
    );
    assert_eq!(err.arg(), Arg::Kernel);
    // A 1-wide kernel along the height fits; the width does not.
    let tall = Conv2d {
        kernel: Pair::new(1, 5),
        ..conv(8, 1)
    };
    assert!(matches!(
        fails(Kind::Conv2d(tall), Shape::spatial(1, 4, 4)),
        ErrorKind::WindowTooLarge {
            axis: Axis::Width,
            ..
        }
    ));
    // Exactly fitting is one output.
    assert_eq!(
        apply(Kind::Conv2d(conv(8, 5)), Shape::spatial(1, 5, 5)).output,
        Shape::spatial(8, 1, 1)
    );
    assert!(matches!(
        fails(Kind::MaxPool2d(pool(2)), Shape::spatial(1, 1, 1)),
        ErrorKind::WindowTooLarge { .. }
    ));
}

#[test]
fn rule_violations() {
    let map = Shape::spatial(32, 8, 8);
    let g4 = Conv2d {
        groups: Groups::Count(4),
        ..conv(30, 3)
    };
    assert_eq!(
        fails(Kind::Conv2d(g4), map),
        ErrorKind::Groups {
            groups: 4,
            in_channels: 32,
            out_channels: 30
        }
    );
    let dw = Conv2d {
        groups: Groups::Depthwise,
        ..conv(48, 3)
    };
    assert!(matches!(
        fails(Kind::Conv2d(dw), map),
        ErrorKind::Depthwise { .. }
    ));
    let p2 = Pool2d {
        padding: Pair::square(2),
        ..pool(2)
    };
    assert!(matches!(
        fails(Kind::MaxPool2d(p2), map),
        ErrorKind::PoolPadding { .. }
    ));
    let p1 = Pool2d {
        padding: Pair::square(1),
        ..pool(2)
    };
    assert_eq!(
        apply(Kind::MaxPool2d(p1), map).output,
        Shape::spatial(32, 5, 5)
    );
    let flat = Shape::Flat(10);
    for kind in [
        Kind::Conv2d(conv(8, 3)),
        Kind::MaxPool2d(pool(2)),
        Kind::GlobalAvgPool,
    ] {
        assert_eq!(fails(kind, flat), ErrorKind::NeedsSpatial);
    }
    for p in [1.0, 1.5, -0.1, f64::NAN] {
        assert_eq!(
            fails(Kind::Dropout(Dropout { p }), map),
            ErrorKind::DropoutRange
        );
    }
    assert_eq!(
        fails(Kind::Conv2d(conv(8, 0)), map),
        ErrorKind::Zero(Arg::Kernel)
    );
    assert_eq!(
        fails(Kind::Conv2d(conv(0, 3)), map),
        ErrorKind::Zero(Arg::Value)
    );
    let s0 = Conv2d {
        stride: Pair::new(1, 0),
        ..conv(8, 3)
    };
    assert_eq!(fails(Kind::Conv2d(s0), map), ErrorKind::Zero(Arg::Stride));
    assert_eq!(fails(dense(0), map), ErrorKind::Zero(Arg::Value));
    assert_eq!(
        fails(Kind::Input(Shape::spatial(0, 28, 28)), map),
        ErrorKind::Zero(Arg::Value)
    );
}

#[test]
fn overflow_at_the_boundary() {
    let max = u64::MAX;
    // u64::MAX inputs times one unit without bias is exactly u64::MAX: fine.
    let nb = Kind::Dense(Dense {
        units: 1,
        bias: false,
    });
    let out = apply(nb, Shape::Flat(max));
    assert_eq!((out.params, out.macs), (max, max));
    // With a bias it is u64::MAX + 1.
    assert_eq!(
        fails(dense(1), Shape::Flat(max)),
        ErrorKind::Overflow(Quantity::Params)
    );
    // 100_000 maps of (4e9 - 2)^2 values.
    let huge = Shape::spatial(1, 4_000_000_000, 4_000_000_000);
    assert_eq!(
        fails(Kind::Conv2d(conv(100_000, 3)), huge),
        ErrorKind::Overflow(Quantity::Elements)
    );
    assert_eq!(
        fails(Kind::Input(Shape::spatial(2, max, 2)), huge),
        ErrorKind::Overflow(Quantity::Elements)
    );
    // Totals overflow on the layer that crosses u64::MAX: (u64::MAX / 3) * 3 parameters,
    // then three more.
    let three = Kind::Dense(Dense {
        units: 3,
        bias: false,
    });
    let nodes = [
        Node::layer(Kind::Input(Shape::Flat(max / 3))),
        Node::layer(three),
        Node::layer(nb),
    ];
    let err = first_error(&nodes);
    assert_eq!(
        (err.index, err.kind),
        (2, ErrorKind::Overflow(Quantity::TotalParams))
    );
    // u64::MAX inputs and one output are more values alive at once than u64 holds.
    let nodes = [Node::layer(Kind::Input(Shape::Flat(max))), Node::layer(nb)];
    let err = first_error(&nodes);
    assert_eq!(
        (err.index, err.kind),
        (1, ErrorKind::Overflow(Quantity::Live))
    );
    // A padded input past u64::MAX.
    let padded = Kind::Conv2d(Conv2d {
        padding: Padding::Explicit(Pair::square(max / 2 + 1)),
        ..conv(1, 1)
    });
    assert_eq!(
        fails(padded, Shape::spatial(1, 1, 1)),
        ErrorKind::Overflow(Quantity::Window)
    );
}

#[test]
fn names_and_network_errors() {
    let (layers, _) = net(&[
        Kind::Input(Shape::spatial(3, 8, 8)),
        Kind::Conv2d(conv(8, 3)),
        Kind::Activation(Activation::Relu6),
        Kind::Activation(Activation::Relu),
        Kind::Conv2d(conv(8, 3)),
        Kind::Activation(Activation::Relu6),
        Kind::BatchNorm,
    ]);
    let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        ["input", "conv2d1", "relu6_1", "relu1", "conv2d2", "relu6_2", "bn1"]
    );

    let nodes = [Node::layer(Kind::Conv2d(conv(8, 3)))];
    let err = first_error(&nodes);
    assert_eq!(err.kind, ErrorKind::MissingInput);
    assert_eq!(first_error(&[]).kind, ErrorKind::Empty);
    let input = Node::layer(Kind::Input(Shape::Flat(4)));
    let err = first_error(&[input, input]);
    assert_eq!((err.id, err.kind), (1, ErrorKind::SecondInput));
}

#[test]
fn messages() {
    let nodes = [
        Node::layer(Kind::Input(Shape::spatial(1, 12, 12))),
        Node::layer(Kind::Conv2d(conv(32, 5))),
        Node::layer(Kind::MaxPool2d(pool(2))),
        Node::layer(Kind::Conv2d(conv(32, 5))),
    ];
    let err = first_error(&nodes);
    assert_eq!(
        err.to_string(),
        "kernel 5 does not fit the input height 4 in conv2d2 (layer 3, input is 32x4x4)"
    );
    // Stride 1: padding (5-1)/2 = 2 keeps 4x4; 4 fits a kernel of at most 4.
    assert_eq!(
        err.help().unwrap().to_string(),
        "add padding p2 to keep 4x4, or use a kernel of at most 4"
    );
    // Stride 2 cannot keep the size: the least padding that fits, 3 + 2p >= 5, is p1.
    let strided = Conv2d {
        stride: Pair::square(2),
        ..conv(8, 5)
    };
    let nodes = [
        Node::layer(Kind::Input(Shape::spatial(1, 3, 3))),
        Node::layer(Kind::Conv2d(strided)),
    ];
    let err = first_error(&nodes);
    assert_eq!(
        err.help().unwrap().to_string(),
        "add padding p1, or use a kernel of at most 3"
    );
    let g4 = Conv2d {
        groups: Groups::Count(4),
        ..conv(30, 3)
    };
    let nodes = [
        Node::layer(Kind::Input(Shape::spatial(32, 8, 8))),
        Node {
            name: Some("mix"),
            op: Op::Layer(Kind::Conv2d(g4)),
        },
    ];
    let err = first_error(&nodes);
    assert_eq!(
        err.to_string(),
        "groups 4 must divide both the 32 input and the 30 output channels in mix (layer 1, input is 32x8x8)"
    );
    assert_eq!(
        err.help().unwrap().to_string(),
        "use a group count that divides both, such as g2"
    );
}

#[test]
fn grouped_numbers() {
    assert_eq!(Grouped(0).to_string(), "0");
    assert_eq!(Grouped(999).to_string(), "999");
    assert_eq!(Grouped(1_000).to_string(), "1_000");
    assert_eq!(Grouped(u64::MAX).to_string(), "18_446_744_073_709_551_615");
}

fn conv_with(filters: u64, k: u64, s: u64, p: u64) -> Kind {
    Kind::Conv2d(Conv2d {
        stride: Pair::square(s),
        padding: Padding::Explicit(Pair::square(p)),
        bias: false,
        ..conv(filters, k)
    })
}

/// A block of `kind` with `parts`, as `evaluate` reads it: the block node, then each
/// part's node and its nodes.
fn block<'a>(kind: BlockKind, parts: &[&[Node<'a>]]) -> Vec<Node<'a>> {
    let len = parts.iter().map(|p| p.len() + 1).sum();
    let mut nodes = vec![Node::block(kind, len)];
    for part in parts {
        nodes.push(Node::part(part.len()));
        nodes.extend_from_slice(part);
    }
    nodes
}

#[test]
fn identity_residual() {
    let nodes = [
        vec![Node::layer(Kind::Input(Shape::spatial(8, 4, 4)))],
        block(
            BlockKind::Residual,
            &[&[
                Node::layer(conv_with(8, 3, 1, 1)),
                Node::layer(Kind::BatchNorm),
            ]],
        ),
        vec![Node::layer(Kind::Activation(Activation::Relu))],
    ]
    .concat();
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
    assert_eq!(layers[3].output, Shape::spatial(8, 4, 4));
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
        vec![Node::layer(Kind::Input(Shape::spatial(4, 8, 8)))],
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
        "  #  name         size        parameters          field",
        "---  -----------  ----------  ------------------  -----",
        "  0  input        4x8x8                        0  1",
        "     residual1    8x4x4                      320",
        "  1    conv2d1    8x4x4       3*3*4*8 =      288  3",
        "       shortcut1  8x4x4                       32",
        "  2      conv2d2  8x4x4       1*1*4*8 =       32  1",
        // The sum sees the wider of the two fields.
        "  3    add1       8x4x4                        0  3",
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
        vec![Node::layer(Kind::Input(Shape::spatial(2, 10, 10)))],
        block(
            BlockKind::Repeat(3),
            &[&[Node::layer(conv_with(2, 3, 1, 0))]],
        ),
    ]
    .concat();
    let mut nodes = nodes;
    nodes[1].name = Some("stack");
    let (layers, blocks, _) = run(&nodes).unwrap();
    // 10 -> 8 -> 6 -> 4, numbered on through the passes.
    let rows: Vec<(&str, String)> = layers
        .iter()
        .map(|l| (l.name.as_str(), l.output.to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            ("input", "2x10x10".to_string()),
            ("conv2d1", "2x8x8".to_string()),
            ("conv2d2", "2x6x6".to_string()),
            ("conv2d3", "2x4x4".to_string()),
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
        vec![Node::layer(Kind::Input(Shape::spatial(4, 8, 8)))],
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
            body: Shape::spatial(8, 4, 4),
            shortcut: Shape::spatial(4, 8, 8),
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
    assert_eq!(first_error(&repeat(0, &[relu])).kind, ErrorKind::RepeatZero);
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
    let p2 = Pool2d {
        padding: Pair::square(2),
        ..pool(2)
    };
    let nodes = [
        Node::layer(Kind::Input(Shape::spatial(1, 4, 4))),
        Node::layer(Kind::Conv2d(conv(8, 5))),
        Node::layer(Kind::Activation(Activation::Relu)),
        Node::layer(Kind::MaxPool2d(p2)),
        Node {
            name: None,
            op: Op::Unread(Some(Kind::BatchNorm)),
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
                padding: Pair::square(2),
                kernel: Pair::square(2)
            },
            None
        )
    );
    assert_eq!(unread, [(4, Some("bn1".to_string()), 4, None)]);
}

/// Evaluates `nodes` and gives each layer with the values alive while it runs.
fn lives(nodes: &[Node]) -> (Vec<(String, u64)>, Totals) {
    let mut rows = Vec::new();
    let totals = evaluate(nodes, |e| {
        if let Event::Layer { layer, live, .. } = e {
            rows.push((layer.name.to_string(), live));
        }
    })
    .unwrap();
    (rows, totals)
}

#[test]
fn receptive_fields_of_lenet() {
    let (layers, _) = net(&lenet());
    let fields: Vec<(u64, u64, f64)> = layers
        .iter()
        .map(|l| (l.field.size.h, l.field.jump.h, l.field.center.0))
        .collect();
    // r' = r + (k-1)*j, j' = j*s, c' = c + ((k-1)/2 - p)*j, from (1, 1, 0).
    assert_eq!(
        fields,
        [
            (1, 1, 0.0),
            (5, 1, 2.0),    // conv k5
            (6, 2, 2.5),    // pool 2
            (10, 2, 4.5),   // conv k3: 6 + 2*2
            (12, 4, 5.5),   // pool 2: 10 + 1*2
            (28, 20, 13.5), // dense over 5x5: 12 + 4*4, centred on the 28 pixels
            (28, 20, 13.5), // a flat input's field is already everything
        ]
    );
}

#[test]
fn receptive_fields_of_vgg16() {
    let c = |filters| {
        Kind::Conv2d(Conv2d {
            padding: Padding::Explicit(Pair::square(1)),
            ..conv(filters, 3)
        })
    };
    let p = Kind::MaxPool2d(pool(2));
    let mut kinds = vec![Kind::Input(Shape::spatial(3, 224, 224))];
    for (filters, n) in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)] {
        kinds.extend(std::iter::repeat_n(c(filters), n));
        kinds.push(p);
    }
    let (layers, totals) = net(&kinds);
    let size = |name: &str| layers.iter().find(|l| l.name == name).unwrap().field.size.h;
    // 3, 5 | 6 | 10, 14 | 16 | 24, 32, 40 | 44 | 60, 76, 92 | 100 | 132, 164, 196 | 212
    assert_eq!(size("conv2d2"), 5);
    assert_eq!(size("maxpool1"), 6);
    assert_eq!(size("conv2d10"), 92);
    assert_eq!(size("conv2d13"), 196); // conv5_3
    assert_eq!(size("maxpool5"), 212); // pool5
    assert_eq!(layers.last().unwrap().field.jump, Pair::square(32));
    // Padding 1 keeps every 3x3 field centred on pixel 0 until the first pooling.
    assert_eq!(layers[2].field.center, (0.0, 0.0));
    // The peak: conv1_2 has two 64x224x224 maps alive.
    assert_eq!(totals.peak, 2 * 64 * 224 * 224);
    assert_eq!(totals.peak_at, 2);
}

#[test]
fn receptive_fields_with_same_and_dilation() {
    // Keras `same` with k3 s2 on 8: out 4, total padding (4-1)*2 + 3 - 8 = 1, left 0.
    let same = Kind::Conv2d(Conv2d {
        stride: Pair::square(2),
        padding: Padding::Same,
        ..conv(4, 3)
    });
    let f = Field::INPUT.through(&same, Shape::spatial(1, 8, 8));
    assert_eq!(
        (f.size, f.jump, f.center),
        (Pair::square(3), Pair::square(2), (1.0, 1.0))
    );
    // Dilation 2 spreads a 3-tap kernel over 5 pixels; padding 2 centres it on pixel 0.
    let dilated = Kind::Conv2d(Conv2d {
        dilation: Pair::square(2),
        padding: Padding::Explicit(Pair::square(2)),
        ..conv(4, 3)
    });
    let f = Field::INPUT.through(&dilated, Shape::spatial(1, 8, 8));
    assert_eq!((f.size, f.center), (Pair::square(5), (0.0, 0.0)));
    // Rectangular: a 1x7 kernel widens only the width.
    let wide = Kind::Conv2d(Conv2d {
        kernel: Pair::new(1, 7),
        ..conv(4, 1)
    });
    let f = Field::INPUT.through(&wide, Shape::spatial(1, 8, 8));
    assert_eq!((f.size, f.center), (Pair::new(1, 7), (0.0, 3.0)));
}

#[test]
fn peak_memory_by_hand() {
    // LeNet: input 784; then in + out: 784+18_432, 18_432+4_608, 4_608+3_200,
    // 3_200+800, 800+256, 256+10. The pooling after the first conv is the peak.
    let (rows, totals) = lives(&lenet().map(Node::layer));
    let live: Vec<u64> = rows.iter().map(|r| r.1).collect();
    assert_eq!(live, [784, 19_216, 23_040, 7_808, 4_000, 1_056, 266]);
    assert_eq!((totals.peak, totals.peak_at), (23_040, 2));

    // Identity residual on 8x4x4 (128 values): the block keeps its input alive.
    let nodes = [
        vec![Node::layer(Kind::Input(Shape::spatial(8, 4, 4)))],
        block(
            BlockKind::Residual,
            &[&[
                Node::layer(conv_with(8, 3, 1, 1)),
                Node::layer(Kind::BatchNorm),
            ]],
        ),
        vec![Node::layer(Kind::Activation(Activation::Relu))],
    ]
    .concat();
    let (rows, totals) = lives(&nodes);
    let live: Vec<u64> = rows.iter().map(|r| r.1).collect();
    // conv: x (held, its input) + out; bn: x + in + out; add: x + body + out; relu: in + out.
    assert_eq!(live, [128, 256, 384, 384, 256]);
    assert_eq!(totals.peak, 384);

    // Projection residual on 4x8x8 (256 values), body and shortcut to 8x4x4 (128).
    let nodes = [
        vec![Node::layer(Kind::Input(Shape::spatial(4, 8, 8)))],
        block(
            BlockKind::Residual,
            &[
                &[
                    Node::layer(conv_with(8, 3, 2, 1)),
                    Node::layer(Kind::BatchNorm),
                ],
                &[
                    Node::layer(conv_with(8, 1, 2, 0)),
                    Node::layer(Kind::BatchNorm),
                ],
            ],
        ),
    ]
    .concat();
    let (rows, totals) = lives(&nodes);
    let live: Vec<u64> = rows.iter().map(|r| r.1).collect();
    // body conv: x 256 + out 128; body bn: x + 128 + 128; shortcut conv: x + body 128 +
    // out 128; shortcut bn: x + body + 128 + 128; add: x + body + shortcut + out.
    assert_eq!(live, [256, 384, 512, 512, 640, 640]);
    assert_eq!((totals.peak, totals.peak_at), (640, 4));
}

#[test]
fn bytes_and_budgets() {
    let (layers, totals) = net(&lenet());
    let f32_report = report(&layers, totals);
    assert_eq!(f32_report.input_bytes, 784 * 4);
    assert_eq!(f32_report.param_bytes, 217_706 * 4);
    assert_eq!(f32_report.activation_bytes, 27_306 * 4);
    assert_eq!(f32_report.peak_activation_bytes, 23_040 * 4);
    let i8_report = Report::new(totals, Dtype::I8, f32_report.field).unwrap();
    assert_eq!(i8_report.param_bytes, 217_706);
    assert_eq!(Dtype::Bf16.bytes(), 2);

    let within = Budget {
        metric: Metric::PeakMemory,
        limit: 92_160,
    };
    assert!(within.check(&f32_report).is_ok());
    let over = Budget {
        metric: Metric::PeakMemory,
        limit: 90_000,
    }
    .check(&f32_report)
    .unwrap_err();
    // 90_000 / 1024 = 87.89 KiB.
    assert_eq!(
        over.to_string(),
        "the activations alive at once peak at 92_160 bytes (90.0 KiB), 2_160 bytes over its budget of 90_000 bytes (87.9 KiB)"
    );
    let over = Budget {
        metric: Metric::Macs,
        limit: 1_000_000,
    }
    .check(&f32_report)
    .unwrap_err();
    assert_eq!(
        over.to_string(),
        "the network has 1_589_760 MACs, 589_760 over its budget of 1_000_000"
    );
    // The layers that weigh most: dense1, conv2d2, output by parameters.
    let params = top_three(
        layers
            .iter()
            .map(|l| Metric::Params.share(l, 0, Dtype::F32)),
    );
    assert_eq!(
        params,
        [Some((5, 205_056)), Some((3, 9_248)), Some((6, 2_570))]
    );
    assert_eq!(top_three([0, 7, 7, 0]), [Some((1, 7)), Some((2, 7)), None]);
    assert_eq!(Binary(256 * 1024).to_string(), "256.0 KiB");
    assert_eq!(Binary(1_500_000).to_string(), "1.4 MiB");
    assert_eq!(Binary(1000).to_string(), "1000 B");
}

/// A max pooling of window `k`, stride `s`, padding `p`, in floor or ceil mode.
fn pool_with(k: u64, s: u64, p: u64, ceil: bool) -> Kind {
    Kind::MaxPool2d(Pool2d {
        kernel: Pair::square(k),
        stride: Pair::square(s),
        padding: Pair::square(p),
        ceil,
    })
}

/// The side of a square output, or the error, of `kind` on a 1xIxI input.
fn side(kind: Kind, i: u64) -> Result<u64, ErrorKind> {
    match kind.apply(Shape::spatial(1, i, i))?.output {
        Shape::Spatial { height, .. } => Ok(height),
        Shape::Flat(_) => unreachable!(),
    }
}

#[test]
fn ceil_mode_on_both_sides_of_each_condition() {
    // PyTorch's pooling_output_shape in ceil mode: floor((i + 2p - k + s - 1) / s) + 1,
    // refused below 1, that is when k > i + 2p + s - 1.
    // k = i + 2p + s - 1 is the largest window: i=1, s=2: k=2 gives 1, k=3 is refused.
    assert_eq!(side(pool_with(2, 2, 0, true), 1), Ok(1));
    assert!(matches!(
        side(pool_with(3, 2, 0, true), 1),
        Err(ErrorKind::WindowTooLarge {
            window: 3,
            padded: 1,
            ..
        })
    ));
    // i=2, s=3: k=4 gives floor((2 - 4 + 2) / 3) + 1 = 1; k=5 is refused.
    assert_eq!(side(pool_with(4, 3, 0, true), 2), Ok(1));
    assert!(side(pool_with(5, 3, 0, true), 2).is_err());
    // With padding, i=1, p=1, s=2: k=4 = 1 + 2 + 1 gives 1; k=5 is refused.
    assert_eq!(side(pool_with(4, 2, 1, true), 1), Ok(1));
    assert!(side(pool_with(5, 2, 1, true), 1).is_err());
    // Floor mode refuses any window past the padded input: k=2 on 1.
    assert!(side(pool_with(2, 2, 0, false), 1).is_err());
    // The last window must start inside the input or its left padding: k2 s2 p1 on 5
    // gives floor((5 + 2 - 2 + 1) / 2) + 1 = 4, whose last would start at 3 * 2 = 6 >=
    // 5 + 1: dropped, 3. On 6 with k3: 4 windows, the last at 6 < 6 + 1: kept.
    assert_eq!(side(pool_with(2, 2, 1, true), 5), Ok(3));
    assert_eq!(side(pool_with(3, 2, 1, true), 6), Ok(4));
    assert_eq!(side(pool_with(3, 2, 1, false), 6), Ok(3));
    // The help states the largest window, i + 2p + s - 1 in ceil mode.
    let nodes = [
        Node::layer(Kind::Input(Shape::spatial(1, 1, 1))),
        Node::layer(pool_with(3, 2, 0, true)),
    ];
    let err = first_error(&nodes);
    assert_eq!(
        err.help().unwrap().to_string(),
        "use a window of at most 2, or remove the pooling"
    );
}

#[test]
fn every_layer_is_named_after_an_error() {
    // The kernel of conv2d1 does not fit: every later layer is still named, once.
    let relu = Node::layer(Kind::Activation(Activation::Relu));
    let nodes = [
        vec![
            Node::layer(Kind::Input(Shape::spatial(1, 8, 8))),
            Node::layer(Kind::Conv2d(conv(4, 50))),
            relu,
        ],
        block(
            BlockKind::Residual,
            &[&[Node::layer(Kind::Conv2d(conv(4, 3)))]],
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
        vec![Node::layer(Kind::Input(Shape::spatial(8, 8, 8)))],
        block(
            BlockKind::Residual,
            &[
                &[
                    Node::layer(Kind::Conv2d(conv(16, 1))),
                    Node::layer(Kind::BatchNorm),
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
        vec![Node::layer(Kind::Input(Shape::spatial(8, 8, 8)))],
        block(
            BlockKind::Residual,
            &[&[
                vec![Node::layer(Kind::Conv2d(conv(16, 1)))],
                block(
                    BlockKind::Residual,
                    &[&[
                        Node::layer(Kind::Conv2d(conv(4, 1))),
                        Node::layer(Kind::Conv2d(conv(16, 1))),
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

#[test]
fn same_padding_refuses_stride_with_dilation() {
    let same = |s, d| {
        Kind::Conv2d(Conv2d {
            stride: Pair::square(s),
            dilation: Pair::square(d),
            padding: Padding::Same,
            ..conv(8, 3)
        })
    };
    // Keras: strides above 1 with dilations above 1 are refused, alone each is fine.
    assert!(matches!(
        same(2, 2).check(),
        Err(ErrorKind::SameStrideDilation { .. })
    ));
    assert!(same(2, 1).check().is_ok() && same(1, 2).check().is_ok());
    // PyTorch takes both with explicit padding: floor((8 + 2 - 4 - 1) / 2) + 1 = 3.
    let explicit = Kind::Conv2d(Conv2d {
        stride: Pair::square(2),
        dilation: Pair::square(2),
        padding: Padding::Explicit(Pair::square(1)),
        ..conv(8, 3)
    });
    assert_eq!(side(explicit, 8), Ok(3));
}

#[test]
fn fields_saturate() {
    // Through 65 strided 1x1 convs the jump would be 2^65: it stays at u64::MAX, and the
    // network is evaluated.
    let mut nodes = vec![Node::layer(Kind::Input(Shape::spatial(1, 1, 1)))];
    let strided = Kind::Conv2d(Conv2d {
        stride: Pair::square(2),
        ..conv(1, 1)
    });
    nodes.extend(core::iter::repeat_n(Node::layer(strided), 65));
    let (layers, _, _) = run(&nodes).unwrap();
    let last = layers.last().unwrap().field;
    assert_eq!((last.size.h, last.jump.h), (1, u64::MAX));
    // The 64th conv reaches 2^63 exactly, before saturating.
    assert_eq!(layers[63].field.jump.h, 1 << 63);
}
