//! Every word of the `cnn!` language, once: statement keywords and their aliases,
//! which word prefixes default layer names, the options and the statements that take
//! them, block and setting words, element types and budget metrics. The parser reads
//! words through these tables, "did you mean" suggests from them, messages name words
//! from them, and the README's and crate docs' tables are checked against them
//! (`tests/docs.rs`): a new word is one entry here, and a row there.

use crate::block::BlockKind;
use crate::error::Arg;
use crate::kind::{Activation, Conv, ConvTranspose, Kind, PadMode};
use crate::measures::{Dtype, Figure, Metric};
use crate::shape::Interpolation;

/// What a statement word introduces, by role: a layer, a block, a block's further
/// part, a setting, or only a layer's name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Keyword {
    /// A layer statement.
    Layer(LayerWord),
    /// A block statement.
    Block(BlockWord),
    /// `shortcut { ... }`, after a `residual` block.
    Shortcut,
    /// `branch { ... }`, inside a merge block.
    Branch,
    /// The concatenation ending a `concat` or `split` block: a layer's name, not a
    /// statement.
    Cat,
    /// `from PATH` (§13): the flow goes on from an earlier statement's output.
    From,
    /// A network-wide setting.
    Setting(SettingWord),
}

/// A layer statement's word.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LayerWord {
    /// `input DIMS`.
    Input,
    /// `conv C kK ...`.
    Conv,
    /// `upconv C kK ...`.
    Upconv,
    /// `pool K ...`.
    MaxPool,
    /// `avgpool K ...`.
    AvgPool,
    /// `gap`.
    Gap,
    /// `adaptiveavgpool DIMS`.
    AdaptiveAvgPool,
    /// `adaptivemaxpool DIMS`.
    AdaptiveMaxPool,
    /// `upsample S [mode]`.
    Upsample,
    /// `resize DIMS [mode]`.
    Resize,
    /// `flatten`.
    Flatten,
    /// `dense N`.
    Dense,
    /// `output N`: a `dense` layer named `output`.
    Output,
    /// `bn`.
    BatchNorm,
    /// `ln`.
    LayerNorm,
    /// `gn G`.
    GroupNorm,
    /// `layerscale`.
    LayerScale,
    /// `droppath P`.
    DropPath,
    /// `shuffle G`.
    Shuffle,
    /// `pixelshuffle R`.
    PixelShuffle,
    /// `pixelunshuffle R`.
    PixelUnshuffle,
    /// `instancenorm [affine]`.
    InstanceNorm,
    /// `pad (A, B, ...) [mode]`.
    Pad,
    /// `prelu`.
    PRelu,
    /// An activation, with PyTorch's default argument where it takes one.
    Activation(Activation),
    /// `dropout P`.
    Dropout,
}

/// A block statement's word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockWord {
    /// `residual { ... }`.
    Residual,
    /// `repeat N { ... }`.
    Repeat,
    /// `seq { ... }`.
    Seq,
    /// `channelslast { ... }`.
    ChannelsLast,
    /// `head { ... }`.
    Head,
    /// `concat { branch { ... } ... }`.
    Concat,
    /// `add { branch { ... } ... }`; also the name of the sums ending `residual` blocks.
    Add,
    /// `mul { branch { ... } ... }`; also the name of the products ending `mul` and
    /// `scale` blocks.
    Mul,
    /// `scale { ... }`.
    Scale,
    /// `split { branch { ... } ... }`.
    Split,
}

impl BlockWord {
    /// The merge block this word opens, or `None` for `residual` and `repeat`, which
    /// take no branches. The one mapping from merge words to blocks: a new merge word
    /// is a compile error here.
    pub const fn merge(self) -> Option<BlockKind> {
        match self {
            BlockWord::Concat => Some(BlockKind::Concat),
            BlockWord::Add => Some(BlockKind::Add),
            BlockWord::Mul => Some(BlockKind::Mul),
            BlockWord::Scale => Some(BlockKind::Scale),
            BlockWord::Split => Some(BlockKind::Split),
            BlockWord::Residual
            | BlockWord::Repeat
            | BlockWord::Seq
            | BlockWord::ChannelsLast
            | BlockWord::Head => None,
        }
    }
}

