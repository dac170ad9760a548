//! Ordering and checking events into per-incident, per-outage and per-change logs.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::{Event, EventBody, EventError, IncidentEvent};
use crate::contract::{ChangeKind, ExclusionReason, IncidentClass, Priority, StopEvent};

/// A wait on the customer: from `awaiting_customer` to `customer_replied` (open if no reply yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pause {
    /// When the wait began.
    pub from: i64,
    /// When the customer replied, if it has.
    pub to: Option<i64>,
}

/// Everything known about one incident, in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentLog {
    /// The incident's id.
    pub id: Arc<str>,
    /// When it was reported.
    pub reported_at: i64,
    /// Its class.
    pub class: IncidentClass,
    /// The priority it was reported with.
    pub priority: Option<Priority>,
    /// The affected component, if given.
    pub component: Option<String>,
    /// The site, if given.
    pub site: Option<String>,
    /// Priority changes, in order.
    pub priority_changes: Vec<(i64, Priority)>,
    /// Waits on the customer, in order, not overlapping.
    pub pauses: Vec<Pause>,
    /// Clock-stopping events, in order.
    pub stops: Vec<(i64, StopEvent)>,
    /// Reopenings, in order (each after a resolution).
    pub reopens: Vec<i64>,
    /// The exclusion, if any: when it was recorded, and why.
    pub exclusion: Option<(i64, ExclusionReason)>,
}

impl IncidentLog {
    /// The priority in force at the end of the log.
    pub fn final_priority(&self) -> Option<Priority> {
        self.priority_changes
            .last()
            .map(|&(_, p)| p)
            .or(self.priority)
    }
}

/// An outage of one component.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OutageRecord {
    /// Its id, if the input gave one.
    pub id: Option<String>,
    /// The component that was down.
    pub component: String,
    /// First second down.
    pub from: i64,
    /// First second up again; `None` while still down.
    pub to: Option<i64>,
    /// The exclusion reason, if the outage was not the provider's.
    pub cause: Option<ExclusionReason>,
}

/// One announced or performed change.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChangeLog {
    /// Its id.
    pub id: String,
    /// The kind of change (from the announcement, else from the performance record).
    pub kind: Option<ChangeKind>,
    /// Every announcement: notice time and the announced window, in notice order.
    pub announcements: Vec<(i64, i64, i64)>,
    /// When it was carried out, if it was: `[from, to)`.
    pub performed: Option<(i64, i64)>,
    /// The component it took down, if one was named.
    pub component: Option<String>,
}

/// Checked events, grouped and ordered; the input to evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventLog {
    /// Incidents, by id order.
    pub incidents: Vec<IncidentLog>,
    /// Outages, in start order.
    pub outages: Vec<OutageRecord>,
    /// Changes, by id order.
    pub changes: Vec<ChangeLog>,
    /// Completed backups, in time order (2.2(2)).
    pub backups: Vec<i64>,
    /// The lines that could not be used, in line order.
    pub rejected: Vec<EventError>,
    /// The latest instant any accepted event names (its time, or the end of a window it
    /// records): the default evaluation instant.
    pub last_at: Option<i64>,
    /// How many events were accepted.
    pub accepted: usize,
}

fn show(zone: Tz, t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map_or_else(|| t.to_string(), |u| u.with_timezone(&zone).to_rfc3339())
}

impl EventLog {
    /// Orders `events` by time and checks each against what came before it. Lines that cannot be
    /// used join `errors` (already-rejected parse errors), which end up in
    /// [`rejected`](EventLog::rejected). `file` names the input and `zone` writes instants in
    /// messages.
    ///
    /// The result does not depend on the order of the input, except among events of the same
    /// incident, the same second and the same kind.
    ///
    /// ```
    /// use sla_engine::event::{Event, EventBody, EventLog, IncidentEvent};
    /// use sla_engine::contract::{IncidentClass, Priority, StopEvent};
    /// let inc = |at, what| Event { at, line: 0, body: EventBody::Incident { id: "INC-1".into(), what } };
    /// let log = EventLog::build("e", chrono_tz::Asia::Shanghai, vec![
    ///     inc(200, IncidentEvent::Stop(StopEvent::Responded)),
    ///     inc(100, IncidentEvent::Reported { class: IncidentClass::Outage, priority: Some(Priority::High), component: None, site: None }),
    ///     inc(50, IncidentEvent::Stop(StopEvent::Resolved)),
    /// ], Vec::new());
    /// assert_eq!(log.incidents[0].stops.len(), 1);
    /// assert_eq!(log.rejected.len(), 1); // resolved before the report
    /// ```
    pub fn build(
        file: &str,
        zone: Tz,
        mut events: Vec<Event>,
        errors: Vec<EventError>,
    ) -> EventLog {
        events.sort_by_key(|e| (e.at, e.body.rank(), e.line));
        // The first report of each incident, so that an event before it can say so.
        let mut reports = BTreeMap::new();
        for e in &events {
            if let EventBody::Incident {
                id,
                what: IncidentEvent::Reported { .. },
            } = &e.body
            {
                reports.entry(id.clone()).or_insert(e.at);
            }
        }
        let mut v = Validator {
            reports,
            file,
            zone,
            log: EventLog {
                rejected: errors,
                ..EventLog::default()
            },
            incidents: BTreeMap::new(),
            open_outages: BTreeMap::new(),
            closed_outage_ids: BTreeMap::new(),
            changes: BTreeMap::new(),
        };
        for e in events {
            let line = e.line;
            let subject = e.body.subject();
            let latest = e.latest();
            match v.accept(e) {
                Ok(()) => {
                    v.log.accepted += 1;
                    v.log.last_at = Some(v.log.last_at.map_or(latest, |l| l.max(latest)));
                }
                Err(message) => v
                    .log
                    .rejected
                    .push(EventError::new(file, line, subject, message)),
            }
        }
        let mut log = v.log;
        log.incidents = v.incidents.into_values().map(|t| t.log).collect();
        log.outages
            .extend(v.open_outages.into_values().map(|(_, o)| o));
        log.outages
            .sort_by(|a, b| (a.from, &a.component, &a.id).cmp(&(b.from, &b.component, &b.id)));
        log.changes = v.changes.into_values().collect();
        log.rejected
            .sort_by(|a, b| (a.line, &a.message).cmp(&(b.line, &b.message)));
        log
    }
}

