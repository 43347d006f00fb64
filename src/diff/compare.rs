//! The comparison itself: each part of the decision read defensively from
//! both reports, in order of importance.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Aspect, Change, DiffOptions, FailOn, NotCompared};
use crate::num::{fmt_price, fmt_usd};

const NULL: &Value = &Value::Null;

/// Every difference between the reports, most important first, and what
/// could not be compared.
pub(super) fn compare(old: &Value, new: &Value, opts: &DiffOptions) -> Compared {
    let mut d = Differ {
        old,
        new,
        opts,
        changes: Vec::new(),
        not_compared: Vec::new(),
    };
    d.strategy();
    d.routes();
    d.top();
    d.shortlist();
    d.costs();
    d.categories();
    d.exclusions();
    d.scalar(Aspect::Adaptation, "adaptation.technique");
    for key in ["as_of", "sources", "models", "rules"] {
        d.scalar(Aspect::Catalog, &format!("catalog.{key}"));
    }
    d.tree(Aspect::Requirement, "requirements");
    d.tree(Aspect::Assumption, "assumptions");
    d.facts();
    d.levers();
    d.warnings();
    // A stable sort keeps the order within an aspect (the reports' order).
    d.changes.sort_by_key(|c| c.aspect);
    Compared {
        changes: d.changes,
        not_compared: d.not_compared,
    }
}

pub(super) struct Compared {
    pub changes: Vec<Change>,
    pub not_compared: Vec<NotCompared>,
}

/// The value at a dotted path (object keys, list indices); `None` when a key
/// is missing.
pub fn get<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |cur, key| match cur {
        Value::Array(items) => items.get(key.parse::<usize>().ok()?),
        _ => cur.get(key),
    })
}