/// A setting's word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingWord {
    /// `dtype TYPE`.
    Dtype,
    /// `budget METRIC <= LIMIT`.
    Budget,
    /// `crate = PATH`.
    Crate,
    /// `expect FIGURE VALUE`.
    Expect,
}

/// How a statement word is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The word messages and docs name the statement by, listed among the layers
    /// ("the layers are ..."); it also prefixes default names unless another word of
    /// the statement does.
    Keyword,
    /// Another word for the same statement (`fc` for `dense`).
    Alias,
    /// An alias that also prefixes the default names of the statement's layers, as
    /// PyTorch's class does (`conv2d1`, `maxpool1`).
    Names,
    /// A word written at the top level or in its place, not a layer: settings and
    /// `shortcut`; or a word that only names layers (`add`).
    Other,
    /// A word for the statement that insists on inputs of one rank (`maxpool1d`, E16
    /// on another).
    Rank(u8),
    /// A word that insists on one rank and is also the prefix of default names at that
    /// rank, as PyTorch's classes are (`conv1d1`, `conv2d1`, `conv3d1`).
    RankNames(u8),
}

/// One statement word.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Word {
    /// As written.
    pub text: &'static str,
    /// What it introduces.
    pub keyword: Keyword,
    /// How it is used.
    pub role: Role,
}

const fn word(text: &'static str, keyword: Keyword, role: Role) -> Word {
    Word {
        text,
        keyword,
        role,
    }
}

const fn act(i: usize) -> Keyword {
    Keyword::Layer(LayerWord::Activation(Activation::ALL[i]))
}

