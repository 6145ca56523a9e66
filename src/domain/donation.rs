//! A gift as the donor fills the form, checked once into a [`ValidDonation`].

use super::guestbook;
use super::money::{AmountError, Cents};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Once,
    Monthly,
}

impl Frequency {
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Once => "once",
            Frequency::Monthly => "monthly",
        }
    }

    pub fn parse(value: &str) -> Option<Frequency> {
        match value {
            "once" => Some(Frequency::Once),
            "monthly" => Some(Frequency::Monthly),
            _ => None,
        }
    }
}

/// Who took the payment: the demo page, Stripe, or staff recording a cheque,
/// a transfer or cash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    Demo,
    Stripe,
    Offline,
}

super::stored_names!(Provider, "payment provider", Demo => "demo", Stripe => "stripe", Offline => "offline");

impl Provider {
    /// What staff pages call it.
    pub fn label(self) -> &'static str {
        match self {
            Provider::Offline => crate::i18n::fr("staff-provider-offline"),
            Provider::Demo => crate::i18n::fr("staff-provider-demo"),
            Provider::Stripe => "Stripe",
        }
    }
}

/// Who gives: a person (the default) or a company, which gets the companies'
/// receipt model (article 238 bis CGI) and its 60 % reduction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DonorKind {
    #[default]
    Person,
    Company,
}

super::stored_names!(DonorKind, "donor kind", Person => "person", Company => "company");

impl DonorKind {
    /// A company when there is one.
    pub fn of(company: Option<&Company>) -> DonorKind {
        if company.is_some() {
            DonorKind::Company
        } else {
            DonorKind::Person
        }
    }

    /// The receipt model this donor gets.
    pub fn model(self) -> super::cerfa::Model {
        match self {
            DonorKind::Person => super::cerfa::Model::Individuals,
            DonorKind::Company => super::cerfa::Model::Companies,
        }
    }
}

/// A giving company, as its receipt names it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Company {
    /// « Dénomination »
    pub name: String,
    /// « Forme juridique » (SAS, SARL…)
    pub legal_form: String,
    /// Nine digits, Luhn-checked.
    pub siren: String,
}

/// Who gave, as staff pages list it: « Camille Martin », or for a company
/// « Entreprise Exemple SAS (SAS, SIREN 732 829 320) — Camille Martin ».
pub fn donor_label(first_name: &str, last_name: &str, company: Option<&Company>) -> String {
    let person = format!("{first_name} {last_name}").trim().to_owned();
    match company {
        Some(c) if person.is_empty() => format!("Entreprise {}", c.describe()),
        Some(c) => format!("Entreprise {} — {person}", c.describe()),
        None => person,
    }
}

impl Company {
    /// As stored (JSON), for a column that is NULL for a person.
    pub fn to_json(company: Option<&Company>) -> Option<String> {
        company.and_then(|c| serde_json::to_string(c).ok())
    }

    pub fn from_json(json: Option<&str>) -> Option<Company> {
        json.and_then(|j| serde_json::from_str(j).ok())
    }

    /// « Exemple SAS (SAS, SIREN 732 829 320) », as pages show it.
    pub fn describe(&self) -> String {
        let siren: String = self
            .siren
            .chars()
            .enumerate()
            .flat_map(|(i, c)| (i > 0 && i % 3 == 0).then_some(' ').into_iter().chain([c]))
            .collect();
        format!("{} ({}, SIREN {siren})", self.name, self.legal_form)
    }
}

/// The donor's details as given with a gift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DonorDetails {
    /// Lower-cased.
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

impl DonorDetails {
    /// A receipt needs a full postal address.
    pub fn has_full_address(&self) -> bool {
        [&self.address, &self.postal_code, &self.city, &self.country]
            .iter()
            .all(|part| !part.trim().is_empty())
    }
}

/// The countries the form offers, French names, France first.
/// A country's French name, from its ISO code (the code itself if unknown).
pub fn country_name(code: &str) -> &str {
    COUNTRIES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, name)| name)
}

