#!/usr/bin/env python3
"""Generate the oracle fixtures of QuireEngine's model and metric tests
(Tests/QuireEngineTests/Fixtures/models). Dev-time only: the Swift tests read the files this
writes and need no Python.

    python3 -m pip install numpy pandas scikit-learn
    python3 scripts/model_fixtures.py

Floats are written as text (repr) because Foundation's JSON reader is not trusted to round
decimals correctly; datasets are the engine fixtures' CSVs (Fixtures/datasets), read with
pandas' round_trip float parser so Python sees the same doubles as Quire.

Files:
  metrics.json   inputs and scikit-learn's metric values and curves for several cases: binary
                 scores with ties, multiclass with a class never predicted, a single sample,
                 regression.
  linear.json    LinearRegression / Ridge predictions and coefficients on diabetes, and a
                 rank-deficient design (a duplicated column: minimum-norm coefficients).
  logistic.json  LogisticRegression (lbfgs, tol 1e-10, max_iter 10000, so the optimum is
                 reached) probabilities on standardized breast cancer (binary), iris
                 (multinomial) and wine with class_weight="balanced".
  trees.json     DecisionTree predictions on continuous synthetic data (no ties):
                 fully grown (training rows) and max_depth=4 (held-out rows).
  quality.json   per dataset, the held-out rows and scikit-learn's test accuracy / R² of
                 RandomForest, HistGradientBoosting, KNeighbors, GaussianNB, and k-means
                 inertia; the tests require Quire to be within 1 % (or better).
  synthetic_trees.csv, digits_like.csv   data sets written here.
"""
import json
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn import metrics as M
from sklearn.calibration import calibration_curve
from sklearn.cluster import KMeans
from sklearn.datasets import make_classification
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

ROOT = os.path.join(os.path.dirname(__file__), "..", "Tests", "QuireEngineTests", "Fixtures")
OUT = os.path.join(ROOT, "models")


def f(x):
    return repr(float(x))


def fl(xs):
    return [f(x) for x in np.asarray(xs, dtype=float).ravel()]


def fll(xs):
    return [fl(row) for row in np.asarray(xs, dtype=float)]


def dataset(name):
    return pd.read_csv(os.path.join(ROOT, "datasets", f"{name}.csv"), float_precision="round_trip")


def write(name, obj):
    with open(os.path.join(OUT, name), "w") as fh:
        json.dump(obj, fh, indent=1, sort_keys=True)
        fh.write("\n")


def classification_case(name, y, proba):
    y = np.asarray(y)
    proba = np.asarray(proba, dtype=float)
    k = proba.shape[1]
    pred = proba.argmax(axis=1)
    labels = list(range(k))
    out = {"name": name, "truth": y.tolist(), "probabilities": fll(proba), "predicted": pred.tolist(), "expected": {}}
    e = out["expected"]
    e["accuracy"] = f(M.accuracy_score(y, pred))
    e["balanced_accuracy"] = f(M.balanced_accuracy_score(y, pred)) if len(y) > 0 else None
    e["matthews_corrcoef"] = f(M.matthews_corrcoef(y, pred))
    for avg in ["macro", "micro", "weighted"] + (["binary"] if k == 2 else []):
        e[f"precision_{avg}"] = f(M.precision_score(y, pred, average=avg, zero_division=0))
        e[f"recall_{avg}"] = f(M.recall_score(y, pred, average=avg, zero_division=0))
        e[f"f1_{avg}"] = f(M.f1_score(y, pred, average=avg, zero_division=0))
    e["log_loss"] = f(M.log_loss(y, proba, labels=labels))
    e["brier_score"] = f(M.brier_score_loss(y, proba if k > 2 else proba[:, 1], labels=labels)) if k > 2 or len(set(y)) > 1 else None
    out["confusion_matrix"] = M.confusion_matrix(y, pred, labels=labels).tolist()
    if len(set(y.tolist())) == k:
        if k == 2:
            s = proba[:, 1]
            e["roc_auc"] = f(M.roc_auc_score(y, s))
            e["average_precision"] = f(M.average_precision_score(y, s))
            fpr, tpr, thr = M.roc_curve(y, s)
            out["roc"] = {"fpr": fl(fpr), "tpr": fl(tpr), "thresholds": fl(thr)}
            p, r, t = M.precision_recall_curve(y, s)
            out["pr"] = {"precision": fl(p), "recall": fl(r), "thresholds": fl(t)}
            pt, pp = calibration_curve(y, s, n_bins=5)
            out["calibration"] = {"fraction": fl(pt), "mean": fl(pp)}
        else:
            for mc in ["ovr", "ovo"]:
                for avg in ["macro", "weighted"]:
                    e[f"roc_auc_{mc}_{avg}"] = f(M.roc_auc_score(y, proba, multi_class=mc, average=avg))
    return out


