//! The checked log: incidents, outages, changes and backups, built one event at a time.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::index::{Incidents, Stored};
use super::outages::Outages;
use super::{
    Event, EventBody, EventError, EventErrorKind, IncidentEvent, IncidentLog, Shown, Source,
    Subject,
};
use crate::contract::{ChangeKind, ExclusionReason, Names};
use crate::{Timestamp, Window};

/// How many rejected lines a log keeps in full by default; the rest are counted by kind.
pub const MAX_LISTED_REJECTIONS: usize = 1_000;

/// An outage of one component.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OutageRecord {
    /// Its id, if the input gave one.
    pub id: Option<Arc<str>>,
    /// The component that was down.
    pub component: Arc<str>,
    /// First second down.
    pub from: Timestamp,
    /// First second up again; `None` while still down.
    pub to: Option<Timestamp>,
    /// The exclusion reason, if the outage was not the provider's.
    pub cause: Option<ExclusionReason>,
    /// The line that recorded it (its start, for a started outage).
    pub line: u64,
}

impl OutageRecord {
    /// The time it was down as of `as_of` (an outage still open runs to `as_of`).
    pub fn window_until(&self, as_of: Timestamp) -> Option<Window> {
        let to = self.to.unwrap_or(as_of).min(as_of);
        Window::new(self.from, to).ok()
    }
}

/// One announcement of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Announcement {
    /// When notice was given.
    pub at: Timestamp,
    /// Its line.
    pub line: u64,
    /// The window announced.
    pub window: Window,
}

/// A change as carried out.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Performance {
    /// When it was recorded (its end, if the record did not say).
    pub at: Timestamp,
    /// Its line.
    pub line: u64,
    /// When the work ran.
    pub window: Window,
    /// The component it took down; all core components if none.
    pub component: Option<Arc<str>>,
}

/// One announced or performed change.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ChangeLog {
    /// Its id.
    pub id: Arc<str>,
    /// The kind of change (from the announcement, else from the performance record).
    pub kind: Option<ChangeKind>,
    /// Every announcement, in the order given.
    pub announcements: Vec<Announcement>,
    /// How it was carried out, if it was.
    pub performed: Option<Performance>,
}

/// The lines a log could not use: the first ones (by line) in full, the rest counted by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejections {
    /// The rejected lines kept in full, in line order.
    #[serde(rename = "listed")]
    listed: BTreeMap<(u64, u64), EventError>,
    /// How many rejected lines are not listed, by kind of error.
    pub not_listed: BTreeMap<String, u64>,
    /// How many lines were rejected in all.
    pub total: u64,
    /// How many are kept in full.
    pub limit: usize,
    /// Arrival counter, to order two errors on one line.
    #[serde(skip)]
    seq: u64,
}

impl Default for Rejections {
    fn default() -> Rejections {
        Rejections::with_limit(MAX_LISTED_REJECTIONS)
    }
}

impl Rejections {
    /// No rejection yet; keeps `limit` in full.
    pub fn with_limit(limit: usize) -> Rejections {
        Rejections {
            listed: BTreeMap::new(),
            not_listed: BTreeMap::new(),
            total: 0,
            limit,
            seq: 0,
        }
    }

    fn add(&mut self, e: EventError) {
        self.total += 1;
        self.seq += 1;
        self.listed.insert((e.line, self.seq), e);
        if self.listed.len() > self.limit
            && let Some((_, dropped)) = self.listed.pop_last()
        {
            *self
                .not_listed
                .entry(dropped.kind.name().to_owned())
                .or_default() += 1;
        }
    }

    /// The rejected lines kept in full, in line order.
    pub fn listed(&self) -> impl ExactSizeIterator<Item = &EventError> + Clone {
        self.listed.values()
    }

    /// How many rejected lines are counted but not listed.
    pub fn unlisted(&self) -> u64 {
        self.not_listed.values().sum()
    }

    /// Whether no line was rejected.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// What an accepted event changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Applied {
    /// An incident, by id.
    Incident(Arc<str>),
    /// An outage (by id, if it has one).
    Outage(Option<Arc<str>>),
    /// A change, by id.
    Change(Arc<str>),
    /// The backups.
    Backup,
}

