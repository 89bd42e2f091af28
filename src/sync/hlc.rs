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
        write!(
            f,
            "{:016}-{:04x}-{}",
            self.millis, self.counter, self.device
        )
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
        let millis = parts
            .next()
            .filter(|p| p.len() == 16)
            .and_then(|p| p.parse().ok())
            .ok_or_else(bad)?;
        let counter = parts
            .next()
            .filter(|p| p.len() == 4)
            .and_then(|p| u32::from_str_radix(p, 16).ok())
            .ok_or_else(bad)?;
        let device = parts.next().filter(|d| !d.is_empty()).ok_or_else(bad)?;
        Ok(Hlc {
            millis,
            counter,
            device: device.to_string(),
        })
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
        text.parse().map_err(|e: HlcParseError| {
            serde::de::Error::custom(format!("not a clock timestamp: {}", e.0))
        })
    }
}

impl Hlc {
    /// The zero timestamp of a device: earlier than anything it writes.
    pub fn zero(device: &str) -> Hlc {
        Hlc {
            millis: 0,
            counter: 0,
            device: device.to_string(),
        }
    }

    /// The next timestamp for a local write at wall time `now_ms`: later than `self` and not
    /// before the wall clock.
    pub fn tick(&self, now_ms: u64) -> Hlc {
        if now_ms > self.millis {
            Hlc {
                millis: now_ms,
                counter: 0,
                device: self.device.clone(),
            }
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
            (false, false) => {
                return Ok(Hlc {
                    millis,
                    counter: 0,
                    device: self.device.clone(),
                });
            }
        };
        Ok(Hlc {
            millis,
            counter,
            device: self.device.clone(),
        }
        .bump(millis))
    }

    fn bump(&self, millis: u64) -> Hlc {
        match self.counter.checked_add(1) {
            Some(counter) if counter <= 0xffff => Hlc {
                millis,
                counter,
                device: self.device.clone(),
            },
            // 65,536 writes in one millisecond: borrow the next millisecond.
            _ => Hlc {
                millis: millis + 1,
                counter: 0,
                device: self.device.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_order_is_clock_order() {
        let a = Hlc {
            millis: 999,
            counter: 0xff,
            device: "b".into(),
        };
        let b = Hlc {
            millis: 1000,
            counter: 0,
            device: "a".into(),
        };
        assert!(a < b);
        assert!(a.to_string() < b.to_string());
        assert_eq!(a.to_string().parse::<Hlc>(), Ok(a));
        assert!("12-0000-x".parse::<Hlc>().is_err());
    }

    #[test]
    fn tick_and_receive_never_go_back() {
        let local = Hlc {
            millis: 5_000,
            counter: 3,
            device: "me".into(),
        };
        // The wall clock is behind what we wrote last: the counter moves on.
        assert_eq!(
            local.tick(4_000),
            Hlc {
                millis: 5_000,
                counter: 4,
                device: "me".into()
            }
        );
        let remote = Hlc {
            millis: 9_000,
            counter: 7,
            device: "other".into(),
        };
        let seen = local
            .receive(&remote, 6_000)
            .unwrap_or_else(|_| Hlc::zero("fail"));
        assert!(seen > remote && seen > local);
        assert_eq!(seen.device, "me");
        assert!(
            local
                .receive(
                    &Hlc {
                        millis: 6_000 + MAX_DRIFT_MS + 1,
                        counter: 0,
                        device: "x".into()
                    },
                    6_000
                )
                .is_err()
        );
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::{Hlc, MAX_DRIFT_MS};

        /// Wall times from 1970 to about 2096, counters with the edge of their range.
        fn millis() -> impl Strategy<Value = u64> {
            prop_oneof![
                0u64..4_000_000_000_000,
                Just(0),
                1_796_202_000_000u64..1_796_202_000_100
            ]
        }

        fn counter() -> impl Strategy<Value = u32> {
            prop_oneof![0u32..=0xffff, Just(0xffff), Just(0xfffe), Just(0)]
        }

        fn hlc() -> impl Strategy<Value = Hlc> {
            (millis(), counter(), "[a-f0-9-]{1,12}").prop_map(|(millis, counter, device)| Hlc {
                millis,
                counter,
                device,
            })
        }

        /// A device's next event: a local write, or reading another device's clock, each at a
        /// wall time that may run backwards.
        #[derive(Debug, Clone)]
        enum Event {
            Tick(u64),
            Receive(Hlc, u64),
        }

        fn event() -> impl Strategy<Value = Event> {
            prop_oneof![
                millis().prop_map(Event::Tick),
                (hlc(), millis()).prop_map(|(h, now)| Event::Receive(h, now))
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

            #[test]
            fn tick_moves_on_and_never_falls_behind_the_wall(local in hlc(), now in millis()) {
                let next = local.tick(now);
                prop_assert!(next > local);
                prop_assert!(next.millis >= now);
                prop_assert_eq!(next.device, local.device);
                prop_assert!(next.counter <= 0xffff);
            }

            #[test]
            fn receive_exceeds_both_clocks_or_refuses_one_too_far_ahead(local in hlc(), remote in hlc(), now in millis()) {
                match local.receive(&remote, now) {
                    Ok(seen) => {
                        prop_assert!(remote.millis <= now + MAX_DRIFT_MS);
                        prop_assert!(seen > local, "{} after {}", seen, local);
                        prop_assert!(seen > remote, "{} after {}", seen, remote);
                        prop_assert!(seen.millis >= now);
                        prop_assert_eq!(&seen.device, &local.device);
                        prop_assert!(seen.counter <= 0xffff);
                        // Whatever this device writes next orders after both.
                        let next = seen.tick(now);
                        prop_assert!(next > remote && next > local);
                    }
                    Err(ahead) => {
                        prop_assert!(remote.millis > now + MAX_DRIFT_MS);
                        prop_assert_eq!(ahead, remote.millis - now);
                    }
                }
            }

            #[test]
            fn a_device_clock_only_moves_forward(start in hlc(), events in prop::collection::vec(event(), 1..60)) {
                let mut clock = start;
                for event in events {
                    let next = match &event {
                        Event::Tick(now) => clock.tick(*now),
                        Event::Receive(remote, now) => match clock.receive(remote, *now) {
                            Ok(next) => next,
                            Err(_) => continue,
                        },
                    };
                    prop_assert!(next > clock, "{:?} took {} back to {}", event, clock, next);
                    clock = next;
                }
            }

            #[test]
            fn text_order_is_clock_order_and_text_reads_back(a in hlc(), b in hlc()) {
                prop_assert_eq!(a.cmp(&b), a.to_string().cmp(&b.to_string()));
                prop_assert_eq!(a.to_string().parse::<Hlc>(), Ok(a.clone()));
                let json = serde_json::to_string(&a).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(serde_json::from_str::<Hlc>(&json).map_err(|e| TestCaseError::fail(e.to_string()))?, a);
            }
        }
    }
}
