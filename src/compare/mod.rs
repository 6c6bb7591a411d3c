//! Comparison of plans: models in; a table of documents, a matrix of targets aligned
//! across them, the tasks side by side and, against a reference document, how each
//! province's targets deviate from it out (the "compare" of the command line).
//!
//! Targets are aligned by `align`: one-to-one per pair of documents by an optimal
//! assignment over the similarity of their indicator keys (synonyms as data, stop
//! words dropped), where the unit family, the year and the administrative level
//! agree and no sense rule keeps them apart; the pairwise links are joined into rows.
//! Units are reconciled by `units` (one canonical unit per row, the converted number
//! beside the value as written). Staff may state links and vetoes in an alignment
//! file (`--align`). Every row says how it was aligned and how sure it is, in
//! Vietnamese for `--explain`.

pub mod align;
pub mod table;
pub mod units;

pub use table::{explain, targets_csv, to_markdown, write_align};

use crate::model::{Comparator, Model, Target, Task};
use crate::normalize::fold_key;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// One document of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    pub file: String,
    pub kind: Option<String>,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<String>,
    pub period: Option<String>,
    /// The documents it implements (its `based_on`).
    pub implements: Vec<String>,
    /// Where it was issued (the province or city a column stands for).
    pub place: Option<String>,
    /// The column's name: "Hải Phòng (117/KH-UBND, 28/4/2020)"; the file's name when
    /// the document names neither place nor number.
    pub label: String,
}

/// A date of the model (`2020-04-28`) as staff write it (`28/4/2020`).
fn vn_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{}/{}/{y}", d.trim_start_matches('0'), m.trim_start_matches('0')),
        _ => iso.to_string(),
    }
}

fn column_label(m: &Model) -> String {
    let d = &m.document;
    // a province's plan (its People's Committee or Council issues it) is named by its
    // place; a national one by who issued it ("Thủ tướng Chính phủ", not "Hà Nội")
    let local = d.number.as_deref().is_some_and(|n| n.contains("UBND") || n.contains("HĐND"));
    let who = if local { d.place.clone().or_else(|| d.issuer.clone()) } else { d.issuer.clone().or_else(|| d.place.clone()) };
    let detail: Vec<String> = [d.number.clone(), d.date.as_deref().map(vn_date)].into_iter().flatten().collect();
    match (who, detail.is_empty()) {
        (Some(w), false) => format!("{w} ({})", detail.join(", ")),
        (Some(w), true) => w,
        (None, false) => detail.join(", "),
        (None, true) => std::path::Path::new(&m.source.file).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_else(|| m.source.file.clone()),
    }
}

/// A column of the targets matrix: a document, or a document and a year (`--by-year`).
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub document: usize,
    pub when: Option<String>,
    pub label: String,
}

/// How a target compares with the reference document's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Deviation {
    /// The same commitment.
    Equal,
    /// Asks more than the reference (≥ 30 against ≥ 25; < 2 against < 3).
    Stricter,
    /// Asks less.
    Looser,
    /// Another number where neither comparator says which way is more.
    Differs,
    /// The reference sets it; this document does not.
    Missing,
}

impl Deviation {
    /// The word staff read.
    pub fn vi(self) -> &'static str {
        match self {
            Deviation::Equal => "bằng",
            Deviation::Stricter => "cao hơn",
            Deviation::Looser => "thấp hơn",
            Deviation::Differs => "khác",
            Deviation::Missing => "thiếu",
        }
    }
}

/// One document's target in a row: the value as written, the document's wording and
/// line, the number in the row's unit, and its deviation from the reference.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// As written, with comparator, unit and year: "≥ 30 % (2025)".
    pub text: String,
    pub comparator: Comparator,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: Option<String>,
    pub when: Option<String>,
    /// The value (a range: its ends) in the row's unit.
    pub converted: Option<f64>,
    pub converted_low: Option<f64>,
    pub converted_high: Option<f64>,
    /// The document's own words for the indicator, and where they are.
    pub indicator: String,
    pub node: String,
    pub line: usize,
    /// The document (its index) and how an alignment file names this target.
    pub document: usize,
    pub cite: String,
    /// Against the reference document (none for the reference itself).
    pub deviation: Option<Deviation>,
    /// This value minus the reference's, in the row's unit.
    pub difference: Option<f64>,
}

/// One aligned indicator: a cell per column.
#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    pub sector: Option<String>,
    /// The indicator as the first document that has it words it.
    pub indicator: String,
    /// The row's canonical unit: every cell's `converted` is in it.
    pub unit: Option<String>,
    /// The year or period the row is set for, as `2025` or `2021-2025`.
    pub when: Option<String>,
    /// How many documents have this indicator; 1 marks a row only one document has.
    pub documents_with: usize,
    /// Why the cells are on one row: `key` (the same key), `synonym`, `similar`,
    /// `manual` (an alignment file) or `alone`.
    pub aligned_by: String,
    /// How sure the alignment is, 0–1 (the weakest link of the row); none alone.
    pub confidence: Option<f64>,
    /// The cells' numbers (in the row's unit) are not all the same.
    pub differs: bool,
    /// The reference document sets this target and some document does not.
    pub missing: bool,
    pub cells: Vec<Option<Cell>>,
}

