//! The commands, as library functions that take plain option structs and
//! return a finished [`Outcome`]: the text for stdout, the diagnostics for
//! stderr and the exit code. The binary only parses arguments and prints, so
//! nothing reaches stdout unless a command succeeded in full.

use crate::diag::{Diagnostic, Diagnostics};

/// The exit-code contract (SPEC §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: success.
    Success = 0,
    /// 1: an input could not be used.
    InputError = 1,
    /// 3: valid inputs, but nothing satisfies the hard constraints.
    NothingSatisfies = 3,
    /// 4: `diff` / `check`: the decision changed (the diff is printed).
    DecisionChanged = 4,
}

/// What a command produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub stdout: String,
    /// Warnings (and, for `validate`, errors) for stderr.
    pub diagnostics: Vec<Diagnostic>,
    /// Plain notes for stderr (progress, summaries that are not the report).
    pub notes: Vec<String>,
    pub exit: Exit,
}

impl Outcome {
    pub fn success(stdout: String) -> Self {
        Outcome {
            stdout,
            diagnostics: Vec::new(),
            notes: Vec::new(),
            exit: Exit::Success,
        }
    }
}

/// Options of `fmselect recommend`, plus how to render.
#[derive(Debug, Clone, Default)]
pub struct RecommendCommand {
    pub options: crate::recommend::RecommendOptions,
    pub format: crate::report::Format,
    pub render: crate::report::RenderOptions,
    /// Also draw the cost curves into this SVG file.
    pub chart: Option<String>,
}

/// Options of `fmselect compare`, plus how to render.
#[derive(Debug, Clone, Default)]
pub struct CompareCommand {
    pub options: crate::compare::CompareOptions,
    pub format: crate::report::Format,
    pub render: crate::report::RenderOptions,
    pub chart: Option<String>,
}

/// Compares a scenario's options; exit 3 (with the report) when none meets
/// the constraints.
pub fn compare(cmd: &CompareCommand) -> Result<Outcome, Diagnostics> {
    let (report, diagnostics) = crate::compare::compare(&cmd.options)?;
    let stdout = crate::report::scenario::render(&report, cmd.format, &cmd.render);
    let mut notes = Vec::new();
    if let Some(path) = &cmd.chart {
        let svg = crate::chart::compare_svg(&report).map_err(|e| chart_error(path, e))?;
        crate::output::write_atomic(path, svg.as_bytes())?;
        notes.push(format!("chart written to {}", crate::diag::sanitize(path)));
    }
    let exit = if report.recommended.is_none() {
        Exit::NothingSatisfies
    } else {
        Exit::Success
    };
    Ok(Outcome {
        stdout,
        diagnostics,
        notes,
        exit,
    })
}

fn chart_error(path: &str, e: String) -> Diagnostics {
    Diagnostics::single(Diagnostic::error(
        "invalid-value",
        path,
        format!("cannot draw the chart: {e}"),
    ))
}

/// Runs the pipeline and renders the report; exit 3 (with the report) when
/// nothing satisfies the hard constraints.
pub fn recommend(cmd: &RecommendCommand) -> Result<Outcome, Diagnostics> {
    let rec = crate::recommend::recommend(&cmd.options)?;
    let stdout = crate::report::reporter(cmd.format).render(&rec.report, &cmd.render);
    let mut notes = Vec::new();
    if let Some(path) = &cmd.chart {
        match crate::chart::recommend_svg(&rec.report) {
            Ok(svg) => {
                crate::output::write_atomic(path, svg.as_bytes())?;
                notes.push(format!("chart written to {}", crate::diag::sanitize(path)));
            }
            // Nothing to draw when nothing satisfies the constraints: say so,
            // and keep the exit code of the report.
            Err(e) => notes.push(format!("no chart written: {e}")),
        }
    }
    // Nothing satisfies the requirements when no model passes the hard
    // constraints, or when some do but no strategy can carry all the traffic
    // (e.g. a sensitive share no local deployment may take).
    let exit = if rec.report.candidates_total == 0 || rec.report.strategy.is_none() {
        Exit::NothingSatisfies
    } else {
        Exit::Success
    };
    Ok(Outcome {
        stdout,
        diagnostics: rec.diagnostics,
        notes,
        exit,
    })
}

