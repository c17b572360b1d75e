#!/usr/bin/env python3
"""Generate the oracle fixtures of QuireEngine's tests (Tests/QuireEngineTests/Fixtures).

Dev-time only: the Swift tests read the files this writes and need no Python.

    python3 -m pip install numpy pandas scikit-learn xxhash
    python3 scripts/engine_fixtures.py            # rewrites Tests/QuireEngineTests/Fixtures

What it writes (all plain CSV / JSON):

  datasets/{iris,wine,breast_cancer,diabetes}.csv
        scikit-learn's bundled datasets (features + target), written by pandas.to_csv.
  datasets/messy.csv
        iris with missing values in several columns, a categorical column with missing values,
        and a constant column: exercises missing handling, top values and zero variance.
  expected/profile.json
        per dataset and column, what pandas/numpy compute on the file as pandas reads it:
        count, missing, distinct (Series.nunique), mean, std (ddof=1, as DataFrame.describe),
        min, 25/50/75 % quantiles (numpy.quantile, default method "linear") and max; for text
        columns the value counts (count descending, then value ascending).
  expected/transforms.json
        StandardScaler (mean_, scale_: population std, zero variance -> 1), MinMaxScaler
        (data_min_, data_range_), SimpleImputer statistics_ (mean, median, most_frequent),
        OneHotEncoder/OrdinalEncoder categories_ and transformed sample rows.
  expected/splits.json
        train/test class counts of train_test_split(stratify=y) for several datasets and sizes,
        checked to be the same for five random_state values (so they do not depend on
        scikit-learn's random tie-breaking).
  expected/quantiles.json
        numpy.quantile(method="linear") on assorted arrays.
  expected/floats.json
        decimal strings and the bits of Python's float() of them (correctly rounded, as strtod).
  expected/random.json
        an independent Python implementation of the engine's generator (SplitMix64 seeding,
        xoshiro256**, uniform doubles, Lemire integers, Marsaglia polar normals with the
        engine's portable log): first values for several seeds, as hex bits.
  expected/xxhash64.json
        xxhash.xxh64 digests of test byte strings (the frame format's checksum).
  csv/*.csv + expected/csv_cases.json
        RFC 4180 corner cases and pandas.read_csv's reading of them (missing markers: empty,
        NA, N/A, null, NaN; keep_default_na=False), for the cases where Quire and pandas agree.
"""
import json
import warnings
import math
import os
import struct
import sys

import numpy as np
import pandas as pd
from sklearn import datasets
from sklearn.impute import SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, OrdinalEncoder, StandardScaler

warnings.filterwarnings("ignore", message=".*float_precision.*")

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "QuireEngineTests", "Fixtures")
MARKERS = ["", "NA", "N/A", "null", "NaN"]


def out(*parts):
    path = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def write_json(name, value):
    with open(out("expected", name), "w") as f:
        json.dump(value, f, indent=1, sort_keys=True, allow_nan=False)
        f.write("\n")


def num(x):
    """A float for JSON, as its shortest round-trip text (repr): some JSON readers (Foundation's
    on Linux) do not round decimal numbers correctly, so floats travel as strings; None is missing."""
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return None
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def read(path):
    # float_precision="round_trip" parses with Python's correctly rounded float(), as strtod and
    # Quire do; pandas' default C converter can be off by an ulp (seen on the diabetes set).
    return pd.read_csv(path, na_values=MARKERS, keep_default_na=False, float_precision="round_trip")


# ---------------------------------------------------------------- datasets

def export_datasets():
    names = {}
    for name, loader in [("iris", datasets.load_iris), ("wine", datasets.load_wine),
                         ("breast_cancer", datasets.load_breast_cancer), ("diabetes", datasets.load_diabetes)]:
        df = loader(as_frame=True).frame
        path = out("datasets", f"{name}.csv")
        df.to_csv(path, index=False, lineterminator="\n")
        names[name] = path
    # messy: iris with holes, a text column with holes, and a constant column
    iris = datasets.load_iris(as_frame=True)
    df = iris.frame.copy()
    rng = np.random.default_rng(7)
    for col, frac in [("sepal length (cm)", 0.1), ("petal width (cm)", 0.3)]:
        holes = rng.random(len(df)) < frac
        df.loc[holes, col] = np.nan
    species = np.array(iris.target_names)[iris.target]
    species = species.astype(object)
    species[rng.random(len(df)) < 0.15] = None
    df["species"] = species
    df["constant"] = 3.5
    df["all_missing"] = np.nan
    path = out("datasets", "messy.csv")
    df.to_csv(path, index=False, lineterminator="\n", na_rep="NA")
    names["messy"] = path
    return names


