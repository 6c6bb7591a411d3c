//! Stage 3, lines: normalized lines in, classified lines out.
//!
//! Each line gets its list label, when it starts with one (`I.` `1.` `2.1.`
//! `a)` `a).` `đ)` `a1)` `-` `+` `A.` `Điều 3.` `Chương II`), the text after
//! the label, and its table cells when the line is a ` | ` rendered table row.
//! Labels are recognized with small nom parsers; what a label *means* (its level,
//! whether a heading was lost above it) is the outline stage's business.

use crate::normalize::Normalized;
use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, tag_no_case, take_while1, take_while_m_n},
    character::complete::{char, digit1, space0, space1},
    combinator::{eof, map, map_res, opt, peek, recognize, verify},
    sequence::{pair, preceded, terminated},
};

/// One classified line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based line number in the decoded input.
    pub no: usize,
    /// The normalized line.
    pub text: String,
    /// The list label it starts with, if any.
    pub label: Option<Box<Label>>,
    /// Where the text after the label lies in `text` (the whole line when there is
    /// none): a span, not a copy, so a line costs its text once ([`Line::rest`]).
    pub rest_span: (u32, u32),
    /// Cells, when the line is a table row rendered with ` | `.
    pub cells: Option<Vec<String>>,
    /// The line held only spaces: an empty table cell in text extracted from a PDF.
    pub blank_cell: bool,
    /// Page furniture that is not part of the document's text.
    pub furniture: Option<Furniture>,
    /// Markdown emphasis left open at the end of the line (`**III. NỘI` wrapped before
    /// its closing `**`): the heading goes on over the next lines until it closes.
    pub emphasis_open: bool,
    /// The line closes emphasis opened on a line before (`DUNG CỦA KẾ HOẠCH**`).
    pub emphasis_close: bool,
    /// A label glued to the end of the line, whose heading is the next line ("… trong
    /// tình hình mới 1.1." / "Nâng cao …"): the label and the byte where it starts.
    /// Only a label that cannot be read otherwise (Roman, or a number with levels);
    /// the outline takes it when it continues the numbering.
    pub glued: Option<Box<(Label, usize)>>,
}

impl Line {
    /// The text after the label (the whole line when there is none).
    pub fn rest(&self) -> &str {
        self.text.get(self.rest_span.0 as usize..self.rest_span.1 as usize).unwrap_or("")
    }
}

/// Lines a printed page adds around the document's text (conventions §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    /// "CÔNG BÁO/Số 277/Ngày 16-05-2026", "VĂN BẢN PHÁP LUẬT KHÁC"
    PageHeader,
    /// The lone page number beside a page header.
    PageNumber,
    /// The digital-signature stamp: "Ký bởi: …", "Cơ quan: …", "Ngày ký: …".
    SignatureStamp,
    /// A separator rule `_____` inside the body.
    Rule,
}

/// A list label as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub kind: LabelKind,
    /// The label without its punctuation: `III`, `1`, `2.1`, `a`, `a1`, `-`, `+`.
    pub raw: String,
}

/// The shapes a label comes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelKind {
    /// `I.` `IV.`
    Roman(u32),
    /// `1.` `2.1.` (one number per level)
    Arabic(Vec<u32>),
    /// `a)` `a).` `đ)`: the position in the Vietnamese letter order
    Letter(u32),
    /// `a1)` `b9)` `a.1)`
    LetterDigit(u32, u32),
    /// `A.` `B.` above Roman numerals
    Upper(u32),
    /// `-` and its typographic variants
    Dash,
    /// `+`
    Plus,
    /// `Điều 3.`
    Article(u32),
    /// `Chương II`
    Chapter(u32),
    /// `Phần I`, `Phần thứ nhất`
    PartWord(u32),
}

/// Point letters in the order points run (conventions §2.3): a b c d đ e g h i k …,
/// with the letters that are not used kept in alphabetical place as a tolerance.
const LETTER_ORDER: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// The position of a point letter in the Vietnamese order.
pub fn letter_index(c: char) -> Option<u32> {
    LETTER_ORDER.chars().position(|l| l == c).map(|p| p as u32)
}

/// The point letter at a position of the Vietnamese order.
pub fn letter_at(i: u32) -> char {
    LETTER_ORDER.chars().nth(i as usize).unwrap_or('?')
}

