"""Golden fixtures for cnn-candle's tests: small networks built in PyTorch, each the twin
of a `cnn!` network in `tests/golden.rs`, with random weights under the DSL's layer names,
a fixed input and PyTorch's output, saved as safetensors in `tests/fixtures/`.

Run by hand, never in CI:  pip install torch safetensors && python3 scripts/golden.py
Ran with torch 2.15.0 (CPU), safetensors 0.8.0, Python 3.11.
"""
import os
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import save_file

torch.manual_seed(0)
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures")


def key(k):
    """A state_dict key as torchvision names it: a layer scale's tensor is its path."""
    return k[: -len(".weight")] if k.split(".")[0].startswith("layerscale") else k


class LayerScale(nn.Module):
    """ConvNeXt's layer scale. torchvision holds it as a bare nn.Parameter of the block
    (`features.1.0.layer_scale`): `key` saves it under the module's own path."""

    def __init__(self, c):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(c, 1, 1))

    def forward(self, x):
        return x * self.weight


class Net(nn.Module):
    """Layers registered under the DSL's names; `run` is the network's forward."""

    def __init__(self, layers, run):
        super().__init__()
        for name, module in layers:
            self.add_module(name, module)
        self.run = run

    def forward(self, x):
        return self.run(self, x)


def randomize(net):
    """Random affine and running statistics, so that eval mode matters."""
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)):
                m.running_mean.normal_(0, 0.2)
                m.running_var.uniform_(0.5, 1.5)
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.LayerNorm, nn.GroupNorm)):
                m.weight.normal_(1, 0.2)
                m.bias.normal_(0, 0.2)
            if isinstance(m, nn.PReLU):
                m.weight.fill_(0.3)
            if isinstance(m, nn.modules.instancenorm._InstanceNorm) and m.affine:
                m.weight.normal_(1, 0.2)
                m.bias.normal_(0, 0.2)


