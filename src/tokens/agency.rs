//! Agencies: the bodies a plan names as owners (conventions §3.2, §6).
//!
//! In: a text. Out: the agency names it starts with (a coordinated list), in
//! canonical form (abbreviations expanded from `data/agencies.tsv`), with the byte
//! where the list ends; or every agency written anywhere in a text.
//!
//! An agency is, in order of trust:
//! 1. a name the dictionary knows ("Sở KH&ĐT", "Bộ Công an", "VTV");
//! 2. an office-holder, who stands for the body they head (spec, `tasks`): "Bộ
//!    trưởng Bộ Tài chính" is Bộ Tài chính, "Chủ tịch Ủy ban nhân dân các tỉnh" is
//!    Ủy ban nhân dân các tỉnh, "Giám đốc các Sở" is Các Sở, "Các Bộ trưởng" is Các bộ;
//! 3. a collective that shares one "các" ("Các sở, ban, ngành", "các cơ quan liên quan");
//! 4. a head word followed by what it accepts (`data/agency_heads.tsv`): "Sở" + a
//!    capital ("Sở Y tế"), "Ban" + a capital or "quản lý", "chỉ đạo" …; so "Ban hành",
//!    "Bộ tiêu chí", "Trường hợp" and "Báo cáo" are words, not bodies.
//!
//! Names contain commas and "và" ("Sở Văn hóa, Thể thao và Du lịch"), so a list is
//! split only where a new agency begins.

use crate::dict::{self, COLLECTIVES, OFFICE_HOLDERS};
use crate::normalize::fold_key;
use std::sync::LazyLock;

/// What may follow a head word.
#[derive(Debug)]
struct Rule {
    /// any word (up to a verb or punctuation)
    any: bool,
    /// a word written with a capital
    capital: bool,
    /// folded lower-case continuations ("quản lý", "nhân dân")
    words: Vec<String>,
}

/// Head words with their rule, longest first.
static HEADS: LazyLock<Vec<(&'static str, Rule)>> = LazyLock::new(|| {
    let mut v: Vec<(&'static str, Rule)> = include_str!("../../data/agency_heads.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (head, rule) = l.split_once('\t')?;
            let mut r = Rule { any: false, capital: false, words: vec![] };
            for part in rule.split('|').map(str::trim) {
                match part {
                    "*" => r.any = true,
                    "Aa" => r.capital = true,
                    w => r.words.push(fold_key(w)),
                }
            }
            Some((head.trim(), r))
        })
        .collect();
    v.sort_by_key(|(h, _)| std::cmp::Reverse(h.len()));
    v
});

/// Every head word, for readers that need to know where a name may begin.
pub fn head_words() -> impl Iterator<Item = &'static str> {
    HEADS.iter().map(|(h, _)| *h)
}

