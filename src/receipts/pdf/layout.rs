//! The page of a receipt (layout 2): the mentions of its model
//! ([`crate::domain::cerfa`]) in the model's order, placed and nothing more —
//! every word printed comes from that data or from the receipt itself.

use printpdf::{Op, ParsedFont};

use super::{
    LOGO_ID, MARGIN, PAGE_H, PAGE_W, Page, ReceiptDocument, RenderError, SIGNATURE_ID, TICKED,
    draw_qr, fit_dpi, tick, width, wrap, wrap_url,
};
use crate::domain::cerfa::{self, Choice};
use crate::domain::receipt::short_date;

const BODY: f32 = 8.6;
const LEAD: f32 = 11.4;
const NOTE: f32 = 6.4;

/// A column of text flowing down the page.
struct Flow<'a> {
    p: Page,
    font: &'a ParsedFont,
    y: f32,
}

impl Flow<'_> {
    fn para(&mut self, text: &str, size: f32, bold: bool) {
        self.para_at(0.0, text, size, bold);
    }

    /// A paragraph indented by `indent` points.
    fn para_at(&mut self, indent: f32, text: &str, size: f32, bold: bool) {
        let lead = if size > BODY {
            size * 1.3
        } else {
            LEAD * size / BODY
        };
        for part in wrap(self.font, text, size, PAGE_W - 2.0 * MARGIN - indent) {
            self.p.text(MARGIN + indent, self.y, size, bold, &part);
            self.y += lead;
        }
    }

    fn heading(&mut self, text: &str) {
        self.y += 4.0;
        self.p.rule(self.y);
        self.y += 14.0;
        self.para(text, 10.0, true);
    }

    /// A question and its boxes on one paragraph.
    fn choices(&mut self, label: &str, boxes: &[Choice]) {
        let line = boxes
            .iter()
            .map(|(text, on)| format!("{} {text}", tick(*on)))
            .collect::<Vec<_>>()
            .join("   ");
        self.para(&format!("{label} : {line}"), BODY, false);
        self.y += 2.0;
    }
}

