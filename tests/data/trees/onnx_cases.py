"""ONNX-ML TreeEnsembleRegressor / TreeEnsembleClassifier models (ai.onnx.ml opsets 1 and 3), built with
the onnx helper API: XGBoost models converted here (BRANCH_LT, missing values tracking the default), and
small hand-made ensembles covering every node mode, aggregate, post-transform and the classifier's binary
cases. The tests take their references from ONNX Runtime. Used by make_cases.py."""
import json
import os

import numpy as np
import xgboost as xgb
from onnx import helper, TensorProto
from sklearn import datasets

f32 = np.float32
ROWS = 64


class Ensemble:
    """Trees as flat ONNX attribute lists."""

    def __init__(self):
        self.nodes = {k: [] for k in ("treeids", "nodeids", "featureids", "modes", "values", "truenodeids", "falsenodeids", "missing_value_tracks_true", "hitrates")}
        self.leaves = {k: [] for k in ("treeids", "nodeids", "ids", "weights")}

    def node(self, tree, node, feature=0, mode="LEAF", value=0.0, true=0, false=0, tracks=0):
        for k, v in zip(("treeids", "nodeids", "featureids", "modes", "values", "truenodeids", "falsenodeids", "missing_value_tracks_true", "hitrates"),
                        (tree, node, feature, mode, value, true, false, tracks, 1.0)):
            self.nodes[k].append(v)

    def weight(self, tree, node, target, w):
        for k, v in zip(("treeids", "nodeids", "ids", "weights"), (tree, node, target, w)):
            self.leaves[k].append(v)

    def attributes(self, prefix, opset3=False, double_thresholds=False):
        a = {"nodes_" + k: v for k, v in self.nodes.items() if k not in ("values", "hitrates")}
        if opset3:
            a["nodes_values_as_tensor"] = helper.make_tensor("v", TensorProto.DOUBLE if double_thresholds else TensorProto.FLOAT, [len(self.nodes["values"])], self.nodes["values"])
            a[prefix + "_weights_as_tensor"] = helper.make_tensor("w", TensorProto.FLOAT, [len(self.leaves["weights"])], self.leaves["weights"])
        else:
            a["nodes_values"] = self.nodes["values"]
            a[prefix + "_weights"] = self.leaves["weights"]
        a["nodes_hitrates"] = self.nodes["hitrates"]
        a[prefix + "_treeids"] = self.leaves["treeids"]
        a[prefix + "_nodeids"] = self.leaves["nodeids"]
        a[prefix + "_ids"] = self.leaves["ids"]
        return a


def from_xgboost(booster, base_margin):
    e = Ensemble()
    doc = json.loads(booster.save_raw("json"))
    model = doc["learner"]["gradient_booster"]["model"]
    for t, (tree, group) in enumerate(zip(model["trees"], model["tree_info"])):
        for n in range(len(tree["left_children"])):
            if tree["left_children"][n] == -1:
                e.node(t, n)
                e.weight(t, n, group, tree["split_conditions"][n])
            else:
                e.node(t, n, tree["split_indices"][n], "BRANCH_LT", tree["split_conditions"][n], tree["left_children"][n], tree["right_children"][n], tree["default_left"][n])
    return e


def save(root, name, node, features, outputs, opset, write_case, x, note):
    graph = helper.make_graph([node], name, [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", features])], outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", opset)], producer_name="make_cases.py")
    model.ir_version = 8
    case = {"format": "onnx-ml", "producer": "make_cases.py", "shapes": {"X": [ROWS, features]}, "note": note, "references": "ONNX Runtime, at test time"}
    write_case(root, name, {"model.onnx": model.SerializeToString()}, [("X", x)], [], case)


def regressor(root, name, e, features, targets, x, write_case, opset=1, double=False, note="", **kw):
    attrs = e.attributes("target", opset3=opset >= 3, double_thresholds=double)
    node = helper.make_node("TreeEnsembleRegressor", ["X"], ["Y"], domain="ai.onnx.ml", n_targets=targets, **attrs, **kw)
    save(root, name, node, features, [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["N", targets])], opset, write_case, x, note)


def classifier(root, name, e, features, labels, x, write_case, opset=1, note="", **kw):
    attrs = e.attributes("class", opset3=opset >= 3)
    node = helper.make_node("TreeEnsembleClassifier", ["X"], ["label", "probabilities"], domain="ai.onnx.ml", classlabels_int64s=labels, **attrs, **kw)
    outs = [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]), helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", len(labels)])]
    save(root, name, node, features, outs, opset, write_case, x, note)


