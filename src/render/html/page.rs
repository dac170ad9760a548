//! The audit's page: provenance, summary, availability (burn-down and bars), incidents (timeline
//! and the on-demand verdict table), notices, recurring obligations, the penalty statement and
//! the rejected lines. Everything but the verdict table is written here as HTML; the verdicts are
//! embedded once as JSON and the page's script draws only the rows on screen.

use std::collections::BTreeSet;
use std::fmt::{self, Write};

use super::super::escape::{Html, script_json};
use super::super::plain::{self, at, opt_at, span};
use super::{PRINT_ROWS, charts, data, outcome, shell};
use crate::audit::Audit;
use crate::contract::{PeriodKind, QUESTIONS};
use crate::format_duration;
use crate::report::{AvailabilityVerdict, Outcome, Report, Tally};

const SCRIPT: &str = include_str!("assets/report.js");

fn tally(t: &Tally) -> String {
    [
        (t.met, Outcome::Met),
        (t.breached, Outcome::Breached),
        (t.pending, Outcome::Pending),
        (t.excluded, Outcome::Excluded),
        (t.exempt, Outcome::Exempt),
        (t.undetermined, Outcome::Undetermined),
        (t.voided, Outcome::Voided),
    ]
    .iter()
    .map(|(n, o)| format!("{n} {}", outcome(*o)))
    .collect::<Vec<_>>()
    .join(", ")
}

/// Renders the audit as one self-contained HTML page: CSS, script, charts and data inline, no
/// request to any network (its Content-Security-Policy allows none). See
/// [the module](super) for what it shows and what prints.
pub fn to_html(audit: &Audit) -> String {
    let r = &audit.report;
    let mut body = String::new();
    let _ = write_body(&mut body, audit);
    let json = serde_json::to_string(&data::verdict_data(r)).unwrap_or_else(|_| "{}".to_owned());
    body.push_str("<script type=\"application/json\" id=\"verdict-data\">");
    body.push_str(&script_json(&json));
    body.push_str("</script>\n");
    let title = format!(
        "SLA report: contract {}, as of {}",
        r.contract,
        at(&r.as_of)
    );
    shell(&title, &body, Some(SCRIPT))
}

fn write_body(s: &mut String, audit: &Audit) -> fmt::Result {
    let r = &audit.report;
    writeln!(
        s,
        "<header><h1>SLA report: contract <code>{}</code></h1>\
         <p class=\"lead\">As of <strong>{}</strong> · calendar <code>{}</code> ({}) · schema {}</p>",
        Html(&r.contract),
        at(&r.as_of),
        Html(&r.calendar),
        Html(&r.zone),
        r.schema
    )?;
    write_cards(s, audit)?;
    write_provenance(s, r)?;
    s.push_str("</header>\n");
    s.push_str(
        "<nav aria-label=\"Sections\"><ul><li><a href=\"#summary\">Summary</a></li>\
         <li><a href=\"#availability\">Availability</a></li><li><a href=\"#incidents\">Incidents</a></li>\
         <li><a href=\"#notices\">Notices</a></li><li><a href=\"#recurring\">Recurring</a></li>\
         <li><a href=\"#penalties\">Penalties</a></li></ul></nav>\n<main>\n",
    );
    write_summary(s, audit)?;
    write_availability(s, r)?;
    write_incidents(s, r)?;
    write_notices(s, r)?;
    write_recurring(s, r)?;
    write_penalties(s, audit)?;
    write_rejected(s, r)?;
    s.push_str("</main>\n<footer><p>Written by ");
    writeln!(
        s,
        "{} from the inputs named at the top. One self-contained file: it makes no request to \
         any network. The JSON report (<code>--format json</code>) holds every figure; \
         <code>sla verify</code> re-derives it.</p></footer>",
        Html(&r.provenance.engine)
    )
}

fn row(s: &mut String, head: &str, value: &str) -> fmt::Result {
    writeln!(s, "<tr><th scope=\"row\">{head}</th><td>{value}</td></tr>")
}

