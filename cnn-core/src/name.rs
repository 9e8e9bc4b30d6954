//! Layer and block names: written, or numbered per kind.

use crate::block::BlockKind;
use crate::kind::Kind;
use crate::words::Keyword;
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
            (None, Kind::Input(_)) => Name::Given(Keyword::Input.word()),
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
