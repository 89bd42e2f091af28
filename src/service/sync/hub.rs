//! The table hub's use cases: the administrator creates it from the coordinator's roster
//! (`tafel hub init`) and keeps its roles and channel membership in step with the roster
//! (`add-member`, `remove-member`); a member joins with the address it was given
//! (`tafel hub join`); "Synchroniseren" then uses it beside the shared folder.
//!
//! The addresses carry passwords: they are kept only in the encrypted database (settings
//! `hub.url`, `hub.admin_url`, written without a change-log entry) and shown without them.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use crate::domain::Actor;
use crate::error::{Error, Result};
use crate::hub::{HubMember, HubTransport, HubUrl, schema};
use crate::store::{Setting, Store};
use crate::sync::{COORDINATOR_ORG, Refusal, Role, Roster};

/// The hub this device synchronises through.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct HubView {
    /// `role@server:port/database`, without the password.
    pub address: String,
    /// This laptop also administers it (it ran `tafel hub init`).
    pub administers: bool,
}

/// One organisation's login to the hub, as the administrator hands it out (once: Tafel keeps
/// no member's password). The command line's (`tafel hub`), not the window's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HubLogin {
    /// `coordinator` or the financier's id.
    pub org: String,
    /// The organisation's name.
    pub org_name: String,
    /// Its login role.
    pub role: String,
    /// The address to join with (`tafel hub join URL`), password included.
    pub url: String,
}

/// What `tafel hub init` did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HubInitReport {
    /// The hub (without password).
    pub address: String,
    /// Its schema version now.
    pub schema_version: i32,
    /// The logins made or renewed, the coordinator's first (which this laptop keeps).
    pub logins: Vec<HubLogin>,
}

fn new_password() -> Result<String> {
    let mut bytes = [0u8; 18];
    getrandom::fill(&mut bytes).map_err(|e| Error::BadKey(format!("no randomness: {e}")))?;
    Ok(hex::encode(bytes))
}

pub(super) fn url_setting(store: &Store, setting: Setting) -> Result<Option<HubUrl>> {
    match store.settings().get(setting)? {
        Some(text) if !text.trim().is_empty() => Ok(Some(HubUrl::parse(&text)?)),
        _ => Ok(None),
    }
}

/// The hub this device joined, if any.
pub fn hub(store: &Store) -> Result<Option<HubView>> {
    let administers = url_setting(store, Setting::HubAdminUrl)?.is_some();
    Ok(url_setting(store, Setting::HubUrl)?.map(|url| HubView {
        address: url.describe(),
        administers,
    }))
}

/// The hub as a transport for this device, when it joined one: for its table (every table its
/// login reads before it holds a roster).
pub(crate) fn hub_transport(store: &Store) -> Result<Option<HubTransport>> {
    let Some(url) = url_setting(store, Setting::HubUrl)? else {
        return Ok(None);
    };
    let table = store.sync().roster()?.map(|(_, r)| r.table_id);
    Ok(Some(HubTransport::new(url, table)))
}

pub(super) fn coordinator_roster(store: &Store) -> Result<Roster> {
    let me = store
        .sync()
        .identity()?
        .ok_or_else(|| Error::sync(Refusal::NoIdentity))?;
    let (_, roster) = store
        .sync()
        .roster()?
        .ok_or_else(|| Error::sync(Refusal::CoordinatorOnly))?;
    match roster.device(&me.device_id) {
        Some(m) if m.role == Role::Coordinator => Ok(roster),
        _ => Err(Error::sync(Refusal::CoordinatorOnly)),
    }
}

/// The organisations on the roster with their devices, the coordinator first.
fn organisations(roster: &Roster) -> Vec<HubMember> {
    let mut by_org: BTreeMap<String, HubMember> = BTreeMap::new();
    for m in &roster.members {
        let entry = by_org
            .entry(m.organisation.clone())
            .or_insert_with(|| HubMember {
                table_id: roster.table_id.clone(),
                org: m.organisation.clone(),
                org_name: m.organisation_name.clone(),
                devices: Vec::new(),
            });
        entry.devices.push(m.device_id.clone());
    }
    let mut out: Vec<HubMember> = by_org.into_values().collect();
    out.sort_by_key(|m| m.org != COORDINATOR_ORG);
    out
}

fn no_admin() -> Error {
    Error::invalid(
        "hub",
        "hub_not_administered",
        "Deze laptop beheert geen hub: maak hem eerst aan met tafel hub init postgres://…",
        "This laptop administers no hub: create one first with tafel hub init postgres://…",
    )
}

