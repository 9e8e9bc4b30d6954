//! `F.pad`: constant, reflection, replication and circular padding, and cropping.

use super::{identity, map, with_sizes, Applied};
use crate::error::{ErrorKind, Quantity};
use crate::shape::{Axis, PerAxis, Shape};
use crate::window::{Step, Steps};
use core::fmt;

/// How `pad` fills what it adds: `F.pad`'s `mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PadMode {
    /// Zeros (`mode="constant"`, `value=0`), the default.
    Zeros,
    /// The input mirrored at its edge, the edge not repeated.
    Reflect,
    /// The edge value repeated.
    Replicate,
    /// The input wrapped around.
    Circular,
}

impl PadMode {
    /// Its word in the language: `zeros`, `reflect`, `replicate`, `circular`.
    pub const fn word(self) -> &'static str {
        match self {
            PadMode::Zeros => "zeros",
            PadMode::Reflect => "reflect",
            PadMode::Replicate => "replicate",
            PadMode::Circular => "circular",
        }
    }
}

impl fmt::Display for PadMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// `pad (A, B, ...) [mode]`: `F.pad(x, (A, B, ...), mode)` exactly. Pairs of
/// (before, after) for the **last** axis first, one pair per axis given, at most one
/// per spatial axis; a negative value crops. A mode other than `zeros` pads every
/// spatial axis (PyTorch's rule), `reflect` by less than the size on its axis and
/// `circular` by at most it. A causal 1-D convolution is `pad (2, 0); conv 32 k3`.
///
/// ```
/// use cnn_core::{Kind, Pad, PadMode, Shape};
/// // A WaveNet's causal padding: two zeros before a 16000-sample signal.
/// let causal = Pad::new(&[(2, 0)], PadMode::Zeros);
/// assert_eq!(Kind::Pad(causal).apply(Shape::signal(32, 16000)).unwrap().output, Shape::signal(32, 16002));
/// // A CycleGAN's reflection padding of 3 on a 256x256 image; Chomp1d's crop.
/// let reflect = Pad::new(&[(3, 3), (3, 3)], PadMode::Reflect);
/// assert_eq!(Kind::Pad(reflect).apply(Shape::image(3, 256, 256)).unwrap().output, Shape::image(3, 262, 262));
/// let chomp = Pad::new(&[(0, -2)], PadMode::Zeros);
/// assert_eq!(Kind::Pad(chomp).apply(Shape::signal(8, 10)).unwrap().output, Shape::signal(8, 8));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pad {
    /// (before, after) per axis, the last axis first; pairs past `count` are unused.
    pub pairs: [(i64, i64); 3],
    /// How many pairs were written: 1 to 3.
    pub count: u8,
    /// How the padding is filled.
    pub mode: PadMode,
}

impl Pad {
    /// The padding of `pairs`, the last axis first, as `F.pad` lists them (at most
    /// three pairs are kept).
    pub const fn new(pairs: &[(i64, i64)], mode: PadMode) -> Pad {
        let mut kept = [(0, 0); 3];
        let mut i = 0;
        while i < pairs.len() && i < 3 {
            kept[i] = pairs[i];
            i += 1;
        }
        Pad {
            pairs: kept,
            count: i as u8,
            mode,
        }
    }

    /// The (before, after) of spatial axis `i` (0 the first) of a map of `rank` axes.
    const fn along(&self, rank: u8, i: usize) -> (i64, i64) {
        let from_last = rank as usize - 1 - i;
        if from_last < self.count as usize {
            self.pairs[from_last]
        } else {
            (0, 0)
        }
    }

    /// Each axis `size + before + after`, with PyTorch's rules.
    pub(super) const fn apply(self, input: Shape) -> Result<Applied, ErrorKind> {
        let (c, sizes, rank) = tri!(map(input));
        if self.count > rank {
            return Err(ErrorKind::PadAxes {
                pairs: self.count,
                rank,
            });
        }
        if !matches!(self.mode, PadMode::Zeros) && self.count != rank {
            return Err(ErrorKind::PadMode {
                mode: self.mode,
                pairs: self.count,
                rank,
            });
        }
        let mut out = [0; 3];
        let mut i = 0;
        while i < rank as usize {
            let size = sizes.along(rank, i);
            let (before, after) = self.along(rank, i);
            let axis = Axis::of(rank, i);
            let limit = match self.mode {
                PadMode::Reflect => Some(size as i128 - 1),
                PadMode::Circular => Some(size as i128),
                PadMode::Zeros | PadMode::Replicate => None,
            };
            if let Some(limit) = limit {
                if before as i128 > limit || after as i128 > limit {
                    let pad = if before as i128 > limit {
                        before
                    } else {
                        after
                    };
                    return Err(ErrorKind::PadTooWide {
                        mode: self.mode,
                        axis,
                        pad,
                        size,
                    });
                }
            }
            let total = size as i128 + before as i128 + after as i128;
            if total < 1 {
                return Err(ErrorKind::PadCrop {
                    axis,
                    size,
                    before,
                    after,
                });
            }
            if total > u64::MAX as i128 {
                return Err(ErrorKind::Overflow(Quantity::Elements));
            }
            out[3 - rank as usize + i] = total as u64;
            i += 1;
        }
        let output = with_sizes(c, PerAxis::axes(rank, out), rank);
        if output.elements().is_none() {
            return Err(ErrorKind::Overflow(Quantity::Elements));
        }
        Ok(Applied {
            output,
            ..identity(input)
        })
    }

    /// Positions kept, shifted by the padding before them (a crop shifts them on).
    pub(crate) const fn steps(&self, rank: u8) -> Steps {
        let mut axes = [Step::KEEP; 3];
        let mut i = 0;
        while i < rank as usize {
            let (before, _) = self.along(rank, i);
            axes[i] = Step {
                offset: -(before as f64),
                ..Step::KEEP
            };
            i += 1;
        }
        Steps { rank, axes }
    }
}

impl fmt::Display for Pad {
    /// As written: `(2, 0)`, `(1, 1, 2, 2) reflect`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        for (i, (before, after)) in self.pairs.iter().take(self.count as usize).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{before}, {after}")?;
        }
        f.write_str(")")?;
        match self.mode {
            PadMode::Zeros => Ok(()),
            mode => write!(f, " {mode}"),
        }
    }
}
