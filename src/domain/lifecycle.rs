//! A gift's lifecycle: what happens to it when its payment is received, and
//! when money goes back, whatever the source (a staff refund, a provider's
//! refund, full or partial, told as a running total; a chargeback lost; a
//! direct debit returned after it was counted; a refund that failed, so the
//! money comes back). Pure: given the gift's state and what happened,
//! [`paid`] and [`money_back`] return the plan — the new status, what the bar
//! and the counts gain or lose, the guestbook message's fate, the monthly
//! gift's, the receipts and messages that follow. The store carries a plan
//! out in one transaction (`Store::confirm_payment`, `Store::apply_money_back`);
//! the service that every entry point calls is `crate::gifts`.
//!
//! A gift: `pending` → `succeeded` (paid) → `refunded` (given back in full;
//! back to `succeeded` if a refund fails); `pending` → `failed` (never paid).

use super::campaign::{MonthlyCounting, refund_change};
use super::donation::Frequency;
use super::money::Cents;

/// Where a gift stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiftStatus {
    /// Created, not paid yet.
    Pending,
    /// Paid (possibly refunded in part).
    Succeeded,
    /// Never paid.
    Failed,
    /// Paid, then given back in full.
    Refunded,
}

super::stored_names!(GiftStatus, "gift status",
    Pending => "pending", Succeeded => "succeeded", Failed => "failed", Refunded => "refunded");

impl GiftStatus {
    /// Money was received (whatever went back since).
    pub fn received(self) -> bool {
        matches!(self, GiftStatus::Succeeded | GiftStatus::Refunded)
    }
}

/// Where a monthly gift stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthlyStatus {
    /// Waiting for its first payment.
    Pending,
    Active,
    /// Its last debit failed; the provider retries.
    PastDue,
    /// Stopped: no more debits.
    Cancelled,
}

super::stored_names!(MonthlyStatus, "monthly gift status",
    Pending => "pending", Active => "active", PastDue => "past_due", Cancelled => "cancelled");

impl MonthlyStatus {
    /// Still debiting (or trying to).
    pub fn running(self) -> bool {
        matches!(self, MonthlyStatus::Active | MonthlyStatus::PastDue)
    }
}

/// What the plan needs of a gift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GiftState {
    pub status: GiftStatus,
    pub amount: Cents,
    /// What the gift added to the bar when confirmed (see `MonthlyCounting`).
    pub counted: Cents,
    /// Given back so far.
    pub refunded: Cents,
}

/// What the plan of a payment received needs to know of its gift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payable {
    pub status: GiftStatus,
    pub amount: Cents,
    pub frequency: Frequency,
    /// A one-off gift, or the first payment of its monthly gift.
    pub first_of_its_gift: bool,
    /// How the campaign counts monthly gifts.
    pub counting: MonthlyCounting,
}

/// What receiving a payment does to its gift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaidPlan {
    /// Always [`GiftStatus::Succeeded`].
    pub status: GiftStatus,
    /// What it adds to the campaign's raised amount (see [`MonthlyCounting`]).
    pub counted: Cents,
    /// Added to the campaign's gift count and to the donor's gifts there; the
    /// donor count moves when this is the donor's first gift to the campaign.
    pub gifts_change: i64,
    /// A guestbook message waiting for the payment enters moderation.
    pub message_to_moderation: bool,
    /// A monthly gift waiting for its first payment, or past due, is active.
    pub activate_monthly_gift: bool,
    /// What follows, from the outbox.
    pub follow_up: FollowUp,
}

/// What the donor gets once a payment is received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    /// A one-off gift: the thank-you, with its receipt when one is due.
    ThankYouWithReceipt,
    /// A monthly gift's first payment: « your monthly gift has started ».
    MonthlyStarted,
    /// A later monthly payment: nothing now; the yearly summary covers it.
    Nothing,
}

impl FollowUp {
    /// The email template the follow-up sends, if any.
    pub fn template(self) -> Option<&'static str> {
        match self {
            FollowUp::ThankYouWithReceipt => Some("thank_you"),
            FollowUp::MonthlyStarted => Some("monthly_started"),
            FollowUp::Nothing => None,
        }
    }

    /// The follow-up of a gift's payment: which of its gift's payments it is
    /// (1 for the first) decides for a monthly one.
    pub fn of(frequency: Frequency, payment_number: i64) -> FollowUp {
        match (frequency, payment_number) {
            (Frequency::Once, _) => FollowUp::ThankYouWithReceipt,
            (Frequency::Monthly, 1) => FollowUp::MonthlyStarted,
            (Frequency::Monthly, _) => FollowUp::Nothing,
        }
    }
}

