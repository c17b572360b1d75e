#!/usr/bin/env python3
"""Writes the example notebooks' data sets in notebooks/data/ (dev time only): churn.csv, and
customers.csv with plans.csv.

Standard library only and seeded, so the files are the same on every machine:
`python3 scripts/make_example_data.py` rewrites them byte for byte.
"""
import csv
import datetime
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

# notebooks/data/customers.csv and plans.csv: the two tables of notebooks/churn-two-tables.md.
# Customers carry dates (signup, last seen), free-text cities in mixed case and a plan id that
# refers to plans.csv; churn depends on the plan's fee and contract, tenure, usage and support.
CUSTOMERS = 5000
rng = random.Random(20261206)
folder = out.parent
plans = [  # plan_id, name, monthly fee, contract
    (1, "starter", 19.0, "month-to-month"),
    (2, "standard", 39.0, "month-to-month"),
    (3, "standard annual", 35.0, "one year"),
    (4, "premium", 79.0, "month-to-month"),
    (5, "premium annual", 69.0, "one year"),
    (6, "business", 119.0, "two year"),
]
with (folder / "plans.csv").open("w", newline="") as handle:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["plan_id", "plan", "monthly_fee", "contract"])
    for plan in plans:
        writer.writerow([plan[0], plan[1], f"{plan[2]:.2f}", plan[3]])
cities = ["New York", "new york", "NEW YORK ", "Boston", "boston", "Chicago", " Chicago", "Austin",
          "Seattle", "seattle", "Denver", "Miami", "Portland", "york"]
first_day = 19358  # 2023-01-01 as days since 1970-01-01
with (folder / "customers.csv").open("w", newline="") as handle:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["customer_id", "plan_id", "signup_date", "last_seen", "city", "monthly_usage_gb",
                     "support_calls", "churned"])
    for index in range(CUSTOMERS):
        plan_id, _, fee, contract = rng.choices(plans, weights=[0.22, 0.3, 0.14, 0.16, 0.1, 0.08])[0]
        signup = first_day + rng.randrange(0, 700)
        seen = min(first_day + 730, signup + int(rng.expovariate(1 / 240)) + 1)
        usage = round(max(0.1, rng.lognormvariate(2.3, 0.7)), 1)
        calls = min(9, int(rng.expovariate(1 / 1.4)))
        tenure_days = seen - signup
        score = (-0.9 + (0.9 if contract == "month-to-month" else -0.7 if contract == "one year" else -1.4)
                 + 0.012 * (fee - 50) - 0.004 * tenure_days + 0.38 * calls - 0.02 * usage
                 + (0.3 if signup >= first_day + 365 else 0.0))
        churned = 1 if rng.random() < 1 / (1 + math.exp(-score)) else 0
        as_date = lambda days: (datetime.date(1970, 1, 1) + datetime.timedelta(days=days)).isoformat()
        usage_text = "" if rng.random() < 0.03 else f"{usage:.1f}"
        writer.writerow([f"C{index:05d}", plan_id, as_date(signup), as_date(seen), rng.choice(cities),
                         usage_text, calls, churned])
print(f"wrote {folder / 'customers.csv'} ({CUSTOMERS} rows) and {folder / 'plans.csv'} ({len(plans)} plans)")
