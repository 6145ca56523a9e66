//! The receipt as a PDF (printpdf's op list): A4, the sections of Cerfa
//! 11580*05 in order, DejaVu Sans embedded and subset so that accents, « », €
//! and narrow spaces render and extract, a QR code to the verification page.
//!
//! Rendering is deterministic: the same receipt gives the same bytes in any
//! process (fonts and images go in under fixed ids, and the trailer's random
//! `/ID` is replaced by a hash of the document).

use std::io::Write;
use std::sync::LazyLock;

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect, Rgb, TextItem, TextRenderingMode, XObject,
    XObjectId, XObjectTransform,
};
use sha2::{Digest, Sha256};
use time::Date;

use crate::domain::money::Cents;
use crate::domain::receipt::{Issuer, PaymentBox, ReceiptNumber, short_date};

const REGULAR_TTF: &[u8] = include_bytes!("../../static/fonts/DejaVuSans.ttf");

static FONT: LazyLock<Option<ParsedFont>> =
    LazyLock::new(|| ParsedFont::from_bytes(REGULAR_TTF, 0, &mut Vec::new()));

// A fixed id: its first six letters become the subset tag.
const REGULAR_ID: &str = "SOUTRG";
const LOGO_ID: &str = "logo";
const SIGNATURE_ID: &str = "signature";

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 42.0;
const TICKED: &str = "☒";
const UNTICKED: &str = "☐";

/// Everything printed on a receipt, as recorded when it was issued.
#[derive(Debug, Clone)]
pub struct ReceiptDocument {
    pub number: ReceiptNumber,
    pub issuer: Issuer,
    pub logo_png: Option<Vec<u8>>,
    pub signature_png: Option<Vec<u8>>,
    pub donor_first_name: String,
    pub donor_last_name: String,
    pub donor_address: String,
    pub donor_postal_code: String,
    pub donor_city: String,
    /// The country's name.
    pub donor_country: String,
    pub amount: Cents,
    pub amount_words: String,
    pub payment_box: PaymentBox,
    /// A single gift's date.
    pub gift_date: Option<Date>,
    /// A yearly summary's period, and its payments for the annex.
    pub period: Option<(Date, Date)>,
    pub lines: Vec<(Date, Cents)>,
    pub issued_on: Date,
    /// The verification address printed and encoded in the QR code.
    pub verify_url: String,
    /// Set when the receipt was cancelled: the date, the reason, and the
    /// number of the receipt that replaces it, if any.
    pub cancelled: Option<(Date, String, Option<String>)>,
    /// The cancelled receipt this one replaces.
    pub replaces: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the embedded font cannot be read")]
    Font,
    #[error("image: {0}")]
    Image(String),
    #[error("QR code: {0}")]
    Qr(String),
    #[error("writing the PDF: {0}")]
    Save(String),
}

/// Text ops on one page, top-down.
struct Page {
    ops: Vec<Op>,
}

impl Page {
    fn new() -> Page {
        Page { ops: Vec::new() }
    }

    /// Bold is drawn with the one embedded font, filled and outlined: a second
    /// font would double the subsetting, the bulk of the rendering time.
    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        self.ops.extend([
            Op::StartTextSection,
            Op::SetTextRenderingMode {
                mode: if bold {
                    TextRenderingMode::FillStroke
                } else {
                    TextRenderingMode::Fill
                },
            },
            Op::SetOutlineThickness {
                pt: Pt(size * 0.04),
            },
            Op::SetFont {
                font: PdfFontHandle::External(FontId(REGULAR_ID.to_owned())),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(x),
                    y: Pt(PAGE_H - y),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// The colour of what follows (text fill and outline, shapes).
    fn color(&mut self, r: f32, g: f32, b: f32) {
        let col = Color::Rgb(Rgb {
            r,
            g,
            b,
            icc_profile: None,
        });
        self.ops.extend([
            Op::SetFillColor { col: col.clone() },
            Op::SetOutlineColor { col },
        ]);
    }

    fn rule(&mut self, y: f32) {
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor {
                col: Color::Rgb(Rgb {
                    r: 0.55,
                    g: 0.5,
                    b: 0.62,
                    icc_profile: None,
                }),
            },
            Op::SetOutlineThickness { pt: Pt(0.6) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Pt(MARGIN),
                                y: Pt(PAGE_H - y),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Pt(PAGE_W - MARGIN),
                                y: Pt(PAGE_H - y),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
            Op::RestoreGraphicsState,
        ]);
    }

    fn filled_rect(&mut self, x: f32, y_top: f32, w: f32, h: f32) {
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(PAGE_H - y_top - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }

    fn image(&mut self, id: &str, x: f32, y_top: f32, dpi: f32, height_pt: f32) {
        self.ops.push(Op::UseXobject {
            id: XObjectId(id.to_owned()),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(PAGE_H - y_top - height_pt)),
                dpi: Some(dpi),
                ..Default::default()
            },
        });
    }
}

/// Width of `text` at `size` points.
fn width(font: &ParsedFont, text: &str, size: f32) -> f32 {
    let units = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    text.chars()
        .map(|c| {
            font.lookup_glyph_index(c as u32)
                .map_or(0.0, |g| f32::from(font.get_horizontal_advance(g)))
        })
        .sum::<f32>()
        * size
        / units
}

/// `text` broken into lines no wider than `max` points.
fn wrap(font: &ParsedFont, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(font, &candidate, size) <= max || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            }
        }
        lines.push(line);
    }
    lines
}

