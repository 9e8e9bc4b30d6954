//! The model: shapes and per-axis values, window arithmetic, each kind of layer and its
//! rules, receptive fields, blocks as `evaluate` receives them, evaluated layers, the
//! error data and the units measured. It knows no words of the language.

pub(crate) mod block;
pub(crate) mod block_kind;
pub(crate) mod error;
pub(crate) mod field;
pub(crate) mod kind;
pub(crate) mod layer;
pub(crate) mod measures;
pub(crate) mod output;
pub(crate) mod shape;
pub(crate) mod window;
