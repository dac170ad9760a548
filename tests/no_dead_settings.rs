//! No dead settings: for every setting and every contract field, changing it changes a verdict
//! of the example year (or of a small log written for it, where the example year cannot show
//! it). A field that cannot change a verdict is listed in `LABELS` with the reason.
#![cfg(feature = "formats")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod contract_support;

use std::collections::BTreeSet;

use contract_support::*;
use rust_decimal::Decimal;
use sla_engine::audit::Audit;
use sla_engine::contract::{Contract, Obligation, PeriodKind, QUESTIONS, Settings};
use sla_engine::evaluate::Options;
use sla_engine::event::read_jsonl;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/data/kanban-2025.jsonl"
);

/// Fields that only name things: they appear in the report's provenance and headings, never in
/// a judgement.
const LABELS: [(&str, &str); 2] = [
    ("name", "the contract's name, shown in provenance"),
    ("description", "free text, shown in the report's heading"),
];

fn example_year(contract: &Contract) -> Audit {
    // Every change a case makes leaves a contract a file could hold.
    contract.validate().unwrap();
    let text = std::fs::read_to_string(DATA).unwrap();
    let judge = judge(contract);
    let mut log = judge.new_log("kanban-2025.jsonl");
    read_jsonl(&mut log, text.as_bytes()).unwrap();
    Audit::of(&judge, &log, years(2025, 2025, "2026-01-01 00:00"))
}

/// Everything a verdict is, and nothing that only names: per incident and target its outcome,
/// deadline, time used and lateness; per notice, availability period and obligation its outcome
/// and figures; the statement's amounts. Clause labels, ids and the currency are left out, so a
/// field that is only copied into the report cannot pass for one that judges.
fn verdicts(a: &Audit) -> serde_json::Value {
    let r = &a.report;
    let targets: Vec<_> = r
        .incidents
        .iter()
        .flat_map(|i| {
            i.verdicts.iter().map(move |v| {
                serde_json::json!([
                    i.id,
                    i.excluded,
                    v.metric,
                    v.outcome,
                    v.clock,
                    v.limit_seconds,
                    v.stopped_at,
                    v.deadline,
                    v.used_seconds,
                    v.margin_seconds,
                    v.late_wall_seconds,
                    v.pauses,
                    v.superseded,
                ])
            })
        })
        .collect();
    let notices: Vec<_> = r
        .notices
        .iter()
        .map(|n| {
            serde_json::json!([
                n.change,
                n.outcome,
                n.noticed_at,
                n.notice_due_by,
                n.downtime_excused,
            ])
        })
        .collect();
    let availability: Vec<_> = r
        .availability
        .iter()
        .map(|v| {
            serde_json::json!([
                v.scope,
                v.label,
                v.judged,
                v.outcome,
                v.downtime_seconds,
                v.period_seconds,
                v.budget_seconds,
                v.excused,
                v.availability_percent,
            ])
        })
        .collect();
    let recurring: Vec<_> = r
        .recurring
        .iter()
        .map(|o| serde_json::json!([o.outcome, o.occurrences, o.longest_gap_seconds, o.gaps_over]))
        .collect();
    let statement: Vec<_> = a
        .penalties
        .iter()
        .flat_map(|s| {
            s.lines
                .iter()
                .map(|l| (l.incident.clone(), l.quantity, l.amount))
        })
        .collect();
    serde_json::json!({
        "targets": targets,
        "notices": notices,
        "availability": availability,
        "availability_problem": r.availability_problem,
        "outside_objective": r.outside_objective,
        "recurring": recurring,
        "statement": statement,
        "total": a.penalties.as_ref().map(|s| s.total),
    })
}

/// Fields that name rather than judge: the clause labels, the currency and the "illustrative"
/// mark are copied into the report and the statement. Changing one must change what the report
/// shows (it is not dead) and no verdict.
const ECHOED: [&str; 10] = [
    "target.id",
    "target.clause",
    "out_of_hours.clause",
    "exclusions.clause",
    "notice.clause",
    "recurring.clause",
    "availability.clause",
    "penalties.clause",
    "penalties.currency",
    "penalties.illustrative",
];

/// Whether a change is live: an echoed field changes the report and no verdict; any other
/// field changes a verdict.
fn live(name: &str, before: &Audit, after: &Audit) -> bool {
    if ECHOED.contains(&name) {
        let shown = |a: &Audit| serde_json::to_value(a).unwrap();
        verdicts(after) == verdicts(before) && shown(after) != shown(before)
    } else {
        verdicts(after) != verdicts(before)
    }
}

