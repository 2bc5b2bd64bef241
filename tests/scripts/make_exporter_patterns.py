#!/usr/bin/python3
"""Builds graphs in the shapes tf2onnx and paddle2onnx give, for the exporters Neo cannot run here.

Usage: /usr/bin/python3 tests/scripts/make_exporter_patterns.py OUT_DIR [NAME ...]

TensorFlow, tf2onnx, PaddlePaddle and paddle2onnx are not installable on the build machines (no Python
package index is reachable, Debian packages none of them), so these are NOT exporter outputs: each graph
is written node by node with onnx.helper, following how those converters spell the layers (tf2onnx 1.x at
opset 13: NHWC inputs with Transposes around every Conv, Relu6 as Clip with constant bounds, depthwise
convolutions as grouped Conv, Keras EinsumDense and attention as Einsum, LayerNormalization spelt out
with ReduceMean/Sqrt/Reciprocal, Keras LSTM/GRU as batch-major Transposes around ONNX LSTM/GRU with
Squeeze of the state, a while_loop it could not rewrite left as Loop, int32 token ids, dim_param batch
names like 'unk__12'; paddle2onnx at opset 11:
Conv then a separate BatchNormalization, Squeeze with the axes attribute, Reshape with 0 (copy) dims,
bidirectional LSTM followed by Transpose and Reshape, Linear as MatMul plus Add, HardSwish as
HardSigmoid times x). Weights are seeded random. Each case gets model.onnx, case.json (the shapes Neo
fixes the symbolic dims to, and what it imitates) and test_data_set_0/input_N.pb; the reference outputs
come from ONNX Runtime in the tests. The tests run this script when a case is missing.
"""
import json
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper
from onnx import TensorProto, helper


