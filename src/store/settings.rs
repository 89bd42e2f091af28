//! The database's settings: one text value per key in `settings` (migration 8), read and
//! written through typed accessors so a key is spelled and parsed in one place.
//!
//! A setting someone chooses is written with [`SettingsMut::set`] and appears in the change
//! log (entity `setting`); the store's own bookkeeping (when the retention rule last ran) is
//! written with [`SettingsMut::mark`], which does not log, so opening the app each day does not
//! fill the history.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::Writer;
use crate::domain::DEFAULT_RETENTION_MONTHS;
use crate::error::{Error, Result};

/// The keys Tafel knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Months after which closed cases are anonymised; `0` is off.
    RetentionMonths,
    /// The day the retention rule last ran when the app opened the database.
    RetentionLastRun,
    /// The shared folder sharing writes this device's bundle to and reads the others' from.
    SyncFolder,
    /// The table's name, in every document, invite and report.
    TableName,
    /// The table's region, beside its name.
    TableRegion,
    /// The name of the person using this database: the author of every change.
    UserName,
    /// The organisation of that person.
    UserOrganisation,
    /// The owner a new case gets when none is given.
    DefaultOwner,
    /// The language of the window and of documents (`nl` or `en`).
    Language,
    /// The folder automatic encrypted backups go to.
    BackupFolder,
    /// Hours between automatic backups; `0` is off.
    BackupEveryHours,
    /// How many automatic backups are kept.
    BackupKeep,
    /// The table hub this device synchronises through: its PostgreSQL URL with the
    /// organisation's password (kept only here, in the encrypted database; never logged).
    HubUrl,
    /// The hub's administrator URL, on the laptop that ran `tafel hub init` (as `HubUrl`).
    HubAdminUrl,
}

impl Setting {
    /// The key in the table.
    pub fn key(self) -> &'static str {
        match self {
            Setting::RetentionMonths => "retention.months",
            Setting::RetentionLastRun => "retention.last_run_on",
            Setting::SyncFolder => "sync.folder",
            Setting::TableName => "table.name",
            Setting::TableRegion => "table.region",
            Setting::UserName => "user.name",
            Setting::UserOrganisation => "user.organisation",
            Setting::DefaultOwner => "cases.default_owner",
            Setting::Language => "ui.language",
            Setting::BackupFolder => "backup.folder",
            Setting::BackupEveryHours => "backup.every_hours",
            Setting::BackupKeep => "backup.keep",
            Setting::HubUrl => "hub.url",
            Setting::HubAdminUrl => "hub.admin_url",
        }
    }

    /// The settings a person chooses (on the settings screen and with `tafel settings`), in
    /// the order they are listed.
    pub const CHOSEN: [Setting; 10] = [
        Setting::TableName,
        Setting::TableRegion,
        Setting::UserName,
        Setting::UserOrganisation,
        Setting::DefaultOwner,
        Setting::Language,
        Setting::RetentionMonths,
        Setting::BackupFolder,
        Setting::BackupEveryHours,
        Setting::BackupKeep,
    ];

    /// The setting of a key, among the [`Setting::CHOSEN`] ones.
    pub fn chosen_from_key(key: &str) -> Option<Setting> {
        Setting::CHOSEN.into_iter().find(|s| s.key() == key)
    }
}

fn unreadable(setting: Setting, value: &str) -> Error {
    Error::SettingUnreadable {
        key: setting.key(),
        value: value.to_string(),
    }
}

/// Read handle on the settings.
pub struct Settings<'c> {
    conn: &'c Connection,
}

impl<'c> Settings<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Settings { conn }
    }

    /// The stored text of a setting, `None` when it was never set.
    pub fn get(&self, setting: Setting) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([setting.key()], |r| r.get(0))
            .optional()?)
    }

    /// The stored text of a setting with surrounding space removed, `None` when never set or
    /// set empty.
    pub fn text(&self, setting: Setting) -> Result<Option<String>> {
        Ok(self
            .get(setting)?
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty()))
    }

    /// The retention period in months: `None` when the rule is off, the default (24) when
    /// nothing was set.
    pub fn retention_months(&self) -> Result<Option<u32>> {
        match self.get(Setting::RetentionMonths)? {
            None => Ok(Some(DEFAULT_RETENTION_MONTHS)),
            Some(text) => match text.parse::<u32>() {
                Ok(0) => Ok(None),
                Ok(months) => Ok(Some(months)),
                Err(_) => Err(unreadable(Setting::RetentionMonths, &text)),
            },
        }
    }

    /// The day the retention rule last ran on opening, if it ever did.
    pub fn retention_last_run(&self) -> Result<Option<NaiveDate>> {
        match self.get(Setting::RetentionLastRun)? {
            None => Ok(None),
            Some(text) => NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| unreadable(Setting::RetentionLastRun, &text)),
        }
    }
}

/// Write handle on the settings, inside a use case's transaction.
pub struct SettingsMut<'w> {
    w: &'w Writer<'w>,
}

impl<'w> SettingsMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        SettingsMut { w }
    }

    fn put(&self, setting: Setting, value: &str) -> Result<Option<String>> {
        let before = Settings::new(self.w.conn()).get(setting)?;
        self.w
            .conn()
            .prepare_cached(
                "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            )?
            .execute(params![setting.key(), value, self.w.now()])?;
        Ok(before)
    }

    /// Sets a setting someone chose, with its old and new value in the change log.
    pub fn set(&self, setting: Setting, value: &str) -> Result<()> {
        let before = self.put(setting, value)?;
        if before.as_deref() != Some(value) {
            self.w.log(
                "setting",
                setting.key(),
                "update",
                &serde_json::json!({ "value": [before, value] }),
            )?;
        }
        Ok(())
    }

    /// Records the store's own bookkeeping (not in the change log).
    pub fn mark(&self, setting: Setting, value: &str) -> Result<()> {
        self.put(setting, value).map(|_| ())
    }

    /// Sets the retention period (`None`: off).
    pub fn set_retention_months(&self, months: Option<u32>) -> Result<()> {
        self.set(Setting::RetentionMonths, &months.unwrap_or(0).to_string())
    }

    /// Records that the retention rule ran on `day`.
    pub fn mark_retention_run(&self, day: NaiveDate) -> Result<()> {
        self.mark(
            Setting::RetentionLastRun,
            &day.format("%Y-%m-%d").to_string(),
        )
    }
}
