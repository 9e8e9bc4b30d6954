//! Classic sequential architectures against torchvision's published figures at
//! 3x224x224 (its "GFLOPS" column counts multiply-accumulates without bias).

cnn::cnn! {
    /// torchvision's `alexnet()`; its adaptive 6x6 pool is the identity at 224.
    pub struct AlexNet;
    input 3x224x224;
    conv 64 k11 s4 p2; relu; pool 3 s2;
    conv 192 k5 p2; relu; pool 3 s2;
    conv 384 k3 p1; relu;
    conv 256 k3 p1; relu;
    conv 256 k3 p1; relu; pool 3 s2;
    dropout 0.5; dense 4096; relu;
    dropout 0.5; dense 4096; relu;
    output 1000;
}

const _: () = assert!(AlexNet::PARAMS == 61_100_840);
const _: () = assert!(AlexNet::MACS == 714_188_480);

cnn::cnn! {
    /// torchvision's `vgg16()`; its adaptive 7x7 pool is the identity at 224.
    pub struct Vgg16;
    input 3x224x224;
    conv 64 k3 p1; relu; conv 64 k3 p1; relu; pool 2;
    conv 128 k3 p1; relu; conv 128 k3 p1; relu; pool 2;
    conv 256 k3 p1; relu; conv 256 k3 p1; relu; conv 256 k3 p1; relu; pool 2;
    conv 512 k3 p1; relu; conv 512 k3 p1; relu; conv 512 k3 p1; relu; pool 2;
    conv 512 k3 p1; relu; conv 512 k3 p1; relu; conv 512 k3 p1; relu; pool 2;
    dense 4096; relu; dropout 0.5;
    dense 4096; relu; dropout 0.5;
    output 1000;
}

const _: () = assert!(Vgg16::PARAMS == 138_357_544);
const _: () = assert!(Vgg16::MACS == 15_470_264_320);

#[test]
fn feature_maps_match_torchvision() {
    // AlexNet: (224 + 4 - 11) / 4 + 1 = 55, pooled to 27, 13, then 6.
    assert_eq!(AlexNet::CONV2D1.output.to_string(), "64x55x55");
    assert_eq!(AlexNet::MAXPOOL1.output.to_string(), "64x27x27");
    assert_eq!(AlexNet::MAXPOOL3.output.to_string(), "256x6x6");
    assert_eq!(AlexNet::DENSE1.params, (256 * 6 * 6 + 1) * 4096);
    // VGG-16 halves 224 five times to 7.
    assert_eq!(Vgg16::MAXPOOL5.output.to_string(), "512x7x7");
    assert_eq!(Vgg16::DENSE1.params, (512 * 7 * 7 + 1) * 4096);
}

// Receptive fields, r' = r + (k-1)*j: 3, 5 | 6 | 10, 14 | 16 | 24, 32, 40 | 44 |
// 60, 76, 92 | 100 | 132, 164, 196 | 212.
const _: () = assert!(Vgg16::CONV2D13.field.size.h == 196);
const _: () = assert!(Vgg16::MAXPOOL5.field.size.h == 212);
const _: () = assert!(Vgg16::MAXPOOL5.field.jump.h == 32);
// Every conv and relu output, each pooling's, and the head's 3 * 4096 * 2 + 1000 values:
// 28_650_984 in all, four bytes each.
const _: () = assert!(Vgg16::ACTIVATION_BYTES == 28_650_984 * 4);
// The peak: two 64x224x224 maps, conv1_1's output and relu1's.
const _: () = assert!(Vgg16::PEAK_ACTIVATION_BYTES == 2 * 64 * 224 * 224 * 4);
const _: () = assert!(Vgg16::PARAM_BYTES == 138_357_544 * 4);
