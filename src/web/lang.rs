//! Which language a public page speaks: the visitor's explicit choice (the
//! switcher on every public page, kept in the `lang` cookie), then `?lang=`,
//! then the browser's `Accept-Language`, then the campaign's default
//! language (French elsewhere). Staff pages stay French.
//!
//! The middleware reads the request once and keeps the outcome for the
//! request's task, where [`super::AppState::chrome`] finds it; pages whose
//! words depend on it say so (`Vary`).

use axum::extract::{Path, Query, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::i18n::Lang;

/// The cookie the switcher sets.
pub const COOKIE: &str = "lang";

/// What the request says about its language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    /// The switcher's cookie.
    pub cookie: Option<Lang>,
    /// `?lang=`.
    pub query: Option<Lang>,
    /// The browser's preference.
    pub accept: Option<Lang>,
    /// The page's path and query without `lang` (for the switcher and the
    /// alternates); `None` on staff pages (French, no switcher).
    pub path: Option<String>,
}

impl Choice {
    /// The page's language, `default` when the request says nothing.
    pub fn lang(&self, default: Lang) -> Lang {
        if self.path.is_none() {
            return Lang::FR;
        }
        self.cookie
            .or(self.query)
            .or(self.accept)
            .unwrap_or(default)
    }

    /// The language of a gift's own pages (payment, thank-you): the one it
    /// was given in, unless the visitor chose another (cookie, `?lang=`).
    pub fn lang_of_gift(&self, gift: Lang) -> Lang {
        if self.path.is_none() {
            return Lang::FR;
        }
        self.cookie.or(self.query).unwrap_or(gift)
    }

    /// The language links must carry for a page read in `lang`: none when
    /// a bare link is read in it anyway (by the cookie or the browser),
    /// `lang` otherwise (it came from `?lang=`, a gift, a campaign).
    pub fn keep(&self, lang: Lang) -> Option<Lang> {
        self.path.as_ref()?;
        let bare = self.cookie.or(self.accept).unwrap_or(Lang::FR);
        (bare != lang).then_some(lang)
    }
}

/// `path` carrying this request's language when it came from `?lang=` (a
/// redirect after a form keeps the language of the form's page).
pub fn keep_in(path: &str) -> String {
    let choice = current();
    match choice.query.filter(|_| choice.cookie.is_none()) {
        Some(lang) if choice.keep(lang).is_some() => with_lang(path, lang),
        _ => path.to_owned(),
    }
}

tokio::task_local! {
    static CHOICE: Choice;
}

/// The language choice of the request served on this task (French when
/// outside any request, or on a staff page).
pub fn current() -> Choice {
    CHOICE.try_with(Clone::clone).unwrap_or_default()
}

impl Choice {
    /// What a request says about its language (a staff page's: nothing).
    pub fn of(uri: &axum::http::Uri, headers: &axum::http::HeaderMap) -> Choice {
        let staff = uri.path().starts_with("/admin");
        let (query, rest) = split_query(uri.query());
        let path = (!staff).then(|| {
            if rest.is_empty() {
                uri.path().to_owned()
            } else {
                format!("{}?{rest}", uri.path())
            }
        });
        Choice {
            cookie: cookie_lang(headers),
            query,
            accept: headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language),
            path,
        }
    }
}

fn cookie_lang(headers: &axum::http::HeaderMap) -> Option<Lang> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| Lang::parse(value))
}

/// `?lang=en` and the rest of the query without it.
fn split_query(query: Option<&str>) -> (Option<Lang>, String) {
    let mut lang = None;
    let mut rest = Vec::new();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("lang", value)) => lang = lang.or(Lang::parse(value)),
            _ => rest.push(pair),
        }
    }
    (lang, rest.join("&"))
}

