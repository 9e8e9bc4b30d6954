//! 1-D signals and 3-D volumes through the macro: M5, torchvision's video ResNets and a
//! 3-D U-Net against counts worked out by hand, and windows on both sides of fitting.
//! (cnn-core's `tests/ranks.rs` tests the same rules through the run-time API.)

#[allow(dead_code)]
#[path = "../examples/m5.rs"]
mod m5;
#[allow(dead_code)]
#[path = "../examples/mc3_18.rs"]
mod mc3_18;
#[allow(dead_code)]
#[path = "../examples/r2plus1d18.rs"]
mod r2plus1d18;
#[allow(dead_code)]
#[path = "../examples/r3d18.rs"]
mod r3d18;
use m5::M5;
use mc3_18::Mc3_18;
use r2plus1d18::R2Plus1d18;
use r3d18::R3d18;

// M5 on 1x16000: (16000 - 80)/4 + 1 = 3981, pooled to 995; 993 -> 248; 246 -> 61;
// 59 -> 14; then the mean over 14 and the classifier.
//   conv1d (80*1+1)*128 = 10_368, (3*128+1)*128 = 49_280, (3*128+1)*256 = 98_560,
//   (3*256+1)*512 = 393_728; BatchNorm1d 2*(128+128+256+512) = 2_048; output
//   (512+1)*10 = 5_130.
const _: () = assert!(M5::PARAMS == 10_368 + 49_280 + 98_560 + 393_728 + 2_048 + 5_130);
const _: () = assert!(M5::NON_TRAINABLE_PARAMS == 2_048);
// MACs: kernel * Cin * Cout per output position.
const _: () = assert!(
    M5::MACS
        == 80 * 128 * 3_981
            + 3 * 128 * 128 * 993
            + 3 * 128 * 256 * 246
            + 3 * 256 * 512 * 59
            + 512 * 10
);

/// The summary's row of `layer`, its columns one space apart.
fn row(summary: &str, layer: &str) -> String {
    let line = summary
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some(layer))
        .unwrap_or_default();
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn m5_lengths_and_names() {
    let lengths = [
        (M5::CONV1D1.output, "128x3981"),
        (M5::MAXPOOL1.output, "128x995"),
        (M5::CONV1D2.output, "128x993"),
        (M5::MAXPOOL4.output, "512x14"),
        (M5::GAP1.output, "512x1"),
    ];
    for (shape, written) in lengths {
        assert_eq!(shape.to_string(), written);
    }
    assert_eq!(*M5::INPUT.output.dims(), [1, 16_000]);
    // Fields along the one axis: 80; 80 + 3*4 = 92 after the pool (jump 16); each 3-tap
    // convolution adds 2 jumps and each pool 3: 124, 172, 300, 492, 1004, 1772, and the
    // global pool the other 13 positions of jump 1024: 15084.
    let fields = [
        M5::CONV1D1,
        M5::MAXPOOL1,
        M5::CONV1D2,
        M5::MAXPOOL4,
        M5::GAP1,
    ]
    .map(|l| l.field.size.w);
    assert_eq!(fields, [80, 92, 124, 1772, 15084]);
    // The row: its formula and count, 80*1*128 MACs at each of 3981 positions, field 80.
    assert!(row(M5::SUMMARY, "conv1d1").ends_with("(80*1+1)*128 = 10_368 40_765_440 80"));
}

// R3D-18 at 3x16x112x112: every convolution 3x3x3 without bias after the stem, each
// followed by BatchNorm3d.
//   stem 3*7*7*3*64 = 28_224
//   layer1 4 * 27*64*64 = 442_368
//   layer2 27*64*128 + 3 * 27*128*128 + 64*128 (shortcut) = 1_556_480
//   layer3 27*128*256 + 3 * 27*256*256 + 128*256 = 6_225_920
//   layer4 27*256*512 + 3 * 27*512*512 + 256*512 = 24_903_680
//   BatchNorm 2*(64 + 4*64 + 5*128 + 5*256 + 5*512) = 9_600; fc 512*400 + 400.
const _: () = assert!(
    R3d18::PARAMS == 28_224 + 442_368 + 1_556_480 + 6_225_920 + 24_903_680 + 9_600 + 205_200
);
const _: () = assert!(R3d18::NON_TRAINABLE_PARAMS == 9_600);
// MACs per output position: 16x56x56 = 50_176 for the stem and layer1, then 8x28x28 =
// 6_272, 4x14x14 = 784, 2x7x7 = 98. torchvision publishes 40.70 GFLOPS.
const _: () = assert!(
    R3d18::MACS
        == (28_224 + 442_368) * 50_176
            + (27 * 64 * 128 + 64 * 128 + 3 * 27 * 128 * 128) * 6_272
            + (27 * 128 * 256 + 128 * 256 + 3 * 27 * 256 * 256) * 784
            + (27 * 256 * 512 + 256 * 512 + 3 * 27 * 512 * 512) * 98
            + 512 * 400
);

