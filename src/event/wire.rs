//! The written form of one event (a JSON Lines line, a CSV record): every field as text, read
//! into an [`Event`] with errors that name the field, and written back from one.
//!
//! | field | for | meaning |
//! |---|---|---|
//! | `at` | all (optional for `outage` and `maintenance_performed`) | RFC 3339 with offset: when it happened; for an announcement, when notice was given |
//! | `event` | all | the event's name ([`EventKind`]) |
//! | `incident` | incident events | the incident's id |
//! | `class` | `reported` | `outage`, `fault`, `question`, `change_request` |
//! | `priority` | `reported` (required for outage and fault), `priority_changed` | `high`, `medium`, `low` |
//! | `component`, `site` | `reported`, outages, `maintenance_performed` | scope (2.3); the component that was down |
//! | `reason` | `excluded` | an exclusion reason of 2.4 |
//! | `cause` | outages | an exclusion reason, if the outage was not the provider's |
//! | `outage` | outage events | the outage's id (required for `outage_started`/`outage_ended`) |
//! | `change` | maintenance events | the change's id |
//! | `kind` | maintenance events | `upgrade`, `maintenance`, `security_upgrade`, `minor_patch` |
//! | `from`, `to` | `outage`, maintenance events | the window, RFC 3339 with offset |
//! | `note` | any | free text for people, ignored |

use std::borrow::Cow;
use std::str::FromStr;
use std::sync::Arc;

use chrono_tz::Tz;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

#[cfg(feature = "formats")]
use super::Subject;
use super::{Event, EventBody, EventErrorKind, EventKind, FieldError, IncidentEvent};
use crate::Timestamp;
use crate::contract::StopEvent;

/// One line as written, before its fields are checked.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object of event fields")]
pub(crate) struct RawEvent<'a> {
    #[serde(borrow)]
    at: Option<Text<'a>>,
    #[serde(borrow)]
    event: Option<Text<'a>>,
    #[serde(borrow)]
    incident: Option<Text<'a>>,
    #[serde(borrow)]
    class: Option<Text<'a>>,
    #[serde(borrow)]
    priority: Option<Text<'a>>,
    #[serde(borrow)]
    component: Option<Text<'a>>,
    #[serde(borrow)]
    site: Option<Text<'a>>,
    #[serde(borrow)]
    reason: Option<Text<'a>>,
    #[serde(borrow)]
    cause: Option<Text<'a>>,
    #[serde(borrow)]
    outage: Option<Text<'a>>,
    #[serde(borrow)]
    change: Option<Text<'a>>,
    #[serde(borrow)]
    kind: Option<Text<'a>>,
    #[serde(borrow)]
    from: Option<Text<'a>>,
    #[serde(borrow)]
    to: Option<Text<'a>>,
    /// Free text for people; read and ignored.
    #[serde(borrow, rename = "note")]
    _note: Option<Text<'a>>,
}

/// A field's text, borrowed from the line unless it holds an escape. serde's `Cow<str>` would
/// do the same as a field, but not inside an `Option`: there it copies every field of every
/// line into a `String` (serde issue 1497).
#[derive(Debug, Default)]
pub(crate) struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Text<'a>, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(Visit)
    }
}

type Field<'r, 'a> = &'r Option<Text<'a>>;

/// A field's text, if present and not empty (an empty CSV cell is an absent field).
fn text<'r>(v: Field<'r, '_>) -> Option<&'r str> {
    v.as_ref().map(|t| &*t.0).filter(|s| !s.is_empty())
}

fn id(v: Field<'_, '_>) -> Option<Arc<str>> {
    text(v).map(Arc::from)
}

