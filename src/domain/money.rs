//! Euro amounts: parsing what people type ("1,2 mln", "€ 850.000", "850k") into cents.

/// Why an amount could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing that looks like a number.
    NotANumber,
    /// Zero or less where a positive amount is needed.
    NotPositive,
    /// Larger than any case or ticket could be (over € 10 billion).
    TooLarge,
}

impl AmountError {
    /// The stable error code a field error carries (`amount_format`, `amount_not_positive`, `amount_too_large`).
    pub fn code(&self) -> &'static str {
        match self {
            AmountError::NotANumber => "amount_format",
            AmountError::NotPositive => "amount_not_positive",
            AmountError::TooLarge => "amount_too_large",
        }
    }
}

/// Largest amount Tafel accepts, in cents: € 10 billion.
pub const MAX_CENTS: i64 = 10_000_000_000 * 100;

/// Parses an amount in euros as people write it, into cents.
///
/// Dutch notation first: `.` groups thousands and `,` is the decimal sign
/// (`€ 1.250.000,50`); a single `.` followed by other than three digits is a
/// decimal point (`1.5 mln`). Suffixes `k`/`duizend` and `m`/`mln`/`miljoen` multiply.
pub fn parse_euros(input: &str) -> Result<i64, AmountError> {
    let lower = input.trim().to_lowercase();
    let mut text: String = lower
        .replace('€', "")
        .replace("eur", "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '_' && *c != '\'')
        .collect();
    if text.ends_with(",-") || text.ends_with(".-") {
        text.truncate(text.len() - 2);
    }
    let (number, multiplier) = split_suffix(&text);
    let value = parse_number(number).ok_or(AmountError::NotANumber)?;
    let cents = (value * multiplier * 100.0).round();
    checked_cents(cents)
}

/// A rounded amount in cents as a positive amount within bounds.
fn checked_cents(cents: f64) -> Result<i64, AmountError> {
    if !cents.is_finite() {
        return Err(AmountError::NotANumber);
    }
    if cents <= 0.0 {
        return Err(AmountError::NotPositive);
    }
    if cents > MAX_CENTS as f64 {
        return Err(AmountError::TooLarge);
    }
    Ok(cents as i64)
}

/// Parses a whole-euro or fractional number (JSON number) into cents, positive only.
pub fn euros_to_cents(value: f64) -> Result<i64, AmountError> {
    let cents = (value * 100.0).round();
    checked_cents(cents)
}

fn split_suffix(text: &str) -> (&str, f64) {
    const SUFFIXES: &[(&str, f64)] = &[
        ("miljoen", 1e6),
        ("mln", 1e6),
        ("mio", 1e6),
        ("m", 1e6),
        ("duizend", 1e3),
        ("k", 1e3),
    ];
    for (suffix, multiplier) in SUFFIXES {
        if let Some(stripped) = text.strip_suffix(suffix) {
            return (stripped.trim_end_matches('.'), *multiplier);
        }
    }
    (text, 1.0)
}

fn parse_number(text: &str) -> Option<f64> {
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '-')
    {
        return None;
    }
    let dots = text.matches('.').count();
    let commas = text.matches(',').count();
    let normalised = match (dots, commas) {
        (0, 0) => text.to_string(),
        // Both present: the last one is the decimal sign.
        (_, _) if dots > 0 && commas > 0 => {
            let last_dot = text.rfind('.')?;
            let last_comma = text.rfind(',')?;
            if last_comma > last_dot {
                text.replace('.', "").replace(',', ".")
            } else {
                text.replace(',', "")
            }
        }
        (0, 1) => text.replace(',', "."),
        (0, _) => text.replace(',', ""),
        (1, 0) => {
            let after = text.len() - text.rfind('.')? - 1;
            if after == 3 {
                text.replace('.', "")
            } else {
                text.to_string()
            }
        }
        (_, _) => text.replace('.', ""),
    };
    normalised.parse::<f64>().ok()
}

/// Formats cents the Dutch way: `€ 1.250.000` (cents shown only when not whole).
pub fn format_euros(cents: i64) -> String {
    let negative = cents < 0;
    let abs = cents.unsigned_abs();
    let euros = abs / 100;
    let rest = abs % 100;
    let grouped = super::format::group_digits(euros, '.');
    let sign = if negative { "-" } else { "" };
    if rest == 0 {
        format!("€ {sign}{grouped}")
    } else {
        format!("€ {sign}{grouped},{rest:02}")
    }
}

#[cfg(test)]
// Cents written as euros_cents (`850_000_00` is € 850.000,00): the last group is the cents.
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ways_people_write_amounts() {
        assert_eq!(parse_euros("1,2 mln"), Ok(1_200_000_00));
        assert_eq!(parse_euros("€ 850.000"), Ok(850_000_00));
        assert_eq!(parse_euros("850k"), Ok(850_000_00));
        assert_eq!(parse_euros("40000"), Ok(40_000_00));
        assert_eq!(parse_euros("€ 1.250.000,50"), Ok(1_250_000_50));
        assert_eq!(parse_euros("1.5m"), Ok(1_500_000_00));
        assert_eq!(parse_euros("EUR 12.500,-"), Ok(12_500_00));
        assert_eq!(parse_euros("2 miljoen"), Ok(2_000_000_00));
        assert_eq!(parse_euros("1,250,000.00"), Ok(1_250_000_00));
    }

    #[test]
    fn refuses_what_is_not_a_positive_amount() {
        assert_eq!(parse_euros("veel"), Err(AmountError::NotANumber));
        assert_eq!(parse_euros(""), Err(AmountError::NotANumber));
        assert_eq!(parse_euros("0"), Err(AmountError::NotPositive));
        assert_eq!(parse_euros("-5000"), Err(AmountError::NotPositive));
        assert_eq!(parse_euros("99999999 mln"), Err(AmountError::TooLarge));
    }

    /// The vectors the UI's parser (`ui/src/lib/format.ts`) is tested against too.
    #[test]
    fn reads_the_shared_test_vectors_as_the_ui_does() {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../../assets/test-vectors/amounts.json"))
                .expect("amounts.json is JSON");
        let vectors = file["vectors"].as_array().expect("vectors");
        assert!(vectors.len() >= 40, "{} vectors", vectors.len());
        let mut wrong = Vec::new();
        for v in vectors {
            let input = v["input"].as_str().expect("input");
            let want = match (v.get("cents"), v.get("error")) {
                (Some(cents), None) => Ok(cents.as_i64().expect("cents")),
                (None, Some(code)) => Err(code.as_str().expect("error code").to_string()),
                _ => panic!("{input:?}: a vector has cents or an error"),
            };
            let got = parse_euros(input).map_err(|e| e.code().to_string());
            if got != want {
                wrong.push(format!("{input:?}: want {want:?}, got {got:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn formats_the_dutch_way() {
        assert_eq!(format_euros(1_250_000_00), "€ 1.250.000");
        assert_eq!(format_euros(850_00), "€ 850");
        assert_eq!(format_euros(12_345_67), "€ 12.345,67");
    }
}
