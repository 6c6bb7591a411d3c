//! Stage 1, decode: bytes in, text out.
//!
//! Takes the raw bytes of a file and returns the text with the name of the
//! encoding it was found in and how sure the detection is: UTF-8 (with or
//! without BOM), UTF-16 with a BOM, and the legacy Vietnamese encodings (TCVN3,
//! VNI, Windows-1258; see [`crate::legacy`]) as raw bytes or as mojibake inside
//! UTF-8, which is repaired line by line. Damaged UTF-8 is decoded with
//! replacement characters and a diagnostic naming each byte offset; nothing else
//! is lost. Binary bytes are an error.

use crate::legacy::{self, Legacy};
use crate::model::Diagnostic;
use std::fmt;

/// Text decoded from a file, and what it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `tcvn3`, `vni`, `windows-1258`,
    /// `windows-1252`, or `vni-as-windows-1252` (and the like) for mojibake repaired
    /// inside UTF-8 text.
    pub encoding: String,
    /// How sure the detection is, 0–1 (1 for a BOM, valid UTF-8 or `--encoding`).
    pub confidence: f64,
    /// What decoding changed, for `source.normalized` (`legacy-encoding`, `invalid-utf8`).
    pub changes: Vec<&'static str>,
    /// What decoding had to guess or repair.
    pub diagnostics: Vec<Diagnostic>,
}

impl Decoded {
    fn plain(text: String, encoding: &str) -> Self {
        Decoded { text, encoding: encoding.into(), confidence: 1.0, changes: vec![], diagnostics: vec![] }
    }
}

/// Why bytes could not be read as a text document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes look binary (NUL or control bytes outside UTF-16).
    NotText,
    /// `--encoding` named an encoding kehoach does not know.
    UnknownEncoding(String),
    /// A Word file that cannot be read within the limits (entries, size).
    Archive(String),
    /// A document past the budget of one parse (lines, decoded size): see [`crate::MAX_LINES`].
    TooLarge(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotText => write!(f, "not a text document"),
            DecodeError::Archive(why) => write!(f, "cannot read the Word file: {why}"),
            DecodeError::TooLarge(why) => write!(f, "too large to parse: {why}"),
            DecodeError::UnknownEncoding(e) => write!(f, "unknown encoding '{e}' (utf-8, utf-16le, utf-16be, windows-1252, windows-1258, tcvn3, vni)"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a file's bytes, detecting the encoding.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    decode_as(bytes, None)
}

/// Decodes a file's bytes in the encoding given (`--encoding`), or detects it.
pub fn decode_as(bytes: &[u8], encoding: Option<&str>) -> Result<Decoded, DecodeError> {
    if let Some(name) = encoding {
        return forced(bytes, name);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(utf8(rest, 3, "utf-8-bom"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, 2, u16::from_le_bytes, "utf-16le"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, 2, u16::from_be_bytes, "utf-16be"));
    }
    if looks_binary(bytes) {
        return Err(DecodeError::NotText);
    }
    // valid UTF-8, or mostly so (a truncated or damaged file), is UTF-8
    if std::str::from_utf8(bytes).is_ok() {
        return Ok(utf8(bytes, 0, "utf-8"));
    }
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if bad == 0 || good >= bad {
        return Ok(utf8(bytes, 0, "utf-8"));
    }
    // raw bytes of an 8-bit encoding: the reading that gives the best-formed Vietnamese
    let (text, name, confidence) = legacy::detect_bytes(bytes);
    if confidence == 0.0 && good > 0 {
        // no reading gives Vietnamese words: damaged UTF-8 after all
        return Ok(utf8(bytes, 0, "utf-8"));
    }
    let mut d = Decoded { text, encoding: name.into(), confidence, changes: vec![], diagnostics: vec![] };
    if name != "windows-1252" {
        d.changes.push("legacy-encoding");
        d.diagnostics.push(Diagnostic::info(
            "legacy-encoding",
            None,
            format!("the file is in the legacy encoding {name} (detected with confidence {confidence:.2}) and was converted to Unicode"),
        ));
        if name == "tcvn3" {
            d.diagnostics.push(Diagnostic::info("legacy-case", None, "TCVN3 has no capital toned vowels: capitals were restored where the word shows them; a toned capital opening a word (\"Ủy\") may stay lower-case"));
        }
    }
    Ok(d)
}

fn forced(bytes: &[u8], name: &str) -> Result<Decoded, DecodeError> {
    let key: String = name.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
    let bytes_nobom = |b: &'static [u8]| bytes.strip_prefix(b).unwrap_or(bytes);
    let mut d = match key.as_str() {
        "utf8" => utf8(bytes_nobom(b"\xEF\xBB\xBF"), 0, "utf-8"),
        "utf16le" | "utf16" => utf16(bytes_nobom(b"\xFF\xFE"), 0, u16::from_le_bytes, "utf-16le"),
        "utf16be" => utf16(bytes_nobom(b"\xFE\xFF"), 0, u16::from_be_bytes, "utf-16be"),
        "windows1252" | "cp1252" | "latin1" => Decoded::plain(bytes.iter().map(|&b| legacy::cp1252_char(b)).collect(), "windows-1252"),
        _ => {
            let enc = Legacy::from_name(name).ok_or_else(|| DecodeError::UnknownEncoding(name.into()))?;
            let text = enc.decode(bytes);
            let text = if enc == Legacy::Tcvn3 { legacy::restore_case(&text) } else { text };
            let mut d = Decoded::plain(text, enc.name());
            d.changes.push("legacy-encoding");
            d
        }
    };
    d.confidence = 1.0;
    // the name is obeyed; how sure it is says whether the bytes agree: a reading that
    // looks less Vietnamese than the one detected, or holds replacement characters,
    // is reported with a low confidence and a warning (never a silent 1.00)
    let replaced = d.text.matches('\u{FFFD}').count() as i64;
    let forced_score = legacy::score(&d.text) - 3 * replaced;
    if let Ok(auto) = decode_as(bytes, None) {
        if auto.text != d.text {
            let auto_score = legacy::score(&auto.text) - 3 * auto.text.matches('\u{FFFD}').count() as i64;
            if forced_score < auto_score {
                d.confidence = if auto_score > 0 { (forced_score.max(0) as f64 / auto_score as f64).min(0.5) } else { 0.5 };
                d.diagnostics.push(Diagnostic::warning(
                    "forced-encoding",
                    None,
                    format!(
                        "--encoding {name}: the bytes read as {} look less like Vietnamese than read as {} (detected); confidence {:.2}",
                        d.encoding, auto.encoding, d.confidence
                    ),
                ));
            }
        }
    } else if replaced > 0 {
        d.confidence = 0.5;
    }
    Ok(d)
}

/// NUL bytes (outside UTF-16) or many control bytes: an image, an archive, a binary.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let controls = sample.iter().filter(|&&b| b < 0x09 || (0x0E..0x20).contains(&b) && b != 0x1B).count();
    sample.contains(&0) || controls * 20 > sample.len().max(1)
}

