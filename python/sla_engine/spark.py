"""Portfolios of contracts on Spark, and business time as pandas UDFs (extra ``spark``).

:func:`evaluate_portfolio` judges each contract of a portfolio on the executors
(``groupBy("contract").applyInPandas``), one group per contract, and returns a
:class:`Portfolio`: Spark DataFrames of verdicts, statement lines, rejected lines and one
status row per contract. A contract that does not parse, events that cannot be read, a group
whose events are all rejected, or events naming a contract that is not in the portfolio each
give that contract an ``error`` (in ``status``, and one row in ``verdicts`` and ``statement``
with only ``contract`` and ``error`` set); the other contracts are judged as usual.

:func:`business_add` and :func:`business_seconds_between` are pandas UDFs over one calendar, for
DataFrame expressions and, registered, for Spark SQL.

Instants: Spark hands pandas UDFs wall-clock times in the session time zone
(``spark.sql.session.timeZone``) without the zone; the UDFs localize them in that zone, captured
when the UDF is made. An hour that occurs twice at a daylight-saving change is read as the
standard-time one, as Spark itself does on the way back; with the session zone ``UTC`` no instant
is ambiguous.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pandas as pd

from . import Calendar, Contract, EventsError, SlaError, _native
from ._report import (
    Report,
    statement_rows,
    verdict_rows,
)

try:  # pyspark is the optional extra `spark`
    from pyspark import StorageLevel
    from pyspark.sql import Column, DataFrame, SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError(
        "sla_engine.spark needs pyspark and pyarrow: pip install 'sla-engine[spark]'"
    ) from e

__all__ = [
    "REJECTED_SCHEMA",
    "STATEMENT_SCHEMA",
    "STATUS_SCHEMA",
    "VERDICT_SCHEMA",
    "Portfolio",
    "business_add",
    "business_seconds_between",
    "evaluate_portfolio",
]

# Amounts: at most 10^12 with a scale of at most 10 (the library's bounds); rates and quantities
# as written in a schedule may carry more places, so 18.
MONEY = T.DecimalType(38, 18)

_S, _L, _TS, _B = T.StringType(), T.LongType(), T.TimestampType(), T.BooleanType()

VERDICT_SCHEMA = T.StructType(
    [
        T.StructField("contract", _S),
        T.StructField("incident", _S),
        T.StructField("class", _S),
        T.StructField("reported_priority", _S),
        T.StructField("priority", _S),
        T.StructField("reported_at", _TS),
        T.StructField("outside_service_hours", _B),
        T.StructField("component", _S),
        T.StructField("site", _S),
        T.StructField("excluded", _S),
        T.StructField("target", _S),
        T.StructField("clause", _S),
        T.StructField("metric", _S),
        T.StructField("outcome", _S),
        T.StructField("clock", _S),
        T.StructField("limit", _S),
        T.StructField("limit_seconds", _L),
        T.StructField("started_at", _TS),
        T.StructField("stopped_by", _S),
        T.StructField("stopped_at", _TS),
        T.StructField("deadline", _TS),
        T.StructField("used_seconds", _L),
        T.StructField("margin_seconds", _L),
        T.StructField("late_wall_seconds", _L),
        T.StructField("paused_seconds", _L),
        T.StructField("problem", _S),
        T.StructField("error", _S),
    ]
)
"""``Portfolio.verdicts``: the columns of ``Report.verdicts()`` a portfolio needs (no lists of
sentences: evaluate one contract locally for its evidence), the contract, and ``error``."""

STATEMENT_SCHEMA = T.StructType(
    [
        T.StructField("contract", _S),
        T.StructField("line", _L),
        T.StructField("kind", _S),
        T.StructField("clause", _S),
        T.StructField("incident", _S),
        T.StructField("target", _S),
        T.StructField("scope", _S),
        T.StructField("period", _S),
        T.StructField("basis", _S),
        T.StructField("quantity", MONEY),
        T.StructField("unit", _S),
        T.StructField("rate", MONEY),
        T.StructField("fixed", MONEY),
        T.StructField("amount", MONEY),
        T.StructField("currency", _S),
        T.StructField("applies_to", _L),
        T.StructField("error", _S),
    ]
)
"""``Portfolio.statement``: each contract's penalty statement lines (the columns of
``Report.statement()``), and ``error``."""

REJECTED_SCHEMA = T.StructType(
    [
        T.StructField("contract", _S),
        T.StructField("line", _L),
        T.StructField("subject", _S),
        T.StructField("subject_id", _S),
        T.StructField("error", _S),
        T.StructField("message", _S),
    ]
)
"""``Portfolio.rejected``: event lines a contract's log could not use. ``line`` is the event's
position among that contract's events (in the order of the input DataFrame), as in a file of
that contract's events alone; ``message`` names the file ``CONTRACT.jsonl``."""

