//! Evaluation of a whole network: names, shapes flowing layer to layer and through
//! blocks, totals, and every error on the way.

use crate::error::{Error, ErrorKind, Quantity};
use crate::layer::{Applied, Kind, Layer};
use crate::shape::Shape;
use core::fmt;

/// The most layers a network may expand to (`repeat` included): far beyond any real
/// CNN, and a bound on the macro's work.
pub const MAX_LAYERS: u64 = 100_000;

/// How deep blocks may nest.
pub const MAX_DEPTH: u32 = 32;

/// A layer's or block's name: the one written (`stem: conv ...`) or the kind's prefix
/// and its number among those of its kind (`conv2d1`, or `relu6_1` after a digit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Name<'a> {
    /// A name written in the network, or a kind's fixed name (`input`).
    Given(&'a str),
    /// A default name: `prefix` followed by `number`.
    Numbered {
        /// The kind's prefix, [`Kind::prefix`] or [`BlockKind::prefix`].
        prefix: &'static str,
        /// The number among the layers or blocks of that kind, from 1.
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

/// Gives layers and blocks their names: the written one, `input` for the input, or
/// the kind's prefix and its number among those of its kind so far. Every layer
/// counts, named or not, so that naming one never renames another.
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
    counters: [u64; Kind::SLOTS + 3],
}

impl Namer {
    /// The name of the next layer, of kind `kind`, written as `written` if it was named.
    pub fn name<'a>(&mut self, written: Option<&'a str>, kind: &Kind) -> Name<'a> {
        match (written, kind) {
            (None, Kind::Input(_)) => Name::Given("input"),
            _ => self.next(written, kind.slot(), kind.prefix()),
        }
    }

    /// The name of the next block of kind `kind`.
    pub fn block<'a>(&mut self, written: Option<&'a str>, kind: BlockKind) -> Name<'a> {
        let slot = Kind::SLOTS
            + match kind {
                BlockKind::Residual => 0,
                BlockKind::Shortcut => 1,
                BlockKind::Repeat(_) => 2,
            };
        self.next(written, slot, kind.prefix())
    }

    fn next<'a>(
        &mut self,
        written: Option<&'a str>,
        slot: usize,
        prefix: &'static str,
    ) -> Name<'a> {
        self.counters[slot] += 1;
        match written {
            Some(name) => Name::Given(name),
            None => Name::Numbered {
                prefix,
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
/// let at = Context { name: Some(&name), index: 5, input: Some(Shape::spatial(32, 3, 3)) };
/// assert_eq!(at.to_string(), "in conv2d3 (layer 5, input is 32x3x3)");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Context<'n, 'a> {
    /// The layer's name, when it has one.
    pub name: Option<&'n Name<'a>>,
    /// The layer's position, `input` being 0.
    pub index: usize,
    /// What the layer receives, when that is known.
    pub input: Option<Shape>,
}

impl fmt::Display for Context<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = self.name {
            write!(f, "in {name} ")?;
        }
        write!(f, "(layer {}", self.index)?;
        if let Some(input) = self.input {
            write!(f, ", input is {input}")?;
        }
        f.write_str(")")
    }
}

/// What a statement of the network does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// One layer.
    Layer(Kind),
    /// `residual { body } [shortcut { ... }]`: the `body` nodes that follow this one,
    /// then the `shortcut` nodes (identity when `None`), then their sum.
    Residual {
        /// How many of the following nodes are the body, nested ones included.
        body: usize,
        /// How many nodes after the body are the shortcut.
        shortcut: Option<usize>,
    },
    /// `repeat count { body }`: the `body` nodes that follow, `count` times.
    Repeat {
        /// How many times.
        count: u64,
        /// How many of the following nodes are the body, nested ones included.
        body: usize,
    },
    /// A statement the caller could not read: it takes a layer's place, makes the
    /// shape after it unknown, and is named after `Kind` when that is known.
    Unread(Option<Kind>),
}

