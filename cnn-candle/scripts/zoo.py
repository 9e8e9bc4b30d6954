"""torchvision's own models against their `cnn!` twins: run by hand with PyTorch and
torchvision (CI has neither).

    python3 cnn-candle/scripts/zoo.py            # the small fixtures, committed
    python3 cnn-candle/scripts/zoo.py --full DIR # full-size models, into DIR

Each model is built by torchvision's own classes with weights=None and a fixed seed;
its BatchNorms get random affine weights and running statistics (a fresh model's are
1 and 0, which would hide a wrong eps or a swapped mean). Its own state_dict() is saved
as `NAME.pth` (torch.save, num_batches_tracked and all) and `NAME.safetensors`, and an
input with PyTorch's eval-mode output as `NAME.io.safetensors`.

The small fixtures are torchvision's classes at a small width, so that their tensors
keep torchvision's names: ResNet-18 and ResNet-50 built by `ResNet._make_layer` at
widths 4..32, and `ConvNeXt` with one block per stage at widths 8..64 (its layer
scales randomized too), all on 3x32x32. `cnn-candle/tests/torchvision.rs` loads each through the example's macro at
that width. The full-size models are the examples' own networks at 3x224x224; the test
of them is ignored unless CNN_TORCHVISION_DIR names DIR.
"""

import argparse
import os

import torch
import torch.nn as nn
from safetensors.torch import save_file
from torchvision import models
from torchvision.models import segmentation, video
from torchvision.models.convnext import CNBlock, CNBlockConfig, ConvNeXt
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "torchvision")


def small_resnet(block, layers, stem, widths, classes=10):
    """torchvision's ResNet at other widths, built by its own `_make_layer`."""
    net = ResNet(block, layers, num_classes=classes)
    net.inplanes = stem
    net.conv1 = nn.Conv2d(3, stem, kernel_size=7, stride=2, padding=3, bias=False)
    net.bn1 = nn.BatchNorm2d(stem)
    net.layer1 = net._make_layer(block, widths[0], layers[0])
    net.layer2 = net._make_layer(block, widths[1], layers[1], stride=2)
    net.layer3 = net._make_layer(block, widths[2], layers[2], stride=2)
    net.layer4 = net._make_layer(block, widths[3], layers[3], stride=2)
    net.fc = nn.Linear(widths[3] * block.expansion, classes)
    return net


def fpn_small():
    """torchvision's BackboneWithFPN (LastLevelMaxPool included) on the small ResNet-50."""
    from torchvision.models.detection.backbone_utils import BackboneWithFPN

    return BackboneWithFPN(
        small_resnet(Bottleneck, [3, 4, 6, 3], 8, [4, 8, 16, 32]),
        return_layers={"layer1": "0", "layer2": "1", "layer3": "2", "layer4": "3"},
        in_channels_list=[16, 32, 64, 128],
        out_channels=8,
    )


def lraspp_small():
    """torchvision's LRASPP on its MobileNetV3-Large at width 0.25, dilated, 5 classes."""
    from torchvision.models.mobilenetv3 import MobileNetV3, _mobilenet_v3_conf
    from torchvision.models.segmentation.lraspp import LRASPP
    from torchvision.models._utils import IntermediateLayerGetter

    config, last = _mobilenet_v3_conf("mobilenet_v3_large", width_mult=0.25, dilated=True)
    features = MobileNetV3(config, last).features
    backbone = IntermediateLayerGetter(features, return_layers={"4": "low", "16": "high"})
    return LRASPP(backbone, 16, 240, 5, 16)


def resnet50_fpn():
    """torchvision's ResNet-50 (nn.BatchNorm2d) with its FeaturePyramidNetwork."""
    from torchvision.models.detection.backbone_utils import _resnet_fpn_extractor

    return _resnet_fpn_extractor(models.resnet50(), 5)


# The outputs of a model that returns several, by the names of the `cnn!` twin's.
PYRAMID = {"3": "head1", "2": "head2", "1": "head3", "0": "head4", "pool": "head5"}
OUTPUTS = {"fpn_small": PYRAMID, "resnet50_fpn": PYRAMID}

SMALL = {
    "resnet18_small": (lambda: small_resnet(BasicBlock, [2, 2, 2, 2], 4, [4, 8, 16, 32]), (2, 3, 32, 32)),
    "resnet50_small": (lambda: small_resnet(Bottleneck, [3, 4, 6, 3], 8, [4, 8, 16, 32]), (2, 3, 32, 32)),
    "convnext_small": (
        lambda: ConvNeXt(
            [CNBlockConfig(8, 16, 1), CNBlockConfig(16, 32, 1), CNBlockConfig(32, 64, 1), CNBlockConfig(64, None, 1)],
            num_classes=10,
        ),
        (2, 3, 32, 32),
    ),
    "fpn_small": (fpn_small, (2, 3, 64, 64)),
    "lraspp_small": (lraspp_small, (2, 3, 72, 56)),
}

