//! The questions the contract leaves open (terms.md, Q1-Q11), each a named setting whose default is
//! the reading terms.md gives, so that one event log can be judged under both readings.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::Excerpt;
use crate::named::named_enum;

named_enum! {
    /// Q1: which clock the response targets (15 minutes, and 1 hour out of hours) run on.
    #[derive(Default)]
    pub enum ResponseClock {
        /// Every second counts; the regime (15 min or 1 h) is chosen by when the report arrives.
        /// A report at 22:00 Friday must be answered by 23:00 Friday.
        #[default]
        Wall = "wall",
        /// Only service hours count. A report at 22:00 Friday must be answered by 10:00 Monday
        /// (1 h of business time), or 09:15 for a 15-minute target.
        Business = "business",
    }
}

named_enum! {
    /// Q2: which clock the start and resolution targets (4 h, 8 h, 24 h) run on.
    #[derive(Default)]
    pub enum WorkClock {
        /// Service hours only: 8 h from Friday 17:00 ends Monday 16:00.
        #[default]
        Business = "business",
        /// Every second: 8 h from Friday 17:00 ends Saturday 01:00.
        Wall = "wall",
        /// Wall clock for targets of High priority, business clock for the others.
        WallForHigh = "wall_for_high",
    }
}

named_enum! {
    /// Q3: what "start within the next working day" means.
    #[derive(Default)]
    pub enum NextWorkingDay {
        /// By the close of the first working day after the day of the report: a report on Monday
        /// 10:00 is due by Tuesday 18:00.
        #[default]
        EndOfNextWorkingDay = "end_of_next_working_day",
        /// Within one working day's worth of business time (9 h in cn-standard): Monday 10:00 is due
        /// Tuesday 10:00.
        OneWorkingDayOfBusinessTime = "one_working_day_of_business_time",
    }
}

named_enum! {
    /// Q4: from when the targets of a changed priority count.
    #[derive(Default)]
    pub enum PriorityChange {
        /// From the original report.
        #[default]
        FromReport = "from_report",
        /// From the moment of the (last) change.
        FromChange = "from_change",
    }
}

named_enum! {
    /// Q5: whether time spent waiting on the customer (5.2(3)-(4)) stops the clocks.
    #[derive(Default)]
    pub enum CustomerWait {
        /// Every clock of the incident pauses from `awaiting_customer` to `customer_replied`.
        #[default]
        Pauses = "pauses",
        /// Waiting does not pause the clocks.
        DoesNotPause = "does_not_pause",
    }
}

named_enum! {
    /// Q6: is the platform down when one core component is down?
    #[derive(Default)]
    pub enum PlatformDowntime {
        /// Yes: platform downtime is the union of the core components' outages (overlaps count once).
        #[default]
        UnionOfComponents = "union_of_components",
        /// Each core component is judged on its own against the target.
        EachComponent = "each_component",
    }
}

named_enum! {
    /// Q7: over which time availability is measured.
    #[derive(Default)]
    pub enum AvailabilityTime {
        /// Every second of the period, 24x7.
        #[default]
        AllSeconds = "all_seconds",
        /// Service hours of the contract's calendar only (downtime and period both).
        ServiceHours = "service_hours",
    }
}

named_enum! {
    /// Q8: does announced maintenance count as downtime?
    #[derive(Default)]
    pub enum MaintenanceDowntime {
        /// Not if announced with the required notice and held outside service hours; otherwise yes.
        #[default]
        ExcusedIfNoticed = "excused_if_noticed",
        /// Always counts as downtime.
        AlwaysCounts = "always_counts",
    }
}

named_enum! {
    /// Q9: how the notice leads ("3 days", "5 working days") are counted.
    #[derive(Default)]
    pub enum NoticeCounting {
        /// `days` are calendar dates (notice on the 7th or earlier for a window on the 10th);
        /// `working_days` are working days (notice no later than the working day 5 working days
        /// before the day of the change).
        #[default]
        AsWritten = "as_written",
        /// Both as working days.
        WorkingDays = "working_days",
        /// Both as whole 24-hour periods before the window starts (5 working days = 120 h).
        WholeDays = "whole_days",
    }
}

named_enum! {
    /// Q10: is a stop exactly at the deadline in time?
    #[derive(Default)]
    pub enum Boundary {
        /// Met: a response at 10:15:00 for a 10:15:00 deadline is in time; 99.5 % exactly meets
        /// 99.5 %.
        #[default]
        Inclusive = "inclusive",
        /// Breached: the stop must come strictly before the deadline, and availability strictly
        /// above the target.
        Exclusive = "exclusive",
    }
}

