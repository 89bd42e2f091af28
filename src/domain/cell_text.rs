//! Text cells in CSV files that spreadsheet programs would run as formulas.
//!
//! Excel, LibreOffice and Numbers treat a CSV cell starting with `=`, `+`, `-` or `@` (and,
//! after a tab or carriage return, the same) as a formula: an exported case list whose notes
//! start with `=HYPERLINK(…)` would run it on a member's laptop. Such cells are written with a
//! leading apostrophe, which the programs show as plain text, and the apostrophe is taken off
//! again when Tafel reads the file back, so an export imports unchanged.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The text as it must be written to a CSV cell: with a leading apostrophe when a spreadsheet
/// would otherwise run it.
pub fn neutralise_formula(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text a CSV cell holds, with the apostrophe [`neutralise_formula`] added taken off.
pub fn restore_formula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_an_apostrophe_and_lose_it_again() {
        for text in [
            "=HYPERLINK(\"http://x\";\"klik\")",
            "+31 6 1234",
            "-1+1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            let written = neutralise_formula(text);
            assert!(written.starts_with('\''), "{text}");
            assert_eq!(restore_formula(&written), text);
        }
        for text in ["Bakkerij", "", "'quoted", "1-2", "€ 5.000"] {
            assert_eq!(neutralise_formula(text), text);
            assert_eq!(restore_formula(text), text);
        }
    }
}
