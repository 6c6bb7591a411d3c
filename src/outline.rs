//! Stage 4, outline: classified lines in, the document's tree out.
//!
//! First the lines are segmented: the header (agency, number, place and date,
//! title), the body, and the trailing matter that belongs to no node (signature
//! remnant, "Nơi nhận", a website's related-document lists). Attached bodies and
//! appendices after a signature are content again (`A1`, `PL1`).
//!
//! Then the body's labels are stacked into a tree by their level (conventions
//! §2.2: part `I.` › section `1.` › point `a)` › sub-point `a1)` › `-` › `+`).
//! Scraped text loses headings, so the builder reconstructs them (spec,
//! "Inferred structure"): a section number that restarts opens a lost part; a
//! run of points after dashes, or a point letter that restarts, opens a lost
//! section; and when known part numbers leave a gap (I … IV) the missing part is
//! placed at the lost-heading signal that agrees best with the cross-references
//! ("mục 2 phần III"). Every inferred node carries an `inferred-node` diagnostic
//! naming its evidence. The builder is an explicit stack: no recursion, linear time.

use crate::lines::{Label, LabelKind, Line, is_all_caps, letter_at, to_roman};
use crate::model::{Diagnostic, LineRange, Node, NodeKind, Trailing};
use crate::patterns::{APPENDIX, ATTACHMENT_START, NUMBER_LINE, PLACE_DATE, PREAMBLE_START, RELATED_ITEM, RULE, SIGNATURE, SITE_LINE};
use crate::tables::{Role, RowKind, Table};
use crate::tokens::{CrossRef, cross_refs};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Ids given so far, and for a repeated id the next suffix to try (`II~3`).
#[derive(Default)]
struct SeenIds {
    ids: HashSet<String>,
    next: HashMap<String, usize>,
}

impl SeenIds {
    /// The id itself when it is new, else its next free suffix (`II~2`, spec: repeated
    /// ids), remembered so that many duplicates stay linear.
    fn claim(&mut self, id: &str) -> String {
        if self.ids.insert(id.to_string()) {
            return id.to_string();
        }
        let next = self.next.entry(id.to_string()).or_insert(2);
        let mut k = *next;
        while !self.ids.insert(format!("{id}~{k}")) {
            k += 1;
        }
        *next = k + 1;
        format!("{id}~{k}")
    }
}

/// The outline of a document and how its lines were divided.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub nodes: Vec<Node>,
    pub header: Option<LineRange>,
    pub trailing: Vec<Trailing>,
    /// Every body line with the node it belongs to, in document order.
    pub spans: Vec<Span>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A node's lines joined into a paragraph, with the line each byte offset is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub node: String,
    pub text: String,
    /// (byte offset in `text`, line) where each of its lines starts
    pub map: Vec<(usize, usize)>,
}

impl Outline {
    /// The body text of every node as paragraphs (headings left out), in document
    /// order: a line continues the one before when that one does not end a sentence,
    /// so that a phrase wrapped over lines reads whole ("Căn cứ Nghị định số⏎66/2021/NĐ-CP",
    /// "đạt tối⏎thiểu 30%").
    pub fn paragraphs(&self) -> Vec<Paragraph> {
        let mut by_node: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for span in &self.spans {
            if span.heading {
                continue;
            }
            let e = by_node.entry(span.node.as_str()).or_default();
            if e.is_empty() {
                order.push(span.node.as_str());
            }
            e.push((span.line, span.text.as_str()));
        }
        let mut out = Vec::new();
        for node in order {
            for (text, map) in join_paragraphs(&by_node[node]) {
                out.push(Paragraph { node: node.to_string(), text, map });
            }
        }
        out
    }
}

/// Joins a node's lines into paragraphs: a line continues the one before when that
/// one does not end a sentence and this one starts in lower case or with a digit, or
/// after a comma or an open comparator ("đạt tối⏎thiểu 30%"). Each paragraph keeps
/// the byte offset where each of its lines starts, to give every target its line.
fn join_paragraphs(lines: &[(usize, &str)]) -> Vec<(String, Vec<(usize, usize)>)> {
    let mut out: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    for &(no, text) in lines {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let continues = out.last().is_some_and(|(p, map)| {
            let prev_line = map.last().map_or(0, |(_, l)| *l);
            let ended = p.ends_with(['.', ';', ':', '!', '?']);
            no == prev_line + 1 && !ended && (text.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit() || c == '%') || p.ends_with([',', '-']) || !p.ends_with('.') && text.chars().next().is_some_and(|c| c.is_uppercase()) && p.len() > 40)
        });
        if continues {
            let (p, map) = out.last_mut().expect("a paragraph");
            p.push(' ');
            map.push((p.len(), no));
            p.push_str(text);
        } else {
            out.push((text.to_string(), vec![(0, no)]));
        }
    }
    out
}

/// The line a byte offset of a paragraph is written on.
pub fn line_at(map: &[(usize, usize)], offset: usize) -> usize {
    map.iter().take_while(|(o, _)| *o <= offset).last().map_or(0, |(_, l)| *l)
}

/// One line of body text and the node it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub node: String,
    pub line: usize,
    /// The text on that line, without the label.
    pub text: String,
    /// Whether this text is the node's heading.
    pub heading: bool,
}