named_enum! {
    /// Q11: a year the statutory calendar does not cover.
    #[derive(Default)]
    pub enum MissingYear {
        /// An error naming the year; never a guess. Load the year's days to answer.
        #[default]
        Error = "error",
        /// Treat every uncovered year from 2000 to 2099 as having no statutory days (plain weeks),
        /// explicitly and visibly.
        PlainWeeks = "plain_weeks",
    }
}

named_enum! {
    /// What a reopened incident does to its resolution targets (not in terms.md; our reading).
    #[derive(Default)]
    pub enum Reopen {
        /// The resolution was not one: the clock resumes at the reopening, and the time between the
        /// resolution and the reopening does not count. The final resolution stops the clock.
        #[default]
        Resumes = "resumes",
        /// The first resolution stands; reopenings are reported but change no verdict.
        FirstResolutionCounts = "first_resolution_counts",
    }
}

named_enum! {
    /// What a priority change does to the targets of the old priority that the new one does not
    /// have (e.g. `resolution-high` after a downgrade to Medium). Not in terms.md; our reading.
    #[derive(Default)]
    pub enum SupersededTargets {
        /// A target whose deadline had passed before the change keeps its breach (a downgrade
        /// after the fact cannot undo a breach already incurred); the others are `voided`.
        #[default]
        KeepBreaches = "keep_breaches",
        /// The change voids every target of the old priority, breached or not.
        Void = "void",
    }
}

named_enum! {
    /// Whether the downtime of a change that needs no notice (a minor patch, 5.1(4)) is excused
    /// from availability. Not in terms.md; our reading of Q8 for changes without notice.
    #[derive(Default)]
    pub enum MinorPatchDowntime {
        /// Excused like announced maintenance when held outside service hours (Q8 allowing);
        /// inside service hours it counts.
        #[default]
        ExcusedOutsideServiceHours = "excused_outside_service_hours",
        /// Always counts as downtime.
        Counts = "counts",
    }
}

/// Every open question as a setting; `Settings::default()` is the reading of terms.md.
///
/// ```
/// use sla_engine::contract::{Settings, WorkClock};
/// let mut s = Settings::default();
/// s.set("Q2", "wall")?;
/// assert_eq!(s.work_clock, WorkClock::Wall);
/// s.set("work_clock", "wall_for_high")?;
/// assert_eq!(s.work_clock, WorkClock::WallForHigh);
/// assert!(s.set("Q2", "sundial").is_err());
/// # Ok::<(), sla_engine::contract::SettingError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Q1.
    pub response_clock: ResponseClock,
    /// Q2.
    pub work_clock: WorkClock,
    /// Q3.
    pub next_working_day: NextWorkingDay,
    /// Q4.
    pub priority_change: PriorityChange,
    /// Q5.
    pub customer_wait: CustomerWait,
    /// Q6.
    pub platform: PlatformDowntime,
    /// Q7.
    pub availability_time: AvailabilityTime,
    /// Q8.
    pub maintenance: MaintenanceDowntime,
    /// Q9.
    pub notice_counting: NoticeCounting,
    /// Q10.
    pub boundary: Boundary,
    /// Q11.
    pub missing_year: MissingYear,
    /// Reopened incidents (our reading).
    pub reopen: Reopen,
    /// Targets a priority change leaves behind (our reading).
    pub superseded_targets: SupersededTargets,
    /// Downtime of changes that need no notice (our reading).
    pub minor_patch_downtime: MinorPatchDowntime,
}

/// A setting that could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SettingError {
    /// No such setting.
    #[error(
        "unknown setting {}: expected Q1-Q11, or a setting name such as work_clock or reopen", Excerpt(.name)
    )]
    UnknownSetting {
        /// The name as given.
        name: String,
    },
    /// The value is not one of the setting's readings.
    #[error("invalid value {} for {name}: expected one of {expected}", Excerpt(.value))]
    BadValue {
        /// The setting.
        name: &'static str,
        /// The value as given.
        value: String,
        /// The accepted values.
        expected: String,
    },
    /// Not of the form `NAME=VALUE`.
    #[error("invalid setting {}: expected NAME=VALUE, e.g. Q2=wall", Excerpt(.text))]
    Malformed {
        /// The text as given.
        text: String,
    },
}

