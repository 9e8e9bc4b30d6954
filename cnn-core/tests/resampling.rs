//! Layers that change a map's size other than by sliding a window over it: transposed
//! convolutions, upsampling, resizing and adaptive pooling, against values worked out
//! by hand from PyTorch's formulas; and their receptive fields.
#![allow(clippy::identity_op)] // formulas are written out in full, `*1` included

mod common;

use cnn_core::*;
use common::*;

fn upconv(filters: u64, k: u64, s: u64) -> ConvTranspose {
    ConvTranspose {
        stride: PerAxis::uniform(s),
        ..ConvTranspose::new(filters, PerAxis::uniform(k))
    }
}

fn up(c: ConvTranspose) -> Kind {
    Kind::ConvTranspose(c)
}

#[test]
fn transposed_convolutions_as_pytorch_counts_them() {
    // U-Net's last up-convolution: (28-1)*2 - 0 + 1*(2-1) + 0 + 1 = 56; weights
    // Cin x C x 2 x 2 and a bias per output channel; every input value meets C kernels
    // of 2x2.
    let out = apply(up(upconv(512, 2, 2)), Shape::image(1024, 28, 28));
    assert_eq!(out.output, Shape::image(512, 56, 56));
    assert_eq!(out.params, 1024 * 512 * 2 * 2 + 512);
    assert_eq!(out.macs, 2 * 2 * 1024 * 512 * 28 * 28);
    // DCGAN's generator (PyTorch's tutorial): ConvTranspose2d(100, 512, 4, 1, 0,
    // bias=False) on 1x1 gives (1-1)*1 + 3 + 1 = 4, then ConvTranspose2d(512, 256, 4, 2,
    // 1, bias=False) gives (4-1)*2 - 2 + 3 + 1 = 8.
    let first = ConvTranspose {
        bias: false,
        ..upconv(512, 4, 1)
    };
    let out = apply(up(first), Shape::image(100, 1, 1));
    assert_eq!(out.output, Shape::image(512, 4, 4));
    assert_eq!(out.params, 100 * 512 * 4 * 4);
    assert_eq!(out.macs, 4 * 4 * 100 * 512 * 1 * 1);
    let second = ConvTranspose {
        padding: PerAxis::uniform(1),
        bias: false,
        ..upconv(256, 4, 2)
    };
    let out = apply(up(second), Shape::image(512, 4, 4));
    assert_eq!(out.output, Shape::image(256, 8, 8));
    assert_eq!(out.params, 512 * 256 * 4 * 4);
    assert_eq!(out.macs, 4 * 4 * 512 * 256 * 4 * 4);
    // Output padding picks the larger of the sizes stride 2 maps back to 7:
    // (7-1)*2 - 2 + 2 + op + 1 = 13 + op.
    let k3 = ConvTranspose {
        padding: PerAxis::uniform(1),
        ..upconv(4, 3, 2)
    };
    assert_eq!(
        apply(up(k3), Shape::image(8, 7, 7)).output,
        Shape::image(4, 13, 13)
    );
    let k3_op = ConvTranspose {
        output_padding: PerAxis::uniform(1),
        ..k3
    };
    assert_eq!(
        apply(up(k3_op), Shape::image(8, 7, 7)).output,
        Shape::image(4, 14, 14)
    );
    // Per axis, with dilation: height (5-1)*1 + 2*(3-1) + 1 + 1 = 10 (op1 is below the
    // dilation 2), width (5-1)*2 + 1*(3-1) + 1 + 1 = 12.
    let rect = ConvTranspose {
        stride: PerAxis::new(1, 2),
        dilation: PerAxis::new(2, 1),
        output_padding: PerAxis::new(1, 1),
        ..upconv(2, 3, 1)
    };
    assert_eq!(
        apply(up(rect), Shape::image(1, 5, 5)).output,
        Shape::image(2, 10, 12)
    );
    // Groups: weights Cin x C/g x k x k.
    let grouped = ConvTranspose {
        groups: 2,
        ..upconv(8, 2, 2)
    };
    let out = apply(up(grouped), Shape::image(4, 3, 3));
    assert_eq!(out.output, Shape::image(8, 6, 6));
    assert_eq!(out.params, 4 * (8 / 2) * 2 * 2 + 8);
    assert_eq!(out.macs, 2 * 2 * 4 * (8 / 2) * 3 * 3);
    assert_eq!(
        up(grouped)
            .formula(Shape::image(4, 3, 3))
            .unwrap()
            .to_string(),
        "4*8/2*2*2+8"
    );
    assert_eq!(
        up(upconv(512, 2, 2))
            .formula(Shape::image(1024, 28, 28))
            .unwrap()
            .to_string(),
        "1024*512*2*2+512"
    );
    assert_eq!(
        up(first)
            .formula(Shape::image(100, 1, 1))
            .unwrap()
            .to_string(),
        "100*512*4*4"
    );
    assert!(matches!(
        fails(
            up(ConvTranspose {
                groups: 4,
                ..upconv(6, 2, 2)
            }),
            Shape::image(8, 3, 3)
        ),
        ErrorKind::Groups {
            groups: 4,
            in_channels: 8,
            out_channels: 6
        }
    ));
}

