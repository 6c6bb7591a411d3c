//! Dictionaries: document kinds, agency names and abbreviations, units, issuers.
//!
//! The data lives in `data/*.tsv|txt` (kept as data so legal staff can extend it
//! without touching code) and is compiled into the binary. Each table is parsed
//! once, on first use, into an immutable value.

use crate::normalize::fold_key;
use std::sync::LazyLock;

/// Lines of a data file without comments and blanks.
fn rows(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim_end).filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// The named word lists of `data/lexicon.txt`: `[section]` headers, one entry a line.
static LEXICON: LazyLock<std::collections::HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut map: std::collections::HashMap<&'static str, Vec<&'static str>> = std::collections::HashMap::new();
    let mut section = "";
    for l in rows(include_str!("../data/lexicon.txt")) {
        let l = l.trim();
        if let Some(name) = l.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
            section = name;
            map.entry(name).or_default();
        } else {
            map.entry(section).or_default().push(l);
        }
    }
    map
});

/// The folded entries of every lexicon list, built once.
static LEXICON_KEYS: LazyLock<std::collections::HashMap<&'static str, Vec<String>>> =
    LazyLock::new(|| LEXICON.iter().map(|(k, v)| (*k, v.iter().map(|w| fold_key(w)).collect())).collect());

/// The names of the lists of `data/lexicon.txt`.
pub fn list_names() -> impl Iterator<Item = &'static str> {
    LEXICON.keys().copied()
}

/// A word list of `data/lexicon.txt` as written. Panics on a list that does not exist
/// (a programming error the tests catch).
pub fn words(list: &str) -> &'static [&'static str] {
    LEXICON.get(list).unwrap_or_else(|| panic!("no list [{list}] in data/lexicon.txt"))
}

/// A word list of `data/lexicon.txt`, folded (case and tone placement), for matching keys.
pub fn keys(list: &str) -> &'static [String] {
    LEXICON_KEYS.get(list).unwrap_or_else(|| panic!("no list [{list}] in data/lexicon.txt"))
}

/// Whether a folded text contains an entry of a list as whole words.
pub fn has_word(key: &str, list: &str) -> bool {
    static SETS: LazyLock<std::collections::HashMap<&'static str, std::sync::OnceLock<WordSet>>> =
        LazyLock::new(|| LEXICON.keys().map(|k| (*k, std::sync::OnceLock::new())).collect());
    let set = SETS.get(list).unwrap_or_else(|| panic!("no list [{list}] in data/lexicon.txt"));
    set.get_or_init(|| WordSet::new(keys(list).iter().map(String::as_str))).first(key).is_some()
}

/// A set of words searched in one pass over a text (an Aho-Corasick automaton) instead
/// of one substring search per word: the lists are searched in every paragraph.
pub struct WordSet {
    matcher: Option<aho_corasick::AhoCorasick>,
    longest: usize,
}

impl WordSet {
    /// The set of the words given, as written (empty words are left out).
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> WordSet {
        let mut words: Vec<&str> = words.into_iter().filter(|w| !w.is_empty()).collect();
        words.sort_unstable();
        words.dedup();
        let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
        WordSet { matcher: aho_corasick::AhoCorasick::new(&words).ok().filter(|_| !words.is_empty()), longest }
    }

    /// The earliest occurrence of a word of the set in `text` as whole words (no letter
    /// or digit on either side), the longest at that position: its byte range.
    pub fn first(&self, text: &str) -> Option<(usize, usize)> {
        let matcher = self.matcher.as_ref()?;
        let mut best: Option<(usize, usize)> = None;
        // matches come in the order of their ends: once one ends past the best start
        // plus the longest word, none that follows can start before the best
        for m in matcher.find_overlapping_iter(text) {
            if best.is_some_and(|(s, _)| m.end() > s + self.longest) {
                break;
            }
            let (s, e) = (m.start(), m.end());
            let whole = text[..s].chars().next_back().is_none_or(|c| !crate::normalize::is_alnum(c))
                && text[e..].chars().next().is_none_or(|c| !crate::normalize::is_alnum(c));
            if whole && best.is_none_or(|(bs, be)| s < bs || (s == bs && e > be)) {
                best = Some((s, e));
            }
        }
        best
    }
}

