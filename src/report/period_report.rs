//! The report of a period ("Rapportage") as people read it: the workbook's tables (Dutch
//! headers, euros as numbers) and the data of the PDF (`assets/templates/report.typ`), every
//! value formatted the Dutch (or English) way. Pure: figures in, tables and JSON out; the
//! service writes the files. Uses the domain and the report's own figures, tables and documents.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use serde_json::{Value, json};

use super::documents::{DocumentContext, Lang, long_date};
use super::figures::{FollowUpCounts, TableFigures, quarter_bounds};
use super::table::{Cell, Column, Table};
use super::xlsx;
use crate::domain::format::date_nl;
use crate::domain::money::format_euros;

// ------------------------------------------------------------------ formatting

/// A whole number with Dutch grouping: `12.500`.
fn number(n: i64) -> String {
    crate::domain::format::number_nl(n)
}

/// Euros rounded to whole euros: `€ 1.250.000`.
fn euros(cents: i64) -> String {
    format_euros((cents as f64 / 100.0).round() as i64 * 100)
}

/// A share 0–1 as a whole percentage: `62%`; `—` without one.
fn percent(share: Option<f64>) -> String {
    share.filter(|s| s.is_finite()).map_or_else(
        || "—".into(),
        |s| format!("{}%", (s * 100.0).round() as i64),
    )
}

/// A share of a whole: `40%`; `—` when the whole is 0.
fn share_of(part: u32, whole: u32) -> String {
    percent((whole > 0).then(|| f64::from(part) / f64::from(whole)))
}

fn days(value: Option<f64>, lang: Lang) -> String {
    match value.filter(|v| v.is_finite()) {
        None => "—".into(),
        Some(v) => {
            let n = v.round() as i64;
            match (lang, n) {
                (Lang::En, 1) => "1 day".into(),
                (Lang::En, n) => format!("{} days", number(n)),
                (Lang::Nl, 1) => "1 dag".into(),
                (Lang::Nl, n) => format!("{} dagen", number(n)),
            }
        }
    }
}

/// A name for the period when it is a whole year, half year, quarter or month.
pub fn period_label(from: NaiveDate, to: NaiveDate, lang: Lang) -> Option<String> {
    let en = lang == Lang::En;
    let year = from.year();
    if to.year() != year {
        return None;
    }
    let month_end = |d: NaiveDate| d.succ_opt().is_some_and(|next| next.day() == 1);
    if from.day() != 1 || !month_end(to) {
        return None;
    }
    let months = to.month() - from.month() + 1;
    match (from.month(), months) {
        (1, 12) => Some(year.to_string()),
        (1 | 7, 6) => {
            let half = if from.month() == 1 { 1 } else { 2 };
            Some(if en {
                format!("H{half} {year}")
            } else {
                format!("{half}e halfjaar {year}")
            })
        }
        (m, 3) if (m - 1) % 3 == 0 => {
            let q = (m - 1) / 3 + 1;
            debug_assert_eq!(quarter_bounds(year, q), Some((from, to)));
            Some(if en {
                format!("Q{q} {year}")
            } else {
                format!("{q}e kwartaal {year}")
            })
        }
        (_, 1) => {
            let text = long_date(from, lang);
            // "1 november 2026" → "november 2026"
            Some(
                text.split_once(' ')
                    .map_or(text.clone(), |(_, rest)| rest.to_string()),
            )
        }
        _ => None,
    }
}

// ------------------------------------------------------------------ XLSX

