//! Owners: who must act, as assignment frames over the outline (conventions §3.2).
//!
//! In: the outline. Out: the frames (the model's `assignments`), each with its lead
//! (chủ trì), its support (phối hợp), the ids it reaches (`scope`) and how (`via`):
//!
//! - `field`: an inline field of an item ("- Đơn vị chủ trì: Bộ Công an.", "b) Cơ quan
//!   thực hiện:" with its dashes) reaches the item it belongs to;
//! - `subject`: a node's own sentence names who acts ("Sở Y tế chủ trì tổ chức …",
//!   "… do Bộ Công an chủ trì", "Trong thời hạn 03 tháng …, Bộ NN&MT có trách nhiệm …",
//!   "Phối hợp với X …" gives support only) and reaches that node;
//! - `heading`: a heading that only names owners ("2. Sở Nông nghiệp và Môi trường",
//!   "1. Trách nhiệm Văn phòng UBND tỉnh", "c) Các bộ, cơ quan, địa phương:", "- Nội
//!   dung giám sát của chủ chương trình") reaches its subtree;
//! - `lead-in`: a sentence that names who acts and ends with a colon ("Sở Tài chính chủ
//!   trì, phối hợp với …:", "Văn phòng Trung ương Đảng có trách nhiệm:") reaches its
//!   subtree, or the siblings that follow it when it has none;
//! - `intro`: a paragraph handing the items below to named bodies ("… các Bộ, cơ quan
//!   ngang Bộ, Ủy ban nhân dân các tỉnh … tổ chức triển khai thực hiện các nhiệm vụ sau
//!   đây:") reaches the node it is written in, below every other frame;
//! - `cross-reference`: a statement of "Tổ chức thực hiện" naming parts of the plan
//!   ("… triển khai nhiệm vụ tại tiết a1, a2 điểm a mục 6 phần III") reaches those ids,
//!   with the subject of its sentence or, failing one, the owner of the heading above it.
//!
//! Each task takes the lead of the most specific frame that reaches it: the one on
//! the deepest id (its own node first), then by kind in the order above. A blanket
//! statement without a cross-reference ("Các Sở, ngành tổ chức triển khai Kế hoạch
//! này") reaches only its own node (gold convention: the seed's V.1 does not reach III).

use crate::dict;
use crate::extract::deadlines;
use crate::model::{Assignment, Diagnostic, Node, NodeKind, walk_outline};
use crate::normalize::fold_key;
use crate::outline::Outline;
use crate::tokens::agency;
use crate::tokens::cue::{self, CueKind};
use crate::tokens::{CrossRef, Shape, cross_refs, skip_words};
use std::collections::{HashMap, HashSet};

/// The assignments found and what could not be resolved.
pub struct Owners {
    pub assignments: Vec<Assignment>,
    pub diagnostics: Vec<Diagnostic>,
}

/// How a frame reaches its tasks, most specific last (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Via {
    Intro,
    CrossReference,
    LeadIn,
    Heading,
    Subject,
    Field,
}

impl Via {
    pub fn name(self) -> &'static str {
        match self {
            Via::Intro => "intro",
            Via::CrossReference => "cross-reference",
            Via::LeadIn => "lead-in",
            Via::Heading => "heading",
            Via::Subject => "subject",
            Via::Field => "field",
        }
    }

    pub fn from_name(name: &str) -> Option<Via> {
        [Via::Intro, Via::CrossReference, Via::LeadIn, Via::Heading, Via::Subject, Via::Field].into_iter().find(|v| v.name() == name)
    }
}

/// What an inline field gives its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// "Cơ quan chủ trì:", "Đơn vị thực hiện:", "Cơ quan thực hiện:" (with a list under it)
    Lead,
    /// "Cơ quan phối hợp:", "Đơn vị phối hợp:"
    Support,
    /// "Thời gian thực hiện:", "Thời hạn hoàn thành:"
    Time,
    /// "Sản phẩm:", "Kết quả:", "Kinh phí:", "Nhiệm vụ:", "Nội dung:": the item's other facts
    Other,
}

/// The field an item's text opens with ("Đơn vị chủ trì: Bộ Công an.") and its value.
pub fn field(text: &str) -> Option<(FieldKind, &str)> {
    let (name, value) = text.split_once(':')?;
    let name = name.trim_start_matches(['-', '+', '•', ' ']).trim();
    if name.is_empty() || name.split_whitespace().count() > 7 {
        return None;
    }
    let key = fold_key(name);
    let kind = if dict::starts_with_word(&key, "time_fields") {
        FieldKind::Time
    } else if dict::starts_with_word(&key, "support_fields") {
        FieldKind::Support
    } else if dict::starts_with_word(&key, "lead_fields") {
        FieldKind::Lead
    } else if dict::starts_with_word(&key, "other_fields") && key.split_whitespace().count() <= 4 {
        FieldKind::Other
    } else {
        return None;
    };
    Some((kind, value.trim()))
}

