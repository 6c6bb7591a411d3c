//! A comparison rendered as text staff read (render stage): markdown tables, one CSV
//! table per file, the reasons of the alignment in Vietnamese (`--explain`) and the
//! alignment as a file to edit (`--write-align`).

use super::{Cell, Comparison, Deviation, ReferenceSummary, TargetRow, csv_field, md_escape, num};
use crate::model::Comparator;

/// The sign of a comparator as staff write it.
pub fn sign(c: Comparator) -> &'static str {
    match c {
        Comparator::Eq => "=",
        Comparator::Approx => "≈",
        Comparator::Gt => ">",
        Comparator::Gte => "≥",
        Comparator::Lt => "<",
        Comparator::Lte => "≤",
        Comparator::Range => "–",
    }
}

/// A cell as shown: the value as written, the number in the row's unit when the
/// document wrote another scale, and how it stands against the reference.
pub fn shown(c: &Cell, row: &TargetRow) -> String {
    let mut s = c.text.clone();
    let written = super::units::read(c.unit.as_deref());
    let row_unit = super::units::read(row.unit.as_deref());
    if c.unit.is_some() && (written.factor != row_unit.factor || written.base != row_unit.base) {
        let v = match (c.converted, c.converted_low, c.converted_high) {
            (Some(v), _, _) => num(v),
            (None, Some(l), Some(h)) => format!("{}–{}", num(l), num(h)),
            _ => String::new(),
        };
        if !v.is_empty() {
            s.push_str(&format!(" = {v} {}", row.unit.as_deref().unwrap_or("")));
        }
    }
    if let Some(d) = c.deviation {
        let diff = c.difference.filter(|d| *d != 0.0).map(|d| format!(" {}{}", if d > 0.0 { "+" } else { "" }, num(d))).unwrap_or_default();
        s.push_str(&format!(" [{}{diff}]", d.vi()));
    }
    s
}

fn reason(r: &TargetRow) -> String {
    match r.aligned_by.as_str() {
        "key" => "cùng khóa".into(),
        "synonym" => "đồng nghĩa".into(),
        "manual" => "tệp căn chỉnh".into(),
        "alone" => "chỉ một văn bản".into(),
        _ => format!("giống {}", r.confidence.map(num).unwrap_or_default()),
    }
}

/// The comparison as markdown tables.
pub fn to_markdown(c: &Comparison) -> String {
    let mut out = String::from("## Văn bản\n\n| # | văn bản | số | cơ quan ban hành | địa bàn | ngày | thời kỳ | thực hiện | tệp |\n|---|---|---|---|---|---|---|---|---|\n");
    for (i, d) in c.documents.iter().enumerate() {
        let mark = if c.reference == Some(i) { " (văn bản gốc)" } else { "" };
        out.push_str(&format!(
            "| {} | {}{mark} | {} | {} | {} | {} | {} | {} | {} |\n",
            i + 1,
            md_escape(d.kind.as_deref().unwrap_or("")),
            md_escape(d.number.as_deref().unwrap_or("")),
            md_escape(d.issuer.as_deref().unwrap_or("")),
            md_escape(d.place.as_deref().unwrap_or("")),
            md_escape(d.date.as_deref().unwrap_or("")),
            md_escape(d.period.as_deref().unwrap_or("")),
            md_escape(&d.implements.join("; ")),
            md_escape(&d.file)
        ));
    }
    out.push_str("\n## Chỉ tiêu\n\n| lĩnh vực | chỉ tiêu | đơn vị | năm | ghép |");
    for col in &c.columns {
        out.push_str(&format!(" {} |", md_escape(&col.label)));
    }
    out.push_str(&format!("\n|{}\n", "---|".repeat(5 + c.columns.len())));
    for r in &c.targets {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |",
            md_escape(r.sector.as_deref().unwrap_or("")),
            md_escape(&r.indicator),
            md_escape(r.unit.as_deref().unwrap_or("")),
            md_escape(r.when.as_deref().unwrap_or("")),
            reason(r)
        ));
        for cell in &r.cells {
            out.push_str(&format!(" {} |", cell.as_ref().map(|t| md_escape(&shown(t, r))).unwrap_or_default()));
        }
        out.push('\n');
    }
    if let Some(rf) = c.reference {
        out.push_str(&format!("\n## So với văn bản gốc: {}\n\n| văn bản | {} |\n|{}\n", md_escape(&c.documents[rf].label), ReferenceSummary::HEADER.join(" | "), "---|".repeat(1 + ReferenceSummary::HEADER.len())));
        for s in &c.reference_summary {
            out.push_str(&format!("| {} | {} |\n", md_escape(&c.documents[s.document].label), s.cells().join(" | ")));
        }
    }
    out.push_str("\n## Nhiệm vụ tương ứng\n\n| lĩnh vực | độ giống |");
    for d in &c.documents {
        out.push_str(&format!(" {} |", md_escape(&d.label)));
    }
    out.push_str(&format!("\n|{}\n", "---|".repeat(2 + c.documents.len())));
    for r in c.task_rows.iter().filter(|r| r.cells.iter().flatten().count() > 1) {
        out.push_str(&format!("| {} | {} |", md_escape(r.sector.as_deref().unwrap_or("")), r.confidence.map(num).unwrap_or_default()));
        for cell in &r.cells {
            let text = cell.as_ref().map(|t| {
                let short: String = t.text.chars().take(120).collect();
                let lead = if t.lead.is_empty() { String::new() } else { format!(" — chủ trì: {}", t.lead.join(", ")) };
                format!("{} {short}{}{lead}", t.id, if t.text.chars().count() > 120 { "…" } else { "" })
            });
            out.push_str(&format!(" {} |", md_escape(&text.unwrap_or_default())));
        }
        out.push('\n');
    }
    out.push_str("\n## Nhiệm vụ theo lĩnh vực\n\n| lĩnh vực |");
    for d in &c.documents {
        out.push_str(&format!(" {} |", md_escape(&d.label)));
    }
    out.push_str(&format!(" ghi chú |\n|{}\n", "---|".repeat(2 + c.documents.len())));
    for s in &c.tasks {
        out.push_str(&format!("| {} |", md_escape(&s.sector)));
        for g in &s.documents {
            let leads = if g.leads.is_empty() { String::new() } else { format!(": {}", g.leads.join(", ")) };
            out.push_str(&format!(" {} nhiệm vụ{} |", g.count, md_escape(&leads)));
        }
        out.push_str(&format!(" {} |\n", md_escape(&s.flags.join("; "))));
    }
    if !c.decided.is_empty() {
        out.push_str("\n## Căn chỉnh thủ công\n\n");
        for d in &c.decided {
            out.push_str(&format!("- {}\n", md_escape(d)));
        }
    }
    out
}

