//! Legacy Vietnamese encodings, part of stage 1 (decode): TCVN3 (ABC, `.VnTime`),
//! VNI-Windows and Windows-1258, as raw bytes or as the mojibake they become when
//! read as Windows-1252 and saved as UTF-8 ("Céng hßa", "Coäng hoøa").
//!
//! The byte tables are data (`data/legacy/*.tsv`, with their sources in
//! `data/legacy/README.md`). Which encoding a text is in is decided by scoring
//! each reading by whole words (the README's advice): a reading is better when
//! more of its words are well-formed Vietnamese syllables with diacritics and
//! fewer are not (a Latin-1 symbol inside a word, two tone marks in one
//! syllable, a capital inside a lower-case word). Mojibake inside UTF-8 text is
//! repaired line by line, so a legacy-font heading inside Unicode text is
//! converted alone and clean lines are never touched.

use std::collections::HashMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::decompose_canonical;

/// A legacy encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
    Cp1258,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "tcvn3",
            Legacy::Vni => "vni",
            Legacy::Cp1258 => "windows-1258",
        }
    }

    /// Reads a name as given to `--encoding` (case and punctuation free).
    pub fn from_name(name: &str) -> Option<Legacy> {
        let n: String = name.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
        match n.as_str() {
            "tcvn3" | "tcvn" | "abc" | "vntime" => Some(Legacy::Tcvn3),
            "vni" | "vniwindows" | "vniwin" => Some(Legacy::Vni),
            "windows1258" | "cp1258" | "win1258" => Some(Legacy::Cp1258),
            _ => None,
        }
    }

    /// Decodes raw bytes in this encoding (NFC).
    pub fn decode(self, bytes: &[u8]) -> String {
        match self {
            Legacy::Tcvn3 => bytes.iter().map(|&b| TCVN3[b as usize]).collect(),
            Legacy::Vni => decode_vni(bytes),
            Legacy::Cp1258 => bytes.iter().map(|&b| CP1258[b as usize]).collect::<String>().nfc().collect(),
        }
    }
}

fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.split('\t').collect())
}

fn hex_bytes(field: &str) -> Vec<u8> {
    field.split_whitespace().filter_map(|h| u8::from_str_radix(h, 16).ok()).collect()
}

/// Windows-1252: ASCII, the 27 symbols of 0x80–0x9F (from the tables' symbol
/// rows), the five undefined bytes as C1 controls (as WHATWG does), Latin-1 above.
static CP1252: LazyLock<[char; 256]> = LazyLock::new(|| {
    let mut t = ['\0'; 256];
    for (b, c) in t.iter_mut().enumerate() {
        *c = char::from_u32(b as u32).unwrap_or('\u{FFFD}');
    }
    for r in rows(include_str!("../data/legacy/tcvn3.tsv")) {
        let bytes = hex_bytes(r.get(2).copied().unwrap_or(""));
        let ch = r.first().and_then(|s| s.chars().next());
        if let ([b], Some(ch)) = (bytes.as_slice(), ch) {
            if (0x80..0xA0).contains(b) {
                t[*b as usize] = ch;
            }
        }
    }
    t
});

static CP1252_REVERSE: LazyLock<HashMap<char, u8>> = LazyLock::new(|| CP1252.iter().enumerate().map(|(b, &c)| (c, b as u8)).collect());

/// TCVN3: Windows-1252 with the letter codes of the table; a byte shared by a
/// lower-case toned vowel and its capital decodes to the lower-case letter.
static TCVN3: LazyLock<[char; 256]> = LazyLock::new(|| {
    let mut t = *CP1252;
    let mut lower_set = [false; 256];
    for r in rows(include_str!("../data/legacy/tcvn3.tsv")) {
        let bytes = hex_bytes(r.get(2).copied().unwrap_or(""));
        let Some(ch) = r.first().and_then(|s| s.chars().next()) else { continue };
        let [b] = bytes.as_slice() else { continue };
        if !ch.is_alphabetic() {
            continue;
        }
        let b = *b as usize;
        if ch.is_lowercase() {
            t[b] = ch;
            lower_set[b] = true;
        } else if !lower_set[b] {
            t[b] = ch;
        }
    }
    t
});

/// VNI-Windows: two-byte letters (base + mark), single-byte letters.
static VNI_PAIRS: LazyLock<HashMap<(u8, u8), char>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for r in rows(include_str!("../data/legacy/vni.tsv")) {
        let bytes = hex_bytes(r.get(2).copied().unwrap_or(""));
        let Some(ch) = r.first().and_then(|s| s.chars().next()) else { continue };
        if let [a, b] = bytes.as_slice() {
            m.insert((*a, *b), ch);
        }
    }
    // decode-only aliases one public converter accepts (data/legacy/README.md)
    for (a, b, ch) in [(0x79, 0xEF, 'ỵ'), (0x59, 0xCF, 'Ỵ'), (0x69, 0xF9, 'í'), (0x69, 0xF8, 'ì'), (0x49, 0xD9, 'Í'), (0x49, 0xD8, 'Ì')] {
        m.entry((a, b)).or_insert(ch);
    }
    m
});

