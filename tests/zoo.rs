//! Merge-block networks of torchvision's zoo against its published figures at 3x224x224,
//! worked out by hand (parameters) and by the per-layer formulas (MACs, the sum of
//! `k*k*in/groups * out * h_out * w_out` over convolutions and `in * out` over linears).

// The networks of `examples/densenet121.rs` and `examples/squeezenet.rs`, so that the
// examples are the ones tested.
#[allow(dead_code)]
#[path = "../examples/convnext.rs"]
mod convnext;
#[allow(dead_code)]
#[path = "../examples/densenet121.rs"]
mod densenet121;
#[allow(dead_code)]
#[path = "../examples/efficientnet.rs"]
mod efficientnet;
#[allow(dead_code)]
#[path = "../examples/fcn.rs"]
mod fcn;
#[allow(dead_code)]
#[path = "../examples/googlenet.rs"]
mod googlenet;
#[allow(dead_code)]
#[path = "../examples/inception_v3.rs"]
mod inception_v3;
#[allow(dead_code)]
#[path = "../examples/mobilenetv3.rs"]
mod mobilenetv3;
#[allow(dead_code)]
#[path = "../examples/regnet.rs"]
mod regnet;
#[allow(dead_code)]
#[path = "../examples/shufflenet.rs"]
mod shufflenet;
#[allow(dead_code)]
#[path = "../examples/squeezenet.rs"]
mod squeezenet;
#[allow(dead_code)]
#[path = "../examples/unet.rs"]
mod unet;
use convnext::ConvNeXtTiny;
use densenet121::DenseNet121;
use efficientnet::EfficientNetB0;
use fcn::FcnResNet50;
use googlenet::GoogLeNet;
use inception_v3::InceptionV3;
use mobilenetv3::MobileNetV3Large;
use regnet::RegNetY400MF;
use shufflenet::ShuffleNetV2;
use squeezenet::SqueezeNet11;
use unet::UNet;

// DenseNet-121. A dense layer on `c` channels holds 2c (bn) + 128c (1x1) + 256 (bn)
// + 9*128*32 (3x3) = 130c + 37_120 parameters; a block of n layers from c0 sums
// c = n*c0 + 32*n(n-1)/2:
//   stem 3*49*64 + 128                         =     9_536
//   block1 (6 from 64, sum c 864)              =   335_040, transition 512 + 256*128
//   block2 (12 from 128, sum c 3_648)          =   919_680, transition 1_024 + 512*256
//   block3 (24 from 256, sum c 14_976)         = 2_837_760, transition 2_048 + 1_024*512
//   block4 (16 from 512, sum c 12_032)         = 2_158_080
//   final bn 2_048, classifier 1_024*1_000 + 1_000.
// torchvision publishes 7,978,856 and 2.83 GFLOPS (multiply-accumulates).
const _: () = assert!(DenseNet121::PARAMS == 7_978_856);
const _: () = assert!(DenseNet121::MACS == 2_834_161_664);
// Every BatchNorm's running mean and variance: as many values as its learnable ones,
// 2 * (64 + 864 + 6*128 + 256 + 3_648 + 12*128 + 512 + 14_976 + 24*128 + 1_024 + 12_032
// + 16*128 + 1_024) = 2 * 41_824.
const _: () = assert!(DenseNet121::NON_TRAINABLE_PARAMS == 83_648);

#[test]
fn densenet_grows_by_32_channels_per_layer() {
    // 56x56 after the stem (224 / 2 / 2); each block adds n*32 channels and each
    // transition halves the channels and the size.
    let blocks = [
        (
            DenseNet121::FEATURES_DENSEBLOCK1_DENSELAYER6_CAT6.output,
            "256x56x56",
        ),
        (DenseNet121::FEATURES_TRANSITION1_POOL.output, "128x28x28"),
        (
            DenseNet121::FEATURES_DENSEBLOCK2_DENSELAYER12_CAT18.output,
            "512x28x28",
        ),
        (DenseNet121::FEATURES_TRANSITION2_POOL.output, "256x14x14"),
        (
            DenseNet121::FEATURES_DENSEBLOCK3_DENSELAYER24_CAT42.output,
            "1024x14x14",
        ),
        (DenseNet121::FEATURES_TRANSITION3_POOL.output, "512x7x7"),
        (
            DenseNet121::FEATURES_DENSEBLOCK4_DENSELAYER16_CAT58.output,
            "1024x7x7",
        ),
    ];
    for (shape, expected) in blocks {
        assert_eq!(shape.to_string(), expected);
    }
}

