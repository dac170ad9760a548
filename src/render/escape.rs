//! Escaping what an input wrote, for the formats people open: Markdown here, HTML beside it.

use std::fmt;

/// Text from an input, escaped for Markdown: the characters that could start a table cell, a
/// heading, emphasis, code, a link or HTML are backslash-escaped, and line breaks and other
/// control characters become visible escapes, so that an incident id such as
/// `"A|B\n## Penalties"` stays one cell of one row.
///
/// ```
/// use sla_engine::render::Md;
/// assert_eq!(Md("A|B\n## Penalties").to_string(), "A\\|B\\u{a}\\#\\# Penalties");
/// assert_eq!(Md("INC-2025-0001").to_string(), "INC-2025-0001");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Md<'a>(pub &'a str);

impl fmt::Display for Md<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '~' => {
                    write!(f, "\\{c}")?;
                }
                c if c.is_control() => write!(f, "{}", c.escape_unicode())?,
                c => write!(f, "{c}")?,
            }
        }
        Ok(())
    }
}

/// Text from an input, escaped for HTML text and attribute values (quoted with `"` or `'`):
/// `& < > " '` become character references, and line breaks and other control characters become
/// visible escapes as in [`Md`] (U+2028 and U+2029 too), so that an incident id stays one cell
/// and can open no element.
///
/// ```
/// use sla_engine::render::Html;
/// assert_eq!(
///     Html("</script><script>alert(1)</script>").to_string(),
///     "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
/// );
/// assert_eq!(Html("a\"b'c&d\ne").to_string(), "a&quot;b&#39;c&amp;d\\u{a}e");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Html<'a>(pub &'a str);

impl fmt::Display for Html<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                    write!(f, "{}", c.escape_unicode())?;
                }
                c => write!(f, "{c}")?,
            }
        }
        Ok(())
    }
}

/// JSON text made safe to embed in an HTML `<script>` element: `<`, `>` and `&` (which could
/// close the element or open a comment) and U+2028 and U+2029 (line terminators to older
/// JavaScript) become `\uXXXX` escapes. They can only occur inside JSON strings, where the escape
/// means the same character, so the text still parses to the same value.
///
/// ```
/// use sla_engine::render::script_json;
/// let json = "[\"</script><script>alert(1)</script>\",\"a&b\",\"\u{2028}\"]";
/// let safe = script_json(json);
/// assert_eq!(
///     safe,
///     r#"["\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e","a\u0026b","\u2028"]"#
/// );
/// assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
/// ```
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}
