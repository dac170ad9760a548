#!/usr/bin/env python3
"""Writes the hand-picked seed inputs of each fuzz target into fuzz/corpus/<target>/.

Seeds: slices of examples/data/kanban-2025.jsonl (as JSON Lines and as CSV), the seed contract
(`sla contract show seed`, passed as the first argument) and edited copies, calendar files like
those of the calendar tests, and durations, timestamps and ranges. Run from fuzz/:
    python3 seeds/make_seeds.py /tmp/seed.toml
"""
import csv, hashlib, io, json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "corpus")


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


lines = open(os.path.join(ROOT, "..", "examples", "data", "kanban-2025.jsonl")).read().splitlines()
slices = [lines[0:25], lines[25:60], lines[400:440], lines[1000:1030], lines[-30:]]
fields = ["at", "event", "incident", "class", "priority", "component", "site", "reason",
          "cause", "outage", "change", "kind", "from", "to"]

for s in slices:
    text = "\n".join(s) + "\n"
    put("events_jsonl", text)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    for l in s:
        w.writerow(json.loads(l))
    put("events_csv", buf.getvalue())
    # evaluate: raw mode (first byte 0), default-ish settings, then the lines.
    put("evaluate", bytes([0] * 14) + text.encode())
    put("evaluate", bytes([0] + [1] * 12 + [0]) + text.encode())

# The evaluate timeout found by fuzzing: one accepted event in 7853 stretched the report over six
# thousand years of availability periods.
far = lines[1] + "\n" + lines[2].replace("2025-01-01T00:13:37", "7853-01-01T00:13:37") + "\n"
put("evaluate", bytes([0] * 14) + far.encode())
put("events_jsonl", far)

put("events_jsonl", "\ufeff" + lines[1] + "\r\n\r\n" + lines[2] + "\r\nnot json\n")
put("events_csv", "event,incident,at,class,priority\nreported,X,2025-03-04T10:15:00+08:00,outage,high\nresolved,X,2025-03-04T11:00:00+08:00,,\n,,,,\n")

seed = open(sys.argv[1]).read()
put("contract_toml", seed)
put("contract_toml", seed.replace('work_clock = "business"', 'work_clock = "wall_for_high"')
    .replace('missing_year = "error"', 'missing_year = "plain_weeks"'))
put("contract_toml", seed.replace('calendar = "cn-standard"', 'calendar = "24x7"')
    .replace('round_at = "line"', 'round_at = "total"').replace('stacking = "sum"', 'stacking = "highest"'))

calendars = [
    '''zone = "America/New_York"
years = [2025, 2025]
[hours]
mon = ["09:00-12:00", "13:00-17:00"]
tue = ["09:00-17:00"]
sun = ["22:00-06:00"]
[[day]]
date = "2025-07-04"
closed = true
[[day]]
date = "2025-01-26"
hours = "mon"
[[day]]
date = "2025-12-24"
hours = ["09:00-12:00"]
''',
    '''name = "office"
zone = "Asia/Shanghai"
statutory = "cn"
adjusted_working_day = "tue"
[hours]
mon = ["09:00-12:00", "13:30-18:00"]
fri = ["09:00-18:00"]
''',
    '''zone = "Europe/London"
years = [2024, 2026]
[hours]
thu = ["22:00-02:00"]
sat = ["00:00-24:00"]
''',
    '''zone = "UTC"
years = [1970, 2100]
[hours]
wed = ["12:00:00-12:00:01"]
''',
]
for c in calendars:
    put("calendar_toml", c)

for t in ["1h30m", "15m", "42", "2h0m5s", "2025-03-04T10:15:00+08:00", "2025-03-04T10:15:00Z",
          "2025-03-04T10:15:00.000+08:00", "2025-03-04 10:15:00", "09:00-18:00", "22:00-06:00",
          "00:00-24:00", "23:59:59", "2025-02-30T10:00:00+08:00"]:
    put("duration_timestamp", t)

for i in range(4):
    put("interval_model", bytes((i * 37 + k * 11) % 256 for k in range(64)))
    put("evaluate", bytes((i * 53 + k * 7) % 256 for k in range(400)))

# Issue 16's shapes: an open CSV quote, outages on unknown or mis-cased components, a year typo,
# same-second bursts of one incident.
shapes = [
    '{"at":"2025-03-04T10:00:00+08:00","event":"reported","incident":"A","class":"question"}\n'
    '{"event":"outage","component":"data-interfce","from":"2025-03-04T10:10:00+08:00","to":"2025-03-04T10:55:00+08:00"}\n'
    '{"event":"outage","component":"Data-Interface","from":"2025-03-05T10:10:00+08:00","to":"2025-03-05T10:55:00+08:00"}\n',
    '{"at":"2025-03-04T10:00:00+08:00","event":"reported","incident":"A","class":"question"}\n'
    '{"at":"9025-03-04T10:00:00+08:00","event":"reported","incident":"B","class":"question"}\n',
    '{"at":"2025-03-04T10:00:00+08:00","event":"reported","incident":"A","class":"fault","priority":"high"}\n'
    '{"at":"2025-03-04T12:00:00+08:00","event":"resolved","incident":"A"}\n'
    '{"at":"2025-03-04T12:00:00+08:00","event":"reopened","incident":"A"}\n'
    '{"at":"2025-03-04T12:00:00+08:00","event":"awaiting_customer","incident":"A"}\n'
    '{"at":"2025-03-04T12:00:00+08:00","event":"customer_replied","incident":"A"}\n'
    '{"at":"2025-03-04T14:00:00+08:00","event":"resolved","incident":"A"}\n',
]
for text in shapes:
    put("events_jsonl", text)
    put("evaluate", bytes([0] * 14) + text.encode())
put("events_csv",
    'at,event,incident,class,note\n2025-03-04T10:00:00+08:00,reported,A,question,"call back\n'
    + "".join(f"2025-03-04T1{i}:00:00+08:00,reported,B{i},question,\n" for i in range(1, 9)))
