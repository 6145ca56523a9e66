//! The campaign page and the guestbook's first page, made once per change
//! and served as bytes by the edge (`web::edge`).
//!
//! A page is rendered by its handler as before, once, with marks where each
//! visitor's own values go (the form's CSRF token and idempotency key); the
//! HTML is cut at the marks and kept with what it was made from. The edge
//! then answers the same request by joining the parts around fresh values,
//! and a gzip made once: each part is deflated alone, flushed to a byte
//! boundary, and a visitor's values go between them as stored (uncompressed)
//! deflate blocks, the CRC combined from the parts'.
//!
//! A kept page is served while three things hold:
//! - the campaign's progress snapshot is the one it was made from (a gift,
//!   an edit, midnight: the notifications that move the bar make a new one);
//! - no write went through this instance since (the generation: any
//!   successful post — a moderation, a setting, an erasure — forgets every
//!   page, see [`forget_after_writes`]);
//! - it is younger than [`PageCache::TTL`], which bounds what another
//!   instance changed without a notification (messages, settings).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;
use crate::i18n::Lang;
use crate::progress::Snapshot;

/// Where the form's CSRF token goes. A NUL cannot come from a visitor (the
/// forms refuse control characters) nor from a template.
pub const CSRF_HOLE: &str = "\u{0}csrf\u{0}";
/// Where the form's idempotency key goes.
pub const KEY_HOLE: &str = "\u{0}key\u{0}";

/// The pages kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// `/campaigns/{slug}`, with its form as a new visitor finds it.
    Campaign,
    /// `/campaigns/{slug}/guestbook`, its newest messages.
    Guestbook,
}

/// A kept page's variant: its campaign, its kind and the language it speaks
/// and its links carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub campaign_id: i64,
    pub kind: PageKind,
    pub lang: Lang,
    pub keep: Option<Lang>,
}

impl PageKey {
    /// The kept variant a request for `kind` of `campaign` at `path` reads,
    /// by the language rules of every public page (`lang::Choice`); `None`
    /// unless its link carries nothing but a language (a prefilled form, a
    /// later page of messages: the handler's own).
    pub fn of(
        kind: PageKind,
        campaign: &crate::domain::campaign::Campaign,
        choice: &super::lang::Choice,
        path: &str,
    ) -> Option<PageKey> {
        if choice.path.as_deref() != Some(path) {
            return None;
        }
        let lang = choice.lang(Lang::parse(&campaign.lang).unwrap_or_default());
        Some(PageKey {
            campaign_id: campaign.id,
            kind,
            lang,
            keep: choice.keep(lang),
        })
    }
}

/// What goes in a hole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hole {
    Csrf,
    Key,
}

/// A page cut at its holes, ready to be joined around a visitor's values.
pub struct CachedPage {
    snapshot: Arc<Snapshot>,
    generation: u64,
    made: Instant,
    /// `parts.len() == holes.len() + 1`.
    parts: Vec<Bytes>,
    holes: Vec<Hole>,
    /// Each part deflated alone (raw deflate, flushed to a byte, not final).
    deflated: Vec<Bytes>,
    /// Each part's CRC-32 (with its length).
    crcs: Vec<crc32fast::Hasher>,
}

impl CachedPage {
    /// `html` cut at its marks, as made from `snapshot` at `generation`;
    /// `None` when a mark is broken (a NUL that is not one of ours).
    pub fn cut(html: &str, snapshot: Arc<Snapshot>, generation: u64) -> Option<CachedPage> {
        let mut parts = Vec::new();
        let mut holes = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find('\u{0}') {
            let (hole, mark) = if rest[at..].starts_with(CSRF_HOLE) {
                (Hole::Csrf, CSRF_HOLE)
            } else if rest[at..].starts_with(KEY_HOLE) {
                (Hole::Key, KEY_HOLE)
            } else {
                return None;
            };
            parts.push(Bytes::copy_from_slice(&rest.as_bytes()[..at]));
            holes.push(hole);
            rest = &rest[at + mark.len()..];
        }
        parts.push(Bytes::copy_from_slice(rest.as_bytes()));
        let deflated = parts
            .iter()
            .map(|p| deflate_part(p).map(Bytes::from))
            .collect::<Option<_>>()?;
        let crcs = parts
            .iter()
            .map(|p| {
                let mut crc = crc32fast::Hasher::new();
                crc.update(p);
                crc
            })
            .collect();
        Some(CachedPage {
            snapshot,
            generation,
            made: Instant::now(),
            parts,
            holes,
            deflated,
            crcs,
        })
    }

