//! A deterministic, realistic year (2025) of events for the delivery-kanban maintenance contract,
//! written as JSON Lines in time order: incidents of every class and priority, waits on the
//! customer, reopenings, priority changes, exclusions, outages of the core platform and announced,
//! unannounced and urgent changes. Timestamps are RFC 3339 in Asia/Shanghai (`+08:00`).
//!
//! ```text
//! cargo run --example generate_year --features formats -- examples/data/kanban-2025.jsonl
//! ```
//!
//! Without an argument the events go to standard output. `--random-incidents N` draws N random
//! incidents instead of 262, for a larger year to measure with (`--random-incidents 99900` makes
//! 100 000 incidents with the 100 of the special dates). The output depends on nothing but the
//! fixed seed and the library's `cn-standard` calendar: two runs give the same bytes (the test
//! `tests/example_year.rs` checks the committed file against [`generate`]). Before writing, the
//! generator reads its own output back with the library and fails if any line is rejected; a
//! summary of what the year contains goes to standard error.
//!
//! Times are planned against the seed contract under its default readings (business clock for
//! the 4 h / 8 h / 24 h targets, wall clock for the 15 min / 1 h responses, pauses stop clocks):
//! most stops land in time, a minority (about one in ten) deliberately late, a few exactly on
//! the deadline.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, SecondsFormat, TimeZone};
use chrono_tz::Asia::Shanghai;
use sla_engine::contract::{Contract, IncidentClass, Priority, StopEvent};
use sla_engine::evaluate::Evaluator;
use sla_engine::event::{Event, EventLog, IncidentLog, StepKind, read_jsonl};
use sla_engine::{Calendar, Timestamp};

/// The generator's fixed seed.
const SEED: u64 = 0x6B61_6E62_616E_2025;
/// Incidents drawn at random over the year (the special dates and the outages add more).
const RANDOM_INCIDENTS: usize = 262;
const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;
/// Business seconds in one cn-standard working day (09:00-18:00).
const WORKDAY: i64 = 9 * HOUR;

const CORE: [&str; 2] = ["data-interface", "back-office"];
const SITES: [&str; 8] = [
    "head-office",
    "dc-shanghai-jiading",
    "dc-shanghai-pudong",
    "dc-suzhou",
    "dc-hangzhou",
    "dc-nanjing",
    "dc-wuxi",
    "dc-ningbo",
];

// ---------------------------------------------------------------------------------------------
// Randomness and time helpers

/// SplitMix64: tiny, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi` (the modulo bias is irrelevant here).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u64 + 1;
        lo + (self.next() % span) as i64
    }

    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.next() % 1000 < per_mille
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }

    /// Picks by integer weights.
    fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> T {
        let total: u64 = items.iter().map(|&(_, w)| w).sum();
        let mut x = self.next() % total;
        for &(item, w) in items {
            if x < w {
                return item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }
}

/// Unix seconds of a local time in Asia/Shanghai.
fn local(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    Shanghai
        .with_ymd_and_hms(y, m, d, h, mi, s)
        .single()
        .expect("a valid local time")
        .timestamp()
}

fn year_start() -> i64 {
    local(2025, 1, 1, 0, 0, 0)
}

fn year_end() -> i64 {
    local(2026, 1, 1, 0, 0, 0)
}

fn rfc3339(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .expect("a representable instant")
        .with_timezone(&Shanghai)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn date_of(t: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(t, 0)
        .expect("a representable instant")
        .with_timezone(&Shanghai)
        .date_naive()
}

/// The cn-standard calendar, with the handful of queries the generator needs.
struct Cal(Calendar);

fn ts(t: i64) -> Timestamp {
    Timestamp::from_second(t).expect("a representable instant")
}

impl Cal {
    fn open(&self, t: i64) -> bool {
        self.0.is_open(ts(t)).expect("2025 is covered")
    }
    /// `secs` of business time after `t`.
    fn add(&self, t: i64, secs: i64) -> i64 {
        self.0
            .add(ts(t), secs)
            .expect("2025-2026 are covered")
            .as_second()
    }
    /// Business seconds from `a` to `b`.
    fn between(&self, a: i64, b: i64) -> i64 {
        self.0.between(ts(a), ts(b)).expect("2025-2026 are covered")
    }
    fn next_open(&self, t: i64) -> i64 {
        self.0
            .next_open(ts(t))
            .expect("2025-2026 are covered")
            .as_second()
    }
    fn working_day(&self, d: NaiveDate) -> bool {
        self.0.is_working_day(d).expect("2025 is covered")
    }
    /// Close of the first working day after the day of `t` (clause 3.1(2) Low, reading Q3).
    fn end_of_next_working_day(&self, t: i64) -> i64 {
        let d = self
            .0
            .working_day_after(date_of(t), 1)
            .expect("2025-2026 are covered");
        self.0
            .end_of_working_day(d)
            .expect("a working day")
            .as_second()
    }
    fn working_day_before(&self, d: NaiveDate, n: u32) -> NaiveDate {
        self.0.working_day_before(d, n).expect("2025 is covered")
    }
}

// ---------------------------------------------------------------------------------------------
// Output lines

/// One output event, with its creation order: the file lists events by time and, within one
/// second, in the order they were made, which is the library's own rule for reading them back
/// (events of one second apply in file order).
struct Line {
    seq: usize,
    event: Event,
}

#[derive(Default)]
struct Out {
    lines: Vec<Line>,
}

impl Out {
    /// Adds an event at `at` with its fields; events from 2026 on are beyond the year and
    /// dropped (what is still open stays open). The fields are read by the library's own wire
    /// form, so a field the library does not know fails here.
    fn push(&mut self, at: i64, event: &str, fields: &[(&str, String)]) {
        if at >= year_end() {
            return;
        }
        let mut line = serde_json::Map::new();
        line.insert("at".into(), rfc3339(at).into());
        line.insert("event".into(), event.into());
        for (k, v) in fields {
            line.insert((*k).into(), v.clone().into());
        }
        let event: Event = serde_json::from_value(serde_json::Value::Object(line))
            .unwrap_or_else(|e| panic!("the generator wrote a bad {event}: {e}"));
        let seq = self.lines.len();
        self.lines.push(Line { seq, event });
    }

    fn finish(mut self) -> String {
        self.lines.sort_by_key(|l| (l.event.at, l.seq));
        let mut text = String::with_capacity(self.lines.len() * 120);
        for l in &self.lines {
            text.push_str(&serde_json::to_string(&l.event.in_zone(Shanghai)).unwrap());
            text.push('\n');
        }
        text
    }
}

// ---------------------------------------------------------------------------------------------
// Incidents

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Outage,
    Fault,
    Question,
    ChangeRequest,
}

impl Class {
    fn as_str(self) -> &'static str {
        match self {
            Class::Outage => "outage",
            Class::Fault => "fault",
            Class::Question => "question",
            Class::ChangeRequest => "change_request",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prio {
    High,
    Medium,
    Low,
}

impl Prio {
    fn as_str(self) -> &'static str {
        match self {
            Prio::High => "high",
            Prio::Medium => "medium",
            Prio::Low => "low",
        }
    }
}

/// What an incident is, before its timeline is drawn.
#[derive(Debug, Clone)]
struct Spec {
    reported: i64,
    class: Class,
    /// The priority reported.
    priority: Option<Prio>,
    /// Later priorities, in order; the last one is in force at the end.
    changes: Vec<Prio>,
    component: Option<&'static str>,
    site: Option<&'static str>,
    exclusion: Option<&'static str>,
    /// For an incident raised by an outage record: when the outage ended (if it did).
    outage_end: Option<Option<i64>>,
    /// Never resolved: still open at the end of the year.
    open: bool,
    /// Ends waiting on the customer, with no reply by the end of the year.
    awaiting_at_end: bool,
    /// How many times it comes back after being resolved.
    reopens: u8,
}

impl Spec {
    fn new(reported: i64, class: Class, priority: Option<Prio>) -> Spec {
        Spec {
            reported,
            class,
            priority,
            changes: Vec::new(),
            component: None,
            site: None,
            exclusion: None,
            outage_end: None,
            open: false,
            awaiting_at_end: false,
            reopens: 0,
        }
    }

    fn on(mut self, component: &'static str, site: &'static str) -> Spec {
        self.component = Some(component);
        self.site = Some(site);
        self
    }

    fn final_priority(&self) -> Option<Prio> {
        self.changes.last().copied().or(self.priority)
    }
}

/// Where a planned stop lands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    InTime,
    /// Exactly at the deadline: in time under the default reading of Q10.
    Exact,
    Late,
}

const RESPONSE: usize = 0;
const START: usize = 1;
const RESOLUTION: usize = 2;

/// A shuffled bag of outcomes per metric (response, start, resolution), refilled when empty:
/// random in order but with fixed shares, 2 late and 1 exactly on time in every 20.
#[derive(Debug, Default)]
struct Plan {
    bags: [Vec<Outcome>; 3],
    drawn: [[usize; 3]; 3],
}

struct Gen {
    rng: Rng,
    cal: Cal,
    out: Out,
    plan: Plan,
}

/// The events of one incident, pushed as they are planned.
struct Incident<'a> {
    id: &'a str,
}