/// `fmselect export promptfoo|litellm`: runs the recommend pipeline and
/// writes the config (to `-o FILE` atomically, else to stdout); exit 3 and
/// nothing written when nothing satisfies the hard constraints.
pub fn export(opts: &crate::export::ExportOptions) -> Result<Outcome, Diagnostics> {
    use crate::export::{ExportKind, litellm, promptfoo};
    let inputs = crate::recommend::RecommendOptions {
        top: None,
        evals: None,
        ..opts.recommend.clone()
    };
    let rec = crate::recommend::recommend(&inputs)?;
    let rendered = match opts.kind {
        _ if rec.report.candidates_total == 0 => None,
        ExportKind::Promptfoo => Some(promptfoo::render(&rec, &inputs)),
        ExportKind::Litellm => litellm::render(
            &rec,
            &inputs,
            if opts.sensitive_proxy {
                litellm::Proxy::Sensitive
            } else {
                litellm::Proxy::Main
            },
        ),
    };
    let kind = opts.kind.as_str();
    let Some(export) = rendered else {
        return Ok(Outcome {
            stdout: String::new(),
            diagnostics: rec.diagnostics,
            notes: vec![format!(
                "no {kind} config written: no model satisfies every hard constraint ({} excluded); \
                 `fmselect recommend --explain` shows why",
                rec.report.excluded.len()
            )],
            exit: Exit::NothingSatisfies,
        });
    };
    let mut notes = export.notes;
    let stdout = match &opts.output {
        Some(path) => {
            crate::output::write_atomic(path, export.text.as_bytes())?;
            notes.push(format!(
                "{kind} config written to {}",
                crate::diag::sanitize(path)
            ));
            String::new()
        }
        None => export.text,
    };
    Ok(Outcome {
        stdout,
        diagnostics: rec.diagnostics,
        notes,
        exit: Exit::Success,
    })
}

/// Options of `fmselect diff`, plus how to render.
#[derive(Debug, Clone, Default)]
pub struct DiffCommand {
    pub old: String,
    pub new: String,
    pub diff: crate::diff::DiffOptions,
    pub format: crate::report::Format,
    pub render: crate::report::RenderOptions,
}

/// Options of `fmselect check`, plus how to render.
#[derive(Debug, Clone, Default)]
pub struct CheckCommand {
    /// The recommendation to run now (`top` is ignored: the diff needs the
    /// whole report).
    pub recommend: crate::recommend::RecommendOptions,
    /// The committed decision (a `recommend --format json` report).
    pub against: String,
    pub diff: crate::diff::DiffOptions,
    pub format: crate::report::Format,
    pub render: crate::report::RenderOptions,
}

/// Compares two recommend reports; exit 4 (with the diff) when the decision
/// changed.
pub fn diff(cmd: &DiffCommand) -> Result<Outcome, Diagnostics> {
    let old = crate::diff::load_report(&cmd.old)?;
    let new = crate::diff::load_report(&cmd.new)?;
    let d = crate::diff::diff(
        &crate::diff::Side {
            source: &crate::diag::sanitize(&cmd.old),
            report: &old,
        },
        &crate::diff::Side {
            source: &crate::diag::sanitize(&cmd.new),
            report: &new,
        },
        &cmd.diff,
    );
    Ok(diff_outcome(&d, cmd.format, &cmd.render, Vec::new(), false))
}

/// Runs the recommendation now and compares it with the committed decision;
/// exit 4 when the decision changed, 3 when it did not but nothing satisfies
/// the constraints (as `recommend`).
pub fn check(cmd: &CheckCommand) -> Result<Outcome, Diagnostics> {
    let old = crate::diff::load_report(&cmd.against)?;
    let inputs = crate::recommend::RecommendOptions {
        top: None,
        ..cmd.recommend.clone()
    };
    let rec = crate::recommend::recommend(&inputs)?;
    let nothing = rec.report.candidates_total == 0 || rec.report.strategy.is_none();
    let new = serde_json::to_value(&rec.report).map_err(|e| {
        Diagnostics::single(Diagnostic::error(
            "file-unreadable",
            &inputs.requirements,
            format!("cannot serialise the report: {e}"),
        ))
    })?;
    let now = format!(
        "fmselect recommend {}",
        crate::diag::sanitize(&inputs.requirements)
    );
    let d = crate::diff::diff(
        &crate::diff::Side {
            source: &crate::diag::sanitize(&cmd.against),
            report: &old,
        },
        &crate::diff::Side {
            source: &now,
            report: &new,
        },
        &cmd.diff,
    );
    Ok(diff_outcome(
        &d,
        cmd.format,
        &cmd.render,
        rec.diagnostics,
        nothing,
    ))
}

