//! Receptive fields: how much of the input each output pixel sees.

use crate::layer::{Kind, Padding};
use crate::shape::{Pair, Shape};

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

/// One axis of a window: kernel, stride, left padding, dilation.
struct Window {
    k: u64,
    s: u64,
    p: u64,
    d: u64,
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
        let Shape::Spatial { height, width, .. } = input else {
            // A flat vector's field is already the whole input.
            return self;
        };
        let (h, w) = match *kind {
            Kind::Conv2d(c) => {
                let pad = match c.padding {
                    Padding::Explicit(p) => p,
                    Padding::Same => same_left(c.kernel, c.stride, c.dilation, height, width),
                };
                (
                    Window {
                        k: c.kernel.h,
                        s: c.stride.h,
                        p: pad.h,
                        d: c.dilation.h,
                    },
                    Window {
                        k: c.kernel.w,
                        s: c.stride.w,
                        p: pad.w,
                        d: c.dilation.w,
                    },
                )
            }
            Kind::MaxPool2d(p) | Kind::AvgPool2d(p) => (
                Window {
                    k: p.kernel.h,
                    s: p.stride.h,
                    p: p.padding.h,
                    d: 1,
                },
                Window {
                    k: p.kernel.w,
                    s: p.stride.w,
                    p: p.padding.w,
                    d: 1,
                },
            ),
            // One window over the whole map.
            Kind::GlobalAvgPool | Kind::Flatten | Kind::Dense(_) => (
                Window {
                    k: height,
                    s: height,
                    p: 0,
                    d: 1,
                },
                Window {
                    k: width,
                    s: width,
                    p: 0,
                    d: 1,
                },
            ),
            _ => return self,
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

/// Keras' `same` padding before the first pixel: half the total, rounded down.
fn same_left(k: Pair, s: Pair, d: Pair, height: u64, width: u64) -> Pair {
    let left = |i: u64, k: u64, s: u64, d: u64| {
        let out = i.div_ceil(s);
        let needed = (out - 1)
            .saturating_mul(s)
            .saturating_add(k.saturating_sub(1).saturating_mul(d))
            .saturating_add(1);
        needed.saturating_sub(i) / 2
    };
    Pair::new(left(height, k.h, s.h, d.h), left(width, k.w, s.w, d.w))
}
