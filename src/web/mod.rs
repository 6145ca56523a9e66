//! HTTP: the router, shared state and the layers every response goes through.

pub mod api;
mod assets;
pub mod client_ip;
mod csrf;
mod donate;
mod donor;
pub mod edge;
pub mod embed;
pub mod error;
mod forms;
pub mod guestbook;
pub mod lang;
pub mod metrics;
pub mod page_cache;
mod pages;
pub mod ratelimit;
mod receipts;
pub mod server;
pub mod site;
pub mod staff;
mod views;
mod webhooks;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::domain::donation::Limits;
use crate::payments::PaymentGateway;
use crate::progress::ProgressCache;
use crate::secret::Secret;
use crate::store::Store;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub progress: Arc<ProgressCache>,
    pub config: Arc<Config>,
    /// The site's public URL, without a trailing slash.
    pub base_url: Arc<str>,
    /// `Cache-Control` of the progress JSON, built once from the configuration.
    pub progress_cache_control: HeaderValue,
    /// Signs CSRF tokens, donor links and receipt checks.
    pub secret: Arc<Secret>,
    pub gateway: Arc<dyn PaymentGateway>,
    pub limits: Limits,
    /// Donation attempts per IP address per hour.
    pub donation_ip_limit: Arc<ratelimit::RateLimiter>,
    /// Donation attempts per client address and email together per hour.
    pub donation_email_limit: Arc<ratelimit::RateLimiter>,
    /// Donation forms refused (a field to correct) per IP address per hour:
    /// their own, higher limit (five times the attempts').
    pub donation_refused_limit: Arc<ratelimit::RateLimiter>,
    /// Request counters and timings for `/metrics`.
    pub metrics: Arc<metrics::Metrics>,
    /// JSON API requests per IP address per minute.
    pub api_limit: Arc<ratelimit::RateLimiter>,
    /// Staff login attempts per IP address, and per address and account together.
    pub login_limits: staff::LoginLimits,
    /// The latest approved messages per campaign, for the campaign page and the embed.
    pub latest_messages: Arc<guestbook::LatestMessages>,
    /// The campaign and guestbook pages made once per change, for the edge.
    pub pages: Arc<page_cache::PageCache>,
    /// Turns true when the server is asked to stop: endless responses (live
    /// progress streams) end, so that the graceful shutdown does not wait forever.
    pub stopping: tokio::sync::watch::Receiver<bool>,
    /// Caps on open live streams.
    pub streams: Arc<api::StreamSlots>,
    /// `/healthz`'s write check, shared by concurrent checks.
    pub health: Arc<api::WriteProbe>,
    /// Who the pages and emails speak for, as last read from the settings.
    pub site: SiteHandle,
    /// Sends what a page sends at once (a staff invitation); the outbox's
    /// worker shares it.
    pub mailer: Arc<crate::mail::Mailer>,
}

pub use crate::domain::site::{SiteHandle, SiteIdentity};

/// The identity the pages and emails show, as the settings hold it.
pub async fn read_identity(store: &dyn Store) -> Result<SiteIdentity, crate::store::StoreError> {
    let mut identity = match store.organisation().await? {
        Some(org) => identity_of(&org),
        None => SiteIdentity::default(),
    };
    identity.brand_colour = store
        .setting(site::BRAND_COLOUR_SETTING)
        .await?
        .and_then(|typed| crate::domain::site::parse_colour(&typed).ok())
        .unwrap_or_default();
    identity.accepts_transfers = store
        .setting(crate::bank::BANK_IBAN_SETTING)
        .await?
        .is_some_and(|iban| !iban.is_empty());
    Ok(identity)
}

/// The identity the pages and emails show for `org` (its colour aside: a setting).
fn identity_of(org: &crate::store::Organisation) -> SiteIdentity {
    SiteIdentity {
        name: org.issuer.legal_name.clone(),
        website: org.website.clone(),
        has_logo: org.logo_png.is_some(),
        contact_email: org.contact_email.clone(),
        brand_colour: String::new(),
        accepts_transfers: false,
    }
}

