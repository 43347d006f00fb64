//! Hard constraints (SPEC §5): which models, and which of their deployments,
//! may serve the requirements, with a reason for every exclusion.
//!
//! Model-level constraints (weights, makers, licences, allow/deny lists,
//! modalities, retirement, rule `require`s) exclude a model outright;
//! deployment-level ones (data locality, residency, context window, hosts,
//! latency) exclude one offering, and a model goes only when none is left.
//! The budget is checked after costing, in [`crate::recommend`].

use std::collections::BTreeMap;

use crate::catalog::{Capability, Modality, Model, Offering, OfferingKind, Status, Weights};
use crate::num::fmt_count;
use crate::requirements::{Requirements, WeightsConstraint};
use crate::rules::ModelVerdict;

/// A deployment that passed the hard constraints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowed {
    /// Index into the model's `offerings`.
    pub offering: usize,
    /// Whether it may carry the sensitive share of the traffic.
    pub serves_sensitive: bool,
    /// The host's own context limit is not in the catalog, so the model's
    /// window was assumed (and the prompt needs more than 128K tokens).
    pub context_assumed: bool,
}

/// The result of screening one model.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Pass(Vec<Allowed>),
    Fail(Vec<String>),
}

/// Screens `model` against the requirements; `today` is a day number (see
/// [`crate::dates`]) for retirement dates.
pub fn screen(
    model: &Model,
    req: &Requirements,
    verdict: &ModelVerdict,
    region_groups: &BTreeMap<String, Vec<String>>,
    host_context_check_above: f64,
    today: i64,
) -> Screen {
    let mut reasons = model_reasons(model, req, today);
    reasons.extend(verdict.violations.iter().cloned());
    if !reasons.is_empty() {
        return Screen::Fail(reasons);
    }
    if model.offerings.is_empty() {
        return Screen::Fail(vec![
            "the catalog lists no way to run this model (no offerings)".to_owned(),
        ]);
    }
    let mut allowed = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    for (i, o) in model.offerings.iter().enumerate() {
        match offering_reasons(model, o, req, region_groups) {
            Ok(serves_sensitive) => allowed.push(Allowed {
                offering: i,
                serves_sensitive,
                context_assumed: o.kind != OfferingKind::SelfHosted
                    && o.context_window.is_none()
                    && req.task.context_tokens > host_context_check_above,
            }),
            Err(why) => {
                let line = format!("{}: {why}", describe(o));
                if !failures.contains(&line) {
                    failures.push(line);
                }
            }
        }
    }
    if allowed.is_empty() {
        Screen::Fail(failures)
    } else {
        Screen::Pass(allowed)
    }
}

/// How an offering is named in reasons: "API (openai)", "self-hosted (h100-80gb)".
pub fn describe(o: &Offering) -> String {
    match o.kind {
        OfferingKind::Api => format!("API ({})", o.host.as_deref().unwrap_or("unknown host")),
        OfferingKind::PrivateCloud => format!(
            "private cloud ({})",
            o.host.as_deref().unwrap_or("unknown host")
        ),
        OfferingKind::SelfHosted => format!(
            "self-hosted ({})",
            o.gpu.as_deref().unwrap_or("unknown GPU")
        ),
    }
}