/// Every statement word, in the order of the language reference.
pub const WORDS: &[Word] = &[
    word("input", Keyword::Layer(LayerWord::Input), Role::Keyword),
    word("conv", Keyword::Layer(LayerWord::Conv), Role::Keyword),
    word(
        "conv1d",
        Keyword::Layer(LayerWord::Conv),
        Role::RankNames(1),
    ),
    word(
        "conv2d",
        Keyword::Layer(LayerWord::Conv),
        Role::RankNames(2),
    ),
    word(
        "conv3d",
        Keyword::Layer(LayerWord::Conv),
        Role::RankNames(3),
    ),
    word("upconv", Keyword::Layer(LayerWord::Upconv), Role::Keyword),
    word(
        "convtranspose",
        Keyword::Layer(LayerWord::Upconv),
        Role::Alias,
    ),
    word(
        "convtranspose1d",
        Keyword::Layer(LayerWord::Upconv),
        Role::RankNames(1),
    ),
    word(
        "convtranspose2d",
        Keyword::Layer(LayerWord::Upconv),
        Role::RankNames(2),
    ),
    word(
        "convtranspose3d",
        Keyword::Layer(LayerWord::Upconv),
        Role::RankNames(3),
    ),
    word("pool", Keyword::Layer(LayerWord::MaxPool), Role::Keyword),
    word("maxpool", Keyword::Layer(LayerWord::MaxPool), Role::Names),
    word(
        "maxpool1d",
        Keyword::Layer(LayerWord::MaxPool),
        Role::Rank(1),
    ),
    word(
        "maxpool2d",
        Keyword::Layer(LayerWord::MaxPool),
        Role::Rank(2),
    ),
    word(
        "maxpool3d",
        Keyword::Layer(LayerWord::MaxPool),
        Role::Rank(3),
    ),
    word("avgpool", Keyword::Layer(LayerWord::AvgPool), Role::Keyword),
    word(
        "avgpool1d",
        Keyword::Layer(LayerWord::AvgPool),
        Role::Rank(1),
    ),
    word(
        "avgpool2d",
        Keyword::Layer(LayerWord::AvgPool),
        Role::Rank(2),
    ),
    word(
        "avgpool3d",
        Keyword::Layer(LayerWord::AvgPool),
        Role::Rank(3),
    ),
    word("gap", Keyword::Layer(LayerWord::Gap), Role::Keyword),
    word("globalavgpool", Keyword::Layer(LayerWord::Gap), Role::Alias),
    word(
        "adaptiveavgpool",
        Keyword::Layer(LayerWord::AdaptiveAvgPool),
        Role::Keyword,
    ),
    word(
        "adaptivepool",
        Keyword::Layer(LayerWord::AdaptiveAvgPool),
        Role::Alias,
    ),
    word(
        "adaptivemaxpool",
        Keyword::Layer(LayerWord::AdaptiveMaxPool),
        Role::Keyword,
    ),
    word(
        "upsample",
        Keyword::Layer(LayerWord::Upsample),
        Role::Keyword,
    ),
    word("resize", Keyword::Layer(LayerWord::Resize), Role::Keyword),
    word("flatten", Keyword::Layer(LayerWord::Flatten), Role::Keyword),
    word("dense", Keyword::Layer(LayerWord::Dense), Role::Keyword),
    word("fc", Keyword::Layer(LayerWord::Dense), Role::Alias),
    word("linear", Keyword::Layer(LayerWord::Dense), Role::Alias),
    word("output", Keyword::Layer(LayerWord::Output), Role::Keyword),
    word("bn", Keyword::Layer(LayerWord::BatchNorm), Role::Keyword),
    word(
        "batchnorm",
        Keyword::Layer(LayerWord::BatchNorm),
        Role::Alias,
    ),
    word("ln", Keyword::Layer(LayerWord::LayerNorm), Role::Keyword),
    word(
        "layernorm",
        Keyword::Layer(LayerWord::LayerNorm),
        Role::Alias,
    ),
    word("gn", Keyword::Layer(LayerWord::GroupNorm), Role::Keyword),
    word(
        "groupnorm",
        Keyword::Layer(LayerWord::GroupNorm),
        Role::Alias,
    ),
    word(
        "layerscale",
        Keyword::Layer(LayerWord::LayerScale),
        Role::Keyword,
    ),
    word("relu", act(0), Role::Keyword),
    word("relu6", act(1), Role::Keyword),
    word("leaky_relu", act(2), Role::Keyword),
    word("elu", act(3), Role::Keyword),
    word("gelu", act(4), Role::Keyword),
    word("silu", act(5), Role::Keyword),
    word("swish", act(5), Role::Alias),
    word("sigmoid", act(6), Role::Keyword),
    word("tanh", act(7), Role::Keyword),
    word("hardswish", act(8), Role::Keyword),
    word("softmax", act(9), Role::Keyword),
    word("hardsigmoid", act(10), Role::Keyword),
    word("mish", act(11), Role::Keyword),
    word("hardtanh", act(12), Role::Keyword),
    word("logsoftmax", act(13), Role::Keyword),
    word("prelu", Keyword::Layer(LayerWord::PRelu), Role::Keyword),
    word("dropout", Keyword::Layer(LayerWord::Dropout), Role::Keyword),
    word(
        "droppath",
        Keyword::Layer(LayerWord::DropPath),
        Role::Keyword,
    ),
    word(
        "stochasticdepth",
        Keyword::Layer(LayerWord::DropPath),
        Role::Alias,
    ),
    word("shuffle", Keyword::Layer(LayerWord::Shuffle), Role::Keyword),
    word(
        "pixelshuffle",
        Keyword::Layer(LayerWord::PixelShuffle),
        Role::Keyword,
    ),
    word(
        "pixelunshuffle",
        Keyword::Layer(LayerWord::PixelUnshuffle),
        Role::Keyword,
    ),
    word(
        "instancenorm",
        Keyword::Layer(LayerWord::InstanceNorm),
        Role::Keyword,
    ),
    word("in", Keyword::Layer(LayerWord::InstanceNorm), Role::Alias),
    word("pad", Keyword::Layer(LayerWord::Pad), Role::Keyword),
    word(
        "channelshuffle",
        Keyword::Layer(LayerWord::Shuffle),
        Role::Alias,
    ),
    word(
        "residual",
        Keyword::Block(BlockWord::Residual),
        Role::Keyword,
    ),
    word("repeat", Keyword::Block(BlockWord::Repeat), Role::Keyword),
    word("seq", Keyword::Block(BlockWord::Seq), Role::Keyword),
    word("head", Keyword::Block(BlockWord::Head), Role::Keyword),
    word(
        "channelslast",
        Keyword::Block(BlockWord::ChannelsLast),
        Role::Keyword,
    ),
    word("shortcut", Keyword::Shortcut, Role::Other),
    word("concat", Keyword::Block(BlockWord::Concat), Role::Keyword),
    word("add", Keyword::Block(BlockWord::Add), Role::Keyword),
    word("mul", Keyword::Block(BlockWord::Mul), Role::Keyword),
    word("scale", Keyword::Block(BlockWord::Scale), Role::Keyword),
    word("split", Keyword::Block(BlockWord::Split), Role::Keyword),
    word("branch", Keyword::Branch, Role::Other),
    word("cat", Keyword::Cat, Role::Other),
    word("from", Keyword::From, Role::Keyword),
    word("dtype", Keyword::Setting(SettingWord::Dtype), Role::Other),
    word("budget", Keyword::Setting(SettingWord::Budget), Role::Other),
    word("crate", Keyword::Setting(SettingWord::Crate), Role::Other),
    word("expect", Keyword::Setting(SettingWord::Expect), Role::Other),
];

