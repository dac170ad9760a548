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