#[test]
fn output_padding_on_both_sides_of_the_rule() {
    // PyTorch: output padding must be smaller than either stride or dilation.
    let with = |op: PerAxis, s: PerAxis, d: PerAxis| {
        up(ConvTranspose {
            output_padding: op,
            stride: s,
            dilation: d,
            ..upconv(4, 3, 1)
        })
    };
    let (one, two, three) = (
        PerAxis::uniform(1),
        PerAxis::uniform(2),
        PerAxis::uniform(3),
    );
    let input = Shape::image(4, 5, 5);
    // Equal to the stride, dilation 1: refused; one less: accepted.
    assert!(matches!(
        with(two, two, one).check(),
        Err(ErrorKind::OutputPadding { .. })
    ));
    assert_eq!(
        apply(with(one, two, one), input).output,
        Shape::image(4, 12, 12)
    );
    // Not below the stride but below the dilation: accepted, (5-1)*2 + 3*2 + 2 + 1 = 17.
    assert_eq!(
        apply(with(two, two, three), input).output,
        Shape::image(4, 17, 17)
    );
    // Stride 1 and dilation 1 leave no room at all.
    assert!(with(one, one, one).check().is_err());
    assert!(with(PerAxis::uniform(0), one, one).check().is_ok());
    // Per axis: stride 2x1 takes op1 along the height only.
    assert!(with(PerAxis::new(1, 0), PerAxis::new(2, 1), one)
        .check()
        .is_ok());
    assert!(with(one, PerAxis::new(2, 1), one).check().is_err());
}

#[test]
fn transposed_output_below_one() {
    // On a 1x1 input with k1 s1 the unpadded output is (1-1)*1 + 0 + 0 + 1 = 1: p1 takes
    // 2 from it. With k3 it is 3, and p1 leaves 1.
    let padded = |k| {
        up(ConvTranspose {
            padding: PerAxis::uniform(1),
            ..upconv(2, k, 1)
        })
    };
    let input = Shape::image(1, 1, 1);
    assert_eq!(
        fails(padded(1), input),
        ErrorKind::UpconvEmpty {
            axis: Axis::Height,
            unpadded: 1,
            padding: 1
        }
    );
    assert_eq!(
        fails(padded(2), input),
        ErrorKind::UpconvEmpty {
            axis: Axis::Height,
            unpadded: 2,
            padding: 1
        }
    );
    assert_eq!(apply(padded(3), input).output, Shape::image(2, 1, 1));
    // Zero kernels, strides and filters are E5 before any input.
    assert_eq!(
        up(upconv(2, 0, 1)).check(),
        Err(ErrorKind::Zero(Arg::Kernel))
    );
    assert_eq!(
        up(upconv(2, 2, 0)).check(),
        Err(ErrorKind::Zero(Arg::Stride))
    );
    assert_eq!(
        up(upconv(0, 2, 1)).check(),
        Err(ErrorKind::Zero(Arg::Value))
    );
    // Past u64: E12, never a wrapped size.
    assert_eq!(
        fails(up(upconv(2, 2, u64::MAX)), Shape::image(1, 3, 3)),
        ErrorKind::Overflow(Quantity::Window)
    );
}

