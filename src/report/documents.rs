//! The data behind the PDF documents (case summary, meeting pack), as the typst templates in
//! `assets/templates/` read it: every value pre-formatted in the reader's language.
//!
//! The anonymised summary is built by leaving fields out, never by blanking them: company
//! name, KvK number, address, municipality, people, exact turnover and equity, and every
//! free text (notes, earlier declines, referrer, next action, response notes, referral
//! reasons, minutes) are simply not copied.

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use crate::domain::anonymise::{age_band, employees_band, turnover_band};
use crate::domain::money::format_euros;
use crate::domain::{Case, OnePager, PackageTranche, Referral, Response};
use crate::matching::{MatchReport, Plan};

/// The reader's language.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Lang {
    /// Dutch (default).
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// `nl` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    fn pick<'a>(self, nl: &'a str, en: &'a str) -> &'a str {
        if self == Lang::En { en } else { nl }
    }
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date written out: "22 november 2026" / "22 November 2026".
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let months = if lang == Lang::En {
        MONTHS_EN
    } else {
        MONTHS_NL
    };
    format!(
        "{} {} {}",
        date.day(),
        months[date.month0() as usize],
        date.year()
    )
}

/// One dated event of a case's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEvent {
    /// When.
    pub date: NaiveDate,
    /// What, Dutch.
    pub nl: String,
    /// What, English.
    pub en: String,
}

/// Everything a case summary shows, gathered by the service.
#[derive(Debug, Clone)]
pub struct CaseDossier<'a> {
    /// The case.
    pub case: &'a Case,
    /// The register ranked for it.
    pub matches: &'a MatchReport,
    /// Its saved plan.
    pub plan: Option<&'a Plan>,
    /// Responses per financier.
    pub responses: &'a [Response],
    /// Referrals.
    pub referrals: &'a [Referral],
    /// The committed package.
    pub package: &'a [PackageTranche],
    /// Key dates, oldest first.
    pub timeline: &'a [TimelineEvent],
    /// The documents in its dossier (not the removed ones), oldest first.
    pub documents: &'a [crate::domain::document::Document],
}

/// Who the document is for and how it is dated.
#[derive(Debug, Clone)]
pub struct DocumentContext {
    /// The table's name for the header.
    pub table_name: String,
    /// The day it is made.
    pub today: NaiveDate,
    /// Language.
    pub lang: Lang,
}

fn confidentiality(lang: Lang, anonymised: bool) -> &'static str {
    match (lang, anonymised) {
        (Lang::En, false) => {
            "Confidential — for participants of the financing table only. Do not pass on without the entrepreneur's consent."
        }
        (Lang::En, true) => "Anonymised — may be shared with all members of the financing table.",
        (Lang::Nl, false) => {
            "Vertrouwelijk — uitsluitend voor deelnemers van de financieringstafel. Niet verspreiden zonder toestemming van de ondernemer."
        }
        (Lang::Nl, true) => {
            "Geanonimiseerd — mag worden gedeeld met alle leden van de financieringstafel."
        }
    }
}

fn pct(part: i64, whole: i64) -> String {
    if whole <= 0 {
        "—".into()
    } else {
        format!("{:.0}%", part as f64 / whole as f64 * 100.0)
    }
}

