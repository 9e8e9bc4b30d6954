//! One evaluated layer, and its parameter count written out as a formula.

use crate::field::Field;
use crate::kind::{Formula, Kind, Params};
use crate::shape::Shape;

/// One evaluated layer: what it is, what it takes and gives, and what it costs.
///
/// The `cnn!` macro emits one `Layer` const per layer (with `N = &'static str`);
/// [`crate::evaluate`] produces them at run time with a [`crate::Name`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layer<N = &'static str> {
    /// The layer's name: given (`stem: conv ...`) or numbered per kind (`conv2d1`).
    pub name: N,
    /// The kind of layer, with its hyper-parameters.
    pub kind: Kind,
    /// The shape this layer receives.
    pub input: Shape,
    /// The shape this layer produces.
    pub output: Shape,
    /// Learnable parameters: what PyTorch's `parameters()` holds for this layer.
    pub params: u64,
    /// Values stored but not learned: BatchNorm's running mean and variance.
    pub non_trainable: u64,
    /// Multiply-accumulates for one input, bias not included.
    pub macs: u64,
    /// How deep in blocks the layer is: 0 at the top level, 1 in a `residual` or
    /// `repeat` body, 2 in a shortcut or a nested block, and so on.
    pub depth: u32,
    /// The receptive field of its output pixels.
    pub field: Field,
}

impl<N> Layer<N> {
    /// The same layer with its name turned into another type, such as a `String`.
    pub fn map_name<M>(self, f: impl FnOnce(N) -> M) -> Layer<M> {
        Layer {
            name: f(self.name),
            kind: self.kind,
            input: self.input,
            output: self.output,
            params: self.params,
            non_trainable: self.non_trainable,
            macs: self.macs,
            depth: self.depth,
            field: self.field,
        }
    }

    /// The values it outputs: its activation count.
    pub const fn activations(&self) -> u64 {
        match self.output.elements() {
            Some(n) => n,
            // Evaluation rejects shapes past u64::MAX.
            None => u64::MAX,
        }
    }

    /// The tensors the layer holds, under PyTorch's names and in its layouts, as a
    /// `state_dict` lists them under `{name}.weight`, `{name}.bias`, ...: see
    /// [`Kind::param_shapes`]. What a weight file or blob is laid out by.
    pub const fn param_shapes(&self) -> Params {
        self.kind.param_shapes(self.input)
    }

    /// The parameter count written out as the formula the summary shows, such as
    /// `(5*5*1+1)*32` for a 5x5 convolution from 1 to 32 channels, or `None` for a
    /// layer without parameters.
    ///
    /// ```
    /// use cnn_core::{Conv, Kind, PerAxis, Shape};
    /// let kind = Kind::Conv(Conv::new(32, PerAxis::uniform(5)));
    /// let out = kind.apply(Shape::image(1, 28, 28)).unwrap();
    /// let layer = cnn_core::Layer { name: "conv2d1", kind, input: Shape::image(1, 28, 28),
    ///     output: out.output, params: out.params, non_trainable: 0, macs: out.macs, depth: 0,
    ///     field: cnn_core::Field::uniform(5, 1, 2.0) };
    /// assert_eq!(layer.formula().unwrap().to_string(), "(5*5*1+1)*32");
    /// ```
    pub fn formula(&self) -> Option<Formula> {
        self.kind.formula(self.input)
    }
}
