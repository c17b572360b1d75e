#!/usr/bin/env python3
"""Oracle for the standalone transforms `impute`, `encode` and `scale` (issue 15): scikit-learn's
fitted transformers, stored as data.

Writes Tests/QuireEngineTests/Fixtures/prepare/transforms.json: two pairs of frames (a generated
one with missing values, -0.0, non-ASCII text and categories the fitting frame lacks; and
notebooks/data/churn.csv, its first 750 rows to fit and the rest to apply) and, for each case, what
scikit-learn's transformer fitted on the `fit` frame gives on the `fit` frame and on the `apply`
frame: SimpleImputer, StandardScaler, MinMaxScaler, RobustScaler, OneHotEncoder
(handle_unknown="ignore"), OrdinalEncoder (unknown → NaN or a value) and TargetEncoder (binary and
continuous targets, smooth "auto" and a number). TargetEncoder's `fit_transform` cross-fits the
`fit` frame on folds; the case records the folds (each row's fold number, from sklearn's own
KFold/StratifiedKFold with shuffle and a seed) and passes them to sklearn as a PredefinedSplit, so
the Swift test can give the engine the same folds. Floats travel as text (repr); missing values
as null.

Differences from scikit-learn the fixture encodes: a missing value is all zeros in one-hot (no
indicator column of its own); the one-hot columns are named `COLUMN_CATEGORY`.

    python3 -m pip install numpy pandas scikit-learn
    python3 scripts/prepare_fixtures_transforms.py
"""
import json
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.impute import SimpleImputer
from sklearn.model_selection import KFold, PredefinedSplit, StratifiedKFold
from sklearn.preprocessing import (MinMaxScaler, OneHotEncoder, OrdinalEncoder, RobustScaler, StandardScaler,
                                   TargetEncoder)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FOLDER = os.path.join(ROOT, "Tests", "QuireEngineTests", "Fixtures", "prepare")


def generated(rows, seed, words):
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(10, 3, rows), 2)
    x[rng.random(rows) < 0.15] = np.nan
    x[rng.random(rows) < 0.03] = -0.0
    count = rng.integers(0, 5, rows).astype(float)
    count[rng.random(rows) < 0.1] = np.nan
    word = [None if rng.random() < 0.1 else words[rng.integers(0, len(words))] for _ in range(rows)]
    colour = [["red", "green", "blue"][rng.integers(0, 3)] for _ in range(rows)]
    y = (rng.random(rows) < 0.3 + 0.4 * np.array([w in ("été", "b") for w in word])).astype(float)
    amount = np.round(rng.normal(0, 1, rows) + np.array([len(w or "") for w in word]), 3)
    return pd.DataFrame({"x": x, "count": count, "word": pd.Series(word, dtype=object),
                         "colour": pd.Series(colour, dtype=object), "y": y, "amount": amount})


def text(values):
    return [None if v is None or (isinstance(v, float) and np.isnan(v)) else v for v in values]


def numbers(values):
    return [None if np.isnan(v) else repr(float(v)) for v in np.asarray(values, dtype=float)]


def frame_json(df):
    columns = []
    for name in df.columns:
        if df[name].dtype == object or str(df[name].dtype) in ("str", "string"):
            columns.append({"name": name, "kind": "categorical", "values": text(list(df[name]))})
        else:
            columns.append({"name": name, "kind": "numeric", "values": numbers(df[name])})
    return {"columns": columns}


def objects(df, columns):
    """Text columns as sklearn wants them: object arrays with np.nan for missing."""
    return df[columns].astype(object).where(df[columns].notna(), np.nan)


def outputs(names, fit_array, apply_array):
    return ({n: numbers(fit_array[:, i]) for i, n in enumerate(names)},
            {n: numbers(apply_array[:, i]) for i, n in enumerate(names)})


def imputer_case(fit, apply, columns, strategy, fill=None, text_columns=False):
    imputer = SimpleImputer(strategy=strategy, fill_value=fill, keep_empty_features=True)
    data = objects if text_columns else (lambda d, c: d[c].to_numpy(dtype=float))
    a, b = imputer.fit_transform(data(fit, columns)), imputer.transform(data(apply, columns))
    case = {"op": "impute", "strategy": strategy, "columns": columns}
    if fill is not None:
        case["fill_value"] = fill
    if text_columns:
        case["fit_out"] = {n: text(a[:, i]) for i, n in enumerate(columns)}
        case["apply_out"] = {n: text(b[:, i]) for i, n in enumerate(columns)}
        case["text"] = True
    else:
        case["fit_out"], case["apply_out"] = outputs(columns, a, b)
    return case


def scaler_case(fit, apply, columns, method):
    scaler = {"standard": StandardScaler, "min_max": MinMaxScaler, "robust": RobustScaler}[method]()
    a = scaler.fit_transform(fit[columns].to_numpy(dtype=float))
    b = scaler.transform(apply[columns].to_numpy(dtype=float))
    case = {"op": "scale", "method": method, "columns": columns}
    case["fit_out"], case["apply_out"] = outputs(columns, a, b)
    return case