/// For one document, how its targets stand against the reference's.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceSummary {
    pub document: usize,
    /// Reference targets this document sets too, of how many.
    pub adopted: usize,
    pub of: usize,
    pub stricter: usize,
    pub looser: usize,
    pub equal: usize,
    pub differs: usize,
    pub missing: usize,
    /// Targets of its own, the reference does not set.
    pub own: usize,
}

impl ReferenceSummary {
    /// The columns of a summary row after the document's name.
    pub const HEADER: [&'static str; 7] = ["chỉ tiêu gốc đã đặt", "cao hơn", "bằng", "thấp hơn", "khác", "thiếu", "chỉ tiêu riêng"];

    /// The cells under `HEADER`: "43/91", then the counts.
    pub fn cells(&self) -> [String; 7] {
        [format!("{}/{}", self.adopted, self.of), self.stricter.to_string(), self.equal.to_string(), self.looser.to_string(), self.differs.to_string(), self.missing.to_string(), self.own.to_string()]
    }
}

/// One task of a document in a row of tasks.
#[derive(Debug, Clone, Serialize)]
pub struct TaskCell {
    pub id: String,
    pub line: Option<usize>,
    /// The task's text, at most 300 characters.
    pub text: String,
    pub lead: Vec<String>,
    /// The leads by role, the place dropped ("Sở Công Thương", "Ủy ban nhân dân tỉnh").
    pub roles: Vec<String>,
    pub deadline: Option<String>,
}

/// Tasks of several documents that are one duty.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    pub sector: Option<String>,
    pub aligned_by: String,
    pub confidence: Option<f64>,
    pub cells: Vec<Option<TaskCell>>,
}

/// The tasks of one sector, per document.
#[derive(Debug, Clone, Serialize)]
pub struct SectorTasks {
    pub sector: String,
    pub documents: Vec<TaskGroup>,
    /// Documents that have no task, or no lead, in a sector another document covers.
    pub flags: Vec<String>,
}

/// The tasks of one document in one sector.
#[derive(Debug, Clone, Serialize)]
pub struct TaskGroup {
    pub count: usize,
    pub leads: Vec<String>,
    pub tasks: Vec<String>,
}

/// A comparison of documents.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub documents: Vec<DocumentSummary>,
    /// The columns of the targets matrix, in order.
    pub columns: Vec<Column>,
    /// The document the others are measured against, if any.
    pub reference: Option<usize>,
    pub targets: Vec<TargetRow>,
    pub reference_summary: Vec<ReferenceSummary>,
    pub task_rows: Vec<TaskRow>,
    pub tasks: Vec<SectorTasks>,
    /// What the alignment file decided, and what of it could not be applied.
    pub decided: Vec<String>,
}

/// What a comparison is asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The order of sectors (the taxonomy's).
    pub sector_order: Vec<String>,
    /// The reference document: an index into the models; `None` with `auto_reference`
    /// takes the one the others implement (their `based_on`).
    pub reference: Option<usize>,
    pub auto_reference: bool,
    /// One row per indicator and a column per document and year.
    pub by_year: bool,
    /// Links and vetoes stated by staff.
    pub align: Option<AlignFile>,
}

/// An alignment file (`--align`, written by `--write-align`): targets staff say are
/// one indicator, and targets never to merge. A target is `FILE:LINE`, or
/// `FILE:LINE#K` for the K-th target of that line; FILE is the input's file name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AlignFile {
    #[serde(default)]
    pub same: Vec<Vec<String>>,
    #[serde(default)]
    pub never: Vec<Vec<String>>,
}

/// The words of an indicator that carry its meaning, in order, without synonyms
/// (the diff's key for a target): folded, "GRDP" read as "GDP" and "tỉ" as "tỷ",
/// stop words dropped.
pub fn indicator_words(indicator: &str) -> Vec<String> {
    let words = align::words_of(indicator)
        .into_iter()
        .map(|w| match w.as_str() {
            "grdp" => "gdp".to_string(),
            "tỉ" => "tỷ".to_string(),
            _ => w,
        })
        .collect();
    align::without_stop_words(words)
}

fn when(t: &Target) -> Option<String> {
    t.year.map(|y| y.to_string()).or_else(|| t.period.map(|p| match p.to {
        Some(to) => format!("{}-{to}", p.from),
        None => format!("{}-", p.from),
    }))
}

/// A target as written in a cell: "≈ 43,4 % (2025)".
pub fn cell_text(t: &Target) -> String {
    let num = |v: f64| {
        let s = if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v}") };
        s.replace('.', ",")
    };
    let sign = match t.comparator {
        Comparator::Eq | Comparator::Range => "",
        Comparator::Approx => "≈ ",
        Comparator::Gt => "> ",
        Comparator::Gte => "≥ ",
        Comparator::Lt => "< ",
        Comparator::Lte => "≤ ",
    };
    let value = match (t.value, t.low, t.high) {
        (Some(v), _, _) => num(v),
        (None, Some(l), Some(h)) => format!("{}–{}", num(l), num(h)),
        _ => String::new(),
    };
    let unit = t.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
    let year = when(t).map(|w| format!(" ({w})")).unwrap_or_default();
    format!("{sign}{value}{unit}{year}")
}