/// Checked events, grouped by what they are about: the input to evaluation.
///
/// Built one event at a time with [`EventLog::push`] (a live service), or from a whole input
/// with [`EventLog::push_all`], which applies the events in time order and, within one second,
/// in input order: both give the same log for the same events in time order.
///
/// ```
/// use sla_engine::event::{Event, EventLog, IncidentEvent};
/// use sla_engine::contract::{IncidentClass, Priority, StopEvent};
/// let mut log = EventLog::new("live", chrono_tz::Asia::Shanghai);
/// let at = "2025-03-04T10:00:00+08:00".parse()?;
/// log.push(Event::incident(at, "INC-1", IncidentEvent::Reported {
///     class: IncidentClass::Outage, priority: Some(Priority::High), component: None, site: None }))?;
/// // A resolution and its reopening in one second, then the final resolution: all accepted.
/// log.push(Event::incident(at, "INC-1", IncidentEvent::Stop(StopEvent::Resolved)))?;
/// log.push(Event::incident(at, "INC-1", IncidentEvent::Reopened))?;
/// log.push(Event::incident(at, "INC-1", IncidentEvent::Stop(StopEvent::Resolved)))?;
/// let err = log.push(Event::incident(at, "INC-1", IncidentEvent::Stop(StopEvent::Resolved))).unwrap_err();
/// assert_eq!(err.to_string(), "live:5: incident INC-1: resolved again without a reopening (resolved at 2025-03-04T10:00:00+08:00, line 4)");
/// assert_eq!(log.accepted(), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct EventLog {
    name: Arc<str>,
    zone: Tz,
    names: Names,
    incidents: Incidents,
    outages: Outages,
    open_outages: BTreeMap<Arc<str>, OutageRecord>,
    /// Every outage id used: its end (if ended) and the line that took it.
    outage_ids: HashMap<Arc<str>, (Option<Timestamp>, u64)>,
    changes: BTreeMap<Arc<str>, ChangeLog>,
    backups: Vec<Timestamp>,
    rejections: Rejections,
    /// Lines of rejected events about incidents not reported yet, by incident: their message
    /// names the report once it arrives, as a batch read would.
    unreported: HashMap<Arc<str>, Vec<u64>>,
    accepted: u64,
    pushes: u64,
    first_at: Option<Timestamp>,
    last_at: Option<Timestamp>,
    /// The latest instant of an accepted incident event: a report as of then or later has no
    /// incident event to count as later than its instant, and need not unpack every incident to
    /// find none (an outage running past the end of a year made it look for them).
    last_incident_at: Option<Timestamp>,
    /// The latest instants accepted events name, with their lines, latest first (at most
    /// [`TOP`]): enough to tell a few far-off outliers from the rest of the log.
    top: Vec<(Timestamp, u64)>,
    sources: Vec<Source>,
    /// One copy of each component and site name: a million outages of a few components hold a
    /// few strings, not a million.
    names_seen: HashSet<Arc<str>>,
}

/// How many of the latest instants a log keeps to find outliers.
const TOP: usize = 11;

impl EventLog {
    /// An empty log named `name` (the input's name in errors), writing instants in `zone` in its
    /// messages, accepting any component or site name.
    pub fn new(name: impl Into<Arc<str>>, zone: Tz) -> EventLog {
        EventLog {
            name: name.into(),
            zone,
            names: Names::any(),
            incidents: Incidents::default(),
            outages: Outages::default(),
            open_outages: BTreeMap::new(),
            outage_ids: HashMap::new(),
            changes: BTreeMap::new(),
            backups: Vec::new(),
            rejections: Rejections::default(),
            unreported: HashMap::new(),
            accepted: 0,
            pushes: 0,
            first_at: None,
            last_at: None,
            last_incident_at: None,
            top: Vec::new(),
            sources: Vec::new(),
            names_seen: HashSet::new(),
        }
    }

    /// The same log, accepting only the component and site names given.
    pub fn with_names(mut self, names: Names) -> EventLog {
        self.names = names;
        self
    }

    /// The same log, keeping `limit` rejected lines in full (the rest are counted by kind).
    pub fn with_rejection_limit(mut self, limit: usize) -> EventLog {
        self.rejections.limit = limit;
        self
    }

    /// Applies `events` (with their lines) in time order and, within one second, in the order
    /// given; those that cannot be applied join the rejections.
    pub fn push_all(&mut self, events: impl IntoIterator<Item = (u64, Event)>) {
        let mut events: Vec<(u64, Event)> = events.into_iter().collect();
        // Stable: events of one second keep the order the input lists them in.
        events.sort_by_key(|(_, e)| e.at);
        for (line, e) in events {
            let _ = self.push_at_line(line, e);
        }
    }

