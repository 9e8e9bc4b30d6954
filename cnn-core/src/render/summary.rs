//! The summary table: one row per layer with its parameter formula, then totals.

use crate::block::{Block, BlockKind};
use crate::field::DisplaySize;
use crate::fmt::{Escaped, Grouped, Markup, Wide};
use crate::layer::Layer;
use crate::measures::Dtype;
use crate::memory::Report;
use crate::output::outputs;
use core::fmt::{self, Display, Write};

/// The summary table of a network, as `SUMMARY` holds it ([`Summary::markdown`] for
/// `SUMMARY_MARKDOWN`).
///
/// One row per layer (index, name, output size, parameter formula and count, receptive
/// field), then the totals: total, trainable and non-trainable parameters, MACs, the
/// receptive field, the element type, torchinfo's four sizes under torchinfo's names
/// and computed its way (see [`crate::Torchinfo`]: input, forward/backward pass,
/// params, estimated total), then this crate's own: every layer's output once
/// ("Activations size"), parameters with running statistics ("Params and buffers
/// size") and the peak of activations alive at once, all in MB of 10^6 bytes.
///
/// "Total params" and "Trainable params" are PyTorch's `parameters()`; "Non-trainable
/// params" are BatchNorm's running statistics, which PyTorch keeps as buffers and Keras
/// counts as non-trainable weights. Columns grow with their content; the size column is
/// at least 10 wide and the count at least 8, so small networks line up the way the DSL
/// reference shows. Numbers use `_` separators so they paste into Rust.
///
/// Blocks show the way torchinfo's depth view does: a row for each block (no index,
/// its output size and its layers' total parameters) above its layers, and every row
/// indented two spaces per level of nesting.
///
/// ```
/// use cnn_core::{evaluate, Dense, Dtype, Event, Field, Kind, Node, Op, Report, Shape, Summary};
/// let nodes = [
///     Node::layer(Kind::Input(Shape::Flat(4))),
///     Node { name: Some("output"), op: Op::Layer(Kind::Dense(Dense { units: 2, bias: true })) },
/// ];
/// let mut layers = Vec::new();
/// let totals = evaluate(&nodes, |e| if let Event::Layer { layer, .. } = e { layers.push(layer) }).unwrap();
/// let report = Report::new(totals, Dtype::F32, Field::INPUT).unwrap();
/// let table = Summary::new(&layers, &[], &report).to_string();
/// assert!(table.contains("  1  output  2           (4+1)*2 =       10     8  1"));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Summary<'a, N> {
    layers: &'a [Layer<N>],
    blocks: &'a [Block<N>],
    report: &'a Report,
}

impl<'a, N: Display> Summary<'a, N> {
    /// The summary of `layers` (all of them, `input` first) and `blocks` (ordered by
    /// their first layer, outer blocks first) with their `report`.
    pub fn new(layers: &'a [Layer<N>], blocks: &'a [Block<N>], report: &'a Report) -> Self {
        Summary {
            layers,
            blocks,
            report,
        }
    }

    /// The same table as Markdown, ready for a README or rustdoc.
    pub fn markdown(self) -> Markdown<'a, N> {
        Markdown(self)
    }

    /// Block and layer rows in order: each block above its first layer, outer first.
    fn rows(&self) -> impl Iterator<Item = Row<'a, N>> + 'a {
        let (layers, blocks) = (self.layers, self.blocks);
        let mut next_block = 0;
        let mut next_layer = 0;
        core::iter::from_fn(move || {
            let layer = layers.get(next_layer)?;
            if let Some(b) = blocks.get(next_block).filter(|b| b.first <= next_layer) {
                next_block += 1;
                return Some(Row::Block(b));
            }
            next_layer += 1;
            Some(Row::Layer(next_layer - 1, layer))
        })
    }

    /// The totals, one `label: value` line each after `bullet`, the last without a
    /// newline.
    fn write_totals(&self, f: &mut fmt::Formatter<'_>, bullet: &str) -> fmt::Result {
        // A network with heads has several outputs: each named, with its shape.
        if self.blocks.iter().any(|b| b.kind == BlockKind::Head) {
            write!(f, "{bullet}Outputs: ")?;
            for (i, o) in outputs(self.layers, self.blocks).enumerate() {
                let sep = if i == 0 { "" } else { ", " };
                write!(f, "{sep}{} {}", o.name, o.shape)?;
            }
            writeln!(f)?;
        }
        let totals = self.totals();
        for (i, (label, value)) in totals.iter().enumerate() {
            let end = if i + 1 < totals.len() { "\n" } else { "" };
            write!(f, "{bullet}{label}: {value}{end}")?;
        }
        Ok(())
    }

    /// The totals lines, label and value.
    fn totals(&self) -> [(&'static str, Total); 14] {
        let r = self.report;
        let t = r.totals;
        let mb = |bytes: u64| Total::Megabytes(u128::from(bytes));
        let torchinfo = r.torchinfo();
        [
            ("Total params", Total::Count(t.params)),
            ("Trainable params", Total::Count(t.params)),
            ("Non-trainable params", Total::Count(t.non_trainable)),
            ("MACs", Total::Count(t.macs)),
            ("FLOPs (2 x MACs)", Total::Wide(r.flops)),
            ("Receptive field", Total::Field(r.field.display_size())),
            ("Element type", Total::Dtype(r.dtype)),
            // torchinfo's, under its names: see `Torchinfo`.
            ("Input size (MB)", Total::Megabytes(torchinfo.input_bytes)),
            (
                "Forward/backward pass size (MB)",
                Total::Megabytes(torchinfo.forward_backward_bytes),
            ),
            ("Params size (MB)", Total::Megabytes(torchinfo.param_bytes)),
            (
                "Estimated Total Size (MB)",
                Total::Megabytes(torchinfo.total_bytes),
            ),
            // This crate's own.
            ("Activations size (MB)", mb(r.activation_bytes)),
            ("Params and buffers size (MB)", mb(r.param_bytes)),
            ("Peak activation size (MB)", mb(r.peak_activation_bytes)),
        ]
    }
}

