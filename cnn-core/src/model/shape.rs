//! Tensor shapes of any spatial rank, and per-axis values.

use core::fmt;

/// The shape of one input's activations: channels and one, two or three spatial sizes
/// (`CxL`, `CxHxW`, `CxDxHxW`), or a flat vector of `N` features. The batch dimension
/// is never written.
///
/// ```
/// use cnn_core::{PerAxis, Shape};
/// assert_eq!(Shape::image(32, 24, 24).to_string(), "32x24x24");
/// assert_eq!(Shape::Flat(256).to_string(), "256");
/// assert_eq!(Shape::image(32, 5, 5).elements(), Some(800));
/// // 1-D signals and 3-D volumes, and what a user sizes buffers with.
/// let clip = Shape::volume(3, 16, 112, 112);
/// assert_eq!(clip.to_string(), "3x16x112x112");
/// assert_eq!((clip.channels(), clip.rank()), (3, 3));
/// assert_eq!(clip.sizes(), Some(PerAxis::new3(16, 112, 112)));
/// assert_eq!(Shape::signal(1, 16_000).elements(), Some(16_000));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// An image's feature map: `channels x height x width`.
    Image {
        /// Number of channels, `C`.
        channels: u64,
        /// Height, `H`.
        height: u64,
        /// Width, `W`.
        width: u64,
    },
    /// A flat vector of features, as after `flatten` or `dense`.
    Flat(u64),
    /// A 1-D signal's feature map: `channels x length`.
    Signal {
        /// Number of channels, `C`.
        channels: u64,
        /// Length, `L`.
        length: u64,
    },
    /// A 3-D volume's or clip's feature map: `channels x depth x height x width`.
    Volume {
        /// Number of channels, `C`.
        channels: u64,
        /// Depth (or frames), `D`.
        depth: u64,
        /// Height, `H`.
        height: u64,
        /// Width, `W`.
        width: u64,
    },
}

impl Shape {
    /// A `CxHxW` shape.
    pub const fn image(channels: u64, height: u64, width: u64) -> Shape {
        Shape::Image {
            channels,
            height,
            width,
        }
    }

    /// A `CxL` shape.
    pub const fn signal(channels: u64, length: u64) -> Shape {
        Shape::Signal { channels, length }
    }

    /// A `CxDxHxW` shape.
    pub const fn volume(channels: u64, depth: u64, height: u64, width: u64) -> Shape {
        Shape::Volume {
            channels,
            depth,
            height,
            width,
        }
    }

    /// The number of spatial axes: 1, 2 or 3, and 0 for a flat vector.
    pub const fn rank(self) -> u8 {
        match self {
            Shape::Flat(_) => 0,
            Shape::Signal { .. } => 1,
            Shape::Image { .. } => 2,
            Shape::Volume { .. } => 3,
        }
    }

    /// The spatial sizes, per axis, or `None` for a flat vector.
    pub const fn sizes(self) -> Option<PerAxis> {
        match self {
            Shape::Flat(_) => None,
            Shape::Signal { length, .. } => Some(PerAxis::axes(1, [0, 0, length])),
            Shape::Image { height, width, .. } => Some(PerAxis::axes(2, [0, height, width])),
            Shape::Volume {
                depth,
                height,
                width,
                ..
            } => Some(PerAxis::axes(3, [depth, height, width])),
        }
    }

    /// The number of values in the tensor (`C*H*W`, `C*L`, `C*D*H*W` or `N`), or `None`
    /// past `u64::MAX`.
    pub const fn elements(self) -> Option<u64> {
        let Some(sizes) = self.sizes() else {
            return Some(self.channels());
        };
        match sizes.volume(self.rank()) {
            Some(v) => v.checked_mul(self.channels()),
            None => None,
        }
    }

