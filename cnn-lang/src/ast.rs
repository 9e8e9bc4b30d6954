//! The typed form of a `cnn!` invocation, with the spans of everything an error may
//! point at.

use crate::errors::Diag;
use cnn_core::{Arg, BlockKind, Budget, Dtype, Expect, Keyword, Kind};
use proc_macro2::{Ident, Span, TokenStream};

/// A whole invocation.
pub struct Network {
    /// Outer attributes and doc comments, as written.
    pub attrs: TokenStream,
    /// `VIS struct NAME;`, when present.
    pub header: Option<Header>,
    /// The statements in the order written, `input` first, blocks holding their
    /// parts' statements; those that failed to parse included.
    pub stmts: Vec<Stmt>,
    /// `dtype TYPE;`, with the span of the type.
    pub dtype: Option<(Dtype, Span)>,
    /// `budget METRIC <= LIMIT;` statements, with the span of the metric.
    pub budgets: Vec<(Budget, Span)>,
    pub expects: Vec<(Expect, Span)>,
    /// `crate = PATH;`: the path generated code names the facade by, and its span.
    pub krate: Option<(TokenStream, Span)>,
    /// Problems of those statements.
    pub problems: Vec<Diag>,
}

/// `VIS struct NAME;`
pub struct Header {
    /// The visibility, as written (possibly empty).
    pub vis: TokenStream,
    /// The struct's name.
    pub ident: Ident,
    /// `#[cnn(diagram)]`: draw the network (`DIAGRAM_SVG`, `GRAPH_DOT`,
    /// `GRAPH_MERMAID`, and the picture in the struct's docs).
    pub diagram: bool,
}

/// One statement: `[name:] keyword args... ;` or a block.
pub struct Stmt {
    /// The name written before the statement (`output` for an `output` statement).
    pub name: Option<StmtName>,
    /// The keyword, when it is a known one.
    pub keyword: Option<Keyword>,
    /// What the statement does, or why it could not be read.
    pub op: Result<StmtOp, Diag>,
    /// Where each argument was written.
    pub spans: ArgSpans,
    /// The parts of a block read before its error, so that their layers are named.
    pub read: Vec<Part>,
    /// Problems that did not stop the statement from being read (an attribute on it).
    pub problems: Vec<Diag>,
}

/// What a statement that could be read does.
pub enum StmtOp {
    /// One layer, as `cnn-core` knows it.
    Layer(Kind),
    /// `from PATH` (§13): the path of the statement whose output it reads, as written
    /// (segments joined by dots).
    From(String),
    /// A block and its parts: a `residual`'s body and any shortcut, a `repeat`'s body.
    Block {
        /// What kind of block.
        kind: BlockKind,
        /// Its parts, in order.
        parts: Vec<Part>,
    },
}

/// A name written before a statement or a part (§12): an identifier (`conv1`,
/// `Mixed_5b`, `r#type` as `type`) or a string of dotted segments (`"block1-0"`).
#[derive(Clone, Debug)]
pub struct StmtName {
    /// The name: one segment, or segments joined by dots.
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

/// One part of a block: `{ ... }`, `[name:] shortcut { ... }`, or `[name:] branch { ... }`.
pub struct Part {
    /// A shortcut's or branch's written name.
    pub name: Option<StmtName>,
    /// Where the part starts: its keyword, or its opening brace.
    pub span: Span,
    /// Its statements.
    pub stmts: Vec<Stmt>,
}

/// The span of each argument of a statement; arguments not written fall back to the
/// keyword.
#[derive(Clone, Copy)]
pub struct ArgSpans {
    keyword: Span,
    args: [Option<Span>; 11],
}

const fn slot(arg: Arg) -> usize {
    match arg {
        Arg::Keyword => 0,
        Arg::Value => 1,
        Arg::Kernel => 2,
        Arg::Stride => 3,
        Arg::Padding => 4,
        Arg::Dilation => 5,
        Arg::Groups => 6,
        Arg::OutputPadding => 7,
        Arg::Mode => 8,
        Arg::Eps => 9,
        Arg::Momentum => 10,
    }
}

impl ArgSpans {
    /// Spans for a statement whose keyword is at `keyword`.
    pub fn new(keyword: Span) -> Self {
        ArgSpans {
            keyword,
            args: [None; 11],
        }
    }

    /// Records where `arg` was written.
    pub fn set(&mut self, arg: Arg, span: Span) {
        self.args[slot(arg)] = Some(span);
    }

    /// Where `arg` was written, or the keyword when it was not.
    pub fn get(&self, arg: Arg) -> Span {
        self.args[slot(arg)].unwrap_or(self.keyword)
    }
}
