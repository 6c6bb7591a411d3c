//! Targets: the numeric goals (chỉ tiêu) written in the body.
//!
//! Each line is read sentence by sentence and clause by clause (";"). A number
//! is a target when it carries a unit of measure ("%", "tỷ đồng", "lượt khách"),
//! a comparator ("khoảng", "đạt", "trên", "tối thiểu", "từ … trở lên"), or
//! follows such a target in a coordinated list ("khoảng 1.248.000 lượt … và
//! 9.392.000 lượt …": the comparator distributes). Numbers are read the
//! Vietnamese way (`113.524`, `9,89`, `2.894,1`; conventions §4.1).
//!
//! Not targets (conventions §4.1, §4.3): years and dates, document numbers,
//! versions (`2.0`), digits glued to words (`5G`, `MICE1`, `a1`), service
//! levels (`mức độ 3, 4`), phases (`giai đoạn 1`), star ratings, ranks
//! (`hạng I`), ages qualifying a group (`dưới 1 tuổi`) and denominators
//! (`trên 1 vạn dân`).
//!
//! The year comes from a time phrase that opens the sentence ("Năm 2020, …",
//! "Đến năm 2025, …", "Giai đoạn 2021 - 2025, …"), which holds for the rest of
//! the line until another opens a sentence; a time phrase inside a clause
//! before the number ("… giai đoạn 2021 - 2025 đạt 15-16%/năm") holds for that
//! clause only; failing both, an ancestor heading such as "a) Năm 2020".

use crate::dict::UNITS;
use crate::extract::deadlines;
use crate::model::{Comparator, Diagnostic, Node, NodeKind, Period, Target, walk_outline};
use crate::normalize::fold_key;
use crate::outline::Outline;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+(?:[.,]\d+)*").expect("pattern"));
static SENTENCE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:đồng thời,\s*)?(?:trong\s+|đến\s+hết\s+|đến\s+|tới\s+|từ\s+|vào\s+)?(?:năm\s+((?:19|20)\d{2})|giai đoạn\s+((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2}))\s*,").expect("pattern")
});
static CLAUSE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:giai đoạn|thời kỳ)\s+((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})|(?:đến|trong|tới|vào)\s+(?:hết\s+|cuối\s+)?năm\s+((?:19|20)\d{2})").expect("pattern")
});
const SCALES: &[&str] = &["nghìn tỷ", "nghìn", "ngàn", "vạn", "triệu", "tỷ", "tỉ", "trăm", "chục"];

/// The time a target is set for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum When {
    Year(i32),
    Span(i32, i32),
}

/// Collects the targets of every body line.
pub fn extract(outline: &Outline) -> (Vec<Target>, Vec<Diagnostic>) {
    // the time phrase of each node's heading, for lines with no time phrase of their own
    let mut heading_time: HashMap<&str, When> = HashMap::new();
    let mut parent: HashMap<&str, &str> = HashMap::new();
    walk_outline(&outline.nodes, |n: &Node, path: &[&Node]| {
        if let Some(d) = n.heading.as_deref().and_then(deadlines::heading) {
            if let Some(y) = d.year {
                heading_time.insert(n.id.as_str(), When::Year(y));
            } else if let (Some(f), Some(t)) = (d.from, d.to) {
                heading_time.insert(n.id.as_str(), When::Span(f, t));
            }
        }
        if let Some(p) = path.last() {
            parent.insert(n.id.as_str(), p.id.as_str());
        }
    });
    let mut preamble_ids = Vec::new();
    walk_outline(&outline.nodes, |n, _| {
        if n.kind == NodeKind::Preamble {
            preamble_ids.push(n.id.clone());
        }
    });
    let mut rows: Vec<(&Node, Option<When>)> = Vec::new();
    walk_outline(&outline.nodes, |n: &Node, path: &[&Node]| {
        if n.kind == NodeKind::Row && n.heading.is_none() {
            // a group row's heading ("Đến năm 2030") gives its rows their year
            let group = path.iter().rev().find_map(|a| heading_time.get(a.id.as_str()).copied());
            rows.push((n, group));
        }
    });
    let row_ids: std::collections::HashSet<&str> = rows.iter().map(|(n, _)| n.id.as_str()).collect();
    let mut targets = Vec::new();
    for span in &outline.spans {
        if preamble_ids.contains(&span.node) || row_ids.contains(span.node.as_str()) {
            continue;
        }
        let mut inherited = None;
        let mut id = span.node.as_str();
        loop {
            if let Some(w) = heading_time.get(id) {
                inherited = Some(*w);
                break;
            }
            match parent.get(id) {
                Some(p) => id = p,
                None => break,
            }
        }
        read_line(&span.text, span.line, &span.node, inherited, &mut targets);
    }
    for (row, group) in rows {
        read_row(row, group, &mut targets);
    }
    targets.sort_by_key(|t| t.line);
    (targets, vec![])
}