pub const COUNTRIES: &[(&str, &str)] = &[
    ("FR", "France"),
    ("DE", "Allemagne"),
    ("AD", "Andorre"),
    ("AT", "Autriche"),
    ("BE", "Belgique"),
    ("BJ", "Bénin"),
    ("BF", "Burkina Faso"),
    ("CM", "Cameroun"),
    ("CA", "Canada"),
    ("CI", "Côte d'Ivoire"),
    ("DK", "Danemark"),
    ("ES", "Espagne"),
    ("US", "États-Unis"),
    ("FI", "Finlande"),
    ("GR", "Grèce"),
    ("HU", "Hongrie"),
    ("IE", "Irlande"),
    ("IT", "Italie"),
    ("JP", "Japon"),
    ("LU", "Luxembourg"),
    ("MG", "Madagascar"),
    ("ML", "Mali"),
    ("MA", "Maroc"),
    ("MC", "Monaco"),
    ("NO", "Norvège"),
    ("NL", "Pays-Bas"),
    ("PL", "Pologne"),
    ("PT", "Portugal"),
    ("CZ", "Tchéquie"),
    ("RO", "Roumanie"),
    ("GB", "Royaume-Uni"),
    ("SN", "Sénégal"),
    ("SE", "Suède"),
    ("CH", "Suisse"),
    ("TN", "Tunisie"),
    ("DZ", "Algérie"),
];

/// Bounds of what the form accepts.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub min_amount: Cents,
    pub max_amount: Cents,
}

impl Limits {
    /// An amount as typed, within the limits, or the message to show.
    pub fn parse_amount(&self, input: &str) -> Result<Cents, Message> {
        match Cents::parse(input) {
            Ok(a) if a < self.min_amount => Err(Message::with(
                "err-amount-min",
                vec![("min", MessageArg::Money(self.min_amount))],
            )),
            Ok(a) if a > self.max_amount => Err(Message::with(
                "err-amount-max",
                vec![("max", MessageArg::Money(self.max_amount))],
            )),
            Ok(a) => Ok(a),
            Err(AmountError::Empty) => Err(Message::key("err-amount-choose")),
            Err(e) => Err(Message::key(e.key())),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            min_amount: Cents::from_euros(1),
            max_amount: Cents::from_euros(100_000),
        }
    }
}

pub const MAX_NAME: usize = 100;
pub const MAX_ADDRESS: usize = 200;
pub const MAX_EMAIL: usize = 254;

/// The form as typed, every field a string (what comes over the wire).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DonationInput {
    /// The page's language, sent with the form: the gift's emails use it.
    pub lang: String,
    pub amount: String,
    pub frequency: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub address: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub wants_receipt: bool,
    pub message: String,
    pub display_name: String,
    pub show_amount: bool,
    /// `person` (the default) or `company`.
    pub donor_kind: String,
    pub company_name: String,
    pub company_legal_form: String,
    pub company_siren: String,
    /// How it is paid: `online` (card or SEPA debit, the default) or
    /// `transfer` (a bank transfer the donor makes, with their reference).
    pub payment: String,
}

/// A gift that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDonation {
    pub amount: Cents,
    pub frequency: Frequency,
    pub donor: DonorDetails,
    pub wants_receipt: bool,
    /// The guestbook message, if any: trimmed, control characters removed.
    pub message: Option<String>,
    /// Empty means « Anonyme ».
    pub display_name: String,
    pub show_amount: bool,
    /// The company that gives, when one does.
    pub company: Option<Company>,
    /// Paid by a bank transfer the donor makes (a one-off gift only).
    pub by_transfer: bool,
}

/// A company's name, legal form and SIREN as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompanyInput<'a> {
    pub name: &'a str,
    pub legal_form: &'a str,
    pub siren: &'a str,
}

impl CompanyInput<'_> {
    /// The company cleaned, with a French message in `errors` for each faulty
    /// field (the SIREN: nine digits whose Luhn sum checks).
    pub fn check(&self, errors: &mut FieldErrors) -> Company {
        let name = text_field(
            errors,
            "company_name",
            self.name,
            MAX_ADDRESS,
            Some("err-company-name"),
        );
        let legal_form = text_field(
            errors,
            "company_legal_form",
            self.legal_form,
            MAX_NAME,
            Some("err-company-legal-form"),
        );
        let siren: String = self
            .siren
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
            .collect();
        if siren.is_empty() {
            errors.add_key("company_siren", "err-siren-missing");
        } else if siren.len() != 9 || !siren.bytes().all(|b| b.is_ascii_digit()) {
            errors.add_key("company_siren", "err-siren-digits");
        } else if !super::receipt::siren_valid(&siren) {
            errors.add_key("company_siren", "err-siren-unknown");
        }
        Company {
            name,
            legal_form,
            siren,
        }
    }
}

