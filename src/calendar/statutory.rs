//! Statutory calendars: a country's days off and adjusted working days, year by year, with the
//! years the data covers.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::CalendarError;

#[path = "cn_data.rs"]
mod cn_data;

/// What a statutory notice makes of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatutoryKind {
    /// A day off (a holiday, or a weekday given off in lieu): closed whatever its weekday.
    DayOff,
    /// An adjusted working day: a Saturday or Sunday worked with the hours of a normal weekday,
    /// in exchange for a bridge day off.
    AdjustedWorkingDay,
}

impl fmt::Display for StatutoryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StatutoryKind::DayOff => "a statutory day off",
            StatutoryKind::AdjustedWorkingDay => "an adjusted working day",
        })
    }
}

/// One day of a statutory calendar.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StatutoryDay {
    /// The local date.
    pub date: NaiveDate,
    /// Day off or adjusted working day.
    pub kind: StatutoryKind,
    /// The holiday the notice ties the day to, e.g. `Spring Festival`.
    pub name: String,
}

/// The statutory days of whole years, and which years those are.
///
/// A year that is covered but lists no day is a year with no statutory change; a year that is not
/// covered is unknown, and a calendar built on this data refuses to answer for it (question Q11).
///
/// ```
/// use sla_engine::{StatutoryCalendar, StatutoryKind};
/// use chrono::NaiveDate;
/// let cn = StatutoryCalendar::cn();
/// assert_eq!(cn.years().first(), Some(&2004));
/// assert_eq!(cn.years().last(), Some(&2026));
/// let day = cn.day(NaiveDate::from_ymd_opt(2025, 1, 26).ok_or("date")?).ok_or("not listed")?;
/// assert_eq!(day.kind, StatutoryKind::AdjustedWorkingDay);
/// assert_eq!(day.name, "Spring Festival");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatutoryCalendar {
    years: BTreeSet<i32>,
    days: BTreeMap<NaiveDate, StatutoryDay>,
    /// Where the data came from, in the order it was added, for a report's provenance.
    sources: Vec<String>,
}

impl StatutoryCalendar {
    /// An empty calendar covering no year.
    pub fn new() -> StatutoryCalendar {
        StatutoryCalendar::default()
    }

    /// China's statutory days off and adjusted working days, 2004-2026, as announced each year by
    /// the General Office of the State Council (shipped with the crate).
    pub fn cn() -> StatutoryCalendar {
        let (first, last) = cn_data::YEARS;
        let days = cn_data::DAYS
            .iter()
            .filter_map(|&(y, m, d, kind, name)| {
                let date = NaiveDate::from_ymd_opt(y, m, d)?;
                Some((
                    date,
                    StatutoryDay {
                        date,
                        kind,
                        name: name.to_owned(),
                    },
                ))
            })
            .collect();
        StatutoryCalendar {
            years: (first..=last).collect(),
            days,
            sources: vec![format!(
                "cn: China's statutory days off and adjusted working days {first}-{last}, as the \
                 General Office of the State Council announced them (shipped, from \
                 data/cn-statutory-calendar.csv)"
            )],
        }
    }

    /// A shipped statutory calendar by name: `cn`.
    ///
    /// # Errors
    /// [`CalendarError::UnknownStatutory`] for any other name.
    pub fn by_name(name: &str) -> Result<StatutoryCalendar, CalendarError> {
        match name {
            "cn" => Ok(StatutoryCalendar::cn()),
            _ => Err(CalendarError::UnknownStatutory {
                name: name.to_owned(),
            }),
        }
    }

