//! Writes `assets/examples/casussen-financieringstafel.xlsx` (and the same sheet as `.csv`):
//! 200 fictional cases in the layout a financing table keeps in Excel today, with the messy
//! values people type and a known set of problems for the import tests.
//!
//! Deterministic: a fixed-seed generator and a fixed document date, so running it again
//! gives the same bytes. Run: `cargo run --example make_example_sheet [OUTPUT_DIR]`.
//!
//! The problems (row numbers as Excel shows them; the header is row 1):
//! - invalid rows: 23 (KvK number of 7 digits), 58 (amount "n.t.b."), 97 (province
//!   "Vlaanderen"), 134 (date "31-02-2025"), 171 (no company name);
//! - duplicates: 80 repeats 12, 150 repeats 45, 199 repeats 120 (same KvK number, amount
//!   and intake date, written differently);
//! - row 175 is a second case of the company of row 30 (not a duplicate: another amount).

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// Column headers, as a table might name them.
pub const HEADERS: [&str; 15] = [
    "Nr.",
    "Datum intake",
    "Bedrijfsnaam",
    "KvK-nummer",
    "Vestigingsplaats",
    "Provincie",
    "Sector",
    "Fase",
    "Gevraagd bedrag",
    "Kapitaalsoort(en)",
    "Doel",
    "Aangebracht door",
    "Status",
    "Eigenaar",
    "Opmerkingen",
];

/// Rows with a validation problem, and the field it concerns.
pub const INVALID_ROWS: [(usize, &str); 5] = [
    (23, "company.kvk"),
    (58, "amount_eur"),
    (97, "company.province"),
    (134, "intake_date"),
    (171, "company.name"),
];
/// Duplicate rows and the earlier row each repeats.
pub const DUPLICATE_ROWS: [(usize, usize); 3] = [(80, 12), (150, 45), (199, 120)];
/// A second case of the company of an earlier row: (row, earlier row).
pub const SAME_COMPANY_ROW: (usize, usize) = (175, 30);

/// One cell of the example sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing typed.
    Empty,
    /// Text as typed.
    Text(String),
    /// A plain number.
    Number(f64),
    /// An amount typed as a number, shown as euros.
    Euros(f64),
    /// A real Excel date.
    Date(u16, u8, u8),
}

/// Fixed-seed linear congruential generator (no crate needed, same numbers everywhere).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const PLACES: &[(&str, &[&str])] = &[
    ("Leeuwarden", &["Friesland", "Fryslân", "FR"]),
    ("Sneek", &["Friesland"]),
    ("Drachten", &["friesland"]),
    ("Groningen", &["Groningen"]),
    ("Hoogezand", &["groningen", "GR"]),
    ("Assen", &["Drenthe"]),
    ("Emmen", &["Drenthe", "drenthe"]),
    ("Zwolle", &["Overijssel"]),
    ("Enschede", &["Overijssel", "OV"]),
    ("Almere", &["Flevoland"]),
    ("Lelystad", &["Flevoland"]),
    ("Arnhem", &["Gelderland"]),
    ("Nijmegen", &["Gelderland", "Gld"]),
    ("Apeldoorn", &["gelderland"]),
    ("Utrecht", &["utrecht", "Utrecht"]),
    ("Amersfoort", &["Utrecht"]),
    ("Houten", &["UT", "utrecht"]),
    ("Haarlem", &["Noord-Holland"]),
    ("Alkmaar", &["N-Holland", "Noord Holland"]),
    ("Delft", &["Zuid-Holland"]),
    ("Leiden", &["Z-Holland", "Zuid Holland"]),
    ("Gouda", &["Zuid-Holland"]),
    ("Middelburg", &["Zeeland"]),
    ("Goes", &["zeeland"]),
    ("Eindhoven", &["Noord-Brabant", "N-Brabant"]),
    ("Tilburg", &["N-Brabant", "Brabant"]),
    ("Breda", &["Noord Brabant"]),
    ("Maastricht", &["Limburg"]),
    ("Venlo", &["limburg", "LI"]),
];