/// The answer for a payment reported received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paid {
    Apply(PaidPlan),
    /// Received before (a repeated webhook, a double click): nothing to do.
    AlreadyReceived,
    /// Not payable: it failed, and a failed gift stays failed (a new attempt
    /// is a new gift).
    Refused(&'static str),
}

/// The plan for a payment of the gift in `state` being received.
pub fn paid(state: &Payable) -> Paid {
    match state.status {
        GiftStatus::Succeeded | GiftStatus::Refunded => return Paid::AlreadyReceived,
        GiftStatus::Failed => return Paid::Refused("donation is not pending"),
        GiftStatus::Pending => {}
    }
    let monthly = state.frequency == Frequency::Monthly;
    Paid::Apply(PaidPlan {
        status: GiftStatus::Succeeded,
        counted: state
            .counting
            .counted_amount(state.amount, monthly, state.first_of_its_gift),
        gifts_change: 1,
        message_to_moderation: true,
        activate_monthly_gift: monthly,
        follow_up: FollowUp::of(state.frequency, if state.first_of_its_gift { 1 } else { 2 }),
    })
}

/// Money going back (or coming back), as its source tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyBack {
    /// The total refunded of the payment, as the provider or staff now tell it:
    /// a running total, so a repeat or an older report changes nothing.
    RefundedTotal(Cents),
    /// A chargeback the organisation lost: the whole payment goes back.
    DisputeLost,
    /// A direct debit returned after the payment was counted: nothing was
    /// really received.
    DebitFailed,
    /// A refund that failed: this much comes back to the organisation.
    RefundFailed(Cents),
}

impl MoneyBack {
    /// Why the ledger line moved money, as stored with it.
    pub fn reason(self) -> &'static str {
        match self {
            MoneyBack::RefundedTotal(_) => "refund",
            MoneyBack::DisputeLost => "dispute_lost",
            MoneyBack::DebitFailed => "debit_failed",
            MoneyBack::RefundFailed(_) => "refund_failed",
        }
    }
}

/// What money going back does to a gift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyBackPlan {
    pub status: GiftStatus,
    /// The new refunded total.
    pub refunded: Cents,
    /// The ledger line, dated now: positive when money goes back, negative when
    /// a failed refund brings it back.
    pub line: Cents,
    /// Added to the campaign's raised amount (negative when money goes back).
    pub raised_change: Cents,
    /// Added to the campaign's gift count and to the donor's gifts there: −1
    /// when the gift is now refunded in full, +1 when it stops being, else 0.
    /// The donor count follows when the donor's gifts there reach or leave 0.
    pub gifts_change: i64,
    /// Receipts covering the gift are to be cancelled and, where something is
    /// left, replaced (a one-off gift's, or the yearly summary of its year).
    pub settle_receipts: bool,
}

