//! The penalty statement as CSV for a spreadsheet or `pandas.read_csv` (feature `formats`).
//!
//! One row per line, with the columns a pivot needs: `line`, `kind` (the group: `breach`,
//! `availability`, `cap`, `stacking`, `rounding`, `minimum`, and the final `total`), `rule` (the
//! exact kind: `charge_cap`, `incident_cap`, ...), `clause`, `incident`, `target`, `scope`,
//! `period`, `quantity`, `unit`, `rate`, `fixed`, `amount`, `currency`, `applies_to` (the line a
//! cap or rounding applies to) and `basis`. On every charge row `fixed + rate × quantity =
//! amount`; amounts are exact decimal text at the schedule's scale, never floats. What produced
//! the statement, and its notes, come first as `#` comment lines, which `read_csv(...,
//! comment="#")` skips (every field is quoted, so a `#` inside one is data).

use crate::penalty::Statement;
use crate::report::Report;

/// The statement as CSV; with `report`, its provenance leads as comment lines.
///
/// # Errors
/// Only if writing to memory fails.
pub fn statement_csv(st: &Statement, report: Option<&Report>) -> Result<String, csv::Error> {
    let mut text = String::new();
    if let Some(r) = report {
        for line in provenance_lines(r) {
            text.push_str("# ");
            text.push_str(&one_line(&line));
            text.push('\n');
        }
    }
    for n in &st.notes {
        text.push_str("# note: ");
        text.push_str(&one_line(n));
        text.push('\n');
    }
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    w.write_record([
        "line",
        "kind",
        "rule",
        "clause",
        "incident",
        "target",
        "scope",
        "period",
        "quantity",
        "unit",
        "rate",
        "fixed",
        "amount",
        "currency",
        "applies_to",
        "basis",
    ])?;
    let opt = |d: Option<rust_decimal::Decimal>| d.map_or(String::new(), |d| d.to_string());
    for (i, l) in st.lines.iter().enumerate() {
        w.write_record([
            (i + 1).to_string().as_str(),
            l.kind.group(),
            l.kind.as_str(),
            &l.clause,
            l.incident.as_deref().unwrap_or_default(),
            l.target.as_deref().unwrap_or_default(),
            l.scope.as_deref().unwrap_or_default(),
            &l.period,
            &opt(l.quantity),
            l.unit.map_or("", |u| u.as_str()),
            &opt(l.rate),
            &opt(l.fixed),
            &st.money(l.amount),
            &st.currency,
            &l.applies_to.map_or(String::new(), |n| n.to_string()),
            &l.basis,
        ])?;
    }
    let label = if st.illustrative {
        "total (illustrative schedule)"
    } else {
        "total"
    };
    w.write_record([
        "",
        "total",
        "total",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        &st.money(st.total),
        &st.currency,
        "",
        label,
    ])?;
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    text.push_str(&String::from_utf8_lossy(&bytes));
    Ok(text)
}

/// A comment line cannot hold a line break.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn provenance_lines(r: &Report) -> Vec<String> {
    let p = &r.provenance;
    let mut out = vec![
        format!("penalty statement · {} · IANA tzdb {}", p.engine, p.tzdb),
        format!(
            "contract: {} from {}{}",
            p.contract.name,
            p.contract.source,
            p.contract
                .sha256
                .as_ref()
                .map_or(String::new(), |d| format!(" · sha256 {d}"))
        ),
    ];
    for e in &p.events {
        out.push(format!(
            "events: {} ({}, {} bytes, {} records) · sha256 {}",
            e.name, e.format, e.bytes, e.records, e.sha256
        ));
    }
    out.push(format!(
        "events accepted {} · rejected {} · not applied (after the evaluation instant) {}",
        r.events_accepted,
        r.rejected.total,
        r.not_applied.events()
    ));
    out.push(format!(
        "calendar: {} · {} · {}{}",
        p.calendar.name,
        p.calendar.zone,
        p.calendar.hours,
        p.calendar
            .years
            .as_ref()
            .map_or(String::new(), |y| format!(" · day data {y}"))
    ));
    out.push(format!("settings: {}", p.settings));
    out.push(format!(
        "as of: {} ({}){}",
        p.as_of.to_rfc3339(),
        p.as_of_from,
        p.years
            .as_ref()
            .map_or(String::new(), |y| format!(" · years {y}"))
    ));
    out
}
