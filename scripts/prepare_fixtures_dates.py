#!/usr/bin/env python3
"""Oracle for date columns (issue 15): pandas' datetime parsing and `.dt` accessors, stored as data.

Writes Tests/QuireEngineTests/Fixtures/prepare/dates.json:

- `iso`: texts and what `pd.Timestamp` makes of them, as nanoseconds since 1970-01-01T00:00:00Z
  (an offset converted to UTC), or null when pandas refuses them (not a real day or time);
- `parts`: dates (leap years, 1900-02-28/1900-03-01, 2000-02-29, before 1970, fractional seconds)
  with `.year .month .day .dayofweek .hour`, and the start of the year, quarter, month, week
  (`to_period(...).start_time`, weeks start on Monday), day and hour (`floor`);
- `between`: pairs (a, b) with `(b - a) / pd.Timedelta(days=1)` (floats as repr text);
- `patterns`: strptime formats with texts and `pd.to_datetime(text, format=...)` (null: no match);
- `csv`: a CSV text with date-like columns, and pandas' reading of each column
  (`pd.to_datetime(..., format="ISO8601", utc=True)` or the given format), or "text" when a
  value is not a date;
- `numbers`: texts and `pd.to_numeric(..., errors="coerce")`, for `cast` to num.

    python3 -m pip install numpy pandas
    python3 scripts/prepare_fixtures_dates.py
"""
import io
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FOLDER = os.path.join(ROOT, "Tests", "QuireEngineTests", "Fixtures", "prepare")


def ns(ts):
    """Nanoseconds since the epoch of a Timestamp in UTC, or None for NaT."""
    if ts is None or pd.isna(ts):
        return None
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return int(ts.value)


def timestamp(text):
    try:
        return pd.Timestamp(text)
    except (ValueError, OverflowError):
        return None


ISO = [
    "2024-01-01", "1970-01-01", "1969-12-31", "1900-02-28", "1900-03-01", "2000-02-29", "2024-02-29",
    "1700-03-01", "1677-09-22", "2262-04-11", "1800-06-15", "2199-12-31",
    "2024-01-01T00:00", "2024-01-01T13:45", "2024-01-01 13:45:59", "2024-01-01T23:59:59",
    "2024-01-01T08:30:00.5", "2024-01-01T08:30:00.123", "2024-01-01T08:30:00.123456",
    "1969-12-31T23:59:59.25", "1950-07-04T12:00:00.001",
    "2024-01-01T08:30:00Z", "2024-03-10T08:00:00+05:30", "2024-03-10T01:00:00-08:00", "2024-01-01T00:30+01:00",
    "2024-12-31T23:30:00-01:00",
    # Not real days or times: pandas refuses them, and so must the reader.
    "2023-02-29", "2023-02-30", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-01-00",
    "2024-01-01T25:00", "2024-01-01T12:60", "2024-01-01T12:00:61",
]

PARTS = [
    "2024-01-01", "2024-02-29", "2024-03-01", "2023-12-31", "1970-01-01", "1969-12-31", "1969-12-31T23:59:59",
    "1900-02-28", "1900-03-01", "2000-02-29", "2000-03-01", "1700-01-01", "1899-12-31T06:00:00",
    "2024-05-15T13:45:30", "2024-08-18T23:59:59.5", "2023-01-01", "2023-01-02", "2021-01-03", "1960-11-23T04:05:06.75",
    "2024-07-04T00:00:01", "2100-02-28", "2100-03-01", "2024-10-01", "2024-09-30T12:00",
]

BETWEEN = [
    ("2024-01-01", "2024-03-01"), ("2024-03-01", "2024-01-01"), ("2023-01-01", "2024-01-01"),
    ("1900-02-28", "1900-03-01"), ("2000-02-28", "2000-03-01"), ("1969-12-31", "1970-01-02"),
    ("2024-01-01T06:00:00", "2024-01-02T00:00:00"), ("2024-01-01T00:00:00", "2024-01-01T00:00:01"),
    ("1950-01-01", "2050-01-01"), ("2024-01-01T12:00:00.5", "2024-01-01T12:00:00.25"),
]