/// Builds the outline of classified lines.
pub fn build(lines: &[Line]) -> Outline {
    let mut out = Outline::default();
    let header_end = header_end(lines);
    if header_end > 0 {
        out.header = Some(LineRange { from: 1, to: header_end });
    }
    let mut region_diags = Vec::new();
    let regions = regions(lines, header_end, &mut out.trailing, &mut region_diags);
    for t in &out.trailing {
        out.diagnostics.push(Diagnostic::info(
            "trailing-matter",
            Some(t.from),
            format!("lines {}–{} are {} and belong to no node", t.from, t.to, t.kind.replace('-', " ")),
        ));
    }
    furniture_trailing(lines, header_end, &mut out);
    out.diagnostics.extend(region_diags);
    let wrapped = wrapped_paragraphs(lines);
    let xrefs: Vec<(usize, CrossRef)> =
        lines.iter().flat_map(|l| cross_refs(&l.text).into_iter().map(move |r| (l.no, r))).collect();
    let mut seen_ids = SeenIds::default();
    let mut attachments = 0;
    let mut appendices = 0;
    for region in regions {
        let body = &lines[region.start..region.end];
        let (prefix, wrapper) = match &region.kind {
            RegionKind::Main => (String::new(), None),
            RegionKind::Attachment => {
                attachments += 1;
                let id = seen_ids.claim(&format!("A{attachments}"));
                (format!("{id}:"), Some((id, NodeKind::Attachment)))
            }
            RegionKind::Appendix(n) => {
                appendices += 1;
                // two appendices numbered alike ("Phụ lục 1" twice) get distinct ids, as
                // repeated labels do: a model's ids are unique
                let wanted = format!("PL{}", n.unwrap_or(appendices));
                let id = seen_ids.claim(&wanted);
                if id != wanted {
                    out.diagnostics.push(Diagnostic::warning("duplicate-id", lines.get(region.start).map(|l| l.no), format!("a second appendix numbered {wanted}; it is {id}")));
                }
                (format!("{id}:"), Some((id, NodeKind::Appendix)))
            }
        };
        let refs: Vec<&(usize, CrossRef)> = if prefix.is_empty() { xrefs.iter().collect() } else { vec![] };
        let built = build_region(body, &refs, wrapper.is_none(), wrapped);
        for no in &built.table_headers {
            match out.trailing.last_mut() {
                Some(t) if t.kind == "table-header" && t.to + 1 == *no => t.to = *no,
                _ => out.trailing.push(Trailing { from: *no, to: *no, kind: "table-header".into() }),
            }
        }
        let mut tree = built.tree;
        let mut spans = Vec::new();
        let mut nodes = tree.to_nodes(&prefix, &mut seen_ids, &mut spans, &mut out.diagnostics);
        for mut d in built.diagnostics {
            // the builder names nodes by arena index ("#12"); give them their final ids
            if let Some(idx) = d.node.as_deref().and_then(|n| n.strip_prefix('#')).and_then(|n| n.parse::<usize>().ok()) {
                d.node = tree.ids.get(idx).cloned();
            }
            out.diagnostics.push(d);
        }
        match wrapper {
            None => {
                out.nodes.append(&mut nodes);
                out.spans.append(&mut spans);
            }
            Some((id, kind)) => {
                // the title lines of an attachment are its heading; they come first in the region
                // (a caption "(Kèm theo … của⏎UBND tỉnh …)" wrapped over lines stays whole)
                let mut depth = 0usize;
                let title_len = body
                    .iter()
                    .take_while(|l| {
                        let t = l.text.trim_matches(['*', '_']);
                        let ok = depth > 0 && !l.text.is_empty() || l.label.is_none() && l.cells.is_none() && !crate::tables::is_tt_name(&l.text) && (is_all_caps(&l.text) || t.starts_with('(') || l.text.is_empty() || l.furniture.is_some());
                        if ok && l.furniture.is_none() {
                            depth = (depth + t.matches('(').count()).saturating_sub(t.matches(')').count());
                        }
                        ok
                    })
                    .count()
                    .max(1)
                    .min(body.len());
                // a title glued to the signature starts inside its first line
                let from = region.title_from;
                let heading: Vec<&str> = body[..title_len].iter().enumerate().filter(|(_, l)| l.furniture.is_none()).map(|(k, l)| if k == 0 { l.text.get(from..).unwrap_or(&l.text) } else { l.text.as_str() }).filter(|t| !t.is_empty()).collect();
                let first_line = body.first().map(|l| l.no);
                for l in &body[..title_len] {
                    if !l.text.is_empty() && l.furniture.is_none() {
                        out.spans.push(Span { node: id.clone(), line: l.no, text: l.text.clone(), heading: true });
                    }
                }
                // the title lines were also read as preamble text by the builder: drop them there
                let title_lines: HashSet<usize> = body[..title_len].iter().map(|l| l.no).collect();
                spans.retain(|s| !title_lines.contains(&s.line));
                for n in nodes.iter_mut() {
                    if n.kind == NodeKind::Preamble {
                        n.text = join_text(spans.iter().filter(|s| s.node == n.id).map(|s| (s.line, s.text.as_str())), wrapped);
                    }
                }
                nodes.retain(|n| n.kind != NodeKind::Preamble || n.text.is_some());
                out.spans.append(&mut spans);
                out.nodes.push(Node {
                    id: id.clone(),
                    kind,
                    label: None,
                    heading: Some(heading.join(" ")),
                    heading_guess: None,
                    text: None,
                    line: first_line,
                    inferred: false,
                    cells: None,
                    table: None,
                    children: nodes,
                });
            }
        }
    }
    out.trailing.sort_by_key(|t| t.from);
    out
}

/// Page furniture inside the body (gazette page headers and numbers, signature
/// stamps, rules) becomes trailing matter of kind `page-furniture`, one entry per
/// run, with one diagnostic that counts them.
fn furniture_trailing(lines: &[Line], header_end: usize, out: &mut Outline) {
    let taken = |no: usize, tr: &[Trailing]| tr.iter().any(|t| t.from <= no && no <= t.to);
    let mut found: Vec<Trailing> = Vec::new();
    let mut count = 0;
    for l in lines.iter().skip(header_end).filter(|l| l.furniture.is_some()) {
        if taken(l.no, &out.trailing) {
            continue;
        }
        count += 1;
        let joins = found.last().is_some_and(|t| lines[t.to..l.no - 1].iter().all(|b| b.text.is_empty() || b.furniture.is_some()));
        match found.last_mut() {
            Some(t) if joins => t.to = l.no,
            _ => found.push(Trailing { from: l.no, to: l.no, kind: "page-furniture".into() }),
        }
    }
    if let Some(first) = found.first() {
        out.diagnostics.push(Diagnostic::info(
            "page-furniture",
            Some(first.from),
            format!("{count} line(s) of page furniture (gazette page headers and numbers, signature stamps, rules) in {} run(s) are set aside from the text", found.len()),
        ));
    }
    out.trailing.extend(found);
    out.trailing.sort_by_key(|t| t.from);
}

/// Joins a node's lines into its text. Hard-wrapped lines (text extracted from a
/// PDF) are joined back into their paragraph: a line continues the one before it
/// when that one did not end a sentence and it starts in lower case or after a
/// comma; a number or document number cut at its hyphen ("42-⏎CT/TW") is joined
/// without a space. Other line breaks are kept.
/// In a document whose paragraphs are separated by blank lines and hard-wrapped
/// (`wrapped`), lines that follow each other without a blank between are one
/// paragraph whatever their case.
fn join_text<'a>(parts: impl Iterator<Item = (usize, &'a str)>, wrapped: bool) -> Option<String> {
    let mut out = String::new();
    let mut prev_line = usize::MAX - 1;
    for (no, part) in parts.filter(|(_, t)| !t.is_empty()) {
        let adjacent = wrapped && no == prev_line + 1;
        prev_line = no;
        if !out.is_empty() && adjacent {
            let cut = out.ends_with('-') && !out.ends_with(" -") && out[..out.len() - 1].ends_with(|c: char| c.is_alphanumeric());
            if !cut {
                out.push(' ');
            }
        } else if !out.is_empty() {
            let ended = out.ends_with(['.', ';', ':', '!', '?']);
            let lower = part.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit());
            let cut = out.ends_with('-') && !out.ends_with(" -") && out[..out.len() - 1].ends_with(|c: char| c.is_alphanumeric());
            if cut && !ended {
                // "42-" + "CT/TW": one token cut by the wrap
            } else if !ended && (lower || out.ends_with(',')) {
                out.push(' ');
            } else {
                out.push('\n');
            }
        }
        out.push_str(part);
    }
    (!out.is_empty()).then_some(out)
}

// ---------------------------------------------------------------------------------------------
// Segmentation

/// A header line: agency and national motto lines, rules, the number and the date, the title.
fn header_like(l: &Line) -> bool {
    let t = l.text.as_str();
    t.is_empty()
        || l.furniture.is_some()
        || t == "|"
        || RULE.is_match(t)
        || l.cells.is_some() && l.label.is_none()
        || (l.label.is_none() && is_all_caps(t))
        || t.starts_with("Độc lập")
        || NUMBER_LINE.is_match(t)
        || PLACE_DATE.is_match(t)
        || is_date_piece(t)
        || SITE_LINE.is_match(t)
        || t.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == '–')
}

/// A piece of a wrapped header date: "An Giang, ngày 26", "tháng 8 năm 2021", "Số:".
fn is_date_piece(t: &str) -> bool {
    let lower = t.to_lowercase();
    (lower.starts_with("tháng ") && lower.contains("năm"))
        || lower.starts_with("ngày ")
        || (t.len() < 80 && lower.contains(", ngày"))
        || lower == "số:"
        || lower.starts_with("năm ") && lower.len() < 12
        || crate::patterns::DATE_TAIL.is_match(t)
}

