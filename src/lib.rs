//! Tafel's core: the case log, financier register and matching of a Dutch
//! regional financing table, on an encrypted local database.
//!
//! Layers: [`domain`] (types and validation, no I/O) → [`store`] (SQLCipher,
//! migrations, repositories, change log) → [`service`] (one function per use case,
//! shared by the CLI and the desktop shell); [`startup`] is how both find the database,
//! its key and the author of changes.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod clock;
pub mod domain;
pub mod error;
pub mod files;
pub mod fuzz_checks;
pub mod hub;
pub mod import;
pub mod matching;
pub mod progress;
pub mod report;
pub mod service;
pub mod startup;
pub mod store;
pub mod sync;

pub use error::{Error, ErrorPayload, Result};