/// The least similarity at which two indicators may share a row.
const MIN_TARGET_SIMILARITY: f64 = 0.5;
/// The least similarity at which two tasks may share a row.
const MIN_TASK_SIMILARITY: f64 = 0.3;

/// A target read for alignment.
struct Item<'a> {
    t: &'a Target,
    key: align::Key,
    unit: units::Unit,
    /// The year it is set for, or the last year of its period.
    end: Option<i32>,
    /// `FILE:LINE#K`: how an alignment file names it.
    cite: String,
    bag: align::Bag,
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_else(|| path.to_string())
}

fn items_of<'a>(m: &'a Model, vocab: &mut align::Vocab) -> Vec<Item<'a>> {
    let name = file_name(&m.source.file);
    let mut on_line: HashMap<usize, usize> = HashMap::new();
    m.targets
        .iter()
        .map(|t| {
            let k = on_line.entry(t.line).or_insert(0);
            *k += 1;
            let key = align::key(&t.indicator);
            Item {
                t,
                bag: vocab.bag(&key.words),
                key,
                unit: units::read(t.unit.as_deref()),
                end: t.year.or_else(|| t.period.and_then(|p| p.to)),
                cite: if *k == 1 { format!("{name}:{}", t.line) } else { format!("{name}:{}#{k}", t.line) },
            }
        })
        .collect()
}

/// How alike two targets are, none when they must not share a row: another unit
/// family, another year, another administrative level or sense, or a key that
/// reduces to nothing ("Phấn đấu").
fn target_score(a: &Item, b: &Item, weights: &[f64]) -> Option<f64> {
    if a.key.words.is_empty() || b.key.words.is_empty() || a.unit.family != b.unit.family {
        return None;
    }
    if matches!((a.end, b.end), (Some(x), Some(y)) if x != y) || align::kept_apart(&a.key, &b.key) {
        return None;
    }
    let mut s = if a.key.words == b.key.words { 1.0 } else { align::bag_similarity(&a.bag, &b.bag, weights) };
    // what one names and the other leaves open counts a little against
    if a.key.level.is_some() != b.key.level.is_some() {
        s -= 0.1;
    }
    if a.end.is_some() != b.end.is_some() {
        s -= 0.05;
    }
    if s < 1.0 && a.t.sector.is_some() && a.t.sector == b.t.sector {
        s = (s + 0.05).min(0.99);
    }
    // rounded: a sum taken in another order (another input order) differs in its
    // last bits, and must not turn a tie
    let s = (s * 1e9).round() / 1e9;
    (s >= MIN_TARGET_SIMILARITY).then_some(s)
}

fn summary(m: &Model) -> DocumentSummary {
    DocumentSummary {
        file: m.source.file.clone(),
        kind: m.document.kind.clone(),
        number: m.document.number.clone(),
        issuer: m.document.issuer.clone(),
        date: m.document.date.clone(),
        period: m.document.period.map(|p| match p.to {
            Some(to) if to == p.from => p.from.to_string(),
            Some(to) => format!("{}-{to}", p.from),
            None => format!("{}-", p.from),
        }),
        implements: m.document.based_on.iter().map(|b| format!("{} {}", b.kind.as_deref().unwrap_or(""), b.number).trim().to_string()).collect(),
        place: m.document.place.clone(),
        label: column_label(m),
    }
}

/// The document every other one implements (names in its `based_on`), else the one
/// most of them do; none when no document is implemented by another.
pub fn detect_reference(models: &[Model]) -> Option<usize> {
    let number_key = |s: &str| fold_key(s).replace(' ', "");
    let cited_by = |i: usize| -> usize {
        let Some(n) = models[i].document.number.as_deref().map(number_key) else { return 0 };
        models.iter().enumerate().filter(|&(j, m)| j != i && m.document.based_on.iter().any(|b| number_key(&b.number) == n)).count()
    };
    let best = (0..models.len()).map(|i| (cited_by(i), i)).filter(|&(c, _)| c > 0).max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))?;
    Some(best.1)
}

/// Two targets named together in an alignment file.
type Pair = (align::Item, align::Item);

