//! Two tables exchanging a referred case through the hub (`tafel exchange`). Each coordinator
//! hands the other its table card (compared by fingerprint over the phone) and links the other
//! table here, as a financier of its register (so a referral and a consent can name it); the
//! hub's administrator links the two tables on the hub (`tafel hub link-table`). Referring a
//! case to the other table records the referral and seals the case, as this table may show it,
//! to the other table's coordinator: anonymised (the one-pager) unless the entrepreneur's
//! consent covers that table on the day, then with the named details. The other coordinator's
//! next exchange sync finds it in its inbox with its origin, and accepts it into its case log.
//!
//! Only the two coordinators read the exchange channel (row-level security on the hub; the
//! envelope is encrypted to the other coordinator's device alone); members of neither table see
//! it, and the hub holds only ciphertext.

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use ts_rs::TS;

use super::hub::{coordinator_roster, url_setting};
use crate::domain::{Actor, CaseDraft, FinancierDraft};
use crate::error::{Error, Result};
use crate::hub::exchange::{self as hub_exchange, Wanted};
use crate::store::{Partner, Setting, Store};
use crate::sync::exchange::{Referral, TableCard, exchange_channel};
use crate::sync::{
    COORDINATOR_ORG, EnvelopeHeader, FORMAT_VERSION, Refusal, SealedEnvelope, project,
};

/// Another table, as this coordinator sees it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PartnerView {
    /// Its id.
    pub table_id: String,
    /// Its name.
    pub table_name: String,
    /// The financier of the register that stands for it.
    pub financier_id: String,
    /// Its coordinator.
    pub person: String,
    /// The coordinator device's fingerprint, to compare over the phone.
    pub fingerprint: String,
}

/// A referral sent to another table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentReferral {
    /// The other table's name.
    pub to_table: String,
    /// With the named details (the consent covers that table), or anonymised.
    pub named: bool,
    /// The hub holds it already (else the next exchange sync pushes it).
    pub pushed: bool,
}

/// A referral received from another table.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct InboxItem {
    /// Its number here (to accept it).
    #[ts(type = "number")]
    pub id: i64,
    /// The table it came from.
    pub from_table_name: String,
    /// The coordinator who referred it.
    pub referred_by: String,
    /// The case's number at that table.
    pub case_number: Option<String>,
    /// Why.
    pub reason: String,
    /// When.
    pub referred_on: NaiveDate,
    /// The company's name, when the consent covers this table; `None`: anonymised.
    pub company_name: Option<String>,
    /// Its KvK number, likewise.
    pub kvk: Option<String>,
    /// The one-pager's amount, in cents.
    #[ts(type = "number | null")]
    pub amount_cents: Option<i64>,
    /// The case logged here from it, once accepted.
    pub case_id: Option<String>,
    /// What it said of its company was erased (`tafel erase referral`, or with its company).
    pub erased: bool,
}

/// What an exchange sync did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExchangeReport {
    /// Referrals pushed to the hub.
    pub pushed: usize,
    /// Referrals received.
    pub received: usize,
    /// Envelopes refused (and why), not kept.
    pub refused: Vec<String>,
}

fn view(p: &Partner) -> PartnerView {
    PartnerView {
        table_id: p.table_id.clone(),
        table_name: p.table_name.clone(),
        financier_id: p.financier_id.clone(),
        person: p.person.clone(),
        fingerprint: p.keys.fingerprint(),
    }
}

/// This table's card for another table's coordinator: the table and this coordinator
/// device's public keys, signed by it and dated `now`.
pub fn table_card(store: &Store, now: DateTime<Utc>) -> Result<String> {
    let roster = coordinator_roster(store)?;
    let me = store
        .sync()
        .identity()?
        .ok_or_else(|| Error::sync(Refusal::NoIdentity))?;
    TableCard {
        v: 1,
        table_id: roster.table_id.clone(),
        table_name: roster.table_name.clone(),
        device_id: me.device_id.clone(),
        person: me.person.clone(),
        keys: me.keys.public(),
        created_at: now.to_rfc3339_opts(SecondsFormat::Millis, true),
    }
    .to_text(&me.keys)
}