/// Reads the request's language choice, serves the request with it, and
/// says on HTML pages that they vary with it.
pub async fn negotiate(request: Request, next: Next) -> Response {
    // The JSON API, the live streams, assets, webhooks and probes render no
    // words: the bar's hot path pays nothing for languages.
    const WORDLESS: &[&str] = &["/api/", "/static/", "/webhooks/", "/healthz", "/metrics"];
    if WORDLESS.iter().any(|p| request.uri().path().starts_with(p)) {
        return next.run(request).await;
    }
    let staff = request.uri().path().starts_with("/admin");
    let choice = Choice::of(request.uri(), request.headers());
    let mut response = CHOICE.scope(choice, next.run(request)).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && !staff {
        response.headers_mut().append(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
    }
    response
}

#[derive(Deserialize)]
pub(super) struct SwitchQuery {
    #[serde(default)]
    back: String,
}

/// Where a switch goes back to: a path of this site, never another site.
fn local_path(back: &str) -> &str {
    let safe = back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains('\\')
        && !back.chars().any(char::is_control);
    if safe { back } else { "/" }
}

/// `GET /lang/{code}?back=/path`: the visitor's choice, kept a year.
pub(super) async fn switch(Path(code): Path<String>, Query(q): Query<SwitchQuery>) -> Response {
    let back = local_path(&q.back).to_owned();
    let Some(lang) = Lang::parse(&code) else {
        return Redirect::to(&back).into_response();
    };
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    let mut response = Redirect::to(&back).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

pub use crate::i18n::with_lang;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_language_only_where_a_bare_link_would_lose_it() {
        let choice = |cookie, query, accept| Choice {
            cookie,
            query,
            accept,
            path: Some("/".to_owned()),
        };
        // Chosen by `?lang=` against the browser: carried.
        assert_eq!(
            choice(None, Some(Lang::EN), Some(Lang::FR)).keep(Lang::EN),
            Some(Lang::EN)
        );
        // The browser's or the cookie's: bare links say it already.
        assert_eq!(choice(None, None, Some(Lang::EN)).keep(Lang::EN), None);
        assert_eq!(
            choice(Some(Lang::EN), Some(Lang::FR), None).keep(Lang::EN),
            None
        );
        // A campaign's or a gift's language, nothing said: carried.
        assert_eq!(choice(None, None, None).keep(Lang::EN), Some(Lang::EN));
        assert_eq!(choice(None, None, None).keep(Lang::FR), None);
        // Staff pages: never.
        let staff = Choice {
            path: None,
            ..choice(None, Some(Lang::EN), None)
        };
        assert_eq!(staff.keep(Lang::EN), None);
        assert_eq!(with_lang("/a#don", Lang::EN), "/a?lang=en#don");
        assert_eq!(with_lang("/a?x=1#don", Lang::EN), "/a?x=1&lang=en#don");
    }

    #[test]
    fn the_choice_goes_cookie_query_browser_default() {
        let all = Choice {
            cookie: Some(Lang::FR),
            query: Some(Lang::EN),
            accept: Some(Lang::EN),
            path: Some("/".to_owned()),
        };
        assert_eq!(all.lang(Lang::EN), Lang::FR);
        let no_cookie = Choice {
            cookie: None,
            ..all.clone()
        };
        assert_eq!(no_cookie.lang(Lang::FR), Lang::EN);
        let browser = Choice {
            query: None,
            accept: Some(Lang::EN),
            ..no_cookie.clone()
        };
        assert_eq!(browser.lang(Lang::FR), Lang::EN);
        let nothing = Choice {
            accept: None,
            ..browser
        };
        assert_eq!(nothing.lang(Lang::EN), Lang::EN);
        assert_eq!(
            Choice { path: None, ..all }.lang(Lang::EN),
            Lang::FR,
            "staff pages"
        );
    }

    #[test]
    fn the_query_loses_its_lang_and_switches_stay_on_the_site() {
        assert_eq!(
            split_query(Some("lang=en&compact=1")),
            (Some(Lang::EN), "compact=1".to_owned())
        );
        assert_eq!(split_query(Some("lang=xx")), (None, String::new()));
        assert_eq!(
            local_path("/campaigns/x?compact=1"),
            "/campaigns/x?compact=1"
        );
        for hostile in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "",
            "javascript:alert(1)",
        ] {
            assert_eq!(local_path(hostile), "/", "{hostile}");
        }
        assert_eq!(with_lang("/campaigns/x", Lang::EN), "/campaigns/x?lang=en");
        assert_eq!(
            with_lang("/embed/x?compact=1", Lang::FR),
            "/embed/x?compact=1&lang=fr"
        );
    }
}
