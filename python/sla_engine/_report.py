"""Reports as pandas DataFrames, built from the report's JSON with an explicit column list per
table: a field the JSON gains or loses shows in the tests, never silently in a column."""

from __future__ import annotations

import decimal
import fractions
import json
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from . import _native

# (column, kind): kinds are "str", "instant", "int", "Int" (nullable), "bool", "boolean"
# (nullable), "decimal", "fraction", "object".
Spec = Sequence[tuple[str, str]]

VERDICT_COLUMNS: Spec = (
    ("incident", "str"),
    ("class", "str"),
    ("reported_priority", "str"),
    ("priority", "str"),
    ("reported_at", "instant"),
    ("outside_service_hours", "boolean"),
    ("component", "str"),
    ("site", "str"),
    ("excluded", "str"),
    ("target", "str"),
    ("clause", "str"),
    ("metric", "str"),
    ("outcome", "str"),
    ("clock", "str"),
    ("limit", "str"),
    ("limit_seconds", "int"),
    ("started_at", "instant"),
    ("stopped_by", "str"),
    ("stopped_at", "instant"),
    ("deadline", "instant"),
    ("used_seconds", "int"),
    ("margin_seconds", "int"),
    ("late_wall_seconds", "Int"),
    ("pauses", "int"),
    ("paused_seconds", "int"),
    ("reasoning", "object"),
    ("calendar_facts", "object"),
    ("problem", "str"),
    ("superseded_at", "instant"),
    ("superseded_priority", "str"),
)
"""The columns of :meth:`Report.verdicts`, one row per target verdict of each incident."""

AVAILABILITY_COLUMNS: Spec = (
    ("scope", "str"),
    ("period", "str"),
    ("label", "str"),
    ("judged", "bool"),
    ("from", "instant"),
    ("to", "instant"),
    ("as_of", "instant"),
    ("outcome", "str"),
    ("period_seconds", "int"),
    ("downtime_seconds", "int"),
    ("availability", "fraction"),
    ("availability_percent", "decimal"),
    ("target_percent", "decimal"),
    ("budget_seconds", "int"),
    ("budget_left_seconds", "int"),
    ("excused_seconds", "int"),
    ("excused", "object"),
    ("excused_intervals", "object"),
    ("downtime", "object"),
)
"""The columns of :meth:`Report.availability`, one row per scope and period."""

NOTICE_COLUMNS: Spec = (
    ("change", "str"),
    ("kind", "str"),
    ("clause", "str"),
    ("outcome", "str"),
    ("noticed_at", "instant"),
    ("window_from", "instant"),
    ("window_to", "instant"),
    ("performed", "bool"),
    ("performed_from", "instant"),
    ("performed_to", "instant"),
    ("announced_from", "instant"),
    ("announced_to", "instant"),
    ("required", "str"),
    ("notice_due_by", "instant"),
    ("service_hours_seconds", "int"),
    ("downtime_excused", "bool"),
    ("downtime_counts_because", "str"),
    ("reasoning", "object"),
    ("calendar_facts", "object"),
)
"""The columns of :meth:`Report.notices`, one row per announced or performed change."""

STATEMENT_COLUMNS: Spec = (
    ("line", "int"),
    ("kind", "str"),
    ("clause", "str"),
    ("incident", "str"),
    ("target", "str"),
    ("scope", "str"),
    ("period", "str"),
    ("basis", "str"),
    ("quantity", "decimal"),
    ("unit", "str"),
    ("rate", "decimal"),
    ("fixed", "decimal"),
    ("amount", "decimal"),
    ("currency", "str"),
    ("applies_to", "Int"),
)
"""The columns of :meth:`Report.statement`, one row per line of the penalty statement, numbered
from 1 as in ``sla evaluate --format csv`` (``applies_to`` names the line a cap, cancellation or
rounding applies to)."""

REJECTED_COLUMNS: Spec = (
    ("file", "str"),
    ("line", "int"),
    ("subject", "str"),
    ("subject_id", "str"),
    ("error", "str"),
    ("message", "str"),
)
"""The columns of :meth:`Report.rejected`, one row per input line that could not be used."""

DISPUTE_COLUMNS: Spec = (
    ("incident", "str"),
    ("target", "str"),
    ("a_outcome", "str"),
    ("b_outcome", "str"),
    ("a_clock", "str"),
    ("b_clock", "str"),
    ("a_limit", "str"),
    ("b_limit", "str"),
    ("a_deadline", "instant"),
    ("b_deadline", "instant"),
    ("a_used_seconds", "Int"),
    ("b_used_seconds", "Int"),
    ("a_margin_seconds", "Int"),
    ("b_margin_seconds", "Int"),
)
"""The columns of :meth:`Dispute.targets`: each target verdict that differs, side by side."""

