//! Whole folders (render stage helpers for `batch` and `check`): which files an
//! input names, where each one's model goes, and writing it atomically.
//!
//! Inputs are walked in sorted order (deterministic output), hidden files and
//! folders skipped. Every other regular file is an input: a file that is not a
//! document is then reported as failed rather than silently passed over.

use std::io::Write;
use std::path::{Path, PathBuf};

/// One input file, and its path relative to the folder it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub relative: PathBuf,
}

fn hidden(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

/// The files the inputs name: files as given, folders walked (sorted, hidden skipped).
pub fn inputs(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let walker = walkdir::WalkDir::new(p).sort_by_file_name().into_iter().filter_entry(|e| e.depth() == 0 || !hidden(e.path()));
            for entry in walker.flatten() {
                if entry.file_type().is_file() {
                    let relative = entry.path().strip_prefix(p).unwrap_or(entry.path()).to_path_buf();
                    out.push(Input { path: entry.path().to_path_buf(), relative });
                }
            }
        } else {
            let relative = PathBuf::from(p.file_name().unwrap_or(p.as_os_str()));
            out.push(Input { path: p.clone(), relative });
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

/// Writes a file atomically: a temporary file beside it, then a rename, so a
/// reader never sees half a model and an interrupted run leaves the old one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    // no fsync: the rename is what makes the write atomic for readers; syncing every
    // model of a 10,000-document batch would cost more than parsing them
    std::fs::File::create(&tmp)?.write_all(bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_mirror_the_input_tree() {
        assert_eq!(output_path(Path::new("/out"), Path::new("variants/a.txt"), "yaml"), PathBuf::from("/out/variants/a.txt.yaml"));
    }
}
