//! The evaluation budget of a rule expression.
//!
//! The CEL interpreter has no budget of its own: a rules file of 1.2 KB with
//! nested comprehensions (`l.map(a, l.map(b, l.map(c, …)))`) runs for hours
//! or allocates until the process aborts. So before every evaluation the
//! expression's cost is bounded from its tree and the sizes of the values it
//! will see (the actual `req` and `model`), and an expression whose bound is
//! past the budget is refused with `rule-too-expensive` instead of run.
//!
//! The bound is an over-estimate that is cheap to compute: every list is
//! assumed as long as its whole value (a list of `n` cells has at most `n`
//! elements), each comprehension multiplies its body's cost by that length,
//! and a concatenation costs (and holds) the sum of its operands. CEL macros
//! (`map`, `filter`, `all`, `exists`, `exists_one`) only ever grow their
//! accumulator by one body result per step, which the bound follows.

use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue};

/// Most evaluation steps one expression may take (comprehension steps,
/// operators, and cells copied by concatenation). Real rules take a few
/// thousand against a large model.
pub const MAX_STEPS: u64 = 2_000_000;

/// Largest value (list cells plus string bytes) one expression may build.
pub const MAX_VALUE_SIZE: u64 = 1_000_000;

/// The estimated cost of an expression: steps taken and size of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub steps: u64,
    pub size: u64,
}

impl Cost {
    /// A message if the cost is past the budget.
    pub fn over_budget(self) -> Option<String> {
        if self.steps > MAX_STEPS {
            Some(format!(
                "the expression may take about {} evaluation steps; the budget is {MAX_STEPS}",
                self.steps
            ))
        } else if self.size > MAX_VALUE_SIZE {
            Some(format!(
                "the expression may build a value of about {} elements; the budget is {MAX_VALUE_SIZE}",
                self.size
            ))
        } else {
            None
        }
    }
}

/// The size of a value as the budget counts it: one per scalar, list and
/// map, plus the bytes of strings and keys.
pub fn size_of(v: &serde_json::Value) -> u64 {
    match v {
        serde_json::Value::String(s) => 1 + s.len() as u64,
        serde_json::Value::Array(a) => a.iter().fold(1, |n, v| n.saturating_add(size_of(v))),
        serde_json::Value::Object(m) => m.iter().fold(1, |n, (k, v)| {
            n.saturating_add(k.len() as u64).saturating_add(size_of(v))
        }),
        _ => 1,
    }
}

/// Estimates `e` where the variables `vars` (`req`, `model`) hold the given
/// values.
pub fn estimate(e: &IdedExpr, vars: &[(&str, &serde_json::Value)]) -> Cost {
    let mut scope: Vec<(String, Abstract)> = vars
        .iter()
        .map(|(n, v)| ((*n).to_owned(), Abstract::of(vec![v])))
        .collect();
    let a = eval(e, &mut scope);
    Cost {
        steps: a.steps,
        size: a.size,
    }
}

/// What the estimate knows of a value: the steps that computed it, its size,
/// how many elements it can have and how large each is, and — for fields of
/// `req` and `model` — the actual values it can be.
#[derive(Debug, Clone)]
struct Abstract<'v> {
    steps: u64,
    size: u64,
    elems: u64,
    elem: u64,
    values: Vec<&'v serde_json::Value>,
}

impl<'v> Abstract<'v> {
    /// A value of `size` built in `steps`, of unknown shape.
    fn opaque(steps: u64, size: u64) -> Self {
        Abstract {
            steps,
            size,
            elems: size,
            elem: size,
            values: Vec::new(),
        }
    }

    /// One of the actual `values`, read in one step.
    fn of(values: Vec<&'v serde_json::Value>) -> Self {
        let children = |v: &'v serde_json::Value| -> Vec<&'v serde_json::Value> {
            match v {
                serde_json::Value::Array(a) => a.iter().collect(),
                serde_json::Value::Object(m) => m.values().collect(),
                _ => Vec::new(),
            }
        };
        Abstract {
            steps: 1,
            size: values.iter().map(|v| size_of(v)).max().unwrap_or(1),
            elems: values
                .iter()
                .map(|v| children(v).len() as u64)
                .max()
                .unwrap_or(0),
            elem: values
                .iter()
                .flat_map(|v| children(v))
                .map(size_of)
                .max()
                .unwrap_or(1),
            values,
        }
    }

