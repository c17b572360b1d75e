#!/usr/bin/env python3
"""Writes notebooks/data/churn.csv, the example notebooks' data set (dev time only).

Standard library only and seeded, so the file is the same on every machine:
`python3 scripts/make_example_data.py` rewrites it byte for byte.
"""
import csv
import math
import pathlib
import random

ROWS = 1000
rng = random.Random(20261129)
out = pathlib.Path(__file__).resolve().parent.parent / "notebooks" / "data" / "churn.csv"
contracts = ["month-to-month", "one year", "two year"]
payments = ["card", "bank transfer", "electronic check", "mailed check"]

with out.open("w", newline="") as handle:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["customer_id", "tenure", "monthly_charges", "contract", "payment_method",
                     "support_calls", "senior", "churned"])
    for index in range(ROWS):
        contract = rng.choices(contracts, weights=[0.55, 0.25, 0.20])[0]
        tenure = max(1, int(rng.expovariate(1 / (10 if contract == "month-to-month" else 30))))
        charges = round(min(120.0, max(18.0, rng.gauss(70, 25))), 2)
        payment = rng.choice(payments)
        calls = min(9, int(rng.expovariate(1 / 1.5)))
        senior = 1 if rng.random() < 0.16 else 0
        score = (-1.2 + (1.1 if contract == "month-to-month" else -0.8) - 0.035 * tenure
                 + 0.012 * (charges - 70) + 0.35 * calls + 0.4 * senior
                 + (0.5 if payment == "electronic check" else 0.0))
        churned = 1 if rng.random() < 1 / (1 + math.exp(-score)) else 0
        # A few missing values, as real exports have.
        charges_text = "" if rng.random() < 0.02 else f"{charges:.2f}"
        payment_text = "NA" if rng.random() < 0.01 else payment
        writer.writerow([f"C{index:05d}", tenure, charges_text, contract, payment_text, calls, senior, churned])
print(f"wrote {out} ({ROWS} rows)")
