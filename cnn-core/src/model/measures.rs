//! What a network is measured in: its element type, and what budgets limit.

/// The element type of parameters and activations: `dtype f16;` in a network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Dtype {
    /// 32-bit float, 4 bytes; the default.
    #[default]
    F32,
    /// 16-bit float, 2 bytes.
    F16,
    /// bfloat16, 2 bytes.
    Bf16,
    /// 8-bit integer (quantized), 1 byte.
    I8,
}

impl Dtype {
    /// Every element type, as the DSL names them.
    pub const ALL: [Dtype; 4] = [Dtype::F32, Dtype::F16, Dtype::Bf16, Dtype::I8];

    /// Bytes per value.
    pub const fn bytes(self) -> u64 {
        match self {
            Dtype::F32 => 4,
            Dtype::F16 | Dtype::Bf16 => 2,
            Dtype::I8 => 1,
        }
    }
}

/// What a budget limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    /// `params`: learnable parameters.
    Params,
    /// `macs`: multiply-accumulates for one input.
    Macs,
    /// `param_memory`: bytes of parameters and running statistics.
    ParamMemory,
    /// `activation_memory`: bytes of all layers' outputs together.
    ActivationMemory,
    /// `peak_memory`: the most activation bytes alive at once.
    PeakMemory,
}

impl Metric {
    /// Every metric, as the DSL names them.
    pub const ALL: [Metric; 5] = [
        Metric::Params,
        Metric::Macs,
        Metric::ParamMemory,
        Metric::ActivationMemory,
        Metric::PeakMemory,
    ];

    /// Whether the metric is in bytes (`256KiB`) rather than a count (`60M`).
    pub const fn is_bytes(self) -> bool {
        !matches!(self, Metric::Params | Metric::Macs)
    }
}

/// What an `expect` statement pins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Figure {
    /// `params`: learnable parameters, `PARAMS`.
    Params,
    /// `non_trainable`: running statistics, `NON_TRAINABLE_PARAMS`.
    NonTrainable,
    /// `macs`: multiply-accumulates, `MACS`.
    Macs,
    /// `output`: the last layer's output shape.
    Output,
}

impl Figure {
    /// Every figure, as the DSL names them.
    pub const ALL: [Figure; 4] = [
        Figure::Params,
        Figure::NonTrainable,
        Figure::Macs,
        Figure::Output,
    ];
}
