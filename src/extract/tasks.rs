//! Tasks: every leaf of the task-bearing parts, with its deadline and owners.
//!
//! The task-bearing parts are "Nhiệm vụ, giải pháp" and "Tổ chức thực hiện"
//! (spec, `tasks`). Their headings are often lost, so a part also bears tasks
//! when an assignment's scope reaches into it or when it holds assignment
//! statements. Deadlines: a cue in the task's own text, else the nearest
//! ancestor whose heading is a time phrase ("a) Năm 2020"), else the deadline
//! of the assignment that reaches it, else the plan's period.

use crate::dict;
use crate::extract::{deadlines, owners};
use crate::model::{Assignment, Deadline, Diagnostic, Document, Node, NodeKind, Task, walk_outline};
use crate::normalize::fold_key;
use crate::outline::Outline;
use std::collections::HashMap;

/// A part heading names work ("NHIỆM VỤ, GIẢI PHÁP", "NỘI DUNG GIÁM SÁT, ĐÁNH GIÁ").
fn names_work(h: &str) -> bool {
    dict::has_word(h, "task_part_headings")
}

/// A part heading opens with aims, figures or means ("MỤC ĐÍCH, YÊU CẦU", "KINH PHÍ").
fn names_other(h: &str) -> bool {
    dict::starts_with_word(h, "non_task_part_headings")
}

/// Collects the tasks and their diagnostics.
pub fn extract(outline: &Outline, assignments: &[Assignment], doc: &Document) -> (Vec<Task>, Vec<Diagnostic>) {
    let bearing: std::collections::HashSet<String> = task_bearing(&outline.nodes, assignments).into_iter().collect();
    let index = Index::new(assignments);
    let mut tasks = Vec::new();
    let mut diags = Vec::new();
    walk_outline(&outline.nodes, |n, path| {
        if n.kind == NodeKind::Row {
            if let Some(t) = row_task(n) {
                if t.lead.is_empty() && n.children.is_empty() {
                    diags.push(Diagnostic::warning("unassigned-task", n.line, format!("row {} names no lead agency", n.id)).at_node(n.id.clone()));
                }
                tasks.push(t);
            }
            return;
        }
        if matches!(n.kind, NodeKind::Preamble | NodeKind::Attachment | NodeKind::Appendix) {
            return;
        }
        let root = path.iter().find(|a| !matches!(a.kind, NodeKind::Attachment | NodeKind::Appendix)).copied().unwrap_or(n);
        if !bearing.contains(&root.id) {
            return;
        }
        if excluded(n, path) {
            return;
        }
        let is_leaf = n.children.is_empty();
        let action_parent = !is_leaf && n.text.is_some() && n.children.iter().all(|c| matches!(c.kind, NodeKind::Dash | NodeKind::Plus));
        if !(is_leaf || action_parent) {
            return;
        }
        let text = n.text.clone().or_else(|| n.heading.clone()).unwrap_or_default();
        if text.is_empty() && is_leaf && n.inferred {
            return;
        }
        let (lead, support, owner_source) = owners_of(n, path, &index);
        let deadline = deadline_of(n, path, &index, doc);
        if lead.is_empty() {
            diags.push(Diagnostic::warning("unassigned-task", n.line, format!("no assignment reaches task {}", n.id)).at_node(n.id.clone()));
        }
        if deadline.is_none() {
            diags.push(Diagnostic::info("no-deadline", n.line, format!("task {} has no deadline and the plan states no period", n.id)).at_node(n.id.clone()));
        }
        tasks.push(Task { id: n.id.clone(), text, line: n.line, sector: None, sector_source: None, deadline, lead, support, owner_source });
    });
    (tasks, diags)
}

/// The task of a row of a task table: its content, the agencies of its chủ trì and
/// phối hợp cells, and the deadline of its time cell (spec, "Decisions, attachments
/// and appendices"). Group rows are headings, not tasks.
fn row_task(n: &Node) -> Option<Task> {
    if n.table.as_deref() != Some("tasks") || n.heading.is_some() {
        return None;
    }
    let text = n.text.clone()?;
    let cells = n.cells.as_deref().unwrap_or(&[]);
    let cell = |role: &str| cells.iter().find(|c| c.role == role).map(|c| c.text.as_str());
    let lead = cell("lead").map(owners::cell_agencies).unwrap_or_default();
    let support: Vec<String> = cell("support")
        .map(owners::cell_agencies)
        .unwrap_or_default()
        .into_iter()
        .filter(|s| !owners::is_collective(s))
        .collect();
    let deadline = cell("time").and_then(deadlines::cell).map(|mut d| {
        d.from_node = None;
        d
    });
    Some(Task { id: n.id.clone(), text, line: n.line, sector: None, sector_source: None, deadline, lead, support, owner_source: n.line })
}

/// The assignments by the node they are written in and by the ids their scope
/// names, so that a task finds those that reach it through its ancestors' ids
/// instead of scanning them all (linear in the document).
struct Index<'a> {
    by_node: HashMap<&'a str, Vec<(usize, &'a Assignment)>>,
    by_scope: HashMap<&'a str, Vec<(usize, &'a Assignment)>>,
}

impl<'a> Index<'a> {
    fn new(assignments: &'a [Assignment]) -> Self {
        let mut by_node: HashMap<&str, Vec<(usize, &Assignment)>> = HashMap::new();
        let mut by_scope: HashMap<&str, Vec<(usize, &Assignment)>> = HashMap::new();
        for (i, a) in assignments.iter().enumerate() {
            by_node.entry(a.node.as_str()).or_default().push((i, a));
            for s in &a.scope {
                by_scope.entry(s.as_str()).or_default().push((i, a));
            }
        }
        Index { by_node, by_scope }
    }

