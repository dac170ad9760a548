//! The audit as Markdown, for people: what produced it, what to know, the summary, then every
//! verdict with its evidence and the statement. Every string that came from an input (ids,
//! names, messages, holiday names) is escaped, so that no input can forge a table row or a
//! heading.

use std::fmt::{self, Write};

use rust_decimal::Decimal;

use super::escape::Md;
use super::plain::{self, at, opt_at, span};
use crate::audit::Audit;
use crate::format_duration;
use crate::report::{Outcome, Report, Tally, TargetVerdict};

/// Renders the audit as Markdown: provenance, warnings, summary, availability, notices,
/// recurring obligations, breached, pending, undetermined and voided verdicts with their
/// evidence, every verdict in one table, the penalty statement, and rejected input lines.
pub fn to_markdown(audit: &Audit) -> String {
    let mut s = String::new();
    let _ = write_audit(&mut s, audit);
    s
}

fn tally(t: &Tally) -> String {
    format!(
        "{} met, {} breached, {} pending, {} excluded, {} exempt, {} undetermined, {} voided",
        t.met, t.breached, t.pending, t.excluded, t.exempt, t.undetermined, t.voided
    )
}

fn percent(p: Option<Decimal>) -> String {
    p.map_or_else(|| "n/a".to_owned(), |p| p.to_string())
}

/// ` (clause 3.1(3))` or ` (clauses 3.1(4), 4.3)`: the contract's own labels, in order, once
/// each; nothing if there are none.
fn clauses<'a>(labels: impl IntoIterator<Item = &'a str>) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for l in labels {
        if !l.is_empty() && !seen.contains(&l) {
            seen.push(l);
        }
    }
    match seen.as_slice() {
        [] => String::new(),
        [one] => format!(" (clause {})", Md(one)),
        many => {
            let escaped: Vec<String> = many.iter().map(|c| Md(c).to_string()).collect();
            format!(" (clauses {})", escaped.join(", "))
        }
    }
}

fn evidence(s: &mut String, v: &TargetVerdict) -> fmt::Result {
    writeln!(
        s,
        "  - clock: {} · limit {} ({} s) · started {}",
        v.clock,
        v.limit,
        v.limit_seconds,
        at(&v.started_at)
    )?;
    let deadline = opt_at(v.deadline.as_ref(), "paused");
    match (&v.stopped_at, v.stopped_by) {
        (Some(stop), Some(by)) => writeln!(
            s,
            "  - stopped by {by} at {} · deadline {deadline}",
            at(stop)
        )?,
        _ => writeln!(s, "  - not stopped · deadline {deadline}")?,
    }
    writeln!(
        s,
        "  - used {} of {} · margin {}{}",
        format_duration(v.used_seconds),
        format_duration(v.limit_seconds),
        format_duration(v.margin_seconds),
        v.late_wall_seconds.map_or(String::new(), |l| format!(
            " · {} late by the wall clock",
            format_duration(l)
        ))
    )?;
    for p in &v.pauses {
        writeln!(
            s,
            "  - paused {} → {} ({} of clock): {}",
            at(&p.from),
            opt_at(p.to.as_ref(), "still paused"),
            format_duration(p.clock_seconds),
            p.reason.describe()
        )?;
    }
    if let Some(c) = &v.superseded {
        writeln!(
            s,
            "  - priority changed to {} at {} (line {})",
            c.priority,
            at(&c.at),
            c.line
        )?;
    }
    for line in &v.reasoning {
        writeln!(s, "  - {}", Md(&line.to_string()))?;
    }
    for f in &v.calendar_facts {
        writeln!(s, "  - calendar: {}", Md(&f.to_string()))?;
    }
    if let Some(p) = &v.problem {
        writeln!(s, "  - {}", Md(p))?;
    }
    Ok(())
}