/// Whether a node is an inline field of its parent rather than an item of its own:
/// a field with its value ("- Đơn vị chủ trì: Bộ Công an."), or a field name over
/// fields ("b) Cơ quan thực hiện:" over "- Đơn vị chủ trì: …").
pub fn is_field(n: &Node) -> bool {
    if n.kind == NodeKind::Row {
        return false;
    }
    let text = n.heading.as_deref().or(n.text.as_deref()).unwrap_or("");
    match field(text.lines().next().unwrap_or("")) {
        Some((kind, value)) => !value.is_empty() || n.children.iter().all(is_field) && (!n.children.is_empty() || kind != FieldKind::Other),
        None => false,
    }
}

/// Finds the assignment frames of a document.
pub fn extract(outline: &Outline) -> Owners {
    let mut ids: HashSet<&str> = HashSet::new();
    walk_outline(&outline.nodes, |n, _| {
        ids.insert(n.id.as_str());
    });
    let mut frames: Vec<Assignment> = Vec::new();
    let mut diagnostics = Vec::new();
    // the lead of the nearest frame on each node, for statements that name no subject
    let mut owner_of: HashMap<String, Vec<String>> = HashMap::new();
    walk_outline(&outline.nodes, |n, path| {
        if matches!(n.kind, NodeKind::Preamble | NodeKind::Attachment | NodeKind::Appendix | NodeKind::Row) {
            return;
        }
        let inherited: Vec<String> = path.iter().rev().find_map(|a| owner_of.get(&a.id)).cloned().unwrap_or_default();
        let parent = path.last().copied();
        let first_line = n.heading.as_deref().or(n.text.as_deref()).and_then(|t| t.lines().next()).unwrap_or("");
        // 1. an inline field reaches its item (or, under a field group such as "b) Cơ
        // quan thực hiện:", the item above the group)
        if let Some((kind, value)) = field(first_line).filter(|_| is_field(n)) {
            let target = match parent {
                Some(p) if p.kind != NodeKind::Row && is_field(p) => path.iter().rev().nth(1).copied(),
                p => p,
            };
            if let Some(item) = target {
                if let Some(a) = field_frame(kind, value, n, item) {
                    owner_of.entry(item.id.clone()).or_insert_with(|| a.lead.clone());
                    frames.push(a);
                }
            }
            return;
        }
        // 2. a heading that only names owners reaches its subtree
        let heading_owners = n.heading.as_deref().and_then(owners_heading).or_else(|| (!n.children.is_empty()).then(|| n.text.as_deref().and_then(|t| owners_heading(t.lines().next().unwrap_or("")))).flatten());
        if let Some(lead) = heading_owners.filter(|l| !l.is_empty()) {
            if !n.children.is_empty() || n.heading.is_some() {
                owner_of.insert(n.id.clone(), lead.clone());
                frames.push(frame(n, lead, vec![], vec![n.id.clone()], Via::Heading));
                // the body of a headed node may still say more ("… phối hợp với X")
                if n.children.is_empty() {
                    if let Some(text) = n.text.as_deref() {
                        let own = owner_of[&n.id].clone();
                        for (a, refs) in statements(text, n, &own) {
                            push_statement(a, refs, n, path, &ids, &mut frames, &mut diagnostics);
                        }
                    }
                }
                return;
            }
        }
        let Some(text) = n.text.as_deref().or(n.heading.as_deref()) else { return };
        // 3. a lead-in ending with a colon reaches the subtree (or the siblings after it)
        if let Some(last) = text.lines().last().filter(|l| l.trim_end().ends_with(':')) {
            if let Some((lead, support)) = subject_of(last).filter(|(l, _)| !l.is_empty()) {
                let scope = if n.children.is_empty() { siblings_after(n, parent) } else { vec![n.id.clone()] };
                if !scope.is_empty() {
                    owner_of.insert(n.id.clone(), lead.clone());
                    for s in &scope {
                        owner_of.entry(s.clone()).or_insert_with(|| lead.clone());
                    }
                    frames.push(frame(n, lead, support, scope, Via::LeadIn));
                }
            } else if let Some(lead) = intro_owners(last) {
                if !n.children.is_empty() {
                    frames.push(frame(n, lead, vec![], vec![n.id.clone()], Via::Intro));
                }
            }
        }
        // 4. the node's own statements: its subject, its chủ trì / phối hợp, its
        // cross-references; a parent's subject reaches the items under it
        for (k, (mut a, refs)) in statements(text, n, &inherited).into_iter().enumerate() {
            if !a.lead.is_empty() && refs.is_empty() {
                if k == 0 && !n.children.is_empty() && !owner_of.contains_key(&n.id) {
                    a.via = Some(Via::LeadIn.name().into());
                }
                owner_of.entry(n.id.clone()).or_insert_with(|| a.lead.clone());
            }
            push_statement(a, refs, n, path, &ids, &mut frames, &mut diagnostics);
        }
    });
    Owners { assignments: frames, diagnostics }
}