/// Classifies every normalized line, then marks the page furniture among them.
pub fn classify(normalized: &Normalized) -> Vec<Line> {
    let mut out: Vec<Line> = normalized.lines.iter().enumerate().map(|(i, t)| classify_line(i + 1, t)).collect();
    for (l, blank) in out.iter_mut().zip(&normalized.blank_cells) {
        l.blank_cell = *blank;
    }
    mark_furniture(&mut out);
    for i in 1..out.len() {
        let next_opens = out[i].label.is_none() && out[i].cells.is_none() && out[i].text.starts_with(char::is_uppercase);
        if next_opens && out[i - 1].label.as_ref().is_none_or(|l| !matches!(l.kind, LabelKind::Dash | LabelKind::Plus)) {
            out[i - 1].glued = glued_label(&out[i - 1].text).map(Box::new);
        }
    }
    out
}

/// A label written at the end of a line after its text: "… mới 1.1.", "… hợp tác II.".
fn glued_label(text: &str) -> Option<(Label, usize)> {
    let t = text.trim_end();
    let start = t.rfind(' ')? + 1;
    if start < 2 || !t[..start].trim_end().ends_with(|c: char| c.is_alphanumeric() || c == ')' || c == '”') {
        return None;
    }
    let (label, rest) = parse_label(&t[start..])?;
    let kind_ok = match &label.kind {
        LabelKind::Roman(_) => true,
        LabelKind::Arabic(n) => n.len() >= 2,
        _ => false,
    };
    (kind_ok && rest.trim().is_empty()).then_some((label, start))
}

/// Classifies one line.
pub fn classify_line(no: usize, text: &str) -> Line {
    // an odd count of `**` leaves emphasis open (at the start) or closes it (at the end)
    let odd = text.matches("**").count() % 2 == 1;
    let emphasis_open = odd && text.trim_start_matches('#').trim_start().starts_with("**");
    let emphasis_close = odd && !emphasis_open && text.trim_end().ends_with("**");
    let plain = strip_markdown(text);
    let text = plain.as_deref().unwrap_or(text);
    let cells = table_cells(text);
    let (label, rest_span) = match parse_label(text) {
        Some((label, rest)) => {
            // `rest` is a suffix of `text`: its trimmed part as a span
            let start = text.len() - rest.len() + (rest.len() - rest.trim_start().len());
            (Some(label), (start as u32, (start + rest.trim().len()) as u32))
        }
        None => (None, (0, text.len() as u32)),
    };
    Line { no, text: text.to_string(), label: label.map(Box::new), rest_span, cells, blank_cell: false, furniture: None, emphasis_open, emphasis_close, glued: None }
}

/// The line without its markdown markup, when it has some: `## I. MỤC TIÊU`,
/// `**Điều 1.** Ban hành …`, `*Nơi nhận:*`, `* item` (a bullet, read as `- item`).
/// Transcriptions of legal texts into markdown carry the structure in this markup
/// (conventions §7); the words are kept as written.
fn strip_markdown(text: &str) -> Option<String> {
    // most lines carry no markup: no copy of them
    if !text.starts_with('#') && !text.contains('*') {
        return None;
    }
    let mut t = text;
    let mut changed = false;
    let hashes = t.len() - t.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
        t = t[hashes..].trim_start();
        changed = true;
    }
    let bullet = t.starts_with("* ") && !t[2..].contains('*');
    let mut out = if bullet {
        changed = true;
        format!("- {}", &t[2..])
    } else {
        t.to_string()
    };
    if out.contains("**") {
        out = out.replace("**", "");
        changed = true;
    }
    // single `*` emphasis, balanced or cut by a wrap ("*Căn cứ Luật …", "… năm 2025*",
    // "của* *Chính phủ"); a footnote mark "(*)" stays
    if out.contains('*') && !out.contains("(*)") && !out.starts_with("* ") {
        out = out.replace('*', "");
        changed = true;
    }
    // markup alone ("* *", "** **") is kept as written: a rule of the page, not an empty line
    (changed && !out.trim().is_empty()).then(|| out.trim().to_string())
}

