//! What would change the answer, lever by lever (SPEC §9
//! `what_would_change.levers`): each lever is moved and the decision run
//! again, and the value where the answer flips is reported. None is
//! guessed: a lever that never flips within its range is not listed.
//!
//! The decision itself is a callback (`Decide`), so this module knows the
//! inputs it moves, not the pipeline that answers.

use schemars::JsonSchema;
use serde::Serialize;

use crate::assumptions::Resolved;
use crate::catalog::{Catalog, OfferingKind};
use crate::num::{fmt_count, fmt_num, fmt_usd, round_to};
use crate::requirements::{GpuOwnership, LatencyClass, Requirements};
use crate::strategy::{Strategy, StrategyKind};

/// The decision's answer, as far as a lever is concerned: the strategy and
/// which model runs where.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub kind: StrategyKind,
    /// `model@self-hosted` or `model@hosted` per route, sorted: the same
    /// model from another host (an API or the vendor's model in your tenant)
    /// is not another answer.
    pub routes: Vec<String>,
    pub monthly_usd: Option<f64>,
    /// The routes in words: `gpt-oss-120b self-hosted on a100-80gb`.
    pub words: String,
}

impl Answer {
    pub fn of(s: &Strategy) -> Answer {
        let mut routes: Vec<String> = s
            .routes
            .iter()
            .map(|r| {
                let place = if r.deployment == "self-hosted" {
                    "self-hosted"
                } else {
                    "hosted"
                };
                format!("{}@{place}", r.model)
            })
            .collect();
        routes.sort();
        routes.dedup();
        let words = s
            .routes
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} ({:.0}%)",
                    r.model,
                    r.deployment,
                    r.host
                        .as_deref()
                        .map_or(String::new(), |h| format!("on {h}")),
                    r.share * 100.0
                )
                .replace("  ", " ")
            })
            .collect::<Vec<_>>()
            .join(", ");
        Answer {
            kind: s.kind,
            routes,
            monthly_usd: s.monthly_cost_usd,
            words,
        }
    }

    /// Whether `other` is a different answer (another strategy, or another
    /// model or deployment on some route).
    fn differs(&self, other: &Option<Answer>) -> bool {
        match other {
            None => true,
            Some(o) => o.kind != self.kind || o.routes != self.routes,
        }
    }

    fn describe(other: &Option<Answer>) -> String {
        match other {
            None => "no plan meets every constraint".to_owned(),
            Some(o) => format!("{}: {}", o.kind.as_str(), o.words),
        }
    }
}

/// One lever that changes the answer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Lever {
    /// `volume`, `cache_hit_share`, `batch_share`, `allow_private_cloud`,
    /// `deadline`, `price`, `own_gpus`.
    pub lever: String,
    /// Its value today.
    pub now: serde_json::Value,
    /// The value at which the answer changes.
    pub flips_at: serde_json::Value,
    /// The answer from there.
    pub answer: String,
    pub statement: String,
    /// For a price lever: the model and host whose prices move.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

impl Lever {
    /// A lever that moves the requirements (no model or host of its own).
    fn new(
        lever: &str,
        now: serde_json::Value,
        flips_at: serde_json::Value,
        answer: String,
        statement: String,
    ) -> Lever {
        Lever {
            lever: lever.to_owned(),
            now,
            flips_at,
            answer,
            statement,
            model: None,
            host: None,
        }
    }
}

/// A JSON number that prints as an integer when it is one.
fn number(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        (v as i64).into()
    } else {
        v.into()
    }
}

/// The inputs of a decision run again, one of them moved.
pub struct Moved<'a> {
    pub req: &'a Requirements,
    pub a: &'a Resolved,
    /// A copy of the run's catalog with one offering's prices scaled and
    /// nothing else changed (the price lever); `None`: the run's catalog.
    pub repriced: Option<Repriced<'a>>,
}

impl<'a> Moved<'a> {
    /// Moved requirements or assumptions, on the run's catalog.
    fn inputs(req: &'a Requirements, a: &'a Resolved) -> Moved<'a> {
        Moved {
            req,
            a,
            repriced: None,
        }
    }
}

