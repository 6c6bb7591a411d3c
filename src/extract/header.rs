//! Header: kind, code, number, issuer, place, date, title, bases, period, signer.
//!
//! The header is read from the header lines the outline found (joined, so a
//! date wrapped over two lines still reads), the preamble gives the bases
//! ("Căn cứ …", "Thực hiện …": conventions §1.8) and the period comes from a
//! "Thời gian thực hiện" heading or field, else from the title ("giai đoạn
//! 2021 - 2025", "năm 2023", "đến năm 2020, định hướng đến năm 2025").

use crate::dict::{self, ISSUERS};
use crate::lines::{Line, is_all_caps};
use crate::model::{DocRef, Document, NodeKind, Period, Signer, walk_outline};
use crate::outline::Outline;
use crate::patterns::{BASIS_CLAUSE, NUMBER_LINE, PLACE_DATE, SIGNATURE};
use crate::tokens::iso_date;
use crate::tokens::time::{Governor, When};

/// Reads the document header.
pub fn extract(lines: &[Line], outline: &Outline) -> Document {
    let mut doc = Document::default();
    let header_to = outline.header.map_or(0, |r| r.to);
    let head: Vec<&Line> = lines.iter().take(header_to.max(1)).collect();
    let joined: String = head.iter().map(|l| l.text.as_str()).filter(|t| !t.is_empty() && *t != "|").collect::<Vec<_>>().join(" ");

    if let Some(c) = NUMBER_LINE.captures_iter(&joined).find(|c| plausible_number(&c[1])) {
        let number: String = c[1].chars().filter(|c| !c.is_whitespace()).collect();
        doc.code = crate::tokens::citation::number_code(&number);
        doc.number = Some(number);
    }
    if doc.number.is_none() && doc.date.is_none() {
        // the header table written elsewhere (a Word file saved with its tables last): a
        // row with the number and the place and date is the header wherever it stands
        if let Some(l) = lines.iter().find(|l| l.cells.is_some() && NUMBER_LINE.is_match(&l.text) && PLACE_DATE.is_match(&l.text)) {
            if let Some(c) = NUMBER_LINE.captures(&l.text).filter(|c| plausible_number(&c[1])) {
                let number: String = c[1].chars().filter(|c| !c.is_whitespace()).collect();
                doc.code = crate::tokens::citation::number_code(&number);
                doc.number = Some(number);
            }
            if let Some(c) = PLACE_DATE.captures(&l.text) {
                doc.place = Some(clean_place(&c[1]));
                doc.date = iso_date(&c[2], &c[3], &c[4]);
            }
        }
    }
    if doc.number.is_none() {
        // a draft leaves the number blank but keeps its type code ("Số:      /KH-UBND")
        if let Some(c) = crate::patterns::NUMBER_BLANK.captures(&joined) {
            doc.code = dict::kind_for_code(&c[1]).map(|_| c[1].to_string());
        }
    }
    if let Some(c) = PLACE_DATE.captures_iter(&joined).find(|c| !clean_place(&c[1]).is_empty()) {
        doc.place = Some(clean_place(&c[1]));
        doc.date = iso_date(&c[2], &c[3], &c[4]);
    } else if let Some(c) = crate::patterns::PLACE_BLANK_DATE.captures_iter(&joined).find(|c| !clean_place(&c[1]).is_empty()) {
        doc.place = Some(clean_place(&c[1]));
    }
    let kind_line = head.iter().find(|l| l.label.is_none() && is_all_caps(&l.text) && dict::kind_prefix(&l.text).is_some_and(|k| fold_eq(k, l.text.trim_end_matches(':'))));
    doc.kind = doc.code.as_deref().and_then(dict::kind_for_code).map(String::from).or_else(|| kind_line.and_then(|l| dict::kind_prefix(&l.text)).map(String::from));
    if doc.kind.is_none() {
        // a plain-text document that names itself in its first line ("Chỉ thị về việc …")
        doc.kind = lines.iter().find(|l| !l.text.is_empty()).and_then(|l| dict::kind_prefix(&l.text.replace('_', " "))).map(String::from);
    }
    doc.issuer = issuer(&head).or_else(|| self_named_issuer(lines));
    doc.title = title(&head, kind_line);
    let preamble: Vec<&str> = outline.spans.iter().filter(|s| s.node.ends_with("preamble")).map(|s| s.text.as_str()).collect();
    doc.based_on = based_on(&preamble.join(" "), doc.number.as_deref());
    if doc.based_on.is_empty() {
        // the basis may be named in the title only ("TRIỂN KHAI THỰC HIỆN QUYẾT ĐỊNH SỐ 34/2014/QĐ-TTG …")
        if let Some(t) = &doc.title {
            doc.based_on = based_on(t, doc.number.as_deref());
        }
    }
    let issued = doc.date.as_deref().and_then(|d| d.get(..4)).and_then(|y| y.parse().ok()).or_else(|| blank_date_year(&joined));
    doc.period = period(outline, doc.title.as_deref(), issued);
    doc.signer = signer(lines, outline);
    doc
}

