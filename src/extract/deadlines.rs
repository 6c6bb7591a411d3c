//! Deadlines: what the time phrases of a task say about when it is due
//! (conventions §3.3, spec `tasks.deadline`).
//!
//! In: texts (a table's time cell, a field "Thời gian thực hiện: …", a heading,
//! a task's running text) and the time phrases [`crate::tokens::time`] finds in
//! them. Out: a [`Deadline`] of the spec's shapes, with the phrase it came from.
//!
//! Where the phrase stands decides whether it is a deadline. A cell, a field or a
//! heading *is* a time. In running text a time is a deadline when it governs the
//! action: it opens the sentence ("Năm 2025, triển khai …", "Hằng năm, …"), it
//! closes the item in brackets ("(Quý III/2025)"), or a deadline word governs it
//! ("trong", "trước", "chậm nhất", "vào", "đến", "từ", "định kỳ"). Times that name
//! something else are not deadlines: the period in the title of a plan or a law
//! ("Quy hoạch … thời kỳ 2021-2030"), a budget line ("chi thường xuyên", "dự
//! toán … hằng năm"), a baseline ("so với năm 2020"), a vision ("tầm nhìn đến
//! năm 2045") and the date of a citation. A condition or a relative time ("sau
//! khi có hướng dẫn của …", "trong thời hạn 30 ngày kể từ …") is kept as text with
//! no date key.

use crate::dict;
use crate::model::Deadline;
use crate::normalize::fold_key;
use crate::tokens::time::{self, Governor, Time, When};

/// The deadline a time phrase states, with `text` the phrase as written.
pub fn from_time(t: &Time, source: &str) -> Deadline {
    let mut d = Deadline { text: Some(t.text(source).trim().trim_end_matches([',', '.', ';', ':']).to_string()), ..Default::default() };
    match &t.when {
        When::Year(y) => d.year = Some(*y),
        When::Span(a, b) => {
            d.from = Some(*a);
            d.to = *b;
        }
        When::Date(iso) => d.by = Some(iso.clone()),
        When::DayMonth(..) => {
            if t.yearly {
                d.recurring = Some("yearly".into());
            }
        }
        When::Month(m, y) => {
            if let Some(y) = y {
                d.month = Some(*m);
                d.year = Some(*y);
            }
        }
        When::Months(_, _, y) => d.year = *y,
        When::Quarter(q, y) => {
            if let Some(y) = y {
                d.quarter = Some(*q);
                d.year = Some(*y);
            }
        }
        When::Quarters(_, a, _, b) => {
            d.from = Some(a.unwrap_or(*b));
            d.to = Some(*b);
        }
        When::Recurring(e) => d.recurring = Some(e.name().into()),
        When::Continuous => d.continuous = Some(true),
    }
    d
}

/// Two phrases joined by "và" make one span: "trong năm 2020 và giai đoạn 2021-2025".
fn joined_span(first: &Time, next: Option<&Time>, source: &str) -> Option<(i32, i32, usize)> {
    let next = next?;
    let between = fold_key(source.get(first.end..next.start)?);
    if between.trim() != "và" || matches!(next.governor, Governor::Vision | Governor::Baseline) {
        return None;
    }
    let (a, b) = first.years()?;
    let (c, d) = next.years()?;
    Some((a.min(c), b.unwrap_or(a).max(d.unwrap_or(c)), next.end))
}

/// Reads a text that is all a time: a table's time cell ("Quý II/2026", "6/2025",
/// "2025 - 2026", "Thường xuyên, hằng năm", "Xong trong tháng 5/2026", "Nhiệm vụ
/// thường xuyên"), the value of a field, a heading such as "Năm 2020". The leading
/// phrase decides ("Thường xuyên, hằng năm" is continuous).
pub fn cell(text: &str) -> Option<Deadline> {
    let p = text.trim().trim_end_matches(['.', ';', ',']).trim();
    if p.is_empty() {
        return None;
    }
    let times = time::find(p);
    let first = times.iter().find(|t| !matches!(t.governor, Governor::Baseline | Governor::Vision))?;
    // a cell holds a time and little else ("Hoàn thành trong quý II/2026" is fine,
    // a sentence that mentions a year is not a time cell)
    let rest = p.len() - (first.end - first.start);
    if rest > 60 && !matches!(first.when, When::Continuous | When::Recurring(_)) && first.start > 40 {
        return None;
    }
    let mut d = from_time(first, p);
    if let Some((a, b, _)) = joined_span(first, times.iter().find(|t| t.start >= first.end), p) {
        d = Deadline { text: d.text, from: Some(a), to: Some(b), ..Default::default() };
    }
    // the whole cell is the phrase it came from
    d.text = Some(p.to_string());
    Some(d)
}