// GoogLeNet. An inception module from `in` channels (1x1 c1; r3 then 3x3 c3; r5 then
// 3x3 c5; pool then 1x1 pp; every convolution without bias, with a BatchNorm) holds
// in*(c1 + r3 + r5 + pp) + 9*(r3*c3 + r5*c5) + 2*(c1 + r3 + c3 + r5 + c5 + pp):
//   stem 3*49*64 + 128 + 64*64 + 128 + 9*64*192 + 384 = 124_736
//   3a 155_872, 3b 340_224, 4a 364_512, 4b 425_232, 4c 486_192, 4d 573_312,
//   4e 803_840, 5a 978_944, 5b 1_347_040; classifier 1_024*1_000 + 1_000.
// torchvision publishes 6,624,904 and 1.50 GFLOPS; the MACs, summed per convolution over
// its output map (112, 56, 28, 14 and 7 square), are 1,498,376,192.
const _: () = assert!(GoogLeNet::PARAMS == 6_624_904);
const _: () = assert!(GoogLeNet::MACS == 1_498_376_192);
// Two running statistics per BatchNorm channel: 2 * 7_280.
const _: () = assert!(GoogLeNet::NON_TRAINABLE_PARAMS == 14_560);

#[test]
fn googlenet_pools_in_ceil_mode() {
    // ceil((112 - 3) / 2) + 1 = 56 where floor mode gives 55; then 28, 14 and, by the
    // 2x2 pool, 7.
    // torchvision's paths: conv1.conv, maxpool1 .. maxpool4, inception5b.cat9.
    assert_eq!(GoogLeNet::CONV1_CONV.output.to_string(), "64x112x112");
    assert_eq!(GoogLeNet::MAXPOOL1.output.to_string(), "64x56x56");
    assert_eq!(GoogLeNet::MAXPOOL2.output.to_string(), "192x28x28");
    assert_eq!(GoogLeNet::MAXPOOL3.output.to_string(), "480x14x14");
    assert_eq!(GoogLeNet::MAXPOOL4.output.to_string(), "832x7x7");
    assert_eq!(GoogLeNet::INCEPTION5B_CAT9.output.to_string(), "1024x7x7");
    // The branch pools take a position in their branch: inception3a.branch4.0.
    assert_eq!(
        GoogLeNet::INCEPTION3A_BRANCH4_0.output.to_string(),
        "192x28x28"
    );
}

// SqueezeNet 1.1. A fire module from `in` channels, squeezing to s and expanding to e
// twice, holds (in+1)*s + (s+1)*e + (9s+1)*e:
//   conv1 (27+1)*64 = 1_792; fire2..9: 11_408, 12_432, 45_344, 49_440, 104_880,
//   111_024, 188_992, 197_184; classifier (512+1)*1_000 = 513_000.
// torchvision publishes 1,235,496 and 0.35 GFLOPS.
const _: () = assert!(SqueezeNet11::PARAMS == 1_235_496);
const _: () = assert!(SqueezeNet11::MACS == 349_151_936);
const _: () = assert!(SqueezeNet11::NON_TRAINABLE_PARAMS == 0);

#[test]
fn squeezenet_feature_maps() {
    // (224 - 3) / 2 + 1 = 111, then ceil((111 - 3) / 2) + 1 = 55, 27, 13 (at 224 the
    // ceil mode torchvision asks for changes nothing: 108, 52 and 24 are even); the fire
    // modules keep each size.
    // torchvision's paths: features.0 the stem, features.2, .5 and .8 the pools.
    assert_eq!(SqueezeNet11::FEATURES_0.output.to_string(), "64x111x111");
    assert_eq!(SqueezeNet11::FEATURES_2.output.to_string(), "64x55x55");
    assert_eq!(SqueezeNet11::FEATURES_5.output.to_string(), "128x27x27");
    assert_eq!(SqueezeNet11::FEATURES_8.output.to_string(), "256x13x13");
    assert_eq!(
        SqueezeNet11::FEATURES_12_EXPAND3X3.output.to_string(),
        "256x13x13"
    );
    assert_eq!(SqueezeNet11::CLASSIFIER_3.output.to_string(), "1000x1x1");
}

