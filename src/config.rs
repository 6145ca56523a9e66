//! Typed configuration from the command line and the environment. Secrets never
//! show in `Debug` output or in `--help`.

use std::fmt;

use crate::secret::Secret;

use clap::{Args, Parser, Subcommand};

/// Environment variables soutenir reads; any other `SOUTENIR_*` is reported, since
/// it is most likely a typo.
pub const KNOWN_SOUTENIR_VARS: &[&str] = &[
    "SOUTENIR_BIND",
    "SOUTENIR_BASE_URL",
    "SOUTENIR_SECRET",
    "SOUTENIR_MAIL_FROM",
    "SOUTENIR_DONATION_RATE",
    "SOUTENIR_PROGRESS_MAX_AGE",
    "SOUTENIR_MAX_DONATION",
    "SOUTENIR_OUTBOX_DIR",
    "SOUTENIR_RETRY_BASE_MS",
    "SOUTENIR_GUESTBOOK_DIGEST_HOUR",
    "SOUTENIR_API_RATE",
    "SOUTENIR_STREAMS_PER_CLIENT",
    "SOUTENIR_STREAMS_MAX",
    "SOUTENIR_LOGIN_RATE",
    "SOUTENIR_TRUSTED_PROXIES",
    "SOUTENIR_RETENTION_YEARS",
    "SOUTENIR_HEADER_TIMEOUT",
    "SOUTENIR_BODY_TIMEOUT",
    "SOUTENIR_JOB_LEASE",
    "SOUTENIR_METRICS_FROM",
];

#[derive(Debug, Parser)]
#[command(
    name = "soutenir",
    version,
    about = "Campagnes de dons pour les associations"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Migrate the database, then serve the site (the default).
    Serve,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Demo payments (no Stripe key configured).
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Payments with the provider.
    #[command(subcommand)]
    Payments(PaymentsCommand),
    /// Staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Tax receipts.
    #[command(subcommand)]
    Receipts(ReceiptsCommand),
    /// Gifts.
    #[command(subcommand)]
    Donations(DonationsCommand),
    /// The accounting journal.
    #[command(subcommand)]
    Journal(JournalCommand),
}