fn write_provenance(s: &mut String, r: &Report) -> fmt::Result {
    let p = &r.provenance;
    writeln!(s, "## Inputs")?;
    writeln!(s)?;
    writeln!(s, "| | |")?;
    writeln!(s, "|---|---|")?;
    writeln!(
        s,
        "| contract | `{}` from {}{} |",
        Md(&p.contract.name),
        Md(&p.contract.source),
        p.contract
            .sha256
            .as_ref()
            .map_or(String::new(), |d| format!(" · sha256 `{d}`"))
    )?;
    if p.events.is_empty() {
        writeln!(s, "| events | pushed one by one (no file) |")?;
    }
    for e in &p.events {
        writeln!(
            s,
            "| events | {} ({}, {} bytes, {} lines, {} records) · sha256 `{}` |",
            Md(&e.name),
            e.format,
            e.bytes,
            e.lines,
            e.records,
            e.sha256
        )?;
    }
    writeln!(
        s,
        "| calendar | `{}` · {} · {}{}{} |",
        Md(&p.calendar.name),
        Md(&p.calendar.zone),
        Md(&p.calendar.hours),
        p.calendar
            .years
            .as_ref()
            .map_or(String::new(), |y| format!(" · day data {y}")),
        if p.calendar.overrides > 0 {
            format!(" · {} day override(s)", p.calendar.overrides)
        } else {
            String::new()
        }
    )?;
    for d in &p.calendar.data {
        writeln!(s, "| calendar data | {} |", Md(d))?;
    }
    writeln!(s, "| time zones | IANA tzdb {} |", Md(&p.tzdb))?;
    writeln!(s, "| engine | {} |", Md(&p.engine))?;
    writeln!(s, "| settings | {} |", p.settings)?;
    writeln!(s, "| as of | {} ({}) |", at(&p.as_of), Md(&p.as_of_from))?;
    if let Some(y) = &p.years {
        writeln!(s, "| years | {} |", Md(y))?;
    }
    if let Some(w) = &p.window {
        writeln!(s, "| window | {} |", span(w))?;
    }
    writeln!(s)
}