/// A copy of the run's catalog, the same models in the same order, where
/// only `model`'s prices moved.
#[derive(Clone, Copy)]
pub struct Repriced<'a> {
    pub catalog: &'a Catalog,
    pub model: &'a str,
}

/// Runs the decision for moved inputs.
pub type Decide<'a> = dyn Fn(Moved) -> Option<Answer> + 'a;

/// What every lever starts from: the chosen plan's inputs and answer, and
/// the decision to run again with one of them moved.
struct Probe<'a, 'd> {
    catalog: &'a Catalog,
    req: &'a Requirements,
    a: &'a Resolved,
    chosen: &'a Strategy,
    now: Answer,
    decide: &'a Decide<'d>,
}

/// The levers of the chosen plan.
pub fn levers(
    catalog: &Catalog,
    req: &Requirements,
    a: &Resolved,
    chosen: &Strategy,
    decide: &Decide<'_>,
) -> Vec<Lever> {
    let p = Probe {
        catalog,
        req,
        a,
        chosen,
        now: Answer::of(chosen),
        decide,
    };
    let mut out = Vec::new();
    for lever in [
        volume,
        cache_share,
        batch_share,
        private_cloud,
        deadline,
        price,
        own_gpus,
    ] {
        lever(&p, &mut out);
    }
    out
}

/// Requirements at another monthly volume (the peak scales with it).
fn at_volume(req: &Requirements, v: f64) -> Requirements {
    let mut r = req.clone();
    let factor = if req.volume.requests_per_month > 0.0 {
        v / req.volume.requests_per_month
    } else {
        1.0
    };
    r.volume.requests_per_month = v;
    r.volume.peak_rps = req.volume.peak_rps.map(|p| p * factor);
    r
}

/// `f` remembering its answers: a lever asks again for values it has
/// tried (the flip it found, the whole number beside it).
fn remembered<'f>(f: impl Fn(f64) -> Option<Answer> + 'f) -> impl Fn(f64) -> Option<Answer> + 'f {
    let seen = std::cell::RefCell::new(Vec::<(u64, Option<Answer>)>::new());
    move |v| {
        if let Some((_, known)) = seen.borrow().iter().find(|(k, _)| *k == v.to_bits()) {
            return known.clone();
        }
        let got = f(v);
        seen.borrow_mut().push((v.to_bits(), got.clone()));
        got
    }
}

/// Bisects between `inside` (same answer) and `outside` (another) for the
/// flip, in `steps` halvings (geometric when `log`).
fn bisect(
    mut inside: f64,
    mut outside: f64,
    steps: u32,
    log: bool,
    differs: &dyn Fn(f64) -> bool,
) -> f64 {
    for _ in 0..steps {
        let mid = if log {
            (inside * outside).sqrt()
        } else {
            (inside + outside) / 2.0
        };
        if differs(mid) {
            outside = mid;
        } else {
            inside = mid;
        }
    }
    outside
}

fn volume(p: &Probe, out: &mut Vec<Lever>) {
    let &Probe {
        req,
        a,
        ref now,
        decide,
        ..
    } = p;
    let current = req.volume.requests_per_month;
    if current <= 0.0 {
        return;
    }
    let answer_at = remembered(|v: f64| decide(Moved::inputs(&at_volume(req, v), a)));
    for (dir, factor) in [("up", 2.0_f64), ("down", 0.5)] {
        let mut inside = current;
        let found = (1..=10).find_map(|k| {
            let v = current * factor.powi(k);
            let got = answer_at(v);
            if now.differs(&got) {
                Some(v)
            } else {
                inside = v;
                None
            }
        });
        let Some(outside) = found else { continue };
        let flip = bisect(inside, outside, 10, true, &|v| now.differs(&answer_at(v)));
        // Whole requests, on the far side of the flip.
        let whole = if dir == "up" {
            flip.ceil()
        } else {
            flip.floor().max(1.0)
        };
        let flip = if now.differs(&answer_at(whole)) {
            whole
        } else {
            flip
        };
        let answer = Answer::describe(&answer_at(flip));
        let statement = format!(
            "at {} {} requests a month ({}× today's volume) the answer becomes {answer}",
            "about",
            fmt_count(flip),
            fmt_num(flip / current)
        );
        out.push(Lever::new(
            "volume",
            number(current),
            number(flip),
            answer,
            statement,
        ));
    }
}

