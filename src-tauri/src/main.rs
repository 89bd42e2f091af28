//! Tafel's desktop shell: each command calls one core service and maps its error
//! to `{code, message}`. Nothing else lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use tauri::State;

use std::path::Path;

use tafel::domain::{
    ActionItem, ActionItemDraft, Actor, Case, CaseDraft, CaseStatus, CaseSummary, Contact, ContactDraft, Financier, FinancierDraft,
    FinancierSummary, FollowUpDraft, Instrument, InstrumentDraft, Meeting, MeetingDraft, MeetingSummary, OnePager, PackageTrancheDraft,
    ReferralDraft, ResponseDraft, Taxonomy, WriteSource,
};
use tafel::import::cases::{CaseColumnMapping, ImportField};
use tafel::import::register::RegisterColumnMapping;
use tafel::report::ExportFormat;
use tafel::service::search::SearchHits;
use tafel::service::transfer::{self, BackupReport, CaseImportPreview, CaseImportReport, ExportReport, ImportMode};
use tafel::service::register::{RegisterImportPreview, RegisterImportReport};
use tafel::service::home::Home;
use tafel::service::meetings::{AttendeeDraft, Slide};
use tafel::service::outcomes::CaseOutcome;
use tafel::service::{self, AppInfo, cases, erasure, home, meetings, outcomes, register, views};
use tafel::service::erasure::{CompanyErasurePreview, Confirmation, ErasureReport, RetentionPreview, RetentionSettings};
use tafel::matching::{MatchOptions, MatchReport, Stack, StackProposal, StackRequest};
use tafel::store::{CaseFilter, CasePage, KeyOptions, Plan, SavedView, Store};
use tafel::report::documents::Lang;
use tafel::service::pdf::{self, PdfExport};
use tafel::{Error, ErrorPayload};

/// The open database, or why it could not be opened (shown in the window).
struct AppState {
    store: Result<Mutex<Store>, ErrorPayload>,
    db_path: PathBuf,
    key_options: KeyOptions,
    actor: Actor,
}

type CommandResult<T> = Result<T, ErrorPayload>;

// Commands that read or write whole files, render documents or match against the register are
// `#[tauri::command(async)]`: they run on Tauri's worker threads, not on the main thread, so a
// large import, a meeting pack or a year's report never freezes the window.

fn payload(err: Error) -> ErrorPayload {
    ErrorPayload::from(&err)
}

impl AppState {
    fn store(&self) -> CommandResult<MutexGuard<'_, Store>> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        store.lock().map_err(|_| ErrorPayload {
            code: "internal".into(),
            message: "Interne fout: de database is geblokkeerd na een eerdere fout. Start Tafel opnieuw.".into(),
            message_en: "Internal error: the database is locked after an earlier failure. Restart Tafel.".into(),
            fields: Vec::new(),
            rows: Vec::new(),
        })
    }
}

#[tauri::command]
fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    service::app_info(&*state.store()?, &state.actor).map_err(payload)
}

#[tauri::command]
fn taxonomy() -> Taxonomy {
    service::taxonomy()
}

#[tauri::command(async)]
fn list_cases(state: State<'_, AppState>, filter: CaseFilter) -> CommandResult<Vec<CaseSummary>> {
    cases::list_cases(&*state.store()?, &filter).map_err(payload)
}

#[tauri::command]
fn list_case_page(state: State<'_, AppState>, filter: CaseFilter, offset: u32, limit: u32) -> CommandResult<CasePage> {
    cases::list_case_page(&*state.store()?, &filter, offset, limit).map_err(payload)
}

#[tauri::command]
fn get_case(state: State<'_, AppState>, id: String) -> CommandResult<cases::CaseWithHistory> {
    cases::get_case_with_history(&*state.store()?, &id).map_err(payload)
}

#[tauri::command]
fn add_case(state: State<'_, AppState>, draft: CaseDraft) -> CommandResult<Case> {
    cases::add_case(&mut *state.store()?, &state.actor, &draft, service::today()).map_err(payload)
}