    fn value<'a>(hole: Hole, csrf: &'a str, key: &'a str) -> &'a [u8] {
        match hole {
            Hole::Csrf => csrf.as_bytes(),
            Hole::Key => key.as_bytes(),
        }
    }

    /// Whether the page holds the form (hence needs a CSRF cookie).
    pub fn has_form(&self) -> bool {
        self.holes.contains(&Hole::Csrf)
    }

    /// The page with `csrf` and `key` in their holes, in one buffer.
    #[cfg(test)]
    fn html(&self, csrf: &str, key: &str) -> Bytes {
        let mut out = Vec::new();
        for piece in self.html_pieces(csrf, key) {
            out.extend_from_slice(&piece);
        }
        Bytes::from(out)
    }

    /// The same page as a body sent piece by piece: the kept parts are not
    /// copied, the values go between them (one vectored write).
    pub fn html_body(&self, csrf: &str, key: &str) -> Joined {
        Joined::new(self.html_pieces(csrf, key))
    }

    fn html_pieces(&self, csrf: &str, key: &str) -> Vec<Bytes> {
        let mut pieces = Vec::with_capacity(self.parts.len() * 2);
        for (part, hole) in self.parts.iter().zip(&self.holes) {
            pieces.push(part.clone());
            pieces.push(Bytes::copy_from_slice(Self::value(*hole, csrf, key)));
        }
        pieces.push(self.parts[self.parts.len() - 1].clone());
        pieces
    }

    /// The page gzipped, with `csrf` and `key` in their holes: the parts'
    /// deflated bytes once made, the values in stored blocks between them.
    #[cfg(test)]
    fn gzip(&self, csrf: &str, key: &str) -> Bytes {
        let mut out = Vec::new();
        for piece in self.gzip_pieces(csrf, key) {
            out.extend_from_slice(&piece);
        }
        Bytes::from(out)
    }

    /// The same as a body sent piece by piece.
    pub fn gzip_body(&self, csrf: &str, key: &str) -> Joined {
        Joined::new(self.gzip_pieces(csrf, key))
    }

    fn gzip_pieces(&self, csrf: &str, key: &str) -> Vec<Bytes> {
        const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
        // The last block: final, stored, empty.
        const END: [u8; 5] = [0x01, 0x00, 0x00, 0xff, 0xff];
        let mut pieces = Vec::with_capacity(self.parts.len() * 2 + 2);
        pieces.push(Bytes::from_static(&HEADER));
        let mut crc = crc32fast::Hasher::new();
        let mut len = 0usize;
        for (i, deflated) in self.deflated.iter().enumerate() {
            pieces.push(deflated.clone());
            crc.combine(&self.crcs[i]);
            len += self.parts[i].len();
            if let Some(hole) = self.holes.get(i) {
                let value = Self::value(*hole, csrf, key);
                // Values are tokens, far below a stored block's 65 535 bytes.
                let n = u16::try_from(value.len()).unwrap_or(0);
                let value = &value[..usize::from(n)];
                let mut stored = Vec::with_capacity(5 + value.len());
                stored.push(0x00);
                stored.extend_from_slice(&n.to_le_bytes());
                stored.extend_from_slice(&(!n).to_le_bytes());
                stored.extend_from_slice(value);
                pieces.push(Bytes::from(stored));
                crc.update(value);
                len += value.len();
            }
        }
        let mut end = Vec::with_capacity(END.len() + 8);
        end.extend_from_slice(&END);
        end.extend_from_slice(&crc.finalize().to_le_bytes());
        // ISIZE: the length modulo 2^32.
        end.extend_from_slice(&(len as u32).to_le_bytes());
        pieces.push(Bytes::from(end));
        pieces
    }
}