/// The answer for a gift and what happened to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Apply(MoneyBackPlan),
    /// Already so (a repeat, an older report): nothing to do.
    Unchanged(&'static str),
    /// Contradicts what is known: nothing changes, and it is told.
    Refused(&'static str),
}

/// The plan for `back` happening to a gift in `state`.
pub fn money_back(state: &GiftState, back: MoneyBack) -> Decision {
    if !state.status.received() {
        return Decision::Refused("only a received payment can be given back");
    }
    let amount = state.amount;
    let before = state.refunded;
    let after = match back {
        MoneyBack::RefundedTotal(total) if total.get() > amount.get() => {
            return Decision::Refused("a refund cannot exceed what remains of the gift");
        }
        MoneyBack::RefundedTotal(total) if total.get() <= 0 => {
            return Decision::Refused("a refund is of a positive amount");
        }
        MoneyBack::RefundedTotal(total) => total,
        MoneyBack::DisputeLost | MoneyBack::DebitFailed => amount,
        MoneyBack::RefundFailed(back) if back.get() <= 0 => {
            return Decision::Refused("a failed refund is of a positive amount");
        }
        // What was not recorded as refunded cannot come back (its refund may
        // be reported later, and will then be seen as older than the failure).
        MoneyBack::RefundFailed(back) => Cents::new((before.get() - back.get()).max(0)),
    };
    if after == before
        || (after.get() < before.get() && !matches!(back, MoneyBack::RefundFailed(_)))
    {
        return Decision::Unchanged(match back {
            MoneyBack::RefundFailed(_) => "nothing recorded as refunded to bring back",
            _ => "already recorded",
        });
    }
    let status = if after == amount {
        GiftStatus::Refunded
    } else {
        GiftStatus::Succeeded
    };
    let gifts_change = match (state.status, status) {
        (GiftStatus::Succeeded, GiftStatus::Refunded) => -1,
        (GiftStatus::Refunded, GiftStatus::Succeeded) => 1,
        _ => 0,
    };
    Decision::Apply(MoneyBackPlan {
        status,
        refunded: after,
        line: Cents::new(after.get() - before.get()),
        raised_change: Cents::new(-refund_change(amount, state.counted, before, after).get()),
        gifts_change,
        settle_receipts: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payable(frequency: Frequency, first: bool, counting: MonthlyCounting) -> Payable {
        Payable {
            status: GiftStatus::Pending,
            amount: Cents::new(1_000),
            frequency,
            first_of_its_gift: first,
            counting,
        }
    }

    fn paid_plan(state: Payable) -> PaidPlan {
        match paid(&state) {
            Paid::Apply(plan) => plan,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_one_off_gift_paid_counts_once_frees_its_message_and_is_thanked_with_its_receipt() {
        let p = paid_plan(payable(Frequency::Once, true, MonthlyCounting::EachPayment));
        assert_eq!(p.status, GiftStatus::Succeeded);
        assert_eq!((p.counted.get(), p.gifts_change), (1_000, 1));
        assert!(p.message_to_moderation);
        assert!(!p.activate_monthly_gift);
        assert_eq!(p.follow_up, FollowUp::ThankYouWithReceipt);
    }

    #[test]
    fn a_monthly_gift_s_first_payment_starts_it_and_later_ones_wait_for_the_yearly_summary() {
        let first = paid_plan(payable(
            Frequency::Monthly,
            true,
            MonthlyCounting::EachPayment,
        ));
        assert!(first.activate_monthly_gift);
        assert_eq!(first.follow_up, FollowUp::MonthlyStarted);
        let later = paid_plan(payable(
            Frequency::Monthly,
            false,
            MonthlyCounting::EachPayment,
        ));
        assert_eq!(later.counted.get(), 1_000);
        assert_eq!(later.follow_up, FollowUp::Nothing);
        assert_eq!(later.follow_up.template(), None);
    }

    #[test]
    fn a_yearly_pledge_counts_twelve_months_at_the_first_payment_then_nothing() {
        let first = paid_plan(payable(
            Frequency::Monthly,
            true,
            MonthlyCounting::YearlyPledge,
        ));
        assert_eq!(first.counted.get(), 12_000);
        let later = paid_plan(payable(
            Frequency::Monthly,
            false,
            MonthlyCounting::YearlyPledge,
        ));
        assert_eq!((later.counted.get(), later.gifts_change), (0, 1));
    }

    #[test]
    fn a_payment_received_twice_counts_once_and_a_failed_gift_stays_failed() {
        for status in [GiftStatus::Succeeded, GiftStatus::Refunded] {
            let state = Payable {
                status,
                ..payable(Frequency::Once, true, MonthlyCounting::EachPayment)
            };
            assert_eq!(paid(&state), Paid::AlreadyReceived);
        }
        let failed = Payable {
            status: GiftStatus::Failed,
            ..payable(Frequency::Once, true, MonthlyCounting::EachPayment)
        };
        assert!(matches!(paid(&failed), Paid::Refused(_)));
    }

    fn received(amount: i64, refunded: i64) -> GiftState {
        GiftState {
            status: if refunded == amount {
                GiftStatus::Refunded
            } else {
                GiftStatus::Succeeded
            },
            amount: Cents::new(amount),
            counted: Cents::new(amount),
            refunded: Cents::new(refunded),
        }
    }

    fn plan(state: GiftState, back: MoneyBack) -> MoneyBackPlan {
        match money_back(&state, back) {
            Decision::Apply(plan) => plan,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_partial_refund_takes_its_share_off_the_bar_and_keeps_the_gift_counted() {
        let p = plan(
            received(5_000, 0),
            MoneyBack::RefundedTotal(Cents::new(2_000)),
        );
        assert_eq!(p.status, GiftStatus::Succeeded);
        assert_eq!((p.refunded.get(), p.line.get()), (2_000, 2_000));
        assert_eq!(p.raised_change.get(), -2_000);
        assert_eq!(p.gifts_change, 0);
        assert!(p.settle_receipts);
    }

    #[test]
    fn the_rest_refunded_makes_the_gift_refunded_and_uncounted() {
        let p = plan(
            received(5_000, 2_000),
            MoneyBack::RefundedTotal(Cents::new(5_000)),
        );
        assert_eq!(p.status, GiftStatus::Refunded);
        assert_eq!((p.line.get(), p.raised_change.get()), (3_000, -3_000));
        assert_eq!(p.gifts_change, -1);
    }

    #[test]
    fn a_running_total_told_again_or_late_changes_nothing() {
        assert_eq!(
            money_back(
                &received(5_000, 2_000),
                MoneyBack::RefundedTotal(Cents::new(2_000))
            ),
            Decision::Unchanged("already recorded")
        );
        assert_eq!(
            money_back(
                &received(5_000, 3_000),
                MoneyBack::RefundedTotal(Cents::new(2_000))
            ),
            Decision::Unchanged("already recorded")
        );
    }

    #[test]
    fn more_than_the_gift_is_refused_never_clamped() {
        assert!(matches!(
            money_back(
                &received(5_000, 0),
                MoneyBack::RefundedTotal(Cents::new(5_001))
            ),
            Decision::Refused(_)
        ));
    }

    #[test]
    fn a_chargeback_lost_or_a_returned_debit_takes_back_all_that_is_left() {
        for back in [MoneyBack::DisputeLost, MoneyBack::DebitFailed] {
            let p = plan(received(5_000, 1_000), back);
            assert_eq!(p.status, GiftStatus::Refunded);
            assert_eq!((p.line.get(), p.raised_change.get()), (4_000, -4_000));
            assert_eq!(p.gifts_change, -1);
            assert_eq!(
                money_back(&received(5_000, 5_000), back),
                Decision::Unchanged("already recorded")
            );
        }
    }

    #[test]
    fn a_failed_refund_brings_the_money_back_to_the_bar_and_the_count() {
        let p = plan(
            received(5_000, 5_000),
            MoneyBack::RefundFailed(Cents::new(5_000)),
        );
        assert_eq!(p.status, GiftStatus::Succeeded);
        assert_eq!((p.refunded.get(), p.line.get()), (0, -5_000));
        assert_eq!(p.raised_change.get(), 5_000);
        assert_eq!(p.gifts_change, 1);
        // Reported before the refund itself: nothing to bring back yet.
        assert_eq!(
            money_back(
                &received(5_000, 0),
                MoneyBack::RefundFailed(Cents::new(5_000))
            ),
            Decision::Unchanged("nothing recorded as refunded to bring back")
        );
    }

    #[test]
    fn a_yearly_pledge_gives_back_what_it_added() {
        // A monthly gift counted for twelve months: refunding half its payment
        // takes half of what it added.
        let state = GiftState {
            counted: Cents::new(12_000),
            ..received(1_000, 0)
        };
        let p = plan(state, MoneyBack::RefundedTotal(Cents::new(500)));
        assert_eq!(p.raised_change.get(), -6_000);
    }

    #[test]
    fn only_received_money_goes_back() {
        for status in [GiftStatus::Pending, GiftStatus::Failed] {
            let state = GiftState {
                status,
                ..received(5_000, 0)
            };
            assert!(matches!(
                money_back(&state, MoneyBack::DisputeLost),
                Decision::Refused(_)
            ));
        }
    }

    #[test]
    fn statuses_read_back_as_written() {
        for s in [
            GiftStatus::Pending,
            GiftStatus::Succeeded,
            GiftStatus::Failed,
            GiftStatus::Refunded,
        ] {
            assert_eq!(GiftStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(GiftStatus::parse("paid"), None);
    }
}
