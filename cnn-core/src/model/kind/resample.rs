//! Resampling: `nn.Upsample(scale_factor=S)` and `F.interpolate(size=...)`, which
//! change a map's size and nothing else: no parameters, no MACs.

use super::{fits, identity, map, nonzero_pair, with_sizes, Applied};
use crate::error::{Arg, ErrorKind, Quantity};
use crate::shape::{Interpolation, PerAxis, Shape};
use crate::window::{Step, Steps};

/// `upsample S [mode]`: each axis `S` times longer (`nn.Upsample(scale_factor=S)`).
///
/// ```
/// use cnn_core::{Interpolation, Kind, PerAxis, Shape, Upsample};
/// let up = Kind::Upsample(Upsample { scale: PerAxis::uniform(2), mode: Interpolation::Bilinear });
/// assert_eq!(up.apply(Shape::image(64, 28, 28)).unwrap().output, Shape::image(64, 56, 56));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Upsample {
    /// The factor, `S` or `SHxSW`: integers of at least 1.
    pub scale: PerAxis,
    /// How values are interpolated.
    pub mode: Interpolation,
}

/// `resize DIMS [mode]`: the map interpolated to the sizes `DIMS`
/// (`F.interpolate(size=DIMS)`), larger or smaller than the input's.
///
/// ```
/// use cnn_core::{Interpolation, Kind, PerAxis, Resize, Shape};
/// // FCN's head: the 28x28 scores back to the 224x224 image.
/// let resize = Kind::Resize(Resize { size: PerAxis::uniform(224), mode: Interpolation::Bilinear });
/// assert_eq!(resize.apply(Shape::image(21, 28, 28)).unwrap().output, Shape::image(21, 224, 224));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Resize {
    /// The output's spatial sizes: one number for every axis, or one per axis.
    pub size: PerAxis,
    /// How values are interpolated.
    pub mode: Interpolation,
}

/// E16: a mode PyTorch allows only at another rank.
const fn mode_fits(mode: Interpolation, rank: u8) -> Result<(), ErrorKind> {
    match mode.rank() {
        Some(r) if r != rank => Err(ErrorKind::ModeRank { mode, rank }),
        _ => Ok(()),
    }
}

/// A map of `channels` with `sizes`, E12 when its values pass `u64::MAX`.
pub(super) const fn resized(channels: u64, sizes: PerAxis, rank: u8) -> Result<Shape, ErrorKind> {
    let output = with_sizes(channels, sizes, rank);
    match output.elements() {
        Some(_) => Ok(output),
        None => Err(ErrorKind::Overflow(Quantity::Elements)),
    }
}

impl Upsample {
    pub(super) const fn check(self) -> Result<(), ErrorKind> {
        nonzero_pair(self.scale, Arg::Value)
    }

    /// `out = i*S` per axis.
    pub(super) const fn apply(self, input: Shape) -> Result<Applied, ErrorKind> {
        let (c, sizes, rank) = tri!(map(input));
        tri!(fits(self.scale, Arg::Value, rank));
        tri!(mode_fits(self.mode, rank));
        let mut out = [0; 3];
        let mut i = 0;
        while i < rank as usize {
            out[3 - rank as usize + i] =
                match sizes.along(rank, i).checked_mul(self.scale.along(rank, i)) {
                    Some(v) => v,
                    None => return Err(ErrorKind::Overflow(Quantity::Elements)),
                };
            i += 1;
        }
        Ok(Applied {
            output: tri!(resized(c, PerAxis::axes(rank, out), rank)),
            ..identity(input)
        })
    }

    pub(crate) const fn steps(&self, sizes: PerAxis, rank: u8) -> Steps {
        let mut axes = [Step::KEEP; 3];
        let mut i = 0;
        while i < rank as usize {
            let size = sizes.along(rank, i);
            let out = size.saturating_mul(self.scale.along(rank, i));
            axes[i] = Step::resample(size, out, self.mode.taps());
            i += 1;
        }
        Steps { rank, axes }
    }
}

impl Resize {
    pub(super) const fn check(self) -> Result<(), ErrorKind> {
        nonzero_pair(self.size, Arg::Value)
    }

    /// The spatial sizes become `size`.
    pub(super) const fn apply(self, input: Shape) -> Result<Applied, ErrorKind> {
        let (c, _, rank) = tri!(map(input));
        tri!(fits(self.size, Arg::Value, rank));
        tri!(mode_fits(self.mode, rank));
        Ok(Applied {
            output: tri!(resized(c, self.size, rank)),
            ..identity(input)
        })
    }

    pub(crate) const fn steps(&self, sizes: PerAxis, rank: u8) -> Steps {
        let mut axes = [Step::KEEP; 3];
        let mut i = 0;
        while i < rank as usize {
            let (from, to) = (sizes.along(rank, i), self.size.along(rank, i));
            axes[i] = Step::resample(from, to, self.mode.taps());
            i += 1;
        }
        Steps { rank, axes }
    }
}
