#!/usr/bin/env python3
"""Runs a Quire notebook on a Dask cluster: one task per step.

    python quire_dask.py NOTEBOOK --scheduler tcp://HOST:8786 [-p NAME=VALUE ...]
                         [--quire quire] [--cache-dir DIR] [--output DIR] [--retries 2]
                         [--threads N]

It reads the step graph from `quire plan NOTEBOOK --json` (docs/plan-json.md) and submits each
step, once the steps it depends on have finished, as a task that runs `quire run NOTEBOOK --only STEP` on a
worker; then a last task that renders the report (`quire run NOTEBOOK --reproducible`), which
executes nothing, every step being in the cache. The workers share the project directory and
the cache (a network volume on a real cluster): start them in the project's root, or give
--project. Dask reaches Kubernetes through dask-kubernetes and Slurm or PBS through
dask-jobqueue: pass their scheduler's address; nothing here changes.

Each task computes with as many threads as its worker runs tasks at once (`quire run --threads`,
the worker's `--nthreads`), so two one-thread workers on a two-core machine use a core each
instead of both contending for both; --threads gives another figure.

Prints one JSON line per finished step (`{"step", "worker", "status"}`) and the report's path.
Exits 0 when the report was written, 1 when a step failed.
"""
import argparse
import json
import os
import subprocess
import sys
import time

from distributed import Client, as_completed, get_worker


# What a Dask nanny sets for its worker's Python (distributed.nanny.pre-spawn-environ) and Quire
# must not inherit: MALLOC_TRIM_THRESHOLD_=65536 makes glibc hand freed memory back to the kernel at
# once, so a training that allocates and frees tree after tree pays for fresh, zeroed pages each time.
NANNY_ENVIRONMENT = ("MALLOC_TRIM_THRESHOLD_",)


def run_quire(arguments, project, quire):
    """Runs quire in the project on this worker; raises (so Dask retries) when it fails."""
    environment = {name: value for name, value in os.environ.items() if name not in NANNY_ENVIRONMENT}
    done = subprocess.run([quire, *arguments], cwd=project, capture_output=True, text=True, env=environment)
    try:
        worker = get_worker().address
    except ValueError:
        worker = "client"
    if done.returncode != 0:
        raise RuntimeError(f"quire {' '.join(arguments)} exited {done.returncode} on {worker}:\n{done.stderr}")
    return {"worker": worker, "stdout": done.stdout}


def worker_threads():
    """The tasks this worker runs at once (its --nthreads), or None outside a worker."""
    try:
        worker = get_worker()
    except ValueError:
        return None
    state = getattr(worker, "state", worker)
    return getattr(state, "nthreads", None)


def step_task(step, common, digest, project, quire, threads, *dependencies):
    """One step, alone, from the cache: `quire run NOTEBOOK --only STEP`, refused (exit 4) if the
    notebook is not the one planned (`--planned`), with `threads` threads (default: the worker's)."""
    started = time.time()
    threads = threads or worker_threads()
    limit = ["--threads", str(threads)] if threads else []
    result = run_quire(["run", common[0], "--only", step, "--planned", digest, *limit, *common[1:]], project, quire)
    status = result["stdout"].strip().rsplit(": ", 1)[-1] if result["stdout"].strip() else "ok"
    return {"step": step, "worker": result["worker"], "status": status, "started": started, "ended": time.time()}


def report_task(notebook, arguments, project, quire):
    """The report, assembled from the cache once every step is there: it executes nothing."""
    run_quire(["run", notebook, "--reproducible", "--quiet", *arguments], project, quire)


def run_steps(client, plan, common, digest, options):
    """Submits each step once the steps it depends on have finished, so every task the scheduler
    holds is ready and goes to the first free worker (a task that waited on another's future would
    be placed beside that future's result, which it does not read: its inputs are in the cache).
    Returns the steps' results in the plan's order; raises the first failure, cancelling the rest."""
    order = [step["id"] for step in plan["steps"]]
    waiting = {step["id"]: set(step["depends_on"]) for step in plan["steps"]}
    dependents = {name: [] for name in order}
    for step in plan["steps"]:
        for name in step["depends_on"]:
            dependents[name].append(step["id"])

    def submit(name):
        waiting.pop(name)
        return client.submit(
            step_task, name, common, digest, options.project, options.quire, options.threads,
            key=f"quire-{digest[:12]}-{name}-{time.time_ns()}", retries=options.retries, pure=False,
        )

    running = as_completed([submit(name) for name in order if not waiting[name]], with_results=True)
    results = {}
    try:
        for _, result in running:
            results[result["step"]] = result
            for name in dependents[result["step"]]:
                waiting[name].discard(result["step"])
                if not waiting[name]:
                    running.add(submit(name))
    except BaseException:
        for future in list(running.futures):
            future.cancel()
        raise
    return [results[name] for name in order]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook")
    parser.add_argument("--scheduler", required=True, help="the Dask scheduler's address, tcp://HOST:PORT")
    parser.add_argument("-p", "--param", action="append", default=[], help="NAME=VALUE (repeatable)")
    parser.add_argument("--quire", default="quire", help="the quire executable on the workers")
    parser.add_argument("--project", default=os.getcwd(), help="the project's root, as the workers see it")
    parser.add_argument("--cache-dir", help="the shared cache (default: PROJECT/.quire/cache)")
    parser.add_argument("--output", default="reports", help="where the report is written")
    parser.add_argument("--retries", type=int, default=2, help="retries of a failed task")
    parser.add_argument(
        "--threads", type=int, help="threads each step computes with (default: its worker's --nthreads)"
    )
    options = parser.parse_args(argv)

    params = [item for value in options.param for item in ("-p", value)]
    cache = ["--cache-dir", options.cache_dir] if options.cache_dir else []
    plan = json.loads(
        subprocess.run(
            [options.quire, "plan", options.notebook, "--json", *params, *cache],
            cwd=options.project, check=True, capture_output=True, text=True,
        ).stdout
    )
    # Each task runs with the same parameters and cache, and records nothing in the history:
    # the report task's run is the one that counts.
    common = [options.notebook, *params, *cache, "--no-history"]
    digest = plan["notebook"]["digest"]
    with Client(options.scheduler) as client:
        try:
            steps = run_steps(client, plan, common, digest, options)
            client.submit(
                report_task, options.notebook, [*params, *cache, "--output", options.output], options.project,
                options.quire, key=f"quire-{digest[:12]}-report-{time.time_ns()}", retries=options.retries,
                pure=False,
            ).result()
        except Exception as error:  # a step failed after its retries
            print(f"error: {error}", file=sys.stderr)
            return 1
    for step in steps:
        print(json.dumps(step, sort_keys=True))
    name = os.path.splitext(os.path.basename(options.notebook))[0]
    print(f"report: {os.path.join(options.output, name + '.html')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