/// The index of the first line after the header.
fn header_end(lines: &[Line]) -> usize {
    let window = lines.len().min(80);
    // the last number or place-date line before the body starts anchors the header
    let mut anchor = None;
    for (i, l) in lines[..window].iter().enumerate() {
        let t = l.text.as_str();
        let structural = matches!(
            l.label.as_ref().map(|x| &x.kind),
            Some(LabelKind::Roman(_) | LabelKind::Arabic(_) | LabelKind::Letter(_) | LabelKind::Article(_))
        );
        if SITE_LINE.is_match(t) {
            continue;
        }
        if structural || PREAMBLE_START.is_match(t) || crate::tables::is_tt_name(t) {
            break;
        }
        let lone_number = crate::patterns::DOC_NUMBER.find(t).is_some_and(|m| m.start() == 0 && m.end() == t.len()) && i > 0 && lines[i - 1].text.eq_ignore_ascii_case("Số:");
        if NUMBER_LINE.is_match(t) || lone_number || PLACE_DATE.is_match(t) || is_date_piece(t) {
            anchor = Some(i);
        }
    }
    let mut i = anchor.map_or(0, |a| a + 1);
    let mut title_lines = None; // Some(count) once the kind line ("KẾ HOẠCH") is seen
    while i < lines.len() {
        let l = &lines[i];
        let t = l.text.as_str();
        let structural = l.label.as_ref().is_some_and(|x| !matches!(x.kind, LabelKind::Dash | LabelKind::Plus));
        if PREAMBLE_START.is_match(t) || structural || crate::tables::is_tt_name(t) {
            break;
        }
        if t.ends_with(':') && !t.eq_ignore_ascii_case("Số:") && crate::dict::kind_prefix(t).is_some() {
            break; // "QUYẾT ĐỊNH:" / "QUYẾT NGHỊ:" open the body
        }
        // the trích yếu under the kind line: "Về …", "V/v …", or short unpunctuated lines
        let title_line = title_lines.is_some_and(|n: usize| {
            n < 6 && (t.starts_with("Về ") || t.starts_with("V/v") || (t.chars().count() < 200 && !t.ends_with('.') && !t.ends_with(';')))
        });
        if !(header_like(l) || title_line) {
            break;
        }
        if l.label.is_none() && is_all_caps(t) && crate::dict::kind_prefix(t).is_some() && title_lines.is_none() {
            title_lines = Some(0);
        } else if let Some(n) = title_lines.as_mut() {
            *n += usize::from(!t.is_empty() && !is_all_caps(t));
        }
        i += 1;
    }
    // trailing blank lines are not header
    while i > 0 && lines[i - 1].text.is_empty() && anchor.is_none_or(|a| i - 1 > a) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, PartialEq)]
enum RegionKind {
    Main,
    Attachment,
    Appendix(Option<usize>),
}

#[derive(Debug, Clone)]
struct Region {
    start: usize,
    end: usize,
    kind: RegionKind,
    /// where the title starts on the region's first line (after a signature glued to it)
    title_from: usize,
}

/// Divides the body into the main text, attachments and appendices, and collects
/// trailing matter: the signature, "Nơi nhận", a website's related documents and
/// boilerplate. After a signature, content resumes at an attached title ("KẾ HOẠCH",
/// "(Kèm theo …)", with the capital lines of its title before it), an appendix or a
/// form ("PHỤ LỤC", "Mẫu số 01"), a table (a ` | ` row or a header starting with TT),
/// or numbered text: numbered or tabular text is never trailing matter. A signature
/// glued to the attached title on one line ("… PHÓ CHỦ TỊCH Nguyễn Văn A KẾ HOẠCH …")
/// starts the attachment on that line. Inside an appendix a "Nơi nhận" or a signature
/// belongs to a form and stays.
fn regions(lines: &[Line], header_end: usize, trailing: &mut Vec<Trailing>, diags: &mut Vec<Diagnostic>) -> Vec<Region> {
    let n = lines.len();
    let mut out = vec![Region { start: header_end, end: n, kind: RegionKind::Main, title_from: 0 }];
    let mut i = header_end;
    while i < n {
        // an appendix title standing on its own line opens an appendix wherever it is
        if crate::patterns::APPENDIX_TITLE.is_match(&lines[i].text) && out.last().is_some_and(|r| r.start < i) {
            let c = APPENDIX.captures(&lines[i].text);
            out.last_mut().expect("a region").end = i;
            out.push(Region { start: i, end: n, kind: RegionKind::Appendix(c.and_then(|c| c.get(1)).and_then(|m| number_of(m.as_str()))), title_from: 0 });
            i += 1;
            continue;
        }
        let in_appendix = out.last().is_some_and(|r| matches!(r.kind, RegionKind::Appendix(_)));
        let closing = (is_signature(&lines[i]) || is_recipients(lines, i)) && !in_appendix;
        if !closing && !is_related_run(lines, i) {
            i += 1;
            continue;
        }
        // the signature and the attached title on one line
        if let Some(from) = glued_title(&lines[i]) {
            out.last_mut().expect("a region").end = i;
            out.push(Region { start: i, end: n, kind: RegionKind::Attachment, title_from: from });
            diags.push(Diagnostic::warning(
                "glued-title",
                Some(lines[i].no),
                format!("line {} holds the end of the signature and the title of an attached document; the attachment starts there", lines[i].no),
            ));
            i += 1;
            continue;
        }
        // trailing matter runs until content resumes
        let start = i;
        let mut j = i + 1;
        let mut resumes = None;
        while j < n {
            if let Some(r) = resumes_at(lines, j) {
                resumes = Some(r);
                break;
            }
            j += 1;
        }
        // the capital lines of a title stand before its "(Kèm theo …)" caption
        if let Some(Resume::Attachment) = resumes {
            while j > start + 1 && is_all_caps(&lines[j - 1].text) && !is_signature(&lines[j - 1]) && lines[j - 1].label.is_none() && j + 4 > start && lines[j].text.starts_with('(') {
                j -= 1;
            }
        }
        out.last_mut().expect("a region").end = start;
        push_trailing(lines, start, j, trailing);
        match resumes {
            Some(r) => {
                let kind = match (r, APPENDIX.captures(&lines[j].text)) {
                    (_, Some(c)) => RegionKind::Appendix(c.get(1).and_then(|m| number_of(m.as_str()))),
                    (Resume::Attachment, None) => RegionKind::Attachment,
                    (Resume::Form | Resume::Table, None) => RegionKind::Appendix(None),
                    (Resume::Numbered, None) => {
                        diags.push(Diagnostic::warning(
                            "content-after-signature",
                            Some(lines[j].no),
                            format!("numbered text at line {} follows the signature with no title: it is kept as an attached body, not set aside", lines[j].no),
                        ));
                        RegionKind::Attachment
                    }
                };
                if matches!(r, Resume::Table) {
                    diags.push(Diagnostic::warning(
                        "content-after-signature",
                        Some(lines[j].no),
                        format!("a table at line {} follows the signature with no appendix title: it is kept as an appendix, not set aside", lines[j].no),
                    ));
                }
                out.push(Region { start: j, end: n, kind, title_from: 0 });
                i = j + 1;
            }
            None => i = n,
        }
    }
    // a related-documents list may end the text without any signature before it
    out.retain(|r| r.start < r.end || r.kind == RegionKind::Main);
    out
}

/// What makes content resume after the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resume {
    /// an attached title or caption ("KẾ HOẠCH", "(Kèm theo …)") or an appendix
    Attachment,
    /// a form ("Mẫu số 01", "Biểu số 05")
    Form,
    /// a table row or header
    Table,
    /// numbered text ("1. …", "II. …", "Điều 2.") long enough to be content
    Numbered,
}