def metrics_fixture():
    rng = np.random.default_rng(7)
    cases = []
    # Binary with ties: scores rounded to one decimal.
    y = rng.integers(0, 2, 200)
    s = np.clip(np.round(0.3 * y + rng.uniform(0, 0.7, 200), 1), 0, 1)
    cases.append(classification_case("binary_ties", y, np.column_stack([1 - s, s])))
    # Binary, continuous scores.
    y = rng.integers(0, 2, 300)
    s = 1 / (1 + np.exp(-(1.2 * (y - 0.5) + rng.normal(0, 1, 300))))
    cases.append(classification_case("binary", y, np.column_stack([1 - s, s])))
    # Multiclass where class 2 is never predicted.
    y = rng.integers(0, 3, 150)
    raw = rng.normal(0, 1, (150, 3))
    raw[np.arange(150), y] += 1.0
    raw[:, 2] -= 5
    proba = np.exp(raw) / np.exp(raw).sum(axis=1, keepdims=True)
    cases.append(classification_case("multiclass_never_predicted", y, proba))
    # Multiclass, 4 classes.
    y = rng.integers(0, 4, 400)
    raw = rng.normal(0, 1, (400, 4))
    raw[np.arange(400), y] += 0.8
    proba = np.exp(raw) / np.exp(raw).sum(axis=1, keepdims=True)
    cases.append(classification_case("multiclass", y, proba))
    # A single sample.
    cases.append(classification_case("single_sample", np.array([1]), np.array([[0.3, 0.7]])))
    # Regression.
    yt = rng.normal(10, 3, 120)
    yp = yt + rng.normal(0, 1.5, 120)
    reg = {"truth": fl(yt), "predicted": fl(yp), "expected": {
        "mae": f(M.mean_absolute_error(yt, yp)), "mse": f(M.mean_squared_error(yt, yp)),
        "rmse": f(M.root_mean_squared_error(yt, yp)), "r2": f(M.r2_score(yt, yp)),
        "mape": f(M.mean_absolute_percentage_error(yt, yp)),
        "explained_variance": f(M.explained_variance_score(yt, yp))}}
    # Silhouette.
    x = np.vstack([rng.normal(0, 1, (40, 3)), rng.normal(4, 1, (40, 3)), rng.normal((0, 5, 0), 1, (40, 3))])
    lab = np.repeat([0, 1, 2], 40)
    sil = {"x": fll(x), "labels": lab.tolist(), "expected": f(M.silhouette_score(x, lab))}
    write("metrics.json", {"classification": cases, "regression": reg, "silhouette": sil,
                           "sklearn": sklearn.__version__})


def linear_fixture():
    d = dataset("diabetes")
    X, y = d.drop(columns="target").to_numpy(), d["target"].to_numpy()
    lr = LinearRegression().fit(X, y)
    ridge = Ridge(alpha=1.0).fit(X, y)
    ridge01 = Ridge(alpha=0.1).fit(X, y)
    # Rank deficient: a duplicated column (bmi twice).
    Xd = np.column_stack([X, X[:, 2]])
    lrd = LinearRegression().fit(Xd, y)
    write("linear.json", {
        "linear": {"coef": fl(lr.coef_), "intercept": f(lr.intercept_), "predictions": fl(lr.predict(X))},
        "ridge": {"coef": fl(ridge.coef_), "intercept": f(ridge.intercept_), "predictions": fl(ridge.predict(X))},
        "ridge_0.1": {"coef": fl(ridge01.coef_), "intercept": f(ridge01.intercept_), "predictions": fl(ridge01.predict(X))},
        "rank_deficient": {"coef": fl(lrd.coef_), "intercept": f(lrd.intercept_), "predictions": fl(lrd.predict(Xd))},
    })


def logistic_fixture():
    out = {}
    for name, weight, c in [("breast_cancer", None, 1.0), ("iris", None, 1.0), ("wine", "balanced", 0.5)]:
        d = dataset(name)
        X, y = d.drop(columns="target").to_numpy(), d["target"].to_numpy()
        Xs = StandardScaler().fit_transform(X)
        m = LogisticRegression(C=c, tol=1e-10, max_iter=10000, class_weight=weight).fit(Xs, y)
        out[name] = {"C": f(c), "class_weight": weight, "probabilities": fll(m.predict_proba(Xs)),
                     "n_iter": int(np.max(m.n_iter_))}
    write("logistic.json", out)


