//! The settings use cases (Instellingen, `tafel settings get|set`): one list of keys, read and
//! validated here for the window and the CLI alike.
//!
//! Most settings live in the encrypted database (`settings`, migration 8): the table's name and
//! region, the user's name and organisation, the default owner of new cases, the language,
//! the retention period and the automatic backups. The matching weights and rule defaults
//! stay in `matching.toml` beside the database (a coordinator may also edit that file by
//! hand); their keys are `matching.<section>.<name>`, each with the explanation the file
//! gives it, and a change is checked by the same parser as every matching run.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{Actor, FieldError, Problems};
use crate::error::{Error, Result};
use crate::matching::MatchingConfig;
use crate::report::documents::Lang;
use crate::store::{Setting, Store};

/// The table's name when none is set.
pub const DEFAULT_TABLE_NAME: &str = "Financieringstafel";
/// Hours between automatic backups when nothing is set.
pub const DEFAULT_BACKUP_EVERY_HOURS: u32 = 24;
/// Automatic backups kept when nothing is set.
pub const DEFAULT_BACKUP_KEEP: u32 = 10;
/// The folder beside the database automatic backups go to when none is set.
pub const DEFAULT_BACKUP_FOLDER_NAME: &str = "back-ups";
/// The prefix of the keys kept in `matching.toml`.
pub const MATCHING_PREFIX: &str = "matching.";

const MAX_NAME_CHARS: usize = 80;
const MAX_ORGANISATION_CHARS: usize = 120;
const MAX_BACKUP_EVERY_HOURS: u32 = 24 * 365;
const MAX_BACKUP_KEEP: u32 = 100;

/// Every setting as the settings screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SettingsView {
    /// The table's name (default "Financieringstafel").
    pub table_name: String,
    /// The table's region (may be empty).
    pub table_region: String,
    /// How documents name the table: the name, with the region when one is set.
    pub table_title: String,
    /// The user's name (empty: the OS user's name is recorded).
    pub user_name: String,
    /// The user's organisation.
    pub user_organisation: String,
    /// The owner new cases get when none is given (may be empty).
    pub default_owner: String,
    /// `nl` or `en`.
    pub language: String,
    /// Months after which closed cases are anonymised; 0 is off.
    pub retention_months: u32,
    /// The folder automatic backups go to (the default filled in).
    pub backup_folder: String,
    /// Whether that folder is the default one beside the database.
    pub backup_folder_is_default: bool,
    /// Hours between automatic backups; 0 is off.
    pub backup_every_hours: u32,
    /// How many automatic backups are kept.
    pub backup_keep: u32,
    /// The matching weights and rule defaults, in the order of `matching.toml`.
    pub matching: Vec<MatchingSetting>,
    /// Where those live.
    pub matching_file: String,
}

/// One value of `matching.toml` with the explanation the file gives it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MatchingSetting {
    /// `matching.<section>.<name>`.
    pub key: String,
    /// The section (`weights`, `scores`, …).
    pub section: String,
    /// What the section is about (the comment above its first value), may be empty.
    pub section_explanation: String,
    /// The value as TOML writes it (`35`, `0.6`, `true`, `["equity"]`).
    pub value: String,
    /// What it does (its comment in the file).
    pub explanation: String,
}

/// One changed setting, as the screen and the CLI send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SettingChange {
    /// The key, e.g. `table.name` or `matching.weights.sector`.
    pub key: String,
    /// The new value as text (empty: back to the default, for the optional ones).
    pub value: String,
}

/// One key with its value, as `tafel settings get` lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettingEntry {
    /// The key.
    pub key: String,
    /// The value in effect (the default when none is set).
    pub value: String,
    /// What it is, in Dutch.
    pub label: String,
}

