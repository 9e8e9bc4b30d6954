//! Checks: the network evaluated by `cnn-core`, every problem put on the token that
//! caused it with the layer's name and input, and the layer names made sure to be
//! unique consts.

use crate::ast::{Network, Stmt, StmtName, StmtOp};
use crate::errors::{Diag, Errors};
use cnn_core::{
    evaluate, top_three, Arg, Binary, Block, BlockKind, BlockWord, ConstName, Context, Conv,
    ConvTranspose, Dense, Dropout, Dtype, Event, Field, Grouped, Interpolation, Keyword, Kind,
    Layer, LayerWord, Metric, Name, Node, Norm, Op, Overrun, PerAxis, Pool, Report, Resize, Shape,
    Upsample,
};
use proc_macro2::Span;
use std::collections::{HashMap, HashSet};

/// A network that passed every check: its layers, blocks, figures and summaries.
pub struct Checked {
    /// Every layer, with its name written out.
    pub layers: Vec<Layer<String>>,
    /// Every block, by first layer, outer first.
    pub blocks: Vec<Block<String>>,
    /// The network's totals, bytes and receptive field.
    pub report: Report,
}

/// Evaluates `network` with `cnn-core`. Returns the checked network, or reports every
/// independent problem into `errors` and returns the layer names that could be given,
/// for the placeholders.
pub fn check(network: &Network, errors: &mut Errors) -> Result<Checked, Vec<String>> {
    let mut sites: Vec<Site> = Vec::new();
    flatten(&network.stmts, &mut sites);
    let written: Vec<Option<String>> = sites
        .iter()
        .map(|s| s.name.map(|n| n.text.clone()))
        .collect();
    let nodes: Vec<Node> = sites
        .iter()
        .zip(&written)
        .map(|(site, name)| Node {
            name: name.as_deref(),
            op: site.op,
        })
        .collect();

    for problem in &network.problems {
        errors.push(problem.clone().into_error(None));
    }
    statement_problems(&network.stmts, errors);
    let mut layers: Vec<(usize, Layer<Name>, u64)> = Vec::with_capacity(nodes.len());
    let mut blocks: Vec<Block<Name>> = Vec::new();
    let mut block_names: Vec<(usize, String)> = Vec::new();
    // Every layer's name, evaluated or not, for the placeholders after an error.
    let mut names: Vec<String> = Vec::new();
    // A statement in a `repeat` body may fail on every pass: report it once.
    let mut reported: HashSet<usize> = HashSet::new();
    let mut hint = channels_last(&nodes);
    // Past the layer limit the rest is not walked, and no placeholder is worth its
    // compile time: the network's own consts stand in.
    let mut too_long = false;
    let totals = evaluate(&nodes, |event| match event {
        Event::Layer { id, layer, live } => layers.push((id, layer, live)),
        Event::Skipped { name, .. } => names.push(name.to_string()),
        Event::Block { id, block } => {
            block_names.push((id, block.name.to_string()));
            blocks.push(block);
        }
        Event::Error(err) => {
            too_long |= matches!(err.kind, cnn_core::ErrorKind::TooLong { .. });
            if reported.insert(err.id) {
                let span = sites
                    .get(err.id)
                    .map_or_else(Span::call_site, |s| s.span(err.kind.arg()));
                let mut diag = Diag::new(span, err);
                diag.help = err.help().map(|h| h.to_string());
                if err.kind == cnn_core::ErrorKind::FromUnknown {
                    diag.help = Some(from_help(&err.name.to_string(), &layers, &blocks));
                }
                // The first shape error of a channels-last input says why.
                if err.input.is_some() {
                    if let Some(hint) = hint.take() {
                        diag = diag.help(hint);
                    }
                }
                errors.push(diag.into_error(None));
            }
        }
        Event::Unread {
            id,
            name,
            index,
            input,
        } => {
            if let Some(name) = name {
                names.push(name.to_string());
            }
            let stmt = sites.get(id).and_then(|s| s.stmt);
            // A block that failed is named by its keyword, not by its merge layer's name.
            let merge = sites.get(id).is_some_and(|s| {
                matches!(s.op, Op::Unread(Some(Kind::Add | Kind::Cat | Kind::Mul)))
            });
            if let (true, Some(Err(diag))) = (reported.insert(id), stmt.map(|s| &s.op)) {
                let context = Context {
                    name: name.as_ref().filter(|_| !merge),
                    index,
                    input,
                };
                errors.push(diag.clone().into_error(Some(&context.to_string())));
            }
        }
    });
    let twice = check_block_names(&sites, block_names, errors);
    check_names(&sites, &layers, &twice, errors);
    names.extend(layers.iter().map(|(_, l, _)| l.name.to_string()));
    if too_long {
        names.clear();
    }
    let Some(totals) = totals else {
        return Err(names);
    };
    let dtype = network.dtype.map_or(Dtype::default(), |(d, _)| d);
    let field = layers.last().map_or(Field::INPUT, |(_, l, _)| l.field);
    let report = match Report::new(totals, dtype, field) {
        Ok(report) => report,
        Err(c) => {
            // On the element type, or else the input's shape.
            let span = network.dtype.map_or_else(
                || {
                    sites
                        .first()
                        .map_or_else(Span::call_site, |s| s.span(Arg::Value))
                },
                |(_, s)| s,
            );
            errors.push(
                Diag::new(
                    span,
                    format!("`{}` in {} overflows u64", c.name(), dtype.keyword()),
                )
                .help("a smaller element type, as in `dtype i8`, takes fewer bytes")
                .into_error(None),
            );
            return Err(names);
        }
    };
    for &(budget, span) in &network.budgets {
        if let Err(over) = budget.check(&report) {
            errors.push(budget_error(over, span, &layers, dtype));
        }
    }
    let output = layers.last().map_or(Shape::Flat(0), |(_, l, _)| l.output);
    for &(expect, span) in &network.expects {
        let t = report.totals;
        if let Err(wrong) = expect.check(t.params, t.non_trainable, t.macs, output) {
            let help = wrong.fix().to_string();
            errors.push(Diag::new(span, wrong).help(help).into_error(None));
        }
    }
    if !errors.is_empty() {
        return Err(names);
    }
    blocks.sort_by_key(|b| (b.first, b.depth));
    let layers: Vec<Layer<Name>> = layers.into_iter().map(|(_, l, _)| l).collect();
    Ok(Checked {
        layers: layers
            .into_iter()
            .map(|l| l.map_name(|n| n.to_string()))
            .collect(),
        blocks: blocks
            .into_iter()
            .map(|b| b.map_name(|n| n.to_string()))
            .collect(),
        report,
    })
}

