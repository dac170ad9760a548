"""A generated portfolio: contracts with different figures, settings and calendars, and for each
a slice of the example year (whole incidents and changes, some months of outages and backups),
written in different UTC offsets. Shared by the tests and the bench."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import defaultdict
from pathlib import Path

import sla_engine as sla

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "kanban-2025.jsonl"
AS_OF = "2026-01-01T00:00:00+08:00"

# Every reading of every open question (README, "Contracts").
READINGS = {
    "response_clock": ["wall", "business"],
    "work_clock": ["business", "wall", "wall_for_high"],
    "next_working_day": ["end_of_next_working_day", "one_working_day_of_business_time"],
    "priority_change": ["from_report", "from_change"],
    "customer_wait": ["pauses", "does_not_pause"],
    "platform": ["union_of_components", "each_component"],
    "availability_time": ["all_seconds", "service_hours"],
    "maintenance": ["excused_if_noticed", "always_counts"],
    "notice_counting": ["as_written", "working_days", "whole_days"],
    "boundary": ["inclusive", "exclusive"],
    "reopen": ["resumes", "first_resolution_counts"],
}

OFFSETS = [
    None,  # as written (+08:00)
    dt.timezone.utc,
    dt.timezone(dt.timedelta(hours=5, minutes=30)),
    dt.timezone(dt.timedelta(hours=-4)),
]


def _scale_duration(match: re.Match[str], factor: float) -> str:
    value, unit = int(match.group(2)), match.group(3)
    return f'{match.group(1)}"{max(1, round(value * factor))}{unit}"'


def contract_text(i: int, rng: random.Random) -> str:
    """The seed contract with the figures, settings and calendar of contract number ``i``."""
    text = sla.Contract.seed().to_toml()
    text = text.replace('name = "seed"', f'name = "c{i:03d}"', 1)
    if i % 3 == 1:
        text = text.replace('calendar = "cn-standard"', 'calendar = "24x7"', 1)
    for key, values in READINGS.items():
        text = re.sub(
            rf'^{key} = "[a-z_]+"', f'{key} = "{rng.choice(values)}"', text, flags=re.MULTILINE
        )
    factor = rng.choice([0.5, 1.0, 1.0, 2.0, 3.0])
    text = re.sub(r'(limit = )"(\d+)([hm])"', lambda m: _scale_duration(m, factor), text)
    target = rng.choice(["99.0", "99.5", "99.5", "99.9"])
    text = text.replace('target_percent = "99.5"', f'target_percent = "{target}"')
    text = text.replace(
        'annual_fee = "480000.00"', f'annual_fee = "{rng.randrange(1, 20) * 60000}.00"'
    )
    money = rng.choice(["0.5", "1", "1.25", "2"])
    text = re.sub(
        r'^(amount|per_started_hour) = "(\d+)\.00"',
        lambda m: f'{m.group(1)} = "{(float(m.group(2)) * float(money)):.2f}"',
        text,
        flags=re.MULTILINE,
    )
    return text


def _shift(line: dict[str, object], tz: dt.tzinfo | None) -> dict[str, object]:
    if tz is None:
        return line
    out = dict(line)
    for key in ("at", "from", "to"):
        if isinstance(out.get(key), str):
            out[key] = dt.datetime.fromisoformat(str(out[key])).astimezone(tz).isoformat()
    return out


def example_lines() -> list[dict[str, object]]:
    return [json.loads(line) for line in EXAMPLE.read_text().splitlines() if line.strip()]


def contract_events(
    lines: list[dict[str, object]], rng: random.Random, incidents: int
) -> list[dict[str, object]]:
    """Whole incidents and changes, a few months of outages, backups: in file order."""
    by_incident: dict[object, int] = defaultdict(int)
    for line in lines:
        if "incident" in line:
            by_incident[line["incident"]] += 1
    ids = sorted(by_incident, key=str)
    chosen = set(rng.sample(ids, min(incidents, len(ids))))
    changes = sorted({str(line["change"]) for line in lines if "change" in line})
    chosen_changes = set(rng.sample(changes, max(1, len(changes) // 3)))
    months = set(rng.sample(range(1, 13), 3))
    tz = rng.choice(OFFSETS)
    out = []
    for line in lines:
        if "incident" in line:
            keep = line["incident"] in chosen
        elif "change" in line:
            keep = line["change"] in chosen_changes
        else:
            stamp = str(line.get("at") or line.get("from"))
            keep = int(stamp[5:7]) in months
        if keep:
            out.append(_shift(line, tz))
    return out


def portfolio(n: int, seed: int = 13, incidents: int = 25):
    """``n`` contracts (id → TOML text) and their events (dicts with a ``contract`` key)."""
    rng = random.Random(seed)
    lines = example_lines()
    contracts: dict[str, str] = {}
    events: list[dict[str, object]] = []
    for i in range(n):
        cid = f"c{i:03d}"
        contracts[cid] = contract_text(i, rng)
        events.extend({"contract": cid, **e} for e in contract_events(lines, rng, incidents))
    return contracts, events


def event_fields(events: list[dict[str, object]]) -> list[str]:
    seen: dict[str, None] = {}
    for e in events:
        for k in e:
            seen.setdefault(k, None)
    return list(seen)