    /// The tensor's dimensions without the batch, as PyTorch's `x.shape[1:]` lists
    /// them: `[C, H, W]`, `[C, L]`, `[C, D, H, W]` or `[N]`. What a buffer is sized by.
    ///
    /// ```
    /// use cnn_core::Shape;
    /// assert_eq!(*Shape::image(3, 224, 224).dims(), [3, 224, 224]);
    /// assert_eq!(*Shape::signal(1, 16_000).dims(), [1, 16_000]);
    /// assert_eq!(*Shape::volume(3, 16, 112, 112).dims(), [3, 16, 112, 112]);
    /// assert_eq!(*Shape::Flat(10).dims(), [10]);
    /// // The spatial sizes alone.
    /// assert_eq!(Shape::volume(3, 16, 112, 112).dims()[1..], [16, 112, 112]);
    /// ```
    pub const fn dims(self) -> Dims {
        match self {
            Shape::Flat(n) => Dims::of(&[n]),
            Shape::Signal { channels, length } => Dims::of(&[channels, length]),
            Shape::Image {
                channels,
                height,
                width,
            } => Dims::of(&[channels, height, width]),
            Shape::Volume {
                channels,
                depth,
                height,
                width,
            } => Dims::of(&[channels, depth, height, width]),
        }
    }

    /// The same shape with `channels` channels (a flat vector's features).
    pub const fn with_channels(self, channels: u64) -> Shape {
        match self {
            Shape::Image { height, width, .. } => Shape::image(channels, height, width),
            Shape::Signal { length, .. } => Shape::signal(channels, length),
            Shape::Volume {
                depth,
                height,
                width,
                ..
            } => Shape::volume(channels, depth, height, width),
            Shape::Flat(_) => Shape::Flat(channels),
        }
    }

    /// The channel count `C`, or the feature count `N` of a flat vector: what
    /// BatchNorm normalises over.
    pub const fn channels(self) -> u64 {
        match self {
            Shape::Image { channels, .. }
            | Shape::Signal { channels, .. }
            | Shape::Volume { channels, .. } => channels,
            Shape::Flat(n) => n,
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sizes() {
            None => write!(f, "{}", self.channels()),
            Some(sizes) => write!(f, "{}x{}", self.channels(), sizes.written(self.rank())),
        }
    }
}

/// A tensor's dimensions, as PyTorch lists them: a shape's, channels first (see
/// [`Shape::dims`]), or a parameter's (`[C, Cin/g, kh, kw]`). Dereferences to a slice of
/// up to five numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dims {
    values: [u64; 5],
    len: usize,
}

impl Dims {
    /// No dimensions.
    pub(crate) const EMPTY: Dims = Dims {
        values: [0; 5],
        len: 0,
    };

    /// These dimensions, the first five at most.
    pub(crate) const fn of(values: &[u64]) -> Dims {
        let mut dims = Dims::EMPTY;
        while dims.len < values.len() && dims.len < 5 {
            dims.values[dims.len] = values[dims.len];
            dims.len += 1;
        }
        dims
    }

    /// The number of values a tensor of these dimensions holds, or `None` past
    /// `u64::MAX`.
    pub const fn count(&self) -> Option<u64> {
        let mut n: u64 = 1;
        let mut i = 0;
        while i < self.len {
            n = match n.checked_mul(self.values[i]) {
                Some(v) => v,
                None => return None,
            };
            i += 1;
        }
        Some(n)
    }

    /// The dimensions as a slice.
    pub const fn as_slice(&self) -> &[u64] {
        self.values.split_at(self.len).0
    }
}

impl core::ops::Deref for Dims {
    type Target = [u64];
    fn deref(&self) -> &[u64] {
        self.as_slice()
    }
}

/// Per-axis values (kernel, stride, padding, dilation; sizes, receptive fields): one
/// number for every axis, or one per axis of a 1-, 2- or 3-D map. The axes are aligned
/// from the last, as PyTorch's are: a 2-D value is `h` and `w`, a 3-D one adds `d`,
/// and a 1-D one is `w` alone. A value the same along every axis is written once and
/// has no rank of its own (`PerAxis::uniform(3)` is `k3`, whatever the rank it meets).
///
/// `PerAxis::uniform(3)` is what `k3` means; `PerAxis::new(3, 5)` is `k3x5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PerAxis {
    /// The value along the depth axis (3-D).
    pub d: u64,
    /// The value along the height axis (2-D and 3-D).
    pub h: u64,
    /// The value along the width axis, or the length of a 1-D map.
    pub w: u64,
    /// How many axes were given: 0 when the value is the same along every axis.
    rank: u8,
}

