"""sla_engine.spark in local mode: a generated portfolio judged on Spark equals per-contract CLI
runs row for row; broken contracts are reported and the others still judged; the pandas UDFs
agree with Calendar."""

from __future__ import annotations

import json
import math
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

from conftest import run_sla
from portfolio import AS_OF, event_fields, portfolio

import sla_engine as sla
from sla_engine import spark as sla_spark

N_CONTRACTS = int(os.environ.get("SLA_PORTFOLIO_CONTRACTS", "50"))


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Spark's Python workers put their working directory first on sys.path: from python/, the
    # source folder sla_engine/ (without the compiled module) would hide the installed package.
    local = Path.cwd() / "sla_engine"
    if local.is_dir() and not any(local.glob("_native*")):
        pytest.fail("run pytest from the repository root (pytest python/tests), not from python/")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("sla-engine-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _frame(spark, events: list[dict[str, Any]]):
    fields = event_fields(events)
    pdf = pd.DataFrame([{f: e.get(f) for f in fields} for e in events], columns=fields)
    from pyspark.sql import types as T

    schema = T.StructType([T.StructField(f, T.StringType()) for f in fields])
    return spark.createDataFrame(pdf.astype(object).where(pdf.notna(), None), schema)


def _plain(value: Any) -> Any:
    """One cell as a comparable Python value (Spark gives NaN for a null long, naive UTC)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else int(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.tz_localize("UTC") if value.tzinfo is None else value.tz_convert("UTC")
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def _rows(pdf: pd.DataFrame, columns: list[str]) -> list[tuple[Any, ...]]:
    rows = [tuple(_plain(v) for v in row) for row in pdf[columns].itertuples(index=False)]
    return sorted(rows, key=repr)


def _utc(text: Any) -> Any:
    return None if text is None else pd.Timestamp(text).tz_convert("UTC")


def _dec(text: Any) -> Any:
    return None if text is None else Decimal(text).normalize()


def _cli_tables(cid: str, doc: dict[str, Any]):
    """The CLI's report as the rows Spark should give, read straight from its JSON."""
    verdicts, lines, rejected = [], [], []
    for inc in doc["incidents"]:
        for v in inc["verdicts"]:
            verdicts.append((
                cid, inc["id"], inc["class"], inc["reported_priority"], inc["priority"],
                _utc(inc["reported_at"]), inc["outside_service_hours"], inc["component"],
                inc["site"], inc["excluded"], v["target"], v["clause"], v["metric"], v["outcome"],
                v["clock"], v["limit"], v["limit_seconds"], _utc(v["started_at"]), v["stopped_by"],
                _utc(v["stopped_at"]), _utc(v["deadline"]), v["used_seconds"], v["margin_seconds"],
                v["late_wall_seconds"], sum(p["clock_seconds"] for p in v["pauses"]), v["problem"],
                None,
            ))  # fmt: skip
    statement = doc["penalties"]
    for number, line in enumerate(statement["lines"], start=1):
        lines.append((
            cid, number, line["kind"], line["clause"], line["incident"], line["target"],
            line["scope"], line["period"], line["basis"], _dec(line["quantity"]), line["unit"],
            _dec(line["rate"]), _dec(line["fixed"]), _dec(line["amount"]), statement["currency"],
            line["applies_to"], None,
        ))  # fmt: skip
    for r in doc["rejected"]["lines"]:
        rejected.append((cid, r["line"], r["kind"]["error"]))
    status = (cid, "ok", doc["events_accepted"], doc["rejected"]["total"],
              doc["target_tally"]["breached"], _dec(statement["total"]))  # fmt: skip
    return verdicts, lines, rejected, status


@pytest.fixture(scope="module")
def judged(spark, sla_bin: Path, tmp_path_factory):
    contracts, events = portfolio(N_CONTRACTS)
    # A contract that does not parse, one whose events are all rejected, one without events,
    # and events for a contract the portfolio does not have.
    contracts["broken"] = contracts["c000"].replace('limit = "', 'limit = "soon ', 1)
    contracts["junk"] = contracts["c001"]
    contracts["idle"] = contracts["c002"]
    events += [{"contract": "junk", "at": "2025-03-01T10:00:00+08:00", "event": "bogus"}] * 3
    events += [{**e, "contract": "broken"} for e in events[:5] if e["contract"] == "c000"]
    events += [{"contract": "ghost", "at": "2025-03-01T10:00:00+08:00", "event": "reported"}]
    result = sla_spark.evaluate_portfolio(_frame(spark, events), contracts, AS_OF, 2025)
    tables = {
        "verdicts": result.verdicts.toPandas(),
        "statement": result.statement.toPandas(),
        "rejected": result.rejected.toPandas(),
        "status": result.status.toPandas(),
    }
    result.unpersist()
    # The reference: one `sla evaluate` per contract, on a file of its events in the same order.
    work = tmp_path_factory.mktemp("portfolio")
    cli: dict[str, dict[str, Any]] = {}
    refused: dict[str, str] = {}
    for cid, text in contracts.items():
        if cid in ("broken", "junk"):
            continue
        (work / f"{cid}.toml").write_text(text)
        mine = [
            {k: v for k, v in e.items() if k != "contract"} for e in events if e["contract"] == cid
        ]
        (work / f"{cid}.jsonl").write_bytes(sla._events.records_to_jsonl(mine))
        out = run_sla(sla_bin, ["evaluate", "--contract", f"{cid}.toml", "--events", f"{cid}.jsonl",
                                "--as-of", AS_OF, "--year", "2025", "--format", "json"], work)  # fmt: skip
        if out.returncode == 1:  # refused: the message on standard error
            refused[cid] = out.stderr.decode().removeprefix("sla: ").rstrip("\n")
            continue
        assert out.returncode in (0, 2), out.stderr  # 2: lines were rejected (listed)
        cli[cid] = json.loads(out.stdout)
    return contracts, tables, cli, refused


def test_portfolio_equals_per_contract_cli_runs_row_for_row(judged):
    _contracts, tables, cli, _refused = judged
    want_verdicts, want_lines, want_rejected, want_status = [], [], [], []
    for cid, doc in cli.items():
        v, s, r, st = _cli_tables(cid, doc)
        want_verdicts += v
        want_lines += s
        want_rejected += r
        want_status.append(st)
    verdicts = tables["verdicts"][tables["verdicts"]["error"].isna()]
    assert len(cli) >= 50 and len(want_verdicts) > 1000
    assert _rows(verdicts, list(verdicts.columns)) == sorted(
        [tuple(_plain(x) for x in row) for row in want_verdicts], key=repr
    )
    lines = tables["statement"][tables["statement"]["error"].isna()]
    assert _rows(lines, list(lines.columns)) == sorted(want_lines, key=repr)
    rejected = tables["rejected"]
    got = _rows(rejected[rejected["contract"].isin(list(cli))], ["contract", "line", "error"])
    assert got == sorted(want_rejected, key=repr)
    status = tables["status"]
    ok = status[status["status"] == "ok"]
    cols = ["contract", "status", "events_accepted", "events_rejected", "breaches", "total"]
    assert _rows(ok, cols) == sorted(want_status, key=repr)
    # The portfolio is varied: both calendars, breaches and money differ between contracts.
    assert len({doc["calendar"] for doc in cli.values()}) == 2
    assert len({st[-1] for st in want_status}) > 10


def test_broken_contracts_are_reported_and_the_others_judged(judged):
    contracts, tables, cli, refused = judged
    status = tables["status"].set_index("contract")
    assert status.loc["broken", "status"] == "contract_error"
    assert str(status.loc["broken", "error"]).startswith("broken.toml:")
    assert "invalid limit" in status.loc["broken", "error"]
    assert status.loc["junk", "status"] == "all_rejected"
    assert status.loc["junk", "error"].startswith("all 3 events were rejected: junk.jsonl:1: ")
    assert status.loc["ghost", "status"] == "unknown_contract"
    # A contract without events, judged for 2025 as of 2026-01-01: the CLI refuses it, and so
    # does the portfolio, with the CLI's message (its `--year` is the keyword `year`).
    assert set(refused) == {"idle"}
    assert status.loc["idle", "status"] == "refused" and status.loc["idle", "events"] == 0
    assert "--" + status.loc["idle", "error"] == refused["idle"]
    assert (status["status"] == "ok").sum() == len(contracts) - 3 == len(cli)
    for table in ("verdicts", "statement"):
        errors = tables[table].dropna(subset=["error"]).set_index("contract")["error"]
        assert set(errors.index) == {"broken", "junk", "ghost", "idle"}
        assert errors["broken"] == status.loc["broken", "error"]
    junk = tables["rejected"][tables["rejected"]["contract"] == "junk"]
    assert junk["line"].tolist() == [1, 2, 3] and set(junk["error"]) == {"unknown_event"}


def test_spark_timestamps_read_as_their_instants(spark):
    contracts, events = portfolio(3, seed=7)
    from pyspark.sql import functions as F

    as_text = _frame(spark, events)
    as_time = (
        as_text.withColumn("at", F.to_timestamp("at"))
        .withColumn("from", F.to_timestamp("from"))
        .withColumn("to", F.to_timestamp("to"))
    )
    columns = ["contract", "incident", "target", "outcome", "deadline", "used_seconds"]
    a = sla_spark.evaluate_portfolio(as_text, contracts, AS_OF, 2025)
    b = sla_spark.evaluate_portfolio(as_time, contracts, AS_OF, 2025)
    assert _rows(a.verdicts.toPandas(), columns) == _rows(b.verdicts.toPandas(), columns)
    assert set(b.status.toPandas()["status"]) == {"ok"}
    a.unpersist()
    b.unpersist()


def test_business_time_udfs_agree_with_calendar(spark):
    from pyspark.sql import functions as F

    cal = sla.Calendar.preset("cn-standard")
    rng = np.random.default_rng(5)
    starts = rng.integers(1_700_000_000, 1_830_000_000, 400)  # 2023-11 to 2027-12
    pdf = pd.DataFrame(
        {"t": pd.to_datetime(starts, unit="s", utc=True), "s": rng.integers(0, 90_000, 400)}
    )
    pdf.loc[3, "t"] = pd.NaT
    previous = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "Asia/Kolkata")  # not UTC, no DST
    try:
        df = spark.createDataFrame(pdf)
        add = sla_spark.business_add("cn-standard")
        between = sla_spark.business_seconds_between("cn-standard")
        spark.udf.register("business_add_cn", add)
        df.createOrReplaceTempView("queries")
        got = df.select(
            add("t", "s").alias("due"),
            between("t", F.col("t") + F.expr("INTERVAL 2 DAYS")).alias("b"),
        ).toPandas()
        sql = spark.sql("SELECT business_add_cn(t, s) AS due FROM queries").toPandas()
    finally:
        spark.conf.set("spark.sql.session.timeZone", previous)
    want = cal.add(starts, pdf["s"].to_numpy(), errors="mask")
    want_b = cal.between(starts, starts + 2 * 86400, errors="mask")
    due = pd.to_datetime(got["due"]).dt.tz_localize("Asia/Kolkata")
    for i in range(len(pdf)):
        if i == 3 or want.mask[i]:
            assert pd.isna(got.loc[i, "due"]) and pd.isna(sql.loc[i, "due"])
        else:
            assert due[i] == pd.Timestamp(int(want[i]), unit="s", tz="UTC")
        if i == 3 or want_b.mask[i]:
            assert pd.isna(got.loc[i, "b"])
        else:
            assert got.loc[i, "b"] == want_b[i]
    assert want.mask.any() and not want.mask.all()
    with pytest.raises(sla.CalendarError):
        sla_spark.business_add("mars")
    toml = 'zone = "UTC"\nyears = [2025, 2025]\n[hours]\nmon = ["09:00-17:00"]\n'
    assert sla_spark.business_seconds_between(toml) is not None