/// The targets of a table row. In a targets table (Chỉ tiêu, Đơn vị, values) every
/// number of a value cell is a target, bare numbers included: the table names it
/// a chỉ tiêu (conventions §3.4); its year is the value column's, else the group
/// row's ("I. Đến năm 2030"). Other rows are read like body text, cell by cell,
/// with the year of their time cell.
fn read_row(row: &Node, group: Option<When>, out: &mut Vec<Target>) {
    let cells = row.cells.as_deref().unwrap_or(&[]);
    let line = row.line.unwrap_or(0);
    if row.table.as_deref() == Some("targets") {
        let indicator = cells.iter().find(|c| c.role == "indicator").map(|c| c.text.clone()).unwrap_or_default();
        let unit = cells.iter().find(|c| c.role == "unit").map(|c| c.text.trim().to_string()).filter(|u| !u.is_empty());
        for cell in cells.iter().filter(|c| c.role == "value") {
            let when = cell.year.map(When::Year).or(group);
            for piece in cell.text.split(';') {
                if let Some(t) = read_value(piece, &indicator, unit.as_deref(), when, &row.id, cell.line) {
                    out.push(t);
                }
            }
        }
        return;
    }
    let time = cells.iter().find(|c| c.role == "time").and_then(|c| deadlines::cell(&c.text));
    let when = time.and_then(|d| match (d.year, d.from, d.to) {
        (Some(y), _, _) => Some(When::Year(y)),
        (None, Some(f), Some(t)) => Some(When::Span(f, t)),
        _ => None,
    });
    for cell in cells.iter().filter(|c| matches!(c.role.as_str(), "content" | "product" | "indicator" | "value" | "other" | "note")) {
        read_line(&cell.text, line.max(cell.line.min(line)), &row.id, when.or(group), out);
    }
}

/// One value of a targets table: "≥ 55", "≤ 3 Đông Nam Á", "40 - 50", "20% - 50%",
/// "> 0,7", "100%", "09".
fn read_value(piece: &str, indicator: &str, unit: Option<&str>, when: Option<When>, node: &str, line: usize) -> Option<Target> {
    // comparator signs are read as the words they stand for
    let text = piece.replace(">=", "tối thiểu ").replace('≥', "tối thiểu ").replace("<=", "tối đa ").replace('≤', "tối đa ").replace('>', "trên ").replace('<', "dưới ");
    let f = NUMBER.find_iter(&text).find_map(|m| candidate(&text, m.start(), m.end()))?;
    let (comparator, value, low, high) = reading(&f);
    let (year, period) = year_period(when);
    Some(Target {
        node: node.to_string(),
        line,
        text: piece.trim().to_string(),
        indicator: indicator.to_string(),
        comparator,
        value,
        low,
        high,
        unit: unit.map(str::to_string).or(f.unit),
        year,
        period,
        sector: None,
        sector_source: None,
    })
}

