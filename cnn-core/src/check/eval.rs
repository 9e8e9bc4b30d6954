//! Evaluation of a whole network: names, shapes flowing layer to layer and through
//! blocks, totals, and every error on the way.

use crate::block::{
    parts, Block, BlockKind, Node, Op, MAX_BLOCKS, MAX_DEPTH, MAX_FROMS, MAX_LAYERS, MAX_SOURCES,
};
use crate::error::{ErrorKind, Quantity};
use crate::field::Field;
use crate::kind::{Applied, Kind};
use crate::layer::Layer;
use crate::message::Error;
use crate::name::{Name, Namer, Segment, MAX_SEGMENTS};
use crate::shape::{PerAxis, Shape};
use crate::words::{Keyword, LayerWord};

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
    /// The values every layer but `input` produces, added up, each once.
    pub activations: u64,
    /// The values produced by the layers that have parameters: what torchinfo doubles
    /// (for the gradients) as its "Forward/backward pass size".
    pub param_layer_outputs: u64,
    /// The most values alive at once during one inference (see [`evaluate`]).
    pub peak: u64,
    /// The index of the first layer at which that peak is reached.
    pub peak_at: usize,
}

impl Totals {
    /// Floating-point operations for one input, `2 * macs` (a multiply and an add per
    /// multiply-accumulate): what papers and FLOP counters such as fvcore's call FLOPs.
    /// torchvision's "GFLOPS" column is MACs, not this. A `u128`: the figure is only
    /// informative, and twice a count that fits `u64` may not.
    ///
    /// ```
    /// let totals = cnn_core::Totals { macs: 2_307_584, ..Default::default() };
    /// assert_eq!(totals.flops(), 4_615_168);
    /// ```
    pub const fn flops(&self) -> u128 {
        self.macs as u128 * 2
    }
}

