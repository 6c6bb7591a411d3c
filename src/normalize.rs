//! Stage 2, normalize: decoded text in, clean lines out.
//!
//! Splits the text into lines (one output line per input line, so line numbers
//! stay those of the decoded input), composes to NFC, turns exotic spaces
//! (NBSP, zero-width, tabs) into plain spaces, collapses runs of spaces and trims.
//! Reports which of these changed anything (`crlf`, `nfc`, `whitespace`), as
//! `source.normalized` of the spec. Tone placement is never rewritten here:
//! [`fold_key`] folds it in matching keys only (conventions §5.2).

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalized lines and what normalization changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub lines: Vec<String>,
    /// Lines that held only spaces before trimming. Text extracted from a PDF
    /// writes an empty table cell as such a line and a page break as a truly
    /// empty one, so the difference is kept for the table reader.
    pub blank_cells: Vec<bool>,
    pub changes: Vec<&'static str>,
}

/// Normalizes decoded text into lines.
pub fn normalize(text: &str) -> Normalized {
    let mut changes = Vec::new();
    let nfc: String;
    let text = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        nfc = text.nfc().collect();
        if nfc != text {
            changes.push("nfc");
        }
        &nfc
    };
    // word-segmented text (a tokenizer's "Ủy_ban_nhân_dân tỉnh , …") is read as written text
    let unsegmented: String;
    let text = if word_segmented(text) {
        unsegmented = unsegment(text);
        changes.push("word-segmentation");
        &unsegmented
    } else {
        text
    };
    let mut crlf = false;
    let mut ws = false;
    let mut blank_cells = Vec::new();
    let mut lines: Vec<String> = text
        .split('\n')
        .map(|raw| {
            let raw = match raw.strip_suffix('\r') {
                Some(r) => {
                    crlf = true;
                    r
                }
                None => raw,
            };
            let (line, changed) = clean_line(raw);
            ws |= changed;
            blank_cells.push(line.is_empty() && !raw.is_empty());
            line
        })
        .collect();
    // A final newline does not start another line.
    if lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) && text.ends_with('\n') {
        lines.pop();
        blank_cells.pop();
    }
    if crlf {
        changes.insert(0, "crlf");
    }
    if ws {
        changes.push("whitespace");
    }
    Normalized { lines, blank_cells, changes }
}

/// Text run through a Vietnamese word segmenter joins the syllables of a word with
/// `_` and spaces out punctuation: many `letter_letter` joints give it away.
fn word_segmented(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut joints = 0usize;
    for (i, _) in text.match_indices('_') {
        let before = text[..i].chars().next_back();
        let after = text[i + 1..].chars().next();
        if before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic) {
            joints += 1;
        }
        if joints >= 50 {
            break;
        }
    }
    joints >= 20 && joints * 200 >= bytes.len().min(10_000)
}

/// Undoes word segmentation: `_` between letters becomes a space, and the space a
/// segmenter puts before `,` `.` `;` `:` `)` and after `(` is removed.
fn unsegment(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        if c == '_' && prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic) {
            out.push(' ');
            continue;
        }
        if c == ' ' && next.is_some_and(|n| matches!(n, ',' | '.' | ';' | ':' | ')')) && prev.is_some_and(|p| !p.is_whitespace()) {
            continue;
        }
        if c == ' ' && prev == Some('(') {
            continue;
        }
        out.push(c);
    }
    out
}

/// Cleans one line; says whether anything but trailing/leading spaces changed.
fn clean_line(raw: &str) -> (String, bool) {
    let mut out = String::with_capacity(raw.len());
    let mut changed = false;
    let mut pending_space = false;
    for c in raw.chars() {
        let c = match c {
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}' => {
                changed = true;
                continue;
            }
            '\t' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
                changed = true;
                ' '
            }
            c if c.is_control() => {
                changed = true;
                ' '
            }
            c => c,
        };
        if c == ' ' {
            if pending_space || out.is_empty() {
                // a run of spaces or leading spaces
                if pending_space {
                    changed = true;
                }
            }
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    (out, changed)
}

/// A matching key: NFC, lower case, tone placement folded to the old style
/// (`hoà` → `hòa`, `thuỷ` → `thủy`) and `&` read as `và`. Never shown to users.
pub fn fold_key(s: &str) -> String {
    // text from the normalize stage is NFC already: compose only what is not. Below
    // U+0300 (where combining marks begin) and in U+1E00-1EFF (the precomposed
    // Vietnamese letters) every char is NFC on its own, so most texts skip the check.
    let surely_nfc = s.chars().all(|c| (c as u32) < 0x300 || (0x1E00..=0x1EFF).contains(&(c as u32)));
    if !surely_nfc && is_nfc_quick(s.chars()) != IsNormalized::Yes {
        return fold_nfc(&s.nfc().collect::<String>());
    }
    fold_nfc(s)
}

