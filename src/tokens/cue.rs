//! Cue words of assignment: who leads, who supports, who is given the work
//! (conventions §3.2).
//!
//! In: a text. Out: each cue with its byte range and kind: `lead` ("chủ trì", "làm
//! đầu mối"), `support` ("phối hợp với"), `assign` ("giao", "đề nghị", "yêu cầu"),
//! from the lexicon lists `cue_lead`, `cue_support` and `assignment_verbs`. Matched
//! case-insensitively as whole words; positions are those of the text given.

use crate::tokens::list_forms;

/// What a cue word says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    Lead,
    Support,
    Assign,
}

impl CueKind {
    fn list(self) -> &'static str {
        match self {
            CueKind::Lead => "cue_lead",
            CueKind::Support => "cue_support",
            CueKind::Assign => "assignment_verbs",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CueKind::Lead => "lead",
            CueKind::Support => "support",
            CueKind::Assign => "assign",
        }
    }
}

/// A cue word found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    pub start: usize,
    pub end: usize,
    pub kind: CueKind,
}

/// The first cue of a kind in a text: its longest form at the earliest position.
pub fn first(text: &str, kind: CueKind) -> Option<Cue> {
    list_forms(kind.list()).first(text).map(|(start, end)| Cue { start, end, kind })
}

/// Every cue of a text, in order (the first of each kind; for the spec file).
pub fn find(text: &str) -> Vec<Cue> {
    let mut out: Vec<Cue> = [CueKind::Lead, CueKind::Support, CueKind::Assign].into_iter().filter_map(|k| first(text, k)).collect();
    out.sort_by_key(|c| c.start);
    out
}