def random_trees(rng, trees, depth, features, modes, targets, tracks=True, leaf_targets=1):
    """Complete trees with random modes and thresholds; leaves weight `leaf_targets` random targets."""
    e = Ensemble()
    for t in range(trees):
        nid = 0
        stack = [(0, 0)]
        order = []
        while stack:
            n, d = stack.pop(0)
            order.append((n, d))
            if d < depth and not (d > 0 and rng.random() < 0.2):
                stack.append((2 * n + 1, d + 1))
                stack.append((2 * n + 2, d + 1))
        ids = {n for n, _ in order}
        for n, d in order:
            if 2 * n + 1 in ids:
                mode = modes[int(rng.integers(0, len(modes)))]
                value = float(rng.choice([-1.0, -0.5, 0.0, 0.25, 0.5, 1.0])) if mode in ("BRANCH_EQ", "BRANCH_NEQ") else float(rng.normal())
                e.node(t, n, int(rng.integers(0, features)), mode, value, 2 * n + 1, 2 * n + 2, int(rng.integers(0, 2)) if tracks else 0)
            else:
                e.node(t, n)
                for target in rng.choice(targets, size=min(leaf_targets, targets), replace=False):
                    e.weight(t, n, int(target), float(rng.normal()))
    return e


def inputs(rng, features):
    x = rng.normal(size=(ROWS, features)).astype(f32)
    x[rng.random(x.shape) < 0.2] = rng.choice([-1.0, -0.5, 0.0, 0.25, 0.5, 1.0])
    x[rng.random(x.shape) < 0.06] = np.nan
    return x


def make(root, rng, write_case):
    cancer = datasets.load_breast_cancer()
    xc = cancer.data.astype(f32)
    xc[rng.random(xc.shape) < 0.03] = np.nan
    b = xgb.train({"objective": "binary:logistic", "max_depth": 4}, xgb.DMatrix(xc[:-ROWS], cancer.target[:-ROWS]), 30)
    classifier(root, "onnx_xgb_binary", from_xgboost(b, 0.0), 30, [0, 1], xc[-ROWS:], write_case, post_transform="LOGISTIC", base_values=[0.0],
               note="an XGBoost binary:logistic model converted as converters do: one scored class, LOGISTIC")
    regressor(root, "onnx_xgb_margin", from_xgboost(b, 0.0), 30, 1, xc[-ROWS:], write_case, base_values=[0.0], note="the same trees as a regressor: the margin")

    diabetes = datasets.load_diabetes()
    b = xgb.train({"objective": "reg:squarederror", "max_depth": 5, "base_score": 150.0}, xgb.DMatrix(diabetes.data[:-ROWS], diabetes.target[:-ROWS]), 80)
    regressor(root, "onnx_xgb_regressor", from_xgboost(b, 150.0), 10, 1, diabetes.data[-ROWS:].astype(f32), write_case, opset=3, base_values=[150.0],
              note="an XGBoost regressor, opset 3 tensors")

    wine = datasets.load_wine()
    b = xgb.train({"objective": "multi:softprob", "num_class": 3, "max_depth": 3}, xgb.DMatrix(wine.data[:-ROWS], wine.target[:-ROWS]), 15)
    classifier(root, "onnx_xgb_multiclass", from_xgboost(b, 0.5), 13, [10, 20, 30], wine.data[-ROWS:].astype(f32), write_case, post_transform="SOFTMAX", base_values=[0.5, 0.5, 0.5],
               note="XGBoost multi:softprob as a 3-class classifier with labels 10, 20, 30")

    modes = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"]
    x6 = inputs(rng, 6)
    regressor(root, "onnx_modes_average", random_trees(rng, 12, 4, 6, modes, 2, leaf_targets=2), 6, 2, x6, write_case, opset=3,
              aggregate_function="AVERAGE", base_values=[0.5, -1.0], note="every node mode, opset 3 tensors, two targets, AVERAGE")
    regressor(root, "onnx_modes_sum", random_trees(rng, 20, 5, 6, modes, 1), 6, 1, x6, write_case, note="every node mode, float32 thresholds, SUM")
    regressor(root, "onnx_min", random_trees(rng, 9, 3, 6, modes, 2), 6, 2, x6, write_case, aggregate_function="MIN", base_values=[1.0, 2.0], note="MIN")
    regressor(root, "onnx_max", random_trees(rng, 9, 3, 6, modes, 1), 6, 1, x6, write_case, aggregate_function="MAX", note="MAX")
    regressor(root, "onnx_softmax_targets", random_trees(rng, 15, 4, 6, modes, 3, leaf_targets=2), 6, 3, x6, write_case, post_transform="SOFTMAX", note="SOFTMAX over three targets")
    regressor(root, "onnx_logistic_targets", random_trees(rng, 15, 4, 6, modes, 2), 6, 2, x6, write_case, post_transform="LOGISTIC", note="LOGISTIC over two targets")
    regressor(root, "onnx_probit", random_trees(rng, 6, 3, 6, modes, 1), 6, 1, x6 * f32(0.1), write_case, post_transform="PROBIT", base_values=[0.5], note="PROBIT")

    e = random_trees(rng, 10, 4, 6, modes, 2)
    e.leaves["weights"] = [abs(w) / 10 for w in e.leaves["weights"]]
    e.leaves["ids"] = [1] * len(e.leaves["ids"])
    classifier(root, "onnx_binary_positive", e, 6, [0, 1], x6, write_case, note="one scored class, all weights positive (a probability)")
    e = random_trees(rng, 10, 4, 6, modes, 2, leaf_targets=2)
    classifier(root, "onnx_binary_two_scored", e, 6, [0, 1], x6, write_case, note="both classes scored, NONE")
    e = random_trees(rng, 10, 4, 6, modes, 4, leaf_targets=3)
    classifier(root, "onnx_multiclass_softmax_zero", e, 6, [1, 2, 3, 4], x6, write_case, opset=3, post_transform="SOFTMAX_ZERO", base_values=[0.1, 0.0, -0.2, 0.3],
               note="four classes, SOFTMAX_ZERO, base values")
    double_thresholds(root, rng, write_case)


