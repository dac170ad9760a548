//! Contracts and calendars from someone else (issue 17): nothing is read unless the caller grants
//! it, every refusal happens before the include is opened, and an error names the include, never
//! the content of another file.

#![cfg(feature = "formats")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use sla_engine::contract::Contract;
use sla_engine::{Calendar, FileErrorKind, IncludeError, Includes, MAX_INCLUDE_BYTES};

#[path = "scratch/mod.rs"]
mod scratch;
use scratch::Scratch;

/// A secret that files outside the granted folders hold: no error may ever show it.
const SECRET: &str = "SECRET-7f3a9c";

fn calendar_naming(include: &str) -> String {
    format!(
        "zone = \"Asia/Shanghai\"\nstatutory_files = [{}]\n[hours]\nmon = [\"09:00-18:00\"]\n",
        toml_string(include)
    )
}

/// `include` as a TOML basic string.
fn toml_string(include: &str) -> String {
    let mut out = String::from("\"");
    for c in include.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A layout with a tenant's folder and, beside it, a neighbour's secret statutory file.
fn tenant() -> (Scratch, PathBuf) {
    let s = Scratch::new("untrusted");
    s.write(
        "neighbour/secret.csv",
        &format!("date,kind,name\n2027-01-01,holiday,{SECRET}\n"),
    );
    s.write("tenant/placeholder", "");
    let dir = s.join("tenant");
    (s, dir)
}

/// Loads the calendar file `tenant/office.toml` naming `include`, and returns the include error.
fn refused(include: &str) -> (IncludeError, String) {
    let (s, _) = tenant();
    let file = s.write("tenant/office.toml", &calendar_naming(include));
    let err = Calendar::from_toml_file(&file, &Includes::none()).unwrap_err();
    let shown = err.to_string();
    assert!(!shown.contains(SECRET), "{shown}");
    match err.kind {
        FileErrorKind::Include {
            field: "statutory_files",
            source,
        } => (source, shown),
        other => panic!("not an include error: {other:?}"),
    }
}

#[test]
fn an_absolute_include_is_refused() {
    let (e, shown) = refused("/etc/passwd");
    assert!(matches!(e, IncludeError::Absolute { .. }), "{e:?}");
    assert!(shown.ends_with(":2:20: statutory_files: include \"/etc/passwd\" is refused: an absolute path (an include is relative to the file that names it)"), "{shown}");
}

#[test]
fn a_dotdot_escape_is_refused() {
    let (e, shown) = refused("../neighbour/secret.csv");
    assert!(matches!(e, IncludeError::Escapes { .. }), "{e:?}");
    assert!(
        shown.ends_with(
            "include \"../neighbour/secret.csv\" is refused: it leads outside the allowed folders"
        ),
        "{shown}"
    );
    // Climbing down and back up again still leaves the folder.
    let (e, _) = refused("sub/../../neighbour/secret.csv");
    assert!(matches!(e, IncludeError::Escapes { .. }), "{e:?}");
}

#[test]
fn a_name_with_a_newline_or_an_escape_sequence_is_refused_and_shown_escaped() {
    let (e, shown) = refused("days.csv\nsla: 0 breaches");
    assert!(matches!(e, IncludeError::ControlCharacters { .. }), "{e:?}");
    assert!(
        shown.contains(
            "include \"days.csv\\nsla: 0 breaches\" is refused: a name with control characters"
        ),
        "{shown}"
    );
    let (e, shown) = refused("\u{1b}]0;owned\u{7}days.csv");
    assert!(matches!(e, IncludeError::ControlCharacters { .. }), "{e:?}");
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert!(shown.contains("\\u{1b}]0;owned\\u{7}days.csv"), "{shown}");
}

#[test]
fn a_directory_is_refused() {
    let (s, _) = tenant();
    s.write("tenant/days/x", "");
    let file = s.write("tenant/office.toml", &calendar_naming("days"));
    let err = Calendar::from_toml_file(&file, &Includes::none()).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("include \"days\" is refused: a directory, not a regular file"),
        "{err}"
    );
}