/// Reads the alignment file against the inputs: the links to force, the pairs to
/// keep apart, and what could not be found.
fn resolve(file: Option<&AlignFile>, items: &[Vec<Item>]) -> (Vec<Pair>, Vec<Pair>, Vec<String>) {
    let Some(file) = file else { return (Vec::new(), Vec::new(), Vec::new()) };
    let mut index: HashMap<String, align::Item> = HashMap::new();
    for (d, its) in items.iter().enumerate() {
        for (i, it) in its.iter().enumerate() {
            index.insert(it.cite.clone(), (d, i));
            // "FILE:LINE#1" is "FILE:LINE"
            if !it.cite.contains('#') {
                index.insert(format!("{}#1", it.cite), (d, i));
            }
        }
    }
    let mut notes = Vec::new();
    let mut find = |r: &str| {
        let found = index.get(r.trim()).copied();
        if found.is_none() {
            notes.push(format!("tệp căn chỉnh: không tìm thấy chỉ tiêu {}", r.trim()));
        }
        found
    };
    let mut same = Vec::new();
    for group in &file.same {
        let found: Vec<align::Item> = group.iter().filter_map(|r| find(r)).collect();
        same.extend(found.windows(2).map(|w| (w[0], w[1])));
    }
    let mut never = Vec::new();
    for group in &file.never {
        let found: Vec<align::Item> = group.iter().filter_map(|r| find(r)).collect();
        for (x, a) in found.iter().enumerate() {
            for b in &found[x + 1..] {
                never.push((*a, *b));
            }
        }
    }
    (same, never, notes)
}

fn num(v: f64) -> String {
    let s = if v.fract() == 0.0 && v.abs() < 1e15 { format!("{v:.0}") } else { format!("{}", (v * 1e6).round() / 1e6) };
    s.replace('.', ",")
}

/// How `cell` stands against the reference's `reference` (numbers in the row's unit).
fn deviation(reference: &Cell, cell: &Cell) -> (Deviation, Option<f64>) {
    let point = |c: &Cell| c.converted.or_else(|| Some((c.converted_low? + c.converted_high?) / 2.0));
    let difference = point(cell).zip(point(reference)).map(|(a, b)| ((a - b) * 1e9).round() / 1e9);
    let same = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
        (None, None) => true,
        _ => false,
    };
    if same(cell.converted, reference.converted) && same(cell.converted_low, reference.converted_low) && same(cell.converted_high, reference.converted_high) {
        return (Deviation::Equal, difference);
    }
    use Comparator::*;
    let lower_better = [reference.comparator, cell.comparator].iter().any(|c| matches!(c, Lt | Lte));
    let higher_better = [reference.comparator, cell.comparator].iter().any(|c| matches!(c, Gt | Gte));
    // a range commits to its lower end when more is better, its upper when less is
    let floor = |c: &Cell| c.converted.or(c.converted_low);
    let ceiling = |c: &Cell| c.converted.or(c.converted_high);
    let d = match (higher_better, lower_better) {
        (true, false) => match floor(cell).zip(floor(reference)) {
            Some((a, b)) if a > b => Deviation::Stricter,
            Some((a, b)) if a < b => Deviation::Looser,
            _ => Deviation::Differs,
        },
        (false, true) => match ceiling(cell).zip(ceiling(reference)) {
            Some((a, b)) if a < b => Deviation::Stricter,
            Some((a, b)) if a > b => Deviation::Looser,
            _ => Deviation::Differs,
        },
        _ => Deviation::Differs,
    };
    (d, difference)
}

