//! The network as a graph: one node per layer, an edge for each tensor a layer reads,
//! blocks as nested clusters. Written as Graphviz DOT and as Mermaid, from the same walk.

use crate::block::{Block, BlockKind, Node, Op};
use crate::fmt::{Escaped, Markup};
use crate::kind::Kind;
use crate::layer::Layer;
use crate::shape::Shape;
use core::fmt::{self, Display};

/// A network's layers and blocks as a graph: see [`Graph::dot`] and [`Graph::mermaid`].
///
/// Each layer is a node labelled with its name, its statement and its output shape; an
/// edge goes from each layer to each that reads its output: the next in a sequence,
/// every branch's first layer from the block's input, and a block's merge layer (`add`,
/// `cat`, `mul`) from every branch's last (from the block's input for an empty branch or
/// an identity shortcut). Blocks are nested clusters labelled with their names.
///
/// ```
/// use cnn_core::{evaluate, Event, Graph, Kind, Node, Shape, Activation, BlockKind};
/// // input 8x4x4; residual { relu }: the sum reads the body and the block's input.
/// let nodes = [
///     Node::layer(Kind::Input(Shape::image(8, 4, 4))),
///     Node::block(BlockKind::Residual, 2),
///     Node::part(1),
///     Node::layer(Kind::Activation(Activation::Relu)),
/// ];
/// let (mut layers, mut blocks) = (Vec::new(), Vec::new());
/// evaluate(&nodes, |e| match e {
///     Event::Layer { layer, .. } => layers.push(layer),
///     Event::Block { block, .. } => blocks.push(block),
///     _ => {}
/// });
/// let dot = Graph::new(&layers, &blocks).dot().to_string();
/// assert!(dot.contains("\"input\" -> \"relu1\";"));
/// assert!(dot.contains("\"relu1\" -> \"add1\";"));
/// assert!(dot.contains("\"input\" -> \"add1\";"));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Graph<'a, N> {
    layers: &'a [Layer<N>],
    blocks: &'a [Block<N>],
}

/// What the walk meets, in order.
enum Visit<'b, N> {
    /// A block's cluster opens.
    Open(&'b Block<N>),
    /// The cluster closes.
    Close,
    /// A layer.
    Node(usize),
    /// A layer reads another's output.
    Edge(usize, usize),
}

impl<'a, N: Display> Graph<'a, N> {
    /// The graph of `layers` (all of them, `input` first) and `blocks` (ordered by their
    /// first layer, outer blocks first), as `LAYERS` and `BLOCKS` hold them.
    pub fn new(layers: &'a [Layer<N>], blocks: &'a [Block<N>]) -> Self {
        Graph { layers, blocks }
    }

