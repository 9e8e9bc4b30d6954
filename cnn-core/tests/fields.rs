//! Receptive fields, by hand.
#![allow(clippy::identity_op)] // formulas are written out in full, `*1` included

mod common;

use cnn_core::*;
use common::*;

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
        Kind::Conv(Conv {
            padding: Padding::Explicit(PerAxis::uniform(1)),
            ..conv(filters, 3)
        })
    };
    let p = Kind::MaxPool(pool(2));
    let mut kinds = vec![Kind::Input(Shape::image(3, 224, 224))];
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
    assert_eq!(layers.last().unwrap().field.jump, PerAxis::uniform(32));
    // Padding 1 keeps every 3x3 field centred on pixel 0 until the first pooling.
    assert_eq!(layers[2].field.center, (0.0, 0.0));
    // The peak: conv1_2 has two 64x224x224 maps alive.
    assert_eq!(totals.peak, 2 * 64 * 224 * 224);
    assert_eq!(totals.peak_at, 2);
}

#[test]
fn receptive_fields_with_same_and_dilation() {
    // Keras `same` with k3 s2 on 8: out 4, total padding (4-1)*2 + 3 - 8 = 1, left 0.
    let same = Kind::Conv(Conv {
        stride: PerAxis::uniform(2),
        padding: Padding::Same,
        ..conv(4, 3)
    });
    let f = Field::INPUT.through(&same, Shape::image(1, 8, 8));
    assert_eq!(
        (f.size, f.jump, f.center),
        (PerAxis::uniform(3), PerAxis::uniform(2), (1.0, 1.0))
    );
    // Dilation 2 spreads a 3-tap kernel over 5 pixels; padding 2 centres it on pixel 0.
    let dilated = Kind::Conv(Conv {
        dilation: PerAxis::uniform(2),
        padding: Padding::Explicit(PerAxis::uniform(2)),
        ..conv(4, 3)
    });
    let f = Field::INPUT.through(&dilated, Shape::image(1, 8, 8));
    assert_eq!((f.size, f.center), (PerAxis::uniform(5), (0.0, 0.0)));
    // Rectangular: a 1x7 kernel widens only the width.
    let wide = Kind::Conv(Conv {
        kernel: PerAxis::new(1, 7),
        ..conv(4, 1)
    });
    let f = Field::INPUT.through(&wide, Shape::image(1, 8, 8));
    assert_eq!((f.size, f.center), (PerAxis::new(1, 7), (0.0, 3.0)));
}

#[test]
fn fields_saturate() {
    // Through 65 strided 1x1 convs the jump would be 2^65: it stays at u64::MAX, and the
    // network is evaluated.
    let mut nodes = vec![Node::layer(Kind::Input(Shape::image(1, 1, 1)))];
    let strided = Kind::Conv(Conv {
        stride: PerAxis::uniform(2),
        ..conv(1, 1)
    });
    nodes.extend(core::iter::repeat_n(Node::layer(strided), 65));
    let (layers, _, _) = run(&nodes).unwrap();
    let last = layers.last().unwrap().field;
    assert_eq!((last.size.h, last.jump.h), (1, u64::MAX));
    // The 64th conv reaches 2^63 exactly, before saturating.
    assert_eq!(layers[63].field.jump.h, 1 << 63);
}