/// One pass over NFC text: each char lower-cased on the way (no lower-cased copy, no
/// char vector, no second string to collapse spaces). Chars whose lower case is not
/// one char, or depends on context (final sigma), take [`fold_key_by_steps`].
fn fold_nfc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut it = s.chars();
    let mut prev = None;
    let mut space = false;
    while let Some(raw) = it.next() {
        let Some(c) = lower(raw) else { return fold_key_by_steps(s) };
        if c.is_whitespace() {
            space = true;
            prev = Some(c);
            continue;
        }
        if c == '&' {
            out.push_str(if out.is_empty() { "và" } else { " và" });
            space = true;
            prev = Some(c);
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        // oa/oe/uy open syllables: move the tone from the second vowel to the first,
        // but never after q (quý, quỳnh: the u belongs to the onset). Conventions §5.2.
        if (c == 'o' || c == 'u') && prev != Some('q') {
            let mut ahead = it.clone();
            if let Some(next) = ahead.next() {
                let Some(next) = lower(next) else { return fold_key_by_steps(s) };
                let end_of_syllable = ahead.next().is_none_or(|n| lower(n).is_none_or(|n| !is_alnum(n)));
                if end_of_syllable && let Some((base, tone)) = split_tone(next) {
                    if (c == 'o' && (base == 'a' || base == 'e')) || (c == 'u' && base == 'y') {
                        out.push(apply_tone(c, tone));
                        out.push(base);
                        it.next();
                        prev = Some(next);
                        continue;
                    }
                }
            }
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// `char::is_alphanumeric`, answered without the table search for ASCII and the Latin
/// blocks Vietnamese is written in (U+00C0-024F but × and ÷, U+1E00-1EFF: all letters).
#[inline]
pub fn is_alnum(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0xD7 | 0xF7 => false,
        0xC0..=0x24F | 0x1E00..=0x1EFF => true,
        _ => c.is_alphanumeric(),
    }
}

/// The lower case of `c` when it is one char whatever its neighbours.
fn lower(c: char) -> Option<char> {
    let u = c as u32;
    if u < 0x80 {
        return Some(c.to_ascii_lowercase());
    }
    // the letters of Vietnamese without the table search: À-Þ, Ă Đ Ĩ Ũ Ơ Ư, and the
    // precomposed letters U+1EA0-1EF9 (capital even, small odd)
    match u {
        0xC0..=0xDE if u != 0xD7 => return char::from_u32(u + 0x20),
        0x102 | 0x110 | 0x128 | 0x168 | 0x1A0 | 0x1EA0..=0x1EF9 if u % 2 == 0 => return char::from_u32(u + 1),
        0xDF..=0xFF | 0x103 | 0x111 | 0x129 | 0x169 | 0x1A1 | 0x1B0 | 0x1EA1..=0x1EF9 => return Some(c),
        0x1AF => return Some('ư'),
        _ => {}
    }
    if c == 'Σ' {
        return None;
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The key by the book: lower-case the whole string, move the tones, collapse spaces.
/// Slow (three strings and a char vector); kept for the chars [`fold_nfc`] leaves to it
/// and as the oracle its tests compare against.
fn fold_key_by_steps(s: &str) -> String {
    let lower: String = s.to_lowercase();
    let mut out = String::with_capacity(lower.len() + 8);
    let chars: Vec<char> = lower.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '&' {
            out.push_str(" và ");
            i += 1;
            continue;
        }
        // oa/oe/uy open syllables: move the tone from the second vowel to the first,
        // but never after q (quý, quỳnh: the u belongs to the onset). Conventions §5.2.
        if i + 1 < chars.len() && (c == 'o' || c == 'u') && !(i > 0 && chars[i - 1] == 'q') {
            let next = chars[i + 1];
            let end_of_syllable = chars.get(i + 2).is_none_or(|n| !n.is_alphanumeric());
            if end_of_syllable {
                if let Some((base, tone)) = split_tone(next) {
                    let pair_ok = (c == 'o' && (base == 'a' || base == 'e')) || (c == 'u' && base == 'y');
                    if pair_ok {
                        out.push(apply_tone(c, tone));
                        out.push(base);
                        i += 2;
                        continue;
                    }
                }
            }
        }
        out.push(c);
        i += 1;
    }
    // collapse spaces introduced by '&'
    let mut collapsed = String::with_capacity(out.len());
    for w in out.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(w);
    }
    collapsed
}

const TONED: [(char, [char; 5]); 4] = [
    ('a', ['à', 'á', 'ả', 'ã', 'ạ']),
    ('e', ['è', 'é', 'ẻ', 'ẽ', 'ẹ']),
    ('y', ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ']),
    ('o', ['ò', 'ó', 'ỏ', 'õ', 'ọ']),
];
const TONED_U: [char; 5] = ['ù', 'ú', 'ủ', 'ũ', 'ụ'];

fn split_tone(c: char) -> Option<(char, usize)> {
    TONED.iter().find_map(|(base, forms)| forms.iter().position(|&f| f == c).map(|t| (*base, t)))
}

fn apply_tone(c: char, tone: usize) -> char {
    match c {
        'o' => TONED[3].1[tone],
        'u' => TONED_U[tone],
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_numbers() {
        let n = normalize("a\r\n\r\nb\r\n");
        assert_eq!(n.lines, vec!["a", "", "b"]);
        assert_eq!(n.changes, vec!["crlf"]);
    }

    #[test]
    fn nfd_becomes_nfc() {
        let n = normalize("Vie\u{0302}\u{0323}t");
        assert_eq!(n.lines, vec!["Việt"]);
        assert!(n.changes.contains(&"nfc"));
    }

    #[test]
    fn exotic_spaces_collapse() {
        let n = normalize("Số:\u{00A0}\u{00A0}117/KH-UBND\t ");
        assert_eq!(n.lines, vec!["Số: 117/KH-UBND"]);
        assert_eq!(n.changes, vec!["whitespace"]);
    }

    #[test]
    fn normalize_is_idempotent() {
        let once = normalize("  Hòa\u{00A0}bình \r\nthuỷ ").lines.join("\n");
        assert_eq!(normalize(&once).lines.join("\n"), once);
    }

    #[test]
    fn word_segmented_text_is_read_as_written() {
        let seg = "Uỷ_ban_nhân_dân tỉnh yêu_cầu các sở , ngành thực_hiện nghiêm_túc chỉ_thị này . ".repeat(5);
        let n = normalize(&seg);
        assert!(n.lines[0].starts_with("Uỷ ban nhân dân tỉnh yêu cầu các sở, ngành thực hiện nghiêm túc chỉ thị này."));
        assert!(n.changes.contains(&"word-segmentation"));
        assert!(!normalize("snake_case và một_hai").changes.contains(&"word-segmentation"));
    }

    #[test]
    fn fold_key_folds_tone_placement_and_case_only() {
        assert_eq!(fold_key("Hàng hoá"), fold_key("hàng hóa"));
        assert_eq!(fold_key("Thuỷ sản"), "thủy sản");
        assert_eq!(fold_key("Quý II"), "quý ii");
        assert_eq!(fold_key("Sở KH&ĐT"), "sở kh và đt");
        assert_ne!(fold_key("hoá"), fold_key("hóa ") + "x");
    }

    #[test]
    fn one_pass_fold_agrees_with_the_fold_by_steps() {
        let cases = [
            "", " ", "  Hàng  hoá & dịch vụ  ", "&", "a&b", "& a", "QUỶ", "quỹ thuỷ", "Hoà\tbình\n", "oà", "uỷ.", "ÓA",
            "Ủy ban", "Σίσυφος ΣΑΣ", "İstanbul", "ﬁ", "thuý, khoẻ! toà-án 2oà", "\u{00A0}hoá\u{2003}", "q\u{00A0}uý", "ĐOÀN",
        ];
        for s in cases {
            assert_eq!(fold_key(s), fold_key_by_steps(&s.nfc().collect::<String>()), "{s:?}");
        }
    }

    #[test]
    fn the_quick_alphanumeric_test_is_the_standard_one() {
        for c in (0..0x300).chain(0x1E00..0x1F00).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c}");
        }
    }

    #[test]
    fn the_quick_lower_case_is_the_lower_case() {
        for c in (0x80..0x250).chain(0x1E00..0x1F00).filter_map(char::from_u32) {
            let mut l = c.to_lowercase();
            let one = match (l.next(), l.next()) {
                (Some(one), None) if c != 'Σ' => Some(one),
                _ => None,
            };
            assert_eq!(lower(c), one, "{c}");
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_fold_agrees_on_any_mix(s in "[oOuUqQaAyYeE àáảãạÀÁẢÃẠèéẻẽẹỳýỷỹỵÝòóỏõọĐđ&\t\u{00A0}\u{0301}xX.,Σİ-]{0,24}") {
            proptest::prop_assert_eq!(fold_key(&s), fold_key_by_steps(&s.nfc().collect::<String>()));
        }
    }
}