/// E19's help for `from PATH` naming nothing computed before it: the nearest names
/// that are, and how paths are looked up.
fn from_help(path: &str, layers: &[(usize, Layer<Name>, u64)], blocks: &[Block<Name>]) -> String {
    let names: Vec<String> = layers
        .iter()
        .filter(|(_, l, _)| !matches!(l.kind, Kind::From(_)))
        .map(|(_, l, _)| l.name.to_string())
        .chain(
            blocks
                .iter()
                .filter(|b| b.level)
                .map(|b| b.name.to_string()),
        )
        .collect();
    let near = crate::suggest::nearest_paths(path, names.iter().map(String::as_str), 3);
    let rule = "a `from` reads a statement computed before it: a dotted path from the top, one name from the innermost level outwards";
    match near.as_slice() {
        [] => rule.to_string(),
        [one] => format!("did you mean `{one}`? {rule}"),
        more => format!(
            "the nearest names computed before it are {}; {rule}",
            crate::suggest::listed(more)
        ),
    }
}

/// A node of the flat list `cnn-core` evaluates, and the statement it comes from.
struct Site<'s> {
    /// The statement; `None` for a block's part.
    stmt: Option<&'s Stmt>,
    /// The name written before it (a statement's, or a named branch's).
    name: Option<&'s StmtName>,
    /// What the node does.
    op: Op<'s>,
    /// Where a part starts, for errors about it.
    span: Span,
}

