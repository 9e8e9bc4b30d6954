//! The texts a checked network's consts hold, written by `cnn-core`: the summary table
//! and its Markdown, and, when the header asks for them (`#[cnn(diagram)]`: drawing
//! costs the macro time), the graph in DOT and Mermaid and the SVG drawing.

use crate::check::Checked;
use cnn_core::{Diagram, Graph, Summary};

/// The texts of `SUMMARY`, `SUMMARY_MARKDOWN`, `GRAPH_DOT`, `GRAPH_MERMAID` and
/// `DIAGRAM_SVG`; the pictures empty unless `drawn`.
pub struct Texts {
    pub summary: String,
    pub markdown: String,
    pub dot: String,
    pub mermaid: String,
    pub svg: String,
}

/// The texts of `checked`.
pub fn texts(checked: &Checked, drawn: bool) -> Texts {
    let (layers, blocks) = (&checked.layers, &checked.blocks);
    let summary = Summary::new(layers, blocks, &checked.report);
    let graph = || Graph::new(layers, blocks);
    let draw = |text: &dyn Fn() -> String| if drawn { text() } else { String::new() };
    Texts {
        summary: summary.to_string(),
        markdown: summary.markdown().to_string(),
        dot: draw(&|| graph().dot().to_string()),
        mermaid: draw(&|| graph().mermaid().to_string()),
        svg: draw(&|| Diagram::new(layers, blocks).to_string()),
    }
}
