//! Time phrases: one grammar for every place a time is written (conventions §3.3).
//!
//! In: a text (a line, a table cell, a node's joined paragraph). Out: every time
//! phrase in it with its byte range, its reading ([`When`]) and the word that
//! governs it ([`Governor`]): "trong năm 2025", "Quý IV/2025 - Quý II/2026",
//! "Năm 2026 và các năm tiếp theo", "trước ngày 15/12 hằng năm", "6/2025",
//! "định kỳ 6 tháng", "thường xuyên", "tầm nhìn đến năm 2045", "so với năm 2020".
//!
//! The recognizer only reads; what a phrase *means* for a task or a target (a
//! deadline, the year of a target, a vision, a baseline) is decided by the
//! extractors from the governor and the place of the phrase. Numbers inside
//! document numbers ("10/2022/TT-BLĐTBXH", "45-NQ/TW") are never times.

use crate::patterns::TIME_PHRASE;

/// What a time phrase says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum When {
    /// "năm 2025", "2025"
    Year(i32),
    /// "2021-2025", "giai đoạn 2026 - 2030"; `to` is absent for an open end
    /// ("năm 2026 và các năm tiếp theo", "từ năm 2026 trở đi")
    Span(i32, Option<i32>),
    /// "ngày 30/6/2025": an ISO date
    Date(String),
    /// "ngày 15/12" without a year
    DayMonth(u32, u32),
    /// "tháng 6/2025", "6/2025", "tháng 12" (year unknown)
    Month(u32, Option<i32>),
    /// "từ tháng 3 đến tháng 10 năm 2026"
    Months(u32, u32, Option<i32>),
    /// "Quý II/2026", "quý IV" (year unknown)
    Quarter(u32, Option<i32>),
    /// "Quý IV/2025 - Quý II/2026": (quarter, year) to (quarter, year)
    Quarters(u32, Option<i32>, u32, i32),
    /// "hằng năm", "định kỳ 6 tháng", "hằng quý", "hằng tháng", "hằng tuần"
    Recurring(Every),
    /// "thường xuyên", "liên tục"
    Continuous,
}

/// How often a recurring duty comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Year,
    HalfYear,
    Quarter,
    Month,
    Week,
}

impl Every {
    /// The spec's name (`recurring:`); a week has none in the spec and is given as written.
    pub fn name(self) -> &'static str {
        match self {
            Every::Year => "yearly",
            Every::HalfYear => "half-yearly",
            Every::Quarter => "quarterly",
            Every::Month => "monthly",
            Every::Week => "weekly",
        }
    }
}

/// The word written before a time phrase, which says what the time is to the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Governor {
    /// nothing: a bare "năm 2025", "2026", "Quý II/2026"
    None,
    /// "trong", "trong giai đoạn", "trong cả"
    Within,
    /// "trước", "chậm nhất", "hoàn thành …", "xong …"
    Before,
    /// "đến", "đến hết", "đến cuối", "tới", "từ nay đến", "hết"
    Until,
    /// "từ", "bắt đầu từ"
    From,
    /// "vào", "vào cuối", "cuối", "đầu"
    At,
    /// "sau"
    After,
    /// "giai đoạn", "thời kỳ": names a period, often the title of a plan
    Period,
    /// "so với": a baseline, never the time of a target or a task
    Baseline,
    /// "tầm nhìn (đến)": a vision, not a plan's period ("định hướng đến năm 2025" is
    /// read as "đến": the seed's period runs to it)
    Vision,
}

/// A time phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Time {
    /// Byte range of the whole phrase (governing word included).
    pub start: usize,
    pub end: usize,
    /// Where the time itself starts, after the governing word.
    pub core: usize,
    pub when: When,
    pub governor: Governor,
    /// "… hằng năm" after a date or a month: the deadline comes back every year.
    pub yearly: bool,
    /// The phrase is preceded by a document number within a few words (the date of a
    /// citation: "Quyết định số 283/QĐ-TTg ngày 19/02/2020").
    pub citation: bool,
}

impl Time {
    /// The phrase as written.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }

    /// Whether it names a day, month, quarter, year or span (not a recurrence or a
    /// continuous duty).
    pub fn is_dated(&self) -> bool {
        !matches!(self.when, When::Recurring(_) | When::Continuous)
    }

    /// The year a target set at this time is for, or the span of years.
    pub fn years(&self) -> Option<(i32, Option<i32>)> {
        match &self.when {
            When::Year(y) => Some((*y, Some(*y))),
            When::Span(a, b) => Some((*a, *b)),
            When::Date(d) => d.get(..4).and_then(|y| y.parse().ok()).map(|y| (y, Some(y))),
            When::Month(_, Some(y)) | When::Months(_, _, Some(y)) | When::Quarter(_, Some(y)) => Some((*y, Some(*y))),
            When::Quarters(_, a, _, b) => Some((a.unwrap_or(*b), Some(*b))),
            _ => None,
        }
    }
}

