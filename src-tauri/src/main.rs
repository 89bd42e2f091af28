//! Tafel's desktop shell: each command calls one core service and maps its error
//! to `{code, message}`. Nothing else lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod state;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_dialog::DialogExt;

use tafel::domain::DocumentLevel;
use tafel::domain::Label;
use tafel::domain::document::Document;
use tafel::domain::{
    ActionItem, ActionItemDraft, Actor, Case, CaseDraft, CaseStatus, CaseSummary, Contact,
    ContactDraft, Financier, FinancierDraft, FinancierSummary, FollowUpDraft, Instrument,
    InstrumentDraft, Meeting, MeetingDraft, MeetingSummary, OnePager, PackageTrancheDraft,
    ReferralDraft, ResponseDraft, Taxonomy, WriteSource,
};
use tafel::import::cases::{CaseColumnMapping, ImportField};
use tafel::import::register::RegisterColumnMapping;
use tafel::matching::{MatchOptions, MatchReport, Stack, StackProposal, StackRequest};
use tafel::progress::{OperationProgress, PROGRESS_EVENT, Progress, ProgressStep};
use tafel::report::ExportFormat;
use tafel::report::documents::Lang;
use tafel::service::backup::{AutoBackup, BackupStatus, RestoreReport};
use tafel::service::chosen_file::{ChosenFiles, FilePurpose, Use};
use tafel::service::documents::{
    self, DocumentDetails, DocumentWithVersions, OpenedDocument, OpenedFiles,
};
use tafel::service::erasure::{
    CompanyErasurePreview, Confirmation, ErasureReport, RetentionPreview, RetentionSettings,
};
use tafel::service::home::Home;
use tafel::service::meetings::{AttendeeDraft, Slide};
use tafel::service::outcomes::CaseOutcome;
use tafel::service::pdf::{self, PdfExport};
use tafel::service::register::{RegisterImportPreview, RegisterImportReport};
use tafel::service::search::SearchHits;
use tafel::service::settings::{SettingChange, SettingsView};
use tafel::service::sync::{
    self,
    bundle::{ExportSummary, ImportSummary},
    card::CardPreview,
    conflicts::{ConflictView, Resolution},
    exchange::{InboxItem, PartnerView},
    folder::SyncReport,
    hub::HubView,
    identity::IdentityView,
    join::JoinOffer,
    receipts::DocumentReceipt,
    refusals::RefusalView,
    roster::{MemberAdded, RosterView},
    shared::SharedCase,
};
use tafel::service::transfer::{
    self, BackupReport, CaseImportPreview, CaseImportReport, ExportReport, ImportMode,
};
use tafel::service::{self, AppInfo, cases, erasure, home, meetings, outcomes, register, views};
use tafel::startup::{Overrides, Startup};
use tafel::store::{CaseFilter, CasePage, Plan, SavedView};

use state::{AppState, CommandResult, OpenedBundle, Operations, chosen_path, payload};

/// A long command's progress: steps go to the window as [`PROGRESS_EVENT`] events (at most
/// every 50 ms, and always the last of a phase); the window's cancel reaches the work through
/// [`cancel_operation`]. Unregistered when the command returns.
struct WindowProgress<'a> {
    app: AppHandle,
    operations: &'a Operations,
    operation: String,
    cancelled: Arc<AtomicBool>,
    last: Mutex<Option<(Instant, tafel::progress::Phase)>>,
}

const PROGRESS_INTERVAL: Duration = Duration::from_millis(50);

impl<'a> WindowProgress<'a> {
    /// Watches the operation the window named (`None`: nobody watches, nothing can cancel).
    fn start(app: &AppHandle, operations: &'a Operations, operation: Option<String>) -> Self {
        let operation = operation.unwrap_or_default();
        let cancelled = if operation.is_empty() {
            Arc::new(AtomicBool::new(false))
        } else {
            operations.start(&operation)
        };
        WindowProgress {
            app: app.clone(),
            operations,
            operation,
            cancelled,
            last: Mutex::new(None),
        }
    }
}

impl Progress for WindowProgress<'_> {
    fn report(&self, step: ProgressStep) {
        if self.operation.is_empty() {
            return;
        }
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let now = Instant::now();
        let phase_ends = step.total > 0 && step.done >= step.total;
        let recent = last.is_some_and(|(at, phase)| {
            phase == step.phase && now.duration_since(at) < PROGRESS_INTERVAL
        });
        if recent && !phase_ends {
            return;
        }
        *last = Some((now, step.phase));
        let event = OperationProgress {
            operation: self.operation.clone(),
            phase: step.phase,
            done: step.done,
            total: step.total,
        };
        // A progress bar that cannot be moved is no reason to stop the work.
        let _ = self.app.emit(PROGRESS_EVENT, event);
    }

    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }
}

impl Drop for WindowProgress<'_> {
    fn drop(&mut self) {
        self.operations.finish(&self.operation);
    }
}

/// Opens the native dialog for `purpose` (with `suggested` as the file name when saving) and
/// remembers the choice: file commands accept only paths chosen here. `None` when cancelled.
#[tauri::command(async)]
fn choose_file(
    app: AppHandle,
    window: tauri::WebviewWindow,
    chosen: State<'_, ChosenFiles>,
    purpose: FilePurpose,
    suggested: Option<String>,
) -> Option<String> {
    // Modal to the window, and opening in the folder of the last choice.
    let mut dialog = app
        .dialog()
        .file()
        .set_parent(&window)
        .set_title(purpose.dialog_title());
    if !purpose.extensions().is_empty() {
        dialog = dialog.add_filter(purpose.filter_name(), purpose.extensions());
    }
    if let Some(folder) = chosen.last_folder().or_else(dirs_home) {
        dialog = dialog.set_directory(folder);
    }
    let picked = match purpose.used() {
        Use::Folder => dialog.blocking_pick_folder(),
        Use::Read => dialog.blocking_pick_file(),
        Use::Write => match suggested.filter(|name| !name.trim().is_empty()) {
            Some(name) => dialog.set_file_name(name).blocking_save_file(),
            None => dialog.blocking_save_file(),
        },
    }?;
    let path = picked.into_path().ok()?;
    chosen.remember(&path, purpose);
    Some(path.display().to_string())
}

/// The user's home folder: where the first dialog opens (not the app's working directory).
fn dirs_home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
}

/// Asks a running operation to stop at its next safe point; false when it already ended.
#[tauri::command]
fn cancel_operation(operations: State<'_, Operations>, operation: String) -> bool {
    operations.cancel(&operation)
}

// Commands that read or write whole files, render documents or match against the register are
// `#[tauri::command(async)]`: they run on Tauri's worker threads, not on the main thread, so a
// large import, a meeting pack or a year's report never freezes the window.

/// Opens the database that could not be opened at start (a lost, emptied or other key) with the
/// recovery key the user typed, and puts the key back; returns where it went, in Dutch.
#[tauri::command(async)]
fn open_with_recovery_key(state: State<'_, AppState>, key: String) -> CommandResult<String> {
    state.open_with_recovery_key(&key)
}

#[tauri::command(async)]
fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    service::app_info(&*state.store()?, &state.actor()).map_err(payload)
}

#[tauri::command(async)]
fn taxonomy() -> Taxonomy {
    service::taxonomy()
}

#[tauri::command(async)]
fn list_cases(state: State<'_, AppState>, filter: CaseFilter) -> CommandResult<Vec<CaseSummary>> {
    cases::list_cases(&*state.store()?, &filter, tafel::clock::today()).map_err(payload)
}

