//! The integration tests, in one binary: each module is one capability's
//! tests (the files beside this one). One binary instead of one per file keeps
//! a clean build small and quick to link — every test binary links the whole
//! dependency tree, some 200 MB each in a debug build. `tests/pg_restart.rs`
//! stays in a binary of its own: it stops the PostgreSQL cluster, and no other
//! test may run meanwhile.
//!
//! Run one module's tests with `cargo test --test suite stripe::`.

#[path = "../common/mod.rs"]
mod common;

mod browser;
mod campaign_admin;
mod campaign_pages;
mod cancellation;
mod cli;
mod companies;
mod donations;
mod donor_space;
mod edge;
mod emails;
mod embed;
mod every_page;
mod faults;
mod finance;
mod guestbook;
mod hostile;
mod identity;
mod journal;
mod languages;
mod limits;
mod localstripe;
mod money_back;
mod privacy;
mod progress_api;
mod receipts;
mod security_headers;
mod site;
mod staff;
mod store;
mod stripe;
mod transfers;
