//! Tax receipts: their numbers, the payment box they tick, the organisation
//! details they carry, and what the public verification page may show.
//! The rules are in `RECEIPTS.md` (shared docs).

use serde::{Deserialize, Serialize};
use time::Date;

/// « Numéro d'ordre du reçu »: `2026-000042`, one unbroken sequence per year.
/// A specimen's number is apart, `SPECIMEN-2026-000001`: it takes no number
/// of the legal sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReceiptNumber {
    pub year: i32,
    pub seq: i64,
    pub specimen: bool,
}

/// The prefix of a specimen's number.
pub const SPECIMEN_PREFIX: &str = "SPECIMEN-";

impl ReceiptNumber {
    pub fn new(year: i32, seq: i64) -> ReceiptNumber {
        ReceiptNumber {
            year,
            seq,
            specimen: false,
        }
    }

    pub fn specimen(year: i32, seq: i64) -> ReceiptNumber {
        ReceiptNumber {
            specimen: true,
            ..ReceiptNumber::new(year, seq)
        }
    }

    pub fn parse(input: &str) -> Option<ReceiptNumber> {
        let (specimen, legal) = match input.strip_prefix(SPECIMEN_PREFIX) {
            Some(rest) => (true, rest),
            None => (false, input),
        };
        let (year, seq) = legal.split_once('-')?;
        if year.len() != 4
            || seq.len() < 6
            || !(year.bytes().chain(seq.bytes()).all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let number = ReceiptNumber {
            year: year.parse().ok()?,
            seq: seq.parse().ok()?,
            specimen,
        };
        (number.seq > 0 && number.to_string() == input).then_some(number)
    }
}

impl std::fmt::Display for ReceiptNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let prefix = if self.specimen { SPECIMEN_PREFIX } else { "" };
        write!(f, "{prefix}{:04}-{:06}", self.year, self.seq)
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
}

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
    /// One of [`cerfa::CATEGORIES`](super::cerfa::CATEGORIES).
    pub category: String,
    /// « Autres (précisez) » : what the organisation is.
    #[serde(default)]
    pub category_detail: String,
    /// The category's sub-box « Association loi 1901 » is ticked.
    #[serde(default)]
    pub association_1901: bool,
    /// For a body recognised by decree: the decree's date and the Journal
    /// officiel's that published it.
    pub public_utility_decree_date: Option<Date>,
    #[serde(default)]
    pub journal_officiel_date: Option<Date>,
    pub reduction_rate_percent: i64,
    pub signatory_name: String,
    pub signatory_role: String,
}

impl Issuer {
    /// What is missing for a lawful receipt, in French; empty when complete.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        let checks = [
            (
                &self.legal_name,
                crate::i18n::fr("staff-missing-legal-name"),
            ),
            (
                &self.registration_number,
                crate::i18n::fr("staff-missing-registration"),
            ),
            (&self.address, crate::i18n::fr("staff-missing-address")),
            (
                &self.postal_code,
                crate::i18n::fr("staff-missing-postal-code"),
            ),
            (&self.city, crate::i18n::fr("staff-missing-city")),
            (&self.object, crate::i18n::fr("staff-missing-object")),
            (
                &self.signatory_name,
                crate::i18n::fr("staff-missing-signatory-name"),
            ),
            (
                &self.signatory_role,
                crate::i18n::fr("staff-missing-signatory-role"),
            ),
        ];
        for (value, label) in checks {
            if value.trim().is_empty() {
                missing.push(label);
            }
        }
        match super::cerfa::category_by_code(&self.category) {
            None => missing.push(crate::i18n::fr("staff-missing-category")),
            Some(category) => {
                if category.dated && self.public_utility_decree_date.is_none() {
                    missing.push(crate::i18n::fr("staff-missing-decree-date"));
                }
                if category.dated && self.journal_officiel_date.is_none() {
                    missing.push(crate::i18n::fr("staff-missing-jo-date"));
                }
                if category.precise && self.category_detail.trim().is_empty() {
                    missing.push(crate::i18n::fr("staff-missing-category-detail"));
                }
                if self.reduction_rate_percent == 75 && !category.allows_75 {
                    missing.push(crate::i18n::fr("staff-missing-category-75"));
                }
            }
        }
        missing
    }

    /// The category box ticked on the receipt.
    pub fn category(&self) -> Option<&'static super::cerfa::Category> {
        super::cerfa::category_by_code(&self.category)
    }
}