/// A heading that is itself a time phrase ("a) Năm 2020", "b) Giai đoạn 2021-2025",
/// "Quý II/2026", "Năm 2026 và các năm tiếp theo", "Thường xuyên"): short, and
/// opening with the phrase.
pub fn heading(h: &str) -> Option<Deadline> {
    let h = h.trim().trim_end_matches([':', '.']);
    if h.split_whitespace().count() > 10 {
        return None;
    }
    let times = time::find(h);
    let first = times.first()?;
    if first.start > 0 || matches!(first.governor, Governor::Baseline | Governor::Vision) {
        return None;
    }
    // "Năm 2020" is a heading of time; "2020 là năm …" is not
    let after = h[first.end..].trim_start();
    if !(after.is_empty() || after.starts_with(['(', ',', '-', '–', ':']) || fold_key(after).starts_with("và ")) {
        return None;
    }
    cell(h)
}

/// The value of an inline time field ("Thời gian thực hiện: Quý IV năm 2023",
/// "Thời gian hoàn thành: Trong năm 2024", "Tiến độ: …"), when a text opens with one.
pub fn field(text: &str) -> Option<Deadline> {
    let (name, value) = text.split_once(':')?;
    let key = fold_key(name.trim_start_matches(['-', '+', '•', ' ']).trim());
    if !dict::starts_with_word(&key, "time_fields") || key.split_whitespace().count() > 5 {
        return None;
    }
    let value = value.trim();
    cell(value).or_else(|| (!value.is_empty()).then(|| Deadline { text: Some(value.trim_end_matches(['.', ';']).to_string()), ..Default::default() }))
}

/// The deadline a task's running text states, if any (see the module doc).
pub fn in_text(text: &str) -> Option<Deadline> {
    // 1. a time field on a line of its own inside the text
    for line in text.lines().skip(1) {
        if let Some(d) = field(line) {
            return Some(d);
        }
    }
    if let Some(d) = field(text.lines().next().unwrap_or("")) {
        return Some(d);
    }
    let times = time::find(text);
    let usable: Vec<&Time> = times.iter().filter(|t| !t.citation && !matches!(t.governor, Governor::Baseline | Governor::Vision)).collect();
    // 2. a time in brackets closing the item: "(Quý III/2025)", "(hoàn thành trong Quý IV/2023)"
    let closing = text.trim_end().trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '.' || c == ';');
    if closing.ends_with(')') {
        if let Some(open) = closing.rfind('(') {
            let inside = &closing[open + 1..closing.len() - 1];
            if let Some(t) = usable.iter().find(|t| t.start > open && t.end < closing.len()) {
                if inside.len() <= 60 && t.start <= open + 25 {
                    return Some(from_time(t, text));
                }
            }
        }
    }
    // 3. a time opening a sentence: "Năm 2025, triển khai …", "Từ năm 2026, …",
    // "Giai đoạn 2025 - 2030: …", "Hằng năm, …", "Thường xuyên tổ chức …"
    let opens = |t: &&&Time| t.start == 0 || text[..t.start].trim_end().ends_with(['.', '\n']) || text[..t.start].ends_with('\n');
    if let Some(t) = usable.iter().find(opens) {
        let after = text[t.end..].trim_start();
        let opens = after.starts_with([',', ':']) || matches!(t.when, When::Continuous) && after.starts_with(|c: char| c.is_lowercase());
        if opens && !matches!(t.governor, Governor::After) {
            return Some(with_span(t, &times, text));
        }
    }
    // 4. an explicit recurrence ("định kỳ hằng năm, bắt đầu từ năm 2021", "định kỳ 6 tháng")
    if let Some(d) = recurrence(text, &usable, &times, true) {
        return Some(d);
    }
    // 5. a time a deadline word governs, in a clause that does not name a plan or a budget
    for t in &usable {
        // "trong", "trước", "vào" mark the time of the action even after a plan's name;
        // "đến", "từ" may close the plan's name ("Đề án … đến năm 2025")
        let governed = match t.governor {
            Governor::Before | Governor::Within | Governor::At => t.is_dated(),
            Governor::Until | Governor::From => t.is_dated() && !names_something_else(text, t),
            _ => false,
        };
        if governed {
            return Some(with_span(t, &times, text));
        }
    }
    // 6. "hằng năm" timing the action ("tổ chức tổng kết hằng năm")
    if let Some(d) = recurrence(text, &usable, &times, false) {
        return Some(d);
    }
    // 7. a recurring date ("trước ngày 20/11 hằng năm", "trước ngày 15/12")
    for t in &usable {
        if let When::DayMonth(..) = t.when {
            if t.governor == Governor::Before {
                let mut d = from_time(t, text);
                d.recurring = Some("yearly".into());
                return Some(d);
            }
        }
    }
    // 8. a continuous duty governing the main action: early in the first clause
    let first_clause = text.split([';', '.', '\n']).next().unwrap_or("");
    for t in &usable {
        if t.when == When::Continuous && t.end <= first_clause.len() && t.start <= 80 && !names_something_else(text, t) && !qualifies_a_noun(text, t) {
            return Some(from_time(t, text));
        }
    }
    None
}