impl Keyword {
    /// Whether two keywords are the same statement (activations whatever their
    /// argument).
    pub fn is(self, other: Keyword) -> bool {
        match (self, other) {
            (
                Keyword::Layer(LayerWord::Activation(a)),
                Keyword::Layer(LayerWord::Activation(b)),
            ) => a.index() == b.index(),
            (a, b) => a == b,
        }
    }

    /// The word of `text`, if it is one.
    pub fn of(text: &str) -> Option<Keyword> {
        WORDS.iter().find(|w| w.text == text).map(|w| w.keyword)
    }

    /// The word that names the statement: `conv`, `pool`.
    pub fn word(self) -> &'static str {
        self.find(|r| matches!(r, Role::Keyword | Role::Other))
    }

    /// The prefix of default names of this statement's layers and blocks in a network
    /// of `rank` spatial axes: `conv2d` (`conv1d` at rank 1), `maxpool`, `relu`.
    pub fn prefix(self, rank: u8) -> &'static str {
        let names = WORDS
            .iter()
            .find(|w| w.keyword.is(self) && matches!(w.role, Role::RankNames(r) if r == rank));
        // A flat network names its convolutions as 2-D ones.
        let names = names.or_else(|| {
            WORDS
                .iter()
                .find(|w| w.keyword.is(self) && matches!(w.role, Role::Names | Role::RankNames(2)))
        });
        names.map_or_else(|| self.word(), |w| w.text)
    }

    /// The word of this statement that insists on `rank` (`conv1d`), if there is one.
    pub fn ranked(self, rank: u8) -> Option<&'static str> {
        WORDS
            .iter()
            .find(|w| {
                w.keyword.is(self)
                    && matches!(w.role, Role::Rank(r) | Role::RankNames(r) if r == rank)
            })
            .map(|w| w.text)
    }

    /// The rank a statement word insists on: 1 for `conv1d`, `None` for `conv`.
    pub fn rank_of(text: &str) -> Option<u8> {
        WORDS
            .iter()
            .find(|w| w.text == text)
            .and_then(|w| match w.role {
                Role::Rank(r) | Role::RankNames(r) => Some(r),
                Role::Keyword | Role::Alias | Role::Names | Role::Other => None,
            })
    }

    fn find(self, role: impl Fn(Role) -> bool) -> &'static str {
        WORDS
            .iter()
            .find(|w| w.keyword.is(self) && role(w.role))
            .map_or("", |w| w.text)
    }

    /// Whether it starts a further part of the block before it (`shortcut`).
    pub const fn is_part(self) -> bool {
        matches!(self, Keyword::Shortcut)
    }

    /// Whether it is a network-wide setting (`dtype`, `budget`, `crate`).
    pub const fn is_setting(self) -> bool {
        matches!(self, Keyword::Setting(_))
    }
}

/// The statement words a user writes as layers and blocks, for "the layers are ..."
/// lists and suggestions: each statement's keyword.
pub fn keywords() -> impl Iterator<Item = &'static str> {
    WORDS
        .iter()
        .filter(|w| w.role == Role::Keyword)
        .map(|w| w.text)
}

