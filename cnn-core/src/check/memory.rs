//! Memory in bytes, and budgets that a network must stay within.

use crate::eval::Totals;
use crate::field::Field;
use crate::fmt::{Binary, Grouped};
use crate::kind::Kind;
use crate::layer::Layer;
use crate::measures::{Dtype, Figure, Metric};
use crate::network::NetworkConst;
use crate::shape::Shape;
use core::fmt;

/// A network's figures in bytes for its element type, with its receptive field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Report {
    /// The counts they come from.
    pub totals: Totals,
    /// The element type.
    pub dtype: Dtype,
    /// The input: what one sample takes.
    pub input_bytes: u64,
    /// Learnable parameters and BatchNorm running statistics: what the weights take.
    pub param_bytes: u64,
    /// Every layer's output added up, each once (not the input). This is not
    /// torchinfo's "Forward/backward pass size": see [`Report::torchinfo`].
    pub activation_bytes: u64,
    /// The most activation bytes alive at once during one inference, under the model
    /// of [`crate::evaluate`].
    pub peak_activation_bytes: u64,
    /// The last layer's receptive field.
    pub field: Field,
    /// Floating-point operations, `2 * MACs`: see [`Totals::flops`].
    pub flops: u128,
}

impl Report {
    /// The figures of `totals` for `dtype`, or the first byte count that passes
    /// `u64::MAX`, by its const.
    pub fn new(totals: Totals, dtype: Dtype, field: Field) -> Result<Report, NetworkConst> {
        let b = dtype.bytes();
        let bytes = |values: Option<u64>, name| values.and_then(|v| v.checked_mul(b)).ok_or(name);
        let stored = totals.params.checked_add(totals.non_trainable);
        Ok(Report {
            totals,
            dtype,
            input_bytes: bytes(Some(totals.input), NetworkConst::InputBytes)?,
            param_bytes: bytes(stored, NetworkConst::ParamBytes)?,
            activation_bytes: bytes(Some(totals.activations), NetworkConst::ActivationBytes)?,
            peak_activation_bytes: bytes(Some(totals.peak), NetworkConst::PeakActivationBytes)?,
            field,
            flops: totals.flops(),
        })
    }
}

impl Report {
    /// torchinfo's four memory figures for the same network, computed as torchinfo 1.8
    /// computes them, for the summary's lines of the same names.
    ///
    /// ```
    /// use cnn_core::{Dtype, Field, Report, Totals};
    /// // LeNet: 784 input values; 217_706 parameters; its layers with parameters
    /// // output 18_432 + 3_200 + 256 + 10 values.
    /// let totals = Totals { input: 784, params: 217_706, param_layer_outputs: 21_898, ..Totals::default() };
    /// let t = Report::new(totals, Dtype::F32, Field::INPUT).unwrap().torchinfo();
    /// assert_eq!(t.input_bytes, 784 * 4 + 64);
    /// assert_eq!(t.forward_backward_bytes, 2 * 21_898 * 4);
    /// assert_eq!(t.param_bytes, 217_706 * 4);
    /// assert_eq!(t.total_bytes, 3_200 + 175_184 + 870_824);
    /// ```
    pub fn torchinfo(&self) -> Torchinfo {
        let b = u128::from(self.dtype.bytes());
        let t = self.totals;
        let input_bytes = u128::from(t.input) * b + Torchinfo::STORAGE_HEADER;
        let forward_backward_bytes = 2 * u128::from(t.param_layer_outputs) * b;
        let param_bytes = u128::from(t.params) * b;
        Torchinfo {
            input_bytes,
            forward_backward_bytes,
            param_bytes,
            total_bytes: input_bytes + forward_backward_bytes + param_bytes,
        }
    }
}

/// torchinfo's memory figures (`torchinfo.summary(model, input_size=(1, C, H, W))`),
/// from [`Report::torchinfo`]. They are not this crate's own figures, and differ from
/// them on purpose:
///
/// - **Input size** is `sys.getsizeof` of the input tensor's storage: its bytes plus
///   the storage object's header, [`Torchinfo::STORAGE_HEADER`] bytes.
/// - **Forward/backward pass size** is twice (for the gradients) the output bytes of
///   the layers that have parameters; layers without (activations, pooling, `add`)
///   count nothing, and the input does not count.
/// - **Params size** is the bytes of `parameters()`: BatchNorm's running statistics,
///   which are buffers, are left out.
/// - **Estimated Total Size** is their sum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Torchinfo {
    /// "Input size".
    pub input_bytes: u128,
    /// "Forward/backward pass size".
    pub forward_backward_bytes: u128,
    /// "Params size".
    pub param_bytes: u128,
    /// "Estimated Total Size".
    pub total_bytes: u128,
}

