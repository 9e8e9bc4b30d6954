//! The network drawn as a self-contained SVG: a box per layer, top to bottom, branches
//! side by side and joined at their merge, blocks as labelled frames. The layout is the
//! series-parallel structure's own, computed recursively: no graph-layout library.

use crate::block::{Block, BlockKind};
use crate::fmt::{Escaped, Markup};
use crate::graph::{colour, Graph};
use crate::kind::Kind;
use crate::layer::Layer;
use core::cell::Cell;
use core::fmt::{self, Display};

/// An edge's look, as attributes: a `<style>` would reach outside the drawing when it
/// is inlined in a page (rustdoc's).
const EDGE: &str = "stroke=\"#555\" stroke-width=\"1.2\" fill=\"none\"";
/// A layer's box.
const BOX_W: u32 = 190;
const BOX_H: u32 = 46;
/// Between boxes in a sequence, where the edges run.
const GAP: u32 = 18;
/// Between branches side by side, and the width of an empty branch's lane.
const LANE: u32 = 18;
/// Inside a frame: padding, and the height of its label.
const PAD: u32 = 8;
const LABEL: u32 = 16;

/// The network as an SVG drawing: see [`Diagram::new`]. `DIAGRAM_SVG` holds it.
///
/// Each layer is a box with its name, its statement (`conv 64 k3 s2`) and its output
/// shape, coloured by family (convolutions, pooling and resizing, normalization,
/// activations, dense layers, merges). Layers run top to bottom; the branches of a
/// merge block, and a residual's body and shortcut, stand side by side and join at the
/// block's merge layer, an identity drawn as a line beside them. Blocks are dashed
/// frames labelled with their names; a `repeat` is drawn once, its first pass framed and
/// labelled `×N`.
///
/// ```
/// use cnn_core::{evaluate, Diagram, Event, Kind, Node, Shape, Activation};
/// let nodes = [
///     Node::layer(Kind::Input(Shape::image(8, 4, 4))),
///     Node::layer(Kind::Activation(Activation::Relu)),
/// ];
/// let mut layers = Vec::new();
/// evaluate(&nodes, |e| if let Event::Layer { layer, .. } = e { layers.push(layer) });
/// let svg = Diagram::new(&layers, &[]).to_string();
/// assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
/// assert_eq!(svg.matches("class=\"layer\"").count(), 2);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Diagram<'a, N> {
    layers: &'a [Layer<N>],
    blocks: &'a [Block<N>],
}

/// A size: width and height.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Size(u32, u32);

/// One of the side-by-side columns of a residual or merge block.
#[derive(Debug)]
enum Column<'a, N> {
    /// Layers `first..end` at a depth, in sequence: a residual's body.
    Seq(usize, usize, u32),
    /// A part in its frame: a shortcut or a non-empty branch.
    Frame(&'a Block<N>),
    /// An identity, drawn as a line.
    Lane,
}

// Not derived: a derive would ask `N: Copy` of the names.
impl<N> Clone for Column<'_, N> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<N> Copy for Column<'_, N> {}

/// Where an edge leaves from: the bottom centre of what came before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct At(u32, u32);

/// What one drawing needs besides the tables: the gutter right of everything, where
/// the edges of `from`s run, and, for a drawing that only measures, the layer whose
/// box is looked for and where it was found (its top left).
struct Pen<'p> {
    gutter: u32,
    probe: Option<(usize, &'p Cell<Option<At>>)>,
}

/// A writer that keeps nothing: a measuring drawing's output.
struct Nowhere;

impl fmt::Write for Nowhere {
    fn write_str(&mut self, _: &str) -> fmt::Result {
        Ok(())
    }
}

/// The gap between two `from` edges in the gutter.
const FROM_GAP: u32 = 6;
/// A `from` edge's look: it reads a tensor from far away.
const FROM_EDGE: &str =
    "stroke=\"#b45f06\" stroke-width=\"1.2\" fill=\"none\" stroke-dasharray=\"5 3\"";