fn label(setting: Setting) -> &'static str {
    match setting {
        Setting::TableName => "Naam van de tafel",
        Setting::TableRegion => "Regio van de tafel",
        Setting::UserName => "Uw naam (auteur van elke wijziging)",
        Setting::UserOrganisation => "Uw organisatie",
        Setting::DefaultOwner => "Standaard eigenaar van nieuwe casussen",
        Setting::Language => "Taal (nl of en)",
        Setting::RetentionMonths => "Bewaartermijn in maanden (0 = uit)",
        Setting::BackupFolder => "Map voor automatische back-ups",
        Setting::BackupEveryHours => "Uren tussen automatische back-ups (0 = uit)",
        Setting::BackupKeep => "Aantal automatische back-ups dat bewaard blijft",
        Setting::RetentionLastRun
        | Setting::SyncFolder
        | Setting::HubUrl
        | Setting::HubAdminUrl => "",
    }
}

/// The default folder of automatic backups of the database at `db`.
pub fn default_backup_folder(db: &Path) -> PathBuf {
    db.parent()
        .unwrap_or(Path::new(""))
        .join(DEFAULT_BACKUP_FOLDER_NAME)
}

/// The table's name: as Instellingen set it, else as the table's roster names it (a member's
/// laptop, or a table started before its name became a setting), else the default.
pub fn table_name(store: &Store) -> Result<String> {
    if let Some(name) = store.settings().text(Setting::TableName)? {
        return Ok(name);
    }
    Ok(store
        .sync()
        .roster()?
        .map(|(_, roster)| roster.table_name)
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_TABLE_NAME.into()))
}

/// How documents, invites and reports name the table: its name, and its region after a dash
/// when one is set and the name does not already say it.
pub fn table_title(store: &Store) -> Result<String> {
    let name = table_name(store)?;
    Ok(match store.settings().text(Setting::TableRegion)? {
        Some(region) if !name.to_lowercase().contains(&region.to_lowercase()) => {
            format!("{name} — {region}")
        }
        _ => name,
    })
}

/// The user's organisation, if set.
pub fn user_organisation(store: &Store) -> Result<Option<String>> {
    store.settings().text(Setting::UserOrganisation)
}

/// The owner a new case gets when none is given, if set.
pub fn default_owner(store: &Store) -> Result<Option<String>> {
    store.settings().text(Setting::DefaultOwner)
}

/// The language set for the window and documents (Dutch when none is set).
pub fn language(store: &Store) -> Result<Lang> {
    Ok(match store.settings().text(Setting::Language)?.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Nl,
    })
}

/// The author of the changes: `found` when it was given for the run (`given`: `--author`,
/// `TAFEL_AUTHOR`, see `Startup::author_given`); else the user's name from the settings; else
/// `found` (the OS user, or "onbekend").
pub fn author(store: &Store, found: &str, given: bool) -> Result<String> {
    if given {
        return Ok(found.to_string());
    }
    Ok(store
        .settings()
        .text(Setting::UserName)?
        .unwrap_or_else(|| found.to_string()))
}

/// Where the automatic backups of `store` go.
pub fn backup_folder(store: &Store) -> Result<Option<PathBuf>> {
    Ok(match store.settings().text(Setting::BackupFolder)? {
        Some(folder) => Some(PathBuf::from(folder)),
        None => store.path().map(default_backup_folder),
    })
}

fn number(store: &Store, setting: Setting, default: u32) -> Result<u32> {
    match store.settings().text(setting)? {
        None => Ok(default),
        Some(text) => text.parse().map_err(|_| Error::SettingUnreadable {
            key: setting.key(),
            value: text,
        }),
    }
}

/// Hours between automatic backups (0: off).
pub fn backup_every_hours(store: &Store) -> Result<u32> {
    number(store, Setting::BackupEveryHours, DEFAULT_BACKUP_EVERY_HOURS)
}

/// How many automatic backups are kept.
pub fn backup_keep(store: &Store) -> Result<u32> {
    number(store, Setting::BackupKeep, DEFAULT_BACKUP_KEEP)
}