/// Whether a folded text starts with an entry of a list as whole words.
pub fn starts_with_word(key: &str, list: &str) -> bool {
    keys(list).iter().any(|w| key.starts_with(w.as_str()) && key[w.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Document kinds: (name, code), longest name first so "Chương trình hành động" wins over "Chương trình".
pub static DOC_KINDS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    let mut v: Vec<_> = rows(include_str!("../data/doc_kinds.tsv"))
        .map(|l| {
            let mut it = l.split('\t');
            (it.next().unwrap_or("").trim(), it.next().unwrap_or("").trim())
        })
        .collect();
    v.sort_by_key(|(name, _)| std::cmp::Reverse(name.chars().count()));
    v
});

/// The kind name for a number's type code ("KH" → "Kế hoạch"), case-insensitive.
pub fn kind_for_code(code: &str) -> Option<&'static str> {
    let key = fold_key(code);
    // the first row listed for a code is its usual name (CTr → Chương trình hành động is listed
    // first but the ND30 name of the type is "Chương trình": prefer the shortest name for a code)
    DOC_KINDS
        .iter()
        .filter(|(_, c)| !c.is_empty() && fold_key(c) == key)
        .min_by_key(|(n, _)| n.chars().count())
        .map(|(n, _)| *n)
}

/// Document kind names with their folded keys, longest first.
pub static DOC_KIND_KEYS: LazyLock<Vec<(&'static str, String)>> =
    LazyLock::new(|| DOC_KINDS.iter().map(|(n, _)| (*n, fold_key(n))).collect());

/// The kind name that `text` starts with (case-insensitive), if any.
pub fn kind_prefix(text: &str) -> Option<&'static str> {
    // only the first few words can hold a kind name
    let head: String = text.split_whitespace().take(5).collect::<Vec<_>>().join(" ");
    let key = fold_key(&head);
    DOC_KIND_KEYS
        .iter()
        .find(|(_, k)| key.starts_with(k.as_str()) && key[k.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
        .map(|(n, _)| *n)
}

/// Every folded agency key, for exact lookups.
pub static AGENCY_KEYS: LazyLock<std::collections::HashSet<String>> =
    LazyLock::new(|| AGENCIES.iter().flat_map(|a| a.keys.iter().cloned()).collect());

/// The first words of every folded agency key: a text whose first word is not one
/// of them names no known agency, and the longer lookups are skipped.
pub static AGENCY_FIRST_WORDS: LazyLock<std::collections::HashSet<String>> =
    LazyLock::new(|| AGENCY_KEYS.iter().filter_map(|k| k.split(' ').next()).map(String::from).collect());

/// Every word-prefix of a folded agency key, the key itself included ("bộ văn hóa"
/// of "bộ văn hóa, thể thao và du lịch"): a header cell wrapped over lines goes on
/// while it is one.
pub static AGENCY_KEY_PREFIXES: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    let mut set = std::collections::HashSet::new();
    for key in AGENCY_KEYS.iter() {
        let words: Vec<&str> = key.split(' ').collect();
        for k in 1..=words.len() {
            set.insert(words[..k].join(" ").trim_end_matches(',').to_string());
        }
    }
    set
});

/// One agency entry: canonical name and the folded keys it is known by.
#[derive(Debug)]
pub struct Agency {
    pub name: &'static str,
    pub keys: Vec<String>,
}

/// Every key of [`AGENCIES`] with the first agency that has it.
static AGENCY_BY_KEY: LazyLock<std::collections::HashMap<&'static str, usize>> = LazyLock::new(|| {
    let mut index = std::collections::HashMap::new();
    for (i, a) in AGENCIES.iter().enumerate() {
        for k in &a.keys {
            index.entry(k.as_str()).or_insert(i);
        }
    }
    index
});