fn columns(list: &[(&'static str, f64)]) -> Vec<Column> {
    list.iter()
        .map(|(header, width)| Column {
            header,
            width: *width,
        })
        .collect()
}

fn num(n: impl Into<i64>) -> Cell {
    Cell::Number(n.into())
}

/// The sheets of the report workbook, as typed tables.
pub fn report_tables(f: &TableFigures) -> Vec<Table> {
    let o = &f.outcomes;
    let key = |label: &str, value: Cell, note: &str| {
        vec![Cell::Text(label.into()), value, Cell::text(Some(note))]
    };
    let mut kern = vec![
        key("Periode van", Cell::Date(f.from), ""),
        key("Periode tot en met", Cell::Date(f.to), ""),
        key("Nieuwe casussen", num(f.cases_in), "intake in de periode"),
        key(
            "Besproken aan tafel",
            num(f.presented),
            "op de agenda gepresenteerd of naar 'gepresenteerd' of verder gezet in de periode",
        ),
        key(
            "Uitkomsten",
            num(o.total),
            "casussen die in de periode hun uitkomst bereikten",
        ),
        key("Gefinancierd", num(o.financed), ""),
        key("Deels gefinancierd", num(o.partly_financed), ""),
        key("Niet gefinancierd", num(o.not_financed), ""),
        key("Doorverwezen", num(o.referred), ""),
        key("Ingetrokken", num(o.withdrawn), ""),
        key(
            "Slagingspercentage (%)",
            f.success_rate
                .map_or(Cell::Empty, |s| Cell::Number((s * 100.0).round() as i64)),
            "(gefinancierd + deels gefinancierd) / alle uitkomsten behalve ingetrokken; leeg zonder uitkomsten",
        ),
        key(
            "Gevraagd bedrag",
            Cell::Euros(f.requested_cents),
            "som van de gevraagde bedragen van de nieuwe casussen",
        ),
        key(
            "Opgehaald vermogen",
            Cell::Euros(f.mobilised_cents),
            "toegezegde tranches van de casussen met een uitkomst in de periode",
        ),
        key(
            "Gevraagd door gefinancierde casussen",
            Cell::Euros(f.financed_need_cents),
            "gevraagde bedragen van de (deels) gefinancierde casussen",
        ),
        key(
            "Doorlooptijd intake tot uitkomst (mediaan, dagen)",
            f.median_days_to_outcome
                .map_or(Cell::Empty, |d| Cell::Number(d.round() as i64)),
            "over de uitkomsten in de periode",
        ),
        key(
            "Doorverwijzingen",
            num(f.referrals),
            &if f.referral_receivers == 1 {
                "naar 1 financier".to_string()
            } else {
                format!("naar {} financiers", f.referral_receivers)
            },
        ),
        key(
            "Afwijzingen door financiers",
            num(f.declines),
            "één per financier en casus",
        ),
        key("Tafelbijeenkomsten", num(f.meetings), ""),
        key(
            "Financiers met een reactie",
            num(f.financiers_responding),
            "",
        ),
    ];
    for step in &f.funnel {
        kern.push(key(
            &format!("Trechter: {}", step.label_nl.to_lowercase()),
            num(step.count),
            "van de nieuwe casussen, tot nu toe",
        ));
    }
    let kerncijfers = Table {
        name: "Kerncijfers",
        columns: columns(&[
            ("Kerncijfer", 44.0),
            ("Waarde", 16.0),
            ("Toelichting", 80.0),
        ]),
        rows: kern,
    };

    let per_capital = Table {
        name: "Per kapitaalsoort",
        columns: columns(&[
            ("Kapitaalsoort", 38.0),
            ("Casussen (gevraagd)", 18.0),
            ("Gevraagd bedrag", 18.0),
            ("Opgehaald", 18.0),
            ("Tranches", 10.0),
        ]),
        rows: f
            .by_capital_type
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.label_nl.clone()),
                    num(r.cases_requesting),
                    Cell::Euros(r.requested_cents),
                    Cell::Euros(r.mobilised_cents),
                    num(r.tranches),
                ]
            })
            .collect(),
    };
    let per_financier = Table {
        name: "Per type financier",
        columns: columns(&[
            ("Type financier", 42.0),
            ("Opgehaald", 18.0),
            ("Tranches", 10.0),
            ("Casussen", 10.0),
        ]),
        rows: f
            .by_financier_type
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.label_nl.clone()),
                    Cell::Euros(r.mobilised_cents),
                    num(r.tranches),
                    num(r.cases),
                ]
            })
            .collect(),
    };
    let reasons = Table {
        name: "Afwijzingsredenen",
        columns: columns(&[("Reden", 38.0), ("Aantal", 10.0)]),
        rows: f
            .decline_reasons
            .iter()
            .map(|r| vec![Cell::Text(r.label_nl.clone()), num(r.count)])
            .collect(),
    };
    let quarters = Table {
        name: "Per kwartaal",
        columns: columns(&[
            ("Kwartaal", 12.0),
            ("Van", 12.0),
            ("Tot en met", 12.0),
            ("Nieuwe casussen", 16.0),
            ("Gevraagd bedrag", 18.0),
            ("Gefinancierd", 14.0),
        ]),
        rows: f
            .quarters
            .iter()
            .map(|q| {
                let (start, end) = quarter_bounds(q.year, q.quarter).unwrap_or((f.from, f.to));
                vec![
                    Cell::Text(q.label_nl.clone()),
                    Cell::Date(start.max(f.from)),
                    Cell::Date(end.min(f.to)),
                    num(q.cases_in),
                    Cell::Euros(q.requested_cents),
                    num(q.financed),
                ]
            })
            .collect(),
    };
    let fu = &f.follow_ups;
    let counts_row = |first: String, c: &FollowUpCounts| {
        vec![
            Cell::Text(first),
            num(c.done),
            Cell::Number(c.jobs_kept),
            Cell::Number(c.jobs_created),
            num(c.financing_closed),
            num(c.financing_not_closed),
            num(c.financing_unknown),
        ]
    };
    let mut nazorg_rows: Vec<Vec<Cell>> = fu
        .by_moment
        .iter()
        .map(|m| counts_row(format!("{} maanden", m.months), &m.counts))
        .collect();
    nazorg_rows.push(counts_row("Totaal".into(), &fu.totals));
    let nazorg = Table {
        name: "Nazorg",
        columns: columns(&[
            ("Moment na uitkomst", 20.0),
            ("Uitgevoerd", 12.0),
            ("Banen behouden", 16.0),
            ("Banen gecreëerd", 16.0),
            ("Financiering gesloten", 20.0),
            ("Niet gesloten", 14.0),
            ("Onbekend", 12.0),
        ]),
        rows: nazorg_rows,
    };
    vec![
        kerncijfers,
        per_capital,
        per_financier,
        reasons,
        quarters,
        nazorg,
    ]
}

