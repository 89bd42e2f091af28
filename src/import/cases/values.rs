//! Reading the values people type in sheets: taxonomy labels and synonyms instead of ids,
//! lists of capital types, yes/no, Excel dates.
//!
//! A value that cannot be translated stays as typed, so validation reports it with its row.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

use super::text::fold;
use crate::domain::*;
use crate::import::mapping::FieldKind;

/// Folded spelling → taxonomy id, for one taxonomy list.
type Lookup = HashMap<String, &'static str>;

/// Builds a lookup from ids, Dutch and English labels (whole, per `/` part, with and without
/// the parenthesised part) and synonyms; labels win over synonyms.
fn lookup<T: Copy>(
    all: &[T],
    id: fn(T) -> &'static str,
    labels: &[fn(T) -> &'static str],
    synonyms: &[(&str, &'static str)],
) -> Lookup {
    let mut map = Lookup::new();
    for value in all.iter().copied() {
        let id = id(value);
        map.insert(fold(id), id);
    }
    for value in all.iter().copied() {
        for label in labels {
            for spelling in label_spellings(label(value)) {
                map.entry(spelling).or_insert(id(value));
            }
        }
    }
    for (synonym, id) in synonyms {
        map.entry(fold(synonym)).or_insert(id);
    }
    map
}

fn label_spellings(label: &str) -> Vec<String> {
    let without_parens = {
        let mut out = String::new();
        let mut depth = 0;
        for ch in label.chars() {
            match ch {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ if depth == 0 => out.push(ch),
                _ => {}
            }
        }
        out
    };
    let unwrapped: String = label.chars().filter(|c| *c != '(' && *c != ')').collect();
    let mut spellings = vec![fold(label), fold(&without_parens), fold(&unwrapped)];
    for part in label.split('/').chain(without_parens.split('/')) {
        spellings.push(fold(part));
    }
    spellings.retain(|s| !s.is_empty());
    spellings
}

macro_rules! table {
    ($name:ident, $ty:ty, [$(($syn:literal, $id:literal)),* $(,)?]) => {
        table!($name, $ty, &[$(($syn, $id)),*]);
    };
    ($name:ident, $ty:ty, $synonyms:expr) => {
        fn $name() -> &'static Lookup {
            static TABLE: OnceLock<Lookup> = OnceLock::new();
            TABLE.get_or_init(|| lookup(<$ty>::ALL, <$ty>::id, &[<$ty>::label_nl, <$ty>::label_en], $synonyms))
        }
    };
}

/// Spellings of provinces beside their names and codes.
const PROVINCE_SYNONYMS: &[(&str, &str)] = &[
    ("Friesland", "FR"),
    ("Frl", "FR"),
    ("Fryslan", "FR"),
    ("Noord Brabant", "NB"),
    ("N-Brabant", "NB"),
    ("N.Br.", "NB"),
    ("Brabant", "NB"),
    ("Noord Holland", "NH"),
    ("N-Holland", "NH"),
    ("Zuid Holland", "ZH"),
    ("Z-Holland", "ZH"),
    ("Gron", "GR"),
    ("Gld", "GE"),
    ("Gelre", "GE"),
    ("Ov", "OV"),
    ("Utr", "UT"),
    ("Zld", "ZE"),
    ("Lim", "LI"),
    ("Flevo", "FL"),
    ("Drente", "DR"),
];

table!(provinces, Province, PROVINCE_SYNONYMS);

/// The whole country as a register's region column says it.
const COUNTRY_SYNONYMS: &[(&str, &str)] = &[
    ("Nederland", "NL"),
    ("landelijk", "NL"),
    ("landelijk dekkend", "NL"),
    ("nationaal", "NL"),
    ("heel NL", "NL"),
    ("heel het land", "NL"),
    ("het hele land", "NL"),
    ("hele land", "NL"),
    ("geheel Nederland", "NL"),
    ("heel Nederland", "NL"),
    ("alle provincies", "NL"),
    ("alle regio's", "NL"),
    ("NL breed", "NL"),
    ("Nederland breed", "NL"),
    ("the Netherlands", "NL"),
    ("Netherlands", "NL"),
    ("national", "NL"),
    ("nationwide", "NL"),
];

/// Parts of the country that name several provinces at once.
const REGION_GROUPS: &[(&str, &[&str])] = &[
    ("noord nederland", &["GR", "FR", "DR"]),
    ("oost nederland", &["GE", "OV"]),
    ("zuid nederland", &["NB", "LI", "ZE"]),
    ("randstad", &["NH", "ZH", "UT"]),
];

fn regions() -> &'static Lookup {
    static TABLE: OnceLock<Lookup> = OnceLock::new();
    TABLE.get_or_init(|| {
        let synonyms: Vec<(&str, &'static str)> = COUNTRY_SYNONYMS
            .iter()
            .chain(PROVINCE_SYNONYMS)
            .copied()
            .collect();
        lookup(
            Region::ALL,
            Region::id,
            &[Region::label_nl, Region::label_en],
            &synonyms,
        )
    })
}

table!(
    financier_types,
    FinancierType,
    [
        ("banken", "bank"),
        ("bancair", "bank"),
        ("huisbank", "bank"),
        ("grootbank", "bank"),
        ("commerciele bank", "bank"),
        ("ROM", "rom"),
        ("ontwikkelingsmaatschappij", "rom"),
        ("regionale ontwikkelingsmaatschappijen", "rom"),
        ("ROM-fonds", "rom_fund"),
        ("romfonds", "rom_fund"),
        ("fonds ROM", "rom_fund"),
        ("fonds van de ROM", "rom_fund"),
        ("provinciefonds", "provincial_fund"),
        ("provinciaal", "provincial_fund"),
        ("provincie", "provincial_fund"),
        ("fonds provincie", "provincial_fund"),
        ("provinciale fondsen", "provincial_fund"),
        ("landelijk publiek", "national_public"),
        ("publieke financier", "national_public"),
        ("rijksoverheid", "national_public"),
        ("overheid", "national_public"),
        ("rijk", "national_public"),
        ("RVO", "national_public"),
        ("Invest-NL", "national_public"),
        ("microfinanciering", "microfinancier"),
        ("microkrediet", "microfinancier"),
        ("microkredietverstrekker", "microfinancier"),
        ("microfinancierder", "microfinancier"),
        ("Qredits", "microfinancier"),
        ("kredietunies", "credit_union"),
        ("crowdfunding", "crowdfunding_platform"),
        ("crowdfunder", "crowdfunding_platform"),
        ("crowdfundingplatforms", "crowdfunding_platform"),
        ("crowdfunding platform", "crowdfunding_platform"),
        ("fintech", "fintech_lender"),
        ("online kredietverstrekker", "fintech_lender"),
        ("online lender", "fintech_lender"),
        ("alternatieve kredietverstrekker", "fintech_lender"),
        ("lease", "lessor"),
        ("leasing", "lessor"),
        ("lease maatschappij", "lessor"),
        ("leasemaatschappijen", "lessor"),
        ("factoring", "factor"),
        ("factoringmaatschappij", "factor"),
        ("factoring maatschappij", "factor"),
        ("VC", "venture_capital"),
        ("VC-fonds", "venture_capital"),
        ("durfkapitaal", "venture_capital"),
        ("durfkapitaalfonds", "venture_capital"),
        ("durfinvesteerder", "venture_capital"),
        ("venture capital fonds", "venture_capital"),
        ("participatiemaatschappijen", "participation_company"),
        ("private equity", "participation_company"),
        ("PE", "participation_company"),
        ("family offices", "family_office"),
        ("angelnetwerk", "angel_network"),
        ("angel netwerk", "angel_network"),
        ("business angel netwerk", "angel_network"),
        ("netwerk van business angels", "angel_network"),
        ("business angel", "informal_investor"),
        ("business angels", "informal_investor"),
        ("angel", "informal_investor"),
        ("informele investeerders", "informal_investor"),
        ("informal", "informal_investor"),
        ("PoC-fonds", "poc_fund"),
        ("proof of concept fonds", "poc_fund"),
        ("PoC", "poc_fund"),
        ("CVC", "corporate_venture"),
        ("corporate venture capital", "corporate_venture"),
        ("corporate venturer", "corporate_venture"),
    ]
);

table!(
    capital_types,
    CapitalType,
    [
        ("lening", "senior_loan"),
        ("bank", "senior_loan"),
        ("banklening", "senior_loan"),
        ("bankfinanciering", "senior_loan"),
        ("bancaire lening", "senior_loan"),
        ("bancaire financiering", "senior_loan"),
        ("investeringslening", "senior_loan"),
        ("investeringskrediet", "senior_loan"),
        ("zakelijke lening", "senior_loan"),
        ("hypotheek", "senior_loan"),
        ("term loan", "senior_loan"),
        ("loan", "senior_loan"),
        ("bank loan", "senior_loan"),
        ("rekening courant", "overdraft"),
        ("rc", "overdraft"),
        ("rc krediet", "overdraft"),
        ("kredietfaciliteit", "overdraft"),
        ("kredietlijn", "overdraft"),
        ("werkkapitaalfaciliteit", "overdraft"),
        ("achtergesteld", "subordinated_loan"),
        ("achtergestelde lening", "subordinated_loan"),
        ("mezzanine", "subordinated_loan"),
        ("achtergestelde financiering", "subordinated_loan"),
        ("subordinated loan", "subordinated_loan"),
        ("converteerbaar", "convertible_loan"),
        ("converteerbare", "convertible_loan"),
        ("convertible", "convertible_loan"),
        ("participatie", "equity"),
        ("aandelen", "equity"),
        ("aandelenkapitaal", "equity"),
        ("eigen vermogen", "equity"),
        ("risicokapitaal", "equity"),
        ("durfkapitaal", "equity"),
        ("venture capital", "equity"),
        ("vc", "equity"),
        ("micro", "microcredit"),
        ("microfinanciering", "microcredit"),
        ("microlening", "microcredit"),
        ("micro krediet", "microcredit"),
        ("microkredieten", "microcredit"),
        ("qredits", "microcredit"),
        ("innovatiekrediet", "innovation_loan"),
        ("innovatielening", "innovation_loan"),
        ("vroegefasefinanciering", "innovation_loan"),
        ("vroege fase financiering", "innovation_loan"),
        ("vff", "innovation_loan"),
        ("proof of concept", "innovation_loan"),
        ("poc", "innovation_loan"),
        ("innovation loan", "innovation_loan"),
        ("bmkb", "guarantee"),
        ("bmkb groen", "guarantee"),
        ("go", "guarantee"),
        ("garantie ondernemingsfinanciering", "guarantee"),
        ("borgstelling", "guarantee"),
        ("borg", "guarantee"),
        ("garantie", "guarantee"),
        ("garantstelling", "guarantee"),
        ("borgstellingskrediet", "guarantee"),
        ("subsidie", "grant"),
        ("subsidies", "grant"),
        ("crowd", "crowdfunding"),
        ("crowdfunding lening", "crowdfunding"),
        ("kredietunie", "credit_union_loan"),
        ("kredietunie lening", "credit_union_loan"),
        ("credit union", "credit_union_loan"),
        ("leasing", "lease"),
        ("operational lease", "lease"),
        ("financial lease", "lease"),
        ("financiele lease", "lease"),
        ("debiteurenfinanciering", "factoring"),
        ("debiteuren", "factoring"),
        ("business angel", "informal_investment"),
        ("business angels", "informal_investment"),
        ("informal", "informal_investment"),
        ("informele investering", "informal_investment"),
        ("informele investeerder", "informal_investment"),
        ("angel", "informal_investment"),
    ]
);

table!(
    stages,
    Stage,
    [
        ("startup", "startup"),
        ("start up", "startup"),
        ("starter", "startup"),
        ("startend", "startup"),
        ("startende", "startup"),
        ("start", "startup"),
        ("beginnend", "startup"),
        ("jonge onderneming", "startup"),
        ("idee", "pre_seed"),
        ("ideefase", "pre_seed"),
        ("proof of concept", "pre_seed"),
        ("poc", "pre_seed"),
        ("preseed", "pre_seed"),
        ("groeifase", "growth"),
        ("groeier", "growth"),
        ("groeiend", "growth"),
        ("groeibedrijf", "growth"),
        ("scaleup", "scale_up"),
        ("opschaling", "scale_up"),
        ("opschalen", "scale_up"),
        ("bestaand", "mature"),
        ("gevestigd", "mature"),
        ("volwassen bedrijf", "mature"),
        ("established", "mature"),
        ("opvolging", "succession"),
        ("bedrijfsopvolging", "succession"),
        ("overname", "succession"),
        ("bedrijfsovername", "succession"),
        ("mbo", "succession"),
        ("mbi", "succession"),
        ("buy out", "succession"),
        ("buyout", "succession"),
        ("herstructurering", "turnaround"),
        ("herstel", "turnaround"),
        ("doorstart", "turnaround"),
        ("sanering", "turnaround"),
    ]
);

table!(
    purposes,
    Purpose,
    [
        ("oprichting", "start"),
        ("starten", "start"),
        ("startfinanciering", "start"),
        ("opstart", "start"),
        ("uitbreiding", "growth"),
        ("expansie", "growth"),
        ("groeifinanciering", "growth"),
        ("innovatief", "innovation"),
        ("productontwikkeling", "innovation"),
        ("r d", "innovation"),
        ("ontwikkeling", "innovation"),
        ("voorraad", "working_capital"),
        ("voorfinanciering", "working_capital"),
        ("werkkapitaalfinanciering", "working_capital"),
        ("overname", "acquisition"),
        ("opvolging", "acquisition"),
        ("bedrijfsovername", "acquisition"),
        ("bedrijfsopvolging", "acquisition"),
        ("acquisitie", "acquisition"),
        ("succession", "acquisition"),
        ("refinanciering", "refinancing"),
        ("oversluiten", "refinancing"),
        ("herfinanciering schulden", "refinancing"),
        ("duurzaamheid", "sustainability"),
        ("verduurzamen", "sustainability"),
        ("energietransitie", "sustainability"),
        ("energiebesparing", "sustainability"),
        ("zonnepanelen", "sustainability"),
    ]
);

table!(
    sectors,
    Sector,
    [
        ("agri", "agri_food"),
        ("agrifood", "agri_food"),
        ("landbouw", "agri_food"),
        ("voeding", "agri_food"),
        ("food", "agri_food"),
        ("voedingsmiddelen", "agri_food"),
        ("veeteelt", "agri_food"),
        ("agrarisch", "agri_food"),
        ("chemische industrie", "chemistry"),
        ("chemical", "chemistry"),
        ("creatief", "creative_industry"),
        ("creatieve sector", "creative_industry"),
        ("media", "creative_industry"),
        ("design", "creative_industry"),
        ("ontwerp", "creative_industry"),
        ("energietransitie", "energy"),
        ("duurzame energie", "energy"),
        ("hightech", "htsm"),
        ("high tech", "htsm"),
        ("maakindustrie", "htsm"),
        ("metaal", "htsm"),
        ("metaalbewerking", "htsm"),
        ("techniek", "htsm"),
        ("machinebouw", "htsm"),
        ("life sciences", "life_sciences_health"),
        ("lsh", "life_sciences_health"),
        ("health", "life_sciences_health"),
        ("medisch", "life_sciences_health"),
        ("medtech", "life_sciences_health"),
        ("gezondheid", "life_sciences_health"),
        ("transport", "logistics"),
        ("transport en logistiek", "logistics"),
        ("glastuinbouw", "horticulture"),
        ("tuinbouw", "horticulture"),
        ("T&U", "horticulture"),
        ("water", "water_maritime"),
        ("maritiem", "water_maritime"),
        ("scheepvaart", "water_maritime"),
        ("scheepsbouw", "water_maritime"),
        ("overige", "other"),
        ("anders", "other"),
        ("detailhandel", "other"),
        ("retail", "other"),
        ("winkel", "other"),
        ("horeca", "other"),
        ("bouw", "other"),
        ("zorg", "other"),
        ("zakelijke dienstverlening", "other"),
        ("dienstverlening", "other"),
        ("ict", "other"),
        ("software", "other"),
        ("recreatie", "other"),
        ("toerisme", "other"),
        ("groothandel", "other"),
    ]
);

table!(
    list_modes,
    ListMode,
    [
        ("focus", "focus"),
        ("focussector", "focus"),
        ("focussectoren", "focus"),
        ("focusfase", "focus"),
        ("focusfasen", "focus"),
        ("voorkeur", "focus"),
        ("voorkeursector", "focus"),
        ("voorkeurssectoren", "focus"),
        ("voorkeursfasen", "focus"),
        ("bij voorkeur", "focus"),
        ("ook daarbuiten", "focus"),
        ("ook andere", "focus"),
        ("ook andere sectoren", "focus"),
        ("preferred", "focus"),
        ("preference", "focus"),
        ("favoured", "focus"),
        ("exclusive", "exclusive"),
        ("exclusief", "exclusive"),
        ("uitsluitend", "exclusive"),
        ("alleen", "exclusive"),
        ("alleen deze", "exclusive"),
        ("alleen deze sectoren", "exclusive"),
        ("alleen deze fasen", "exclusive"),
        ("mandaat", "exclusive"),
        ("harde eis", "exclusive"),
        ("only", "exclusive"),
        ("only these", "exclusive"),
        ("mandate", "exclusive"),
    ]
);

table!(
    sources,
    CaseSource,
    [
        ("bank", "bank_decline"),
        ("afwijzing bank", "bank_decline"),
        ("bankafwijzing", "bank_decline"),
        ("huisbank", "bank_decline"),
        ("regionale ontwikkelingsmaatschappij", "rom"),
        ("accountantskantoor", "accountant"),
        ("adviseur", "advisor"),
        ("financieel adviseur", "advisor"),
        ("adviesbureau", "advisor"),
        ("kamer van koophandel", "kvk"),
        ("ondernemer", "entrepreneur"),
        ("zelf", "entrepreneur"),
        ("direct", "entrepreneur"),
        ("overig", "other"),
        ("onbekend", "other"),
    ]
);

table!(
    disclosures,
    Disclosure,
    [
        ("anoniem", "public_summary"),
        ("geanonimiseerd", "public_summary"),
        ("alle leden", "public_summary"),
        ("openbaar", "public_summary"),
        ("public", "public_summary"),
        ("samenvatting", "public_summary"),
        ("tafel", "table"),
        ("leden", "table"),
        ("geheimhouding", "table"),
        ("nda", "table"),
        ("vertrouwelijk", "table"),
        ("op naam", "named"),
        ("met toestemming", "named"),
        ("named", "named"),
    ]
);

table!(
    statuses,
    CaseStatus,
    [
        ("nieuw", "intake"),
        ("aangemeld", "intake"),
        ("aanmelding", "intake"),
        ("new", "intake"),
        ("in behandeling", "screening"),
        ("analyse", "screening"),
        ("in onderzoek", "screening"),
        ("gereed", "ready"),
        ("klaar voor tafel", "ready"),
        ("klaar", "ready"),
        ("agenderen", "ready"),
        ("gepitcht", "presented"),
        ("op tafel", "presented"),
        ("besproken", "presented"),
        ("gematcht", "matching"),
        ("match", "matching"),
        ("beoordeling", "in_assessment"),
        ("bij financier", "in_assessment"),
        ("rond", "financed"),
        ("gefinancierd rond", "financed"),
        ("toegekend", "financed"),
        ("gedeeltelijk gefinancierd", "partly_financed"),
        ("deels", "partly_financed"),
        ("afgewezen", "not_financed"),
        ("geen financiering", "not_financed"),
        ("niet gelukt", "not_financed"),
        ("teruggetrokken", "withdrawn"),
        ("gestopt", "withdrawn"),
        ("verwezen", "referred"),
        ("gesloten", "closed"),
        ("afgerond", "closed"),
        ("archief", "closed"),
    ]
);

/// The taxonomy id a typed value means, or `None`.
pub(crate) fn taxonomy_id(kind: FieldKind, raw: &str) -> Option<&'static str> {
    let table = match kind {
        FieldKind::Province => provinces(),
        FieldKind::CapitalTypes => capital_types(),
        FieldKind::Stage => stages(),
        FieldKind::Purpose => purposes(),
        FieldKind::Sector => sectors(),
        FieldKind::Source => sources(),
        FieldKind::Disclosure => disclosures(),
        FieldKind::Status => statuses(),
        FieldKind::FinancierType => financier_types(),
        FieldKind::Region => regions(),
        FieldKind::ListMode => list_modes(),
        FieldKind::Text
        | FieldKind::Amount
        | FieldKind::Number
        | FieldKind::Date
        | FieldKind::Bool => return None,
    };
    table.get(&fold(raw)).copied()
}

/// A single taxonomy value: its id when recognised, otherwise the text as typed.
pub(crate) fn translate_one(kind: FieldKind, raw: &str) -> String {
    taxonomy_id(kind, raw)
        .map(str::to_string)
        .unwrap_or_else(|| raw.trim().to_string())
}

/// The case source a referrer's name suggests ("Rabobank" → `bank_decline`), if any.
pub fn source_from_referrer(referrer: &str) -> Option<&'static str> {
    const HINTS: &[(&str, &str)] = &[
        ("bank", "bank_decline"),
        ("ing", "bank_decline"),
        ("abn", "bank_decline"),
        ("rabo", "bank_decline"),
        ("triodos", "bank_decline"),
        ("knab", "bank_decline"),
        ("bunq", "bank_decline"),
        ("accountant", "accountant"),
        ("accountants", "accountant"),
        ("administratiekantoor", "accountant"),
        ("rom", "rom"),
        ("bom", "rom"),
        ("nom", "rom"),
        ("oost nl", "rom"),
        ("liof", "rom"),
        ("innovationquarter", "rom"),
        ("ontwikkelingsmaatschappij", "rom"),
        ("impuls zeeland", "rom"),
        ("adviseur", "advisor"),
        ("advies", "advisor"),
        ("consultancy", "advisor"),
        ("kvk", "kvk"),
        ("kamer van koophandel", "kvk"),
        ("ondernemer", "entrepreneur"),
        ("zelf", "entrepreneur"),
        ("eigen initiatief", "entrepreneur"),
    ];
    let folded = fold(referrer);
    let words = format!(" {folded} ");
    let tokens: Vec<&str> = folded.split(' ').collect();
    HINTS
        .iter()
        .find(|(hint, _)| {
            if hint.contains(' ') {
                words.contains(&format!(" {hint} "))
            } else {
                tokens
                    .iter()
                    .any(|t| t == hint || (hint.len() >= 4 && t.contains(hint)))
            }
        })
        .map(|(_, id)| *id)
}

