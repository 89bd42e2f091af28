//! The shell's state, apart from Tauri: the open database (or why it did not open), the
//! running operations' cancel switches, and the checks every command shares. The
//! `#[tauri::command]`s in `main.rs` are thin calls of core services through this; the tests
//! below build it on a temporary database, without a window or a Tauri runtime.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, RwLock};
use std::time::{Duration, Instant};

use tafel::clock::{Clock, SystemClock};
use tafel::domain::{Actor, Label, WriteSource};
use tafel::service::chosen_file::{ChosenFiles, Use};
use tafel::service::sync::shared;
use tafel::service::{self, erasure};
use tafel::startup::Startup;
use tafel::store::{DbKey, KeyOptions, Store, key};
use tafel::{Error, ErrorPayload};

pub type CommandResult<T> = Result<T, ErrorPayload>;

/// The open database, or why it could not be opened (shown in the window, which can then open
/// it with a recovery key: see [`AppState::open_with_recovery_key`]).
///
/// The shell opens the database on a thread of its own while the window starts
/// ([`AppState::opening`], then [`AppState::finish_opening`]): opening a large database
/// (decrypting its first pages, the planner's statistics, the retention rule) overlaps with
/// WebKit starting, and every command waits until it is done.
pub struct AppState {
    pub store: OnceLock<Mutex<Store>>,
    /// Set once opening has finished: `None` when the database opened, else why it did not.
    opened: OnceLock<Option<ErrorPayload>>,
    pub db_path: PathBuf,
    pub key_options: KeyOptions,
    /// The key that opened the database: automatic backups are encrypted with it, and a
    /// restored database is opened with it.
    key: Mutex<Option<DbKey>>,
    /// How the author was found at start (see [`tafel::service::settings::author`]).
    startup: Option<Startup>,
    /// The author of the changes made in the window: the settings can rename them.
    actor: RwLock<Actor>,
    /// When a command last took the store, in ms since `created`, and whether its memory was
    /// given back since (see [`AppState::release_memory_when_idle`]).
    last_used_ms: AtomicU64,
    released: AtomicBool,
    created: Instant,
}

impl AppState {
    /// Opens the database `startup` names now (see [`AppState::finish_opening`]); the shell
    /// itself opens in the background, the tests at once.
    #[cfg(test)]
    pub fn open(startup: Startup, demo: bool) -> AppState {
        let state = AppState::opening(&startup);
        state.finish_opening(startup, demo);
        state
    }

    /// The state of the database `startup` names before it is opened: commands wait for
    /// [`AppState::finish_opening`].
    pub fn opening(startup: &Startup) -> AppState {
        AppState {
            store: OnceLock::new(),
            opened: OnceLock::new(),
            db_path: startup.db_path.clone(),
            key_options: startup.key.clone(),
            key: Mutex::new(None),
            startup: Some(startup.clone()),
            actor: RwLock::new(startup.actor(WriteSource::Ui)),

            last_used_ms: AtomicU64::new(0),
            released: AtomicBool::new(false),
            created: Instant::now(),
        }
    }

    /// Opens the database, filling it with the demo when `demo` and it is empty, and applies
    /// the retention rule (at most once a day; never on a database opened read-only). A
    /// database that does not open leaves the error for the window to show. Only the first
    /// call opens.
    pub fn finish_opening(&self, startup: Startup, demo: bool) {
        if self.opened.get().is_some() {
            return;
        }
        let opened = key::resolve(&startup.db_path, &startup.key).and_then(|(db_key, _)| {
            let mut store = Store::open(&startup.db_path, &db_key)?;
            let actor = Actor { author: service::settings::author(&store, &startup.author, startup.author_given)?, ..startup.actor(WriteSource::Ui) };
            if demo && store.cases().count()? == 0 {
                let loader = Actor { author: service::demo::DEMO_AUTHOR.into(), ..startup.actor(WriteSource::Cli) };
                service::demo::load_demo(&mut store, &loader, tafel::clock::today())?;
            }
            // A failing retention run must not keep the coordinator out: it is reported, the window
            // opens, and Gegevens → Bewaartermijn applies it by hand.
            match erasure::apply_retention_on_open(&mut store, &actor, tafel::clock::today()) {
                Ok(Some(report)) if report.recorded => {
                    eprintln!("tafel: bewaartermijn toegepast: {} casus(sen) geanonimiseerd, {} bedrijf/bedrijven gewist", report.case_ids.len(), report.company_ids.len())
                }
                Ok(_) => {}
                Err(err) => eprintln!("tafel: bewaartermijn niet toegepast: {}", err.message_nl()),
            }
            // PDFs whose text a Tafel that stopped in between did not read yet; reported, not fatal.
            if let Err(err) = service::documents::read_pending_texts(&mut store, &actor) {
                eprintln!("tafel: tekst van documenten niet gelezen: {}", err.message_nl());
            }
            Ok((store, db_key, actor))
        });
        let error = match opened {
            Ok((store, db_key, actor)) => {
                if let Ok(mut key) = self.key.lock() {
                    *key = Some(db_key);
                }
                if let Ok(mut author) = self.actor.write() {
                    *author = actor;
                }
                let _ = self.store.set(Mutex::new(store));
                None
            }
            Err(err) => Some(payload(err)),
        };
        let _ = self.opened.set(error);
    }