/// Links another table from its card (after comparing the returned fingerprint over the
/// phone): it is kept with its coordinator's keys, and stands in the register as a financier
/// of type "another financing table" (made when the register has none by its name).
pub fn link(store: &mut Store, actor: &Actor, card_text: &str) -> Result<PartnerView> {
    let roster = coordinator_roster(store)?;
    let card = TableCard::from_text(card_text)?;
    if card.table_id == roster.table_id {
        return Err(Error::invalid(
            "card",
            "exchange_own_table",
            "Dit is de kaart van deze tafel zelf; vraag de coördinator van de andere tafel om zijn tafelkaart.",
            "This is this table's own card; ask the other table's coordinator for its table card.",
        ));
    }
    let financier_id = match store.financiers().id_by_name(&card.table_name)? {
        Some(id) => id,
        None => {
            let draft = FinancierDraft {
                name: Some(card.table_name.clone()),
                financier_type: Some("financing_table".into()),
                regions: vec!["NL".into()],
                website: None,
                notes: Some(format!("Financieringstafel (tafel-id {})", card.table_id)),
            };
            crate::service::register::create_financier(store, actor, &draft)?.id
        }
    };
    let partner = Partner {
        table_id: card.table_id,
        table_name: card.table_name,
        financier_id,
        device_id: card.device_id,
        person: card.person,
        keys: card.keys,
        linked_at: actor.at.now_rfc3339(),
    };
    store.transact(actor, |w| w.exchange_mut().put_partner(&partner))?;
    Ok(view(&partner))
}

/// The other tables this coordinator exchanges with.
pub fn partners(store: &Store) -> Result<Vec<PartnerView>> {
    Ok(store.exchange().partners()?.iter().map(view).collect())
}

fn partner_by(store: &Store, reference: &str) -> Result<Partner> {
    let wanted = reference.trim().to_lowercase();
    store
        .exchange()
        .partners()?
        .into_iter()
        .find(|p| p.table_id.to_lowercase() == wanted || p.table_name.to_lowercase() == wanted)
        .ok_or_else(|| {
            Error::invalid(
                "table",
                "exchange_unknown_table",
                format!("Geen gekoppelde tafel \"{reference}\": koppel hem eerst met zijn tafelkaart (tafel exchange link)."),
                format!("No linked table \"{reference}\": link it first with its table card (tafel exchange link)."),
            )
        })
}