fn write_provenance(s: &mut String, r: &Report) -> fmt::Result {
    let p = &r.provenance;
    s.push_str("<table class=\"provenance\"><caption>Inputs (provenance)</caption><tbody>");
    row(
        s,
        "contract",
        &format!(
            "<code>{}</code> from {}{}",
            Html(&p.contract.name),
            Html(&p.contract.source),
            p.contract
                .sha256
                .as_ref()
                .map_or(String::new(), |d| format!(
                    " · sha256 <code class=\"digest\">{}</code>",
                    Html(d)
                ))
        ),
    )?;
    if p.events.is_empty() {
        row(s, "events", "pushed one by one (no file)")?;
    }
    for e in &p.events {
        row(
            s,
            "events",
            &format!(
                "{} ({}, {} bytes, {} lines, {} records) · sha256 <code class=\"digest\">{}</code>",
                Html(&e.name),
                e.format,
                e.bytes,
                e.lines,
                e.records,
                Html(&e.sha256)
            ),
        )?;
    }
    row(
        s,
        "calendar",
        &format!(
            "<code>{}</code> · {} · {}{}{}",
            Html(&p.calendar.name),
            Html(&p.calendar.zone),
            Html(&p.calendar.hours),
            p.calendar
                .years
                .as_ref()
                .map_or(String::new(), |y| format!(" · day data {}", Html(y))),
            if p.calendar.overrides > 0 {
                format!(" · {} day override(s)", p.calendar.overrides)
            } else {
                String::new()
            }
        ),
    )?;
    for d in &p.calendar.data {
        row(s, "calendar data", &Html(d).to_string())?;
    }
    let settings: Vec<String> = QUESTIONS
        .iter()
        .filter_map(|(q, name)| {
            let v = p.settings.get(name)?;
            Some(if q.is_empty() {
                format!("{name} <code>{v}</code>")
            } else {
                format!("{q} {name} <code>{v}</code>")
            })
        })
        .collect();
    row(s, "settings", &settings.join(" · "))?;
    row(
        s,
        "as of",
        &format!("{} ({})", at(&p.as_of), Html(&p.as_of_from)),
    )?;
    if let Some(y) = &p.years {
        row(s, "years", &Html(y).to_string())?;
    }
    if let Some(w) = &p.window {
        row(s, "window", &span(w))?;
    }
    row(s, "time zones", &format!("IANA tzdb {}", Html(&p.tzdb)))?;
    row(s, "engine", &Html(&p.engine).to_string())?;
    s.push_str("</tbody></table>\n");
    Ok(())
}

fn write_cards(s: &mut String, audit: &Audit) -> fmt::Result {
    let r = &audit.report;
    s.push_str("<div class=\"cards\">");
    if let Some(st) = &audit.penalties {
        write!(
            s,
            "<div class=\"card money\"><h3>Penalties{}</h3><p class=\"big\" id=\"penalty-total\">{} {}</p><p>{} lines</p></div>",
            if st.illustrative {
                " (illustrative schedule)"
            } else {
                ""
            },
            st.money(st.total),
            Html(&st.currency),
            st.lines.len()
        )?;
    }
    for a in r.availability.iter().filter(|a| a.judged) {
        write!(
            s,
            "<div class=\"card\"><h3>Availability {} {}</h3><p class=\"big\">{} %</p>\
             <p>{} · target {} % · {} left of {}</p></div>",
            Html(&a.scope),
            Html(&a.label),
            a.availability_percent
                .map_or_else(|| "n/a".to_owned(), |p| p.to_string()),
            outcome(a.outcome),
            a.target_percent,
            format_duration(a.budget_left_seconds),
            format_duration(a.budget_seconds)
        )?;
    }
    let total_verdicts: usize = r.incidents.iter().map(|i| i.verdicts.len()).sum();
    write!(
        s,
        "<div class=\"card\"><h3>Target verdicts</h3><p class=\"big\">{} {}</p><p>of {} verdicts on {} incidents</p></div></div>",
        r.target_tally.breached,
        outcome(Outcome::Breached),
        total_verdicts,
        r.incidents.len()
    )
}

fn write_summary(s: &mut String, audit: &Audit) -> fmt::Result {
    let r = &audit.report;
    s.push_str("<section id=\"summary\"><h2>Summary</h2><table><caption>Counts</caption><tbody>");
    row(s, "events accepted", &r.events_accepted.to_string())?;
    row(
        s,
        "input lines rejected",
        &format!(
            "{} ({} listed below)",
            r.rejected.total,
            r.rejected.lines.len()
        ),
    )?;
    row(
        s,
        "events after the evaluation instant, not applied",
        &r.not_applied.events().to_string(),
    )?;
    row(s, "incidents evaluated", &r.incidents.len().to_string())?;
    row(s, "target verdicts", &tally(&r.target_tally))?;
    row(s, "notice verdicts", &tally(&r.notice_tally))?;
    s.push_str("</tbody></table>");
    if !r.warnings.is_empty() {
        write!(s, "<h3>Warnings ({})</h3><ul>", r.warnings.len())?;
        for w in &r.warnings {
            write!(
                s,
                "<li><strong>{}</strong>: {}</li>",
                w.kind,
                Html(&w.message)
            )?;
        }
        s.push_str("</ul>");
    }
    s.push_str("</section>\n");
    Ok(())
}

