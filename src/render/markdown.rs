//! The report as Markdown, for people: the summary first, then every breach with its evidence.

use std::fmt::Write;

use crate::audit::Audit;
use crate::format_duration;
use crate::report::{Outcome, Report, Tally, TargetVerdict};

fn tally(t: &Tally) -> String {
    format!(
        "{} met, {} breached, {} pending, {} excluded, {} exempt, {} undetermined",
        t.met, t.breached, t.pending, t.excluded, t.exempt, t.undetermined
    )
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
        [one] => format!(" (clause {one})"),
        many => format!(" (clauses {})", many.join(", ")),
    }
}

/// Renders the report as Markdown: summary, availability, notices, breached and pending
/// verdicts with their evidence, every verdict in one table, and rejected input lines.
pub fn to_markdown(audit: &Audit) -> String {
    let mut s = String::new();
    let _ = write_report(&mut s, audit);
    s
}

fn evidence(s: &mut String, v: &TargetVerdict) -> std::fmt::Result {
    writeln!(
        s,
        "  - clock: {} · limit {} ({} s) · started {}",
        v.clock,
        v.limit,
        v.limit_seconds,
        v.started_at.to_rfc3339()
    )?;
    match (&v.deadline, &v.stopped_at, v.stopped_by) {
        (d, Some(at), Some(by)) => writeln!(
            s,
            "  - stopped by {by} at {} · deadline {}",
            at.to_rfc3339(),
            d.map_or("paused".to_owned(), |d| d.to_rfc3339())
        )?,
        (d, _, _) => writeln!(
            s,
            "  - still running · deadline {}",
            d.map_or("paused".to_owned(), |d| d.to_rfc3339())
        )?,
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
            p.from.to_rfc3339(),
            p.to.map_or("still waiting".to_owned(), |t| t.to_rfc3339()),
            format_duration(p.clock_seconds),
            p.why
        )?;
    }
    for line in &v.reasoning {
        writeln!(s, "  - {line}")?;
    }
    for f in &v.calendar_facts {
        writeln!(s, "  - calendar: {f}")?;
    }
    if let Some(p) = &v.problem {
        writeln!(s, "  - {p}")?;
    }
    Ok(())
}

