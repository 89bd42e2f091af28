//! Progress and cancellation of long use cases (imports, exports, backups, documents).
//!
//! A service that may run for seconds takes a `&dyn Progress`: it reports what it is doing
//! and asks, at points where stopping is safe, whether the user cancelled. Stopping is safe
//! before anything is committed or renamed into place, so a cancelled import rolls back and a
//! cancelled export leaves no file (and any earlier file with that name untouched). Once the
//! work is past that point it finishes; a late cancel changes nothing.
//!
//! The core only defines the interface: the desktop shell turns steps into window events and
//! the CLI into a line on the terminal.
//!
//! Layer: a leaf utility. Uses only `error`; `import`, `report`, `store` and `service` may use it.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// What a long use case is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Phase {
    /// Reading the chosen file.
    Reading,
    /// Checking rows against the rules and what is stored.
    Checking,
    /// Writing rows into the database (one transaction).
    Saving,
    /// Collecting what goes into a file from the database.
    Collecting,
    /// Laying out a PDF.
    Rendering,
    /// Reading a written backup back to prove it restores.
    Verifying,
    /// Writing the file and putting it in place.
    Writing,
}

/// One report: a phase and how far it is (`total` 0 when not known beforehand).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProgressStep {
    /// What is being done.
    pub phase: Phase,
    /// Items done in this phase (rows, cases, tables).
    #[ts(type = "number")]
    pub done: u64,
    /// Items in this phase; 0 when unknown.
    #[ts(type = "number")]
    pub total: u64,
}

/// A step of one long operation, as the desktop shell sends it to the window (event
/// [`PROGRESS_EVENT`]); `operation` is the id the window gave the command, so the window knows
/// which progress bar it moves and what to cancel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OperationProgress {
    /// The window's id for the operation.
    pub operation: String,
    /// What is being done.
    pub phase: Phase,
    /// Items done in this phase.
    #[ts(type = "number")]
    pub done: u64,
    /// Items in this phase; 0 when unknown.
    #[ts(type = "number")]
    pub total: u64,
}

/// Name of the window event that carries [`OperationProgress`].
pub const PROGRESS_EVENT: &str = "tafel://progress";

/// Where a long use case reports to, and how it learns it was cancelled.
pub trait Progress: Sync {
    /// Called at each step; cheap enough to call per row (throttling is the sink's business).
    fn report(&self, step: ProgressStep);

    /// Whether the user asked to stop.
    fn is_cancelled(&self) -> bool;

    /// Reports a step, then fails with [`Error::Cancelled`] if the user asked to stop. Call it
    /// only where stopping leaves nothing half-done.
    fn step(&self, phase: Phase, done: u64, total: u64) -> Result<()> {
        self.report(ProgressStep { phase, done, total });
        if self.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// No one is watching: nothing is reported and nothing is ever cancelled.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn report(&self, _: ProgressStep) {}

    fn is_cancelled(&self) -> bool {
        false
    }
}

/// A cancel switch and a sink of steps: what a window or a test holds on to.
pub struct Cancellable<F: Fn(ProgressStep) + Sync> {
    cancelled: AtomicBool,
    sink: F,
}

impl<F: Fn(ProgressStep) + Sync> Cancellable<F> {
    /// Steps go to `sink`; not cancelled until [`Cancellable::cancel`].
    pub fn new(sink: F) -> Self {
        Cancellable {
            cancelled: AtomicBool::new(false),
            sink,
        }
    }

    /// Asks the work to stop at its next safe point.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }
}

impl<F: Fn(ProgressStep) + Sync> Progress for Cancellable<F> {
    fn report(&self, step: ProgressStep) {
        (self.sink)(step);
    }

    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }
}

/// How often a per-row loop reports: often enough for a smooth bar, rarely enough that a
/// 100,000-row import does not spend its time reporting.
pub const ROWS_PER_STEP: u64 = 250;

/// Whether row `done` (from 0) of `total` is one to report: every [`ROWS_PER_STEP`]th and the last.
pub fn is_step(done: u64, total: u64) -> bool {
    done.is_multiple_of(ROWS_PER_STEP) || done + 1 >= total
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn a_cancelled_step_reports_then_fails() {
        let seen = Mutex::new(Vec::new());
        let progress = Cancellable::new(|s| seen.lock().map(|mut v| v.push(s)).unwrap_or(()));
        assert!(progress.step(Phase::Saving, 1, 10).is_ok());
        progress.cancel();
        assert!(matches!(
            progress.step(Phase::Saving, 2, 10),
            Err(Error::Cancelled)
        ));
        assert_eq!(seen.lock().map(|v| v.len()).unwrap_or(0), 2);
        assert!(Silent.step(Phase::Reading, 0, 0).is_ok());
    }

    #[test]
    fn rows_are_reported_in_steps_and_at_the_end() {
        let reported: Vec<u64> = (0..600).filter(|&d| is_step(d, 600)).collect();
        assert_eq!(reported, vec![0, 250, 500, 599]);
        assert!(is_step(0, 1));
    }
}