/// Capital types in one cell ("Achtergestelde lening + bank", "BMKB; microkrediet"):
/// ids where recognised, the rest as typed. Duplicates are dropped.
pub fn translate_capital_types(raw: &str) -> Vec<String> {
    translate_list(FieldKind::CapitalTypes, raw)
}

/// The values of one cell of a list field ("Groei, scale-up", "Noord-Brabant en Zeeland",
/// "Noord-Nederland"): ids where recognised, the rest as typed. Duplicates are dropped.
pub(crate) fn translate_list(kind: FieldKind, raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |value: &str| {
        let value = value.trim();
        if !value.is_empty() && !out.iter().any(|v| v == value) {
            out.push(value.to_string());
        }
    };
    for piece in raw
        .split([';', '\n', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if let Some(ids) = recognise(kind, piece) {
            ids.iter().for_each(|id| push(id));
            continue;
        }
        for part in split_list(piece) {
            match recognise(kind, &part) {
                Some(ids) => ids.iter().for_each(|id| push(id)),
                None => push(&part),
            }
        }
    }
    out
}

/// The ids one list value means: one, or several for a part of the country ("Noord-Nederland").
fn recognise(kind: FieldKind, piece: &str) -> Option<Vec<&'static str>> {
    if kind == FieldKind::Region {
        let folded = fold(piece);
        if let Some((_, ids)) = REGION_GROUPS.iter().find(|(name, _)| *name == folded) {
            return Some(ids.to_vec());
        }
    }
    taxonomy_id(kind, piece).map(|id| vec![id])
}