/// Every setting with its value in effect.
pub fn settings(store: &Store) -> Result<SettingsView> {
    let folder = store.settings().text(Setting::BackupFolder)?;
    let (matching, matching_file) = match matching_file(store) {
        Some(path) => (matching_settings(&path)?, path.display().to_string()),
        None => (Vec::new(), String::new()),
    };
    Ok(SettingsView {
        table_name: table_name(store)?,
        table_region: store
            .settings()
            .text(Setting::TableRegion)?
            .unwrap_or_default(),
        table_title: table_title(store)?,
        user_name: store
            .settings()
            .text(Setting::UserName)?
            .unwrap_or_default(),
        user_organisation: user_organisation(store)?.unwrap_or_default(),
        default_owner: default_owner(store)?.unwrap_or_default(),
        language: language(store)?.code().to_string(),
        retention_months: store.settings().retention_months()?.unwrap_or(0),
        backup_folder_is_default: folder.is_none(),
        backup_folder: backup_folder(store)?
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        backup_every_hours: backup_every_hours(store)?,
        backup_keep: backup_keep(store)?,
        matching,
        matching_file,
    })
}

/// Every key with its value in effect, for `tafel settings get`.
pub fn entries(store: &Store) -> Result<Vec<SettingEntry>> {
    let view = settings(store)?;
    let mut entries: Vec<SettingEntry> = Setting::CHOSEN
        .into_iter()
        .map(|setting| {
            let value = match setting {
                Setting::TableName => view.table_name.clone(),
                Setting::TableRegion => view.table_region.clone(),
                Setting::UserName => view.user_name.clone(),
                Setting::UserOrganisation => view.user_organisation.clone(),
                Setting::DefaultOwner => view.default_owner.clone(),
                Setting::Language => view.language.clone(),
                Setting::RetentionMonths => view.retention_months.to_string(),
                Setting::BackupFolder => view.backup_folder.clone(),
                Setting::BackupEveryHours => view.backup_every_hours.to_string(),
                Setting::BackupKeep => view.backup_keep.to_string(),
                Setting::RetentionLastRun
                | Setting::SyncFolder
                | Setting::HubUrl
                | Setting::HubAdminUrl => String::new(),
            };
            SettingEntry {
                key: setting.key().into(),
                value,
                label: label(setting).into(),
            }
        })
        .collect();
    entries.extend(view.matching.into_iter().map(|m| SettingEntry {
        key: m.key,
        value: m.value,
        label: m.explanation,
    }));
    Ok(entries)
}

/// The value of one key in effect; an unknown key is refused with the known ones.
pub fn get(store: &Store, key: &str) -> Result<SettingEntry> {
    entries(store)?
        .into_iter()
        .find(|e| e.key == key)
        .ok_or_else(|| unknown_key(key))
}

fn unknown_key(key: &str) -> Error {
    let known: Vec<&str> = Setting::CHOSEN.iter().map(|s| s.key()).collect();
    Error::invalid(
        key,
        "unknown_setting",
        format!(
            "Onbekende instelling \"{key}\". Kies uit {}, of matching.<sectie>.<naam> (zie tafel settings get).",
            known.join(", ")
        ),
        format!(
            "Unknown setting \"{key}\". Choose from {}, or matching.<section>.<name> (see tafel settings get).",
            known.join(", ")
        ),
    )
}

fn matching_file(store: &Store) -> Option<PathBuf> {
    store.path().map(super::matching_settings::settings_path)
}

/// One line of text: surrounding space removed, at most `max` characters, no line breaks.
fn one_line(
    problems: &mut Problems,
    key: &str,
    value: &str,
    max: usize,
    (nl, en): (&str, &str),
) -> String {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        problems.add(
            key,
            "one_line",
            format!("{nl} is één regel tekst, zonder regeleinden of tabs."),
            format!("{en} is one line of text, without line breaks or tabs."),
        );
    } else if value.chars().count() > max {
        problems.add(
            key,
            "too_long",
            format!("{nl} is hoogstens {max} tekens."),
            format!("{en} is at most {max} characters."),
        );
    }
    value.to_string()
}

fn whole_number(
    problems: &mut Problems,
    key: &str,
    value: &str,
    range: std::ops::RangeInclusive<u32>,
    (nl, en): (&str, &str),
) -> String {
    match value.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => n.to_string(),
        _ => {
            problems.add(
                key,
                "number_range",
                format!(
                    "{nl} is een heel getal van {} tot en met {}; \"{}\" kan niet.",
                    range.start(),
                    range.end(),
                    value.trim()
                ),
                format!(
                    "{en} is a whole number from {} to {}; \"{}\" is not possible.",
                    range.start(),
                    range.end(),
                    value.trim()
                ),
            );
            String::new()
        }
    }
}

