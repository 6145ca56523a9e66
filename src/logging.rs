//! Log lines without bearer tokens: whatever a line says (a request's path
//! traced by tower-http at debug level, an error quoting a URL), donor-space
//! links, staff setup links and receipt keys are replaced by `[redacted]`
//! before the line is written.

use std::io::Write;

/// Where a token follows, up to the next character that cannot be part of it.
const AFTER: &[&str] = &["/me/", "/admin/setup/", "?k=", "&k=", "key=", "token="];

/// `line` with every token that follows one of `AFTER` replaced.
pub fn redact(line: &str) -> std::borrow::Cow<'_, str> {
    if !AFTER.iter().any(|marker| line.contains(marker)) {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some((at, marker)) = AFTER
        .iter()
        .filter_map(|m| rest.find(m).map(|at| (at, *m)))
        .min_by_key(|(at, _)| *at)
    {
        let start = at + marker.len();
        out.push_str(&rest[..start]);
        let token_len = rest[start..]
            .find(|c: char| {
                !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+' | '%'))
            })
            .unwrap_or(rest.len() - start);
        // `/me` alone (the form asking for a link) has no token to hide.
        if token_len > 0 {
            out.push_str("[redacted]");
        }
        rest = &rest[start + token_len..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Standard error, with every line redacted.
#[derive(Clone, Copy, Default)]
pub struct RedactedStderr;

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for RedactedStderr {
    type Writer = RedactedStderr;

    fn make_writer(&'a self) -> Self::Writer {
        RedactedStderr
    }
}

impl Write for RedactedStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        std::io::stderr().write_all(redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn bearer_tokens_are_redacted() {
        assert_eq!(
            redact("GET uri=/me/12.1790000000.abcdef0123/receipts/x.pdf version=HTTP/1.1"),
            "GET uri=/me/[redacted]/receipts/x.pdf version=HTTP/1.1"
        );
        assert_eq!(
            redact("uri=/admin/setup/9f8e7d6c5b4a status=200"),
            "uri=/admin/setup/[redacted] status=200"
        );
        assert_eq!(
            redact("uri=/receipts/verify/2026-000001?k=00aa11bb&x=1"),
            "uri=/receipts/verify/2026-000001?k=[redacted]&x=1"
        );
        assert_eq!(redact("GET /me HTTP/1.1"), "GET /me HTTP/1.1");
        assert_eq!(redact("nothing here"), "nothing here");
    }
}
