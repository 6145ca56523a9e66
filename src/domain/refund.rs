//! Refunds made by staff: one refund per intention, whatever the clicks.

use super::money::Cents;

/// The key a staff refund carries to the payment provider: the gift, what had
/// been refunded of it when the refund was asked, and the amount. The same
/// request sent twice (a double click, a second tab on the same page) gives
/// the same key, so the provider refunds once; a later refund, asked once the
/// first is recorded, gives another.
pub fn idempotency_key(donation: &str, refunded_before: Cents, amount: Cents) -> String {
    format!(
        "soutenir-refund-{donation}-{}-{}",
        refunded_before.get(),
        amount.get()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_request_gives_the_same_key_and_a_later_one_another() {
        let first = idempotency_key("d1", Cents::new(0), Cents::new(2_000));
        assert_eq!(
            first,
            idempotency_key("d1", Cents::new(0), Cents::new(2_000))
        );
        assert_ne!(
            first,
            idempotency_key("d1", Cents::new(2_000), Cents::new(2_000))
        );
        assert_ne!(
            first,
            idempotency_key("d2", Cents::new(0), Cents::new(2_000))
        );
        assert!(first.len() <= 255);
    }
}
