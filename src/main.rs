//! The `soutenir` command: parse the command line, start tracing, run.

use soutenir::i18n::{fr, fr_with};

/// « 3 reçus » : `key`'s plural for `n`, in French (the command line's
/// words are the staff's).
fn count(key: &str, n: impl TryInto<i64>) -> String {
    soutenir::i18n::Lang::FR.tn(key, n.try_into().unwrap_or(i64::MAX))
}
use std::io::{IsTerminal, Write};

use clap::Parser;
use soutenir::app::{
    Application, charge_demo_monthly, invite_staff, open_store, payment_gateway, reconcile_payments,
};
use soutenir::config::{
    Cli, Command, Config, DemoCommand, DonationsCommand, JournalCommand, PaymentsCommand,
    ReceiptsCommand, UserCommand,
};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use soutenir::app::{command_base_url, site_secret, write_export};
use soutenir::receipts::export::{self, CsvFormat};
use soutenir::store::DonationFilter;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    soutenir::process::prepare();
    let mut cli = Cli::parse();
    // clap takes an empty variable for an unset one; an empty secret is a
    // mistake to refuse, not a reason to generate one.
    if cli.config.secret.is_none()
        && std::env::var_os("SOUTENIR_SECRET").is_some_and(|v| v.is_empty())
    {
        cli.config.secret = Some(String::new().into());
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(soutenir::logging::RedactedStderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    for name in Config::unknown_vars(std::env::vars()) {
        tracing::warn!(variable = %name, "unknown SOUTENIR_* environment variable, ignored (typo?)");
    }
    tracing::debug!(config = ?cli.config, "configuration");

    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(cli.config).await?;
            // Whoever started us may stop reading our output: never die of it.
            let mut out = std::io::stdout().lock();
            for note in &app.startup_notes {
                let _ = writeln!(out, "{note}");
            }
            let _ = out.flush();
            drop(out);
            app.run_until_stopped().await
        }
        Command::Migrate => {
            let store = open_store(&cli.config).await?;
            println!(
                "{}",
                fr_with("cli-migrated", &[("backend", &store.backend())])
            );
            Ok(())
        }
        Command::Payments(PaymentsCommand::Reconcile { min_age_minutes }) => {
            let settled =
                reconcile_payments(&cli.config, time::Duration::minutes(min_age_minutes)).await?;
            println!("{}", count("cli-reconciled", settled));
            Ok(())
        }
        Command::User(UserCommand::Add { email, role }) => {
            let link = invite_staff(&cli.config, &email, &role).await?;
            println!(
                "{}",
                fr_with("cli-staff-link", &[("email", &email), ("link", &link)])
            );
            Ok(())
        }
        Command::Receipts(ReceiptsCommand::Annual { year }) => {
            let store = open_store(&cli.config).await?;
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(fr("cli-annual-bar"))?
                    .progress_chars("=> "),
            );
            bar.set_message(fr_with("cli-annual-receipts", &[("year", &year)]));
            let run = soutenir::receipts::issue_annual(
                &*store,
                year,
                time::OffsetDateTime::now_utc(),
                |done, total| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                },
            )
            .await?;
            bar.finish_and_clear();
            println!(
                "{}",
                fr_with(
                    "cli-annual-done",
                    &[
                        ("issued", &count("cli-annual-issued", run.issued.len())),
                        ("year", &year),
                        ("already", &run.already),
                        (
                            "replaced",
                            &count("cli-annual-replaced", run.replaced.len())
                        ),
                        (
                            "supplements",
                            &count("cli-annual-supplements", run.supplements.len()),
                        ),
                        ("skipped", &count("cli-donors", run.skipped)),
                    ],
                )
            );
            println!("{}", fr("cli-annual-sent-later"));
            Ok(())
        }
        Command::Receipts(ReceiptsCommand::Export { year, out, excel }) => {
            export_year(&cli.config, year, &out, excel).await
        }
        Command::Donations(DonationsCommand::Export {
            out,
            year,
            campaign,
            status,
            excel,
        }) => export_donations(&cli.config, &out, year, campaign, status, excel).await,
        Command::Journal(JournalCommand::Export {
            year,
            out,
            since,
            utf8,
        }) => export_journal(&cli.config, year, &out, since, utf8).await,
        Command::Donations(DonationsCommand::Purge) => {
            let store = open_store(&cli.config).await?;
            let years = cli.config.retention_years;
            let report =
                soutenir::privacy::purge(&*store, years, time::OffsetDateTime::now_utc()).await?;
            println!(
                "{}",
                fr_with(
                    "cli-purged",
                    &[
                        ("years", &years),
                        ("donors", &count("cli-purged-donors", report.donors)),
                        ("receipts", &count("cli-receipts", report.counts.receipts)),
                        ("events", &count("cli-events", report.counts.events)),
                        ("jobs", &count("cli-purged-jobs", report.counts.jobs)),
                    ],
                )
            );
            Ok(())
        }
        Command::Donations(DonationsCommand::Erase {
            donors,
            provider_done,
        }) => erase_donors(&cli.config, &donors, provider_done).await,
        Command::Demo(DemoCommand::ChargeMonthly) => {
            let store = open_store(&cli.config).await?;
            let charged = charge_demo_monthly(&*store).await?;
            println!("{}", count("cli-demo-charged", charged));
            Ok(())
        }
    }
}