#[test]
fn upsampling_resizing_and_adaptive_pooling() {
    let upsample = |scale, mode| Kind::Upsample(Upsample { scale, mode });
    let resize = |size, mode| Kind::Resize(Resize { size, mode });
    let (nearest, bilinear) = (Interpolation::Nearest, Interpolation::Bilinear);
    // nn.Upsample(scale_factor=2): 28 -> 56; (2, 3): 28 -> 56 and 28 -> 84.
    let out = apply(
        upsample(PerAxis::uniform(2), bilinear),
        Shape::image(64, 28, 28),
    );
    assert_eq!(
        (out.output, out.params, out.macs),
        (Shape::image(64, 56, 56), 0, 0)
    );
    let out = apply(
        upsample(PerAxis::new(2, 3), nearest),
        Shape::image(64, 28, 28),
    );
    assert_eq!(out.output, Shape::image(64, 56, 84));
    // F.interpolate(size=224) from FCN's 28x28 scores, and to a rectangle.
    let out = apply(
        resize(PerAxis::uniform(224), bilinear),
        Shape::image(21, 28, 28),
    );
    assert_eq!(
        (out.output, out.params, out.macs),
        (Shape::image(21, 224, 224), 0, 0)
    );
    assert_eq!(
        apply(resize(PerAxis::new(7, 5), nearest), Shape::image(3, 28, 28)).output,
        Shape::image(3, 7, 5)
    );
    // AlexNet's AdaptiveAvgPool2d((6, 6)) after 13x13; VGG's (7, 7) after 7x7; and a
    // size above the input's, which PyTorch allows.
    let avg = |size| Kind::AdaptiveAvgPool(size);
    assert_eq!(
        apply(avg(PerAxis::uniform(6)), Shape::image(256, 13, 13)).output,
        Shape::image(256, 6, 6)
    );
    assert_eq!(
        apply(avg(PerAxis::uniform(7)), Shape::image(512, 7, 7)).output,
        Shape::image(512, 7, 7)
    );
    assert_eq!(
        apply(
            Kind::AdaptiveMaxPool(PerAxis::uniform(3)),
            Shape::image(8, 2, 2)
        )
        .output,
        Shape::image(8, 3, 3)
    );
    // Modes as PyTorch allows them: bilinear and bicubic on 2-D, linear on 1-D,
    // trilinear on 3-D, nearest anywhere.
    let signal = Shape::signal(1, 100);
    assert_eq!(
        fails(upsample(PerAxis::uniform(2), bilinear), signal),
        ErrorKind::ModeRank {
            mode: bilinear,
            rank: 1
        }
    );
    assert_eq!(
        apply(upsample(PerAxis::uniform(2), Interpolation::Linear), signal).output,
        Shape::signal(1, 200)
    );
    assert_eq!(
        fails(
            resize(PerAxis::uniform(4), Interpolation::Linear),
            Shape::image(1, 8, 8)
        ),
        ErrorKind::ModeRank {
            mode: Interpolation::Linear,
            rank: 2
        }
    );
    let volume = Shape::volume(1, 4, 4, 4);
    assert_eq!(
        apply(
            upsample(PerAxis::uniform(2), Interpolation::Trilinear),
            volume
        )
        .output,
        Shape::volume(1, 8, 8, 8)
    );
    assert_eq!(
        apply(upsample(PerAxis::uniform(3), nearest), signal).output,
        Shape::signal(1, 300)
    );
    // Zero sizes and factors are E5; per-axis values must fit the rank; a flat input
    // has nothing to resample; sizes past u64 are E12.
    assert_eq!(
        resize(PerAxis::new(0, 8), nearest).check(),
        Err(ErrorKind::Zero(Arg::Value))
    );
    assert_eq!(
        upsample(PerAxis::uniform(0), nearest).check(),
        Err(ErrorKind::Zero(Arg::Value))
    );
    assert_eq!(
        avg(PerAxis::uniform(0)).check(),
        Err(ErrorKind::Zero(Arg::Value))
    );
    assert!(matches!(
        fails(avg(PerAxis::new(2, 3)), signal),
        ErrorKind::AxisCount { .. }
    ));
    assert_eq!(
        fails(avg(PerAxis::uniform(1)), Shape::Flat(8)),
        ErrorKind::NeedsSpatial
    );
    assert_eq!(
        fails(
            upsample(PerAxis::uniform(1 << 40), nearest),
            Shape::image(1 << 20, 1 << 20, 1)
        ),
        ErrorKind::Overflow(Quantity::Elements)
    );
}