/// What [`evaluate`] reports, in order.
#[derive(Clone, Copy, Debug, PartialEq)]
// An error carries its branches' shapes for E15: without an allocator there is no box,
// and each event is handed to the visitor once, by value.
#[allow(clippy::large_enum_variant)]
pub enum Event<'a> {
    /// A layer, evaluated.
    Layer {
        /// The node it comes from.
        id: usize,
        /// The layer.
        layer: Layer<Name<'a>>,
        /// The values alive while it runs (see [`evaluate`]).
        live: u64,
    },
    /// A block, once all of its layers are evaluated.
    Block {
        /// The node it comes from.
        id: usize,
        /// The block.
        block: Block<Name<'a>>,
    },
    /// A rule broken. A statement inside `repeat` may report the same error again.
    Error(Error<'a>),
    /// A layer that was named but not evaluated, as its input is unknown or it broke a
    /// rule: every layer is reported once, as a `Layer` or a `Skipped` (or `Unread`).
    Skipped {
        /// The node it comes from.
        id: usize,
        /// Its name.
        name: Name<'a>,
        /// Its layer index.
        index: usize,
    },
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
/// Memory is counted under this model of one inference:
/// - every layer writes a new tensor (nothing in place), and a tensor is freed as soon
///   as nothing refers to it;
/// - while a layer runs, its input and output are alive, with every tensor an
///   enclosing residual block still refers to;
/// - a residual block refers to its input until its sum is done (as torchvision's
///   blocks keep `identity = x` until `forward` returns), and to its body's output
///   while the shortcut runs;
/// - the sum has the body's output, the shortcut's output and its own output alive,
///   with the block's input;
/// - a head's input stays alive while it runs (the flow reads it after), and its result
///   to the end, an output;
/// - a tensor a `from` reads stays alive from the layer that makes it until its last
///   `from` has read it (and then as long as a block holds it); a `from` makes no
///   tensor;
/// - each tensor is counted once, however many refer to it; the `input` layer holds
///   the input alone.
///
/// A network with `from`s is walked twice: the first pass counts the `from`s that read
/// each tensor, which the second needs to know how long to keep it, and notes the
/// tensors nothing reads (E19).
///
/// The peak is the most values alive at once; [`Event::Layer`] gives each layer's.
///
/// ```
/// use cnn_core::{evaluate, Conv, Dense, Event, Kind, Node, Op, PerAxis, Pool, Shape};
/// let nodes = [
///     Node::layer(Kind::Input(Shape::image(1, 28, 28))),
///     Node::layer(Kind::Conv(Conv::new(32, PerAxis::uniform(5)))),
///     Node::layer(Kind::MaxPool(Pool::new(PerAxis::uniform(2)))),
///     Node { name: Some("head"), op: Op::Layer(Kind::Dense(Dense { units: 10, bias: true })) },
/// ];
/// let mut names = Vec::new();
/// let totals = evaluate(&nodes, |event| {
///     if let Event::Layer { layer, .. } = event {
///         names.push(layer.name.to_string());
///     }
/// });
/// let totals = totals.unwrap();
/// assert_eq!(names, ["input", "conv2d1", "maxpool1", "head"]);
/// assert_eq!(totals.params, (5 * 5 + 1) * 32 + (32 * 12 * 12 + 1) * 10);
/// // The pooling has its 32x24x24 input and 32x12x12 output alive.
/// assert_eq!((totals.peak, totals.peak_at), (18_432 + 4_608, 2));
/// ```
pub fn evaluate<'a, F>(nodes: &[Node<'a>], visit: F) -> Option<Totals>
where
    F: FnMut(Event<'a>),
{
    let sources = Sources::of(nodes);
    if sources.wanted_len == 0 && sources.too_many.is_none() {
        let walk = Walk::run(nodes, sources, None, visit);
        return (!walk.failed).then_some(walk.totals);
    }
    // A `from` keeps a tensor alive until it reads it, which is only known once the
    // network is walked: a first pass counts what reads each tensor.
    let first = Walk::run(nodes, sources, None, |_| {});
    let mut plan = Plan::NONE;
    let found = &first.sources;
    for (reads, t) in plan
        .reads
        .iter_mut()
        .zip(&found.tensors[..found.tensors_len])
    {
        *reads = t.reads;
    }
    for &tensor in &first.plan.unread[..first.plan.unread_len] {
        let read = found
            .slot(tensor)
            .is_some_and(|s| found.tensors[s].reads > 0);
        if !read {
            plan.unread[plan.unread_len] = tensor;
            plan.unread_len += 1;
        }
    }
    let walk = Walk::run(nodes, sources, Some(plan), visit);
    (!walk.failed).then_some(walk.totals)
}

/// What flows from layer to layer: the tensor's shape, its receptive field, whether
/// an enclosing block already counts it as alive, and which tensor it is.
#[derive(Clone, Copy, Debug)]
struct Flow {
    shape: Shape,
    field: Field,
    held: bool,
    /// The layer that computed it.
    tensor: usize,
    /// Whether a head or a `from` has read it already (a later layer reading it is
    /// what flowing means; this is for a tensor a `from` moves away from).
    read: bool,
}

impl Flow {
    /// The output of layer `tensor`, read by nothing yet.
    fn new(shape: Shape, field: Field, tensor: usize) -> Flow {
        Flow {
            shape,
            field,
            held: false,
            tensor,
            read: false,
        }
    }
}

/// The state of one evaluation.
struct Walk<'n, 'a, F> {
    nodes: &'n [Node<'a>],
    namer: Namer,
    /// The level statements are named in (§12): `None` outside every level.
    level: Option<Level<'a>>,
    /// Inside a `channelslast` block: a `dense` is `Kind::Linear`, and only layers
    /// that work on a channels-last tensor may run.
    channels_last: bool,
    /// The values of the outputs made so far (heads' results), alive to the end.
    kept: u64,
    /// The index of the next layer.
    index: usize,
    /// The blocks and `repeat` passes so far.
    blocks: u64,
    /// Set past [`MAX_LAYERS`] or [`MAX_BLOCKS`]: the rest is not walked.
    stopped: bool,
    totals: Totals,
    /// Values that enclosing residual blocks refer to.
    held: u64,
    /// The last layer that changed the shape of what flows, with its index.
    shaped_by: Option<(Name<'a>, usize)>,
    failed: bool,
    /// Whether this is the second pass of a network with `from`s.
    second: bool,
    /// What `from` statements may read, and the tensors they keep alive.
    sources: Sources<'a>,
    /// What the first pass found, for the second (see [`evaluate`]).
    plan: Plan,
    /// The values of the tensors kept alive for a later `from`.
    pinned: u64,
    /// Whether the statements walked are the network's flow, where `from` may start
    /// it again; elsewhere only the node `first_from` (a branch's or head's first
    /// statement) may be a `from`.
    flow_level: bool,
    first_from: usize,
    visit: F,
}

/// What a `from` looks for: the last segment of its path, or, in a list read back from
/// the tables, the layer it reads.
#[derive(Clone, Copy, Debug)]
enum Wanted<'a> {
    Last(&'a str),
    Layer(usize),
}

/// A tensor a `from` may read.
#[derive(Clone, Copy, Debug)]
struct Tensor {
    /// The layer that computes it.
    layer: usize,
    shape: Shape,
    field: Field,
    /// The `from`s that have read it.
    reads: u32,
    /// The `from`s still to read it, in the second pass.
    left: u32,
    /// The blocks holding it while it is counted in `pinned` (their nodes).
    holders: [usize; 4],
    holding: usize,
    /// Whether it is counted in `pinned`.
    alive: bool,
}

/// What `from` statements may read: the paths they write, the tensors computed under
/// a name they may mean, and those names. Fixed arrays: `cnn-core` has no allocator.
#[derive(Clone, Copy, Debug)]
struct Sources<'a> {
    wanted: [Wanted<'a>; MAX_FROMS],
    wanted_len: usize,
    /// The node of the first `from` past [`MAX_FROMS`].
    too_many: Option<usize>,
    names: [(Name<'a>, usize); MAX_SOURCES],
    names_len: usize,
    tensors: [Tensor; MAX_SOURCES],
    tensors_len: usize,
    /// Set once more names or tensors came than the arrays hold.
    full: bool,
}

/// What the first pass of a network with `from`s finds for the second: how many
/// `from`s read each tensor (by the order they were met in), and which tensors
/// nothing reads.
#[derive(Clone, Copy, Debug)]
struct Plan {
    reads: [u32; MAX_SOURCES],
    unread: [usize; 8],
    unread_len: usize,
}

impl Plan {
    const NONE: Plan = Plan {
        reads: [0; MAX_SOURCES],
        unread: [0; 8],
        unread_len: 0,
    };
}

impl<'a> Sources<'a> {
    /// The `from` statements of `nodes`.
    fn of(nodes: &[Node<'a>]) -> Sources<'a> {
        let tensor = Tensor {
            layer: 0,
            shape: Shape::Flat(0),
            field: Field::INPUT,
            reads: 0,
            left: 0,
            holders: [0; 4],
            holding: 0,
            alive: false,
        };
        let mut sources = Sources {
            wanted: [Wanted::Layer(0); MAX_FROMS],
            wanted_len: 0,
            too_many: None,
            names: [(Name::given(""), 0); MAX_SOURCES],
            names_len: 0,
            tensors: [tensor; MAX_SOURCES],
            tensors_len: 0,
            full: false,
        };
        for (id, node) in nodes.iter().enumerate() {
            let wanted = match node.op {
                Op::From(path) => Wanted::Last(path.rsplit('.').next().unwrap_or(path)),
                Op::Layer(Kind::From(layer)) => Wanted::Layer(layer),
                _ => continue,
            };
            match sources.wanted.get_mut(sources.wanted_len) {
                Some(slot) => *slot = wanted,
                None => {
                    sources.too_many = sources.too_many.or(Some(id));
                    continue;
                }
            }
            sources.wanted_len += 1;
        }
        sources
    }

    /// Whether a `from` may mean `name`, the name of layer `tensor`'s output; and
    /// whether by that name (not only by the layer, as a list read back says).
    fn wants(&self, name: &Name<'a>, tensor: usize) -> Option<bool> {
        let last = name.segments().last()?;
        let wanted = &self.wanted[..self.wanted_len];
        let by_name = wanted.iter().any(|w| match (*w, *last) {
            (Wanted::Last(piece), Segment::Given(text)) => text.rsplit('.').next() == Some(piece),
            (Wanted::Last(piece), other) => spells(&other, piece),
            (Wanted::Layer(_), _) => false,
        });
        let by_layer = wanted
            .iter()
            .any(|w| matches!(*w, Wanted::Layer(layer) if layer == tensor));
        (by_name || by_layer).then_some(by_name)
    }

    /// The slot of layer `tensor`'s output, if a `from` may read it.
    fn slot(&self, tensor: usize) -> Option<usize> {
        self.tensors[..self.tensors_len]
            .iter()
            .position(|t| t.layer == tensor)
    }

    /// The slot of the tensor a `from` writing `path` reads, in `level`: a dotted
    /// path is absolute; one segment is looked up from the innermost level outwards.
    /// The latest computed wins.
    fn find(&self, path: &str, level: Option<&Name<'a>>) -> Option<usize> {
        let names = &self.names[..self.names_len];
        let hit = if path.contains('.') {
            names.iter().rev().find(|(n, _)| spells(n, path))
        } else {
            let prefix = level.map_or(&[][..], |l| l.segments());
            (0..=prefix.len()).rev().find_map(|k| {
                names.iter().rev().find(|(n, _)| {
                    let s = n.segments();
                    s.len() == k + 1 && s[..k] == prefix[..k] && spells(&s[k], path)
                })
            })
        };
        hit.map(|&(_, slot)| slot)
    }
}

/// Whether `value` is written `text`, without an allocator.
fn spells(value: &dyn core::fmt::Display, text: &str) -> bool {
    struct Spell<'t> {
        rest: &'t str,
        same: bool,
    }
    impl core::fmt::Write for Spell<'_> {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            match self.rest.strip_prefix(s) {
                Some(rest) if self.same => self.rest = rest,
                _ => self.same = false,
            }
            Ok(())
        }
    }
    let mut spell = Spell {
        rest: text,
        same: true,
    };
    core::fmt::write(&mut spell, format_args!("{value}")).is_ok()
        && spell.same
        && spell.rest.is_empty()
}

/// A level of the paths (§12): a `seq` or a named block, one PyTorch module. Its
/// statements are named by its path and their own name or position.
#[derive(Clone, Copy, Debug)]
struct Level<'a> {
    path: Name<'a>,
    /// The position of its next statement.
    next: u64,
}