/// Reads the targets of one line.
fn read_line(text: &str, line: usize, node: &str, inherited: Option<When>, out: &mut Vec<Target>) {
    let mut context = inherited;
    for sentence in sentences(text) {
        if let Some(c) = SENTENCE_TIME.captures(sentence.trim_start()) {
            context = when_of(&c, 1, 2, 3);
        }
        for clause in sentence.split(';') {
            read_clause(clause, line, node, context, out);
        }
    }
}

fn when_of(c: &regex::Captures<'_>, year: usize, from: usize, to: usize) -> Option<When> {
    if let Some(y) = c.get(year) {
        return y.as_str().parse().ok().map(When::Year);
    }
    match (c.get(from), c.get(to)) {
        (Some(f), Some(t)) => Some(When::Span(f.as_str().parse().ok()?, t.as_str().parse().ok()?)),
        _ => None,
    }
}

/// Splits a line into sentences at ". " before a capital letter or a digit.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(". ") {
        let next = text[i + 2..].chars().next();
        if next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) && i > 0 && !bytes[i - 1].is_ascii_digit() || next.is_some_and(|c| c.is_uppercase()) {
            out.push(&text[start..=i]);
            start = i + 2;
        }
    }
    out.push(&text[start..]);
    out
}

struct Found {
    start: usize,
    end: usize,
    low: f64,
    high: Option<f64>,
    unit: Option<String>,
    comparator: Option<Comparator>,
    connector: bool,
}

fn read_clause(clause: &str, line: usize, node: &str, context: Option<When>, out: &mut Vec<Target>) {
    let mut found: Vec<Found> = Vec::new();
    let mut skip_until = 0;
    for m in NUMBER.find_iter(clause) {
        if m.start() < skip_until {
            continue;
        }
        let Some(f) = candidate(clause, m.start(), m.end()) else { continue };
        skip_until = f.end;
        found.push(f);
    }
    // a comparator distributes over a list closed by "và" ("Tối thiểu 80% …, 60% … và 30% …")
    let joined_by_va = |f: &Found| f.connector && clause[..f.start].trim_end().ends_with("và");
    // closed[i]: the run of coordinated items from i on is closed by "và" (computed backwards: linear)
    let mut closed = vec![false; found.len()];
    for i in (0..found.len()).rev() {
        closed[i] = found[i].connector && (joined_by_va(&found[i]) || closed.get(i + 1).copied().unwrap_or(false));
    }
    let mut last_cmp: Option<Comparator> = None;
    for i in 0..found.len() {
        let closed = closed[i];
        match found[i].comparator {
            Some(c) => last_cmp = Some(c),
            None if found[i].connector && last_cmp.is_some() && closed => found[i].comparator = last_cmp,
            None => last_cmp = None,
        }
    }
    let prev_end = |i: usize, found: &[Found]| if i == 0 { 0 } else { found[i - 1].end };
    let mut clause_when: Option<When> = None;
    for i in 0..found.len() {
        let f = &found[i];
        let is_target = f.unit.is_some() || f.comparator.is_some() || f.high.is_some();
        if !is_target {
            continue;
        }
        // the time phrase of this clause before the number, else the sentence's
        // a time phrase inside the clause holds from where it is written to the clause's end
        if let Some(w) = CLAUSE_TIME.captures_iter(window(clause, prev_end(i, &found), f.start)).last().and_then(|c| when_of(&c, 3, 1, 2)) {
            clause_when = Some(w);
        }
        let when = clause_when.or(context);
        let indicator = indicator(clause, prev_end(i, &found), f);
        let (comparator, value, low, high) = reading(f);
        let (year, period) = year_period(when);
        out.push(Target {
            node: node.to_string(),
            line,
            text: clause.trim().to_string(),
            indicator,
            comparator,
            value,
            low,
            high,
            unit: f.unit.clone(),
            year,
            period,
            sector: None,
            sector_source: None,
        });
    }
}

