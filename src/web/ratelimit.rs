//! Per-key attempt limits (card testing, password guessing, API floods): a
//! fixed window per key, kept in memory by each instance — and bounded, since
//! the keys come from clients.
//!
//! Memory cannot grow with what clients send: a key is kept as a 64-bit hash
//! (keyed by a random seed, so that no one can aim collisions), never as the
//! text itself, and at most `capacity` keys are kept, in 16 shards each an LRU
//! list (`lru`): a flood of new keys evicts the least recently seen ones
//! instead of adding to the heap. A key whose window ran out over its limit
//! waits twice as long the next time (up to 16 windows): guessing from one
//! place slows down while the others are not held back.

use std::hash::BuildHasher;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lru::LruCache;

/// Keys kept at most, by default (a key and its counter: about 60 bytes).
pub const DEFAULT_CAPACITY: usize = 100_000;

const SHARDS: usize = 16;

/// The longest backoff, in windows.
const MAX_BACKOFF: u32 = 16;

#[derive(Debug, Clone, Copy)]
struct Window {
    start: Instant,
    /// This window's length: the base window, doubled after each window that
    /// ended over the limit.
    length: Duration,
    count: u32,
}

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    seed: std::hash::RandomState,
    shards: Vec<Mutex<LruCache<u64, Window, std::hash::BuildHasherDefault<IdentityHasher>>>>,
}

impl RateLimiter {
    /// `limit` attempts per `window`; 0 means no limit.
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter::with_capacity(limit, window, DEFAULT_CAPACITY)
    }

    /// The same, keeping at most `capacity` keys.
    pub fn with_capacity(limit: u32, window: Duration, capacity: usize) -> RateLimiter {
        let per_shard =
            NonZeroUsize::new(capacity.div_ceil(SHARDS).max(1)).unwrap_or(NonZeroUsize::MIN);
        RateLimiter {
            limit,
            window,
            seed: std::hash::RandomState::new(),
            shards: (0..SHARDS)
                .map(|_| Mutex::new(LruCache::with_hasher(per_shard, Default::default())))
                .collect(),
        }
    }

    fn slot(&self, key: &str) -> (usize, u64) {
        let hash = self.seed.hash_one(key);
        ((hash >> 60) as usize % SHARDS, hash)
    }

    /// Counts an attempt for `key`; false when it goes over the limit.
    pub fn allow(&self, key: &str) -> bool {
        if self.limit == 0 {
            return true;
        }
        let now = Instant::now();
        let (shard, hash) = self.slot(key);
        let Ok(mut keys) = self.shards[shard].lock() else {
            return true;
        };
        let fresh = Window {
            start: now,
            length: self.window,
            count: 0,
        };
        let entry = keys.get_or_insert_mut(hash, || fresh);
        if now.duration_since(entry.start) >= entry.length {
            let over = entry.count > self.limit;
            let length = if over {
                (entry.length * 2).min(self.window * MAX_BACKOFF)
            } else {
                self.window
            };
            *entry = Window { length, ..fresh };
        }
        entry.count = entry.count.saturating_add(1);
        entry.count <= self.limit
    }

    /// Forgets `key` (a successful login clears the guesses before it).
    pub fn forget(&self, key: &str) {
        let (shard, hash) = self.slot(key);
        if let Ok(mut keys) = self.shards[shard].lock() {
            keys.pop(&hash);
        }
    }

    /// Seconds until `key` may try again (for `Retry-After`).
    pub fn retry_after(&self, key: &str) -> u64 {
        let now = Instant::now();
        let (shard, hash) = self.slot(key);
        self.shards[shard]
            .lock()
            .ok()
            .and_then(|keys| {
                keys.peek(&hash)
                    .map(|w| w.length.saturating_sub(now.duration_since(w.start)))
            })
            .map(|d| d.as_secs().max(1))
            .unwrap_or(60)
    }

    /// Keys held now.
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().map(|k| k.len()).unwrap_or(0))
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The keys are hashes already: hashing them again would be wasted work.
#[derive(Default)]
struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_each_key_separately() {
        let limiter = RateLimiter::new(2, Duration::from_secs(3600));
        assert!(limiter.allow("a"));
        assert!(limiter.allow("a"));
        assert!(!limiter.allow("a"));
        assert!(limiter.allow("b"));
        assert!(limiter.retry_after("a") > 3500);
        let unlimited = RateLimiter::new(0, Duration::from_secs(1));
        assert!((0..1000).all(|_| unlimited.allow("a")));
    }

    #[test]
    fn the_window_resets_and_backs_off_after_abuse() {
        let limiter = RateLimiter::new(1, Duration::from_millis(40));
        assert!(limiter.allow("a"));
        assert!(!limiter.allow("a"));
        std::thread::sleep(Duration::from_millis(50));
        // Over the limit last time: this window lasts twice as long.
        assert!(limiter.allow("a"));
        assert!(!limiter.allow("a"));
        std::thread::sleep(Duration::from_millis(50));
        assert!(!limiter.allow("a"), "still in the doubled window");
        std::thread::sleep(Duration::from_millis(60));
        assert!(limiter.allow("a"));
        // A key that kept to its limit keeps the base window.
        assert!(limiter.allow("b"));
        std::thread::sleep(Duration::from_millis(50));
        assert!(limiter.allow("b"));
    }

    #[test]
    fn a_flood_of_keys_is_bounded_and_evicts_the_oldest() {
        let limiter = RateLimiter::with_capacity(1, Duration::from_secs(3600), 1_600);
        assert!(limiter.allow("victim"));
        assert!(!limiter.allow("victim"));
        let huge = "x".repeat(100 * 1024);
        for i in 0..20_000 {
            limiter.allow(&format!("{huge}{i}"));
        }
        assert!(limiter.len() <= 1_600, "{}", limiter.len());
        // The victim's entry was the least recently seen: evicted.
        assert!(limiter.allow("victim"));
        limiter.forget("victim");
        assert!(limiter.allow("victim"));
    }
}