fn fold_eq(a: &str, b: &str) -> bool {
    crate::normalize::fold_key(a) == crate::normalize::fold_key(b)
}

/// A number's type code must be written in capitals ("KH", "QĐ", "TTg"), which
/// keeps "Số 277/Ngày 16-05-2026" of a gazette page header out.
fn plausible_number(n: &str) -> bool {
    let after = n.rsplit('/').next().unwrap_or("");
    let party = n.split('/').next().is_some_and(|p| p.contains('-'));
    let code = if party { n.split('-').nth(1).and_then(|x| x.split('/').next()).unwrap_or("") } else { after.split('-').next().unwrap_or("") };
    code.chars().filter(|c| c.is_uppercase()).count() >= 2 || (code.len() <= 3 && code.chars().all(|c| c.is_uppercase()) && !code.is_empty())
}

fn clean_place(raw: &str) -> String {
    let raw = raw.trim().trim_start_matches('|').trim();
    // after a number on the same row ("Số: 117/KH-UBND Hải Phòng"), keep what follows the number
    let raw = match crate::patterns::doc_numbers(raw).find_iter(raw).last() {
        Some(m) => raw[m.end()..].trim(),
        None => raw,
    };
    // a place is written in title case: drop words in capitals before it ("KH-UBND", "VIỆT NAM")
    let words: Vec<&str> = raw.split_whitespace().collect();
    let start = words.iter().rposition(|w| w.chars().count() > 1 && !w.chars().any(char::is_lowercase)).map_or(0, |p| p + 1);
    words[start.min(words.len())..].join(" ")
}

/// The issuer from the first header cell: "ỦY BAN NHÂN DÂN" / "TỈNH AN GIANG" → "Ủy ban nhân dân tỉnh An Giang".
/// With no header, the issuer is the body that names itself giving the order
/// ("Ủy ban nhân dân tỉnh yêu cầu …", conventions §1.6: a Chỉ thị closes so);
/// read from the end, where the closing paragraph is.
fn self_named_issuer(lines: &[Line]) -> Option<String> {
    lines.iter().rev().take(40).find_map(|l| crate::patterns::ISSUER_SELF.captures(&l.text).map(|c| c[1].trim().to_string()))
}

fn issuer(head: &[&Line]) -> Option<String> {
    for (i, l) in head.iter().enumerate() {
        let mut cell = l.cells.as_ref().and_then(|c| c.first().cloned()).unwrap_or_else(|| l.text.clone());
        // a cell wrapped over lines ("HỘI ĐỒNG" / "NHÂN DÂN" / "TỈNH TRÀ VINH")
        if l.cells.is_none() && is_all_caps(&cell) {
            for n in head.iter().skip(i + 1).take(3) {
                if !is_all_caps(&n.text) || n.text.starts_with("CỘNG") || n.text.starts_with("TỈNH") || n.text.starts_with("THÀNH PHỐ") || crate::patterns::RULE.is_match(&n.text) {
                    break;
                }
                let joined = format!("{cell} {}", n.text).replace(" ,", ",");
                let joined_key = crate::normalize::fold_key(joined.trim_end_matches(['*', ' ', '-']));
                if ISSUERS.iter().any(|(caps, _)| joined.starts_with(caps) || caps.starts_with(&joined)) || dict::AGENCY_KEY_PREFIXES.contains(&joined_key) {
                    cell = joined;
                } else {
                    break;
                }
            }
        }
        let cell = cell.trim().to_string();
        let cell = cell.trim_start_matches(['#', ' ']).trim_end_matches(['-', '_', ' ', '*']);
        let Some((caps_len, display)) = ISSUERS.iter().find(|(caps, _)| cell.starts_with(caps)).map(|(c, d)| (c.len(), d.to_string())).or_else(|| known_body(cell)) else { continue };
        let mut name = display;
        // pdftotext puts the national motto beside the issuer on one line
        let rest = left_cell(&cell[caps_len..]);
        let place = if !rest.is_empty() {
            Some(rest.to_string())
        } else {
            head.iter().skip(i + 1).take(4).map(|n| left_cell(&n.text).to_string()).find(|t| t.starts_with("TỈNH") || t.starts_with("THÀNH PHỐ"))
        };
        let place = place.filter(|p| is_all_caps(p) && (p.starts_with("TỈNH") || p.starts_with("THÀNH PHỐ") || p.starts_with("HUYỆN") || p.starts_with("XÃ")));
        // the body under its superior ("UBND TỈNH LÀO CAI" / "SỞ CÔNG THƯƠNG"): the lower
        // line is the issuer, of the superior's place (conventions §1.2, component b)
        let below = head.get(i + 1).map(|n| n.cells.as_ref().and_then(|c| c.first().cloned()).unwrap_or_else(|| n.text.clone())).unwrap_or_default();
        let below = left_cell(&below).trim_end_matches(['-', '_', ' ', '*']);
        if let Some((_, sub)) = known_body(below).filter(|_| !below.starts_with("TỈNH") && !below.starts_with("THÀNH PHỐ") && !below.starts_with("CỘNG")) {
            let mut name = sub;
            if let Some(p) = &place {
                name.push(' ');
                name.push_str(&title_case_place(p));
            }
            return Some(name);
        }
        if let Some(p) = place {
            name.push(' ');
            name.push_str(&title_case_place(&p));
        }
        return Some(name);
    }
    None
}

