//! Campaign texts are written in Markdown by staff and shown to everyone: render
//! them without letting raw HTML or script URLs through.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Renders Markdown to HTML that is safe to embed in a page: raw HTML is shown as
/// text, and links or images whose URL is not http(s), mailto or relative are
/// neutralised.
pub fn render(markdown: &str) -> String {
    let options =
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_SMART_PUNCTUATION;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Text(text) => Event::Text(french_spacing(&text).into()),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Puts the narrow no-break space French typography asks for where an ordinary
/// space stands: before `; : ! ? % €` and `»`, after `«`, and between groups of
/// thousands (`60 000`), so that lines never break inside « 60 000 € ».
pub fn french_spacing(text: &str) -> String {
    const NNBSP: char = '\u{202F}';
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let is_space = c == ' ' || c == '\u{A0}';
        let before_mark = matches!(next, Some(';' | ':' | '!' | '?' | '%' | '€' | '»'));
        let after_quote = prev == Some('«');
        let thousands = prev.is_some_and(|p| p.is_ascii_digit())
            && chars
                .get(i + 1..i + 4)
                .is_some_and(|g| g.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit);
        if is_space && (before_mark || after_quote || thousands) {
            out.push(NNBSP);
        } else {
            out.push(c);
        }
    }
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe_url(&url) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = cleaned.find(':');
    let path_start = cleaned.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (None, _) => true,
        (Some(colon), Some(slash)) if slash < colon => true,
        _ => ["http:", "https:", "mailto:"]
            .iter()
            .any(|scheme| cleaned.starts_with(scheme)),
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_ordinary_markdown() {
        let html = render("Nous **avons** besoin de [vous](https://example.org).");
        assert!(html.contains("<strong>avons</strong>"));
        assert!(html.contains(r#"<a href="https://example.org">vous</a>"#));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render("<script>alert(1)</script>\n\nA <img src=x onerror=alert(1)> b");
        assert!(!html.contains("<script"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn french_spacing_is_applied_to_text() {
        use super::french_spacing;
        assert_eq!(
            french_spacing("Merci ! 60 000 € soit 66 % : « oui » ; 2026 12 ans"),
            "Merci\u{202F}! 60\u{202F}000\u{202F}€ soit 66\u{202F}%\u{202F}: «\u{202F}oui\u{202F}»\u{202F}; 2026 12 ans"
        );
        assert!(render("Besoin de 60 000 € !").contains("60\u{202F}000\u{202F}€\u{202F}!"));
    }

    #[test]
    fn script_urls_are_neutralised() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:x",
        ] {
            let html = render(&format!("[x](<{url}>) ![y](<{url}>)"));
            assert!(
                !html.to_ascii_lowercase().contains("script:"),
                "{url}: {html}"
            );
            assert!(!html.contains("data:"), "{url}: {html}");
        }
        assert!(render("[a](/campaigns/x)").contains(r#"href="/campaigns/x""#));
        assert!(render("[a](mailto:a@b.fr)").contains("mailto:a@b.fr"));
    }
}