fn resumes_at(lines: &[Line], j: usize) -> Option<Resume> {
    let l = &lines[j];
    if starts_attachment(l) {
        return Some(Resume::Attachment);
    }
    if crate::patterns::FORM_TITLE.is_match(&l.text) {
        return Some(Resume::Form);
    }
    // a table: a ` | ` row whose first cell is TT/STT, or a header that starts with TT
    if let Some(cells) = crate::tables::pipe_cells(&l.text) {
        if cells.first().is_some_and(|c| crate::tables::is_tt_name(c)) && cells.len() >= 3 {
            return Some(Resume::Table);
        }
    }
    if crate::tables::is_tt_name(&l.text) && lines.get(j + 1).is_some_and(|n| !n.text.is_empty()) {
        return Some(Resume::Table);
    }
    // numbered text: a part, section, point or article label with a sentence after it
    // (recipient items and related-document lists are dashes)
    let numbered = l.label.as_ref().is_some_and(|lab| matches!(lab.kind, LabelKind::Roman(_) | LabelKind::Arabic(_) | LabelKind::Article(_) | LabelKind::Letter(_)));
    if numbered && l.rest().split_whitespace().count() >= 8 && !RELATED_ITEM.is_match(&l.text) {
        return Some(Resume::Numbered);
    }
    None
}

/// Where an attached title starts inside a signature line ("TM. ỦY BAN NHÂN DÂN …
/// PHÓ CHỦ TỊCH Nguyễn Văn A KẾ HOẠCH Triển khai …"), if one does.
fn glued_title(l: &Line) -> Option<usize> {
    if !is_signature_start(&l.text) {
        return None;
    }
    let m = crate::patterns::GLUED_TITLE.find(&l.text)?;
    // after the signer's name (written in title case), not inside the body's name in capitals
    let before = &l.text[..m.start()];
    (m.start() > 0 && before.chars().any(char::is_lowercase)).then_some(m.start())
}

fn number_of(s: &str) -> Option<usize> {
    s.parse().ok().or_else(|| crate::lines::parse_label(&format!("{s}. x")).and_then(|(l, _)| match l.kind {
        LabelKind::Roman(v) => Some(v as usize),
        _ => None,
    }))
}

fn is_signature(l: &Line) -> bool {
    let first_cell = l.cells.as_ref().and_then(|c| c.first().cloned()).unwrap_or_else(|| l.text.clone());
    SIGNATURE.is_match(&first_cell) && first_cell.chars().count() < 80 || is_signature_start(&l.text) && glued_title(l).is_some()
}

fn is_signature_start(t: &str) -> bool {
    SIGNATURE.is_match(t)
}

/// "Nơi nhận:" (also split over two lines, "Nơi" / "nhận:"), or a row whose cells
/// hold it beside the signature ("Nơi nhận: - … | KT. THỦ TƯỚNG …").
fn is_recipients(lines: &[Line], i: usize) -> bool {
    let t = lines[i].text.trim_start_matches(['|', ' ']);
    t.starts_with("Nơi nhận") || t == "Nơi" && lines.get(i + 1).is_some_and(|n| n.text.starts_with("nhận"))
}

/// Two or more items "- 1 Kế hoạch …", "- 2 …" in a row: a website's related-documents list.
fn is_related_run(lines: &[Line], i: usize) -> bool {
    let item = |k: usize| lines.get(k).and_then(|l| RELATED_ITEM.captures(&l.text)).and_then(|c| c[1].parse::<u32>().ok());
    matches!((item(i), item(i + 1)), (Some(1), Some(2)))
}

fn starts_attachment(l: &Line) -> bool {
    ATTACHMENT_START.is_match(&l.text) && (is_all_caps(&l.text) || l.text.starts_with('(') || APPENDIX.is_match(&l.text))
}

fn push_trailing(lines: &[Line], start: usize, end: usize, trailing: &mut Vec<Trailing>) {
    let mut k = start;
    while k < end {
        let kind = if RELATED_ITEM.is_match(&lines[k].text) {
            "related-documents"
        } else if is_recipients(lines, k) {
            "recipients"
        } else if k == start {
            "signature"
        } else {
            "boilerplate"
        };
        let mut e = k + 1;
        let mut filed = false; // the recipients' list closes with "- Lưu: VT, …"
        while e < end {
            let t = &lines[e].text;
            let same = match kind {
                "related-documents" => RELATED_ITEM.is_match(t) || t.is_empty(),
                // a recipient wrapped over lines goes on until "- Lưu"
                "recipients" => t.starts_with('-') || t.is_empty() || !filed && t.chars().count() < 120 && lines[e].label.is_none() && !is_signature(&lines[e]),
                "signature" => !RELATED_ITEM.is_match(t) && !t.starts_with("Nơi nhận"),
                _ => !RELATED_ITEM.is_match(t) && !t.starts_with("Nơi nhận"),
            };
            if !same {
                break;
            }
            filed |= t.trim_start_matches(['-', ' ']).starts_with("Lưu");
            e += 1;
        }
        match trailing.last_mut() {
            Some(last) if last.kind == kind && last.to + 1 == lines[k].no => last.to = lines[e - 1].no,
            _ => trailing.push(Trailing { from: lines[k].no, to: lines[e - 1].no, kind: kind.into() }),
        }
        k = e;
    }
}

// ---------------------------------------------------------------------------------------------
// The tree builder

/// Levels of the stack; a label closes every open node at its level or below.
fn rank(kind: NodeKind, depth: usize) -> u32 {
    match kind {
        NodeKind::Preamble | NodeKind::Attachment | NodeKind::Appendix => 0,
        NodeKind::Chapter => 10,
        NodeKind::Article => 20,
        NodeKind::Part => 40,
        NodeKind::Section | NodeKind::Clause => 50 + depth as u32,
        NodeKind::Point => 60,
        NodeKind::Subpoint => 70,
        NodeKind::Dash => 80,
        NodeKind::Plus => 90,
        NodeKind::Row => 95,
    }
}

#[derive(Debug, Clone)]
struct BNode {
    kind: NodeKind,
    /// label as written without punctuation (`III`, `1`, `a`, `a1`); None for bullets
    label: Option<String>,
    /// part/section number or point letter index, for numbering checks
    num: Option<u32>,
    /// depth of a multi-level section number (`2.1.` is 1)
    depth: usize,
    /// the heading's lines: the label line's text and the lines that continue it
    heading: Vec<(usize, String)>,
    lines: Vec<(usize, String)>,
    line: Option<usize>,
    inferred: bool,
    children: Vec<usize>,
    /// part or section number of the last child section/part, letter of the last point
    last_section: u32,
    last_point: Option<u32>,
    /// a table row's text, heading, cells and table kind
    row: Option<RowData>,
}

#[derive(Debug, Clone)]
struct RowData {
    heading: Option<String>,
    text: Option<String>,
    cells: Vec<crate::model::Cell>,
    table: &'static str,
}

impl BNode {
    fn new(kind: NodeKind, label: Option<String>, num: Option<u32>, line: Option<usize>) -> Self {
        BNode { kind, label, num, depth: 0, heading: vec![], lines: vec![], line, inferred: false, children: vec![], last_section: 0, last_point: None, row: None }
    }
}

/// An arena tree; node 0 is the root (whose text is the preamble).
#[derive(Debug, Clone)]
struct Tree {
    nodes: Vec<BNode>,
    /// paragraphs are separated by blank lines and hard-wrapped (see [`wrapped_paragraphs`])
    wrapped: bool,
    /// final ids, filled by `to_nodes`
    ids: Vec<String>,
}

struct Built {
    tree: Tree,
    diagnostics: Vec<Diagnostic>,
    /// header lines of the tables (first header, repeats, separator rows)
    table_headers: Vec<usize>,
}

/// What the first pass saw: where parts start and where headings were lost.
#[derive(Debug, Default)]
struct Signals {
    /// (line, explicit number) of each part start at the top level
    parts: Vec<(usize, Option<u32>)>,
    /// lines where a lost section was inferred from points
    lost_sections: Vec<usize>,
    /// (line, number) of explicit sections
    sections: Vec<(usize, u32)>,
}

