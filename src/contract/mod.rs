//! The contract's terms as types: targets, the out-of-hours rule, exclusions and scope, notice
//! rules, the availability objective, and the settings for every open question.
//!
//! Every figure in the received contract is a placeholder ("e.g. 15 minutes"), so every figure
//! here is data: [`Contract::seed`] ships the placeholders as the default preset, and a contract
//! file (TOML, feature `formats`) can change any of them.
//!
//! ```
//! use sla_engine::contract::{Contract, Metric, Limit};
//! let seed = Contract::seed();
//! let high = seed.target("resolution-high").ok_or("missing")?;
//! assert_eq!(high.metric, Metric::Resolution);
//! assert_eq!(high.limit, Limit::Duration(8 * 3600));
//! assert_eq!(seed.settings, Default::default());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod names;
mod schedule;
mod settings;
mod terms;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use settings::{
    AvailabilityTime, Boundary, CustomerWait, MaintenanceDowntime, MinorPatchDowntime, MissingYear,
    NextWorkingDay, NoticeCounting, PlatformDowntime, PriorityChange, QUESTIONS, Reopen,
    ResponseClock, SettingError, Settings, SupersededTargets, WorkClock,
};
pub use terms::{
    AvailabilityObjective, ChangeKind, ClockKind, ExclusionReason, IncidentClass, LeadUnit, Limit,
    Metric, NoticeRule, Obligation, OutOfHours, PeriodKind, Priority, RecurringRule, Scope,
    StopEvent, Target, TargetClock,
};

use crate::{Calendar, CalendarError, Excerpt};
pub use names::{Names, NotNamed};
pub use schedule::{
    AvailabilityTier, BreachCharge, InclusiveEdge, LatenessClock, MAX_AMOUNT, PenaltySchedule,
    RoundAt, Rounding, ScheduleError, Stacking,
};

/// The longest limit a target may set: 366 days. Longer ones are typos that would push
/// deadlines past any calendar's data.
pub const MAX_LIMIT_SECONDS: i64 = 366 * 86_400;

/// A contract whose terms do not hold together.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ContractError {
    /// Two targets share an id.
    #[error("target id {} is used twice", Excerpt(.id))]
    DuplicateTarget {
        /// The id.
        id: String,
    },
    /// A reference to a target that does not exist.
    #[error("{field} names target {}, which the contract does not define", Excerpt(.id))]
    UnknownTarget {
        /// The field holding the reference.
        field: &'static str,
        /// The id.
        id: String,
    },
    /// A limit longer than [`MAX_LIMIT_SECONDS`].
    #[error("{}: a limit is at most 366 days (31622400 s)", Excerpt(.id))]
    LimitTooLong {
        /// The target (or `out_of_hours`).
        id: String,
    },
    /// A target that nothing can stop.
    #[error("target {}: stops_on is empty", Excerpt(.id))]
    NoStopEvent {
        /// The target.
        id: String,
    },
    /// A target that applies to no class.
    #[error("target {}: classes is empty", Excerpt(.id))]
    NoClass {
        /// The target.
        id: String,
    },
    /// Two notice rules for one kind of change.
    #[error("notice rule for {kind} is given twice")]
    DuplicateNotice {
        /// The kind.
        kind: ChangeKind,
    },
    /// An availability target outside (0, 100].
    #[error("availability.target_percent {value} must be above 0 and at most 100")]
    BadAvailabilityTarget {
        /// The value.
        value: Decimal,
    },
    /// No core component.
    #[error("availability.components is empty")]
    NoCoreComponent,
    /// `window` is not a period a contract can name.
    #[error(
        "availability periods are year, quarter or month: a window is asked for per evaluation"
    )]
    WindowPeriod,
    /// The calendar could not be built.
    #[error("calendar: {0}")]
    Calendar(#[from] CalendarError),
    /// The contract names a calendar file that was not read with it (a contract given as a string
    /// without a grant, or whose `calendar` was changed after loading).
    #[error(
        "calendar file {} was not read with the contract: load the contract with a grant to read it",
        Excerpt(.name)
    )]
    CalendarFileNotRead {
        /// The file's name as written.
        name: String,
    },
    /// The penalty schedule does not hold together (boxed: its figures are large, and a
    /// contract error travels in every load's `Result`).
    #[error("penalties: {0}")]
    Penalty(#[source] Box<ScheduleError>),
}