#[tauri::command]
fn list_case_page(
    state: State<'_, AppState>,
    filter: CaseFilter,
    offset: u32,
    limit: u32,
) -> CommandResult<CasePage> {
    cases::list_case_page(
        &*state.store()?,
        &filter,
        offset,
        limit,
        tafel::clock::today(),
    )
    .map_err(payload)
}

#[tauri::command]
fn get_case(state: State<'_, AppState>, id: String) -> CommandResult<cases::CaseWithHistory> {
    cases::get_case_with_history(&*state.store()?, &id).map_err(payload)
}

#[tauri::command]
fn add_case(state: State<'_, AppState>, draft: CaseDraft) -> CommandResult<Case> {
    cases::add_case(
        &mut *state.store()?,
        &state.actor(),
        &draft,
        tafel::clock::today(),
    )
    .map_err(payload)
}

#[tauri::command]
fn update_case(
    state: State<'_, AppState>,
    id: String,
    patch: serde_json::Value,
) -> CommandResult<Case> {
    cases::update_case(
        &mut *state.store()?,
        &state.actor(),
        &id,
        &patch,
        tafel::clock::today(),
    )
    .map_err(payload)
}

#[tauri::command]
fn delete_case(state: State<'_, AppState>, id: String) -> CommandResult<Case> {
    cases::delete_case(&mut *state.store()?, &state.actor(), &id).map_err(payload)
}

#[tauri::command]
fn list_financiers(state: State<'_, AppState>) -> CommandResult<Vec<FinancierSummary>> {
    register::list_financiers(&*state.store()?, tafel::clock::today()).map_err(payload)
}

#[tauri::command]
fn get_financier(state: State<'_, AppState>, id: String) -> CommandResult<Financier> {
    register::get_financier(&*state.store()?, &id).map_err(payload)
}

#[tauri::command]
fn get_financier_page(
    state: State<'_, AppState>,
    id: String,
) -> CommandResult<register::FinancierWithHistory> {
    register::get_financier_with_history(&*state.store()?, &id).map_err(payload)
}

#[tauri::command]
fn create_financier(state: State<'_, AppState>, draft: FinancierDraft) -> CommandResult<Financier> {
    register::create_financier(&mut *state.store()?, &state.actor(), &draft).map_err(payload)
}

#[tauri::command]
fn update_financier(
    state: State<'_, AppState>,
    id: String,
    draft: FinancierDraft,
) -> CommandResult<Financier> {
    register::update_financier(&mut *state.store()?, &state.actor(), &id, &draft).map_err(payload)
}

#[tauri::command]
fn delete_financier(state: State<'_, AppState>, id: String) -> CommandResult<Financier> {
    register::delete_financier(&mut *state.store()?, &state.actor(), &id).map_err(payload)
}

#[tauri::command]
fn add_instrument(
    state: State<'_, AppState>,
    financier_id: String,
    draft: InstrumentDraft,
) -> CommandResult<Instrument> {
    register::add_instrument(&mut *state.store()?, &state.actor(), &financier_id, &draft)
        .map_err(payload)
}

#[tauri::command]
fn update_instrument(
    state: State<'_, AppState>,
    id: String,
    draft: InstrumentDraft,
) -> CommandResult<Instrument> {
    register::update_instrument(&mut *state.store()?, &state.actor(), &id, &draft).map_err(payload)
}

#[tauri::command]
fn verify_instrument(
    state: State<'_, AppState>,
    id: String,
    source_url: Option<String>,
) -> CommandResult<Instrument> {
    register::verify_instrument(
        &mut *state.store()?,
        &state.actor(),
        &id,
        source_url.as_deref(),
        tafel::clock::today(),
    )
    .map_err(payload)
}

#[tauri::command]
fn delete_instrument(state: State<'_, AppState>, id: String) -> CommandResult<Instrument> {
    register::delete_instrument(&mut *state.store()?, &state.actor(), &id).map_err(payload)
}

#[tauri::command]
fn add_contact(
    state: State<'_, AppState>,
    financier_id: String,
    draft: ContactDraft,
) -> CommandResult<Contact> {
    register::add_contact(&mut *state.store()?, &state.actor(), &financier_id, &draft)
        .map_err(payload)
}

#[tauri::command]
fn update_contact(
    state: State<'_, AppState>,
    id: String,
    draft: ContactDraft,
) -> CommandResult<Contact> {
    register::update_contact(&mut *state.store()?, &state.actor(), &id, &draft).map_err(payload)
}

#[tauri::command]
fn delete_contact(state: State<'_, AppState>, id: String) -> CommandResult<Contact> {
    register::delete_contact(&mut *state.store()?, &state.actor(), &id).map_err(payload)
}

#[tauri::command(async)]
fn list_views(state: State<'_, AppState>) -> CommandResult<Vec<SavedView>> {
    views::list_views(&*state.store()?, &state.actor()).map_err(payload)
}

#[tauri::command]
fn save_view(
    state: State<'_, AppState>,
    name: String,
    filter: CaseFilter,
) -> CommandResult<SavedView> {
    views::save_view(&mut *state.store()?, &state.actor(), &name, &filter).map_err(payload)
}