/// What every page's frame needs: the demo banner, the organisation's name
/// and logo (linking to its site), the footer. Each page template holds one,
/// under the name `demo`.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub demo: bool,
    pub site: Arc<SiteIdentity>,
    /// On a staff page with someone signed in: the staff bar.
    pub staff: Option<Arc<staff::nav::StaffNav>>,
    /// The language the page speaks.
    pub lang: crate::i18n::Lang,
    /// The page's path and query without `lang`, on public pages (the
    /// switcher and the alternates link to it); `None` on staff pages.
    pub path: Option<String>,
    /// The site's address, for absolute links.
    pub base_url: Arc<str>,
    /// The language this page's links carry (`?lang=`): set when a bare
    /// link would be read in another one (chosen by `?lang=`, a gift's, a
    /// campaign's), so that links keep the language.
    pub keep: Option<crate::i18n::Lang>,
}

impl Chrome {
    /// The frame of a page answered without the application's state (an
    /// error met before a handler): no banner, soutenir's own name.
    pub fn bare() -> Chrome {
        let choice = lang::current();
        Chrome {
            demo: false,
            site: Arc::default(),
            staff: None,
            lang: choice.lang(crate::i18n::Lang::FR),
            keep: choice.keep(choice.lang(crate::i18n::Lang::FR)),
            path: choice.path,
            base_url: Arc::from(""),
        }
    }

    /// What a link written in a template adds to keep the page's language:
    /// `?lang=en`, or nothing.
    pub fn lang_query(&self) -> String {
        self.keep
            .map(|l| format!("?lang={}", l.code()))
            .unwrap_or_default()
    }

    /// A link to a page of this site that keeps the page's language.
    pub fn href(&self, path: impl std::fmt::Display) -> String {
        match self.keep {
            Some(lang) => lang::with_lang(&path.to_string(), lang),
            None => path.to_string(),
        }
    }

    /// Message `key` in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// Message `key` with one value.
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.lang.t1(key, name, value)
    }

    /// Message `key` with two values.
    pub fn t2(
        &self,
        key: &str,
        name1: &str,
        value1: impl std::fmt::Display,
        name2: &str,
        value2: impl std::fmt::Display,
    ) -> String {
        self.lang.t2(key, name1, value1, name2, value2)
    }

    /// Message `key` with three values.
    #[allow(clippy::too_many_arguments)]
    pub fn t3(
        &self,
        key: &str,
        name1: &str,
        value1: impl std::fmt::Display,
        name2: &str,
        value2: impl std::fmt::Display,
        name3: &str,
        value3: impl std::fmt::Display,
    ) -> String {
        self.lang
            .t3(key, name1, value1, name2, value2, name3, value3)
    }

    /// Message `key` for `n` (the plural's number; `$count` is it written).
    pub fn tn(&self, key: &str, n: impl std::borrow::Borrow<i64>) -> String {
        self.lang.tn(key, n)
    }

    /// The words the bar's script writes, for `data-words`.
    pub fn script_words(&self) -> String {
        crate::i18n::script_words(self.lang).to_string()
    }

    /// `30,50 €` / `€30.50`.
    pub fn money(&self, amount: crate::domain::money::Cents) -> String {
        self.lang.money(amount)
    }

    /// The page in each language: its code, its name in itself, where, and
    /// whether it is this one.
    pub fn languages(&self) -> Vec<(&'static str, String, String, bool)> {
        let Some(path) = &self.path else {
            return Vec::new();
        };
        crate::i18n::Lang::all()
            .map(|l| {
                let switch = format!(
                    "/lang/{}?back={}",
                    l.code(),
                    form_urlencoded::byte_serialize(path.as_bytes()).collect::<String>()
                );
                (l.code(), l.t("language-name"), switch, l == self.lang)
            })
            .collect()
    }

    /// The page's alternates in every language (`hreflang`), absolute.
    pub fn alternates(&self) -> Vec<(&'static str, String)> {
        let Some(path) = &self.path else {
            return Vec::new();
        };
        crate::i18n::Lang::all()
            .map(|l| {
                (
                    l.code(),
                    format!("{}{}", self.base_url, lang::with_lang(path, l)),
                )
            })
            .collect()
    }
}

impl AppState {
    /// The frame of a page served now.
    pub fn chrome(&self) -> Chrome {
        self.chrome_in(crate::i18n::Lang::FR)
    }

    /// The frame of one of a gift's pages (`lang`, the code it was given in).
    pub fn chrome_for_gift(&self, lang: &str) -> Chrome {
        let gift = crate::i18n::Lang::parse(lang).unwrap_or_default();
        let mut chrome = self.chrome_in(gift);
        let choice = lang::current();
        chrome.lang = choice.lang_of_gift(gift);
        chrome.keep = choice.keep(chrome.lang);
        chrome
    }

