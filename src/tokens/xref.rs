//! Cross-references to parts of this document ("tiết a1, a2 điểm a mục 6 phần III").
//!
//! In: a text. Out: each reference with its byte range and its labels by level.
//! Cross-references are resolved by the *shape* of each label (Roman → part,
//! Arabic → section, letter → point, letter+digit → sub-point), not by the word
//! before it: plans call the Roman level "phần" or "mục" (conventions §2.4).

use crate::dict;
use crate::patterns::{XREF, XREF_UNIT};

/// The level a cross-reference label names, by its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shape {
    Roman,
    Arabic,
    Letter,
    LetterDigit,
}

/// A reference to parts of this document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossRef {
    /// Byte range of the phrase in the line.
    pub start: usize,
    pub end: usize,
    /// The phrase as written.
    pub text: String,
    /// The labels, one list per level, outermost level first.
    pub levels: Vec<(Shape, Vec<String>)>,
}

impl CrossRef {
    /// The label paths this reference names, outermost first: "tiết a1, a2 điểm a mục 6
    /// phần III" gives `[[III, 6, a, a1], [III, 6, a, a2]]`. Levels with several labels
    /// other than the innermost take their first.
    pub fn paths(&self) -> Vec<Vec<(Shape, String)>> {
        let Some(((inner_shape, inner), outer)) = self.levels.split_last() else { return vec![] };
        let prefix: Vec<(Shape, String)> =
            outer.iter().filter_map(|(s, labels)| labels.first().map(|l| (*s, l.clone()))).collect();
        inner
            .iter()
            .map(|l| {
                let mut p = prefix.clone();
                p.push((*inner_shape, l.clone()));
                p
            })
            .collect()
    }

    /// The part (Roman) and section (Arabic) numbers named together, if both are.
    pub fn part_section(&self) -> Option<(String, u32)> {
        let part = self.levels.iter().find(|(s, _)| *s == Shape::Roman)?.1.first()?.clone();
        let sec = self.levels.iter().find(|(s, _)| *s == Shape::Arabic)?.1.first()?.parse().ok()?;
        Some((part, sec))
    }
}

fn shape(label: &str) -> Shape {
    let mut chars = label.chars();
    let first = chars.next().unwrap_or(' ');
    if label.chars().all(|c| "IVXLC".contains(c)) {
        Shape::Roman
    } else if first.is_ascii_digit() {
        Shape::Arabic
    } else if chars.next().is_some() {
        Shape::LetterDigit
    } else {
        Shape::Letter
    }
}

/// Cross-references to this document found in a line. References into another
/// document ("điểm a khoản 2 Điều 5 của Luật …", "mục 3 Nghị quyết số …") are skipped.
pub fn cross_refs(line: &str) -> Vec<CrossRef> {
    let mut out = Vec::new();
    // cheap pre-filter: the Unicode word boundaries of the pattern cost more than this scan
    const UNITS: [&str; 10] = ["ục ", "ần ", "iểm ", "iết ", "hoản ", "ỤC ", "ẦN ", "IỂM ", "IẾT ", "HOẢN "];
    if !UNITS.iter().any(|u| line.contains(u)) {
        return out;
    }
    for m in XREF.find_iter(line) {
        let after = line[m.end()..].trim_start();
        if refers_elsewhere(after) {
            continue;
        }
        let mut levels: Vec<(Shape, Vec<String>)> = Vec::new();
        for unit in XREF_UNIT.captures_iter(m.as_str()) {
            let labels: Vec<String> = unit[2]
                .split(',')
                .flat_map(|p| p.split(" và "))
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            let Some(first) = labels.first() else { continue };
            let s = shape(first);
            let labels: Vec<String> = labels.into_iter().filter(|l| shape(l) == s).collect();
            levels.push((s, labels));
        }
        // written smallest unit first; one entry per shape, outermost first, the labels of
        // a repeated unit together ("điểm b và điểm c")
        levels.sort_by_key(|(s, _)| *s);
        let mut merged: Vec<(Shape, Vec<String>)> = Vec::new();
        for (s, labels) in levels {
            match merged.last_mut() {
                Some((last, all)) if *last == s => all.extend(labels),
                _ => merged.push((s, labels)),
            }
        }
        let levels = merged;
        if levels.is_empty() {
            continue;
        }
        out.push(CrossRef { start: m.start(), end: m.end(), text: m.as_str().to_string(), levels });
    }
    out
}

fn refers_elsewhere(after: &str) -> bool {
    let lower = super::lead(after, 40).to_lowercase();
    if lower.starts_with("của") || lower.starts_with("điều") || lower.starts_with("chương") {
        return true;
    }
    if let Some(kind) = dict::kind_prefix(after) {
        let rest = super::lead(after.get(kind.len()..).unwrap_or("").trim_start(), 20).to_lowercase();
        return !rest.starts_with("này");
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(line: &str) -> Vec<String> {
        cross_refs(line)
            .iter()
            .flat_map(|r| r.paths())
            .map(|p| p.into_iter().map(|(_, l)| l).collect::<Vec<_>>().join("."))
            .collect()
    }

    #[test]
    fn chains_resolve_by_shape_outermost_first() {
        assert_eq!(ids("triển khai nhiệm vụ tại mục 2 phần III Kế hoạch này."), vec!["III.2"]);
        assert_eq!(
            ids("nhiệm vụ tại tiết a1, a2, a4 điểm a mục 6 phần III Kế hoạch này"),
            vec!["III.6.a.a1", "III.6.a.a2", "III.6.a.a4"]
        );
        assert_eq!(ids("tại điểm a mục 6 trên."), vec!["6.a"]);
        assert_eq!(ids("theo khoản 1 mục II"), vec!["II.1"]);
    }

    #[test]
    fn references_into_other_documents_are_skipped() {
        assert!(ids("theo điểm a khoản 2 Điều 5 của Luật").is_empty());
        assert!(ids("tại mục 3 Nghị quyết số 45-NQ/TW").is_empty());
        assert_eq!(ids("tại mục 3 Kế hoạch này"), vec!["3"]);
    }

    #[test]
    fn words_that_look_like_units_are_not_references() {
        assert!(ids("mục tiêu cụ thể, phần mềm, điểm du lịch").is_empty());
    }

}