#[test]
fn messages_of_the_resampling_layers() {
    let nodes = [
        Node::layer(Kind::Input(Shape::image(8, 7, 7))),
        Node::layer(up(ConvTranspose {
            output_padding: PerAxis::uniform(2),
            ..upconv(4, 3, 2)
        })),
    ];
    let err = first_error(&nodes);
    assert_eq!(
        err.to_string(),
        "output padding 2 must be smaller than the stride 2 or the dilation 1 in \
         convtranspose2d1 (layer 1, input is 8x7x7)"
    );
    assert_eq!(
        err.help().unwrap().to_string(),
        "use op1 or less: it picks one of the sizes that a stride maps to the same input"
    );
    let nodes = [
        Node::layer(Kind::Input(Shape::image(1, 1, 1))),
        Node::layer(up(ConvTranspose {
            padding: PerAxis::uniform(1),
            ..upconv(2, 1, 1)
        })),
    ];
    let err = first_error(&nodes);
    assert_eq!(
        err.to_string(),
        "the output height would be 1 - 2*1, below 1 in convtranspose2d1 (layer 1, input is 1x1x1)"
    );
    assert_eq!(
        err.help().unwrap().to_string(),
        "use a padding of at most 0"
    );
    let nodes = [
        Node::layer(Kind::Input(Shape::image(1, 8, 8))),
        Node::layer(Kind::Upsample(Upsample {
            scale: PerAxis::uniform(2),
            mode: Interpolation::Trilinear,
        })),
    ];
    let err = first_error(&nodes);
    assert_eq!(
        err.to_string(),
        "`trilinear` interpolates 3-D maps, not a 2-D input in upsample1 (layer 1, input is 1x8x8)"
    );
    assert_eq!(
        err.help().unwrap().to_string(),
        "use `bilinear` or `nearest` on a 2-D input"
    );
}

