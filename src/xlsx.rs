//! A small XLSX writer (render stage): sheets of text and number cells written as
//! SpreadsheetML parts in a zip (ECMA-376), with a bold frozen header row (and
//! label columns when asked), column widths set from the content, an autofilter,
//! wrapped text, numbers with digit grouping, highlighted cells and a landscape page
//! fit to its width. Numbers are numbers; text is inline.
//! Written here rather than pulled in as a crate: the zip writer is already a
//! dependency (for Word input) and this needs a few hundred bytes of XML.

use std::io::Write;

/// A cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        if s.is_empty() { Value::Empty } else { Value::Text(s.to_string()) }
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::from(s.as_str())
    }
}

impl From<Option<f64>> for Value {
    fn from(v: Option<f64>) -> Self {
        v.map_or(Value::Empty, Value::Number)
    }
}

/// A sheet: a name, a header row and data rows.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// Columns frozen at the left beside the header row (the labels of a matrix).
    pub freeze_columns: usize,
    /// An autofilter over the header row.
    pub autofilter: bool,
    /// Cells (data row, column; from 0) to highlight: values that differ.
    pub highlight: Vec<(usize, usize)>,
    /// Data rows to mark (a row some document lacks).
    pub marked_rows: Vec<usize>,
    /// Columns (from 0) whose cells are coloured by their word, by conditional
    /// formatting (so a value staff change is recoloured): see `Flag`.
    pub flagged_columns: Vec<usize>,
}

/// The words of a flagged column and their colours (the `dxfs` of STYLES): what
/// staff look for first in a comparison against a reference.
const FLAGS: [(&str, usize); 3] = [("thiếu", 0), ("thấp hơn", 1), ("cao hơn", 2)];

fn esc(s: &str) -> String {
    s.chars()
        .filter(|&c| c == '\t' || c == '\n' || c >= ' ')
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn column_name(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (i % 26) as u8) as char);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