STATUS_SCHEMA = T.StructType(
    [
        T.StructField("contract", _S),
        T.StructField("status", _S),
        T.StructField("error", _S),
        T.StructField("events", _L),
        T.StructField("events_accepted", _L),
        T.StructField("events_rejected", _L),
        T.StructField("verdicts", _L),
        T.StructField("breaches", _L),
        T.StructField("total", MONEY),
        T.StructField("currency", _S),
    ]
)
"""``Portfolio.status``: one row per contract. ``status`` is ``ok``, ``contract_error`` (the
TOML does not parse or hold together), ``events_error`` (the events cannot be read at all),
``refused`` (judged as ``sla evaluate`` would refuse to: ``year`` outside the contract's events
and ``as_of``), ``all_rejected`` (no event of the group could be used) or ``unknown_contract``
(events name a contract the portfolio does not have); ``error`` says why."""

_TABLES = {
    "verdict": VERDICT_SCHEMA,
    "statement": STATEMENT_SCHEMA,
    "rejected": REJECTED_SCHEMA,
    "status": STATUS_SCHEMA,
}

_ORDER = "__sla_order"
_LINE = "__sla_line"
_TABLE = "__sla_table"


def _union_schema() -> T.StructType:
    fields: dict[str, T.StructField] = {}
    for schema in _TABLES.values():
        for f in schema.fields:
            if f.name in fields and fields[f.name].dataType != f.dataType:
                raise AssertionError(f"column {f.name} has two types")
            # Instants travel as the report's RFC 3339 text and become timestamps in Spark.
            kind = _S if isinstance(f.dataType, T.TimestampType) else f.dataType
            fields.setdefault(f.name, T.StructField(f.name, kind, True))
    return T.StructType([T.StructField(_TABLE, _S, False), *fields.values()])


_UNION = _union_schema()


@dataclass(frozen=True)
class Portfolio:
    """The result of :func:`evaluate_portfolio`: four Spark DataFrames over one evaluation
    (persisted, so that reading several of them judges each contract once; call
    :meth:`unpersist` when done).

    - ``verdicts`` (:data:`VERDICT_SCHEMA`): one row per target verdict, with ``contract``;
    - ``statement`` (:data:`STATEMENT_SCHEMA`): one row per penalty statement line;
    - ``rejected`` (:data:`REJECTED_SCHEMA`): event lines that could not be used;
    - ``status`` (:data:`STATUS_SCHEMA`): one row per contract, ``ok`` or what went wrong.

    A contract in error has its status row and one row in ``verdicts`` and ``statement`` whose
    only other column set is ``error``."""

    verdicts: DataFrame
    statement: DataFrame
    rejected: DataFrame
    status: DataFrame
    _all: DataFrame

    def unpersist(self) -> None:
        """Frees the cached evaluation."""
        self._all.unpersist()


def _money(value: decimal.Decimal | None) -> decimal.Decimal | None:
    if value is None:
        return None
    if value.as_tuple().exponent < -18:  # type: ignore[operator]
        raise SlaError(f"amount {value} has more than 18 decimal places")
    return value


def _error_rows(contract: str | None, status: str, error: str, events: int) -> list[dict[str, Any]]:
    return [
        {_TABLE: "verdict", "contract": contract, "error": error},
        {_TABLE: "statement", "contract": contract, "error": error},
        {_TABLE: "status", "contract": contract, "status": status, "error": error,
         "events": events},
    ]  # fmt: skip