impl Incident<'_> {
    fn push(&self, out: &mut Out, at: i64, event: &str, extra: &[(&str, String)]) {
        let mut fields = vec![("incident", self.id.to_owned())];
        fields.extend(extra.iter().map(|(k, v)| (*k, v.clone())));
        out.push(at, event, &fields);
    }
}

impl Gen {
    fn draw(&mut self, metric: usize) -> Outcome {
        if self.plan.bags[metric].is_empty() {
            let mut bag = vec![Outcome::InTime; 17];
            bag.extend([Outcome::Late, Outcome::Late, Outcome::Exact]);
            for i in (1..bag.len()).rev() {
                let j = self.rng.range(0, i as i64) as usize;
                bag.swap(i, j);
            }
            self.plan.bags[metric] = bag;
        }
        let o = self.plan.bags[metric].pop().unwrap();
        self.plan.drawn[metric][o as usize] += 1;
        o
    }

    /// A report time drawn over the year: mostly service hours on working days, some evenings,
    /// nights, weekends and holidays (the distribution centres work around the clock).
    fn random_report(&mut self) -> i64 {
        loop {
            let day = self.rng.range(0, 364);
            let date = NaiveDate::from_ymd_opt(2025, 1, 1)
                .unwrap()
                .checked_add_days(chrono::Days::new(day as u64))
                .unwrap();
            let working = self.cal.working_day(date);
            if !working && !self.rng.chance(330) {
                continue;
            }
            let (y, m, d) = (date.year(), date.month(), date.day());
            let midnight = local(y, m, d, 0, 0, 0);
            let secs = if working {
                match self.rng.weighted(&[(0, 800), (1, 70), (2, 80), (3, 50)]) {
                    // Service hours, busiest mid-morning and mid-afternoon.
                    0 => {
                        let a = self.rng.range(9 * HOUR, 18 * HOUR - 1);
                        let b = self.rng.range(9 * HOUR, 18 * HOUR - 1);
                        (a + b) / 2
                    }
                    // Early shift at the distribution centres.
                    1 => self.rng.range(6 * HOUR, 9 * HOUR - 1),
                    2 => self.rng.range(18 * HOUR, 23 * HOUR + 59 * 60),
                    _ => self.rng.range(0, 6 * HOUR - 1),
                }
            } else if self.rng.chance(750) {
                self.rng.range(8 * HOUR, 22 * HOUR)
            } else {
                let late = self.rng.chance(400);
                if late {
                    self.rng.range(22 * HOUR, DAY - 1)
                } else {
                    self.rng.range(0, 8 * HOUR - 1)
                }
            };
            return midnight + secs;
        }
    }

    fn random_component(&mut self, class: Class) -> Option<&'static str> {
        let list: &[(Option<&'static str>, u64)] = match class {
            Class::Outage => &[
                (Some("kanban-display"), 50),
                (Some("terminal"), 25),
                (Some("network"), 25),
            ],
            Class::Fault => &[
                (Some("data-interface"), 20),
                (Some("back-office"), 30),
                (Some("kanban-display"), 25),
                (Some("terminal"), 15),
                (Some("network"), 8),
                (None, 2),
            ],
            Class::Question => &[
                (Some("back-office"), 40),
                (Some("kanban-display"), 20),
                (Some("data-interface"), 15),
                (None, 25),
            ],
            Class::ChangeRequest => &[
                (Some("back-office"), 50),
                (Some("kanban-display"), 25),
                (Some("data-interface"), 20),
                (None, 5),
            ],
        };
        self.rng.weighted(list)
    }