fn write_availability(s: &mut String, r: &Report) -> fmt::Result {
    write!(
        s,
        "<section id=\"availability\"><h2>Availability{}</h2>",
        if r.objective.clause.is_empty() {
            String::new()
        } else {
            format!(" (clause {})", Html(&r.objective.clause))
        }
    )?;
    if let Some(p) = &r.availability_problem {
        write!(s, "<p class=\"problem\">Not evaluated: {}</p>", Html(p))?;
    }
    let judged: Vec<&AvailabilityVerdict> = r.availability.iter().filter(|a| a.judged).collect();
    // The judged periods of every scope: the platform's is judged, each component's is reported
    // for information (Q6), and both burn their budgets over the same year.
    let burning = r.availability.iter().filter(|a| {
        judged
            .iter()
            .any(|j| j.period == a.period && j.from == a.from && j.to == a.to)
    });
    for (k, a) in burning.enumerate() {
        write!(
            s,
            "<figure><figcaption>Error budget, {} {}{}: {} · {} % against {} % · {} left of {}</figcaption>",
            Html(&a.scope),
            Html(&a.label),
            if a.judged { "" } else { " (for information)" },
            outcome(a.outcome),
            a.availability_percent
                .map_or_else(|| "n/a".to_owned(), |p| p.to_string()),
            a.target_percent,
            format_duration(a.budget_left_seconds),
            format_duration(a.budget_seconds)
        )?;
        charts::burn_down(s, &format!("burn-{k}"), a)?;
        burn_down_table(s, a)?;
        s.push_str("</figure>\n");
    }
    // Monthly and quarterly figures of every scope.
    let scopes: Vec<&str> = {
        let mut seen = Vec::new();
        for a in &r.availability {
            if !seen.contains(&a.scope.as_str()) {
                seen.push(a.scope.as_str());
            }
        }
        seen
    };
    let mut n = 0;
    for scope in scopes {
        for kind in [PeriodKind::Month, PeriodKind::Quarter] {
            let list: Vec<&AvailabilityVerdict> = r
                .availability
                .iter()
                .filter(|a| a.scope == scope && a.period == kind)
                .collect();
            if list.is_empty() {
                continue;
            }
            let judged_note = if list.iter().any(|a| a.judged) {
                "judged"
            } else {
                "for information: the contract judges the year"
            };
            write!(
                s,
                "<figure><figcaption>Availability of {} by {kind} ({judged_note})</figcaption>",
                Html(scope)
            )?;
            // Many years of months make bars too thin to read: the last 24 are drawn, all are
            // in the table.
            let drawn = list
                .get(list.len().saturating_sub(24)..)
                .unwrap_or_default();
            charts::bars(s, &format!("bars-{n}"), scope, kind, drawn)?;
            n += 1;
            periods_table(s, scope, kind, &list)?;
            s.push_str("</figure>\n");
        }
    }
    if !r.outside_objective.is_empty() {
        s.push_str(
            "<table><caption>Outages of components outside the availability objective (recorded, not counted)</caption>\
             <thead><tr><th scope=\"col\">component</th><th scope=\"col\">outages</th><th scope=\"col\">down</th></tr></thead><tbody>",
        );
        for o in &r.outside_objective {
            write!(
                s,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                Html(&o.component),
                o.outages,
                format_duration(o.seconds)
            )?;
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("</section>\n");
    Ok(())
}

fn burn_down_table(s: &mut String, a: &AvailabilityVerdict) -> fmt::Result {
    write!(
        s,
        "<details><summary>The figures: {} downtime intervals counted, {} excused reasons</summary>\
         <table><caption>Downtime of {} {}: counted ({}) and excused</caption>\
         <thead><tr><th scope=\"col\">from</th><th scope=\"col\">to</th><th scope=\"col\">length</th><th scope=\"col\">counted or why excused</th></tr></thead><tbody>",
        a.downtime.len(),
        a.excused.len(),
        Html(&a.scope),
        Html(&a.label),
        format_duration(a.downtime_seconds)
    )?;
    for d in &a.downtime {
        write!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>counted</td></tr>",
            at(&d.from),
            at(&d.to),
            format_duration(d.seconds())
        )?;
    }
    for e in &a.excused {
        for d in &e.intervals {
            write!(
                s,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>excused: {}</td></tr>",
                at(&d.from),
                at(&d.to),
                format_duration(d.seconds()),
                e.reason
            )?;
        }
    }
    s.push_str("</tbody></table></details>");
    Ok(())
}

fn periods_table(
    s: &mut String,
    scope: &str,
    kind: PeriodKind,
    list: &[&AvailabilityVerdict],
) -> fmt::Result {
    write!(
        s,
        "<details><summary>The figures</summary><table><caption>Availability of {} by {kind}</caption>\
         <thead><tr><th scope=\"col\">period</th><th scope=\"col\">outcome</th><th scope=\"col\">availability %</th>\
         <th scope=\"col\">target %</th><th scope=\"col\">downtime</th><th scope=\"col\">budget</th><th scope=\"col\">left</th>\
         <th scope=\"col\">excused</th></tr></thead><tbody>",
        Html(scope)
    )?;
    for a in list {
        let excused: Vec<String> = a
            .excused
            .iter()
            .map(|e| format!("{} {}", e.reason, format_duration(e.seconds)))
            .collect();
        write!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            Html(&a.label),
            outcome(a.outcome),
            if a.judged { "" } else { " (information)" },
            a.availability_percent
                .map_or_else(|| "n/a".to_owned(), |p| p.to_string()),
            a.target_percent,
            format_duration(a.downtime_seconds),
            format_duration(a.budget_seconds),
            format_duration(a.budget_left_seconds),
            excused.join(", ")
        )?;
    }
    s.push_str("</tbody></table></details>");
    Ok(())
}