type Change = fn(&mut Contract);

/// Changes of contract fields the example year shows (settings are all tried, from the
/// library's own list).
const ON_THE_EXAMPLE_YEAR: &[(&str, Change)] = &[
    // The calendar.
    ("calendar", |c| c.calendar = "24x7".into()),
    // Targets: each field of one target.
    // A target's id names it wherever it is used (the schedule's charges too): a label.
    ("target.id", |c| {
        let (old, new) = (c.targets[2].id.clone(), "start-high-renamed");
        c.targets[2].id = new.into();
        for b in &mut schedule(c).breaches {
            for t in &mut b.targets {
                if *t == old {
                    *t = new.into();
                }
            }
        }
    }),
    ("target.clause", |c| c.targets[2].clause = "9.9".into()),
    ("target.clock", |c| {
        c.targets[2].clock = "wall".parse().unwrap()
    }),
    ("target.classes", |c| c.targets[2].classes.truncate(1)),
    ("target.priorities", |c| c.targets[2].priorities.clear()),
    ("target.limit", |c| {
        c.targets[2].limit = sla_engine::contract::Limit::Duration(2 * 3600)
    }),
    ("target.stops_on", |c| {
        c.targets[3].stops_on.retain(|s| s.as_str() != "workaround")
    }),
    ("target.metric", |c| {
        c.targets[2].metric = "resolution".parse().unwrap()
    }),
    // Out-of-hours response.
    ("out_of_hours", |c| c.out_of_hours = None),
    ("out_of_hours.clause", |c| {
        c.out_of_hours.as_mut().unwrap().clause = "9.9".into()
    }),
    ("out_of_hours.limit", |c| {
        c.out_of_hours.as_mut().unwrap().limit = 60 * 60 * 4
    }),
    ("out_of_hours.replaces", |c| {
        c.out_of_hours.as_mut().unwrap().replaces = "response-question".into();
    }),
    // Scope.
    ("scope.components", |c| {
        c.scope.components.retain(|x| x != "network")
    }),
    ("scope.sites", |c| c.scope.sites = vec!["nowhere".into()]),
    ("scope.outside", |c| c.scope.outside.clear()),
    // Exclusions: a reason's clause, and the reasons dropped from the contract.
    ("exclusions.clause", |c| {
        for clause in c.exclusions.values_mut() {
            *clause = "9.9".into();
        }
    }),
    ("exclusions.<reason>", |c| c.exclusions.clear()),
    // Notices: each field of the maintenance rule.
    ("notice.clause", |c| {
        notice_rule(c, "maintenance").clause = "9.9".into()
    }),
    ("notice.required", |c| {
        notice_rule(c, "maintenance").required = false
    }),
    ("notice.lead", |c| notice_rule(c, "maintenance").lead = 10),
    ("notice.unit", |c| {
        // The year's maintenance notices, 3 days ahead, counted as working days.
        let r = notice_rule(c, "maintenance");
        r.unit = "working_days".parse().unwrap();
    }),
    ("notice.outside_service_hours", |c| {
        notice_rule(c, "maintenance").outside_service_hours = false;
    }),
    // The maintenance and security-upgrade rules trade kinds (one rule a kind, as a file must).
    ("notice.kind", |c| {
        let (maintenance, security) = (
            "maintenance".parse().unwrap(),
            "security_upgrade".parse().unwrap(),
        );
        for r in &mut c.notices {
            r.kind = match r.kind {
                k if k == maintenance => security,
                k if k == security => maintenance,
                k => k,
            };
        }
    }),
    // Availability.
    ("availability.target_percent", |c| {
        c.availability.target_percent = Decimal::new(999, 1)
    }),
    ("availability.components", |c| {
        c.availability.components.truncate(1)
    }),
    ("availability.period", |c| {
        c.availability.period = PeriodKind::Quarter
    }),
    ("availability.report_periods", |c| {
        c.availability.report_periods.clear()
    }),
    ("availability.percent_places", |c| {
        c.availability.percent_places = 1
    }),
    // Recurring obligations.
    ("recurring.every_days", |c| c.recurring[0].every_days = 1),
    ("recurring.clause", |c| c.recurring[0].clause = "9.9".into()),
    ("recurring.obligation", |c| {
        c.recurring[0].obligation = Obligation::Upgrade
    }),
    ("recurring", |c| c.recurring.clear()),
    // The penalty schedule.
    ("penalties", |c| c.penalties = None),
    ("penalties.annual_fee", |c| {
        schedule(c).annual_fee = Decimal::from(1000)
    }),
    ("penalties.scale", |c| schedule(c).scale = 0),
    ("penalties.stacking", |c| {
        schedule(c).stacking = "highest".parse().unwrap()
    }),
    ("penalties.breach", |c| schedule(c).breaches.truncate(1)),
    ("penalties.cap_per_incident", |c| {
        schedule(c).cap_per_incident = Some(Decimal::from(100))
    }),
    ("penalties.cap_per_period_percent", |c| {
        schedule(c).cap_per_period_percent = Some(Decimal::ONE);
    }),
    ("penalties.cap_total_percent", |c| {
        schedule(c).cap_total_percent = Some(Decimal::ONE)
    }),
    ("penalties.minimum", |c| {
        schedule(c).minimum = Some(Decimal::from(1_000_000))
    }),
    ("penalties.currency", |c| {
        schedule(c).currency = "EUR".into()
    }),
    ("penalties.illustrative", |c| {
        schedule(c).illustrative = false
    }),
    ("penalties.breach.amount", |c| {
        schedule(c).breaches[0].amount = Decimal::ONE
    }),
    ("penalties.breach.per_started_hour", |c| {
        schedule(c).breaches[0].per_started_hour = Decimal::from(1000);
    }),
    ("penalties.breach.targets", |c| {
        schedule(c).breaches[0].targets.clear()
    }),
    ("penalties.breach.lateness_clock", |c| {
        for b in &mut schedule(c).breaches {
            b.lateness_clock = "wall".parse().unwrap();
        }
    }),
    ("penalties.breach.cap_per_incident", |c| {
        for b in &mut schedule(c).breaches {
            b.cap_per_incident = Some(Decimal::from(100));
        }
    }),
];