def one_hot_case(fit, apply, columns):
    encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    a = encoder.fit_transform(objects(fit, columns))
    b = encoder.transform(objects(apply, columns))
    # sklearn gives a missing value an indicator of its own; Quire encodes it as all zeros.
    index = [i for i, c in enumerate(encoder.get_feature_names_out()) if not c.endswith("_nan")]
    names = [f"{column}_{category}" for column, categories in zip(columns, encoder.categories_)
             for category in categories if not (isinstance(category, float) and np.isnan(category))]
    a, b = a[:, index], b[:, index]
    case = {"op": "one_hot", "columns": columns, "output_columns": names}
    case["fit_out"], case["apply_out"] = outputs(names, a, b)
    return case


def ordinal_case(fit, apply, columns, unknown=None):
    if unknown is None:
        encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan)
    else:
        encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=unknown)
    a = encoder.fit_transform(objects(fit, columns))
    b = encoder.transform(objects(apply, columns))
    case = {"op": "ordinal", "columns": columns}
    if unknown is not None:
        case["unknown_value"] = unknown
    case["fit_out"], case["apply_out"] = outputs(columns, a, b)
    return case


def target_case(fit, apply, columns, target, target_type, smooth, cv, seed):
    y = fit[target].to_numpy()
    splitter = (KFold(cv, shuffle=True, random_state=seed) if target_type == "continuous"
                else StratifiedKFold(cv, shuffle=True, random_state=seed))
    folds = np.empty(len(fit), dtype=int)
    for number, (_, test) in enumerate(splitter.split(np.zeros(len(fit)), y)):
        folds[test] = number
    encoder = TargetEncoder(target_type=target_type, smooth=smooth, cv=PredefinedSplit(folds))
    a = encoder.fit_transform(objects(fit, columns), y)
    b = encoder.transform(objects(apply, columns))
    case = {"op": "target", "columns": columns, "target": target, "target_type": target_type,
            "smooth": smooth, "folds": [int(f) for f in folds], "target_mean": repr(float(encoder.target_mean_))}
    case["fit_out"], case["apply_out"] = outputs(columns, a, b)
    return case


def cases(fit, apply, numeric, categorical, binary, continuous, prefix):
    found = []
    for strategy in ("mean", "median", "most_frequent"):
        found.append(imputer_case(fit, apply, numeric, strategy))
    found.append(imputer_case(fit, apply, numeric, "constant", fill=-1.5))
    found.append(imputer_case(fit, apply, categorical, "most_frequent", text_columns=True))
    found.append(imputer_case(fit, apply, categorical, "constant", fill="missing", text_columns=True))
    for method in ("standard", "min_max", "robust"):
        found.append(scaler_case(fit, apply, numeric, method))
    found.append(one_hot_case(fit, apply, categorical))
    found.append(ordinal_case(fit, apply, categorical))
    found.append(ordinal_case(fit, apply, categorical, unknown=-1))
    found.append(target_case(fit, apply, categorical, binary, "binary", "auto", 5, 7))
    found.append(target_case(fit, apply, categorical, binary, "binary", 10.0, 3, 1))
    found.append(target_case(fit, apply, categorical, continuous, "continuous", "auto", 5, 3))
    found.append(target_case(fit, apply, categorical, continuous, "continuous", 2.5, 4, 0))
    for case in found:
        case["frames"] = prefix
    return found


def main():
    fit = generated(300, 15, ["a", "b", "B", "été", "c d", "10"])
    apply = generated(120, 16, ["a", "b", "été", "zz-unseen", "ünseen", "10"])
    churn = pd.read_csv(os.path.join(ROOT, "notebooks", "data", "churn.csv"))
    churn = churn[["tenure", "monthly_charges", "support_calls", "contract", "payment_method", "churned"]]
    churn_fit, churn_apply = churn.iloc[:750].reset_index(drop=True), churn.iloc[750:].reset_index(drop=True)
    for df in (churn_fit, churn_apply):
        for name in ("tenure", "support_calls", "churned"):
            df[name] = df[name].astype(float)
    all_cases = cases(fit, apply, ["x", "count"], ["word", "colour"], "y", "amount", "generated")
    all_cases += cases(churn_fit, churn_apply, ["tenure", "monthly_charges"], ["contract", "payment_method"],
                       "churned", "tenure", "churn")
    frames = {"generated": {"fit": frame_json(fit), "apply": frame_json(apply)},
              "churn": {"fit": frame_json(churn_fit), "apply": frame_json(churn_apply)}}
    os.makedirs(FOLDER, exist_ok=True)
    with open(os.path.join(FOLDER, "transforms.json"), "w", encoding="utf-8") as out:
        json.dump({"sklearn": sklearn.__version__, "frames": frames, "cases": all_cases}, out, ensure_ascii=False,
                  indent=None)
        out.write("\n")


if __name__ == "__main__":
    main()
