//! Where the time comes from. The callers at the edge — the CLI, the desktop shell, tests —
//! read a [`Clock`] when they make a use case's [`Actor`](crate::domain::Actor), and the
//! moment travels down with it: the services take what they need from the actor (or a `today`
//! they are given), and the store stamps each change with the actor's moment. Neither reads a
//! clock. Tests fix the time by making the actor with the moment they want, or give a laptop
//! a clock of their own (the property tests' skewed clocks implement [`Clock`]).
//!
//! A leaf utility like `files` and `progress`: it uses only the domain's [`Moment`].

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::Moment;

/// Where the time comes from.
pub trait Clock: Send + Sync {
    /// Now, in UTC.
    fn now(&self) -> DateTime<Utc>;

    /// Today, the local day (as the table counts days).
    fn today(&self) -> NaiveDate;

    /// Now and today, read together: what a use case's actor carries.
    fn moment(&self) -> Moment {
        Moment::new(self.now(), self.today())
    }
}

/// Today on the system's clock, in local time: what the CLI and the window pass to the use
/// cases that judge dates ("in the future", "ends within 30 days").
pub fn today() -> NaiveDate {
    SystemClock.today()
}

/// Now on the system's clock: what the CLI and the window pass to the use cases that date
/// a file (a backup, a member card).
pub fn now() -> DateTime<Utc> {
    SystemClock.now()
}

/// Now and today on the system's clock, for an actor made at the edge (the CLI, the window).
pub fn moment() -> Moment {
    SystemClock.moment()
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn today(&self) -> NaiveDate {
        chrono::Local::now().date_naive()
    }
}
