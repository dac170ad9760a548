//! What a report says of its inputs: where they came from (provenance), what was not applied,
//! and what a reader must know (far-off outliers, an empty log, rejections not listed).

use chrono::Datelike;

use super::{Context, Evaluator, Options};
use crate::event::EventLog;
use crate::report::{
    CalendarOrigin, ContractOrigin, NotApplied, Provenance, Rejected, Warning, WarningKind,
};
use crate::{Calendar, Timestamp};

/// How far after the rest of the log (or after now) an event is an outlier, by default: a year.
pub const DEFAULT_OUTLIER_SECONDS: i64 = 365 * 86_400;

/// The evaluation instant, where it came from, and the outliers that did not set it.
pub(super) struct AsOf {
    pub at: Timestamp,
    pub from: &'static str,
    pub outliers: Vec<(Timestamp, u64)>,
    /// How far apart an outlier lies ([`Options::outlier_seconds`]).
    pub span: i64,
}

/// The instant a report is as of: the one given, else the latest instant of the log that is not
/// a far-off outlier (a single event dated 9025 must not move a 2025 report to 9025).
pub(super) fn as_of(log: &EventLog, options: &Options) -> AsOf {
    let span = options.outlier_seconds.unwrap_or(DEFAULT_OUTLIER_SECONDS);
    let (outliers, rest) = log.outliers(span, options.now);
    match options.as_of {
        Some(at) => AsOf {
            at,
            from: "given",
            outliers,
            span,
        },
        None => AsOf {
            at: rest.or(log.last_at()).unwrap_or(Timestamp::UNIX_EPOCH),
            from: "latest event",
            outliers,
            span,
        },
    }
}

/// What the log holds after the evaluation instant.
pub(super) fn not_applied(log: &EventLog, as_of: Timestamp) -> NotApplied {
    let mut n = NotApplied::default();
    if log.last_at().is_none_or(|last| last <= as_of) {
        // Nothing the log holds is later (the usual report, as of the end of its log or of a
        // year): no incident need be unpacked to count its events.
        return n;
    }
    // Only when an incident's event is later need the incidents be unpacked to count them.
    if log.last_incident_at().is_some_and(|last| last > as_of) {
        for inc in log.incidents_as_reported() {
            if inc.reported_at > as_of {
                n.incidents += 1;
            } else {
                n.incident_events += inc.history().len() - inc.history_until(as_of).len();
            }
        }
    }
    n.outages = log.outages().filter(|o| o.from > as_of).count();
    for c in log.changes() {
        n.change_events += c.announcements.iter().filter(|a| a.at > as_of).count();
        n.change_events += usize::from(c.performed.as_ref().is_some_and(|p| p.at > as_of));
    }
    n.backups = log.backups().iter().filter(|b| **b > as_of).count();
    n
}

/// The warnings of a report.
pub(super) fn warnings(
    ctx: &Context<'_>,
    log: &EventLog,
    as_of: &AsOf,
    not_applied: &NotApplied,
    rejected: &Rejected,
) -> Vec<Warning> {
    let mut out = Vec::new();
    if log.accepted() == 0 {
        out.push(Warning {
            kind: WarningKind::EmptyLog,
            message: if as_of.from == "given" {
                "the log holds no accepted event: every figure is of an empty log".to_owned()
            } else {
                "the log holds no accepted event and no evaluation instant was given".to_owned()
            },
        });
    }
    for &(t, line) in &as_of.outliers {
        out.push(Warning {
            kind: WarningKind::Outlier,
            message: format!(
                "line {line}: {} lies more than {} after the rest of the log{}",
                ctx.show(t),
                if as_of.span == DEFAULT_OUTLIER_SECONDS {
                    "a year".to_owned()
                } else {
                    crate::format_duration(as_of.span)
                },
                if as_of.from == "given" {
                    String::new()
                } else {
                    ": it does not set the evaluation instant (give --as-of to include it)"
                        .to_owned()
                }
            ),
        });
    }
    if !not_applied.is_empty() {
        out.push(Warning {
            kind: WarningKind::NotApplied,
            message: format!(
                "{} event(s) after the evaluation instant {} were not applied: {} incident(s) \
                 reported later, {} event(s) of earlier incidents, {} outage(s), {} change \
                 record(s), {} backup(s)",
                not_applied.events(),
                ctx.show(as_of.at),
                not_applied.incidents,
                not_applied.incident_events,
                not_applied.outages,
                not_applied.change_events,
                not_applied.backups
            ),
        });
    }
    let unlisted: u64 = rejected.not_listed.values().sum();
    if unlisted > 0 {
        out.push(Warning {
            kind: WarningKind::RejectionsNotListed,
            message: format!(
                "{} rejected line(s) are listed; {unlisted} more are counted by kind, not listed",
                rejected.lines.len()
            ),
        });
    }
    out
}