fn quarter_number(q: &str) -> Option<u32> {
    match q.to_uppercase().as_str() {
        "I" | "1" => Some(1),
        "II" | "2" => Some(2),
        "III" | "3" => Some(3),
        "IV" | "4" => Some(4),
        _ => None,
    }
}

fn governor(pre: &str) -> Governor {
    let p = crate::normalize::fold_key(pre);
    let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
    let last_words = |w: &str| p == w || p.ends_with(&format!(" {w}"));
    if p.is_empty() {
        Governor::None
    } else if p.starts_with("so với") {
        Governor::Baseline
    } else if p.starts_with("tầm nhìn") {
        Governor::Vision
    } else if p.starts_with("trong") {
        Governor::Within
    } else if p.contains("trước") || p.starts_with("chậm nhất") || p.starts_with("hoàn thành") || p.starts_with("xong") {
        Governor::Before
    } else if p.contains("đến") || last_words("tới") || last_words("hết") {
        Governor::Until
    } else if last_words("từ") {
        Governor::From
    } else if p.starts_with("vào") || last_words("cuối") || last_words("đầu") {
        Governor::At
    } else if last_words("sau") {
        Governor::After
    } else if p.starts_with("giai đoạn") || p.starts_with("thời kỳ") {
        Governor::Period
    } else {
        Governor::None
    }
}

/// Whether the text just before `pos` ends with a document number: the time is the
/// date of a citation.
fn after_citation(text: &str, pos: usize) -> bool {
    let mut start = pos.saturating_sub(60);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    // the number right before, or before "ngày": a comma or a word between ends the citation
    let before = text[start..pos].trim_end();
    let last = before.rsplit(' ').next().unwrap_or("").trim_end_matches(')');
    last.contains('/') && last.chars().any(|c| c.is_ascii_digit()) && last.chars().any(|c| c.is_uppercase()) && !last.ends_with(',')
}