impl PerAxis {
    /// Different values along height and width.
    pub const fn new(h: u64, w: u64) -> PerAxis {
        PerAxis::axes(2, [0, h, w])
    }

    /// Values along depth, height and width.
    pub const fn new3(d: u64, h: u64, w: u64) -> PerAxis {
        PerAxis::axes(3, [d, h, w])
    }

    /// Values one per axis as written, the last `rank` (2 or 3) of `[d, h, w]`, kept
    /// with their count even where they are equal: `k3x3` is two numbers, which fit a
    /// 2-D map and not a 1-D one (E16), where `PerAxis::new(3, 3)` is `k3`.
    ///
    /// ```
    /// use cnn_core::PerAxis;
    /// let k = PerAxis::exact(2, [0, 3, 3]);
    /// assert_eq!((k.rank(), k.fits(2), k.fits(1)), (2, true, false));
    /// assert_eq!(k.to_string(), "3x3");
    /// ```
    pub const fn exact(rank: u8, values: [u64; 3]) -> PerAxis {
        let [d, h, w] = values;
        match rank {
            0 => PerAxis::uniform(w),
            1 => PerAxis {
                d: 0,
                h: 0,
                w,
                rank,
            },
            2 => PerAxis { d: 0, h, w, rank },
            _ => PerAxis { d, h, w, rank: 3 },
        }
    }

    /// The same value along every axis.
    pub const fn uniform(v: u64) -> PerAxis {
        PerAxis {
            d: v,
            h: v,
            w: v,
            rank: 0,
        }
    }

    /// The values of the last `rank` slots of `[d, h, w]`; the same along all of them
    /// is one value for every axis.
    pub(crate) const fn axes(rank: u8, slots: [u64; 3]) -> PerAxis {
        let first = 3 - rank as usize;
        let mut i = first;
        let mut same = true;
        while i < 3 {
            same &= slots[i] == slots[first];
            i += 1;
        }
        if same {
            return PerAxis::uniform(slots[first]);
        }
        let mut out = [0; 3];
        let mut i = first;
        while i < 3 {
            out[i] = slots[i];
            i += 1;
        }
        PerAxis {
            d: out[0],
            h: out[1],
            w: out[2],
            rank,
        }
    }

    /// How many axes the value gives: 0 when it is the same along every axis.
    pub const fn rank(self) -> u8 {
        self.rank
    }

    /// The value along each of the three slots, depth first.
    pub(crate) const fn slots(self) -> [u64; 3] {
        [self.d, self.h, self.w]
    }

    /// Whether the value fits a map of `rank` axes: one number for all, or one each.
    pub const fn fits(self, rank: u8) -> bool {
        self.rank == 0 || self.rank == rank
    }

    /// The value along axis `i` (0 the first) of a map of `rank` axes (at most 3; the
    /// last axis past the end).
    pub const fn along(self, rank: u8, i: usize) -> u64 {
        let first = 3 - if rank > 3 { 3 } else { rank as usize };
        let slot = first + i;
        self.slots()[if slot > 2 { 2 } else { slot }]
    }

    /// The smallest value along the axes it gives.
    pub const fn min(self) -> u64 {
        let slots = self.slots();
        let mut i = 3 - self.rank_or(1) as usize;
        let mut min = u64::MAX;
        while i < 3 {
            if slots[i] < min {
                min = slots[i];
            }
            i += 1;
        }
        min
    }

    /// The product of the values along `rank` axes (a kernel's volume, a map's size),
    /// or `None` past `u64::MAX`.
    pub const fn volume(self, rank: u8) -> Option<u64> {
        let mut i = 0;
        let mut v: u64 = 1;
        while i < rank as usize {
            v = match v.checked_mul(self.along(rank, i)) {
                Some(v) => v,
                None => return None,
            };
            i += 1;
        }
        Some(v)
    }

