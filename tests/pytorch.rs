//! What PyTorch accepts, the macro accepts, with PyTorch's numbers: per-axis values
//! that start with 0, ceil-mode pooling on both sides of each of PyTorch's conditions,
//! activation arguments, and figures that are only informative. Every value is worked
//! out by hand from PyTorch's formulas in the comments.

use cnn::{Activation, Kind, Shape};

/// `nn.Conv2d(3, 32, (1, 5), stride=3, padding=(0, 2))` on 3x10x20: `p0x2` is 0 rows
/// and 2 columns of padding, though Rust lexes it as an identifier that looks like hex.
mod zero_first {
    use super::Shape;

    cnn::cnn! {
        pub struct Net;
        input 3x10x20;
        conv 32 k1x5 s3 p0x2;
        // nn.MaxPool2d(2, padding=(0, 1)): padding at most half the window, per axis.
        pool 2 p0x1;
        // nn.Conv2d(32, 8, (1, 3), padding=(0, 1), dilation=(1, 2)).
        conv 8 k1x3 p0x1 d1x2;
    }
    // floor((10 + 0 - 1) / 3) + 1 = 4; floor((20 + 4 - 5) / 3) + 1 = 7.
    const _: () = assert!(matches!(
        Net::CONV2D1.output,
        Shape::Image {
            channels: 32,
            height: 4,
            width: 7
        }
    ));
    // (1*5*3 + 1) * 32 parameters; 1*5*3 * 32 * 4*7 MACs.
    const _: () = assert!(Net::CONV2D1.params == 512);
    const _: () = assert!(Net::CONV2D1.macs == 15 * 32 * 28);
    // floor((4 - 2) / 2) + 1 = 2; floor((7 + 2 - 2) / 2) + 1 = 4.
    const _: () = assert!(matches!(
        Net::MAXPOOL1.output,
        Shape::Image {
            channels: 32,
            height: 2,
            width: 4
        }
    ));
    // Height: floor((2 - 1) / 1) + 1 = 2; width: the 3-tap kernel dilated by 2 spans 5,
    // floor((4 + 2 - 5) / 1) + 1 = 2. (1*3*32 + 1) * 8 parameters.
    const _: () = assert!(matches!(
        Net::CONV2D2.output,
        Shape::Image {
            channels: 8,
            height: 2,
            width: 2
        }
    ));
    const _: () = assert!(Net::CONV2D2.params == 776);
}

/// The cases of PyTorch's `pooling_output_shape` with `ceil_mode=True`:
/// `out = floor((i + 2p - k + s - 1) / s) + 1`, less one when `(out - 1) * s >= i + p`,
/// and refused when `out < 1`, that is when `k > i + 2p + s - 1`.
mod ceil_mode {
    use super::Shape;

    /// The height and width of a layer's output.
    const fn hw(s: Shape) -> (u64, u64) {
        match s {
            Shape::Image { height, width, .. } => (height, width),
            _ => (0, 0),
        }
    }

    // The network: `nn.MaxPool2d(2, ceil_mode=True)` on 24x1x2 gives 24x1x1.
    // Height: floor((1 - 2 + 1) / 2) + 1 = 1, the window starting at 0 < 1. Width:
    // floor((2 - 2 + 1) / 2) + 1 = 1.
    cnn::cnn! { pub struct Small; input 24x1x2; pool 2 ceil; }
    const _: () = assert!(matches!(
        Small::MAXPOOL1.output,
        Shape::Image {
            channels: 24,
            height: 1,
            width: 1
        }
    ));

    // The window may pass the padded input by at most s - 1: k = i + 2p + s - 1.
    // Height 2, k4 s3: floor((2 - 4 + 2) / 3) + 1 = 1 (nn.MaxPool2d(4, 3, ceil_mode=True)
    // on 2 gives 1); width 5: floor((5 - 4 + 2) / 3) + 1 = 2, the last start 3 < 5.
    cnn::cnn! { pub struct Edge; input 1x2x5; pool 4 s3 ceil; }
    const _: () = assert!(hw(Edge::MAXPOOL1.output).0 == 1);
    const _: () = assert!(hw(Edge::MAXPOOL1.output).1 == 2);