    /// No database at all: the start-up configuration itself failed (e.g. no home directory).
    pub fn failed(err: Error, actor: Actor) -> AppState {
        AppState {
            store: OnceLock::new(),
            opened: OnceLock::from(Some(payload(err))),
            db_path: PathBuf::new(),
            key_options: KeyOptions::default(),
            key: Mutex::new(None),
            startup: None,
            actor: RwLock::new(actor),

            last_used_ms: AtomicU64::new(0),
            released: AtomicBool::new(false),
            created: Instant::now(),
        }
    }

    /// Why the database did not open at start, once opening has finished (waits for it).
    pub fn open_error(&self) -> Option<&ErrorPayload> {
        self.opened.wait().as_ref()
    }

    /// The author of the changes made in the window, now: the system's clock is read here, at
    /// the edge, for each command (see `tafel::clock`).
    pub fn actor(&self) -> Actor {
        let actor = match self.actor.read() {
            Ok(actor) => actor.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        Actor {
            at: SystemClock.moment(),
            ..actor
        }
    }

    /// Reads the author again from the settings (after they changed).
    pub fn refresh_actor(&self, store: &Store) -> CommandResult<()> {
        let Some(startup) = &self.startup else {
            return Ok(());
        };
        let author = service::settings::author(store, &startup.author, startup.author_given)
            .map_err(payload)?;
        if let Ok(mut actor) = self.actor.write() {
            actor.author = author;
        }
        Ok(())
    }

    /// The key that opened the database.
    pub fn db_key(&self) -> CommandResult<DbKey> {
        self.key
            .lock()
            .ok()
            .and_then(|k| k.clone())
            .ok_or_else(not_open)
    }

    /// The open store, or the error that kept it closed.
    pub fn store(&self) -> CommandResult<MutexGuard<'_, Store>> {
        self.last_used_ms
            .store(self.ms_since_created(), Ordering::Relaxed);
        self.released.store(false, Ordering::Relaxed);
        let open_error = self.opened.wait();
        let store = self
            .store
            .get()
            .ok_or_else(|| open_error.clone().unwrap_or_else(not_open))?;
        store.lock().map_err(|_| ErrorPayload {
            code: "internal".into(),
            message:
                "Interne fout: de database is geblokkeerd na een eerdere fout. Start Tafel opnieuw."
                    .into(),
            message_en:
                "Internal error: the database is locked after an earlier failure. Restart Tafel."
                    .into(),
            fields: Vec::new(),
            rows: Vec::new(),
        })
    }

    /// Gives the store's page cache back ([`Store::release_memory`]) once no command has taken
    /// the store for `idle`, and once only until the next one does; a command running now (the
    /// store is locked) is left alone. True when it released.
    ///
    /// The cache keeps the pages the case list's searches read, so that the next keystroke is
    /// fast (64 MiB: on 100,000 cases the searches fill tens of MB); while the window waits on
    /// the user it is memory nobody uses.
    pub fn release_memory_when_idle(&self, idle: Duration) -> bool {
        let since = self
            .ms_since_created()
            .saturating_sub(self.last_used_ms.load(Ordering::Relaxed));
        if self.released.load(Ordering::Relaxed) || since < idle.as_millis() as u64 {
            return false;
        }
        let Some(Ok(store)) = self.store.get().map(Mutex::try_lock) else {
            return false;
        };
        if let Err(err) = store.release_memory() {
            eprintln!("tafel: geheugen niet vrijgegeven: {}", err.message_nl());
        }
        drop(store);
        trim_heap();
        self.released.store(true, Ordering::Relaxed);
        true
    }

    fn ms_since_created(&self) -> u64 {
        self.created.elapsed().as_millis() as u64
    }