/// The left cell of a header line that pdftotext printed beside the national motto
/// ("TỈNH LÀO CAI Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …").
fn left_cell(text: &str) -> &str {
    let t = text.trim();
    let cut = ["CỘNG H", "Độc lập", "ĐỘC LẬP"].iter().filter_map(|m| t.find(m)).min().unwrap_or(t.len());
    t[..cut].trim()
}

/// An issuer in capitals that the agency dictionary knows ("BỘ TÀI NGUYÊN VÀ MÔI
/// TRƯỜNG", "SỞ CÔNG THƯƠNG"): its canonical name and the bytes of the cell it covers.
fn known_body(cell: &str) -> Option<(usize, String)> {
    if !is_all_caps(cell) {
        return None;
    }
    let words: Vec<(usize, &str)> = cell.split(' ').scan(0, |pos, w| {
        let at = *pos;
        *pos += w.len() + 1;
        Some((at, w))
    }).collect();
    // the longest run of words from the start that names a known body
    (1..=words.len().min(12)).rev().find_map(|k| {
        let end = words[k - 1].0 + words[k - 1].1.len();
        let key = crate::normalize::fold_key(&cell[..end]);
        dict::AGENCY_KEYS.contains(&key).then(|| (end, dict::canonical_agency(&cell[..end].to_lowercase())))
    })
}

fn title_case_place(p: &str) -> String {
    let lower = p.to_lowercase();
    let (prefix, name) = dict::words("place_levels").iter().find_map(|pre| lower.strip_prefix(pre).and_then(|n| n.strip_prefix(' ')).map(|n| (format!("{pre} "), n))).unwrap_or((String::new(), lower.as_str()));
    let name: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        })
        .collect();
    format!("{prefix}{}", name.join(" "))
}

