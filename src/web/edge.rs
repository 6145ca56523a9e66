//! The public edge — the progress JSON, the embed, the badge, `widget.js`,
//! the live streams, and the campaign and guestbook pages — answered as a
//! static server would: from bytes made once per change (kept with the
//! campaign's snapshot, compressed once each way; the pages as their
//! handlers left them in `page_cache`), ahead of the layers every other
//! request goes through (traces, language negotiation, compression, error
//! pages, the per-request task).
//!
//! The edge answers only what it has ready: a known campaign, a variant it
//! keeps (`?messages=1` is not one, nor a prefilled form), a GET. Anything
//! else goes on to the router unchanged, which makes the first answer of a
//! snapshot as before; so the edge changes no answer, only its cost. Its
//! answers carry what the router's would: the security headers, CORS,
//! `Cache-Control`, a strong ETag (and 304 on `If-None-Match`), `Vary`, a
//! new visitor's CSRF cookie; and they are counted in the metrics with
//! atomics.
//!
//! No per-address limit applies here: these are cacheable reads served from
//! memory, which thousands of people behind one mobile network's address
//! make alike; refusing them would be taking a crowd for an attack. Only
//! when `SOUTENIR_API_RATE` is set (it is off by default) do an
//! unconditional JSON request (no `If-None-Match`) and a live stream go to
//! the router, which counts them; a conditional one never is. Live streams
//! still take a slot (`SOUTENIR_STREAMS_PER_CLIENT`, the total): with none
//! left, the router refuses and says so. The router's limits still guard
//! what costs (a campaign the edge does not know is a database read).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, header};
use axum::response::Response;
use time::OffsetDateTime;

use super::AppState;
use super::embed::{self, EmbedVariant};
use super::page_cache::{CachedPage, PageKey, PageKind};
use crate::i18n::Lang;
use crate::progress::{Prepared, ProgressCache, Snapshot};

/// The routes the edge answers, as the router names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Progress = 0,
    Embed = 1,
    Badge = 2,
    Widget = 3,
    Campaign = 4,
    Guestbook = 5,
    Events = 6,
}

impl Route {
    pub const ALL: [Route; 7] = [
        Route::Progress,
        Route::Embed,
        Route::Badge,
        Route::Widget,
        Route::Campaign,
        Route::Guestbook,
        Route::Events,
    ];

    /// The router's pattern (the metrics' `route` label).
    pub fn pattern(self) -> &'static str {
        match self {
            Route::Progress => "/api/v1/campaigns/{slug}/progress",
            Route::Embed => "/embed/{slug}",
            Route::Badge => "/campaigns/{slug}/badge.svg",
            Route::Widget => "/widget.js",
            Route::Campaign => "/campaigns/{slug}",
            Route::Guestbook => "/campaigns/{slug}/guestbook",
            Route::Events => "/api/v1/campaigns/{slug}/events",
        }
    }

    /// The route of `path`, and the campaign's slug in it.
    fn of(path: &str) -> Option<(Route, &str)> {
        let slug_ok = |slug: &str| {
            !slug.is_empty()
                && slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        let found = if path == "/widget.js" {
            (Route::Widget, "")
        } else if let Some(slug) = path
            .strip_prefix("/api/v1/campaigns/")
            .and_then(|p| p.strip_suffix("/progress"))
        {
            (Route::Progress, slug)
        } else if let Some(slug) = path
            .strip_prefix("/api/v1/campaigns/")
            .and_then(|p| p.strip_suffix("/events"))
        {
            (Route::Events, slug)
        } else if let Some(slug) = path.strip_prefix("/embed/") {
            (Route::Embed, slug)
        } else if let Some(slug) = path
            .strip_prefix("/campaigns/")
            .and_then(|p| p.strip_suffix("/badge.svg"))
        {
            (Route::Badge, slug)
        } else if let Some(slug) = path
            .strip_prefix("/campaigns/")
            .and_then(|p| p.strip_suffix("/guestbook"))
        {
            (Route::Guestbook, slug)
        } else if let Some(slug) = path.strip_prefix("/campaigns/") {
            (Route::Campaign, slug)
        } else {
            return None;
        };
        (found.0 == Route::Widget || slug_ok(found.1)).then_some(found)
    }
}