/// The comparator and the value or bounds of a number found.
fn reading(f: &Found) -> (Comparator, Option<f64>, Option<f64>, Option<f64>) {
    match f.high {
        Some(h) => (Comparator::Range, None, Some(f.low), Some(h)),
        None => (f.comparator.unwrap_or(Comparator::Eq), Some(f.low), None, None),
    }
}

/// A time as the model's `year` or `period`.
fn year_period(when: Option<When>) -> (Option<i32>, Option<Period>) {
    match when {
        Some(When::Year(y)) => (Some(y), None),
        Some(When::Span(a, b)) => (None, Some(Period { from: a, to: Some(b) })),
        None => (None, None),
    }
}

/// Reads a Vietnamese number: `113.524` → 113524, `9,89` → 9.89, `2.894,1` → 2894.1.
/// `2.0` and `4.0` (versions) and `1.2.3` are not numbers.
pub fn vn_number(s: &str) -> Option<f64> {
    let (int, frac) = match s.split_once(',') {
        Some((i, f)) if !f.contains([',', '.']) => (i, Some(f)),
        Some(_) => return None,
        None => (s, None),
    };
    let mut groups = int.split('.');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 && int.contains('.') {
        return None;
    }
    let mut digits = first.to_string();
    for g in groups {
        if g.len() != 3 {
            return None;
        }
        digits.push_str(g);
    }
    let mut v: f64 = digits.parse().ok()?;
    if let Some(f) = frac {
        v += format!("0.{f}").parse::<f64>().ok()?;
    }
    Some(v)
}

/// The text between `from` and `to`, at most the last 300 bytes of it, so that
/// looking back from each number stays linear on a pathological one-line input.
fn window(clause: &str, from: usize, to: usize) -> &str {
    let mut start = from.max(to.saturating_sub(300));
    while !clause.is_char_boundary(start) {
        start += 1;
    }
    &clause[start..to]
}

/// The words just before a position, folded, back to punctuation (at most `n` words).
fn words_before(clause: &str, pos: usize, n: usize) -> Vec<String> {
    let head = window(clause, 0, pos);
    let cut = head.rfind([',', ';', ':', '(', ')']).map_or(0, |p| p + 1);
    let words: Vec<String> = fold_key(&head[cut..]).split_whitespace().map(String::from).collect();
    words[words.len().saturating_sub(n)..].to_vec()
}

fn comparator_before(words: &[String]) -> Option<Comparator> {
    let joined = words.join(" ");
    let ends = |s: &str| joined.ends_with(s);
    let has = |s: &str| joined.contains(s);
    if has("khoảng") || has("tương đương") || has("xấp xỉ") || has("gần") && ends("gần") {
        return Some(Comparator::Approx);
    }
    if has("tối thiểu") || has("ít nhất") || has("không dưới") || has("không thấp hơn") {
        return Some(Comparator::Gte);
    }
    if has("tối đa") || has("không quá") || has("không vượt quá") || has("không cao hơn") || has("một trong") {
        return Some(Comparator::Lte);
    }
    if ends("dưới") || ends("thấp hơn") {
        return Some(Comparator::Lt);
    }
    if ends("trên") || ends("hơn") || ends("vượt") {
        return Some(Comparator::Gt);
    }
    if ends("đạt") || ends("là") || ends("bằng") || ends("chiếm") || ends("có") || ends("còn") || ends("xuống") || ends("lên") {
        return Some(Comparator::Eq);
    }
    None
}

