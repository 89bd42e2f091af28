//! The financier register: financiers, their contacts and instruments.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::companies::{bad_value, to_json};
use super::sql::{all_rows, one_row};
use super::{Writer, diff, new_id};
use crate::domain::*;
use crate::error::{Error, Result};

fn json_list<T>(
    row: &Row<'_>,
    index: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<Vec<T>> {
    let text: String = row.get(index)?;
    let ids: Vec<String> = serde_json::from_str(&text).map_err(|_| bad_value(index, &text))?;
    ids.iter()
        .map(|id| parse(id).ok_or_else(|| bad_value(index, id)))
        .collect()
}

fn ids_json<T: std::fmt::Display>(values: &[T]) -> String {
    serde_json::Value::Array(
        values
            .iter()
            .map(|v| serde_json::Value::String(v.to_string()))
            .collect(),
    )
    .to_string()
}

fn list_mode(row: &Row<'_>, index: usize) -> rusqlite::Result<ListMode> {
    let text: String = row.get(index)?;
    ListMode::from_id(&text).ok_or_else(|| bad_value(index, &text))
}

const INSTRUMENT_COLUMNS: &str = "id, financier_id, name, capital_types, ticket_min_cents, ticket_max_cents, stages, sectors, regions,
     rules, source_url, verified_on, uncertainty, structured_rules, sector_mode, stage_mode, rules_en, uncertainty_en";

fn instrument_from_row(row: &Row<'_>) -> rusqlite::Result<Instrument> {
    Ok(Instrument {
        id: row.get(0)?,
        financier_id: row.get(1)?,
        name: row.get(2)?,
        capital_types: json_list(row, 3, CapitalType::from_id)?,
        ticket_min_cents: row.get(4)?,
        ticket_max_cents: row.get(5)?,
        stages: json_list(row, 6, Stage::from_id)?,
        sectors: json_list(row, 7, Sector::from_id)?,
        regions: json_list(row, 8, Region::from_id)?,
        rules: row.get(9)?,
        source_url: row.get(10)?,
        verified_on: row.get(11)?,
        uncertainty: row.get(12)?,
        rules_en: row.get(16)?,
        uncertainty_en: row.get(17)?,
        structured_rules: {
            let text: String = row.get(13)?;
            serde_json::from_str(&text).map_err(|_| bad_value(13, &text))?
        },
        sector_mode: list_mode(row, 14)?,
        stage_mode: list_mode(row, 15)?,
    })
}

/// Verification counts as stale after this many days.
pub const STALE_AFTER_DAYS: i64 = 365;

/// Read handle on the register.
pub struct Financiers<'c> {
    conn: &'c Connection,
}

