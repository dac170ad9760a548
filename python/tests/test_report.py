"""evaluate, Report and diff against the `sla` command: the same bytes, the same messages."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from conftest import AS_OF, EXAMPLE, run_sla

import sla_engine as sla
from sla_engine import _report

EXAMPLE_ARGS = ["--events", str(EXAMPLE), "--as-of", AS_OF, "--year", "2025"]


@pytest.fixture(scope="module")
def seed_report() -> sla.Report:
    return sla.evaluate(sla.Contract.seed(), str(EXAMPLE), as_of=AS_OF, year=2025)


@pytest.fixture(scope="module")
def cli_json(sla_bin: Path) -> str:
    out = run_sla(sla_bin, ["evaluate", "--contract", "seed", *EXAMPLE_ARGS, "--format", "json"])
    assert out.returncode == 0, out.stderr
    return out.stdout.decode()


def test_example_year_json_is_the_clis_byte_for_byte(seed_report: sla.Report, cli_json: str):
    assert seed_report.to_json() == cli_json
    assert cli_json.endswith("}\n") and not cli_json.endswith("\n\n")


def test_example_year_markdown_and_csv_are_the_clis(seed_report: sla.Report, sla_bin: Path):
    md = run_sla(sla_bin, ["evaluate", "--contract", "seed", *EXAMPLE_ARGS])
    assert seed_report.to_markdown() == md.stdout.decode()
    csv = run_sla(sla_bin, ["evaluate", "--contract", "seed", *EXAMPLE_ARGS, "--format", "csv"])
    assert seed_report.statement_csv() == csv.stdout.decode()


def test_events_as_dataframe_and_list_give_the_files_verdicts(seed_report: sla.Report):
    records = [json.loads(line) for line in EXAMPLE.read_text().splitlines() if line.strip()]
    frame = pd.DataFrame(records)
    # Aware timestamps are written with their offset: the same instants, another zone.
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    from_frame = sla.evaluate(sla.Contract.seed(), frame, as_of=AS_OF, year=2025)
    from_list = sla.evaluate(sla.Contract.seed(), records, as_of=AS_OF, year=2025)
    for report in (from_frame, from_list):
        assert report.events_accepted == seed_report.events_accepted
        pd.testing.assert_frame_equal(report.verdicts(), seed_report.verdicts())
        pd.testing.assert_frame_equal(report.statement(), seed_report.statement())
        pd.testing.assert_frame_equal(report.availability(), seed_report.availability())
        pd.testing.assert_frame_equal(report.notices(), seed_report.notices())


def test_verdict_dtypes_and_values(seed_report: sla.Report):
    v = seed_report.verdicts()
    assert list(v.columns) == [c for c, _ in sla.VERDICT_COLUMNS]
    assert str(v["reported_at"].dtype) == "datetime64[ns, Asia/Shanghai]"
    assert str(v["deadline"].dtype) == "datetime64[ns, Asia/Shanghai]"
    assert v["used_seconds"].dtype == "int64" and v["limit_seconds"].dtype == "int64"
    assert str(v["late_wall_seconds"].dtype) == "Int64"
    assert str(v["target"].dtype) == "string" and str(v["outside_service_hours"].dtype) == "boolean"
    first = v.iloc[0]
    assert (first["incident"], first["target"], first["outcome"]) == (
        "INC-2025-0001",
        "response-urgent",
        "met",
    )
    assert first["deadline"] == pd.Timestamp("2025-01-01T01:12:07+08:00")
    assert (first["used_seconds"], first["margin_seconds"]) == (90, 3510)
    assert (
        v["outcome"].value_counts()["breached"] == seed_report.to_dict()["target_tally"]["breached"]
    )


def test_statement_is_exact_and_adds_up(seed_report: sla.Report):
    s = seed_report.statement()
    assert list(s.columns) == [c for c, _ in sla.STATEMENT_COLUMNS]
    assert all(isinstance(a, Decimal) for a in s["amount"])
    assert s.attrs["total"] == Decimal("29150.00") and s.attrs["currency"] == "CNY"
    assert sum(s["amount"], Decimal(0)) == s.attrs["total"]
    assert s.loc[0, "amount"] == Decimal("600.00") and s.loc[0, "rate"] == Decimal("50.00")
    first = s.iloc[0].to_dict()
    fixed, rate, quantity, amount = (first[k] for k in ("fixed", "rate", "quantity", "amount"))
    assert fixed + rate * quantity == amount  # a charge line is exact
    assert (s.loc[0, "line"], s.loc[0, "incident"], s.loc[0, "unit"]) == (
        1,
        "INC-2025-0004",
        "started_hour",
    )
    by_kind = s.groupby("kind")["amount"].sum()
    assert sum(by_kind, Decimal(0)) == s.attrs["total"]


def test_availability_and_notices_tables(seed_report: sla.Report):
    doc = seed_report.to_dict()
    a = seed_report.availability()
    platform = a[(a["scope"] == "platform") & a["judged"]].iloc[0]
    assert platform["availability"] == Fraction(31395969, 31536000)
    assert platform["availability_percent"] == Decimal("99.555")
    assert platform["downtime_seconds"] == 140031
    excused = {e["reason"]: e["seconds"] for e in doc["availability"][0]["excused"]}
    assert platform["excused"] == excused and platform["excused_seconds"] == sum(excused.values())
    reasons = {reason for reason, _, _ in platform["excused_intervals"]}
    assert reasons == set(excused)
    assert platform["downtime"][0][0] == pd.Timestamp("2025-01-01T00:00:00+08:00")
    assert str(platform["downtime"][0][0].tz) == "Asia/Shanghai"
    n = seed_report.notices()
    assert list(n.columns) == [c for c, _ in sla.NOTICE_COLUMNS]
    assert n.loc[0, "announced_to"] == pd.Timestamp("2025-01-12T02:00:00+08:00")
    assert n.loc[0, "performed_to"] == pd.Timestamp("2025-01-12T01:50:00+08:00")
    assert n["performed"].dtype == bool and n["performed"].iloc[0]


def test_json_fields_are_those_the_tables_read(seed_report: sla.Report):
    """The report's JSON has exactly the fields the tables know: a field added on the library's
    side shows here first, to be given a column (or left to to_dict) on purpose."""
    doc = seed_report.to_dict()
    assert set(doc) == _report.REPORT_FIELDS
    for inc in doc["incidents"]:
        assert set(inc) == _report.INCIDENT_FIELDS
        for v in inc["verdicts"]:
            assert set(v) <= _report.VERDICT_FIELDS
            assert _report.VERDICT_FIELDS - set(v) <= {"superseded"}
    for a in doc["availability"]:
        assert set(a) == _report.AVAILABILITY_FIELDS
        for e in a["excused"]:
            assert set(e) == _report.EXCUSED_FIELDS
        for span in a["downtime"]:
            assert set(span) == _report.SPAN_FIELDS
    for n in doc["notices"]:
        assert set(n) == _report.NOTICE_FIELDS
        assert set(n["window"]) == _report.SPAN_FIELDS
    assert set(doc["penalties"]) == _report.STATEMENT_FIELDS
    for line in doc["penalties"]["lines"]:
        assert set(line) == _report.LINE_FIELDS
    assert set(doc["rejected"]) == _report.REJECTED_FIELDS


BAD_EVENTS: list[dict[str, object]] = [
    {"at": "2025-03-04T10:15:00+08:00", "incident": "INC-17", "event": "reported",
     "class": "outage", "priority": "high"},
    {"at": "2025-03-04T10:20:00", "incident": "INC-17", "event": "responded"},
    {"at": "2025-03-04T10:20:00+08:00", "incident": "INC-18", "event": "responded"},
    {"at": dt.datetime(2025, 3, 4, 11, tzinfo=dt.timezone(dt.timedelta(hours=8))),
     "incident": "INC-17", "event": "resolved"},
]  # fmt: skip


def test_rejected_lines_name_file_line_and_id(tmp_path: Path, sla_bin: Path):
    report = sla.evaluate(sla.Contract.seed(), pd.DataFrame(BAD_EVENTS), name="tickets")
    r = report.rejected()
    assert list(r.columns) == [c for c, _ in sla.REJECTED_COLUMNS]
    assert r.attrs["total"] == 2 and r.attrs["not_listed"] == {}
    assert r["line"].tolist() == [2, 3]
    assert r["error"].tolist() == ["bad_field", "not_reported"]
    assert r["subject_id"].tolist() == ["INC-17", "INC-18"]
    assert r.loc[0, "message"] == (
        'tickets:2: incident INC-17: `at`: invalid timestamp "2025-03-04T10:20:00": it has no '
        "UTC offset: write e.g. 2025-03-04T10:15:00+08:00"
    )
    # The same lines in a file give the CLI's report, rejections included, byte for byte.
    path = tmp_path / "tickets.jsonl"
    path.write_bytes(sla._events.records_to_jsonl(BAD_EVENTS))
    cli = run_sla(sla_bin, ["evaluate", "--events", "tickets.jsonl", "--format", "json"], tmp_path)
    ours = sla.evaluate(sla.Contract.seed(), BAD_EVENTS, name="tickets.jsonl")
    assert ours.to_json() == cli.stdout.decode()
    assert "2 input line(s) rejected" in cli.stderr.decode()


def _cli_error(sla_bin: Path, args, cwd: Path) -> str:
    out = run_sla(sla_bin, args, cwd)
    assert out.returncode != 0
    message = out.stderr.decode()
    assert message.startswith("sla: ") and message.endswith("\n")
    return message[len("sla: ") : -1]


def test_errors_carry_the_clis_messages(tmp_path: Path, sla_bin: Path):
    text = sla.Contract.seed().to_toml().replace('limit = "15m"', 'limit = "15 minutes"')
    (tmp_path / "bad.toml").write_text(text)
    (tmp_path / "e.jsonl").write_text("")
    expected = _cli_error(sla_bin, ["evaluate", "--contract", "bad.toml", "--events", "e.jsonl"],
                          tmp_path)  # fmt: skip
    with pytest.raises(sla.ContractError) as e:
        sla.Contract.from_toml(text, name="bad.toml")
    assert str(e.value) == expected and expected.startswith("bad.toml:")
    assert 'invalid limit "15 minutes"' in expected
    assert isinstance(e.value, ValueError) and isinstance(e.value, sla.SlaError)

    expected = _cli_error(sla_bin, ["evaluate", "--events", "missing.jsonl"], tmp_path)
    with pytest.raises(sla.EventsError) as events_error:
        sla.evaluate(sla.Contract.seed(), "missing.jsonl")
    assert str(events_error.value) == expected

    expected = _cli_error(sla_bin, ["evaluate", "--set", "Q2=sundial", "--events", "e.jsonl"],
                          tmp_path)  # fmt: skip
    with pytest.raises(sla.ContractError) as e:
        sla.Contract.seed().with_settings({"Q2": "sundial"})
    assert "--set " + str(e.value) == expected

    expected = _cli_error(sla_bin, ["evaluate", "--events", "e.jsonl", "--as-of", "2025-01-01"],
                          tmp_path)  # fmt: skip
    with pytest.raises(sla.SlaError) as as_of_error:
        sla.evaluate(sla.Contract.seed(), [], as_of="2025-01-01")
    assert "--" + str(as_of_error.value).replace("as_of", "as-of", 1) == expected

    with pytest.raises(sla.ContractError, match='calendar: include "office.toml" is not allowed'):
        sla.Contract.from_toml(
            sla.Contract.seed().to_toml().replace('"cn-standard"', '"office.toml"')
        )


def test_contract_settings_and_toml_round_trip():
    seed = sla.Contract.seed()
    assert seed.settings["work_clock"] == "business" and seed.questions["Q2"] == "business"
    wall = seed.with_settings({"Q2": "wall", "boundary": "exclusive"})
    assert (wall.settings["work_clock"], wall.questions["Q10"]) == ("wall", "exclusive")
    back = sla.Contract.from_toml(wall.to_toml())
    assert back.settings == wall.settings and back.to_toml() == wall.to_toml()
    assert seed.calendar.name == "cn-standard" and seed.calendar.years == (2004, 2026)
    plain = seed.with_settings({"Q11": "plain_weeks"})
    assert plain.calendar.years == (2000, 2099)


def test_diff_is_the_clis_dispute_view(seed_report: sla.Report, sla_bin: Path):
    wall = sla.evaluate(
        sla.Contract.seed().with_settings({"Q2": "wall"}), str(EXAMPLE), as_of=AS_OF, year=2025
    )
    d = sla.diff(seed_report, wall)
    cli = run_sla(
        sla_bin,
        ["diff", "--contract", "seed", "--set", "Q2=wall", *EXAMPLE_ARGS, "--format", "json"],
    )
    assert d.to_json() == cli.stdout.decode()
    md = run_sla(sla_bin, ["diff", "--contract", "seed", "--set", "Q2=wall", *EXAMPLE_ARGS])
    assert d.to_markdown() == md.stdout.decode()
    t = d.targets()
    assert list(t.columns) == [c for c, _ in sla.DISPUTE_COLUMNS] and len(t) > 0
    money = d.money
    assert money is not None and money["b_minus_a"] == money["b"] - money["a"]
    assert d.breaches[1] > d.breaches[0]


def test_csv_events_and_bytes(tmp_path: Path):
    csv = (
        "at,event,incident,class,priority\n2025-03-04T10:15:00+08:00,reported,INC-17,fault,medium\n"
    )
    (tmp_path / "e.CSV").write_text(csv)
    by_path = sla.evaluate(sla.Contract.seed(), tmp_path / "e.CSV")
    by_bytes = sla.evaluate(sla.Contract.seed(), csv.encode(), format="csv")
    assert by_path.events_accepted == by_bytes.events_accepted == 1
    with pytest.raises(sla.EventsError, match="looks like"):
        sla.evaluate(sla.Contract.seed(), csv.encode())


def test_year_and_window_options():
    c = sla.Contract.seed()
    r = sla.evaluate(c, str(EXAMPLE), as_of=AS_OF, year="2024-2025",
                     window=("2025-03-01T00:00:00+08:00", "2025-04-01T00:00:00+08:00"))  # fmt: skip
    labels = set(r.availability()["label"])
    assert {"2024", "2025"} <= labels
    with pytest.raises(sla.SlaError, match="expected YEAR or YEAR-YEAR"):
        sla.evaluate(c, [], year="soon")
    with pytest.raises(sla.SlaError, match="the first year is after the last"):
        sla.evaluate(c, [], year=(2026, 2025))
    empty = sla.evaluate(c, [], as_of=dt.datetime(2025, 6, 30, tzinfo=dt.timezone.utc))
    assert empty.verdicts().empty and empty.rejected().empty
    assert empty.as_of == pd.Timestamp("2025-06-30T08:00:00+08:00")