fn options<'a>(s: &mut String, id: &str, label: &str, values: impl Iterator<Item = &'a str>) {
    let _ = write!(
        s,
        "<label for=\"{id}\">{label}</label><select id=\"{id}\"><option value=\"\">all</option>"
    );
    for v in values {
        let _ = write!(s, "<option value=\"{0}\">{0}</option>", Html(v));
    }
    s.push_str("</select>");
}

fn write_incidents(s: &mut String, r: &Report) -> fmt::Result {
    s.push_str("<section id=\"incidents\"><h2>Incidents</h2><figure><figcaption>The year: reports, breaches, downtime, maintenance</figcaption>");
    charts::timeline(s, "timeline", r)?;
    s.push_str("</figure>\n");
    let total: usize = r.incidents.iter().map(|i| i.verdicts.len()).sum();
    let targets: BTreeSet<&str> = r.verdicts().map(|(_, v)| &*v.target).collect();
    let classes: BTreeSet<&str> = r.incidents.iter().map(|i| i.class.as_str()).collect();
    let priorities: BTreeSet<&str> = r
        .incidents
        .iter()
        .filter_map(|i| i.priority.map(|p| p.as_str()))
        .collect();
    let months: BTreeSet<String> = r
        .incidents
        .iter()
        .map(|i| i.reported_at.format("%Y-%m").to_string())
        .collect();
    write!(
        s,
        "<h3 id=\"verdicts-title\" class=\"no-print\">Every verdict ({total})</h3>\
         <div class=\"controls screen-only\" role=\"search\" aria-label=\"Filter the verdicts\">\
         <label for=\"f-id\">Incident id</label><input type=\"search\" id=\"f-id\" autocomplete=\"off\" placeholder=\"e.g. INC-2025-0019\">"
    )?;
    options(
        s,
        "f-outcome",
        "Outcome",
        Outcome::ALL.iter().map(|o| o.as_str()),
    );
    options(s, "f-target", "Target", targets.into_iter());
    options(s, "f-class", "Class", classes.into_iter());
    options(s, "f-priority", "Priority", priorities.into_iter());
    options(
        s,
        "f-month",
        "Month reported",
        months.iter().map(String::as_str),
    );
    write!(
        s,
        "<button type=\"button\" id=\"f-reset\">Clear filters</button></div>\
         <p id=\"v-status\" class=\"screen-only\" role=\"status\" aria-live=\"polite\">{total} verdicts</p>\
         <div class=\"table-wrap screen-only\"><table id=\"verdicts\" data-total=\"{total}\" aria-labelledby=\"verdicts-title\">\
         <caption>Every target verdict; choose an incident to open its evidence</caption><thead><tr>\
         <th scope=\"col\">incident</th><th scope=\"col\">class</th><th scope=\"col\">priority</th><th scope=\"col\">target</th>\
         <th scope=\"col\">outcome</th><th scope=\"col\">clock · limit</th><th scope=\"col\">started</th><th scope=\"col\">deadline</th>\
         <th scope=\"col\">stopped</th><th scope=\"col\">used</th><th scope=\"col\">margin</th></tr></thead>\
         <tbody id=\"v-body\"></tbody></table></div>\
         <div class=\"pager screen-only\"><button type=\"button\" id=\"v-prev\">← previous</button> <span id=\"v-page\"></span> \
         <button type=\"button\" id=\"v-next\">next →</button></div>\
         <noscript><p>The verdict table is drawn by the page's script. Without it: the breached verdicts are listed below, \
         and the JSON report (<code>--format json</code>) holds every verdict with its evidence.</p></noscript>"
    )?;
    print_breaches(s, r)?;
    s.push_str("</section>\n");
    Ok(())
}