    /// Sets `year` to exactly `days`, replacing whatever the calendar had for it, and marks the year
    /// covered (e.g. 2027 once its notice appears, or a corrected year).
    ///
    /// # Errors
    /// [`CalendarError::DayOutsideYear`] if a day is not in `year`, [`CalendarError::DuplicateDay`] if
    /// a date is listed twice.
    ///
    /// ```
    /// use sla_engine::{StatutoryCalendar, StatutoryDay, StatutoryKind};
    /// use chrono::NaiveDate;
    /// let mut cn = StatutoryCalendar::cn();
    /// cn.set_year(2027, vec![StatutoryDay {
    ///     date: NaiveDate::from_ymd_opt(2027, 1, 1).ok_or("date")?,
    ///     kind: StatutoryKind::DayOff,
    ///     name: "New Year's Day".into(),
    /// }])?;
    /// assert!(cn.covers(2027));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_year(&mut self, year: i32, days: Vec<StatutoryDay>) -> Result<(), CalendarError> {
        let mut fresh = BTreeMap::new();
        for day in days {
            if day.date.year() != year {
                return Err(CalendarError::DayOutsideYear {
                    date: day.date,
                    year,
                });
            }
            if fresh.insert(day.date, day.clone()).is_some() {
                return Err(CalendarError::DuplicateDay { date: day.date });
            }
        }
        self.days.retain(|d, _| d.year() != year);
        self.days.append(&mut fresh);
        self.years.insert(year);
        self.sources.push(format!("{year}: set by the caller"));
        Ok(())
    }

    /// Replaces every year that `other` covers with `other`'s days for it.
    pub fn merge_years(&mut self, other: StatutoryCalendar) {
        self.days.retain(|d, _| !other.years.contains(&d.year()));
        self.days.extend(other.days);
        self.years.extend(other.years);
        self.sources.extend(other.sources);
    }

    /// Where the data came from (shipped sets, files, years set by the caller), in order.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Says where the whole data came from.
    #[cfg_attr(not(feature = "formats"), allow(dead_code))]
    pub(crate) fn replace_sources(&mut self, sources: Vec<String>) {
        self.sources = sources;
    }

    /// Records where data added to the calendar came from.
    #[cfg_attr(not(feature = "formats"), allow(dead_code))]
    pub(crate) fn note_source(&mut self, source: String) {
        self.sources.push(source);
    }

    /// Sets the day at `day.date`, replacing what the data had for that date, without changing
    /// which years are covered.
    #[cfg_attr(not(feature = "ics"), allow(dead_code))]
    pub(crate) fn insert_day(&mut self, day: StatutoryDay) {
        self.days.insert(day.date, day);
    }

    /// Marks `year` covered, keeping its days.
    #[cfg_attr(not(feature = "formats"), allow(dead_code))]
    pub(crate) fn cover_year(&mut self, year: i32) {
        self.years.insert(year);
    }

    /// Groups `days` by year and sets each of those years (see [`set_year`](Self::set_year)).
    ///
    /// # Errors
    /// [`CalendarError::DuplicateDay`] if a date is listed twice.
    pub fn from_days(days: Vec<StatutoryDay>) -> Result<StatutoryCalendar, CalendarError> {
        let mut by_year: BTreeMap<i32, Vec<StatutoryDay>> = BTreeMap::new();
        for d in days {
            by_year.entry(d.date.year()).or_default().push(d);
        }
        let mut cal = StatutoryCalendar::new();
        for (year, days) in by_year {
            cal.set_year(year, days)?;
        }
        // One line for the set, not one per year.
        let years = cal.years();
        cal.sources = match (years.first(), years.last()) {
            (Some(a), Some(b)) if a == b => vec![format!("{a}: set by the caller")],
            (Some(a), Some(b)) => vec![format!("{a}-{b}: set by the caller")],
            _ => Vec::new(),
        };
        Ok(cal)
    }

    /// Whether the data covers `year`.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The covered years, ascending.
    pub fn years(&self) -> Vec<i32> {
        self.years.iter().copied().collect()
    }

    /// The listed day at `date`, if any.
    pub fn day(&self, date: NaiveDate) -> Option<&StatutoryDay> {
        self.days.get(&date)
    }

    /// Every listed day, in date order.
    pub fn days(&self) -> impl Iterator<Item = &StatutoryDay> {
        self.days.values()
    }

    /// The listed days from `from` to `to` inclusive.
    pub(crate) fn days_in(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl Iterator<Item = &StatutoryDay> {
        self.days.range(from..=to).map(|(_, d)| d)
    }

    pub(crate) fn year_set(&self) -> &BTreeSet<i32> {
        &self.years
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped table is the CSV, row for row (the CSV is the source; the table is generated).
    #[test]
    fn shipped_table_matches_the_csv() {
        let csv = include_str!("../../data/cn-statutory-calendar.csv");
        let rows: Vec<(String, String, String)> = csv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("date,"))
            .map(|l| {
                let mut f = l.splitn(3, ',');
                (
                    f.next().unwrap().to_owned(),
                    f.next().unwrap().to_owned(),
                    f.next().unwrap().to_owned(),
                )
            })
            .collect();
        let cn = StatutoryCalendar::cn();
        assert_eq!(rows.len(), cn.days().count());
        assert_eq!(rows.len(), cn_data::DAYS.len());
        for ((date, kind, name), day) in rows.iter().zip(cn.days()) {
            assert_eq!(date, &day.date.to_string());
            let want = match kind.as_str() {
                "holiday" => StatutoryKind::DayOff,
                "workday" => StatutoryKind::AdjustedWorkingDay,
                other => panic!("unknown kind {other}"),
            };
            assert_eq!(want, day.kind, "{date}");
            assert_eq!(name, &day.name);
        }
    }

    #[test]
    fn adjusted_working_days_are_weekends() {
        use chrono::Weekday;
        for d in StatutoryCalendar::cn().days() {
            if d.kind == StatutoryKind::AdjustedWorkingDay {
                assert!(
                    matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun),
                    "{}",
                    d.date
                );
            }
        }
    }

    #[test]
    fn set_year_replaces_the_whole_year() {
        let mut cn = StatutoryCalendar::cn();
        let d = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        cn.set_year(
            2025,
            vec![StatutoryDay {
                date: d,
                kind: StatutoryKind::DayOff,
                name: "x".into(),
            }],
        )
        .unwrap();
        assert_eq!(cn.days().filter(|x| x.date.year() == 2025).count(), 1);
        assert!(
            cn.day(NaiveDate::from_ymd_opt(2025, 1, 26).unwrap())
                .is_none()
        );
        let err = cn
            .set_year(
                2026,
                vec![StatutoryDay {
                    date: d,
                    kind: StatutoryKind::DayOff,
                    name: "x".into(),
                }],
            )
            .unwrap_err();
        assert_eq!(err.to_string(), "day 2025-03-03 is not in year 2026");
    }
}