    fn random_site(&mut self) -> Option<&'static str> {
        if self.rng.chance(50) {
            None
        } else if self.rng.chance(350) {
            Some("head-office")
        } else {
            Some(self.rng.pick(&SITES[1..]))
        }
    }

    /// A random incident reported at `reported`; the class is drawn if not given.
    fn random_spec(&mut self, reported: i64, class: Option<Class>) -> Spec {
        let class = class.unwrap_or_else(|| {
            self.rng.weighted(&[
                (Class::Outage, 20),
                (Class::Fault, 540),
                (Class::Question, 280),
                (Class::ChangeRequest, 160),
            ])
        });
        let priority = match class {
            Class::Outage => Some(self.rng.weighted(&[(Prio::High, 85), (Prio::Medium, 15)])),
            Class::Fault => {
                Some(
                    self.rng
                        .weighted(&[(Prio::High, 20), (Prio::Medium, 45), (Prio::Low, 35)]),
                )
            }
            Class::Question | Class::ChangeRequest => {
                if self.rng.chance(150) {
                    Some(self.rng.pick(&[Prio::Low, Prio::Medium]))
                } else {
                    None
                }
            }
        };
        let mut spec = Spec::new(reported, class, priority);
        spec.component = self.random_component(class);
        spec.site = self.random_site();
        if let (Class::Fault, Some(p)) = (class, priority)
            && self.rng.chance(200)
        {
            // Re-triaged once (sometimes twice) after a closer look.
            let next = match p {
                Prio::High => Prio::Medium,
                Prio::Medium => self.rng.pick(&[Prio::High, Prio::Low]),
                Prio::Low => Prio::Medium,
            };
            spec.changes.push(next);
            if self.rng.chance(200) {
                spec.changes.push(if next == Prio::High {
                    Prio::Medium
                } else {
                    Prio::High
                });
            }
        }
        spec.exclusion = match class {
            Class::Fault if self.rng.chance(60) => Some(self.rng.pick(&[
                "customer_error",
                "customer_change",
                "customer_data",
                "other_agreed",
            ])),
            Class::Outage if self.rng.chance(80) => {
                Some(self.rng.pick(&["customer_access", "customer_change"]))
            }
            Class::Question if self.rng.chance(30) => Some("customer_data"),
            Class::ChangeRequest if self.rng.chance(70) => Some("customer_compliance"),
            _ => None,
        };
        spec.open = match (class, spec.final_priority()) {
            (Class::ChangeRequest, _) => self.rng.chance(200),
            (Class::Fault, Some(Prio::Low)) => self.rng.chance(60),
            (Class::Question, _) => self.rng.chance(15),
            _ => false,
        };
        if !spec.open && matches!(class, Class::Fault | Class::Question) && self.rng.chance(55) {
            spec.reopens = if self.rng.chance(150) { 2 } else { 1 };
        }
        spec
    }

    /// Waits on the customer between `from` and `until`, each pushing `resolve` back by the
    /// business time it lasted (so a resolution planned in time stays in time while the clock is
    /// paused, Q5). Returns the resolution time after the waits and the end of the last wait.
    fn pauses(
        &mut self,
        inc: &Incident<'_>,
        count: usize,
        from: i64,
        mut resolve: i64,
    ) -> (i64, i64) {
        let mut cursor = from;
        for _ in 0..count {
            let span = resolve - cursor;
            if span < 1800 {
                break;
            }
            let a = cursor + self.rng.range(300, span / 2);
            let len = match self.rng.weighted(&[(0, 40), (1, 40), (2, 20)]) {
                0 => self.rng.range(20 * 60, 3 * HOUR),
                1 => self.rng.range(3 * HOUR, DAY),
                _ => self.rng.range(DAY, 4 * DAY),
            };
            let b = a + len;
            inc.push(&mut self.out, a, "awaiting_customer", &[]);
            inc.push(&mut self.out, b, "customer_replied", &[]);
            let shift = self.cal.between(a, b);
            resolve = self.cal.add(resolve, shift).max(b + 300);
            cursor = b + 60;
        }
        (resolve, cursor)
    }

    fn pause_count(&mut self, per_mille_one: u64) -> usize {
        if self.rng.chance(per_mille_one) {
            if self.rng.chance(200) { 2 } else { 1 }
        } else {
            0
        }
    }

    /// Resolved → reopened → resolved, `n` times, from `resolved`.
    fn reopen(&mut self, inc: &Incident<'_>, n: u8, mut resolved: i64) {
        for _ in 0..n {
            let back = resolved + self.rng.range(3 * HOUR, 6 * DAY);
            inc.push(&mut self.out, back, "reopened", &[]);
            resolved = self
                .cal
                .add(back, self.rng.range(1800, 12 * HOUR))
                .max(back + 600);
            inc.push(&mut self.out, resolved, "resolved", &[]);
        }
    }

    fn priority_changes(&mut self, inc: &Incident<'_>, spec: &Spec, until: i64) {
        let r = spec.reported;
        let mut at = r;
        let span = (until - r).max(1200);
        for p in &spec.changes {
            at += self.rng.range(300, span / (spec.changes.len() as i64 + 1));
            inc.push(
                &mut self.out,
                at,
                "priority_changed",
                &[("priority", p.as_str().to_owned())],
            );
        }
    }

    fn incident(&mut self, id: &str, spec: &Spec) {
        let inc = Incident { id };
        let mut fields = vec![("class", spec.class.as_str().to_owned())];
        if let Some(p) = spec.priority {
            fields.push(("priority", p.as_str().to_owned()));
        }
        if let Some(c) = spec.component {
            fields.push(("component", c.to_owned()));
        }
        if let Some(s) = spec.site {
            fields.push(("site", s.to_owned()));
        }
        inc.push(&mut self.out, spec.reported, "reported", &fields);
        match spec.class {
            Class::Outage | Class::Fault => self.fault(&inc, spec),
            Class::Question => self.question(&inc, spec),
            Class::ChangeRequest => self.change_request(&inc, spec),
        }
    }

    /// Outages and faults: response (15 min in service hours, 1 h outside, for outages), start
    /// and resolution by the final priority, counted from the report (Q4).
    fn fault(&mut self, inc: &Incident<'_>, spec: &Spec) {
        let r = spec.reported;
        let p = spec.final_priority().unwrap_or(Prio::Medium);
        let in_hours = self.cal.open(r);
        let urgent = !in_hours && (p == Prio::High || spec.class == Class::Outage);

        // Response.
        let responded = if spec.class == Class::Outage {
            let limit = if in_hours { 15 * 60 } else { HOUR };
            match self.draw(RESPONSE) {
                Outcome::Exact => r + limit,
                Outcome::Late => r + limit + self.rng.range(60, 40 * 60),
                Outcome::InTime => r + self.rng.range(60, limit * 2 / 3),
            }
        } else if in_hours || p == Prio::High {
            r + self.rng.range(120, 45 * 60)
        } else {
            self.cal.next_open(r) + self.rng.range(180, HOUR)
        };
        inc.push(&mut self.out, responded, "responded", &[]);

        // Work started.
        let start_deadline = match p {
            Prio::High => self.cal.add(r, 4 * HOUR),
            Prio::Medium => self.cal.add(r, 8 * HOUR),
            Prio::Low => self.cal.end_of_next_working_day(r),
        };
        let started = match self.draw(START) {
            Outcome::Late => self
                .cal
                .add(start_deadline, self.rng.range(15 * 60, 4 * HOUR)),
            Outcome::Exact => start_deadline,
            Outcome::InTime if urgent => responded + self.rng.range(0, 30 * 60),
            Outcome::InTime => {
                let d = self.cal.between(r, start_deadline);
                self.cal.add(r, self.rng.range(d / 40, d * 7 / 10))
            }
        }
        .max(responded);
        inc.push(&mut self.out, started, "work_started", &[]);

        // Resolution as planned before any wait on the customer.
        let limit = match p {
            Prio::High => Some(8 * HOUR),
            Prio::Medium => Some(24 * HOUR),
            Prio::Low => None,
        };
        let linked = spec.outage_end;
        let mut exact = false;
        let planned = if let Some(end) = linked {
            end.map(|e| e + self.rng.range(60, 15 * 60))
        } else if let Some(lim) = limit {
            let s = self.cal.between(r, started);
            match self.draw(RESOLUTION) {
                Outcome::Late => Some(self.cal.add(r, lim + self.rng.range(30 * 60, lim / 2))),
                Outcome::Exact => {
                    // Exactly on the deadline (Q10); kept clear of reopenings, which would add
                    // time to the clock.
                    exact = true;
                    Some(self.cal.add(r, lim))
                }
                Outcome::InTime if urgent && self.rng.chance(500) => {
                    Some(started + self.rng.range(30 * 60, 4 * HOUR))
                }
                Outcome::InTime => Some(self.cal.add(r, self.rng.range((s + 600).min(lim), lim))),
            }
        } else {
            Some(self.cal.add(started, self.rng.range(30 * 60, 4 * WORKDAY)))
        }
        .map(|t| t.max(started + 300));

        let Some(planned) = planned else {
            // An outage still going on at the end of the year.
            return;
        };
        self.priority_changes(inc, spec, planned);
        let waits = if linked.is_some() {
            0
        } else {
            self.pause_count(130)
        };
        let (resolve, after_waits) = self.pauses(inc, waits, started, planned);
        if let Some(reason) = spec.exclusion {
            let at = started + self.rng.range(600, ((resolve - started) / 2).max(601));
            inc.push(
                &mut self.out,
                at,
                "excluded",
                &[("reason", reason.to_owned())],
            );
        }
        if spec.awaiting_at_end {
            let at = after_waits.max(started) + self.rng.range(HOUR, 5 * HOUR);
            inc.push(&mut self.out, at, "awaiting_customer", &[]);
            return;
        }
        if spec.open {
            return;
        }
        let final_resolution = if p == Prio::High && linked.is_none() && self.rng.chance(400) {
            // High: a workaround in time stops the clock (3.1(2)); the fix follows.
            inc.push(&mut self.out, resolve, "workaround", &[]);
            let fixed = resolve + self.rng.range(2 * HOUR, 5 * DAY);
            inc.push(&mut self.out, fixed, "resolved", &[]);
            fixed
        } else {
            if p == Prio::Medium && self.rng.chance(100) {
                // Medium: a workaround does not stop the clock; only the resolution does.
                let at = after_waits.max(started) + (resolve - after_waits.max(started)) / 3;
                inc.push(&mut self.out, at, "workaround", &[]);
            }
            inc.push(&mut self.out, resolve, "resolved", &[]);
            resolve
        };
        self.reopen(inc, if exact { 0 } else { spec.reopens }, final_resolution);
    }

    /// Questions: a response within 4 h of business time (3.1(1)), then the answer.
    fn question(&mut self, inc: &Incident<'_>, spec: &Spec) {
        let r = spec.reported;
        let limit = 4 * HOUR;
        let responded = match self.draw(RESPONSE) {
            Outcome::Exact => self.cal.add(r, limit),
            Outcome::Late => self.cal.add(r, limit + self.rng.range(600, 3 * HOUR)),
            Outcome::InTime if self.rng.chance(600) => self.cal.add(r, self.rng.range(120, HOUR)),
            Outcome::InTime => self.cal.add(r, self.rng.range(HOUR, limit - 600)),
        }
        .max(r + 60);
        inc.push(&mut self.out, responded, "responded", &[]);
        let planned = self
            .cal
            .add(responded, self.rng.range(10 * 60, 2 * WORKDAY));
        self.priority_changes(inc, spec, planned);
        let waits = self.pause_count(100);
        let (answered, after_waits) = self.pauses(inc, waits, responded, planned);
        if let Some(reason) = spec.exclusion {
            let at = responded + self.rng.range(300, ((answered - responded) / 2).max(301));
            inc.push(
                &mut self.out,
                at,
                "excluded",
                &[("reason", reason.to_owned())],
            );
        }
        if spec.awaiting_at_end {
            let at = after_waits + self.rng.range(HOUR, 5 * HOUR);
            inc.push(&mut self.out, at, "awaiting_customer", &[]);
            return;
        }
        if spec.open {
            return;
        }
        inc.push(&mut self.out, answered, "resolved", &[]);
        self.reopen(inc, spec.reopens, answered);
    }

    /// Change requests: no target in the contract; acknowledged, scheduled, delivered over weeks.
    fn change_request(&mut self, inc: &Incident<'_>, spec: &Spec) {
        let r = spec.reported;
        let responded = self.cal.add(r, self.rng.range(30 * 60, WORKDAY));
        inc.push(&mut self.out, responded, "responded", &[]);
        if let Some(reason) = spec.exclusion {
            // Compliance work the law puts on the customer (2.4(5)): declined and closed.
            let at = self.cal.add(responded, self.rng.range(HOUR, 2 * WORKDAY));
            inc.push(
                &mut self.out,
                at,
                "excluded",
                &[("reason", reason.to_owned())],
            );
            let closed = self.cal.add(at, self.rng.range(HOUR, WORKDAY));
            inc.push(&mut self.out, closed, "resolved", &[]);
            return;
        }
        let started = self
            .cal
            .add(responded, self.rng.range(WORKDAY, 10 * WORKDAY));
        inc.push(&mut self.out, started, "work_started", &[]);
        let planned = self.cal.add(started, self.rng.range(WORKDAY, 25 * WORKDAY));
        self.priority_changes(inc, spec, planned);
        let waits = self.pause_count(200);
        let (delivered, after_waits) = self.pauses(inc, waits, started, planned);
        if spec.awaiting_at_end {
            let at = after_waits.max(started) + self.rng.range(HOUR, 5 * HOUR);
            inc.push(&mut self.out, at, "awaiting_customer", &[]);
            return;
        }
        if spec.open {
            return;
        }
        inc.push(&mut self.out, delivered, "resolved", &[]);
    }
}