/// How a layer's row names it: its name, or for a `from`, the layer it reads
/// (`from layer2.3.relu`).
struct RowName<'a, N>(&'a [Layer<N>], usize);

impl<N: Display> Display for RowName<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let layer = &self.0[self.1];
        match layer.kind {
            crate::kind::Kind::From(source) => match self.0.get(source) {
                Some(s) => write!(f, "from {}", s.name),
                None => write!(f, "from layer {source}"),
            },
            _ => layer.name.fmt(f),
        }
    }
}

/// A row of the table.
enum Row<'a, N> {
    Block(&'a Block<N>),
    Layer(usize, &'a Layer<N>),
}

/// A value in the totals.
enum Total {
    Count(u64),
    Wide(u128),
    Megabytes(u128),
    Field(DisplaySize),
    Dtype(Dtype),
}

impl Display for Total {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Total::Count(n) => write!(f, "{}", Grouped(n)),
            Total::Wide(n) => write!(f, "{}", Wide(n)),
            Total::Megabytes(bytes) => write!(f, "{}", Megabytes(bytes)),
            Total::Field(size) => write!(f, "{size}"),
            Total::Dtype(d) => match d.bytes() {
                1 => write!(f, "{} (1 byte a value)", d.keyword()),
                n => write!(f, "{} ({n} bytes a value)", d.keyword()),
            },
        }
    }
}

/// The summary as Markdown: see [`Summary::markdown`].
#[derive(Clone, Copy, Debug)]
pub struct Markdown<'a, N>(Summary<'a, N>);

impl<N: Display> Display for Markdown<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let summary = &self.0;
        writeln!(f, "| # | name | size | parameters | MACs | field |")?;
        writeln!(f, "|--:|:--|:--|--:|--:|--:|")?;
        for row in summary.rows() {
            match row {
                Row::Block(b) => {
                    f.write_str("| | ")?;
                    indent_html(f, b.depth)?;
                    writeln!(
                        f,
                        "**{}** | {} | {} | {} | |",
                        Escaped(&b.name, Markup::Markdown),
                        b.output,
                        Grouped(b.params),
                        Grouped(b.macs)
                    )?;
                }
                Row::Layer(i, l) => {
                    write!(f, "| {i} | ")?;
                    indent_html(f, l.depth)?;
                    write!(
                        f,
                        "{} | {} | ",
                        Escaped(&RowName(summary.layers, i), Markup::Markdown),
                        l.output
                    )?;
                    if let Some(formula) = l.formula() {
                        write!(f, "`{formula}` = ")?;
                    }
                    writeln!(
                        f,
                        "{} | {} | {} |",
                        Grouped(l.params),
                        Grouped(l.macs),
                        l.field.display_size()
                    )?;
                }
            }
        }
        writeln!(f)?;
        summary.write_totals(f, "- ")
    }
}

/// Two non-breaking spaces per level, as Markdown tables keep no leading spaces.
fn indent_html(f: &mut fmt::Formatter<'_>, depth: u32) -> fmt::Result {
    for _ in 0..depth {
        f.write_str("&nbsp;&nbsp;")?;
    }
    Ok(())
}

