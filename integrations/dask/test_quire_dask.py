#!/usr/bin/env python3
"""End-to-end test of the Dask adapter on a real cluster: a scheduler and two worker processes on
127.0.0.1 (one thread each, no nanny, so a killed worker stays dead).

    python test_quire_dask.py QUIRE_BINARY REPOSITORY

1. Every example notebook runs through the cluster; its report, summary and exported files
   are byte-identical (--reproducible) to a single-process `quire run`.
2. Independent steps ran on different workers.
3. A worker killed in the middle of a long step: the step runs again on the other worker and
   the report is still identical.
Exits 1, saying what differed, when a check fails.
"""
import filecmp
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from distributed import Client

ADAPTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "quire_dask.py")
# Four independent trainings of a few seconds each, then their evaluations.
SLOW = """---
params: {seed: 1}
---
# Slow

```step rows
generate: {kind: classification, n_samples: 8000, n_features: 12, seed: "${params.seed}"}
```

```step split
split: {from: rows, test_size: 0.25, seed: 1}
```
""" + "".join(
    f"""
```step forest{i}
train: {{data: split.train, algorithm: random_forest, target: target, n_estimators: 60, seed: {i}}}
```

```step quality{i}
evaluate: {{model: forest{i}, data: split.test}}
```
"""
    for i in range(1, 5)
)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message, flush=True)


def project(repository, root):
    os.makedirs(root)
    shutil.copytree(os.path.join(repository, "notebooks"), os.path.join(root, "notebooks"))
    open(os.path.join(root, "quire.yaml"), "w").close()
    with open(os.path.join(root, "slow.md"), "w") as file:
        file.write(SLOW)
    return root


def same_tree(a, b):
    """Files that differ or exist on one side only (the .prom files are left out, as in CI)."""
    differ = []
    for left in glob.glob(os.path.join(a, "**", "*"), recursive=True):
        relative = os.path.relpath(left, a)
        right = os.path.join(b, relative)
        if os.path.isdir(left) or relative.endswith(".prom"):
            continue
        if not os.path.exists(right) or not filecmp.cmp(left, right, shallow=False):
            differ.append(relative)
    return differ


def adapter(quire, scheduler, root, notebook, output, *extra):
    return subprocess.run(
        [sys.executable, ADAPTER, notebook, "--scheduler", scheduler, "--quire", quire, "--project", root,
         "--output", output, *extra],
        cwd=root, capture_output=True, text=True,
    )


def steps_of(done):
    """The adapter's lines about steps, by step."""
    return {s["step"]: s for s in (json.loads(l) for l in done.stdout.splitlines() if l.startswith("{"))}


def main():
    quire, repository = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    work = tempfile.mkdtemp(prefix="quire-dask-")
    processes = []
    try:
        cluster = project(repository, os.path.join(work, "cluster"))
        single = project(repository, os.path.join(work, "single"))
        notebooks = sorted(os.path.relpath(p, single) for p in glob.glob(os.path.join(single, "notebooks", "*.md")))
        reference = subprocess.run(
            [quire, "run", "--quiet", "--reproducible", "--no-history", *notebooks], cwd=single,
            capture_output=True, text=True,
        )
        check(reference.returncode == 0, f"the single-process run failed: {reference.stderr}")

        scheduler_file = os.path.join(work, "scheduler.json")
        dask = os.path.join(os.path.dirname(sys.executable), "dask")
        processes.append(subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", scheduler_file], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for _ in range(2):
            processes.append(subprocess.Popen(
                [dask, "worker", "--scheduler-file", scheduler_file, "--nthreads", "1", "--no-nanny",
                 "--no-dashboard", "--host", "127.0.0.1"], cwd=cluster,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for _ in range(600):
            if os.path.exists(scheduler_file):
                break
            time.sleep(0.1)
        address = json.load(open(scheduler_file))["address"]
        client = Client(address)
        client.wait_for_workers(2, timeout=120)

        # 1 and 2: every example notebook, then its files against the single-process run's.
        for notebook in notebooks:
            done = adapter(quire, address, cluster, notebook, "reports")
            check(done.returncode == 0, f"{notebook} failed through Dask: {done.stderr}")
        # The last run's index lists every summary, as the single run's does.
        differ = same_tree(os.path.join(single, "reports"), os.path.join(cluster, "reports"))
        check(not differ, f"reports differ from the single-process run: {differ}")

        # 2: four independent steps of a few seconds: two ran at once, on different workers.
        done = adapter(quire, address, cluster, "slow.md", "parallel", "-p", "seed=1")
        check(done.returncode == 0, f"slow.md failed through Dask: {done.stderr}")
        steps = steps_of(done)
        forests = [steps[f"forest{i}"] for i in range(1, 5) if f"forest{i}" in steps]
        overlapping = [
            (a["step"], b["step"]) for a in forests for b in forests
            if a["worker"] != b["worker"] and a["started"] < b["ended"] and b["started"] < a["ended"]
        ]
        check(overlapping, f"no two independent steps ran at once on different workers: {forests}")

        # 3: the same with other keys (seed 2); kill the worker running forest2 in its middle:
        # it runs again on the other worker, and the report is the single-process one.
        result = {}
        thread = threading.Thread(
            target=lambda: result.update(done=adapter(quire, address, cluster, "slow.md", "slow", "-p", "seed=2")))
        thread.start()
        killed = None
        deadline = time.time() + 900
        while killed is None and time.time() < deadline and thread.is_alive():
            for worker, keys in client.processing().items():
                if any("-forest2-" in str(key) for key in keys):
                    pid = client.run(os.getpid, workers=[worker])[worker]
                    time.sleep(0.5)  # inside the step: it takes seconds
                    os.kill(pid, signal.SIGKILL)
                    killed = worker
                    break
            time.sleep(0.05)
        thread.join()
        check(killed is not None, "never saw forest2 running, so no worker was killed")
        done = result.get("done")
        check(done is not None and done.returncode == 0, f"slow.md failed after the kill: {done and done.stderr}")
        if done is not None:
            steps = steps_of(done)
            check(steps.get("forest2", {}).get("worker") not in (None, killed), f"forest2 stayed on the killed worker: {steps}")
        for seed, output in (("1", "parallel"), ("2", "slow")):
            alone = subprocess.run(
                [quire, "run", "--quiet", "--reproducible", "--no-history", "--output", output, "-p", f"seed={seed}",
                 "slow.md"], cwd=single, capture_output=True, text=True)
            check(alone.returncode == 0, f"slow.md failed in one process: {alone.stderr}")
            differ = same_tree(os.path.join(single, output), os.path.join(cluster, output))
            check(not differ, f"slow.md (seed {seed})'s report differs from the single-process one: {differ}")
        client.close()
    finally:
        for process in processes:
            process.kill()
            process.wait()
        if failures and os.environ.get("KEEP"):
            print("kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed", flush=True)
        sys.exit(1)
    print("dask: every check passed", flush=True)


if __name__ == "__main__":
    main()