/// The JSON for `case-summary.typ`, named or anonymised.
pub fn case_summary(d: &CaseDossier<'_>, ctx: &DocumentContext, anonymised: bool) -> Value {
    let lang = ctx.lang;
    let case = d.case;
    let company = &case.company;
    let label = |nl: &'static str, en: &'static str| lang.pick(nl, en).to_string();
    let types: Vec<String> = case
        .capital_types
        .iter()
        .map(|c| label(c.label_nl(), c.label_en()))
        .collect();
    let mut case_json = json!({
        "number": case.case_number,
        "status": label(case.status.label_nl(), case.status.label_en()),
        "intake_date": long_date(case.intake_date, lang),
        "disclosure": label(case.disclosure.label_nl(), case.disclosure.label_en()),
        "amount": format_euros(case.amount_cents),
        "purpose": label(case.purpose.label_nl(), case.purpose.label_en()),
        "stage": label(case.stage.label_nl(), case.stage.label_en()),
        "sector": label(case.sector.label_nl(), case.sector.label_en()),
        "capital_types": types,
        "source": label(case.source.label_nl(), case.source.label_en()),
    });
    // The pitch is written for sharing: both versions show it.
    if let Some(pitch) = &case.pitch {
        case_json["pitch"] = json!(pitch);
    }
    let company_json = if anonymised {
        let mut c =
            json!({ "province": label(company.province.label_nl(), company.province.label_en()) });
        let band = |l: crate::domain::Label| Value::String(l.in_lang(lang.code()).to_string());
        // Only a known legal form: the field is free text (see `known_legal_form`).
        if let Some(form) = company
            .legal_form
            .as_deref()
            .and_then(crate::domain::anonymise::known_legal_form)
        {
            c["legal_form"] = json!(form);
        }
        if let Some(year) = company.founding_year {
            c["founding_year"] = band(age_band(year, ctx.today.year()));
        }
        if let Some(n) = company.employees {
            c["employees"] = band(employees_band(n));
        }
        if let Some(t) = company.turnover_cents {
            c["turnover"] = band(turnover_band(t));
        }
        if company.equity_cents.is_some_and(|e| e < 0) {
            c["equity"] = json!(label("negatief", "negative"));
        }
        c
    } else {
        if let Some(owner) = &case.owner {
            case_json["owner"] = json!(owner);
        }
        for (key, value) in [
            ("referrer", &case.referrer),
            ("earlier_declines", &case.earlier_declines),
            ("next_action", &case.next_action),
            ("notes", &case.notes),
        ] {
            if let Some(v) = value {
                case_json[key] = json!(v);
            }
        }
        if let Some(due) = case.next_action_due {
            case_json["next_action_due"] = json!(long_date(due, lang));
        }
        let contact = company.contact_name.as_ref().map(|n| {
            let extra: Vec<&str> = [
                company.contact_email.as_deref(),
                company.contact_phone.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect();
            if extra.is_empty() {
                n.clone()
            } else {
                format!("{n} ({})", extra.join(", "))
            }
        });
        json!({
            "name": company.name,
            "kvk": company.kvk,
            "legal_form": company.legal_form.as_deref().map(crate::domain::anonymise::legal_form_label),
            "founding_year": company.founding_year.map(|y| y.to_string()),
            "province": label(company.province.label_nl(), company.province.label_en()),
            "municipality": company.municipality,
            "address": company.address,
            "contact": contact,
            "employees": company.employees.map(|n| n.to_string()),
            "turnover": company.turnover_cents.map(format_euros),
            "equity": company.equity_cents.map(format_euros),
        })
    };
    let matches: Vec<Value> = d
        .matches
        .matches
        .iter()
        .take(10)
        .map(|m| {
            let reasons: Vec<&str> = m
                .reasons
                .iter()
                .take(4)
                .map(|r| lang.pick(&r.nl, &r.en))
                .collect();
            json!({
                "financier": m.names.financier_name,
                "instrument": m.names.instrument_name,
                "capital_type": label(m.capital_type.label_nl(), m.capital_type.label_en()),
                "score": m.score.to_string(),
                "reasons": reasons,
            })
        })
        .collect();
    let nearest = nearest_json(&d.matches.nearest, lang);
    let plan = d.plan.map(|p| {
        let tranches: Vec<Value> = p
            .tranches
            .iter()
            .map(|t| {
                let mut v = tranche_json(
                    &t.names.financier_name,
                    Some(&*t.names.instrument_name),
                    t.capital_type,
                    t.amount_cents,
                    lang,
                );
                v["guarantee"] = json!(t.guarantee.as_ref().map(|g| format!(
                    "{} ({})",
                    g.instrument_name,
                    format_euros(g.guaranteed_cents)
                )));
                v
            })
            .collect();
        let explanation: Vec<&str> = p
            .reasons
            .iter()
            .take(6)
            .map(|r| lang.pick(&r.nl, &r.en))
            .collect();
        json!({
            "need": format_euros(p.need_cents),
            "total": format_euros(p.total_cents),
            "coverage": pct(p.total_cents, p.need_cents),
            "tranches": tranches,
            "explanation": explanation,
        })
    });
    let responses: Vec<Value> = d
        .responses
        .iter()
        .map(|r| {
            let mut v = json!({
                "financier": r.financier_name,
                "status": label(r.status.label_nl(), r.status.label_en()),
                "date": long_date(r.status_date, lang),
                "amount": r.amount_cents.map(format_euros),
                "instrument": r.instrument_name,
                "decline_reason": r.decline_reason.map(|d| label(d.label_nl(), d.label_en())),
            });
            if !anonymised {
                let note = match (&r.decline_text, &r.notes) {
                    (Some(t), _) => Some(t.clone()),
                    (None, n) => n.clone(),
                };
                v["note"] = json!(note);
            }
            v
        })
        .collect();
    let referrals: Vec<Value> = d
        .referrals
        .iter()
        .map(|r| {
            json!({
                "date": long_date(r.referred_on, lang),
                "from": r.from_name.clone().unwrap_or_else(|| label("Coördinator", "Coordinator")),
                "to": r.to_name,
                "reason": if anonymised { Value::Null } else { json!(r.reason) },
                "status": r.outcome.map(|s| label(s.label_nl(), s.label_en())),
            })
        })
        .collect();
    let raised: i64 = d.package.iter().map(|t| t.amount_cents).sum();
    let package = (!d.package.is_empty()).then(|| {
        let tranches: Vec<Value> = d
            .package
            .iter()
            .map(|t| {
                let mut v = tranche_json(
                    &t.financier_name,
                    t.instrument_name.as_deref(),
                    t.capital_type,
                    t.amount_cents,
                    lang,
                );
                v["guarantee"] =
                    json!(t.guarantee_name.as_ref().map(|g| match t.guaranteed_cents {
                        Some(c) => format!("{g} ({})", format_euros(c)),
                        None => g.clone(),
                    }));
                v["closing_date"] = json!(t.closing_date.map(|c| long_date(c, lang)));
                v
            })
            .collect();
        json!({
            "need": format_euros(case.amount_cents),
            "raised": format_euros(raised),
            "raised_share": pct(raised, case.amount_cents),
            "plan_total": d.plan.map(|p| format_euros(p.total_cents)),
            "tranches": tranches,
        })
    });
    let timeline: Vec<Value> = d
        .timeline
        .iter()
        .map(|e| json!({"date": long_date(e.date, lang), "event": lang.pick(&e.nl, &e.en)}))
        .collect();
    // The dossier: type and date always; title and file name only in the named version (a
    // title is by default the file's name, which often names the company).
    let dossier: Vec<Value> = d
        .documents
        .iter()
        .map(|doc| {
            let dated = doc.document_date.map(|date| long_date(date, lang));
            let kind = label(doc.doc_type.label_nl(), doc.doc_type.label_en());
            if anonymised {
                json!({"type": kind, "date": dated})
            } else {
                json!({"title": doc.title, "type": kind, "date": dated, "file": doc.current.file_name})
            }
        })
        .collect();
    json!({
        "lang": lang.code(),
        "anonymised": anonymised,
        "title": if anonymised { label("Geanonimiseerd casusoverzicht", "Anonymised case summary") } else { label("Casusoverzicht", "Case summary") },
        "table_name": ctx.table_name,
        "generated_on": long_date(ctx.today, lang),
        "confidentiality": confidentiality(lang, anonymised),
        "case": case_json,
        "company": company_json,
        "matches": matches,
        "nearest": nearest,
        "plan": plan,
        "responses": responses,
        "referrals": referrals,
        "package": package,
        "timeline": timeline,
        "dossier": dossier,
    })
}

/// The nearest excluded instruments (only when nothing matches): who, and what each asks
/// against what the case is. Financier and instrument names and the case's own anonymised
/// facts (amount, province, stage, sector): nothing that names the company.
fn nearest_json(nearest: &[crate::matching::NearestResult], lang: Lang) -> Vec<Value> {
    nearest
        .iter()
        .map(|n| {
            let conditions: Vec<&str> = n.conditions.iter().map(|r| lang.pick(&r.nl, &r.en)).collect();
            json!({"financier": &*n.names.financier_name, "instrument": &*n.names.instrument_name, "conditions": conditions})
        })
        .collect()
}

/// The JSON for one agenda case in the meeting pack: the one-pager's fields only.
pub fn one_pager_case(p: &OnePager, lang: Lang, matches: &MatchReport) -> Value {
    let label = |nl: &'static str, en: &'static str| lang.pick(nl, en).to_string();
    let band =
        |b: &Option<crate::domain::Label>| b.as_ref().map(|l| l.in_lang(lang.code()).to_string());
    let top: Vec<Value> = matches
        .matches
        .iter()
        .take(5)
        .map(|m| {
            let reasons: Vec<&str> = m.reasons.iter().take(3).map(|r| lang.pick(&r.nl, &r.en)).collect();
            json!({"financier": m.names.financier_name, "instrument": m.names.instrument_name,
                   "capital_type": label(m.capital_type.label_nl(), m.capital_type.label_en()), "score": m.score.to_string(), "reasons": reasons})
        })
        .collect();
    let responses: Vec<Value> = p
        .responses
        .iter()
        .map(|r| {
            json!({"financier": r.financier_name, "status": label(r.status.label_nl(), r.status.label_en()),
                   "amount": r.amount_cents.map(format_euros), "decline_reason": r.decline_reason.map(|d| label(d.label_nl(), d.label_en()))})
        })
        .collect();
    json!({
        "case": {
            "number": p.case_number,
            "amount": format_euros(p.amount_cents),
            "purpose": label(p.purpose.label_nl(), p.purpose.label_en()),
            "stage": label(p.stage.label_nl(), p.stage.label_en()),
            "sector": label(p.sector.label_nl(), p.sector.label_en()),
            "capital_types": p.capital_types.iter().map(|c| label(c.label_nl(), c.label_en())).collect::<Vec<_>>(),
            "pitch": p.pitch,
        },
        "company": {
            "province": label(p.province.label_nl(), p.province.label_en()),
            "legal_form": p.legal_form,
            "turnover": band(&p.turnover_band),
            "employees": band(&p.employees_band),
            "founding_year": band(&p.age_band),
            "equity": p.negative_equity.then(|| label("negatief", "negative")),
        },
        "matches": top,
        "nearest": nearest_json(&matches.nearest, lang),
        "responses": responses,
    })
}

/// A whole-table document of an agenda case, as the meeting pack shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PackDocument {
    /// Where the render finds its bytes (`/dossier/<n>.<ext>`).
    pub file: String,
    /// The name it is attached under (its title and extension).
    pub name: String,
    /// Its title.
    pub title: String,
    /// What kind of paper it is.
    pub doc_type: crate::domain::DocumentType,
    /// Its kind of file.
    pub kind: crate::domain::document::DocumentKind,
    /// Pages of a PDF placed in the pack (0: attached only).
    pub pages_shown: u32,
    /// A PDF's pages in all.
    pub pages_total: u32,
    /// Placed as one picture (PNG or JPEG).
    pub image: bool,
}