/// True for a cell that says the value is not known ("onbekend", "n.v.t.", "-", "?").
pub(crate) fn means_unknown(raw: &str) -> bool {
    const UNKNOWN: &[&str] = &[
        "",
        "onbekend",
        "nvt",
        "n v t",
        "niet van toepassing",
        "ntb",
        "n t b",
        "nader te bepalen",
        "geen",
        "geen limiet",
        "onduidelijk",
        "divers",
        "variabel",
        "wisselend",
        "unknown",
        "n a",
        "na",
        "tbd",
        "none",
        "varies",
    ];
    UNKNOWN.contains(&fold(raw).as_str())
}

/// True for a list cell that means "no restriction" ("alle", "alle fasen", "geen voorkeur"):
/// an empty list, which the register reads as any.
pub(crate) fn means_any(raw: &str) -> bool {
    const ANY: &[&str] = &[
        "",
        "alle",
        "alles",
        "alle fasen",
        "alle fases",
        "alle sectoren",
        "alle branches",
        "geen voorkeur",
        "geen beperking",
        "sectoronafhankelijk",
        "sector onafhankelijk",
        "fase onafhankelijk",
        "generalist",
        "breed",
        "nvt",
        "n v t",
        "any",
        "all",
        "all stages",
        "all sectors",
    ];
    ANY.contains(&fold(raw).as_str())
}

