//! The trait every network declared with a header implements.

use crate::block::Block;
use crate::field::Field;
use crate::layer::Layer;
use crate::memory::Dtype;

/// A network declared with `cnn! { pub struct Name; ... }`: its consts, for generic code.
///
/// The input and output layers are `LAYERS[0]` and the last of `LAYERS` (the consts
/// `INPUT` and `OUTPUT` are the layers of those names).
///
/// ```
/// fn report<N: cnn_core::Network>() -> String {
///     let last = N::LAYERS[N::LAYERS.len() - 1];
///     format!("{} -> {}: {} params", N::LAYERS[0].output, last.output, N::PARAMS)
/// }
/// ```
pub trait Network {
    /// Every layer in order, `input` first.
    const LAYERS: &'static [Layer];
    /// Every `residual`, `shortcut` and `repeat` block, by first layer, outer first.
    const BLOCKS: &'static [Block];
    /// Total learnable parameters.
    const PARAMS: u64;
    /// Total non-trainable values (BatchNorm running statistics).
    const NON_TRAINABLE_PARAMS: u64;
    /// Total multiply-accumulates for one input.
    const MACS: u64;
    /// The element type of parameters and activations.
    const DTYPE: Dtype;
    /// Bytes of one input.
    const INPUT_BYTES: u64;
    /// Bytes of the parameters and BatchNorm running statistics.
    const PARAM_BYTES: u64;
    /// Bytes of every layer's output added up.
    const ACTIVATION_BYTES: u64;
    /// The most activation bytes alive at once during one inference.
    const PEAK_ACTIVATION_BYTES: u64;
    /// The receptive field of the last layer.
    const RECEPTIVE_FIELD: Field;
    /// The summary table, ready to print.
    const SUMMARY: &'static str;
    /// The summary table as Markdown.
    const SUMMARY_MARKDOWN: &'static str;
}
