//! torchvision's own models, loaded through the examples' networks with no mapping:
//! `scripts/zoo.py` built them with torchvision's classes (at a small width, keeping
//! torchvision's names), randomized their BatchNorms, and saved each one's own
//! `state_dict()` as `.pth` and `.safetensors`, an input and PyTorch's eval output.
//! Each loads strictly from both files and computes PyTorch's output to 1e-5 of its
//! scale. The full-size models are checked by `full_size_models`, ignored unless
//! `CNN_TORCHVISION_DIR` names the directory `scripts/zoo.py --full DIR` wrote.

mod common;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::VarMap;
use cnn::Network;
use cnn_candle::{state_dict, Model};

#[macro_use]
#[allow(dead_code)]
#[path = "../../examples/resnet18.rs"]
mod resnet18;
#[macro_use]
#[allow(dead_code)]
#[path = "../../examples/resnet50.rs"]
mod resnet50;
#[allow(dead_code)]
#[path = "../../examples/alexnet.rs"]
mod alexnet;
#[macro_use]
#[allow(dead_code)]
#[path = "../../examples/convnext.rs"]
mod convnext;
#[allow(dead_code)]
#[path = "../../examples/deeplabv3.rs"]
mod deeplabv3;
#[allow(dead_code)]
#[path = "../../examples/densenet121.rs"]
mod densenet121;
#[allow(dead_code)]
#[path = "../../examples/efficientnet.rs"]
mod efficientnet;
use deeplabv3::fcn;
#[allow(dead_code)]
#[path = "../../examples/googlenet_aux.rs"]
mod googlenet_aux;
use googlenet_aux::googlenet;
#[allow(dead_code)]
#[path = "../../examples/inception_v3.rs"]
mod inception_v3;
#[allow(dead_code)]
#[path = "../../examples/mc3_18.rs"]
mod mc3_18;
#[allow(dead_code)]
#[path = "../../examples/mobilenet_v2.rs"]
mod mobilenet_v2;
#[allow(dead_code)]
#[path = "../../examples/mobilenetv3.rs"]
mod mobilenetv3;
#[allow(dead_code)]
#[path = "../../examples/r2plus1d18.rs"]
mod r2plus1d18;
#[allow(dead_code)]
#[path = "../../examples/r3d18.rs"]
mod r3d18;
#[allow(dead_code)]
#[path = "../../examples/regnet.rs"]
mod regnet;
#[allow(dead_code)]
#[path = "../../examples/shufflenet.rs"]
mod shufflenet;
#[allow(dead_code)]
#[path = "../../examples/squeezenet.rs"]
mod squeezenet;
#[allow(dead_code)]
#[path = "../../examples/vgg16.rs"]
mod vgg16;
#[allow(dead_code)]
#[path = "../../examples/vgg16_bn.rs"]
mod vgg16_bn;
#[macro_use]
#[allow(dead_code)]
#[path = "../../examples/fpn.rs"]
mod fpn;
#[macro_use]
#[allow(dead_code)]
#[path = "../../examples/lraspp.rs"]
mod lraspp;