impl RawEvent<'_> {
    /// What the line is about, as far as its fields say.
    #[cfg(feature = "formats")]
    pub(crate) fn subject(&self) -> Option<Subject> {
        if let Some(i) = id(&self.incident) {
            Some(Subject::Incident(i))
        } else if let Some(o) = id(&self.outage) {
            Some(Subject::Outage(o))
        } else {
            id(&self.change).map(Subject::Change)
        }
    }

    /// The event the fields describe.
    pub(crate) fn to_event(&self) -> Result<Event, EventErrorKind> {
        self.to_line_event().map(LineEvent::into_event)
    }

    /// The event the fields describe, an incident's id still in the line.
    pub(crate) fn to_line_event(&self) -> Result<LineEvent<'_>, EventErrorKind> {
        let name = text(&self.event).ok_or(EventErrorKind::NoEvent)?;
        let ev = EventKind::from_str(name).map_err(|_| EventErrorKind::UnknownEvent {
            name: name.chars().take(64).collect(),
        })?;
        fn need<'r>(
            v: Field<'r, '_>,
            ev: EventKind,
            field: &str,
        ) -> Result<&'r str, EventErrorKind> {
            text(v).ok_or_else(|| EventErrorKind::MissingField {
                event: ev,
                field: field.to_owned(),
            })
        }
        let bad = |field: &str, e: FieldError| EventErrorKind::BadField {
            field: field.to_owned(),
            source: e,
        };
        let time = |v: Field<'_, '_>, field: &str| -> Result<Timestamp, EventErrorKind> {
            Timestamp::parse(need(v, ev, field)?).map_err(|e| bad(field, e.into()))
        };
        fn parsed<T>(
            text: &str,
            field: &str,
            bad: impl Fn(&str, FieldError) -> EventErrorKind,
        ) -> Result<T, EventErrorKind>
        where
            T: FromStr<Err = crate::UnknownName>,
        {
            text.parse()
                .map_err(|e: crate::UnknownName| bad(field, e.into()))
        }
        let incident = |what: IncidentEvent| -> Result<LineEvent<'_>, EventErrorKind> {
            Ok(LineEvent::Incident {
                at: time(&self.at, "at")?,
                id: need(&self.incident, ev, "incident")?,
                what,
            })
        };
        let cause = text(&self.cause)
            .map(|c| parsed(c, "cause", bad))
            .transpose()?;
        Ok(match ev {
            EventKind::Reported => incident(IncidentEvent::Reported {
                class: parsed(need(&self.class, ev, "class")?, "class", bad)?,
                priority: text(&self.priority)
                    .map(|p| parsed(p, "priority", bad))
                    .transpose()?,
                component: id(&self.component),
                site: id(&self.site),
            })?,
            EventKind::Responded => incident(IncidentEvent::Stop(StopEvent::Responded))?,
            EventKind::WorkStarted => incident(IncidentEvent::Stop(StopEvent::WorkStarted))?,
            EventKind::Workaround => incident(IncidentEvent::Stop(StopEvent::Workaround))?,
            EventKind::Resolved => incident(IncidentEvent::Stop(StopEvent::Resolved))?,
            EventKind::Reopened => incident(IncidentEvent::Reopened)?,
            EventKind::PriorityChanged => incident(IncidentEvent::PriorityChanged {
                priority: parsed(need(&self.priority, ev, "priority")?, "priority", bad)?,
            })?,
            EventKind::AwaitingCustomer => incident(IncidentEvent::AwaitingCustomer)?,
            EventKind::CustomerReplied => incident(IncidentEvent::CustomerReplied)?,
            EventKind::Excluded => incident(IncidentEvent::Excluded {
                reason: parsed(need(&self.reason, ev, "reason")?, "reason", bad)?,
            })?,
            EventKind::Outage => {
                let from = time(&self.from, "from")?;
                let at = match &self.at {
                    Some(_) => time(&self.at, "at")?,
                    None => from,
                };
                LineEvent::Other(Event {
                    at,
                    body: EventBody::Outage {
                        id: id(&self.outage),
                        component: Arc::from(need(&self.component, ev, "component")?),
                        from,
                        to: time(&self.to, "to")?,
                        cause,
                    },
                })
            }
            EventKind::OutageStarted => LineEvent::Other(Event {
                at: time(&self.at, "at")?,
                body: EventBody::OutageStarted {
                    id: Arc::from(need(&self.outage, ev, "outage")?),
                    component: Arc::from(need(&self.component, ev, "component")?),
                    cause,
                },
            }),
            EventKind::OutageEnded => LineEvent::Other(Event {
                at: time(&self.at, "at")?,
                body: EventBody::OutageEnded {
                    id: Arc::from(need(&self.outage, ev, "outage")?),
                },
            }),
            EventKind::MaintenanceAnnounced => LineEvent::Other(Event {
                at: time(&self.at, "at")?,
                body: EventBody::ChangeAnnounced {
                    id: Arc::from(need(&self.change, ev, "change")?),
                    kind: parsed(need(&self.kind, ev, "kind")?, "kind", bad)?,
                    from: time(&self.from, "from")?,
                    to: time(&self.to, "to")?,
                },
            }),
            EventKind::BackupCompleted => LineEvent::Other(Event {
                at: time(&self.at, "at")?,
                body: EventBody::BackupCompleted,
            }),
            EventKind::MaintenancePerformed => {
                let from = time(&self.from, "from")?;
                let to = time(&self.to, "to")?;
                // A performance record is written when the work is done: without `at`, it is
                // placed at the window's end, so an announcement made during the work is judged
                // (late), not refused, and a report as of a moment before the end does not know
                // of it.
                let at = match &self.at {
                    Some(_) => time(&self.at, "at")?,
                    None => to,
                };
                LineEvent::Other(Event {
                    at,
                    body: EventBody::ChangePerformed {
                        id: Arc::from(need(&self.change, ev, "change")?),
                        kind: text(&self.kind)
                            .map(|k| parsed(k, "kind", bad))
                            .transpose()?,
                        from,
                        to,
                        component: id(&self.component),
                    },
                })
            }
        })
    }
}

