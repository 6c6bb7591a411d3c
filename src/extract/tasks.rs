//! Tasks: every leaf of the task-bearing parts, with its deadline and owners.
//!
//! The task-bearing parts are "Nhiệm vụ, giải pháp" and "Tổ chức thực hiện"
//! (spec, `tasks`). Their headings are often lost, so a part also bears tasks
//! when an assignment's scope reaches into it or when it holds assignment
//! statements. Deadlines: a cue in the task's own text, else the nearest
//! ancestor whose heading is a time phrase ("a) Năm 2020"), else the deadline
//! of the assignment that reaches it, else the plan's period.

use crate::dict;
use crate::extract::deadlines;
use crate::extract::owners::{self, Via};
use crate::tokens::agency;
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
        if excluded(n, path) || owners::is_field(n) {
            return;
        }
        // an item whose children are only its fields ("- Đơn vị chủ trì: …") is a leaf
        let is_leaf = n.children.iter().all(owners::is_field);
        let action_parent = !is_leaf && n.text.is_some() && n.children.iter().all(|c| matches!(c.kind, NodeKind::Dash | NodeKind::Plus));
        if !(is_leaf || action_parent) {
            return;
        }
        let text = n.text.clone().or_else(|| n.heading.clone()).unwrap_or_default();
        if text.is_empty() && is_leaf && n.inferred {
            return;
        }
        let (lead, support, owner_source, owner_via) = owners_of(n, path, &index);
        let (deadline, deadline_via) = match deadline_of(n, path, &index, doc) {
            Some((d, via)) => (Some(d), Some(via.to_string())),
            None => (None, None),
        };
        if lead.is_empty() {
            diags.push(Diagnostic::warning("unassigned-task", n.line, format!("no assignment reaches task {}", n.id)).at_node(n.id.clone()));
        }
        if deadline.is_none() {
            diags.push(Diagnostic::info("no-deadline", n.line, format!("task {} has no deadline and the plan states no period", n.id)).at_node(n.id.clone()));
        }
        tasks.push(Task { id: n.id.clone(), text, line: n.line, sector: None, sector_source: None, deadline, lead, support, owner_source, owner_via, deadline_via });
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
    let lead = cell("lead").map(agency::cell).unwrap_or_default();
    let support: Vec<String> = cell("support")
        .map(agency::cell)
        .unwrap_or_default()
        .into_iter()
        .filter(|s| !agency::is_collective(s))
        .collect();
    // the time cell; a row without one may say its time in its content ("Hoàn thành xây
    // dựng Đề án trong quý II/2026")
    let (deadline, deadline_via) = match cell("time").and_then(deadlines::cell) {
        Some(d) => (Some(d), Some("cell")),
        None => (deadlines::in_text(&text), Some("text")),
    };
    let deadline = deadline.map(|mut d| {
        d.from_node = None;
        d
    });
    let deadline_via = deadline.as_ref().and(deadline_via).map(String::from);
    let owner_via = (!lead.is_empty() || !support.is_empty()).then(|| "cell".to_string());
    Some(Task { id: n.id.clone(), text, line: n.line, sector: None, sector_source: None, deadline, lead, support, owner_source: n.line, owner_via, deadline_via })
}

/// The frames by the ids their scope names and by the node they are written in, so
/// that a task finds those that reach it through its ancestors' ids instead of
/// scanning them all (linear in the document).
struct Index<'a> {
    by_node: HashMap<&'a str, Vec<(usize, &'a Assignment)>>,
    by_scope: HashMap<&'a str, Vec<(usize, &'a Assignment)>>,
}

/// How deep an id is: "III.6.a.a1" is 4, "A1:II.3" is 2.
fn depth(id: &str) -> usize {
    let local = id.split_once(':').map_or(id, |(_, l)| l);
    local.split('.').count()
}

fn via_of(a: &Assignment) -> Via {
    a.via.as_deref().and_then(Via::from_name).unwrap_or(Via::Subject)
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

    /// The frames that reach a node, each with its rank: the depth of the id it names
    /// and its kind (a frame written in the node itself counts as the node's subject).
    fn reaching(&self, n: &Node, path: &[&Node]) -> Vec<((usize, Via), usize, &'a Assignment)> {
        let mut out: Vec<((usize, Via), usize, &Assignment)> = Vec::new();
        for id in path.iter().map(|a| a.id.as_str()).chain(std::iter::once(n.id.as_str())) {
            for (i, a) in self.by_scope.get(id).map(Vec::as_slice).unwrap_or(&[]) {
                if !out.iter().any(|(_, j, _)| j == i) {
                    out.push(((depth(id), via_of(a)), *i, a));
                }
            }
        }
        for (i, a) in self.by_node.get(n.id.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
            let rank = (depth(&n.id), via_of(a).max(Via::Subject));
            match out.iter_mut().find(|(_, j, _)| j == i) {
                Some(e) => e.0 = e.0.max(rank),
                None => out.push((rank, *i, a)),
            }
        }
        out.sort_by_key(|(_, i, _)| *i);
        out
    }
}

