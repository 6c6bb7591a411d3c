//! Word input, part of stage 1 (decode): a `.docx` file in, the document's text
//! out, one line per paragraph and per table row.
//!
//! Word keeps automatic numbering outside the text (`numbering.xml`): each
//! numbered paragraph names a list and a level, and the label ("I.", "1.", "a)")
//! is computed from the level's format and the counters of the list. The reader
//! renders those labels back into the text, so a document whose labels live only
//! in the numbering parses like its text version. Runs set in legacy fonts
//! (`.VnTime`, `VNI-Times`) hold Windows-1252 readings of TCVN3 or VNI bytes and
//! are converted (see [`crate::legacy`]). The archive is read within limits
//! (entries, total uncompressed size) so that a zip bomb is an error, not a hang.

use crate::decode::{DecodeError, Decoded};
use crate::legacy::{self, Legacy};
use crate::model::Diagnostic;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;

/// At most this many entries in the archive.
const MAX_ENTRIES: usize = 5_000;
/// At most this many bytes uncompressed, all parts read together.
const MAX_UNCOMPRESSED: u64 = 256 * 1024 * 1024;

/// Reads a `.docx` file's text.
pub fn to_text(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| DecodeError::NotText)?;
    if zip.len() > MAX_ENTRIES {
        return Err(DecodeError::Archive(format!("the archive has {} entries, more than the {MAX_ENTRIES} a Word file may have", zip.len())));
    }
    let mut budget = MAX_UNCOMPRESSED;
    let mut read = |zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str| -> Result<Option<String>, DecodeError> {
        let Ok(file) = zip.by_name(name) else { return Ok(None) };
        let mut buf = Vec::new();
        file.take(budget + 1).read_to_end(&mut buf).map_err(|e| DecodeError::Archive(format!("cannot read {name}: {e}")))?;
        if buf.len() as u64 > budget {
            return Err(DecodeError::Archive(format!("the archive expands to more than {MAX_UNCOMPRESSED} bytes")));
        }
        budget -= buf.len() as u64;
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    };
    let Some(document) = read(&mut zip, "word/document.xml")? else { return Err(DecodeError::NotText) };
    let numbering = read(&mut zip, "word/numbering.xml")?.map(|x| Numbering::parse(&x)).unwrap_or_default();
    let styles = read(&mut zip, "word/styles.xml")?.map(|x| style_numbering(&x)).unwrap_or_default();
    let (text, converted, problems) = render(&document, &numbering, &styles);
    let mut d = Decoded { text, encoding: "utf-8".into(), confidence: 1.0, changes: vec![], diagnostics: problems };
    if numbering.clamped > 0 {
        d.diagnostics.push(Diagnostic::warning("numbering-clamped", None, format!("{} list level(s) start past {MAX_START}, beyond any real list: their numbering starts at 1", numbering.clamped)));
    }
    if converted > 0 {
        d.changes.push("legacy-encoding");
        d.diagnostics.push(Diagnostic::info("legacy-encoding", None, format!("{converted} run(s) in legacy Vietnamese fonts (.Vn*, VNI-*) were converted to Unicode")));
    }
    Ok(d)
}

/// One level of a list: where it starts, how its number is written, its label pattern.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// Lists of `numbering.xml`: abstract lists by id, and list instances naming them.
#[derive(Debug, Clone, Default)]
struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, String>,
    /// Levels whose start was past any real list and was read as 1.
    clamped: usize,
}

/// No list of a real plan starts past this; a larger start (4,000,000,000 in upper-case
/// Roman would write a 40 MB label) is read as 1, with a diagnostic.
const MAX_START: u32 = 10_000;
/// A level's label pattern longer than this is not a label ("%1%1%1…" would multiply
/// every number); it is cut.
const MAX_LABEL_PATTERN: usize = 32;

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == key).and_then(|a| a.unescape_value().ok()).map(|v| v.into_owned())
}