    /// Opens the database that could not be opened at start (a lost, emptied or other key) with
    /// the recovery key the user typed, and puts the key back; returns where it went, in Dutch
    /// (empty when the database was already open).
    pub fn open_with_recovery_key(&self, key: &str) -> CommandResult<String> {
        self.opened.wait();
        if self.store.get().is_some() {
            return Ok(String::new());
        }
        let (store, kept_in) =
            service::open_with_recovery_key(&self.db_path, key, self.key_options.use_keychain)
                .map_err(payload)?;
        if let Ok(mut held) = self.key.lock() {
            *held = tafel::store::DbKey::parse(key).ok();
        }
        self.refresh_actor(&store)?;
        // A second window racing this one leaves the first store in place; either is the same file.
        let _ = self.store.set(Mutex::new(store));
        Ok(kept_in)
    }
}

fn not_open() -> ErrorPayload {
    ErrorPayload {
        code: "internal".into(),
        message: "Interne fout: de database is niet geopend. Start Tafel opnieuw.".into(),
        message_en: "Internal error: the database is not open. Restart Tafel.".into(),
        fields: Vec::new(),
        rows: Vec::new(),
    }
}

/// A core error as the window receives it: `{code, message, …}`.
pub fn payload(err: Error) -> ErrorPayload {
    ErrorPayload::from(&err)
}

/// The cancel switches of the long operations running now, by the id the window gave each.
///
/// The window shows "Annuleren" as soon as it sends the command, so a cancel can reach the
/// shell before the command has started: such a cancel is kept (the last few) and the
/// operation starts cancelled, instead of the click being lost.
#[derive(Default)]
pub struct Operations(Mutex<OperationSwitches>);

#[derive(Default)]
struct OperationSwitches {
    running: HashMap<String, Arc<AtomicBool>>,
    /// Cancels of operations not (yet) running, oldest first.
    early: VecDeque<String>,
}

/// Cancels kept for operations that have not started: a window has one or two long commands
/// at a time; the rest are cancels of operations that already ended.
const EARLY_CANCELS_KEPT: usize = 8;

impl Operations {
    /// Registers a starting operation; its switch is already on when the window cancelled it
    /// before it started.
    pub fn start(&self, operation: &str) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        if let Ok(mut switches) = self.0.lock() {
            if let Some(at) = switches.early.iter().position(|id| id == operation) {
                switches.early.remove(at);
                flag.store(true, Ordering::SeqCst);
            }
            switches.running.insert(operation.to_string(), flag.clone());
        }
        flag
    }

    /// Forgets an operation that has returned.
    pub fn finish(&self, operation: &str) {
        if let Ok(mut switches) = self.0.lock() {
            switches.running.remove(operation);
        }
    }

    /// Asks an operation to stop at its next safe point; true when it is running, false when it
    /// has ended or not started yet (then it starts cancelled, see [`Operations::start`]).
    pub fn cancel(&self, operation: &str) -> bool {
        let Ok(mut switches) = self.0.lock() else {
            return false;
        };
        if let Some(flag) = switches.running.get(operation) {
            flag.store(true, Ordering::SeqCst);
            return true;
        }
        if switches.early.len() == EARLY_CANCELS_KEPT {
            switches.early.pop_front();
        }
        switches.early.push_back(operation.to_string());
        false
    }
}

/// The bundle Tafel was started to open (a double-click on a `.tafel` file: the desktop passes
/// its path as an argument), granted for reading as if chosen in the open dialog; handed to
/// the window once.
#[derive(Default)]
pub struct OpenedBundle(Mutex<Option<PathBuf>>);

impl OpenedBundle {
    /// The first argument that names an existing `.tafel` file, remembered in `chosen`.
    pub fn from_args(
        args: impl IntoIterator<Item = std::ffi::OsString>,
        chosen: &ChosenFiles,
    ) -> OpenedBundle {
        let bundle = args.into_iter().map(PathBuf::from).find(|p| {
            p.extension()
                .is_some_and(|e| e == tafel::service::sync::folder::BUNDLE_EXTENSION)
                && p.is_file()
        });
        if let Some(path) = &bundle {
            chosen.remember(path, tafel::service::chosen_file::FilePurpose::BundleOpen);
        }
        OpenedBundle(Mutex::new(bundle))
    }

    /// The bundle to open, once (a reload of the window does not open it again).
    pub fn take(&self) -> Option<String> {
        self.0
            .lock()
            .ok()
            .and_then(|mut b| b.take())
            .map(|p| p.display().to_string())
    }
}