/// Incidents on the dates that test a calendar: the adjusted working days, the eves of and the
/// days inside Spring Festival, Labour Day and National Day, and the last days of the year.
fn special_specs(g: &mut Gen) -> Vec<Spec> {
    use Class::{ChangeRequest as Cr, Fault, Outage, Question};
    use Prio::{High, Low, Medium};
    let mut v = Vec::new();
    let s = |g: &mut Gen, t: i64, c: Class, p: Option<Prio>| {
        let mut spec = Spec::new(t, c, p);
        spec.component = g.random_component(c);
        spec.site = g.random_site();
        spec
    };
    // Sunday 26 January, worked for Spring Festival.
    v.push(s(g, local(2025, 1, 26, 9, 40, 12), Fault, Some(Medium)));
    v.push(s(g, local(2025, 1, 26, 14, 20, 5), Question, None));
    v.push(s(g, local(2025, 1, 26, 17, 50, 31), Fault, Some(High)).on("back-office", "dc-suzhou"));
    // Monday 27 January, the last working day before the holiday: clocks run across it.
    v.push(s(g, local(2025, 1, 27, 16, 30, 44), Fault, Some(Medium)));
    v.push(s(g, local(2025, 1, 27, 17, 55, 2), Fault, Some(Low)));
    v.push(
        s(g, local(2025, 1, 27, 21, 10, 19), Outage, Some(High))
            .on("kanban-display", "dc-hangzhou"),
    );
    // Inside Spring Festival (28 January - 4 February off).
    v.push(s(g, local(2025, 1, 28, 20, 15, 37), Fault, Some(High)).on("terminal", "dc-nanjing"));
    v.push(s(g, local(2025, 1, 29, 10, 30, 0), Outage, Some(High)).on("network", "dc-wuxi"));
    v.push(s(g, local(2025, 1, 31, 11, 2, 51), Question, None));
    v.push(s(g, local(2025, 2, 2, 15, 44, 8), Fault, Some(Medium)));
    v.push(s(g, local(2025, 2, 4, 23, 1, 16), Fault, Some(Low)));
    // Saturday 8 February, worked.
    v.push(
        s(g, local(2025, 2, 8, 10, 5, 27), Fault, Some(High)).on("data-interface", "head-office"),
    );
    v.push(s(g, local(2025, 2, 8, 15, 30, 0), Question, None));
    // Sunday 27 April, worked for Labour Day; a report at the opening second.
    v.push(s(g, local(2025, 4, 27, 9, 0, 0), Fault, Some(Low)));
    v.push(s(g, local(2025, 4, 27, 11, 0, 40), Question, None));
    // Labour Day (1-5 May off).
    v.push(s(g, local(2025, 5, 1, 13, 12, 9), Fault, Some(Medium)));
    v.push(s(g, local(2025, 5, 4, 2, 47, 33), Outage, Some(High)).on("terminal", "dc-ningbo"));
    // Sunday 28 September, worked for National Day.
    v.push(s(g, local(2025, 9, 28, 10, 18, 50), Fault, Some(Medium)));
    v.push(s(g, local(2025, 9, 28, 16, 2, 14), Cr, None));
    // The eve of National Day: a 24 h clock that runs across eight days off.
    v.push(
        s(g, local(2025, 9, 30, 17, 40, 3), Fault, Some(Medium)).on("back-office", "head-office"),
    );
    v.push(s(g, local(2025, 9, 30, 21, 0, 29), Fault, Some(High)));
    // National Day and Mid-autumn (1-8 October off).
    v.push(s(g, local(2025, 10, 1, 9, 20, 45), Outage, Some(High)).on("terminal", "dc-hangzhou"));
    v.push(s(g, local(2025, 10, 5, 14, 6, 6), Question, None));
    v.push(s(g, local(2025, 10, 6, 19, 33, 20), Fault, Some(Medium)));
    v.push(s(g, local(2025, 10, 7, 23, 0, 11), Fault, Some(Low)));
    // Saturday 11 October, worked.
    v.push(s(g, local(2025, 10, 11, 9, 12, 57), Fault, Some(High)));
    v.push(s(g, local(2025, 10, 11, 14, 47, 38), Question, None));
    // Out of scope: printers are not on the attached hardware list (2.3).
    for (m, d, h, p) in [
        (3, 11, 10, Medium),
        (5, 27, 15, Low),
        (8, 4, 9, High),
        (10, 21, 11, Medium),
        (12, 2, 16, Low),
    ] {
        let t = local(2025, m, d, h, 0, 0) + g.rng.range(0, 3599);
        let mut spec = s(g, t, Fault, Some(p));
        spec.component = Some("printer-fleet");
        v.push(spec);
    }
    // Out of scope by site: a partner's warehouse, excluded explicitly.
    for (m, d) in [(6, 17), (11, 5)] {
        let t = local(2025, m, d, 10, 0, 0) + g.rng.range(0, 6 * 3600);
        let mut spec = s(g, t, Fault, Some(Medium)).on("terminal", "partner-kunshan");
        spec.exclusion = Some("out_of_scope");
        v.push(spec);
    }
    // Every exclusion reason of 2.4 at least once, whatever the draws.
    for (i, reason) in [
        "customer_error",
        "customer_change",
        "customer_data",
        "customer_access",
        "customer_compliance",
        "other_agreed",
    ]
    .into_iter()
    .enumerate()
    {
        let t = local(2025, 2 + 2 * i as u32, 12, 14, 0, 0) + g.rng.range(0, 3 * 3600);
        let class = if reason == "customer_compliance" {
            Cr
        } else {
            Fault
        };
        let mut spec = s(g, t, class, (class == Fault).then_some(Medium));
        spec.exclusion = Some(reason);
        v.push(spec);
    }
    // A twice-reopened fault.
    let mut spec = s(g, local(2025, 7, 2, 10, 21, 13), Fault, Some(Medium));
    spec.reopens = 2;
    v.push(spec);
    // Waiting on the customer at the end of the year.
    let mut spec = s(g, local(2025, 12, 22, 11, 8, 40), Fault, Some(Low));
    spec.awaiting_at_end = true;
    v.push(spec);
    let mut spec = s(g, local(2025, 12, 29, 15, 25, 2), Question, None);
    spec.awaiting_at_end = true;
    v.push(spec);
    let mut spec = s(g, local(2025, 12, 3, 10, 2, 56), Cr, None);
    spec.awaiting_at_end = true;
    v.push(spec);
    // Reported on the last day, resolved (if ever) next year.
    v.push(s(g, local(2025, 12, 31, 16, 40, 7), Fault, Some(Medium)));
    v.push(s(g, local(2025, 12, 31, 22, 15, 49), Fault, Some(High)));
    v
}

// ---------------------------------------------------------------------------------------------
// Outages

/// One outage of the year: local start `(y, m, d, h, mi)`, minutes down, component, cause
/// (an exclusion reason, if the outage was not the provider's), and how it is written.
struct OutageRow {
    start: (i32, u32, u32, u32, u32),
    minutes: i64,
    component: &'static str,
    cause: Option<&'static str>,
    form: Form,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// An `outage` record with an id.
    Record,
    /// An `outage` record without an id.
    Anonymous,
    /// `outage_started` and `outage_ended`.
    Pair,
    /// `outage_started` only: still down at the end of the year.
    Open,
}

const fn row(
    start: (i32, u32, u32, u32, u32),
    minutes: i64,
    component: &'static str,
    cause: Option<&'static str>,
    form: Form,
) -> OutageRow {
    OutageRow {
        start,
        minutes,
        component,
        cause,
        form,
    }
}

const DI: &str = "data-interface";
const BO: &str = "back-office";