    /// Applies one event, numbered as the next push (1, 2, ...), or rejects it: the error is
    /// returned and kept in [`rejections`](EventLog::rejections).
    ///
    /// # Errors
    /// [`EventError`] naming the push, its subject and why.
    pub fn push(&mut self, event: Event) -> Result<Applied, EventError> {
        let line = self.pushes + 1;
        self.push_at_line(line, event)
    }

    /// Applies one event read from `line` of the input, or rejects it.
    ///
    /// # Errors
    /// [`EventError`] naming the line, its subject and why.
    pub fn push_at_line(&mut self, line: u64, event: Event) -> Result<Applied, EventError> {
        self.pushes = self.pushes.max(line);
        let subject = event.body.subject();
        let latest = event.latest();
        let at = event.at;
        match self.apply(line, event) {
            Ok(applied) => {
                self.count_accepted(line, at, latest);
                Ok(applied)
            }
            Err(kind) => Err(self.refuse(line, subject, kind)),
        }
    }

    /// Applies an incident's event read from `line`, its id still in the line: [`push_at_line`]
    /// for the reader, which copies the id only for a report (the log keeps it) or a refusal (the
    /// error names it), not for each of the incident's later lines.
    ///
    /// [`push_at_line`]: EventLog::push_at_line
    #[cfg(feature = "formats")]
    pub(crate) fn push_incident_at_line(
        &mut self,
        line: u64,
        at: Timestamp,
        id: &str,
        what: IncidentEvent,
    ) -> Result<(), EventError> {
        self.pushes = self.pushes.max(line);
        match self.apply_incident(line, at, id, || Arc::from(id), what) {
            Ok(()) => {
                self.count_accepted(line, at, at);
                Ok(())
            }
            Err(kind) => Err(self.refuse(line, Some(Subject::Incident(Arc::from(id))), kind)),
        }
    }

    /// Counts an event applied from `line`, at `at` and reaching to `latest`.
    fn count_accepted(&mut self, line: u64, at: Timestamp, latest: Timestamp) {
        self.accepted += 1;
        self.last_at = Some(self.last_at.map_or(latest, |l| l.max(latest)));
        self.first_at = Some(self.first_at.map_or(at, |f| f.min(at)));
        if self.top.len() < TOP || self.top.last().is_some_and(|&(t, _)| latest > t) {
            let i = self.top.partition_point(|&(t, _)| t >= latest);
            self.top.insert(i, (latest, line));
            self.top.truncate(TOP);
        }
    }

    /// Keeps the refusal of `line` with the rejections, and returns it.
    fn refuse(&mut self, line: u64, subject: Option<Subject>, kind: EventErrorKind) -> EventError {
        if let (EventErrorKind::NotReported { .. }, Some(Subject::Incident(id))) = (&kind, &subject)
        {
            self.unreported.entry(id.clone()).or_default().push(line);
        }
        let e = EventError::new(self.name.clone(), line, subject, kind);
        self.rejections.add(e.clone());
        e
    }

    /// Records a line that could not be read as an event.
    pub fn reject(&mut self, line: u64, subject: Option<Subject>, kind: EventErrorKind) {
        self.pushes = self.pushes.max(line);
        self.rejections
            .add(EventError::new(self.name.clone(), line, subject, kind));
    }

    /// The log's copy of a component or site name.
    fn one_copy(&mut self, name: Arc<str>) -> Arc<str> {
        match self.names_seen.get(&name) {
            Some(kept) => kept.clone(),
            None => {
                self.names_seen.insert(name.clone());
                name
            }
        }
    }

    fn show(&self, t: Timestamp) -> Shown {
        Shown(t.to_zoned(self.zone))
    }