/// Changes the example year shows once the seed is set up for them (first function), against
/// the same set-up without the change.
const FROM_A_SETUP: &[(&str, Change, Change)] = &[
    // The year's availability is met under the seed; at a 99.99 % target it is breached, and
    // its credit line carries the objective's clause and the band it falls in.
    ("availability.clause", strict_target, |c| {
        c.availability.clause = "9.9".into()
    }),
    // The band the year falls in, [99.0 %, 99.99 %), narrowed from below and from above.
    ("penalties.availability_tier.from", strict_target, |c| {
        schedule(c).availability_tiers[0].from = Decimal::new(9998, 2)
    }),
    ("penalties.availability_tier.to", strict_target, |c| {
        schedule(c).availability_tiers[0].to = Decimal::new(991, 1)
    }),
    (
        "penalties.availability_tier.percent_of_fee",
        strict_target,
        |c| {
            for t in &mut schedule(c).availability_tiers {
                t.percent_of_fee += Decimal::ONE;
            }
        },
    ),
    // Charges of half a cent per started hour: rounding matters.
    // The liability clause is the one cap lines rest on.
    (
        "penalties.clause",
        |c| schedule(c).cap_per_period_percent = Some(Decimal::ONE),
        |c| {
            schedule(c).clause = "9.9".into();
        },
    ),
    ("penalties.round_at", half_cents, |c| {
        schedule(c).round_at = "total".parse().unwrap()
    }),
    ("penalties.rounding", half_cents, |c| {
        schedule(c).rounding = "up".parse().unwrap()
    }),
];

fn strict_target(c: &mut Contract) {
    c.availability.target_percent = Decimal::new(9999, 2);
    // The first band reaches up to the new target, so the year earns a credit.
    schedule(c).availability_tiers[0].to = Decimal::new(9999, 2);
}

fn half_cents(c: &mut Contract) {
    let s = schedule(c);
    for b in &mut s.breaches {
        b.amount = Decimal::ZERO;
        b.per_started_hour = Decimal::new(5, 3);
        b.cap_per_incident = None;
    }
    s.minimum = None;
}

fn notice_rule<'a>(c: &'a mut Contract, kind: &str) -> &'a mut sla_engine::contract::NoticeRule {
    c.notices
        .iter_mut()
        .find(|r| r.kind.as_str() == kind)
        .unwrap_or_else(|| panic!("the seed has a {kind} notice rule"))
}

