//! The trait every network declared with a header implements.

use crate::eval::Block;
use crate::layer::Layer;

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
    /// The summary table, ready to print.
    const SUMMARY: &'static str;
}
