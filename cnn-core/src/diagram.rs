//! The network drawn as a self-contained SVG: a box per layer, top to bottom, branches
//! side by side and joined at their merge, blocks as labelled frames. The layout is the
//! series-parallel structure's own, computed recursively: no graph-layout library.

use crate::block::{Block, BlockKind};
use crate::graph::{colour, Graph};
use crate::kind::Kind;
use crate::layer::Layer;
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
///     Node::layer(Kind::Input(Shape::spatial(8, 4, 4))),
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

/// Where an edge leaves from: the bottom centre of what came before.
#[derive(Clone, Copy, Debug)]
struct At(u32, u32);

impl<'a, N: Display> Diagram<'a, N> {
    /// The drawing of `layers` and `blocks`, as `LAYERS` and `BLOCKS` hold them.
    pub fn new(layers: &'a [Layer<N>], blocks: &'a [Block<N>]) -> Self {
        Diagram { layers, blocks }
    }

    fn block_at(&self, at: usize, depth: u32) -> Option<&'a Block<N>> {
        Graph::new(self.layers, self.blocks).block_at(at, depth)
    }

    fn parts(&self, b: &'a Block<N>) -> impl Iterator<Item = &'a Block<N>> + 'a {
        Graph::new(self.layers, self.blocks).parts(b)
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

    /// The side-by-side columns of a block (body and shortcut, or branches): their
    /// sizes, an empty one a lane.
    fn columns(&self, b: &'a Block<N>) -> impl Iterator<Item = Size> + '_ {
        let last = b.first + b.len - 1;
        let depth = b.depth;
        let shortcut = match b.kind {
            BlockKind::Residual => self.parts(b).next(),
            _ => None,
        };
        let body = match b.kind {
            BlockKind::Residual => {
                Some(self.seq_size(b.first, shortcut.map_or(last, |s| s.first), depth + 1))
            }
            _ => None,
        };
        let short = match (b.kind, shortcut) {
            (BlockKind::Residual, Some(s)) => {
                Some(self.frame(self.seq_size(s.first, s.first + s.len, depth + 2)))
            }
            (BlockKind::Residual, None) | (BlockKind::Scale, _) => Some(Size(LANE, 0)),
            _ => None,
        };
        let branches = self
            .parts(b)
            .filter(move |_| b.kind != BlockKind::Residual)
            .map(move |p| {
                if p.len == 0 {
                    Size(LANE, 0)
                } else {
                    self.frame(self.seq_size(p.first, p.first + p.len, depth + 2))
                }
            });
        body.into_iter().chain(short).chain(branches)
    }

    /// The columns side by side, a lane apart: their width and the tallest's height.
    fn columns_size(&self, b: &'a Block<N>) -> Size {
        let (mut w, mut h, mut n) = (0, 0, 0u32);
        for c in self.columns(b) {
            w += c.0;
            h = h.max(c.1);
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
            BlockKind::Repeat(_) | BlockKind::Shortcut | BlockKind::Branch => {
                self.seq_size(b.first, Self::drawn_end(b), b.depth + 1)
            }
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
    fn seq(
        &self,
        f: &mut fmt::Formatter<'_>,
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
                    from = self.block(f, b, (x + (width - size.0) / 2, y), from)?;
                    y += size.1 + GAP;
                    at = b.first + b.len;
                }
                None => {
                    from = self.layer(f, at, (x + (width - BOX_W) / 2, y), Some(from))?;
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
        i: usize,
        (x, y): (u32, u32),
        from: Option<At>,
    ) -> Result<At, fmt::Error> {
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
            l.name
        )?;
        match l.kind {
            Kind::Input(_) => {}
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

    /// A block's frame at (x, y) and what it holds; where its output leaves.
    fn block(
        &self,
        f: &mut fmt::Formatter<'_>,
        b: &'a Block<N>,
        (x, y): (u32, u32),
        from: At,
    ) -> Result<At, fmt::Error> {
        let size = self.block_size(b);
        write!(
            f,
            "<rect class=\"block\" x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"none\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n<text x=\"{}\" y=\"{}\" fill=\"#666\">{}",
            size.0,
            size.1,
            x + PAD,
            y + PAD + 9,
            b.name
        )?;
        if let BlockKind::Repeat(n) = b.kind {
            write!(f, " ×{n}")?;
        }
        f.write_str("</text>\n")?;
        let (ix, iy, iw) = (x + PAD, y + PAD + LABEL, size.0 - 2 * PAD);
        let last = b.first + b.len - 1;
        let depth = b.depth;
        match b.kind {
            BlockKind::Repeat(_) | BlockKind::Shortcut | BlockKind::Branch => self.seq(
                f,
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
                let shortcut = match b.kind {
                    BlockKind::Residual => self.parts(b).next(),
                    _ => None,
                };
                let mut ends = [At(0, 0); 64];
                let mut count = 0;
                let mut push = |end: At, ends: &mut [At; 64]| {
                    if count < ends.len() {
                        ends[count] = end;
                        count += 1;
                    }
                };
                for (column, size) in self.columns(b).enumerate() {
                    let end = match (b.kind, column) {
                        (BlockKind::Residual, 0) => {
                            let end = shortcut.map_or(last, |s| s.first);
                            self.seq(f, b.first, end, depth + 1, (cx, iy, size.0), from)?
                        }
                        (BlockKind::Residual, _) => match shortcut {
                            Some(s) => self.block(f, s, (cx, iy), from)?,
                            None => lane(f, from, cx + LANE / 2, merge_y)?,
                        },
                        (BlockKind::Scale, 0) => lane(f, from, cx + LANE / 2, merge_y)?,
                        _ => {
                            let p = self
                                .parts(b)
                                .nth(column - usize::from(b.kind == BlockKind::Scale));
                            match p {
                                Some(p) if p.len > 0 => self.block(f, p, (cx, iy), from)?,
                                _ => lane(f, from, cx + LANE / 2, merge_y)?,
                            }
                        }
                    };
                    push(end, &mut ends);
                    cx += size.0 + LANE;
                }
                let out = self.layer(f, last, (ix + (iw - BOX_W) / 2, merge_y), None)?;
                // Down each column's own lane to below the tallest, then across: the
                // edges cross no other column's boxes.
                for &end in &ends[..count] {
                    join(f, end, merge)?;
                }
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
        let body = self.seq_size(1, self.layers.len(), 0);
        let (w, h) = (body.0.max(BOX_W) + 2 * PAD, body.1 + BOX_H + GAP + 2 * PAD);
        writeln!(
            f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">"
        )?;
        let input = self.layer(f, 0, ((w - BOX_W) / 2, PAD), None)?;
        self.seq(
            f,
            1,
            self.layers.len(),
            0,
            (PAD, PAD + BOX_H + GAP, w - 2 * PAD),
            input,
        )?;
        f.write_str("</svg>")
    }
}