/// The report workbook: one worksheet per table of [`report_tables`], each written by the
/// shared XLSX writer (bold frozen header, column widths, euro and date formats).
pub fn report_workbook(f: &TableFigures) -> std::result::Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    for table in report_tables(f) {
        let mut single = xlsx::to_workbook(&table, None)?;
        for sheet in std::mem::take(single.worksheets_mut()) {
            workbook.push_worksheet(sheet);
        }
    }
    let title = format!(
        "Rapportage financieringstafel {} t/m {}",
        date_nl(f.from),
        date_nl(f.to)
    );
    workbook.set_properties(&DocProperties::new().set_author("Tafel").set_title(&title));
    Ok(workbook)
}

// ------------------------------------------------------------------ PDF data

/// The JSON `report.typ` lays out: title, period, KPI tiles, charts (bars, funnel) and
/// tables, every value pre-formatted (`€ 1.250.000`, `22 november 2026`, `62%`).
pub fn report_document_for(f: &TableFigures, ctx: &DocumentContext) -> Value {
    let lang = ctx.lang;
    let en = lang == Lang::En;
    let t = |nl: &str, english: &str| {
        if en {
            english.to_string()
        } else {
            nl.to_string()
        }
    };
    let o = &f.outcomes;
    let financed = o.financed + o.partly_financed;
    let judged = o.total - o.withdrawn;

    let kpis = vec![
        json!({"label": t("Nieuwe casussen", "New cases"), "value": number(f.cases_in.into()),
               "note": format!("{} {}", euros(f.requested_cents), t("gevraagd", "requested"))}),
        json!({"label": t("Besproken aan tafel", "Presented at the table"), "value": number(f.presented.into()),
               "note": t("in de periode, ook eerdere instroom", "in the period, earlier intake included")}),
        json!({"label": t("Gefinancierd", "Financed"), "value": number(financed.into()),
               "note": if o.partly_financed > 0 { Value::String(if en { format!("of which {} partly", o.partly_financed) } else { format!("waarvan {} gedeeltelijk", o.partly_financed) }) } else { Value::Null }}),
        json!({"label": t("Opgehaald vermogen", "Capital mobilised"), "value": euros(f.mobilised_cents),
               "note": if f.financed_need_cents > 0 { Value::String(format!("{}: {}", t("gevraagd door deze casussen", "requested by these cases"), euros(f.financed_need_cents))) } else { Value::Null }}),
        json!({"label": t("Slagingspercentage", "Success rate"), "value": percent(f.success_rate),
               "note": if en { format!("of {} concluded cases", judged) } else { format!("van {} afgeronde casussen", judged) }}),
        json!({"label": t("Doorlooptijd (mediaan)", "Lead time (median)"), "value": days(f.median_days_to_outcome, lang),
               "note": t("intake tot uitkomst", "intake to outcome")}),
        json!({"label": t("Doorverwijzingen", "Referrals"), "value": number(f.referrals.into()),
        "note": match (f.referrals, f.referral_receivers) {
            (0, _) => Value::Null,
            (_, 1) => Value::String(t("naar 1 financier", "to 1 financier")),
            (_, n) => Value::String(if en { format!("to {n} financiers") } else { format!("naar {n} financiers") }),
        }}),
        json!({"label": t("Tafelbijeenkomsten", "Table meetings"), "value": number(f.meetings.into()),
        "note": match f.financiers_responding {
            0 => Value::Null,
            1 => Value::String(t("1 financier reageerde", "1 financier responded")),
            n => Value::String(if en { format!("{n} financiers responded") } else { format!("{n} financiers reageerden") }),
        }}),
    ];

    let bar = |label: String, value: f64, display: String| json!({"label": label, "value": value, "display": display});
    let charts = vec![
        json!({
            "title": t("Nieuwe casussen per kwartaal", "New cases per quarter"),
            "kind": "bar",
            "bars": f.quarters.iter().map(|q| bar(t(&q.label_nl, &q.label_en), f64::from(q.cases_in), number(q.cases_in.into()))).collect::<Vec<_>>(),
        }),
        json!({
            "title": t("Opgehaald vermogen per kapitaalsoort", "Capital mobilised per capital type"),
            "kind": "bar",
            "unit": "€",
            "bars": f.by_capital_type.iter().filter(|r| r.mobilised_cents > 0)
                .map(|r| bar(t(&r.label_nl, &r.label_en), (r.mobilised_cents as f64 / 100.0).round(), euros(r.mobilised_cents))).collect::<Vec<_>>(),
        }),
        json!({
            "title": t("Van intake tot financiering (instroom van de periode)", "From intake to financing (the period's intake)"),
            "kind": "funnel",
            "bars": f.funnel.iter().map(|s| bar(t(&s.label_nl, &s.label_en), f64::from(s.count), number(s.count.into()))).collect::<Vec<_>>(),
        }),
        json!({
            "title": t("Redenen van afwijzing", "Reasons for declining"),
            "kind": "bar",
            "bars": f.decline_reasons.iter().take(8).map(|r| bar(t(&r.label_nl, &r.label_en), f64::from(r.count), number(r.count.into()))).collect::<Vec<_>>(),
        }),
    ];

    let mut outcome_rows: Vec<Value> = [
        (t("Gefinancierd", "Financed"), o.financed),
        (
            t("Deels gefinancierd", "Partly financed"),
            o.partly_financed,
        ),
        (t("Niet gefinancierd", "Not financed"), o.not_financed),
        (t("Doorverwezen", "Referred"), o.referred),
        (t("Ingetrokken", "Withdrawn"), o.withdrawn),
    ]
    .into_iter()
    .map(|(name, n)| json!([name, number(n.into()), share_of(n, o.total)]))
    .collect();
    outcome_rows.push(json!([
        t("Totaal", "Total"),
        number(o.total.into()),
        share_of(o.total, o.total)
    ]));
    let fu = &f.follow_ups;
    let counts_row = |first: String, c: &FollowUpCounts| {
        json!([
            first,
            number(c.done.into()),
            number(c.jobs_kept),
            number(c.jobs_created),
            format!(
                "{} / {}",
                number(c.financing_closed.into()),
                number((c.financing_closed + c.financing_not_closed + c.financing_unknown).into())
            ),
        ])
    };
    let mut follow_up_rows: Vec<Value> = fu
        .by_moment
        .iter()
        .map(|m| {
            counts_row(
                if en {
                    format!("{} months", m.months)
                } else {
                    format!("{} maanden", m.months)
                },
                &m.counts,
            )
        })
        .collect();
    if fu.totals.done > 0 {
        follow_up_rows.push(counts_row(t("Totaal", "Total").to_string(), &fu.totals));
    }
    let tables = vec![
        json!({
            "title": t("Uitkomsten", "Outcomes"),
            "columns": [t("Uitkomst", "Outcome"), t("Aantal", "Number"), t("Aandeel", "Share")],
            "rows": if o.total > 0 { outcome_rows } else { Vec::new() },
        }),
        json!({
            "title": t("Gevraagd en opgehaald per kapitaalsoort", "Requested and mobilised per capital type"),
            "columns": [t("Kapitaalsoort", "Capital type"), t("Casussen", "Cases"), t("Gevraagd", "Requested"), t("Opgehaald", "Mobilised")],
            "rows": f.by_capital_type.iter().map(|r| json!([t(&r.label_nl, &r.label_en), number(r.cases_requesting.into()), euros(r.requested_cents), euros(r.mobilised_cents)])).collect::<Vec<_>>(),
        }),
        json!({
            "title": t("Opgehaald per type financier", "Mobilised per type of financier"),
            "columns": [t("Type financier", "Type of financier"), t("Tranches", "Tranches"), t("Casussen", "Cases"), t("Opgehaald", "Mobilised")],
            "rows": f.by_financier_type.iter().map(|r| json!([t(&r.label_nl, &r.label_en), number(r.tranches.into()), number(r.cases.into()), euros(r.mobilised_cents)])).collect::<Vec<_>>(),
        }),
        json!({
            "title": t("Redenen van afwijzing", "Reasons for declining"),
            "columns": [t("Reden", "Reason"), t("Aantal", "Number"), t("Aandeel", "Share")],
            "rows": f.decline_reasons.iter().map(|r| json!([t(&r.label_nl, &r.label_en), number(r.count.into()), share_of(r.count, f.declines)])).collect::<Vec<_>>(),
        }),
        json!({
            "title": t("Per kwartaal", "Per quarter"),
            "columns": [t("Kwartaal", "Quarter"), t("Nieuwe casussen", "New cases"), t("Gevraagd", "Requested"), t("Gefinancierd", "Financed")],
            "rows": f.quarters.iter().map(|q| json!([t(&q.label_nl, &q.label_en), number(q.cases_in.into()), euros(q.requested_cents), number(q.financed.into())])).collect::<Vec<_>>(),
        }),
        json!({
            "title": t("Nazorg", "Follow-up"),
            "columns": [t("Moment na uitkomst", "After the outcome"), t("Uitgevoerd", "Done"), t("Banen behouden", "Jobs kept"), t("Banen gecreëerd", "Jobs created"), t("Financiering gesloten", "Financing closed")],
            "rows": follow_up_rows,
        }),
    ];

    json!({
        "lang": lang.code(),
        "table_name": ctx.table_name,
        "title": t("Rapportage", "Report"),
        "generated_on": long_date(ctx.today, lang),
        "confidentiality": t(
            "Geaggregeerde cijfers van de financieringstafel; bevat geen herleidbare bedrijfsgegevens.",
            "Aggregated figures of the financing table; contains no company-identifying data.",
        ),
        "period": {
            "from": long_date(f.from, lang),
            "to": long_date(f.to, lang),
            "label": period_label(f.from, f.to, lang),
        },
        "kpis": kpis,
        "charts": charts,
        "tables": tables,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::figure_facts::FigureFacts;
    use crate::report::figures::compute;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn dutch_formatting() {
        assert_eq!(number(1_250_000), "1.250.000");
        assert_eq!(number(999), "999");
        assert_eq!(euros(125_000_049), "€ 1.250.000");
        assert_eq!(euros(125_000_050), "€ 1.250.001");
        assert_eq!(percent(Some(0.625)), "63%");
        assert_eq!(percent(None), "—");
        assert_eq!(percent(Some(f64::NAN)), "—");
        assert_eq!(days(Some(60.5), Lang::Nl), "61 dagen");
        assert_eq!(days(Some(1.0), Lang::En), "1 day");
        assert_eq!(days(None, Lang::Nl), "—");
    }

    #[test]
    fn periods_get_their_names() {
        assert_eq!(
            period_label(d(2026, 1, 1), d(2026, 12, 31), Lang::Nl).as_deref(),
            Some("2026")
        );
        assert_eq!(
            period_label(d(2026, 7, 1), d(2026, 9, 30), Lang::Nl).as_deref(),
            Some("3e kwartaal 2026")
        );
        assert_eq!(
            period_label(d(2026, 7, 1), d(2026, 9, 30), Lang::En).as_deref(),
            Some("Q3 2026")
        );
        assert_eq!(
            period_label(d(2026, 7, 1), d(2026, 12, 31), Lang::Nl).as_deref(),
            Some("2e halfjaar 2026")
        );
        assert_eq!(
            period_label(d(2026, 11, 1), d(2026, 11, 30), Lang::Nl).as_deref(),
            Some("november 2026")
        );
        assert_eq!(period_label(d(2026, 2, 1), d(2026, 4, 30), Lang::Nl), None);
        assert_eq!(
            period_label(d(2025, 11, 23), d(2026, 11, 22), Lang::Nl),
            None
        );
        assert_eq!(period_label(d(2026, 1, 1), d(2026, 12, 30), Lang::Nl), None);
    }

    #[test]
    fn the_document_of_an_empty_period_has_every_part_and_no_nan() {
        let f = compute(&FigureFacts::default(), d(2026, 7, 1), d(2026, 9, 30));
        let ctx = DocumentContext {
            table_name: "Financieringstafel Brabant".into(),
            today: d(2026, 11, 22),
            lang: Lang::Nl,
        };
        let doc = report_document_for(&f, &ctx);
        assert_eq!(doc["generated_on"], "22 november 2026");
        assert_eq!(
            doc["period"],
            json!({"from": "1 juli 2026", "to": "30 september 2026", "label": "3e kwartaal 2026"})
        );
        assert_eq!(doc["kpis"].as_array().map(Vec::len), Some(8));
        assert_eq!(
            doc["kpis"][4]["value"], "—",
            "success rate without outcomes"
        );
        assert_eq!(doc["kpis"][5]["value"], "—", "median without outcomes");
        assert_eq!(doc["kpis"][3]["value"], "€ 0");
        let kinds: Vec<&str> = doc["charts"]
            .as_array()
            .expect("charts")
            .iter()
            .filter_map(|c| c["kind"].as_str())
            .collect();
        assert_eq!(kinds, vec!["bar", "bar", "funnel", "bar"]);
        assert_eq!(
            doc["charts"][0]["bars"][0],
            json!({"label": "K3 2026", "value": 0.0, "display": "0"})
        );
        assert!(!doc.to_string().contains("NaN"));
        let tables: Vec<&str> = doc["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .filter_map(|t| t["title"].as_str())
            .collect();
        assert_eq!(tables.len(), 6);
    }

    #[test]
    fn the_workbook_has_its_six_sheets() {
        let f = compute(&FigureFacts::default(), d(2026, 1, 1), d(2026, 12, 31));
        let names: Vec<&str> = report_tables(&f).iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            vec![
                "Kerncijfers",
                "Per kapitaalsoort",
                "Per type financier",
                "Afwijzingsredenen",
                "Per kwartaal",
                "Nazorg"
            ]
        );
        let mut workbook = report_workbook(&f).expect("workbook");
        assert!(workbook.save_to_buffer().expect("bytes").len() > 1000);
    }
}