/// One statement of a network as handed to [`evaluate`]: a written name, if any, and
/// what it does. Blocks are followed by their bodies, so a network is a flat list in
/// the order it is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Node<'a> {
    /// The name written before the statement, if any.
    pub name: Option<&'a str>,
    /// What the statement does.
    pub op: Op,
}

impl<'a> Node<'a> {
    /// An unnamed layer.
    pub const fn layer(kind: Kind) -> Node<'a> {
        Node {
            name: None,
            op: Op::Layer(kind),
        }
    }

    /// How many nodes this one spans: itself and its blocks' bodies.
    const fn span(&self) -> usize {
        match self.op {
            Op::Residual { body, shortcut } => {
                let short = match shortcut {
                    Some(s) => s,
                    None => 0,
                };
                body.saturating_add(short).saturating_add(1)
            }
            Op::Repeat { body, .. } => body.saturating_add(1),
            Op::Layer(_) | Op::Unread(_) => 1,
        }
    }
}

/// The kinds of block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// `residual { ... }`: the body, any shortcut, and the `add` layer.
    Residual,
    /// `shortcut { ... }`, inside its residual block.
    Shortcut,
    /// `repeat N { ... }`: the body N times.
    Repeat(u64),
}

impl BlockKind {
    /// The prefix of default block names (`residual` in `residual1`).
    pub const fn prefix(self) -> &'static str {
        match self {
            BlockKind::Residual => "residual",
            BlockKind::Shortcut => "shortcut",
            BlockKind::Repeat(_) => "repeat",
        }
    }
}

/// A block of layers: where it is in the flat list and what it holds in total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block<N = &'static str> {
    /// The block's name: written, or numbered per kind (`residual1`, `repeat1`).
    pub name: N,
    /// What kind of block.
    pub kind: BlockKind,
    /// How deep it is nested: 0 at the top level.
    pub depth: u32,
    /// The index of its first layer.
    pub first: usize,
    /// How many layers it holds, nested ones included.
    pub len: usize,
    /// The shape it receives.
    pub input: Shape,
    /// The shape it gives.
    pub output: Shape,
    /// Its layers' learnable parameters.
    pub params: u64,
    /// Its layers' non-trainable values.
    pub non_trainable: u64,
    /// Its layers' multiply-accumulates.
    pub macs: u64,
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

