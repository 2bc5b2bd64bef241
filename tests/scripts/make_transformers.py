#!/usr/bin/python3
"""Exports small transformer models (seeded random weights) in the ONNX backend-test layout.

Usage: /usr/bin/python3 tests/scripts/make_transformers.py OUT_DIR [NAME ...]

Each case gets model.onnx, case.json (input shapes) and test_data_set_0/{input_N,output_N}.pb with
PyTorch's own outputs as the reference. The models exercise what exporters emit for transformers:
embeddings over int64 token ids, attention masks (Equal/Where/Expand), causal masks (Trilu), position
ids (Range), Split of fused QKV projections, GELU through Erf, LayerNormalization (opset 17) and the
ReduceMean pattern (opset 14), batched MatMul with broadcasting, Softplus and the Reduce* family.
The tests run this script when the cases are missing.
"""
import json
import math
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F


class Encoder(nn.Module):
    """torch.nn.TransformerEncoder over token embeddings, with a key padding mask from the ids."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 32)
        layer = nn.TransformerEncoderLayer(32, 4, 64, dropout=0.0, batch_first=True, activation="gelu")
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.head = nn.Linear(32, 3)

    def forward(self, ids):
        pad = ids.eq(0)
        h = self.encoder(self.embed(ids), src_key_padding_mask=pad)
        return self.head(h[:, 0])


class Decoder(nn.Module):
    """A GPT-style block: positions from arange, causal mask from triu, fused QKV split, GELU, LayerNorm."""

    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(64, 32)
        self.pos = nn.Embedding(16, 32)
        self.ln1 = nn.LayerNorm(32)
        self.qkv = nn.Linear(32, 96)
        self.proj = nn.Linear(32, 32)
        self.ln2 = nn.LayerNorm(32)
        self.fc1 = nn.Linear(32, 64)
        self.fc2 = nn.Linear(64, 32)
        self.out = nn.Linear(32, 64)

    def forward(self, ids):
        b, t = ids.shape
        positions = torch.arange(t, dtype=torch.long).unsqueeze(0).expand(b, t)
        x = self.tok(ids) + self.pos(positions)
        q, k, v = self.qkv(self.ln1(x)).split(32, dim=-1)
        q = q.view(b, t, 4, 8).transpose(1, 2)
        k = k.view(b, t, 4, 8).transpose(1, 2)
        v = v.view(b, t, 4, 8).transpose(1, 2)
        scores = q @ k.transpose(-2, -1) / math.sqrt(8)
        causal = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
        scores = scores.masked_fill(causal, float("-inf"))
        att = scores.softmax(-1) @ v
        x = x + self.proj(att.transpose(1, 2).reshape(b, t, 32))
        x = x + self.fc2(F.gelu(self.fc1(self.ln2(x))))
        return self.out(x)


class Pooling(nn.Module):
    """Sequence pooling heads: masked mean, max, logsumexp, L2 normalization, softplus, top-k and argmax."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(40, 16)
        self.proj = nn.Linear(16, 16)

    def forward(self, ids, mask):
        h = torch.tanh(self.proj(self.embed(ids)))
        m = mask.unsqueeze(-1).to(h.dtype)
        mean = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
        mx = h.masked_fill(m == 0, -1e4).max(dim=1).values
        lse = torch.logsumexp(h, dim=1)
        norm = F.normalize(mean, dim=-1)
        top = torch.topk(F.softplus(h).sum(-1), 3, dim=-1).values
        arg = h.sum(-1).argmax(dim=-1, keepdim=True).to(h.dtype)
        cum = torch.cumsum(m.squeeze(-1), dim=1)
        return torch.cat([mean, mx, lse, norm, top, arg, cum, h.prod(1).abs().sqrt()], dim=-1)


def ids(shape, vocab, seed, pad_tail=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randint(1, vocab, shape, generator=g)
    if pad_tail:
        x[:, -pad_tail:] = 0
    return x


CASES = {
    # name: (module, opset, inputs, input names)
    "transformer_encoder": (Encoder, 14, lambda: [ids((2, 12), 50, 1, pad_tail=3)], ["ids"]),
    "gpt_block": (Decoder, 17, lambda: [ids((1, 16), 64, 2)], ["ids"]),
    "pooling_heads": (Pooling, 14, lambda: [ids((2, 10), 40, 3), (ids((2, 10), 40, 4) > 10).long()], ["ids", "mask"]),
}


def save(tensor, path, name):
    t = onnx.numpy_helper.from_array(tensor, name)
    with open(path, "wb") as f:
        f.write(t.SerializeToString())


def export(out_dir, name):
    cls, opset, make_inputs, names = CASES[name]
    torch.manual_seed(0)
    model = cls().eval()
    inputs = make_inputs()
    d = os.path.join(out_dir, name)
    os.makedirs(os.path.join(d, "test_data_set_0"), exist_ok=True)
    with torch.no_grad():
        outputs = model(*inputs)
    # Exported with gradients enabled: PyTorch's fused inference fast path for TransformerEncoder
    # (taken under no_grad) has no ONNX export.
    torch.onnx.export(model, tuple(inputs), os.path.join(d, "model.onnx"), input_names=names,
                      output_names=["output"], opset_version=opset)
    onnx.checker.check_model(onnx.load(os.path.join(d, "model.onnx")))
    for i, (n, x) in enumerate(zip(names, inputs)):
        save(x.numpy(), os.path.join(d, "test_data_set_0", f"input_{i}.pb"), n)
    save(outputs.numpy(), os.path.join(d, "test_data_set_0", "output_0.pb"), "output")
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump({"what": name, "producer": f"PyTorch {torch.__version__}, opset {opset}",
                   "shapes": {n: list(x.shape) for n, x in zip(names, inputs)}}, f, indent=1)
    print(name, "->", d)


if __name__ == "__main__":
    out = sys.argv[1]
    for n in sys.argv[2:] or CASES:
        export(out, n)
