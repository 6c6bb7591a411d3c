//! Tasks: every leaf of the task-bearing parts, with its deadline and owners.
//!
//! The task-bearing parts are "Nhiệm vụ, giải pháp" and "Tổ chức thực hiện"
//! (spec, `tasks`). Their headings are often lost, so a part also bears tasks
//! when an assignment's scope reaches into it or when it holds assignment
//! statements. Deadlines: a cue in the task's own text, else the nearest
//! ancestor whose heading is a time phrase ("a) Năm 2020"), else the deadline
//! of the assignment that reaches it, else the plan's period.

use crate::extract::{deadlines, owners};
use crate::model::{Assignment, Deadline, Diagnostic, Document, Node, NodeKind, Task, walk_outline};
use crate::normalize::fold_key;
use crate::outline::Outline;

const TASK_HEADINGS: &[&str] = &["nhiệm vụ", "giải pháp", "tổ chức thực hiện", "nội dung", "phân công", "trách nhiệm"];
const NON_TASK_HEADINGS: &[&str] = &["mục đích", "mục tiêu", "yêu cầu", "quan điểm", "kinh phí", "nguồn lực", "thời gian", "căn cứ", "sự cần thiết", "đánh giá", "kết quả", "tình hình", "phạm vi", "đối tượng"];

/// Collects the tasks and their diagnostics.
pub fn extract(outline: &Outline, assignments: &[Assignment], doc: &Document) -> (Vec<Task>, Vec<Diagnostic>) {
    let bearing = task_bearing(&outline.nodes, assignments);
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
        let (lead, support, owner_source) = owners_of(n, assignments);
        let deadline = deadline_of(n, path, assignments, doc);
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

/// Ids of the top-level nodes that bear tasks.
fn task_bearing(nodes: &[Node], assignments: &[Assignment]) -> Vec<String> {
    let tops: Vec<&Node> = nodes
        .iter()
        .flat_map(|n| if matches!(n.kind, NodeKind::Attachment | NodeKind::Appendix) { n.children.iter().collect::<Vec<_>>() } else { vec![n] })
        .filter(|n| n.kind != NodeKind::Preamble)
        .collect();
    let mut out = Vec::new();
    for top in &tops {
        let h = fold_key(top.heading.as_deref().unwrap_or(""));
        let named_task = TASK_HEADINGS.iter().any(|k| h.contains(k));
        let named_other = NON_TASK_HEADINGS.iter().any(|k| h.contains(k));
        let reached = assignments.iter().any(|a| a.scope.iter().any(|s| s == &top.id || s.starts_with(&format!("{}.", top.id))));
        let holds = assignments.iter().any(|a| a.node == top.id || a.node.starts_with(&format!("{}.", top.id)));
        if (named_task && !named_other) || (!named_other && (reached || holds)) || (named_task && named_other && (reached || holds)) {
            out.push(top.id.clone());
        }
    }
    if out.is_empty() {
        // a document without recognizable parts: every top-level node that is not a statement of aims
        for top in &tops {
            let h = fold_key(top.heading.as_deref().unwrap_or(""));
            if !NON_TASK_HEADINGS.iter().any(|k| h.contains(k)) && top.kind != NodeKind::Article {
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
        NON_TASK_HEADINGS.iter().any(|k| h.starts_with(k))
    })
}

/// Lead and support of a task: the most specific assignment whose scope reaches it,
/// or the statement written in the task itself.
fn owners_of(n: &Node, assignments: &[Assignment]) -> (Vec<String>, Vec<String>, Option<usize>) {
    let mut best: Option<usize> = None; // specificity
    let mut chosen: Vec<&Assignment> = Vec::new();
    for a in assignments {
        let spec = if a.node == n.id {
            Some(usize::MAX)
        } else {
            a.scope.iter().filter(|s| n.id == **s || n.id.starts_with(&format!("{s}."))).map(|s| s.len()).max()
        };
        let Some(spec) = spec else { continue };
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

fn deadline_of(n: &Node, path: &[&Node], assignments: &[Assignment], doc: &Document) -> Option<Deadline> {
    if let Some(d) = n.text.as_deref().and_then(deadlines::in_text) {
        return Some(d);
    }
    for a in path.iter().rev() {
        if let Some(mut d) = a.heading.as_deref().and_then(deadlines::heading) {
            d.from_node = Some(a.id.clone());
            return Some(d);
        }
    }
    let reaching = assignments.iter().filter(|a| a.scope.iter().any(|s| n.id == *s || n.id.starts_with(&format!("{s}.")))).find_map(|a| a.deadline.clone());
    if let Some(d) = reaching {
        return Some(d);
    }
    doc.period.map(|p| Deadline { text: None, from: Some(p.from), to: p.to, from_node: Some("document".into()), ..Default::default() })
}
