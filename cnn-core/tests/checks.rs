//! The rules of the language and their messages: zero sizes, overflow at `u64::MAX`, and the text of every error and fix.
#![allow(clippy::identity_op)] // formulas are written out in full, `*1` included

mod common;

use cnn_core::*;
use common::*;

#[test]
fn rule_violations() {
    let map = Shape::image(32, 8, 8);
    let g4 = Conv {
        groups: Groups::Count(4),
        ..conv(30, 3)
    };
    assert_eq!(
        fails(Kind::Conv(g4), map),
        ErrorKind::Groups {
            groups: 4,
            in_channels: 32,
            out_channels: 30
        }
    );
    let dw = Conv {
        groups: Groups::Depthwise,
        ..conv(48, 3)
    };
    assert!(matches!(
        fails(Kind::Conv(dw), map),
        ErrorKind::Depthwise { .. }
    ));
    let p2 = Pool {
        padding: PerAxis::uniform(2),
        ..pool(2)
    };
    assert!(matches!(
        fails(Kind::MaxPool(p2), map),
        ErrorKind::PoolPadding { .. }
    ));
    let p1 = Pool {
        padding: PerAxis::uniform(1),
        ..pool(2)
    };
    assert_eq!(apply(Kind::MaxPool(p1), map).output, Shape::image(32, 5, 5));
    let flat = Shape::Flat(10);
    for kind in [
        Kind::Conv(conv(8, 3)),
        Kind::MaxPool(pool(2)),
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
        fails(Kind::Conv(conv(8, 0)), map),
        ErrorKind::Zero(Arg::Kernel)
    );
    assert_eq!(
        fails(Kind::Conv(conv(0, 3)), map),
        ErrorKind::Zero(Arg::Value)
    );
    let s0 = Conv {
        stride: PerAxis::new(1, 0),
        ..conv(8, 3)
    };
    assert_eq!(fails(Kind::Conv(s0), map), ErrorKind::Zero(Arg::Stride));
    assert_eq!(fails(dense(0), map), ErrorKind::Zero(Arg::Value));
    assert_eq!(
        fails(Kind::Input(Shape::image(0, 28, 28)), map),
        ErrorKind::Zero(Arg::Value)
    );
    // A zero-length axis at every rank: the length of a signal, each axis of a volume.
    for shape in [
        Shape::signal(1, 0),
        Shape::image(1, 0, 3),
        Shape::image(1, 3, 0),
        Shape::volume(2, 0, 3, 3),
        Shape::volume(2, 3, 0, 3),
        Shape::volume(2, 3, 3, 0),
    ] {
        assert_eq!(
            fails(Kind::Input(shape), map),
            ErrorKind::Zero(Arg::Value),
            "{shape}"
        );
    }
    assert!(Kind::Input(Shape::volume(2, 1, 1, 1)).apply(map).is_ok());
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
    let huge = Shape::image(1, 4_000_000_000, 4_000_000_000);
    assert_eq!(
        fails(Kind::Conv(conv(100_000, 3)), huge),
        ErrorKind::Overflow(Quantity::Elements)
    );
    assert_eq!(
        fails(Kind::Input(Shape::image(2, max, 2)), huge),
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
    let padded = Kind::Conv(Conv {
        padding: Padding::Explicit(PerAxis::uniform(max / 2 + 1)),
        ..conv(1, 1)
    });
    assert_eq!(
        fails(padded, Shape::image(1, 1, 1)),
        ErrorKind::Overflow(Quantity::Window)
    );
}

#[test]
fn messages() {
    let nodes = [
        Node::layer(Kind::Input(Shape::image(1, 12, 12))),
        Node::layer(Kind::Conv(conv(32, 5))),
        Node::layer(Kind::MaxPool(pool(2))),
        Node::layer(Kind::Conv(conv(32, 5))),
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
    let strided = Conv {
        stride: PerAxis::uniform(2),
        ..conv(8, 5)
    };
    let nodes = [
        Node::layer(Kind::Input(Shape::image(1, 3, 3))),
        Node::layer(Kind::Conv(strided)),
    ];
    let err = first_error(&nodes);
    assert_eq!(
        err.help().unwrap().to_string(),
        "add padding p1, or use a kernel of at most 3"
    );
    let g4 = Conv {
        groups: Groups::Count(4),
        ..conv(30, 3)
    };
    let nodes = [
        Node::layer(Kind::Input(Shape::image(32, 8, 8))),
        Node {
            name: Some("mix"),
            op: Op::Layer(Kind::Conv(g4)),
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

#[test]
fn layers_on_a_zero_length_axis_refuse_it() {
    // The run-time API can hand a layer a shape no input would pass: every windowed
    // layer refuses it rather than underflowing.
    let k3 = Kind::Conv(conv(4, 3));
    for shape in [
        Shape::signal(1, 0),
        Shape::image(1, 0, 5),
        Shape::volume(1, 5, 5, 0),
    ] {
        assert!(k3.apply(shape).is_err(), "{shape}");
        assert!(
            Kind::MaxPool(Pool::new(PerAxis::uniform(2)))
                .apply(shape)
                .is_err(),
            "{shape}"
        );
    }
}

#[test]
fn eps_and_momentum_follow_the_language() {
    let bn = |eps, momentum| Kind::BatchNorm(Norm { eps, momentum }).check();
    assert_eq!(bn(1e-5, 0.1), Ok(()));
    // torchvision's MobileNetV3, and a momentum of exactly 1 (the batch's own).
    assert_eq!(bn(1e-3, 0.01), Ok(()));
    assert_eq!(bn(1e-5, 1.0), Ok(()));
    assert_eq!(bn(0.0, 0.1), Err(ErrorKind::EpsRange));
    assert_eq!(bn(-1e-5, 0.1), Err(ErrorKind::EpsRange));
    assert_eq!(bn(f64::INFINITY, 0.1), Err(ErrorKind::EpsRange));
    assert_eq!(bn(1e-5, 0.0), Err(ErrorKind::MomentumRange));
    assert_eq!(bn(1e-5, 1.5), Err(ErrorKind::MomentumRange));
    assert_eq!(bn(1e-5, f64::NAN), Err(ErrorKind::MomentumRange));
    let ln = Kind::LayerNorm(Norm {
        eps: 0.0,
        ..Norm::DEFAULT
    });
    assert_eq!(ln.check(), Err(ErrorKind::EpsRange));
    assert_eq!(ErrorKind::EpsRange.arg(), Arg::Eps);
    // The counts do not depend on them.
    let map = Shape::image(16, 4, 4);
    let tight = Kind::BatchNorm(Norm {
        eps: 1e-3,
        momentum: 0.01,
    });
    assert_eq!(
        apply(tight, map),
        apply(Kind::BatchNorm(Norm::DEFAULT), map)
    );
}