/// Ids of the top-level nodes that bear tasks.
fn task_bearing(nodes: &[Node], assignments: &[Assignment]) -> Vec<String> {
    // the top-level nodes, each with the appendix it belongs to
    let tops: Vec<(&Node, Option<&Node>)> = nodes
        .iter()
        .flat_map(|n| match n.kind {
            NodeKind::Attachment => n.children.iter().map(|c| (c, None)).collect::<Vec<_>>(),
            NodeKind::Appendix => n.children.iter().map(|c| (c, Some(n))).collect(),
            _ => vec![(n, None)],
        })
        .filter(|(n, _)| n.kind != NodeKind::Preamble)
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
    // reached: a statement of "Tổ chức thực hiện" names it; holds: it assigns work itself
    let scoped = prefixes(assignments.iter().filter(|a| via_of(a) == Via::CrossReference).flat_map(|a| a.scope.iter()));
    let holding = prefixes(assignments.iter().filter(|a| via_of(a) != Via::Intro).map(|a| &a.node));
    let mut out = Vec::new();
    for (top, appendix) in &tops {
        let h = fold_key(top.heading.as_deref().unwrap_or(""));
        let named_task = names_work(&h);
        let named_other = names_other(&h);
        let reached = scoped.contains(top.id.as_str());
        let holds = holding.contains(top.id.as_str());
        let bearing = match appendix {
            // an appendix bears tasks only when it or its part is named for them, or the plan
            // sends work into it: forms, procedures and regulations appended are not plans
            Some(a) => {
                let title = fold_key(a.heading.as_deref().unwrap_or(""));
                reached || named_task && !named_other || names_work(&title) && !names_other(&title) && !named_other
            }
            // named for work and for nothing else, or reached or holding statements unless
            // named only for something else
            None => (named_task && !named_other) || ((named_task || !named_other) && (reached || holds)),
        };
        if bearing {
            out.push(top.id.clone());
        }
    }
    if out.is_empty() {
        // a document without recognizable parts: every top-level node of the body that is
        // not a statement of aims
        for (top, appendix) in &tops {
            let h = fold_key(top.heading.as_deref().unwrap_or(""));
            if appendix.is_none() && !names_other(&h) && top.kind != NodeKind::Article {
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

/// Lead and support of a task: the lead of the most specific frame that reaches it
/// (the deepest id, then the kind: field, subject, heading, lead-in, cross-reference,
/// intro; frames of equal rank add up), and the support of that frame together with
/// what the task's own sentences add ("Phối hợp với X …" under a heading that names
/// the lead).
fn owners_of(n: &Node, path: &[&Node], index: &Index) -> (Vec<String>, Vec<String>, Option<usize>, Option<String>) {
    let reaching = index.reaching(n, path);
    let best = reaching.iter().filter(|(_, _, a)| !a.lead.is_empty()).map(|(r, _, _)| *r).max();
    let chosen: Vec<&Assignment> = reaching.iter().filter(|(r, _, a)| Some(*r) == best && !a.lead.is_empty()).map(|(_, _, a)| *a).collect();
    let mut lead: Vec<String> = Vec::new();
    let mut support: Vec<String> = Vec::new();
    for a in &chosen {
        for l in &a.lead {
            if !lead.contains(l) {
                lead.push(l.clone());
            }
        }
    }
    // the support of the chosen frames, and of the frames on the task itself
    let own_depth = depth(&n.id);
    for (r, _, a) in &reaching {
        if Some(*r) == best && !a.lead.is_empty() || r.0 == own_depth && a.lead.is_empty() || a.lead.is_empty() && a.scope.iter().any(|s| s == &n.id) {
            for s in &a.support {
                if !support.contains(s) && !lead.contains(s) {
                    support.push(s.clone());
                }
            }
        }
    }
    let via = best.map(|(_, v)| v.name().to_string()).or_else(|| (!support.is_empty()).then(|| Via::Subject.name().to_string()));
    (lead, support, chosen.first().map(|a| a.line), via)
}

fn deadline_of(n: &Node, path: &[&Node], index: &Index, doc: &Document) -> Option<(Deadline, &'static str)> {
    if let Some(text) = n.text.as_deref().or(n.heading.as_deref()) {
        if let Some(d) = deadlines::in_text(text) {
            return Some((d, "text"));
        }
    }
    for a in path.iter().rev() {
        if let Some(mut d) = a.heading.as_deref().and_then(deadlines::heading) {
            d.from_node = Some(a.id.clone());
            return Some((d, "heading"));
        }
    }
    let mut reaching = index.reaching(n, path);
    reaching.sort_by_key(|(r, _, _)| std::cmp::Reverse(*r));
    if let Some((_, _, a)) = reaching.iter().find(|(_, _, a)| a.deadline.is_some()) {
        let via = if via_of(a) == Via::Field { "field" } else { "assignment" };
        return a.deadline.clone().map(|d| (d, via));
    }
    // a condition or a periodic duty without frequency keeps its words; the years are the
    // plan's period, where it has one ("báo cáo định kỳ" within 2025–2030)
    if let Some(mut d) = n.text.as_deref().and_then(deadlines::condition) {
        if let Some(p) = doc.period {
            d.from = Some(p.from);
            d.to = p.to;
            d.from_node = Some("document".into());
        }
        return Some((d, "condition"));
    }
    doc.period.map(|p| (Deadline { text: None, from: Some(p.from), to: p.to, from_node: Some("document".into()), ..Default::default() }, "document"))
}
