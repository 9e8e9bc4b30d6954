//! Sliding windows along one axis: PyTorch's output length (with `ceil_mode`), Keras'
//! `same`, and the inverses the help texts need. Convolutions and pools compute their
//! shapes here, receptive fields their steps, and messages their fixes: the window
//! arithmetic exists once.

/// One axis of a sliding window: kernel `k`, stride `s`, zero padding `p` on each side,
/// dilation `d`, and PyTorch's `ceil_mode` (pools only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Window {
    pub k: u64,
    pub s: u64,
    pub p: u64,
    pub d: u64,
    pub ceil: bool,
}

/// Why a window cannot slide over one axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AxisError {
    /// The dilated window is wider than the padded input allows.
    TooLarge {
        /// The dilated window, `d*(k-1)+1`.
        window: u64,
        /// The padded input, `i+2p`.
        padded: u64,
    },
    /// An intermediate value passed `u64::MAX`.
    Overflow,
}

impl Window {
    /// A convolution's window: floor mode.
    pub const fn conv(k: u64, s: u64, p: u64, d: u64) -> Window {
        Window {
            k,
            s,
            p,
            d,
            ceil: false,
        }
    }

    /// The dilated window, `d*(k-1)+1`, and the padded input, `i+2p`.
    const fn extents(self, i: u64) -> Result<(u64, u64), AxisError> {
        let window = match self.d.checked_mul(self.k - 1) {
            Some(v) => match v.checked_add(1) {
                Some(w) => w,
                None => return Err(AxisError::Overflow),
            },
            None => return Err(AxisError::Overflow),
        };
        let padded = match self.p.checked_mul(2) {
            Some(pp) => match i.checked_add(pp) {
                Some(v) => v,
                None => return Err(AxisError::Overflow),
            },
            None => return Err(AxisError::Overflow),
        };
        Ok((window, padded))
    }

    /// PyTorch's output length over an input of `i` (`pooling_output_shape` and the
    /// convolution's formula): `floor((i + 2p - d*(k-1) - 1) / s) + 1`.
    ///
    /// In ceil mode the division rounds up instead, less one when the last window would
    /// start past the input and its left padding (`(out - 1)*s >= i + p`). A ceil-mode
    /// window may then be larger than the padded input by up to `s - 1`, as
    /// `nn.MaxPool2d(2, ceil_mode=True)` on height 1 gives 1; PyTorch refuses an output
    /// below 1, and so does this: `TooLarge` then.
    pub const fn out(self, i: u64) -> Result<u64, AxisError> {
        let (window, padded) = match self.extents(i) {
            Ok(v) => v,
            Err(e) => return Err(e),
        };
        let s = self.s;
        // The room the window has to slide over, `padded - window`, is below zero when
        // the window is larger: by at most `s - 1` a ceil-mode division still gives 0.
        let slack = if self.ceil { s - 1 } else { 0 };
        if window > padded && window - padded > slack {
            return Err(AxisError::TooLarge { window, padded });
        }
        if window > padded {
            // floor((padded - window + s - 1) / s) = 0 here, and the single window
            // starts at 0, inside the input.
            return Ok(1);
        }
        let span = padded - window;
        if !self.ceil {
            return Ok(span / s + 1);
        }
        let mut out = span / s + (span % s != 0) as u64 + 1;
        // PyTorch: the last window must start inside the input or its left padding. A
        // start past u64::MAX is past the input too; i + p <= i + 2p did not overflow.
        match (out - 1).checked_mul(s) {
            Some(start) if start < i + self.p => {}
            _ => out -= 1,
        }
        Ok(out)
    }

    /// The largest kernel that still gives an output over a padded input of `padded`
    /// values: the inverse of [`Window::out`] for the help texts. In ceil mode a window
    /// may pass the padded input by `s - 1`.
    pub const fn largest_kernel(self, padded: u64) -> u64 {
        let reach = if self.ceil {
            padded.saturating_add(self.s - 1)
        } else {
            padded
        };
        (reach - 1) / self.d + 1
    }