/// A byte count as MB (10^6 bytes) with two decimals, exactly as torchinfo prints it:
/// Python's `f"{bytes / 1e6:0.2f}"`, the same float division and the same correctly
/// rounded formatting (ties to even on the binary value).
struct Megabytes(u128);

impl Display for Megabytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0 as f64 / 1e6)
    }
}

/// How many characters a value displays as.
fn width(value: impl Display) -> usize {
    struct Count(usize);
    impl Write for Count {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 += s.chars().count();
            Ok(())
        }
    }
    let mut count = Count(0);
    // Counting never fails.
    let _ = write!(count, "{value}");
    count.0
}

/// A name indented by its depth.
struct Indented<'n, N>(u32, &'n N);

impl<N: Display> Display for Indented<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for _ in 0..self.0 {
            f.write_str("  ")?;
        }
        write!(f, "{}", self.1)
    }
}

impl<N: Display> Display for Summary<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (rows, blocks) = (self.layers, self.blocks);
        let index_w = width(rows.len().saturating_sub(1)).max(3);
        let name_w = rows
            .iter()
            .enumerate()
            .map(|(i, l)| width(Indented(l.depth, &RowName(rows, i))))
            .chain(blocks.iter().map(|b| width(Indented(b.depth, &b.name))))
            .fold(4, usize::max);
        let size_w = rows.iter().map(|l| width(l.output)).fold(10, usize::max);
        let formula_w = rows
            .iter()
            .filter_map(|l| l.formula().map(width))
            .fold(0, usize::max);
        let count_w = rows
            .iter()
            .map(|l| width(Grouped(l.params)))
            .chain(blocks.iter().map(|b| width(Grouped(b.params))))
            .fold(8, usize::max);
        let equals_w = if formula_w > 0 { formula_w + 3 } else { 0 };
        let count_w = count_w.max(10usize.saturating_sub(equals_w));
        let field_w = rows
            .iter()
            .map(|l| width(l.field.display_size()))
            .fold(5, usize::max);
        let macs_w = rows
            .iter()
            .map(|l| width(Grouped(l.macs)))
            .chain(blocks.iter().map(|b| width(Grouped(b.macs))))
            .fold(4, usize::max);

        writeln!(
            f,
            "{:>index_w$}  {:name_w$}  {:size_w$}  {:params_w$}  {:>macs_w$}  field",
            "#",
            "name",
            "size",
            "parameters",
            "MACs",
            params_w = equals_w + count_w
        )?;
        writeln!(
            f,
            "{:-<index_w$}  {:-<name_w$}  {:-<size_w$}  {:-<params_w$}  {:-<macs_w$}  {:-<field_w$}",
            "",
            "",
            "",
            "",
            "",
            "",
            params_w = equals_w + count_w
        )?;
        for row in self.rows() {
            match row {
                Row::Block(b) => {
                    write!(
                        f,
                        "{:index_w$}  {:name_w$}  ",
                        "",
                        DisplayPad(Indented(b.depth, &b.name))
                    )?;
                    write!(f, "{:size_w$}  {:equals_w$}", DisplayPad(b.output), "")?;
                    writeln!(
                        f,
                        "{:>count_w$}  {:>macs_w$}",
                        Grouped(b.params),
                        Grouped(b.macs)
                    )?;
                }
                Row::Layer(i, layer) => {
                    let name = Indented(layer.depth, &RowName(rows, i));
                    write!(f, "{i:>index_w$}  {:name_w$}  ", DisplayPad(name))?;
                    write!(f, "{:size_w$}  ", DisplayPad(layer.output))?;
                    match layer.formula() {
                        Some(formula) => write!(f, "{:formula_w$} = ", DisplayPad(formula))?,
                        None => write!(f, "{:equals_w$}", "")?,
                    }
                    writeln!(
                        f,
                        "{:>count_w$}  {:>macs_w$}  {}",
                        Grouped(layer.params),
                        Grouped(layer.macs),
                        layer.field.display_size()
                    )?;
                }
            }
        }
        writeln!(f)?;
        self.write_totals(f, "")
    }
}

/// Pads any `Display` value to the formatter's width, which plain `write!` of a
/// user type does not do.
struct DisplayPad<T>(T);

impl<T: Display> Display for DisplayPad<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = f.width().unwrap_or(0);
        write!(f, "{}", self.0)?;
        for _ in width(&self.0)..w {
            f.write_char(' ')?;
        }
        Ok(())
    }
}
