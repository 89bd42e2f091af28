//! Checks on a file a user (or the window, or a script) names for an export or an import:
//! never the database itself, its write-ahead log, its key file or the settings and
//! templates beside it, and an extension that fits the format.
//!
//! A web view that was made to send `…/tafel.db` as the target of a CSV export would otherwise
//! overwrite the database, and one that sent the key file as an "import" would read it into an
//! error message. In the desktop app the choice of file stays with the native dialog besides:
//! the shell opens it for a [`FilePurpose`], remembers what the user chose in [`ChosenFiles`],
//! and refuses any path the window names that the user did not choose there.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::{Store, key};

/// What the file is for, for the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Use {
    /// Tafel writes it (an export, a report, a backup).
    Write,
    /// Tafel reads it (an import, a restore).
    Read,
    /// A folder Tafel reads and writes in (the shared folder of sharing).
    Folder,
}

/// The files beside a database that belong to it.
fn own_files(db: &Path) -> Vec<PathBuf> {
    let mut files = vec![
        db.to_path_buf(),
        key::key_file_path(db),
        super::matching_settings::settings_path(db),
    ];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        files.push(PathBuf::from(name));
    }
    files
}

/// The path with its folder resolved (symlinks, `..`), so a second spelling of the database's
/// path is recognised; the file itself need not exist yet.
fn resolved(path: &Path) -> PathBuf {
    // An existing file is followed through symlinks: a link named `x.csv` to the database is
    // the database.
    if let Ok(full) = std::fs::canonicalize(path) {
        return full;
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (std::fs::canonicalize(dir), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Refuses the database's own files and a path whose extension is not one of `extensions`
/// (lower case, without the dot).
pub fn check(store: &Store, path: &Path, extensions: &[&str], used: Use) -> Result<()> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !extension
        .as_deref()
        .is_some_and(|e| extensions.contains(&e))
    {
        if used == Use::Read {
            return Err(Error::UnsupportedFile(path.to_path_buf()));
        }
        let wanted = extensions
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(" of ");
        let wanted_en = extensions
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join(" or ");
        return Err(Error::invalid(
            "path",
            "path_extension",
            format!("{} moet eindigen op {wanted}.", path.display()),
            format!("{} must end in {wanted_en}.", path.display()),
        ));
    }
    refuse_own_files(store, path, used)
}

/// Refuses the database's own files (the database, its log, its key file, its settings and
/// templates), whatever the path's extension: a document to attach is judged by its content,
/// not its name, but the key file is never read as one.
pub fn refuse_own_files(store: &Store, path: &Path, used: Use) -> Result<()> {
    if let Some(db) = store.path() {
        let target = resolved(path);
        let in_templates = target.starts_with(resolved(&db.with_file_name("templates")));
        if in_templates || own_files(db).iter().any(|own| resolved(own) == target) {
            let (nl, en) = match used {
                Use::Write => (
                    "Tafel schrijft niet over zijn eigen database, sleutel of instellingen",
                    "Tafel does not write over its own database, key or settings",
                ),
                Use::Read | Use::Folder => (
                    "Tafel leest zijn eigen database, sleutel of instellingen niet als import",
                    "Tafel does not read its own database, key or settings as an import",
                ),
            };
            return Err(Error::invalid(
                "path",
                "path_forbidden",
                format!("{nl}: kies een ander bestand dan {}.", path.display()),
                format!("{en}: choose another file than {}.", path.display()),
            ));
        }
    }
    Ok(())
}

/// What a file chosen in the window is for: it decides the dialog (open or save), the
/// extensions it offers and the file type's name in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FilePurpose {
    /// A case sheet to import (`.xlsx`, `.csv`).
    CaseSheet,
    /// A register sheet to import (`.xlsx`, `.csv`, `.json`).
    RegisterSheet,
    /// The case list or the register as a spreadsheet (`.xlsx`, `.csv`).
    SpreadsheetExport,
    /// A plain backup (`.json`).
    Backup,
    /// An encrypted backup (`.tafelbackup`).
    EncryptedBackup,
    /// A case summary or a meeting pack (`.pdf`).
    Pdf,
    /// The table's report (`.xlsx`, `.pdf`, `.json`).
    Report,
    /// A meeting's invite (`.ics`).
    Invite,
    /// This device's member card, to save (`.tafelkaart`).
    MemberCardSave,
    /// A member's card, to add to the roster (`.tafelkaart`, `.txt`).
    MemberCardOpen,
    /// This device's bundle, to save (`.tafel`).
    BundleSave,
    /// Another device's bundle, to read (`.tafel`).
    BundleOpen,
    /// The shared folder the table's devices synchronise through.
    SyncFolder,
    /// A backup to restore in place of the database (`.tafelbackup`, `.json`).
    BackupRestore,
    /// The folder automatic backups go to.
    BackupFolder,
    /// A file to add to a case's dossier (its kind is judged by content).
    Document,
    /// Where to save a document of the dossier.
    DocumentSave,
}

impl FilePurpose {
    /// Whether Tafel reads or writes the file.
    pub fn used(self) -> Use {
        match self {
            FilePurpose::CaseSheet
            | FilePurpose::RegisterSheet
            | FilePurpose::MemberCardOpen
            | FilePurpose::BundleOpen
            | FilePurpose::BackupRestore
            | FilePurpose::Document => Use::Read,
            FilePurpose::SyncFolder | FilePurpose::BackupFolder => Use::Folder,
            _ => Use::Write,
        }
    }

    /// The extensions the dialog offers (lower case, without the dot), the usual one first.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FilePurpose::CaseSheet => &["xlsx", "csv", "xlsm", "txt"],
            FilePurpose::RegisterSheet => &["xlsx", "csv", "json", "xlsm"],
            FilePurpose::SpreadsheetExport => &["xlsx", "csv"],
            FilePurpose::Backup => &["json"],
            FilePurpose::EncryptedBackup => &["tafelbackup"],
            FilePurpose::Pdf => &["pdf"],
            FilePurpose::Report => &["xlsx", "pdf", "json"],
            FilePurpose::Invite => &["ics"],
            FilePurpose::MemberCardSave => &["tafelkaart"],
            FilePurpose::MemberCardOpen => &["tafelkaart", "txt"],
            FilePurpose::BundleSave | FilePurpose::BundleOpen => &["tafel"],
            FilePurpose::BackupRestore => &["tafelbackup", "json"],
            FilePurpose::SyncFolder | FilePurpose::BackupFolder => &[],
            FilePurpose::Document | FilePurpose::DocumentSave => {
                crate::domain::document::DocumentKind::EXTENSIONS
            }
        }
    }

    /// The file type's name in the dialog's filter, in Dutch.
    pub fn filter_name(self) -> &'static str {
        match self {
            FilePurpose::CaseSheet
            | FilePurpose::RegisterSheet
            | FilePurpose::SpreadsheetExport => "Spreadsheet",
            FilePurpose::Backup => "Back-up (JSON)",
            FilePurpose::EncryptedBackup => "Versleutelde back-up",
            FilePurpose::Pdf => "PDF",
            FilePurpose::Report => "Rapportage",
            FilePurpose::Invite => "Agenda-uitnodiging",
            FilePurpose::MemberCardSave | FilePurpose::MemberCardOpen => "Lidkaart van Tafel",
            FilePurpose::BundleSave | FilePurpose::BundleOpen => "Bundel van Tafel",
            FilePurpose::BackupRestore => "Back-up van Tafel",
            FilePurpose::SyncFolder | FilePurpose::BackupFolder => "Map",
            FilePurpose::Document | FilePurpose::DocumentSave => "Document",
        }
    }

    /// The dialog's title, in Dutch.
    pub fn dialog_title(self) -> &'static str {
        match self.used() {
            Use::Read => "Bestand openen — Tafel",
            Use::Write => "Opslaan als — Tafel",
            Use::Folder => "Map kiezen — Tafel",
        }
    }
}

