//! 1-D signals and 3-D volumes through the run-time API: PyTorch's `Conv1d`,
//! `MaxPool1d`, `Conv3d` and `MaxPool3d` arithmetic at every axis, by hand.

mod common;

use cnn_core::*;
use common::*;

fn conv_nd(filters: u64, kernel: Pair, stride: Pair, padding: Pair, bias: bool) -> Kind {
    Kind::Conv2d(Conv2d {
        kernel,
        stride,
        padding: Padding::Explicit(padding),
        bias,
        ..Conv2d::new(filters, kernel)
    })
}

#[test]
fn shapes_of_every_rank() {
    let signal = Shape::signal(1, 16_000);
    let clip = Shape::volume(3, 16, 112, 112);
    assert_eq!(
        (signal.to_string(), signal.rank()),
        ("1x16000".to_string(), 1)
    );
    assert_eq!(
        (clip.to_string(), clip.rank()),
        ("3x16x112x112".to_string(), 3)
    );
    assert_eq!(signal.elements(), Some(16_000));
    assert_eq!(clip.elements(), Some(3 * 16 * 112 * 112));
    assert_eq!(clip.sizes(), Some(Pair::new3(16, 112, 112)));
    assert_eq!(Shape::spatial(3, 4, 4).sizes(), Some(Pair::square(4)));
    assert_eq!(Shape::Flat(10).sizes(), None);
    assert_eq!((clip.channels(), Shape::Flat(10).rank()), (3, 0));
}

#[test]
fn one_dimensional_layers() {
    // M5's first layer, nn.Conv1d(1, 128, 80, stride=4) on 1x16000:
    // floor((16000 - 80) / 4) + 1 = 3981; (80*1 + 1)*128 parameters; 80*1*128 MACs at
    // each of the 3981 positions.
    let conv = conv_nd(
        128,
        Pair::square(80),
        Pair::square(4),
        Pair::square(0),
        true,
    );
    let out = apply(conv, Shape::signal(1, 16_000));
    assert_eq!(out.output, Shape::signal(128, 3981));
    assert_eq!(out.params, (80 + 1) * 128);
    assert_eq!(out.macs, 80 * 128 * 3981);
    assert_eq!(
        conv.formula(Shape::signal(1, 16_000)).unwrap().to_string(),
        "(80*1+1)*128"
    );
    // nn.MaxPool1d(4): floor((3981 - 4) / 4) + 1 = 995.
    let pool = Kind::MaxPool2d(Pool2d::new(Pair::square(4)));
    assert_eq!(
        apply(pool, Shape::signal(128, 3981)).output,
        Shape::signal(128, 995)
    );
    // Global average pooling keeps one value per channel; BatchNorm1d counts 2*C.
    assert_eq!(
        apply(Kind::GlobalAvgPool, Shape::signal(128, 995)).output,
        Shape::signal(128, 1)
    );
    assert_eq!(apply(Kind::BatchNorm, Shape::signal(128, 995)).params, 256);
    // Two numbers for one axis is E16.
    let wrong = conv_nd(8, Pair::new(3, 5), Pair::square(1), Pair::square(0), true);
    let err = fails(wrong, Shape::signal(1, 100));
    assert_eq!(
        err,
        ErrorKind::AxisCount {
            arg: Arg::Kernel,
            value: Pair::new(3, 5),
            given: 2,
            rank: 1
        }
    );
}