/// What the router's layers add to every answer, made once.
pub struct Edge {
    progress: Arc<ProgressCache>,
    metrics: Arc<super::metrics::Metrics>,
    base_url: Arc<str>,
    progress_cache_control: HeaderValue,
    /// `SOUTENIR_API_RATE` is set: unconditional JSON requests are the
    /// router's, which counts them.
    api_limited: bool,
    /// Every answer's (the router's outer layers'): `nosniff`, the referrer
    /// policy, HSTS over https.
    common: Vec<(HeaderName, HeaderValue)>,
    /// What refuses framing (every answer but the embed's).
    unframed: Vec<(HeaderName, HeaderValue)>,
    /// The embed's policy: any site may frame it.
    framable: Vec<(HeaderName, HeaderValue)>,
    widget: Prepared,
    /// The campaign and guestbook pages, as their handlers left them.
    pages: Arc<super::page_cache::PageCache>,
    /// Signs the forms' CSRF tokens.
    secret: Arc<crate::secret::Secret>,
    /// Cookies are `Secure` (the site is served over https).
    secure_cookies: bool,
    /// The live streams' caps, and what ends them.
    streams: Arc<super::api::StreamSlots>,
    stopping: tokio::sync::watch::Receiver<bool>,
    /// Whose `X-Forwarded-For` is believed.
    config: Arc<crate::config::Config>,
}

/// How many answers a snapshot keeps per language: the embed's variants
/// (dark, compact, reminder, a link carrying the language: 16), the badge.
const PER_LANGUAGE: usize = crate::progress::PREPARED_PER_LANGUAGE;

