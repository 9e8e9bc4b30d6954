//! Receptive fields: how much of the input each output pixel sees.

use crate::kind::Kind;
use crate::shape::{Pair, Shape};
use crate::window::Window;

/// The receptive field of a layer's output pixels, per axis (height, width): exact
/// under stride, padding and dilation.
///
/// With `r` the field's size, `j` its jump (the distance in input pixels between
/// neighbouring output pixels) and `c` the center of the first output pixel's field, a
/// window of `k` with stride `s`, padding `p` and dilation `d` gives
/// `r' = r + (k-1)*d*j`, `j' = j*s` and `c' = c + ((k-1)*d/2 - p)*j`. Positions are
/// in input pixels, the first input pixel's center being 0, so padding can make `c`
/// negative and even windows make it a half.
///
/// The field is informative, never a reason to refuse a network: a size or jump past
/// `u64::MAX` (`repeat 64 { conv 1 k1 s2 }` makes the jump 2^64) stays at `u64::MAX`.
///
/// ```
/// use cnn_core::{Conv2d, Field, Kind, Pair, Shape};
/// let conv = Kind::Conv2d(Conv2d::new(8, Pair::square(5)));
/// let f = Field::INPUT.through(&conv, Shape::spatial(1, 28, 28));
/// assert_eq!((f.size, f.jump, f.center), (Pair::square(5), Pair::square(1), (2.0, 2.0)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    /// How many input pixels one output pixel sees, along each axis.
    pub size: Pair,
    /// How many input pixels apart neighbouring output pixels are.
    pub jump: Pair,
    /// The center of the first output pixel's field, in input pixels: (height, width).
    pub center: (f64, f64),
}

impl Field {
    /// The input's own field: each pixel sees itself.
    pub const INPUT: Field = Field {
        size: Pair::square(1),
        jump: Pair::square(1),
        center: (0.0, 0.0),
    };

    /// A square field, the same along both axes.
    pub const fn square(size: u64, jump: u64, center: f64) -> Field {
        Field {
            size: Pair::square(size),
            jump: Pair::square(jump),
            center: (center, center),
        }
    }

    /// The field after `kind`, which receives `input`. A layer that flattens or pools
    /// globally sees its whole input; shape-keeping layers change nothing.
    pub fn through(self, kind: &Kind, input: Shape) -> Field {
        let Some([h, w]) = kind.windows(input) else {
            return self;
        };
        let (rh, jh, ch) = axis(self.size.h, self.jump.h, self.center.0, h);
        let (rw, jw, cw) = axis(self.size.w, self.jump.w, self.center.1, w);
        Field {
            size: Pair::new(rh, rw),
            jump: Pair::new(jh, jw),
            center: (ch, cw),
        }
    }

    /// The field of a residual sum: along each axis, the larger of the body's and the
    /// shortcut's.
    pub fn widest(a: Field, b: Field) -> Field {
        let (h, w) = (
            if b.size.h > a.size.h { b } else { a },
            if b.size.w > a.size.w { b } else { a },
        );
        Field {
            size: Pair::new(h.size.h, w.size.w),
            jump: Pair::new(h.jump.h, w.jump.w),
            center: (h.center.0, w.center.1),
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
