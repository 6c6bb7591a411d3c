//! Quantities: numbers with their unit and comparator (conventions §4).
//!
//! In: a clause. Out: every number in it that reads as a quantity, with its byte
//! range (number through unit), its value or range, its unit ("%", "%/năm", "tỷ
//! đồng", "triệu tấn.km", "lượt khách") and the comparator written before or after
//! it ("khoảng", "tối thiểu", "trên", "từ … trở lên"). Numbers are read the
//! Vietnamese way: `113.524` is 113524, `9,89` is 9.89, `2.894,1` is 2894.1.
//!
//! Not quantities (conventions §4.1, §4.3): years and dates, document numbers,
//! versions (`2.0`), digits glued to words (`5G`, `MICE1`, `a1`), labels and levels
//! (`mức độ 3, 4`, `giai đoạn 1`, `hạng I`, `khóa XV`), star ratings, ages that
//! qualify a group (`dưới 1 tuổi`) and denominators (`trên 1 vạn dân`).
//! Whether a quantity is a *target* is the targets extractor's business.

use crate::dict::{self, UNITS};
use crate::model::Comparator;
use crate::normalize::fold_key;
use crate::patterns::NUMBER;

/// A number read as a quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Byte range: from the number to the end of its unit.
    pub start: usize,
    pub end: usize,
    pub low: f64,
    /// The upper bound of a range ("25 - 30%", "từ 15 đến 20%").
    pub high: Option<f64>,
    pub unit: Option<String>,
    pub comparator: Option<Comparator>,
    /// Written after a comma or "và": an item of a coordinated list, which takes
    /// the comparator of the list ("Tối thiểu 80% …, 60% … và 30% …").
    pub connector: bool,
}

impl Quantity {
    /// Whether the quantity carries what makes a number a target: a unit, a
    /// comparator or a range.
    pub fn is_measured(&self) -> bool {
        self.unit.is_some() || self.comparator.is_some() || self.high.is_some()
    }
}

