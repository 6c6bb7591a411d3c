//! The YAML writer: any `Serialize` value in, block YAML out, byte for byte what
//! serde-saphyr writes with `prefer_block_scalars: false`, without its per-node
//! bookkeeping (anchors, tags, flow state, block-scalar folding).
//!
//! The layout is serde-saphyr's: `key: value`; a nested mapping on the lines below,
//! two spaces in; a sequence under a key at the key's own column (`- ` items); the
//! first key of a mapping in a sequence on the dash's line; `[]` and `{}` when empty.
//! A string is plain when serde-saphyr would write it plain, else double-quoted with
//! its escapes. Anything this writer is not sure of (a string that does not start with
//! a letter, a float, a key that is not a field name, a sequence inside a sequence) is
//! written by serde-saphyr itself, for that one scalar, or the whole value is handed
//! back ([`to_string`] returns `None`: a map, a keyword as a key) and the caller uses
//! serde-saphyr throughout.
//! The tests compare both writers on every fixture.

use serde::ser::{self, Serialize};
use std::fmt::Write;

/// The value as YAML, or `None` when it has a shape this writer leaves to serde-saphyr.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let mut w = Writer { out: String::with_capacity(4096) };
    value.serialize(Emit { w: &mut w, at: At::Top }).ok()?;
    Some(w.out)
}

/// How serde-saphyr writes one scalar on its own, with the same options.
pub(crate) fn saphyr<T: Serialize>(value: &T) -> Result<String, Unsupported> {
    let options = serde_saphyr::ser_options! { prefer_block_scalars: false };
    let mut s = serde_saphyr::to_string_with_options(value, options).map_err(|_| Unsupported)?;
    if s.ends_with('\n') {
        s.pop();
    }
    if s.contains('\n') {
        return Err(Unsupported);
    }
    Ok(s)
}

struct Writer {
    out: String,
}

/// Where the next value goes.
#[derive(Clone, Copy)]
enum At {
    /// The document itself: a mapping's keys at column 0.
    Top,
    /// After `key:`, the key at this column.
    Value(usize),
    /// After `- `, the dash at this column.
    Item(usize),
}

impl Writer {
    fn indent(&mut self, n: usize) {
        for _ in 0..n {
            self.out.push(' ');
        }
    }

    /// A scalar already spelled: after `key:` it takes a space; it ends its line.
    fn scalar(&mut self, at: At, s: &str) {
        if let At::Value(_) = at {
            self.out.push(' ');
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn string(&mut self, at: At, s: &str) -> Result<(), Unsupported> {
        if let At::Value(_) = at {
            self.out.push(' ');
        }
        if plain_letters_first(s) {
            self.out.push_str(s);
        } else if (starts_with_letter(s) && !is_keyword(s)) || quoted_number_or_date(s) {
            // not plain, and no number, date or keyword: serde-saphyr double-quotes it
            self.out.push('"');
            escape_double_quoted(s, &mut self.out);
            self.out.push('"');
        } else {
            self.out.push_str(&saphyr(&s)?);
        }
        self.out.push('\n');
        Ok(())
    }
}

fn starts_with_letter(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphabetic)
}

/// Words a YAML 1.1 reader would take for null, a boolean or a number.
fn is_keyword(s: &str) -> bool {
    s.len() <= 5
        && ["null", "true", "false", "nan", "inf", "yes", "y", "on", "no", "n", "off"]
            .iter()
            .any(|k| s.eq_ignore_ascii_case(k))
}

/// serde-saphyr's test for a plain value (`is_plain_value_safe`, block context, YAML
/// 1.1), for strings that start with a letter: such a string is never a number, a
/// date, a document marker or an indicator, so what is left is a keyword, an edge
/// space, ": " or a final ':', a control char, or " #".
fn plain_letters_first(s: &str) -> bool {
    if !starts_with_letter(s) || is_keyword(s) {
        return false;
    }
    let b = s.as_bytes();
    if b.last().is_some_and(u8::is_ascii_whitespace) || s.trim_end().ends_with(':') {
        return false;
    }
    // one pass over the bytes: the chars that need escaping are ASCII controls and,
    // beyond ASCII, U+0080-009F (C2 80-9F), U+2028/2029 (E2 80 A8/A9) and U+FEFF,
    // U+FFFE, U+FFFF (EF BB BF, EF BF BE/BF)
    for (i, &c) in b.iter().enumerate() {
        if !NOTABLE[c as usize] {
            continue;
        }
        match c {
            0..=0x1F | 0x7F => return false,
            b':' if b.get(i + 1) == Some(&b' ') => return false,
            b'#' if i > 0 && s[..i].chars().next_back().is_some_and(char::is_whitespace) => return false,
            0xC2 if matches!(b.get(i + 1), Some(0x80..=0x9F)) => return false,
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => return false,
            0xEF if matches!((b.get(i + 1), b.get(i + 2)), (Some(0xBB), Some(0xBF)) | (Some(0xBF), Some(0xBE | 0xBF))) => {
                return false;
            }
            _ => {}
        }
    }
    true
}

/// The bytes [`plain_letters_first`] looks at twice: controls, ':', '#' and the lead
/// bytes of the escaped chars beyond ASCII.
static NOTABLE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[0x7F] = true;
    t[b':' as usize] = true;
    t[b'#' as usize] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t[0xEF] = true;
    t
};