/// Compares documents (columns in input order).
pub fn compare(models: &[Model], opts: &Options) -> Comparison {
    let documents: Vec<DocumentSummary> = models.iter().map(summary).collect();
    let n = models.len();
    // documents ordered by their content: what makes the result order-free
    let mut by_content: Vec<usize> = (0..n).collect();
    by_content.sort_by(|&a, &b| (&models[a].source.sha256, &models[a].source.file).cmp(&(&models[b].source.sha256, &models[b].source.file)));
    let mut rank = vec![0; n];
    for (k, &d) in by_content.iter().enumerate() {
        rank[d] = k;
    }
    let mut vocab = align::Vocab::default();
    let items: Vec<Vec<Item>> = models.iter().map(|m| items_of(m, &mut vocab)).collect();
    let plain = vocab.weights(false);
    let (same, never, mut decided) = resolve(opts.align.as_ref(), &items);
    let counts: Vec<usize> = items.iter().map(Vec::len).collect();
    let groups = align::align(
        &counts,
        &rank,
        &|d, i| items[d][i].unit.family.clone(),
        &|d, i| Some(items[d][i].key.joined()).filter(|k| !k.is_empty()),
        &|(d1, i), (d2, j)| target_score(&items[d1][i], &items[d2][j], &plain),
        &same,
        &never,
    );
    let reference = opts.reference.or_else(|| if opts.auto_reference { detect_reference(models) } else { None });
    let mut rows: Vec<(TargetRow, (usize, usize, usize))> = groups.iter().map(|g| target_row(g, &items, n)).collect();
    for (row, _) in &mut rows {
        if row.aligned_by == "manual" {
            let names: Vec<String> = row.cells.iter().flatten().map(|c| c.indicator.clone()).collect();
            decided.push(format!("ghép theo tệp căn chỉnh: {}", names.join(" ~ ")));
        }
    }
    for (a, b) in &never {
        decided.push(format!("không ghép theo tệp căn chỉnh: {} / {}", items[a.0][a.1].cite, items[b.0][b.1].cite));
    }
    // against the reference
    let mut reference_summary = Vec::new();
    if let Some(r) = reference {
        for (row, _) in &mut rows {
            let Some(rc) = row.cells[r].clone() else { continue };
            for d in 0..n {
                if d == r {
                    continue;
                }
                match row.cells[d].as_mut() {
                    Some(c) => {
                        let (dev, diff) = deviation(&rc, c);
                        c.deviation = Some(dev);
                        c.difference = diff;
                    }
                    None => row.missing = true,
                }
            }
        }
        for d in (0..n).filter(|&d| d != r) {
            let mut s = ReferenceSummary { document: d, adopted: 0, of: 0, stricter: 0, looser: 0, equal: 0, differs: 0, missing: 0, own: 0 };
            for (row, _) in &rows {
                match (&row.cells[r], &row.cells[d]) {
                    (Some(_), Some(c)) => {
                        s.of += 1;
                        s.adopted += 1;
                        match c.deviation {
                            Some(Deviation::Stricter) => s.stricter += 1,
                            Some(Deviation::Looser) => s.looser += 1,
                            Some(Deviation::Equal) => s.equal += 1,
                            _ => s.differs += 1,
                        }
                    }
                    (Some(_), None) => {
                        s.of += 1;
                        s.missing += 1;
                    }
                    (None, Some(_)) => s.own += 1,
                    (None, None) => {}
                }
            }
            reference_summary.push(s);
        }
    }
    // sector order of the taxonomy, then the order of the first document that has it
    let pos = |s: &Option<String>| s.as_ref().and_then(|s| opts.sector_order.iter().position(|x| x == s)).unwrap_or(usize::MAX);
    rows.sort_by_key(|r| (pos(&r.0.sector), r.1));
    let mut targets: Vec<TargetRow> = rows.into_iter().map(|(r, _)| r).collect();
    let columns = if opts.by_year {
        targets = by_year(targets);
        year_columns(&targets, &documents)
    } else {
        documents.iter().enumerate().map(|(d, s)| Column { document: d, when: None, label: s.label.clone() }).collect()
    };
    if opts.by_year {
        for row in &mut targets {
            let cells = std::mem::take(&mut row.cells);
            let mut placed: Vec<Option<Cell>> = vec![None; columns.len()];
            // one slot per (document, year): the joined rows' cells are laid out flat
            for c in cells.into_iter().flatten() {
                if let Some(k) = columns.iter().position(|col| col.document == c.document && col.when == c.when) {
                    placed[k] = Some(c);
                }
            }
            row.cells = placed;
        }
    }
    let (task_rows, tasks) = tasks_side_by_side(models, &rank, &opts.sector_order, &documents);
    Comparison { documents, columns, reference, targets, reference_summary, task_rows, tasks, decided }
}

/// A row of targets from a group, with the position it sorts by (the first document
/// that has it, in input order, and its line there).
fn target_row(g: &align::Group, items: &[Vec<Item>], n: usize) -> (TargetRow, (usize, usize, usize)) {
    let mut members: Vec<&Item> = Vec::new();
    let mut cells: Vec<Option<Cell>> = vec![None; n];
    let first = g.items.iter().min().copied().unwrap_or((0, 0));
    let lead = &items[first.0][first.1];
    let unit = units::row_unit(g.items.iter().filter_map(|&(d, i)| items[d][i].t.unit.as_deref()));
    for &(d, i) in &g.items {
        let it = &items[d][i];
        members.push(it);
        let t = it.t;
        // one family shares a row: the scale is what differs ("tỷ" / "nghìn tỷ đồng")
        let factor = unit.as_ref().map_or(1.0, |(_, row_factor)| it.unit.factor / row_factor);
        let conv = |v: Option<f64>| v.map(|v| (v * factor * 1e9).round() / 1e9);
        cells[d] = Some(Cell {
            text: cell_text(t),
            comparator: t.comparator,
            value: t.value,
            low: t.low,
            high: t.high,
            unit: t.unit.clone(),
            when: when(t),
            converted: conv(t.value),
            converted_low: conv(t.low),
            converted_high: conv(t.high),
            indicator: t.indicator.clone(),
            node: t.node.clone(),
            line: t.line,
            cite: it.cite.clone(),
            document: d,
            deviation: None,
            difference: None,
        });
    }
    let aligned_by = if g.items.len() < 2 {
        "alone"
    } else if g.manual {
        "manual"
    } else if members.iter().all(|m| m.key.written == lead.key.written) {
        "key"
    } else if members.iter().all(|m| m.key.words == lead.key.words) {
        if members.iter().any(|m| m.key.synonym) { "synonym" } else { "key" }
    } else {
        "similar"
    };
    let numbers: BTreeSet<String> = cells.iter().flatten().map(|c| format!("{:?}/{:?}/{:?}", c.converted, c.converted_low, c.converted_high)).collect();
    let row = TargetRow {
        sector: lead.t.sector.clone(),
        indicator: lead.t.indicator.clone(),
        unit: unit.map(|(u, _)| u),
        when: when(lead.t),
        documents_with: g.items.len(),
        aligned_by: aligned_by.into(),
        confidence: g.confidence.map(|c| (c * 100.0).round() / 100.0),
        differs: numbers.len() > 1,
        missing: false,
        cells,
    };
    (row, (first.0, lead.t.line, first.1))
}