def double_thresholds(root, rng, write_case):
    """Float64 thresholds (opset 3 nodes_values_as_tensor) with float32 inputs on both sides of them. ONNX
    Runtime refuses this combination, so the reference is computed here, comparing in float64 as the
    operator's definition says."""
    modes = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"]
    e = Ensemble()
    tests = {"BRANCH_LEQ": lambda x, t: x <= t, "BRANCH_LT": lambda x, t: x < t, "BRANCH_GTE": lambda x, t: x >= t,
             "BRANCH_GT": lambda x, t: x > t, "BRANCH_EQ": lambda x, t: x == t, "BRANCH_NEQ": lambda x, t: x != t}
    trees = []
    for t, mode in enumerate(modes * 2):
        th = 0.1 if t < 6 else 0.25  # 0.1 is no float32; 0.25 is
        e.node(t, 0, t % 3, mode, th, 1, 2, t % 2)
        e.node(t, 1)
        e.node(t, 2)
        e.weight(t, 1, 0, float(2 ** t))
        e.weight(t, 2, 0, float(-(2 ** t)))
        trees.append((mode, th, t % 3, bool(t % 2), 2.0 ** t))
    down = float(np.nextafter(np.float32(0.1), np.float32(0)))
    up = float(np.float32(0.1)) if float(np.float32(0.1)) > 0.1 else float(np.nextafter(np.float32(0.1), np.float32(1)))
    values = [down, up, 0.25, float(np.nextafter(np.float32(0.25), np.float32(0))), float(np.nextafter(np.float32(0.25), np.float32(1))), float("nan"), 0.0, -1.0]
    x = np.array([[values[(r + k) % len(values)] for k in range(3)] for r in range(ROWS)], dtype=f32)
    y = np.zeros((ROWS, 1), dtype=np.float64)
    for r in range(ROWS):
        s = 0.0
        for mode, th, feat, tracks, w in trees:
            v = float(x[r, feat])
            true = (tracks and np.isnan(v)) or tests[mode](v, th)
            s += w if true else -w
        y[r, 0] = s
    attrs = e.attributes("target", opset3=True, double_thresholds=True)
    node = helper.make_node("TreeEnsembleRegressor", ["X"], ["Y"], domain="ai.onnx.ml", n_targets=1, **attrs)
    graph = helper.make_graph([node], "double_thresholds", [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 3])], [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["N", 1])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 3)], producer_name="make_cases.py")
    model.ir_version = 8
    case = {"format": "onnx-ml", "shapes": {"X": [ROWS, 3]}, "note": "float64 thresholds; reference computed by make_cases.py in float64 (ONNX Runtime refuses float64 thresholds with float32 input)"}
    write_case(root, "onnxdouble_thresholds", {"model.onnx": model.SerializeToString()}, [("X", x)], [("Y", y.astype(f32))], case)
