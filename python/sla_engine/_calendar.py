"""Business calendars: ``add`` and ``between`` on scalars and on numpy arrays."""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Any, Literal, Union, overload

import numpy as np

from . import _native
from ._native import CalendarError, SlaError

Errors = Literal["raise", "mask"]
"""What an array query does with an element it cannot answer: raise, or mask it."""

Instant = Union[int, _dt.datetime, np.datetime64]
"""A scalar instant: Unix seconds, an aware ``datetime`` (or pandas ``Timestamp``), or a
``numpy.datetime64``."""

Seconds = Union[int, _dt.timedelta, np.timedelta64]
"""A scalar business duration: seconds, or a whole-second ``timedelta``."""

_NAT = np.iinfo(np.int64).min


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> _dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _second_of(value: Any) -> int:
    """Unix seconds of a scalar instant, read as the library reads event timestamps."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"expected an instant, got {value!r}")
    if isinstance(value, np.timedelta64):
        raise TypeError(f"expected an instant, got the duration {value!r}")
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, _dt.datetime):
        # The library's own reader decides: no offset, or a fraction of a second, is refused
        # with the message an event file would get.
        return _native.parse_instant(value.isoformat())
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            raise SlaError("NaT is not an instant")
        seconds = value.astype("datetime64[s]")
        if seconds != value:
            raise SlaError(f"instant {value} has a fraction of a second")
        return int(seconds.astype(np.int64))
    raise TypeError(
        f"expected Unix seconds, an aware datetime or a numpy.datetime64, got {type(value).__name__}"
    )


def _seconds_of(value: Any) -> int:
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"expected a duration, got {value!r}")
    # numpy's timedelta64 is an integer type too: look at it first.
    if isinstance(value, np.timedelta64):
        if np.isnat(value):
            raise SlaError("NaT is not a duration")
        seconds = value.astype("timedelta64[s]")
        if seconds != value:
            raise SlaError(f"duration {value} has a fraction of a second")
        return int(seconds.astype(np.int64))
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, _dt.timedelta):
        if value.microseconds:
            raise SlaError(f"duration {value} has a fraction of a second")
        return value.days * 86_400 + value.seconds
    raise TypeError(
        f"expected seconds, a timedelta or a numpy.timedelta64, got {type(value).__name__}"
    )


def _is_array(value: Any) -> bool:
    return isinstance(value, (np.ndarray, list, tuple))


def _whole_seconds(array: np.ndarray, kind: str) -> np.ndarray:
    """``datetime64``/``timedelta64`` of any unit as ``int64`` seconds (a view for unit ``s``);
    an element with a fraction of a second is refused, naming its index."""
    unit, _ = np.datetime_data(array.dtype)
    target = np.dtype("datetime64[s]" if array.dtype.kind == "M" else "timedelta64[s]")
    if array.dtype == target:
        return array.view(np.int64)
    seconds = array.astype(target)
    if unit in ("ms", "us", "ns", "ps", "fs", "as"):
        lost = (seconds.astype(array.dtype) != array) & ~np.isnat(array)
        if lost.any():
            index = int(np.flatnonzero(lost.ravel())[0])
            err = CalendarError(
                f"element {index}: {kind} {array.ravel()[index]} has a fraction of a second"
            )
            err.index, err.year = index, None
            raise err
    return seconds.view(np.int64)


def _operand(value: Any, instants: bool) -> tuple[np.ndarray, bool]:
    """An operand as an ``int64`` array of seconds, and whether it is a time type (a datetime
    or ``datetime64`` instant, or a ``timedelta64`` duration)."""
    if not isinstance(value, np.ndarray):
        scalar = _second_of(value) if instants else _seconds_of(value)
        timed = isinstance(value, (_dt.datetime, _dt.timedelta, np.datetime64, np.timedelta64))
        return np.array([scalar], dtype=np.int64), timed
    kind = value.dtype.kind
    if kind in "mM":
        if instants != (kind == "M"):
            expected = "datetime64 instants" if instants else "int64 or timedelta64 seconds"
            raise TypeError(f"expected {expected}, got an array of {value.dtype}")
        return _whole_seconds(value, "instant" if instants else "duration"), True
    if kind in "iu":
        return value.astype(np.int64, copy=False), False
    raise TypeError(f"expected an int64 or datetime64 array, got an array of {value.dtype}")


class Calendar:
    """A business calendar: weekly hours, statutory days off and adjusted working days, in a zone.

    Build one with :meth:`preset` or :meth:`from_toml`. Queries are exact to the second, on
    Unix seconds, aware datetimes, or numpy arrays (``int64`` seconds or ``datetime64``); an
    array is answered in one call into the engine, with the GIL released.

    >>> cal = Calendar.preset("cn-standard")
    >>> cal.add(_dt.datetime.fromisoformat("2025-01-27T17:00:00+08:00"), 8 * 3600).isoformat()
    '2025-02-05T16:00:00+08:00'
    """

    __slots__ = ("_native",)

    def __init__(self, native: _native.Calendar) -> None:
        """Wraps a compiled calendar; use :meth:`preset` or :meth:`from_toml`."""
        self._native = native

    @classmethod
    def preset(cls, name: str) -> Calendar:
        """A shipped calendar: ``cn-standard`` (Asia/Shanghai, Monday-Friday 09:00-18:00, China's
        statutory days 2004-2026) or ``24x7``.

        Raises :class:`CalendarError` for another name."""
        return cls(_native.Calendar.preset(name))

    @classmethod
    def from_toml(cls, text: str, name: str = "calendar.toml") -> Calendar:
        """A calendar from the text of a calendar file (see the README's "Calendars").

        Nothing else is read: ``statutory_files`` and ``ics_files`` are refused; ``statutory =
        "cn"`` (shipped data) works. ``name`` names the text in errors
        (``calendar.toml:3:7: ...``). Raises :class:`CalendarError`."""
        return cls(_native.Calendar.from_toml(text, name))

    @property
    def name(self) -> str:
        """The calendar's name (the preset's, the file's ``name``, or the ``name`` given)."""
        return self._native.name

    @property
    def zone(self) -> str:
        """The IANA time zone business hours are in, e.g. ``Asia/Shanghai``."""
        return self._native.zone

    @property
    def years(self) -> tuple[int, int] | None:
        """The first and last year the calendar answers for; ``None`` answers for any year."""
        return self._native.years

    def __repr__(self) -> str:
        return repr(self._native)

    # -- scalars -----------------------------------------------------------------------------

    def _instant_like(self, seconds: int, like: Any) -> Any:
        if isinstance(like, _dt.datetime):
            try:
                import pandas as pd

                if isinstance(like, pd.Timestamp):
                    return pd.Timestamp(seconds, unit="s", tz=self.zone)
            except ImportError:  # pragma: no cover - pandas is a dependency
                pass
            return _dt.datetime.fromtimestamp(seconds, _zone(self.zone))
        if isinstance(like, np.datetime64):
            return np.datetime64(seconds, "s")
        return seconds

    # -- the queries -------------------------------------------------------------------------

    @overload
    def add(
        self,
        start: int,
        seconds: Seconds,
        *,
        errors: Literal["raise"] = ...,
        threads: int | None = ...,
    ) -> int: ...
    @overload
    def add(
        self,
        start: _dt.datetime,
        seconds: Seconds,
        *,
        errors: Literal["raise"] = ...,
        threads: int | None = ...,
    ) -> _dt.datetime: ...
    @overload
    def add(
        self,
        start: np.datetime64,
        seconds: Seconds,
        *,
        errors: Literal["raise"] = ...,
        threads: int | None = ...,
    ) -> np.datetime64: ...
    @overload
    def add(
        self,
        start: np.ndarray,
        seconds: Seconds | np.ndarray,
        *,
        errors: Literal["raise"] = ...,
        threads: int | None = ...,
    ) -> np.ndarray: ...
    @overload
    def add(
        self,
        start: Instant,
        seconds: Seconds | np.ndarray,
        *,
        errors: Literal["mask"],
        threads: int | None = ...,
    ) -> Any: ...
    @overload
    def add(
        self,
        start: np.ndarray,
        seconds: Seconds | np.ndarray,
        *,
        errors: Literal["mask"],
        threads: int | None = ...,
    ) -> np.ma.MaskedArray[Any, Any]: ...

    def add(
        self, start: Any, seconds: Any, *, errors: Errors = "raise", threads: int | None = None
    ) -> Any:
        """The instant ``seconds`` of business time after ``start`` (before it, if negative).

        A duration that ends exactly at a closing time ends there; from closed time, a positive
        duration starts counting at the next opening. ``start`` is Unix seconds, an aware
        datetime, a ``numpy.datetime64``, or an array of either (``int64`` or ``datetime64``);
        ``seconds`` is an int, a whole-second ``timedelta``, or an array (``int64`` or
        ``timedelta64``). A scalar answers in kind (an aware datetime in the calendar's zone for a
        datetime); arrays answer as an array of the start's kind and the operands' shape (one of
        them may be a scalar).

        Raises :class:`CalendarError` for an instant in a year the calendar does not cover
        (``no calendar data for 2027: ...``); for an array, the first such element, with
        ``index`` and ``year`` on the exception. With ``errors="mask"``, an array query returns a
        ``numpy.ma.MaskedArray`` whose refused elements are masked, and a scalar query ``None``.

        An array of 65 536 elements or more is split over ``threads`` threads (default: every
        core); pass ``threads=1`` where the cores are already busy (a Spark task).
        """
        return self._query("add", start, seconds, errors, threads)

    @overload
    def between(
        self,
        start: Instant,
        end: Instant,
        *,
        errors: Literal["raise"] = ...,
        threads: int | None = ...,
    ) -> int: ...
    @overload
    def between(
        self,
        start: Instant | np.ndarray,
        end: Instant | np.ndarray,
        *,
        errors: Literal["raise"] = ...,
        threads: int | None = ...,
    ) -> Any: ...
    @overload
    def between(
        self,
        start: Instant | np.ndarray,
        end: Instant | np.ndarray,
        *,
        errors: Literal["mask"],
        threads: int | None = ...,
    ) -> Any: ...

    def between(
        self, start: Any, end: Any, *, errors: Errors = "raise", threads: int | None = None
    ) -> Any:
        """Business seconds from ``start`` to ``end`` (negative if ``end`` is earlier).

        Operands as for :meth:`add`; the answer is an ``int``, or an ``int64`` array if either
        operand is an array. Errors and ``threads`` as for :meth:`add`."""
        return self._query("between", start, end, errors, threads)

    def _query(self, op: str, a: Any, b: Any, errors: Errors, threads: int | None) -> Any:
        if errors not in ("raise", "mask"):
            raise ValueError(f"errors={errors!r}: expected 'raise' or 'mask'")
        if isinstance(a, (list, tuple)):
            a = np.asarray(a)
        if isinstance(b, (list, tuple)):
            b = np.asarray(b)
        a_is_array, b_is_array = isinstance(a, np.ndarray), isinstance(b, np.ndarray)
        if not a_is_array and not b_is_array:
            try:
                x = _second_of(a)
                if op == "add":
                    return self._instant_like(self._native.add_one(x, _seconds_of(b)), a)
                return self._native.between_one(x, _second_of(b))
            except SlaError:
                if errors == "mask":
                    return None
                raise
        return self._arrays(op, a, b, errors, threads)

    def _arrays(self, op: str, a: Any, b: Any, errors: Errors, threads: int | None) -> Any:
        a_shape = a.shape if isinstance(a, np.ndarray) else ()
        b_shape = b.shape if isinstance(b, np.ndarray) else ()
        shape = np.broadcast_shapes(a_shape, b_shape)
        xa, a_timed = _operand(a, True)
        xb, _b_timed = _operand(b, op == "between")
        size = int(np.prod(shape, dtype=np.int64))
        # The engine broadcasts a length-1 operand itself; other broadcasts are spelt out.
        if xa.size not in (1, size):
            xa = np.broadcast_to(xa.reshape(a_shape), shape)
        if xb.size not in (1, size):
            xb = np.broadcast_to(xb.reshape(b_shape), shape)
        xa = np.ascontiguousarray(xa).reshape(-1)
        xb = np.ascontiguousarray(xb).reshape(-1)
        # NaT is numpy's smallest int64: only time-typed arrays can hold it.
        nat = any(isinstance(x, np.ndarray) and x.dtype.kind in "mM" for x in (a, b))
        datetimes = op == "add" and a_timed
        mask = errors == "mask"
        run = self._native.add_many if op == "add" else self._native.between_many
        fill = _NAT if datetimes else 0
        values, masked = run(xa, xb, nat=nat, mask=mask, fill=fill, threads=threads)
        values = values.reshape(shape)
        if datetimes:
            values = values.view("datetime64[s]")
        if masked is not None:
            return np.ma.MaskedArray(values, mask=masked.reshape(shape))
        return values