/// What to tell the visitor about a field: a message of the translation
/// files (`locales/`, by key, with its values), written in the page's
/// language at the web's edge (`FieldErrors::localized`); or, on the staff
/// forms not moved to the files yet, French text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Key {
        key: &'static str,
        args: Vec<(&'static str, MessageArg)>,
    },
    Text(String),
}

/// A value given to a message, written in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageArg {
    Number(i64),
    Money(Cents),
    /// Written as it is (a name, what was typed).
    Text(String),
}

impl Message {
    pub fn key(key: &'static str) -> Message {
        Message::Key {
            key,
            args: Vec::new(),
        }
    }

    pub fn with(key: &'static str, args: Vec<(&'static str, MessageArg)>) -> Message {
        Message::Key { key, args }
    }
}

/// Messages, by form field name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, Message)>);

impl FieldErrors {
    /// French text (staff forms).
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.add_message(field, Message::Text(message.into()));
    }

    /// A message of the translation files.
    pub fn add_key(&mut self, field: &'static str, key: &'static str) {
        self.add_message(field, Message::key(key));
    }

    /// The first message for a field stays.
    pub fn add_message(&mut self, field: &'static str, message: Message) {
        if self.message(field).is_none() {
            self.0.push((field, message));
        }
    }

    pub fn message(&self, field: &str) -> Option<&Message> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m)
    }

    /// The text for a field once [`localized`](Self::localized) (a message
    /// not written yet shows its key).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.message(field).map(|m| match m {
            Message::Text(text) => text.as_str(),
            Message::Key { key, .. } => key,
        })
    }

    /// Every message written by `write` (in a page's language).
    pub fn localized(self, write: impl Fn(&Message) -> String) -> FieldErrors {
        FieldErrors(
            self.0
                .into_iter()
                .map(|(field, m)| {
                    let text = write(&m);
                    (field, Message::Text(text))
                })
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().map(|(f, _)| *f)
    }
}

/// Removes control characters (keeping line breaks when `multiline`), folds
/// Windows line ends, trims.
pub fn clean_text(input: &str, multiline: bool) -> String {
    let unified = input.replace("\r\n", "\n");
    let kept: String = unified
        .chars()
        .filter(|&c| (multiline && c == '\n') || !is_invisible_control(c))
        .collect();
    kept.trim().to_owned()
}

/// Control characters, bidirectional controls and every default-ignorable
/// code point (Unicode's `Default_Ignorable_Code_Point`: zero-width and
/// invisible characters, variation selectors, Hangul fillers, tag characters):
/// nothing a reader sees, everything a spoofer uses. Emoji sequences lose their
/// joiners and variation selectors, and stay legible.
fn is_invisible_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Why an email address is refused (French text for staff and the command
/// line; a message key for donors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailError {
    Missing,
    Invalid,
}

impl std::fmt::Display for EmailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::Lang::FR.t(self.key()))
    }
}

impl std::error::Error for EmailError {}

impl EmailError {
    pub fn key(self) -> &'static str {
        match self {
            EmailError::Missing => "err-email-missing",
            EmailError::Invalid => "err-email-invalid",
        }
    }
}

/// « 60 caractères au plus. »
pub fn too_long(max: usize) -> Message {
    Message::with(
        "err-too-long",
        vec![(
            "max",
            MessageArg::Number(i64::try_from(max).unwrap_or(i64::MAX)),
        )],
    )
}

/// A practical email check: one `@`, a local part, a domain with a dot, no spaces.
pub fn parse_email(input: &str) -> Result<String, EmailError> {
    let email = input.trim();
    if email.is_empty() {
        return Err(EmailError::Missing);
    }
    let invalid = EmailError::Invalid;
    if email.chars().count() > MAX_EMAIL
        || email.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(invalid);
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Err(invalid);
    };
    let labels_ok = domain.split('.').count() >= 2
        && domain.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.contains('@')
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && !local.contains(['<', '>', '(', ')', '[', ']', ',', ';', ':', '"', '\\']);
    if !labels_ok || !local_ok {
        return Err(invalid);
    }
    Ok(email.to_lowercase())
}

