//! The report (render stage): a model and the text it was read from in, one
//! self-contained HTML page out, in Vietnamese, for legal staff to check by eye.
//!
//! The page holds the header facts; the text line by line with its line numbers,
//! each line in its node, trailing matter greyed; the outline as a collapsible tree
//! beside it, inferred nodes marked with their evidence; every target marked in the
//! text with its reading on hover and listed in a table; the tasks in a table whose
//! rows lead to their lines; the diagnostics, each linking to its line. No network:
//! inline CSS and a few lines of inline JS. All document text is escaped.
//!
//! Stable hooks for tests and scripts: `data-target` on each target mark,
//! `data-task` on each task row, `data-inferred` on each inferred node,
//! `data-diagnostic` on each diagnostic, `id="L<line>"` on each source line.

use crate::compare::cell_text;
use crate::model::{Level, Model, Node, NodeKind};
use std::collections::HashMap;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '{' => out.push_str("&#123;"),
            '}' => out.push_str("&#125;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --ink: #1d2430; --muted: #6b7280; --line: #e5e7eb; --paper: #fff; --bg: #f6f7f9;
  --inferred: #b45309; --inferred-bg: #fff7ed; --target: #065f46; --target-bg: #d1fae5;
  --owner: #1e40af; --deadline: #7c2d12; --warn: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 "Noto Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
header.top { padding: 16px 24px; background: #0f172a; color: #f8fafc; }
header.top h1 { margin: 0 0 4px; font-size: 20px; font-weight: 600; }
header.top .facts { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 13px; color: #cbd5e1; }
header.top .facts b { color: #f8fafc; font-weight: 600; }
main { display: grid; grid-template-columns: minmax(240px, 320px) 1fr; gap: 16px; padding: 16px 24px; }
nav.tree { position: sticky; top: 12px; align-self: start; max-height: calc(100vh - 24px); overflow: auto; background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; font-size: 13px; }
nav.tree details { margin-left: 10px; } nav.tree > details { margin-left: 0; }
nav.tree summary { cursor: pointer; padding: 1px 0; }
nav.tree a { color: var(--ink); text-decoration: none; } nav.tree a:hover { text-decoration: underline; }
.inferred > summary, .inferred-node { color: var(--inferred); }
.badge { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 9px; margin-left: 4px; vertical-align: 1px; }
.badge.inf { background: var(--inferred-bg); color: var(--inferred); border: 1px solid #fdba74; }
section.doc { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 8px 0; }
.line { display: grid; grid-template-columns: 56px 1fr; padding: 1px 16px 1px 0; }
.line:target { background: #fef9c3; }
.line .no { color: var(--muted); text-align: right; padding-right: 12px; font-size: 12px; user-select: none; }
.line .no a { color: inherit; text-decoration: none; }
.line .txt { white-space: pre-wrap; word-break: break-word; }
.line .node { color: var(--muted); font-size: 11px; margin-left: 8px; }
.line.trailing, .line.furniture { color: #9ca3af; background: #fafafa; }
.line.header .txt { font-weight: 600; }
.inferred-mark { display: block; margin: 6px 16px 2px 56px; padding: 4px 8px; background: var(--inferred-bg); color: var(--inferred); border-left: 3px solid var(--inferred); font-size: 13px; }
mark.target { background: var(--target-bg); color: var(--target); border-radius: 3px; padding: 0 2px; cursor: help; }
h2 { font-size: 17px; margin: 22px 0 8px; }
table { border-collapse: collapse; width: 100%; background: var(--paper); font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f5f9; position: sticky; top: 0; }
tr[data-task] { cursor: pointer; } tr[data-task]:hover { background: #f8fafc; }
small.via { display: block; color: var(--muted); font-size: 11px; }
table.read { margin-bottom: 14px; } table.read caption { text-align: left; font-weight: 600; padding: 4px 0; }
table.read td.merged { color: var(--muted); }
tr.unassigned td.lead::before { content: "chưa giao"; color: var(--warn); font-weight: 600; }
td.lead, td.support { color: var(--owner); } td.deadline { color: var(--deadline); }
ul.diags { list-style: none; padding: 0; font-size: 13px; }
ul.diags li { padding: 2px 0; } .lvl-warning { color: var(--warn); } .lvl-info { color: var(--muted); }
.wide { grid-column: 1 / -1; }
"#;

const SCRIPT: &str = r#"
document.addEventListener('click', function (e) {
  var row = e.target.closest('tr[data-line]');
  if (row && !e.target.closest('a')) { location.hash = 'L' + row.getAttribute('data-line'); }
});
"#;

/// Where in a line a target's number is written: the first occurrence of its value
/// (or lower bound) written the Vietnamese way, not already marked.
fn number_spans(text: &str, targets: &[(usize, String)]) -> Vec<(usize, usize, usize)> {
    let mut taken: Vec<(usize, usize, usize)> = Vec::new();
    for (idx, needle) in targets {
        if needle.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(p) = text[from..].find(needle.as_str()).map(|p| p + from) {
            let end = p + needle.len();
            let before_ok = text[..p].chars().next_back().is_none_or(|c| !c.is_ascii_digit() && c != ',' && c != '.');
            let after_ok = text[end..].chars().next().is_none_or(|c| !c.is_ascii_digit());
            let free = taken.iter().all(|(s, e, _)| end <= *s || p >= *e);
            if before_ok && after_ok && free {
                taken.push((p, end, *idx));
                break;
            }
            from = end;
        }
    }
    taken.sort_unstable();
    taken
}

fn vn_number(v: f64) -> String {
    let s = if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v}") };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    // thousands are grouped with dots when the text wrote them so; try the plain form first
    match frac {
        Some(f) => format!("{int},{f}"),
        None => int,
    }
}

fn grouped(int: &str) -> String {
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(*c);
    }
    out
}

/// Renders the report of a model from the lines it was read from and the node of each line.
pub fn render(model: &Model, lines: &[String], line_nodes: &HashMap<usize, String>) -> String {
    let d = &model.document;
    let title = d.title.clone().unwrap_or_else(|| "—".into());
    let mut h = String::with_capacity(lines.iter().map(String::len).sum::<usize>() * 2 + 20_000);
    h.push_str("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.push_str(&format!("<title>{}</title><style>{STYLE}</style></head><body>", esc(&format!("{} {}", d.number.clone().unwrap_or_default(), title))));
    // header facts
    h.push_str(&format!("<header class=\"top\"><h1>{}</h1><div class=\"facts\">", esc(&format!("{} {}", d.kind.clone().unwrap_or_else(|| "Văn bản".into()), d.number.clone().unwrap_or_default()))));
    let period = d.period.map(|p| format!("{}–{}", p.from, p.to.map(|t| t.to_string()).unwrap_or_default()));
    for (k, v) in [
        ("Cơ quan ban hành", d.issuer.clone()),
        ("Ngày", d.date.clone()),
        ("Nơi ban hành", d.place.clone()),
        ("Thời kỳ", period),
        ("Thực hiện", Some(d.based_on.iter().map(|b| format!("{} {}", b.kind.clone().unwrap_or_default(), b.number)).collect::<Vec<_>>().join("; ")).filter(|s| !s.is_empty())),
        ("Tệp", Some(format!("{} ({}, {})", model.source.file, model.source.encoding, model.source.format))),
    ] {
        if let Some(v) = v {
            h.push_str(&format!("<span>{}: <b>{}</b></span>", esc(k), esc(&v)));
        }
    }
    h.push_str(&format!("<span>Trích yếu: <b>{}</b></span>", esc(&title)));
    h.push_str(&format!(
        "<span><b>{}</b> nhiệm vụ · <b>{}</b> chỉ tiêu · <b>{}</b> chẩn đoán</span></div></header><main>",
        model.tasks.len(),
        model.targets.len(),
        model.diagnostics.len()
    ));
    // the outline tree, without recursion: open and close <details> by depth
    let evidence: HashMap<&str, &str> = model.diagnostics.iter().filter(|x| x.code == "inferred-node").filter_map(|x| x.node.as_deref().map(|n| (n, x.message.as_str()))).collect();
    h.push_str("<nav class=\"tree\" aria-label=\"Cấu trúc\"><b>Cấu trúc văn bản</b>");
    let mut depth = 0usize;
    let mut inferred_first_line: HashMap<String, usize> = HashMap::new();
    crate::model::walk_outline(&model.outline, |n: &Node, path: &[&Node]| {
        while depth > path.len() {
            h.push_str("</details>");
            depth -= 1;
        }
        let label = match (&n.heading, &n.text) {
            (Some(hd), _) => hd.clone(),
            (None, Some(t)) => t.chars().take(60).collect(),
            _ => String::new(),
        };
        let line = n.line.or_else(|| first_line(n));
        let target = line.map(|l| format!("#L{l}")).unwrap_or_default();
        if n.inferred {
            let why = evidence.get(n.id.as_str()).copied().unwrap_or("suy ra từ cấu trúc");
            h.push_str(&format!(
                "<details open class=\"inferred\" data-inferred=\"{}\"><summary><a href=\"{}\">{}</a> <span class=\"badge inf\" title=\"{}\">suy ra</span> {}</summary>",
                esc(&n.id),
                esc(&target),
                esc(&n.id),
                esc(why),
                esc(&label)
            ));
            if let Some(l) = line {
                inferred_first_line.insert(n.id.clone(), l);
            }
        } else {
            // the first two levels open; deeper ones (points, bullets) folded
            let open = if path.len() < 2 { " open" } else { "" };
            h.push_str(&format!("<details{open}><summary><a href=\"{}\">{}</a> {}</summary>", esc(&target), esc(&n.id), esc(&label)));
        }
        depth = path.len() + 1;
    });
    while depth > 0 {
        h.push_str("</details>");
        depth -= 1;
    }
    h.push_str("</nav><div class=\"right\">");
    // the text, line by line
    let mut targets_by_line: HashMap<usize, Vec<(usize, String)>> = HashMap::new();
    for (i, t) in model.targets.iter().enumerate() {
        let v = t.value.or(t.low).map(vn_number).unwrap_or_default();
        targets_by_line.entry(t.line).or_default().push((i, v));
    }
    let mut inferred_at: HashMap<usize, Vec<&str>> = HashMap::new();
    for (id, l) in &inferred_first_line {
        inferred_at.entry(*l).or_default().push(id.as_str());
    }
    let header = model.source.header;
    h.push_str("<section class=\"doc\" aria-label=\"Văn bản\">");
    for (i, text) in lines.iter().enumerate() {
        let no = i + 1;
        if let Some(ids) = inferred_at.get(&no) {
            for id in ids {
                let why = evidence.get(id).copied().unwrap_or("");
                h.push_str(&format!("<div class=\"inferred-mark\">▸ {} — đề mục bị mất, suy ra: {}</div>", esc(id), esc(why)));
            }
        }
        let trailing = model.source.trailing.iter().find(|t| t.from <= no && no <= t.to).map(|t| t.kind.as_str());
        let class = match (trailing, header) {
            (Some("page-furniture" | "table-header"), _) => "line furniture",
            (Some(_), _) => "line trailing",
            (None, Some(r)) if r.from <= no && no <= r.to => "line header",
            _ => "line",
        };
        let node = line_nodes.get(&no);
        h.push_str(&format!(
            "<div class=\"{class}\" id=\"L{no}\"{}><span class=\"no\"><a href=\"#L{no}\">{no}</a></span><span class=\"txt\">",
            node.map(|n| format!(" data-node=\"{}\"", esc(n))).unwrap_or_default()
        ));
        // the line, with its targets marked
        let mut marked = Vec::new();
        if let Some(ts) = targets_by_line.get(&no) {
            let mut spans = number_spans(text, ts);
            // a number written with thousands dots ("1.248.000")
            let found: Vec<usize> = spans.iter().map(|s| s.2).collect();
            let rest: Vec<(usize, String)> = ts.iter().filter(|(i, _)| !found.contains(i)).map(|(i, v)| (*i, if v.contains(',') { v.clone() } else { grouped(v) })).collect();
            let mut more = number_spans(text, &rest);
            more.retain(|(s, e, _)| spans.iter().all(|(a, b, _)| e <= a || s >= b));
            spans.extend(more);
            spans.sort_unstable();
            let mut pos = 0;
            for (s, e, idx) in &spans {
                h.push_str(&esc(&text[pos..*s]));
                h.push_str(&target_mark(model, *idx, &text[*s..*e]));
                marked.push(*idx);
                pos = *e;
            }
            h.push_str(&esc(&text[pos..]));
            // a target whose number is not written as such in the line still gets its mark
            for (idx, _) in ts {
                if !marked.contains(idx) {
                    h.push(' ');
                    h.push_str(&target_mark(model, *idx, "◆"));
                }
            }
        } else {
            h.push_str(&esc(text));
        }
        h.push_str("</span></div>");
    }
    h.push_str("</section>");
    // tables as they were read: rows under their column names, beside the source lines
    render_tables(&mut h, model);
    // tasks, each with where its owners and its deadline came from
    h.push_str(&format!("<h2>Nhiệm vụ ({})</h2><table><thead><tr><th>mã</th><th>nội dung</th><th>lĩnh vực</th><th>thời hạn</th><th>chủ trì</th><th>phối hợp</th><th>dòng</th></tr></thead><tbody>", model.tasks.len()));
    for t in &model.tasks {
        let deadline = t.deadline.as_ref().and_then(|d| d.text.clone().or_else(|| d.year.map(|y| y.to_string())).or_else(|| d.from.map(|f| format!("{f}–{}", d.to.map(|x| x.to_string()).unwrap_or_default())))).unwrap_or_default();
        let deadline_from = match (t.deadline_via.as_deref(), t.deadline.as_ref().and_then(|d| d.from_node.clone())) {
            (Some("heading"), Some(node)) => format!("đề mục {node}"),
            (Some(via), _) => via_name(via).to_string(),
            (None, _) => String::new(),
        };
        let owners_from = match (t.owner_via.as_deref(), t.owner_source) {
            (Some(via), Some(l)) => format!("{} · <a href=\"#L{l}\">dòng {l}</a>", esc(via_name(via))),
            (Some(via), None) => esc(via_name(via)),
            _ => String::new(),
        };
        let line = t.line.unwrap_or(0);
        let text: String = t.text.chars().take(220).collect();
        h.push_str(&format!(
            "<tr data-task=\"{}\" data-line=\"{line}\"{}><td><a href=\"#L{line}\">{}</a></td><td>{}</td><td>{}</td><td class=\"deadline\">{}<small class=\"via\">{}</small></td><td class=\"lead\">{}<small class=\"via\">{}</small></td><td class=\"support\">{}</td><td><a href=\"#L{line}\">{line}</a></td></tr>",
            esc(&t.id),
            if t.lead.is_empty() { " class=\"unassigned\"" } else { "" },
            esc(&t.id),
            esc(&text),
            esc(t.sector.as_deref().unwrap_or("")),
            esc(&deadline),
            esc(&deadline_from),
            esc(&t.lead.join("; ")),
            owners_from,
            esc(&t.support.join("; "))
        ));
    }
    h.push_str("</tbody></table>");
    // targets
    h.push_str(&format!("<h2>Chỉ tiêu ({})</h2><table><thead><tr><th>#</th><th>chỉ tiêu</th><th>giá trị</th><th>lĩnh vực</th><th>nút</th><th>dòng</th></tr></thead><tbody>", model.targets.len()));
    for (i, t) in model.targets.iter().enumerate() {
        h.push_str(&format!(
            "<tr data-line=\"{0}\"><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td><td>{5}</td><td><a href=\"#L{0}\">{0}</a></td></tr>",
            t.line,
            i + 1,
            esc(&t.indicator),
            esc(&cell_text(t)),
            esc(t.sector.as_deref().unwrap_or("")),
            esc(&t.node)
        ));
    }
    h.push_str("</tbody></table>");
    // diagnostics
    h.push_str(&format!("<h2>Chẩn đoán ({})</h2><ul class=\"diags\">", model.diagnostics.len()));
    for (i, x) in model.diagnostics.iter().enumerate() {
        let level = match x.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        };
        let at = x.line.map(|l| format!("<a href=\"#L{l}\">dòng {l}</a> ")).unwrap_or_default();
        h.push_str(&format!("<li class=\"lvl-{level}\" data-diagnostic=\"{i}\">{at}<b>{}[{}]</b> {}</li>", level, esc(&x.code), esc(&x.message)));
    }
    h.push_str(&format!("</ul></div></main><script>{SCRIPT}</script></body></html>\n"));
    h
}

/// How a task's owners or deadline were found, in the reader's words.
fn via_name(via: &str) -> &str {
    match via {
        "field" => "trường thông tin",
        "subject" => "chủ ngữ của câu",
        "heading" => "đề mục",
        "lead-in" => "câu dẫn",
        "intro" => "đoạn giao nhiệm vụ",
        "cross-reference" => "viện dẫn trong Tổ chức thực hiện",
        "cell" => "ô của bảng",
        "text" => "lời của nhiệm vụ",
        "assignment" => "câu phân công",
        "condition" => "điều kiện",
        "document" => "thời kỳ của kế hoạch",
        other => other,
    }
}

/// Every table the parser read, as it read it: one HTML table per run of rows, the
/// columns named as in the document, each row's cells under its column (merged cells
/// marked), and a link to the row's line in the text.
fn render_tables(h: &mut String, model: &Model) {
    // rows grouped by the node that holds the table
    let mut tables: Vec<(String, Vec<&Node>)> = Vec::new();
    crate::model::walk_outline(&model.outline, |n: &Node, path: &[&Node]| {
        if n.kind != crate::model::NodeKind::Row {
            return;
        }
        let holder = path.iter().rev().find(|a| a.kind != crate::model::NodeKind::Row).map(|a| a.id.clone()).unwrap_or_default();
        match tables.last_mut() {
            Some((id, rows)) if *id == holder => rows.push(n),
            _ => tables.push((holder, vec![n])),
        }
    });
    if tables.is_empty() {
        return;
    }
    h.push_str(&format!("<h2>Bảng ({})</h2>", tables.len()));
    for (holder, rows) in &tables {
        let mut columns: Vec<(String, String)> = Vec::new();
        for r in rows {
            for c in r.cells.iter().flatten() {
                if !columns.iter().any(|(name, _)| *name == c.column) {
                    columns.push((c.column.clone(), c.role.clone()));
                }
            }
        }
        let kind = rows.first().and_then(|r| r.table.clone()).unwrap_or_default();
        h.push_str(&format!("<table class=\"read\" data-table=\"{}\" data-kind=\"{}\"><caption>{} — bảng {}</caption><thead><tr><th>TT</th>", esc(holder), esc(&kind), esc(holder), esc(&kind)));
        for (name, role) in &columns {
            h.push_str(&format!("<th title=\"{}\">{}</th>", esc(role), esc(name)));
        }
        h.push_str("<th>dòng</th></tr></thead><tbody>");
        for r in rows {
            let line = r.line.unwrap_or(0);
            h.push_str(&format!("<tr data-row=\"{}\"><td>{}</td>", esc(&r.id), esc(r.label.as_deref().unwrap_or(""))));
            for (name, _) in &columns {
                let cell = r.cells.iter().flatten().find(|c| c.column == *name);
                match cell {
                    Some(c) if c.merged => h.push_str(&format!("<td class=\"merged\" title=\"ô gộp từ hàng trên\">↧ {}</td>", esc(&c.text))),
                    Some(c) => h.push_str(&format!("<td>{}</td>", esc(&c.text))),
                    None if r.heading.is_some() && *name == columns[0].0 => h.push_str(&format!("<td><b>{}</b></td>", esc(r.heading.as_deref().unwrap_or("")))),
                    None => h.push_str("<td></td>"),
                }
            }
            h.push_str(&format!("<td><a href=\"#L{line}\">{line}</a></td></tr>"));
        }
        h.push_str("</tbody></table>");
    }
}

/// A comparison as the same kind of page: documents, targets matrix, tasks per sector.
pub fn render_comparison(c: &crate::compare::Comparison) -> String {
    use crate::compare::table::shown;
    let mut h = format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>So sánh {} văn bản</title><style>{STYLE} main {{ display: block; }} td.differs {{ background: #fff2a8; }} tr.lone td {{ background: #fbe0e0; }} td small {{ color: #666; display: block; }}</style></head><body>",
        c.documents.len()
    );
    h.push_str(&format!("<header class=\"top\"><h1>So sánh {} văn bản</h1><div class=\"facts\"><span><b>{}</b> chỉ tiêu đối chiếu</span></div></header><main>", c.documents.len(), c.targets.len()));
    h.push_str("<h2>Văn bản</h2><table><thead><tr><th>#</th><th>văn bản</th><th>số</th><th>cơ quan ban hành</th><th>địa bàn</th><th>ngày</th><th>thời kỳ</th><th>thực hiện</th></tr></thead><tbody>");
    for (i, d) in c.documents.iter().enumerate() {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i + 1,
            esc(d.kind.as_deref().unwrap_or("")),
            if c.reference == Some(i) { " <span class=\"badge inf\">văn bản gốc</span>" } else { "" },
            esc(d.number.as_deref().unwrap_or(&d.file)),
            esc(d.issuer.as_deref().unwrap_or("")),
            esc(d.place.as_deref().unwrap_or("")),
            esc(d.date.as_deref().unwrap_or("")),
            esc(d.period.as_deref().unwrap_or("")),
            esc(&d.implements.join("; "))
        ));
    }
    h.push_str("</tbody></table><h2>Chỉ tiêu</h2><table><thead><tr><th>lĩnh vực</th><th>chỉ tiêu</th><th>đơn vị</th><th>năm</th><th>ghép</th>");
    for col in &c.columns {
        h.push_str(&format!("<th>{}</th>", esc(&col.label)));
    }
    h.push_str("</tr></thead><tbody>");
    for (r, row) in c.targets.iter().enumerate() {
        let lone = row.documents_with < c.documents.len() && c.documents.len() > 1;
        h.push_str(&format!(
            "<tr data-row=\"{r}\"{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td>",
            if lone { " class=\"lone\"" } else { "" },
            esc(row.sector.as_deref().unwrap_or("")),
            esc(&row.indicator),
            esc(row.unit.as_deref().unwrap_or("")),
            esc(row.when.as_deref().unwrap_or("")),
            esc(&row.aligned_by),
            row.confidence.map(|c| format!(" {c:.2}")).unwrap_or_default()
        ));
        for cell in &row.cells {
            match cell {
                // the document's own words and line: a second line and a tooltip
                Some(t) => h.push_str(&format!(
                    "<td{} title=\"{}\">{}<small>{} — dòng {}</small></td>",
                    if row.differs { " class=\"differs\"" } else { "" },
                    esc(&format!("{} (dòng {})", t.indicator, t.line)),
                    esc(&shown(t, row)),
                    esc(&t.indicator),
                    t.line
                )),
                None => h.push_str("<td></td>"),
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    if let Some(rf) = c.reference {
        let head: String = crate::compare::ReferenceSummary::HEADER.iter().map(|h| format!("<th>{h}</th>")).collect();
        h.push_str(&format!("<h2>So với văn bản gốc: {}</h2><table><thead><tr><th>văn bản</th>{head}</tr></thead><tbody>", esc(&c.documents[rf].label)));
        for s in &c.reference_summary {
            let cells: String = s.cells().iter().map(|v| format!("<td>{v}</td>")).collect();
            h.push_str(&format!("<tr><td>{}</td>{cells}</tr>", esc(&c.documents[s.document].label)));
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("<h2>Nhiệm vụ tương ứng</h2><table><thead><tr><th>lĩnh vực</th><th>độ giống</th>");
    for d in &c.documents {
        h.push_str(&format!("<th>{}</th>", esc(&d.label)));
    }
    h.push_str("</tr></thead><tbody>");
    for r in c.task_rows.iter().filter(|r| r.cells.iter().flatten().count() > 1) {
        h.push_str(&format!("<tr><td>{}</td><td>{}</td>", esc(r.sector.as_deref().unwrap_or("")), r.confidence.map(|c| format!("{c:.2}")).unwrap_or_default()));
        for cell in &r.cells {
            match cell {
                Some(t) => h.push_str(&format!("<td><b>{}</b> {}<br><span class=\"lead\">{}</span></td>", esc(&t.id), esc(&t.text), esc(&t.lead.join("; ")))),
                None => h.push_str("<td></td>"),
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table><h2>Nhiệm vụ theo lĩnh vực</h2><table><thead><tr><th>lĩnh vực</th>");
    for d in &c.documents {
        h.push_str(&format!("<th>{}</th>", esc(&d.label)));
    }
    h.push_str("<th>ghi chú</th></tr></thead><tbody>");
    for s in &c.tasks {
        h.push_str(&format!("<tr><td>{}</td>", esc(&s.sector)));
        for g in &s.documents {
            h.push_str(&format!("<td><b>{}</b> nhiệm vụ<br><span class=\"lead\">{}</span></td>", g.count, esc(&g.leads.join("; "))));
        }
        h.push_str(&format!("<td>{}</td></tr>", esc(&s.flags.join("; "))));
    }
    h.push_str("</tbody></table></main></body></html>\n");
    h
}

fn target_mark(model: &Model, idx: usize, shown: &str) -> String {
    let t = &model.targets[idx];
    let tip = format!("{} — {}{}", t.indicator, cell_text(t), t.sector.as_deref().map(|s| format!(" [{s}]")).unwrap_or_default());
    format!("<mark class=\"target\" data-target=\"{idx}\" title=\"{}\">{}</mark>", esc(&tip), esc(shown))
}

/// The first line of an inferred node: that of its first child that has one.
fn first_line(n: &Node) -> Option<usize> {
    let mut found = None;
    n.walk(|c, _| {
        if found.is_none() && c.kind != NodeKind::Preamble {
            found = c.line;
        }
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_the_document_is_text() {
        let text = "I. MỤC TIÊU\n1. <script>alert(1)</script> \"><img src=x onerror=alert(2)> {{ x }} đạt 30%.\n";
        let (model, lines, nodes) = crate::parse_for_report("x.txt", text.as_bytes(), None).unwrap();
        let html = render(&model, &lines, &nodes);
        assert!(!html.contains("<script>alert") && !html.contains("<img"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert_eq!(html.matches("data-target=").count(), model.targets.len());
    }
}