/// Marks gazette page headers with their page numbers, digital-signature stamps and
/// separator rules. A lone number is a page number only beside a page header:
/// elsewhere it may be the STT cell of a flattened table.
fn mark_furniture(lines: &mut [Line]) {
    use crate::patterns::{GAZETTE_HEADER, RULE, SIGN_STAMP};
    let n = lines.len();
    for i in 0..n {
        let t = lines[i].text.as_str();
        if GAZETTE_HEADER.is_match(t) {
            lines[i].furniture = Some(Furniture::PageHeader);
            // the page number sits on the next or the previous non-empty line
            let next = (i + 1..n.min(i + 3)).find(|&k| !lines[k].text.is_empty());
            let prev = (i.saturating_sub(2)..i).rev().find(|&k| !lines[k].text.is_empty());
            for k in [next, prev].into_iter().flatten() {
                let pk = lines[k].text.as_str();
                if pk.len() <= 4 && pk.chars().all(|c| c.is_ascii_digit()) && lines[k].furniture.is_none() {
                    let number = pk.to_string();
                    lines[k].furniture = Some(Furniture::PageNumber);
                    // a PDF extractor may repeat the number on the lines around it ("74⏎74⏎74")
                    let away: Vec<usize> = if k > i { (k + 1..n.min(k + 5)).collect() } else { (k.saturating_sub(4)..k).rev().collect() };
                    for j in away {
                        if lines[j].text.is_empty() {
                            continue;
                        }
                        if lines[j].text != number || lines[j].furniture.is_some() {
                            break;
                        }
                        lines[j].furniture = Some(Furniture::PageNumber);
                    }
                    break;
                }
            }
        } else if SIGN_STAMP.is_match(t) {
            // "Ký bởi:" opens the stamp; its "Cơ quan:", "Ngày ký:" lines follow
            lines[i].furniture = Some(Furniture::SignatureStamp);
            let mut k = i + 1;
            while k < n && k < i + 6 && crate::patterns::SIGN_STAMP_FIELD.is_match(&lines[k].text) {
                lines[k].furniture = Some(Furniture::SignatureStamp);
                k += 1;
            }
        } else if RULE.is_match(t) && lines[i].furniture.is_none() {
            lines[i].furniture = Some(Furniture::Rule);
        }
    }
}

/// Splits a ` | ` rendered table row into its cells (empty cells dropped).
fn table_cells(text: &str) -> Option<Vec<String>> {
    if !text.contains('|') {
        return None;
    }
    let is_row = text.contains(" | ") || text.ends_with(" |") || text.starts_with("| ") || text == "|";
    if !is_row {
        return None;
    }
    Some(text.split('|').map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect())
}

/// The label a line starts with and the text after it.
pub fn parse_label(text: &str) -> Option<(Label, &str)> {
    let result: IResult<&str, Label> = alt((article, chapter, part_word, roman, arabic, letter_digit, letter, upper, bullet)).parse(text);
    result.ok().map(|(rest, label)| (label, rest))
}

/// What must follow a label: a space, or the end of the line.
fn gap(input: &str) -> IResult<&str, ()> {
    alt((map(space1, |_| ()), map(eof, |_| ()))).parse(input)
}

fn roman_value(s: &str) -> Option<u32> {
    let val = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let digits: Option<Vec<u32>> = s.chars().map(val).collect();
    let digits = digits?;
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|n| n > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    (total > 0 && to_roman(total as u32) == s).then_some(total as u32)
}

/// Writes a number as a Roman numeral (`4` → `IV`).
pub fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 9] =
        [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn roman_numeral(input: &str) -> IResult<&str, (u32, &str)> {
    map_res(take_while1(|c| "IVXLC".contains(c)), |s: &str| roman_value(s).map(|v| (v, s)).ok_or(())).parse(input)
}

/// `I.` `IV.` (also `IV-` and `IV:` seen in scraped text is not accepted: too ambiguous)
fn roman(input: &str) -> IResult<&str, Label> {
    map(terminated(roman_numeral, pair(char('.'), gap)), |(v, s)| Label { kind: LabelKind::Roman(v), raw: s.into() })
        .parse(input)
}

fn small_number(input: &str) -> IResult<&str, u32> {
    map_res(take_while_m_n(1, 3, |c: char| c.is_ascii_digit()), str::parse::<u32>).parse(input)
}

/// `1.` `12.` `2.1.` `2.1` `1)` — a number with 1–3 digits per level, then `.` or `)`
/// and a space (a multi-level number may drop the last dot). `1.248.000` is not a label.
fn arabic(input: &str) -> IResult<&str, Label> {
    let (rest, first) = small_number(input)?;
    let mut nums = vec![first];
    let mut rest = rest;
    loop {
        // another level: ".N" where N has 1–2 digits and is followed by "." ")" or space
        let step: IResult<&str, u32> =
            preceded(char('.'), terminated(map_res(take_while_m_n(1, 2, |c: char| c.is_ascii_digit()), str::parse::<u32>), peek(alt((tag("."), tag(")"), tag(" "), eof))))).parse(rest);
        match step {
            Ok((r, n)) if nums.len() < 6 => {
                nums.push(n);
                rest = r;
            }
            _ => break,
        }
    }
    let multi = nums.len() > 1;
    let close: IResult<&str, &str> = alt((tag("."), tag(")"))).parse(rest);
    let rest = match close {
        Ok((r, _)) => r,
        Err(e) if !multi => return Err(e),
        Err(_) => rest,
    };
    let (rest, _) = gap(rest)?;
    // "1. 000" or "2. 5%" are numbers broken by a space, not labels
    if rest.starts_with(|c: char| c.is_ascii_digit()) && !multi {
        return Err(nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Verify)));
    }
    let raw = nums.iter().map(u32::to_string).collect::<Vec<_>>().join(".");
    Ok((rest, Label { kind: LabelKind::Arabic(nums), raw }))
}