// ShuffleNetV2 x1.0. With b = out/2, a unit halving the size from `in` channels holds
// 9*in + 2*in + in*b + 2*b (depthwise branch) + in*b + 2*b + 9*b + 2*b + b*b + 2*b, and a
// unit on the split half 2*b*b + 15*b:
//   stem 27*24 + 48 = 696
//   stage2 (24 > 116, b 58): 7_398 + 3 * 7_598
//   stage3 (116 > 232, b 116): 43_616 + 7 * 28_652
//   stage4 (232 > 464, b 232): 167_968 + 3 * 111_128
//   conv5 464*1_024 + 2_048, classifier 1_024*1_000 + 1_000.
// torchvision publishes 2,278,604 and 0.14 GFLOPS.
const _: () = assert!(ShuffleNetV2::PARAMS == 2_278_604);
const _: () = assert!(ShuffleNetV2::MACS == 144_907_992);
const _: () = assert!(ShuffleNetV2::NON_TRAINABLE_PARAMS == 16_180);

#[test]
fn shufflenet_units_keep_their_channels() {
    // 224 / 2 / 2 = 56 after the stem; each stage's first unit halves it and sets the
    // channels, the split units keep both.
    // torchvision's paths: stageS.U is a unit, its concatenation in it.
    assert_eq!(ShuffleNetV2::MAXPOOL.output.to_string(), "24x56x56");
    assert_eq!(ShuffleNetV2::STAGE2_0_CAT1.output.to_string(), "116x28x28");
    assert_eq!(ShuffleNetV2::STAGE2_3_CAT4.output.to_string(), "116x28x28");
    assert_eq!(ShuffleNetV2::STAGE3_0_CAT5.output.to_string(), "232x14x14");
    assert_eq!(ShuffleNetV2::STAGE4_0_CAT13.output.to_string(), "464x7x7");
    assert_eq!(ShuffleNetV2::STAGE4_3_CAT16.output.to_string(), "464x7x7");
}

// MobileNetV3-Large. A block from `in` channels, expanded to e, kernel k, projected to
// `out`, with squeeze-and-excitation to s channels, holds in*e + 2*e (expansion) +
// k*k*e + 2*e (depthwise) + (e+1)*s + (s+1)*e (the gate's convolutions have biases) +
// e*out + 2*out (projection):
//   stem 27*16 + 32 = 464; the first block (no expansion) 9*16 + 32 + 16*16 + 32 = 464
//   3_440, 4_440, 10_328, 20_992, 20_992, 32_080, 34_760, 31_992, 31_992, 214_424,
//   386_120, 429_224, 797_360, 797_360
//   last conv 160*960 + 1_920; classifier (960+1)*1_280 + (1_280+1)*1_000.
// torchvision publishes 5,483,032 and 0.22 GFLOPS; the gates' convolutions count their
// MACs on the 1x1 map, and the products none.
const _: () = assert!(MobileNetV3Large::PARAMS == 5_483_032);
const _: () = assert!(MobileNetV3Large::MACS == 216_589_760);
const _: () = assert!(MobileNetV3Large::NON_TRAINABLE_PARAMS == 24_400);

#[test]
fn mobilenetv3_gates_and_stages() {
    // The first gate (features.4, its squeeze-and-excitation at block.2) scales 72
    // channels at 28x28 (the 5x5 depthwise with stride 2 takes 56 to 28); the last
    // block (features.15) leaves 160x7x7 and conv 960 (features.16) follows.
    assert_eq!(
        MobileNetV3Large::FEATURES_4_BLOCK_2_MUL1.output.to_string(),
        "72x28x28"
    );
    assert_eq!(
        MobileNetV3Large::FEATURES_4_BLOCK_2_FC1.output.to_string(),
        "24x1x1"
    );
    assert_eq!(
        MobileNetV3Large::FEATURES_15_BLOCK_2_MUL8
            .output
            .to_string(),
        "960x7x7"
    );
    assert_eq!(
        MobileNetV3Large::FEATURES_16_0.output.to_string(),
        "960x7x7"
    );
    assert_eq!(MobileNetV3Large::CLASSIFIER_0.params, (960 + 1) * 1_280);
}

