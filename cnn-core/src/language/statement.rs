//! A layer written back as the DSL statement that makes it, its defaults left out:
//! `conv 64 k3 s2 p1`, for the diagram and the graph exports.

use crate::fmt::Real;
use crate::kind::{Activation, Groups, Kind, Norm, Padding};
use crate::shape::{Interpolation, PerAxis};
use crate::words::OptionWord;
use core::fmt;

/// A layer as the statement that makes it: see [`Kind::statement`].
#[derive(Clone, Copy, Debug)]
pub struct Statement(Kind);

impl Kind {
    /// The statement that makes this layer, with the options that differ from their
    /// defaults, by the rank-free keywords.
    ///
    /// ```
    /// use cnn_core::{Conv, Kind, Padding, PerAxis};
    /// let conv = Conv { stride: PerAxis::uniform(2), padding: Padding::Explicit(PerAxis::uniform(1)), bias: false, ..Conv::new(64, PerAxis::uniform(3)) };
    /// assert_eq!(Kind::Conv(conv).statement().to_string(), "conv 64 k3 s2 p1 nobias");
    /// ```
    pub const fn statement(&self) -> Statement {
        Statement(*self)
    }
}

/// ` kK`: an option's word and value, unless the value is `default`.
fn option(f: &mut fmt::Formatter<'_>, o: OptionWord, v: PerAxis, default: u64) -> fmt::Result {
    if v == PerAxis::uniform(default) {
        return Ok(());
    }
    write!(f, " {}{v}", o.opt().word)
}

/// ` same`, ` nobias`: an option without a value, when `on`.
/// A normalization's ` eps E` and ` momentum M`, where they are not PyTorch's defaults.
fn norm(f: &mut fmt::Formatter<'_>, n: Norm) -> fmt::Result {
    let word = |o: OptionWord| o.opt().word;
    if n.eps != Norm::DEFAULT.eps {
        write!(f, " {} {}", word(OptionWord::Eps), Real(n.eps))?;
    }
    if n.momentum != Norm::DEFAULT.momentum {
        write!(f, " {} {}", word(OptionWord::Momentum), Real(n.momentum))?;
    }
    Ok(())
}

fn flag(f: &mut fmt::Formatter<'_>, o: OptionWord, on: bool) -> fmt::Result {
    if on {
        write!(f, " {}", o.opt().word)?;
    }
    Ok(())
}

fn mode(f: &mut fmt::Formatter<'_>, m: Interpolation) -> fmt::Result {
    flag(f, OptionWord::Mode(m), m != Interpolation::Nearest)
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.0;
        let word = kind.keyword().word();
        f.write_str(word)?;
        match kind {
            Kind::Input(shape) => write!(f, " {shape}"),
            Kind::Conv(c) => {
                write!(
                    f,
                    " {} {}{}",
                    c.filters,
                    OptionWord::Kernel.opt().word,
                    c.kernel
                )?;
                option(f, OptionWord::Stride, c.stride, 1)?;
                match c.padding {
                    Padding::Explicit(p) => option(f, OptionWord::Padding, p, 0)?,
                    Padding::Same => flag(f, OptionWord::Same, true)?,
                }
                option(f, OptionWord::Dilation, c.dilation, 1)?;
                match c.groups {
                    Groups::Count(g) => option(f, OptionWord::Groups, PerAxis::uniform(g), 1)?,
                    Groups::Depthwise => flag(f, OptionWord::Depthwise, true)?,
                }
                flag(f, OptionWord::NoBias, !c.bias)
            }
            Kind::ConvTranspose(c) => {
                write!(
                    f,
                    " {} {}{}",
                    c.filters,
                    OptionWord::Kernel.opt().word,
                    c.kernel
                )?;
                option(f, OptionWord::Stride, c.stride, 1)?;
                option(f, OptionWord::Padding, c.padding, 0)?;
                option(f, OptionWord::OutputPadding, c.output_padding, 0)?;
                option(f, OptionWord::Dilation, c.dilation, 1)?;
                option(f, OptionWord::Groups, PerAxis::uniform(c.groups), 1)?;
                flag(f, OptionWord::NoBias, !c.bias)
            }
            Kind::MaxPool(p) | Kind::AvgPool(p) => {
                write!(f, " {}", p.kernel)?;
                if p.stride != p.kernel {
                    write!(f, " {}{}", OptionWord::Stride.opt().word, p.stride)?;
                }
                option(f, OptionWord::Padding, p.padding, 0)?;
                flag(f, OptionWord::Ceil, p.ceil)
            }
            Kind::AdaptiveAvgPool(size) | Kind::AdaptiveMaxPool(size) => write!(f, " {size}"),
            Kind::Upsample(u) => {
                write!(f, " {}", u.scale)?;
                mode(f, u.mode)
            }
            Kind::Resize(r) => {
                write!(f, " {}", r.size)?;
                mode(f, r.mode)
            }
            Kind::Dense(d) | Kind::Linear(d) => {
                write!(f, " {}", d.units)?;
                flag(f, OptionWord::NoBias, !d.bias)
            }
            Kind::GroupNorm(g, n) => {
                write!(f, " {g}")?;
                norm(f, n)
            }
            Kind::Shuffle(g) | Kind::PixelShuffle(g) | Kind::PixelUnshuffle(g) => write!(f, " {g}"),
            Kind::Pad(p) => write!(f, " {p}"),
            Kind::InstanceNorm(affine, n) => {
                flag(f, OptionWord::Affine, affine)?;
                norm(f, n)
            }
            Kind::BatchNorm(n) | Kind::LayerNorm(n) => norm(f, n),
            Kind::Dropout(d) | Kind::DropPath(d) => write!(f, " {}", Real(d.p)),
            Kind::Activation(Activation::LeakyRelu { negative_slope }) => {
                write!(f, " {}", Real(negative_slope))
            }
            Kind::Activation(Activation::Elu { alpha }) => write!(f, " {}", Real(alpha)),
            Kind::GlobalAvgPool
            | Kind::Flatten
            | Kind::LayerScale
            | Kind::PRelu
            | Kind::Activation(_)
            | Kind::Add
            | Kind::Cat
            | Kind::From(_)
            | Kind::Mul => Ok(()),
        }
    }
}
