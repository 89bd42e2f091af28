//! The table's roster: which devices belong to it, for which organisation, in which role,
//! with which keys. Issued and signed by the coordinator; every bundle is checked against it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::identity::{DeviceKeys, PublicKeys, Role};
use super::refusal::Refusal;
use crate::error::{Error, Result};

/// The organisation id of the coordinator (members use their financier id in the register).
pub const COORDINATOR_ORG: &str = "coordinator";

const ROSTER_CONTEXT: &str = "tafel/roster/v1";

/// One device on the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RosterMember {
    /// The device's id.
    pub device_id: String,
    /// The person using it.
    pub person: String,
    /// `coordinator`, or the id of the member's financier in the coordinator's register.
    pub organisation: String,
    /// The organisation's name.
    pub organisation_name: String,
    /// Its role.
    pub role: Role,
    /// Its public keys.
    pub keys: PublicKeys,
}

impl RosterMember {
    /// "Person (organisation)", as refusals and the sharing screen name a device.
    pub fn label(&self) -> String {
        format!("{} ({})", self.person, self.organisation_name)
    }
}

/// A version of the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Roster {
    /// The format version.
    pub v: u32,
    /// The table's id.
    pub table_id: String,
    /// The table's name.
    pub table_name: String,
    /// This roster's version; each new roster counts one up.
    #[ts(type = "number")]
    pub version: u64,
    /// Bundles written under an older roster than this are refused (raised when a device is
    /// removed, so nothing written for it any more is accepted).
    #[ts(type = "number")]
    pub min_version: u64,
    /// When it was issued (RFC 3339).
    pub issued_at: String,
    /// The coordinator device that signed it.
    pub signed_by: String,
    /// The devices.
    pub members: Vec<RosterMember>,
    /// The table hub's address (`postgres://server:port/database?sslmode=…`), never a login or
    /// password: members join it with their own login (`tafel hub join --login`). Absent from
    /// the signed JSON when the table has no hub.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub hub: Option<String>,
}

impl Roster {
    /// The device with this id.
    pub fn device(&self, device_id: &str) -> Option<&RosterMember> {
        self.members.iter().find(|m| m.device_id == device_id)
    }

    /// The coordinator's devices.
    pub fn coordinators(&self) -> impl Iterator<Item = &RosterMember> {
        self.members.iter().filter(|m| m.role == Role::Coordinator)
    }

    /// The devices of one organisation.
    pub fn of_organisation<'a>(
        &'a self,
        organisation: &'a str,
    ) -> impl Iterator<Item = &'a RosterMember> + 'a {
        self.members
            .iter()
            .filter(move |m| m.organisation == organisation)
    }

    /// The member organisations (not the coordinator), each once, in roster order.
    pub fn member_organisations(&self) -> Vec<&str> {
        let mut orgs: Vec<&str> = Vec::new();
        for m in self.members.iter().filter(|m| m.role == Role::Member) {
            if !orgs.contains(&m.organisation.as_str()) {
                orgs.push(&m.organisation);
            }
        }
        orgs
    }

    /// The coordinator device's fingerprint that signed this roster.
    pub fn signer_fingerprint(&self) -> Option<String> {
        self.device(&self.signed_by).map(|m| m.keys.fingerprint())
    }
}

/// A roster with the coordinator's signature over its exact bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRoster {
    /// The roster's JSON, exactly as signed.
    pub bytes: Vec<u8>,
    /// Ed25519 signature of the device named in `signed_by`.
    pub signature: [u8; 64],
}

impl SignedRoster {
    /// Signs a roster with the coordinator device's keys.
    pub fn sign(roster: &Roster, keys: &DeviceKeys) -> Result<SignedRoster> {
        let bytes = serde_json::to_vec(roster).map_err(|e| Error::Json {
            context: "roster".into(),
            source: e,
        })?;
        let signature = keys.sign(ROSTER_CONTEXT, &bytes);
        Ok(SignedRoster { bytes, signature })
    }

    /// The roster inside, parsed but not yet verified.
    pub fn parse(&self) -> Result<Roster> {
        let value: serde_json::Value = serde_json::from_slice(&self.bytes).map_err(|_| {
            Error::sync(Refusal::NotABundle {
                detail: "the roster is not JSON".into(),
            })
        })?;
        let v = value.get("v").and_then(|v| v.as_u64()).unwrap_or(0);
        if v > 1 {
            return Err(Error::sync(Refusal::NewerFormat {
                what: "ledenlijst",
                found: v,
            }));
        }
        serde_json::from_value(value).map_err(|_| {
            Error::sync(Refusal::NotABundle {
                detail: "the roster lacks fields".into(),
            })
        })
    }

    /// Verifies the roster against the one held: signed by a coordinator device of the held
    /// roster (or, when none is held, by the coordinator device it names itself — the joining
    /// member compares that device's fingerprint), for the same table.
    pub fn verify(&self, held: Option<&Roster>) -> Result<Roster> {
        let roster = self.parse()?;
        if let Some(held) = held
            && held.table_id != roster.table_id
        {
            return Err(Error::sync(Refusal::ForeignTable {
                found: roster.table_name.clone(),
            }));
        }
        let signer_book = held.unwrap_or(&roster);
        let signer = signer_book
            .device(&roster.signed_by)
            .filter(|m| m.role == Role::Coordinator);
        let Some(signer) = signer else {
            return Err(Error::sync(Refusal::RosterNotSigned));
        };
        if !signer
            .keys
            .verify(ROSTER_CONTEXT, &self.bytes, &self.signature)
        {
            return Err(Error::sync(Refusal::Tampered {
                what: "de ledenlijst".into(),
            }));
        }
        if roster.min_version > roster.version || roster.coordinators().next().is_none() {
            return Err(Error::sync(Refusal::NotABundle {
                detail: "the roster's versions or coordinator are inconsistent".into(),
            }));
        }
        for m in &roster.members {
            m.keys.check()?;
        }
        Ok(roster)
    }
}
