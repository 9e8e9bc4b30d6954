//! What one layer does to a shape, its parameters and MACs: every kind's formula against values worked out by hand from PyTorch's rules.
#![allow(clippy::identity_op)] // formulas are written out in full, `*1` included

mod common;

use cnn_core::*;
use common::*;

#[test]
fn stride_and_padding() {
    // ResNet's stem: (224 + 2*3 - 7) / 2 + 1 = 112.
    let stem = Conv {
        stride: PerAxis::uniform(2),
        padding: Padding::Explicit(PerAxis::uniform(3)),
        bias: false,
        ..conv(64, 7)
    };
    let out = apply(Kind::Conv(stem), Shape::image(3, 224, 224));
    assert_eq!(out.output, Shape::image(64, 112, 112));
    assert_eq!(out.params, 7 * 7 * 3 * 64);
    assert_eq!(out.macs, 7 * 7 * 3 * 64 * 112 * 112);
    // Floor: (10 + 2*1 - 3) / 2 + 1 = 5, and rectangular values per axis.
    let rect = Conv {
        kernel: PerAxis::new(3, 1),
        stride: PerAxis::new(2, 1),
        padding: Padding::Explicit(PerAxis::new(1, 0)),
        ..conv(4, 3)
    };
    let out = apply(Kind::Conv(rect), Shape::image(2, 10, 7));
    assert_eq!(out.output, Shape::image(4, 5, 7));
    assert_eq!(out.params, (3 * 1 * 2 + 1) * 4);
}

#[test]
fn same_and_valid() {
    let same = |s| {
        Kind::Conv(Conv {
            stride: PerAxis::uniform(s),
            padding: Padding::Same,
            ..conv(8, 3)
        })
    };
    // Keras: ceil(225 / 1) = 225, ceil(225 / 2) = 113.
    assert_eq!(
        apply(same(1), Shape::image(3, 225, 225)).output,
        Shape::image(8, 225, 225)
    );
    assert_eq!(
        apply(same(2), Shape::image(3, 225, 225)).output,
        Shape::image(8, 113, 113)
    );
    // `valid` is no padding: 225 - 2 = 223.
    let valid = Kind::Conv(Conv {
        padding: Padding::Explicit(PerAxis::uniform(0)),
        ..conv(8, 3)
    });
    assert_eq!(
        apply(valid, Shape::image(3, 225, 225)).output,
        Shape::image(8, 223, 223)
    );
}

#[test]
fn dilation() {
    let dilated = |p| {
        Kind::Conv(Conv {
            dilation: PerAxis::uniform(2),
            padding: Padding::Explicit(PerAxis::uniform(p)),
            ..conv(4, 3)
        })
    };
    // Effective window 2*(3-1)+1 = 5: 32 - 4 = 28; padding 2 keeps 32.
    assert_eq!(
        apply(dilated(0), Shape::image(1, 32, 32)).output,
        Shape::image(4, 28, 28)
    );
    assert_eq!(
        apply(dilated(2), Shape::image(1, 32, 32)).output,
        Shape::image(4, 32, 32)
    );
    // Dilation adds no parameters: (3*3*1+1)*4.
    assert_eq!(apply(dilated(0), Shape::image(1, 32, 32)).params, 40);
}

#[test]
fn groups_and_depthwise() {
    let grouped = Kind::Conv(Conv {
        groups: Groups::Count(4),
        padding: Padding::Explicit(PerAxis::uniform(1)),
        ..conv(64, 3)
    });
    let out = apply(grouped, Shape::image(32, 8, 8));
    // Each filter sees 32/4 = 8 channels: (3*3*8+1)*64; MACs 3*3*8*64*8*8.
    assert_eq!(out.params, 4_672);
    assert_eq!(out.macs, 294_912);
    let dw = Kind::Conv(Conv {
        groups: Groups::Depthwise,
        padding: Padding::Explicit(PerAxis::uniform(1)),
        bias: false,
        ..conv(32, 3)
    });
    let out = apply(dw, Shape::image(32, 8, 8));
    // One channel per filter: 3*3*1*32; MACs 3*3*1*32*8*8.
    assert_eq!(out.params, 288);
    assert_eq!(out.macs, 18_432);
    // A depth multiplier of 2: 64 filters over 32 groups.
    let dw2 = Kind::Conv(Conv {
        groups: Groups::Depthwise,
        ..conv(64, 3)
    });
    assert_eq!(apply(dw2, Shape::image(32, 8, 8)).params, (9 + 1) * 64);
}