    // With padding: height 1, k4 s2 p1: floor((1 + 2 - 4 + 1) / 2) + 1 = 1, where floor
    // mode refuses (4 > 1 + 2). Average pooling follows the same rule.
    cnn::cnn! { pub struct Padded; input 1x1x1; avgpool 4 s2 p1 ceil; }
    const _: () = assert!(hw(Padded::AVGPOOL1.output).0 == 1);

    // The last window: k2 s2 p1 on 5 gives floor((5 + 2 - 2 + 1) / 2) + 1 = 4 windows,
    // but the fourth would start at (4 - 1) * 2 = 6 >= 5 + 1: PyTorch drops it, 3.
    // On 6 with k3 s2 p1: floor((6 + 2 - 3 + 1) / 2) + 1 = 4, the fourth starts at
    // 3 * 2 = 6 < 6 + 1: kept, 4. Floor mode gives 3 for both.
    cnn::cnn! { pub struct Last; input 1x5x6; pool 2 s2 p1 ceil; }
    cnn::cnn! { pub struct Kept; input 1x6x6; pool 3 s2 p1 ceil; }
    cnn::cnn! { pub struct Floor; input 1x6x6; pool 3 s2 p1; }
    const _: () = assert!(hw(Last::MAXPOOL1.output).0 == 3);
    const _: () = assert!(hw(Kept::MAXPOOL1.output).0 == 4);
    const _: () = assert!(hw(Floor::MAXPOOL1.output).0 == 3);
}

/// `leaky_relu 0.1` is `nn.LeakyReLU(0.1)` and `elu 0.5` is `nn.ELU(0.5)`: the argument
/// is kept in the kind and changes no count; without it, PyTorch's defaults.
mod activation_arguments {
    cnn::cnn! {
        pub struct Net;
        input 784; dense 10; leaky_relu 0.1; elu 0.5; leaky_relu; elu; leaky_relu -0.2; output 2;
    }
    // (784 + 1) * 10 + (10 + 1) * 2: the activations add nothing.
    const _: () = assert!(Net::PARAMS == 7_872);
}

#[test]
fn activation_arguments_are_kept() {
    use activation_arguments::Net;
    let slope = |kind| match kind {
        Kind::Activation(Activation::LeakyRelu { negative_slope }) => negative_slope,
        Kind::Activation(Activation::Elu { alpha }) => alpha,
        _ => f64::NAN,
    };
    assert_eq!(slope(Net::LEAKY_RELU1.kind), 0.1);
    assert_eq!(slope(Net::ELU1.kind), 0.5);
    // PyTorch's defaults: negative_slope=0.01, alpha=1.0.
    assert_eq!(slope(Net::LEAKY_RELU2.kind), 0.01);
    assert_eq!(slope(Net::ELU2.kind), 1.0);
    assert_eq!(slope(Net::LEAKY_RELU3.kind), -0.2);
}

/// A figure that is only informative never refuses a network PyTorch runs: 64 strided
/// 1x1 convolutions on a 1x1 input keep it 1x1 (floor((1 - 1) / 2) + 1 = 1), while the
/// receptive field's jump, 2^64, passes u64: it saturates.
mod saturating_field {
    cnn::cnn! { pub struct Net; input 1x1x1; repeat 64 { conv 1 k1 s2 } }
    const _: () = assert!(Net::LAYERS.len() == 65);
    // 1x1 kernels never widen the field; the jump doubles 64 times.
    const _: () = assert!(Net::RECEPTIVE_FIELD.size.h == 1);
    const _: () = assert!(Net::RECEPTIVE_FIELD.jump.h == u64::MAX);
    // 2 parameters a layer: one weight, one bias.
    const _: () = assert!(Net::PARAMS == 128);
}
