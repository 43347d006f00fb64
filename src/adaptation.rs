//! The adaptation ladder (SPEC §5, the seed's "Adaptation techniques"):
//! prompting → RAG → fine-tuning → training from scratch. Go as deep as
//! necessary, stay as shallow as possible: each rung is taken only when the
//! requirements need it, and the report says why this rung and not the next.

use schemars::JsonSchema;
use serde::Serialize;

use crate::assumptions::Resolved;
use crate::catalog::Catalog;
use crate::num::{fmt_count, fmt_usd, ser_num, ser_opt_num, usd};
use crate::requirements::{KnowledgeChanges, Requirements};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Technique {
    Prompting,
    Rag,
    FineTuning,
    FromScratch,
}

impl Technique {
    pub fn as_str(self) -> &'static str {
        match self {
            Technique::Prompting => "prompting",
            Technique::Rag => "rag",
            Technique::FineTuning => "fine-tuning",
            Technique::FromScratch => "from-scratch",
        }
    }
}

/// The advice (SPEC §6 `adaptation`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AdaptationAdvice {
    /// The deepest rung the requirements need.
    pub technique: Technique,
    /// Shallower rungs used alongside it (e.g. RAG with fine-tuning).
    pub also: Vec<Technique>,
    /// Why this rung, and why not the next one.
    pub reasons: Vec<String>,
    /// The adaptation's own share of the setup (RAG pipeline, fine-tuning,
    /// training), included in the strategy's setup.
    #[serde(serialize_with = "ser_num")]
    pub setup_cost_usd: f64,
    #[serde(serialize_with = "ser_num")]
    pub setup_weeks: f64,
    /// Costed parts beyond the setup components (a from-scratch run), added
    /// to every strategy's setup.
    #[serde(skip)]
    pub setup_parts: Vec<crate::setup::SetupPart>,
    /// Estimated cost of training from scratch, for the record.
    #[serde(serialize_with = "ser_opt_num")]
    pub from_scratch_cost_usd: Option<f64>,
}

/// The estimated cost of the assumed from-scratch training run: compute
/// (6 × parameters × tokens FLOPs at the assumed utilisation on the assumed
/// GPU at its catalog price) plus engineering.
pub fn from_scratch_cost(a: &Resolved, catalog: &Catalog) -> Option<(f64, String)> {
    let t = a.training()?;
    let (params, tokens, tflops, mfu, gpu) = (
        t.params_b?,
        t.tokens_b?,
        t.gpu_bf16_tflops?,
        t.mfu?,
        t.gpu.as_deref()?,
    );
    let price = catalog.gpu(gpu)?.usd_per_gpu_hour?;
    let flops = 6.0 * params * 1e9 * tokens * 1e9;
    let gpu_hours = flops / (tflops * 1e12 * mfu) / 3600.0;
    let compute = gpu_hours * price;
    let engineering = t.engineering_weeks.unwrap_or(0.0) * a.engineering_usd_per_week;
    let basis = format!(
        "a {params}B-parameter model on {}B tokens: {:.1e} FLOPs = {} GPU-hours on {gpu} at {} = {}, plus {} of engineering",
        fmt_count(tokens),
        flops,
        fmt_count(gpu_hours.round()),
        fmt_usd(price),
        fmt_usd(compute),
        fmt_usd(engineering)
    );
    Some((usd(compute + engineering), basis))
}

/// Chooses the rung.
pub fn advise(req: &Requirements, a: &Resolved, catalog: &Catalog) -> AdaptationAdvice {
    advise_where(req, a, catalog, true)
}

/// Chooses the rung when no deployment the constraints allow can serve
/// tuned weights: the ladder stops below fine-tuning and says why (issue 10
/// item 8).
pub fn advise_without_tuned_weights(
    req: &Requirements,
    a: &Resolved,
    catalog: &Catalog,
) -> AdaptationAdvice {
    advise_where(req, a, catalog, false)
}

impl AdaptationAdvice {
    /// Whether the plan builds a retrieval pipeline.
    pub fn uses_rag(&self) -> bool {
        self.technique == Technique::Rag || self.also.contains(&Technique::Rag)
    }
}

