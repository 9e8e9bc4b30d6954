//! The summary table: one row per layer with its parameter formula, then totals.

use crate::eval::{Block, Totals};
use crate::layer::Layer;
use core::fmt::{self, Display, Write};

/// The summary table of a network, as `SUMMARY` holds it.
///
/// One row per layer (index, name, output size, parameter formula and count), then the
/// totals: learnable and non-trainable parameters, MACs, and the sizes torchinfo
/// reports for `f32` values (input, forward pass, parameters, in MB of 10^6 bytes).
/// Columns grow with their content; the size column is at least 10 wide and the count
/// at least 8, so small networks line up the way the DSL reference shows. Numbers use
/// `_` separators so they paste into Rust.
///
/// Blocks show the way torchinfo's depth view does: a row for each block (no index,
/// its output size and its layers' total parameters) above its layers, and every row
/// indented two spaces per level of nesting.
///
/// ```
/// use cnn_core::{evaluate, Dense, Event, Kind, Node, Op, Shape, Summary};
/// let nodes = [
///     Node::layer(Kind::Input(Shape::Flat(4))),
///     Node { name: Some("output"), op: Op::Layer(Kind::Dense(Dense { units: 2, bias: true })) },
/// ];
/// let mut layers = Vec::new();
/// let totals = evaluate(&nodes, |e| if let Event::Layer(_, l) = e { layers.push(l) }).unwrap();
/// let table = Summary::new(&layers, &[], &totals).to_string();
/// assert!(table.contains("  1  output  2           (4+1)*2 =       10"));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Summary<'a, N> {
    layers: &'a [Layer<N>],
    blocks: &'a [Block<N>],
    totals: &'a Totals,
}

impl<'a, N: Display> Summary<'a, N> {
    /// The summary of `layers` (all of them, `input` first) and `blocks` (ordered by
    /// their first layer, outer blocks first) with their `totals`.
    pub fn new(layers: &'a [Layer<N>], blocks: &'a [Block<N>], totals: &'a Totals) -> Self {
        Summary {
            layers,
            blocks,
            totals,
        }
    }
}

/// A `u64` with `_` every three digits: `217_706`.
///
/// ```
/// assert_eq!(cnn_core::Grouped(1_589_760).to_string(), "1_589_760");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grouped(pub u64);

impl Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Up to 20 digits and 6 separators.
        let mut buf = [0u8; 26];
        let mut at = buf.len();
        let mut v = self.0;
        let mut digits = 0;
        loop {
            if digits > 0 && digits % 3 == 0 {
                at -= 1;
                buf[at] = b'_';
            }
            at -= 1;
            buf[at] = b'0' + (v % 10) as u8;
            v /= 10;
            digits += 1;
            if v == 0 {
                break;
            }
        }
        // Only ASCII digits and '_' were written.
        let text = core::str::from_utf8(&buf[at..]).map_err(|_| fmt::Error)?;
        f.pad(text)
    }
}

/// A byte count as MB (10^6 bytes) with two decimals, rounded half up.
struct Megabytes(u128);

impl Display for Megabytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hundredths = (self.0 + 5_000) / 10_000;
        write!(f, "{}.{:02}", hundredths / 100, hundredths % 100)
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

/// Bytes of one `f32` value.
const F32: u128 = 4;

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
            .map(|l| width(Indented(l.depth, &l.name)))
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

        writeln!(
            f,
            "{:>index_w$}  {:name_w$}  {:size_w$}  parameters",
            "#", "name", "size"
        )?;
        writeln!(
            f,
            "{:-<index_w$}  {:-<name_w$}  {:-<size_w$}  {:-<w$}",
            "",
            "",
            "",
            "",
            w = equals_w + count_w
        )?;
        let mut next_block = 0;
        for (i, layer) in rows.iter().enumerate() {
            while let Some(b) = blocks.get(next_block).filter(|b| b.first <= i) {
                write!(
                    f,
                    "{:index_w$}  {:name_w$}  ",
                    "",
                    DisplayPad(Indented(b.depth, &b.name))
                )?;
                write!(f, "{:size_w$}  {:equals_w$}", DisplayPad(b.output), "")?;
                writeln!(f, "{:>count_w$}", Grouped(b.params))?;
                next_block += 1;
            }
            let name = Indented(layer.depth, &layer.name);
            write!(f, "{i:>index_w$}  {:name_w$}  ", DisplayPad(name))?;
            write!(f, "{:size_w$}  ", DisplayPad(layer.output))?;
            match layer.formula() {
                Some(formula) => write!(f, "{:formula_w$} = ", DisplayPad(formula))?,
                None => write!(f, "{:equals_w$}", "")?,
            }
            writeln!(f, "{:>count_w$}", Grouped(layer.params))?;
        }
        let t = self.totals;
        writeln!(f)?;
        writeln!(f, "Total params: {}", Grouped(t.params))?;
        writeln!(f, "Non-trainable params: {}", Grouped(t.non_trainable))?;
        writeln!(f, "MACs: {}", Grouped(t.macs))?;
        writeln!(f, "Input size (MB): {}", Megabytes(t.input as u128 * F32))?;
        writeln!(
            f,
            "Forward pass size (MB): {}",
            Megabytes(t.activations as u128 * F32)
        )?;
        let stored = t.params as u128 + t.non_trainable as u128;
        write!(f, "Params size (MB): {}", Megabytes(stored * F32))
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