#[tauri::command]
fn delete_view(state: State<'_, AppState>, id: String) -> CommandResult<()> {
    views::delete_view(&mut *state.store()?, &state.actor(), &id).map_err(payload)
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
fn preview_case_import(
    app: AppHandle,
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    operations: State<'_, Operations>,
    path: String,
    mapping: Option<CaseColumnMapping>,
    operation: Option<String>,
) -> CommandResult<CaseImportPreview> {
    let path = chosen_path(&chosen, &path, Use::Read)?;
    let progress = WindowProgress::start(&app, &operations, operation);
    transfer::preview_case_import(
        &*state.store()?,
        &path,
        mapping.as_ref(),
        tafel::clock::today(),
        &progress,
    )
    .map_err(payload)
}

#[tauri::command(async)]
#[allow(clippy::too_many_arguments)] // the window's state, the file, how to read it, and who watches
fn import_cases(
    app: AppHandle,
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    operations: State<'_, Operations>,
    path: String,
    mapping: Option<CaseColumnMapping>,
    mode: ImportMode,
    operation: Option<String>,
) -> CommandResult<CaseImportReport> {
    let path = chosen_path(&chosen, &path, Use::Read)?;
    let actor = Actor {
        source: WriteSource::Import,
        ..state.actor()
    };
    let progress = WindowProgress::start(&app, &operations, operation);
    transfer::import_cases(
        &mut *state.store()?,
        &actor,
        &path,
        mapping.as_ref(),
        mode,
        tafel::clock::today(),
        &progress,
    )
    .map_err(payload)
}

#[tauri::command]
fn register_import_fields() -> Vec<ImportField> {
    register::register_import_fields()
}

#[tauri::command(async)]
fn preview_register_import(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    path: String,
    mapping: Option<RegisterColumnMapping>,
) -> CommandResult<RegisterImportPreview> {
    let path = chosen_path(&chosen, &path, Use::Read)?;
    register::preview_register_import(&mut *state.store()?, &path, mapping.as_ref())
        .map_err(payload)
}

#[tauri::command(async)]
fn import_register(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    path: String,
    mapping: Option<RegisterColumnMapping>,
    mode: ImportMode,
) -> CommandResult<RegisterImportReport> {
    let path = chosen_path(&chosen, &path, Use::Read)?;
    register::import_register(
        &mut *state.store()?,
        &state.actor(),
        &path,
        mapping.as_ref(),
        mode,
    )
    .map_err(payload)
}

#[tauri::command(async)]
#[allow(clippy::too_many_arguments)] // the window's state, dialogs and progress, and the export's own three
fn export_cases(
    app: AppHandle,
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    operations: State<'_, Operations>,
    filter: CaseFilter,
    format: ExportFormat,
    path: String,
    operation: Option<String>,
) -> CommandResult<ExportReport> {
    let path = chosen_path(&chosen, &path, Use::Write)?;
    let progress = WindowProgress::start(&app, &operations, operation);
    transfer::export_cases(
        &*state.store()?,
        &state.actor(),
        &filter,
        format,
        &path,
        &progress,
    )
    .map_err(payload)
}

#[tauri::command(async)]
fn export_register(
    app: AppHandle,
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    operations: State<'_, Operations>,
    format: ExportFormat,
    path: String,
    operation: Option<String>,
) -> CommandResult<ExportReport> {
    let path = chosen_path(&chosen, &path, Use::Write)?;
    let progress = WindowProgress::start(&app, &operations, operation);
    transfer::export_register(
        &*state.store()?,
        &state.actor(),
        format,
        &path,
        tafel::clock::today(),
        &progress,
    )
    .map_err(payload)
}

#[tauri::command(async)]
fn backup(
    app: AppHandle,
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    operations: State<'_, Operations>,
    path: String,
    operation: Option<String>,
) -> CommandResult<BackupReport> {
    let path = chosen_path(&chosen, &path, Use::Write)?;
    let progress = WindowProgress::start(&app, &operations, operation);
    transfer::backup(&*state.store()?, &state.actor(), &path, &progress).map_err(payload)
}

#[tauri::command]
fn recovery_key(state: State<'_, AppState>) -> CommandResult<service::RecoveryKey> {
    // Only while the database is open with this key: the store is the proof.
    let _open = state.store()?;
    service::recovery_key(&state.db_path, &state.key_options).map_err(payload)
}

#[tauri::command(async)]
fn backup_encrypted(
    app: AppHandle,
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    operations: State<'_, Operations>,
    path: String,
    passphrase: String,
    operation: Option<String>,
) -> CommandResult<BackupReport> {
    let path = chosen_path(&chosen, &path, Use::Write)?;
    let progress = WindowProgress::start(&app, &operations, operation);
    transfer::backup_encrypted(
        &*state.store()?,
        &state.actor(),
        &path,
        &passphrase,
        &progress,
    )
    .map_err(payload)
}

#[tauri::command(async)]
fn match_case(
    state: State<'_, AppState>,
    case_id: String,
    options: MatchOptions,
) -> CommandResult<MatchReport> {
    service::matching::match_case(&*state.store()?, &case_id, &options, tafel::clock::today())
        .map_err(payload)
}

#[tauri::command(async)]
fn propose_stacks(
    state: State<'_, AppState>,
    case_id: String,
    request: StackRequest,
) -> CommandResult<StackProposal> {
    service::matching::propose_stacks(&*state.store()?, &case_id, &request, tafel::clock::today())
        .map_err(payload)
}

#[tauri::command]
fn save_plan(state: State<'_, AppState>, case_id: String, stack: Stack) -> CommandResult<Plan> {
    service::matching::save_plan(&mut *state.store()?, &state.actor(), &case_id, &stack)
        .map_err(payload)
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
fn record_response(
    state: State<'_, AppState>,
    case_id: String,
    draft: ResponseDraft,
) -> CommandResult<CaseOutcome> {
    outcomes::record_response(
        &mut *state.store()?,
        &state.actor(),
        &case_id,
        &draft,
        tafel::clock::today(),
    )
    .map_err(payload)
}

#[tauri::command]
fn refer_case(
    state: State<'_, AppState>,
    case_id: String,
    draft: ReferralDraft,
) -> CommandResult<CaseOutcome> {
    outcomes::refer_case(
        &mut *state.store()?,
        &state.actor(),
        &case_id,
        &draft,
        tafel::clock::today(),
    )
    .map_err(payload)
}

#[tauri::command]
fn add_package_tranche(
    state: State<'_, AppState>,
    case_id: String,
    draft: PackageTrancheDraft,
) -> CommandResult<CaseOutcome> {
    outcomes::add_package_tranche(&mut *state.store()?, &state.actor(), &case_id, &draft)
        .map_err(payload)
}

#[tauri::command]
fn remove_package_tranche(
    state: State<'_, AppState>,
    tranche_id: String,
) -> CommandResult<CaseOutcome> {
    outcomes::remove_package_tranche(&mut *state.store()?, &state.actor(), &tranche_id)
        .map_err(payload)
}

#[tauri::command]
fn confirm_status(
    state: State<'_, AppState>,
    case_id: String,
    status: CaseStatus,
) -> CommandResult<CaseOutcome> {
    outcomes::confirm_status(
        &mut *state.store()?,
        &state.actor(),
        &case_id,
        status,
        tafel::clock::today(),
    )
    .map_err(payload)
}

#[tauri::command]
fn record_follow_up(
    state: State<'_, AppState>,
    follow_up_id: String,
    draft: FollowUpDraft,
) -> CommandResult<CaseOutcome> {
    outcomes::record_follow_up(
        &mut *state.store()?,
        &state.actor(),
        &follow_up_id,
        &draft,
        tafel::clock::today(),
    )
    .map_err(payload)
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
    meetings::create_meeting(&mut *state.store()?, &state.actor(), &draft).map_err(payload)
}

#[tauri::command]
fn update_meeting(
    state: State<'_, AppState>,
    id: String,
    draft: MeetingDraft,
) -> CommandResult<Meeting> {
    meetings::update_meeting(&mut *state.store()?, &state.actor(), &id, &draft).map_err(payload)
}

#[tauri::command]
fn delete_meeting(state: State<'_, AppState>, id: String) -> CommandResult<()> {
    meetings::delete_meeting(&mut *state.store()?, &state.actor(), &id).map_err(payload)
}

#[tauri::command]
fn add_case_to_agenda(
    state: State<'_, AppState>,
    meeting_id: String,
    case_ref: String,
) -> CommandResult<Meeting> {
    meetings::add_case_to_agenda(&mut *state.store()?, &state.actor(), &meeting_id, &case_ref)
        .map_err(payload)
}

#[tauri::command]
fn remove_case_from_agenda(
    state: State<'_, AppState>,
    meeting_id: String,
    case_id: String,
) -> CommandResult<Meeting> {
    meetings::remove_case_from_agenda(&mut *state.store()?, &state.actor(), &meeting_id, &case_id)
        .map_err(payload)
}

#[tauri::command]
fn reorder_agenda(
    state: State<'_, AppState>,
    meeting_id: String,
    order: Vec<String>,
) -> CommandResult<Meeting> {
    meetings::reorder_agenda(&mut *state.store()?, &state.actor(), &meeting_id, &order)
        .map_err(payload)
}

#[tauri::command]
fn add_attendee(
    state: State<'_, AppState>,
    meeting_id: String,
    draft: AttendeeDraft,
) -> CommandResult<Meeting> {
    meetings::add_attendee(&mut *state.store()?, &state.actor(), &meeting_id, &draft)
        .map_err(payload)
}

#[tauri::command]
fn remove_attendee(
    state: State<'_, AppState>,
    meeting_id: String,
    attendee_id: String,
) -> CommandResult<Meeting> {
    meetings::remove_attendee(
        &mut *state.store()?,
        &state.actor(),
        &meeting_id,
        &attendee_id,
    )
    .map_err(payload)
}

#[tauri::command]
fn one_pager(state: State<'_, AppState>, case_ref: String) -> CommandResult<OnePager> {
    meetings::one_pager(&*state.store()?, &case_ref, tafel::clock::today()).map_err(payload)
}

#[tauri::command]
fn present(state: State<'_, AppState>, meeting_id: String, position: u32) -> CommandResult<Slide> {
    meetings::present(&mut *state.store()?, &state.actor(), &meeting_id, position).map_err(payload)
}

/// The window the slide is shown in on the projector (see [`open_presenter`]).
const PRESENTER_WINDOW: &str = "presenter";

/// Opens the slide of a meeting in its own window, full screen, on a second screen when there
/// is one: the projector shows only the slide while the coordinator's panel and agenda stay in
/// the main window. The two windows talk through events (the slide shown, the keys pressed);
/// the slide window may call no command at all (capabilities/presenter.json).
#[tauri::command]
fn open_presenter(app: AppHandle, meeting_id: String) -> CommandResult<()> {
    if let Some(existing) = app.get_webview_window(PRESENTER_WINDOW) {
        let _ = existing.set_focus();
        return Ok(());
    }
    // The page the main window shows, with the slide's route as its fragment (an app path with a
    // fragment would be taken for a file name).
    let route = format!("/meetings/{}/slide", encode_segment(&meeting_id));
    let url = match app.get_webview_window("main").and_then(|w| w.url().ok()) {
        Some(mut url) => {
            url.set_fragment(Some(&route));
            tauri::WebviewUrl::CustomProtocol(url)
        }
        None => tauri::WebviewUrl::App(format!("index.html#{route}").into()),
    };
    let mut builder = tauri::WebviewWindowBuilder::new(&app, PRESENTER_WINDOW, url)
        .title("Tafel — presentatie")
        .inner_size(1280.0, 720.0);
    // The projector is the screen the main window is not on.
    let main_monitor = app
        .get_webview_window("main")
        .and_then(|w| w.current_monitor().ok().flatten());
    let other = app.available_monitors().ok().and_then(|monitors| {
        monitors.into_iter().find(|m| {
            main_monitor
                .as_ref()
                .is_none_or(|main| m.position() != main.position())
        })
    });
    if let Some(monitor) = other {
        let at = monitor.position().to_logical::<f64>(monitor.scale_factor());
        builder = builder.position(at.x, at.y);
    }
    let window = builder
        .fullscreen(true)
        .build()
        .map_err(|err| presenter_error(&err))?;
    let _ = window.set_focus();
    Ok(())
}

/// Closes the slide window, if open.
#[tauri::command]
fn close_presenter(app: AppHandle) -> CommandResult<()> {
    if let Some(window) = app.get_webview_window(PRESENTER_WINDOW) {
        window.close().map_err(|err| presenter_error(&err))?;
    }
    Ok(())
}

fn presenter_error(err: &tauri::Error) -> tafel::ErrorPayload {
    tafel::ErrorPayload {
        code: "presenter_window".into(),
        message: format!("Het presentatievenster kon niet openen: {err}"),
        message_en: format!("The presentation window could not open: {err}"),
        fields: Vec::new(),
        rows: Vec::new(),
    }
}

/// A meeting id as one segment of the window's address.
fn encode_segment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_string()
            } else {
                format!("%{:02X}", c as u32 & 0xff)
            }
        })
        .collect()
}

