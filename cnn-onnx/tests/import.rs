//! `cnn_onnx::import`: ONNX models read back as `cnn!` text.
//!
//! * torchvision's own models, exported by `torch.onnx.export`
//!   (`scripts/export_zoo.py`: ResNet-18, ResNet-50, a feature pyramid on ResNet-50
//!   and LR-ASPP at small widths are committed),
//!   import to the network their `cnn!` twin in `examples/` writes by hand — every layer
//!   with tensors at the same path, with the same output shape and tensors, and the
//!   same parameter and MAC counts — and their initializers, loaded into that network,
//!   compute PyTorch's outputs to 1e-5 of their scale.
//! * Networks exported by `cnn_onnx::export` import to themselves.
//!
//! The full-size zoo (`export_zoo.py --full DIR`) is checked against the published
//! figures by `full_size_torchvision`, ignored unless `CNN_TORCHVISION_ONNX_DIR` names
//! DIR: `cargo test -p cnn-onnx --release --test import -- --ignored --nocapture`.

#[allow(dead_code)] // the tract half is the other tests'
mod common;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use cnn::{Layer, Network, Shape};
use cnn_onnx::Imported;
use std::fmt::Display;

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
#[allow(dead_code)]
#[path = "../../examples/cifar.rs"]
mod cifar;
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
#[path = "../../examples/shufflenet.rs"]
mod shufflenet;
#[allow(dead_code)]
#[path = "../../examples/vgg16.rs"]
mod vgg16;
#[allow(dead_code)]
#[path = "../../examples/vgg16_bn.rs"]
mod vgg16_bn;
use deeplabv3::fcn;
#[macro_use]
#[allow(dead_code)]
#[path = "../../examples/fpn.rs"]
mod fpn;
#[macro_use]
#[allow(dead_code)]
#[path = "../../examples/lraspp.rs"]
mod lraspp;
use googlenet_aux::googlenet;
#[allow(dead_code)]
#[path = "../../examples/squeezenet.rs"]
mod squeezenet;

// The committed models' twins: scripts/zoo.py's small ResNets, by the examples' macros.
basic_resnet! {
    struct ResNet18Small; input 3x32x32; stem 4; classes 10;
    layer1: 2 of 4;
    layer2: 2 of 8, stride 2;
    layer3: 2 of 16, stride 2;
    layer4: 2 of 32, stride 2;
}
bottleneck_resnet! {
    struct ResNet50Small; input 3x32x32; stem 8; classes 10;
    layer1: 3 of 4, stride 1;
    layer2: 4 of 8, stride 2;
    layer3: 6 of 16, stride 2;
    layer4: 3 of 32, stride 2;
}

// scripts/zoo.py's small feature pyramid and LR-ASPP (as cnn-candle's torchvision test).
fpn_resnet! {
    FpnSmall; input 3x64x64; stem 8; fpn 8; sizes 16 8 4;
    layer1: 3 of 4, stride 1;
    layer2: 4 of 8, stride 2;
    layer3: 6 of 16, stride 2;
    layer4: 3 of 32, stride 2;
}
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

/// Each layer with tensors: its path, output shape and tensors' shapes.
fn with_tensors<N: Display>(layers: &[Layer<N>]) -> Vec<(String, Shape, Vec<Vec<u64>>)> {
    layers
        .iter()
        .map(|l| {
            let params = l.param_shapes();
            let dims = params.iter().map(|p| p.dims.to_vec()).collect::<Vec<_>>();
            (l.name.to_string(), l.output, dims)
        })
        .filter(|(_, _, dims)| !dims.is_empty())
        .collect()
}

