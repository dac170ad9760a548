"""Calendar.add / between on scalars and numpy arrays, against `sla time batch` on random
queries, uncovered years included."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import run_sla

import sla_engine as sla

OFFICE = """\
zone = "America/New_York"
years = [2024, 2026]
[hours]
mon = ["09:00-12:00", "13:00-17:00"]
tue = ["09:00-17:00"]
wed = ["09:00-17:00"]
thu = ["09:00-17:00"]
fri = ["09:00-17:00"]
sun = ["22:00-06:00"]
[[day]]
date = "2025-07-04"
closed = true
[[day]]
date = "2025-12-24"
hours = ["09:00-12:00"]
"""

CALENDARS = {
    # name: (spec for the CLI, first and last year queried)
    "cn-standard": ("cn-standard", 2002, 2028),
    "24x7": ("24x7", 1990, 2030),
    "office": ("office.toml", 2023, 2027),
}


def _calendar(name: str) -> sla.Calendar:
    if name == "office":
        return sla.Calendar.from_toml(OFFICE, name="office.toml")
    return sla.Calendar.preset(name)


def _queries(seed: int, first: int, last: int, n: int = 1500) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    lo = int(dt.datetime(first, 1, 1, tzinfo=dt.timezone.utc).timestamp())
    hi = int(dt.datetime(last, 12, 31, tzinfo=dt.timezone.utc).timestamp())
    starts = rng.integers(lo, hi, n)
    # A third on whole quarter hours, where openings and closings fall.
    starts[: n // 3] -= starts[: n // 3] % 900
    seconds = rng.integers(-400 * 3600, 400 * 3600, n)
    seconds[: n // 4] = rng.integers(0, 9, n // 4) * 3600
    seconds[n // 4 : n // 4 + 20] = 0
    ends = starts + rng.integers(-60 * 86400, 60 * 86400, n)
    return starts, seconds, ends


def _rfc3339(t: int) -> str:
    return dt.datetime.fromtimestamp(int(t), dt.timezone.utc).isoformat()


def _batch(sla_bin: Path, cwd: Path, spec: str, lines: list[dict]) -> list[dict]:
    stdin = "".join(json.dumps(line) + "\n" for line in lines).encode()
    out = run_sla(sla_bin, ["time", "batch", "--calendar", spec], cwd, stdin)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.decode().splitlines()]


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_arrays_and_scalars_agree_with_sla_time_batch(name: str, sla_bin: Path, tmp_path: Path):
    spec, first, last = CALENDARS[name]
    (tmp_path / "office.toml").write_text(OFFICE)
    cal = _calendar(name)
    starts, seconds, ends = _queries(len(name), first, last)
    adds = _batch(sla_bin, tmp_path, spec, [
        {"op": "add", "from": _rfc3339(s), "seconds": int(d)} for s, d in zip(starts, seconds)
    ])  # fmt: skip
    betweens = _batch(sla_bin, tmp_path, spec, [
        {"op": "between", "from": _rfc3339(s), "to": _rfc3339(e)} for s, e in zip(starts, ends)
    ])  # fmt: skip

    added = cal.add(starts, seconds, errors="mask")
    added_dt = cal.add(starts.astype("datetime64[s]"), seconds, errors="mask")
    counted = cal.between(starts, ends, errors="mask")
    assert added.dtype == np.int64 and added_dt.dtype == np.dtype("datetime64[s]")
    add_masked, add_dt_masked = np.ma.getmaskarray(added), np.ma.getmaskarray(added_dt)
    between_masked = np.ma.getmaskarray(counted)
    errors = 0
    for i, (want_add, want_between) in enumerate(zip(adds, betweens)):
        if "ok" in want_add:
            t = int(dt.datetime.fromisoformat(want_add["ok"]).timestamp())
            assert added[i] == t and not add_masked[i]
            assert added_dt[i] == np.datetime64(t, "s")
            assert cal.add(int(starts[i]), int(seconds[i])) == t
        else:
            errors += 1
            assert add_masked[i] and add_dt_masked[i]
            with pytest.raises(sla.CalendarError) as e:
                cal.add(int(starts[i]), int(seconds[i]))
            assert str(e.value) == want_add["error"]
            assert cal.add(int(starts[i]), int(seconds[i]), errors="mask") is None
        if "ok" in want_between:
            assert counted[i] == want_between["ok"] and not between_masked[i]
            assert cal.between(int(starts[i]), int(ends[i])) == want_between["ok"]
        else:
            assert between_masked[i]
            with pytest.raises(sla.CalendarError) as e:
                cal.between(int(starts[i]), int(ends[i]))
            assert str(e.value) == want_between["error"]
    if name != "24x7":
        assert errors > 0, "the queries should reach uncovered years"
        # Without errors="mask", the first refused element raises, naming its index and year.
        first_bad = int(np.flatnonzero(add_masked)[0])
        with pytest.raises(sla.CalendarError) as e:
            cal.add(starts, seconds)
        assert e.value.index == first_bad
        assert str(e.value) == f"element {first_bad}: {adds[first_bad]['error']}"
        assert str(e.value.year) in str(e.value) and "no calendar data for" in str(e.value)


def test_scalar_kinds_answer_in_kind():
    cal = sla.Calendar.preset("cn-standard")
    start = dt.datetime.fromisoformat("2025-01-27T17:00:00+08:00")
    due = cal.add(start, 8 * 3600)
    assert isinstance(due, dt.datetime) and due.isoformat() == "2025-02-05T16:00:00+08:00"
    assert cal.add(start, dt.timedelta(hours=8)) == due
    assert cal.add(int(start.timestamp()), 8 * 3600) == int(due.timestamp())
    assert cal.add(np.datetime64("2025-01-27T09:00:00"), 8 * 3600) == np.datetime64(
        "2025-02-05T08:00:00"
    )
    import pandas as pd

    stamp = cal.add(pd.Timestamp(start), 8 * 3600)
    assert isinstance(stamp, pd.Timestamp) and stamp == pd.Timestamp(due)
    assert cal.between(start, due) == 8 * 3600
    with pytest.raises(sla.SlaError, match="it has no UTC offset"):
        cal.add(dt.datetime(2025, 1, 27, 17), 60)
    with pytest.raises(sla.SlaError, match="fraction"):
        cal.add(start.replace(microsecond=5), 60)


def test_array_shapes_broadcast_and_time_units():
    cal = sla.Calendar.preset("cn-standard")
    starts = np.array(
        [["2025-01-27T09:00", "2025-03-07T09:00"], ["2025-10-01T10:00", "2025-09-30T17:59"]],
        dtype="datetime64[m]",
    )
    out = cal.add(starts, np.timedelta64(2, "h"))
    assert out.shape == (2, 2) and out.dtype == np.dtype("datetime64[s]")
    assert out[0, 1] == np.datetime64(
        "2025-03-10T02:00:00"
    )  # numpy is UTC: Friday 17:00+08 -> Monday 10:00+08
    counted = cal.between(starts, starts.astype("datetime64[s]") + np.int64(3 * 86400))
    assert counted.dtype == np.int64 and counted.shape == (2, 2)
    per_row = cal.add(starts, np.array([[3600], [7200]]))
    assert per_row.shape == (2, 2)
    assert per_row[1, 0] == cal.add(starts[1:, :1].astype("datetime64[s]"), 7200)[0, 0]
    assert cal.add(np.array([], dtype=np.int64), 5).shape == (0,)
    with pytest.raises(sla.CalendarError, match="element 1: instant .* fraction"):
        cal.add(np.array(["2025-01-27T09:00:00", "2025-01-27T09:00:00.5"], "datetime64[ms]"), 1)
    with pytest.raises(sla.CalendarError, match="element 0: NaT is not an instant"):
        cal.add(np.array(["NaT"], "datetime64[s]"), 1)
    masked = cal.add(np.array(["NaT", "2025-01-27T09:00"], "datetime64[s]"), 1, errors="mask")
    assert masked.mask.tolist() == [True, False]
    with pytest.raises(ValueError, match="shape mismatch|broadcast"):
        cal.add(np.zeros(3, dtype=np.int64), np.zeros(4, dtype=np.int64))
    with pytest.raises(TypeError):
        cal.add(np.zeros(3, dtype=np.float64), 5)


def test_calendar_errors_are_the_librarys():
    with pytest.raises(sla.CalendarError, match='unknown calendar preset "mars"'):
        sla.Calendar.preset("mars")
    with pytest.raises(sla.CalendarError, match="office.toml:.*25:00"):
        sla.Calendar.from_toml(OFFICE.replace("17:00", "25:00"), name="office.toml")
    with pytest.raises(sla.CalendarError, match="not allowed here"):
        sla.Calendar.from_toml('statutory_files = ["cn-2027.csv"]\n' + OFFICE)
    office = sla.Calendar.from_toml(OFFICE, name="office.toml")
    assert (office.zone, office.years) == ("America/New_York", (2024, 2026))


def test_large_arrays_on_several_threads_answer_as_one():
    cal = sla.Calendar.preset("cn-standard")
    rng = np.random.default_rng(11)
    starts = rng.integers(1_600_000_000, 1_800_000_000, 300_000)  # 2020 to 2027
    seconds = rng.integers(-50 * 3600, 50 * 3600, starts.size)
    one = cal.add(starts, seconds, errors="mask", threads=1)
    for threads in (2, 3, 7):
        many = cal.add(starts, seconds, errors="mask", threads=threads)
        assert np.array_equal(np.ma.getmaskarray(many), np.ma.getmaskarray(one))
        assert np.array_equal(many.filled(0), one.filled(0))
    first_bad = int(np.flatnonzero(np.ma.getmaskarray(one))[0])
    for threads in (1, 4):
        with pytest.raises(sla.CalendarError) as e:
            cal.add(starts, seconds, threads=threads)
        assert e.value.index == first_bad
    late = starts.copy()
    late[:-1], late[-1] = 1_750_000_000, 1_800_000_000  # only the last (2027) is refused
    with pytest.raises(sla.CalendarError, match=f"element {late.size - 1}: "):
        cal.add(late.astype("datetime64[s]") + np.timedelta64(0, "s"), 0, threads=4)
    assert np.array_equal(
        cal.between(starts, starts + 86_400, errors="mask", threads=3).filled(-1),
        cal.between(starts, starts + 86_400, errors="mask", threads=1).filled(-1),
    )
