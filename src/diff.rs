//! What changed between two models (render stage, for `diff` and `check`): a stored
//! model and a new parse, or a plan and its revised version.
//!
//! In: two models. Out: a list of [`Change`]s, the ones legal staff act on first
//! (owners, deadlines, target values), then the structure (nodes inserted, deleted,
//! renumbered, moved), then the words (every heading and text compared word by
//! word, nothing cut to a prefix), then references and diagnostics.
//!
//! Nodes are matched by id when their content agrees, then by content when ids
//! shift (a section inserted before others renumbers them: "III.4 → III.5
//! (renumbered)", not a cascade of removals), then by id again for nodes whose
//! words changed; what is left was inserted or deleted, reported once for its whole
//! subtree. Word differences come from `similar` (Patience algorithm with a
//! deadline, so two unrelated large plans still diff in bounded time). Source
//! details (file, hash, line numbers) are not differences.

use crate::compare::{cell_text, indicator_words};
use crate::model::{Model, Node, Target, walk_outline};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// What changed: `task-lead`, `task-support`, `task-deadline`, `target-changed`,
    /// `header`, `node-inserted`, `node-deleted`, `node-renumbered`, `node-moved`,
    /// `node-heading`, `node-text`, `task-text`, `task-sector`, `task-added`,
    /// `task-removed`, `target-added`, `target-removed`, `reference-added`,
    /// `reference-removed`, `diagnostic-added`, `diagnostic-removed`.
    pub kind: &'static str,
    /// Where: a node or task id (in the new model when it has one), a target's node
    /// and indicator, or a header field.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// For a changed text: the words kept, removed and added, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<WordSpan>,
}

/// A run of words of a changed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordSpan {
    /// `equal`, `delete` or `insert`.
    pub op: &'static str,
    pub text: String,
}

impl Change {
    fn new(kind: &'static str, path: impl Into<String>, old: Option<String>, new: Option<String>) -> Self {
        Change { kind, path: path.into(), old, new, words: Vec::new() }
    }

    /// The area a change belongs to: `header`, `node`, `task`, `target`, `reference`, `diagnostic`.
    pub fn area(&self) -> &'static str {
        let k = self.kind;
        ["header", "node", "task", "target", "reference", "diagnostic"].into_iter().find(|a| k.starts_with(a)).unwrap_or("other")
    }
}

/// The order changes are shown in: what legal staff act on first.
const PRIORITY: &[&str] = &[
    "task-lead", "task-support", "task-deadline", "target-changed", "header", "node-inserted", "node-deleted", "node-renumbered", "node-moved",
    "node-heading", "node-text", "task-text", "task-sector", "task-added", "task-removed", "target-added", "target-removed", "reference-added",
    "reference-removed", "diagnostic-added", "diagnostic-removed",
];

fn show<T: std::fmt::Debug>(v: &Option<T>) -> Option<String> {
    v.as_ref().map(|x| format!("{x:?}").trim_matches('"').to_string())
}

