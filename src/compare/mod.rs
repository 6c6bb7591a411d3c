//! Comparison of plans: models in, one table of documents, one matrix of targets
//! and the tasks per sector out (the "compare" of the command line).
//!
//! Targets are aligned across documents by sector, unit family and a normalized
//! indicator key (NFC, lower case, tone placement folded, stop words dropped,
//! GDP/GRDP as one, `tỉ`/`tỷ` as one; `data/indicator_stopwords.txt`), and by the
//! year they are set for. What the exact key leaves unaligned is matched by word
//! overlap (Jaccard ≥ 0.6) within the same sector, unit family and year, each
//! match recorded with its score so `--explain` can show why. Rows only one
//! document has are kept and marked.

use crate::model::{Comparator, Model, Target, Task};
use crate::normalize::fold_key;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

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

/// One aligned indicator: a cell per document, in input order.
#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    pub sector: Option<String>,
    pub indicator: String,
    pub unit: Option<String>,
    /// The year or period the row is set for, as `2025` or `2021-2025`.
    pub when: Option<String>,
    /// How many documents have this indicator; 1 marks a row only one document has.
    pub documents_with: usize,
    /// Why the cells are on one row: `key` (the same normalized key) or `similar 0.72`.
    pub aligned_by: String,
    pub cells: Vec<Option<Target>>,
}

/// The tasks of one sector, per document.
#[derive(Debug, Clone, Serialize)]
pub struct SectorTasks {
    pub sector: String,
    pub documents: Vec<TaskGroup>,
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
    pub targets: Vec<TargetRow>,
    pub tasks: Vec<SectorTasks>,
}

static STOPWORDS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    let mut v: Vec<Vec<String>> = include_str!("../data/indicator_stopwords.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| fold_key(l).split(' ').map(String::from).collect())
        .collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v
});

/// The words of an indicator that carry its meaning, in order.
pub fn indicator_words(indicator: &str) -> Vec<String> {
    let folded: String = fold_key(indicator).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut words: Vec<String> = folded
        .split_whitespace()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| match w {
            "grdp" => "gdp".to_string(),
            "tỉ" => "tỷ".to_string(),
            _ => w.to_string(),
        })
        .collect();
    // drop stop phrases (longest first), word-aligned
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'outer: while i < words.len() {
        for stop in STOPWORDS.iter() {
            if i + stop.len() <= words.len() && words[i..i + stop.len()] == stop[..] {
                i += stop.len();
                continue 'outer;
            }
        }
        out.push(std::mem::take(&mut words[i]));
        i += 1;
    }
    let mut seen = BTreeSet::new();
    out.retain(|w| seen.insert(w.clone()));
    out
}