# The fields of the report's JSON each table reads (and those it leaves to ``to_dict``): a
# report whose JSON has other fields fails the tests that compare with these.
REPORT_FIELDS = frozenset(
    {
        "schema", "provenance", "contract", "calendar", "zone", "settings", "as_of",
        "events_accepted", "not_applied", "warnings", "target_tally", "notice_tally", "incidents",
        "notices", "availability", "availability_problem", "outside_objective", "recurring",
        "rejected", "objective", "penalties",
    }
)  # fmt: skip
INCIDENT_FIELDS = frozenset(
    {
        "id", "class", "reported_priority", "priority", "reported_at", "outside_service_hours",
        "component", "site", "excluded", "verdicts",
    }
)  # fmt: skip
VERDICT_FIELDS = frozenset(
    {
        "target", "clause", "metric", "outcome", "clock", "limit", "limit_seconds", "started_at",
        "stopped_by", "stopped_at", "deadline", "used_seconds", "margin_seconds",
        "late_wall_seconds", "pauses", "reasoning", "calendar_facts", "problem", "superseded",
    }
)  # fmt: skip
AVAILABILITY_FIELDS = frozenset(
    {
        "scope", "period", "label", "judged", "from", "to", "as_of", "outcome", "period_seconds",
        "downtime_seconds", "availability", "availability_percent", "target_percent",
        "budget_seconds", "budget_left_seconds", "excused", "downtime",
    }
)  # fmt: skip
NOTICE_FIELDS = frozenset(
    {
        "change", "kind", "clause", "outcome", "noticed_at", "window", "performed",
        "announced_window", "required", "notice_due_by", "service_hours_seconds",
        "downtime_excused", "downtime_counts_because", "reasoning", "calendar_facts",
    }
)  # fmt: skip
STATEMENT_FIELDS = frozenset({"illustrative", "currency", "scale", "lines", "total", "notes"})
LINE_FIELDS = frozenset(
    {
        "kind", "clause", "incident", "target", "scope", "period", "basis", "quantity", "unit",
        "rate", "fixed", "amount", "applies_to",
    }
)  # fmt: skip
REJECTED_FIELDS = frozenset({"total", "lines", "not_listed"})
REJECTED_LINE_FIELDS = frozenset({"file", "line", "subject", "kind"})
SPAN_FIELDS = frozenset({"from", "to"})
EXCUSED_FIELDS = frozenset({"reason", "seconds", "intervals"})


def _decimal(value: Any) -> decimal.Decimal | None:
    return None if value is None else decimal.Decimal(str(value))


def _fraction(value: Any) -> fractions.Fraction | None:
    return None if value is None else fractions.Fraction(str(value))


def _instants(values: list[Any], zone: str) -> pd.Series:
    series = pd.to_datetime(pd.Series(values, dtype=object), utc=True)
    return series.dt.tz_convert(zone)


def frame(rows: list[dict[str, Any]], spec: Spec, zone: str) -> pd.DataFrame:
    """A DataFrame with exactly the columns of ``spec``, in order, with their dtypes."""
    data: dict[str, Any] = {}
    for column, kind in spec:
        values = [row.get(column) for row in rows]
        if kind == "str":
            data[column] = pd.array(values, dtype="string")
        elif kind == "instant":
            data[column] = _instants(values, zone).array
        elif kind == "int":
            data[column] = pd.array(values, dtype="int64")
        elif kind == "Int":
            data[column] = pd.array(values, dtype="Int64")
        elif kind == "bool":
            data[column] = pd.array(values, dtype="bool")
        elif kind == "boolean":
            data[column] = pd.array(values, dtype="boolean")
        elif kind == "decimal":
            data[column] = pd.array([_decimal(v) for v in values], dtype=object)
        elif kind == "fraction":
            data[column] = pd.array([_fraction(v) for v in values], dtype=object)
        else:
            data[column] = pd.array(values, dtype=object)
    return pd.DataFrame(data, columns=[c for c, _ in spec])


def _spans(spans: Iterable[dict[str, Any]], zone: str) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """``[{"from": T, "to": T}, ...]`` as pairs of timestamps in ``zone``."""
    flat = [t for span in spans for t in (span["from"], span["to"])]
    stamps = list(_instants(flat, zone)) if flat else []
    return list(zip(stamps[0::2], stamps[1::2]))


