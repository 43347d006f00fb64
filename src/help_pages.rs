//! `fmselect completions` and `fmselect man`: generated from the clap
//! definitions, printed or written to files (parent directories created, so
//! `-o ~/.local/share/bash-completion/completions/fmselect` works on a fresh
//! account).

use clap::CommandFactory;

use fmselect::app::Outcome;
use fmselect::diag::{Diagnostic, Diagnostics, sanitize};

use crate::cli::Cli;

fn io_error(path: &str, what: &str, e: std::io::Error) -> Diagnostics {
    Diagnostics::single(Diagnostic::error(
        "file-unreadable",
        path,
        format!("cannot {what}: {e}"),
    ))
}

/// Creates the parent directories of `path` (`mkdir -p`).
fn make_parent(path: &str) -> Result<(), Diagnostics> {
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir)
            .map_err(|e| io_error(&dir.to_string_lossy(), "create the directory", e)),
        _ => Ok(()),
    }
}

/// The completion script for `shell`, on stdout or into `output`.
pub fn completions(
    shell: clap_complete::Shell,
    output: Option<&str>,
) -> Result<Outcome, Diagnostics> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "fmselect", &mut out);
    match output {
        None => Ok(Outcome::success(String::from_utf8_lossy(&out).into_owned())),
        Some(path) => {
            make_parent(path)?;
            fmselect::output::write_atomic(path, &out)?;
            let mut o = Outcome::success(String::new());
            o.notes
                .push(format!("{shell} completions written to {}", sanitize(path)));
            Ok(o)
        }
    }
}

/// The man page. To stdout: one page whose SUBCOMMANDS section names the
/// commands (`fmselect recommend`, …) rather than pages that do not exist;
/// with `dir`: fmselect.1 and one page per subcommand (fmselect-recommend.1,
/// …), so every cross-reference resolves.
pub fn man(dir: Option<&str>) -> Result<Outcome, Diagnostics> {
    let cmd = Cli::command();
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create the directory", e))?;
        clap_mangen::generate_to(cmd.clone(), dir)
            .map_err(|e| io_error(dir, "write the man pages", e))?;
        let mut o = Outcome::success(String::new());
        o.notes.push(format!(
            "man pages written to {}: fmselect.1 and one per subcommand (man -l {}/fmselect.1)",
            sanitize(dir),
            sanitize(dir)
        ));
        return Ok(o);
    }
    let render = || -> std::io::Result<Vec<u8>> {
        let man = clap_mangen::Man::new(cmd.clone());
        let mut out = Vec::new();
        man.render_title(&mut out)?;
        man.render_name_section(&mut out)?;
        man.render_synopsis_section(&mut out)?;
        man.render_description_section(&mut out)?;
        man.render_options_section(&mut out)?;
        out.extend_from_slice(b".SH SUBCOMMANDS\n");
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            out.extend_from_slice(
                format!(
                    ".TP\n\\fBfmselect {}\\fR\n{}\n",
                    sub.get_name(),
                    roff_text(&about)
                )
                .as_bytes(),
            );
        }
        out.extend_from_slice(
            b".PP\nEach command's options: \\fBfmselect COMMAND --help\\fR. One page per command: \\fBfmselect man --dir DIR\\fR.\n",
        );
        man.render_extra_section(&mut out)?;
        man.render_version_section(&mut out)?;
        Ok(out)
    };
    render()
        .map(|out| Outcome::success(String::from_utf8_lossy(&out).into_owned()))
        .map_err(|e| io_error("<stdout>", "render the man page", e))
}

/// Text for a roff paragraph: backslashes escaped, no line starting with a
/// control character.
fn roff_text(text: &str) -> String {
    text.replace('\\', "\\e")
        .lines()
        .map(|l| {
            if l.starts_with(['.', '\'']) {
                format!("\\&{l}")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