/// A string of ASCII digits, or a `YYYY-MM-DD` date: a number or a timestamp to a
/// YAML 1.1 reader, so serde-saphyr double-quotes it (and it needs no escapes).
fn quoted_number_or_date(s: &str) -> bool {
    let b = s.as_bytes();
    (!b.is_empty() && b.iter().all(u8::is_ascii_digit))
        || (b.len() == 10
            && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() }))
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}')
}

/// serde-saphyr's `escape_double_quoted`.
fn escape_double_quoted(s: &str, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\0' => out.push_str("\\0"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{b}' => out.push_str("\\v"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{FEFF}' => out.push_str("\\uFEFF"),
            '\u{0085}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) <= 0xFF && (c.is_control() || (0x7F..=0x9F).contains(&(c as u32))) => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c if (c as u32) <= 0xFFFF && needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// A shape left to serde-saphyr.
#[derive(Debug)]
pub struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("left to serde-saphyr")
    }
}
impl std::error::Error for Unsupported {}
impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

struct Emit<'a> {
    w: &'a mut Writer,
    at: At,
}

/// A mapping (struct or map) being written.
struct Map<'a> {
    w: &'a mut Writer,
    /// The column of every key but an inline first one.
    indent: usize,
    /// The first key goes on the current line (after `- `, or at the top).
    inline_first: bool,
    first: bool,
}

impl Map<'_> {
    fn key(&mut self, key: &str) -> Result<(), Unsupported> {
        // field names only: any other key may need quoting
        if key.is_empty() || is_keyword(key) || !key.starts_with(|c: char| c.is_ascii_lowercase()) || !key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            return Err(Unsupported);
        }
        if !(self.first && self.inline_first) {
            self.w.indent(self.indent);
        }
        self.first = false;
        self.w.out.push_str(key);
        self.w.out.push(':');
        Ok(())
    }
}

/// A sequence being written: items at `indent`.
struct Seq<'a> {
    w: &'a mut Writer,
    indent: usize,
    /// The first item goes on the current line (nothing before it yet).
    first_inline: bool,
}

impl<'a> Emit<'a> {
    fn map(self, len: Option<usize>) -> Result<Map<'a>, Unsupported> {
        let Some(len) = len else { return Err(Unsupported) };
        let (indent, inline_first) = match self.at {
            At::Top => (0, true),
            At::Value(k) => (k + 2, false),
            At::Item(d) => (d + 2, true),
        };
        if len == 0 {
            self.w.scalar(self.at, "{}");
        } else if let At::Value(_) = self.at {
            self.w.out.push('\n');
        }
        Ok(Map { w: self.w, indent, inline_first, first: true })
    }

    fn seq(self, len: Option<usize>) -> Result<Seq<'a>, Unsupported> {
        let Some(len) = len else { return Err(Unsupported) };
        let indent = match self.at {
            At::Top => 0,
            At::Value(k) => k,
            At::Item(_) => return Err(Unsupported),
        };
        if len == 0 {
            self.w.scalar(self.at, "[]");
        } else if let At::Value(_) = self.at {
            self.w.out.push('\n');
        }
        Ok(Seq { w: self.w, indent, first_inline: matches!(self.at, At::Top) })
    }

    fn spelled(self, s: &str) -> Result<(), Unsupported> {
        self.w.scalar(self.at, s);
        Ok(())
    }
}