def trees_fixture():
    rng = np.random.default_rng(11)
    n = 600
    X = rng.normal(0, 1, (n, 5))
    yc = ((X[:, 0] + 0.5 * X[:, 1] ** 2 - X[:, 2] + rng.normal(0, 0.5, n)) > 0.5).astype(int) + (X[:, 3] > 1).astype(int)
    yr = X[:, 0] * 3 + np.sin(X[:, 1] * 2) * 2 + rng.normal(0, 0.3, n)
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(5)])
    frame["label"] = yc
    frame["value"] = yr
    frame.to_csv(os.path.join(OUT, "synthetic_trees.csv"), index=False, float_format="%.17g")
    frame = pd.read_csv(os.path.join(OUT, "synthetic_trees.csv"), float_precision="round_trip")
    X = frame[[f"x{j}" for j in range(5)]].to_numpy()
    train, test = np.arange(0, 400), np.arange(400, n)
    out = {"train": train.tolist(), "test": test.tolist()}
    for crit in ["gini", "entropy"]:
        full = DecisionTreeClassifier(criterion=crit, random_state=0).fit(X[train], yc[train])
        shallow = DecisionTreeClassifier(criterion=crit, max_depth=4, random_state=0).fit(X[train], yc[train])
        out[f"classifier_{crit}"] = {"train_predictions": full.predict(X[train]).tolist(),
                                    "depth4_test_predictions": shallow.predict(X[test]).tolist(),
                                    "depth4_test_probabilities": fll(shallow.predict_proba(X[test])),
                                    "leaves": int(full.get_n_leaves())}
    full = DecisionTreeRegressor(random_state=0).fit(X[train], yr[train])
    shallow = DecisionTreeRegressor(max_depth=4, min_samples_leaf=5, random_state=0).fit(X[train], yr[train])
    out["regressor"] = {"train_predictions": fl(full.predict(X[train])),
                        "depth4_test_predictions": fl(shallow.predict(X[test]))}
    write("trees.json", out)


def quality_fixture():
    Xd, yd = make_classification(n_samples=1797, n_features=64, n_informative=20, n_redundant=10, n_classes=10,
                                 random_state=0)
    frame = pd.DataFrame(Xd, columns=[f"x{j:02d}" for j in range(64)])
    frame["target"] = yd
    frame.to_csv(os.path.join(OUT, "digits_like.csv"), index=False, float_format="%.17g")
    out = {}
    rng = np.random.default_rng(3)
    for name, task in [("iris", "c"), ("wine", "c"), ("breast_cancer", "c"), ("digits_like", "c"), ("diabetes", "r")]:
        d = (pd.read_csv(os.path.join(OUT, "digits_like.csv"), float_precision="round_trip") if name == "digits_like"
             else dataset(name))
        X, y = d.drop(columns="target").to_numpy(), d["target"].to_numpy()
        n = len(y)
        perm = rng.permutation(n)
        test = np.sort(perm[: n // 3])
        train = np.sort(perm[n // 3:])
        scaler = StandardScaler().fit(X[train])
        Xtr, Xte = scaler.transform(X[train]), scaler.transform(X[test])
        res = {"test": test.tolist(), "task": task, "scores": {}}
        if task == "c":
            models = {"random_forest": RandomForestClassifier(random_state=0),
                      "gradient_boosting": HistGradientBoostingClassifier(random_state=0),
                      "knn": KNeighborsClassifier(), "knn_distance": KNeighborsClassifier(weights="distance"),
                      "gaussian_nb": GaussianNB()}
            for key, m in models.items():
                m.fit(Xtr, y[train])
                res["scores"][key] = f(M.accuracy_score(y[test], m.predict(Xte)))
        else:
            models = {"random_forest": RandomForestRegressor(random_state=0),
                      "gradient_boosting": HistGradientBoostingRegressor(random_state=0),
                      "knn": KNeighborsRegressor(), "knn_distance": KNeighborsRegressor(weights="distance")}
            for key, m in models.items():
                m.fit(Xtr, y[train])
                res["scores"][key] = f(M.r2_score(y[test], m.predict(Xte)))
        k = len(np.unique(y)) if task == "c" else 8
        km = KMeans(n_clusters=k, n_init=10, random_state=0).fit(Xtr)
        res["kmeans"] = {"n_clusters": k, "inertia": f(km.inertia_)}
        out[name] = res
    write("quality.json", out)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    metrics_fixture()
    linear_fixture()
    logistic_fixture()
    trees_fixture()
    quality_fixture()
    print("wrote", sorted(os.listdir(OUT)))