/// One row per indicator across years: rows of one indicator set for different years
/// joined, strongest first, while no document has two cells for one year.
fn by_year(rows: Vec<TargetRow>) -> Vec<TargetRow> {
    let keys: Vec<(align::Key, String)> = rows
        .iter()
        .map(|r| {
            let c = r.cells.iter().flatten().next();
            (align::key(&r.indicator), c.map(|c| units::read(c.unit.as_deref()).family).unwrap_or_default())
        })
        .collect();
    let slots = |r: &TargetRow| -> BTreeSet<(usize, Option<String>)> { r.cells.iter().flatten().map(|c| (c.document, c.when.clone())).collect() };
    let mut out: Vec<(TargetRow, usize)> = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        let (k, fam) = &keys[i];
        let mine = slots(&row);
        let best = out
            .iter()
            .enumerate()
            .filter(|(_, (o, j))| keys[*j].1 == *fam && !k.words.is_empty() && !align::kept_apart(k, &keys[*j].0) && slots(o).is_disjoint(&mine) && o.sector == row.sector)
            .map(|(x, (_, j))| (x, if keys[*j].0.words == k.words { 1.0 } else { align::similarity(&keys[*j].0.words, &k.words) }))
            .filter(|(_, s)| *s >= MIN_TARGET_SIMILARITY)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((x, _)) => {
                let o = &mut out[x].0;
                o.cells.extend(row.cells);
                o.documents_with = o.cells.iter().flatten().map(|c| c.document).collect::<BTreeSet<_>>().len();
                o.when = None;
                o.differs |= row.differs;
                o.missing |= row.missing;
            }
            None => out.push((row, i)),
        }
    }
    out.into_iter().map(|(r, _)| r).collect()
}

/// The columns of `--by-year`: per document, each year its cells are set for.
fn year_columns(rows: &[TargetRow], documents: &[DocumentSummary]) -> Vec<Column> {
    let mut whens: Vec<BTreeSet<Option<String>>> = vec![BTreeSet::new(); documents.len()];
    for r in rows {
        for c in r.cells.iter().flatten() {
            whens[c.document].insert(c.when.clone());
        }
    }
    let mut cols = Vec::new();
    for (d, ws) in whens.into_iter().enumerate() {
        for w in ws {
            let label = match &w {
                Some(w) => format!("{} — {w}", documents[d].label),
                None => documents[d].label.clone(),
            };
            cols.push(Column { document: d, when: w, label });
        }
    }
    cols
}

/// A lead by its role: the place dropped ("Sở Công Thương tỉnh Thanh Hóa" → "sở công
/// thương"; "Ủy ban nhân dân tỉnh Đắk Lắk" → "ủy ban nhân dân tỉnh"), so that the
/// same office of two provinces is one role.
pub fn role(lead: &str) -> String {
    let k = fold_key(lead);
    for level in [" tỉnh ", " thành phố "] {
        if let Some(p) = k.find(level) {
            return k[..p + level.len() - 1].to_string();
        }
    }
    k
}

fn clip(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        format!("{}…", one_line.chars().take(max - 1).collect::<String>())
    }
}