/// Words of a text: whitespace folded, so a re-wrapped line is no change.
fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tokens of a text for the word diff: words (letters and digits, marks included),
/// runs of spaces, and each other character alone, so "tế," is the word "tế" and a
/// comma, and an inserted clause after it reads as just that clause.
fn tokens(s: &str) -> Vec<&str> {
    let kind = |c: char| if c.is_alphanumeric() || ('\u{300}'..='\u{36F}').contains(&c) { 0 } else if c.is_whitespace() { 1 } else { 2 };
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<u8> = None;
    let mut last = '\0';
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // a decimal comma or a thousands dot inside a number stays in it ("42,28")
        let inside_number = (c == ',' || c == '.') && last.is_ascii_digit() && chars.peek().is_some_and(|(_, n)| n.is_ascii_digit());
        last = c;
        let k = if inside_number { 0 } else { kind(c) };
        if prev.is_some_and(|p| p != k || k == 2) {
            out.push(&s[start..i]);
            start = i;
        }
        prev = Some(k);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The word spans from `old` to `new` (Patience diff over tokens, with a deadline:
/// past it `similar` gives a coarser but correct answer, so any pair ends quickly).
pub fn word_diff(old: &str, new: &str) -> Vec<WordSpan> {
    word_diff_until(old, new, std::time::Instant::now() + std::time::Duration::from_millis(500))
}

/// The word spans, within a deadline shared by a whole diff: past it, a changed text
/// is shown whole (removed, then added), so no pair of models takes long.
fn word_diff_until(old: &str, new: &str, deadline: std::time::Instant) -> Vec<WordSpan> {
    let (a, b) = (words(old), words(new));
    if std::time::Instant::now() >= deadline {
        return [("delete", a), ("insert", b)].into_iter().filter(|(_, t)| !t.is_empty()).map(|(op, text)| WordSpan { op, text }).collect();
    }
    let (ta, tb) = (tokens(&a), tokens(&b));
    let deadline = deadline.min(std::time::Instant::now() + std::time::Duration::from_millis(500));
    let ops = similar::capture_diff_slices_deadline(similar::Algorithm::Patience, &ta, &tb, Some(deadline));
    let mut spans: Vec<WordSpan> = Vec::new();
    let mut push = |op: &'static str, parts: &[&str]| {
        if parts.is_empty() {
            return;
        }
        match spans.last_mut() {
            Some(last) if last.op == op => last.text.push_str(&parts.concat()),
            _ => spans.push(WordSpan { op, text: parts.concat() }),
        }
    };
    for op in ops {
        match op {
            similar::DiffOp::Equal { old_index, len, .. } => push("equal", &ta[old_index..old_index + len]),
            similar::DiffOp::Delete { old_index, old_len, .. } => push("delete", &ta[old_index..old_index + old_len]),
            similar::DiffOp::Insert { new_index, new_len, .. } => push("insert", &tb[new_index..new_index + new_len]),
            similar::DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                push("delete", &ta[old_index..old_index + old_len]);
                push("insert", &tb[new_index..new_index + new_len]);
            }
        }
    }
    coalesce(spans)
}