/// The first page's ops.
pub(super) fn page(
    receipt: &ReceiptDocument,
    font: &ParsedFont,
    logo: Option<(usize, usize)>,
    signature: Option<(usize, usize)>,
) -> Result<Vec<Op>, RenderError> {
    let text = receipt.model.text();
    let issuer = &receipt.issuer;
    let mut f = Flow {
        p: Page::new(),
        font,
        y: MARGIN,
    };

    // 1. Header: logo, form and model numbers, the number boxed top right, title.
    let number = format!("{} : {}", text.number_label, receipt.number);
    let box_w = width(font, &number, 10.0) + 16.0;
    let box_x = PAGE_W - MARGIN - box_w;
    if receipt.specimen {
        specimen_stamp(&mut f.p, font);
    }
    f.p.color(0.1, 0.1, 0.12);
    f.p.frame(box_x, f.y, box_w, 22.0);
    f.p.text(box_x + 8.0, f.y + 15.0, 10.0, true, &number);
    let mut head_x = MARGIN;
    if let Some((w, h)) = logo {
        let (dpi, height) = fit_dpi(w, h, 90.0, 46.0);
        f.p.image(LOGO_ID, MARGIN, f.y, dpi, height);
        head_x += 104.0;
    }
    f.p.text(head_x, f.y + 12.0, 10.0, true, text.form);
    f.p.text(
        head_x,
        f.y + 26.0,
        BODY,
        false,
        &format!("Cerfa N° {}", text.revision),
    );
    f.y += 52.0;
    f.p.color(0.16, 0.1, 0.3);
    f.para(text.title, 11.5, true);
    f.p.color(0.1, 0.1, 0.12);
    if receipt.specimen {
        f.p.color(0.75, 0.05, 0.1);
        f.para(SPECIMEN_NOTE, BODY, true);
        f.p.color(0.1, 0.1, 0.12);
    }
    if let (n @ 1.., Some((from, _))) = (receipt.supplement, receipt.period) {
        f.para(
            &format!(
                "Reçu complémentaire n° {n} au reçu récapitulatif des versements de {} : il certifie les versements de l'année reçus après celui-ci, que ce dernier ne mentionne pas.",
                from.year()
            ),
            BODY,
            true,
        );
    }
    if let Some(old) = &receipt.replaces {
        f.para(
            &format!("Ce reçu remplace le reçu n° {old}, annulé."),
            BODY,
            false,
        );
    }

    // 2. The beneficiary and its category box.
    f.heading(text.beneficiary_heading);
    let country = crate::domain::donation::country_name(&issuer.country);
    for line in [
        format!("Nom ou dénomination : {}", issuer.legal_name),
        format!(
            "{} : {}",
            text.registration_label, issuer.registration_number
        ),
        format!(
            "Adresse : {}, {} {}, {country}",
            issuer.address, issuer.postal_code, issuer.city
        ),
        format!("{} : {}", text.object_label, issuer.object),
    ] {
        f.para(&line, BODY, false);
    }
    if let Some(category) = issuer.category() {
        let mut label = format!("{TICKED} {}", category.label);
        if category.dated {
            let date = |d: Option<time::Date>| d.map(short_date).unwrap_or_default();
            label = format!(
                "{label} {}",
                cerfa::dated_sentence(
                    &date(issuer.public_utility_decree_date),
                    &date(issuer.journal_officiel_date)
                )
            );
        }
        if category.precise {
            label = format!("{label} : {}", issuer.category_detail);
        }
        f.para(&format!("{label} (1)"), BODY, false);
        if let Some(sub) = category.sub_box {
            f.para_at(
                14.0,
                &format!("{} {sub}", tick(issuer.association_1901)),
                BODY,
                false,
            );
        }
    }

    // 3. The donor: a person, or a company.
    f.heading(text.donor_heading);
    let donor_address = format!(
        "Adresse : {}, {} {}, {}",
        receipt.donor_address, receipt.donor_postal_code, receipt.donor_city, receipt.donor_country
    );
    match &receipt.company {
        Some(company) => {
            for line in [
                format!("Dénomination : {}", company.name),
                format!("Forme juridique : {}", company.legal_form),
                format!("Numéro SIREN : {}", company.siren),
                donor_address,
            ] {
                f.para(&line, BODY, false);
            }
        }
        None => {
            for line in [
                format!("Nom : {}", receipt.donor_last_name),
                format!("Prénoms : {}", receipt.donor_first_name),
                donor_address,
            ] {
                f.para(&line, BODY, false);
            }
        }
    }

    // 4.–9. The gift.
    f.heading("Dons et versements");
    f.para(text.received, BODY, false);
    f.y += 4.0;
    f.para(&format!("***{}***", receipt.amount), 12.0, true);
    f.para(
        &format!("{} : {}", text.words_label, receipt.amount_words),
        BODY,
        false,
    );
    let date_line = match (receipt.period, receipt.gift_date) {
        (Some((from, to)), _) => format!(
            "{} : du {} au {} (détail en annexe)",
            text.period_label,
            short_date(from),
            short_date(to)
        ),
        (None, Some(date)) => format!("{} : {}", text.date_label, short_date(date)),
        (None, None) => String::new(),
    };
    f.para(&date_line, BODY, false);
    f.y += 3.0;
    f.para(text.certifies, BODY, false);
    if !text.articles.is_empty() {
        f.choices("Article", text.articles);
    }
    if let Some((label, boxes)) = text.gift_form {
        f.choices(label, boxes);
    }
    if let Some((label, boxes)) = text.gift_nature {
        f.choices(label, boxes);
    }
    let mut modes: Vec<Choice> = text
        .payment_boxes
        .iter()
        .map(|(b, label)| (*label, *b == receipt.payment_box))
        .collect();
    if let Some(other) = text.payment_other {
        modes.push((other, false));
    }
    f.choices(text.payment_label, &modes);
    if let Some(scope) = text.out_of_scope {
        f.para(scope, BODY, false);
    }

    // 10. Date and signature, beside the verification code.
    f.heading(text.date_and_signature);
    let top = f.y;
    let sign_x = PAGE_W / 2.0 + 20.0;
    f.p.text(
        sign_x,
        top,
        BODY,
        false,
        &format!("Date d'émission : {}", short_date(receipt.issued_on)),
    );
    f.p.text(sign_x, top + LEAD, BODY, true, &issuer.signatory_name);
    f.p.text(
        sign_x,
        top + 2.0 * LEAD,
        BODY,
        false,
        &issuer.signatory_role,
    );
    if let Some((w, h)) = signature {
        let (dpi, height) = fit_dpi(w, h, 150.0, 46.0);
        f.p.image(SIGNATURE_ID, sign_x, top + 2.0 * LEAD + 6.0, dpi, height);
    }
    let qr_size = 72.0;
    draw_qr(&mut f.p, &receipt.verify_url, MARGIN, top - 8.0, qr_size)?;
    f.p.color(0.1, 0.1, 0.12);
    f.y = top + qr_size + 2.0;
    // The address on one line where it fits, so that it reads and copies whole.
    let label = "Vérifier ce reçu : ";
    let label_w = width(font, label, 7.0);
    f.p.text(MARGIN, f.y, 7.0, false, label);
    for part in wrap_url(
        font,
        &receipt.verify_url,
        7.0,
        PAGE_W - 2.0 * MARGIN - label_w,
    ) {
        f.p.text(MARGIN + label_w, f.y, 7.0, false, &part);
        f.y += 9.5;
    }
    f.y += 4.0;

    // 11. The model's footnotes.
    f.p.rule(f.y);
    f.y += 10.0;
    for note in text.footnotes {
        f.para(note, NOTE, false);
    }

    let mut p = f.p;
    if let Some((on, reason, replaced_by)) = &receipt.cancelled {
        p.color(0.75, 0.05, 0.1);
        let stamp = "ANNULÉ";
        let stamp_w = width(font, stamp, 72.0);
        p.text((PAGE_W - stamp_w) / 2.0, PAGE_H / 2.0, 72.0, true, stamp);
        let note = format!("Reçu annulé le {} : {reason}", short_date(*on));
        let mut lines = wrap(font, &note, 11.0, PAGE_W - 2.0 * MARGIN);
        // On a line of its own, so that it reads as one.
        if let Some(number) = replaced_by {
            lines.push(format!("Remplacé par le reçu n° {number}."));
        }
        for (i, part) in lines.iter().enumerate() {
            let w = width(font, part, 11.0);
            p.text(
                (PAGE_W - w) / 2.0,
                PAGE_H / 2.0 + 24.0 + i as f32 * 14.0,
                11.0,
                false,
                part,
            );
        }
    }
    Ok(p.ops)
}

/// Why a specimen is one, printed under its title.
const SPECIMEN_NOTE: &str = "SPECIMEN — document d'exemple sans valeur fiscale : l'organisme n'a pas encore enregistré ses coordonnées réelles.";

/// « SPECIMEN » across the page, pale, under the text (drawn first).
pub(super) fn specimen_stamp(p: &mut Page, font: &ParsedFont) {
    p.color(0.98, 0.82, 0.82);
    let stamp = "SPECIMEN";
    let w = width(font, stamp, 96.0);
    p.text((PAGE_W - w) / 2.0, PAGE_H * 0.45, 96.0, true, stamp);
}