/// Agencies with their abbreviations.
pub static AGENCIES: LazyLock<Vec<Agency>> = LazyLock::new(|| {
    rows(include_str!("../data/agencies.tsv"))
        .map(|l| {
            let mut it = l.split('\t');
            let name = it.next().unwrap_or("").trim();
            let mut keys = vec![fold_key(name)];
            if let Some(alts) = it.next() {
                keys.extend(alts.split('|').map(str::trim).filter(|a| !a.is_empty()).map(fold_key));
            }
            Agency { name, keys }
        })
        .collect()
});

/// Office-holders duties are assigned to ("Bộ trưởng", "Chủ tịch"), longest first.
pub static OFFICE_HOLDERS: LazyLock<Vec<(&'static str, Option<&'static str>)>> = LazyLock::new(|| {
    let mut v: Vec<_> = rows(include_str!("../data/office_holders.txt"))
        .map(|l| match l.split_once('\t') {
            Some((t, b)) => (t.trim(), Some(b.trim()).filter(|b| !b.is_empty())),
            None => (l.trim(), None),
        })
        .collect();
    v.sort_by_key(|(h, _)| std::cmp::Reverse(h.len()));
    v
});

/// Nouns a collective owner is made of, folded, longest first.
pub static COLLECTIVES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut v: Vec<_> = rows(include_str!("../data/collectives.txt")).map(fold_key).collect();
    v.sort_by_key(|h| std::cmp::Reverse(h.len()));
    v
});

/// Measure words, longest first.
pub static UNITS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut v: Vec<_> = rows(include_str!("../data/units.txt")).map(str::trim).collect();
    v.sort_by_key(|h| std::cmp::Reverse(h.chars().count()));
    v
});

/// The units of [`UNITS`] in lower case, in the same order, for matching.
pub static UNITS_LOWER: LazyLock<Vec<String>> = LazyLock::new(|| UNITS.iter().map(|u| u.to_lowercase()).collect());

/// Issuers written in capitals and their sentence-case form, longest first.
pub static ISSUERS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    let mut v: Vec<_> = rows(include_str!("../data/issuers.tsv"))
        .map(|l| {
            let mut it = l.split('\t');
            (it.next().unwrap_or("").trim(), it.next().unwrap_or("").trim())
        })
        .collect();
    v.sort_by_key(|(c, _)| std::cmp::Reverse(c.len()));
    v
});

/// An agency whose functions passed to another in the 2025 reorganisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Succession {
    pub successor: &'static str,
    /// ISO date from which the successor holds the functions.
    pub since: &'static str,
    pub basis: &'static str,
}

/// The 2025 reorganisation, keyed by the folded old name (conventions §6.2).
static SUCCESSIONS: LazyLock<Vec<(String, Succession)>> = LazyLock::new(|| {
    rows(include_str!("../data/agency_succession.tsv"))
        .filter_map(|l| {
            let mut it = l.split('\t').map(str::trim);
            let old = it.next()?;
            Some((fold_key(old), Succession { successor: it.next()?, since: it.next()?, basis: it.next()? }))
        })
        .collect()
});

/// The successor of an agency after the 2025 reorganisation, if it had one. The
/// name is matched on its folded canonical form, so abbreviations work too
/// ("Sở KH&ĐT"); a branch ("Sở Tài nguyên và Môi trường tỉnh X") is not matched.
pub fn successor(name: &str) -> Option<&'static Succession> {
    let key = fold_key(&canonical_agency(name));
    SUCCESSIONS.iter().find(|(k, _)| *k == key).map(|(_, s)| s)
}