def profile(path):
    df = read(path)
    cols = []
    for name in df.columns:
        s = df[name]
        entry = {"name": name, "count": int(s.count()), "missing": int(s.isna().sum()), "distinct": int(s.nunique())}
        if pd.api.types.is_numeric_dtype(s):
            present = s.dropna().to_numpy(dtype=float)
            entry["kind"] = "numeric"
            if len(present):
                q = np.quantile(present, [0.25, 0.5, 0.75], method="linear")
                entry.update(mean=num(s.mean()), min=num(present.min()), max=num(present.max()),
                             q25=num(q[0]), q50=num(q[1]), q75=num(q[2]))
                entry["std"] = num(s.std(ddof=1)) if len(present) > 1 else None
        else:
            entry["kind"] = "categorical"
            counts = s.value_counts(dropna=True)
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            entry["top"] = [{"value": k, "count": int(v)} for k, v in top]
        cols.append(entry)
    return {"rows": int(len(df)), "columns": cols}


# ---------------------------------------------------------------- transforms

def transforms(paths):
    result = {}
    for name in ["iris", "wine", "breast_cancer", "diabetes"]:
        df = read(paths[name])
        x = df.drop(columns=["target"]).astype(float)
        x["constant"] = 2.0  # zero variance -> scale 1 / range 1
        st = StandardScaler().fit(x)
        mm = MinMaxScaler().fit(x)
        result[name] = {
            "columns": list(x.columns),
            "standard_mean": [num(v) for v in st.mean_],
            "standard_scale": [num(v) for v in st.scale_],
            "standard_first_rows": [[num(v) for v in row] for row in st.transform(x.iloc[:3])],
            "minmax_min": [num(v) for v in mm.data_min_],
            "minmax_range": [num(v) for v in np.where(mm.data_range_ == 0, 1.0, mm.data_range_)],
        }
    messy = read(paths["messy"])
    numeric = ["sepal length (cm)", "petal width (cm)"]
    imputers = {}
    for strategy in ["mean", "median", "most_frequent"]:
        imp = SimpleImputer(strategy=strategy).fit(messy[numeric])
        imputers[strategy] = {"columns": numeric, "statistics": [num(v) for v in imp.statistics_]}
    species = messy[["species"]].dropna()
    imp = SimpleImputer(strategy="most_frequent").fit(messy[["species"]].astype(object).fillna(np.nan))
    imputers["most_frequent_text"] = {"columns": ["species"], "statistics": [str(imp.statistics_[0])]}
    onehot = OneHotEncoder(handle_unknown="ignore").fit(species)
    ordinal = OrdinalEncoder().fit(species)
    probe = pd.DataFrame({"species": ["virginica", "setosa", "unknown-kind"]})
    result["messy"] = {
        "imputers": imputers,
        "one_hot_categories": [str(c) for c in onehot.categories_[0]],
        "one_hot_probe": probe["species"].tolist(),
        "one_hot_probe_rows": onehot.transform(probe).toarray().tolist(),
        "ordinal_categories": [str(c) for c in ordinal.categories_[0]],
    }
    return result


# ---------------------------------------------------------------- splits

def splits(paths):
    cases = []
    for name, size in [("iris", 0.2), ("iris", 0.3), ("wine", 0.25), ("wine", 0.2), ("breast_cancer", 0.3), ("breast_cancer", 0.25)]:
        df = read(paths[name])
        y = df["target"].to_numpy()
        seen = set()
        for seed in range(5):
            tr, te = train_test_split(np.arange(len(y)), test_size=size, stratify=y, random_state=seed)
            classes = sorted(set(y.tolist()))
            key = (tuple(int((y[tr] == c).sum()) for c in classes), tuple(int((y[te] == c).sum()) for c in classes))
            seen.add(key)
        if len(seen) != 1:
            print(f"skip {name} {size}: scikit-learn breaks a tie randomly", file=sys.stderr)
            continue
        (train_counts, test_counts), = seen
        cases.append({"dataset": name, "test_size": num(size), "classes": [num(c) for c in sorted(set(y.tolist()))],
                      "train_counts": list(train_counts), "test_counts": list(test_counts)})
    return cases


# ---------------------------------------------------------------- quantiles