/// A share of the traffic (0..1) that the requirements set: the smallest
/// share above today's that changes the answer, found by bisection.
fn share(
    p: &Probe,
    out: &mut Vec<Lever>,
    (lever, current): (&str, f64),
    set: fn(&mut Requirements, f64),
    say: fn(f64, &str) -> String,
) {
    let &Probe {
        req,
        a,
        ref now,
        decide,
        ..
    } = p;
    let with = remembered(|s: f64| {
        let mut r2 = req.clone();
        set(&mut r2, s);
        decide(Moved::inputs(&r2, a))
    });
    if current >= 1.0 || !now.differs(&with(1.0)) {
        return;
    }
    let flip = bisect(current, 1.0, 10, false, &|s| now.differs(&with(s)));
    let rounded = (flip * 1000.0).ceil() / 1000.0;
    let flip = if now.differs(&with(rounded)) {
        rounded
    } else {
        flip
    };
    let answer = Answer::describe(&with(flip));
    let statement = say(flip, &answer);
    out.push(Lever::new(
        lever,
        number(current),
        number(flip),
        answer,
        statement,
    ));
}

/// The prompt-cache hit share: the costs use the requirements'
/// `volume.cache_hit_share` (normalised from the assumption when the file
/// leaves it out).
fn cache_share(p: &Probe, out: &mut Vec<Lever>) {
    let req = p.req;
    share(
        p,
        out,
        ("cache_hit_share", req.cache_hit_share()),
        |r, s| r.volume.cache_hit_share = Some(s),
        |flip, answer| {
            format!(
                "with {}% of input tokens read from the prompt cache the answer becomes {answer}",
                fmt_num(flip * 100.0)
            )
        },
    );
}

/// The batch share: requests sent through the hosts' batch APIs (results
/// within hours, at their batch prices). Not a lever where someone waits
/// for the answer: a real-time class or a time-to-first-token limit.
fn batch_share(p: &Probe, out: &mut Vec<Lever>) {
    let req = p.req;
    if req.latency.class == LatencyClass::Realtime || req.latency.ttft_ms.is_some() {
        return;
    }
    share(
        p,
        out,
        ("batch_share", req.batch_share()),
        |r, s| r.volume.batch_share = Some(s),
        |flip, answer| {
            format!(
                "with {}% of requests sent through the hosts' batch APIs (volume.batch_share; results within hours) the answer becomes {answer}",
                fmt_num(flip * 100.0)
            )
        },
    );
}

fn private_cloud(p: &Probe, out: &mut Vec<Lever>) {
    let &Probe {
        req,
        a,
        ref now,
        decide,
        ..
    } = p;
    if req.local_share() <= 0.0 || req.data.allow_private_cloud {
        return;
    }
    let mut r = req.clone();
    r.data.allow_private_cloud = true;
    let got = decide(Moved::inputs(&r, a));
    if now.differs(&got) {
        let answer = Answer::describe(&got);
        let statement = format!(
            "allowing the vendor model in your own cloud tenant (data.allow_private_cloud) makes it {answer}{}",
            got.as_ref()
                .and_then(|g| g.monthly_usd)
                .map(|m| format!(" at {} a month", fmt_usd(m)))
                .unwrap_or_default()
        );
        out.push(Lever::new(
            "allow_private_cloud",
            false.into(),
            true.into(),
            answer,
            statement,
        ));
    }
}

