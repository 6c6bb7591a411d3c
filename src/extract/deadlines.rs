//! Deadlines: the time phrases of tasks and their ancestors (conventions §3.3).
//!
//! Two readers: [`heading`] reads a heading that *is* a time phrase ("Năm 2020",
//! "Giai đoạn 2021-2025", "Quý II/2026", "Năm 2026 và các năm tiếp theo",
//! "Thường xuyên"), which its descendants inherit; [`in_text`] finds a deadline
//! cue inside running text ("trong năm 2020 và giai đoạn 2021-2025", "trước ngày
//! 30/6/2021", "định kỳ hàng năm, bắt đầu từ năm 2021"). Years inside names
//! ("Đề án … giai đoạn 2021-2025") are not cues.

use crate::model::Deadline;
use regex::Regex;
use std::sync::LazyLock;

static QUARTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bquý\s+([IV]{1,3}|[1-4])\s*(?:/|năm\s+|-)\s*((?:19|20)\d{2})").expect("pattern"));
static MONTH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\btháng\s+(\d{1,2})\s*(?:/|năm\s+|-)\s*((?:19|20)\d{2})").expect("pattern"));
static BY_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:trước|chậm nhất|hạn chót|không muộn hơn)\s+(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})").expect("pattern"));
static SPAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})\b").expect("pattern"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bnăm\s+((?:19|20)\d{2})\b").expect("pattern"));
static START_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:bắt đầu\s+)?từ\s+năm\s+((?:19|20)\d{2})").expect("pattern"));
static CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:hoàn thành|thực hiện|triển khai|ban hành|trình)\s+)?(?:trong|trước|chậm nhất|xong trước|hoàn thành)\s+(?:năm\s+(?:19|20)\d{2}|quý\s|tháng\s|ngày\s)[^;.:]*").expect("pattern")
});
static RECURRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(định kỳ\s+(?:hằng|hàng)\s+năm|định kỳ\s+(?:6|sáu)\s+tháng|định kỳ\s+(?:hằng|hàng)\s+quý|định kỳ\s+(?:hằng|hàng)\s+tháng|(?:hằng|hàng)\s+quý|(?:hằng|hàng)\s+tháng)").expect("pattern")
});

fn quarter_number(q: &str) -> Option<u32> {
    match q.to_uppercase().as_str() {
        "I" | "1" => Some(1),
        "II" | "2" => Some(2),
        "III" | "3" => Some(3),
        "IV" | "4" => Some(4),
        _ => None,
    }
}

/// Reads a time phrase into a deadline, if it is one.
pub fn parse_phrase(phrase: &str) -> Option<Deadline> {
    let p = phrase.trim().trim_end_matches(['.', ':', ';', ',']).trim();
    let lower = crate::normalize::fold_key(p);
    let mut d = Deadline { text: Some(p.to_string()), ..Default::default() };
    if lower.starts_with("thường xuyên") || lower == "liên tục" {
        d.continuous = Some(true);
        return Some(d);
    }
    if let Some(c) = QUARTER.captures(p) {
        d.quarter = quarter_number(&c[1]);
        d.year = c[2].parse().ok();
        return d.quarter.map(|_| d);
    }
    if let Some(c) = BY_DATE.captures(p) {
        d.by = crate::tokens::iso_date(&c[1], &c[2], &c[3]);
        return d.by.is_some().then_some(d);
    }
    if let Some(c) = MONTH.captures(p) {
        d.month = c[1].parse().ok().filter(|m| (1..=12).contains(m));
        d.year = c[2].parse().ok();
        return d.month.map(|_| d);
    }
    if let Some(c) = SPAN.captures(p) {
        let mut from: i32 = c[1].parse().ok()?;
        let to: i32 = c[2].parse().ok()?;
        // "trong năm 2020 và giai đoạn 2021-2025": the span starts with the earlier year
        if let Some(y) = YEAR.captures(p).and_then(|y| y[1].parse::<i32>().ok()) {
            from = from.min(y);
        }
        d.from = Some(from);
        d.to = Some(to);
        return Some(d);
    }
    if lower.contains("các năm tiếp theo") || lower.contains("trở đi") || lower.starts_with("từ năm") {
        d.from = YEAR.captures(p).and_then(|c| c[1].parse().ok());
        return d.from.map(|_| d);
    }
    if let Some(c) = YEAR.captures(p) {
        d.year = c[1].parse().ok();
        return Some(d);
    }
    if lower.contains("hằng năm") || lower.contains("hàng năm") {
        d.recurring = Some("yearly".into());
        return Some(d);
    }
    None
}

static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[Tt]háng\s+)?(\d{1,2})\s*/\s*((?:19|20)\d{2})$").expect("pattern"));
static BARE_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})\b").expect("pattern"));

