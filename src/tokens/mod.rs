//! Stage 3c, tokens: one recognizer per concept, built once, used by every stage
//! that needs it (outline, tables and every extractor), each returning spans with
//! their byte range in the text it was given.
//!
//! - [`agency`]: agencies, collectives and office-holders ("Sở Y tế", "Các Sở, ngành",
//!   "Bộ trưởng Bộ Tài chính" = Bộ Tài chính);
//! - [`citation`]: documents cited by number, with kind, date and issuer;
//! - [`cue`]: cue words of assignment ("chủ trì", "phối hợp với", "giao");
//! - [`quantity`]: numbers with unit and comparator ("đạt khoảng 9,89%", "25 - 30%");
//! - [`time`]: time phrases ("trong quý II/2026", "định kỳ 6 tháng", "thường xuyên");
//! - [`xref`]: cross-references to parts of this document ("tiết a1 điểm a mục 6 phần III");
//!
//! The recognizers read; they never decide what a span means for a task or a target
//! (that is the extractors' business). `tests/tokens.spec` states what each one
//! recognizes, line by line.

pub mod agency;
pub mod citation;
pub mod cue;
pub mod quantity;
pub mod time;
pub mod xref;

pub use xref::{CrossRef, Shape, cross_refs};

use crate::patterns::DATE;

/// The text after its first `n` words.
pub fn skip_words(text: &str, n: usize) -> &str {
    let mut rest = text.trim_start();
    for _ in 0..n {
        rest = rest.find(' ').map_or("", |p| rest[p..].trim_start());
    }
    rest
}

/// The byte position in `text` where `needle` (written in lower case) occurs first,
/// case-insensitively, as whole words. Positions are those of `text` itself (a folded
/// key is not byte-aligned with its source, so never slice a text at a key's offsets).
pub fn find_ci(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let mut lower = String::with_capacity(text.len());
    let mut map: Vec<usize> = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        for l in c.to_lowercase() {
            let before = lower.len();
            lower.push(l);
            map.extend(std::iter::repeat_n(i, lower.len() - before));
        }
    }
    map.push(text.len());
    lower.match_indices(needle).find_map(|(p, _)| {
        let start_ok = lower[..p].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let end_ok = lower[p + needle.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        (start_ok && end_ok).then(|| map[p])
    })
}

/// An ISO date from day, month and year strings, when they form a real date.
pub fn iso_date(d: &str, m: &str, y: &str) -> Option<String> {
    let (d, m, y): (u32, u32, i32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    (d >= 1 && d <= days && (1900..=2100).contains(&y)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The first date ("ngày 19/02/2020", "ngày 21 tháng 11 năm 2025") in a text, with its byte range.
pub fn first_date(text: &str) -> Option<(String, usize, usize)> {
    DATE.captures_iter(text).find_map(|c| {
        let m = c.get(0)?;
        iso_date(&c[1], &c[2], &c[3]).map(|d| (d, m.start(), m.end()))
    })
}