fn build_region(body: &[Line], refs: &[&(usize, CrossRef)], main: bool, wrapped: bool) -> Built {
    let phan_refs = refs.iter().any(|(_, r)| r.levels.iter().any(|(s, _)| *s == crate::tokens::Shape::Roman));
    let explicit_parts = body.iter().any(|l| matches!(l.label.as_ref().map(|x| &x.kind), Some(LabelKind::Roman(_))));
    let parts_mode = explicit_parts || (main && phan_refs);
    let tables = crate::tables::find(body);
    let mut signals = Signals::default();
    let first = run(body, &tables, parts_mode, &BTreeMap::new(), &mut signals, wrapped);
    let plan = plan_parts(&signals, refs);
    if plan.is_empty() {
        return first;
    }
    run(body, &tables, parts_mode, &plan, &mut Signals::default(), wrapped)
}

/// Chooses where parts whose headings are lost begin, beyond the section restarts:
/// between two known part numbers there must be as many parts as the numbers say.
fn plan_parts(signals: &Signals, refs: &[&(usize, CrossRef)]) -> BTreeMap<usize, String> {
    let mut plan = BTreeMap::new();
    let ref_pairs: Vec<(u32, u32)> = refs
        .iter()
        .filter_map(|(_, r)| r.part_section())
        .filter_map(|(p, s)| crate::lines::parse_label(&format!("{p}. x")).and_then(|(l, _)| match l.kind {
            LabelKind::Roman(v) => Some((v, s)),
            _ => None,
        }))
        .take(512)
        .collect();
    let mut prev_num = 0u32;
    let mut prev_line = 0usize;
    let mut inferred_between: Vec<usize> = Vec::new();
    for &(line, num) in &signals.parts {
        let Some(k) = num else {
            inferred_between.push(line);
            continue;
        };
        let need = k.saturating_sub(prev_num + 1) as usize;
        let mut starts = inferred_between.clone();
        while starts.len() < need {
            let candidates: Vec<usize> = signals
                .lost_sections
                .iter()
                .copied()
                .filter(|&c| c > prev_line && c < line && !starts.contains(&c))
                .take(64)
                .collect();
            if candidates.is_empty() {
                break;
            }
            // the placement under which most "mục N phần R" references find their section wins
            let score = |c: usize| {
                let mut s: Vec<usize> = starts.iter().copied().chain([c]).collect();
                s.sort_unstable();
                ref_pairs
                    .iter()
                    .filter(|(r, sec)| {
                        let idx = r.checked_sub(prev_num + 1).map(|x| x as usize);
                        let Some(idx) = idx.filter(|&x| x < s.len()) else { return false };
                        let from = s[idx];
                        let to = s.get(idx + 1).copied().unwrap_or(line);
                        signals.sections.iter().any(|&(l, n)| n == *sec && l >= from && l < to)
                    })
                    .count()
            };
            let best = candidates.iter().copied().map(|c| (score(c), std::cmp::Reverse(c))).max().map(|(_, c)| c.0);
            let Some(best) = best else { break };
            plan.insert(best, format!("a whole part is missing before part {} ({} part(s) found between)", to_roman(k), starts.len()));
            starts.push(best);
            starts.sort_unstable();
        }
        prev_num = k;
        prev_line = line;
        inferred_between.clear();
    }
    plan
}