/// The year's outages, in start order. Provider-caused downtime of the core platform (the union
/// of data-interface and back-office) comes to about 31 h, under the year's 43 h 48 min budget;
/// January, March, July and November exceed their monthly share.
#[rustfmt::skip]
const OUTAGES: &[OutageRow] = &[
    // Across New Year: 23:00-01:00, one hour of it in 2025.
    row((2024, 12, 31, 23, 0), 120, DI, None, Form::Record),
    row((2025, 1, 7, 10, 12), 45, BO, None, Form::Record),
    row((2025, 1, 15, 14, 30), 40, DI, None, Form::Record),
    // The customer's firewall blocked the interface while its network was up (2.4(4)).
    row((2025, 1, 20, 9, 50), 90, DI, Some("customer_access"), Form::Record),
    row((2025, 1, 27, 20, 5), 35, DI, None, Form::Record),
    row((2025, 1, 30, 3, 10), 70, BO, None, Form::Pair),
    row((2025, 2, 3, 8, 0), 180, "kanban-display", None, Form::Anonymous),
    row((2025, 2, 10, 9, 40), 25, DI, None, Form::Record),
    row((2025, 2, 19, 16, 0), 50, BO, None, Form::Record),
    // Overlap: both core components, counted once for the platform.
    row((2025, 2, 26, 11, 20), 20, DI, None, Form::Record),
    row((2025, 2, 26, 11, 25), 20, BO, None, Form::Record),
    // The year's longest: a storage failure behind the data interface, with a knock-on.
    row((2025, 3, 5, 13, 10), 230, DI, None, Form::Pair),
    row((2025, 3, 5, 13, 20), 160, "kanban-display", None, Form::Anonymous),
    row((2025, 3, 5, 14, 0), 90, BO, None, Form::Record),
    // The customer changed its directory server (2.4(2)).
    row((2025, 3, 12, 14, 0), 120, BO, Some("customer_change"), Form::Record),
    row((2025, 3, 18, 22, 30), 40, BO, None, Form::Record),
    row((2025, 3, 27, 8, 50), 20, DI, None, Form::Record),
    row((2025, 4, 9, 15, 15), 35, BO, None, Form::Record),
    row((2025, 4, 15, 13, 0), 60, "network", None, Form::Record),
    row((2025, 4, 22, 10, 0), 30, DI, None, Form::Record),
    row((2025, 4, 27, 11, 5), 40, BO, None, Form::Record),
    row((2025, 5, 3, 21, 0), 60, DI, None, Form::Pair),
    // An operator deleted the interface's routing table (2.4(1)).
    row((2025, 5, 14, 10, 30), 180, DI, Some("customer_error"), Form::Record),
    row((2025, 5, 20, 14, 45), 35, BO, None, Form::Record),
    row((2025, 6, 4, 9, 30), 50, DI, None, Form::Record),
    row((2025, 6, 4, 9, 40), 30, BO, None, Form::Record),
    row((2025, 6, 18, 20, 0), 120, "terminal", None, Form::Record),
    row((2025, 6, 25, 17, 40), 25, BO, None, Form::Record),
    // An overheating server room, with the interface following.
    row((2025, 7, 8, 13, 0), 210, BO, None, Form::Record),
    row((2025, 7, 8, 15, 0), 110, DI, None, Form::Record),
    row((2025, 7, 23, 10, 10), 45, DI, None, Form::Record),
    row((2025, 8, 6, 2, 15), 50, DI, None, Form::Pair),
    // A city power cut, agreed as force majeure (2.4(6)).
    row((2025, 8, 12, 6, 0), 240, BO, Some("other_agreed"), Form::Record),
    row((2025, 8, 19, 15, 30), 40, BO, None, Form::Record),
    row((2025, 8, 28, 9, 0), 40, "kanban-display", None, Form::Record),
    row((2025, 9, 10, 10, 20), 20, DI, None, Form::Record),
    // A bad master-data import from the customer's ERP blocked the interface (2.4(3)).
    row((2025, 9, 16, 13, 0), 60, DI, Some("customer_data"), Form::Record),
    row((2025, 9, 28, 14, 0), 45, BO, None, Form::Record),
    row((2025, 9, 30, 19, 30), 40, DI, None, Form::Record),
    row((2025, 10, 3, 9, 0), 100, DI, None, Form::Pair),
    row((2025, 10, 5, 11, 0), 90, "network", None, Form::Pair),
    row((2025, 10, 11, 10, 30), 30, BO, None, Form::Record),
    // The customer's statutory security assessment took the interface offline (2.4(5)).
    row((2025, 10, 20, 10, 0), 120, DI, Some("customer_compliance"), Form::Record),
    row((2025, 10, 24, 16, 10), 35, DI, None, Form::Record),
    // Singles' Day load: back-office, the interface, the display wall; the customer's VPN too.
    row((2025, 11, 11, 0, 20), 130, BO, None, Form::Pair),
    row((2025, 11, 11, 0, 30), 120, "kanban-display", None, Form::Anonymous),
    row((2025, 11, 11, 1, 0), 70, DI, None, Form::Record),
    row((2025, 11, 11, 2, 0), 60, DI, Some("customer_access"), Form::Record),
    row((2025, 11, 12, 10, 0), 70, DI, None, Form::Record),
    row((2025, 11, 26, 14, 40), 35, BO, None, Form::Record),
    // A third-party SMS gateway outside the contract took the back-office login down (2.3).
    row((2025, 12, 3, 15, 0), 45, BO, Some("out_of_scope"), Form::Record),
    row((2025, 12, 9, 11, 0), 35, DI, None, Form::Record),
    row((2025, 12, 15, 14, 0), 50, "terminal", None, Form::Record),
    row((2025, 12, 22, 20, 30), 50, BO, None, Form::Pair),
    row((2025, 12, 31, 23, 20), 0, BO, None, Form::Open),
];

/// Writes the outages and returns the incidents they raise.
fn outages(g: &mut Gen) -> Vec<Spec> {
    let mut specs = Vec::new();
    for (i, o) in OUTAGES.iter().enumerate() {
        let id = format!("OUT-2025-{:03}", i + 1);
        let (y, m, d, h, mi) = o.start;
        let first = i == 0;
        let from = local(y, m, d, h, mi, 0) + if first { 0 } else { g.rng.range(0, 59) };
        let to = from + o.minutes * 60 + if first { 0 } else { g.rng.range(0, 59) };
        let mut fields = Vec::new();
        if o.form != Form::Anonymous {
            fields.push(("outage", id.clone()));
        }
        fields.push(("component", o.component.to_owned()));
        if let Some(c) = o.cause {
            fields.push(("cause", c.to_owned()));
        }
        match o.form {
            Form::Record | Form::Anonymous => {
                fields.push(("from", rfc3339(from)));
                fields.push(("to", rfc3339(to)));
                g.out.push(from, "outage", &fields);
            }
            Form::Pair | Form::Open => {
                g.out.push(from, "outage_started", &fields);
                if o.form == Form::Pair {
                    g.out.push(to, "outage_ended", &[("outage", id.clone())]);
                }
            }
        }
        // Most outages are reported by someone at a site; a short blip may go unreported.
        if o.minutes != 0 && o.minutes < 25 && !g.rng.chance(500) {
            continue;
        }
        // Reported a few minutes in (the New Year one: after midnight, by the night shift).
        let reported = (from + g.rng.range(120, 11 * 60)).max(year_start() + 12 * 60 + 7);
        let core = CORE.contains(&o.component);
        let class = if core || g.rng.chance(700) {
            Class::Outage
        } else {
            Class::Fault
        };
        let prio = if g.rng.chance(900) {
            Prio::High
        } else {
            Prio::Medium
        };
        let mut spec = Spec::new(reported, class, Some(prio));
        spec.component = Some(o.component);
        spec.site = Some(if core && g.rng.chance(500) {
            "head-office"
        } else {
            g.rng.pick(&SITES[1..])
        });
        spec.exclusion = o.cause;
        spec.outage_end = Some((o.form != Form::Open).then_some(to));
        specs.push(spec);
    }
    specs
}

// ---------------------------------------------------------------------------------------------
// Changes

/// One change: `announce` is a list of (notice time, window from, window to); `performed` the
/// actual window; `kind_on_performed` writes the kind on the performance record too.
struct ChangeRow {
    kind: &'static str,
    announce: Vec<(i64, i64, i64)>,
    performed: Option<(i64, i64)>,
    component: Option<&'static str>,
    kind_on_performed: bool,
    /// Whether its downtime counts under the default readings (not noticed in time, or held in
    /// service hours): for the summary only.
    counts: bool,
}