/// Tasks side by side: aligned one to one per pair of documents by their words and
/// their leads' roles, then per sector the counts, leads and gaps.
fn tasks_side_by_side(models: &[Model], rank: &[usize], sector_order: &[String], documents: &[DocumentSummary]) -> (Vec<TaskRow>, Vec<SectorTasks>) {
    struct T<'a> {
        t: &'a Task,
        key: String,
        words: align::Bag,
        /// The words of the two headings above it: what the duty is about ("Tôm nuôi
        /// nước lợ" over "Thông số, tần suất …").
        context: align::Bag,
        roles: Vec<String>,
    }
    let first_words = |s: &str, n: usize| s.split_whitespace().take(n).collect::<Vec<_>>().join(" ");
    let mut words_vocab = align::Vocab::default();
    let mut context_vocab = align::Vocab::default();
    let items: Vec<Vec<T>> = models
        .iter()
        .map(|m| {
            let mut context: HashMap<&str, String> = HashMap::new();
            crate::model::walk_outline(&m.outline, |node, ancestors| {
                let above: Vec<String> = ancestors.iter().rev().take(2).map(|a| first_words(a.heading.as_deref().or(a.text.as_deref()).unwrap_or(""), 25)).collect();
                context.insert(node.id.as_str(), above.join(" "));
            });
            m.tasks
                .iter()
                .map(|t| {
                    let words = align::key(&first_words(&t.text, 60)).words;
                    let around = align::key(context.get(t.id.as_str()).map_or("", String::as_str)).words;
                    T { t, key: words.join(" "), words: words_vocab.bag(&words), context: context_vocab.bag(&around), roles: t.lead.iter().map(|l| role(l)).collect() }
                })
                .collect()
        })
        .collect();
    let counts: Vec<usize> = items.iter().map(Vec::len).collect();
    let weights = words_vocab.weights(true);
    let context_weights = context_vocab.weights(true);
    let score = |(d1, i): align::Item, (d2, j): align::Item| -> Option<f64> {
        let (a, b) = (&items[d1][i], &items[d2][j]);
        let text = align::bag_similarity(&a.words, &b.words, &weights);
        let lead = match (a.roles.is_empty(), b.roles.is_empty()) {
            (false, false) if a.roles.iter().any(|r| b.roles.contains(r)) => 1.0,
            (false, false) => 0.0,
            _ => 0.5,
        };
        let context = if a.context.is_empty() || b.context.is_empty() { 0.5 } else { align::bag_similarity(&a.context, &b.context, &context_weights) };
        // what it says, under which headings, and who leads it; words weighted by rarity
        let s = 0.5 * text + 0.3 * context + 0.2 * lead;
        (text > 0.0 && s >= MIN_TASK_SIMILARITY).then_some((s * 100.0).round() / 100.0)
    };
    let groups = align::align(&counts, rank, &|_, _| String::new(), &|d, i| Some(items[d][i].key.clone()), &score, &[], &[]);
    let n = models.len();
    let mut rows: Vec<(TaskRow, (usize, usize))> = groups
        .iter()
        .map(|g| {
            let first = g.items.iter().min().copied().unwrap_or((0, 0));
            let mut cells = vec![None; n];
            for &(d, i) in &g.items {
                let it = &items[d][i];
                cells[d] = Some(TaskCell {
                    id: it.t.id.clone(),
                    line: it.t.line,
                    text: clip(&it.t.text, 300),
                    lead: it.t.lead.clone(),
                    roles: it.roles.clone(),
                    deadline: it.t.deadline.as_ref().and_then(|d| d.text.clone()),
                });
            }
            let row = TaskRow {
                sector: items[first.0][first.1].t.sector.clone(),
                aligned_by: if g.items.len() < 2 { "alone".into() } else { "similar".into() },
                confidence: g.confidence,
                cells,
            };
            (row, first)
        })
        .collect();
    let pos = |s: &Option<String>| s.as_ref().and_then(|s| sector_order.iter().position(|x| x == s)).unwrap_or(usize::MAX);
    rows.sort_by_key(|r| (pos(&r.0.sector), r.1));
    let task_rows = rows.into_iter().map(|(r, _)| r).collect();
    (task_rows, tasks_by_sector(models, sector_order, documents))
}

fn tasks_by_sector(models: &[Model], sector_order: &[String], documents: &[DocumentSummary]) -> Vec<SectorTasks> {
    let mut sectors: Vec<String> = sector_order.to_vec();
    for m in models {
        for t in &m.tasks {
            if let Some(s) = &t.sector {
                if !sectors.contains(s) {
                    sectors.push(s.clone());
                }
            }
        }
    }
    sectors
        .into_iter()
        .filter_map(|s| {
            let groups: Vec<TaskGroup> = models
                .iter()
                .map(|m| {
                    let tasks: Vec<&Task> = m.tasks.iter().filter(|t| t.sector.as_deref() == Some(s.as_str())).collect();
                    let mut leads: Vec<String> = Vec::new();
                    for t in &tasks {
                        for l in &t.lead {
                            if !leads.contains(l) {
                                leads.push(l.clone());
                            }
                        }
                    }
                    TaskGroup { count: tasks.len(), leads, tasks: tasks.iter().map(|t| t.id.clone()).collect() }
                })
                .collect();
            if !groups.iter().any(|g| g.count > 0) {
                return None;
            }
            // a sector another document covers: a document with no task, or no lead, in it
            let any_lead = groups.iter().any(|g| !g.leads.is_empty());
            let mut flags = Vec::new();
            for (d, g) in groups.iter().enumerate() {
                if g.count == 0 {
                    flags.push(format!("{}: không có nhiệm vụ", documents[d].label));
                } else if g.leads.is_empty() && any_lead {
                    flags.push(format!("{}: không có cơ quan chủ trì", documents[d].label));
                }
            }
            Some(SectorTasks { sector: s, documents: groups, flags })
        })
        .collect()
}

