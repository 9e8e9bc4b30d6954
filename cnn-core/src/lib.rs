//! The arithmetic of [`cnn`](https://docs.rs/cnn): shapes, parameter and
//! multiply-accumulate counts, the summary table, and every check of the `cnn!`
//! language, as plain `no_std` Rust.
//!
//! The `cnn!` macro hands each network to [`evaluate`] and emits only the numbers
//! computed here, so the rules exist once. The same functions work at run time:
//!
//! ```
//! use cnn_core::{Conv, Kind, PerAxis, Shape};
//! let conv = Kind::Conv(Conv { padding: cnn_core::Padding::Same, ..Conv::new(64, PerAxis::uniform(3)) });
//! let out = conv.apply(Shape::image(3, 224, 224)).unwrap();
//! assert_eq!(out.output.to_string(), "64x224x224");
//! assert_eq!(out.params, (3 * 3 * 3 + 1) * 64);
//! ```
//!
//! - Shapes follow PyTorch: `out = floor((i + 2p - d*(k-1) - 1) / s) + 1` per axis, with
//!   PyTorch's `ceil_mode` rule for pooling and Keras' `ceil(i / s)` for `same`.
//! - Parameters are what `sum(p.numel() for p in model.parameters())` counts;
//!   BatchNorm's running mean and variance are non-trainable.
//! - MACs count weight-by-activation multiplications, bias not included.
//! - Every count is a checked `u64`: an overflow is an error, never a wrapped number.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(test)]
extern crate std;

// The crate in four parts, each using only those before it (and `fmt`, numbers and
// text as written): the model of layers and blocks, the language's words, the
// evaluation of a network, and its renderings. Each part's modules are also named at
// the root, so that a path says which module, not which part.
mod check;
mod fmt;
mod language;
mod model;
mod render;

use check::{eval, memory, message, network};
use language::{name, statement, words};
use model::{block, block_kind, error, field, kind, layer, measures, output, shape, window};
use render::{diagram, graph, summary};

pub use block::{
    Block, BlockKind, Node, Op, MAX_BLOCKS, MAX_DEPTH, MAX_FROMS, MAX_LAYERS, MAX_SOURCES,
};
pub use diagram::Diagram;
pub use error::{Arg, ErrorKind, Quantity};
pub use eval::{evaluate, Event, Totals};
pub use field::{DisplaySize, Field};
pub use fmt::{Binary, Grouped};
pub use graph::{Dot, Graph, Mermaid};
pub use kind::{
    Activation, Applied, Conv, ConvTranspose, Dense, Dropout, Formula, Groups, Kind, Norm, Pad,
    PadMode, Padding, Param, Params, Pool, Resize, Upsample,
};
pub use layer::Layer;
pub use measures::{Dtype, Figure, Metric};
pub use memory::{top_three, Budget, Expect, Overrun, Report, Torchinfo, Unexpected};
pub use message::{Context, Error, Help};
pub use name::{ConstName, Name, Namer, Segment, MAX_SEGMENTS};
pub use network::{Network, NetworkConst};
pub use output::{outputs, Output};
pub use shape::{Axis, Dims, Interpolation, PerAxis, Shape};
pub use statement::Statement;
pub use summary::{Markdown, Summary};
pub use words::{
    keywords, options, BlockWord, Keyword, LayerWord, Opt, OptionName, OptionWord, Role,
    SettingWord, Value, Word, DTYPES, FIGURES, METRICS, OPTIONS, WORDS,
};