/// A value checked for its setting, as it is stored (empty: the default).
fn checked(problems: &mut Problems, setting: Setting, value: &str) -> String {
    let key = setting.key();
    match setting {
        Setting::TableName => {
            let name = one_line(
                problems,
                key,
                value,
                MAX_NAME_CHARS,
                ("De naam van de tafel", "The table's name"),
            );
            if name.is_empty() {
                problems.add(
                    key,
                    "required",
                    "Vul de naam van de tafel in; die staat op elk document, elke uitnodiging en elke rapportage.",
                    "Fill in the table's name; it is on every document, invite and report.",
                );
            }
            name
        }
        Setting::TableRegion => one_line(
            problems,
            key,
            value,
            MAX_NAME_CHARS,
            ("De regio", "The region"),
        ),
        Setting::UserName => one_line(
            problems,
            key,
            value,
            MAX_NAME_CHARS,
            ("Uw naam", "Your name"),
        ),
        Setting::UserOrganisation => one_line(
            problems,
            key,
            value,
            MAX_ORGANISATION_CHARS,
            ("De organisatie", "The organisation"),
        ),
        Setting::DefaultOwner => one_line(
            problems,
            key,
            value,
            MAX_NAME_CHARS,
            ("De standaard eigenaar", "The default owner"),
        ),
        Setting::Language => match value.trim().to_ascii_lowercase().as_str() {
            "" | "nl" => "nl".into(),
            "en" => "en".into(),
            other => {
                problems.add(
                    key,
                    "language",
                    format!("Onbekende taal \"{other}\"; kies nl (Nederlands) of en (Engels)."),
                    format!("Unknown language \"{other}\"; choose nl (Dutch) or en (English)."),
                );
                String::new()
            }
        },
        Setting::RetentionMonths => match value.trim().parse::<u32>() {
            Ok(months) => match crate::domain::erasure::check_retention_months(months) {
                Ok(_) => months.to_string(),
                Err(e) => {
                    problems.add(key, &e.code, e.message, e.message_en);
                    String::new()
                }
            },
            Err(_) => {
                problems.add(
                    key,
                    "retention_months",
                    format!("De bewaartermijn is een heel aantal maanden (0 zet de regel uit); \"{}\" is dat niet.", value.trim()),
                    format!("The retention period is a whole number of months (0 turns the rule off); \"{}\" is not.", value.trim()),
                );
                String::new()
            }
        },
        Setting::BackupFolder => {
            let folder = value.trim();
            if !folder.is_empty() {
                let path = Path::new(folder);
                if !path.is_absolute() {
                    problems.add(
                        key,
                        "folder_absolute",
                        format!("Geef de map voor back-ups volledig op (bijvoorbeeld /home/marieke/Back-ups); \"{folder}\" is geen volledig pad."),
                        format!("Give the backup folder in full (for example /home/marieke/Backups); \"{folder}\" is not a full path."),
                    );
                } else if path.is_file() {
                    problems.add(
                        key,
                        "folder_is_file",
                        format!("{folder} is een bestand, geen map."),
                        format!("{folder} is a file, not a folder."),
                    );
                }
            }
            folder.to_string()
        }
        Setting::BackupEveryHours => whole_number(
            problems,
            key,
            value,
            0..=MAX_BACKUP_EVERY_HOURS,
            (
                "Het aantal uren tussen back-ups (0 = uit)",
                "The hours between backups (0 = off)",
            ),
        ),
        Setting::BackupKeep => whole_number(
            problems,
            key,
            value,
            1..=MAX_BACKUP_KEEP,
            ("Het aantal bewaarde back-ups", "The number of backups kept"),
        ),
        Setting::RetentionLastRun
        | Setting::SyncFolder
        | Setting::HubUrl
        | Setting::HubAdminUrl => String::new(),
    }
}

