#!/usr/bin/python3
"""Makes the held-out tree-model test cases in this folder (committed; rerun only to change them).

    /usr/bin/python3 tests/data/trees/make_cases.py            # XGBoost, LightGBM and ONNX-ML test cases
    /usr/bin/python3 tests/data/trees/make_cases.py --bench    # also the larger benchmark-only cases (not committed)

Needs Debian's python3-xgboost (1.7), python3-sklearn, python3-onnx. Each case is a folder in the ONNX
backend-test layout: the model (model.json + model.ubj, model.txt or model.onnx), case.json (shapes, and the
XGBoost feature types), test_data_set_0/input_0.pb (features) and output_N.pb (references).

References: XGBoost cases hold XGBoost's own Booster.predict (output_0, prediction) and
predict(output_margin=True) (output_1, margin). LightGBM cases hold the predictions of the reference
predictor below, a float64 transcription of LightGBM's Tree::Predict and objectives (the lightgbm package is
not available here): written from LightGBM's documented text format and decision rules, independently of
Neo's C#. ONNX-ML cases hold no references: the tests run ONNX Runtime on them.
"""
import json
import math
import os
import struct
import sys

import numpy as np
import onnx
import xgboost as xgb
from onnx import helper, numpy_helper, TensorProto
from sklearn import datasets

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.normpath(os.path.join(HERE, "..", "..", "..", "benchmarks", "Neo.Benchmarks.Trees", "cases"))
ROWS = 64
f32 = np.float32


def write_case(root, name, files, inputs, outputs, case):
    d = os.path.join(root, name)
    os.makedirs(os.path.join(d, "test_data_set_0"), exist_ok=True)
    for fname, data in files.items():
        mode = "wb" if isinstance(data, (bytes, bytearray)) else "w"
        with open(os.path.join(d, fname), mode) as f:
            f.write(data)
    for i, (n, a) in enumerate(inputs):
        onnx.save_tensor(numpy_helper.from_array(np.ascontiguousarray(a), n), os.path.join(d, "test_data_set_0", f"input_{i}.pb"))
    for i, (n, a) in enumerate(outputs):
        onnx.save_tensor(numpy_helper.from_array(np.ascontiguousarray(a), n), os.path.join(d, "test_data_set_0", f"output_{i}.pb"))
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump(case, f, indent=1, sort_keys=True)
    print("wrote", d)


def with_missing(x, rate, rng):
    x = x.copy()
    x[rng.random(x.shape) < rate] = np.nan
    return x


# ---------------------------------------------------------------- XGBoost

def xgb_case(root, name, params, rounds, x, y, test, feature_types=None, note=""):
    categorical = feature_types is not None and "c" in feature_types
    dtrain = xgb.DMatrix(x, y, feature_types=feature_types, enable_categorical=categorical)
    booster = xgb.train(params, dtrain, rounds)
    tmp = os.path.join(root, ".tmp")
    os.makedirs(tmp, exist_ok=True)
    booster.save_model(os.path.join(tmp, "m.json"))
    booster.save_model(os.path.join(tmp, "m.ubj"))
    files = {"model.json": open(os.path.join(tmp, "m.json"), "rb").read(), "model.ubj": open(os.path.join(tmp, "m.ubj"), "rb").read()}
    dtest = xgb.DMatrix(test, feature_types=feature_types, enable_categorical=categorical)
    pred = booster.predict(dtest).astype(f32)
    margin = booster.predict(dtest, output_margin=True).astype(f32)
    case = {"format": "xgboost", "producer": "xgboost " + xgb.__version__, "params": params, "rounds": rounds,
            "files": ["model.json", "model.ubj"], "missing": "NaN", "shapes": {"features": list(test.shape)}, "note": note}
    if feature_types:
        case["feature_types"] = feature_types
    write_case(root, name, files, [("features", test.astype(f32))], [("prediction", pred), ("margin", margin)], case)
    return booster, files


