//! Flat tables for spreadsheets (render stage): a model's tasks and targets, and a
//! comparison's documents, targets matrix and tasks per sector, as CSV or XLSX.

use crate::compare::{Comparison, csv_field, table};
use crate::model::{Deadline, Model};
use crate::xlsx::{Sheet, Value};

fn deadline_text(d: &Option<Deadline>) -> String {
    let Some(d) = d else { return String::new() };
    if let Some(t) = &d.text {
        return t.clone();
    }
    match (d.from, d.to, d.year) {
        (Some(f), Some(t), _) => format!("{f}-{t}"),
        (Some(f), None, _) => format!("{f}-"),
        (_, _, Some(y)) => y.to_string(),
        _ => String::new(),
    }
}

/// One row per task: id, text, sector, deadline, lead, support, line.
pub fn tasks_sheet(model: &Model) -> Sheet {
    Sheet {
        name: "Nhiệm vụ".into(),
        header: ["id", "text", "sector", "deadline", "lead", "support", "line"].map(String::from).to_vec(),
        rows: model
            .tasks
            .iter()
            .map(|t| {
                vec![
                    Value::from(t.id.as_str()),
                    Value::from(t.text.as_str()),
                    Value::from(t.sector.clone().unwrap_or_default()),
                    Value::from(deadline_text(&t.deadline)),
                    Value::from(t.lead.join("; ")),
                    Value::from(t.support.join("; ")),
                    Value::from(t.line.map(|l| l as f64)),
                ]
            })
            .collect(),
        autofilter: true,
        ..Default::default()
    }
}

/// One row per target: indicator, comparator, value/low/high, unit, year/period, sector, line.
pub fn targets_sheet(model: &Model) -> Sheet {
    Sheet {
        name: "Chỉ tiêu".into(),
        header: ["indicator", "comparator", "value", "low", "high", "unit", "year", "period", "sector", "node", "line"].map(String::from).to_vec(),
        rows: model
            .targets
            .iter()
            .map(|t| {
                vec![
                    Value::from(t.indicator.as_str()),
                    Value::from(serde_json::to_value(t.comparator).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()),
                    Value::from(t.value),
                    Value::from(t.low),
                    Value::from(t.high),
                    Value::from(t.unit.clone().unwrap_or_default()),
                    Value::from(t.year.map(f64::from)),
                    Value::from(t.period.map(|p| format!("{}-{}", p.from, p.to.map(|x| x.to_string()).unwrap_or_default())).unwrap_or_default()),
                    Value::from(t.sector.clone().unwrap_or_default()),
                    Value::from(t.node.as_str()),
                    Value::Number(t.line as f64),
                ]
            })
            .collect(),
        autofilter: true,
        ..Default::default()
    }
}