/// `value` cleaned (one line), with a message for `field` if longer than `max`
/// characters or empty when `required` (a message key) says why it may not be.
fn text_field(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    max: usize,
    required: Option<&'static str>,
) -> String {
    let cleaned = clean_text(value, false);
    if cleaned.chars().count() > max {
        errors.add_message(field, too_long(max));
    } else if let (true, Some(key)) = (cleaned.is_empty(), required) {
        errors.add_key(field, key);
    }
    cleaned
}

/// A name and postal address as typed: part of the gift form, and on its own
/// the donor space's « details for my next receipts ».
#[derive(Debug, Clone, Copy, Default)]
pub struct IdentityInput<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub address: &'a str,
    pub postal_code: &'a str,
    pub city: &'a str,
    pub country: &'a str,
}

impl IdentityInput<'_> {
    /// The identity cleaned (email left empty), with a French message in
    /// `errors` for each faulty field; the address is required when a receipt
    /// is to be issued.
    pub fn check(&self, for_receipt: bool, errors: &mut FieldErrors) -> DonorDetails {
        self.check_as(for_receipt, true, errors)
    }

    /// As [`check`](Self::check); the name is optional when `named` is false
    /// (a company's contact).
    pub fn check_as(
        &self,
        for_receipt: bool,
        named: bool,
        errors: &mut FieldErrors,
    ) -> DonorDetails {
        let first_name = text_field(
            errors,
            "first_name",
            self.first_name,
            MAX_NAME,
            named.then_some("err-first-name"),
        );
        let last_name = text_field(
            errors,
            "last_name",
            self.last_name,
            MAX_NAME,
            named.then_some("err-last-name"),
        );
        let required = |m: &'static str| for_receipt.then_some(m);
        let address = text_field(
            errors,
            "address",
            self.address,
            MAX_ADDRESS,
            required(if named {
                "err-address"
            } else {
                "err-company-address"
            }),
        );
        let postal_code = text_field(
            errors,
            "postal_code",
            self.postal_code,
            16,
            required("err-postal-code"),
        );
        let city = text_field(errors, "city", self.city, MAX_NAME, required("err-city"));
        let country = match self.country.trim() {
            "" => "FR".to_owned(),
            code => code.to_ascii_uppercase(),
        };
        if !COUNTRIES.iter().any(|(c, _)| *c == country) {
            errors.add_key("country", "err-country");
        }
        if country == "FR"
            && !postal_code.is_empty()
            && !(postal_code.len() == 5 && postal_code.bytes().all(|b| b.is_ascii_digit()))
        {
            errors.add_key("postal_code", "err-postal-code-fr");
        } else if !postal_code
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
        {
            errors.add_key("postal_code", "err-postal-code-invalid");
        }
        DonorDetails {
            email: String::new(),
            first_name,
            last_name,
            address,
            postal_code,
            city,
            country,
        }
    }
}

/// The first name to greet an address's owner by: the one on file, if every
/// gift of the address was made under it (whatever the case or accents); none
/// when they were made under several (someone else may have used the address).
pub fn greeting_name<'a, 'b>(
    on_file: &'a str,
    given: impl IntoIterator<Item = &'b str>,
) -> Option<&'a str> {
    let folded = crate::domain::search::fold(on_file.trim());
    let agree = given
        .into_iter()
        .all(|n| crate::domain::search::fold(n.trim()) == folded);
    (agree && !folded.is_empty()).then_some(on_file.trim())
}

impl DonationInput {
    /// The form as first shown: once, receipt wanted, France.
    pub fn initial() -> DonationInput {
        DonationInput {
            frequency: "once".to_owned(),
            country: "FR".to_owned(),
            wants_receipt: true,
            ..DonationInput::default()
        }
    }