def ubjson(value):
    """A small UBJSON writer (draft 12, as XGBoost writes it: typed arrays for numbers)."""
    out = bytearray()

    def integer(n):
        if -128 <= n < 128:
            return b"i" + struct.pack(">b", n)
        if 0 <= n < 256:
            return b"U" + struct.pack(">B", n)
        if -32768 <= n < 32768:
            return b"I" + struct.pack(">h", n)
        if -2**31 <= n < 2**31:
            return b"l" + struct.pack(">i", n)
        return b"L" + struct.pack(">q", n)

    def key(s):
        b = s.encode()
        return integer(len(b))[0:1] + integer(len(b))[1:] + b

    def emit(v):
        if isinstance(v, dict):
            out.extend(b"{")
            for k, x in v.items():
                out.extend(key(k))
                emit(x)
            out.extend(b"}")
        elif isinstance(v, list):
            if v and all(isinstance(e, float) for e in v):
                out.extend(b"[$d#" + integer(len(v)))
                for e in v:
                    out.extend(struct.pack(">f", e))
            elif v and all(isinstance(e, int) and not isinstance(e, bool) for e in v):
                out.extend(b"[$l#" + integer(len(v)))
                for e in v:
                    out.extend(struct.pack(">i", e))
            else:
                out.extend(b"[")
                for e in v:
                    emit(e)
                out.extend(b"]")
        elif isinstance(v, str):
            b = v.encode()
            out.extend(b"S" + integer(len(b)) + b)
        elif isinstance(v, bool):
            out.extend(b"T" if v else b"F")
        elif isinstance(v, int):
            out.extend(integer(v))
        elif isinstance(v, float):
            out.extend(b"d" + struct.pack(">f", v))
        elif v is None:
            out.extend(b"Z")
        else:
            raise TypeError(type(v))

    emit(value)
    return bytes(out)


def to_schema2(doc):
    """XGBoost 1.7 JSON rewritten in the 2.x schema: version 2.x, base_score as a bracketed list (2.1+),
    iteration_indptr, per-tree size_leaf_vector "1", gbtree_model_param without size_leaf_vector."""
    doc = json.loads(json.dumps(doc))
    doc["version"] = [2, 1, 0]
    learner = doc["learner"]
    p = learner["learner_model_param"]
    p["base_score"] = "[" + p["base_score"] + "]"
    p.setdefault("num_target", "1")
    p["boost_from_average"] = "1"
    gb = learner["gradient_booster"]
    model = gb["model"]
    model["gbtree_model_param"].pop("size_leaf_vector", None)
    groups = max(1, int(p["num_class"]))
    n = len(model["trees"])
    model["iteration_indptr"] = list(range(0, n + 1, groups))
    for t in model["trees"]:
        t["tree_param"]["size_leaf_vector"] = "1"
    learner["attributes"] = {}
    return doc