impl Site<'_> {
    /// Where an error about `arg` of this node goes.
    fn span(&self, arg: Arg) -> Span {
        self.stmt.map_or(self.span, |s| s.spans.get(arg))
    }
}

/// The statement tree as `cnn-core`'s flat list: a block's node, then each part's node
/// followed by the part's statements. The one place the tree becomes nodes.
fn flatten<'s>(stmts: &'s [Stmt], out: &mut Vec<Site<'s>>) {
    for stmt in stmts {
        let span = stmt.spans.get(Arg::Keyword);
        let op = match &stmt.op {
            Ok(StmtOp::Layer(kind)) => Op::Layer(*kind),
            Ok(StmtOp::From(path)) => Op::From(path),
            Ok(StmtOp::Block { kind, parts }) => Op::Block {
                kind: *kind,
                len: parts.iter().map(|p| 1 + size(&p.stmts)).sum(),
            },
            Err(_) => Op::Unread(stmt.keyword.and_then(sample)),
        };
        out.push(Site {
            stmt: Some(stmt),
            name: stmt.name.as_ref(),
            op,
            span,
        });
        // A block that failed keeps the parts it read: their layers are named, never
        // evaluated (the block's own node, first, names its merge layer).
        if stmt.op.is_err() {
            for part in &stmt.read {
                unread(&part.stmts, out);
            }
        }
        if let Ok(StmtOp::Block { parts, .. }) = &stmt.op {
            for part in parts {
                out.push(Site {
                    stmt: None,
                    name: part.name.as_ref(),
                    op: Op::Part {
                        len: size(&part.stmts),
                    },
                    span: part.span,
                });
                flatten(&part.stmts, out);
            }
        }
    }
}

/// Statements that cannot be evaluated, as `Op::Unread` nodes that name their layers:
/// a block's merge layer, then its parts' layers.
fn unread<'s>(stmts: &'s [Stmt], out: &mut Vec<Site<'s>>) {
    for stmt in stmts {
        let (parts, kind) = match &stmt.op {
            Ok(StmtOp::Layer(kind)) => (&[][..], Some(*kind)),
            Ok(StmtOp::From(_)) => (&[][..], None),
            Ok(StmtOp::Block { parts, .. }) => (&parts[..], stmt.keyword.and_then(sample)),
            Err(_) => (&stmt.read[..], stmt.keyword.and_then(sample)),
        };
        out.push(Site {
            stmt: Some(stmt),
            name: stmt.name.as_ref(),
            op: Op::Unread(kind),
            span: stmt.spans.get(Arg::Keyword),
        });
        for part in parts {
            unread(&part.stmts, out);
        }
    }
}

/// How many nodes `stmts` become.
fn size(stmts: &[Stmt]) -> usize {
    stmts
        .iter()
        .map(|s| match &s.op {
            Ok(StmtOp::Block { parts, .. }) => {
                1 + parts.iter().map(|p| 1 + size(&p.stmts)).sum::<usize>()
            }
            Ok(StmtOp::Layer(_) | StmtOp::From(_)) => 1,
            Err(_) => 1 + s.read.iter().map(|p| unread_size(&p.stmts)).sum::<usize>(),
        })
        .sum()
}

/// How many nodes [`unread`] makes of `stmts`.
fn unread_size(stmts: &[Stmt]) -> usize {
    stmts
        .iter()
        .map(|s| {
            let parts = match &s.op {
                Ok(StmtOp::Block { parts, .. }) => &parts[..],
                Ok(StmtOp::Layer(_) | StmtOp::From(_)) => &[][..],
                Err(_) => &s.read[..],
            };
            1 + parts.iter().map(|p| unread_size(&p.stmts)).sum::<usize>()
        })
        .sum()
}