impl<'c> Financiers<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Financiers { conn }
    }

    /// A financier with its contacts and instruments.
    pub fn get(&self, id: &str) -> Result<Financier> {
        let head = self
            .conn
            .query_row(
                "SELECT id, name, financier_type, regions, website, notes FROM financiers WHERE id = ?1 AND deleted_at IS NULL",
                [id],
                |row| {
                    let kind: String = row.get(2)?;
                    Ok(Financier {
                        id: row.get(0)?,
                        name: row.get(1)?,
                        financier_type: FinancierType::from_id(&kind).ok_or_else(|| bad_value(2, &kind))?,
                        regions: json_list(row, 3, Region::from_id)?,
                        website: row.get(4)?,
                        notes: row.get(5)?,
                        contacts: Vec::new(),
                        instruments: Vec::new(),
                    })
                },
            )
            .optional()?;
        let mut financier = head.ok_or_else(|| Error::NotFound {
            entity: "financier",
            id: id.to_string(),
        })?;
        financier.contacts = all_rows(
            self.conn,
            &format!(
                "SELECT {CONTACT_COLUMNS} FROM financier_contacts WHERE financier_id = ?1
                 ORDER BY erased_at IS NOT NULL, name"
            ),
            [id],
            contact_from_row,
        )?;
        financier.instruments = all_rows(
            self.conn,
            &format!(
                "SELECT {INSTRUMENT_COLUMNS} FROM instruments WHERE financier_id = ?1 AND deleted_at IS NULL ORDER BY name"
            ),
            [id],
            instrument_from_row,
        )?;
        Ok(financier)
    }

    /// A financier's id by its exact name.
    pub fn id_by_name(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM financiers WHERE name = ?1 AND deleted_at IS NULL",
                [name],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The financier a contact person works for (by the contact's id).
    pub fn financier_of_contact(&self, contact_id: &str) -> Result<String> {
        one_row(
            self.conn,
            "SELECT financier_id FROM financier_contacts WHERE id = ?1",
            [contact_id],
            |r| r.get(0),
            "contact",
            contact_id,
        )
    }

    /// Financiers a typed reference may mean: the one with this id, else those with this
    /// name (any case), else those whose name contains it. Each as (id, name).
    pub fn find(&self, reference: &str) -> Result<Vec<(String, String)>> {
        let text = reference.trim();
        for sql in [
            "SELECT id, name FROM financiers WHERE id = ?1 AND deleted_at IS NULL",
            "SELECT id, name FROM financiers WHERE name = ?1 COLLATE NOCASE AND deleted_at IS NULL ORDER BY name",
            "SELECT id, name FROM financiers WHERE instr(lower(name), lower(?1)) > 0 AND deleted_at IS NULL ORDER BY name",
        ] {
            let found: Vec<(String, String)> =
                all_rows(self.conn, sql, [text], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if !found.is_empty() {
                return Ok(found);
            }
        }
        Ok(Vec::new())
    }

    /// Every instrument in the register (for matching).
    pub fn instruments(&self) -> Result<Vec<Instrument>> {
        all_rows(
            self.conn,
            &format!(
                "SELECT {INSTRUMENT_COLUMNS} FROM instruments
                 WHERE deleted_at IS NULL AND financier_id IN (SELECT id FROM financiers WHERE deleted_at IS NULL) ORDER BY name"
            ),
            [],
            instrument_from_row,
        )
    }

    /// The register as list rows, by name; verification judged against `today`.
    pub fn list(&self, today: NaiveDate) -> Result<Vec<FinancierSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, financier_type, regions FROM financiers WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE",
        )?;
        let heads = stmt
            .query_map([], |row| {
                let kind: String = row.get(2)?;
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    FinancierType::from_id(&kind).ok_or_else(|| bad_value(2, &kind))?,
                    json_list(row, 3, Region::from_id)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let instruments = self.instruments()?;
        Ok(heads
            .into_iter()
            .map(|(id, name, financier_type, regions)| {
                let own: Vec<&Instrument> = instruments
                    .iter()
                    .filter(|i| i.financier_id == id)
                    .collect();
                let mut capital_types: Vec<CapitalType> = own
                    .iter()
                    .flat_map(|i| i.capital_types.iter().copied())
                    .collect();
                capital_types.sort();
                capital_types.dedup();
                let never_verified = own.iter().any(|i| i.verified_on.is_none());
                let verified_on = if never_verified {
                    None
                } else {
                    own.iter().filter_map(|i| i.verified_on).min()
                };
                let stale = verified_on.is_none_or(|d| (today - d).num_days() > STALE_AFTER_DAYS);
                FinancierSummary {
                    id,
                    name,
                    financier_type,
                    regions,
                    capital_types,
                    instrument_count: own.len() as u32,
                    verified_on,
                    uncertain: own.iter().any(|i| i.uncertainty.is_some()),
                    stale,
                }
            })
            .collect())
    }

    /// Financiers whose name contains every typed word (case-insensitive), by name.
    pub fn search(&self, text: &str, limit: u32) -> Result<Vec<(String, String, FinancierType)>> {
        let words: Vec<String> = text.split_whitespace().map(|w| w.to_lowercase()).collect();
        let mut stmt =
            self.conn.prepare_cached("SELECT id, name, financier_type FROM financiers WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE")?;
        let rows = stmt.query_map([], |row| {
            let kind: String = row.get(2)?;
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                FinancierType::from_id(&kind).ok_or_else(|| bad_value(2, &kind))?,
            ))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (id, name, kind) = row?;
            let lower = name.to_lowercase();
            if words.iter().all(|w| lower.contains(w.as_str())) {
                hits.push((id, name, kind));
                if hits.len() as u32 >= limit {
                    break;
                }
            }
        }
        Ok(hits)
    }

    /// Number of financiers.
    pub fn count(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM financiers WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?)
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    /// A new row.
    Created,
    /// An existing row changed.
    Updated,
    /// An existing row was already like this.
    Unchanged,
}

/// Write handle on the register.
pub struct FinanciersMut<'w> {
    w: &'w Writer<'w>,
}

/// The financier's own fields, as the change log records them.
#[derive(serde::Serialize)]
struct FinancierFields<'a> {
    name: &'a str,
    financier_type: FinancierType,
    regions: &'a [Region],
    website: Option<&'a str>,
    notes: Option<&'a str>,
}