/// The rejected lines as a report lists them.
pub(super) fn rejected(log: &EventLog) -> Rejected {
    let r = log.rejections();
    Rejected {
        total: r.total,
        lines: r.listed().cloned().collect(),
        not_listed: r.not_listed.clone(),
    }
}

/// What produced the report.
pub(super) fn provenance(
    ev: &Evaluator,
    log: &EventLog,
    options: &Options,
    as_of: &AsOf,
) -> Provenance {
    let contract = ev.contract();
    let calendar = ev.calendar();
    let ctx = ev.context(as_of.at);
    Provenance {
        engine: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
        tzdb: chrono_tz::IANA_TZDB_VERSION.to_owned(),
        contract: ContractOrigin {
            name: contract.name.clone(),
            source: contract.origin().to_owned(),
            sha256: contract.sha256(),
        },
        calendar: calendar_origin(calendar),
        events: log.sources().to_vec(),
        settings: contract.settings,
        as_of: ctx.instant(as_of.at),
        as_of_from: as_of.from.to_owned(),
        years: options.years.map(|(a, b)| {
            if a == b {
                format!("{a}")
            } else {
                format!("{a}-{b}")
            }
        }),
        window: options.window.map(|w| ctx.span(w.from(), w.to())),
        now: options.now.map(|t| ctx.instant(t)),
    }
}

fn calendar_origin(calendar: &Calendar) -> CalendarOrigin {
    CalendarOrigin {
        name: calendar.name().to_owned(),
        zone: calendar.zone().name().to_owned(),
        hours: calendar.hours_summary(),
        years: calendar.years().map(|(a, b)| format!("{a}-{b}")),
        data: calendar.data_sources().to_vec(),
        overrides: calendar.override_count(),
    }
}

/// The years availability is reported for by default: from the first event to the evaluation
/// instant, at most the ten up to it.
pub(super) fn default_years(ctx: &Context<'_>, log: &EventLog) -> (i32, i32) {
    let as_of = ctx.as_of;
    let first = log
        .incidents_as_reported()
        .map(|i| i.reported_at)
        .chain(log.outages().map(|o| o.from))
        .chain(
            log.changes()
                .filter_map(|c| c.performed.as_ref().map(|p| p.window.from())),
        )
        .filter(|t| *t <= as_of)
        .min()
        .unwrap_or(as_of);
    let year = |t: Timestamp| ctx.calendar().local_date(t).year();
    // An outage record from year 1 must not make the report list ten thousand years.
    let last = year(as_of);
    (year(first).max(last - 9), last)
}

/// Why a log and options cannot give a meaningful report: the decision every front end (the
/// CLI, the Python package) makes before judging, worded by each with its own option names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// No event was accepted and no evaluation instant was given: nothing to judge at.
    #[error(
        "no event was accepted ({rejected} line(s) rejected) and no evaluation instant was given: there is no instant to judge at"
    )]
    NoInstant {
        /// Lines rejected.
        rejected: u64,
    },
    /// The years asked for begin after the evaluation instant.
    #[error("the years begin after the evaluation instant {as_of}")]
    YearsAfterAsOf {
        /// The evaluation instant, in the calendar's zone.
        as_of: chrono::DateTime<chrono::FixedOffset>,
    },
    /// The years asked for end before the log's first event.
    #[error("the years end before the first event of the log ({first})")]
    YearsBeforeLog {
        /// The year of the log's first event.
        first: i32,
    },
}