    /// Its rank, or `rank` when it has none of its own.
    const fn rank_or(self, rank: u8) -> u8 {
        if self.rank == 0 {
            rank
        } else {
            self.rank
        }
    }

    /// Written out for a map of `rank` axes, one number per axis: `3x3` for `k3` in 2-D.
    pub const fn written(self, rank: u8) -> Written {
        Written(self, rank)
    }
}

/// Displays as `3` for a value the same along every axis and `3x5` (or `1x3x3`)
/// otherwise, the way the DSL writes it.
impl fmt::Display for PerAxis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.rank == 0 {
            return write!(f, "{}", self.w);
        }
        self.written(self.rank).fmt(f)
    }
}

/// A per-axis value with one number per axis; see [`PerAxis::written`].
#[derive(Clone, Copy, Debug)]
pub struct Written(PerAxis, u8);

impl fmt::Display for Written {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Written(pair, rank) = *self;
        for i in 0..rank as usize {
            if i > 0 {
                f.write_str("x")?;
            }
            write!(f, "{}", pair.along(rank, i))?;
        }
        Ok(())
    }
}

/// One spatial axis, named in errors about a window that does not fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Axis {
    /// The height axis.
    Height,
    /// The width axis.
    Width,
    /// The depth axis of a 3-D map.
    Depth,
    /// The length axis of a 1-D map.
    Length,
}

impl Axis {
    /// Axis `i` (0 the first) of a map of `rank` axes.
    pub const fn of(rank: u8, i: usize) -> Axis {
        match (rank, i) {
            (1, _) => Axis::Length,
            (3, 0) => Axis::Depth,
            (2, 0) | (3, 1) => Axis::Height,
            _ => Axis::Width,
        }
    }

    /// Its name in messages: `height`.
    pub const fn name(self) -> &'static str {
        match self {
            Axis::Height => "height",
            Axis::Width => "width",
            Axis::Depth => "depth",
            Axis::Length => "length",
        }
    }
}

/// How `upsample` and `resize` interpolate (PyTorch's `mode`, with its default
/// `align_corners=False`): it changes no shape or count, and is kept in the layer's kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Interpolation {
    /// The nearest input value, on a map of any rank; the default.
    #[default]
    Nearest,
    /// Linear, on a 1-D signal.
    Linear,
    /// Bilinear, on a 2-D map.
    Bilinear,
    /// Bicubic, on a 2-D map.
    Bicubic,
    /// Trilinear, on a 3-D map.
    Trilinear,
}

impl Interpolation {
    /// Every mode.
    pub const ALL: [Interpolation; 5] = [
        Interpolation::Nearest,
        Interpolation::Linear,
        Interpolation::Bilinear,
        Interpolation::Bicubic,
        Interpolation::Trilinear,
    ];

    /// The rank of map the mode interpolates, as PyTorch allows it; `None` for
    /// `nearest`, which works at every rank.
    pub const fn rank(self) -> Option<u8> {
        match self {
            Interpolation::Nearest => None,
            Interpolation::Linear => Some(1),
            Interpolation::Bilinear | Interpolation::Bicubic => Some(2),
            Interpolation::Trilinear => Some(3),
        }
    }

    /// How many input values along an axis it reads for one output value: 1 for
    /// `nearest`, 2 for the linear modes, 4 for `bicubic`.
    pub const fn taps(self) -> u64 {
        match self {
            Interpolation::Nearest => 1,
            Interpolation::Linear | Interpolation::Bilinear | Interpolation::Trilinear => 2,
            Interpolation::Bicubic => 4,
        }
    }
}

/// A per-axis value multiplied out along `rank` axes, as formulas write it: `5*5`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Factors(pub PerAxis, pub u8);

impl fmt::Display for Factors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Factors(pair, rank) = *self;
        for i in 0..rank as usize {
            if i > 0 {
                f.write_str("*")?;
            }
            write!(f, "{}", pair.along(rank, i))?;
        }
        Ok(())
    }
}