#[test]
fn receptive_fields_through_upsampling() {
    let input = Shape::image(1, 8, 8);
    // An encoder step and back, as in U-Net: conv k3 p1 sees 3 (jump 1, centre 0);
    // pool 2 sees 4 with jump 2 and centre 0.5; conv k3 p1 adds 2*2: 8; the 2x2
    // up-convolution of stride 2 steps by half the jump, 1, its 2-tap kernel spanning
    // one such step: 8 + 1 = 9; its first output's centre half a step left of 0.5.
    let same = |c| {
        Kind::Conv(Conv {
            padding: Padding::Explicit(PerAxis::uniform(1)),
            ..conv(c, 3)
        })
    };
    let (layers, _) = net(&[
        Kind::Input(input),
        same(4),
        Kind::MaxPool(pool(2)),
        same(8),
        up(upconv(4, 2, 2)),
    ]);
    let f = layers[4].field;
    assert_eq!(
        (f.size, f.jump, f.denominator),
        (
            PerAxis::uniform(9),
            PerAxis::uniform(1),
            PerAxis::uniform(1)
        )
    );
    assert_eq!(f.center, (0.0, 0.0));
    assert_eq!(f.display_size().to_string(), "9");
    // On the input itself the jump becomes half a pixel: size 1 + 1/2, jump 1/2.
    let f = Field::INPUT.through(&up(upconv(4, 2, 2)), input);
    assert_eq!(
        (f.size, f.jump, f.denominator),
        (
            PerAxis::uniform(3),
            PerAxis::uniform(1),
            PerAxis::uniform(2)
        )
    );
    assert_eq!(f.display_size().to_string(), "1.5");
    assert_eq!(f.center, (-0.25, -0.25));
    // Nearest upsampling reads one value: the size stays 1, the jump halves, and the
    // first output's centre is a quarter pixel before the first input's. Bilinear reads
    // two neighbours: size 2.
    let nearest = Kind::Upsample(Upsample {
        scale: PerAxis::uniform(2),
        mode: Interpolation::Nearest,
    });
    let f = Field::INPUT.through(&nearest, input);
    assert_eq!(
        (f.size, f.jump, f.denominator),
        (
            PerAxis::uniform(2),
            PerAxis::uniform(1),
            PerAxis::uniform(2)
        )
    );
    assert_eq!(
        (f.display_size().to_string(), f.center),
        ("1".into(), (-0.25, -0.25))
    );
    let bilinear = Kind::Upsample(Upsample {
        scale: PerAxis::uniform(2),
        mode: Interpolation::Bilinear,
    });
    assert_eq!(
        Field::INPUT
            .through(&bilinear, input)
            .display_size()
            .to_string(),
        "2"
    );
    // Adaptive pooling 5 -> 3: windows [0, 2), [1, 4), [3, 5); the widest sees 3, the
    // jump is 5/3, the first window's centre 0.5.
    let f = Field::INPUT.through(
        &Kind::AdaptiveAvgPool(PerAxis::uniform(3)),
        Shape::image(1, 5, 5),
    );
    assert_eq!(
        (f.size, f.jump, f.denominator),
        (
            PerAxis::uniform(9),
            PerAxis::uniform(5),
            PerAxis::uniform(3)
        )
    );
    assert_eq!(
        (f.display_size().to_string(), f.center),
        ("3".into(), (0.5, 0.5))
    );
    // 4 -> 3: windows [0, 2), [1, 3), [2, 4): 2 each. 6 -> 3: 2 each.
    let size = |i, o| {
        Field::INPUT
            .through(
                &Kind::AdaptiveMaxPool(PerAxis::uniform(o)),
                Shape::image(1, i, i),
            )
            .display_size()
            .to_string()
    };
    assert_eq!(
        (size(4, 3), size(6, 3), size(2, 3)),
        ("2".into(), "2".into(), "2".into())
    );
    // Adaptive pooling to 1 is global pooling: the whole input.
    assert_eq!(size(7, 1), "7");
    // A jump of 1/3 shows as a fraction: resize 3 -> 9 nearest, then conv k2 sees 1 + 1/3.
    let (layers, _) = net(&[
        Kind::Input(Shape::image(1, 3, 3)),
        Kind::Resize(Resize {
            size: PerAxis::uniform(9),
            mode: Interpolation::Nearest,
        }),
        Kind::Conv(conv(1, 2)),
    ]);
    assert_eq!(layers[2].field.display_size().to_string(), "4/3");
}