/// (how the sector is typed, company-name prefixes, whether venture stages fit).
const SECTORS: &[(&str, &[&str], bool)] = &[
    (
        "Agri & food",
        &[
            "Kaasmakerij",
            "Zuivelboerderij",
            "Akkerbouwbedrijf",
            "Streekslagerij",
        ],
        false,
    ),
    (
        "agrifood",
        &["Biologische Boerderij", "Notenbranderij"],
        false,
    ),
    (
        "HTSM",
        &["Precisietechniek", "Machinefabriek", "Sensortechniek"],
        true,
    ),
    (
        "Maakindustrie",
        &["Metaalwerken", "Lasbedrijf", "Constructiebedrijf"],
        false,
    ),
    (
        "Energie",
        &["Zonnewarmte", "Warmtenet", "Laadpaal Service"],
        true,
    ),
    (
        "Creatieve industrie",
        &["Ontwerpstudio", "Drukkerij", "Filmstudio"],
        true,
    ),
    (
        "Logistiek",
        &["Transportbedrijf", "Koeriersdienst", "Opslag & Distributie"],
        false,
    ),
    (
        "Tuinbouw",
        &["Kwekerij", "Tuinderij", "Bloemisterij Groothandel"],
        false,
    ),
    (
        "Water & maritiem",
        &["Scheepswerf", "Jachtbouw", "Baggerwerken"],
        true,
    ),
    (
        "Life sciences & health",
        &["Zorgtechniek", "Medisch Lab", "Fysio Innovatie"],
        true,
    ),
    ("Chemie", &["Coatings", "Biochemie"], true),
    ("Horeca", &["Brasserie", "Eetcafé", "Lunchroom"], false),
    (
        "Detailhandel",
        &["Fietsenmakerij", "Boekhandel", "Speelgoedwinkel"],
        false,
    ),
    (
        "Bouw",
        &["Bouwbedrijf", "Timmerbedrijf", "Installatiebedrijf"],
        false,
    ),
    ("Zorg", &["Thuiszorg", "Kinderopvang"], false),
    (
        "Zakelijke dienstverlening",
        &["Adviesbureau", "Schoonmaakbedrijf", "Vertaalbureau"],
        false,
    ),
];

const NAMES: &[&str] = &[
    "De Zilverreiger",
    "Klaverweide",
    "Dijkzicht",
    "Het Wilgenhof",
    "Noorderlicht",
    "Zonnedauw",
    "De Kwakelbos",
    "Vlinderkamp",
    "De Blauwe Reiger",
    "Hooiberg",
    "Kievitsveld",
    "De Lindeboom",
    "Waterhoen",
    "Het Kraaiennest",
    "De Ooievaar",
    "Duinzicht",
    "Zeven Eiken",
    "De Molenwiek",
    "Hazelaar",
    "De Vuurtoren",
    "Het Anker",
    "Meidoorn",
    "De Korenbloem",
    "Ijsvogel",
    "De Grutto",
    "Tulpenveld",
    "De Bosuil",
    "Rietkraag",
    "Polderwind",
    "De Wadden",
];

const SUFFIXES: &[&str] = &["BV", "B.V.", "VOF", "", "BV", "Holding BV"];

/// A stage as typed, its amount range in euros, capital types and purposes as typed, and
/// whether it is a venture stage (only for innovative sectors).
type StageSpec = (
    &'static str,
    (u32, u32),
    &'static [&'static str],
    &'static [&'static str],
    bool,
);