fn write_report(s: &mut String, audit: &Audit) -> std::fmt::Result {
    let r: &Report = &audit.report;
    writeln!(s, "# SLA report: contract `{}`", r.contract)?;
    writeln!(s)?;
    writeln!(
        s,
        "As of {} · calendar `{}` ({}) · schema {}",
        r.as_of.to_rfc3339(),
        r.calendar,
        r.zone,
        r.schema
    )?;
    writeln!(s)?;
    writeln!(s, "Settings: {}", r.settings)?;
    writeln!(s)?;
    writeln!(s, "| | count |")?;
    writeln!(s, "|---|---|")?;
    writeln!(s, "| events accepted | {} |", r.events_accepted)?;
    writeln!(s, "| input lines rejected | {} |", r.rejected.len())?;
    writeln!(s, "| incidents evaluated | {} |", r.incidents.len())?;
    writeln!(s, "| target verdicts | {} |", tally(&r.target_tally))?;
    writeln!(s, "| notice verdicts | {} |", tally(&r.notice_tally))?;
    writeln!(s)?;

    writeln!(
        s,
        "## Availability{}",
        clauses([r.objective.clause.as_str()])
    )?;
    writeln!(s)?;
    if let Some(p) = &r.availability_problem {
        writeln!(s, "Not evaluated: {p}")?;
        writeln!(s)?;
    }
    writeln!(
        s,
        "| period | scope | judged | outcome | availability % | target % | downtime | budget | left | excused |"
    )?;
    writeln!(s, "|---|---|---|---|---|---|---|---|---|---|")?;
    // Every scope for the judged periods; for the reporting periods, the judged scopes only.
    // A set: there is a judged verdict per scope and period, and a report spanning thousands of
    // years (one event dated 7853 is enough) has tens of thousands of them.
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
            .map(|(k, n)| format!("{k} {}", format_duration(*n)))
            .collect();
        writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            a.label,
            a.scope,
            if a.judged { "yes" } else { "info" },
            a.outcome,
            a.availability_percent,
            a.target_percent,
            format_duration(a.downtime_seconds),
            format_duration(a.budget_seconds),
            format_duration(a.budget_left_seconds),
            excused.join(", ")
        )?;
    }
    writeln!(s)?;

    writeln!(
        s,
        "## Notices{}",
        clauses(r.notices.iter().map(|n| n.clause.as_str()))
    )?;
    writeln!(s)?;
    writeln!(
        s,
        "| change | kind | outcome | noticed | due by | window | excused downtime | why |"
    )?;
    writeln!(s, "|---|---|---|---|---|---|---|---|")?;
    for n in &r.notices {
        writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} → {} | {} | {} |",
            n.change,
            n.kind,
            n.outcome,
            n.noticed_at.map_or("—".to_owned(), |t| t.to_rfc3339()),
            n.notice_due_by.map_or("—".to_owned(), |t| t.to_rfc3339()),
            n.window_from.to_rfc3339(),
            n.window_to.to_rfc3339(),
            if n.downtime_excused { "yes" } else { "no" },
            n.reasoning.join("; ")
        )?;
    }
    writeln!(s)?;

    if !r.recurring.is_empty() {
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
            let gaps: Vec<String> = o
                .gaps_over
                .iter()
                .map(|(a, b)| format!("{} → {}", a.to_rfc3339(), b.to_rfc3339()))
                .collect();
            writeln!(
                s,
                "| {} | {} | {} days | {} | {} | {} | {} | {} |",
                o.obligation,
                o.clause,
                o.every_days,
                o.outcome,
                o.occurrences,
                format_duration(o.longest_gap_seconds),
                if gaps.is_empty() {
                    o.problem.clone().unwrap_or_default()
                } else {
                    gaps.join("; ")
                },
                o.next_due.map_or("—".to_owned(), |t| t.to_rfc3339())
            )?;
        }
        writeln!(s)?;
    }

    for (title, outcome) in [
        ("Breaches", Outcome::Breached),
        ("Pending", Outcome::Pending),
        ("Undetermined", Outcome::Undetermined),
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
                i.id,
                v.target,
                v.clause,
                i.class,
                i.priority.map_or("-", |p| p.as_str()),
                i.reported_at.to_rfc3339()
            )?;
            evidence(s, v)?;
        }
        writeln!(s)?;
    }

    writeln!(s, "## Every verdict")?;
    writeln!(s)?;
    writeln!(
        s,
        "| incident | class | priority | target | outcome | clock | limit | used | margin |"
    )?;
    writeln!(s, "|---|---|---|---|---|---|---|---|---|")?;
    for (i, v) in r.verdicts() {
        writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            i.id,
            i.class,
            i.priority.map_or("-", |p| p.as_str()),
            v.target,
            v.outcome,
            v.clock,
            v.limit,
            format_duration(v.used_seconds),
            format_duration(v.margin_seconds)
        )?;
    }
    writeln!(s)?;

    if let Some(st) = &audit.penalties {
        writeln!(s, "## Penalties ({})", st.currency)?;
        writeln!(s)?;
        for n in &st.notes {
            writeln!(s, "- {n}")?;
        }
        writeln!(s)?;
        writeln!(
            s,
            "| kind | clause | subject | period | basis | rate | quantity | amount |"
        )?;
        writeln!(s, "|---|---|---|---|---|---|---|---|")?;
        let opt = |d: Option<rust_decimal::Decimal>| {
            d.map_or(String::new(), |d| d.normalize().to_string())
        };
        for l in &st.lines {
            writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                l.kind,
                l.clause,
                l.subject,
                l.period,
                l.basis,
                opt(l.rate),
                opt(l.quantity),
                l.amount
            )?;
        }
        writeln!(s, "| **total** | | | | | | | **{}** |", st.money(st.total))?;
        writeln!(s)?;
    }

    if !r.rejected.is_empty() {
        writeln!(s, "## Rejected input lines ({})", r.rejected.len())?;
        writeln!(s)?;
        for e in &r.rejected {
            writeln!(s, "- {e}")?;
        }
        writeln!(s)?;
    }
    Ok(())
}