/// Two JSON values are the same (numbers within rounding).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// A value for a sentence, formatted after the key it sits under.
fn show(key: &str, v: &Value) -> String {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    match v {
        Value::Null => "none".to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) => {
            let Some(x) = n.as_f64() else {
                return n.to_string();
            };
            if leaf.ends_with("_per_mtok") {
                format!("{}/Mtok", fmt_price(x))
            } else if leaf.ends_with("_usd") || leaf.starts_with("usd_") || leaf == "monthly_usd" {
                fmt_usd(x)
            } else if leaf.ends_with("share") {
                pct(x)
            } else {
                n.to_string()
            }
        }
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(o) => {
            // The first few facts of an object (a sizing, a price block).
            let mut parts: Vec<String> = o
                .iter()
                .filter(|(_, v)| !v.is_object() && !v.is_array())
                .take(3)
                .map(|(k, v)| format!("{k} {}", show(k, v)))
                .collect();
            if o.len() > parts.len() {
                parts.push("…".to_owned());
            }
            format!("{{{}}}", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// `old → new`, with the move in percent for money.
fn change_words(path: &str, a: &Value, b: &Value) -> String {
    let mut out = format!("{} → {}", show(path, a), show(path, b));
    if path.ends_with("_usd")
        && let (Some(x), Some(y)) = (a.as_f64(), b.as_f64())
        && x != 0.0
    {
        out.push_str(&format!(" ({:+.1}%)", (y - x) / x.abs() * 100.0));
    }
    out
}

/// A share as a percentage: `14%`, `0.5%`.
fn pct(share: f64) -> String {
    let p = share * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// A route's model and deployment in words: `gpt-oss-120b self-hosted on a100-80gb`.
fn route_words(route: &Value) -> String {
    let model = get(route, "model").map_or("unknown model".to_owned(), |v| show("", v));
    let deployment = get(route, "deployment").map_or("unknown".to_owned(), |v| show("", v));
    let host = get(route, "host").and_then(Value::as_str);
    match host {
        Some(h) if deployment == "self-hosted" => format!("{model} self-hosted on {h}"),
        Some(h) => format!("{model} via {deployment} ({h})"),
        None => format!("{model} via {deployment}"),
    }
}

struct Differ<'a> {
    old: &'a Value,
    new: &'a Value,
    opts: &'a DiffOptions,
    changes: Vec<Change>,
    not_compared: Vec<NotCompared>,
}

impl<'a> Differ<'a> {
    fn push(&mut self, aspect: Aspect, subject: String, old: Value, new: Value, statement: String) {
        let counts = aspect != Aspect::Cost
            && aspect
                .group()
                .is_some_and(|g| self.opts.fail_on.contains(&g));
        self.changes.push(Change {
            aspect,
            subject,
            old,
            new,
            change_pct: None,
            counts,
            statement,
        });
    }

    fn missing(&mut self, path: &str, reason: String) {
        if !self.not_compared.iter().any(|n| n.path == path) {
            self.not_compared.push(NotCompared {
                path: path.to_owned(),
                reason,
            });
        }
    }

    /// Both values at `path`, or a `not_compared` entry naming the side
    /// that lacks it.
    fn both(&mut self, path: &str) -> Option<(&'a Value, &'a Value)> {
        match (get(self.old, path), get(self.new, path)) {
            (Some(a), Some(b)) => Some((a, b)),
            (a, b) => {
                let which = match (a, b) {
                    (None, None) => "either report",
                    (None, _) => "the old report",
                    _ => "the new report",
                };
                self.missing(path, format!("`{path}` is not in {which}"));
                None
            }
        }
    }

    /// The strategy object of each side: `Some(None)` for a report whose
    /// strategy is null (nothing satisfies the constraints).
    fn strategies(&self) -> Option<(Option<&'a Value>, Option<&'a Value>)> {
        let side = |r: &'a Value| get(r, "strategy").map(|s| s.is_object().then_some(s));
        Some((side(self.old)?, side(self.new)?))
    }

    fn strategy(&mut self) {
        let Some((old, new)) = self.both("strategy") else {
            return;
        };
        let kind = |s: &'a Value| -> Option<&'a Value> {
            if s.is_null() {
                Some(NULL)
            } else {
                s.get("kind")
            }
        };
        let (Some(a), Some(b)) = (kind(old), kind(new)) else {
            self.missing(
                "strategy.kind",
                "`strategy.kind` is not in one of the reports".to_owned(),
            );
            return;
        };
        if same(a, b) {
            return;
        }
        let words = |v: &Value| match v {
            Value::Null => "none (nothing satisfies the hard constraints)".to_owned(),
            v => show("", v),
        };
        let why = get(new, "reasons.0")
            .and_then(Value::as_str)
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        self.push(
            Aspect::Strategy,
            "strategy.kind".to_owned(),
            a.clone(),
            b.clone(),
            format!("strategy {} → {}{why}", words(a), words(b)),
        );
    }

    fn routes(&mut self) {
        let Some((old, new)) = self.strategies() else {
            return;
        };
        let routes = |s: Option<&'a Value>| -> Option<Vec<&'a Value>> {
            match s {
                None => Some(Vec::new()),
                Some(s) => Some(s.get("routes")?.as_array()?.iter().collect()),
            }
        };
        let (Some(old_routes), Some(new_routes)) = (routes(old), routes(new)) else {
            self.missing(
                "strategy.routes",
                "`strategy.routes` is not a list in one of the reports".to_owned(),
            );
            return;
        };
        let traffic = |r: &Value| get(r, "traffic").map_or("?".to_owned(), |t| show("", t));
        let find = |routes: &[&'a Value], t: &str| routes.iter().copied().find(|r| traffic(r) == t);
        for o in &old_routes {
            let t = traffic(o);
            match find(&new_routes, &t) {
                None => self.push(
                    Aspect::Route,
                    format!("route {t}"),
                    route_key(o),
                    Value::Null,
                    format!("route `{t}` ({}) is gone", route_summary(o)),
                ),
                Some(n) => {
                    let (a, b) = (route_key(o), route_key(n));
                    if same(&a, &b) {
                        continue;
                    }
                    let mut parts = Vec::new();
                    if !same(&a["model"], &b["model"])
                        || !same(&a["deployment"], &b["deployment"])
                        || !same(&a["host"], &b["host"])
                    {
                        parts.push(format!("{} → {}", route_words(o), route_words(n)));
                    }
                    if !same(&a["share"], &b["share"]) {
                        parts.push(format!(
                            "share {} → {}",
                            show("share", &a["share"]),
                            show("share", &b["share"])
                        ));
                    }
                    self.push(
                        Aspect::Route,
                        format!("route {t}"),
                        a,
                        b,
                        format!("route `{t}`: {}", parts.join("; ")),
                    );
                }
            }
        }
        for n in &new_routes {
            let t = traffic(n);
            if find(&old_routes, &t).is_none() {
                self.push(
                    Aspect::Route,
                    format!("route {t}"),
                    Value::Null,
                    route_key(n),
                    format!("new route `{t}`: {}", route_summary(n)),
                );
            }
        }
    }

    fn top(&mut self) {
        let Some((old, new)) = self.both("candidates") else {
            return;
        };
        let pick = |c: &Value| -> Value {
            let Some(first) = c.get(0) else {
                return Value::Null;
            };
            let mut o = serde_json::Map::new();
            for key in ["id", "deployment", "host"] {
                o.insert(
                    key.to_owned(),
                    first.get(key).cloned().unwrap_or(Value::Null),
                );
            }
            Value::Object(o)
        };
        let (a, b) = (pick(old), pick(new));
        if same(&a, &b) {
            return;
        }
        let words = |v: &Value| {
            if v.is_null() {
                "none".to_owned()
            } else {
                route_words(&serde_json::json!({
                    "model": v["id"], "deployment": v["deployment"], "host": v["host"]
                }))
            }
        };
        let statement = format!("top pick {} → {}", words(&a), words(&b));
        self.push(Aspect::Top, "candidates[0]".to_owned(), a, b, statement);
    }

    fn shortlist(&mut self) {
        let Some((a, b)) = self.both("evals.shortlist") else {
            return;
        };
        if same(a, b) {
            return;
        }
        let ids = |v: &'a Value| -> Vec<&'a str> {
            v.as_array()
                .map(|xs| xs.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default()
        };
        let (old_ids, new_ids) = (ids(a), ids(b));
        let added: Vec<&str> = new_ids
            .iter()
            .copied()
            .filter(|i| !old_ids.contains(i))
            .collect();
        let removed: Vec<&str> = old_ids
            .iter()
            .copied()
            .filter(|i| !new_ids.contains(i))
            .collect();
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!("added {}", added.join(", ")));
        }
        if !removed.is_empty() {
            parts.push(format!("removed {}", removed.join(", ")));
        }
        if parts.is_empty() {
            parts.push(format!(
                "reordered {} → {}",
                old_ids.join(", "),
                new_ids.join(", ")
            ));
        }
        self.push(
            Aspect::Shortlist,
            "evals.shortlist".to_owned(),
            a.clone(),
            b.clone(),
            format!("eval shortlist: {}", parts.join("; ")),
        );
    }

    fn costs(&mut self) {
        // With no strategy on one side the strategy change says it all.
        let Some((Some(old), Some(new))) = self.strategies() else {
            return;
        };
        let tolerance = self.opts.cost_tolerance_pct;
        let counts_cost = self.opts.fail_on.contains(&FailOn::Cost);
        for (key, label) in [
            ("monthly_cost_usd", "monthly cost"),
            ("setup_cost_usd", "setup cost"),
            ("tco_usd", "TCO"),
        ] {
            let path = format!("strategy.{key}");
            let (Some(a), Some(b)) = (old.get(key), new.get(key)) else {
                let which = match old.get(key) {
                    None => "the old report",
                    Some(_) => "the new report",
                };
                self.missing(&path, format!("`{path}` is not in {which}"));
                continue;
            };
            if same(a, b) {
                continue;
            }
            let (change_pct, beyond) = match (a.as_f64(), b.as_f64()) {
                (Some(x), Some(y)) if x != 0.0 => {
                    let p = (y - x) / x.abs() * 100.0;
                    (Some(crate::num::round_to(p, 1)), p.abs() > tolerance)
                }
                _ => (None, true),
            };
            let how = match (change_pct, beyond) {
                (Some(p), true) => format!(" ({p:+.1}%, beyond the {tolerance}% tolerance)"),
                (Some(p), false) => format!(" ({p:+.1}%, within the {tolerance}% tolerance)"),
                (None, _) => String::new(),
            };
            self.changes.push(Change {
                aspect: Aspect::Cost,
                subject: path,
                old: a.clone(),
                new: b.clone(),
                change_pct,
                counts: beyond && counts_cost,
                statement: format!("{label} {} → {}{how}", show(key, a), show(key, b)),
            });
        }
    }

    fn categories(&mut self) {
        let Some((a, b)) = self.both("categories") else {
            return;
        };
        let by_id = |v: &'a Value| -> BTreeMap<String, &'a Value> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| Some((c.get("id")?.as_str()?.to_owned(), c)))
                .collect()
        };
        let (old, new) = (by_id(a), by_id(b));
        for (id, c) in &new {
            if !old.contains_key(id) {
                let why = get(c, "reason")
                    .and_then(Value::as_str)
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default();
                self.push(
                    Aspect::Category,
                    format!("category {id}"),
                    Value::Null,
                    Value::String(id.clone()),
                    format!("category `{id}` now applies{why}"),
                );
            }
        }
        for id in old.keys() {
            if !new.contains_key(id) {
                self.push(
                    Aspect::Category,
                    format!("category {id}"),
                    Value::String(id.clone()),
                    Value::Null,
                    format!("category `{id}` no longer applies"),
                );
            }
        }
    }

    /// The models the old decision chose, each with its role.
    fn chosen(report: &Value) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut add = |id: Option<&str>, role: String| {
            if let Some(id) = id {
                match out.iter_mut().find(|(i, _)| i == id) {
                    Some((_, roles)) => {
                        roles.push_str(", ");
                        roles.push_str(&role);
                    }
                    None => out.push((id.to_owned(), role)),
                }
            }
        };
        for r in get(report, "strategy.routes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let t = get(r, "traffic").and_then(Value::as_str).unwrap_or("?");
            add(
                get(r, "model").and_then(Value::as_str),
                format!("route `{t}`"),
            );
        }
        add(
            get(report, "candidates.0.id").and_then(Value::as_str),
            "top pick".to_owned(),
        );
        out
    }

    fn exclusions(&mut self) {
        let Some((a, b)) = self.both("excluded") else {
            return;
        };
        let reasons = |v: &'a Value| -> BTreeMap<String, Value> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| {
                    Some((
                        e.get("id")?.as_str()?.to_owned(),
                        e.get("reasons").cloned().unwrap_or(Value::Null),
                    ))
                })
                .collect()
        };
        let (old, new) = (reasons(a), reasons(b));
        let chosen = Self::chosen(self.old);
        let new_candidates: Option<BTreeSet<&str>> = {
            let list = get(self.new, "candidates").and_then(Value::as_array);
            let total = get(self.new, "candidates_total").and_then(Value::as_u64);
            // Only a complete candidate list tells a model that is gone.
            list.filter(|l| total == Some(l.len() as u64))
                .map(|l| l.iter().filter_map(|c| c.get("id")?.as_str()).collect())
        };
        for (id, role) in &chosen {
            if let Some(why) = new.get(id).filter(|_| !old.contains_key(id)) {
                self.push(
                    Aspect::Exclusion,
                    id.clone(),
                    Value::Null,
                    why.clone(),
                    format!(
                        "{id} ({role}) is now excluded: {}",
                        show("", why).replace(", ", "; ")
                    ),
                );
            } else if !new.contains_key(id)
                && new_candidates
                    .as_ref()
                    .is_some_and(|c| !c.contains(id.as_str()))
            {
                self.push(
                    Aspect::Exclusion,
                    id.clone(),
                    Value::String(id.clone()),
                    Value::Null,
                    format!("{id} ({role}) is no longer in the catalog"),
                );
            }
        }
        let is_chosen = |id: &str| chosen.iter().any(|(c, _)| c == id);
        let newly: Vec<&String> = new
            .keys()
            .filter(|id| !old.contains_key(*id) && !is_chosen(id))
            .collect();
        if !newly.is_empty() {
            let ids: Vec<&str> = newly.iter().map(|s| s.as_str()).collect();
            self.push(
                Aspect::Exclusion,
                "excluded".to_owned(),
                Value::Null,
                Value::Object(
                    newly
                        .iter()
                        .map(|id| ((*id).clone(), new[*id].clone()))
                        .collect(),
                ),
                format!("also newly excluded: {}", ids.join(", ")),
            );
        }
        let back: Vec<&str> = old
            .keys()
            .filter(|id| !new.contains_key(*id))
            .map(String::as_str)
            .collect();
        if !back.is_empty() {
            self.push(
                Aspect::Exclusion,
                "excluded".to_owned(),
                Value::from(back.clone()),
                Value::Null,
                format!("no longer excluded: {}", back.join(", ")),
            );
        }
    }

    /// One value compared as a whole.
    fn scalar(&mut self, aspect: Aspect, path: &str) {
        let Some((a, b)) = self.both(path) else {
            return;
        };
        if !same(a, b) {
            self.push(
                aspect,
                path.to_owned(),
                a.clone(),
                b.clone(),
                format!("{path} {} → {}", show(path, a), show(path, b)),
            );
        }
    }

    /// Every leaf under `path` compared.
    fn tree(&mut self, aspect: Aspect, path: &str) {
        let Some((a, b)) = self.both(path) else {
            return;
        };
        let mut leaves = Vec::new();
        leaf_changes(path, a, b, &mut leaves);
        for (p, x, y) in leaves {
            let statement = format!("{p} {}", change_words(&p, x, y));
            self.push(aspect, p, x.clone(), y.clone(), statement);
        }
    }

    /// The facts behind the decision: for each chosen model (old or new),
    /// its prices, quality and latency as each report shows them, and each
    /// unchanged route's cost, quality and sizing.
    fn facts(&mut self) {
        let candidate = |r: &'a Value, id: &str| -> Option<&'a Value> {
            get(r, "candidates")?
                .as_array()?
                .iter()
                .find(|c| c.get("id").and_then(Value::as_str) == Some(id))
        };
        let mut ids: Vec<String> = Self::chosen(self.old).into_iter().map(|c| c.0).collect();
        for (id, _) in Self::chosen(self.new) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        for id in &ids {
            let (Some(a), Some(b)) = (candidate(self.old, id), candidate(self.new, id)) else {
                continue;
            };
            let mut leaves = Vec::new();
            for key in [
                "cost",
                "quality",
                "quality_source",
                "quality_basis",
                "quality_range",
                "latency",
            ] {
                if let (Some(x), Some(y)) = (a.get(key), b.get(key)) {
                    fact_leaves(key, x, y, &mut leaves);
                }
            }
            let quality_changed = leaves.iter().any(|(p, _, _)| p.starts_with("quality"));
            for (p, x, y) in leaves {
                let statement = format!("{id}: {p} {}", change_words(&p, x, y));
                self.push(
                    Aspect::Fact,
                    format!("{id} {p}"),
                    x.clone(),
                    y.clone(),
                    statement,
                );
            }
            // The benchmarks behind a quality change are shown in the
            // candidate's quality reason.
            let why = |c: &'a Value| -> Option<&'a str> {
                get(c, "reasons")?
                    .as_array()?
                    .iter()
                    .filter_map(Value::as_str)
                    .find(|r| r.starts_with("quality"))
            };
            if quality_changed && let (Some(was), Some(now)) = (why(a), why(b)) {
                self.push(
                    Aspect::Fact,
                    format!("{id} quality reason"),
                    Value::String(was.to_owned()),
                    Value::String(now.to_owned()),
                    format!("{id} was: {was}; now: {now}"),
                );
            }
        }
        // The plan's own figures behind its cost (the parts of the running
        // cost, the baseline, the time to market), when both reports have a plan.
        if let Some((Some(a), Some(b))) = self.strategies() {
            let mut leaves = Vec::new();
            for key in [
                "cost_parts",
                "pure_api_monthly_cost_usd",
                "time_to_market_weeks",
            ] {
                if let (Some(x), Some(y)) = (a.get(key), b.get(key)) {
                    fact_leaves(&format!("strategy.{key}"), x, y, &mut leaves);
                }
            }
            for (p, x, y) in leaves {
                let statement = format!("{p} {}", change_words(&p, x, y));
                self.push(Aspect::Fact, p, x.clone(), y.clone(), statement);
            }
        }
        let routes = |r: &'a Value| -> Vec<&'a Value> {
            get(r, "strategy.routes")
                .and_then(Value::as_array)
                .map(|rs| rs.iter().collect())
                .unwrap_or_default()
        };
        for o in routes(self.old) {
            let key = route_key(o);
            let Some(n) = routes(self.new)
                .into_iter()
                .find(|n| same(&route_key(n), &key))
            else {
                continue;
            };
            let t = show("", &key["traffic"]);
            let mut leaves = Vec::new();
            for k in ["monthly_cost_usd", "quality", "sizing"] {
                if let (Some(x), Some(y)) = (o.get(k), n.get(k)) {
                    fact_leaves(k, x, y, &mut leaves);
                }
            }
            for (p, x, y) in leaves {
                let statement = format!("route `{t}`: {p} {}", change_words(&p, x, y));
                self.push(
                    Aspect::Fact,
                    format!("route {t} {p}"),
                    x.clone(),
                    y.clone(),
                    statement,
                );
            }
        }
    }

    /// The levers that would change the answer, matched by name: a new
    /// threshold, a new answer, a lever that appeared or went.
    fn levers(&mut self) {
        let path = "what_would_change.levers";
        let (Some(a), Some(b)) = (get(self.old, path), get(self.new, path)) else {
            return;
        };
        let by_name = |v: &'a Value| -> Vec<(String, &'a Value)> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| Some((l.get("lever")?.as_str()?.to_owned(), l)))
                .collect()
        };
        let (old, new) = (by_name(a), by_name(b));
        let statement = |l: &Value| get(l, "statement").map_or_else(String::new, |s| show("", s));
        for (name, n) in &new {
            match old.iter().find(|(o, _)| o == name) {
                Some((_, o))
                    if ["flips_at", "answer"]
                        .iter()
                        .all(|k| same(o.get(*k).unwrap_or(NULL), n.get(*k).unwrap_or(NULL))) => {}
                Some((_, o)) => self.push(
                    Aspect::Lever,
                    format!("lever {name}"),
                    (*o).clone(),
                    (*n).clone(),
                    format!("lever `{name}`: {} (was: {})", statement(n), statement(o)),
                ),
                None => self.push(
                    Aspect::Lever,
                    format!("lever {name}"),
                    Value::Null,
                    (*n).clone(),
                    format!("lever `{name}` now changes the answer: {}", statement(n)),
                ),
            }
        }
        for (name, o) in &old {
            if !new.iter().any(|(n, _)| n == name) {
                self.push(
                    Aspect::Lever,
                    format!("lever {name}"),
                    (*o).clone(),
                    Value::Null,
                    format!(
                        "lever `{name}` no longer changes the answer (was: {})",
                        statement(o)
                    ),
                );
            }
        }
    }

    fn warnings(&mut self) {
        for path in ["warnings", "strategy.warnings"] {
            let (Some(a), Some(b)) = (get(self.old, path), get(self.new, path)) else {
                continue;
            };
            let set = |v: &'a Value| -> Vec<&'a str> {
                v.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect()
            };
            let (old, new) = (set(a), set(b));
            for w in new.iter().filter(|w| !old.contains(w)) {
                self.push(
                    Aspect::Warning,
                    path.to_owned(),
                    Value::Null,
                    Value::String((*w).to_owned()),
                    format!("new warning: {w}"),
                );
            }
            for w in old.iter().filter(|w| !new.contains(w)) {
                self.push(
                    Aspect::Warning,
                    path.to_owned(),
                    Value::String((*w).to_owned()),
                    Value::Null,
                    format!("warning gone: {w}"),
                );
            }
        }
    }
}