/// UTF-8, with damaged sequences replaced and each named by its byte offset, and
/// lines that are legacy bytes read as Windows-1252 repaired one by one.
fn utf8(bytes: &[u8], base: usize, name: &str) -> Decoded {
    let mut text = String::with_capacity(bytes.len());
    let mut diagnostics = Vec::new();
    let mut changes = Vec::new();
    let mut offset = base;
    let mut bad = 0usize;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            bad += 1;
            if bad <= 100 {
                let line = text.matches('\n').count() + 1;
                diagnostics.push(Diagnostic::warning("invalid-utf8", Some(line), format!("invalid UTF-8 at byte offset {offset}: {} byte(s) replaced by U+FFFD", chunk.invalid().len())));
            }
            text.push(char::REPLACEMENT_CHARACTER);
            offset += chunk.invalid().len();
        }
    }
    if bad > 100 {
        diagnostics.push(Diagnostic::warning("invalid-utf8", None, format!("{} more invalid UTF-8 sequences replaced", bad - 100)));
    }
    if bad > 0 {
        changes.push("invalid-utf8");
    }
    // mojibake: legacy bytes that were read as Windows-1252 and saved as UTF-8
    let mut repaired: Vec<(usize, &'static str)> = Vec::new();
    // first pass: the lines a reading clearly improves, and which encoding they show
    let mut votes: Vec<(&'static str, usize)> = Vec::new();
    // each line's strict reading, kept for the second pass (read once, not twice)
    let mut strict_of: Vec<Option<(String, &'static str)>> = Vec::new();
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let strict = legacy::repair_line(body.strip_suffix('\r').unwrap_or(body));
        if let Some((_, enc)) = &strict {
            match votes.iter_mut().find(|(n, _)| n == enc) {
                Some(v) => v.1 += 1,
                None => votes.push((enc, 1)),
            }
        }
        strict_of.push(strict);
    }
    votes.sort_by_key(|(_, c)| std::cmp::Reverse(*c));
    // an encoding shown by several lines is the document's: lines it reads as well as they are read, converted
    let prior = votes.first().filter(|(_, c)| *c >= 3).map(|(n, _)| *n);
    let mut out = String::with_capacity(text.len());
    let mut strict_wins = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let (body, cr) = match body.strip_suffix('\r') {
            Some(b) => (b, "\r"),
            None => (body, ""),
        };
        let strict = strict_of.get_mut(i).and_then(Option::take);
        strict_wins += usize::from(strict.is_some());
        let fixed = strict.or_else(|| prior.and_then(|p| legacy::repair_line_as(body, p).map(|t| (t, p))));
        match fixed {
            Some((fixed, enc)) => {
                repaired.push((i + 1, enc));
                out.push_str(&fixed);
            }
            None => out.push_str(body),
        }
        out.push_str(cr);
        out.push_str(end);
    }
    let mut encoding = name.to_string();
    if !repaired.is_empty() {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for (_, e) in &repaired {
            match counts.iter_mut().find(|(n, _)| n == e) {
                Some(c) => c.1 += 1,
                None => counts.push((e, 1)),
            }
        }
        counts.sort_by_key(|(_, c)| std::cmp::Reverse(*c));
        let (main, _) = counts[0];
        let nonblank = text.lines().filter(|l| !l.trim().is_empty() && !l.is_ascii()).count().max(1);
        if repaired.len() * 2 >= nonblank {
            encoding = if main == "utf-8-as-windows-1252" { "utf-8-as-windows-1252".into() } else { format!("{main}-as-windows-1252") };
        }
        changes.push("legacy-encoding");
        let lines: Vec<String> = repaired.iter().take(12).map(|(l, _)| l.to_string()).collect();
        diagnostics.push(Diagnostic::info(
            "legacy-encoding",
            repaired.first().map(|(l, _)| *l),
            format!(
                "{} line(s) held legacy bytes read as Windows-1252 ({}) and were converted line by line (lines {}{})",
                repaired.len(),
                counts.iter().map(|(n, c)| format!("{n}: {c}")).collect::<Vec<_>>().join(", "),
                lines.join(", "),
                if repaired.len() > 12 { ", …" } else { "" }
            ),
        ));
        text = out;
    }
    // how sure: the share of converted lines that a reading clearly improved on its own
    let confidence = if repaired.is_empty() { 1.0 } else { strict_wins as f64 / repaired.len() as f64 };
    Decoded { text, encoding, confidence, changes, diagnostics }
}

