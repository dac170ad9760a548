//! Calendar files (TOML) and statutory year files (CSV). Feature `formats`.
//!
//! ```toml
//! name = "new-york-office"   # optional, for reports
//! zone = "America/New_York"
//! statutory = "cn"           # optional: a shipped statutory data set
//! statutory_files = []       # optional: CSV files of whole years (date,kind,name), relative to this file
//! adjusted_working_day = "mon" # optional: whose hours an adjusted working day takes (default mon)
//! years = [2024, 2026]       # optional: the span to compile when there is no statutory data
//! ics_files = []             # optional: iCalendar files, relative to this file (feature `ics`)
//! covers = ["2025-2026"]     # optional: years whose days are complete (needed with ics_files)
//! ics_working_day = ["班"]   # optional: words that make an iCalendar event a working day
//! [hours]                    # a missing weekday is closed
//! mon = ["09:00-12:00", "13:00-17:00"]
//! tue = ["09:00-17:00"]
//! sun = ["22:00-06:00"]
//! [[day]]
//! date = "2025-07-04"
//! closed = true
//! [[day]]
//! date = "2025-01-26"
//! hours = "mon"              # adjusted working day: the hours of a weekday
//! [[day]]
//! date = "2025-12-24"
//! hours = ["09:00-12:00"]    # its own hours
//! ```

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use chrono::{NaiveDate, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

#[cfg(feature = "ics")]
use super::ics;
use super::{
    Calendar, CalendarError, DayHours, DayRule, StatutoryCalendar, StatutoryDay, StatutoryKind,
    Weekdays, WeeklyHours,
};
use crate::include::read_bounded;
use crate::{Excerpt, FileError, FileErrorKind, Includes};

/// A weekday written `mon`, `tue`, ... `sun` (or the full English name).
#[derive(Debug, Clone, Copy)]
struct WeekdayName(Weekday);

impl<'de> Deserialize<'de> for WeekdayName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_weekday(&s)
            .map(WeekdayName)
            .map_err(de::Error::custom)
    }
}

/// Parses `mon` ... `sun` or full English weekday names, any case.
pub(crate) fn parse_weekday(s: &str) -> Result<Weekday, String> {
    Weekday::from_str(s).map_err(|_| {
        format!(
            "invalid weekday {}: expected mon, tue, wed, thu, fri, sat or sun",
            Excerpt(s)
        )
    })
}

/// Reads a date written `YYYY-MM-DD`, saying whether the text is not a date or names a day that
/// does not exist (`2025-02-30`).
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| match e.kind() {
        chrono::format::ParseErrorKind::OutOfRange | chrono::format::ParseErrorKind::Impossible => {
            format!("invalid date {}: the date does not exist", Excerpt(text))
        }
        _ => format!("invalid date {}: expected YYYY-MM-DD", Excerpt(text)),
    })
}

fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    parse_date(&String::deserialize(d)?).map_err(de::Error::custom)
}

/// A time zone by IANA name.
#[derive(Debug, Clone, Copy)]
struct ZoneName(Tz);

impl<'de> Deserialize<'de> for ZoneName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_zone(&s).map(ZoneName).map_err(de::Error::custom)
    }
}

