//! Targets: the numeric goals (chỉ tiêu) a plan sets (spec, `targets`).
//!
//! In: the outline (each node's lines, its ancestors' headings) and its table rows.
//! Out: one target per quantity that is set as a goal, with the clause that states it,
//! the indicator it measures, its comparator, unit and year or period.
//!
//! A node's lines are read as one paragraph, so a target wrapped over lines (text
//! from a PDF, a web page cut at a width) keeps its subject and its comparator;
//! each target keeps the line its number is written on. A quantity
//! ([`crate::tokens::quantity`]) is a target when it carries a unit, a comparator or
//! a range, or follows such a target in a coordinated list ("Tối thiểu 80% …, 60% …
//! và 30% …": the comparator distributes).
//!
//! The year: a time phrase right after the number ("… 36% vào năm 2030"), else the
//! nearest time phrase before it in the paragraph (a year carries over until a new
//! time phrase: the seed's convention), else the node's own heading, an ancestor's
//! heading or lead-in ("a) Mục tiêu cụ thể đến năm 2030", "Đến hết năm 2030, phấn đấu
//! đạt được những mục tiêu sau:"). A baseline ("so với năm 2020"), the date of a
//! citation and the period in the name of a plan ("Chiến lược … đến năm 2030") are
//! never a target's time.
//!
//! Not targets: what a report says was done ("ước đạt", "lũy kế", "Hiện nay …"), the
//! parts that describe the situation or the budget ("Tình hình thực hiện", "Kinh
//! phí"), and the quantities `tokens::quantity` does not read as quantities.

use crate::dict;
use crate::extract::deadlines;
use crate::model::{Comparator, Diagnostic, Node, NodeKind, Period, Target, walk_outline};
use crate::normalize::fold_key;
use crate::outline::Outline;
use crate::tokens::quantity::{self, Quantity};
use crate::tokens::time::{self, Governor, Time, When};
use std::collections::HashMap;

/// The longest `text` a target keeps (spec: the clause, at most 300 characters).
const TEXT_MAX: usize = 300;

/// The time a target is set for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Year {
    One(i32),
    Span(i32, i32),
}

fn year_of(t: &Time) -> Option<Year> {
    match t.years()? {
        (a, Some(b)) if a == b => Some(Year::One(a)),
        (a, Some(b)) => Some(Year::Span(a, b)),
        (a, None) => Some(Year::One(a)),
    }
}

/// Collects the targets of every body node and table row.
pub fn extract(outline: &Outline) -> (Vec<Target>, Vec<Diagnostic>) {
    let mut contexts: HashMap<&str, Option<Year>> = HashMap::new();
    let mut skipped: HashMap<&str, bool> = HashMap::new();
    let mut rows: Vec<(&Node, Option<Year>)> = Vec::new();
    walk_outline(&outline.nodes, |n: &Node, path: &[&Node]| {
        // the time of a node: its own heading or label text, else its parent's
        let own = n.heading.as_deref().and_then(heading_time).or_else(|| n.text.as_deref().and_then(lead_in_time));
        let parent = path.last().and_then(|p| contexts.get(p.id.as_str()).copied().flatten());
        let ctx = own.or(parent);
        contexts.insert(n.id.as_str(), ctx);
        let skip = path.last().is_some_and(|p| skipped.get(p.id.as_str()).copied().unwrap_or(false)) || n.heading.as_deref().is_some_and(describes_no_goal);
        skipped.insert(n.id.as_str(), skip);
        if n.kind == NodeKind::Row && n.heading.is_none() {
            rows.push((n, parent.or(own)));
        }
    });
    let row_ids: std::collections::HashSet<&str> = rows.iter().map(|(n, _)| n.id.as_str()).collect();
    let mut targets = Vec::new();
    for p in outline.paragraphs() {
        let node = p.node.as_str();
        if node.ends_with("preamble") || row_ids.contains(node) || skipped.get(node).copied().unwrap_or(false) {
            continue;
        }
        let ctx = contexts.get(node).copied().flatten();
        read_paragraph(&p.text, &p.map, node, ctx, &mut targets);
    }
    for (row, group) in rows {
        if !skipped.get(row.id.as_str()).copied().unwrap_or(false) {
            read_row(row, group, &mut targets);
        }
    }
    targets.sort_by_key(|t| t.line);
    (targets, vec![])
}