impl Evaluator {
    /// Refuses what cannot give a meaningful report: no event and no instant to judge at, or
    /// years that lie entirely after the evaluation instant or before the log.
    ///
    /// # Errors
    /// [`InputError`].
    pub fn check_inputs(&self, log: &EventLog, options: &Options) -> Result<(), InputError> {
        if log.accepted() == 0 && options.as_of.is_none() {
            return Err(InputError::NoInstant {
                rejected: log.rejections().total,
            });
        }
        if let Some((a, b)) = options.years {
            let cal = self.calendar();
            // The instant the report will be as of (a far-off outlier does not set it).
            let as_of = as_of(log, options).at;
            let last = cal.local_date(as_of).year();
            let first = log
                .first_at()
                .map_or(last, |t| cal.local_date(t).year().min(last));
            if a > last {
                return Err(InputError::YearsAfterAsOf {
                    as_of: cal.zoned(as_of),
                });
            }
            if b < first {
                return Err(InputError::YearsBeforeLog { first });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::contract::{IncidentClass, StopEvent};
    use crate::event::{Event, EventBody, IncidentEvent};

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    fn reported(at: &str, id: &str) -> Event {
        let what = IncidentEvent::Reported {
            class: IncidentClass::Question,
            priority: None,
            component: None,
            site: None,
        };
        Event::incident(t(at), id, what)
    }

    fn outage(from: &str, to: &str) -> Event {
        let body = EventBody::Outage {
            id: None,
            component: "data-interface".into(),
            from: t(from),
            to: t(to),
            cause: None,
        };
        Event { at: t(to), body }
    }

    /// Every event after the report's instant is counted, whichever kind lies latest: an outage
    /// running past the instant (as one across midnight runs past the end of a year) does not
    /// hide an incident's later event or a later report, and with none later the incidents count
    /// none.
    #[test]
    fn later_events_are_counted_whatever_lies_latest() {
        let as_of = t("2025-12-31T23:00:00+08:00");
        let mut log = EventLog::new("e", chrono_tz::Asia::Shanghai);
        log.push_all((1..).zip([
            reported("2025-12-31T10:00:00+08:00", "A"),
            outage("2025-12-31T22:50:00+08:00", "2026-01-01T00:10:00+08:00"),
        ]));
        let n = not_applied(&log, as_of);
        assert_eq!((n.incidents, n.incident_events, n.outages), (0, 0, 0));

        let responded = IncidentEvent::Stop(StopEvent::Responded);
        log.push_all((3..).zip([
            Event::incident(t("2025-12-31T23:30:00+08:00"), "A", responded),
            reported("2025-12-31T23:45:00+08:00", "B"),
            outage("2026-01-01T00:20:00+08:00", "2026-01-01T00:30:00+08:00"),
        ]));
        assert!(log.rejections().is_empty());
        let n = not_applied(&log, as_of);
        assert_eq!((n.incidents, n.incident_events, n.outages), (1, 1, 1));
        // Packed, as a log read whole is.
        log.shrink_to_fit();
        assert_eq!(not_applied(&log, as_of), n);
    }

    /// The same, read as it comes (the reader hands an incident's events to the log with their
    /// ids still in the line).
    #[cfg(feature = "formats")]
    #[test]
    fn later_events_read_as_they_come_are_counted() {
        let text = concat!(
            r#"{"at":"2025-12-31T10:00:00+08:00","event":"reported","incident":"A","class":"question"}"#,
            "\n",
            r#"{"at":"2025-12-31T23:30:00+08:00","event":"responded","incident":"A"}"#,
            "\n",
            r#"{"at":"2026-01-01T00:10:00+08:00","event":"outage","component":"data-interface","from":"2025-12-31T22:50:00+08:00","to":"2026-01-01T00:10:00+08:00"}"#,
            "\n",
        );
        let mut log = EventLog::new("e", chrono_tz::Asia::Shanghai);
        crate::event::read_events_in_order_into(
            &mut [&mut log],
            text.as_bytes(),
            crate::event::InputFormat::Jsonl,
        )
        .unwrap();
        let n = not_applied(&log, t("2025-12-31T23:00:00+08:00"));
        assert_eq!((n.incidents, n.incident_events, n.outages), (0, 1, 0));
    }
}
