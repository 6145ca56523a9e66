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
    let mut cmd = Command::new(BIN);
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