/// What identifies a route's choice: traffic, share, model, deployment, host.
fn route_key(route: &Value) -> Value {
    let mut o = serde_json::Map::new();
    for key in ["traffic", "share", "model", "deployment", "host"] {
        o.insert(
            key.to_owned(),
            route.get(key).cloned().unwrap_or(Value::Null),
        );
    }
    Value::Object(o)
}

/// `30% on gpt-oss-120b self-hosted on a100-80gb`.
fn route_summary(route: &Value) -> String {
    let share = get(route, "share").map_or("?".to_owned(), |s| show("share", s));
    format!("{share}, {}", route_words(route))
}

/// [`leaf_changes`] without prose (notes, derivation steps): it restates
/// the figures that are compared on their own.
fn fact_leaves<'v>(
    path: &str,
    a: &'v Value,
    b: &'v Value,
    out: &mut Vec<(String, &'v Value, &'v Value)>,
) {
    let prose = |v: &Value| match v {
        Value::String(s) => s.len() > 60,
        Value::Array(items) => items.iter().any(Value::is_string),
        _ => false,
    };
    let mut leaves = Vec::new();
    leaf_changes(path, a, b, &mut leaves);
    out.extend(
        leaves
            .into_iter()
            .filter(|(_, x, y)| !prose(x) && !prose(y)),
    );
}

/// The leaves that differ between `a` and `b` (objects key by key, lists
/// compared whole), with their dotted paths.
fn leaf_changes<'v>(
    path: &str,
    a: &'v Value,
    b: &'v Value,
    out: &mut Vec<(String, &'v Value, &'v Value)>,
) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                leaf_changes(&format!("{path}.{k}"), v, y.get(k).unwrap_or(NULL), out);
            }
            for (k, w) in y {
                if !x.contains_key(k) {
                    leaf_changes(&format!("{path}.{k}"), NULL, w, out);
                }
            }
        }
        _ if same(a, b) => {}
        _ => out.push((path.to_owned(), a, b)),
    }
}
