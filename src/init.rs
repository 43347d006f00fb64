//! `fmselect init`: a commented requirements template covering every key
//! with its default, or — on a terminal — a short questionnaire (Step 1 of
//! the framework: task, latency, volume, data sensitivity and its share,
//! private cloud, accuracy, budget, ML-ops skills) whose answers fill the
//! template. End of input (Ctrl-D) cancels it: nothing is written.

use std::io::{self, BufRead, Write};

use crate::diag::did_you_mean;
use crate::num::fmt_count;

/// The answers of the questionnaire; `Default` gives the SPEC's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    pub name: String,
    pub task_type: String,
    pub input: Vec<String>,
    pub requests_per_month: f64,
    pub input_tokens: f64,
    pub output_tokens: f64,
    pub latency: String,
    pub sensitivity: String,
    /// Share of requests touching sensitive data; `None` keeps the default
    /// (1.0 for confidential/regulated, 0.0 otherwise).
    pub sensitive_share: Option<f64>,
    pub allow_private_cloud: bool,
    pub accuracy: String,
    pub monthly_budget: Option<f64>,
    /// `none`, `some` or `strong`.
    pub ml_ops: String,
}

impl Default for Answers {
    fn default() -> Self {
        Answers {
            name: "My assistant".to_owned(),
            task_type: "rag-qa".to_owned(),
            input: vec!["text".to_owned()],
            requests_per_month: 10_000.0,
            input_tokens: 1000.0,
            output_tokens: 300.0,
            latency: "interactive".to_owned(),
            sensitivity: "internal".to_owned(),
            sensitive_share: None,
            allow_private_cloud: false,
            accuracy: "high".to_owned(),
            monthly_budget: None,
            ml_ops: "none".to_owned(),
        }
    }
}

const MODALITIES: &[&str] = &["text", "image", "audio", "video", "pdf"];
const LATENCY: &[&str] = &["realtime", "interactive", "batch"];
const SENSITIVITY: &[&str] = &["public", "internal", "confidential", "regulated"];
const ACCURACY: &[&str] = &["good-enough", "high", "maximum"];
const ML_OPS: &[&str] = &["none", "some", "strong"];
const YES_NO: &[&str] = &["yes", "no"];

/// The commented template, filled with `a`.
pub fn template(a: &Answers) -> String {
    let num = |v: f64| fmt_count(v).replace(',', "");
    let budget = a.monthly_budget.map_or("null".to_owned(), num);
    let share = a
        .sensitive_share
        .map_or("null".to_owned(), |v| v.to_string());
    let name = a.name.replace('"', "'");
    format!(
        r#"# yaml-language-server: $schema=requirements.schema.json
# (for editor completion: `fmselect schema requirements > requirements.schema.json` beside this file)
# fmselect requirements (schema_version 1). Every key is optional except
# task.type; the values below are the defaults unless you changed them.
# Run: fmselect recommend THIS_FILE   (see `fmselect schema requirements`)
schema_version: 1
name: "{name}"
description: null              # free text, shown in reports

task:
  type: {task_type}                  # chat | rag-qa | summarization | classification | extraction |
                                # code | reasoning | agent | translation | content | vision | other
  input: [{input}]                # any of: text, image, audio, video, pdf
  output: [text]                # any of: text, image, audio
  context_tokens: 8000          # largest prompt per request, retrieved documents included

volume:
  requests_per_month: {requests}
  input_tokens: {input_tokens}            # average per request
  output_tokens: {output_tokens}            # average per request
  peak_rps: null                # peak requests/second; null = monthly average × peak_factor

latency:
  class: {latency}           # realtime | interactive | batch
  ttft_ms: null                 # max acceptable time to first token (p95), optional
  output_tps: null              # min output tokens/second, optional

data:
  sensitivity: {sensitivity}        # public | internal | confidential | regulated
  sensitive_share: {share}         # 0..1 share of requests touching sensitive data;
                                # null = 1.0 for confidential/regulated, 0.0 otherwise
  residency: []                 # allowed regions, e.g. [eu]; empty = no constraint
  allow_private_cloud: {private_cloud}    # may sensitive data go to a vendor model in your own cloud tenant?

accuracy:
  level: {accuracy}                   # good-enough | high | maximum
  complex_share: 0.2            # 0..1 share of requests that are hard cases

budget:
  monthly_usd: {budget}
  setup_usd: null

time_to_market_weeks: null
horizon_months: 24              # total-cost-of-ownership horizon

team:
  ml_ops: {ml_ops}                  # none | some | strong: your ability to run GPUs in production

adaptation:
  proprietary_knowledge: false  # answers depend on your own documents
  knowledge_changes: rarely     # rarely | monthly | daily
  consistent_style: false       # a strict house style or output format
  labeled_examples: 0           # examples available for fine-tuning
  strategic_data_advantage: false  # unique data that is a competitive moat

constraints:
  weights: any                  # any | open | closed
  providers: {{ allow: [], deny: [] }}
  licenses: {{ deny: [] }}
  models: {{ allow: [], deny: [] }}

priorities:                     # 0..5 each: how much you care
  quality: 3
  cost: 3
  latency: 2
  privacy: 3
  time_to_market: 2
  lock_in: 1

# Optional: override cost-model assumptions of the catalog, e.g.
# assumptions:
#   engineering_usd_per_week: 4000
# Optional: sample prompts and tests for `fmselect export promptfoo`, e.g.
# evals:
#   prompts: ["Answer from the context: {{{{question}}}}"]
#   tests:
#     - vars: {{ question: "How many vacation days do I have?" }}
#       expect_contains: "days"
"#,
        task_type = a.task_type,
        input = a.input.join(", "),
        requests = num(a.requests_per_month),
        input_tokens = num(a.input_tokens),
        output_tokens = num(a.output_tokens),
        latency = a.latency,
        sensitivity = a.sensitivity,
        accuracy = a.accuracy,
        private_cloud = a.allow_private_cloud,
        ml_ops = a.ml_ops,
    )
}

