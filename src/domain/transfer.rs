//! Gifts by bank transfer: the personal reference a donor writes on their
//! transfer, and finding it again in a bank statement's text.
//!
//! A reference reads `DON-7KQ4-P9`: five random characters and a check
//! character (Luhn mod N), from an alphabet without look-alikes (no 0/O,
//! 1/I/L, 2/Z, 5/S, 8/B, U/V), so that a reference copied by hand or retyped
//! by a bank is read back, and a mistyped one is not taken for another's.

/// The characters of a reference: no two that can be mistaken for each other
/// (24 of them: Luhn mod N needs an even count).
pub const ALPHABET: &[u8; 24] = b"34679ACDEFGHJKMNPQRTUWXY";

/// The random characters of a reference (24⁵: nearly eight million).
const BODY: usize = 5;

/// A transfer's reference, checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference(String);

impl Reference {
    /// The reference for `random` (five values, each taken modulo the
    /// alphabet's size).
    pub fn from_random(random: [u8; BODY]) -> Reference {
        let body: Vec<u8> = random
            .iter()
            .map(|r| ALPHABET[usize::from(*r) % ALPHABET.len()])
            .collect();
        let check = check_char(&body);
        let mut code = body;
        code.push(check);
        Reference(String::from_utf8(code).unwrap_or_default())
    }

    /// The six characters, without the prefix nor dashes (`7KQ4P9`).
    pub fn code(&self) -> &str {
        &self.0
    }

    /// Reads a reference as typed: any case, with or without `DON`, spaces,
    /// dashes or dots; `None` unless its check character is right.
    pub fn parse(typed: &str) -> Option<Reference> {
        let compact = compact(typed);
        let code = compact.strip_prefix(b"DON").unwrap_or(&compact);
        valid(code).then(|| Reference(String::from_utf8_lossy(code).into_owned()))
    }

    /// Finds the reference in a statement line's free text (a bank may cut
    /// it, space it, or put it amid other words): the first `DON` followed by
    /// six characters of the alphabet with a right check character.
    pub fn find(text: &str) -> Option<Reference> {
        compact(text).windows(3 + BODY + 1).find_map(|w| {
            let code = &w[3..];
            (w.starts_with(b"DON") && valid(code))
                .then(|| Reference(String::from_utf8_lossy(code).into_owned()))
        })
    }
}

impl std::fmt::Display for Reference {
    /// `DON-7KQ4-P9`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (head, tail) = self.0.split_at(4.min(self.0.len()));
        write!(f, "DON-{head}-{tail}")
    }
}

/// `text` without the separators people and banks put in a reference, in
/// capitals.
fn compact(text: &str) -> Vec<u8> {
    text.bytes()
        .filter(|b| !matches!(b, b' ' | b'-' | b'.' | b'_' | b'/' | b':'))
        .map(|b| b.to_ascii_uppercase())
        .collect()
}

fn index(c: u8) -> Option<usize> {
    ALPHABET.iter().position(|a| *a == c)
}

/// Luhn mod N over the alphabet: catches every single wrong character, and
/// every swap of two neighbours but that of « 3 » and « Y » (the first and
/// last of the alphabet, as 0 and 9 for Luhn's digits).
fn check_char(body: &[u8]) -> u8 {
    let n = ALPHABET.len();
    let mut sum = 0;
    for (i, c) in body.iter().rev().enumerate() {
        let mut v = index(*c).unwrap_or(0);
        if i % 2 == 0 {
            v *= 2;
            v = v / n + v % n;
        }
        sum += v;
    }
    ALPHABET[(n - sum % n) % n]
}

