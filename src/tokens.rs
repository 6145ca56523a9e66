//! Random tokens and their hashes: one-time links keep only a token's SHA-256.

use sha2::{Digest, Sha256};

/// `bytes` random bytes from the operating system, hex-encoded.
pub fn random_hex(bytes: usize) -> Result<String, getrandom::Error> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)?;
    Ok(hex::encode(buf))
}

/// Fills `buf` with random bytes from the operating system.
pub fn fill_random(buf: &mut [u8]) -> Result<(), getrandom::Error> {
    getrandom::fill(buf)
}

/// The hex SHA-256 of a token, as stored.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The least a site secret must hold: 32 bytes, the size of the one generated.
pub const MIN_SECRET_BYTES: usize = 32;

/// Why `secret` cannot sign links and receipt checks, if it cannot: shorter
/// than 32 bytes, or too repetitive to hold 128 bits (its length times the
/// Shannon entropy of its own characters — an estimate, but one that refuses
/// `aaaa…` and a word said over and over, and passes `openssl rand -hex 32`
/// or `-base64 32`).
pub fn weak_secret(secret: &str) -> Option<String> {
    let bytes = secret.as_bytes();
    if bytes.len() < MIN_SECRET_BYTES {
        return Some(format!(
            "it holds {} bytes; at least {MIN_SECRET_BYTES} are needed",
            bytes.len()
        ));
    }
    let mut counts = [0usize; 256];
    for &b in bytes {
        counts[usize::from(b)] += 1;
    }
    let n = bytes.len() as f64;
    let per_byte: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum();
    let bits = per_byte * n;
    (bits < 128.0).then(|| format!("it is too repetitive (about {bits:.0} bits; 128 at least)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_secrets_are_refused() {
        assert!(weak_secret("").is_some());
        assert!(weak_secret("short-secret").is_some());
        assert!(weak_secret(&"a".repeat(64)).is_some());
        assert!(weak_secret(&"secret".repeat(8)).is_some());
        assert!(weak_secret(&random_hex(32).unwrap()).is_none());
        // `openssl rand -base64 32`
        assert!(weak_secret("q4Hf0bW3x9Lk2vRzT8nYc1mPjA6sDuE5gK7oIeZt/+M=").is_none());
    }

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let a = random_hex(32).unwrap();
        let b = random_hex(32).unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(hash_token("abc"), hash_token("abc"));
        assert_ne!(hash_token(&a), hash_token(&b));
    }
}