/// What an option sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionWord {
    /// `kK`, `kKHxKW`.
    Kernel,
    /// `sS`.
    Stride,
    /// `pP`.
    Padding,
    /// `same`: Keras' padding.
    Same,
    /// `valid`: no padding.
    Valid,
    /// `dD`.
    Dilation,
    /// `gG`.
    Groups,
    /// `dw`: depthwise.
    Depthwise,
    /// `nobias`.
    NoBias,
    /// `ceil`: PyTorch's `ceil_mode`.
    Ceil,
    /// `opO`: a transposed convolution's output padding.
    OutputPadding,
    /// `nearest`, `bilinear`, ...: how `upsample` and `resize` interpolate.
    Mode(Interpolation),
    /// `eps E`: a normalization's epsilon.
    Eps,
    /// `momentum M`: BatchNorm's running-statistics momentum.
    Momentum,
    /// `affine`: an instance normalization's learnable scale and shift.
    Affine,
    /// `zeros`, `reflect`, `replicate`, `circular`: how `pad` fills.
    PadMode(PadMode),
}

/// What follows an option's word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// Nothing: `same`.
    None,
    /// One number, or one per axis: `k3`, `k3x5`.
    PerAxis,
    /// One number: `g4`.
    Single,
    /// A real number after the word and a space, as PyTorch's keyword arguments:
    /// `eps 1e-3`.
    Real,
}

/// One option: its word, what follows it, what it sets (options that set the same
/// thing exclude each other), and the statements that take it.
#[derive(Clone, Copy, Debug)]
pub struct Opt {
    /// As written, before its value: `k`, `same`.
    pub word: &'static str,
    /// What it is.
    pub option: OptionWord,
    /// What follows it.
    pub value: Value,
    /// What it sets, as messages say it: "the kernel".
    pub sets: &'static str,
    /// The statements that take it.
    pub on: &'static [Keyword],
}

impl Opt {
    /// Whether a number follows it.
    pub const fn takes_number(&self) -> bool {
        !matches!(self.value, Value::None)
    }

    /// How messages name it: `kK` for one that takes a number, `same` otherwise.
    pub fn name(&self) -> OptionName {
        OptionName(*self)
    }
}

/// An option as messages name it; see [`Opt::name`].
#[derive(Clone, Copy, Debug)]
pub struct OptionName(Opt);

impl core::fmt::Display for OptionName {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let o = self.0;
        f.write_str(o.word)?;
        // The value's placeholder is the word's first letter: `kK`, `opO`, `eps E`.
        let space = if o.value == Value::Real { " " } else { "" };
        if let (true, Some(c)) = (o.takes_number(), o.word.chars().next()) {
            write!(f, "{space}{}", c.to_ascii_uppercase())?;
        }
        Ok(())
    }
}

const CONV: &[Keyword] = &[Keyword::Layer(LayerWord::Conv)];
const CONVS: &[Keyword] = &[
    Keyword::Layer(LayerWord::Conv),
    Keyword::Layer(LayerWord::Upconv),
];
const UPCONV: &[Keyword] = &[Keyword::Layer(LayerWord::Upconv)];
const NORMS: &[Keyword] = &[
    Keyword::Layer(LayerWord::BatchNorm),
    Keyword::Layer(LayerWord::LayerNorm),
    Keyword::Layer(LayerWord::GroupNorm),
    Keyword::Layer(LayerWord::InstanceNorm),
];
const INSTANCE_NORM: &[Keyword] = &[Keyword::Layer(LayerWord::InstanceNorm)];
const PAD: &[Keyword] = &[Keyword::Layer(LayerWord::Pad)];
const BATCH_NORM: &[Keyword] = &[Keyword::Layer(LayerWord::BatchNorm)];
const POOL: &[Keyword] = &[
    Keyword::Layer(LayerWord::MaxPool),
    Keyword::Layer(LayerWord::AvgPool),
];
const WINDOWED: &[Keyword] = &[
    Keyword::Layer(LayerWord::Conv),
    Keyword::Layer(LayerWord::Upconv),
    Keyword::Layer(LayerWord::MaxPool),
    Keyword::Layer(LayerWord::AvgPool),
];
const BIASED: &[Keyword] = &[
    Keyword::Layer(LayerWord::Conv),
    Keyword::Layer(LayerWord::Upconv),
    Keyword::Layer(LayerWord::Dense),
    Keyword::Layer(LayerWord::Output),
];
const RESAMPLING: &[Keyword] = &[
    Keyword::Layer(LayerWord::Upsample),
    Keyword::Layer(LayerWord::Resize),
];