// EfficientNet-B0. An MBConv block from `in` channels, expansion t (e = t*in), kernel k,
// gate squeezing to s = in/4, projecting to `out`, holds in*e + 2*e + k*k*e + 2*e +
// (e+1)*s + (s+1)*e + e*out + 2*out; the first block, unexpanded, 9*32 + 64 + 33*8 +
// 9*32 + 32*16 + 32 = 1_448. Per stage, its blocks summed:
//   stem 27*32 + 64 = 928; 1_448, 16_714, 46_640, 242_930, 543_148, 2_026_348, 717_232
//   head 320*1_280 + 2_560; classifier (1_280+1)*1_000.
// torchvision publishes 5,288,548 and 0.39 GFLOPS.
const _: () = assert!(EfficientNetB0::PARAMS == 5_288_548);
const _: () = assert!(EfficientNetB0::MACS == 385_814_752);
const _: () = assert!(EfficientNetB0::NON_TRAINABLE_PARAMS == 42_016);

#[test]
fn efficientnet_stages() {
    // 16 blocks, each with one gate; stride 2 in stages 2, 3, 4 and 6: 112 to 7.
    // torchvision's paths: features.S.B.block.M, the gate at block.1 (first block) or 2.
    assert_eq!(
        EfficientNetB0::FEATURES_1_0_BLOCK_1_MUL1.output.to_string(),
        "32x112x112"
    );
    assert_eq!(
        EfficientNetB0::FEATURES_7_0_BLOCK_2_MUL16
            .output
            .to_string(),
        "1152x7x7"
    );
    assert_eq!(EfficientNetB0::CLASSIFIER_1.params, (1_280 + 1) * 1_000);
}

// ConvNeXt-T. A block on d channels holds 49*d + d (depthwise, with bias) + 2*d (ln) +
// (d+1)*4d + (4d+1)*d + d (layer scale) = 8d^2 + 58d: 79_296, 306_048, 1_201_920 and
// 4_763_136 for 96, 192, 384 and 768; a downsampling from d to 2d holds 2*d + 4*d*2d +
// 2d. Stem 48*96 + 96 + 192; stages 3, 3, 9 and 3 blocks; head 2*768 + 768*1_000 + 1_000.
// MACs: stem 48*96 at 56*56; a block (49d + 8d^2) at each position (56, 28, 14, 7
// square); a downsampling 4*d*2d at each output position; the head 768*1_000.
// torchvision publishes 28,589,128 and 4.46 GFLOPS.
const _: () = assert!(ConvNeXtTiny::PARAMS == 28_589_128);
const _: () = assert!(ConvNeXtTiny::MACS == 4_455_531_264);
const _: () = assert!(ConvNeXtTiny::NON_TRAINABLE_PARAMS == 0);

#[test]
fn convnext_stages() {
    // 224 / 4 = 56, halved three times to 7; 18 blocks, one layer scale each.
    assert_eq!(ConvNeXtTiny::FEATURES_0_1.output.to_string(), "96x56x56");
    assert_eq!(
        ConvNeXtTiny::FEATURES_7_2_LAYER_SCALE.output.to_string(),
        "768x7x7"
    );
    assert_eq!(ConvNeXtTiny::FEATURES_7_2_LAYER_SCALE.params, 768);
    assert_eq!(ConvNeXtTiny::CLASSIFIER_2.params, 768 * 1_000 + 1_000);
}

// RegNetY-400MF. A block from `in` to w channels, its 3x3 in groups of 8 (so 9*8 weights
// an output channel), its gate squeezing to s = in/4, holds in*w + 2w + 9*8*w + 2w +
// (w+1)*s + (s+1)*w + w*w + 2w, and a stage's first block also its projection
// in*w + 2w; the first stage 32 > 48: 1_536 + 96 + 3_456 + 96 + 392 + 432 + 2_304 + 96 +
// 1_632 = 10_040. Stem 27*32 + 64 = 928; stages 10_040, 102_296, 737_438, 3_052_442;
// classifier (440+1)*1_000. torchvision publishes 4,344,144 and 0.40 GFLOPS.
const _: () = assert!(RegNetY400MF::PARAMS == 4_344_144);
const _: () = assert!(RegNetY400MF::MACS == 401_842_848);
const _: () = assert!(RegNetY400MF::NON_TRAINABLE_PARAMS == 27_152);

