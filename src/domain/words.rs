//! Amounts in words, traditional French spelling (« Somme en toutes lettres » of
//! a tax receipt), and a reader of those words back to the amount, so that the
//! two can be checked against each other over many amounts.

use super::money::Cents;

const UNITS: [&str; 17] = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
    "douze", "treize", "quatorze", "quinze", "seize",
];
const TENS: [&str; 7] = [
    "",
    "dix",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
];

/// 0–99, with the plural of « quatre-vingts » only when `last` (nothing follows).
fn below_hundred(n: u64, last: bool) -> String {
    match n {
        0..=16 => UNITS[n as usize].to_owned(),
        17..=19 => format!("dix-{}", UNITS[(n - 10) as usize]),
        20..=69 => {
            let (tens, unit) = (n / 10, n % 10);
            match unit {
                0 => TENS[tens as usize].to_owned(),
                1 => format!("{} et un", TENS[tens as usize]),
                _ => format!("{}-{}", TENS[tens as usize], UNITS[unit as usize]),
            }
        }
        70..=79 => match n - 60 {
            11 => "soixante et onze".to_owned(),
            rest => format!("soixante-{}", below_hundred(rest, false)),
        },
        80 if last => "quatre-vingts".to_owned(),
        80 => "quatre-vingt".to_owned(),
        _ => format!("quatre-vingt-{}", below_hundred(n - 80, false)),
    }
}

/// 0–999; `last` says whether nothing follows (the plural of « cents » and
/// « quatre-vingts »): not before « mille », yes before « millions ».
fn below_thousand(n: u64, last: bool) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let head = match hundreds {
        0 => String::new(),
        1 => "cent".to_owned(),
        h if rest == 0 && last => format!("{} cents", UNITS[h as usize]),
        h => format!("{} cent", UNITS[h as usize]),
    };
    match (head.is_empty(), rest) {
        (true, _) => below_hundred(rest, last),
        (false, 0) => head,
        (false, _) => format!("{head} {}", below_hundred(rest, last)),
    }
}

/// A whole number in words: « mille deux cent trente-quatre ».
pub fn number_in_words(n: u64) -> String {
    if n == 0 {
        return UNITS[0].to_owned();
    }
    let mut parts: Vec<String> = Vec::new();
    let scales: [(u64, &str); 3] = [
        (1_000_000_000_000, "billion"),
        (1_000_000_000, "milliard"),
        (1_000_000, "million"),
    ];
    let mut rest = n;
    for (scale, noun) in scales {
        let count = rest / scale;
        rest %= scale;
        if count > 0 {
            let plural = if count > 1 { "s" } else { "" };
            // A noun: the -s of « cents » and « quatre-vingts » stays before it.
            parts.push(format!("{} {noun}{plural}", below_thousand_full(count)));
        }
    }
    let thousands = rest / 1000;
    let units = rest % 1000;
    match thousands {
        0 => {}
        1 => parts.push("mille".to_owned()),
        t => parts.push(format!("{} mille", below_thousand(t, false))),
    }
    if units > 0 {
        parts.push(below_thousand(units, true));
    }
    parts.join(" ")
}

/// A count before « million », which may itself be in the thousands.
fn below_thousand_full(n: u64) -> String {
    if n < 1000 {
        below_thousand(n, true)
    } else {
        number_in_words(n)
    }
}

