//! The audit, and the dispute view, as one self-contained HTML page (feature `formats`): an
//! auditor opens it in a browser offline or attaches it to an e-mail.
//!
//! - **Self-contained.** CSS, script, charts and data are inline; the page's
//!   Content-Security-Policy allows no request at all (`default-src 'none'`) and only its own
//!   script (by its SHA-256), so neither a link nor an injected element could reach a network.
//! - **Charts are SVG written here** ([`charts`]): the error budget's burn-down per judged
//!   period, the monthly and quarterly availability against the target, the year's timeline.
//!   Their figures are the report's, digit for digit; they print without script; each has a
//!   title, a description and a table of its figures.
//! - **The verdict table is drawn on demand.** The verdicts are embedded once as compact JSON
//!   ([`data`]); the script renders one page of rows at a time, filters by outcome, target,
//!   class, priority and month, searches by incident id, and opens a verdict's evidence. A year
//!   of 100 000 incidents opens in seconds.
//! - **What prints:** the provenance, the summary, the charts, notices, recurring obligations,
//!   the statement, and a table of the breached verdicts with their evidence (written on the
//!   server); the interactive table and its controls do not.
//! - **Escaping:** every input string goes through [`Html`](super::Html); the embedded JSON
//!   through [`script_json`](super::script_json).

mod charts;
mod data;
mod dispute;
mod page;

use std::fmt::Write;

use sha2::{Digest, Sha256};

use crate::report::Outcome;

pub use dispute::dispute_to_html;
pub use page::to_html;

const STYLE: &str = include_str!("assets/report.css");

/// Rows a server-written table lists before it says how many more there are (the breached
/// verdicts, the statement's lines): enough for any real year, bounded for a synthetic one.
const PRINT_ROWS: usize = 2000;

/// An outcome as text with a symbol, never colour alone: `✓ met`, `✗ breached`.
fn outcome(o: Outcome) -> String {
    format!(
        "<span class=\"o o-{0}\">{1} {0}</span>",
        o.as_str(),
        symbol(o)
    )
}

/// The symbol the page and its script show beside an outcome.
fn symbol(o: Outcome) -> &'static str {
    match o {
        Outcome::Met => "✓",
        Outcome::Breached => "✗",
        Outcome::Pending => "◷",
        Outcome::Excluded => "⊘",
        Outcome::Exempt => "–",
        Outcome::Undetermined => "?",
        Outcome::Voided => "↷",
    }
}

/// Standard base64 (with padding), for the script's hash in the Content-Security-Policy.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sym = |n: u32| char::from(ABC.get((n & 63) as usize).copied().unwrap_or(b'A'));
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(sym(n >> 18));
        out.push(sym(n >> 12));
        out.push(if chunk.len() > 1 { sym(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { sym(n) } else { '=' });
    }
    out
}

/// The page around `body`: the document head with the policy, the title and the style, and the
/// script (if any) last.
fn shell(title: &str, body: &str, script: Option<&str>) -> String {
    let script_src = script.map_or_else(
        || "'none'".to_owned(),
        |js| format!("'sha256-{}'", base64(&Sha256::digest(js.as_bytes()))),
    );
    let mut s = String::with_capacity(body.len() + STYLE.len() + 16_384);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; \
         script-src {script_src}; img-src data:; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"sla-engine\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">Skip to the report</a>\n<div id=\"main\">\n",
        super::Html(title)
    );
    s.push_str(body);
    s.push_str("</div>\n");
    if let Some(js) = script {
        s.push_str("<script>");
        s.push_str(js);
        s.push_str("</script>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_rfc_4648_examples() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}