impl<'a, N: Display> Diagram<'a, N> {
    /// The drawing of `layers` and `blocks`, as `LAYERS` and `BLOCKS` hold them.
    pub fn new(layers: &'a [Layer<N>], blocks: &'a [Block<N>]) -> Self {
        Diagram { layers, blocks }
    }

    /// The same layers and blocks as a graph, which reads the blocks as a tree.
    fn graph(&self) -> Graph<'a, N> {
        Graph::new(self.layers, self.blocks)
    }

    fn block_at(&self, at: usize, depth: u32) -> Option<&'a Block<N>> {
        self.graph().block_at(at, depth)
    }

    /// The layers a block draws: a repeat's first pass only.
    fn drawn_end(b: &Block<N>) -> usize {
        match b.kind {
            BlockKind::Repeat(n) if n > 1 => b.first + b.len / (n as usize).max(1),
            _ => b.first + b.len,
        }
    }

    /// The size of layers `first..end` in sequence at `depth`.
    fn seq_size(&self, first: usize, end: usize, depth: u32) -> Size {
        let (mut w, mut h, mut items) = (0, 0, 0u32);
        let mut at = first;
        while at < end {
            let size = match self.block_at(at, depth) {
                Some(b) => {
                    at = b.first + b.len;
                    self.block_size(b)
                }
                None => {
                    at += 1;
                    Size(BOX_W, BOX_H)
                }
            };
            w = w.max(size.0);
            h += size.1;
            items += 1;
        }
        Size(w, h + GAP * items.saturating_sub(1))
    }

    /// The side-by-side columns of a residual or merge block: a residual's body and its
    /// shortcut (a lane for the identity), a gate's input (a lane) and body, a merge
    /// block's branches (a lane for an empty one).
    fn columns(&self, b: &'a Block<N>) -> impl Iterator<Item = Column<'a, N>> + 'a {
        let last = b.first + b.len - 1;
        let (residual, graph) = (b.kind == BlockKind::Residual, self.graph());
        let shortcut = graph.parts(b).next().filter(|_| residual);
        let body =
            residual.then(|| Column::Seq(b.first, shortcut.map_or(last, |s| s.first), b.depth + 1));
        let lane =
            (residual && shortcut.is_none() || b.kind == BlockKind::Scale).then_some(Column::Lane);
        let parts = graph.parts(b).map(|p| {
            if p.len == 0 {
                Column::Lane
            } else {
                Column::Frame(p)
            }
        });
        body.into_iter().chain(lane).chain(parts)
    }

    fn column_size(&self, c: Column<'a, N>) -> Size {
        match c {
            Column::Seq(first, end, depth) => self.seq_size(first, end, depth),
            Column::Frame(p) => self.block_size(p),
            Column::Lane => Size(LANE, 0),
        }
    }

    /// The columns side by side, a lane apart: their width and the tallest's height.
    fn columns_size(&self, b: &'a Block<N>) -> Size {
        let (mut w, mut h, mut n) = (0, 0, 0u32);
        for c in self.columns(b) {
            let Size(cw, ch) = self.column_size(c);
            w += cw;
            h = h.max(ch);
            n += 1;
        }
        Size(w + LANE * n.saturating_sub(1), h)
    }

    /// A frame around `inner`.
    fn frame(&self, inner: Size) -> Size {
        Size(inner.0 + 2 * PAD, inner.1 + 2 * PAD + LABEL)
    }

    fn block_size(&self, b: &'a Block<N>) -> Size {
        let inner = match b.kind {
            // A head's frame, and beside it the lane the flow goes on in.
            BlockKind::Head => {
                let Size(w, h) = self.frame(self.seq_size(b.first, b.first + b.len, b.depth + 1));
                return Size(w + LANE, h);
            }
            BlockKind::Repeat(_)
            | BlockKind::Seq
            | BlockKind::ChannelsLast
            | BlockKind::Shortcut
            | BlockKind::Branch => self.seq_size(b.first, Self::drawn_end(b), b.depth + 1),
            BlockKind::Residual
            | BlockKind::Concat
            | BlockKind::Add
            | BlockKind::Mul
            | BlockKind::Scale
            | BlockKind::Split => {
                // The columns, then the merge layer's box below them.
                let Size(w, h) = self.columns_size(b);
                Size(w.max(BOX_W), h + GAP + BOX_H)
            }
        };
        self.frame(inner)
    }

    /// Draws layers `first..end` at `depth` in a column `width` wide from (x, y), the
    /// first reading from `from`; where the last one's output leaves.
    #[allow(clippy::too_many_arguments)]
    fn seq(
        &self,
        f: &mut fmt::Formatter<'_>,
        pen: &Pen<'_>,
        first: usize,
        end: usize,
        depth: u32,
        (x, mut y, width): (u32, u32, u32),
        mut from: At,
    ) -> Result<At, fmt::Error> {
        let mut at = first;
        while at < end {
            match self.block_at(at, depth) {
                Some(b) => {
                    let size = self.block_size(b);
                    from = self.block(f, pen, b, (x + (width - size.0) / 2, y), from)?;
                    y += size.1 + GAP;
                    at = b.first + b.len;
                }
                None => {
                    let x = x + (width - BOX_W) / 2;
                    // A `from` reads its source, drawn earlier, down the gutter.
                    let read = match self.layers[at].kind {
                        Kind::From(source) => {
                            self.read_edge(f, pen, source, at, At(x + BOX_W / 2, y))?;
                            None
                        }
                        _ => Some(from),
                    };
                    from = self.layer(f, pen, at, (x, y), read)?;
                    y += BOX_H + GAP;
                    at += 1;
                }
            }
        }
        Ok(from)
    }

    /// A layer's box at (x, y), with its edge from `from` (none for the input, and for
    /// a merge layer, whose edges its block draws).
    fn layer(
        &self,
        f: &mut fmt::Formatter<'_>,
        pen: &Pen<'_>,
        i: usize,
        (x, y): (u32, u32),
        from: Option<At>,
    ) -> Result<At, fmt::Error> {
        if let Some((target, found)) = pen.probe {
            if target == i {
                found.set(Some(At(x, y)));
            }
        }
        let l = &self.layers[i];
        let cx = x + BOX_W / 2;
        if let Some(from) = from {
            edge(f, from, At(cx, y))?;
        }
        writeln!(
            f,
            "<rect class=\"layer\" x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\" fill=\"{}\" stroke=\"#666\"/>",
            colour(&l.kind)
        )?;
        writeln!(
            f,
            "<text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
            y + 14,
            Escaped(&l.name, Markup::Xml)
        )?;
        match l.kind {
            Kind::Input(_) => {}
            Kind::From(source) => writeln!(
                f,
                "<text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">from {}</text>",
                y + 28,
                Escaped(&self.layers[source].name, Markup::Xml)
            )?,
            kind => writeln!(
                f,
                "<text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                y + 28,
                kind.statement()
            )?,
        }
        writeln!(
            f,
            "<text x=\"{cx}\" y=\"{}\" text-anchor=\"middle\" fill=\"#444\">{}</text>",
            y + 41,
            l.output
        )?;
        Ok(At(cx, y + BOX_H))
    }

    /// The edge of the `from` at layer `at`, whose box's top is at `to`, from layer
    /// `source`'s box: out of its right side, down the gutter (each `from` its own
    /// line), and in from above. A source in a `repeat`'s later pass leaves from its
    /// copy in the pass drawn (the box names the source itself).
    fn read_edge(
        &self,
        f: &mut fmt::Formatter<'_>,
        pen: &Pen<'_>,
        source: usize,
        at: usize,
        to: At,
    ) -> fmt::Result {
        // Only a drawing that writes needs the edge, and it has no probe.
        if pen.probe.is_some() {
            return Ok(());
        }
        let Some(At(sx, sy)) = self.position(self.drawn_copy(source)) else {
            return Ok(());
        };
        let k = self.layers[..at]
            .iter()
            .filter(|l| matches!(l.kind, Kind::From(_)))
            .count() as u32;
        let (gx, side) = (pen.gutter + FROM_GAP * (k + 1), sy + BOX_H / 2);
        let above = to.1.saturating_sub(GAP / 2);
        writeln!(
            f,
            "<polyline points=\"{},{side} {gx},{side} {gx},{above} {},{above} {},{}\" class=\"from\" {FROM_EDGE}/>",
            sx + BOX_W,
            to.0,
            to.0,
            to.1
        )
    }

    /// The layer drawn for layer `i`: itself, or in a `repeat`'s later pass (drawn once,
    /// its first pass), the same layer of the first pass.
    fn drawn_copy(&self, mut i: usize) -> usize {
        // Outer blocks first: a nested repeat's first pass is in its parent's first.
        for b in self.blocks {
            if let BlockKind::Repeat(n) = b.kind {
                let pass = b.len / (n as usize).max(1);
                if n > 1 && pass > 0 && b.first <= i && i < b.first + b.len {
                    i = b.first + (i - b.first) % pass;
                }
            }
        }
        i
    }

    /// Where layer `i`'s box is drawn (its top left), if it is: a drawing that only
    /// measures, which stops being written once the box is found.
    fn position(&self, i: usize) -> Option<At> {
        struct Probe<'d, 'a, N>(&'d Diagram<'a, N>, usize, &'d Cell<Option<At>>);
        impl<N: Display> Display for Probe<'_, '_, N> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.draw(f, Some((self.1, self.2)))
            }
        }
        let found = Cell::new(None);
        // Measuring never fails.
        let _ = fmt::write(&mut Nowhere, format_args!("{}", Probe(self, i, &found)));
        found.get()
    }

    /// The drawing's width and height, its body's, and the `from`s in it.
    fn sizes(&self) -> (u32, u32, u32) {
        let body = self.seq_size(1, self.layers.len(), 0);
        let froms = self
            .layers
            .iter()
            .filter(|l| matches!(l.kind, Kind::From(_)))
            .count() as u32;
        let gutter = if froms > 0 { FROM_GAP * (froms + 1) } else { 0 };
        let w = body.0.max(BOX_W) + 2 * PAD;
        (w + gutter, body.1 + BOX_H + GAP + 2 * PAD, w)
    }

    /// The whole drawing, or with a probe only the measuring of one box.
    fn draw(
        &self,
        f: &mut fmt::Formatter<'_>,
        probe: Option<(usize, &Cell<Option<At>>)>,
    ) -> fmt::Result {
        let (w, h, body_w) = self.sizes();
        let pen = Pen {
            gutter: body_w,
            probe,
        };
        if probe.is_none() {
            writeln!(
                f,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">"
            )?;
        }
        let input = self.layer(f, &pen, 0, ((body_w - BOX_W) / 2, PAD), None)?;
        self.seq(
            f,
            &pen,
            1,
            self.layers.len(),
            0,
            (PAD, PAD + BOX_H + GAP, body_w - 2 * PAD),
            input,
        )?;
        if probe.is_none() {
            f.write_str("</svg>")?;
        }
        Ok(())
    }

    /// A block's frame at (x, y) and what it holds; where its output leaves.
    fn block(
        &self,
        f: &mut fmt::Formatter<'_>,
        pen: &Pen<'_>,
        b: &'a Block<N>,
        (x, y): (u32, u32),
        from: At,
    ) -> Result<At, fmt::Error> {
        let size = self.block_size(b);
        // A head's frame leaves room for the flow's lane beside it.
        let lane_w = if b.kind == BlockKind::Head { LANE } else { 0 };
        let size = Size(size.0 - lane_w, size.1);
        write!(
            f,
            "<rect class=\"block\" x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"none\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n<text x=\"{}\" y=\"{}\" fill=\"#666\">{}",
            size.0,
            size.1,
            x + PAD,
            y + PAD + 9,
            Escaped(&b.name, Markup::Xml)
        )?;
        if let BlockKind::Repeat(n) = b.kind {
            write!(f, " ×{n}")?;
        }
        f.write_str("</text>\n")?;
        let (ix, iy, iw) = (x + PAD, y + PAD + LABEL, size.0 - 2 * PAD);
        let last = b.first + b.len - 1;
        let depth = b.depth;
        match b.kind {
            // The head's layers read the flow; its result is an output, and the flow
            // goes on down the lane beside the frame.
            BlockKind::Head => {
                self.seq(
                    f,
                    pen,
                    b.first,
                    b.first + b.len,
                    depth + 1,
                    (ix, iy, iw),
                    from,
                )?;
                lane(f, from, x + size.0 + LANE / 2, y + size.1 + GAP / 2)
            }
            BlockKind::Repeat(_)
            | BlockKind::Seq
            | BlockKind::ChannelsLast
            | BlockKind::Shortcut
            | BlockKind::Branch => self.seq(
                f,
                pen,
                b.first,
                Self::drawn_end(b),
                depth + 1,
                (ix, iy, iw),
                from,
            ),
            BlockKind::Residual
            | BlockKind::Concat
            | BlockKind::Add
            | BlockKind::Mul
            | BlockKind::Scale
            | BlockKind::Split => {
                // The columns side by side, centred; then the merge layer below.
                let Size(total, tallest) = self.columns_size(b);
                let merge_y = iy + tallest + GAP;
                let merge = At(ix + iw / 2, merge_y);
                let mut cx = ix + (iw - total) / 2;
                for column in self.columns(b) {
                    let width = self.column_size(column).0;
                    let end = match column {
                        Column::Seq(first, end, depth) => {
                            self.seq(f, pen, first, end, depth, (cx, iy, width), from)?
                        }
                        Column::Frame(p) => self.block(f, pen, p, (cx, iy), from)?,
                        Column::Lane => lane(f, from, cx + LANE / 2, merge_y)?,
                    };
                    // Down the column's own lane to below the tallest, then across: the
                    // edge crosses no other column's boxes.
                    join(f, end, merge)?;
                    cx += width + LANE;
                }
                let out = self.layer(f, pen, last, (ix + (iw - BOX_W) / 2, merge_y), None)?;
                Ok(out)
            }
        }
    }
}

