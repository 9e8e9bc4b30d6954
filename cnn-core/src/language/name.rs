//! Layer and block names: PyTorch's module paths (§12), written or numbered.

use crate::block::BlockKind;
use crate::kind::Kind;
use crate::words::{Keyword, LayerWord, WORDS};
use core::fmt;

/// One segment of a path: a name written in the network, a kind's default name, or a
/// statement's position in its level (as `nn.Sequential` numbers its modules).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Segment<'a> {
    /// A name written in the network (one segment, or several joined by dots, as
    /// `"inner_blocks.2.0"` is), or a kind's fixed name (`input`).
    Given(&'a str),
    /// A default name: `prefix` followed by `number` (`conv2d3`, or `relu6_1` after a
    /// digit), which layers outside every level and transparent blocks keep.
    Numbered {
        /// The kind's prefix, [`Kind::prefix`] or [`BlockKind::prefix`].
        prefix: &'static str,
        /// The number among the layers or blocks of that kind, from 1.
        number: u64,
    },
    /// The statement's position in its level, from 0.
    Position(u64),
}

impl fmt::Display for Segment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Segment::Given(name) => f.write_str(name),
            Segment::Numbered { prefix, number } => {
                let sep = match prefix.as_bytes().last() {
                    Some(b) if b.is_ascii_digit() => "_",
                    _ => "",
                };
                write!(f, "{prefix}{sep}{number}")
            }
            Segment::Position(n) => write!(f, "{n}"),
        }
    }
}

/// The most segments a path has: one per level it is in, and its own. Levels nest at
/// most 15 deep (a level deeper is an error, `ErrorKind::PathTooDeep`), well past
/// torchvision's deepest path (`trunk_output.block4.block4-5.f.se.fc1`, six): a path is
/// a value copied through evaluation, which a user's unoptimized build of the macro
/// pays for by its size.
pub const MAX_SEGMENTS: usize = 16;

/// A layer's or block's name: its path of [`Segment`]s, displayed joined by dots as
/// PyTorch's `state_dict()` keys are (`layer1.0.conv1`), or its one segment outside
/// every level (`conv2d1`, `stem`). Kept without an allocator: a fixed array.
///
/// ```
/// use cnn_core::{Name, Segment};
/// let block = Name::of(Segment::Given("layer1")).child(Segment::Position(0));
/// assert_eq!(block.child(Segment::Given("conv1")).to_string(), "layer1.0.conv1");
/// assert_eq!(Name::of(Segment::Numbered { prefix: "conv2d", number: 3 }).to_string(), "conv2d3");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Name<'a> {
    segments: [Segment<'a>; MAX_SEGMENTS],
    len: usize,
}

impl<'a> Name<'a> {
    /// The path of one segment.
    pub const fn of(segment: Segment<'a>) -> Name<'a> {
        let mut segments = [Segment::Position(0); MAX_SEGMENTS];
        segments[0] = segment;
        Name { segments, len: 1 }
    }

    /// A name written, or fixed (`input`), outside every level.
    pub const fn given(name: &'a str) -> Name<'a> {
        Name::of(Segment::Given(name))
    }

    /// The path of a statement in this level: this path, a dot, `segment`. Levels nest
    /// no deeper than blocks do, so the segment always fits.
    #[must_use]
    pub const fn child(self, segment: Segment<'a>) -> Name<'a> {
        let mut name = self;
        if name.len < MAX_SEGMENTS {
            name.segments[name.len] = segment;
            name.len += 1;
        }
        name
    }

    /// Its segments, outermost first.
    pub fn segments(&self) -> &[Segment<'a>] {
        &self.segments[..self.len]
    }
}

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments().iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            segment.fmt(f)?;
        }
        Ok(())
    }
}

/// The const a path becomes (§12): upper-cased, every character but an ASCII letter or
/// digit written `_`, and a `_` before it when it would not start an identifier
/// (`0.conv` is `_0_CONV`). Two paths may give one const: the macro refuses that (E11).
///
/// ```
/// use cnn_core::ConstName;
/// assert_eq!(ConstName("layer1.0.conv1").to_string(), "LAYER1_0_CONV1");
/// assert_eq!(ConstName("trunk_output.block1.block1-0.proj.0").to_string(),
///            "TRUNK_OUTPUT_BLOCK1_BLOCK1_0_PROJ_0");
/// assert_eq!(ConstName("0").to_string(), "_0");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ConstName<'a>(pub &'a str);

impl fmt::Display for ConstName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        // An identifier starts with a letter, or with `_` and holds more than `_`s.
        let letter = self.0.starts_with(|c: char| c.is_ascii_alphabetic());
        let underscore =
            self.0.starts_with('_') && self.0.contains(|c: char| c.is_ascii_alphanumeric());
        if !letter && !underscore {
            f.write_char('_')?;
        }
        self.0.chars().try_for_each(|c| {
            f.write_char(if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            })
        })
    }
}

/// Gives layers and blocks their own segment: the written one, `input` for the input,
/// or the kind's prefix and its number among those of its kind so far. Every layer
/// counts, named or not, so that naming one never renames another.
///
/// ```
/// use cnn_core::{Kind, Namer, Norm};
/// let mut namer = Namer::default();
/// assert_eq!(namer.name(None, &Kind::BatchNorm(Norm::DEFAULT)).to_string(), "bn1");
/// assert_eq!(namer.name(Some("norm"), &Kind::BatchNorm(Norm::DEFAULT)).to_string(), "norm");
/// assert_eq!(namer.name(None, &Kind::BatchNorm(Norm::DEFAULT)).to_string(), "bn3");
/// ```
#[derive(Clone, Debug)]
pub struct Namer {
    /// The network's spatial rank, which convolutions' names carry (`conv1d1`).
    rank: u8,
    /// One counter per word of the language for layers, and one for blocks: each prefix
    /// is a word of its own, and an `add` block and its sum are counted apart.
    layers: [u64; WORDS.len()],
    blocks: [u64; WORDS.len()],
}

impl Default for Namer {
    fn default() -> Self {
        Namer::new(2)
    }
}

impl Namer {
    /// A namer for a network of `rank` spatial axes (its input's).
    pub fn new(rank: u8) -> Self {
        Namer {
            rank,
            layers: [0; WORDS.len()],
            blocks: [0; WORDS.len()],
        }
    }

    /// The segment of the next layer, of kind `kind`, written as `written` if it was
    /// named.
    pub fn name<'a>(&mut self, written: Option<&'a str>, kind: &Kind) -> Segment<'a> {
        match (written, kind) {
            (None, Kind::Input(_)) => Segment::Given(Keyword::Layer(LayerWord::Input).word()),
            _ => Self::next(&mut self.layers, written, kind.prefix(self.rank)),
        }
    }

    /// The segment of the next block of kind `kind`.
    pub fn block<'a>(&mut self, written: Option<&'a str>, kind: BlockKind) -> Segment<'a> {
        Self::next(&mut self.blocks, written, kind.prefix())
    }

    fn next<'a>(
        counters: &mut [u64; WORDS.len()],
        written: Option<&'a str>,
        prefix: &'static str,
    ) -> Segment<'a> {
        // Every prefix is in the table; an unknown one would share the last counter.
        let slot = WORDS
            .iter()
            .position(|w| w.text == prefix)
            .unwrap_or(WORDS.len() - 1);
        counters[slot] += 1;
        match written {
            Some(name) => Segment::Given(name),
            None => Segment::Numbered {
                prefix,
                number: counters[slot],
            },
        }
    }
}