/// Changes settings: every change is checked first (all problems are reported together and
/// nothing is stored when one is refused), then the database's settings are stored in one
/// write — each with its old and new value in the change log — and `matching.toml` is
/// rewritten whole (its comments kept) inside that write, so either both change or neither.
pub fn set(store: &mut Store, actor: &Actor, changes: &[SettingChange]) -> Result<SettingsView> {
    let mut problems = Problems::default();
    let mut stored: Vec<(Setting, String)> = Vec::new();
    let mut matching: Vec<(&str, &str)> = Vec::new();
    for change in changes {
        let key = change.key.trim();
        if let Some(rest) = key.strip_prefix(MATCHING_PREFIX) {
            matching.push((rest, change.value.as_str()));
        } else if let Some(setting) = Setting::chosen_from_key(key) {
            let value = checked(&mut problems, setting, &change.value);
            stored.push((setting, value));
        } else {
            return Err(unknown_key(key));
        }
    }
    let matching_text = if matching.is_empty() {
        None
    } else {
        let Some(path) = matching_file(store) else {
            return Err(Error::invalid(
                "matching",
                "no_matching_file",
                "Een database in het geheugen heeft geen matching.toml.",
                "A database in memory has no matching.toml.",
            ));
        };
        super::matching_settings::load_or_create(&path)?;
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        match edit_matching(&text, &matching, &path) {
            Ok(text) => Some((path, text)),
            Err(Error::Invalid(errors)) => {
                for e in errors {
                    problems.add(&e.field, &e.code, e.message, e.message_en);
                }
                None
            }
            Err(other) => return Err(other),
        }
    };
    let errors: Vec<FieldError> = problems.into_errors();
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    store.transact(actor, |w| {
        for (setting, value) in &stored {
            w.settings_mut().set(*setting, value)?;
        }
        if let Some((path, text)) = &matching_text {
            crate::files::write_atomic(path, text.as_bytes())?;
        }
        Ok(())
    })?;
    settings(store)
}

/// The values of `matching.toml` at `path` with their explanations (the file is made with
/// the defaults when missing).
pub fn matching_settings(path: &Path) -> Result<Vec<MatchingSetting>> {
    super::matching_settings::load_or_create(path)?;
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let doc = parse_document(&text, path)?;
    let mut out = Vec::new();
    for (section, item) in doc.as_table().iter() {
        let Some(table) = item.as_table() else {
            continue;
        };
        let mut section_explanation = String::new();
        for (index, (name, value)) in table.iter().enumerate() {
            let Some(value) = value.as_value() else {
                continue;
            };
            let above = table
                .key(name)
                .and_then(|k| k.leaf_decor().prefix())
                .and_then(|p| p.as_str())
                .map(comment_text)
                .unwrap_or_default();
            let after = value
                .decor()
                .suffix()
                .and_then(|s| s.as_str())
                .map(comment_text)
                .unwrap_or_default();
            // The comment above a section's first value is about the section.
            if index == 0 {
                section_explanation = above.clone();
            }
            let explanation = if !after.is_empty() {
                after
            } else if index > 0 && !above.is_empty() {
                above
            } else {
                section_explanation.clone()
            };
            out.push(MatchingSetting {
                key: format!("{MATCHING_PREFIX}{section}.{name}"),
                section: section.to_string(),
                section_explanation: section_explanation.clone(),
                value: {
                    let mut bare = value.clone();
                    bare.decor_mut().clear();
                    bare.to_string().trim().to_string()
                },
                explanation,
            });
        }
    }
    Ok(out)
}

/// The text of `#` comments, joined into one line.
fn comment_text(raw: &str) -> String {
    raw.lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix('#'))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_document(text: &str, path: &Path) -> Result<toml_edit::DocumentMut> {
    text.parse::<toml_edit::DocumentMut>().map_err(|e| {
        Error::invalid(
            "matching",
            "matching_toml",
            format!("{} is geen geldige TOML: {e}", path.display()),
            format!("{} is not valid TOML: {e}", path.display()),
        )
    })
}