fn advise_where(
    req: &Requirements,
    a: &Resolved,
    catalog: &Catalog,
    tuned_weights_servable: bool,
) -> AdaptationAdvice {
    let ad = &req.adaptation;
    let ft = a.fine_tuning();
    let min_examples = ft.and_then(|f| f.min_labeled_examples).unwrap_or(0);
    let changing = matches!(
        ad.knowledge_changes,
        KnowledgeChanges::Monthly | KnowledgeChanges::Daily
    );
    let needs_rag = ad.proprietary_knowledge || changing;
    let enough_examples = ad.labeled_examples >= min_examples;
    let stable = ad.knowledge_changes != KnowledgeChanges::Daily;
    let style_wanted = ad.consistent_style && enough_examples && stable;
    let wants_ft = style_wanted && tuned_weights_servable;
    let scratch = from_scratch_cost(a, catalog);
    let budget = req.budget.setup_usd;
    let can_scratch = ad.strategic_data_advantage
        && matches!((budget, &scratch), (Some(b), Some((c, _))) if b >= *c);

    let mut reasons = Vec::new();
    let technique = if can_scratch {
        Technique::FromScratch
    } else if wants_ft {
        Technique::FineTuning
    } else if needs_rag {
        Technique::Rag
    } else {
        Technique::Prompting
    };

    // Why this rung.
    match technique {
        Technique::Prompting => reasons.push(
            "prompting (zero/few-shot, chain of thought) is enough: no proprietary or changing knowledge, no strict house style"
                .to_owned(),
        ),
        Technique::Rag => reasons.push(format!(
            "RAG: answers depend on {} — retrieve it at query time instead of baking it into weights",
            match (ad.proprietary_knowledge, changing) {
                (true, true) => "your own documents, which change",
                (true, false) => "your own documents",
                _ => "knowledge that changes",
            }
        )),
        Technique::FineTuning => reasons.push(format!(
            "fine-tuning: a consistent style or domain language is required and {} labelled examples are available (at least {} assumed necessary)",
            fmt_count(ad.labeled_examples as f64),
            fmt_count(min_examples as f64)
        )),
        Technique::FromScratch => reasons.push(format!(
            "training from scratch: your data is a strategic advantage and the {} setup budget covers the estimated {}",
            budget.map_or("unknown".to_owned(), fmt_usd),
            scratch.as_ref().map_or("unknown".to_owned(), |s| fmt_usd(s.0))
        )),
    }
    // Why not the next rung.
    match technique {
        Technique::Prompting | Technique::Rag => {
            if technique == Technique::Prompting && !needs_rag {
                reasons.push(
                    "not RAG: no proprietary documents and the knowledge rarely changes".to_owned(),
                );
            }
            let why_not_ft = if style_wanted {
                format!(
                    "a consistent style is wanted, but no deployment the constraints allow can serve tuned weights (self-hosted open weights, or an offering the catalog lists with `fine_tuning`; a shared base-model API cannot): the ladder stops at {} — teach the style with few-shot examples in the prompt, or allow a deployment that serves tuned weights",
                    technique.as_str()
                )
            } else if !ad.consistent_style {
                "no strict house style or output format is required".to_owned()
            } else if !enough_examples {
                format!(
                    "only {} labelled examples (at least {} assumed necessary)",
                    fmt_count(ad.labeled_examples as f64),
                    fmt_count(min_examples as f64)
                )
            } else {
                "the knowledge changes daily: fine-tuned weights would always be stale".to_owned()
            };
            reasons.push(format!("not fine-tuning: {why_not_ft}"));
        }
        Technique::FineTuning => reasons.push(format!(
            "not training from scratch: {}",
            why_not_scratch(req, &scratch)
        )),
        Technique::FromScratch => {}
    }
    if technique == Technique::Rag && ad.consistent_style && changing {
        reasons.push(
            "the knowledge changes, so it belongs in retrieval, not in the weights".to_owned(),
        );
    }
    if (technique == Technique::Prompting || technique == Technique::Rag)
        && ad.strategic_data_advantage
    {
        reasons.push(format!(
            "not training from scratch: {}",
            why_not_scratch(req, &scratch)
        ));
    }
    let mut also = Vec::new();
    if technique >= Technique::FineTuning && needs_rag {
        also.push(Technique::Rag);
        reasons.push(
            "RAG alongside: the adapted model still retrieves your current documents".to_owned(),
        );
    }
    reasons.push("go as deep as necessary, stay as shallow as possible".to_owned());

    // The adaptation's setup components (a.raw.setup), and a from-scratch
    // run as a costed part of its own.
    let component = |name: &str| {
        a.raw.setup.get(name).map_or((0.0, 0.0), |c| {
            let ew = c.engineer_weeks.unwrap_or(0.0);
            (ew * a.engineering_usd_per_week, c.weeks.unwrap_or(ew))
        })
    };
    let rag_part = if needs_rag {
        component("rag_pipeline")
    } else {
        (0.0, 0.0)
    };
    let mut setup_parts = Vec::new();
    let (setup_cost_usd, setup_weeks) = match technique {
        Technique::FromScratch => {
            let cost = scratch.as_ref().map_or(0.0, |s| s.0);
            let weeks = a
                .training()
                .and_then(|t| t.engineering_weeks)
                .unwrap_or(0.0);
            setup_parts.push(crate::setup::SetupPart {
                component: "from_scratch_training".to_owned(),
                engineer_weeks: weeks,
                weeks,
                usd: usd(cost),
            });
            (usd(cost + rag_part.0), weeks + rag_part.1)
        }
        Technique::FineTuning => {
            let ft = component("fine_tuning");
            (usd(ft.0 + rag_part.0), ft.1 + rag_part.1)
        }
        Technique::Rag => (usd(rag_part.0), rag_part.1),
        Technique::Prompting => (0.0, 0.0),
    };
    AdaptationAdvice {
        technique,
        also,
        reasons,
        setup_cost_usd,
        setup_weeks,
        setup_parts,
        from_scratch_cost_usd: scratch.map(|s| s.0),
    }
}

fn why_not_scratch(req: &Requirements, scratch: &Option<(f64, String)>) -> String {
    if !req.adaptation.strategic_data_advantage {
        return "no strategic data advantage to protect".to_owned();
    }
    match (req.budget.setup_usd, scratch) {
        (None, Some((c, basis))) => format!(
            "no setup budget is given; the assumed run costs about {} ({basis})",
            fmt_usd(*c)
        ),
        (Some(b), Some((c, basis))) => format!(
            "the {} setup budget is below the estimated {} ({basis})",
            fmt_usd(b),
            fmt_usd(*c)
        ),
        (_, None) => {
            "the cost of a from-scratch run cannot be estimated from the assumptions".to_owned()
        }
    }
}