fn write_audit(s: &mut String, audit: &Audit) -> fmt::Result {
    let r: &Report = &audit.report;
    writeln!(s, "# SLA report: contract `{}`", Md(&r.contract))?;
    writeln!(s)?;
    writeln!(
        s,
        "As of {} · calendar `{}` ({}) · schema {}",
        at(&r.as_of),
        Md(&r.calendar),
        Md(&r.zone),
        r.schema
    )?;
    writeln!(s)?;
    write_provenance(s, r)?;

    if !r.warnings.is_empty() {
        writeln!(s, "## Warnings ({})", r.warnings.len())?;
        writeln!(s)?;
        for w in &r.warnings {
            writeln!(s, "- **{}**: {}", w.kind, Md(&w.message))?;
        }
        writeln!(s)?;
    }

    writeln!(s, "## Summary")?;
    writeln!(s)?;
    writeln!(s, "| | count |")?;
    writeln!(s, "|---|---|")?;
    writeln!(s, "| events accepted | {} |", r.events_accepted)?;
    writeln!(
        s,
        "| input lines rejected | {} ({} listed below) |",
        r.rejected.total,
        r.rejected.lines.len()
    )?;
    writeln!(
        s,
        "| events after the evaluation instant, not applied | {} |",
        r.not_applied.events()
    )?;
    writeln!(s, "| incidents evaluated | {} |", r.incidents.len())?;
    writeln!(s, "| target verdicts | {} |", tally(&r.target_tally))?;
    writeln!(s, "| notice verdicts | {} |", tally(&r.notice_tally))?;
    writeln!(s)?;

    write_availability(s, r)?;
    write_notices(s, r)?;
    write_recurring(s, r)?;

    for (title, outcome) in [
        ("Breaches", Outcome::Breached),
        ("Pending", Outcome::Pending),
        ("Undetermined", Outcome::Undetermined),
        ("Voided by a priority change", Outcome::Voided),
    ] {
        let list: Vec<_> = r.verdicts().filter(|(_, v)| v.outcome == outcome).collect();
        if list.is_empty() {
            continue;
        }
        writeln!(s, "## {title} ({})", list.len())?;
        writeln!(s)?;
        for (i, v) in list {
            writeln!(
                s,
                "- **{} · {}** (clause {}, {} {}, reported {})",
                Md(&i.id),
                Md(&v.target),
                Md(&v.clause),
                i.class,
                i.priority.map_or("-", |p| p.as_str()),
                at(&i.reported_at)
            )?;
            evidence(s, v)?;
        }
        writeln!(s)?;
    }

    writeln!(s, "## Every verdict")?;
    writeln!(s)?;
    writeln!(
        s,
        "| incident | class | priority | target | outcome | clock | limit | started | stopped | deadline | used | margin |"
    )?;
    writeln!(s, "|---|---|---|---|---|---|---|---|---|---|---|---|")?;
    for (i, v) in r.verdicts() {
        writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            Md(&i.id),
            i.class,
            i.priority.map_or("-", |p| p.as_str()),
            Md(&v.target),
            v.outcome,
            v.clock,
            v.limit,
            at(&v.started_at),
            match (&v.stopped_at, v.stopped_by) {
                (Some(t), Some(by)) => format!("{by} {}", at(t)),
                _ => "—".to_owned(),
            },
            opt_at(v.deadline.as_ref(), "paused"),
            format_duration(v.used_seconds),
            format_duration(v.margin_seconds)
        )?;
    }
    writeln!(s)?;

    if let Some(st) = &audit.penalties {
        writeln!(s, "## Penalties ({})", Md(&st.currency))?;
        writeln!(s)?;
        for n in &st.notes {
            writeln!(s, "- {}", Md(n))?;
        }
        writeln!(s)?;
        writeln!(
            s,
            "| line | kind | clause | about | period | quantity | rate | fixed | amount | basis |"
        )?;
        writeln!(s, "|---|---|---|---|---|---|---|---|---|---|")?;
        for (n, l) in st.lines.iter().enumerate() {
            let about = [&l.incident, &l.target, &l.scope]
                .into_iter()
                .flatten()
                .map(|x| Md(x).to_string())
                .collect::<Vec<_>>()
                .join(" · ");
            let applies = l
                .applies_to
                .map_or(String::new(), |k| format!(" (on line {k})"));
            let [quantity, rate, fixed] = plain::charge_cells(l);
            writeln!(
                s,
                "| {} | {} | {} | {}{applies} | {} | {} | {} | {} | {} | {} |",
                n + 1,
                l.kind,
                Md(&l.clause),
                about,
                Md(&l.period),
                quantity,
                rate,
                fixed,
                st.money(l.amount),
                Md(&l.basis)
            )?;
        }
        writeln!(
            s,
            "| | **total** | | | | | | | **{}** | |",
            st.money(st.total)
        )?;
        writeln!(s)?;
    }

    if r.rejected.total > 0 {
        writeln!(s, "## Rejected input lines ({})", r.rejected.total)?;
        writeln!(s)?;
        for e in &r.rejected.lines {
            writeln!(s, "- {}", Md(&e.to_string()))?;
        }
        for (kind, n) in &r.rejected.not_listed {
            writeln!(s, "- … and {n} more of kind `{}`, not listed", Md(kind))?;
        }
        writeln!(s)?;
    }
    Ok(())
}