/// The DPI that fits a `w`×`h` pixel image in `max_w`×`max_h` points.
fn fit_dpi(w: usize, h: usize, max_w: f32, max_h: f32) -> (f32, f32) {
    let dpi = (w as f32 * 72.0 / max_w)
        .max(h as f32 * 72.0 / max_h)
        .max(1.0);
    (dpi, h as f32 * 72.0 / dpi)
}

fn tick(on: bool) -> &'static str {
    if on { TICKED } else { UNTICKED }
}

/// Renders the receipt to PDF bytes.
pub fn render(receipt: &ReceiptDocument) -> Result<Vec<u8>, RenderError> {
    let font = FONT.as_ref().ok_or(RenderError::Font)?;
    let mut doc = PdfDocument::new(&format!("Reçu fiscal {}", receipt.number));
    doc.resources.fonts.map.insert(
        FontId(REGULAR_ID.to_owned()),
        printpdf::font::PdfFont::new(font.clone()),
    );
    let mut warnings = Vec::new();
    let mut decode =
        |png: &Option<Vec<u8>>, id: &str| -> Result<Option<(usize, usize)>, RenderError> {
            let Some(bytes) = png else { return Ok(None) };
            let image =
                RawImage::decode_from_bytes(bytes, &mut warnings).map_err(RenderError::Image)?;
            let size = (image.width, image.height);
            doc.resources
                .xobjects
                .map
                .insert(XObjectId(id.to_owned()), XObject::Image(image));
            Ok(Some(size))
        };
    let logo = decode(&receipt.logo_png, LOGO_ID)?;
    let signature = decode(&receipt.signature_png, SIGNATURE_ID)?;

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
        &format!("Cerfa n° {}", issuer.cerfa_revision),
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
    for (code, label) in crate::domain::receipt::CATEGORIES {
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
    let modes = PaymentBox::ALL
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

    let mut pages = vec![PdfPage::new(Mm(210.0), Mm(297.0), p.ops)];
    if !receipt.lines.is_empty() {
        pages.push(annex(receipt, font));
    }
    doc.with_pages(pages);
    // printpdf compresses every stream at zlib's best level, which took most of
    // the time: build the document uncompressed, then compress at the fastest
    // level (files a few kilobytes larger, rendering twice as fast).
    let options = PdfSaveOptions {
        subset_fonts: true,
        optimize: false,
        ..Default::default()
    };
    let mut save_warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&options, &mut save_warnings);
    for object in lo.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object
            && stream.allows_compression
            && stream.dict.get(b"Filter").is_err()
        {
            let mut encoder =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            if encoder.write_all(&stream.content).is_ok()
                && let Ok(compressed) = encoder.finish()
                && compressed.len() < stream.content.len()
            {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(compressed);
            }
        }
    }
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| RenderError::Save(e.to_string()))?;
    Ok(fix_trailer_id(bytes))
}

/// The annex of a yearly summary: each payment's date and amount.
fn annex(receipt: &ReceiptDocument, font: &ParsedFont) -> PdfPage {
    let mut p = Page::new();
    let mut y = MARGIN + 14.0;
    p.color(0.1, 0.1, 0.12);
    p.text(
        MARGIN,
        y,
        12.0,
        true,
        &format!(
            "Annexe au reçu n° {} : détail des versements",
            receipt.number
        ),
    );
    y += 24.0;
    p.text(MARGIN, y, 9.5, true, "Date du versement");
    let header = "Montant";
    p.text(
        MARGIN + 260.0 - width(font, header, 9.5),
        y,
        9.5,
        true,
        header,
    );
    y += 16.0;
    for (date, amount) in &receipt.lines {
        p.text(MARGIN, y, 9.5, false, &short_date(*date));
        let text = amount.to_string();
        p.text(
            MARGIN + 260.0 - width(font, &text, 9.5),
            y,
            9.5,
            false,
            &text,
        );
        y += 13.0;
    }
    y += 6.0;
    let total = format!("Total : {}", receipt.amount);
    p.text(
        MARGIN + 260.0 - width(font, &total, 9.5),
        y,
        9.5,
        true,
        &total,
    );
    PdfPage::new(Mm(210.0), Mm(297.0), p.ops)
}