fn point_letter(input: &str) -> IResult<&str, char> {
    verify(nom::character::complete::anychar, |c: &char| "abcdđeghiklmnopqrstuvxy".contains(*c)).parse(input)
}

/// `a)` `a).` `đ)` `(a)`
fn letter(input: &str) -> IResult<&str, Label> {
    let (rest, c) = alt((
        terminated(point_letter, pair(char(')'), opt(char('.')))),
        preceded(char('('), terminated(point_letter, char(')'))),
    ))
    .parse(input)?;
    let (rest, _) = gap(rest)?;
    Ok((rest, Label { kind: LabelKind::Letter(letter_index(c).unwrap_or(0)), raw: c.to_string() }))
}

/// `a1)` `b9)` `a.1)` `a1.`
fn letter_digit(input: &str) -> IResult<&str, Label> {
    let (rest, (c, _, n)) = (point_letter, opt(char('.')), small_number).parse(input)?;
    let (rest, _) = alt((recognize(pair(char(')'), opt(char('.')))), tag("."))).parse(rest)?;
    let (rest, _) = gap(rest)?;
    Ok((rest, Label { kind: LabelKind::LetterDigit(letter_index(c).unwrap_or(0), n), raw: format!("{c}{n}") }))
}

/// `A.` `B.` — capital letters above Roman numerals (conventions §2.2)
fn upper(input: &str) -> IResult<&str, Label> {
    let (rest, c) = verify(nom::character::complete::anychar, |c: &char| c.is_ascii_uppercase() && !"IVXLC".contains(*c)).parse(input)?;
    let (rest, _) = (char('.'), space1).parse(rest)?;
    // "A. NỘI DUNG …": only before a capitalized word, to keep initials ("H. Nguyễn") out
    if !rest.starts_with(|ch: char| ch.is_uppercase()) {
        return Err(nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Verify)));
    }
    Ok((rest, Label { kind: LabelKind::Upper(c as u32 - 'A' as u32 + 1), raw: c.to_string() }))
}

/// `-` `–` `—` `•` and `+` bullets
fn bullet(input: &str) -> IResult<&str, Label> {
    let dash = map(alt((tag("-"), tag("–"), tag("—"), tag("•"), tag("·"))), |_| LabelKind::Dash);
    let plus = map(tag("+"), |_| LabelKind::Plus);
    let (rest, kind) = alt((dash, plus)).parse(input)?;
    // "- 1 Kế hoạch …" still a bullet; "-5%" or "--" is not
    let (rest, _) = alt((map(space1, |_| ()), map(peek(verify(nom::character::complete::anychar, |c: &char| c.is_uppercase())), |_| ()))).parse(rest)?;
    let raw = if kind == LabelKind::Plus { "+" } else { "-" };
    Ok((rest, Label { kind, raw: raw.into() }))
}

/// `Điều 3.` `Điều 3:` `Điều 3 ` (articles)
fn article(input: &str) -> IResult<&str, Label> {
    let (rest, (_, _, n)) = (tag("Điều"), space1, map_res(digit1, str::parse::<u32>)).parse(input)?;
    let (rest, suffix) = opt(take_while_m_n(1, 1, |c: char| c.is_ascii_lowercase())).parse(rest)?;
    let (rest, _) = (opt(alt((char('.'), char(':')))), gap).parse(rest)?;
    let raw = format!("{n}{}", suffix.unwrap_or(""));
    Ok((rest, Label { kind: LabelKind::Article(n), raw }))
}