/// Parses an IANA zone name.
///
/// # Errors
/// [`CalendarError::UnknownZone`].
pub fn parse_zone(name: &str) -> Result<Tz, CalendarError> {
    Tz::from_str(name).map_err(|_| CalendarError::UnknownZone {
        name: name.to_owned(),
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hours {
    mon: Option<DayHours>,
    tue: Option<DayHours>,
    wed: Option<DayHours>,
    thu: Option<DayHours>,
    fri: Option<DayHours>,
    sat: Option<DayHours>,
    sun: Option<DayHours>,
}

/// `hours` of a `[[day]]`: a weekday's name, or a list of ranges.
#[derive(Debug)]
enum DayHoursSpec {
    Weekday(Weekday),
    Own(DayHours),
}

impl<'de> Deserialize<'de> for DayHoursSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DayHoursSpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a weekday such as \"mon\" or a list of ranges such as [\"09:00-12:00\"]",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<DayHoursSpec, E> {
                parse_weekday(s)
                    .map(DayHoursSpec::Weekday)
                    .map_err(E::custom)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<DayHoursSpec, A::Error> {
                DayHours::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(DayHoursSpec::Own)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, try_from = "RawDay")]
struct Day {
    date: NaiveDate,
    rule: DayRule,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDay {
    #[serde(deserialize_with = "date")]
    date: NaiveDate,
    closed: Option<bool>,
    hours: Option<DayHoursSpec>,
}

impl TryFrom<RawDay> for Day {
    type Error = String;
    fn try_from(r: RawDay) -> Result<Day, String> {
        let rule = match (r.closed, r.hours) {
            (Some(true), None) => DayRule::Closed,
            (None | Some(false), Some(DayHoursSpec::Weekday(w))) => DayRule::WorkAs(w),
            (None | Some(false), Some(DayHoursSpec::Own(h))) => DayRule::Hours(h),
            (Some(true), Some(_)) => {
                return Err(format!(
                    "day {}: `closed = true` and `hours` contradict each other",
                    r.date
                ));
            }
            (None | Some(false), None) => {
                return Err(format!(
                    "day {}: expected `closed = true` or `hours`",
                    r.date
                ));
            }
        };
        Ok(Day { date: r.date, rule })
    }
}

/// A year (`2027`) or a span of years (`"2004-2026"`) in `covers`.
#[derive(Debug, Clone, Copy)]
struct YearSpan(i32, i32);

impl<'de> Deserialize<'de> for YearSpan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = YearSpan;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a year such as 2027 or a span such as \"2004-2026\"")
            }
            fn visit_i64<E: de::Error>(self, y: i64) -> Result<YearSpan, E> {
                let y = i32::try_from(y)
                    .ok()
                    .filter(|y| (1..=9998).contains(y))
                    .ok_or_else(|| E::custom(format!("invalid year {y}: expected 1-9998")))?;
                Ok(YearSpan(y, y))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<YearSpan, E> {
                let bad = || {
                    E::custom(format!(
                        "invalid span of years {}: expected FIRST-LAST within 1-9998",
                        Excerpt(s)
                    ))
                };
                let (a, b) = s.split_once('-').ok_or_else(bad)?;
                let year = |t: &str| {
                    t.trim()
                        .parse::<i32>()
                        .ok()
                        .filter(|y| (1..=9998).contains(y))
                };
                match (year(a), year(b)) {
                    (Some(a), Some(b)) if a <= b => Ok(YearSpan(a, b)),
                    _ => Err(bad()),
                }
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    name: Option<String>,
    zone: ZoneName,
    statutory: Option<String>,
    #[serde(default)]
    statutory_files: Vec<toml::Spanned<String>>,
    #[serde(default)]
    ics_files: Vec<toml::Spanned<String>>,
    ics_working_day: Option<Vec<String>>,
    covers: Option<Vec<YearSpan>>,
    adjusted_working_day: Option<WeekdayName>,
    years: Option<(i32, i32)>,
    #[serde(default)]
    hours: Option<Hours>,
    #[serde(default)]
    day: Vec<Day>,
}

/// How an include is named in errors about its own content: beside the file that names it, as
/// written (never its resolved path, which may reveal a server's folders).
pub(crate) fn include_name(file: &str, include: &str) -> String {
    match Path::new(file).parent() {
        Some(folder) if !folder.as_os_str().is_empty() => {
            folder.join(include).display().to_string()
        }
        _ => include.to_owned(),
    }
}

/// Reads a file the caller named (not an include): a regular file of at most
/// [`MAX_INCLUDE_BYTES`](crate::MAX_INCLUDE_BYTES), so that `/dev/zero` or a FIFO is refused
/// unopened; and the grant for the includes it names (its own folder, and what `includes` adds).
pub(crate) fn read_named_file(
    path: &Path,
    includes: &Includes,
) -> Result<(String, String, Includes), FileError> {
    let name = path.display().to_string();
    let text = read_bounded(path).map_err(|p| FileError::whole(&name, p))?;
    let grant = includes.for_file(path).map_err(|source| {
        FileError::whole(
            &name,
            FileErrorKind::Include {
                field: "includes",
                source,
            },
        )
    })?;
    Ok((name, text, grant))
}

/// Reads the calendar's `ics_files`: their days join the day data of the years the calendar
/// covers; their timed closures are returned, to be taken out of the hours of their days once
/// the days are known.
#[cfg(feature = "ics")]
fn read_ics_files(
    file: &str,
    text: &str,
    raw: &RawCalendar,
    includes: &Includes,
    statutory: &mut Option<StatutoryCalendar>,
) -> Result<Vec<ics::Closure>, FileError> {
    let Some(first_file) = raw.ics_files.first() else {
        return Ok(Vec::new());
    };
    let data = statutory.get_or_insert_with(StatutoryCalendar::new);
    let covered = data.years();
    let (Some(&first), Some(&last)) = (covered.first(), covered.last()) else {
        return Err(FileError::at_offset(
            file,
            text,
            first_file.span().start,
            "ics_files: the calendar covers no year: say which years its days are complete for, \
             e.g. covers = [2025, 2026] (a year without events in a feed is not a year without holidays)",
        ));
    };
    let working = raw
        .ics_working_day
        .as_ref()
        .map_or_else(ics::WorkingDayPattern::default, ics::WorkingDayPattern::new);
    let opts = ics::ImportOptions {
        zone: raw.zone.0,
        years: (first, last),
        working: &working,
    };
    let mut closures = Vec::new();
    // Which file and line set each date, so that two files that disagree are named.
    let mut set_by: std::collections::BTreeMap<NaiveDate, (StatutoryKind, String)> =
        std::collections::BTreeMap::new();
    for path in &raw.ics_files {
        let included = includes
            .read(path.get_ref())
            .map_err(|e| FileError::include(file, text, path.span().start, "ics_files", e))?;
        let shown = include_name(file, path.get_ref());
        let feed = ics::read_feed(&shown, &included.text, &opts)?;
        data.note_source(format!(
            "{shown}: iCalendar feed (sha256 {})",
            crate::digest::sha256_hex(included.text.as_bytes())
        ));
        for day in feed.days {
            if !data.covers(chrono::Datelike::year(&day.date)) {
                continue;
            }
            let here = format!("{shown}:{}", day.line);
            if let Some((kind, there)) = set_by.get(&day.date)
                && *kind != day.kind
            {
                return Err(FileError::at_line(
                    &shown,
                    day.line,
                    format!("{} is {} here and {} in {there}", day.date, day.kind, kind),
                ));
            }
            set_by.insert(day.date, (day.kind, here));
            data.insert_day(StatutoryDay {
                date: day.date,
                kind: day.kind,
                name: day.name,
            });
        }
        closures.extend(feed.closures.into_iter().map(|mut c| {
            c.file.clone_from(&shown);
            c
        }));
    }
    Ok(closures)
}

/// Without the `ics` feature, a calendar that names iCalendar files is refused, not half read.
#[cfg(not(feature = "ics"))]
fn read_ics_files(
    file: &str,
    text: &str,
    raw: &RawCalendar,
    _includes: &Includes,
    _statutory: &mut Option<StatutoryCalendar>,
) -> Result<Vec<()>, FileError> {
    match raw.ics_files.first() {
        Some(path) => Err(FileError::at_offset(
            file,
            text,
            path.span().start,
            "ics_files: reading iCalendar files needs the crate's `ics` feature",
        )),
        None if raw.ics_working_day.is_some() => Err(FileError::whole(
            file,
            "ics_working_day: reading iCalendar files needs the crate's `ics` feature",
        )),
        None => Ok(Vec::new()),
    }
}

/// Builds the calendar, then takes the spans of timed events out of the hours of their days
/// (days given with `[[day]]` keep what they say).
#[cfg(feature = "ics")]
fn build_closing_spans(
    file: &str,
    mut b: super::CalendarBuilder,
    closures: &[ics::Closure],
    explicit: &std::collections::BTreeSet<NaiveDate>,
) -> Result<Calendar, FileError> {
    let whole = |e: CalendarError| FileError::whole(file, e);
    if closures.is_empty() {
        return b.build().map_err(whole);
    }
    let draft = b.clone().build().map_err(whole)?;
    let rules = ics::closure_rules(&draft, closures, explicit)
        .map_err(|(at, line, message)| FileError::at_line(&at, line, message))?;
    for (date, rule) in rules {
        b = b.day(date, rule);
    }
    b.build().map_err(whole)
}

#[cfg(not(feature = "ics"))]
fn build_closing_spans(
    file: &str,
    b: super::CalendarBuilder,
    _closures: &[()],
    _explicit: &std::collections::BTreeSet<NaiveDate>,
) -> Result<Calendar, FileError> {
    b.build().map_err(|e| FileError::whole(file, e))
}

impl Calendar {
    /// Builds a calendar from the text of a calendar file (the format is in the README); `file`
    /// names it in errors. The files it names (`statutory_files`) are read only as `includes`
    /// allows: with [`Includes::none`], a calendar that names any is an error.
    ///
    /// # Errors
    /// A [`FileError`] naming the file, line and field.
    ///
    /// ```
    /// use sla_engine::{Calendar, Includes};
    /// let cal = Calendar::from_toml_str("office.toml", r#"
    /// zone = "Asia/Shanghai"
    /// statutory = "cn"
    /// [hours]
    /// mon = ["09:00-12:00", "13:30-18:00"]
    /// "#, &Includes::none())?;
    /// assert_eq!(cal.years(), Some((2004, 2026)));
    /// let err = Calendar::from_toml_str("bad.toml", "zone = \"Asia/Shanghai\"\n[hours]\nmon = [\"09:00-25:00\"]\n", &Includes::none()).unwrap_err();
    /// assert!(err.to_string().starts_with("bad.toml:3:7: invalid time of day \"25:00\""));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml_str(
        file: &str,
        text: &str,
        includes: &Includes,
    ) -> Result<Calendar, FileError> {
        let mut raw: RawCalendar =
            toml::from_str(text).map_err(|e| FileError::from_toml(file, text, e))?;
        let whole = |e: CalendarError| FileError::whole(file, e);
        let name = raw.name.take().unwrap_or_else(|| file.to_owned());
        let mut b = Calendar::builder(raw.zone.0).name(name);
        if let Some(h) = raw.hours.take() {
            let week = [
                (Weekdays::MON, h.mon),
                (Weekdays::TUE, h.tue),
                (Weekdays::WED, h.wed),
                (Weekdays::THU, h.thu),
                (Weekdays::FRI, h.fri),
                (Weekdays::SAT, h.sat),
                (Weekdays::SUN, h.sun),
            ]
            .into_iter()
            .fold(WeeklyHours::closed(), |w, (d, hours)| {
                w.with(d, hours.unwrap_or_default())
            });
            b = b.week(week);
        }
        let mut statutory = match raw.statutory.as_deref() {
            Some(name) => Some(StatutoryCalendar::by_name(name).map_err(whole)?),
            None => None,
        };
        for path in &raw.statutory_files {
            let included = includes.read(path.get_ref()).map_err(|e| {
                FileError::include(file, text, path.span().start, "statutory_files", e)
            })?;
            let shown = include_name(file, path.get_ref());
            let years = StatutoryCalendar::from_csv_str(&shown, &included.text)?;
            statutory
                .get_or_insert_with(StatutoryCalendar::new)
                .merge_years(years);
        }
        if let Some(covers) = &raw.covers {
            let data = statutory.get_or_insert_with(StatutoryCalendar::new);
            for span in covers {
                for year in span.0..=span.1 {
                    data.cover_year(year);
                }
                data.note_source(if span.0 == span.1 {
                    format!("{file}: covers {}", span.0)
                } else {
                    format!("{file}: covers {}-{}", span.0, span.1)
                });
            }
        }
        let explicit: std::collections::BTreeSet<NaiveDate> =
            raw.day.iter().map(|d| d.date).collect();
        let closures = read_ics_files(file, text, &raw, includes, &mut statutory)?;
        if let Some(s) = statutory {
            b = b.statutory(s);
        }
        if let Some(w) = raw.adjusted_working_day {
            b = b.adjusted_working_day_hours(w.0);
        }
        if let Some((first, last)) = raw.years {
            b = b.years(first, last);
        }
        for d in raw.day {
            b = b.day(d.date, d.rule);
        }
        build_closing_spans(file, b, &closures, &explicit)
    }

    /// Reads and builds a calendar file. The files it names are relative to its folder and are
    /// read from that folder, or from a folder `includes` adds.
    ///
    /// # Errors
    /// The file cannot be read (it must be a regular file of at most
    /// [`MAX_INCLUDE_BYTES`](crate::MAX_INCLUDE_BYTES)), or as [`Calendar::from_toml_str`].
    ///
    /// ```
    /// use sla_engine::{Calendar, Includes};
    /// let dir = std::env::temp_dir().join(format!("sla-doc-calendar-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("office.toml"), "zone = \"UTC\"\nstatutory_files = [\"../x.csv\"]\n[hours]\nmon = [\"09:00-17:00\"]\n")?;
    /// let err = Calendar::from_toml_file(&dir.join("office.toml"), &Includes::none()).unwrap_err();
    /// assert!(err.to_string().ends_with(":2:20: statutory_files: include \"../x.csv\" is refused: it leads outside the allowed folders"), "{err}");
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml_file(path: &Path, includes: &Includes) -> Result<Calendar, FileError> {
        let (name, text, grant) = read_named_file(path, includes)?;
        Calendar::from_toml_str(&name, &text, &grant)
    }
}

impl Calendar {
    /// The days off and adjusted working days from `from` to `to` inclusive in the statutory CSV
    /// form (`date,kind,name`, kinds `holiday` and `workday`) that `statutory_files` reads.
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] if the span leaves the calendar's data.
    ///
    /// ```
    /// use sla_engine::Calendar;
    /// use chrono::NaiveDate;
    /// let cal = Calendar::preset("cn-standard")?;
    /// let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).ok_or("date");
    /// let csv = cal.to_statutory_csv(d(1, 25)?, d(1, 28)?)?;
    /// assert_eq!(csv, "date,kind,name\n2025-01-26,workday,Spring Festival\n2025-01-28,holiday,Spring Festival\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_statutory_csv(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<String, CalendarError> {
        let mut out = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail; a record that did would be dropped from a string that
        // is then returned short, so each write's result is still looked at.
        let mut ok = out.write_record(["date", "kind", "name"]).is_ok();
        for day in self.days(from, to)? {
            let (kind, default_name) = match day.kind {
                super::DayKind::DayOff => ("holiday", "closed"),
                super::DayKind::AdjustedWorkingDay => ("workday", "adjusted working day"),
                _ => continue,
            };
            let date = day.date.to_string();
            let name = day.name().unwrap_or(default_name);
            ok &= out.write_record([date.as_str(), kind, name]).is_ok();
        }
        let bytes = out.into_inner().ok().filter(|_| ok).unwrap_or_default();
        Ok(String::from_utf8(bytes).unwrap_or_default())
    }
}

