//! Includes: the files a contract or calendar file names (a contract's `calendar`, a calendar's
//! `statutory_files` and `ics_files`), read only where the caller grants it. Feature `formats`.
//!
//! A service that accepts contract and calendar files from its customers must not let one of them
//! read `/etc/passwd`, a `../` neighbour's file, a device or a pipe, and print part of it back in
//! an error. So nothing is read unless the caller passes an [`Includes`] that allows it:
//! [`Includes::none`] (what every `from_toml_str` without a grant uses) refuses every include,
//! [`Includes::confined`] allows relative paths that stay inside given folders.
//!
//! Every check is made **before anything is opened**: the name (relative, no control characters),
//! the path (inside an allowed folder once `..` and symbolic links are resolved), the kind of file
//! (a regular file, not a directory, device, FIFO or socket) and its size (at most
//! [`MAX_INCLUDE_BYTES`]). The remaining window, a file swapped for a FIFO between the check and
//! the open, needs write access to an allowed folder.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;

use crate::Excerpt;

/// The largest file read as a contract, a calendar or an include (a century of China's statutory
/// days is about 150 KB).
pub const MAX_INCLUDE_BYTES: u64 = 1 << 20;

/// The folders (and texts) includes may be read from.
///
/// An include is checked before anything is opened: a relative name without control characters,
/// inside an allowed folder once `..` and symbolic links are resolved, a regular file (not a
/// directory, device, FIFO or socket) of at most [`MAX_INCLUDE_BYTES`].
///
/// # Example: a service confines each customer to the customer's folder
/// ```
/// use sla_engine::{Calendar, Includes};
/// let dir = std::env::temp_dir().join(format!("sla-doc-includes-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("cn-2027.csv"), "date,kind,name\n2027-01-01,holiday,New Year's Day\n")?;
/// let text = "zone = \"Asia/Shanghai\"\nstatutory_files = [\"cn-2027.csv\"]\n[hours]\nmon = [\"09:00-18:00\"]\n";
/// let cal = Calendar::from_toml_str("office.toml", text, &Includes::confined(&dir)?)?;
/// assert_eq!(cal.years(), Some((2027, 2027)));
/// // Given as a string without a grant, the same calendar reads nothing.
/// let err = Calendar::from_toml_str("office.toml", text, &Includes::none()).unwrap_err();
/// assert_eq!(err.to_string(), "office.toml:2:20: statutory_files: include \"cn-2027.csv\" is not allowed here: \
///     no folder was granted to read includes from");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Includes {
    /// The folder a relative include is resolved against (canonical).
    base: Option<PathBuf>,
    /// The folders an include may resolve into (canonical).
    allowed: Vec<PathBuf>,
    /// Files given as text, by the name an include writes (looked up before any folder).
    texts: BTreeMap<String, Arc<str>>,
}

