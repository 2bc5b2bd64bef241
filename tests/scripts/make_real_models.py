#!/usr/bin/python3
"""Exports small real-world architectures (seeded random weights) the way users export them.

Usage: /usr/bin/python3 tests/scripts/make_real_models.py OUT_DIR [NAME ...]

Each case gets model.onnx (torch.onnx.export with the dynamic axes a user would declare), case.json
(the shapes Neo fixes them to) and test_data_set_0/{input_N,output_N}.pb with PyTorch's outputs. The
tests compare Neo with ONNX Runtime on the same inputs; the stored PyTorch outputs serve the package
consumer test, which has no ONNX Runtime. Only PyTorch exports are made here: tf2onnx and paddle2onnx
are not available on the build machines.
The tests run this script when a case is missing.
"""
import json
import math
import os
import sys

import onnx
import onnx.numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence


class GruClassifier(nn.Module):
    """Text classifier: embedding, bidirectional GRU over packed sequences (lengths), linear head."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(100, 24, padding_idx=0)
        self.gru = nn.GRU(24, 32, batch_first=True, bidirectional=True)
        self.head = nn.Linear(64, 5)

    def forward(self, ids, lengths):
        packed = pack_padded_sequence(self.embed(ids), lengths, batch_first=True, enforce_sorted=False)
        _, h = self.gru(packed)
        return self.head(torch.cat([h[0], h[1]], dim=-1))


class LstmDecoder(nn.Module):
    """Seq2seq-style decoder step over a target prefix: 2-layer LSTM from given states, vocabulary projection."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(60, 32)
        self.lstm = nn.LSTM(32, 48, num_layers=2)
        self.out = nn.Linear(48, 60)

    def forward(self, tokens, h0, c0):
        y, (h, c) = self.lstm(self.embed(tokens), (h0, c0))
        return F.log_softmax(self.out(y), dim=-1), h, c


class Crnn(nn.Module):
    """OCR recognizer: VGG-like conv stack to height 1, BiLSTM over columns, per-column class log-probabilities."""

    def __init__(self):
        super().__init__()

        def block(cin, cout, pool):
            return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True), nn.MaxPool2d(pool)]

        self.cnn = nn.Sequential(*block(1, 16, 2), *block(16, 32, 2), *block(32, 48, (2, 1)), *block(48, 48, (4, 1)))
        self.rnn = nn.LSTM(48, 32, bidirectional=True)
        self.fc = nn.Linear(64, 37)

    def forward(self, image):
        f = self.cnn(image)                 # [B, C, 1, W/4]
        f = f.squeeze(2).permute(2, 0, 1)   # [T, B, C]
        y, _ = self.rnn(f)
        return F.log_softmax(self.fc(y), dim=2)


class DbNet(nn.Module):
    """OCR text detector: strided conv backbone, FPN (nearest upsampling, add, bilinear resize, concat),
    probability and threshold heads with ConvTranspose upsampling and sigmoids, approximate binary map."""

    def __init__(self):
        super().__init__()

        def conv(cin, cout, stride):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())

        self.c2 = nn.Sequential(conv(3, 16, 2), conv(16, 16, 2))   # 1/4
        self.c3 = conv(16, 24, 2)                                  # 1/8
        self.c4 = conv(24, 32, 2)                                  # 1/16
        self.c5 = conv(32, 48, 2)                                  # 1/32
        self.lat = nn.ModuleList([nn.Conv2d(c, 24, 1, bias=False) for c in (16, 24, 32, 48)])
        self.smooth = nn.ModuleList([nn.Conv2d(24, 6, 3, padding=1, bias=False) for _ in range(4)])

        def head():
            return nn.Sequential(
                nn.Conv2d(24, 6, 3, padding=1, bias=False), nn.BatchNorm2d(6), nn.ReLU(),
                nn.ConvTranspose2d(6, 6, 2, 2), nn.BatchNorm2d(6), nn.ReLU(),
                nn.ConvTranspose2d(6, 1, 2, 2), nn.Sigmoid())

        self.prob = head()
        self.thresh = head()

    def forward(self, image):
        c2 = self.c2(image)
        c3 = self.c3(c2)
        c4 = self.c4(c3)
        c5 = self.c5(c4)
        p5 = self.lat[3](c5)
        p4 = self.lat[2](c4) + F.interpolate(p5, scale_factor=2, mode="nearest")
        p3 = self.lat[1](c3) + F.interpolate(p4, scale_factor=2, mode="nearest")
        p2 = self.lat[0](c2) + F.interpolate(p3, scale_factor=2, mode="nearest")
        size = p2.shape[2:]
        fuse = torch.cat([
            self.smooth[0](p2),
            F.interpolate(self.smooth[1](p3), size=size, mode="bilinear", align_corners=False),
            F.interpolate(self.smooth[2](p4), size=size, mode="bilinear", align_corners=False),
            F.interpolate(self.smooth[3](p5), size=size, mode="bilinear", align_corners=False),
        ], dim=1)
        prob = self.prob(fuse)
        thresh = self.thresh(fuse)
        binary = torch.reciprocal(1 + torch.exp(-50 * (prob - thresh)))
        return torch.cat([prob, thresh, binary], dim=1)


