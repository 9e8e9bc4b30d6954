"""torchvision's own state_dict() keys and shapes, for tests/torchvision.rs.

Run by hand with PyTorch and torchvision (CI has neither):

    python3 scripts/torchvision_keys.py

writes tests/fixtures/torchvision/MODEL.txt: one line per tensor, `key dims` (dims
joined by `x`), in state_dict order, without `num_batches_tracked` (a counter, not a
weight). Built with weights=None: the names and shapes are the architecture's.
"""

import os

import torch
import torchvision
from torchvision import models
from torchvision.models import segmentation, video
from torchvision.models.detection.backbone_utils import _resnet_fpn_extractor

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "torchvision")

MODELS = {
    "resnet18": lambda: models.resnet18(),
    "resnet50": lambda: models.resnet50(),
    "vgg16": lambda: models.vgg16(),
    "vgg16_bn": lambda: models.vgg16_bn(),
    "alexnet": lambda: models.alexnet(),
    "squeezenet1_1": lambda: models.squeezenet1_1(),
    "densenet121": lambda: models.densenet121(),
    "googlenet": lambda: models.googlenet(aux_logits=False, init_weights=True),
    "googlenet_aux": lambda: models.googlenet(aux_logits=True, init_weights=True),
    "inception_v3": lambda: models.inception_v3(aux_logits=False, init_weights=True),
    "inception_v3_aux": lambda: models.inception_v3(aux_logits=True, init_weights=True),
    "mobilenet_v2": lambda: models.mobilenet_v2(),
    "mobilenet_v3_large": lambda: models.mobilenet_v3_large(),
    "efficientnet_b0": lambda: models.efficientnet_b0(),
    "shufflenet_v2_x1_0": lambda: models.shufflenet_v2_x1_0(),
    "regnet_y_400mf": lambda: models.regnet_y_400mf(),
    "convnext_tiny": lambda: models.convnext_tiny(),
    "fcn_resnet50": lambda: segmentation.fcn_resnet50(weights=None, weights_backbone=None, aux_loss=False),
    "fcn_resnet50_aux": lambda: segmentation.fcn_resnet50(weights=None, weights_backbone=None, aux_loss=True),
    "deeplabv3_resnet50_aux": lambda: segmentation.deeplabv3_resnet50(weights=None, weights_backbone=None, aux_loss=True),
    "lraspp_mobilenet_v3_large": lambda: segmentation.lraspp_mobilenet_v3_large(weights=None, weights_backbone=None),
    # A detector's backbone: ResNet-50 (nn.BatchNorm2d) and its FeaturePyramidNetwork.
    "resnet50_fpn": lambda: _resnet_fpn_extractor(models.resnet50(), 5),
    "r3d_18": lambda: video.r3d_18(),
    "mc3_18": lambda: video.mc3_18(),
    "r2plus1d_18": lambda: video.r2plus1d_18(),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, build in MODELS.items():
        net = build()
        lines = [
            f"{k} {'x'.join(str(d) for d in v.shape)}"
            for k, v in net.state_dict().items()
            if not k.endswith("num_batches_tracked")
        ]
        with open(os.path.join(OUT, f"{name}.txt"), "w") as f:
            f.write(f"# torchvision {torchvision.__version__}, torch {torch.__version__}\n")
            f.write("\n".join(lines) + "\n")
        print(name, len(lines))


if __name__ == "__main__":
    main()
