//! References: every numbered document cited in the body, with kind, date and issuer.
//!
//! A citation is a document number (`163/2017/NĐ-CP`, `45-NQ/TW`) with the kind
//! written before it ("Nghị định số", "Nghị quyết") and, in a first citation,
//! "ngày …" and "của `<issuer>`" after it (ND30's rule for first citations,
//! conventions §1.5). Citations are merged by number in order of first citation.
//! The document's own number and the lines outside the body are not read.

use crate::model::{Document, Reference};
use crate::outline::Outline;
use crate::tokens::citation::cited_at;

/// Numbered documents cited in the body.
pub fn extract(outline: &Outline, doc: &Document) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    for p in outline.paragraphs() {
        for (at, mut r) in cited_at(&p.text) {
            let line = crate::outline::line_at(&p.map, at);
            if r.number.is_none() || r.number == doc.number {
                continue;
            }
            match out.iter_mut().find(|o| o.number == r.number) {
                Some(o) => {
                    if !o.lines.contains(&line) {
                        o.lines.push(line);
                    }
                    o.date = o.date.take().or(r.date);
                    o.issuer = o.issuer.take().or(r.issuer);
                    o.kind = o.kind.take().or(r.kind);
                }
                None => {
                    r.lines = vec![line];
                    out.push(r);
                }
            }
        }
    }
    out
}