/// How many refused bundles the sharing screen lists.
pub const REFUSALS_SHOWN: u32 = 50;

/// What a member may know about revoking named details, in both languages (the core's text).
pub fn revocation_note() -> Label {
    Label {
        nl: shared::REVOCATION_NOTE_NL.into(),
        en: shared::REVOCATION_NOTE_EN.into(),
    }
}

/// The path as given, once the user chose it in `choose_file` for reading, writing or as a folder.
pub fn chosen_path(chosen: &ChosenFiles, path: &str, used: Use) -> CommandResult<PathBuf> {
    let path = PathBuf::from(path);
    chosen.require(&path, used).map_err(payload)?;
    Ok(path)
}

/// Returns the free pages of every malloc arena to the system (glibc's `malloc_trim`): what
/// SQLite freed stays with the process otherwise, for its later allocations.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_heap() {
    unsafe extern "C" {
        fn malloc_trim(pad: usize) -> i32;
    }
    // SAFETY: malloc_trim only releases memory malloc holds free; it takes no pointers.
    unsafe {
        malloc_trim(0);
    }
}

/// Other C libraries give freed memory back themselves or offer no call for it.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_heap() {}

#[cfg(test)]
mod tests {
    use tafel::service::cases;
    use tafel::service::chosen_file::FilePurpose;
    use tafel::store::{CaseFilter, DbKey};

    use super::*;

    const KEY: &str = "8f3b6c1d2e4a59607182930a1b2c3d4e5f60718293a4b5c6d7e8f90112233445";

    #[test]
    fn a_cancel_reaches_an_operation_whether_it_came_before_or_after_its_start() {
        let operations = Operations::default();
        let running = operations.start("op-a");
        assert!(!running.load(Ordering::SeqCst));
        assert!(
            operations.cancel("op-a"),
            "a running operation is cancelled"
        );
        assert!(running.load(Ordering::SeqCst));

        // "Annuleren" clicked before the command started: the operation starts cancelled.
        assert!(!operations.cancel("op-b"));
        assert!(operations.start("op-b").load(Ordering::SeqCst));
        // Once only: an id started again is not cancelled by the old click.
        operations.finish("op-b");
        assert!(!operations.start("op-b").load(Ordering::SeqCst));

        // Cancels of operations that ended are not kept forever.
        operations.finish("op-a");
        for n in 0..20 {
            assert!(!operations.cancel(&format!("ended-{n}")));
        }
        assert!(
            !operations.start("ended-0").load(Ordering::SeqCst),
            "the oldest was let go"
        );
        assert!(operations.start("ended-19").load(Ordering::SeqCst));
    }

    #[test]
    fn a_double_clicked_bundle_is_granted_for_reading_and_handed_over_once() {
        let dir = tempfile::tempdir().expect("dir");
        let bundle = dir.path().join("van-de-coordinator.tafel");
        std::fs::write(&bundle, b"TAFEL-BUNDEL\n").expect("write");
        let other = dir.path().join("notes.txt");
        std::fs::write(&other, b"x").expect("write");
        let chosen = ChosenFiles::default();
        let args = [
            "tafel-desktop",
            other.to_str().expect("path"),
            "/nergens/weg.tafel",
            bundle.to_str().expect("path"),
        ]
        .map(std::ffi::OsString::from);
        let opened = OpenedBundle::from_args(args, &chosen);
        assert!(
            chosen.require(&bundle, Use::Read).is_ok(),
            "granted as if chosen in the dialog"
        );
        assert!(
            chosen.require(&other, Use::Read).is_err(),
            "nothing else is"
        );
        assert_eq!(opened.take(), Some(bundle.display().to_string()));
        assert_eq!(opened.take(), None, "once");
        assert_eq!(
            OpenedBundle::from_args(["tafel-desktop"].map(std::ffi::OsString::from), &chosen)
                .take(),
            None
        );
    }
    const OTHER_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";

    fn startup(dir: &tempfile::TempDir, key: Option<&str>) -> Startup {
        Startup {
            db_path: dir.path().join("tafel.db"),
            key: KeyOptions {
                explicit: key.map(String::from),
                use_keychain: false,
            },
            author: "Marieke Jansen".into(),
            author_given: true,
        }
    }

    /// A database made with [`KEY`], and the state of a shell started with another key.
    fn state_that_failed_to_open(dir: &tempfile::TempDir) -> AppState {
        Store::open(&dir.path().join("tafel.db"), &DbKey::parse(KEY).unwrap()).unwrap();
        AppState::open(startup(dir, Some(OTHER_KEY)), false)
    }

