//! The `fmselect` binary: parse arguments, run a library command, print its
//! outcome, exit with its code. All logic lives in the library.

mod cli;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cli::{CatalogCommand, Cli, Command};
use fmselect::app::{self, Exit, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let terminal = cli::Terminal::detect();
    let outcome = match cli.command {
        Command::Recommend(a) => app::recommend(&a.into_command(terminal)),
        Command::Compare(a) => app::compare(&a.into_command(terminal)),
        Command::Catalog(CatalogCommand::Validate(a)) => Ok(app::catalog_validate(&a.into())),
    };
    match outcome {
        Ok(outcome) => finish(outcome),
        Err(diagnostics) => {
            let _ = write!(std::io::stderr().lock(), "{diagnostics}");
            ExitCode::from(Exit::InputError as u8)
        }
    }
}

/// Prints an outcome: the report on stdout only when the command produced
/// one (exit 0 or 3), everything else on stderr. A closed pipe (`| head`) is
/// not an error.
fn finish(outcome: Outcome) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    for d in &outcome.diagnostics {
        let _ = write!(stderr, "{d}");
    }
    for n in &outcome.notes {
        let _ = writeln!(stderr, "{n}");
    }
    if outcome.exit == Exit::InputError {
        let _ = stderr.write_all(outcome.stdout.as_bytes());
    } else {
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = stdout
            .write_all(outcome.stdout.as_bytes())
            .and_then(|()| stdout.flush())
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            let _ = writeln!(stderr, "error: cannot write the output: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::from(outcome.exit as u8)
}