    /// The graph in Graphviz's DOT language, top to bottom, a colour per family of
    /// layers, blocks as clusters: `GRAPH_DOT`.
    pub fn dot(self) -> Dot<'a, N> {
        Dot(self)
    }

    /// The graph as a Mermaid flowchart (which GitHub renders), blocks as subgraphs:
    /// `GRAPH_MERMAID`.
    pub fn mermaid(self) -> Mermaid<'a, N> {
        Mermaid(self)
    }

    /// Walks the network, reporting clusters, nodes and edges to `visit`.
    fn walk(&self, visit: &mut dyn FnMut(Visit<'_, N>) -> fmt::Result) -> fmt::Result {
        if self.layers.is_empty() {
            return Ok(());
        }
        visit(Visit::Node(0))?;
        self.seq(1, self.layers.len(), 0, 0, visit)?;
        Ok(())
    }

    /// The block of nesting depth `depth` that starts at layer `at`, if one does (an
    /// empty branch, which holds no layer, never does): with [`Graph::parts`], how the
    /// flat `BLOCKS` table reads as a tree. A block's merge layer (`add`, `cat`, `mul`)
    /// is its last; its own layers are at `depth + 1`, its parts' at `depth + 2`.
    pub fn block_at(&self, at: usize, depth: u32) -> Option<&'a Block<N>> {
        let from = self.blocks.partition_point(|b| b.first < at);
        self.blocks[from..]
            .iter()
            .take_while(|b| b.first == at)
            .find(|b| b.depth == depth && b.len > 0)
    }

    /// Layers `first..end` in sequence at `depth`, after layer `prev`; the last one.
    fn seq(
        &self,
        first: usize,
        end: usize,
        depth: u32,
        mut prev: usize,
        visit: &mut dyn FnMut(Visit<'_, N>) -> fmt::Result,
    ) -> Result<usize, fmt::Error> {
        let mut at = first;
        while at < end {
            match self.block_at(at, depth) {
                Some(b) => {
                    prev = self.block(b, prev, visit)?;
                    at = b.first + b.len;
                }
                None => {
                    visit(Visit::Node(at))?;
                    // A `from` reads its source, not the tensor before it.
                    let read = match self.layers[at].kind {
                        Kind::From(source) => source,
                        _ => prev,
                    };
                    visit(Visit::Edge(read, at))?;
                    prev = at;
                    at += 1;
                }
            }
        }
        Ok(prev)
    }

    /// The parts of `b`, in order: a residual's `shortcut` (none for the identity), a
    /// merge block's `branch`es (empty ones, the identity, included).
    pub fn parts(&self, b: &'a Block<N>) -> impl Iterator<Item = &'a Block<N>> + 'a {
        let (depth, end) = (b.depth + 1, b.first + b.len);
        let from = self.blocks.partition_point(|x| x.first < b.first);
        self.blocks[from..]
            .iter()
            .take_while(move |x| x.first < end || (x.first == end && x.len == 0))
            .filter(move |x| {
                x.depth == depth && matches!(x.kind, BlockKind::Shortcut | BlockKind::Branch)
            })
    }

    /// A block after layer `prev`; its last layer.
    fn block(
        &self,
        b: &'a Block<N>,
        prev: usize,
        visit: &mut dyn FnMut(Visit<'_, N>) -> fmt::Result,
    ) -> Result<usize, fmt::Error> {
        let (depth, last) = (b.depth, b.first + b.len - 1);
        visit(Visit::Open(b))?;
        let out = match b.kind {
            BlockKind::Repeat(_)
            | BlockKind::Seq
            | BlockKind::ChannelsLast
            | BlockKind::Shortcut
            | BlockKind::Branch => self.seq(b.first, b.first + b.len, depth + 1, prev, visit)?,
            // A head's result is an output: the flow goes on from what it read.
            BlockKind::Head => {
                self.seq(b.first, b.first + b.len, depth + 1, prev, visit)?;
                prev
            }
            BlockKind::Residual => {
                let shortcut = self.parts(b).next();
                let body_end = shortcut.map_or(last, |s| s.first);
                let body = self.seq(b.first, body_end, depth + 1, prev, visit)?;
                let short = match shortcut {
                    Some(s) => {
                        visit(Visit::Open(s))?;
                        let end = self.seq(s.first, s.first + s.len, depth + 2, prev, visit)?;
                        visit(Visit::Close)?;
                        end
                    }
                    None => prev,
                };
                visit(Visit::Node(last))?;
                visit(Visit::Edge(body, last))?;
                visit(Visit::Edge(short, last))?;
                last
            }
            BlockKind::Concat
            | BlockKind::Add
            | BlockKind::Mul
            | BlockKind::Scale
            | BlockKind::Split => {
                // `scale` multiplies its input by its body's output.
                if b.kind == BlockKind::Scale {
                    visit(Visit::Edge(prev, last))?;
                }
                for part in self.parts(b) {
                    // An empty branch (the identity) draws no cluster of its own.
                    let framed = part.len > 0;
                    if framed {
                        visit(Visit::Open(part))?;
                    }
                    let end =
                        self.seq(part.first, part.first + part.len, depth + 2, prev, visit)?;
                    if framed {
                        visit(Visit::Close)?;
                    }
                    visit(Visit::Edge(end, last))?;
                }
                visit(Visit::Node(last))?;
                last
            }
        };
        visit(Visit::Close)?;
        Ok(out)
    }

    /// A node's label lines: name, statement, output shape (the input's statement is
    /// its shape), the name escaped for `markup`.
    fn label(
        &self,
        i: usize,
        sep: &str,
        markup: Markup,
        f: &mut fmt::Formatter<'_>,
    ) -> fmt::Result {
        let l = &self.layers[i];
        let name = Escaped(&l.name, markup);
        match l.kind {
            crate::kind::Kind::Input(_) => write!(f, "{name}{sep}{}", l.output),
            kind => write!(f, "{name}{sep}{}{sep}{}", kind.statement(), l.output),
        }
    }
}

/// The family of a layer, for its colour.
pub(crate) fn colour(kind: &crate::kind::Kind) -> &'static str {
    use crate::kind::Kind;
    match kind {
        Kind::Input(_) | Kind::From(_) => "#e8e8e8",
        Kind::Conv(_) | Kind::ConvTranspose(_) => "#cfe2f3",
        Kind::MaxPool(_)
        | Kind::AvgPool(_)
        | Kind::GlobalAvgPool
        | Kind::AdaptiveAvgPool(_)
        | Kind::AdaptiveMaxPool(_)
        | Kind::Upsample(_)
        | Kind::Resize(_)
        | Kind::PixelShuffle(_)
        | Kind::PixelUnshuffle(_)
        | Kind::Pad(_) => "#d9ead3",
        Kind::BatchNorm(_)
        | Kind::LayerNorm(_)
        | Kind::GroupNorm(_, _)
        | Kind::InstanceNorm(_, _)
        | Kind::LayerScale => "#fff2cc",
        Kind::Activation(_)
        | Kind::PRelu
        | Kind::Dropout(_)
        | Kind::DropPath(_)
        | Kind::Shuffle(_) => "#fce5cd",
        Kind::Flatten | Kind::Dense(_) | Kind::Linear(_) => "#d9d2e9",
        Kind::Add | Kind::Cat | Kind::Mul => "#f4cccc",
    }
}

