//! Stage 3b, tables: classified lines in, table rows out.
//!
//! Task and target tables reach us in two renderings (conventions §3, §7):
//! - rows of ` | `-separated cells, one line per row (markdown, web pages);
//! - a table extracted from a PDF, flattened one cell per line, long cells
//!   wrapped over several lines, empty cells left as whitespace-only lines, the
//!   header repeated at the top of every page and its own names wrapped
//!   ("Cơ quan chủ ⏎ trì thực hiện").
//!
//! Both are read into the same rows. The header names give each column its role
//! (content, lead, support, time, indicator, unit, value …, from
//! `data/table_columns.tsv`); the STT/TT cell gives each row its label and level
//! (`I` a group row, `12` a numbered row, `-` a sub-row).
//!
//! A flattened row is cut into its cells by a small dynamic programme over its
//! lines: a cut costs by how little it looks like a cell boundary (a lower-case
//! start, a line ending in a comma or "và", an agency name not yet complete) and
//! a continuation by how much the next line looks like a new cell (an agency
//! name or a time phrase opening a line after a finished one). Whitespace-only
//! lines are empty cells and page breaks are boundaries; after the last column a
//! row may go on as a sub-row with an empty TT cell or across a page break.
//! Cells a merged (vertically spanning) cell covered are taken from the sub-row
//! above. Each row costs lines × columns², so the stage stays linear.

use crate::dict;
use crate::lines::{LabelKind, Line, is_all_caps, parse_label};
use crate::normalize::fold_key;
use crate::patterns::{APPENDIX, SIGNATURE, TIME_START};
use std::collections::HashSet;
use std::sync::LazyLock;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Tt,
    Content,
    Lead,
    Support,
    Time,
    Product,
    Indicator,
    Unit,
    Value,
    Note,
    Funding,
    /// The staff who carry a task out ("Người thực hiện"): people, not agencies, so
    /// never an owner of the task (spec, `tasks`: owners are agencies).
    Person,
    Other,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Tt => "tt",
            Role::Content => "content",
            Role::Lead => "lead",
            Role::Support => "support",
            Role::Time => "time",
            Role::Product => "product",
            Role::Indicator => "indicator",
            Role::Unit => "unit",
            Role::Value => "value",
            Role::Note => "note",
            Role::Funding => "funding",
            Role::Person => "person",
            Role::Other => "other",
        }
    }
}

/// A column: its name as written and its role; a value column may name its year.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub role: Role,
    pub year: Option<i32>,
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub column: usize,
    pub text: String,
    /// The line the cell starts on.
    pub line: usize,
    /// Taken from the row above, whose merged cell spans this row.
    pub merged: bool,
}

/// The level of a row, from its TT cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// `I`, `II`, `A`: a group heading spanning the table.
    Group,
    /// `1`, `12`: a numbered row.
    Item,
    /// `-`, `+`, `11.1`, `a`: a row under a numbered row.
    Sub,
    /// Lines before the first TT cell.
    Loose,
}

/// One row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The TT cell without its punctuation (`I`, `12`, `11.1`, `-`).
    pub label: Option<String>,
    pub kind: RowKind,
    /// The line of the TT cell (of the row, for ` | ` rows).
    pub line: usize,
    pub cells: Vec<Cell>,
    /// Every line of the row, in order.
    pub lines: Vec<usize>,
    /// The label is the row's position: no row of its table has a TT cell (Word's
    /// automatic numbering, lost in copying, conventions §7.2).
    pub inferred: bool,
}

/// A table: its columns, the lines it covers and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    /// Index (into the lines given to [`find`]) of the first header line.
    pub start: usize,
    /// Index after the last line.
    pub end: usize,
    /// Line numbers of header lines: the first header, its repeats on later pages,
    /// markdown separator rows.
    pub header_lines: Vec<usize>,
    pub rows: Vec<Row>,
    /// Whether the table was flattened one cell per line.
    pub flattened: bool,
}

impl Table {
    /// The source line of the table's first line, given the lines it was read from.
    pub fn start_line(&self, lines: &[Line]) -> usize {
        lines.get(self.start).map_or(0, |l| l.no)
    }

    pub fn has(&self, role: Role) -> bool {
        self.columns.iter().any(|c| c.role == role)
    }

    /// A targets table: indicators with units and values.
    pub fn is_targets(&self) -> bool {
        self.has(Role::Indicator) && (self.has(Role::Value) || self.has(Role::Unit))
    }

    /// A task table: tasks with owners or deadlines.
    pub fn is_tasks(&self) -> bool {
        !self.is_targets() && self.has(Role::Content) && (self.has(Role::Lead) || self.has(Role::Time) || self.has(Role::Person))
    }

    /// The text of a row's cell of a role, if any.
    pub fn cell<'a>(&self, row: &'a Row, role: Role) -> Option<&'a Cell> {
        row.cells.iter().find(|c| self.columns.get(c.column).is_some_and(|col| col.role == role))
    }
}

/// Column names and their roles (data file).
static COLUMN_NAMES: LazyLock<Vec<(bool, String, Role)>> = LazyLock::new(|| {
    include_str!("../data/table_columns.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut it = l.split('\t');
            let how = it.next()?;
            let words = fold_key(it.next()?);
            let role = match it.next()?.trim() {
                "tt" => Role::Tt,
                "content" => Role::Content,
                "lead" => Role::Lead,
                "support" => Role::Support,
                "time" => Role::Time,
                "product" => Role::Product,
                "indicator" => Role::Indicator,
                "unit" => Role::Unit,
                "value" => Role::Value,
                "note" => Role::Note,
                "funding" => Role::Funding,
                "person" => Role::Person,
                _ => Role::Other,
            };
            Some((how == "prefix", words, role))
        })
        .collect()
});

/// Every proper word-prefix of a known agency name ("bộ khoa học" of "bộ khoa học và
/// công nghệ"): a cell line ending in one is not the end of the name.
static AGENCY_PREFIXES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set = HashSet::new();
    for key in dict::AGENCY_KEYS.iter() {
        let words: Vec<&str> = key.split(' ').collect();
        for k in 1..words.len() {
            set.insert(words[..k].join(" "));
        }
    }
    for h in crate::tokens::agency::head_words() {
        set.insert(fold_key(h));
    }
    for k in dict::AGENCY_KEYS.iter() {
        set.remove(k);
    }
    set
});