/// Splits on `,`, `/`, `+`, `&` and the words "en", "and" and "plus".
fn split_list(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    for part in text.split([',', '/', '+', '&']) {
        let mut current: Vec<&str> = Vec::new();
        for word in part.split_whitespace() {
            if matches!(word.to_lowercase().as_str(), "en" | "and" | "plus") {
                parts.push(current.join(" "));
                current.clear();
            } else {
                current.push(word);
            }
        }
        parts.push(current.join(" "));
    }
    parts.retain(|p| !p.trim().is_empty());
    parts
}

/// Yes or no as people write it: ja/nee, yes/no, x, waar/onwaar, 1/0; `None` for anything else.
pub fn parse_bool(raw: &str) -> Option<bool> {
    match fold(raw).as_str() {
        "ja" | "j" | "yes" | "y" | "x" | "true" | "waar" | "1" | "wel" => Some(true),
        "nee" | "n" | "no" | "false" | "onwaar" | "0" | "niet" => Some(false),
        _ => None,
    }
}

/// A date as `YYYY-MM-DD` when it can be read; otherwise the text as typed, so validation
/// reports it. Reads `3-2-2025`, `2025-02-03`, `3-2-25`, `3 feb 2025`, `3 februari 2025`,
/// a date with a time, and an Excel serial number (`45691`).
pub fn normalise_date(raw: &str) -> String {
    let text = raw.trim();
    read_date(text)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| text.to_string())
}