fn sorted(mut v: Vec<(String, Shape, Vec<Vec<u64>>)>) -> Vec<(String, Shape, Vec<Vec<u64>>)> {
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// The imported network is `N`: the same layers with tensors (by path: a head that
/// reads an earlier tensor comes back where that tensor is made), parameters and MACs.
fn is_twin<N: Network>(imported: &Imported) {
    assert_eq!(
        sorted(with_tensors(&imported.layers)),
        sorted(with_tensors(N::LAYERS)),
        "{}",
        imported.text
    );
    assert_eq!(imported.report.totals.params, N::PARAMS);
    assert_eq!(imported.report.totals.macs, N::MACS);
}

/// The imported network with the model's own initializers on the saved input: how far
/// from PyTorch's outputs (each of the model's, by `Imported::outputs`), as a share of
/// each one's scale, as built and for inference.
fn computes(imported: &Imported, io: &std::collections::HashMap<String, Tensor>) -> f32 {
    let vb = VarBuilder::from_tensors(imported.tensors.clone(), DType::F32, &Device::Cpu);
    let model = cnn_candle::Model::new(&imported.layers, &imported.blocks, vb).expect("builds");
    let x = &io["input"];
    let mut worst = 0f32;
    for m in [model.for_inference().expect("for inference"), model] {
        let all = m.forward_all_t(x, false).expect("runs");
        for (i, &place) in imported.outputs.iter().enumerate() {
            let (y, want) = (&all[place].1, &io[&format!("output:{i}")]);
            assert_eq!(y.dims(), want.dims());
            let scale = want
                .abs()
                .unwrap()
                .max_all()
                .unwrap()
                .to_scalar::<f32>()
                .unwrap();
            let diff = (y - want).unwrap().abs().unwrap().max_all().unwrap();
            worst = worst.max(diff.to_scalar::<f32>().unwrap() / scale);
        }
    }
    worst
}

fn fixture(dir: &str, name: &str) -> (Imported, std::collections::HashMap<String, Tensor>) {
    let bytes = std::fs::read(format!("{dir}/{name}.onnx")).expect("the model");
    let imported = cnn_onnx::import(&bytes, "Net").unwrap_or_else(|e| panic!("{name}: {e}"));
    let io = cnn_candle::state_dict(format!("{dir}/{name}.onnx.io.safetensors")).expect("io");
    (imported, io)
}

#[test]
fn torchvision_exports_import_as_their_twins() {
    let dir = format!("{}/tests/fixtures/torchvision", env!("CARGO_MANIFEST_DIR"));
    // Each committed export imports to `N`'s network and computes PyTorch's outputs.
    fn twin<N: Network>(dir: &str, name: &str) {
        let (imported, io) = fixture(dir, name);
        is_twin::<N>(&imported);
        let off = computes(&imported, &io);
        assert!(off < 1e-5, "{name}: {off:e}");
    }
    twin::<ResNet18Small>(&dir, "resnet18_small");
    twin::<ResNet50Small>(&dir, "resnet50_small");
    // Several outputs (heads), and resizes to intermediate tensors' sizes (exported
    // folded, scripts/export_zoo.py).
    twin::<FpnSmall>(&dir, "fpn_small");
    twin::<LrasppSmall>(&dir, "lraspp_small");
}

/// What `export` writes, `import` reads back as the same network.
fn round_trip<N: Network>(input: Option<Shape>) {
    let model = common::random_model::<N>(input);
    let bytes = cnn_onnx::export_model(&model).expect("exports");
    let imported = cnn_onnx::import(&bytes, "Net").expect("imports");
    let (layers, _) = model.tables();
    assert_eq!(
        sorted(with_tensors(&imported.layers)),
        sorted(with_tensors(layers)),
        "{}",
        imported.text
    );
    // Each of the model's outputs is the network's output of its shape.
    let back: Vec<Shape> = cnn::outputs(&imported.layers, &imported.blocks)
        .map(|o| o.shape)
        .collect();
    let places: Vec<Shape> = imported.outputs.iter().map(|&i| back[i]).collect();
    let outputs: Vec<Shape> = N::OUTPUTS.iter().map(|o| o.shape).collect();
    assert_eq!(places, outputs, "{}", imported.text);
    for (key, t) in &imported.tensors {
        let diff = (t - model.tensor(key).expect("a tensor of the model")).unwrap();
        assert_eq!(
            diff.abs()
                .unwrap()
                .max_all()
                .unwrap()
                .to_scalar::<f32>()
                .unwrap(),
            0.0
        );
    }
}

#[test]
fn exports_import_as_themselves() {
    round_trip::<lenet::LeNet>(None);
    round_trip::<cifar::CifarNet>(None);
    round_trip::<resnet18::ResNet18>(None);
    round_trip::<squeezenet::SqueezeNet11>(None);
    round_trip::<m5::M5>(None);
    round_trip::<Heads>(None);
}

cnn::cnn! {
    /// Several outputs: heads reading earlier tensors, and the flow.
    pub struct Heads;
    input 3x16x16;
    stem: conv 8 k3 s2 p1; relu;
    body: conv 16 k3 s2 p1; relu;
    head { from stem; conv 2 k1 }
    aux: head { from body; gap; dense 4 }
    conv 4 k1;
}

/// What the language cannot say is an error naming the node and its op: here every
/// ReLU of the committed ResNet-18 made a SELU (the same length in the file's bytes).
#[test]
fn what_the_language_lacks_is_named() {
    let dir = format!("{}/tests/fixtures/torchvision", env!("CARGO_MANIFEST_DIR"));
    let mut bytes = std::fs::read(format!("{dir}/resnet18_small.onnx")).unwrap();
    for i in 0..bytes.len() - 4 {
        if &bytes[i..i + 4] == b"Relu" {
            bytes[i] = b'S';
        }
    }
    let e = cnn_onnx::import(&bytes, "Net").unwrap_err().to_string();
    assert_eq!(
        e,
        "node `/relu/Selu` (Selu): the language has no such layer"
    );
    let e = cnn_onnx::import(b"not a model", "Net")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("this is not an ONNX model"), "{e}");
}