#[tauri::command]
fn update_case(state: State<'_, AppState>, id: String, patch: serde_json::Value) -> CommandResult<Case> {
    cases::update_case(&mut *state.store()?, &state.actor, &id, &patch, service::today()).map_err(payload)
}

#[tauri::command]
fn delete_case(state: State<'_, AppState>, id: String) -> CommandResult<Case> {
    cases::delete_case(&mut *state.store()?, &state.actor, &id).map_err(payload)
}

#[tauri::command]
fn list_financiers(state: State<'_, AppState>) -> CommandResult<Vec<FinancierSummary>> {
    register::list_financiers(&*state.store()?, service::today()).map_err(payload)
}

#[tauri::command]
fn get_financier(state: State<'_, AppState>, id: String) -> CommandResult<Financier> {
    register::get_financier(&*state.store()?, &id).map_err(payload)
}

#[tauri::command]
fn get_financier_page(state: State<'_, AppState>, id: String) -> CommandResult<register::FinancierWithHistory> {
    register::get_financier_with_history(&*state.store()?, &id).map_err(payload)
}

#[tauri::command]
fn create_financier(state: State<'_, AppState>, draft: FinancierDraft) -> CommandResult<Financier> {
    register::create_financier(&mut *state.store()?, &state.actor, &draft).map_err(payload)
}

#[tauri::command]
fn update_financier(state: State<'_, AppState>, id: String, draft: FinancierDraft) -> CommandResult<Financier> {
    register::update_financier(&mut *state.store()?, &state.actor, &id, &draft).map_err(payload)
}

#[tauri::command]
fn delete_financier(state: State<'_, AppState>, id: String) -> CommandResult<Financier> {
    register::delete_financier(&mut *state.store()?, &state.actor, &id).map_err(payload)
}

#[tauri::command]
fn add_instrument(state: State<'_, AppState>, financier_id: String, draft: InstrumentDraft) -> CommandResult<Instrument> {
    register::add_instrument(&mut *state.store()?, &state.actor, &financier_id, &draft).map_err(payload)
}

#[tauri::command]
fn update_instrument(state: State<'_, AppState>, id: String, draft: InstrumentDraft) -> CommandResult<Instrument> {
    register::update_instrument(&mut *state.store()?, &state.actor, &id, &draft).map_err(payload)
}

#[tauri::command]
fn delete_instrument(state: State<'_, AppState>, id: String) -> CommandResult<Instrument> {
    register::delete_instrument(&mut *state.store()?, &state.actor, &id).map_err(payload)
}

#[tauri::command]
fn add_contact(state: State<'_, AppState>, financier_id: String, draft: ContactDraft) -> CommandResult<Contact> {
    register::add_contact(&mut *state.store()?, &state.actor, &financier_id, &draft).map_err(payload)
}

#[tauri::command]
fn update_contact(state: State<'_, AppState>, id: String, draft: ContactDraft) -> CommandResult<Contact> {
    register::update_contact(&mut *state.store()?, &state.actor, &id, &draft).map_err(payload)
}

#[tauri::command]
fn delete_contact(state: State<'_, AppState>, id: String) -> CommandResult<Contact> {
    register::delete_contact(&mut *state.store()?, &state.actor, &id).map_err(payload)
}

#[tauri::command]
fn list_views(state: State<'_, AppState>) -> CommandResult<Vec<SavedView>> {
    views::list_views(&*state.store()?, &state.actor).map_err(payload)
}

#[tauri::command]
fn save_view(state: State<'_, AppState>, name: String, filter: CaseFilter) -> CommandResult<SavedView> {
    views::save_view(&mut *state.store()?, &state.actor, &name, &filter).map_err(payload)
}

#[tauri::command]
fn delete_view(state: State<'_, AppState>, id: String) -> CommandResult<()> {
    views::delete_view(&mut *state.store()?, &state.actor, &id).map_err(payload)
}

#[tauri::command]
fn search_all(state: State<'_, AppState>, query: String) -> CommandResult<SearchHits> {
    service::search::search_all(&*state.store()?, &query, 8).map_err(payload)
}