fn schedule(c: &mut Contract) -> &mut sla_engine::contract::PenaltySchedule {
    c.penalties.as_mut().unwrap()
}

#[test]
fn every_contract_field_and_setting_changes_a_verdict_of_the_example_year() {
    let base = verdicts(&example_year(&Contract::seed()));
    let mut dead = Vec::new();
    // Every setting to every value other than the seed's, as the library lists them (a value
    // added later is tested without a line here), but those proved elsewhere.
    for (_, setting) in QUESTIONS {
        let name = format!("settings.{setting}");
        if ELSEWHERE.iter().any(|(n, _, _)| *n == name) {
            continue;
        }
        let values = Settings::values(setting).unwrap();
        assert!(values.len() > 1, "{setting} has one value");
        for value in values.into_iter().skip(1) {
            let mut c = Contract::seed();
            assert_ne!(
                c.settings.get(setting),
                Some(value),
                "{setting}: the default is first"
            );
            c.settings.set(setting, value).unwrap();
            if verdicts(&example_year(&c)) == base {
                dead.push(format!("{name}={value}"));
            }
        }
    }
    let seed = example_year(&Contract::seed());
    for (name, change) in ON_THE_EXAMPLE_YEAR {
        let mut c = Contract::seed();
        change(&mut c);
        if !live(name, &seed, &example_year(&c)) {
            dead.push((*name).to_owned());
        }
    }
    for (name, setup, change) in FROM_A_SETUP {
        let mut c = Contract::seed();
        setup(&mut c);
        let before = example_year(&c);
        change(&mut c);
        if !live(name, &before, &example_year(&c)) {
            dead.push((*name).to_owned());
        }
    }
    assert!(
        dead.is_empty(),
        "changing these changes no verdict (or, for a label, nothing shown): {dead:?}"
    );
    // The labels change the report's heading and provenance, never a verdict.
    for (field, _why) in LABELS {
        let mut c = Contract::seed();
        match field {
            "name" => c.name = "another".into(),
            _ => c.description = "another".into(),
        }
        assert_eq!(verdicts(&example_year(&c)), base, "{field}");
    }
}

/// Every field of the contract, named as a contract file names it (the seed, serialized), has
/// its case above, a test elsewhere, or is a label: a field added later fails here until it has
/// one. The keys of `exclusions` are the reasons, tried together as `exclusions.<reason>`.
#[test]
fn every_field_of_the_contract_has_its_case() {
    fn leaves(v: &serde_json::Value, path: &str, out: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Object(fields) => {
                for (k, v) in fields {
                    let key = if path == "exclusions" { "<reason>" } else { k };
                    let p = if path.is_empty() {
                        key.to_owned()
                    } else {
                        format!("{path}.{key}")
                    };
                    leaves(v, &p, out);
                }
            }
            serde_json::Value::Array(items) if items.iter().any(serde_json::Value::is_object) => {
                for v in items {
                    leaves(v, path, out);
                }
            }
            _ => {
                out.insert(path.to_owned());
            }
        }
    }
    let mut fields = BTreeSet::new();
    leaves(
        &serde_json::to_value(Contract::seed()).unwrap(),
        "",
        &mut fields,
    );
    let cased: BTreeSet<String> = ON_THE_EXAMPLE_YEAR
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .chain(FROM_A_SETUP.iter().map(|(n, _, _)| (*n).to_owned()))
        .chain(LABELS.iter().map(|(n, _)| (*n).to_owned()))
        .chain(ELSEWHERE.iter().map(|(n, _, _)| (*n).to_owned()))
        .chain(QUESTIONS.iter().map(|(_, s)| format!("settings.{s}")))
        .collect();
    let without: Vec<&String> = fields.iter().filter(|f| !cased.contains(*f)).collect();
    assert!(fields.len() > 50, "{fields:?}");
    assert!(
        without.is_empty(),
        "contract fields without a case: {without:?}"
    );
    // And every case names a field, or a section holding fields, so that none goes stale. The
    // clause of an exclusion is the value of its reason's key; the at-risk share is the
    // evaluator's, not the contract's.
    let not_paths = ["exclusions.clause", "Evaluator::with_at_risk_percent"];
    let stale: Vec<&String> = cased
        .iter()
        .filter(|c| !not_paths.contains(&c.as_str()))
        .filter(|c| {
            !fields
                .iter()
                .any(|f| f == *c || f.starts_with(&format!("{c}.")))
        })
        .collect();
    assert!(
        stale.is_empty(),
        "cases naming no field of the contract: {stale:?}"
    );
}