fn changes(g: &mut Gen) -> Vec<ChangeRow> {
    let t = local;
    let ch = |kind, announce: Vec<(i64, i64, i64)>, performed, component, counts| ChangeRow {
        kind,
        announce,
        performed,
        component,
        kind_on_performed: false,
        counts,
    };
    let mut v = Vec::new();
    let m = "maintenance";
    let u = "upgrade";
    // Monthly maintenance, at night or on a holiday, announced 3+ days ahead.
    let night = |y, mo, d, h0, h1_next: Option<(u32, u32)>| {
        let from = t(y, mo, d, h0, 0, 0);
        let to = match h1_next {
            Some((h, mi)) => t(y, mo, d, 0, 0, 0) + DAY + i64::from(h) * HOUR + i64::from(mi) * 60,
            None => from + 3 * HOUR,
        };
        (from, to)
    };
    let (f, e) = night(2025, 1, 11, 23, Some((2, 0)));
    v.push(ch(
        m,
        vec![(t(2025, 1, 6, 10, 30, 0), f, e)],
        Some((f, e - 600)),
        None,
        false,
    ));
    // Spring Festival: a daytime window on a day off is outside service hours (4.3).
    let (f, e) = (t(2025, 2, 2, 10, 0, 0), t(2025, 2, 2, 13, 0, 0));
    v.push(ch(
        m,
        vec![(t(2025, 1, 24, 15, 0, 0), f, e)],
        Some((f, e - 1500)),
        Some(BO),
        false,
    ));
    // Quarterly upgrade, well announced.
    let (f, e) = (t(2025, 3, 15, 22, 0, 0), t(2025, 3, 16, 1, 0, 0));
    v.push(ch(
        u,
        vec![(t(2025, 3, 4, 10, 0, 0), f, e)],
        Some((f, e - 1200)),
        None,
        false,
    ));
    let (f, e) = night(2025, 3, 8, 23, Some((2, 0)));
    v.push(ch(
        m,
        vec![(t(2025, 3, 3, 11, 0, 0), f, e)],
        Some((f + 300, e)),
        Some(DI),
        false,
    ));
    // Overran its window by 55 minutes.
    let (f, e) = night(2025, 4, 12, 23, Some((1, 30)));
    v.push(ch(
        m,
        vec![(t(2025, 4, 7, 9, 45, 0), f, e)],
        Some((f, e + 55 * 60)),
        None,
        false,
    ));
    // An urgent security upgrade, announced the same afternoon (3.1(4)).
    let (f, e) = (t(2025, 4, 17, 21, 0, 0), t(2025, 4, 17, 21, 45, 0));
    v.push(ch(
        "security_upgrade",
        vec![(t(2025, 4, 17, 15, 10, 0), f, e)],
        Some((f, e - 300)),
        None,
        false,
    ));
    // Only two days' notice (4.3 wants three).
    let (f, e) = night(2025, 5, 24, 23, Some((1, 0)));
    v.push(ch(
        m,
        vec![(t(2025, 5, 22, 16, 0, 0), f, e)],
        Some((f, e)),
        None,
        true,
    ));
    // Quarterly upgrade; announced 3 June.
    let (f, e) = (t(2025, 6, 14, 22, 0, 0), t(2025, 6, 15, 2, 0, 0));
    v.push(ch(
        u,
        vec![(t(2025, 6, 3, 10, 0, 0), f, e)],
        Some((f, e - 600)),
        None,
        false,
    ));
    // Rescheduled: announced for 21 June, moved to 28 June with a second notice.
    let (f1, e1) = night(2025, 6, 21, 23, Some((2, 0)));
    let (f2, e2) = night(2025, 6, 28, 23, Some((2, 0)));
    v.push(ch(
        m,
        vec![
            (t(2025, 6, 3, 10, 5, 0), f1, e1),
            (t(2025, 6, 16, 14, 0, 0), f2, e2),
        ],
        Some((f2, e2 - 20 * 60)),
        Some(BO),
        false,
    ));
    let (f, e) = night(2025, 7, 12, 23, Some((2, 0)));
    v.push(ch(
        m,
        vec![(t(2025, 7, 7, 10, 0, 0), f, e)],
        Some((f, e - 1800)),
        None,
        false,
    ));
    // Maintenance with no announcement at all: the record carries the kind.
    let mut c = ch(
        m,
        Vec::new(),
        Some((t(2025, 7, 16, 20, 30, 0), t(2025, 7, 16, 21, 15, 0))),
        Some(DI),
        true,
    );
    c.kind_on_performed = true;
    v.push(c);
    // A minor patch announced anyway, as a courtesy.
    let (f, e) = (t(2025, 7, 30, 19, 30, 0), t(2025, 7, 30, 19, 45, 0));
    let mut c = ch(
        "minor_patch",
        vec![(t(2025, 7, 29, 17, 0, 0), f, e)],
        Some((f, e - 180)),
        Some(BO),
        false,
    );
    c.kind_on_performed = true;
    v.push(c);
    // Announced six days ahead but held inside service hours (4.3 wants it outside).
    let (f, e) = (t(2025, 8, 12, 14, 0, 0), t(2025, 8, 12, 15, 0, 0));
    v.push(ch(
        m,
        vec![(t(2025, 8, 6, 11, 30, 0), f, e)],
        Some((f, e)),
        Some(BO),
        true,
    ));
    let (f, e) = night(2025, 9, 6, 23, Some((1, 0)));
    v.push(ch(
        m,
        vec![(t(2025, 9, 1, 10, 0, 0), f, e)],
        Some((f, e - 900)),
        None,
        false,
    ));
    // Quarterly upgrade announced only three working days ahead (3.1(4) wants five).
    let (f, e) = (t(2025, 9, 13, 22, 0, 0), t(2025, 9, 13, 23, 30, 0));
    v.push(ch(
        u,
        vec![(t(2025, 9, 10, 10, 0, 0), f, e)],
        Some((f, e + 600)),
        None,
        true,
    ));
    // National Day: a daytime window on a day off.
    let (f, e) = (t(2025, 10, 4, 14, 0, 0), t(2025, 10, 4, 17, 0, 0));
    v.push(ch(
        m,
        vec![(t(2025, 9, 25, 16, 0, 0), f, e)],
        Some((f, e - 2400)),
        Some(DI),
        false,
    ));
    // Exactly three days' notice: 15 October for a window on the 18th.
    let (f, e) = night(2025, 10, 18, 23, Some((1, 30)));
    v.push(ch(
        m,
        vec![(t(2025, 10, 15, 18, 0, 0), f, e)],
        Some((f, e)),
        None,
        false,
    ));
    let (f, e) = night(2025, 11, 8, 23, Some((2, 0)));
    v.push(ch(
        m,
        vec![(t(2025, 11, 3, 10, 0, 0), f, e)],
        Some((f, e - 1200)),
        None,
        false,
    ));
    // An urgent security upgrade inside service hours.
    let (f, e) = (t(2025, 11, 20, 12, 30, 0), t(2025, 11, 20, 13, 0, 0));
    let mut c = ch(
        "security_upgrade",
        vec![(t(2025, 11, 20, 11, 5, 0), f, e)],
        Some((f, e - 300)),
        Some(DI),
        false,
    );
    c.kind_on_performed = true;
    v.push(c);
    let (f, e) = night(2025, 12, 6, 23, Some((1, 0)));
    v.push(ch(
        m,
        vec![(t(2025, 12, 1, 10, 0, 0), f, e)],
        Some((f, e)),
        None,
        false,
    ));
    // Quarterly upgrade announced on the last day that gives five working days (3.1(4), Q9).
    let day = NaiveDate::from_ymd_opt(2025, 12, 13).unwrap();
    let last = g.cal.working_day_before(day, 5);
    let notice = t(last.year(), last.month(), last.day(), 17, 30, 0);
    let (f, e) = (t(2025, 12, 13, 22, 0, 0), t(2025, 12, 14, 1, 0, 0));
    v.push(ch(u, vec![(notice, f, e)], Some((f, e - 900)), None, false));
    // Announced, then cancelled: never performed.
    let (f, e) = night(2025, 12, 20, 23, Some((1, 0)));
    v.push(ch(
        m,
        vec![(t(2025, 12, 15, 10, 0, 0), f, e)],
        None,
        None,
        false,
    ));
    // Minor patches with controlled risk, no notice needed (5.1(4)).
    for (mo, d, h, mi, mins, comp) in [
        (1, 9, 19, 30, 10, Some(BO)),
        (2, 19, 20, 0, 15, Some("kanban-display")),
        (3, 26, 12, 10, 5, Some(BO)),
        (5, 8, 19, 0, 8, Some(DI)),
        (6, 26, 20, 15, 12, Some("kanban-display")),
        (8, 21, 19, 40, 12, Some(BO)),
        (9, 24, 20, 0, 20, Some("terminal")),
        (10, 23, 20, 5, 10, None),
        (12, 17, 19, 45, 10, Some(DI)),
    ] {
        let f = t(2025, mo, d, h, mi, 0) + g.rng.range(0, 59);
        let mut c = ch(
            "minor_patch",
            Vec::new(),
            Some((f, f + mins * 60)),
            comp,
            false,
        );
        c.kind_on_performed = true;
        v.push(c);
    }
    v.sort_by_key(|c| {
        c.announce
            .first()
            .map(|a| a.0)
            .or(c.performed.map(|p| p.0))
            .unwrap_or(0)
    });
    for (i, c) in v.iter().enumerate() {
        let id = format!("CHG-2025-{:03}", i + 1);
        for &(at, from, to) in &c.announce {
            g.out.push(
                at,
                "maintenance_announced",
                &[
                    ("change", id.clone()),
                    ("kind", c.kind.to_owned()),
                    ("from", rfc3339(from)),
                    ("to", rfc3339(to)),
                ],
            );
        }
        if let Some((from, to)) = c.performed {
            let mut fields = vec![("change", id.clone())];
            if c.kind_on_performed {
                fields.push(("kind", c.kind.to_owned()));
            }
            fields.push(("from", rfc3339(from)));
            fields.push(("to", rfc3339(to)));
            if let Some(comp) = c.component {
                fields.push(("component", comp.to_owned()));
            }
            g.out.push(from, "maintenance_performed", &fields);
        }
    }
    v
}

