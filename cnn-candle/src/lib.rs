//! Run a network that [`cnn::cnn!`] checked in [candle], with PyTorch's semantics and
//! PyTorch's weight names: the network rustc checked is the network that runs.
//!
//! A [`Model`] is built at run time from a network's `LAYERS` and `BLOCKS` (no code
//! generation), so it runs any `cnn!` network, and networks evaluated at run time with
//! `cnn-core`. Each layer's tensors live under `{layer path}.{tensor}` in PyTorch's
//! layouts ([`cnn::Layer::param_shapes`], [`cnn::Param::key`]): a network written with
//! its PyTorch twin's module paths (`layer1.0.conv1: conv ...`) loads the twin's
//! `state_dict` as it is ([`state_dict`], [`Model::from_state_dict`]), and a file whose
//! names differ loads through `VarBuilder::rename_f`, which maps each name the model
//! asks for to the file's:
//!
//! ```
//! use candle_core::{DType, Device, Tensor};
//! use candle_nn::VarBuilder;
//! use std::collections::HashMap;
//!
//! cnn::cnn! { pub struct Probe; input 4; fc: dense 2; }
//!
//! // A checkpoint of a model that wraps the network as `backbone`.
//! let file: HashMap<String, Tensor> = HashMap::from([
//!     ("backbone.fc.weight".to_string(), Tensor::ones((2, 4), DType::F32, &Device::Cpu)?),
//!     ("backbone.fc.bias".to_string(), Tensor::zeros(2, DType::F32, &Device::Cpu)?),
//! ]);
//! let vb = VarBuilder::from_tensors(file, DType::F32, &Device::Cpu)
//!     .rename_f(|name: &str| format!("backbone.{name}"));
//! let model = cnn_candle::Model::load::<Probe>(vb)?;
//! let y = candle_core::Module::forward(&model, &Tensor::ones((1, 4), DType::F32, &Device::Cpu)?)?;
//! assert_eq!(y.to_vec2::<f32>()?, [[4.0, 4.0]]);
//! # Ok::<(), candle_core::Error>(())
//! ```
//!
//! A fresh model:
//!
//! ```
//! use candle_core::{DType, Device, Module, Tensor};
//! use candle_nn::{VarBuilder, VarMap};
//!
//! cnn::cnn! {
//!     pub struct LeNet;
//!     input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
//! }
//!
//! // Fresh weights, initialized as PyTorch initializes them.
//! let vars = VarMap::new();
//! let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
//! let model = cnn_candle::Model::load::<LeNet>(vb)?;
//! let x = Tensor::zeros((8, 1, 28, 28), DType::F32, &Device::Cpu)?;
//! assert_eq!(model.forward(&x)?.dims(), &[8, 10]);
//! // Every tensor under its PyTorch name, and as many values as cnn! counts.
//! let count: usize = vars.all_vars().iter().map(|v| v.elem_count()).sum();
//! assert_eq!(count as u64, LeNet::PARAMS);
//! # Ok::<(), candle_core::Error>(())
//! ```
//!
//! The model runs inputs of the network's input shape, in any batch size, at every rank:
//! 3-D convolutions and pools run as candle's 2-D ones over depth slices, and every
//! interpolation mode (`nearest`, `linear`, `bilinear`, `bicubic`, `trilinear`, with
//! PyTorch's `align_corners=False`) as one matrix of PyTorch's weights per axis. What
//! candle cannot compute — 3-D transposed convolutions, strides or dilations that
//! differ between height and width, a transposed convolution's values that differ by
//! axis — is an error when the model is built, naming the layer.
//!
//! BatchNorm, LayerNorm and GroupNorm compute with the `eps` (and BatchNorm with the
//! `momentum`) the network states — `bn eps 1e-3 momentum 0.01`, `ln eps 1e-6` —
//! PyTorch's defaults (1e-5, 0.1) where it states none.
//!
//! A model runs in F32 or F64 (another element type is refused when it is built), takes
//! an empty batch to an empty output as PyTorch does, and lets NaN and infinities
//! through where PyTorch does (candle's `relu` and max pools drop a NaN; the model puts
//! it back). [`Model::from_state_dict`] loads a PyTorch `state_dict` ([`state_dict`]
//! reads `.safetensors` and `.pth`), strictly as `load_state_dict` does or not, into
//! variables an optimizer can train; [`Model::new`] refuses tables that do not read as
//! one network.
//!
//! For inference, [`Model::for_inference`] folds each BatchNorm into the convolution
//! before it, applies the activation after a convolution as its output is written, and
//! runs 2-D convolutions, pools and dense layers as loops and matrix products of its
//! own (`gemm`, the crate candle's products run on, whose AVX-512 kernels this crate
//! turns on with its `x86-v4` feature: they build on stable and are chosen at run
//! time, and candle's own products gain them too); [`Model::profile`] times each layer.
//! Both are measured against PyTorch and ONNX Runtime in the workspace's BENCHMARKS.md.
//!
//! [candle]: https://github.com/huggingface/candle
// Two small functions of `layer/fast.rs` make an unsafe call, each documented:
// `add_product` (`gemm`'s product) and `vectorized` (code compiled for AVX2, run once
// the CPU is seen to have it).
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod layer;
mod load;
pub mod tree;