static VNI_SINGLE: LazyLock<[Option<char>; 256]> = LazyLock::new(|| {
    let mut t = [None; 256];
    for r in rows(include_str!("../data/legacy/vni.tsv")) {
        let bytes = hex_bytes(r.get(2).copied().unwrap_or(""));
        let Some(ch) = r.first().and_then(|s| s.chars().next()) else { continue };
        if let [b] = bytes.as_slice() {
            if *b >= 0xA0 && ch.is_alphabetic() {
                t[*b as usize] = Some(ch);
            }
        }
    }
    t
});

/// Windows-1258: Windows-1252 with its Vietnamese letters and five combining tones.
static CP1258: LazyLock<[char; 256]> = LazyLock::new(|| {
    let mut t = *CP1252;
    for (b, c) in [
        (0xC3, 'Ă'), (0xCC, '\u{300}'), (0xD0, 'Đ'), (0xD2, '\u{309}'), (0xD5, 'Ơ'), (0xDD, 'Ư'), (0xDE, '\u{303}'),
        (0xE3, 'ă'), (0xEC, '\u{301}'), (0xF0, 'đ'), (0xF2, '\u{323}'), (0xF5, 'ơ'), (0xFD, 'ư'), (0xFE, '₫'),
        (0x8A, '\u{8A}'), (0x8E, '\u{8E}'), (0x9A, '\u{9A}'), (0x9E, '\u{9E}'),
    ] {
        t[b] = c;
    }
    t
});

fn decode_vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if let Some(&ch) = bytes.get(i + 1).and_then(|&n| VNI_PAIRS.get(&(bytes[i], n))) {
            out.push(ch);
            i += 2;
            continue;
        }
        out.push(VNI_SINGLE[bytes[i] as usize].unwrap_or(CP1252[bytes[i] as usize]));
        i += 1;
    }
    out
}

/// A byte read as Windows-1252.
pub fn cp1252_char(b: u8) -> char {
    CP1252[b as usize]
}

/// The bytes a text came from if it was read as Windows-1252, when it can have been.
pub fn cp1252_bytes(text: &str) -> Option<Vec<u8>> {
    // ASCII is itself in Windows-1252: only the other chars need the table
    text.chars().map(|c| if c.is_ascii() { Some(c as u8) } else { CP1252_REVERSE.get(&c).copied() }).collect()
}

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
const MARKS: [char; 3] = ['\u{302}', '\u{306}', '\u{31B}'];

/// How Vietnamese a reading looks: +2 for each word with diacritics that is a
/// well-formed syllable, −3 for each word that is not (conventions §5: one tone
/// per syllable, on a vowel; no Latin-1 symbols or stray marks inside words).
pub fn score(text: &str) -> i64 {
    let mut total = 0i64;
    for word in text.split(|c: char| !(c.is_alphanumeric() || ('\u{300}'..='\u{36F}').contains(&c) || c == '\u{AD}' || is_mojibake_symbol(c))) {
        if word.is_empty() || word.is_ascii() {
            continue;
        }
        let mut tones = 0;
        let mut marked = false;
        let mut bad = false;
        let mut seen_lower = false;
        let mut upper_after_lower = false;
        let mut letters = 0;
        let mut prev_base: Option<char> = None;
        for c in word.chars() {
            let this_base = decompose_first(c).to_ascii_lowercase();
            let pb = prev_base;
            prev_base = Some(this_base);
            let prev_base = pb;
            if c.is_ascii_alphanumeric() {
                letters += 1;
                if c.is_ascii_lowercase() {
                    seen_lower = true;
                } else if c.is_ascii_uppercase() && seen_lower {
                    upper_after_lower = true;
                }
                continue;
            }
            if c == 'đ' || c == 'Đ' {
                marked = true;
                letters += 1;
                continue;
            }
            let mut base = None;
            let mut ok = true;
            decompose_canonical(c, |d| {
                if base.is_none() {
                    base = Some(d);
                } else if TONES.contains(&d) {
                    tones += 1;
                } else if !MARKS.contains(&d) {
                    ok = false;
                }
            });
            let Some(b) = base else { continue };
            if !ok || !"aeiouyAEIOUY".contains(b) || b == c && !c.is_ascii() {
                bad = true;
                continue;
            }
            if b == c {
                continue;
            }
            // the same vowel twice, once marked ("oọ", "aá"): no Vietnamese syllable is so
            if prev_base == Some(b.to_ascii_lowercase()) {
                bad = true;
            }
            marked = true;
            letters += 1;
            if c.is_lowercase() {
                seen_lower = true;
            } else if seen_lower {
                upper_after_lower = true;
            }
        }
        if letters == 0 {
            continue;
        }
        if bad || tones > 1 || upper_after_lower {
            total -= 3;
        } else if marked {
            total += 2;
        }
    }
    total
}

