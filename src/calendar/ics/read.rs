//! Reading an iCalendar file into the days it closes or opens and the spans it closes.
//!
//! Content lines are unfolded and parsed by the `icalendar` crate; this module reads the
//! components it returns (`VEVENT`, `VTIMEZONE`), and keeps the line of each in the file as
//! written (before unfolding), so that every error names it.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate, NaiveDateTime};
use icalendar::parser::{Component, Property, read_calendar_simple, unfold};

use super::expand::expand;
use super::tzid::{DefinedZone, EventZone, Observance, Zones, parse_offset};
use super::{Closure, Feed, FeedDay, ImportOptions};
use crate::calendar::StatutoryKind;
use crate::{Excerpt, FileError};

/// Components nested deeper than this are refused before parsing (the parser recurses).
const MAX_NESTING: usize = 8;

/// The most events with a recurrence rule one file may have. `rrule` stops a rule that finds
/// nothing (every 30 February) only after 100 000 empty steps, some 0.2 s each: a bound on the
/// rules bounds the time a file can cost. Holiday feeds and exports list instances, or a handful
/// of yearly rules.
const MAX_RECURRING: usize = 32;

/// How far before the calendar's first year a recurring event may start: expanding walks every
/// occurrence from the start, so a daily rule from year 1 would cost millions of steps.
const MAX_YEARS_BEFORE: i32 = 200;

/// The most days and spans one file may produce within the calendar's years (a daily event over
/// 150 years stays well below it).
const MAX_ENTRIES: usize = 1_000_000;

/// Where the lines of the unfolded text start, and on which line of the file each was written.
struct Lines<'a> {
    unfolded: &'a str,
    /// Byte offset in `unfolded` where each line starts.
    starts: Vec<usize>,
    /// The 1-based line of the file each unfolded line starts on.
    written: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(original: &str, unfolded: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(unfolded.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        // A physical line that starts with a space or a tab continues the one before it.
        let written = original
            .split('\n')
            .enumerate()
            .filter(|(i, l)| *i == 0 || !(l.starts_with(' ') || l.starts_with('\t')))
            .map(|(i, _)| i + 1)
            .collect();
        Lines {
            unfolded,
            starts,
            written,
        }
    }

    /// The line of the file where the unfolded text at byte `offset` was written.
    fn line_at(&self, offset: usize) -> usize {
        let i = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        self.written.get(i).copied().unwrap_or(i + 1)
    }

    /// The line of a slice the parser borrowed from the unfolded text (its offset is where it
    /// lies in that text; a slice the parser had to copy falls back to line 1).
    fn line_of(&self, part: &str) -> usize {
        let base = self.unfolded.as_ptr() as usize;
        let at = (part.as_ptr() as usize).wrapping_sub(base);
        if at <= self.unfolded.len() {
            self.line_at(at)
        } else {
            1
        }
    }
}

/// A value of `DTSTART`, `DTEND`, `EXDATE`, `RDATE`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum When {
    Date(NaiveDate),
    /// A local time, and whether it is UTC (`Z`).
    Time(NaiveDateTime, bool),
}

