//! Where a forward pass spends its time: torchvision's ResNet-18 (or `resnet50`,
//! `mobilenet_v3_large`, `efficientnet_b0`, torchvision's names) at 3x224x224, fresh weights, f32, built for
//! inference (or, with `candle`, as built, on candle's ops), each layer timed by
//! `Model::profile` (the median of 5 runs after a warm-up), summed by family, with
//! each family's share and its convolutions' GFLOPS (2 x MACs a second).
//!
//! `cargo run -p cnn-candle --release --example profile -- resnet18 8 [candle]`; with
//! `matmul`, candle's matrix product at the sizes of ResNet's convolutions.

use candle_core::{DType, Device, Tensor};
use candle_nn::{VarBuilder, VarMap};
use cnn::{Kind, Layer, Network};
use std::collections::BTreeMap;
use std::time::Duration;

#[path = "../../examples/efficientnet.rs"]
#[allow(dead_code)]
mod efficientnet;
#[path = "../../examples/mobilenetv3.rs"]
#[allow(dead_code)]
mod mobilenetv3;
#[path = "../../examples/resnet18.rs"]
#[allow(dead_code)]
mod resnet18;
#[path = "../../examples/resnet50.rs"]
#[allow(dead_code)]
mod resnet50;

/// A layer's family: a convolution by kernel, stride and grouping, or its kind.
fn family(l: &Layer) -> String {
    match l.kind {
        Kind::Conv(c) => {
            let k = c.kernel.along(2, 0);
            let s = c.stride.along(2, 0);
            let grouped = match c.groups {
                cnn::Groups::Depthwise => " depthwise".to_string(),
                cnn::Groups::Count(1) => String::new(),
                cnn::Groups::Count(g) if g == l.input.channels() => " depthwise".to_string(),
                cnn::Groups::Count(_) => " grouped".to_string(),
            };
            format!("conv {k}x{k} s{s}{grouped}")
        }
        kind => kind.keyword().word().to_string(),
    }
}

fn run<N: Network>(batch: usize, candle: bool) -> candle_core::Result<()> {
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    let model = cnn_candle::Model::load::<N>(vb)?;
    let model = if candle {
        model
    } else {
        model.for_inference()?
    };
    let x = Tensor::randn(0f32, 1f32, (batch, 3, 224, 224), &Device::Cpu)?;
    model.profile(&x)?;
    let runs: Vec<Vec<Duration>> = (0..5)
        .map(|_| model.profile(&x))
        .collect::<Result<_, _>>()?;
    let median = |i: usize| {
        let mut t: Vec<Duration> = runs.iter().map(|r| r[i]).collect();
        t.sort();
        t[t.len() / 2]
    };
    let mut families: BTreeMap<String, (Duration, u64)> = BTreeMap::new();
    for (i, l) in N::LAYERS.iter().enumerate() {
        let entry = families.entry(family(l)).or_default();
        entry.0 += median(i);
        entry.1 += l.macs;
    }
    let total: Duration = families.values().map(|f| f.0).sum();
    println!("batch {batch}: {:.1} ms in all", total.as_secs_f64() * 1e3);
    let mut rows: Vec<_> = families.into_iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1 .0));
    for (name, (t, macs)) in rows {
        let secs = t.as_secs_f64();
        let gflops = if macs > 0 && secs > 0.0 {
            format!(
                "{:6.1} GFLOPS",
                2.0 * macs as f64 * batch as f64 / secs / 1e9
            )
        } else {
            String::new()
        };
        println!(
            "  {name:<26} {:8.2} ms  {:5.1}%  {gflops}",
            secs * 1e3,
            100.0 * secs / total.as_secs_f64()
        );
    }
    Ok(())
}

/// candle's `matmul` (the `gemm` crate) at the sizes of a square product and of
/// ResNet's convolutions as products: the ceiling of the convolutions' speed.
fn matmul() -> candle_core::Result<()> {
    for (m, n, k) in [
        (1024, 1024, 1024),
        (64, 3136, 576),
        (128, 784, 1152),
        (256, 196, 2304),
        (512, 49, 4608),
    ] {
        let a = Tensor::randn(0f32, 1f32, (m, k), &Device::Cpu)?;
        let b = Tensor::randn(0f32, 1f32, (k, n), &Device::Cpu)?;
        a.matmul(&b)?;
        let mut times: Vec<Duration> = (0..20)
            .map(|_| {
                let start = std::time::Instant::now();
                a.matmul(&b).map(|_| start.elapsed())
            })
            .collect::<Result<_, _>>()?;
        times.sort();
        let secs = times[10].as_secs_f64();
        println!(
            "matmul m{m} n{n} k{k}: {:.1} GFLOPS",
            2.0 * (m * n * k) as f64 / secs / 1e9
        );
    }
    Ok(())
}

fn main() -> candle_core::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map_or("resnet18", String::as_str);
    if name == "matmul" {
        return matmul();
    }
    let batch = batch(args.get(1))?;
    // `candle`: the model as built, on candle's ops, rather than built for inference.
    let candle = args.get(2).is_some_and(|a| a == "candle");
    match name {
        "resnet18" => run::<resnet18::ResNet18>(batch, candle),
        "resnet50" => run::<resnet50::ResNet50>(batch, candle),
        "mobilenet_v3_large" => run::<mobilenetv3::MobileNetV3Large>(batch, candle),
        "efficientnet_b0" => run::<efficientnet::EfficientNetB0>(batch, candle),
        _ => Err(candle_core::Error::Msg(format!(
            "no network `{name}`: resnet18, resnet50, mobilenet_v3_large, efficientnet_b0 or matmul"
        ))),
    }
}

/// The batch size given, 1 when none is.
fn batch(arg: Option<&String>) -> candle_core::Result<usize> {
    arg.map_or(Ok(1), |b| {
        b.parse()
            .map_err(|_| candle_core::Error::Msg(format!("`{b}` is no batch size")))
    })
}