/// A recurrence that times the action: with `explicit`, "định kỳ …" with its
/// frequency or "… một lần"; otherwise "hằng năm", "hằng quý" … not part of the name
/// of a plan or a budget line ("kế hoạch hằng năm", "dự toán … giao hằng năm").
fn recurrence(text: &str, usable: &[&Time], times: &[Time], explicit: bool) -> Option<Deadline> {
    for t in usable {
        if !matches!(t.when, When::Recurring(_)) {
            continue;
        }
        let word = fold_key(&text[t.core..t.end]);
        let is_explicit = word.starts_with("định kỳ") || word.contains("lần");
        if is_explicit != explicit || !explicit && qualifies_a_plan(text, t) {
            continue;
        }
        let mut d = from_time(t, text);
        // "định kỳ hằng năm, bắt đầu từ năm 2021"
        if let Some(from) = times.iter().find(|x| x.start > t.end && x.start < t.end + 40 && x.governor == Governor::From) {
            if let Some((y, _)) = from.years() {
                d.from = Some(y);
                d.text = Some(text[t.start..from.end].trim().to_string());
            }
        }
        return Some(d);
    }
    None
}

/// "kế hoạch hằng năm", "kế hoạch công tác hằng năm", "dự toán ngân sách nhà nước hằng
/// năm": a generic noun in lower case just before, or a budget word a little before.
fn qualifies_a_plan(text: &str, t: &Time) -> bool {
    let mut start = t.start.saturating_sub(120);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let before = &text[start..t.start];
    let cut = before.rfind([',', ';', ':', '.', '(', '\n']).map_or(0, |p| p + 1);
    let words: Vec<&str> = before[cut..].split_whitespace().collect();
    let last_two = words[words.len().saturating_sub(2)..].join(" ");
    let last_six = fold_key(&words[words.len().saturating_sub(12)..].join(" "));
    // a capitalized name ("Đề án hàng năm" cannot be a name: the time is the action's)
    let generic = last_two.chars().next().is_some_and(|c| c.is_lowercase());
    let key_two = fold_key(&last_two);
    generic && (dict::has_word(&key_two, "named_periods") || dict::has_word(&key_two, "plan_names")) || dict::has_word(&last_six, "budget_nouns")
}

/// A condition or a time relative to an event, kept as its text with no date key
/// (the "Sau khi có hướng dẫn của …"). A task takes it only when neither its
/// own text nor its ancestors give a time.
pub fn condition(text: &str) -> Option<Deadline> {
    relative(text).or_else(|| periodic(text))
}

