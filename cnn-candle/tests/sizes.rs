//! A network checked at one size runs at another (a fully convolutional one): the
//! tables are read back as the nodes they are the evaluation of, checked again at the
//! new input by `cnn-core`, and built for it.

mod common;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{VarBuilder, VarMap};
use cnn::{evaluate, Event, Graph, Shape};
use cnn_candle::Model;

/// Every block kind, nested and repeated, written for two input sizes.
macro_rules! net {
    ($name:ident, $input:tt) => {
        cnn::cnn! {
            pub struct $name;
            input $input;
            stem: conv 8 k3 p1; bn; relu;
            repeat 2 { residual { conv 8 k3 p1; bn; relu; conv 8 k3 p1; bn } relu }
            // Paths: levels, positions, a named repeat of seqs, a string name.
            layer1: repeat 2 { seq { residual { conv1: conv 8 k3 p1; bn1: bn } relu } }
            "block1-0": seq { repeat 2 { relu } conv 8 k1; down: residual { conv 8 k1 } shortcut { conv 8 k1 } }
            cnblock: seq { conv 8 k7 p3 dw; channelslast { ln eps 1e-6; dense 32; gelu; dense 8 } }
            // An output of its own; the flow goes on from what it read.
            aux: head { pad (1, 1, 0, 2) reflect; conv 4 k3; gap; dense 3 }
            down: residual { conv 16 k3 s2 p1; bn } shortcut { conv 16 k1 s2; bn }
            concat { b1: branch { conv 8 k1 } branch { pool 3 s1 p1; conv 8 k1 } branch { } }
            scale { gap; conv 8 k1; relu; conv 32 k1; sigmoid }
            split { branch { } branch { conv 16 k3 p1 } }
            add { branch { conv 32 k1 } branch { } }
            upsample 2 bilinear;
            conv 2 k1;
        }
    };
}
net!(Small, 8x16x16);
net!(Large, 8x24x20);

#[test]
fn the_tables_read_again_are_the_network_at_another_size() {
    let mut nodes = Vec::new();
    Graph::new(Small::LAYERS, Small::BLOCKS).nodes(Shape::image(8, 24, 20), &mut |n| nodes.push(n));
    let (mut layers, mut blocks) = (Vec::new(), Vec::new());
    let totals = evaluate(&nodes, |e| match e {
        Event::Layer { layer, .. } => layers.push(layer.map_name(|n| n.to_string())),
        Event::Block { block, .. } => blocks.push(block.map_name(|n| n.to_string())),
        Event::Error(e) => panic!("{e}"),
        Event::Unread { .. } | Event::Skipped { .. } => {}
    })
    .unwrap();
    blocks.sort_by_key(|b| (b.first, b.depth));
    // Exactly the tables the macro gives the same network written at 24x20.
    assert_eq!(layers.len(), Large::LAYERS.len());
    for (a, b) in layers.iter().zip(Large::LAYERS) {
        assert_eq!(*a, b.map_name(|n| n.to_string()));
    }
    assert_eq!(blocks.len(), Large::BLOCKS.len());
    for (a, b) in blocks.iter().zip(Large::BLOCKS) {
        assert_eq!(*a, b.map_name(|n| n.to_string()));
    }
    assert_eq!((totals.params, totals.macs), (Large::PARAMS, Large::MACS));
    // And at its own size, its own tables.
    let mut again = Vec::new();
    Graph::new(Small::LAYERS, Small::BLOCKS).nodes(Shape::image(8, 16, 16), &mut |n| again.push(n));
    let mut same = Vec::new();
    evaluate(&again, |e| {
        if let Event::Layer { layer, .. } = e {
            same.push(layer.map_name(|n| n.to_string()));
        }
    });
    let own: Vec<_> = Small::LAYERS
        .iter()
        .map(|l| l.map_name(|n| n.to_string()))
        .collect();
    assert_eq!(same, own);
}

#[test]
fn a_model_built_for_another_size_computes_as_one_written_for_it() {
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    let resized = Model::for_input::<Small>(Shape::image(8, 24, 20), vb).unwrap();
    // The same weights in the network written at 24x20.
    let tensors = vars
        .data()
        .lock()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_tensor().clone()))
        .collect();
    let written =
        Model::load::<Large>(VarBuilder::from_tensors(tensors, DType::F32, &Device::Cpu)).unwrap();
    let x = Tensor::randn(0f32, 1.0, (2, 8, 24, 20), &Device::Cpu).unwrap();
    let (a, b) = (resized.forward(&x).unwrap(), written.forward(&x).unwrap());
    assert_eq!(a.dims(), &[2, 2, 24, 20]);
    assert_eq!(common::largest_difference(&a, &b), 0.0);
}

#[test]
fn a_size_the_network_does_not_take_is_the_macro_s_error() {
    cnn::cnn! { pub struct Valid; input 3x8x8; conv 4 k3; conv 4 k3; }
    let vars = VarMap::new();
    let vb = || VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    // 8x8 -> 6x6 -> 4x4; at 4x4 the second convolution has 2x2, too small for k3.
    assert!(Model::for_input::<Valid>(Shape::image(3, 5, 5), vb()).is_ok());
    let err = Model::for_input::<Valid>(Shape::image(3, 4, 4), vb())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "the network does not take 3x4x4: kernel 3 does not fit the input height 2 in conv2d2"
        ),
        "{err}"
    );
    // Other channels would be another network, with other tensors.
    let err = Model::for_input::<Valid>(Shape::image(5, 8, 8), vb())
        .unwrap_err()
        .to_string();
    assert!(err.contains("other tensors"), "{err}");
}

cnn::cnn! {
    pub struct Numbered;
    input 4x8x8;
    // A number written where it is not the position (a list's modules run out of their
    // order): the tables cannot tell it from a position, the model keeps it.
    n: seq { "3": conv 4 k1; relu }
}

#[test]
fn names_written_as_numbers_are_kept_at_another_size() {
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    Model::for_input::<Numbered>(Shape::image(4, 12, 10), vb).unwrap();
    let mut names: Vec<String> = vars.data().lock().unwrap().keys().cloned().collect();
    names.sort();
    assert_eq!(names, ["n.3.bias", "n.3.weight"]);
}
