"""The convolution sweep for cnn-candle's tests: one PyTorch convolution per case, over
the shapes that stress a backend's kernel, saved to `tests/fixtures/sweep.safetensors`
for `tests/sweep.rs`.

candle-core 0.9.2's padded `conv2d` was wrong exactly when the input's channel count
equalled its padded or unpadded spatial size; the golden networks never had such a
shape. So every case here sets the channel count to one of the spatial size's
neighbours: one below, equal to and one above the unpadded and the padded size, for
strides 1 and 2, paddings 0 to 2, kernels 1 to 3, dilations 1 and 2, groups 1, a
divisor of the channels, and depthwise, at ranks 1, 2 and 3, convolutions and
transposed ones, in batches of 0, 1 and 2.

Each case `i` stores `i.config` (int64: rank, transposed, batch, in channels, out
channels, size, kernel, stride, padding, dilation, groups, output padding),
`i.input`, `i.conv.weight`, `i.conv.bias` and `i.output`.

Run by hand, never in CI:  pip install torch safetensors && python3 scripts/sweep.py
Ran with torch 2.15.0 (CPU), safetensors 0.8.0, Python 3.11.
"""
import os
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

torch.manual_seed(0)
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "sweep.safetensors")
CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
TRANSPOSED = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def groups_for(cin, cout_base):
    """Groups 1, the smallest divisor of `cin` above 1, and depthwise."""
    out = [(1, cout_base)]
    divisor = next((g for g in range(2, cin) if cin % g == 0), None)
    if divisor:
        out.append((divisor, 2 * divisor))
    if cin > 1:
        out.append((cin, cin))
    return out


def cases():
    seen = set()
    n = 0
    plans = [
        # rank, sizes, kernels, paddings, strides, transposed
        (2, [5, 8], [1, 3], [0, 1, 2], [1, 2], False),
        (1, [7, 8], [3], [0, 1, 2], [1, 2], False),
        (3, [4], [3], [0, 1], [1, 2], False),
        (2, [4, 5], [3], [0, 1], [1, 2], True),
        (1, [5], [3], [0, 1], [1, 2], True),
    ]
    for rank, sizes, kernels, paddings, strides, transposed in plans:
        for size in sizes:
            for k in kernels:
                for p in paddings:
                    for s in strides:
                        for cin in sorted({size - 1, size, size + 1, size + 2 * p - 1,
                                           size + 2 * p, size + 2 * p + 1}):
                            for g, cout in groups_for(cin, 4):
                                n += 1
                                d = 2 if n % 5 == 0 and not transposed else 1
                                op = 1 if transposed and s == 2 and n % 2 == 0 else 0
                                batch = (2, 1, 2, 0)[n % 4] if n % 7 else 0
                                if transposed:
                                    if p > (k - 1) * d:
                                        continue
                                    out = (size - 1) * s - 2 * p + d * (k - 1) + op + 1
                                else:
                                    out = (size + 2 * p - d * (k - 1) - 1) // s + 1
                                if out < 1:
                                    continue
                                key = (rank, transposed, batch, cin, cout, size, k, s, p, d, g, op)
                                if key in seen:
                                    continue
                                seen.add(key)
                                yield key


def main():
    tensors = {}
    for i, (rank, transposed, batch, cin, cout, size, k, s, p, d, g, op) in enumerate(cases()):
        x = torch.randn(batch, cin, *([size] * rank))
        if transposed:
            w = torch.randn(cin, cout // g, *([k] * rank)) / (cin * k ** rank) ** 0.5
            b = torch.randn(cout)
            y = TRANSPOSED[rank](x, w, b, stride=s, padding=p, output_padding=op,
                                 groups=g, dilation=d)
        else:
            w = torch.randn(cout, cin // g, *([k] * rank)) / (cin // g * k ** rank) ** 0.5
            b = torch.randn(cout)
            y = CONV[rank](x, w, b, stride=s, padding=p, dilation=d, groups=g)
        config = [rank, int(transposed), batch, cin, cout, size, k, s, p, d, g, op]
        tensors[f"{i}.config"] = torch.tensor(config, dtype=torch.int64)
        tensors[f"{i}.input"] = x.contiguous()
        tensors[f"{i}.conv.weight"] = w.contiguous()
        tensors[f"{i}.conv.bias"] = b.contiguous()
        tensors[f"{i}.output"] = y.contiguous()
    save_file(tensors, OUT)
    print(f"{len(tensors) // 5} cases, {os.path.getsize(OUT)} bytes")


if __name__ == "__main__":
    main()
