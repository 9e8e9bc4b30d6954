//! Resampling: `nn.Upsample(scale_factor=S)` and `F.interpolate(size=...)`, which
//! change a map's size and nothing else: no parameters, no MACs.

use super::{fits, identity, map, nonzero_pair, with_sizes, Applied};
use crate::error::{Arg, ErrorKind, Quantity};
use crate::shape::{Interpolation, PerAxis, Shape};
use crate::window::{Step, Steps, Window};

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

/// `pixelshuffle R` (`nn.PixelShuffle(R)`): `(C*R^2)xHxW -> Cx(R*H)x(R*W)`, each group of
/// `R^2` channels laid out as an `RxR` block of pixels. 2-D maps only (E16); `R^2` must
/// divide the channels (E17). No parameters, no MACs.
///
/// ```
/// use cnn_core::{Kind, Shape};
/// // ESPCN's last layer: 27 channels at 224x224 become a 3x672x672 image.
/// let out = Kind::PixelShuffle(3).apply(Shape::image(27, 224, 224)).unwrap();
/// assert_eq!(out.output, Shape::image(3, 672, 672));
/// ```
pub(super) const fn pixel_shuffle(r: u64, input: Shape) -> Result<Applied, ErrorKind> {
    let (c, sizes, rank) = tri!(pixel_map(input));
    let Some(square) = r.checked_mul(r) else {
        return Err(ErrorKind::PixelFactor {
            factor: r,
            of: c,
            size: false,
        });
    };
    if !c.is_multiple_of(square) {
        return Err(ErrorKind::PixelFactor {
            factor: r,
            of: c,
            size: false,
        });
    }
    let (Some(h), Some(w)) = (sizes.h.checked_mul(r), sizes.w.checked_mul(r)) else {
        return Err(ErrorKind::Overflow(Quantity::Elements));
    };
    Ok(Applied {
        output: tri!(resized(c / square, PerAxis::new(h, w), rank)),
        ..identity(input)
    })
}

/// `pixelunshuffle R` (`nn.PixelUnshuffle(R)`): `CxHxW -> (C*R^2)x(H/R)x(W/R)`; `R` must
/// divide the height and the width (E17).
pub(super) const fn pixel_unshuffle(r: u64, input: Shape) -> Result<Applied, ErrorKind> {
    let (c, sizes, rank) = tri!(pixel_map(input));
    if !sizes.h.is_multiple_of(r) {
        return Err(ErrorKind::PixelFactor {
            factor: r,
            of: sizes.h,
            size: true,
        });
    }
    if !sizes.w.is_multiple_of(r) {
        return Err(ErrorKind::PixelFactor {
            factor: r,
            of: sizes.w,
            size: true,
        });
    }
    let Some(channels) = (match r.checked_mul(r) {
        Some(square) => c.checked_mul(square),
        None => None,
    }) else {
        return Err(ErrorKind::Overflow(Quantity::Elements));
    };
    Ok(Applied {
        output: tri!(resized(
            channels,
            PerAxis::new(sizes.h / r, sizes.w / r),
            rank
        )),
        ..identity(input)
    })
}

/// A 2-D map's channels and sizes: E16 at any other rank, E1-style for a flat vector.
const fn pixel_map(input: Shape) -> Result<(u64, PerAxis, u8), ErrorKind> {
    let (c, sizes, rank) = tri!(map(input));
    if rank != 2 {
        return Err(ErrorKind::Rank { wants: 2, rank });
    }
    Ok((c, sizes, rank))
}

/// A pixel shuffle's positions: `R` outputs per input along each axis, each reading
/// one input pixel, as a nearest upsampling.
pub(crate) const fn pixel_shuffle_steps(r: u64, sizes: PerAxis, rank: u8) -> Steps {
    let mut axes = [Step::KEEP; 3];
    let mut i = 0;
    while i < rank as usize {
        let size = sizes.along(rank, i);
        axes[i] = Step::resample(size, size.saturating_mul(r), 1);
        i += 1;
    }
    Steps { rank, axes }
}

/// A pixel unshuffle's positions: each output reads an `RxR` block, as an `R`x`R`
/// window of stride `R`.
pub(crate) const fn pixel_unshuffle_steps(r: u64, rank: u8) -> Steps {
    let mut axes = [Step::KEEP; 3];
    let mut i = 0;
    while i < rank as usize {
        axes[i] = Step::window(Window::conv(r, r, 0, 1));
        i += 1;
    }
    Steps { rank, axes }
}