#[tauri::command]
fn import_fields() -> Vec<ImportField> {
    transfer::case_import_fields()
}

#[tauri::command(async)]
fn preview_case_import(state: State<'_, AppState>, path: String, mapping: Option<CaseColumnMapping>) -> CommandResult<CaseImportPreview> {
    transfer::preview_case_import(&*state.store()?, Path::new(&path), mapping.as_ref(), service::today()).map_err(payload)
}

#[tauri::command(async)]
fn import_cases(state: State<'_, AppState>, path: String, mapping: Option<CaseColumnMapping>, mode: ImportMode) -> CommandResult<CaseImportReport> {
    let actor = Actor { source: WriteSource::Import, ..state.actor.clone() };
    transfer::import_cases(&mut *state.store()?, &actor, Path::new(&path), mapping.as_ref(), mode, service::today()).map_err(payload)
}

#[tauri::command]
fn register_import_fields() -> Vec<ImportField> {
    register::register_import_fields()
}

#[tauri::command(async)]
fn preview_register_import(state: State<'_, AppState>, path: String, mapping: Option<RegisterColumnMapping>) -> CommandResult<RegisterImportPreview> {
    register::preview_register_import(&mut *state.store()?, Path::new(&path), mapping.as_ref()).map_err(payload)
}

#[tauri::command(async)]
fn import_register(state: State<'_, AppState>, path: String, mapping: Option<RegisterColumnMapping>, mode: ImportMode) -> CommandResult<RegisterImportReport> {
    register::import_register(&mut *state.store()?, &state.actor, Path::new(&path), mapping.as_ref(), mode).map_err(payload)
}

#[tauri::command(async)]
fn export_cases(state: State<'_, AppState>, filter: CaseFilter, format: ExportFormat, path: String) -> CommandResult<ExportReport> {
    transfer::export_cases(&*state.store()?, &state.actor, &filter, format, Path::new(&path)).map_err(payload)
}

#[tauri::command(async)]
fn export_register(state: State<'_, AppState>, format: ExportFormat, path: String) -> CommandResult<ExportReport> {
    transfer::export_register(&*state.store()?, &state.actor, format, Path::new(&path), service::today()).map_err(payload)
}

#[tauri::command(async)]
fn backup(state: State<'_, AppState>, path: String) -> CommandResult<BackupReport> {
    transfer::backup(&*state.store()?, &state.actor, Path::new(&path)).map_err(payload)
}

#[tauri::command]
fn recovery_key(state: State<'_, AppState>) -> CommandResult<service::RecoveryKey> {
    // Only while the database is open with this key: the store is the proof.
    let _open = state.store()?;
    service::recovery_key(&state.db_path, &state.key_options).map_err(payload)
}

#[tauri::command(async)]
fn backup_encrypted(state: State<'_, AppState>, path: String, passphrase: String) -> CommandResult<BackupReport> {
    transfer::backup_encrypted(&*state.store()?, &state.actor, Path::new(&path), &passphrase).map_err(payload)
}

#[tauri::command(async)]
fn match_case(state: State<'_, AppState>, case_id: String, options: MatchOptions) -> CommandResult<MatchReport> {
    service::matching::match_case(&*state.store()?, &case_id, &options).map_err(payload)
}

#[tauri::command(async)]
fn propose_stacks(state: State<'_, AppState>, case_id: String, request: StackRequest) -> CommandResult<StackProposal> {
    service::matching::propose_stacks(&*state.store()?, &case_id, &request).map_err(payload)
}

#[tauri::command]
fn save_plan(state: State<'_, AppState>, case_id: String, stack: Stack) -> CommandResult<Plan> {
    service::matching::save_plan(&mut *state.store()?, &state.actor, &case_id, &stack).map_err(payload)
}

#[tauri::command]
fn get_plan(state: State<'_, AppState>, case_id: String) -> CommandResult<Option<Plan>> {
    service::matching::get_plan(&*state.store()?, &case_id).map_err(payload)
}

