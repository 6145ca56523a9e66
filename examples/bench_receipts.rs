//! Renders N distinct receipts to PDF on every core and writes them into one
//! ZIP, as the year's export does; prints receipts per second and peak RSS.
//!
//!   cargo run --release --example bench_receipts -- [N] [OUT.zip]

use std::io::Write;
use std::sync::mpsc;
use std::time::Instant;

use soutenir::domain::money::Cents;
use soutenir::domain::receipt::{PaymentBox, ReceiptNumber};
use soutenir::domain::words::amount_in_words;
use soutenir::receipts::pdf::{ReceiptDocument, render};

fn receipt(seq: i64) -> ReceiptDocument {
    let cents = 500 + seq * 37 % 250_000;
    let number = ReceiptNumber::new(2026, seq);
    ReceiptDocument {
        layout: soutenir::receipts::pdf::LAYOUT,
        model: soutenir::domain::cerfa::Model::Individuals,
        revision: "11580*05".to_owned(),
        specimen: false,
        company: None,
        number,
        issuer: soutenir::app::sample_organisation().issuer,
        logo_png: None,
        signature_png: None,
        donor_first_name: format!("Prénom{seq}"),
        donor_last_name: format!("Nom-Été{seq}"),
        donor_address: format!("{} rue des Lilas", seq % 200 + 1),
        donor_postal_code: "69007".to_owned(),
        donor_city: "Lyon".to_owned(),
        donor_country: "France".to_owned(),
        amount: Cents::new(cents),
        amount_words: amount_in_words(Cents::new(cents)),
        payment_box: if seq % 3 == 0 {
            PaymentBox::Cheque
        } else {
            PaymentBox::TransferDebitCard
        },
        gift_date: Some(time::macros::date!(2026 - 06 - 13)),
        period: None,
        lines: Vec::new(),
        issued_on: time::macros::date!(2026 - 06 - 13),
        verify_url: format!(
            "https://dons.example.org/receipts/verify/{number}?k=0123456789abcdef01234567"
        ),
        cancelled: None,
        replaces: None,
        supplement: 0,
    }
}

/// Peak resident memory of this process, in MB.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: i64 = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000);
    let out = args.next().unwrap_or_else(|| {
        std::env::temp_dir()
            .join("bench-receipts.zip")
            .display()
            .to_string()
    });
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    eprintln!("rendering {n} receipts on {threads} threads into {out}");

    let started = Instant::now();
    let file = std::io::BufWriter::new(std::fs::File::create(&out)?);
    let mut zip = zip::ZipWriter::new(file);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    // Workers render; this thread writes each PDF as it comes (nothing kept).
    let (tx, rx) = mpsc::sync_channel::<(i64, Vec<u8>)>(threads * 4);
    let mut total_bytes = 0usize;
    std::thread::scope(|scope| -> anyhow::Result<()> {
        for worker in 0..threads as i64 {
            let tx = tx.clone();
            scope.spawn(move || {
                let mut seq = worker + 1;
                while seq <= n {
                    let bytes = render(&receipt(seq)).expect("render");
                    if tx.send((seq, bytes)).is_err() {
                        return;
                    }
                    seq += threads as i64;
                }
            });
        }
        drop(tx);
        for (seq, bytes) in rx {
            total_bytes += bytes.len();
            zip.start_file(format!("2026-{seq:06}.pdf"), options)?;
            zip.write_all(&bytes)?;
        }
        Ok(())
    })?;
    zip.finish()?.flush()?;
    let elapsed = started.elapsed().as_secs_f64();
    println!("receipts:       {n}");
    println!("time:           {elapsed:.2} s");
    println!("receipts/s:     {:.0}", n as f64 / elapsed);
    println!(
        "average PDF:    {:.1} KB",
        total_bytes as f64 / n as f64 / 1024.0
    );
    println!(
        "zip:            {:.1} MB",
        std::fs::metadata(&out)?.len() as f64 / 1_048_576.0
    );
    println!("peak RSS:       {:.1} MB", peak_rss_mb());
    Ok(())
}
