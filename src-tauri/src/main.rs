//! Tafel's desktop shell: each command calls one core service and maps its error
//! to `{code, message}`. Nothing else lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use tauri::State;

use tafel::domain::{Actor, Case, CaseDraft, CaseSummary, Financier, FinancierSummary, Taxonomy, WriteSource};
use tafel::service::{self, AppInfo, cases, register};
use tafel::store::{CaseFilter, KeyOptions, Store};
use tafel::{Error, ErrorPayload};

/// The open database, or why it could not be opened (shown in the window).
struct AppState {
    store: Result<Mutex<Store>, ErrorPayload>,
    db_path: PathBuf,
    actor: Actor,
}

type CommandResult<T> = Result<T, ErrorPayload>;

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

#[tauri::command]
fn list_cases(state: State<'_, AppState>, filter: CaseFilter) -> CommandResult<Vec<CaseSummary>> {
    cases::list_cases(&*state.store()?, &filter).map_err(payload)
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
/// with the demo when asked (`--demo`, `TAFEL_DEMO=1`) and it is empty.
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
        Ok(store)
    });
    AppState { store: store.map(Mutex::new).map_err(payload), db_path, actor }
}

fn main() {
    let state = open_state();
    if let Err(err) = &state.store {
        eprintln!("tafel: database {} niet geopend: {}", state.db_path.display(), err.message);
    }
    let result = tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            app_info,
            taxonomy,
            list_cases,
            get_case,
            add_case,
            update_case,
            delete_case,
            list_financiers,
            get_financier
        ])
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("tafel: het venster kon niet starten: {err}");
        std::process::exit(1);
    }
}