impl StatutoryCalendar {
    /// Reads whole years of statutory days from CSV with the header `date,kind,name`, `kind` being
    /// `holiday` (a day off) or `workday` (an adjusted working day); `#` starts a comment line.
    /// Every year that has a row is covered; to declare a year with no statutory day at all, use
    /// [`StatutoryCalendar::set_year`].
    ///
    /// # Errors
    /// A [`FileError`] naming the line.
    ///
    /// ```
    /// use sla_engine::StatutoryCalendar;
    /// let y2027 = StatutoryCalendar::from_csv_str("cn-2027.csv", "date,kind,name\n2027-01-01,holiday,New Year's Day\n")?;
    /// assert!(y2027.covers(2027));
    /// let err = StatutoryCalendar::from_csv_str("x.csv", "date,kind,name\n2027-02-30,holiday,x\n").unwrap_err();
    /// assert_eq!(err.to_string(), "x.csv:2: invalid date \"2027-02-30\": the date does not exist");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_csv_str(file: &str, text: &str) -> Result<StatutoryCalendar, FileError> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| FileError::whole(file, e.to_string()))?
            .clone();
        let want = ["date", "kind", "name"];
        if headers.iter().ne(want) {
            return Err(FileError::at_line(
                file,
                1,
                format!(
                    "expected the header date,kind,name, found {}",
                    Excerpt(&headers.iter().collect::<Vec<_>>().join(","))
                ),
            ));
        }
        let mut days = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                FileError::at_line(file, line, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            let field = |i: usize| record.get(i).unwrap_or_default();
            let date = parse_date(field(0)).map_err(|e| FileError::at_line(file, line, e))?;
            let kind = match field(1) {
                "holiday" | "day_off" => StatutoryKind::DayOff,
                "workday" | "adjusted_working_day" => StatutoryKind::AdjustedWorkingDay,
                other => {
                    return Err(FileError::at_line(
                        file,
                        line,
                        format!(
                            "invalid kind {}: expected holiday or workday",
                            Excerpt(other)
                        ),
                    ));
                }
            };
            days.push((
                line,
                StatutoryDay {
                    date,
                    kind,
                    name: field(2).to_owned(),
                },
            ));
        }
        let mut seen = std::collections::BTreeMap::new();
        for (line, d) in &days {
            if let Some(first) = seen.insert(d.date, *line) {
                return Err(FileError::at_line(
                    file,
                    *line,
                    format!("day {} is given twice (first on line {first})", d.date),
                ));
            }
        }
        let mut data = StatutoryCalendar::from_days(days.into_iter().map(|(_, d)| d).collect())
            .map_err(|e| FileError::whole(file, e))?;
        let years = data.years();
        let span = match (years.first(), years.last()) {
            (Some(a), Some(b)) if a == b => format!("{a}"),
            (Some(a), Some(b)) => format!("{a}-{b}"),
            _ => "no year".to_owned(),
        };
        let digest = crate::digest::sha256_hex(text.as_bytes());
        data.replace_sources(vec![format!("{file}: {span} (sha256 {digest})")]);
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
zone = "America/New_York"
years = [2025, 2025]
[hours]
mon = ["09:00-12:00", "13:00-17:00"]
tue = ["09:00-17:00"]
sun = ["22:00-06:00"]
[[day]]
date = "2025-07-04"
closed = true
[[day]]
date = "2025-01-26"
hours = "mon"
[[day]]
date = "2025-12-24"
hours = ["09:00-12:00"]
"#;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_issue_sample_builds() {
        let cal = Calendar::from_toml_str("s.toml", SAMPLE, &Includes::none()).unwrap();
        assert_eq!(cal.zone(), chrono_tz::America::New_York);
        assert!(cal.is_working_day(ymd(2025, 1, 26)).unwrap());
        assert_eq!(
            cal.hours_on(ymd(2025, 12, 24)).unwrap().to_string(),
            "09:00-12:00"
        );
        assert!(cal.is_working_day(ymd(2025, 1, 28)).unwrap()); // a Tuesday
        assert!(!cal.is_working_day(ymd(2025, 1, 29)).unwrap()); // Wednesday has no hours
    }

    #[test]
    fn statutory_files_that_are_absolute_are_refused_unread() {
        // /dev/zero never ends: reading it whole would fill memory.
        let text =
            "zone = \"UTC\"\nstatutory_files = [\"/dev/zero\"]\n[hours]\nmon = [\"09:00-17:00\"]\n";
        let err = Calendar::from_toml_str("f", text, &Includes::none()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f:2:20: statutory_files: include \"/dev/zero\" is refused: an absolute path (an include is relative to the file that names it)"
        );
    }

    #[test]
    fn errors_name_line_and_field() {
        let cases = [
            (
                "zone = \"Mars/Olympus\"\n",
                "f:1:8: unknown time zone \"Mars/Olympus\": expected an IANA name such as Asia/Shanghai",
            ),
            (
                "zone = \"UTC\"\n[hours]\nmon = [\"09:00-12:00\", \"11:00-13:00\"]\n",
                "f:3:7: opening ranges 09:00-12:00 and 11:00-13:00 overlap",
            ),
            (
                "zone = \"UTC\"\n[hours]\nmonday = [\"09:00-12:00\"]\n",
                "f:3:1: unknown field `monday`, expected one of `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`",
            ),
            (
                "zone = \"UTC\"\n",
                "f: the calendar never opens: no weekday has hours and no day override opens",
            ),
            (
                "zone = \"UTC\"\n[hours]\nmon=[\"09:00-10:00\"]\n[[day]]\ndate = \"2025-01-01\"\nclosed = true\nhours = \"mon\"\n",
                "f:4:1: day 2025-01-01: `closed = true` and `hours` contradict each other",
            ),
        ];
        for (text, want) in cases {
            let got = Calendar::from_toml_str("f", text, &Includes::none())
                .unwrap_err()
                .to_string();
            assert_eq!(got, want, "for {text:?}");
        }
    }
}
