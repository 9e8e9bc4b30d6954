//! What the candle tests compare outputs by.
#![allow(dead_code)]

use candle_core::{DType, Tensor};
use std::collections::HashMap;

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

/// Runs `model` on `x` and compares every output with `expected`'s: the last with
/// `output`, each other by name (`output:aux1`). When `expected` names any output, it
/// must name every one but the last. The largest difference, as a share of each.
pub fn every_output(
    model: &cnn_candle::Model,
    x: &Tensor,
    expected: &HashMap<String, Tensor>,
    name: &str,
) -> f32 {
    let all = model.forward_all_t(x, false).unwrap();
    let named = expected.keys().any(|k| k.starts_with("output:"));
    let mut worst: f32 = 0.0;
    for (i, (output, y)) in all.iter().enumerate() {
        let last = i + 1 == all.len();
        let key = if last {
            "output".to_string()
        } else {
            format!("output:{output}")
        };
        match expected
            .get(&key)
            .or(expected.get(&format!("output:{output}")))
        {
            Some(e) => {
                assert_eq!(y.dims(), e.dims(), "{name}: {output}");
                worst = worst.max(off(y, e));
            }
            None => assert!(!named, "{name}: no {key} in the fixture"),
        }
    }
    worst
}