    /// The frame of a page whose language is `default` when the request
    /// says nothing (a campaign's own language).
    pub fn chrome_in(&self, default: crate::i18n::Lang) -> Chrome {
        let choice = lang::current();
        Chrome {
            demo: self.demo_mode(),
            site: crate::domain::site::current(&self.site),
            staff: staff::nav::current(),
            lang: choice.lang(default),
            keep: choice.keep(choice.lang(default)),
            path: choice.path,
            base_url: Arc::clone(&self.base_url),
        }
    }

    /// Reads the organisation's identity again (after its settings changed,
    /// here or on another instance).
    pub async fn refresh_site(&self) -> Result<(), crate::store::StoreError> {
        let identity = read_identity(&*self.store).await?;
        crate::domain::site::replace(&self.site, identity);
        // Every page shows who speaks, and the form what it offers.
        self.pages.forget();
        Ok(())
    }

    /// True when payments are simulated: every page says so.
    pub fn demo_mode(&self) -> bool {
        self.gateway.name() == crate::store::Provider::Demo
    }

    /// Whether cookies must be `Secure` (the site is served over https).
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

/// Whether a checkbox was ticked: a browser sends `on` (or the value the page
/// gives); an empty or negative value from a hand-made request is no consent.
pub(crate) fn checked(value: &Option<String>) -> bool {
    matches!(value.as_deref(), Some("on" | "1" | "true" | "yes"))
}

/// A personal page (a form with its CSRF cookie, a donor's or a staff member's
/// data): sets the cookie if a new one was issued, and is never cached.
pub(crate) fn private_page(
    mut response: axum::response::Response,
    cookie: Option<HeaderValue>,
) -> axum::response::Response {
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Pages, stylesheets and scripts go compressed (brotli or gzip, as the
/// browser accepts): what is over a kilobyte and not already compressed
/// (images, PDF, ZIP, static assets compressed once in `assets`) nor a live
/// stream.
fn compression()
-> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    tower_http::compression::CompressionLayer::new()
        .no_deflate()
        .no_zstd()
        .compress_when(
            SizeAbove::new(1024)
                .and(NotForContentType::GRPC)
                .and(NotForContentType::IMAGES)
                .and(NotForContentType::SSE)
                .and(NotForContentType::const_new("application/pdf"))
                .and(NotForContentType::const_new("application/zip")),
        )
}

/// Donor and staff pages stay out of search engines.
fn noindex() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(
        header::HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex, nofollow"),
    )
}

/// The Content Security Policy of every page: scripts, styles, fonts and
/// images from this site only, no inline script or style, no plugin, forms
/// posted here (and, with Stripe, on to its Checkout). `frame_ancestors` says
/// who may frame the page.
pub fn content_security_policy(stripe: bool, frame_ancestors: &str) -> String {
    let checkout = if stripe {
        " https://checkout.stripe.com"
    } else {
        ""
    };
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'{checkout}; frame-ancestors {frame_ancestors}"
    )
}

