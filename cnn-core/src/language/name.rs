//! Layer and block names: written, or numbered per kind.

use crate::block::BlockKind;
use crate::kind::Kind;
use crate::words::{Keyword, LayerWord, WORDS};
use core::fmt;

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

    /// The name of the next layer, of kind `kind`, written as `written` if it was named.
    pub fn name<'a>(&mut self, written: Option<&'a str>, kind: &Kind) -> Name<'a> {
        match (written, kind) {
            (None, Kind::Input(_)) => Name::Given(Keyword::Layer(LayerWord::Input).word()),
            _ => Self::next(&mut self.layers, written, kind.prefix(self.rank)),
        }
    }

    /// The name of the next block of kind `kind`.
    pub fn block<'a>(&mut self, written: Option<&'a str>, kind: BlockKind) -> Name<'a> {
        Self::next(&mut self.blocks, written, kind.prefix())
    }

    fn next<'a>(
        counters: &mut [u64; WORDS.len()],
        written: Option<&'a str>,
        prefix: &'static str,
    ) -> Name<'a> {
        // Every prefix is in the table; an unknown one would share the last counter.
        let slot = WORDS
            .iter()
            .position(|w| w.text == prefix)
            .unwrap_or(WORDS.len() - 1);
        counters[slot] += 1;
        match written {
            Some(name) => Name::Given(name),
            None => Name::Numbered {
                prefix,
                number: counters[slot],
            },
        }
    }
}
