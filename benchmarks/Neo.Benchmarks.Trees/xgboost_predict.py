#!/usr/bin/python3
"""XGBoost's own predictor on the tree benchmark cases, one thread: the other side of TreeBenchmarks.cs.

Each case (cases.json) predicts a batch of 4096 rows made by repeating the case's test rows, the same rows
the C# benchmark builds. Prints, per case, the median time of Booster.predict on a DMatrix (the DMatrix's
construction not counted) and of Booster.inplace_predict, in microseconds, and the faster of the two, which
is what Neo is compared with. Writes them to xgboost_times.json. Run with Debian's python3-xgboost:

    /usr/bin/python3 benchmarks/Neo.Benchmarks.Trees/xgboost_predict.py [--cases DIR ...]
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import xgboost as xgb
from onnx import load_tensor, numpy_helper

ROWS = 4096
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))


def batch(case_dir):
    x = numpy_helper.to_array(load_tensor(os.path.join(case_dir, "test_data_set_0", "input_0.pb")))
    reps = (ROWS + x.shape[0] - 1) // x.shape[0]
    return np.ascontiguousarray(np.tile(x, (reps, 1))[:ROWS], dtype=np.float32)


def median_us(fn, budget=4.0):
    """The median of single calls over about `budget` seconds (at least 7 calls) after one warm-up call."""
    fn()
    times = []
    deadline = time.perf_counter() + budget
    while len(times) < 7 or time.perf_counter() < deadline:
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def cases():
    with open(os.path.join(HERE, "cases.json")) as f:
        spec = json.load(f)
    return [(c["name"], os.path.join(REPO, c["model"]), os.path.join(REPO, c["data"]), c.get("feature_types")) for c in spec["cases"]]


def main():
    print(f"xgboost {xgb.__version__}, numpy {np.__version__}, {ROWS} rows, nthread=1")
    results = {}
    for name, model, data, feature_types in cases():
        if not os.path.exists(model):
            print(f"{name:24s} missing (run tests/data/trees/make_cases.py --bench)")
            continue
        booster = xgb.Booster(model_file=model)
        booster.set_param({"nthread": 1})
        x = batch(data)
        categorical = feature_types is not None
        # Booster.predict caches the predictions of a DMatrix it has seen, so each call gets a new one;
        # building it is timed alone and subtracted.
        build = median_us(lambda: xgb.DMatrix(x, feature_types=feature_types, enable_categorical=categorical, nthread=1))
        both = median_us(lambda: booster.predict(xgb.DMatrix(x, feature_types=feature_types, enable_categorical=categorical, nthread=1)))
        predict = both - build
        inplace = median_us(lambda: booster.inplace_predict(x)) if not categorical else float("nan")
        best = min(v for v in (predict, inplace) if v == v)
        # JSON has no NaN: a case without in-place prediction (categorical) records null.
        results[name] = {"predict_dmatrix_us": predict, "dmatrix_build_us": build, "inplace_predict_us": None if inplace != inplace else inplace, "best_us": best}
        print(f"{name:24s} predict(DMatrix) {predict:9.1f} us (+{build:7.1f} to build it)   inplace_predict {inplace:9.1f} us   best {best:9.1f} us")
    out = os.path.join(HERE, "xgboost_times.json")
    with open(out, "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    print("wrote", out)


if __name__ == "__main__":
    sys.exit(main())