fn write_availability(s: &mut String, r: &Report) -> fmt::Result {
    writeln!(
        s,
        "## Availability{}",
        clauses([r.objective.clause.as_str()])
    )?;
    writeln!(s)?;
    if let Some(p) = &r.availability_problem {
        writeln!(s, "Not evaluated: {}", Md(p))?;
        writeln!(s)?;
    }
    writeln!(
        s,
        "| period | scope | judged | outcome | availability % | target % | downtime | budget | left | excused |"
    )?;
    writeln!(s, "|---|---|---|---|---|---|---|---|---|---|")?;
    // Every scope for the judged periods; for the reporting periods, the judged scopes only.
    // A set: there is a judged verdict per scope and period, and a report spanning many years
    // has thousands of them.
    let judged_scopes: std::collections::BTreeSet<&str> = r
        .availability
        .iter()
        .filter(|a| a.judged)
        .map(|a| a.scope.as_str())
        .collect();
    let judged_kind = r.availability.iter().find(|a| a.judged).map(|a| a.period);
    for a in r
        .availability
        .iter()
        .filter(|a| Some(a.period) == judged_kind || judged_scopes.contains(&a.scope.as_str()))
    {
        let excused: Vec<String> = a
            .excused
            .iter()
            .map(|e| format!("{} {}", e.reason, format_duration(e.seconds)))
            .collect();
        writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            Md(&a.label),
            Md(&a.scope),
            if a.judged { "yes" } else { "info" },
            a.outcome,
            percent(a.availability_percent),
            a.target_percent,
            format_duration(a.downtime_seconds),
            format_duration(a.budget_seconds),
            format_duration(a.budget_left_seconds),
            excused.join(", ")
        )?;
    }
    writeln!(s)?;
    for a in r.availability.iter().filter(|a| a.judged) {
        if a.downtime.is_empty() {
            continue;
        }
        writeln!(
            s,
            "Downtime counted for {} {} ({} intervals, {}; the JSON lists the intervals of every period):",
            Md(&a.scope),
            Md(&a.label),
            a.downtime.len(),
            format_duration(a.downtime_seconds)
        )?;
        writeln!(s)?;
        for d in &a.downtime {
            writeln!(s, "- {} ({})", span(d), format_duration(d.seconds()))?;
        }
        writeln!(s)?;
    }
    if !r.outside_objective.is_empty() {
        writeln!(
            s,
            "Outages of components outside the availability objective (recorded, not counted):"
        )?;
        writeln!(s)?;
        writeln!(s, "| component | outages | down |")?;
        writeln!(s, "|---|---|---|")?;
        for o in &r.outside_objective {
            writeln!(
                s,
                "| {} | {} | {} |",
                Md(&o.component),
                o.outages,
                format_duration(o.seconds)
            )?;
        }
        writeln!(s)?;
    }
    Ok(())
}

fn write_notices(s: &mut String, r: &Report) -> fmt::Result {
    writeln!(
        s,
        "## Notices{}",
        clauses(r.notices.iter().map(|n| n.clause.as_str()))
    )?;
    writeln!(s)?;
    writeln!(
        s,
        "| change | kind | outcome | noticed | due by | announced | performed | downtime | why |"
    )?;
    writeln!(s, "|---|---|---|---|---|---|---|---|---|")?;
    for n in &r.notices {
        let [noticed, due_by, announced, performed, downtime] = plain::notice_cells(n);
        writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            Md(&n.change),
            n.kind,
            n.outcome,
            Md(&noticed),
            Md(&due_by),
            Md(&announced),
            Md(&performed),
            Md(&downtime),
            Md(&n.reasoning.join("; "))
        )?;
    }
    writeln!(s)
}

fn write_recurring(s: &mut String, r: &Report) -> fmt::Result {
    if r.recurring.is_empty() {
        return Ok(());
    }
    writeln!(
        s,
        "## Recurring obligations{}",
        clauses(r.recurring.iter().map(|o| o.clause.as_str()))
    )?;
    writeln!(s)?;
    writeln!(
        s,
        "| obligation | clause | every | outcome | done | longest gap | gaps over | next due |"
    )?;
    writeln!(s, "|---|---|---|---|---|---|---|---|")?;
    for o in &r.recurring {
        let gaps: Vec<String> = o.gaps_over.iter().map(span).collect();
        writeln!(
            s,
            "| {} | {} | {} days | {} | {} | {} | {} | {} |",
            o.obligation,
            Md(&o.clause),
            o.every_days,
            o.outcome,
            o.occurrences,
            format_duration(o.longest_gap_seconds),
            if gaps.is_empty() {
                Md(o.problem.as_deref().unwrap_or_default()).to_string()
            } else {
                gaps.join("; ")
            },
            opt_at(o.next_due.as_ref(), "—")
        )?;
    }
    writeln!(s)
}
