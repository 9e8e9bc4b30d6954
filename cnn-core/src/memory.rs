//! Memory in bytes, and budgets that a network must stay within.

use crate::eval::Totals;
use crate::field::Field;
use crate::fmt::{Binary, Grouped};
use crate::kind::Kind;
use crate::layer::Layer;
use crate::measures::{Dtype, Metric};
use crate::network::NetworkConst;
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
