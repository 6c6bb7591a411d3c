//! Stage 5, extract: the outline in, the model's facts out.
//!
//! Structure first, details second (as pulldown-cmark does): the outline is
//! fixed, then each extractor reads the text of the nodes it concerns.
//!
//! - [`header`]: kind, number, issuer, place, date, title, bases, period, signer;
//! - [`references`]: numbered documents cited in the body;
//! - [`owners`]: the assignment statements of "Tổ chức thực hiện", resolved onto tasks;
//! - [`deadlines`]: a deadline for every task, from its own text, its ancestors or the plan;
//! - [`targets`]: the numeric targets (chỉ tiêu) with comparator, unit and year;
//! - [`sectors`]: the sector of every task and target, from headings, parallel structure or keywords.

pub mod header;
pub mod references;
pub mod owners;
pub mod deadlines;
pub mod targets;
pub mod tasks;
pub mod sectors;

use crate::lines::Line;
use crate::model::{AgencyNote, Attached, Model, NodeKind, SCHEMA, Source, Successor};
use crate::outline::Outline;

/// Builds the model from the classified lines and their outline.
pub fn extract(lines: &[Line], outline: Outline) -> Model {
    let mut diagnostics = outline.diagnostics.clone();
    let mut document = header::extract(lines, &outline);
    document.attachments = outline
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Attachment | NodeKind::Appendix))
        .map(|n| Attached {
            id: n.id.clone(),
            kind: if n.kind == NodeKind::Attachment { "attachment" } else { "appendix" }.into(),
            title: n.heading.clone(),
            line: n.line,
        })
        .collect();
    if document.number.is_none() && document.date.is_none() && document.issuer.is_none() {
        diagnostics.push(crate::model::Diagnostic::info(
            "no-header",
            Some(1),
            "the text has no header (no number, date or issuer): it is read as an excerpt of a document",
        ));
    }
    let references = references::extract(&outline, &document);
    let owners::Owners { assignments, diagnostics: owner_diags } = owners::extract(&outline);
    diagnostics.extend(owner_diags);
    let (tasks, task_diags) = tasks::extract(&outline, &assignments, &document);
    diagnostics.extend(task_diags);
    let (targets, target_diags) = targets::extract(&outline);
    diagnostics.extend(target_diags);
    let agencies = agency_notes(&tasks);
    diagnostics.sort_by_key(|d| (d.line.unwrap_or(0), d.code.clone()));
    let mut model = Model {
        schema: SCHEMA.to_string(),
        source: Source {
            file: String::new(),
            format: "text".into(),
            sha256: String::new(),
            encoding: String::new(),
            bytes: 0,
            lines: lines.len(),
            normalized: vec![],
            header: outline.header,
            trailing: outline.trailing.clone(),
        },
        document,
        outline: outline.nodes,
        tasks,
        targets,
        references,
        assignments,
        agencies,
        diagnostics,
    };
    sectors::assign(&mut model, &sectors::DEFAULT);
    model
}

/// The agencies the tasks name, in order of first appearance, with their counts and
/// their successor after the 2025 reorganisation (conventions §6.2).
fn agency_notes(tasks: &[crate::model::Task]) -> Vec<AgencyNote> {
    let mut notes: Vec<AgencyNote> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for t in tasks {
        for (names, lead) in [(&t.lead, true), (&t.support, false)] {
            for name in names {
                let i = *index.entry(name.clone()).or_insert_with(|| {
                    notes.push(AgencyNote {
                        name: name.clone(),
                        leads: 0,
                        supports: 0,
                        successor: crate::dict::successor(name).map(|s| Successor { name: s.successor.into(), since: s.since.into(), basis: s.basis.into() }),
                    });
                    notes.len() - 1
                });
                if lead {
                    notes[i].leads += 1;
                } else {
                    notes[i].supports += 1;
                }
            }
        }
    }
    notes
}
