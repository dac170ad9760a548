"""sla_engine: exact, explainable SLA verdicts for IT maintenance contracts, from Python.

The sla-engine library (Rust) behind a small Python API:

- :class:`Calendar`: business-time arithmetic (``add``, ``between``) on scalars and on numpy
  arrays, answered in one call into the engine;
- :class:`Contract`: the terms and the reading of every open question (``seed``, TOML);
- :func:`evaluate` → :class:`Report`: every verdict, availability, notices and the penalty
  statement, as pandas DataFrames with exact decimals, or as the CLI's JSON byte for byte;
- :func:`diff` → :class:`Dispute`: the same events under two readings, only what differs;
- :mod:`sla_engine.spark`: portfolios of contracts on Spark (extra ``spark``).

Errors are :class:`SlaError` (a ``ValueError``) with the message the ``sla`` command prints.

>>> import sla_engine as sla
>>> report = sla.evaluate(sla.Contract.seed(), "examples/data/kanban-2025.jsonl",
...                       as_of="2026-01-01T00:00:00+08:00", year=2025)  # doctest: +SKIP
>>> report.statement().groupby("kind")["amount"].sum()  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from typing import Any, Union

import pandas as pd

from . import _native
from ._calendar import Calendar
from ._events import frame_to_jsonl, records_to_jsonl
from ._native import CalendarError, ContractError, EventsError, SlaError
from ._report import (
    AVAILABILITY_COLUMNS,
    DISPUTE_COLUMNS,
    NOTICE_COLUMNS,
    REJECTED_COLUMNS,
    STATEMENT_COLUMNS,
    VERDICT_COLUMNS,
    Dispute,
    Report,
)

__all__ = [
    "AVAILABILITY_COLUMNS",
    "DISPUTE_COLUMNS",
    "NOTICE_COLUMNS",
    "REJECTED_COLUMNS",
    "STATEMENT_COLUMNS",
    "VERDICT_COLUMNS",
    "Calendar",
    "CalendarError",
    "Contract",
    "ContractError",
    "Dispute",
    "Events",
    "EventsError",
    "Report",
    "SlaError",
    "diff",
    "evaluate",
]

__version__ = "0.1.0"


class Contract:
    """The terms of one maintenance contract, with its calendar built, ready to judge.

    >>> c = Contract.seed().with_settings({"Q2": "wall"})
    >>> c.settings["work_clock"]
    'wall'
    """

    __slots__ = ("_native",)

    def __init__(self, native: _native.Contract) -> None:
        """Wraps a native contract; use :meth:`seed` or :meth:`from_toml`."""
        self._native = native

    @classmethod
    def seed(cls) -> Contract:
        """The seed contract (``sla contract show seed``): the received text's placeholders as
        figures, every open question read the seed's way, an illustrative penalty schedule."""
        return cls(_native.Contract.seed())

    @classmethod
    def from_toml(cls, text: str, name: str = "contract.toml") -> Contract:
        """A contract from the text of a contract file (the shape :meth:`to_toml` writes).

        Nothing else is read: the contract's ``calendar`` must be a preset (``cn-standard``,
        ``24x7``); a calendar file is refused. ``name`` names the text in errors
        (``contract.toml:41:9: invalid limit ...``). Raises :class:`ContractError`."""
        return cls(_native.Contract.from_toml(text, name))

    def to_toml(self) -> str:
        """The contract as an editable TOML file; each setting carries its question number."""
        return self._native.to_toml()

    def with_settings(self, settings: Mapping[str, str]) -> Contract:
        """The same contract with settings changed, by question (``Q2``) or name
        (``work_clock``): ``{"Q2": "wall", "boundary": "exclusive"}``. The calendar is rebuilt
        (Q11 changes it). Raises :class:`ContractError` naming the setting."""
        pairs = [(str(k), str(v)) for k, v in settings.items()]
        return Contract(self._native.with_settings(pairs))

    @property
    def settings(self) -> dict:
        """Every setting by name (``work_clock``) with its value (``business``)."""
        return {name: value for name, _, value in self._native.settings()}

    @property
    def questions(self) -> dict:
        """The numbered questions (``Q1``-``Q11``) with their values."""
        return {q: value for _, q, value in self._native.settings() if q}

    @property
    def name(self) -> str:
        """The contract's name (``seed``)."""
        return self._native.name

    @property
    def calendar(self) -> Calendar:
        """The contract's calendar (with Q11 applied)."""
        return Calendar(self._native.calendar)

    def __repr__(self) -> str:
        return repr(self._native)