/// One pass of the stack machine over a region's lines.
fn run(body: &[Line], tables: &[Table], parts_mode: bool, plan: &BTreeMap<usize, String>, signals: &mut Signals, wrapped: bool) -> Built {
    let mut tree = Tree { nodes: vec![BNode::new(NodeKind::Preamble, None, None, None)], ids: vec![], wrapped };
    let mut stack: Vec<usize> = vec![0];
    let mut diags: Vec<(Diagnostic, usize)> = Vec::new(); // (diagnostic, node index)
    let mut table_headers = Vec::new();
    let mut started = false;
    let mut next_table = tables.iter().peekable();
    let mut i = 0;
    // a label glued to the end of the line before, taken for this line: (label, its line)
    let mut pending: Option<(Label, usize)> = None;
    let mut glued_line: Line;
    while i < body.len() {
        let mut l = &body[i];
        let mut glued_from = None;
        if let Some((label, no)) = pending.take() {
            if l.label.is_none() && !l.text.is_empty() {
                glued_line = Line { label: Some(Box::new(label)), rest_span: (0, l.text.len() as u32), glued: None, ..l.clone() };
                l = &glued_line;
                glued_from = Some(no);
            }
        }
        if let Some(t) = next_table.next_if(|t| t.start == i) {
            place_table(&mut tree, &mut stack, t, body);
            if let Some(first) = t.rows.iter().find(|r| r.inferred) {
                let n = t.rows.iter().filter(|r| r.inferred).count();
                diags.push((
                    Diagnostic::warning("inferred-node", Some(first.line), format!("the {n} rows of the table at line {} have no TT numbers (automatic numbering lost in copying?): they are numbered by position", t.start_line(body))),
                    0,
                ));
            }
            table_headers.extend(t.header_lines.iter().copied());
            i = t.end;
            started = true;
            continue;
        }
        i += 1;
        if l.furniture.is_some() {
            continue;
        }
        // bullets before the first structural label stay preamble text
        let Some(label) = l.label.as_ref().filter(|lab| started || !matches!(lab.kind, LabelKind::Dash | LabelKind::Plus)) else {
            // a closing paragraph ("Trên đây là …", "Ủy ban nhân dân … yêu cầu …") belongs to
            // the part it closes, not to its last item (gold hanoi_310: "belongs to part V as a whole")
            let paragraph_start = !wrapped || i < 2 || body[i - 2].text.is_empty();
            let mut para = l.text.clone();
            if wrapped {
                for next in body[i..].iter().take(2).take_while(|n| !n.text.is_empty() && n.label.is_none()) {
                    para.push(' ');
                    para.push_str(&next.text);
                }
            }
            if paragraph_start && started && closes_part(&para) {
                if let Some(p) = stack.iter().rposition(|&k| tree.nodes[k].kind == NodeKind::Part) {
                    stack.truncate(p + 1);
                }
            }
            let top = *stack.last().expect("root stays");
            if let Some((label, at)) = l.glued.as_deref().filter(|(lab, _)| started && continues_numbering(&tree, &stack, lab)) {
                let before = l.text[..*at].trim_end();
                if !before.is_empty() {
                    tree.nodes[top].lines.push((l.no, before.to_string()));
                }
                pending = Some((label.clone(), l.no));
                continue;
            }
            if !l.text.is_empty() {
                tree.nodes[top].lines.push((l.no, l.text.clone()));
            }
            continue;
        };
        started = true;
        // the label's paragraph may be wrapped over the next lines
        let table_at = next_table.peek().map(|t| t.start);
        let more_len = continuation(body, i, l, table_at, wrapped);
        let more = &body[i..i + more_len];
        i += more_len;
        let in_article = stack.iter().any(|&i| tree.nodes[i].kind == NodeKind::Article);
        if let Some(why) = plan.get(&l.no) {
            pop_to(&mut tree, &mut stack, 40);
            let n = last_part_number(&tree, &stack) + 1;
            let idx = open_inferred(&mut tree, &mut stack, NodeKind::Part, n);
            diags.push((inferred_diag(&tree, idx, format!("{why}; its first lost heading is signalled at line {}", l.no)), idx));
        }
        match &label.kind {
            LabelKind::Chapter(v) => {
                pop_to(&mut tree, &mut stack, 10);
                push(&mut tree, &mut stack, NodeKind::Chapter, label, Some(*v), l, more);
            }
            LabelKind::Article(v) => {
                pop_to(&mut tree, &mut stack, 20);
                push(&mut tree, &mut stack, NodeKind::Article, label, Some(*v), l, more);
            }
            LabelKind::Upper(v) | LabelKind::PartWord(v) => {
                pop_to(&mut tree, &mut stack, 30);
                let idx = push(&mut tree, &mut stack, NodeKind::Part, label, Some(*v), l, more);
                tree.nodes[idx].depth = 0;
            }
            LabelKind::Roman(v) => {
                pop_to(&mut tree, &mut stack, 40);
                let last = last_part_number(&tree, &stack);
                if *v > last + 1 && !in_article {
                    diags.push((Diagnostic::warning("numbering-gap", Some(l.no), format!("part {} follows part {}: {} part(s) missing", label.raw, to_roman(last.max(1)), v - last - 1)), 0));
                }
                if stack.len() == 1 {
                    signals.parts.push((l.no, Some(*v)));
                }
                let parent = *stack.last().expect("root");
                tree.nodes[parent].last_section = *v;
                push(&mut tree, &mut stack, NodeKind::Part, label, Some(*v), l, more);
            }
            LabelKind::Arabic(nums) => {
                let depth = nums.len() - 1;
                pop_to(&mut tree, &mut stack, 50 + depth as u32);
                let top = *stack.last().expect("root");
                let kind = if tree.nodes[top].kind == NodeKind::Article || tree.nodes[top].kind == NodeKind::Clause { NodeKind::Clause } else { NodeKind::Section };
                let n = *nums.last().unwrap_or(&0);
                if depth == 0 && kind == NodeKind::Section {
                    signals.sections.push((l.no, n));
                    let top_kind = tree.nodes[top].kind;
                    let last = tree.nodes[top].last_section;
                    if parts_mode && !in_article && (top_kind == NodeKind::Preamble || top_kind == NodeKind::Part && n <= last && !plan.contains_key(&l.no)) {
                        // no part open, or the section numbering restarts: the part heading was lost
                        let evidence = if top_kind == NodeKind::Preamble {
                            format!("section {n}. stands outside any part")
                        } else {
                            format!("section {n}. restarts the numbering after {last}.")
                        };
                        pop_to(&mut tree, &mut stack, 40);
                        let pn = last_part_number(&tree, &stack) + 1;
                        if stack.len() == 1 {
                            signals.parts.push((l.no, None));
                        }
                        let idx = open_inferred(&mut tree, &mut stack, NodeKind::Part, pn);
                        diags.push((inferred_diag(&tree, idx, format!("{evidence} (line {})", l.no)), idx));
                    } else if top_kind == NodeKind::Part && n > last + 1 {
                        diags.push((Diagnostic::warning("numbering-gap", Some(l.no), format!("section {n}. follows section {last}.: the heading of {} section(s) is missing and no content was found for it", n - last - 1)), 0));
                    }
                }
                let parent = *stack.last().expect("root");
                tree.nodes[parent].last_section = n;
                let idx = push(&mut tree, &mut stack, kind, label, Some(n), l, more);
                tree.nodes[idx].depth = depth;
            }
            LabelKind::Letter(i) => {
                pop_to(&mut tree, &mut stack, 60);
                let mut top = *stack.last().expect("root");
                let kind_top = tree.nodes[top].kind;
                if kind_top == NodeKind::Section {
                    let after_dashes = tree.nodes[top].children.last().is_some_and(|&c| matches!(tree.nodes[c].kind, NodeKind::Dash | NodeKind::Plus));
                    let restarts = tree.nodes[top].last_point.is_some_and(|p| *i <= p);
                    if (after_dashes || restarts) && parts_mode && !in_article {
                        let evidence = if restarts {
                            format!("point {}) restarts after {}) (line {})", label.raw, letter_at(tree.nodes[top].last_point.unwrap_or(0)), l.no)
                        } else {
                            format!("points begin after the dashes of a section, below which points cannot stand (line {})", l.no)
                        };
                        signals.lost_sections.push(l.no);
                        pop_to(&mut tree, &mut stack, 50);
                        let parent = *stack.last().expect("root");
                        if tree.nodes[parent].kind == NodeKind::Part || tree.nodes[parent].kind == NodeKind::Preamble {
                            let n = tree.nodes[parent].last_section + 1;
                            let idx = open_inferred(&mut tree, &mut stack, NodeKind::Section, n);
                            diags.push((inferred_diag(&tree, idx, evidence), idx));
                        }
                        top = *stack.last().expect("root");
                    }
                } else if kind_top == NodeKind::Part && parts_mode && !in_article {
                    // points directly under a part: the section heading above them was lost
                    let n = tree.nodes[top].last_section + 1;
                    let idx = open_inferred(&mut tree, &mut stack, NodeKind::Section, n);
                    diags.push((inferred_diag(&tree, idx, format!("points begin under a part with no section heading (line {})", l.no)), idx));
                    top = idx;
                } else if kind_top == NodeKind::Preamble && parts_mode && stack.len() == 1 {
                    let pn = last_part_number(&tree, &stack) + 1;
                    signals.parts.push((l.no, None));
                    let p = open_inferred(&mut tree, &mut stack, NodeKind::Part, pn);
                    diags.push((inferred_diag(&tree, p, format!("points stand outside any part (line {})", l.no)), p));
                    let s = open_inferred(&mut tree, &mut stack, NodeKind::Section, 1);
                    diags.push((inferred_diag(&tree, s, format!("points stand outside any section (line {})", l.no)), s));
                    top = s;
                }
                tree.nodes[top].last_point = Some(*i);
                push(&mut tree, &mut stack, NodeKind::Point, label, Some(*i), l, more);
            }
            LabelKind::LetterDigit(_, n) => {
                pop_to(&mut tree, &mut stack, 70);
                push(&mut tree, &mut stack, NodeKind::Subpoint, label, Some(*n), l, more);
            }
            LabelKind::Dash => {
                pop_to(&mut tree, &mut stack, 80);
                push(&mut tree, &mut stack, NodeKind::Dash, label, None, l, more);
            }
            LabelKind::Plus => {
                pop_to(&mut tree, &mut stack, 90);
                push(&mut tree, &mut stack, NodeKind::Plus, label, None, l, more);
            }
        }
        // a label glued to the end of the line before starts its node on that line (spec, `line`)
        if let Some(no) = glued_from {
            let top = *stack.last().expect("root");
            tree.nodes[top].line = Some(no);
        }
    }
    let diagnostics = diags.into_iter().map(|(d, _)| d).collect();
    Built { tree, diagnostics, table_headers }
}

