//! The `soutenir` command: parse the command line, start tracing, run.

use std::io::{IsTerminal, Write};

use clap::Parser;
use soutenir::app::{
    Application, charge_demo_monthly, invite_staff, open_store, reconcile_payments,
};
use soutenir::config::{
    Cli, Command, Config, DemoCommand, PaymentsCommand, ReceiptsCommand, UserCommand,
};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
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
            println!("{settled} paiement(s) régularisé(s).");
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
                "{} reçu(s) récapitulatif(s) {year} émis, {} déjà émis auparavant, {} donateur(s) sans reçu (non demandé, adresse incomplète ou sous le minimum).",
                run.issued.len(),
                run.already,
                run.skipped
            );
            println!(
                "Ils partiront par courriel au prochain démarrage du serveur (ou tout de suite s'il tourne)."
            );
            Ok(())
        }
        Command::Demo(DemoCommand::ChargeMonthly) => {
            let store = open_store(&cli.config).await?;
            let charged = charge_demo_monthly(&*store).await?;
            println!("{charged} don(s) mensuel(s) de démonstration prélevé(s).");
            Ok(())
        }
    }
}
