//! Where a command's output goes: standard output, or a file written atomically (a temporary
//! file beside it, renamed over it once complete), so that an interrupted run never leaves a
//! truncated report where the last good one was. What is not a regular file (`/dev/null`, a
//! FIFO, a terminal) is written in place: a file renamed over it would replace it (as root,
//! `--output /dev/null` replaced the system's /dev/null with the report). A symbolic link is
//! followed: the file it names is replaced, and the link stays.

use std::io::Write;
use std::path::{Path, PathBuf};

/// How a command ended when it produced its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Done {
    /// Every input line was accepted: exit status 0.
    Clean,
    /// The output was produced, but input lines were rejected (they are listed in it): exit
    /// status 2.
    Rejected,
    /// A check failed (`sla verify` found differences): exit status 1, the output says why.
    Failed,
}

/// Writes `text` to `output` (a file, atomically) or to standard output.
///
/// A reader that went away (`sla evaluate ... | head`) is not an error: there is nobody left to
/// tell. Any other failure to write (a closed or full standard output) is.
pub(crate) fn write(output: Option<&Path>, text: &str) -> Result<(), String> {
    write_with(output, |out| out.write_all(text.as_bytes()))
}

/// Writes what `write` writes (through a buffer) to `output` as [`write`] does: for output made
/// as it is written, never held whole.
pub(crate) fn write_with(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    match output {
        None => {
            write_through(stdout()?, write).map_err(|e| format!("cannot write the output: {e}"))
        }
        Some(path) => match std::fs::metadata(path) {
            Ok(m) if !m.is_file() && !m.is_dir() => write_in_place(path, write),
            // A dangling link, or no file yet: the name itself.
            _ => write_atomically(&std::fs::canonicalize(path).unwrap_or(path.into()), write),
        },
    }
}

/// Writes to a device, FIFO or socket that exists, as standard output is written.
fn write_in_place(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|file| write_through(file, write))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Writes through a buffer to standard output or a device. A reader that went away
/// (`sla evaluate ... | head`, a FIFO's reader) is not an error: there is nobody left to tell.
fn write_through(
    to: impl Write,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, to);
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        done => done,
    }
}

/// Standard output as a file of its own. Rust's `Stdout` takes a write that fails with "bad file
/// descriptor" (standard output opened read-only, or gone) for a success, which would lose the
/// report with exit 0; a duplicate of the descriptor reports it. (A standard output closed before
/// the process starts, `>&-`, is reopened on /dev/null by Rust's runtime before `main`: from
/// inside, that is indistinguishable from `>/dev/null`.)
#[cfg(unix)]
fn stdout() -> Result<std::fs::File, String> {
    use std::os::fd::AsFd;
    std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .map_err(|e| format!("cannot write the output: standard output is closed ({e})"))
}

#[cfg(not(unix))]
fn stdout() -> Result<std::io::Stdout, String> {
    Ok(std::io::stdout())
}

fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let shown = path.display();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| format!("--output {shown}: not a file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = std::fs::File::create(&tmp)
        .and_then(|f| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, f);
            write(&mut out)?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {shown}: {e}")
    })
}