def quantiles():
    rng = np.random.default_rng(3)
    arrays = [[1.0], [1.0, 2.0], [3.0, 1.0, 2.0], [0.1, 0.2, 0.3, 0.4],
              [-5.5, 1e-9, 7.25, 7.25, 100.0], rng.normal(size=11).tolist(), rng.normal(size=1000).tolist(),
              [1e308, -1e308, 0.0], [0.3] * 7]
    qs = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 1 / 3]
    return [{"values": [num(v) for v in a], "q": [num(q) for q in qs], "expected": [num(np.quantile(np.array(a, dtype=float), q, method="linear")) for q in qs]}
            for a in arrays]


# ---------------------------------------------------------------- floats

def floats():
    cases = ["0", "-0", "1", "-1", "0.1", "0.2", "0.3", "1.5", "-2.25", "3.14159", "2.718281828459045",
             "0.000001", "123456.789012", "9007199254740993", "9007199254740992", "18014398509481985",
             "1e22", "1e23", "1e-22", "1e-23", "1.7976931348623157e308", "2.2250738585072014e-308",
             "4.9e-324", "5e-324", "2.4703282292062327e-324", "1e400", "-1e400", "1e-400",
             "0.1e1", ".5", "5.", "+7", "1E5", "1e+5", "123456789012345678", "1234567890123456789",
             "12345678901234567890", "0.30000000000000004", "8.98846567431158e307", "-0.000000",
             "00012.5000", "1.000000000000000000001", "7.0e-10", "99999999999999999999999e-5",
             "inf", "-inf", "Infinity", "-INF", "4.35", "0.999999", "-3.323000", "1.133e-3"]
    rng = np.random.default_rng(11)
    for _ in range(300):
        digits = rng.integers(1, 21)
        mantissa = "".join(str(d) for d in rng.integers(0, 10, size=digits))
        point = rng.integers(0, digits + 1)
        text = mantissa[:point] + "." + mantissa[point:] if point < digits else mantissa
        if rng.random() < 0.4:
            text += "e" + str(int(rng.integers(-330, 310)))
        if rng.random() < 0.3:
            text = "-" + text
        cases.append(text)
    for _ in range(200):
        x = float(rng.normal() * 10.0 ** int(rng.integers(-8, 9)))
        cases.append(f"{x:.6f}")
        cases.append(repr(x))
    return [{"text": t, "bits": struct.unpack("<Q", struct.pack("<d", float(t)))[0]} for t in cases]


# ---------------------------------------------------------------- random

M64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & M64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Xoshiro:
    def __init__(self, seed):
        sm = SplitMix64(seed)
        self.s = [sm.next() for _ in range(4)]

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def int_below(self, bound):
        product = self.next() * bound
        low = product & M64
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                product = self.next() * bound
                low = product & M64
        return product >> 64

    def normal(self):
        while True:
            u = 2.0 * self.uniform() - 1.0
            v = 2.0 * self.uniform() - 1.0
            s = u * u + v * v
            if 0.0 < s < 1.0:
                return u * math.sqrt(-2.0 * portable_log(s) / s)