/// Reads the time cell of a task table (conventions §3.3): the forms of
/// [`parse_phrase`] and the bare ones of tables: "6/2025", "2025", "2025 và những
/// năm tiếp theo", "Nhiệm vụ thường xuyên".
pub fn cell(text: &str) -> Option<Deadline> {
    let p = text.trim().trim_end_matches(['.', ';', ',']).trim();
    let lower = crate::normalize::fold_key(p);
    let mut d = Deadline { text: Some(p.to_string()), ..Default::default() };
    if lower.starts_with("nhiệm vụ thường xuyên") || lower.starts_with("thường xuyên") {
        d.continuous = Some(true);
        return Some(d);
    }
    if let Some(c) = MONTH_YEAR.captures(p) {
        d.month = c[1].parse().ok().filter(|m| (1..=12).contains(m));
        d.year = c[2].parse().ok();
        return d.month.map(|_| d);
    }
    if let Some(found) = parse_phrase(p) {
        return Some(found);
    }
    let first = BARE_YEAR.captures(p).and_then(|c| c[1].parse::<i32>().ok())?;
    if lower.contains("năm tiếp theo") || lower.contains("trở đi") {
        d.from = Some(first);
    } else if lower.len() <= 12 {
        d.year = Some(first);
    } else {
        return None;
    }
    Some(d)
}

/// A heading that is itself a time phrase: short, and starting with a time word.
pub fn heading(h: &str) -> Option<Deadline> {
    let lower = crate::normalize::fold_key(h);
    let starts = ["năm ", "giai đoạn ", "quý ", "tháng ", "từ năm ", "đến năm ", "trong năm ", "trong giai đoạn ", "thường xuyên", "hằng năm", "hàng năm"];
    if h.split_whitespace().count() > 10 || !starts.iter().any(|s| lower.starts_with(s)) {
        return None;
    }
    parse_phrase(h)
}

/// A deadline cue in running text.
pub fn in_text(text: &str) -> Option<Deadline> {
    // cheap screens before the case-insensitive patterns: the tails of their words
    let recurring = text.contains("ịnh kỳ") || text.contains("ỊNH KỲ") || text.contains("ằng") || text.contains("àng") || text.contains("ẰNG") || text.contains("ÀNG");
    if let Some(m) = RECURRING.find(text).filter(|_| recurring) {
        let phrase_end = text[m.end()..].find([';', '.']).map_or(text.len(), |e| m.end() + e);
        let phrase = &text[m.start()..phrase_end];
        let lower = crate::normalize::fold_key(m.as_str());
        let kind = if lower.contains("năm") && !lower.contains("6 tháng") && !lower.contains("sáu tháng") {
            "yearly"
        } else if lower.contains("6 tháng") || lower.contains("sáu tháng") {
            "half-yearly"
        } else if lower.contains("quý") {
            "quarterly"
        } else {
            "monthly"
        };
        let from = START_YEAR.captures(phrase).and_then(|c| c[1].parse().ok());
        let short_end = START_YEAR.find(phrase).map_or(m.end() - m.start(), |s| s.end());
        return Some(Deadline { text: Some(phrase[..short_end].trim().to_string()), recurring: Some(kind.into()), from, ..Default::default() });
    }
    let cue = ["rong", "rước", "hậm nhất", "oàn thành", "RONG", "RƯỚC", "HẬM NHẤT", "OÀN THÀNH"].iter().any(|w| text.contains(w));
    if !cue {
        return None;
    }
    let m = CUE.find(text)?;
    let mut d = parse_phrase(m.as_str())?;
    d.text = Some(m.as_str().trim().to_string());
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_that_are_time_phrases() {
        assert_eq!(heading("Năm 2020").and_then(|d| d.year), Some(2020));
        let d = heading("Giai đoạn 2021-2025").unwrap();
        assert_eq!((d.from, d.to), (Some(2021), Some(2025)));
        assert_eq!(heading("Lĩnh vực y tế"), None);
        let d = heading("Năm 2026 và các năm tiếp theo").unwrap();
        assert_eq!((d.from, d.to), (Some(2026), None));
    }

    #[test]
    fn table_cell_forms() {
        let q = parse_phrase("Quý II/2026").unwrap();
        assert_eq!((q.quarter, q.year), (Some(2), Some(2026)));
        let m = parse_phrase("Tháng 6/2025").unwrap();
        assert_eq!((m.month, m.year), (Some(6), Some(2025)));
        assert_eq!(parse_phrase("Thường xuyên").unwrap().continuous, Some(true));
        assert_eq!(parse_phrase("trước ngày 30/6/2021").unwrap().by.as_deref(), Some("2021-06-30"));
    }

    #[test]
    fn bare_cells_of_task_tables() {
        let d = cell("6/2025").unwrap();
        assert_eq!((d.month, d.year), (Some(6), Some(2025)));
        assert_eq!(cell("2025").unwrap().year, Some(2025));
        let d = cell("2025 và những năm tiếp theo").unwrap();
        assert_eq!((d.from, d.to), (Some(2025), None));
        assert_eq!(cell("Nhiệm vụ thường xuyên").unwrap().continuous, Some(true));
        let d = cell("2025 - 2026").unwrap();
        assert_eq!((d.from, d.to), (Some(2025), Some(2026)));
        assert_eq!(cell("Hằng năm").unwrap().recurring.as_deref(), Some("yearly"));
    }

    #[test]
    fn cues_in_text() {
        let d = in_text("Sở Kế hoạch và Đầu tư định kỳ hàng năm, bắt đầu từ năm 2021, chủ trì").unwrap();
        assert_eq!((d.recurring.as_deref(), d.from), (Some("yearly"), Some(2021)));
        let d = in_text("triển khai nhiệm vụ tại tiết a3 trong năm 2020 và giai đoạn 2021-2025; triển khai").unwrap();
        assert_eq!((d.from, d.to), (Some(2020), Some(2025)));
        assert_eq!(in_text("Đề án phát triển giai đoạn 2021-2025."), None);
    }
}
