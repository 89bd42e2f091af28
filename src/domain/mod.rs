//! Domain types, taxonomy and validation. No I/O.

mod draft;
mod model;
pub mod money;
mod register;
mod rules;
mod taxonomy;
mod validation;
mod workflow;

pub use draft::{CaseDraft, CompanyDraft, NewCase, NewCompany, clean, parse_date};
pub use model::*;
pub use register::{ContactDraft, FinancierDraft, InstrumentDraft, NewContact, NewFinancier, NewInstrument, RegisterEntry, RegisterRow};
pub use rules::{GuaranteeAmounts, GuaranteeMisfit, GuaranteeTerms, InstrumentRule, StructuredRules};
pub use taxonomy::*;
pub use validation::{FieldError, Problems, normalise_kvk};