/// Refuses any state-changing request (POST and the like) that another site
/// made a browser send, by what the browser says of it: `Sec-Fetch-Site` other
/// than `same-origin` (or `none`, typed by the person), or, from a browser that
/// does not send that, an `Origin` that is not this site's (`null` says
/// nothing). Requests saying neither (older browsers, programs) are left to the
/// forms' CSRF tokens.
async fn refuse_cross_site(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if request.method().is_safe() || !is_cross_site(&state.base_url, request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!(
        method = %request.method(),
        path = %request.uri().path(),
        "cross-site request refused"
    );
    let page = error::ErrorPage {
        demo: state.chrome(),
        title: "error-cross-site-title",
        message: "error-cross-site",
    };
    (axum::http::StatusCode::FORBIDDEN, page).into_response()
}

/// Whether the browser says the request comes from another site than
/// `base_url` (or the address it was sent to).
pub(crate) fn is_cross_site(base_url: &str, headers: &axum::http::HeaderMap) -> bool {
    // The browser's own word, which no page can set: it decides when given.
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return true;
    };
    // Sent by a page whose referrer policy is `no-referrer` (the donor space's)
    // for its own forms: it says nothing of where the post comes from.
    if origin == "null" {
        return false;
    }
    if origin.eq_ignore_ascii_case(origin_of(base_url)) {
        return false;
    }
    // Reached at another address than the public one (a test, a proxy that
    // keeps the Host): the browser's origin is then that address.
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    !matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// `https://example.org` of `https://example.org/some/path`.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// The largest request body accepted, except where a route sets its own.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The whole application's routes.
pub fn router(state: AppState) -> Router {
    let stripe = state.gateway.name() == crate::store::Provider::Stripe;
    let policy = |ancestors: &str| {
        HeaderValue::from_str(&content_security_policy(stripe, ancestors))
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
    };
    // Browsers that reached the site over https keep to it for a year.
    let hsts = state
        .secure_cookies()
        .then(|| HeaderValue::from_static("max-age=31536000"));
    // Every page refuses to be framed, except the embed, which any site may frame.
    let unframed = |routes: Router<AppState>| {
        routes
            .layer(SetResponseHeaderLayer::if_not_present(
                HeaderName::from_static("x-frame-options"),
                HeaderValue::from_static("DENY"),
            ))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CONTENT_SECURITY_POLICY,
                policy("'none'"),
            ))
    };
    let site = Router::new()
        .merge(pages::router())
        .route("/lang/{code}", axum::routing::get(lang::switch))
        .merge(api::router(&state))
        .merge(assets::router())
        .merge(donate::router())
        .merge(donor::router().layer(noindex()))
        .merge(guestbook::router())
        .merge(receipts::router())
        .merge(site::router())
        .merge(staff::router(&state).layer(noindex()))
        .merge(embed::public_assets())
        .fallback(pages::show_not_found);
    let framable = embed::router().layer(SetResponseHeaderLayer::if_not_present(
        header::CONTENT_SECURITY_POLICY,
        policy("*"),
    ));
    // What browsers reach refuses posts another site made them send; Stripe's
    // webhooks come from no browser and stay outside.
    let browsers = Router::new().merge(framable).merge(unframed(site)).layer(
        axum::middleware::from_fn_with_state(state.clone(), refuse_cross_site),
    );
    let counted = state.clone();
    Router::new()
        .merge(browsers)
        .merge(unframed(webhooks::router()))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            page_cache::forget_after_writes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            counted,
            metrics::track,
        ))
        // No form or event of ours comes near this; the organisation's images
        // (their own, larger limit) are the one exception.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state.clone())
        .layer(axum::middleware::from_fn_with_state(
            state,
            error::french_rejections,
        ))
        .layer(axum::middleware::from_fn(lang::negotiate))
        .layer(compression())
        .layer(TraceLayer::new_for_http())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            hsts,
        ))
}

#[cfg(test)]
mod tests {
    use super::{checked, is_cross_site};

    #[test]
    fn cross_site_requests_are_told_apart() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = axum::http::HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, axum::http::HeaderValue::from_static(v));
            }
            h
        };
        let site = "https://dons.example.org";
        assert!(!is_cross_site(site, &headers(&[])));
        assert!(!is_cross_site(
            site,
            &headers(&[("origin", "https://dons.example.org")])
        ));
        assert!(!is_cross_site(
            site,
            &headers(&[("sec-fetch-site", "same-origin")])
        ));
        assert!(!is_cross_site(
            site,
            &headers(&[
                ("origin", "http://127.0.0.1:8080"),
                ("host", "127.0.0.1:8080")
            ])
        ));
        assert!(is_cross_site(
            site,
            &headers(&[("origin", "https://evil.example")])
        ));
        assert!(!is_cross_site(site, &headers(&[("origin", "null")])));
        assert!(!is_cross_site(
            site,
            &headers(&[("origin", "null"), ("sec-fetch-site", "same-origin")])
        ));
        assert!(is_cross_site(
            site,
            &headers(&[("origin", "null"), ("sec-fetch-site", "cross-site")])
        ));
        assert!(is_cross_site(
            site,
            &headers(&[("sec-fetch-site", "cross-site")])
        ));
        assert!(is_cross_site(
            site,
            &headers(&[("sec-fetch-site", "same-site")])
        ));
        assert!(is_cross_site(
            site,
            &headers(&[("origin", "https://dons.example.org.evil.example")])
        ));
    }

    #[test]
    fn only_a_ticked_checkbox_counts_as_consent() {
        assert!(checked(&Some("on".to_owned())));
        for absent in [
            None,
            Some(String::new()),
            Some("off".to_owned()),
            Some("0".to_owned()),
        ] {
            assert!(!checked(&absent), "{absent:?}");
        }
    }
}
