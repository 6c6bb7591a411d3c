//! Semantic difference of two models (render stage): what a legal-staff reader
//! needs to know changed between a stored model and a new parse, or between a
//! plan and its revised version — header fields, outline nodes added, removed or
//! renamed, tasks whose owners or deadline changed, targets added, removed or
//! changed (old → new value, unit, year). Source details (file, hash, line
//! numbers of unchanged items) are not differences.

use crate::compare::{cell_text, indicator_words};
use crate::model::{Model, Node, Target, walk_outline};
use std::collections::HashMap;

/// One difference, as a line a person reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `header`, `node`, `task` or `target`.
    pub area: &'static str,
    pub text: String,
}

fn show<T: std::fmt::Debug>(v: &T) -> String {
    format!("{v:?}").trim_start_matches("Some(").trim_end_matches(')').to_string()
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(60).collect();
    if t.len() < s.len() { format!("{t}…") } else { t }
}

fn node_label(n: &Node) -> String {
    n.heading.clone().or_else(|| n.text.clone()).map(|t| short(&t.replace('\n', " "))).unwrap_or_default()
}

/// The key a target is matched by: its node, indicator and year, and which
/// occurrence of that key it is.
fn target_keys(targets: &[Target]) -> Vec<(String, usize)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    targets
        .iter()
        .map(|t| {
            let when = t.year.map(|y| y.to_string()).or_else(|| t.period.map(|p| format!("{}-{:?}", p.from, p.to))).unwrap_or_default();
            let key = format!("{}|{}|{}", t.node, indicator_words(&t.indicator).join(" "), when);
            let k = seen.entry(key.clone()).or_insert(0);
            *k += 1;
            (key, *k)
        })
        .collect()
}

