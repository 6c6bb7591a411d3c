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

use crate::dict;
use crate::patterns::DATE;

/// The folded key of the last `n` words of a text: enough to test what stands just
/// before a position, without folding everything before it (linear on long lines).
pub fn tail_key(text: &str, n: usize) -> String {
    let mut words = 0;
    let mut in_word = false;
    let mut start = 0;
    for (i, c) in text.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                if words == n {
                    start = i + c.len_utf8();
                    break;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    crate::normalize::fold_key(&text[start..])
}

/// At most the first `max` bytes of a text, cut at a character boundary: the part of
/// a line's rest a test needs to read.
pub fn lead(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The folded key of the first `n` words of a text: enough to test what a text opens
/// with, without folding all of it (a long paragraph is tested many times).
pub fn head_key(text: &str, n: usize) -> String {
    let mut end = text.len();
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                if words == n {
                    end = i;
                    break;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    crate::normalize::fold_key(&text[..end])
}

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
/// The text is searched for the needle as written, capitalized and in capitals (the
/// ways a cue word is written: "chủ trì", "Chủ trì", "CHỦ TRÌ"), with no copy of it.
pub fn find_ci(text: &str, needle: &str) -> Option<usize> {
    Forms::new(needle).find(text)
}

/// The three ways a word of a lexicon is written (as listed, capitalized, in capitals),
/// built once per word for the lists searched in every paragraph.
pub struct Forms {
    pub lower: String,
    capitalized: String,
    upper: String,
}

impl Forms {
    pub fn new(needle: &str) -> Forms {
        let lower = needle.to_lowercase();
        let mut c = lower.chars();
        let capitalized: String = c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default();
        let upper = lower.to_uppercase();
        Forms { lower, capitalized, upper }
    }

    /// Where the word occurs first in `text` as a whole word, in any of its forms.
    pub fn find(&self, text: &str) -> Option<usize> {
        if self.lower.is_empty() {
            return None;
        }
        [self.lower.as_str(), self.capitalized.as_str(), self.upper.as_str()]
            .iter()
            .filter_map(|form| {
                text.match_indices(*form).find_map(|(p, m)| {
                    let start_ok = text[..p].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                    let end_ok = text[p + m.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                    (start_ok && end_ok).then_some(p)
                })
            })
            .min()
    }
}

/// Every form ([`Forms`]) of every word of a lexicon list, as one [`dict::WordSet`]
/// built on first use: `first(text)` is the earliest whole-word occurrence of any,
/// the longest at that position, found in one pass over the text.
pub fn list_forms(list: &str) -> &'static dict::WordSet {
    static SETS: std::sync::LazyLock<std::collections::HashMap<&'static str, std::sync::OnceLock<dict::WordSet>>> =
        std::sync::LazyLock::new(|| dict::list_names().map(|name| (name, std::sync::OnceLock::new())).collect());
    static EMPTY: std::sync::LazyLock<dict::WordSet> = std::sync::LazyLock::new(|| dict::WordSet::new([]));
    let Some(set) = SETS.get(list) else { return &EMPTY };
    set.get_or_init(|| {
        let forms: Vec<Forms> = dict::words(list).iter().map(|w| Forms::new(w)).collect();
        dict::WordSet::new(forms.iter().flat_map(|f| [f.lower.as_str(), f.capitalized.as_str(), f.upper.as_str()]))
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


/// Renders what one recognizer finds in a text, one token a line, for the spec file
/// (`tests/tokens.spec`): `time`, `agency`, `quantity`, `citation`, `xref` or `cue`.
pub fn render(kind: &str, text: &str) -> Vec<String> {
    match kind {
        "time" => time::find(text)
            .iter()
            .map(|t| {
                let when = match &t.when {
                    time::When::Year(y) => format!("year {y}"),
                    time::When::Span(a, Some(b)) => format!("span {a}-{b}"),
                    time::When::Span(a, None) => format!("from {a}"),
                    time::When::Date(d) => format!("date {d}"),
                    time::When::DayMonth(d, m) => format!("day {d}/{m}"),
                    time::When::Month(m, Some(y)) => format!("month {m}/{y}"),
                    time::When::Month(m, None) => format!("month {m}"),
                    time::When::Months(a, b, y) => format!("months {a}-{b}{}", y.map(|y| format!("/{y}")).unwrap_or_default()),
                    time::When::Quarter(q, Some(y)) => format!("quarter {q}/{y}"),
                    time::When::Quarter(q, None) => format!("quarter {q}"),
                    time::When::Quarters(a, ya, b, yb) => format!("quarters {a}{}-{b}/{yb}", ya.map(|y| format!("/{y}")).unwrap_or_default()),
                    time::When::Recurring(e) => format!("every {}", e.name()),
                    time::When::Continuous => "continuous".to_string(),
                };
                let mut s = format!("{when} ({}) \"{}\"", format!("{:?}", t.governor).to_lowercase(), t.text(text));
                if t.yearly {
                    s.push_str(" yearly");
                }
                if t.citation {
                    s.push_str(" citation");
                }
                s
            })
            .collect(),
        "agency" => agency::find(text).into_iter().map(|(s, e, name)| format!("{name} \"{}\"", text[s..e].trim().trim_end_matches([',', ';', ':']))).collect(),
        "list" => {
            let (names, _) = agency::list_at(text);
            names
        }
        "cell" => agency::cell(text),
        "quantity" => quantity::find(text)
            .iter()
            .filter(|q| q.is_measured())
            .map(|q| {
                let value = match q.high {
                    Some(h) => format!("{}-{}", q.low, h),
                    None => format!("{}", q.low),
                };
                let cmp = q.comparator.map(|c| format!("{c:?}").to_lowercase()).unwrap_or_else(|| "-".into());
                format!("{value} {cmp} {} \"{}\"", q.unit.as_deref().unwrap_or("-"), &text[q.start..q.end])
            })
            .collect(),
        "citation" => citation::cited(text)
            .into_iter()
            .map(|r| {
                let mut s = format!("{} {}", r.kind.as_deref().unwrap_or("-"), r.number.as_deref().unwrap_or("-"));
                if let Some(d) = r.date {
                    s.push_str(&format!(" {d}"));
                }
                if let Some(i) = r.issuer {
                    s.push_str(&format!(" \"{i}\""));
                }
                s
            })
            .collect(),
        "xref" => cross_refs(text).iter().flat_map(|r| r.paths()).map(|p| p.into_iter().map(|(_, l)| l).collect::<Vec<_>>().join(".")).collect(),
        "cue" => cue::find(text).into_iter().map(|c| format!("{} \"{}\"", c.kind.name(), &text[c.start..c.end])).collect(),
        other => vec![format!("unknown recognizer {other}")],
    }
}