/// The role of a column from its name.
fn column(name: &str) -> Column {
    let clean: String = name.replace("**", "");
    let key = fold_key(clean.trim().trim_end_matches([':', '.']));
    let year = crate::patterns::YEAR_IN.find(&key).and_then(|m| m.as_str().parse().ok());
    let mut role = COLUMN_NAMES
        .iter()
        .find(|(prefix, words, _)| {
            if *prefix {
                key.starts_with(words.as_str()) && key[words.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())
            } else {
                key.contains(words.as_str())
            }
        })
        .map_or(Role::Other, |(_, _, r)| *r);
    if year.is_some() && matches!(role, Role::Other | Role::Indicator | Role::Product) {
        role = Role::Value; // "Năm 2025", "2025", "Chỉ tiêu năm 2025"
    }
    Column { name: clean.trim().to_string(), role, year }
}

/// Finishes the roles once all columns are known: in a targets table the "Kết quả"
/// column holds the values and a "Nội dung" column the indicators.
fn settle(mut columns: Vec<Column>) -> Vec<Column> {
    let targets = columns.iter().any(|c| c.role == Role::Indicator)
        || columns.iter().any(|c| c.role == Role::Unit) && columns.iter().any(|c| c.role == Role::Value);
    if targets {
        for c in columns.iter_mut() {
            if c.role == Role::Product { c.role = Role::Value }
        }
        if !columns.iter().any(|c| c.role == Role::Indicator) {
            if let Some(c) = columns.iter_mut().find(|c| c.role == Role::Content) {
                c.role = Role::Indicator;
            }
        }
    }
    columns
}

/// A header is usable when it names what the rows hold.
fn usable(columns: &[Column]) -> bool {
    let has = |r: Role| columns.iter().any(|c| c.role == r);
    let unknown = columns.iter().filter(|c| c.role == Role::Other).count();
    (has(Role::Content) || has(Role::Indicator))
        && (has(Role::Lead) || has(Role::Support) || has(Role::Time) || has(Role::Unit) || has(Role::Value) || has(Role::Person))
        && unknown * 3 <= columns.len()
}

/// The cells of a ` | ` row, by position (empty cells kept).
pub fn pipe_cells(text: &str) -> Option<Vec<String>> {
    let t = text.trim();
    if !(t.starts_with('|') || t.contains(" | ")) {
        return None;
    }
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').map(|c| c.replace("**", "").trim().to_string()).collect())
}

/// The cells of a row of a table without outer bars: every bar separates two cells.
fn borderless_cells(text: &str) -> Option<Vec<String>> {
    pipe_cells(text)?;
    Some(text.split('|').map(|c| c.replace("**", "").trim().to_string()).collect())
}

fn is_separator_row(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('|') && t.contains("--") && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

pub fn is_tt_name(text: &str) -> bool {
    // cheap first: the names are short
    text.len() <= 16
        && matches!(fold_key(text.trim_end_matches('.')).as_str(), "tt" | "stt" | "số tt" | "số thứ tự")
}

/// Finds the tables among lines (indices in the result are into `lines`).
pub fn find(lines: &[Line]) -> Vec<Table> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = &lines[i];
        let found = if let Some(cells) = pipe_cells(&t.text).filter(|c| c.len() >= 3) {
            let columns = settle(cells.iter().map(|c| column(c)).collect());
            usable(&columns).then(|| read_pipe_table(lines, i, columns))
        } else if t.text == "|" && next_text(lines, i + 1).is_some_and(|k| is_tt_name(&lines[k].text)) {
            read_bar_table(lines, i)
        } else if is_tt_name(&t.text) && t.furniture.is_none() {
            flattened_header(lines, i).map(|(columns, header_len)| read_flat_table(lines, i, columns, header_len))
        } else {
            None
        };
        match found {
            Some(mut table) if table.end > i => {
                i = table.end;
                drop_column_numbers(&mut table);
                number_by_position(&mut table);
                out.push(table);
            }
            _ => i += 1,
        }
    }
    out
}

/// The row under a header that numbers its columns ("1 | 2 | 3 | 4", "(1) (2) (3)",
/// "A | B | C") is part of the header, not a row of the table.
fn drop_column_numbers(table: &mut Table) {
    let numbering = |row: &Row| {
        let mut texts: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
        if let Some(l) = row.label.as_deref() {
            texts.insert(0, l);
        }
        texts.len() >= 3
            && texts.iter().all(|t| {
                let t = t.trim().trim_matches(['(', ')', '*']);
                !t.is_empty() && t.len() <= 3 && (t.chars().all(|c| c.is_ascii_digit()) || t.chars().all(|c| c.is_ascii_uppercase()))
            })
    };
    if let Some(pos) = table.rows.iter().take(2).position(numbering) {
        let row = table.rows.remove(pos);
        table.header_lines.extend(row.lines);
        table.header_lines.sort_unstable();
    }
}

/// The index of the next non-empty line from `i`.
fn next_text(lines: &[Line], i: usize) -> Option<usize> {
    (i..lines.len().min(i + 4)).find(|&k| !lines[k].text.is_empty())
}

// ---------------------------------------------------------------------------------------------
// Tables of cells between lone "|" lines

