//! Money: a whole number of euro cents, parsed from what people type and printed
//! the French way (`1 234,56 €`, narrow no-break spaces).

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// Narrow no-break space (U+202F): French thousands separator and the space before `€`.
pub const NNBSP: char = '\u{202F}';

/// An amount of euros, in cents. Never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(i64);

/// The largest amount anyone may type: one thousand million euros. Anything above is
/// a typo or an attack, never a gift.
pub const ABSURD_CENTS: i64 = 100_000_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber,
    Negative,
    TooManyDecimals,
    TooLarge,
}

/// In French (the staff forms'); the donation form words it in the donor's
/// language from [`AmountError::key`].
impl std::fmt::Display for AmountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::Lang::FR.t(self.key()))
    }
}

impl std::error::Error for AmountError {}

impl AmountError {
    /// Its message in the translation files.
    pub fn key(&self) -> &'static str {
        match self {
            AmountError::Empty => "err-amount-empty",
            AmountError::NotANumber => "err-amount-nan",
            AmountError::Negative => "err-amount-negative",
            AmountError::TooManyDecimals => "err-amount-decimals",
            AmountError::TooLarge => "err-amount-large",
        }
    }
}

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub const fn new(cents: i64) -> Self {
        Cents(cents)
    }

    pub const fn from_euros(euros: i64) -> Self {
        Cents(euros * 100)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }

    pub fn checked_sub(self, other: Cents) -> Option<Cents> {
        self.0.checked_sub(other.0).map(Cents)
    }

    pub fn checked_mul(self, factor: i64) -> Option<Cents> {
        self.0.checked_mul(factor).map(Cents)
    }

    /// The amount as a decimal number of euros (for rates and display only).
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// Rounds a decimal number of euros to the cent, half away from zero.
    pub fn from_decimal_rounded(euros: Decimal) -> Option<Cents> {
        let cents = (euros * Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        i64::try_from(cents).ok().map(Cents)
    }

    /// Parses an amount as a person types it: `30`, `30,5`, `30,50`, `30.50`,
    /// `1 234,56`, `1 234,56 €`. Spaces (ordinary, no-break, narrow) may group
    /// thousands. Refuses signs, exponents, more than two decimals and absurd values.
    pub fn parse(input: &str) -> Result<Cents, AmountError> {
        let trimmed = input.trim_matches(|c: char| c.is_whitespace());
        let trimmed = trimmed
            .strip_suffix('€')
            .unwrap_or(trimmed)
            .trim_end_matches(|c: char| c.is_whitespace());
        if trimmed.is_empty() {
            return Err(AmountError::Empty);
        }
        if trimmed.starts_with('-') || trimmed.starts_with('\u{2212}') {
            return Err(AmountError::Negative);
        }
        let compact: String = trimmed
            .chars()
            .filter(|c| !matches!(*c, ' ' | '\u{A0}' | NNBSP))
            .collect();
        let (whole, fraction) = match compact.find([',', '.']) {
            Some(at) => (&compact[..at], Some(&compact[at + 1..])),
            None => (compact.as_str(), None),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && fraction.is_none_or(str::is_empty) {
            return Err(AmountError::NotANumber);
        }
        if !all_digits(whole) || !fraction.is_none_or(all_digits) {
            return Err(AmountError::NotANumber);
        }
        // Spaces are only allowed as thousands separators: `1 234`, not `12 34`.
        if compact.len() != trimmed.len() && !spaces_group_thousands(trimmed) {
            return Err(AmountError::NotANumber);
        }
        let fraction = fraction.unwrap_or("");
        if fraction.len() > 2 {
            return Err(AmountError::TooManyDecimals);
        }
        let whole_digits = whole.trim_start_matches('0');
        if whole_digits.len() > 12 {
            return Err(AmountError::TooLarge);
        }
        let euros: i64 = if whole_digits.is_empty() {
            0
        } else {
            whole_digits.parse().map_err(|_| AmountError::TooLarge)?
        };
        let cents: i64 = match fraction.len() {
            0 => 0,
            1 => {
                fraction
                    .parse::<i64>()
                    .map_err(|_| AmountError::NotANumber)?
                    * 10
            }
            _ => fraction.parse().map_err(|_| AmountError::NotANumber)?,
        };
        let total = euros
            .checked_mul(100)
            .and_then(|c| c.checked_add(cents))
            .ok_or(AmountError::TooLarge)?;
        if total > ABSURD_CENTS {
            return Err(AmountError::TooLarge);
        }
        Ok(Cents(total))
    }

    /// Whole euros without cents when they are zero (`60 000 €`), else with two
    /// decimals (`1 234,56 €`).
    pub fn display_short(self) -> String {
        if self.0 % 100 == 0 {
            format!("{}{NNBSP}€", group_thousands(self.0 / 100))
        } else {
            self.to_string()
        }
    }
}

fn spaces_group_thousands(text: &str) -> bool {
    let whole_end = text.find([',', '.']).unwrap_or(text.len());
    let mut groups = text[..whole_end].split([' ', '\u{A0}', NNBSP]);
    let Some(first) = groups.next() else {
        return false;
    };
    let first_ok = (1..=3).contains(&first.len());
    first_ok && groups.all(|g| g.len() == 3) && !text[whole_end..].contains([' ', '\u{A0}', NNBSP])
}

/// `1234567` → `1 234 567` with narrow no-break spaces.
pub fn group_thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(ch);
    }
    out
}

