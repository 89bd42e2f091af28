//! This device's identity: who uses it, for which organisation, its fingerprint and its
//! member card.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::domain::Actor;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::sync::{
    COORDINATOR_ORG, DeviceKeys, MemberCard, Refusal, Role, Roster, RosterMember, SignedRoster,
};

/// The table a device belongs to, as its roster says.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TableView {
    /// The table's id.
    pub table_id: String,
    /// Its name.
    pub table_name: String,
    /// The roster's version.
    #[ts(type = "number")]
    pub roster_version: u64,
    /// The fingerprint of the coordinator device that signed the roster.
    pub coordinator_fingerprint: String,
    /// The coordinator's name.
    pub coordinator: String,
    /// How many devices are on the roster.
    pub devices: u32,
}

/// This device's identity, as the sharing screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct IdentityView {
    /// The device's id.
    pub device_id: String,
    /// The person using it.
    pub person: String,
    /// `coordinator`, or the financier id (once on the roster) or the name it claims.
    pub organisation: String,
    /// The organisation's name.
    pub organisation_name: String,
    /// Its role at the table, once on a roster.
    pub role: Option<Role>,
    /// The fingerprint, eight groups of five digits, to read out over the phone.
    pub fingerprint: String,
    /// The table, once joined (or, for the coordinator, started).
    pub table: Option<TableView>,
}

/// The default name of a table started without one (the settings' default).
pub use crate::service::settings::DEFAULT_TABLE_NAME;

/// This device's identity, `None` before it is set.
pub fn identity(store: &Store) -> Result<Option<IdentityView>> {
    let Some(me) = store.sync().identity()? else {
        return Ok(None);
    };
    let roster = store.sync().roster()?.map(|(_, r)| r);
    Ok(Some(view(&me, roster.as_ref())))
}

fn view(me: &crate::store::StoredIdentity, roster: Option<&Roster>) -> IdentityView {
    let on_roster = roster.and_then(|r| r.device(&me.device_id));
    IdentityView {
        device_id: me.device_id.clone(),
        person: me.person.clone(),
        organisation: on_roster
            .map(|m| m.organisation.clone())
            .unwrap_or_else(|| me.organisation.clone()),
        organisation_name: on_roster
            .map(|m| m.organisation_name.clone())
            .unwrap_or_else(|| me.organisation_name.clone()),
        role: on_roster.map(|m| m.role),
        fingerprint: me.keys.public().fingerprint(),
        table: roster.map(table_view),
    }
}

pub(crate) fn table_view(roster: &Roster) -> TableView {
    let signer = roster.device(&roster.signed_by);
    TableView {
        table_id: roster.table_id.clone(),
        table_name: roster.table_name.clone(),
        roster_version: roster.version,
        coordinator_fingerprint: signer.map(|m| m.keys.fingerprint()).unwrap_or_default(),
        coordinator: signer.map(|m| m.person.clone()).unwrap_or_default(),
        devices: roster.members.len() as u32,
    }
}

fn invalid(field: &str, code: &str, nl: String, en: String) -> Error {
    Error::invalid(field, code, nl, en)
}