    #[test]
    fn a_command_on_a_database_that_did_not_open_returns_the_open_error() {
        let dir = tempfile::tempdir().unwrap();
        let state = state_that_failed_to_open(&dir);
        let open_error = state
            .open_error()
            .cloned()
            .expect("the wrong key keeps the database closed");
        assert!(!open_error.code.is_empty() && !open_error.message.is_empty());
        // What `list_cases` does.
        let err = state
            .store()
            .and_then(|store| {
                cases::list_cases(&store, &CaseFilter::default(), tafel::clock::today())
                    .map_err(payload)
            })
            .unwrap_err();
        assert_eq!(
            (err.code, err.message),
            (open_error.code, open_error.message)
        );
    }

    #[test]
    fn the_recovery_key_opens_it_afterwards() {
        let dir = tempfile::tempdir().unwrap();
        let state = state_that_failed_to_open(&dir);
        assert!(
            state.open_with_recovery_key(OTHER_KEY).is_err(),
            "a wrong recovery key opens nothing"
        );
        assert!(state.store().is_err());
        let kept_in = state
            .open_with_recovery_key(KEY)
            .expect("the right key opens it");
        assert!(!kept_in.is_empty());
        let list = cases::list_cases(
            &state.store().unwrap(),
            &CaseFilter::default(),
            tafel::clock::today(),
        )
        .unwrap();
        assert!(list.is_empty());
        // Opened once: a second call changes nothing.
        assert_eq!(state.open_with_recovery_key(KEY).unwrap(), "");
    }

    #[test]
    fn a_new_database_opens_with_the_startup_author() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(startup(&dir, Some(KEY)), false);
        assert!(state.open_error().is_none());
        assert_eq!(state.actor().author, "Marieke Jansen");
        assert_eq!(state.actor().source, WriteSource::Ui);
        assert!(state.store().is_ok());
    }

    #[test]
    fn the_page_cache_is_given_back_once_the_store_has_been_idle_and_once_per_use() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(startup(&dir, Some(KEY)), true);
        let list = || {
            cases::list_cases(
                &state.store().unwrap(),
                &CaseFilter::default(),
                tafel::clock::today(),
            )
            .unwrap()
        };
        assert!(!list().is_empty(), "the demo's cases");
        assert!(
            !state.release_memory_when_idle(Duration::from_secs(60)),
            "used a moment ago"
        );
        assert!(state.release_memory_when_idle(Duration::ZERO));
        assert!(
            !state.release_memory_when_idle(Duration::ZERO),
            "nothing used since"
        );
        assert!(!list().is_empty(), "read again after the release");
        // A command holding the store is not waited for.
        let held = state.store().unwrap();
        assert!(!state.release_memory_when_idle(Duration::ZERO));
        drop(held);
        assert!(state.release_memory_when_idle(Duration::ZERO));
    }

    #[test]
    fn file_commands_take_only_chosen_paths() {
        let dir = tempfile::tempdir().unwrap();
        let chosen = ChosenFiles::default();
        let path = dir.path().join("export.xlsx");
        let err = chosen_path(&chosen, &path.display().to_string(), Use::Write).unwrap_err();
        assert_eq!(err.fields[0].code, "path_not_chosen");
        assert!(err.message.contains("Bladeren"));
        chosen.remember(&path, FilePurpose::SpreadsheetExport);
        assert_eq!(
            chosen_path(&chosen, &path.display().to_string(), Use::Write).unwrap(),
            path
        );
    }

    #[test]
    fn the_shared_folder_must_be_chosen_as_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let chosen = ChosenFiles::default();
        let folder = dir.path().display().to_string();
        assert_eq!(
            chosen_path(&chosen, &folder, Use::Folder)
                .unwrap_err()
                .fields[0]
                .code,
            "path_not_chosen"
        );
        // A file chosen to read is no folder to share through, nor the reverse.
        chosen.remember(dir.path(), FilePurpose::BundleOpen);
        assert!(chosen_path(&chosen, &folder, Use::Folder).is_err());
        chosen.remember(dir.path(), FilePurpose::SyncFolder);
        assert_eq!(
            chosen_path(&chosen, &folder, Use::Folder).unwrap(),
            dir.path()
        );
    }

    #[test]
    fn the_revocation_note_is_the_cores_in_both_languages() {
        let note = revocation_note();
        assert!(note.nl.contains("kan Tafel niet terughalen"), "{}", note.nl);
        assert!(note.en.contains("cannot be taken back"), "{}", note.en);
    }
}