#[derive(Debug, Clone, Subcommand)]
pub enum JournalCommand {
    /// Write YEAR's journal in the FEC layout, as booked (what is not booked
    /// yet is booked first): to FILE, or to DIR/{SIREN}FEC{YEAR}1231.txt when
    /// FILE is a folder. ISO 8859-15 unless --utf8.
    Export {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: std::path::PathBuf,
        /// Only the entries numbered after N (the last one imported).
        #[arg(long, default_value_t = 0)]
        since: i64,
        /// UTF-8 instead of ISO 8859-15.
        #[arg(long)]
        utf8: bool,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum ReceiptsCommand {
    /// Issue the yearly summary receipt of every monthly donor for the payments
    /// received in YEAR (refunded ones left out); running it again issues nothing new.
    Annual {
        #[arg(long)]
        year: i32,
    },
    /// Write the receipts register (receipts.csv), the gifts of the year's
    /// books (donations.csv), the accounting journal ({SIREN}FEC{YEAR}1231.txt)
    /// and the PDFs of the valid receipts (receipts.zip) of YEAR into DIR.
    Export {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: std::path::PathBuf,
        /// CSV for French spreadsheets: `;`, decimal comma, byte-order mark.
        #[arg(long)]
        excel: bool,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum DonationsCommand {
    /// Write the gifts to a CSV file (received ones by default).
    Export {
        /// The file to write.
        #[arg(long)]
        out: std::path::PathBuf,
        /// Received in this year (Paris time).
        #[arg(long)]
        year: Option<i32>,
        /// Campaign slug.
        #[arg(long)]
        campaign: Option<String>,
        /// `received` (default), `succeeded`, `refunded`, `pending`, `failed` or `all`.
        #[arg(long, default_value = "received")]
        status: String,
        /// CSV for French spreadsheets: `;`, decimal comma, byte-order mark.
        #[arg(long)]
        excel: bool,
    },
    /// Apply the retention period now (the server also does it daily): donors
    /// with no gift for SOUTENIR_RETENTION_YEARS are anonymised, older receipts
    /// and provider events lose their personal details.
    Purge,
    /// Erase donors' personal data, as their own erasure link does: for a
    /// request made by post or email, or to apply again, after restoring a
    /// backup, the erasures made since (the log lines « donor data erased »
    /// name the donors). Monthly gifts are stopped at the payment provider
    /// first.
    Erase {
        /// The donor's number (as in the log lines and the audit log, donor:N).
        #[arg(long = "donor", required = true, num_args = 1..)]
        donors: Vec<i64>,
        /// The monthly gifts are known to be stopped at the provider already
        /// (erasures re-applied after a restore): do not ask it again.
        #[arg(long)]
        provider_done: bool,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// Invite a staff member: prints a one-time link (valid 48 h) to set a password.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long, value_parser = ["admin", "finance", "moderator"])]
        role: String,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum PaymentsCommand {
    /// Ask Stripe about donations still pending (a webhook that never came) and settle them.
    Reconcile {
        /// Only donations pending for at least this many minutes.
        #[arg(long, default_value_t = 5)]
        min_age_minutes: i64,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum DemoCommand {
    /// Simulate next month: one more confirmed payment for every active demo monthly gift.
    ChargeMonthly,
}

#[derive(Clone, Args)]
pub struct Config {
    /// Database: `sqlite:FILE` or `postgres://user:pass@host/db`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite:soutenir.db",
        hide_env_values = true,
        global = true
    )]
    pub database_url: String,
    /// Address to listen on.
    #[arg(
        long = "bind",
        env = "SOUTENIR_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,
    /// Public URL of the site, used in links and emails (default: from the bind address).
    #[arg(long, env = "SOUTENIR_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// Key that signs links and receipt checks (default: generated once, kept in the database).
    #[arg(long, env = "SOUTENIR_SECRET", hide_env_values = true, value_parser = parse_secret, global = true)]
    pub secret: Option<Secret>,
    #[arg(long, env = "STRIPE_SECRET_KEY", hide_env_values = true, value_parser = parse_secret, global = true)]
    pub stripe_secret_key: Option<Secret>,
    #[arg(long, env = "STRIPE_WEBHOOK_SECRET", hide_env_values = true, value_parser = parse_secret, global = true)]
    pub stripe_webhook_secret: Option<Secret>,
    /// Base URL of the Stripe API (tests point it at a local double).
    #[arg(long, env = "STRIPE_API_BASE", global = true)]
    pub stripe_api_base: Option<String>,
    /// SMTP server; unset: emails are written as .eml files under `outbox/`.
    #[arg(long, env = "SMTP_URL", hide_env_values = true, value_parser = parse_secret, global = true)]
    pub smtp_url: Option<Secret>,
    #[arg(
        long,
        env = "SOUTENIR_MAIL_FROM",
        default_value = "soutenir <dons@localhost>",
        global = true
    )]
    pub mail_from: String,
    /// Donation attempts allowed per IP address per hour (0: no limit).
    #[arg(
        long,
        env = "SOUTENIR_DONATION_RATE",
        default_value_t = 20,
        global = true
    )]
    pub donation_rate: u32,
    /// Requests to the JSON API (progress, live stream) allowed per IP address per
    /// minute (0, the default: no limit). Conditional requests (`If-None-Match`)
    /// are never counted: thousands of readers share a mobile network's address.
    #[arg(long, env = "SOUTENIR_API_RATE", default_value_t = 0, global = true)]
    pub api_rate: u32,
    /// Live progress streams open at once per client address (0, the default: no
    /// limit — a mobile network puts thousands of readers behind one address;
    /// `SOUTENIR_STREAMS_MAX` bounds them all).
    #[arg(
        long,
        env = "SOUTENIR_STREAMS_PER_CLIENT",
        default_value_t = 0,
        global = true
    )]
    pub streams_per_client: u32,
    /// Live progress streams open at once in all (0: the open-file limit less
    /// 256 kept for pages, at most 50 000).
    #[arg(long, env = "SOUTENIR_STREAMS_MAX", default_value_t = 0, global = true)]
    pub streams_max: u32,
    /// Staff login attempts allowed per IP address, and per account, per quarter
    /// of an hour (0: no limit).
    #[arg(long, env = "SOUTENIR_LOGIN_RATE", default_value_t = 10, global = true)]
    pub login_rate: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed, comma-separated
    /// addresses or networks (`127.0.0.1,10.0.0.0/8`); unset: the client is the
    /// peer address.
    #[arg(
        long,
        env = "SOUTENIR_TRUSTED_PROXIES",
        value_parser = parse_networks,
        default_value = "",
        global = true
    )]
    pub trusted_proxies: Networks,
    /// Seconds a client has to send a request's headers; also how long an idle
    /// connection is kept open.
    #[arg(
        long,
        env = "SOUTENIR_HEADER_TIMEOUT",
        default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..),
        global = true
    )]
    pub header_timeout: u64,
    /// Seconds a client has to send a whole request body.
    #[arg(
        long,
        env = "SOUTENIR_BODY_TIMEOUT",
        default_value_t = 30,
        value_parser = clap::value_parser!(u64).range(1..),
        global = true
    )]
    pub body_timeout: u64,
    /// Years personal data is kept: receipts after their issue (six at least, as
    /// the law requires), donors after their last gift. A daily job applies it.
    #[arg(
        long,
        env = "SOUTENIR_RETENTION_YEARS",
        default_value_t = 6,
        value_parser = clap::value_parser!(u32).range(6..=100),
        global = true
    )]
    pub retention_years: u32,
    /// Who may read `/metrics`: comma-separated addresses or networks, matched
    /// against the client's address (after trusted proxies).
    #[arg(
        long,
        env = "SOUTENIR_METRICS_FROM",
        value_parser = parse_networks,
        default_value = "127.0.0.0/8,::1",
        global = true
    )]
    pub metrics_from: Networks,
    /// Where emails go as .eml files when SMTP_URL is unset.
    #[arg(
        long,
        env = "SOUTENIR_OUTBOX_DIR",
        default_value = "outbox",
        global = true
    )]
    pub outbox_dir: std::path::PathBuf,
    /// First delay before retrying a failed outbox job, in milliseconds (doubles each time).
    #[arg(
        long,
        env = "SOUTENIR_RETRY_BASE_MS",
        default_value_t = 30_000,
        global = true
    )]
    pub retry_base_ms: u64,
    /// Seconds an outbox job stays claimed by an instance that stopped answering
    /// (crashed, killed) before another takes it up.
    #[arg(
        long,
        env = "SOUTENIR_JOB_LEASE",
        default_value_t = 60,
        value_parser = clap::value_parser!(u64).range(3..),
        global = true
    )]
    pub job_lease: u64,
    /// Largest gift accepted online, in euros.
    #[arg(
        long,
        env = "SOUTENIR_MAX_DONATION",
        default_value_t = 100_000,
        global = true
    )]
    pub max_donation: u32,
    /// `max-age`, in seconds, of the progress JSON's Cache-Control.
    #[arg(
        long,
        env = "SOUTENIR_PROGRESS_MAX_AGE",
        default_value_t = 5,
        global = true
    )]
    pub progress_max_age: u32,
    /// Hour (0–23, Paris time) at which moderators get a daily email listing the
    /// guestbook messages waiting for them (unset: no digest).
    #[arg(
        long,
        env = "SOUTENIR_GUESTBOOK_DIGEST_HOUR",
        value_parser = clap::value_parser!(u8).range(0..=23),
        global = true
    )]
    pub guestbook_digest_hour: Option<u8>,
    /// Issue the previous year's summary receipts by themselves on their day
    /// (15 January, or the `annual_receipts_on` setting, `MM-DD`), once across
    /// instances; `false` leaves it to the command and the staff button.
    #[arg(
        long,
        env = "SOUTENIR_ANNUAL_RECEIPTS_AUTO",
        default_value_t = true,
        action = clap::ArgAction::Set,
        global = true
    )]
    pub annual_receipts_auto: bool,
}

