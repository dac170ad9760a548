//! The vocabulary of the contract's terms: incident classes, priorities, targets, exclusions,
//! notices and the availability objective.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::named::named_enum;

named_enum! {
    /// What kind of request an incident is (clauses 2.2 and 3.1(1)).
    pub enum IncidentClass {
        /// The system is down or seriously malfunctioning (系统中断或严重功能异常): the 15-minute
        /// response, and the 1-hour out-of-hours response of clause 4.2.
        Outage = "outage",
        /// Any other fault to diagnose and fix (2.2(3)): start and resolution targets by priority.
        Fault = "fault",
        /// A general technical question (一般性技术咨询): the 4-hour response.
        Question = "question",
        /// A change or feature request (2.2(5)-(6)): no SLA target in the contract.
        ChangeRequest = "change_request",
    }
}

named_enum! {
    /// Fault priority of clause 3.1(2).
    pub enum Priority {
        /// High: start within 4 h, resolve or work around within 8 h.
        High = "high",
        /// Medium: start within 8 h, resolve within 24 h.
        Medium = "medium",
        /// Low: start within the next working day.
        Low = "low",
    }
}

named_enum! {
    /// Which commitment a target measures.
    pub enum Metric {
        /// Time to respond to the report (3.1(1), 4.2).
        Response = "response",
        /// Time to start work (3.1(2)).
        Start = "start",
        /// Time to resolve, or to provide a workaround where the target allows it (3.1(2)).
        Resolution = "resolution",
    }
}

named_enum! {
    /// An incident event that can stop a target's clock.
    pub enum StopEvent {
        /// The provider responded.
        Responded = "responded",
        /// Work started.
        WorkStarted = "work_started",
        /// A workaround (临时解决方案) was provided.
        Workaround = "workaround",
        /// The incident was resolved.
        Resolved = "resolved",
    }
}

named_enum! {
    /// The clock a target runs on, once the settings have decided it.
    pub enum ClockKind {
        /// Every second counts.
        Wall = "wall",
        /// Service hours of the contract's calendar only.
        Business = "business",
    }
}

named_enum! {
    /// Why an incident or outage is not the provider's (clause 2.4, and 2.3 for scope).
    pub enum ExclusionReason {
        /// 2.4(1): the customer's own error or damage (操作失误、人为损坏).
        CustomerError = "customer_error",
        /// 2.4(2): hardware, software or network changes the customer made itself.
        CustomerChange = "customer_change",
        /// 2.4(3): the quality of the customer's own business data.
        CustomerData = "customer_data",
        /// 2.4(4): unreachable for the customer's reasons while its internal network is up.
        CustomerAccess = "customer_access",
        /// 2.4(5): compliance work the law puts on the customer.
        CustomerCompliance = "customer_compliance",
        /// 2.4(6): another exclusion agreed by both parties.
        OtherAgreed = "other_agreed",
        /// 2.3: a component or site outside the contract's scope.
        OutOfScope = "out_of_scope",
    }
}

named_enum! {
    /// A kind of announced change (clauses 3.1(4), 4.3, 5.1(4)).
    pub enum ChangeKind {
        /// A scheduled version upgrade: at least 5 working days' notice (3.1(4)).
        Upgrade = "upgrade",
        /// Scheduled maintenance: at least 3 days' notice, held outside service hours (4.3).
        Maintenance = "maintenance",
        /// An urgent security upgrade: announced as soon as possible, no minimum lead (3.1(4)).
        SecurityUpgrade = "security_upgrade",
        /// A minor patch with controlled risk: no notice needed (5.1(4)).
        MinorPatch = "minor_patch",
    }
}

named_enum! {
    /// A recurring obligation of clause 2.2 whose gaps are checked.
    pub enum Obligation {
        /// Periodic backups (2.2(2)), recorded as `backup_completed` events.
        Backup = "backup",
        /// Periodic version upgrades (2.2(5), 3.1(4): "usually quarterly or half-yearly"),
        /// recorded as performed changes of kind `upgrade`.
        Upgrade = "upgrade",
    }
}

/// A recurring obligation: at most `every_days` days between two occurrences.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecurringRule {
    /// What must recur.
    pub obligation: Obligation,
    /// The clause, e.g. `2.2(2)`.
    pub clause: String,
    /// The longest allowed gap, in days of 24 hours.
    pub every_days: u32,
}

named_enum! {
    /// The unit of a notice lead.
    pub enum LeadUnit {
        /// Days (counted as Q9 says: calendar dates by default).
        Days = "days",
        /// Working days of the contract's calendar.
        WorkingDays = "working_days",
    }
}

named_enum! {
    /// A period over which availability is measured or reported, in the contract's time zone.
    pub enum PeriodKind {
        /// A calendar year (366 days in a leap year).
        Year = "year",
        /// A calendar quarter.
        Quarter = "quarter",
        /// A calendar month.
        Month = "month",
        /// Any window a caller asks about (`Options::window`), reported for information; never
        /// the contract's judged period.
        Window = "window",
    }
}

/// How long a target allows; written `15m`, `4h` or `next_working_day` in contract files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// A duration on the target's clock, in seconds.
    Duration(i64),
    /// "Within the next working day" (3.1(2), Low), read as Q3 says.
    NextWorkingDay,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Duration(s) => f.write_str(&crate::format_duration(*s)),
            Limit::NextWorkingDay => f.write_str("next_working_day"),
        }
    }
}

