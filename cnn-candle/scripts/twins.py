"""PyTorch twins of the examples that torchvision does not have, run by hand:

    python3 cnn-candle/scripts/twins.py

prints each model's parameters, MACs (forward hooks over its convolutions,
transposed convolutions and linear layers: output elements x Cin/g x kernel, or input
elements x Cout/g x kernel for a transposed one) and output shape at the example's
input, which the examples assert, and saves small-width variants (the same classes)
with an input and PyTorch's output into tests/fixtures/twins/, which
`cnn-candle/tests/twins.rs` checks.

- ESPCN (Shi et al., 2016): 5x5 64, 3x3 32, 3x3 3*r^2 with tanh, a pixel shuffle of 3.
- CycleGAN's ResNet generator (Zhu et al., 2017; junyanz/pytorch-CycleGAN-and-pix2pix's
  `ResnetGenerator` with instance norm, no dropout): reflection padding, instance
  norm, nine residual blocks, transposed convolutions.
"""

import os

import torch
import torch.nn as nn
from safetensors.torch import save_file

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


def macs(net, shape):
    total = [0]

    def hook(m, inputs, out):
        if isinstance(m, nn.ConvTranspose2d):
            k = m.kernel_size[0] * m.kernel_size[1]
            total[0] += inputs[0].numel() * (m.out_channels // m.groups) * k
        elif isinstance(m, nn.Conv2d):
            k = m.kernel_size[0] * m.kernel_size[1]
            total[0] += out.numel() * (m.in_channels // m.groups) * k
        elif isinstance(m, nn.Linear):
            total[0] += out.numel() * m.in_features

    hooks = [m.register_forward_hook(hook) for m in net.modules()]
    with torch.no_grad():
        y = net(torch.zeros(1, *shape))
    for h in hooks:
        h.remove()
    return total[0], tuple(y.shape[1:])


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, net, shape in [
        ("espcn", Espcn(), (3, 224, 224)),
        ("cyclegan", ResnetGenerator(), (3, 256, 256)),
    ]:
        count, out = macs(net.eval(), shape)
        print(name, "params", sum(p.numel() for p in net.parameters()), "macs", count, "output", out)
    torch.manual_seed(0)
    for name, net, shape in [
        ("espcn_small", Espcn(width=8), (2, 3, 12, 10)),
        ("cyclegan_small", ResnetGenerator(ngf=4, n_blocks=2), (2, 3, 20, 24)),
    ]:
        net.eval()
        x = torch.randn(*shape)
        with torch.no_grad():
            y = net(x)
        tensors = {k: v.contiguous() for k, v in net.state_dict().items()}
        tensors.update({"input": x, "output": y.contiguous()})
        save_file(tensors, os.path.join(OUT, f"{name}.safetensors"))
        print(name, tuple(y.shape), sum(p.numel() for p in net.parameters()))


if __name__ == "__main__":
    main()
