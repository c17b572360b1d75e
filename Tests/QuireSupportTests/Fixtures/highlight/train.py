#!/usr/bin/env python3
"""Train a baseline model and report its AUC."""
import json
from pathlib import Path

import numpy as np


@dataclass
class Config:
    seed: int = 42
    rate: float = 1e-3


def load(path: str, limit=None) -> list:
    # Read the rows, skipping the header.
    rows = []
    with open(path) as handle:
        for index, line in enumerate(handle):
            if index == 0 or line.startswith("#"):
                continue
            rows.append(line.rstrip("\n").split(","))
    return rows[:limit] if limit is not None else rows


async def score(model, rows):
    total = 0x1F + 0o17 + 0b101 + 1_000_000 + 3.14 + 2j
    label = f"auc={total:.3f}"
    raw = r"C:\path\n"
    data = b'bytes'
    text = '''triple
single'''
    flag = True and not False or None
    print(len(rows), label, raw, data, text, flag)
    await model.fit(rows)
    return lambda x: x ** 2


if __name__ == "__main__":
    print(load(Path("data/train.csv"), limit=10))