/// A table a website flattened one cell per line with a lone `|` line between cells
/// (conventions §7.1): `|`, `TT`, `|`, `Nội dung`, `|` … `|`, `|`, `1`, `|`, … Two
/// bars in a row are either an empty cell or the end of a row; the cells between
/// such double bars form segments, and a segment is a row when it opens with a TT
/// cell, fills the row it follows (it came after an empty cell), or else is a
/// sub-row whose first columns a merged cell spans (its cells are the last columns).
fn read_bar_table(lines: &[Line], start: usize) -> Option<Table> {
    // the cells, each the lines between two bars, with the bar that closes it
    let mut cells: Vec<(Vec<usize>, usize)> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut i = start + 1;
    let mut blank_run = 0;
    while i < lines.len() {
        let l = &lines[i];
        if l.text == "|" {
            cells.push((std::mem::take(&mut current), i));
            blank_run = 0;
        } else if l.text.is_empty() || l.furniture.is_some() {
            blank_run += 1;
            if blank_run >= 2 && current.is_empty() {
                break;
            }
        } else {
            // text after a blank following a closed cell, or a line no table holds: the end
            if blank_run >= 1 && current.is_empty() && cells.last().is_some_and(|(c, _)| !c.is_empty()) || ends_table(l) && !closed_by_bar(lines, i) {
                break;
            }
            blank_run = 0;
            current.push(i);
        }
        i += 1;
    }
    let header_len = cells.iter().position(|(c, _)| c.is_empty())?;
    let text_of = |c: &[usize]| join_wrapped(c.iter().map(|&k| lines[k].text.as_str()));
    let names: Vec<String> = cells[..header_len].iter().map(|(c, _)| text_of(c)).collect();
    let columns = settle(names.iter().map(|n| column(n)).collect());
    if columns.len() < 3 || !usable(&columns) {
        return None;
    }
    let mut columns = columns;
    let mut header_end = cells[header_len].1;
    // segments: runs of filled cells between empty ones
    let mut segments: Vec<Vec<&(Vec<usize>, usize)>> = vec![vec![]];
    for c in &cells[header_len + 1..] {
        if c.0.is_empty() {
            segments.push(vec![]);
        } else if let Some(seg) = segments.last_mut() {
            seg.push(c);
        }
    }
    // a second header row ("Kế hoạch | Ước thực hiện" under "Năm 2025") and the row that
    // numbers the columns ("1 | 2 | … | 8") belong to the header; the numbers say how
    // many columns the rows have, the extra ones holding values
    let mut sub_names: Vec<String> = Vec::new();
    let mut skip = 0;
    for seg in segments.iter().take(3) {
        if seg.is_empty() {
            skip += 1;
            continue;
        }
        let texts: Vec<String> = seg.iter().map(|(c, _)| text_of(c)).collect();
        let numbering = texts.len() >= 3 && texts.iter().all(|t| {
            let t = t.trim_matches(['(', ')', '*', ' ']);
            !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
        });
        let sub_header = !numbering && texts.iter().all(|t| !t.chars().any(|c| c.is_ascii_digit()) && t.split_whitespace().count() <= 6) && row_label(&texts[0]).is_none() && !starts_group(&texts[0]);
        if !(numbering || sub_header) {
            break;
        }
        if numbering {
            while columns.len() < texts.len() {
                let name = sub_names.get(columns.len().saturating_sub(names.len())).cloned().unwrap_or_default();
                columns.push(Column { name, role: Role::Value, year: None });
            }
        } else {
            sub_names.extend(texts);
        }
        header_end = seg.last().map_or(header_end, |(_, b)| *b);
        skip += 1;
    }
    let segments: Vec<Vec<&(Vec<usize>, usize)>> = segments.into_iter().skip(skip).collect();
    let ncols = columns.len();
    let tt = columns.iter().position(|c| c.role == Role::Tt);
    let mut table = Table {
        columns,
        start,
        end: header_end + 1,
        header_lines: (start..=header_end).filter(|&k| !lines[k].text.is_empty()).map(|k| lines[k].no).collect(),
        rows: vec![],
        flattened: true,
    };
    let labelled = |seg: &[&(Vec<usize>, usize)]| tt.is_some() && seg.first().is_some_and(|(c, _)| c.first().is_some_and(|&f| row_label(&text_of(&[f])).is_some() || starts_group(&lines[f].text)));
    let mut seq = Sequence::default();
    // each row: its cells as (column, lines) and its last line
    let mut rows: Vec<BarRow> = Vec::new();
    let mut k = 0;
    while k < segments.len() {
        let seg = &segments[k];
        k += 1;
        let Some(last) = seg.last().map(|(_, b)| *b) else { continue };
        if labelled(seg) {
            let first = seg[0].0[0];
            let label = row_label(&text_of(&seg[0].0))
                .or_else(|| starts_group(&lines[first].text).then(|| lines[first].text.trim_start_matches(['*', '_']).split_once(' ').map(|(n, _)| (n.trim_end_matches('.').to_string(), RowKind::Group))).flatten())
                // a group label alone on the first line of a cell that spans the row ("**I.⏎TITLE**")
                .or_else(|| row_label(&lines[first].text).filter(|(_, kind)| *kind == RowKind::Group && seg[0].0.len() > 1));
            let label = label.filter(|(lab, kind)| seq.accept(lab, *kind));
            let mut row: Vec<(usize, Vec<usize>)> = seg.iter().enumerate().map(|(col, (c, _))| (col, c.clone())).collect();
            let mut end = last;
            // an empty cell inside the row: the next segment fills it up exactly
            while row.len() < ncols {
                let Some(next) = segments.get(k) else { break };
                if next.is_empty() || labelled(next) || row.len() + 1 + next.len() > ncols {
                    break;
                }
                if row.len() + 1 + next.len() != ncols && k + 1 < segments.len() && !labelled(&segments[k + 1]) {
                    break;
                }
                let base = row.len() + 1;
                row.extend(next.iter().enumerate().map(|(j, (c, _))| (base + j, c.clone())));
                end = next.last().map_or(end, |(_, b)| *b);
                k += 1;
            }
            rows.push((label, row, end));
        } else if !rows.is_empty() {
            // a sub-row under merged cells: its cells are the last columns
            let offset = ncols.saturating_sub(seg.len());
            let row: Vec<(usize, Vec<usize>)> = seg.iter().enumerate().map(|(j, (c, _))| (offset + j, c.clone())).collect();
            rows.push((Some(("-".into(), RowKind::Sub)), row, last));
        } else {
            rows.push((None, seg.iter().enumerate().map(|(col, (c, _))| (col, c.clone())).collect(), last));
        }
    }
    for (label, row_cells, last_bar) in rows {
        let Some(first_line) = row_cells.iter().find_map(|(_, c)| c.first().copied()) else { continue };
        let mut row = Row {
            label: label.as_ref().map(|(l, _)| l.clone()),
            kind: label.as_ref().map_or(RowKind::Loose, |(_, k)| *k),
            line: lines[first_line].no,
            cells: vec![],
            lines: vec![],
            inferred: false,
        };
        // every line since the row before (its closing bar and the separating one included)
        let from = table.end.min(first_line);
        row.lines = (from..=last_bar).filter(|&x| !lines[x].text.is_empty() && lines[x].furniture.is_none()).map(|x| lines[x].no).collect();
        for (col, c) in &row_cells {
            if Some(*col) == tt || c.is_empty() || *col >= ncols {
                continue;
            }
            row.cells.push(Cell { column: *col, text: text_of(c), line: lines[c[0]].no, merged: false });
        }
        // a group row written "A." / "BỘ NÔNG NGHIỆP …" or "IV Huy động …": its title is its content
        if row.kind == RowKind::Group {
            let content = table.columns.iter().position(|c| matches!(c.role, Role::Content | Role::Indicator)).unwrap_or(0);
            let mut title: Vec<String> = Vec::new();
            // the TT cell holds the title after its numeral ("IV Huy động …", "**I.⏎NÂNG CAO …**")
            if let Some((_, c)) = row_cells.first().filter(|(col, _)| Some(*col) == tt) {
                let whole = text_of(c);
                let whole = whole.trim_matches(['*', '_']).trim();
                if let Some((numeral, rest)) = whole.split_once(' ') {
                    if roman_of(numeral.trim_end_matches('.')).is_some() || row_label(numeral).is_some_and(|(_, kind)| kind == RowKind::Group) {
                        title.push(rest.trim().to_string());
                    }
                }
            }
            title.extend(row.cells.drain(..).map(|c| c.text));
            if !title.is_empty() {
                row.cells.push(Cell { column: content, text: title.join(" "), line: row.line, merged: false });
            }
        }
        table.end = last_bar + 1;
        table.rows.push(row);
    }
    // the bars closing the last row's empty cells are the table's, not text after it
    let mut end = table.end;
    while lines.get(end).is_some_and(|l| l.text == "|" || l.text.is_empty() && lines.get(end + 1).is_some_and(|n| n.text == "|")) {
        end += 1;
    }
    if end > table.end {
        if let Some(row) = table.rows.last_mut() {
            row.lines.extend((table.end..end).filter(|&x| !lines[x].text.is_empty()).map(|x| lines[x].no));
        }
        table.end = end;
    }
    inherit_merged_bars(&mut table);
    Some(table)
}

