//! PDF use cases: a case summary (named or anonymised) and a meeting pack, rendered
//! in-process with typst from the templates in `assets/templates/`. A `templates/` folder
//! beside the database overrides a bundled template of the same name, so a coordinator can
//! adjust the layout without a new build. Every export is recorded in the change log: who
//! exported which case or meeting, named or anonymised, when.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tafel_pdf::{Renderer, Template};
use ts_rs::TS;

use crate::domain::{Actor, Case, ChangeEntry, OnePager, PackageTranche};
use crate::error::Result;
use crate::matching::MatchOptions;
use crate::progress::{Phase, Progress};
use crate::report::documents::{self, CaseDossier, DocumentContext, Lang, TimelineEvent};
use crate::store::Store;

/// The folder whose `.typ` files override the bundled templates: `templates/` beside the database.
pub fn template_dir(store: &Store) -> Option<PathBuf> {
    store
        .path()
        .and_then(Path::parent)
        .map(|dir| dir.join("templates"))
}

/// A renderer with the bundled templates, overridden from [`template_dir`].
pub fn renderer_for(store: &Store) -> Result<Renderer> {
    Ok(Renderer::with_template_dir(template_dir(store))?)
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PdfExport {
    /// The file.
    pub path: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Anonymised or named.
    pub anonymised: bool,
}

/// The header of a document: the table as its settings name it, the day, the language.
pub fn context(store: &Store, lang: Lang, today: NaiveDate) -> Result<DocumentContext> {
    Ok(DocumentContext {
        table_name: super::settings::table_title(store)?,
        today,
        lang,
    })
}

/// The case's key dates: intake, status changes, meetings, responses, closings.
/// In the anonymised version a meeting is "the table" without its title: a title is free text.
fn timeline(
    store: &Store,
    case: &Case,
    history: &[ChangeEntry],
    package: &[PackageTranche],
    anonymised: bool,
) -> Result<Vec<TimelineEvent>> {
    let mut events = vec![TimelineEvent {
        date: case.intake_date,
        nl: "Intake".into(),
        en: "Intake".into(),
    }];
    // Status changes, decisive answers and follow-ups done read as the timeline writes them.
    let names = store.history().names(history)?;
    for entry in history {
        if let Some((date, label)) = crate::report::history::key_event(entry, &names) {
            events.push(TimelineEvent {
                date,
                nl: label.nl,
                en: label.en,
            });
        }
    }
    for (_, title, date) in store.meetings().of_case(&case.id)? {
        events.push(if anonymised {
            TimelineEvent {
                date,
                nl: "Besproken aan de financieringstafel".into(),
                en: "Discussed at the financing table".into(),
            }
        } else {
            TimelineEvent {
                date,
                nl: format!("Besproken in {title}"),
                en: format!("Discussed in {title}"),
            }
        });
    }
    for t in package {
        if let Some(date) = t.closing_date {
            events.push(TimelineEvent {
                date,
                nl: format!("Financiering gesloten: {}", t.financier_name),
                en: format!("Financing closed: {}", t.financier_name),
            });
        }
    }
    events.sort_by_key(|e| e.date);
    // Keep the summary to its key dates: the first and the latest ones.
    if events.len() > 14 {
        let tail = events.split_off(events.len() - 10);
        events.truncate(4);
        events.extend(tail);
    }
    Ok(events)
}

/// The case summary of a case (by id or number) as PDF bytes; nothing is recorded.
pub fn case_summary_pdf(
    store: &Store,
    renderer: &Renderer,
    case_ref: &str,
    anonymised: bool,
    lang: Lang,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    render_case_summary(
        store,
        renderer,
        &store.cases().get(case_ref)?,
        SummaryVersion { anonymised, lang },
        today,
    )
}

fn render_case_summary(
    store: &Store,
    renderer: &Renderer,
    case: &Case,
    version: SummaryVersion,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let history = store.history().of_case(&case.id, &case.company.id)?;
    let matches = super::matching::match_case(store, &case.id, &MatchOptions::default(), today)?;
    let plan = store.plans().for_case(&case.id)?;
    let responses = store.outcomes().responses_of(&case.id)?;
    let referrals = store.outcomes().referrals_of(&case.id)?;
    let package = store.outcomes().package_of(&case.id)?;
    let timeline = timeline(store, case, &history, &package, version.anonymised)?;
    let documents = store.documents().of_case(&case.id, false)?;
    let dossier = CaseDossier {
        case,
        matches: &matches,
        plan: plan.as_ref(),
        responses: &responses,
        referrals: &referrals,
        package: &package,
        timeline: &timeline,
        documents: &documents,
    };
    let data = documents::case_summary(
        &dossier,
        &context(store, version.lang, today)?,
        version.anonymised,
    );
    Ok(renderer.render(Template::CaseSummary, &data)?)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<u64> {
    crate::files::write_atomic(path, bytes)?;
    Ok(bytes.len() as u64)
}

/// Which version of a case summary: named or anonymised, in which language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SummaryVersion {
    /// Leave out everything that identifies the company.
    pub anonymised: bool,
    /// Language.
    pub lang: Lang,
}

/// Writes a case summary to `path` and records the export in the case's history. The log
/// entry is committed only once the file is written.
pub fn export_case_pdf(
    store: &mut Store,
    actor: &Actor,
    renderer: &Renderer,
    case_ref: &str,
    version: SummaryVersion,
    path: &Path,
    today: NaiveDate,
) -> Result<PdfExport> {
    let SummaryVersion { anonymised, lang } = version;
    super::chosen_file::check(store, path, &["pdf"], super::chosen_file::Use::Write)?;
    let case = store.cases().get(case_ref)?;
    let bytes = render_case_summary(store, renderer, &case, version, today)?;
    store.transact(actor, |w| {
        let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let kind = if anonymised { "anonymised" } else { "named" };
        w.log("case", &case.id, "export_pdf", &serde_json::json!({ "export": [null, {"document": "case_summary", "version": kind, "lang": lang.code(), "file": file}] }))?;
        let size = write_file(path, &bytes)?;
        Ok(PdfExport { path: path.display().to_string(), bytes: size, anonymised })
    })
}

/// The meeting pack (agenda plus every agenda case's anonymised one-pager) as PDF bytes.
pub fn meeting_pack_pdf(
    store: &Store,
    renderer: &Renderer,
    meeting_id: &str,
    lang: Lang,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<Vec<u8>> {
    let meeting = store.meetings().get(meeting_id)?;
    let case_ids: Vec<&str> = meeting
        .agenda
        .iter()
        .map(|item| item.case_id.as_str())
        .collect();
    let total = case_ids.len() as u64;
    progress.step(Phase::Collecting, 0, total)?;
    let reports = super::matching::match_cases(store, &case_ids, &MatchOptions::default(), today)?;
    let mut pages = Vec::with_capacity(reports.len());
    for (done, (case_id, report)) in case_ids.iter().zip(reports).enumerate() {
        progress.step(Phase::Collecting, done as u64, total)?;
        let case = store.cases().get(case_id)?;
        let responses = store.outcomes().responses_of(&case.id)?;
        pages.push((
            OnePager::of(&case, &responses, meeting.starts_at.year()),
            report,
        ));
    }
    let (attached, files) = pack_documents(store, &case_ids)?;
    let ctx = context(store, lang, today)?;
    let data = documents::meeting_pack(&meeting, &pages, &attached, &ctx);
    progress.step(Phase::Rendering, 0, 0)?;
    match renderer.render_with_files(Template::MeetingPack, &data, &files) {
        Ok(pdf) => Ok(pdf),
        Err(placing) if attached.iter().any(|d| !d.is_empty()) => {
            // A document typst cannot place (a PDF its reader refuses): the pack attaches every
            // document without placing any, rather than failing the pack.
            let attached_only: Vec<Vec<documents::PackDocument>> = attached
                .into_iter()
                .map(|list| {
                    list.into_iter()
                        .map(|d| documents::PackDocument {
                            pages_shown: 0,
                            image: false,
                            ..d
                        })
                        .collect()
                })
                .collect();
            let data = documents::meeting_pack(&meeting, &pages, &attached_only, &ctx);
            renderer
                .render_with_files(Template::MeetingPack, &data, &files)
                .map_err(|_| placing.into())
        }
        Err(e) => Err(e.into()),
    }
}

/// The most pages of one document the meeting pack places; the whole file is attached.
pub const PACK_PAGES_PER_DOCUMENT: u32 = 10;

/// Per agenda case its pack documents, and the render's files (path and bytes).
type PackFiles = (Vec<Vec<documents::PackDocument>>, Vec<(String, Vec<u8>)>);

/// The whole-table documents of the agenda's cases (per case, in agenda order) and their bytes
/// as the render's files. Only documents at level whole table: the pack goes to every member.
fn pack_documents(store: &Store, case_ids: &[&str]) -> Result<PackFiles> {
    use crate::domain::DocumentLevel;
    use crate::domain::document::DocumentKind;
    let mut per_case = Vec::with_capacity(case_ids.len());
    let mut files = Vec::new();
    for case_id in case_ids {
        let mut list = Vec::new();
        for document in store.documents().at_level(case_id, DocumentLevel::Table)? {
            let kind = document.current.kind;
            let bytes = store.documents().bytes(&document.current.sha256)?;
            let file = format!("/dossier/{}.{}", files.len() + 1, kind.extension());
            let pages_total = if kind == DocumentKind::Pdf {
                pdf_page_count(&bytes)
            } else {
                0
            };
            list.push(documents::PackDocument {
                name: format!("{}.{}", document.title, kind.extension()),
                title: document.title.clone(),
                doc_type: document.doc_type,
                kind,
                pages_shown: pages_total.min(PACK_PAGES_PER_DOCUMENT),
                pages_total,
                image: matches!(kind, DocumentKind::Png | DocumentKind::Jpeg),
                file: file.clone(),
            });
            files.push((file, bytes));
        }
        per_case.push(list);
    }
    Ok((per_case, files))
}

/// How many pages a PDF has; 0 when it cannot be read (it is then attached, not placed).
fn pdf_page_count(bytes: &[u8]) -> u32 {
    lopdf::Document::load_mem(bytes)
        .map(|d| u32::try_from(d.get_pages().len()).unwrap_or(u32::MAX))
        .unwrap_or(0)
}

/// Writes the meeting pack to `path` and records the export on the meeting.
#[allow(clippy::too_many_arguments)] // one use case: which meeting, how, where, and who watches
pub fn export_meeting_pack(
    store: &mut Store,
    actor: &Actor,
    renderer: &Renderer,
    meeting_id: &str,
    lang: Lang,
    path: &Path,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<PdfExport> {
    super::chosen_file::check(store, path, &["pdf"], super::chosen_file::Use::Write)?;
    let bytes = meeting_pack_pdf(store, renderer, meeting_id, lang, today, progress)?;
    // The last safe point: the file is written under a temporary name and renamed in one go.
    progress.step(Phase::Writing, 0, 1)?;
    store.transact(actor, |w| {
        let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        w.log("meeting", meeting_id, "export_pdf", &serde_json::json!({ "export": [null, {"document": "meeting_pack", "version": "anonymised", "lang": lang.code(), "file": file}] }))?;
        let size = write_file(path, &bytes)?;
        Ok(PdfExport { path: path.display().to_string(), bytes: size, anonymised: true })
    })
}

/// Renders the table's figures (the JSON of `report.typ`) as PDF bytes.
pub fn render_report(renderer: &Renderer, data: &serde_json::Value) -> Result<Vec<u8>> {
    Ok(renderer.render(Template::Report, data)?)
}