/// "Định kỳ báo cáo …", "kiểm tra định kỳ": a periodic duty whose frequency is not
/// stated. The spec has no form for it (gold: no date key), so the deadline is its
/// phrase alone, which says that the text does give a timing.
fn periodic(text: &str) -> Option<Deadline> {
    let pos = crate::tokens::find_ci(text, "định kỳ")?;
    let phrase = text[pos..].split([',', ';', '.', '\n']).next().unwrap_or("").trim();
    let short: String = phrase.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    Some(Deadline { text: Some(short), ..Default::default() })
}

/// "trong năm 2020 và giai đoạn 2021-2025" read as one span.
fn with_span(t: &Time, times: &[Time], text: &str) -> Deadline {
    let next = times.iter().find(|x| x.start >= t.end);
    match joined_span(t, next, text) {
        Some((a, b, end)) => Deadline { text: Some(text[t.start..end].trim().to_string()), from: Some(a), to: Some(b), ..Default::default() },
        None => from_time(t, text),
    }
}

/// The words before a time back to punctuation name a plan, a law or a budget line,
/// of which the time is part of the name ("Quy hoạch … thời kỳ 2021-2030", "dự toán
/// ngân sách … hằng năm", "kế hoạch công tác hằng năm").
pub fn names_something_else(text: &str, t: &Time) -> bool {
    names_in(text, t, &["plan_names", "named_periods"])
}

/// Whether the words before a time (back to a full stop, a colon or a bracket, at most
/// 24 words) hold an entry of one of the lexicon lists, or the time stands in quotes.
pub fn names_in(text: &str, t: &Time, lists: &[&str]) -> bool {
    let mut start = t.start.saturating_sub(200);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let before = &text[start..t.start];
    // a plan's title may hold commas ("Đề án … ứng phó sự cố, thiên tai … đến năm 2030")
    let cut = before.rfind([';', ':', '.', '(', '\n']).map_or(0, |p| p + 1);
    let words: Vec<&str> = before[cut..].split_whitespace().collect();
    // inside quotes the time is part of a title ("Đề án “… đến năm 2030”")
    // (a title in quotes is short: the window bounds the count on a long line)
    let mut from = t.start.saturating_sub(600);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let near = &text[from..t.start];
    let open_quote = near.matches('“').count() > near.matches('”').count();
    let key = fold_key(&words[words.len().saturating_sub(24)..].join(" "));
    open_quote || lists.iter().any(|l| dict::has_word(&key, l))
}

/// "giáo dục thường xuyên", "chi thường xuyên", "thường xuyên bị ngập": the word
/// describes a thing, not when the task is done.
fn qualifies_a_noun(text: &str, t: &Time) -> bool {
    let before = crate::tokens::tail_key(&text[..t.start], 1);
    let last = before.split_whitespace().last().unwrap_or("");
    let after = crate::tokens::head_key(&text[t.end..], 1);
    let next = after.split_whitespace().next().unwrap_or("");
    dict::keys("not_continuous_before").iter().any(|w| w == last) || dict::keys("not_continuous_after").iter().any(|w| w == next)
}