fn diff_outcome(
    d: &crate::diff::DiffReport,
    format: crate::report::Format,
    render: &crate::report::RenderOptions,
    diagnostics: Vec<Diagnostic>,
    nothing_satisfies: bool,
) -> Outcome {
    let exit = if d.decision_changed {
        Exit::DecisionChanged
    } else if nothing_satisfies {
        Exit::NothingSatisfies
    } else {
        Exit::Success
    };
    Outcome {
        stdout: crate::report::diff::render(d, format, render),
        diagnostics,
        notes: Vec::new(),
        exit,
    }
}

/// Options of `fmselect catalog validate`.
#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    pub files: Vec<String>,
}

/// Checks catalog files: schema, semantics, cross-references (each file may
/// refer to GPUs and metrics of the embedded catalog and of files before it),
/// staleness and suspicious values.
pub fn catalog_validate(opts: &ValidateOptions) -> Outcome {
    use crate::catalog::{Known, load_file};
    use crate::source::Source;

    let mut known = Known::embedded();
    let mut out = String::new();
    let mut diagnostics = Vec::new();
    let mut failed = false;
    for path in &opts.files {
        let source = Source::read(path);
        let result = source.clone().and_then(|s| load_file(&s, &known));
        // A rules file among the catalog files (`catalog/*.yaml`): check it
        // as rules, and say so.
        if let (Err(d), Ok(source)) = (&result, &source)
            && crate::document::guess(d, crate::document::Kind::Catalog)
                == Some(crate::document::Kind::Rules)
        {
            match crate::rules::load_file(source) {
                Ok((rules, warnings)) => {
                    out.push_str(&format!(
                        "{}: ok (a rules file, checked as rules: {} rules; use it with --rules)\n",
                        crate::diag::sanitize(path),
                        rules.rules.len()
                    ));
                    diagnostics.extend(warnings);
                }
                Err(d) => {
                    failed = true;
                    let errors = d.0.iter().filter(|d| d.is_error()).count();
                    out.push_str(&format!(
                        "{}: a rules file, checked as rules: {errors} error{}\n",
                        crate::diag::sanitize(path),
                        if errors == 1 { "" } else { "s" }
                    ));
                    diagnostics.extend(d.0);
                }
            }
            continue;
        }
        let result =
            result.map_err(|d| crate::document::explain(d, crate::document::Kind::Catalog, path));
        match result {
            Ok((file, warnings)) => {
                known.extend(&file);
                let mut parts = Vec::new();
                for (n, what) in [
                    (file.models.len(), "models"),
                    (file.hardware.len(), "GPUs"),
                    (file.metrics.len(), "metrics"),
                ] {
                    if n > 0 {
                        parts.push(format!("{n} {what}"));
                    }
                }
                if file.assumptions.is_some() {
                    parts.push("assumptions".to_owned());
                }
                let warn = match warnings.len() {
                    0 => String::new(),
                    1 => ", 1 warning".to_owned(),
                    n => format!(", {n} warnings"),
                };
                out.push_str(&format!(
                    "{}: ok ({}{warn})\n",
                    crate::diag::sanitize(path),
                    parts.join(", ")
                ));
                diagnostics.extend(warnings);
            }
            Err(d) => {
                failed = true;
                let errors = d.0.iter().filter(|d| d.is_error()).count();
                out.push_str(&format!(
                    "{}: {errors} error{}\n",
                    crate::diag::sanitize(path),
                    if errors == 1 { "" } else { "s" }
                ));
                diagnostics.extend(d.0);
            }
        }
    }
    Outcome {
        stdout: out,
        diagnostics,
        notes: Vec::new(),
        exit: if failed {
            Exit::InputError
        } else {
            Exit::Success
        },
    }
}