/// Every setting with its value in effect (Instellingen).
#[tauri::command(async)]
fn get_settings(state: State<'_, AppState>) -> CommandResult<SettingsView> {
    service::settings::settings(&*state.store()?).map_err(payload)
}

/// Changes settings (all checked first; nothing is stored when one is refused). A new backup
/// folder must have been chosen in the folder dialog. The author of the window's changes
/// follows the user's name.
#[tauri::command]
fn save_settings(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    changes: Vec<SettingChange>,
) -> CommandResult<SettingsView> {
    for change in changes
        .iter()
        .filter(|c| c.key == "backup.folder" && !c.value.trim().is_empty())
    {
        chosen_path(&chosen, change.value.trim(), Use::Folder)?;
    }
    let mut store = state.store()?;
    let view = service::settings::set(&mut store, &state.actor(), &changes).map_err(payload)?;
    state.refresh_actor(&store)?;
    Ok(view)
}

/// The automatic backups and whether one is due.
#[tauri::command(async)]
fn backup_status(state: State<'_, AppState>) -> CommandResult<BackupStatus> {
    service::backup::status(&*state.store()?, tafel::clock::now()).map_err(payload)
}

/// Takes an automatic backup now ("Back-up maken").
#[tauri::command(async)]
fn backup_now(state: State<'_, AppState>) -> CommandResult<AutoBackup> {
    service::backup::take_auto_backup(&*state.store()?, &state.db_key()?, tafel::clock::now())
        .map_err(payload)
}

/// Restores a backup in place of the open database: one of the automatic backups of the list,
/// or a file chosen in the open dialog (a `.tafelbackup` with its passphrase, or a `.json`).
#[tauri::command(async)]
fn restore_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    operations: State<'_, Operations>,
    path: String,
    passphrase: Option<String>,
    operation: Option<String>,
) -> CommandResult<RestoreReport> {
    let key = state.db_key()?;
    let mut store = state.store()?;
    let file = PathBuf::from(&path);
    if !service::backup::is_auto_backup(&store, &file).map_err(payload)? {
        chosen_path(&chosen, &path, Use::Read)?;
    }
    let progress = WindowProgress::start(&app, &operations, operation);
    let report = service::backup::restore_replacing(
        &mut store,
        &key,
        &file,
        passphrase.as_deref(),
        tafel::clock::now(),
        &progress,
    )
    .map_err(payload)?;
    state.refresh_actor(&store)?;
    Ok(report)
}

#[tauri::command]
fn set_minutes(
    state: State<'_, AppState>,
    meeting_id: String,
    case_id: String,
    minutes: Option<String>,
    decision: Option<String>,
) -> CommandResult<Meeting> {
    meetings::set_minutes(
        &mut *state.store()?,
        &state.actor(),
        &meeting_id,
        &case_id,
        minutes.as_deref(),
        decision.as_deref(),
    )
    .map_err(payload)
}

#[tauri::command]
fn add_action(
    state: State<'_, AppState>,
    meeting_id: Option<String>,
    draft: ActionItemDraft,
) -> CommandResult<ActionItem> {
    meetings::add_action(
        &mut *state.store()?,
        &state.actor(),
        meeting_id.as_deref(),
        &draft,
    )
    .map_err(payload)
}

#[tauri::command]
fn set_action_done(
    state: State<'_, AppState>,
    action_id: String,
    done: bool,
) -> CommandResult<ActionItem> {
    meetings::set_action_done(
        &mut *state.store()?,
        &state.actor(),
        &action_id,
        done,
        tafel::clock::today(),
    )
    .map_err(payload)
}

#[tauri::command]
fn start_meeting(state: State<'_, AppState>, meeting_id: String) -> CommandResult<Meeting> {
    meetings::start_meeting(&mut *state.store()?, &state.actor(), &meeting_id).map_err(payload)
}

