"""PyTorch twins of the examples that torchvision does not have, run by hand:

    python3 cnn-candle/scripts/twins.py

prints each model's parameters, MACs (forward hooks over its convolutions,
transposed convolutions and linear layers: output elements x Cin/g x kernel, or input
elements x Cout/g x kernel for a transposed one) and output shape at the example's
input, which the examples assert, and saves small-width variants (the same classes)
with an input and PyTorch's output (each output, for a model of several) into
tests/fixtures/twins/, which `cnn-candle/tests/twins.rs` checks; their BatchNorms get
random statistics, as `zoo.py`'s do.

- ESPCN (Shi et al., 2016): 5x5 64, 3x3 32, 3x3 3*r^2 with tanh, a pixel shuffle of 3.
- CycleGAN's ResNet generator (Zhu et al., 2017; junyanz/pytorch-CycleGAN-and-pix2pix's
  `ResnetGenerator` with instance norm, no dropout): reflection padding, instance
  norm, nine residual blocks, transposed convolutions.
- A small YOLO-style detector (after YOLOv5): a strided backbone with bottlenecks, a
  PAN neck and three detection heads (`examples/yolo.rs`).
- WaveNet (van den Oord et al., 2016): causal dilated gated units with residual and
  skip 1x1 convolutions, the skips summed (`examples/wavenet.rs`).

It also prints the figures of the torchvision models built here for examples that
read earlier tensors: a ResNet-50 `BackboneWithFPN` (`examples/fpn.rs`) and LR-ASPP
MobileNetV3-Large (`examples/lraspp.rs`).
"""

import os

import torch
import torch.nn as nn
from safetensors.torch import save_file
from zoo import randomize

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "twins")


class Espcn(nn.Module):
    def __init__(self, channels=3, scale=3, width=64):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, width, 5, padding=2)
        self.conv2 = nn.Conv2d(width, width // 2, 3, padding=1)
        self.conv3 = nn.Conv2d(width // 2, channels * scale * scale, 3, padding=1)
        self.pixel_shuffle = nn.PixelShuffle(scale)

    def forward(self, x):
        x = torch.tanh(self.conv1(x))
        x = torch.tanh(self.conv2(x))
        return self.pixel_shuffle(self.conv3(x))


class ResnetBlock(nn.Module):
    def __init__(self, dim):
        super().__init__()
        norm = lambda c: nn.InstanceNorm2d(c, affine=False, track_running_stats=False)
        self.conv_block = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias=True), norm(dim), nn.ReLU(True),
            nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias=True), norm(dim),
        )

    def forward(self, x):
        return x + self.conv_block(x)


class ResnetGenerator(nn.Module):
    """As the CycleGAN repository builds it with norm='instance' (whose convolutions
    keep their bias) and use_dropout=False."""

    def __init__(self, ngf=64, n_blocks=9):
        super().__init__()
        norm = lambda c: nn.InstanceNorm2d(c, affine=False, track_running_stats=False)
        model = [nn.ReflectionPad2d(3), nn.Conv2d(3, ngf, 7, bias=True), norm(ngf), nn.ReLU(True)]
        for i in range(2):
            mult = 2**i
            model += [nn.Conv2d(ngf * mult, ngf * mult * 2, 3, stride=2, padding=1, bias=True),
                      norm(ngf * mult * 2), nn.ReLU(True)]
        for _ in range(n_blocks):
            model += [ResnetBlock(ngf * 4)]
        for i in range(2):
            mult = 2 ** (2 - i)
            model += [nn.ConvTranspose2d(ngf * mult, ngf * mult // 2, 3, stride=2, padding=1,
                                         output_padding=1, bias=True),
                      norm(ngf * mult // 2), nn.ReLU(True)]
        model += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, 3, 7), nn.Tanh()]
        self.model = nn.Sequential(*model)

    def forward(self, x):
        return self.model(x)