/// A heading states a time ("Mục tiêu đến hết năm 2026", "Giai đoạn 2026 - 2030",
/// "b) Năm 2020"): the first time phrase in it that is no baseline and no citation.
fn heading_time(h: &str) -> Option<Year> {
    usable_times(h).first().and_then(year_of)
}

/// A lead-in closing with a colon states the time of what follows ("Đến hết năm 2030,
/// phấn đấu đạt được những mục tiêu sau:").
fn lead_in_time(text: &str) -> Option<Year> {
    let last = text.lines().last()?.trim_end();
    if !last.ends_with(':') {
        return None;
    }
    usable_times(last).last().and_then(year_of)
}

/// The times of a text that may be a target's: no baseline, no citation date, no
/// period of a plan's name, no vision unless the text opens with it.
fn usable_times(text: &str) -> Vec<Time> {
    time::find(text)
        .into_iter()
        .filter(|t| {
            !t.citation
                && t.governor != Governor::Baseline
                && (t.governor != Governor::Vision || t.start == 0)
                && t.is_dated()
                && !deadlines::names_in(text, t, &["plan_names"])
                && !matches!(t.when, When::DayMonth(..))
        })
        .collect()
}

/// A heading over a description of the situation or of the budget, not of goals
/// ("TÌNH HÌNH THỰC HIỆN …", "Kết quả đạt được", "KINH PHÍ THỰC HIỆN").
fn describes_no_goal(h: &str) -> bool {
    dict::starts_with_word(&fold_key(h.trim_start_matches(|c: char| !c.is_alphabetic())), "no_goal_headings")
}

/// Splits a paragraph into clauses at ";" and at sentence ends (". " before a capital
/// or a digit), with their byte ranges.
fn clauses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let cut = c == ';' || c == '.' && bytes.get(i + 1) == Some(&b' ') && text[i + 2..].chars().next().is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() && !text[..i].ends_with(|p: char| p.is_ascii_digit()));
        if cut {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    out.push((start, text.len()));
    out.retain(|(a, b)| text[*a..*b].trim().len() > 1);
    out
}