impl<'a> ser::Serializer for Emit<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = ser::Impossible<(), Unsupported>;
    type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = Map<'a>;
    type SerializeStruct = Map<'a>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.spelled(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        let mut b = itoa_buf();
        self.spelled(fmt_int(&mut b, v as i128))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        let mut b = itoa_buf();
        self.spelled(fmt_int(&mut b, v as i128))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        let s = saphyr(&v)?;
        self.spelled(&s)
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.w.string(self.at, v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.spelled("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.spelled("null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.spelled("null")
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a>, Unsupported> {
        self.seq(len)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Map<'a>, Unsupported> {
        self.map(len)
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Map<'a>, Unsupported> {
        self.map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        if !self.first_inline {
            self.w.indent(self.indent);
        }
        self.first_inline = false;
        self.w.out.push_str("- ");
        value.serialize(Emit { w: self.w, at: At::Item(self.indent) })
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeStruct for Map<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Unsupported> {
        self.key(key)?;
        value.serialize(Emit { w: self.w, at: At::Value(self.indent) })
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl ser::SerializeMap for Map<'_> {
    type Ok = ();
    type Error = Unsupported;
    // the model's mappings are all structs: a map (whose keys may need quoting) is left
    // to serde-saphyr whole
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(Emit { w: self.w, at: At::Value(self.indent) })
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

fn itoa_buf() -> [u8; 40] {
    [0; 40]
}

/// An integer in decimal, into `buf`, without a formatter.
fn fmt_int(buf: &mut [u8; 40], v: i128) -> &str {
    let mut i = buf.len();
    let neg = v < 0;
    let mut n = v.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if neg {
        i -= 1;
        buf[i] = b'-';
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    fn both<T: Serialize>(v: &T) -> (String, String) {
        let options = serde_saphyr::ser_options! { prefer_block_scalars: false };
        (to_string(v).expect("written"), serde_saphyr::to_string_with_options(v, options).unwrap())
    }

    #[derive(Serialize)]
    struct Inner {
        name: String,
        list: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skip: Option<u8>,
    }

    #[derive(Serialize)]
    struct Outer {
        a: Option<String>,
        num: i64,
        x: f64,
        flag: bool,
        inner: Inner,
        items: Vec<Inner>,
        empty: Vec<Inner>,
    }

    #[test]
    fn writes_what_serde_saphyr_writes() {
        let strings = [
            "Sở Y tế", "", "-", ".", "#", "yes", "No", "null", "2020-04-28", "1", "1.5", "a: b", "như sau:", "dòng\nhai",
            "a #b", "a#b", "tab\there", "x ", " x", "-a", "- a", "~", "'q'", "\"dq\"", "Điều 5.", "ĐT\u{FEFF}", "→ a",
            "a\u{7f}b", "a\u{85}b", "a\u{2028}", "a\u{FFFE}", "a\u{00A0}#b", "a\u{00A0}:", "on", "Y", "2020", "0", "007", "2020-04-28",
            "2020-4-28", "2020-04-28 10:00:00", "ỹ", "100%", "%d", "@x", "`x`", "a: ", "...", "---", "=", "<<", "x\\y",
        ];
        for s in strings {
            let v = Outer {
                a: Some(s.to_string()),
                num: -42,
                x: 0.1,
                flag: true,
                inner: Inner { name: s.to_string(), list: vec![s.to_string(), "b".into()], skip: None },
                items: vec![
                    Inner { name: s.to_string(), list: vec![], skip: Some(3) },
                    Inner { name: "k".into(), list: vec![s.to_string()], skip: None },
                ],
                empty: vec![],
            };
            let (ours, theirs) = both(&v);
            assert_eq!(ours, theirs, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn writes_any_string_as_serde_saphyr_does(s in "[aĐỹ0-9 :#'\"\\.\\-?\t\n\u{85}\u{A0}\u{2028}\u{FEFF}yYnN%@~]{0,12}") {
            let v = Inner { name: s.clone(), list: vec![s.clone()], skip: None };
            let (ours, theirs) = both(&v);
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn a_sequence_of_sequences_a_map_or_a_keyword_key_is_left_to_serde_saphyr() {
        assert!(to_string(&vec![vec![1]]).is_none());
        assert!(to_string(&std::collections::BTreeMap::from([("a", 1)])).is_none());
        #[derive(Serialize)]
        struct K {
            n: u8,
        }
        assert!(to_string(&K { n: 1 }).is_none());
    }
}