def verdict_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for inc in report["incidents"]:
        base = {
            "incident": inc["id"],
            "class": inc["class"],
            "reported_priority": inc["reported_priority"],
            "priority": inc["priority"],
            "reported_at": inc["reported_at"],
            "outside_service_hours": inc["outside_service_hours"],
            "component": inc["component"],
            "site": inc["site"],
            "excluded": inc["excluded"],
        }
        for v in inc["verdicts"]:
            row = dict(base)
            for key in (
                "target", "clause", "metric", "outcome", "clock", "limit", "limit_seconds",
                "started_at", "stopped_by", "stopped_at", "deadline", "used_seconds",
                "margin_seconds", "late_wall_seconds", "reasoning", "calendar_facts", "problem",
            ):  # fmt: skip
                row[key] = v[key]
            row["pauses"] = len(v["pauses"])
            row["paused_seconds"] = sum(p["clock_seconds"] for p in v["pauses"])
            superseded = v.get("superseded")
            row["superseded_at"] = superseded["at"] if superseded else None
            row["superseded_priority"] = superseded["priority"] if superseded else None
            rows.append(row)
    return rows


def availability_rows(report: dict[str, Any], zone: str) -> list[dict[str, Any]]:
    rows = []
    for a in report["availability"]:
        row = {k: a[k] for k in AVAILABILITY_FIELDS if k not in ("excused", "downtime")}
        row["excused"] = {e["reason"]: e["seconds"] for e in a["excused"]}
        row["excused_seconds"] = sum(e["seconds"] for e in a["excused"])
        row["excused_intervals"] = [
            (e["reason"], start, end)
            for e in a["excused"]
            for start, end in _spans(e["intervals"], zone)
        ]
        row["downtime"] = _spans(a["downtime"], zone)
        rows.append(row)
    return rows


def notice_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for n in report["notices"]:
        row = {
            k: n[k] for k in NOTICE_FIELDS if k not in ("window", "performed", "announced_window")
        }
        row["window_from"], row["window_to"] = n["window"]["from"], n["window"]["to"]
        for name, key in (("performed", "performed"), ("announced", "announced_window")):
            span = n[key] or {}
            row[f"{name}_from"], row[f"{name}_to"] = span.get("from"), span.get("to")
        row["performed"] = n["performed"] is not None
        rows.append(row)
    return rows


def statement_rows(statement: dict[str, Any] | None) -> list[dict[str, Any]]:
    if statement is None:
        return []
    return [
        dict(line, line=number, currency=statement["currency"])
        for number, line in enumerate(statement["lines"], start=1)
    ]


def rejected_rows(report: dict[str, Any], messages: list[str]) -> list[dict[str, Any]]:
    rows = []
    for r, message in zip(report["rejected"]["lines"], messages):
        subject = r["subject"] or {}
        rows.append(
            {
                "file": r["file"],
                "line": r["line"],
                "subject": subject.get("kind"),
                "subject_id": subject.get("id"),
                "error": r["kind"]["error"],
                "message": message,
            }
        )
    return rows


