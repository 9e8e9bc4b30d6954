"""cnn-candle's forward pass against PyTorch's and ONNX Runtime's, side by side, run by
hand (CI has neither):

    python3 cnn-candle/scripts/speed.py

For each network (torchvision's ResNet-18, ResNet-50, MobileNetV3-Large,
EfficientNet-B0) and batch (1, 8), at 3x224x224, f32, 2 threads: PyTorch eager
(eval, no_grad), ONNX Runtime's CPU provider on the model exported by
`torch.onnx.export`, and `cargo run --release -p cnn-candle --example speed`, one after
the other, each the median of 11 runs after a warm-up; then the ratios.
"""

import os
import statistics
import subprocess
import tempfile
import time
import warnings

import torch
from torchvision import models

THREADS = 2
NETWORKS = {
    "resnet18": models.resnet18,
    "resnet50": models.resnet50,
    "mobilenet_v3_large": models.mobilenet_v3_large,
    "efficientnet_b0": models.efficientnet_b0,
}
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def median_ms(run):
    run()
    times = []
    for _ in range(11):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def onnx_runtime(net, x):
    try:
        import onnxruntime as ort
    except ImportError:
        return float("nan")
    path = os.path.join(tempfile.mkdtemp(), "net.onnx")
    try:
        torch.onnx.export(net, (x,), path, input_names=["x"], dynamo=False)
    except Exception as e:  # an exporter that cannot: no figure
        print("  onnx export failed:", e)
        return float("nan")
    options = ort.SessionOptions()
    options.intra_op_num_threads = THREADS
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    feed = {"x": x.numpy()}
    return median_ms(lambda: session.run(None, feed))


def candle(name, batch, built):
    args = ["cargo", "run", "-q", "--release", "-p", "cnn-candle", "--example", "speed", "--", name, str(batch)]
    out = subprocess.run(args + (["built"] if built else []), cwd=ROOT, capture_output=True, text=True, check=True)
    fast, slow = out.stdout.split()
    return float(fast), float(slow)


def main():
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    torch.set_num_threads(THREADS)
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "cnn-candle", "--example", "speed"], cwd=ROOT, check=True)
    rows = []
    for name, build in NETWORKS.items():
        net = build().eval()
        for batch in (1, 8):
            x = torch.randn(batch, 3, 224, 224)
            with torch.no_grad():
                pt = median_ms(lambda: net(x))
            rt = onnx_runtime(net, x)
            fast, slow = candle(name, batch, built=name == "resnet18")
            rows.append((name, batch, pt, rt, fast, slow))
            print(f"{name} batch {batch}: PyTorch {pt:.1f} ms, ONNX Runtime {rt:.1f} ms, "
                  f"cnn-candle {fast:.1f} ms (as built {slow:.1f}); cnn-candle / PyTorch {fast / pt:.2f}, "
                  f"/ ONNX Runtime {fast / rt:.2f}", flush=True)
    print("\n| network | batch | PyTorch | ONNX Runtime | cnn-candle for inference | / PyTorch | / ONNX Runtime |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, batch, pt, rt, fast, slow in rows:
        print(f"| {name} | {batch} | {pt:.1f} ms | {rt:.1f} ms | {fast:.1f} ms | {fast / pt:.2f} | {fast / rt:.2f} |")


if __name__ == "__main__":
    main()