/// What a node expands to: its layers, and its blocks with a `repeat`'s passes.
#[derive(Clone, Copy, Debug, Default)]
struct Cost {
    layers: u64,
    blocks: u64,
}

impl Cost {
    /// A `repeat` of this body: `count` passes and the block itself.
    fn repeat(self, count: u64) -> Cost {
        Cost {
            layers: self.layers.saturating_mul(count),
            blocks: self
                .blocks
                .saturating_add(1)
                .saturating_mul(count)
                .saturating_add(1),
        }
    }

    fn add(self, other: Cost) -> Cost {
        Cost {
            layers: self.layers.saturating_add(other.layers),
            blocks: self.blocks.saturating_add(other.blocks),
        }
    }
}

/// What nodes `start..end` expand to, saturating. A repeat counts its body once and
/// multiplies, so this takes time in the nodes, not in the expansion; a repeat walks
/// its passes only once its whole expansion is known to fit, which bounds the
/// counting its nested repeats do on each pass.
fn range_cost(nodes: &[Node], start: usize, end: usize, depth: u32) -> Cost {
    let mut total = Cost::default();
    let mut id = start;
    while id < end {
        let node = nodes[id];
        let body_start = id + 1;
        let clamp = |len: usize| body_start.saturating_add(len).min(end);
        // Past the depth limit nothing is walked: an error stands in its place.
        let inner = |from: usize, to: usize| {
            if depth <= MAX_DEPTH {
                range_cost(nodes, from, to, depth + 1)
            } else {
                Cost::default()
            }
        };
        let cost = match node.op {
            Op::Layer(_) | Op::Unread(_) | Op::From(_) => Cost {
                layers: 1,
                blocks: 0,
            },
            Op::Block { kind, .. } => {
                let mut parts = parts(nodes, id, end).map(|(a, b)| inner(a, b));
                match kind {
                    BlockKind::Residual | BlockKind::Shortcut => {
                        let body = parts.next().unwrap_or_default();
                        let short = parts.next();
                        body.add(short.unwrap_or_default()).add(Cost {
                            layers: 1,
                            blocks: 1 + u64::from(short.is_some()),
                        })
                    }
                    BlockKind::Repeat(count) => parts.next().unwrap_or_default().repeat(count),
                    BlockKind::Seq | BlockKind::ChannelsLast | BlockKind::Head => {
                        parts.next().unwrap_or_default().repeat(1)
                    }
                    // Its branches, a block each, and the merge layer.
                    BlockKind::Concat
                    | BlockKind::Add
                    | BlockKind::Mul
                    | BlockKind::Scale
                    | BlockKind::Split => parts.fold(
                        Cost {
                            layers: 1,
                            blocks: 1,
                        },
                        |total, part| {
                            total.add(part).add(Cost {
                                layers: 0,
                                blocks: 1,
                            })
                        },
                    ),
                    BlockKind::Branch => parts.fold(Cost::default(), Cost::add),
                }
            }
            Op::Part { len } => inner(body_start, clamp(len)),
        };
        total = total.add(cost);
        id = id.saturating_add(node.span());
    }
    total
}

/// Whether the flow of `nodes` ends on a head: the last statement is one, or a `seq`,
/// `repeat` or `channelslast` whose last statement is, and so on inwards (as
/// [`crate::outputs`] reads it from the tables).
fn ends_in_head(nodes: &[Node]) -> bool {
    let (mut start, mut end) = (0, nodes.len());
    loop {
        let mut at = start;
        let mut last = None;
        while at < end {
            last = Some(at);
            at = at.saturating_add(nodes[at].span());
        }
        let Some(last) = last else {
            return false;
        };
        match nodes[last].op {
            Op::Block {
                kind: BlockKind::Head,
                ..
            } => return true,
            Op::Block {
                kind: BlockKind::Seq | BlockKind::Repeat(1..) | BlockKind::ChannelsLast,
                ..
            } => match parts(nodes, last, end).next() {
                Some(body) => (start, end) = body,
                None => return false,
            },
            _ => return false,
        }
    }
}

/// The values of a shape; evaluation has checked that they fit.
fn size(shape: Shape) -> u64 {
    shape.elements().unwrap_or(u64::MAX)
}