fn read_date(text: &str) -> Option<NaiveDate> {
    // chrono reads "3-2-25" as the year 25: such years are left to the reading below.
    if let Some(date) = parse_date(text).filter(|d| d.year() >= 1000) {
        return Some(date);
    }
    // A date with a time of day: the date counts.
    if let Some((day, time)) = text.split_once([' ', 'T'])
        && time.contains(':')
        && let Some(date) = parse_date(day).filter(|d| d.year() >= 1000)
    {
        return Some(date);
    }
    // An Excel serial (days since 1899-12-30) from a cell that was not formatted as a date.
    if text.len() == 5 && text.chars().all(|c| c.is_ascii_digit()) {
        let serial: i64 = text.parse().ok()?;
        if (20_000..=80_000).contains(&serial) {
            return NaiveDate::from_ymd_opt(1899, 12, 30)?
                .checked_add_days(chrono::Days::new(serial as u64));
        }
    }
    let parts: Vec<&str> = text
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let day: u32 = day.parse().ok()?;
    let month: u32 = month.parse().ok().or_else(|| month_number(month))?;
    let year: i32 = match year.parse::<i32>().ok()? {
        y @ 0..=69 => 2000 + y,
        y @ 70..=99 => 1900 + y,
        y => y,
    };
    NaiveDate::from_ymd_opt(year, month, day).filter(|d| d.year() >= 1900)
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &["jan", "januari", "january"],
        &["feb", "febr", "februari", "february"],
        &["mrt", "maart", "mar", "march"],
        &["apr", "april"],
        &["mei", "may"],
        &["jun", "juni", "june"],
        &["jul", "juli", "july"],
        &["aug", "augustus", "august"],
        &["sep", "sept", "september"],
        &["okt", "oktober", "oct", "october"],
        &["nov", "november"],
        &["dec", "december"],
    ];
    let name = fold(name);
    MONTHS
        .iter()
        .position(|names| names.contains(&name.as_str()))
        .map(|i| i as u32 + 1)
}

