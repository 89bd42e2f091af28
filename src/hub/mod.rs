//! The table hub on PostgreSQL: for tables whose members cannot share a folder, sync many times
//! a day, or exchange with other tables. It stores exactly the sealed envelopes of sharing
//! (`crate::sync`): the routing header in the clear, the body as the sender sealed it. It holds
//! no key: its operator sees who exchanges with whom and when, never a case.
//!
//! Access is PostgreSQL's own: one login role per member organisation, tables owned by a role
//! nobody logs in as, row-level security enabled and forced (an organisation reads only the
//! channels it is a member of, inserts only as itself, never updates or deletes).
//!
//! - [`url`]: a hub's address, TLS and connecting;
//! - [`schema`]: the versioned schema, the roles and the policies (`tafel hub init`), and keeping
//!   roles and channel membership in step with the roster;
//! - [`transport`]: the hub as a [`crate::sync::Transport`];
//! - [`exchange`]: two linked tables' coordinators exchanging referred cases.
//!
//! Layer: above `error` and `sync`; `service` uses it.

pub mod exchange;
pub mod schema;
pub mod transport;
pub mod url;

pub use schema::{HubMember, SCHEMA_VERSION};
pub use transport::HubTransport;
pub use url::HubUrl;

use crate::error::Error;

/// The hub's error for what the PostgreSQL client reported: unreachable (the server down, the
/// connection dropped), the login refused, not allowed, or another failure.
pub(crate) fn pg_error(e: postgres::Error) -> Error {
    let state = e.code().map(|c| c.code().to_string());
    let detail = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            // The client's Display says only "error connecting to server"; its source says why.
            let mut text = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                text.push_str(": ");
                text.push_str(&s.to_string());
                source = s.source();
            }
            text
        }
    };
    let (code, nl, en) = match state.as_deref() {
        Some("28P01") | Some("28000") => (
            "hub_login_refused",
            "De hub weigert de aanmelding (gebruiker of wachtwoord onjuist, of de toegang is ingetrokken)",
            "The hub refuses the login (wrong user or password, or access was withdrawn)",
        ),
        Some("42501") => (
            "hub_not_allowed",
            "De hub staat dit deze organisatie niet toe",
            "The hub does not allow this organisation to do this",
        ),
        Some("3D000") => (
            "hub_unreachable",
            "De database van de hub bestaat niet",
            "The hub's database does not exist",
        ),
        Some(s) if s.starts_with("08") || s.starts_with("57") => (
            "hub_unreachable",
            "De verbinding met de hub is weggevallen",
            "The connection to the hub was lost",
        ),
        Some(_) => (
            "hub_failed",
            "De hub gaf een fout",
            "The hub reported an error",
        ),
        None => (
            "hub_unreachable",
            "De hub is niet bereikbaar",
            "The hub cannot be reached",
        ),
    };
    Error::Hub {
        code,
        message_nl: format!("{nl}: {detail}. Er is niets half verwerkt."),
        message_en: format!("{en}: {detail}. Nothing was half applied."),
        source: Some(Box::new(e)),
    }
}

/// A hub error of our own (not the client's).
pub(crate) fn hub_error(code: &'static str, nl: String, en: String) -> Error {
    Error::Hub {
        code,
        message_nl: nl,
        message_en: en,
        source: None,
    }
}
