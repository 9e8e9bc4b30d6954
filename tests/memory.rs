//! Receptive fields, memory and budgets as consts, in both invocation forms, against
//! values worked out by hand.

use cnn::{Dtype, Field, Network, PerAxis};

/// A square field of `size`, as const assertions need it.
const fn size_is(field: Field, size: u64) -> bool {
    field.size.h == size && field.size.w == size
}

mod lenet_f16 {
    // The seed network in half precision, within every budget it names.
    cnn::cnn! {
        dtype f16;
        budget params <= 250_000;
        budget macs <= 1.6M;
        budget peak_memory <= 64KiB;
        budget param_memory <= 512KiB;
        budget activation_memory <= 60KB;
        input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
    }
    use super::size_is;
    const _: () = assert!(matches!(DTYPE, cnn::Dtype::F16));
    // 784 values; 217_706 parameters; outputs 18_432 + 4_608 + 3_200 + 800 + 256 + 10;
    // the peak is maxpool1's 32x24x24 input with its 32x12x12 output. Two bytes each.
    const _: () = assert!(INPUT_BYTES == 784 * 2);
    const _: () = assert!(PARAM_BYTES == 217_706 * 2);
    const _: () = assert!(ACTIVATION_BYTES == 27_306 * 2);
    const _: () = assert!(PEAK_ACTIVATION_BYTES == (18_432 + 4_608) * 2);
    // r: 1, 5, 6, 10, 12, then the dense layer sees the whole 5x5 map: 12 + 4 * 4.
    const _: () = assert!(size_is(CONV2D1.field, 5));
    const _: () = assert!(size_is(MAXPOOL1.field, 6));
    const _: () = assert!(size_is(CONV2D2.field, 10));
    const _: () = assert!(size_is(MAXPOOL2.field, 12));
    const _: () = assert!(size_is(DENSE1.field, 28));
    const _: () = assert!(size_is(RECEPTIVE_FIELD, 28));
    const _: () = assert!(MAXPOOL2.field.jump.h == 4);
    const _: () = assert!(CONV2D1.activations() == 32 * 24 * 24);
}

cnn::cnn! {
    /// A projection residual block: body and shortcut both halve 8x8 to 4x4.
    pub struct Projection;
    input 4x8x8;
    residual { conv 8 k3 s2 p1 nobias; bn } shortcut { conv 8 k1 s2 nobias; bn }
}

// Alive at once (values): body conv 256 + 128; body bn 256 + 128 + 128; shortcut conv
// 256 + 128 (the body's output, held) + 128; shortcut bn 256 + 128 + 128 + 128; the sum
// 256 + 128 + 128 + 128. The peak, 640 values, is 2_560 bytes in f32.
const _: () = assert!(Projection::PEAK_ACTIVATION_BYTES == 640 * 4);
// The body's 3x3 stride-2 window beats the shortcut's 1x1: the sum sees 3 pixels.
const _: () = assert!(size_is(Projection::ADD1.field, 3));
const _: () = assert!(size_is(Projection::CONV2D2.field, 1));
const _: () = assert!(Projection::ADD1.field.jump.h == 2);

#[test]
fn fields_have_centres() {
    use lenet_f16::*;
    // c' = c + ((k-1)/2 - p) * j: 2 after the 5x5, 2.5 after the 2x2 pool, 13.5 at the end
    // (the centre of 28 pixels).
    assert_eq!(CONV2D1.field.center, (2.0, 2.0));
    assert_eq!(MAXPOOL1.field.center, (2.5, 2.5));
    assert_eq!(RECEPTIVE_FIELD.center, (13.5, 13.5));
    assert_eq!(RECEPTIVE_FIELD.jump, PerAxis::uniform(20));
}

#[test]
fn generic_over_memory() {
    fn fits<N: Network>(bytes: u64) -> bool {
        N::PARAM_BYTES + N::PEAK_ACTIVATION_BYTES <= bytes
    }
    assert!(fits::<Projection>(4096));
    assert_eq!(<Projection as Network>::DTYPE, Dtype::F32);
    assert_eq!(
        <Projection as Network>::RECEPTIVE_FIELD.size,
        PerAxis::uniform(3)
    );
}