Events = Union[str, "os.PathLike[str]", bytes, pd.DataFrame, Iterable[Mapping[str, Any]]]
"""Events: a file path (``.jsonl``, or ``.csv`` read as CSV), JSON Lines as bytes, a pandas
DataFrame whose columns are the event fields, or a list of dicts of event fields."""

Year = Union[int, tuple[int, int], str]
"""Years to report availability for: ``2025``, ``(2024, 2025)`` or ``"2024-2025"``."""

InstantText = Union[str, _dt.datetime, int]
"""An instant: RFC 3339 with an offset, an aware datetime, or Unix seconds."""


def _instant_text(value: InstantText | None, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return pd.Timestamp(value, unit="s", tz="UTC").isoformat()
    raise TypeError(f"{what}: expected RFC 3339 text, an aware datetime or Unix seconds")


def _years(year: Year | None) -> tuple[int, int] | None:
    if year is None:
        return None
    if isinstance(year, bool):
        raise TypeError("year: expected YEAR, (FIRST, LAST) or 'FIRST-LAST'")
    if isinstance(year, int):
        return (year, year)
    if isinstance(year, str):
        first, _, last = year.partition("-")
        try:
            return (int(first.strip()), int((last or first).strip()))
        except ValueError:
            raise SlaError(f"year {year!r}: expected YEAR or YEAR-YEAR") from None
    first_year, last_year = year
    return (int(first_year), int(last_year))


def evaluate(
    contract: Contract,
    events: Events,
    as_of: InstantText | None = None,
    year: Year | None = None,
    *,
    window: tuple[InstantText, InstantText] | None = None,
    name: str | None = None,
    format: str | None = None,
) -> Report:
    """Judges ``events`` under ``contract``, as ``sla evaluate`` does.

    ``events``: a path (read as the CLI reads ``--events``: the format as its extension says,
    ``.jsonl``/``.ndjson``/``.json`` or ``.csv`` in any case, or ``format``; the path as given
    names it in messages), a pandas DataFrame (one event per row, in
    row order; columns are the event fields; a missing cell leaves its field out; aware
    timestamps are written with their offset), a list of dicts, or bytes of JSON Lines (or CSV
    with ``format="csv"``). Rows become the JSON Lines the library reads, so every check and
    message is the library's: a DataFrame's N-th row is line N of ``<dataframe>`` (``name``
    renames it), a list's of ``<events>``. A line that is not a valid event is listed in
    :meth:`Report.rejected`; the others are still judged.

    ``as_of``: the instant to judge at (default: the latest event, a far-off outlier aside);
    ``year``: the years to report availability for (default: from the first event to ``as_of``,
    at most ten); ``window``: another span to report availability over, for information.

    Raises :class:`EventsError` if the input cannot be read at all (a missing file, another
    format), :class:`SlaError` for a bad ``as_of``, ``year`` or ``window``, or, as the CLI does,
    when no event was accepted and no ``as_of`` was given, or ``year`` lies outside the log and
    ``as_of``."""
    if not isinstance(contract, Contract):
        raise TypeError(f"contract: expected a Contract, got {type(contract).__name__}")
    as_of_text = _instant_text(as_of, "as_of")
    years = _years(year)
    span = None
    if window is not None:
        start, end = _instant_text(window[0], "window"), _instant_text(window[1], "window")
        if start is None or end is None:
            raise TypeError("window: expected (FROM, TO), both instants")
        span = (start, end)
    native = contract._native
    if isinstance(events, (str, os.PathLike)):
        path = os.fspath(events)
        return Report(_native.evaluate_file(native, path, format, as_of_text, years, span))
    if isinstance(events, (bytes, bytearray, memoryview)):
        data, default = bytes(events), "<events>"
        format = format or "jsonl"
    elif isinstance(events, pd.DataFrame):
        data, default = frame_to_jsonl(events), "<dataframe>"
        format = "jsonl"
    else:
        data, default = records_to_jsonl(events), "<events>"
        format = "jsonl"
    return Report(
        _native.evaluate_bytes(native, data, name or default, format, as_of_text, years, span)
    )


def diff(report_a: Report, report_b: Report) -> Dispute:
    """The dispute view (``sla diff``): the same events judged under two contracts or two
    readings, only the verdicts that differ, and the money.

    >>> c, at = Contract.seed(), "2025-06-30T00:00:00+08:00"
    >>> a = evaluate(c, [], as_of=at)
    >>> diff(a, evaluate(c.with_settings({"Q2": "wall"}), [], as_of=at)).breaches
    (0, 0)
    """
    return Dispute(_native.diff(report_a._native, report_b._native), report_b.zone)