/// The settings by question number and name (the last three answer no numbered question).
pub const QUESTIONS: [(&str, &str); 14] = [
    ("Q1", "response_clock"),
    ("Q2", "work_clock"),
    ("Q3", "next_working_day"),
    ("Q4", "priority_change"),
    ("Q5", "customer_wait"),
    ("Q6", "platform"),
    ("Q7", "availability_time"),
    ("Q8", "maintenance"),
    ("Q9", "notice_counting"),
    ("Q10", "boundary"),
    ("Q11", "missing_year"),
    ("", "reopen"),
    ("", "superseded_targets"),
    ("", "minor_patch_downtime"),
];

fn parse<T: std::str::FromStr>(
    name: &'static str,
    value: &str,
    expected: fn() -> String,
) -> Result<T, SettingError> {
    value.parse().map_err(|_| SettingError::BadValue {
        name,
        value: value.to_owned(),
        expected: expected(),
    })
}

impl Settings {
    /// Sets one question by number (`Q2`) or name (`work_clock`) to a value (`wall`).
    ///
    /// # Errors
    /// [`SettingError`] for an unknown name or value.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), SettingError> {
        let Some(&(_, key)) = QUESTIONS
            .iter()
            .find(|(q, n)| (!q.is_empty() && q.eq_ignore_ascii_case(name)) || *n == name)
        else {
            return Err(SettingError::UnknownSetting {
                name: name.to_owned(),
            });
        };
        let v = value.trim();
        match key {
            "response_clock" => self.response_clock = parse(key, v, ResponseClock::names)?,
            "work_clock" => self.work_clock = parse(key, v, WorkClock::names)?,
            "next_working_day" => self.next_working_day = parse(key, v, NextWorkingDay::names)?,
            "priority_change" => self.priority_change = parse(key, v, PriorityChange::names)?,
            "customer_wait" => self.customer_wait = parse(key, v, CustomerWait::names)?,
            "platform" => self.platform = parse(key, v, PlatformDowntime::names)?,
            "availability_time" => self.availability_time = parse(key, v, AvailabilityTime::names)?,
            "maintenance" => self.maintenance = parse(key, v, MaintenanceDowntime::names)?,
            "notice_counting" => self.notice_counting = parse(key, v, NoticeCounting::names)?,
            "boundary" => self.boundary = parse(key, v, Boundary::names)?,
            "missing_year" => self.missing_year = parse(key, v, MissingYear::names)?,
            "superseded_targets" => {
                self.superseded_targets = parse(key, v, SupersededTargets::names)?;
            }
            "minor_patch_downtime" => {
                self.minor_patch_downtime = parse(key, v, MinorPatchDowntime::names)?;
            }
            _ => self.reopen = parse(key, v, Reopen::names)?,
        }
        Ok(())
    }

    /// Applies `NAME=VALUE` (as on the command line: `--set Q2=wall`).
    ///
    /// # Errors
    /// [`SettingError`].
    pub fn apply(&mut self, assignment: &str) -> Result<(), SettingError> {
        let (n, v) = assignment
            .split_once('=')
            .ok_or_else(|| SettingError::Malformed {
                text: assignment.to_owned(),
            })?;
        self.set(n.trim(), v)
    }

    /// Every value a setting (by number or name) takes, the default first, as [`Settings::set`]
    /// reads them: what a test or a form lists, without a copy to keep in step.
    ///
    /// ```
    /// use sla_engine::contract::Settings;
    /// assert_eq!(Settings::values("Q2"), Some(vec!["business", "wall", "wall_for_high"]));
    /// assert_eq!(Settings::values("reopen"), Some(vec!["resumes", "first_resolution_counts"]));
    /// assert_eq!(Settings::values("Q12"), None);
    /// ```
    pub fn values(name: &str) -> Option<Vec<&'static str>> {
        fn all<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Vec<&'static str> {
            all.iter().map(|&v| as_str(v)).collect()
        }
        let &(_, key) = QUESTIONS
            .iter()
            .find(|(q, n)| (!q.is_empty() && q.eq_ignore_ascii_case(name)) || *n == name)?;
        Some(match key {
            "response_clock" => all(ResponseClock::ALL, ResponseClock::as_str),
            "work_clock" => all(WorkClock::ALL, WorkClock::as_str),
            "next_working_day" => all(NextWorkingDay::ALL, NextWorkingDay::as_str),
            "priority_change" => all(PriorityChange::ALL, PriorityChange::as_str),
            "customer_wait" => all(CustomerWait::ALL, CustomerWait::as_str),
            "platform" => all(PlatformDowntime::ALL, PlatformDowntime::as_str),
            "availability_time" => all(AvailabilityTime::ALL, AvailabilityTime::as_str),
            "maintenance" => all(MaintenanceDowntime::ALL, MaintenanceDowntime::as_str),
            "notice_counting" => all(NoticeCounting::ALL, NoticeCounting::as_str),
            "boundary" => all(Boundary::ALL, Boundary::as_str),
            "missing_year" => all(MissingYear::ALL, MissingYear::as_str),
            "superseded_targets" => all(SupersededTargets::ALL, SupersededTargets::as_str),
            "minor_patch_downtime" => all(MinorPatchDowntime::ALL, MinorPatchDowntime::as_str),
            _ => all(Reopen::ALL, Reopen::as_str),
        })
    }

    /// The value of a setting by number or name, as written.
    pub fn get(&self, name: &str) -> Option<&'static str> {
        let &(_, key) = QUESTIONS
            .iter()
            .find(|(q, n)| (!q.is_empty() && q.eq_ignore_ascii_case(name)) || *n == name)?;
        Some(match key {
            "response_clock" => self.response_clock.as_str(),
            "work_clock" => self.work_clock.as_str(),
            "next_working_day" => self.next_working_day.as_str(),
            "priority_change" => self.priority_change.as_str(),
            "customer_wait" => self.customer_wait.as_str(),
            "platform" => self.platform.as_str(),
            "availability_time" => self.availability_time.as_str(),
            "maintenance" => self.maintenance.as_str(),
            "notice_counting" => self.notice_counting.as_str(),
            "boundary" => self.boundary.as_str(),
            "missing_year" => self.missing_year.as_str(),
            "superseded_targets" => self.superseded_targets.as_str(),
            "minor_patch_downtime" => self.minor_patch_downtime.as_str(),
            _ => self.reopen.as_str(),
        })
    }
}