// The examples' networks at the small fixtures' widths, from the examples' own macros.
fpn_resnet! {
    FpnSmall; input 3x64x64; stem 8; fpn 8; sizes 16 8 4;
    layer1: 3 of 4, stride 1;
    layer2: 4 of 8, stride 2;
    layer3: 6 of 16, stride 2;
    layer4: 3 of 32, stride 2;
}
// torchvision's MobileNetV3-Large at width 0.25, dilated, as `_mobilenet_v3_conf`
// lists it; at 3x72x56 the stride-8 map is 9x7.
lraspp! {
    LrasppSmall; input 3x72x56; stem 8; last 240; inter 16;
    classes 5; low 4 9x7; full 72x56;
    [repeat 1] 16 > 8, 3, 2, 1, relu;
    [residual] 24 > 8, 3, 1, 1, relu;
    [repeat 1] 24 > 16, 5, 2, 1, relu, se 8;
    [residual] 32 > 16, 5, 1, 1, relu, se 8;
    [residual] 32 > 16, 5, 1, 1, relu, se 8;
    [repeat 1] 64 > 24, 3, 2, 1, hardswish;
    [residual] 48 > 24, 3, 1, 1, hardswish;
    [residual] 48 > 24, 3, 1, 1, hardswish;
    [residual] 48 > 24, 3, 1, 1, hardswish;
    [repeat 1] 120 > 32, 3, 1, 1, hardswish, se 32;
    [residual] 168 > 32, 3, 1, 1, hardswish, se 40;
    [repeat 1] 168 > 40, 5, 1, 2, hardswish, se 40;
    [residual] 240 > 40, 5, 1, 2, hardswish, se 64;
    [residual] 240 > 40, 5, 1, 2, hardswish, se 64;
}
basic_resnet! {
    struct ResNet18Small; input 3x32x32; stem 4; classes 10;
    layer1: 2 of 4;
    layer2: 2 of 8, stride 2;
    layer3: 2 of 16, stride 2;
    layer4: 2 of 32, stride 2;
}
convnext! {
    ConvNeXtSmall; input 3x32x32; classes 10;
    8 x 1;
    16 x 1;
    32 x 1;
    64 x 1;
}
bottleneck_resnet! {
    struct ResNet50Small; input 3x32x32; stem 8; classes 10;
    layer1: 3 of 4, stride 1;
    layer2: 4 of 8, stride 2;
    layer3: 6 of 16, stride 2;
    layer4: 3 of 32, stride 2;
}

/// Loads `dir/name.pth` and `dir/name.safetensors` strictly into `N` and runs each on
/// the saved input, as built and built for inference: the largest difference from
/// PyTorch's outputs, as a share of each.
fn agree<N: Network>(dir: &str, name: &str) -> f32 {
    let io = state_dict(format!("{dir}/{name}.io.safetensors")).unwrap();
    let (x, expected): (&Tensor, &Tensor) = (&io["input"], &io["output"]);
    let mut worst: f32 = 0.0;
    for ext in ["pth", "safetensors"] {
        let tensors = state_dict(format!("{dir}/{name}.{ext}")).unwrap();
        let model =
            Model::from_state_dict::<N>(&tensors, &VarMap::new(), true, DType::F32, &Device::Cpu)
                .unwrap_or_else(|e| panic!("{name}.{ext}: {e}"));
        let y = model.forward(x).unwrap();
        assert_eq!(y.dims(), expected.dims(), "{name}.{ext}");
        worst = worst.max(common::off(&y, expected));
        // A model with heads: every other output, by name (`output:aux1`).
        worst = worst.max(common::every_output(&model, x, &io, name));
        // Built for inference (BatchNorms folded, convolutions as products): the same.
        let fast = model.for_inference().unwrap();
        worst = worst.max(common::every_output(&fast, x, &io, name));
    }
    worst
}