#[tauri::command]
fn close_meeting(state: State<'_, AppState>, meeting_id: String) -> CommandResult<Meeting> {
    meetings::close_meeting(
        &mut *state.store()?,
        &state.actor(),
        &meeting_id,
        tafel::clock::today(),
    )
    .map_err(payload)
}

#[tauri::command]
fn reopen_meeting(state: State<'_, AppState>, meeting_id: String) -> CommandResult<Meeting> {
    meetings::reopen_meeting(&mut *state.store()?, &state.actor(), &meeting_id).map_err(payload)
}

#[tauri::command]
fn meeting_ics(state: State<'_, AppState>, meeting_id: String) -> CommandResult<String> {
    meetings::meeting_ics(&*state.store()?, &meeting_id).map_err(payload)
}

/// Writes the meeting's iCalendar invite to `path` (from the save dialog or typed); returns the path.
#[tauri::command(async)]
fn save_meeting_ics(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    meeting_id: String,
    path: String,
) -> CommandResult<String> {
    let path = chosen_path(&chosen, &path, Use::Write)?;
    meetings::write_meeting_ics(&*state.store()?, &state.actor(), &meeting_id, &path)
        .map_err(payload)
}

/// Writes a case summary PDF (named or anonymised) to `path`; the export is logged on the case.
#[tauri::command(async)]
fn export_case_pdf(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    case_id: String,
    anonymised: bool,
    lang: Lang,
    path: String,
) -> CommandResult<PdfExport> {
    let path = chosen_path(&chosen, &path, Use::Write)?;
    let mut store = state.store()?;
    let renderer = pdf::renderer_for(&store).map_err(payload)?;
    pdf::export_case_pdf(
        &mut store,
        &state.actor(),
        &renderer,
        &case_id,
        pdf::SummaryVersion { anonymised, lang },
        &path,
        tafel::clock::today(),
    )
    .map_err(payload)
}

/// Writes the meeting pack PDF (agenda and anonymised one-pagers) to `path`; logged on the meeting.
#[tauri::command(async)]
#[allow(clippy::too_many_arguments)] // the window's state, which meeting, how, where, and who watches
fn export_meeting_pack(
    app: AppHandle,
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    operations: State<'_, Operations>,
    meeting_id: String,
    lang: Lang,
    path: String,
    operation: Option<String>,
) -> CommandResult<PdfExport> {
    let path = chosen_path(&chosen, &path, Use::Write)?;
    let progress = WindowProgress::start(&app, &operations, operation);
    let mut store = state.store()?;
    let renderer = pdf::renderer_for(&store).map_err(payload)?;
    pdf::export_meeting_pack(
        &mut store,
        &state.actor(),
        &renderer,
        &meeting_id,
        lang,
        &path,
        tafel::clock::today(),
        &progress,
    )
    .map_err(payload)
}

#[tauri::command(async)]
fn home(state: State<'_, AppState>) -> CommandResult<Home> {
    home::home(&*state.store()?, tafel::clock::today()).map_err(payload)
}