/// The head word a text starts with, and its rule.
fn head_at(text: &str) -> Option<&'static (&'static str, Rule)> {
    HEADS.iter().find(|(h, _)| text.starts_with(h) && text[h.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Whether a text starts with an agency's head word (the start of a new name in a list).
pub fn starts_with_head(text: &str) -> bool {
    head_at(text).is_some_and(|(h, r)| {
        let rest = text[h.len()..].trim_start();
        accepts(r, rest)
    })
}

/// Whether what follows a head word continues it into a name.
fn accepts(rule: &Rule, rest: &str) -> bool {
    continuation_words(rule, rest).is_some()
}

/// How many words after a head belong to it by its rule (0 for a capital or any word,
/// which the name extension reads), or None when the rule refuses what follows.
fn continuation_words(rule: &Rule, rest: &str) -> Option<usize> {
    let next = rest.split_whitespace().next().unwrap_or("");
    if next.is_empty() || next.starts_with([',', ';', ':', '.', '(']) {
        return rule.any.then_some(0);
    }
    let key = crate::tokens::head_key(rest, 4);
    if let Some(w) = rule.words.iter().filter(|w| key.starts_with(w.as_str()) && key[w.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())).max_by_key(|w| w.len()) {
        return Some(w.split(' ').count());
    }
    if rule.any || rule.capital && next.starts_with(|c: char| c.is_uppercase()) {
        return Some(0);
    }
    None
}

/// One agency at the start of a text: its canonical name and the bytes it covers.
pub fn at(text: &str) -> Option<(String, usize)> {
    if let Some(found) = text.starts_with(|c: char| c.is_ascii_lowercase()).then(|| lower_head_at(text)).flatten() {
        return Some(found);
    }
    if let Some(found) = office_at(text) {
        return Some(found);
    }
    let len = agency_len(text)?;
    let name = text[..len].trim().trim_end_matches([',', ':', ';']).trim();
    (!name.is_empty()).then(|| (dict::canonical_agency(name), len))
}

/// A head written in lower case before a proper name ("phòng Quản lý công nghiệp"):
/// the name as if the head had its capital.
fn lower_head_at(text: &str) -> Option<(String, usize)> {
    let head = dict::words("agency_heads_lower").iter().find(|h| text.starts_with(*h) && text[h.len()..].starts_with(' '))?;
    if !text[head.len()..].trim_start().starts_with(char::is_uppercase) {
        return None;
    }
    let capital = capitalize(text);
    debug_assert_eq!(capital.len(), text.len(), "an ASCII first letter");
    let len = agency_len(&capital)?;
    let name = capital[..len].trim().trim_end_matches([',', ':', ';']).trim();
    (!name.is_empty()).then(|| (dict::canonical_agency(name), len))
}

/// An office-holder at the start of a text, as the body they head.
fn office_at(text: &str) -> Option<(String, usize)> {
    let (plural, t) = match text.strip_prefix("Các ").or_else(|| text.strip_prefix("các ")) {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (title, body_head) = OFFICE_HOLDERS.iter().find(|(h, _)| t.starts_with(*h) && t[h.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))?;
    let after = &t[title.len()..];
    let rest = after.trim_start();
    let offset = text.len() - rest.len();
    // "Bộ trưởng Bộ Tài chính", "Chủ tịch Ủy ban nhân dân các tỉnh", "Giám đốc các Sở"
    if !rest.is_empty() && !rest.starts_with([',', ';', ':', '.']) {
        // "Chánh Văn phòng UBND tỉnh": the title holds the body's head word
        if let Some(head) = body_head.filter(|h| !rest.starts_with(*h)) {
            let named = format!("{head} {rest}");
            if let Some(len) = agency_len(&named) {
                let name = named[..len].trim().trim_end_matches([',', ':', ';']).trim();
                let used = len.saturating_sub(head.len() + 1).min(rest.len());
                return Some((capitalize(&dict::canonical_agency(name)), offset + used));
            }
        }
        if let Some(len) = agency_len(rest) {
            let name = rest[..len].trim().trim_end_matches([',', ':', ';']).trim();
            if !name.is_empty() {
                return Some((capitalize(&dict::canonical_agency(name)), offset + len));
            }
        }
        // "Thủ trưởng cơ quan ngang bộ", "Thủ trưởng các cơ quan, đơn vị"
        let words = word_spans(rest);
        if !words.is_empty() && is_collective_word(&fold_key(rest[words[0].0..words[0].1].trim_end_matches([',', ';', ':', '.']))) {
            let end = collective_end(rest, &words, 0);
            let name = rest[..end].trim().trim_end_matches([',', ':', ';']).trim();
            return Some((capitalize(name), offset + end));
        }
    }
    // "Các Bộ trưởng": the ministries
    if plural && fold_key(title) == "bộ trưởng" {
        return Some(("Các bộ".into(), text.len() - after.len()));
    }
    None
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// The agencies named at the start of a text (a list joined by commas, ";" and "và"),
/// canonical, and where the list ends (bytes).
pub fn list_at(text: &str) -> (Vec<String>, usize) {
    let mut names: Vec<String> = Vec::new();
    let mut pos = 0;
    loop {
        let rest = &text[pos..];
        let trimmed = rest.trim_start_matches([' ', ',']);
        let trimmed = if names.is_empty() { trimmed } else { trimmed.trim_start_matches([' ', ',', ';']) };
        let skip = rest.len() - trimmed.len();
        let (rest, skip) = match trimmed.strip_prefix("và ").or_else(|| trimmed.strip_prefix("hoặc ")) {
            Some(r) if !names.is_empty() => (r, skip + (trimmed.len() - r.len())),
            _ => (trimmed, skip),
        };
        if !names.is_empty() && skip == 0 {
            break;
        }
        let Some((mut name, mut len)) = at(rest) else { break };
        // a short qualifier after the name belongs to it ("Các Sở, ban, ngành của Thành
        // phố", "Ủy ban nhân dân tỉnh trực thuộc …") when a list or the text goes on after it
        let tail = &rest[len..];
        if let Some(q) = qualifier(tail) {
            name.push(' ');
            name.push_str(tail[..q].trim());
            len += q;
        }
        if !names.contains(&name) {
            names.push(name);
        }
        pos += skip + len;
        if pos >= text.len() {
            break;
        }
    }
    (names, pos)
}

/// The length of a qualifier at the start of `tail` (" của Thành phố" before a comma or
/// the end), when there is one: a few words, opening with a qualifier word, no verb.
fn qualifier(tail: &str) -> Option<usize> {
    if !tail.starts_with(' ') {
        return None;
    }
    let t = super::lead(tail.trim_start(), 200);
    let key = super::head_key(t, 1);
    if key != "của" {
        return None;
    }
    let end = t.find([',', ';', ':', '.', '(']).unwrap_or(t.len());
    let piece = &t[..end];
    let words: Vec<&str> = piece.split_whitespace().collect();
    // "của Thành phố", "của tỉnh Lào Cai": a place, written as one
    let place = words.len() <= 4 && words.iter().skip(1).all(|w| w.starts_with(char::is_uppercase) || ["tỉnh", "thành", "phố", "huyện", "xã"].contains(w));
    place.then(|| tail.len() - t.len() + piece.trim_end().len())
}

/// The byte length of the agency name at the start of `text`, if one starts there.
fn agency_len(text: &str) -> Option<usize> {
    let words = word_spans(text);
    if words.is_empty() {
        return None;
    }
    // 1. a known name or abbreviation, longest first (up to 12 words)
    let first = fold_key(text[words[0].0..words[0].1].trim_end_matches([',', ':', ';', '.', ')']));
    if dict::AGENCY_FIRST_WORDS.contains(first.split(' ').next().unwrap_or("")) {
        let mut key = String::new();
        let mut prefix_keys: Vec<String> = Vec::with_capacity(12);
        for (s, e) in words.iter().take(12) {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(&fold_key(&text[*s..*e]));
            prefix_keys.push(key.trim_end_matches([',', ':', ';', '.', ')']).to_string());
        }
        for k in (1..=prefix_keys.len()).rev() {
            if dict::AGENCY_KEYS.contains(&prefix_keys[k - 1]) {
                let end = words[k - 1].1;
                // a known name right before another agency: two names with the comma lost
                let next = words.get(k).map(|&(s, _)| &text[s..]).unwrap_or("");
                if starts_with_head(next) && next.starts_with(char::is_uppercase) {
                    return Some(end);
                }
                // a known name followed by more of a longer name ("… Việt Nam - Chi nhánh …")
                return Some(extend_name(text, k, &words, false));
            }
        }
    }
    // 2. a collective: "Các Sở, ngành, địa phương", "các cơ quan liên quan"
    let w0 = &text[words[0].0..words[0].1];
    if w0 == "Các" || w0 == "các" {
        let end = collective_end(text, &words, 1);
        return (end > words[0].1).then_some(end);
    }
    // 3. a head word and what it accepts
    let (head, rule) = head_at(text)?;
    let more = continuation_words(rule, text[head.len()..].trim_start())?;
    let head_words = head.split_whitespace().count() + more;
    if head_words > words.len() {
        return None;
    }
    // a head continued in lower case ("Ban quản lý", "Bảo hiểm xã hội") goes on in lower
    // case up to a verb ("Ban quản lý dự án tỉnh thực hiện")
    Some(extend_name(text, head_words, &words, rule.any || more > 0))
}

/// (start, end) byte offsets of the first words of a text (at most 40).
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c == ' ' {
            if let Some(s) = start.take() {
                out.push((s, i));
                if out.len() >= 40 {
                    return out;
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Extends a name from its `k` first words over the words that continue it: words
/// with a capital, fixed lower-case phrases ("Ủy ban nhân dân các tỉnh, thành phố",
/// "Sở Giao thông vận tải"), up to a verb of assignment or punctuation. With
/// `lower`, lower-case words continue it up to such a stop ("Trung tâm dữ liệu quốc gia").
fn extend_name(text: &str, mut k: usize, words: &[(usize, usize)], lower: bool) -> usize {
    let mut end = words[k - 1].1;
    // a name ends at punctuation attached to its last word
    if text[..end].ends_with([',', ':', ';', '.']) {
        return end - 1;
    }
    let stops = dict::keys("agency_name_stops");
    let continuing = dict::keys("agency_name_lower_words");
    let phrases = dict::keys("agency_name_phrases");
    while k < words.len() {
        let w = &text[words[k].0..words[k].1];
        // a fixed phrase inside a name, though its first word may end one elsewhere
        // ("Ủy ban nhân dân cấp xã", "Cơ quan chủ quản Chương trình")
        let ahead = fold_key(&text[words[k].0..words[(k + 3).min(words.len()) - 1].1]);
        if let Some(p) = phrases.iter().find(|p| ahead.starts_with(p.as_str()) && ahead[p.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())) {
            let n = p.split(' ').count();
            let last = &text[words[k + n - 1].0..words[k + n - 1].1];
            end = words[k + n - 1].1;
            k += n;
            if last.ends_with([',', ';', ':', '.']) {
                return end - 1;
            }
            continue;
        }
        let bare = w.trim_end_matches([',', ':', ';', '.', ')']);
        let lower_w = fold_key(bare);
        let starts_lower = w.starts_with(|c: char| c.is_lowercase());
        if w.starts_with('(') || starts_lower && stops.contains(&lower_w) {
            break;
        }
        // a time or a number ends a name: a cell's spill from the time column ("Bộ Y tế Tháng 3/2027")
        let next_digit = words.get(k + 1).is_some_and(|&(s, _)| text[s..].starts_with(|c: char| c.is_ascii_digit()));
        if w.starts_with(|c: char| c.is_ascii_digit()) || next_digit && dict::keys("time_cell_words").contains(&lower_w) {
            break;
        }
        if (lower_w == "và" || lower_w == "hoặc" || w == "-") && k + 1 < words.len() {
            let next = &text[words[k + 1].0..];
            // "và các …" or "và Sở …": a new agency, unless a name goes on ("Hội Liên hiệp
            // Phụ nữ và Hội Nông dân" splits; "Sở Văn hóa, Thể thao và Du lịch" does not)
            let branch = w == "-" && next.starts_with("Chi nhánh");
            if !branch && (next.starts_with("các") || starts_with_head(next)) {
                break;
            }
        }
        let prev = &text[words[k - 1].0..words[k - 1].1];
        if starts_lower && !lower_w.is_empty() && !prev.ends_with('-') && w != "-" {
            // "…/thành phố": the word that ends a slashed alternative
            let ends_alternative = prev.contains('/') && prev.rsplit('/').next().is_some_and(|p| COLLECTIVES.contains(&format!("{} {lower_w}", fold_key(p))));
            let fixed = continuing.contains(&lower_w) || is_collective_word(&lower_w) || ends_alternative;
            // a lower-case word continues a name in fixed phrases, after a capitalized word,
            // or anywhere in a name whose head takes any word
            if !fixed && !lower && !prev.chars().next().is_some_and(char::is_uppercase) {
                break;
            }
        }
        end = words[k].1;
        k += 1;
        if w.ends_with([',', ';', ':', '.']) {
            // a comma continues the name only into a collective ("các tỉnh, thành phố")
            let next = words.get(k).map(|&(s, e)| fold_key(text[s..e].trim_end_matches([',', ';', '.'])));
            let continues = w.ends_with(',') && next.as_deref().is_some_and(|n| is_collective_word(n) && !stops.iter().any(|s| s == n));
            if !continues {
                return end - 1;
            }
        }
    }
    end
}

/// Whether a folded word is (the first word of) a collective noun.
pub fn is_collective_word(w: &str) -> bool {
    // alternatives written with a slash ("xã/phường", "huyện/thị" of "huyện/thị xã")
    if w.contains('/') {
        return w.split('/').all(|p| !p.is_empty() && is_collective_word(p));
    }
    COLLECTIVES.iter().any(|c| c == w || c.starts_with(w) && c[w.len()..].starts_with(' '))
}

/// End of a collective phrase whose nouns start at word `k` ("Các | sở, ban, ngành",
/// "cơ quan ngang bộ"): collective nouns joined by commas and "và", with a trailing
/// qualifier ("liên quan", "nêu trên").
fn collective_end(text: &str, words: &[(usize, usize)], mut k: usize) -> usize {
    let mut end = if k > 0 { words[k - 1].1 } else { 0 };
    while k < words.len() {
        // multi-word collectives first
        let mut matched = 0;
        for len in (1..=4).rev() {
            if k + len > words.len() {
                continue;
            }
            let phrase = fold_key(text[words[k].0..words[k + len - 1].1].trim_end_matches([',', ';', ':', '.']));
            // alternatives written with a slash ("các xã/phường", "các huyện/thị xã/thành
            // phố"): every alternative a collective noun
            let slashed = || phrase.contains('/') && phrase.split('/').all(|p| COLLECTIVES.iter().any(|c| c == p.trim()));
            if COLLECTIVES.contains(&phrase) || slashed() {
                matched = len;
                break;
            }
        }
        if matched == 0 {
            let w = fold_key(&text[words[k].0..words[k].1]);
            if (w == "và" || w == "các") && k + 1 < words.len() && is_collective_word(&fold_key(text[words[k + 1].0..words[k + 1].1].trim_end_matches([',', ';']))) {
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

/// A plural class rather than a named agency: "các bộ, cơ quan, địa phương", "Bộ,
/// ngành, địa phương", "doanh nghiệp liên quan". Support lists name agencies only, so
/// these are left out of them (spec, `tasks`).
pub fn is_collective(name: &str) -> bool {
    let key = fold_key(name);
    let mut rest: &str = key.strip_prefix("các ").unwrap_or(&key);
    // peel collective nouns and joiners off the front until nothing is left
    loop {
        let r = rest.trim_start_matches([' ', ',', ';']);
        let r = r.strip_prefix("và ").unwrap_or(r);
        let r = r.strip_prefix("các ").unwrap_or(r);
        if r.is_empty() {
            return true;
        }
        match COLLECTIVES.iter().find(|c| r.starts_with(c.as_str()) && r[c.len()..].chars().next().is_none_or(|ch| !ch.is_alphanumeric())) {
            Some(c) => rest = &r[c.len()..],
            None => return false,
        }
    }
}

/// Every agency written in a text, with its byte range: a scan of the word starts
/// (an agency inside a sentence, "… do Bộ Công an chủ trì").
pub fn find(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let at_word = i == 0 || text[..i].ends_with([' ', '(', '“', '"']);
        // a lower-case head only where a name is expected, at the start ("phòng Quản lý …
        // chủ trì"): inside a sentence "cơ sở Văn hóa" or "dự phòng Trung ương" is no body
        let lower_head = || i == 0 && rest.starts_with(|c: char| c.is_ascii_lowercase()) && dict::words("agency_heads_lower").iter().any(|h| rest.starts_with(*h));
        if at_word && rest.starts_with(char::is_uppercase) || rest.starts_with("các ") || lower_head() {
            if let Some((name, len)) = at(rest) {
                out.push((i, i + len, name));
                i += len.max(1);
                while !text.is_char_boundary(i) {
                    i += 1;
                }
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// The agencies of a table cell, canonical, in order: "Bộ NN&MT, Bộ Quốc phòng",
/// "VTV, VOV, TTXVN, các địa phương", and a head distributed over a list ("Các Bộ:
/// NN&MT, Xây dựng, Y tế" is three ministries). A piece the recognizer does not read
/// is kept as written up to the next comma.
pub fn cell(text: &str) -> Vec<String> {
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
        // items may be bulleted inside the cell ("- Bộ Xây dựng; - Bộ Công Thương")
        let r = rest.trim_start_matches([' ', ',', ';', '-', '+', '•', '–']);
        let r = r.strip_prefix("và ").unwrap_or(r);
        // a class written without "Các": "Bộ, ngành, địa phương" stays one owner
        let mut class_end = 0;
        let mut pieces = 0;
        for (i, _) in r.match_indices(',').chain(std::iter::once((r.len(), ""))).take(16) {
            let piece = r[class_end..i].trim_start_matches(',').trim();
            if piece.is_empty() || !is_collective(piece) {
                break;
            }
            class_end = i;
            pieces += 1;
        }
        if pieces >= 2 {
            push_unique(&mut out, capitalize(r[..class_end].trim()));
            rest = &r[class_end..];
            continue;
        }
        let (names, pos) = list_at(r);
        if pos > 0 && !names.is_empty() {
            let mut names = names;
            // a lower-case qualifier right after a name, with no comma between, is part of
            // it: "Ủy ban nhân dân cấp tỉnh", "Các bộ ở Trung ương"
            let after = &r[pos..];
            let next_word = after.split_whitespace().next().unwrap_or("");
            let qualifies = after.starts_with(' ') && next_word.starts_with(char::is_lowercase) && dict::starts_with_word(&fold_key(after.trim_start()), "agency_qualifiers");
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
        // a piece the recognizer does not read is kept when it looks like a name (a
        // capital, no time, no document named): a cell's spill from the product or time
        // column ("Tháng 3/2027", "Nghị quyết của Chính phủ") or a verb's tail is not an owner
        let actor = dict::starts_with_word(&fold_key(piece), "actor_nouns");
        let name_like = (piece.starts_with(char::is_uppercase) || actor)
            && crate::tokens::time::find(piece).is_empty()
            && dict::kind_prefix(piece).is_none()
            && piece.split_whitespace().count() <= 12;
        if name_like {
            push_unique(&mut out, capitalize(&dict::canonical_agency(piece)));
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

/// A text that only names owners: agencies, collectives or office-holders separated by
/// commas, ";" or "và", with an optional "Trách nhiệm (của)" / "Đề nghị" / "Giao" in
/// front and a colon at the end ("1. Bộ Khoa học và Công nghệ", "Các Bộ trưởng, Thủ
/// trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố:", "Trách
/// nhiệm Văn phòng UBND tỉnh"). No verb of assignment may follow the names.
pub fn owners_only(text: &str) -> Option<Vec<String>> {
    let body = text.trim().trim_end_matches(['.', ' ']);
    let body = body.strip_suffix(':').unwrap_or(body).trim();
    if body.is_empty() || body.len() > 400 {
        return None;
    }
    let key = crate::tokens::head_key(body, 4);
    let lead_in = dict::keys("owner_lead_ins").iter().filter(|w| key.starts_with(w.as_str()) && key[w.len()..].starts_with(' ')).map(|w| w.split(' ').count()).max().unwrap_or(0);
    let rest = crate::tokens::skip_words(body, lead_in);
    let (names, end) = list_at(rest);
    let tail = rest[end..].trim_matches([' ', ',', ';', '.', ':']);
    // what may stand after the names: nothing, or a qualifier of where ("của Thành phố",
    // "tỉnh", "theo thẩm quyền")
    let tail_ok = tail.is_empty() || dict::starts_with_word(&fold_key(tail), "owner_list_tails") && tail.split_whitespace().count() <= 5;
    (!names.is_empty() && tail_ok).then_some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        list_at(text).0
    }

    #[test]
    fn agency_lists_split_only_between_agencies() {
        assert_eq!(names("Sở Giáo dục và Đào tạo, Sở Lao động - Thương binh và Xã hội chủ trì"), vec!["Sở Giáo dục và Đào tạo", "Sở Lao động - Thương binh và Xã hội"]);
        assert_eq!(names("Sở Giao thông vận tải và các cơ quan liên quan triển khai"), vec!["Sở Giao thông vận tải", "các cơ quan liên quan"]);
        assert_eq!(names("Sở Văn hóa, Thể thao và Du lịch chủ trì"), vec!["Sở Văn hóa, Thể thao và Du lịch"]);
        assert_eq!(names("Các Sở, ngành, địa phương, đơn vị chủ trì tuyên truyền"), vec!["Các Sở, ngành, địa phương, đơn vị"]);
        assert_eq!(names("Sở KH&ĐT chủ trì"), vec!["Sở Kế hoạch và Đầu tư"]);
        assert_eq!(names("Ủy ban nhân dân các tỉnh, thành phố chủ trì"), vec!["Ủy ban nhân dân các tỉnh, thành phố"]);
        assert_eq!(names("Ngân hàng nhà nước Việt Nam - Chi nhánh thành phố Hải Phòng chủ trì, phối hợp"), vec!["Ngân hàng Nhà nước Việt Nam - Chi nhánh thành phố Hải Phòng"]);
        assert_eq!(names("Sở Kế hoạch và Đầu tư định kỳ hàng năm"), vec!["Sở Kế hoạch và Đầu tư"]);
        assert!(names("Tiếp tục thực hiện").is_empty());
    }

    #[test]
    fn words_that_open_like_agencies_are_not_agencies() {
        for text in ["Ban hành các văn bản", "Bộ tiêu chí đánh giá", "Trường hợp Đơn đăng ký hợp lệ", "Báo cáo kết quả", "Sở hữu trí tuệ"] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
        assert_eq!(names("Ban Quản lý các khu công nghiệp chủ trì"), vec!["Ban Quản lý các khu công nghiệp"]);
        assert_eq!(names("Ban quản lý dự án tỉnh thực hiện"), vec!["Ban quản lý dự án tỉnh"]);
    }

    #[test]
    fn office_holders_stand_for_their_body() {
        assert_eq!(names("Bộ trưởng Bộ Tài chính chủ trì"), vec!["Bộ Tài chính"]);
        assert_eq!(names("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố chỉ đạo"), vec!["Ủy ban nhân dân các tỉnh, thành phố"]);
        assert_eq!(names("Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"), vec!["Các bộ", "Cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố"]);
        assert_eq!(names("Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh; Chủ tịch Ủy ban nhân dân các xã, phường"), vec!["Các Sở", "Các ban, ngành tỉnh", "Ủy ban nhân dân các xã, phường"]);
        // alternatives written with a slash
        assert_eq!(names("UBND các xã/phường: kiểm tra"), vec!["Ủy ban nhân dân các xã/phường"]);
        assert_eq!(names("UBND các huyện/thị xã/thành phố: kiểm tra"), vec!["Ủy ban nhân dân các huyện/thị xã/thành phố"]);
    }

    #[test]
    fn table_cells_name_agencies() {
        assert_eq!(cell("Bộ NN&MT, Bộ Quốc phòng"), vec!["Bộ Nông nghiệp và Môi trường", "Bộ Quốc phòng"]);
        assert_eq!(cell("Các Bộ: NN&MT, Xây dựng, Công thương, Y tế"), vec!["Bộ Nông nghiệp và Môi trường", "Bộ Xây dựng", "Bộ Công Thương", "Bộ Y tế"]);
        assert_eq!(cell("VTV, VOV, TTXVN, các địa phương"), vec!["Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam", "các địa phương"]);
        assert_eq!(cell("UBND các tỉnh/thành phố"), vec!["Ủy ban nhân dân các tỉnh, thành phố"]);
        assert_eq!(cell("Bộ Khoa học, Công nghệ, Bộ Thông tin và Truyền thông, Bộ Kế hoạch và Đầu tư và các địa phương"), vec!["Bộ Khoa học và Công nghệ", "Bộ Thông tin và Truyền thông", "Bộ Kế hoạch và Đầu tư", "các địa phương"]);
        assert_eq!(cell("Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ"), vec!["Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"]);
        assert_eq!(cell("Bộ, ngành, địa phương"), vec!["Bộ, ngành, địa phương"]);
        assert_eq!(cell("Các bộ ở Trung ương, Ủy ban nhân dân cấp tỉnh ở địa phương"), vec!["Các bộ ở Trung ương", "Ủy ban nhân dân cấp tỉnh ở địa phương"]);
        assert!(is_collective("Các bộ, cơ quan, địa phương"));
        assert!(is_collective("Bộ, ngành, địa phương"));
        assert!(!is_collective("Bộ Tư pháp"));
    }

    #[test]
    fn headings_that_only_name_owners() {
        assert_eq!(owners_only("Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố:").unwrap(), vec!["Các bộ", "Cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố"]);
        assert_eq!(owners_only("Sở Nông nghiệp và Môi trường").unwrap(), vec!["Sở Nông nghiệp và Môi trường"]);
        assert_eq!(owners_only("Trách nhiệm Văn phòng UBND tỉnh").unwrap(), vec!["Văn phòng Ủy ban nhân dân tỉnh"]);
        assert_eq!(owners_only("Nhiệm vụ cụ thể:"), None);
        assert_eq!(owners_only("Sở Tài chính chủ trì, phối hợp với các sở:"), None);
    }

    #[test]
    fn agencies_inside_a_sentence() {
        let found: Vec<String> = find("Tổ chức tập huấn do Bộ Công an chủ trì, phối hợp với các địa phương").into_iter().map(|(_, _, n)| n).collect();
        assert_eq!(found, vec!["Bộ Công an", "các địa phương"]);
    }
}