fn model_reasons(model: &Model, req: &Requirements, today: i64) -> Vec<String> {
    let mut reasons = Vec::new();
    let c = &req.constraints;
    match (c.weights, model.weights) {
        (WeightsConstraint::Open, Some(Weights::Closed)) => {
            reasons.push("closed weights, but open weights are required".to_owned())
        }
        (WeightsConstraint::Closed, Some(Weights::Open)) => {
            reasons.push("open weights, but a closed model is required".to_owned())
        }
        (WeightsConstraint::Open | WeightsConstraint::Closed, None) => reasons.push(format!(
            "the catalog does not say whether its weights are open, and {} weights are required",
            crate::names::enum_name(&c.weights)
        )),
        _ => {}
    }
    if contains(&c.providers.deny, &model.provider) {
        reasons.push(format!(
            "maker `{}` is denied by constraints.providers.deny",
            model.provider
        ));
    }
    if !c.providers.allow.is_empty()
        && !contains(&c.providers.allow, &model.provider)
        && !model.offerings.iter().any(|o| {
            o.host
                .as_deref()
                .is_some_and(|h| contains(&c.providers.allow, h))
        })
    {
        reasons.push(format!(
            "neither the maker `{}` nor any host is in constraints.providers.allow",
            model.provider
        ));
    }
    if let Some(license) = &model.license
        && contains(&c.licenses.deny, license)
    {
        reasons.push(format!(
            "licence `{license}` is denied by constraints.licenses.deny"
        ));
    }
    if contains(&c.models.deny, &model.id) {
        reasons.push("denied by constraints.models.deny".to_owned());
    }
    if !c.models.allow.is_empty() && !contains(&c.models.allow, &model.id) {
        reasons.push("not in constraints.models.allow".to_owned());
    }
    let missing_in: Vec<&str> = req
        .task
        .input
        .iter()
        .map(|m| Modality::from(*m))
        .filter(|m| !model.modalities.input.contains(m))
        .map(modality_name)
        .collect();
    if !missing_in.is_empty() {
        reasons.push(format!("does not accept {} input", missing_in.join(", ")));
    }
    let missing_out: Vec<&str> = req
        .task
        .output
        .iter()
        .map(|m| Modality::from(*m))
        .filter(|m| !model.modalities.output.contains(m))
        .map(modality_name)
        .collect();
    if !missing_out.is_empty() {
        reasons.push(format!(
            "does not produce {} output",
            missing_out.join(", ")
        ));
    }
    reasons.extend(capability_reasons(model, req));
    if !c.allow_preview && model.status == Some(Status::Preview) {
        reasons.push("a preview model, and constraints.allow_preview is false".to_owned());
    }
    if let Some(retired) = model
        .deprecated
        .as_deref()
        .and_then(|d| crate::dates::parse_days(d).map(|n| (d, n)))
        && retired.1 <= today
    {
        reasons.push(format!("retired (deprecated since {})", retired.0));
    }
    reasons
}

/// A reason for each required capability the catalog says the model lacks.
fn capability_reasons(model: &Model, req: &Requirements) -> Vec<String> {
    req.task
        .capabilities
        .iter()
        .filter(|c| model.capabilities.get(**c) == Some(false))
        .map(|c| {
            format!(
                "no {} (the catalog says it lacks it; task.capabilities requires it)",
                c.label()
            )
        })
        .collect()
}

/// Required capabilities the catalog does not know for `model`: it stays a
/// candidate, flagged "unverified", and the eval plan tests them.
pub fn unverified_capabilities(model: &Model, req: &Requirements) -> Vec<Capability> {
    req.task
        .capabilities
        .iter()
        .copied()
        .filter(|c| model.capabilities.get(*c).is_none())
        .collect()
}