#[test]
fn three_dimensional_layers() {
    // r3d_18's stem, nn.Conv3d(3, 64, (3, 7, 7), stride=(1, 2, 2), padding=(1, 3, 3),
    // bias=False) on 3x16x112x112: depth (16 + 2 - 3) / 1 + 1 = 16, height and width
    // (112 + 6 - 7) / 2 + 1 = 56; 3*7*7*3*64 = 28_224 parameters, times 16*56*56 MACs.
    let stem = conv_nd(
        64,
        Pair::new3(3, 7, 7),
        Pair::new3(1, 2, 2),
        Pair::new3(1, 3, 3),
        false,
    );
    let input = Shape::volume(3, 16, 112, 112);
    let out = apply(stem, input);
    assert_eq!(out.output, Shape::volume(64, 16, 56, 56));
    assert_eq!(out.params, 28_224);
    assert_eq!(out.macs, 28_224 * 16 * 56 * 56);
    assert_eq!(stem.formula(input).unwrap().to_string(), "3*7*7*3*64");
    // nn.MaxPool3d((1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1)): depth 16 kept,
    // (56 + 2 - 3) / 2 + 1 = 28.
    let pool = Kind::MaxPool2d(Pool2d {
        kernel: Pair::new3(1, 3, 3),
        stride: Pair::new3(1, 2, 2),
        padding: Pair::new3(0, 1, 1),
        ceil: false,
        rank: Some(3),
    });
    assert_eq!(
        apply(pool, Shape::volume(64, 16, 56, 56)).output,
        Shape::volume(64, 16, 28, 28)
    );
    // A 3x3x3 convolution on 64 channels with padding 1 keeps the size:
    // (3*3*3*64 + 1)*64 parameters.
    let cube = conv_nd(64, Pair::square(3), Pair::square(1), Pair::square(1), true);
    let out = apply(cube, Shape::volume(64, 16, 28, 28));
    assert_eq!(out.output, Shape::volume(64, 16, 28, 28));
    assert_eq!(out.params, (27 * 64 + 1) * 64);
    // Global average pooling and a dense layer on the flattened 64x1x1x1.
    assert_eq!(
        apply(Kind::GlobalAvgPool, Shape::volume(64, 16, 28, 28)).output,
        Shape::volume(64, 1, 1, 1)
    );
    assert_eq!(apply(dense(10), Shape::volume(64, 1, 1, 1)).params, 650);
    // A window that does not fit names the axis: k3x7x7 unpadded on a depth of 2.
    let unpadded = conv_nd(
        64,
        Pair::new3(3, 7, 7),
        Pair::square(1),
        Pair::square(0),
        false,
    );
    assert!(matches!(
        fails(unpadded, Shape::volume(3, 2, 112, 112)),
        ErrorKind::WindowTooLarge {
            axis: Axis::Depth,
            window: 3,
            padded: 2,
            ..
        }
    ));
}

#[test]
fn receptive_fields_per_axis() {
    // 1-D: conv k80 s4 sees 80 samples, jump 4, center 39.5; then a pool of 4 sees
    // 80 + 3*4 = 92 with jump 16, center 39.5 + 1.5*4 = 45.5 (along the length, `.1`).
    let conv = conv_nd(
        128,
        Pair::square(80),
        Pair::square(4),
        Pair::square(0),
        true,
    );
    let f = Field::INPUT.through(&conv, Shape::signal(1, 16_000));
    assert_eq!(
        (f.size, f.jump, f.center.1),
        (Pair::square(80), Pair::square(4), 39.5)
    );
    let pool = Kind::MaxPool2d(Pool2d::new(Pair::square(4)));
    let f = f.through(&pool, Shape::signal(128, 3981));
    assert_eq!(
        (f.size, f.jump, f.center.1),
        (Pair::square(92), Pair::square(16), 45.5)
    );
    // 3-D: the stem's (3, 7, 7) window with padding (1, 3, 3) centers the first field
    // on the first voxel along every axis: (3-1)/2 - 1 = 0, (7-1)/2 - 3 = 0.
    let stem = conv_nd(
        64,
        Pair::new3(3, 7, 7),
        Pair::new3(1, 2, 2),
        Pair::new3(1, 3, 3),
        false,
    );
    let f = Field::INPUT.through(&stem, Shape::volume(3, 16, 112, 112));
    assert_eq!(f.size, Pair::new3(3, 7, 7));
    assert_eq!(f.jump, Pair::new3(1, 2, 2));
    assert_eq!((f.center_depth, f.center), (0.0, (0.0, 0.0)));
}