def xgboost_cases(root, rng):
    diabetes = datasets.load_diabetes()
    cancer = datasets.load_breast_cancer()
    wine = datasets.load_wine()

    x = diabetes.data.astype(f32)
    y = (diabetes.target - diabetes.target.min()) / (diabetes.target.max() - diabetes.target.min())
    xm = with_missing(x, 0.05, rng)
    xgb_case(root, "xgb_logistic_reg", {"objective": "reg:logistic", "max_depth": 4, "eta": 0.2, "seed": 1}, 50, xm[:-ROWS], y[:-ROWS], xm[-ROWS:])

    x = cancer.data.astype(f32)
    xgb_case(root, "xgb_logitraw_bin", {"objective": "binary:logitraw", "max_depth": 5, "eta": 0.3, "base_score": 0.3}, 40, x[:-ROWS], cancer.target[:-ROWS], x[-ROWS:])
    xgb_case(root, "xgb_hinge_bin", {"objective": "binary:hinge", "max_depth": 3}, 20, x[:-ROWS], cancer.target[:-ROWS], x[-ROWS:])
    xgb_case(root, "xgb_dart_bin", {"booster": "dart", "objective": "binary:logistic", "max_depth": 4, "rate_drop": 0.2, "skip_drop": 0.0, "seed": 3}, 30,
             x[:-ROWS], cancer.target[:-ROWS], x[-ROWS:])
    xgb_case(root, "xgb_forest_bin", {"objective": "binary:logistic", "max_depth": 5, "num_parallel_tree": 4, "subsample": 0.8, "colsample_bynode": 0.5, "eta": 1.0, "seed": 4}, 3,
             x[:-ROWS], cancer.target[:-ROWS], x[-ROWS:])

    x = with_missing(wine.data.astype(f32), 0.05, rng)
    idx = rng.permutation(len(x))
    x, yw = x[idx], wine.target[idx]
    xgb_case(root, "xgb_softmax_multi", {"objective": "multi:softmax", "num_class": 3, "max_depth": 3, "eta": 0.3}, 20, x[:-ROWS], yw[:-ROWS], x[-ROWS:])

    n = 3000
    xp = rng.normal(size=(n, 8)).astype(f32)
    lam = np.exp(0.4 * xp[:, 0] - 0.3 * xp[:, 1] + 0.2 * xp[:, 2] * xp[:, 3] + 0.8)
    yp = rng.poisson(lam).astype(f32)
    xp = with_missing(xp, 0.03, rng)
    b, files = xgb_case(root, "xgb_poisson", {"objective": "count:poisson", "max_depth": 4, "eta": 0.1, "base_score": 2.5}, 60, xp[:-ROWS], yp[:-ROWS], xp[-ROWS:])
    doc2 = to_schema2(json.loads(files["model.json"]))
    dtest = xgb.DMatrix(xp[-ROWS:])
    case = {"format": "xgboost", "producer": "xgboost 1.7.4 model rewritten in the 2.x schema by make_cases.py", "files": ["model.json", "model.ubj"],
            "shapes": {"features": [ROWS, 8]}, "note": "references are XGBoost 1.7.4's predictions of the original model; the 2.x schema changes no arithmetic"}
    write_case(root, "xgb_schema2_poisson", {"model.json": json.dumps(doc2), "model.ubj": ubjson(doc2)}, [("features", xp[-ROWS:])],
               [("prediction", b.predict(dtest).astype(f32)), ("margin", b.predict(dtest, output_margin=True).astype(f32))], case)

    xs = x
    b, files = xgb.train({"objective": "multi:softprob", "num_class": 3, "max_depth": 3}, xgb.DMatrix(xs[:-ROWS], yw[:-ROWS]), 10), None
    tmp = os.path.join(root, ".tmp")
    b.save_model(os.path.join(tmp, "s.json"))
    doc2 = to_schema2(json.load(open(os.path.join(tmp, "s.json"))))
    dtest = xgb.DMatrix(xs[-ROWS:])
    case["shapes"] = {"features": [ROWS, xs.shape[1]]}
    write_case(root, "xgb_schema2_softprob", {"model.json": json.dumps(doc2), "model.ubj": ubjson(doc2)}, [("features", xs[-ROWS:])],
               [("prediction", b.predict(dtest).astype(f32)), ("margin", b.predict(dtest, output_margin=True).astype(f32))], case)

    # Categorical features: partition splits (max_cat_to_onehot=1) and one-hot splits, with NaN, negative,
    # fractional, out-of-range and huge category values in the test rows.
    n = 4000
    c0 = rng.integers(0, 40, n).astype(f32)
    c1 = rng.integers(0, 5, n).astype(f32)
    q = rng.normal(size=(n, 3)).astype(f32)
    yc = (c0 % 3 == 0) * 1.0 + q[:, 0] + (c1 == 2) * 2.0 - 0.5 * (c0 > 30) + rng.normal(size=n) * 0.1
    xc = np.column_stack([c0, q[:, 0], c1, q[:, 1], q[:, 2]]).astype(f32)
    xc = with_missing(xc, 0.04, rng)
    test = xc[-ROWS:].copy()
    edge = [-1, -0.5, 0.5, 2.7, 39.9, 40, 41, 63, 64, 1e6, 16777215, 16777216, 3e9, np.nan]
    test[: len(edge), 0] = edge
    test[len(edge): 2 * len(edge), 2] = edge
    types = ["c", "q", "c", "q", "q"]
    xgb_case(root, "xgb_categorical_reg", {"objective": "reg:squarederror", "max_depth": 5, "tree_method": "hist", "max_cat_to_onehot": 1, "seed": 5}, 30,
             xc[:-ROWS], yc[:-ROWS], test, feature_types=types)
    ym = np.digitize(yc, np.quantile(yc, [0.33, 0.66]))
    xgb_case(root, "xgb_categorical_multi", {"objective": "multi:softprob", "num_class": 3, "max_depth": 4, "tree_method": "hist", "max_cat_to_onehot": 8}, 15,
             xc[:-ROWS], ym[:-ROWS], test, feature_types=types)

    # Deep trees (up to 256 leaves): walked, not evaluated with bit vectors.
    xr, yr = datasets.make_regression(n_samples=3000, n_features=20, n_informative=12, noise=5.0, random_state=7)
    xr = with_missing(xr.astype(f32), 0.02, rng)
    xgb_case(root, "xgb_deep_reg", {"objective": "reg:squarederror", "max_depth": 8, "eta": 0.1, "min_child_weight": 0}, 16, xr[:-ROWS], yr[:-ROWS], xr[-ROWS:])