/// `Ok(serves_sensitive)` when the offering may be used.
fn offering_reasons(
    model: &Model,
    o: &Offering,
    req: &Requirements,
    region_groups: &BTreeMap<String, Vec<String>>,
) -> Result<bool, String> {
    let c = &req.constraints;
    if let Some(host) = &o.host
        && o.kind != OfferingKind::SelfHosted
        && contains(&c.providers.deny, host)
    {
        return Err(format!(
            "host `{host}` is denied by constraints.providers.deny"
        ));
    }
    // Data locality.
    let local_share = req.local_share();
    let local = match o.kind {
        OfferingKind::SelfHosted => true,
        OfferingKind::PrivateCloud => req.data.allow_private_cloud,
        OfferingKind::Api => false,
    };
    if local_share >= 1.0 && !local {
        let sens = req.data.sensitivity.as_str();
        return Err(match o.kind {
            OfferingKind::PrivateCloud => format!(
                "all traffic is {sens} and must stay in your infrastructure; private cloud is not allowed (data.allow_private_cloud: false)"
            ),
            _ => format!(
                "all traffic is {sens} and must stay in your infrastructure; a shared API sends it to the vendor"
            ),
        });
    }
    // Residency.
    if !req.data.residency.is_empty() && o.kind != OfferingKind::SelfHosted {
        let ok = o.regions.iter().any(|r| {
            req.data
                .residency
                .iter()
                .any(|allowed| region_matches(allowed, r, region_groups))
        });
        if !ok {
            let wanted = req.data.residency.join(", ");
            return Err(if o.regions.is_empty() {
                format!("the catalog does not say where it runs; data must stay in {wanted}")
            } else {
                format!(
                    "runs in {}, but data must stay in {wanted}",
                    o.regions.join(", ")
                )
            });
        }
    }
    // Prompt size: this host's limit, else the model's; an input cap below
    // the context window is the binding one.
    let window = [
        o.context_window.or(model.context_window),
        o.max_input_tokens.or(model.max_input_tokens),
    ]
    .into_iter()
    .flatten()
    .min();
    match window {
        None => {
            return Err(format!(
                "context window unknown, so it cannot be shown to hold {} tokens",
                fmt_count(req.task.context_tokens)
            ));
        }
        Some(w) if (w as f64) < req.task.context_tokens => {
            return Err(format!(
                "context window {} tokens is below the {} needed",
                fmt_count(w as f64),
                fmt_count(req.task.context_tokens)
            ));
        }
        Some(_) => {}
    }
    if let Some(max_out) = o.max_output_tokens.or(model.max_output_tokens)
        && (max_out as f64) < req.volume.output_tokens
    {
        return Err(format!(
            "at most {} output tokens, below the {} per request needed",
            fmt_count(max_out as f64),
            fmt_count(req.volume.output_tokens)
        ));
    }
    // Latency limits are hard (SPEC §9): hosted offerings by the catalog's
    // figures, unknown = excluded; self-hosted ones by the capacity model.
    if o.kind != OfferingKind::SelfHosted {
        // Traffic that all goes through a batch API never waits for a first
        // token (issue 11).
        if let Some(limit) = req.latency.ttft_ms
            && req.batch_share() < 1.0
        {
            match model.speed.ttft_ms {
                Some(ttft) if ttft > limit => {
                    return Err(format!(
                        "typical time to first token {} ms exceeds the {} ms allowed",
                        fmt_count(ttft.round()),
                        fmt_count(limit.round())
                    ));
                }
                Some(_) => {}
                None => {
                    return Err(format!(
                        "time to first token unknown (no catalog figure), so the {} ms limit cannot be shown to hold",
                        fmt_count(limit.round())
                    ));
                }
            }
        }
        if let Some(min) = req.latency.output_tps {
            match model.speed.output_tps {
                Some(tps) if tps < min => {
                    return Err(format!(
                        "typical output speed {tps} tokens/s is below the {min} required"
                    ));
                }
                Some(_) => {}
                None => {
                    return Err(format!(
                        "output speed unknown (no catalog figure), so the {min} tokens/s minimum cannot be shown to hold"
                    ));
                }
            }
        }
    }
    Ok(local || local_share == 0.0)
}

/// Whether offering region `region` satisfies allowed region `allowed`:
/// the same id, a sub-region (`eu-west-1` in `eu`), or a member of the group
/// (`au` in `apac`, from the rules' `region_groups`).
pub fn region_matches(allowed: &str, region: &str, groups: &BTreeMap<String, Vec<String>>) -> bool {
    let allowed = allowed.to_ascii_lowercase();
    let region = region.to_ascii_lowercase();
    region == allowed
        || region.starts_with(&format!("{allowed}-"))
        || groups.get(&allowed).is_some_and(|members| {
            members
                .iter()
                .any(|m| region == *m || region.starts_with(&format!("{m}-")))
        })
}

fn contains(list: &[String], value: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(value))
}

fn modality_name(m: Modality) -> &'static str {
    match m {
        Modality::Text => "text",
        Modality::Image => "image",
        Modality::Audio => "audio",
        Modality::Video => "video",
        Modality::Pdf => "PDF",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions() {
        let groups: BTreeMap<String, Vec<String>> =
            [("apac".to_owned(), vec!["au".to_owned(), "jp".to_owned()])].into();
        assert!(region_matches("eu", "eu", &groups));
        assert!(region_matches("eu", "eu-west-1", &groups));
        assert!(region_matches("apac", "jp", &groups));
        assert!(!region_matches("eu", "global", &groups));
        assert!(region_matches("us", "us-gov-east-1", &groups));
        assert!(!region_matches("eu", "europe", &groups));
    }
}
