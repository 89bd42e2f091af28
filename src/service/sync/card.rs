//! A member card as a file or as pasted text: saving this device's card to a file the user
//! chose, reading a card file the coordinator chose, and what a card says before it is added
//! (so its fingerprint can be compared by phone first).

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::identity::member_card;
use crate::error::{Error, Result};
use crate::service::chosen_file::{self, Use};
use crate::store::Store;
use crate::sync::MemberCard;

/// The extension of a saved member card.
pub const CARD_EXTENSION: &str = "tafelkaart";
/// What a card file may end in when it is read (a card pasted into a text file is one too).
const CARD_READ_EXTENSIONS: &[&str] = &[CARD_EXTENSION, "txt"];
/// A card is a few hundred bytes; anything much larger is not one.
const MAX_CARD_BYTES: u64 = 64 * 1024;

/// What a member card says, before the coordinator adds it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CardPreview {
    /// The card's device.
    pub device_id: String,
    /// The person the card names.
    pub person: String,
    /// The organisation the card names (the coordinator decides what the roster says).
    pub organisation: String,
    /// The financier of the register that name matches, when exactly one does.
    pub financier_id: Option<String>,
    /// Its name.
    pub financier_name: Option<String>,
    /// The card's fingerprint: compare it with the member by phone before adding.
    pub fingerprint: String,
    /// The device is on the roster already (adding it again replaces its keys and name).
    pub on_roster: bool,
}

/// Reads a card's text (checked: its format and self-signature) and says what it holds.
pub fn preview_card(store: &Store, text: &str) -> Result<CardPreview> {
    let card = MemberCard::from_text(text)?;
    let (financier_id, financier_name) =
        match store.financiers().find(&card.organisation)?.as_slice() {
            [(id, name)] => (Some(id.clone()), Some(name.clone())),
            _ => (None, None),
        };
    let on_roster = store
        .sync()
        .roster()?
        .is_some_and(|(_, r)| r.device(&card.device_id).is_some());
    Ok(CardPreview {
        fingerprint: card.keys.fingerprint(),
        device_id: card.device_id,
        person: card.person,
        organisation: card.organisation,
        financier_id,
        financier_name,
        on_roster,
    })
}

/// Writes this device's member card, dated `now`, to `path` (a `.tafelkaart` file, never one
/// of the database's own files); returns the path written.
pub fn save_card_file(store: &Store, path: &Path, now: DateTime<Utc>) -> Result<PathBuf> {
    chosen_file::check(store, path, &[CARD_EXTENSION], Use::Write)?;
    let text = member_card(store, now)?;
    crate::files::write_atomic(path, text.as_bytes())?;
    Ok(path.to_path_buf())
}

/// Reads the text of a card file (`.tafelkaart` or `.txt`, at most 64 KiB); the card itself is
/// checked by [`preview_card`] and when it is added.
pub fn read_card_file(store: &Store, path: &Path) -> Result<String> {
    chosen_file::check(store, path, CARD_READ_EXTENSIONS, Use::Read)?;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_CARD_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_CARD_BYTES {
        return Err(Error::invalid(
            "path",
            "card_too_large",
            format!(
                "{} is te groot voor een lidkaart van Tafel.",
                path.display()
            ),
            format!("{} is too large for a Tafel member card.", path.display()),
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        Error::invalid(
            "path",
            "card_not_text",
            format!(
                "{} is geen tekstbestand en dus geen lidkaart van Tafel.",
                path.display()
            ),
            format!(
                "{} is not a text file, so no Tafel member card.",
                path.display()
            ),
        )
    })
}