struct Validator<'a> {
    file: &'a str,
    /// When each incident is first reported, from the whole input.
    reports: BTreeMap<String, i64>,
    zone: Tz,
    log: EventLog,
    incidents: BTreeMap<String, Tracked>,
    /// Outages started and not yet ended: id → (line it started on, record).
    open_outages: BTreeMap<String, (usize, OutageRecord)>,
    /// Ended outages by id, to refuse a second start or end.
    closed_outage_ids: BTreeMap<String, i64>,
    changes: BTreeMap<String, ChangeLog>,
}

/// An incident being checked, with what checking its next event needs in constant time (a
/// scan of its stops per event would make one incident with many events quadratic).
struct Tracked {
    log: IncidentLog,
    /// The latest resolution, if any.
    last_resolved: Option<i64>,
}

impl Validator<'_> {
    fn t(&self, at: i64) -> String {
        show(self.zone, at)
    }

    fn accept(&mut self, e: Event) -> Result<(), String> {
        let _ = self.file;
        match e.body {
            EventBody::Incident { id, what } => self.incident(e.at, id, what),
            EventBody::Outage {
                id,
                component,
                from,
                to,
                cause,
            } => {
                if let Some(id) = &id
                    && (self.open_outages.contains_key(id)
                        || self.closed_outage_ids.contains_key(id))
                {
                    return Err("an outage with this id is already recorded".to_owned());
                }
                if to < from {
                    return Err(format!(
                        "outage ends at {} before it starts at {}",
                        self.t(to),
                        self.t(from)
                    ));
                }
                if let Some(id) = &id {
                    self.closed_outage_ids.insert(id.clone(), to);
                }
                self.log.outages.push(OutageRecord {
                    id,
                    component,
                    from,
                    to: Some(to),
                    cause,
                });
                Ok(())
            }
            EventBody::OutageStarted {
                id,
                component,
                cause,
            } => {
                if self.open_outages.contains_key(&id) || self.closed_outage_ids.contains_key(&id) {
                    return Err("outage_started for an outage id already started".to_owned());
                }
                self.open_outages.insert(
                    id.clone(),
                    (
                        e.line,
                        OutageRecord {
                            id: Some(id),
                            component,
                            from: e.at,
                            to: None,
                            cause,
                        },
                    ),
                );
                Ok(())
            }
            EventBody::OutageEnded { id } => match self.open_outages.remove(&id) {
                Some((_, mut rec)) => {
                    rec.to = Some(e.at);
                    self.closed_outage_ids.insert(id, e.at);
                    self.log.outages.push(rec);
                    Ok(())
                }
                None => match self.closed_outage_ids.get(&id) {
                    Some(&end) => Err(format!("outage already ended at {}", self.t(end))),
                    None => Err("outage_ended without an earlier outage_started".to_owned()),
                },
            },
            EventBody::BackupCompleted => {
                self.log.backups.push(e.at);
                Ok(())
            }
            EventBody::ChangeAnnounced { id, kind, from, to } => {
                if to < from {
                    return Err(format!(
                        "announced window ends at {} before it starts at {}",
                        self.t(to),
                        self.t(from)
                    ));
                }
                let c = self.change(&id);
                if let Some(k) = c.kind
                    && k != kind
                {
                    return Err(format!("announced as {kind}, but earlier as {k}"));
                }
                if c.performed.is_some() {
                    return Err("announced after it was performed".to_owned());
                }
                c.kind = Some(kind);
                c.announcements.push((e.at, from, to));
                Ok(())
            }
            EventBody::ChangePerformed {
                id,
                kind,
                from,
                to,
                component,
            } => {
                if to < from {
                    return Err(format!(
                        "performed window ends at {} before it starts at {}",
                        self.t(to),
                        self.t(from)
                    ));
                }
                let c = self.change(&id);
                if c.performed.is_some() {
                    return Err("performed twice".to_owned());
                }
                match (c.kind, kind) {
                    (Some(a), Some(b)) if a != b => {
                        return Err(format!("performed as {b}, but announced as {a}"));
                    }
                    (None, None) => {
                        return Err(
                            "maintenance_performed without an announcement needs a kind".to_owned()
                        );
                    }
                    (None, Some(b)) => c.kind = Some(b),
                    _ => {}
                }
                c.performed = Some((from, to));
                c.component = component;
                Ok(())
            }
        }
    }

    fn change(&mut self, id: &str) -> &mut ChangeLog {
        self.changes
            .entry(id.to_owned())
            .or_insert_with(|| ChangeLog {
                id: id.to_owned(),
                kind: None,
                announcements: Vec::new(),
                performed: None,
                component: None,
            })
    }

    fn incident(&mut self, at: i64, id: String, what: IncidentEvent) -> Result<(), String> {
        if let IncidentEvent::Reported {
            class,
            priority,
            component,
            site,
        } = what
        {
            if let Some(prev) = self.incidents.get(&id) {
                return Err(format!(
                    "reported twice (first at {})",
                    self.t(prev.log.reported_at)
                ));
            }
            if priority.is_none() && matches!(class, IncidentClass::Outage | IncidentClass::Fault) {
                return Err(format!("a report of class {class} needs a priority"));
            }
            self.incidents.insert(
                id.clone(),
                Tracked {
                    log: IncidentLog {
                        id: Arc::from(id),
                        reported_at: at,
                        class,
                        priority,
                        component,
                        site,
                        priority_changes: Vec::new(),
                        pauses: Vec::new(),
                        stops: Vec::new(),
                        reopens: Vec::new(),
                        exclusion: None,
                    },
                    last_resolved: None,
                },
            );
            return Ok(());
        }
        let zone = self.zone;
        let t = |x: i64| show(zone, x);
        let name = super::EventBody::Incident {
            id: String::new(),
            what: what.clone(),
        }
        .name();
        let Some(Tracked {
            log: inc,
            last_resolved,
        }) = self.incidents.get_mut(&id)
        else {
            return Err(match self.reports.get(&id) {
                Some(&report) => {
                    format!("{name} at {} is before its report at {}", t(at), t(report))
                }
                None => format!("{name} for an incident that was never reported"),
            });
        };
        if at < inc.reported_at {
            return Err(format!(
                "{name} at {} is before its report at {}",
                t(at),
                t(inc.reported_at)
            ));
        }
        let open_pause = inc.pauses.last().filter(|p| p.to.is_none()).map(|p| p.from);
        let resolved_open = match (*last_resolved, inc.reopens.last()) {
            (Some(r), Some(&o)) => (r >= o).then_some(r),
            (r, None) => r,
            (None, Some(_)) => None,
        };
        match what {
            IncidentEvent::Reported { .. } => Ok(()),
            IncidentEvent::Stop(StopEvent::Resolved) => {
                if let Some(r) = resolved_open {
                    return Err(format!(
                        "resolved again without a reopening (resolved at {})",
                        t(r)
                    ));
                }
                inc.stops.push((at, StopEvent::Resolved));
                *last_resolved = Some(at);
                Ok(())
            }
            IncidentEvent::Stop(s) => {
                inc.stops.push((at, s));
                Ok(())
            }
            IncidentEvent::Reopened => {
                if resolved_open.is_none() {
                    return Err("reopened, but it is not resolved".to_owned());
                }
                inc.reopens.push(at);
                Ok(())
            }
            IncidentEvent::PriorityChanged { priority } => {
                inc.priority_changes.push((at, priority));
                Ok(())
            }
            IncidentEvent::AwaitingCustomer => {
                if let Some(from) = open_pause {
                    return Err(format!(
                        "overlapping pauses: already awaiting the customer since {}",
                        t(from)
                    ));
                }
                inc.pauses.push(super::Pause { from: at, to: None });
                Ok(())
            }
            IncidentEvent::CustomerReplied => match inc.pauses.last_mut() {
                Some(p) if p.to.is_none() => {
                    p.to = Some(at);
                    Ok(())
                }
                _ => Err("customer_replied without an open awaiting_customer".to_owned()),
            },
            IncidentEvent::Excluded { reason } => {
                if let Some((when, r)) = inc.exclusion {
                    return Err(format!("excluded twice (first as {r} at {})", t(when)));
                }
                inc.exclusion = Some((at, reason));
                Ok(())
            }
        }
    }
}