PATTERNS = [
    ("%d/%m/%Y", ["31/01/2024", "1/2/2024", "29/02/2024", "29/02/2023", "2024-01-31", "31/01/24", "05/11/1955"]),
    ("%m/%d/%y", ["01/31/24", "12/25/99", "07/04/68", "07/04/69", "13/01/24"]),
    ("%Y%m%d", ["20240131", "19000301", "20230229"]),
    ("%d %b %Y", ["31 Jan 2024", "1 feb 1999", "15 SEP 2010", "31 Foo 2024"]),
    ("%Y-%m-%d %H:%M", ["2024-01-31 08:30", "2024-01-31 8:05", "2024-01-31 24:00"]),
    ("%d.%m.%Y %H:%M:%S", ["31.01.2024 23:59:58", "01.01.1960 00:00:01"]),
]

CSV_TEXT = """id,day,stamp,mixed,dmy,almost,blank
1,2024-01-31,2024-01-31T08:30:00,2024-01-31,31/01/2024,2024-01-31,
2,,2024-02-29 23:59:59.5,2024-02-29T10:00:00+02:00,29/02/2024,2024-02-30,
3,1900-02-28,1969-12-31T23:59:59Z,,01/03/1900,2024-03-01,
4,2000-02-29,,1999-12-31T23:00:00-01:00,15/06/1969,NA,
5,1969-07-20,2024-06-01T00:00,2024-06-01,1/1/2000,2024-06-01,
"""


def main():
    iso = []
    for text in ISO:
        ts = timestamp(text)
        # pandas accepts 24:00 as midnight of the next day in some versions; the reader does not.
        iso.append({"text": text, "ns": ns(ts) if ts is not None else None})

    parts = []
    for text in PARTS:
        ts = pd.Timestamp(text)
        series = pd.Series([ts])
        parts.append({
            "text": text, "ns": ns(ts), "year": int(ts.year), "month": int(ts.month), "day": int(ts.day),
            "weekday": int(series.dt.day_of_week[0]), "hour": int(ts.hour),
            "trunc": {
                "year": ns(ts.to_period("Y").start_time), "quarter": ns(ts.to_period("Q").start_time),
                "month": ns(ts.to_period("M").start_time), "week": ns(ts.to_period("W").start_time),
                "day": ns(ts.floor("D")), "hour": ns(ts.floor("h")),
            },
        })

    between = []
    for a, b in BETWEEN:
        days = (pd.Timestamp(b) - pd.Timestamp(a)) / pd.Timedelta(days=1)
        between.append({"a": a, "b": b, "days": repr(float(days))})

    patterns = []
    for pattern, texts in PATTERNS:
        for text in texts:
            value = pd.to_datetime(pd.Series([text]), format=pattern, errors="coerce")[0]
            patterns.append({"format": pattern, "text": text, "ns": ns(value)})

    raw = pd.read_csv(io.StringIO(CSV_TEXT), dtype=str, keep_default_na=True)
    columns = {}
    for name in ["day", "stamp", "mixed", "almost", "dmy"]:
        values = raw[name]
        try:
            if name == "dmy":
                parsed = pd.to_datetime(values, format="%d/%m/%Y")
            else:
                parsed = pd.to_datetime(values, format="ISO8601", utc=True)
            columns[name] = [ns(v) for v in parsed]
        except ValueError:
            columns[name] = "text"
    csv = {"text": CSV_TEXT, "columns": columns}

    number_texts = ["1", "-2.5", "1e3", " 7 ", "abc", "", "0x10", "1,5", "inf", "-0"]
    numbers = []
    for text in number_texts:
        value = pd.to_numeric(pd.Series([text]), errors="coerce")[0]
        numbers.append({"text": text, "value": None if pd.isna(value) else repr(float(value))})

    os.makedirs(FOLDER, exist_ok=True)
    with open(os.path.join(FOLDER, "dates.json"), "w") as f:
        json.dump({"iso": iso, "parts": parts, "between": between, "patterns": patterns, "csv": csv,
                   "numbers": numbers}, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