/// An edge from `a` down to `b`: straight, or bending halfway.
fn edge(f: &mut fmt::Formatter<'_>, a: At, b: At) -> fmt::Result {
    if a.0 == b.0 {
        return writeln!(
            f,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"edge\" {EDGE}/>",
            a.0, a.1, b.0, b.1
        );
    }
    let mid = a.1 + (b.1.saturating_sub(a.1)) / 2;
    writeln!(
        f,
        "<polyline points=\"{},{} {},{mid} {},{mid} {},{}\" class=\"edge\" {EDGE}/>",
        a.0, a.1, a.0, b.0, b.0, b.1
    )
}

/// An edge from a column's end `a` into a merge layer's top `b`, bending just above it.
fn join(f: &mut fmt::Formatter<'_>, a: At, b: At) -> fmt::Result {
    if a.0 == b.0 {
        return edge(f, a, b);
    }
    let bend = b.1.saturating_sub(GAP / 2);
    writeln!(
        f,
        "<polyline points=\"{},{} {},{bend} {},{bend} {},{}\" class=\"edge\" {EDGE}/>",
        a.0, a.1, a.0, b.0, b.0, b.1
    )
}

/// An identity: a line from `from` down a lane at `x` to the height `to`.
fn lane(f: &mut fmt::Formatter<'_>, from: At, x: u32, to: u32) -> Result<At, fmt::Error> {
    let bend = from.1 + GAP / 2;
    writeln!(
        f,
        "<polyline points=\"{},{} {},{bend} {x},{bend} {x},{}\" class=\"edge\" {EDGE}/>",
        from.0,
        from.1,
        from.0,
        to.saturating_sub(GAP / 2)
    )?;
    Ok(At(x, to.saturating_sub(GAP / 2)))
}

impl<N: Display> Display for Diagram<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.layers.is_empty() {
            return f.write_str(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"0\"></svg>",
            );
        }
        self.draw(f, None)
    }
}
