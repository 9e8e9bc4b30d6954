//! Every network of the examples builds as a candle model, reading its weights under
//! PyTorch's names: as many values as `cnn!` counts (parameters and BatchNorm's running
//! statistics), each tensor once, and no layer candle cannot run. (`tests/golden.rs`
//! checks what the models compute.)

use candle_core::{DType, Device, Result, Shape, Tensor};
use candle_nn::var_builder::SimpleBackend;
use candle_nn::{Init, VarBuilder};
use cnn::Network;
use cnn_candle::Model;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

#[allow(dead_code)]
#[path = "../../examples/alexnet.rs"]
mod alexnet;
#[allow(dead_code)]
#[path = "../../examples/budget.rs"]
mod budget;
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
use deeplabv3::fcn;
#[allow(dead_code)]
#[path = "../../examples/googlenet_aux.rs"]
mod googlenet_aux;
use googlenet_aux::googlenet;
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

/// A weight store that hands out zeros of the shapes asked for, counting their values
/// and names (as a `safetensors` file would be read, without the file).
#[derive(Default)]
struct Counting {
    values: AtomicUsize,
    names: Mutex<HashSet<String>>,
}

impl SimpleBackend for &Counting {
    fn get(&self, s: Shape, name: &str, _: Init, dtype: DType, dev: &Device) -> Result<Tensor> {
        self.values.fetch_add(s.elem_count(), Ordering::Relaxed);
        assert!(
            self.names.lock().unwrap().insert(name.to_string()),
            "{name} read twice"
        );
        Tensor::zeros(s, dtype, dev)
    }

    fn get_unchecked(&self, name: &str, _: DType, _: &Device) -> Result<Tensor> {
        Err(candle_core::Error::Msg(format!("{name}: no shape given")))
    }

    fn contains_tensor(&self, _: &str) -> bool {
        true
    }
}

/// The model builds, reading as many values as `cnn!` counts (parameters and
/// BatchNorm's running statistics), each tensor once.
fn build<N: Network>() {
    let store = Counting::default();
    let vb = VarBuilder::from_backend(Box::new(&store), DType::F32, Device::Cpu);
    if let Err(e) = Model::load::<N>(vb) {
        panic!("{}: {e}", N::LAYERS[1].name);
    }
    let values = store.values.load(Ordering::Relaxed) as u64;
    assert_eq!(values, N::PARAMS + N::NON_TRAINABLE_PARAMS);
}

#[test]
fn every_example_builds() {
    build::<alexnet::AlexNet>();
    build::<vgg16::Vgg16>();
    build::<lenet::LeNet>();
    build::<cifar::CifarNet>();
    build::<budget::PersonDetector>();
    build::<convnext::ConvNeXtTiny>();
    build::<densenet121::DenseNet121>();
    build::<efficientnet::EfficientNetB0>();
    build::<fcn::FcnResNet50>();
    build::<googlenet::GoogLeNet>();
    build::<inception_v3::InceptionV3>();
    build::<m5::M5>();
    build::<mc3_18::Mc3_18>();
    build::<mobilenetv3::MobileNetV3Large>();
    build::<r2plus1d18::R2Plus1d18>();
    build::<r3d18::R3d18>();
    build::<regnet::RegNetY400MF>();
    build::<resnet18::ResNet18>();
    build::<shufflenet::ShuffleNetV2>();
    build::<squeezenet::SqueezeNet11>();
    build::<unet::UNet>();
    build::<vgg16_bn::Vgg16Bn>();
    build::<resnet50::ResNet50>();
    build::<mobilenet_v2::MobileNetV2>();
    build::<espcn::Espcn>();
    build::<googlenet_aux::GoogLeNetAux>();
    build::<fcn::FcnResNet50Aux>();
    build::<deeplabv3::DeepLabV3>();
    build::<cyclegan::CycleGan>();
}
