"""Events from Python values as the JSON Lines the library reads: one line per event, so that
every check and message (file, line, id) is the library's own."""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd


def _missing(value: Any) -> bool:
    """A cell that says nothing: the field is left out of the event (as a JSON object would)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (np.datetime64, np.timedelta64)):
        return bool(np.isnat(value))
    if isinstance(value, np.floating):
        return bool(np.isnan(value))
    return False


def _plain(value: Any) -> Any:
    """A value as JSON: instants as RFC 3339 (an aware instant keeps its offset; a naive one is
    written without, and the library refuses it with its own message)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).isoformat()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _line(fields: Mapping[str, Any]) -> str:
    obj = {str(k): _plain(v) for k, v in fields.items() if not _missing(v)}
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def records_to_jsonl(records: Iterable[Mapping[str, Any]]) -> bytes:
    """One JSON line per record (line N is the N-th record); missing values are left out."""
    lines: list[str] = []
    for i, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise TypeError(
                f"event {i}: expected a dict of event fields, got {type(record).__name__}"
            )
        lines.append(_line(record))
    return ("\n".join(lines) + "\n").encode() if lines else b""


def frame_to_jsonl(frame: pd.DataFrame, drop: Iterable[str] | None = None) -> bytes:
    """One JSON line per row, in row order (line N is the N-th row, whatever the index); the
    columns are the event fields, and a missing cell leaves its field out."""
    dropped = set(drop or ())
    columns = [c for c in frame.columns if c not in dropped]
    if frame.columns.duplicated().any():
        raise ValueError("the events DataFrame has duplicate column names")
    parts = []
    for column in columns:
        key = json.dumps(str(column), ensure_ascii=False) + ":"
        parts.append(
            [
                None if _missing(v) else key + json.dumps(_plain(v), ensure_ascii=False)
                for v in frame[column].tolist()
            ]
        )
    lines = ["{" + ",".join(p for p in row if p is not None) + "}" for row in zip(*parts)]
    if not columns:
        lines = ["{}"] * len(frame)
    return ("\n".join(lines) + "\n").encode() if lines else b""
