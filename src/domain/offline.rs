//! A gift received by post or at the counter (cheque, transfer, cash), as
//! finance staff record it.

use time::{Date, OffsetDateTime};

use super::dates::paris_offset;
use super::donation::{FieldErrors, clean_text};

/// How an offline gift was paid, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfflineInput {
    /// `cheque`, `transfer` or `cash`.
    pub method: String,
    pub cheque_number: String,
    pub bank: String,
    pub reference: String,
    /// `YYYY-MM-DD`.
    pub received_on: String,
}

/// A checked offline payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflinePayment {
    pub method: &'static str,
    /// What identifies the payment in the bank statement, kept with the gift.
    pub detail: String,
    /// When it was received: noon of the day in Paris, or now for today.
    pub received_at: OffsetDateTime,
}

/// The ways a gift is received by hand: code and message key.
pub const METHODS: [(&str, &str); 3] = [
    ("cheque", "staff-offline-method-cheque"),
    ("transfer", "staff-offline-method-transfer"),
    ("cash", "staff-offline-method-cash"),
];

/// Parses `YYYY-MM-DD`.
pub fn parse_date(input: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(input.trim(), &format).ok()
}

impl OfflineInput {
    /// Checks the payment's fields, adding French messages to `errors`.
    pub fn validate(
        &self,
        now: OffsetDateTime,
        errors: &mut FieldErrors,
    ) -> Option<OfflinePayment> {
        let method = METHODS
            .iter()
            .find(|(m, _)| *m == self.method.trim())
            .map(|(m, _)| *m);
        if method.is_none() {
            errors.add_key(
                "method",
                "staff-offline-choisissez-cheque-virement-ou-especes",
            );
        }
        let mut text = |field: &'static str, value: &str, max: usize| {
            let cleaned = clean_text(value, false);
            if cleaned.chars().count() > max {
                errors.add_message(
                    field,
                    crate::domain::donation::Message::with(
                        "staff-offline-max-caracteres-plus",
                        vec![(
                            "max",
                            crate::domain::donation::MessageArg::Text((max).to_string()),
                        )],
                    ),
                );
            }
            cleaned
        };
        let cheque_number = text("cheque_number", &self.cheque_number, 32);
        let bank = text("bank", &self.bank, 100);
        let reference = text("reference", &self.reference, 140);
        let detail = match method {
            Some("cheque") => {
                if cheque_number.is_empty() {
                    errors.add_key("cheque_number", "staff-offline-indiquez-numero-cheque");
                }
                if bank.is_empty() {
                    crate::i18n::fr_with(
                        "staff-offline-cheque-cheque-number",
                        &[(
                            "cheque-number",
                            &(cheque_number) as &(dyn std::fmt::Display + Sync),
                        )],
                    )
                } else {
                    crate::i18n::fr_with(
                        "staff-offline-cheque-cheque-number-bank",
                        &[
                            (
                                "cheque-number",
                                &(cheque_number) as &(dyn std::fmt::Display + Sync),
                            ),
                            ("bank", &(bank) as &(dyn std::fmt::Display + Sync)),
                        ],
                    )
                }
            }
            Some("transfer") if !reference.is_empty() => crate::i18n::fr_with(
                "staff-offline-virement-ref-reference",
                &[("reference", &(reference) as &(dyn std::fmt::Display + Sync))],
            ),
            Some("transfer") => crate::i18n::fr("staff-method-transfer").to_owned(),
            _ => crate::i18n::fr("staff-method-cash").to_owned(),
        };
        let today = now.to_offset(paris_offset(now)).date();
        let received_on = match parse_date(&self.received_on) {
            None => {
                errors.add(
                    "received_on",
                    crate::i18n::fr("staff-offline-indiquez-date-reception-exemple-2026"),
                );
                None
            }
            Some(d) if d > today => {
                errors.add(
                    "received_on",
                    crate::i18n::fr("staff-offline-date-reception-ne-peut-pas"),
                );
                None
            }
            Some(d) if d.year() < 2000 => {
                errors.add_key("received_on", "staff-offline-cette-date-est-trop-ancienne");
                None
            }
            Some(d) => Some(d),
        };
        let (method, received_on) = (method?, received_on?);
        let received_at = if received_on == today {
            now
        } else {
            let noon = received_on.with_hms(12, 0, 0).ok()?.assume_utc();
            noon - time::Duration::seconds(i64::from(paris_offset(noon).whole_seconds()))
        };
        errors.is_empty().then_some(OfflinePayment {
            method,
            detail,
            received_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn input(method: &str, received_on: &str) -> OfflineInput {
        OfflineInput {
            method: method.to_owned(),
            cheque_number: "1234567".to_owned(),
            bank: "Banque Exemple".to_owned(),
            reference: String::new(),
            received_on: received_on.to_owned(),
        }
    }

    #[test]
    fn a_cheque_keeps_its_number_and_is_dated_noon_in_paris() {
        let now = datetime!(2026-11-26 10:00 UTC);
        let mut errors = FieldErrors::default();
        let p = input("cheque", "2026-07-14")
            .validate(now, &mut errors)
            .unwrap();
        assert_eq!(p.method, "cheque");
        assert_eq!(p.detail, "chèque n° 1234567, Banque Exemple");
        // Summer time: noon in Paris is 10:00 UTC.
        assert_eq!(p.received_at, datetime!(2026-07-14 10:00 UTC));
        let today = input("cash", "2026-11-26")
            .validate(now, &mut errors)
            .unwrap();
        assert_eq!(today.received_at, now);
    }

    #[test]
    fn wrong_fields_get_french_messages() {
        let now = datetime!(2026-11-26 10:00 UTC);
        let mut errors = FieldErrors::default();
        assert!(
            input("bitcoin", "2026-11-27")
                .validate(now, &mut errors)
                .is_none()
        );
        assert!(errors.get("method").is_some());
        assert!(errors.get("received_on").unwrap().contains("futur"));
        let mut errors = FieldErrors::default();
        let mut cheque = input("cheque", "14/07/2026");
        cheque.cheque_number.clear();
        assert!(cheque.validate(now, &mut errors).is_none());
        assert!(errors.get("cheque_number").is_some());
        assert!(errors.get("received_on").is_some());
    }
}