#[tauri::command]
fn get_outcome(state: State<'_, AppState>, case_id: String) -> CommandResult<CaseOutcome> {
    outcomes::get_outcome(&*state.store()?, &case_id).map_err(payload)
}

#[tauri::command]
fn record_response(state: State<'_, AppState>, case_id: String, draft: ResponseDraft) -> CommandResult<CaseOutcome> {
    outcomes::record_response(&mut *state.store()?, &state.actor, &case_id, &draft, service::today()).map_err(payload)
}

#[tauri::command]
fn refer_case(state: State<'_, AppState>, case_id: String, draft: ReferralDraft) -> CommandResult<CaseOutcome> {
    outcomes::refer_case(&mut *state.store()?, &state.actor, &case_id, &draft, service::today()).map_err(payload)
}

#[tauri::command]
fn add_package_tranche(state: State<'_, AppState>, case_id: String, draft: PackageTrancheDraft) -> CommandResult<CaseOutcome> {
    outcomes::add_package_tranche(&mut *state.store()?, &state.actor, &case_id, &draft).map_err(payload)
}

#[tauri::command]
fn remove_package_tranche(state: State<'_, AppState>, tranche_id: String) -> CommandResult<CaseOutcome> {
    outcomes::remove_package_tranche(&mut *state.store()?, &state.actor, &tranche_id).map_err(payload)
}

#[tauri::command]
fn confirm_status(state: State<'_, AppState>, case_id: String, status: CaseStatus) -> CommandResult<CaseOutcome> {
    outcomes::confirm_status(&mut *state.store()?, &state.actor, &case_id, status, service::today()).map_err(payload)
}

#[tauri::command]
fn record_follow_up(state: State<'_, AppState>, follow_up_id: String, draft: FollowUpDraft) -> CommandResult<CaseOutcome> {
    outcomes::record_follow_up(&mut *state.store()?, &state.actor, &follow_up_id, &draft, service::today()).map_err(payload)
}

#[tauri::command]
fn list_meetings(state: State<'_, AppState>) -> CommandResult<Vec<MeetingSummary>> {
    meetings::list_meetings(&*state.store()?).map_err(payload)
}

#[tauri::command]
fn get_meeting(state: State<'_, AppState>, id: String) -> CommandResult<Meeting> {
    meetings::get_meeting(&*state.store()?, &id).map_err(payload)
}

#[tauri::command]
fn create_meeting(state: State<'_, AppState>, draft: MeetingDraft) -> CommandResult<Meeting> {
    meetings::create_meeting(&mut *state.store()?, &state.actor, &draft).map_err(payload)
}

#[tauri::command]
fn update_meeting(state: State<'_, AppState>, id: String, draft: MeetingDraft) -> CommandResult<Meeting> {
    meetings::update_meeting(&mut *state.store()?, &state.actor, &id, &draft).map_err(payload)
}

#[tauri::command]
fn delete_meeting(state: State<'_, AppState>, id: String) -> CommandResult<()> {
    meetings::delete_meeting(&mut *state.store()?, &state.actor, &id).map_err(payload)
}

#[tauri::command]
fn add_case_to_agenda(state: State<'_, AppState>, meeting_id: String, case_ref: String) -> CommandResult<Meeting> {
    meetings::add_case_to_agenda(&mut *state.store()?, &state.actor, &meeting_id, &case_ref).map_err(payload)
}

#[tauri::command]
fn remove_case_from_agenda(state: State<'_, AppState>, meeting_id: String, case_id: String) -> CommandResult<Meeting> {
    meetings::remove_case_from_agenda(&mut *state.store()?, &state.actor, &meeting_id, &case_id).map_err(payload)
}

#[tauri::command]
fn reorder_agenda(state: State<'_, AppState>, meeting_id: String, order: Vec<String>) -> CommandResult<Meeting> {
    meetings::reorder_agenda(&mut *state.store()?, &state.actor, &meeting_id, &order).map_err(payload)
}