pub use load::state_dict;

use candle_core::{DType, Module, Result, Tensor};
use candle_nn::VarBuilder;
use cnn::{Block, BlockKind, Kind, Layer, Network};
use std::fmt::Display;
use tree::Item;

/// A network as a candle model: see the [crate docs](crate).
pub struct Model {
    layers: Vec<layer::Boxed>,
    items: Vec<Item>,
    /// One sample's dimensions, the network's input: the model is built for them.
    input: Vec<usize>,
    /// The network's outputs (`cnn::outputs`): each one's name and one sample's
    /// dimensions, every head's first, then the flow's unless the network ends in one.
    outputs: Vec<(String, Vec<usize>)>,
    /// The element type of its tensors, and of the inputs it takes.
    dtype: DType,
    /// The layers whose outputs a `from` reads: kept while the model runs.
    read: Vec<bool>,
    /// The tables it was built from and its tensors by `state_dict` key (sharing their
    /// storage: a variable trained later is seen), for [`Model::for_inference`].
    tables: (Vec<Layer<String>>, Vec<Block<String>>),
    tensors: std::collections::HashMap<String, Tensor>,
    /// Built by [`Model::for_inference`]: training mode is refused.
    inference: bool,
}

/// What one run keeps besides the flow: each head's result as it finishes, and the
/// outputs `from`s read, by layer.
struct Kept {
    heads: Vec<Tensor>,
    layers: Vec<Option<Tensor>>,
    /// When profiling, each layer's time (a merge's the time its block takes beyond its
    /// parts').
    times: Option<Vec<std::time::Duration>>,
}

/// A builder that reads through another and keeps what it reads, by key.
struct Recorder<'a> {
    vb: VarBuilder<'a>,
    seen: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, Tensor>>>,
}

impl candle_nn::var_builder::SimpleBackend for Recorder<'_> {
    fn get(
        &self,
        s: candle_core::Shape,
        name: &str,
        h: candle_nn::Init,
        dtype: DType,
        _: &candle_core::Device,
    ) -> Result<Tensor> {
        let t = self.vb.get_with_hints_dtype(s, name, h, dtype)?;
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(name.to_string(), t.clone());
        }
        Ok(t)
    }

    fn get_unchecked(&self, name: &str, dtype: DType, _: &candle_core::Device) -> Result<Tensor> {
        self.vb.get_unchecked_dtype(name, dtype)
    }

    fn contains_tensor(&self, name: &str) -> bool {
        self.vb.contains_tensor(name)
    }
}

/// A layer of the tables with its name written out.
fn own<N: Display>(l: &Layer<N>) -> Layer<String> {
    Layer {
        name: l.name.to_string(),
        kind: l.kind,
        input: l.input,
        output: l.output,
        params: l.params,
        non_trainable: l.non_trainable,
        macs: l.macs,
        depth: l.depth,
        field: l.field,
    }
}

/// A block of the tables with its name written out.
fn owned_block<N: Display>(b: &Block<N>) -> Block<String> {
    Block {
        name: b.name.to_string(),
        level: b.level,
        kind: b.kind,
        depth: b.depth,
        first: b.first,
        len: b.len,
        input: b.input,
        output: b.output,
        params: b.params,
        non_trainable: b.non_trainable,
        macs: b.macs,
    }
}

