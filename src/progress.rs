//! Campaign progress kept in memory, with its JSON already serialised, so that the
//! progress API and the embeds never touch the database on the hot path.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tokio::sync::watch;

use axum::body::Bytes;
use axum::http::HeaderValue;
use serde::Serialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;

use crate::domain::campaign::{Campaign, Percent, Totals};
use crate::store::{CampaignProgress, Store, StoreResult};

/// One campaign's progress, ready to send.
#[derive(Debug)]
pub struct Snapshot {
    pub campaign: Campaign,
    pub slug: String,
    pub totals: Totals,
    pub percent: Percent,
    /// The body of `GET /api/v1/campaigns/{slug}/progress`.
    pub json: Bytes,
    /// A strong ETag over `json`.
    pub etag: HeaderValue,
    /// The live streams' event for this progress (`event: progress`, its
    /// version as `id`, `json` as `data`), made once for every subscriber.
    pub event: Bytes,
    /// The answers made from this snapshot (the embed, the badge in each
    /// variant), each made at its first request and kept as long as the
    /// snapshot: a change makes a new snapshot, hence new answers.
    pub prepared: Vec<std::sync::OnceLock<Prepared>>,
}

/// An answer's body made once: its bytes, compressed once each way, and a
/// strong ETag over them.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub body: Bytes,
    pub gzip: Bytes,
    pub br: Bytes,
    pub etag: HeaderValue,
}

impl Prepared {
    /// `body`, compressed at the best levels (once per version, never per
    /// request).
    pub fn new(body: impl Into<Bytes>) -> Prepared {
        let body: Bytes = body.into();
        let digest = Sha256::digest(&body);
        let etag = HeaderValue::from_str(&format!("\"{}\"", hex::encode(&digest[..12])))
            .unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
        Prepared {
            gzip: Bytes::from(gzip(&body)),
            br: Bytes::from(brotli(&body)),
            body,
            etag,
        }
    }
}

/// `body` gzipped at the best level.
pub(crate) fn gzip(body: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

/// `body` in brotli at the best level.
pub(crate) fn brotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &body[..], &mut out, &params);
    out
}

/// How many prepared answers a snapshot holds room for per language (the
/// edge's variants: `web::edge`).
pub const PREPARED_PER_LANGUAGE: usize = 17;

#[derive(Serialize)]
struct ProgressJson<'a> {
    slug: &'a str,
    currency: &'static str,
    goal_kind: &'static str,
    goal_cents: i64,
    goal_donors: i64,
    raised_cents: i64,
    donor_count: i64,
    donation_count: i64,
    /// Pledged by transfer, not received yet: not in `raised_cents`.
    pledged_cents: i64,
    percent: &'a RawValue,
    updated_at: String,
}

impl Snapshot {
    pub fn new(campaign: &Campaign, totals: Totals) -> Snapshot {
        let percent = Percent::of(campaign.goal, &totals);
        let percent_text = percent.json_number();
        // A number such as 126.87 is always valid JSON; the fallback is unreachable.
        let raw_percent = RawValue::from_string(percent_text).unwrap_or_else(|_| zero_percent());
        let body = ProgressJson {
            slug: campaign.slug.as_str(),
            currency: "EUR",
            goal_kind: campaign.goal.kind(),
            goal_cents: campaign.goal.cents().get(),
            goal_donors: campaign.goal.donors(),
            raised_cents: totals.raised.get(),
            donor_count: totals.donor_count,
            donation_count: totals.donation_count,
            pledged_cents: totals.pledged.get(),
            percent: &raw_percent,
            updated_at: totals
                .updated_at
                .to_offset(time::UtcOffset::UTC)
                .format(&Rfc3339)
                .unwrap_or_default(),
        };
        let json = serde_json::to_vec(&body).unwrap_or_default();
        let digest = Sha256::digest(&json);
        let etag = format!("\"{}\"", hex::encode(&digest[..12]));
        // `json` is one line (serde_json writes no newline): one `data:`.
        let mut event = format!("event: progress\nid: {}\ndata: ", totals.version).into_bytes();
        event.extend_from_slice(&json);
        event.extend_from_slice(b"\n\n");
        Snapshot {
            campaign: campaign.clone(),
            slug: campaign.slug.as_str().to_owned(),
            event: Bytes::from(event),
            totals,
            percent,
            json: Bytes::from(json),
            etag: HeaderValue::from_str(&etag)
                .unwrap_or_else(|_| HeaderValue::from_static("\"0\"")),
            prepared: (0..crate::i18n::LANGUAGES.len() * PREPARED_PER_LANGUAGE)
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }
}

fn zero_percent() -> Box<RawValue> {
    RawValue::from_string("0".to_owned()).unwrap_or_default()
}

/// Progress of every campaign, by slug, with a channel per campaign that live
/// subscribers (Server-Sent Events) watch.
#[derive(Default)]
pub struct ProgressCache {
    by_slug: RwLock<HashMap<String, Entry>>,
}

struct Entry {
    snapshot: Arc<Snapshot>,
    changes: watch::Sender<Arc<Snapshot>>,
}

impl ProgressCache {
    pub fn get(&self, slug: &str) -> Option<Arc<Snapshot>> {
        self.by_slug
            .read()
            .ok()?
            .get(slug)
            .map(|e| Arc::clone(&e.snapshot))
    }

