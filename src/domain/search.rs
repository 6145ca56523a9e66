//! Staff search over donors: names and addresses compared without case or
//! accents, the same on SQLite (whose `LOWER` folds ASCII only) and PostgreSQL.
//! Each donor row keeps a folded key; a search is folded the same way.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `text` lower-cased, without accents, ligatures spelled out: « Élodie
/// Lœuillet » and « elodie loeuillet » fold alike.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'œ' | 'Œ' => folded.push_str("oe"),
            'æ' | 'Æ' => folded.push_str("ae"),
            'ß' | 'ẞ' => folded.push_str("ss"),
            _ => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// What a donor is found by: their email address, and their name in both
/// orders (« Martin Camille » finds Camille Martin). Lines keep a search from
/// matching across two fields.
pub fn donor_key(email: &str, first_name: &str, last_name: &str) -> String {
    fold(&format!(
        "{email}\n{first_name} {last_name}\n{last_name} {first_name}"
    ))
}

/// What staff search finds a gift by: its donor's key, and the giving
/// company's name and SIREN.
pub fn gift_key(
    d: &crate::domain::donation::DonorDetails,
    company: Option<&crate::domain::donation::Company>,
) -> String {
    let key = donor_key(&d.email, &d.first_name, &d.last_name);
    match company {
        Some(c) => format!("{key}\n{}\n{}", fold(&c.name), c.siren),
        None => key,
    }
}

/// Whose name and address a yearly summary certifies, folded: two gifts made
/// under the same identity share a summary, whatever the case or accents typed.
/// A company's gifts are its own, apart from its contact's personal ones.
pub fn identity_key(
    d: &crate::domain::donation::DonorDetails,
    company: Option<&crate::domain::donation::Company>,
) -> String {
    let fields = [
        &d.first_name,
        &d.last_name,
        &d.address,
        &d.postal_code,
        &d.city,
        &d.country,
    ];
    let parts: Vec<String> = fields
        .iter()
        .map(|f| fold(&f.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    let key = parts.join("\n");
    match company {
        Some(company) => format!("{key}\ncompany {}", company.siren),
        None => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_and_ligatures_fold_away() {
        assert_eq!(fold("Élodie LŒUILLET"), "elodie loeuillet");
        assert_eq!(fold("Ève-Maëlle Çaçà"), "eve-maelle caca");
        assert_eq!(fold("Straße"), "strasse");
        // Compatibility forms: full-width letters, the « ﬁ » ligature.
        assert_eq!(fold("Ｃａｍｉｌｌｅ ﬁls"), "camille fils");
        // Already folded text is unchanged.
        assert_eq!(fold("camille@example.org"), "camille@example.org");
    }

    #[test]
    fn one_identity_whatever_the_case_accents_and_spaces() {
        let carol = |first: &str, city: &str| crate::domain::donation::DonorDetails {
            email: "carol@example.org".into(),
            first_name: first.into(),
            last_name: "Dupré".into(),
            address: "3 rue Haute".into(),
            postal_code: "75011".into(),
            city: city.into(),
            country: "FR".into(),
        };
        assert_eq!(
            identity_key(&carol("Carol", "Paris"), None),
            identity_key(&carol(" carol ", "PARIS"), None)
        );
        assert_ne!(
            identity_key(&carol("Carol", "Paris"), None),
            identity_key(&carol("Mallory", "Paris"), None)
        );
        // Fields do not run into each other.
        assert_ne!(
            identity_key(&carol("Carol", "Paris"), None),
            identity_key(&carol("Carol Paris", ""), None)
        );
    }

    #[test]
    fn a_donor_is_found_by_address_and_by_name_in_both_orders() {
        let key = donor_key("Camille@Example.org", "Émile", "Zola");
        assert!(key.contains("camille@example.org"));
        assert!(key.contains("emile zola"));
        assert!(key.contains("zola emile"));
        assert!(
            !key.contains("org emile"),
            "no match across fields: {key:?}"
        );
    }
}
