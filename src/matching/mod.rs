//! Matching a case against the register, with reasons, and building financing stacks.
//!
//! Pure computation on a prepared register ([`MatchRegister`]), so one register serves
//! many cases; the services load the register, the case and the settings
//! ([`MatchingConfig`], `matching.toml`) and call this.
//!
//! - [`Matcher::rank`]: hard mandate filters (region, capital type, ticket range, stage,
//!   sector, structured rules), then a soft score 0–100 from ticket fit, sector, stage,
//!   regional focus and the table's history ([`History`], neutral until outcomes exist).
//! - [`report::report`]: the ranking with reasons in Dutch and English.
//! - [`nearest::nearest`]: when nothing passes, the excluded instruments closest to passing,
//!   each with the condition it fails and what would change it.
//! - [`stack::propose`]: alternative stacks of tranches that cover the need, or the best
//!   partial stack with its gap when none does.
//!
//! Layer: beside `import` and `report`. May use `domain` and `error` only: no file I/O, no
//! store, no service.

pub mod config;
pub mod evaluate;
pub mod guarantee;
pub mod history;
pub mod nearest;
pub mod plan;
pub mod reasons;
pub mod register;
pub mod report;
pub mod stack;

pub use config::{CONFIG_FILE_NAME, DEFAULT_TOML, MatchingConfig};
pub use evaluate::{
    Evaluation, History, MatchOptions, Matcher, NoHistory, Ranking, ScoreParts, TypeFit,
};
pub use guarantee::AttachedGuarantee;
pub use history::{ResponseRecord, TableHistory};
pub use nearest::{NEAREST_LIMIT, NearestResult};
pub use plan::Plan;
pub use reasons::{Finding, InstrumentNames, Reason, ReasonKind};
pub use register::{CaseFacts, Entry, FinancierInfo, MatchRegister};
pub use report::{ExcludedResult, GuaranteeResult, MatchReport, MatchResult};
pub use stack::{PinnedTranche, Stack, StackProposal, StackRequest, Tranche};