/// A BatchNorm's eval-mode scale and shift per channel, `gamma / sqrt(var + eps)` and
/// `beta - mean * scale`, from its tensors as they are now.
fn fold(bn: &Layer<String>, n: cnn::Norm, vb: &VarBuilder) -> Result<(Tensor, Tensor)> {
    let vb = vb.pp(&bn.name);
    let c = bn.input.channels() as usize;
    let get = |name: &str| vb.get(c, name).map(|t| t.detach());
    let (gamma, beta) = (get("weight")?, get("bias")?);
    let (mean, var) = (get("running_mean")?, get("running_var")?);
    let scale = (gamma / (var + n.eps)?.sqrt()?)?;
    let shift = (beta - (mean * &scale)?)?;
    Ok((scale, shift))
}

/// The element types a model runs in end to end, training mode included. Measured on
/// candle 0.11.1's CPU kernels: BF16 has no matrix product, and F16 runs at inference
/// but BatchNorm's training mode mixes it with F32; integers are no weights.
const DTYPES: [DType; 2] = [DType::F32, DType::F64];

impl Model {
    /// The model of `N`, a network `cnn!` defined, its tensors from `vb`.
    pub fn load<N: Network>(vb: VarBuilder) -> Result<Model> {
        Model::new(N::LAYERS, N::BLOCKS, vb)
    }

    /// The model of `N` for inputs of `input` rather than the shape `cnn!` checked (a
    /// fully convolutional network at another size): the network is checked again at
    /// that shape by `cnn-core`, with the macro's rules and messages, and built for it.
    ///
    /// ```
    /// use candle_core::{DType, Device, Module, Tensor};
    /// use candle_nn::{VarBuilder, VarMap};
    /// cnn::cnn! { pub struct Seg; input 3x32x32; conv 8 k3 p1; pool 2; conv 2 k1; upsample 2; }
    /// let vars = VarMap::new();
    /// let vb = VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu);
    /// let model = cnn_candle::Model::for_input::<Seg>(cnn::Shape::image(3, 48, 40), vb)?;
    /// let y = model.forward(&Tensor::zeros((1, 3, 48, 40), DType::F32, &Device::Cpu)?)?;
    /// assert_eq!(y.dims(), &[1, 2, 48, 40]);
    /// # Ok::<(), candle_core::Error>(())
    /// ```
    pub fn for_input<N: Network>(input: cnn::Shape, vb: VarBuilder) -> Result<Model> {
        let mut nodes = Vec::new();
        cnn::Graph::new(N::LAYERS, N::BLOCKS).nodes(input, &mut |n| nodes.push(n));
        let (mut layers, mut blocks, mut errors) = (Vec::new(), Vec::new(), Vec::new());
        cnn::evaluate(&nodes, |e| match e {
            cnn::Event::Layer { layer, .. } => layers.push(layer.map_name(|n| n.to_string())),
            cnn::Event::Block { block, .. } => blocks.push(block.map_name(|n| n.to_string())),
            cnn::Event::Error(e) => errors.push(e.to_string()),
            cnn::Event::Unread { .. } | cnn::Event::Skipped { .. } => {}
        });
        if !errors.is_empty() {
            return Err(candle_core::Error::Msg(format!(
                "the network does not take {input}: {}",
                errors.join("; ")
            )));
        }
        // Its layers are the same ones (the input aside), holding as many tensors:
        // another channel count would be another network. They keep the network's own
        // names, which its tensors are under.
        let same = layers.len() == N::LAYERS.len()
            && blocks.len() == N::BLOCKS.len()
            && layers.iter().zip(N::LAYERS).skip(1).all(|(a, b)| {
                a.kind == b.kind && (a.params, a.non_trainable) == (b.params, b.non_trainable)
            });
        if !same {
            return Err(candle_core::Error::Msg(format!(
                "at {input} the network would hold other tensors than the one cnn! checked (its channels are its own)"
            )));
        }
        for (layer, own) in layers.iter_mut().zip(N::LAYERS) {
            layer.name = own.name.to_string();
        }
        blocks.sort_by_key(|b| (b.first, b.depth));
        for (block, own) in blocks.iter_mut().zip(N::BLOCKS) {
            block.name = own.name.to_string();
        }
        Model::new(&layers, &blocks, vb)
    }

