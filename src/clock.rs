//! Where the time comes from. The callers at the edge — the CLI, the desktop shell, tests —
//! read a [`Clock`] when they make a use case's [`Actor`](crate::domain::Actor), and the
//! moment travels down with it: the services take what they need from the actor (or a `today`
//! they are given), and the store stamps each change with the actor's moment. Neither reads a
//! clock; tests fix the time with a [`FixedClock`].
//!
//! A leaf utility like `files` and `progress`: it uses only the domain's [`Moment`].

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::domain::Moment;

/// Where the time comes from.
pub trait Clock: Send + Sync {
    /// Now, in UTC.
    fn now(&self) -> DateTime<Utc>;

    /// Today, the local day (as the table counts days).
    fn today(&self) -> NaiveDate;

    /// Now as the change log writes it: RFC 3339, UTC, with milliseconds.
    fn now_rfc3339(&self) -> String {
        self.now().to_rfc3339_opts(SecondsFormat::Millis, true)
    }

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

/// Now and today on the system's clock, for an actor made outside a [`Startup`](crate::startup::Startup).
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

/// A clock that stands still, for tests.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock {
    now: DateTime<Utc>,
    today: NaiveDate,
}

impl FixedClock {
    /// A clock at `now`; its local day is `now`'s UTC date.
    pub fn at(now: DateTime<Utc>) -> FixedClock {
        FixedClock {
            now,
            today: now.date_naive(),
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.now
    }

    fn today(&self) -> NaiveDate {
        self.today
    }
}
