//! Receptive fields: how much of the input each output pixel sees.

use crate::kind::Kind;
use crate::shape::{PerAxis, Shape};
use crate::window::{Step, Steps};
use core::fmt;

/// The receptive field of a layer's output pixels, per axis: exact under stride,
/// padding and dilation.
///
/// With `r` the field's size, `j` its jump (the distance in input pixels between
/// neighbouring output pixels) and `c` the center of the first output pixel's field, a
/// window of `k` with stride `s`, padding `p` and dilation `d` gives
/// `r' = r + (k-1)*d*j`, `j' = j*s` and `c' = c + ((k-1)*d/2 - p)*j`. Positions are
/// in input pixels, the first input pixel's center being 0, so padding can make `c`
/// negative and even windows make it a half. The axes are those of [`PerAxis`]: `center`
/// is along height and width (a 1-D map's along its length in `.1`), `center_depth`
/// along a 3-D map's depth.
///
/// After a layer that upsamples, an output step is a fraction of an input pixel: a
/// transposed convolution counts as the convolution of stride 1 over its input with
/// `s - 1` zeros between values (`j' = j/s`, `r' = r + (k-1)*d*j/s`), interpolation as
/// reading `taps` values around each output's place on the input (`nearest` 1, the
/// linear modes 2, `bicubic` 4; `j' = j*in/out`), adaptive pooling as its widest
/// window. Sizes and jumps are then exact fractions of input pixels: `size` and `jump`
/// count in `1/denominator` of a pixel along each axis ([`Field::display_size`] writes
/// the size out). Without upsampling `denominator` is 1.
///
/// The field is informative, never a reason to refuse a network: a size or jump past
/// `u64::MAX` (`repeat 64 { conv 1 k1 s2 }` makes the jump 2^64) stays at `u64::MAX`.
///
/// ```
/// use cnn_core::{Conv, Field, Kind, PerAxis, Shape};
/// let conv = Kind::Conv(Conv::new(8, PerAxis::uniform(5)));
/// let f = Field::INPUT.through(&conv, Shape::image(1, 28, 28));
/// assert_eq!((f.size, f.jump, f.center), (PerAxis::uniform(5), PerAxis::uniform(1), (2.0, 2.0)));
/// // A 1-D convolution over a signal: the same rule along its one axis.
/// let f = Field::INPUT.through(&conv, Shape::signal(1, 16_000));
/// assert_eq!((f.size, f.center.1), (PerAxis::uniform(5), 2.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    /// How many input pixels one output pixel sees, along each axis.
    pub size: PerAxis,
    /// How many input pixels apart neighbouring output pixels are.
    pub jump: PerAxis,
    /// What `size` and `jump` count in, per axis: `1/denominator` of an input pixel
    /// (1 unless a layer upsampled).
    pub denominator: PerAxis,
    /// The center of the first output pixel's field, in input pixels: (height, width).
    pub center: (f64, f64),
    /// The same along the depth of a 3-D map.
    pub center_depth: f64,
}

impl Field {
    /// The input's own field: each pixel sees itself.
    pub const INPUT: Field = Field::uniform(1, 1, 0.0);

    /// A field the same along every axis.
    pub const fn uniform(size: u64, jump: u64, center: f64) -> Field {
        Field {
            size: PerAxis::uniform(size),
            jump: PerAxis::uniform(jump),
            denominator: PerAxis::uniform(1),
            center: (center, center),
            center_depth: center,
        }
    }

    /// The field after `kind`, which receives `input`. A layer that flattens or pools
    /// globally sees its whole input; shape-keeping layers change nothing.
    pub fn through(self, kind: &Kind, input: Shape) -> Field {
        let Some(Steps { rank, axes }) = kind.steps(input) else {
            return self;
        };
        let mut axis = self.axes();
        for (i, step) in axes.iter().enumerate().take(rank as usize) {
            let slot = 3 - rank as usize + i;
            axis[slot] = axis[slot].through(*step);
        }
        Field::of(rank, axis)
    }

    /// The field of a residual sum: along each axis, the larger of the body's and the
    /// shortcut's.
    pub fn widest(a: Field, b: Field) -> Field {
        let rank = a
            .size
            .rank()
            .max(b.size.rank())
            .max(a.jump.rank())
            .max(b.jump.rank())
            .max(a.denominator.rank())
            .max(b.denominator.rank());
        let (mut axis, other) = (a.axes(), b.axes());
        for (mine, theirs) in axis.iter_mut().zip(other) {
            if theirs.wider(mine) {
                *mine = theirs;
            }
        }
        Field::of(if rank == 0 { 2 } else { rank }, axis)
    }

    /// The size written out in input pixels, per axis as [`PerAxis`] writes it: `212`,
    /// `3x5`, and a fraction where upsampling made one (`4.5`, `10/3`).
    ///
    /// ```
    /// use cnn_core::{ConvTranspose, Field, Kind, PerAxis, Shape};
    /// let up = Kind::ConvTranspose(ConvTranspose { stride: PerAxis::uniform(2), ..ConvTranspose::new(8, PerAxis::uniform(2)) });
    /// let f = Field::INPUT.through(&up, Shape::image(1, 4, 4));
    /// // Each output step is half an input pixel, and a 2-tap kernel spans one step.
    /// assert_eq!((f.size, f.jump, f.denominator), (PerAxis::uniform(3), PerAxis::uniform(1), PerAxis::uniform(2)));
    /// assert_eq!(f.display_size().to_string(), "1.5");
    /// ```
    pub fn display_size(&self) -> DisplaySize {
        DisplaySize(*self)
    }