/// `soutenir donations erase --donor N…`: each donor in turn; a failure (the
/// provider unreachable) stops there, the earlier ones stay erased.
async fn erase_donors(config: &Config, donors: &[i64], provider_done: bool) -> anyhow::Result<()> {
    let store = open_store(config).await?;
    let gateway = payment_gateway(config, &store)?;
    for &donor in donors {
        let now = time::OffsetDateTime::now_utc();
        match soutenir::privacy::erase(
            &*store,
            &*gateway,
            donor,
            fr("cli-erased-by"),
            provider_done,
            now,
        )
        .await?
        {
            Some(erasure) => println!(
                "{}",
                fr_with(
                    "cli-erased",
                    &[
                        ("donor", &donor),
                        ("stopped", &count("cli-erased-stopped", erasure.stopped)),
                        ("kept", &count("cli-erased-kept", erasure.receipts)),
                    ],
                )
            ),
            None => println!("{}", fr_with("cli-erased-none", &[("donor", &donor)])),
        }
    }
    Ok(())
}

fn bar(total: u64, what: &str) -> anyhow::Result<indicatif::ProgressBar> {
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{msg:>14}} [{{bar:40}}] {{pos}}/{{len}} {what} ({{eta}})"
        ))?
        .progress_chars("=> "),
    );
    Ok(bar)
}

