//! 1-D signals and 3-D volumes through the run-time API: PyTorch's `Conv1d`,
//! `MaxPool1d`, `Conv3d` and `MaxPool3d` arithmetic at every axis, by hand.

mod common;

use cnn_core::*;
use common::*;

fn conv_nd(filters: u64, kernel: PerAxis, stride: PerAxis, padding: PerAxis, bias: bool) -> Kind {
    Kind::Conv(Conv {
        kernel,
        stride,
        padding: Padding::Explicit(padding),
        bias,
        ..Conv::new(filters, kernel)
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
    assert_eq!(clip.sizes(), Some(PerAxis::new3(16, 112, 112)));
    assert_eq!(Shape::image(3, 4, 4).sizes(), Some(PerAxis::uniform(4)));
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
        PerAxis::uniform(80),
        PerAxis::uniform(4),
        PerAxis::uniform(0),
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
    let pool = Kind::MaxPool(Pool::new(PerAxis::uniform(4)));
    assert_eq!(
        apply(pool, Shape::signal(128, 3981)).output,
        Shape::signal(128, 995)
    );
    // Global average pooling keeps one value per channel; BatchNorm1d counts 2*C.
    assert_eq!(
        apply(Kind::GlobalAvgPool, Shape::signal(128, 995)).output,
        Shape::signal(128, 1)
    );
    assert_eq!(
        apply(Kind::BatchNorm(Norm::DEFAULT), Shape::signal(128, 995)).params,
        256
    );
    // Two numbers for one axis is E16.
    let wrong = conv_nd(
        8,
        PerAxis::new(3, 5),
        PerAxis::uniform(1),
        PerAxis::uniform(0),
        true,
    );
    let err = fails(wrong, Shape::signal(1, 100));
    assert_eq!(
        err,
        ErrorKind::AxisCount {
            arg: Arg::Kernel,
            value: PerAxis::new(3, 5),
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
        PerAxis::new3(3, 7, 7),
        PerAxis::new3(1, 2, 2),
        PerAxis::new3(1, 3, 3),
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
    let pool = Kind::MaxPool(Pool {
        kernel: PerAxis::new3(1, 3, 3),
        stride: PerAxis::new3(1, 2, 2),
        padding: PerAxis::new3(0, 1, 1),
        ceil: false,
        rank: Some(3),
    });
    assert_eq!(
        apply(pool, Shape::volume(64, 16, 56, 56)).output,
        Shape::volume(64, 16, 28, 28)
    );
    // A 3x3x3 convolution on 64 channels with padding 1 keeps the size:
    // (3*3*3*64 + 1)*64 parameters.
    let cube = conv_nd(
        64,
        PerAxis::uniform(3),
        PerAxis::uniform(1),
        PerAxis::uniform(1),
        true,
    );
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
        PerAxis::new3(3, 7, 7),
        PerAxis::uniform(1),
        PerAxis::uniform(0),
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
        PerAxis::uniform(80),
        PerAxis::uniform(4),
        PerAxis::uniform(0),
        true,
    );
    let f = Field::INPUT.through(&conv, Shape::signal(1, 16_000));
    assert_eq!(
        (f.size, f.jump, f.center.1),
        (PerAxis::uniform(80), PerAxis::uniform(4), 39.5)
    );
    let pool = Kind::MaxPool(Pool::new(PerAxis::uniform(4)));
    let f = f.through(&pool, Shape::signal(128, 3981));
    assert_eq!(
        (f.size, f.jump, f.center.1),
        (PerAxis::uniform(92), PerAxis::uniform(16), 45.5)
    );
    // 3-D: the stem's (3, 7, 7) window with padding (1, 3, 3) centers the first field
    // on the first voxel along every axis: (3-1)/2 - 1 = 0, (7-1)/2 - 3 = 0.
    let stem = conv_nd(
        64,
        PerAxis::new3(3, 7, 7),
        PerAxis::new3(1, 2, 2),
        PerAxis::new3(1, 3, 3),
        false,
    );
    let f = Field::INPUT.through(&stem, Shape::volume(3, 16, 112, 112));
    assert_eq!(f.size, PerAxis::new3(3, 7, 7));
    assert_eq!(f.jump, PerAxis::new3(1, 2, 2));
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
            PerAxis::uniform(80),
            PerAxis::uniform(4),
            PerAxis::uniform(0),
            true,
        )),
        Node::layer(Kind::BatchNorm(Norm::DEFAULT)),
        Node::layer(Kind::Activation(Activation::Relu)),
        Node::layer(Kind::MaxPool(Pool::new(PerAxis::uniform(4)))),
        Node::layer(Kind::Conv(conv(128, 3))),
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
    let wrong = conv_nd(
        8,
        PerAxis::new(3, 5),
        PerAxis::uniform(1),
        PerAxis::uniform(0),
        true,
    );
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
    let long = Node::layer(Kind::Conv(conv(8, 80)));
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
    let k = PerAxis::new3(3, 5, 7);
    assert_eq!((k.along(3, 0), k.along(3, 1), k.along(3, 2)), (3, 5, 7));
    assert_eq!((k.along(2, 0), k.along(2, 1)), (5, 7));
    assert_eq!((k.along(9, 0), k.along(3, 9)), (3, 7));
    assert_eq!(k.volume(3), Some(105));
    assert_eq!(k.written(3).to_string(), "3x5x7");
    assert_eq!(PerAxis::uniform(3).written(2).to_string(), "3x3");
    assert_eq!(
        (PerAxis::new(4, 4), PerAxis::new(4, 4).rank()),
        (PerAxis::uniform(4), 0)
    );
}

#[test]
fn boundaries_at_ranks_one_and_three() {
    let signal = |l| Shape::signal(2, l);
    let k = |k| {
        conv_nd(
            4,
            PerAxis::uniform(k),
            PerAxis::uniform(1),
            PerAxis::uniform(0),
            true,
        )
    };
    // A window as long as the signal fits (one output); one longer does not, and
    // padding 1 on each side makes room for two more.
    assert_eq!(apply(k(80), signal(80)).output, Shape::signal(4, 1));
    assert!(matches!(
        fails(k(81), signal(80)),
        ErrorKind::WindowTooLarge {
            axis: Axis::Length,
            window: 81,
            padded: 80,
            ..
        }
    ));
    let padded = conv_nd(
        4,
        PerAxis::uniform(82),
        PerAxis::uniform(1),
        PerAxis::uniform(1),
        true,
    );
    assert_eq!(apply(padded, signal(80)).output, Shape::signal(4, 1));
    // Ceil-mode pooling on 1-D: MaxPool1d(2, ceil_mode=True) on 1 gives 1; on 5, 3
    // (ceil(3/2) + 1); floor mode on 1 is refused.
    let ceil = Kind::MaxPool(Pool {
        ceil: true,
        ..pool(2)
    });
    assert_eq!(apply(ceil, signal(1)).output, Shape::signal(2, 1));
    assert_eq!(apply(ceil, signal(5)).output, Shape::signal(2, 3));
    assert!(matches!(
        fails(Kind::MaxPool(pool(2)), signal(1)),
        ErrorKind::WindowTooLarge {
            axis: Axis::Length,
            window: 2,
            padded: 1,
            ..
        }
    ));
    // 3-D: a depth of 3 takes k3 along it and not k4; per axis, the error names depth.
    let volume = Shape::volume(1, 3, 5, 5);
    let cube = |d| {
        conv_nd(
            2,
            PerAxis::new3(d, 5, 5),
            PerAxis::uniform(1),
            PerAxis::uniform(0),
            true,
        )
    };
    assert_eq!(apply(cube(3), volume).output, Shape::volume(2, 1, 1, 1));
    assert!(matches!(
        fails(cube(4), volume),
        ErrorKind::WindowTooLarge {
            axis: Axis::Depth,
            window: 4,
            padded: 3,
            ..
        }
    ));
    // Transposed convolutions at ranks 1 and 3: ConvTranspose1d(8, 4, 4, stride=2,
    // padding=1) doubles 50 to (50-1)*2 - 2 + 3 + 1 = 100; ConvTranspose3d(8, 4, 2,
    // stride=2) doubles every axis, with 8*4*2*2*2 + 4 parameters.
    let up = |k, s, p| {
        Kind::ConvTranspose(ConvTranspose {
            stride: PerAxis::uniform(s),
            padding: PerAxis::uniform(p),
            ..ConvTranspose::new(4, PerAxis::uniform(k))
        })
    };
    assert_eq!(
        apply(up(4, 2, 1), Shape::signal(8, 50)).output,
        Shape::signal(4, 100)
    );
    let out = apply(up(2, 2, 0), Shape::volume(8, 4, 6, 6));
    assert_eq!(
        (out.output, out.params),
        (Shape::volume(4, 8, 12, 12), 8 * 4 * 8 + 4)
    );
    assert_eq!(out.macs, 8 * 8 * 4 * 4 * 6 * 6);
    // Output padding along the depth only: stride 2x1x1 takes op1 there, not elsewhere.
    let op = |o: PerAxis| {
        Kind::ConvTranspose(ConvTranspose {
            stride: PerAxis::new3(2, 1, 1),
            output_padding: o,
            ..ConvTranspose::new(4, PerAxis::uniform(1))
        })
    };
    assert!(op(PerAxis::new3(1, 0, 0)).check().is_ok());
    assert!(op(PerAxis::new3(1, 1, 0)).check().is_err());
    // Adaptive pooling at rank 3 and resizing at rank 1.
    assert_eq!(
        apply(
            Kind::AdaptiveAvgPool(PerAxis::new3(1, 7, 7)),
            Shape::volume(8, 4, 14, 14)
        )
        .output,
        Shape::volume(8, 1, 7, 7)
    );
    let resize = Kind::Resize(Resize {
        size: PerAxis::uniform(160),
        mode: Interpolation::Linear,
    });
    assert_eq!(apply(resize, signal(80)).output, Shape::signal(2, 160));
    // A rank keyword on its rank and on another.
    let conv1d = Kind::Conv(Conv {
        rank: Some(1),
        ..Conv::new(4, PerAxis::uniform(3))
    });
    assert_eq!(apply(conv1d, signal(10)).output, Shape::signal(4, 8));
    assert_eq!(
        fails(conv1d, Shape::image(2, 10, 10)),
        ErrorKind::Rank { wants: 1, rank: 2 }
    );
    let pool3d = Kind::AvgPool(Pool {
        rank: Some(3),
        ..pool(2)
    });
    assert_eq!(
        apply(pool3d, Shape::volume(1, 2, 2, 2)).output,
        Shape::volume(1, 1, 1, 1)
    );
    assert_eq!(
        fails(pool3d, signal(4)),
        ErrorKind::Rank { wants: 3, rank: 1 }
    );
}

#[test]
fn names_carry_the_rank_of_convolutions_only() {
    // conv1d1 on a signal, conv3d1 on a volume, conv2d1 on an image; pools keep maxpool1.
    let names = |input: Shape| {
        let nodes = [
            Node::layer(Kind::Input(input)),
            Node::layer(Kind::Conv(Conv::new(2, PerAxis::uniform(1)))),
            Node::layer(Kind::ConvTranspose(ConvTranspose::new(
                2,
                PerAxis::uniform(1),
            ))),
            Node::layer(Kind::MaxPool(pool(1))),
        ];
        let (layers, _, _) = run(&nodes).unwrap();
        layers.iter().map(|l| l.name.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        names(signal_of(4)),
        ["input", "conv1d1", "convtranspose1d1", "maxpool1"]
    );
    assert_eq!(
        names(Shape::image(1, 4, 4)),
        ["input", "conv2d1", "convtranspose2d1", "maxpool1"]
    );
    assert_eq!(
        names(Shape::volume(1, 4, 4, 4)),
        ["input", "conv3d1", "convtranspose3d1", "maxpool1"]
    );
}

fn signal_of(l: u64) -> Shape {
    Shape::signal(1, l)
}