#[test]
fn an_oversized_include_is_refused_unread() {
    let (s, _) = tenant();
    let big = format!(
        "date,kind,name\n{}",
        "#".repeat(usize::try_from(MAX_INCLUDE_BYTES).unwrap())
    );
    s.write("tenant/big.csv", &big);
    let file = s.write("tenant/office.toml", &calendar_naming("big.csv"));
    let err = Calendar::from_toml_file(&file, &Includes::none()).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("include \"big.csv\" is refused: over the limit of 1048576 bytes"),
        "{err}"
    );
}

#[test]
fn an_include_inside_the_folder_is_read_and_its_errors_name_it_as_written() {
    let (s, _) = tenant();
    s.write(
        "tenant/days/cn-2027.csv",
        "date,kind,name\n2027-01-01,holiday,New Year's Day\n2027-02-30,holiday,x\n",
    );
    let file = s.write("tenant/office.toml", &calendar_naming("days/./cn-2027.csv"));
    let err = Calendar::from_toml_file(&file, &Includes::none()).unwrap_err();
    let want = format!(
        "{}:3: invalid date \"2027-02-30\": the date does not exist",
        s.join("tenant/days/./cn-2027.csv").display()
    );
    assert_eq!(err.to_string(), want);
    s.write(
        "tenant/days/cn-2027.csv",
        "date,kind,name\n2027-01-01,holiday,New Year's Day\n",
    );
    let cal = Calendar::from_toml_file(&file, &Includes::none()).unwrap();
    assert_eq!(cal.years(), Some((2027, 2027)));
}

#[test]
fn an_included_folder_widens_the_grant_and_only_it() {
    let (s, dir) = tenant();
    s.write(
        "shared/cn-2027.csv",
        "date,kind,name\n2027-01-01,holiday,New Year's Day\n",
    );
    let file = s.write(
        "tenant/office.toml",
        &calendar_naming("../shared/cn-2027.csv"),
    );
    let err = Calendar::from_toml_file(&file, &Includes::none()).unwrap_err();
    assert!(
        err.to_string()
            .contains("leads outside the allowed folders"),
        "{err}"
    );
    let grant = Includes::none().and(s.join("shared")).unwrap();
    let cal = Calendar::from_toml_file(&file, &grant).unwrap();
    assert_eq!(cal.years(), Some((2027, 2027)));
    // The shared folder does not open the neighbour's.
    let file = s.write(
        "tenant/office.toml",
        &calendar_naming("../neighbour/secret.csv"),
    );
    assert!(Calendar::from_toml_file(&file, &grant).is_err());
    // From a string, includes are relative to the first folder granted.
    let text = calendar_naming("../shared/cn-2027.csv");
    let grant = Includes::confined(&dir)
        .unwrap()
        .and(s.join("shared"))
        .unwrap();
    assert!(Calendar::from_toml_str("office.toml", &text, &grant).is_ok());
}

#[test]
fn a_contract_given_as_a_string_reads_no_calendar_file() {
    let (s, dir) = tenant();
    s.write(
        "tenant/office.toml",
        "zone = \"Europe/Paris\"\nyears = [2025, 2026]\n[hours]\nmon = [\"09:00-17:00\"]\n",
    );
    let text = Contract::seed()
        .to_toml()
        .unwrap()
        .replace("\"cn-standard\"", "\"office.toml\"");
    let err = Contract::from_toml_str("c.toml", &text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.toml:6:12: calendar: include \"office.toml\" is not allowed here: no folder was granted to read includes from"
    );
    let c =
        Contract::from_toml_str_with("c.toml", &text, &Includes::confined(&dir).unwrap()).unwrap();
    assert_eq!(c.calendar().unwrap().zone(), chrono_tz::Europe::Paris);
    // A contract whose calendar names a neighbour's file, from a string or a file alike.
    let text = text.replace("\"office.toml\"", "\"../neighbour/cal.toml\"");
    s.write(
        "neighbour/cal.toml",
        &format!("zone = \"{SECRET}\"\n[hours]\nmon = [\"09:00-17:00\"]\n"),
    );
    let err = Contract::from_toml_str_with("c.toml", &text, &Includes::confined(&dir).unwrap())
        .unwrap_err();
    assert!(!err.to_string().contains(SECRET), "{err}");
    let file = s.write("tenant/c.toml", &text);
    let err = Contract::from_toml_file(&file, &Includes::none()).unwrap_err();
    assert!(
        err.to_string().ends_with(
            "c.toml:6:12: calendar: include \"../neighbour/cal.toml\" is refused: it leads outside the allowed folders"
        ),
        "{err}"
    );
}