#[tauri::command]
fn add_attendee(state: State<'_, AppState>, meeting_id: String, draft: AttendeeDraft) -> CommandResult<Meeting> {
    meetings::add_attendee(&mut *state.store()?, &state.actor, &meeting_id, &draft).map_err(payload)
}

#[tauri::command]
fn remove_attendee(state: State<'_, AppState>, meeting_id: String, attendee_id: String) -> CommandResult<Meeting> {
    meetings::remove_attendee(&mut *state.store()?, &state.actor, &meeting_id, &attendee_id).map_err(payload)
}

#[tauri::command]
fn one_pager(state: State<'_, AppState>, case_ref: String) -> CommandResult<OnePager> {
    meetings::one_pager(&*state.store()?, &case_ref).map_err(payload)
}

#[tauri::command]
fn present(state: State<'_, AppState>, meeting_id: String, position: u32) -> CommandResult<Slide> {
    meetings::present(&mut *state.store()?, &state.actor, &meeting_id, position).map_err(payload)
}

#[tauri::command]
fn set_minutes(state: State<'_, AppState>, meeting_id: String, case_id: String, minutes: Option<String>, decision: Option<String>) -> CommandResult<Meeting> {
    meetings::set_minutes(&mut *state.store()?, &state.actor, &meeting_id, &case_id, minutes.as_deref(), decision.as_deref()).map_err(payload)
}

#[tauri::command]
fn add_action(state: State<'_, AppState>, meeting_id: Option<String>, draft: ActionItemDraft) -> CommandResult<ActionItem> {
    meetings::add_action(&mut *state.store()?, &state.actor, meeting_id.as_deref(), &draft).map_err(payload)
}

#[tauri::command]
fn set_action_done(state: State<'_, AppState>, action_id: String, done: bool) -> CommandResult<ActionItem> {
    meetings::set_action_done(&mut *state.store()?, &state.actor, &action_id, done, service::today()).map_err(payload)
}

#[tauri::command]
fn start_meeting(state: State<'_, AppState>, meeting_id: String) -> CommandResult<Meeting> {
    meetings::start_meeting(&mut *state.store()?, &state.actor, &meeting_id).map_err(payload)
}

#[tauri::command]
fn close_meeting(state: State<'_, AppState>, meeting_id: String) -> CommandResult<Meeting> {
    meetings::close_meeting(&mut *state.store()?, &state.actor, &meeting_id, service::today()).map_err(payload)
}

#[tauri::command]
fn reopen_meeting(state: State<'_, AppState>, meeting_id: String) -> CommandResult<Meeting> {
    meetings::reopen_meeting(&mut *state.store()?, &state.actor, &meeting_id).map_err(payload)
}

#[tauri::command]
fn meeting_ics(state: State<'_, AppState>, meeting_id: String) -> CommandResult<String> {
    meetings::meeting_ics(&*state.store()?, &meeting_id).map_err(payload)
}

/// Writes the meeting's iCalendar invite to `path` (from the save dialog or typed); returns the path.
#[tauri::command(async)]
fn save_meeting_ics(state: State<'_, AppState>, meeting_id: String, path: String) -> CommandResult<String> {
    meetings::write_meeting_ics(&*state.store()?, &state.actor, &meeting_id, Path::new(&path)).map_err(payload)
}

/// Writes a case summary PDF (named or anonymised) to `path`; the export is logged on the case.
#[tauri::command(async)]
fn export_case_pdf(state: State<'_, AppState>, case_id: String, anonymised: bool, lang: Lang, path: String) -> CommandResult<PdfExport> {
    let mut store = state.store()?;
    let renderer = pdf::renderer_for(&store).map_err(payload)?;
    pdf::export_case_pdf(&mut store, &state.actor, &renderer, &case_id, pdf::SummaryVersion { anonymised, lang }, Path::new(&path), service::today()).map_err(payload)
}

