//! Errors in a settings file (calendar or contract), located by file, line and column.

use std::fmt;

use thiserror::Error;

/// What went wrong in a calendar or contract file, and where.
///
/// Displayed as `FILE:LINE:COLUMN: MESSAGE` (line and column 1-based, when known).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{location}: {message}")]
#[non_exhaustive]
pub struct FileError {
    /// Where: file, and line and column when known.
    pub location: Location,
    /// What: the constraint that failed, naming the field.
    pub message: String,
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file's name as given (or `<input>` for text without a file).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

impl FileError {
    /// An error about the file as a whole.
    pub fn whole(file: &str, message: impl fmt::Display) -> FileError {
        FileError {
            location: Location {
                file: file.to_owned(),
                line: None,
                column: None,
            },
            message: message.to_string(),
        }
    }

    /// An error at a byte offset of `text`.
    pub fn at_offset(
        file: &str,
        text: &str,
        offset: usize,
        message: impl fmt::Display,
    ) -> FileError {
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .map_or(1, |l| l.chars().count() + 1);
        FileError {
            location: Location {
                file: file.to_owned(),
                line: Some(line),
                column: Some(column),
            },
            message: message.to_string(),
        }
    }

    /// An error at a 1-based line.
    pub fn at_line(file: &str, line: usize, message: impl fmt::Display) -> FileError {
        FileError {
            location: Location {
                file: file.to_owned(),
                line: Some(line),
                column: None,
            },
            message: message.to_string(),
        }
    }

    /// A TOML error, located by its span.
    #[cfg(feature = "formats")]
    pub(crate) fn from_toml(file: &str, text: &str, err: &toml::de::Error) -> FileError {
        let message = err.message().trim_end_matches('\n').replace('\n', "; ");
        match err.span() {
            Some(span) => FileError::at_offset(file, text, span.start, message),
            None => FileError::whole(file, message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbb = 2\n";
        let e = FileError::at_offset("x.toml", text, 8, "bad");
        assert_eq!(e.to_string(), "x.toml:2:3: bad");
        assert_eq!(FileError::whole("x", "m").to_string(), "x: m");
    }
}
