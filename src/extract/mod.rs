//! Stage 5, extract: the outline in, the model's facts out.
//!
//! Structure first, details second (as pulldown-cmark does): the outline is
//! fixed, then each extractor reads the text of the nodes it concerns.
//!
//! - [`header`]: kind, number, issuer, place, date, title, bases, period, signer;
//! - [`references`]: numbered documents cited in the body;
//! - [`owners`]: the assignment statements of "Tổ chức thực hiện", resolved onto tasks;
//! - [`deadlines`]: a deadline for every task, from its own text, its ancestors or the plan;
//! - [`targets`]: the numeric targets (chỉ tiêu) with comparator, unit and year.

pub mod header;
pub mod references;
pub mod owners;
pub mod deadlines;
pub mod targets;
pub mod tasks;

use crate::lines::Line;
use crate::model::{Attached, Model, NodeKind, SCHEMA, Source};
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
    let references = references::extract(&outline, &document);
    let owners::Owners { assignments, diagnostics: owner_diags } = owners::extract(&outline);
    diagnostics.extend(owner_diags);
    let (tasks, task_diags) = tasks::extract(&outline, &assignments, &document);
    diagnostics.extend(task_diags);
    let (targets, target_diags) = targets::extract(&outline);
    diagnostics.extend(target_diags);
    diagnostics.sort_by_key(|d| (d.line.unwrap_or(0), d.code.clone()));
    Model {
        schema: SCHEMA.to_string(),
        source: Source {
            file: String::new(),
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
        diagnostics,
    }
}