const fn pad_mode(mode: PadMode) -> Opt {
    opt(
        mode.word(),
        OptionWord::PadMode(mode),
        Value::None,
        "the padding mode",
        PAD,
    )
}

const fn mode(word: &'static str, mode: Interpolation) -> Opt {
    opt(
        word,
        OptionWord::Mode(mode),
        Value::None,
        "the mode",
        RESAMPLING,
    )
}

const fn opt(
    word: &'static str,
    option: OptionWord,
    value: Value,
    sets: &'static str,
    on: &'static [Keyword],
) -> Opt {
    Opt {
        word,
        option,
        value,
        sets,
        on,
    }
}

/// Every option, in the order messages list them.
pub const OPTIONS: &[Opt] = &[
    opt("k", OptionWord::Kernel, Value::PerAxis, "the kernel", CONVS),
    opt(
        "s",
        OptionWord::Stride,
        Value::PerAxis,
        "the stride",
        WINDOWED,
    ),
    opt(
        "p",
        OptionWord::Padding,
        Value::PerAxis,
        "the padding",
        WINDOWED,
    ),
    opt("same", OptionWord::Same, Value::None, "the padding", CONV),
    opt("valid", OptionWord::Valid, Value::None, "the padding", CONV),
    opt(
        "op",
        OptionWord::OutputPadding,
        Value::PerAxis,
        "the output padding",
        UPCONV,
    ),
    opt(
        "d",
        OptionWord::Dilation,
        Value::PerAxis,
        "the dilation",
        CONVS,
    ),
    opt(
        "g",
        OptionWord::Groups,
        Value::Single,
        "the group count",
        CONVS,
    ),
    opt(
        "dw",
        OptionWord::Depthwise,
        Value::None,
        "the group count",
        CONV,
    ),
    opt(
        "nobias",
        OptionWord::NoBias,
        Value::None,
        "the bias",
        BIASED,
    ),
    opt("ceil", OptionWord::Ceil, Value::None, "the rounding", POOL),
    opt("eps", OptionWord::Eps, Value::Real, "eps", NORMS),
    opt(
        "affine",
        OptionWord::Affine,
        Value::None,
        "the affine parameters",
        INSTANCE_NORM,
    ),
    opt(
        "momentum",
        OptionWord::Momentum,
        Value::Real,
        "the momentum",
        BATCH_NORM,
    ),
    pad_mode(PadMode::Zeros),
    pad_mode(PadMode::Reflect),
    pad_mode(PadMode::Replicate),
    pad_mode(PadMode::Circular),
    mode("nearest", Interpolation::Nearest),
    mode("linear", Interpolation::Linear),
    mode("bilinear", Interpolation::Bilinear),
    mode("bicubic", Interpolation::Bicubic),
    mode("trilinear", Interpolation::Trilinear),
];

/// The options `keyword` takes, in the order messages list them.
pub fn options(keyword: Keyword) -> impl Iterator<Item = &'static Opt> {
    OPTIONS
        .iter()
        .filter(move |o| o.on.iter().any(|k| k.is(keyword)))
}

impl OptionWord {
    /// Its entry in [`OPTIONS`].
    pub fn opt(self) -> &'static Opt {
        let found = OPTIONS.iter().find(|o| o.option == self);
        // Every option has its entry: the table's test checks each.
        found.unwrap_or(&OPTIONS[0])
    }
}

impl OptionWord {
    /// The argument it sets, for errors on its token; `None` for `nobias` and `ceil`,
    /// which no error is about.
    pub const fn arg(self) -> Option<Arg> {
        match self {
            OptionWord::Kernel => Some(Arg::Kernel),
            OptionWord::Stride => Some(Arg::Stride),
            OptionWord::Padding | OptionWord::Same | OptionWord::Valid => Some(Arg::Padding),
            OptionWord::Dilation => Some(Arg::Dilation),
            OptionWord::Groups | OptionWord::Depthwise => Some(Arg::Groups),
            OptionWord::OutputPadding => Some(Arg::OutputPadding),
            OptionWord::Mode(_) | OptionWord::PadMode(_) => Some(Arg::Mode),
            OptionWord::Eps => Some(Arg::Eps),
            OptionWord::Momentum => Some(Arg::Momentum),
            OptionWord::NoBias | OptionWord::Ceil | OptionWord::Affine => None,
        }
    }
}