/// An amount as typed, without a leading "ca." or "±" that would stop it from being read.
pub fn clean_amount(raw: &str) -> String {
    let text = raw.trim();
    let lower = text.to_lowercase();
    for prefix in ["circa", "ca.", "ca", "±", "~", "+/-"] {
        if lower.starts_with(prefix) {
            let rest = &text[prefix.len()..];
            if rest
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == '€')
            {
                return rest.trim().to_string();
            }
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxonomy_values_by_id_label_and_synonym() {
        assert_eq!(taxonomy_id(FieldKind::Province, "Friesland"), Some("FR"));
        assert_eq!(taxonomy_id(FieldKind::Province, "Fryslân"), Some("FR"));
        assert_eq!(taxonomy_id(FieldKind::Province, "N-Brabant"), Some("NB"));
        assert_eq!(
            taxonomy_id(FieldKind::Province, "Noord Brabant"),
            Some("NB")
        );
        assert_eq!(taxonomy_id(FieldKind::Province, "utrecht"), Some("UT"));
        assert_eq!(taxonomy_id(FieldKind::Province, "zh"), Some("ZH"));
        assert_eq!(taxonomy_id(FieldKind::Province, "Vlaanderen"), None);
        assert_eq!(taxonomy_id(FieldKind::Stage, "Starter"), Some("startup"));
        assert_eq!(
            taxonomy_id(FieldKind::Stage, "Startende onderneming (0–3 jaar)"),
            Some("startup")
        );
        assert_eq!(taxonomy_id(FieldKind::Stage, "Scale-up"), Some("scale_up"));
        assert_eq!(taxonomy_id(FieldKind::Stage, "pre_seed"), Some("pre_seed"));
        assert_eq!(
            taxonomy_id(FieldKind::Purpose, "Overname / opvolging"),
            Some("acquisition")
        );
        assert_eq!(
            taxonomy_id(FieldKind::Sector, "Agri & Food"),
            Some("agri_food")
        );
        assert_eq!(
            taxonomy_id(FieldKind::Sector, "High tech systemen & materialen"),
            Some("htsm")
        );
        assert_eq!(
            taxonomy_id(FieldKind::Status, "Gereed voor tafel"),
            Some("ready")
        );
        assert_eq!(
            taxonomy_id(FieldKind::Status, "in beoordeling"),
            Some("in_assessment")
        );
        assert_eq!(
            taxonomy_id(FieldKind::Source, "Afwijzing door bank"),
            Some("bank_decline")
        );
        assert_eq!(
            taxonomy_id(FieldKind::Disclosure, "Op naam, alleen met toestemming"),
            Some("named")
        );
        assert_eq!(
            taxonomy_id(FieldKind::CapitalTypes, "Bancaire (investerings)lening"),
            Some("senior_loan")
        );
        assert_eq!(
            taxonomy_id(FieldKind::CapitalTypes, "Bancaire investeringslening"),
            Some("senior_loan")
        );
    }

    #[test]
    fn referrers_suggest_a_source() {
        assert_eq!(
            source_from_referrer("Rabobank Utrecht"),
            Some("bank_decline")
        );
        assert_eq!(source_from_referrer("ING"), Some("bank_decline"));
        assert_eq!(
            source_from_referrer("Bouma & Veldman Accountants"),
            Some("accountant")
        );
        assert_eq!(source_from_referrer("Oost NL"), Some("rom"));
        assert_eq!(source_from_referrer("KvK Ondernemersplein"), Some("kvk"));
        assert_eq!(source_from_referrer("Jan de Vries"), None);
        assert_eq!(source_from_referrer("Ingenieursbureau X"), None);
    }

    #[test]
    fn capital_type_lists() {
        assert_eq!(
            translate_capital_types("Achtergestelde lening + bank"),
            vec!["subordinated_loan", "senior_loan"]
        );
        assert_eq!(translate_capital_types("microkrediet"), vec!["microcredit"]);
        assert_eq!(
            translate_capital_types("Microfinanciering"),
            vec!["microcredit"]
        );
        assert_eq!(
            translate_capital_types("BMKB, lening en participatie"),
            vec!["guarantee", "senior_loan", "equity"]
        );
        assert_eq!(
            translate_capital_types("Eigen vermogen / participatie; Borgstelling / garantie"),
            vec!["equity", "guarantee"]
        );
        assert_eq!(
            translate_capital_types("Innovatie- of vroegefaselening"),
            vec!["innovation_loan"]
        );
        assert_eq!(
            translate_capital_types("lease/factoring"),
            vec!["lease", "factoring"]
        );
        assert_eq!(
            translate_capital_types("crowdfunding + iets geks"),
            vec!["crowdfunding", "iets geks"]
        );
    }

    #[test]
    fn yes_no_and_dates() {
        assert_eq!(parse_bool("Ja"), Some(true));
        assert_eq!(parse_bool("x"), Some(true));
        assert_eq!(parse_bool("no"), Some(false));
        assert_eq!(parse_bool("misschien"), None);
        assert_eq!(normalise_date("3-2-2025"), "2025-02-03");
        assert_eq!(normalise_date("03/02/2025"), "2025-02-03");
        assert_eq!(normalise_date("3-2-25"), "2025-02-03");
        assert_eq!(normalise_date("3 februari 2025"), "2025-02-03");
        assert_eq!(normalise_date("3 feb. 2025"), "2025-02-03");
        assert_eq!(normalise_date("2025-02-03 14:30"), "2025-02-03");
        assert_eq!(normalise_date("45691"), "2025-02-03");
        assert_eq!(
            normalise_date("31-02-2025"),
            "31-02-2025",
            "impossible dates stay for validation"
        );
        assert_eq!(clean_amount("ca. € 850.000"), "€ 850.000");
        assert_eq!(clean_amount("n.t.b."), "n.t.b.");
    }
}