/// Settings whose effect needs an instant the example year does not have, each proved by a
/// named test elsewhere (checked to exist, so the reference cannot go stale).
const ELSEWHERE: [(&str, &str, &str); 4] = [
    (
        "penalties.inclusive_edge",
        "penalties.rs",
        "fn clause_3_1_3_credit_at_every_band_edge_lower_and_upper(",
    ),
    (
        "settings.boundary",
        "open_questions.rs",
        "fn q10_response_exactly_at_the_deadline(",
    ),
    (
        "settings.missing_year",
        "open_questions.rs",
        "fn q11_plain_weeks_evaluates_2027_as_plain_weeks(",
    ),
    (
        "Evaluator::with_at_risk_percent",
        "same_second.rs",
        "fn the_at_risk_share_is_a_setting(",
    ),
];

#[test]
fn settings_proved_elsewhere_have_their_tests() {
    for (setting, file, test) in ELSEWHERE {
        let text = match file {
            "open_questions.rs" => include_str!("open_questions.rs"),
            "penalties.rs" => include_str!("penalties.rs"),
            _ => include_str!("same_second.rs"),
        };
        // A test, not a name left in a comment or a helper.
        let declared = format!("#[test]\n{test}");
        assert!(
            text.contains(&declared),
            "{setting}: {file} has no test {test}"
        );
    }
}

#[test]
fn the_outlier_span_decides_which_events_set_as_of() {
    // A typo puts one report in 2035; the rest of the log ends in March 2025. By default the
    // evaluation instant is the last event within a year of the others (and a warning names
    // the outlier); with a span of twenty years the typo sets it, and the March incident's
    // clock would run into years the calendar has no data for: it cannot be judged.
    let lines = [
        reported("INC-1", "2025-03-04 10:00", "fault", "high"),
        happened("INC-1", "2025-03-04 10:30", "work_started"),
        reported("INC-9", "2035-03-04 10:00", "fault", "low"),
    ];
    let contract = Contract::seed();
    let by_default = run(&contract, &lines, Options::default());
    assert_eq!(
        verdict(&by_default, "INC-1", "resolution-high").outcome,
        sla_engine::report::Outcome::Pending
    );
    let warned: Vec<String> = by_default
        .report
        .warnings
        .iter()
        .map(|w| w.message.clone())
        .collect();
    assert!(
        warned
            .iter()
            .any(|m| m.starts_with("line 3: 2035-03-04T10:00:00+08:00 lies more than a year")),
        "{warned:?}"
    );
    let wide = run(
        &contract,
        &lines,
        Options {
            outlier_seconds: Some(20 * 366 * 86_400),
            ..Options::default()
        },
    );
    assert_eq!(
        verdict(&wide, "INC-1", "resolution-high").outcome,
        sla_engine::report::Outcome::Undetermined
    );
    // The warning names the span in force, not always a year.
    let month = run(
        &contract,
        &lines,
        Options {
            outlier_seconds: Some(30 * 86_400),
            ..Options::default()
        },
    );
    let warned: Vec<&str> = month
        .report
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    let expected = format!(
        "lies more than {} after",
        sla_engine::format_duration(30 * 86_400)
    );
    assert!(warned.iter().any(|m| m.contains(&expected)), "{warned:?}");
}

#[test]
fn the_rejection_limit_bounds_the_listing_not_the_count() {
    let lines: Vec<String> = (0..5)
        .map(|i| happened(&format!("INC-{i}"), "2025-03-04 10:00", "resolved"))
        .collect();
    let contract = Contract::seed();
    let judge = judge(&contract);
    for (limit, listed) in [(1000, 5), (2, 2)] {
        let mut log = judge.new_log("events.jsonl").with_rejection_limit(limit);
        read_jsonl(&mut log, jsonl(&lines).as_bytes()).unwrap();
        let r = judge.report(
            &log,
            Options {
                as_of: Some(t("2025-03-05 00:00")),
                ..Options::default()
            },
        );
        assert_eq!((r.rejected.total, r.rejected.lines.len()), (5, listed));
        let unlisted: u64 = r.rejected.not_listed.values().sum();
        assert_eq!(unlisted, 5 - listed as u64);
    }
}
