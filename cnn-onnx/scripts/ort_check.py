"""The exported example networks in ONNX Runtime, and through ONNX's checker: run by hand
(CI has no Python).

    mkdir -p /tmp/onnx
    CNN_ONNX_DIR=/tmp/onnx cargo test -p cnn-onnx --release --test zoo -- --include-ignored
    python3 cnn-onnx/scripts/ort_check.py /tmp/onnx

The zoo test writes each example network it exports (random weights) as `NAME.onnx`,
with an input of batch 2, cnn-candle's outputs for it and the same model's in float64
as `NAME.onnx.io.safetensors` (the reference, `exact:i`; import.rs's full-size test
writes torchvision's models exported again, with PyTorch's outputs as the reference).
For each, `onnx.checker.check_model(full_check=True)`
(which runs ONNX's shape inference too) must accept the model, and ONNX Runtime's CPU
provider must compute every output within 1e-5 of its scale (the largest difference
over the largest value) of cnn-candle's, or within three times cnn-candle's own distance
from float64 where a random deep network's rounding is more (as the Rust test asks
of tract). Prints one line a model; exits 1 if any fails.
"""

import glob
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from safetensors.numpy import load_file


def main():
    folder = sys.argv[1]
    failed = 0
    for path in sorted(glob.glob(os.path.join(folder, "*.onnx"))):
        name = os.path.basename(path)[: -len(".onnx")]
        io = load_file(path + ".io.safetensors")
        try:
            onnx.checker.check_model(onnx.load(path), full_check=True)
        except Exception as e:  # the checker's own error, printed
            print(f"{name}: the checker refuses it: {e}")
            failed += 1
            continue
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        got = session.run(None, {"input": io["input"]})
        worst, rounding, direct = 0.0, 0.0, 0.0
        for i, y in enumerate(got):
            want, exact = io[f"output:{i}"], io[f"exact:{i}"]
            assert y.shape == want.shape, (name, i, y.shape, want.shape)
            scale = max(float(np.abs(want).max()), 1e-30)
            worst = max(worst, float(np.abs(y - want).max()) / scale)
            rounding = max(rounding, float(np.abs(want - exact).max()) / scale)
            direct = max(direct, float(np.abs(y - exact).max()) / scale)
        ok = worst <= max(1e-5, 3 * rounding)
        failed += not ok
        print(
            f"{name}: checker ok, {len(got)} output(s), {worst:.2e} of the output's scale"
            f" (candle's from the reference: {rounding:.2e}; ONNX Runtime's: {direct:.2e})"
            f"{'' if ok else '  FAIL'}"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