#[test]
fn a_calendar_file_of_a_contract_reads_its_own_includes_from_its_folder() {
    let (s, _) = tenant();
    s.write(
        "tenant/cal/cn-2027.csv",
        "date,kind,name\n2027-01-01,holiday,New Year's Day\n",
    );
    s.write("tenant/cal/office.toml", &calendar_naming("cn-2027.csv"));
    let text = Contract::seed()
        .to_toml()
        .unwrap()
        .replace("\"cn-standard\"", "\"cal/office.toml\"");
    let file = s.write("tenant/c.toml", &text);
    let c = Contract::from_toml_file(&file, &Includes::none()).unwrap();
    assert_eq!(c.calendar().unwrap().years(), Some((2027, 2027)));
    // ... and no further than the contract's grant.
    s.write(
        "tenant/cal/office.toml",
        &calendar_naming("../../neighbour/secret.csv"),
    );
    let err = Contract::from_toml_file(&file, &Includes::none()).unwrap_err();
    assert!(
        err.to_string().starts_with(&format!(
            "{}:2:20: statutory_files: include \"../../neighbour/secret.csv\" is refused",
            s.join("tenant/cal/office.toml").display()
        )),
        "{err}"
    );
}

#[test]
fn presets_need_no_grant() {
    let c = Contract::from_toml_str("c.toml", &Contract::seed().to_toml().unwrap()).unwrap();
    assert_eq!(c.calendar().unwrap().name(), "cn-standard");
    let cal = Calendar::from_toml_str(
        "c.toml",
        "zone = \"Asia/Shanghai\"\nstatutory = \"cn\"\n[hours]\nmon = [\"09:00-18:00\"]\n",
        &Includes::none(),
    )
    .unwrap();
    assert_eq!(cal.years(), Some((2004, 2026)));
}

#[cfg(unix)]
mod unix {
    use super::*;

