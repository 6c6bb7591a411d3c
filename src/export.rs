//! Flat tables for spreadsheets (render stage): a model's tasks and targets, and a
//! comparison's documents, targets matrix and tasks per sector, as CSV or XLSX.

use crate::compare::{Comparison, cell_text, csv_field};
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

/// A comparison as a workbook: documents, targets matrix, tasks per sector.
pub fn comparison_xlsx(c: &Comparison) -> Vec<u8> {
    let docs = Sheet {
        name: "Văn bản".into(),
        header: ["#", "file", "kind", "number", "issuer", "date", "period", "implements"].map(String::from).to_vec(),
        rows: c
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                vec![
                    Value::Number((i + 1) as f64),
                    Value::from(d.file.as_str()),
                    Value::from(d.kind.clone().unwrap_or_default()),
                    Value::from(d.number.clone().unwrap_or_default()),
                    Value::from(d.issuer.clone().unwrap_or_default()),
                    Value::from(d.date.clone().unwrap_or_default()),
                    Value::from(d.period.clone().unwrap_or_default()),
                    Value::from(d.implements.join("; ")),
                ]
            })
            .collect(),
    };
    let mut header: Vec<String> = ["sector", "indicator", "unit", "when", "documents_with"].map(String::from).to_vec();
    for d in &c.documents {
        header.push(d.label.clone());
        header.push(format!("{} (giá trị)", d.label));
    }
    let targets = Sheet {
        name: "Chỉ tiêu".into(),
        header,
        rows: c
            .targets
            .iter()
            .map(|r| {
                let mut row = vec![
                    Value::from(r.sector.clone().unwrap_or_default()),
                    Value::from(r.indicator.as_str()),
                    Value::from(r.unit.clone().unwrap_or_default()),
                    Value::from(r.when.clone().unwrap_or_default()),
                    Value::Number(r.documents_with as f64),
                ];
                for cell in &r.cells {
                    row.push(Value::from(cell.as_ref().map(cell_text).unwrap_or_default()));
                    row.push(Value::from(cell.as_ref().and_then(|t| t.value.or(t.low))));
                }
                row
            })
            .collect(),
    };
    let mut header: Vec<String> = vec!["sector".into()];
    for (i, _) in c.documents.iter().enumerate() {
        header.push(format!("[{}] tasks", i + 1));
        header.push(format!("[{}] leads", i + 1));
    }
    let tasks = Sheet {
        name: "Nhiệm vụ theo lĩnh vực".into(),
        header,
        rows: c
            .tasks
            .iter()
            .map(|s| {
                let mut row = vec![Value::from(s.sector.as_str())];
                for g in &s.documents {
                    row.push(Value::Number(g.count as f64));
                    row.push(Value::from(g.leads.join("; ")));
                }
                row
            })
            .collect(),
    };
    crate::xlsx::workbook(&[docs, targets, tasks])
}
