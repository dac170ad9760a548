//! Quoting input in error messages: a short, escaped excerpt.
//!
//! An error message may reach a customer of a service that embeds the crate, or a terminal. So a
//! message quotes only the file being parsed, and only a bounded excerpt of it with every control
//! character escaped: an error can never carry a secret of some length or a terminal escape
//! sequence (`ESC [ 2 J`), whatever the input holds.

use std::fmt;

/// The most characters of input an excerpt shows; a longer text is cut and ends with `…`.
pub const MAX_EXCERPT_CHARS: usize = 60;

/// The most characters a whole error message shows (a message from a parser we do not own may
/// quote input in its own way: it is cut to this length and escaped, as a last guard).
pub const MAX_MESSAGE_CHARS: usize = 400;

/// Input quoted for a message: `"text"`, with control and invisible characters escaped as in
/// Rust's `escape_debug` (`\n`, `\u{1b}`, `\u{202e}`) and at most [`MAX_EXCERPT_CHARS`]
/// characters of it shown.
///
/// ```
/// use sla_engine::Excerpt;
/// assert_eq!(Excerpt("09:00-25:00").to_string(), "\"09:00-25:00\"");
/// assert_eq!(Excerpt("a\u{1b}[2Jb\n").to_string(), "\"a\\u{1b}[2Jb\\n\"");
/// assert_eq!(Excerpt(&"x".repeat(100)).to_string(), format!("\"{}…\"", "x".repeat(60)));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Excerpt<'a>(pub &'a str);

impl fmt::Display for Excerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        write_escaped(f, self.0, MAX_EXCERPT_CHARS)?;
        f.write_str("\"")
    }
}

/// Writes at most `limit` characters of `text`, escaped, and `…` if it was cut.
fn write_escaped(out: &mut impl fmt::Write, text: &str, limit: usize) -> fmt::Result {
    let mut chars = text.chars();
    for c in chars.by_ref().take(limit) {
        write!(out, "{}", c.escape_debug())?;
    }
    if chars.next().is_some() {
        out.write_str("…")?;
    }
    Ok(())
}

/// A whole message, as a last guard: control characters escaped (quotes and backslashes are
/// kept as they are, since the message quotes with them) and at most [`MAX_MESSAGE_CHARS`]
/// characters.
pub(crate) fn clean_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(MAX_MESSAGE_CHARS + 8));
    let mut chars = message.chars();
    for c in chars.by_ref().take(MAX_MESSAGE_CHARS) {
        if c.is_control() || is_invisible(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// Format characters that reorder or hide text on a terminal (bidirectional overrides and
/// isolates, zero-width characters, the byte-order mark).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_quoted_escaped_and_bounded() {
        assert_eq!(Excerpt("春节").to_string(), "\"春节\"");
        assert_eq!(Excerpt("a\u{202e}b").to_string(), "\"a\\u{202e}b\"");
        assert_eq!(Excerpt("say \"hi\"").to_string(), "\"say \\\"hi\\\"\"");
        let sixty = "é".repeat(60);
        assert_eq!(Excerpt(&sixty).to_string(), format!("\"{sixty}\""));
    }

    #[test]
    fn a_message_keeps_its_quotes_and_loses_its_escapes() {
        assert_eq!(
            clean_message("unknown field `\u{1b}[2J`"),
            "unknown field `\\u{1b}[2J`"
        );
        assert_eq!(clean_message("a \"b\""), "a \"b\"");
        let long = "y".repeat(1000);
        assert_eq!(clean_message(&long).chars().count(), MAX_MESSAGE_CHARS + 1);
    }
}