/// A number at `start..end` of a clause, read with its range, unit and comparator,
/// or None when it is not a quantity (a year, a date, a label, a version …).
fn candidate(clause: &str, start: usize, end: usize) -> Option<Found> {
    let raw = &clause[start..end];
    let before = clause[..start].chars().next_back();
    let after = clause[end..].chars().next();
    // glued to letters or part of a date or document number
    if before.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '.' || c == '_') {
        return None;
    }
    if after.is_some_and(|c| c.is_alphabetic() || c == '/' || c == '_') {
        return None;
    }
    if after == Some('-') && clause[end + 1..].starts_with(|c: char| c.is_alphabetic()) {
        return None; // "45-NQ/TW", "76-CTr/TU"
    }
    let low = vn_number(raw)?;
    let prev = words_before(clause, start, 4);
    let prev_last = prev.last().map(String::as_str).unwrap_or("");
    let prev_two = prev.iter().rev().take(2).rev().cloned().collect::<Vec<_>>().join(" ");
    // labels and levels that are not quantities
    const NOT_QUANTITY: &[&str] = &["mức độ", "giai đoạn", "hạng", "lần thứ", "khóa", "kỳ họp", "số", "điều", "khoản", "mục", "điểm", "phiên bản", "thứ", "cấp độ", "phần", "tiết", "chương", "quý", "tháng", "ngày", "năm", "nghị định", "nghị quyết", "quyết định"];
    if NOT_QUANTITY.iter().any(|w| prev_two.ends_with(w)) {
        return None;
    }
    let is_year = raw.len() == 4 && !raw.contains(['.', ',']) && (1900.0..=2100.0).contains(&low);
    let mut pos = end;
    let rest = &clause[pos..];
    // a percent sign may sit on the first bound too ("30% - 35%")
    let pct_first = rest.trim_start().starts_with('%');
    let mut high = None;
    {
        let r = if pct_first { rest.trim_start()[1..].to_string() } else { rest.to_string() };
        let offset = if pct_first { rest.len() - r.len() } else { 0 };
        let trimmed = r.trim_start();
        let range_sep = trimmed.strip_prefix('-').or_else(|| trimmed.strip_prefix('–')).or_else(|| trimmed.strip_prefix("đến "));
        if let Some(after_sep) = range_sep {
            let after_sep_trim = after_sep.trim_start();
            if let Some(m2) = NUMBER.find(after_sep_trim).filter(|m| m.start() == 0) {
                let h = vn_number(m2.as_str());
                let second_year = m2.as_str().len() == 4 && !m2.as_str().contains(['.', ',']);
                if let Some(h) = h.filter(|h| *h > low && !(is_year && second_year)) {
                    let consumed = r.len() - after_sep_trim.len() + m2.end();
                    high = Some(h);
                    pos += offset + consumed;
                }
            }
        }
    }
    if is_year && high.is_none() && !clause[pos..].trim_start().starts_with('%') {
        return None;
    }
    let tail = &clause[pos..];
    let (unit, unit_len) = unit_after(tail);
    let end_all = pos + unit_len;
    let unit_text = unit.clone().unwrap_or_default();
    // star ratings, group ages and denominators qualify something else
    if unit.is_none() {
        let next = fold_key(tail.trim_start()).split_whitespace().next().unwrap_or("").trim_end_matches([',', ';', '.', ')']).to_string();
        if next == "sao" || next == "tuổi" && (prev_last == "dưới" || prev_last == "trên" || prev_last == "từ") {
            return None;
        }
    }
    if (prev_last == "trên" || prev_last == "/") && (unit_text.starts_with("vạn") || fold_key(tail.trim_start()).starts_with("vạn") || fold_key(tail.trim_start()).starts_with("dân")) {
        return None; // "38 giường bệnh trên 1 vạn dân"
    }
    let mut comparator = comparator_before(&prev);
    // "từ 50% trở lên", "50% trở lên"
    let after_unit = fold_key(&clause[end_all..]);
    if after_unit.trim_start().starts_with("trở lên") {
        comparator = Some(Comparator::Gte);
    } else if after_unit.trim_start().starts_with("trở xuống") {
        comparator = Some(Comparator::Lte);
    }
    if high.is_some() && comparator.is_none() && prev_last == "từ" {
        comparator = Some(Comparator::Range);
    }
    if comparator.is_none() && prev_last == "từ" && high.is_none() && unit.is_none() {
        return None;
    }
    let connector = {
        let head = clause[..start].trim_end();
        head.ends_with(',') || head.ends_with("và")
    };
    Some(Found { start, end: end_all, low, high, unit, comparator, connector })
}