/// The problems of statements that were read all the same (an attribute on one), in
/// blocks too.
fn statement_problems(stmts: &[Stmt], errors: &mut Errors) {
    for stmt in stmts {
        for problem in &stmt.problems {
            errors.push(problem.clone().into_error(None));
        }
        let parts = match &stmt.op {
            Ok(StmtOp::Block { parts, .. }) => &parts[..],
            Ok(StmtOp::Layer(_) | StmtOp::From(_)) => &[][..],
            Err(_) => &stmt.read[..],
        };
        for part in parts {
            statement_problems(&part.stmts, errors);
        }
    }
}

/// A layer of `keyword`'s kind with placeholder values: enough to name a statement
/// whose arguments could not be read; for a block, its merge layer. `None` for
/// `repeat`, parts and settings.
fn sample(keyword: Keyword) -> Option<Kind> {
    let one = PerAxis::uniform(1);
    let word = match keyword {
        Keyword::Layer(word) => word,
        // A block's own layer: the merge that ends it.
        Keyword::Block(BlockWord::Residual) => return Kind::merging(BlockKind::Residual),
        Keyword::Block(word) => return word.merge().and_then(Kind::merging),
        // A `from` takes no position: an unread one is not named.
        Keyword::Shortcut
        | Keyword::Branch
        | Keyword::Cat
        | Keyword::From
        | Keyword::Setting(_) => return None,
    };
    Some(match word {
        LayerWord::Input => Kind::Input(Shape::Flat(1)),
        LayerWord::Conv => Kind::Conv(Conv::new(1, one)),
        LayerWord::Upconv => Kind::ConvTranspose(ConvTranspose::new(1, one)),
        LayerWord::AdaptiveAvgPool => Kind::AdaptiveAvgPool(one),
        LayerWord::AdaptiveMaxPool => Kind::AdaptiveMaxPool(one),
        LayerWord::Upsample => Kind::Upsample(Upsample {
            scale: one,
            mode: Interpolation::Nearest,
        }),
        LayerWord::Resize => Kind::Resize(Resize {
            size: one,
            mode: Interpolation::Nearest,
        }),
        LayerWord::MaxPool => Kind::MaxPool(Pool::new(one)),
        LayerWord::AvgPool => Kind::AvgPool(Pool::new(one)),
        LayerWord::Gap => Kind::GlobalAvgPool,
        LayerWord::Flatten => Kind::Flatten,
        LayerWord::Dense | LayerWord::Output => Kind::Dense(Dense {
            units: 1,
            bias: true,
        }),
        LayerWord::BatchNorm => Kind::BatchNorm(Norm::DEFAULT),
        LayerWord::LayerNorm => Kind::LayerNorm(Norm::DEFAULT),
        LayerWord::GroupNorm => Kind::GroupNorm(1, Norm::DEFAULT),
        LayerWord::LayerScale => Kind::LayerScale,
        LayerWord::DropPath => Kind::DropPath(Dropout { p: 0.0 }),
        LayerWord::Shuffle => Kind::Shuffle(1),
        LayerWord::PixelShuffle => Kind::PixelShuffle(1),
        LayerWord::PixelUnshuffle => Kind::PixelUnshuffle(1),
        LayerWord::InstanceNorm => Kind::InstanceNorm(false, Norm::DEFAULT),
        LayerWord::Pad => Kind::Pad(cnn_core::Pad::new(&[], cnn_core::PadMode::Zeros)),
        LayerWord::PRelu => Kind::PRelu,
        LayerWord::Activation(a) => Kind::Activation(a),
        LayerWord::Dropout => Kind::Dropout(Dropout { p: 0.0 }),
    })
}

