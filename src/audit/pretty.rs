//! The audit's JSON layout: serde_json's pretty layout (two spaces a level), byte for byte,
//! written with fewer calls, and from any depth.
//!
//! serde_json writes a pretty line's indentation two spaces at a time, one call each: a verdict's
//! field, five levels deep in the audit, costs a line break and five calls before its key. A
//! year of a million incidents is two gigabytes of such lines, and those small copies were the
//! largest single cost of writing it. Here a line break and its indentation are one slice of one
//! constant. Starting at a given depth lets an incident be written where it sits in the audit,
//! alone, on the core that judged it.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

/// The deepest level whose line break is one slice of [`BREAKS`]; deeper lines (none in an
/// audit) are indented a level at a time.
const DEEPEST: usize = 32;

/// `,` then a line break then `DEEPEST` levels of indentation: every line break with or without
/// its comma, at any level up to `DEEPEST`, is a slice of it.
const BREAKS: [u8; 2 + 2 * DEEPEST] = {
    let mut b = [b' '; 2 + 2 * DEEPEST];
    b[0] = b',';
    b[1] = b'\n';
    b
};

/// Writes `value` as serde_json's `to_writer_pretty` would had it been nested `level` levels deep:
/// its own lines indented by `level` more levels, its first line not indented.
pub(crate) fn write<W: io::Write, T: Serialize + ?Sized>(
    out: W,
    value: &T,
    level: usize,
) -> serde_json::Result<()> {
    let mut serializer = Serializer::with_formatter(
        out,
        Pretty {
            level,
            has_value: false,
        },
    );
    value.serialize(&mut serializer)
}

/// The layout of serde_json's `PrettyFormatter` with two spaces, at `level` levels in.
struct Pretty {
    level: usize,
    /// Whether the array or object being closed had an element (closed on a line of its own).
    has_value: bool,
}

impl Pretty {
    /// Opens an array or an object: its elements are a level further in.
    fn open<W: ?Sized + io::Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    /// Closes an array or an object, on a line of its own if it had an element.
    fn close<W: ?Sized + io::Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            self.line(out, false)?;
        }
        out.write_all(bracket)
    }

    /// A line break (after a comma if `comma`) and the indentation of the current level.
    fn line<W: ?Sized + io::Write>(&self, out: &mut W, comma: bool) -> io::Result<()> {
        let from = usize::from(!comma);
        match BREAKS.get(from..2 + 2 * self.level) {
            Some(slice) => out.write_all(slice),
            None => {
                out.write_all(BREAKS.get(from..2).unwrap_or(b"\n"))?;
                (0..self.level).try_for_each(|_| out.write_all(b"  "))
            }
        }
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(out, !first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(out, !first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    fn written(value: &Value, level: usize) -> String {
        let mut out = Vec::new();
        write(&mut out, value, level).ok();
        String::from_utf8(out).unwrap_or_default()
    }

    /// Any JSON value: scalars, and arrays and objects (empty ones too) nested a few levels.
    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-z\"\\\\\n ]{0,6}".prop_map(Value::from),
        ];
        leaf.prop_recursive(6, 64, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map("[a-z]{1,4}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// At level 0 it is serde_json's own pretty layout, byte for byte.
        #[test]
        fn it_is_serde_jsons_pretty_layout(value in any_value()) {
            prop_assert_eq!(written(&value, 0), serde_json::to_string_pretty(&value).unwrap_or_default());
        }

        /// At a level, it is the value as it reads nested that deep in serde_json's layout
        /// (beyond the deepest single-slice level too).
        #[test]
        fn at_a_level_it_is_the_value_nested_that_deep(value in any_value(), level in 0usize..40) {
            let mut nested = value.clone();
            for _ in 0..level {
                nested = Value::Array(vec![nested]);
            }
            let whole = serde_json::to_string_pretty(&nested).unwrap_or_default();
            let mut inner = whole.as_str();
            for depth in 0..level {
                let open = format!("[\n{}", "  ".repeat(depth + 1));
                let close = format!("\n{}]", "  ".repeat(depth));
                inner = inner.strip_prefix(&open).and_then(|s| s.strip_suffix(&close)).unwrap_or("");
            }
            prop_assert_eq!(written(&value, level), inner);
        }
    }
}