/// An amount in euros and cents, in words: « vingt et un euros et vingt et un
/// centimes », « un million d'euros », « cinquante centimes ».
pub fn amount_in_words(amount: Cents) -> String {
    let cents_total = amount.get().unsigned_abs();
    let (euros, cents) = (cents_total / 100, cents_total % 100);
    let cents_words = match cents {
        0 => None,
        1 => Some("un centime".to_owned()),
        c => Some(format!("{} centimes", below_hundred(c, true))),
    };
    let euros_words = match euros {
        0 => None,
        1 => Some("un euro".to_owned()),
        e => {
            let words = number_in_words(e);
            // « d'euros » after a round million, milliard or billion.
            let of = words.ends_with("million")
                || words.ends_with("millions")
                || words.ends_with("milliard")
                || words.ends_with("milliards")
                || words.ends_with("billion")
                || words.ends_with("billions");
            Some(if of {
                format!("{words} d'euros")
            } else {
                format!("{words} euros")
            })
        }
    };
    match (euros_words, cents_words) {
        (Some(e), Some(c)) => format!("{e} et {c}"),
        (Some(e), None) => e,
        (None, Some(c)) => c,
        (None, None) => "zéro euro".to_owned(),
    }
}

/// Reads words written by [`amount_in_words`] back to the amount; `None` for
/// anything else. Used to check the words against the figures.
pub fn parse_amount_words(words: &str) -> Option<Cents> {
    let (euros_part, cents_part) = if let Some(stripped) = words.strip_suffix(" centimes") {
        split_cents(stripped)?
    } else if let Some(stripped) = words.strip_suffix(" centime") {
        split_cents(stripped)?
    } else {
        (Some(words), None)
    };
    let euros = match euros_part {
        None => 0,
        Some(text) => {
            let number = text
                .strip_suffix(" d'euros")
                .or_else(|| text.strip_suffix(" euros"))
                .or_else(|| text.strip_suffix(" euro"))?;
            parse_number(number)?
        }
    };
    let cents = match cents_part {
        None => 0,
        Some(text) => parse_number(text).filter(|c| *c < 100 && *c > 0)?,
    };
    let total = euros.checked_mul(100)?.checked_add(cents)?;
    let amount = Cents::new(i64::try_from(total).ok()?);
    // Only the canonical spelling reads back.
    (amount_in_words(amount) == words).then_some(amount)
}

/// Splits « X euros et Y » (or just « Y ») before the cents' noun.
fn split_cents(text: &str) -> Option<(Option<&str>, Option<&str>)> {
    // The euros end with « euro », « euros » or « d'euros », followed by « et ».
    for marker in [" d'euros et ", " euros et ", " euro et "] {
        if let Some(at) = text.find(marker) {
            let euros_end = at + marker.len() - " et ".len();
            return Some((Some(&text[..euros_end]), Some(&text[at + marker.len()..])));
        }
    }
    Some((None, Some(text)))
}

/// The value of one word, if it is a number word.
fn word_value(word: &str) -> Option<u64> {
    if let Some(i) = UNITS.iter().position(|u| *u == word) {
        return Some(i as u64);
    }
    TENS.iter()
        .position(|t| !t.is_empty() && *t == word)
        .map(|i| i as u64 * 10)
        .or(match word {
            "quatre-vingt" | "quatre-vingts" => Some(80),
            _ => None,
        })
}