/// Changes separated only by spaces read as one change ("[-Ngân hàng Nhà nước Việt
/// Nam-]{+Sở Tài chính+}", not word against word).
fn coalesce(spans: Vec<WordSpan>) -> Vec<WordSpan> {
    let mut out: Vec<WordSpan> = Vec::new();
    let (mut del, mut ins, mut ws) = (String::new(), String::new(), String::new());
    let flush = |out: &mut Vec<WordSpan>, del: &mut String, ins: &mut String| {
        for (op, t) in [("delete", del), ("insert", ins)] {
            if !t.is_empty() {
                out.push(WordSpan { op, text: std::mem::take(t) });
            }
        }
    };
    for s in spans {
        let changing = !del.is_empty() || !ins.is_empty();
        match s.op {
            "equal" if changing && s.text.trim().is_empty() => ws.push_str(&s.text),
            "equal" => {
                flush(&mut out, &mut del, &mut ins);
                out.push(WordSpan { op: "equal", text: std::mem::take(&mut ws) + &s.text });
            }
            op => {
                for t in [&mut del, &mut ins] {
                    if !t.is_empty() {
                        t.push_str(&ws);
                    }
                }
                ws.clear();
                if op == "delete" { del.push_str(&s.text) } else { ins.push_str(&s.text) }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    if !ws.is_empty() {
        out.push(WordSpan { op: "equal", text: ws });
    }
    out
}

fn text_change(kind: &'static str, path: &str, old: &str, new: &str, deadline: std::time::Instant) -> Change {
    Change { kind, path: path.to_string(), old: Some(old.to_string()), new: Some(new.to_string()), words: word_diff_until(old, new, deadline) }
}

/// A node as the differ sees it.
struct Flat<'a> {
    id: &'a str,
    parent: Option<&'a str>,
    node: &'a Node,
    key: String,
}

fn flatten(outline: &[Node]) -> Vec<Flat<'_>> {
    let mut v = Vec::new();
    walk_outline(outline, |n, ancestors| {
        let key = format!("{}\u{1}{}", words(n.heading.as_deref().unwrap_or("")), words(n.text.as_deref().unwrap_or("")));
        v.push(Flat { id: &n.id, parent: ancestors.last().map(|p| p.id.as_str()), node: n, key });
    });
    v
}

fn last_part(id: &str) -> &str {
    id.rsplit(['.', ':']).next().unwrap_or(id)
}

/// How the old outline's nodes map to the new one's.
#[derive(Default)]
struct NodeMap {
    /// old id → new id, for every matched node.
    old_to_new: HashMap<String, String>,
    /// new ids that were matched.
    matched_new: HashSet<String>,
}

fn match_nodes(old: &[Flat], new: &[Flat], out: &mut Vec<Change>, deadline: std::time::Instant) -> NodeMap {
    let mut map = NodeMap::default();
    let new_by_id: HashMap<&str, usize> = new.iter().enumerate().map(|(j, f)| (f.id, j)).collect();
    let mut old_done = vec![false; old.len()];
    let mut new_done = vec![false; new.len()];
    let mut pairs: Vec<(usize, usize, &'static str)> = Vec::new();
    // 1. same id, same content
    for (i, f) in old.iter().enumerate() {
        if let Some(&j) = new_by_id.get(f.id) {
            if !new_done[j] && new[j].key == f.key {
                old_done[i] = true;
                new_done[j] = true;
                pairs.push((i, j, "same"));
            }
        }
    }
    // 2. same content under another id: renumbered or moved (each content once, in order)
    let mut by_key: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
    for (j, f) in new.iter().enumerate().filter(|(j, _)| !new_done[*j]) {
        if f.key != "\u{1}" {
            by_key.entry(f.key.as_str()).or_default().push_back(j);
        }
    }
    for (i, f) in old.iter().enumerate() {
        if old_done[i] {
            continue;
        }
        if let Some(j) = by_key.get_mut(f.key.as_str()).and_then(|q| q.pop_front()) {
            old_done[i] = true;
            new_done[j] = true;
            pairs.push((i, j, "moved"));
        }
    }
    // 3. same id, words changed
    for (i, f) in old.iter().enumerate() {
        if old_done[i] {
            continue;
        }
        if let Some(&j) = new_by_id.get(f.id) {
            if !new_done[j] {
                old_done[i] = true;
                new_done[j] = true;
                pairs.push((i, j, "edited"));
            }
        }
    }
    for &(i, j, _) in &pairs {
        map.old_to_new.insert(old[i].id.to_string(), new[j].id.to_string());
        map.matched_new.insert(new[j].id.to_string());
    }
    pairs.sort_by_key(|p| p.1);
    for (i, j, how) in pairs {
        let (a, b) = (&old[i], &new[j]);
        match how {
            "moved" if a.id != b.id => {
                // carried along by its parent ("III.4.a" under "III.4" → "III.5"): the parent says it
                let parent_moved_with = match (a.parent, b.parent) {
                    (Some(pa), Some(pb)) => map.old_to_new.get(pa).is_some_and(|m| m == pb) && pa != pb && last_part(a.id) == last_part(b.id),
                    _ => false,
                };
                if !parent_moved_with {
                    let same_parent = match (a.parent, b.parent) {
                        (Some(pa), Some(pb)) => map.old_to_new.get(pa).is_some_and(|m| m == pb),
                        (None, None) => true,
                        _ => false,
                    };
                    let kind = if same_parent { "node-renumbered" } else { "node-moved" };
                    out.push(Change::new(kind, b.id, Some(a.id.to_string()), Some(b.id.to_string())));
                }
            }
            "edited" => {
                let (ha, hb) = (a.node.heading.as_deref().unwrap_or(""), b.node.heading.as_deref().unwrap_or(""));
                if words(ha) != words(hb) {
                    out.push(text_change("node-heading", b.id, ha, hb, deadline));
                }
                let (ta, tb) = (a.node.text.as_deref().unwrap_or(""), b.node.text.as_deref().unwrap_or(""));
                if words(ta) != words(tb) {
                    out.push(text_change("node-text", b.id, ta, tb, deadline));
                }
            }
            _ => {}
        }
    }
    // 4. what is left was deleted or inserted: once for a whole subtree
    let gone: HashSet<&str> = old.iter().zip(&old_done).filter(|(_, d)| !**d).map(|(f, _)| f.id).collect();
    for f in old.iter().zip(&old_done).filter(|(_, d)| !**d).map(|(f, _)| f) {
        if f.parent.is_none_or(|p| !gone.contains(p)) {
            out.push(Change::new("node-deleted", f.id, Some(label(f.node)), None));
        }
    }
    let added: HashSet<&str> = new.iter().zip(&new_done).filter(|(_, d)| !**d).map(|(f, _)| f.id).collect();
    for f in new.iter().zip(&new_done).filter(|(_, d)| !**d).map(|(f, _)| f) {
        if f.parent.is_none_or(|p| !added.contains(p)) {
            out.push(Change::new("node-inserted", f.id, None, Some(label(f.node))));
        }
    }
    map
}

fn label(n: &Node) -> String {
    let t = n.heading.as_deref().or(n.text.as_deref()).unwrap_or("");
    words(t)
}

fn deadline_text(d: &Option<crate::model::Deadline>) -> Option<String> {
    let d = d.as_ref()?;
    let mut parts: Vec<String> = Vec::new();
    if let Some(t) = &d.text {
        parts.push(format!("\"{t}\""));
    }
    let keys = [("year", d.year.map(|x| x.to_string())), ("from", d.from.map(|x| x.to_string())), ("to", d.to.map(|x| x.to_string())), ("month", d.month.map(|x| x.to_string())), ("quarter", d.quarter.map(|x| x.to_string())), ("by", d.by.clone()), ("recurring", d.recurring.clone()), ("continuous", d.continuous.filter(|c| *c).map(|_| "true".to_string()))];
    for (k, v) in keys {
        if let Some(v) = v {
            parts.push(format!("{k} {v}"));
        }
    }
    Some(parts.join(", "))
}

fn target_key(t: &Target, node: &str) -> String {
    let when = t.year.map(|y| y.to_string()).or_else(|| t.period.map(|p| format!("{}-{:?}", p.from, p.to))).unwrap_or_default();
    format!("{}|{}|{}", node, indicator_words(&t.indicator).join(" "), when)
}

/// Who signs, without the line it is on (a source detail, not a difference).
fn signer(d: &crate::model::Document) -> Option<String> {
    d.signer.as_ref().map(|s| [s.authority.as_deref(), s.body.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" "))
}

/// The differences from `old` to `new`, the ones that matter most first.
pub fn diff(old: &Model, new: &Model) -> Vec<Change> {
    // two seconds for word refinement over the whole diff, whatever the pair
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    let mut out = Vec::new();
    // header
    let (a, b) = (&old.document, &new.document);
    let based = |d: &crate::model::Document| Some(d.based_on.iter().map(|r| r.number.clone()).collect::<Vec<_>>().join("; ")).filter(|s| !s.is_empty());
    let attached = |d: &crate::model::Document| Some(d.attachments.iter().map(|x| format!("{} {}", x.id, x.title.as_deref().unwrap_or(""))).collect::<Vec<_>>().join("; ")).filter(|s| !s.is_empty());
    let fields: [(&str, Option<String>, Option<String>); 11] = [
        ("kind", a.kind.clone(), b.kind.clone()),
        ("code", a.code.clone(), b.code.clone()),
        ("number", a.number.clone(), b.number.clone()),
        ("issuer", a.issuer.clone(), b.issuer.clone()),
        ("place", a.place.clone(), b.place.clone()),
        ("date", a.date.clone(), b.date.clone()),
        ("title", a.title.clone(), b.title.clone()),
        ("period", show(&a.period), show(&b.period)),
        ("signer", signer(a), signer(b)),
        ("based_on", based(a), based(b)),
        ("attachments", attached(a), attached(b)),
    ];
    for (name, x, y) in fields {
        if x != y {
            out.push(Change::new("header", format!("document.{name}"), x, y));
        }
    }
    // outline
    let (of, nf) = (flatten(&old.outline), flatten(&new.outline));
    let map = match_nodes(&of, &nf, &mut out, deadline);
    let inserted: HashSet<String> = nf.iter().filter(|f| !map.matched_new.contains(f.id)).map(|f| f.id.to_string()).collect();
    let deleted: HashSet<&str> = of.iter().filter(|f| !map.old_to_new.contains_key(f.id)).map(|f| f.id).collect();
    let text_reported: HashSet<String> = out.iter().filter(|c| c.kind == "node-text" || c.kind == "node-heading").map(|c| c.path.clone()).collect();
    let mapped = |id: &str| map.old_to_new.get(id).cloned().unwrap_or_else(|| id.to_string());
    // tasks, through the node map
    let new_tasks: HashMap<&str, &crate::model::Task> = new.tasks.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut seen_new: HashSet<&str> = HashSet::new();
    for t in &old.tasks {
        let id = mapped(&t.id);
        match new_tasks.get(id.as_str()) {
            None => {
                if !deleted.contains(t.id.as_str()) {
                    out.push(Change::new("task-removed", &t.id, Some(words(&t.text)), None));
                }
            }
            Some(n) => {
                seen_new.insert(n.id.as_str());
                if n.lead != t.lead {
                    out.push(Change::new("task-lead", &n.id, Some(format!("{:?}", t.lead)), Some(format!("{:?}", n.lead))));
                }
                if n.support != t.support {
                    out.push(Change::new("task-support", &n.id, Some(format!("{:?}", t.support)), Some(format!("{:?}", n.support))));
                }
                let (x, y) = (deadline_text(&t.deadline), deadline_text(&n.deadline));
                if x != y {
                    out.push(Change::new("task-deadline", &n.id, x, y));
                }
                if words(&n.text) != words(&t.text) && !text_reported.contains(&n.id) {
                    out.push(text_change("task-text", &n.id, &t.text, &n.text, deadline));
                }
                if n.sector != t.sector {
                    out.push(Change::new("task-sector", &n.id, t.sector.clone(), n.sector.clone()));
                }
            }
        }
    }
    for n in &new.tasks {
        if !seen_new.contains(n.id.as_str()) && !inserted.contains(&n.id) {
            out.push(Change::new("task-added", &n.id, None, Some(words(&n.text))));
        }
    }
    // targets, keyed by node (through the node map), indicator and year
    let mut new_index: HashMap<String, std::collections::VecDeque<usize>> = HashMap::new();
    for (j, t) in new.targets.iter().enumerate() {
        new_index.entry(target_key(t, &t.node)).or_default().push_back(j);
    }
    let mut new_seen = vec![false; new.targets.len()];
    for t in &old.targets {
        let node = mapped(&t.node);
        let path = format!("{node} \"{}\"", t.indicator);
        match new_index.get_mut(&target_key(t, &node)).and_then(|q| q.pop_front()) {
            None => {
                if !deleted.contains(t.node.as_str()) {
                    out.push(Change::new("target-removed", path, Some(cell_text(t)), None));
                }
            }
            Some(j) => {
                new_seen[j] = true;
                let n = &new.targets[j];
                if (n.value, n.low, n.high, n.comparator, &n.unit, n.year, n.period, words(&n.indicator)) != (t.value, t.low, t.high, t.comparator, &t.unit, t.year, t.period, words(&t.indicator)) {
                    out.push(Change::new("target-changed", format!("{} \"{}\"", n.node, n.indicator), Some(cell_text(t)), Some(cell_text(n))));
                }
            }
        }
    }
    for (j, n) in new.targets.iter().enumerate() {
        if !new_seen[j] && !inserted.contains(&n.node) {
            out.push(Change::new("target-added", format!("{} \"{}\"", n.node, n.indicator), None, Some(cell_text(n))));
        }
    }
    // references, by number
    let refs = |m: &Model| -> Vec<String> { m.references.iter().filter_map(|r| r.number.clone()).collect() };
    let (ra, rb) = (refs(old), refs(new));
    let (sa, sb): (HashSet<&String>, HashSet<&String>) = (ra.iter().collect(), rb.iter().collect());
    for r in ra.iter().filter(|r| !sb.contains(r)) {
        out.push(Change::new("reference-removed", r.as_str(), Some(r.clone()), None));
    }
    for r in rb.iter().filter(|r| !sa.contains(r)) {
        out.push(Change::new("reference-added", r.as_str(), None, Some(r.clone())));
    }
    // diagnostics, by level, code and node (through the node map; a message names
    // lines and ids that shift with any insertion); those of inserted or deleted nodes
    // go with their node
    let diag_key = |d: &crate::model::Diagnostic, node: Option<String>| match node {
        Some(n) => format!("{:?} {} @{n}", d.level, d.code),
        None => format!("{:?} {} {}", d.level, d.code, d.message.chars().filter(|c| !c.is_ascii_digit()).collect::<String>()),
    };
    let count = |m: &Model, is_old: bool| {
        let mut h: HashMap<String, (usize, String)> = HashMap::new();
        for d in &m.diagnostics {
            let node = d.node.as_ref().map(|n| if is_old { mapped(n) } else { n.clone() });
            if node.as_ref().is_some_and(|n| inserted.contains(n)) || (is_old && d.node.as_deref().is_some_and(|n| deleted.contains(n))) {
                continue;
            }
            let e = h.entry(diag_key(d, node)).or_insert((0, format!("{}[{}]: {}", format!("{:?}", d.level).to_lowercase(), d.code, d.message)));
            e.0 += 1;
        }
        h
    };
    let (da, db) = (count(old, true), count(new, false));
    let mut keys: Vec<&String> = da.keys().chain(db.keys()).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        let (x, y) = (da.get(k).map_or(0, |e| e.0), db.get(k).map_or(0, |e| e.0));
        if x > y {
            out.push(Change::new("diagnostic-removed", da[k].1.split(':').next().unwrap_or(""), Some(da[k].1.clone()), None));
        } else if y > x {
            out.push(Change::new("diagnostic-added", db[k].1.split(':').next().unwrap_or(""), None, Some(db[k].1.clone())));
        }
    }
    // what matters most first; within a kind, document order as found
    out.sort_by_key(|c| PRIORITY.iter().position(|k| *k == c.kind).unwrap_or(PRIORITY.len()));
    out
}

/// A changed text as `git diff --word-diff` shows it: `[-removed-]{+added+}` with a
/// few words of context; coloured (red, green) for a terminal.
pub fn word_line(spans: &[WordSpan], color: bool) -> String {
    const CONTEXT: usize = 6;
    let mut out = String::new();
    for (k, s) in spans.iter().enumerate() {
        match s.op {
            "equal" => {
                let w: Vec<&str> = s.text.split_whitespace().collect();
                let (first, last) = (k == 0, k + 1 == spans.len());
                let lead_space = if s.text.starts_with(char::is_whitespace) { " " } else { "" };
                let trail_space = if s.text.ends_with(char::is_whitespace) { " " } else { "" };
                if w.len() <= CONTEXT * 2 || (first && w.len() <= CONTEXT) || (last && w.len() <= CONTEXT) {
                    out.push_str(&s.text);
                } else if first {
                    out.push_str(&format!("…{}{trail_space}", w[w.len() - CONTEXT..].join(" ").trim_start()).replacen('…', "… ", 1));
                } else if last {
                    out.push_str(&format!("{lead_space}{} …", w[..CONTEXT].join(" ")));
                } else {
                    out.push_str(&format!("{lead_space}{} … {}{trail_space}", w[..CONTEXT].join(" "), w[w.len() - CONTEXT..].join(" ")));
                }
            }
            op => {
                // the spaces around a changed run stay outside its marks, as git shows it
                let core = s.text.trim();
                let (before, after) = (&s.text[..s.text.len() - s.text.trim_start().len()], &s.text[s.text.trim_end().len()..]);
                let before = if before.is_empty() || out.ends_with(' ') { "" } else { " " };
                let after = if after.is_empty() { "" } else { " " };
                let marked = match (op, color) {
                    ("delete", true) => format!("\x1b[31m[-{core}-]\x1b[0m"),
                    ("delete", false) => format!("[-{core}-]"),
                    (_, true) => format!("\x1b[32m{{+{core}+}}\x1b[0m"),
                    _ => format!("{{+{core}+}}"),
                };
                out.push_str(&format!("{before}{marked}{after}"));
            }
        }
    }
    out
}

fn detail(c: &Change, color: bool) -> String {
    if !c.words.is_empty() {
        return word_line(&c.words, color);
    }
    match (&c.old, &c.new) {
        (Some(a), Some(b)) => format!("{a} → {b}"),
        (None, Some(b)) => format!("+ {b}"),
        (Some(a), None) => format!("- {a}"),
        (None, None) => String::new(),
    }
}

/// The differences as text for a person, the most important first, or nothing when
/// there are none. With `color`, removed words are red and added ones green.
pub fn render_text(name: &str, changes: &[Change], color: bool) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut out = format!("== {name}: {} change(s)\n", changes.len());
    for c in changes {
        let what = match c.kind {
            "node-renumbered" => format!("{} → {} (renumbered, text unchanged)", c.old.as_deref().unwrap_or(""), c.path),
            "node-moved" => format!("{} moved to {}", c.old.as_deref().unwrap_or(""), c.path),
            "node-inserted" => format!("{} inserted: \"{}\"", c.path, short(c.new.as_deref().unwrap_or(""))),
            "node-deleted" => format!("{} deleted: \"{}\"", c.path, short(c.old.as_deref().unwrap_or(""))),
            _ => format!("{}: {}", c.path, detail(c, color)),
        };
        out.push_str(&format!("  {:<18} {what}\n", c.kind));
    }
    out
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(80).collect();
    if t.len() < s.len() { format!("{t}…") } else { t }
}

