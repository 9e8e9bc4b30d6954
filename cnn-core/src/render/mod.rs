//! Renderings of an evaluated network: the summary table, the graph (DOT, Mermaid) and
//! the SVG drawing.

pub(crate) mod diagram;
pub(crate) mod graph;
pub(crate) mod summary;