/// The graph in DOT: see [`Graph::dot`].
#[derive(Clone, Copy, Debug)]
pub struct Dot<'a, N>(Graph<'a, N>);

impl<N: Display> Display for Dot<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = &self.0;
        f.write_str("digraph network {\n  rankdir=TB;\n")?;
        f.write_str("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n")?;
        let mut depth = 1;
        // Nodes in their clusters first, then the edges.
        g.walk(&mut |v| match v {
            Visit::Open(b) => {
                let name = Escaped(&b.name, Markup::Dot);
                indent(f, depth)?;
                writeln!(f, "subgraph \"cluster_{name}\" {{")?;
                depth += 1;
                indent(f, depth)?;
                writeln!(f, "label=\"{name}\"; style=dashed;")
            }
            Visit::Close => {
                depth -= 1;
                indent(f, depth)?;
                f.write_str("}\n")
            }
            Visit::Node(i) => {
                indent(f, depth)?;
                write!(
                    f,
                    "\"{}\" [label=\"",
                    Escaped(&g.layers[i].name, Markup::Dot)
                )?;
                g.label(i, "\\n", Markup::Dot, f)?;
                writeln!(f, "\", fillcolor=\"{}\"];", colour(&g.layers[i].kind))
            }
            Visit::Edge(..) => Ok(()),
        })?;
        g.walk(&mut |v| match v {
            Visit::Edge(a, b) => writeln!(
                f,
                "  \"{}\" -> \"{}\";",
                Escaped(&g.layers[a].name, Markup::Dot),
                Escaped(&g.layers[b].name, Markup::Dot)
            ),
            Visit::Open(_) | Visit::Close | Visit::Node(_) => Ok(()),
        })?;
        f.write_str("}\n")
    }
}

fn indent(f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
    for _ in 0..depth {
        f.write_str("  ")?;
    }
    Ok(())
}

/// The graph as a Mermaid flowchart: see [`Graph::mermaid`].
#[derive(Clone, Copy, Debug)]
pub struct Mermaid<'a, N>(Graph<'a, N>);

impl<N: Display> Display for Mermaid<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = &self.0;
        f.write_str("flowchart TB\n")?;
        let mut depth = 1;
        g.walk(&mut |v| match v {
            Visit::Open(b) => {
                indent(f, depth)?;
                depth += 1;
                writeln!(
                    f,
                    "subgraph {}[\"{}\"]",
                    BlockId(b),
                    Escaped(&b.name, Markup::Mermaid)
                )
            }
            Visit::Close => {
                depth -= 1;
                indent(f, depth)?;
                f.write_str("end\n")
            }
            Visit::Node(i) => {
                indent(f, depth)?;
                write!(f, "{}[\"", LayerId(g, i))?;
                g.label(i, "<br/>", Markup::Mermaid, f)?;
                f.write_str("\"]\n")
            }
            Visit::Edge(..) => Ok(()),
        })?;
        g.walk(&mut |v| match v {
            Visit::Edge(a, b) => writeln!(f, "  {} --> {}", LayerId(g, a), LayerId(g, b)),
            Visit::Open(_) | Visit::Close | Visit::Node(_) => Ok(()),
        })
    }
}

