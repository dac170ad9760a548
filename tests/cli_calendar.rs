//! `sla calendar show` and `sla calendar export` (issue 15), run as a user would.

#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

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
fn show_prints_month_grids_with_a_legend_and_the_special_days() {
    let (ok, out, err) = sla(&[
        "calendar",
        "show",
        "--calendar",
        "cn-standard",
        "--year",
        "2025",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.starts_with("cn-standard (Asia/Shanghai), 2025\n"),
        "{out}"
    );
    // January 2025 starts on a Wednesday, a day off; the 26th, a Sunday, is worked.
    assert!(
        out.contains("January 2025\n Mo  Tu  We  Th  Fr  Sa  Su\n          1x  2   3   4.  5.\n"),
        "{out}"
    );
    assert!(
        out.contains(" 20  21  22  23  24  25. 26w\n 27  28x 29x 30x 31x\n"),
        "{out}"
    );
    assert!(out.contains(
        "legend: blank open, . closed (weekly), x day off, w adjusted working day, h special hours"
    ));
    assert!(out.contains("2025-01-26 Sun  adjusted working day   09:00-18:00              an adjusted working day (Spring Festival)"), "{out}");
}

#[test]
fn show_as_json_lists_every_day_with_its_hours_and_reason() {
    let (ok, out, err) = sla(&[
        "calendar",
        "show",
        "--calendar",
        "cn-standard",
        "--year",
        "2025",
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let days = doc["days"].as_array().unwrap();
    assert_eq!(days.len(), 365);
    assert_eq!(days[25]["date"], "2025-01-26");
    assert_eq!(days[25]["kind"], "adjusted_working_day");
    assert_eq!(days[25]["hours"], serde_json::json!(["09:00-18:00"]));
    assert_eq!(
        days[25]["reason"],
        "2025-01-26 (Sun) is an adjusted working day (Spring Festival)"
    );
    assert_eq!(days[27]["kind"], "day_off");
    assert_eq!(days[3]["kind"], "closed");
    assert_eq!(days[3]["reason"], serde_json::Value::Null);
}

#[test]
fn export_writes_ics_and_statutory_csv() {
    let args = |format| {
        [
            "calendar",
            "export",
            "--calendar",
            "cn-standard",
            "--from",
            "2025-01-01",
            "--to",
            "2025-02-10",
            "--format",
            format,
        ]
    };
    let (ok, ics, err) = sla(&args("ics"));
    assert!(ok, "{err}");
    assert!(ics.starts_with(
        "BEGIN:VCALENDAR\r\nPRODID:-//sla-engine//calendar export//EN\r\nVERSION:2.0\r\n"
    ));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 11);
    assert_eq!(ics.matches("X-SLA-KIND:working").count(), 2);
    let (ok, csv, err) = sla(&args("csv"));
    assert!(ok, "{err}");
    assert!(csv.starts_with(
        "date,kind,name\n2025-01-01,holiday,New Year's Day\n2025-01-26,workday,Spring Festival\n"
    ));
    assert_eq!(csv.lines().count(), 12);
    // Years outside the data are refused, as every query is.
    let (ok, _, err) = sla(&[
        "calendar",
        "export",
        "--calendar",
        "cn-standard",
        "--from",
        "2026-12-01",
        "--to",
        "2027-01-31",
    ]);
    assert!(!ok);
    assert_eq!(
        err,
        "sla: no calendar data for 2027: the calendar covers 2004-2026\n"
    );
}