    /// Checks every field; on failure, a French message for each faulty one.
    pub fn validate(&self, limits: &Limits) -> Result<ValidDonation, FieldErrors> {
        let mut errors = FieldErrors::default();

        let amount = limits
            .parse_amount(&self.amount)
            .map_err(|m| errors.add_message("amount", m))
            .ok();

        let frequency = Frequency::parse(self.frequency.trim());
        if frequency.is_none() {
            errors.add_key("frequency", "err-frequency");
        }
        let by_transfer = match self.payment.trim() {
            "" | "online" => false,
            "transfer" if frequency == Some(Frequency::Monthly) => {
                errors.add_key("payment", "err-monthly-transfer");
                false
            }
            "transfer" => true,
            _ => {
                errors.add_key("payment", "err-payment");
                false
            }
        };

        let email = parse_email(&self.email)
            .map_err(|e| errors.add_key("email", e.key()))
            .ok();

        let kind = match self.donor_kind.trim() {
            "" => Some(DonorKind::Person),
            typed => DonorKind::parse(typed),
        };
        if kind.is_none() {
            errors.add_key("donor_kind", "err-donor-kind");
        }
        let company = (kind == Some(DonorKind::Company)).then(|| {
            CompanyInput {
                name: &self.company_name,
                legal_form: &self.company_legal_form,
                siren: &self.company_siren,
            }
            .check(&mut errors)
        });
        let identity = IdentityInput {
            first_name: &self.first_name,
            last_name: &self.last_name,
            address: &self.address,
            postal_code: &self.postal_code,
            city: &self.city,
            country: &self.country,
        }
        .check_as(self.wants_receipt, company.is_none(), &mut errors);
        let display_name = text_field(
            &mut errors,
            "display_name",
            &self.display_name,
            guestbook::MAX_DISPLAY_NAME,
            None,
        );

        let message = guestbook::clean_message(&self.message)
            .map_err(|m| errors.add_message("message", m))
            .unwrap_or_default();

        match (amount, frequency, email, errors.is_empty()) {
            (Some(amount), Some(frequency), Some(email), true) => Ok(ValidDonation {
                amount,
                frequency,
                donor: DonorDetails { email, ..identity },
                wants_receipt: self.wants_receipt,
                message: (!message.is_empty()).then_some(message),
                display_name,
                show_amount: self.show_amount,
                company,
                by_transfer,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_s_owner_is_greeted_by_name_only_when_all_its_gifts_agree() {
        assert_eq!(
            greeting_name("Carol", ["Carol", "CAROL", " carol"]),
            Some("Carol")
        );
        assert_eq!(greeting_name("Élodie", ["elodie"]), Some("Élodie"));
        assert_eq!(greeting_name("Mallory", ["Mallory", "Carol"]), None);
        assert_eq!(greeting_name("", ["Carol"]), None);
    }

    fn input() -> DonationInput {
        DonationInput {
            amount: "30,50".into(),
            frequency: "once".into(),
            email: "Camille.Martin@Exemple.fr".into(),
            first_name: "Camille".into(),
            last_name: "Martin".into(),
            address: "12 rue des Lilas".into(),
            postal_code: "69007".into(),
            city: "Lyon".into(),
            country: "".into(),
            wants_receipt: true,
            message: "  Merci\r\npour tout\u{0007} !  ".into(),
            display_name: "".into(),
            show_amount: false,
            ..DonationInput::default()
        }
    }

    #[test]
    fn a_company_gives_with_its_name_legal_form_and_a_siren_that_checks() {
        let company = DonationInput {
            donor_kind: "company".into(),
            company_name: " Exemple SAS ".into(),
            company_legal_form: "SAS".into(),
            company_siren: "732 829 320".into(),
            first_name: "".into(),
            last_name: "".into(),
            ..input()
        };
        let valid = company.validate(&Limits::default()).unwrap();
        assert_eq!(
            valid.company,
            Some(Company {
                name: "Exemple SAS".into(),
                legal_form: "SAS".into(),
                siren: "732829320".into(),
            })
        );
        // A person by default, and for an explicit `person`.
        assert_eq!(input().validate(&Limits::default()).unwrap().company, None);
        for (siren, message) in [
            ("732829321", "n'existe pas"),
            ("73282932", "exactement 9 chiffres"),
            ("73282932A", "exactement 9 chiffres"),
            ("", "Indiquez le numéro SIREN"),
        ] {
            let errors = DonationInput {
                company_siren: siren.into(),
                ..company.clone()
            }
            .validate(&Limits::default())
            .unwrap_err()
            .localized(|m| crate::i18n::Lang::FR.message(m));
            assert!(
                errors
                    .get("company_siren")
                    .is_some_and(|m| m.contains(message)),
                "{siren}: {errors:?}"
            );
        }
        let errors = DonationInput {
            company_name: " ".into(),
            company_legal_form: "".into(),
            address: "".into(),
            ..company.clone()
        }
        .validate(&Limits::default())
        .unwrap_err();
        for field in ["company_name", "company_legal_form", "address"] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        let errors = DonationInput {
            donor_kind: "association".into(),
            ..input()
        }
        .validate(&Limits::default())
        .unwrap_err();
        assert!(errors.get("donor_kind").is_some());
    }

    #[test]
    fn a_complete_form_is_valid() {
        let valid = input().validate(&Limits::default()).unwrap();
        assert_eq!(valid.amount, Cents::new(3050));
        assert_eq!(valid.frequency, Frequency::Once);
        assert_eq!(valid.donor.email, "camille.martin@exemple.fr");
        assert_eq!(valid.donor.country, "FR");
        assert_eq!(valid.message.as_deref(), Some("Merci\npour tout !"));
        assert!(valid.donor.has_full_address());
    }

    #[test]
    fn each_bad_field_gets_its_message() {
        let bad = DonationInput {
            amount: "0,50".into(),
            frequency: "weekly".into(),
            email: "pas-une-adresse".into(),
            first_name: " ".into(),
            last_name: "x".repeat(101),
            address: "".into(),
            postal_code: "7500".into(),
            city: "".into(),
            country: "ZZ".into(),
            wants_receipt: true,
            message: "m".repeat(1001),
            ..DonationInput::default()
        };
        let errors = bad.validate(&Limits::default()).unwrap_err();
        let fields: Vec<_> = errors.fields().collect();
        for field in [
            "amount",
            "frequency",
            "email",
            "first_name",
            "last_name",
            "address",
            "city",
            "country",
            "message",
        ] {
            assert!(fields.contains(&field), "{field} not flagged: {errors:?}");
        }
        let french = errors
            .clone()
            .localized(|m| crate::i18n::Lang::FR.message(m));
        assert_eq!(
            french.get("amount"),
            Some("Le don minimum est de 1\u{202F}€.")
        );
        assert!(
            french
                .get("message")
                .unwrap()
                .contains("1\u{202F}001 caractères")
        );
        // The same, for an English reader.
        let english = errors.localized(|m| crate::i18n::Lang::EN.message(m));
        assert_eq!(english.get("amount"), Some("The minimum gift is €1."));
    }

    #[test]
    fn the_address_is_needed_only_for_a_receipt() {
        let mut no_receipt = input();
        no_receipt.wants_receipt = false;
        no_receipt.address.clear();
        no_receipt.postal_code.clear();
        no_receipt.city.clear();
        let valid = no_receipt.validate(&Limits::default()).unwrap();
        assert!(!valid.donor.has_full_address());

        let mut receipt = no_receipt.clone();
        receipt.wants_receipt = true;
        let errors = receipt
            .validate(&Limits::default())
            .unwrap_err()
            .localized(|m| crate::i18n::Lang::FR.message(m));
        assert_eq!(
            errors.get("address"),
            Some("Le reçu fiscal exige votre adresse postale.")
        );
    }

    #[test]
    fn amounts_are_bounded() {
        let limits = Limits::default();
        for (amount, ok) in [
            ("1", true),
            ("0,99", false),
            ("100000", true),
            ("100000,01", false),
            ("1e3", false),
        ] {
            let mut i = input();
            i.amount = amount.into();
            assert_eq!(i.validate(&limits).is_ok(), ok, "{amount}");
        }
    }

    #[test]
    fn emails() {
        assert_eq!(parse_email(" A@B.fr "), Ok("a@b.fr".to_owned()));
        assert!(parse_email("élodie@exemple.fr").is_ok());
        for bad in [
            "", "a", "a@b", "a@@b.fr", "a b@c.fr", "<a>@b.fr", "a@b..fr", "a@-b.fr", ".a@b.fr",
            "a@b.fr\n",
        ] {
            assert!(parse_email(bad).is_err() || bad.ends_with('\n'), "{bad:?}");
        }
        assert!(parse_email("a@b.fr\nBcc: x@y.fr").is_err());
    }

    #[test]
    fn control_and_bidi_characters_are_removed() {
        assert_eq!(clean_text("a\u{202E}b\u{0000}c\u{200B}", false), "abc");
        // Arabic letter mark, word joiner, tag characters (an invisible « hi »),
        // a Hangul filler, a variation selector, a soft hyphen.
        assert_eq!(
            clean_text(
                "A\u{061C}li\u{2060}ce\u{E0068}\u{E0069}\u{E007F}\u{3164}\u{FE0F}\u{00AD}",
                false
            ),
            "Alice"
        );
        assert_eq!(clean_text("\u{3164}\u{115F}", false), "");
        assert_eq!(clean_text("ligne 1\r\nligne 2", true), "ligne 1\nligne 2");
        assert_eq!(clean_text("ligne 1\nligne 2", false), "ligne 1ligne 2");
    }

    /// Any text a hostile or broken client might send: control characters,
    /// bidirectional overrides, zero-width and combining marks, NUL, markup,
    /// SQL metacharacters, astral-plane characters, long runs.
    fn hostile_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            "\\PC{0,40}",
            "[\\x00-\\x1f\\u{7f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}\\u{200b}-\\u{200f}\\u{feff}\\u{0301}a-zé<>&\"';%_\\\\ 0-9,.€-]{0,60}",
            "[a-z0-9@.+-]{0,30}",
            "[0-9 ,.]{0,12}",
            ".{0,400}",
            Just("<script>alert(1)</script>".to_owned()),
            Just("'; DROP TABLE donations; --".to_owned()),
            Just("1e9".to_owned()),
            Just("-5".to_owned()),
            Just("NaN".to_owned()),
            Just("9".repeat(40)),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Whatever a client sends, validation answers (no panic); what it
        /// accepts is within bounds and holds no control or bidi character.
        #[test]
        fn the_form_accepts_only_clean_bounded_values(
            amount in hostile_text(),
            frequency in proptest::prop_oneof![proptest::strategy::Just("once".to_owned()), proptest::strategy::Just("monthly".to_owned()), hostile_text()],
            email in hostile_text(),
            first_name in hostile_text(),
            last_name in hostile_text(),
            address in hostile_text(),
            postal_code in hostile_text(),
            city in hostile_text(),
            country in proptest::prop_oneof![proptest::strategy::Just("FR".to_owned()), proptest::strategy::Just("be".to_owned()), hostile_text()],
            message in hostile_text(),
            display_name in hostile_text(),
            wants_receipt: bool,
        ) {
            let limits = Limits::default();
            let form = DonationInput {
                amount, frequency, email, first_name, last_name, address, postal_code,
                city, country, wants_receipt, message, display_name,
                ..DonationInput::default()
            };
            match form.validate(&limits) {
                Ok(valid) => {
                    proptest::prop_assert!(valid.amount >= limits.min_amount && valid.amount <= limits.max_amount);
                    let donor = &valid.donor;
                    for (value, max) in [
                        (&donor.first_name, MAX_NAME),
                        (&donor.last_name, MAX_NAME),
                        (&donor.address, MAX_ADDRESS),
                        (&donor.city, MAX_NAME),
                        (&donor.email, MAX_EMAIL),
                        (&valid.display_name, guestbook::MAX_DISPLAY_NAME),
                    ] {
                        proptest::prop_assert!(value.chars().count() <= max, "{value:?}");
                        proptest::prop_assert!(!value.chars().any(is_invisible_control), "{value:?}");
                    }
                    proptest::prop_assert!(!donor.first_name.is_empty() && !donor.last_name.is_empty());
                    proptest::prop_assert!(COUNTRIES.iter().any(|(c, _)| *c == donor.country));
                    proptest::prop_assert!(donor.email.contains('@') && !donor.email.chars().any(char::is_whitespace));
                    if valid.wants_receipt {
                        proptest::prop_assert!(donor.has_full_address());
                    }
                    if let Some(message) = &valid.message {
                        proptest::prop_assert!(message.chars().count() <= guestbook::MAX_MESSAGE);
                        proptest::prop_assert!(message.chars().all(|c| c == '\n' || !is_invisible_control(c)));
                    }
                }
                Err(errors) => {
                    // Every refusal names a field of the form, in French words.
                    proptest::prop_assert!(!errors.is_empty());
                    for field in errors.fields() {
                        proptest::prop_assert!(errors.get(field).is_some_and(|m| !m.is_empty()));
                    }
                }
            }
        }

        #[test]
        fn accepted_amounts_are_within_the_limits(input in hostile_text()) {
            let limits = Limits::default();
            if let Ok(amount) = limits.parse_amount(&input) {
                proptest::prop_assert!(amount >= limits.min_amount && amount <= limits.max_amount);
            }
        }
    }
}