/// The hint for an input that looks channels-last, as images are stored (`224x224x3`:
/// a last axis of 1, 3 or 4 after two larger ones); shapes here are channels first.
fn channels_last(nodes: &[Node]) -> Option<String> {
    let Some(Op::Layer(Kind::Input(Shape::Image {
        channels,
        height,
        width,
    }))) = nodes.first().map(|n| n.op)
    else {
        return None;
    };
    (matches!(width, 1 | 3 | 4) && channels > width && height > width).then(|| {
        format!(
            "`input {channels}x{height}x{width}` is {channels} channels of {height}x{width}: \
             shapes are channels first, as in `input {width}x{channels}x{height}`"
        )
    })
}

/// A budget exceeded, on its statement, with the three layers that weigh most.
fn budget_error(
    over: Overrun,
    span: Span,
    layers: &[(usize, Layer<Name>, u64)],
    dtype: Dtype,
) -> syn::Error {
    let metric = over.budget.metric;
    let top = top_three(
        layers
            .iter()
            .map(|(_, l, live)| metric.share(l, *live, dtype)),
    );
    let most: Vec<String> = top
        .iter()
        .flatten()
        .map(|&(i, share)| {
            let name = &layers[i].1.name;
            if metric.is_bytes() {
                format!("{name} ({})", Binary(share))
            } else {
                format!("{name} ({})", Grouped(share))
            }
        })
        .collect();
    let what = match metric {
        Metric::PeakMemory => "the layers with the most activations alive",
        Metric::ActivationMemory => "the largest outputs",
        _ => "the layers that weigh most",
    };
    let mut diag = Diag::new(span, over);
    if !most.is_empty() {
        diag = diag.help(format!("{what}: {}", most.join(", ")));
    }
    diag.into_error(None)
}

/// E11 for a block or branch name given twice (written, or written and numbered):
/// the summary, the graph's clusters and the drawing's frames tell blocks apart by
/// name. The error goes on a written name.
/// Returns the names given twice, under which layer paths repeat as a consequence.
fn check_block_names(
    sites: &[Site],
    mut named: Vec<(usize, String)>,
    errors: &mut Errors,
) -> HashSet<String> {
    let mut twice = HashSet::new();
    named.sort_by_key(|&(id, _)| id);
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(named.len());
    for (id, name) in &named {
        let Some(&earlier) = first.get(name.as_str()) else {
            first.insert(name, *id);
            continue;
        };
        let written = |id: usize| sites.get(id).and_then(|s| s.name);
        let Some(at) = written(*id).or_else(|| written(earlier)) else {
            continue;
        };
        let diag = if earlier == *id {
            Diag::new(
                at.span,
                format!("block name `{name}` is repeated with its `repeat` block"),
            )
            .help("wrap the body in `seq { ... }` to make each pass a module of its own, inside a named `repeat`; or remove the name")
        } else if written(*id).is_none() || written(earlier).is_none() {
            Diag::new(
                at.span,
                format!("block name `{name}` is also the default name of another block"),
            )
            .help(format!(
                "default names count every block of a kind, named ones too: name this one otherwise, as in `{name}_b: ...`"
            ))
        } else {
            Diag::new(at.span, format!("block name `{name}` is given twice"))
                .help("give each block and branch its own name: the summary and the pictures tell them apart by it")
        };
        errors.push(diag.into_error(None));
        twice.insert(name.clone());
        // One error per name.
        first.insert(name, usize::MAX);
    }
    twice
}

