//! The dispute view as a page: the money difference first, then the two readings, the terms that
//! differ, and every verdict that differs with its two sides next to each other. No script: a
//! dispute lists only what differs, and all of it prints.

use std::fmt::{self, Write};

use super::super::escape::Html;
use super::{outcome, shell};
use crate::dispute::{Dispute, OtherDifference, Reading, Side, TargetDifference};
use crate::format_duration;

/// Renders a dispute as one self-contained HTML page.
pub fn dispute_to_html(d: &Dispute) -> String {
    let mut body = String::new();
    let _ = write(&mut body, d);
    shell("Dispute view", &body, None)
}

fn reading(r: &Reading) -> String {
    format!(
        "contract <code>{}</code> from {}{}",
        Html(&r.contract),
        Html(&r.source),
        r.sha256.as_ref().map_or(String::new(), |h| format!(
            " · sha256 <code class=\"digest\">{}</code>",
            Html(h)
        ))
    )
}

fn side_cells(s: &mut String, x: Option<&Side>) -> fmt::Result {
    match x {
        None => s.push_str("<td colspan=\"4\" class=\"side\">not applicable</td>"),
        Some(x) => write!(
            s,
            "<td class=\"side\">{}</td><td>{} · {}</td><td>{}</td><td class=\"num\">{} / {}</td>",
            outcome(x.outcome),
            Html(&x.clock),
            Html(&x.limit),
            x.deadline.map_or("paused".to_owned(), |d| d.to_rfc3339()),
            format_duration(x.used_seconds),
            format_duration(x.margin_seconds)
        )?,
    }
    Ok(())
}

fn write(s: &mut String, d: &Dispute) -> fmt::Result {
    s.push_str("<header><h1>Dispute view</h1>");
    if let Some(m) = &d.money {
        write!(
            s,
            "<div class=\"cards\"><div class=\"card money\"><h2>B − A</h2><p class=\"big\" id=\"money-difference\">{} {c}</p></div>\
             <div class=\"card\"><h2>Penalties under A</h2><p class=\"big\">{} {c}</p></div>\
             <div class=\"card\"><h2>Penalties under B</h2><p class=\"big\">{} {c}</p></div></div>",
            m.b_minus_a,
            m.a,
            m.b,
            c = Html(&m.currency)
        )?;
    }
    write!(
        s,
        "<table class=\"provenance\"><caption>The two readings of the same events</caption><tbody>\
         <tr><th scope=\"row\">A</th><td>{}</td></tr><tr><th scope=\"row\">B</th><td>{}</td></tr>\
         <tr><th scope=\"row\">target breaches</th><td>A {} · B {}</td></tr></tbody></table></header>\n<main>",
        reading(&d.a),
        reading(&d.b),
        d.breaches.0,
        d.breaches.1
    )?;
    write!(
        s,
        "<section id=\"terms\"><h2>Terms that differ ({})</h2>",
        d.terms.len()
    )?;
    if !d.terms.is_empty() {
        s.push_str("<table><caption>Settings and contract figures that differ</caption><thead><tr><th scope=\"col\">term</th><th scope=\"col\">A</th><th scope=\"col\">B</th></tr></thead><tbody>");
        for t in &d.terms {
            write!(
                s,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                Html(&t.what),
                Html(&t.a),
                Html(&t.b)
            )?;
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("</section>\n");
    let same_outcome =
        |t: &&TargetDifference| t.a.as_ref().map(|x| x.outcome) == t.b.as_ref().map(|x| x.outcome);
    let (same, changed): (Vec<&TargetDifference>, Vec<&TargetDifference>) =
        d.targets.iter().partition(same_outcome);
    for (id, title, list) in [
        ("changed", "Target verdicts whose outcome differs", changed),
        (
            "figures",
            "Target verdicts with the same outcome and different figures",
            same,
        ),
    ] {
        write!(
            s,
            "<section id=\"{id}\"><h2>{title} ({})</h2><div class=\"table-wrap\"><table class=\"side-by-side\"><caption>{title}: A and B side by side</caption><thead>\
             <tr><th scope=\"col\" rowspan=\"2\">incident</th><th scope=\"col\" rowspan=\"2\">target</th>\
             <th scope=\"colgroup\" colspan=\"4\">A</th><th scope=\"colgroup\" colspan=\"4\">B</th></tr><tr>",
            list.len()
        )?;
        for _ in 0..2 {
            s.push_str("<th scope=\"col\">outcome</th><th scope=\"col\">clock · limit</th><th scope=\"col\">deadline</th><th scope=\"col\">used / margin</th>");
        }
        s.push_str("</tr></thead><tbody>");
        for t in list {
            write!(
                s,
                "<tr><th scope=\"row\">{}</th><td>{}</td>",
                Html(&t.incident),
                Html(&t.target)
            )?;
            side_cells(s, t.a.as_ref())?;
            side_cells(s, t.b.as_ref())?;
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table></div></section>\n");
    }
    others(s, "notices", "Notices", &d.notices)?;
    others(s, "availability", "Availability", &d.availability)?;
    s.push_str("</main>\n");
    Ok(())
}

fn others(s: &mut String, id: &str, title: &str, list: &[OtherDifference]) -> fmt::Result {
    write!(
        s,
        "<section id=\"{id}\"><h2>{title} that differ ({})</h2>",
        list.len()
    )?;
    if !list.is_empty() {
        write!(
            s,
            "<table class=\"side-by-side\"><caption>{title}: A and B side by side</caption><thead><tr><th scope=\"col\">what</th><th scope=\"col\">A</th><th scope=\"col\">B</th></tr></thead><tbody>"
        )?;
        for o in list {
            write!(
                s,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                Html(&o.what),
                Html(&o.a),
                Html(&o.b)
            )?;
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("</section>\n");
    Ok(())
}