/// Every time phrase in a text, in order.
pub fn find(text: &str) -> Vec<Time> {
    let mut out = Vec::new();
    // a cheap screen: every phrase holds a digit or one of the words of recurrence
    let digits = text.bytes().any(|b| b.is_ascii_digit());
    if !digits && !["hằng", "hàng", "Hằng", "Hàng", "thường", "Thường", "liên tục", "Liên tục", "HẰNG", "HÀNG", "THƯỜNG"].iter().any(|w| text.contains(w)) {
        return out;
    }
    for c in TIME_PHRASE.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let pre = c.name("pre").map_or("", |p| p.as_str());
        let core = m.start() + pre.len();
        // whole words only, and never a piece of a number or a document number
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if before.is_some_and(|ch| ch.is_alphanumeric() || ch == '/' || ch == '.' || ch == '-' && text[..m.start()].chars().rev().nth(1).is_some_and(|p| p.is_alphanumeric()))
            || after.is_some_and(|ch| ch.is_alphanumeric() || ch == '/' || ch == '-' && text[m.end()..].chars().nth(1).is_some_and(|n| n.is_alphabetic()))
        {
            continue;
        }
        let num = |name: &str| c.name(name).and_then(|x| x.as_str().parse::<i32>().ok());
        let unum = |name: &str| c.name(name).and_then(|x| x.as_str().parse::<u32>().ok());
        let mut yearly = c.name("post").is_some_and(|p| crate::normalize::fold_key(p.as_str()).contains("hằng năm") || crate::normalize::fold_key(p.as_str()).contains("hàng năm"));
        let open = c.name("post").is_some_and(|p| !yearly && !p.as_str().is_empty());
        let when = if c.name("date").is_some() {
            let (d, mo, y) = if c.name("d1").is_some() { ("d1", "m1", "y1") } else { ("d2", "m2", "y2") };
            match crate::tokens::iso_date(&c[d], &c[mo], &c[y]) {
                Some(iso) => When::Date(iso),
                None => continue,
            }
        } else if c.name("dm").is_some() {
            let (Some(d), Some(mo)) = (unum("d3"), unum("m3").or(unum("m4"))) else { continue };
            if !(1..=31).contains(&d) || !(1..=12).contains(&mo) {
                continue;
            }
            When::DayMonth(d, mo)
        } else if c.name("qspan").is_some() {
            let (Some(a), Some(b)) = (c.name("q1").and_then(|x| quarter_number(x.as_str())), c.name("q2").and_then(|x| quarter_number(x.as_str()))) else { continue };
            let Some(yb) = num("qy2") else { continue };
            When::Quarters(a, num("qy1"), b, yb)
        } else if c.name("quarter").is_some() {
            let Some(q) = c.name("q").and_then(|x| quarter_number(x.as_str())) else { continue };
            When::Quarter(q, num("qy"))
        } else if c.name("mspan").is_some() {
            let (Some(a), Some(b)) = (unum("ma"), unum("mb")) else { continue };
            if !(1..=12).contains(&a) || !(1..=12).contains(&b) {
                continue;
            }
            When::Months(a, b, num("mby"))
        } else if c.name("month").is_some() {
            let Some(mo) = unum("mo") else { continue };
            if !(1..=12).contains(&mo) {
                continue;
            }
            When::Month(mo, num("moy"))
        } else if c.name("span").is_some() {
            let (Some(a), Some(b)) = (num("sa"), num("sb")) else { continue };
            if b < a || b - a > 50 {
                continue;
            }
            When::Span(a, Some(b))
        } else if c.name("mmyy").is_some() {
            let Some(mo) = unum("mm") else { continue };
            if !(1..=12).contains(&mo) {
                continue;
            }
            When::Month(mo, num("mmy"))
        } else if c.name("year").is_some() {
            let Some(y) = num("yy") else { continue };
            When::Year(y)
        } else if c.name("rec").is_some() {
            let kind = ["rk1", "rk2", "rk3", "rk4"].iter().find_map(|k| c.name(k)).map(|x| crate::normalize::fold_key(x.as_str())).unwrap_or_default();
            let every = match kind.as_str() {
                "năm" => Every::Year,
                "quý" | "quí" | "3" | "03" | "ba" => Every::Quarter,
                "tháng" => Every::Month,
                "tuần" => Every::Week,
                _ => Every::HalfYear,
            };
            yearly = false;
            When::Recurring(every)
        } else if c.name("cont").is_some() {
            When::Continuous
        } else {
            continue;
        };
        let when = match when {
            When::Year(y) if open => When::Span(y, None),
            When::Quarter(_, Some(y)) | When::Month(_, Some(y)) if open => When::Span(y, None),
            w => w,
        };
        let governor = governor(pre);
        // "từ năm 2026" opens a span that runs on
        let when = match (when, governor) {
            (When::Year(y), Governor::From) => When::Span(y, None),
            (w, _) => w,
        };
        out.push(Time { start: m.start(), end: m.end(), core, when, governor, yearly, citation: after_citation(text, m.start()) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (When, Governor) {
        let t = find(text);
        assert_eq!(t.len(), 1, "{text}: {t:?}");
        (t[0].when.clone(), t[0].governor)
    }

    #[test]
    fn the_forms_of_conventions_3_3() {
        assert_eq!(one("Quý IV/2025"), (When::Quarter(4, Some(2025)), Governor::None));
        assert_eq!(one("trong quý II năm 2026").0, When::Quarter(2, Some(2026)));
        assert_eq!(one("Quý IV/2025- Quý II/2026").0, When::Quarters(4, Some(2025), 2, 2026));
        assert_eq!(one("Năm 2026 và các năm tiếp theo").0, When::Span(2026, None));
        assert_eq!(one("Năm 2026 – 2030").0, When::Span(2026, Some(2030)));
        assert_eq!(one("6/2025").0, When::Month(6, Some(2025)));
        assert_eq!(one("trước ngày 30/6/2021"), (When::Date("2021-06-30".into()), Governor::Before));
        let t = find("trước ngày 15/12 hằng năm");
        assert_eq!((t[0].when.clone(), t[0].yearly), (When::DayMonth(15, 12), true));
        assert_eq!(one("định kỳ 6 tháng").0, When::Recurring(Every::HalfYear));
        assert_eq!(one("Thực hiện thường xuyên").0, When::Continuous);
        assert_eq!(one("tầm nhìn đến năm 2045"), (When::Year(2045), Governor::Vision));
        assert_eq!(one("so với năm 2020"), (When::Year(2020), Governor::Baseline));
        assert_eq!(one("từ năm 2026"), (When::Span(2026, None), Governor::From));
    }

    #[test]
    fn document_numbers_are_not_times() {
        assert!(find("Thông tư số 10/2022/TT-BLĐTBXH").is_empty());
        assert!(find("Nghị quyết số 45-NQ/TW").is_empty());
        let t = find("Quyết định số 283/QĐ-TTg ngày 19/02/2020 của Thủ tướng");
        assert_eq!(t.len(), 1);
        assert!(t[0].citation);
    }
}
