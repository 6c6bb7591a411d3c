//! Writing outputs safely (render stage helper for every command that writes a file).
//!
//! In: a target path and the bytes of a model, report or comparison. Out: the
//! target replaced in one step, or untouched and an error naming it.
//!
//! Legal staff keep their stored models as evidence, so a write never leaves half a
//! file: the bytes go to a temporary file created exclusively (`O_CREAT|O_EXCL`, so
//! it is never a symlink someone planted, with a name no one can predict) in the
//! target's folder, are flushed, and the file is renamed over the target. A kill or
//! a full disk leaves the old target as it was; the temporary file a kill leaves is
//! removed by the next run that writes into that folder ([`clean_stale`]).

use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What every temporary file of ours ends with (and starts with a dot: hidden from walks).
const TMP_SUFFIX: &str = ".kehoach-tmp";

/// An unpredictable 64-bit number: the standard library's hasher keys are drawn from
/// the operating system's random source, and differ per call.
fn random() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    h.finish()
}

fn tmp_name(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // the name is cut so the temporary name stays within NAME_MAX
    let name: String = name.chars().take(120).collect();
    path.with_file_name(format!(".{name}.{}.{:016x}{TMP_SUFFIX}", std::process::id(), random()))
}

/// Writes `bytes` to `path` atomically. With `durable`, the data reach the disk
/// before the rename (one model written on request); a batch of thousands skips the
/// flush to disk: the rename alone keeps readers from ever seeing half a file.
pub fn write_atomic(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut last = None;
    for _ in 0..8 {
        let tmp = tmp_name(path);
        // create_new is O_CREAT|O_EXCL: fails on any existing entry, a symlink included
        let file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                last = Some(e);
                continue;
            }
            Err(e) => return Err(e),
        };
        let written = write_then_rename(file, &tmp, path, bytes, durable);
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        return written;
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary name was free")))
}

fn write_then_rename(file: std::fs::File, tmp: &Path, path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(file);
    w.write_all(bytes)?;
    let file = w.into_inner().map_err(|e| e.into_error())?;
    if durable {
        file.sync_all()?;
    }
    drop(file);
    std::fs::rename(tmp, path)?;
    if durable {
        // the rename itself reaches the disk with the folder's entry
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
    }
    Ok(())
}

/// Whether a temporary file's writer is gone: its process no longer runs (Linux), or,
/// where that cannot be told, the file is over an hour old.
fn abandoned(path: &Path, name: &str) -> bool {
    let pid = name.strip_suffix(TMP_SUFFIX).and_then(|n| n.rsplit('.').nth(1)).and_then(|p| p.parse::<u32>().ok());
    if let Some(pid) = pid {
        if Path::new("/proc/self").exists() {
            return pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists();
        }
    }
    std::fs::symlink_metadata(path).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age.as_secs() > 3600)
}

/// Removes the temporary files of ours that an interrupted run left in `dir` (not
/// in its subfolders); a concurrent run's files in flight are left alone. Returns
/// how many were removed.
pub fn clean_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(TMP_SUFFIX) && e.file_type().is_ok_and(|t| t.is_file()) && abandoned(&e.path(), &name) && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether two paths name one file: the same device and inode where both exist
/// (hard links, `./x` and `x`), else the same absolute path.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (std::path::absolute(a), std::path::absolute(b)) {
        (Ok(x), Ok(y)) => x == y || (std::fs::canonicalize(&x).ok().is_some_and(|c| std::fs::canonicalize(&y).ok() == Some(c))),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("kehoach-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_write_replaces_the_target_and_leaves_no_temporary_file() {
        let d = dir("replace");
        let t = d.join("model.yaml");
        std::fs::write(&t, "old").unwrap();
        write_atomic(&t, b"new", true).unwrap();
        assert_eq!(std::fs::read_to_string(&t).unwrap(), "new");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn temporary_names_are_not_predictable() {
        let p = Path::new("/x/model.yaml");
        assert_ne!(tmp_name(p), tmp_name(p));
    }

    #[test]
    fn leftovers_of_a_dead_run_are_removed_and_other_files_kept() {
        let d = dir("stale");
        // pid 0 is never a user process: its temporary file is abandoned
        let stale = d.join(format!(".m.yaml.0.00000000000000ff{TMP_SUFFIX}"));
        std::fs::write(&stale, "half").unwrap();
        let mine = tmp_name(&d.join("m.yaml"));
        std::fs::write(&mine, "in flight").unwrap();
        std::fs::write(d.join("m.yaml"), "model").unwrap();
        if Path::new("/proc/self").exists() {
            assert_eq!(clean_stale(&d), 1);
            assert!(!stale.exists());
            assert!(mine.exists(), "a live run's file is left alone");
        }
        assert!(d.join("m.yaml").exists());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_is_never_followed() {
        let d = dir("symlink");
        let victim = d.join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let t = d.join("model.yaml");
        std::os::unix::fs::symlink(&victim, &t).unwrap();
        write_atomic(&t, b"model", true).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert!(!std::fs::symlink_metadata(&t).unwrap().file_type().is_symlink());
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn same_file_sees_through_spellings() {
        let d = dir("same");
        let f = d.join("a.txt");
        std::fs::write(&f, "x").unwrap();
        assert!(same_file(&f, &d.join(".").join("a.txt")));
        assert!(!same_file(&f, &d.join("b.txt")));
        let _ = std::fs::remove_dir_all(&d);
    }
}
