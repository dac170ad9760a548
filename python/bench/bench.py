"""Benchmarks of the Python package (run on a release build: `pip install ./python`).

1. ``Calendar.add`` on 1 M numpy queries against pandas ``CustomBusinessHour`` on the same
   workload: Monday-Friday 09:00-18:00 in Asia/Shanghai with China's 2024-2026 statutory days
   off (pandas cannot open adjusted working days, so neither calendar has them), 8 business hours
   after each start. pandas applies a business-hour offset element by element, so it runs on a
   sample and its time is extrapolated to the whole workload (said so in the output); the sample's
   answers are compared with ours.
2. A portfolio of generated contracts (python/tests/portfolio.py) judged by
   ``sla_engine.spark.evaluate_portfolio`` in Spark local mode, against a loop of
   ``sla evaluate`` runs (target/release/sla: ``cargo build --release --features cli``), one per
   contract, and against a loop of ``sla_engine.evaluate`` calls.

    python python/bench/bench.py                      # both
    python python/bench/bench.py --only calendar      # or --only portfolio
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

import sla_engine as sla

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python" / "tests"))

from portfolio import AS_OF, event_fields, portfolio


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def best(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def holidays(first: int, last: int) -> list[str]:
    out = []
    with open(REPO / "data" / "cn-statutory-calendar.csv", newline="") as f:
        for row in csv.reader(line for line in f if not line.startswith("#")):
            if len(row) >= 2 and row[1] == "holiday" and first <= int(row[0][:4]) <= last:
                out.append(row[0])
    return out


def bench_calendar(n: int, sample: int) -> None:
    days = holidays(2024, 2026)
    toml = 'zone = "Asia/Shanghai"\nyears = [2024, 2026]\n[hours]\n'
    toml += "".join(f'{d} = ["09:00-18:00"]\n' for d in ("mon", "tue", "wed", "thu", "fri"))
    toml += "".join(f'[[day]]\ndate = "{d}"\nclosed = true\n' for d in days)
    cal = sla.Calendar.from_toml(toml, name="cn-weekdays.toml")
    rng = np.random.default_rng(2025)
    lo, hi = 1735660800, 1767196800  # 2025 in Asia/Shanghai
    starts = rng.integers(lo, hi, n)
    seconds = 8 * 3600

    ours = best(lambda: cal.add(starts, seconds), 5)
    ours_one = best(lambda: cal.add(starts, seconds, threads=1), 5)
    as_dt = starts.astype("datetime64[s]")
    ours_dt = best(lambda: cal.add(as_dt, seconds), 5)
    ends = starts + rng.integers(0, 30 * 86400, n)
    ours_between = best(lambda: cal.between(starts, ends), 5)
    scalar_n = 100_000
    scalars = [int(s) for s in starts[:scalar_n]]
    ours_scalar = best(lambda: [cal.add(s, seconds) for s in scalars], 3) / scalar_n * n

    cbh = pd.offsets.CustomBusinessHour(
        n=8, start="09:00", end="18:00", weekmask="Mon Tue Wed Thu Fri", holidays=days
    )
    local = pd.Series(pd.to_datetime(starts[:sample] + 8 * 3600, unit="s"))  # naive local time
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas warns that the offset is not vectorized
        t0 = time.perf_counter()
        theirs = local + cbh
        pandas_sample = time.perf_counter() - t0
    pandas_total = pandas_sample / sample * n
    want = (theirs.to_numpy("datetime64[s]").astype(np.int64)) - 8 * 3600
    got = cal.add(starts[:sample], seconds)
    agree = float(np.mean(want == got))

    print(f"\n## Calendar.add, {n:,} queries (8 business hours after random instants of 2025)")
    print(
        f"sla_engine, int64 array:          {ours * 1e3:8.1f} ms  ({ours / n * 1e9:.0f} ns a query)"
    )
    print(f"sla_engine, datetime64[s] array:  {ours_dt * 1e3:8.1f} ms")
    print(f"sla_engine, between on arrays:    {ours_between * 1e3:8.1f} ms")
    print(
        f"sla_engine, scalar calls:         {ours_scalar:8.2f} s   (extrapolated from {scalar_n:,} calls)"
    )
    print(
        f"pandas CustomBusinessHour:        {pandas_total:8.1f} s   "
        f"(measured on {sample:,} queries: {pandas_sample:.2f} s, extrapolated to {n:,})"
    )
    print(
        f"speed-up (array vs pandas):       {pandas_total / ours:,.0f}x ({pandas_total / ours_one:,.0f}x on 1 thread)"
    )
    print(f"answers equal to pandas on the sample: {agree:.1%}")


def bench_portfolio(contracts_n: int, incidents: int, spark_runs: int) -> None:
    contracts, events = portfolio(contracts_n, seed=99, incidents=incidents)
    fields = event_fields(events)
    print(f"\n## Portfolio: {contracts_n} contracts, {len(events):,} events")
    sla_bin = REPO / "target" / "release" / "sla"
    work = Path(tempfile.mkdtemp(prefix="sla-bench-"))
    try:
        by_contract: dict[str, list[dict[str, object]]] = {c: [] for c in contracts}
        for e in events:
            by_contract[str(e["contract"])].append({k: v for k, v in e.items() if k != "contract"})
        for cid, text in contracts.items():
            (work / f"{cid}.toml").write_text(text)
            (work / f"{cid}.jsonl").write_bytes(sla._events.records_to_jsonl(by_contract[cid]))

        def cli(cid: str) -> list[str]:
            return [str(sla_bin), "evaluate", "--contract", f"{cid}.toml", "--events",
                    f"{cid}.jsonl", "--as-of", AS_OF, "--year", "2025", "--format", "json"]  # fmt: skip

        if sla_bin.exists():
            t0 = time.perf_counter()
            for cid in contracts:
                subprocess.run(cli(cid), cwd=work, stdout=subprocess.DEVNULL, check=True)
            loop = time.perf_counter() - t0
            t0 = time.perf_counter()
            procs: list[subprocess.Popen[bytes]] = []
            for cid in contracts:  # two at a time, as Spark gets two cores
                if len(procs) == 2:
                    procs.pop(0).wait()
                procs.append(subprocess.Popen(cli(cid), cwd=work, stdout=subprocess.DEVNULL))
            for p in procs:
                p.wait()
            loop2 = time.perf_counter() - t0
            print(f"loop of `sla evaluate` (release), 1 at a time:  {loop:7.2f} s  "
                  f"({contracts_n / loop:6.1f} contracts/s)")  # fmt: skip
            print(f"loop of `sla evaluate` (release), 2 at a time:  {loop2:7.2f} s  "
                  f"({contracts_n / loop2:6.1f} contracts/s)")  # fmt: skip
        else:
            print(f"(no {sla_bin}: cargo build --release --features cli for the CLI loop)")

        t0 = time.perf_counter()
        for cid, text in contracts.items():
            c = sla.Contract.from_toml(text, name=f"{cid}.toml")
            sla.evaluate(c, by_contract[cid], as_of=AS_OF, year=2025).statement()
        local = time.perf_counter() - t0
        print(f"loop of sla_engine.evaluate (one process):      {local:7.2f} s  "
              f"({contracts_n / local:6.1f} contracts/s)")  # fmt: skip

        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession
        from pyspark.sql import types as T

        from sla_engine.spark import evaluate_portfolio

        t0 = time.perf_counter()
        spark = (
            SparkSession.builder.master("local[2]")
            .appName("sla-engine-bench")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        startup = time.perf_counter() - t0
        pdf = pd.DataFrame([{f: e.get(f) for f in fields} for e in events], columns=fields)
        schema = T.StructType([T.StructField(f, T.StringType()) for f in fields])
        df = spark.createDataFrame(pdf.astype(object).where(pdf.notna(), None), schema).cache()
        df.count()
        for run in range(spark_runs):
            t0 = time.perf_counter()
            result = evaluate_portfolio(df, contracts, AS_OF, 2025)
            counts = {
                name: getattr(result, name).count() for name in ("status", "verdicts", "statement")
            }
            took = time.perf_counter() - t0
            result.unpersist()
            print(f"Spark local[2] evaluate_portfolio, run {run + 1}:     {took:7.2f} s  "
                  f"({contracts_n / took:6.1f} contracts/s; {counts['verdicts']:,} verdicts, "
                  f"{counts['statement']:,} statement lines)")  # fmt: skip
        print(f"(Spark session start-up, not counted above: {startup:.1f} s)")
        spark.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=["calendar", "portfolio"])
    parser.add_argument("--queries", type=int, default=1_000_000)
    parser.add_argument("--pandas-sample", type=int, default=2_000)
    parser.add_argument("--contracts", type=int, default=500)
    parser.add_argument("--incidents", type=int, default=40, help="incidents per contract")
    parser.add_argument("--spark-runs", type=int, default=2)
    args = parser.parse_args()
    print(f"# sla_engine {sla.__version__} bench on {machine()}")
    print(f"numpy {np.__version__}, pandas {pd.__version__}")
    if args.only in (None, "calendar"):
        bench_calendar(args.queries, args.pandas_sample)
    if args.only in (None, "portfolio"):
        bench_portfolio(args.contracts, args.incidents, args.spark_runs)


if __name__ == "__main__":
    main()