/// What [`evaluate`] reports, in order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event<'a> {
    /// A layer, evaluated, and the node it comes from.
    Layer(usize, Layer<Name<'a>>),
    /// A block, once all of its layers are evaluated, and its node.
    Block(usize, Block<Name<'a>>),
    /// A rule broken. A statement inside `repeat` may report the same error again.
    Error(Error<'a>),
    /// Where an [`Op::Unread`] node stands, for the caller's own message.
    Unread {
        /// The node's position in the list.
        id: usize,
        /// Its name, when its kind is known.
        name: Option<Name<'a>>,
        /// Its layer index.
        index: usize,
        /// What it would have received, when known.
        input: Option<Shape>,
    },
}

/// Evaluates a network: the first node is the `input`, each later one receives the
/// previous one's output, and blocks work as §4 of the language says. Every layer,
/// finished block and error is handed to `visit` in order; after an error, evaluation
/// goes on with the shape unknown, checking what can be checked without it, so that
/// independent errors all surface. Returns the totals when there was no error.
///
/// ```
/// use cnn_core::{evaluate, Conv2d, Dense, Event, Kind, Node, Op, Pair, Pool2d, Shape};
/// let nodes = [
///     Node::layer(Kind::Input(Shape::spatial(1, 28, 28))),
///     Node::layer(Kind::Conv2d(Conv2d::new(32, Pair::square(5)))),
///     Node::layer(Kind::MaxPool2d(Pool2d::new(Pair::square(2)))),
///     Node { name: Some("head"), op: Op::Layer(Kind::Dense(Dense { units: 10, bias: true })) },
/// ];
/// let mut names = Vec::new();
/// let totals = evaluate(&nodes, |event| {
///     if let Event::Layer(_, layer) = event {
///         names.push(layer.name.to_string());
///     }
/// });
/// assert_eq!(names, ["input", "conv2d1", "maxpool1", "head"]);
/// assert_eq!(totals.unwrap().params, (5 * 5 + 1) * 32 + (32 * 12 * 12 + 1) * 10);
/// ```
pub fn evaluate<'a, F>(nodes: &[Node<'a>], visit: F) -> Option<Totals>
where
    F: FnMut(Event<'a>),
{
    let mut walk = Walk {
        nodes,
        namer: Namer::default(),
        index: 0,
        totals: Totals::default(),
        failed: false,
        visit,
    };
    // A network starts with its input; an unreadable first statement may be one.
    let first = match nodes.first().map(|n| n.op) {
        None => Some(ErrorKind::Empty),
        Some(Op::Layer(Kind::Input(_)) | Op::Unread(None | Some(Kind::Input(_)))) => None,
        Some(_) => Some(ErrorKind::MissingInput),
    };
    if let Some(kind) = first {
        let layer = match nodes.first().map(|n| n.op) {
            Some(Op::Layer(k) | Op::Unread(Some(k))) => Some(k),
            _ => None,
        };
        walk.fail(Error {
            id: 0,
            index: 0,
            name: Name::Given("input"),
            layer,
            input: None,
            kind,
        });
    }
    walk.seq(0, nodes.len(), None, 0);
    (!walk.failed).then_some(walk.totals)
}

/// The state of one evaluation.
struct Walk<'n, 'a, F> {
    nodes: &'n [Node<'a>],
    namer: Namer,
    /// The index of the next layer.
    index: usize,
    totals: Totals,
    failed: bool,
    visit: F,
}

impl<'a, F: FnMut(Event<'a>)> Walk<'_, 'a, F> {
    fn fail(&mut self, error: Error<'a>) {
        self.failed = true;
        (self.visit)(Event::Error(error));
    }

    /// Nodes `start..end` in sequence from `input`; their output, if known.
    fn seq(
        &mut self,
        start: usize,
        end: usize,
        mut shape: Option<Shape>,
        depth: u32,
    ) -> Option<Shape> {
        let mut id = start;
        while id < end {
            let node = self.nodes[id];
            shape = self.node(id, node, shape, depth, end);
            id = id.saturating_add(node.span());
        }
        shape
    }

    fn node(
        &mut self,
        id: usize,
        node: Node<'a>,
        input: Option<Shape>,
        depth: u32,
        end: usize,
    ) -> Option<Shape> {
        let body_start = id + 1;
        if depth > MAX_DEPTH {
            let index = self.index;
            self.fail(Error {
                id,
                index,
                name: Name::Given("block"),
                layer: None,
                input,
                kind: ErrorKind::TooDeep,
            });
            return None;
        }
        let clamp = |len: usize| body_start.saturating_add(len).min(end);
        match node.op {
            Op::Layer(kind) => self.layer(id, node.name, kind, input, depth),
            Op::Unread(kind) => {
                let name = kind.map(|k| self.namer.name(node.name, &k));
                let index = self.next_index();
                self.failed = true;
                (self.visit)(Event::Unread {
                    id,
                    name,
                    index,
                    input,
                });
                None
            }
            Op::Residual { body, shortcut } => {
                let body_end = clamp(body);
                let short_end = clamp(body.saturating_add(shortcut.unwrap_or(0)));
                self.residual(
                    id,
                    node.name,
                    input,
                    depth,
                    (body_start, body_end),
                    shortcut.map(|_| short_end),
                )
            }
            Op::Repeat { count, body } => self.repeat(
                id,
                node.name,
                count,
                input,
                depth,
                (body_start, clamp(body)),
            ),
        }
    }

    fn next_index(&mut self) -> usize {
        let index = self.index;
        self.index += 1;
        index
    }