    fn apply(&mut self, line: u64, e: Event) -> Result<Applied, EventErrorKind> {
        let zone = self.zone;
        let show = move |t: Timestamp| Shown(t.to_zoned(zone));
        match e.body {
            EventBody::Incident { id, what } => {
                self.apply_incident(line, e.at, &id, || id.clone(), what)?;
                Ok(Applied::Incident(id))
            }
            EventBody::Outage {
                id,
                component,
                from,
                to,
                cause,
            } => {
                if let Some(id) = &id
                    && let Some(&(_, taken)) = self.outage_ids.get(id)
                {
                    return Err(EventErrorKind::OutageIdTaken { line: taken });
                }
                if to < from {
                    return Err(EventErrorKind::WindowReversed {
                        what: "outage".to_owned(),
                        from: show(from),
                        to: show(to),
                    });
                }
                self.names.check_component(&component)?;
                if let Some(id) = &id {
                    self.outage_ids.insert(id.clone(), (Some(to), line));
                }
                let component = self.one_copy(component);
                self.outages.push(OutageRecord {
                    id: id.clone(),
                    component,
                    from,
                    to: Some(to),
                    cause,
                    line,
                });
                Ok(Applied::Outage(id))
            }
            EventBody::OutageStarted {
                id,
                component,
                cause,
            } => {
                if let Some(&(_, taken)) = self.outage_ids.get(&id) {
                    return Err(EventErrorKind::OutageStartedTwice { line: taken });
                }
                self.names.check_component(&component)?;
                self.outage_ids.insert(id.clone(), (None, line));
                let component = self.one_copy(component);
                self.open_outages.insert(
                    id.clone(),
                    OutageRecord {
                        id: Some(id.clone()),
                        component,
                        from: e.at,
                        to: None,
                        cause,
                        line,
                    },
                );
                Ok(Applied::Outage(Some(id)))
            }
            EventBody::OutageEnded { id } => {
                let Some(open) = self.open_outages.get(&id) else {
                    return Err(match self.outage_ids.get(&id) {
                        Some(&(Some(end), _)) => EventErrorKind::OutageEndedTwice { at: show(end) },
                        _ => EventErrorKind::OutageNotStarted,
                    });
                };
                if e.at < open.from {
                    return Err(EventErrorKind::WindowReversed {
                        what: "outage".to_owned(),
                        from: show(open.from),
                        to: show(e.at),
                    });
                }
                if let Some(mut rec) = self.open_outages.remove(&id) {
                    rec.to = Some(e.at);
                    self.outage_ids.insert(id.clone(), (Some(e.at), rec.line));
                    self.outages.push(rec);
                }
                Ok(Applied::Outage(Some(id)))
            }
            EventBody::BackupCompleted => {
                // Pushed out of time order by a live service, a backup still lands in order.
                let at = self.backups.partition_point(|b| *b <= e.at);
                self.backups.insert(at, e.at);
                Ok(Applied::Backup)
            }
            EventBody::ChangeAnnounced { id, kind, from, to } => {
                let window = Window::new(from, to).map_err(|_| EventErrorKind::WindowReversed {
                    what: "announced window".to_owned(),
                    from: show(from),
                    to: show(to),
                })?;
                let c = self.change(&id);
                if let Some(k) = c.kind
                    && k != kind
                {
                    return Err(EventErrorKind::KindConflict {
                        what: "announced".to_owned(),
                        kind,
                        earlier: "earlier".to_owned(),
                        earlier_kind: k,
                    });
                }
                if c.performed.is_some() {
                    return Err(EventErrorKind::AnnouncedAfterPerformed);
                }
                c.kind = Some(kind);
                c.announcements.push(Announcement {
                    at: e.at,
                    line,
                    window,
                });
                Ok(Applied::Change(id))
            }
            EventBody::ChangePerformed {
                id,
                kind,
                from,
                to,
                component,
            } => {
                let window = Window::new(from, to).map_err(|_| EventErrorKind::WindowReversed {
                    what: "performed window".to_owned(),
                    from: show(from),
                    to: show(to),
                })?;
                if let Some(c) = &component {
                    self.names.check_component(c)?;
                }
                let c = self.change(&id);
                if c.performed.is_some() {
                    return Err(EventErrorKind::PerformedTwice);
                }
                match (c.kind, kind) {
                    (Some(a), Some(b)) if a != b => {
                        return Err(EventErrorKind::KindConflict {
                            what: "performed".to_owned(),
                            kind: b,
                            earlier: "announced".to_owned(),
                            earlier_kind: a,
                        });
                    }
                    (None, None) => return Err(EventErrorKind::PerformedNeedsKind),
                    (None, Some(b)) => c.kind = Some(b),
                    _ => {}
                }
                c.performed = Some(Performance {
                    at: e.at,
                    line,
                    window,
                    component,
                });
                Ok(Applied::Change(id))
            }
        }
    }