/// The differences from `old` to `new`, in a stable order.
pub fn diff(old: &Model, new: &Model) -> Vec<Change> {
    let mut out = Vec::new();
    // header
    let (a, b) = (&old.document, &new.document);
    let fields: [(&str, String, String); 8] = [
        ("kind", show(&a.kind), show(&b.kind)),
        ("code", show(&a.code), show(&b.code)),
        ("number", show(&a.number), show(&b.number)),
        ("issuer", show(&a.issuer), show(&b.issuer)),
        ("place", show(&a.place), show(&b.place)),
        ("date", show(&a.date), show(&b.date)),
        ("title", show(&a.title), show(&b.title)),
        ("period", show(&a.period), show(&b.period)),
    ];
    for (name, x, y) in fields {
        if x != y {
            out.push(Change { area: "header", text: format!("{name}: {x} → {y}") });
        }
    }
    // outline
    let nodes = |m: &Model| {
        let mut v: Vec<(String, String)> = Vec::new();
        walk_outline(&m.outline, |n, _| v.push((n.id.clone(), node_label(n))));
        v
    };
    let (on, nn) = (nodes(old), nodes(new));
    let old_map: HashMap<&str, &str> = on.iter().map(|(i, l)| (i.as_str(), l.as_str())).collect();
    let new_map: HashMap<&str, &str> = nn.iter().map(|(i, l)| (i.as_str(), l.as_str())).collect();
    for (id, label) in &on {
        match new_map.get(id.as_str()) {
            None => out.push(Change { area: "node", text: format!("- {id} \"{label}\"") }),
            Some(l) if *l != label => out.push(Change { area: "node", text: format!("~ {id} \"{label}\" → \"{l}\"") }),
            _ => {}
        }
    }
    for (id, label) in &nn {
        if !old_map.contains_key(id.as_str()) {
            out.push(Change { area: "node", text: format!("+ {id} \"{label}\"") });
        }
    }
    // tasks
    let old_tasks: HashMap<&str, &crate::model::Task> = old.tasks.iter().map(|t| (t.id.as_str(), t)).collect();
    let new_tasks: HashMap<&str, &crate::model::Task> = new.tasks.iter().map(|t| (t.id.as_str(), t)).collect();
    for t in &old.tasks {
        match new_tasks.get(t.id.as_str()) {
            None => out.push(Change { area: "task", text: format!("- {} \"{}\"", t.id, short(&t.text)) }),
            Some(n) => {
                if n.lead != t.lead {
                    out.push(Change { area: "task", text: format!("{}: lead {:?} → {:?}", t.id, t.lead, n.lead) });
                }
                if n.support != t.support {
                    out.push(Change { area: "task", text: format!("{}: support {:?} → {:?}", t.id, t.support, n.support) });
                }
                let dl = |d: &Option<crate::model::Deadline>| d.as_ref().map(|d| (d.text.clone(), d.year, d.from, d.to, d.month, d.quarter, d.by.clone(), d.recurring.clone(), d.continuous));
                if dl(&n.deadline) != dl(&t.deadline) {
                    let txt = |d: &Option<crate::model::Deadline>| d.as_ref().and_then(|d| d.text.clone()).unwrap_or_else(|| "-".into());
                    out.push(Change { area: "task", text: format!("{}: deadline {} → {}", t.id, txt(&t.deadline), txt(&n.deadline)) });
                }
                if n.sector != t.sector {
                    out.push(Change { area: "task", text: format!("{}: sector {} → {}", t.id, show(&t.sector), show(&n.sector)) });
                }
            }
        }
    }
    for t in &new.tasks {
        if !old_tasks.contains_key(t.id.as_str()) {
            out.push(Change { area: "task", text: format!("+ {} \"{}\"", t.id, short(&t.text)) });
        }
    }
    // targets
    let (ok, nk) = (target_keys(&old.targets), target_keys(&new.targets));
    let new_index: HashMap<&(String, usize), usize> = nk.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let old_index: HashMap<&(String, usize), usize> = ok.iter().enumerate().map(|(i, k)| (k, i)).collect();
    for (i, k) in ok.iter().enumerate() {
        let t = &old.targets[i];
        match new_index.get(k) {
            None => out.push(Change { area: "target", text: format!("- {} \"{}\": {}", t.node, short(&t.indicator), cell_text(t)) }),
            Some(&j) => {
                let n = &new.targets[j];
                if (n.value, n.low, n.high, n.comparator, &n.unit, n.year, n.period) != (t.value, t.low, t.high, t.comparator, &t.unit, t.year, t.period) {
                    out.push(Change { area: "target", text: format!("{} \"{}\": {} → {}", t.node, short(&t.indicator), cell_text(t), cell_text(n)) });
                }
            }
        }
    }
    for (j, k) in nk.iter().enumerate() {
        if !old_index.contains_key(k) {
            let n = &new.targets[j];
            out.push(Change { area: "target", text: format!("+ {} \"{}\": {}", n.node, short(&n.indicator), cell_text(n)) });
        }
    }
    out
}

/// The differences as text, grouped by area, or nothing when there are none.
pub fn render(name: &str, changes: &[Change]) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut out = format!("== {name}: {} change(s)\n", changes.len());
    for area in ["header", "node", "task", "target"] {
        for c in changes.iter().filter(|c| c.area == area) {
            out.push_str(&format!("  {area:<6} {}\n", c.text));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_target_value_is_named_with_old_and_new() {
        let old = crate::parse_str("a.txt", "I. MỤC TIÊU\n1. Năm 2020, tỷ lệ hồ sơ trực tuyến đạt 30%.\n");
        let new = crate::parse_str("a.txt", "I. MỤC TIÊU\n1. Năm 2020, tỷ lệ hồ sơ trực tuyến đạt 35%.\n");
        let d = diff(&old, &new);
        assert_eq!(d.len(), 2, "{d:?}"); // the node's text and the target
        assert!(d.iter().any(|c| c.area == "target" && c.text.contains("30 % (2020) → 35 % (2020)")), "{d:?}");
        assert!(diff(&old, &old).is_empty());
    }
}
