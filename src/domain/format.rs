//! How numbers and dates read for a person: Dutch digit grouping (`1.250.000`) and the Dutch
//! date (`06-03-2027`), written once for the CLI, documents, exports and messages.

use chrono::NaiveDate;

/// The Dutch date format, `dd-mm-jjjj`, as chrono spells it.
pub const DATE_NL: &str = "%d-%m-%Y";

/// A Dutch date with the time of day: `06-03-2027 14:30`.
pub const DATE_TIME_NL: &str = "%d-%m-%Y %H:%M";

/// A Dutch date with the time to the second, for when an edit happened: `06-03-2027 14:30:05`.
pub const DATE_TIME_SECONDS_NL: &str = "%d-%m-%Y %H:%M:%S";

/// A date the Dutch way: `06-03-2027`.
pub fn date_nl(date: NaiveDate) -> String {
    date.format(DATE_NL).to_string()
}

/// Digits in groups of three with `separator` between them: `1048576` → `1.048.576`.
pub fn group_digits(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// A whole number with Dutch grouping: `-12.500`.
pub fn number_nl(n: i64) -> String {
    let grouped = group_digits(n.unsigned_abs(), '.');
    if n < 0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers_and_dates() {
        assert_eq!(number_nl(0), "0");
        assert_eq!(number_nl(999), "999");
        assert_eq!(number_nl(1_000), "1.000");
        assert_eq!(number_nl(-1_250_000), "-1.250.000");
        assert_eq!(group_digits(1_048_576, ','), "1,048,576");
        assert_eq!(
            date_nl(NaiveDate::from_ymd_opt(2027, 3, 6).expect("date")),
            "06-03-2027"
        );
    }
}