    /// The model of these layers and blocks (a network's `LAYERS` and `BLOCKS`, or what
    /// `cnn_core::evaluate` gives at run time), its tensors from `vb`.
    ///
    /// The builder's element type is the model's: F32 or F64, any other is refused
    /// here rather than at the first layer that lacks it. The tables must read as one
    /// network (each layer receiving the shape it was evaluated for), or they are
    /// refused too.
    pub fn new<N: Display>(
        layers: &[Layer<N>],
        blocks: &[Block<N>],
        vb: VarBuilder,
    ) -> Result<Model> {
        let dtype = vb.dtype();
        if !DTYPES.contains(&dtype) {
            return Err(candle_core::Error::Msg(format!(
                "cnn-candle runs models in F32 or F64, not {dtype:?}: build the VarBuilder with DType::F32 and convert the output if you need {dtype:?}"
            )));
        }
        let tables = (
            layers.iter().map(|l| own(l)).collect::<Vec<_>>(),
            blocks.iter().map(|b| owned_block(b)).collect::<Vec<_>>(),
        );
        // Every tensor the layers read, kept under its key as they read it (once), for
        // a model for inference.
        let (dtype, device) = (vb.dtype(), vb.device().clone());
        let seen = std::sync::Arc::new(std::sync::Mutex::new(std::collections::HashMap::new()));
        let recorder = Recorder {
            vb,
            seen: seen.clone(),
        };
        let vb = VarBuilder::from_backend(Box::new(recorder), dtype, device);
        let model = Model::build(tables, &vb, false)?;
        drop(vb);
        let tensors = std::mem::take(&mut *seen.lock().map_err(|_| {
            candle_core::Error::Msg("a layer failed while reading its tensors".into())
        })?);
        Ok(Model { tensors, ..model })
    }

    /// The same network for inference only, its tensors' values as they are now: every
    /// BatchNorm right after a convolution folded into its weights and bias (each
    /// output channel's filter times `gamma / sqrt(var + eps)`, its bias moved by the
    /// mean and shifted by `beta`), and every 2-D convolution run as one matrix product
    /// a sample (`layer/fast.rs`) instead of candle's `conv2d`; as it runs, a residual's
    /// shortcut is added by the body's last convolution as it writes, and a `scale`
    /// block's gate scales the next convolution's weights. It computes what this
    /// model computes in eval mode (`tests/golden.rs`, the sweep, torchvision and twin
    /// tests run every network both ways: to 1e-5 of the output's scale),
    /// faster (BENCHMARKS.md §12–13); it refuses training mode, and no gradient flows
    /// through its convolutions. A BatchNorm stays when something else reads the
    /// convolution's output (a `from`).
    ///
    /// ```
    /// use candle_core::{DType, Device, Module, Tensor};
    /// use candle_nn::{VarBuilder, VarMap};
    /// cnn::cnn! { pub struct Tiny; input 3x8x8; conv 4 k3 nobias; bn; relu; gap; fc: dense 2; }
    /// let vars = VarMap::new();
    /// let model = cnn_candle::Model::load::<Tiny>(VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu))?;
    /// let fast = model.for_inference()?;
    /// let x = Tensor::randn(0f32, 1f32, (2, 3, 8, 8), &Device::Cpu)?;
    /// let (a, b) = (model.forward(&x)?, fast.forward(&x)?);
    /// assert!((a - b)?.abs()?.max_all()?.to_scalar::<f32>()? < 1e-5);
    /// assert!(fast.forward_t(&x, true).is_err());
    /// # Ok::<(), candle_core::Error>(())
    /// ```
    pub fn for_inference(&self) -> Result<Model> {
        let device = self
            .tensors
            .values()
            .next()
            .map_or(candle_core::Device::Cpu, |t| t.device().clone());
        let vb = VarBuilder::from_tensors(self.tensors.clone(), self.dtype, &device);
        let model = Model::build(self.tables.clone(), &vb, true)?;
        Ok(Model {
            tensors: self.tensors.clone(),
            ..model
        })
    }