def onnx_twin(root, name, model_json, features):
    """The same trees as an ONNX TreeEnsembleRegressor of the margins, for ONNX Runtime in the benchmark."""
    import onnx_cases
    booster = xgb.Booster(model_file=model_json)
    doc = json.loads(booster.save_raw("json"))
    groups = max(1, int(doc["learner"]["learner_model_param"]["num_class"]))
    base = float(doc["learner"]["learner_model_param"]["base_score"])
    objective = doc["learner"]["objective"]["name"]
    margin = -math.log(1 / base - 1) if objective in ("binary:logistic", "reg:logistic") else base
    e = onnx_cases.from_xgboost(booster, margin)
    attrs = e.attributes("target")
    node = helper.make_node("TreeEnsembleRegressor", ["X"], ["Y"], domain="ai.onnx.ml", n_targets=groups, base_values=[margin] * groups, **attrs)
    graph = helper.make_graph([node], name, [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", features])], [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["N", groups])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)])
    model.ir_version = 8
    os.makedirs(os.path.join(root, name), exist_ok=True)
    onnx.save(model, os.path.join(root, name, "model.onnx"))


def bench_cases(root, rng):
    """Larger cases for the benchmark only (not committed): typical production sizes. Also ONNX twins of
    every benchmark case (shared ones included) for ONNX Runtime."""
    shared = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared"))
    for name, features in (("xgb_diabetes_reg", 10), ("xgb_breast_cancer_bin", 30), ("xgb_iris_multi", 4)):
        onnx_twin(root, name, os.path.join(shared, "models", name, "model.json"), features)
    sample = np.loadtxt(os.path.join(shared, "samples", "breast_cancer_test.csv"), delimiter=",", skiprows=1, dtype=np.float32)[:, 1:]
    os.makedirs(os.path.join(root, "breast_cancer_sample", "test_data_set_0"), exist_ok=True)
    onnx.save_tensor(numpy_helper.from_array(np.ascontiguousarray(sample), "features"), os.path.join(root, "breast_cancer_sample", "test_data_set_0", "input_0.pb"))
    onnx_twin(root, "breast_cancer_sample", os.path.join(shared, "samples", "breast_cancer.json"), 30)
    for name in ("xgb_deep_reg", "xgb_poisson"):
        onnx_twin(root, name, os.path.join(HERE, name, "model.json"), 20 if name == "xgb_deep_reg" else 8)
    x, y = datasets.make_classification(n_samples=20000, n_features=28, n_informative=18, random_state=11)
    x = with_missing(x.astype(f32), 0.02, rng)
    xgb_case(root, "bench_higgs_like_bin", {"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "tree_method": "hist"}, 500, x[:-ROWS], y[:-ROWS], x[-ROWS:],
             note="500 trees of depth 6, 28 features")
    x, y = datasets.make_regression(n_samples=20000, n_features=50, n_informative=30, noise=10, random_state=12)
    xgb_case(root, "bench_deep_reg", {"objective": "reg:squarederror", "max_depth": 8, "eta": 0.1, "tree_method": "hist"}, 300, x[:-ROWS].astype(f32), y[:-ROWS], x[-ROWS:].astype(f32),
             note="300 trees of depth 8, 50 features")
    x, y = datasets.make_classification(n_samples=20000, n_features=20, n_informative=15, n_classes=5, random_state=13)
    xgb_case(root, "bench_multi5", {"objective": "multi:softprob", "num_class": 5, "max_depth": 5, "eta": 0.2, "tree_method": "hist"}, 100, x[:-ROWS].astype(f32), y[:-ROWS], x[-ROWS:].astype(f32),
             note="100 rounds x 5 classes of depth 5, 20 features")
    for name, features in (("bench_higgs_like_bin", 28), ("bench_deep_reg", 50), ("bench_multi5", 20)):
        onnx_twin(root, name, os.path.join(root, name, "model.json"), features)


def main():
    rng = np.random.default_rng(2024)
    xgboost_cases(HERE, rng)
    import lightgbm_cases
    lightgbm_cases.make(HERE, np.random.default_rng(99), write_case)
    import onnx_cases
    onnx_cases.make(HERE, np.random.default_rng(7), write_case)
    if "--bench" in sys.argv:
        bench_cases(BENCH, np.random.default_rng(5))
    import shutil
    shutil.rmtree(os.path.join(HERE, ".tmp"), ignore_errors=True)
    shutil.rmtree(os.path.join(BENCH, ".tmp"), ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    main()