impl Numbering {
    fn parse(xml: &str) -> Self {
        let mut n = Numbering::default();
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<usize> = None;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.name().as_ref() {
                    b"w:abstractNum" => abstract_id = attr(&e, b"w:abstractNumId"),
                    b"w:num" => num_id = attr(&e, b"w:numId"),
                    b"w:abstractNumId" => {
                        if let (Some(id), Some(a)) = (num_id.clone(), attr(&e, b"w:val")) {
                            n.nums.insert(id, a);
                        }
                    }
                    b"w:lvl" => {
                        let ilvl = attr(&e, b"w:ilvl").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0).min(8);
                        level = Some(ilvl);
                        if let Some(a) = &abstract_id {
                            let levels = n.abstracts.entry(a.clone()).or_insert_with(|| vec![Level { start: 1, ..Default::default() }; 9]);
                            levels[ilvl] = Level { start: 1, format: "decimal".into(), text: String::new() };
                        }
                    }
                    name @ (b"w:start" | b"w:numFmt" | b"w:lvlText") => {
                        if let (Some(a), Some(l)) = (&abstract_id, level) {
                            let val = attr(&e, b"w:val").unwrap_or_default();
                            if let Some(lv) = n.abstracts.get_mut(a).and_then(|v| v.get_mut(l)) {
                                match name {
                                    b"w:start" => {
                                        lv.start = val.parse().unwrap_or(1);
                                        if lv.start > MAX_START {
                                            lv.start = 1;
                                            n.clamped += 1;
                                        }
                                    }
                                    b"w:numFmt" => lv.format = val,
                                    _ => lv.text = val.chars().take(MAX_LABEL_PATTERN).collect(),
                                }
                            }
                        }
                    }
                    _ => {}
                },
                Ok(Event::End(e)) => match e.name().as_ref() {
                    b"w:abstractNum" => abstract_id = None,
                    b"w:num" => num_id = None,
                    b"w:lvl" => level = None,
                    _ => {}
                },
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        n
    }
}