impl<'n, 'a, F: FnMut(Event<'a>)> Walk<'n, 'a, F> {
    /// One walk over `nodes`: the first, or with the first's `plan`, the second.
    fn run(nodes: &'n [Node<'a>], sources: Sources<'a>, plan: Option<Plan>, visit: F) -> Self {
        // Convolutions are named by the network's rank, its input's.
        let rank = match nodes.first().map(|n| n.op) {
            Some(Op::Layer(Kind::Input(shape)) | Op::Unread(Some(Kind::Input(shape)))) => {
                shape.rank()
            }
            _ => 2,
        };
        let mut walk = Walk {
            nodes,
            namer: Namer::new(rank),
            level: None,
            channels_last: false,
            kept: 0,
            index: 0,
            blocks: 0,
            stopped: false,
            totals: Totals::default(),
            held: 0,
            shaped_by: None,
            failed: false,
            sources,
            second: plan.is_some(),
            plan: plan.unwrap_or(Plan::NONE),
            pinned: 0,
            flow_level: true,
            first_from: usize::MAX,
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
                name: Name::given(Keyword::Layer(LayerWord::Input).word()),
                layer,
                input: None,
                kind,
                shaped_by: [None, None],
                branches: [None; 8],
            });
        }
        if let Some(id) = walk.sources.too_many {
            walk.fail_at(
                id,
                Name::given(Keyword::From.word()),
                None,
                ErrorKind::FromLimit,
            );
        }
        let flow = walk.seq(0, nodes.len(), None, 0);
        // A flow ending on a head outputs the head's result, not what flows.
        if ends_in_head(nodes) {
            walk.dropped(flow);
        }
        walk
    }

    fn fail(&mut self, error: Error<'a>) {
        self.failed = true;
        (self.visit)(Event::Error(error));
    }

    /// Nodes `start..end` in sequence; what flows out, if known.
    fn seq(
        &mut self,
        start: usize,
        end: usize,
        mut flow: Option<Flow>,
        depth: u32,
    ) -> Option<Flow> {
        let mut id = start;
        while id < end && !self.stopped {
            let node = self.nodes[id];
            flow = self.node(id, node, flow, depth, end);
            id = id.saturating_add(node.span());
        }
        flow
    }

    /// An error for node `id` that is not about one layer's arithmetic.
    fn fail_at(&mut self, id: usize, name: Name<'a>, input: Option<Shape>, kind: ErrorKind) {
        let index = self.index;
        self.fail(Error {
            id,
            index,
            name,
            layer: None,
            input,
            kind,
            shaped_by: [None, None],
            branches: [None; 8],
        });
    }

    /// Counts a block (or a pass) against [`MAX_BLOCKS`]; past it, reports the error
    /// on node `id` and stops the walk.
    fn count_block(&mut self, id: usize, name: Name<'a>, input: Option<Shape>) -> bool {
        self.blocks += 1;
        if self.blocks > MAX_BLOCKS {
            self.fail_at(id, name, input, ErrorKind::TooLong { blocks: true });
            self.stopped = true;
        }
        !self.stopped
    }

    fn node(
        &mut self,
        id: usize,
        node: Node<'a>,
        flow: Option<Flow>,
        depth: u32,
        end: usize,
    ) -> Option<Flow> {
        let body_start = id + 1;
        let mut found = parts(self.nodes, id, end);
        let (first, second) = (found.next(), found.next());
        // A block's layers are one level deeper, a shortcut's two: the block at fault
        // is blamed, on its keyword.
        let inner = match node.op {
            Op::Block { kind, .. } if kind.merges() => depth + 2,
            Op::Block { .. } if second.is_some() => depth + 2,
            Op::Block { .. } => depth + 1,
            Op::Layer(_) | Op::Unread(_) | Op::From(_) | Op::Part { .. } => depth,
        };
        if inner > MAX_DEPTH {
            let name = Name::given("block");
            self.fail_at(id, name, flow.map(|f| f.shape), ErrorKind::TooDeep);
            return None;
        }
        let clamp = |len: usize| body_start.saturating_add(len).min(end);
        match node.op {
            Op::From(path) => self.from(id, Err(path), flow, depth),
            Op::Layer(Kind::From(layer)) => self.from(id, Ok(layer), flow, depth),
            Op::Layer(kind) => self.layer(id, node.name, kind, flow, depth),
            Op::Unread(kind) => {
                let name = kind.map(|k| self.layer_name(node.name, &k));
                let named = name.unwrap_or(Name::given("layer"));
                if !self.count_layer(id, named, flow.map(|f| f.shape)) {
                    return None;
                }
                let index = self.next_index();
                self.failed = true;
                (self.visit)(Event::Unread {
                    id,
                    name,
                    index,
                    input: flow.map(|f| f.shape),
                });
                None
            }
            Op::Block { kind, .. } => {
                // A block without its body reads as one with an empty body.
                let body = first.unwrap_or((body_start, body_start));
                let named = self.open(id, node.name, kind);
                let outer = self.enter(named);
                let out = match kind {
                    BlockKind::Residual | BlockKind::Shortcut => {
                        self.residual(id, named, flow, depth, body, second)
                    }
                    BlockKind::Repeat(count) => {
                        self.repeat(id, named, kind, count, flow, depth, body)
                    }
                    BlockKind::Seq => self.repeat(id, named, kind, 1, flow, depth, body),
                    BlockKind::Head => self.head(id, named, flow, depth, body),
                    // ConvNeXt's two permutes take a position each, around the body.
                    BlockKind::ChannelsLast => {
                        self.place(None, Segment::Position(0));
                        let outer = core::mem::replace(&mut self.channels_last, true);
                        let place = self.reading_place(false, usize::MAX);
                        let out = self.repeat(id, named, kind, 1, flow, depth, body);
                        self.restore(place);
                        self.channels_last = outer;
                        self.place(None, Segment::Position(0));
                        out
                    }
                    BlockKind::Concat
                    | BlockKind::Add
                    | BlockKind::Mul
                    | BlockKind::Scale
                    | BlockKind::Split => self.merge(id, named, kind, flow, depth, end),
                    // A branch outside a merge block: its parts, in sequence.
                    BlockKind::Branch => {
                        let mut out = flow;
                        for (a, b) in parts(self.nodes, id, end) {
                            out = self.seq(a, b, out, depth);
                        }
                        out
                    }
                };
                self.leave(outer);
                out
            }
            // A part outside a block: its nodes, in sequence.
            Op::Part { len } => self.seq(body_start, clamp(len), flow, depth),
        }
    }

    /// The path of a statement whose own segment, outside every level, is `own`: in a
    /// level, the level's path and the statement's written name or its position.
    fn place(&mut self, written: Option<&'a str>, own: Segment<'a>) -> Name<'a> {
        match &mut self.level {
            None => Name::of(own),
            Some(level) => {
                let at = level.next;
                level.next = at.saturating_add(1);
                level
                    .path
                    .child(written.map_or(Segment::Position(at), Segment::Given))
            }
        }
    }

    /// The path of the next layer, of kind `kind`.
    fn layer_name(&mut self, written: Option<&'a str>, kind: &Kind) -> Name<'a> {
        let own = self.namer.name(written, kind);
        self.place(written, own)
    }

    /// The path of a block's merge layer (`add1`, `cat1`): no module in PyTorch, it
    /// takes no position and keeps its default name in the level.
    fn merge_name(&mut self, kind: &Kind) -> Name<'a> {
        let own = self.namer.name(None, kind);
        self.level
            .map_or(Name::of(own), |level| level.path.child(own))
    }

    /// A block's name, and whether it is a level: a `seq`, or a block with a written
    /// name, is one PyTorch module and takes a position; any other block is
    /// transparent, its statements named in the level around it.
    fn open(&mut self, id: usize, written: Option<&'a str>, kind: BlockKind) -> Named<'a> {
        let own = self.namer.block(written, kind);
        if written.is_none() && kind != BlockKind::Seq {
            return Named {
                name: Name::of(own),
                level: false,
            };
        }
        let name = self.place(written, own);
        // Its statements' paths would pass the most segments a path holds: an error,
        // and the block read as transparent.
        let deep = name.segments().len() >= MAX_SEGMENTS;
        if deep {
            self.fail_at(id, name, None, ErrorKind::PathTooDeep);
        }
        Named { name, level: !deep }
    }

    /// Enters the block `named` if it is a level; returns what [`Walk::leave`] needs.
    /// A transparent block's statements take positions in the level around it.
    #[allow(clippy::option_option)]
    fn enter(&mut self, named: Named<'a>) -> Option<Option<Level<'a>>> {
        named.level.then(|| {
            let outer = self.level;
            self.level = Some(Level {
                path: named.name,
                next: 0,
            });
            outer
        })
    }

    /// Back in the level a block was entered from.
    #[allow(clippy::option_option)]
    fn leave(&mut self, entered: Option<Option<Level<'a>>>) {
        if let Some(outer) = entered {
            self.level = outer;
        }
    }

    /// A block's input, alive while the block at node `by` runs (a residual's until
    /// its sum, a merge block's until its merge, a head's for the flow after it):
    /// counted as held once, however many parts read it.
    fn hold(&mut self, flow: Option<Flow>, by: usize) -> Option<Flow> {
        flow.map(|f| {
            if !f.held {
                self.keep(f, by);
            }
            Flow { held: true, ..f }
        })
    }

    /// Keeps `f`'s tensor alive until the block at node `by` is done with it: in
    /// `held`, or, when a later `from` keeps it alive already (counted once, in
    /// `pinned`), as one of its holders. The block calls [`Walk::release`] when done.
    fn keep(&mut self, f: Flow, by: usize) {
        if !self.pin(f.tensor, by) {
            self.held = self.held.saturating_add(size(f.shape));
        }
    }

    /// Whether layer `tensor`'s output is kept alive for a later `from`; if so, the
    /// block at node `by` holds it too (`usize::MAX`: to the end, as an output).
    fn pin(&mut self, tensor: usize, by: usize) -> bool {
        let tensors = &mut self.sources.tensors[..self.sources.tensors_len];
        match tensors
            .iter_mut()
            .find(|t| t.alive && t.layer == tensor && t.holding < t.holders.len())
        {
            Some(t) => {
                t.holders[t.holding] = by;
                t.holding += 1;
                true
            }
            None => false,
        }
    }

    /// The block at node `by` is done: what it held is released, `held` back to
    /// `before`.
    fn release(&mut self, by: usize, before: u64) {
        self.held = before;
        for slot in 0..self.sources.tensors_len {
            let t = &mut self.sources.tensors[slot];
            let holding = t.holding;
            if let Some(at) = t.holders[..holding].iter().position(|&b| b == by) {
                t.holders.copy_within(at + 1..holding, at);
                t.holding -= 1;
                self.settle(slot);
            }
        }
    }

    /// A tensor kept alive for `from`s stops being counted once the last has read it
    /// and no block holds it.
    fn settle(&mut self, slot: usize) {
        let t = &mut self.sources.tensors[slot];
        if t.alive && t.left == 0 && t.holding == 0 {
            t.alive = false;
            self.pinned = self.pinned.saturating_sub(size(t.shape));
        }
    }

    /// The values of `f`'s tensor not yet counted as alive: none when a block holds it
    /// or a later `from` keeps it.
    fn fresh(&self, f: Flow) -> u64 {
        let pinned = self.sources.tensors[..self.sources.tensors_len]
            .iter()
            .any(|t| t.alive && t.layer == f.tensor);
        if f.held || pinned {
            0
        } else {
            size(f.shape)
        }
    }

    /// What flows is left behind (by a `from`, a merge none of whose branches reads
    /// it, a network ending in a head that does not read it): E19 unless something
    /// has read it, which the first pass notes and the second reports.
    fn dropped(&mut self, flow: Option<Flow>) {
        let Some(f) = flow.filter(|f| !f.read && !self.second) else {
            return;
        };
        if let Some(slot) = self.plan.unread.get_mut(self.plan.unread_len) {
            *slot = f.tensor;
            self.plan.unread_len += 1;
        }
    }

    /// Notes the output of layer `tensor` under `name`, when a `from` may read it by
    /// that name (or, in a list read back, by its layer).
    fn record(&mut self, name: Name<'a>, tensor: usize, id: usize, shape: Shape, field: Field) {
        let Some(by_name) = self.sources.wants(&name, tensor) else {
            return;
        };
        let src = &mut self.sources;
        let slot = match src.slot(tensor) {
            Some(slot) => slot,
            None if src.tensors_len < MAX_SOURCES => {
                let slot = src.tensors_len;
                let reads = self.plan.reads[slot];
                src.tensors[slot] = Tensor {
                    layer: tensor,
                    shape,
                    field,
                    reads: 0,
                    left: reads,
                    holders: [0; 4],
                    holding: 0,
                    alive: reads > 0,
                };
                src.tensors_len += 1;
                if reads > 0 {
                    self.pinned = self.pinned.saturating_add(size(shape));
                }
                slot
            }
            None => return self.full(id, name),
        };
        if by_name {
            let src = &mut self.sources;
            match src.names.get_mut(src.names_len) {
                Some(entry) => *entry = (name, slot),
                None => return self.full(id, name),
            }
            src.names_len += 1;
        }
    }

    /// More tensors may be read than evaluation keeps: E19, once.
    fn full(&mut self, id: usize, name: Name<'a>) {
        if !core::mem::replace(&mut self.sources.full, true) {
            self.fail_at(id, name, None, ErrorKind::FromLimit);
        }
    }

    /// Whether and where a `from` may stand, for the statements of a part: the old
    /// setting, for [`Walk::restore`].
    fn reading_place(&mut self, flow_level: bool, first: usize) -> (bool, usize) {
        let old = (self.flow_level, self.first_from);
        (self.flow_level, self.first_from) = (flow_level, first);
        old
    }

    fn restore(&mut self, (flow_level, first): (bool, usize)) {
        (self.flow_level, self.first_from) = (flow_level, first);
    }

    /// `from`: the flow goes on from an earlier tensor, `source` (the layer that
    /// computed it, or the path that names it). Its row names the layer that computed
    /// it; it computes nothing, and the tensor stays alive until its last `from`.
    fn from(
        &mut self,
        id: usize,
        source: Result<usize, &'a str>,
        flow: Option<Flow>,
        depth: u32,
    ) -> Option<Flow> {
        let name = self.merge_name(&Kind::From(0));
        if !self.count_layer(id, name, flow.map(|f| f.shape)) {
            return None;
        }
        let index = self.next_index();
        let error = |kind, name| Error {
            id,
            index,
            name,
            layer: Some(Kind::From(0)),
            input: flow.map(|f| f.shape),
            kind,
            shaped_by: [None, None],
            branches: [None; 8],
        };
        if !self.flow_level && id != self.first_from {
            self.fail(error(ErrorKind::FromPlace, name));
            self.skip(id, name, index);
            return None;
        }
        if self.flow_level {
            self.dropped(flow);
        }
        let level = self.level.map(|l| l.path);
        let slot = match source {
            Ok(layer) => self.sources.slot(layer),
            Err(path) => self.sources.find(path, level.as_ref()),
        };
        let Some(slot) = slot else {
            let written = source.err().map_or(name, Name::given);
            self.fail(error(ErrorKind::FromUnknown, written));
            self.skip(id, name, index);
            return None;
        };
        let t = self.sources.tensors[slot];
        let layer = Layer {
            name,
            kind: Kind::From(t.layer),
            input: t.shape,
            output: t.shape,
            params: 0,
            non_trainable: 0,
            macs: 0,
            depth,
            field: t.field,
        };
        // Nothing new: what enclosing blocks hold, and the tensors kept for `from`s.
        self.emit(id, index, layer, Some(self.held), Some(t.shape));
        let t = &mut self.sources.tensors[slot];
        t.reads = t.reads.saturating_add(1);
        t.left = t.left.saturating_sub(1);
        let (shape, field, tensor) = (t.shape, t.field, t.layer);
        self.settle(slot);
        Some(Flow {
            read: true,
            ..Flow::new(shape, field, tensor)
        })
    }

    fn next_index(&mut self) -> usize {
        let index = self.index;
        self.index += 1;
        index
    }

    /// Whether one more layer fits in [`MAX_LAYERS`]; past it, reports the error on
    /// node `id` and stops the walk.
    fn count_layer(&mut self, id: usize, name: Name<'a>, input: Option<Shape>) -> bool {
        if self.index as u64 >= MAX_LAYERS {
            self.fail_at(id, name, input, ErrorKind::TooLong { blocks: false });
            self.stopped = true;
        }
        !self.stopped
    }

    /// Reports a layer that is named but not evaluated.
    fn skip(&mut self, id: usize, name: Name<'a>, index: usize) {
        self.failed = true;
        (self.visit)(Event::Skipped { id, name, index });
    }

    /// Records what is alive while layer `index` runs.
    fn alive(&mut self, index: usize, values: u64) {
        if values > self.totals.peak {
            self.totals.peak = values;
            self.totals.peak_at = index;
        }
    }

    fn layer(
        &mut self,
        id: usize,
        written: Option<&'a str>,
        kind: Kind,
        flow: Option<Flow>,
        depth: u32,
    ) -> Option<Flow> {
        let kind = match (self.channels_last, kind) {
            (true, Kind::Dense(d)) => Kind::Linear(d),
            _ => kind,
        };
        let name = self.layer_name(written, &kind);
        if !self.count_layer(id, name, flow.map(|f| f.shape)) {
            return None;
        }
        let index = self.next_index();
        let input = flow.map(|f| f.shape);
        let error = |kind_err, input| Error {
            id,
            index,
            name,
            layer: Some(kind),
            input,
            kind: kind_err,
            shaped_by: [None, None],
            branches: [None; 8],
        };
        // The input statement comes first, and once.
        let flow = match (id, kind) {
            (0, Kind::Input(shape)) => Some(Flow::new(shape, Field::INPUT, index)),
            (_, Kind::Input(_)) => {
                // Out of place after a missing input, which is already reported.
                if let Some(Op::Layer(Kind::Input(_))) = self.nodes.first().map(|n| n.op) {
                    self.fail(error(ErrorKind::SecondInput, input));
                }
                self.skip(id, name, index);
                return None;
            }
            _ => flow,
        };
        if self.channels_last && !kind.runs_channels_last() {
            self.fail(error(ErrorKind::ChannelsLast, input));
            self.skip(id, name, index);
            return None;
        }
        let Some(flow) = flow else {
            // Without an input, check what does not depend on it.
            if let Err(e) = kind.check() {
                self.fail(error(e, None));
            }
            self.skip(id, name, index);
            return None;
        };
        let is_input = matches!(kind, Kind::Input(_));
        let at = if is_input { None } else { Some(flow.shape) };
        let Applied {
            output,
            params,
            non_trainable,
            macs,
        } = match kind.apply(flow.shape) {
            Ok(v) => v,
            Err(e) => {
                self.fail(error(e, at));
                self.skip(id, name, index);
                return None;
            }
        };
        let field = if is_input {
            flow.field
        } else {
            flow.field.through(&kind, flow.shape)
        };
        let incoming = if is_input { 0 } else { self.fresh(flow) };
        let live = self
            .held
            .checked_add(incoming)
            .and_then(|v| v.checked_add(size(output)));
        let layer = Layer {
            name,
            kind,
            input: flow.shape,
            output,
            params,
            non_trainable,
            macs,
            depth,
            field,
        };
        self.emit(id, index, layer, live, at);
        Some(Flow::new(output, field, index))
    }

    /// Adds an evaluated layer to the totals and the peak, and hands it on. `live` is
    /// what is alive while it runs, `None` past u64; `at` its input, for errors.
    fn emit(
        &mut self,
        id: usize,
        index: usize,
        layer: Layer<Name<'a>>,
        live: Option<u64>,
        at: Option<Shape>,
    ) {
        let l = &layer;
        let added = self
            .add_up(l.kind, l.output, l.params, l.non_trainable, l.macs)
            .and(live.map(|_| ()).ok_or(ErrorKind::Overflow(Quantity::Live)));
        if let Err(kind) = added {
            self.fail(Error {
                id,
                index,
                name: layer.name,
                layer: Some(layer.kind),
                input: at,
                kind,
                shaped_by: [None, None],
                branches: [None; 8],
            });
        }
        if layer.input != layer.output && !matches!(layer.kind, Kind::Input(_)) {
            self.shaped_by = Some((layer.name, index));
        }
        // The outputs made so far are alive too, and the tensors kept for `from`s.
        let live = live
            .and_then(|v| v.checked_add(self.kept))
            .and_then(|v| v.checked_add(self.pinned))
            .unwrap_or(u64::MAX);
        self.alive(index, live);
        let tensor = match layer.kind {
            Kind::From(source) => source,
            _ => index,
        };
        if self.sources.wanted_len > 0 {
            self.record(layer.name, tensor, id, layer.output, layer.field);
        }
        if self.plan.unread[..self.plan.unread_len].contains(&index) && tensor == index {
            self.fail_at(id, layer.name, at, ErrorKind::NeverRead);
        }
        (self.visit)(Event::Layer { id, layer, live });
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
            // It reads a tensor computed before.
            Kind::From(_) => t,
            _ => Totals {
                params: sum(t.params, params, Quantity::TotalParams)?,
                non_trainable: sum(t.non_trainable, non_trainable, Quantity::TotalNonTrainable)?,
                macs: sum(t.macs, macs, Quantity::TotalMacs)?,
                activations: sum(t.activations, elements, Quantity::TotalActivations)?,
                param_layer_outputs: if params > 0 {
                    sum(t.param_layer_outputs, elements, Quantity::TotalActivations)?
                } else {
                    t.param_layer_outputs
                },
                ..t
            },
        };
        Ok(())
    }

    /// Reports a finished block, with what its layers added to the totals.
    #[allow(clippy::too_many_arguments)]
    fn block(
        &mut self,
        id: usize,
        named: Named<'a>,
        kind: BlockKind,
        depth: u32,
        first: usize,
        before: Totals,
        input: Shape,
        output: Flow,
    ) {
        if self.sources.wanted_len > 0 {
            self.record(named.name, output.tensor, id, output.shape, output.field);
        }
        let output = output.shape;
        let t = self.totals;
        let block = Block {
            name: named.name,
            level: named.level,
            kind,
            depth,
            first,
            len: self.index - first,
            input,
            output,
            params: t.params.saturating_sub(before.params),
            non_trainable: t.non_trainable.saturating_sub(before.non_trainable),
            macs: t.macs.saturating_sub(before.macs),
        };
        (self.visit)(Event::Block { id, block });
    }

    #[allow(clippy::too_many_arguments)]
    fn residual(
        &mut self,
        id: usize,
        named: Named<'a>,
        flow: Option<Flow>,
        depth: u32,
        body: (usize, usize),
        shortcut: Option<(usize, usize)>,
    ) -> Option<Flow> {
        let name = named.name;
        if !self.count_block(id, name, flow.map(|f| f.shape)) {
            return None;
        }
        let (first, before, held_before) = (self.index, self.totals, self.held);
        let shaped_before = self.shaped_by.take();
        // The block refers to its input until the sum.
        let input = self.hold(flow, id);
        let place = self.reading_place(false, usize::MAX);
        let body_out = self.seq(body.0, body.1, input, depth + 1);
        let body_by = self.shaped_by.take();
        let short_out = match shortcut {
            None => input,
            Some((start, end)) => {
                let written = self.nodes.get(start - 1).and_then(|n| n.name);
                let short_named = self.open(id, written, BlockKind::Shortcut);
                if !self.count_block(id, short_named.name, flow.map(|f| f.shape)) {
                    return None;
                }
                let (short_first, short_before) = (self.index, self.totals);
                // ... and to the body's output while the shortcut runs.
                let held = self.held;
                if let Some(b) = body_out.filter(|b| !b.held) {
                    self.keep(b, id);
                }
                let outer = self.enter(short_named);
                let out = self.seq(start, end, input, depth + 2);
                self.leave(outer);
                self.held = held;
                if let (Some(i), Some(o)) = (input, out) {
                    self.block(
                        id,
                        short_named,
                        BlockKind::Shortcut,
                        depth + 1,
                        short_first,
                        short_before,
                        i.shape,
                        o,
                    );
                }
                out
            }
        };
        self.restore(place);
        let short_by = self.shaped_by.take();
        let add = Kind::Add;
        let add_name = self.merge_name(&add);
        if self.stopped || !self.count_layer(id, add_name, None) {
            return None;
        }
        let index = self.next_index();
        // What gave the block's output its shape, for the blocks around it.
        self.shaped_by = shaped_before;
        let result = match (input, body_out, short_out) {
            (Some(i), Some(b), Some(s)) => Some((i, b, s)),
            _ => None,
        };
        let Some((input, b, s)) = result else {
            self.release(id, held_before);
            self.skip(id, add_name, index);
            return None;
        };
        if b.shape != s.shape {
            self.release(id, held_before);
            self.fail(Error {
                id,
                index,
                name,
                layer: Some(add),
                input: Some(input.shape),
                kind: ErrorKind::ShapeMismatch {
                    body: b.shape,
                    shortcut: s.shape,
                    explicit: shortcut.is_some(),
                },
                shaped_by: [body_by, short_by],
                branches: [None; 8],
            });
            self.skip(id, add_name, index);
            return None;
        }
        let out = b.shape;
        if out != input.shape {
            self.shaped_by = body_by.or(short_by);
        }
        let field = Field::widest(b.field, s.field);
        let live = self
            .held
            .checked_add(self.fresh(b))
            .and_then(|v| v.checked_add(self.fresh(s)))
            .and_then(|v| v.checked_add(size(out)));
        self.release(id, held_before);
        let layer = Layer {
            name: add_name,
            kind: add,
            input: out,
            output: out,
            params: 0,
            non_trainable: 0,
            macs: 0,
            depth: depth + 1,
            field,
        };
        self.emit(id, index, layer, live, Some(out));
        let out = Flow::new(out, field, index);
        self.block(
            id,
            named,
            BlockKind::Residual,
            depth,
            first,
            before,
            input.shape,
            out,
        );
        Some(out)
    }

    /// A `repeat` of `count` passes, or a `seq` (`kind`), one pass.
    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &mut self,
        id: usize,
        named: Named<'a>,
        kind: BlockKind,
        count: u64,
        flow: Option<Flow>,
        depth: u32,
        body: (usize, usize),
    ) -> Option<Flow> {
        let name = named.name;
        let (first, before) = (self.index, self.totals);
        let input = flow.map(|f| f.shape);
        // Counted before any pass is walked: the whole expansion must fit.
        let cost = range_cost(self.nodes, body.0, body.1, depth + 1).repeat(count);
        let layers_fit = (self.index as u64)
            .checked_add(cost.layers)
            .is_some_and(|n| n <= MAX_LAYERS);
        let blocks_fit = self
            .blocks
            .checked_add(cost.blocks)
            .is_some_and(|n| n <= MAX_BLOCKS);
        // `repeat 0` is an empty block, as `nn.Sequential()` of no blocks is: its body
        // is neither evaluated nor named (a table-driven `macro_rules!` may write a
        // stage of no further blocks whose body would not fit).
        let problem = if !layers_fit {
            Some(ErrorKind::TooManyLayers {
                count,
                per_pass: cost.layers / count,
            })
        } else if !blocks_fit {
            Some(ErrorKind::TooManyPasses { count })
        } else {
            None
        };
        if let Some(kind) = problem {
            self.fail_at(id, name, input, kind);
            // Still check (and name) the body once, if there is room.
            if self.blocks < MAX_BLOCKS {
                self.blocks += 1;
                self.seq(body.0, body.1, flow, depth + 1);
            }
            return None;
        }
        let shaped_before = self.shaped_by;
        self.blocks += 1;
        let mut out = flow;
        for _ in 0..count {
            self.blocks += 1;
            out = self.seq(body.0, body.1, out, depth + 1);
        }
        if let (Some(i), Some(o)) = (input, out) {
            if i == o.shape {
                self.shaped_by = shaped_before;
            }
            self.block(id, named, kind, depth, first, before, i, o);
        }
        out
    }

    /// A `head`: its body on the block's input, which stays alive for the flow after
    /// it; the body's result is an output, alive to the end; the flow goes on from the
    /// input.
    fn head(
        &mut self,
        id: usize,
        named: Named<'a>,
        flow: Option<Flow>,
        depth: u32,
        body: (usize, usize),
    ) -> Option<Flow> {
        if !self.count_block(id, named.name, flow.map(|f| f.shape)) {
            return None;
        }
        let (first, before, held_before) = (self.index, self.totals, self.held);
        let shaped_before = self.shaped_by;
        let input = self.hold(flow, id);
        let place = self.reading_place(false, body.0);
        let out = self.seq(body.0, body.1, input, depth + 1);
        self.restore(place);
        self.release(id, held_before);
        self.shaped_by = shaped_before;
        // The head reads what flows, unless it starts with a `from`.
        let reads = !self.starts_with_from(body.0, body.1);
        match (flow, out) {
            // A body that computes nothing from what it reads (`head { }`, heads only)
            // would output its input: E18, as an empty `scale { }` is.
            (Some(i), Some(o)) if reads && o.tensor == i.tensor => {
                self.fail_at(id, named.name, Some(i.shape), ErrorKind::EmptyHead);
            }
            (Some(i), Some(o)) => {
                self.block(id, named, BlockKind::Head, depth, first, before, i.shape, o);
                // An output, alive to the end.
                if !o.held && !self.pin(o.tensor, usize::MAX) {
                    self.kept = self.kept.saturating_add(size(o.shape));
                }
            }
            _ => {}
        }
        flow.map(|f| Flow {
            read: f.read || reads,
            ..f
        })
    }

    /// Whether nodes `start..end` start with a `from`.
    fn starts_with_from(&self, start: usize, end: usize) -> bool {
        start < end
            && matches!(
                self.nodes.get(start).map(|n| n.op),
                Some(Op::From(_) | Op::Layer(Kind::From(_)))
            )
    }

    /// A merge block: every branch on the block's input (a channel group each, for
    /// `split`), then the merge layer. The block's input and every finished branch's
    /// output stay alive until the merge is done.
    fn merge(
        &mut self,
        id: usize,
        named: Named<'a>,
        kind: BlockKind,
        flow: Option<Flow>,
        depth: u32,
        end: usize,
    ) -> Option<Flow> {
        let name = named.name;
        if !self.count_block(id, name, flow.map(|f| f.shape)) {
            return None;
        }
        let (first, before, held_before) = (self.index, self.totals, self.held);
        let shaped_before = self.shaped_by.take();
        let input = self.hold(flow, id);
        let count = parts(self.nodes, id, end).count();
        let restore = |walk: &mut Self| {
            walk.release(id, held_before);
            walk.shaped_by = shaped_before;
        };
        if count == 0 {
            self.fail_at(
                id,
                name,
                input.map(|f| f.shape),
                ErrorKind::NoBranches { block: kind },
            );
            restore(self);
            return None;
        }
        // What each branch receives: the input, or for `split` its channel group, a
        // view of the input (nothing new alive).
        let mut known = input.is_some();
        let branch_input = match (kind, input) {
            (BlockKind::Split, Some(i)) => match group(i.shape, count as u64) {
                Ok(shape) => Some(Flow { shape, ..i }),
                Err(e) => {
                    self.fail_at(id, name, Some(i.shape), e);
                    known = false;
                    None
                }
            },
            _ => input,
        };
        // `scale` multiplies its input by its body: the input is a first branch.
        let mut merged = Merging::new(kind);
        if let (BlockKind::Scale, Some(i)) = (kind, input) {
            merged.add(i.shape, i.field, id);
        }
        // A branch may start with a `from` (not a `split`'s, which reads its group).
        let mut reads = kind == BlockKind::Scale;
        for (start, stop) in parts(self.nodes, id, end) {
            let part = start - 1;
            let branch = self.open(part, self.nodes[part].name, BlockKind::Branch);
            if !self.count_block(part, branch.name, branch_input.map(|f| f.shape)) {
                return None;
            }
            let (branch_first, branch_before) = (self.index, self.totals);
            let outer = self.enter(branch);
            reads |= !self.starts_with_from(start, stop);
            let may = match kind {
                BlockKind::Split | BlockKind::Scale => usize::MAX,
                _ => start,
            };
            let place = self.reading_place(false, may);
            let out = self.seq(start, stop, branch_input, depth + 2);
            self.restore(place);
            self.leave(outer);
            match (branch_input, out) {
                (Some(i), Some(o)) => {
                    self.block(
                        part,
                        branch,
                        BlockKind::Branch,
                        depth + 1,
                        branch_first,
                        branch_before,
                        i.shape,
                        o,
                    );
                    // A finished branch's output waits for the merge.
                    if !o.held {
                        self.keep(o, id);
                    }
                    merged.add(o.shape, o.field, part);
                }
                _ => known = false,
            }
        }
        if !reads {
            self.dropped(flow);
        }
        // Only merge blocks reach here; the sum stands in for what cannot.
        let layer = Kind::merging(kind).unwrap_or(Kind::Add);
        let layer_name = self.merge_name(&layer);
        if self.stopped || !self.count_layer(id, layer_name, None) {
            return None;
        }
        let index = self.next_index();
        let (Some(input), true) = (input, known) else {
            restore(self);
            self.skip(id, layer_name, index);
            return None;
        };
        let merged = match merged.result(id) {
            Ok(merged) => merged,
            Err((error, at)) => {
                restore(self);
                self.fail(Error {
                    id: at,
                    index,
                    name,
                    layer: None,
                    input: Some(input.shape),
                    kind: error,
                    shaped_by: [None, None],
                    branches: merged.shapes,
                });
                self.skip(id, layer_name, index);
                return None;
            }
        };
        let live = self.held.checked_add(size(merged.shape));
        restore(self);
        let out = Layer {
            name: layer_name,
            kind: layer,
            input: merged.first,
            output: merged.shape,
            params: 0,
            non_trainable: 0,
            macs: 0,
            depth: depth + 1,
            field: merged.field,
        };
        self.emit(id, index, out, live, Some(merged.first));
        let out = Flow::new(merged.shape, merged.field, index);
        self.block(id, named, kind, depth, first, before, input.shape, out);
        Some(out)
    }
}

