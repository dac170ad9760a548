//! The charts, drawn on the server as SVG: the error budget's burn-down, the monthly and
//! quarterly availability against the target, and the year's timeline. Every mark is a field of
//! the report (or a count or sum of fields); each chart has a `<title>`, a `<desc>` and, under it,
//! a table of the same figures for screen readers and for anyone who wants the numbers.

use std::fmt::{self, Write};

use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;

use super::super::escape::Html;
use crate::contract::PeriodKind;
use crate::format_duration;
use crate::report::{AvailabilityVerdict, ExcuseReason, Instant, Outcome, Report, Span};

/// Chart width in SVG units (the SVG scales to its container).
const W: f64 = 960.0;
/// Left margin, for the axis labels and the lane names.
const LEFT: f64 = 150.0;
const RIGHT: f64 = 20.0;

/// A linear scale from a domain to a range.
#[derive(Debug, Clone, Copy)]
struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    fn at(self, v: f64) -> f64 {
        if self.d1 == self.d0 {
            return self.r0;
        }
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

fn secs(t: &Instant) -> f64 {
    t.timestamp() as f64
}

/// The CSS class of an excuse reason's shading (a palette of eight, then repeated); the legend
/// and the lanes name the reason in words, so the colour is never the only carrier.
fn reason_class(i: usize) -> String {
    format!("ex{}", i % 8)
}

/// The chart's opening: an SVG with a title and a description, labelled by them.
fn open_svg(s: &mut String, id: &str, height: f64, title: &str, desc: &str) -> fmt::Result {
    write!(
        s,
        "<svg class=\"chart\" id=\"{id}\" viewBox=\"0 0 {W} {height}\" role=\"img\" \
         aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        Html(title),
        Html(desc)
    )
}

/// Month starts within a span, for the x axis: (instant, short month name).
fn month_ticks(from: &Instant, to: &Instant) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    let offset = *from.offset();
    for _ in 0..1300 {
        let Some(date) = NaiveDate::from_ymd_opt(y, m, 1) else {
            break;
        };
        let Some(t) = date
            .and_hms_opt(0, 0, 0)
            .and_then(|d| d.and_local_timezone(offset).single())
        else {
            break;
        };
        if t >= *to {
            break;
        }
        if t >= *from {
            out.push((secs(&t), date.format("%b").to_string()));
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    // Too many months for a readable axis: keep the year starts.
    if out.len() > 24 {
        out.retain(|(_, name)| name == "Jan");
    }
    out
}

fn x_axis(s: &mut String, x: Scale, y: f64, from: &Instant, to: &Instant) -> fmt::Result {
    write!(
        s,
        "<line class=\"axis\" x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>",
        x.r0, x.r1
    )?;
    let ticks = month_ticks(from, to);
    let many = ticks.len() > 24;
    for (t, name) in ticks {
        let px = x.at(t);
        write!(
            s,
            "<line class=\"tick\" x1=\"{px:.1}\" y1=\"{y:.1}\" x2=\"{px:.1}\" y2=\"{:.1}\"/>\
             <text class=\"label\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            y + 5.0,
            px + 2.0,
            y + 16.0,
            if many { "Jan" } else { name.as_str() }
        )?;
    }
    Ok(())
}

/// The burn-down of one judged verdict: the budget left against time (a step path that falls by
/// each counted downtime interval), the target line (budget spent), and the excused intervals
/// shaded by reason, with a lane per reason under the plot.
pub(super) fn burn_down(s: &mut String, id: &str, a: &AvailabilityVerdict) -> fmt::Result {
    let lanes = a.excused.len() as f64;
    let plot_top = 24.0;
    let plot_bottom = 224.0;
    let lane_h = 16.0;
    let axis_y = plot_bottom + 8.0 + lanes * lane_h;
    let height = axis_y + 26.0;
    let end = a.as_of.unwrap_or(a.to);
    let x = Scale {
        d0: secs(&a.from),
        d1: secs(&a.to),
        r0: LEFT,
        r1: W - RIGHT,
    };
    let budget = a.budget_seconds as f64;
    let low = (a.budget_left_seconds.min(0) as f64).min(0.0);
    let y = Scale {
        d0: low,
        d1: budget.max(1.0),
        r0: plot_bottom,
        r1: plot_top,
    };
    let title = format!(
        "Error budget of {} {}: {} left of {}",
        a.scope,
        a.label,
        format_duration(a.budget_left_seconds),
        format_duration(a.budget_seconds)
    );
    let excused: Vec<String> = a
        .excused
        .iter()
        .map(|e| format!("{} {}", e.reason, format_duration(e.seconds)))
        .collect();
    let desc = format!(
        "Budget left over time, from {} (the downtime {} % allows over {} to {}) down to {}: \
         {} downtime intervals counted, {} in all; the budget is spent where the line reaches \
         the target line. Excused, not counted: {}.",
        format_duration(a.budget_seconds),
        a.target_percent,
        a.from.to_rfc3339(),
        a.to.to_rfc3339(),
        format_duration(a.budget_left_seconds),
        a.downtime.len(),
        format_duration(a.downtime_seconds),
        if excused.is_empty() {
            "nothing".to_owned()
        } else {
            excused.join(", ")
        }
    );
    open_svg(s, id, height, &title, &desc)?;
    // Excused time shaded in the plot, then one labelled lane per reason.
    for (k, e) in a.excused.iter().enumerate() {
        let class = reason_class(k);
        let lane_y = plot_bottom + 8.0 + k as f64 * lane_h;
        write!(
            s,
            "<text class=\"label lane\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            LEFT - 6.0,
            lane_y + 11.0,
            Html(e.reason.as_str())
        )?;
        for span in &e.intervals {
            let (x0, x1) = (x.at(secs(&span.from)), x.at(secs(&span.to)));
            let w = (x1 - x0).max(1.5);
            let tip = format!(
                "excused ({}): {} to {} ({})",
                e.reason,
                span.from.to_rfc3339(),
                span.to.to_rfc3339(),
                format_duration(span.seconds())
            );
            write!(
                s,
                "<rect class=\"{class} shade\" x=\"{x0:.1}\" y=\"{plot_top:.1}\" width=\"{w:.1}\" height=\"{:.1}\"><title>{}</title></rect>\
                 <rect class=\"{class}\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\"><title>{}</title></rect>",
                plot_bottom - plot_top,
                Html(&tip),
                lane_y + 2.0,
                lane_h - 4.0,
                Html(&tip)
            )?;
        }
    }
    // The y axis: the budget, half of it, and zero (the target line).
    for (v, name) in [
        (budget, format_duration(a.budget_seconds)),
        (budget / 2.0, format_duration(a.budget_seconds / 2)),
    ] {
        let py = y.at(v);
        write!(
            s,
            "<line class=\"grid\" x1=\"{LEFT:.1}\" y1=\"{py:.1}\" x2=\"{:.1}\" y2=\"{py:.1}\"/>\
             <text class=\"label lane\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            W - RIGHT,
            LEFT - 6.0,
            py + 4.0,
            name
        )?;
    }
    let zero = y.at(0.0);
    write!(
        s,
        "<line class=\"target\" x1=\"{LEFT:.1}\" y1=\"{zero:.1}\" x2=\"{:.1}\" y2=\"{zero:.1}\"/>\
         <text class=\"label lane\" x=\"{:.1}\" y=\"{:.1}\">0 (target {} %)</text>",
        W - RIGHT,
        LEFT - 6.0,
        zero + 4.0,
        a.target_percent
    )?;
    // The budget left: flat between intervals, falling through each.
    let mut spans: Vec<&Span> = a.downtime.iter().collect();
    spans.sort();
    let mut left = a.budget_seconds;
    let mut d = format!("M{:.1} {:.1}", x.at(secs(&a.from)), y.at(left as f64));
    for span in spans {
        let _ = write!(d, "L{:.1} {:.1}", x.at(secs(&span.from)), y.at(left as f64));
        left -= span.seconds();
        let _ = write!(d, "L{:.1} {:.1}", x.at(secs(&span.to)), y.at(left as f64));
    }
    let _ = write!(d, "L{:.1} {:.1}", x.at(secs(&end)), y.at(left as f64));
    write!(
        s,
        "<path class=\"burn\" d=\"{d}\"/><text class=\"label end\" x=\"{:.1}\" y=\"{:.1}\">{} left</text>",
        (x.at(secs(&end)) - 4.0).max(LEFT),
        (y.at(left as f64) - 12.0).max(plot_top + 10.0),
        // The report's own figure; the path above only draws it.
        format_duration(a.budget_left_seconds)
    )?;
    x_axis(s, x, axis_y, &a.from, &a.to)?;
    s.write_str("</svg>")
}

/// The availability of one scope per period of `kind`, as bars against the target line; a bar
/// below the target carries a ✗ under its figure.
pub(super) fn bars(
    s: &mut String,
    id: &str,
    scope: &str,
    kind: PeriodKind,
    list: &[&AvailabilityVerdict],
) -> fmt::Result {
    let Some(first) = list.first() else {
        return Ok(());
    };
    let target = first.target_percent.to_f64().unwrap_or(100.0);
    let values: Vec<Option<f64>> = list
        .iter()
        .map(|a| a.availability_percent.and_then(|p| p.to_f64()))
        .collect();
    let lowest = values
        .iter()
        .flatten()
        .copied()
        .fold(target, f64::min)
        .min(target);
    let floor = (lowest - (100.0 - lowest) * 0.25 - 0.05).max(0.0);
    let (top, bottom) = (30.0, 190.0);
    let height = 220.0;
    let y = Scale {
        d0: floor,
        d1: 100.0,
        r0: bottom,
        r1: top,
    };
    let n = list.len() as f64;
    let slot = (W - LEFT - RIGHT) / n;
    let bar_w = (slot * 0.6).min(60.0);
    let below: Vec<&str> = list
        .iter()
        // The engine's verdict, which reads the boundary setting (Q10): never decided again here.
        .filter(|a| a.period_seconds > 0 && a.outcome == Outcome::Breached)
        .map(|a| a.label.as_str())
        .collect();
    let title = format!("Availability of {scope} by {kind} against the target");
    let desc = format!(
        "{} {}s, target {} %; target not kept: {}.",
        list.len(),
        kind,
        first.target_percent,
        if below.is_empty() {
            "none".to_owned()
        } else {
            below.join(", ")
        }
    );
    open_svg(s, id, height, &title, &desc)?;
    write!(
        s,
        "<text class=\"label lane\" x=\"{:.1}\" y=\"{:.1}\">100 %</text>\
         <text class=\"label lane\" x=\"{:.1}\" y=\"{:.1}\">{floor:.2} %</text>\
         <line class=\"axis\" x1=\"{LEFT:.1}\" y1=\"{bottom:.1}\" x2=\"{:.1}\" y2=\"{bottom:.1}\"/>",
        LEFT - 6.0,
        top + 4.0,
        LEFT - 6.0,
        bottom + 4.0,
        W - RIGHT
    )?;
    for (k, (a, v)) in list.iter().zip(&values).enumerate() {
        let cx = LEFT + slot * (k as f64 + 0.5);
        let short = a.label.rsplit('-').next().unwrap_or(&a.label);
        write!(
            s,
            "<text class=\"label mid\" x=\"{cx:.1}\" y=\"{:.1}\">{}</text>",
            bottom + 16.0,
            Html(short)
        )?;
        let Some(v) = v else {
            write!(
                s,
                "<text class=\"label mid\" x=\"{cx:.1}\" y=\"{:.1}\">n/a</text>",
                bottom - 4.0
            )?;
            continue;
        };
        let is_below = a.outcome == Outcome::Breached;
        let py = y.at(*v);
        let figure = a
            .availability_percent
            .map_or_else(String::new, |p| p.to_string());
        write!(
            s,
            "<rect class=\"bar{}\" x=\"{:.1}\" y=\"{py:.1}\" width=\"{bar_w:.1}\" height=\"{:.1}\">\
             <title>{} {}: {} % ({}), {} down</title></rect>\
             <text class=\"label mid\" x=\"{cx:.1}\" y=\"{:.1}\">{}{}</text>",
            if is_below { " below" } else { "" },
            cx - bar_w / 2.0,
            (bottom - py).max(0.5),
            Html(scope),
            Html(&a.label),
            figure,
            if is_below {
                "target not kept"
            } else {
                "target kept"
            },
            format_duration(a.downtime_seconds),
            (py - 4.0).max(12.0),
            if is_below { "✗ " } else { "" },
            figure
        )?;
    }
    let ty = y.at(target);
    write!(
        s,
        "<line class=\"target\" x1=\"{LEFT:.1}\" y1=\"{ty:.1}\" x2=\"{:.1}\" y2=\"{ty:.1}\"/>\
         <text class=\"label lane\" x=\"{:.1}\" y=\"{:.1}\">target {} %</text>",
        W - RIGHT,
        LEFT - 6.0,
        ty + 4.0,
        first.target_percent
    )?;
    s.write_str("</svg>")
}

/// The span the timeline covers: the judged periods, or else the first report to the
/// evaluation instant.
pub(super) fn timeline_span(r: &Report) -> Option<(Instant, Instant)> {
    let judged = r.availability.iter().filter(|a| a.judged);
    let from = judged.clone().map(|a| a.from).min();
    let to = judged.map(|a| a.to).max();
    match (from, to) {
        (Some(f), Some(t)) => Some((f, t)),
        _ => {
            let first = r.incidents.iter().map(|i| i.reported_at).min()?;
            (first < r.as_of).then_some((first, r.as_of))
        }
    }
}

/// What the timeline counts per bucket, and the intervals it draws.
struct Lanes {
    buckets: usize,
    bucket_seconds: i64,
    reports: Vec<u32>,
    breaches: Vec<u32>,
    counted: Vec<Span>,
    excused: Vec<(ExcuseReason, Span)>,
    maintenance: Vec<(String, Span)>,
}

fn lanes(r: &Report, from: &Instant, to: &Instant) -> Lanes {
    let total = (to.timestamp() - from.timestamp()).max(1);
    // A day a bucket, or wider when the span is longer than about 400 days.
    let bucket_seconds = (86_400_i64).max((total + 399) / 400);
    let buckets = usize::try_from((total + bucket_seconds - 1) / bucket_seconds).unwrap_or(1);
    let bucket = |t: &Instant| -> Option<usize> {
        let d = t.timestamp() - from.timestamp();
        (d >= 0 && d < total)
            .then(|| usize::try_from(d / bucket_seconds).ok())
            .flatten()
    };
    let mut reports = vec![0_u32; buckets];
    let mut breaches = vec![0_u32; buckets];
    for i in &r.incidents {
        if let Some(n) = bucket(&i.reported_at).and_then(|b| reports.get_mut(b)) {
            *n += 1;
        }
        for v in i.verdicts.iter().filter(|v| v.outcome == Outcome::Breached) {
            let when = v.deadline.unwrap_or(v.started_at);
            if let Some(n) = bucket(&when).and_then(|b| breaches.get_mut(b)) {
                *n += 1;
            }
        }
    }
    // Outages as the platform (or the first judged scope) counts them.
    let judged: Vec<&AvailabilityVerdict> = r.availability.iter().filter(|a| a.judged).collect();
    let main_scope = judged
        .iter()
        .find(|a| a.scope == "platform")
        .or_else(|| judged.first())
        .map(|a| a.scope.clone());
    let mut counted = Vec::new();
    let mut excused = Vec::new();
    for a in judged
        .iter()
        .filter(|a| Some(&a.scope) == main_scope.as_ref())
    {
        counted.extend(a.downtime.iter().copied());
        for e in &a.excused {
            excused.extend(e.intervals.iter().map(|s| (e.reason, *s)));
        }
    }
    let maintenance = r
        .notices
        .iter()
        .map(|n| (n.change.clone(), n.performed.unwrap_or(n.window)))
        .filter(|(_, s)| s.to > *from && s.from < *to)
        .collect();
    Lanes {
        buckets,
        bucket_seconds,
        reports,
        breaches,
        counted,
        excused,
        maintenance,
    }
}

/// The year on one axis: incidents reported and target breaches per day (bars, at the
/// deadline that was missed), the downtime counted, the time excused and the maintenance windows.
pub(super) fn timeline(s: &mut String, id: &str, r: &Report) -> fmt::Result {
    let Some((from, to)) = timeline_span(r) else {
        return Ok(());
    };
    let l = lanes(r, &from, &to);
    let x = Scale {
        d0: secs(&from),
        d1: secs(&to),
        r0: LEFT,
        r1: W - RIGHT,
    };
    let lane_h = 44.0;
    let names = [
        "reports",
        "breaches",
        "downtime counted",
        "excused",
        "maintenance",
    ];
    let height = 10.0 + lane_h * names.len() as f64 + 26.0;
    let unit = if l.bucket_seconds == 86_400 {
        "day".to_owned()
    } else {
        format!("{} days", l.bucket_seconds / 86_400)
    };
    let sum = |v: &[Span]| v.iter().map(Span::seconds).sum::<i64>();
    let reports: u32 = l.reports.iter().sum();
    let breaches: u32 = l.breaches.iter().sum();
    let title = format!("The period {} to {}", from.date_naive(), to.date_naive());
    let desc = format!(
        "{reports} incidents reported and {breaches} target breaches (bars per {unit}, a breach at \
         its deadline); {} downtime intervals counted ({}); {} excused intervals ({}); {} \
         maintenance windows.",
        l.counted.len(),
        format_duration(sum(&l.counted)),
        l.excused.len(),
        format_duration(l.excused.iter().map(|(_, s)| s.seconds()).sum()),
        l.maintenance.len()
    );
    open_svg(s, id, height, &title, &desc)?;
    let bucket_w = (x.r1 - x.r0) / l.buckets as f64;
    for (k, name) in names.iter().enumerate() {
        let top = 10.0 + k as f64 * lane_h;
        write!(
            s,
            "<text class=\"label lane\" x=\"{:.1}\" y=\"{:.1}\">{name}</text>\
             <line class=\"grid\" x1=\"{LEFT:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
            LEFT - 6.0,
            top + lane_h / 2.0 + 4.0,
            top + lane_h - 2.0,
            W - RIGHT,
            top + lane_h - 2.0
        )?;
        let bars = match k {
            0 => Some((&l.reports, "reported")),
            1 => Some((&l.breaches, "breached")),
            _ => None,
        };
        if let Some((counts, class)) = bars {
            let max = counts.iter().copied().max().unwrap_or(0).max(1);
            write!(
                s,
                "<text class=\"label small\" x=\"{:.1}\" y=\"{:.1}\">max {max}/{unit}</text>",
                W - RIGHT,
                top + 8.0
            )?;
            for (b, &n) in counts.iter().enumerate() {
                if n == 0 {
                    continue;
                }
                let h = (lane_h - 6.0) * f64::from(n) / f64::from(max);
                write!(
                    s,
                    "<rect class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"/>",
                    LEFT + b as f64 * bucket_w,
                    top + lane_h - 2.0 - h,
                    (bucket_w - 0.3).max(0.6)
                )?;
            }
            continue;
        }
        let items: Vec<(String, &Span, &str)> = match k {
            2 => l
                .counted
                .iter()
                .map(|sp| ("downtime counted".to_owned(), sp, "down"))
                .collect(),
            3 => l
                .excused
                .iter()
                .map(|(reason, sp)| (format!("excused ({reason})"), sp, "excused"))
                .collect(),
            _ => l
                .maintenance
                .iter()
                .map(|(change, sp)| (format!("maintenance {change}"), sp, "maint"))
                .collect(),
        };
        for (what, sp, class) in items {
            let (x0, x1) = (x.at(secs(&sp.from).max(x.d0)), x.at(secs(&sp.to).min(x.d1)));
            let tip = format!(
                "{what}: {} to {} ({})",
                sp.from.to_rfc3339(),
                sp.to.to_rfc3339(),
                format_duration(sp.seconds())
            );
            write!(
                s,
                "<rect class=\"{class}\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{}</title></rect>",
                top + 6.0,
                (x1 - x0).max(1.5),
                lane_h - 12.0,
                Html(&tip)
            )?;
        }
    }
    x_axis(s, x, height - 26.0, &from, &to)?;
    s.write_str("</svg>")
}