def ln(x, m):
    """LayerNorm over the channels at each position (ConvNeXt's LayerNorm2d)."""
    return m(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


def shuffle(x, g):
    n, c, h, w = x.shape
    return x.view(n, g, c // g, h, w).transpose(1, 2).reshape(n, c, h, w)


def basics():
    layers = [
        ("conv2d1", nn.Conv2d(3, 8, 3, padding=1)),
        ("bn1", nn.BatchNorm2d(8)),
        ("maxpool1", nn.MaxPool2d(3, 2, ceil_mode=True)),
        ("avgpool1", nn.AvgPool2d(3, 2, padding=1, ceil_mode=True)),
        ("conv2d2", nn.Conv2d(8, 16, 3, stride=2)),
        ("dense1", nn.Linear(16 * 3 * 3, 20)),
        ("output", nn.Linear(20, 10)),
    ]

    def run(m, x):
        x = F.relu(m.bn1(m.conv2d1(x)))
        x = m.avgpool1(m.maxpool1(x))
        x = torch.flatten(m.conv2d2(x), 1)
        x = F.relu6(m.dense1(x))
        return F.softmax(m.output(x), 1)

    return Net(layers, run), (3, 24, 24)


def convs():
    layers = [
        ("conv2d1", nn.Conv2d(8, 16, 3, padding=1, groups=4, bias=False)),
        ("bn1", nn.BatchNorm2d(16)),
        ("conv2d2", nn.Conv2d(16, 16, 3, padding=2, dilation=2, groups=16)),
        ("conv2d3", nn.Conv2d(16, 16, 4)),
        ("conv2d4", nn.Conv2d(16, 12, (1, 5), padding=(0, 2))),
        ("conv2d5", nn.Conv2d(12, 12, 3, stride=2)),
        ("conv2d6", nn.Conv2d(12, 8, (5, 3), padding=(2, 1))),
        ("prelu1", nn.PReLU()),
    ]

    def run(m, x):
        x = F.leaky_relu(m.bn1(m.conv2d1(x)), 0.1)
        x = F.elu(m.conv2d2(x), 0.5)
        # Keras' `same` for k4: one row and column before, two after.
        x = F.gelu(m.conv2d3(F.pad(x, (1, 2, 1, 2))))
        x = F.silu(m.conv2d4(x))
        # `same` with stride 2 on 16: out 8, padding (8-1)*2 + 3 - 16 = 1, after.
        x = torch.sigmoid(m.conv2d5(F.pad(x, (0, 1, 0, 1))))
        x = torch.tanh(m.conv2d6(x))
        x = F.hardtanh(F.mish(F.hardsigmoid(F.hardswish(x))))
        # The map itself is the output: every position compared.
        return F.log_softmax(m.prelu1(x), 1)

    return Net(layers, run), (8, 16, 16)


def blocks():
    layers = [
        ("conv2d1", nn.Conv2d(16, 16, 3, padding=1, bias=False)),
        ("bn1", nn.BatchNorm2d(16)),
        ("conv2d2", nn.Conv2d(16, 16, 3, padding=1, bias=False)),
        ("bn2", nn.BatchNorm2d(16)),
        ("conv2d3", nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False)),
        ("bn3", nn.BatchNorm2d(32)),
        ("conv2d4", nn.Conv2d(16, 32, 1, stride=2, bias=False)),
        ("bn4", nn.BatchNorm2d(32)),
        ("conv2d5", nn.Conv2d(32, 32, 3, padding=1)),
        ("ln1", nn.LayerNorm(32)),
        ("layerscale1", LayerScale(32)),
        ("conv2d6", nn.Conv2d(32, 32, 3, padding=1)),
        ("ln2", nn.LayerNorm(32)),
        ("layerscale2", LayerScale(32)),
        ("conv2d7", nn.Conv2d(32, 8, 1)),
        ("conv2d8", nn.Conv2d(32, 8, 1)),
        ("conv2d9", nn.Conv2d(48, 48, 1)),
        ("conv2d10", nn.Conv2d(48, 12, 1)),
        ("conv2d11", nn.Conv2d(12, 48, 1)),
        ("conv2d12", nn.Conv2d(48, 48, 1)),
        ("conv2d13", nn.Conv2d(48, 48, 1)),
        ("conv2d14", nn.Conv2d(24, 24, 1)),
        ("gn1", nn.GroupNorm(4, 24)),
        ("output", nn.Linear(48 * 4 * 4, 10)),
    ]

    def run(m, x):
        x = F.relu(m.bn2(m.conv2d2(F.relu(m.bn1(m.conv2d1(x))))) + x)
        x = F.relu(m.bn3(m.conv2d3(x)) + m.bn4(m.conv2d4(x)))
        x = x + m.layerscale1(ln(m.conv2d5(x), m.ln1))  # droppath: identity at eval
        x = x + m.layerscale2(ln(m.conv2d6(x), m.ln2))
        x = torch.cat(
            [x, F.relu(m.conv2d7(x)), m.conv2d8(F.max_pool2d(x, 3, 1, 1))], 1
        )
        x = m.conv2d9(x) + x
        gate = F.adaptive_avg_pool2d(x, 1)
        x = x * F.hardsigmoid(m.conv2d11(F.relu(m.conv2d10(gate))))
        x = m.conv2d12(x) * torch.sigmoid(m.conv2d13(F.adaptive_avg_pool2d(x, 1)))
        a, b = torch.chunk(x, 2, 1)
        x = shuffle(torch.cat([a, F.relu(m.gn1(m.conv2d14(b)))], 1), 2)
        return m.output(torch.flatten(x, 1))

    return Net(layers, run), (16, 8, 8)


def up():
    layers = [
        ("convtranspose2d1", nn.ConvTranspose2d(4, 8, 2, stride=2)),
        ("convtranspose2d2", nn.ConvTranspose2d(8, 8, 3, stride=2, padding=1, output_padding=1, groups=2, bias=False)),
        ("conv2d1", nn.Conv2d(8, 4, 1)),
        ("output", nn.Linear(4 * 3 * 5, 3)),
    ]

    def run(m, x):
        x = m.convtranspose2d2(m.convtranspose2d1(x))  # 6 -> 12 -> 24
        x = F.max_pool2d(x, 2)  # 12
        x = F.interpolate(x, scale_factor=2, mode="nearest")  # 24
        x = F.interpolate(x, scale_factor=2, mode="bilinear")  # 48
        x = F.interpolate(x, size=(20, 20), mode="bilinear")
        x = F.interpolate(x, size=(30, 30), mode="nearest")
        x = F.adaptive_avg_pool2d(x, 7)
        x = F.adaptive_max_pool2d(x, (3, 5))
        return m.output(torch.flatten(m.conv2d1(x), 1))

    return Net(layers, run), (4, 6, 6)


def signal():
    layers = [
        ("conv1d1", nn.Conv1d(2, 8, 5, stride=2, padding=2)),
        ("bn1", nn.BatchNorm1d(8)),
        ("convtranspose1d1", nn.ConvTranspose1d(8, 4, 4, stride=2, padding=1)),
        ("conv1d2", nn.Conv1d(4, 6, 3, padding=1, groups=2)),
        ("output", nn.Linear(6 * 5, 3)),
    ]

    def run(m, x):
        x = F.relu(m.bn1(m.conv1d1(x)))  # 100 -> 50
        x = F.max_pool1d(x, 3, 2, ceil_mode=True)  # 25
        x = F.avg_pool1d(x, 3, 2, padding=1, ceil_mode=True)  # 13
        x = m.convtranspose1d1(x)  # 26
        x = F.interpolate(x, scale_factor=2, mode="nearest")  # 52
        x = F.adaptive_avg_pool1d(x, 5)
        x = m.conv1d2(x)
        return m.output(torch.flatten(x, 1))

    return Net(layers, run), (2, 100)


def batch_statistics():
    """BatchNorm in training mode: the batch's statistics, and the running ones updated
    (momentum 0.1, the unbiased variance), which an eval pass after it uses."""
    layers = [
        ("conv2d1", nn.Conv2d(3, 4, 3, padding=1)),
        ("bn1", nn.BatchNorm2d(4)),
        ("conv2d2", nn.Conv2d(4, 4, 3)),
        ("bn2", nn.BatchNorm2d(4)),
        ("output", nn.Linear(4 * 4 * 4, 3)),
    ]

    def run(m, x):
        x = m.bn2(m.conv2d2(F.relu(m.bn1(m.conv2d1(x)))))
        return m.output(torch.flatten(x, 1))

    net = Net(layers, run)
    randomize(net)
    tensors = {key(k): v.clone().contiguous() for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")}
    x = torch.randn(4, 3, 6, 6)
    net.train()
    with torch.no_grad():
        y_train = net(x)
        net.eval()
        y_eval = net(x)
    tensors.update({"input": x, "output_train": y_train, "output_eval_after": y_eval})
    save_file(tensors, os.path.join(OUT, "train.safetensors"))
    print("train", tuple(y_train.shape))


def volume():
    layers = [
        ("conv3d1", nn.Conv3d(2, 4, 3, padding=1)),
        ("bn1", nn.BatchNorm3d(4)),
        ("conv3d2", nn.Conv3d(4, 4, (1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1))),
        ("conv3d3", nn.Conv3d(4, 6, (3, 1, 1), stride=(2, 1, 1), padding=(1, 0, 0))),
        ("output", nn.Linear(6 * 2 * 2 * 2, 3)),
    ]

    def run(m, x):
        x = F.relu(m.bn1(m.conv3d1(x)))  # 4x4x8x8
        x = m.conv3d3(m.conv3d2(x))  # 4x4x4x4, then 6x2x4x4
        x = F.max_pool3d(x, 2, 1, 1)  # 6x3x5x5
        x = F.avg_pool3d(x, 2, 2, ceil_mode=True)  # 6x2x3x3, windows past the input
        x = F.interpolate(x, scale_factor=2, mode="trilinear")  # 6x4x6x6
        x = F.interpolate(x, size=(3, 5, 4), mode="nearest")
        x = F.adaptive_avg_pool3d(x, 2)
        return m.output(torch.flatten(x, 1))

    return Net(layers, run), (2, 4, 8, 8)


def interpolation():
    layers = [("output", nn.Linear(3 * 12 * 12, 4))]

    def run(m, x):
        x = F.interpolate(x, scale_factor=2, mode="bicubic")  # 14x18
        x = F.interpolate(x, size=(10, 5), mode="bicubic")
        x = F.interpolate(x, size=(12, 12), mode="bilinear")
        return m.output(torch.flatten(x, 1))

    return Net(layers, run), (3, 7, 9)


def linear():
    layers = [("output", nn.Linear(2 * 13, 2))]

    def run(m, x):
        x = F.interpolate(x, scale_factor=3, mode="linear")  # 30
        x = F.interpolate(x, size=7, mode="linear")
        x = F.interpolate(x, size=13, mode="nearest")
        return m.output(torch.flatten(x, 1))

    return Net(layers, run), (2, 10)


batch_statistics()

NETWORKS = [
    ("basics", basics),
    ("convs", convs),
    ("blocks", blocks),
    ("up", up),
    ("signal", signal),
    ("volume", volume),
    ("interpolation", interpolation),
    ("linear", linear),
]
for name, make in NETWORKS:
    net, shape = make()
    randomize(net)
    net.eval()
    x = torch.randn(2, *shape)
    with torch.no_grad():
        y = net(x)
    tensors = {key(k): v.contiguous() for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")}
    tensors["input"] = x
    tensors["output"] = y
    save_file(tensors, os.path.join(OUT, f"{name}.safetensors"))
    if name == "basics":
        # The same state_dict as torch.save writes it, num_batches_tracked included.
        torch.save(net.state_dict(), os.path.join(OUT, "basics.pth"))
    print(name, tuple(y.shape), sum(p.numel() for p in net.parameters()))


def nonfinite():
    """NaN and infinities as PyTorch propagates them: through every activation (one
    branch each, on an input holding NaN, +inf and -inf), every pool (a NaN anywhere
    in a window makes the window NaN), a weight that is infinite or NaN, and a 3-D
    pool whose NaN is in a later depth slice. Made after the other fixtures, so that
    theirs are unchanged."""
    x = torch.randn(2, 4, 5, 5)
    x[0, 0, 1, 1], x[0, 1, 2, 2], x[0, 2, 3, 3] = float("nan"), float("inf"), float("-inf")
    x[1, 3, 0, 0], x[1, 0, 4, 4], x[1, 1, 4, 0] = float("nan"), float("inf"), float("-inf")
    prelu = nn.PReLU()
    with torch.no_grad():
        prelu.weight.fill_(0.3)
        acts = [F.relu, F.relu6, F.hardtanh, lambda t: F.leaky_relu(t, 0.1),
                lambda t: F.elu(t, 0.5), F.gelu, F.silu, torch.sigmoid, torch.tanh,
                F.hardswish, F.hardsigmoid, F.mish, prelu,
                lambda t: F.softmax(t, 1), lambda t: F.log_softmax(t, 1)]
        y = torch.cat([a(x) for a in acts], 1)
        y = torch.cat([F.max_pool2d(y, 2, 1), F.avg_pool2d(y, 2, 1),
                       F.adaptive_max_pool2d(y, 4), F.adaptive_avg_pool2d(y, 4)], 1)
    save_file({"input": x, "output": y, "prelu1.weight": prelu.weight.detach().clone()},
              os.path.join(OUT, "nonfinite.safetensors"))
    print("nonfinite", tuple(y.shape))

    conv = nn.Conv2d(3, 4, 3, padding=1)
    with torch.no_grad():
        conv.weight[1, 0, 1, 1] = float("inf")
        conv.weight[2, 1, 0, 0] = float("nan")
        x = torch.randn(2, 3, 4, 4)
        y = F.max_pool2d(F.relu(conv(x)), 2)
    save_file({"input": x, "output": y, "conv2d1.weight": conv.weight.detach().clone(),
               "conv2d1.bias": conv.bias.detach().clone()},
              os.path.join(OUT, "nonfinite_weight.safetensors"))
    print("nonfinite_weight", tuple(y.shape))

    x = torch.randn(2, 2, 3, 4, 4)
    x[0, 1, 2, 1, 1] = float("nan")
    x[1, 0, 1, 2, 2] = float("nan")
    with torch.no_grad():
        y = F.relu(F.max_pool3d(x, 2, 1))
    save_file({"input": x, "output": y}, os.path.join(OUT, "nonfinite3d.safetensors"))
    print("nonfinite3d", tuple(y.shape))


def cifar():
    """The review's CIFAR network, 9.6% of its scale away from PyTorch on candle 0.9.2:
    32 channels at 32x32 into a padded 3x3 convolution. The map before `gap` is the
    output, so that every position is compared."""
    layers = [
        ("conv2d1", nn.Conv2d(3, 32, 3, padding=1)),
        ("conv2d2", nn.Conv2d(32, 32, 3, padding=1)),
    ]

    def run(m, x):
        return F.relu(m.conv2d2(F.relu(m.conv2d1(x))))

    net = Net(layers, run)
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        y = net(x)
    tensors = {k: v.contiguous() for k, v in net.state_dict().items()}
    tensors.update({"input": x, "output": y})
    save_file(tensors, os.path.join(OUT, "cifar.safetensors"))
    print("cifar", tuple(y.shape))


def norms():
    """eps and momentum as torchvision writes them: LayerNorm(eps=1e-6) on an input of
    small variance (where eps shows), BatchNorm(eps=1e-3, momentum=0.01) in training
    mode and then eval (its running statistics moved by 0.01), GroupNorm(eps=1e-3)."""
    layers = [
        ("ln1", nn.LayerNorm(8, eps=1e-6)),
        ("bn1", nn.BatchNorm2d(8, eps=1e-3, momentum=0.01)),
        ("gn1", nn.GroupNorm(4, 8, eps=1e-3)),
    ]

    def run(m, x):
        return m.gn1(m.bn1(ln(x, m.ln1)))

    net = Net(layers, run)
    randomize(net)
    tensors = {key(k): v.clone().contiguous() for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")}
    x = torch.randn(4, 8, 5, 5) * 0.01
    net.train()
    with torch.no_grad():
        y_train = net(x)
        net.eval()
        y_eval = net(x)
    tensors.update({"input": x, "output_train": y_train.contiguous(), "output_eval_after": y_eval.contiguous()})
    save_file(tensors, os.path.join(OUT, "norms.safetensors"))
    print("norms", tuple(y_train.shape))


def pixels():
    """Pixel shuffle and unshuffle (ESPCN's upscaling, the channels equal to the spatial
    size on the way), and instance normalization at every rank, affine or not, with
    its eps: 2-D, then a signal and a volume."""
    layers = [
        ("conv2d1", nn.Conv2d(4, 36, 3, padding=1)),
        ("instancenorm1", nn.InstanceNorm2d(36, affine=True)),
        ("pixelshuffle1", nn.PixelShuffle(3)),
        ("instancenorm2", nn.InstanceNorm2d(4, eps=1e-3)),
        ("pixelunshuffle1", nn.PixelUnshuffle(2)),
    ]

    def run(m, x):
        x = F.relu(m.instancenorm1(m.conv2d1(x)))
        return m.pixelunshuffle1(m.instancenorm2(m.pixelshuffle1(x)))

    net = Net(layers, run)
    randomize(net)
    tensors = {k: v.clone().contiguous() for k, v in net.state_dict().items()}
    x = torch.randn(2, 4, 6, 6)
    with torch.no_grad():
        y = net.eval()(x)
    tensors.update({"input": x, "output": y.contiguous()})
    save_file(tensors, os.path.join(OUT, "pixels.safetensors"))
    print("pixels", tuple(y.shape))

    for name, norm, shape in [
        ("instance1d", nn.InstanceNorm1d(5, affine=True, eps=1e-4), (3, 5, 7)),
        ("instance3d", nn.InstanceNorm3d(5), (2, 5, 3, 4, 5)),
    ]:
        net = Net([("instancenorm1", norm)], lambda m, x: m.instancenorm1(x))
        randomize(net)
        tensors = {k: v.clone().contiguous() for k, v in net.state_dict().items()}
        x = torch.randn(*shape) * 3 + 1
        with torch.no_grad():
            y = net.eval()(x)
        tensors.update({"input": x, "output": y.contiguous()})
        save_file(tensors, os.path.join(OUT, f"{name}.safetensors"))
        print(name, tuple(y.shape))


def pads():
    """F.pad in every mode and at every rank: reflection (of a negative padding too),
    replication, circular, zeros, cropping, between convolutions."""
    cases = [
        ("pad2d", (2, 3, 5, 6), [("conv2d1", nn.Conv2d(3, 4, 3)), ("conv2d2", nn.Conv2d(4, 4, 1))],
         lambda m, x: m.conv2d2(F.pad(F.pad(F.pad(m.conv2d1(F.pad(x, (1, 1, 2, 2), mode="reflect")),
                                                   (-1, 2, 1, 1), mode="replicate"),
                                             (3, 3, 1, 0), mode="circular"),
                                       (0, -2, 1, 0)))),
        ("pad1d", (3, 2, 7), [("conv1d1", nn.Conv1d(2, 3, 3))],
         lambda m, x: F.pad(F.pad(m.conv1d1(F.pad(x, (2, 0))), (0, -2)), (1, 1), mode="reflect")),
        ("pad3d", (2, 2, 3, 4, 5), [],
         lambda m, x: F.pad(F.pad(x, (1, 0, 0, 2, 1, 1)), (1, 1, 1, 1, 1, 1), mode="replicate")),
    ]
    for name, shape, layers, run in cases:
        net = Net(layers, run)
        randomize(net)
        tensors = {k: v.clone().contiguous() for k, v in net.state_dict().items()}
        x = torch.randn(*shape)
        with torch.no_grad():
            y = net.eval()(x)
        tensors.update({"input": x, "output": y.contiguous()})
        save_file(tensors, os.path.join(OUT, f"{name}.safetensors"))
        print(name, tuple(y.shape))


def heads():
    """Several outputs: a head on a feature map, a head inside a head, the flow after
    them reading what the heads read; PyTorch's outputs in the order cnn! lists them
    (heads as they finish, then the flow)."""
    layers = [
        ("conv2d1", nn.Conv2d(3, 8, 3, padding=1)),
        ("bn1", nn.BatchNorm2d(8)),
        ("aux_1", nn.Linear(8, 3)),
        ("outer_0", nn.Conv2d(8, 4, 1)),
        ("inner_1", nn.Linear(4, 2)),
        ("outer_2", nn.Linear(4 * 5 * 5, 6)),
        ("conv2d3", nn.Conv2d(8, 8, 3)),
        ("dense4", nn.Linear(8 * 3 * 3, 5)),
    ]

    def run(m, x):
        x = F.relu(m.bn1(m.conv2d1(x)))
        aux = m.aux_1(F.adaptive_avg_pool2d(x, 1).flatten(1))
        o = F.relu(m.outer_0(x))
        inner = m.inner_1(F.adaptive_avg_pool2d(o, 1).flatten(1))
        outer = m.outer_2(o.flatten(1))
        y = m.dense4(m.conv2d3(x).flatten(1))
        return aux, inner, outer, y

    net = Net(layers, run)
    randomize(net)
    renamed = {"aux_1": "aux.1", "outer_0": "outer.0", "inner_1": "outer.inner.1", "outer_2": "outer.3"}
    tensors = {}
    for k, v in net.state_dict().items():
        if k.endswith("num_batches_tracked"):
            continue
        module, _, tensor = k.rpartition(".")
        tensors[f"{renamed.get(module, module)}.{tensor}"] = v.clone().contiguous()
    x = torch.randn(2, 3, 5, 5)
    with torch.no_grad():
        outs = net.eval()(x)
    tensors["input"] = x
    for name, y in zip(["aux", "outer.inner", "outer", "dense4"], outs):
        tensors[f"output:{name}"] = y.contiguous()
    save_file(tensors, os.path.join(OUT, "heads.safetensors"))
    print("heads", [tuple(y.shape) for y in outs])


nonfinite()
cifar()
norms()
pixels()
pads()
heads()
