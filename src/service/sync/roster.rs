//! The coordinator's roster: adding a member's card, removing a device, and the list of
//! members with what each last sent and acknowledged.

use serde::Serialize;
use ts_rs::TS;

use super::identity::{TableView, table_view};
use crate::domain::Actor;
use crate::error::{Error, Result};
use crate::store::{Store, Writer};
use crate::sync::{Channel, MemberCard, Refusal, Role, Roster, RosterMember, SignedRoster};

/// One device on the roster, as the sharing screen lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MemberView {
    /// The device.
    pub device_id: String,
    /// The person.
    pub person: String,
    /// `coordinator` or the financier id.
    pub organisation: String,
    /// The organisation's name.
    pub organisation_name: String,
    /// Its role.
    pub role: Role,
    /// Its fingerprint.
    pub fingerprint: String,
    /// When it wrote the last bundle this device read (RFC 3339).
    pub last_bundle_at: Option<String>,
    /// How many of this device's envelopes addressed to it it has not acknowledged yet.
    #[ts(type = "number")]
    pub unacknowledged: u64,
    /// This is the device itself.
    pub is_self: bool,
}

/// The roster with each device's state.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RosterView {
    /// The table.
    pub table: TableView,
    /// The devices, coordinator first.
    pub members: Vec<MemberView>,
}

/// The roster this device holds, with each device's last bundle and acknowledgements.
pub fn roster(store: &Store) -> Result<Option<RosterView>> {
    let Some((_, roster)) = store.sync().roster()? else {
        return Ok(None);
    };
    let me = store
        .sync()
        .identity()?
        .map(|m| m.device_id)
        .unwrap_or_default();
    let peers = store.sync().peers()?;
    let mut members = Vec::new();
    for m in &roster.members {
        let mut unacknowledged = 0;
        for channel in store.sync().outbox_channels()? {
            let Some(parsed) = Channel::parse(&channel) else {
                continue;
            };
            if m.device_id != me && parsed.readable_by(m) {
                let last = store.sync().last_seq(&channel)?;
                unacknowledged += last.saturating_sub(store.sync().ack(&m.device_id, &channel)?);
            }
        }
        members.push(MemberView {
            device_id: m.device_id.clone(),
            person: m.person.clone(),
            organisation: m.organisation.clone(),
            organisation_name: m.organisation_name.clone(),
            role: m.role,
            fingerprint: m.keys.fingerprint(),
            last_bundle_at: peers
                .iter()
                .find(|p| p.device == m.device_id)
                .map(|p| p.last_bundle_at.clone()),
            unacknowledged,
            is_self: m.device_id == me,
        });
    }
    Ok(Some(RosterView {
        table: table_view(&roster),
        members,
    }))
}

/// What adding a card did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MemberAdded {
    /// The device as it now stands on the roster.
    pub member: MemberView,
    /// The card's fingerprint: compare it with the member by phone before sharing anything.
    pub fingerprint: String,
    /// The roster's new version.
    #[ts(type = "number")]
    pub roster_version: u64,
}

fn coordinator_in(w: &Writer<'_>) -> Result<(crate::store::StoredIdentity, Roster)> {
    let (me, roster) = super::membership_in(w).map_err(|e| {
        if e.code() == "sync_not_joined" {
            Error::sync(Refusal::CoordinatorOnly)
        } else {
            e
        }
    })?;
    match roster.device(&me.device_id) {
        Some(m) if m.role == Role::Coordinator => Ok((me, roster)),
        _ => Err(Error::sync(Refusal::CoordinatorOnly)),
    }
}

fn issue(
    w: &Writer<'_>,
    me: &crate::store::StoredIdentity,
    mut roster: Roster,
    min_version: Option<u64>,
) -> Result<Roster> {
    roster.version += 1;
    if let Some(min) = min_version {
        roster.min_version = min;
    }
    roster.issued_at = w.now().to_string();
    roster.signed_by = me.device_id.clone();
    let signed = SignedRoster::sign(&roster, &me.keys)?;
    w.sync_mut().set_roster(&signed, &roster)?;
    Ok(roster)
}