#[test]
fn a_one_dimensional_network() {
    // input 1x16000; conv 128 k80 s4; bn; relu; pool 4; conv 128 k3; gap; dense 10:
    // (80+1)*128 = 10_368, 2*128 = 256 (+256 running statistics), (3*128+1)*128 =
    // 49_280, (128+1)*10 = 1_290.
    let nodes = [
        Node::layer(Kind::Input(Shape::signal(1, 16_000))),
        Node::layer(conv_nd(
            128,
            Pair::square(80),
            Pair::square(4),
            Pair::square(0),
            true,
        )),
        Node::layer(Kind::BatchNorm),
        Node::layer(Kind::Activation(Activation::Relu)),
        Node::layer(Kind::MaxPool2d(Pool2d::new(Pair::square(4)))),
        Node::layer(Kind::Conv2d(conv(128, 3))),
        Node::layer(Kind::GlobalAvgPool),
        Node::layer(dense(10)),
    ];
    let (layers, _, totals) = run(&nodes).unwrap();
    assert_eq!(totals.params, 10_368 + 256 + 49_280 + 1_290);
    assert_eq!(totals.non_trainable, 256);
    // The second conv: 995 - 3 + 1 = 993 positions.
    assert_eq!(layers[5].output, Shape::signal(128, 993));
    assert_eq!(layers[7].output, Shape::Flat(10));
    // The summary writes 1-D sizes and formulas.
    let report = report(&layers, totals);
    let table = Summary::new(&layers, &[], &report).to_string();
    assert!(table.contains("128x3981"), "{table}");
    assert!(table.contains("(3*128+1)*128"), "{table}");
}

#[test]
fn messages_name_the_axes() {
    let signal = |n| Node::layer(Kind::Input(Shape::signal(1, n)));
    let wrong = conv_nd(8, Pair::new(3, 5), Pair::square(1), Pair::square(0), true);
    let err = first_error(&[signal(100), Node::layer(wrong)]);
    assert_eq!(
        err.to_string(),
        "the kernel gives 2 numbers for the 1 axis of the input in conv1d1 (layer 1, input is 1x100)"
    );
    assert_eq!(
        err.help().unwrap().to_string(),
        "write `k3`, one number for the one axis of `1x100`"
    );
    // k80 on 50 samples: padding 15 keeps nothing (stride 1, an odd span of 79), so the
    // least that fits, ceil((80 - 50) / 2) = 15.
    let long = Node::layer(Kind::Conv2d(conv(8, 80)));
    let err = first_error(&[signal(50), long]);
    assert_eq!(
        err.to_string(),
        "kernel 80 does not fit the input length 50 in conv1d1 (layer 1, input is 1x50)"
    );
    assert_eq!(
        err.help().unwrap().to_string(),
        "add padding p15, or use a kernel of at most 50"
    );
}

#[test]
fn per_axis_values_read_safely() {
    // Values are aligned from the last axis; past three axes, or past the last axis,
    // the last value stands (no panic in the public API).
    let k = Pair::new3(3, 5, 7);
    assert_eq!((k.along(3, 0), k.along(3, 1), k.along(3, 2)), (3, 5, 7));
    assert_eq!((k.along(2, 0), k.along(2, 1)), (5, 7));
    assert_eq!((k.along(9, 0), k.along(3, 9)), (3, 7));
    assert_eq!(k.volume(3), Some(105));
    assert_eq!(k.written(3).to_string(), "3x5x7");
    assert_eq!(Pair::square(3).written(2).to_string(), "3x3");
    assert_eq!(
        (Pair::new(4, 4), Pair::new(4, 4).rank()),
        (Pair::square(4), 0)
    );
}