/// Asks the questions on `output`, reading answers from `input`; an empty
/// answer keeps the default. Invalid answers are asked again.
pub fn ask(input: &mut dyn BufRead, output: &mut dyn Write) -> io::Result<Answers> {
    let d = Answers::default();
    writeln!(
        output,
        "Step 1 — define your requirements. Press Enter to keep the [default]."
    )?;
    let name = line(input, output, "Name of the product", &d.name)?;
    let task_type = choice(
        input,
        output,
        "Task type",
        &crate::requirements::TaskType::names(),
        &d.task_type,
    )?;
    let input_m = loop {
        let answer = line(
            input,
            output,
            "Input modalities (comma-separated: text, image, audio, video, pdf)",
            "text",
        )?;
        let items: Vec<String> = answer
            .split(',')
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        match items.iter().find(|m| !MODALITIES.contains(&m.as_str())) {
            Some(bad) => writeln!(output, "  `{bad}` is not one of: {}", MODALITIES.join(", "))?,
            None if items.is_empty() => writeln!(output, "  name at least one modality")?,
            None => break items,
        }
    };
    let requests_per_month = number(input, output, "Requests per month", d.requests_per_month)?;
    let input_tokens = number(
        input,
        output,
        "Average input tokens per request (prompt + retrieved context)",
        d.input_tokens,
    )?;
    let output_tokens = number(
        input,
        output,
        "Average output tokens per request",
        d.output_tokens,
    )?;
    let latency = choice(input, output, "Latency class", LATENCY, &d.latency)?;
    let sensitivity = choice(
        input,
        output,
        "Data sensitivity",
        SENSITIVITY,
        &d.sensitivity,
    )?;
    let (sensitive_share, allow_private_cloud) = if matches!(
        sensitivity.as_str(),
        "confidential" | "regulated"
    ) {
        let share = loop {
            let answer = line(
                input,
                output,
                &format!("Share of requests that touch {sensitivity} data (0–1 or %)"),
                "1.0",
            )?;
            match parse_share(&answer) {
                Some(v) => break v,
                None => writeln!(output, "  enter a share from 0 to 1, e.g. 0.3 or 30%")?,
            }
        };
        let private = choice(
            input,
            output,
            "May that data go to a vendor model inside your own cloud tenant (Bedrock, Vertex, Azure)?",
            YES_NO,
            "no",
        )?;
        ((share != 1.0).then_some(share), private == "yes")
    } else {
        (None, false)
    };
    let accuracy = choice(input, output, "Accuracy", ACCURACY, &d.accuracy)?;
    let monthly_budget = loop {
        let answer = line(input, output, "Monthly budget in USD (empty: none)", "")?;
        if answer.is_empty() {
            break None;
        }
        match parse_number(&answer) {
            Some(v) => break Some(v),
            None => writeln!(output, "  enter a number of dollars, e.g. 5000")?,
        }
    };
    let ml_ops = choice(
        input,
        output,
        "Your team's experience running GPUs in production",
        ML_OPS,
        &d.ml_ops,
    )?;
    Ok(Answers {
        sensitive_share,
        allow_private_cloud,
        ml_ops,
        name,
        task_type,
        input: input_m,
        requests_per_month,
        input_tokens,
        output_tokens,
        latency,
        sensitivity,
        accuracy,
        monthly_budget,
    })
}

fn line(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    question: &str,
    default: &str,
) -> io::Result<String> {
    if default.is_empty() {
        write!(output, "{question}: ")?;
    } else {
        write!(output, "{question} [{default}]: ")?;
    }
    output.flush()?;
    let mut buf = String::new();
    if input.read_line(&mut buf)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the questionnaire ended before all answers were given",
        ));
    }
    let answer = buf.trim();
    Ok(if answer.is_empty() {
        default.to_owned()
    } else {
        answer.to_owned()
    })
}

