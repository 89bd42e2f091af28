//! The time, as a value handed down rather than read where it is used: the store stamps
//! its changes with the [`Clock`] it was given (the system's unless a caller sets another),
//! and tests fix it with a [`FixedClock`].
//!
//! A leaf utility like `files` and `progress`: it uses nothing of the crate; the store and
//! the services may use it. No other module reads the system clock for the store.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

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