/// A layer's Mermaid id: its index and its name's letters, digits and `_` (`n3_conv2d2`),
/// so that no name is a Mermaid keyword (`end`, `click`, `style`), none holds syntax,
/// and no two nodes or blocks share an id.
struct LayerId<'g, 'a, N>(&'g Graph<'a, N>, usize);

impl<N: Display> Display for LayerId<'_, '_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = Escaped(&self.0.layers[self.1].name, Markup::Id);
        write!(f, "n{}_{name}", self.1)
    }
}

/// A block's Mermaid id, as [`LayerId`]: its first layer, its depth and its name
/// (`b4d0_stage1`).
struct BlockId<'b, N>(&'b Block<N>);

impl<N: Display> Display for BlockId<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0;
        let name = Escaped(&b.name, Markup::Id);
        write!(f, "b{}d{}_{name}", b.first, b.depth)
    }
}

impl<'a> Graph<'a, &'a str> {
    /// The flat node list [`crate::evaluate`] takes of which these tables are the
    /// evaluation, with the input `input` (the tables' own input shape gives the same
    /// tables back): how a network checked at one size is checked again at another.
    /// Layers and blocks keep their names, in a level written relative to its path (a
    /// position unwritten); a `repeat`'s body is given once, outside every level
    /// unnamed, as its passes were numbered by default. A name written as a number
    /// where it is not the statement's position (`"3": conv ...` first in a `seq`)
    /// comes back as its position: the tables do not say which numbers were written.
    ///
    /// ```
    /// use cnn_core::{evaluate, Event, Graph, Kind, Node, PerAxis, Pool, Shape};
    /// let nodes = [
    ///     Node::layer(Kind::Input(Shape::image(3, 8, 8))),
    ///     Node::layer(Kind::MaxPool(Pool::new(PerAxis::uniform(2)))),
    /// ];
    /// let mut layers = Vec::new();
    /// evaluate(&nodes, |e| if let Event::Layer { layer, .. } = e { layers.push(layer.map_name(|n| n.to_string())) });
    /// let names: Vec<String> = layers.iter().map(|l| l.name.clone()).collect();
    /// let named: Vec<_> = layers.iter().zip(&names).map(|(l, n)| l.clone().map_name(|_| n.as_str())).collect();
    /// let mut again = Vec::new();
    /// Graph::new(&named, &[]).nodes(Shape::image(3, 16, 12), &mut |n| again.push(n));
    /// let mut bigger = Vec::new();
    /// evaluate(&again, |e| if let Event::Layer { layer, .. } = e { bigger.push(layer.output.to_string()) });
    /// assert_eq!(bigger, ["3x16x12", "3x8x6"]);
    /// ```
    pub fn nodes(&self, input: Shape, visit: &mut dyn FnMut(Node<'a>)) {
        let Some(first) = self.layers.first() else {
            return;
        };
        visit(Node {
            name: Some(first.name),
            op: Op::Layer(Kind::Input(input)),
        });
        self.emit(1, self.layers.len(), 0, Scope::Top, visit);
    }

    /// How many nodes [`Graph::emit`] gives for the same layers.
    fn count(&self, first: usize, end: usize, depth: u32) -> usize {
        let mut n = 0;
        self.emit(first, end, depth, Scope::Copy, &mut |_| n += 1);
        n
    }

    /// The nodes of layers `first..end` at nesting `depth`, named as `scope` says.
    fn emit(
        &self,
        first: usize,
        end: usize,
        depth: u32,
        scope: Scope<'a>,
        visit: &mut dyn FnMut(Node<'a>),
    ) {
        let mut at = first;
        while at < end {
            let Some(b) = self.block_at(at, depth) else {
                let l = &self.layers[at];
                visit(Node {
                    name: scope.written(l.name),
                    op: Op::Layer(l.kind),
                });
                at += 1;
                continue;
            };
            at = b.first + b.len;
            let last = b.first + b.len - 1;
            let name = if b.level { scope.written(b.name) } else { None };
            // A level's statements are named under its path; a transparent block's
            // under the level around it.
            let inner = |b: &Block<&'a str>, scope: Scope<'a>| {
                if b.level {
                    Scope::In(b.name)
                } else {
                    scope
                }
            };
            // A `from` in a repeat's body reads another tensor in each pass: every pass
            // is written out then, as one, which names them alike.
            let reads = self.layers[b.first..b.first + b.len]
                .iter()
                .any(|l| matches!(l.kind, Kind::From(_)));
            let kind = match b.kind {
                BlockKind::Repeat(_) if reads => BlockKind::Repeat(1),
                kind => kind,
            };
            let block = |len: usize| Node {
                name,
                op: Op::Block { kind, len },
            };
            match b.kind {
                BlockKind::Repeat(_)
                | BlockKind::Seq
                | BlockKind::ChannelsLast
                | BlockKind::Head => {
                    // The first pass, once: the others are its copies (unless every
                    // pass is written out, above).
                    let count = |kind| match kind {
                        BlockKind::Repeat(n) => n,
                        _ => 1,
                    };
                    let (n, passes) = (count(b.kind), count(kind));
                    let pass_end = b.first + b.len / usize::try_from(passes.max(1)).unwrap_or(1);
                    let body = self.count(b.first, pass_end, depth + 1);
                    visit(block(1 + body));
                    visit(Node::part(body));
                    let scope = match inner(b, scope) {
                        // Outside every level, passes were numbered by default.
                        Scope::Top if n != 1 => Scope::Copy,
                        other => other,
                    };
                    self.emit(b.first, pass_end, depth + 1, scope, visit);
                }
                BlockKind::Residual => {
                    let shortcut = self.parts(b).next();
                    let body_end = shortcut.map_or(last, |s| s.first);
                    let body = self.count(b.first, body_end, depth + 1);
                    let short = shortcut.map(|s| self.count(s.first, s.first + s.len, depth + 2));
                    visit(block(1 + body + short.map_or(0, |n| 1 + n)));
                    visit(Node::part(body));
                    let scope = inner(b, scope);
                    self.emit(b.first, body_end, depth + 1, scope, visit);
                    if let (Some(s), Some(n)) = (shortcut, short) {
                        visit(Node {
                            name: if s.level { scope.written(s.name) } else { None },
                            op: Op::Part { len: n },
                        });
                        self.emit(s.first, s.first + s.len, depth + 2, inner(s, scope), visit);
                    }
                }
                BlockKind::Concat
                | BlockKind::Add
                | BlockKind::Mul
                | BlockKind::Scale
                | BlockKind::Split => {
                    let len: usize = self
                        .parts(b)
                        .map(|p| 1 + self.count(p.first, p.first + p.len, depth + 2))
                        .sum();
                    visit(block(len));
                    let scope = inner(b, scope);
                    for p in self.parts(b) {
                        visit(Node {
                            name: if p.level { scope.written(p.name) } else { None },
                            op: Op::Part {
                                len: self.count(p.first, p.first + p.len, depth + 2),
                            },
                        });
                        self.emit(p.first, p.first + p.len, depth + 2, inner(p, scope), visit);
                    }
                }
                // Parts are read with their blocks.
                BlockKind::Shortcut | BlockKind::Branch => {
                    self.emit(b.first, b.first + b.len, depth + 1, inner(b, scope), visit);
                }
            }
        }
    }
}

/// Where [`Graph::nodes`] reads names: outside every level (a name is given as it
/// is), in a `repeat`'s body there (passes were numbered by default), or in the
/// level of this path (a name is given relative to it).
#[derive(Clone, Copy)]
enum Scope<'a> {
    Top,
    Copy,
    In(&'a str),
}

impl<'a> Scope<'a> {
    /// What was written for a statement of path `path` here: in a level, its path
    /// past the level's, unless that is a number, a position.
    fn written(self, path: &'a str) -> Option<&'a str> {
        match self {
            Scope::Top => Some(path),
            Scope::Copy => None,
            Scope::In(level) => path
                .strip_prefix(level)
                .and_then(|rest| rest.strip_prefix('.'))
                .filter(|rest| !rest.bytes().all(|b| b.is_ascii_digit())),
        }
    }
}
