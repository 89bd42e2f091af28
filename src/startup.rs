//! One start-up configuration for the CLI and the desktop shell: which database, how to find
//! its key, and whose name goes on the changes.
//!
//! Each surface fills [`Overrides`] from its own command line (clap's flags, the shell's
//! `--db`); everything not given there comes from the environment the same way for both:
//! `TAFEL_DB`, `TAFEL_DB_KEY`, `TAFEL_KEYCHAIN` and `TAFEL_AUTHOR`, then the defaults.
//! `TAFEL_PAGE_CACHE_MIB` ([`page_cache_from_env`]) is read by the window and the case-list
//! benchmark.

use std::path::PathBuf;

use crate::clock::{Clock, SystemClock};
use crate::domain::{Actor, WriteSource};
use crate::error::{Error, Result};
use crate::store::KeyOptions;

/// The author recorded when neither `TAFEL_AUTHOR` nor the OS user is known.
pub const UNKNOWN_AUTHOR: &str = "onbekend";

/// What a command line gave; `None` leaves it to the environment and the defaults.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// The database file (`--db`).
    pub db: Option<PathBuf>,
    /// The database key (`--key`).
    pub key: Option<String>,
    /// Whether to use the OS keychain (`--keychain`).
    pub keychain: Option<bool>,
    /// The author of changes (`--author`).
    pub author: Option<String>,
}

/// How Tafel starts: the database, how to find its key, and the author of changes.
#[derive(Debug, Clone)]
pub struct Startup {
    /// The database file.
    pub db_path: PathBuf,
    /// Where to look for the database's key.
    pub key: KeyOptions,
    /// The name recorded as author of changes when the settings name no user: the one given
    /// for this run, else the OS user, else "onbekend".
    pub author: String,
    /// Whether `author` was given for this run (`--author`, `TAFEL_AUTHOR`): it then wins over
    /// the user's name in the settings (see [`crate::service::settings::author`]).
    pub author_given: bool,
}

impl Startup {
    /// The configuration from `overrides`, then the process's environment, then the defaults
    /// ([`default_db_path`](crate::service::default_db_path)).
    pub fn from_env(overrides: Overrides) -> Result<Startup> {
        Startup::resolve(
            overrides,
            |name| std::env::var(name).ok(),
            crate::service::default_db_path(),
        )
    }

    /// The pure part of [`Startup::from_env`]: `env` answers a variable's value, `default_db`
    /// is the default database (`None`: there is no home or data directory).
    pub fn resolve(
        overrides: Overrides,
        env: impl Fn(&str) -> Option<String>,
        default_db: Option<PathBuf>,
    ) -> Result<Startup> {
        let env = |name: &str| env(name).filter(|value| !value.is_empty());
        let db_path = match overrides
            .db
            .or_else(|| env("TAFEL_DB").map(PathBuf::from))
            .or(default_db)
        {
            Some(path) => path,
            None => {
                return Err(Error::invalid(
                    "db",
                    "no_data_dir",
                    "Er is geen thuismap of gegevensmap om de database in te bewaren; geef er een op met --db of TAFEL_DB.",
                    "There is no home or data directory to keep the database in; name one with --db or TAFEL_DB.",
                ));
            }
        };
        let use_keychain = match overrides.keychain {
            Some(on) => on,
            None => env("TAFEL_KEYCHAIN")
                .map(|text| parse_keychain(&text))
                .transpose()?
                .unwrap_or(true),
        };
        let key = KeyOptions {
            explicit: overrides.key.or_else(|| env("TAFEL_DB_KEY")),
            use_keychain,
        };
        let author_given = overrides.author.as_deref().is_some_and(|a| !a.is_empty())
            || env("TAFEL_AUTHOR").is_some();
        Ok(Startup {
            db_path,
            key,
            author: author(overrides.author, env),
            author_given,
        })
    }

    /// The author of changes, writing through `source`, now (the system's clock, read here at
    /// the edge: see [`crate::clock`]).
    pub fn actor(&self, source: WriteSource) -> Actor {
        Actor {
            author: self.author.clone(),
            source,
            at: SystemClock.moment(),
        }
    }
}

/// Sets the page cache of the databases this process opens from `TAFEL_PAGE_CACHE_MIB` (MiB),
/// when it holds a number; otherwise the store's default stays (see
/// [`crate::store::DEFAULT_PAGE_CACHE_MIB`] for the trade-off).
pub fn page_cache_from_env() {
    if let Some(mib) = std::env::var("TAFEL_PAGE_CACHE_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        crate::store::set_page_cache_mib(mib);
    }
}

/// The author of changes: `given` (`--author`), else `TAFEL_AUTHOR`, else the OS user (`USER`,
/// `USERNAME`), else "onbekend".
pub fn author(given: Option<String>, env: impl Fn(&str) -> Option<String>) -> String {
    let env = |name: &str| env(name).filter(|value| !value.is_empty());
    given
        .filter(|name| !name.is_empty())
        .or_else(|| env("TAFEL_AUTHOR"))
        .or_else(|| env("USER"))
        .or_else(|| env("USERNAME"))
        .unwrap_or_else(|| UNKNOWN_AUTHOR.into())
}

