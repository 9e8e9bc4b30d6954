//! Classic sequential architectures against torchvision's published figures at
//! 3x224x224 (its "GFLOPS" column counts multiply-accumulates without bias).

// The networks of `examples/alexnet.rs` and `examples/vgg16.rs` (VGG-16 written with
// `repeat`), so that the examples are the ones tested.
#[allow(dead_code)]
#[path = "../examples/alexnet.rs"]
mod alexnet;
#[allow(dead_code)]
#[path = "../examples/vgg16.rs"]
mod vgg16;
use alexnet::AlexNet;
use vgg16::Vgg16;

const _: () = assert!(AlexNet::PARAMS == 61_100_840);
const _: () = assert!(AlexNet::MACS == 714_188_480);
const _: () = assert!(Vgg16::PARAMS == 138_357_544);
const _: () = assert!(Vgg16::MACS == 15_470_264_320);

#[test]
fn feature_maps_match_torchvision() {
    // AlexNet: (224 + 4 - 11) / 4 + 1 = 55, pooled to 27, 13, then 6.
    // Layers carry torchvision's paths: `features.N`, `classifier.N`.
    assert_eq!(AlexNet::FEATURES_0.output.to_string(), "64x55x55");
    assert_eq!(AlexNet::FEATURES_2.output.to_string(), "64x27x27");
    assert_eq!(AlexNet::FEATURES_12.output.to_string(), "256x6x6");
    assert_eq!(AlexNet::CLASSIFIER_1.params, (256 * 6 * 6 + 1) * 4096);
    // VGG-16 halves 224 five times to 7.
    assert_eq!(Vgg16::FEATURES_30.output.to_string(), "512x7x7");
    assert_eq!(Vgg16::CLASSIFIER_0.params, (512 * 7 * 7 + 1) * 4096);
}

// Receptive fields, r' = r + (k-1)*j: 3, 5 | 6 | 10, 14 | 16 | 24, 32, 40 | 44 |
// 60, 76, 92 | 100 | 132, 164, 196 | 212.
const _: () = assert!(Vgg16::FEATURES_28.field.size.h == 196);
const _: () = assert!(Vgg16::FEATURES_30.field.size.h == 212);
const _: () = assert!(Vgg16::FEATURES_30.field.jump.h == 32);
// Every conv and relu output, each pooling's, the adaptive pool's and the flatten's
// 25_088 each, and the head's 3 * 4096 * 2 + 1000 values: 28_701_160 in all, four
// bytes each.
const _: () = assert!(Vgg16::ACTIVATION_BYTES == 28_701_160 * 4);
// The peak: two 64x224x224 maps, conv1_1's output and relu1's.
const _: () = assert!(Vgg16::PEAK_ACTIVATION_BYTES == 2 * 64 * 224 * 224 * 4);
const _: () = assert!(Vgg16::PARAM_BYTES == 138_357_544 * 4);