fn sheet_xml(sheet: &Sheet) -> String {
    let cols = sheet.header.len().max(sheet.rows.iter().map(Vec::len).max().unwrap_or(0));
    let mut widths = vec![8usize; cols];
    for (i, h) in sheet.header.iter().enumerate() {
        widths[i] = widths[i].max(h.chars().count() + 2);
    }
    for row in &sheet.rows {
        for (i, v) in row.iter().enumerate() {
            let w = match v {
                Value::Text(t) => t.chars().count(),
                Value::Number(n) => n.to_string().len(),
                Value::Empty => 0,
            };
            widths[i] = widths[i].max(w + 2).min(50);
        }
    }
    let last = column_name(cols.saturating_sub(1));
    let pane = if sheet.freeze_columns > 0 {
        let tl = format!("{}2", column_name(sheet.freeze_columns));
        format!(r#"<pane xSplit="{}" ySplit="1" topLeftCell="{tl}" activePane="bottomRight" state="frozen"/><selection pane="bottomRight" activeCell="{tl}" sqref="{tl}"/>"#, sheet.freeze_columns)
    } else {
        r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#.to_string()
    };
    let mut x = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews><cols>"#);
    for (i, w) in widths.iter().enumerate() {
        x.push_str(&format!(r#"<col min="{0}" max="{0}" width="{w}" customWidth="1"/>"#, i + 1));
    }
    x.push_str("</cols><sheetData>");
    let highlight: std::collections::HashSet<(usize, usize)> = sheet.highlight.iter().copied().collect();
    let marked: std::collections::HashSet<usize> = sheet.marked_rows.iter().copied().collect();
    // styles (see STYLES): 1 header, 2 text, 3 number, 4 highlighted text, 5 highlighted
    // number, 6 marked text, 7 marked number
    let style = |row: Option<usize>, col: usize, number: bool| -> u8 {
        let Some(r) = row else { return 1 };
        let base = if highlight.contains(&(r, col)) { 4 } else if marked.contains(&r) { 6 } else { 2 };
        base + u8::from(number)
    };
    let write_row = |x: &mut String, r: usize, cells: &[Value], data: Option<usize>| {
        x.push_str(&format!(r#"<row r="{r}">"#));
        for (c, v) in cells.iter().enumerate() {
            let reference = format!("{}{r}", column_name(c));
            match v {
                Value::Text(t) => x.push_str(&format!(r#"<c r="{reference}" t="inlineStr" s="{}"><is><t xml:space="preserve">{}</t></is></c>"#, style(data, c, false), esc(t))),
                Value::Number(n) if n.is_finite() => x.push_str(&format!(r#"<c r="{reference}" s="{}"><v>{n}</v></c>"#, style(data, c, true))),
                _ if data.is_some_and(|d| highlight.contains(&(d, c)) || marked.contains(&d)) => x.push_str(&format!(r#"<c r="{reference}" s="{}"/>"#, style(data, c, false))),
                _ => {}
            }
        }
        x.push_str("</row>");
    };
    let header: Vec<Value> = sheet.header.iter().map(|h| Value::Text(h.clone())).collect();
    write_row(&mut x, 1, &header, None);
    for (i, row) in sheet.rows.iter().enumerate() {
        write_row(&mut x, i + 2, row, Some(i));
    }
    x.push_str("</sheetData>");
    if sheet.autofilter && cols > 0 {
        x.push_str(&format!(r#"<autoFilter ref="A1:{last}{}"/>"#, sheet.rows.len() + 1));
    }
    let mut priority = 0;
    for &col in &sheet.flagged_columns {
        let c = column_name(col);
        let range = format!("{c}2:{c}{}", sheet.rows.len().max(1) + 1);
        for (word, dxf) in FLAGS {
            priority += 1;
            x.push_str(&format!(r#"<conditionalFormatting sqref="{range}"><cfRule type="cellIs" dxfId="{dxf}" priority="{priority}" operator="equal"><formula>"{word}"</formula></cfRule></conditionalFormatting>"#));
        }
    }
    x.push_str(r#"<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>"#);
    x
}

/// Fonts, fills and cell formats: header bold on grey; text wrapped at the top;
/// numbers grouped ("#,##0.##": the reader's locale shows 1.234,5 in Vietnamese);
/// differing values on yellow; rows some document lacks on pale red; and, by
/// conditional formatting, "thiếu" red, "thấp hơn" orange, "cao hơn" green.
const STYLES: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.##"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="5"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDDDDD"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFF2A8"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFBE0E0"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="8"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf><xf numFmtId="164" fontId="0" fillId="3" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="0" fontId="0" fillId="4" borderId="0" xfId="0" applyFill="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf><xf numFmtId="164" fontId="0" fillId="4" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1" applyAlignment="1"><alignment vertical="top"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="3"><dxf><fill><patternFill patternType="solid"><bgColor rgb="FFF4CCCC"/></patternFill></fill></dxf><dxf><fill><patternFill patternType="solid"><bgColor rgb="FFFCE5CD"/></patternFill></fill></dxf><dxf><fill><patternFill patternType="solid"><bgColor rgb="FFD9EAD3"/></patternFill></fill></dxf></dxfs></styleSheet>"##;

/// Writes a workbook with the sheets given.
pub fn workbook(sheets: &[Sheet]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut parts: Vec<(String, String)> = Vec::new();
    let overrides: String = (1..=sheets.len())
        .map(|i| format!(r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))
        .collect();
    parts.push((
        "[Content_Types].xml".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>"#),
    ));
    parts.push((
        "_rels/.rels".into(),
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into(),
    ));
    let sheet_entries: String = sheets.iter().enumerate().map(|(i, s)| format!(r#"<sheet name="{}" sheetId="{}" r:id="rId{}"/>"#, esc(&sheet_name(&s.name)), i + 1, i + 1)).collect();
    parts.push((
        "xl/workbook.xml".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheet_entries}</sheets></workbook>"#),
    ));
    let rels: String = (1..=sheets.len())
        .map(|i| format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#))
        .collect();
    parts.push((
        "xl/_rels/workbook.xml.rels".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
            sheets.len() + 1
        ),
    ));
    parts.push((
        "xl/styles.xml".into(),
        STYLES.into(),
    ));
    for (i, s) in sheets.iter().enumerate() {
        parts.push((format!("xl/worksheets/sheet{}.xml", i + 1), sheet_xml(s)));
    }
    for (name, content) in parts {
        // writing to memory cannot fail but for a bug: keep going and let the reader see it
        let _ = zip.start_file(name, opts);
        let _ = zip.write_all(content.as_bytes());
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_run_past_z() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
    }

    #[test]
    fn a_workbook_holds_its_sheets() {
        let bytes = workbook(&[Sheet { name: "Chỉ tiêu".into(), header: vec!["a".into(), "b".into()], rows: vec![vec![Value::from("x & y"), Value::Number(43.4)]], ..Default::default() }]);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut sheet = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet).unwrap();
        assert!(sheet.contains("x &amp; y") && sheet.contains("<v>43.4</v>") && sheet.contains("state=\"frozen\""));
    }
}