/// The table's figures for a period (dates as typed: `2026-01-01` or `1-1-2026`, both included).
#[tauri::command(async)]
fn table_figures(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> CommandResult<tafel::report::figures::TableFigures> {
    let (from, to) = service::report::parse_period(&from, &to).map_err(payload)?;
    service::report::table_figures(&*state.store()?, from, to).map_err(payload)
}

/// Writes the report of a period to `path` as pdf (charts, in `lang`), xlsx (the numbers) or json.
#[tauri::command(async)]
#[allow(clippy::too_many_arguments)] // the window's state, the period, the format, where, and who watches
fn export_report(
    app: AppHandle,
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    operations: State<'_, Operations>,
    from: String,
    to: String,
    format: service::report::ReportFormat,
    lang: Option<Lang>,
    path: String,
    operation: Option<String>,
) -> CommandResult<service::report::ReportExport> {
    let path = chosen_path(&chosen, &path, Use::Write)?;
    let (from, to) = service::report::parse_period(&from, &to).map_err(payload)?;
    let progress = WindowProgress::start(&app, &operations, operation);
    let lang = lang.unwrap_or_default();
    service::report::export_report(
        &*state.store()?,
        &state.actor(),
        from,
        to,
        format,
        lang,
        &path,
        &progress,
    )
    .map_err(payload)
}

/// What erasing a company (by id, KvK number or one of its cases) would erase.
#[tauri::command]
fn preview_company_erasure(
    state: State<'_, AppState>,
    reference: String,
) -> CommandResult<CompanyErasurePreview> {
    erasure::preview_company_erasure(&*state.store()?, &reference).map_err(payload)
}

/// Erases a company's personal data; `confirm_name` is what the user typed (its name).
#[tauri::command(async)]
fn erase_company(
    state: State<'_, AppState>,
    reference: String,
    confirm_name: String,
) -> CommandResult<ErasureReport> {
    erasure::erase_company(
        &mut *state.store()?,
        &state.actor(),
        &reference,
        Confirmation::Typed(&confirm_name),
    )
    .map_err(payload)
}

/// Erases the contact person of a company.
#[tauri::command(async)]
fn erase_company_contact(
    state: State<'_, AppState>,
    reference: String,
) -> CommandResult<ErasureReport> {
    erasure::erase_company_contact(&mut *state.store()?, &state.actor(), &reference)
        .map_err(payload)
}

/// Erases a financier's contact person.
#[tauri::command(async)]
fn erase_contact(state: State<'_, AppState>, contact_id: String) -> CommandResult<ErasureReport> {
    erasure::erase_contact(&mut *state.store()?, &state.actor(), &contact_id).map_err(payload)
}

/// Erases what a referral received from another table says of its company.
#[tauri::command(async)]
fn erase_received_referral(state: State<'_, AppState>, id: i64) -> CommandResult<ErasureReport> {
    erasure::erase_received_referral(&mut *state.store()?, &state.actor(), id).map_err(payload)
}

#[tauri::command]
fn retention_settings(state: State<'_, AppState>) -> CommandResult<RetentionSettings> {
    erasure::retention_settings(&*state.store()?).map_err(payload)
}

/// Sets the retention period in months (0: off).
#[tauri::command]
fn set_retention_months(
    state: State<'_, AppState>,
    months: u32,
) -> CommandResult<RetentionSettings> {
    erasure::set_retention_months(&mut *state.store()?, &state.actor(), months).map_err(payload)
}

/// What the retention rule would anonymise today with `months` (the set period when null).
#[tauri::command]
fn preview_retention(
    state: State<'_, AppState>,
    months: Option<u32>,
) -> CommandResult<RetentionPreview> {
    erasure::preview_retention(&*state.store()?, tafel::clock::today(), months).map_err(payload)
}

/// Applies the retention rule now with `months` (the set period when null).
#[tauri::command(async)]
fn apply_retention(
    state: State<'_, AppState>,
    months: Option<u32>,
) -> CommandResult<ErasureReport> {
    erasure::apply_retention(
        &mut *state.store()?,
        &state.actor(),
        tafel::clock::today(),
        months,
    )
    .map_err(payload)
}

// Sharing a table (issue 11): this device's identity and card, the coordinator's roster, the
// shared folder and "Synchroniseren", bundle files, a member's cases and answers, conflicts
// and refused bundles.

/// This device's identity; null before it is set.
#[tauri::command(async)]
fn sharing_identity(state: State<'_, AppState>) -> CommandResult<Option<IdentityView>> {
    sync::identity::identity(&*state.store()?).map_err(payload)
}

/// Sets who uses this device and for which organisation (`coordinator` or a financier).
#[tauri::command]
fn set_sharing_identity(
    state: State<'_, AppState>,
    person: String,
    organisation: String,
    table_name: Option<String>,
) -> CommandResult<IdentityView> {
    let table_name = table_name.filter(|name| !name.trim().is_empty());
    sync::identity::set_identity(
        &mut *state.store()?,
        &state.actor(),
        &person,
        &organisation,
        table_name.as_deref().map(str::trim),
    )
    .map_err(payload)
}

/// This device's member card as text (to copy into an e-mail).
#[tauri::command]
fn member_card(state: State<'_, AppState>) -> CommandResult<String> {
    sync::identity::member_card(&*state.store()?, tafel::clock::now()).map_err(payload)
}

/// Saves this device's member card to the file chosen in the save dialog; returns the path.
#[tauri::command(async)]
fn save_member_card(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    path: String,
) -> CommandResult<String> {
    let path = chosen_path(&chosen, &path, Use::Write)?;
    sync::card::save_card_file(&*state.store()?, &path, tafel::clock::now())
        .map(|p| p.display().to_string())
        .map_err(payload)
}

/// The text of a member's card file chosen in the open dialog.
#[tauri::command(async)]
fn read_member_card(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    path: String,
) -> CommandResult<String> {
    let path = chosen_path(&chosen, &path, Use::Read)?;
    sync::card::read_card_file(&*state.store()?, &path).map_err(payload)
}

/// What a card says (person, organisation, fingerprint) before the coordinator adds it.
#[tauri::command]
fn preview_member_card(
    state: State<'_, AppState>,
    card_text: String,
) -> CommandResult<CardPreview> {
    sync::card::preview_card(&*state.store()?, &card_text).map_err(payload)
}

/// Adds a member's card to the roster (the coordinator only), for a financier of the register.
#[tauri::command]
fn add_member(
    state: State<'_, AppState>,
    card_text: String,
    organisation: Option<String>,
) -> CommandResult<MemberAdded> {
    sync::roster::add_member(
        &mut *state.store()?,
        &state.actor(),
        &card_text,
        organisation.as_deref(),
    )
    .map_err(payload)
}

/// Removes a device from the roster (the coordinator only), by device id.
#[tauri::command]
fn remove_member(state: State<'_, AppState>, reference: String) -> CommandResult<RosterView> {
    sync::roster::remove_member(&mut *state.store()?, &state.actor(), &reference).map_err(payload)
}

/// The roster this device holds, with each device's last bundle; null before a table.
#[tauri::command]
fn sharing_roster(state: State<'_, AppState>) -> CommandResult<Option<RosterView>> {
    sync::roster::roster(&*state.store()?).map_err(payload)
}

/// The shared folder set for this device, if any.
#[tauri::command]
fn sync_folder(state: State<'_, AppState>) -> CommandResult<Option<String>> {
    sync::folder::sync_folder(&*state.store()?)
        .map(|f| f.map(|f| f.display().to_string()))
        .map_err(payload)
}

/// The table hub this device synchronises through, if any (without its password).
#[tauri::command]
fn hub_status(state: State<'_, AppState>) -> CommandResult<Option<HubView>> {
    sync::hub::hub(&*state.store()?).map_err(payload)
}

/// Joins the table hub at the address the administrator handed out (it is checked first).
#[tauri::command(async)]
fn hub_join(state: State<'_, AppState>, url: String) -> CommandResult<HubView> {
    sync::hub::join(&mut *state.store()?, &state.actor(), &url).map_err(payload)
}

/// Stops synchronising through the hub on this device.
#[tauri::command]
fn hub_leave(state: State<'_, AppState>) -> CommandResult<()> {
    sync::hub::leave(&mut *state.store()?, &state.actor()).map_err(payload)
}

/// Sets the shared folder to the one chosen in the folder dialog; returns it.
#[tauri::command]
fn set_sync_folder(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    path: String,
) -> CommandResult<String> {
    let path = chosen_path(&chosen, &path, Use::Folder)?;
    sync::folder::set_sync_folder(&mut *state.store()?, &state.actor(), &path)
        .map(|f| f.display().to_string())
        .map_err(payload)
}

/// "Synchroniseren": through the shared folder and the hub (whichever are set), reads every
/// other device's bundle and writes this device's own; a transport that cannot be reached is
/// reported and the others still serve. Before a table, `sync_not_joined` until `join_fingerprint` matches the
/// coordinator's.
#[tauri::command(async)]
fn sync_now(
    app: AppHandle,
    state: State<'_, AppState>,
    operations: State<'_, Operations>,
    join_fingerprint: Option<String>,
    operation: Option<String>,
) -> CommandResult<SyncReport> {
    let progress = WindowProgress::start(&app, &operations, operation);
    sync::join::sync_joining(
        &mut *state.store()?,
        &state.actor(),
        None,
        join_fingerprint.as_deref(),
        &progress,
    )
    .map_err(payload)
}

/// The table the coordinator's bundle in the shared folder or on the hub invites this device to.
#[tauri::command(async)]
fn sync_join_offer(state: State<'_, AppState>) -> CommandResult<Option<JoinOffer>> {
    sync::join::join_offer(&*state.store()?, None).map_err(payload)
}

/// The table a bundle file chosen in the open dialog invites this device to.
#[tauri::command(async)]
fn bundle_join_offer(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    path: String,
) -> CommandResult<Option<JoinOffer>> {
    let path = chosen_path(&chosen, &path, Use::Read)?;
    sync::join::file_join_offer(&*state.store()?, &path).map_err(payload)
}

/// The `.tafel` bundle Tafel was started to open (a double-click), once; granted for reading.
#[tauri::command(async)]
fn opened_bundle(opened: State<'_, OpenedBundle>) -> Option<String> {
    opened.take()
}

/// Reads a bundle file chosen in the open dialog (joining with `join_fingerprint`).
#[tauri::command(async)]
fn import_bundle(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    path: String,
    join_fingerprint: Option<String>,
) -> CommandResult<ImportSummary> {
    let path = chosen_path(&chosen, &path, Use::Read)?;
    sync::join::import_bundle_file(
        &mut *state.store()?,
        &state.actor(),
        &path,
        join_fingerprint.as_deref(),
    )
    .map_err(payload)
}

/// Writes this device's bundle to the file chosen in the save dialog.
#[tauri::command(async)]
fn export_bundle(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    path: String,
) -> CommandResult<ExportSummary> {
    let path = chosen_path(&chosen, &path, Use::Write)?;
    sync::join::export_bundle_file(&mut *state.store()?, &state.actor(), &path).map_err(payload)
}

/// The table's cases as this member may see them.
#[tauri::command]
fn shared_cases(state: State<'_, AppState>) -> CommandResult<Vec<SharedCase>> {
    sync::shared::shared_cases(&*state.store()?, tafel::clock::today()).map_err(payload)
}

/// One shared case, by id or number.
#[tauri::command]
fn shared_case(state: State<'_, AppState>, case_ref: String) -> CommandResult<SharedCase> {
    sync::shared::shared_case(&*state.store()?, &case_ref, tafel::clock::today()).map_err(payload)
}

/// This member organisation's answer on a shared case (sent to the coordinator at the next sync).
#[tauri::command]
fn respond_as_member(
    state: State<'_, AppState>,
    case_ref: String,
    draft: ResponseDraft,
) -> CommandResult<SharedCase> {
    sync::shared::respond(&mut *state.store()?, &state.actor(), &case_ref, &draft).map_err(payload)
}

/// The member's private note on a shared case (empty clears it); it never leaves this laptop.
#[tauri::command]
fn set_private_note(
    state: State<'_, AppState>,
    case_ref: String,
    text: String,
) -> CommandResult<SharedCase> {
    sync::shared::set_private_note(&mut *state.store()?, &state.actor(), &case_ref, &text)
        .map_err(payload)
}

/// Marks a shared case seen (its new/changed marker goes).
#[tauri::command]
fn mark_seen(state: State<'_, AppState>, case_ref: String) -> CommandResult<SharedCase> {
    sync::shared::mark_seen(&mut *state.store()?, &state.actor(), &case_ref).map_err(payload)
}

/// What a member may know about revoking named details (shown with them).
#[tauri::command]
fn revocation_note() -> Label {
    state::revocation_note()
}

/// The conflicts sharing found, newest first (only open ones when `open_only`).
#[tauri::command]
fn sync_conflicts(state: State<'_, AppState>, open_only: bool) -> CommandResult<Vec<ConflictView>> {
    sync::conflicts::conflicts(&*state.store()?, open_only).map_err(payload)
}

/// Settles a conflict: the later value stands (confirm) or the earlier comes back (revert).
#[tauri::command]
fn resolve_conflict(
    state: State<'_, AppState>,
    entity: String,
    entity_id: String,
    field: String,
    later_clock: String,
    resolution: Resolution,
) -> CommandResult<Vec<ConflictView>> {
    sync::conflicts::resolve(
        &mut *state.store()?,
        &state.actor(),
        &entity,
        &entity_id,
        &field,
        &later_clock,
        resolution,
    )
    .map_err(payload)
}

/// The bundles this device refused, newest first (the last 50 unless `limit`).
#[tauri::command]
fn sync_refusals(
    state: State<'_, AppState>,
    limit: Option<u32>,
) -> CommandResult<Vec<RefusalView>> {
    sync::refusals::refusals(&*state.store()?, limit.unwrap_or(state::REFUSALS_SHOWN))
        .map_err(payload)
}

/// The dossier of a case (removed documents too when `with_removed`).
#[tauri::command]
fn list_documents(
    state: State<'_, AppState>,
    case_id: String,
    with_removed: bool,
) -> CommandResult<Vec<Document>> {
    documents::list_documents(
        &*state.store()?,
        &case_id,
        with_removed,
        tafel::clock::today(),
    )
    .map_err(payload)
}

/// The other tables this coordinator exchanges referrals with.
#[tauri::command]
fn exchange_partners(state: State<'_, AppState>) -> CommandResult<Vec<PartnerView>> {
    sync::exchange::partners(&*state.store()?).map_err(payload)
}

/// The referrals received from other tables, newest first.
#[tauri::command]
fn exchange_inbox(state: State<'_, AppState>) -> CommandResult<Vec<InboxItem>> {
    sync::exchange::inbox(&*state.store()?).map_err(payload)
}

/// Logs a referral received from another table as a case of this table, at intake.
#[tauri::command]
fn accept_referral(state: State<'_, AppState>, id: i64) -> CommandResult<Case> {
    sync::exchange::accept(
        &mut *state.store()?,
        &state.actor(),
        id,
        tafel::clock::today(),
    )
    .map_err(payload)
}

/// Who has received each shared document of a case (the coordinator's dossier).
#[tauri::command]
fn document_receipts(
    state: State<'_, AppState>,
    case_id: String,
) -> CommandResult<Vec<DocumentReceipt>> {
    sync::receipts::document_receipts(&*state.store()?, &case_id, tafel::clock::today())
        .map_err(payload)
}

/// A document with every version.
#[tauri::command]
fn document_versions(
    state: State<'_, AppState>,
    document_id: String,
) -> CommandResult<DocumentWithVersions> {
    documents::document_versions(&*state.store()?, &document_id, tafel::clock::today())
        .map_err(payload)
}

/// Adds a file the user chose (or dropped on the window) to a case's dossier.
#[tauri::command(async)]
fn add_document(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    case_id: String,
    path: String,
    details: DocumentDetails,
) -> CommandResult<Document> {
    let path = chosen_path(&chosen, &path, Use::Read)?;
    documents::add_document(
        &mut *state.store()?,
        &state.actor(),
        &case_id,
        &path,
        &details,
        tafel::clock::today(),
    )
    .map_err(payload)
}

/// Replaces a document by a newer file the user chose (a new version).
#[tauri::command(async)]
fn replace_document(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    document_id: String,
    path: String,
) -> CommandResult<Document> {
    let path = chosen_path(&chosen, &path, Use::Read)?;
    documents::replace_document(
        &mut *state.store()?,
        &state.actor(),
        &document_id,
        &path,
        tafel::clock::today(),
    )
    .map_err(payload)
}

/// Changes a document's type, title, note, date or decline.
#[tauri::command]
fn update_document(
    state: State<'_, AppState>,
    document_id: String,
    details: DocumentDetails,
) -> CommandResult<Document> {
    documents::update_document(
        &mut *state.store()?,
        &state.actor(),
        &document_id,
        &details,
        tafel::clock::today(),
    )
    .map_err(payload)
}

/// Sets who may see a document.
#[tauri::command]
fn set_document_level(
    state: State<'_, AppState>,
    document_id: String,
    level: DocumentLevel,
) -> CommandResult<Document> {
    documents::set_level(
        &mut *state.store()?,
        &state.actor(),
        &document_id,
        level,
        tafel::clock::today(),
    )
    .map_err(payload)
}

/// Takes a document out of its dossier (kept in the history until erasure).
#[tauri::command]
fn remove_document(state: State<'_, AppState>, document_id: String) -> CommandResult<Document> {
    documents::remove_document(&mut *state.store()?, &state.actor(), &document_id).map_err(payload)
}

/// Decrypts a document into the private folder and starts a viewer on it.
#[tauri::command(async)]
fn open_document(
    state: State<'_, AppState>,
    opened: State<'_, OpenedFiles>,
    document_id: String,
) -> CommandResult<OpenedDocument> {
    documents::open_and_show(&*state.store()?, &document_id, &opened).map_err(payload)
}

/// Decrypts a document the coordinator shared with this member and shows it.
#[tauri::command(async)]
fn open_shared_document(
    state: State<'_, AppState>,
    opened: State<'_, OpenedFiles>,
    id: String,
) -> CommandResult<OpenedDocument> {
    sync::shared::open_shared_document(&*state.store()?, &id, &opened, tafel::clock::today())
        .map_err(payload)
}

/// Writes a document (decrypted) to a file the user chose; logged on the document.
#[tauri::command(async)]
fn export_document(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenFiles>,
    document_id: String,
    path: String,
) -> CommandResult<String> {
    let path = chosen_path(&chosen, &path, Use::Write)?;
    documents::export_document(&*state.store()?, &state.actor(), &document_id, None, &path)
        .map(|p| p.display().to_string())
        .map_err(payload)
}

/// The event that hands the window the files dropped on it, once the shell has taken them as
/// chosen (a drop is a choice, like the dialog).
const DROPPED_EVENT: &str = "tafel://dropped-files";

/// What the command line says: `tafel-desktop [--db PATH] [--demo]` (`TAFEL_DB` is read by
/// [`Startup::from_env`] like every other start-up setting).
struct LaunchOptions {
    db: Option<PathBuf>,
    demo: bool,
}

fn launch_options() -> LaunchOptions {
    let mut options = LaunchOptions {
        db: None,
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

/// The start-up configuration ([`Startup::from_env`], shared with the CLI) with `--db`: the
/// state of the database to open (as [`AppState::finish_opening`] describes) and what to open
/// it with; or the state of a configuration that failed.
fn open_state() -> (AppState, Option<(Startup, bool)>) {
    let launch = launch_options();
    match Startup::from_env(Overrides {
        db: launch.db,
        ..Overrides::default()
    }) {
        Ok(startup) => (AppState::opening(&startup), Some((startup, launch.demo))),
        Err(err) => (
            AppState::failed(
                err,
                Actor {
                    author: tafel::startup::author_from_env(None),
                    source: WriteSource::Ui,
                    at: tafel::clock::moment(),
                },
            ),
            None,
        ),
    }
}

/// Opens the database on a thread of its own, so that it overlaps with the window starting;
/// the commands wait for it.
fn open_in_background(app: &tauri::App, opening: Option<(Startup, bool)>) {
    let handle = app.handle().clone();
    let opener = std::thread::Builder::new()
        .name("tafel-open".into())
        .spawn(move || {
            let state = handle.state::<AppState>();
            if let Some((startup, demo)) = opening {
                state.finish_opening(startup, demo);
            }
            if let Some(err) = state.open_error() {
                eprintln!(
                    "tafel: database {} niet geopend: {}",
                    state.db_path.display(),
                    err.message
                );
            }
        });
    if let Err(err) = opener {
        eprintln!("tafel: de database kon niet worden geopend: {err}");
    }
}

fn main() {
    scripts_without_jit();
    tafel::startup::page_cache_from_env();
    let (state, opening) = open_state();
    let chosen = ChosenFiles::default();
    let opened = OpenedBundle::from_args(std::env::args_os().skip(1), &chosen);
    // Copies of documents opened before a crash go at the next start.
    let opened_documents = OpenedFiles::for_user();
    if let Err(err) = opened_documents.sweep() {
        eprintln!(
            "tafel: geopende documenten niet opgeruimd: {}",
            err.message_nl()
        );
    }
    let built = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            open_in_background(app, opening);
            // The page cache goes back once the window has waited on the user for a moment.
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                loop {
                    std::thread::sleep(IDLE_CHECK);
                    handle
                        .state::<AppState>()
                        .release_memory_when_idle(IDLE_BEFORE_RELEASE);
                }
            });
            // Automatic backups: shortly after start (not in the way of the first screen), then
            // whenever one is due while the app runs, and once more on close (below).
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                std::thread::sleep(AUTO_BACKUP_FIRST_CHECK);
                loop {
                    auto_backup_if_due(&handle);
                    std::thread::sleep(AUTO_BACKUP_CHECK);
                }
            });
            Ok(())
        })
        .manage(state)
        .manage(Operations::default())
        .manage(chosen)
        .manage(opened)
        .manage(opened_documents)
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let chosen = window.state::<ChosenFiles>();
                for path in paths {
                    chosen.remember(path, FilePurpose::Document);
                }
                let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                // A window that cannot be told drops nothing: no harm done.
                let _ = window.emit(DROPPED_EVENT, paths);
            }
        })
        .invoke_handler(tauri::generate_handler![
            app_info,
            cancel_operation,
            choose_file,
            open_with_recovery_key,
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
            verify_instrument,
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
            erase_received_referral,
            retention_settings,
            set_retention_months,
            preview_retention,
            apply_retention,
            sharing_identity,
            set_sharing_identity,
            member_card,
            save_member_card,
            read_member_card,
            preview_member_card,
            add_member,
            remove_member,
            sharing_roster,
            sync_folder,
            set_sync_folder,
            hub_status,
            hub_join,
            hub_leave,
            sync_now,
            sync_join_offer,
            bundle_join_offer,
            import_bundle,
            opened_bundle,
            export_bundle,
            shared_cases,
            shared_case,
            respond_as_member,
            set_private_note,
            mark_seen,
            revocation_note,
            sync_conflicts,
            resolve_conflict,
            sync_refusals,
            open_presenter,
            close_presenter,
            get_settings,
            save_settings,
            backup_status,
            backup_now,
            restore_backup,
            list_documents,
            document_receipts,
            exchange_partners,
            exchange_inbox,
            accept_referral,
            document_versions,
            add_document,
            replace_document,
            update_document,
            set_document_level,
            remove_document,
            open_document,
            open_shared_document,
            export_document
        ])
        .build(tauri::generate_context!());
    match built {
        Ok(app) => app.run(|handle, event| {
            if matches!(event, tauri::RunEvent::Exit) {
                auto_backup_if_due(handle);
                // The decrypted copies of opened documents go when Tafel closes.
                if let Err(err) = handle.state::<OpenedFiles>().sweep() {
                    eprintln!(
                        "tafel: geopende documenten niet opgeruimd: {}",
                        err.message_nl()
                    );
                }
            }
        }),
        Err(err) => {
            eprintln!("tafel: het venster kon niet starten: {err}");
            std::process::exit(1);
        }
    }
}