/// The terms of one maintenance contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// A name for reports, e.g. `seed`.
    pub name: String,
    /// What the contract is, in a sentence.
    #[serde(default)]
    pub description: String,
    /// The business calendar of clause 4.1: a preset name (`cn-standard`, `24x7`) or the path of
    /// a calendar file (relative to the contract file).
    pub calendar: String,
    /// How to read the open questions.
    #[serde(default)]
    pub settings: Settings,
    /// The response, start and resolution targets (3.1(1)-(2)).
    #[serde(rename = "target")]
    pub targets: Vec<Target>,
    /// The out-of-hours rule of clause 4.2, if the contract has one.
    pub out_of_hours: Option<OutOfHours>,
    /// Components and sites in scope (2.3).
    #[serde(default)]
    pub scope: Scope,
    /// The exclusion reasons the contract recognises, each with the clause that makes it one
    /// (2.4(1)-(6), and 2.3 for scope). An incident or outage excluded for a reason not listed is
    /// judged normally, and the report says so.
    pub exclusions: BTreeMap<ExclusionReason, String>,
    /// Notice rules (3.1(4), 4.3, 5.1(4)).
    #[serde(rename = "notice")]
    pub notices: Vec<NoticeRule>,
    /// The availability objective (3.1(3)).
    pub availability: AvailabilityObjective,
    /// Recurring obligations whose gaps are checked (2.2): backups, upgrades.
    #[serde(default)]
    pub recurring: Vec<RecurringRule>,
    /// The penalty schedule (the liability article that 3.2 points to; missing from the received
    /// text, so the seed's is illustrative).
    #[serde(default)]
    pub penalties: Option<PenaltySchedule>,
    /// The calendar file that `calendar` names, read when the contract was loaded with a grant
    /// to read it (`Contract::from_toml_file`, `Contract::from_toml_str_with`).
    #[serde(skip)]
    calendar_file: Option<Arc<Calendar>>,
    /// Where the contract came from, for a report's provenance.
    #[serde(skip)]
    origin: Origin,
}

/// Where a contract came from: `preset seed`, a file's name, or `built in code`. Not part of the
/// terms: two contracts with the same terms are equal wherever they came from.
#[derive(Debug, Clone)]
struct Origin(String);

impl Default for Origin {
    fn default() -> Origin {
        Origin("built in code".to_owned())
    }
}

impl PartialEq for Origin {
    fn eq(&self, _: &Origin) -> bool {
        true
    }
}

impl Eq for Origin {}

#[allow(clippy::too_many_arguments)]
fn target(
    id: &str,
    clause: &str,
    metric: Metric,
    clock: TargetClock,
    classes: &[IncidentClass],
    priorities: &[Priority],
    limit: Limit,
    stops_on: &[StopEvent],
) -> Target {
    Target {
        id: id.to_owned(),
        clause: clause.to_owned(),
        metric,
        clock,
        classes: classes.to_vec(),
        priorities: priorities.to_vec(),
        limit,
        stops_on: stops_on.to_vec(),
    }
}