    fn layer(
        &mut self,
        id: usize,
        written: Option<&'a str>,
        kind: Kind,
        input: Option<Shape>,
        depth: u32,
    ) -> Option<Shape> {
        let name = self.namer.name(written, &kind);
        let index = self.next_index();
        let error = |kind_err, input| Error {
            id,
            index,
            name,
            layer: Some(kind),
            input,
            kind: kind_err,
        };
        // The input statement comes first, and once.
        let input = match (id, kind) {
            (0, Kind::Input(shape)) => Some(shape),
            (_, Kind::Input(_)) => {
                // Out of place after a missing input, which is already reported.
                if let Some(Op::Layer(Kind::Input(_))) = self.nodes.first().map(|n| n.op) {
                    self.fail(error(ErrorKind::SecondInput, input));
                }
                return None;
            }
            _ => input,
        };
        let Some(input) = input else {
            // Without an input, check what does not depend on it.
            if let Err(e) = kind.check() {
                self.fail(error(e, None));
            }
            return None;
        };
        let Applied {
            output,
            params,
            non_trainable,
            macs,
        } = match kind.apply(input) {
            Ok(applied) => applied,
            Err(e) => {
                let at = if let Kind::Input(_) = kind {
                    None
                } else {
                    Some(input)
                };
                self.fail(error(e, at));
                return None;
            }
        };
        let at = if let Kind::Input(_) = kind {
            None
        } else {
            Some(input)
        };
        match self.add_up(kind, output, params, non_trainable, macs) {
            Ok(()) => {}
            Err(e) => self.fail(error(e, at)),
        }
        (self.visit)(Event::Layer(
            id,
            Layer {
                name,
                kind,
                input,
                output,
                params,
                non_trainable,
                macs,
                depth,
            },
        ));
        Some(output)
    }

    /// Adds a layer to the totals.
    fn add_up(
        &mut self,
        kind: Kind,
        output: Shape,
        params: u64,
        non_trainable: u64,
        macs: u64,
    ) -> Result<(), ErrorKind> {
        let sum = |total: u64, v: u64, q| total.checked_add(v).ok_or(ErrorKind::Overflow(q));
        let elements = output
            .elements()
            .ok_or(ErrorKind::Overflow(Quantity::Elements))?;
        let t = self.totals;
        self.totals = match kind {
            Kind::Input(_) => Totals {
                input: elements,
                ..t
            },
            _ => Totals {
                params: sum(t.params, params, Quantity::TotalParams)?,
                non_trainable: sum(t.non_trainable, non_trainable, Quantity::TotalNonTrainable)?,
                macs: sum(t.macs, macs, Quantity::TotalMacs)?,
                activations: sum(t.activations, elements, Quantity::TotalActivations)?,
                input: t.input,
            },
        };
        Ok(())
    }

    /// Reports a finished block, with what its layers added to the totals.
    #[allow(clippy::too_many_arguments)]
    fn block(
        &mut self,
        id: usize,
        name: Name<'a>,
        kind: BlockKind,
        depth: u32,
        first: usize,
        before: Totals,
        input: Shape,
        output: Shape,
    ) {
        let t = self.totals;
        (self.visit)(Event::Block(
            id,
            Block {
                name,
                kind,
                depth,
                first,
                len: self.index - first,
                input,
                output,
                params: t.params.saturating_sub(before.params),
                non_trainable: t.non_trainable.saturating_sub(before.non_trainable),
                macs: t.macs.saturating_sub(before.macs),
            },
        ));
    }