/// The files the user chose in a native dialog while the app runs: the only paths the window
/// may name. A file chosen to open may be read again (preview, then import); a file chosen to
/// save may be written again, also with another of its purpose's extensions (the export's
/// format switch turns `casussen.xlsx` into `casussen.csv`).
#[derive(Debug, Default)]
pub struct ChosenFiles {
    chosen: Mutex<Vec<(PathBuf, Use, &'static [&'static str])>>,
}

impl ChosenFiles {
    /// Remembers a file the user chose in the dialog for `purpose`.
    pub fn remember(&self, path: &Path, purpose: FilePurpose) {
        if let Ok(mut chosen) = self.chosen.lock() {
            chosen.push((resolved(path), purpose.used(), purpose.extensions()));
        }
    }

    /// The folder of the file chosen last: where the next dialog opens, as users expect.
    pub fn last_folder(&self) -> Option<PathBuf> {
        let chosen = self.chosen.lock().ok()?;
        chosen.last().and_then(|(file, used, _)| {
            if *used == Use::Folder {
                Some(file.clone())
            } else {
                file.parent().map(Path::to_path_buf)
            }
        })
    }

    /// Whether the user chose `path` in a dialog, to be used as `used`.
    pub fn contains(&self, path: &Path, used: Use) -> bool {
        let wanted = resolved(path);
        let Ok(chosen) = self.chosen.lock() else {
            return false;
        };
        chosen.iter().any(|(file, kind, extensions)| {
            *kind == used
                && (*file == wanted
                    || (used == Use::Write
                        && file.with_extension("") == wanted.with_extension("")
                        && wanted
                            .extension()
                            .and_then(|e| e.to_str())
                            .is_some_and(|e| {
                                extensions.contains(&e.to_ascii_lowercase().as_str())
                            })))
        })
    }