impl Serialize for Limit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text == "next_working_day" {
            return Ok(Limit::NextWorkingDay);
        }
        match crate::parse_duration(&text) {
            Ok(v) if v > 0 => Ok(Limit::Duration(v)),
            Ok(_) => Err(serde::de::Error::custom(format!(
                "invalid limit {}: a limit must be longer than zero",
                crate::Excerpt(&text)
            ))),
            Err(e) if e.reason == "it is too large" => Err(serde::de::Error::custom(format!(
                "invalid limit {}: it is too large",
                crate::Excerpt(&text)
            ))),
            Err(_) => Err(serde::de::Error::custom(format!(
                "invalid limit {}: expected a duration such as 15m, 4h, 1h30m, or next_working_day",
                crate::Excerpt(&text)
            ))),
        }
    }
}

/// Serde for a duration written as text (`15m`) in files.
pub(crate) mod duration_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(v: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::format_duration(*v))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let text = String::deserialize(d)?;
        let v = crate::parse_duration(&text).map_err(serde::de::Error::custom)?;
        if v <= 0 {
            return Err(serde::de::Error::custom(format!(
                "invalid duration {}: a limit must be longer than zero",
                crate::Excerpt(&text)
            )));
        }
        Ok(v)
    }
}

named_enum! {
    /// Which clock a target runs on: fixed by the contract, or chosen by a setting.
    pub enum TargetClock {
        /// As Q1 (`response_clock`) says: the seed's 15-minute and 1-hour response targets.
        ResponseClock = "response_clock",
        /// As Q2 (`work_clock`) says: the seed's 4 h, 8 h and 24 h targets, and the 4-hour
        /// response to a general question (which terms.md puts with the 4.1 service-hour targets,
        /// not under Q1).
        WorkClock = "work_clock",
        /// Every second counts, whatever the settings.
        Wall = "wall",
        /// Service hours only, whatever the settings.
        Business = "business",
    }
}

/// One commitment of the contract: which incidents it applies to, how long it allows, which
/// clock it runs on, and which events stop it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// A stable name used in reports, e.g. `resolution-high`.
    pub id: String,
    /// The clause it comes from, e.g. `3.1(2)`.
    pub clause: String,
    /// What it measures.
    pub metric: Metric,
    /// The clock it runs on (the setting that picks it is named in every verdict's evidence).
    pub clock: TargetClock,
    /// The incident classes it applies to.
    pub classes: Vec<IncidentClass>,
    /// The priorities it applies to; empty means every priority.
    #[serde(default)]
    pub priorities: Vec<Priority>,
    /// How long it allows.
    pub limit: Limit,
    /// The events that stop its clock (the first of them after the clock starts).
    pub stops_on: Vec<StopEvent>,
}

impl Target {
    /// Whether the target applies to an incident of `class` and `priority`.
    pub fn applies_to(&self, class: IncidentClass, priority: Option<Priority>) -> bool {
        self.classes.contains(&class)
            && (self.priorities.is_empty()
                || priority.is_some_and(|p| self.priorities.contains(&p)))
    }
}

/// Clause 4.2: an urgent fault reported outside service hours gets a different response limit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutOfHours {
    /// The clause, `4.2`.
    pub clause: String,
    /// The target whose limit it replaces, e.g. `response-urgent`.
    pub replaces: String,
    /// The limit for reports outside service hours.
    #[serde(with = "duration_text")]
    pub limit: i64,
}

/// The scope of clause 2.3: components and sites the provider maintains. An empty list means
/// everything is in scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scope {
    /// Components in scope, e.g. `data-interface`.
    pub components: Vec<String>,
    /// Sites in scope, e.g. `head-office`.
    pub sites: Vec<String>,
    /// Components and sites known to lie outside the scope (an incident on one is excluded as
    /// `out_of_scope`; an outage on one is listed, not counted). With a `components` (or
    /// `sites`) list, any other name is an input error, so that a misspelt name cannot drop out
    /// silently.
    pub outside: Vec<String>,
}

impl Scope {
    /// Whether a component (if named) and a site (if named) are in scope.
    pub fn covers(&self, component: Option<&str>, site: Option<&str>) -> bool {
        let ok = |list: &[String], v: Option<&str>| {
            list.is_empty() || v.is_none_or(|v| list.iter().any(|x| x == v))
        };
        ok(&self.components, component) && ok(&self.sites, site)
    }
}

/// A notice rule: how far ahead a kind of change must be announced.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeRule {
    /// The kind of change.
    pub kind: ChangeKind,
    /// The clause, e.g. `3.1(4)`.
    pub clause: String,
    /// Whether an announcement is needed at all (false for minor patches, 5.1(4)).
    pub required: bool,
    /// The minimum lead; zero means "announced before it starts" (urgent security upgrades).
    pub lead: u32,
    /// The unit of `lead`.
    pub unit: LeadUnit,
    /// Whether the window must lie outside service hours for its downtime to be excused (4.3,
    /// and Q8's default reading for every kind); `false` excuses a noticed window whenever it is
    /// held.
    #[serde(default)]
    pub outside_service_hours: bool,
}

/// The availability objective of clause 3.1(3).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityObjective {
    /// The clause, `3.1(3)`.
    pub clause: String,
    /// The minimum availability as a percentage, exact (`99.5`).
    #[serde(with = "rust_decimal::serde::str")]
    pub target_percent: Decimal,
    /// The core components whose availability is promised.
    pub components: Vec<String>,
    /// The period the target is judged over (a year in the contract).
    pub period: PeriodKind,
    /// Shorter periods to report on as well (judged against the same percentage, for information).
    #[serde(default)]
    pub report_periods: Vec<PeriodKind>,
    /// Decimal places of the percentage shown in reports (the verdict itself is exact).
    #[serde(default = "default_places")]
    pub percent_places: u32,
}

fn default_places() -> u32 {
    3
}