    /// Every campaign's latest snapshot.
    pub fn all(&self) -> Vec<Arc<Snapshot>> {
        self.by_slug
            .read()
            .map(|map| map.values().map(|e| Arc::clone(&e.snapshot)).collect())
            .unwrap_or_default()
    }

    /// The campaign's progress now, then each change.
    pub fn subscribe(&self, slug: &str) -> Option<watch::Receiver<Arc<Snapshot>>> {
        self.by_slug
            .read()
            .ok()?
            .get(slug)
            .map(|e| e.changes.subscribe())
    }

    /// Stores a campaign's progress unless a newer one is already there, and tells
    /// the subscribers when it changed.
    pub fn put(&self, snapshot: Snapshot) -> Arc<Snapshot> {
        let snapshot = Arc::new(snapshot);
        let Ok(mut map) = self.by_slug.write() else {
            return snapshot;
        };
        match map.get_mut(&snapshot.slug) {
            Some(entry) => {
                let old = &entry.snapshot;
                // Settings change without a new version of the totals.
                let newer = snapshot.totals.version > old.totals.version
                    || (snapshot.totals.version == old.totals.version
                        && (snapshot.json != old.json || snapshot.campaign != old.campaign));
                if newer {
                    entry.snapshot = Arc::clone(&snapshot);
                    entry.changes.send_replace(Arc::clone(&snapshot));
                }
                Arc::clone(&entry.snapshot)
            }
            None => {
                // A campaign whose slug changed leaves its old name.
                map.retain(|_, e| e.snapshot.campaign.id != snapshot.campaign.id);
                let (changes, _) = watch::channel(Arc::clone(&snapshot));
                map.insert(
                    snapshot.slug.clone(),
                    Entry {
                        snapshot: Arc::clone(&snapshot),
                        changes,
                    },
                );
                snapshot
            }
        }
    }

    pub fn put_progress(&self, progress: &CampaignProgress) -> Arc<Snapshot> {
        self.put(Snapshot::new(&progress.campaign, progress.totals.clone()))
    }

    /// Applies a campaign's new totals, as returned by the transaction that changed
    /// them. A closed campaign's bar keeps the totals it closed with.
    pub fn apply_totals(&self, campaign_id: i64, totals: Totals) -> Option<Arc<Snapshot>> {
        let campaign = {
            let map = self.by_slug.read().ok()?;
            let entry = map
                .values()
                .find(|e| e.snapshot.campaign.id == campaign_id)?;
            if entry.snapshot.campaign.closed_at.is_some() {
                return Some(Arc::clone(&entry.snapshot));
            }
            entry.snapshot.campaign.clone()
        };
        Some(self.put(Snapshot::new(&campaign, totals)))
    }

    /// Makes every snapshot anew, unchanged, without telling subscribers:
    /// answers prepared from them are made again at their next request (a
    /// new day changes « 9 jours restants », the organisation's settings
    /// change the pages).
    pub fn renew(&self) {
        let Ok(mut map) = self.by_slug.write() else {
            return;
        };
        for entry in map.values_mut() {
            let old = &entry.snapshot;
            entry.snapshot = Arc::new(Snapshot::new(&old.campaign, old.totals.clone()));
        }
    }

    /// Loads every campaign from the store.
    pub async fn refresh_all(&self, store: &dyn Store) -> StoreResult<()> {
        for progress in store.list_campaigns().await? {
            self.put_progress(&progress);
        }
        Ok(())
    }

    /// The campaign's progress from memory, or from the store if this instance has
    /// not seen the campaign yet.
    pub async fn get_or_load(
        &self,
        store: &dyn Store,
        slug: &str,
    ) -> StoreResult<Option<Arc<Snapshot>>> {
        if let Some(snapshot) = self.get(slug) {
            return Ok(Some(snapshot));
        }
        Ok(store
            .campaign_by_slug(slug)
            .await?
            .map(|progress| self.put_progress(&progress)))
    }
}
