//! soutenir: a donation campaign platform for non-profits.
//!
//! `main.rs` only parses the command line; everything else lives here so that the
//! tests build exactly the application that runs.

pub mod app;
pub mod bank;
pub mod config;
pub mod domain;
pub mod gifts;
pub mod i18n;
pub mod jobs;
pub mod journal;
pub mod links;
pub mod logging;
pub mod mail;
pub mod payments;
pub mod privacy;
pub mod process;
pub mod progress;
pub mod receipts;
pub mod secret;
pub mod store;
pub mod tokens;
pub mod web;
