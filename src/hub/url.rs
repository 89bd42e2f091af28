//! A hub's address: a PostgreSQL URL (`postgres://user:password@host:port/database?sslmode=…`),
//! connected over TLS where the server offers it (`sslmode=prefer`, the default) or demands it
//! (`sslmode=require`). `sslrootcert=FILE` (PEM) adds a certificate authority to the system's,
//! for a hub with its own; the certificate is then checked against the host name.
//!
//! The URL carries the organisation's password: Tafel keeps it only inside the encrypted
//! database, and shows it only without the password ([`HubUrl::describe`]).

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use super::{hub_error, pg_error};
use crate::error::Result;

/// How long connecting may take before the hub counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A parsed hub address.
#[derive(Clone)]
pub struct HubUrl {
    text: String,
    config: postgres::Config,
    root_cert: Option<PathBuf>,
}

impl std::fmt::Debug for HubUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        write!(f, "HubUrl({})", self.describe())
    }
}

fn bad_url(detail: &str) -> crate::error::Error {
    hub_error(
        "hub_bad_url",
        format!(
            "Dit is geen bruikbaar adres van een hub ({detail}). Verwacht: postgres://gebruiker:wachtwoord@server:5432/database"
        ),
        format!(
            "This is not a usable hub address ({detail}). Expected: postgres://user:password@server:5432/database"
        ),
    )
}