impl fmt::Display for Cents {
    /// Always two decimals: `1 234,56 €`, `30,00 €`, `-5,10 €`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let euros = i64::try_from(abs / 100).unwrap_or(i64::MAX);
        write!(
            f,
            "{sign}{},{:02}{NNBSP}€",
            group_thousands(euros),
            abs % 100
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Cents::parse("30"), Ok(Cents(3000)));
        assert_eq!(Cents::parse("30,5"), Ok(Cents(3050)));
        assert_eq!(Cents::parse("30,50"), Ok(Cents(3050)));
        assert_eq!(Cents::parse("30.50"), Ok(Cents(3050)));
        assert_eq!(Cents::parse("1 234,56"), Ok(Cents(123456)));
        assert_eq!(Cents::parse("1\u{202F}234,56\u{202F}€"), Ok(Cents(123456)));
        assert_eq!(Cents::parse("1\u{A0}000 000"), Ok(Cents(100_000_000)));
        assert_eq!(Cents::parse(" 12 € "), Ok(Cents(1200)));
        assert_eq!(Cents::parse("0,01"), Ok(Cents(1)));
        assert_eq!(Cents::parse(",5"), Ok(Cents(50)));
        assert_eq!(Cents::parse("7,"), Ok(Cents(700)));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert_eq!(Cents::parse(""), Err(AmountError::Empty));
        assert_eq!(Cents::parse("  "), Err(AmountError::Empty));
        assert_eq!(Cents::parse("-5"), Err(AmountError::Negative));
        assert_eq!(Cents::parse("30,505"), Err(AmountError::TooManyDecimals));
        assert_eq!(Cents::parse("1e3"), Err(AmountError::NotANumber));
        assert_eq!(Cents::parse("+5"), Err(AmountError::NotANumber));
        assert_eq!(Cents::parse("abc"), Err(AmountError::NotANumber));
        assert_eq!(Cents::parse("1,2,3"), Err(AmountError::NotANumber));
        assert_eq!(Cents::parse("1.234,56"), Err(AmountError::NotANumber));
        assert_eq!(Cents::parse("12 34"), Err(AmountError::NotANumber));
        assert_eq!(Cents::parse("0x10"), Err(AmountError::NotANumber));
        assert_eq!(Cents::parse("NaN"), Err(AmountError::NotANumber));
        assert_eq!(Cents::parse("٣٠"), Err(AmountError::NotANumber));
        assert_eq!(Cents::parse("."), Err(AmountError::NotANumber));
        assert_eq!(
            Cents::parse("99999999999999999999999"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(Cents::parse("1000000001"), Err(AmountError::TooLarge));
    }

    #[test]
    fn prints_the_french_way() {
        assert_eq!(Cents(123456).to_string(), "1\u{202F}234,56\u{202F}€");
        assert_eq!(Cents(3000).to_string(), "30,00\u{202F}€");
        assert_eq!(Cents(5).to_string(), "0,05\u{202F}€");
        assert_eq!(Cents(-510).to_string(), "-5,10\u{202F}€");
        assert_eq!(Cents(6_000_000).display_short(), "60\u{202F}000\u{202F}€");
        assert_eq!(Cents(3050).display_short(), "30,50\u{202F}€");
        assert_eq!(group_thousands(1_000_000), "1\u{202F}000\u{202F}000");
        assert_eq!(group_thousands(999), "999");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(
            Cents::from_decimal_rounded(Decimal::new(345, 3)),
            Some(Cents(35))
        );
        assert_eq!(
            Cents::from_decimal_rounded(Decimal::new(1005, 3)),
            Some(Cents(101))
        );
    }

    proptest! {
        #[test]
        fn printed_amounts_parse_back(cents in 0i64..=ABSURD_CENTS) {
            let amount = Cents(cents);
            prop_assert_eq!(Cents::parse(&amount.to_string()), Ok(amount));
            prop_assert_eq!(Cents::parse(&amount.display_short()), Ok(amount));
        }

        #[test]
        fn parser_never_panics(input in "\\PC{0,24}") {
            let _ = Cents::parse(&input);
        }
    }
}