def portable_log(x):
    bits = struct.unpack("<Q", struct.pack("<d", x))[0]
    exponent = ((bits >> 52) & 0x7FF) - 1023
    m = struct.unpack("<d", struct.pack("<Q", (bits & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000))[0]
    if m > 1.4142135623730951:
        m *= 0.5
        exponent += 1
    f = (m - 1.0) / (m + 1.0)
    f2 = f * f
    series = 2.0 / 23.0
    for k in range(21, 0, -2):
        series = series * f2 + 2.0 / k
    return exponent * 0.6931471805599453 + f * series


def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def random_streams():
    streams = []
    for seed in [0, 1, 42, 2**63 + 5, M64]:
        sm = SplitMix64(seed)
        x = Xoshiro(seed)
        words = [x.next() for _ in range(8)]
        x = Xoshiro(seed)
        uniforms = [bits(x.uniform()) for _ in range(8)]
        x = Xoshiro(seed)
        ints = [x.int_below(b) for b in [1, 2, 3, 10, 1000, 2**63 + 1]]
        x = Xoshiro(seed)
        normals = [bits(x.normal()) for _ in range(16)]
        streams.append({"seed": seed, "splitmix": [sm.next() for _ in range(4)], "words": words,
                        "uniform_bits": uniforms, "int_bounds": [1, 2, 3, 10, 1000, 2**63 + 1], "ints": ints,
                        "normal_bits": normals})
    logs = [{"x": num(x), "bits": bits(portable_log(x)), "libm": num(math.log(x))} for x in
            [1e-300, 1e-10, 0.001, 0.1, 0.5, 0.70710678, 0.9999999, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e300]]
    return {"streams": streams, "logs": logs}


# ---------------------------------------------------------------- xxhash

def xxhash_vectors():
    import xxhash
    cases = []
    for n in [0, 1, 3, 4, 7, 8, 15, 16, 31, 32, 33, 63, 64, 100, 257, 1000]:
        data = bytes((i * 31 + 7) % 256 for i in range(n))
        cases.append({"length": n, "seed": 0, "digest": xxhash.xxh64(data, seed=0).intdigest()})
    data = bytes(range(200))
    cases.append({"length": 200, "seed": 12345, "digest": xxhash.xxh64(data, seed=12345).intdigest(), "pattern": "range"})
    return cases


# ---------------------------------------------------------------- CSV corner cases

CSV_CASES = {
    "quoted_delimiter": 'a,b\n"1,5",x\n"2,5",y\n',
    "quoted_quote": 'name,n\n"say ""hi""",1\n"""",2\n',
    "quoted_newline": 'id,text\n1,"line one\nline two"\n2,"a\r\nb"\n',
    "crlf": "a,b\r\n1,2\r\n3,4\r\n",
    "no_final_newline": "a,b\n1,2\n3,4",
    "bom": "\ufeffa,b\n1,2\n",
    "missing_markers": "a,b\n1,x\nNA,N/A\nnull,\n,NaN\n5,y\n",
    "quoted_numbers": 'a,b\n"1.5","2"\n"-3",4\n',
    "quoted_empty": 'a,b\n"",x\n1,""\n',
    "mixed_column": "a,b\n1,2\n3,x\n4.5,\n",
    "numbers_odd": "a\n1e400\n-0\ninf\n-inf\n1e-400\n.5\n5.\n+7\n",
    "semicolon": "a;b\n1,5;x\n2;y\n",
    "tab": "a\tb\n1\t2\n",
    "spaces_around_numbers": "a,b\n 1 ,x\n2 , y\n",
    "unicode": "name,city\nJosé,Zürich\n李,東京\n",
    "empty_header_name": ",a\n0,1\n1,2\n",
    "blank_lines": "a,b\n1,2\n\n3,4\n\n",
    "header_only": "a,b,c\n",
    "all_missing_column": "a,b\n1,\n2,NA\n",
}


def csv_cases():
    expected = {}
    for name, text in CSV_CASES.items():
        path = out("csv", f"{name}.csv")
        with open(path, "w", newline="", encoding="utf-8") as f:
            f.write(text)
        sep = ";" if name == "semicolon" else "\t" if name == "tab" else ","
        df = pd.read_csv(path, sep=sep, na_values=MARKERS, keep_default_na=False, encoding="utf-8-sig",
                         float_precision="round_trip")
        cols = []
        for col in df.columns:
            s = df[col]
            label = "column_1" if str(col).startswith("Unnamed") else col
            if pd.api.types.is_numeric_dtype(s):
                cols.append({"name": label, "kind": "numeric",
                             "values": [num(v) for v in s.tolist()],
                             "negative_zero": [bool(v == 0 and math.copysign(1, v) < 0) for v in s.tolist()]})
            else:
                cols.append({"name": label, "kind": "categorical",
                             "values": [None if (isinstance(v, float) and math.isnan(v)) else str(v) for v in s.tolist()]})
        expected[name] = {"delimiter": sep, "rows": int(len(df)), "columns": cols}
    return expected


def main():
    paths = export_datasets()
    write_json("profile.json", {name: profile(path) for name, path in paths.items()})
    write_json("transforms.json", transforms(paths))
    write_json("splits.json", splits(paths))
    write_json("quantiles.json", quantiles())
    write_json("floats.json", floats())
    write_json("random.json", random_streams())
    write_json("xxhash64.json", xxhash_vectors())
    write_json("csv_cases.json", csv_cases())
    import sklearn
    write_json("versions.json", {"numpy": np.__version__, "pandas": pd.__version__, "sklearn": sklearn.__version__,
                                 "python": sys.version.split()[0]})
    print(f"wrote fixtures under {os.path.normpath(ROOT)}")


if __name__ == "__main__":
    main()