/// A member's address: the hub's `address` (as the roster carries it, without login) logged
/// in as `user` with `password`. Refused (`hub_bad_url`) when the result is not usable.
pub fn login_url(address: &str, user: &str, password: &str) -> Result<HubUrl> {
    let rest = address
        .trim()
        .split_once("://")
        .map(|(_, r)| r)
        .ok_or_else(|| bad_url("it does not start with postgres://"))?;
    if rest
        .split('/')
        .next()
        .is_some_and(|host| host.contains('@'))
    {
        return Err(bad_url("the address carries a login already"));
    }
    // A typed password may hold characters the URL reserves.
    let escape = |text: &str| -> String {
        text.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    HubUrl::parse(&format!(
        "postgres://{}:{}@{rest}",
        escape(user.trim()),
        escape(password.trim_end_matches(['\n', '\r']))
    ))
}

impl HubUrl {
    /// Parses `text`; refused (`hub_bad_url`) when it is not a `postgres://` URL the client
    /// understands.
    pub fn parse(text: &str) -> Result<HubUrl> {
        let text = text.trim();
        if !(text.starts_with("postgres://") || text.starts_with("postgresql://")) {
            return Err(bad_url("it does not start with postgres://"));
        }
        // sslrootcert is libpq's; the Rust client does not know it, so it is taken out here.
        let (base, query) = match text.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (text, None),
        };
        let mut root_cert = None;
        let mut kept = Vec::new();
        for pair in query.into_iter().flat_map(|q| q.split('&')) {
            match pair.split_once('=') {
                Some(("sslrootcert", path)) => root_cert = Some(PathBuf::from(path)),
                _ if pair.is_empty() => {}
                _ => kept.push(pair),
            }
        }
        let for_client = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        let mut config =
            postgres::Config::from_str(&for_client).map_err(|e| bad_url(&e.to_string()))?;
        if config.get_user().is_none() {
            return Err(bad_url("no user"));
        }
        if config.get_hosts().is_empty() {
            return Err(bad_url("no server"));
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        config.application_name("tafel");
        Ok(HubUrl {
            text: text.to_string(),
            config,
            root_cert,
        })
    }

    /// The URL as given (with its password: for the encrypted database only).
    pub fn as_secret_text(&self) -> &str {
        &self.text
    }

    /// The login role.
    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    /// `user@host:port/database`, without the password.
    pub fn describe(&self) -> String {
        let host = match self.config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => String::new(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        let db = self.config.get_dbname().unwrap_or(self.user());
        format!("{}@{host}:{port}/{db}", self.user())
    }

    /// The same server and database, logged in as `user` with `password` (a member's address,
    /// as the administrator hands it out).
    pub fn for_login(&self, user: &str, password: &str) -> String {
        let address = self.address();
        let rest = address.trim_start_matches("postgres://");
        format!("postgres://{user}:{password}@{rest}")
    }

    /// The hub's address as the roster carries it: `postgres://server:port/database` with its
    /// options (`sslmode`, and `sslrootcert` for a hub with its own CA: a path each laptop must
    /// have the CA at), never a login or password.
    pub fn address(&self) -> String {
        let rest = self
            .text
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.text);
        let after_credentials = match rest.rfind('@') {
            Some(at) if rest[..at].find('/').is_none() => &rest[at + 1..],
            _ => rest,
        };
        format!("postgres://{after_credentials}")
    }

    fn tls(&self) -> Result<postgres_native_tls::MakeTlsConnector> {
        let mut builder = native_tls::TlsConnector::builder();
        if let Some(path) = &self.root_cert {
            let pem = std::fs::read(path).map_err(|e| crate::error::Error::io(path, e))?;
            let cert = native_tls::Certificate::from_pem(&pem)
                .map_err(|e| bad_url(&format!("sslrootcert {}: {e}", path.display())))?;
            builder.add_root_certificate(cert);
        }
        let connector = builder.build().map_err(|e| {
            hub_error(
                "hub_unreachable",
                format!("TLS kon niet worden opgezet: {e}"),
                format!("TLS could not be set up: {e}"),
            )
        })?;
        Ok(postgres_native_tls::MakeTlsConnector::new(connector))
    }

    /// Connects on the calling thread (which must not run an async runtime): for tools, tests
    /// and benchmarks that keep one session; Tafel itself goes through [`HubUrl::with_client`].
    pub fn connect(&self) -> Result<postgres::Client> {
        self.config.connect(self.tls()?).map_err(pg_error)
    }

    /// Connects and runs `work` on a thread of its own. The blocking client runs its own
    /// runtime, which must not start inside another's (the desktop shell's command threads).
    pub fn with_client<T: Send>(
        &self,
        work: impl FnOnce(&mut postgres::Client) -> Result<T> + Send,
    ) -> Result<T> {
        let mut kept = None;
        let out = self.with_kept_client(&mut kept, |client, _| work(client));
        close_connection(kept);
        out
    }

    /// As [`HubUrl::with_client`], on the connection kept in `slot` (made when there is none or
    /// it closed; `work` is told whether it is new): one sync pays for the TLS handshake and the
    /// login once. A failed `work` drops the connection (it may be broken); a good one keeps it.
    pub fn with_kept_client<T: Send>(
        &self,
        slot: &mut Option<postgres::Client>,
        work: impl FnOnce(&mut postgres::Client, bool) -> Result<T> + Send,
    ) -> Result<T> {
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let (mut client, new) = match slot.take() {
                        Some(client) if !client.is_closed() => (client, false),
                        _ => (self.config.connect(self.tls()?).map_err(pg_error)?, true),
                    };
                    let out = work(&mut client, new);
                    if out.is_ok() {
                        *slot = Some(client);
                    }
                    out
                })
                .join()
                .unwrap_or_else(|_| {
                    Err(hub_error(
                        "hub_failed",
                        "Het gesprek met de hub brak onverwacht af; er is niets half verwerkt."
                            .into(),
                        "The exchange with the hub ended unexpectedly; nothing was half applied."
                            .into(),
                    ))
                })
        })
    }
}

/// Closes a connection on a thread of its own, as it is used: closing a `postgres::Client`
/// blocks on its runtime, which panics on a thread already inside one (the desktop app's
/// commands run on tokio's workers).
pub(crate) fn close_connection(client: Option<postgres::Client>) {
    if let Some(client) = client {
        let _ = std::thread::spawn(move || drop(client)).join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_carries_no_login_and_a_login_joins_it_again() -> Result<()> {
        let admin = HubUrl::parse(
            "postgres://beheer:geheim@hub.example.nl:5433/tafels?sslmode=require&sslrootcert=/home/m/ca.pem",
        )?;
        let address = admin.address();
        assert_eq!(
            address,
            "postgres://hub.example.nl:5433/tafels?sslmode=require&sslrootcert=/home/m/ca.pem"
        );
        let member = login_url(&address, "tafel_m_1", "p@ss/w:rd?")?;
        assert_eq!(member.user(), "tafel_m_1");
        assert_eq!(member.config.get_password(), Some(&b"p@ss/w:rd?"[..]));
        assert_eq!(member.describe(), "tafel_m_1@hub.example.nl:5433/tafels");
        assert!(
            login_url(admin.as_secret_text(), "x", "y").is_err(),
            "a login already in it"
        );
        Ok(())
    }
}