/// A URL split anywhere to fit (it has no spaces).
fn wrap_url(font: &ParsedFont, url: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for c in url.chars() {
        line.push(c);
        if width(font, &line, size) > max && line.chars().count() > 1 {
            line.pop();
            lines.push(std::mem::replace(&mut line, c.to_string()));
        }
    }
    lines.push(line);
    lines
}

/// The QR code as filled rectangles, one per run of dark modules in a row.
fn draw_qr(p: &mut Page, data: &str, x: f32, y_top: f32, size: f32) -> Result<(), RenderError> {
    // One fixed mask: choosing the "best" of eight took an eighth of the
    // rendering time, and any mask reads.
    let qr = |e: qrcode::types::QrError| RenderError::Qr(e.to_string());
    let ec_level = qrcode::EcLevel::M;
    let bits = qrcode::bits::encode_auto(data.as_bytes(), ec_level).map_err(qr)?;
    let version = bits.version();
    let (encoded, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec_level).map_err(qr)?;
    let mut canvas = qrcode::canvas::Canvas::new(version, ec_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec);
    canvas.apply_mask(qrcode::canvas::MaskPattern::Checkerboard);
    let n = version.width().max(0) as usize;
    let colors = canvas.into_colors();
    let module = size / n as f32;
    p.color(0.0, 0.0, 0.0);
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == qrcode::Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                p.filled_rect(
                    x + start as f32 * module,
                    y_top + row as f32 * module,
                    (col - start) as f32 * module,
                    module,
                );
            } else {
                col += 1;
            }
        }
    }
    Ok(())
}

/// Replaces the two random strings of the trailer's `/ID` with a hash of the
/// document before them (same length, so offsets stay valid).
fn fix_trailer_id(mut bytes: Vec<u8>) -> Vec<u8> {
    let Some(at) = bytes.windows(3).rposition(|w| w == b"/ID") else {
        return bytes;
    };
    let digest = hex::encode(Sha256::digest(&bytes[..at]));
    let mut replaced = 0;
    let mut i = at;
    while i < bytes.len() && replaced < 2 {
        if bytes[i] == b'(' {
            let end = (i + 1..bytes.len()).find(|&j| bytes[j] == b')');
            if let Some(end) = end {
                let len = end - i - 1;
                let fill = if replaced == 0 {
                    &digest[..]
                } else {
                    &digest[32..]
                };
                if len == 32 {
                    bytes[i + 1..end].copy_from_slice(&fill.as_bytes()[..32]);
                }
                replaced += 1;
                i = end;
            }
        }
        i += 1;
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    pub(super) fn sample() -> ReceiptDocument {
        ReceiptDocument {
            number: ReceiptNumber { year: 2026, seq: 7 },
            issuer: Issuer {
                legal_name: "Association Exemple".into(),
                registration_kind: "rna".into(),
                registration_number: "W691234567".into(),
                address: "12 rue des Lilas".into(),
                postal_code: "69007".into(),
                city: "Lyon".into(),
                country: "FR".into(),
                object: "Promouvoir le logiciel libre".into(),
                category: "interet_general".into(),
                public_utility_decree_date: None,
                reduction_rate_percent: 66,
                signatory_name: "Alex Martin".into(),
                signatory_role: "Trésorier".into(),
                cerfa_revision: "11580*05".into(),
            },
            logo_png: None,
            signature_png: None,
            donor_first_name: "Camille".into(),
            donor_last_name: "Durand".into(),
            donor_address: "3 place « Bellecour »".into(),
            donor_postal_code: "69002".into(),
            donor_city: "Lyon".into(),
            donor_country: "France".into(),
            amount: Cents::new(123456),
            amount_words: crate::domain::words::amount_in_words(Cents::new(123456)),
            payment_box: PaymentBox::Cheque,
            gift_date: Some(date!(2026 - 11 - 26)),
            period: None,
            lines: Vec::new(),
            issued_on: date!(2026 - 11 - 26),
            verify_url: "https://dons.example.org/receipts/verify/2026-000007?k=abcdef0123456789"
                .into(),
            cancelled: None,
            replaces: None,
        }
    }

    #[test]
    fn the_same_receipt_renders_to_the_same_bytes() {
        let a = render(&sample()).unwrap();
        let b = render(&sample()).unwrap();
        assert!(a.starts_with(b"%PDF"));
        assert_eq!(Sha256::digest(&a), Sha256::digest(&b));
        assert!(a.len() < 120_000, "fonts are subset: {} bytes", a.len());
    }

    #[test]
    fn long_text_wraps_within_the_width() {
        let font = FONT.as_ref().unwrap();
        let lines = wrap(font, &"mot ".repeat(80), 9.5, 200.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| width(font, l, 9.5) <= 200.0));
    }
}