/// Reads the targets of one paragraph.
fn read_paragraph(text: &str, map: &[(usize, usize)], node: &str, context: Option<Year>, out: &mut Vec<Target>) {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let times = usable_times(text);
    for (cs, ce) in clauses(text) {
        let clause = &text[cs..ce];
        if reports_what_was_done(clause) {
            continue;
        }
        let mut found: Vec<Quantity> = quantity::find(clause);
        // a comparator distributes over a list closed by "và"
        let joined_by_va = |q: &Quantity| q.connector && clause[..q.start].trim_end().ends_with("và");
        let mut closed = vec![false; found.len()];
        for i in (0..found.len()).rev() {
            closed[i] = found[i].connector && (joined_by_va(&found[i]) || closed.get(i + 1).copied().unwrap_or(false));
        }
        let mut last_cmp: Option<Comparator> = None;
        for i in 0..found.len() {
            match found[i].comparator {
                Some(c) => last_cmp = Some(c),
                None if found[i].connector && last_cmp.is_some() && closed[i] => found[i].comparator = last_cmp,
                None => last_cmp = None,
            }
        }
        let mut prev_end = 0;
        let mut prev_indicator: Option<String> = None;
        // once an item of the clause is read after its number ("80% hồ sơ … cấp thành
        // phố, 60% hồ sơ … cấp huyện"), the words before the next number are that
        // item's, not the next one's
        let mut number_first = false;
        let measured: Vec<usize> = (0..found.len()).filter(|&i| found[i].is_measured()).collect();
        for (k, &i) in measured.iter().enumerate() {
            let q = &found[i];
            let abs_start = cs + q.start;
            let abs_end = cs + q.end;
            // "dưới 1 tuổi", "trên 1 vạn dân": a number that is no target stays in the text
            let next_start = measured.get(k + 1).map_or(clause.len(), |&n| found[n].start);
            let next_after = measured.get(k + 1).map(|&n| after_text(clause, found[n].end, measured.get(k + 2).map_or(clause.len(), |&m| found[m].start)));
            // a quantity in brackets after a target restates it ("(35,3 - 37,8%)",
            // "(tương đương 207,9 triệu tấn hàng hóa)")
            let between = &clause[prev_end..q.start];
            let bracketed = prev_indicator.is_some() && between.rfind('(').is_some_and(|o| !between[o..].contains(')'));
            let mut indicator = if bracketed {
                prev_indicator.clone().unwrap_or_default()
            } else {
                let (phrase, after) = indicator(clause, prev_end, q, next_start, number_first, next_after.as_deref());
                number_first = after;
                phrase
            };
            // the same subject at another time ("…: Năm 2030 đạt X; định hướng năm 2050 đạt Y")
            if indicator.split_whitespace().count() < 2 {
                if let Some(p) = out.iter().rev().find(|t| t.node == node && t.line + 3 >= crate::outline::line_at(map, abs_start)).map(|t| t.indicator.clone()).filter(|i| i.split_whitespace().count() >= 2) {
                    indicator = p;
                }
            }
            let year = time_of(text, &times, cs, abs_start, abs_end).or(context);
            let (year, period) = match year {
                Some(Year::One(y)) => (Some(y), None),
                Some(Year::Span(a, b)) => (None, Some(Period { from: a, to: Some(b) })),
                None => (None, None),
            };
            let (comparator, value, low, high) = reading(q);
            out.push(Target {
                node: node.to_string(),
                line: crate::outline::line_at(map, abs_start),
                text: clip(clause.trim().trim_end_matches(';').trim_end(), q.start.saturating_sub(clause.len() - clause.trim_start().len())),
                indicator: indicator.clone(),
                comparator,
                value,
                low,
                high,
                unit: q.unit.clone(),
                year,
                period,
                sector: None,
                sector_source: None,
            });
            prev_indicator = Some(indicator);
            prev_end = q.end;
        }
    }
}

/// The time of a target at `start..end` of a paragraph whose clause starts at
/// `clause`: a time phrase right after it that closes its clause or list item, else
/// the nearest before it in its clause, else the last one that opened a sentence
/// before it (the seed's convention: "Đến năm 2025, …; … giai đoạn 2021 - 2025 đạt …;
/// … đạt trên 320.000 tỷ đồng" is 2025 for the last).
fn time_of(text: &str, times: &[Time], clause: usize, start: usize, end: usize) -> Option<Year> {
    if let Some(t) = times.iter().find(|t| t.start >= end && text[end..t.start].trim().is_empty()) {
        let after = text[t.end..].trim_start();
        let closes = after.is_empty() || after.starts_with([',', ';', '.', ')']) || fold_key(after).starts_with("và ");
        if closes && t.governor != Governor::Vision {
            return year_of(t);
        }
    }
    if let Some(t) = times.iter().rev().find(|t| t.end <= start && t.start >= clause) {
        return year_of(t);
    }
    times.iter().rev().filter(|t| t.end <= start).find(|t| opens_sentence(text, t.start)).and_then(year_of)
}

/// Whether a position opens a sentence (after a full stop, a colon or a list label).
fn opens_sentence(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end();
    before.is_empty() || before.ends_with(['.', ':', '!', '?']) || before.len() <= 4 && before.ends_with(')')
}

/// A clause that reports what was done or what is, not a goal ("ước đạt 8%",
/// "lũy kế 10 tháng", "Hiện nay có khoảng 180 trạm").
fn reports_what_was_done(clause: &str) -> bool {
    // lower case is enough for these words (no oa/oe/uy tone to fold), and cheaper
    let key = clause.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    // a scoring scale ("Từ 88 - 90% cộng 02 điểm") grades results, it sets no goal
    let rubric = key.contains(" điểm") && dict::has_word(&key, "rubric_words");
    rubric || dict::starts_with_word(&key, "state_openings") || dict::has_word(&key, "achieved_markers")
}