    fn build(
        tables: (Vec<Layer<String>>, Vec<Block<String>>),
        vb: &VarBuilder,
        inference: bool,
    ) -> Result<Model> {
        let (layers, blocks) = (&tables.0, &tables.1);
        let dtype = vb.dtype();
        let items = tree::build(layers, blocks)?;
        let mut read = vec![false; layers.len()];
        for l in layers {
            if let cnn::Kind::From(source) = l.kind {
                if let Some(r) = read.get_mut(source) {
                    *r = true;
                }
            }
        }
        let mut how = vec![layer::Build::Any; layers.len()];
        if inference {
            let (mut fold_of, mut activation) =
                (vec![None; layers.len()], vec![None; layers.len()]);
            let mut folded = vec![false; layers.len()];
            let pairs = tree::pairs(&items);
            // A BatchNorm right after a convolution, which nothing else reads.
            for &(conv, bn) in &pairs {
                if let (cnn::Kind::Conv(_), cnn::Kind::BatchNorm(n), false) =
                    (layers[conv].kind, layers[bn].kind, read[conv])
                {
                    fold_of[conv] = Some(fold(&layers[bn], n, vb)?);
                    folded[bn] = true;
                }
            }
            // An activation right after a 2-D convolution (and the BatchNorm folded
            // into it), applied as the convolution writes its output.
            for &(before, after) in &pairs {
                let conv = match layers[before].kind {
                    cnn::Kind::BatchNorm(_) if folded[before] => before - 1,
                    cnn::Kind::Conv(_) => before,
                    _ => continue,
                };
                let act = match layers[after].kind {
                    cnn::Kind::Activation(a) if layer::fast::fused(a) => Some(a),
                    _ => None,
                };
                if let (cnn::Kind::Conv(_), Some(a), 2, false, false, None) = (
                    layers[conv].kind,
                    act,
                    layers[conv].input.rank(),
                    read[conv],
                    read[before],
                    activation[conv],
                ) {
                    activation[conv] = Some(a);
                    folded[after] = true;
                }
            }
            for (i, h) in how.iter_mut().enumerate() {
                *h = match folded[i] {
                    true => layer::Build::Folded,
                    false => layer::Build::Inference {
                        fold: fold_of[i].take(),
                        act: activation[i],
                    },
                };
            }
        }
        let built = layers
            .iter()
            .zip(how)
            .map(|(l, how)| layer::build(l, vb, how))
            .collect::<Result<Vec<_>>>()?;
        let dims = |s: cnn::Shape| s.dims().iter().map(|&d| d as usize).collect::<Vec<_>>();
        let outputs: Vec<(String, Vec<usize>)> = cnn::outputs(layers, blocks)
            .map(|o| (o.name.to_string(), dims(o.shape)))
            .collect();
        Ok(Model {
            layers: built,
            items,
            input: layers.first().map(|l| dims(l.output)).unwrap_or_default(),
            outputs,
            dtype,
            read,
            tables,
            tensors: std::collections::HashMap::new(),
            inference,
        })
    }

    /// The output for `x` (batch first), in training mode (`train`: dropout and drop
    /// path active, BatchNorm on the batch's statistics, updating its running ones) or
    /// not. candle implements `ModuleT` for every `Module`, so this is a method.
    ///
    /// `x` must hold samples of the network's input shape: paddings, pooling divisors
    /// and interpolation weights are computed for it, so another shape is an error, not
    /// a silently different network.
    pub fn forward_t(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        let mut all = self.forward_all_t(x, train)?;
        all.pop()
            .map(|(_, y)| y)
            .ok_or_else(|| candle_core::Error::Msg("the network has no output".into()))
    }

