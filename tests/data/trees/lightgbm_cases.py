"""LightGBM text models written by hand (the lightgbm package is not available here), with the
predictions of a float64 reference predictor that transcribes LightGBM's Tree::Predict, NumericalDecision,
CategoricalDecision and the objectives' ConvertOutput. Used by make_cases.py."""
import math

import numpy as np

f32 = np.float32
ZERO_THRESHOLD = float(np.float32(1e-35))  # kZeroThreshold is the float 1e-35f, compared in double


class Tree:
    def __init__(self, rng, features, categorical, leaves, thresholds):
        self.split_feature, self.threshold, self.decision_type = [], [], []
        self.left, self.right = [], []
        self.cat_boundaries, self.cat_threshold = [0], []
        self.leaf_value = [float(rng.normal() * 0.3)]
        self.leaf_count = [100]
        # Leaf-wise growth: split a random leaf until the tree has `leaves` leaves.
        parent_of_leaf = {0: None}  # leaf -> (internal node, side)
        while len(self.leaf_value) < leaves:
            leaf = int(rng.integers(0, len(self.leaf_value)))
            node = len(self.split_feature)
            f = int(rng.integers(0, features))
            if f in categorical and rng.random() < 0.7:
                cats = sorted(set(int(c) for c in rng.integers(0, 70, int(rng.integers(1, 12)))))
                words = max(cats) // 32 + 1
                bits = [0] * words
                for c in cats:
                    bits[c // 32] |= 1 << (c % 32)
                self.threshold.append(float(len(self.cat_boundaries) - 1))
                self.cat_threshold.extend(bits)
                self.cat_boundaries.append(len(self.cat_threshold))
                self.decision_type.append(1 | (2 << 2 if rng.random() < 0.5 else 0))  # categorical, missing type None or NaN
            else:
                t = float(rng.choice(thresholds[f]))
                missing = int(rng.integers(0, 3))
                default_left = int(rng.integers(0, 2))
                self.threshold.append(t)
                self.decision_type.append((default_left << 1) | (missing << 2))
            self.split_feature.append(f)
            # The split leaf becomes the left child leaf; a new leaf is the right child.
            new_leaf = len(self.leaf_value)
            self.leaf_value.append(float(rng.normal() * 0.3))
            self.leaf_count.append(50)
            self.left.append(~leaf)
            self.right.append(~new_leaf)
            p = parent_of_leaf[leaf]
            if p is not None:
                pn, side = p
                (self.left if side == 0 else self.right)[pn] = node
            parent_of_leaf[leaf] = (node, 0)
            parent_of_leaf[new_leaf] = (node, 1)

    def text(self, index, shrinkage):
        n = len(self.leaf_value)
        lines = [f"Tree={index}", f"num_leaves={n}", f"num_cat={len(self.cat_boundaries) - 1}"]
        if n > 1:
            lines += [
                "split_feature=" + " ".join(map(str, self.split_feature)),
                "split_gain=" + " ".join("1" for _ in self.split_feature),
                "threshold=" + " ".join(repr17(t) for t in self.threshold),
                "decision_type=" + " ".join(map(str, self.decision_type)),
                "left_child=" + " ".join(map(str, self.left)),
                "right_child=" + " ".join(map(str, self.right)),
            ]
        lines += [
            "leaf_value=" + " ".join(repr17(v) for v in self.leaf_value),
            "leaf_weight=" + " ".join("1" for _ in self.leaf_value),
            "leaf_count=" + " ".join(map(str, self.leaf_count)),
        ]
        if n > 1:
            lines += [
                "internal_value=" + " ".join("0" for _ in self.split_feature),
                "internal_weight=" + " ".join("1" for _ in self.split_feature),
                "internal_count=" + " ".join("100" for _ in self.split_feature),
            ]
        if len(self.cat_boundaries) > 1:
            lines += ["cat_boundaries=" + " ".join(map(str, self.cat_boundaries)), "cat_threshold=" + " ".join(map(str, self.cat_threshold))]
        lines += ["is_linear=0", f"shrinkage={shrinkage}", "", ""]
        return "\n".join(lines)

    # LightGBM's decisions, in float64.
    def numerical(self, fval, node):
        dt = self.decision_type[node]
        missing = (dt >> 2) & 3
        if math.isnan(fval) and missing != 2:
            fval = 0.0
        if (missing == 1 and -ZERO_THRESHOLD <= fval <= ZERO_THRESHOLD) or (missing == 2 and math.isnan(fval)):
            return self.left[node] if dt & 2 else self.right[node]
        return self.left[node] if fval <= self.threshold[node] else self.right[node]

    def categorical(self, fval, node):
        if math.isnan(fval):
            return self.right[node]
        i = int(fval) if -2**31 <= fval < 2**31 else -2**31
        if i < 0:
            return self.right[node]
        k = int(self.threshold[node])
        lo, hi = self.cat_boundaries[k], self.cat_boundaries[k + 1]
        w = i // 32
        if w < hi - lo and (self.cat_threshold[lo + w] >> (i % 32)) & 1:
            return self.left[node]
        return self.right[node]

    def predict(self, x):
        if len(self.leaf_value) == 1:
            return self.leaf_value[0]
        node = 0
        while node >= 0:
            fval = float(x[self.split_feature[node]])
            node = self.categorical(fval, node) if self.decision_type[node] & 1 else self.numerical(fval, node)
        return self.leaf_value[~node]


def repr17(v):
    return "%.17g" % v  # as LightGBM writes doubles


def model_text(trees, features, objective, classes, average):
    head = ["tree", "version=v4", f"num_class={classes}", f"num_tree_per_iteration={classes}", "label_index=0",
            f"max_feature_idx={features - 1}", f"objective={objective}"]
    if average:
        head.append("average_output")
    head += ["feature_names=" + " ".join(f"Column_{i}" for i in range(features)),
             "feature_infos=" + " ".join("[-3:3]" for _ in range(features)), "tree_sizes=" + " ".join("0" for _ in trees), "", ""]
    body = "".join(t.text(i, 0.1) for i, t in enumerate(trees))
    tail = "end of trees\n\nfeature_importances:\n\nparameters:\n[boosting: gbdt]\nend of parameters\n\npandas_categorical:null\n"
    return "\n".join(head) + body + tail


def reference(trees, x, objective, classes, average):
    raw = np.zeros((x.shape[0], classes), dtype=np.float64)
    for r in range(x.shape[0]):
        row = x[r].astype(np.float64)
        for i, t in enumerate(trees):
            raw[r, i % classes] += t.predict(row)
    if average:
        raw /= len(trees) // classes
    name = objective.split()[0]
    sigmoid = 1.0
    for p in objective.split()[1:]:
        if p.startswith("sigmoid:"):
            sigmoid = float(p[8:])
    if name in ("binary", "multiclassova"):
        pred = 1.0 / (1.0 + np.exp(-sigmoid * raw))
    elif name == "multiclass":
        pred = np.empty_like(raw)
        for r in range(raw.shape[0]):
            e = np.exp(raw[r] - raw[r].max())
            pred[r] = e / e.sum()
    elif name in ("poisson", "gamma", "tweedie"):
        pred = np.exp(raw)
    else:
        pred = raw.copy()
    if classes == 1:
        return pred[:, 0].astype(f32), raw[:, 0].astype(f32)
    return pred.astype(f32), raw.astype(f32)


def inputs(rng, trees, rows, features, categorical):
    x = rng.normal(size=(rows, features)).astype(f32)
    for c in categorical:
        x[:, c] = rng.integers(0, 70, rows)
    # Values at and around thresholds: the float32 at or below t, and the next float32 up.
    numeric = [(t.split_feature[k], t.threshold[k]) for t in trees for k in range(len(t.split_feature)) if not t.decision_type[k] & 1]
    for r in range(rows):
        for _ in range(3):
            f, th = numeric[int(rng.integers(0, len(numeric)))]
            v = np.float32(th)
            if float(v) > th:
                v = np.nextafter(v, np.float32(-np.inf))
            x[r, f] = v if rng.random() < 0.5 else np.nextafter(v, np.float32(np.inf))
    special = rng.random(x.shape)
    x[special < 0.05] = np.nan
    x[(special >= 0.05) & (special < 0.09)] = 0.0
    x[(special >= 0.09) & (special < 0.11)] = np.float32(1e-36)
    x[(special >= 0.11) & (special < 0.12)] = np.float32(-2e-35)
    for c in categorical:
        x[:8, c] = [-1, -0.5, 0.5, 2.7, 3e9, 64, 95.5, np.nan]
    return x


def make(root, rng, write_case):
    specs = [
        # name, features, categorical, trees per class, classes, leaves, objective, average
        ("lgb_regression", 12, [3, 7], 40, 1, 31, "regression", False),
        ("lgb_binary", 10, [2], 30, 1, 45, "binary sigmoid:0.7", False),
        ("lgb_multiclass", 8, [], 20, 3, 15, "multiclass num_class:3", False),
        ("lgb_multiclassova", 8, [5], 10, 3, 20, "multiclassova num_class:3 sigmoid:1.5", False),
        ("lgb_poisson_forest", 15, [0], 10, 1, 100, "poisson", True),
        ("lgb_single_leaf", 4, [], 5, 1, 1, "regression", False),
    ]
    for name, features, categorical, per_class, classes, leaves, objective, average in specs:
        thresholds = [np.concatenate([rng.normal(size=6), [0.0, -ZERO_THRESHOLD, ZERO_THRESHOLD, 1e-300]]) for _ in range(features)]
        trees = [Tree(rng, features, set(categorical), leaves if leaves > 1 or i % 2 else 1, thresholds) for i in range(per_class * classes)]
        if name == "lgb_single_leaf":
            trees[1] = Tree(rng, features, set(), 3, thresholds)
        x = inputs(rng, trees, 64, features, categorical)
        pred, raw = reference(trees, x, objective, classes, average)
        case = {"format": "lightgbm", "producer": "make_cases.py (hand-written LightGBM v4 text model)", "objective": objective,
                "shapes": {"features": [64, features]}, "note": "references from the float64 reference predictor in lightgbm_cases.py"}
        write_case(root, name, {"model.txt": model_text(trees, features, objective, classes, average)}, [("features", x)],
                   [("prediction", pred), ("margin", raw)], case)
