//! kehoach turns Vietnamese administrative plan documents (Kế hoạch, and the
//! Quyết định / Nghị quyết / Chương trình hành động that carry one) into the
//! `kehoach/v1` model: header, outline, tasks with deadlines and owners,
//! numeric targets, references and assignments, with diagnostics saying where
//! the parser guessed.
//!
//! The pipeline, one module per stage, each a pure function of its input:
//!
//! ```text
//! decode → normalize → lines → tokens → tables, outline → extract → model → render
//! ├ legacy (TCVN3, VNI, cp1258)  ├ time        ├ header      ├ yaml / json
//! ├ html                         ├ agency      ├ references  ├ csv / xlsx (export, xlsx)
//! └ docx                         ├ quantity    ├ owners      ├ compare, diff
//!                                ├ citation    ├ deadlines   └ report (html)
//!                                ├ xref        ├ targets
//!                                └ cue         ├ tasks
//!                                              └ sectors
//! ```
//!
//! 1. [`decode`]: bytes → text, the encoding found and how sure; [`legacy`] reads
//!    TCVN3, VNI and Windows-1258 (raw or as mojibake), [`html`] saved web pages,
//!    [`docx`] Word files (numbering rendered back into labels).
//! 2. [`normalize`]: text → NFC lines with clean whitespace (line numbers kept).
//! 3. [`lines`]: lines → labels (`I.` `1.` `a)` `a1)` `-` `+` …, also glued to the end
//!    of the line before), page furniture, ` | ` cells, markdown emphasis left open.
//! 4. [`tokens`]: one recognizer per concept, each returning spans of the text it is
//!    given: time phrases, agencies (with office-holders and collectives), quantities,
//!    citations, cross-references, cue words. Every later stage reads them; none
//!    re-implements them. Their word lists are data (`data/lexicon.txt`,
//!    `data/agency_heads.tsv`, …); `tests/tokens.spec` states what each one reads.
//! 5. [`tables`]: lines → task and target tables (` | ` rows, one cell per line from a
//!    PDF, cells between lone `|` lines), rows cut into cells under named columns.
//! 6. [`outline`]: lines and tables → header range, the tree (with inferred lost
//!    headings, attachments, appendices and table rows), the trailing matter outside
//!    it, and each node's lines joined into paragraphs.
//! 7. [`extract`]: outline → document header, references, owners (one resolver over
//!    assignment frames), tasks with their deadlines, targets, sectors.
//! 8. [`model`]: the types of the output contract.
//! 9. [`render`]: model → YAML / JSON, and diagnostics rendered like a compiler's;
//!    [`export`] and [`xlsx`] flat tables; [`compare`] documents side by side
//!    (`compare::align` the optimal pairwise assignment and its rows,
//!    `compare::units` one unit per row, `compare::table` the tables staff read) and
//!    [`diff`] one document against its earlier model; [`report`] one page to check
//!    a model by eye; [`batch`] whole folders; [`output`] writes every file
//!    atomically (exclusive temporary file, rename).
//!
//! Calls go one way: a stage uses the stages before it and the shared [`patterns`]
//! (every regular expression, compiled once), [`dict`] (the dictionaries and word
//! lists of `data/`) and [`model`]; [`tokens`] uses only those, so outline, tables
//! and extractors share one reading of each concept.
//!
//! ```
//! let model = kehoach::parse_str("plan.txt", "Số: 1/KH-UBND | Hà Nội, ngày 2 tháng 3 năm 2024 |\nI. MỤC ĐÍCH\n1. Mục đích\n");
//! assert_eq!(model.document.number.as_deref(), Some("1/KH-UBND"));
//! assert_eq!(model.outline[0].id, "I");
//! ```

pub mod decode;
pub mod legacy;
pub mod html;
pub mod docx;
pub mod normalize;
pub mod lines;
pub mod tokens;
pub mod tables;
pub mod outline;
pub mod extract;
pub mod model;
pub mod render;
pub mod compare;
pub mod export;
pub mod diff;
pub mod batch;
pub mod output;
pub mod report;
pub mod xlsx;
pub mod patterns;
pub mod dict;

pub use decode::DecodeError;
pub use model::Model;

use sha2::{Digest, Sha256};

/// Builds the patterns and the sector taxonomy now. A one-page `kehoach parse` spends
/// most of its time building them; the command runs this on a second thread while
/// the first reads, decodes and outlines the file, so that what the extractors need
/// is ready when they get to it. Each is still built once: whichever thread comes
/// first builds it, the other waits for it.
pub fn warm() {
    patterns::warm();
    std::sync::LazyLock::force(&extract::sectors::DEFAULT);
}

/// Parses a file's bytes into a model. Fails only when the bytes are not text.
pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<Model, DecodeError> {
    parse_bytes_as(file, bytes, None)
}