impl Torchinfo {
    /// What `sys.getsizeof` adds to a tensor storage's bytes: 64 under CPython 3.11
    /// with torch 2.15 (`sys.getsizeof(torch.rand(1, 1, 28, 28).untyped_storage())`
    /// is 3_200 for 3_136 bytes).
    pub const STORAGE_HEADER: u128 = 64;
}

impl Metric {
    /// The network's value.
    pub const fn of(self, r: &Report) -> u64 {
        match self {
            Metric::Params => r.totals.params,
            Metric::Macs => r.totals.macs,
            Metric::ParamMemory => r.param_bytes,
            Metric::ActivationMemory => r.activation_bytes,
            Metric::PeakMemory => r.peak_activation_bytes,
        }
    }

    /// One layer's share, given the values alive while it runs (`live`): what makes a
    /// layer one of those that contribute most. Saturates; never more than the total.
    pub const fn share<N>(self, layer: &Layer<N>, live: u64, dtype: Dtype) -> u64 {
        let b = dtype.bytes();
        match self {
            Metric::Params => layer.params,
            Metric::Macs => layer.macs,
            Metric::ParamMemory => layer
                .params
                .saturating_add(layer.non_trainable)
                .saturating_mul(b),
            // The total counts every layer's output but the input's.
            Metric::ActivationMemory => match layer.kind {
                Kind::Input(_) => 0,
                _ => layer.activations().saturating_mul(b),
            },
            Metric::PeakMemory => live.saturating_mul(b),
        }
    }

    /// What one unit of the metric is called: `parameters`, `bytes`.
    const fn unit(self) -> &'static str {
        match self {
            Metric::Params => "parameters",
            Metric::Macs => "MACs",
            _ => "bytes",
        }
    }
}

/// `budget METRIC <= LIMIT;`: a bound the network must stay within.
///
/// ```
/// use cnn_core::{Budget, Dtype, Field, Metric, Report, Totals};
/// let totals = Totals { params: 217_706, ..Totals::default() };
/// let report = Report::new(totals, Dtype::F32, Field::INPUT).unwrap();
/// let budget = Budget { metric: Metric::Params, limit: 200_000 };
/// let over = budget.check(&report).unwrap_err();
/// assert_eq!(over.to_string(), "the network has 217_706 parameters, 17_706 over its budget of 200_000");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Budget {
    /// What is limited.
    pub metric: Metric,
    /// The most allowed.
    pub limit: u64,
}

impl Budget {
    /// `Ok` within the budget, or by how much it is exceeded.
    pub fn check(&self, report: &Report) -> Result<(), Overrun> {
        let actual = self.metric.of(report);
        if actual <= self.limit {
            Ok(())
        } else {
            Err(Overrun {
                budget: *self,
                actual,
            })
        }
    }
}

/// A budget exceeded; its `Display` is the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Overrun {
    /// The budget.
    pub budget: Budget,
    /// The network's value.
    pub actual: u64,
}

impl fmt::Display for Overrun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (m, actual, limit) = (self.budget.metric, self.actual, self.budget.limit);
        let over = actual - limit;
        let what = match m {
            Metric::Params | Metric::Macs => "the network has",
            Metric::ParamMemory => "the parameters take",
            Metric::ActivationMemory => "the activations take",
            Metric::PeakMemory => "the activations alive at once peak at",
        };
        let unit = m.unit();
        if m.is_bytes() {
            write!(
                f,
                "{what} {} bytes ({}), {} bytes over its budget of {} bytes ({})",
                Grouped(actual),
                Binary(actual),
                Grouped(over),
                Grouped(limit),
                Binary(limit)
            )
        } else {
            write!(
                f,
                "{what} {} {unit}, {} over its budget of {}",
                Grouped(actual),
                Grouped(over),
                Grouped(limit)
            )
        }
    }
}