fn fixtures() -> String {
    format!("{}/tests/fixtures/torchvision", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn small_models_load_and_compute_as_torchvision() {
    let dir = fixtures();
    for (name, off) in [
        (
            "resnet18_small",
            agree::<ResNet18Small>(&dir, "resnet18_small"),
        ),
        (
            "resnet50_small",
            agree::<ResNet50Small>(&dir, "resnet50_small"),
        ),
        (
            "convnext_small",
            agree::<ConvNeXtSmall>(&dir, "convnext_small"),
        ),
        ("fpn_small", agree::<FpnSmall>(&dir, "fpn_small")),
        ("lraspp_small", agree::<LrasppSmall>(&dir, "lraspp_small")),
    ] {
        println!("{name}: {off:e} of the output's scale");
        assert!(off < 1e-5, "{name}: {off:e} of the output's scale");
    }
}

/// `CNN_TORCHVISION_DIR=DIR cargo test -p cnn-candle --release --test torchvision --
/// --ignored`, after `python3 cnn-candle/scripts/zoo.py --full DIR`: the full-size
/// examples against torchvision's own models (BENCHMARKS.md has the result).
#[test]
#[ignore = "needs the full-size models of scripts/zoo.py --full"]
fn full_size_models() {
    let dir = std::env::var("CNN_TORCHVISION_DIR").expect("CNN_TORCHVISION_DIR");
    for (name, off) in [
        ("resnet18", agree::<resnet18::ResNet18>(&dir, "resnet18")),
        ("resnet50", agree::<resnet50::ResNet50>(&dir, "resnet50")),
        ("vgg16", agree::<vgg16::Vgg16>(&dir, "vgg16")),
        ("vgg16_bn", agree::<vgg16_bn::Vgg16Bn>(&dir, "vgg16_bn")),
        ("alexnet", agree::<alexnet::AlexNet>(&dir, "alexnet")),
        (
            "squeezenet1_1",
            agree::<squeezenet::SqueezeNet11>(&dir, "squeezenet1_1"),
        ),
        (
            "densenet121",
            agree::<densenet121::DenseNet121>(&dir, "densenet121"),
        ),
        (
            "googlenet",
            agree::<googlenet::GoogLeNet>(&dir, "googlenet"),
        ),
        (
            "googlenet_aux",
            agree::<googlenet_aux::GoogLeNetAux>(&dir, "googlenet_aux"),
        ),
        (
            "inception_v3",
            agree::<inception_v3::InceptionV3>(&dir, "inception_v3"),
        ),
        (
            "inception_v3_aux",
            agree::<inception_v3::InceptionV3Aux>(&dir, "inception_v3_aux"),
        ),
        (
            "mobilenet_v2",
            agree::<mobilenet_v2::MobileNetV2>(&dir, "mobilenet_v2"),
        ),
        (
            "mobilenet_v3_large",
            agree::<mobilenetv3::MobileNetV3Large>(&dir, "mobilenet_v3_large"),
        ),
        (
            "efficientnet_b0",
            agree::<efficientnet::EfficientNetB0>(&dir, "efficientnet_b0"),
        ),
        (
            "shufflenet_v2_x1_0",
            agree::<shufflenet::ShuffleNetV2>(&dir, "shufflenet_v2_x1_0"),
        ),
        (
            "regnet_y_400mf",
            agree::<regnet::RegNetY400MF>(&dir, "regnet_y_400mf"),
        ),
        (
            "convnext_tiny",
            agree::<convnext::ConvNeXtTiny>(&dir, "convnext_tiny"),
        ),
        (
            "fcn_resnet50",
            agree::<fcn::FcnResNet50>(&dir, "fcn_resnet50"),
        ),
        (
            "fcn_resnet50_aux",
            agree::<fcn::FcnResNet50Aux>(&dir, "fcn_resnet50_aux"),
        ),
        (
            "deeplabv3_resnet50_aux",
            agree::<deeplabv3::DeepLabV3>(&dir, "deeplabv3_resnet50_aux"),
        ),
        ("r3d_18", agree::<r3d18::R3d18>(&dir, "r3d_18")),
        ("mc3_18", agree::<mc3_18::Mc3_18>(&dir, "mc3_18")),
        (
            "r2plus1d_18",
            agree::<r2plus1d18::R2Plus1d18>(&dir, "r2plus1d_18"),
        ),
        (
            "resnet50_fpn",
            agree::<fpn::ResNet50Fpn>(&dir, "resnet50_fpn"),
        ),
        (
            "lraspp_mobilenet_v3_large",
            agree::<lraspp::LrasppMobileNetV3Large>(&dir, "lraspp_mobilenet_v3_large"),
        ),
    ] {
        println!("{name}: {off:e} of the output's scale");
        assert!(off < 1e-5, "{name}: {off:e} of the output's scale");
    }
}
