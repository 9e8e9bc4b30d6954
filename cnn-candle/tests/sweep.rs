//! A backend's kernel can be wrong where the examples never look: candle-core 0.9.2's
//! padded `conv2d` was, when the input's channel count equalled its spatial size. Each
//! case of `tests/fixtures/sweep.safetensors` (made by `scripts/sweep.py` with PyTorch)
//! is one convolution or transposed convolution whose channel count is a neighbour of
//! its padded or unpadded size, over strides, paddings, kernels, dilations, groups,
//! ranks 1 to 3 and batches of 0, 1 and 2; each runs as a one-layer network built at
//! run time and must give PyTorch's output to 1e-5 of its scale.

mod common;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::VarBuilder;
use cnn::{evaluate, Conv, ConvTranspose, Event, Groups, Kind, Node, Op, Padding, PerAxis, Shape};
use cnn_candle::Model;
use std::collections::HashMap;

/// One case's configuration, as `sweep.py` writes it.
#[derive(Debug)]
struct Case {
    rank: u64,
    transposed: bool,
    batch: u64,
    cin: u64,
    cout: u64,
    size: u64,
    k: u64,
    s: u64,
    p: u64,
    d: u64,
    g: u64,
    op: u64,
}

impl Case {
    fn read(t: &Tensor) -> Case {
        let v: Vec<i64> = t.to_vec1().unwrap();
        let v: Vec<u64> = v.into_iter().map(|x| x as u64).collect();
        Case {
            rank: v[0],
            transposed: v[1] == 1,
            batch: v[2],
            cin: v[3],
            cout: v[4],
            size: v[5],
            k: v[6],
            s: v[7],
            p: v[8],
            d: v[9],
            g: v[10],
            op: v[11],
        }
    }

    fn input(&self) -> Shape {
        let (c, n) = (self.cin, self.size);
        match self.rank {
            1 => Shape::signal(c, n),
            2 => Shape::image(c, n, n),
            _ => Shape::volume(c, n, n, n),
        }
    }

    fn kind(&self) -> Kind {
        let sq = PerAxis::uniform;
        if self.transposed {
            Kind::ConvTranspose(ConvTranspose {
                stride: sq(self.s),
                padding: sq(self.p),
                output_padding: sq(self.op),
                dilation: sq(self.d),
                groups: self.g,
                ..ConvTranspose::new(self.cout, sq(self.k))
            })
        } else {
            Kind::Conv(Conv {
                stride: sq(self.s),
                padding: Padding::Explicit(sq(self.p)),
                dilation: sq(self.d),
                groups: Groups::Count(self.g),
                ..Conv::new(self.cout, sq(self.k))
            })
        }
    }
}

#[test]
fn convolutions_agree_with_pytorch_where_kernels_break() {
    let path = format!(
        "{}/tests/fixtures/sweep.safetensors",
        env!("CARGO_MANIFEST_DIR")
    );
    let tensors: HashMap<String, Tensor> = candle_core::safetensors::load(path, &Device::Cpu)
        .unwrap()
        .into_iter()
        .collect();
    let cases = tensors.keys().filter(|k| k.ends_with(".config")).count();
    assert!(cases > 500, "{cases} cases");
    let (mut worst, mut equal_channels, mut empty) = (0f32, 0, 0);
    let mut wrong = Vec::new();
    for i in 0..cases {
        let case = Case::read(&tensors[&format!("{i}.config")]);
        let nodes = [
            Node::layer(Kind::Input(case.input())),
            Node {
                name: Some("conv"),
                op: Op::Layer(case.kind()),
            },
        ];
        let mut layers = Vec::new();
        evaluate(&nodes, |e| {
            if let Event::Layer { layer, .. } = e {
                layers.push(layer);
            }
        })
        .unwrap_or_else(|| panic!("case {i} is refused: {case:?}"));
        let vb = VarBuilder::from_tensors(tensors.clone(), DType::F32, &Device::Cpu);
        let model = Model::new(&layers, &[], vb.pp(i.to_string())).unwrap();
        let (x, expected) = (
            &tensors[&format!("{i}.input")],
            &tensors[&format!("{i}.output")],
        );
        let y = model
            .forward(x)
            .unwrap_or_else(|e| panic!("case {i} fails: {e} ({case:?})"));
        assert_eq!(y.dims(), expected.dims(), "case {i}: {case:?}");
        // Built for inference, a 2-D convolution is our own matrix product: the same.
        let fast = model
            .for_inference()
            .and_then(|m| m.forward(x))
            .unwrap_or_else(|e| panic!("case {i} fails for inference: {e} ({case:?})"));
        let d = common::off(&y, expected).max(common::off(&fast, expected));
        if d > 1e-5 {
            wrong.push(format!("case {i}: off by {d:e} of the scale ({case:?})"));
        }
        worst = worst.max(d);
        let padded = case.size + 2 * case.p;
        equal_channels += usize::from(case.cin == case.size || case.cin == padded);
        empty += usize::from(case.batch == 0);
    }
    println!("{cases} cases, the worst {worst:e} of the output's scale");
    assert!(
        wrong.is_empty(),
        "{} cases differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // The shapes that broke candle 0.9.2, and empty batches, are among them.
    assert!(
        equal_channels > 100 && empty > 50,
        "{equal_channels} {empty}"
    );
}