/// A row of a bar table as read: its label, its cells as (column, lines), its last bar.
type BarRow = (Option<(String, RowKind)>, Vec<(usize, Vec<usize>)>, usize);

/// A sub-row under merged cells takes the cells of its row that it does not have
/// (its owners, its group), marked `merged`.
fn inherit_merged_bars(table: &mut Table) {
    let mut above: Option<Vec<Cell>> = None;
    for row in table.rows.iter_mut() {
        match row.kind {
            RowKind::Item => above = Some(row.cells.clone()),
            RowKind::Sub => {
                if let Some(a) = &above {
                    let missing: Vec<Cell> = a.iter().filter(|c| !row.cells.iter().any(|x| x.column == c.column)).map(|c| Cell { merged: true, ..c.clone() }).collect();
                    row.cells.extend(missing);
                    row.cells.sort_by_key(|c| c.column);
                }
            }
            _ => above = None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Row labels

/// The TT cell of a row and its level.
fn row_label(cell: &str) -> Option<(String, RowKind)> {
    // a bold TT cell ("**I.**", "**I.⏎TITLE**") keeps its markdown emphasis in the line
    let c = cell.trim().trim_matches(['*', '_']).trim_end_matches(['.', ')']).trim();
    if c.is_empty() {
        return None;
    }
    if c == "-" || c == "–" {
        return Some(("-".into(), RowKind::Sub));
    }
    if c == "+" {
        return Some(("+".into(), RowKind::Sub));
    }
    // a numbered row: any count of rows (a label of the body has at most three digits)
    if c.len() <= 5 && c.bytes().all(|b| b.is_ascii_digit()) {
        return Some((c.trim_start_matches('0').to_string(), RowKind::Item)).filter(|(n, _)| !n.is_empty());
    }
    if let Some((l, rest)) = parse_label(&format!("{c}. x")) {
        if rest == "x" {
            return match l.kind {
                LabelKind::Roman(_) => Some((l.raw, RowKind::Group)),
                LabelKind::Upper(_) => None,
                LabelKind::Arabic(ref n) if n.len() == 1 => Some((l.raw, RowKind::Item)),
                LabelKind::Arabic(_) => Some((l.raw, RowKind::Sub)),
                _ => None,
            };
        }
    }
    if c.len() == 1 && c.chars().all(|ch| ch.is_ascii_uppercase()) {
        return Some((c.to_string(), RowKind::Group));
    }
    if c.chars().count() == 1 && crate::lines::letter_index(c.chars().next()?).is_some() && c.chars().all(char::is_lowercase) {
        return Some((c.to_string(), RowKind::Sub));
    }
    None
}

fn roman_of(label: &str) -> Option<u32> {
    parse_label(&format!("{label}. x")).and_then(|(l, _)| match l.kind {
        LabelKind::Roman(v) => Some(v),
        _ => None,
    })
}

/// Keeps the TT numbering plausible: a lone number on a line is a TT cell only
/// when it continues or restarts the numbering.
#[derive(Default)]
struct Sequence {
    roman: u32,
    arabic: Option<u32>,
    after_group: bool,
}

impl Sequence {
    fn accept(&mut self, label: &str, kind: RowKind) -> bool {
        match kind {
            RowKind::Group => match roman_of(label) {
                Some(v) if v == self.roman + 1 => {
                    self.roman = v;
                    self.after_group = true;
                    true
                }
                Some(_) => false,
                None => true,
            },
            RowKind::Item => {
                let Ok(n) = label.parse::<u32>() else { return false };
                let ok = match self.arabic {
                    None => n == 1 || n < 1000,
                    Some(last) => n == last + 1 || (n == 1 && self.after_group),
                };
                if ok {
                    self.arabic = Some(n);
                    self.after_group = false;
                }
                ok
            }
            _ => true,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ` | ` tables

fn read_pipe_table(lines: &[Line], start: usize, columns: Vec<Column>) -> Table {
    let mut table = Table { columns, start, end: start + 1, header_lines: vec![lines[start].no], rows: vec![], flattened: false };
    let tt = table.columns.iter().position(|c| c.role == Role::Tt);
    // a header written "TT | Nội dung | …" has no outer bars: a bar that opens a row
    // there closes its empty first cell (" | Rà soát … | Sở Công Thương | ")
    let bordered = lines[start].text.trim_start().starts_with('|');
    let mut i = start + 1;
    while i < lines.len() {
        let l = &lines[i];
        if l.text.is_empty() || l.furniture.is_some() {
            // a blank line ends the table unless another row follows it
            let next = (i + 1..lines.len()).find(|&k| !lines[k].text.is_empty() && lines[k].furniture.is_none());
            match next {
                Some(k) if pipe_cells(&lines[k].text).is_some() => {
                    i = k;
                    continue;
                }
                _ => break,
            }
        }
        if is_separator_row(&l.text) {
            table.header_lines.push(l.no);
            i += 1;
            table.end = i;
            continue;
        }
        let Some(cells) = (if bordered { pipe_cells(&l.text) } else { borderless_cells(&l.text) }) else { break };
        table.end = i + 1;
        let label = tt.and_then(|k| cells.get(k)).and_then(|c| row_label(c));
        let mut row_cells = Vec::new();
        for (k, text) in cells.iter().enumerate() {
            if Some(k) == tt || text.is_empty() {
                continue;
            }
            let column = k.min(table.columns.len().saturating_sub(1));
            match row_cells.iter_mut().find(|c: &&mut Cell| c.column == column) {
                Some(c) => {
                    c.text.push_str(" | ");
                    c.text.push_str(text);
                }
                None => row_cells.push(Cell { column, text: text.clone(), line: l.no, merged: false }),
            }
        }
        match label {
            Some((label, kind)) => table.rows.push(Row { label: Some(label), kind, line: l.no, cells: row_cells, lines: vec![l.no], inferred: false }),
            None => match table.rows.last_mut() {
                // an empty TT cell: the row above goes on (a page break split it), unless no
                // row has a number and this one opens a new sentence (numbering lost)
                Some(prev) if !(prev.kind == RowKind::Loose && opens_row(&table.columns, &row_cells)) => {
                    prev.lines.push(l.no);
                    merge_into(prev, row_cells);
                }
                _ => table.rows.push(Row { label: None, kind: RowKind::Loose, line: l.no, cells: row_cells, lines: vec![l.no], inferred: false }),
            },
        }
        i += 1;
    }
    inherit_merged(&mut table);
    table
}

/// A row without a TT cell that starts a task or an indicator of its own: its content
/// cell opens with a capital (a row split by a page break goes on in lower case).
fn opens_row(columns: &[Column], cells: &[Cell]) -> bool {
    cells.iter().find(|c| matches!(columns[c.column].role, Role::Content | Role::Indicator)).is_some_and(|c| starts_upper(c.text.trim_start_matches(['*', '_', '"', '“'])))
}

/// A table none of whose rows has a TT cell (a Word table whose automatic numbering
/// was lost in copying, or one with no TT column) still lists items: each row with
/// content is numbered by its position, the label marked inferred.
fn number_by_position(table: &mut Table) {
    if table.rows.len() < 2 || table.rows.iter().any(|r| r.kind != RowKind::Loose) || !table.rows.iter().all(|r| opens_row(&table.columns, &r.cells)) {
        return;
    }
    for (k, row) in table.rows.iter_mut().enumerate() {
        row.label = Some((k + 1).to_string());
        row.kind = RowKind::Item;
        row.inferred = true;
    }
}

/// Adds a continuation's cells to a row: each cell goes on where the page broke it.
fn merge_into(row: &mut Row, cells: Vec<Cell>) {
    for c in cells {
        match row.cells.iter_mut().find(|x| x.column == c.column) {
            Some(x) => {
                x.text.push(' ');
                x.text.push_str(&c.text);
            }
            None => row.cells.push(c),
        }
    }
    row.cells.sort_by_key(|c| c.column);
}

// ---------------------------------------------------------------------------------------------
// Flattened tables

/// The header that starts at a "TT" line: its columns and its length in lines.
fn flattened_header(lines: &[Line], start: usize) -> Option<(Vec<Column>, usize)> {
    let mut names: Vec<String> = vec![lines[start].text.clone()];
    let mut k = start + 1;
    while k < lines.len() && k < start + 20 {
        let t = lines[k].text.as_str();
        let labelled = lines[k].label.as_ref().is_some_and(|l| !matches!(l.kind, LabelKind::Dash | LabelKind::Plus));
        if t.is_empty() || lines[k].furniture.is_some() || row_label(t).is_some() || starts_group(t) || labelled {
            break;
        }
        if t.starts_with(|c: char| c.is_lowercase()) {
            let last = names.last_mut()?;
            last.push(' ');
            last.push_str(t);
        } else {
            names.push(t.to_string());
        }
        k += 1;
    }
    let columns = settle(names.iter().map(|n| column(n)).collect());
    (columns.len() >= 3 && usable(&columns)).then_some((columns, k - start))
}

/// A group row written with its heading on the TT line: "IV Huy động và sử dụng …",
/// "II. Hoàn thiện thể chế …".
fn starts_group(text: &str) -> bool {
    let Some((numeral, rest)) = text.trim_start_matches(['*', '_']).split_once(' ') else { return false };
    roman_of(numeral.trim_end_matches('.')).is_some() && rest.starts_with(|c: char| c.is_uppercase())
}

/// A numbered row written with the start of its content on the TT line:
/// "1. Xây dựng Nghị quyết về …" (the TT cell and a wide content cell side by side).
fn inline_item(l: &Line) -> Option<String> {
    match &l.label {
        Some(lab) if matches!(&lab.kind, LabelKind::Arabic(n) if n.len() == 1) && !l.rest().is_empty() => Some(lab.raw.clone()),
        _ => None,
    }
}

/// One line of a flattened row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Text(usize),
    /// The text after the TT label on the TT line itself.
    Inline(usize),
    Blank(usize),
    Break,
}

fn read_flat_table(lines: &[Line], start: usize, columns: Vec<Column>, header_len: usize) -> Table {
    let header: Vec<String> = lines[start..start + header_len].iter().map(|l| l.text.clone()).collect();
    let mut table = Table {
        columns,
        start,
        end: start + header_len,
        header_lines: lines[start..start + header_len].iter().map(|l| l.no).collect(),
        rows: vec![],
        flattened: true,
    };
    let mut seq = Sequence::default();
    let mut items: Vec<(Row, Vec<Item>)> = Vec::new();
    let mut pending_break = false;
    let mut i = start + header_len;
    while i < lines.len() {
        let l = &lines[i];
        let t = l.text.as_str();
        // whitespace-only lines at the top of a page belong to the page, not to a cell
        if l.furniture.is_some() || (t.is_empty() && (!l.blank_cell || pending_break)) {
            pending_break |= l.furniture.is_some();
            i += 1;
            continue;
        }
        if ends_table(l) {
            break;
        }
        // the header again at the top of a page
        if lines.len() >= i + header_len && lines[i..i + header_len].iter().map(|x| x.text.as_str()).eq(header.iter().map(String::as_str)) {
            table.header_lines.extend(lines[i..i + header_len].iter().map(|x| x.no));
            i += header_len;
            table.end = i;
            pending_break = true;
            continue;
        }
        table.end = i + 1;
        let group_inline = starts_group(t).then(|| t.split_once(' ')).flatten();
        let item_inline = if group_inline.is_none() && !l.blank_cell { inline_item(l) } else { None };
        let label = match (group_inline, &item_inline) {
            (Some((numeral, _)), _) => Some((numeral.trim_end_matches('.').to_string(), RowKind::Group)),
            (None, Some(n)) => Some((n.clone(), RowKind::Item)),
            (None, None) if !l.blank_cell => row_label(t),
            _ => None,
        };
        if let Some((label, kind)) = label.filter(|(lab, kind)| seq.accept(lab, *kind)) {
            let mut row = Row { label: Some(label), kind, line: l.no, cells: vec![], lines: vec![l.no], inferred: false };
            let mut its = Vec::new();
            if let Some((_, rest)) = group_inline {
                row.cells.push(Cell { column: usize::MAX, text: rest.to_string(), line: l.no, merged: false });
            }
            if item_inline.is_some() {
                its.push(Item::Inline(i));
            }
            pending_break = false;
            items.push((row, its));
            i += 1;
            continue;
        }
        if items.is_empty() {
            items.push((Row { label: None, kind: RowKind::Loose, line: l.no, cells: vec![], lines: vec![], inferred: false }, vec![]));
        }
        let (row, its) = items.last_mut().expect("a row");
        if pending_break {
            its.push(Item::Break);
            pending_break = false;
        }
        row.lines.push(l.no);
        // a whitespace-only line right after the TT cell belongs to it: a row's content is never empty
        if l.blank_cell && its.is_empty() && matches!(row.kind, RowKind::Item | RowKind::Sub) {
            i += 1;
            continue;
        }
        its.push(if l.blank_cell { Item::Blank(i) } else { Item::Text(i) });
        i += 1;
    }
    let content = table.columns.iter().position(|c| matches!(c.role, Role::Content | Role::Indicator)).unwrap_or(1);
    for (mut row, its) in items {
        match row.kind {
            RowKind::Group | RowKind::Loose => {
                // a group row is its heading across the table
                let mut text: Vec<String> = row.cells.drain(..).map(|c| c.text).collect();
                let mut first_line = if text.is_empty() { None } else { Some(row.line) };
                for it in &its {
                    if let Item::Text(k) = it {
                        text.push(lines[*k].text.clone());
                        first_line.get_or_insert(lines[*k].no);
                    }
                }
                if !text.is_empty() {
                    row.cells.push(Cell { column: content, text: join_wrapped(text.iter().map(String::as_str)), line: first_line.unwrap_or(row.line), merged: false });
                }
            }
            RowKind::Item | RowKind::Sub => {
                row.cells = cut_row(lines, &its, &table.columns);
            }
        }
        table.rows.push(row);
    }
    inherit_merged(&mut table);
    table
}

/// Lines that cannot be inside a table: a new appendix, a signature, "Nơi nhận".
fn ends_table(l: &Line) -> bool {
    let t = l.text.as_str();
    APPENDIX.is_match(t)
        || SIGNATURE.is_match(t)
        || t.starts_with("Nơi nhận")
        || l.label.as_ref().is_some_and(|lab| matches!(lab.kind, LabelKind::Roman(_) | LabelKind::Article(_) | LabelKind::Chapter(_)) && is_all_caps(l.rest()) && l.rest().chars().count() > 3)
}

/// A heading-like line that a lone `|` closes within its next lines is a cell of the
/// table (a group row "II. HOÀN THIỆN CƠ CHẾ …" spanning the columns), not the next
/// part of the document, which runs on as paragraphs (conventions §7.1).
fn closed_by_bar(lines: &[Line], i: usize) -> bool {
    let l = &lines[i];
    if APPENDIX.is_match(&l.text) || SIGNATURE.is_match(&l.text) || l.text.starts_with("Nơi nhận") {
        return false;
    }
    lines[i + 1..].iter().take(4).take_while(|n| !n.text.is_empty()).any(|n| n.text == "|")
}

/// Joins wrapped lines of one cell into its text.
fn join_wrapped<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if !out.is_empty() && !(out.ends_with('-') && !out.ends_with(" -") && p.starts_with(|c: char| c.is_alphanumeric())) && !out.ends_with('/') {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Cutting a flattened row into cells

fn starts_upper(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

/// The previous line leaves its phrase open: it ends in a comma, a conjunction or
/// a preposition, or in an agency name that is not complete yet ("Bộ Khoa học").
fn open_end(t: &str) -> bool {
    let t = t.trim_end();
    if t.ends_with([',', ';', ':', '-', '–', '&', '(', '/']) {
        return true;
    }
    let key = fold_key(t);
    let last = key.rsplit(' ').next().unwrap_or("");
    if dict::keys("open_endings").iter().any(|w| w == last) {
        return true;
    }
    let segment = key.rsplit([',', ';']).next().unwrap_or("").trim();
    AGENCY_PREFIXES.contains(segment)
}

fn agency_start(t: &str) -> bool {
    if crate::tokens::agency::list_at(t).1 > 0 {
        return true;
    }
    let key = fold_key(t);
    // "Các" alone: a collective owner cut by a narrow column ("Các / bộ / ở / Trung ương")
    key == "các" || key.starts_with("các ") && dict::COLLECTIVES.iter().any(|c| key[5..].starts_with(c.as_str()))
}

fn time_start(t: &str) -> bool {
    TIME_START.is_match(t)
}

fn timeish(t: &str) -> bool {
    let key = fold_key(t);
    t.chars().any(|c| c.is_ascii_digit())
        || key.split([' ', ',', '.']).any(|w| dict::keys("time_cell_words").iter().any(|t| t == w))
}

const INF: u32 = u32::MAX / 4;

/// Cuts a flattened row's lines into cells (see the module doc).
fn cut_row(lines: &[Line], items: &[Item], columns: &[Column]) -> Vec<Cell> {
    // the columns after TT, in order
    let cols: Vec<usize> = (0..columns.len()).filter(|&c| columns[c].role != Role::Tt).collect();
    let k = cols.len();
    if k == 0 {
        return vec![];
    }
    let content = cols.iter().position(|&c| matches!(columns[c].role, Role::Content | Role::Indicator)).unwrap_or(0);
    // state: (filled, open, wrapped); filled = number of columns filled in the current (sub-)row
    let states = (k + 1) * 4;
    let idx = |filled: usize, open: bool, wrapped: bool| filled * 4 + usize::from(open) * 2 + usize::from(wrapped);
    let mut cost = vec![INF; states];
    cost[idx(0, false, false)] = 0;
    // back[step][state] = (previous state, action): action = column started (k = continue, k+1 = blank, k+2 = break)
    let mut back: Vec<Vec<(usize, usize)>> = Vec::with_capacity(items.len());
    let mut prev_text: Option<&str> = None;
    let mut after_boundary = true;
    let mut after_break = false;
    for item in items {
        let mut next = vec![INF; states];
        let mut bp = vec![(usize::MAX, usize::MAX); states];
        let relax = |next: &mut Vec<u32>, bp: &mut Vec<(usize, usize)>, to: usize, c: u32, from: usize, action: usize| {
            if c < next[to] {
                next[to] = c;
                bp[to] = (from, action);
            }
        };
        match *item {
            Item::Break => {
                for s in 0..states {
                    if cost[s] < INF {
                        relax(&mut next, &mut bp, s, cost[s], s, k + 2);
                    }
                }
                after_boundary = true;
                after_break = true;
            }
            Item::Blank(_) => {
                for filled in 0..=k {
                    for open in [false, true] {
                        for wrapped in [false, true] {
                            let from = idx(filled, open, wrapped);
                            let c0 = cost[from];
                            if c0 >= INF {
                                continue;
                            }
                            // the blank is the cell of column c (skipping those between)
                            for c in filled..k {
                                let skip = 2 * (c - filled) as u32;
                                relax(&mut next, &mut bp, idx(c + 1, false, wrapped), c0 + skip, from, c);
                            }
                            // after the last column: the empty TT cell of a sub-row
                            if filled == k {
                                relax(&mut next, &mut bp, idx(0, false, true), c0, from, k + 1);
                            }
                        }
                    }
                }
                after_boundary = true;
                prev_text = None;
            }
            Item::Text(li) | Item::Inline(li) => {
                let t = if matches!(item, Item::Inline(_)) { lines[li].rest() } else { lines[li].text.as_str() };
                let cont_like = !after_boundary && (!starts_upper(t) || prev_text.is_some_and(open_end));
                let new_like = !after_boundary && starts_upper(t) && !prev_text.is_some_and(open_end);
                let agency = agency_start(t);
                let time = time_start(t);
                let start_cost = |role: Role| -> u32 {
                    let base = if cont_like { 6 } else { 0 };
                    base + match role {
                        Role::Lead | Role::Support => {
                            if agency { 0 } else { 3 }
                        }
                        Role::Time => {
                            if time { 0 } else { 5 }
                        }
                        Role::Content | Role::Indicator => u32::from(agency && !cont_like) + if time && t.chars().count() < 30 { 2 } else { 0 },
                        Role::Unit | Role::Value => 1,
                        _ => 2,
                    }
                };
                let cont_cost = |role: Role| -> u32 {
                    let across_break = if after_boundary { 2 } else { 0 };
                    across_break
                        + match role {
                            Role::Lead | Role::Support => {
                                if new_like && agency {
                                    3
                                } else if new_like && time {
                                    5
                                } else if new_like && prev_text.is_some_and(|p| p.trim_end().ends_with('.')) {
                                    // a name list does not go on after a full stop: the next cell begins
                                    3
                                } else {
                                    0
                                }
                            }
                            Role::Content | Role::Indicator => {
                                if new_like && agency {
                                    // an agency name after a finished sentence is the next cell
                                    if prev_text.is_some_and(|p| p.trim_end().ends_with('.')) { 4 } else { 2 }
                                } else if new_like && time && t.chars().count() < 30 {
                                    2
                                } else {
                                    0
                                }
                            }
                            Role::Time => {
                                (if new_like { 4 } else { 0 }) + if timeish(t) { 0 } else { 2 }
                            }
                            _ => u32::from(new_like),
                        }
                };
                for filled in 0..=k {
                    for open in [false, true] {
                        for wrapped in [false, true] {
                            let from = idx(filled, open, wrapped);
                            let c0 = cost[from];
                            if c0 >= INF {
                                continue;
                            }
                            if open && filled > 0 {
                                let role = columns[cols[filled - 1]].role;
                                relax(&mut next, &mut bp, idx(filled, true, wrapped), c0 + cont_cost(role), from, k);
                            }
                            for c in filled..k {
                                let skip = 2 * (c - filled) as u32;
                                relax(&mut next, &mut bp, idx(c + 1, true, wrapped), c0 + skip + start_cost(columns[cols[c]].role), from, c);
                            }
                            // the row goes on as a sub-row (a page break or an empty TT cell before it)
                            let wrap = if filled == k && filled > content {
                                Some(if after_break { 0 } else { 5 })
                            } else if filled > content + 1 && after_break {
                                Some(1)
                            } else {
                                None
                            };
                            if let Some(w) = wrap {
                                relax(&mut next, &mut bp, idx(content + 1, true, true), c0 + w + start_cost(columns[cols[content]].role), from, k + 3 + content);
                            }
                        }
                    }
                }
                after_boundary = false;
                after_break = false;
                prev_text = Some(t);
            }
        }
        cost = next;
        back.push(bp);
    }
    // columns left unfilled at the end were merged from above (cheap) unless wrapped
    let mut best = (INF, 0);
    for filled in 0..=k {
        for open in [false, true] {
            for wrapped in [false, true] {
                let s = idx(filled, open, wrapped);
                if cost[s] >= INF {
                    continue;
                }
                let tail = if wrapped { 0 } else { (k - filled) as u32 };
                if cost[s] + tail < best.0 {
                    best = (cost[s] + tail, s);
                }
            }
        }
    }
    if best.0 >= INF {
        return vec![];
    }
    // walk back to the column of each item
    let mut assigned: Vec<Option<usize>> = vec![None; items.len()];
    let mut s = best.1;
    for step in (0..items.len()).rev() {
        let (from, action) = back[step][s];
        if from == usize::MAX {
            break;
        }
        let filled = s / 4;
        let _ = action;
        assigned[step] = match items[step] {
            Item::Text(_) | Item::Inline(_) => filled.checked_sub(1),
            Item::Blank(_) | Item::Break => None,
        };
        s = from;
    }
    // gather the text of each column in order; a sub-row's cells add to the row's
    let mut texts: Vec<(usize, Vec<&str>, usize)> = Vec::new(); // (col index in cols, parts, first line)
    for (step, item) in items.iter().enumerate() {
        let text_of = |li: usize| if matches!(item, Item::Inline(_)) { lines[li].rest() } else { lines[li].text.as_str() };
        if let (Item::Text(li) | Item::Inline(li), Some(c)) = (item, assigned[step]) {
            match texts.iter_mut().find(|(x, _, _)| *x == c) {
                Some((_, parts, _)) => parts.push(text_of(*li)),
                None => texts.push((c, vec![text_of(*li)], lines[*li].no)),
            }
        }
    }
    texts.sort_by_key(|(c, _, _)| *c);
    texts
        .into_iter()
        .map(|(c, parts, line)| Cell { column: cols[c], text: join_wrapped(parts.into_iter()), line, merged: false })
        .collect()
}

/// A merged cell spans the sub-rows under it: a sub-row with no cell of its own in
/// a column after its content (and no empty-cell mark there) takes the cell of the
/// sub-row above. Sub-rows only: numbered rows never share cells.
fn inherit_merged(table: &mut Table) {
    if !table.flattened {
        return;
    }
    let content = table.columns.iter().position(|c| matches!(c.role, Role::Content | Role::Indicator));
    let Some(content) = content else { return };
    let mut prev: Option<Vec<Cell>> = None;
    for row in table.rows.iter_mut() {
        if row.kind != RowKind::Sub || row.label.as_deref() != Some("-") && row.label.as_deref() != Some("+") {
            prev = None;
            continue;
        }
        if let Some(above) = &prev {
            let last_own = row.cells.iter().map(|c| c.column).max().unwrap_or(content);
            for cell in above.iter().filter(|c| c.column > last_own) {
                row.cells.push(Cell { merged: true, ..cell.clone() });
            }
        }
        prev = Some(row.cells.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn table(text: &str) -> Table {
        let lines = crate::lines::classify(&normalize(text));
        find(&lines).into_iter().next().expect("a table")
    }

    fn cells(t: &Table, row: usize) -> Vec<(&'static str, String)> {
        t.rows[row].cells.iter().map(|c| (t.columns[c.column].role.name(), c.text.clone())).collect()
    }

    #[test]
    fn pipe_rows_by_position() {
        let t = table("| TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n|---|---|---|---|---|\n| **I.** | Nhóm một | | | |\n| 1. | Xây dựng đề án | Bộ Nội vụ | | 6/2025 |\n");
        assert!(t.is_tasks());
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].kind, RowKind::Group);
        assert_eq!(cells(&t, 1), vec![("content", "Xây dựng đề án".into()), ("lead", "Bộ Nội vụ".into()), ("time", "6/2025".into())]);
    }

    #[test]
    fn flattened_rows_are_cut_into_cells() {
        let text = "TT \nNội dung, nhiệm vụ \nCơ quan chủ \ntrì thực hiện \nCơ quan  \nphối hợp \nThời gian \nI \nNhóm nhiệm vụ thứ nhất \n1 \nRà soát, thể chế hóa các chủ trương, \nđịnh hướng của Đảng. \nBộ NN&MT,  \nBộ Quốc phòng \nCác bộ, \ncơ quan,  \nđịa phương \nNăm  \n2026 - 2027 \n2 \nHoàn thiện các quy định. \nBộ Khoa học \nvà Công nghệ \n \nHằng năm \n";
        let t = table(text);
        assert_eq!(t.columns.iter().map(|c| c.role).collect::<Vec<_>>(), vec![Role::Tt, Role::Content, Role::Lead, Role::Support, Role::Time]);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(cells(&t, 1), vec![
            ("content", "Rà soát, thể chế hóa các chủ trương, định hướng của Đảng.".into()),
            ("lead", "Bộ NN&MT, Bộ Quốc phòng".into()),
            ("support", "Các bộ, cơ quan, địa phương".into()),
            ("time", "Năm 2026 - 2027".into()),
        ]);
        // the whitespace-only line is the empty support cell
        assert_eq!(cells(&t, 2), vec![("content", "Hoàn thiện các quy định.".into()), ("lead", "Bộ Khoa học và Công nghệ".into()), ("time", "Hằng năm".into())]);
    }
}
