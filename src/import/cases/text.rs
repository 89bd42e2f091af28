//! Folding text for loose comparison: case, accents and punctuation do not count.

/// Lower case, accents removed, every run of non-alphanumerics one space, trimmed:
/// `"KvK-nummer"` → `"kvk nummer"`, `"Fryslân"` → `"fryslan"`, `"Bedrag (€)"` → `"bedrag"`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars().flat_map(char::to_lowercase) {
        let base = strip_accent(ch);
        if base.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(base);
        } else {
            pending_space = true;
        }
    }
    out
}

fn strip_accent(ch: char) -> char {
    match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("KvK-nummer"), "kvk nummer");
        assert_eq!(fold("  Fryslân "), "fryslan");
        assert_eq!(fold("Bedrag (€)"), "bedrag");
        assert_eq!(fold("Kapitaalsoort(en)"), "kapitaalsoort en");
        assert_eq!(fold("Nr."), "nr");
        assert_eq!(fold("Agri & food"), "agri food");
        assert_eq!(fold("Geïnteresseerd"), "geinteresseerd");
    }
}
