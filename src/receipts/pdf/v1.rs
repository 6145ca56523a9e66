//! The layout of receipts issued before the models became data (layout 1):
//! frozen, so that those receipts render again to the bytes on record. Never
//! edit this file; a new layout goes in its own module.

use printpdf::{Op, ParsedFont};

use super::{LOGO_ID, SIGNATURE_ID};
use super::{
    MARGIN, PAGE_H, PAGE_W, Page, ReceiptDocument, RenderError, TICKED, UNTICKED, draw_qr, fit_dpi,
    tick, width, wrap, wrap_url,
};
use crate::domain::receipt::{PaymentBox, short_date};

/// The categories as layout 1 printed them.
const CATEGORIES: [(&str, &str); 4] = [
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

/// The payment boxes as layout 1 printed them.
const PAYMENT_BOXES: [(PaymentBox, &str); 3] = [
    (PaymentBox::Cash, "Remise d'espèces"),
    (PaymentBox::Cheque, "Chèque"),
    (
        PaymentBox::TransferDebitCard,
        "Virement, prélèvement, carte bancaire",
    ),
];

/// The first page's ops.
pub(super) fn page(
    receipt: &ReceiptDocument,
    font: &ParsedFont,
    logo: Option<(usize, usize)>,
    signature: Option<(usize, usize)>,
) -> Result<Vec<Op>, RenderError> {
    let r = font;
    let issuer = &receipt.issuer;
    let content_w = PAGE_W - 2.0 * MARGIN;
    let mut p = Page::new();
    let mut y = MARGIN;

    // Header: logo, title, articles, Cerfa reference, number.
    let title_x = if let Some((w, h)) = logo {
        let (dpi, height) = fit_dpi(w, h, 110.0, 56.0);
        p.image(LOGO_ID, MARGIN, y, dpi, height);
        MARGIN + 124.0
    } else {
        MARGIN
    };
    p.color(0.16, 0.1, 0.3);
    p.text(title_x, y + 14.0, 13.0, true, "Reçu au titre des dons");
    p.text(
        title_x,
        y + 30.0,
        13.0,
        true,
        "à certains organismes d'intérêt général",
    );
    p.color(0.1, 0.1, 0.12);
    p.text(
        title_x,
        y + 46.0,
        9.0,
        false,
        "Article 200 du code général des impôts",
    );
    p.text(
        title_x,
        y + 58.0,
        9.0,
        false,
        &format!("Cerfa n° {}", receipt.revision),
    );
    let number = format!("Numéro d'ordre du reçu : {}", receipt.number);
    let number_w = width(font, &number, 10.5);
    p.text(PAGE_W - MARGIN - number_w, y + 14.0, 10.5, true, &number);
    y += 76.0;
    if let Some(old) = &receipt.replaces {
        p.text(
            MARGIN,
            y,
            9.0,
            false,
            &format!("Ce reçu remplace le reçu n° {old}, annulé."),
        );
        y += 14.0;
    }

    // Bénéficiaire des versements.
    p.rule(y);
    y += 16.0;
    p.text(MARGIN, y, 11.0, true, "Bénéficiaire des versements");
    y += 16.0;
    let registration = if issuer.registration_kind == "siren" {
        "SIREN"
    } else {
        "RNA"
    };
    let beneficiary = [
        format!("Nom ou dénomination : {}", issuer.legal_name),
        format!("N° {registration} : {}", issuer.registration_number),
        format!("Adresse : {}", issuer.address),
        format!(
            "Code postal : {}   Commune : {}   Pays : {}",
            issuer.postal_code,
            issuer.city,
            crate::domain::donation::country_name(&issuer.country)
        ),
    ];
    for line in &beneficiary {
        for part in wrap(r, line, 9.5, content_w) {
            p.text(MARGIN, y, 9.5, false, &part);
            y += 13.0;
        }
    }
    for part in wrap(r, &format!("Objet : {}", issuer.object), 9.5, content_w) {
        p.text(MARGIN, y, 9.5, false, &part);
        y += 13.0;
    }
    for (code, label) in CATEGORIES {
        p.text(
            MARGIN,
            y,
            9.5,
            false,
            &format!("{} {label}", tick(issuer.category == code)),
        );
        y += 13.0;
    }
    if let Some(decree) = issuer.public_utility_decree_date {
        p.text(
            MARGIN,
            y,
            9.5,
            false,
            &format!(
                "Reconnue d'utilité publique par décret du {}",
                short_date(decree)
            ),
        );
        y += 13.0;
    }

    // Donateur.
    y += 4.0;
    p.rule(y);
    y += 16.0;
    p.text(MARGIN, y, 11.0, true, "Donateur");
    y += 16.0;
    let donor = [
        format!("Nom : {}", receipt.donor_last_name),
        format!("Prénoms : {}", receipt.donor_first_name),
        format!("Adresse : {}", receipt.donor_address),
        format!(
            "Code postal : {}   Commune : {}   Pays : {}",
            receipt.donor_postal_code, receipt.donor_city, receipt.donor_country
        ),
    ];
    for line in &donor {
        for part in wrap(r, line, 9.5, content_w) {
            p.text(MARGIN, y, 9.5, false, &part);
            y += 13.0;
        }
    }

    // The gift.
    y += 4.0;
    p.rule(y);
    y += 16.0;
    for part in wrap(
        r,
        "Le bénéficiaire reconnaît avoir reçu au titre des dons et versements ouvrant droit à réduction d'impôt, la somme de :",
        9.5,
        content_w,
    ) {
        p.text(MARGIN, y, 9.5, false, &part);
        y += 13.0;
    }
    y += 4.0;
    p.text(MARGIN, y, 13.0, true, &format!("***{}***", receipt.amount));
    y += 18.0;
    for part in wrap(
        r,
        &format!("Somme en toutes lettres : {}", receipt.amount_words),
        9.5,
        content_w,
    ) {
        p.text(MARGIN, y, 9.5, false, &part);
        y += 13.0;
    }
    let date_line = match (receipt.period, receipt.gift_date) {
        (Some((from, to)), _) => format!(
            "Date des versements : du {} au {} (détail en annexe)",
            short_date(from),
            short_date(to)
        ),
        (None, Some(date)) => format!("Date du versement ou du don : {}", short_date(date)),
        (None, None) => String::new(),
    };
    p.text(MARGIN, y, 9.5, false, &date_line);
    y += 17.0;
    for part in wrap(
        r,
        "Le bénéficiaire certifie sur l'honneur que les dons et versements qu'il reçoit ouvrent droit à la réduction d'impôt prévue à l'article :",
        9.5,
        content_w,
    ) {
        p.text(MARGIN, y, 9.5, false, &part);
        y += 13.0;
    }
    p.text(
        MARGIN,
        y,
        9.5,
        false,
        &format!("{TICKED} 200 du CGI   {UNTICKED} 238 bis du CGI   {UNTICKED} 978 du CGI"),
    );
    y += 17.0;
    let modes = PAYMENT_BOXES
        .iter()
        .map(|(b, label)| format!("{} {label}", tick(*b == receipt.payment_box)))
        .collect::<Vec<_>>()
        .join("   ");
    let choices = [
        format!(
            "Forme du don : {UNTICKED} Acte authentique   {UNTICKED} Acte sous seing privé   {TICKED} Déclaration de don manuel   {UNTICKED} Autres"
        ),
        format!(
            "Nature du don : {TICKED} Numéraire   {UNTICKED} Titres de sociétés cotés   {UNTICKED} Autres"
        ),
        format!("Mode de versement : {modes}"),
    ];
    for line in &choices {
        for part in wrap(r, line, 9.5, content_w) {
            p.text(MARGIN, y, 9.5, false, &part);
            y += 13.0;
        }
        y += 3.0;
    }
    y += 10.0;

    // Date of issue and signature.
    p.rule(y);
    y += 18.0;
    p.text(
        MARGIN,
        y,
        9.5,
        false,
        &format!("Date d'émission : {}", short_date(receipt.issued_on)),
    );
    let sign_x = PAGE_W / 2.0 + 20.0;
    p.text(sign_x, y, 9.5, false, "Signature :");
    p.text(sign_x, y + 13.0, 9.5, true, &issuer.signatory_name);
    p.text(sign_x, y + 26.0, 9.5, false, &issuer.signatory_role);
    if let Some((w, h)) = signature {
        let (dpi, height) = fit_dpi(w, h, 150.0, 50.0);
        p.image(SIGNATURE_ID, sign_x, y + 32.0, dpi, height);
    }

    // Verification: QR code and address.
    let qr_size = 78.0;
    let qr_top = PAGE_H - MARGIN - qr_size;
    draw_qr(&mut p, &receipt.verify_url, MARGIN, qr_top, qr_size)?;
    p.color(0.1, 0.1, 0.12);
    p.text(
        MARGIN + qr_size + 12.0,
        qr_top + 28.0,
        8.5,
        false,
        "Vérifier l'authenticité de ce reçu :",
    );
    let mut url_y = qr_top + 40.0;
    for part in wrap_url(r, &receipt.verify_url, 8.0, content_w - qr_size - 12.0) {
        p.text(MARGIN + qr_size + 12.0, url_y, 8.0, false, &part);
        url_y += 11.0;
    }

    if let Some((on, reason, replaced_by)) = &receipt.cancelled {
        p.color(0.75, 0.05, 0.1);
        let stamp = "ANNULÉ";
        let stamp_w = width(font, stamp, 72.0);
        p.text((PAGE_W - stamp_w) / 2.0, PAGE_H / 2.0, 72.0, true, stamp);
        let note = format!("Reçu annulé le {} : {reason}", short_date(*on));
        let mut lines = wrap(r, &note, 11.0, content_w);
        // On a line of its own, so that it reads as one.
        if let Some(number) = replaced_by {
            lines.push(format!("Remplacé par le reçu n° {number}."));
        }
        for (i, part) in lines.iter().enumerate() {
            let w = width(r, part, 11.0);
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