const STAGES: &[StageSpec] = &[
    (
        "Startup",
        (15_000, 150_000),
        &[
            "microkrediet",
            "Microfinanciering",
            "Kredietunie",
            "lening + BMKB",
        ],
        &["Start", "Werkkapitaal"],
        false,
    ),
    (
        "starter",
        (10_000, 80_000),
        &["microkrediet", "Crowdfunding", "Kredietunie"],
        &["Start"],
        false,
    ),
    (
        "Idee",
        (25_000, 250_000),
        &["Innovatiekrediet", "Subsidie + lening", "business angel"],
        &["Innovatie"],
        true,
    ),
    (
        "Seed",
        (150_000, 900_000),
        &[
            "participatie",
            "Converteerbare lening",
            "Eigen vermogen / participatie",
        ],
        &["Innovatie", "Start"],
        true,
    ),
    (
        "Groei",
        (100_000, 2_500_000),
        &[
            "Achtergestelde lening + bank",
            "Bancaire lening, BMKB",
            "lening",
            "Crowdfunding",
        ],
        &["Groei", "uitbreiding", "Verduurzaming", "Werkkapitaal"],
        false,
    ),
    (
        "groeifase",
        (75_000, 1_500_000),
        &["Achtergestelde lening", "Lease", "factoring", "lening"],
        &["Groei", "voorfinanciering", "Werkkapitaal"],
        false,
    ),
    (
        "Scale-up",
        (1_000_000, 8_000_000),
        &[
            "participatie",
            "Achtergestelde lening + bank",
            "Eigen vermogen / participatie",
        ],
        &["Groei", "Innovatie"],
        true,
    ),
    (
        "Volwassen",
        (200_000, 3_000_000),
        &["Bancaire lening, BMKB", "Lease", "lening"],
        &["Verduurzaming", "uitbreiding", "Werkkapitaal"],
        false,
    ),
    (
        "Overname",
        (300_000, 4_000_000),
        &["Achtergestelde lening + bank", "BMKB", "lening"],
        &["Overname"],
        false,
    ),
    (
        "Herstructurering",
        (100_000, 1_200_000),
        &["Achtergestelde lening", "factoring"],
        &["Herfinanciering", "Werkkapitaal"],
        false,
    ),
];

const REFERRERS: &[&str] = &[
    "Rabobank",
    "ING",
    "ABN AMRO",
    "Accountant Van Dijk & Partners",
    "Ondernemersplein KvK",
    "Adviesbureau Groeikracht",
    "Oost NL",
    "BOM",
    "zelf",
    "",
];

const STATUSES: &[&str] = &[
    "Intake",
    "in behandeling",
    "Screening",
    "Gereed voor tafel",
    "Gepresenteerd",
    "Matching",
    "In beoordeling",
    "Gefinancierd",
    "Deels gefinancierd",
    "Niet gefinancierd",
    "Doorverwezen",
    "Ingetrokken",
    "Afgesloten",
];

const OWNERS: &[&str] = &[
    "Marieke Jansen",
    "Pieter Bakker",
    "Sanne de Wit",
    "Joost",
    "marieke",
];

const NOTES: &[&str] = &[
    "Bank wil alleen meefinancieren met achtergestelde lening erbij.",
    "Jaarcijfers 2024 nog opvragen.",
    "Ondernemer zoekt cofinanciering voor nieuwe machine.",
    "Eerder afgewezen door huisbank wegens te weinig zekerheden.",
    "Sterke orderportefeuille; solvabiliteit laag.",
    "Plan verduurzaming pand, offerte zonnepanelen bijgevoegd.",
    "Tweede gesprek gepland.",
    "Wacht op prognose van de accountant.",
    "",
    "",
];

