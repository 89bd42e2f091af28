//! Domain types, taxonomy and validation. No I/O.
//!
//! Layer: the bottom. Uses no other module of the crate.

pub mod anonymise;
pub mod cell_text;
pub mod document;
mod draft;
pub mod erasure;
pub mod figure_facts;
pub mod format;
mod meeting;
mod model;
pub mod money;
mod outcome;
mod register;
mod rules;
pub mod sheet;
mod taxonomy;
mod validation;
mod workflow;

pub use anonymise::{AnonymisedResponse, Label, OnePager};
pub use draft::{CaseDraft, CompanyDraft, NewCase, NewCompany, clean, parse_date};
pub use erasure::{DEFAULT_RETENTION_MONTHS, ERASED, ERASED_COMPANY_NAME, ErasureKind};
pub use meeting::{
    ActionItem, ActionItemDraft, AgendaItem, Attendee, Meeting, MeetingDraft, MeetingSummary,
    NewActionItem, NewMeeting, may_go_on_agenda,
};
pub use model::*;
pub use outcome::{
    FOLLOW_UP_MONTHS, FinancierAnswer, FollowUp, FollowUpDraft, FollowUpResult, NewPackageTranche,
    NewReferral, NewResponseStep, PackageTranche, PackageTrancheDraft, Referral, ReferralDraft,
    Response, ResponseDraft, ResponseStep, StatusProposal, follow_up_schedule, propose_status,
    starts_follow_ups,
};
pub use register::{
    ContactDraft, FinancierDraft, InstrumentDraft, NewContact, NewFinancier, NewInstrument,
    RegisterEntry, RegisterRow,
};
pub use rules::{
    GuaranteeAmounts, GuaranteeMisfit, GuaranteeTerms, InstrumentRule, StructuredRules,
};
pub use taxonomy::*;
pub use validation::{FieldError, Problems, normalise_kvk};