    /// Every output of the network for `x`, in `OUTPUTS`' order and under its names:
    /// each `head`'s result, then the flow's last tensor unless the network ends in a
    /// head. [`Model::forward_t`] returns the last of them.
    ///
    /// ```
    /// use candle_core::{DType, Device, Tensor};
    /// use candle_nn::{VarBuilder, VarMap};
    /// cnn::cnn! {
    ///     pub struct Aux;
    ///     input 8x4x4;
    ///     conv 8 k3 p1;
    ///     aux: head { gap; dense 3 }
    ///     relu; gap; fc: dense 10;
    /// }
    /// let vars = VarMap::new();
    /// let model = cnn_candle::Model::load::<Aux>(VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu))?;
    /// let outputs = model.forward_all_t(&Tensor::zeros((2, 8, 4, 4), DType::F32, &Device::Cpu)?, false)?;
    /// let shapes: Vec<(&str, Vec<usize>)> = outputs.iter().map(|(n, y)| (n.as_str(), y.dims().to_vec())).collect();
    /// assert_eq!(shapes, [("aux", vec![2, 3]), ("fc", vec![2, 10])]);
    /// # Ok::<(), candle_core::Error>(())
    /// ```
    pub fn forward_all_t(&self, x: &Tensor, train: bool) -> Result<Vec<(String, Tensor)>> {
        if train && self.inference {
            return Err(candle_core::Error::Msg(
                "this model is built for inference (`Model::for_inference`), its BatchNorms folded: train the model it was built from".into(),
            ));
        }
        if x.dtype() != self.dtype {
            return Err(candle_core::Error::Msg(format!(
                "the model's tensors are {:?}, the input is {:?}: convert it with `x.to_dtype(DType::{:?})`",
                self.dtype,
                x.dtype(),
                self.dtype
            )));
        }
        if x.dims().get(1..) != Some(self.input.as_slice()) {
            return Err(candle_core::Error::Msg(format!(
                "the network takes samples of {:?}, batch first; got a tensor of {:?}",
                self.input,
                x.dims()
            )));
        }
        // An empty batch gives an empty output, as in PyTorch (whose BatchNorm leaves
        // its running statistics as they are); candle's kernels are not asked.
        if x.dim(0)? == 0 {
            return self
                .outputs
                .iter()
                .map(|(name, dims)| {
                    let dims: Vec<usize> = [0].into_iter().chain(dims.iter().copied()).collect();
                    Ok((name.clone(), Tensor::zeros(dims, x.dtype(), x.device())?))
                })
                .collect();
        }
        let mut kept = Kept {
            heads: Vec::with_capacity(self.outputs.len()),
            layers: vec![None; self.layers.len()],
            times: None,
        };
        self.keep(0, x, &mut kept);
        let flow = self.run(&self.items, x, train, &mut kept)?;
        let mut tensors = kept.heads;
        // One output more than the heads gave: the flow's.
        if tensors.len() < self.outputs.len() {
            tensors.push(flow);
        }
        Ok(self
            .outputs
            .iter()
            .map(|(name, _)| name.clone())
            .zip(tensors)
            .collect())
    }

    /// The tables the model was built from: its `LAYERS` and `BLOCKS` (names written
    /// out), which [`tree::build`] reads as the tree the model runs.
    pub fn tables(&self) -> (&[Layer<String>], &[Block<String>]) {
        (&self.tables.0, &self.tables.1)
    }

    /// The model's tensor of `state_dict` key `key` (`conv1.weight`,
    /// `bn1.running_mean`, ...), as the layers read it, if the network has it.
    pub fn tensor(&self, key: &str) -> Option<&Tensor> {
        self.tensors.get(key)
    }

    /// The time each layer takes on `x` at inference, by its index in `LAYERS`: where a
    /// forward pass spends its time. A block's merge layer (`add`, `cat`, `mul`) is
    /// given the time its block takes beyond its parts'; the input's is zero.
    ///
    /// ```
    /// use candle_core::{DType, Device, Tensor};
    /// use candle_nn::{VarBuilder, VarMap};
    /// cnn::cnn! { pub struct Tiny; input 3x8x8; conv 4 k3; relu; gap; fc: dense 2; }
    /// let vars = VarMap::new();
    /// let model = cnn_candle::Model::load::<Tiny>(VarBuilder::from_varmap(&vars, DType::F32, &Device::Cpu))?;
    /// let times = model.profile(&Tensor::zeros((1, 3, 8, 8), DType::F32, &Device::Cpu)?)?;
    /// assert_eq!(times.len(), Tiny::LAYERS.len());
    /// # Ok::<(), candle_core::Error>(())
    /// ```
    pub fn profile(&self, x: &Tensor) -> Result<Vec<std::time::Duration>> {
        self.forward_t(x, false)?;
        let mut kept = Kept {
            heads: Vec::new(),
            layers: vec![None; self.layers.len()],
            times: Some(vec![std::time::Duration::ZERO; self.layers.len()]),
        };
        self.keep(0, x, &mut kept);
        self.run(&self.items, x, false, &mut kept)?;
        Ok(kept.times.unwrap_or_default())
    }

    /// Keeps layer `i`'s output `y` if a `from` reads it.
    fn keep(&self, i: usize, y: &Tensor, kept: &mut Kept) {
        if self.read.get(i) == Some(&true) {
            kept.layers[i] = Some(y.clone());
        }
    }

