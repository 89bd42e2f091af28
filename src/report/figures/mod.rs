//! The table's figures for a period: what came in, what reached the table, what was
//! financed and with which money, why financiers said no, and what the follow-ups found.
//!
//! Pure computation: the store gathers the [`FigureFacts`](crate::domain::figure_facts::FigureFacts) of a period
//! (`store.figures().facts(from, to)`), [`compute`] turns them into [`TableFigures`].
//! Periods are inclusive: `from` and `to` both count.
//!
//! # Definitions
//!
//! - **Cases in**: cases (not deleted) with their intake date in the period.
//! - **Presented**: cases that were at the table in the period — marked presented on the
//!   agenda of a table meeting held in the period, or moved in the period from before the
//!   table (intake, screening, ready) to presented or beyond (presented, matching, in
//!   assessment, financed, partly or not financed). Each case counts once.
//! - **Outcome** of a case: its status when that is financed, partly financed, not
//!   financed, referred or withdrawn; for a closed case, the last of these it had before
//!   closing (a case closed without one has no known outcome and is not counted).
//!   **Outcome date**: the day the store recorded with the status (`cases.outcome_on`);
//!   without it, the last status change to an outcome in the change log; without that,
//!   the case's last change. A case counts in the period of its outcome date.
//! - **Success rate**: (financed + partly financed) / (financed + partly financed + not
//!   financed + referred), over the outcomes in the period. Withdrawn cases are left out:
//!   the entrepreneur stopped, the table did not fail. No outcomes: no rate (shown "—").
//! - **€ requested**: the amounts of the cases in. **€ mobilised**: the committed tranches
//!   (not removed) of the cases with an outcome in the period, in total, per capital type
//!   of the tranche and per type of its financier.
//! - **Median days to outcome**: days from intake to outcome date over the outcomes in the
//!   period (every kind); the mean of the middle two for an even count.
//! - **Decline reasons**: financiers' declines recorded in the period (response steps with
//!   status declined), one per financier and case (the latest), counted per coded reason.
//! - **Referrals**: referrals dated in the period (and how many financiers received them).
//! - **Follow-ups**: follow-ups done in the period: jobs kept and created, and whether the
//!   financing closed.
//! - **Quarters**: each calendar quarter that overlaps the period, counting only its days
//!   inside the period: cases in, € requested, financed (fully or partly) outcomes.
//! - **Funnel**: the cases in, and how far each got so far: presented at the table, a
//!   positive response from at least one financier (interest up to commitment), financed
//!   fully or partly. Each step counts the cases that got at least that far, so a financed
//!   case counts as presented and positive even when those steps were not recorded.
//!
//! One job per file: the facts (what the store gathers) are the domain's
//! [`crate::domain::figure_facts`]; here, [`output`] (what the screen,
//! workbook and PDF show), [`compute`] (the definitions above, as code).

mod compute;
mod output;

pub use compute::*;
pub use output::*;