/// The differences as text (see [`render_text`]), uncoloured.
pub fn render(name: &str, changes: &[Change]) -> String {
    render_text(name, changes, false)
}

/// Counts per kind (`--stat`), in the order of importance.
pub fn stat(name: &str, changes: &[Change]) -> String {
    let mut out = format!("== {name}: {} change(s)\n", changes.len());
    for kind in PRIORITY {
        let n = changes.iter().filter(|c| c.kind == *kind).count();
        if n > 0 {
            out.push_str(&format!("  {kind:<18} {n}\n"));
        }
    }
    out
}

/// The differences as JSON: a list of changes (kind, path, old, new, word spans).
pub fn to_json(changes: &[Change]) -> String {
    let mut s = serde_json::to_string_pretty(changes).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

/// The differences as a markdown table (words removed ~~struck~~, added **bold**).
pub fn to_markdown(name: &str, changes: &[Change]) -> String {
    let mut out = format!("## {}: {} change(s)\n\n| kind | where | change |\n|---|---|---|\n", crate::compare::md_escape(name), changes.len());
    for c in changes {
        let what = if c.words.is_empty() {
            crate::compare::md_escape(&detail(c, false))
        } else {
            c.words
                .iter()
                .map(|s| match s.op {
                    "equal" => crate::compare::md_escape(&s.text),
                    "delete" => format!("~~{}~~", crate::compare::md_escape(s.text.trim())),
                    _ => format!("**{}**", crate::compare::md_escape(s.text.trim())),
                })
                .collect::<Vec<_>>()
                .join("")
        };
        out.push_str(&format!("| {} | {} | {} |\n", c.kind, crate::compare::md_escape(&c.path), what));
    }
    out
}

/// The differences as a self-contained HTML page: old beside new, removed words
/// struck in red, added ones in green; everything from the documents escaped.
pub fn to_html(name: &str, changes: &[Change]) -> String {
    let esc = crate::report::esc;
    let mut rows = String::new();
    for c in changes {
        let (old, new) = if c.words.is_empty() {
            (esc(c.old.as_deref().unwrap_or("")), esc(c.new.as_deref().unwrap_or("")))
        } else {
            let side = |keep: &str| -> String {
                c.words
                    .iter()
                    .filter(|s| s.op == "equal" || s.op == keep)
                    .map(|s| match s.op {
                        "equal" => esc(&s.text),
                        "delete" => format!("<del>{}</del>", esc(&s.text)),
                        _ => format!("<ins>{}</ins>", esc(&s.text)),
                    })
                    .collect()
            };
            (side("delete"), side("insert"))
        };
        rows.push_str(&format!("<tr class=\"{}\"><td>{}</td><td>{}</td><td>{old}</td><td>{new}</td></tr>\n", c.kind, c.kind, esc(&c.path)));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{t}</title><style>body{{font-family:sans-serif;margin:1em}}table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ccc;padding:4px;vertical-align:top}}del{{background:#fdd;color:#900}}ins{{background:#dfd;color:#060;text-decoration:none}}</style></head><body>\n<h1>{t}</h1>\n<p>{n} change(s)</p>\n<table><thead><tr><th>kind</th><th>where</th><th>old</th><th>new</th></tr></thead><tbody>\n{rows}</tbody></table>\n</body></html>\n",
        t = esc(name),
        n = changes.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_target_value_is_named_with_old_and_new() {
        let old = crate::parse_str("a.txt", "I. MỤC TIÊU\n1. Năm 2020, tỷ lệ hồ sơ trực tuyến đạt 30%.\n");
        let new = crate::parse_str("a.txt", "I. MỤC TIÊU\n1. Năm 2020, tỷ lệ hồ sơ trực tuyến đạt 35%.\n");
        let d = diff(&old, &new);
        assert!(d.iter().any(|c| c.kind == "target-changed" && c.old.as_deref() == Some("30 % (2020)") && c.new.as_deref() == Some("35 % (2020)")), "{d:?}");
        assert_eq!(d[0].kind, "target-changed", "values come before words");
        assert!(d.iter().any(|c| c.kind == "node-text" && c.words.iter().any(|w| w.op == "insert" && w.text == "35")), "{d:?}");
        assert!(diff(&old, &old).is_empty());
    }

    #[test]
    fn words_inserted_anywhere_in_a_long_paragraph_are_seen() {
        let long = "Triển khai thanh toán quốc tế ".repeat(20);
        let old = crate::parse_str("a.txt", &format!("I. NHIỆM VỤ\n1. {long}.\n"));
        let cut = long.char_indices().map(|(i, _)| i).find(|&i| i >= 300 && long[i..].starts_with(' ')).unwrap();
        let new = crate::parse_str("a.txt", &format!("I. NHIỆM VỤ\n1. {}, bảo lãnh dự thầu{}.\n", &long[..cut], &long[cut..]));
        let d = diff(&old, &new);
        let text = d.iter().find(|c| c.kind == "node-text").unwrap_or_else(|| panic!("{d:?}"));
        let added: Vec<&str> = text.words.iter().filter(|w| w.op == "insert").map(|w| w.text.as_str()).collect();
        assert_eq!(added.concat().trim(), ", bảo lãnh dự thầu", "{:?}", text.words);
        assert!(text.words.iter().all(|w| w.op != "delete"), "{:?}", text.words);
        assert!(word_line(&text.words, false).contains("{+, bảo lãnh dự thầu+}"), "{}", word_line(&text.words, false));
    }

    #[test]
    fn an_inserted_section_renumbers_the_ones_after_it() {
        let old = crate::parse_str("a.txt", "I. NHIỆM VỤ\n1. Rà soát quy hoạch.\na) Lập danh mục.\n2. Kiểm tra thực hiện.\n3. Báo cáo kết quả.\n");
        let new = crate::parse_str("a.txt", "I. NHIỆM VỤ\n1. Rà soát quy hoạch.\na) Lập danh mục.\n2. Tuyên truyền phổ biến.\n3. Kiểm tra thực hiện.\n4. Báo cáo kết quả.\n");
        let d = diff(&old, &new);
        let kinds: Vec<(&str, &str)> = d.iter().map(|c| (c.kind, c.path.as_str())).collect();
        assert_eq!(kinds, [("node-inserted", "I.2"), ("node-renumbered", "I.3"), ("node-renumbered", "I.4")], "{d:#?}");
    }

    #[test]
    fn a_point_moved_to_another_section_reads_as_moved() {
        let old = crate::parse_str("a.txt", "I. NHIỆM VỤ\n1. Rà soát.\na) Lập danh mục các dự án.\n2. Kiểm tra.\n");
        let new = crate::parse_str("a.txt", "I. NHIỆM VỤ\n1. Rà soát.\n2. Kiểm tra.\na) Lập danh mục các dự án.\n");
        let d = diff(&old, &new);
        assert!(d.iter().any(|c| c.kind == "node-moved" && c.old.as_deref() == Some("I.1.a") && c.path == "I.2.a"), "{d:#?}");
        assert_eq!(d.iter().filter(|c| c.area() == "node").count(), 1, "{d:#?}");
    }
}