/// `Chương II`
fn chapter(input: &str) -> IResult<&str, Label> {
    let (rest, (_, _, (v, s))) = (alt((tag("Chương"), tag("CHƯƠNG"))), space1, roman_numeral).parse(input)?;
    let (rest, _) = (opt(alt((char('.'), char(':')))), space0, peek(alt((eof, recognize(nom::character::complete::anychar))))).parse(rest)?;
    Ok((rest, Label { kind: LabelKind::Chapter(v), raw: s.into() }))
}

const ORDINALS: [&str; 10] = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"];

/// `Phần I`, `PHẦN II`, `Phần thứ nhất`
fn part_word(input: &str) -> IResult<&str, Label> {
    let (rest, _) = (alt((tag("Phần"), tag("PHẦN"))), space1).parse(input)?;
    let roman_form = map(roman_numeral, |(v, s)| (v, s.to_string()));
    let ordinal_form = map_res(preceded((tag_no_case("thứ"), space1), take_while1(|c: char| c.is_alphabetic())), |w: &str| {
        let w = w.to_lowercase();
        ORDINALS.iter().position(|o| *o == w).map(|p| ((p + 1) as u32, to_roman(p as u32 + 1))).ok_or(())
    });
    let (rest, (v, raw)) = alt((roman_form, ordinal_form)).parse(rest)?;
    let (rest, _) = (opt(alt((char('.'), char(':')))), alt((map(space1, |_| ()), map(eof, |_| ())))).parse(rest)?;
    Ok((rest, Label { kind: LabelKind::PartWord(v), raw }))
}

/// Whether a text is written in capitals (at least two letters, none lower case).
pub fn is_all_caps(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            letters += 1;
        }
    }
    letters >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str) -> Option<(LabelKind, String, String)> {
        parse_label(text).map(|(l, rest)| (l.kind, l.raw, rest.to_string()))
    }

    #[test]
    fn the_label_shapes_of_the_family() {
        assert_eq!(label("IV. THỜI GIAN"), Some((LabelKind::Roman(4), "IV".into(), "THỜI GIAN".into())));
        assert_eq!(label("1. Mục đích"), Some((LabelKind::Arabic(vec![1]), "1".into(), "Mục đích".into())));
        assert_eq!(label("2.1. Nhiệm vụ"), Some((LabelKind::Arabic(vec![2, 1]), "2.1".into(), "Nhiệm vụ".into())));
        assert_eq!(label("a) Năm 2020").map(|l| l.1), Some("a".into()));
        assert_eq!(label("a). Mục tiêu tổng quát").map(|l| l.2), Some("Mục tiêu tổng quát".into()));
        assert_eq!(label("đ) Kế hoạch").map(|l| l.0), Some(LabelKind::Letter(letter_index('đ').unwrap())));
        assert_eq!(label("b9) Lĩnh vực y tế:").map(|l| l.1), Some("b9".into()));
        assert_eq!(label("- Xây dựng").map(|l| l.0), Some(LabelKind::Dash));
        assert_eq!(label("+ Đề án").map(|l| l.0), Some(LabelKind::Plus));
        assert_eq!(label("Điều 1. Phê duyệt").map(|l| l.0), Some(LabelKind::Article(1)));
        assert_eq!(label("Chương II").map(|l| l.0), Some(LabelKind::Chapter(2)));
        assert_eq!(label("Phần thứ hai").map(|l| l.0), Some(LabelKind::PartWord(2)));
        assert_eq!(label("A. NỘI DUNG").map(|l| l.0), Some(LabelKind::Upper(1)));
    }

    #[test]
    fn numbers_and_words_are_not_labels() {
        for text in ["1.248.000 lượt khách", "100% hồ sơ", "2020. Năm", "Năm 2020", "a", "MICE1", "-5%", "I think", "Điều kiện", "Phần mềm", "1. 000 người"] {
            assert_eq!(label(text), None, "{text}");
        }
    }

    #[test]
    fn table_rows_split_into_cells() {
        let l = classify_line(1, "Số: 117/KH-UBND | Hải Phòng, ngày 28 tháng 4 năm 2020 |");
        assert_eq!(l.cells.unwrap(), vec!["Số: 117/KH-UBND", "Hải Phòng, ngày 28 tháng 4 năm 2020"]);
        assert_eq!(classify_line(1, "a|b").cells, None);
    }

    #[test]
    fn roman_numerals_round_trip() {
        for n in 1..60 {
            assert_eq!(roman_value(&to_roman(n)), Some(n));
        }
        assert_eq!(roman_value("IIII"), None);
    }
}