/// Creates the hub (schema, roles, policies; an older schema migrated, a newer one refused) at
/// `admin_url` — a PostgreSQL superuser's address — for the table of this coordinator's roster:
/// a login for every organisation on it, the coordinator's kept on this laptop (it then
/// synchronises through the hub too), the others' returned to hand out. Run again, it leaves
/// existing logins as they are and adds what the roster gained.
pub fn init(store: &mut Store, actor: &Actor, admin_url: &str) -> Result<HubInitReport> {
    let roster = coordinator_roster(store)?;
    let admin = HubUrl::parse(admin_url)?;
    let own_kept = url_setting(store, Setting::HubUrl)?;
    let members = organisations(&roster);
    let mut passwords = Vec::new();
    for _ in &members {
        passwords.push(new_password()?);
    }
    let (version, logins) = admin.with_client(|client| {
        let version = schema::init(client)?;
        let mut logins = Vec::new();
        for (member, password) in members.iter().zip(&passwords) {
            let role = schema::role_name(&member.table_id, &member.org);
            let exists: bool = client
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin)",
                    &[&role],
                )
                .map_err(crate::hub::pg_error)?
                .get(0);
            // The coordinator's login is renewed unless this laptop still holds it.
            let renew = !exists
                || (member.org == COORDINATOR_ORG
                    && own_kept.as_ref().is_none_or(|u| u.user() != role));
            schema::put_member(client, member, renew.then_some(password.as_str()))?;
            if renew {
                logins.push(HubLogin {
                    org: member.org.clone(),
                    org_name: member.org_name.clone(),
                    role: role.clone(),
                    url: admin.for_login(&role, password),
                });
            }
        }
        Ok((version, logins))
    })?;
    let own = logins.iter().find(|l| l.org == COORDINATOR_ORG).cloned();
    // The address (never a login) travels in the signed roster, for members to join with.
    super::roster::set_hub_address(store, actor, Some(&admin.address()))?;
    store.transact(actor, |w| {
        w.settings_mut()
            .mark(Setting::HubAdminUrl, admin.as_secret_text())?;
        if let Some(own) = &own {
            w.settings_mut().mark(Setting::HubUrl, &own.url)?;
        }
        Ok(())
    })?;
    Ok(HubInitReport {
        address: admin.describe(),
        schema_version: version,
        logins,
    })
}

/// The organisation on the roster `reference` names (its id or name).
fn roster_org(roster: &Roster, reference: &str) -> Option<HubMember> {
    let wanted = reference.trim().to_lowercase();
    organisations(roster)
        .into_iter()
        .find(|m| m.org.to_lowercase() == wanted || m.org_name.to_lowercase() == wanted)
}

/// Brings one organisation of the roster onto the hub, or its devices and channels in step
/// with the roster again (after a device was added). A login is returned when one was made:
/// for an organisation new to the hub, or with `new_password` (the old one stops working).
pub fn add_member(
    store: &mut Store,
    reference: &str,
    new_password: bool,
) -> Result<Option<HubLogin>> {
    let roster = coordinator_roster(store)?;
    let admin = url_setting(store, Setting::HubAdminUrl)?.ok_or_else(no_admin)?;
    let member = roster_org(&roster, reference).ok_or_else(|| {
        Error::sync(Refusal::UnknownMember {
            reference: reference.to_string(),
        })
    })?;
    let password = self::new_password()?;
    admin.with_client(|client| {
        let role = schema::role_name(&member.table_id, &member.org);
        let exists: bool = client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM tafel_hub.members WHERE role_name = $1)",
                &[&role],
            )
            .map_err(crate::hub::pg_error)?
            .get(0);
        let renew = !exists || new_password;
        schema::put_member(client, &member, renew.then_some(password.as_str()))?;
        Ok(renew.then(|| HubLogin {
            org: member.org.clone(),
            org_name: member.org_name.clone(),
            role: role.clone(),
            url: admin.for_login(&role, &password),
        }))
    })
}

