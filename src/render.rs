//! Stage 7, render: the model in, text out.
//!
//! YAML (the default: serde-saphyr's layout and quoting, which quotes ambiguous
//! scalars such as `no` or `2025-12-31` so other readers do not misread them, written
//! by our own [`yaml`] writer at several times its speed) and JSON; and
//! diagnostics rendered like a compiler's, with the source line under them.

use crate::model::{Diagnostic, Level, Model};

pub mod yaml;

/// The model as YAML.
pub fn to_yaml(model: &Model) -> String {
    // our own writer, byte for byte serde-saphyr's output at several times its speed;
    // serde-saphyr writes whatever shape ours leaves to it
    if let Some(s) = yaml::to_string(model) {
        return s;
    }
    let options = serde_saphyr::ser_options! { prefer_block_scalars: false };
    serde_saphyr::to_string_with_options(model, options).unwrap_or_else(|e| format!("# cannot render YAML: {e}\n"))
}

/// The model as pretty JSON.
pub fn to_json(model: &Model) -> String {
    let mut s = serde_json::to_string_pretty(model).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Reads a model back from YAML or JSON.
pub fn from_str(text: &str) -> Result<Model, String> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| e.to_string());
    }
    // the reader's default budget (250,000 nodes, 64 levels) is for configuration
    // files; a model of any size the parser writes must read back, so the budget
    // grows with the text (one node per byte at most; 1,024 levels for deep
    // outlines). Aliases keep their default limits: we never write one, and an alias
    // bomb stays refused.
    let size = text.len();
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(size.saturating_add(1).max(256 * 1024 * 1024)),
            max_events: size.saturating_mul(2).max(1_000_000),
            max_nodes: size.max(250_000),
            max_total_scalar_bytes: size.max(64 * 1024 * 1024),
            max_depth: 1024,
        },
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| e.to_string())
}

/// Renders diagnostics like a compiler: level, code and message, then the
/// source line with its number.
///
/// ```text
/// warning[inferred-node]: part II inferred: …
///   --> plan.txt:9
///    |
///  9 | a) Phát triển ngành dịch vụ …
///    |
/// ```
pub fn render_diagnostics(file: &str, lines: &[String], diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.level {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        };
        out.push_str(&format!("{level}[{}]: {}\n", d.code, d.message));
        match d.line.and_then(|l| lines.get(l.wrapping_sub(1)).map(|t| (l, t))) {
            Some((no, text)) => {
                let width = no.to_string().len();
                let shown: String = text.chars().take(120).collect();
                let ellipsis = if text.chars().count() > 120 { " …" } else { "" };
                out.push_str(&format!("{:width$}--> {file}:{no}\n", "", width = width + 1));
                out.push_str(&format!("{:width$} |\n{no} | {shown}{ellipsis}\n{:width$} |\n", "", "", width = width));
            }
            None => {
                let at = d.node.as_deref().map(|n| format!(" (node {n})")).unwrap_or_default();
                out.push_str(&format!(" --> {file}{at}\n"));
            }
        }
    }
    out
}
