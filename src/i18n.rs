//! What donors read, in their language: Project Fluent messages, one file
//! per language under `locales/`, loaded once; French is the reference.
//!
//! Adding a language is its file (`locales/de.ftl`, every key of `fr.ftl`
//! translated) and its line in [`LANGUAGES`]. Plurals and the like follow
//! the library's rules (`{ $n -> [one] … *[other] … }`); numbers, amounts
//! and dates are written with each file's own separators and patterns
//! (`-number-*`, `money`, `date`), so a language brings its ways with it.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use time::Date;

use crate::domain::money::Cents;

/// A language soutenir speaks: its code and its messages.
pub struct Language {
    /// The BCP 47 primary subtag: `fr`, `en`.
    pub code: &'static str,
    pub ftl: &'static str,
}

/// The languages, the reference first.
pub const LANGUAGES: &[Language] = &[
    Language {
        code: "fr",
        ftl: include_str!("../locales/fr.ftl"),
    },
    Language {
        code: "en",
        ftl: include_str!("../locales/en.ftl"),
    },
];

/// The staff pages' words. Staff pages are French (they may stay so); their
/// words are in this file, added to the reference's bundle (a key both in it
/// and in `fr.ftl` is a fault).
const STAFF_FTL: &str = include_str!("../locales/staff.fr.ftl");

/// One of [`LANGUAGES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Lang(usize);

/// A value given to a message.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Str(&'a str),
    Num(i64),
}

struct Catalog {
    bundles: Vec<FluentBundle<FluentResource>>,
    /// What did not parse or load, per language: empty when all is well.
    faults: Vec<String>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let mut faults = Vec::new();
    let bundles = LANGUAGES
        .iter()
        .map(|language| {
            let id = language
                .code
                .parse()
                .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Pages are left to right; no isolation marks around values.
            bundle.set_use_isolating(false);
            let resource = match FluentResource::try_new(language.ftl.to_owned()) {
                Ok(resource) => resource,
                Err((resource, errors)) => {
                    faults.push(format!("{}.ftl: {errors:?}", language.code));
                    resource
                }
            };
            if let Err(errors) = bundle.add_resource(resource) {
                faults.push(format!("{}.ftl: {errors:?}", language.code));
            }
            // The staff's words, in the reference only (the others fall back
            // to it).
            if language.code == LANGUAGES[0].code {
                match FluentResource::try_new(STAFF_FTL.to_owned()) {
                    Ok(staff) => {
                        if let Err(errors) = bundle.add_resource(staff) {
                            faults.push(format!("staff.fr.ftl: {errors:?}"));
                        }
                    }
                    Err((_, errors)) => faults.push(format!("staff.fr.ftl: {errors:?}")),
                }
            }
            bundle
        })
        .collect();
    Catalog { bundles, faults }
});

/// Loads every language's messages; what is wrong with them, if anything
/// (the application refuses to start).
pub fn load() -> Result<(), String> {
    let catalog = &*CATALOG;
    if catalog.faults.is_empty() {
        Ok(())
    } else {
        Err(catalog.faults.join("; "))
    }
}

/// The message ids of language `lang`'s file (not its terms).
pub fn keys(lang: Lang) -> Vec<String> {
    ids(LANGUAGES[lang.0].ftl)
}

/// The message ids of the staff pages' file.
pub fn staff_keys() -> Vec<String> {
    ids(STAFF_FTL)
}

fn ids(ftl: &str) -> Vec<String> {
    let Ok(resource) = FluentResource::try_new(ftl.to_owned()) else {
        return Vec::new();
    };
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

/// A link to `path` in `lang` (`?lang=` added to its query).
pub fn with_lang(path: &str, lang: Lang) -> String {
    let (path, fragment) = match path.split_once('#') {
        Some((path, fragment)) => (path, format!("#{fragment}")),
        None => (path, String::new()),
    };
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}lang={}{fragment}", lang.code())
}