/// A body of a few pieces, each sent as it is (no copy into one buffer),
/// its exact length known (`Content-Length`).
pub struct Joined {
    pieces: std::collections::VecDeque<Bytes>,
    left: u64,
}

impl Joined {
    fn new(pieces: Vec<Bytes>) -> Joined {
        Joined {
            left: pieces.iter().map(|p| p.len() as u64).sum(),
            pieces: pieces.into_iter().filter(|p| !p.is_empty()).collect(),
        }
    }
}

impl http_body::Body for Joined {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let next = self.pieces.pop_front().map(|piece| {
            self.left -= piece.len() as u64;
            Ok(http_body::Frame::data(piece))
        });
        std::task::Poll::Ready(next)
    }

    fn is_end_stream(&self) -> bool {
        self.pieces.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.left)
    }
}

/// `part` in raw deflate at the best level, ending on a byte boundary with
/// no final block, so that other blocks may follow.
fn deflate_part(part: &[u8]) -> Option<Vec<u8>> {
    let mut compress = flate2::Compress::new(flate2::Compression::best(), false);
    let mut out = Vec::with_capacity(part.len() / 3 + 64);
    loop {
        let read = usize::try_from(compress.total_in()).ok()?;
        out.reserve(part.len() / 4 + 64);
        compress
            .compress_vec(&part[read..], &mut out, flate2::FlushCompress::Sync)
            .ok()?;
        // Done once everything is in and the flush left room to spare.
        if usize::try_from(compress.total_in()).ok()? == part.len() && out.len() < out.capacity() {
            return Some(out);
        }
    }
}

/// The pages kept, and the generation that forgets them all.
pub struct PageCache {
    pages: RwLock<lru::LruCache<PageKey, Arc<CachedPage>>>,
    generation: AtomicU64,
}

impl Default for PageCache {
    fn default() -> PageCache {
        PageCache {
            pages: RwLock::new(lru::LruCache::new(
                std::num::NonZeroUsize::new(PageCache::CAPACITY)
                    .unwrap_or(std::num::NonZeroUsize::MIN),
            )),
            generation: AtomicU64::new(0),
        }
    }
}

impl PageCache {
    /// How long a kept page may be served without a notification: what
    /// another instance changed shows within this.
    pub const TTL: Duration = Duration::from_secs(5);
    /// Variants kept at most (campaigns × kinds × languages × links).
    const CAPACITY: usize = 512;

    /// The generation a page about to be made belongs to (read before
    /// reading what it shows).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Forgets every kept page (something they show may have changed).
    pub fn forget(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The page kept for `key`, if it is still `current`'s and fresh.
    pub fn get(&self, key: &PageKey, current: &Arc<Snapshot>) -> Option<Arc<CachedPage>> {
        let pages = self.pages.read().ok()?;
        let page = pages.peek(key)?;
        (Arc::ptr_eq(&page.snapshot, current)
            && page.generation == self.generation()
            && page.made.elapsed() < Self::TTL)
            .then(|| Arc::clone(page))
    }

    /// Keeps `html`, made from `snapshot` at `generation`, for `key` (unless
    /// a mark in it is broken); the kept page.
    pub fn keep(
        &self,
        key: PageKey,
        html: &str,
        snapshot: Arc<Snapshot>,
        generation: u64,
    ) -> Option<Arc<CachedPage>> {
        let page = Arc::new(CachedPage::cut(html, snapshot, generation)?);
        if let Ok(mut pages) = self.pages.write() {
            pages.put(key, Arc::clone(&page));
        }
        Some(page)
    }
}

/// Forgets the kept pages after every write this instance answered (any
/// method but GET, HEAD and OPTIONS, unless refused): rules about what a
/// page shows stay with the code that changes it, and none is missed.
pub async fn forget_after_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let response = next.run(request).await;
    if writes && (response.status().is_success() || response.status().is_redirection()) {
        state.pages.forget();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn snapshot() -> Arc<Snapshot> {
        use crate::domain::campaign::{Campaign, Totals};
        use crate::domain::money::Cents;
        use time::macros::datetime;
        let campaign = Campaign::example();
        let totals = Totals {
            raised: Cents::ZERO,
            donor_count: 0,
            donation_count: 0,
            pledged: Cents::ZERO,
            version: 0,
            updated_at: datetime!(2026-06-13 21:59 UTC),
        };
        Arc::new(Snapshot::new(&campaign, totals))
    }

    fn gunzip(bytes: &[u8]) -> String {
        let mut out = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut out)
            .expect("a valid gzip stream, its CRC and length checked");
        out
    }