/// The sheet's data rows (without header); `count` rows, the problems placed as documented.
pub fn rows(count: usize) -> Vec<Vec<Value>> {
    let mut rng = Lcg(20_250_106);
    let mut rows: Vec<Vec<Value>> = Vec::with_capacity(count);
    let mut used_kvk = std::collections::HashSet::new();
    let mut used_names = std::collections::HashSet::new();
    // (kvk, name, place, province, amount, date) of each row, for duplicates and company reuse.
    type Facts = (u32, String, usize, String, u32, (u16, u8, u8));
    let mut facts: Vec<Facts> = Vec::with_capacity(count);
    let start = (2025, 1, 6);
    for index in 0..count {
        let row_number = index + 2;
        let (place, provinces) = rng.pick(PLACES);
        let province = rng.pick(provinces).to_string();
        let (sector, prefixes, venture) = rng.pick(SECTORS);
        let (stage, (low, high), capital_types, purposes, _) = loop {
            let pick = rng.pick(STAGES);
            if *venture || !pick.4 {
                break pick;
            }
        };
        let mut name = String::new();
        // Unique names while the combinations last (a long benchmark sheet repeats some).
        for _ in 0..20 {
            name = format!(
                "{} {} {}",
                rng.pick(prefixes),
                rng.pick(NAMES),
                rng.pick(SUFFIXES)
            )
            .trim()
            .to_string();
            if used_names.insert(name.clone()) {
                break;
            }
        }
        let mut kvk;
        loop {
            kvk = 90_000_000 + (rng.next() % 10_000_000) as u32;
            if used_kvk.insert(kvk) {
                break;
            }
        }
        let step = (high - low) / 1000;
        let amount = (low + step * rng.below(1001) as u32) / 5_000 * 5_000 + 5_000;
        let date = add_days(start, (index * 660 / count.max(1)) as u32);
        let place_index = PLACES.iter().position(|(p, _)| p == place).unwrap_or(0);
        facts.push((
            kvk,
            name.clone(),
            place_index,
            province.clone(),
            amount,
            date,
        ));

        let mut row = vec![
            Value::Number((index + 1) as f64),
            date_cell(index, date),
            Value::Text(name),
            if index % 4 == 1 {
                Value::Text(format!("{} {:04}", kvk / 10_000, kvk % 10_000))
            } else {
                Value::Number(f64::from(kvk))
            },
            Value::Text(place.to_string()),
            Value::Text(province),
            Value::Text(sector.to_string()),
            Value::Text(stage.to_string()),
            amount_cell(index, amount),
            Value::Text(rng.pick(capital_types).to_string()),
            Value::Text(rng.pick(purposes).to_string()),
            Value::Text(rng.pick(REFERRERS).to_string()),
            Value::Text(rng.pick(STATUSES).to_string()),
            Value::Text(rng.pick(OWNERS).to_string()),
            Value::Text(rng.pick(NOTES).to_string()),
        ];
        if row_number == 60 {
            row[14] = Value::Text(
                "Twee regels in één cel:\nzie ook het verslag van het eerste gesprek.".into(),
            );
        }
        if let Some((_, earlier)) = DUPLICATE_ROWS.iter().find(|(r, _)| *r == row_number) {
            // The same case typed again: other spellings of the same KvK number, amount and date.
            let (kvk, name, place, province, amount, date) = facts[earlier - 2].clone();
            row[1] = Value::Text(format!("{}-{}-{}", date.2, date.1, date.0));
            row[2] = Value::Text(name);
            row[3] = Value::Text(format!("{:08}", kvk));
            row[4] = Value::Text(PLACES[place].0.to_string());
            row[5] = Value::Text(province);
            row[8] = Value::Text(euros_text(amount));
            row[12] = Value::Text("Intake".into());
            row[14] = Value::Text("Dubbel ingevoerd?".into());
            facts[index] = (kvk, String::new(), place, String::new(), 0, date);
        }
        if row_number == SAME_COMPANY_ROW.0 {
            let (kvk, name, place, province, amount, _) = facts[SAME_COMPANY_ROW.1 - 2].clone();
            row[2] = Value::Text(name);
            row[3] = Value::Number(f64::from(kvk));
            row[4] = Value::Text(PLACES[place].0.to_string());
            row[5] = Value::Text(province);
            row[8] = Value::Number(f64::from(amount + 50_000));
            row[14] = Value::Text("Tweede aanvraag, nu voor werkkapitaal.".into());
        }
        match row_number {
            23 => row[3] = Value::Number(f64::from(1_000_000 + kvk % 9_000_000)),
            58 => row[8] = Value::Text("n.t.b.".into()),
            97 => row[5] = Value::Text("Vlaanderen".into()),
            134 => row[1] = Value::Text("31-02-2025".into()),
            171 => row[2] = Value::Empty,
            _ => {}
        }
        rows.push(row);
    }
    rows
}