/// Which table of a comparison a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvTable {
    Targets,
    Tasks,
    Documents,
    Reference,
}

/// One table of the comparison as CSV, with a UTF-8 byte order mark (Excel on
/// Windows reads the Vietnamese right only with it) and Vietnamese headers.
pub fn targets_csv(c: &Comparison) -> String {
    csv(c, CsvTable::Targets)
}

/// One table of the comparison as CSV.
pub fn csv(c: &Comparison, table: CsvTable) -> String {
    let mut out = String::from("\u{FEFF}");
    let mut line = |fields: Vec<String>| {
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    };
    let opt = |v: Option<f64>| v.map(num).unwrap_or_default();
    match table {
        CsvTable::Targets => {
            let mut h: Vec<String> = ["lĩnh vực", "chỉ tiêu", "đơn vị", "năm", "số văn bản có", "căn cứ ghép", "độ tin cậy"].map(String::from).to_vec();
            for col in &c.columns {
                for part in ["nguyên văn", "dấu so sánh", "giá trị quy đổi", "cận dưới", "cận trên", "chỉ tiêu theo văn bản", "dòng", "so với văn bản gốc", "chênh lệch"] {
                    h.push(format!("{} — {part}", col.label));
                }
            }
            line(h);
            for r in &c.targets {
                let mut f = vec![r.sector.clone().unwrap_or_default(), r.indicator.clone(), r.unit.clone().unwrap_or_default(), r.when.clone().unwrap_or_default(), r.documents_with.to_string(), r.aligned_by.clone(), opt(r.confidence)];
                for cell in &r.cells {
                    match cell {
                        Some(t) => f.extend([
                            t.text.clone(),
                            sign(t.comparator).to_string(),
                            opt(t.converted),
                            opt(t.converted_low),
                            opt(t.converted_high),
                            t.indicator.clone(),
                            t.line.to_string(),
                            t.deviation.map(|d| d.vi().to_string()).unwrap_or_default(),
                            opt(t.difference),
                        ]),
                        None => {
                            let missing = c.reference.is_some_and(|rf| r.cells.get(rf).is_some_and(Option::is_some));
                            f.extend(std::iter::repeat_n(String::new(), 7));
                            f.push(if missing { Deviation::Missing.vi().into() } else { String::new() });
                            f.push(String::new());
                        }
                    }
                }
                line(f);
            }
        }
        CsvTable::Tasks => {
            let mut h: Vec<String> = ["lĩnh vực", "độ giống"].map(String::from).to_vec();
            for d in &c.documents {
                for part in ["mục", "nhiệm vụ", "chủ trì", "thời hạn", "dòng"] {
                    h.push(format!("{} — {part}", d.label));
                }
            }
            line(h);
            for r in &c.task_rows {
                let mut f = vec![r.sector.clone().unwrap_or_default(), opt(r.confidence)];
                for cell in &r.cells {
                    match cell {
                        Some(t) => f.extend([t.id.clone(), t.text.clone(), t.lead.join("; "), t.deadline.clone().unwrap_or_default(), t.line.map(|l| l.to_string()).unwrap_or_default()]),
                        None => f.extend(std::iter::repeat_n(String::new(), 5)),
                    }
                }
                line(f);
            }
        }
        CsvTable::Documents => {
            line(["#", "văn bản", "số", "cơ quan ban hành", "địa bàn", "ngày", "thời kỳ", "thực hiện", "tệp", "văn bản gốc"].map(String::from).to_vec());
            for (i, d) in c.documents.iter().enumerate() {
                line(vec![
                    (i + 1).to_string(),
                    d.kind.clone().unwrap_or_default(),
                    d.number.clone().unwrap_or_default(),
                    d.issuer.clone().unwrap_or_default(),
                    d.place.clone().unwrap_or_default(),
                    d.date.clone().unwrap_or_default(),
                    d.period.clone().unwrap_or_default(),
                    d.implements.join("; "),
                    d.file.clone(),
                    if c.reference == Some(i) { "có".into() } else { String::new() },
                ]);
            }
        }
        CsvTable::Reference => {
            line(std::iter::once("văn bản".to_string()).chain(ReferenceSummary::HEADER.map(String::from)).collect());
            for s in &c.reference_summary {
                line(std::iter::once(c.documents[s.document].label.clone()).chain(s.cells()).collect());
            }
        }
    }
    out
}

