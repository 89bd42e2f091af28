//! The fuzz targets' corpora and every crash they found, replayed through the same checks
//! the targets run (`tafel::fuzz_checks`), so a plain `cargo test` (no nightly, no
//! cargo-fuzz) keeps them passing. `make fuzz` grows the corpora in `fuzz/corpus/<target>/`;
//! a crash's input goes to `fuzz/regressions/<target>/` once its bug is fixed.
//!
//! A target without a corpus (missing or empty folder) fails here: a replay that checks
//! nothing would pass forever. `fuzz_seeds` (ignored; `make fuzz-seeds`) writes the seed
//! files every corpus started from.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use tafel::fuzz_checks::TARGETS;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of a folder, sorted; `None` when it does not exist.
fn files(dir: &Path) -> Option<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut files: Vec<PathBuf> = entries
        .map(|e| {
            e.unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
                .path()
        })
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    Some(files)
}

fn check_of(target: &str) -> fn(&[u8]) {
    match TARGETS.iter().find(|(name, _)| *name == target) {
        Some((_, check)) => *check,
        None => panic!("no check named {target} in tafel::fuzz_checks::TARGETS"),
    }
}

/// Runs every corpus file and regression of `target` through its check; fails naming each
/// file that breaks an invariant, and when the corpus is missing or empty.
fn replay(target: &str) {
    let check = check_of(target);
    let corpus_dir = fuzz_dir().join("corpus").join(target);
    let corpus = files(&corpus_dir).unwrap_or_else(|| {
        panic!(
            "{} is missing: every fuzz target keeps a corpus",
            corpus_dir.display()
        )
    });
    assert!(
        !corpus.is_empty(),
        "{} is empty: every fuzz target keeps a corpus",
        corpus_dir.display()
    );
    let regressions = files(&fuzz_dir().join("regressions").join(target)).unwrap_or_default();
    let mut failed = Vec::new();
    for file in corpus.iter().chain(&regressions) {
        let data =
            std::fs::read(file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{target}: {} of {} inputs break an invariant (messages above):\n{}",
        failed.len(),
        corpus.len() + regressions.len(),
        failed.join("\n")
    );
}

macro_rules! replays {
    ($($target:ident),+ $(,)?) => {
        $(
            #[test]
            fn $target() {
                replay(stringify!($target));
            }
        )+

        /// Every target has a check, a replay here and a cargo-fuzz target, and every corpus
        /// or regression folder belongs to one.
        #[test]
        fn every_target_is_replayed() {
            let replayed: Vec<&str> = vec![$(stringify!($target)),+];
            let checks: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
            assert_eq!(replayed, checks, "replay every target of tafel::fuzz_checks::TARGETS here");
            let mut sources: Vec<String> = files(&fuzz_dir().join("fuzz_targets"))
                .unwrap_or_default()
                .iter()
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .collect();
            sources.sort();
            let mut sorted = checks.clone();
            sorted.sort();
            assert_eq!(sources, sorted, "fuzz/fuzz_targets/ and tafel::fuzz_checks::TARGETS differ");
            for folder in ["corpus", "regressions"] {
                for dir in std::fs::read_dir(fuzz_dir().join(folder)).into_iter().flatten().flatten() {
                    let name = dir.file_name().to_string_lossy().into_owned();
                    assert!(checks.contains(&name.as_str()), "fuzz/{folder}/{name} belongs to no target");
                }
            }
        }
    };
}

replays!(
    sheet_csv,
    sheet_xlsx,
    register_json,
    amount,
    date,
    rules,
    backup_restore,
    search_query,
    matching_config
);

/// Writes the seed files the corpora started from into `fuzz/corpus/<target>/seed-*`
/// (`make fuzz-seeds`); the fuzzer grows the corpora from there.
#[test]
#[ignore = "writes fuzz/corpus; run by make fuzz-seeds"]
fn fuzz_seeds() {
    for (target, seeds) in seeds::all() {
        let dir = fuzz_dir().join("corpus").join(target);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for (name, bytes) in seeds {
            let check = check_of(target);
            check(&bytes);
            std::fs::write(dir.join(format!("seed-{name}")), &bytes)
                .unwrap_or_else(|e| panic!("{target}/{name}: {e}"));
        }
    }
}

mod seeds {
    use std::path::Path;

    use tafel::domain::StructuredRules;
    use tafel::matching::DEFAULT_TOML;
    use tafel::service::register::STARTER_REGISTER_CSV;
    use tafel::store::Store;

    use crate::common::{actor, bakery, today};

    type Seeds = Vec<(String, Vec<u8>)>;

    fn texts(items: &[(&str, &str)]) -> Seeds {
        items
            .iter()
            .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
            .collect()
    }

    fn asset(path: &str) -> Vec<u8> {
        let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    }

    /// The first `lines` lines of a text file: the header and a few rows.
    fn head(bytes: &[u8], lines: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for line in bytes.split_inclusive(|b| *b == b'\n').take(lines) {
            out.extend_from_slice(line);
        }
        out
    }

    pub fn all() -> Vec<(&'static str, Seeds)> {
        vec![
            ("sheet_csv", sheet_csv()),
            ("sheet_xlsx", sheet_xlsx()),
            ("register_json", register_json()),
            ("amount", amount()),
            ("date", date()),
            ("rules", rules()),
            ("backup_restore", backup_restore()),
            ("search_query", search_query()),
            ("matching_config", matching_config()),
        ]
    }

    fn sheet_csv() -> Seeds {
        let example = asset("assets/examples/casussen-financieringstafel.csv");
        let mut seeds = vec![
            ("example-cases.csv".to_string(), head(&example, 12)),
            (
                "starter-register.csv".to_string(),
                head(STARTER_REGISTER_CSV.as_bytes(), 10),
            ),
        ];
        seeds.extend(texts(&[
            ("dutch-excel.csv", "\u{FEFF}Bedrijfsnaam;KvK-nummer;Provincie;Gevraagd bedrag;Doel;Fase;Sector;Kapitaalsoort(en);Datum intake\r\nBakkerij Zonnedauw BV;71234567;Utrecht;€ 40.000;Start;Starter;Overige;microkrediet;3-2-2026\r\n\"Café \"\"De Hoek\"\"\";;N-Brabant;1,2 mln;groei;groeifase;horeca;Achtergestelde lening + bank;06-03-2026\r\n"),
            ("commas-multiline.csv", "Company name,Province,Amount,Purpose,Stage,Sector,Capital types,Notes\nAcme,ZH,850k,growth,growth,logistics,\"senior_loan, equity\",\"two\nlines\"\n\n,,,,,,,\nX,FR,€ 250.000,start,startup,other,microcredit,'=HYPERLINK(\"http://x\")\n"),
            ("register-dutch.csv", "Naam;Soort financier;Werkgebied;Kapitaalsoorten;Ticket min;Ticket max;Fasen;Sectoren;Geverifieerd op;Gestructureerde regels\nNOM;ROM;Noord-Nederland;Achtergestelde lening; participatie;€ 50.000;€ 2 mln;Alle;Agri & food, Energie;3-2-2026;max_share_of_need=50%\n"),
        ]));
        seeds.push((
            "windows-1252.csv".to_string(),
            b"Bedrijfsnaam;Provincie;Bedrag\nCaf\xE9 X;Frysl\xE2n;\x80 850.000\n".to_vec(),
        ));
        seeds.push((
            "utf16le.csv".to_string(),
            b"\xFF\xFEN\0a\0a\0m\0;\0B\0e\0d\0r\0a\0g\0\n\0C\0a\0f\0\xE9\0;\x001\x000\x00k\0\n\0"
                .to_vec(),
        ));
        seeds
    }

    fn sheet_xlsx() -> Seeds {
        let mut seeds = vec![(
            "example-cases.xlsx".to_string(),
            asset("assets/examples/casussen-financieringstafel.xlsx"),
        )];
        // A small case sheet and the starter register as the export writes them.
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open_in_memory().expect("store");
        tafel::service::register::import_starter_register(&mut store, &actor())
            .expect("starter register");
        tafel::service::cases::add_case(&mut store, &actor(), &bakery(), today()).expect("case");
        let register = dir.path().join("register.xlsx");
        tafel::service::transfer::export_register(
            &store,
            &actor(),
            tafel::report::ExportFormat::Xlsx,
            &register,
            today(),
            &tafel::progress::Silent,
        )
        .expect("register export");
        let cases = dir.path().join("casussen.xlsx");
        tafel::service::transfer::export_cases(
            &store,
            &actor(),
            &Default::default(),
            tafel::report::ExportFormat::Xlsx,
            &cases,
            &tafel::progress::Silent,
        )
        .expect("case export");
        seeds.push((
            "export-register.xlsx".to_string(),
            std::fs::read(&register).expect("register.xlsx"),
        ));
        seeds.push((
            "export-cases.xlsx".to_string(),
            std::fs::read(&cases).expect("casussen.xlsx"),
        ));
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (column, header) in ["Naam", "Provincie", "Bedrag", "Datum", "Kapitaalsoort"]
            .iter()
            .enumerate()
        {
            sheet
                .write_string(0, column as u16, *header)
                .expect("header");
        }
        sheet
            .write_string(2, 0, "Bakkerij Zonnedauw BV")
            .expect("cell");
        sheet.write_string(2, 1, "Utrecht").expect("cell");
        sheet.write_number(2, 2, 40000.5).expect("cell");
        sheet.write_number(2, 3, 45691.0).expect("cell");
        sheet.write_boolean(2, 4, true).expect("cell");
        seeds.push((
            "small.xlsx".to_string(),
            book.save_to_buffer().expect("xlsx"),
        ));
        seeds
    }

    fn register_json() -> Seeds {
        let sheet = tafel::import::sheet::Sheet::from_csv_bytes(
            STARTER_REGISTER_CSV.as_bytes(),
            Path::new("register.csv"),
        )
        .expect("register");
        let items: Vec<serde_json::Value> = sheet
            .rows
            .iter()
            .take(6)
            .map(|row| {
                serde_json::Value::Object(
                    sheet
                        .headers
                        .iter()
                        .cloned()
                        .zip(
                            row.cells
                                .iter()
                                .map(|c| serde_json::Value::String(c.clone())),
                        )
                        .collect(),
                )
            })
            .collect();
        let mut seeds = vec![(
            "starter-register.json".to_string(),
            serde_json::to_vec_pretty(&items).expect("json"),
        )];
        seeds.extend(texts(&[
            ("arrays-numbers.json", r#"[{"name": "A", "financier_type": "bank", "regions": ["GE", "UT"], "capital_types": ["senior_loan"], "ticket_max_eur": 250000, "uncertain": null}, {"name": "B", "financier_type": "rom", "regions": "NL", "capital_types": "equity", "ticket_min_eur": "€ 50.000", "verified_on": "3-2-2026"}]"#),
            ("dutch-keys.json", "\u{FEFF}[{\"Naam\": \"Qredits\", \"Soort financier\": \"Microfinanciering\", \"Werkgebied\": \"Heel Nederland\", \"Kapitaalsoorten\": \"microkrediet\", \"Ticket max\": \"€ 250.000\", \"Gestructureerde regels\": \"max_ticket microcredit=50000\", \"Onzeker\": true}]"),
        ]));
        seeds
    }

    fn amount() -> Seeds {
        texts(&[
            ("mln", "1,5 mln"),
            ("euro-points", "€ 250.000"),
            ("k", "850k"),
            ("cents", "€ 1.250.000,50"),
            ("comma-dash", "EUR 12.500,-"),
            ("circa", "ca. € 850.000"),
            ("miljoen", "2 miljoen"),
            ("english", "1,250,000.00"),
            ("negative", "-€ 5.000"),
            ("zero", "0"),
        ])
    }

    fn date() -> Seeds {
        texts(&[
            ("dutch", "06-03-2027"),
            ("iso", "2027-03-06"),
            ("month-name", "3 februari 2025"),
            ("serial", "45691"),
            ("short-year", "3-2-25"),
            ("with-time", "2025-02-03 14:30"),
            ("impossible", "31-02-2025"),
            ("slashes", "3/2/2025"),
            ("dots", "3.2.2025"),
        ])
    }

    fn rules() -> Seeds {
        let sheet = tafel::import::sheet::Sheet::from_csv_bytes(
            STARTER_REGISTER_CSV.as_bytes(),
            Path::new("register.csv"),
        )
        .expect("register");
        let column = sheet
            .headers
            .iter()
            .position(|h| h == "structured_rules")
            .expect("structured_rules column");
        let mut seeds: Seeds = Vec::new();
        let mut seen = Vec::new();
        for row in &sheet.rows {
            let text = &row.cells[column];
            if !text.is_empty() && !seen.contains(text) {
                seen.push(text.clone());
                seeds.push((
                    format!("register-{}", seeds.len() + 1),
                    text.as_bytes().to_vec(),
                ));
            }
        }
        let all = "max_share_of_need=50%; min_round=5000000; requires_co_investor; max_ticket microcredit=50000; \
                   guarantee covers=senior_loan,overdraft part=50% small_part=75% small_loan_max=266667 cover=90% max_guaranteed=1500000 lenders=bank purposes=sustainability loan_min=150000 loan_max=150000000";
        seeds.extend(texts(&[
            ("all", all),
            (
                "bad",
                "max_share_of_need=150%; hooguit_de_helft; max_ticket lening=5",
            ),
        ]));
        let json =
            serde_json::to_string(&StructuredRules::parse(all).expect("rules").0).expect("json");
        seeds.push(("json".to_string(), json.into_bytes()));
        seeds
    }

    /// A small database: one financier of the starter register, the bakery and a second case.
    fn small_store() -> Store {
        let mut store = Store::open_in_memory().expect("store");
        let csv = head(STARTER_REGISTER_CSV.as_bytes(), 3);
        let sheet = tafel::import::sheet::Sheet::from_csv_bytes(&csv, Path::new("register.csv"))
            .expect("register");
        tafel::service::register::import_register_sheet(
            &mut store,
            &actor(),
            &sheet,
            None,
            tafel::service::transfer::ImportMode::AllOrNothing,
        )
        .expect("register");
        tafel::service::cases::add_case(&mut store, &actor(), &bakery(), today()).expect("case");
        let mut second = bakery();
        second.amount_eur = Some(serde_json::json!("1,2 mln"));
        second.notes = Some("Uitbreiding van de oven; \"tweede\" vestiging".into());
        tafel::service::cases::add_case(&mut store, &actor(), &second, today()).expect("case");
        store
    }

    fn backup_restore() -> Seeds {
        let store = small_store();
        let dir = tempfile::tempdir().expect("temp dir");
        let json = dir.path().join("backup.json");
        tafel::service::transfer::backup(&store, &actor(), &json, &tafel::progress::Silent)
            .expect("backup");
        // An encrypted backup's contents once decrypted: the same database as a plain file,
        // with small pages so the image stays small.
        let image = dir.path().join("backup.db");
        store
            .conn_for_tests()
            .execute("VACUUM INTO ?1", [image.to_string_lossy().as_ref()])
            .expect("vacuum into");
        rusqlite::Connection::open(&image)
            .expect("image")
            .execute_batch("PRAGMA page_size = 512; VACUUM")
            .expect("small pages");
        let encrypted = dir.path().join("backup.tafelbackup");
        tafel::service::transfer::backup_encrypted(
            &store,
            &actor(),
            &encrypted,
            "correct horse battery",
            &tafel::progress::Silent,
        )
        .expect("encrypted backup");
        let encrypted = std::fs::read(&encrypted).expect("encrypted");
        vec![
            (
                "plain.json".to_string(),
                std::fs::read(&json).expect("backup.json"),
            ),
            (
                "decrypted.sqlite".to_string(),
                std::fs::read(&image).expect("backup.db"),
            ),
            // The first pages of a real encrypted backup: no key but its passphrase opens it.
            (
                "encrypted-head.tafelbackup".to_string(),
                encrypted[..encrypted.len().min(8192)].to_vec(),
            ),
        ]
    }

    fn search_query() -> Seeds {
        texts(&[
            ("words", "zonne dauw"),
            ("operators", "\"OR* NEAR("),
            ("case-number", "2026-0001"),
            ("kvk", "71234567"),
            ("accents", "Fryslân café"),
            ("mixed", "bakkerij utrecht -oven AND"),
        ])
    }

    fn matching_config() -> Seeds {
        texts(&[
            ("default.toml", DEFAULT_TOML),
            (
                "partial.toml",
                "[weights]\nhistory = 0\n\n[stack]\nmax_tranches = 6\nmax_candidates = 40\nround_to = 1\n",
            ),
            (
                "extremes.toml",
                "[stack]\nmin_tranche = 0\nunknown_max_floor = 0\nunknown_max_share_pct = 100\nbank_max_share_without_buffer_pct = 0\nguarantee_as_buffer = false\n\n[scores]\nneutral = 1\nnational = 0\n",
            ),
            (
                "related.toml",
                "[related_capital_types]\nequity = [\"convertible_loan\", \"subordinated_loan\"]\nsenior_loan = []\n",
            ),
            ("bad.toml", "[weights]\nticket_fit = \"veel\"\n"),
        ])
    }
}