/// WebKitGTK's page process runs the window's scripts in JavaScriptCore's interpreter, without
/// its just-in-time compilers (`JSC_useJIT=0`, an option JavaScriptCore reads from the
/// environment, which the page process inherits from this one). The page is a thin UI: the
/// rules, matching and queries run in the core, so its scripts gain little from compiling, while
/// the compiled code and its profiles kept 10–14 MB more in the page process after searching
/// (release, 100,000 cases: +66.7 → +50.6 MB over an empty window; a keystroke's rows 32 → 42 ms,
/// the first screen alike; README, Performance). And a page process that shows other
/// organisations' shared data holds no memory that is both writable and executable, as Apple's
/// Lockdown Mode does for the same reason. A value the user set (to try another) is kept; a
/// document's viewer started from the window does not get it. Other systems' web views are not
/// WebKitGTK and are left as they are.
fn scripts_without_jit() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(tafel::service::documents::JSC_USE_JIT).is_none() {
        // SAFETY: called first in `main`, before any other thread exists that could read the
        // environment while it changes.
        unsafe { std::env::set_var(tafel::service::documents::JSC_USE_JIT, "0") };
    }
}

/// How long no command has used the database before its page cache is given back (see
/// [`AppState::release_memory_when_idle`]): longer than the pauses between a typist's keys, so
/// a search typed in one go keeps its cache.
const IDLE_BEFORE_RELEASE: Duration = Duration::from_secs(2);
/// How often the shell looks whether the database has been idle that long.
const IDLE_CHECK: Duration = Duration::from_millis(500);

/// When the first check for a due automatic backup runs after start.
const AUTO_BACKUP_FIRST_CHECK: Duration = Duration::from_secs(20);
/// How often the app checks for a due automatic backup while it runs.
const AUTO_BACKUP_CHECK: Duration = Duration::from_secs(10 * 60);

/// Takes an automatic backup when one is due; a failure is reported, never fatal.
fn auto_backup_if_due(handle: &AppHandle) {
    let state = handle.state::<AppState>();
    let (Ok(store), Ok(key)) = (state.store(), state.db_key()) else {
        return;
    };
    match service::backup::auto_backup_if_due(&store, &key, tafel::clock::now()) {
        Ok(Some(backup)) => eprintln!("tafel: automatische back-up gemaakt: {}", backup.path),
        Ok(None) => {}
        Err(err) => eprintln!(
            "tafel: automatische back-up niet gemaakt: {}",
            err.message_nl()
        ),
    }
}