/// A staff page's words without values, in French: `'static`, made once
/// per message (the staff file's messages are few and fixed), so that they
/// stand wherever a literal stood.
pub fn fr(key: &'static str) -> &'static str {
    // The messages without values (those with some are `fr_with`'s).
    static WORDS: LazyLock<std::collections::HashMap<String, String>> = LazyLock::new(|| {
        let reference = &CATALOG.bundles[0];
        staff_keys()
            .into_iter()
            .filter_map(|key| {
                let pattern = reference.get_message(&key)?.value()?;
                let mut errors = Vec::new();
                let text = reference.format_pattern(pattern, None, &mut errors);
                errors.is_empty().then(|| (key, text.into_owned()))
            })
            .collect()
    });
    WORDS.get(key).map(String::as_str).unwrap_or(key)
}

/// A staff page's words with values, in French.
pub fn fr_with(key: &str, values: &[(&str, &(dyn std::fmt::Display + Sync))]) -> String {
    let written: Vec<(&str, String)> = values
        .iter()
        .map(|(name, value)| (*name, value.to_string()))
        .collect();
    let args: Vec<(&str, Arg<'_>)> = written
        .iter()
        .map(|(name, value)| (*name, Arg::Str(value)))
        .collect();
    Lang::FR.t_with(key, &args)
}

/// The words the bar's scripts write (`widget.js`, `embed.js`), in `lang`,
/// as JSON: each a pattern whose `@N@`, `@P@` or `@AMOUNT@` the script fills.
/// Plurals come as the forms of 1 and of 2 (one and other: the languages
/// here have no more).
pub fn script_words(lang: Lang) -> serde_json::Value {
    let count =
        |key: &str, n: i64| lang.t_with(key, &[("n", Arg::Num(n)), ("count", Arg::Str("@N@"))]);
    serde_json::json!({
        "lang": lang.code(),
        "raisedOf": lang.t("embed-raised-of"),
        "donate": lang.t("campaign-give"),
        "ofGoal": lang.t("of-the-goal"),
        "bar": lang.t("progress-label"),
        "percent": lang.t1("percent", "percent", "@P@"),
        "donorOne": count("donor-count", 1),
        "donorOther": count("donor-count", 2),
        "money": lang.t1("money", "amount", "@AMOUNT@"),
        "group": lang.t("number-group"),
        "decimal": lang.t("number-decimal"),
    })
}

/// `widget.js` with every language's words (from the files), made once.
pub fn widget_script() -> &'static str {
    static SCRIPT: LazyLock<String> = LazyLock::new(|| {
        let words: serde_json::Map<String, serde_json::Value> = Lang::all()
            .map(|l| (l.code().to_owned(), script_words(l)))
            .collect();
        include_str!("../static/js/widget.js")
            .replace("/*WORDS*/{}", &serde_json::Value::Object(words).to_string())
    });
    &SCRIPT
}

/// Every language's code, the reference first.
pub fn codes() -> Vec<&'static str> {
    LANGUAGES.iter().map(|l| l.code).collect()
}

impl Lang {
    pub const FR: Lang = Lang(0);
    pub const EN: Lang = Lang(1);

