//! The `tafel` command as a script uses it.

use std::process::{Command, Output};

use crate::common::*;

fn json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "tafel failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

#[test]
fn a_script_adds_shows_updates_lists_and_deletes_a_case() {
    let db = TestDb::new();
    let input = r#"{"company":{"name":"Bakkerij Zonnedauw BV","kvk":"71234567","province":"UT"},"amount_eur":40000,"purpose":"start","stage":"startup","sector":"other","capital_types":["microcredit"]}"#;
    let added = json(&tafel(&db, &["case", "add", "--json", "-"], Some(input)));
    let id = added["id"].as_str().expect("id").to_string();
    assert_eq!(added["amount_eur"], 40000.0);
    assert_eq!(added["capital_types"], serde_json::json!(["microcredit"]));
    assert_eq!(added["company"]["province"], "UT");
    assert_eq!(added["status"], "intake");

    let shown = json(&tafel(&db, &["case", "show", &id, "--json"], None));
    assert_eq!(shown["company"]["kvk"], "71234567");

    let patch = db.dir.path().join("patch.json");
    std::fs::write(
        &patch,
        r#"{"amount_eur": "1,2 mln", "status": "screening"}"#,
    )
    .expect("write");
    let updated = json(&tafel(
        &db,
        &[
            "case",
            "update",
            &id,
            "--json",
            patch.to_str().expect("path"),
        ],
        None,
    ));
    assert_eq!(updated["amount_cents"], 120_000_000);
    assert_eq!(updated["status"], "screening");

    let listed = json(&tafel(
        &db,
        &[
            "case",
            "list",
            "--query",
            "zonnedauw",
            "--status",
            "screening",
            "--json",
        ],
        None,
    ));
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    let none = json(&tafel(
        &db,
        &["case", "list", "--status", "financed", "--json"],
        None,
    ));
    assert_eq!(none.as_array().map(Vec::len), Some(0));

    let history = json(&tafel(&db, &["case", "history", &id, "--json"], None));
    let sources: Vec<&str> = history
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|h| h["source"].as_str())
        .collect();
    assert!(sources.iter().all(|s| *s == "cli"));
    assert!(
        history
            .as_array()
            .expect("array")
            .iter()
            .all(|h| h["author"] == "script")
    );

    let deleted = tafel(&db, &["case", "delete", &id], None);
    assert!(deleted.status.success());
    let gone = tafel(&db, &["case", "show", &id], None);
    assert_eq!(gone.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&gone.stderr).contains("bestaat niet"));
}

#[test]
fn bad_input_exits_non_zero_with_a_clear_dutch_message() {
    let db = TestDb::new();
    let bad = r#"{"company":{"name":"X BV","kvk":"1234","province":"UT"},"amount_eur":"veel","purpose":"start","stage":"startup","sector":"other","capital_types":["microcredit"]}"#;
    let out = tafel(&db, &["case", "add", "--json", "-"], Some(bad));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("KvK-nummer moet uit precies 8 cijfers bestaan"),
        "{stderr}"
    );
    assert!(stderr.contains("company.kvk"), "{stderr}");
    assert!(stderr.contains("amount_eur"), "{stderr}");
    assert!(out.stdout.is_empty());

    let not_json = tafel(&db, &["case", "add", "--json", "-"], Some("{nope"));
    assert_eq!(not_json.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_json.stderr).contains("Ongeldige JSON"));

    let bad_status = tafel(&db, &["case", "list", "--status", "klaar"], None);
    assert!(!bad_status.status.success());
    assert!(String::from_utf8_lossy(&bad_status.stderr).contains("onbekende status"));
}

#[test]
fn wrong_key_on_the_command_line_is_refused() {
    let db = TestDb::new();
    assert!(tafel(&db, &["init"], None).status.success());
    let out = Command::new(crate::common::tafel_bin())
        .args(["case", "list"])
        .env("TAFEL_DB", &db.path)
        .env("TAFEL_DB_KEY", "ab".repeat(32))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("De sleutel opent deze database niet"));
}

