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
    /// Required capabilities (`tool-calling`, `structured-output`, `reasoning`).
    pub capabilities: Vec<String>,
    /// Share of input tokens read from the prompt cache; None = not set.
    pub cache_hit_share: Option<f64>,
    /// Shares of input tokens per modality, e.g. [("text", 0.2), ("audio", 0.8)];
    /// empty = all text.
    pub input_mix: Vec<(String, f64)>,
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
            capabilities: Vec::new(),
            cache_hit_share: None,
            input_mix: Vec::new(),
        }
    }
}

const MODALITIES: &[&str] = &["text", "image", "audio", "video", "pdf"];
const LATENCY: &[&str] = &["realtime", "interactive", "batch"];
const SENSITIVITY: &[&str] = &["public", "internal", "confidential", "regulated"];
const ACCURACY: &[&str] = &["good-enough", "high", "maximum"];
const ML_OPS: &[&str] = &["none", "some", "strong"];
const YES_NO: &[&str] = &["yes", "no"];
const CAPABILITIES: &[&str] = &["tool-calling", "structured-output", "reasoning"];

/// The commented template, filled with `a`.
pub fn template(a: &Answers) -> String {
    let num = |v: f64| fmt_count(v).replace(',', "");
    let budget = a.monthly_budget.map_or("null".to_owned(), num);
    let share = a
        .sensitive_share
        .map_or("null".to_owned(), |v| v.to_string());
    let name = a.name.replace('"', "'");
    let frac = |v: f64| crate::num::round_to(v, 4).to_string();
    let cache = a.cache_hit_share.map_or("null".to_owned(), frac);
    let mix = if a.input_mix.is_empty() {
        "null".to_owned()
    } else {
        format!(
            "{{ {} }}",
            a.input_mix
                .iter()
                .map(|(m, v)| format!("{m}: {}", frac(*v)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
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
  capabilities: [{capabilities}]              # required: tool-calling, structured-output, reasoning
                                # (known missing = excluded; unknown = kept, flagged "unverified")

volume:
  requests_per_month: {requests}
  input_tokens: {input_tokens}            # average per request
  output_tokens: {output_tokens}            # average per request
  peak_rps: null                # peak requests/second; null = monthly average × peak_factor
  cache_hit_share: {cache}         # 0..1 share of input tokens read from the prompt cache;
                                # null = the catalog's prompt_cache_hit_share assumption (0)
  batch_share: null             # 0..1 share of requests that can wait for a batch API;
                                # null = 1.0 when latency.class is batch, else 0.0
  input_mix: {mix}               # shares of input tokens per modality, e.g. {{ text: 0.2, audio: 0.8 }};
                                # null = all text

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
  allow_preview: true           # may preview models be recommended (always flagged as preview)?

priorities:                     # 0..5 each: how much you care
  quality: 3
  cost: 3
  latency: 2
  privacy: 3
  time_to_market: 2
  lock_in: 1

# Optional: how self-hosted GPUs are paid for (rent | buy | existing), e.g.
# self_hosting:
#   gpus: existing
#   existing_gpus: [{{ gpu: h100-80gb, count: 8 }}]
#   amortization_months: 36
# Optional: a quote to set the modelled plan beside (a vendor's offer), e.g.
# reference_quote:
#   label: "the vendor's offer"
#   monthly_usd: 3200
#   model: claude-sonnet-4-6     # the API it quotes: its token cost is shown too
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
        capabilities = a.capabilities.join(", "),
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
    let capabilities = list(
        input,
        output,
        "Required capabilities (comma-separated: tool-calling, structured-output, reasoning; empty: none)",
        CAPABILITIES,
    )?;
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
    let cache_hit_share = loop {
        let answer = line(
            input,
            output,
            "Share of input tokens read from the prompt cache, 0..1 (empty: none)",
            "",
        )?;
        if answer.is_empty() {
            break None;
        }
        match parse_share(&answer) {
            Some(v) => break Some(v),
            None => writeln!(output, "  enter a share from 0 to 1, e.g. 0.8 or 80%")?,
        }
    };
    let input_mix = if input_m.iter().any(|m| m != "text") {
        loop {
            let answer = line(
                input,
                output,
                "Share of input tokens per modality, e.g. text=0.2, audio=0.8 (empty: all text)",
                "",
            )?;
            if answer.is_empty() {
                break Vec::new();
            }
            match parse_mix(&answer, &input_m) {
                Ok(mix) => break mix,
                Err(why) => writeln!(output, "  {why}")?,
            }
        }
    } else {
        Vec::new()
    };
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
        capabilities,
        cache_hit_share,
        input_mix,
    })
}

/// A comma-separated list of allowed values (empty = none); asked again on
/// an unknown value.
fn list(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    question: &str,
    allowed: &[&str],
) -> io::Result<Vec<String>> {
    loop {
        let answer = line(input, output, question, "")?;
        let items: Vec<String> = answer
            .split(',')
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        match items.iter().find(|m| !allowed.contains(&m.as_str())) {
            Some(bad) => match did_you_mean(bad, allowed.iter().copied()) {
                Some(s) => writeln!(output, "  `{bad}` is not an option; did you mean `{s}`?")?,
                None => writeln!(output, "  `{bad}` is not one of: {}", allowed.join(", "))?,
            },
            None => return Ok(items),
        }
    }
}

/// `0.8`, `80%` → a share in 0..1.
fn parse_share(text: &str) -> Option<f64> {
    let t = text.trim();
    let (body, factor) = match t.strip_suffix('%') {
        Some(b) => (b, 0.01),
        None => (t, 1.0),
    };
    body.trim()
        .parse::<f64>()
        .ok()
        .map(|v| v * factor)
        .filter(|v| (0.0..=1.0).contains(v))
}

/// `text=0.2, audio=0.8` → shares of the input modalities, summing to 1.
fn parse_mix(text: &str, modalities: &[String]) -> Result<Vec<(String, f64)>, String> {
    let mut mix = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (m, v) = part.split_once(['=', ':']).ok_or_else(|| {
            format!("write each part as modality=share, e.g. audio=0.8 (not `{part}`)")
        })?;
        let m = m.trim().to_ascii_lowercase();
        if !modalities.contains(&m) {
            return Err(format!(
                "`{m}` is not among your input modalities ({})",
                modalities.join(", ")
            ));
        }
        let v =
            parse_share(v).ok_or_else(|| format!("`{}` is not a share from 0 to 1", v.trim()))?;
        mix.push((m, v));
    }
    let total: f64 = mix.iter().map(|(_, v)| v).sum();
    if (total - 1.0).abs() > 1e-6 {
        return Err(format!("the shares add up to {total}, not 1"));
    }
    Ok(mix)
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
        let script = "Ticket triage\nclasification\nclassification\ntext\ntool-caling\ntool-calling, structured-output\n3M\n600\n20\n80%\nrealtime\ninternal\ngood-enough\n\n\n";
        let mut out = Vec::new();
        let a = ask(&mut script.as_bytes(), &mut out).unwrap();
        assert_eq!(a.task_type, "classification");
        assert_eq!(a.requests_per_month, 3e6);
        assert_eq!(a.monthly_budget, None);
        let shown = String::from_utf8(out).unwrap();
        assert!(shown.contains("did you mean `classification`?"), "{shown}");
        assert!(shown.contains("did you mean `tool-calling`?"), "{shown}");
        assert_eq!(a.capabilities, ["tool-calling", "structured-output"]);
        assert_eq!(a.cache_hit_share, Some(0.8));
        let t = template(&a);
        assert!(t.contains("requests_per_month: 3000000"));
        assert!(
            t.contains("capabilities: [tool-calling, structured-output]"),
            "{t}"
        );
        assert!(t.contains("cache_hit_share: 0.8"), "{t}");
        let (req, _) =
            crate::requirements::load(&crate::source::Source::from_text("t.yaml", t)).unwrap();
        assert_eq!(req.volume.cache_hit_share, Some(0.8));
    }

    /// Non-text input asks for the input mix; a mix not summing to 1 is asked again.
    #[test]
    fn questionnaire_asks_the_input_mix_for_audio() {
        let script = "Call review\nsummarization\ntext, audio\n\n20k\n3000\n400\n\ntext=0.5, audio=0.8\ntext=0.2, audio=0.8\nbatch\nconfidential\n\n\nhigh\n\n\n";
        let mut out = Vec::new();
        let a = ask(&mut script.as_bytes(), &mut out).unwrap();
        let shown = String::from_utf8(out).unwrap();
        assert!(shown.contains("add up to 1.3, not 1"), "{shown}");
        assert_eq!(
            a.input_mix,
            [("text".to_owned(), 0.2), ("audio".to_owned(), 0.8)]
        );
        let t = template(&a);
        assert!(t.contains("input_mix: { text: 0.2, audio: 0.8 }"), "{t}");
        let (req, _) =
            crate::requirements::load(&crate::source::Source::from_text("t.yaml", t)).unwrap();
        assert_eq!(req.volume.input_mix.unwrap().audio, 0.8);
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
        let script = "KB\nrag-qa\ntext\n\n40k\n4000\n400\n\ninteractive\nconfidential\n150%\n30%\nyes\nhigh\n5000\nsome\n";
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