    fn residual(
        &mut self,
        id: usize,
        written: Option<&'a str>,
        input: Option<Shape>,
        depth: u32,
        body: (usize, usize),
        shortcut_end: Option<usize>,
    ) -> Option<Shape> {
        let name = self.namer.block(written, BlockKind::Residual);
        let (first, before) = (self.index, self.totals);
        let body_out = self.seq(body.0, body.1, input, depth + 1);
        let short_out = match shortcut_end {
            None => input,
            Some(end) => {
                let short_name = self.namer.block(None, BlockKind::Shortcut);
                let (short_first, short_before) = (self.index, self.totals);
                let out = self.seq(body.1, end, input, depth + 2);
                if let (Some(i), Some(o)) = (input, out) {
                    self.block(
                        id,
                        short_name,
                        BlockKind::Shortcut,
                        depth + 1,
                        short_first,
                        short_before,
                        i,
                        o,
                    );
                }
                out
            }
        };
        let add = Kind::Add;
        let add_name = self.namer.name(None, &add);
        let index = self.next_index();
        let (Some(input), Some(body_out), Some(short_out)) = (input, body_out, short_out) else {
            return None;
        };
        if body_out != short_out {
            self.fail(Error {
                id,
                index,
                name,
                layer: Some(add),
                input: Some(input),
                kind: ErrorKind::ShapeMismatch {
                    body: body_out,
                    shortcut: short_out,
                    explicit: shortcut_end.is_some(),
                },
            });
            return None;
        }
        let at = Some(body_out);
        if let Err(e) = self.add_up(add, body_out, 0, 0, 0) {
            self.fail(Error {
                id,
                index,
                name: add_name,
                layer: Some(add),
                input: at,
                kind: e,
            });
        }
        (self.visit)(Event::Layer(
            id,
            Layer {
                name: add_name,
                kind: add,
                input: body_out,
                output: body_out,
                params: 0,
                non_trainable: 0,
                macs: 0,
                depth: depth + 1,
            },
        ));
        self.block(
            id,
            name,
            BlockKind::Residual,
            depth,
            first,
            before,
            input,
            body_out,
        );
        Some(body_out)
    }

    fn repeat(
        &mut self,
        id: usize,
        written: Option<&'a str>,
        count: u64,
        input: Option<Shape>,
        depth: u32,
        body: (usize, usize),
    ) -> Option<Shape> {
        let name = self.namer.block(written, BlockKind::Repeat(count));
        let (first, before) = (self.index, self.totals);
        let error = |kind| Error {
            id,
            index: first,
            name,
            layer: None,
            input,
            kind,
        };
        let per_pass = layers(self.nodes, body.0, body.1);
        let total = per_pass.checked_mul(count).filter(|&n| {
            (self.index as u64)
                .checked_add(n)
                .is_some_and(|end| end <= MAX_LAYERS)
        });
        if total.is_none() {
            self.fail(error(ErrorKind::TooManyLayers { count, per_pass }));
            return None;
        }
        if count == 0 {
            self.fail(error(ErrorKind::RepeatZero));
            // Still check the body once.
            self.seq(body.0, body.1, input, depth + 1);
            return None;
        }
        let mut shape = input;
        for _ in 0..count {
            shape = self.seq(body.0, body.1, shape, depth + 1);
        }
        if let (Some(i), Some(o)) = (input, shape) {
            self.block(
                id,
                name,
                BlockKind::Repeat(count),
                depth,
                first,
                before,
                i,
                o,
            );
        }
        shape
    }
}

/// How many layers nodes `start..end` expand to, saturating at `u64::MAX`.
fn layers(nodes: &[Node], start: usize, end: usize) -> u64 {
    let mut total: u64 = 0;
    let mut id = start;
    while id < end {
        let node = nodes[id];
        let body_start = id + 1;
        let clamp = |len: usize| body_start.saturating_add(len).min(end);
        let n = match node.op {
            Op::Layer(_) | Op::Unread(_) => 1,
            Op::Residual { body, shortcut } => layers(nodes, body_start, clamp(body))
                .saturating_add(layers(
                    nodes,
                    clamp(body),
                    clamp(body.saturating_add(shortcut.unwrap_or(0))),
                ))
                .saturating_add(1),
            Op::Repeat { count, body } => {
                layers(nodes, body_start, clamp(body)).saturating_mul(count)
            }
        };
        total = total.saturating_add(n);
        id = id.saturating_add(node.span());
    }
    total
}
