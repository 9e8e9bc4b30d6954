//! Activations, dropout and drop path, channel shuffle, flatten and dense layers.

use candle_core::{Module, ModuleT, Result, Tensor};
use cnn::Activation;

/// An activation: candle-nn's `Activation` where it is PyTorch's (`relu`, `relu6`,
/// `leaky_relu`, `elu`, `gelu` with erf as `nn.GELU()`, `silu`, `sigmoid`,
/// `hardswish`, `hardsigmoid`, `mish`), and candle's ops for what it lacks.
pub(super) enum Act {
    Nn(candle_nn::Activation),
    Op(fn(&Tensor) -> Result<Tensor>),
}

/// The module of activation `a`.
pub(super) fn activation(a: Activation) -> Act {
    use candle_nn::Activation as Nn;
    match a {
        Activation::Relu => Act::Nn(Nn::Relu),
        Activation::Relu6 => Act::Nn(Nn::Relu6),
        Activation::LeakyRelu { negative_slope } => Act::Nn(Nn::LeakyRelu(negative_slope)),
        Activation::Elu { alpha } => Act::Nn(Nn::Elu(alpha)),
        Activation::Gelu => Act::Nn(Nn::Gelu),
        Activation::Silu => Act::Nn(Nn::Silu),
        Activation::Sigmoid => Act::Nn(Nn::Sigmoid),
        Activation::Hardswish => Act::Nn(Nn::HardSwish),
        Activation::Hardsigmoid => Act::Nn(Nn::HardSigmoid),
        Activation::Mish => Act::Nn(Nn::Mish),
        Activation::Tanh => Act::Op(|x| x.tanh()),
        Activation::Hardtanh => Act::Op(|x| x.clamp(-1f32, 1f32)),
        // Over the channels, as `nn.Softmax(dim=1)` on a batch.
        Activation::Softmax => Act::Op(|x| candle_nn::ops::softmax(x, 1)),
        Activation::LogSoftmax => Act::Op(|x| candle_nn::ops::log_softmax(x, 1)),
    }
}

impl Module for Act {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        match self {
            Act::Nn(a) => a.forward(x),
            Act::Op(f) => f(x),
        }
    }
}

/// `flatten`: everything after the batch as one axis.
pub(super) struct Flatten;

impl Module for Flatten {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        x.flatten_from(1)
    }
}

/// `dense`: candle-nn's `Linear` on the flattened input (the language's `dense`
/// flattens a map first).
pub(super) struct Dense(pub(super) candle_nn::Linear, pub(super) bool);

impl Module for Dense {
    /// In a model built for inference (the flag), `fast.rs`' product, the weight read
    /// transposed in place; otherwise candle-nn's.
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let x = x.flatten_from(1)?;
        if self.1 {
            if let Some(y) = super::fast::linear(&x, self.0.weight(), self.0.bias())? {
                return Ok(y);
            }
        }
        self.0.forward(&x)
    }
}

/// `nn.Linear` at every position (a `dense` inside `channelslast`): the channels moved
/// last, candle-nn's `Linear` (a batched product over the last axis), and back. The
/// model keeps channels first between layers, so ConvNeXt's two permutes are these.
pub(super) struct Pointwise(pub(super) candle_nn::Linear);

impl Module for Pointwise {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        if x.rank() == 2 {
            return self.0.forward(x);
        }
        // Every position a row: [N, ..., C] as [rows, C], whatever the rank.
        let last = x.rank() - 1;
        let moved = x.transpose(1, last)?.contiguous()?;
        let mut dims = moved.dims().to_vec();
        let channels = dims[last];
        let rows = moved.elem_count() / channels.max(1);
        let y = self.0.forward(&moved.reshape((rows, channels))?)?;
        dims[last] = y.dim(1)?;
        y.reshape(dims)?.transpose(1, last)?.contiguous()
    }
}

/// torchvision's `StochasticDepth` in "row" mode, one coin per sample; candle-nn has
/// none.
pub(super) struct DropPath(pub(super) f32);

impl ModuleT for DropPath {
    fn forward_t(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        let p = self.0;
        if !train || p == 0.0 {
            return Ok(x.clone());
        }
        let n = x.dim(0)?;
        let mut shape = vec![1; x.rank()];
        shape[0] = n;
        let coin = Tensor::rand(0f32, 1f32, n, x.device())?;
        let mask = coin.ge(p)?.to_dtype(x.dtype())?.reshape(shape)?;
        x.broadcast_mul(&mask)? / (1.0 - p) as f64
    }
}

/// ShuffleNet's channel shuffle in `G` groups; candle-nn has none.
pub(super) struct Shuffle(pub(super) usize);

impl Module for Shuffle {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let dims = x.dims().to_vec();
        let (c, g) = (dims[1], self.0);
        let mut split = vec![dims[0], g, c / g];
        split.extend_from_slice(&dims[2..]);
        x.reshape(split)?
            .transpose(1, 2)?
            .contiguous()?
            .reshape(dims)
    }
}