class CBS(nn.Module):
    """YOLOv5's unit: a convolution without bias, BatchNorm, SiLU."""

    def __init__(self, cin, cout, k=1, s=1):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    """YOLOv5's bottleneck with its shortcut: x + cv2(cv1(x))."""

    def __init__(self, c):
        super().__init__()
        self.cv1 = CBS(c, c // 2, 1)
        self.cv2 = CBS(c // 2, c, 3)

    def forward(self, x):
        return x + self.cv2(self.cv1(x))


class Yolo(nn.Module):
    """A small YOLO-style detector: a strided backbone with bottlenecks, a PAN neck
    (top-down with nearest upsampling, then bottom-up with strided units, each level
    concatenated with the map of its size), and three 1x1 detection heads."""

    def __init__(self, w=16, no=255):
        super().__init__()
        self.stem = CBS(3, w, 3, 2)
        self.down1, self.c2 = CBS(w, 2 * w, 3, 2), Bottleneck(2 * w)
        self.down2, self.c3 = CBS(2 * w, 4 * w, 3, 2), Bottleneck(4 * w)
        self.down3, self.c4 = CBS(4 * w, 8 * w, 3, 2), Bottleneck(8 * w)
        self.down4, self.c5 = CBS(8 * w, 16 * w, 3, 2), Bottleneck(16 * w)
        self.lat5 = CBS(16 * w, 8 * w, 1)
        self.td4 = CBS(16 * w, 8 * w, 3)
        self.lat4 = CBS(8 * w, 4 * w, 1)
        self.out3 = CBS(8 * w, 4 * w, 3)
        self.p3 = nn.Sequential(nn.Conv2d(4 * w, no, 1))
        self.down3n = CBS(4 * w, 4 * w, 3, 2)
        self.out4 = CBS(8 * w, 8 * w, 3)
        self.p4 = nn.Sequential(nn.Conv2d(8 * w, no, 1))
        self.down4n = CBS(8 * w, 8 * w, 3, 2)
        self.out5 = CBS(16 * w, 16 * w, 3)
        self.p5 = nn.Sequential(nn.Conv2d(16 * w, no, 1))

    def forward(self, x):
        up = lambda t: nn.functional.interpolate(t, scale_factor=2, mode="nearest")
        x = self.c2(self.down1(self.stem(x)))
        c3 = self.c3(self.down2(x))
        c4 = self.c4(self.down3(c3))
        c5 = self.c5(self.down4(c4))
        l5 = self.lat5(c5)
        l4 = self.lat4(self.td4(torch.cat([up(l5), c4], 1)))
        o3 = self.out3(torch.cat([up(l4), c3], 1))
        o4 = self.out4(torch.cat([self.down3n(o3), l4], 1))
        o5 = self.out5(torch.cat([self.down4n(o4), l5], 1))
        return {"p3": self.p3(o3), "p4": self.p4(o4), "p5": self.p5(o5)}


class Gated(nn.Module):
    """WaveNet's gated unit on a causal, dilated kernel of 2."""

    def __init__(self, res, gates, d):
        super().__init__()
        self.d = d
        self.filter = nn.Conv1d(res, gates, 2, dilation=d)
        self.gate = nn.Conv1d(res, gates, 2, dilation=d)

    def forward(self, x):
        x = nn.functional.pad(x, (self.d, 0))
        return torch.tanh(self.filter(x)) * torch.sigmoid(self.gate(x))


class WaveNetLayer(nn.Module):
    def __init__(self, res, gates, skip, d, last):
        super().__init__()
        self.gated = Gated(res, gates, d)
        self.skip = nn.Conv1d(gates, skip, 1)
        self.res = None if last else nn.Conv1d(gates, res, 1)

    def forward(self, x):
        z = self.gated(x)
        return (None if self.res is None else x + self.res(z)), self.skip(z)


class WaveNet(nn.Module):
    """WaveNet: a causal start, layers of gated units with residual and skip 1x1
    convolutions (the last without a residual one: nothing reads it), the skips
    summed, ReLU, 1x1, ReLU, 1x1."""

    def __init__(self, res=32, gates=32, skip=64, classes=256, dilations=[2**i for i in range(8)] * 2):
        super().__init__()
        self.start = nn.Conv1d(1, res, 2)
        n = len(dilations)
        self.layers = nn.ModuleList(
            WaveNetLayer(res, gates, skip, d, i == n - 1) for i, d in enumerate(dilations)
        )
        self.end1 = nn.Conv1d(skip, skip, 1)
        self.end2 = nn.Conv1d(skip, classes, 1)

    def forward(self, x):
        x = self.start(nn.functional.pad(x, (1, 0)))
        total = 0
        for layer in self.layers:
            x, s = layer(x)
            total = total + s
        return self.end2(torch.relu(self.end1(torch.relu(total))))


def macs(net, shape):
    total = [0]

    def hook(m, inputs, out):
        if isinstance(m, nn.ConvTranspose2d):
            k = m.kernel_size[0] * m.kernel_size[1]
            total[0] += inputs[0].numel() * (m.out_channels // m.groups) * k
        elif isinstance(m, (nn.Conv1d, nn.Conv2d)):
            k = 1
            for s in m.kernel_size:
                k *= s
            total[0] += out.numel() * (m.in_channels // m.groups) * k
        elif isinstance(m, nn.Linear):
            total[0] += out.numel() * m.in_features

    hooks = [m.register_forward_hook(hook) for m in net.modules()]
    with torch.no_grad():
        y = net(torch.zeros(1, *shape))
    for h in hooks:
        h.remove()
    if isinstance(y, dict):
        return total[0], {k: tuple(v.shape[1:]) for k, v in y.items()}
    if isinstance(y, (list, tuple)):
        return total[0], [tuple(v.shape[1:]) for v in y]
    return total[0], tuple(y.shape[1:])


def lraspp():
    from torchvision.models import segmentation

    return segmentation.lraspp_mobilenet_v3_large(weights=None, weights_backbone=None)


def fpn(widths=None, stem=64, channels=256):
    """torchvision's BackboneWithFPN on a ResNet-50 (nn.BatchNorm2d, as the backbone
    builds it; detection models default to FrozenBatchNorm2d, which has no
    parameters), with LastLevelMaxPool. At other widths, ResNet's own `_make_layer`."""
    from torchvision.models import resnet50
    from torchvision.models.detection.backbone_utils import BackboneWithFPN
    from torchvision.models.resnet import Bottleneck

    net = resnet50()
    if widths is not None:
        net.inplanes = stem
        net.conv1 = nn.Conv2d(3, stem, kernel_size=7, stride=2, padding=3, bias=False)
        net.bn1 = nn.BatchNorm2d(stem)
        for i, (w, blocks) in enumerate(zip(widths, [3, 4, 6, 3])):
            setattr(net, f"layer{i + 1}", net._make_layer(Bottleneck, w, blocks, stride=1 if i == 0 else 2))
    widths = widths or [64, 128, 256, 512]
    return BackboneWithFPN(
        net,
        return_layers={"layer1": "0", "layer2": "1", "layer3": "2", "layer4": "3"},
        in_channels_list=[w * 4 for w in widths],
        out_channels=channels,
    )


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, net, shape in [
        ("espcn", Espcn(), (3, 224, 224)),
        ("cyclegan", ResnetGenerator(), (3, 256, 256)),
        ("fpn", fpn(), (3, 224, 224)),
        ("lraspp", lraspp(), (3, 224, 224)),
        ("yolo", Yolo(), (3, 256, 256)),
        ("wavenet", WaveNet(), (1, 16000)),
    ]:
        count, out = macs(net.eval(), shape)
        print(name, "params", sum(p.numel() for p in net.parameters()), "macs", count, "output", out)
    torch.manual_seed(0)
    # The first two built before either draws its input, the others each in turn
    # (the order the fixtures were first made in: they reproduce byte for byte).
    first = [Espcn(width=8), ResnetGenerator(ngf=4, n_blocks=2)]
    for name, build, shape in [
        ("espcn_small", lambda: first[0], (2, 3, 12, 10)),
        ("cyclegan_small", lambda: first[1], (2, 3, 20, 24)),
        ("yolo_small", lambda: Yolo(w=4, no=21), (2, 3, 64, 96)),
        ("wavenet_small", lambda: WaveNet(8, 8, 16, 32, [1, 2, 4, 8, 1, 2, 4, 8]), (2, 1, 97)),
    ]:
        net = build()
        randomize(net)
        net.eval()
        x = torch.randn(*shape)
        with torch.no_grad():
            y = net(x)
        tensors = {k: v.contiguous() for k, v in net.state_dict().items()}
        # Several outputs: each by name, the last also as `output`.
        if isinstance(y, dict):
            tensors.update({f"output:{k}": v.contiguous() for k, v in y.items()})
            y = list(y.values())[-1].clone()
        tensors.update({"input": x, "output": y.contiguous()})
        save_file(tensors, os.path.join(OUT, f"{name}.safetensors"))
        print(name, tuple(y.shape), sum(p.numel() for p in net.parameters()))


if __name__ == "__main__":
    main()