/// The trích yếu: the lines after the kind line, up to the end of the header.
fn title(head: &[&Line], kind_line: Option<&&Line>) -> Option<String> {
    let kl = kind_line?;
    let idx = head.iter().position(|l| l.no == kl.no)?;
    let mut parts = Vec::new();
    for l in &head[idx + 1..] {
        let t = l.text.trim();
        if t.is_empty() && !parts.is_empty() {
            break;
        }
        if t.is_empty() || crate::patterns::RULE.is_match(t) || t == "|" {
            continue;
        }
        // the authority line of a decision ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", "CHÍNH PHỦ") ends the title
        if is_all_caps(t) && (t.starts_with("CHỦ TỊCH") || ISSUERS.iter().any(|(c, _)| t == *c || t.trim_end_matches(',') == *c) || t.starts_with("HỘI ĐỒNG NHÂN DÂN") || t.starts_with("BỘ TRƯỞNG") || t.starts_with("THỦ TƯỚNG")) {
            break;
        }
        parts.push(t.to_string());
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The numbered documents a preamble names as its basis or subject ("Căn cứ …", "Thực hiện …").
pub fn based_on(text: &str, own_number: Option<&str>) -> Vec<DocRef> {
    let mut out: Vec<DocRef> = Vec::new();
    // split into clauses at ";" and sentence ends; keep those opened by a basis word
    let mut basis = false;
    for clause in text.split([';', '\n']).flat_map(|c| c.split(". ")) {
        if let Some(m) = BASIS_CLAUSE.find(clause) {
            let word = m.as_str().to_lowercase();
            basis = !(word.starts_with("xét") || word.starts_with("theo"));
        }
        if !basis {
            continue;
        }
        for r in crate::tokens::citation::cited(clause) {
            let Some(number) = r.number.clone() else { continue };
            if own_number.is_some_and(|o| o == number) || out.iter().any(|b| b.number == number) {
                continue;
            }
            out.push(DocRef { kind: r.kind.clone(), number, date: r.date.clone(), issuer: r.issuer.clone() });
        }
    }
    out
}

/// The year of a date line left blank but for its year ("ngày   tháng   năm 2026").
fn blank_date_year(joined: &str) -> Option<i32> {
    let m = crate::patterns::PLACE_BLANK_DATE.find(joined)?;
    let rest = joined[m.end()..].trim_start();
    rest.get(..4).and_then(|y| y.parse().ok()).filter(|y| (1900..=2100).contains(y))
}

/// The plan's own time frame.
fn period(outline: &Outline, title: Option<&str>, issued: Option<i32>) -> Option<Period> {
    // 1. a "Thời gian thực hiện" / "Các giai đoạn thực hiện" heading, or such an inline field
    let mut found = None;
    walk_outline(&outline.nodes, |n, _| {
        if found.is_some() || n.kind == NodeKind::Preamble {
            return;
        }
        let heading = n.heading.as_deref().unwrap_or("");
        let hk = crate::normalize::fold_key(heading);
        let is_time = hk.contains("thời gian thực hiện") || hk.contains("giai đoạn thực hiện") || hk.contains("tiến độ thực hiện");
        if is_time && !hk.contains("kinh phí") {
            let mut text = n.text.clone().unwrap_or_default();
            for c in &n.children {
                text.push(' ');
                text.push_str(c.heading.as_deref().unwrap_or(""));
                text.push(' ');
                text.push_str(c.text.as_deref().unwrap_or(""));
            }
            found = years_span(&text, issued);
        }
    });
    if found.is_some() {
        return found;
    }
    // 2. the title
    title.and_then(|t| {
        let t = crate::patterns::DATE.replace_all(t, "");
        years_span(&t, issued)
    })
}

/// The span of years a phrase names: "2020-2025" → 2020–2025; "năm 2023" → 2023–2023;
/// "đến năm 2020, định hướng đến năm 2025" → 2020–2025; "từ năm 2023 … đến hết năm
/// 2030" → 2023–2030. A span that states only its end ("đến năm 2030", "từ nay đến năm
/// 2030") starts in the year of issue; a vision ("tầm nhìn đến năm 2045") and a
/// baseline ("so với năm 2020") are not the plan's frame (spec, `document.period`).
fn years_span(text: &str, issued: Option<i32>) -> Option<Period> {
    let mut years: Vec<i32> = Vec::new();
    let mut only_ends = true;
    for t in crate::tokens::time::find(text) {
        if t.citation || matches!(t.governor, Governor::Vision | Governor::Baseline) {
            continue;
        }
        let Some((a, b)) = t.years() else { continue };
        years.push(a);
        years.extend(b);
        only_ends &= t.governor == Governor::Until && !matches!(t.when, When::Span(..));
    }
    let mut from = *years.iter().min()?;
    let to = *years.iter().max()?;
    if only_ends {
        if let Some(y) = issued.filter(|y| *y <= to) {
            from = y;
        }
    }
    Some(Period { from, to: Some(to) })
}

/// The signature remnant: "TM. ỦY BAN NHÂN DÂN" → authority `TM.`, body "Ủy ban nhân dân".
fn signer(lines: &[Line], outline: &Outline) -> Option<Signer> {
    let t = outline.trailing.iter().find(|t| t.kind == "signature")?;
    let l = lines.get(t.from - 1)?;
    let cell = l.cells.as_ref().and_then(|c| c.first().cloned()).unwrap_or_else(|| l.text.clone());
    let c = SIGNATURE.captures(&cell)?;
    let body_caps = c[2].trim().trim_end_matches(['.', ',']).to_string();
    let body = ISSUERS.iter().find(|(caps, _)| body_caps == *caps).map(|(_, d)| d.to_string()).unwrap_or_else(|| sentence_case(&body_caps));
    Some(Signer { authority: Some(c[1].to_string()), body: Some(body), line: l.no })
}

fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}