// MC3-18: as R3D-18 in the stem and layer1, then 1x3x3 convolutions (9 weights an
// input channel) that stride in space only:
//   layer2 9*64*128 + 3 * 9*128*128 + 64*128 = 524_288
//   layer3 9*128*256 + 3 * 9*256*256 + 128*256 = 2_097_152
//   layer4 9*256*512 + 3 * 9*512*512 + 256*512 = 8_388_608
const _: () =
    assert!(Mc3_18::PARAMS == 28_224 + 442_368 + 524_288 + 2_097_152 + 8_388_608 + 9_600 + 205_200);
// Time keeps 16 frames: 16x28x28 = 12_544, 16x14x14 = 3_136, 16x7x7 = 784 positions.
// torchvision publishes 43.34 GFLOPS.
const _: () = assert!(
    Mc3_18::MACS
        == (28_224 + 442_368) * 50_176
            + 524_288 * 12_544
            + 2_097_152 * 3_136
            + 8_388_608 * 784
            + 512 * 400
);

// R(2+1)D-18: a (2+1)-D convolution from i to o through m channels holds 9*i*m + 2*m
// (its BatchNorm) + 3*m*o. torchvision's midplanes (i*o*27) // (i*9 + 3*o), the same for
// both convolutions of a block: 144 and 144 in layer1, 230 and 288 in layer2, 460 and
// 576 in layer3, 921 and 1152 in layer4.
const fn conv2plus1d(i: u64, o: u64, m: u64) -> u64 {
    9 * i * m + 2 * m + 3 * m * o
}
const fn stage(i: u64, o: u64, m1: u64, m2: u64) -> u64 {
    let shortcut = if i == o { 0 } else { i * o + 2 * o };
    conv2plus1d(i, o, m1) + conv2plus1d(o, o, m1) + conv2plus1d(o, o, m2) * 2 + 4 * 2 * o + shortcut
}
const _: () = assert!(
    R2Plus1d18::PARAMS
        == 49 * 3 * 45
            + 2 * 45
            + 3 * 45 * 64
            + 2 * 64
            + stage(64, 64, 144, 144)
            + stage(64, 128, 230, 288)
            + stage(128, 256, 460, 576)
            + stage(256, 512, 921, 1152)
            + 512 * 400
            + 400
);
const _: () = assert!(R2Plus1d18::PARAMS == 31_505_325);
const _: () = assert!(R2Plus1d18::NON_TRAINABLE_PARAMS == 25_350);

#[test]
fn r2plus1d_midplanes_and_strides() {
    // layer2's first block: 64 -> 230 by a 1x3x3 of spatial stride 2, then 230 -> 128 by
    // a 3x1x1 of temporal stride 2.
    // torchvision's paths: conv1.0 is the Conv2Plus1D, .0 its spatial and .3 its
    // temporal convolution.
    let spatial = R2Plus1d18::LAYER2_0_CONV1_0_0;
    assert_eq!(spatial.output.to_string(), "230x16x28x28");
    assert_eq!(spatial.params, 9 * 64 * 230);
    assert_eq!(
        R2Plus1d18::LAYER2_0_CONV1_0_3.output.to_string(),
        "128x8x28x28"
    );
    assert_eq!(R2Plus1d18::LAYER2_0_CONV1_0_3.params, 3 * 230 * 128);
    // A field per axis where the axes differ: the stem's 1x7x7 sees one frame.
    assert_eq!(R2Plus1d18::STEM_0.field.size, cnn::PerAxis::new3(1, 7, 7));
    // 6_615 MACs at each of 16*56*56 positions.
    assert!(row(R2Plus1d18::SUMMARY, "stem.0").ends_with("1*7*7*3*45 = 6_615 331_914_240 1x7x7"));
}