// ---------------------------------------------------------------------------------------------
// The year

fn build() -> (String, Plan, Vec<ChangeRow>) {
    build_with(RANDOM_INCIDENTS)
}

/// The year with `random` incidents drawn at random instead of [`RANDOM_INCIDENTS`] (the special
/// dates, outages and changes are the same): a larger year for measuring, not the committed one.
fn build_with(random: usize) -> (String, Plan, Vec<ChangeRow>) {
    let cal = Cal(Calendar::cn_standard().expect("the cn-standard calendar builds"));
    let mut g = Gen {
        rng: Rng(SEED),
        cal,
        out: Out::default(),
        plan: Plan::default(),
    };
    let mut specs = outages(&mut g);
    let changes = changes(&mut g);
    specs.extend(special_specs(&mut g));
    for _ in 0..random {
        let at = g.random_report();
        let spec = g.random_spec(at, None);
        specs.push(spec);
    }
    specs.sort_by_key(|s| s.reported);
    for (i, spec) in specs.iter().enumerate() {
        let id = format!("INC-2025-{:04}", i + 1);
        g.incident(&id, spec);
    }
    backups(&mut g.out);
    (g.out.finish(), g.plan, changes)
}

/// Weekly backups on Sunday night (2.2(2)); the two Sundays of 10 and 17 August are missed, a
/// 21-day gap against the seed's 7 days.
fn backups(out: &mut Out) {
    let mut day = NaiveDate::from_ymd_opt(2025, 1, 5).expect("a Sunday");
    while day.year() == 2025 {
        let missed = (day.month(), day.day()) == (8, 10) || (day.month(), day.day()) == (8, 17);
        if !missed {
            out.push(
                local(day.year(), day.month(), day.day(), 2, 30, 0),
                "backup_completed",
                &[],
            );
        }
        day = day + chrono::Days::new(7);
    }
}

/// The year's events as JSON Lines, sorted by time; the same bytes on every call.
pub fn generate() -> String {
    build().0
}

/// Reads `text` back with the library, as the seed contract reads it: the log, or every
/// rejected line.
fn check(text: &str) -> Result<EventLog, String> {
    let judge = Evaluator::new(Contract::seed(), Calendar::cn_standard().unwrap());
    let mut log = judge.new_log("kanban-2025.jsonl");
    read_jsonl(&mut log, text.as_bytes()).map_err(|e| e.to_string())?;
    if log.rejections().is_empty() {
        Ok(log)
    } else {
        let mut msg = format!("{} rejected lines:\n", log.rejections().total);
        for e in log.rejections().listed() {
            writeln!(msg, "  {e}").unwrap();
        }
        Err(msg)
    }
}

/// Merges intervals and returns their total length.
fn union_secs(mut iv: Vec<(i64, i64)>) -> i64 {
    iv.sort_unstable();
    let mut total = 0;
    let mut cur: Option<(i64, i64)> = None;
    for (a, b) in iv {
        match cur {
            Some((ca, cb)) if a <= cb => cur = Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                total += cb - ca;
                cur = Some((a, b));
            }
            None => cur = Some((a, b)),
        }
    }
    total + cur.map_or(0, |(a, b)| b - a)
}

fn hm(secs: i64) -> String {
    format!("{}h{:02}m", secs / HOUR, (secs % HOUR) / 60)
}

/// Targets met and missed, by metric (response, start, resolution).
#[derive(Debug, Default)]
struct Measured {
    met: [usize; 3],
    late: [usize; 3],
    exact: [usize; 3],
}

impl Measured {
    fn record(&mut self, metric: usize, elapsed: i64, limit: i64) {
        if elapsed > limit {
            self.late[metric] += 1;
        } else {
            self.met[metric] += 1;
        }
        if elapsed == limit {
            self.exact[metric] += 1;
        }
    }
}

/// An incident's history as the checks below read it: the library keeps one list of steps in
/// the order applied; this splits it by kind.
pub struct Flat {
    pub reported_at: i64,
    pub class: IncidentClass,
    pub priority: Option<Priority>,
    pub component: Option<String>,
    pub pauses: Vec<(i64, Option<i64>)>,
    pub stops: Vec<(i64, StopEvent)>,
    pub reopens: Vec<i64>,
    pub priority_changes: Vec<(i64, Priority)>,
    pub exclusion: Option<(i64, sla_engine::contract::ExclusionReason)>,
    pub final_priority: Option<Priority>,
}

pub fn flat(i: impl std::ops::Deref<Target = IncidentLog>) -> Flat {
    let mut f = Flat {
        reported_at: i.reported_at.as_second(),
        class: i.class,
        priority: i.priority,
        component: i.component.as_deref().map(str::to_owned),
        pauses: Vec::new(),
        stops: Vec::new(),
        reopens: Vec::new(),
        priority_changes: Vec::new(),
        exclusion: None,
        final_priority: i.final_priority(),
    };
    for s in i.history() {
        let t = s.at.as_second();
        match s.kind {
            StepKind::Stop(e) => f.stops.push((t, e)),
            StepKind::Reopened => f.reopens.push(t),
            StepKind::PriorityChanged(p) => f.priority_changes.push((t, p)),
            StepKind::AwaitingCustomer => f.pauses.push((t, None)),
            StepKind::CustomerReplied => {
                if let Some(p) = f.pauses.last_mut() {
                    p.1 = Some(t);
                }
            }
            StepKind::Excluded(r) => f.exclusion = Some((t, r)),
        }
    }
    f
}

/// An outage as the checks below read it.
pub struct FlatOutage {
    pub component: String,
    pub from: i64,
    pub to: Option<i64>,
    pub cause: Option<sla_engine::contract::ExclusionReason>,
}

pub fn flat_outages(log: &EventLog) -> Vec<FlatOutage> {
    log.outages()
        .map(|o| FlatOutage {
            component: o.component.to_string(),
            from: o.from.as_second(),
            to: o.to.map(Timestamp::as_second),
            cause: o.cause,
        })
        .collect()
}

/// A rough, independent re-check of the timelines under the seed contract's default readings
/// (wall-clock responses, business-clock work targets from the report, pauses stop the clocks,
/// a reopening resumes the resolution clock), leaving out excluded and out-of-scope incidents
/// and incidents whose clock has not stopped. The engine's verdicts are the authority; this only
/// shows that the year has the intended mix.
fn measure(cal: &Cal, log: &EventLog) -> Measured {
    use StopEvent::{Resolved, Responded, WorkStarted, Workaround};
    let mut m = Measured::default();
    for i in log.incidents().map(flat) {
        if i.exclusion.is_some() || i.component.as_deref() == Some("printer-fleet") {
            continue;
        }
        let r = i.reported_at;
        let paused = |a: i64, b: i64| -> i64 {
            i.pauses
                .iter()
                .map(|&(from, to)| (from.max(a), to.unwrap_or(b).min(b)))
                .filter(|(x, y)| x < y)
                .map(|(x, y)| cal.between(x, y))
                .sum()
        };
        let first = |stops: &[StopEvent]| {
            i.stops
                .iter()
                .find(|(_, s)| stops.contains(s))
                .map(|&(t, _)| t)
        };
        let any = [Responded, WorkStarted, Workaround, Resolved];
        match i.class {
            IncidentClass::Outage => {
                let limit = if cal.open(r) { 15 * 60 } else { HOUR };
                if let Some(t) = first(&any) {
                    m.record(0, t - r, limit);
                }
            }
            IncidentClass::Question => {
                if let Some(t) = first(&any) {
                    m.record(0, cal.between(r, t) - paused(r, t), 4 * HOUR);
                }
            }
            _ => {}
        }
        if !matches!(i.class, IncidentClass::Outage | IncidentClass::Fault) {
            continue;
        }
        let p = i.final_priority;
        if let Some(t) = first(&[WorkStarted, Workaround, Resolved]) {
            match p {
                Some(Priority::High) => m.record(1, cal.between(r, t) - paused(r, t), 4 * HOUR),
                Some(Priority::Medium) => m.record(1, cal.between(r, t) - paused(r, t), 8 * HOUR),
                _ => {
                    let deadline = cal.end_of_next_working_day(r);
                    m.record(1, t, deadline);
                }
            }
        }
        let (stops, limit): (&[StopEvent], i64) = match p {
            Some(Priority::High) => (&[Workaround, Resolved], 8 * HOUR),
            Some(Priority::Medium) => (&[Resolved], 24 * HOUR),
            _ => continue,
        };
        // Segments of the resolution clock: from the report to the first stop, and from each
        // reopening to the next stop; `None` while it still runs.
        let mut from = r;
        let mut elapsed = 0;
        let stopped = loop {
            let next = i
                .stops
                .iter()
                .find(|&&(t, s)| (t > from || (t == from && from == r)) && stops.contains(&s));
            let Some(&(t, s)) = next else {
                break false;
            };
            elapsed += cal.between(from, t) - paused(from, t);
            match i.reopens.iter().find(|&&o| o > t) {
                Some(&o) if s == Resolved => from = o,
                _ => break true,
            }
        };
        if stopped {
            m.record(2, elapsed, limit);
        }
    }
    m
}