fn fields(projected: project::Projected) -> std::collections::BTreeMap<String, Value> {
    projected
        .fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// Refers a case to another table: records the referral (to the financier that stands for
/// it) and seals the case for that table's coordinator — the anonymised one-pager, with the
/// named details only when the entrepreneur's consent covers that table today — then pushes it
/// to the hub (when the hub cannot be reached, the next exchange sync does).
pub fn refer(
    store: &mut Store,
    actor: &Actor,
    case_id: &str,
    table: &str,
    reason: &str,
    today: NaiveDate,
) -> Result<SentReferral> {
    let roster = coordinator_roster(store)?;
    let partner = partner_by(store, table)?;
    let case = store.cases().get(case_id)?;
    if !project::goes_to_table(&case) {
        return Err(Error::invalid(
            "case",
            "exchange_not_screened",
            "Een casus gaat pas naar een andere tafel na de screening (status gereed of later).",
            "A case goes to another table only after screening (status ready or later).",
        ));
    }
    let named = project::named_access(&case, &partner.financier_id, today).is_some();
    let draft = crate::domain::ReferralDraft {
        from: None,
        to: partner.financier_id.clone(),
        reason: reason.to_string(),
        basis: Some(if named { "named_consent" } else { "anonymised" }.into()),
        on_date: Some(today.to_string()),
    };
    crate::service::outcomes::refer_case(store, actor, &case.id, &draft, today)?;
    let channel = exchange_channel(&roster.table_id, &partner.table_id);
    store.transact(actor, |w| {
        let me = super::identity_in(w)?;
        let seq = w.exchange().last_sent(&channel)? + 1;
        let hlc = me.hlc.tick(super::millis_of(w.now()));
        w.sync_mut().set_hlc(&hlc)?;
        let header = EnvelopeHeader {
            v: FORMAT_VERSION,
            table_id: roster.table_id.clone(),
            channel: channel.clone(),
            sender_device: me.device_id.clone(),
            sender_org: COORDINATOR_ORG.into(),
            seq,
            roster_version: roster.version,
            hlc_max: hlc,
        };
        let body = Referral {
            channel: channel.clone(),
            sender_device: me.device_id.clone(),
            seq,
            author: me.person.clone(),
            from_table_id: roster.table_id.clone(),
            from_table_name: roster.table_name.clone(),
            case_id: case.id.clone(),
            reason: reason.to_string(),
            referred_on: today,
            case: fields(project::case_one_pager(&case, today.year())),
            named: named.then(|| fields(project::case_named(&case))),
        };
        let sealed = SealedEnvelope::seal(&header, &body, &[partner.keys.recipient()?], &me.keys)?;
        w.exchange_mut()
            .add_sent(&channel, seq, &partner.table_id, &case.id, named, &sealed)
    })?;
    let pushed = push(store, actor).is_ok();
    Ok(SentReferral {
        to_table: partner.table_name,
        named,
        pushed,
    })
}

fn hub_url(store: &Store) -> Result<crate::hub::HubUrl> {
    url_setting(store, Setting::HubUrl)?.ok_or_else(|| {
        Error::invalid(
            "hub",
            "exchange_no_hub",
            "Tafels wisselen uit via de hub: sluit eerst aan bij een hub (tafel hub init of tafel hub join).",
            "Tables exchange through the hub: join a hub first (tafel hub init or tafel hub join).",
        )
    })
}

fn push(store: &mut Store, actor: &Actor) -> Result<usize> {
    let waiting = store.exchange().unpushed()?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let url = hub_url(store)?;
    let envelopes: Vec<SealedEnvelope> = waiting.iter().map(|(_, _, e)| e.clone()).collect();
    hub_exchange::push(&url, &envelopes)?;
    let keys: Vec<(String, u64)> = waiting.into_iter().map(|(c, s, _)| (c, s)).collect();
    store.transact(actor, |w| w.exchange_mut().mark_pushed(&keys))?;
    Ok(keys.len())
}

/// Checks one pulled envelope against the partner's card and opens it: `Ok(None)` when it was
/// not sealed for this device.
fn open_referral(
    partner: &Partner,
    channel: &str,
    envelope: &SealedEnvelope,
    me: &crate::store::StoredIdentity,
) -> Result<Option<(u64, Referral)>> {
    let header = envelope.header()?;
    let foreign = header.table_id != partner.table_id
        || header.channel != channel
        || header.sender_device != partner.device_id;
    if foreign || !envelope.verify(&partner.keys) {
        return Err(Error::sync(Refusal::Tampered {
            what: format!("een doorverwijzing van {}", partner.table_name),
        }));
    }
    let Some(referral) = envelope.open_as::<Referral>(&me.keys)? else {
        return Ok(None);
    };
    if referral.channel != header.channel
        || referral.sender_device != header.sender_device
        || referral.seq != header.seq
        || referral.from_table_id != header.table_id
    {
        return Err(Error::sync(Refusal::Tampered {
            what: format!("een doorverwijzing van {}", partner.table_name),
        }));
    }
    Ok(Some((header.seq, referral)))
}

/// Whether this device exchanges referrals with other tables: a coordinator linked with at
/// least one other table, on a hub. The table's ordinary sync then runs [`sync`] too.
pub fn exchanges(store: &Store) -> Result<bool> {
    Ok(!store.exchange().partners()?.is_empty() && url_setting(store, Setting::HubUrl)?.is_some())
}

/// What an exchange sync did, as a sentence to add to the table's sync summary (Dutch, English);
/// empty when nothing moved.
pub fn summary(report: &ExchangeReport) -> (String, String) {
    let mut nl = Vec::new();
    let mut en = Vec::new();
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    let moved = [
        (
            report.received,
            "van andere tafels ontvangen (zie Delen, of tafel exchange inbox)",
            "from other tables received (see Sharing, or tafel exchange inbox)",
        ),
        (
            report.pushed,
            "naar andere tafels verstuurd",
            "sent to other tables",
        ),
    ];
    for (count, nl_rest, en_rest) in moved.into_iter().filter(|(count, ..)| *count > 0) {
        nl.push(format!(
            "{} {nl_rest}",
            n(count, "doorverwijzing", "doorverwijzingen")
        ));
        en.push(format!("{} {en_rest}", n(count, "referral", "referrals")));
    }
    for refused in &report.refused {
        nl.push(format!("geweigerd: {refused}"));
        en.push(format!("refused: {refused}"));
    }
    (nl.join("; "), en.join("; "))
}

/// Pushes the referrals the hub does not hold yet and pulls the other tables' referrals for
/// this table into the inbox, each checked against its table's card; one that fails a check is
/// reported and not kept.
pub fn sync(store: &mut Store, actor: &Actor) -> Result<ExchangeReport> {
    let roster = coordinator_roster(store)?;
    let url = hub_url(store)?;
    let pushed = push(store, actor)?;
    let partners = store.exchange().partners()?;
    let mut wanted = Vec::new();
    for p in &partners {
        let channel = exchange_channel(&roster.table_id, &p.table_id);
        let after = store.exchange().received_up_to(&p.device_id, &channel)?;
        wanted.push(Wanted {
            table_id: p.table_id.clone(),
            channel,
            sender: p.device_id.clone(),
            after,
        });
    }
    let pulled = if wanted.is_empty() {
        Vec::new()
    } else {
        hub_exchange::pull(&url, &wanted)?
    };
    let mut refused = Vec::new();
    let received = store.transact(actor, |w| {
        let me = super::identity_in(w)?;
        let mut received = 0;
        for (table_id, envelope) in &pulled {
            let Some((partner, want)) = partners
                .iter()
                .zip(&wanted)
                .find(|(p, _)| &p.table_id == table_id)
            else {
                continue;
            };
            match open_referral(partner, &want.channel, envelope, &me) {
                Ok(Some((seq, referral))) => {
                    if w.exchange_mut().add_received(
                        &partner.table_id,
                        &partner.device_id,
                        &want.channel,
                        seq,
                        &referral,
                    )? {
                        received += 1;
                    }
                }
                Ok(None) => {}
                Err(e) => refused.push(e.message_nl()),
            }
        }
        Ok(received)
    })?;
    Ok(ExchangeReport {
        pushed,
        received,
        refused,
    })
}

fn text(map: Option<&std::collections::BTreeMap<String, Value>>, key: &str) -> Option<String> {
    map.and_then(|m| m.get(key))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// The referrals received from other tables, newest first.
pub fn inbox(store: &Store) -> Result<Vec<InboxItem>> {
    let partners = store.exchange().partners()?;
    Ok(store
        .exchange()
        .inbox()?
        .into_iter()
        .map(|r| {
            let named = r.referral.named.as_ref();
            InboxItem {
                id: r.id,
                from_table_name: partners
                    .iter()
                    .find(|p| p.table_id == r.from_table)
                    .map(|p| p.table_name.clone())
                    .unwrap_or(r.referral.from_table_name.clone()),
                referred_by: r.referral.author.clone(),
                case_number: text(Some(&r.referral.case), "case_number"),
                reason: r.referral.reason.clone(),
                referred_on: r.referral.referred_on,
                company_name: text(named, "company_name"),
                kvk: text(named, "kvk"),
                amount_cents: r.referral.case.get("amount_cents").and_then(Value::as_i64),
                case_id: r.case_id,
                erased: named.is_none() && r.referral.reason == crate::domain::erasure::ERASED,
            }
        })
        .collect())
}

/// The case a received referral becomes in this table's log: what the other table sent (named
/// when its consent covered this table), its origin as the referrer, the reason as a note.
fn draft_of(referral: &Referral) -> Result<CaseDraft> {
    let case = &referral.case;
    let named = referral.named.as_ref();
    let origin = format!(
        "{} (casus {})",
        referral.from_table_name,
        text(Some(case), "case_number").unwrap_or_default()
    );
    let get = |key: &str| {
        named
            .and_then(|n| n.get(key))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let company_name = text(named, "company_name")
        .unwrap_or_else(|| format!("Geanonimiseerd: doorverwezen door {origin}"));
    let cents = |v: Value| {
        v.as_i64()
            .map(|c| json!(c as f64 / 100.0))
            .unwrap_or(Value::Null)
    };
    let draft = json!({
        "company": {
            "name": company_name,
            "kvk": get("kvk"),
            "legal_form": get("legal_form"),
            "founding_year": get("founding_year"),
            "province": case.get("province").cloned().unwrap_or(Value::Null),
            "municipality": get("municipality"),
            "address": get("address"),
            "contact_name": get("contact_name"),
            "contact_email": get("contact_email"),
            "contact_phone": get("contact_phone"),
            "employees": get("employees"),
            "turnover_eur": cents(get("turnover_cents")),
            "equity_eur": cents(get("equity_cents")),
        },
        "amount_eur": cents(case.get("amount_cents").cloned().unwrap_or(Value::Null)),
        "purpose": case.get("purpose").cloned().unwrap_or(Value::Null),
        "stage": case.get("stage").cloned().unwrap_or(Value::Null),
        "sector": case.get("sector").cloned().unwrap_or(Value::Null),
        "capital_types": case.get("capital_types").cloned().unwrap_or(Value::Null),
        "sbi_code": get("sbi_code"),
        "earlier_declines": get("earlier_declines"),
        "referrer": origin,
        "source": "other",
        "notes": format!("Doorverwezen door {} ({}) op {}: {}", referral.author, referral.from_table_name, referral.referred_on, referral.reason),
    });
    serde_json::from_value(strip_nulls(draft)).map_err(|source| Error::Json {
        context: "referred case".into(),
        source,
    })
}

fn strip_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Logs a received referral as a case of this table (at intake, its origin as the referrer);
/// accepting one twice is refused.
pub fn accept(
    store: &mut Store,
    actor: &Actor,
    id: i64,
    today: NaiveDate,
) -> Result<crate::domain::Case> {
    coordinator_roster(store)?;
    let received = store.exchange().received(id)?.ok_or_else(|| {
        Error::invalid(
            "id",
            "exchange_unknown_referral",
            format!("Geen ontvangen doorverwijzing met nummer {id}."),
            format!("No received referral numbered {id}."),
        )
    })?;
    if received.case_id.is_some() {
        return Err(Error::invalid(
            "id",
            "exchange_already_accepted",
            "Deze doorverwijzing staat al in het casuslogboek.",
            "This referral is in the case log already.",
        ));
    }
    let new = draft_of(&received.referral)?
        .validate(today)
        .map_err(Error::Invalid)?;
    store.transact(actor, |w| {
        let case = crate::service::cases::add_validated(w, &new)?;
        w.exchange_mut().set_accepted(id, &case.id)?;
        Ok(case)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_what_moved_in_both_languages_and_says_nothing_when_nothing_did() {
        let report = |pushed, received, refused: &[&str]| ExchangeReport {
            pushed,
            received,
            refused: refused.iter().map(|r| r.to_string()).collect(),
        };
        assert_eq!(summary(&report(0, 0, &[])), (String::new(), String::new()));
        assert_eq!(
            summary(&report(1, 2, &["een doorverwijzing van Amsterdam"])),
            (
                "2 doorverwijzingen van andere tafels ontvangen (zie Delen, of tafel exchange inbox); \
                 1 doorverwijzing naar andere tafels verstuurd; geweigerd: een doorverwijzing van Amsterdam"
                    .to_string(),
                "2 referrals from other tables received (see Sharing, or tafel exchange inbox); \
                 1 referral sent to other tables; refused: een doorverwijzing van Amsterdam"
                    .to_string()
            )
        );
    }
}