/// The (at most) three largest of `shares`, largest first, earliest first among
/// equals: `(position, share)`. Zero shares are left out.
pub fn top_three(shares: impl IntoIterator<Item = u64>) -> [Option<(usize, u64)>; 3] {
    let mut top: [Option<(usize, u64)>; 3] = [None; 3];
    for (i, v) in shares.into_iter().enumerate() {
        if v == 0 {
            continue;
        }
        let mut item = Some((i, v));
        for slot in top.iter_mut() {
            match (*slot, item) {
                (None, _) => {
                    *slot = item;
                    break;
                }
                (Some((_, s)), Some((_, v))) if v > s => core::mem::swap(slot, &mut item),
                _ => {}
            }
        }
    }
    top
}

/// `expect FIGURE VALUE;`: a figure the network must have exactly, checked by rustc
/// beside the `const _: () = assert!(...)` idiom, with both values in the message.
///
/// ```
/// use cnn_core::{Expect, Shape};
/// let wrong = Expect::Params(217_706).check(217_707, 0, 0, Shape::Flat(10)).unwrap_err();
/// assert_eq!(wrong.to_string(), "the network has 217_707 parameters, not the 217_706 expected");
/// assert_eq!(wrong.fix().to_string(), "if the network is right, write `expect params 217_707;`");
/// assert!(Expect::Output(Shape::Flat(10)).check(0, 0, 0, Shape::Flat(10)).is_ok());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expect {
    /// `expect params N`: `PARAMS`.
    Params(u64),
    /// `expect non_trainable N`: `NON_TRAINABLE_PARAMS`.
    NonTrainable(u64),
    /// `expect macs N`: `MACS`.
    Macs(u64),
    /// `expect output DIMS`: the last layer's output.
    Output(Shape),
}

impl Expect {
    /// The figure it pins.
    pub const fn figure(self) -> Figure {
        match self {
            Expect::Params(_) => Figure::Params,
            Expect::NonTrainable(_) => Figure::NonTrainable,
            Expect::Macs(_) => Figure::Macs,
            Expect::Output(_) => Figure::Output,
        }
    }

    /// `Ok` when the network's figures (`PARAMS`, `NON_TRAINABLE_PARAMS`, `MACS`, the
    /// last layer's output) hold the expected one, or the network's value.
    pub fn check(
        self,
        params: u64,
        non_trainable: u64,
        macs: u64,
        output: Shape,
    ) -> Result<(), Unexpected> {
        let actual = match self {
            Expect::Params(_) => Expect::Params(params),
            Expect::NonTrainable(_) => Expect::NonTrainable(non_trainable),
            Expect::Macs(_) => Expect::Macs(macs),
            Expect::Output(_) => Expect::Output(output),
        };
        if actual == self {
            return Ok(());
        }
        Err(Unexpected {
            expected: self,
            actual,
        })
    }
}

impl fmt::Display for Expect {
    /// The value as the statement writes it: `217_706`, `32x5x5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Expect::Params(n) | Expect::NonTrainable(n) | Expect::Macs(n) => Grouped(n).fmt(f),
            Expect::Output(shape) => shape.fmt(f),
        }
    }
}

/// An `expect` that does not hold; its `Display` is the message, [`Unexpected::fix`]
/// the help.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Unexpected {
    /// What was expected.
    pub expected: Expect,
    /// What the network has, of the same figure.
    pub actual: Expect,
}

impl Unexpected {
    /// The statement that holds for the network as it is.
    pub fn fix(&self) -> impl fmt::Display + '_ {
        struct Fix<'u>(&'u Unexpected);
        impl fmt::Display for Fix<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let actual = self.0.actual;
                let word = actual.figure().keyword();
                write!(
                    f,
                    "if the network is right, write `expect {word} {actual};`"
                )
            }
        }
        Fix(self)
    }
}

impl fmt::Display for Unexpected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (actual, expected) = (self.actual, self.expected);
        match actual.figure() {
            Figure::Output => write!(
                f,
                "the network's output is {actual}, not the {expected} expected"
            ),
            figure => {
                let unit = match figure {
                    Figure::Params => "parameters",
                    Figure::NonTrainable => "non-trainable values",
                    Figure::Macs | Figure::Output => "MACs",
                };
                write!(
                    f,
                    "the network has {actual} {unit}, not the {expected} expected"
                )
            }
        }
    }
}