impl fmt::Display for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Q1 {}, Q2 {}, Q3 {}, Q4 {}, Q5 {}, Q6 {}, Q7 {}, Q8 {}, Q9 {}, Q10 {}, Q11 {}, reopen {}, superseded_targets {}, minor_patch_downtime {}",
            self.response_clock,
            self.work_clock,
            self.next_working_day,
            self.priority_change,
            self.customer_wait,
            self.platform,
            self.availability_time,
            self.maintenance,
            self.notice_counting,
            self.boundary,
            self.missing_year,
            self.reopen,
            self.superseded_targets,
            self.minor_patch_downtime,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_can_be_set_both_ways() {
        let mut s = Settings::default();
        let values = [
            ResponseClock::names(),
            WorkClock::names(),
            NextWorkingDay::names(),
            PriorityChange::names(),
            CustomerWait::names(),
            PlatformDowntime::names(),
            AvailabilityTime::names(),
            MaintenanceDowntime::names(),
            NoticeCounting::names(),
            Boundary::names(),
            MissingYear::names(),
            Reopen::names(),
            SupersededTargets::names(),
            MinorPatchDowntime::names(),
        ];
        for ((q, name), values) in QUESTIONS.into_iter().zip(values) {
            for v in values.split(", ") {
                if !q.is_empty() {
                    s.set(q, v).unwrap();
                }
                s.set(name, v).unwrap();
            }
        }
        assert_ne!(s, Settings::default());
        assert_eq!(
            Settings::default().to_string(),
            "Q1 wall, Q2 business, Q3 end_of_next_working_day, Q4 from_report, Q5 pauses, \
             Q6 union_of_components, Q7 all_seconds, Q8 excused_if_noticed, Q9 as_written, \
             Q10 inclusive, Q11 error, reopen resumes, superseded_targets keep_breaches, \
             minor_patch_downtime excused_outside_service_hours"
        );
    }

    #[test]
    fn errors_say_what_is_accepted() {
        let mut s = Settings::default();
        assert_eq!(
            s.apply("Q7=weekdays").unwrap_err().to_string(),
            "invalid value \"weekdays\" for availability_time: expected one of all_seconds, service_hours"
        );
        assert!(s.apply("Q12=x").is_err());
        assert!(s.apply("Q2").is_err());
    }
}