/// Writes the meeting pack PDF (agenda and anonymised one-pagers) to `path`; logged on the meeting.
#[tauri::command(async)]
fn export_meeting_pack(state: State<'_, AppState>, meeting_id: String, lang: Lang, path: String) -> CommandResult<PdfExport> {
    let mut store = state.store()?;
    let renderer = pdf::renderer_for(&store).map_err(payload)?;
    pdf::export_meeting_pack(&mut store, &state.actor, &renderer, &meeting_id, lang, Path::new(&path), service::today()).map_err(payload)
}

#[tauri::command]
fn home(state: State<'_, AppState>) -> CommandResult<Home> {
    home::home(&*state.store()?, service::today()).map_err(payload)
}

/// The table's figures for a period (dates as typed: `2026-01-01` or `1-1-2026`, both included).
#[tauri::command(async)]
fn table_figures(state: State<'_, AppState>, from: String, to: String) -> CommandResult<tafel::report::figures::TableFigures> {
    let (from, to) = service::report::parse_period(&from, &to).map_err(payload)?;
    service::report::table_figures(&*state.store()?, from, to).map_err(payload)
}

/// Writes the report of a period to `path` as pdf (charts, in `lang`), xlsx (the numbers) or json.
#[tauri::command(async)]
fn export_report(
    state: State<'_, AppState>,
    from: String,
    to: String,
    format: service::report::ReportFormat,
    lang: Option<Lang>,
    path: String,
) -> CommandResult<service::report::ReportExport> {
    let (from, to) = service::report::parse_period(&from, &to).map_err(payload)?;
    service::report::export_report(&*state.store()?, &state.actor, from, to, format, lang.unwrap_or_default(), Path::new(&path)).map_err(payload)
}

/// What erasing a company (by id, KvK number or one of its cases) would erase.
#[tauri::command]
fn preview_company_erasure(state: State<'_, AppState>, reference: String) -> CommandResult<CompanyErasurePreview> {
    erasure::preview_company_erasure(&*state.store()?, &reference).map_err(payload)
}

/// Erases a company's personal data; `confirm_name` is what the user typed (its name).
#[tauri::command(async)]
fn erase_company(state: State<'_, AppState>, reference: String, confirm_name: String) -> CommandResult<ErasureReport> {
    erasure::erase_company(&mut *state.store()?, &state.actor, &reference, Confirmation::Typed(&confirm_name)).map_err(payload)
}

/// Erases the contact person of a company.
#[tauri::command(async)]
fn erase_company_contact(state: State<'_, AppState>, reference: String) -> CommandResult<ErasureReport> {
    erasure::erase_company_contact(&mut *state.store()?, &state.actor, &reference).map_err(payload)
}

/// Erases a financier's contact person.
#[tauri::command(async)]
fn erase_contact(state: State<'_, AppState>, contact_id: String) -> CommandResult<ErasureReport> {
    erasure::erase_contact(&mut *state.store()?, &state.actor, &contact_id).map_err(payload)
}

#[tauri::command]
fn retention_settings(state: State<'_, AppState>) -> CommandResult<RetentionSettings> {
    erasure::retention_settings(&*state.store()?).map_err(payload)
}

/// Sets the retention period in months (0: off).
#[tauri::command]
fn set_retention_months(state: State<'_, AppState>, months: u32) -> CommandResult<RetentionSettings> {
    erasure::set_retention_months(&mut *state.store()?, &state.actor, months).map_err(payload)
}

/// What the retention rule would anonymise today with `months` (the set period when null).
#[tauri::command]
fn preview_retention(state: State<'_, AppState>, months: Option<u32>) -> CommandResult<RetentionPreview> {
    erasure::preview_retention(&*state.store()?, service::today(), months).map_err(payload)
}

/// Applies the retention rule now with `months` (the set period when null).
#[tauri::command(async)]
fn apply_retention(state: State<'_, AppState>, months: Option<u32>) -> CommandResult<ErasureReport> {
    erasure::apply_retention(&mut *state.store()?, &state.actor, service::today(), months).map_err(payload)
}

/// What the command line says: `tafel-desktop [--db PATH] [--demo]`.
struct LaunchOptions {
    db: Option<PathBuf>,
    demo: bool,
}

