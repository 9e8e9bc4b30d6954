//! Every example network exports and computes in tract what it computes in candle
//! (to 1e-5 of the output's scale), at batch 1 and 2: random weights, each network at
//! a smaller input than its own where it takes one (the graph is the same).
//!
//! Each output must depend on the input (batch elements differ by more than 1e-4 of
//! its scale), and the bound is 1e-5 of its scale or, where a random deep network
//! rounds more, three times candle's own distance from the float64 model
//! (`common::agrees`). A debug build runs them in minutes, too long for every `cargo
//! test`: `small_networks` runs in CI, the rest by hand, in release (about 13 minutes,
//! most of it the float64 models):
//! `cargo test -p cnn-onnx --release --test zoo -- --include-ignored --nocapture`.

mod common;

use cnn::Shape;

#[allow(dead_code)]
#[path = "../../examples/alexnet.rs"]
mod alexnet;
#[allow(dead_code)]
#[path = "../../examples/cifar.rs"]
mod cifar;
#[allow(dead_code)]
#[path = "../../examples/convnext.rs"]
mod convnext;
#[allow(dead_code)]
#[path = "../../examples/cyclegan.rs"]
mod cyclegan;
#[allow(dead_code)]
#[path = "../../examples/deeplabv3.rs"]
mod deeplabv3;
#[allow(dead_code)]
#[path = "../../examples/densenet121.rs"]
mod densenet121;
#[allow(dead_code)]
#[path = "../../examples/efficientnet.rs"]
mod efficientnet;
#[allow(dead_code)]
#[path = "../../examples/espcn.rs"]
mod espcn;
#[allow(dead_code)]
#[path = "../../examples/fpn.rs"]
mod fpn;
#[allow(dead_code)]
#[path = "../../examples/googlenet_aux.rs"]
mod googlenet_aux;
#[allow(dead_code)]
#[path = "../../examples/inception_v3.rs"]
mod inception_v3;
#[allow(dead_code)]
#[path = "../../examples/lenet.rs"]
mod lenet;
#[allow(dead_code)]
#[path = "../../examples/lraspp.rs"]
mod lraspp;
#[allow(dead_code)]
#[path = "../../examples/m5.rs"]
mod m5;
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
#[path = "../../examples/resnet18.rs"]
mod resnet18;
#[allow(dead_code)]
#[path = "../../examples/resnet50.rs"]
mod resnet50;
#[allow(dead_code)]
#[path = "../../examples/shufflenet.rs"]
mod shufflenet;
#[allow(dead_code)]
#[path = "../../examples/squeezenet.rs"]
mod squeezenet;
#[allow(dead_code)]
#[path = "../../examples/unet.rs"]
mod unet;
#[allow(dead_code)]
#[path = "../../examples/vgg16.rs"]
mod vgg16;
#[allow(dead_code)]
#[path = "../../examples/vgg16_bn.rs"]
mod vgg16_bn;
#[allow(dead_code)]
#[path = "../../examples/wavenet.rs"]
mod wavenet;
#[allow(dead_code)]
#[path = "../../examples/yolo.rs"]
mod yolo;
use deeplabv3::fcn;
use googlenet_aux::googlenet;

/// An image of `c` channels, `s` by `s`.
fn image(c: u64, s: u64) -> Option<Shape> {
    Some(Shape::image(c, s, s))
}

#[test]
fn small_networks() {
    common::agrees::<lenet::LeNet>("lenet", None);
    common::agrees::<cifar::CifarNet>("cifar", None);
    common::agrees::<squeezenet::SqueezeNet11>("squeezenet", image(3, 64));
    common::agrees::<m5::M5>("m5", Some(Shape::signal(1, 4000)));
}

#[test]
#[ignore = "minutes in a debug build: run in release by hand"]
fn image_classifiers() {
    common::agrees::<resnet18::ResNet18>("resnet18", image(3, 64));
    common::agrees::<alexnet::AlexNet>("alexnet", image(3, 64));
    common::agrees::<vgg16::Vgg16>("vgg16", image(3, 32));
    common::agrees::<vgg16_bn::Vgg16Bn>("vgg16_bn", image(3, 32));
    common::agrees::<resnet50::ResNet50>("resnet50", image(3, 64));
    common::agrees::<densenet121::DenseNet121>("densenet121", image(3, 64));
    common::agrees::<googlenet::GoogLeNet>("googlenet", image(3, 64));
    common::agrees::<googlenet_aux::GoogLeNetAux>("googlenet_aux", image(3, 160));
    common::agrees::<inception_v3::InceptionV3>("inception_v3", image(3, 80));
    common::agrees::<inception_v3::InceptionV3Aux>("inception_v3_aux", None);
}

#[test]
#[ignore = "minutes in a debug build: run in release by hand"]
fn mobile_and_modern_classifiers() {
    common::agrees::<mobilenet_v2::MobileNetV2>("mobilenet_v2", None);
    common::agrees::<mobilenetv3::MobileNetV3Large>("mobilenetv3", None);
    common::agrees::<efficientnet::EfficientNetB0>("efficientnet", None);
    common::agrees::<shufflenet::ShuffleNetV2>("shufflenet", None);
    common::agrees::<regnet::RegNetY400MF>("regnet", None);
    common::agrees::<convnext::ConvNeXtTiny>("convnext", image(3, 64));
}

#[test]
#[ignore = "minutes in a debug build: run in release by hand"]
fn dense_prediction_and_generation() {
    common::agrees::<fcn::FcnResNet50>("fcn", image(3, 48));
    common::agrees::<fcn::FcnResNet50Aux>("fcn_aux", image(3, 48));
    common::agrees::<deeplabv3::DeepLabV3>("deeplabv3", None);
    common::agrees::<fpn::ResNet50Fpn>("fpn", None);
    common::agrees::<lraspp::LrasppMobileNetV3Large>("lraspp", None);
    common::agrees::<yolo::Yolo>("yolo", image(3, 64));
    common::agrees::<unet::UNet>("unet", None);
    common::agrees::<cyclegan::CycleGan>("cyclegan", image(3, 64));
    common::agrees::<espcn::Espcn>("espcn", None);
}

#[test]
#[ignore = "minutes in a debug build: run in release by hand"]
fn signals_and_videos() {
    common::agrees::<wavenet::WaveNet>("wavenet", Some(Shape::signal(1, 500)));
    common::agrees::<r3d18::R3d18>("r3d18", Some(Shape::volume(3, 4, 32, 32)));
    common::agrees::<mc3_18::Mc3_18>("mc3_18", Some(Shape::volume(3, 4, 32, 32)));
    common::agrees::<r2plus1d18::R2Plus1d18>("r2plus1d18", Some(Shape::volume(3, 4, 32, 32)));
}