def _judge_group(
    contract_id: str | None,
    data: bytes,
    n: int,
    text: str | None,
    options: dict[str, Any],
) -> list[dict[str, Any]]:
    """Every output row of one contract, whose ``n`` events are the JSON Lines ``data``."""
    if contract_id is None:
        return _error_rows(None, "unknown_contract", "events without a contract id", n)
    if text is None:
        return _error_rows(
            contract_id, "unknown_contract", f"no contract {contract_id!r} in the portfolio", n
        )
    try:
        contract = Contract.from_toml(text, name=f"{contract_id}.toml")
    except SlaError as e:
        return _error_rows(contract_id, "contract_error", str(e), n)
    try:
        report = Report(
            _native.evaluate_bytes(
                contract._native, data, f"{contract_id}.jsonl", "jsonl", **options
            )
        )
    except EventsError as e:
        return _error_rows(contract_id, "events_error", str(e), n)
    except SlaError as e:
        # Refused as `sla evaluate` refuses (years outside the log): if no event was accepted,
        # that is what to say, with the rejections.
        try:
            unrefused = {**options, "years": None}
            report = Report(
                _native.evaluate_bytes(
                    contract._native, data, f"{contract_id}.jsonl", "jsonl", **unrefused
                )
            )
        except SlaError:
            return _error_rows(contract_id, "refused", str(e), n)
        if not (n > 0 and report._json()["events_accepted"] == 0):
            return _error_rows(contract_id, "refused", str(e), n)
    doc = report._json()
    messages = report._native.rejected_messages()
    if n > 0 and doc["events_accepted"] == 0:
        first = "; ".join(messages[:3])
        return _error_rows(
            contract_id, "all_rejected", f"all {n} events were rejected: {first}", n
        ) + [
            {_TABLE: "rejected", "contract": contract_id, "line": r["line"],
             "subject": (r["subject"] or {}).get("kind"),
             "subject_id": (r["subject"] or {}).get("id"),
             "error": r["kind"]["error"], "message": m}
            for r, m in zip(doc["rejected"]["lines"], messages)
        ]  # fmt: skip
    rows: list[dict[str, Any]] = []
    verdict_names = [f.name for f in VERDICT_SCHEMA.fields]
    for v in verdict_rows(doc):
        row = {k: v.get(k) for k in verdict_names}
        row.update({_TABLE: "verdict", "contract": contract_id})
        rows.append(row)
    statement = report._statement_value()
    for line in statement_rows(statement):
        row = {k: line.get(k) for k in STATEMENT_SCHEMA.fieldNames()}
        for k in ("quantity", "rate", "fixed", "amount"):
            row[k] = _money(_dec(line[k]))
        row.update({_TABLE: "statement", "contract": contract_id})
        rows.append(row)
    for r, m in zip(doc["rejected"]["lines"], messages):
        subject = r["subject"] or {}
        rows.append(
            {_TABLE: "rejected", "contract": contract_id, "line": r["line"],
             "subject": subject.get("kind"), "subject_id": subject.get("id"),
             "error": r["kind"]["error"], "message": m}
        )  # fmt: skip
    tally = doc["target_tally"]
    rows.append(
        {
            _TABLE: "status",
            "contract": contract_id,
            "status": "ok",
            "events": n,
            "events_accepted": doc["events_accepted"],
            "events_rejected": doc["rejected"]["total"],
            "verdicts": sum(len(i["verdicts"]) for i in doc["incidents"]),
            "breaches": tally["breached"],
            "total": _money(_dec(statement["total"])) if statement else None,
            "currency": statement["currency"] if statement else None,
        }
    )
    return rows


def _dec(value: Any) -> decimal.Decimal | None:
    return None if value is None else decimal.Decimal(str(value))


def _to_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows in the union schema's columns, as Python values (Arrow converts them)."""
    names = _UNION.fieldNames()
    return pd.DataFrame({name: [row.get(name) for row in rows] for name in names}, columns=names)


def _instant_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    raise TypeError("expected RFC 3339 text or an aware datetime")


