//! The `mastery` binary: parse arguments, run, exit. The only place that
//! touches the process: its streams, working folder, environment and
//! signals.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, ColorChoice, Command};
use mastery::secret::Redacting;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Usage errors, `--help` and `--version`, through the redaction
        // layer too: a key pasted as an argument is quoted back otherwise.
        Err(error) => {
            let text = error.render().ansi().to_string();
            let written = if error.use_stderr() {
                std::io::Write::write_all(
                    &mut Redacting::new(anstream::stderr().lock()),
                    text.as_bytes(),
                )
            } else {
                std::io::Write::write_all(
                    &mut Redacting::new(anstream::stdout().lock()),
                    text.as_bytes(),
                )
            };
            let code = if written.is_ok() {
                error.exit_code()
            } else {
                2
            };
            return ExitCode::from(u8::try_from(code).unwrap_or(2));
        }
    };
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