/// The breached verdicts, written on the server: what prints (the interactive table does not),
/// and what a reader without script sees.
fn print_breaches(s: &mut String, r: &Report) -> fmt::Result {
    let breached: Vec<_> = r
        .verdicts()
        .filter(|(_, v)| v.outcome == Outcome::Breached)
        .collect();
    write!(
        s,
        "<div class=\"print-block\"><table class=\"breaches\"><caption>Breached verdicts ({}), with their evidence</caption><thead><tr>\
         <th scope=\"col\">incident</th><th scope=\"col\">target (clause)</th><th scope=\"col\">clock · limit</th><th scope=\"col\">started</th>\
         <th scope=\"col\">deadline</th><th scope=\"col\">stopped</th><th scope=\"col\">used</th><th scope=\"col\">margin</th><th scope=\"col\">late (wall)</th></tr></thead><tbody>",
        breached.len()
    )?;
    for (i, v) in breached.iter().take(PRINT_ROWS) {
        write!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{} ({})</td><td>{} · {}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            Html(&i.id),
            Html(&v.target),
            Html(&v.clause),
            v.clock,
            Html(&v.limit.to_string()),
            at(&v.started_at),
            opt_at(v.deadline.as_ref(), "paused"),
            match (&v.stopped_at, v.stopped_by) {
                (Some(t), Some(by)) => format!("{by} {}", at(t)),
                _ => "—".to_owned(),
            },
            format_duration(v.used_seconds),
            format_duration(v.margin_seconds),
            v.late_wall_seconds
                .map_or_else(String::new, format_duration)
        )?;
    }
    s.push_str("</tbody></table>");
    if breached.len() > PRINT_ROWS {
        write!(
            s,
            "<p>The first {PRINT_ROWS} of {} breached verdicts are listed here; the JSON report holds every one.</p>",
            breached.len()
        )?;
    }
    s.push_str("</div>");
    Ok(())
}

fn write_notices(s: &mut String, r: &Report) -> fmt::Result {
    write!(
        s,
        "<section id=\"notices\"><h2>Notices ({})</h2><table><caption>Announced and performed changes: {}</caption><thead><tr>\
         <th scope=\"col\">change</th><th scope=\"col\">kind (clause)</th><th scope=\"col\">outcome</th><th scope=\"col\">noticed</th>\
         <th scope=\"col\">due by</th><th scope=\"col\">announced</th><th scope=\"col\">performed</th><th scope=\"col\">downtime</th>\
         <th scope=\"col\">why</th></tr></thead><tbody>",
        r.notices.len(),
        tally(&r.notice_tally)
    )?;
    for n in &r.notices {
        let [noticed, due_by, announced, performed, downtime] = plain::notice_cells(n);
        write!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            Html(&n.change),
            n.kind,
            Html(&n.clause),
            outcome(n.outcome),
            Html(&noticed),
            Html(&due_by),
            Html(&announced),
            Html(&performed),
            Html(&downtime),
            Html(&n.reasoning.join("; "))
        )?;
    }
    s.push_str("</tbody></table></section>\n");
    Ok(())
}