    /// Runs `f` on a thread and fails if it takes over 10 s: a refused FIFO would otherwise block
    /// the test forever (opening a FIFO with no writer waits for one).
    fn within_10_s<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(std::time::Duration::from_secs(10))
            .expect("blocked: the FIFO was opened")
    }

    fn mkfifo(path: &Path) {
        let ok = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap()
            .success();
        assert!(ok, "mkfifo {}", path.display());
    }

    #[test]
    fn a_symlink_out_of_the_folder_is_refused() {
        let (s, _) = tenant();
        std::os::unix::fs::symlink(s.join("neighbour/secret.csv"), s.join("tenant/days.csv"))
            .unwrap();
        let file = s.write("tenant/office.toml", &calendar_naming("days.csv"));
        let err = Calendar::from_toml_file(&file, &Includes::none()).unwrap_err();
        assert!(!err.to_string().contains(SECRET));
        assert!(
            err.to_string()
                .ends_with("include \"days.csv\" is refused: it leads outside the allowed folders"),
            "{err}"
        );
        // A link to a folder outside, then `..` through it.
        std::os::unix::fs::symlink("/etc", s.join("tenant/etc")).unwrap();
        let file = s.write("tenant/office.toml", &calendar_naming("etc/passwd"));
        let err = Calendar::from_toml_file(&file, &Includes::none()).unwrap_err();
        assert!(err.to_string().contains("leads outside"), "{err}");
        // A link that stays inside is followed.
        s.write(
            "tenant/real.csv",
            "date,kind,name\n2027-01-01,holiday,New Year's Day\n",
        );
        std::os::unix::fs::symlink(s.join("tenant/real.csv"), s.join("tenant/alias.csv")).unwrap();
        let file = s.write("tenant/office.toml", &calendar_naming("alias.csv"));
        assert!(Calendar::from_toml_file(&file, &Includes::none()).is_ok());
    }

    #[test]
    fn dev_zero_is_refused_unread() {
        let (s, _) = tenant();
        std::os::unix::fs::symlink("/dev/zero", s.join("tenant/zero.csv")).unwrap();
        let file = s.write("tenant/office.toml", &calendar_naming("zero.csv"));
        let err = within_10_s(move || {
            Calendar::from_toml_file(&file, &Includes::none())
                .unwrap_err()
                .to_string()
        });
        assert!(err.contains("leads outside"), "{err}");
        // Even where /dev itself is granted, a device is not a file.
        let err = Calendar::from_toml_str(
            "office.toml",
            &calendar_naming("zero"),
            &Includes::confined("/dev").unwrap(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .ends_with("include \"zero\" is refused: a device, not a regular file"),
            "{err}"
        );
        // A calendar file named on the command line is checked the same way.
        let err = within_10_s(|| {
            Calendar::from_toml_file(Path::new("/dev/zero"), &Includes::none())
                .unwrap_err()
                .to_string()
        });
        assert_eq!(err, "/dev/zero: cannot read: a device, not a regular file");
    }

    #[test]
    fn a_fifo_is_refused_without_being_opened() {
        let (s, _) = tenant();
        mkfifo(&s.join("tenant/pipe.csv"));
        let file = s.write("tenant/office.toml", &calendar_naming("pipe.csv"));
        let err = within_10_s(move || {
            Calendar::from_toml_file(&file, &Includes::none())
                .unwrap_err()
                .to_string()
        });
        assert!(
            err.ends_with("include \"pipe.csv\" is refused: a FIFO, not a regular file"),
            "{err}"
        );
        // The contract or calendar file itself, if it is a FIFO.
        let fifo = s.join("tenant/c.toml");
        mkfifo(&fifo);
        let err = within_10_s(move || {
            Contract::from_toml_file(&fifo, &Includes::none())
                .unwrap_err()
                .to_string()
        });
        assert!(
            err.ends_with("c.toml: cannot read: a FIFO, not a regular file"),
            "{err}"
        );
    }
}

#[cfg(feature = "cli")]
mod cli {
    use super::*;

    fn sla(args: &[&str]) -> (bool, String, String) {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sla"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    #[test]
    fn an_unknown_contract_preset_lists_the_presets() {
        let (ok, _, err) = sla(&["contract", "show", "gold"]);
        assert!(!ok);
        assert_eq!(
            err,
            "sla: unknown contract \"gold\": expected a preset (seed) or a contract file (.toml)\n"
        );
    }

    #[test]
    fn include_dir_widens_the_folders_includes_are_read_from() {
        let (s, _) = tenant();
        s.write(
            "shared/cn-2027.csv",
            "date,kind,name\n2027-01-01,holiday,New Year's Day\n",
        );
        let cal = s.write(
            "tenant/office.toml",
            &calendar_naming("../shared/cn-2027.csv"),
        );
        let cal = cal.to_str().unwrap();
        let query = [
            "time",
            "between",
            "--calendar",
            cal,
            "--from",
            "2027-01-04T09:00:00+08:00",
            "--to",
            "2027-01-04T10:00:00+08:00",
        ];
        let (ok, _, err) = sla(&query);
        assert!(!ok);
        assert!(err.contains("leads outside the allowed folders"), "{err}");
        let shared = s.join("shared");
        let mut with_dir = query.to_vec();
        with_dir.extend(["--include-dir", shared.to_str().unwrap()]);
        let (ok, out, err) = sla(&with_dir);
        assert!(ok, "{err}");
        assert_eq!(out, "3600\n");
    }
}