fn prop<'c>(c: &'c Component<'_>, name: &str) -> Option<&'c Property<'c>> {
    c.properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn props<'c>(c: &'c Component<'_>, name: &'c str) -> impl Iterator<Item = &'c Property<'c>> {
    c.properties
        .iter()
        .filter(move |p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn param<'p>(p: &'p Property<'_>, key: &str) -> Option<&'p str> {
    p.params
        .iter()
        .find(|q| q.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|q| q.val.as_ref())
        .map(|v| v.as_str().trim_matches('"'))
}

fn text_of(p: &Property<'_>) -> String {
    p.val.clone().unescape_text().as_str().trim().to_owned()
}

fn parse_when(text: &str, is_date: bool) -> Option<When> {
    let text = text.trim();
    if is_date || text.len() == 8 {
        return NaiveDate::parse_from_str(text, "%Y%m%d")
            .ok()
            .map(When::Date);
    }
    let (body, utc) = match text.strip_suffix(['Z', 'z']) {
        Some(b) => (b, true),
        None => (text, false),
    };
    NaiveDateTime::parse_from_str(body, "%Y%m%dT%H%M%S")
        .ok()
        .map(|t| When::Time(t, utc))
}

/// One file being read.
struct Reader<'a> {
    file: &'a str,
    lines: Lines<'a>,
    opts: &'a ImportOptions<'a>,
    zones: Zones,
    feed: Feed,
    /// Date → (line of the event that set it), to report conflicts.
    set_on: BTreeMap<NaiveDate, (StatutoryKind, usize)>,
    /// Recurrence rules met so far (events and time-zone observances).
    recurring: usize,
}

impl Reader<'_> {
    /// Counts a recurrence rule starting at `start` on `line`, refusing one too many or one that
    /// starts too early.
    fn recurrence(&mut self, start: NaiveDateTime, line: usize) -> Result<(), FileError> {
        self.recurring += 1;
        if self.recurring > MAX_RECURRING {
            return Err(self.err(
                line,
                format!("the file has more than {MAX_RECURRING} recurrence rules"),
            ));
        }
        let earliest = self.opts.years.0.saturating_sub(MAX_YEARS_BEFORE);
        if chrono::Datelike::year(&start) < earliest {
            return Err(self.err(
                line,
                format!(
                    "a recurrence that starts before {earliest} ({MAX_YEARS_BEFORE} years before the calendar's first year): move its DTSTART closer"
                ),
            ));
        }
        Ok(())
    }

    fn err(&self, line: usize, message: impl Into<String>) -> FileError {
        FileError::at_line(self.file, line, message.into())
    }

    fn when<'p>(&self, p: &'p Property<'_>) -> Result<(When, Option<&'p str>), FileError> {
        let is_date = param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
        let name = p.name.as_str().to_ascii_uppercase();
        let w = parse_when(p.val.as_str(), is_date).ok_or_else(|| {
            self.err(
                self.lines.line_of(p.val.as_str()),
                format!(
                    "invalid {name} {}: expected a date (20250101) or a date and time (20250101T090000, with Z for UTC)",
                    Excerpt(p.val.as_str())
                ),
            )
        })?;
        Ok((w, param(p, "TZID")))
    }

    /// The zone of a time property: UTC, the zone its `TZID` names, or the calendar's zone for a
    /// floating time.
    fn zone_of(
        &self,
        p: &Property<'_>,
        w: When,
        tzid: Option<&str>,
    ) -> Result<EventZone, FileError> {
        match (w, tzid) {
            (When::Time(_, true), _) => Ok(EventZone::Utc),
            (_, Some(id)) => self.zones.get(id).ok_or_else(|| {
                self.err(
                    self.lines.line_of(p.val.as_str()),
                    format!(
                        "unknown TZID {}: expected an IANA zone such as Asia/Shanghai or a VTIMEZONE of the file",
                        Excerpt(id)
                    ),
                )
            }),
            _ => Ok(EventZone::Iana(self.opts.zone)),
        }
    }

    fn timezone(&mut self, c: &Component<'_>) -> Result<(), FileError> {
        let line = self.lines.line_of(c.name.as_str());
        let Some(id) = prop(c, "TZID").map(text_of) else {
            return Err(self.err(line, "a VTIMEZONE without TZID"));
        };
        let mut observances = Vec::new();
        for o in &c.components {
            let kind = o.name.as_str();
            if !(kind.eq_ignore_ascii_case("STANDARD") || kind.eq_ignore_ascii_case("DAYLIGHT")) {
                continue;
            }
            let oline = self.lines.line_of(o.name.as_str());
            let offset = |name: &str| -> Result<i32, FileError> {
                let p = prop(o, name).ok_or_else(|| {
                    self.err(
                        oline,
                        format!("the {kind} of VTIMEZONE {} has no {name}", Excerpt(&id)),
                    )
                })?;
                parse_offset(p.val.as_str().trim()).ok_or_else(|| {
                    self.err(
                        self.lines.line_of(p.val.as_str()),
                        format!(
                            "invalid {name} {}: expected an offset such as +0800",
                            Excerpt(p.val.as_str())
                        ),
                    )
                })
            };
            let (offset_from, offset_to) = (offset("TZOFFSETFROM")?, offset("TZOFFSETTO")?);
            let start = match prop(o, "DTSTART") {
                Some(p) => match self.when(p)?.0 {
                    When::Time(t, _) => t,
                    When::Date(d) => d.and_time(chrono::NaiveTime::MIN),
                },
                None => {
                    return Err(self.err(
                        oline,
                        format!("the {kind} of VTIMEZONE {} has no DTSTART", Excerpt(&id)),
                    ));
                }
            };
            let rrule = prop(o, "RRULE").map(|p| p.val.as_str().trim().to_owned());
            if let Some(rule) = &rrule {
                // Observances start in 1601 (Outlook) or 1970 and repeat yearly: a few hundred
                // steps. Another frequency would walk every day or hour since then.
                if !rule.to_ascii_uppercase().contains("FREQ=YEARLY") {
                    return Err(self.err(
                        self.lines.line_of(rule_text(o)),
                        format!(
                            "the {kind} of VTIMEZONE {}: expected a yearly RRULE (FREQ=YEARLY)",
                            Excerpt(&id)
                        ),
                    ));
                }
                self.recurring += 1;
                if self.recurring > MAX_RECURRING {
                    return Err(self.err(
                        oline,
                        format!("the file has more than {MAX_RECURRING} recurrence rules"),
                    ));
                }
            }
            let mut rdates = Vec::new();
            for p in props(o, "RDATE") {
                for part in p.val.as_str().split(',') {
                    if let Some(When::Time(t, _)) = parse_when(part, false) {
                        rdates.push(t);
                    }
                }
            }
            observances.push(Observance {
                start,
                rrule,
                rdates,
                offset_from,
                offset_to,
            });
        }
        if observances.is_empty() {
            return Err(self.err(
                line,
                format!("the VTIMEZONE {} has no STANDARD or DAYLIGHT", Excerpt(&id)),
            ));
        }
        let zone = DefinedZone::new(&observances, self.opts.years)
            .map_err(|e| self.err(line, format!("the VTIMEZONE {}: {e}", Excerpt(&id))))?;
        self.zones.defined.insert(id, zone);
        Ok(())
    }

    /// Whether an event opens its days as adjusted working days.
    fn is_working(&self, c: &Component<'_>) -> bool {
        if let Some(kind) = prop(c, "X-SLA-KIND") {
            return kind.val.as_str().trim().eq_ignore_ascii_case("working");
        }
        let texts = props(c, "SUMMARY")
            .chain(props(c, "CATEGORIES"))
            .map(text_of);
        texts.into_iter().any(|t| self.opts.working.matches(&t))
    }

    fn event(&mut self, c: &Component<'_>) -> Result<(), FileError> {
        let line = self.lines.line_of(c.name.as_str());
        if prop(c, "STATUS")
            .is_some_and(|s| s.val.as_str().trim().eq_ignore_ascii_case("CANCELLED"))
        {
            return Ok(());
        }
        let name = prop(c, "SUMMARY").map(text_of).unwrap_or_default();
        let Some(dtstart) = prop(c, "DTSTART") else {
            return Err(self.err(line, format!("event {} has no DTSTART", Excerpt(&name))));
        };
        let (start, start_tz) = self.when(dtstart)?;
        let start_zone = self.zone_of(dtstart, start, start_tz)?;
        let end = match (prop(c, "DTEND"), prop(c, "DURATION")) {
            (Some(p), _) => {
                let (w, tz) = self.when(p)?;
                Some((w, self.zone_of(p, w, tz)?))
            }
            (None, Some(p)) => {
                let d = parse_duration(p.val.as_str()).ok_or_else(|| {
                    self.err(
                        self.lines.line_of(p.val.as_str()),
                        format!(
                            "invalid DURATION {}: expected e.g. P1D or PT2H30M",
                            Excerpt(p.val.as_str())
                        ),
                    )
                })?;
                Some((add_duration(start, d), start_zone.clone()))
            }
            (None, None) => None,
        };
        let rrule_line = prop(c, "RRULE").map(|p| self.lines.line_of(p.val.as_str()));
        let rrule = prop(c, "RRULE").map(|p| p.val.as_str().trim().to_owned());
        let mut exdates = Vec::new();
        let mut rdates = Vec::new();
        for (list, name) in [(&mut exdates, "EXDATE"), (&mut rdates, "RDATE")] {
            for p in props(c, name) {
                let is_date = param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
                for part in p.val.as_str().split(',') {
                    let w = parse_when(part, is_date).ok_or_else(|| {
                        self.err(
                            self.lines.line_of(p.val.as_str()),
                            format!("invalid {name} {}", Excerpt(part)),
                        )
                    })?;
                    let zone = self.zone_of(p, w, param(p, "TZID"))?;
                    list.push(local_in(w, &zone, &start_zone));
                }
            }
        }
        if let (Some(rline), true) = (rrule_line, rrule.is_some()) {
            let first = match start {
                When::Date(d) => midnight(d),
                When::Time(t, _) => t,
            };
            self.recurrence(first, rline)?;
        }
        let working = self.is_working(c);
        let years = (self.opts.years.0, self.opts.years.1.saturating_add(1));
        let expand_err = |e: String| self.err(rrule_line.unwrap_or(line), e);
        match (start, end) {
            (When::Date(d0), end) => {
                let last = match end {
                    Some((When::Date(d1), _)) => d1,
                    Some((When::Time(t, _), _)) => t.date(),
                    None => d0.succ_opt().unwrap_or(d0),
                };
                let length = u64::try_from((last - d0).num_days()).unwrap_or(0).max(1);
                let occurrences = expand(midnight(d0), rrule.as_deref(), &rdates, &exdates, years)
                    .map_err(expand_err)?;
                let kind = if working {
                    StatutoryKind::AdjustedWorkingDay
                } else {
                    StatutoryKind::DayOff
                };
                // Only the days inside the calendar's years are walked, however long the event.
                let (first, last) = self.opts.years;
                let (Some(jan1), Some(dec31)) = (
                    NaiveDate::from_ymd_opt(first, 1, 1),
                    NaiveDate::from_ymd_opt(last, 12, 31),
                ) else {
                    return Ok(());
                };
                for o in occurrences {
                    let end = o.date().checked_add_days(Days::new(length - 1));
                    let mut day = o.date().max(jan1);
                    while day <= end.unwrap_or(dec31).min(dec31) {
                        self.day(day, kind, &name, line)?;
                        day = match day.succ_opt() {
                            Some(d) => d,
                            None => break,
                        };
                    }
                }
            }
            (When::Time(t0, _), end) => {
                let from = start_zone.to_utc(t0);
                let to = match end {
                    Some((When::Time(t1, _), zone)) => zone.to_utc(t1),
                    Some((When::Date(d1), zone)) => zone.to_utc(midnight(d1)),
                    None => from,
                };
                let length = to.saturating_sub(from);
                let occurrences =
                    expand(t0, rrule.as_deref(), &rdates, &exdates, years).map_err(expand_err)?;
                for o in occurrences {
                    if working {
                        // A working event opens its day; its own hours are the adjusted
                        // weekday's (see DESIGN.md).
                        self.day(o.date(), StatutoryKind::AdjustedWorkingDay, &name, line)?;
                    } else if length > 0 {
                        let from = start_zone.to_utc(o);
                        self.entry()?;
                        self.feed.closures.push(Closure {
                            file: self.file.to_owned(),
                            from,
                            to: from.saturating_add(length),
                            name: name.clone(),
                            line,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    fn entry(&self) -> Result<(), FileError> {
        if self.feed.days.len() + self.feed.closures.len() >= MAX_ENTRIES {
            return Err(FileError::whole(
                self.file,
                format!("the file closes or opens more than {MAX_ENTRIES} days and spans"),
            ));
        }
        Ok(())
    }

    fn day(
        &mut self,
        date: NaiveDate,
        kind: StatutoryKind,
        name: &str,
        line: usize,
    ) -> Result<(), FileError> {
        let (first, last) = self.opts.years;
        if !(first..=last).contains(&chrono::Datelike::year(&date)) {
            return Ok(());
        }
        match self.set_on.get(&date) {
            Some(&(k, _)) if k == kind => return Ok(()),
            Some(&(_, other)) => {
                let what = |k| match k {
                    StatutoryKind::DayOff => "closes",
                    StatutoryKind::AdjustedWorkingDay => "opens",
                };
                return Err(self.err(
                    line,
                    format!(
                        "this event {} {date}, which the event on line {other} {}",
                        what(kind),
                        what(if kind == StatutoryKind::DayOff {
                            StatutoryKind::AdjustedWorkingDay
                        } else {
                            StatutoryKind::DayOff
                        })
                    ),
                ));
            }
            None => {}
        }
        self.entry()?;
        self.set_on.insert(date, (kind, line));
        self.feed.days.push(FeedDay {
            date,
            kind,
            name: name.to_owned(),
            line,
        });
        Ok(())
    }
}

/// The raw RRULE value of a component (for its line).
fn rule_text<'c>(c: &'c Component<'_>) -> &'c str {
    prop(c, "RRULE").map_or("", |p| p.val.as_str())
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(chrono::NaiveTime::MIN)
}

/// A time of another zone as a local time of the event's start zone (an `EXDATE` in UTC for an
/// event in Europe/Paris), so that it compares with the expanded local start times.
fn local_in(w: When, zone: &EventZone, start_zone: &EventZone) -> NaiveDateTime {
    match w {
        When::Date(d) => midnight(d),
        When::Time(t, _) => start_zone.to_local(zone.to_utc(t)).unwrap_or(t),
    }
}

/// An RFC 5545 duration (`P1D`, `P2W`, `PT1H30M`, `P1DT12H`), as days and seconds.
fn parse_duration(text: &str) -> Option<(i64, i64)> {
    let d = iso8601::duration(text.trim()).ok()?;
    match d {
        iso8601::Duration::Weeks(w) => Some((i64::from(w) * 7, 0)),
        iso8601::Duration::YMDHMS {
            year: 0,
            month: 0,
            day,
            hour,
            minute,
            second,
            ..
        } => Some((
            i64::from(day),
            i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second),
        )),
        iso8601::Duration::YMDHMS { .. } => None,
    }
}

fn add_duration(start: When, (days, seconds): (i64, i64)) -> When {
    match start {
        When::Date(d) => When::Date(
            d.checked_add_days(Days::new(u64::try_from(days).unwrap_or(0)))
                .unwrap_or(d),
        ),
        When::Time(t, utc) => When::Time(
            chrono::Duration::try_seconds(days.saturating_mul(86_400).saturating_add(seconds))
                .and_then(|d| t.checked_add_signed(d))
                .unwrap_or(t),
            utc,
        ),
    }
}

/// Reads the iCalendar text of `file`.
pub(crate) fn read(file: &str, text: &str, opts: &ImportOptions<'_>) -> Result<Feed, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let unfolded = unfold(text);
    let lines = Lines::new(text, &unfolded);
    // The parser recurses into nested components: bound the nesting before handing it the text.
    let mut depth = 0usize;
    for (i, l) in unfolded.lines().enumerate() {
        let l = l.trim_end_matches('\r');
        if l.len() >= 6 && l.get(..6).is_some_and(|b| b.eq_ignore_ascii_case("BEGIN:")) {
            depth += 1;
            if depth > MAX_NESTING {
                return Err(FileError::at_line(
                    file,
                    lines.written.get(i).copied().unwrap_or(i + 1),
                    format!("components are nested deeper than {MAX_NESTING}"),
                ));
            }
        } else if l.len() >= 4 && l.get(..4).is_some_and(|b| b.eq_ignore_ascii_case("END:")) {
            depth = depth.saturating_sub(1);
        }
    }
    // A line without a colon makes the parser fail at the component around it; name the line.
    for (i, l) in unfolded.lines().enumerate() {
        let l = l.trim_end_matches('\r');
        if !l.trim().is_empty() && !l.contains(':') {
            return Err(FileError::at_line(
                file,
                lines.written.get(i).copied().unwrap_or(i + 1),
                "invalid content line: expected NAME:VALUE",
            ));
        }
    }
    let roots = read_calendar_simple(&unfolded).map_err(|e| {
        let offset = (e.input.as_ptr() as usize).wrapping_sub(unfolded.as_ptr() as usize);
        FileError::at_line(
            file,
            lines.line_at(offset.min(unfolded.len())),
            "the component structure breaks here: expected NAME:VALUE lines between matching BEGIN and END lines",
        )
    })?;
    let Some(calendar) = roots
        .iter()
        .find(|c| c.name.as_str().eq_ignore_ascii_case("VCALENDAR"))
    else {
        return Err(FileError::whole(
            file,
            "not an iCalendar file: no VCALENDAR",
        ));
    };
    let mut reader = Reader {
        file,
        lines,
        opts,
        zones: Zones::default(),
        feed: Feed::default(),
        set_on: BTreeMap::new(),
        recurring: 0,
    };
    // Zones first: an event may come before the VTIMEZONE it names.
    for c in &calendar.components {
        if c.name.as_str().eq_ignore_ascii_case("VTIMEZONE") {
            reader.timezone(c)?;
        }
    }
    for c in &calendar.components {
        if c.name.as_str().eq_ignore_ascii_case("VEVENT") {
            reader.event(c)?;
        }
    }
    Ok(reader.feed)
}