/// The element types, as `dtype` names them.
pub const DTYPES: &[(&str, Dtype)] = &[
    ("f32", Dtype::F32),
    ("f16", Dtype::F16),
    ("bf16", Dtype::Bf16),
    ("i8", Dtype::I8),
];

/// What budgets limit, as `budget` names them.
pub const METRICS: &[(&str, Metric)] = &[
    ("params", Metric::Params),
    ("macs", Metric::Macs),
    ("param_memory", Metric::ParamMemory),
    ("activation_memory", Metric::ActivationMemory),
    ("peak_memory", Metric::PeakMemory),
];

/// The figures an `expect` statement pins, by their DSL names.
pub const FIGURES: &[(&str, Figure)] = &[
    ("params", Figure::Params),
    ("non_trainable", Figure::NonTrainable),
    ("macs", Figure::Macs),
    ("output", Figure::Output),
];

impl Figure {
    /// The DSL's name: `params`, `output`.
    pub fn keyword(self) -> &'static str {
        FIGURES
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(w, _)| w)
    }
}

impl Dtype {
    /// The DSL's name: `f32`, `f16`, `bf16`, `i8`.
    pub fn keyword(self) -> &'static str {
        DTYPES
            .iter()
            .find(|(_, d)| *d == self)
            .map_or("", |(w, _)| w)
    }
}

impl Metric {
    /// The DSL's name: `params`, `peak_memory`.
    pub fn keyword(self) -> &'static str {
        METRICS
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("", |(w, _)| w)
    }
}

impl Interpolation {
    /// The DSL's word: `nearest`, `bilinear`.
    pub fn keyword(self) -> &'static str {
        OptionWord::Mode(self).opt().word
    }
}

impl Activation {
    /// The DSL keyword, which is also the prefix of default layer names.
    pub fn keyword(self) -> &'static str {
        Keyword::Layer(LayerWord::Activation(self)).word()
    }
}

impl Kind {
    /// The statement that writes this kind of layer.
    pub const fn keyword(&self) -> Keyword {
        match *self {
            Kind::Input(_) => Keyword::Layer(LayerWord::Input),
            Kind::Conv(_) => Keyword::Layer(LayerWord::Conv),
            Kind::ConvTranspose(_) => Keyword::Layer(LayerWord::Upconv),
            Kind::AdaptiveAvgPool(_) => Keyword::Layer(LayerWord::AdaptiveAvgPool),
            Kind::AdaptiveMaxPool(_) => Keyword::Layer(LayerWord::AdaptiveMaxPool),
            Kind::Upsample(_) => Keyword::Layer(LayerWord::Upsample),
            Kind::Resize(_) => Keyword::Layer(LayerWord::Resize),
            Kind::MaxPool(_) => Keyword::Layer(LayerWord::MaxPool),
            Kind::AvgPool(_) => Keyword::Layer(LayerWord::AvgPool),
            Kind::GlobalAvgPool => Keyword::Layer(LayerWord::Gap),
            Kind::Flatten => Keyword::Layer(LayerWord::Flatten),
            Kind::Dense(_) | Kind::Linear(_) => Keyword::Layer(LayerWord::Dense),
            Kind::BatchNorm(_) => Keyword::Layer(LayerWord::BatchNorm),
            Kind::LayerNorm(_) => Keyword::Layer(LayerWord::LayerNorm),
            Kind::GroupNorm(_, _) => Keyword::Layer(LayerWord::GroupNorm),
            Kind::LayerScale => Keyword::Layer(LayerWord::LayerScale),
            Kind::DropPath(_) => Keyword::Layer(LayerWord::DropPath),
            Kind::Shuffle(_) => Keyword::Layer(LayerWord::Shuffle),
            Kind::PixelShuffle(_) => Keyword::Layer(LayerWord::PixelShuffle),
            Kind::PixelUnshuffle(_) => Keyword::Layer(LayerWord::PixelUnshuffle),
            Kind::InstanceNorm(_, _) => Keyword::Layer(LayerWord::InstanceNorm),
            Kind::Pad(_) => Keyword::Layer(LayerWord::Pad),
            Kind::PRelu => Keyword::Layer(LayerWord::PRelu),
            Kind::Activation(a) => Keyword::Layer(LayerWord::Activation(a)),
            Kind::Dropout(_) => Keyword::Layer(LayerWord::Dropout),
            Kind::Add => Keyword::Block(BlockWord::Add),
            Kind::Cat => Keyword::Cat,
            Kind::From(_) => Keyword::From,
            Kind::Mul => Keyword::Block(BlockWord::Mul),
        }
    }