/// [`author`] from the process's environment.
pub fn author_from_env(given: Option<String>) -> String {
    author(given, |name| std::env::var(name).ok())
}

/// Reads the keychain switch: `on`/`true`/`1` or `off`/`false`/`0` (any case).
pub fn parse_keychain(text: &str) -> Result<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "1" => Ok(true),
        "off" | "false" | "0" => Ok(false),
        _ => Err(Error::invalid(
            "keychain",
            "keychain_value",
            format!(
                "Onbekende waarde \"{text}\" voor de sleutelhanger (TAFEL_KEYCHAIN of --keychain); kies on of off."
            ),
            format!(
                "Unknown keychain value \"{text}\" (TAFEL_KEYCHAIN or --keychain); choose on or off."
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn resolve(
        overrides: Overrides,
        vars: &[(&str, &str)],
        default_db: Option<&str>,
    ) -> Result<Startup> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Startup::resolve(
            overrides,
            |name| vars.get(name).cloned(),
            default_db.map(PathBuf::from),
        )
    }

    #[test]
    fn defaults_when_nothing_is_given() {
        let startup = resolve(Overrides::default(), &[], Some("/data/tafel.db")).unwrap();
        assert_eq!(startup.db_path, PathBuf::from("/data/tafel.db"));
        assert_eq!(startup.key.explicit, None);
        assert!(startup.key.use_keychain);
        assert_eq!(startup.author, "onbekend");
        assert!(!startup.author_given);
    }

    #[test]
    fn the_environment_fills_what_the_command_line_left_open() {
        let vars = [
            ("TAFEL_DB", "/env/db"),
            ("TAFEL_DB_KEY", "secret"),
            ("TAFEL_KEYCHAIN", "off"),
            ("TAFEL_AUTHOR", "Marieke"),
            ("USER", "mj"),
        ];
        let startup = resolve(Overrides::default(), &vars, Some("/data/tafel.db")).unwrap();
        assert_eq!(startup.db_path, PathBuf::from("/env/db"));
        assert_eq!(startup.key.explicit.as_deref(), Some("secret"));
        assert!(!startup.key.use_keychain);
        assert_eq!(startup.author, "Marieke");
        assert!(startup.author_given);
    }

    #[test]
    fn the_command_line_wins_over_the_environment() {
        let overrides = Overrides {
            db: Some("/arg/db".into()),
            key: Some("k".into()),
            keychain: Some(true),
            author: Some("Piet".into()),
        };
        let vars = [
            ("TAFEL_DB", "/env/db"),
            ("TAFEL_DB_KEY", "secret"),
            ("TAFEL_KEYCHAIN", "off"),
            ("TAFEL_AUTHOR", "Marieke"),
        ];
        let startup = resolve(overrides, &vars, None).unwrap();
        assert_eq!(startup.db_path, PathBuf::from("/arg/db"));
        assert_eq!(startup.key.explicit.as_deref(), Some("k"));
        assert!(startup.key.use_keychain);
        assert_eq!(startup.author, "Piet");
    }

    #[test]
    fn the_author_falls_back_to_the_os_user() {
        assert_eq!(
            resolve(
                Overrides::default(),
                &[("USER", "mj"), ("USERNAME", "win")],
                Some("x")
            )
            .unwrap()
            .author,
            "mj"
        );
        assert_eq!(
            resolve(Overrides::default(), &[("USERNAME", "win")], Some("x"))
                .unwrap()
                .author,
            "win"
        );
        assert_eq!(
            resolve(
                Overrides::default(),
                &[("TAFEL_AUTHOR", ""), ("USER", "mj")],
                Some("x")
            )
            .unwrap()
            .author,
            "mj"
        );
    }

    #[test]
    fn keychain_values() {
        for on in ["on", "true", "1", "ON", "True"] {
            assert!(parse_keychain(on).unwrap(), "{on}");
        }
        for off in ["off", "false", "0", "Off"] {
            assert!(!parse_keychain(off).unwrap(), "{off}");
        }
        let err = parse_keychain("ja").unwrap_err();
        assert!(
            err.message_nl().contains("kies on of off"),
            "{}",
            err.message_nl()
        );
        let err = resolve(
            Overrides::default(),
            &[("TAFEL_KEYCHAIN", "misschien")],
            Some("x"),
        )
        .unwrap_err();
        assert_eq!(err.field_errors()[0].code, "keychain_value");
    }

    #[test]
    fn no_home_directory_is_a_clear_error() {
        let err = resolve(Overrides::default(), &[], None).unwrap_err();
        assert_eq!(err.field_errors()[0].code, "no_data_dir");
        assert!(err.message_nl().contains("--db of TAFEL_DB"));
        assert!(resolve(Overrides::default(), &[("TAFEL_DB", "/env/db")], None).is_ok());
    }
}