#[test]
fn demo_and_register_from_the_command_line() {
    let db = TestDb::new();
    let out = tafel(&db, &["demo"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let register = json(&tafel(&db, &["register", "list", "--json"], None));
    assert!(
        register
            .as_array()
            .expect("array")
            .iter()
            .any(|f| f["name"] == "Qredits")
    );
    let cases = json(&tafel(
        &db,
        &["case", "list", "--province", "LI", "--json"],
        None,
    ));
    assert!(
        cases
            .as_array()
            .expect("array")
            .iter()
            .all(|c| c["province"] == "LI")
    );
    let human = tafel(&db, &["case", "list", "--limit", "3"], None);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("€ "), "Dutch euro formatting: {text}");
    assert!(text.contains("3 casus(sen)"));
}

#[test]
fn register_import_from_the_command_line_previews_then_imports() {
    let db = TestDb::new();
    let sheet = db.dir.path().join("financiers.csv");
    std::fs::write(
        &sheet,
        "Financier;Soort financier;Werkgebied;Kapitaalsoort(en);Maximaal bedrag\r\n\
         Qredits;Microfinancier;Heel Nederland;Microkrediet;€ 50.000\r\n\
         Pandjesbaas;pandjeshuis;Gelderland;Lening;\r\n\
         Oost NL;ROM;Gelderland, Overijssel;Participatie;€ 2,5 mln\r\n",
    )
    .expect("write");
    let path = sheet.to_str().expect("path");
    let mapping = db.dir.path().join("koppeling.json");

    let preview = json(&tafel(
        &db,
        &[
            "register",
            "import",
            path,
            "--dry-run",
            "--json",
            "--save-mapping",
            mapping.to_str().expect("path"),
        ],
        None,
    ));
    assert_eq!(preview["total_rows"], 3);
    assert_eq!(preview["new_rows"], 2);
    assert_eq!(preview["errors"][0]["line"], 3);
    assert_eq!(preview["mapping"]["columns"][1]["field"], "financier_type");
    assert!(
        std::fs::read_to_string(&mapping)
            .expect("saved mapping")
            .contains("\"regions\"")
    );

    let human = tafel(&db, &["register", "import", path, "--dry-run"], None);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("regel 3 (kolom \"Soort financier\")"),
        "{text}"
    );
    assert!(text.contains("Proefdraai"), "{text}");

    let refused = tafel(&db, &["register", "import", path, "--all-or-nothing"], None);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("regel 3"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(
        json(&tafel(&db, &["register", "list", "--json"], None))
            .as_array()
            .map(Vec::len),
        Some(0)
    );

    let report = json(&tafel(
        &db,
        &[
            "register",
            "import",
            path,
            "--mapping",
            mapping.to_str().expect("path"),
            "--json",
        ],
        None,
    ));
    assert_eq!(report["rows"], 2);
    assert_eq!(report["errors"][0]["line"], 3);
    let register = json(&tafel(&db, &["register", "list", "--json"], None));
    let oost = register
        .as_array()
        .expect("array")
        .iter()
        .find(|f| f["name"] == "Oost NL")
        .expect("Oost NL");
    assert_eq!(oost["regions"], serde_json::json!(["OV", "GE"]));
}

/// Output into a pipe whose reader has gone (`tafel case list | head -1`) ends the command
/// quietly, as other Unix tools do, instead of a panic.
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    use std::io::Read;
    let db = TestDb::new();
    assert!(tafel(&db, &["demo"], None).status.success());
    // More than a pipe's buffer (64 KiB) of output, so the writer meets the closed pipe.
    let sheet = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/examples/casussen-financieringstafel.xlsx"
    );
    assert!(tafel(&db, &["import", sheet], None).status.success());
    let mut child = std::process::Command::new(crate::common::tafel_bin())
        .args(["case", "list", "--json"])
        .env("TAFEL_DB", &db.path)
        .env("TAFEL_DB_KEY", KEY_HEX)
        .env("TAFEL_KEYCHAIN", "off")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run tafel");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // The reader is gone now (the pipe was dropped with `take`).
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