def _event_columns(df: DataFrame, contract_column: str) -> list[Column]:
    """The event fields as text: Spark timestamps are written as RFC 3339 with their offset in
    the session zone, and with their fraction of a second (which the library accepts only when
    it is zero); other columns are cast to text."""
    out = []
    for f in df.schema.fields:
        if f.name == contract_column:
            continue
        c = F.col(f"`{f.name}`")
        if isinstance(f.dataType, T.TimestampType):
            c = F.date_format(c, "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
        elif isinstance(f.dataType, T.TimestampNTZType):
            # No zone: written without an offset, and refused by the library with its message.
            c = F.date_format(c, "yyyy-MM-dd'T'HH:mm:ss")
        elif not isinstance(f.dataType, T.StringType):
            c = c.cast("string")
        out.append(c.alias(f.name))
    return out


def evaluate_portfolio(
    events_df: DataFrame,
    contracts: Mapping[str, str],
    as_of: str | _dt.datetime,
    year: int | tuple[int, int] | None = None,
    *,
    contract_column: str = "contract",
) -> Portfolio:
    """Judges every contract of a portfolio on the executors, one group per contract.

    ``events_df``: a Spark DataFrame with a ``contract`` column (``contract_column``) and the
    event fields as columns (as in an events file: ``at``, ``event``, ``incident``, ...; text, or
    Spark timestamps). Each contract's events are read in the DataFrame's order: line N of a
    contract is its N-th event, as in a file of its events alone named ``CONTRACT.jsonl``.
    ``contracts``: contract id → the contract's TOML text (no includes: its calendar is a
    preset). Every contract in ``contracts`` gets a status row, with or without events (without,
    and with a ``year`` before ``as_of``'s year, it is ``refused`` as ``sla evaluate`` refuses it).
    ``as_of`` (required, so that every contract is judged at the same instant) and ``year`` as in
    :func:`sla_engine.evaluate`.

    Returns a :class:`Portfolio`; a broken contract never fails the job (see the module's doc).
    """
    from . import _instant_text as instant_text
    from . import _years

    if contract_column not in events_df.columns:
        raise ValueError(f"events_df has no column {contract_column!r}")
    texts = {str(k): str(v) for k, v in contracts.items()}
    options = {"as_of": instant_text(as_of, "as_of"), "years": _years(year), "window": None}
    if options["as_of"] is None:
        raise ValueError("as_of is required")
    spark = events_df.sparkSession
    # Each event as the JSON line the library reads, written by Spark (null fields left out).
    line = F.to_json(
        F.struct(*_event_columns(events_df, contract_column)), {"ignoreNullFields": "true"}
    )
    events = events_df.select(
        F.col(f"`{contract_column}`").cast("string").alias("contract"),
        F.monotonically_increasing_id().alias(_ORDER),
        line.alias(_LINE),
    )
    # One marker row per contract of the portfolio: a contract without events is judged too.
    markers_schema = T.StructType(
        [T.StructField("contract", _S), T.StructField(_ORDER, _L), T.StructField(_LINE, _S)]
    )
    markers = spark.createDataFrame([(cid, None, None) for cid in texts], markers_schema)
    both = events.unionByName(markers)

    def judge(key: tuple[Any, ...], pdf: pd.DataFrame) -> pd.DataFrame:
        contract_id = None if key[0] is None else str(key[0])
        rows = pdf[pdf[_ORDER].notna()].sort_values(_ORDER, kind="stable")
        lines = rows[_LINE].tolist()
        data = ("\n".join(lines) + "\n").encode() if lines else b""
        try:
            text = None if contract_id is None else texts.get(contract_id)
            out = _judge_group(contract_id, data, len(lines), text, options)
        except Exception as e:  # noqa: BLE001 - one contract must never fail the job
            out = _error_rows(contract_id, "internal_error", f"{type(e).__name__}: {e}", len(lines))
        return _to_frame(out)

    judged = both.groupBy("contract").applyInPandas(judge, schema=_UNION)
    judged = judged.persist(StorageLevel.MEMORY_AND_DISK)

    def table(name: str) -> DataFrame:
        columns = [
            F.col(f.name).cast("timestamp").alias(f.name)
            if isinstance(f.dataType, T.TimestampType)
            else F.col(f.name)
            for f in _TABLES[name].fields
        ]
        return judged.where(F.col(_TABLE) == name).select(*columns)

    return Portfolio(
        verdicts=table("verdict"),
        statement=table("statement"),
        rejected=table("rejected"),
        status=table("status"),
        _all=judged,
    )


# -- pandas UDFs ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _calendar(spec: str) -> Calendar:
    """A calendar by preset name, or from a calendar file's text (cached per executor)."""
    if "\n" not in spec and "=" not in spec:
        return Calendar.preset(spec.strip())
    return Calendar.from_toml(spec, name="calendar.toml")


def _session_zone(spark: SparkSession | None) -> str:
    session = spark or SparkSession.getActiveSession()
    if session is None:
        raise RuntimeError("no active SparkSession: pass spark=")
    return str(session.conf.get("spark.sql.session.timeZone"))


def _seconds(series: pd.Series, zone: str) -> tuple[np.ndarray, np.ndarray]:
    """Unix seconds of a pandas UDF's input (Spark timestamps, or Unix seconds), and which
    elements are null."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        if getattr(series.dt, "tz", None) is None:
            series = series.dt.tz_localize(zone, ambiguous=False, nonexistent="shift_forward")
        null = series.isna().to_numpy()
        ns = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[ns]")
        seconds = ns.astype("datetime64[s]").astype(np.int64)
        return np.where(null, 0, seconds), null
    null = series.isna().to_numpy()
    return series.fillna(0).to_numpy(dtype=np.int64), null


def _check(calendar: str) -> None:
    _calendar(calendar)  # fail early, on the driver, for a bad calendar


def business_add(calendar: str, *, spark: SparkSession | None = None) -> Callable[..., Column]:
    """A pandas UDF ``(start, seconds) -> timestamp``: ``seconds`` of business time after
    ``start`` on ``calendar`` (a preset name such as ``cn-standard``, or a calendar file's text).

    ``start`` is a timestamp (or Unix seconds), ``seconds`` a long. An answer in a year the
    calendar does not cover, or a null input, is null. Register it for SQL with
    ``spark.udf.register("business_add_cn", business_add("cn-standard"))``."""
    from pyspark.sql.functions import pandas_udf

    _check(calendar)
    zone = _session_zone(spark)

    @pandas_udf(T.TimestampType())  # type: ignore[call-overload]
    def business_add_udf(start: pd.Series, seconds: pd.Series) -> pd.Series:
        cal = _calendar(calendar)
        starts, null_a = _seconds(start, zone)
        secs = seconds.fillna(0).to_numpy(dtype=np.int64)
        out = cal.add(starts, secs, errors="mask", threads=1)
        mask = np.ma.getmaskarray(out) | null_a | seconds.isna().to_numpy()
        values = pd.to_datetime(np.ma.getdata(out).astype("datetime64[s]"), utc=True)
        return pd.Series(values).where(~mask)

    return business_add_udf  # type: ignore[no-any-return]


def business_seconds_between(
    calendar: str, *, spark: SparkSession | None = None
) -> Callable[..., Column]:
    """A pandas UDF ``(start, end) -> long``: business seconds from ``start`` to ``end`` on
    ``calendar`` (as for :func:`business_add`); null where an input is null or a year is not
    covered."""
    from pyspark.sql.functions import pandas_udf

    _check(calendar)
    zone = _session_zone(spark)

    @pandas_udf(T.LongType())  # type: ignore[call-overload]
    def business_seconds_between_udf(start: pd.Series, end: pd.Series) -> pd.Series:
        cal = _calendar(calendar)
        a, null_a = _seconds(start, zone)
        b, null_b = _seconds(end, zone)
        out = cal.between(a, b, errors="mask", threads=1)
        mask = np.ma.getmaskarray(out) | null_a | null_b
        return pd.Series(np.ma.getdata(out), dtype="Int64").mask(mask)

    return business_seconds_between_udf  # type: ignore[no-any-return]
