//! Per-key attempt limits (card-testing defence): a fixed one-hour window per IP
//! address or email, kept in memory by each instance.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    seen: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    /// `limit` attempts per `window`; 0 means no limit.
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt for `key`; false when it goes over the limit.
    pub fn allow(&self, key: &str) -> bool {
        if self.limit == 0 {
            return true;
        }
        let now = Instant::now();
        let Ok(mut seen) = self.seen.lock() else {
            return true;
        };
        if seen.len() > 100_000 {
            let window = self.window;
            seen.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = seen.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.limit
    }

    /// Seconds until `key` may try again (for `Retry-After`).
    pub fn retry_after(&self, key: &str) -> u64 {
        let now = Instant::now();
        self.seen
            .lock()
            .ok()
            .and_then(|seen| {
                seen.get(key)
                    .map(|(start, _)| self.window.saturating_sub(now.duration_since(*start)))
            })
            .map(|d| d.as_secs().max(1))
            .unwrap_or(60)
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
    fn the_window_resets() {
        let limiter = RateLimiter::new(1, Duration::from_millis(20));
        assert!(limiter.allow("a"));
        assert!(!limiter.allow("a"));
        std::thread::sleep(Duration::from_millis(30));
        assert!(limiter.allow("a"));
    }
}