    /// Refuses a path the user did not choose in a dialog (error `path_not_chosen`).
    pub fn require(&self, path: &Path, used: Use) -> Result<()> {
        if self.contains(path, used) {
            return Ok(());
        }
        Err(Error::invalid(
            "path",
            "path_not_chosen",
            format!(
                "Kies het bestand met \"Bladeren…\": Tafel {} alleen bestanden die u zelf in het venster van het systeem kiest, niet {}.",
                match used {
                    Use::Read => "leest",
                    Use::Write => "schrijft",
                    Use::Folder => "gebruikt",
                },
                path.display()
            ),
            format!(
                "Choose the file with \"Browse…\": Tafel only {} files you choose yourself in the system's dialog, not {}.",
                match used {
                    Use::Read => "reads",
                    Use::Write => "writes",
                    Use::Folder => "uses",
                },
                path.display()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_chosen_files_pass_and_a_save_may_change_its_format() {
        let dir = tempfile::tempdir().expect("dir");
        let chosen = ChosenFiles::default();
        let export = dir.path().join("casussen.xlsx");
        let sheet = dir.path().join("import.csv");
        assert_eq!(
            chosen.require(&export, Use::Write).map_err(|e| e.code()),
            Err("invalid_input")
        );
        chosen.remember(&export, FilePurpose::SpreadsheetExport);
        chosen.remember(&sheet, FilePurpose::CaseSheet);
        assert!(chosen.contains(&export, Use::Write));
        assert_eq!(
            chosen.last_folder(),
            Some(resolved(dir.path())),
            "the next dialog opens where the last choice was"
        );
        assert!(
            chosen.contains(&dir.path().join("casussen.csv"), Use::Write),
            "the format switch"
        );
        assert!(
            !chosen.contains(&dir.path().join("casussen.sh"), Use::Write),
            "not another kind of file"
        );
        assert!(
            !chosen.contains(&dir.path().join("anders.xlsx"), Use::Write),
            "not another name"
        );
        assert!(
            !chosen.contains(&export, Use::Read),
            "chosen to write, not to read"
        );
        assert!(chosen.contains(&sheet, Use::Read));
        assert!(
            !chosen.contains(&sheet, Use::Write),
            "an import is not overwritten"
        );
        assert!(!chosen.contains(
            &dir.path().join("sub").join("..").join("import.xlsx"),
            Use::Read
        ));
        let err = chosen
            .require(&dir.path().join("tafel.db.key"), Use::Read)
            .expect_err("not chosen");
        assert_eq!(err.field_errors()[0].code, "path_not_chosen");
        assert!(
            err.message_nl().contains("Bladeren"),
            "{}",
            err.message_nl()
        );
    }

    #[test]
    fn a_folder_chosen_for_sharing_is_only_a_folder() {
        let dir = tempfile::tempdir().expect("dir");
        let chosen = ChosenFiles::default();
        let share = dir.path().join("gedeeld");
        std::fs::create_dir(&share).expect("mkdir");
        assert_eq!(FilePurpose::SyncFolder.used(), Use::Folder);
        assert!(chosen.require(&share, Use::Folder).is_err());
        chosen.remember(&share, FilePurpose::SyncFolder);
        assert!(chosen.contains(&share, Use::Folder));
        assert_eq!(
            chosen.last_folder(),
            Some(resolved(&share)),
            "the next dialog opens in the chosen folder itself"
        );
        assert!(
            !chosen.contains(&share, Use::Read),
            "a folder is no file to read"
        );
        assert!(!chosen.contains(&share, Use::Write), "nor one to write");
        assert!(
            !chosen.contains(&share.join("x.tafel"), Use::Write),
            "nor the files in it"
        );
        let card = dir.path().join("kaart.tafelkaart");
        chosen.remember(&card, FilePurpose::MemberCardOpen);
        assert!(chosen.contains(&card, Use::Read) && !chosen.contains(&card, Use::Folder));
        assert_eq!(FilePurpose::BundleSave.used(), Use::Write);
        assert_eq!(FilePurpose::BundleOpen.extensions(), &["tafel"]);
    }
}
