//! Fully connected layers, `nn.Linear` with its implicit flatten, and `nn.Flatten`.

use super::{add, identity, mul, nonzero, Applied, Param, Params};
use crate::error::{Arg, ErrorKind, Quantity};
use crate::shape::{Factors, Shape};
use core::fmt;

/// A fully connected layer's hyper-parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dense {
    /// Output features, `N`.
    pub units: u64,
    /// Whether the layer has a bias (`nobias` turns it off).
    pub bias: bool,
}

impl Dense {
    /// At least one unit.
    pub(super) const fn check(self) -> Result<(), ErrorKind> {
        nonzero(self.units, Arg::Value)
    }

    /// Its output, parameters and MACs on `input`, flattened: `(in + b)*N`.
    pub(super) const fn apply(self, input: Shape) -> Result<Applied, ErrorKind> {
        let inputs = match input.elements() {
            Some(n) => n,
            None => return Err(ErrorKind::Overflow(Quantity::Elements)),
        };
        let params = tri!(mul(
            tri!(add(inputs, self.bias as u64, Quantity::Params)),
            self.units,
            Quantity::Params
        ));
        let macs = tri!(mul(inputs, self.units, Quantity::Macs));
        Ok(Applied {
            output: Shape::Flat(self.units),
            params,
            macs,
            ..identity(input)
        })
    }

    /// `weight` `[N, in]` (the flattened input) and `bias` `[N]`.
    pub(super) const fn param_shapes(&self, input: Shape) -> Params {
        let inputs = match input.elements() {
            Some(n) => n,
            None => u64::MAX,
        };
        let weight = Param::learned("weight", &[self.units, inputs]);
        match self.bias {
            true => Params::of(&[weight, Param::learned("bias", &[self.units])]),
            false => Params::of(&[weight]),
        }
    }

    /// As `nn.Linear` at every position of `input` (a `dense` inside `channelslast`):
    /// `C -> N` channels, the positions kept, `(C + b)*N` parameters and `C*N` MACs a
    /// position. On a flat vector, the same as [`Dense::apply`].
    pub(super) const fn apply_linear(self, input: Shape) -> Result<Applied, ErrorKind> {
        let channels = input.channels();
        let positions = match input.elements() {
            Some(n) if channels > 0 => n / channels,
            Some(_) => 0,
            None => return Err(ErrorKind::Overflow(Quantity::Elements)),
        };
        let params = tri!(mul(
            tri!(add(channels, self.bias as u64, Quantity::Params)),
            self.units,
            Quantity::Params
        ));
        let macs = tri!(mul(
            tri!(mul(channels, self.units, Quantity::Macs)),
            positions,
            Quantity::Macs
        ));
        Ok(Applied {
            output: input.with_channels(self.units),
            params,
            macs,
            ..identity(input)
        })
    }

    /// A linear layer at every position: `weight` `[N, C]` and `bias` `[N]`.
    pub(super) const fn linear_params(&self, input: Shape) -> Params {
        self.param_shapes(Shape::Flat(input.channels()))
    }

    /// `(C+1)*N` for a linear layer at every position.
    pub(super) fn linear_formula(self, input: Shape, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.formula(Shape::Flat(input.channels()), f)
    }

    /// `(C*H*W+1)*N`, or without the `+1` for `nobias`.
    pub(super) fn formula(self, input: Shape, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.units;
        if self.bias {
            write!(f, "({}+1)*{n}", Elements(input))
        } else {
            write!(f, "{}*{n}", Elements(input))
        }
    }
}

/// `nn.Flatten`: `CxHxW -> C*H*W`; a flat input passes unchanged.
pub(super) const fn flatten(input: Shape) -> Result<Applied, ErrorKind> {
    match input.elements() {
        Some(n) => Ok(Applied {
            output: Shape::Flat(n),
            ..identity(input)
        }),
        None => Err(ErrorKind::Overflow(Quantity::Elements)),
    }
}

/// A shape's element count as a product: `32*5*5`, or `256`.
struct Elements(Shape);

impl fmt::Display for Elements {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.sizes() {
            Some(sizes) => write!(f, "{}*{}", self.0.channels(), Factors(sizes, self.0.rank())),
            None => write!(f, "{}", self.0.channels()),
        }
    }
}
