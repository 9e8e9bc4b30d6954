//! ResNet-18's forward pass built by cnn-candle from the `cnn!` network (as built, and
//! built for inference), against the same network written by hand with candle-nn's
//! layers (as candle's own examples write a ResNet), side by side at batch 1 and 8,
//! CPU, f32, fresh weights.
//!
//! `cargo bench -p cnn-candle --bench forward`

use candle_core::{DType, Device, Module, ModuleT, Result, Tensor, D};
use candle_nn::{
    batch_norm, conv2d_no_bias, linear, BatchNorm, Conv2d, Conv2dConfig, Linear, VarBuilder, VarMap,
};

#[path = "../../examples/resnet18.rs"]
#[allow(dead_code)]
mod resnet18;
use resnet18::ResNet18;

fn main() {
    divan::main();
}

/// ResNet-18 as one writes it by hand in candle.
struct Hand {
    conv1: Conv2d,
    bn1: BatchNorm,
    blocks: Vec<Basic>,
    fc: Linear,
}

struct Basic {
    conv1: Conv2d,
    bn1: BatchNorm,
    conv2: Conv2d,
    bn2: BatchNorm,
    down: Option<(Conv2d, BatchNorm)>,
}

fn conv(
    cin: usize,
    cout: usize,
    k: usize,
    stride: usize,
    padding: usize,
    vb: VarBuilder,
) -> Result<Conv2d> {
    let cfg = Conv2dConfig {
        padding,
        stride,
        ..Default::default()
    };
    conv2d_no_bias(cin, cout, k, cfg, vb)
}

impl Hand {
    fn new(vb: VarBuilder) -> Result<Hand> {
        let mut blocks = Vec::new();
        let mut cin = 64;
        for (i, &c) in [64, 128, 256, 512].iter().enumerate() {
            for j in 0..2 {
                let stride = if i > 0 && j == 0 { 2 } else { 1 };
                let vb = vb.pp(format!("layer{}.{j}", i + 1));
                let down = if stride != 1 || cin != c {
                    Some((
                        conv(cin, c, 1, stride, 0, vb.pp("downsample.0"))?,
                        batch_norm(c, 1e-5, vb.pp("downsample.1"))?,
                    ))
                } else {
                    None
                };
                blocks.push(Basic {
                    conv1: conv(cin, c, 3, stride, 1, vb.pp("conv1"))?,
                    bn1: batch_norm(c, 1e-5, vb.pp("bn1"))?,
                    conv2: conv(c, c, 3, 1, 1, vb.pp("conv2"))?,
                    bn2: batch_norm(c, 1e-5, vb.pp("bn2"))?,
                    down,
                });
                cin = c;
            }
        }
        Ok(Hand {
            conv1: conv(3, 64, 7, 2, 3, vb.pp("conv1"))?,
            bn1: batch_norm(64, 1e-5, vb.pp("bn1"))?,
            blocks,
            fc: linear(512, 1000, vb.pp("fc"))?,
        })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let x = self.bn1.forward_t(&x.apply(&self.conv1)?, false)?.relu()?;
        // Max pooling 3, stride 2, padding 1: after a ReLU, padding with the edge values
        // pools as padding with -inf does.
        let mut x = x
            .pad_with_same(D::Minus1, 1, 1)?
            .pad_with_same(D::Minus2, 1, 1)?
            .max_pool2d_with_stride(3, 2)?;
        for b in &self.blocks {
            let y = b.bn1.forward_t(&x.apply(&b.conv1)?, false)?.relu()?;
            let y = b.bn2.forward_t(&y.apply(&b.conv2)?, false)?;
            let s = match &b.down {
                Some((c, bn)) => bn.forward_t(&x.apply(c)?, false)?,
                None => x.clone(),
            };
            x = (y + s)?.relu()?;
        }
        x.mean_keepdim(D::Minus1)?
            .mean_keepdim(D::Minus2)?
            .flatten_from(1)?
            .apply(&self.fc)
    }
}

fn input(batch: usize) -> Tensor {
    Tensor::randn(0f32, 1f32, (batch, 3, 224, 224), &Device::Cpu).unwrap()
}

#[divan::bench(args = [1, 8], sample_count = 10)]
fn cnn_candle(bencher: divan::Bencher, batch: usize) {
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    let model = cnn_candle::Model::load::<ResNet18>(vb).unwrap();
    let x = input(batch);
    bencher.bench(|| model.forward(&x).unwrap());
}

/// The same model built for inference (`Model::for_inference`: BatchNorm folded,
/// convolutions as `gemm` products, activations fused).
#[divan::bench(args = [1, 8], sample_count = 10)]
fn cnn_candle_for_inference(bencher: divan::Bencher, batch: usize) {
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    let model = cnn_candle::Model::load::<ResNet18>(vb).unwrap();
    let model = model.for_inference().unwrap();
    let x = input(batch);
    bencher.bench(|| model.forward(&x).unwrap());
}

#[divan::bench(args = [1, 8], sample_count = 10)]
fn by_hand(bencher: divan::Bencher, batch: usize) {
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    let model = Hand::new(vb).unwrap();
    let x = input(batch);
    bencher.bench(|| model.forward(&x).unwrap());
}
