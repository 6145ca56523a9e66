//! The `soutenir` command: parse the command line, start tracing, run.

use std::io::{IsTerminal, Write};

use clap::Parser;
use soutenir::app::{
    Application, charge_demo_monthly, invite_staff, open_store, reconcile_payments,
};
use soutenir::config::{Cli, Command, Config, DemoCommand, PaymentsCommand, UserCommand};
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
        Command::Demo(DemoCommand::ChargeMonthly) => {
            let store = open_store(&cli.config).await?;
            let charged = charge_demo_monthly(&*store).await?;
            println!("{charged} don(s) mensuel(s) de démonstration prélevé(s).");
            Ok(())
        }
    }
}