FULL = {
    "resnet18": (lambda: models.resnet18(), (2, 3, 224, 224)),
    "resnet50": (lambda: models.resnet50(), (2, 3, 224, 224)),
    "vgg16": (lambda: models.vgg16(), (2, 3, 224, 224)),
    "vgg16_bn": (lambda: models.vgg16_bn(), (2, 3, 224, 224)),
    "alexnet": (lambda: models.alexnet(), (2, 3, 224, 224)),
    "squeezenet1_1": (lambda: models.squeezenet1_1(), (2, 3, 224, 224)),
    "densenet121": (lambda: models.densenet121(), (2, 3, 224, 224)),
    "googlenet": (lambda: models.googlenet(aux_logits=False, init_weights=True), (2, 3, 224, 224)),
    "googlenet_aux": (lambda: models.googlenet(aux_logits=True, init_weights=True), (2, 3, 224, 224)),
    "inception_v3": (lambda: models.inception_v3(aux_logits=False, init_weights=True), (2, 3, 299, 299)),
    "inception_v3_aux": (lambda: models.inception_v3(aux_logits=True, init_weights=True), (2, 3, 299, 299)),
    "mobilenet_v2": (lambda: models.mobilenet_v2(), (2, 3, 224, 224)),
    "mobilenet_v3_large": (lambda: models.mobilenet_v3_large(), (2, 3, 224, 224)),
    "efficientnet_b0": (lambda: models.efficientnet_b0(), (2, 3, 224, 224)),
    "shufflenet_v2_x1_0": (lambda: models.shufflenet_v2_x1_0(), (2, 3, 224, 224)),
    "regnet_y_400mf": (lambda: models.regnet_y_400mf(), (2, 3, 224, 224)),
    "convnext_tiny": (lambda: models.convnext_tiny(), (2, 3, 224, 224)),
    "fcn_resnet50": (
        lambda: segmentation.fcn_resnet50(weights=None, weights_backbone=None, aux_loss=False),
        (2, 3, 224, 224),
    ),
    "fcn_resnet50_aux": (
        lambda: segmentation.fcn_resnet50(weights=None, weights_backbone=None, aux_loss=True),
        (2, 3, 224, 224),
    ),
    "deeplabv3_resnet50_aux": (
        lambda: segmentation.deeplabv3_resnet50(weights=None, weights_backbone=None, aux_loss=True),
        (2, 3, 224, 224),
    ),
    "resnet50_fpn": (lambda: resnet50_fpn(), (2, 3, 224, 224)),
    "lraspp_mobilenet_v3_large": (
        lambda: segmentation.lraspp_mobilenet_v3_large(weights=None, weights_backbone=None),
        (2, 3, 224, 224),
    ),
    "r3d_18": (lambda: video.r3d_18(), (2, 3, 16, 112, 112)),
    "mc3_18": (lambda: video.mc3_18(), (2, 3, 16, 112, 112)),
    "r2plus1d_18": (lambda: video.r2plus1d_18(), (2, 3, 16, 112, 112)),
}


def randomize(net):
    """Random BatchNorm affine weights and running statistics, and layer scales (which
    torchvision starts at 1e-6, hiding the block they scale)."""
    for m in net.modules():
        if isinstance(m, CNBlock):
            with torch.no_grad():
                m.layer_scale.uniform_(0.5, 1.5)
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0.0, 0.2)
                m.running_mean.normal_(0.0, 0.2)
                m.running_var.uniform_(0.5, 2.0)


def save(name, build, shape, out):
    torch.manual_seed(0)
    net = build()
    randomize(net)
    net.eval()
    x = torch.randn(*shape)
    # A model's auxiliary heads run in training mode only: in eval mode, their inputs
    # are caught by hooks and the heads run on them (dropout off), as `cnn!`'s heads.
    auxiliary = {}
    for aux, after in [("aux1", "inception4a"), ("aux2", "inception4d"), ("AuxLogits", "Mixed_6e")]:
        if getattr(net, aux, None) is not None:
            getattr(net, after).register_forward_hook(
                lambda m, i, o, aux=aux: auxiliary.__setitem__(aux, getattr(net, aux)(o))
            )
    with torch.no_grad():
        y = net(x)
    # A segmentation model's outputs: `out`, and `aux` from its aux_classifier; a
    # model of several outputs, each by the twin's name, the last also as `output`.
    if isinstance(y, dict) and name in OUTPUTS:
        named = {OUTPUTS[name][k]: v for k, v in y.items()}
        auxiliary.update(named)
        y = named[sorted(named)[-1]].clone()
    elif isinstance(y, dict):
        if "aux" in y:
            auxiliary["aux_classifier"] = y["aux"]
        y = y["out"]
    state = net.state_dict()
    torch.save(state, os.path.join(out, f"{name}.pth"))
    save_file({k: v.contiguous() for k, v in state.items()}, os.path.join(out, f"{name}.safetensors"))
    io = {"input": x.contiguous(), "output": y.contiguous()}
    io.update({f"output:{k}": v.contiguous() for k, v in auxiliary.items()})
    save_file(io, os.path.join(out, f"{name}.io.safetensors"))
    print(name, sum(v.numel() for v in state.values()), tuple(y.shape), float(y.abs().max()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", metavar="DIR", help="write the full-size models into DIR")
    args = parser.parse_args()
    out = args.full or FIXTURES
    os.makedirs(out, exist_ok=True)
    for name, (build, shape) in (FULL if args.full else SMALL).items():
        save(name, build, shape, out)


if __name__ == "__main__":
    main()