/// Reads a whole number in words (lenient about plurals: the round trip with
/// [`number_in_words`] checks the spelling).
fn parse_number(text: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut group: u64 = 0;
    let mut seen = false;
    for token in text.split(' ') {
        seen = true;
        match token {
            "et" => {}
            "cent" | "cents" => group = group.max(1) * 100,
            "mille" => {
                total += group.max(1) * 1000;
                group = 0;
            }
            "million" | "millions" => {
                total += group * 1_000_000;
                group = 0;
            }
            "milliard" | "milliards" => {
                total += group * 1_000_000_000;
                group = 0;
            }
            "billion" | "billions" => {
                total += group * 1_000_000_000_000;
                group = 0;
            }
            compound => {
                // « quatre-vingt-dix-sept », « dix-sept », « vingt-deux »
                let value = word_value(compound).or_else(|| {
                    let (head, tail) = compound
                        .strip_prefix("quatre-vingt-")
                        .map(|tail| ("quatre-vingt", tail))
                        .or_else(|| compound.split_once('-'))?;
                    Some(word_value(head)? + parse_number(tail)?)
                })?;
                group += value;
            }
        }
    }
    seen.then_some(total + group)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(cents: i64) -> String {
        amount_in_words(Cents::new(cents))
    }

    #[test]
    fn the_examples_of_the_receipt_rules() {
        assert_eq!(words(100), "un euro");
        assert_eq!(words(2121), "vingt et un euros et vingt et un centimes");
        assert_eq!(words(7100), "soixante et onze euros");
        assert_eq!(words(8000), "quatre-vingts euros");
        assert_eq!(words(8100), "quatre-vingt-un euros");
        assert_eq!(words(20000), "deux cents euros");
        assert_eq!(words(20100), "deux cent un euros");
        assert_eq!(
            words(123456),
            "mille deux cent trente-quatre euros et cinquante-six centimes"
        );
        assert_eq!(words(100_000_000), "un million d'euros");
    }

    #[test]
    fn tens_units_and_et() {
        let cases = [
            (17, "dix-sept"),
            (21, "vingt et un"),
            (31, "trente et un"),
            (41, "quarante et un"),
            (51, "cinquante et un"),
            (61, "soixante et un"),
            (70, "soixante-dix"),
            (71, "soixante et onze"),
            (72, "soixante-douze"),
            (77, "soixante-dix-sept"),
            (81, "quatre-vingt-un"),
            (90, "quatre-vingt-dix"),
            (91, "quatre-vingt-onze"),
            (99, "quatre-vingt-dix-neuf"),
            (100, "cent"),
            (101, "cent un"),
            (180, "cent quatre-vingts"),
            (300, "trois cents"),
            (1000, "mille"),
            (1001, "mille un"),
            (2000, "deux mille"),
            (80_000, "quatre-vingt mille"),
            (200_000, "deux cent mille"),
            (280_000, "deux cent quatre-vingt mille"),
            (1_000_000, "un million"),
            (2_000_000, "deux millions"),
            (200_000_000, "deux cents millions"),
            (80_000_000, "quatre-vingts millions"),
            (1_000_000_000, "un milliard"),
            (1_200_000, "un million deux cent mille"),
        ];
        for (n, expected) in cases {
            assert_eq!(number_in_words(n), expected, "{n}");
        }
    }

    #[test]
    fn euros_and_cents() {
        assert_eq!(words(50), "cinquante centimes");
        assert_eq!(words(1), "un centime");
        assert_eq!(words(101), "un euro et un centime");
        assert_eq!(words(200_000_000), "deux millions d'euros");
        assert_eq!(words(100_000_100), "un million un euros");
        assert_eq!(words(3000), "trente euros");
        assert_eq!(words(3050), "trente euros et cinquante centimes");
        assert_eq!(words(8080), "quatre-vingts euros et quatre-vingts centimes");
        assert_eq!(
            words(100_000_050),
            "un million d'euros et cinquante centimes"
        );
    }

    #[test]
    fn words_read_back_and_nothing_else_does() {
        for cents in [
            1,
            50,
            100,
            2121,
            8000,
            8100,
            123456,
            100_000_000,
            100_000_050,
            100_000_100,
        ] {
            assert_eq!(parse_amount_words(&words(cents)), Some(Cents::new(cents)));
        }
        for wrong in [
            "quatre-vingt euros",
            "deux cent euros",
            "vingt-et-un euros",
            "un million euros",
            "mille mille euros",
            "",
            "cent",
        ] {
            assert_eq!(parse_amount_words(wrong), None, "{wrong}");
        }
    }

    proptest! {
        #[test]
        fn any_amount_round_trips(cents in 1i64..10_000_000_000_000) {
            let text = words(cents);
            prop_assert_eq!(parse_amount_words(&text), Some(Cents::new(cents)), "{}", text);
        }

        #[test]
        fn small_amounts_round_trip(cents in 1i64..1_000_000) {
            prop_assert_eq!(parse_amount_words(&words(cents)), Some(Cents::new(cents)));
        }
    }
}
