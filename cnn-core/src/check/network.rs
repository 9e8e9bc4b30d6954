//! The consts every network has: the trait a network declared with a header
//! implements, and the same list as data, which the macro emits from. Both come from
//! one list, below.

use crate::block::Block;
use crate::field::Field;
use crate::layer::Layer;
use crate::measures::Dtype;
use crate::output::Output;

/// Declares the [`Network`] trait and [`NetworkConst`] from one list of consts, each
/// with its doc, variant and type.
macro_rules! network_consts {
    ($( $(#[doc = $doc:literal])+ $variant:ident $name:ident: $ty:ty; )*) => {
        /// A network declared with `cnn! { pub struct Name; ... }`: its consts, for
        /// generic code.
        ///
        /// The input and output layers are `LAYERS[0]` and the last of `LAYERS` (the
        /// consts `INPUT` and `OUTPUT` are the layers of those names).
        ///
        /// ```
        /// fn report<N: cnn_core::Network>() -> String {
        ///     let last = N::LAYERS[N::LAYERS.len() - 1];
        ///     format!("{} -> {}: {} params", N::LAYERS[0].output, last.output, N::PARAMS)
        /// }
        /// ```
        pub trait Network {
            $( $(#[doc = $doc])+ const $name: $ty; )*
        }

        /// The consts every network has, as the macro emits them: their names are
        /// reserved, no layer may take one.
        ///
        /// ```
        /// use cnn_core::NetworkConst;
        /// assert_eq!(NetworkConst::Params.name(), "PARAMS");
        /// assert!(NetworkConst::ALL.iter().any(|c| c.name() == "SUMMARY"));
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum NetworkConst {
            $( $(#[doc = $doc])+ $variant, )*
        }

        impl NetworkConst {
            /// Every one, in the order the macro emits them.
            pub const ALL: &'static [NetworkConst] = &[$(NetworkConst::$variant),*];

            /// Its name: `PARAMS`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(NetworkConst::$variant => stringify!($name),)*
                }
            }

            /// Its doc, as the trait states it.
            pub const fn doc(self) -> &'static str {
                match self {
                    $(NetworkConst::$variant => concat!($($doc),+),)*
                }
            }
        }
    };
}

network_consts! {
    /// Every layer in order, `input` first.
    Layers LAYERS: &'static [Layer];
    /// Every block (`residual`, `shortcut`, `repeat`), by first layer, outer first.
    Blocks BLOCKS: &'static [Block];
    /// The network's outputs: every `head`'s result in the order they finish, then
    /// the flow's last tensor unless the flow ends on a head, the last statement or the
    /// last of a trailing `seq` or `repeat` ([`crate::outputs`]).
    Outputs OUTPUTS: &'static [Output];
    /// Total learnable parameters, as PyTorch's `parameters()` counts them.
    Params PARAMS: u64;
    /// BatchNorm running means and variances: stored, not learned.
    NonTrainableParams NON_TRAINABLE_PARAMS: u64;
    /// Multiply-accumulates for one input, biases not included. torchvision's
    /// "GFLOPS" column counts these.
    Macs MACS: u64;
    /// Floating-point operations for one input, `2 * MACS` (a multiply and an add for
    /// each multiply-accumulate): the FLOPs of papers and of fvcore. Not torchvision's
    /// "GFLOPS", which are MACs. A `u128`, as twice a `u64` count may not fit one.
    Flops FLOPS: u128;
    /// The element type of parameters and activations (`dtype`; `f32` by default).
    Dtype DTYPE: Dtype;
    /// Bytes of one input.
    InputBytes INPUT_BYTES: u64;
    /// Bytes of the parameters and BatchNorm running statistics.
    ParamBytes PARAM_BYTES: u64;
    /// Bytes of every layer's output added up, each once (not torchinfo's
    /// forward/backward pass size, which counts twice the outputs of the layers with
    /// parameters).
    ActivationBytes ACTIVATION_BYTES: u64;
    /// The most activation bytes alive at once during one inference (see
    /// `cnn::evaluate`).
    PeakActivationBytes PEAK_ACTIVATION_BYTES: u64;
    /// The receptive field of the last layer.
    ReceptiveField RECEPTIVE_FIELD: Field;
    /// The summary table, ready to print.
    Summary SUMMARY: &'static str;
    /// The summary table as Markdown, for a README or rustdoc.
    SummaryMarkdown SUMMARY_MARKDOWN: &'static str;
    /// The network as a Graphviz DOT graph: a node per layer (name, statement, output
    /// shape), an edge per tensor read, blocks as clusters (`dot -Tsvg`). Empty unless
    /// the header asks for the pictures with `#[cnn(diagram)]` (they cost the macro
    /// time); `cnn::Graph::new(LAYERS, BLOCKS).dot()` gives it at run time.
    GraphDot GRAPH_DOT: &'static str;
    /// The same graph as a Mermaid flowchart, which GitHub and many docs render. Empty
    /// unless the header has `#[cnn(diagram)]`.
    GraphMermaid GRAPH_MERMAID: &'static str;
    /// The network drawn as a self-contained SVG (see `cnn::Diagram`): a box per
    /// layer, branches side by side, blocks as labelled frames; also drawn in the
    /// struct's docs. Empty unless the header has `#[cnn(diagram)]`.
    DiagramSvg DIAGRAM_SVG: &'static str;
}