fn write_recurring(s: &mut String, r: &Report) -> fmt::Result {
    s.push_str("<section id=\"recurring\"><h2>Recurring obligations</h2>");
    if r.recurring.is_empty() {
        s.push_str("<p>The contract names none.</p></section>\n");
        return Ok(());
    }
    s.push_str(
        "<table><caption>Recurring obligations: the longest gap against the allowed one</caption><thead><tr>\
         <th scope=\"col\">obligation</th><th scope=\"col\">clause</th><th scope=\"col\">every</th><th scope=\"col\">outcome</th>\
         <th scope=\"col\">done</th><th scope=\"col\">longest gap</th><th scope=\"col\">gaps over</th><th scope=\"col\">next due</th></tr></thead><tbody>",
    );
    for o in &r.recurring {
        let gaps: Vec<String> = o.gaps_over.iter().map(span).collect();
        write!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{} days</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            o.obligation,
            Html(&o.clause),
            o.every_days,
            outcome(o.outcome),
            o.occurrences,
            format_duration(o.longest_gap_seconds),
            if gaps.is_empty() {
                Html(o.problem.as_deref().unwrap_or_default()).to_string()
            } else {
                gaps.join("; ")
            },
            opt_at(o.next_due.as_ref(), "—")
        )?;
    }
    s.push_str("</tbody></table></section>\n");
    Ok(())
}

fn write_penalties(s: &mut String, audit: &Audit) -> fmt::Result {
    s.push_str("<section id=\"penalties\"><h2>Penalties</h2>");
    let Some(st) = &audit.penalties else {
        s.push_str("<p>The contract has no penalty schedule.</p></section>\n");
        return Ok(());
    };
    write!(
        s,
        "<p class=\"big\">Total: <strong id=\"statement-total\">{} {}</strong></p>",
        st.money(st.total),
        Html(&st.currency)
    )?;
    if !st.notes.is_empty() {
        s.push_str("<ul class=\"notes\">");
        for n in &st.notes {
            write!(s, "<li>{}</li>", Html(n))?;
        }
        s.push_str("</ul>");
    }
    write!(
        s,
        "<table class=\"statement\"><caption>The statement ({}): lines in the order of application; they add up to the total</caption><thead><tr>\
         <th scope=\"col\">line</th><th scope=\"col\">kind</th><th scope=\"col\">clause</th><th scope=\"col\">about</th><th scope=\"col\">period</th>\
         <th scope=\"col\">quantity</th><th scope=\"col\">rate</th><th scope=\"col\">fixed</th><th scope=\"col\">amount</th><th scope=\"col\">basis</th></tr></thead><tbody>",
        Html(&st.currency)
    )?;
    for (n, l) in st.lines.iter().enumerate().take(PRINT_ROWS) {
        let about = [&l.incident, &l.target, &l.scope]
            .into_iter()
            .flatten()
            .map(|x| Html(x).to_string())
            .collect::<Vec<_>>()
            .join(" · ");
        let [quantity, rate, fixed] = plain::charge_cells(l);
        write!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{about}{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            n + 1,
            l.kind,
            Html(&l.clause),
            l.applies_to
                .map_or(String::new(), |k| format!(" (on line {k})")),
            Html(&l.period),
            quantity,
            rate,
            fixed,
            st.money(l.amount),
            Html(&l.basis)
        )?;
    }
    write!(
        s,
        "</tbody><tfoot><tr><th scope=\"row\" colspan=\"8\">total</th><td class=\"num\"><strong>{}</strong></td><td></td></tr></tfoot></table>",
        st.money(st.total)
    )?;
    if st.lines.len() > PRINT_ROWS {
        write!(
            s,
            "<p>The first {PRINT_ROWS} of {} lines are listed here; <code>--format csv</code> writes every line.</p>",
            st.lines.len()
        )?;
    }
    s.push_str("</section>\n");
    Ok(())
}

fn write_rejected(s: &mut String, r: &Report) -> fmt::Result {
    if r.rejected.total == 0 {
        return Ok(());
    }
    write!(
        s,
        "<section id=\"rejected\"><h2>Rejected input lines ({})</h2><ul>",
        r.rejected.total
    )?;
    for e in &r.rejected.lines {
        write!(s, "<li>{}</li>", Html(&e.to_string()))?;
    }
    for (kind, n) in &r.rejected.not_listed {
        write!(
            s,
            "<li>… and {n} more of kind <code>{}</code>, not listed</li>",
            Html(kind)
        )?;
    }
    s.push_str("</ul></section>\n");
    Ok(())
}