    /// The assignments whose scope reaches a node (its own id or an ancestor's),
    /// with how specific each is (the length of the id it names), in document order.
    fn reaching(&self, n: &Node, path: &[&Node]) -> Vec<(usize, usize, &'a Assignment)> {
        let mut out: Vec<(usize, usize, &Assignment)> = Vec::new();
        for id in path.iter().map(|a| a.id.as_str()).chain(std::iter::once(n.id.as_str())) {
            for (i, a) in self.by_scope.get(id).map(Vec::as_slice).unwrap_or(&[]) {
                if !out.iter().any(|(j, _, _)| j == i) {
                    out.push((*i, id.len(), a));
                }
            }
        }
        out.sort_by_key(|(i, _, _)| *i);
        out
    }
}

/// Ids of the top-level nodes that bear tasks.
fn task_bearing(nodes: &[Node], assignments: &[Assignment]) -> Vec<String> {
    let tops: Vec<&Node> = nodes
        .iter()
        .flat_map(|n| if matches!(n.kind, NodeKind::Attachment | NodeKind::Appendix) { n.children.iter().collect::<Vec<_>>() } else { vec![n] })
        .filter(|n| n.kind != NodeKind::Preamble)
        .collect();
    // every id a scope or an assignment's node names, with all its dotted prefixes
    fn prefixes<'a>(ids: impl Iterator<Item = &'a String>) -> std::collections::HashSet<&'a str> {
        let mut set = std::collections::HashSet::new();
        for id in ids {
            let mut end = id.len();
            loop {
                set.insert(&id[..end]);
                match id[..end].rfind('.') {
                    Some(p) => end = p,
                    None => break,
                }
            }
        }
        set
    }
    let scoped = prefixes(assignments.iter().flat_map(|a| a.scope.iter()));
    let holding = prefixes(assignments.iter().map(|a| &a.node));
    let mut out = Vec::new();
    for top in &tops {
        let h = fold_key(top.heading.as_deref().unwrap_or(""));
        let named_task = names_work(&h);
        let named_other = names_other(&h);
        let reached = scoped.contains(top.id.as_str());
        let holds = holding.contains(top.id.as_str());
        if (named_task && !named_other) || (!named_other && (reached || holds)) || (named_task && named_other && (reached || holds)) {
            out.push(top.id.clone());
        }
    }
    if out.is_empty() {
        // a document without recognizable parts: every top-level node that is not a statement of aims
        for top in &tops {
            let h = fold_key(top.heading.as_deref().unwrap_or(""));
            if !names_other(&h) && top.kind != NodeKind::Article {
                out.push(top.id.clone());
            }
        }
    }
    out
}

/// Nodes under a heading of aims or budget are not tasks even inside a task part.
fn excluded(n: &Node, path: &[&Node]) -> bool {
    path.iter().skip(1).chain(std::iter::once(&n)).any(|a| {
        let h = fold_key(a.heading.as_deref().unwrap_or(""));
        names_other(&h) && !names_work(&h)
    })
}

/// Lead and support of a task: the most specific assignment whose scope reaches it,
/// or the statement written in the task itself.
fn owners_of(n: &Node, path: &[&Node], index: &Index) -> (Vec<String>, Vec<String>, Option<usize>) {
    let mut best: Option<usize> = None; // specificity
    let mut chosen: Vec<&Assignment> = Vec::new();
    let own: Vec<(usize, usize, &Assignment)> = index.by_node.get(n.id.as_str()).map(|v| v.iter().map(|(i, a)| (*i, usize::MAX, *a)).collect()).unwrap_or_default();
    let mut candidates = index.reaching(n, path);
    candidates.extend(own);
    candidates.sort_by_key(|(i, _, _)| *i);
    candidates.dedup_by_key(|(i, _, _)| *i);
    for (_, spec, a) in candidates {
        match best {
            Some(b) if spec < b => {}
            Some(b) if spec == b => chosen.push(a),
            _ => {
                best = Some(spec);
                chosen = vec![a];
            }
        }
    }
    let mut lead: Vec<String> = Vec::new();
    let mut support: Vec<String> = Vec::new();
    for a in &chosen {
        for l in &a.lead {
            if !lead.contains(l) {
                lead.push(l.clone());
            }
        }
        for s in &a.support {
            if !support.contains(s) && !lead.contains(s) {
                support.push(s.clone());
            }
        }
    }
    (lead, support, chosen.first().map(|a| a.line))
}

fn deadline_of(n: &Node, path: &[&Node], index: &Index, doc: &Document) -> Option<Deadline> {
    if let Some(d) = n.text.as_deref().and_then(deadlines::in_text) {
        return Some(d);
    }
    for a in path.iter().rev() {
        if let Some(mut d) = a.heading.as_deref().and_then(deadlines::heading) {
            d.from_node = Some(a.id.clone());
            return Some(d);
        }
    }
    let reaching = index.reaching(n, path).into_iter().find_map(|(_, _, a)| a.deadline.clone());
    if let Some(d) = reaching {
        return Some(d);
    }
    if let Some(d) = n.text.as_deref().and_then(deadlines::condition) {
        return Some(d);
    }
    doc.period.map(|p| Deadline { text: None, from: Some(p.from), to: p.to, from_node: Some("document".into()), ..Default::default() })
}