fn deadline(p: &Probe, out: &mut Vec<Lever>) {
    let &Probe {
        req,
        a,
        chosen,
        ref now,
        decide,
        ..
    } = p;
    let with = |d: Option<f64>| {
        let mut r = req.clone();
        r.time_to_market_weeks = d;
        decide(Moved::inputs(&r, a))
    };
    // A later deadline admits the slower options, one at a time.
    let mut later: Vec<f64> = chosen
        .options
        .iter()
        .filter_map(|o| o.time_to_market_weeks)
        .filter(|w| req.time_to_market_weeks.is_some_and(|d| *w > d))
        .collect();
    later.sort_by(f64::total_cmp);
    later.dedup();
    // An earlier one rules out the chosen plan.
    let earlier = chosen
        .time_to_market_weeks
        .filter(|w| *w > 0.5)
        .map(|w| round_to(w - 0.5, 1));
    for d in later.into_iter().chain(earlier) {
        let got = with(Some(d));
        if now.differs(&got) {
            let answer = Answer::describe(&got);
            let statement = format!(
                "with a {}-week deadline the answer becomes {answer}",
                fmt_num(d)
            );
            out.push(Lever::new(
                "deadline",
                req.time_to_market_weeks
                    .map_or(serde_json::Value::Null, number),
                number(d),
                answer,
                statement,
            ));
            break;
        }
    }
}

fn price(p: &Probe, out: &mut Vec<Lever>) {
    let &Probe {
        req,
        a,
        chosen,
        ref now,
        decide,
        ..
    } = p;
    for r in chosen
        .routes
        .iter()
        .filter(|r| r.deployment != "self-hosted")
    {
        let scaled = remembered(|f: f64| {
            let mut c = p.catalog.clone();
            for m in c.models.iter_mut().filter(|m| m.id == r.model) {
                for o in m.offerings.iter_mut().filter(|o| {
                    o.kind != OfferingKind::SelfHosted
                        && crate::score::kind_name(o.kind) == r.deployment
                        && o.host == r.host
                }) {
                    for price in [
                        &mut o.input_per_mtok,
                        &mut o.output_per_mtok,
                        &mut o.cached_input_per_mtok,
                    ] {
                        *price = price.map(|v| v * f);
                    }
                    if let Some(lc) = o.long_context.as_mut() {
                        lc.input_per_mtok *= f;
                        lc.output_per_mtok *= f;
                    }
                }
            }
            decide(Moved {
                req,
                a,
                repriced: Some(Repriced {
                    catalog: &c,
                    model: &r.model,
                }),
            })
        });
        // A price rise first (what a buyer fears), then a cut.
        for factor in [2.0_f64, 0.5] {
            let mut inside = 1.0;
            let found = (1..=7).find_map(|k| {
                let f = factor.powi(k);
                if now.differs(&scaled(f)) {
                    Some(f)
                } else {
                    inside = f;
                    None
                }
            });
            let Some(outside) = found else { continue };
            let flip = bisect(inside, outside, 8, true, &|f| now.differs(&scaled(f)));
            let answer = Answer::describe(&scaled(flip));
            let statement = format!(
                "if {} on {} {} its prices {}, the answer becomes {answer}",
                r.model_name,
                r.host.as_deref().unwrap_or("its host"),
                if flip > 1.0 { "raised" } else { "cut" },
                if flip > 2.0 {
                    format!("{}×", fmt_num(flip))
                } else {
                    format!("by {}%", fmt_num((flip - 1.0).abs() * 100.0))
                }
            );
            out.push(Lever {
                model: Some(r.model.clone()),
                host: r.host.clone(),
                ..Lever::new("price", number(1.0), number(flip), answer, statement)
            });
            break;
        }
    }
}

fn own_gpus(p: &Probe, out: &mut Vec<Lever>) {
    let &Probe {
        req,
        a,
        ref now,
        decide,
        ..
    } = p;
    if req.self_hosting.gpus != GpuOwnership::Rent {
        return;
    }
    let mut r = req.clone();
    r.self_hosting.gpus = GpuOwnership::Buy;
    let a2 = a.clone().with_self_hosting(&r.self_hosting);
    let got = decide(Moved::inputs(&r, &a2));
    if now.differs(&got) {
        let answer = Answer::describe(&got);
        let statement = format!(
            "buying the GPUs (amortised over {} months) instead of renting makes it {answer}",
            fmt_num(r.self_hosting.amortization_months)
        );
        out.push(Lever::new(
            "own_gpus",
            "rent".into(),
            "buy".into(),
            answer,
            statement,
        ));
    }
}