/// Sets who uses this device and for which organisation (`coordinator`, or a financier of the
/// register by name or id; a member's organisation is what the coordinator confirms on the
/// roster). Makes the device's keys the first time. The coordinator's first identity starts
/// the table: roster version 1 with this device, named `table_name` (default
/// "Financieringstafel").
pub fn set_identity(
    store: &mut Store,
    actor: &Actor,
    person: &str,
    organisation: &str,
    table_name: Option<&str>,
) -> Result<IdentityView> {
    let person = person.trim();
    let organisation = organisation.trim();
    if person.is_empty() {
        return Err(invalid(
            "name",
            "required",
            "Vul uw naam in.".into(),
            "Fill in your name.".into(),
        ));
    }
    if organisation.is_empty() {
        return Err(invalid(
            "org",
            "required",
            "Kies uw organisatie (een financier uit het register, of coordinator).".into(),
            "Choose your organisation (a financier of the register, or coordinator).".into(),
        ));
    }
    store.transact(actor, |w| {
        let existing = w.sync().identity()?;
        let held = w.sync().roster()?;
        let keys = match &existing {
            Some(me) => DeviceKeys::from_secrets(&me.keys.signing_secret(), &me.keys.encryption_secret())?,
            None => DeviceKeys::generate()?,
        };
        let is_coordinator = organisation.eq_ignore_ascii_case(COORDINATOR_ORG) || organisation.eq_ignore_ascii_case("coördinator");
        if let Some((_, roster)) = &held {
            let on_roster = roster.device(w.device_id()).or_else(|| existing.as_ref().and_then(|me| roster.device(&me.device_id)));
            if let Some(m) = on_roster
                && (m.role == Role::Coordinator) != is_coordinator {
                    return Err(invalid(
                        "org",
                        "role_fixed",
                        "Dit apparaat staat al op de ledenlijst van een tafel; de rol (coördinator of lid) kan niet meer veranderen.".into(),
                        "This device is on a table's roster already; its role (coordinator or member) can no longer change.".into(),
                    ));
                }
        }
        let (org_id, org_name) = if is_coordinator {
            (COORDINATOR_ORG.to_string(), "Coördinator".to_string())
        } else {
            match w.financiers().find(organisation)?.as_slice() {
                [(id, name)] => (id.clone(), name.clone()),
                _ => (organisation.to_string(), organisation.to_string()),
            }
        };
        w.sync_mut().set_identity(person, &org_id, &org_name, &keys)?;
        let me = identity_in_writer(w)?;
        if is_coordinator {
            let version = held.as_ref().map(|(_, r)| r.version + 1).unwrap_or(1);
            let (table_id, name, mut members, min_version) = match &held {
                Some((_, r)) => (r.table_id.clone(), table_name.map(str::to_string).unwrap_or_else(|| r.table_name.clone()), r.members.clone(), r.min_version),
                // A table started without a name takes the one its settings give (Instellingen).
                None => (crate::store::new_id(), match table_name {
                    Some(name) => name.to_string(),
                    None => w.settings().text(crate::store::Setting::TableName)?.unwrap_or_else(|| DEFAULT_TABLE_NAME.to_string()),
                }, Vec::new(), 1),
            };
            members.retain(|m| m.device_id != me.device_id);
            members.insert(
                0,
                RosterMember {
                    device_id: me.device_id.clone(),
                    person: person.to_string(),
                    organisation: COORDINATOR_ORG.into(),
                    organisation_name: org_name.clone(),
                    role: Role::Coordinator,
                    keys: keys.public(),
                },
            );
            let roster = Roster {
                v: 1,
                table_id,
                table_name: name,
                version,
                min_version,
                issued_at: w.now().to_string(),
                signed_by: me.device_id.clone(),
                members,
                hub: held.as_ref().and_then(|(_, r)| r.hub.clone()),
            };
            let signed = SignedRoster::sign(&roster, &keys)?;
            w.sync_mut().set_roster(&signed, &roster)?;
            // A table named here and not yet in the settings: documents, invites and the
            // window's title use that name too (Instellingen can change it later).
            let named = table_name.map(str::trim).filter(|n| !n.is_empty());
            if let Some(name) = named
                && w.settings().text(crate::store::Setting::TableName)?.is_none()
            {
                w.settings_mut().set(crate::store::Setting::TableName, name)?;
            }
        }
        let roster = w.sync().roster()?.map(|(_, r)| r);
        Ok(view(&me, roster.as_ref()))
    })
}

fn identity_in_writer(w: &crate::store::Writer<'_>) -> Result<crate::store::StoredIdentity> {
    super::identity_in(w)
}

/// This device's member card, dated `now`, as text to save to a file or paste in an e-mail.
pub fn member_card(store: &Store, now: DateTime<Utc>) -> Result<String> {
    let me = store
        .sync()
        .identity()?
        .ok_or_else(|| Error::sync(Refusal::NoIdentity))?;
    let card = MemberCard {
        v: 1,
        device_id: me.device_id.clone(),
        person: me.person.clone(),
        organisation: me.organisation_name.clone(),
        keys: me.keys.public(),
        created_at: now.to_rfc3339_opts(SecondsFormat::Millis, true),
    };
    card.to_text(&me.keys)
}