fn choice(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    question: &str,
    allowed: &[&str],
    default: &str,
) -> io::Result<String> {
    loop {
        let answer = line(
            input,
            output,
            &format!("{question} ({})", allowed.join(" | ")),
            default,
        )?
        .to_ascii_lowercase();
        if allowed.contains(&answer.as_str()) {
            return Ok(answer);
        }
        match did_you_mean(&answer, allowed.iter().copied()) {
            Some(s) => writeln!(output, "  `{answer}` is not an option; did you mean `{s}`?")?,
            None => writeln!(
                output,
                "  `{answer}` is not an option; choose one of: {}",
                allowed.join(", ")
            )?,
        }
    }
}

fn number(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    question: &str,
    default: f64,
) -> io::Result<f64> {
    loop {
        let answer = line(
            input,
            output,
            question,
            &fmt_count(default).replace(',', ""),
        )?;
        match parse_number(&answer) {
            Some(v) => return Ok(v),
            None => writeln!(output, "  enter a number ≥ 0, e.g. 10000 or 10k")?,
        }
    }
}

/// `0.3`, `30%` → a share from 0 to 1.
fn parse_share(text: &str) -> Option<f64> {
    let t = text.trim();
    let v = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().ok()? / 100.0,
        None => t.parse::<f64>().ok()?,
    };
    (0.0..=1.0).contains(&v).then_some(v)
}

/// `10000`, `10,000`, `10k`, `2.5M` → a non-negative finite number.
fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim().replace([',', '_', '$'], "");
    let (body, factor) = match t.chars().last()?.to_ascii_lowercase() {
        'k' => (&t[..t.len() - 1], 1e3),
        'm' => (&t[..t.len() - 1], 1e6),
        'b' => (&t[..t.len() - 1], 1e9),
        _ => (t.as_str(), 1.0),
    };
    body.trim()
        .parse::<f64>()
        .ok()
        .map(|v| v * factor)
        .filter(|v| v.is_finite() && *v >= 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_people_type() {
        assert_eq!(parse_number("10k"), Some(10_000.0));
        assert_eq!(parse_number("2.5M"), Some(2_500_000.0));
        assert_eq!(parse_number("$5,000"), Some(5000.0));
        assert_eq!(parse_number("-3"), None);
        assert_eq!(parse_number("lots"), None);
    }

    #[test]
    fn questionnaire_fills_the_template_and_reasks_bad_answers() {
        let script = "Ticket triage\nclasification\nclassification\ntext\n3M\n600\n20\nrealtime\ninternal\ngood-enough\n\n\n";
        let mut out = Vec::new();
        let a = ask(&mut script.as_bytes(), &mut out).unwrap();
        assert_eq!(a.task_type, "classification");
        assert_eq!(a.requests_per_month, 3e6);
        assert_eq!(a.monthly_budget, None);
        let shown = String::from_utf8(out).unwrap();
        assert!(shown.contains("did you mean `classification`?"), "{shown}");
        assert!(template(&a).contains("requests_per_month: 3000000"));
    }

    /// The template is a valid requirements file whose values are exactly
    /// the SPEC's defaults (plus the placeholder name).
    #[test]
    fn template_round_trips_to_the_defaults() {
        let source =
            crate::source::Source::from_text("template.yaml", template(&Answers::default()));
        let (req, warnings) = crate::requirements::load(&source).unwrap();
        assert!(warnings.is_empty());
        let minimal = crate::source::Source::from_text(
            "m.yaml",
            "name: \"My assistant\"\ntask: { type: rag-qa }\n",
        );
        let (defaults, _) = crate::requirements::load(&minimal).unwrap();
        assert_eq!(req, defaults);
    }

    #[test]
    fn confidential_data_asks_its_share_and_private_cloud_and_every_run_asks_ml_ops() {
        let script = "KB\nrag-qa\ntext\n40k\n4000\n400\ninteractive\nconfidential\n150%\n30%\nyes\nhigh\n5000\nsome\n";
        let mut out = Vec::new();
        let a = ask(&mut script.as_bytes(), &mut out).unwrap();
        assert_eq!(a.sensitive_share, Some(0.3));
        assert!(a.allow_private_cloud);
        assert_eq!(a.ml_ops, "some");
        let shown = String::from_utf8(out).unwrap();
        assert!(shown.contains("enter a share from 0 to 1"), "{shown}");
        let text = template(&a);
        let (req, _) = crate::requirements::load(&crate::source::Source::from_text("t.yaml", text))
            .expect("the filled template loads");
        assert_eq!(req.sensitive_share(), 0.3);
        assert!(req.data.allow_private_cloud);
    }

    #[test]
    fn a_short_script_is_an_error_not_a_hang() {
        let mut out = Vec::new();
        assert!(ask(&mut "only a name\n".as_bytes(), &mut out).is_err());
    }
}