/// A 3-D U-Net for a 1x32x64x64 volume and 3 classes: two levels down and back up.
mod unet3d {
    cnn::cnn! {
        pub struct UNet3d;
        input 1x32x64x64;
        conv3d 16 k3 p1 nobias; bn; relu; conv3d 16 k3 p1 nobias; bn; relu;
        concat {
            branch { }
            branch {
                pool 2; conv 32 k3 p1 nobias; bn; relu; conv 32 k3 p1 nobias; bn; relu;
                concat {
                    branch { }
                    branch {
                        maxpool3d 2;
                        conv 64 k3 p1 nobias; bn; relu; conv 64 k3 p1 nobias; bn; relu;
                        upconv 32 k2 s2;
                    }
                }
                conv 32 k3 p1 nobias; bn; relu; conv 32 k3 p1 nobias; bn; relu;
                convtranspose3d 16 k2 s2;
            }
        }
        conv 16 k3 p1 nobias; bn; relu; conv 16 k3 p1 nobias; bn; relu;
        conv 3 k1;
    }
}
use unet3d::UNet3d;

// A double 3x3x3 convolution from i to o holds 27*o*(i+o) + 4*o; a 2x2x2 up-convolution
// from i to o, 8*i*o + o:
//   dc(1, 16) 7_408, dc(16, 32) 41_600, dc(32, 64) 166_144, up(64, 32) 16_416,
//   dc(64, 32) 83_072, up(32, 16) 4_112, dc(32, 16) 20_800, classifier (16+1)*3 = 51.
const _: () = assert!(UNet3d::PARAMS == 339_603);
// MACs at 32x64x64 = 131_072, 16x32x32 = 16_384 and 8x16x16 = 2_048 positions; an
// up-convolution's per input position.
const _: () = assert!(
    UNet3d::MACS
        == 27 * 16 * 17 * 131_072
            + 27 * 32 * 48 * 16_384
            + 27 * 64 * 96 * 2_048
            + 8 * 64 * 32 * 2_048
            + 27 * 32 * 96 * 16_384
            + 8 * 32 * 16 * 16_384
            + 27 * 16 * 48 * 131_072
            + 16 * 3 * 131_072
);

#[test]
fn unet3d_levels() {
    assert_eq!(UNet3d::CONVTRANSPOSE3D1.output.to_string(), "32x16x32x32");
    assert_eq!(UNet3d::CAT1.output.to_string(), "64x16x32x32");
    assert_eq!(UNet3d::CONVTRANSPOSE3D2.output.to_string(), "16x32x64x64");
    assert_eq!(UNet3d::CAT2.output.to_string(), "32x32x64x64");
    let last = UNet3d::LAYERS[UNet3d::LAYERS.len() - 1];
    assert_eq!(
        (last.name, last.output.dims().as_slice()),
        ("conv3d11", &[3, 32, 64, 64][..])
    );
}

/// Windows that just fit, at each rank: a kernel as long as the signal, one as deep as
/// the volume, and ceil-mode pooling one past it.
mod just_fits {
    cnn::cnn! {
        pub struct Signal;
        input 2x80;
        conv1d 4 k80;
    }
    const _: () = assert!(matches!(
        Signal::CONV1D1.output,
        cnn::Shape::Signal {
            channels: 4,
            length: 1
        }
    ));
    cnn::cnn! {
        pub struct Volume;
        input 1x3x5x5;
        conv3d 2 k3x5x5;
        pool 2 ceil;
    }
    const _: () = assert!(Volume::CONV3D1.params == (3 * 5 * 5 + 1) * 2);
    // 1x1x1 after the convolution; ceil mode takes a window of 2 over 1.
    const _: () = assert!(matches!(
        Volume::MAXPOOL1.output,
        cnn::Shape::Volume {
            channels: 2,
            depth: 1,
            height: 1,
            width: 1
        }
    ));
}

/// `linear` is `upsample`'s and `resize`'s mode on a signal, though it is also `dense`'s
/// alias as a statement.
mod linear_mode {
    cnn::cnn! {
        pub struct Up;
        input 2x80;
        upsample 2 linear; resize 100 linear; linear 10;
    }
    const _: () = assert!(matches!(
        Up::UPSAMPLE1.output,
        cnn::Shape::Signal {
            channels: 2,
            length: 160
        }
    ));
    const _: () = assert!(matches!(
        Up::RESIZE1.output,
        cnn::Shape::Signal {
            channels: 2,
            length: 100
        }
    ));
    const _: () = assert!(Up::DENSE1.params == (2 * 100 + 1) * 10);
}