#[test]
fn regnet_groups_of_eight() {
    // The 3x3 of stage 1 groups 48 channels in 6 groups: 9*8*48 weights, at 56x56.
    // torchvision's paths: trunk_output.block1.block1-0.f.b.0 is the first grouped 3x3.
    let grouped = RegNetY400MF::TRUNK_OUTPUT_BLOCK1_BLOCK1_0_F_B_0;
    assert_eq!(grouped.output.to_string(), "48x56x56");
    assert_eq!(grouped.params, 9 * 8 * 48);
    let last_gate = RegNetY400MF::TRUNK_OUTPUT_BLOCK4_BLOCK4_5_F_SE_MUL16;
    assert_eq!(last_gate.output.to_string(), "440x7x7");
}

// Inception v3 at 3x299x299. Each `BasicConv2d` from i to o channels with a kh x kw
// kernel holds i*o*kh*kw + 2*o; summed per module:
//   stem 172_672; InceptionA 255_904 (192, 32), 277_472 (256, 64), 285_152 (288, 64);
//   InceptionB 1_153_280; InceptionC 1_297_408 (128), 1_691_008 (160, twice),
//   2_141_952 (192); InceptionD 1_698_304; InceptionE 5_044_608 (1280), 6_076_800
//   (2048); classifier 2_048*1_000 + 1_000.
// torchvision publishes 23,834,568 and 5.71 GFLOPS.
const _: () = assert!(InceptionV3::PARAMS == 23_834_568);
const _: () = assert!(InceptionV3::MACS == 5_713_216_096);
const _: () = assert!(InceptionV3::NON_TRAINABLE_PARAMS == 34_432);

#[test]
fn inception_v3_grids() {
    // 299 -> 149 -> 147 -> 147 -> 73 -> 73 -> 71 -> 35; the reductions take 35 to 17
    // and 17 to 8 ((35 - 3) / 2 + 1, (17 - 3) / 2 + 1).
    assert_eq!(InceptionV3::MAXPOOL2.output.to_string(), "192x35x35");
    // torchvision's paths: each module's concatenation is in its level.
    assert_eq!(InceptionV3::MIXED_5D_CAT3.output.to_string(), "288x35x35");
    assert_eq!(InceptionV3::MIXED_6A_CAT4.output.to_string(), "768x17x17");
    assert_eq!(InceptionV3::MIXED_7A_CAT9.output.to_string(), "1280x8x8");
    assert_eq!(
        InceptionV3::MIXED_7C_BRANCH3X3_2B_CONV.output.to_string(),
        "384x8x8"
    );
    assert_eq!(InceptionV3::AVGPOOL.output.to_string(), "2048x1x1");
}

// FCN-ResNet50 without its auxiliary head. Dilation changes no parameter count: the
// backbone is ResNet-50 without its classifier, 25_557_032 - (2_048*1_000 + 1_000) =
// 23_508_032; the head 9*2_048*512 + 2*512 + (512+1)*21 = 9_448_981. torchvision
// counts 32,957,013.
const _: () = assert!(FcnResNet50::PARAMS == 32_957_013);
// BatchNorm's running statistics: ResNet-50's 53_120 and the head's 1_024.
const _: () = assert!(FcnResNet50::NON_TRAINABLE_PARAMS == 54_144);
// MACs, stage by stage (in*out*k*k per output position; layers 3 and 4 stay at 28x28
// = 784 positions):
//   stem 7*7*3*64*112*112                                               =    118_013_952
//   layer1 at 56x56 (as in ResNet-50)                                   =    667_942_912
//   layer2: 256*128*3_136 + (9*128*128 + 128*512 + 256*512)*784
//           + 3*(512*128 + 9*128*128 + 128*512)*784                     =  1_027_604_480
//   layer3: (512*256 + 9*256*256 + 256*1_024 + 512*1_024)*784
//           + 5*(1_024*256 + 9*256*256 + 256*1_024)*784                 =  5_549_064_192
//   layer4: (1_024*512 + 9*512*512 + 512*2_048 + 1_024*2_048)*784
//           + 2*(2_048*512 + 9*512*512 + 512*2_048)*784                 = 11_714_691_072
//   head (9*2_048*512 + 512*21)*784                                     =  7_407_181_824
// PyTorch's modules, hooked, give the same sum; the resize multiplies nothing.
const _: () = assert!(FcnResNet50::MACS == 26_484_498_432);