/// A stored financier and a new one give their own fields alike, so a change compares the two.
macro_rules! financier_fields_from {
    ($($source:ty),+) => {$(
        impl<'a> From<&'a $source> for FinancierFields<'a> {
            fn from(f: &'a $source) -> Self {
                FinancierFields {
                    name: &f.name,
                    financier_type: f.financier_type,
                    regions: &f.regions,
                    website: f.website.as_deref(),
                    notes: f.notes.as_deref(),
                }
            }
        }
    )+};
}

financier_fields_from!(Financier, NewFinancier);

fn is_empty(changes: &serde_json::Value) -> bool {
    changes.as_object().is_some_and(|m| m.is_empty())
}

fn name_taken(name: &str) -> Error {
    Error::Conflict {
        code: "financier_name_taken",
        message_nl: format!("Er staat al een financier \"{name}\" in het register."),
        message_en: format!("The register already holds a financier \"{name}\"."),
    }
}

impl<'w> FinanciersMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        FinanciersMut { w }
    }

    fn read(&self) -> Financiers<'_> {
        Financiers::new(self.w.conn())
    }

    /// Adds a financier to the register.
    pub fn create(&self, financier: &NewFinancier) -> Result<Financier> {
        if self.read().id_by_name(&financier.name)?.is_some() {
            return Err(name_taken(&financier.name));
        }
        let id = new_id();
        self.w.conn().execute(
            "INSERT INTO financiers (id, name, financier_type, regions, website, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![id, financier.name, financier.financier_type.id(), ids_json(&financier.regions), financier.website, financier.notes, self.w.now()],
        )?;
        self.w.log(
            "financier",
            &id,
            "create",
            &diff(
                &serde_json::Value::Null,
                &to_json(&FinancierFields::from(financier))?,
            ),
        )?;
        self.read().get(&id)
    }

    /// Replaces a financier's own fields (not its instruments or contacts).
    pub fn update(&self, id: &str, financier: &NewFinancier) -> Result<Financier> {
        let before = self.read().get(id)?;
        if let Some(other) = self.read().id_by_name(&financier.name)?
            && other != id
        {
            return Err(name_taken(&financier.name));
        }
        let changes = diff(
            &to_json(&FinancierFields::from(&before))?,
            &to_json(&FinancierFields::from(financier))?,
        );
        if !is_empty(&changes) {
            self.w.conn().execute(
                "UPDATE financiers SET name = ?2, financier_type = ?3, regions = ?4, website = ?5, notes = ?6, updated_at = ?7 WHERE id = ?1",
                params![id, financier.name, financier.financier_type.id(), ids_json(&financier.regions), financier.website, financier.notes, self.w.now()],
            )?;
            self.w.log("financier", id, "update", &changes)?;
        }
        self.read().get(id)
    }

    /// Removes a financier from the register (soft: history and old references stay).
    pub fn delete(&self, id: &str) -> Result<Financier> {
        let financier = self.read().get(id)?;
        self.w.conn().execute(
            "UPDATE financiers SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![id, self.w.now()],
        )?;
        self.w.log(
            "financier",
            id,
            "delete",
            &serde_json::json!({ "deleted_at": [null, self.w.now()] }),
        )?;
        Ok(financier)
    }

    /// Creates the financier of an imported row, or updates its type and regions
    /// (its website and notes are the register's own and stay); returns its id.
    pub fn upsert_financier(&self, financier: &NewFinancier) -> Result<(String, Upserted)> {
        match self.read().id_by_name(&financier.name)? {
            None => Ok((self.create(financier)?.id, Upserted::Created)),
            Some(id) => {
                let before = self.read().get(&id)?;
                let merged = NewFinancier {
                    website: before.website.clone(),
                    notes: before.notes.clone(),
                    ..financier.clone()
                };
                let changes = diff(
                    &to_json(&FinancierFields::from(&before))?,
                    &to_json(&FinancierFields::from(&merged))?,
                );
                if is_empty(&changes) {
                    return Ok((id, Upserted::Unchanged));
                }
                self.update(&id, &merged)?;
                Ok((id, Upserted::Updated))
            }
        }
    }

    /// The instrument with this id (not deleted).
    pub fn instrument(&self, id: &str) -> Result<Instrument> {
        one_row(
            self.w.conn(),
            &format!(
                "SELECT {INSTRUMENT_COLUMNS} FROM instruments WHERE id = ?1 AND deleted_at IS NULL"
            ),
            [id],
            instrument_from_row,
            "instrument",
            id,
        )
    }

    fn instrument_id_by_name(&self, financier_id: &str, name: &str) -> Result<Option<String>> {
        Ok(self
            .w
            .conn()
            .query_row(
                "SELECT id FROM instruments WHERE financier_id = ?1 AND name = ?2 AND deleted_at IS NULL",
                params![financier_id, name],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Writes an instrument row (insert or full update) and logs the difference.
    fn write_instrument(
        &self,
        id: &str,
        financier_id: &str,
        new: &NewInstrument,
        before: Option<&Instrument>,
    ) -> Result<(Instrument, Upserted)> {
        let after = Instrument {
            id: id.to_string(),
            financier_id: financier_id.to_string(),
            name: new.name.clone(),
            capital_types: new.capital_types.clone(),
            ticket_min_cents: new.ticket_min_cents,
            ticket_max_cents: new.ticket_max_cents,
            stages: new.stages.clone(),
            sectors: new.sectors.clone(),
            sector_mode: new
                .sector_mode
                .or(before.map(|b| b.sector_mode))
                .unwrap_or_default(),
            stage_mode: new
                .stage_mode
                .or(before.map(|b| b.stage_mode))
                .unwrap_or_default(),
            regions: new.regions.clone(),
            rules: new.rules.clone(),
            rules_en: new.rules_en.clone(),
            source_url: new.source_url.clone(),
            verified_on: new.verified_on,
            uncertainty: new.uncertainty.clone(),
            uncertainty_en: new.uncertainty_en.clone(),
            structured_rules: match &new.structured_rules {
                Some(rules) => rules.clone(),
                None => before
                    .map(|b| b.structured_rules.clone())
                    .unwrap_or_default(),
            },
        };
        let changes = diff(
            &before.map(to_json).transpose()?.unwrap_or_default(),
            &to_json(&after)?,
        );
        if before.is_some() && is_empty(&changes) {
            return Ok((after, Upserted::Unchanged));
        }
        self.w.conn().execute(
            "INSERT INTO instruments (id, financier_id, name, capital_types, ticket_min_cents, ticket_max_cents, stages, sectors,
                 regions, rules, source_url, verified_on, uncertainty, structured_rules, sector_mode, stage_mode, created_at, updated_at,
                 rules_en, uncertainty_en)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?15, ?16, ?17, ?14, ?14, ?18, ?19)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, capital_types = excluded.capital_types,
                 ticket_min_cents = excluded.ticket_min_cents, ticket_max_cents = excluded.ticket_max_cents, stages = excluded.stages,
                 sectors = excluded.sectors, regions = excluded.regions, rules = excluded.rules, source_url = excluded.source_url,
                 verified_on = excluded.verified_on, uncertainty = excluded.uncertainty,
                 rules_en = excluded.rules_en, uncertainty_en = excluded.uncertainty_en,
                 structured_rules = excluded.structured_rules, sector_mode = excluded.sector_mode,
                 stage_mode = excluded.stage_mode, updated_at = excluded.updated_at",
            params![
                after.id,
                after.financier_id,
                after.name,
                ids_json(&after.capital_types),
                after.ticket_min_cents,
                after.ticket_max_cents,
                ids_json(&after.stages),
                ids_json(&after.sectors),
                ids_json(&after.regions),
                after.rules,
                after.source_url,
                after.verified_on,
                after.uncertainty,
                self.w.now(),
                to_json(&after.structured_rules)?.to_string(),
                after.sector_mode.id(),
                after.stage_mode.id(),
                after.rules_en,
                after.uncertainty_en
            ],
        )?;
        self.w.log(
            "instrument",
            id,
            if before.is_some() { "update" } else { "create" },
            &changes,
        )?;
        Ok((
            after,
            if before.is_some() {
                Upserted::Updated
            } else {
                Upserted::Created
            },
        ))
    }

    fn instrument_name_taken(name: &str) -> Error {
        Error::Conflict {
            code: "instrument_name_taken",
            message_nl: format!("Deze financier heeft al een instrument \"{name}\"."),
            message_en: format!("This financier already has an instrument \"{name}\"."),
        }
    }

    /// Adds an instrument to a financier.
    pub fn create_instrument(&self, financier_id: &str, new: &NewInstrument) -> Result<Instrument> {
        self.read().get(financier_id)?;
        if self
            .instrument_id_by_name(financier_id, &new.name)?
            .is_some()
        {
            return Err(Self::instrument_name_taken(&new.name));
        }
        Ok(self.write_instrument(&new_id(), financier_id, new, None)?.0)
    }

    /// Replaces an instrument's fields.
    pub fn update_instrument(&self, id: &str, new: &NewInstrument) -> Result<Instrument> {
        let before = self.instrument(id)?;
        if let Some(other) = self.instrument_id_by_name(&before.financier_id, &new.name)?
            && other != id
        {
            return Err(Self::instrument_name_taken(&new.name));
        }
        Ok(self
            .write_instrument(id, &before.financier_id.clone(), new, Some(&before))?
            .0)
    }

    /// Removes an instrument (soft).
    pub fn delete_instrument(&self, id: &str) -> Result<Instrument> {
        let instrument = self.instrument(id)?;
        self.w.conn().execute(
            "UPDATE instruments SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![id, self.w.now()],
        )?;
        self.w.log(
            "instrument",
            id,
            "delete",
            &serde_json::json!({ "deleted_at": [null, self.w.now()] }),
        )?;
        Ok(instrument)
    }

    /// Creates or updates the instrument of an imported row (matched on financier and name).
    pub fn upsert_instrument(
        &self,
        financier_id: &str,
        new: &NewInstrument,
    ) -> Result<(String, Upserted)> {
        let before = match self.instrument_id_by_name(financier_id, &new.name)? {
            Some(id) => Some(self.instrument(&id)?),
            None => None,
        };
        let id = before.as_ref().map(|b| b.id.clone()).unwrap_or_else(new_id);
        let (_, outcome) = self.write_instrument(&id, financier_id, new, before.as_ref())?;
        Ok((id, outcome))
    }

    fn contact(&self, id: &str) -> Result<Contact> {
        one_row(
            self.w.conn(),
            &format!("SELECT {CONTACT_COLUMNS} FROM financier_contacts WHERE id = ?1"),
            [id],
            contact_from_row,
            "contact",
            id,
        )
    }

    /// Adds a contact person to a financier.
    pub fn create_contact(&self, financier_id: &str, new: &NewContact) -> Result<Contact> {
        self.read().get(financier_id)?;
        let id = new_id();
        self.w.conn().execute(
            "INSERT INTO financier_contacts (id, financier_id, name, role, email, phone, signed_pledge, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![id, financier_id, new.name, new.role, new.email, new.phone, new.signed_pledge, self.w.now()],
        )?;
        let contact = self.contact(&id)?;
        let mut fields = to_json(&contact)?;
        if let Some(map) = fields.as_object_mut() {
            map.insert("financier_id".into(), financier_id.into());
        }
        self.w.log(
            "contact",
            &id,
            "create",
            &diff(&serde_json::Value::Null, &fields),
        )?;
        Ok(contact)
    }

    /// Replaces a contact's fields.
    pub fn update_contact(&self, id: &str, new: &NewContact) -> Result<Contact> {
        let before = self.contact(id)?;
        self.w.conn().execute(
            "UPDATE financier_contacts SET name = ?2, role = ?3, email = ?4, phone = ?5, signed_pledge = ?6, updated_at = ?7 WHERE id = ?1",
            params![id, new.name, new.role, new.email, new.phone, new.signed_pledge, self.w.now()],
        )?;
        let after = self.contact(id)?;
        let changes = diff(&to_json(&before)?, &to_json(&after)?);
        if !is_empty(&changes) {
            self.w.log("contact", id, "update", &changes)?;
        }
        Ok(after)
    }

    /// Removes a contact; the change log keeps what it was.
    pub fn delete_contact(&self, id: &str) -> Result<Contact> {
        let contact = self.contact(id)?;
        self.w
            .conn()
            .execute("DELETE FROM financier_contacts WHERE id = ?1", [id])?;
        self.w.log(
            "contact",
            id,
            "delete",
            &diff(&to_json(&contact)?, &serde_json::Value::Null),
        )?;
        Ok(contact)
    }
}

const CONTACT_COLUMNS: &str = "id, name, role, email, phone, signed_pledge, erased_at";

fn contact_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: row.get(0)?,
        name: row.get(1)?,
        role: row.get(2)?,
        email: row.get(3)?,
        phone: row.get(4)?,
        signed_pledge: row.get(5)?,
        erased_at: row.get(6)?,
    })
}