/// Adds a member's card to the roster (the coordinator only). The organisation is a financier
/// of the register, by name or id: `organisation`, or else the name the card gives. A device
/// already on the roster gets its new keys and name.
pub fn add_member(
    store: &mut Store,
    actor: &Actor,
    card_text: &str,
    organisation: Option<&str>,
) -> Result<MemberAdded> {
    let card = MemberCard::from_text(card_text)?;
    store.transact(actor, |w| {
        let (me, mut roster) = coordinator_in(w)?;
        if card.device_id == me.device_id {
            return Err(Error::sync(Refusal::BadCard {
                detail: "this is the coordinator's own card".into(),
            }));
        }
        let reference = organisation
            .map(str::to_string)
            .unwrap_or_else(|| card.organisation.clone());
        let financier = crate::service::outcomes::resolve_financier(w, "org", &reference)?;
        roster.members.retain(|m| m.device_id != card.device_id);
        roster.members.push(RosterMember {
            device_id: card.device_id.clone(),
            person: card.person.clone(),
            organisation: financier.id.clone(),
            organisation_name: financier.name.clone(),
            role: Role::Member,
            keys: card.keys.clone(),
        });
        let roster = issue(w, &me, roster, None)?;
        let fingerprint = card.keys.fingerprint();
        Ok(MemberAdded {
            member: MemberView {
                device_id: card.device_id.clone(),
                person: card.person.clone(),
                organisation: financier.id.clone(),
                organisation_name: financier.name.clone(),
                role: Role::Member,
                fingerprint: fingerprint.clone(),
                last_bundle_at: None,
                unacknowledged: 0,
                is_self: false,
            },
            fingerprint,
            roster_version: roster.version,
        })
    })
}

/// Removes a device from the roster (the coordinator only), by device id or person. From this
/// roster on, bundles written under an older roster are refused, and nothing new is encrypted
/// to the removed device; what it received before stays on its laptop.
pub fn remove_member(store: &mut Store, actor: &Actor, reference: &str) -> Result<RosterView> {
    store.transact(actor, |w| {
        let (me, mut roster) = coordinator_in(w)?;
        let before = roster.members.len();
        roster.members.retain(|m| {
            m.role == Role::Coordinator
                || (m.device_id != reference && !m.person.eq_ignore_ascii_case(reference))
        });
        if roster.members.len() == before {
            return Err(Error::sync(Refusal::UnknownMember {
                reference: reference.to_string(),
            }));
        }
        let next = roster.version + 1;
        issue(w, &me, roster, Some(next))?;
        Ok(())
    })?;
    roster(store)?.ok_or_else(|| Error::sync(Refusal::CoordinatorOnly))
}

/// Puts the table hub's address (without login or password; `None` takes it out) in a new
/// roster version, so members' Tafels know it after their next sync and join it with only
/// their own login (the coordinator only). The same address again issues nothing.
pub fn set_hub_address(store: &mut Store, actor: &Actor, address: Option<&str>) -> Result<u64> {
    let address = address.map(str::trim).filter(|a| !a.is_empty());
    if let Some(a) = address {
        let rest = a.split_once("://").map(|(_, r)| r).unwrap_or(a);
        if rest
            .split('/')
            .next()
            .is_some_and(|host| host.contains('@'))
        {
            return Err(Error::invalid(
                "hub",
                "hub_login_in_address",
                "Het adres van de hub op de ledenlijst mag geen gebruiker of wachtwoord bevatten.",
                "The hub's address on the roster must not contain a user or password.",
            ));
        }
    }
    store.transact(actor, |w| {
        let (me, mut roster) = coordinator_in(w)?;
        if roster.hub.as_deref() == address {
            return Ok(roster.version);
        }
        roster.hub = address.map(str::to_string);
        Ok(issue(w, &me, roster, None)?.version)
    })
}