fn frame(n: &Node, lead: Vec<String>, support: Vec<String>, scope: Vec<String>, via: Via) -> Assignment {
    Assignment { line: n.line.unwrap_or(0), node: n.id.clone(), lead, support, scope, scope_text: None, deadline: None, via: Some(via.name().into()) }
}

/// A field's frame on its item: "Đơn vị chủ trì: Bộ Công an", "Cơ quan phối hợp: …",
/// "Cơ quan thực hiện: Sở X chủ trì, phối hợp với Sở Y" (a statement in the value),
/// "Thời gian thực hiện: Quý IV/2023".
fn field_frame(kind: FieldKind, value: &str, n: &Node, item: &Node) -> Option<Assignment> {
    let mut a = frame(n, vec![], vec![], vec![item.id.clone()], Via::Field);
    match kind {
        FieldKind::Lead => {
            let value = if value.is_empty() { n.text.as_deref().unwrap_or("") } else { value };
            match subject_of(value) {
                Some((lead, support)) if !lead.is_empty() => {
                    a.lead = lead;
                    a.support = support;
                }
                _ => a.lead = agency::cell(value.split(['.', '\n']).next().unwrap_or("")),
            }
        }
        FieldKind::Support => a.support = agency::cell(value.split(['.', '\n']).next().unwrap_or("")).into_iter().filter(|s| !agency::is_collective(s)).collect(),
        FieldKind::Time => a.deadline = deadlines::cell(value).or_else(|| deadlines::field(&format!("Thời gian: {value}"))),
        FieldKind::Other => return None,
    }
    (!a.lead.is_empty() || !a.support.is_empty() || a.deadline.is_some()).then_some(a)
}

/// The ids of the siblings after a lead-in that has no children of its own, up to
/// the next sibling that names owners itself.
fn siblings_after(n: &Node, parent: Option<&Node>) -> Vec<String> {
    let Some(p) = parent else { return vec![] };
    let Some(pos) = p.children.iter().position(|c| c.id == n.id) else { return vec![] };
    let mut out = Vec::new();
    for s in &p.children[pos + 1..] {
        let t = s.heading.as_deref().or(s.text.as_deref()).unwrap_or("");
        if s.kind != n.kind || t.trim_end().ends_with(':') || owners_heading(t).is_some() {
            break;
        }
        out.push(s.id.clone());
    }
    out
}

fn push_statement(mut a: Assignment, refs: Vec<CrossRef>, n: &Node, path: &[&Node], ids: &HashSet<&str>, frames: &mut Vec<Assignment>, diagnostics: &mut Vec<Diagnostic>) {
    if refs.is_empty() {
        if !a.lead.is_empty() || !a.support.is_empty() {
            frames.push(a);
        }
        return;
    }
    let mut resolved = Vec::new();
    for r in &refs {
        for p in r.paths() {
            let id = resolve(&p, n, path);
            if ids.contains(id.as_str()) {
                resolved.push(id);
            } else {
                diagnostics.push(Diagnostic::warning("unresolved-reference", n.line, format!("'{}' names {id}, which is not in the outline", r.text)).at_node(n.id.clone()));
            }
        }
    }
    a.scope = resolved;
    a.via = Some(Via::CrossReference.name().into());
    if !a.lead.is_empty() {
        frames.push(a);
    }
}