impl Contract {
    /// The seed contract: the placeholders of the received text as figures, every open question
    /// read as terms.md says, and an illustrative penalty schedule (the contract's own is missing).
    pub fn seed() -> Contract {
        use IncidentClass::{Fault, Outage, Question};
        use StopEvent::{Resolved, Responded, WorkStarted, Workaround};
        let h = |n: i64| Limit::Duration(n * 3600);
        let any_stop = [Responded, WorkStarted, Workaround, Resolved];
        let started = [WorkStarted, Workaround, Resolved];
        let faults = [Outage, Fault];
        Contract {
            name: "seed".to_owned(),
            description: "Delivery-kanban system maintenance agreement, with the placeholder \
                          figures of the received text"
                .to_owned(),
            calendar: "cn-standard".to_owned(),
            settings: Settings::default(),
            targets: vec![
                target(
                    "response-urgent",
                    "3.1(1)",
                    Metric::Response,
                    TargetClock::ResponseClock,
                    &[Outage],
                    &[],
                    Limit::Duration(15 * 60),
                    &any_stop,
                ),
                target(
                    "response-question",
                    "3.1(1)",
                    Metric::Response,
                    TargetClock::WorkClock,
                    &[Question],
                    &[],
                    h(4),
                    &any_stop,
                ),
                target(
                    "start-high",
                    "3.1(2)",
                    Metric::Start,
                    TargetClock::WorkClock,
                    &faults,
                    &[Priority::High],
                    h(4),
                    &started,
                ),
                target(
                    "resolution-high",
                    "3.1(2)",
                    Metric::Resolution,
                    TargetClock::WorkClock,
                    &faults,
                    &[Priority::High],
                    h(8),
                    &[Workaround, Resolved],
                ),
                target(
                    "start-medium",
                    "3.1(2)",
                    Metric::Start,
                    TargetClock::WorkClock,
                    &faults,
                    &[Priority::Medium],
                    h(8),
                    &started,
                ),
                target(
                    "resolution-medium",
                    "3.1(2)",
                    Metric::Resolution,
                    TargetClock::WorkClock,
                    &faults,
                    &[Priority::Medium],
                    h(24),
                    &[Resolved],
                ),
                target(
                    "start-low",
                    "3.1(2)",
                    Metric::Start,
                    TargetClock::WorkClock,
                    &faults,
                    &[Priority::Low],
                    Limit::NextWorkingDay,
                    &started,
                ),
            ],
            out_of_hours: Some(OutOfHours {
                clause: "4.2".to_owned(),
                replaces: "response-urgent".to_owned(),
                limit: 3600,
            }),
            scope: Scope {
                components: [
                    "data-interface",
                    "back-office",
                    "kanban-display",
                    "terminal",
                    "network",
                ]
                .map(str::to_owned)
                .to_vec(),
                sites: Vec::new(),
                // The customer's own printers: not on the contract's hardware list (2.3).
                outside: vec!["printer-fleet".to_owned()],
            },
            exclusions: [
                (ExclusionReason::CustomerError, "2.4(1)"),
                (ExclusionReason::CustomerChange, "2.4(2)"),
                (ExclusionReason::CustomerData, "2.4(3)"),
                (ExclusionReason::CustomerAccess, "2.4(4)"),
                (ExclusionReason::CustomerCompliance, "2.4(5)"),
                (ExclusionReason::OtherAgreed, "2.4(6)"),
                (ExclusionReason::OutOfScope, "2.3"),
            ]
            .into_iter()
            .map(|(r, c)| (r, c.to_owned()))
            .collect(),
            notices: vec![
                NoticeRule {
                    kind: ChangeKind::Upgrade,
                    clause: "3.1(4)".to_owned(),
                    required: true,
                    lead: 5,
                    unit: LeadUnit::WorkingDays,
                    outside_service_hours: true,
                },
                NoticeRule {
                    kind: ChangeKind::Maintenance,
                    clause: "4.3".to_owned(),
                    required: true,
                    lead: 3,
                    unit: LeadUnit::Days,
                    outside_service_hours: true,
                },
                NoticeRule {
                    kind: ChangeKind::SecurityUpgrade,
                    clause: "3.1(4)".to_owned(),
                    required: true,
                    lead: 0,
                    unit: LeadUnit::Days,
                    outside_service_hours: true,
                },
                NoticeRule {
                    kind: ChangeKind::MinorPatch,
                    clause: "5.1(4)".to_owned(),
                    required: false,
                    lead: 0,
                    unit: LeadUnit::Days,
                    outside_service_hours: true,
                },
            ],
            availability: AvailabilityObjective {
                clause: "3.1(3)".to_owned(),
                target_percent: Decimal::new(995, 1),
                components: vec!["data-interface".to_owned(), "back-office".to_owned()],
                period: PeriodKind::Year,
                report_periods: vec![PeriodKind::Quarter, PeriodKind::Month],
                percent_places: 3,
            },
            recurring: vec![
                RecurringRule {
                    obligation: Obligation::Backup,
                    clause: "2.2(2)".to_owned(),
                    every_days: 7,
                },
                RecurringRule {
                    obligation: Obligation::Upgrade,
                    clause: "3.1(4)".to_owned(),
                    every_days: 184,
                },
            ],
            penalties: Some(PenaltySchedule::illustrative()),
            calendar_file: None,
            origin: Origin("preset seed".to_owned()),
        }
    }

