//! What templates show: values formatted the French way, computed once per page.

use time::OffsetDateTime;

use crate::domain::campaign::{Campaign, Goal, Percent, Phase, Totals};
use crate::domain::markdown;
use crate::domain::money::Cents;
use crate::i18n::Lang;

/// A campaign's bar and figures, ready to print.
pub struct ProgressView {
    /// « 76 123 € »
    pub raised: String,
    /// « 60 000 € » or « 1 000 donateurs »
    pub goal: String,
    pub goal_is_donors: bool,
    /// Rounded whole percent, may exceed 100.
    pub percent: i64,
    /// `aria-valuenow`: the percent, held within 0–100 as ARIA requires; the real
    /// figure is in `aria_text`.
    pub aria_now: i64,
    pub aria_text: String,
    /// Width of the filled part, 0–100.
    pub bar_width: i64,
    /// « 1 523 donateurs »
    pub donors: String,
    /// « 1 610 dons reçus »
    pub donations: String,
    /// « 150 € »: pledged by transfer, not received (not in `raised`).
    pub pledged: String,
    pub has_pledged: bool,
    /// « 12 jours restants »
    pub time_left: String,
    pub ended: bool,
    /// How the bar counts, in one short sentence.
    pub explanation: String,
}

impl ProgressView {
    pub fn new(
        campaign: &Campaign,
        totals: &Totals,
        now: OffsetDateTime,
        lang: Lang,
    ) -> ProgressView {
        use crate::i18n::Arg;
        let percent = Percent::of(campaign.goal, totals);
        let raised = lang.money_short(totals.raised);
        let count = |key: &str, n: i64| {
            let written = lang.number(n);
            lang.t_with(key, &[("n", Arg::Num(n)), ("count", Arg::Str(&written))])
        };
        let goal = match campaign.goal {
            Goal::Amount(c) => lang.money_short(c),
            Goal::Donors(n) => count("donor-count", n),
        };
        let donors = count("donor-count", totals.donor_count);
        let whole = percent.whole().to_string();
        let aria_text = match campaign.goal {
            Goal::Amount(_) => lang.t_with(
                "progress-aria-amount",
                &[
                    ("raised", Arg::Str(&raised)),
                    ("goal", Arg::Str(&goal)),
                    ("percent", Arg::Str(&whole)),
                ],
            ),
            Goal::Donors(_) => lang.t_with(
                "progress-aria-donors",
                &[
                    ("donors", Arg::Str(&donors)),
                    ("goal", Arg::Str(&goal)),
                    ("percent", Arg::Str(&whole)),
                ],
            ),
        };
        let phase = campaign.phase(now);
        let time_left = match phase {
            Phase::Running { days_left } if days_left <= 1 => lang.t("phase-last-day"),
            Phase::Running { days_left } => count("phase-days-left", days_left),
            Phase::Upcoming { days_until_start } if days_until_start <= 1 => {
                lang.t("phase-starts-tomorrow")
            }
            Phase::Upcoming { days_until_start } => count("phase-starts-in", days_until_start),
            Phase::Ended => lang.t("phase-ended"),
        };
        let explanation = lang.t(match campaign.monthly_counting {
            crate::domain::campaign::MonthlyCounting::EachPayment => "counting-each-payment",
            crate::domain::campaign::MonthlyCounting::YearlyPledge => "counting-yearly-pledge",
        });
        ProgressView {
            raised,
            goal,
            goal_is_donors: matches!(campaign.goal, Goal::Donors(_)),
            percent: percent.whole(),
            aria_now: percent.bar_width(),
            aria_text,
            bar_width: percent.bar_width(),
            donors,
            donations: count("donation-count", totals.donation_count),
            pledged: lang.money_short(totals.pledged),
            has_pledged: totals.pledged.get() > 0,
            time_left,
            ended: phase == Phase::Ended,
            explanation,
        }
    }
}

/// A campaign with its rendered text and its progress.
pub struct CampaignView {
    pub slug: String,
    pub title: String,
    /// Safe HTML from the campaign's Markdown.
    pub body_html: String,
    /// Its text in one plain line of at most 160 characters, for the meta
    /// description and link previews.
    pub description: String,
    /// The language of the title and text when it is not the page's.
    pub text_lang: Option<String>,
    pub progress: ProgressView,
}

/// `markdown` as one plain line of at most `max` characters, cut at a word.
pub fn plain_excerpt(markdown: &str, max: usize) -> String {
    // Links keep their text, not their target; raw HTML goes.
    let mut plain = String::with_capacity(markdown.len());
    let mut chars = markdown.chars().peekable();
    let mut in_tag = false;
    while let Some(c) = chars.next() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            ']' if chars.peek() == Some(&'(') => {
                let mut depth = 0;
                for skipped in chars.by_ref() {
                    match skipped {
                        '(' => depth += 1,
                        ')' if depth <= 1 => break,
                        ')' => depth -= 1,
                        _ => {}
                    }
                }
            }
            '*' | '_' | '#' | '>' | '`' | '[' | ']' => {}
            _ => plain.push(c),
        }
    }
    let line = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max - 1).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