/// The family of a unit, so that "%" and "% GDP" align and "tỷ đồng" does not with "%".
pub fn unit_family(unit: Option<&str>) -> String {
    let Some(u) = unit else { return String::new() };
    let u = fold_key(u);
    if u.starts_with('%') {
        return if u.contains("/năm") { "%/năm".into() } else { "%".into() };
    }
    for (family, words) in [("tiền", &["đồng", "usd", "tỷ", "triệu", "nghìn tỷ"][..]), ("người", &["người", "lao động"][..]), ("lượt", &["lượt"][..])] {
        if words.iter().any(|w| u.contains(w)) {
            return family.into();
        }
    }
    u.split_whitespace().last().unwrap_or("").to_string()
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

fn jaccard(a: &[String], b: &[String]) -> f64 {
    let sa: BTreeSet<&String> = a.iter().collect();
    let sb: BTreeSet<&String> = b.iter().collect();
    let inter = sa.intersection(&sb).count();
    let union = sa.union(&sb).count();
    if union == 0 { 0.0 } else { inter as f64 / union as f64 }
}

/// Compares documents (in input order).
pub fn compare(models: &[Model], sector_order: &[String]) -> Comparison {
    let documents = models
        .iter()
        .map(|m| DocumentSummary {
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
        })
        .collect();
    let n = models.len();
    // exact alignment: (sector, unit family, key, when, k-th occurrence in its document)
    let mut rows: Vec<TargetRow> = Vec::new();
    let mut row_words: Vec<Vec<String>> = Vec::new();
    let mut index: HashMap<(String, String, String, String, usize), usize> = HashMap::new();
    for (d, m) in models.iter().enumerate() {
        let mut seen: HashMap<(String, String, String, String), usize> = HashMap::new();
        for t in &m.targets {
            let words = indicator_words(&t.indicator);
            // an indicator that reduces to nothing ("Phấn đấu", stop words only) is
            // never a key two documents share: it stays on a row of its own
            let key_words = if words.is_empty() { format!("\u{0}{d}:{}:{}", t.node, t.line) } else { words.join(" ") };
            let base = (t.sector.clone().unwrap_or_default(), unit_family(t.unit.as_deref()), key_words, when(t).unwrap_or_default());
            let k = seen.entry(base.clone()).or_insert(0);
            let key = (base.0, base.1, base.2, base.3, *k);
            *k += 1;
            let r = *index.entry(key).or_insert_with(|| {
                rows.push(TargetRow {
                    sector: t.sector.clone(),
                    indicator: t.indicator.clone(),
                    unit: t.unit.clone(),
                    when: when(t),
                    documents_with: 0,
                    aligned_by: "key".into(),
                    cells: vec![None; n],
                });
                row_words.push(words.clone());
                rows.len() - 1
            });
            rows[r].cells[d] = Some(t.clone());
            rows[r].documents_with += 1;
        }
    }
    // similar indicators: rows only one document has, matched within their bucket
    if n > 1 {
        let mut buckets: HashMap<(Option<String>, String, Option<String>), Vec<usize>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            buckets.entry((r.sector.clone(), unit_family(r.unit.as_deref()), r.when.clone())).or_default().push(i);
        }
        let mut merged_into: Vec<Option<usize>> = vec![None; rows.len()];
        for members in buckets.values() {
            if members.len() > 400 {
                continue; // a bucket this large is left to the exact keys: pairwise scoring would not stay linear
            }
            let singles: Vec<usize> = members.iter().copied().filter(|&i| rows[i].documents_with == 1).collect();
            for (a_pos, &a) in singles.iter().enumerate() {
                if merged_into[a].is_some() {
                    continue;
                }
                let best = singles[a_pos + 1..]
                    .iter()
                    .copied()
                    .filter(|&b| merged_into[b].is_none())
                    // only rows from different documents, and not clashing in any cell
                    .filter(|&b| (0..n).all(|d| rows[a].cells[d].is_none() || rows[b].cells[d].is_none()))
                    .filter(|&b| !row_words[a].is_empty() && !row_words[b].is_empty())
                    .map(|b| (b, jaccard(&row_words[a], &row_words[b])))
                    .filter(|(_, s)| *s >= 0.6)
                    .max_by(|x, y| x.1.total_cmp(&y.1));
                if let Some((b, score)) = best {
                    merged_into[b] = Some(a);
                    let cells = std::mem::take(&mut rows[b].cells);
                    for (d, c) in cells.into_iter().enumerate() {
                        if c.is_some() {
                            rows[a].cells[d] = c;
                        }
                    }
                    rows[a].documents_with += 1;
                    rows[a].aligned_by = format!("similar {score:.2}");
                }
            }
        }
        let mut kept = Vec::with_capacity(rows.len());
        for (i, r) in rows.into_iter().enumerate() {
            if merged_into[i].is_none() {
                kept.push(r);
            }
        }
        rows = kept;
    }
    // sector order of the taxonomy, then first appearance
    let pos = |s: &Option<String>| s.as_ref().and_then(|s| sector_order.iter().position(|x| x == s)).unwrap_or(usize::MAX);
    rows.sort_by_key(|r| pos(&r.sector));
    let tasks = tasks_by_sector(models, sector_order);
    Comparison { documents, targets: rows, tasks }
}

