//! The `fmselect` binary: parse arguments, run a library command, print its
//! outcome, exit with its code. All logic lives in the library.

mod cli;
mod help_pages;

/// mimalloc rather than the system allocator: large catalogs allocate
/// millions of small values, and glibc's bookkeeping dominated (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cli::{CatalogCommand, Cli, Command, ExportCommand};
use fmselect::app::{self, Exit, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let terminal = cli::Terminal::detect();
    let outcome = match cli.command {
        Command::Recommend(a) => app::recommend(&a.into_command(terminal)),
        Command::Compare(a) => app::compare(&a.into_command(terminal)),
        Command::Diff(a) => app::diff(&a.into_command(terminal)),
        Command::Check(a) => app::check(&a.into_command(terminal)),
        Command::Schema { document } => {
            Ok(Outcome::success(fmselect::schema::schema(document.into())))
        }
        Command::Init(a) => init(a),
        Command::Completions { shell, output } => help_pages::completions(shell, output.as_deref()),
        Command::Man { dir } => help_pages::man(dir.as_deref()),
        Command::Catalog(CatalogCommand::Validate(a)) => Ok(app::catalog_validate(&a.into())),
        Command::Catalog(CatalogCommand::List(a)) => {
            fmselect::browse::list(&a.into_options(terminal)).map(Outcome::success)
        }
        Command::Catalog(CatalogCommand::Show(a)) => {
            fmselect::browse::show(&a.into_options(terminal)).map(Outcome::success)
        }
        Command::Catalog(CatalogCommand::Import(a)) => fmselect::import::run(&a.into()),
        Command::Mcp(a) => fmselect::mcp::serve(&a.into()),
        Command::Export(ExportCommand::Promptfoo(a)) => {
            app::export(&a.into_options(fmselect::export::ExportKind::Promptfoo))
        }
        Command::Export(ExportCommand::Litellm(a)) => {
            app::export(&fmselect::export::ExportOptions {
                sensitive_proxy: a.sensitive_proxy,
                ..a.export.into_options(fmselect::export::ExportKind::Litellm)
            })
        }
    };
    match outcome {
        Ok(mut outcome) => {
            cli::name_env_origin(&mut outcome.diagnostics);
            finish(outcome, terminal.color)
        }
        Err(mut diagnostics) => {
            cli::name_env_origin(&mut diagnostics.0);
            let _ = write!(std::io::stderr().lock(), "{diagnostics}");
            ExitCode::from(Exit::InputError as u8)
        }
    }
}

/// `fmselect init`: template to a file, to stdout, or from a questionnaire.
fn init(a: cli::InitArgs) -> Result<Outcome, fmselect::diag::Diagnostics> {
    use fmselect::diag::{Diagnostic, Diagnostics};
    use std::io::IsTerminal;
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let ask = a.interactive || (a.file.is_none() && terminal && std::io::stdout().is_terminal());
    let target = a
        .file
        .clone()
        .or_else(|| ask.then(|| "requirements.yaml".to_owned()));
    if let Some(path) = &target
        && std::path::Path::new(path).exists()
        && !a.force
    {
        return Err(Diagnostics::single(
            Diagnostic::error(
                "invalid-value",
                path.as_str(),
                "the file already exists; fmselect init never overwrites it",
            )
            .help("choose another name, or pass --force to replace it"),
        ));
    }
    let answers = if ask {
        let stdin = std::io::stdin();
        match fmselect::init::ask(&mut stdin.lock(), &mut std::io::stderr()) {
            Ok(a) => a,
            // End of input (Ctrl-D): the user stopped; nothing is written.
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                let mut o = Outcome::success(String::new());
                o.notes.push(
                    "\ncancelled (end of input): nothing written. `fmselect init FILE` writes the template with every default."
                        .to_owned(),
                );
                o.exit = fmselect::app::Exit::InputError;
                return Ok(o);
            }
            Err(e) => {
                return Err(Diagnostics::single(Diagnostic::error(
                    "file-unreadable",
                    "<stdin>",
                    format!("the questionnaire stopped: {e}"),
                )));
            }
        }
    } else {
        fmselect::init::Answers::default()
    };
    let text = fmselect::init::template(&answers);
    match target {
        Some(path) => {
            fmselect::output::write_atomic(&path, text.as_bytes())?;
            let mut o = Outcome::success(String::new());
            o.notes
                .push(format!("wrote {path}; next: fmselect recommend {path}"));
            Ok(o)
        }
        None => Ok(Outcome::success(text)),
    }
}

/// Prints an outcome: the report on stdout only when the command produced
/// one (exit 0 or 3), everything else on stderr. A closed pipe (`| head`) is
/// not an error.
fn finish(outcome: Outcome, styled: bool) -> ExitCode {
    use fmselect::diag::{MAX_SHOWN, guard, not_shown};
    let mut stderr = std::io::stderr().lock();
    for d in outcome.diagnostics.iter().take(MAX_SHOWN) {
        let _ = write!(stderr, "{d}");
    }
    if let Some(more) = not_shown(outcome.diagnostics.len()) {
        let _ = writeln!(stderr, "{more}");
    }
    // Notes quote hosts, keys and file names from the inputs.
    for n in &outcome.notes {
        let _ = writeln!(stderr, "{}", guard(n, false));
    }
    let text = guard(&outcome.stdout, styled);
    if outcome.exit == Exit::InputError {
        let _ = stderr.write_all(text.as_bytes());
    } else {
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            let _ = writeln!(stderr, "error: cannot write the output: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::from(outcome.exit as u8)
}