/// Gives a cross-reference path its full id: a path without a part takes the part
/// of the node it is written in ("điểm a mục 6 trên").
pub fn resolve(path: &[(Shape, String)], node: &Node, ancestors: &[&Node]) -> String {
    let labels: Vec<&str> = path.iter().map(|(_, l)| l.as_str()).collect();
    let has_part = path.first().is_some_and(|(s, _)| *s == Shape::Roman);
    let prefix = node.id.split_once(':').map(|(p, _)| format!("{p}:")).unwrap_or_default();
    if has_part {
        return format!("{prefix}{}", labels.join("."));
    }
    let part = ancestors.iter().chain(std::iter::once(&node)).find(|a| a.kind == NodeKind::Part).map(|p| p.id.clone());
    match part {
        Some(p) => format!("{p}.{}", labels.join(".")),
        None => format!("{prefix}{}", labels.join(".")),
    }
}

/// A heading that only names owners, or names them after "… của" ("Nội dung giám sát
/// của chủ chương trình", "Nhiệm vụ của các bộ, ngành, địa phương"); a level of
/// government standing alone ("Cấp thành phố") names the bodies of that level.
pub fn owners_heading(text: &str) -> Option<Vec<String>> {
    let t = text.trim();
    if t.is_empty() || t.len() > 400 {
        return None;
    }
    if let Some(names) = agency::owners_only(t) {
        return Some(names);
    }
    // a level of government: "Cấp xã", "Ở cấp tỉnh:", "… báo cáo ở cấp thành phố"
    if t.split_whitespace().count() > 30 {
        return None;
    }
    let key = fold_key(t.trim_end_matches(['.', ':']));
    for level in dict::keys("government_levels") {
        let whole = key == *level || key.strip_prefix("ở ").or_else(|| key.strip_prefix("tại ")) == Some(level.as_str());
        let closing = key.ends_with(&format!(" ở {level}")) || key.ends_with(&format!(" tại {level}"));
        if whole || closing {
            let mut c = level.chars();
            return Some(vec![c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()]);
        }
    }
    // "<duty noun> của <owner>": the owner after the last "của"
    if dict::starts_with_word(&key, "duty_nouns") {
        if let Some(pos) = t.rfind(" của ") {
            let owner = t[pos + " của ".len()..].trim();
            let mut c = owner.chars();
            let cap: String = c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default();
            return agency::owners_only(&cap);
        }
    }
    None
}

/// The owners a statement names as its subject, and the bodies it works with: "Sở Y
/// tế chủ trì, phối hợp với Sở Tài chính …", "Trong thời hạn 03 tháng …, Bộ NN&MT có
/// trách nhiệm …", "Giao Sở Tài chính …", "Đề nghị Ủy ban MTTQ tỉnh …", "Chăm sóc
/// sức khỏe: Ủy ban nhân dân xã phối hợp …" (a topic before a colon), "… do Bộ Công an
/// chủ trì". Returns None when the sentence names no one.
pub fn subject_of(sentence: &str) -> Option<(Vec<String>, Vec<String>)> {
    let s = sentence.trim().trim_start_matches(['-', '+', '•', ' ']);
    let mut lead = subject_names(s);
    // "… do X chủ trì", "giao (cho) X chủ trì", "X là cơ quan chủ trì"
    if lead.is_empty() {
        if let Some(cue) = cue::first(s, CueKind::Lead) {
            let before = &s[..cue.start];
            for (start, end, _) in agency::find(before) {
                let (names, len) = agency::list_at(&before[start..]);
                // the words around the name only: a sentence may name many bodies
                let gap = crate::tokens::head_key(&before[start + len..], 4);
                let head = crate::tokens::tail_key(&before[..start], 3);
                let introduced = head.ends_with(" do") || head.ends_with(" giao") || head.ends_with(" giao cho") || head == "do" || head == "giao";
                let _ = end;
                if introduced && (gap.trim().is_empty() || gap.trim() == "là cơ quan" || gap.trim() == "làm") {
                    lead = names;
                    break;
                }
            }
        }
    }
    let support = support_of(s);
    (!lead.is_empty() || !support.is_empty()).then_some((lead, support))
}

/// The subject at the start of a sentence, after a fronted phrase ("Trong thời hạn …,",
/// "Căn cứ …,", "Hằng năm,") or a topic and its colon.
fn subject_names(s: &str) -> Vec<String> {
    let mut starts = vec![s];
    let key = crate::tokens::head_key(s, 4);
    if dict::starts_with_word(&key, "fronted_phrases") {
        if let Some(p) = s.find(", ") {
            starts.push(s[p + 2..].trim_start());
        }
    }
    if let Some((topic, rest)) = s.split_once(": ") {
        if topic.split_whitespace().count() <= 14 {
            starts.push(rest.trim_start());
        }
    }
    for start in starts {
        let start = start.trim_start();
        let key = crate::tokens::head_key(start, 3);
        // "Giao Sở X …", "Đề nghị Ủy ban MTTQ …", "Yêu cầu các Sở …"
        let lead_in = dict::keys("assignment_verbs").iter().filter(|w| key.starts_with(w.as_str()) && key[w.len()..].starts_with(' ')).map(|w| w.split(' ').count()).max();
        let body = match lead_in {
            Some(words) => skip_words(start, words),
            None => start,
        };
        let (names, end) = agency::list_at(body);
        if names.is_empty() {
            continue;
        }
        // a subject is followed by what it does, not by the end of the sentence
        let after = body[end..].trim_start();
        if after.is_empty() || after.starts_with(['.', ';']) {
            continue;
        }
        return names;
    }
    vec![]
}