#[test]
fn markdown_summary() {
    let md = Projection::SUMMARY_MARKDOWN;
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "| # | name | size | parameters | MACs | field |");
    assert_eq!(lines[2], "| 0 | input | 4x8x8 | 0 | 0 | 1 |");
    // 3*3*4*8 + 2*8 in the body, 1*1*4*8 + 2*8 in the shortcut; MACs 288 and 32 per
    // output position, 16 positions.
    assert_eq!(lines[3], "| | **residual1** | 8x4x4 | 352 | 5_120 | |");
    assert_eq!(
        lines[4],
        "| 1 | &nbsp;&nbsp;conv2d1 | 8x4x4 | `3*3*4*8` = 288 | 4_608 | 3 |"
    );
    assert!(md.contains("\n- Total params: 352\n"), "{md}");
    assert!(md.ends_with("- Peak activation size (MB): 0.00"), "{md}");
}

/// The summary's torchinfo lines equal what torchinfo 1.8 prints for the same network
/// in PyTorch (`nn.Sequential(nn.Conv2d(3, 16, 3, padding=1, bias=False),
/// nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3, padding=1),
/// nn.BatchNorm2d(32), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
/// nn.Linear(32, 10))`, `torchinfo.summary(net, input_size=(1, 3, 32, 32))`), and this
/// crate's own figures are under names of their own.
mod torchinfo {
    cnn::cnn! {
        pub struct Net;
        input 3x32x32;
        conv 16 k3 p1 nobias; bn; relu; pool 2;
        conv 32 k3 p1; bn; relu;
        gap; flatten; output 10;
    }
}

#[test]
fn torchinfo_figures_are_torchinfos() {
    use torchinfo::Net;
    let line = |label: &str| {
        Net::SUMMARY
            .lines()
            .find_map(|l| l.strip_prefix(label))
            .unwrap_or_else(|| panic!("no `{label}` in\n{}", Net::SUMMARY))
            .to_owned()
    };
    // Parameters: 3*3*3*16 = 432; BatchNorm 2*16 = 32; (3*3*16 + 1)*32 = 4_640;
    // BatchNorm 2*32 = 64; (32 + 1)*10 = 330. torchinfo prints "Total params: 5,498".
    assert_eq!(Net::PARAMS, 5_498);
    // Input: 3*32*32*4 = 12_288 bytes, and the storage header torchinfo's
    // sys.getsizeof adds, 64: 12_352 bytes, 0.01 MB.
    assert_eq!(line("Input size (MB): "), "0.01");
    // The layers with parameters output conv 16*32*32 = 16_384, bn 16_384, conv
    // 32*16*16 = 8_192, bn 8_192 and the linear 10 values: 49_162, twice (torchinfo's
    // gradients), 4 bytes each: 393_296 bytes.
    assert_eq!(line("Forward/backward pass size (MB): "), "0.39");
    // parameters() only, 5_498 * 4 = 21_992 bytes: BatchNorm's buffers left out.
    assert_eq!(line("Params size (MB): "), "0.02");
    // 12_352 + 393_296 + 21_992 = 427_640 bytes.
    assert_eq!(line("Estimated Total Size (MB): "), "0.43");

    // This crate's own: every output once, 16_384 * 3 + 4_096 + 8_192 * 3 + 32 + 32 + 10
    // = 77_898 values, 311_592 bytes; parameters with the 2*16 + 2*32 running
    // statistics, (5_498 + 96) * 4 = 22_376 bytes.
    assert_eq!(Net::ACTIVATION_BYTES, 311_592);
    assert_eq!(Net::PARAM_BYTES, 22_376);
    assert_eq!(line("Activations size (MB): "), "0.31");
    assert_eq!(line("Params and buffers size (MB): "), "0.02");
}
