"""torchvision's models exported by `torch.onnx.export`, for `cnn_onnx::import`'s round
trip: run by hand with PyTorch and torchvision (CI has neither).

    python3 cnn-onnx/scripts/export_zoo.py             # the small models, committed
    python3 cnn-onnx/scripts/export_zoo.py --full DIR  # the full-size zoo, into DIR

The models are `cnn-candle/scripts/zoo.py`'s (the same builders, seed and random
BatchNorm statistics). Each is exported as a user would export a trained model to
keep it whole: TorchScript's exporter (`dynamo=False`), `training=PRESERVE` on a model
in eval mode and no constant folding, so that BatchNorms stay BatchNormalization nodes
(the default folds them into the convolutions: the parameter count would no longer be
the published one) and initializers keep their `state_dict` names; opset 18, a dynamic
batch. `NAME.onnx`, and `NAME.onnx.io.safetensors` with the input and PyTorch's outputs
in the graph's output order (`output:0`, `output:1`, ...).

A model's auxiliary classifiers run in training mode only, so an eval-mode export has
none: googlenet_aux and inception_v3_aux are left out.
"""

import argparse
import os
import sys
import warnings

import torch
from safetensors.torch import save_file

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "cnn-candle", "scripts"))
import zoo  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "torchvision")
SKIP = {"googlenet_aux", "inception_v3_aux"}
SMALL = ["resnet18_small", "resnet50_small", "fpn_small", "lraspp_small"]
# Models that size a resize by an intermediate tensor's shape (`F.interpolate(size=
# feat.shape[-2:])`): exported at a fixed batch with constant folding, so that the sizes
# become constants (folding keeps BatchNorms under PRESERVE, but would rename a
# Linear's transposed weight, as in ConvNeXt, so the others are not folded).
FOLD = {"fpn_small", "lraspp_small", "deeplabv3_resnet50_aux", "resnet50_fpn", "lraspp_mobilenet_v3_large"}


def flat(y):
    if isinstance(y, dict):
        return [t for v in y.values() for t in flat(v)]
    if isinstance(y, (list, tuple)):
        return [t for v in y for t in flat(v)]
    return [y]


def export(name, build, shape, out):
    torch.manual_seed(0)
    net = build()
    zoo.randomize(net)
    net.eval()
    x = torch.randn(*shape)
    with torch.no_grad():
        ys = flat(net(x))
    path = os.path.join(out, f"{name}.onnx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            net,
            (x,),
            path,
            dynamo=False,
            training=torch.onnx.TrainingMode.PRESERVE,
            do_constant_folding=name in FOLD,
            opset_version=18,
            input_names=["input"],
            dynamic_axes=None if name in FOLD else {"input": {0: "batch"}},
        )
    io = {"input": x.contiguous()}
    io.update({f"output:{i}": y.contiguous() for i, y in enumerate(ys)})
    save_file(io, path + ".io.safetensors")
    print(name, os.path.getsize(path), [tuple(y.shape) for y in ys])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", metavar="DIR", help="write the full-size models into DIR")
    parser.add_argument("names", nargs="*", help="only these models")
    args = parser.parse_args()
    out = args.full or FIXTURES
    os.makedirs(out, exist_ok=True)
    models = zoo.FULL if args.full else {k: zoo.SMALL[k] for k in SMALL}
    for name, (build, shape) in models.items():
        if name not in SKIP and (not args.names or name in args.names):
            export(name, build, shape, out)


if __name__ == "__main__":
    main()