/// The imported network exported again by `cnn_onnx::export` into `out`, with the
/// input, candle's outputs (`output:i`, in `OUTPUTS`' order) and PyTorch's in the same
/// order (`exact:i`), for `scripts/ort_check.py`: ONNX Runtime on what this crate
/// writes, against PyTorch, with torchvision's own weights.
fn export_again(
    imported: &Imported,
    io: &std::collections::HashMap<String, Tensor>,
    out: &str,
    name: &str,
) {
    let bytes = cnn_onnx::export(&imported.layers, &imported.blocks, &|k| {
        imported.tensors.get(k).cloned()
    })
    .expect("exports");
    std::fs::write(format!("{out}/{name}.onnx"), bytes).expect("written");
    let vb = VarBuilder::from_tensors(imported.tensors.clone(), DType::F32, &Device::Cpu);
    let model = cnn_candle::Model::new(&imported.layers, &imported.blocks, vb).expect("builds");
    let all = model.forward_all_t(&io["input"], false).expect("runs");
    let mut saved = std::collections::HashMap::from([("input".to_string(), io["input"].clone())]);
    for (i, &place) in imported.outputs.iter().enumerate() {
        saved.insert(format!("output:{place}"), all[place].1.clone());
        saved.insert(format!("exact:{place}"), io[&format!("output:{i}")].clone());
    }
    candle_core::safetensors::save(&saved, format!("{out}/{name}.onnx.io.safetensors"))
        .expect("written");
}

/// `CNN_TORCHVISION_ONNX_DIR=DIR cargo test -p cnn-onnx --release --test import --
/// --ignored --nocapture`, after `python3 cnn-onnx/scripts/export_zoo.py --full DIR`:
/// each full-size torchvision model imports to its example's network, whose consts
/// are the published figures, and computes PyTorch's outputs. With `CNN_ONNX_DIR` set,
/// each is exported again for `scripts/ort_check.py` ([`export_again`]).
#[test]
#[ignore = "needs the full-size models of scripts/export_zoo.py --full"]
fn full_size_torchvision() {
    let dir = std::env::var("CNN_TORCHVISION_ONNX_DIR").expect("CNN_TORCHVISION_ONNX_DIR");
    fn one<N: Network>(dir: &str, name: &str) {
        let (imported, io) = fixture(dir, name);
        is_twin::<N>(&imported);
        let off = computes(&imported, &io);
        println!(
            "{name}: {} parameters, {} MACs, {off:e} of the output's scale",
            N::PARAMS,
            N::MACS
        );
        assert!(off < 1e-5, "{name}: {off:e}");
        if let Ok(out) = std::env::var("CNN_ONNX_DIR") {
            export_again(&imported, &io, &out, name);
        }
    }
    one::<resnet18::ResNet18>(&dir, "resnet18");
    one::<resnet50::ResNet50>(&dir, "resnet50");
    one::<alexnet::AlexNet>(&dir, "alexnet");
    one::<vgg16::Vgg16>(&dir, "vgg16");
    one::<vgg16_bn::Vgg16Bn>(&dir, "vgg16_bn");
    one::<squeezenet::SqueezeNet11>(&dir, "squeezenet1_1");
    one::<densenet121::DenseNet121>(&dir, "densenet121");
    one::<googlenet::GoogLeNet>(&dir, "googlenet");
    one::<inception_v3::InceptionV3>(&dir, "inception_v3");
    one::<mobilenet_v2::MobileNetV2>(&dir, "mobilenet_v2");
    one::<mobilenetv3::MobileNetV3Large>(&dir, "mobilenet_v3_large");
    one::<efficientnet::EfficientNetB0>(&dir, "efficientnet_b0");
    one::<shufflenet::ShuffleNetV2>(&dir, "shufflenet_v2_x1_0");
    one::<regnet::RegNetY400MF>(&dir, "regnet_y_400mf");
    one::<convnext::ConvNeXtTiny>(&dir, "convnext_tiny");
    one::<r3d18::R3d18>(&dir, "r3d_18");
    one::<mc3_18::Mc3_18>(&dir, "mc3_18");
    one::<r2plus1d18::R2Plus1d18>(&dir, "r2plus1d_18");
    one::<fcn::FcnResNet50>(&dir, "fcn_resnet50");
    one::<fcn::FcnResNet50Aux>(&dir, "fcn_resnet50_aux");
    one::<deeplabv3::DeepLabV3>(&dir, "deeplabv3_resnet50_aux");
    one::<lraspp::LrasppMobileNetV3Large>(&dir, "lraspp_mobilenet_v3_large");
    one::<fpn::ResNet50Fpn>(&dir, "resnet50_fpn");
}
