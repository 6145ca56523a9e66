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

use crate::domain::cerfa::Model;
use crate::domain::donation::Company;
use crate::domain::money::Cents;
use crate::domain::receipt::{Issuer, PaymentBox, ReceiptNumber, short_date};

mod layout;
mod v1;

const REGULAR_TTF: &[u8] = include_bytes!("../../../static/fonts/DejaVuSans.ttf");

static FONT: LazyLock<Option<ParsedFont>> =
    LazyLock::new(|| ParsedFont::from_bytes(REGULAR_TTF, 0, &mut Vec::new()));

// A fixed id: its first six letters become the subset tag.
const REGULAR_ID: &str = "SOUTRG";
const LOGO_ID: &str = "logo";
const SIGNATURE_ID: &str = "signature";

/// The layout receipts are issued with now.
pub const LAYOUT: u8 = 2;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 42.0;
const TICKED: &str = "☒";
const UNTICKED: &str = "☐";

/// Everything printed on a receipt, as recorded when it was issued.
#[derive(Debug, Clone)]
pub struct ReceiptDocument {
    /// How the page is laid out: 1 before the models became data (frozen in
    /// [`v1`]), 2 since ([`layout`]).
    pub layout: u8,
    /// The model, and its revision as recorded on the receipt.
    pub model: Model,
    pub revision: String,
    /// A specimen, issued under the untouched sample organisation: stamped
    /// across the page, numbered apart.
    pub specimen: bool,
    pub number: ReceiptNumber,
    pub issuer: Issuer,
    pub logo_png: Option<Vec<u8>>,
    pub signature_png: Option<Vec<u8>>,
    /// A giving company's name, legal form and SIREN (the companies' model).
    pub company: Option<Company>,
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
    /// 1, 2… for a supplementary receipt of a year's payments recorded after
    /// its summary; 0 otherwise.
    pub supplement: i64,
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

    /// A rectangle's outline, in the current outline colour.
    fn frame(&mut self, x: f32, y_top: f32, w: f32, h: f32) {
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetOutlineThickness { pt: Pt(0.8) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(PAGE_H - y_top - h),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Stroke),
                    winding_order: None,
                },
            },
            Op::RestoreGraphicsState,
        ]);
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

    let ops = match receipt.layout {
        1 => v1::page(receipt, font, logo, signature)?,
        _ => layout::page(receipt, font, logo, signature)?,
    };
    let mut pages = vec![PdfPage::new(Mm(210.0), Mm(297.0), ops)];
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
    if receipt.specimen {
        layout::specimen_stamp(&mut p, font);
    }
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
            layout: LAYOUT,
            model: Model::Individuals,
            revision: "11580*05".into(),
            specimen: false,
            company: None,
            number: ReceiptNumber::new(2026, 7),
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
                category_detail: String::new(),
                association_1901: true,
                public_utility_decree_date: None,
                journal_officiel_date: None,
                reduction_rate_percent: 66,
                signatory_name: "Alex Martin".into(),
                signatory_role: "Trésorier".into(),
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
            supplement: 0,
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

    /// Receipts issued with layout 1 keep the bytes on record: these are the
    /// hashes layout 1 gave, before layout 2 existed, for a single receipt and
    /// for a cancelled, replacing yearly summary.
    #[test]
    fn receipts_of_layout_1_render_to_the_bytes_they_had() {
        let single = ReceiptDocument {
            layout: 1,
            ..sample()
        };
        let summary = ReceiptDocument {
            period: Some((date!(2025 - 01 - 01), date!(2025 - 12 - 31))),
            gift_date: None,
            lines: vec![(date!(2025 - 01 - 05), Cents::new(1000))],
            cancelled: Some((
                date!(2026 - 02 - 01),
                "Remboursé".into(),
                Some("2026-000009".into()),
            )),
            replaces: Some("2025-000003".into()),
            ..single.clone()
        };
        let hash = |doc: &ReceiptDocument| hex::encode(Sha256::digest(render(doc).unwrap()));
        assert_eq!(
            hash(&single),
            "80c722ef852dbb75f8acd7b2b369f0786eb4dbd26502a1ba6f084681c97d48e8"
        );
        assert_eq!(
            hash(&summary),
            "ed0c0918adc2b29d156798184004835a38447ed15283e550953ccee115ac08b7"
        );
    }

    #[test]
    fn long_text_wraps_within_the_width() {
        let font = FONT.as_ref().unwrap();
        let lines = wrap(font, &"mot ".repeat(80), 9.5, 200.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| width(font, l, 9.5) <= 200.0));
    }
}