/// UTF-16: an unpaired surrogate or an odd last byte is replaced (U+FFFD) and named
/// with its byte offset, never dropped in silence; the text after it is read on.
fn utf16(bytes: &[u8], base: usize, word: fn([u8; 2]) -> u16, name: &str) -> Decoded {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| word([c[0], c[1]])).collect();
    let mut text = String::with_capacity(bytes.len());
    let mut bad: Vec<usize> = Vec::new();
    let mut i = 0;
    for r in char::decode_utf16(units.iter().copied()) {
        match r {
            Ok(c) => {
                text.push(c);
                i += c.len_utf16();
            }
            Err(_) => {
                bad.push(base + 2 * i);
                text.push(char::REPLACEMENT_CHARACTER);
                i += 1;
            }
        }
    }
    if bytes.len() % 2 == 1 {
        bad.push(base + bytes.len() - 1);
        text.push(char::REPLACEMENT_CHARACTER);
    }
    let mut d = Decoded::plain(text, name);
    if !bad.is_empty() {
        d.changes.push("invalid-utf16");
        let shown: Vec<String> = bad.iter().take(10).map(|b| b.to_string()).collect();
        d.diagnostics.push(Diagnostic::warning(
            "invalid-utf16",
            None,
            format!("{} damaged UTF-16 sequence(s) replaced with U+FFFD at byte offset(s) {}{}", bad.len(), shown.join(", "), if bad.len() > 10 { ", …" } else { "" }),
        ));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Kế hoạch".as_bytes()).unwrap().encoding, "utf-8");
        let d = decode(b"\xEF\xBB\xBFK\xE1\xBA\xBF").unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), ("Kế", "utf-8-bom"));
    }

    #[test]
    fn damaged_utf8_is_replaced_and_each_offset_named() {
        let d = decode("Kế hoạch số 1 của Ủy ban\n".as_bytes().iter().copied().chain([0xE1, 0xBA]).collect::<Vec<_>>().as_slice()).unwrap();
        assert!(d.text.ends_with('\u{FFFD}'));
        assert_eq!(d.diagnostics[0].code, "invalid-utf8");
        assert!(d.diagnostics[0].message.contains("byte offset 35"), "{}", d.diagnostics[0].message);
    }

    #[test]
    fn utf16_with_bom() {
        let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Số".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&bytes).unwrap().text, "Số");
    }

    #[test]
    fn a_forced_encoding_the_bytes_contradict_is_reported_unsure() {
        let utf8 = "Kế hoạch thực hiện nhiệm vụ phát triển kinh tế xã hội của tỉnh".as_bytes();
        let d = decode_as(utf8, Some("tcvn3")).unwrap();
        assert!(d.confidence < 0.5, "{}", d.confidence);
        assert!(d.diagnostics.iter().any(|x| x.code == "forced-encoding"));
        let d = decode_as(utf8, Some("utf-8")).unwrap();
        assert_eq!(d.confidence, 1.0);
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn damaged_utf16_is_named_and_the_rest_read() {
        let mut bytes: Vec<u8> = vec![0xFF, 0xFE];
        bytes.extend("Kế".encode_utf16().flat_map(u16::to_le_bytes));
        bytes.extend([0x00, 0xD8]); // a lone high surrogate
        bytes.extend("hoạch".encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "Kế\u{FFFD}hoạch");
        assert!(d.diagnostics.iter().any(|x| x.code == "invalid-utf16" && x.message.contains("byte offset(s) 6")), "{:?}", d.diagnostics);
    }

    #[test]
    fn nul_bytes_are_not_text() {
        assert_eq!(decode(b"PK\x03\x04\x00\x00"), Err(DecodeError::NotText));
    }
}