/// Random transposed convolutions as PyTorch makes them (`fixtures/transposed.py`):
/// `[Cin, H, W, C, groups]`, kernel, stride, padding, output padding, dilation, bias, and
/// PyTorch's output height, width and parameter count, or `None` where it refuses them
/// or gives an empty output (which the DSL refuses, E18).
#[allow(clippy::type_complexity)]
#[rustfmt::skip]
const PYTORCH: &[([u64; 5], [u64; 2], [u64; 2], [u64; 2], [u64; 2], [u64; 2], bool, Option<(u64, u64, u64)>)] = &[
    ([4, 5, 4, 8, 4], [4, 2], [1, 3], [3, 1], [0, 1], [2, 1], true, Some((5, 10, 72))),
    ([2, 5, 4, 4, 1], [4, 2], [3, 1], [0, 0], [0, 0], [1, 3], true, Some((16, 7, 68))),
    ([4, 3, 4, 8, 4], [2, 2], [3, 2], [3, 0], [2, 0], [2, 3], true, Some((5, 10, 40))),
    ([2, 6, 3, 4, 1], [3, 2], [3, 2], [0, 0], [2, 0], [2, 1], false, Some((22, 6, 48))),
    ([4, 1, 1, 8, 4], [1, 2], [1, 1], [3, 3], [2, 1], [2, 1], false, None),
    ([4, 6, 3, 6, 2], [3, 1], [2, 2], [0, 3], [0, 0], [1, 3], true, None),
    ([2, 4, 4, 4, 1], [2, 2], [2, 3], [1, 1], [1, 2], [2, 1], true, Some((8, 11, 36))),
    ([4, 1, 3, 6, 2], [3, 1], [1, 1], [3, 0], [0, 0], [1, 2], true, None),
    ([3, 3, 4, 3, 1], [1, 1], [1, 1], [1, 0], [2, 1], [2, 3], true, None),
    ([4, 5, 2, 8, 4], [4, 2], [3, 1], [2, 1], [2, 0], [3, 1], true, Some((20, 1, 72))),
    ([4, 6, 4, 6, 2], [4, 1], [2, 1], [0, 0], [0, 2], [2, 1], false, None),
    ([4, 3, 4, 8, 4], [4, 3], [3, 1], [0, 1], [0, 1], [3, 3], false, Some((16, 9, 96))),
    ([2, 3, 2, 4, 1], [2, 1], [1, 2], [3, 3], [0, 0], [1, 1], true, None),
    ([4, 1, 3, 6, 2], [2, 4], [2, 3], [1, 0], [0, 1], [2, 3], true, Some((1, 17, 102))),
    ([2, 1, 5, 4, 1], [1, 4], [1, 3], [2, 2], [0, 0], [1, 2], false, None),
    ([2, 6, 6, 4, 1], [2, 3], [2, 1], [3, 0], [1, 0], [2, 3], true, Some((8, 12, 52))),
    ([4, 4, 5, 8, 4], [1, 1], [1, 1], [0, 2], [1, 2], [2, 2], false, None),
    ([4, 4, 4, 8, 4], [1, 1], [2, 3], [0, 3], [0, 0], [3, 1], true, Some((7, 4, 16))),
    ([4, 3, 1, 8, 4], [3, 3], [1, 3], [1, 1], [1, 2], [2, 2], false, Some((6, 5, 72))),
    ([3, 4, 6, 3, 1], [3, 2], [3, 2], [1, 1], [1, 0], [3, 2], true, Some((15, 11, 57))),
    ([4, 4, 3, 6, 2], [1, 1], [2, 1], [0, 3], [1, 1], [1, 2], true, None),
    ([4, 6, 3, 8, 4], [4, 3], [1, 1], [2, 0], [2, 2], [2, 3], true, None),
    ([2, 6, 2, 4, 1], [4, 4], [1, 1], [2, 1], [0, 0], [3, 1], true, Some((11, 3, 132))),
    ([3, 1, 6, 3, 1], [2, 2], [2, 2], [1, 0], [1, 2], [3, 1], true, None),
    ([3, 3, 5, 3, 1], [2, 4], [3, 1], [0, 3], [2, 1], [1, 2], true, Some((10, 6, 75))),
    ([2, 4, 5, 4, 1], [3, 4], [2, 3], [1, 0], [2, 2], [3, 1], true, Some((13, 18, 100))),
    ([4, 1, 3, 8, 4], [3, 3], [3, 1], [2, 0], [0, 1], [2, 3], true, Some((1, 10, 80))),
    ([3, 4, 1, 3, 1], [2, 1], [2, 1], [1, 2], [2, 0], [2, 1], false, None),
    ([4, 4, 5, 8, 4], [1, 2], [2, 3], [2, 1], [2, 2], [3, 2], true, Some((5, 15, 24))),
    ([4, 5, 2, 8, 4], [3, 2], [3, 3], [2, 3], [0, 1], [3, 1], false, None),
    ([4, 1, 5, 8, 4], [1, 4], [3, 3], [0, 3], [0, 2], [1, 1], false, Some((1, 12, 32))),
    ([4, 4, 4, 8, 4], [3, 2], [2, 2], [1, 2], [1, 1], [3, 2], true, Some((12, 6, 56))),
    ([4, 5, 1, 8, 4], [3, 2], [3, 1], [0, 1], [0, 0], [1, 3], true, Some((15, 2, 56))),
    ([3, 2, 5, 3, 1], [4, 1], [2, 3], [0, 2], [2, 0], [3, 3], false, Some((14, 9, 36))),
    ([2, 4, 6, 4, 1], [4, 2], [3, 1], [1, 1], [2, 2], [3, 1], true, None),
    ([3, 2, 3, 3, 1], [3, 2], [1, 1], [0, 1], [0, 0], [3, 1], true, Some((8, 2, 57))),
    ([2, 4, 4, 4, 1], [2, 2], [2, 3], [0, 0], [0, 2], [3, 2], false, Some((10, 14, 32))),
    ([3, 1, 6, 3, 1], [3, 2], [1, 2], [0, 0], [0, 2], [3, 3], false, Some((7, 16, 54))),
    ([4, 2, 2, 8, 4], [2, 1], [1, 1], [1, 2], [2, 0], [3, 1], true, None),
    ([4, 1, 1, 8, 4], [3, 4], [2, 2], [2, 3], [0, 2], [2, 1], false, None),
    ([2, 2, 2, 4, 1], [4, 4], [2, 3], [2, 3], [0, 2], [1, 1], false, Some((2, 3, 128))),
    ([2, 3, 1, 4, 1], [4, 2], [3, 3], [2, 2], [1, 0], [3, 3], false, None),
    ([4, 2, 3, 8, 4], [3, 4], [1, 2], [1, 1], [0, 1], [2, 2], true, Some((4, 10, 104))),
    ([3, 6, 5, 3, 1], [1, 2], [2, 3], [2, 2], [0, 2], [2, 3], true, Some((7, 14, 21))),
    ([2, 4, 5, 4, 1], [4, 2], [3, 1], [3, 0], [0, 2], [1, 3], true, Some((7, 10, 68))),
    ([4, 4, 5, 8, 4], [1, 2], [3, 2], [0, 0], [1, 1], [2, 2], false, Some((11, 12, 16))),
    ([4, 5, 5, 8, 4], [1, 4], [3, 1], [0, 3], [0, 1], [2, 1], false, None),
    ([2, 4, 4, 4, 1], [4, 3], [3, 2], [2, 2], [2, 1], [2, 3], true, Some((14, 10, 100))),
    ([3, 6, 6, 3, 1], [3, 1], [1, 1], [0, 1], [1, 2], [2, 1], false, None),
    ([4, 1, 5, 8, 4], [3, 1], [1, 2], [3, 2], [0, 0], [3, 1], false, Some((1, 5, 24))),
    ([4, 2, 2, 8, 4], [1, 1], [3, 2], [3, 0], [0, 0], [2, 3], true, None),
    ([3, 4, 2, 3, 1], [4, 4], [3, 2], [3, 2], [2, 2], [1, 2], false, None),
    ([4, 4, 1, 6, 2], [3, 3], [2, 2], [1, 2], [0, 0], [1, 3], false, Some((7, 3, 108))),
    ([4, 6, 1, 6, 2], [1, 1], [2, 2], [3, 0], [2, 0], [1, 1], false, None),
    ([2, 1, 6, 4, 1], [2, 2], [3, 2], [3, 3], [1, 0], [2, 2], true, None),
    ([4, 1, 1, 6, 2], [4, 2], [2, 2], [2, 3], [0, 1], [1, 3], false, None),
    ([3, 3, 5, 3, 1], [2, 4], [3, 2], [0, 3], [1, 0], [3, 1], true, Some((11, 6, 75))),
    ([4, 6, 4, 8, 4], [3, 1], [1, 2], [1, 0], [2, 1], [2, 3], false, None),
    ([3, 3, 2, 3, 1], [2, 3], [3, 3], [2, 2], [0, 1], [3, 2], false, Some((6, 5, 54))),
    ([3, 4, 5, 3, 1], [3, 4], [2, 1], [3, 1], [0, 1], [2, 1], true, None),
    ([4, 5, 4, 8, 4], [2, 3], [2, 3], [1, 1], [0, 0], [2, 2], false, Some((9, 12, 48))),
    ([4, 5, 1, 6, 2], [2, 3], [1, 3], [3, 0], [2, 2], [2, 3], true, None),
    ([2, 3, 6, 4, 1], [1, 3], [1, 1], [1, 0], [2, 2], [2, 1], false, None),
    ([4, 5, 3, 8, 4], [4, 4], [2, 2], [2, 1], [1, 1], [3, 3], true, Some((15, 13, 136))),
    ([2, 4, 6, 4, 1], [3, 1], [2, 1], [3, 0], [2, 1], [3, 1], false, None),
    ([4, 4, 2, 8, 4], [2, 2], [3, 2], [1, 2], [0, 1], [2, 3], true, Some((10, 3, 40))),
    ([2, 4, 3, 4, 1], [1, 3], [3, 1], [1, 0], [1, 0], [3, 2], false, Some((9, 7, 24))),
    ([2, 3, 1, 4, 1], [2, 2], [2, 1], [1, 3], [2, 2], [1, 2], true, None),
    ([3, 4, 2, 3, 1], [3, 4], [2, 2], [3, 2], [2, 2], [1, 2], false, None),
    ([4, 1, 2, 8, 4], [2, 4], [3, 3], [2, 0], [2, 0], [1, 2], false, None),
    ([4, 2, 6, 8, 4], [4, 2], [2, 1], [2, 1], [1, 2], [1, 3], false, Some((3, 9, 64))),
    ([3, 5, 5, 3, 1], [1, 2], [3, 1], [0, 1], [0, 0], [1, 2], true, Some((13, 5, 21))),
    ([2, 4, 6, 4, 1], [4, 1], [3, 3], [2, 0], [0, 1], [1, 3], true, Some((9, 17, 36))),
    ([4, 2, 1, 8, 4], [4, 4], [1, 2], [2, 2], [1, 0], [3, 2], false, Some((8, 3, 128))),
    ([2, 3, 1, 4, 1], [2, 1], [3, 2], [3, 0], [2, 1], [1, 2], false, Some((4, 2, 16))),
    ([4, 2, 3, 8, 4], [1, 4], [1, 3], [1, 1], [1, 2], [2, 3], false, Some((1, 16, 32))),
    ([3, 4, 5, 3, 1], [1, 3], [1, 1], [3, 0], [1, 1], [2, 3], true, None),
    ([3, 4, 4, 3, 1], [1, 1], [1, 3], [0, 1], [2, 2], [3, 1], true, Some((6, 10, 12))),
    ([4, 1, 4, 8, 4], [1, 1], [1, 1], [1, 0], [1, 1], [1, 2], false, None),
    ([4, 5, 2, 8, 4], [2, 2], [3, 2], [3, 2], [1, 2], [1, 3], true, Some((9, 4, 40))),
];

#[test]
fn transposed_convolutions_as_pytorch_makes_them() {
    let pair = |v: [u64; 2]| PerAxis::new(v[0], v[1]);
    for &([cin, h, w, c, groups], k, s, p, op, d, bias, expected) in PYTORCH {
        let kind = up(ConvTranspose {
            filters: c,
            kernel: pair(k),
            stride: pair(s),
            padding: pair(p),
            output_padding: pair(op),
            dilation: pair(d),
            groups,
            bias,
            rank: None,
        });
        let got = kind
            .apply(Shape::image(cin, h, w))
            .ok()
            .map(|a| match a.output {
                Shape::Image { height, width, .. } => (height, width, a.params),
                other => panic!("{other:?}"),
            });
        assert_eq!(
            got, expected,
            "{cin}x{h}x{w} k{k:?} s{s:?} p{p:?} op{op:?} d{d:?} g{groups}"
        );
    }
}