#[test]
fn nobias() {
    let conv_nb = Kind::Conv(Conv {
        bias: false,
        ..conv(32, 5)
    });
    assert_eq!(apply(conv_nb, Shape::image(1, 28, 28)).params, 5 * 5 * 32);
    let dense_nb = Kind::Dense(Dense {
        units: 10,
        bias: false,
    });
    let out = apply(dense_nb, Shape::Flat(100));
    assert_eq!((out.params, out.macs), (1_000, 1_000));
}

#[test]
fn pooling_floor_and_ceil() {
    // (window k, stride s, padding p, ceil mode, input i, output), each worked out by
    // hand from PyTorch's pooling_output_shape.
    let cases = [
        // (5 - 2) / 2 + 1: floor 2, ceil 3 (the last window starts at 4, inside).
        (2, 2, 0, false, 5, 2),
        (2, 2, 0, true, 5, 3),
        // (7 - 2) / 3: floor 2, ceil 3 (last start 6 < 7).
        (2, 3, 0, false, 7, 2),
        (2, 3, 0, true, 7, 3),
        // k1 s3 on 5: ceil gives 3 windows, but the third starts at 6 >= 5: dropped.
        (1, 3, 0, true, 5, 2),
        // k2 s3 p1 on 2: padded 4, ceil((4-2)/3)+1 = 2, but (2-1)*3 = 3 >= 2+1: 1.
        (2, 3, 1, true, 2, 1),
        // AlexNet's overlapping pool: (55 - 3) / 2 + 1 = 27.
        (3, 2, 0, false, 55, 27),
        // ResNet's stem pool k3 s2 p1: (112 + 2 - 3) / 2 + 1 = 56.
        (3, 2, 1, false, 112, 56),
    ];
    for (k, s, p, ceil, i, out) in cases {
        assert_eq!(
            side(pool_with(k, s, p, ceil), i),
            Ok(out),
            "k{k} s{s} p{p} {ceil} on {i}"
        );
    }
    // Average pooling follows the same arithmetic: k3 s1 p1 keeps the size.
    let avg = Kind::AvgPool(Pool {
        stride: PerAxis::uniform(1),
        padding: PerAxis::uniform(1),
        ..pool(3)
    });
    assert_eq!(
        apply(avg, Shape::image(16, 8, 8)).output,
        Shape::image(16, 8, 8)
    );
}

#[test]
fn batchnorm_on_maps_and_vectors() {
    let out = apply(Kind::BatchNorm(Norm::DEFAULT), Shape::image(16, 8, 8));
    // weight + bias learnable, running mean + variance not: 2*16 each.
    assert_eq!((out.params, out.non_trainable, out.macs), (32, 32, 0));
    assert_eq!(out.output, Shape::image(16, 8, 8));
    let out = apply(Kind::BatchNorm(Norm::DEFAULT), Shape::Flat(100));
    assert_eq!((out.params, out.non_trainable), (200, 200));
}

