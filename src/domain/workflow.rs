//! The case workflow: which status changes are allowed, and why not.
//!
//! intake → screening → ready → presented → matching → in_assessment →
//! financed | partly_financed | not_financed | withdrawn | referred → closed.
//! Open cases may move freely between the open steps (forward, or back when
//! information is missing); an outcome needs the case to have been at the table,
//! except withdrawing and referring, which can happen at any open step.

use super::taxonomy::CaseStatus;
use super::validation::FieldError;

impl CaseStatus {
    /// Still being worked on (not an outcome, not closed).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            CaseStatus::Intake
                | CaseStatus::Screening
                | CaseStatus::Ready
                | CaseStatus::Presented
                | CaseStatus::Matching
                | CaseStatus::InAssessment
        )
    }

    /// An outcome: financed, partly or not, withdrawn or referred.
    pub fn is_outcome(self) -> bool {
        matches!(
            self,
            CaseStatus::Financed
                | CaseStatus::PartlyFinanced
                | CaseStatus::NotFinanced
                | CaseStatus::Withdrawn
                | CaseStatus::Referred
        )
    }

    /// Presented to the table or further along the open steps.
    fn has_been_presented(self) -> bool {
        matches!(
            self,
            CaseStatus::Presented | CaseStatus::Matching | CaseStatus::InAssessment
        )
    }

    /// Open cases waiting for an answer from financiers.
    pub const WAITING_FOR_FINANCIER: &'static [CaseStatus] = &[
        CaseStatus::Presented,
        CaseStatus::Matching,
        CaseStatus::InAssessment,
    ];

    /// Checks a status change against the workflow; the error explains it in Dutch and English.
    pub fn check_transition(self, to: CaseStatus) -> Result<(), FieldError> {
        use CaseStatus::*;
        if self == to {
            return Ok(());
        }
        let allowed = match (self, to) {
            (from, to) if from.is_open() && to.is_open() => true,
            (from, Withdrawn | Referred) if from.is_open() => true,
            (from, Financed | PartlyFinanced | NotFinanced) if from.has_been_presented() => true,
            // Outcomes can be corrected, reopened for assessment, or closed.
            (from, to)
                if from.is_outcome()
                    && (to.is_outcome()
                        || to == Closed
                        || to == InAssessment
                        || to == Matching) =>
            {
                true
            }
            // A closed case can be reopened to its outcome.
            (Closed, to) if to.is_outcome() => true,
            _ => false,
        };
        if allowed {
            return Ok(());
        }
        let (why_nl, why_en) = match to {
            Financed | PartlyFinanced | NotFinanced if self.is_open() => (
                "een uitkomst volgt pas nadat de casus aan tafel is gepresenteerd",
                "an outcome follows only after the case was presented at the table",
            ),
            Closed => (
                "alleen een casus met een uitkomst kan worden afgesloten",
                "only a case with an outcome can be closed",
            ),
            _ if self == Closed => (
                "heropen een afgesloten casus eerst naar zijn uitkomst",
                "reopen a closed case to its outcome first",
            ),
            _ => (
                "zet de casus eerst terug naar een open stap",
                "move the case back to an open step first",
            ),
        };
        Err(FieldError {
            field: "status".into(),
            code: "status_transition".into(),
            message: format!(
                "Status kan niet van \"{}\" naar \"{}\": {why_nl}.",
                self.label_nl(),
                to.label_nl()
            ),
            message_en: format!(
                "Status cannot go from \"{}\" to \"{}\": {why_en}.",
                self.label_en(),
                to.label_en()
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::CaseStatus::{self, *};

    #[test]
    fn open_steps_move_freely_and_outcomes_need_the_table() {
        assert!(Intake.check_transition(Ready).is_ok());
        assert!(
            Presented.check_transition(Intake).is_ok(),
            "back when information is missing"
        );
        assert!(Intake.check_transition(Financed).is_err());
        assert!(Screening.check_transition(Referred).is_ok());
        assert!(InAssessment.check_transition(PartlyFinanced).is_ok());
        assert!(Financed.check_transition(Closed).is_ok());
        assert!(Matching.check_transition(Closed).is_err());
        assert!(Closed.check_transition(Intake).is_err());
        assert!(Closed.check_transition(Financed).is_ok());
    }

    #[test]
    fn every_status_can_stay_as_it_is() {
        for status in CaseStatus::ALL {
            assert!(status.check_transition(*status).is_ok());
        }
    }
}