/// Puts a table's rows into the tree under the node open where the table starts:
/// group rows (`I`) first, numbered rows under the last group row, sub-rows (`-`,
/// `11.1`) under the last numbered row (spec, "Decisions, attachments and appendices").
fn place_table(tree: &mut Tree, stack: &mut Vec<usize>, table: &Table, body: &[Line]) {
    let container = *stack.last().expect("root");
    let depth = stack.len();
    let kind = if table.is_tasks() {
        "tasks"
    } else if table.is_targets() {
        "targets"
    } else {
        "other"
    };
    // the lines of a region are consecutive, so a line number is an index
    let first = body.first().map_or(0, |l| l.no);
    let text_of = |no: usize| no.checked_sub(first).and_then(|i| body.get(i)).map(|l| l.text.clone()).unwrap_or_default();
    let mut group: Option<usize> = None;
    let mut item: Option<usize> = None;
    for row in &table.rows {
        let content = row.cells.iter().find(|c| matches!(table.columns[c.column].role, Role::Content | Role::Indicator)).map(|c| c.text.clone());
        let cells: Vec<crate::model::Cell> = row
            .cells
            .iter()
            .map(|c| crate::model::Cell {
                column: table.columns[c.column].name.clone(),
                role: table.columns[c.column].role.name().into(),
                text: c.text.clone(),
                line: c.line,
                merged: c.merged,
                year: table.columns[c.column].year,
            })
            .collect();
        let lines: Vec<(usize, String)> = row.lines.iter().map(|&no| (no, text_of(no))).collect();
        if row.kind == RowKind::Loose {
            tree.nodes[container].lines.extend(lines);
            continue;
        }
        let parent = match row.kind {
            RowKind::Group => container,
            RowKind::Item => group.unwrap_or(container),
            _ => item.or(group).unwrap_or(container),
        };
        let mut node = BNode::new(NodeKind::Row, row.label.clone(), None, Some(row.line));
        node.inferred = row.inferred;
        node.lines = lines;
        node.row = Some(RowData {
            heading: if row.kind == RowKind::Group { content.clone() } else { None },
            text: if row.kind == RowKind::Group { None } else { content },
            cells,
            table: kind,
        });
        let idx = tree.nodes.len();
        tree.nodes.push(node);
        tree.nodes[parent].children.push(idx);
        match row.kind {
            RowKind::Group => {
                group = Some(idx);
                item = None;
            }
            RowKind::Item => item = Some(idx),
            _ => {}
        }
    }
    stack.truncate(depth);
}

fn pop_to(tree: &mut Tree, stack: &mut Vec<usize>, below: u32) {
    while stack.len() > 1 {
        let top = *stack.last().expect("non-empty");
        let n = &tree.nodes[top];
        if rank(n.kind, n.depth) >= below {
            stack.pop();
        } else {
            break;
        }
    }
}

/// The number of the last part opened in the container on top of the stack.
fn last_part_number(tree: &Tree, stack: &[usize]) -> u32 {
    let parent = *stack.last().expect("root");
    tree.nodes[parent].children.iter().rev().find(|&&c| tree.nodes[c].kind == NodeKind::Part).and_then(|&c| tree.nodes[c].num).unwrap_or(0)
}

fn push(tree: &mut Tree, stack: &mut Vec<usize>, kind: NodeKind, label: &Label, num: Option<u32>, l: &Line, more: &[Line]) -> usize {
    let parent = *stack.last().expect("root");
    let mut node = BNode::new(kind, if matches!(kind, NodeKind::Dash | NodeKind::Plus) { None } else { Some(label.raw.clone()) }, num, Some(l.no));
    // the label's paragraph: its line and the wrapped lines that continue it
    let mut parts: Vec<(usize, String)> = Vec::new();
    if !l.rest().trim().is_empty() {
        parts.push((l.no, l.rest().trim().to_string()));
    }
    parts.extend(more.iter().map(|m| (m.no, m.text.trim().to_string())));
    if !parts.is_empty() {
        let joined = join_text(parts.iter().map(|(n, t)| (*n, t.as_str())), true).unwrap_or_default();
        if is_heading(kind, &joined) {
            node.heading = parts;
        } else {
            node.lines = parts;
        }
    }
    let idx = tree.nodes.len();
    tree.nodes.push(node);
    tree.nodes[parent].children.push(idx);
    stack.push(idx);
    idx
}

/// How many lines after a label line continue its first paragraph: a hard wrap
/// (the line before ends no sentence and this one starts in lower case, or after a
/// comma, or both are in capitals: "I. MỤC ĐÍCH,⏎YÊU CẦU"), or a markdown emphasis
/// left open ("**III. NỘI⏎DUNG GIÁM SÁT**"; conventions §7.4). A blank line, a label,
/// a table row or page furniture ends it.
fn continuation(body: &[Line], from: usize, l: &Line, table_at: Option<usize>, wrapped: bool) -> usize {
    let mut prev = l.rest().trim().to_string();
    let mut emphasis = l.emphasis_open;
    let mut n = 0;
    // a label alone on its line: its heading or text is the next line ("1." / "Mục đích")
    if prev.is_empty() {
        match body.get(from) {
            Some(next) if !next.text.trim().is_empty() && next.label.is_none() && next.cells.is_none() && next.furniture.is_none() && table_at != Some(from) => {
                prev = next.text.trim().to_string();
                n = 1;
                // one line: a heading standing alone ends there, unless its emphasis or a wrap goes on
                if !emphasis && !wrapped && (is_all_caps(&prev) || !prev.ends_with([',', '-'])) && body.get(from + 1).is_none_or(|x| !x.text.starts_with(|c: char| c.is_lowercase())) {
                    return 1;
                }
            }
            _ => return 0,
        }
    }
    while let Some(next) = body.get(from + n) {
        let t = next.text.trim();
        if t.is_empty() || next.label.is_some() || next.cells.is_some() || next.furniture.is_some() || table_at == Some(from + n) {
            break;
        }
        let ended = prev.ends_with(['.', ';', ':', '!', '?']);
        let continues = if emphasis {
            n < 4
        } else if wrapped {
            true
        } else {
            !prev.is_empty()
                && !ended
                && (t.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
                    || prev.ends_with([',', '-', '–', '&'])
                    || is_all_caps(&prev) && is_all_caps(t) && t.chars().count() <= 120)
        };
        if !continues {
            break;
        }
        if emphasis && next.emphasis_close {
            emphasis = false;
        }
        prev = t.to_string();
        n += 1;
        if !emphasis && l.emphasis_open && n > 0 && next.emphasis_close {
            break;
        }
    }
    n
}

/// Whether the document separates its paragraphs by blank lines and wraps them
/// (text copied from a web page at a fixed width: conventions §7.4): most labels
/// stand after a blank line, and many unlabelled lines follow another line with no
/// blank between. Then a paragraph is the run of lines between blank lines.
fn wrapped_paragraphs(lines: &[Line]) -> bool {
    let mut labels = 0;
    let mut after_blank = 0;
    let mut glued = 0;
    for w in lines.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if b.text.is_empty() || b.furniture.is_some() || b.cells.is_some() {
            continue;
        }
        if b.label.is_some() {
            labels += 1;
            after_blank += usize::from(a.text.is_empty());
        } else if !a.text.is_empty() && a.cells.is_none() && a.furniture.is_none() {
            glued += 1;
        }
    }
    labels >= 5 && after_blank * 10 >= labels * 8 && glued >= 5
}

/// Whether a label glued to the end of a line continues the numbering open where it
/// stands: the next part number, or the next sub-section of the open section ("1.1."
/// under "1.", "2.3." after "2.2.").
fn continues_numbering(tree: &Tree, stack: &[usize], label: &Label) -> bool {
    match &label.kind {
        LabelKind::Roman(v) => {
            let root = stack.first().copied().unwrap_or(0);
            let last = tree.nodes[root].children.iter().rev().find(|&&c| tree.nodes[c].kind == NodeKind::Part).and_then(|&c| tree.nodes[c].num).unwrap_or(0);
            *v == last + 1 && last > 0
        }
        LabelKind::Arabic(nums) if nums.len() >= 2 => {
            // the open section at the level above, and the last sibling under it
            let parent_num = nums[nums.len() - 2];
            let n = *nums.last().unwrap_or(&0);
            stack.iter().rev().any(|&k| {
                let node = &tree.nodes[k];
                node.kind == NodeKind::Section && node.depth + 2 == nums.len() && node.num == Some(parent_num) && (n == node.last_section + 1 || n == 1 && node.last_section == 0)
            })
        }
        _ => false,
    }
}

/// A paragraph that closes a plan: "Trên đây là Kế hoạch …", "Trong quá trình tổ chức
/// thực hiện …", "Ủy ban nhân dân Thành phố yêu cầu …" (conventions §3.1, closing sentences).
fn closes_part(text: &str) -> bool {
    // the formula opens the paragraph: its first words are enough (a paragraph is long)
    let head = crate::tokens::head_key(text, 12);
    crate::dict::starts_with_word(&head, "closing_formulas") || format!("{head} ").contains(" yêu cầu các ") && crate::dict::starts_with_word(&head, "issuer_openings")
}