#[test]
fn fcn_keeps_28x28_and_resizes_to_the_image() {
    // Dilation instead of stride in layers 3 and 4: 2048x28x28, scores 21x28x28, then
    // the image's size.
    // torchvision's paths: the last block's ReLU is backbone.layer4.2's position 8
    // (after conv1, bn1, relu, conv2, bn2, its second ReLU, conv3 and bn3).
    assert_eq!(
        FcnResNet50::BACKBONE_LAYER4_2_8.output.to_string(),
        "2048x28x28"
    );
    assert_eq!(FcnResNet50::CLASSIFIER_4.output.to_string(), "21x28x28");
    assert_eq!(FcnResNet50::RESIZE1.output.to_string(), "21x224x224");
    assert_eq!(FcnResNet50::LAYERS.last().map(|l| l.name), Some("resize1"));
    // Bilinear resizing 28 -> 224 reads two neighbours 8 pixels apart: the field grows by
    // 8 and the jump returns to 1.
    let (scores, resized) = (FcnResNet50::CLASSIFIER_4.field, FcnResNet50::RESIZE1.field);
    assert_eq!(scores.jump.h, 8);
    assert_eq!(resized.size.h, scores.size.h + 8);
    assert_eq!((resized.jump.h, resized.denominator.h), (1, 1));
}

// U-Net at 3x256x256. A double convolution from i to o channels holds
// 9*i*o + 2*o + 9*o*o + 2*o = 9*o*(i+o) + 4*o; an up-convolution from i channels
// i*(i/2)*2*2 + i/2:
//   encoder: dc(3, 64) 38_848, dc(64, 128) 221_696, dc(128, 256) 885_760,
//            dc(256, 512) 3_540_992, dc(512, 1024) 14_159_872
//   decoder: up(1024) 2_097_664 + dc(1024, 512) 7_079_936, up(512) 524_544 +
//            dc(512, 256) 1_770_496, up(256) 131_200 + dc(256, 128) 442_880,
//            up(128) 32_832 + dc(128, 64) 110_848
//   classifier (64+1)*2 = 130
// 31,037,698 in all, as the usual PyTorch port counts it.
const _: () = assert!(UNet::PARAMS == 31_037_698);
// Two BatchNorms a double convolution, each with 2*o running values; every level but
// the bottom has one on the way down and one on the way up.
const _: () = assert!(UNet::NON_TRAINABLE_PARAMS == 2 * 2 * (2 * (64 + 128 + 256 + 512) + 1024));
// MACs: a double convolution 9*o*(i+o) per position, at 256^2, 128^2, 64^2, 32^2 and
// 16^2 positions down the encoder; an up-convolution 2*2*i*(i/2) per input position.
const ENCODER: u64 = 9 * 64 * 67 * 65_536
    + 9 * 128 * 192 * 16_384
    + 9 * 256 * 384 * 4_096
    + 9 * 512 * 768 * 1_024
    + 9 * 1_024 * 1_536 * 256;
const DECODER: u64 = (4 * 1_024 * 512 * 256 + 9 * 512 * 1_536 * 1_024)
    + (4 * 512 * 256 * 1_024 + 9 * 256 * 768 * 4_096)
    + (4 * 256 * 128 * 4_096 + 9 * 128 * 384 * 16_384)
    + (4 * 128 * 64 * 16_384 + 9 * 64 * 192 * 65_536);
const _: () = assert!(UNet::MACS == ENCODER + DECODER + 64 * 2 * 65_536);
const _: () = assert!(UNet::MACS == 48_171_581_440);