    /// Any element of this value (the iteration variable of a comprehension).
    fn element(&self) -> Abstract<'v> {
        if self.values.is_empty() {
            return Abstract::opaque(1, self.elem);
        }
        let elements = self
            .values
            .iter()
            .flat_map(|v| match v {
                serde_json::Value::Array(a) => a.iter().collect::<Vec<_>>(),
                serde_json::Value::Object(m) => m.values().collect(),
                _ => Vec::new(),
            })
            .collect();
        Abstract::of(elements)
    }
}

fn eval<'v>(e: &IdedExpr, scope: &mut Vec<(String, Abstract<'v>)>) -> Abstract<'v> {
    match &e.expr {
        Expr::Literal(LiteralValue::String(s)) => Abstract::opaque(1, 1 + s.len() as u64),
        Expr::Literal(LiteralValue::Bytes(b)) => Abstract::opaque(1, 1 + b.len() as u64),
        Expr::Literal(_) | Expr::Unspecified => Abstract::opaque(1, 1),
        Expr::Ident(name) => scope
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, a)| Abstract {
                steps: 1,
                ..a.clone()
            })
            .unwrap_or_else(|| Abstract::opaque(1, 1)),
        Expr::Select(sel) => {
            let operand = eval(&sel.operand, scope);
            let steps = operand.steps.saturating_add(1);
            if sel.test {
                return Abstract::opaque(steps, 1);
            }
            if operand.values.is_empty() {
                // A field is at most as large as the value it is taken from.
                return Abstract::opaque(steps, operand.size);
            }
            let fields = operand
                .values
                .iter()
                .filter_map(|v| v.get(&sel.field))
                .collect();
            Abstract {
                steps,
                ..Abstract::of(fields)
            }
        }
        Expr::Call(call) => {
            let mut parts: Vec<Abstract> = Vec::with_capacity(call.args.len() + 1);
            for operand in call.target.iter().map(|t| &**t).chain(&call.args) {
                parts.push(eval(operand, scope));
            }
            let steps = parts.iter().fold(1u64, |n, c| n.saturating_add(c.steps));
            let total = parts.iter().fold(0u64, |n, c| n.saturating_add(c.size));
            match call.func_name.as_str() {
                // Concatenation copies both operands.
                "_+_" => Abstract {
                    steps: steps.saturating_add(total),
                    size: total,
                    elems: parts.iter().fold(0u64, |n, c| n.saturating_add(c.elems)),
                    elem: parts.iter().map(|c| c.elem).max().unwrap_or(1),
                    values: Vec::new(),
                },
                // Comparisons, membership and string functions scan their
                // operands; the result is small.
                "_==_" | "_!=_" | "@in" | "contains" | "startsWith" | "endsWith" | "matches"
                | "size" | "_<_" | "_<=_" | "_>_" | "_>=_" | "_&&_" | "_||_" | "!_" => {
                    Abstract::opaque(steps.saturating_add(total), 1)
                }
                // Indexing gives an element; the conditional one branch.
                "_[_]" => Abstract {
                    steps,
                    ..parts
                        .first()
                        .map_or_else(|| Abstract::opaque(1, 1), Abstract::element)
                },
                "_?_:_" => Abstract::opaque(steps, parts.iter().map(|c| c.size).max().unwrap_or(1)),
                // Anything else (conversions, max, min) is bounded by all its
                // operands together.
                _ => Abstract::opaque(steps.saturating_add(total), total.max(1)),
            }
        }
        Expr::List(list) => {
            let items: Vec<Abstract> = list.elements.iter().map(|e| eval(e, scope)).collect();
            Abstract {
                steps: items.iter().fold(1u64, |n, c| n.saturating_add(c.steps)),
                size: items.iter().fold(1u64, |n, c| n.saturating_add(c.size)),
                elems: items.len() as u64,
                elem: items.iter().map(|c| c.size).max().unwrap_or(1),
                values: Vec::new(),
            }
        }
        Expr::Map(map) => {
            let mut parts = Vec::new();
            for entry in &map.entries {
                if let EntryExpr::MapEntry(me) = &entry.expr {
                    parts.push(eval(&me.key, scope));
                    parts.push(eval(&me.value, scope));
                }
            }
            Abstract::opaque(
                parts.iter().fold(1u64, |n, c| n.saturating_add(c.steps)),
                parts.iter().fold(1u64, |n, c| n.saturating_add(c.size)),
            )
        }
        Expr::Struct(s) => {
            let parts: Vec<Abstract> = s
                .entries
                .iter()
                .filter_map(|entry| match &entry.expr {
                    EntryExpr::StructField(f) => Some(eval(&f.value, scope)),
                    _ => None,
                })
                .collect();
            Abstract::opaque(
                parts.iter().fold(1u64, |n, c| n.saturating_add(c.steps)),
                parts.iter().fold(1u64, |n, c| n.saturating_add(c.size)),
            )
        }
        Expr::Comprehension(comp) => {
            let range = eval(&comp.iter_range, scope);
            let init = eval(&comp.accu_init, scope);
            let n = range.elems;
            let before = scope.len();
            scope.push((comp.iter_var.clone(), range.element()));
            if let Some(v) = &comp.iter_var2 {
                scope.push((v.clone(), range.element()));
            }
            // One step with the initial accumulator tells how much a step
            // adds to it; after `n` steps it holds at most `n` times that.
            scope.push((comp.accu_var.clone(), Abstract::opaque(1, init.size)));
            let first = eval(&comp.loop_step, scope);
            let growth = first.size.saturating_sub(init.size);
            let accu = init.size.saturating_add(n.saturating_mul(growth));
            scope.pop();
            scope.push((comp.accu_var.clone(), Abstract::opaque(1, accu)));
            let step = eval(&comp.loop_step, scope);
            let cond = eval(&comp.loop_cond, scope);
            let result = eval(&comp.result, scope);
            scope.truncate(before);
            let per_step = step.steps.saturating_add(cond.steps).saturating_add(1);
            let size = result.size.max(1);
            Abstract {
                steps: range
                    .steps
                    .saturating_add(init.steps)
                    .saturating_add(n.saturating_mul(per_step))
                    .saturating_add(result.steps),
                size,
                elems: n.min(size),
                elem: growth.clamp(1, size),
                values: Vec::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate_of(expr: &str) -> Cost {
        let program = cel::Program::compile(expr).expect("compiles");
        let req = serde_json::json!({
            "task": {"type": "chat", "context_tokens": 8000},
            "constraints": {"regions": ["eu", "us"]},
        });
        let offering = serde_json::json!({"region": "eu", "kind": "api", "price": 1.0});
        let model = serde_json::json!({
            "context_window": 128000,
            "weights": "open",
            "offerings": vec![offering; 30],
        });
        estimate(program.expression(), &[("req", &req), ("model", &model)])
    }

    #[test]
    fn ordinary_rules_are_cheap() {
        for expr in [
            "req.task.type == 'chat'",
            "model.offerings.exists(o, o.region in req.constraints.regions)",
            "model.context_window >= req.task.context_tokens && model.weights == 'open'",
        ] {
            let c = estimate_of(expr);
            assert!(c.over_budget().is_none(), "{expr}: {c:?}");
        }
    }

    #[test]
    fn nested_comprehensions_are_refused() {
        let list = "[1,2,3,4,5,6,7,8,9,10]";
        let nested = format!(
            "{list}.map(a, {list}.map(b, {list}.map(c, {list}.map(d, {list}.map(e, {list}.map(f, {list}))))))"
        );
        let c = estimate_of(&nested);
        assert!(c.over_budget().is_some(), "{c:?}");
        // Nested walks over the model's own lists multiply as well.
        let walk =
            "model.offerings.all(a, model.offerings.all(b, model.offerings.exists(c, a == b)))";
        let c = estimate_of(walk);
        assert!(c.steps > 30 * 30 * 30, "{c:?}");
    }

    #[test]
    fn the_bound_is_not_below_the_real_size() {
        // `l.map(x, l)` really builds n*n cells: the bound must say so.
        let c = estimate_of("[1,2,3].map(x, [1,2,3])");
        assert!(c.size >= 9, "{c:?}");
    }
}
