//! The `mastery` binary: parse arguments, run, exit. The only place that
//! touches the process: its streams, working folder, environment and
//! signals.

mod cmd;

use std::process::ExitCode;

use clap::Parser;
use mastery::cli::{Cli, ColorChoice, Command};
use mastery::secret::Redacting;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let choice = match cli.global.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    // Every message passes the redaction layer last: no secret key is
    // printed, whichever message quotes it. The language server's output
    // is the protocol's framing, whose lengths must stay as written (its
    // messages are redacted where they are made).
    let mut err = Redacting::new(anstream::stderr().lock());
    let out = anstream::stdout().lock();
    let code = if matches!(cli.command, Command::Lsp { .. }) {
        cmd::run(cli, &mut { out }, &mut err)
    } else {
        cmd::run(cli, &mut Redacting::new(out), &mut err)
    };
    ExitCode::from(code)
}