    /// Where the contract came from: `preset seed`, the file it was read from, or `built in
    /// code`.
    pub fn origin(&self) -> &str {
        &self.origin.0
    }

    /// The same contract, said to come from `origin` (a file's name, for a report's provenance).
    pub fn with_origin(mut self, origin: impl Into<String>) -> Contract {
        self.origin = Origin(origin.into());
        self
    }

    /// SHA-256 of the contract's canonical TOML form (the terms and settings in force, without
    /// comments or layout), so that one contract read from a reformatted file has one digest;
    /// `None` without the `formats` feature.
    pub fn sha256(&self) -> Option<String> {
        #[cfg(feature = "formats")]
        {
            toml::to_string(self)
                .ok()
                .map(|t| crate::digest::sha256_hex(t.as_bytes()))
        }
        #[cfg(not(feature = "formats"))]
        {
            None
        }
    }

    /// The names of the shipped contracts, for [`Contract::preset`].
    pub const PRESETS: &'static [&'static str] = &["seed"];

    /// A shipped contract by name: `seed`.
    pub fn preset(name: &str) -> Option<Contract> {
        (name == "seed").then(Contract::seed)
    }

    /// The target with this id.
    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.id == id)
    }

    /// The component and site names the contract knows: with a scope list, an event naming
    /// another is an input error (a misspelt name would otherwise count nowhere); without one,
    /// any name is in scope.
    pub fn names(&self) -> Names {
        let components: Vec<String> = if self.scope.components.is_empty() {
            Vec::new()
        } else {
            self.scope
                .components
                .iter()
                .chain(&self.availability.components)
                .chain(&self.scope.outside)
                .cloned()
                .collect()
        };
        let sites: Vec<String> = if self.scope.sites.is_empty() {
            Vec::new()
        } else {
            self.scope
                .sites
                .iter()
                .chain(&self.scope.outside)
                .cloned()
                .collect()
        };
        Names::new(components, sites)
    }

    /// The clause that makes `reason` an exclusion, if the contract recognises it.
    pub fn exclusion_clause(&self, reason: ExclusionReason) -> Option<&str> {
        self.exclusions.get(&reason).map(String::as_str)
    }

    /// The notice rule for a kind of change.
    pub fn notice_rule(&self, kind: ChangeKind) -> Option<&NoticeRule> {
        self.notices.iter().find(|n| n.kind == kind)
    }

    /// Checks that the terms hold together.
    ///
    /// # Errors
    /// The first [`ContractError`] found.
    pub fn validate(&self) -> Result<(), ContractError> {
        let mut ids = BTreeSet::new();
        for t in &self.targets {
            if let Limit::Duration(s) = t.limit
                && s > MAX_LIMIT_SECONDS
            {
                return Err(ContractError::LimitTooLong { id: t.id.clone() });
            }
            if !ids.insert(t.id.as_str()) {
                return Err(ContractError::DuplicateTarget { id: t.id.clone() });
            }
            if t.stops_on.is_empty() {
                return Err(ContractError::NoStopEvent { id: t.id.clone() });
            }
            if t.classes.is_empty() {
                return Err(ContractError::NoClass { id: t.id.clone() });
            }
        }
        if let Some(o) = &self.out_of_hours
            && o.limit > MAX_LIMIT_SECONDS
        {
            return Err(ContractError::LimitTooLong {
                id: "out_of_hours".to_owned(),
            });
        }
        if let Some(o) = &self.out_of_hours
            && !ids.contains(o.replaces.as_str())
        {
            return Err(ContractError::UnknownTarget {
                field: "out_of_hours.replaces",
                id: o.replaces.clone(),
            });
        }
        let mut kinds = BTreeSet::new();
        for n in &self.notices {
            if !kinds.insert(n.kind) {
                return Err(ContractError::DuplicateNotice { kind: n.kind });
            }
        }
        let p = self.availability.target_percent;
        if p <= Decimal::ZERO || p > Decimal::ONE_HUNDRED {
            return Err(ContractError::BadAvailabilityTarget { value: p });
        }
        if self.availability.components.is_empty() {
            return Err(ContractError::NoCoreComponent);
        }
        if self.availability.period == PeriodKind::Window
            || self
                .availability
                .report_periods
                .contains(&PeriodKind::Window)
        {
            return Err(ContractError::WindowPeriod);
        }
        if let Some(p) = &self.penalties {
            p.validate(self)
                .map_err(|e| ContractError::Penalty(Box::new(e)))?;
        }
        Ok(())
    }

    /// Builds the contract's calendar from a preset name; for a calendar file use
    /// [`Contract::calendar`]. Applies Q11: with `plain_weeks`, every uncovered year from 2000 to
    /// 2099 gets no statutory day, explicitly.
    ///
    /// # Errors
    /// An unknown preset.
    pub fn preset_calendar(&self) -> Result<Calendar, ContractError> {
        let cal = Calendar::preset(&self.calendar)?;
        self.apply_missing_year(cal)
    }

    /// Builds the contract's calendar: a preset by name, or the calendar file it names, as read
    /// when the contract was loaded (`Contract::from_toml_file`, or `from_toml_str_with` and a
    /// grant, feature `formats`). Applies Q11 as [`preset_calendar`](Self::preset_calendar) does.
    ///
    /// # Errors
    /// An unknown preset, or [`ContractError::CalendarFileNotRead`] for a calendar file that
    /// was not read with the contract.
    ///
    /// ```
    /// use sla_engine::contract::Contract;
    /// let cal = Contract::seed().calendar()?;
    /// assert_eq!(cal.name(), "cn-standard");
    /// let mut c = Contract::seed();
    /// c.calendar = "office.toml".into();
    /// assert_eq!(c.calendar().unwrap_err().to_string(),
    ///     "calendar file \"office.toml\" was not read with the contract: load the contract with a grant to read it");
    /// # Ok::<(), sla_engine::contract::ContractError>(())
    /// ```
    pub fn calendar(&self) -> Result<Calendar, ContractError> {
        match &self.calendar_file {
            Some(cal) => self.apply_missing_year(Calendar::clone(cal)),
            None if self.names_calendar_file() => Err(ContractError::CalendarFileNotRead {
                name: self.calendar.clone(),
            }),
            None => self.preset_calendar(),
        }
    }

    /// Whether `calendar` names a calendar file rather than a preset.
    pub fn names_calendar_file(&self) -> bool {
        self.calendar.ends_with(".toml")
    }

    /// Keeps the calendar file read for this contract.
    #[cfg(feature = "formats")]
    pub(crate) fn set_calendar_file(&mut self, calendar: Calendar) {
        self.calendar_file = Some(Arc::new(calendar));
    }

    pub(crate) fn apply_missing_year(&self, cal: Calendar) -> Result<Calendar, ContractError> {
        match self.settings.missing_year {
            MissingYear::Error => Ok(cal),
            MissingYear::PlainWeeks => Ok(cal.with_plain_years(2000, 2099)?),
        }
    }
}

#[cfg(feature = "formats")]
mod file;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_is_valid() {
        Contract::seed().validate().unwrap();
        assert_eq!(Contract::seed().targets.len(), 7);
    }

    #[test]
    fn validation_names_the_problem() {
        let mut c = Contract::seed();
        c.out_of_hours.as_mut().unwrap().replaces = "nope".into();
        assert_eq!(
            c.validate().unwrap_err().to_string(),
            "out_of_hours.replaces names target \"nope\", which the contract does not define"
        );
        let mut c = Contract::seed();
        c.availability.target_percent = Decimal::new(1001, 1);
        assert!(c.validate().is_err());
    }
}
