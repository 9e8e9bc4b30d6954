//! A trained model's weights as they are: a PyTorch `state_dict` from `.safetensors` or
//! `.pth`, loaded into a network's variables strictly, as `load_state_dict` does, or
//! not, for fine-tuning.

use crate::Model;
use candle_core::{DType, Device, Result, Tensor};
use candle_nn::{VarBuilder, VarMap};
use cnn::Network;
use std::collections::HashMap;
use std::path::Path;

/// The tensors of a checkpoint by name: a `.safetensors` file, or a `.pth` / `.pt` /
/// `.bin` file that `torch.save` wrote (of a `state_dict`, or of a dict holding one
/// under `state_dict`, as training scripts often save), read with candle's reader of
/// PyTorch's pickle format — no Python.
///
/// ```no_run
/// let tensors = cnn_candle::state_dict("resnet18.pth")?;
/// assert!(tensors.contains_key("fc.weight"));
/// # Ok::<(), candle_core::Error>(())
/// ```
pub fn state_dict(path: impl AsRef<Path>) -> Result<HashMap<String, Tensor>> {
    let path = path.as_ref();
    let safetensors = path.extension().is_some_and(|e| e == "safetensors");
    if safetensors {
        return candle_core::safetensors::load(path, &Device::Cpu);
    }
    let mut tensors = candle_core::pickle::read_all(path)?;
    if tensors.is_empty() {
        tensors = candle_core::pickle::read_all_with_key(path, Some("state_dict"))?;
    }
    Ok(tensors.into_iter().collect())
}

impl Model {
    /// The model of `N` with its variables in `vars` (in `dtype` on `device`), set from
    /// `tensors`, a `state_dict` ([`state_dict`] reads one from a file).
    ///
    /// `strict`, as PyTorch's `load_state_dict(strict=True)`: every tensor the network
    /// has must be there with its shape, and every tensor there must be the network's
    /// (`num_batches_tracked`, which candle has no use for, aside) — else one error
    /// lists every problem, names each layer and its statement, and suggests the
    /// nearest key for a missing one. Not strict (a new head to fine-tune): what is
    /// there with the right shape is set, the rest keeps its fresh values, drawn as
    /// PyTorch draws them. A tensor that holds integers is refused either way.
    ///
    /// The variables are `vars`' own: an optimizer over `vars.all_vars()` trains the
    /// model, and one over some of them (by name, `vars.data()`) leaves the others
    /// frozen.
    pub fn from_state_dict<N: Network>(
        tensors: &HashMap<String, Tensor>,
        vars: &VarMap,
        strict: bool,
        dtype: DType,
        device: &Device,
    ) -> Result<Model> {
        let model = Model::load::<N>(VarBuilder::from_varmap(vars, dtype, device))?;
        let mut problems = Vec::new();
        let mut wanted = Vec::new();
        for layer in N::LAYERS {
            for param in layer.param_shapes().iter() {
                let key = param.key(&layer.name).to_string();
                let dims: Vec<usize> = param.dims.iter().map(|&d| d as usize).collect();
                let at = format!("{} ({})", layer.name, layer.kind.statement());
                wanted.push((key, dims, at));
            }
        }
        let data = vars
            .data()
            .lock()
            .map_err(|e| candle_core::Error::Msg(e.to_string()))?;
        for (key, dims, at) in &wanted {
            let Some(t) = tensors.get(key) else {
                if strict {
                    let near = nearest(key, tensors.keys().map(String::as_str))
                        .map(|k| format!("; the file has `{k}`"))
                        .unwrap_or_default();
                    problems.push(format!("missing `{key}` {dims:?} of {at}{near}"));
                }
                continue;
            };
            if t.dtype().is_int() {
                problems.push(format!(
                    "`{key}` holds {:?} values, not real numbers",
                    t.dtype()
                ));
                continue;
            }
            if t.dims() != dims.as_slice() {
                problems.push(format!(
                    "`{key}` is {:?} in the file, {dims:?} in {at}",
                    t.dims()
                ));
                continue;
            }
            if let Some(var) = data.get(key) {
                var.set(&t.to_dtype(dtype)?.to_device(device)?)?;
            }
        }
        if strict {
            let mut unexpected: Vec<&String> = tensors
                .keys()
                .filter(|k| !k.ends_with("num_batches_tracked"))
                .filter(|k| !wanted.iter().any(|(w, _, _)| w == *k))
                .collect();
            unexpected.sort();
            problems.extend(unexpected.into_iter().map(|k| format!("unexpected `{k}`")));
        }
        if problems.is_empty() {
            return Ok(model);
        }
        Err(candle_core::Error::Msg(format!(
            "the state_dict does not fit {} ({} problems):\n  {}",
            std::any::type_name::<N>(),
            problems.len(),
            problems.join("\n  ")
        )))
    }
}

/// The key nearest to `key` by edit distance, when it is a likely typo or rename (at
/// most a third of the key's length away).
fn nearest<'a>(key: &str, keys: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = key.chars().count() / 3;
    keys.map(|k| (distance(key, k), k))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein's distance between two strings, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_by_hand() {
        assert_eq!(distance("weight", "weights"), 1);
        assert_eq!(distance("conv1.weight", "conv2.weight"), 1);
        assert_eq!(distance("bn", "nb"), 2);
        assert_eq!(distance("", "abc"), 3);
        let keys = ["layer1.0.conv1.weights", "fc.bias"];
        assert_eq!(
            nearest("layer1.0.conv1.weight", keys.into_iter()),
            Some("layer1.0.conv1.weights")
        );
        assert_eq!(nearest("output.weight", keys.into_iter()), None);
    }
}
