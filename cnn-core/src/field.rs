//! Receptive fields: how much of the input each output pixel sees.

use crate::kind::Kind;
use crate::shape::{Pair, Shape};
use crate::window::{Window, Windows};

/// The receptive field of a layer's output pixels, per axis: exact under stride,
/// padding and dilation.
///
/// With `r` the field's size, `j` its jump (the distance in input pixels between
/// neighbouring output pixels) and `c` the center of the first output pixel's field, a
/// window of `k` with stride `s`, padding `p` and dilation `d` gives
/// `r' = r + (k-1)*d*j`, `j' = j*s` and `c' = c + ((k-1)*d/2 - p)*j`. Positions are
/// in input pixels, the first input pixel's center being 0, so padding can make `c`
/// negative and even windows make it a half. The axes are those of [`Pair`]: `center`
/// is along height and width (a 1-D map's along its length in `.1`), `center_depth`
/// along a 3-D map's depth.
///
/// The field is informative, never a reason to refuse a network: a size or jump past
/// `u64::MAX` (`repeat 64 { conv 1 k1 s2 }` makes the jump 2^64) stays at `u64::MAX`.
///
/// ```
/// use cnn_core::{Conv2d, Field, Kind, Pair, Shape};
/// let conv = Kind::Conv2d(Conv2d::new(8, Pair::square(5)));
/// let f = Field::INPUT.through(&conv, Shape::spatial(1, 28, 28));
/// assert_eq!((f.size, f.jump, f.center), (Pair::square(5), Pair::square(1), (2.0, 2.0)));
/// // A 1-D convolution over a signal: the same rule along its one axis.
/// let f = Field::INPUT.through(&conv, Shape::signal(1, 16_000));
/// assert_eq!((f.size, f.center.1), (Pair::square(5), 2.0));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    /// How many input pixels one output pixel sees, along each axis.
    pub size: Pair,
    /// How many input pixels apart neighbouring output pixels are.
    pub jump: Pair,
    /// The center of the first output pixel's field, in input pixels: (height, width).
    pub center: (f64, f64),
    /// The same along the depth of a 3-D map.
    pub center_depth: f64,
}

impl Field {
    /// The input's own field: each pixel sees itself.
    pub const INPUT: Field = Field::square(1, 1, 0.0);

    /// A field the same along every axis.
    pub const fn square(size: u64, jump: u64, center: f64) -> Field {
        Field {
            size: Pair::square(size),
            jump: Pair::square(jump),
            center: (center, center),
            center_depth: center,
        }
    }

    /// The field after `kind`, which receives `input`. A layer that flattens or pools
    /// globally sees its whole input; shape-keeping layers change nothing.
    pub fn through(self, kind: &Kind, input: Shape) -> Field {
        let Some(Windows { rank, axes }) = kind.windows(input) else {
            return self;
        };
        let (mut size, mut jump) = (self.size.slots(), self.jump.slots());
        let mut center = [self.center_depth, self.center.0, self.center.1];
        for (i, win) in axes.iter().enumerate().take(rank as usize) {
            let slot = 3 - rank as usize + i;
            (size[slot], jump[slot], center[slot]) =
                axis(size[slot], jump[slot], center[slot], *win);
        }
        Field {
            size: Pair::axes(rank, size),
            jump: Pair::axes(rank, jump),
            center: (center[1], center[2]),
            center_depth: center[0],
        }
    }

    /// The field of a residual sum: along each axis, the larger of the body's and the
    /// shortcut's.
    pub fn widest(a: Field, b: Field) -> Field {
        let rank = a
            .size
            .rank()
            .max(b.size.rank())
            .max(a.jump.rank())
            .max(b.jump.rank());
        let (sa, sb) = (a.size.slots(), b.size.slots());
        let (ja, jb) = (a.jump.slots(), b.jump.slots());
        let ca = [a.center_depth, a.center.0, a.center.1];
        let cb = [b.center_depth, b.center.0, b.center.1];
        let (mut size, mut jump, mut center) = (sa, ja, ca);
        for slot in 0..3 {
            if sb[slot] > sa[slot] {
                (size[slot], jump[slot], center[slot]) = (sb[slot], jb[slot], cb[slot]);
            }
        }
        let rank = if rank == 0 { 2 } else { rank };
        Field {
            size: Pair::axes(rank, size),
            jump: Pair::axes(rank, jump),
            center: (center[1], center[2]),
            center_depth: center[0],
        }
    }

    /// The field of a map times a broadcast `Cx1x1` gate (squeeze-and-excitation): the
    /// larger size along each axis, since a gate behind global pooling sees its whole
    /// input, but the map's jump and centre, since the output positions are the map's.
    pub fn gated(map: Field, gate: Field) -> Field {
        Field {
            size: Field::widest(map, gate).size,
            ..map
        }
    }
}

/// One axis: `(r, j, c)` through a window, saturating at `u64::MAX`.
fn axis(r: u64, j: u64, c: f64, win: Window) -> (u64, u64, f64) {
    let span = win.k.saturating_sub(1).saturating_mul(win.d);
    let size = span.saturating_mul(j).saturating_add(r);
    let jump = j.saturating_mul(win.s);
    let center = c + (span as f64 / 2.0 - win.p as f64) * j as f64;
    (size, jump, center)
}
