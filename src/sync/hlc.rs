//! Hybrid logical clocks: a wall-clock time that never runs backwards and orders every write
//! of every device (Actual Budget's algorithm).
//!
//! A timestamp is (milliseconds, counter, device). Its text form sorts like the timestamp
//! itself, so the store can compare them as strings.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

/// How far a received clock may run ahead of ours before its bundle is refused: a laptop
/// whose clock is a day wrong would otherwise win every field it ever writes.
pub const MAX_DRIFT_MS: u64 = 24 * 60 * 60 * 1000;

/// One hybrid-logical-clock timestamp.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hlc {
    /// Milliseconds since 1970 (the wall clock, or more when another device's clock was ahead).
    pub millis: u64,
    /// Orders writes within one millisecond.
    pub counter: u32,
    /// The device that made the timestamp: the tie-breaker between devices.
    pub device: String,
}

impl Ord for Hlc {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.millis, self.counter, &self.device).cmp(&(other.millis, other.counter, &other.device))
    }
}

impl PartialOrd for Hlc {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Hlc {
    /// `0001764672000000-0000-<device>`: fixed-width numbers, so text order is clock order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016}-{:04x}-{}", self.millis, self.counter, self.device)
    }
}

/// A timestamp's text that is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HlcParseError(pub String);

impl std::str::FromStr for Hlc {
    type Err = HlcParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || HlcParseError(s.chars().take(80).collect());
        let mut parts = s.splitn(3, '-');
        let millis = parts.next().filter(|p| p.len() == 16).and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let counter = parts.next().filter(|p| p.len() == 4).and_then(|p| u32::from_str_radix(p, 16).ok()).ok_or_else(bad)?;
        let device = parts.next().filter(|d| !d.is_empty()).ok_or_else(bad)?;
        Ok(Hlc { millis, counter, device: device.to_string() })
    }
}

impl Serialize for Hlc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(|e: HlcParseError| serde::de::Error::custom(format!("not a clock timestamp: {}", e.0)))
    }
}

impl Hlc {
    /// The zero timestamp of a device: earlier than anything it writes.
    pub fn zero(device: &str) -> Hlc {
        Hlc { millis: 0, counter: 0, device: device.to_string() }
    }

    /// The next timestamp for a local write at wall time `now_ms`: later than `self` and not
    /// before the wall clock.
    pub fn tick(&self, now_ms: u64) -> Hlc {
        if now_ms > self.millis {
            Hlc { millis: now_ms, counter: 0, device: self.device.clone() }
        } else {
            self.bump(self.millis)
        }
    }

    /// Our clock after seeing `remote` at wall time `now_ms`: later than both, so whatever we
    /// write next orders after what we have seen. Refuses a remote clock more than
    /// [`MAX_DRIFT_MS`] ahead of ours.
    pub fn receive(&self, remote: &Hlc, now_ms: u64) -> Result<Hlc, u64> {
        if remote.millis > now_ms.saturating_add(MAX_DRIFT_MS) {
            return Err(remote.millis - now_ms);
        }
        let millis = now_ms.max(self.millis).max(remote.millis);
        let counter = match (millis == self.millis, millis == remote.millis) {
            (true, true) => self.counter.max(remote.counter),
            (true, false) => self.counter,
            (false, true) => remote.counter,
            (false, false) => return Ok(Hlc { millis, counter: 0, device: self.device.clone() }),
        };
        Ok(Hlc { millis, counter, device: self.device.clone() }.bump(millis))
    }

    fn bump(&self, millis: u64) -> Hlc {
        match self.counter.checked_add(1) {
            Some(counter) if counter <= 0xffff => Hlc { millis, counter, device: self.device.clone() },
            // 65,536 writes in one millisecond: borrow the next millisecond.
            _ => Hlc { millis: millis + 1, counter: 0, device: self.device.clone() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_order_is_clock_order() {
        let a = Hlc { millis: 999, counter: 0xff, device: "b".into() };
        let b = Hlc { millis: 1000, counter: 0, device: "a".into() };
        assert!(a < b);
        assert!(a.to_string() < b.to_string());
        assert_eq!(a.to_string().parse::<Hlc>(), Ok(a));
        assert!("12-0000-x".parse::<Hlc>().is_err());
    }

    #[test]
    fn tick_and_receive_never_go_back() {
        let local = Hlc { millis: 5_000, counter: 3, device: "me".into() };
        // The wall clock is behind what we wrote last: the counter moves on.
        assert_eq!(local.tick(4_000), Hlc { millis: 5_000, counter: 4, device: "me".into() });
        let remote = Hlc { millis: 9_000, counter: 7, device: "other".into() };
        let seen = local.receive(&remote, 6_000).unwrap_or_else(|_| Hlc::zero("fail"));
        assert!(seen > remote && seen > local);
        assert_eq!(seen.device, "me");
        assert!(local.receive(&Hlc { millis: 6_000 + MAX_DRIFT_MS + 1, counter: 0, device: "x".into() }, 6_000).is_err());
    }
}