fn parse_secret(value: &str) -> Result<Secret, String> {
    Ok(Secret::from(value.to_owned()))
}

/// A list of IP networks (an address alone is a network of one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Networks(Vec<ipnet::IpNet>);

impl Networks {
    pub fn contains(&self, ip: &std::net::IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Reads `SOUTENIR_TRUSTED_PROXIES`.
pub fn parse_networks(value: &str) -> Result<Networks, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<ipnet::IpNet>()
                .or_else(|_| part.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| crate::i18n::fr_with("cli-not-an-address", &[("part", &part)]))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Networks)
}

impl Config {
    /// The configuration with every default, as with nothing set.
    pub fn defaults() -> Config {
        Cli::parse_from(["soutenir"]).config
    }

    /// `SOUTENIR_*` variables in `vars` that soutenir does not know.
    pub fn unknown_vars(vars: impl Iterator<Item = (String, String)>) -> Vec<String> {
        let mut unknown: Vec<String> = vars
            .map(|(name, _)| name)
            .filter(|name| {
                name.starts_with("SOUTENIR_") && !KNOWN_SOUTENIR_VARS.contains(&name.as_str())
            })
            .collect();
        unknown.sort();
        unknown
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:[redacted]@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            if userinfo.contains(':') {
                format!("{scheme}://{user}:[redacted]@{host}")
            } else {
                format!("{scheme}://{user}@{host}")
            }
        }
        None => url.to_owned(),
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("bind", &self.bind)
            .field("base_url", &self.base_url)
            .field("secret", &self.secret)
            .field("stripe_secret_key", &self.stripe_secret_key)
            .field("stripe_webhook_secret", &self.stripe_webhook_secret)
            .field("stripe_api_base", &self.stripe_api_base)
            .field(
                "smtp_url",
                &self.smtp_url.as_ref().map(|s| redact_url(s.expose())),
            )
            .field("mail_from", &self.mail_from)
            .field("donation_rate", &self.donation_rate)
            .field("api_rate", &self.api_rate)
            .field("streams_per_client", &self.streams_per_client)
            .field("streams_max", &self.streams_max)
            .field("login_rate", &self.login_rate)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("metrics_from", &self.metrics_from)
            .field("retention_years", &self.retention_years)
            .field("header_timeout", &self.header_timeout)
            .field("body_timeout", &self.body_timeout)
            .field("max_donation", &self.max_donation)
            .field("outbox_dir", &self.outbox_dir)
            .field("retry_base_ms", &self.retry_base_ms)
            .field("job_lease", &self.job_lease)
            .field("progress_max_age", &self.progress_max_age)
            .field("guestbook_digest_hour", &self.guestbook_digest_hour)
            .field("annual_receipts_auto", &self.annual_receipts_auto)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_secrets() {
        let cli = Cli::parse_from([
            "soutenir",
            "--database-url",
            "postgres://app:hunter2@db/soutenir",
            "--secret",
            "s3cr3t-value",
            "--stripe-secret-key",
            "sk_test_123",
            "--smtp-url",
            "smtp://mail:pw9@host:587",
        ]);
        let shown = format!("{:?}", cli.config);
        for secret in ["hunter2", "s3cr3t-value", "sk_test_123", "pw9"] {
            assert!(!shown.contains(secret), "{secret} leaked: {shown}");
        }
        assert!(shown.contains("postgres://app:[redacted]@db/soutenir"));
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let nets = parse_networks("127.0.0.1, 10.0.0.0/8,::1").unwrap();
        for inside in ["127.0.0.1", "10.1.2.3", "::1", "::ffff:10.9.9.9"] {
            assert!(nets.contains(&inside.parse().unwrap()), "{inside}");
        }
        for outside in ["127.0.0.2", "11.0.0.1", "::2"] {
            assert!(!nets.contains(&outside.parse().unwrap()), "{outside}");
        }
        assert!(parse_networks("").unwrap().is_empty());
        assert!(parse_networks("10.0.0.0/33").is_err());
        assert!(parse_networks("proxy.local").is_err());
    }

    #[test]
    fn unknown_soutenir_vars_are_found() {
        let vars = [
            ("SOUTENIR_BIND", "x"),
            ("SOUTENIR_BIDN", "x"),
            ("PATH", "x"),
            ("SOUTENIR_SECERT", "x"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()));
        assert_eq!(
            Config::unknown_vars(vars.into_iter()),
            ["SOUTENIR_BIDN", "SOUTENIR_SECERT"]
        );
    }
}
