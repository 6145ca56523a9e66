//! Tax receipts: their numbers, the payment box they tick, the organisation
//! details they carry, and what the public verification page may show.
//! The rules are in `RECEIPTS.md` (shared docs).

use serde::{Deserialize, Serialize};
use time::Date;

/// « Numéro d'ordre du reçu »: `2026-000042`, one unbroken sequence per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReceiptNumber {
    pub year: i32,
    pub seq: i64,
}

impl ReceiptNumber {
    pub fn parse(input: &str) -> Option<ReceiptNumber> {
        let (year, seq) = input.split_once('-')?;
        if year.len() != 4
            || seq.len() < 6
            || !(year.bytes().chain(seq.bytes()).all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let number = ReceiptNumber {
            year: year.parse().ok()?,
            seq: seq.parse().ok()?,
        };
        (number.seq > 0 && number.to_string() == input).then_some(number)
    }
}

impl std::fmt::Display for ReceiptNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:06}", self.year, self.seq)
    }
}

/// « Mode de versement »: exactly one box is ticked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentBox {
    /// « Remise d'espèces »
    Cash,
    /// « Chèque »
    Cheque,
    /// « Virement, prélèvement, carte bancaire »
    TransferDebitCard,
}

impl PaymentBox {
    /// The box for a donation's payment method (`card`, `sepa_debit`, `transfer`,
    /// `cheque`, `cash`).
    pub fn for_method(method: &str) -> PaymentBox {
        match method {
            "cash" => PaymentBox::Cash,
            "cheque" => PaymentBox::Cheque,
            _ => PaymentBox::TransferDebitCard,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentBox::Cash => "cash",
            PaymentBox::Cheque => "cheque",
            PaymentBox::TransferDebitCard => "transfer_debit_card",
        }
    }

    pub fn parse(input: &str) -> Option<PaymentBox> {
        match input {
            "cash" => Some(PaymentBox::Cash),
            "cheque" => Some(PaymentBox::Cheque),
            "transfer_debit_card" => Some(PaymentBox::TransferDebitCard),
            _ => None,
        }
    }

    pub const ALL: [(PaymentBox, &'static str); 3] = [
        (PaymentBox::Cash, "Remise d'espèces"),
        (PaymentBox::Cheque, "Chèque"),
        (
            PaymentBox::TransferDebitCard,
            "Virement, prélèvement, carte bancaire",
        ),
    ];
}

/// The organisation's category, as ticked on the receipt.
pub const CATEGORIES: [(&str, &str); 4] = [
    (
        "interet_general",
        "Association ou fondation d'intérêt général",
    ),
    (
        "utilite_publique",
        "Association ou fondation reconnue d'utilité publique",
    ),
    ("culte", "Association cultuelle ou de bienfaisance"),
    ("autre", "Autre organisme d'intérêt général"),
];

/// The organisation's details as a receipt carries them: copied into the
/// receipt when it is issued, so that later edits never change it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuer {
    pub legal_name: String,
    /// `siren` or `rna`.
    pub registration_kind: String,
    pub registration_number: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub object: String,
    /// One of [`CATEGORIES`].
    pub category: String,
    /// For a body recognised of public utility: the decree's date.
    pub public_utility_decree_date: Option<Date>,
    pub reduction_rate_percent: i64,
    pub signatory_name: String,
    pub signatory_role: String,
    pub cerfa_revision: String,
}

impl Issuer {
    /// What is missing for a lawful receipt, in French; empty when complete.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        let checks = [
            (&self.legal_name, "la dénomination"),
            (&self.registration_number, "le numéro SIREN ou RNA"),
            (&self.address, "l'adresse"),
            (&self.postal_code, "le code postal"),
            (&self.city, "la ville"),
            (&self.object, "l'objet"),
            (&self.signatory_name, "le nom du signataire"),
            (&self.signatory_role, "la qualité du signataire"),
        ];
        for (value, label) in checks {
            if value.trim().is_empty() {
                missing.push(label);
            }
        }
        if self.category == "utilite_publique" && self.public_utility_decree_date.is_none() {
            missing.push("la date du décret de reconnaissance d'utilité publique");
        }
        missing
    }

    pub fn category_label(&self) -> &'static str {
        CATEGORIES
            .iter()
            .find(|(code, _)| *code == self.category)
            .map_or(CATEGORIES[0].1, |(_, label)| label)
    }
}

/// A donor's name as the public verification page shows it: « C. M*** ».
pub fn masked_name(first_name: &str, last_name: &str) -> String {
    let initial = first_name
        .trim()
        .chars()
        .next()
        .map(|c| format!("{}.", c.to_uppercase()))
        .unwrap_or_default();
    let last = last_name
        .trim()
        .chars()
        .next()
        .map(|c| format!("{}***", c.to_uppercase()))
        .unwrap_or_default();
    format!("{initial} {last}").trim().to_owned()
}

/// `dd/mm/yyyy`, as the Cerfa writes dates.
pub fn short_date(date: Date) -> String {
    format!(
        "{:02}/{:02}/{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn numbers_read_and_print_with_six_digits() {
        let n = ReceiptNumber {
            year: 2026,
            seq: 42,
        };
        assert_eq!(n.to_string(), "2026-000042");
        assert_eq!(ReceiptNumber::parse("2026-000042"), Some(n));
        assert_eq!(
            ReceiptNumber::parse("2026-1234567").map(|n| n.seq),
            Some(1_234_567)
        );
        for bad in [
            "2026-42",
            "2026-000000",
            "26-000042",
            "2026000042",
            "2026-00004a",
            "x",
            "2026-0000042",
        ] {
            assert_eq!(ReceiptNumber::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn card_sepa_and_transfer_tick_the_same_box() {
        for method in ["card", "sepa_debit", "transfer"] {
            assert_eq!(
                PaymentBox::for_method(method),
                PaymentBox::TransferDebitCard
            );
        }
        assert_eq!(PaymentBox::for_method("cheque"), PaymentBox::Cheque);
        assert_eq!(PaymentBox::for_method("cash"), PaymentBox::Cash);
    }

    #[test]
    fn names_are_masked() {
        assert_eq!(masked_name("Camille", "Martin"), "C. M***");
        assert_eq!(masked_name("élodie", "durand"), "É. D***");
        assert_eq!(masked_name("", "Martin"), "M***");
    }

    #[test]
    fn an_issuer_says_what_it_lacks() {
        let mut issuer = Issuer {
            legal_name: "Association".into(),
            registration_kind: "rna".into(),
            registration_number: "W123456789".into(),
            address: "1 rue".into(),
            postal_code: "69007".into(),
            city: "Lyon".into(),
            country: "FR".into(),
            object: "Logiciels libres".into(),
            category: "interet_general".into(),
            public_utility_decree_date: None,
            reduction_rate_percent: 66,
            signatory_name: "Alex".into(),
            signatory_role: "Trésorier".into(),
            cerfa_revision: "11580*05".into(),
        };
        assert!(issuer.missing().is_empty());
        issuer.category = "utilite_publique".into();
        assert_eq!(issuer.missing().len(), 1);
        issuer.public_utility_decree_date = Some(date!(2010 - 01 - 02));
        issuer.object = " ".into();
        assert_eq!(issuer.missing(), vec!["l'objet"]);
        assert_eq!(short_date(date!(2026 - 03 - 05)), "05/03/2026");
    }

    proptest! {
        #[test]
        fn numbers_round_trip(year in 2000i32..2100, seq in 1i64..10_000_000) {
            let n = ReceiptNumber { year, seq };
            prop_assert_eq!(ReceiptNumber::parse(&n.to_string()), Some(n));
        }
    }
}