fn decompose_first(c: char) -> char {
    let mut first = None;
    decompose_canonical(c, |d| {
        first.get_or_insert(d);
    });
    first.unwrap_or(c)
}

/// Latin-1 and Windows-1252 characters that are not Vietnamese letters but stand for
/// letters in mojibake ("®", "¸", "µ", "§"): kept inside words when scoring.
fn is_mojibake_symbol(c: char) -> bool {
    matches!(c, '\u{A1}'..='\u{BF}' | '\u{D7}' | '\u{F7}' | 'ƒ' | 'ˆ' | '˜' | 'Š' | 'š' | 'Œ' | 'œ' | 'Ž' | 'ž' | 'Ÿ')
}

/// Reads raw bytes that are not UTF-8 in the legacy encoding (or Windows-1252)
/// that gives the best-formed Vietnamese, with a confidence in 0–1.
pub fn detect_bytes(bytes: &[u8]) -> (String, &'static str, f64) {
    let mut best: Option<(i64, String, &'static str)> = None;
    let mut scores = Vec::new();
    for enc in [Some(Legacy::Tcvn3), Some(Legacy::Vni), Some(Legacy::Cp1258), None] {
        let text = match enc {
            Some(e) => e.decode(bytes),
            None => bytes.iter().map(|&b| CP1252[b as usize]).collect(),
        };
        let s = score(&text);
        scores.push(s);
        if best.as_ref().is_none_or(|(b, _, _)| s > *b) {
            best = Some((s, text, enc.map_or("windows-1252", Legacy::name)));
        }
    }
    let (s, text, name) = best.expect("four readings");
    let runner_up = scores.iter().copied().filter(|&x| x != s).max().unwrap_or(0).max(0);
    let confidence = if s <= 0 { 0.0 } else { (s - runner_up) as f64 / s as f64 };
    let text = if name == "tcvn3" { restore_case(&text) } else { text };
    (text, name, confidence.clamp(0.0, 1.0))
}

/// Reads a line in one given encoding, when the document has shown that encoding
/// elsewhere: a line whose mojibake happens to look like Vietnamese ("choáng
/// thieân") is converted when the reading is at least as good and different.
pub fn repair_line_as(line: &str, name: &str) -> Option<String> {
    if line.is_ascii() {
        return None;
    }
    let bytes = cp1252_bytes(line)?;
    let text = match name {
        "utf-8-as-windows-1252" => std::str::from_utf8(&bytes).ok()?.to_string(),
        _ => {
            let enc = Legacy::from_name(name)?;
            let t = enc.decode(&bytes);
            if enc == Legacy::Tcvn3 { restore_case(&t) } else { t }
        }
    };
    (text != line && score(&text) >= score(line)).then_some(text)
}

/// Repairs one line of UTF-8 text that is legacy bytes read as Windows-1252 (or
/// UTF-8 read so twice), when a reading scores better than the line as it is.
pub fn repair_line(line: &str) -> Option<(String, &'static str)> {
    if line.is_ascii() {
        return None;
    }
    let bytes = cp1252_bytes(line)?;
    let here = score(line);
    let mut best: Option<(i64, String, &'static str)> = None;
    for enc in [Legacy::Vni, Legacy::Tcvn3, Legacy::Cp1258] {
        let text = enc.decode(&bytes);
        let s = score(&text);
        if s > here && best.as_ref().is_none_or(|(b, _, _)| s > *b) {
            best = Some((s, text, enc.name()));
        }
    }
    if let Ok(text) = std::str::from_utf8(&bytes) {
        let s = score(text);
        if s > here && best.as_ref().is_none_or(|(b, _, _)| s > *b) {
            best = Some((s, text.to_string(), "utf-8-as-windows-1252"));
        }
    }
    best.map(|(_, text, name)| if name == "tcvn3" { (restore_case(&text), name) } else { (text, name) })
}

/// TCVN3 has no capital toned vowels: capital text was set in an "H" font over the
/// lower-case codes. A word whose case-bearing letters (ASCII letters and Ă Â Ê Ô
/// Ơ Ư Đ) are all capitals, at least two of them, is put in capitals; a word with
/// no case-bearing letter follows capital neighbours on its line
/// (data/legacy/README.md). Lower-case toned initials ("ủy ban") stay as they are.
pub fn restore_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        out.push_str(&restore_line(line));
    }
    out
}