/// The unit after a number: "%", "%/năm", or scale words and a measure word.
fn unit_after(tail: &str) -> (Option<String>, usize) {
    let t = tail.trim_start();
    let lead = tail.len() - t.len();
    if let Some(r) = t.strip_prefix('%') {
        for per in ["/năm", "/ năm", "/tháng", "/quý"] {
            if r.starts_with(per) {
                return (Some(format!("%{}", per.replace(' ', ""))), lead + 1 + per.len());
            }
        }
        return (Some("%".into()), lead + 1);
    }
    let lower = t.to_lowercase();
    let mut consumed = 0;
    let mut scale = String::new();
    loop {
        let rest = &lower[consumed..];
        let Some(s) = SCALES.iter().find(|s| rest.starts_with(**s) && rest[s.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())) else { break };
        if !scale.is_empty() {
            scale.push(' ');
        }
        scale.push_str(&t[consumed..consumed + s.len()]);
        consumed += s.len();
        consumed += lower[consumed..].len() - lower[consumed..].trim_start().len();
    }
    let rest = &t[consumed..];
    let rest_lower = &lower[consumed..];
    let unit = UNITS.iter().find(|u| {
        let ul = u.to_lowercase();
        rest_lower.starts_with(&ul) && rest_lower[ul.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric() || ul.ends_with('.'))
    });
    match (unit, scale.is_empty()) {
        (Some(u), _) => {
            let text = &rest[..u.len()];
            let full = if scale.is_empty() { text.to_string() } else { format!("{scale} {text}") };
            (Some(full), lead + consumed + u.len())
        }
        (None, false) => (Some(scale.trim_end().to_string()), lead + consumed),
        (None, true) => (None, 0),
    }
}

/// The indicator phrase: the clause text before the number back to the previous
/// target (without comparator words), or, when the number opens the clause, the
/// words after its unit.
fn indicator(clause: &str, from: usize, f: &Found) -> String {
    let before = clause[from..f.start].trim();
    let before = before.trim_start_matches([',', ';', ':', '.', ' ']);
    let cleaned = strip_time_and_comparators(before);
    if cleaned.split_whitespace().count() >= 2 {
        return cleaned;
    }
    let after = &clause[f.end..];
    let cut = after.find([',', ';', '.', '(']).unwrap_or(after.len());
    let after = after[..cut].trim();
    if after.is_empty() { cleaned } else { after.to_string() }
}