/// What the year contains, for people (written to standard error by `main`).
fn summary(log: &EventLog, plan: &Plan, changes: &[ChangeRow]) -> String {
    let mut s = String::new();
    let count = |map: &mut BTreeMap<String, usize>, k: &str| {
        *map.entry(k.to_owned()).or_default() += 1;
    };
    let cal = Cal(Calendar::cn_standard().unwrap());
    let (mut class, mut prio, mut final_prio, mut excl, mut kinds) = Default::default();
    let mut reports = BTreeMap::new();
    let incidents: Vec<Flat> = log.incidents().map(flat).collect();
    let outages = flat_outages(log);
    let log_changes: Vec<_> = log.changes().collect();
    for i in &incidents {
        count(&mut class, &i.class.to_string());
        count(
            &mut prio,
            &i.priority.map_or("none".to_owned(), |p| p.to_string()),
        );
        if let Some((_, r)) = i.exclusion {
            count(&mut excl, &r.to_string());
        }
        count(
            &mut final_prio,
            &i.final_priority
                .map_or("none".to_owned(), |p| p.to_string()),
        );
        let key = if cal.open(i.reported_at) {
            "in service hours"
        } else if cal.working_day(date_of(i.reported_at)) {
            "outside hours on a working day"
        } else {
            "on a weekend or holiday"
        };
        count(&mut reports, key);
    }
    for c in &log_changes {
        count(
            &mut kinds,
            &c.kind.map_or("?".to_owned(), |k| k.to_string()),
        );
    }
    let with_pauses = incidents.iter().filter(|i| !i.pauses.is_empty()).count();
    let pauses: usize = incidents.iter().map(|i| i.pauses.len()).sum();
    let open_pauses = incidents
        .iter()
        .filter(|i| i.pauses.last().is_some_and(|p| p.1.is_none()))
        .count();
    let reopened = incidents.iter().filter(|i| !i.reopens.is_empty()).count();
    let reopens: usize = incidents.iter().map(|i| i.reopens.len()).sum();
    let changed = incidents
        .iter()
        .filter(|i| !i.priority_changes.is_empty())
        .count();
    let unresolved = incidents
        .iter()
        .filter(|i| {
            let last_res = i
                .stops
                .iter()
                .filter(|(_, e)| e.as_str() == "resolved")
                .map(|&(t, _)| t)
                .max();
            match (last_res, i.reopens.last()) {
                (None, _) => true,
                (Some(r), Some(&o)) => o > r,
                _ => false,
            }
        })
        .count();
    let printers = incidents
        .iter()
        .filter(|i| i.component.as_deref() == Some("printer-fleet"))
        .count();
    writeln!(s, "incidents: {}", incidents.len()).unwrap();
    writeln!(s, "  by class: {class:?}").unwrap();
    writeln!(s, "  by reported priority: {prio:?}").unwrap();
    writeln!(s, "  by final priority: {final_prio:?}").unwrap();
    writeln!(s, "  reported: {reports:?}").unwrap();
    writeln!(
        s,
        "  with pauses: {with_pauses} ({pauses} pauses, {open_pauses} still awaiting the customer)"
    )
    .unwrap();
    writeln!(s, "  reopened: {reopened} ({reopens} reopenings)").unwrap();
    writeln!(s, "  with priority changes: {changed}").unwrap();
    writeln!(s, "  excluded: {excl:?}").unwrap();
    writeln!(s, "  printer-fleet (out of scope): {printers}").unwrap();
    writeln!(s, "  not resolved at the end of the year: {unresolved}").unwrap();
    for (k, name) in ["response", "start", "resolution"].iter().enumerate() {
        let [in_time, exact, late] = plan.drawn[k];
        writeln!(
            s,
            "  planned {name} stops: {in_time} in time, {exact} exactly at the deadline, {late} late",
        )
        .unwrap();
    }

    let measured = measure(&cal, log);
    for (k, name) in ["response", "start", "resolution"].iter().enumerate() {
        let total = measured.met[k] + measured.late[k];
        writeln!(
            s,
            "  checked {name} targets: {total}, late {} ({:.1} %), exactly at the deadline {}",
            measured.late[k],
            100.0 * measured.late[k] as f64 / total.max(1) as f64,
            measured.exact[k]
        )
        .unwrap();
    }

    let (lo, hi) = (year_start(), year_end());
    let core_outages: Vec<_> = outages
        .iter()
        .filter(|o| CORE.contains(&o.component.as_str()))
        .collect();
    let provider: Vec<(i64, i64)> = core_outages
        .iter()
        .filter(|o| o.cause.is_none())
        .map(|o| (o.from.max(lo), o.to.unwrap_or(hi).min(hi)))
        .filter(|(a, b)| a < b)
        .collect();
    let counted_changes: Vec<(i64, i64)> = changes
        .iter()
        .filter(|c| c.counts)
        .filter_map(|c| c.performed)
        .collect();
    let sum_provider: i64 = provider.iter().map(|(a, b)| b - a).sum();
    let union = union_secs(provider.clone());
    let mut all = provider.clone();
    all.extend(&counted_changes);
    let with_changes = union_secs(all.clone());
    writeln!(
        s,
        "outages: {} ({} of core components, {} with a cause; {} as started/ended pairs, {} open at the end)",
        outages.len(),
        core_outages.len(),
        outages.iter().filter(|o| o.cause.is_some()).count(),
        OUTAGES
            .iter()
            .filter(|o| matches!(o.form, Form::Pair | Form::Open))
            .count(),
        outages.iter().filter(|o| o.to.is_none()).count(),
    )
    .unwrap();
    writeln!(
        s,
        "  provider-caused core downtime in 2025: {} summed, {} as the platform union; {} with the changes whose downtime counts by default (budget 43h48m)",
        hm(sum_provider),
        hm(union),
        hm(with_changes)
    )
    .unwrap();
    let mut months = String::new();
    for m in 1..=12u32 {
        let a = local(2025, m, 1, 0, 0, 0);
        let b = if m == 12 {
            hi
        } else {
            local(2025, m + 1, 1, 0, 0, 0)
        };
        let clipped: Vec<_> = all
            .iter()
            .map(|&(x, y)| (x.max(a), y.min(b)))
            .filter(|(x, y)| x < y)
            .collect();
        let down = union_secs(clipped);
        let budget = (b - a) / 200;
        write!(
            months,
            " {m:02}:{}{}",
            hm(down),
            if down > budget { "!" } else { "" }
        )
        .unwrap();
    }
    writeln!(s, "  by month (! = over 0.5 %):{months}").unwrap();
    let announced = log_changes
        .iter()
        .filter(|c| !c.announcements.is_empty())
        .count();
    writeln!(
        s,
        "changes: {} by kind {kinds:?}; {announced} announced, {} performed",
        log_changes.len(),
        log_changes.iter().filter(|c| c.performed.is_some()).count()
    )
    .unwrap();
    writeln!(s, "events: {}", log.accepted()).unwrap();
    s
}

#[cfg_attr(test, allow(dead_code))]
fn main() {
    // `[--random-incidents N] [PATH]`: N incidents drawn at random (default RANDOM_INCIDENTS).
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut random = RANDOM_INCIDENTS;
    if let Some(k) = args.iter().position(|a| a == "--random-incidents") {
        let Some(n) = args.get(k + 1).and_then(|n| n.parse().ok()) else {
            eprintln!("generate_year: --random-incidents takes a number");
            std::process::exit(1);
        };
        random = n;
        args.drain(k..k + 2);
    }
    let (text, plan, changes) = build_with(random);
    let log = match check(&text) {
        Ok(log) => log,
        Err(msg) => {
            eprintln!("generate_year: the library rejects its own output: {msg}");
            std::process::exit(1);
        }
    };
    eprint!("{}", summary(&log, &plan, &changes));
    match args.into_iter().next() {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, &text) {
                eprintln!("generate_year: cannot write {path}: {e}");
                std::process::exit(1);
            }
            eprintln!("wrote {} bytes to {path}", text.len());
        }
        None => print!("{text}"),
    }
}
