//! The dispute view as Markdown: the two readings named, what differs in their terms, the
//! money, then every verdict that differs, side by side.

use std::fmt::{self, Write};

use super::escape::Md;
use crate::dispute::{Dispute, OtherDifference, Reading, Side, TargetDifference};
use crate::format_duration;

/// Renders a dispute as Markdown.
pub fn dispute_to_markdown(d: &Dispute) -> String {
    let mut s = String::new();
    let _ = write(&mut s, d);
    s
}

fn reading(r: &Reading) -> String {
    format!(
        "contract `{}` from {}{}",
        Md(&r.contract),
        Md(&r.source),
        r.sha256
            .as_ref()
            .map_or(String::new(), |h| format!(" (sha256 `{h}`)"))
    )
}

fn write(s: &mut String, d: &Dispute) -> fmt::Result {
    writeln!(s, "# Dispute view")?;
    writeln!(s)?;
    writeln!(s, "- A: {}", reading(&d.a))?;
    writeln!(s, "- B: {}", reading(&d.b))?;
    if let Some(m) = &d.money {
        writeln!(
            s,
            "- penalties: A {} {c} · B {} {c} · B − A {} {c}",
            m.a,
            m.b,
            m.b_minus_a,
            c = Md(&m.currency)
        )?;
    }
    writeln!(
        s,
        "- target breaches: A {} · B {}",
        d.breaches.0, d.breaches.1
    )?;
    writeln!(s)?;
    writeln!(s, "## Terms that differ ({})", d.terms.len())?;
    writeln!(s)?;
    if !d.terms.is_empty() {
        writeln!(s, "| term | A | B |")?;
        writeln!(s, "|---|---|---|")?;
        for t in &d.terms {
            writeln!(s, "| {} | {} | {} |", Md(&t.what), Md(&t.a), Md(&t.b))?;
        }
        writeln!(s)?;
    }
    let side = |x: &Option<Side>| match x {
        None => "not applicable".to_owned(),
        Some(x) => format!(
            "{} · {} {} · deadline {} · used {} · margin {}",
            x.outcome,
            Md(&x.clock),
            Md(&x.limit),
            x.deadline.map_or("paused".to_owned(), |d| d.to_rfc3339()),
            format_duration(x.used_seconds),
            format_duration(x.margin_seconds)
        ),
    };
    let outcome = |x: &Option<Side>| x.as_ref().map(|x| x.outcome);
    let (changed, same): (Vec<&TargetDifference>, Vec<&TargetDifference>) = d
        .targets
        .iter()
        .partition(|t| outcome(&t.a) != outcome(&t.b));
    for (title, list) in [
        ("Target verdicts whose outcome differs", changed),
        (
            "Target verdicts with the same outcome and different figures",
            same,
        ),
    ] {
        writeln!(s, "## {title} ({})", list.len())?;
        writeln!(s)?;
        writeln!(s, "| incident | target | A | B |")?;
        writeln!(s, "|---|---|---|---|")?;
        for t in list {
            writeln!(
                s,
                "| {} | {} | {} | {} |",
                Md(&t.incident),
                Md(&t.target),
                side(&t.a),
                side(&t.b)
            )?;
        }
        writeln!(s)?;
    }
    let others = |s: &mut String, title: &str, list: &[OtherDifference]| -> fmt::Result {
        writeln!(s, "## {title} that differ ({})", list.len())?;
        writeln!(s)?;
        writeln!(s, "| what | A | B |")?;
        writeln!(s, "|---|---|---|")?;
        for o in list {
            writeln!(s, "| {} | {} | {} |", Md(&o.what), Md(&o.a), Md(&o.b))?;
        }
        writeln!(s)
    };
    others(s, "Notices", &d.notices)?;
    others(s, "Availability", &d.availability)
}