    /// Per slot (depth, height, width): size, jump, denominator and centre.
    fn axes(&self) -> [Axis; 3] {
        let (size, jump, per) = (
            self.size.slots(),
            self.jump.slots(),
            self.denominator.slots(),
        );
        let center = [self.center_depth, self.center.0, self.center.1];
        core::array::from_fn(|i| Axis {
            size: size[i],
            jump: jump[i],
            per: per[i],
            center: center[i],
        })
    }

    fn of(rank: u8, axis: [Axis; 3]) -> Field {
        Field {
            size: PerAxis::axes(rank, axis.map(|a| a.size)),
            jump: PerAxis::axes(rank, axis.map(|a| a.jump)),
            denominator: PerAxis::axes(rank, axis.map(|a| a.per)),
            center: (axis[1].center, axis[2].center),
            center_depth: axis[0].center,
        }
    }

    /// The field of a map times a broadcast `Cx1x1` gate (squeeze-and-excitation): the
    /// larger size along each axis, since a gate behind global pooling sees its whole
    /// input, but the map's jump and centre, since the output positions are the map's.
    pub fn gated(map: Field, gate: Field) -> Field {
        let rank = Field::widest(map, gate).size.rank().max(map.jump.rank());
        let (mut axis, gate) = (map.axes(), gate.axes());
        for (mine, theirs) in axis.iter_mut().zip(gate) {
            if theirs.wider(mine) {
                // The gate's size over the map's jump, on a common denominator.
                let (size, jump, per) = reduce(
                    theirs.size as u128 * mine.per as u128,
                    mine.jump as u128 * theirs.per as u128,
                    theirs.per as u128 * mine.per as u128,
                );
                *mine = Axis {
                    size,
                    jump,
                    per,
                    ..*mine
                };
            }
        }
        Field::of(if rank == 0 { 2 } else { rank }, axis)
    }
}

/// A field along one axis: size `size/per` and jump `jump/per` input pixels, centre
/// `center`.
#[derive(Clone, Copy, Debug)]
struct Axis {
    size: u64,
    jump: u64,
    per: u64,
    center: f64,
}

impl Axis {
    /// Through a step: `r' = r + e*j`, `j' = j*step`, `c' = c + offset*j`, exact in
    /// fractions, reduced, and saturating at `u64::MAX`.
    fn through(self, step: Step) -> Axis {
        let ((en, ed), (sn, sd)) = (step.extent, step.step);
        if self.per == 0 || ed == 0 || sd == 0 {
            return self;
        }
        let (r, j, per) = (self.size as u128, self.jump as u128, self.per as u128);
        // Over the common denominator per*ed*sd.
        let size = r
            .saturating_mul(ed as u128)
            .saturating_add((en as u128).saturating_mul(j))
            .saturating_mul(sd as u128);
        let jump = j.saturating_mul(sn as u128).saturating_mul(ed as u128);
        let per_new = per.saturating_mul(ed as u128).saturating_mul(sd as u128);
        let center = self.center + step.offset * (self.jump as f64 / self.per as f64);
        let (size, jump, per) = reduce(size, jump, per_new);
        Axis {
            size,
            jump,
            per,
            center,
        }
    }

    /// Whether this field is larger than `other`: `a/p > b/q`.
    fn wider(&self, other: &Axis) -> bool {
        self.size as u128 * other.per as u128 > other.size as u128 * self.per as u128
    }
}

/// `a/d` and `b/d` in lowest terms, in `u64`: a denominator past it is approached by
/// halving all three, numerators past it stay at `u64::MAX`.
fn reduce(a: u128, b: u128, d: u128) -> (u64, u64, u64) {
    let g = gcd(gcd(a, b), d).max(1);
    let (mut a, mut b, mut d) = (a / g, b / g, d / g);
    while d > u64::MAX as u128 {
        (a, b, d) = (a >> 1, b >> 1, d >> 1);
    }
    let cap = |v: u128| u64::try_from(v).unwrap_or(u64::MAX);
    (cap(a), cap(b), cap(d))
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// A field's size written out; see [`Field::display_size`].
#[derive(Clone, Copy, Debug)]
pub struct DisplaySize(Field);

impl fmt::Display for DisplaySize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.0;
        if field.denominator == PerAxis::uniform(1) {
            return field.size.fmt(f);
        }
        let rank = field.size.rank().max(field.denominator.rank());
        let axes = field.axes();
        let shown = if rank == 0 { 1 } else { rank as usize };
        for (i, a) in axes.iter().skip(3 - shown).enumerate() {
            if i > 0 {
                f.write_str("x")?;
            }
            fraction(a.size, a.per, f)?;
        }
        Ok(())
    }
}

/// `n/d` as a decimal where it ends within six places (`4.5`), else as `n/d`.
fn fraction(n: u64, d: u64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let (whole, mut rest) = (n / d, (n % d) as u128);
    if rest == 0 {
        return write!(f, "{whole}");
    }
    let mut digits = [0u8; 6];
    for digit in digits.iter_mut() {
        rest *= 10;
        *digit = (rest / d as u128) as u8;
        rest %= d as u128;
        if rest == 0 {
            break;
        }
    }
    if rest != 0 {
        return write!(f, "{n}/{d}");
    }
    write!(f, "{whole}.")?;
    let last = digits.iter().rposition(|&x| x != 0).unwrap_or(0);
    for d in &digits[..=last] {
        write!(f, "{d}")?;
    }
    Ok(())
}