/// A node's heading from its lines.
fn join_heading(parts: &[(usize, String)]) -> Option<String> {
    join_text(parts.iter().map(|(n, t)| (*n, t.as_str())), true).map(|h| h.replace('\n', " "))
}

fn open_inferred(tree: &mut Tree, stack: &mut Vec<usize>, kind: NodeKind, num: u32) -> usize {
    let parent = *stack.last().expect("root");
    let label = match kind {
        NodeKind::Part => to_roman(num),
        _ => num.to_string(),
    };
    let mut node = BNode::new(kind, Some(label), Some(num), None);
    node.inferred = true;
    let idx = tree.nodes.len();
    tree.nodes.push(node);
    tree.nodes[parent].children.push(idx);
    tree.nodes[parent].last_section = num;
    if kind == NodeKind::Part {
        tree.nodes[parent].last_point = None;
    }
    stack.push(idx);
    idx
}

fn inferred_diag(tree: &Tree, idx: usize, evidence: String) -> Diagnostic {
    let what = match tree.nodes[idx].kind {
        NodeKind::Part => "part",
        _ => "section",
    };
    let label = tree.nodes[idx].label.clone().unwrap_or_default();
    Diagnostic::warning("inferred-node", None, format!("{what} {label} inferred: its heading is missing from the text; {evidence}"))
        .at_node(format!("#{idx}"))
}

/// A label's text is a heading when it is short and not a sentence: "Mục đích",
/// "Năm 2020", "Lĩnh vực y tế:", "THỜI GIAN VÀ NGUỒN LỰC THỰC HIỆN".
fn is_heading(kind: NodeKind, rest: &str) -> bool {
    if matches!(kind, NodeKind::Dash | NodeKind::Plus | NodeKind::Clause) {
        return false;
    }
    if is_all_caps(rest) {
        return true;
    }
    let words = rest.split_whitespace().count();
    let sentence_end = rest.ends_with('.') || rest.ends_with(';') || rest.contains(". ") || rest.contains("; ");
    words <= 12 && !sentence_end
}

impl Tree {
    /// Converts the arena into model nodes with ids, collecting spans. Node ids of
    /// diagnostics (`#idx`) are rewritten to the final ids by the caller's list.
    fn to_nodes(&mut self, prefix: &str, seen: &mut SeenIds, spans: &mut Vec<Span>, diags: &mut Vec<Diagnostic>) -> Vec<Node> {
        let mut out_ids: Vec<String> = vec![String::new(); self.nodes.len()];
        // assign ids top-down with an explicit stack
        let mut order: Vec<(usize, String)> = Vec::new();
        let mut work: Vec<(usize, String)> = self.nodes[0].children.iter().rev().map(|&c| (c, String::new())).collect();
        let mut dash_counts: HashMap<(usize, NodeKind), usize> = HashMap::new();
        // dash/plus positions are counted per parent in document order
        let mut position: HashMap<usize, usize> = HashMap::new();
        for (pi, p) in self.nodes.iter().enumerate() {
            for &c in &p.children {
                let k = match (self.nodes[c].kind, self.nodes[c].label.as_deref()) {
                    (NodeKind::Row, Some("-")) => NodeKind::Dash,
                    (NodeKind::Row, Some("+")) => NodeKind::Plus,
                    (k, _) => k,
                };
                if matches!(k, NodeKind::Dash | NodeKind::Plus) {
                    let e = dash_counts.entry((pi, k)).or_insert(0);
                    *e += 1;
                    position.insert(c, *e);
                }
            }
        }
        while let Some((idx, parent_id)) = work.pop() {
            let n = &self.nodes[idx];
            let own = match n.kind {
                NodeKind::Dash => format!("-{}", position.get(&idx).copied().unwrap_or(1)),
                NodeKind::Plus => format!("+{}", position.get(&idx).copied().unwrap_or(1)),
                NodeKind::Article => format!("Đ{}", n.label.clone().unwrap_or_default()),
                NodeKind::Chapter => format!("Ch{}", n.label.clone().unwrap_or_default()),
                NodeKind::Row => match n.label.as_deref() {
                    Some("-") => format!("-{}", position.get(&idx).copied().unwrap_or(1)),
                    Some("+") => format!("+{}", position.get(&idx).copied().unwrap_or(1)),
                    // a multi-level TT cell under its row: "11.1" is the first sub-row of 11
                    Some(l) if l.contains('.') && !parent_id.is_empty() => l.rsplit('.').next().unwrap_or(l).to_string(),
                    l => l.unwrap_or_default().to_string(),
                },
                _ => n.label.clone().unwrap_or_default(),
            };
            let mut id = if parent_id.is_empty() { format!("{prefix}{own}") } else { format!("{parent_id}.{own}") };
            let unique = seen.claim(&id);
            if unique != id {
                diags.push(Diagnostic::warning("duplicate-id", n.line, format!("the label path {id} occurs twice; this node is {unique}")));
                id = unique;
            }
            out_ids[idx] = id.clone();
            order.push((idx, id.clone()));
            for &c in n.children.iter().rev() {
                work.push((c, id.clone()));
            }
        }
        // spans in document order: the preamble first, then nodes by line
        let preamble_id = format!("{prefix}preamble");
        let mut all_spans: Vec<Span> = Vec::new();
        for (line, text) in &self.nodes[0].lines {
            all_spans.push(Span { node: preamble_id.clone(), line: *line, text: text.clone(), heading: false });
        }
        for (idx, id) in &order {
            let n = &self.nodes[*idx];
            for (line, h) in &n.heading {
                all_spans.push(Span { node: id.clone(), line: *line, text: h.clone(), heading: true });
            }
            for (line, text) in &n.lines {
                all_spans.push(Span { node: id.clone(), line: *line, text: text.clone(), heading: false });
            }
        }
        all_spans.sort_by_key(|s| s.line);
        spans.extend(all_spans);
        // build the model tree bottom-up: children before parents
        let mut built: Vec<Option<Node>> = vec![None; self.nodes.len()];
        for (idx, id) in order.iter().rev() {
            let n = &self.nodes[*idx];
            let children: Vec<Node> = n.children.iter().filter_map(|&c| built[c].take()).collect();
            let (heading, text) = match &n.row {
                Some(r) => (r.heading.clone(), r.text.clone()),
                None => (join_heading(&n.heading), join_text(n.lines.iter().map(|(no, t)| (*no, t.as_str())), self.wrapped)),
            };
            built[*idx] = Some(Node {
                id: id.clone(),
                kind: n.kind,
                label: n.label.clone(),
                heading,
                heading_guess: None,
                text,
                line: n.line,
                inferred: n.inferred,
                cells: n.row.as_ref().map(|r| r.cells.clone()),
                table: n.row.as_ref().map(|r| r.table.to_string()),
                children,
            });
        }
        let mut roots: Vec<Node> = Vec::new();
        if !self.nodes[0].lines.is_empty() {
            roots.push(Node {
                id: preamble_id,
                kind: NodeKind::Preamble,
                label: None,
                heading: None,
                heading_guess: None,
                text: join_text(self.nodes[0].lines.iter().map(|(no, t)| (*no, t.as_str())), self.wrapped),
                line: self.nodes[0].lines.first().map(|(l, _)| *l),
                inferred: false,
                cells: None,
                table: None,
                children: vec![],
            });
        }
        roots.extend(self.nodes[0].children.iter().filter_map(|&c| built[c].take()));
        self.ids = out_ids;
        roots
    }
}
