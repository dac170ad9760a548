//! One incident's history, and the rules an event must keep to join it.

use std::sync::Arc;

use super::{EventErrorKind, EventKind, IncidentEvent, Shown};
use crate::Timestamp;
use crate::contract::{ExclusionReason, IncidentClass, Priority, StopEvent};

/// One event of an incident after its report, as applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Step {
    /// When it happened.
    pub at: Timestamp,
    /// The input line (or push number) it came from.
    pub line: u64,
    /// What happened.
    pub kind: StepKind,
}

/// What happened to an incident after its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// Responded, work started, workaround, resolved.
    Stop(StopEvent),
    /// A resolved incident came back (it follows a resolution).
    Reopened,
    /// The priority changed to this.
    PriorityChanged(Priority),
    /// The provider began waiting on the customer.
    AwaitingCustomer,
    /// The customer answered (it follows an `AwaitingCustomer`).
    CustomerReplied,
    /// The incident is not the provider's.
    Excluded(ExclusionReason),
}

/// A wait on the customer: from `awaiting_customer` to `customer_replied` (open if no reply yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Wait {
    /// When the wait began.
    pub from: Timestamp,
    /// When the customer replied, if it has.
    pub to: Option<Timestamp>,
}

/// Everything known about one incident: its report and every event after it, in the order
/// applied (time order; within one second, arrival order).
///
/// The log keeps the rules of the sequence, so every history it holds is possible: a reply
/// follows a wait, a reopening follows a resolution, a resolution does not follow a resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentLog {
    /// The incident's id.
    pub id: Arc<str>,
    /// When it was reported.
    pub reported_at: Timestamp,
    /// The line of the report.
    pub report_line: u64,
    /// Its class.
    pub class: IncidentClass,
    /// The priority it was reported with.
    pub priority: Option<Priority>,
    /// The affected component, if given.
    pub component: Option<Arc<str>>,
    /// The site, if given.
    pub site: Option<Arc<str>>,
    history: Vec<Step>,
    state: State,
}

/// What checking the next event needs, kept as the history grows so that each check is
/// constant time (a scan of the history per event would make one busy incident quadratic). Each
/// is a place in the history, whose step holds its instant and line: a million incidents held
/// at once is why it is not kept twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct State {
    /// The wait still open.
    open_wait: Mark,
    /// The end of the last closed wait.
    last_reply: Mark,
    /// The resolution standing (not reopened).
    resolved: Mark,
    /// The last reopening.
    reopened: Mark,
    /// The exclusion.
    excluded: Mark,
}

/// A place in the history, or none: eight bytes where `Option<usize>` takes sixteen. No history
/// reaches `usize::MAX` steps (memory runs out long before), so that value can mean none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark(usize);

impl Mark {
    const NONE: Mark = Mark(usize::MAX);

    fn get(self) -> Option<usize> {
        (self != Mark::NONE).then_some(self.0)
    }
}

impl State {
    const NONE: State = State {
        open_wait: Mark::NONE,
        last_reply: Mark::NONE,
        resolved: Mark::NONE,
        reopened: Mark::NONE,
        excluded: Mark::NONE,
    };

    /// The state `history` leaves, as [`IncidentLog::apply`] keeps it step by step (a packed
    /// incident keeps only its history).
    pub(super) fn of(history: &[Step]) -> State {
        let mut state = State::NONE;
        for (i, step) in history.iter().enumerate() {
            let here = Mark(i);
            match step.kind {
                StepKind::Stop(StopEvent::Resolved) => state.resolved = here,
                StepKind::Reopened => {
                    state.resolved = Mark::NONE;
                    state.reopened = here;
                }
                StepKind::AwaitingCustomer => state.open_wait = here,
                StepKind::CustomerReplied => {
                    state.open_wait = Mark::NONE;
                    state.last_reply = here;
                }
                StepKind::Excluded(_) if state.excluded == Mark::NONE => state.excluded = here,
                _ => {}
            }
        }
        state
    }
}

impl IncidentLog {
    /// A new incident from its report.
    pub(crate) fn reported(
        id: Arc<str>,
        at: Timestamp,
        line: u64,
        class: IncidentClass,
        priority: Option<Priority>,
        component: Option<Arc<str>>,
        site: Option<Arc<str>>,
    ) -> IncidentLog {
        IncidentLog {
            id,
            reported_at: at,
            report_line: line,
            class,
            priority,
            component,
            site,
            history: Vec::new(),
            state: State::NONE,
        }
    }

    /// The incident with `history` after its report, as [`super::packed`] kept it; its state
    /// is worked out from the history.
    pub(super) fn with_history(mut self, history: Vec<Step>) -> IncidentLog {
        self.state = State::of(&history);
        self.history = history;
        self
    }

    /// Its history, given back to be used again (see [`super::packed::unpack_into`]).
    pub(crate) fn into_history(self) -> Vec<Step> {
        self.history
    }

    /// When the resolution standing at the end of the log was given, if one stands.
    pub(super) fn resolved_at(&self) -> Option<Timestamp> {
        self.step(self.state.resolved).map(|s| s.at)
    }

    /// Whether it is resolved (and not reopened since): what the log packs.
    pub(super) fn is_resolved(&self) -> bool {
        self.state.resolved.get().is_some()
    }

    /// When it was reported (for iterator chains).
    pub fn reported_at_instant(&self) -> Timestamp {
        self.reported_at
    }

    /// Every event after the report, in the order applied.
    pub fn history(&self) -> &[Step] {
        &self.history
    }

    /// The events at or before `as_of`: a prefix, since the history is in time order.
    pub fn history_until(&self, as_of: Timestamp) -> &[Step] {
        let n = self.history.partition_point(|s| s.at <= as_of);
        self.history.get(..n).unwrap_or(&self.history)
    }