/// A condition or a time relative to an event, kept as its text with no date key
/// (the "Sau khi có hướng dẫn của …").
fn relative(text: &str) -> Option<Deadline> {
    let pos = crate::tokens::list_forms("relative_times").first(text)?.0;
    // the phrase runs to its clause's end, and on over a comma to the event it counts
    // from ("Chậm nhất là 15 ngày, trước ngày khai mạc kỳ họp …")
    let mut pieces = text[pos..].split_inclusive([',', ';', '.', '\n']);
    let mut end = pieces.next().map_or(0, |p| if p.ends_with(',') { p.len() - 1 } else { p.trim_end_matches([';', '.', '\n']).len() });
    if text.as_bytes().get(pos + end) == Some(&b',') {
        if let Some(next) = pieces.next() {
            let key = fold_key(next.trim_start());
            if dict::keys("relative_event_heads").iter().any(|w| key.starts_with(w.as_str()) && key[w.len()..].starts_with(' ')) {
                end += 1 + next.trim_end_matches([',', ';', '.', '\n']).len();
            }
        }
    }
    let phrase = text[pos..pos + end].trim();
    (!phrase.is_empty() && phrase.len() <= 160).then(|| Deadline { text: Some(phrase.to_string()), ..Default::default() })
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
        let q = cell("Quý II/2026").unwrap();
        assert_eq!((q.quarter, q.year), (Some(2), Some(2026)));
        let m = cell("Tháng 6/2025").unwrap();
        assert_eq!((m.month, m.year), (Some(6), Some(2025)));
        assert_eq!(cell("Thường xuyên").unwrap().continuous, Some(true));
        assert_eq!(cell("trước ngày 30/6/2021").unwrap().by.as_deref(), Some("2021-06-30"));
        let d = cell("6/2025").unwrap();
        assert_eq!((d.month, d.year), (Some(6), Some(2025)));
        assert_eq!(cell("2025").unwrap().year, Some(2025));
        let d = cell("2025 và những năm tiếp theo").unwrap();
        assert_eq!((d.from, d.to), (Some(2025), None));
        assert_eq!(cell("Nhiệm vụ thường xuyên").unwrap().continuous, Some(true));
        let d = cell("2025 - 2026").unwrap();
        assert_eq!((d.from, d.to), (Some(2025), Some(2026)));
        assert_eq!(cell("Hằng năm").unwrap().recurring.as_deref(), Some("yearly"));
        assert_eq!(cell("Thường xuyên, hằng năm").unwrap().continuous, Some(true));
        let d = cell("Quý IV/2025- Quý II/2026").unwrap();
        assert_eq!((d.from, d.to), (Some(2025), Some(2026)));
    }

    #[test]
    fn cues_in_text() {
        let d = in_text("Sở Kế hoạch và Đầu tư định kỳ hàng năm, bắt đầu từ năm 2021, chủ trì").unwrap();
        assert_eq!((d.recurring.as_deref(), d.from), (Some("yearly"), Some(2021)));
        let d = in_text("triển khai nhiệm vụ tại tiết a3 trong năm 2020 và giai đoạn 2021-2025; triển khai").unwrap();
        assert_eq!((d.from, d.to), (Some(2020), Some(2025)));
        assert_eq!(in_text("Đề án phát triển giai đoạn 2021-2025."), None);
        assert_eq!(in_text("Thực hiện Nghị định số 11/2021/NĐ-CP của Chính phủ."), None);
        assert_eq!(in_text("Rà soát Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050."), None);
        let d = in_text("Xây dựng Đề án (hoàn thành trong Quý IV/2023).").unwrap();
        assert_eq!((d.quarter, d.year), (Some(4), Some(2023)));
        let d = in_text("Năm 2025, triển khai thí điểm.").unwrap();
        assert_eq!(d.year, Some(2025));
        assert_eq!(in_text("Thường xuyên tổ chức kiểm tra.").unwrap().continuous, Some(true));
        assert_eq!(in_text("Bố trí kinh phí chi thường xuyên cho hoạt động."), None);
        let d = in_text("Rà soát văn bản.\n- Thời gian thực hiện: Quý IV năm 2023.").unwrap();
        assert_eq!((d.quarter, d.year), (Some(4), Some(2023)));
        assert_eq!(condition("Ban hành kế hoạch sau khi có hướng dẫn của Bộ Y tế.").unwrap().text.as_deref(), Some("sau khi có hướng dẫn của Bộ Y tế"));
        // a limit counted back from an event, over the comma that separates them
        let d = condition("Chậm nhất là 15 ngày, trước ngày khai mạc kỳ họp thường lệ của HĐND tỉnh, Văn phòng UBND tỉnh tổng hợp.").unwrap();
        assert_eq!(d.text.as_deref(), Some("Chậm nhất là 15 ngày, trước ngày khai mạc kỳ họp thường lệ của HĐND tỉnh"));
        assert_eq!((d.by, d.year), (None, None));
        assert_eq!(in_text("Tổ chức đánh giá, báo cáo kết quả thực hiện Đề án hàng năm.").unwrap().recurring.as_deref(), Some("yearly"));
        assert_eq!(in_text("bố trí kinh phí trong kế hoạch hàng năm."), None);
    }
}