/// The named bodies of a "phối hợp (với) …" phrase: the support of the statement.
fn support_of(s: &str) -> Vec<String> {
    let Some(cue) = cue::first(s, CueKind::Support) else { return vec![] };
    agency::list_at(s[cue.end..].trim_start()).0
}

/// A paragraph handing the items below to named bodies ("… các Bộ, cơ quan ngang Bộ, …,
/// Ủy ban nhân dân các tỉnh … cần cụ thể hóa và tổ chức triển khai thực hiện các nhiệm
/// vụ sau đây:"): the first list of bodies followed by a verb of doing.
fn intro_owners(sentence: &str) -> Option<Vec<String>> {
    let key = fold_key(sentence);
    if !dict::has_word(&key, "intro_closings") {
        return None;
    }
    for (start, _, _) in agency::find(sentence) {
        let (names, end) = agency::list_at(&sentence[start..]);
        let after = crate::tokens::head_key(&sentence[start + end..], 6);
        if !names.is_empty() && dict::starts_with_word(after.trim_start(), "duty_verbs") {
            return Some(names);
        }
    }
    None
}

/// The assignments of one node's text, with their cross-references: one per clause
/// (";") that names a subject, a chủ trì or a cross-reference; a clause without a
/// subject takes `inherited`, the owner of the nearest frame above.
fn statements(text: &str, node: &Node, inherited: &[String]) -> Vec<(Assignment, Vec<CrossRef>)> {
    let mut out = Vec::new();
    let first_line = text.lines().next().unwrap_or("").trim();
    // "Sở Thông tin và Truyền thông: Tuyên truyền …" names its subject as a label
    let (label_subject, body) = match first_line.split_once(':') {
        Some((head, rest)) => match agency::owners_only(head) {
            Some(names) => (names, rest),
            None => (vec![], first_line),
        },
        None => (vec![], first_line),
    };
    let mut subject = label_subject.clone();
    for (k, clause) in body.split(';').enumerate() {
        let clause = clause.trim();
        if clause.is_empty() {
            continue;
        }
        let refs = cross_refs(clause);
        // after the first clause, a body written first is the object of an elided verb
        // ("…; báo cáo UBND thành phố …") unless the clause assigns ("Sở Y phối hợp"
        // is support; "Sở Z chủ trì …" or a cross-reference is a statement of its own)
        let found = subject_of(clause).map(|(l, s)| if k > 0 && refs.is_empty() && cue::first(clause, CueKind::Lead).is_none() { (vec![], s) } else { (l, s) });
        let (lead, support) = match &found {
            Some((l, s)) if !l.is_empty() => {
                if k == 0 || subject.is_empty() {
                    subject = l.clone();
                }
                (l.clone(), s.clone())
            }
            Some((_, s)) => (if subject.is_empty() { inherited.to_vec() } else { subject.clone() }, s.clone()),
            None if k == 0 && !subject.is_empty() => (subject.clone(), vec![]),
            None if !refs.is_empty() => (if subject.is_empty() { inherited.to_vec() } else { subject.clone() }, vec![]),
            None => continue,
        };
        // a statement without a subject of its own only adds support to the owner above
        let own_lead = found.as_ref().is_some_and(|(l, _)| !l.is_empty()) || k == 0 && !label_subject.is_empty();
        let lead = if own_lead || !refs.is_empty() { lead } else { vec![] };
        let support: Vec<String> = support.into_iter().filter(|s| !lead.contains(s)).collect();
        out.push((
            Assignment {
                line: node.line.unwrap_or(0),
                node: node.id.clone(),
                lead,
                support,
                scope: vec![node.id.clone()],
                scope_text: (!refs.is_empty()).then(|| refs.iter().map(|r| r.text.clone()).collect::<Vec<_>>().join("; ")),
                deadline: deadlines::in_text(clause),
                via: Some(Via::Subject.name().into()),
            },
            refs,
        ));
    }
    out
}