#[test]
fn shape_only_layers() {
    let map = Shape::image(512, 7, 7);
    assert_eq!(
        apply(Kind::GlobalAvgPool, map).output,
        Shape::image(512, 1, 1)
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
    let out = apply(dense(256), Shape::image(32, 5, 5));
    assert_eq!(out.output, Shape::Flat(256));
    assert_eq!(out.params, (32 * 5 * 5 + 1) * 256);
    assert_eq!(out.macs, 32 * 5 * 5 * 256);
}

#[test]
fn window_too_large() {
    let err = fails(Kind::Conv(conv(8, 5)), Shape::image(32, 3, 3));
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
    let tall = Conv {
        kernel: PerAxis::new(1, 5),
        ..conv(8, 1)
    };
    assert!(matches!(
        fails(Kind::Conv(tall), Shape::image(1, 4, 4)),
        ErrorKind::WindowTooLarge {
            axis: Axis::Width,
            ..
        }
    ));
    // Exactly fitting is one output.
    assert_eq!(
        apply(Kind::Conv(conv(8, 5)), Shape::image(1, 5, 5)).output,
        Shape::image(8, 1, 1)
    );
    assert!(matches!(
        fails(Kind::MaxPool(pool(2)), Shape::image(1, 1, 1)),
        ErrorKind::WindowTooLarge { .. }
    ));
}

#[test]
fn ceil_mode_on_both_sides_of_each_condition() {
    // PyTorch's pooling_output_shape in ceil mode: floor((i + 2p - k + s - 1) / s) + 1,
    // refused below 1, that is when k > i + 2p + s - 1; and the last window must start
    // inside the input or its left padding. (k, s, p, ceil, i, output or refused.)
    let cases = [
        // k = i + 2p + s - 1 is the largest window: i=1, s=2: k=2 gives 1, k=3 not.
        (2, 2, 0, true, 1, Some(1)),
        (3, 2, 0, true, 1, None),
        // i=2, s=3: k=4 gives floor((2 - 4 + 2) / 3) + 1 = 1; k=5 is refused.
        (4, 3, 0, true, 2, Some(1)),
        (5, 3, 0, true, 2, None),
        // With padding, i=1, p=1, s=2: k=4 = 1 + 2 + 1 gives 1; k=5 is refused.
        (4, 2, 1, true, 1, Some(1)),
        (5, 2, 1, true, 1, None),
        // Floor mode refuses any window past the padded input: k=2 on 1.
        (2, 2, 0, false, 1, None),
        // k2 s2 p1 on 5: floor((5 + 2 - 2 + 1) / 2) + 1 = 4, whose last would start at
        // 3 * 2 = 6 >= 5 + 1: dropped, 3. On 6 with k3: 4 windows, the last at 6 < 7:
        // kept. Floor mode gives 3.
        (2, 2, 1, true, 5, Some(3)),
        (3, 2, 1, true, 6, Some(4)),
        (3, 2, 1, false, 6, Some(3)),
    ];
    for (k, s, p, ceil, i, out) in cases {
        let got = side(pool_with(k, s, p, ceil), i).ok();
        assert_eq!(got, out, "k{k} s{s} p{p} {ceil} on {i}");
    }
    // The refusal says how far the window passes: k3 on 1 (ceil, s2).
    assert!(matches!(
        side(pool_with(3, 2, 0, true), 1),
        Err(ErrorKind::WindowTooLarge {
            window: 3,
            padded: 1,
            ..
        })
    ));
    // The help states the largest window, i + 2p + s - 1 in ceil mode.
    let nodes = [
        Node::layer(Kind::Input(Shape::image(1, 1, 1))),
        Node::layer(pool_with(3, 2, 0, true)),
    ];
    let err = first_error(&nodes);
    assert_eq!(
        err.help().unwrap().to_string(),
        "use a window of at most 2, or remove the pooling"
    );
}

#[test]
fn same_padding_refuses_stride_with_dilation() {
    let same = |s, d| {
        Kind::Conv(Conv {
            stride: PerAxis::uniform(s),
            dilation: PerAxis::uniform(d),
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
    let explicit = Kind::Conv(Conv {
        stride: PerAxis::uniform(2),
        dilation: PerAxis::uniform(2),
        padding: Padding::Explicit(PerAxis::uniform(1)),
        ..conv(8, 3)
    });
    assert_eq!(side(explicit, 8), Ok(3));
}

#[test]
fn normalizations_scales_and_shuffles() {
    let map = Shape::image(96, 56, 56);
    // nn.LayerNorm over 96 channels (ConvNeXt's LayerNorm2d): weight and bias, 2*96,
    // no running statistics, no MACs; on a flat vector, over its 768 features.
    let ln = apply(Kind::LayerNorm(Norm::DEFAULT), map);
    assert_eq!(
        (ln.output, ln.params, ln.non_trainable, ln.macs),
        (map, 192, 0, 0)
    );
    assert_eq!(
        apply(Kind::LayerNorm(Norm::DEFAULT), Shape::Flat(768)).params,
        1_536
    );
    assert_eq!(
        Kind::LayerNorm(Norm::DEFAULT)
            .formula(map)
            .unwrap()
            .to_string(),
        "2*96"
    );
    // nn.GroupNorm(32, 64): 2*64; the groups must divide the channels (E17).
    assert_eq!(
        apply(Kind::GroupNorm(32, Norm::DEFAULT), Shape::image(64, 8, 8)).params,
        128
    );
    assert_eq!(
        fails(Kind::GroupNorm(4, Norm::DEFAULT), Shape::image(30, 8, 8)),
        ErrorKind::ChannelGroups {
            groups: 4,
            channels: 30
        }
    );
    assert_eq!(
        Kind::GroupNorm(0, Norm::DEFAULT).check(),
        Err(ErrorKind::Zero(Arg::Value))
    );
    // ConvNeXt's layer scale: one gamma per channel; nn.PReLU(): one slope.
    assert_eq!(apply(Kind::LayerScale, map).params, 96);
    assert_eq!(Kind::LayerScale.formula(map).unwrap().to_string(), "96");
    assert_eq!(apply(Kind::PRelu, map).params, 1);
    assert_eq!(Kind::PRelu.formula(map).unwrap().to_string(), "1");
    // Channel shuffle: 2 groups of 116 channels; 4 does not divide 30; a flat vector
    // has no channels to shuffle (E7).
    assert_eq!(
        apply(Kind::Shuffle(2), Shape::image(116, 28, 28)).output,
        Shape::image(116, 28, 28)
    );
    assert_eq!(
        fails(Kind::Shuffle(4), Shape::image(30, 8, 8)),
        ErrorKind::ChannelGroups {
            groups: 4,
            channels: 30
        }
    );
    assert_eq!(
        fails(Kind::Shuffle(2), Shape::Flat(30)),
        ErrorKind::NeedsSpatial
    );
    // Stochastic depth keeps the shape and takes a probability in [0, 1).
    let drop = |p| Kind::DropPath(Dropout { p });
    assert_eq!(apply(drop(0.1), map).output, map);
    assert_eq!(drop(1.0).check(), Err(ErrorKind::DropoutRange));
    // The activations PyTorch adds: none has parameters or MACs.
    for a in [
        Activation::Hardsigmoid,
        Activation::Mish,
        Activation::Hardtanh,
        Activation::LogSoftmax,
    ] {
        let out = apply(Kind::Activation(a), map);
        assert_eq!((out.output, out.params, out.macs), (map, 0, 0));
    }
}

#[test]
fn messages_of_the_new_layers() {
    let nodes = [
        Node::layer(Kind::Input(Shape::image(30, 8, 8))),
        Node::layer(Kind::GroupNorm(4, Norm::DEFAULT)),
    ];
    let err = first_error(&nodes);
    assert_eq!(
        err.to_string(),
        "4 groups must divide the 30 channels in gn1 (layer 1, input is 30x8x8)"
    );
    // 30's divisors nearest 4: 3 and 5, the smaller first.
    assert_eq!(
        err.help().unwrap().to_string(),
        "use a group count that divides 30, such as 3"
    );
    let nodes = [
        Node::layer(Kind::Input(Shape::Flat(8))),
        Node::layer(Kind::DropPath(Dropout { p: 1.5 })),
    ];
    assert_eq!(
        first_error(&nodes).to_string(),
        "drop-path probability 1.5 is outside [0, 1) in droppath1 (layer 1, input is 8)"
    );
}

#[test]
fn tensors_by_name_and_shape() {
    let shapes = |kind: Kind, input: Shape| {
        kind.param_shapes(input)
            .iter()
            .map(|p| (p.name, p.dims.to_vec(), p.trainable))
            .collect::<Vec<_>>()
    };
    let map = Shape::image(32, 8, 8);
    // nn.Conv2d(32, 64, 3, groups=4): weight [64, 8, 3, 3], bias [64].
    let grouped = Kind::Conv(Conv {
        groups: Groups::Count(4),
        ..conv(64, 3)
    });
    assert_eq!(
        shapes(grouped, map),
        [
            ("weight", vec![64, 8, 3, 3], true),
            ("bias", vec![64], true)
        ]
    );
    // nn.Conv1d(32, 16, 5, bias=False) on a signal; nn.Conv3d(32, 8, (3, 1, 1)).
    let nobias = Kind::Conv(Conv {
        bias: false,
        ..conv(16, 5)
    });
    assert_eq!(
        shapes(nobias, Shape::signal(32, 100)),
        [("weight", vec![16, 32, 5], true)]
    );
    let temporal = Kind::Conv(Conv::new(8, PerAxis::new3(3, 1, 1)));
    assert_eq!(
        shapes(temporal, Shape::volume(32, 4, 8, 8))[0].1,
        vec![8, 32, 3, 1, 1]
    );
    // nn.ConvTranspose2d(32, 16, 2, stride=2, groups=2): weight [32, 8, 2, 2].
    let up = Kind::ConvTranspose(ConvTranspose {
        groups: 2,
        ..ConvTranspose::new(16, PerAxis::uniform(2))
    });
    assert_eq!(shapes(up, map)[0].1, vec![32, 8, 2, 2]);
    // nn.Linear(32*8*8, 10): weight [10, 2048].
    assert_eq!(shapes(dense(10), map)[0].1, vec![10, 2048]);
    // BatchNorm: two learned tensors and two buffers; LayerNorm and GroupNorm two.
    assert_eq!(
        shapes(Kind::BatchNorm(Norm::DEFAULT), map),
        [
            ("weight", vec![32], true),
            ("bias", vec![32], true),
            ("running_mean", vec![32], false),
            ("running_var", vec![32], false)
        ]
    );
    assert_eq!(shapes(Kind::GroupNorm(8, Norm::DEFAULT), map).len(), 2);
    assert_eq!(
        shapes(Kind::LayerNorm(Norm::DEFAULT), Shape::Flat(32))[1],
        ("bias", vec![32], true)
    );
    // torchvision's layer_scale is [C, 1, 1] on a map, a bare parameter named by the
    // layer's path alone; PReLU one slope; none for a pool.
    assert_eq!(shapes(Kind::LayerScale, map), [("", vec![32, 1, 1], true)]);
    assert_eq!(
        shapes(Kind::LayerScale, Shape::Flat(32)),
        [("", vec![32], true)]
    );
    assert_eq!(shapes(Kind::PRelu, map), [("weight", vec![1], true)]);
    assert!(shapes(Kind::MaxPool(pool(2)), map).is_empty());
}

#[test]
fn linear_at_every_position() {
    // nn.Linear(96, 384) on a channels-last 56x56 map: each of the 3_136 positions a
    // product of 96 by 384; the map keeps its size.
    let linear = Kind::Linear(Dense {
        units: 384,
        bias: true,
    });
    let out = apply(linear, Shape::image(96, 56, 56));
    assert_eq!(out.output, Shape::image(384, 56, 56));
    assert_eq!(out.params, (96 + 1) * 384);
    assert_eq!(out.macs, 96 * 384 * 56 * 56);
    let params = linear.param_shapes(Shape::image(96, 56, 56));
    assert_eq!(
        (&*params[0].dims, &*params[1].dims),
        (&[384, 96][..], &[384][..])
    );
    assert_eq!(
        linear
            .formula(Shape::image(96, 56, 56))
            .unwrap()
            .to_string(),
        "(96+1)*384"
    );
    // On a flat vector, a dense layer; on a volume, per position too.
    assert_eq!(apply(linear, Shape::Flat(96)).output, Shape::Flat(384));
    let volume = apply(linear, Shape::volume(96, 2, 3, 4));
    assert_eq!(
        (volume.output, volume.macs),
        (Shape::volume(384, 2, 3, 4), 96 * 384 * 24)
    );
}

#[test]
fn pixel_shuffle_and_unshuffle() {
    // nn.PixelShuffle(3): 27 channels at 224x224 are 3 at 672x672; PixelUnshuffle(2)
    // folds 2x2 blocks back into channels. Neither has a parameter or a MAC.
    let up = apply(Kind::PixelShuffle(3), Shape::image(27, 224, 224));
    assert_eq!(up.output, Shape::image(3, 672, 672));
    assert_eq!((up.params, up.macs), (0, 0));
    let down = apply(Kind::PixelUnshuffle(2), Shape::image(3, 8, 6));
    assert_eq!(down.output, Shape::image(12, 4, 3));
    // 3^2 = 9 does not divide 12; 4 does not divide 6; 2-D maps only; R at least 1.
    assert!(matches!(
        fails(Kind::PixelShuffle(3), Shape::image(12, 4, 4)),
        ErrorKind::PixelFactor {
            factor: 3,
            of: 12,
            size: false
        }
    ));
    assert!(matches!(
        fails(Kind::PixelUnshuffle(4), Shape::image(3, 8, 6)),
        ErrorKind::PixelFactor {
            factor: 4,
            of: 6,
            size: true
        }
    ));
    for shape in [Shape::signal(4, 8), Shape::volume(4, 2, 8, 8)] {
        assert!(matches!(
            fails(Kind::PixelShuffle(2), shape),
            ErrorKind::Rank { wants: 2, .. }
        ));
    }
    assert!(matches!(
        fails(Kind::PixelUnshuffle(2), Shape::Flat(16)),
        ErrorKind::NeedsSpatial
    ));
    assert!(matches!(
        fails(Kind::PixelShuffle(0), Shape::image(4, 2, 2)),
        ErrorKind::Zero(_)
    ));
}

#[test]
fn instance_norm_at_every_rank() {
    // nn.InstanceNorm1d/2d/3d: no parameters unless affine (2*C), no running statistics.
    for shape in [
        Shape::signal(5, 7),
        Shape::image(5, 4, 4),
        Shape::volume(5, 2, 3, 4),
    ] {
        let plain = apply(Kind::InstanceNorm(false, Norm::DEFAULT), shape);
        assert_eq!(
            (plain.output, plain.params, plain.non_trainable),
            (shape, 0, 0)
        );
        let affine = apply(Kind::InstanceNorm(true, Norm::DEFAULT), shape);
        assert_eq!((affine.params, affine.non_trainable), (10, 0));
        let params = Kind::InstanceNorm(true, Norm::DEFAULT).param_shapes(shape);
        assert_eq!((params[0].name, &*params[0].dims), ("weight", &[5][..]));
        assert!(Kind::InstanceNorm(false, Norm::DEFAULT)
            .param_shapes(shape)
            .is_empty());
    }
    // A flat vector would be one unbatched sample to PyTorch: refused.
    assert!(matches!(
        fails(Kind::InstanceNorm(false, Norm::DEFAULT), Shape::Flat(5)),
        ErrorKind::NeedsSpatial
    ));
    let bad = Norm {
        eps: 0.0,
        ..Norm::DEFAULT
    };
    assert!(matches!(
        fails(Kind::InstanceNorm(false, bad), Shape::image(5, 4, 4)),
        ErrorKind::EpsRange
    ));
}

#[test]
fn pad_as_f_pad() {
    let pad = |pairs: &[(i64, i64)], mode| Kind::Pad(Pad::new(pairs, mode));
    // The last axis first: (left, right, top, bottom), as F.pad lists them.
    let out = apply(
        pad(&[(1, 2), (3, 4)], PadMode::Zeros),
        Shape::image(2, 5, 6),
    );
    assert_eq!(out.output, Shape::image(2, 5 + 3 + 4, 6 + 1 + 2));
    assert_eq!((out.params, out.macs), (0, 0));
    // One pair pads only the last axis; negative values crop (Chomp1d).
    assert_eq!(
        apply(pad(&[(2, 0)], PadMode::Zeros), Shape::image(2, 5, 6)).output,
        Shape::image(2, 5, 8)
    );
    assert_eq!(
        apply(pad(&[(0, -2)], PadMode::Zeros), Shape::signal(8, 10)).output,
        Shape::signal(8, 8)
    );
    // A volume, its depth last in the list.
    let v = apply(
        pad(&[(1, 0), (0, 2), (1, 1)], PadMode::Zeros),
        Shape::volume(2, 3, 4, 5),
    );
    assert_eq!(v.output, Shape::volume(2, 5, 6, 6));
    // PyTorch's limits: reflect below the size, circular at most it, a mode other than
    // zeros on every spatial axis, at most one pair per spatial axis, nothing cropped away.
    assert_eq!(
        apply(
            pad(&[(5, 0), (4, 0)], PadMode::Reflect),
            Shape::image(1, 5, 6)
        )
        .output,
        Shape::image(1, 9, 11)
    );
    assert!(matches!(
        fails(
            pad(&[(6, 0), (0, 0)], PadMode::Reflect),
            Shape::image(1, 5, 6)
        ),
        ErrorKind::PadTooWide {
            pad: 6,
            size: 6,
            ..
        }
    ));
    assert_eq!(
        apply(
            pad(&[(6, 6), (5, 5)], PadMode::Circular),
            Shape::image(1, 5, 6)
        )
        .output,
        Shape::image(1, 15, 18)
    );
    assert!(matches!(
        fails(
            pad(&[(7, 0), (0, 0)], PadMode::Circular),
            Shape::image(1, 5, 6)
        ),
        ErrorKind::PadTooWide { pad: 7, .. }
    ));
    assert!(matches!(
        fails(pad(&[(1, 1)], PadMode::Replicate), Shape::image(1, 5, 6)),
        ErrorKind::PadMode {
            pairs: 1,
            rank: 2,
            ..
        }
    ));
    assert!(matches!(
        fails(pad(&[(1, 1), (1, 1)], PadMode::Zeros), Shape::signal(1, 5)),
        ErrorKind::PadAxes { pairs: 2, rank: 1 }
    ));
    assert!(matches!(
        fails(pad(&[(-3, -3)], PadMode::Zeros), Shape::signal(1, 6)),
        ErrorKind::PadCrop { size: 6, .. }
    ));
    assert!(matches!(
        fails(pad(&[(1, 1)], PadMode::Zeros), Shape::Flat(4)),
        ErrorKind::NeedsSpatial
    ));
}