/// Parses a file's bytes in a given encoding (`--encoding`), or detecting it.
pub fn parse_bytes_as(file: &str, bytes: &[u8], encoding: Option<&str>) -> Result<Model, DecodeError> {
    parse_decoded(file, bytes, encoding, false).map(|(m, _, _)| m)
}

/// The budget of one parse, in lines: about 100 times the longest real document seen (a
/// gazette text of 5,221 lines). Each line costs about 120 bytes of structure besides
/// its text (a node and a task about 700 more), so a file of nothing but line breaks
/// stays within about 70 MB and one of nothing but bullets within about 400 MB; a longer
/// document is refused with an error rather than exhausting memory.
pub const MAX_LINES: usize = 500_000;

/// The budget of one parse, in bytes of decoded text (a Word file or a web page may
/// expand past the size of its file).
pub const MAX_TEXT: usize = 256 * 1024 * 1024;

fn within_budget(text: &str) -> Result<(), DecodeError> {
    if text.len() > MAX_TEXT {
        return Err(DecodeError::TooLarge(format!("{} bytes of text, more than the {MAX_TEXT} one parse reads", text.len())));
    }
    // counted in one pass over the bytes, before any line is built
    let (lf, cr) = text.as_bytes().iter().fold((0usize, 0usize), |(lf, cr), &b| (lf + usize::from(b == b'\n'), cr + usize::from(b == b'\r')));
    let lines = lf.max(cr);
    if lines > MAX_LINES {
        return Err(DecodeError::TooLarge(format!("about {lines} lines, more than the {MAX_LINES} one parse reads (about 100 times the longest plan seen)")));
    }
    Ok(())
}

/// Reads a file's bytes into text whatever they are: a Word file (`.docx`), a
/// saved web page, or text in any encoding [`decode`] knows. Says which.
pub fn read_document(bytes: &[u8], encoding: Option<&str>) -> Result<(decode::Decoded, &'static str), DecodeError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return docx::to_text(bytes).map(|d| (d, "docx"));
    }
    let mut decoded = decode::decode_as(bytes, encoding)?;
    if html::looks_like_html(&decoded.text) {
        decoded.text = html::to_text(&decoded.text);
        return Ok((decoded, "html"));
    }
    Ok((decoded, "text"))
}

/// Parses text that is already decoded (as UTF-8).
pub fn parse_str(file: &str, text: &str) -> Model {
    let mut model = parse_text(file, text, "utf-8");
    model.source.sha256 = hex(&Sha256::digest(text.as_bytes()));
    model
}

fn parse_text(file: &str, text: &str, encoding: &str) -> Model {
    parse_text_with_lines(file, text, encoding, false).0
}

/// The line → node map of a parse, for the report.
type LineNodes = std::collections::HashMap<usize, String>;

fn parse_text_with_lines(file: &str, text: &str, encoding: &str, for_report: bool) -> (Model, Vec<String>, LineNodes) {
    let normalized = normalize::normalize(text);
    let classified = lines::classify(&normalized);
    let outline = outline::build(&classified);
    // the line → node map only for the report (it costs a name per line)
    let line_nodes: LineNodes = if for_report { outline.spans.iter().map(|s| (s.line, s.node.clone())).collect() } else { LineNodes::new() };
    let mut model = extract::extract(&classified, outline);
    model.source.file = file.to_string();
    model.source.encoding = encoding.to_string();
    model.source.bytes = text.len() as u64;
    model.source.lines = normalized.lines.len();
    model.source.normalized = normalized.changes.iter().map(|s| s.to_string()).collect();
    if text.trim().is_empty() {
        model.diagnostics.insert(0, model::Diagnostic::warning("empty-document", None, "the document is empty or holds only whitespace: there is nothing to read"));
    }
    (model, normalized.lines, line_nodes)
}

/// Parses a file for the report: the model, the lines it was read from (as
/// `kehoach normalize` prints them) and the node each line belongs to.
pub fn parse_for_report(file: &str, bytes: &[u8], encoding: Option<&str>) -> Result<(Model, Vec<String>, LineNodes), DecodeError> {
    parse_decoded(file, bytes, encoding, true)
}

fn parse_decoded(file: &str, bytes: &[u8], encoding: Option<&str>, for_report: bool) -> Result<(Model, Vec<String>, LineNodes), DecodeError> {
    let (decoded, format) = read_document(bytes, encoding)?;
    within_budget(&decoded.text)?;
    let (mut model, lines, nodes) = parse_text_with_lines(file, &decoded.text, &decoded.encoding, for_report);
    model.source.format = format.into();
    for (i, c) in decoded.changes.iter().enumerate() {
        model.source.normalized.insert(i, c.to_string());
    }
    model.diagnostics.splice(0..0, decoded.diagnostics);
    model.source.bytes = bytes.len() as u64;
    model.source.sha256 = hex(&Sha256::digest(bytes));
    Ok((model, lines, nodes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