fn strip_time_and_comparators(s: &str) -> String {
    let mut s = s.to_string();
    if let Some(m) = SENTENCE_TIME.find(&s) {
        s = s[m.end()..].trim().to_string();
    }
    const TRAILING: &[&str] = &["đạt khoảng", "khoảng", "đạt trên", "đạt từ", "đạt", "tối thiểu đạt", "tối thiểu", "ít nhất", "chiếm khoảng", "chiếm trên", "chiếm", "trên", "dưới", "từ", "là", "bằng", "ở mức", "duy trì ở mức", "tương đương", "có", "cho khoảng", "cho", "một trong", "bình quân đạt khoảng", "bình quân đạt"];
    loop {
        let trimmed = s.trim_end();
        let before = trimmed.len();
        let mut t = trimmed.to_string();
        let lower = t.to_lowercase();
        for w in TRAILING {
            if lower.ends_with(w) {
                let keep = t.chars().count() - w.chars().count();
                let x: String = t.chars().take(keep).collect();
                if x.is_empty() || x.ends_with(' ') {
                    t = x.trim_end().to_string();
                    break;
                }
            }
        }
        s = t;
        if s.len() == before {
            break;
        }
    }
    s.trim_matches([',', ' ', ':']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, Option<f64>, Option<f64>, Option<f64>, Comparator, Option<String>, Option<i32>)> {
        let mut out = Vec::new();
        read_line(text, 1, "x", None, &mut out);
        out.into_iter().map(|t| (t.indicator, t.value, t.low, t.high, t.comparator, t.unit, t.year)).collect()
    }

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(vn_number("113.524"), Some(113524.0));
        assert_eq!(vn_number("9,89"), Some(9.89));
        assert_eq!(vn_number("2.894,1"), Some(2894.1));
        assert_eq!(vn_number("2.0"), None);
        assert_eq!(vn_number("1.248.000"), Some(1248000.0));
    }

    #[test]
    fn comparators_units_and_years() {
        let t = read("Năm 2020, tốc độ tăng trưởng đạt khoảng 9,89%; tỷ trọng khoảng 42,28%.");
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].1, t[0].4, t[0].5.as_deref(), t[0].6), (Some(9.89), Comparator::Approx, Some("%"), Some(2020)));
        assert_eq!(t[0].0, "tốc độ tăng trưởng");
        let t = read("tỷ lệ nợ xấu duy trì ở mức dưới 3%.");
        assert_eq!(t[0].4, Comparator::Lt);
        let t = read("Tỷ lệ hồ sơ đạt từ 20% trở lên.");
        assert_eq!(t[0].4, Comparator::Gte);
    }

    #[test]
    fn ranges() {
        let t = read("tốc độ đạt khoảng 25 - 30%; bình quân đạt khoảng 30% - 35%/năm; từ 1-3 trung tâm logistics");
        assert_eq!(t.iter().map(|x| (x.2, x.3, x.4)).collect::<Vec<_>>(), vec![
            (Some(25.0), Some(30.0), Comparator::Range),
            (Some(30.0), Some(35.0), Comparator::Range),
            (Some(1.0), Some(3.0), Comparator::Range),
        ]);
        assert_eq!(t[1].5.as_deref(), Some("%/năm"));
        assert_eq!(t[2].5.as_deref(), Some("trung tâm"));
    }

    #[test]
    fn distributive_comparators() {
        let t = read("Tối thiểu 80% hồ sơ cấp tỉnh, 60% hồ sơ cấp huyện và 30% hồ sơ cấp xã được xử lý.");
        assert!(t.iter().all(|x| x.4 == Comparator::Gte), "{t:?}");
        let t = read("đạt 14 bác sỹ và 38 giường bệnh trên 1 vạn dân, trên 97% trẻ em dưới 1 tuổi được tiêm chủng, 90% dân số tham gia.");
        assert_eq!(t.iter().map(|x| (x.1, x.4)).collect::<Vec<_>>(), vec![
            (Some(14.0), Comparator::Eq),
            (Some(38.0), Comparator::Eq),
            (Some(97.0), Comparator::Gt),
            (Some(90.0), Comparator::Eq),
        ]);
    }

    #[test]
    fn not_targets() {
        for text in ["dịch vụ công mức độ 3, 4 và mức độ 4", "công nghệ 5G, phiên bản 2.0, du lịch MICE1", "Quyết định số 283/QĐ-TTg ngày 19/02/2020", "giai đoạn 2021-2025", "khách sạn 5 sao, trẻ em dưới 6 tuổi", "tập trung vào 4 nhóm cơ chế", "(giai đoạn 1)"] {
            assert!(read(text).is_empty(), "{text}: {:?}", read(text));
        }
    }

    #[test]
    fn clause_time_holds_for_its_clause_only() {
        let mut out = Vec::new();
        read_line("Đến năm 2025, tỷ trọng đạt khoảng 45%; tốc độ giai đoạn 2021 - 2025 đạt 15-16%/năm; tổng mức đạt trên 320.000 tỷ đồng.", 1, "x", None, &mut out);
        assert_eq!(out[0].year, Some(2025));
        assert_eq!(out[1].period, Some(Period { from: 2021, to: Some(2025) }));
        assert_eq!((out[2].year, out[2].comparator, out[2].unit.as_deref()), (Some(2025), Comparator::Gt, Some("tỷ đồng")));
    }
}