/// An event as read from a line. An incident's event keeps its id in the line: most lines are
/// about an incident the log already holds, and finding it needs no copy of the id.
#[derive(Debug, Clone)]
pub(crate) enum LineEvent<'r> {
    /// Something happened to an incident.
    Incident {
        /// When.
        at: Timestamp,
        /// The incident's id, as written.
        id: &'r str,
        /// What.
        what: IncidentEvent,
    },
    /// Any other event.
    Other(Event),
}

impl LineEvent<'_> {
    /// When it happened.
    #[cfg(feature = "formats")]
    pub(crate) fn at(&self) -> Timestamp {
        match self {
            LineEvent::Incident { at, .. } => *at,
            LineEvent::Other(e) => e.at,
        }
    }

    /// The event, with its own copy of an incident's id.
    pub(crate) fn into_event(self) -> Event {
        match self {
            LineEvent::Incident { at, id, what } => Event {
                at,
                body: EventBody::Incident {
                    id: Arc::from(id),
                    what,
                },
            },
            LineEvent::Other(e) => e,
        }
    }
}

/// An [`Event`] written with its instants in a zone: see [`Event::in_zone`].
#[derive(Debug, Clone, Copy)]
pub struct InZone<'a> {
    pub(super) event: &'a Event,
    pub(super) zone: Tz,
}

impl Serialize for InZone<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write(self.event, Some(self.zone), s)
    }
}

impl Serialize for Event {
    /// The JSON Lines form, instants in UTC (use [`Event::in_zone`] for a zone).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write(self, None, s)
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Event, D::Error> {
        RawEvent::deserialize(d)?
            .to_event()
            .map_err(serde::de::Error::custom)
    }
}

/// Writes the fields in the order a person reads them: when, what, about what, then details.
fn write<S: serde::Serializer>(e: &Event, zone: Option<Tz>, s: S) -> Result<S::Ok, S::Error> {
    let show = |t: Timestamp| match zone {
        Some(z) => t.to_zoned(z).to_rfc3339(),
        None => t.to_string(),
    };
    let mut m = s.serialize_map(None)?;
    // Always written, even where it defaults (an outage's start, a performance's end): the
    // line then says when it applies without a rule to remember.
    m.serialize_entry("at", &show(e.at))?;
    m.serialize_entry("event", e.body.kind().as_str())?;
    match &e.body {
        EventBody::Incident { id, what } => {
            m.serialize_entry("incident", &**id)?;
            match what {
                IncidentEvent::Reported {
                    class,
                    priority,
                    component,
                    site,
                } => {
                    m.serialize_entry("class", class.as_str())?;
                    if let Some(p) = priority {
                        m.serialize_entry("priority", p.as_str())?;
                    }
                    if let Some(c) = component {
                        m.serialize_entry("component", &**c)?;
                    }
                    if let Some(x) = site {
                        m.serialize_entry("site", &**x)?;
                    }
                }
                IncidentEvent::PriorityChanged { priority } => {
                    m.serialize_entry("priority", priority.as_str())?;
                }
                IncidentEvent::Excluded { reason } => {
                    m.serialize_entry("reason", reason.as_str())?;
                }
                IncidentEvent::Stop(_)
                | IncidentEvent::Reopened
                | IncidentEvent::AwaitingCustomer
                | IncidentEvent::CustomerReplied => {}
            }
        }
        EventBody::Outage {
            id,
            component,
            from,
            to,
            cause,
        } => {
            if let Some(id) = id {
                m.serialize_entry("outage", &**id)?;
            }
            m.serialize_entry("component", &**component)?;
            if let Some(c) = cause {
                m.serialize_entry("cause", c.as_str())?;
            }
            m.serialize_entry("from", &show(*from))?;
            m.serialize_entry("to", &show(*to))?;
        }
        EventBody::OutageStarted {
            id,
            component,
            cause,
        } => {
            m.serialize_entry("outage", &**id)?;
            m.serialize_entry("component", &**component)?;
            if let Some(c) = cause {
                m.serialize_entry("cause", c.as_str())?;
            }
        }
        EventBody::OutageEnded { id } => m.serialize_entry("outage", &**id)?,
        EventBody::ChangeAnnounced { id, kind, from, to } => {
            m.serialize_entry("change", &**id)?;
            m.serialize_entry("kind", kind.as_str())?;
            m.serialize_entry("from", &show(*from))?;
            m.serialize_entry("to", &show(*to))?;
        }
        EventBody::ChangePerformed {
            id,
            kind,
            from,
            to,
            component,
        } => {
            m.serialize_entry("change", &**id)?;
            if let Some(k) = kind {
                m.serialize_entry("kind", k.as_str())?;
            }
            m.serialize_entry("from", &show(*from))?;
            m.serialize_entry("to", &show(*to))?;
            if let Some(c) = component {
                m.serialize_entry("component", &**c)?;
            }
        }
        EventBody::BackupCompleted => {}
    }
    m.end()
}