class Graph:
    """Collects nodes and initializers; names are made unique so a builder can reuse layer helpers."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes = []
        self.inits = []
        self.count = 0

    def name(self, hint):
        self.count += 1
        return f"{hint}:{self.count}"

    def const(self, value, hint="const"):
        n = self.name(hint)
        self.inits.append(onnx.numpy_helper.from_array(np.asarray(value), n))
        return n

    def weight(self, shape, scale=None, hint="w"):
        fan_in = shape[-2] if len(shape) >= 2 else shape[0]
        s = scale if scale is not None else 1.0 / np.sqrt(fan_in)
        return self.const((self.rng.standard_normal(shape) * s).astype(np.float32), hint)

    def op(self, op_type, inputs, outputs=1, **attrs):
        outs = [self.name(op_type) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=self.name(op_type + "_node"), **attrs))
        return outs[0] if outputs == 1 else outs

    def layer_norm(self, x, width, eps=1e-3):
        """Keras LayerNormalization as tf2onnx writes it below opset 17 (moments, rsqrt as Sqrt+Reciprocal)."""
        mean = self.op("ReduceMean", [x], axes=[-1], keepdims=1)
        centered = self.op("Sub", [x, mean])
        var = self.op("ReduceMean", [self.op("Mul", [centered, centered])], axes=[-1], keepdims=1)
        inv = self.op("Reciprocal", [self.op("Sqrt", [self.op("Add", [var, self.const(np.float32(eps))])])])
        gamma = self.const((1 + 0.1 * self.rng.standard_normal(width)).astype(np.float32), "gamma")
        beta = self.const((0.1 * self.rng.standard_normal(width)).astype(np.float32), "beta")
        return self.op("Add", [self.op("Mul", [centered, self.op("Mul", [inv, gamma])]), beta])

    def model(self, inputs, outputs, opset, producer):
        g = helper.make_graph(self.nodes, "main", inputs, outputs, self.inits)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)], producer_name=producer)
        m.ir_version = 7
        onnx.checker.check_model(m)
        return m


def tf_cnn_nhwc():
    """Small Keras MobileNet-like CNN on NHWC images: Conv2D+BN(folded)+ReLU6, DepthwiseConv2D, a residual
    add, a standalone BatchNormalization, GlobalAveragePooling2D, Dense softmax."""
    g = Graph(1)
    x = g.op("Transpose", ["input_1"], perm=[0, 3, 1, 2])
    relu6 = lambda v: g.op("Clip", [v, g.const(np.float32(0)), g.const(np.float32(6))])
    h = relu6(g.op("Conv", [x, g.weight([16, 3, 3, 3], 0.3), g.weight([16], 0.1)], kernel_shape=[3, 3],
                   strides=[2, 2], pads=[0, 0, 1, 1], dilations=[1, 1], group=1))
    d = relu6(g.op("Conv", [h, g.weight([16, 1, 3, 3], 0.4), g.weight([16], 0.1)], kernel_shape=[3, 3],
                   strides=[1, 1], pads=[1, 1, 1, 1], group=16))
    p = g.op("Conv", [d, g.weight([16, 16, 1, 1], 0.25), g.weight([16], 0.1)], kernel_shape=[1, 1], strides=[1, 1])
    r = g.op("Add", [h, p])
    bn = g.op("BatchNormalization", [r, g.const(g.rng.uniform(0.8, 1.2, 16).astype(np.float32)),
                                     g.const(g.rng.uniform(-0.1, 0.1, 16).astype(np.float32)),
                                     g.const(g.rng.uniform(-0.2, 0.2, 16).astype(np.float32)),
                                     g.const(g.rng.uniform(0.5, 1.5, 16).astype(np.float32))], epsilon=1e-3)
    # With unknown spatial sizes tf2onnx keeps padding="same" as auto_pad.
    s = g.op("Conv", [relu6(bn), g.weight([24, 16, 3, 3], 0.15), g.weight([24], 0.1)], kernel_shape=[3, 3],
             strides=[2, 2], auto_pad="SAME_UPPER")
    back = g.op("Transpose", [g.op("Relu", [s])], perm=[0, 2, 3, 1])
    pooled = g.op("ReduceMean", [back], axes=[1, 2], keepdims=0)
    # Keras Flatten with a symbolic batch: Reshape to [batch, -1] with the batch read from Shape.
    batch = g.op("Slice", [g.op("Shape", [back]), g.const(np.array([0], np.int64)), g.const(np.array([1], np.int64))])
    flat = g.op("Reshape", [back, g.op("Concat", [batch, g.const(np.array([-1], np.int64))], axis=0)])
    both = g.op("Concat", [pooled, flat], axis=1)
    logits = g.op("Add", [g.op("MatMul", [both, g.weight([24 + 8 * 8 * 24, 10])]), g.weight([10], 0.1)])
    g.nodes.append(helper.make_node("Softmax", [logits], ["dense_1"], axis=-1))
    inp = helper.make_tensor_value_info("input_1", TensorProto.FLOAT, ["unk__31", 32, 32, 3])
    out = helper.make_tensor_value_info("dense_1", TensorProto.FLOAT, ["unk__32", 10])
    data = {"input_1": g.rng.random((2, 32, 32, 3), dtype=np.float32)}
    return g.model([inp], [out], 13, "tf2onnx"), data, {"input_1": [2, 32, 32, 3]}


def tf_rnn_text():
    """Keras text classifier: int32 ids, Embedding(mask_zero) (Gather; lengths from Equal/Not/Cast/ReduceSum),
    LSTM(return_sequences) from zero states built with Shape/ConstantOfShape, then GRU (reset_after, so
    linear_before_reset=1) in batch-major Transposes, Dense sigmoid on the last GRU state."""
    g = Graph(2)
    vocab, emb, hidden, t = 50, 16, 20, 12
    e = g.op("Gather", [g.weight([vocab, emb], 0.5), "input_ids"], axis=0)
    tm = g.op("Transpose", [e], perm=[1, 0, 2])
    # Embedding(mask_zero=True): the LSTM gets lengths counted from the non-zero ids, and zero initial
    # states shaped from the batch the way Keras builds them (tf.zeros([batch, units])).
    lengths = g.op("ReduceSum", [g.op("Cast", [g.op("Not", [g.op("Equal", ["input_ids", g.const(np.array(0, np.int32))])])],
                                      to=TensorProto.INT32), g.const(np.array([1], np.int64))], keepdims=0)
    batch = g.op("Gather", [g.op("Shape", ["input_ids"]), g.const(np.array(0, np.int64))], axis=0)
    dims = g.op("Concat", [g.op("Unsqueeze", [batch, g.const(np.array([0], np.int64))]),
                           g.const(np.array([hidden], np.int64))], axis=0)
    zeros = g.op("ConstantOfShape", [dims], value=helper.make_tensor("v", TensorProto.FLOAT, [1], [0.0]))
    state = g.op("Unsqueeze", [zeros, g.const(np.array([0], np.int64))])
    y, _, _ = g.op("LSTM", [tm, g.weight([1, 4 * hidden, emb]), g.weight([1, 4 * hidden, hidden]),
                            g.const(np.concatenate([g.rng.standard_normal(4 * hidden) * 0.1,
                                                    np.zeros(4 * hidden)]).astype(np.float32)[None], "b"),
                            lengths, state, state],
                   outputs=3, hidden_size=hidden, direction="forward")
    seq = g.op("Squeeze", [y, g.const(np.array([1], np.int64))])
    _, hg = g.op("GRU", [seq, g.weight([1, 3 * hidden, hidden]), g.weight([1, 3 * hidden, hidden]),
                         g.weight([1, 6 * hidden], 0.1), lengths], outputs=2, hidden_size=hidden, linear_before_reset=1)
    last = g.op("Squeeze", [hg, g.const(np.array([0], np.int64))])
    logit = g.op("Add", [g.op("MatMul", [last, g.weight([hidden, 3], 2.0)]), g.weight([3], 0.1)])
    g.nodes.append(helper.make_node("Sigmoid", [logit], ["dense"]))
    inp = helper.make_tensor_value_info("input_ids", TensorProto.INT32, ["unk__7", t])
    out = helper.make_tensor_value_info("dense", TensorProto.FLOAT, ["unk__8", 3])
    ids = g.rng.integers(1, vocab, (3, t)).astype(np.int32)
    ids[1, 9:] = 0
    ids[2, 4:] = 0
    data = {"input_ids": ids}
    return g.model([inp], [out], 13, "tf2onnx"), data, {"input_ids": [3, t]}


def tf_transformer_encoder():
    """Keras encoder block: MultiHeadAttention as EinsumDense projections and Einsum scores/context,
    Softmax over keys with an additive padding mask, residual + LayerNormalization, FFN Dense(gelu) +
    Dense, residual + LayerNormalization."""
    g = Graph(3)
    d, heads, dh, ff, t = 32, 4, 8, 64, 10
    x = "input_1"
    proj = lambda hint: g.op("Add", [g.op("Einsum", [x, g.weight([d, heads, dh], 1 / np.sqrt(d), hint)],
                                          equation="abc,cde->abde"), g.weight([heads, dh], 0.1)])
    q = g.op("Mul", [proj("query"), g.const(np.float32(1 / np.sqrt(dh)))])
    k, v = proj("key"), proj("value")
    scores = g.op("Einsum", [k, q], equation="aecd,abcd->acbe")
    # Keras adds (1 - mask) * -1e9 for masked keys; the mask is an input [batch, keys].
    mask = g.op("Unsqueeze", [g.op("Unsqueeze", ["input_2", g.const(np.array([1], np.int64))]),
                              g.const(np.array([1], np.int64))])
    bias = g.op("Mul", [g.op("Sub", [g.const(np.float32(1)), mask]), g.const(np.float32(-1e9))])
    attn = g.op("Softmax", [g.op("Add", [scores, bias])], axis=-1)
    ctx = g.op("Einsum", [attn, v], equation="acbe,aecd->abcd")
    o = g.op("Add", [g.op("Einsum", [ctx, g.weight([heads, dh, d], 1 / np.sqrt(d), "out")], equation="abcd,cde->abe"),
                     g.weight([d], 0.1)])
    h = g.layer_norm(g.op("Add", [x, o]), d)
    f = g.op("Add", [g.op("MatMul", [h, g.weight([d, ff])]), g.weight([ff], 0.1)])
    erf = g.op("Erf", [g.op("Mul", [f, g.const(np.float32(1 / np.sqrt(2)))])])
    gelu = g.op("Mul", [g.op("Mul", [f, g.const(np.float32(0.5))]), g.op("Add", [erf, g.const(np.float32(1))])])
    f2 = g.op("Add", [g.op("MatMul", [gelu, g.weight([ff, d])]), g.weight([d], 0.1)])
    y = g.layer_norm(g.op("Add", [h, f2]), d)
    g.nodes.append(helper.make_node("Identity", [y], ["layer_normalization_1"]))
    ins = [helper.make_tensor_value_info("input_1", TensorProto.FLOAT, ["unk__3", t, d]),
           helper.make_tensor_value_info("input_2", TensorProto.FLOAT, ["unk__3", t])]
    out = helper.make_tensor_value_info("layer_normalization_1", TensorProto.FLOAT, ["unk__4", t, d])
    mask_data = np.ones((2, t), np.float32)
    mask_data[1, 7:] = 0
    data = {"input_1": g.rng.standard_normal((2, t, d)).astype(np.float32), "input_2": mask_data}
    return g.model(ins, [out], 13, "tf2onnx"), data, {"input_1": [2, t, d], "input_2": [2, t]}


def paddle_crnn():
    """PaddleOCR-style recognizer: Conv + BatchNormalization + Relu with (2,2) and (2,1) max pools down to
    height 1, Squeeze(axes attribute), bidirectional LSTM between Transposes, Reshape with 0 dims, Linear,
    Softmax over classes."""
    g = Graph(4)
    x = "x"

    def conv_bn(v, cin, cout):
        c = g.op("Conv", [v, g.weight([cout, cin, 3, 3], 1 / np.sqrt(9 * cin))], kernel_shape=[3, 3],
                 pads=[1, 1, 1, 1], strides=[1, 1], dilations=[1, 1], group=1)
        b = g.op("BatchNormalization", [c, g.const(g.rng.uniform(0.8, 1.2, cout).astype(np.float32)),
                                        g.const(g.rng.uniform(-0.1, 0.1, cout).astype(np.float32)),
                                        g.const(g.rng.uniform(-0.2, 0.2, cout).astype(np.float32)),
                                        g.const(g.rng.uniform(0.5, 1.5, cout).astype(np.float32))],
                 epsilon=1e-5, momentum=0.9)
        return g.op("Relu", [b])

    h = g.op("MaxPool", [conv_bn(x, 1, 8)], kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 0, 0])
    h = g.op("MaxPool", [conv_bn(h, 8, 16)], kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 0, 0])
    h = g.op("MaxPool", [conv_bn(h, 16, 24)], kernel_shape=[2, 1], strides=[2, 1], pads=[0, 0, 0, 0])
    h = g.op("MaxPool", [conv_bn(h, 24, 24)], kernel_shape=[2, 1], strides=[2, 1], pads=[0, 0, 0, 0])
    h = g.op("MaxPool", [conv_bn(h, 24, 24)], kernel_shape=[2, 1], strides=[2, 1], pads=[0, 0, 0, 0])
    seq = g.op("Transpose", [g.op("Squeeze", [h], axes=[2])], perm=[2, 0, 1])  # [W, N, C]
    hidden = 16
    y, _, _ = g.op("LSTM", [seq, g.weight([2, 4 * hidden, 24]), g.weight([2, 4 * hidden, hidden]),
                            g.weight([2, 8 * hidden], 0.1)], outputs=3, hidden_size=hidden, direction="bidirectional")
    y = g.op("Transpose", [y], perm=[0, 2, 1, 3])  # [W, N, 2, H]
    y = g.op("Reshape", [y, g.const(np.array([0, 0, -1], np.int64))])
    y = g.op("Transpose", [y], perm=[1, 0, 2])  # [N, W, 2H]
    logits = g.op("Add", [g.op("MatMul", [y, g.weight([2 * hidden, 37], 1.5)]), g.weight([37], 0.1)])
    g.nodes.append(helper.make_node("Softmax", [logits], ["softmax_0.tmp_0"], axis=2))
    inp = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["p2o.DynamicDimension.0", 1, 32, "p2o.DynamicDimension.1"])
    out = helper.make_tensor_value_info("softmax_0.tmp_0", TensorProto.FLOAT,
                                        ["p2o.DynamicDimension.0", "p2o.DynamicDimension.2", 37])
    data = {"x": g.rng.random((1, 1, 32, 80), dtype=np.float32)}
    return g.model([inp], [out], 11, "PaddlePaddle"), data, {"x": [1, 1, 32, 80]}


def paddle_mlp():
    """Paddle MLP: Linear (MatMul + Add), HardSwish as x * HardSigmoid(x) (opset 11), LayerNorm spelt out,
    Scale (Mul + Add), ReLU, Linear, Softmax."""
    g = Graph(5)
    lin = lambda v, i, o: g.op("Add", [g.op("MatMul", [v, g.weight([i, o])]), g.weight([o], 0.1)])
    h = lin("x", 20, 48)
    h = g.op("Mul", [h, g.op("HardSigmoid", [h], alpha=1 / 6, beta=0.5)])
    h = g.layer_norm(h, 48, eps=1e-5)
    h = g.op("Add", [g.op("Mul", [h, g.const(np.float32(1.5))]), g.const(np.float32(0.25))])
    h = g.op("Relu", [lin(h, 48, 32)])
    g.nodes.append(helper.make_node("Softmax", [lin(h, 32, 6)], ["softmax_1.tmp_0"], axis=1))
    inp = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["p2o.DynamicDimension.0", 20])
    out = helper.make_tensor_value_info("softmax_1.tmp_0", TensorProto.FLOAT, ["p2o.DynamicDimension.0", 6])
    data = {"x": g.rng.standard_normal((4, 20)).astype(np.float32)}
    return g.model([inp], [out], 11, "PaddlePaddle"), data, {"x": [4, 20]}


def tf_conv1d_bilstm():
    """Keras audio/sequence tagger: Conv1D (TF's ExpandDims + Conv2D: Unsqueeze, NHWC Transposes, a 1xk
    Conv, Squeeze), Bidirectional(LSTM) as one bidirectional ONNX LSTM whose directions are Split, Squeezed
    and Concatenated, GlobalMaxPooling1D (ReduceMax), Dense softmax."""
    g = Graph(6)
    feats, ch, hidden, t = 12, 16, 12, 20
    x = g.op("Unsqueeze", ["input_1", g.const(np.array([1], np.int64))])  # [N, 1, T, F] as NHWC
    x = g.op("Transpose", [x], perm=[0, 3, 1, 2])
    c = g.op("Conv", [x, g.weight([ch, feats, 1, 5], 1 / np.sqrt(5 * feats)), g.weight([ch], 0.1)],
             kernel_shape=[1, 5], strides=[1, 1], pads=[0, 2, 0, 2], dilations=[1, 1])
    c = g.op("Squeeze", [g.op("Transpose", [g.op("Relu", [c])], perm=[0, 2, 3, 1]), g.const(np.array([1], np.int64))])
    tm = g.op("Transpose", [c], perm=[1, 0, 2])
    y, _, _ = g.op("LSTM", [tm, g.weight([2, 4 * hidden, ch]), g.weight([2, 4 * hidden, hidden]),
                            g.weight([2, 8 * hidden], 0.1)], outputs=3, hidden_size=hidden, direction="bidirectional")
    fw, bw = g.op("Split", [y], outputs=2, axis=1)
    axis1 = g.const(np.array([1], np.int64))
    both = g.op("Concat", [g.op("Squeeze", [fw, axis1]), g.op("Squeeze", [bw, axis1])], axis=-1)
    pooled = g.op("ReduceMax", [g.op("Transpose", [both], perm=[1, 0, 2])], axes=[1], keepdims=0)
    logits = g.op("Add", [g.op("MatMul", [pooled, g.weight([2 * hidden, 4], 2.0)]), g.weight([4], 0.1)])
    g.nodes.append(helper.make_node("Softmax", [logits], ["dense"], axis=-1))
    inp = helper.make_tensor_value_info("input_1", TensorProto.FLOAT, ["unk__21", t, feats])
    out = helper.make_tensor_value_info("dense", TensorProto.FLOAT, ["unk__22", 4])
    data = {"input_1": g.rng.standard_normal((2, t, feats)).astype(np.float32)}
    return g.model([inp], [out], 13, "tf2onnx"), data, {"input_1": [2, t, feats]}


def paddle_dbnet():
    """PaddleOCR-style DB text detector: PP-LCNet-like backbone (Conv + BatchNormalization, HardSwish as
    x * HardSigmoid(x), depthwise Conv), FPN with opset-11 nearest Resize (roi and scales inputs,
    asymmetric, floor) and Concat, DB head with two stride-2 ConvTransposes and a Sigmoid."""
    g = Graph(7)

    def conv_bn(v, cin, cout, k=3, stride=1, group=1, act="hardswish"):
        c = g.op("Conv", [v, g.weight([cout, cin // group, k, k], 1 / np.sqrt(k * k * cin // group))],
                 kernel_shape=[k, k], strides=[stride, stride], pads=[k // 2] * 4, group=group, dilations=[1, 1])
        b = g.op("BatchNormalization", [c, g.const(g.rng.uniform(0.8, 1.2, cout).astype(np.float32)),
                                        g.const(g.rng.uniform(-0.1, 0.1, cout).astype(np.float32)),
                                        g.const(g.rng.uniform(-0.2, 0.2, cout).astype(np.float32)),
                                        g.const(g.rng.uniform(0.5, 1.5, cout).astype(np.float32))], epsilon=1e-5)
        if act == "hardswish":
            return g.op("Mul", [b, g.op("HardSigmoid", [b], alpha=1 / 6, beta=0.5)])
        return g.op("Relu", [b])

    def up(v, factor):
        return g.op("Resize", [v, g.const(np.array([], np.float32), "roi"),
                               g.const(np.array([1, 1, factor, factor], np.float32), "scales")],
                    mode="nearest", coordinate_transformation_mode="asymmetric", nearest_mode="floor")

    c1 = conv_bn("x", 3, 8, stride=2)                                          # /2
    c2 = conv_bn(conv_bn(c1, 8, 8, group=8), 8, 16, k=1)
    c2 = conv_bn(c2, 16, 16, stride=2)                                         # /4
    c3 = conv_bn(conv_bn(c2, 16, 16, stride=2, group=16), 16, 24, k=1)         # /8
    c4 = conv_bn(conv_bn(c3, 24, 24, stride=2, group=24), 24, 32, k=1)         # /16
    lat = lambda v, cin: g.op("Conv", [v, g.weight([16, cin, 1, 1], 1 / np.sqrt(cin))], kernel_shape=[1, 1])
    p4 = lat(c4, 32)
    p3 = g.op("Add", [lat(c3, 24), up(p4, 2)])
    p2 = g.op("Add", [lat(c2, 16), up(p3, 2)])
    smooth = lambda v: g.op("Conv", [v, g.weight([4, 16, 3, 3], 1 / np.sqrt(144))], kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    fuse = g.op("Concat", [up(smooth(p4), 4), up(smooth(p3), 2), smooth(p2)], axis=1)  # [N, 12, H/4, W/4]
    h = conv_bn(fuse, 12, 8, act="relu")
    h = g.op("ConvTranspose", [h, g.weight([8, 8, 2, 2], 0.3), g.weight([8], 0.1)], kernel_shape=[2, 2], strides=[2, 2])
    h = g.op("Relu", [h])
    h = g.op("ConvTranspose", [h, g.weight([8, 1, 2, 2], 1.5), g.weight([1], 0.1)], kernel_shape=[2, 2], strides=[2, 2])
    g.nodes.append(helper.make_node("Sigmoid", [h], ["sigmoid_0.tmp_0"]))
    dyn = ["p2o.DynamicDimension.0", 3, "p2o.DynamicDimension.1", "p2o.DynamicDimension.2"]
    inp = helper.make_tensor_value_info("x", TensorProto.FLOAT, dyn)
    out = helper.make_tensor_value_info("sigmoid_0.tmp_0", TensorProto.FLOAT,
                                        ["p2o.DynamicDimension.0", 1, "p2o.DynamicDimension.3", "p2o.DynamicDimension.4"])
    data = {"x": g.rng.random((1, 3, 64, 96), dtype=np.float32)}
    return g.model([inp], [out], 11, "PaddlePaddle"), data, {"x": [1, 3, 64, 96]}


def tf_rnn_loop():
    """Keras SimpleRNN that tf2onnx could not rewrite into an ONNX RNN, so its tf.while_loop stays a Loop:
    the trip count read from Shape, the time-major input read from the outer scope with Gather at the
    iteration number, the state carried, every step's state a scan output; Dense on the mean over time."""
    g = Graph(8)
    feats, hidden, t = 6, 10, 7
    tm = g.op("Transpose", ["input_1"], perm=[1, 0, 2])
    steps = g.op("Gather", [g.op("Shape", [tm]), g.const(np.array(0, np.int64))], axis=0)
    batch = g.op("Gather", [g.op("Shape", [tm]), g.const(np.array(1, np.int64))], axis=0)
    dims = g.op("Concat", [g.op("Unsqueeze", [batch, g.const(np.array([0], np.int64))]),
                           g.const(np.array([hidden], np.int64))], axis=0)
    h0 = g.op("ConstantOfShape", [dims], value=helper.make_tensor("v", TensorProto.FLOAT, [1], [0.0]))
    w, u, b = g.weight([feats, hidden], 0.6), g.weight([hidden, hidden], 0.4), g.weight([hidden], 0.1)
    body = helper.make_graph(
        [helper.make_node("Gather", [tm, "i"], ["x_t"], axis=0),
         helper.make_node("MatMul", ["x_t", w], ["xw"]),
         helper.make_node("MatMul", ["h", u], ["hu"]),
         helper.make_node("Add", ["xw", "hu"], ["s"]),
         helper.make_node("Add", ["s", b], ["sb"]),
         helper.make_node("Tanh", ["sb"], ["h_next"]),
         helper.make_node("Identity", ["cond"], ["cond_out"]),
         helper.make_node("Identity", ["h_next"], ["h_scan"])],
        "while_body",
        [helper.make_tensor_value_info("i", TensorProto.INT64, []),
         helper.make_tensor_value_info("cond", TensorProto.BOOL, []),
         helper.make_tensor_value_info("h", TensorProto.FLOAT, None)],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
         helper.make_tensor_value_info("h_next", TensorProto.FLOAT, None),
         helper.make_tensor_value_info("h_scan", TensorProto.FLOAT, None)])
    last, states = g.op("Loop", [steps, g.const(np.array(True)), h0], outputs=2, body=body)
    mean = g.op("ReduceMean", [states], axes=[0], keepdims=0)
    feat = g.op("Concat", [last, mean], axis=1)
    logits = g.op("Add", [g.op("MatMul", [feat, g.weight([2 * hidden, 3], 0.4)]), g.weight([3], 0.1)])
    g.nodes.append(helper.make_node("Softmax", [logits], ["dense"], axis=-1))
    inp = helper.make_tensor_value_info("input_1", TensorProto.FLOAT, ["unk__40", t, feats])
    out = helper.make_tensor_value_info("dense", TensorProto.FLOAT, ["unk__41", 3])
    data = {"input_1": g.rng.standard_normal((2, t, feats)).astype(np.float32)}
    return g.model([inp], [out], 13, "tf2onnx"), data, {"input_1": [2, t, feats]}


