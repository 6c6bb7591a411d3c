//! Whole folders (render stage helpers for `batch` and `check`): which files an
//! input names, where each one's model goes, and writing it atomically.
//!
//! Inputs are walked in sorted order (deterministic output), hidden files and
//! folders skipped, the output folder left out. Every other regular file is an
//! input: a file that is not a document is then reported as failed rather than
//! silently passed over, and so is every entry the walk cannot read. Two inputs
//! whose models would land on one path are an error, never an overwrite.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One input file, and its path relative to the folder it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub relative: PathBuf,
}

/// What a walk over the inputs found: the files, and what it could not read.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<Input>,
    /// Entries the walk could not read (an unreadable folder, a dangling link, a
    /// path too long, a link loop, a FIFO or device): each is named in the summary
    /// and makes the run fail, so a check never passes with documents unchecked.
    pub errors: Vec<(PathBuf, String)>,
    /// Entries under the output folder, not read (models are not inputs).
    pub skipped: usize,
}

fn hidden(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

fn inside(p: &Path, dir: Option<&Path>) -> bool {
    dir.is_some_and(|d| std::fs::canonicalize(p).is_ok_and(|c| c.starts_with(d)))
}

/// The files the inputs name: files as given, folders walked (sorted, hidden skipped,
/// links followed), anything under `exclude` (the output folder) left out when it
/// lies inside a folder walked; files named on the command line are always inputs.
pub fn walk(paths: &[PathBuf], exclude: Option<&Path>) -> Walk {
    let exclude = exclude.and_then(|d| std::fs::canonicalize(d).ok());
    let exclude = exclude.as_deref();
    let mut w = Walk::default();
    for p in paths {
        if p.is_dir() {
            // models written into the folder walked itself (`batch docs -o docs`) sit
            // beside their inputs: `plan.txt.yaml` next to `plan.txt` is not an input
            let root = std::fs::canonicalize(p).ok();
            let beside = exclude.is_some_and(|d| root.as_deref() == Some(d));
            // the output folder is left out where it lies inside this one
            let prune = exclude.filter(|d| root.as_deref().is_some_and(|r| d.starts_with(r) && *d != r));
            let walker = walkdir::WalkDir::new(p).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| e.depth() == 0 || !hidden(e.path()));
            let mut walker = walker.into_iter();
            while let Some(entry) = walker.next() {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone());
                        let why = e.io_error().map_or_else(|| e.to_string(), |io| io.to_string());
                        w.errors.push((path, why));
                        continue;
                    }
                };
                if entry.depth() > 0 && inside(entry.path(), prune) {
                    w.skipped += 1;
                    if entry.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    continue;
                }
                let kind = entry.file_type();
                if beside && kind.is_file() && is_model_of_sibling(entry.path()) {
                    w.skipped += 1;
                    continue;
                }
                if kind.is_file() {
                    let relative = entry.path().strip_prefix(p).unwrap_or(entry.path()).to_path_buf();
                    w.files.push(Input { path: entry.path().to_path_buf(), relative });
                } else if !kind.is_dir() {
                    w.errors.push((entry.path().to_path_buf(), "not a regular file".into()));
                }
            }
        } else {
            w.files.push(Input { path: p.clone(), relative: as_given(p) });
        }
    }
    w
}

/// Where a file named on the command line goes under the output folder: its path
/// as given when that stays inside the current folder (`a/plan.txt` and
/// `b/plan.txt` keep apart), else its name.
fn as_given(p: &Path) -> PathBuf {
    use std::path::Component;
    let kept: Vec<_> = p.components().filter(|c| !matches!(c, Component::CurDir)).collect();
    if !kept.is_empty() && kept.iter().all(|c| matches!(c, Component::Normal(_))) {
        kept.iter().collect()
    } else {
        PathBuf::from(p.file_name().unwrap_or(p.as_os_str()))
    }
}

/// `plan.txt.yaml` (or `.json`) beside `plan.txt`: a model of ours, not an input.
fn is_model_of_sibling(p: &Path) -> bool {
    let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
    matches!(ext, "yaml" | "json") && p.with_extension("").is_file()
}

/// The files the inputs name (see [`walk`]), without the walk's errors.
pub fn inputs(paths: &[PathBuf]) -> Vec<Input> {
    walk(paths, None).files
}

/// Inputs whose models would land on one output path: each later one with the
/// input that already took the path. A silent overwrite would lose a model.
pub fn collisions<'a>(files: &'a [Input], out_dir: &Path, ext: &str) -> Vec<(&'a Input, &'a Input)> {
    let mut seen: HashMap<PathBuf, &Input> = HashMap::new();
    let mut out = Vec::new();
    for f in files {
        let target = output_path(out_dir, &f.relative, ext);
        match seen.get(&target) {
            Some(first) => out.push((*first, f)),
            None => {
                seen.insert(target, f);
            }
        }
    }
    out
}

/// Where an input's model goes: `OUT/<relative path>.<ext>`.
pub fn output_path(out_dir: &Path, relative: &Path, ext: &str) -> PathBuf {
    let mut name = relative.as_os_str().to_os_string();
    name.push(".");
    name.push(ext);
    out_dir.join(name)
}

/// Writes a model atomically (see [`crate::output::write_atomic`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::output::write_atomic(path, bytes, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_named_on_the_command_line_keep_their_path() {
        assert_eq!(as_given(Path::new("./a/plan.txt")), PathBuf::from("a/plan.txt"));
        assert_eq!(as_given(Path::new("/srv/a/plan.txt")), PathBuf::from("plan.txt"));
        assert_eq!(as_given(Path::new("../a/plan.txt")), PathBuf::from("plan.txt"));
    }

    #[test]
    fn two_inputs_on_one_output_are_caught() {
        let files = [Input { path: "x/plan.txt".into(), relative: "plan.txt".into() }, Input { path: "y/plan.txt".into(), relative: "plan.txt".into() }];
        let c = collisions(&files, Path::new("out"), "yaml");
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].0.path.as_path(), c[0].1.path.as_path()), (Path::new("x/plan.txt"), Path::new("y/plan.txt")));
    }

    #[test]
    fn outputs_mirror_the_input_tree() {
        assert_eq!(output_path(Path::new("/out"), Path::new("variants/a.txt"), "yaml"), PathBuf::from("/out/variants/a.txt.yaml"));
    }
}