/// `text` with each `(section.name, value)` changed and its comments kept, once the whole
/// file passes [`MatchingConfig::parse`].
fn edit_matching(text: &str, changes: &[(&str, &str)], path: &Path) -> Result<String> {
    let mut doc = parse_document(text, path)?;
    let mut problems = Problems::default();
    for (key, value) in changes {
        let field = format!("{MATCHING_PREFIX}{key}");
        let Some((section, name)) = key.split_once('.') else {
            return Err(unknown_key(&field));
        };
        let Some(slot) = doc
            .get_mut(section)
            .and_then(|t| t.as_table_mut())
            .and_then(|t| t.get_mut(name))
            .and_then(|item| item.as_value_mut())
        else {
            return Err(unknown_key(&field));
        };
        let parsed = match value.trim().parse::<toml_edit::Value>() {
            Ok(parsed) => parsed,
            Err(_) => {
                problems.add(
                    &field,
                    "matching_value",
                    format!("\"{}\" is geen waarde voor {field}: geef een getal, true/false of een lijst zoals [\"equity\"].", value.trim()),
                    format!("\"{}\" is no value for {field}: give a number, true/false or a list such as [\"equity\"].", value.trim()),
                );
                continue;
            }
        };
        // A whole number typed where the file holds a fraction stays a fraction.
        let parsed = match (&*slot, parsed) {
            (toml_edit::Value::Float(_), toml_edit::Value::Integer(i)) => {
                toml_edit::Value::from(*i.value() as f64)
            }
            (_, parsed) => parsed,
        };
        let decor = slot.decor().clone();
        *slot = parsed;
        *slot.decor_mut() = decor;
    }
    let errors = problems.into_errors();
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let edited = doc.to_string();
    MatchingConfig::parse(&edited, path).map_err(|e| match e {
        // The check names the value it refuses (`weights.sector`); the screen marks that field.
        Error::MatchingConfig {
            message_nl,
            message_en,
            ..
        } => {
            let key = changes
                .iter()
                .map(|(key, _)| *key)
                .find(|key| message_nl.contains(key))
                .or_else(|| changes.first().map(|(key, _)| *key))
                .unwrap_or_default();
            Error::invalid(
                &format!("{MATCHING_PREFIX}{key}"),
                "matching_rule",
                format!("Deze matchinginstelling kan niet: {message_nl}."),
                format!("This matching setting is not possible: {message_en}."),
            )
        }
        other => other,
    })?;
    Ok(edited)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_matching_value_has_an_explanation() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("matching.toml");
        let all = matching_settings(&path).expect("defaults");
        assert!(all.len() > 30, "{}", all.len());
        for s in &all {
            assert!(!s.explanation.is_empty(), "{} has no explanation", s.key);
        }
        let sector = all
            .iter()
            .find(|s| s.key == "matching.weights.sector")
            .expect("sector");
        assert_eq!(sector.value, "20");
        assert!(
            sector.explanation.contains("sectorfocus"),
            "{}",
            sector.explanation
        );
        assert!(
            sector.section_explanation.contains("Hoe zwaar"),
            "{}",
            sector.section_explanation
        );
    }

    #[test]
    fn an_edit_keeps_the_comments_and_a_float_stays_a_float() {
        let path = Path::new("matching.toml");
        let text = crate::matching::DEFAULT_TOML;
        let edited = edit_matching(
            text,
            &[("weights.sector", "25"), ("scores.national", "1")],
            path,
        )
        .expect("valid");
        assert!(
            edited.contains("sector = 25       # sectorfocus"),
            "{edited}"
        );
        assert!(edited.contains("national = 1.0"), "{edited}");
        let config = MatchingConfig::parse(&edited, path).expect("parses");
        assert_eq!(config.weights.sector, 25.0);
    }

    #[test]
    fn a_bad_matching_value_is_refused_with_its_key() {
        let path = Path::new("matching.toml");
        let err = edit_matching(
            crate::matching::DEFAULT_TOML,
            &[("weights.sector", "veel")],
            path,
        )
        .unwrap_err();
        assert_eq!(err.field_errors()[0].field, "matching.weights.sector");
        assert!(matches!(
            edit_matching(
                crate::matching::DEFAULT_TOML,
                &[("weights.nergens", "1")],
                path
            ),
            Err(Error::Invalid(_))
        ));
    }
}