#[test]
fn unet_comes_back_up_level_by_level() {
    // Each up-convolution doubles the size and halves the channels; each concatenation
    // puts the skip's channels beside it.
    let ups = [
        (
            UNet::CONVTRANSPOSE2D1.output,
            UNet::CAT1.output,
            "512x32x32",
            "1024x32x32",
        ),
        (
            UNet::CONVTRANSPOSE2D2.output,
            UNet::CAT2.output,
            "256x64x64",
            "512x64x64",
        ),
        (
            UNet::CONVTRANSPOSE2D3.output,
            UNet::CAT3.output,
            "128x128x128",
            "256x128x128",
        ),
        (
            UNet::CONVTRANSPOSE2D4.output,
            UNet::CAT4.output,
            "64x256x256",
            "128x256x256",
        ),
    ];
    for (up, cat, up_shape, cat_shape) in ups {
        assert_eq!(
            (up.to_string(), cat.to_string()),
            (up_shape.into(), cat_shape.into())
        );
    }
    assert_eq!(UNet::CONVTRANSPOSE2D1.params, 1_024 * 512 * 2 * 2 + 512);
    assert_eq!(UNet::CONVTRANSPOSE2D1.macs, 2 * 2 * 1_024 * 512 * 16 * 16);
    // Receptive fields: 5 after the first level; each level down adds a pool (+1 jump)
    // and two 3x3 (+2 jumps each): 14, 32, 68 at jumps 2, 4, 8, and 140 at the bottom
    // (jump 16). Each up-convolution adds half the jump it starts from, each 3x3 two
    // jumps: 148, then 180 + 4 = 184, 200 + 2 = 202, 210 + 1 = 211, and 215 at the end.
    let sizes = [
        UNet::CONVTRANSPOSE2D1.field,
        UNet::CONVTRANSPOSE2D2.field,
        UNet::CONVTRANSPOSE2D3.field,
        UNet::CONVTRANSPOSE2D4.field,
    ]
    .map(|f| (f.size.h, f.jump.h, f.denominator.h));
    assert_eq!(sizes, [(148, 8, 1), (184, 4, 1), (202, 2, 1), (211, 1, 1)]);
    assert_eq!(UNet::RECEPTIVE_FIELD.size.h, 215);
    // The peak: at the last concatenation, the level's input (64x256x256, held for
    // the skip), the up-convolution's output (the same) and the 128-channel result.
    assert_eq!(UNet::PEAK_ACTIVATION_BYTES, 4 * (64 + 64 + 128) * 256 * 256);
}

/// Every layer's tensors, by name and shape, add up to its counts: the trainable ones to
/// `params`, BatchNorm's buffers to `non_trainable`, in every network of the zoo.
#[test]
fn param_shapes_add_up_to_the_counts() {
    let networks: [&[cnn::Layer]; 11] = [
        ConvNeXtTiny::LAYERS,
        DenseNet121::LAYERS,
        EfficientNetB0::LAYERS,
        FcnResNet50::LAYERS,
        GoogLeNet::LAYERS,
        InceptionV3::LAYERS,
        MobileNetV3Large::LAYERS,
        RegNetY400MF::LAYERS,
        ShuffleNetV2::LAYERS,
        SqueezeNet11::LAYERS,
        UNet::LAYERS,
    ];
    for layers in networks {
        for layer in layers {
            let (mut learned, mut buffers) = (0, 0);
            for p in layer.param_shapes().iter() {
                let n = p.dims.count().unwrap();
                if p.trainable {
                    learned += n;
                } else {
                    buffers += n;
                }
            }
            assert_eq!(
                (learned, buffers),
                (layer.params, layer.non_trainable),
                "{}",
                layer.name
            );
        }
    }
    // PyTorch's layouts, for a few: ConvNeXt's depthwise 7x7 and layer scale, U-Net's
    // up-convolution (in channels first), a BatchNorm's buffers, a classifier.
    let dw = ConvNeXtTiny::FEATURES_1_0_BLOCK_0.param_shapes();
    assert_eq!((dw[0].name, &*dw[0].dims), ("weight", &[96, 1, 7, 7][..]));
    // Inside `channelslast`, a `dense` is nn.Linear at every position: [out, in], the
    // positions kept; the permutes took positions 1 and 6.
    let fc1 = ConvNeXtTiny::FEATURES_1_0_BLOCK_3;
    assert_eq!(&*fc1.param_shapes()[0].dims, &[384, 96]);
    assert_eq!(fc1.output.to_string(), "384x56x56");
    assert_eq!(fc1.macs, 96 * 384 * 56 * 56);
    assert_eq!(
        ConvNeXtTiny::FEATURES_1_0_BLOCK_5.output.to_string(),
        "96x56x56"
    );
    let up = UNet::CONVTRANSPOSE2D1.param_shapes();
    assert_eq!(&*up[0].dims, &[1024, 512, 2, 2]);
    assert_eq!((up[1].name, &*up[1].dims), ("bias", &[512][..]));
    let bn = DenseNet121::FEATURES_NORM0.param_shapes();
    let names: Vec<_> = bn.iter().map(|p| (p.name, p.trainable)).collect();
    assert_eq!(
        names,
        [
            ("weight", true),
            ("bias", true),
            ("running_mean", false),
            ("running_var", false)
        ]
    );
    let fc = SqueezeNet11::CLASSIFIER_1.param_shapes();
    assert_eq!(fc[0].dims.to_vec(), vec![1000, 512, 1, 1]);
}