CASES = {
    "tf_cnn_nhwc": (tf_cnn_nhwc, "tf2onnx 1.x, Keras Conv2D/DepthwiseConv2D/BatchNormalization on NHWC"),
    "tf_rnn_text": (tf_rnn_text, "tf2onnx 1.x, Keras Embedding + LSTM + GRU text classifier"),
    "tf_transformer_encoder": (tf_transformer_encoder, "tf2onnx 1.x, Keras MultiHeadAttention encoder block"),
    "tf_rnn_loop": (tf_rnn_loop, "tf2onnx 1.x, Keras SimpleRNN left as a Loop"),
    "paddle_crnn": (paddle_crnn, "paddle2onnx, PaddleOCR-style CRNN recognizer"),
    "tf_conv1d_bilstm": (tf_conv1d_bilstm, "tf2onnx 1.x, Keras Conv1D + Bidirectional(LSTM) sequence classifier"),
    "paddle_dbnet": (paddle_dbnet, "paddle2onnx, PaddleOCR-style DB text detector"),
    "paddle_mlp": (paddle_mlp, "paddle2onnx, MLP with HardSwish and LayerNorm"),
}


def build(out_dir, name):
    make, imitates = CASES[name]
    model, data, shapes = make()
    d = os.path.join(out_dir, name)
    os.makedirs(os.path.join(d, "test_data_set_0"), exist_ok=True)
    onnx.save(model, os.path.join(d, "model.onnx"))
    for i, inp in enumerate(model.graph.input):
        t = onnx.numpy_helper.from_array(data[inp.name], inp.name)
        with open(os.path.join(d, "test_data_set_0", f"input_{i}.pb"), "wb") as f:
            f.write(t.SerializeToString())
    ops = sorted({n.op_type for n in model.graph.node})
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump({"what": name, "producer": f"hand-built with onnx {onnx.__version__}, imitating {imitates}",
                   "opset": model.opset_import[0].version, "operators": ops, "shapes": shapes}, f, indent=1)
    print(name, "->", d, ops)


if __name__ == "__main__":
    out = sys.argv[1]
    for n in sys.argv[2:] or CASES:
        build(out, n)