fn tasks_by_sector(models: &[Model], sector_order: &[String]) -> Vec<SectorTasks> {
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
            let documents: Vec<TaskGroup> = models
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
            documents.iter().any(|g| g.count > 0).then_some(SectorTasks { sector: s, documents })
        })
        .collect()
}

/// Why rows were aligned and what stayed alone (`--explain`).
pub fn explain(c: &Comparison) -> String {
    let mut out = String::new();
    for r in &c.targets {
        let names: Vec<String> = r.cells.iter().enumerate().filter_map(|(d, t)| t.as_ref().map(|t| format!("[{}] {}", d + 1, t.indicator))).collect();
        if r.documents_with > 1 {
            out.push_str(&format!("aligned ({}): {} | {}\n", r.aligned_by, r.sector.as_deref().unwrap_or("-"), names.join(" ~ ")));
        }
    }
    for r in &c.targets {
        if r.documents_with == 1 && c.documents.len() > 1 {
            let d = r.cells.iter().position(Option::is_some).unwrap_or(0);
            out.push_str(&format!("only in [{}]: {} | {} (key: {})\n", d + 1, r.sector.as_deref().unwrap_or("-"), r.indicator, indicator_words(&r.indicator).join(" ")));
        }
    }
    out
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

/// A markdown table header: the named columns, then one column per document, named
/// by its place, number and date.
fn md_header(named: &[&str], documents: &[DocumentSummary]) -> String {
    let mut h = format!("| {} |", named.join(" | "));
    for d in documents {
        h.push_str(&format!(" {} |", md_escape(&d.label)));
    }
    h.push_str(&format!("\n|{}\n", "---|".repeat(named.len() + documents.len())));
    h
}

/// The comparison as markdown tables.
pub fn to_markdown(c: &Comparison) -> String {
    let mut out = String::from("## Văn bản\n\n| # | văn bản | số | cơ quan ban hành | ngày | thời kỳ | thực hiện |\n|---|---|---|---|---|---|---|\n");
    for (i, d) in c.documents.iter().enumerate() {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            i + 1,
            md_escape(d.kind.as_deref().unwrap_or("")),
            md_escape(d.number.as_deref().unwrap_or("")),
            md_escape(d.issuer.as_deref().unwrap_or("")),
            md_escape(d.date.as_deref().unwrap_or("")),
            md_escape(d.period.as_deref().unwrap_or("")),
            md_escape(&d.implements.join("; "))
        ));
    }
    out.push_str("\n## Chỉ tiêu\n\n");
    out.push_str(&md_header(&["lĩnh vực", "chỉ tiêu", "đơn vị"], &c.documents));
    for r in &c.targets {
        let mark = if r.documents_with == 1 && c.documents.len() > 1 { " *(chỉ một văn bản)*" } else { "" };
        out.push_str(&format!("| {} | {}{} | {} |", md_escape(r.sector.as_deref().unwrap_or("")), md_escape(&r.indicator), mark, md_escape(r.unit.as_deref().unwrap_or(""))));
        for cell in &r.cells {
            out.push_str(&format!(" {} |", cell.as_ref().map(|t| md_escape(&cell_text(t))).unwrap_or_default()));
        }
        out.push('\n');
    }
    out.push_str("\n## Nhiệm vụ theo lĩnh vực\n\n");
    out.push_str(&md_header(&["lĩnh vực"], &c.documents));
    for s in &c.tasks {
        out.push_str(&format!("| {} |", md_escape(&s.sector)));
        for g in &s.documents {
            let leads = if g.leads.is_empty() { String::new() } else { format!(": {}", g.leads.join(", ")) };
            out.push_str(&format!(" {} nhiệm vụ{} |", g.count, md_escape(&leads)));
        }
        out.push('\n');
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

/// The targets matrix as CSV: one row per indicator, one column per document.
pub fn targets_csv(c: &Comparison) -> String {
    // a UTF-8 byte order mark: Excel on Windows reads the Vietnamese right only with it
    let mut out = String::from("\u{FEFF}lĩnh vực,chỉ tiêu,đơn vị,năm,số văn bản có,căn cứ ghép");
    for d in &c.documents {
        out.push(',');
        out.push_str(&csv_field(&d.label));
    }
    out.push('\n');
    for r in &c.targets {
        let fields = [r.sector.clone().unwrap_or_default(), r.indicator.clone(), r.unit.clone().unwrap_or_default(), r.when.clone().unwrap_or_default(), r.documents_with.to_string(), r.aligned_by.clone()];
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        for cell in &r.cells {
            out.push(',');
            out.push_str(&csv_field(&cell.as_ref().map(cell_text).unwrap_or_default()));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model_with(place: &str, indicator: &str, value: &str) -> Model {
        let mut m = crate::parse_str("a.txt", &format!("Số: 1/KH-UBND | {place}, ngày 28 tháng 4 năm 2020 |\nI. MỤC TIÊU\n1. Năm 2025, tỷ lệ hồ sơ trực tuyến đạt {value}%.\n"));
        assert_eq!(m.targets.len(), 1, "{:?}", m.targets);
        m.targets[0].indicator = indicator.into();
        m.document.place = Some(place.into());
        m
    }

    #[test]
    fn indicators_that_reduce_to_nothing_never_align() {
        let c = compare(&[model_with("Hải Phòng", "Phấn đấu", "100"), model_with("Đà Nẵng", "Phấn đấu", "90")], &[]);
        assert_eq!(c.targets.len(), 2, "{:?}", c.targets);
        assert!(c.targets.iter().all(|r| r.documents_with == 1));
        let c = compare(&[model_with("Hải Phòng", "tỷ lệ hộ nghèo", "2"), model_with("Đà Nẵng", "tỷ lệ hộ nghèo", "1,5")], &[]);
        assert_eq!(c.targets.len(), 1);
    }

    #[test]
    fn columns_are_named_by_place_number_and_date() {
        let c = compare(&[model_with("Hải Phòng", "tỷ lệ hộ nghèo", "2"), model_with("Đà Nẵng", "tỷ lệ hộ nghèo", "1,5")], &[]);
        assert_eq!(c.documents[0].label, "Hải Phòng (1/KH-UBND, 28/4/2020)");
        assert!(to_markdown(&c).contains("| Hải Phòng (1/KH-UBND, 28/4/2020) | Đà Nẵng (1/KH-UBND, 28/4/2020) |"));
        let csv = targets_csv(&c);
        assert!(csv.starts_with("\u{FEFF}lĩnh vực,chỉ tiêu"), "{csv}");
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("- Triển khai"), "'- Triển khai");
        assert_eq!(csv_field("Sở Y tế"), "Sở Y tế");
    }

    #[test]
    fn markdown_cells_show_html_as_text() {
        assert_eq!(md_escape("<script>x</script> | a&b"), "&lt;script&gt;x&lt;/script&gt; \\| a&amp;b");
        assert_eq!(md_escape("a\u{1b}[2J"), "a\\u{1b}[2J");
    }

    #[test]
    fn indicator_keys_fold_what_does_not_matter() {
        assert_eq!(indicator_words("Tỷ trọng khu vực dịch vụ trong GRDP"), indicator_words("tỉ trọng khu vực dịch vụ trong GDP"));
        assert_eq!(indicator_words("tốc độ tăng trưởng hàng hoá"), indicator_words("Tốc độ tăng trưởng hàng hóa"));
        assert_eq!(unit_family(Some("% GDP")), "%");
        assert_eq!(unit_family(Some("tỷ đồng")), "tiền");
    }
}