    /// The padding that keeps the input's size, where one does: stride 1 and an even
    /// dilated span `d*(k-1)`, which half of it on each side covers.
    pub const fn keeping_padding(self) -> Option<u64> {
        match self.d.checked_mul(self.k.saturating_sub(1)) {
            Some(span) if self.s == 1 && span % 2 == 0 => Some(span / 2),
            _ => None,
        }
    }

    /// The least padding with which the window fits an input of `i`: half of what
    /// it lacks, rounded up.
    pub const fn fitting_padding(self, i: u64) -> u64 {
        let window = self
            .d
            .saturating_mul(self.k.saturating_sub(1))
            .saturating_add(1);
        window.saturating_sub(i).div_ceil(2)
    }

    /// Keras' `padding="same"` over an input of `i`: the output, `ceil(i / s)`, and the
    /// padding before the first value and after the last: half the total needed each,
    /// the odd one after.
    pub const fn same(self, i: u64) -> (u64, u64, u64) {
        let out = i.div_ceil(self.s);
        let needed = out
            .saturating_sub(1)
            .saturating_mul(self.s)
            .saturating_add(self.k.saturating_sub(1).saturating_mul(self.d))
            .saturating_add(1)
            .saturating_sub(i);
        (out, needed / 2, needed - needed / 2)
    }
}

/// A layer's windows along each axis of a map of `rank` axes, the first axis first.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Windows {
    /// How many axes.
    pub rank: u8,
    /// The window along each axis; those past `rank` are unused.
    pub axes: [Window; 3],
}

impl Windows {
    /// The windows `each(i)` gives along axes `0..rank`.
    pub const fn of(rank: u8, each: [Window; 3]) -> Windows {
        Windows { rank, axes: each }
    }
}

/// How a layer's output positions lie on its input along one axis, for receptive
/// fields: neighbouring outputs are `step` input positions apart, each output sees
/// `extent` positions beyond its first, and the first output's centre lies `offset`
/// positions from the first input's. `step` and `extent` are fractions
/// `(numerator, denominator)`: a transposed convolution of stride 2 steps by `(1, 2)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Step {
    pub extent: (u64, u64),
    pub step: (u64, u64),
    pub offset: f64,
}

impl Step {
    /// A layer that keeps positions.
    pub const KEEP: Step = Step {
        extent: (0, 1),
        step: (1, 1),
        offset: 0.0,
    };

    /// A sliding window: it sees its dilated span `(k-1)*d`, steps by `s`, and its first
    /// window's centre is half the span less the padding.
    pub const fn window(w: Window) -> Step {
        let span = w.k.saturating_sub(1).saturating_mul(w.d);
        Step {
            extent: (span, 1),
            step: (w.s, 1),
            offset: span as f64 / 2.0 - w.p as f64,
        }
    }

    /// Interpolation from `i` to `o` values reading `taps` values for each (PyTorch's
    /// `align_corners=False`): outputs `i/o` apart, the first one's centre at
    /// `(i/o - 1)/2`.
    pub const fn resample(i: u64, o: u64, taps: u64) -> Step {
        if o == 0 {
            return Step::KEEP;
        }
        Step {
            extent: (taps - 1, 1),
            step: (i, o),
            offset: (i as f64 / o as f64 - 1.0) / 2.0,
        }
    }

    /// Adaptive pooling from `i` to `o` values: output `j` pools inputs
    /// `floor(j*i/o)` to `ceil((j+1)*i/o)`, so the widest window is
    /// `ceil((i + o - gcd(i, o))/o)` and the first one's centre is at
    /// `(ceil(i/o) - 1)/2`.
    pub const fn adaptive(i: u64, o: u64) -> Step {
        if o == 0 {
            return Step::KEEP;
        }
        let (mut a, mut b) = (i, o);
        while b != 0 {
            (a, b) = (b, a % b);
        }
        let widest = (i as u128 + o as u128 - a as u128).div_ceil(o as u128) as u64;
        Step {
            extent: (widest - 1, 1),
            step: (i, o),
            offset: (i.div_ceil(o) - 1) as f64 / 2.0,
        }
    }
}

/// A layer's [`Step`]s along each axis of a map of `rank` axes, the first axis first.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Steps {
    /// How many axes.
    pub rank: u8,
    /// The step along each axis; those past `rank` are unused.
    pub axes: [Step; 3],
}
