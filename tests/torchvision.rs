//! The zoo's networks carry torchvision's module paths: each one's tensors, named by
//! `Layer::param_shapes()` under its layers' paths, are exactly torchvision's own
//! `state_dict()` keys with their shapes (`num_batches_tracked` aside), as
//! `scripts/torchvision_keys.py` listed them from torchvision 0.29 in
//! `tests/fixtures/torchvision/`. So a torchvision checkpoint loads with no mapping.

use cnn::Network;

#[allow(dead_code)]
#[path = "../examples/alexnet.rs"]
mod alexnet;
#[allow(dead_code)]
#[path = "../examples/convnext.rs"]
mod convnext;
#[allow(dead_code)]
#[path = "../examples/deeplabv3.rs"]
mod deeplabv3;
#[allow(dead_code)]
#[path = "../examples/densenet121.rs"]
mod densenet121;
#[allow(dead_code)]
#[path = "../examples/efficientnet.rs"]
mod efficientnet;
#[allow(dead_code)]
#[path = "../examples/fpn.rs"]
mod fpn;
#[allow(dead_code)]
#[path = "../examples/lraspp.rs"]
mod lraspp;
use deeplabv3::fcn;
#[allow(dead_code)]
#[path = "../examples/googlenet_aux.rs"]
mod googlenet_aux;
use googlenet_aux::googlenet;
#[allow(dead_code)]
#[path = "../examples/inception_v3.rs"]
mod inception_v3;
#[allow(dead_code)]
#[path = "../examples/mc3_18.rs"]
mod mc3_18;
#[allow(dead_code)]
#[path = "../examples/mobilenet_v2.rs"]
mod mobilenet_v2;
#[allow(dead_code)]
#[path = "../examples/mobilenetv3.rs"]
mod mobilenetv3;
#[allow(dead_code)]
#[path = "../examples/r2plus1d18.rs"]
mod r2plus1d18;
#[allow(dead_code)]
#[path = "../examples/r3d18.rs"]
mod r3d18;
#[allow(dead_code)]
#[path = "../examples/regnet.rs"]
mod regnet;
#[allow(dead_code)]
#[path = "../examples/resnet18.rs"]
mod resnet18;
#[allow(dead_code)]
#[path = "../examples/resnet50.rs"]
mod resnet50;
#[allow(dead_code)]
#[path = "../examples/shufflenet.rs"]
mod shufflenet;
#[allow(dead_code)]
#[path = "../examples/squeezenet.rs"]
mod squeezenet;
#[allow(dead_code)]
#[path = "../examples/vgg16.rs"]
mod vgg16;
#[allow(dead_code)]
#[path = "../examples/vgg16_bn.rs"]
mod vgg16_bn;

/// Every tensor of `N` as `key dims`, sorted.
fn ours<N: Network>() -> Vec<String> {
    let mut keys: Vec<String> = N::LAYERS
        .iter()
        .flat_map(|l| {
            let params = l.param_shapes();
            params
                .iter()
                .map(|p| {
                    let dims: Vec<String> = p.dims.iter().map(u64::to_string).collect();
                    format!("{} {}", p.key(l.name), dims.join("x"))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    keys.sort();
    keys
}

/// torchvision's list for `model`, sorted.
fn torchvision(model: &str) -> Vec<String> {
    let path = format!(
        "{}/tests/fixtures/torchvision/{model}.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut keys: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_string)
        .collect();
    keys.sort();
    keys
}

/// Asserts `N`'s tensors are torchvision's `model`'s, listing what differs.
fn same_tensors<N: Network>(model: &str) {
    let (ours, theirs) = (ours::<N>(), torchvision(model));
    let missing: Vec<&String> = theirs.iter().filter(|k| !ours.contains(k)).collect();
    let extra: Vec<&String> = ours.iter().filter(|k| !theirs.contains(k)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{model}: {} of torchvision's {} tensors missing, {} not torchvision's\nmissing: {:#?}\nnot torchvision's: {:#?}",
        missing.len(),
        theirs.len(),
        extra.len(),
        &missing[..missing.len().min(12)],
        &extra[..extra.len().min(12)],
    );
}

#[test]
fn resnets() {
    same_tensors::<resnet18::ResNet18>("resnet18");
    same_tensors::<resnet50::ResNet50>("resnet50");
    same_tensors::<regnet::RegNetY400MF>("regnet_y_400mf");
}

#[test]
fn vgg16_and_alexnet() {
    same_tensors::<vgg16::Vgg16>("vgg16");
    same_tensors::<vgg16_bn::Vgg16Bn>("vgg16_bn");
    same_tensors::<alexnet::AlexNet>("alexnet");
}

#[test]
fn squeezenet() {
    same_tensors::<squeezenet::SqueezeNet11>("squeezenet1_1");
}

#[test]
fn mobilenets() {
    same_tensors::<mobilenet_v2::MobileNetV2>("mobilenet_v2");
    same_tensors::<mobilenetv3::MobileNetV3Large>("mobilenet_v3_large");
    same_tensors::<shufflenet::ShuffleNetV2>("shufflenet_v2_x1_0");
    same_tensors::<efficientnet::EfficientNetB0>("efficientnet_b0");
}

#[test]
fn video_resnets() {
    same_tensors::<r3d18::R3d18>("r3d_18");
    same_tensors::<mc3_18::Mc3_18>("mc3_18");
    same_tensors::<r2plus1d18::R2Plus1d18>("r2plus1d_18");
}

#[test]
fn inception_networks() {
    same_tensors::<googlenet::GoogLeNet>("googlenet");
    same_tensors::<googlenet_aux::GoogLeNetAux>("googlenet_aux");
    same_tensors::<inception_v3::InceptionV3>("inception_v3");
    same_tensors::<inception_v3::InceptionV3Aux>("inception_v3_aux");
}

#[test]
fn densenet() {
    same_tensors::<densenet121::DenseNet121>("densenet121");
}

#[test]
fn fcn() {
    same_tensors::<fcn::FcnResNet50>("fcn_resnet50");
    same_tensors::<fcn::FcnResNet50Aux>("fcn_resnet50_aux");
    same_tensors::<deeplabv3::DeepLabV3>("deeplabv3_resnet50_aux");
    same_tensors::<lraspp::LrasppMobileNetV3Large>("lraspp_mobilenet_v3_large");
}

#[test]
fn feature_pyramid() {
    same_tensors::<fpn::ResNet50Fpn>("resnet50_fpn");
}

#[test]
fn convnext() {
    same_tensors::<convnext::ConvNeXtTiny>("convnext_tiny");
}