/// A block's name, and whether it is a level of the paths.
#[derive(Clone, Copy, Debug)]
struct Named<'a> {
    name: Name<'a>,
    level: bool,
}

/// One of `n` equal channel groups of `shape` (`torch.chunk`), or E17.
fn group(shape: Shape, n: u64) -> Result<Shape, ErrorKind> {
    let channels = shape.channels();
    if n == 0 || !channels.is_multiple_of(n) {
        return Err(ErrorKind::SplitChannels {
            branches: n,
            channels,
        });
    }
    Ok(shape.with_channels(channels / n))
}

/// The branch outputs of a merge block so far, and what they merge into.
struct Merging {
    kind: BlockKind,
    /// The first eight branches' shapes, for E15's message.
    shapes: [Option<Shape>; 8],
    count: usize,
    first: Shape,
    shape: Shape,
    field: Field,
    /// The first branch that does not merge, and its node.
    wrong: Option<(usize, usize)>,
    /// The channels of a concatenation passed `u64::MAX`.
    overflow: bool,
}

/// What a merge gives: its first branch's shape, its output and its field.
struct Merged {
    first: Shape,
    shape: Shape,
    field: Field,
}

impl Merging {
    fn new(kind: BlockKind) -> Merging {
        Merging {
            kind,
            shapes: [None; 8],
            count: 0,
            first: Shape::Flat(0),
            shape: Shape::Flat(0),
            field: Field::INPUT,
            wrong: None,
            overflow: false,
        }
    }