fn valid(code: &[u8]) -> bool {
    code.len() == BODY + 1
        && code.iter().all(|c| index(*c).is_some())
        && check_char(&code[..BODY]) == code[BODY]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_reads_back_however_it_is_typed() {
        let r = Reference::from_random([6, 12, 17, 1, 16]);
        let shown = r.to_string();
        assert!(shown.starts_with("DON-") && shown.len() == 11, "{shown}");
        for typed in [
            shown.clone(),
            shown.to_lowercase(),
            shown.replace('-', " "),
            r.code().to_owned(),
            format!(" don.{}", r.code()),
        ] {
            assert_eq!(Reference::parse(&typed), Some(r.clone()), "{typed}");
        }
        assert_eq!(
            Reference::find(&format!(
                "VIR SEPA M DUPONT {} MERCI",
                shown.replace('-', " ")
            )),
            Some(r.clone())
        );
        assert_eq!(Reference::find("VIR SEPA COTISATION 2026"), None);
    }

    #[test]
    fn no_look_alikes_and_every_single_error_or_swap_is_caught() {
        assert_eq!(ALPHABET.len() % 2, 0);
        for c in b"0O1IL2Z5S8BV" {
            assert!(!ALPHABET.contains(c), "{}", *c as char);
        }
        for random in [
            [3, 9, 14, 20, 23],
            [0, 1, 2, 3, 4],
            [23, 22, 21, 20, 19],
            [7, 7, 8, 11, 16],
        ] {
            let code = Reference::from_random(random).code().as_bytes().to_vec();
            for i in 0..code.len() {
                for c in ALPHABET {
                    if *c == code[i] {
                        continue;
                    }
                    let mut wrong = code.clone();
                    wrong[i] = *c;
                    assert!(!valid(&wrong), "{}", String::from_utf8_lossy(&wrong));
                }
                let pair = [code[i], *code.get(i + 1).unwrap_or(&code[i])];
                if i + 1 < code.len() && code[i] != code[i + 1] && pair != *b"3Y" && pair != *b"Y3"
                {
                    let mut swapped = code.clone();
                    swapped.swap(i, i + 1);
                    assert!(!valid(&swapped), "{}", String::from_utf8_lossy(&swapped));
                }
            }
        }
    }
}

/// The organisation's IBAN as typed: kept in its electronic form (no spaces,
/// capitals) when its country's length and its check digits are right.
pub fn parse_iban(typed: &str) -> Result<String, &'static str> {
    let compact: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    if compact.is_empty() {
        return Ok(String::new());
    }
    compact
        .parse::<iban::Iban>()
        .map(|iban| {
            use iban::IbanLike;
            iban.electronic_str().to_owned()
        })
        .map_err(|_| {
            "Cet IBAN n'est pas valable : vérifiez-le sur votre relevé d'identité bancaire (par exemple FR76 3000 6000 0112 3456 7890 189)."
        })
}

/// The IBAN grouped by four, as printed for donors.
pub fn iban_for_print(iban: &str) -> String {
    iban.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A BIC as typed: 8 or 11 characters (bank, country, place, branch).
pub fn parse_bic(typed: &str) -> Result<String, &'static str> {
    let bic = typed.trim().replace(' ', "").to_ascii_uppercase();
    if bic.is_empty() {
        return Ok(bic);
    }
    let b = bic.as_bytes();
    let ok = (b.len() == 8 || b.len() == 11)
        && b[..6].iter().all(u8::is_ascii_alphabetic)
        && b[6..].iter().all(u8::is_ascii_alphanumeric);
    if ok {
        Ok(bic)
    } else {
        Err("Un BIC a 8 ou 11 caractères, par exemple AGRIFRPP ou AGRIFRPP882.")
    }
}

#[cfg(test)]
mod bank_details {
    use super::*;

    #[test]
    fn an_iban_and_a_bic_are_checked_and_kept_in_their_plain_form() {
        assert_eq!(
            parse_iban("fr76 3000 6000 0112 3456 7890 189"),
            Ok("FR7630006000011234567890189".to_owned())
        );
        assert_eq!(
            iban_for_print("FR7630006000011234567890189"),
            "FR76 3000 6000 0112 3456 7890 189"
        );
        assert!(
            parse_iban("FR76 3000 6000 0112 3456 7890 188").is_err(),
            "a wrong check"
        );
        assert!(parse_iban("FR76 3000").is_err());
        assert_eq!(parse_iban(" "), Ok(String::new()));
        assert_eq!(parse_bic("agri frpp"), Ok("AGRIFRPP".to_owned()));
        assert_eq!(parse_bic("AGRIFRPP882"), Ok("AGRIFRPP882".to_owned()));
        assert!(parse_bic("AGRI1RPP").is_err());
        assert!(parse_bic("AGRIFRP").is_err());
    }
}