fn sheet_csv(sheet: &Sheet) -> String {
    let mut out = sheet.header.iter().map(|h| csv_field(h)).collect::<Vec<_>>().join(",");
    out.push('\n');
    for row in &sheet.rows {
        let fields: Vec<String> = row
            .iter()
            .map(|v| match v {
                Value::Text(t) => csv_field(t),
                Value::Number(n) => n.to_string(),
                Value::Empty => String::new(),
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// A model's tasks, then (after an empty line) its targets, as CSV.
pub fn model_csv(model: &Model) -> String {
    format!("{}\n{}", sheet_csv(&tasks_sheet(model)), sheet_csv(&targets_sheet(model)))
}

/// A model's tasks and targets as a workbook.
pub fn model_xlsx(model: &Model) -> Vec<u8> {
    crate::xlsx::workbook(&[tasks_sheet(model), targets_sheet(model)])
}

/// A comparison as a workbook staff open directly: the targets matrix (per document
/// the value as written, its comparator, the number in the row's unit, a range's
/// ends, the document's words and line, the deviation from the reference), the
/// summary against the reference, the tasks side by side, the tasks per sector and
/// the documents. Vietnamese headers, autofilter, frozen header and labels, wrapped
/// text, grouped numbers, differing values highlighted, rows a document lacks marked.
pub fn comparison_xlsx(c: &Comparison) -> Vec<u8> {
    let mut sheets = Vec::new();
    // targets
    let fixed = ["lĩnh vực", "chỉ tiêu", "đơn vị", "năm", "số văn bản có", "căn cứ ghép", "độ tin cậy"];
    let parts = ["nguyên văn", "dấu so sánh", "giá trị quy đổi", "cận dưới", "cận trên", "chỉ tiêu theo văn bản", "dòng", "so với văn bản gốc", "chênh lệch"];
    let mut header: Vec<String> = fixed.map(String::from).to_vec();
    for col in &c.columns {
        for p in parts {
            header.push(format!("{} — {p}", col.label));
        }
    }
    let mut highlight = Vec::new();
    let mut marked = Vec::new();
    let rows = c
        .targets
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if r.documents_with < c.documents.len() && c.documents.len() > 1 {
                marked.push(i);
            }
            let mut row = vec![
                Value::from(r.sector.clone().unwrap_or_default()),
                Value::from(r.indicator.as_str()),
                Value::from(r.unit.clone().unwrap_or_default()),
                Value::from(r.when.clone().unwrap_or_default()),
                Value::Number(r.documents_with as f64),
                Value::from(r.aligned_by.as_str()),
                Value::from(r.confidence),
            ];
            for (k, cell) in r.cells.iter().enumerate() {
                let at = fixed.len() + k * parts.len();
                match cell {
                    Some(t) => {
                        if r.differs {
                            highlight.push((i, at + 2));
                        }
                        row.extend([
                            Value::from(t.text.as_str()),
                            Value::from(table::sign(t.comparator)),
                            Value::from(t.converted),
                            Value::from(t.converted_low),
                            Value::from(t.converted_high),
                            Value::from(t.indicator.as_str()),
                            Value::Number(t.line as f64),
                            Value::from(t.deviation.map(|d| d.vi()).unwrap_or("")),
                            Value::from(t.difference),
                        ]);
                    }
                    None => {
                        let missing = c.reference.is_some_and(|rf| r.cells.get(rf).is_some_and(Option::is_some));
                        row.extend(std::iter::repeat_n(Value::Empty, 7));
                        row.push(Value::from(if missing { "thiếu" } else { "" }));
                        row.push(Value::Empty);
                    }
                }
            }
            row
        })
        .collect();
    let flagged_columns = (0..c.columns.len()).map(|k| fixed.len() + k * parts.len() + 7).collect();
    sheets.push(Sheet { name: "Chỉ tiêu".into(), header, rows, freeze_columns: 2, autofilter: true, highlight, marked_rows: marked, flagged_columns });
    if let Some(rf) = c.reference {
        sheets.push(Sheet {
            name: "So với văn bản gốc".into(),
            header: ["văn bản", "văn bản gốc", "chỉ tiêu gốc đã đặt", "số chỉ tiêu gốc", "cao hơn", "bằng", "thấp hơn", "khác", "thiếu", "chỉ tiêu riêng"].map(String::from).to_vec(),
            rows: c
                .reference_summary
                .iter()
                .map(|s| {
                    let mut row = vec![Value::from(c.documents[s.document].label.as_str()), Value::from(c.documents[rf].label.as_str())];
                    row.extend([s.adopted, s.of, s.stricter, s.equal, s.looser, s.differs, s.missing, s.own].map(|n| Value::Number(n as f64)));
                    row
                })
                .collect(),
            freeze_columns: 1,
            autofilter: true,
            ..Default::default()
        });
    }
    // tasks side by side
    let mut header: Vec<String> = vec!["lĩnh vực".into(), "độ giống".into()];
    for d in &c.documents {
        for p in ["mục", "nhiệm vụ", "chủ trì", "thời hạn", "dòng"] {
            header.push(format!("{} — {p}", d.label));
        }
    }
    let mut marked = Vec::new();
    let rows = c
        .task_rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if r.cells.iter().any(Option::is_none) {
                marked.push(i);
            }
            let mut row = vec![Value::from(r.sector.clone().unwrap_or_default()), Value::from(r.confidence)];
            for cell in &r.cells {
                match cell {
                    Some(t) => row.extend([
                        Value::from(t.id.as_str()),
                        Value::from(t.text.as_str()),
                        Value::from(t.lead.join("; ")),
                        Value::from(t.deadline.clone().unwrap_or_default()),
                        Value::from(t.line.map(|l| l as f64)),
                    ]),
                    None => row.extend(std::iter::repeat_n(Value::Empty, 5)),
                }
            }
            row
        })
        .collect();
    sheets.push(Sheet { name: "Nhiệm vụ tương ứng".into(), header, rows, freeze_columns: 1, autofilter: true, marked_rows: marked, ..Default::default() });
    // tasks per sector
    let mut header: Vec<String> = vec!["lĩnh vực".into()];
    for d in &c.documents {
        header.push(format!("{} — số nhiệm vụ", d.label));
        header.push(format!("{} — chủ trì", d.label));
    }
    header.push("ghi chú".into());
    let rows = c
        .tasks
        .iter()
        .map(|s| {
            let mut row = vec![Value::from(s.sector.as_str())];
            for g in &s.documents {
                row.push(Value::Number(g.count as f64));
                row.push(Value::from(g.leads.join("; ")));
            }
            row.push(Value::from(s.flags.join("; ")));
            row
        })
        .collect();
    sheets.push(Sheet { name: "Nhiệm vụ theo lĩnh vực".into(), header, rows, freeze_columns: 1, autofilter: true, ..Default::default() });
    sheets.push(Sheet {
        name: "Văn bản".into(),
        header: ["#", "văn bản", "số", "ngày", "cơ quan ban hành", "địa bàn", "thời kỳ", "thực hiện", "tệp", "văn bản gốc"].map(String::from).to_vec(),
        rows: c
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                vec![
                    Value::Number((i + 1) as f64),
                    Value::from(d.kind.clone().unwrap_or_default()),
                    Value::from(d.number.clone().unwrap_or_default()),
                    Value::from(d.date.clone().unwrap_or_default()),
                    Value::from(d.issuer.clone().unwrap_or_default()),
                    Value::from(d.place.clone().unwrap_or_default()),
                    Value::from(d.period.clone().unwrap_or_default()),
                    Value::from(d.implements.join("; ")),
                    Value::from(d.file.as_str()),
                    Value::from(if c.reference == Some(i) { "có" } else { "" }),
                ]
            })
            .collect(),
        autofilter: true,
        ..Default::default()
    });
    crate::xlsx::workbook(&sheets)
}