/// Why rows were aligned and what stayed alone (`--explain`), in Vietnamese.
pub fn explain(c: &Comparison) -> String {
    let mut out = String::new();
    let label = |d: usize| c.documents.get(d).map(|x| x.label.as_str()).unwrap_or("");
    for r in c.targets.iter().filter(|r| r.documents_with > 1) {
        let why = match r.aligned_by.as_str() {
            "key" => "cùng khóa chỉ tiêu".to_string(),
            "synonym" => "chỉ tiêu đồng nghĩa (data/indicator_synonyms.yaml)".to_string(),
            "manual" => "tệp căn chỉnh".to_string(),
            _ => format!("độ giống {}", r.confidence.map(num).unwrap_or_default()),
        };
        let unit = r.unit.as_deref().map(|u| format!(", cùng đơn vị {u}")).unwrap_or_default();
        let year = r.when.as_deref().map(|w| format!(", năm {w}")).unwrap_or_default();
        let names: Vec<String> = r.cells.iter().flatten().map(|t| format!("[{}] {} (dòng {})", label(t.document), t.indicator, t.line)).collect();
        out.push_str(&format!("Ghép ({why}{unit}{year}; độ tin cậy {}): {}\n", r.confidence.map(num).unwrap_or_default(), names.join(" ~ ")));
    }
    if c.documents.len() > 1 {
        for r in c.targets.iter().filter(|r| r.documents_with == 1) {
            if let Some(t) = r.cells.iter().flatten().next() {
                let key = super::align::key(&t.indicator);
                let why = if key.words.is_empty() { "khóa rỗng, không ghép".to_string() } else { format!("khóa: {}", key.joined()) };
                out.push_str(&format!("Chỉ có ở [{}]: {} (dòng {}; {why})\n", label(t.document), t.indicator, t.line));
            }
        }
    }
    for d in &c.decided {
        out.push_str(&format!("Căn chỉnh thủ công: {d}\n"));
    }
    out
}

/// The current alignment as an alignment file (`--write-align`): every row of two or
/// more documents under `same`, with its indicators as comments, and an empty
/// `never`; staff edit it and pass it back with `--align`.
pub fn write_align(c: &Comparison) -> String {
    let mut out = String::from(
        "# kehoach: căn chỉnh chỉ tiêu giữa các văn bản.\n# same: các chỉ tiêu là một; never: không bao giờ ghép. Mỗi chỉ tiêu là TỆP:DÒNG (TỆP:DÒNG#K: chỉ tiêu thứ K của dòng).\n# Dùng lại: kehoach compare … --align TỆP\nsame:\n",
    );
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut any = false;
    for r in c.targets.iter().filter(|r| r.documents_with > 1) {
        any = true;
        let cites: Vec<String> = r.cells.iter().flatten().map(|t| quote(&t.cite)).collect();
        let names: Vec<String> = r.cells.iter().flatten().map(|t| t.indicator.replace('\n', " ")).collect();
        out.push_str(&format!("  # {}\n  - [{}]\n", names.join(" ~ "), cites.join(", ")));
    }
    if !any {
        out.push_str("  []\n");
    }
    out.push_str("never: []\n");
    out
}
