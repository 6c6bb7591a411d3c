//! The `kehoach/v1` model: what every stage builds towards and every renderer reads.
//!
//! Field names and meanings follow the contract in `spec/model.md`; fields may be
//! added, never renamed or dropped. Text values are the decoded source in NFC.

use serde::{Deserialize, Serialize};

/// Schema tag written at the top of every model.
pub const SCHEMA: &str = "kehoach/v1";

/// A whole parsed document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub schema: String,
    pub source: Source,
    pub document: Document,
    pub outline: Vec<Node>,
    pub tasks: Vec<Task>,
    pub targets: Vec<Target>,
    pub references: Vec<Reference>,
    pub assignments: Vec<Assignment>,
    /// Every agency the tasks name, with how many tasks it leads and supports and,
    /// when the 2025 reorganisation passed its functions on, its successor.
    #[serde(default)]
    pub agencies: Vec<AgencyNote>,
    pub diagnostics: Vec<Diagnostic>,
}

/// An agency named by the tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyNote {
    /// The canonical name, as the tasks give it.
    pub name: String,
    pub leads: usize,
    pub supports: usize,
    /// The agency that holds its functions after the 2025 reorganisation. The name
    /// above stays as the document wrote it; this is extra information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<Successor>,
}

/// A successor agency, from when and on what basis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Successor {
    pub name: String,
    pub since: String,
    pub basis: String,
}

/// Where the text came from and what normalization changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    /// What the file was: `text`, `html` (a saved web page) or `docx` (a Word file).
    #[serde(default = "text_format")]
    pub format: String,
    pub sha256: String,
    pub encoding: String,
    pub bytes: u64,
    pub lines: usize,
    pub normalized: Vec<String>,
    /// Lines of the document header (agency, number, place and date, title).
    pub header: Option<LineRange>,
    /// Line ranges that belong to no node: signature remnants, "Nơi nhận" lists,
    /// a website's related-document lists and boilerplate.
    pub trailing: Vec<Trailing>,
}

fn text_format() -> String {
    "text".into()
}

/// An inclusive range of 1-based lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRange {
    pub from: usize,
    pub to: usize,
}

/// A run of lines outside the outline, with what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trailing {
    pub from: usize,
    pub to: usize,
    /// `signature`, `recipients`, `related-documents` or `boilerplate`.
    pub kind: String,
}

/// The header: what this document is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub kind: Option<String>,
    pub code: Option<String>,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub based_on: Vec<DocRef>,
    pub period: Option<Period>,
    pub signer: Option<Signer>,
    /// The bodies attached to this document (a plan carried by a decision) and its
    /// appendices, as outline nodes `A1`, `PL1`, … with their titles.
    #[serde(default)]
    pub attachments: Vec<Attached>,
}

/// An attached body or appendix, named by its outline id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attached {
    pub id: String,
    /// `attachment` or `appendix`.
    pub kind: String,
    pub title: Option<String>,
    pub line: Option<usize>,
}

/// A document named by kind and number (a basis of this one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocRef {
    pub kind: Option<String>,
    pub number: String,
    pub date: Option<String>,
    pub issuer: Option<String>,
}

/// A span of years; `to` is absent for open-ended spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: i32,
    pub to: Option<i32>,
}

/// What survives of the signature block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    /// `TM.`, `KT.`, `TL.`, `TUQ.`, `Q.` as written.
    pub authority: Option<String>,
    pub body: Option<String>,
    pub line: usize,
}

/// One node of the recovered outline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    pub label: Option<String>,
    pub heading: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading_guess: Option<String>,
    pub text: Option<String>,
    pub line: Option<usize>,
    pub inferred: bool,
    /// The cells of a table row, by column (rows only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cells: Option<Vec<Cell>>,
    /// What the table of a row holds: `tasks`, `targets` or `other` (rows only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    pub children: Vec<Node>,
}

/// One cell of a table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// The column's name as written in the header.
    pub column: String,
    /// What the column holds: `content`, `lead`, `support`, `time`, `product`,
    /// `indicator`, `unit`, `value`, `note`, `funding` or `other`.
    pub role: String,
    pub text: String,
    pub line: usize,
    /// Taken from the row above, whose merged cell spans this row.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub merged: bool,
    /// The year a value column names ("Năm 2025").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