/// Why an include was refused or could not be read. Every message names the include as written
/// (escaped, see [`Excerpt`]) and never quotes the content of any file.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum IncludeError {
    /// No folder was granted (text given as a string with [`Includes::none`]).
    #[error("include {} is not allowed here: no folder was granted to read includes from", Excerpt(.include))]
    NotAllowed {
        /// The include as written.
        include: String,
    },
    /// An absolute path (or a Windows drive or UNC prefix).
    #[error("include {} is refused: an absolute path (an include is relative to the file that names it)", Excerpt(.include))]
    Absolute {
        /// The include as written.
        include: String,
    },
    /// An empty name.
    #[error("include {} is refused: an empty name", Excerpt(.include))]
    Empty {
        /// The include as written.
        include: String,
    },
    /// A name with a control character (a newline, an escape sequence, NUL).
    #[error("include {} is refused: a name with control characters", Excerpt(.include))]
    ControlCharacters {
        /// The include as written.
        include: String,
    },
    /// A path that leads outside the allowed folders (through `..` or a symbolic link).
    #[error("include {} is refused: it leads outside the allowed folders", Excerpt(.include))]
    Escapes {
        /// The include as written.
        include: String,
    },
    /// A directory, device, FIFO or socket.
    #[error("include {} is refused: {what}, not a regular file", Excerpt(.include))]
    NotARegularFile {
        /// The include as written.
        include: String,
        /// What it is: `a directory`, `a FIFO`, ...
        what: &'static str,
    },
    /// Larger than [`MAX_INCLUDE_BYTES`].
    #[error("include {} is refused: over the limit of {limit} bytes", Excerpt(.include))]
    TooLarge {
        /// The include as written.
        include: String,
        /// The limit, [`MAX_INCLUDE_BYTES`].
        limit: u64,
    },
    /// Not UTF-8 text.
    #[error("include {} is not UTF-8 text", Excerpt(.include))]
    NotUtf8 {
        /// The include as written.
        include: String,
    },
    /// The file does not exist or cannot be read.
    #[error("include {} cannot be read: {source}", Excerpt(.include))]
    Read {
        /// The include as written.
        include: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A granted folder that is not a readable folder.
    #[error("folder {} cannot be granted for includes: {source}", .folder.display())]
    BadFolder {
        /// The folder as given.
        folder: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl IncludeError {
    /// The include as written in the file (empty for [`IncludeError::BadFolder`]).
    pub fn include(&self) -> &str {
        match self {
            IncludeError::NotAllowed { include }
            | IncludeError::Absolute { include }
            | IncludeError::Empty { include }
            | IncludeError::ControlCharacters { include }
            | IncludeError::Escapes { include }
            | IncludeError::NotARegularFile { include, .. }
            | IncludeError::TooLarge { include, .. }
            | IncludeError::NotUtf8 { include }
            | IncludeError::Read { include, .. } => include,
            IncludeError::BadFolder { .. } => "",
        }
    }
}

/// An include that was read: where it is, and its text.
#[derive(Debug)]
pub(crate) struct Included {
    /// Its canonical path (nested includes are resolved against its folder), or `None` for a
    /// file given as text.
    pub(crate) path: Option<PathBuf>,
    /// Its text.
    pub(crate) text: String,
}

fn canonical_folder(folder: &Path) -> Result<PathBuf, IncludeError> {
    let bad = |source| IncludeError::BadFolder {
        folder: folder.to_path_buf(),
        source,
    };
    let canonical = std::fs::canonicalize(folder).map_err(bad)?;
    if !std::fs::metadata(&canonical).map_err(bad)?.is_dir() {
        return Err(bad(std::io::Error::other("not a folder")));
    }
    Ok(canonical)
}

impl Includes {
    /// No include is read: a contract whose calendar is a file, or a calendar that names statutory
    /// or iCalendar files, is an error saying so. Presets stay available.
    pub fn none() -> Includes {
        Includes::default()
    }

    /// Includes are relative to `folder` and must stay inside it (after `..` and symbolic links
    /// are resolved).
    ///
    /// # Errors
    /// [`IncludeError::BadFolder`] if `folder` is not a readable folder.
    ///
    /// ```
    /// use sla_engine::Includes;
    /// let inc = Includes::confined(std::env::temp_dir())?;
    /// assert!(inc.allows_any());
    /// assert!(!Includes::none().allows_any());
    /// # Ok::<(), sla_engine::IncludeError>(())
    /// ```
    pub fn confined(folder: impl AsRef<Path>) -> Result<Includes, IncludeError> {
        let folder = canonical_folder(folder.as_ref())?;
        Ok(Includes {
            base: Some(folder.clone()),
            allowed: vec![folder],
            texts: BTreeMap::new(),
        })
    }

    /// Gives the file an include names `name` as `text`, read from memory instead of any folder
    /// (a service that keeps its customers' files in a database, a test, a fuzzer). The name is
    /// matched exactly as written; the other checks (a relative name without control characters,
    /// the size limit) still hold.
    ///
    /// ```
    /// use sla_engine::{Calendar, Includes};
    /// let feed = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250101\nSUMMARY:New Year\nEND:VEVENT\nEND:VCALENDAR\n";
    /// let grant = Includes::none().with_text("holidays.ics", feed);
    /// let text = "zone = \"UTC\"\ncovers = [2025]\nics_files = [\"holidays.ics\"]\n[hours]\nwed = [\"09:00-17:00\"]\n";
    /// # #[cfg(feature = "ics")] {
    /// let cal = Calendar::from_toml_str("office.toml", text, &grant)?;
    /// assert!(!cal.is_working_day(chrono::NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("date")?)?);
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_text(mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> Includes {
        self.texts.insert(name.into(), text.into());
        self
    }

    /// Also lets includes lead into `folder` (e.g. a shared folder of statutory years); they are
    /// still written relative to the file that names them. The first folder granted is the one
    /// that includes of text given as a string are relative to.
    ///
    /// # Errors
    /// [`IncludeError::BadFolder`] if `folder` is not a readable folder.
    ///
    /// ```
    /// use sla_engine::Includes;
    /// let tmp = std::env::temp_dir();
    /// let inc = Includes::none().and(&tmp)?;
    /// assert_eq!(inc, Includes::confined(&tmp)?);
    /// # Ok::<(), sla_engine::IncludeError>(())
    /// ```
    pub fn and(mut self, folder: impl AsRef<Path>) -> Result<Includes, IncludeError> {
        let folder = canonical_folder(folder.as_ref())?;
        if self.base.is_none() {
            self.base = Some(folder.clone());
        }
        if !self.allowed.contains(&folder) {
            self.allowed.push(folder);
        }
        Ok(self)
    }

    /// Whether any include can be read.
    pub fn allows_any(&self) -> bool {
        !self.allowed.is_empty() || !self.texts.is_empty()
    }

    /// The grant for the includes of the file at `path` (which the caller named, or which was
    /// itself an include): relative to its folder, and its folder allowed as well.
    pub(crate) fn for_file(&self, path: &Path) -> Result<Includes, IncludeError> {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let folder = canonical_folder(folder)?;
        let mut allowed = self.allowed.clone();
        if !allowed.contains(&folder) {
            allowed.push(folder.clone());
        }
        Ok(Includes {
            base: Some(folder),
            allowed,
            texts: self.texts.clone(),
        })
    }

    /// The grant for the includes of an include that was read: relative to its folder if it
    /// came from one, else the same grant.
    pub(crate) fn for_included(&self, included: &Included) -> Result<Includes, IncludeError> {
        match &included.path {
            Some(path) => self.for_file(path),
            None => Ok(self.clone()),
        }
    }

    /// Checks `include` and reads it; nothing is opened unless every check passed.
    pub(crate) fn read(&self, include: &str) -> Result<Included, IncludeError> {
        if let Some(text) = self.texts.get(include) {
            check_name(include)?;
            if text.len() as u64 > MAX_INCLUDE_BYTES {
                return Err(ReadProblem::TooLarge.named(include));
            }
            return Ok(Included {
                path: None,
                text: text.to_string(),
            });
        }
        let path = self.resolve(include)?;
        let text = read_bounded(&path).map_err(|e| e.named(include))?;
        Ok(Included {
            path: Some(path),
            text,
        })
    }

    /// The canonical path of `include`, if it may be read.
    fn resolve(&self, include: &str) -> Result<PathBuf, IncludeError> {
        let owned = || include.to_owned();
        check_name(include)?;
        let relative = Path::new(include);
        // Lexically first: a name that leads outside every allowed folder is refused without
        // touching the file system at all (no probing of what exists outside).
        let mut lexical = self.base.clone();
        let mut depth = 0usize;
        for c in relative.components() {
            match c {
                Component::Prefix(_) | Component::RootDir => {
                    return Err(IncludeError::Absolute { include: owned() });
                }
                Component::ParentDir => {
                    let popped = lexical.as_mut().is_none_or(PathBuf::pop);
                    depth = match depth.checked_sub(1) {
                        Some(d) => d,
                        // Above the folder of the file that names it: only a granted folder
                        // may be reached that way.
                        None if self.base.is_none() || !popped => {
                            return Err(IncludeError::Escapes { include: owned() });
                        }
                        None => 0,
                    };
                }
                Component::Normal(part) => {
                    depth += 1;
                    if let Some(l) = lexical.as_mut() {
                        l.push(part);
                    }
                }
                Component::CurDir => {}
            }
        }
        let (Some(base), Some(lexical)) = (&self.base, lexical) else {
            return Err(IncludeError::NotAllowed { include: owned() });
        };
        if !self.allowed.iter().any(|a| lexical.starts_with(a)) {
            return Err(IncludeError::Escapes { include: owned() });
        }
        // Then physically: `canonicalize` resolves `..` and symbolic links without opening the
        // target, so a link out of the folder is caught here.
        let path =
            std::fs::canonicalize(base.join(relative)).map_err(|source| IncludeError::Read {
                include: owned(),
                source,
            })?;
        if !self.allowed.iter().any(|a| path.starts_with(a)) {
            return Err(IncludeError::Escapes { include: owned() });
        }
        check_regular(&path).map_err(|e| e.named(include))?;
        Ok(path)
    }
}

/// The checks on an include's name alone: not empty, no control character, not absolute.
fn check_name(include: &str) -> Result<(), IncludeError> {
    let owned = || include.to_owned();
    if include.is_empty() {
        return Err(IncludeError::Empty { include: owned() });
    }
    if include.chars().any(char::is_control) {
        return Err(IncludeError::ControlCharacters { include: owned() });
    }
    if Path::new(include)
        .components()
        .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    {
        return Err(IncludeError::Absolute { include: owned() });
    }
    Ok(())
}

/// An include problem before the include's name is attached.
#[derive(Debug)]
pub(crate) enum ReadProblem {
    NotRegular(&'static str),
    TooLarge,
    NotUtf8,
    Io(std::io::Error),
}

impl ReadProblem {
    pub(crate) fn named(self, include: &str) -> IncludeError {
        let include = include.to_owned();
        match self {
            ReadProblem::NotRegular(what) => IncludeError::NotARegularFile { include, what },
            ReadProblem::TooLarge => IncludeError::TooLarge {
                include,
                limit: MAX_INCLUDE_BYTES,
            },
            ReadProblem::NotUtf8 => IncludeError::NotUtf8 { include },
            ReadProblem::Io(source) => IncludeError::Read { include, source },
        }
    }
}

/// What kind of file `path` is, from its metadata (which never opens it).
fn check_regular(path: &Path) -> Result<std::fs::Metadata, ReadProblem> {
    let meta = std::fs::metadata(path).map_err(ReadProblem::Io)?;
    let kind = meta.file_type();
    if kind.is_file() {
        if meta.len() > MAX_INCLUDE_BYTES {
            return Err(ReadProblem::TooLarge);
        }
        return Ok(meta);
    }
    if kind.is_dir() {
        return Err(ReadProblem::NotRegular("a directory"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Err(ReadProblem::NotRegular("a FIFO"));
        }
        if kind.is_socket() {
            return Err(ReadProblem::NotRegular("a socket"));
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Err(ReadProblem::NotRegular("a device"));
        }
    }
    Err(ReadProblem::NotRegular("a special file"))
}

/// Reads a regular file of at most [`MAX_INCLUDE_BYTES`] as UTF-8 text, checking its kind before
/// opening it (opening a FIFO would wait for a writer; reading `/dev/zero` would never end).
pub(crate) fn read_bounded(path: &Path) -> Result<String, ReadProblem> {
    check_regular(path)?;
    let file = std::fs::File::open(path).map_err(ReadProblem::Io)?;
    let mut bytes = Vec::new();
    // The size was checked, but a file can grow: read at most one byte more than the limit.
    file.take(MAX_INCLUDE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadProblem::Io)?;
    if bytes.len() as u64 > MAX_INCLUDE_BYTES {
        return Err(ReadProblem::TooLarge);
    }
    String::from_utf8(bytes).map_err(|_| ReadProblem::NotUtf8)
}