class Report:
    """An evaluation: every verdict with its evidence, availability, notices, rejected input lines,
    and the penalty statement. Made by :func:`evaluate`.

    Tables come as pandas DataFrames with fixed columns (``VERDICT_COLUMNS``, ...): text as
    ``string``, instants as aware timestamps in the report's zone, durations as ``int64`` seconds
    (``Int64`` where absent is possible), money and percentages as ``decimal.Decimal``."""

    __slots__ = ("_native", "_parsed", "_statement")

    def __init__(self, native: _native.Report) -> None:
        """Wraps a native report; use :func:`evaluate`."""
        self._native = native
        self._parsed: dict[str, Any] | None = None
        self._statement: tuple[dict[str, Any] | None] | None = None

    def _json(self) -> dict[str, Any]:
        if self._parsed is None:
            self._parsed = json.loads(self._native.to_json())
        return self._parsed

    def to_json(self) -> str:
        """The report exactly as ``sla evaluate --format json`` prints it: pretty JSON with its
        schema version, ending with one newline."""
        return self._native.to_json()

    def to_dict(self) -> dict[str, Any]:
        """The report's JSON as Python values (a new copy each call)."""
        return json.loads(self._native.to_json())

    def to_markdown(self) -> str:
        """The report as ``sla evaluate`` prints it (Markdown)."""
        return self._native.to_markdown()

    def statement_csv(self) -> str:
        """The penalty statement as ``sla evaluate --format csv`` prints it.

        Raises :class:`SlaError` if the contract has no penalty schedule."""
        return self._native.statement_csv()

    @property
    def zone(self) -> str:
        """The calendar's zone, in which the tables give instants."""
        return str(self._json()["zone"])

    @property
    def contract(self) -> str:
        """The contract's name."""
        return str(self._json()["contract"])

    @property
    def as_of(self) -> pd.Timestamp:
        """The instant the evaluation is as of."""
        return pd.Timestamp(self._json()["as_of"]).tz_convert(self.zone)

    @property
    def events_accepted(self) -> int:
        """How many events were applied."""
        return int(self._json()["events_accepted"])

    def verdicts(self) -> pd.DataFrame:
        """One row per target verdict of each incident (columns: ``VERDICT_COLUMNS``).

        ``pauses`` counts the pauses and ``paused_seconds`` adds the clock seconds they took out;
        ``reasoning`` and ``calendar_facts`` are lists of sentences."""
        return frame(verdict_rows(self._json()), VERDICT_COLUMNS, self.zone)

    def availability(self) -> pd.DataFrame:
        """One row per scope and period (columns: ``AVAILABILITY_COLUMNS``).

        ``availability`` is the exact ratio (a ``fractions.Fraction``) the verdict compared;
        ``excused`` maps each reason to the seconds it excused; ``downtime`` lists the counted
        intervals (judged periods only)."""
        rows = availability_rows(self._json(), self.zone)
        return frame(rows, AVAILABILITY_COLUMNS, self.zone)

    def notices(self) -> pd.DataFrame:
        """One row per announced or performed change (columns: ``NOTICE_COLUMNS``)."""
        return frame(notice_rows(self._json()), NOTICE_COLUMNS, self.zone)

    def _statement_value(self) -> dict[str, Any] | None:
        if self._statement is None:
            text = self._native.statement_json()
            self._statement = (None if text is None else json.loads(text),)
        return self._statement[0]

    def statement(self) -> pd.DataFrame:
        """The penalty statement's lines (columns: ``STATEMENT_COLUMNS``), amounts exact.

        ``attrs`` holds the rest: ``total`` (a ``Decimal``), ``currency``, ``scale``,
        ``illustrative`` and ``notes``. No rows (and ``attrs["total"]`` ``None``) when the
        contract has no penalty schedule."""
        statement = self._statement_value()
        df = frame(statement_rows(statement), STATEMENT_COLUMNS, self.zone)
        df.attrs.update(
            total=_decimal(statement["total"]) if statement else None,
            currency=statement["currency"] if statement else None,
            scale=statement["scale"] if statement else None,
            illustrative=statement["illustrative"] if statement else None,
            notes=list(statement["notes"]) if statement else [],
        )
        return df

    def rejected(self) -> pd.DataFrame:
        """The input lines that could not be used (columns: ``REJECTED_COLUMNS``): ``error`` is
        the kind (``not_reported``), ``message`` the line as the CLI prints it
        (``events.jsonl:12: incident INC-17: ...``). The report lists the first 1 000;
        ``attrs["total"]`` counts them all and ``attrs["not_listed"]`` the others by kind."""
        doc = self._json()
        df = frame(
            rejected_rows(doc, self._native.rejected_messages()), REJECTED_COLUMNS, self.zone
        )
        df.attrs.update(
            total=int(doc["rejected"]["total"]), not_listed=dict(doc["rejected"]["not_listed"])
        )
        return df

    def __repr__(self) -> str:
        r = self._json()
        return (
            f"Report(contract={r['contract']!r}, as_of={r['as_of']!r}, "
            f"incidents={len(r['incidents'])}, rejected={r['rejected']['total']})"
        )


class Dispute:
    """What differs between two reports of the same events (the dispute view, ``sla diff``).
    Made by :func:`diff`."""

    __slots__ = ("_native", "_zone")

    def __init__(self, native: _native.Dispute, zone: str) -> None:
        self._native = native
        self._zone = zone

    def to_json(self) -> str:
        """The dispute as ``sla diff --format json`` prints it, ending with one newline."""
        return self._native.to_json()

    def to_dict(self) -> dict[str, Any]:
        """The dispute's JSON as Python values."""
        return json.loads(self._native.to_json())

    def to_markdown(self) -> str:
        """The dispute as ``sla diff`` prints it (Markdown)."""
        return self._native.to_markdown()

    @property
    def breaches(self) -> tuple[int, int]:
        """Breaches under each reading."""
        a, b = self.to_dict()["breaches"]
        return int(a), int(b)

    @property
    def money(self) -> dict[str, Any] | None:
        """Penalty totals under each reading and B minus A (``Decimal``), with the currency; ``None``
        unless both contracts have a penalty schedule."""
        money = self.to_dict()["money"]
        if money is None:
            return None
        return {k: (v if k == "currency" else _decimal(v)) for k, v in money.items()}

    def targets(self) -> pd.DataFrame:
        """Each target verdict that differs (columns: ``DISPUTE_COLUMNS``); a side's columns are
        empty where the target does not apply under that reading."""
        rows = []
        for t in self.to_dict()["targets"]:
            row: dict[str, Any] = {"incident": t["incident"], "target": t["target"]}
            for side in ("a", "b"):
                values = t[side] or {}
                for key in ("outcome", "clock", "limit", "deadline", "used_seconds",
                            "margin_seconds"):  # fmt: skip
                    row[f"{side}_{key}"] = values.get(key)
            rows.append(row)
        return frame(rows, DISPUTE_COLUMNS, self._zone)

    def __repr__(self) -> str:
        d = self.to_dict()
        return f"Dispute(targets={len(d['targets'])}, breaches={tuple(d['breaches'])})"
