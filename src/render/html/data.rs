//! The verdicts as the page's script reads them: one compact JSON document, embedded once.
//!
//! Repeated text (targets, clauses, outcomes, reasoning, calendar facts, components) is written
//! once in a string table `s` and referred to by index; instants are Unix seconds (an array
//! `[seconds, offset]` when the offset is not the report's own); absent values are `null`.
//!
//! ```text
//! { "off": 28800,                          the report's UTC offset in seconds
//!   "s": ["met", "response-urgent", ...],  the string table
//!   "i": [[id, class, priority, reported_priority, reported_at, component, site, excluded], ...],
//!   "v": [[incident, target, clause, metric, outcome, clock, limit, limit_seconds, started,
//!          stopped_by, stopped_at, deadline, used, margin, late_wall, pauses, reasoning, facts,
//!          problem, superseded], ...] }
//! pauses: [[reason, from, to, clock_seconds], ...]   reasoning, facts: [string, ...]
//! superseded: [at, priority, line]
//! ```

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::report::{Instant, Report};

/// A string table: each distinct string once, referred to by index.
#[derive(Default)]
struct Strings {
    index: HashMap<String, usize>,
    list: Vec<String>,
}

impl Strings {
    fn id(&mut self, s: &str) -> Value {
        if let Some(&i) = self.index.get(s) {
            return json!(i);
        }
        let i = self.list.len();
        self.list.push(s.to_owned());
        self.index.insert(s.to_owned(), i);
        json!(i)
    }

    fn opt(&mut self, s: Option<&str>) -> Value {
        s.map_or(Value::Null, |s| self.id(s))
    }
}

/// An instant as Unix seconds, or `[seconds, offset]` when its offset is not `off`.
fn at(t: &Instant, off: i32) -> Value {
    let o = t.offset().local_minus_utc();
    if o == off {
        json!(t.timestamp())
    } else {
        json!([t.timestamp(), o])
    }
}

fn opt_at(t: Option<&Instant>, off: i32) -> Value {
    t.map_or(Value::Null, |t| at(t, off))
}

/// The report's incidents and verdicts as the compact JSON document above.
pub(super) fn verdict_data(r: &Report) -> Value {
    let off = r.as_of.offset().local_minus_utc();
    let mut s = Strings::default();
    // The outcomes first, in their declared order, so that the script's filter lists them so.
    for o in crate::report::Outcome::ALL {
        s.id(o.as_str());
    }
    let mut incidents = Vec::with_capacity(r.incidents.len());
    let mut verdicts = Vec::new();
    for (k, i) in r.incidents.iter().enumerate() {
        incidents.push(json!([
            &*i.id,
            s.id(i.class.as_str()),
            s.opt(i.priority.map(|p| p.as_str())),
            s.opt(i.reported_priority.map(|p| p.as_str())),
            at(&i.reported_at, off),
            s.opt(i.component.as_deref()),
            s.opt(i.site.as_deref()),
            s.opt(i.excluded.map(|e| e.as_str())),
        ]));
        for v in &i.verdicts {
            let pauses: Vec<Value> = v
                .pauses
                .iter()
                .map(|p| {
                    json!([
                        s.id(p.reason.describe()),
                        at(&p.from, off),
                        opt_at(p.to.as_ref(), off),
                        p.clock_seconds
                    ])
                })
                .collect();
            let reasoning: Vec<Value> = v.reasoning.iter().map(|x| s.id(&x.to_string())).collect();
            let facts: Vec<Value> = v
                .calendar_facts
                .iter()
                .map(|f| s.id(&f.to_string()))
                .collect();
            let superseded = v.superseded.as_ref().map_or(Value::Null, |c| {
                json!([at(&c.at, off), s.id(c.priority.as_str()), c.line])
            });
            verdicts.push(json!([
                k,
                s.id(&v.target),
                s.id(&v.clause),
                s.id(v.metric.as_str()),
                s.id(v.outcome.as_str()),
                s.id(v.clock.as_str()),
                s.id(&v.limit.to_string()),
                v.limit_seconds,
                at(&v.started_at, off),
                s.opt(v.stopped_by.map(|b| b.as_str())),
                opt_at(v.stopped_at.as_ref(), off),
                opt_at(v.deadline.as_ref(), off),
                v.used_seconds,
                v.margin_seconds,
                v.late_wall_seconds,
                pauses,
                reasoning,
                facts,
                s.opt(v.problem.as_deref()),
                superseded,
            ]));
        }
    }
    json!({ "off": off, "s": s.list, "i": incidents, "v": verdicts })
}