/// Every quantity in a clause, in order.
pub fn find(clause: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut skip_until = 0;
    for m in NUMBER.find_iter(clause) {
        if m.start() < skip_until {
            continue;
        }
        if let Some(q) = at(clause, m.start(), m.end()) {
            skip_until = q.end;
            out.push(q);
        }
    }
    out
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
pub fn window(clause: &str, from: usize, to: usize) -> &str {
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

/// The comparator its words before a number give ("khoảng", "tối thiểu", "trên" …).
pub fn comparator_before(words: &[String]) -> Option<Comparator> {
    let joined = words.join(" ");
    let ends = |list: &str| dict::keys(list).iter().any(|w| joined.ends_with(w.as_str()) && joined[..joined.len() - w.len()].chars().next_back().is_none_or(|c| c == ' '));
    let has = |list: &str| dict::has_word(&joined, list);
    if has("comparators_approx") {
        return Some(Comparator::Approx);
    }
    if has("comparators_gte") {
        return Some(Comparator::Gte);
    }
    if has("comparators_lte") {
        return Some(Comparator::Lte);
    }
    if ends("comparators_lt") {
        return Some(Comparator::Lt);
    }
    if ends("comparators_gt") {
        return Some(Comparator::Gt);
    }
    if ends("comparators_eq") {
        return Some(Comparator::Eq);
    }
    None
}

/// A number at `start..end` of a clause, read with its range, unit and comparator,
/// or None when it is not a quantity (a year, a date, a label, a version …).
pub fn at(clause: &str, start: usize, end: usize) -> Option<Quantity> {
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
    if dict::keys("not_quantity_before").iter().any(|w| prev_two.strip_suffix(w.as_str()).is_some_and(|head| head.is_empty() || head.ends_with(' '))) {
        return None;
    }
    let is_year = raw.len() == 4 && !raw.contains(['.', ',']) && (1900.0..=2100.0).contains(&low);
    let mut pos = end;
    let rest = &clause[pos..];
    // a percent sign may sit on the first bound too ("30% - 35%")
    let pct_first = rest.trim_start().starts_with('%');
    let mut high = None;
    {
        let r: &str = if pct_first { &rest.trim_start()[1..] } else { rest };
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
    // what follows the number, as far as a unit or a qualifier reaches (linear on long lines)
    let tail = super::lead(&clause[pos..], 200);
    let (unit, unit_len) = unit_after(tail);
    let end_all = pos + unit_len;
    let unit_text = unit.clone().unwrap_or_default();
    // star ratings, group ages and denominators qualify something else
    if unit.is_none() {
        // the first word is all that is read: fold it alone, not the whole tail
        let first = tail.split_whitespace().next().unwrap_or("");
        let next = fold_key(first).split_whitespace().next().unwrap_or("").trim_end_matches([',', ';', '.', ')']).to_string();
        if next == "sao" || next == "tuổi" && (prev_last == "dưới" || prev_last == "trên" || prev_last == "từ") {
            return None;
        }
    }
    if (prev_last == "trên" || prev_last == "/") && (unit_text.starts_with("vạn") || fold_key(tail.trim_start()).starts_with("vạn") || fold_key(tail.trim_start()).starts_with("dân")) {
        return None; // "38 giường bệnh trên 1 vạn dân"
    }
    let mut comparator = comparator_before(&prev);
    let mut unit = unit;
    // "từ 50% trở lên", "50% trở lên", "từ 05 mỏ khoáng sản … trở lên"
    let after_unit = fold_key(super::lead(&clause[end_all..], 200));
    let phrase_end = after_unit.find([',', ';', '.', ':', '(']).unwrap_or(after_unit.len());
    let phrase = &after_unit[..phrase_end];
    if after_unit.trim_start().starts_with("trở lên") {
        comparator = Some(Comparator::Gte);
    } else if after_unit.trim_start().starts_with("trở xuống") {
        comparator = Some(Comparator::Lte);
    } else if prev_last == "từ" && high.is_none() && phrase.split_whitespace().count() <= 12 && (phrase.ends_with("trở lên") || phrase.ends_with("trở xuống")) {
        comparator = Some(if phrase.ends_with("trở lên") { Comparator::Gte } else { Comparator::Lte });
        // the counted noun is the unit ("05 mỏ")
        if unit.is_none() {
            unit = tail.split_whitespace().next().filter(|w| w.chars().all(char::is_alphabetic)).map(str::to_string);
        }
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
    Some(Quantity { start, end: end_all, low, high, unit, comparator, connector })
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
        let Some(s) = dict::words("scale_words").iter().find(|s| rest.starts_with(**s) && rest[s.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())) else { break };
        if !scale.is_empty() {
            scale.push(' ');
        }
        scale.push_str(&t[consumed..consumed + s.len()]);
        consumed += s.len();
        consumed += lower[consumed..].len() - lower[consumed..].trim_start().len();
    }
    let rest = &t[consumed..];
    let rest_lower = &lower[consumed..];
    let unit = UNITS.iter().zip(dict::UNITS_LOWER.iter()).find(|(_, ul)| {
        rest_lower.starts_with(ul.as_str()) && rest_lower[ul.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric() || ul.ends_with('.'))
    });
    let unit = unit.map(|(u, _)| u);
    match (unit, scale.is_empty()) {
        (Some(u), _) => {
            let mut text = rest[..u.len()].to_string();
            let mut len = lead + consumed + u.len();
            // a rate tail belongs to the unit: "m2/người", "đồng/năm", "lượt/HTX/năm"
            let mut after = &rest[u.len()..];
            while let Some(per) = after.strip_prefix('/') {
                let w: String = per.chars().take_while(|c| c.is_alphanumeric()).collect();
                if w.is_empty() {
                    break;
                }
                text.push('/');
                text.push_str(&w);
                len += 1 + w.len();
                after = &per[w.len()..];
            }
            let full = if scale.is_empty() { text } else { format!("{scale} {text}") };
            (Some(full), len)
        }
        (None, false) => (Some(scale.trim_end().to_string()), lead + consumed),
        (None, true) => (None, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(vn_number("113.524"), Some(113524.0));
        assert_eq!(vn_number("9,89"), Some(9.89));
        assert_eq!(vn_number("2.894,1"), Some(2894.1));
        assert_eq!(vn_number("2.0"), None);
        assert_eq!(vn_number("1.248.000"), Some(1248000.0));
    }

    #[test]
    fn units_take_their_rate() {
        let q = find("diện tích nhà ở bình quân 08 m2/người");
        assert_eq!(q[0].unit.as_deref(), Some("m2/người"));
    }
}