    /// Applies an incident's event (both ways into the log come here); `new_id` makes the log's
    /// copy of its id, asked for only when the event is its report.
    fn apply_incident(
        &mut self,
        line: u64,
        at: Timestamp,
        id: &str,
        new_id: impl FnOnce() -> Arc<str>,
        what: IncidentEvent,
    ) -> Result<(), EventErrorKind> {
        let zone = self.zone;
        let show = move |t: Timestamp| Shown(t.to_zoned(zone));
        let applied = if let IncidentEvent::Reported {
            class,
            priority,
            component,
            site,
        } = what
        {
            if let Some((first, line)) = self.incidents.report_of(id) {
                return Err(EventErrorKind::ReportedTwice {
                    first: show(first),
                    line,
                });
            }
            if priority.is_none()
                && matches!(
                    class,
                    crate::contract::IncidentClass::Outage | crate::contract::IncidentClass::Fault
                )
            {
                return Err(EventErrorKind::NeedsPriority { class });
            }
            if let Some(c) = &component {
                self.names.check_component(c)?;
            }
            if let Some(s) = &site {
                self.names.check_site(s)?;
            }
            self.name_report(id, at, line);
            let component = component.map(|c| self.one_copy(c));
            let site = site.map(|s| self.one_copy(s));
            self.incidents.insert(IncidentLog::reported(
                new_id(),
                at,
                line,
                class,
                priority,
                component,
                site,
            ));
            Ok(())
        } else {
            self.incidents
                .update(id, |inc| inc.apply(at, line, &what, show))
                .unwrap_or_else(|| {
                    Err(EventErrorKind::NotReported {
                        event: what.kind(),
                        at: show(at),
                        report: None,
                    })
                })
        };
        if applied.is_ok() {
            self.last_incident_at = self.last_incident_at.max(Some(at));
        }
        applied
    }

    /// A report arrived: earlier lines rejected for want of it now say where it is.
    fn name_report(&mut self, id: &str, at: Timestamp, line: u64) {
        let Some(lines) = self.unreported.remove(id) else {
            return;
        };
        let shown = self.show(at);
        for l in lines {
            for ((_, _), err) in self.rejections.listed.range_mut((l, 0)..=(l, u64::MAX)) {
                if let EventErrorKind::NotReported { report, .. } = &mut *err.kind
                    && matches!(&err.subject, Some(Subject::Incident(named)) if **named == *id)
                {
                    *report = Some((shown, line));
                }
            }
        }
    }

    fn change(&mut self, id: &Arc<str>) -> &mut ChangeLog {
        self.changes.entry(id.clone()).or_insert_with(|| ChangeLog {
            id: id.clone(),
            kind: None,
            announcements: Vec::new(),
            performed: None,
        })
    }

    /// Records an input the events were read from (its name, digest and counts), for the
    /// report's provenance.
    pub fn add_source(&mut self, source: Source) {
        self.sources.push(source);
    }

    /// The inputs the events were read from.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The input's name.
    pub fn name(&self) -> &Arc<str> {
        &self.name
    }

