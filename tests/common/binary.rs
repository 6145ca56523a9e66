//! The `soutenir` binary run as a separate process, as people run it.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};

pub const BIN: &str = env!("CARGO_BIN_EXE_soutenir");

/// The binary with a clean environment: nothing configured but the listening
/// port (0, so tests never collide).
pub fn soutenir(dir: &Path) -> Command {
    in_clean_environment(Command::new(BIN), dir)
}

/// The binary as `soutenir` runs it, under a limit of `files` open files (a
/// shell's `ulimit -n`, as systemd's default `LimitNOFILE` would set it).
pub fn soutenir_with_open_files(dir: &Path, files: u32) -> Command {
    let mut cmd = Command::new("sh");
    cmd.args(["-c", &format!("ulimit -n {files} && exec \"$0\""), BIN]);
    in_clean_environment(cmd, dir)
}

fn in_clean_environment(mut cmd: Command, dir: &Path) -> Command {
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("SOUTENIR_BIND", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    cmd
}

pub struct Running {
    pub child: Child,
    pub lines: Vec<String>,
    pub url: String,
    /// Kept open: the server may still write.
    _stdout: tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
}

/// Starts the server and reads its standard output up to the « prêt » line.
pub async fn start(mut cmd: Command) -> Running {
    let mut child = cmd.spawn().expect("binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut reader = BufReader::new(stdout).lines();
    let mut lines = Vec::new();
    let url = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = reader.next_line().await.expect("read stdout") {
            lines.push(line.clone());
            if let Some(url) = line.strip_prefix("soutenir est prêt : ") {
                return url.trim_end_matches('/').to_owned();
            }
        }
        panic!("server exited before it was ready: {lines:?}");
    })
    .await
    .expect("server ready within 60 s");
    // The ready line comes last: every other note has been read.
    Running {
        child,
        lines,
        url,
        _stdout: reader,
    }
}

impl Running {
    pub async fn stop(mut self) -> String {
        self.child.start_kill().ok();
        let _ = self.child.wait().await;
        let mut stderr = String::new();
        if let Some(mut err) = self.child.stderr.take() {
            err.read_to_string(&mut stderr).await.ok();
        }
        stderr
    }
}

/// A browser for a server run as a process: its own cookies, no redirects
/// followed.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .timeout(Duration::from_secs(20))
        .build()
        .expect("http client")
}

/// The CSRF token of the form on the page at `url`.
pub async fn form_token(client: &reqwest::Client, url: &str) -> String {
    let page = client
        .get(url)
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("page text");
    super::hidden_field(&page, "csrf_token")
}

/// Signs in on the staff login form of the server at `base`; the status.
pub async fn log_in(client: &reqwest::Client, base: &str, email: &str, password: &str) -> u16 {
    let csrf = form_token(client, &format!("{base}/admin/login")).await;
    client
        .post(format!("{base}/admin/login"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .expect("login")
        .status()
        .as_u16()
}

/// A one-off gift through the demo payment page of the server at `base`, as a
/// browser gives it; its public id.
pub async fn give_demo(base: &str, email: &str) -> String {
    let client = browser();
    let page = client
        .get(format!("{base}/campaigns/dorlotons"))
        .send()
        .await
        .expect("campaign page")
        .text()
        .await
        .expect("campaign page text");
    let mut fields = super::gift_with(&[("email", email)]);
    let csrf = super::hidden_field(&page, "csrf_token");
    let key = super::hidden_field(&page, "idempotency_key");
    fields.push(("csrf_token", &csrf));
    fields.push(("idempotency_key", &key));
    let posted = client
        .post(format!("{base}/campaigns/dorlotons/donate"))
        .form(&fields)
        .send()
        .await
        .expect("donation");
    assert_eq!(
        posted.status(),
        303,
        "{}",
        posted.text().await.unwrap_or_default()
    );
    let id = posted.headers()["location"]
        .to_str()
        .expect("location")
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let csrf = form_token(&client, &format!("{base}/pay/demo/{id}")).await;
    let paid = client
        .post(format!("{base}/pay/demo/{id}"))
        .form(&[("csrf_token", csrf.as_str()), ("outcome", "succeeded")])
        .send()
        .await
        .expect("payment");
    assert_eq!(paid.status(), 303);
    id
}