    /// Adds a branch's output, from node `id`: checks it against the merge's rule.
    fn add(&mut self, shape: Shape, field: Field, id: usize) {
        if let Some(slot) = self.shapes.get_mut(self.count) {
            *slot = Some(shape);
        }
        self.count += 1;
        if self.count == 1 {
            (self.first, self.shape, self.field) = (shape, shape, field);
            return;
        }
        let before = self.field;
        self.field = Field::widest(before, field);
        let fits = match self.kind {
            // Equal rank and spatial sizes; the channels (a flat vector's features) add.
            BlockKind::Concat | BlockKind::Split => {
                let same = shape.rank() == self.shape.rank() && shape.sizes() == self.shape.sizes();
                if same {
                    match self.shape.channels().checked_add(shape.channels()) {
                        Some(c) => self.shape = self.shape.with_channels(c),
                        None => self.overflow = true,
                    }
                }
                same
            }
            // Equal shapes, or a Cx1x1 gate against CxHxW.
            BlockKind::Mul | BlockKind::Scale => {
                let gate = |s: Shape| s.sizes().is_some_and(|p| p == PerAxis::uniform(1));
                let broadcast = shape.rank() == self.shape.rank()
                    && shape.channels() == self.shape.channels()
                    && (gate(shape) || gate(self.shape));
                if broadcast && gate(self.shape) {
                    (self.shape, self.field) = (shape, Field::gated(field, before));
                } else if broadcast && gate(shape) {
                    self.field = Field::gated(before, field);
                }
                shape == self.shape || broadcast
            }
            BlockKind::Add
            | BlockKind::Residual
            | BlockKind::Shortcut
            | BlockKind::Repeat(_)
            | BlockKind::Seq
            | BlockKind::ChannelsLast
            | BlockKind::Head
            | BlockKind::Branch => shape == self.shape,
        };
        if !fits && self.wrong.is_none() {
            self.wrong = Some((self.count, id));
        }
    }

    /// The merged output, or E15 (or E12, on the `block`'s node) with the node to put
    /// it on.
    fn result(&self, block: usize) -> Result<Merged, (ErrorKind, usize)> {
        if let Some((branch, id)) = self.wrong {
            return Err((
                ErrorKind::Unmergeable {
                    block: self.kind,
                    branch,
                    branches: self.count,
                },
                id,
            ));
        }
        if self.overflow {
            return Err((ErrorKind::Overflow(Quantity::Elements), block));
        }
        Ok(Merged {
            first: self.first,
            shape: self.shape,
            field: self.field,
        })
    }
}