    /// `items` on `x`: the flow's tensor after them; each `head`'s result is pushed
    /// onto `kept.heads` as the head finishes.
    fn run(&self, items: &[Item], x: &Tensor, train: bool, kept: &mut Kept) -> Result<Tensor> {
        let mut x = x.clone();
        // The next item's layer when it has run already, built for inference: the
        // activation a residual's sum applied, the convolution a gate was folded into.
        let mut applied = None;
        for (n, item) in items.iter().enumerate() {
            if let (Some(i), Item::Layer(j)) = (applied.take(), item) {
                if i == *j {
                    continue;
                }
            }
            let start = kept.times.as_ref().map(|_| std::time::Instant::now());
            let inner = |kept: &Kept| kept.times.as_ref().map(|t| t.iter().sum());
            let before: Option<std::time::Duration> = inner(kept);
            let (y, at) = match item {
                Item::Layer(i) => (self.layers[*i].forward_t(&x, train)?, *i),
                Item::From(source) => {
                    let y = kept.layers.get(*source).cloned().flatten();
                    let y = y.ok_or_else(|| {
                        candle_core::Error::Msg(format!("layer {source} is read before it runs"))
                    })?;
                    x = y;
                    continue;
                }
                Item::Residual {
                    body,
                    shortcut,
                    add,
                } => {
                    // Built for inference, the activation right after the sum (unless a
                    // `from` reads the sum itself) is applied as the sum is written.
                    let after = match items.get(n + 1) {
                        Some(&Item::Layer(j)) if self.inference && !self.read[*add] => {
                            match self.tables.0[j].kind {
                                Kind::Activation(a) if layer::fast::fused(a) => Some((j, a)),
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    let (sum, at) =
                        self.residual(body, shortcut.as_deref(), &x, train, after, kept)?;
                    if let Some((j, _)) = after {
                        applied = Some(j);
                        self.keep(j, &sum, kept);
                    }
                    self.keep(*add, &sum, kept);
                    (sum, at.unwrap_or(*add))
                }
                // Built for inference, a `scale` block's gate is folded into the
                // weights of the convolution right after it (unless a `from` reads the
                // scaled map): the map is never written.
                Item::Merge {
                    kind: BlockKind::Scale,
                    branches,
                    merge,
                } if self.inference && !self.read[*merge] => {
                    let gate = self.run(&branches[0], &x, train, kept)?;
                    let conv = match items.get(n + 1) {
                        Some(&Item::Layer(j)) => {
                            let extra = layer::fast::Extra {
                                gate: Some(&gate),
                                ..Default::default()
                            };
                            layer::conv_with(&self.layers[j], &x, extra)?.map(|y| (y, j))
                        }
                        _ => None,
                    };
                    match conv {
                        Some((y, j)) => {
                            applied = Some(j);
                            (y, j)
                        }
                        None => (self.scale(&x, &gate)?, *merge),
                    }
                }
                Item::Merge {
                    kind,
                    branches,
                    merge,
                } => (self.merge(*kind, branches, &x, train, kept)?, *merge),
                Item::Head(body) => {
                    let y = self.run(body, &x, train, kept)?;
                    kept.heads.push(y);
                    continue;
                }
            };
            // The layer's time, or a block's beyond its parts'.
            if let (Some(start), Some(before), Some(after)) = (start, before, inner(kept)) {
                let own = start.elapsed().saturating_sub(after - before);
                if let Some(t) = kept.times.as_mut() {
                    t[at] += own;
                }
            }
            self.keep(at, &y, kept);
            x = y;
        }
        Ok(x)
    }

    /// A residual's sum on `x`, with the activation `after` it (built for inference),
    /// and the layer it is timed under when not its `add`. Built for inference, the
    /// shortcut is added by the body's last convolution as it writes its output (where
    /// only folded layers follow it in the body and no `from` reads what they give),
    /// or else the sum is one pass of `fast.rs`.
    fn residual(
        &self,
        body: &[Item],
        shortcut: Option<&[Item]>,
        x: &Tensor,
        train: bool,
        after: Option<(usize, cnn::Activation)>,
        kept: &mut Kept,
    ) -> Result<(Tensor, Option<usize>)> {
        let act = after.map(|(_, a)| a);
        let shortcut = |kept: &mut Kept| match shortcut {
            Some(s) => self.run(s, x, train, kept),
            None => Ok(x.clone()),
        };
        // Elsewhere than `fast.rs`' path (another device or type), the activation after
        // the sum runs as its layer.
        let sum = |y: Tensor, s: Tensor| -> Result<Tensor> {
            let fast = match self.inference {
                true => layer::fast::add(&y, &s, act)?,
                false => None,
            };
            match (fast, after) {
                (Some(sum), _) => Ok(sum),
                (None, Some((j, _))) => self.layers[j].forward_t(&(y + s)?, train),
                (None, None) => y + s,
            }
        };
        // The body's last computing layer, a convolution, and only folded layers after.
        let last = body.iter().rposition(|item| match item {
            Item::Layer(i) => !layer::is_identity(&self.layers[*i]),
            _ => true,
        });
        let conv = last.filter(|_| self.inference).and_then(|k| match body[k] {
            Item::Layer(j) if !body[k..].iter().any(|i| self.reads(i)) => Some((k, j)),
            _ => None,
        });
        let Some((k, j)) = conv else {
            let y = self.run(body, x, train, kept)?;
            let s = shortcut(kept)?;
            return Ok((sum(y, s)?, None));
        };
        // The body up to that convolution, the shortcut, then the convolution: heads in
        // the body and the shortcut finish in the order they did.
        let mid = self.run(&body[..k], x, train, kept)?;
        let s = shortcut(kept)?;
        let extra = layer::fast::Extra {
            sum: Some(&s),
            act,
            ..Default::default()
        };
        match layer::conv_with(&self.layers[j], &mid, extra)? {
            Some(y) => Ok((y, Some(j))),
            None => {
                let y = self.run(&body[k..], &mid, train, kept)?;
                Ok((sum(y, s)?, None))
            }
        }
    }

    /// Whether a `from` reads the output of `item`, a layer.
    fn reads(&self, item: &Item) -> bool {
        matches!(item, Item::Layer(i) if self.read[*i])
    }

    /// A `scale` block's product of the map `x` and its `gate`: built for inference,
    /// `fast.rs`' loop.
    fn scale(&self, x: &Tensor, gate: &Tensor) -> Result<Tensor> {
        let fast = match self.inference {
            true => layer::fast::scale(x, gate)?,
            false => None,
        };
        fast.map_or_else(|| x.broadcast_mul(gate), Ok)
    }

    fn merge(
        &self,
        kind: BlockKind,
        branches: &[Vec<Item>],
        x: &Tensor,
        train: bool,
        kept: &mut Kept,
    ) -> Result<Tensor> {
        let outputs = match kind {
            // torch.chunk: branch i on the i-th group of channels.
            BlockKind::Split => x
                .chunk(branches.len(), 1)?
                .iter()
                .zip(branches)
                .map(|(part, b)| self.run(b, part, train, kept))
                .collect::<Result<Vec<_>>>()?,
            BlockKind::Concat
            | BlockKind::Add
            | BlockKind::Mul
            | BlockKind::Scale
            | BlockKind::Residual
            | BlockKind::Repeat(_)
            | BlockKind::Seq
            | BlockKind::ChannelsLast
            | BlockKind::Head
            | BlockKind::Shortcut
            | BlockKind::Branch => branches
                .iter()
                .map(|b| self.run(b, x, train, kept))
                .collect::<Result<Vec<_>>>()?,
        };
        match kind {
            BlockKind::Concat | BlockKind::Split => Tensor::cat(&outputs, 1),
            BlockKind::Scale => self.scale(x, &outputs[0]),
            BlockKind::Add => outputs[1..]
                .iter()
                .try_fold(outputs[0].clone(), |out, o| out.broadcast_add(o)),
            BlockKind::Mul => outputs[1..]
                .iter()
                .try_fold(outputs[0].clone(), |out, o| out.broadcast_mul(o)),
            BlockKind::Residual
            | BlockKind::Repeat(_)
            | BlockKind::Seq
            | BlockKind::ChannelsLast
            | BlockKind::Head
            | BlockKind::Shortcut
            | BlockKind::Branch => Ok(outputs.into_iter().next().unwrap_or_else(|| x.clone())),
        }
    }
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("layers", &self.layers.len())
            .field("input", &self.input)
            .field("outputs", &self.outputs)
            .field("dtype", &self.dtype)
            .finish()
    }
}

impl Module for Model {
    /// The output for `x` at inference: see [`Model::forward_t`].
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        self.forward_t(x, false)
    }
}