/// The clause as a target's text, at most [`TEXT_MAX`] characters around the number.
fn clip(clause: &str, at: usize) -> String {
    // (a clause of at most TEXT_MAX characters has at most 4 × TEXT_MAX bytes)
    if clause.len() <= TEXT_MAX || clause.len() <= 4 * TEXT_MAX && clause.chars().count() <= TEXT_MAX {
        return clause.to_string();
    }
    let mut start = at.saturating_sub(TEXT_MAX / 2);
    while !clause.is_char_boundary(start) {
        start += 1;
    }
    clause[start..].chars().take(TEXT_MAX).collect::<String>().trim().to_string()
}

/// The targets of a table row. In a targets table (Chỉ tiêu, Đơn vị, values) every
/// number of a value cell is a target, bare numbers included: the table names it a
/// chỉ tiêu; its year is the value column's, else the group row's ("I. Đến năm 2030").
/// Other rows are read like body text, cell by cell, with the year of their time cell.
fn read_row(row: &Node, group: Option<Year>, out: &mut Vec<Target>) {
    let cells = row.cells.as_deref().unwrap_or(&[]);
    let line = row.line.unwrap_or(0);
    if row.table.as_deref() == Some("targets") {
        let indicator_cell = cells.iter().find(|c| c.role == "indicator").map(|c| c.text.clone()).unwrap_or_default();
        // "Tốc độ tăng chỉ số sản xuất công nghiệp (%)": the unit in brackets closes the indicator
        let (indicator, bracket_unit) = match (indicator_cell.rfind('('), indicator_cell.trim_end().ends_with(')')) {
            (Some(p), true) if indicator_cell.len() - p <= 24 => (indicator_cell[..p].trim().to_string(), Some(indicator_cell[p + 1..indicator_cell.trim_end().len() - 1].trim().to_string())),
            _ => (indicator_cell.clone(), None),
        };
        let unit = cells.iter().find(|c| c.role == "unit").map(|c| c.text.trim().to_string()).filter(|u| !u.is_empty()).or(bracket_unit);
        for cell in cells.iter().filter(|c| c.role == "value") {
            let when = cell.year.map(Year::One).or(group);
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
        (Some(y), _, _) => Some(Year::One(y)),
        (None, Some(f), Some(t)) => Some(Year::Span(f, t)),
        _ => None,
    });
    for cell in cells.iter().filter(|c| matches!(c.role.as_str(), "content" | "product" | "indicator" | "value" | "other" | "note")) {
        let map = [(0, line.max(cell.line.min(line)))];
        read_paragraph(&cell.text, &map, &row.id, when.or(group), out);
    }
}

/// One value of a targets table: "≥ 55", "≤ 3 Đông Nam Á", "40 - 50", "20% - 50%",
/// "> 0,7", "100%", "09".
fn read_value(piece: &str, indicator: &str, unit: Option<&str>, when: Option<Year>, node: &str, line: usize) -> Option<Target> {
    // comparator signs are read as the words they stand for
    let text = piece.replace(">=", "tối thiểu ").replace('≥', "tối thiểu ").replace("<=", "tối đa ").replace('≤', "tối đa ").replace('>', "trên ").replace('<', "dưới ");
    let q = crate::patterns::NUMBER.find_iter(&text).find_map(|m| quantity::at(&text, m.start(), m.end()))?;
    let (comparator, value, low, high) = reading(&q);
    let (year, period) = match when {
        Some(Year::One(y)) => (Some(y), None),
        Some(Year::Span(a, b)) => (None, Some(Period { from: a, to: Some(b) })),
        None => (None, None),
    };
    Some(Target {
        node: node.to_string(),
        line,
        text: clip(piece.trim(), 0),
        indicator: indicator.to_string(),
        comparator,
        value,
        low,
        high,
        unit: unit.map(str::to_string).or(q.unit),
        year,
        period,
        sector: None,
        sector_source: None,
    })
}

/// The comparator and the value or bounds of a quantity.
fn reading(q: &Quantity) -> (Comparator, Option<f64>, Option<f64>, Option<f64>) {
    match q.high {
        Some(h) => (Comparator::Range, None, Some(q.low), Some(h)),
        None => (q.comparator.unwrap_or(Comparator::Eq), Some(q.low), None, None),
    }
}

