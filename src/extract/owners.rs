//! Owners: the assignment statements ("X chủ trì, phối hợp với Y triển khai
//! nhiệm vụ tại mục 2 phần III") parsed into lead, support, scope and deadline.
//!
//! A statement names its subject first (an agency, a list of agencies, or a
//! collective "Các sở, ngành …"), possibly as a label ("Sở Thông tin và Truyền
//! thông: Tuyên truyền …; chủ trì …"); each clause separated by ";" is one
//! assignment. Agency lists are split at commas and "và" only where a new
//! agency begins, because names contain both ("Sở Văn hóa, Thể thao và Du lịch",
//! conventions §3.2); known names and abbreviations come from `data/agencies.tsv`.

use crate::dict::{self, AGENCY_HEADS, COLLECTIVES};
use crate::extract::deadlines;
use crate::model::{Assignment, Diagnostic, Node, NodeKind, walk_outline};
use crate::normalize::fold_key;
use crate::outline::Outline;
use crate::tokens::{CrossRef, Shape, cross_refs};
use std::collections::HashSet;

/// The assignments found and what could not be resolved.
pub struct Owners {
    pub assignments: Vec<Assignment>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds and resolves the assignment statements of a document.
pub fn extract(outline: &Outline) -> Owners {
    let mut ids: HashSet<&str> = HashSet::new();
    walk_outline(&outline.nodes, |n, _| {
        ids.insert(n.id.as_str());
    });
    let mut assignments = Vec::new();
    let mut diagnostics = Vec::new();
    walk_outline(&outline.nodes, |n, path| {
        if matches!(n.kind, NodeKind::Preamble | NodeKind::Attachment | NodeKind::Appendix) {
            return;
        }
        // a heading that only names who is responsible ("1. Các Bộ trưởng, Thủ trưởng cơ
        // quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố:") assigns its subtree
        if let Some(lead) = n.heading.as_deref().or(n.text.as_deref()).and_then(subject_list) {
            if !n.children.is_empty() {
                assignments.push(Assignment {
                    line: n.line.unwrap_or(0),
                    node: n.id.clone(),
                    lead,
                    support: vec![],
                    scope: vec![n.id.clone()],
                    scope_text: None,
                    deadline: None,
                });
                return;
            }
        }
        let Some(text) = n.text.as_deref() else { return };
        let first_line = text.lines().next().unwrap_or("");
        for a in statements(first_line, n) {
            let mut a = a;
            let mut resolved = Vec::new();
            for r in a.1.iter() {
                for p in r.paths() {
                    let id = resolve(&p, n, path);
                    if ids.contains(id.as_str()) {
                        resolved.push(id);
                    } else {
                        diagnostics.push(
                            Diagnostic::warning("unresolved-reference", n.line, format!("'{}' names {id}, which is not in the outline", r.text)).at_node(n.id.clone()),
                        );
                    }
                }
            }
            a.0.scope = resolved;
            assignments.push(a.0);
        }
    });
    Owners { assignments, diagnostics }
}

/// Gives a cross-reference path its full id: a path without a part takes the part
/// of the node it is written in ("điểm a mục 6 trên").
pub fn resolve(path: &[(Shape, String)], node: &Node, ancestors: &[&Node]) -> String {
    let labels: Vec<&str> = path.iter().map(|(_, l)| l.as_str()).collect();
    let has_part = path.first().is_some_and(|(s, _)| *s == Shape::Roman);
    let prefix = node.id.split_once(':').map(|(p, _)| format!("{p}:")).unwrap_or_default();
    if has_part {
        return format!("{prefix}{}", labels.join("."));
    }
    let part = ancestors.iter().chain(std::iter::once(&node)).find(|a| a.kind == NodeKind::Part).map(|p| p.id.clone());
    match part {
        Some(p) => format!("{p}.{}", labels.join(".")),
        None => format!("{prefix}{}", labels.join(".")),
    }
}

/// The assignments of one statement, with their unresolved cross-references.
fn statements(text: &str, node: &Node) -> Vec<(Assignment, Vec<CrossRef>)> {
    let text = text.trim();
    // "Sở Thông tin và Truyền thông: Tuyên truyền …" names its subject as a label
    let (subject, body) = match text.split_once(':') {
        Some((head, rest)) if !head.contains(',') || agencies_at(head).1 == head.len() => {
            let (names, end) = agencies_at(head);
            if !names.is_empty() && end >= head.trim_end().len() { (names, rest) } else { (agencies_at(text).0, text) }
        }
        _ => (agencies_at(text).0, text),
    };
    // a duty without a named subject is no assignment
    if subject.is_empty() {
        return vec![];
    }
    let mut out = Vec::new();
    let mut first = true;
    for clause in body.split(';') {
        let clause = clause.trim();
        if clause.is_empty() {
            continue;
        }
        let cl = clause.to_lowercase();
        let mut lead = subject.clone();
        if let Some(pos) = cl.find("chủ trì") {
            let before = &clause[..pos];
            let (names, _) = agencies_at(before);
            if !names.is_empty() {
                lead = names;
            }
        }
        let support = match cl.find("phối hợp") {
            Some(pos) => {
                let after = clause[pos + "phối hợp".len()..].trim_start();
                let after = after.strip_prefix("với").unwrap_or(after).trim_start();
                agencies_at(after).0
            }
            None => vec![],
        };
        let refs = cross_refs(clause);
        let deadline = deadlines::in_text(clause);
        if first || !refs.is_empty() || cl.contains("chủ trì") {
            out.push((
                Assignment {
                    line: node.line.unwrap_or(0),
                    node: node.id.clone(),
                    lead,
                    support,
                    scope: vec![],
                    scope_text: (!refs.is_empty()).then(|| refs.iter().map(|r| r.text.clone()).collect::<Vec<_>>().join("; ")),
                    deadline,
                },
                refs,
            ));
        }
        first = false;
    }
    out
}

/// A text that only names owners and ends with a colon: agencies or office-holders
/// separated by commas, a piece in lower case continuing the one before
/// ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố").
pub fn subject_list(text: &str) -> Option<Vec<String>> {
    let body = text.trim().strip_suffix(':')?.trim();
    if body.is_empty() || body.len() > 400 || body.contains(['.', ';']) {
        return None;
    }
    let mut items: Vec<String> = Vec::new();
    for piece in body.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match items.last_mut() {
            Some(last) if piece.starts_with(char::is_lowercase) => {
                last.push_str(", ");
                last.push_str(piece);
            }
            _ => items.push(piece.to_string()),
        }
    }
    let names_owner = |item: &str| {
        let item = item.strip_prefix("Các ").unwrap_or(item);
        let starts = |h: &str| item.starts_with(h) && item[h.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        dict::OFFICE_HOLDERS.iter().any(|h| starts(h)) || AGENCY_HEADS.iter().filter(|h| h.starts_with(char::is_uppercase)).any(|h| starts(h))
    };
    // a verb of assignment ("chủ trì", "phối hợp", "triển khai") makes it a statement, not a list of names
    const VERBS: &[&str] = &["chủ trì", "phối hợp", "thực hiện", "triển khai", "xây dựng", "báo cáo", "tham mưu", "hướng dẫn", "kiểm tra", "đôn đốc", "theo dõi", "trách nhiệm", "tổ chức thực hiện", "giao", "yêu cầu", "đề nghị"];
    let verbless = |item: &str| {
        let key = fold_key(item);
        !VERBS.iter().any(|v| key.contains(v))
    };
    (!items.is_empty() && items.iter().all(|i| names_owner(i) && verbless(i) && i.split_whitespace().count() <= 12))
        .then(|| items.iter().map(|i| dict::canonical_agency(i)).collect())
}

/// The agencies of a table cell, canonical, in order: "Bộ NN&MT, Bộ Quốc phòng",
/// "VTV, VOV, TTXVN, các địa phương", and a head distributed over a list
/// ("Các Bộ: NN&MT, Xây dựng, Y tế" is three ministries). A name the dictionary
/// does not know is kept as written up to the next comma.
pub fn cell_agencies(text: &str) -> Vec<String> {
    let text = text.trim().trim_end_matches(['.', ';', ',']).trim();
    let mut out: Vec<String> = Vec::new();
    if let Some((head, list)) = text.split_once(':') {
        let h = fold_key(head.trim());
        let singular = match h.as_str() {
            "các bộ" | "bộ" => Some("Bộ"),
            "các sở" | "sở" => Some("Sở"),
            _ => None,
        };
        if let Some(word) = singular {
            for item in list.split([',', ';']).map(str::trim).filter(|i| !i.is_empty()) {
                let item = item.strip_prefix("và ").unwrap_or(item);
                push_unique(&mut out, dict::canonical_agency(&format!("{word} {item}")));
            }
            return out;
        }
    }
    let mut rest = text;
    while !rest.trim().is_empty() {
        let r = rest.trim_start_matches([' ', ',', ';']);
        let r = r.strip_prefix("và ").unwrap_or(r);
        // a class written without "Các": "Bộ, ngành, địa phương" stays one owner
        let mut class_end = 0;
        let mut pieces = 0;
        // piece by piece (each checked once, so a long cell stays linear)
        for (i, _) in r.match_indices(',').chain(std::iter::once((r.len(), ""))).take(16) {
            let piece = r[class_end..i].trim_start_matches(',').trim();
            if piece.is_empty() || !is_collective(piece) {
                break;
            }
            class_end = i;
            pieces += 1;
        }
        if pieces >= 2 {
            push_unique(&mut out, r[..class_end].trim().to_string());
            rest = &r[class_end..];
            continue;
        }
        let (names, pos) = agencies_at(r);
        if pos > 0 && !names.is_empty() {
            let mut names = names;
            // a lower-case qualifier right after a name, with no comma between, is part of it:
            // "Ủy ban nhân dân cấp tỉnh", "Các bộ ở Trung ương"
            let after = &r[pos..];
            let next_word = after.trim_start().split_whitespace().next().unwrap_or("");
            let qualifies = after.starts_with(' ') && next_word.starts_with(char::is_lowercase) && !matches!(next_word, "và" | "các" | "hoặc");
            let mut consumed = pos;
            if qualifies {
                let end = after.find([',', ';']).unwrap_or(after.len());
                if let Some(last) = names.last_mut() {
                    last.push(' ');
                    last.push_str(after[..end].trim());
                }
                consumed += end;
            }
            for n in names {
                push_unique(&mut out, n);
            }
            rest = &r[consumed..];
            continue;
        }
        let end = r.find([',', ';']).unwrap_or(r.len());
        let piece = r[..end].trim();
        if !piece.is_empty() {
            push_unique(&mut out, dict::canonical_agency(piece));
        }
        rest = r.get(end.max(1)..).unwrap_or("");
    }
    out
}

fn push_unique(out: &mut Vec<String>, name: String) {
    if !name.is_empty() && !out.contains(&name) {
        out.push(name);
    }
}

/// A plural class rather than a named agency: "các bộ, cơ quan, địa phương",
/// "Bộ, ngành, địa phương", "doanh nghiệp liên quan". Support lists name agencies
/// only, so these are left out of them (spec, `tasks`).
pub fn is_collective(name: &str) -> bool {
    let key = fold_key(name);
    let key = key.strip_prefix("các ").unwrap_or(&key);
    if key.is_empty() {
        return true;
    }
    let mut rest = key.to_string();
    // peel collective nouns and joiners off the front until nothing is left
    loop {
        let r = rest.trim_start_matches([' ', ',', ';']).to_string();
        let r = r.strip_prefix("và ").map(str::to_string).unwrap_or(r);
        let r = r.strip_prefix("các ").map(str::to_string).unwrap_or(r);
        if r.is_empty() {
            return true;
        }
        match COLLECTIVES.iter().find(|c| r.starts_with(c.as_str()) && r[c.len()..].chars().next().is_none_or(|ch| !ch.is_alphanumeric())) {
            Some(c) => rest = r[c.len()..].to_string(),
            None => return false,
        }
    }
}

/// The agencies named at the start of a text, canonical, and where the list ends (bytes).
pub fn agencies_at(text: &str) -> (Vec<String>, usize) {
    let mut names = Vec::new();
    let mut pos = 0;
    loop {
        let rest = &text[pos..];
        let trimmed = rest.trim_start_matches([' ', ',']);
        let skip = rest.len() - trimmed.len();
        let (rest, skip) = match trimmed.strip_prefix("và ") {
            Some(r) if !names.is_empty() => (r, skip + "và ".len()),
            _ => (trimmed, skip),
        };
        if !names.is_empty() && skip == 0 {
            break;
        }
        let Some(len) = agency_len(rest) else { break };
        let name = rest[..len].trim().trim_end_matches([',', ':', ';']).trim();
        if name.is_empty() {
            break;
        }
        names.push(dict::canonical_agency(name));
        pos += skip + len;
        if pos >= text.len() {
            break;
        }
    }
    (names, pos)
}

/// The byte length of the agency name at the start of `text`, if one starts there.
fn agency_len(text: &str) -> Option<usize> {
    let words = word_spans(text);
    if words.is_empty() {
        return None;
    }
    // 1. a known name or abbreviation, longest first (up to 12 words); each word is
    // folded once and the keys of the prefixes are built from them
    let mut prefix_keys: Vec<String> = Vec::with_capacity(12);
    if dict::AGENCY_FIRST_WORDS.contains(&fold_key(text[words[0].0..words[0].1].trim_end_matches([',', ':', ';', '.'])).split(' ').next().unwrap_or("").to_string()) {
        let mut key = String::new();
        for (s, e) in words.iter().take(12) {
            let w = fold_key(&text[*s..*e]);
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(&w);
            prefix_keys.push(key.trim_end_matches([',', ':', ';', '.']).to_string());
        }
    }
    for k in (1..=prefix_keys.len()).rev() {
        let end = words[k - 1].1;
        let key = &prefix_keys[k - 1];
        if dict::AGENCY_KEYS.contains(key) {
            // a known name right before another agency's head word: two names with the comma lost
            let next = words.get(k).map(|&(s, _)| &text[s..]).unwrap_or("");
            if AGENCY_HEADS.iter().any(|h| h.starts_with(char::is_uppercase) && next.starts_with(*h) && next[h.len()..].starts_with(' ')) {
                return Some(end);
            }
            // a known name followed by more of a longer name ("Ngân hàng Nhà nước Việt Nam - Chi nhánh …")
            let more = extend_name(text, k, &words);
            return Some(more);
        }
    }
    // 2. a collective: "Các sở, ngành, địa phương", "các cơ quan liên quan"
    let first = &text[words[0].0..words[0].1];
    if first == "Các" || first == "các" {
        let end = collective_end(text, &words);
        return (end > words[0].1).then_some(end);
    }
    // 3. a head word and what follows it up to a verb or punctuation
    let head = AGENCY_HEADS.iter().find(|h| text.starts_with(*h) && text[h.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))?;
    let head_words = head.split_whitespace().count();
    Some(extend_name(text, head_words, &words))
}

/// (start, end) byte offsets of the words of a text.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c == ' ' {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
        if out.len() > 40 {
            return out;
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Words that end an agency name: the verbs and particles of assignment statements.
const STOPS: &[&str] = &[
    "chủ", "phối", "triển", "tham", "tổng", "định", "có", "thực", "theo", "căn", "xây", "tổ", "hướng", "báo", "là", "làm", "được", "trong", "tại", "để", "nhằm", "về", "cho", "chịu", "nghiên", "rà", "kiểm", "đôn", "bố", "cân", "tuyên", "phổ", "tiếp", "chỉ", "thường", "hằng", "hàng", "khẩn", "đề", "giao", "trình", "ban", "quản", "hỗ", "đẩy", "tăng", "nâng", "bảo", "đảm", "phát", "thẩm", "công", "cung", "lập", "kịp", "sớm", "thống", "tập", "quy", "đánh", "ứng", "vận", "duy", "thu", "giám", "ưu", "khuyến", "phê", "sửa", "bổ", "hoàn", "tích", "phân", "liên", "cử", "mở", "khai", "cấp", "tạo", "đào", "huy", "lồng", "lựa",
];

fn extend_name(text: &str, mut k: usize, words: &[(usize, usize)]) -> usize {
    let mut end = words[k - 1].1;
    // a name ends at punctuation attached to its last word
    if text[..end].ends_with([',', ':', ';', '.']) {
        return end - 1;
    }
    while k < words.len() {
        let w = &text[words[k].0..words[k].1];
        let bare = w.trim_end_matches([',', ':', ';', '.', ')']);
        let lower = bare.to_lowercase();
        let starts_lower = w.starts_with(|c: char| c.is_lowercase());
        if w.starts_with('(') || STOPS.contains(&lower.as_str()) && starts_lower {
            break;
        }
        if (lower == "và" || w == "-") && k + 1 < words.len() {
            let next = &text[words[k + 1].0..];
            if next.starts_with("các") || AGENCY_HEADS.iter().any(|h| next.starts_with(*h) && *h != "Ban" && *h != "Hội" && *h != "Đoàn") {
                break;
            }
        }
        if starts_lower && !["và", "nhà", "nước", "dân", "nhân", "tỉnh", "thành", "phố", "các", "vận", "tải"].contains(&lower.as_str()) && !is_collective_word(&lower) && !lower.is_empty() && !text[words[k - 1].0..words[k - 1].1].ends_with('-') && w != "-" {
            // a lower-case word continues a name only in fixed phrases ("Ủy ban nhân dân các tỉnh")
            if !text[words[k - 1].0..words[k - 1].1].chars().next().is_some_and(char::is_uppercase) || STOPS.contains(&lower.as_str()) {
                break;
            }
        }
        end = words[k].1;
        k += 1;
        if w.ends_with([',', ';', ':', '.']) {
            // a comma continues the name only into a collective ("các tỉnh, thành phố")
            let next = words.get(k).map(|&(s, e)| text[s..e].trim_end_matches([',', ';', '.']).to_lowercase());
            let continues = w.ends_with(',') && next.as_deref().is_some_and(|n| is_collective_word(n) && !STOPS.contains(&n));
            if !continues {
                return end - 1;
            }
        }
    }
    end
}

fn is_collective_word(w: &str) -> bool {
    COLLECTIVES.iter().any(|c| c == w || c.starts_with(&format!("{w} ")))
}

/// End of a collective "Các …" phrase: collective nouns joined by commas and "và",
/// with a trailing qualifier ("liên quan", "nêu trên").
fn collective_end(text: &str, words: &[(usize, usize)]) -> usize {
    let mut end = words[0].1;
    let mut k = 1;
    while k < words.len() {
        // try multi-word collectives first
        let mut matched = 0;
        for len in (1..=4).rev() {
            if k + len > words.len() {
                continue;
            }
            let phrase = fold_key(text[words[k].0..words[k + len - 1].1].trim_end_matches([',', ';', ':', '.']));
            if COLLECTIVES.contains(&phrase) {
                matched = len;
                break;
            }
        }
        if matched == 0 {
            let w = fold_key(&text[words[k].0..words[k].1]);
            if w == "và" && k + 1 < words.len() && is_collective_word(&fold_key(text[words[k + 1].0..words[k + 1].1].trim_end_matches([',', ';']))) {
                k += 1;
                continue;
            }
            break;
        }
        let last = &text[words[k + matched - 1].0..words[k + matched - 1].1];
        end = words[k + matched - 1].1;
        k += matched;
        if last.ends_with([';', ':', '.']) {
            return end - 1;
        }
        if last.ends_with(',') {
            let next_ok = words.get(k).is_some_and(|&(s, e)| is_collective_word(&fold_key(text[s..e].trim_end_matches([',', ';', '.']))));
            if !next_ok {
                return end - 1;
            }
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        agencies_at(text).0
    }

    #[test]
    fn agency_lists_split_only_between_agencies() {
        assert_eq!(names("Sở Giáo dục và Đào tạo, Sở Lao động - Thương binh và Xã hội chủ trì"), vec!["Sở Giáo dục và Đào tạo", "Sở Lao động - Thương binh và Xã hội"]);
        assert_eq!(names("Sở Giao thông vận tải và các cơ quan liên quan triển khai"), vec!["Sở Giao thông vận tải", "các cơ quan liên quan"]);
        assert_eq!(names("Sở Văn hóa, Thể thao và Du lịch chủ trì"), vec!["Sở Văn hóa, Thể thao và Du lịch"]);
        assert_eq!(names("Các Sở, ngành, địa phương, đơn vị chủ trì tuyên truyền"), vec!["Các Sở, ngành, địa phương, đơn vị"]);
        assert_eq!(names("Sở KH&ĐT chủ trì"), vec!["Sở Kế hoạch và Đầu tư"]);
        assert_eq!(names("Ủy ban nhân dân các tỉnh, thành phố chủ trì"), vec!["Ủy ban nhân dân các tỉnh, thành phố"]);
        assert_eq!(
            names("Ngân hàng nhà nước Việt Nam - Chi nhánh thành phố Hải Phòng chủ trì, phối hợp"),
            vec!["Ngân hàng Nhà nước Việt Nam - Chi nhánh thành phố Hải Phòng"]
        );
        assert_eq!(names("Sở Kế hoạch và Đầu tư định kỳ hàng năm"), vec!["Sở Kế hoạch và Đầu tư"]);
        assert!(names("Tiếp tục thực hiện").is_empty());
    }

    #[test]
    fn table_cells_name_agencies() {
        assert_eq!(cell_agencies("Bộ NN&MT, Bộ Quốc phòng"), vec!["Bộ Nông nghiệp và Môi trường", "Bộ Quốc phòng"]);
        assert_eq!(cell_agencies("Các Bộ: NN&MT, Xây dựng, Công thương, Y tế"), vec!["Bộ Nông nghiệp và Môi trường", "Bộ Xây dựng", "Bộ Công Thương", "Bộ Y tế"]);
        assert_eq!(cell_agencies("VTV, VOV, TTXVN, các địa phương"), vec!["Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam", "các địa phương"]);
        assert_eq!(cell_agencies("UBND các tỉnh/thành phố"), vec!["Ủy ban nhân dân các tỉnh, thành phố"]);
        assert_eq!(cell_agencies("Bộ Khoa học, Công nghệ, Bộ Thông tin và Truyền thông, Bộ Kế hoạch và Đầu tư và các địa phương"), vec!["Bộ Khoa học và Công nghệ", "Bộ Thông tin và Truyền thông", "Bộ Kế hoạch và Đầu tư", "các địa phương"]);
        assert_eq!(cell_agencies("Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ"), vec!["Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"]);
        assert_eq!(cell_agencies("Bộ, ngành, địa phương"), vec!["Bộ, ngành, địa phương"]);
        assert_eq!(cell_agencies("Các bộ ở Trung ương, Ủy ban nhân dân cấp tỉnh ở địa phương"), vec!["Các bộ ở Trung ương", "Ủy ban nhân dân cấp tỉnh ở địa phương"]);
        assert!(is_collective("Các bộ, cơ quan, địa phương"));
        assert_eq!(
            subject_list("Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố:").unwrap(),
            vec!["Các Bộ trưởng", "Thủ trưởng cơ quan ngang bộ", "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"]
        );
        assert_eq!(subject_list("Nhiệm vụ cụ thể:"), None);
        assert_eq!(subject_list("Sở Tài chính chủ trì, phối hợp với các sở:"), None);
        assert!(is_collective("Bộ, ngành, địa phương"));
        assert!(!is_collective("Bộ Tư pháp"));
    }
}