/// Takes an organisation off the hub (by its id or name, on the roster or only on the hub): it
/// reads nothing more and can no longer log in. `false` when it was not on the hub.
pub fn remove_member(store: &mut Store, reference: &str) -> Result<bool> {
    let roster = coordinator_roster(store)?;
    let admin = url_setting(store, Setting::HubAdminUrl)?.ok_or_else(no_admin)?;
    let wanted = reference.trim().to_lowercase();
    admin.with_client(|client| {
        let on_hub = schema::members(client, &roster.table_id)?;
        let org = on_hub
            .iter()
            .find(|(org, name, _)| org.to_lowercase() == wanted || name.to_lowercase() == wanted)
            .map(|(org, _, _)| org.clone());
        match org {
            Some(org) if org == COORDINATOR_ORG => Err(Error::invalid(
                "org",
                "hub_coordinator_stays",
                "De coördinator blijft op de hub van zijn eigen tafel.",
                "The coordinator stays on its own table's hub.",
            )),
            Some(org) => schema::remove_member(client, &roster.table_id, &org),
            None => Ok(false),
        }
    })
}

/// Joins the hub at `url` (the address the administrator handed out): checks that it logs in,
/// that its schema is one this Tafel reads and that the login is on a table, then keeps it (in
/// the encrypted database). "Synchroniseren" then also goes through the hub.
pub fn join(store: &mut Store, actor: &Actor, url: &str) -> Result<HubView> {
    let url = HubUrl::parse(url)?;
    let tables: i64 = url.with_client(|client| {
        schema::check(client)?;
        Ok(client
            .query_one("SELECT count(*) FROM tafel_hub.my_tables()", &[])
            .map_err(crate::hub::pg_error)?
            .get(0))
    })?;
    if tables == 0 {
        return Err(crate::hub::hub_error(
            "hub_not_member",
            "Deze aanmelding hoort bij geen tafel op de hub; vraag de beheerder om het adres van uw organisatie.".into(),
            "This login belongs to no table on the hub; ask its administrator for your organisation's address.".into(),
        ));
    }
    store.transact(actor, |w| {
        w.settings_mut().mark(Setting::HubUrl, url.as_secret_text())
    })?;
    hub(store)?.ok_or_else(no_admin)
}

/// Links this table with another table on the hub (by its id, as on its table card), so the
/// two coordinators exchange referred cases (`tafel exchange`); the administrator's. Both
/// tables' coordinators must be on the hub.
pub fn link_table(store: &Store, other_table: &str) -> Result<()> {
    let roster = coordinator_roster(store)?;
    let admin = url_setting(store, Setting::HubAdminUrl)?.ok_or_else(no_admin)?;
    admin.with_client(|client| schema::link_tables(client, &roster.table_id, other_table.trim()))
}

/// Ends this table's link with another table on the hub: neither coordinator reads or writes
/// their exchange any more. `false` when they were not linked.
pub fn unlink_table(store: &Store, other_table: &str) -> Result<bool> {
    let roster = coordinator_roster(store)?;
    let admin = url_setting(store, Setting::HubAdminUrl)?.ok_or_else(no_admin)?;
    admin.with_client(|client| schema::unlink_tables(client, &roster.table_id, other_table.trim()))
}

/// The tables linked with this one on the hub (their ids); the administrator's.
pub fn linked_tables(store: &Store) -> Result<Vec<String>> {
    let roster = coordinator_roster(store)?;
    let admin = url_setting(store, Setting::HubAdminUrl)?.ok_or_else(no_admin)?;
    admin.with_client(|client| schema::linked_tables(client, &roster.table_id))
}

/// The hub's address as the coordinator put it in the signed roster this device holds
/// (without login or password), if any.
pub fn announced_address(store: &Store) -> Result<Option<String>> {
    Ok(store.sync().roster()?.and_then(|(_, r)| r.hub))
}

/// Joins the hub whose address the roster carries, with this organisation's own login (`user`
/// and `password`, as the administrator handed them out); else as [`join`].
pub fn join_announced(
    store: &mut Store,
    actor: &Actor,
    user: &str,
    password: &str,
) -> Result<HubView> {
    let address = announced_address(store)?.ok_or_else(|| {
        Error::invalid(
            "hub",
            "hub_not_announced",
            "De ledenlijst noemt (nog) geen hub: synchroniseer eerst, of sluit aan met het volledige adres (tafel hub join URL).",
            "The roster names no hub (yet): synchronise first, or join with the full address (tafel hub join URL).",
        )
    })?;
    let url = crate::hub::url::login_url(&address, user, password)?;
    join(store, actor, url.as_secret_text())
}

/// Stops synchronising through the hub on this device (what was exchanged stays).
pub fn leave(store: &mut Store, actor: &Actor) -> Result<()> {
    store.transact(actor, |w| w.settings_mut().mark(Setting::HubUrl, ""))
}