    /// The zone messages write instants in.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Packs every incident and gives back spare room: for a log read whole before it is
    /// judged (the CLI calls it after reading). An open incident is held whole because its next
    /// event changes it, and a log being read keeps spare room to grow and an index by id; a
    /// log read whole needs none of these. Events may still be pushed after (the index is built
    /// again when next needed), and nothing pushed before changes.
    ///
    /// ```
    /// use sla_engine::contract::{IncidentClass, Priority};
    /// use sla_engine::evaluate::Evaluator;
    /// use sla_engine::event::{Event, EventBody, IncidentEvent};
    /// let judge = Evaluator::seed()?;
    /// let mut log = judge.new_log("shrunk");
    /// let reported = IncidentEvent::Reported {
    ///     class: IncidentClass::Fault, priority: Some(Priority::High), component: None, site: None,
    /// };
    /// let at = "2025-03-03T09:00:00+08:00".parse()?;
    /// log.push(Event { at, body: EventBody::Incident { id: "INC-1".into(), what: reported } })?;
    /// let before = log.incident("INC-1").map(|i| i.into_owned());
    /// log.shrink_to_fit();
    /// assert_eq!(log.incident("INC-1").map(|i| i.into_owned()), before);
    /// let later = "2025-03-03T10:00:00+08:00".parse()?;
    /// log.push(Event { at: later, body: EventBody::Incident {
    ///     id: "INC-1".into(), what: IncidentEvent::AwaitingCustomer } })?;
    /// assert_eq!(log.incident("INC-1").map(|i| i.history().len()), Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shrink_to_fit(&mut self) {
        self.incidents.shrink_to_fit();
    }

    /// The incidents, by id. A resolved incident is kept packed (and every one, once the log is
    /// shrunk) and unpacked as it is listed: one held whole comes borrowed, a packed one owned.
    pub fn incidents(&self) -> impl ExactSizeIterator<Item = Cow<'_, IncidentLog>> + Clone {
        self.incidents.iter()
    }

    /// The incidents in the order they were reported. Cheaper than [`EventLog::incidents`] for
    /// what does not need the id order: asking for that order once makes every later report
    /// take its place in it.
    pub fn incidents_as_reported(
        &self,
    ) -> impl ExactSizeIterator<Item = Cow<'_, IncidentLog>> + Clone {
        self.incidents.as_reported()
    }

    /// The incidents in the order reported, less some of those resolved at or before `by` (and
    /// not reopened since): a board's countdowns, when every target stops at a resolution, need
    /// only the others, and a packed incident is passed over without being unpacked. Incidents
    /// held whole are all listed.
    pub(crate) fn incidents_unresolved_by(
        &self,
        by: Timestamp,
    ) -> impl Iterator<Item = Cow<'_, IncidentLog>> + Clone + '_ {
        self.incidents.as_reported_unresolved_by(by)
    }

    /// The incidents by id as they are stored, none unpacked yet, and a fresh copy of the names
    /// they refer to for each core that unpacks them: what judges them on every core.
    pub(crate) fn incidents_stored(
        &self,
    ) -> (
        impl Iterator<Item = Stored<'_>> + '_,
        impl Fn() -> Vec<Arc<str>> + Sync + '_,
    ) {
        (self.incidents.stored(), || {
            self.incidents.names_for_a_core()
        })
    }

    /// One incident. A packed one is unpacked for each call: its whole history is read.
    pub fn incident(&self, id: &str) -> Option<Cow<'_, IncidentLog>> {
        self.incidents.get(id)
    }

    /// The outages: ended ones in the order recorded, then those still open, by id.
    pub fn outages(&self) -> impl Iterator<Item = Cow<'_, OutageRecord>> + Clone {
        let ended = self.outages.iter().map(Cow::Owned);
        ended.chain(self.open_outages.values().map(Cow::Borrowed))
    }

    /// The changes, by id.
    pub fn changes(&self) -> impl ExactSizeIterator<Item = &ChangeLog> + Clone {
        self.changes.values()
    }

    /// Completed backups, in time order.
    pub fn backups(&self) -> &[Timestamp] {
        &self.backups
    }

    /// The lines that could not be used.
    pub fn rejections(&self) -> &Rejections {
        &self.rejections
    }

    /// How many events were accepted.
    pub fn accepted(&self) -> u64 {
        self.accepted
    }

    /// The earliest time of an accepted event.
    pub fn first_at(&self) -> Option<Timestamp> {
        self.first_at
    }

    /// The latest instant any accepted event names (its time, or the end of a window it
    /// records).
    pub fn last_at(&self) -> Option<Timestamp> {
        self.last_at
    }

    /// The latest instant of any accepted incident event (a report, a response, a resolution,
    /// ...).
    pub(crate) fn last_incident_at(&self) -> Option<Timestamp> {
        self.last_incident_at
    }

    /// The few events that lie more than `span` seconds after the rest of the log (or after
    /// `now`, if given): a mistyped year, most likely. At most one event in a hundred (and at
    /// most ten) can be outliers; a log that jumps ahead with more is just a log. Returns the
    /// outliers (instant and line, latest first) and the latest instant of the rest.
    pub fn outliers(
        &self,
        span: i64,
        now: Option<Timestamp>,
    ) -> (Vec<(Timestamp, u64)>, Option<Timestamp>) {
        let most = usize::try_from(self.accepted / 100)
            .unwrap_or(usize::MAX)
            .clamp(1, TOP - 1);
        // The deepest gap wider than `span` among the latest `most + 1` instants: everything
        // above it is apart from the log.
        let mut cut = 0;
        for j in 1..=most.min(self.top.len().saturating_sub(1)) {
            if let (Some(&(above, _)), Some(&(below, _))) = (self.top.get(j - 1), self.top.get(j))
                && above.seconds_since(below) > span
            {
                cut = j;
            }
        }
        if let Some(now) = now {
            let beyond = self
                .top
                .iter()
                .take_while(|&&(t, _)| t.seconds_since(now) > span)
                .count();
            cut = cut.max(beyond.min(most));
        }
        let outliers: Vec<(Timestamp, u64)> = self.top.iter().take(cut).copied().collect();
        let rest = match self.top.get(cut) {
            Some(&(t, _)) => Some(t),
            None if cut == 0 => self.last_at,
            None => None,
        };
        (outliers, rest)
    }
}
