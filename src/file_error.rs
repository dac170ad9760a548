//! Errors in a settings file (calendar, contract, statutory CSV, iCalendar), located by file, line
//! and column, with the cause kept as a typed value.

use std::fmt;

use thiserror::Error;

use crate::CalendarError;
use crate::contract::ContractError;
use crate::excerpt::clean_message;
#[cfg(feature = "formats")]
use crate::include::{IncludeError, ReadProblem};

/// What went wrong in a calendar or contract file (or a file it includes), and where.
///
/// Displayed as `FILE:LINE:COLUMN: MESSAGE` (line and column 1-based, when known). The message
/// quotes at most a short escaped excerpt of the file (see [`Excerpt`](crate::Excerpt)); the cause
/// is [`kind`](FileError::kind), and [`source`](std::error::Error::source) is the cause's own
/// source (an I/O error, the TOML error).
#[derive(Debug)]
#[non_exhaustive]
pub struct FileError {
    /// Where: file, and line and column when known.
    pub location: Location,
    /// What: the constraint that failed, naming the field.
    pub kind: FileErrorKind,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The message is cleaned once more as a whole: a message from a parser we do not own may
        // quote input in its own way.
        write!(
            f,
            "{}: {}",
            self.location,
            clean_message(&self.kind.to_string())
        )
    }
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.kind)
    }
}

/// Why a file was refused.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum FileErrorKind {
    /// The file itself cannot be read.
    #[error("cannot read: {source}")]
    Read {
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file itself is a directory, device, FIFO or socket.
    #[error("cannot read: {what}, not a regular file")]
    NotARegularFile {
        /// What it is: `a directory`, `a FIFO`, ...
        what: &'static str,
    },
    /// The file is larger than the limit.
    #[error("the file is over the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The file is not UTF-8 text.
    #[error("the file is not UTF-8 text")]
    NotUtf8,
    /// Malformed TOML, or a field of the wrong shape or value.
    #[cfg(feature = "formats")]
    #[error("{}", toml_message(.0))]
    Toml(#[source] Box<toml::de::Error>),
    /// An include that was refused or could not be read.
    #[cfg(feature = "formats")]
    #[error("{field}: {source}")]
    Include {
        /// The field that names it: `calendar`, `statutory_files`, `ics_files`.
        field: &'static str,
        /// Why.
        #[source]
        source: IncludeError,
    },
    /// The calendar the file describes cannot be built.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The contract the file describes does not hold together.
    #[error(transparent)]
    Contract(#[from] ContractError),
    /// A value that is not valid where it stands (a date, a kind, a header, a property).
    #[error("{message}")]
    Invalid {
        /// The constraint that failed.
        message: String,
    },
}

#[cfg(feature = "formats")]
fn toml_message(e: &toml::de::Error) -> String {
    e.message().trim_end_matches('\n').replace('\n', "; ")
}

impl From<String> for FileErrorKind {
    fn from(message: String) -> FileErrorKind {
        FileErrorKind::Invalid { message }
    }
}

impl From<&str> for FileErrorKind {
    fn from(message: &str) -> FileErrorKind {
        FileErrorKind::Invalid {
            message: message.to_owned(),
        }
    }
}

#[cfg(feature = "formats")]
impl From<ReadProblem> for FileErrorKind {
    fn from(p: ReadProblem) -> FileErrorKind {
        match p {
            ReadProblem::NotRegular(what) => FileErrorKind::NotARegularFile { what },
            ReadProblem::TooLarge => FileErrorKind::TooLarge {
                limit: crate::include::MAX_INCLUDE_BYTES,
            },
            ReadProblem::NotUtf8 => FileErrorKind::NotUtf8,
            ReadProblem::Io(source) => FileErrorKind::Read { source },
        }
    }
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

impl Location {
    /// The line and column of a byte offset of `text`.
    pub(crate) fn at_offset(file: &str, text: &str, offset: usize) -> Location {
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .map_or(1, |l| l.chars().count() + 1);
        Location {
            file: file.to_owned(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl FileError {
    /// An error about the file as a whole.
    pub fn whole(file: &str, kind: impl Into<FileErrorKind>) -> FileError {
        FileError {
            location: Location {
                file: file.to_owned(),
                line: None,
                column: None,
            },
            kind: kind.into(),
        }
    }

    /// An error at a byte offset of `text`.
    pub fn at_offset(
        file: &str,
        text: &str,
        offset: usize,
        kind: impl Into<FileErrorKind>,
    ) -> FileError {
        FileError {
            location: Location::at_offset(file, text, offset),
            kind: kind.into(),
        }
    }

    /// An error at a 1-based line.
    pub fn at_line(file: &str, line: usize, kind: impl Into<FileErrorKind>) -> FileError {
        FileError {
            location: Location {
                file: file.to_owned(),
                line: Some(line),
                column: None,
            },
            kind: kind.into(),
        }
    }

    /// The message without the location, cleaned as [`Display`](fmt::Display) shows it.
    pub fn message(&self) -> String {
        clean_message(&self.kind.to_string())
    }

    /// A TOML error, located by its span.
    #[cfg(feature = "formats")]
    pub(crate) fn from_toml(file: &str, text: &str, err: toml::de::Error) -> FileError {
        match err.span() {
            Some(span) => {
                FileError::at_offset(file, text, span.start, FileErrorKind::Toml(Box::new(err)))
            }
            None => FileError::whole(file, FileErrorKind::Toml(Box::new(err))),
        }
    }

    /// An include named by `field` at byte `offset` of `text` that was refused or not read.
    #[cfg(feature = "formats")]
    pub(crate) fn include(
        file: &str,
        text: &str,
        offset: usize,
        field: &'static str,
        source: IncludeError,
    ) -> FileError {
        FileError::at_offset(file, text, offset, FileErrorKind::Include { field, source })
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

    #[test]
    fn the_cause_is_kept() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        let e = FileError::whole("x.toml", FileErrorKind::Read { source: io });
        assert_eq!(e.to_string(), "x.toml: cannot read: gone");
        let source = std::error::Error::source(&e).unwrap();
        let io = source.downcast_ref::<std::io::Error>().unwrap();
        assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
        let e = FileError::whole("c.toml", CalendarError::NeverOpen);
        assert!(matches!(
            e.kind,
            FileErrorKind::Calendar(CalendarError::NeverOpen)
        ));
    }

    #[test]
    fn a_message_cannot_carry_an_escape_sequence() {
        let e = FileError::at_line("x.csv", 1, "found \u{1b}[2J");
        assert_eq!(e.to_string(), "x.csv:1: found \\u{1b}[2J");
    }
}
