//! Citations: the documents a text cites by number (conventions §1.4, §1.5).
//!
//! In: a text. Out: each cited document with its number (`163/2017/NĐ-CP`,
//! `45-NQ/TW`; a stray space scraped into it is read across), the kind written
//! before it ("Nghị định số", "Nghị quyết", "Chỉ thị" without "số"), and in a first
//! citation the date ("ngày …") and the issuer ("của `<issuer>`") after it. A number
//! without a kind counts when its type code is known ("theo 21/CT-TTg").

use crate::dict;
use crate::model::Reference;
use crate::tokens::first_date;

/// The numbered documents cited in one text.
pub fn cited(text: &str) -> Vec<Reference> {
    cited_at(text).into_iter().map(|(_, r)| r).collect()
}

/// The numbered documents cited in one text, each with the byte where its number starts.
pub fn cited_at(text: &str) -> Vec<(usize, Reference)> {
    let mut out = Vec::new();
    if !text.contains('/') {
        return out; // every document number has a slash
    }
    for m in crate::patterns::doc_numbers(text).find_iter(text) {
        let number: String = m.as_str().trim_end_matches(['-', '.']).chars().filter(|c| !c.is_whitespace()).collect();
        let before = &text[..m.start()];
        let kind = kind_before(before);
        if kind.is_none() && !plausible_bare(&number) {
            continue;
        }
        // the date and the issuer follow the number closely (linear on a long line)
        let after = super::lead(&text[m.end()..], 300);
        // a date belongs to the number only right after it ("…/NĐ-CP ngày 06/7/2021"):
        // the date pattern runs only where "ngày" opens the rest
        let opens_with_date = super::lead(after, 12).to_lowercase().contains("ngày");
        let date = opens_with_date.then(|| first_date(after)).flatten().filter(|(_, s, _)| *s <= 2).map(|(d, _, _)| d);
        let issuer = issuer_after(after);
        out.push((m.start(), Reference { kind: kind.map(String::from), number: Some(number), date, issuer, lines: vec![] }));
    }
    out
}

/// The kind written just before a number: "Quyết định số ", "Nghị quyết ", "QUYẾT ĐỊNH SỐ ".
fn kind_before(before: &str) -> Option<&'static str> {
    let tail: String = before.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
    let mut tail = tail.trim_end();
    for so in [" số", " Số", " SỐ", " số:", " Số:"] {
        if let Some(t) = tail.strip_suffix(so) {
            tail = t.trim_end();
            break;
        }
    }
    let key = crate::normalize::fold_key(tail);
    dict::DOC_KIND_KEYS.iter().find(|(_, k)| key.ends_with(k.as_str()) && key[..key.len() - k.len()].chars().last().is_none_or(|c| !c.is_alphanumeric())).map(|(n, _)| *n)
}

/// A number cited without its kind still counts when its code is a known type ("theo 21/CT-TTg").
fn plausible_bare(number: &str) -> bool {
    number_code(number).is_some()
}

/// "của Thủ tướng Chính phủ về …" → "Thủ tướng Chính phủ".
fn issuer_after(after: &str) -> Option<String> {
    let rest = after.trim_start();
    // skip a date first
    let rest = match first_date(rest) {
        Some((_, 0, end)) => rest[end..].trim_start(),
        _ => rest,
    };
    let rest = rest.strip_prefix("của ")?;
    // the issuer ends at punctuation or at the words that open what the document is about
    let mut end = rest.find(['(', ',', ';', '.']).unwrap_or(rest.len());
    for w in dict::words("issuer_stops") {
        if let Some(p) = rest.find(&format!(" {w}")).filter(|&p| rest[p + 1 + w.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())) {
            end = end.min(p);
        }
    }
    // another citation starts ("… của Bộ Chính trị và Nghị quyết 42/2017/QH14")
    if let Some(k) = dict::DOC_KINDS.iter().filter_map(|(n, _)| rest.find(&format!(" {n} "))).min() {
        end = end.min(k);
    }
    let issuer = rest[..end].trim().trim_end_matches(" và").trim();
    (!issuer.is_empty() && issuer.split_whitespace().count() <= 10).then(|| issuer.to_string())
}


/// The type code of a number: `117/KH-UBND` → `KH`, `54/2019/NQ-HĐND` → `NQ`, `45-NQ/TW` → `NQ`.
pub fn number_code(number: &str) -> Option<String> {
    if let Some((head, _)) = number.split_once('/') {
        if let Some((_, code)) = head.split_once('-') {
            return Some(code.to_string());
        }
    }
    let last = number.rsplit('/').next()?;
    let code = last.split('-').next()?;
    let known = dict::kind_for_code(code).is_some();
    // a công văn number has no type code ("12/UBND-VX")
    (known || !last.contains('-')).then(|| code.to_string()).filter(|_| known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_citation_gives_kind_date_and_issuer() {
        let r = cited("Thực hiện Quyết định số 283/QĐ-TTg ngày 19/02/2020 của Thủ tướng Chính phủ về việc phê duyệt");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].kind.as_deref(), Some("Quyết định"));
        assert_eq!(r[0].number.as_deref(), Some("283/QĐ-TTg"));
        assert_eq!(r[0].date.as_deref(), Some("2020-02-19"));
        assert_eq!(r[0].issuer.as_deref(), Some("Thủ tướng Chính phủ"));
    }

    #[test]
    fn party_numbers_and_citations_without_so() {
        let r = cited("gắn với Nghị quyết số 45-NQ/TW ngày 24/01/2019 của Bộ Chính trị và Nghị quyết 42/2017/QH14 ngày 21/6/2017");
        let nums: Vec<_> = r.iter().map(|r| r.number.clone().unwrap()).collect();
        assert_eq!(nums, vec!["45-NQ/TW", "42/2017/QH14"]);
        assert_eq!(r[0].issuer.as_deref(), Some("Bộ Chính trị"));
    }

    #[test]
    fn stray_spaces_inside_a_number_are_read_across() {
        let nums: Vec<_> = cited("Nghị định số 78/2021/NĐ -CP ngày 01 tháng 8 năm 2021; Tờ trình số 9512/TTr- SNN-CCTL ngày 23").into_iter().map(|r| r.number.unwrap()).collect();
        assert_eq!(nums, vec!["78/2021/NĐ-CP", "9512/TTr-SNN-CCTL"]);
        let nums: Vec<_> = cited("Quyết định số 283/QĐ-TTg - Quyết định khác").into_iter().map(|r| r.number.unwrap()).collect();
        assert_eq!(nums, vec!["283/QĐ-TTg"]);
    }

    #[test]
    fn dates_and_versions_are_not_citations() {
        assert!(cited("ngày 19/02/2020, phiên bản 2.0, tỷ lệ 1/2").is_empty());
    }
}
