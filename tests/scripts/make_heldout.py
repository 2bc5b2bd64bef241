#!/usr/bin/python3
"""Exports held-out CNNs (torchvision architectures, seeded random weights) in the ONNX backend-test layout.

Usage: /usr/bin/python3 tests/scripts/make_heldout.py OUT_DIR [NAME ...]

Each case gets model.onnx, case.json (input shapes) and test_data_set_0/{input_0,output_0}.pb with
PyTorch's own output as the reference. Weights and BatchNorm statistics are random, so the numbers test
arithmetic, not accuracy. The tests run this script when the cases are missing.
"""
import json
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torchvision.models as tvm


def randomize_bn(model):
    g = torch.Generator().manual_seed(7)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) * 0.5 + 0.75)
                m.weight.copy_(torch.rand(m.num_features, generator=g) * 0.5 + 0.75)
                m.bias.copy_(torch.randn(m.num_features, generator=g) * 0.1)


# name -> (constructor, input shape, opset)
CASES = {
    "resnet34": (lambda: tvm.resnet34(), (1, 3, 224, 224), 13),
    "squeezenet1_0": (lambda: tvm.squeezenet1_0(), (1, 3, 224, 224), 12),
    "mobilenet_v2_050": (lambda: tvm.mobilenet_v2(width_mult=0.5), (1, 3, 160, 160), 13),
    "mnasnet0_5": (lambda: tvm.mnasnet0_5(), (1, 3, 224, 224), 13),
    "shufflenet_v2_x0_5": (lambda: tvm.shufflenet_v2_x0_5(), (1, 3, 224, 224), 13),
    "mobilenet_v3_small": (lambda: tvm.mobilenet_v3_small(), (1, 3, 224, 224), 14),
    "efficientnet_b0": (lambda: tvm.efficientnet_b0(), (1, 3, 224, 224), 13),
    "regnet_y_400mf": (lambda: tvm.regnet_y_400mf(), (1, 3, 224, 224), 13),
    "densenet121": (lambda: tvm.densenet121(), (1, 3, 224, 224), 13),
    "googlenet": (lambda: tvm.googlenet(aux_logits=False, init_weights=True), (1, 3, 224, 224), 13),
}


def export(name, out_dir):
    make, shape, opset = CASES[name]
    torch.manual_seed(1234)
    model = make().eval()
    randomize_bn(model)
    x = torch.randn(*shape, generator=torch.Generator().manual_seed(99))
    with torch.no_grad():
        y = model(x)
    case = os.path.join(out_dir, name)
    data = os.path.join(case, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    path = os.path.join(case, "model.onnx")
    torch.onnx.export(model, x, path, opset_version=opset, input_names=["input"], output_names=["logits"],
                      do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    with open(os.path.join(data, "input_0.pb"), "wb") as f:
        f.write(onnx.numpy_helper.from_array(x.numpy(), "input").SerializeToString())
    with open(os.path.join(data, "output_0.pb"), "wb") as f:
        f.write(onnx.numpy_helper.from_array(y.numpy().astype(np.float32), "logits").SerializeToString())
    with open(os.path.join(case, "case.json"), "w") as f:
        json.dump({"format": "onnx", "opset": opset, "producer": "pytorch " + torch.__version__,
                   "description": "torchvision " + name + ", seeded random weights", "shapes": {"input": list(shape)}}, f, indent=1)


def main():
    out_dir = sys.argv[1]
    names = sys.argv[2:] or list(CASES)
    for name in names:
        if not os.path.exists(os.path.join(out_dir, name, "test_data_set_0", "output_0.pb")):
            export(name, out_dir)
            print("exported", name, flush=True)


if __name__ == "__main__":
    main()