    /// The prefix of this kind's default layer names in a network of `rank` spatial
    /// axes (`conv2d` in `conv2d1`): a convolution's carries the rank its keyword
    /// insists on, or the network's.
    pub fn prefix(&self, rank: u8) -> &'static str {
        let rank = match self {
            Kind::Conv(Conv { rank: Some(r), .. })
            | Kind::ConvTranspose(ConvTranspose { rank: Some(r), .. }) => *r,
            _ => rank,
        };
        self.keyword().prefix(rank)
    }
}

impl BlockKind {
    /// The statement that writes this kind of block.
    pub const fn keyword(self) -> Keyword {
        match self {
            BlockKind::Residual => Keyword::Block(BlockWord::Residual),
            BlockKind::Shortcut => Keyword::Shortcut,
            BlockKind::Repeat(_) => Keyword::Block(BlockWord::Repeat),
            BlockKind::Seq => Keyword::Block(BlockWord::Seq),
            BlockKind::ChannelsLast => Keyword::Block(BlockWord::ChannelsLast),
            BlockKind::Head => Keyword::Block(BlockWord::Head),
            BlockKind::Concat => Keyword::Block(BlockWord::Concat),
            BlockKind::Add => Keyword::Block(BlockWord::Add),
            BlockKind::Mul => Keyword::Block(BlockWord::Mul),
            BlockKind::Scale => Keyword::Block(BlockWord::Scale),
            BlockKind::Split => Keyword::Block(BlockWord::Split),
            BlockKind::Branch => Keyword::Branch,
        }
    }

    /// The prefix of default block names (`residual` in `residual1`).
    pub fn prefix(self) -> &'static str {
        self.keyword().prefix(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_found_and_named() {
        for o in OPTIONS {
            assert_eq!(o.option.opt().word, o.word);
        }
        for w in WORDS {
            assert!(Keyword::of(w.text).is_some_and(|k| k.is(w.keyword)));
            assert!(!w.keyword.word().is_empty(), "{}", w.text);
        }
        for d in Dtype::ALL {
            assert!(!d.keyword().is_empty());
        }
        for m in Metric::ALL {
            assert!(!m.keyword().is_empty());
        }
        for m in Interpolation::ALL {
            assert_eq!(OptionWord::Mode(m).opt().option, OptionWord::Mode(m));
        }
        assert_eq!(
            Keyword::Layer(LayerWord::Upconv).prefix(2),
            "convtranspose2d"
        );
        assert_eq!(
            Keyword::Layer(LayerWord::Upconv).prefix(3),
            "convtranspose3d"
        );
        // The prefixes of default names, as PyTorch's classes name them.
        assert_eq!(Keyword::Layer(LayerWord::Conv).prefix(2), "conv2d");
        assert_eq!(Keyword::Layer(LayerWord::Conv).prefix(1), "conv1d");
        assert_eq!(Keyword::Layer(LayerWord::Conv).prefix(3), "conv3d");
        assert_eq!(Keyword::Layer(LayerWord::Conv).prefix(0), "conv2d");
        assert_eq!(Keyword::Layer(LayerWord::MaxPool).prefix(1), "maxpool");
        assert_eq!(
            Keyword::Layer(LayerWord::Activation(Activation::Silu)).prefix(2),
            "silu"
        );
        assert_eq!(Keyword::Block(BlockWord::Add).prefix(2), "add");
        assert_eq!(Keyword::rank_of("maxpool3d"), Some(3));
        assert_eq!(Keyword::rank_of("conv"), None);
        assert_eq!(
            Keyword::Layer(LayerWord::AvgPool).ranked(1),
            Some("avgpool1d")
        );
        assert_eq!(Keyword::Layer(LayerWord::Conv).word(), "conv");
    }
}
