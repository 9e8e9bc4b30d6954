//! Evaluation of a whole network: names, shapes flowing layer to layer, and totals.

use crate::error::{Error, ErrorKind, Quantity};
use crate::layer::{Applied, Kind, Layer};
use crate::shape::Shape;
use core::fmt;

/// A layer's name: the one written (`stem: conv ...`) or the kind's prefix and its
/// number among the layers of that kind (`conv2d1`, or `relu6_1` after a digit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Name<'a> {
    /// A name written in the network, or a kind's fixed name (`input`).
    Given(&'a str),
    /// A default name: `prefix` followed by `number`.
    Numbered {
        /// The kind's prefix, [`Kind::prefix`].
        prefix: &'static str,
        /// The layer's number among the layers of its kind, from 1.
        number: u64,
    },
}

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Name::Given(name) => f.write_str(name),
            Name::Numbered { prefix, number } => {
                let sep = match prefix.as_bytes().last() {
                    Some(b) if b.is_ascii_digit() => "_",
                    _ => "",
                };
                write!(f, "{prefix}{sep}{number}")
            }
        }
    }
}

/// Gives layers their names: the written one, `input` for the input, or the kind's
/// prefix and its number among the layers of that kind so far. Every layer counts,
/// named or not, so that naming one layer never renames another.
///
/// ```
/// use cnn_core::{Kind, Namer};
/// let mut namer = Namer::default();
/// assert_eq!(namer.name(None, &Kind::BatchNorm).to_string(), "bn1");
/// assert_eq!(namer.name(Some("norm"), &Kind::BatchNorm).to_string(), "norm");
/// assert_eq!(namer.name(None, &Kind::BatchNorm).to_string(), "bn3");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Namer {
    counters: [u64; Kind::SLOTS],
}

impl Namer {
    /// The name of the next layer, of kind `kind`, written as `written` if it was named.
    pub fn name<'a>(&mut self, written: Option<&'a str>, kind: &Kind) -> Name<'a> {
        let slot = kind.slot();
        self.counters[slot] += 1;
        match (written, kind) {
            (Some(name), _) => Name::Given(name),
            (None, Kind::Input(_)) => Name::Given("input"),
            (None, kind) => Name::Numbered {
                prefix: kind.prefix(),
                number: self.counters[slot],
            },
        }
    }
}

/// Where a layer stands, as messages say it: `in conv2d3 (layer 5, input is 32x3x3)`.
///
/// ```
/// use cnn_core::{Context, Name, Shape};
/// let name = Name::Numbered { prefix: "conv2d", number: 3 };
/// let at = Context { name: &name, index: 5, input: Some(Shape::spatial(32, 3, 3)) };
/// assert_eq!(at.to_string(), "in conv2d3 (layer 5, input is 32x3x3)");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Context<'n, 'a> {
    /// The layer's name.
    pub name: &'n Name<'a>,
    /// The layer's position, `input` being 0.
    pub index: usize,
    /// What the layer receives, when that is known.
    pub input: Option<Shape>,
}

impl fmt::Display for Context<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "in {} (layer {}", self.name, self.index)?;
        if let Some(input) = self.input {
            write!(f, ", input is {input}")?;
        }
        f.write_str(")")
    }
}

/// One statement of a network as handed to [`evaluate`]: an optional written name and
/// the layer's kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node<'a> {
    /// The name written before the statement, if any.
    pub name: Option<&'a str>,
    /// The layer.
    pub kind: Kind,
}

/// A network's totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Totals {
    /// Learnable parameters: PyTorch's `sum(p.numel() for p in model.parameters())`.
    pub params: u64,
    /// BatchNorm's running mean and variance: Keras' "Non-trainable params".
    pub non_trainable: u64,
    /// Multiply-accumulates for one input, biases not included.
    pub macs: u64,
    /// The values of the input.
    pub input: u64,
    /// The values every layer but `input` produces, added up: torchinfo's forward pass.
    pub activations: u64,
}

/// Evaluates a network: `nodes[0]` must be the `input`, and each later node receives
/// the previous one's output. Each layer is handed to `visit` in order; the result is
/// the totals, or the first error.
///
/// Layers are named by a [`Namer`].
///
/// ```
/// use cnn_core::{evaluate, Conv2d, Dense, Kind, Node, Pair, Pool2d, Shape};
/// let nodes = [
///     Node { name: None, kind: Kind::Input(Shape::spatial(1, 28, 28)) },
///     Node { name: None, kind: Kind::Conv2d(Conv2d::new(32, Pair::square(5))) },
///     Node { name: None, kind: Kind::MaxPool2d(Pool2d::new(Pair::square(2))) },
///     Node { name: Some("head"), kind: Kind::Dense(Dense { units: 10, bias: true }) },
/// ];
/// let mut names = Vec::new();
/// let totals = evaluate(&nodes, |layer| names.push(layer.name.to_string())).unwrap();
/// assert_eq!(names, ["input", "conv2d1", "maxpool1", "head"]);
/// assert_eq!(totals.params, (5 * 5 + 1) * 32 + (32 * 12 * 12 + 1) * 10);
/// ```
// The error carries the layer it is about; there is no allocator to box it in.
#[allow(clippy::result_large_err)]
pub fn evaluate<'a, F>(nodes: &[Node<'a>], mut visit: F) -> Result<Totals, Error<'a>>
where
    F: FnMut(Layer<Name<'a>>),
{
    let mut namer = Namer::default();
    let mut totals = Totals::default();
    let mut current: Option<Shape> = None;
    for (index, node) in nodes.iter().enumerate() {
        let name = namer.name(node.name, &node.kind);
        let fail = |kind| Error {
            id: index,
            index,
            name,
            layer: node.kind,
            input: current,
            kind,
        };
        let input = match (current, node.kind) {
            (None, Kind::Input(shape)) => shape,
            (None, _) => return Err(fail(ErrorKind::MissingInput)),
            (Some(_), Kind::Input(_)) => return Err(fail(ErrorKind::SecondInput)),
            (Some(shape), _) => shape,
        };
        let Applied {
            output,
            params,
            non_trainable,
            macs,
        } = node.kind.apply(input).map_err(fail)?;
        let sum = |total: u64, v: u64, q| total.checked_add(v).ok_or(ErrorKind::Overflow(q));
        let elements = output
            .elements()
            .ok_or(ErrorKind::Overflow(Quantity::Elements));
        let step = || -> Result<Totals, ErrorKind> {
            Ok(match node.kind {
                Kind::Input(_) => Totals {
                    input: elements?,
                    ..totals
                },
                _ => Totals {
                    params: sum(totals.params, params, Quantity::TotalParams)?,
                    non_trainable: sum(
                        totals.non_trainable,
                        non_trainable,
                        Quantity::TotalNonTrainable,
                    )?,
                    macs: sum(totals.macs, macs, Quantity::TotalMacs)?,
                    activations: sum(totals.activations, elements?, Quantity::TotalActivations)?,
                    input: totals.input,
                },
            })
        };
        totals = step().map_err(fail)?;
        visit(Layer {
            name,
            kind: node.kind,
            input,
            output,
            params,
            non_trainable,
            macs,
        });
        current = Some(output);
    }
    match current {
        Some(_) => Ok(totals),
        None => Err(Error {
            id: 0,
            index: 0,
            name: Name::Given("input"),
            layer: Kind::Input(Shape::Flat(0)),
            input: None,
            kind: ErrorKind::MissingInput,
        }),
    }
}