fn pack_document_json(d: &PackDocument, lang: Lang) -> Value {
    json!({
        "file": d.file,
        "name": d.name,
        "title": d.title,
        "type": lang.pick(d.doc_type.label_nl(), d.doc_type.label_en()),
        "mime": d.kind.mime_type(),
        "pages_shown": d.pages_shown,
        "pages_total": d.pages_total,
        "image": d.image,
    })
}

/// The JSON for `meeting-pack.typ`: the agenda, each case's anonymised one-pager and its
/// whole-table documents (`documents[i]` those of `pages[i]`).
pub fn meeting_pack(
    meeting: &crate::domain::Meeting,
    pages: &[(OnePager, MatchReport)],
    documents: &[Vec<PackDocument>],
    ctx: &DocumentContext,
) -> Value {
    let lang = ctx.lang;
    let attendees: Vec<Value> = meeting
        .attendees
        .iter()
        .map(|a| json!({"name": a.name, "organisation": a.organisation, "pledge_signed": a.pledge_signed}))
        .collect();
    let agenda: Vec<Value> = pages
        .iter()
        .enumerate()
        .map(|(i, (pager, report))| {
            let docs: Vec<Value> = documents
                .get(i)
                .map(|list| list.iter().map(|d| pack_document_json(d, lang)).collect())
                .unwrap_or_default();
            json!({
                "position": (i + 1).to_string(),
                "case_number": pager.case_number,
                "summary_line": pager.summary_line(lang.code()),
                "case": one_pager_case(pager, lang, report),
                "documents": docs,
            })
        })
        .collect();
    let end = meeting.starts_at + chrono::Duration::minutes(i64::from(meeting.duration_minutes));
    json!({
        "lang": lang.code(),
        "table_name": ctx.table_name,
        "generated_on": long_date(ctx.today, lang),
        "confidentiality": confidentiality(lang, true),
        "meeting": {
            "title": meeting.title,
            "date": long_date(meeting.starts_at.date(), lang),
            "time": format!("{} – {}", meeting.starts_at.format("%H:%M"), end.format("%H:%M")),
            "place": meeting.place,
            "online_link": meeting.online_link,
            "chair": meeting.chair,
            "attendees": attendees,
        },
        "agenda": agenda,
    })
}

/// One tranche of a planned stack or of the package, as the case summary lists it.
fn tranche_json(
    financier: &str,
    instrument: Option<&str>,
    capital_type: crate::domain::CapitalType,
    amount_cents: i64,
    lang: Lang,
) -> Value {
    json!({
        "financier": financier,
        "instrument": instrument,
        "capital_type": lang.pick(capital_type.label_nl(), capital_type.label_en()),
        "amount": format_euros(amount_cents),
    })
}