    /// The instant of the latest event (the report if nothing followed).
    pub fn latest(&self) -> Timestamp {
        self.history.last().map_or(self.reported_at, |s| s.at)
    }

    /// The step at `mark`, if any.
    fn step(&self, mark: Mark) -> Option<Step> {
        mark.get().and_then(|i| self.history.get(i)).copied()
    }

    /// The priority in force after `steps` (a prefix of the history).
    pub fn priority_after(&self, steps: &[Step]) -> Option<Priority> {
        steps
            .iter()
            .rev()
            .find_map(|s| match s.kind {
                StepKind::PriorityChanged(p) => Some(p),
                _ => None,
            })
            .or(self.priority)
    }

    /// The priority in force at the end of the log.
    pub fn final_priority(&self) -> Option<Priority> {
        self.priority_after(&self.history)
    }

    /// The waits on the customer among `steps`, in order.
    pub fn waits(steps: &[Step]) -> Vec<Wait> {
        let mut out: Vec<Wait> = Vec::new();
        for s in steps {
            match s.kind {
                StepKind::AwaitingCustomer => out.push(Wait {
                    from: s.at,
                    to: None,
                }),
                StepKind::CustomerReplied => {
                    if let Some(w) = out.last_mut() {
                        w.to = Some(s.at);
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Whether the incident is resolved, and not reopened since, at the end of `steps`.
    pub fn is_resolved_after(steps: &[Step]) -> bool {
        steps
            .iter()
            .rev()
            .find_map(|s| match s.kind {
                StepKind::Stop(StopEvent::Resolved) => Some(true),
                StepKind::Reopened => Some(false),
                _ => None,
            })
            .unwrap_or(false)
    }

    /// Applies one event, or says why it cannot follow what came before. `show` writes an
    /// instant for the message.
    pub(crate) fn apply(
        &mut self,
        at: Timestamp,
        line: u64,
        what: &IncidentEvent,
        show: impl Fn(Timestamp) -> Shown,
    ) -> Result<(), EventErrorKind> {
        let kind = what.kind();
        if let IncidentEvent::Reported { .. } = what {
            return Err(EventErrorKind::ReportedTwice {
                first: show(self.reported_at),
                line: self.report_line,
            });
        }
        let (latest, latest_line) = self
            .history
            .last()
            .map_or((self.reported_at, self.report_line), |s| (s.at, s.line));
        if at < latest {
            return Err(EventErrorKind::OutOfOrder {
                event: kind,
                at: show(at),
                latest: show(latest),
                line: latest_line,
            });
        }
        let here = Mark(self.history.len());
        let step = match *what {
            IncidentEvent::Reported { .. } => return Ok(()),
            IncidentEvent::Stop(StopEvent::Resolved) => {
                if let Some(r) = self.step(self.state.resolved) {
                    return Err(EventErrorKind::ResolvedAgain {
                        resolved: show(r.at),
                        line: r.line,
                    });
                }
                self.state.resolved = here;
                StepKind::Stop(StopEvent::Resolved)
            }
            IncidentEvent::Stop(s) => StepKind::Stop(s),
            IncidentEvent::Reopened => {
                if self.state.resolved.get().is_none() {
                    let last = self.step(self.state.reopened);
                    return Err(EventErrorKind::NotResolved {
                        reopened: last.map(|s| show(s.at)),
                        line: last.map(|s| s.line),
                    });
                }
                self.state.resolved = Mark::NONE;
                self.state.reopened = here;
                StepKind::Reopened
            }
            IncidentEvent::PriorityChanged { priority } => StepKind::PriorityChanged(priority),
            IncidentEvent::AwaitingCustomer => {
                if let Some(w) = self.step(self.state.open_wait) {
                    return Err(EventErrorKind::WaitOpen {
                        since: show(w.at),
                        line: w.line,
                    });
                }
                self.state.open_wait = here;
                StepKind::AwaitingCustomer
            }
            IncidentEvent::CustomerReplied => {
                if self.state.open_wait.get().is_none() {
                    let last = self.step(self.state.last_reply);
                    return Err(EventErrorKind::NoOpenWait {
                        ended: last.map(|s| show(s.at)),
                        line: last.map(|s| s.line),
                    });
                }
                self.state.open_wait = Mark::NONE;
                self.state.last_reply = here;
                StepKind::CustomerReplied
            }
            IncidentEvent::Excluded { reason } => {
                if let Some(x) = self.step(self.state.excluded) {
                    return Err(EventErrorKind::ExcludedTwice {
                        reason: match x.kind {
                            StepKind::Excluded(first) => first,
                            _ => reason,
                        },
                        at: show(x.at),
                        line: x.line,
                    });
                }
                self.state.excluded = here;
                StepKind::Excluded(reason)
            }
        };
        self.history.push(Step {
            at,
            line,
            kind: step,
        });
        Ok(())
    }

    /// The event name for a step (for messages and evidence).
    pub fn step_name(kind: StepKind) -> EventKind {
        match kind {
            StepKind::Stop(StopEvent::Responded) => EventKind::Responded,
            StepKind::Stop(StopEvent::WorkStarted) => EventKind::WorkStarted,
            StepKind::Stop(StopEvent::Workaround) => EventKind::Workaround,
            StepKind::Stop(StopEvent::Resolved) => EventKind::Resolved,
            StepKind::Reopened => EventKind::Reopened,
            StepKind::PriorityChanged(_) => EventKind::PriorityChanged,
            StepKind::AwaitingCustomer => EventKind::AwaitingCustomer,
            StepKind::CustomerReplied => EventKind::CustomerReplied,
            StepKind::Excluded(_) => EventKind::Excluded,
        }
    }
}