/// Paragraph styles that carry numbering ("Heading 1" numbered I., II.): style id → (numId, ilvl).
fn style_numbering(xml: &str) -> HashMap<String, (String, usize)> {
    let mut out = HashMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut style: Option<String> = None;
    let (mut num, mut lvl) = (None, 0usize);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.name().as_ref() {
                b"w:style" => {
                    style = attr(&e, b"w:styleId");
                    num = None;
                    lvl = 0;
                }
                b"w:numId" => num = attr(&e, b"w:val"),
                b"w:ilvl" => lvl = attr(&e, b"w:val").and_then(|v| v.parse().ok()).unwrap_or(0),
                _ => {}
            },
            Ok(Event::End(e)) if e.name().as_ref() == b"w:style" => {
                if let (Some(s), Some(n)) = (style.take(), num.take()) {
                    out.insert(s, (n, lvl.min(8)));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// Writes a counter in a list level's format.
fn format_number(n: u32, format: &str) -> String {
    match format {
        // Roman numerals past 3999 have no standard form: the number is written
        "upperRoman" | "lowerRoman" if n > 3999 => n.to_string(),
        "upperRoman" => crate::lines::to_roman(n),
        "lowerRoman" => crate::lines::to_roman(n).to_lowercase(),
        "lowerLetter" => letter(n).to_string(),
        "upperLetter" => letter(n).to_uppercase().to_string(),
        "bullet" => String::new(),
        _ => n.to_string(),
    }
}

fn letter(n: u32) -> char {
    // Word counts a, b, c … z, aa; plans never run that far
    char::from_u32('a' as u32 + (n.max(1) - 1) % 26).unwrap_or('a')
}

/// The counters of every list, and the label of the next paragraph at a level.
#[derive(Default)]
struct Counters {
    values: HashMap<String, [u32; 9]>,
}

impl Counters {
    fn label(&mut self, numbering: &Numbering, num_id: &str, ilvl: usize) -> Option<String> {
        let abstract_id = numbering.nums.get(num_id)?;
        let levels = numbering.abstracts.get(abstract_id)?;
        let lv = levels.get(ilvl)?;
        let counters = self.values.entry(abstract_id.clone()).or_insert([0; 9]);
        counters[ilvl] = if counters[ilvl] == 0 { lv.start.max(1) } else { counters[ilvl] + 1 };
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = 0;
        }
        if lv.format == "bullet" || lv.format == "none" {
            return (lv.format == "bullet").then(|| "-".to_string());
        }
        let mut text = lv.text.clone();
        for k in (0..9).rev() {
            let placeholder = format!("%{}", k + 1);
            if text.contains(&placeholder) {
                let value = if k == ilvl { counters[k] } else { counters[k].max(levels[k].start.max(1)) };
                text = text.replace(&placeholder, &format_number(value, &levels[k].format));
            }
        }
        Some(text)
    }
}

fn legacy_font(font: &str) -> Option<Legacy> {
    let f = font.trim();
    if f.starts_with(".Vn") {
        Some(Legacy::Tcvn3)
    } else if f.to_ascii_uppercase().starts_with("VNI-") {
        Some(Legacy::Vni)
    } else {
        None
    }
}

/// Renders `document.xml`: paragraphs as lines with their list labels, table rows
/// as ` | ` cells. Returns the text and how many runs were converted from legacy fonts.
fn render(xml: &str, numbering: &Numbering, styles: &HashMap<String, (String, usize)>) -> (String, usize, Vec<Diagnostic>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut last_error_at: Option<u64> = None;
    let mut out = String::new();
    let mut counters = Counters::default();
    let mut para = String::new();
    let mut num: Option<String> = None;
    let mut ilvl = 0usize;
    let mut style: Option<String> = None;
    let mut font: Option<Legacy> = None;
    let mut in_text = false;
    let mut table_depth = 0usize;
    let mut cells: Vec<String> = Vec::new();
    let mut converted = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.name().as_ref() {
                b"w:p" => {
                    para.clear();
                    num = None;
                    ilvl = 0;
                    style = None;
                }
                b"w:pStyle" => style = attr(&e, b"w:val"),
                b"w:numId" => num = attr(&e, b"w:val"),
                b"w:ilvl" => ilvl = attr(&e, b"w:val").and_then(|v| v.parse().ok()).unwrap_or(0).min(8),
                b"w:r" => font = None,
                b"w:rFonts" => font = attr(&e, b"w:ascii").or_else(|| attr(&e, b"w:hAnsi")).as_deref().and_then(legacy_font),
                b"w:t" => in_text = true,
                b"w:tab" => para.push(' '),
                b"w:br" | b"w:cr" => para.push('\n'),
                b"w:tbl" => table_depth += 1,
                b"w:tr" => cells.clear(),
                b"w:tc" => cells.push(String::new()),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                // an entity XML does not define (`&nbsp;`, copied from a web page) is read
                // as HTML would read it, never dropped with its run
                let raw = match t.unescape() {
                    Ok(c) => c.into_owned(),
                    Err(_) => {
                        let text = crate::html::decode_entities(&String::from_utf8_lossy(t.as_ref()));
                        problems.push(Diagnostic::warning("docx-entity", None, format!("byte {} of word/document.xml: an entity XML does not define, read as a web page would", reader.buffer_position())));
                        text
                    }
                };
                let text = match font.and_then(|f| legacy::cp1252_bytes(&raw).map(|b| (f, b))) {
                    Some((f, bytes)) => {
                        converted += 1;
                        f.decode(&bytes)
                    }
                    None => raw,
                };
                para.push_str(&text);
            }
            Ok(Event::End(e)) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" => {
                    // a numId of 0 switches numbering off
                    let numbered = num.clone().filter(|n| n != "0").map(|n| (n, ilvl)).or_else(|| style.as_ref().and_then(|s| styles.get(s).cloned()));
                    let label = numbered.and_then(|(n, l)| counters.label(numbering, &n, l));
                    let mut line = match label {
                        Some(l) if !l.is_empty() => format!("{l} {}", para.trim_start()),
                        _ => para.clone(),
                    };
                    if table_depth > 0 {
                        line = line.replace('\n', " ");
                        if let Some(cell) = cells.last_mut() {
                            if !cell.is_empty() && !line.trim().is_empty() {
                                cell.push(' ');
                            }
                            cell.push_str(line.trim());
                        }
                    } else {
                        out.push_str(&line);
                        out.push('\n');
                    }
                    para.clear();
                }
                b"w:tr" if table_depth > 0 => {
                    let row: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
                    if row.iter().any(|c| !c.is_empty()) {
                        out.push_str(&row.join(" | "));
                        out.push('\n');
                    }
                    cells.clear();
                }
                b"w:tbl" => table_depth = table_depth.saturating_sub(1),
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => {
                // a damaged stretch: named with its position, and reading goes on after it
                let at = reader.buffer_position();
                if problems.len() < 100 {
                    problems.push(Diagnostic::warning("docx-xml", None, format!("byte {at} of word/document.xml: {e}; the text after it is read on")));
                }
                if last_error_at.is_some_and(|l| at <= l) {
                    break;
                }
                last_error_at = Some(at);
            }
            _ => {}
        }
    }
    // a body cut off mid-paragraph (a damaged or truncated file): what was read is kept
    for cell in cells.iter().filter(|c| !c.trim().is_empty()) {
        out.push_str(cell.trim());
        out.push('\n');
    }
    if !para.trim().is_empty() {
        out.push_str(&para);
        out.push('\n');
    }
    (out, converted, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

    fn p(ilvl: Option<usize>, text: &str) -> String {
        let num = ilvl.map(|l| format!(r#"<w:pPr><w:numPr><w:ilvl w:val="{l}"/><w:numId w:val="1"/></w:numPr></w:pPr>"#)).unwrap_or_default();
        format!("<w:p>{num}<w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn automatic_numbering_becomes_labels() {
        let body = [p(Some(0), "MỤC ĐÍCH"), p(Some(1), "Mục đích"), p(Some(2), "Một"), p(Some(2), "Hai"), p(Some(1), "Yêu cầu"), p(Some(0), "NHIỆM VỤ"), p(Some(1), "Nhiệm vụ"), p(None, "Văn bản thường")].concat();
        let doc = format!(r#"<w:document xmlns:w="w"><w:body>{body}<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Số: 1/KH-UBND</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Hà Nội</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#);
        let (text, _, _) = render(&doc, &Numbering::parse(NUMBERING), &HashMap::new());
        assert_eq!(text.lines().collect::<Vec<_>>(), vec!["I. MỤC ĐÍCH", "1. Mục đích", "a) Một", "b) Hai", "2. Yêu cầu", "II. NHIỆM VỤ", "1. Nhiệm vụ", "Văn bản thường", "Số: 1/KH-UBND | Hà Nội"]);
    }

    #[test]
    fn legacy_font_runs_are_converted() {
        let doc = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t>KÕ ho¹ch</w:t></w:r></w:p></w:body></w:document>"#;
        let (text, n, _) = render(doc, &Numbering::default(), &HashMap::new());
        assert_eq!((text.trim(), n), ("Kế hoạch", 1));
    }

    #[test]
    fn a_start_past_any_real_list_is_clamped() {
        let numbering = Numbering::parse(&NUMBERING.replacen(r#"<w:start w:val="1"/>"#, r#"<w:start w:val="4000000000"/>"#, 1));
        assert_eq!(numbering.clamped, 1);
        let body = [p(Some(0), "MỤC ĐÍCH"), p(Some(0), "NHIỆM VỤ")].concat();
        let (text, _, _) = render(&format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#), &numbering, &HashMap::new());
        assert_eq!(text, "I. MỤC ĐÍCH\nII. NHIỆM VỤ\n");
        assert_eq!(format_number(100_000, "upperRoman"), "100000");
    }

    #[test]
    fn damaged_xml_and_unknown_entities_lose_nothing_after_them() {
        let doc = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Mục&nbsp;đích</w:t></w:r></w:p><w:p><w:r><w:t>Hai</w:x></w:r></w:p><w:p><w:r><w:t>Ba</w:t></w:r></w:p><w:p><w:r><w:t>Bốn bị cắt"#;
        let (text, _, problems) = render(doc, &Numbering::default(), &HashMap::new());
        assert!(text.contains("Mục\u{a0}đích"), "{text:?}");
        assert!(text.contains("Ba") && text.contains("Bốn bị cắt"), "{text:?}");
        assert!(problems.iter().any(|d| d.code == "docx-entity"), "{problems:?}");
        assert!(problems.iter().any(|d| d.code == "docx-xml" && d.message.starts_with("byte ")), "{problems:?}");
    }
}