/// Writes one export to `path` behind a progress bar of `total` `what`,
/// advanced by the `rows` the export counts.
async fn write_with_bar<S, E>(
    path: &std::path::Path,
    total: u64,
    what: &str,
    rows: &AtomicU64,
    chunks: S,
) -> anyhow::Result<soutenir::app::Written>
where
    S: futures_util::Stream<Item = Result<Vec<u8>, E>>,
    E: Into<anyhow::Error>,
{
    let b = bar(total, what)?;
    b.set_message(
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let written = write_export(path, chunks, rows, |n| b.set_position(n)).await?;
    b.finish_and_clear();
    Ok(written)
}

fn format_of(excel: bool) -> CsvFormat {
    if excel {
        CsvFormat::Excel
    } else {
        CsvFormat::Standard
    }
}

/// `soutenir receipts export --year Y --out DIR`
/// `soutenir journal export`: the year's journal as booked.
async fn export_journal(
    config: &Config,
    year: i32,
    out: &std::path::Path,
    since: i64,
    utf8: bool,
) -> anyhow::Result<()> {
    let store = open_store(config).await?;
    soutenir::journal::book_all(&*store, time::OffsetDateTime::now_utc()).await?;
    let path = if out.is_dir() {
        out.join(soutenir::journal::file_name(
            &registration_number(&*store).await?,
            year,
        ))
    } else {
        out.to_owned()
    };
    let charset = if utf8 {
        soutenir::journal::Charset::Utf8
    } else {
        soutenir::journal::Charset::Latin9
    };
    let rows = Arc::new(AtomicU64::new(0));
    let chunks = soutenir::journal::fec_file(store.clone(), year, since, charset, rows.clone());
    let written = write_with_bar(&path, 0, fr("cli-bar-entries"), &rows, chunks).await?;
    println!(
        "{}",
        fr_with(
            "cli-written",
            &[
                ("path", &written.path.display()),
                ("rows", &count("cli-entries", written.rows)),
                ("bytes", &written.bytes),
            ],
        )
    );
    Ok(())
}

/// The organisation's registration number (SIREN, or RNA), for the journal's
/// file name.
async fn registration_number(store: &dyn soutenir::store::Store) -> anyhow::Result<String> {
    Ok(store
        .organisation()
        .await?
        .map(|o| o.issuer.registration_number)
        .unwrap_or_default())
}

async fn export_year(
    config: &Config,
    year: i32,
    out: &std::path::Path,
    excel: bool,
) -> anyhow::Result<()> {
    let store = open_store(config).await?;
    let secret = Arc::new(site_secret(config, &*store).await?);
    let base_url: Arc<str> = command_base_url(config).into();
    std::fs::create_dir_all(out)?;
    let format = format_of(excel);
    let (used, _) = store.receipt_numbers(year).await?;
    let (valid, total) = store.issued_figures(year).await?;
    let figures = store.receipt_figures(year).await?;
    let (declared, declared_total) = (figures.count(), figures.cents());
    let (from, to) = export::year_range(year);
    let gifts = DonationFilter {
        from: Some(from),
        to: Some(to),
        status: Some("received".to_owned()),
        ..DonationFilter::default()
    };
    let gift_count = store.donation_totals(&gifts).await?.count as u64;
    let mut written = Vec::new();

    let rows = Arc::new(AtomicU64::new(0));
    let chunks = export::receipts_csv(store.clone(), year, format, rows.clone());
    written.push(
        write_with_bar(
            &out.join("receipts.csv"),
            used.len() as u64,
            fr("cli-bar-receipts"),
            &rows,
            chunks,
        )
        .await?,
    );

    // The gifts of the year's books (as the journal: refunds made in the
    // year included), booked now whatever the worker's queue holds.
    soutenir::journal::book_all(&*store, time::OffsetDateTime::now_utc()).await?;
    let rows = Arc::new(AtomicU64::new(0));
    let chunks = export::books_year_csv(store.clone(), year, gifts, format, rows.clone());
    written.push(
        write_with_bar(
            &out.join("donations.csv"),
            gift_count,
            fr("cli-bar-gifts"),
            &rows,
            chunks,
        )
        .await?,
    );

    let rows = Arc::new(AtomicU64::new(0));
    let chunks = soutenir::journal::fec_file(
        store.clone(),
        year,
        0,
        soutenir::journal::Charset::Latin9,
        rows.clone(),
    );
    let name = soutenir::journal::file_name(&registration_number(&*store).await?, year);
    written.push(
        write_with_bar(
            &out.join(name),
            gift_count,
            fr("cli-bar-entries"),
            &rows,
            chunks,
        )
        .await?,
    );

    let rows = Arc::new(AtomicU64::new(0));
    let chunks = export::receipts_zip(store.clone(), secret, base_url, year, rows.clone());
    written.push(
        write_with_bar(
            &out.join("receipts.zip"),
            valid as u64,
            "PDF",
            &rows,
            chunks,
        )
        .await?,
    );

    for w in &written {
        println!(
            "{}",
            fr_with(
                "cli-written-timed",
                &[
                    ("path", &w.path.display()),
                    ("rows", &count("cli-rows-or-files", w.rows)),
                    ("bytes", &w.bytes),
                    ("seconds", &format!("{:.1}", w.seconds)),
                ],
            )
        );
    }
    println!(
        "{}",
        fr_with(
            "cli-year-figures",
            &[
                ("issued", &count("cli-valid-issued", valid)),
                ("year", &year),
                ("total", &soutenir::domain::money::Cents::new(total)),
                ("declared", &count("cli-receipts", declared)),
                (
                    "declared-total",
                    &soutenir::domain::money::Cents::new(declared_total),
                ),
                ("individuals", &figures.individuals.0),
                ("companies", &figures.companies.0),
            ],
        )
    );
    Ok(())
}

/// `soutenir donations export --out FILE [--year Y] [--campaign SLUG] [--status S]`
async fn export_donations(
    config: &Config,
    out: &std::path::Path,
    year: Option<i32>,
    campaign: Option<String>,
    status: String,
    excel: bool,
) -> anyhow::Result<()> {
    let store = open_store(config).await?;
    let mut filter = DonationFilter {
        status: (status != "all").then_some(status),
        ..DonationFilter::default()
    };
    if let Some(year) = year {
        let (from, to) = export::year_range(year);
        filter.from = Some(from);
        filter.to = Some(to);
    }
    if let Some(slug) = campaign {
        let found = store
            .campaign_by_slug(&slug)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no campaign {slug}"))?;
        filter.campaign_id = Some(found.campaign.id);
    }
    let total = store.donation_totals(&filter).await?.count as u64;
    let rows = Arc::new(AtomicU64::new(0));
    let written = match year {
        // A year asks for the year's books, as the journal holds them.
        Some(year) => {
            soutenir::journal::book_all(&*store, time::OffsetDateTime::now_utc()).await?;
            let chunks =
                export::books_year_csv(store.clone(), year, filter, format_of(excel), rows.clone());
            write_with_bar(out, total, fr("cli-bar-gifts"), &rows, chunks).await?
        }
        None => {
            let chunks =
                export::donations_csv(store.clone(), filter, format_of(excel), rows.clone());
            write_with_bar(out, total, fr("cli-bar-gifts"), &rows, chunks).await?
        }
    };
    println!(
        "{}",
        fr_with(
            "cli-written",
            &[
                ("path", &written.path.display()),
                ("rows", &count("cli-gifts", written.rows)),
                ("bytes", &written.bytes),
            ],
        )
    );
    Ok(())
}
