//! The `soutenir` command: parse the command line, start tracing, run.

use soutenir::domain::words::count;
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
            println!("Base de données à jour ({}).", store.backend());
            Ok(())
        }
        Command::Payments(PaymentsCommand::Reconcile { min_age_minutes }) => {
            let settled =
                reconcile_payments(&cli.config, time::Duration::minutes(min_age_minutes)).await?;
            println!(
                "{}.",
                count(settled, "paiement régularisé", "paiements régularisés")
            );
            Ok(())
        }
        Command::User(UserCommand::Add { email, role }) => {
            let link = invite_staff(&cli.config, &email, &role).await?;
            println!("Lien à usage unique pour {email} (valable 48 h) : {link}");
            Ok(())
        }
        Command::Receipts(ReceiptsCommand::Annual { year }) => {
            let store = open_store(&cli.config).await?;
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg} [{bar:40}] {pos}/{len} donateurs ({eta})",
                )?
                .progress_chars("=> "),
            );
            bar.set_message(format!("Reçus {year}"));
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
                "{} {year} émis, {} déjà émis auparavant, {} (versements de l'année remboursés depuis), {} (versements de l'année enregistrés après le récapitulatif), {} sans reçu (non demandé, adresse incomplète ou sous le minimum).",
                count(
                    run.issued.len(),
                    "reçu récapitulatif",
                    "reçus récapitulatifs"
                ),
                run.already,
                count(
                    run.replaced.len(),
                    "annulé et remplacé",
                    "annulés et remplacés"
                ),
                count(
                    run.supplements.len(),
                    "reçu complémentaire",
                    "reçus complémentaires"
                ),
                count(run.skipped, "donateur", "donateurs")
            );
            println!(
                "Ils partiront par courriel au prochain démarrage du serveur (ou tout de suite s'il tourne)."
            );
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
                "Conservation {years} ans : {}, {} et {} de paiement sans données personnelles, {}.",
                count(report.donors, "donateur anonymisé", "donateurs anonymisés"),
                count(report.counts.receipts, "reçu", "reçus"),
                count(report.counts.events, "événement", "événements"),
                count(
                    report.counts.jobs,
                    "tâche terminée supprimée",
                    "tâches terminées supprimées"
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
            println!(
                "{}.",
                count(
                    charged,
                    "don mensuel de démonstration prélevé",
                    "dons mensuels de démonstration prélevés"
                )
            );
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
            "ligne de commande",
            provider_done,
            now,
        )
        .await?
        {
            Some(erasure) => println!(
                "Donateur {donor} : données effacées ({}, {} comme la loi l'impose).",
                count(
                    erasure.stopped,
                    "don mensuel arrêté",
                    "dons mensuels arrêtés"
                ),
                count(
                    erasure.receipts,
                    "reçu fiscal gardé",
                    "reçus fiscaux gardés"
                )
            ),
            None => println!("Donateur {donor} : inconnu ou déjà effacé, rien à faire."),
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
    let written = write_with_bar(&path, 0, "écritures", &rows, chunks).await?;
    println!(
        "{} : {}, {} octets",
        written.path.display(),
        soutenir::domain::words::count(written.rows, "écriture", "écritures"),
        written.bytes
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
            "reçus",
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
            "dons",
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
    written.push(write_with_bar(&out.join(name), gift_count, "écritures", &rows, chunks).await?);

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
            "{} : {}, {} octets, {:.1} s",
            w.path.display(),
            count(w.rows, "ligne ou fichier", "lignes ou fichiers"),
            w.bytes,
            w.seconds
        );
    }
    println!(
        "{} en {year}, total {} ; à déclarer pour {year} (article 222 bis, dons reçus en {year} quelle que soit la date du reçu) : {}, total {} (particuliers : {}, entreprises : {}).",
        count(valid, "reçu valide émis", "reçus valides émis"),
        soutenir::domain::money::Cents::new(total),
        count(declared, "reçu", "reçus"),
        soutenir::domain::money::Cents::new(declared_total),
        figures.individuals.0,
        figures.companies.0
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
    let count = store.donation_totals(&filter).await?.count as u64;
    let rows = Arc::new(AtomicU64::new(0));
    let written = match year {
        // A year asks for the year's books, as the journal holds them.
        Some(year) => {
            soutenir::journal::book_all(&*store, time::OffsetDateTime::now_utc()).await?;
            let chunks =
                export::books_year_csv(store.clone(), year, filter, format_of(excel), rows.clone());
            write_with_bar(out, count, "dons", &rows, chunks).await?
        }
        None => {
            let chunks =
                export::donations_csv(store.clone(), filter, format_of(excel), rows.clone());
            write_with_bar(out, count, "dons", &rows, chunks).await?
        }
    };
    println!(
        "{} : {}, {} octets",
        written.path.display(),
        soutenir::domain::words::count(written.rows, "don", "dons"),
        written.bytes
    );
    Ok(())
}