/// The organisation's settings as typed on the settings page.
#[derive(Debug, Clone, Default)]
pub struct IssuerForm {
    pub legal_name: String,
    pub registration_kind: String,
    pub registration_number: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub object: String,
    pub category: String,
    pub category_detail: String,
    /// The checkbox's value, `on` when ticked.
    pub association_1901: String,
    pub public_utility_decree_date: String,
    pub journal_officiel_date: String,
    pub reduction_rate_percent: String,
    pub signatory_name: String,
    pub signatory_role: String,
    pub receipt_min: String,
}

/// A SIREN number: nine digits whose Luhn sum is a multiple of ten.
pub fn siren_valid(number: &str) -> bool {
    number.len() == 9
        && number.bytes().all(|b| b.is_ascii_digit())
        && number
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 1 {
                    let twice = d * 2;
                    if twice > 9 { twice - 9 } else { twice }
                } else {
                    d
                }
            })
            .sum::<u32>()
            .is_multiple_of(10)
}

/// An RNA number: « W » and nine digits.
pub fn rna_valid(number: &str) -> bool {
    number.len() == 10 && number.starts_with('W') && number[1..].bytes().all(|b| b.is_ascii_digit())
}

impl IssuerForm {
    /// The settings, or a French message for each faulty field.
    pub fn validate(
        &self,
        today: Date,
    ) -> Result<(Issuer, super::money::Cents), super::donation::FieldErrors> {
        use super::donation::clean_text;
        let mut errors = super::donation::FieldErrors::default();
        let mut text = |field: &'static str, value: &str, max: usize, label: &str| {
            let cleaned = clean_text(value, field == "object");
            if cleaned.is_empty() {
                errors.add(field, format!("Indiquez {label}."));
            } else if cleaned.chars().count() > max {
                errors.add(field, format!("{max} caractères au plus."));
            }
            cleaned
        };
        let legal_name = text(
            "legal_name",
            &self.legal_name,
            200,
            "la dénomination de l'organisme",
        );
        let address = text("address", &self.address, 200, "l'adresse");
        let city = text("city", &self.city, 100, "la ville");
        let object = text("object", &self.object, 500, "l'objet de l'organisme");
        let signatory_name = text(
            "signatory_name",
            &self.signatory_name,
            100,
            "le nom du signataire",
        );
        let signatory_role = text(
            "signatory_role",
            &self.signatory_role,
            100,
            "la qualité du signataire",
        );
        let postal_code = clean_text(&self.postal_code, false);
        let country = match self.country.trim() {
            "" => "FR".to_owned(),
            code => code.to_ascii_uppercase(),
        };
        if !super::donation::COUNTRIES
            .iter()
            .any(|(c, _)| *c == country)
        {
            errors.add("country", "Choisissez un pays dans la liste.");
        }
        if postal_code.is_empty() {
            errors.add("postal_code", "Indiquez le code postal.");
        } else if country == "FR"
            && !(postal_code.len() == 5 && postal_code.bytes().all(|b| b.is_ascii_digit()))
        {
            errors.add("postal_code", "Un code postal français a cinq chiffres.");
        }
        let registration_kind = self.registration_kind.trim().to_owned();
        let registration_number: String = self
            .registration_number
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        match registration_kind.as_str() {
            "siren" if !siren_valid(&registration_number) => errors.add(
                "registration_number",
                "Un numéro SIREN a neuf chiffres (vérifiez-le sur l'avis de situation Insee).",
            ),
            "rna" if !rna_valid(&registration_number) => errors.add(
                "registration_number",
                "Un numéro RNA s'écrit W suivi de neuf chiffres, par exemple W691234567.",
            ),
            "siren" | "rna" => {}
            _ => errors.add("registration_kind", "Choisissez SIREN ou RNA."),
        }
        let category_code = self.category.trim().to_owned();
        let category = super::cerfa::category_by_code(&category_code);
        if category.is_none() {
            errors.add("category", "Choisissez la catégorie de l'organisme.");
        }
        let dated = category.is_some_and(|c| c.dated);
        let mut date = |field: &'static str, typed: &str, missing: &str| {
            let typed = typed.trim();
            if typed.is_empty() {
                if dated {
                    errors.add(field, missing.to_owned());
                }
                return None;
            }
            let format = time::macros::format_description!("[year]-[month]-[day]");
            match Date::parse(typed, format) {
                Ok(date) if date <= today => Some(date),
                Ok(_) => {
                    errors.add(field, "Cette date est dans le futur.");
                    None
                }
                Err(_) => {
                    errors.add(field, "Indiquez une date au format AAAA-MM-JJ.");
                    None
                }
            }
        };
        let public_utility_decree_date = date(
            "public_utility_decree_date",
            &self.public_utility_decree_date,
            "Indiquez la date du décret de reconnaissance d'utilité publique.",
        );
        let journal_officiel_date = date(
            "journal_officiel_date",
            &self.journal_officiel_date,
            "Indiquez la date du Journal officiel qui a publié le décret.",
        );
        let (public_utility_decree_date, journal_officiel_date) = if dated {
            if let (Some(decree), Some(journal)) =
                (public_utility_decree_date, journal_officiel_date)
                && journal < decree
            {
                errors.add(
                    "journal_officiel_date",
                    "Le Journal officiel publie le décret après sa date : vérifiez les deux dates.",
                );
            }
            (public_utility_decree_date, journal_officiel_date)
        } else {
            // Only a category recognised by decree prints the dates.
            (None, None)
        };
        let category_detail = clean_text(&self.category_detail, false);
        let category_detail = if category.is_some_and(|c| c.precise) {
            if category_detail.is_empty() {
                errors.add(
                    "category_detail",
                    "Précisez la catégorie de l'organisme, telle qu'elle figurera sur le reçu.",
                );
            } else if category_detail.chars().count() > 200 {
                errors.add("category_detail", "200 caractères au plus.");
            }
            category_detail
        } else {
            String::new()
        };
        let association_1901 = category.is_some_and(|c| c.sub_box.is_some())
            && matches!(self.association_1901.trim(), "on" | "true" | "1");
        let reduction_rate_percent = match self.reduction_rate_percent.trim() {
            "66" => 66,
            "75" if category.is_none_or(|c| c.allows_75) => 75,
            "75" => {
                errors.add(
                    "reduction_rate_percent",
                    "Le taux de 75 % est réservé aux organismes qui aident gratuitement des personnes en difficulté (repas, soins, logement) ou les victimes de violences domestiques : choisissez l'une de ces catégories, ou le taux de 66 %.",
                );
                75
            }
            _ => {
                errors.add(
                    "reduction_rate_percent",
                    "Le taux de réduction est 66 % ou 75 %.",
                );
                66
            }
        };
        let receipt_min = match self.receipt_min.trim() {
            "" => super::money::Cents::new(0),
            typed => match super::money::Cents::parse(typed) {
                Ok(cents) => cents,
                Err(_) => {
                    errors.add(
                        "receipt_min",
                        "Indiquez un montant en euros, par exemple 0 ou 15,00.",
                    );
                    super::money::Cents::new(0)
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((
            Issuer {
                legal_name,
                registration_kind,
                registration_number,
                address,
                postal_code,
                city,
                country,
                object,
                category: category_code,
                category_detail,
                association_1901,
                public_utility_decree_date,
                journal_officiel_date,
                reduction_rate_percent,
                signatory_name,
                signatory_role,
            },
            receipt_min,
        ))
    }

    /// The form holding saved settings.
    pub fn from_issuer(issuer: &Issuer, receipt_min: super::money::Cents) -> IssuerForm {
        IssuerForm {
            legal_name: issuer.legal_name.clone(),
            registration_kind: issuer.registration_kind.clone(),
            registration_number: issuer.registration_number.clone(),
            address: issuer.address.clone(),
            postal_code: issuer.postal_code.clone(),
            city: issuer.city.clone(),
            country: issuer.country.clone(),
            object: issuer.object.clone(),
            category: issuer.category.clone(),
            category_detail: issuer.category_detail.clone(),
            association_1901: if issuer.association_1901 { "on" } else { "" }.to_owned(),
            public_utility_decree_date: issuer
                .public_utility_decree_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
            journal_officiel_date: issuer
                .journal_officiel_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
            reduction_rate_percent: issuer.reduction_rate_percent.to_string(),
            signatory_name: issuer.signatory_name.clone(),
            signatory_role: issuer.signatory_role.clone(),
            receipt_min: if receipt_min.get() == 0 {
                "0".to_owned()
            } else {
                receipt_min
                    .to_string()
                    .trim_end_matches(['€', '\u{202F}'])
                    .replace('\u{202F}', "")
            },
        }
    }
}

/// The day, each year, when the previous year's summaries are issued by
/// themselves: 15 January unless the organisation sets another (`MM-DD`).
pub const SUMMARIES_ON_DEFAULT: (time::Month, u8) = (time::Month::January, 15);

/// A month and day written `MM-DD` (29 February refused: not every year has one).
pub fn parse_month_day(text: &str) -> Option<(time::Month, u8)> {
    let (month, day) = text.trim().split_once('-')?;
    let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
    let day = day.parse::<u8>().ok()?;
    // A year without 29 February: every other date exists every year.
    time::Date::from_calendar_date(2025, month, day).ok()?;
    Some((month, day))
}

/// A day of the year as staff type it, `jj/mm` (« 15/01 »), and back.
pub fn parse_day_month(text: &str) -> Option<(time::Month, u8)> {
    let (day, month) = text.trim().split_once('/')?;
    parse_month_day(&format!("{}-{}", month.trim(), day.trim()))
}

/// `(month, day)` as stored (`MM-DD`) and as shown (`jj/mm`).
pub fn month_day_text((month, day): (time::Month, u8)) -> (String, String) {
    let m = u8::from(month);
    (format!("{m:02}-{day:02}"), format!("{day:02}/{m:02}"))
}

/// The year whose summaries are due to be issued by themselves at `now`:
/// the previous one, once its day `on` has come in Paris.
pub fn summaries_due(now: time::OffsetDateTime, on: (time::Month, u8)) -> Option<i32> {
    let today = super::dates::in_paris(now).date();
    let day = time::Date::from_calendar_date(today.year(), on.0, on.1).ok()?;
    (today >= day).then(|| today.year() - 1)
}

/// Why year `year`'s summaries cannot be issued at `now`, if they cannot: a
/// summary certifies every payment of a year, so only a year that is over
/// (in Paris) has one; before 2000 there is nothing to certify.
pub fn summary_year_refused(year: i32, now: time::OffsetDateTime) -> Option<String> {
    let this_year = super::dates::in_paris(now).year();
    if year >= this_year {
        Some(format!(
            "l'année {year} n'est pas terminée : ses reçus récapitulatifs ne peuvent être émis qu'à partir du 1er janvier {}",
            year + 1
        ))
    } else if year < 2000 {
        Some(format!("l'année {year} n'est pas une année de dons"))
    } else {
        None
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

/// A receipt for one gift, or a yearly summary of monthly payments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReceiptKind {
    Single,
    Annual,
}

/// A receipt stands, or was cancelled (and possibly replaced).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReceiptStatus {
    Valid,
    Cancelled,
}

super::stored_names!(ReceiptKind, "receipt kind", Single => "single", Annual => "annual");
super::stored_names!(ReceiptStatus, "receipt status", Valid => "valid", Cancelled => "cancelled");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_year_s_summaries_are_due_from_their_day_in_paris() {
        use time::macros::datetime;
        let on = SUMMARIES_ON_DEFAULT;
        assert_eq!(summaries_due(datetime!(2027-01-14 12:00 UTC), on), None);
        // 15 January, 00:30 in Paris.
        assert_eq!(
            summaries_due(datetime!(2027-01-14 23:30 UTC), on),
            Some(2026)
        );
        assert_eq!(
            summaries_due(datetime!(2027-06-01 12:00 UTC), on),
            Some(2026)
        );
        let march = parse_month_day("03-01").unwrap();
        assert_eq!(summaries_due(datetime!(2027-02-20 12:00 UTC), march), None);
        assert_eq!(parse_month_day("02-29"), None);
        assert_eq!(parse_month_day("13-01"), None);
        assert_eq!(parse_month_day("01-15"), Some(on));
        assert_eq!(parse_day_month(" 15/01 "), Some(on));
        assert_eq!(parse_day_month("31/02"), None);
        assert_eq!(month_day_text(on), ("01-15".to_owned(), "15/01".to_owned()));
    }

    #[test]
    fn a_yearly_summary_only_for_a_year_that_is_over_in_paris() {
        use time::macros::datetime;
        // 1 December 2026: 2026 is running, 2027 and 2030 are to come.
        let december = datetime!(2026-12-01 10:00 UTC);
        assert_eq!(summary_year_refused(2025, december), None);
        for year in [2026, 2027, 2030] {
            let why = summary_year_refused(year, december).expect("refused");
            assert!(why.contains("n'est pas terminée"), "{why}");
        }
        // New Year's Eve at 23:30 UTC is already 1 January in Paris.
        assert_eq!(
            summary_year_refused(2026, datetime!(2026-12-31 23:30 UTC)),
            None
        );
        assert!(summary_year_refused(2026, datetime!(2026-12-31 22:30 UTC)).is_some());
        assert!(summary_year_refused(1999, december).is_some());
    }
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn numbers_read_and_print_with_six_digits() {
        let n = ReceiptNumber::new(2026, 42);
        let specimen = ReceiptNumber::specimen(2026, 1);
        assert_eq!(specimen.to_string(), "SPECIMEN-2026-000001");
        assert_eq!(ReceiptNumber::parse("SPECIMEN-2026-000001"), Some(specimen));
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
            category_detail: String::new(),
            association_1901: true,
            public_utility_decree_date: None,
            journal_officiel_date: None,
            reduction_rate_percent: 66,
            signatory_name: "Alex".into(),
            signatory_role: "Trésorier".into(),
        };
        assert!(issuer.missing().is_empty());
        issuer.reduction_rate_percent = 75;
        assert_eq!(
            issuer.missing(),
            vec!["une catégorie ouvrant le taux de 75 %"]
        );
        issuer.reduction_rate_percent = 66;
        issuer.category = "utilite_publique".into();
        assert_eq!(issuer.missing().len(), 2);
        issuer.public_utility_decree_date = Some(date!(2010 - 01 - 02));
        issuer.journal_officiel_date = Some(date!(2010 - 01 - 09));
        issuer.object = " ".into();
        assert_eq!(issuer.missing(), vec!["l'objet"]);
        assert_eq!(short_date(date!(2026 - 03 - 05)), "05/03/2026");
    }

    #[test]
    fn siren_and_rna_numbers_are_checked() {
        assert!(siren_valid("732829320"));
        assert!(!siren_valid("732829321"));
        assert!(!siren_valid("73282932"));
        assert!(rna_valid("W691234567"));
        assert!(!rna_valid("691234567"));
        assert!(!rna_valid("W69123456A"));
    }

    #[test]
    fn the_settings_form_explains_each_fault() {
        let today = date!(2026 - 11 - 26);
        let good = IssuerForm {
            legal_name: "Association".into(),
            registration_kind: "siren".into(),
            registration_number: "732 829 320".into(),
            address: "1 rue".into(),
            postal_code: "69007".into(),
            city: "Lyon".into(),
            country: "FR".into(),
            object: "Objet".into(),
            category: "utilite_publique".into(),
            category_detail: "ignoré".into(),
            association_1901: "on".into(),
            public_utility_decree_date: "2001-02-03".into(),
            journal_officiel_date: "2001-02-10".into(),
            reduction_rate_percent: "66".into(),
            signatory_name: "Alex".into(),
            signatory_role: "Président".into(),
            receipt_min: "15,50".into(),
        };
        let (issuer, min) = good.validate(today).unwrap();
        assert_eq!(issuer.registration_number, "732829320");
        assert_eq!(min.get(), 1550);
        assert_eq!(
            issuer.public_utility_decree_date,
            Some(date!(2001 - 02 - 03))
        );
        // Only « Autres » keeps its detail, only its category its sub-box.
        assert_eq!(issuer.category_detail, "");
        assert!(!issuer.association_1901);
        let round_trip = IssuerForm::from_issuer(&issuer, min)
            .validate(today)
            .unwrap();
        assert_eq!(round_trip.0, issuer);
        let bad = IssuerForm {
            legal_name: " ".into(),
            registration_number: "123".into(),
            public_utility_decree_date: "".into(),
            reduction_rate_percent: "50".into(),
            receipt_min: "beaucoup".into(),
            postal_code: "690".into(),
            ..good.clone()
        };
        let errors = bad.validate(today).unwrap_err();
        let fields: Vec<_> = errors.fields().collect();
        for field in [
            "legal_name",
            "registration_number",
            "public_utility_decree_date",
            "reduction_rate_percent",
            "receipt_min",
            "postal_code",
        ] {
            assert!(fields.contains(&field), "{field}: {fields:?}");
        }
        // 75 % without a category that opens it, a dated category without
        // its Journal officiel, « Autres » without its words: each refused.
        let contradictions = [
            ("interet_general", "75", "", "", "reduction_rate_percent"),
            (
                "autre",
                "75",
                "Aide aux victimes",
                "",
                "reduction_rate_percent",
            ),
            ("autre", "66", " ", "", "category_detail"),
            ("utilite_publique", "66", "", "", "journal_officiel_date"),
            (
                "utilite_publique",
                "66",
                "",
                "2001-02-01",
                "journal_officiel_date",
            ),
        ];
        for (category, rate, detail, journal, field) in contradictions {
            let form = IssuerForm {
                category: category.into(),
                reduction_rate_percent: rate.into(),
                category_detail: detail.into(),
                journal_officiel_date: journal.into(),
                ..good.clone()
            };
            let errors = form.validate(today).unwrap_err();
            assert_eq!(
                errors.fields().collect::<Vec<_>>(),
                [field],
                "{category} {rate}"
            );
        }
        let coluche = IssuerForm {
            category: "aide_personnes".into(),
            reduction_rate_percent: "75".into(),
            ..good.clone()
        };
        assert_eq!(
            coluche.validate(today).unwrap().0.reduction_rate_percent,
            75
        );
    }

    proptest! {
        #[test]
        fn numbers_round_trip(year in 2000i32..2100, seq in 1i64..10_000_000) {
            let n = ReceiptNumber::new(year, seq);
            prop_assert_eq!(ReceiptNumber::parse(&n.to_string()), Some(n));
        }
    }
}