/// E11: every layer's path is unique, its const (the path upper-cased, §12) is too,
/// and none shadows a network const. A path under a block named twice (`twice`) repeats
/// because the block does, which is that block's error.
fn check_names(
    sites: &[Site],
    layers: &[(usize, Layer<Name>, u64)],
    twice: &HashSet<String>,
    errors: &mut Errors,
) {
    // By const: the first layer's index, node and path.
    let mut first: HashMap<String, (usize, usize, String)> = HashMap::with_capacity(layers.len());
    let reserved: Vec<&str> = cnn_core::NetworkConst::ALL
        .iter()
        .map(|c| c.name())
        .collect();
    let mut reported: HashSet<usize> = HashSet::new();
    let statement = |id: usize| {
        sites
            .get(id)
            .and_then(|s| match s.op {
                Op::Layer(kind) => Some(format!(" (`{}`)", kind.statement())),
                _ => None,
            })
            .unwrap_or_default()
    };
    for (index, (id, layer, _)) in layers.iter().enumerate() {
        let Some(stmt) = sites.get(*id).and_then(|s| s.stmt) else {
            continue;
        };
        let span = stmt
            .name
            .as_ref()
            .map_or_else(|| stmt.spans.get(Arg::Keyword), |n| n.span);
        let name = layer.name.to_string();
        let under_twice = name
            .match_indices('.')
            .any(|(dot, _)| twice.contains(&name[..dot]));
        if under_twice {
            continue;
        }
        let upper = ConstName(&name).to_string();
        let at = format!("(layer {index})");
        let diag = if reserved.contains(&upper.as_str()) {
            Diag::new(
                span,
                format!("layer name `{name}` clashes with the network's const `{upper}`"),
            )
            .help(format!(
                "name the layer otherwise, as in `{}_layer: ...`",
                name.rsplit('.').next().unwrap_or(&name)
            ))
        } else if let Some((earlier, earlier_id, earlier_name)) = first.get(&upper) {
            let (earlier, earlier_id) = (*earlier, *earlier_id);
            let earlier_written = sites
                .get(earlier_id)
                .and_then(|s| s.stmt)
                .and_then(|s| s.name.as_ref());
            let own = name.rsplit('.').next().unwrap_or(&name);
            if *earlier_name != name {
                Diag::new(
                    span,
                    format!(
                        "layer `{name}` and layer {earlier} `{earlier_name}` give one const, `{upper}`"
                    ),
                )
                .help(format!(
                    "a const is its path upper-cased, every other character `_`: name one otherwise, as in `{own}_b: ...`"
                ))
            } else if earlier_id == *id {
                let help = match name.rsplit_once('.') {
                    Some((level, own)) => format!(
                        "wrap the body in `seq {{ ... }}` to make each pass a module of its own \
                         (`{level}.0.{own}`, `{level}.1.{own}`, ...); or remove the name"
                    ),
                    None => "name the `repeat` and wrap its body in `seq { ... }` to make each \
                             pass a module of its own; or remove the name"
                        .to_string(),
                };
                Diag::new(
                    span,
                    format!("layer path `{name}` is repeated with its `repeat` block"),
                )
                .help(help)
            } else if let (None, Some(written)) = (&stmt.name, earlier_written) {
                // A written name that a later layer's default name runs into: the
                // written one is what the user chose, and can change.
                if !reported.insert(earlier_id) {
                    continue;
                }
                errors.push(
                    Diag::new(
                        written.span,
                        format!("layer name `{name}` is also the default name of layer {index}"),
                    )
                    .help(format!(
                        "default names count every layer of a kind, named ones too: \
                         name this one otherwise, as in `{own}_b: ...`"
                    ))
                    .into_error(Some(&format!("(layer {earlier})"))),
                );
                continue;
            } else {
                Diag::new(
                    span,
                    format!(
                        "path `{name}` is given twice: to layer {earlier}{} and to layer {index}{}",
                        statement(earlier_id),
                        statement(*id)
                    ),
                )
                .help(format!(
                    "paths are unique, as a module's attributes are: name this one otherwise, as in `{own}_b: ...`, or leave it unnamed"
                ))
            }
        } else {
            first.insert(upper, (index, *id, name));
            continue;
        };
        if reported.insert(*id) {
            errors.push(diag.into_error(Some(&at)));
        }
    }
}