/// The kinds of outline node, from the top down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Preamble,
    Attachment,
    Appendix,
    Chapter,
    Article,
    Clause,
    Part,
    Section,
    Point,
    Subpoint,
    Dash,
    Plus,
    /// A table row; its label is the STT/TT cell.
    Row,
}

/// An actionable item with its deadline and owners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    pub text: String,
    pub line: Option<usize>,
    pub sector: Option<String>,
    /// How the sector was found: `heading`, `parallel`, `keywords` or `default`.
    #[serde(default)]
    pub sector_source: Option<String>,
    pub deadline: Option<Deadline>,
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub owner_source: Option<usize>,
    /// Where the owners came from: the kind of the assignment frame (`field`, `subject`,
    /// `heading`, `lead-in`, `intro`, `cross-reference`) or `cell` for a table row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_via: Option<String>,
    /// Where the deadline came from: `text` (the task's own words), `field`, `heading`
    /// (an ancestor such as "a) Năm 2020"), `assignment`, `cell`, `condition` or `document`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_via: Option<String>,
}

/// When a task is due; one of the shapes of the spec, always with the phrase it came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quarter: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurring: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuous: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_node: Option<String>,
}

/// A numeric target (chỉ tiêu).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub node: String,
    pub line: usize,
    pub text: String,
    pub indicator: String,
    pub comparator: Comparator,
    #[serde(with = "num_opt")]
    pub value: Option<f64>,
    #[serde(with = "num_opt")]
    pub low: Option<f64>,
    #[serde(with = "num_opt")]
    pub high: Option<f64>,
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub period: Option<Period>,
    pub sector: Option<String>,
    /// How the sector was found: `heading`, `parallel`, `keywords` or `default`.
    #[serde(default)]
    pub sector_source: Option<String>,
}

/// How a target's value is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Comparator {
    Eq,
    Approx,
    Gt,
    Gte,
    Lt,
    Lte,
    Range,
}

/// Another document cited in the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub kind: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub issuer: Option<String>,
    pub lines: Vec<usize>,
}

/// An owner statement of "Tổ chức thực hiện", resolved onto outline ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub line: usize,
    /// The node the statement is written in.
    pub node: String,
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub scope: Vec<String>,
    /// The cross-reference phrase as written, when there is one.
    pub scope_text: Option<String>,
    pub deadline: Option<Deadline>,
    /// How the statement reaches its tasks (the frame it is): `subject` (a task names
    /// who acts), `field` ("- Cơ quan chủ trì: …"), `heading` (a heading that names the
    /// owner of what it heads), `lead-in` ("Sở Tài chính chủ trì, phối hợp với …:"),
    /// `intro` ("… các bộ, … triển khai thực hiện các nhiệm vụ sau đây:") or
    /// `cross-reference` ("… nhiệm vụ tại mục 2 phần III").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// Something the parser was unsure of or had to repair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub level: Level,
    pub code: String,
    pub line: Option<usize>,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

/// Severity of a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Diagnostic {
    /// A warning with a code, a line and a message.
    pub fn warning(code: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic { level: Level::Warning, code: code.into(), line, message: message.into(), node: None }
    }
    /// An informational note.
    pub fn info(code: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic { level: Level::Info, code: code.into(), line, message: message.into(), node: None }
    }
    /// The same diagnostic, attached to a node id.
    pub fn at_node(mut self, node: impl Into<String>) -> Self {
        self.node = Some(node.into());
        self
    }
}

impl Node {
    /// Visits this node and its descendants in document order, without recursion.
    pub fn walk<'a>(&'a self, mut f: impl FnMut(&'a Node, &[&'a Node])) {
        let mut stack: Vec<(&Node, usize)> = vec![(self, 0)];
        let mut path: Vec<&Node> = Vec::new();
        while let Some((node, depth)) = stack.pop() {
            path.truncate(depth);
            f(node, &path);
            path.push(node);
            for child in node.children.iter().rev() {
                stack.push((child, depth + 1));
            }
        }
    }
}

/// Visits every node of an outline in document order with its ancestors (outermost first).
pub fn walk_outline<'a>(outline: &'a [Node], mut f: impl FnMut(&'a Node, &[&'a Node])) {
    for root in outline {
        root.walk(&mut f);
    }
}

/// Numbers are written as integers when they are whole (`113524`, not `113524.0`).
mod num_opt {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => s.serialize_i64(*x as i64),
            Some(x) => s.serialize_f64(*x),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Option::<f64>::deserialize(d)
    }
}
