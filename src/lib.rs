//! Tafel's core: the case log, financier register and matching of a Dutch
//! regional financing table, on an encrypted local database.
//!
//! Layers: [`domain`] (types and validation, no I/O) → [`store`] (SQLCipher,
//! migrations, repositories, change log) → [`service`] (one function per use case,
//! shared by the CLI and the desktop shell).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod domain;
pub mod error;
pub mod files;
pub mod fuzz_checks;
pub mod import;
pub mod matching;
pub mod report;
pub mod service;
pub mod store;

pub use error::{Error, ErrorPayload, Result};