    /// A body's bytes, checked against its announced length.
    fn collect(mut body: Joined) -> Vec<u8> {
        use http_body::Body;
        let announced = body.size_hint().exact().unwrap();
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let mut out = Vec::new();
        while let std::task::Poll::Ready(Some(frame)) =
            std::pin::Pin::new(&mut body).poll_frame(&mut cx)
        {
            out.extend_from_slice(&frame.unwrap().into_data().unwrap());
        }
        assert!(body.is_end_stream());
        assert_eq!(out.len() as u64, announced);
        out
    }

    #[test]
    fn a_page_joins_around_each_visitors_values_plain_and_gzipped() {
        let words = "<p>Soutenez-nous</p>".repeat(200);
        let html = format!(
            "<html>{words}<input name=csrf_token value=\"{CSRF_HOLE}\"><input value=\"{KEY_HOLE}\">{words}é</html>"
        );
        let page = CachedPage::cut(&html, snapshot(), 0).expect("the marks are ours");
        assert!(page.has_form());
        for (csrf, key) in [
            ("a".repeat(64), "b".repeat(32)),
            ("0123".repeat(16), "f".repeat(32)),
        ] {
            let expected = html.replace(CSRF_HOLE, &csrf).replace(KEY_HOLE, &key);
            assert_eq!(page.html(&csrf, &key), expected.as_bytes());
            assert_eq!(collect(page.html_body(&csrf, &key)), expected.as_bytes());
            assert_eq!(collect(page.gzip_body(&csrf, &key)), page.gzip(&csrf, &key));
            let gzipped = page.gzip(&csrf, &key);
            assert_eq!(gunzip(&gzipped), expected);
            assert!(
                gzipped.len() < expected.len() / 5,
                "compressed: {}",
                gzipped.len()
            );
        }
    }

    #[test]
    fn a_page_without_holes_is_served_whole_and_a_stray_nul_is_not_kept() {
        let page = CachedPage::cut("<p>Livre d’or</p>", snapshot(), 0).unwrap();
        assert!(!page.has_form());
        assert_eq!(page.html("x", "y"), "<p>Livre d’or</p>".as_bytes());
        assert_eq!(gunzip(&page.gzip("x", "y")), "<p>Livre d’or</p>");
        assert!(CachedPage::cut("<p>\u{0}csr</p>", snapshot(), 0).is_none());
        let empty = CachedPage::cut("", snapshot(), 0).unwrap();
        assert_eq!(gunzip(&empty.gzip("", "")), "");
    }

    #[test]
    fn a_kept_page_lasts_until_its_snapshot_or_generation_changes() {
        let cache = PageCache::default();
        let first = snapshot();
        let key = PageKey {
            campaign_id: 1,
            kind: PageKind::Campaign,
            lang: Lang::FR,
            keep: None,
        };
        cache
            .keep(key, "<p>1</p>", Arc::clone(&first), cache.generation())
            .unwrap();
        assert!(cache.get(&key, &first).is_some());
        assert!(cache.get(&key, &snapshot()).is_none(), "another snapshot");
        assert!(
            cache
                .get(
                    &PageKey {
                        lang: Lang::EN,
                        ..key
                    },
                    &first
                )
                .is_none()
        );
        cache.forget();
        assert!(cache.get(&key, &first).is_none(), "a write since");
    }
}