impl Edge {
    pub fn new(state: &AppState) -> Edge {
        let stripe = state.gateway.name() == crate::store::Provider::Stripe;
        let policy = |ancestors: &str| {
            HeaderValue::from_str(&super::content_security_policy(stripe, ancestors))
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
        };
        let mut common = vec![
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("strict-origin-when-cross-origin"),
            ),
        ];
        if state.secure_cookies() {
            common.push((
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000"),
            ));
        }
        Edge {
            progress: Arc::clone(&state.progress),
            metrics: Arc::clone(&state.metrics),
            base_url: Arc::clone(&state.base_url),
            progress_cache_control: state.progress_cache_control.clone(),
            api_limited: state.config.api_rate > 0,
            common,
            unframed: vec![
                (
                    HeaderName::from_static("x-frame-options"),
                    HeaderValue::from_static("DENY"),
                ),
                (header::CONTENT_SECURITY_POLICY, policy("'none'")),
            ],
            framable: vec![(header::CONTENT_SECURITY_POLICY, policy("*"))],
            widget: Prepared::new(crate::i18n::widget_script().as_bytes().to_vec()),
            pages: Arc::clone(&state.pages),
            secret: Arc::clone(&state.secret),
            secure_cookies: state.secure_cookies(),
            streams: Arc::clone(&state.streams),
            stopping: state.stopping.clone(),
            config: Arc::clone(&state.config),
        }
    }

    /// The answer to `request` if the edge has it ready; `None` sends the
    /// request on to the router.
    pub fn answer<B>(&self, request: &Request<B>, peer: std::net::SocketAddr) -> Option<Response> {
        if request.method() != Method::GET {
            return None;
        }
        let start = Instant::now();
        let (route, slug) = Route::of(request.uri().path())?;
        let headers = request.headers();
        let response = match route {
            Route::Widget => self.respond(
                &self.widget,
                headers,
                Kind::Script,
                HeaderValue::from_static(embed::WIDGET_CACHE),
            ),
            Route::Progress => {
                if self.api_limited && !headers.contains_key(header::IF_NONE_MATCH) {
                    return None;
                }
                let snapshot = self.progress.get(slug)?;
                self.progress_json(&snapshot, headers)
            }
            Route::Embed => {
                let snapshot = self.progress.get(slug)?;
                let query = Query::of(request.uri().query());
                if query.messages {
                    return None;
                }
                let choice = super::lang::Choice::of(request.uri(), headers);
                let lang = embed::embed_lang(&query.lang, &choice, &snapshot.campaign.lang);
                let variant = EmbedVariant::of(
                    &query.theme,
                    &query.compact,
                    &query.reminder,
                    choice.keep(lang),
                );
                let prepared = prepared(&snapshot, embed_slot(lang, variant), || {
                    embed::embed_html(
                        &self.base_url,
                        &snapshot,
                        lang,
                        variant,
                        None,
                        OffsetDateTime::now_utc(),
                    )
                })?;
                self.respond(
                    prepared,
                    headers,
                    Kind::Embed,
                    HeaderValue::from_static(embed::EMBED_CACHE),
                )
            }
            Route::Badge => {
                let snapshot = self.progress.get(slug)?;
                let lang = embed::badge_lang(&Query::of(request.uri().query()).lang);
                let prepared = prepared(&snapshot, badge_slot(lang), || {
                    embed::badge_svg(&snapshot, lang, OffsetDateTime::now_utc())
                })?;
                self.respond(
                    prepared,
                    headers,
                    Kind::Badge,
                    HeaderValue::from_static(embed::BADGE_CACHE),
                )
            }
            Route::Events => {
                // `SOUTENIR_API_RATE` is set: streams count, the router's.
                if self.api_limited {
                    return None;
                }
                self.progress.get(slug)?;
                let client =
                    super::client_ip::client_ip(peer.ip(), headers, &self.config.trusted_proxies);
                // None left: the router refuses it, and says so.
                let slot = self.streams.take(client)?;
                let mut response = super::api::live_stream(
                    &self.progress,
                    &self.metrics,
                    slug,
                    slot,
                    self.stopping.clone(),
                )?;
                self.secure(response.headers_mut(), &self.unframed);
                response
            }
            Route::Campaign | Route::Guestbook => {
                let snapshot = self.progress.get(slug)?;
                let choice = super::lang::Choice::of(request.uri(), headers);
                let kind = if route == Route::Campaign {
                    PageKind::Campaign
                } else {
                    PageKind::Guestbook
                };
                let key = PageKey::of(kind, &snapshot.campaign, &choice, request.uri().path())?;
                let page = self.pages.get(&key, &snapshot)?;
                self.page(&page, kind, headers)?
            }
        };
        self.metrics.edge_request(
            route,
            response.status() == StatusCode::NOT_MODIFIED,
            start.elapsed(),
        );
        Some(response)
    }

    fn progress_json(&self, snapshot: &Snapshot, headers: &HeaderMap) -> Response {
        let mut response = if not_modified(headers, &snapshot.etag) {
            empty(StatusCode::NOT_MODIFIED)
        } else {
            let mut response = Response::new(Body::from(snapshot.json.clone()));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        };
        let out = response.headers_mut();
        out.insert(header::ETAG, snapshot.etag.clone());
        out.insert(header::CACHE_CONTROL, self.progress_cache_control.clone());
        out.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        self.secure(out, &self.unframed);
        response
    }

    /// A prepared body in the encoding the client prefers, or 304.
    fn respond(
        &self,
        prepared: &Prepared,
        headers: &HeaderMap,
        kind: Kind,
        cache_control: HeaderValue,
    ) -> Response {
        let mut response = if not_modified(headers, &prepared.etag) {
            empty(StatusCode::NOT_MODIFIED)
        } else {
            let (body, encoding) = match super::assets::preferred_encoding(headers) {
                Some("br") if !prepared.br.is_empty() => (prepared.br.clone(), Some("br")),
                Some(_) if !prepared.gzip.is_empty() => (prepared.gzip.clone(), Some("gzip")),
                _ => (prepared.body.clone(), None),
            };
            let mut response = Response::new(Body::from(body));
            let out = response.headers_mut();
            out.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.mime()));
            if let Some(encoding) = encoding {
                out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            }
            response
        };
        let out = response.headers_mut();
        out.insert(header::ETAG, prepared.etag.clone());
        out.insert(header::CACHE_CONTROL, cache_control);
        out.insert(
            header::VARY,
            HeaderValue::from_static(match kind {
                // Its words follow the browser's language and the cookie.
                Kind::Embed => "Accept-Language, Cookie, Accept-Encoding",
                _ => "Accept-Encoding",
            }),
        );
        match kind {
            Kind::Embed => self.secure(out, &self.framable),
            Kind::Badge | Kind::Script => {
                out.insert(
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                );
                self.secure(out, &self.unframed);
            }
        }
        response
    }

    /// A kept page, with this visitor's form token (and a new visitor's
    /// CSRF cookie) and a new idempotency key in its holes; gzipped when the
    /// client takes it. `None` (the router answers) if no key can be drawn.
    fn page(&self, page: &CachedPage, kind: PageKind, headers: &HeaderMap) -> Option<Response> {
        let (token, set_cookie, key) = if page.has_form() {
            let token = super::csrf::issue(&self.secret, headers, self.secure_cookies);
            let key = crate::tokens::random_hex(16).ok()?;
            (token.token, token.set_cookie, key)
        } else {
            (String::new(), None, String::new())
        };
        let gzip = super::assets::accepts(headers, "gzip");
        let body = if gzip {
            page.gzip_body(&token, &key)
        } else {
            page.html_body(&token, &key)
        };
        let mut response = Response::new(Body::new(body));
        let out = response.headers_mut();
        out.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(Kind::Embed.mime()),
        );
        if gzip {
            out.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        out.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(match kind {
                // It holds the visitor's form token.
                PageKind::Campaign => "no-store",
                // Asked again each time: a moderation shows at once.
                PageKind::Guestbook => "no-cache",
            }),
        );
        // As the router's layers write them (languages, then compression).
        out.append(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
        out.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(cookie) = set_cookie {
            out.insert(header::SET_COOKIE, cookie);
        }
        self.secure(out, &self.unframed);
        Some(response)
    }

    fn secure(&self, out: &mut HeaderMap, framing: &[(HeaderName, HeaderValue)]) {
        for (name, value) in framing.iter().chain(&self.common) {
            out.insert(name.clone(), value.clone());
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Embed,
    Badge,
    Script,
}

impl Kind {
    fn mime(self) -> &'static str {
        match self {
            Kind::Embed => "text/html; charset=utf-8",
            Kind::Badge => "image/svg+xml; charset=utf-8",
            Kind::Script => "text/javascript; charset=utf-8",
        }
    }
}

fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

fn not_modified(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tags| super::api::etag_matches(tags.as_bytes(), etag.as_bytes()))
}

/// The answer kept in `slot` of `snapshot`, made by `render` at its first
/// request; `None` (the router answers) if it cannot be made.
fn prepared(
    snapshot: &Snapshot,
    slot: usize,
    render: impl FnOnce() -> askama::Result<String>,
) -> Option<&Prepared> {
    let cell = snapshot.prepared.get(slot)?;
    if let Some(ready) = cell.get() {
        return Some(ready);
    }
    let body = render().ok()?;
    Some(cell.get_or_init(|| Prepared::new(body)))
}

fn lang_index(lang: Lang) -> usize {
    Lang::all().position(|l| l == lang).unwrap_or(0)
}

fn embed_slot(lang: Lang, v: EmbedVariant) -> usize {
    let bits = usize::from(v.dark)
        | usize::from(v.compact) << 1
        | usize::from(v.reminder) << 2
        | usize::from(v.keep.is_some()) << 3;
    lang_index(lang) * PER_LANGUAGE + bits
}

fn badge_slot(lang: Lang) -> usize {
    lang_index(lang) * PER_LANGUAGE + 16
}

/// How many answers a snapshot keeps room for.
pub fn slots() -> usize {
    crate::i18n::LANGUAGES.len() * PER_LANGUAGE
}

/// The query parameters the embed and the badge read.
#[derive(Default)]
struct Query {
    theme: String,
    compact: String,
    lang: String,
    reminder: String,
    messages: bool,
}

impl Query {
    fn of(query: Option<&str>) -> Query {
        let mut q = Query::default();
        for (name, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            match &*name {
                "theme" => q.theme = value.into_owned(),
                "compact" => q.compact = value.into_owned(),
                "lang" => q.lang = value.into_owned(),
                "reminder" => q.reminder = value.into_owned(),
                "messages" => q.messages = value == "1",
                _ => {}
            }
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edge_knows_its_four_routes_and_nothing_else() {
        assert_eq!(
            Route::of("/api/v1/campaigns/dorlotons/progress"),
            Some((Route::Progress, "dorlotons"))
        );
        assert_eq!(
            Route::of("/embed/hiver-2026"),
            Some((Route::Embed, "hiver-2026"))
        );
        assert_eq!(
            Route::of("/campaigns/dorlotons/badge.svg"),
            Some((Route::Badge, "dorlotons"))
        );
        assert_eq!(Route::of("/widget.js"), Some((Route::Widget, "")));
        assert_eq!(
            Route::of("/api/v1/campaigns/dorlotons/events"),
            Some((Route::Events, "dorlotons"))
        );
        assert_eq!(
            Route::of("/campaigns/dorlotons"),
            Some((Route::Campaign, "dorlotons"))
        );
        assert_eq!(
            Route::of("/campaigns/dorlotons/guestbook"),
            Some((Route::Guestbook, "dorlotons"))
        );
        for other in [
            "/campaigns/dorlotons/image",
            "/campaigns/",
            "/campaigns/dorlotons/guestbook/x",
            "/api/v1/campaigns/dorlotons/events/x",
            "/embed/",
            "/embed/a/b",
            "/embed/Dorlotons",
            "/embed/d%C3%A9",
            "/api/v1/campaigns//progress",
            "/widget.js/x",
        ] {
            assert_eq!(Route::of(other), None, "{other}");
        }
    }

    #[test]
    fn every_variant_has_its_own_slot() {
        let mut seen = std::collections::HashSet::new();
        for lang in Lang::all() {
            for bits in 0..16u8 {
                let v = EmbedVariant {
                    dark: bits & 1 != 0,
                    compact: bits & 2 != 0,
                    reminder: bits & 4 != 0,
                    keep: (bits & 8 != 0).then_some(lang),
                };
                assert!(seen.insert(embed_slot(lang, v)));
            }
            assert!(seen.insert(badge_slot(lang)));
        }
        assert!(seen.iter().all(|&s| s < slots()));
        assert_eq!(seen.len(), slots());
    }
}