class LogMelClassifier(nn.Module):
    """Audio front end and a small conv classifier. PyTorch 1.13 cannot export torch.stft, so the STFT is
    written the way exportable front ends (torchlibrosa, nnAudio) write it: a strided Conv1d whose kernels
    are the windowed DFT basis (real and imaginary parts), then power, mel filterbank MatMul and log."""

    def __init__(self, n_fft=128, hop=64, n_mels=24, sample_rate=8000):
        super().__init__()
        n = torch.arange(n_fft, dtype=torch.float64)
        k = torch.arange(n_fft // 2 + 1, dtype=torch.float64).unsqueeze(1)
        window = torch.hann_window(n_fft, dtype=torch.float64)
        angle = 2 * math.pi * k * n / n_fft
        basis = torch.cat([torch.cos(angle) * window, -torch.sin(angle) * window]).float()
        self.dft = nn.Conv1d(1, basis.shape[0], n_fft, stride=hop, bias=False)
        self.dft.weight.data.copy_(basis.unsqueeze(1))
        self.bins = n_fft // 2 + 1
        self.register_buffer("mel", mel_filterbank(self.bins, n_mels, sample_rate))
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.head = nn.Linear(32, 10)

    def forward(self, wave):
        spec = self.dft(wave.unsqueeze(1))                           # [B, 2F, T]
        real, imag = spec[:, :self.bins], spec[:, self.bins:]
        power = real * real + imag * imag                            # [B, F, T]
        logmel = torch.log(torch.matmul(self.mel, power) + 1e-6)     # [B, M, T]
        return self.head(self.features(logmel.unsqueeze(1)).flatten(1))


def mel_filterbank(n_freqs, n_mels, sample_rate):
    def hz_to_mel(f):
        return 2595.0 * math.log10(1.0 + f / 700.0)

    lo, hi = hz_to_mel(0.0), hz_to_mel(sample_rate / 2)
    mels = torch.linspace(lo, hi, n_mels + 2)
    hz = 700.0 * (10 ** (mels / 2595.0) - 1.0)
    freqs = torch.linspace(0, sample_rate / 2, n_freqs)
    fb = torch.zeros(n_mels, n_freqs)
    for m in range(n_mels):
        left, centre, right = hz[m], hz[m + 1], hz[m + 2]
        up = (freqs - left) / (centre - left)
        down = (right - freqs) / (right - centre)
        fb[m] = torch.clamp(torch.minimum(up, down), min=0.0)
    return fb


class VadCore(nn.Module):
    """Voice-activity detector over a frame of features, with a recurrent state: a quiet frame (by energy)
    skips the network and decays the state; a loud one runs a GRU cell (written out: PyTorch 1.13 cannot
    export nn.GRUCell) and a classifier. Scripted, so the branch stays in the graph as an ONNX If."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(40, 32)
        self.wx = nn.Linear(32, 96)
        self.wh = nn.Linear(32, 96)
        self.head = nn.Linear(32, 1)

    def cell(self, x, h):
        rx, zx, nx = self.wx(x).chunk(3, dim=1)
        rh, zh, nh = self.wh(h).chunk(3, dim=1)
        r = torch.sigmoid(rx + rh)
        z = torch.sigmoid(zx + zh)
        n = torch.tanh(nx + r * nh)
        return (1 - z) * n + z * h

    def forward(self, frame, state, threshold):
        energy = frame.pow(2).mean()
        if bool(energy > threshold):
            h = self.cell(torch.relu(self.proj(frame)), state)
            p = torch.sigmoid(self.head(h))
        else:
            h = state * 0.5
            p = torch.zeros(frame.shape[0], 1)
        return p, h


class TransformerDecoder(nn.Module):
    """nn.TransformerDecoderLayer with a causal target mask and cross-attention over an encoder memory."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(50, 32)
        self.layer = nn.TransformerDecoderLayer(32, 4, 64, dropout=0.0, batch_first=True)
        self.out = nn.Linear(32, 50)

    def forward(self, tokens, memory):
        t = tokens.shape[1]
        mask = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        return self.out(self.layer(self.embed(tokens), memory, tgt_mask=mask))


def gen(seed):
    return torch.Generator().manual_seed(seed)


def vad_inputs(loud):
    g = gen(5 if loud else 6)
    scale = 1.0 if loud else 0.05
    return [torch.randn(2, 40, generator=g) * scale, torch.randn(2, 32, generator=g), torch.tensor(0.1)]


CASES = {
    # name: (module, opset, inputs, input names, output names, dynamic axes, scripted)
    "gru_classifier": (
        GruClassifier, 14,
        lambda: [torch.randint(1, 100, (3, 10), generator=gen(1)), torch.tensor([10, 6, 3])],
        ["ids", "lengths"], ["logits"], {"ids": {0: "batch", 1: "time"}, "lengths": {0: "batch"}}, False),
    "lstm_decoder": (
        LstmDecoder, 14,
        lambda: [torch.randint(0, 60, (7, 2), generator=gen(2)), torch.randn(2, 2, 48, generator=gen(3)) * 0.5,
                 torch.randn(2, 2, 48, generator=gen(4)) * 0.5],
        ["tokens", "h0", "c0"], ["log_probs", "hn", "cn"],
        {"tokens": {0: "time", 1: "batch"}, "h0": {1: "batch"}, "c0": {1: "batch"}}, False),
    "crnn_ocr": (
        Crnn, 14, lambda: [torch.rand(1, 1, 32, 96, generator=gen(7))],
        ["image"], ["log_probs"], {"image": {0: "batch", 3: "width"}}, False),
    "dbnet_detector": (
        DbNet, 13, lambda: [torch.rand(1, 3, 64, 96, generator=gen(8))],
        ["image"], ["maps"], {"image": {0: "batch", 2: "height", 3: "width"}}, False),
    "logmel_audio": (
        LogMelClassifier, 17, lambda: [torch.randn(2, 2048, generator=gen(9)) * 0.3],
        ["wave"], ["logits"], {"wave": {0: "batch", 1: "samples"}}, False),
    "vad_if": (
        VadCore, 14, lambda: vad_inputs(True),
        ["frame", "state", "threshold"], ["speech", "state_out"], {"frame": {0: "batch"}, "state": {0: "batch"}}, True),
    "transformer_decoder": (
        TransformerDecoder, 14,
        lambda: [torch.randint(0, 50, (2, 9), generator=gen(10)), torch.randn(2, 11, 32, generator=gen(11))],
        ["tokens", "memory"], ["logits"], {"tokens": {0: "batch", 1: "time"}, "memory": {0: "batch", 1: "source"}}, False),
}


# More input sets, saved as test_data_set_1...: the VAD's quiet frame takes the other branch of its If.
EXTRA_INPUTS = {"vad_if": [lambda: vad_inputs(False)]}


def save(tensor, path, name):
    t = onnx.numpy_helper.from_array(tensor, name)
    with open(path, "wb") as f:
        f.write(t.SerializeToString())


def save_set(d, k, names, inputs, out_names, outputs):
    data = os.path.join(d, f"test_data_set_{k}")
    os.makedirs(data, exist_ok=True)
    for i, (n, x) in enumerate(zip(names, inputs)):
        save(x.numpy(), os.path.join(data, f"input_{i}.pb"), n)
    for i, (n, y) in enumerate(zip(out_names, outputs)):
        save(y.numpy(), os.path.join(data, f"output_{i}.pb"), n)


def export(out_dir, name):
    cls, opset, make_inputs, names, out_names, dynamic, scripted = CASES[name]
    torch.manual_seed(0)
    model = cls().eval()
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm2d,)):
            # Non-trivial running statistics, as a trained model would have.
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
    inputs = make_inputs()
    d = os.path.join(out_dir, name)
    with torch.no_grad():
        outputs = model(*inputs)
    outputs = list(outputs) if isinstance(outputs, tuple) else [outputs]
    exported = torch.jit.script(model) if scripted else model
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "model.onnx")
    torch.onnx.export(exported, tuple(inputs), path, input_names=names, output_names=out_names,
                      dynamic_axes=dynamic, opset_version=opset)
    proto = onnx.load(path)
    onnx.checker.check_model(proto)
    ops = sorted({n.op_type for n in proto.graph.node})
    if scripted and "If" not in ops:
        raise SystemExit(f"{name}: the scripted branch did not export as If: {ops}")
    save_set(d, 0, names, inputs, out_names, outputs)
    for k, more in enumerate(EXTRA_INPUTS.get(name, []), start=1):
        xs = more()
        with torch.no_grad():
            ys = model(*xs)
        save_set(d, k, names, xs, out_names, list(ys) if isinstance(ys, tuple) else [ys])
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump({"what": name, "producer": f"PyTorch {torch.__version__}, opset {opset}", "operators": ops,
                   "shapes": {n: list(x.shape) for n, x in zip(names, inputs) if n in dynamic}}, f, indent=1)
    print(name, "->", d, ops)


if __name__ == "__main__":
    out = sys.argv[1]
    for n in sys.argv[2:] or CASES:
        export(out, n)