fn launch_options() -> LaunchOptions {
    let mut options = LaunchOptions {
        db: std::env::var_os("TAFEL_DB").map(PathBuf::from),
        demo: std::env::var("TAFEL_DEMO").is_ok_and(|v| v == "1"),
    };
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--db") => options.db = args.next().map(PathBuf::from),
            Some("--demo") => options.demo = true,
            _ => {}
        }
    }
    options
}

/// Opens the database named by `--db` or `TAFEL_DB` (or the default), filling it
/// with the demo when asked (`--demo`, `TAFEL_DEMO=1`) and it is empty, and applies the
/// retention rule (at most once a day; never on a database opened read-only).
fn open_state() -> AppState {
    let launch = launch_options();
    let author = std::env::var("TAFEL_AUTHOR")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "onbekend".into());
    let actor = Actor { author, source: WriteSource::Ui };
    let db_path = launch.db.or_else(service::default_db_path).unwrap_or_else(|| "tafel.db".into());
    let options = KeyOptions {
        explicit: std::env::var("TAFEL_DB_KEY").ok(),
        use_keychain: std::env::var("TAFEL_KEYCHAIN").map(|v| v != "off").unwrap_or(true),
    };
    let store = service::open_store(&db_path, &options).and_then(|(mut store, _)| {
        if launch.demo && store.cases().count()? == 0 {
            service::demo::load_demo(&mut store, &Actor { author: "demo".into(), source: WriteSource::Cli }, service::today())?;
        }
        // A failing retention run must not keep the coordinator out: it is reported, the window
        // opens, and Gegevens → Bewaartermijn applies it by hand.
        match erasure::apply_retention_on_open(&mut store, &actor, service::today()) {
            Ok(Some(report)) if report.recorded => {
                eprintln!("tafel: bewaartermijn toegepast: {} casus(sen) geanonimiseerd, {} bedrijf/bedrijven gewist", report.case_ids.len(), report.company_ids.len())
            }
            Ok(_) => {}
            Err(err) => eprintln!("tafel: bewaartermijn niet toegepast: {}", err.message_nl()),
        }
        Ok(store)
    });
    AppState { store: store.map(Mutex::new).map_err(payload), db_path, key_options: options, actor }
}

fn main() {
    let state = open_state();
    if let Err(err) = &state.store {
        eprintln!("tafel: database {} niet geopend: {}", state.db_path.display(), err.message);
    }
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            app_info,
            taxonomy,
            list_cases,
            list_case_page,
            get_case,
            add_case,
            update_case,
            delete_case,
            list_financiers,
            get_financier,
            get_financier_page,
            create_financier,
            update_financier,
            delete_financier,
            add_instrument,
            update_instrument,
            delete_instrument,
            add_contact,
            update_contact,
            delete_contact,
            list_views,
            save_view,
            delete_view,
            search_all,
            import_fields,
            preview_case_import,
            import_cases,
            register_import_fields,
            preview_register_import,
            import_register,
            export_cases,
            export_register,
            backup,
            backup_encrypted,
            recovery_key,
            match_case,
            propose_stacks,
            save_plan,
            get_plan,
            get_outcome,
            record_response,
            refer_case,
            add_package_tranche,
            remove_package_tranche,
            confirm_status,
            record_follow_up,
            list_meetings,
            get_meeting,
            create_meeting,
            update_meeting,
            delete_meeting,
            add_case_to_agenda,
            remove_case_from_agenda,
            reorder_agenda,
            add_attendee,
            remove_attendee,
            one_pager,
            present,
            set_minutes,
            add_action,
            set_action_done,
            start_meeting,
            close_meeting,
            reopen_meeting,
            meeting_ics,
            save_meeting_ics,
            export_case_pdf,
            export_meeting_pack,
            table_figures,
            export_report,
            home,
            preview_company_erasure,
            erase_company,
            erase_company_contact,
            erase_contact,
            retention_settings,
            set_retention_months,
            preview_retention,
            apply_retention
        ])
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("tafel: het venster kon niet starten: {err}");
        std::process::exit(1);
    }
}
