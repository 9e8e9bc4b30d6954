//! A network checked by `cnn!`, with its weights, as an ONNX model: what ONNX Runtime,
//! TensorRT, OpenVINO, tract or a browser runs.
//!
//! The model is written from the network's own tables (`LAYERS`, `BLOCKS`), read as
//! the tree `cnn-candle` runs ([`cnn_candle::tree`]), so that the exported graph is the
//! network that was checked: one node per layer named by its path (a layer that ONNX
//! writes as several ops names the others `{path}/...`), each layer's output tensor
//! named by its path (a layer scale's `{path}/scaled`: its path names its tensor),
//! initializers named as PyTorch's `state_dict` keys (`conv1.weight`,
//! `bn1.running_mean`, ...), the input `input` with a dynamic batch dimension
//! (`batch`), and every output of the network ([`cnn::outputs`]) as a graph output.
//! Opset [`OPSET`]. Semantics are PyTorch's in eval mode: a BatchNorm uses its running
//! statistics, dropout is the identity.
//!
//! Where ONNX has no op for a layer, it is written exactly with the ops it has: an
//! adaptive pool of uneven windows as a slice and a reduction a window (PyTorch's own
//! exporter refuses those), a channel shuffle and a pixel unshuffle as reshapes and a
//! transpose, a group norm as an instance norm of the groups, GELU with `Erf`, Mish as
//! `x * tanh(softplus(x))`, a crop as a slice, circular padding (opset 19's `wrap`)
//! as slices and concatenations.
//!
//! [`import`] reads the other way: an ONNX model (PyTorch's `torch.onnx.export` of a
//! model in eval mode with `training=TrainingMode.PRESERVE`, which keeps BatchNorms and
//! `state_dict` names, or one this crate wrote) becomes the `cnn!` text of its network
//! and its weights by key, checked as the macro checks it.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # cnn::cnn! { pub struct LeNet; input 1x28x28; conv 32 k5; pool 2; dense 10; }
//! use candle_core::{DType, Device};
//! let vb = candle_nn::VarBuilder::from_pth("lenet.pth", DType::F32, &Device::Cpu)?;
//! let model = cnn_candle::Model::load::<LeNet>(vb)?;
//! std::fs::write("lenet.onnx", cnn_onnx::export_model(&model)?)?;
//! let back = cnn_onnx::import(&std::fs::read("lenet.onnx")?, "LeNet")?;
//! print!("{}", back.text); // pub struct LeNet; input 1x28x28; conv2d1: conv 32 k5; ...
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod graph;
mod import;
mod proto;

pub use import::{import, Imported};

use candle_core::Tensor;
use cnn::{Block, Layer};
use std::fmt::Display;

/// The ONNX opset the models are written for (ONNX 1.13, 2022: ONNX Runtime 1.14,
/// tract 0.21 and later read it).
pub const OPSET: i64 = 18;

/// Why a network could not be exported: a layer ONNX cannot say, a missing weight, or
/// tables that are not one network. Its text names the layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// `model`'s network and weights (its tensors as they are now) as an ONNX model, the
/// bytes of a `.onnx` file.
pub fn export_model(model: &cnn_candle::Model) -> Result<Vec<u8>, Error> {
    let (layers, blocks) = model.tables();
    export(layers, blocks, &|key| model.tensor(key).cloned())
}

/// The network of `layers` and `blocks` (as `LAYERS` and `BLOCKS` hold them), its
/// weights by `state_dict` key from `weights`, as the bytes of a `.onnx` file.
pub fn export<N: Display>(
    layers: &[Layer<N>],
    blocks: &[Block<N>],
    weights: &dyn Fn(&str) -> Option<Tensor>,
) -> Result<Vec<u8>, Error> {
    let model = graph::model(layers, blocks, weights)?;
    Ok(prost::Message::encode_to_vec(&model))
}
