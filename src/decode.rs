//! Stage 1, decode: bytes in, text out.
//!
//! Takes the raw bytes of a file and returns the text with the name of the
//! encoding it was found in. UTF-8 (with or without BOM) and UTF-16 with a BOM
//! are read here; legacy Vietnamese encodings come in a later stage of work.
//! Invalid UTF-8 is an error naming the first bad byte offset: guessing would
//! silently change the text legal staff see.

use std::fmt;

/// Text decoded from a file, and what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// `utf-8`, `utf-8-bom`, `utf-16le` or `utf-16be`.
    pub encoding: &'static str,
}

/// Why bytes could not be read as a text document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes are not valid UTF-8; the offset is that of the first bad byte.
    InvalidUtf8 { offset: usize },
    /// The bytes look binary (NUL bytes outside UTF-16).
    NotText,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidUtf8 { offset } => write!(f, "invalid UTF-8 at byte offset {offset}"),
            DecodeError::NotText => write!(f, "not a text document"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, 3).map(|text| Decoded { text, encoding: "utf-8-bom" });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(Decoded { text: utf16(rest, u16::from_le_bytes), encoding: "utf-16le" });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(Decoded { text: utf16(rest, u16::from_be_bytes), encoding: "utf-16be" });
    }
    if bytes.contains(&0) {
        return Err(DecodeError::NotText);
    }
    utf8(bytes, 0).map(|text| Decoded { text, encoding: "utf-8" })
}

fn utf8(bytes: &[u8], base: usize) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(DecodeError::InvalidUtf8 { offset: base + e.valid_up_to() }),
    }
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| word([c[0], c[1]]));
    char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Kế hoạch".as_bytes()).unwrap().encoding, "utf-8");
        let d = decode(b"\xEF\xBB\xBFK\xE1\xBA\xBF").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Kế", "utf-8-bom"));
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        assert_eq!(decode(b"abc\xFFdef"), Err(DecodeError::InvalidUtf8 { offset: 3 }));
        assert_eq!(decode(b"\xEF\xBB\xBFab\xC3"), Err(DecodeError::InvalidUtf8 { offset: 5 }));
    }

    #[test]
    fn utf16_with_bom() {
        let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Số".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&bytes).unwrap().text, "Số");
    }

    #[test]
    fn nul_bytes_are_not_text() {
        assert_eq!(decode(b"PK\x03\x04\x00\x00"), Err(DecodeError::NotText));
    }
}
