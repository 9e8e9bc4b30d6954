//! What the candle tests compare outputs by.
#![allow(dead_code)]

use candle_core::{DType, Tensor};

/// The largest absolute value of `t` (of any float type), 0 for an empty tensor.
pub fn largest(t: &Tensor) -> f32 {
    if t.elem_count() == 0 {
        return 0.0;
    }
    let max = t.abs().unwrap().max_all().unwrap();
    max.to_dtype(DType::F32).unwrap().to_scalar().unwrap()
}

/// The largest difference between `y` and `expected`.
pub fn largest_difference(y: &Tensor, expected: &Tensor) -> f32 {
    largest(&(y - expected).unwrap())
}

/// The largest difference as a share of `expected`'s largest value.
pub fn off(y: &Tensor, expected: &Tensor) -> f32 {
    largest_difference(y, expected) / largest(expected).max(f32::MIN_POSITIVE)
}