fn add_days(start: (u16, u8, u8), days: u32) -> (u16, u8, u8) {
    let (mut y, mut m, mut d) = (start.0, start.1, u32::from(start.2) + days);
    loop {
        let length = match m {
            2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if d <= length {
            return (y, m, d as u8);
        }
        d -= length;
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
}

/// Most dates are real Excel dates; some are typed as text, the Dutch way or ISO.
fn date_cell(index: usize, (y, m, d): (u16, u8, u8)) -> Value {
    match index % 10 {
        3 | 8 => Value::Text(format!("{d}-{m}-{y}")),
        6 => Value::Text(format!("{y}-{m:02}-{d:02}")),
        _ => Value::Date(y, m, d),
    }
}

fn euros_text(amount: u32) -> String {
    let digits = amount.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("€ {grouped}")
}

/// Amounts as people type them: numbers, "€ 850.000", "1,2 mln", "250k", "75000".
fn amount_cell(index: usize, amount: u32) -> Value {
    match index % 6 {
        1 => Value::Text(euros_text(amount)),
        2 if amount >= 1_000_000 && amount.is_multiple_of(100_000) => {
            let tenths = amount / 100_000;
            if tenths.is_multiple_of(10) {
                Value::Text(format!("{} mln", tenths / 10))
            } else {
                Value::Text(format!("{},{} mln", tenths / 10, tenths % 10))
            }
        }
        2 | 4 if amount.is_multiple_of(1_000) => Value::Text(format!("{}k", amount / 1_000)),
        5 => Value::Text(amount.to_string()),
        _ => Value::Euros(f64::from(amount)),
    }
}

/// Writes the rows as the first worksheet of an `.xlsx`.
pub fn write_xlsx(rows: &[Vec<Value>], path: &Path) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 5)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_author("Tafel (voorbeeld)")
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("d-m-yyyy");
    let euros = Format::new().set_num_format("\"€\" #,##0");
    let wrap = Format::new().set_text_wrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Casussen 2025-2026")?;
    for (col, header) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, &bold)?;
    }
    for (col, width) in [5, 12, 38, 12, 16, 14, 22, 14, 15, 30, 16, 28, 18, 15, 50]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(col as u16, *width)?;
    }
    for (index, row) in rows.iter().enumerate() {
        let r = index as u32 + 1;
        for (col, value) in row.iter().enumerate() {
            let c = col as u16;
            match value {
                Value::Empty => {}
                Value::Text(text) if text.contains('\n') => {
                    sheet.write_string_with_format(r, c, text, &wrap)?;
                }
                Value::Text(text) => {
                    sheet.write_string(r, c, text)?;
                }
                Value::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Value::Euros(n) => {
                    sheet.write_number_with_format(r, c, *n, &euros)?;
                }
                Value::Date(y, m, d) => {
                    sheet.write_datetime_with_format(
                        r,
                        c,
                        &ExcelDateTime::from_ymd(*y, *m, *d)?,
                        &date,
                    )?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    workbook.save(path)
}

/// Writes the rows as Dutch Excel saves CSV: `;`-separated, cells as displayed.
pub fn write_csv(rows: &[Vec<Value>], path: &Path) -> Result<(), csv::Error> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_path(path)?;
    writer.write_record(HEADERS)?;
    for row in rows {
        writer.write_record(row.iter().map(|value| match value {
            Value::Empty => String::new(),
            Value::Text(text) => text.clone(),
            Value::Number(n) => format!("{n}"),
            Value::Euros(n) => euros_text(*n as u32),
            Value::Date(y, m, d) => format!("{d}-{m}-{y}"),
        }))?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes both files into `dir`; returns their paths (xlsx, csv).
pub fn write_files(dir: &Path) -> Result<(PathBuf, PathBuf), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let rows = rows(200);
    let xlsx = dir.join("casussen-financieringstafel.xlsx");
    let csv = dir.join("casussen-financieringstafel.csv");
    write_xlsx(&rows, &xlsx)?;
    write_csv(&rows, &csv)?;
    Ok((xlsx, csv))
}

/// `make_example_sheet [DIR]` writes the example files; `make_example_sheet DIR ROWS` writes
/// only `casussen-ROWS.csv` with that many rows (the app benchmark's 100,000-case table).
#[allow(dead_code)]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples"));
    if let Some(count) = args.next() {
        let count: usize = count
            .to_str()
            .and_then(|c| c.parse().ok())
            .ok_or("het aantal rijen is geen getal")?;
        std::fs::create_dir_all(&dir)?;
        let csv = dir.join(format!("casussen-{count}.csv"));
        write_csv(&rows(count), &csv)?;
        println!("Geschreven: {}", csv.display());
        return Ok(());
    }
    let (xlsx, csv) = write_files(&dir)?;
    println!("Geschreven: {} en {}", xlsx.display(), csv.display());
    Ok(())
}