/// A cell of a markdown table: its pipes escaped, its lines joined, and HTML in it
/// shown as text (a document's words never become markup in a reader's viewer).
pub(crate) fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // an escape sequence in a document is shown, never sent to a terminal
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// Quotes a CSV field when it needs it (RFC 4180). A text that a spreadsheet would
/// read as a formula (`= + - @`, tab, carriage return first) gets a leading `'`, as
/// OWASP's CSV-injection guidance recommends: the cell shows the text, never runs it.
pub fn csv_field(s: &str) -> String {
    let s: std::borrow::Cow<str> = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}").into() } else { s.into() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(place: &str, number: &str, body: &str) -> Model {
        let mut m = crate::parse_str(&format!("{place}.txt"), &format!("Số: {number}/KH-UBND | {place}, ngày 28 tháng 4 năm 2020 |\nI. MỤC TIÊU\n{body}\n"));
        m.document.place = Some(place.into());
        m
    }

    fn opts() -> Options {
        Options { auto_reference: true, ..Default::default() }
    }

    #[test]
    fn indicators_that_reduce_to_nothing_never_align() {
        let a = plan("Hải Phòng", "1", "1. Phấn đấu 100%.");
        let b = plan("Đà Nẵng", "2", "1. Phấn đấu 90%.");
        let c = compare(&[a, b], &opts());
        assert!(c.targets.iter().all(|r| r.documents_with == 1), "{:?}", c.targets);
        let a = plan("Hải Phòng", "1", "1. Năm 2025, tỷ lệ hộ nghèo giảm còn 2%.");
        let b = plan("Đà Nẵng", "2", "1. Năm 2025, tỷ lệ hộ nghèo giảm còn 1,5%.");
        let c = compare(&[a, b], &opts());
        assert_eq!(c.targets.len(), 1);
        assert_eq!(c.targets[0].aligned_by, "key");
        assert!(c.targets[0].differs);
    }

    #[test]
    fn columns_are_named_by_place_number_and_date() {
        let a = plan("Hải Phòng", "1", "1. Năm 2025, tỷ lệ hộ nghèo giảm còn 2%.");
        let b = plan("Đà Nẵng", "2", "1. Năm 2025, tỷ lệ hộ nghèo giảm còn 1,5%.");
        let c = compare(&[a, b], &opts());
        assert_eq!(c.documents[0].label, "Hải Phòng (1/KH-UBND, 28/4/2020)");
        assert!(to_markdown(&c).contains("| Hải Phòng (1/KH-UBND, 28/4/2020) | Đà Nẵng (2/KH-UBND, 28/4/2020) |"));
        assert!(targets_csv(&c).starts_with("\u{FEFF}lĩnh vực,chỉ tiêu"));
    }

    #[test]
    fn units_are_reconciled_to_one_per_row() {
        let a = plan("Hải Phòng", "1", "1. Đến năm 2025, tổng mức bán lẻ hàng hóa đạt trên 320.000 tỷ đồng.");
        let b = plan("Đà Nẵng", "2", "1. Đến năm 2025, tổng mức bán lẻ hàng hóa đạt trên 150 nghìn tỷ đồng.");
        let c = compare(&[a, b], &opts());
        assert_eq!(c.targets.len(), 1, "{:?}", c.targets);
        let r = &c.targets[0];
        assert_eq!(r.unit.as_deref(), Some("tỷ đồng"));
        let values: Vec<Option<f64>> = r.cells.iter().map(|c| c.as_ref().and_then(|c| c.converted)).collect();
        assert_eq!(values, vec![Some(320000.0), Some(150000.0)]);
    }

    #[test]
    fn administrative_levels_and_senses_are_never_merged() {
        let a = plan("Hải Phòng", "1", "1. Năm 2025, 90% hồ sơ công việc tại cấp huyện được xử lý trên môi trường mạng.");
        let b = plan("Đà Nẵng", "2", "1. Năm 2025, 60% hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng.");
        assert!(compare(&[a, b], &opts()).targets.iter().all(|r| r.documents_with == 1));
        let a = plan("Hải Phòng", "1", "1. Năm 2025, 97% trẻ em dưới 1 tuổi được tiêm chủng đầy đủ.");
        let b = plan("Đà Nẵng", "2", "1. Năm 2025, 97% dân số tham gia bảo hiểm y tế.");
        assert!(compare(&[a, b], &opts()).targets.iter().all(|r| r.documents_with == 1));
    }

    #[test]
    fn a_reference_gives_each_province_its_deviations() {
        let mut national = plan("Hà Nội", "9", "1. Đến năm 2025, tỷ lệ dân số tham gia bảo hiểm y tế đạt trên 90%.\n2. Đến năm 2025, tỷ lệ hộ nghèo dưới 3%.");
        national.document.number = Some("9/KH-BYT".into());
        let mut a = plan("Hải Phòng", "1", "1. Đến năm 2025, tỷ lệ bao phủ bảo hiểm y tế đạt trên 95%.");
        a.document.based_on = vec![crate::model::DocRef { kind: None, number: "9/KH-BYT".into(), date: None, issuer: None }];
        let c = compare(&[a, national], &opts());
        assert_eq!(c.reference, Some(1));
        let row = c.targets.iter().find(|r| r.documents_with == 2).expect("the insurance row");
        let cell = row.cells[0].as_ref().unwrap();
        assert_eq!(cell.deviation, Some(Deviation::Stricter));
        assert_eq!(cell.difference, Some(5.0));
        let s = &c.reference_summary[0];
        assert_eq!((s.adopted, s.of, s.stricter, s.missing, s.own), (1, 2, 1, 1, 0));
    }
}