impl CampaignView {
    pub fn new(
        campaign: &Campaign,
        totals: &Totals,
        now: OffsetDateTime,
        lang: Lang,
    ) -> CampaignView {
        let (title, body, written_in) = campaign.text_in(lang.code());
        CampaignView {
            slug: campaign.slug.to_string(),
            title: title.to_owned(),
            body_html: markdown::render(body),
            description: plain_excerpt(body, 160),
            // Not in the page's language (no translation yet): said so.
            text_lang: (written_in != lang.code()).then(|| written_in.to_owned()),
            progress: ProgressView::new(campaign, totals, now, lang),
        }
    }
}

/// The donation form: what the donor typed, the messages beside faulty fields,
/// and the hidden tokens.
pub struct DonationFormView {
    pub action: String,
    pub csrf_token: String,
    pub idempotency_key: String,
    pub values: crate::domain::donation::DonationInput,
    pub errors: crate::domain::donation::FieldErrors,
    pub suggested: Vec<SuggestedAmount>,
    /// The free amount, when the donor typed one.
    pub other_amount: String,
    pub other_checked: bool,
    pub rate_percent: i64,
    /// The organisation's minimum for a receipt, in cents (the live line says
    /// no receipt below it).
    pub receipt_min_cents: i64,
    /// « Après réduction d'impôt de 66 %, votre don vous coûte X € », once an
    /// amount is known.
    pub cost_sentence: String,
    /// The hint under it: the ceiling of the reduction for who gives.
    pub ceiling_hint: String,
    pub words: FormWords,
    pub company: bool,
    pub countries: Vec<(&'static str, String)>,
    /// The organisation gave its account: a transfer may be chosen.
    pub transfer_offered: bool,
}

impl DonationFormView {
    /// The donor chose to give by transfer.
    pub fn by_transfer(&self) -> bool {
        self.values.payment.trim() == "transfer"
    }
}

pub struct SuggestedAmount {
    /// The radio's value: `30`, `30,50`.
    pub value: String,
    /// « 30 € »
    pub label: String,
    /// « soit 10,20 € après réduction »
    pub cost: String,
    pub checked: bool,
    /// The campaign's label for it (« Un mois de serveur »), and its
    /// language when not the page's (no translation yet).
    pub note: Option<(String, Option<String>)>,
}

impl DonationFormView {
    pub fn new(
        campaign: &Campaign,
        values: crate::domain::donation::DonationInput,
        errors: crate::domain::donation::FieldErrors,
        csrf_token: String,
        idempotency_key: String,
        terms: TaxTerms,
        lang: Lang,
    ) -> DonationFormView {
        let TaxTerms { rate, min } = terms;
        let errors = errors.localized(|m| lang.message(m));
        use crate::domain::donation::DonorKind;
        let kind = if values.donor_kind.trim() == "company" {
            DonorKind::Company
        } else {
            DonorKind::Person
        };
        let typed = Cents::parse(&values.amount).ok();
        let suggested: Vec<SuggestedAmount> = campaign
            .suggested_amounts
            .iter()
            .enumerate()
            .map(|(i, &amount)| SuggestedAmount {
                note: campaign.amount_label_in(lang.code(), i).map(|l| {
                    (
                        l.text.to_owned(),
                        (l.lang != lang.code()).then(|| l.lang.to_owned()),
                    )
                }),
                value: amount_value(amount),
                label: lang.money_short(amount),
                cost: lang.t1(
                    "tax-after-reduction",
                    "cost",
                    lang.money_short(rate.cost_after(amount)),
                ),
                checked: typed == Some(amount),
            })
            .collect();
        let other_checked =
            !values.amount.trim().is_empty() && !suggested.iter().any(|s| s.checked);
        let other_amount = if other_checked {
            values.amount.clone()
        } else {
            String::new()
        };
        let monthly = values.frequency == "monthly";
        let cost_sentence = typed
            .filter(|a| a.get() > 0)
            .map(|a| {
                lang.tax_note(&match values.wants_receipt {
                    true => crate::domain::tax::gift_tax_note(rate, kind, a, monthly, min),
                    false => crate::domain::tax::donor_cost_note(rate, kind, a, monthly),
                })
            })
            .unwrap_or_else(|| {
                let hundred = Cents::from_euros(100);
                lang.t_with(
                    "tax-example",
                    &[
                        ("percent", crate::i18n::Arg::Num(rate.percent())),
                        ("gift", crate::i18n::Arg::Str(&lang.money_short(hundred))),
                        (
                            "cost",
                            crate::i18n::Arg::Str(&lang.money_short(rate.cost_after(hundred))),
                        ),
                    ],
                )
            });
        // What the form's script writes as the donor picks (`@COST@` is the
        // cost, written as `money`'s `@AMOUNT@`): the same sentences.
        let script = |note: crate::domain::tax::TaxNote| lang.tax_note_template(&note);
        let one = Cents::ZERO;
        let words = FormWords {
            after: lang.t1("tax-after-reduction", "cost", "@COST@"),
            below: lang.tax_note(&crate::domain::tax::TaxNote::BelowMinimum { min }),
            person: script(crate::domain::tax::TaxNote::PersonCost {
                rate,
                cost: one,
                monthly: false,
            }),
            person_monthly: script(crate::domain::tax::TaxNote::PersonCost {
                rate,
                cost: one,
                monthly: true,
            }),
            company: script(crate::domain::tax::TaxNote::CompanyCost {
                cost: one,
                monthly: false,
            }),
            company_monthly: script(crate::domain::tax::TaxNote::CompanyCost {
                cost: one,
                monthly: true,
            }),
            money: lang.t1("money", "amount", "@AMOUNT@"),
            group: lang.t("number-group"),
            decimal: lang.t("number-decimal"),
            ceiling_person: lang.t("tax-ceiling-person"),
            ceiling_company: lang.t("tax-ceiling-company"),
        };
        DonationFormView {
            action: format!("/campaigns/{}/donate", campaign.slug),
            csrf_token,
            idempotency_key,
            values,
            errors,
            suggested,
            other_amount,
            other_checked,
            rate_percent: rate.percent(),
            receipt_min_cents: min.get(),
            cost_sentence,
            ceiling_hint: match kind {
                DonorKind::Person => words.ceiling_person.clone(),
                DonorKind::Company => words.ceiling_company.clone(),
            },
            words,
            company: kind == DonorKind::Company,
            countries: countries(lang),
            transfer_offered: false,
        }
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The faulty fields, in form order, with their messages (for the summary).
    pub fn error_list(&self) -> Vec<(&'static str, &str)> {
        const ORDER: &[&str] = &[
            "amount",
            "frequency",
            "donor_kind",
            "company_name",
            "company_legal_form",
            "company_siren",
            "email",
            "first_name",
            "last_name",
            "address",
            "postal_code",
            "city",
            "country",
            "message",
            "display_name",
        ];
        ORDER
            .iter()
            .filter_map(|f| self.errors.get(f).map(|m| (*f, m)))
            .collect()
    }

    pub fn is_monthly(&self) -> bool {
        self.values.frequency == "monthly"
    }
}

/// The ceiling of a person's reduction, and a company's (the form's JavaScript
/// swaps them as the donor chooses).
/// The form's countries in `lang`: France first, then the others by name.
pub fn countries(lang: Lang) -> Vec<(&'static str, String)> {
    let mut named: Vec<(&'static str, String)> = crate::domain::donation::COUNTRIES
        .iter()
        .map(|(code, _)| (*code, lang.t(&format!("country-{code}"))))
        .collect();
    named.sort_by_cached_key(|(code, name)| {
        (*code != "FR", deunicode::deunicode(name).to_lowercase())
    });
    named
}

/// The tax terms a form states: the organisation's rate for persons, and
/// its minimum for a receipt.
#[derive(Debug, Clone, Copy)]
pub struct TaxTerms {
    pub rate: crate::domain::tax::ReductionRate,
    pub min: Cents,
}

/// The sentences the form's script writes, in the page's language.
pub struct FormWords {
    pub after: String,
    pub below: String,
    pub person: String,
    pub person_monthly: String,
    pub company: String,
    pub company_monthly: String,
    /// `@AMOUNT@ €` / `€@AMOUNT@`.
    pub money: String,
    pub group: String,
    pub decimal: String,
    pub ceiling_person: String,
    pub ceiling_company: String,
}

/// `30` or `30,50`: what a suggested amount's radio sends.
pub fn amount_value(amount: Cents) -> String {
    let c = amount.get();
    if c % 100 == 0 {
        (c / 100).to_string()
    } else {
        format!("{},{:02}", c / 100, c % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_plain_text_cut_at_a_word() {
        assert_eq!(
            plain_excerpt(
                "**Gras** et [un lien](javascript:alert(1)) <img src=x>\n\nfin",
                160
            ),
            "Gras et un lien fin"
        );
        let long = plain_excerpt(&"mot ".repeat(100), 20);
        assert_eq!(long, "mot mot mot mot…");
        assert!(long.chars().count() <= 20);
    }
    use time::macros::datetime;

    #[test]
    fn figures_read_the_french_way() {
        let campaign = Campaign::example();
        let totals = Totals {
            raised: Cents::new(7_612_300),
            donor_count: 1523,
            donation_count: 1610,
            pledged: Cents::ZERO,
            version: 1610,
            updated_at: datetime!(2026-06-13 21:59 UTC),
        };
        let view = ProgressView::new(
            &campaign,
            &totals,
            datetime!(2026-06-13 22:00 UTC),
            Lang::FR,
        );
        assert_eq!(view.raised, "76\u{202F}123\u{202F}€");
        assert_eq!(view.goal, "60\u{202F}000\u{202F}€");
        assert_eq!(view.percent, 127);
        assert_eq!(view.aria_now, 100);
        assert_eq!(view.bar_width, 100);
        assert_eq!(view.donors, "1\u{202F}523 donateurs");
        assert_eq!(view.time_left, "9 jours restants");
        assert!(view.aria_text.contains("127\u{202F}%"));
    }
}