    pub fn code(self) -> &'static str {
        LANGUAGES[self.0].code
    }

    /// Every language, the reference first.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LANGUAGES.len()).map(Lang)
    }

    /// `en`, `EN`, `en-GB`: the language, if soutenir speaks it.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        LANGUAGES
            .iter()
            .position(|l| l.code.eq_ignore_ascii_case(primary))
            .map(Lang)
    }

    /// The language a browser's `Accept-Language` prefers among those
    /// soutenir speaks (weights honoured; `q=0` means not wanted).
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        // A long header is a hostile one: its start is enough.
        let header = header.get(..header.len().min(512)).unwrap_or("");
        accept_language::parse_with_quality(header)
            .into_iter()
            .take(20)
            .filter(|(_, quality)| *quality > 0.0)
            .find_map(|(tag, _)| Lang::parse(&tag))
    }

    fn format(self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let catalog = &*CATALOG;
        // A message missing here falls back to the reference (a test keeps
        // the files alike), then shows its key.
        for bundle in [&catalog.bundles[self.0], &catalog.bundles[0]] {
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, args, &mut errors);
                if !errors.is_empty() {
                    tracing::warn!(key, lang = self.code(), ?errors, "translation fault");
                }
                return text.into_owned();
            }
        }
        tracing::warn!(key, lang = self.code(), "no such message");
        key.to_owned()
    }

    /// Message `key`.
    pub fn t(self, key: &str) -> String {
        self.format(key, None)
    }

    /// Message `key` with its values.
    pub fn t_with(self, key: &str, values: &[(&str, Arg<'_>)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            match value {
                Arg::Str(text) => args.set(*name, FluentValue::from(*text)),
                Arg::Num(n) => args.set(*name, FluentValue::from(*n)),
            }
        }
        self.format(key, Some(&args))
    }

    /// Message `key` with one value, written as it is.
    /// Message `key` with two values.
    pub fn t2(
        self,
        key: &str,
        name1: &str,
        value1: impl std::fmt::Display,
        name2: &str,
        value2: impl std::fmt::Display,
    ) -> String {
        let (v1, v2) = (value1.to_string(), value2.to_string());
        self.t_with(key, &[(name1, Arg::Str(&v1)), (name2, Arg::Str(&v2))])
    }

    /// Message `key` with three values.
    #[allow(clippy::too_many_arguments)]
    pub fn t3(
        self,
        key: &str,
        name1: &str,
        value1: impl std::fmt::Display,
        name2: &str,
        value2: impl std::fmt::Display,
        name3: &str,
        value3: impl std::fmt::Display,
    ) -> String {
        let (v1, v2, v3) = (value1.to_string(), value2.to_string(), value3.to_string());
        self.t_with(
            key,
            &[
                (name1, Arg::Str(&v1)),
                (name2, Arg::Str(&v2)),
                (name3, Arg::Str(&v3)),
            ],
        )
    }

    /// Message `key` for `n` (the plural's number; `$count` is it written).
    pub fn tn(self, key: &str, n: impl std::borrow::Borrow<i64>) -> String {
        let n = *n.borrow();
        let count = self.number(n);
        self.t_with(key, &[("n", Arg::Num(n)), ("count", Arg::Str(&count))])
    }

    pub fn t1(self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        let value = value.to_string();
        self.t_with(key, &[(name, Arg::Str(&value))])
    }

    /// A message a rule gave (a field's fault), written in this language.
    pub fn message(self, message: &crate::domain::donation::Message) -> String {
        use crate::domain::donation::{Message, MessageArg};
        match message {
            Message::Text(text) => text.clone(),
            Message::Key { key, args } => {
                let written: Vec<(&str, String)> = args
                    .iter()
                    .map(|(name, value)| {
                        let text = match value {
                            MessageArg::Number(n) => self.number(*n),
                            MessageArg::Money(c) => self.money_short(*c),
                            MessageArg::Text(t) => t.clone(),
                        };
                        (*name, text)
                    })
                    .collect();
                let values: Vec<(&str, Arg<'_>)> = written
                    .iter()
                    .map(|(name, text)| (*name, Arg::Str(text)))
                    .collect();
                self.t_with(key, &values)
            }
        }
    }

    /// A gift's tax side (`domain::tax`), in this language: to English
    /// readers it says the reduction is French taxpayers'.
    pub fn tax_note(self, note: &crate::domain::tax::TaxNote) -> String {
        self.tax_text(note, None)
    }

    /// [`tax_note`](Self::tax_note) with `@COST@` where the cost goes: what
    /// the form's script fills in as the donor picks an amount.
    pub fn tax_note_template(self, note: &crate::domain::tax::TaxNote) -> String {
        self.tax_text(note, Some("@COST@"))
    }

    fn tax_text(self, note: &crate::domain::tax::TaxNote, cost_as: Option<&str>) -> String {
        use crate::domain::tax::TaxNote;
        let written = |cost: Cents| cost_as.map_or_else(|| self.money_short(cost), str::to_owned);
        let per = |monthly: bool| Arg::Str(if monthly { "yes" } else { "no" });
        match *note {
            TaxNote::BelowMinimum { min } => {
                let min = self.money(min);
                self.t_with("tax-below-minimum", &[("min", Arg::Str(&min))])
            }
            TaxNote::PersonCost {
                rate,
                cost,
                monthly,
            } => {
                let cost = written(cost);
                self.t_with(
                    "tax-person-cost",
                    &[
                        ("percent", Arg::Num(rate.percent())),
                        ("cost", Arg::Str(&cost)),
                        ("monthly", per(monthly)),
                    ],
                )
            }
            TaxNote::CompanyCost { cost, monthly } => {
                let cost = written(cost);
                self.t_with(
                    "tax-company-cost",
                    &[("cost", Arg::Str(&cost)), ("monthly", per(monthly))],
                )
            }
        }
    }

    /// `1 234` / `1,234`: a whole number with the language's grouping.
    pub fn number(self, n: i64) -> String {
        let group = self.t("number-group");
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + 8);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(&group);
            }
            out.push(c);
        }
        out
    }

    /// `1 234,56 €` / `€1,234.56`: always with cents.
    pub fn money(self, amount: Cents) -> String {
        let abs = amount.get().unsigned_abs();
        let euros = i64::try_from(abs / 100).unwrap_or(i64::MAX);
        let figure = format!(
            "{}{}{:02}",
            self.number(euros),
            self.t("number-decimal"),
            abs % 100
        );
        let text = self.t_with("money", &[("amount", Arg::Str(&figure))]);
        if amount.get() < 0 {
            format!("-{text}")
        } else {
            text
        }
    }

    /// `30 €`, `30,50 €` / `€30`, `€30.50`: cents only when there are some.
    pub fn money_short(self, amount: Cents) -> String {
        if amount.get() % 100 != 0 {
            return self.money(amount);
        }
        let figure = self.number(amount.get() / 100);
        self.t_with("money", &[("amount", Arg::Str(&figure))])
    }

    /// `1er décembre 2026` / `1 December 2026`.
    pub fn date(self, date: Date) -> String {
        let month = self.t_with(
            "month-name",
            &[("month", Arg::Num(i64::from(u8::from(date.month()))))],
        );
        self.t_with(
            "date",
            &[
                ("day", Arg::Num(i64::from(date.day()))),
                ("month", Arg::Str(&month)),
                ("year", Arg::Num(i64::from(date.year()))),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn every_file_parses_and_has_every_key_of_the_reference() {
        load().expect("every .ftl file parses");
        let reference = keys(Lang::FR);
        assert!(reference.len() > 20, "{reference:?}");
        for lang in Lang::all() {
            let theirs = keys(lang);
            let missing: Vec<&String> = reference.iter().filter(|k| !theirs.contains(k)).collect();
            let extra: Vec<&String> = theirs.iter().filter(|k| !reference.contains(k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            assert!(
                extra.is_empty(),
                "{} has keys French lacks: {extra:?}",
                lang.code()
            );
        }
    }

    #[test]
    fn amounts_numbers_and_dates_the_way_each_language_writes_them() {
        let c = Cents::new(123_456);
        assert_eq!(Lang::FR.money(c), "1\u{202f}234,56\u{202f}€");
        assert_eq!(Lang::EN.money(c), "€1,234.56");
        assert_eq!(Lang::FR.money(c), c.to_string(), "as the receipts write it");
        assert_eq!(Lang::EN.money_short(Cents::new(6_000_000)), "€60,000");
        assert_eq!(Lang::FR.money_short(Cents::new(3_050)), "30,50\u{202f}€");
        assert_eq!(Lang::EN.money(Cents::new(-510)), "-€5.10");
        assert_eq!(Lang::EN.number(1_523), "1,523");
        assert_eq!(Lang::FR.date(date!(2026 - 12 - 01)), "1er décembre 2026");
        assert_eq!(
            Lang::FR.date(date!(2026 - 12 - 21)),
            crate::domain::dates::french_date(date!(2026 - 12 - 21))
        );
        assert_eq!(Lang::EN.date(date!(2026 - 12 - 01)), "1 December 2026");
    }

    #[test]
    fn plurals_follow_each_language_s_rules() {
        let donors = |lang: Lang, n| {
            lang.t_with(
                "donor-count",
                &[("n", Arg::Num(n)), ("count", Arg::Str(&lang.number(n)))],
            )
        };
        // French is singular up to 1, English only at 1.
        assert_eq!(donors(Lang::FR, 0), "0 donateur");
        assert_eq!(donors(Lang::FR, 1), "1 donateur");
        assert_eq!(donors(Lang::FR, 1_523), "1\u{202f}523 donateurs");
        assert_eq!(donors(Lang::EN, 0), "0 donors");
        assert_eq!(donors(Lang::EN, 1), "1 donor");
    }

    #[test]
    fn a_browser_s_languages_by_their_weights() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,fr;q=0.8"),
            Some(Lang::EN)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE, fr;q=0.5, en;q=0.7"),
            Some(Lang::EN)
        );
        assert_eq!(Lang::from_accept_language("en;q=0, fr"), Some(Lang::FR));
        assert_eq!(Lang::from_accept_language("de, es"), None);
        assert_eq!(Lang::from_accept_language(""), None);
        assert_eq!(Lang::from_accept_language(&"x,".repeat(10_000)), None);
        assert_eq!(Lang::parse("EN-us"), Some(Lang::EN));
        assert_eq!(Lang::parse("<script>"), None);
    }

    #[test]
    fn the_tax_side_in_each_language_and_english_readers_learn_it_is_french() {
        use crate::domain::tax::{ReductionRate, TaxNote};
        let rate = ReductionRate::GENERAL;
        let person = TaxNote::PersonCost {
            rate,
            cost: Cents::new(1_020),
            monthly: false,
        };
        assert_eq!(
            Lang::FR.tax_note(&person),
            "Après réduction d'impôt de 66\u{202f}%, votre don vous coûte 10,20\u{202f}€."
        );
        assert_eq!(
            Lang::EN.tax_note(&person),
            "For French taxpayers: after the 66% income tax reduction, your gift costs you €10.20."
        );
        let monthly = TaxNote::PersonCost {
            rate,
            cost: Cents::new(340),
            monthly: true,
        };
        assert!(
            Lang::FR
                .tax_note(&monthly)
                .ends_with("3,40\u{202f}€ par mois.")
        );
        assert!(Lang::EN.tax_note(&monthly).ends_with("€3.40 a month."));
        let company = TaxNote::CompanyCost {
            cost: Cents::from_euros(400),
            monthly: false,
        };
        let text = Lang::FR.tax_note(&company);
        assert!(
            text.contains("60\u{202f}%, ce don coûte 400\u{202f}€ à votre entreprise"),
            "{text}"
        );
        assert!(
            text.contains("20\u{202f}000\u{202f}€ ou de 5\u{202f}‰ du chiffre d'affaires"),
            "{text}"
        );
        assert!(
            Lang::EN
                .tax_note(&company)
                .starts_with("For companies taxed in France")
        );
        let below = TaxNote::BelowMinimum {
            min: Cents::from_euros(15),
        };
        assert!(
            Lang::FR
                .tax_note(&below)
                .starts_with("Les dons de moins de 15,00\u{202f}€ ne donnent pas lieu")
        );
        assert_eq!(
            Lang::EN.tax_note_template(&person),
            "For French taxpayers: after the 66% income tax reduction, your gift costs you @COST@."
        );
    }

    #[test]
    fn the_year_end_reminder_counts_its_days() {
        let say = |lang: Lang, n: i64| {
            lang.t_with(
                "reminder-year-end",
                &[("n", Arg::Num(n)), ("year", Arg::Num(2026))],
            )
        };
        assert_eq!(
            say(Lang::FR, 6),
            "Plus que 6 jours pour un don déductible de vos impôts 2026"
        );
        assert_eq!(
            say(Lang::FR, 1),
            "Dernier jour pour un don déductible de vos impôts 2026"
        );
        assert_eq!(
            say(Lang::EN, 6),
            "6 days left for your 2026 French tax deduction"
        );
    }

    #[test]
    fn a_missing_message_shows_its_key_and_values_are_not_marked() {
        assert_eq!(Lang::EN.t("no-such-message"), "no-such-message");
        assert!(!Lang::EN.money(Cents::new(100)).contains('\u{2068}'));
    }
}