/// The indicator: the noun phrase the number measures, and whether it was read
/// after the number. Before the number back to the previous target, a ";" or a
/// label's colon (commas stay: they list the parts of one noun phrase), without the
/// comparator, framing words ("phấn đấu", "bảo đảm") and time phrases, when that is
/// a subject of its own ("Tỷ lệ hộ nghèo … đạt 95%"). When the number leads its item
/// (conventions: "100% cán bộ … được phổ biến"; "thu hút 1.248.000 lượt khách du lịch
/// quốc tế"; every item after the first of such a list), the words after it: a short
/// verb before it, a measure noun for its unit and the words up to the next target.
/// An item closed at once by "và" shares the next item's words after its unit ("14
/// bác sỹ và 38 giường bệnh trên 1 vạn dân").
fn indicator(clause: &str, from: usize, q: &Quantity, next_start: usize, number_first: bool, next_after: Option<&str>) -> (String, bool) {
    let mut before = clause[from..q.start].trim();
    // the close of a bracket opened before the previous target ends that target's text
    if let Some(close) = before.find(')').filter(|&c| !before[..c].contains('(')) {
        before = before[close + 1..].trim();
    }
    // "Điện thương phẩm: Năm 2030 đạt khoảng …": the label names what is measured
    let (label, before) = match before.rsplit_once(": ") {
        Some((l, b)) => (Some(l), b),
        None => (None, before),
    };
    let before = before.trim_start_matches([',', ';', ':', '.', ' ', '(', '-', '+']);
    // words, not signs: "tấn / năm" is two, "‰" none
    let words = |s: &str| s.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
    let after = after_text(clause, q.end.min(next_start), next_start);
    let after = if after.is_empty() && clause[q.end.min(next_start)..next_start].trim() == "và" { next_after.unwrap_or("").to_string() } else { after };
    let noun = q.unit.as_deref().and_then(measure_noun);
    // the subject comes first when a comparator verb joins it to the number ("Tỷ lệ …
    // đạt 95%"), when no more than a unit's tail follows ("% GDP", "trở lên"), or
    // when it is long
    let joined_by_comparator = {
        let key = fold_key(before.trim_end_matches([',', ':', ' ']));
        let mut words: Vec<&str> = key.split_whitespace().collect();
        while words.last().is_some_and(|w| dict::keys("comparator_adverbs").iter().any(|a| a == w)) {
            words.pop();
        }
        let key = words.join(" ");
        dict::keys("comparator_verbs").iter().any(|w| key.ends_with(w.as_str()) && key[..key.len() - w.len()].chars().next_back().is_none_or(|c| c == ' '))
    };
    let cleaned = if number_first && !joined_by_comparator { String::new() } else { clean_indicator(before) };
    let cleaned = if words(&cleaned) == 0 { String::new() } else { cleaned };
    if words(&cleaned) >= 2 && (joined_by_comparator || words(&cleaned) >= 8 || (words(&after) < 3 && noun.is_none()) || after.starts_with('/')) {
        return (cleaned, false);
    }
    if cleaned.is_empty() && after.is_empty() {
        if let Some(l) = label.map(|l| clean_indicator(l.trim_start_matches(|c: char| !c.is_alphabetic()))).filter(|l| words(l) >= 2) {
            return (l, false);
        }
    }
    let joined: Vec<&str> = [cleaned.as_str(), noun.unwrap_or(""), after.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    let joined = joined.join(" ");
    if words(&joined) >= 2 || cleaned.is_empty() {
        return (joined, !after.is_empty() || noun.is_some());
    }
    (cleaned, false)
}

/// The words after a number up to the next target: to a ";", a colon or an opening
/// bracket, without a closing "và" or comma, at most 60 words.
fn after_text(clause: &str, from: usize, to: usize) -> String {
    let after = clause[from.min(to)..to].split([';', '(', ':']).next().unwrap_or("");
    let after = after.trim().trim_end_matches([',', '.', ' ']).trim_end_matches(" và").trim_end_matches(',').trim();
    let after = after.trim_start_matches([',', '.', ' ']);
    let after = if after == "và" { "" } else { after };
    let cut: Vec<&str> = after.split_whitespace().take(60).collect();
    clean_indicator(&cut.join(" "))
}

/// The noun a unit names, when it names one ("bác sỹ", "lượt khách" of "triệu lượt
/// khách"): not a percentage, money, a rate ("lần/tháng") or a period.
fn measure_noun(unit: &str) -> Option<&str> {
    if unit.contains(['%', '/', '.']) || !unit.chars().any(char::is_alphabetic) {
        return None;
    }
    let key = fold_key(unit);
    if dict::keys("unit_not_noun").iter().any(|w| key.split(' ').any(|k| k == w)) {
        return None;
    }
    let mut rest = unit;
    while let Some((head, tail)) = rest.split_once(' ') {
        let head = fold_key(head);
        if dict::keys("scale_words").iter().any(|w| head == *w) {
            rest = tail;
        } else {
            break;
        }
    }
    // a scale word alone ("2,1 triệu tấn / năm" read as "triệu") names nothing
    let last = fold_key(rest);
    (!dict::keys("scale_words").iter().any(|w| last == *w)).then_some(rest)
}

/// An indicator phrase without its framing words, comparators and time phrases.
fn clean_indicator(s: &str) -> String {
    let mut s = s.trim().to_string();
    // leading framing words and time phrases: "Phấn đấu", "Đến năm 2030,", "bảo đảm"
    loop {
        let before = s.len();
        if let Some(t) = time::find(&s).first().filter(|t| t.start == 0) {
            s = s[t.end..].trim_start_matches([',', ':', ' ']).to_string();
        }
        let key = fold_key(&s);
        if let Some(w) = dict::keys("indicator_framing").iter().filter(|w| key.starts_with(w.as_str()) && key[w.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())).max_by_key(|w| w.len()) {
            s = crate::tokens::skip_words(&s, w.split(' ').count()).trim_start_matches([',', ':', ' ']).to_string();
        }
        if s.len() == before {
            break;
        }
    }
    // trailing comparators and time phrases: "… đạt khoảng", "… năm 2025 đạt"
    loop {
        let trimmed = s.trim_end().trim_end_matches([',', ':']).trim_end().to_string();
        let key = fold_key(&trimmed);
        let mut t = trimmed.clone();
        if let Some(w) = dict::keys("indicator_trailing").iter().filter(|w| key.ends_with(w.as_str()) && key[..key.len() - w.len()].chars().next_back().is_none_or(|c| c == ' ')).max_by_key(|w| w.len()) {
            let keep = t.chars().count() - w.chars().count();
            t = t.chars().take(keep).collect::<String>().trim_end().to_string();
        } else if let Some(tm) = time::find(&t).last().filter(|tm| tm.end >= t.trim_end().len()) {
            t = t[..tm.start].trim_end().to_string();
        }
        if t.len() == s.len() {
            break;
        }
        s = t;
    }
    s.trim_matches([',', ' ', ':']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, Option<f64>, Option<f64>, Option<f64>, Comparator, Option<String>, Option<i32>)> {
        let mut out = Vec::new();
        read_paragraph(text, &[(0, 1)], "x", None, &mut out);
        out.into_iter().map(|t| (t.indicator, t.value, t.low, t.high, t.comparator, t.unit, t.year)).collect()
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
        for text in ["dịch vụ công mức độ 3, 4 và mức độ 4", "công nghệ 5G, phiên bản 2.0, du lịch MICE1", "Quyết định số 283/QĐ-TTg ngày 19/02/2020", "giai đoạn 2021-2025", "khách sạn 5 sao, trẻ em dưới 6 tuổi", "tập trung vào 4 nhóm cơ chế", "(giai đoạn 1)", "Hiện nay, trên địa bàn có khoảng 180 trạm, trong đó có 22 trạm 5G.", "tăng trưởng năm 2025 ước đạt 8% so cùng kỳ"] {
            assert!(read(text).is_empty(), "{text}: {:?}", read(text));
        }
    }

    #[test]
    fn the_time_of_a_target() {
        let mut out = Vec::new();
        read_paragraph("Đến năm 2025, tỷ trọng đạt khoảng 45%; tốc độ giai đoạn 2021 - 2025 đạt 15-16%/năm; tổng mức đạt trên 320.000 tỷ đồng.", &[(0, 1)], "x", None, &mut out);
        assert_eq!(out[0].year, Some(2025));
        assert_eq!(out[1].period, Some(Period { from: 2021, to: Some(2025) }));
        // a time opening the sentence holds for its clauses; one inside a clause for that clause only
        assert_eq!((out[2].year, out[2].comparator, out[2].unit.as_deref()), (Some(2025), Comparator::Gt, Some("tỷ đồng")));
        let mut out = Vec::new();
        read_paragraph("tỷ lệ điện năng lượng tái tạo đạt khoảng 28 - 36% vào năm 2030 và 74 - 75% vào năm 2050.", &[(0, 1)], "x", None, &mut out);
        assert_eq!(out[0].year, Some(2030));
        assert_eq!(out[1].year, Some(2050));
        let mut out = Vec::new();
        read_paragraph("Tốc độ tăng GRDP từ 11% trở lên so với năm 2020.", &[(0, 1)], "x", Some(Year::One(2021)), &mut out);
        assert_eq!(out[0].year, Some(2021));
    }

    #[test]
    fn the_indicator_is_the_noun_phrase_measured() {
        let t = read("Phấn đấu 100% cán bộ, công chức được bồi dưỡng kiến thức đối ngoại.");
        assert_eq!(t[0].0, "cán bộ, công chức được bồi dưỡng kiến thức đối ngoại");
        let t = read("Tỷ lệ dân số từ 15 tuổi trở lên có tài khoản giao dịch tại ngân hàng đạt 95%.");
        assert_eq!(t[0].0, "Tỷ lệ dân số từ 15 tuổi trở lên có tài khoản giao dịch tại ngân hàng");
        let t = read("Điện thương phẩm: Năm 2030 đạt khoảng 500,4 - 557,8 tỷ kWh");
        assert_eq!(t[0].0, "Điện thương phẩm");
    }

    #[test]
    fn in_a_list_where_the_number_leads_each_item_the_words_after_it_are_measured() {
        let t = read("Tối thiểu 80% hồ sơ công việc tại cấp thành phố, 60% hồ sơ công việc tại cấp huyện và 30% hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng.");
        let names: Vec<&str> = t.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names, ["hồ sơ công việc tại cấp thành phố", "hồ sơ công việc tại cấp huyện", "hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng"]);
        // a measure noun for its unit; an item closed by "và" shares the next one's tail
        let t = read("Năm 2020, đạt 14 bác sỹ và 38 giường bệnh trên 1 vạn dân (tính cả công lập), trên 97% trẻ em dưới 1 tuổi được tiêm chủng đầy đủ, 90% dân số tham gia bảo hiểm y tế.");
        let names: Vec<&str> = t.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names, ["bác sỹ trên 1 vạn dân", "giường bệnh trên 1 vạn dân", "trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "dân số tham gia bảo hiểm y tế"]);
        // a short verb before the number stays with what follows it
        let t = read("Tích hợp 30% các dịch vụ công trực tuyến với Cổng Dịch vụ công quốc gia.");
        assert_eq!(t[0].0, "Tích hợp các dịch vụ công trực tuyến với Cổng Dịch vụ công quốc gia");
        // a subject joined by a comparator verb keeps the words before the number, even
        // inside such a list ("trình độ … chiếm khoảng 18%")
        let t = read("đào tạo cho khoảng 51.600 người, trong đó: trình độ trung cấp, cao đẳng chiếm khoảng 18%, khoảng 85% có việc làm sau đào tạo.");
        let names: Vec<&str> = t.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names[1..], ["trình độ trung cấp, cao đẳng", "có việc làm sau đào tạo"]);
        // a unit's tail is no phrase of its own
        let t = read("sản lượng lương thực bình quân 2,1 triệu tấn / năm; chi phí logistics chiếm 16 - 20% GDP.");
        assert_eq!(t[0].0, "sản lượng lương thực bình quân");
        assert_eq!(t[1].0, "chi phí logistics");
    }
}
