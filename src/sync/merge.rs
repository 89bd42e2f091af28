//! How a received op meets what a replica holds: last writer wins per field by the hybrid
//! logical clock, and two writes of a critical field made without seeing each other are a
//! conflict. Both decisions depend on the ops alone, so every replica decides the same.

use serde_json::Value;

use super::hlc::Hlc;

/// One write of one field, as a replica keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    /// The value written.
    pub value: Value,
    /// When (its device is the author's).
    pub hlc: Hlc,
    /// The clock of the value the author saw.
    pub base: Option<Hlc>,
}

/// Whether a write replaces the field's current one: it is later by the clock.
pub fn replaces(incoming: &Hlc, current: Option<&Hlc>) -> bool {
    current.is_none_or(|c| incoming > c)
}

/// Whether two writes of the same field conflict: different values, from different devices,
/// and the later one's author had not seen the earlier one (the value it saw was older).
pub fn conflict(a: &Write, b: &Write) -> bool {
    let (early, late) = if a.hlc < b.hlc { (a, b) } else { (b, a) };
    early.hlc != late.hlc
        && early.hlc.device != late.hlc.device
        && early.value != late.value
        && late.base.as_ref().is_none_or(|base| base < &early.hlc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(value: &str, millis: u64, device: &str, base: Option<(u64, &str)>) -> Write {
        Write {
            value: Value::from(value),
            hlc: Hlc {
                millis,
                counter: 0,
                device: device.into(),
            },
            base: base.map(|(m, d)| Hlc {
                millis: m,
                counter: 0,
                device: d.into(),
            }),
        }
    }

    #[test]
    fn unseen_edits_conflict_and_seen_ones_do_not() {
        let first = w("declined", 10, "a", None);
        assert!(conflict(&first, &w("interested", 20, "b", None)));
        assert!(conflict(&w("interested", 20, "b", Some((5, "c"))), &first));
        assert!(!conflict(
            &first,
            &w("interested", 20, "b", Some((10, "a")))
        ));
        assert!(!conflict(&first, &w("declined", 20, "b", None)));
        assert!(replaces(&first.hlc, None));
        assert!(!replaces(&first.hlc, Some(&first.hlc)));
    }
}