/// Abbreviations written inside a longer name, expanded (`data/lexicon.txt`,
/// `[embedded_abbreviations]`): "Văn phòng UBND tỉnh" → "Văn phòng Ủy ban nhân dân tỉnh".
fn expand_abbreviations(name: &str) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() < 2 {
        return name.to_string();
    }
    let pairs: Vec<(&str, &str)> = words_pairs();
    words
        .iter()
        .map(|w| {
            let bare = w.trim_end_matches([',', ';', '.']);
            match pairs.iter().find(|(a, _)| *a == bare) {
                Some((_, full)) => format!("{full}{}", &w[bare.len()..]),
                None => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn words_pairs() -> Vec<(&'static str, &'static str)> {
    words("embedded_abbreviations").iter().filter_map(|l| l.split_once(" = ")).map(|(a, b)| (a.trim(), b.trim())).collect()
}

/// Canonical form of an agency name: an abbreviation or variant known to the
/// dictionary is replaced by its full name, and a known name at the start of a
/// longer one ("Ngân hàng nhà nước Việt Nam - Chi nhánh …") takes its canonical
/// spelling while the rest stays as written.
pub fn canonical_agency(name: &str) -> String {
    let name = name.trim();
    let key = fold_key(name);
    // the longest agency key that is the whole name or a prefix of it ending before a
    // space, '-' or ','; looked up prefix by prefix, longest first
    let index = &*AGENCY_BY_KEY;
    let found = |end: usize| index.get(&key[..end]).map(|&i| (&AGENCIES[i], end));
    let mut best = found(key.len());
    if best.is_none() {
        best = key.char_indices().rev().filter(|(_, c)| matches!(c, ' ' | '-' | ',')).find_map(|(p, _)| found(p));
    }
    let expanded = expand_abbreviations(name);
    if expanded != name {
        return canonical_agency(&expanded);
    }
    match best {
        Some((a, klen)) if klen == key.len() => a.name.to_string(),
        Some((a, klen)) => {
            // keep the rest of the name as written: find where the folded prefix ends in the original
            let words_in_key = key[..klen].split(' ').count();
            let rest: Vec<&str> = name.split(' ').skip(words_in_key).collect();
            if rest.is_empty() { a.name.to_string() } else { format!("{} {}", a.name, rest.join(" ")) }
        }
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_kinds() {
        assert_eq!(kind_for_code("KH"), Some("Kế hoạch"));
        assert_eq!(kind_for_code("QĐ"), Some("Quyết định"));
        assert_eq!(kind_for_code("CTr"), Some("Chương trình"));
        assert_eq!(kind_for_code("XYZ"), None);
    }

    #[test]
    fn kind_prefix_prefers_the_longest_name() {
        assert_eq!(kind_prefix("Chương trình hành động số 76-CTr/TU"), Some("Chương trình hành động"));
        assert_eq!(kind_prefix("QUYẾT ĐỊNH:"), Some("Quyết định"));
        assert_eq!(kind_prefix("Kết quả"), None);
    }

    #[test]
    fn abbreviations_expand() {
        assert_eq!(canonical_agency("Sở KH&ĐT"), "Sở Kế hoạch và Đầu tư");
        assert_eq!(canonical_agency("Sở Công thương"), "Sở Công Thương");
        assert_eq!(
            canonical_agency("Ngân hàng nhà nước Việt Nam - Chi nhánh thành phố Hải Phòng"),
            "Ngân hàng Nhà nước Việt Nam - Chi nhánh thành phố Hải Phòng"
        );
        assert_eq!(canonical_agency("Sở Du lịch"), "Sở Du lịch");
        assert_eq!(canonical_agency("Ban Quản lý khu kinh tế"), "Ban Quản lý khu kinh tế");
    }

    #[test]
    fn the_2025_reorganisation_is_an_alias_with_a_date() {
        let s = successor("Sở KH&ĐT").unwrap();
        assert_eq!((s.successor, s.since), ("Sở Tài chính", "2025-03-01"));
        assert_eq!(successor("Bộ Thông tin và Truyền thông").unwrap().successor, "Bộ Khoa học và Công nghệ");
        assert_eq!(successor("Bộ Tài chính"), None);
    }
}