fn restore_line(line: &str) -> String {
    // split into words and separators, keeping both
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in line.char_indices() {
        let w = c.is_alphabetic();
        if i > start && w != in_word {
            parts.push((in_word, &line[start..i]));
            start = i;
        }
        in_word = w;
    }
    if start < line.len() {
        parts.push((in_word, &line[start..]));
    }
    let evidence = |w: &str| -> (usize, usize) {
        let cased = w.chars().filter(|c| c.is_ascii_alphabetic() || "ĂÂÊÔƠƯĐăâêôơưđ".contains(*c));
        let (mut up, mut all) = (0, 0);
        for c in cased {
            all += 1;
            up += usize::from(c.is_uppercase());
        }
        (up, all)
    };
    let words: Vec<(usize, usize)> = parts.iter().map(|(is_w, s)| if *is_w { evidence(s) } else { (0, 0) }).collect();
    let caps = |i: usize| words[i].1 >= 2 && words[i].0 == words[i].1 || words[i].1 == 1 && words[i].0 == 1 && parts[i].1.chars().count() == 1;
    let mut out = String::with_capacity(line.len());
    for (i, (is_w, s)) in parts.iter().enumerate() {
        if !is_w {
            out.push_str(s);
            continue;
        }
        let (up, all) = words[i];
        let upper = if all >= 2 {
            up == all
        } else if all == 0 {
            let prev = (0..i).rev().find(|&k| parts[k].0);
            let next = (i + 1..parts.len()).find(|&k| parts[k].0);
            prev.is_some_and(caps) && next.is_none_or(caps) || next.is_some_and(caps) && prev.is_none_or(caps)
        } else {
            // one case-bearing letter: a capital one in a word of capitals' company
            up == 1 && {
                let prev = (0..i).rev().find(|&k| parts[k].0);
                let next = (i + 1..parts.len()).find(|&k| parts[k].0);
                prev.is_some_and(caps) || next.is_some_and(caps)
            } && s.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_ascii())
        };
        if upper {
            out.push_str(&s.to_uppercase());
        } else {
            out.push_str(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cp1252(s: &str) -> Vec<u8> {
        cp1252_bytes(s).unwrap()
    }

    #[test]
    fn the_readme_examples_decode() {
        assert_eq!(Legacy::Tcvn3.decode(&cp1252("Céng hßa x· héi chñ nghÜa ViÖt Nam")), "Cộng hòa xã hội chủ nghĩa Việt Nam");
        assert_eq!(Legacy::Vni.decode(&cp1252("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")), "Cộng hòa xã hội chủ nghĩa Việt Nam");
        assert_eq!(Legacy::Cp1258.decode(&cp1252("Côòng hoÌa xaÞ hôòi chuÒ nghiÞa Viêòt Nam")), "Cộng hòa xã hội chủ nghĩa Việt Nam");
    }

    #[test]
    fn mojibake_lines_are_repaired_and_clean_lines_left_alone() {
        assert_eq!(repair_line("Quyeát ñònh / Keá hoaïch").map(|r| r.1), Some("vni"));
        assert_eq!(repair_line("QuyÕt ®Þnh / KÕ ho¹ch").map(|r| r.0), Some("Quyết định / Kế hoạch".to_string()));
        assert_eq!(repair_line("Cá»™ng hÃ²a").map(|r| (r.0, r.1)), Some(("Cộng hòa".to_string(), "utf-8-as-windows-1252")));
        for clean in ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Tôi là công dân", "Số: 116/NQ-CP", "Các bước tiếp theo"] {
            assert_eq!(repair_line(clean), None, "{clean}");
        }
    }

    #[test]
    fn tcvn3_capitals_come_back_where_the_word_shows_them() {
        assert_eq!(restore_case("CộNG HòA Xã HộI CHủ NGHĩA VIệT NAM"), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        assert_eq!(restore_case("NGHị QUYếT"), "NGHỊ QUYẾT");
        assert_eq!(restore_case("Kế hoạch số 12"), "Kế hoạch số 12");
    }

    #[test]
    fn raw_bytes_are_read_in_the_best_scoring_encoding() {
        let (text, name, conf) = detect_bytes(&cp1252("Céng hßa x· héi chñ nghÜa ViÖt Nam. §éc lËp - Tù do - H¹nh phóc"));
        assert_eq!(name, "tcvn3");
        assert!(text.starts_with("Cộng hòa xã hội"), "{text}");
        assert!(conf > 0.5);
        assert_eq!(detect_bytes(&cp1252("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")).1, "vni");
    }
}
