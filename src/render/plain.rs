//! Report values as plain text, the same in every renderer (each escapes them for its format):
//! instants, spans, and the cells of a statement line.

use crate::penalty::Line;
use crate::report::{Instant, NoticeVerdict, Span};

/// An instant as RFC 3339, in the zone the report writes it in.
pub(super) fn at(t: &Instant) -> String {
    t.to_rfc3339()
}

/// An instant, or `none`.
pub(super) fn opt_at(t: Option<&Instant>, none: &str) -> String {
    t.map_or_else(|| none.to_owned(), at)
}

/// `from → to`.
pub(super) fn span(s: &Span) -> String {
    format!("{} → {}", at(&s.from), at(&s.to))
}

/// A statement line's quantity, rate and fixed part (empty where it has none).
pub(super) fn charge_cells(l: &Line) -> [String; 3] {
    [
        match (l.quantity, l.unit) {
            (Some(q), Some(u)) => format!("{q} {u}"),
            _ => String::new(),
        },
        l.rate.map_or(String::new(), |d| d.to_string()),
        l.fixed.map_or(String::new(), |d| d.to_string()),
    ]
}

/// A notice verdict's noticed, due by, announced, performed and downtime cells.
pub(super) fn notice_cells(n: &NoticeVerdict) -> [String; 5] {
    [
        opt_at(n.noticed_at.as_ref(), "—"),
        opt_at(n.notice_due_by.as_ref(), "—"),
        n.announced_window.as_ref().map_or("—".to_owned(), span),
        n.performed
            .as_ref()
            .map_or("not performed".to_owned(), span),
        match (&n.performed, n.downtime_excused) {
            (None, _) => "—".to_owned(),
            (Some(_), true) => "excused".to_owned(),
            (Some(_), false) => format!(
                "counts: {}",
                n.downtime_counts_because.as_deref().unwrap_or("—")
            ),
        },
    ]
}
