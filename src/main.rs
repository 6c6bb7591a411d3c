//! The `kehoach` command line.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "kehoach", version, about = "Turns Vietnamese administrative plan documents into structured data")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse a document into the kehoach/v1 model
    Parse {
        /// The document (text in any encoding kehoach reads; `-` for standard input)
        file: PathBuf,
        /// Output format (default: from the extension of -o, else yaml)
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Write the model here instead of standard output (`-`: standard output)
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Also print the diagnostics, compiler-style, on standard error
        #[arg(long)]
        diagnostics: bool,
        #[command(flatten)]
        input: InputOptions,
    },
    /// Write a self-contained HTML page showing the document with what was found marked
    Report {
        /// The document
        file: PathBuf,
        /// The HTML file to write
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        input: InputOptions,
    },
    /// Parse whole folders in parallel, one model per document
    Batch {
        /// Documents or folders (walked; hidden files skipped)
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Folder for the models (`OUT/<relative path>.yaml`); not needed with ndjson
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// yaml or json files, or ndjson: one model per line on standard output
        #[arg(long, value_enum, default_value_t = BatchFormat::Yaml)]
        format: BatchFormat,
        /// Parallel jobs (default: all cores)
        #[arg(short, long)]
        jobs: Option<usize>,
        #[command(flatten)]
        input: InputOptions,
    },
    /// Re-parse documents and compare with their stored models
    Check {
        /// Documents or folders, as given to `batch`
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The folder of stored models written by `batch`
        #[arg(long)]
        against: PathBuf,
        /// Rewrite the stored models with the new parse
        #[arg(long)]
        update: bool,
        /// Create the folder of stored models (a first baseline) when it does not exist
        #[arg(long)]
        init: bool,
        /// Which stored model to read and write when both X.yaml and X.json exist
        #[arg(long = "store", value_enum, default_value_t = Store::Yaml)]
        store: Store,
        /// How to show the changes: text (coloured on a terminal), json, md or html
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Counts per kind of change instead of the changes
        #[arg(long)]
        stat: bool,
        #[command(flatten)]
        input: InputOptions,
    },
    /// What changed between two documents or saved models: every node, task, target,
    /// header field, reference and diagnostic, texts word by word
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// text (coloured on a terminal), json, md or html (default: from -o, else text)
        #[arg(long, value_enum)]
        format: Option<DiffFormat>,
        /// Counts per kind of change instead of the changes
        #[arg(long)]
        stat: bool,
        /// Write the changes here instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        input: InputOptions,
    },
    /// Compare plans side by side: documents, targets matrix, tasks per sector
    Compare {
        /// Documents or their saved models (.yaml, .yml, .json): two or more, or one
        /// with --reference
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// Output format (default: from the extension of -o, else md)
        #[arg(long, value_enum)]
        format: Option<CompareFormat>,
        /// Write the comparison here instead of standard output (`-`: standard output)
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Also print why indicators were aligned and what stayed alone (standard error)
        #[arg(long)]
        explain: bool,
        /// The document the others are measured against (added to the inputs if not
        /// among them); by default the one the others implement (their "Căn cứ")
        #[arg(long, value_name = "FILE")]
        reference: Option<PathBuf>,
        /// Measure against no reference document
        #[arg(long, conflicts_with = "reference")]
        no_reference: bool,
        /// One row per indicator and a column per document and year
        #[arg(long)]
        by_year: bool,
        /// Targets staff say are one indicator, or never to merge (YAML: same / never)
        #[arg(long, value_name = "FILE")]
        align: Option<PathBuf>,
        /// Write the alignment made here to FILE, to edit and pass back with --align
        #[arg(long, value_name = "FILE")]
        write_align: Option<PathBuf>,
        /// The table a CSV holds (one table per file)
        #[arg(long, value_enum, default_value = "targets")]
        table: CompareTable,
        #[command(flatten)]
        input: InputOptions,
    },
    /// Print the text the parser sees: decoded, repaired and normalized
    Normalize {
        /// The document (`-` for standard input)
        file: PathBuf,
        /// Print what was detected and changed instead of the text
        #[arg(long)]
        report: bool,
        #[command(flatten)]
        input: InputOptions,
    },
}

/// How input files are read.
#[derive(clap::Args)]
struct InputOptions {
    /// Read the file in this encoding instead of detecting it
    /// (utf-8, utf-16le, utf-16be, windows-1252, windows-1258, tcvn3, vni)
    #[arg(long)]
    encoding: Option<String>,
    /// Refuse files larger than this many bytes
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    max_size: u64,
    /// A sector taxonomy (YAML) to use instead of the one shipped
    #[arg(long)]
    sectors: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Debug, ValueEnum)]
enum Format {
    Yaml,
    Json,
    /// tasks, then targets, as CSV
    Csv,
    /// a workbook with a tasks sheet and a targets sheet
    Xlsx,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum BatchFormat {
    Yaml,
    Json,
    Ndjson,
}

#[derive(Clone, Copy, PartialEq, Debug, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
    Md,
    Html,
}

#[derive(Clone, Copy, PartialEq, Debug, ValueEnum)]
enum Store {
    Yaml,
    Json,
}

#[derive(Clone, Copy, PartialEq, Debug, ValueEnum)]
enum CompareFormat {
    Md,
    Html,
    Csv,
    Xlsx,
    Json,
    Yaml,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { file, format, output, diagnostics, input } => {
            // the patterns compile on a second core while this one reads the file
            std::thread::spawn(kehoach::warm);
            parse(&file, format, output.as_deref(), diagnostics, &input)
        }
        Command::Normalize { file, report, input } => normalize(&file, report, &input),
        Command::Compare { files, format, output, explain, reference, no_reference, by_year, align, write_align, table, input } => {
            let how = CompareHow { explain, reference, no_reference, by_year, align, write_align, table };
            compare(&files, format, output.as_deref(), &how, &input)
        }
        Command::Report { file, output, input } => report(&file, &output, &input),
        Command::Batch { inputs, output, format, jobs, input } => batch(&inputs, output.as_deref(), format, jobs, &input),
        Command::Check { inputs, against, update, init, store, format, stat, input } => check(&inputs, &against, CheckMode { update, init, store, format, stat }, &input),
        Command::Diff { old, new, format, stat, output, input } => diff(&old, &new, format, stat, output.as_deref(), &input),
    }
}

/// Standard output that ends the command quietly (exit 0) when its reader has gone
/// (`kehoach check … | head`): a closed pipe is the reader's choice, not a failure.
struct Stdout(std::io::StdoutLock<'static>);

impl Stdout {
    fn new() -> Self {
        Stdout(std::io::stdout().lock())
    }

    fn put(&mut self, bytes: impl AsRef<[u8]>) {
        if let Err(e) = self.0.write_all(bytes.as_ref()) {
            Self::end(e);
        }
    }

    fn flush(&mut self) {
        if let Err(e) = self.0.flush() {
            Self::end(e);
        }
    }

    /// A closed pipe ends the command quietly; any other write error is trouble.
    fn end(e: std::io::Error) -> ! {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("kehoach: cannot write output: {e}");
        std::process::exit(2);
    }
}

/// Text for the terminal: control and escape characters a document or a file name
/// carries are shown escaped (`\u{1b}`), never sent to the terminal as commands.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(|c| if c.is_control() && c != '\n' && c != '\t' { c.escape_unicode().to_string() } else { c.to_string() }).collect())
}

fn name_of(path: &std::path::Path) -> String {
    shown(&path.display().to_string()).into_owned()
}

/// Where output goes: `-o -` and no `-o` are standard output.
fn target(output: Option<&std::path::Path>) -> Option<&std::path::Path> {
    output.filter(|p| p.as_os_str() != "-")
}

/// The format an output file's extension names, if it names one.
fn extension(output: Option<&std::path::Path>) -> Option<String> {
    target(output).and_then(|p| p.extension()).and_then(|e| e.to_str()).map(str::to_ascii_lowercase)
}

/// The format to write: `--format`, else the extension of `-o`, else the default; an
/// extension that names another format than `--format` is refused, never obeyed silently.
fn pick<F: Copy + PartialEq + std::fmt::Debug>(given: Option<F>, output: Option<&std::path::Path>, by_ext: &[(&str, F)], default: F) -> Result<F, ExitCode> {
    let from_ext = extension(output).and_then(|e| by_ext.iter().find(|(x, _)| *x == e).map(|(_, f)| *f));
    match (given, from_ext) {
        (Some(g), Some(e)) if g != e => Err(fail(format!(
            "--format {} contradicts the extension of {} (drop --format, or name the file .{})",
            format!("{g:?}").to_lowercase(),
            name_of(target(output).unwrap_or(std::path::Path::new("-"))),
            by_ext.iter().find(|(_, f)| *f == g).map_or("", |(x, _)| x)
        ))),
        (Some(g), _) => Ok(g),
        (None, Some(e)) => Ok(e),
        (None, None) => Ok(default),
    }
}

fn report(file: &std::path::Path, output: &std::path::Path, input: &InputOptions) -> ExitCode {
    if let Some(ext) = extension(Some(output)).filter(|e| !matches!(e.as_str(), "html" | "htm" | "xhtml")) {
        if matches!(ext.as_str(), "yaml" | "yml" | "json" | "csv" | "xlsx" | "md") {
            return fail(format!("report writes an HTML page, not .{ext}: name the file .html"));
        }
    }
    let (name, bytes) = match read_input(file, input.max_size) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let (mut model, lines, nodes) = match kehoach::parse_for_report(&name, &bytes, input.encoding.as_deref()) {
        Ok(x) => x,
        Err(e) => return decode_error(&name, e),
    };
    match taxonomy(input) {
        Ok(Some(t)) => kehoach::extract::sectors::assign(&mut model, &t),
        Ok(None) => {}
        Err(code) => return code,
    }
    write_out(Some(output), kehoach::report::render(&model, &lines, &nodes).as_bytes(), &[file])
}

/// What became of one input of a batch.
enum Outcome {
    Parsed { warnings: usize, text: Option<String> },
    Failed(String),
    /// Parsed, but its model could not be written: trouble (exit 2), not a bad input.
    Unwritten(String),
}

/// Reads at most `max + 1` bytes of a file of any kind (a FIFO or a device too): the
/// limit holds while reading, not only by the size a file claims.
fn read_limited(path: &std::path::Path, max: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    if let Ok(meta) = file.metadata() {
        if meta.is_file() && meta.len() > max {
            return Err(format!("{} bytes is over the size limit of {max} bytes (raise it with --max-size)", meta.len()));
        }
        if meta.is_dir() {
            return Err("a folder, not a document".into());
        }
    }
    let mut buf = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut buf).map_err(|e| format!("cannot read: {e}"))?;
    if buf.len() as u64 > max {
        return Err(format!("over the size limit of {max} bytes (raise it with --max-size)"));
    }
    Ok(buf)
}

fn parse_input(path: &std::path::Path, input: &InputOptions, tax: Option<&kehoach::extract::sectors::Taxonomy>) -> Result<kehoach::Model, String> {
    let name = path.display().to_string();
    let bytes = read_limited(path, input.max_size)?;
    let mut model = kehoach::parse_bytes_as(&name, &bytes, input.encoding.as_deref()).map_err(|e| match e {
        kehoach::DecodeError::NotText => "not a text document".to_string(),
        e => e.to_string(),
    })?;
    if let Some(t) = tax {
        kehoach::extract::sectors::assign(&mut model, t);
    }
    Ok(model)
}

fn progress(total: usize) -> indicatif::ProgressBar {
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let bar = indicatif::ProgressBar::new(total as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta}") {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    }
}

/// Removes what interrupted runs left in the output folder and its subfolders.
fn clean_output(dir: &std::path::Path) {
    if !dir.is_dir() {
        return;
    }
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_dir() {
            kehoach::output::clean_stale(e.path());
        }
    }
}

/// Prints what a walk could not read and which inputs were left out; returns how
/// many entries failed.
fn report_walk(w: &kehoach::batch::Walk) -> usize {
    for (path, why) in &w.errors {
        eprintln!("failed: {}: {}", name_of(path), shown(why));
    }
    if w.skipped > 0 {
        eprintln!("note: {} entr{} under the output folder left out (models are not inputs)", w.skipped, if w.skipped == 1 { "y" } else { "ies" });
    }
    w.errors.len()
}

fn batch(paths: &[PathBuf], output: Option<&std::path::Path>, format: BatchFormat, jobs: Option<usize>, input: &InputOptions) -> ExitCode {
    use rayon::prelude::*;
    if format != BatchFormat::Ndjson && output.is_none() {
        return fail("batch writes one model per document: name the folder with -o OUT_DIR (or use --format ndjson)");
    }
    if let Some(out) = output.filter(|o| o.exists() && !o.is_dir()) {
        return fail(format!("{} is not a folder: batch writes one model per document into -o OUT_DIR", name_of(out)));
    }
    let tax = match taxonomy(input) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let walk = kehoach::batch::walk(paths, output.filter(|_| format != BatchFormat::Ndjson));
    let ext = if format == BatchFormat::Json { "json" } else { "yaml" };
    // two inputs whose models would land on one path: both named, neither written over
    let mut failed: Vec<(String, String)> = Vec::new();
    let mut files: Vec<&kehoach::batch::Input> = walk.files.iter().collect();
    if let (Some(dir), true) = (output, format != BatchFormat::Ndjson) {
        let clashes = kehoach::batch::collisions(&walk.files, dir, ext);
        let losers: std::collections::HashSet<&std::path::Path> = clashes.iter().map(|(_, b)| b.path.as_path()).collect();
        for (a, b) in &clashes {
            failed.push((b.path.display().to_string(), format!("its model would overwrite that of {} ({})", a.path.display(), kehoach::batch::output_path(dir, &b.relative, ext).display())));
        }
        files.retain(|f| !losers.contains(f.path.as_path()));
        clean_output(dir);
    }
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(jobs.unwrap_or(0)).build() {
        Ok(p) => p,
        Err(e) => return fail(format!("cannot start the worker threads: {e}")),
    };
    let bar = progress(files.len());
    let (mut parsed, mut warned, mut unwritten) = (0usize, 0usize, 0usize);
    let mut stdout = Stdout::new();
    // in chunks: each parsed in parallel, results handled in input order; memory stays flat
    for chunk in files.chunks(256) {
        let outcomes: Vec<Outcome> = pool.install(|| {
            chunk
                .par_iter()
                .map(|f| match parse_input(&f.path, input, tax.as_ref()) {
                    Ok(model) => {
                        let warnings = model.diagnostics.iter().filter(|d| d.level != kehoach::model::Level::Info).count();
                        let result = match (format, output) {
                            (BatchFormat::Ndjson, _) => Ok(Some(serde_json::to_string(&model).unwrap_or_default())),
                            (BatchFormat::Yaml, Some(dir)) => kehoach::batch::write_atomic(&kehoach::batch::output_path(dir, &f.relative, "yaml"), kehoach::render::to_yaml(&model).as_bytes()).map(|_| None),
                            (BatchFormat::Json, Some(dir)) => kehoach::batch::write_atomic(&kehoach::batch::output_path(dir, &f.relative, "json"), kehoach::render::to_json(&model).as_bytes()).map(|_| None),
                            _ => Ok(None),
                        };
                        bar.inc(1);
                        match result {
                            Ok(text) => Outcome::Parsed { warnings, text },
                            Err(e) => Outcome::Unwritten(format!("cannot write its model: {e} (any model stored before is left as it was)")),
                        }
                    }
                    Err(why) => {
                        bar.inc(1);
                        Outcome::Failed(why)
                    }
                })
                .collect()
        });
        for (f, o) in chunk.iter().zip(outcomes) {
            match o {
                Outcome::Parsed { warnings, text } => {
                    parsed += 1;
                    warned += usize::from(warnings > 0);
                    if let Some(mut line) = text {
                        line.push('\n');
                        stdout.put(line);
                    }
                }
                Outcome::Failed(why) => failed.push((f.path.display().to_string(), why)),
                Outcome::Unwritten(why) => {
                    unwritten += 1;
                    failed.push((f.path.display().to_string(), why));
                }
            }
        }
    }
    stdout.flush();
    bar.finish_and_clear();
    let unreadable = walk.errors.len();
    eprintln!(
        "{} document(s): {parsed} parsed ({warned} with warnings), {} failed{}",
        walk.files.len(),
        failed.len(),
        if unreadable > 0 { format!("; {unreadable} entr{} could not be read", if unreadable == 1 { "y" } else { "ies" }) } else { String::new() }
    );
    for (path, why) in &failed {
        eprintln!("failed: {}: {}", shown(path), shown(why));
    }
    report_walk(&walk);
    if unwritten > 0 {
        ExitCode::from(2)
    } else if failed.is_empty() && unreadable == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The stored model of an input: none, the model, or an error naming a file that is
/// there but is not a model (never re-parsed as a plan text).
fn stored_model(against: &std::path::Path, relative: &std::path::Path, store: Store) -> Result<Option<(kehoach::Model, PathBuf)>, String> {
    let order: [&str; 2] = if store == Store::Json { ["json", "yaml"] } else { ["yaml", "json"] };
    for ext in order {
        let p = kehoach::batch::output_path(against, relative, ext);
        if !p.exists() {
            continue;
        }
        let text = std::fs::read(&p).map_err(|e| format!("{}: cannot read the stored model: {e}", name_of(&p)))?;
        let text = String::from_utf8(text).map_err(|_| format!("{}: not a stored model (not UTF-8)", name_of(&p)))?;
        return kehoach::render::from_str(&text).map(|m| Some((m, p.clone()))).map_err(|e| format!("{}: not a stored model: {}", name_of(&p), shown(&e)));
    }
    Ok(None)
}

struct CheckMode {
    update: bool,
    init: bool,
    store: Store,
    format: DiffFormat,
    stat: bool,
}

/// The changes of one document in the chosen form.
fn changes_out(name: &str, changes: &[kehoach::diff::Change], format: DiffFormat, stat: bool, color: bool) -> String {
    if stat {
        return kehoach::diff::stat(name, changes);
    }
    match format {
        DiffFormat::Text => kehoach::diff::render_text(name, changes, color),
        DiffFormat::Json => format!("{{\"document\": {}, \"changes\": {}}}\n", serde_json::to_string(name).unwrap_or_default(), serde_json::to_string(changes).unwrap_or_else(|_| "[]".into())),
        DiffFormat::Md => kehoach::diff::to_markdown(name, changes),
        DiffFormat::Html => kehoach::diff::to_html(name, changes),
    }
}

fn check(paths: &[PathBuf], against: &std::path::Path, mode: CheckMode, input: &InputOptions) -> ExitCode {
    use rayon::prelude::*;
    let update = mode.update || mode.init;
    if !against.exists() && !mode.init {
        return fail(format!(
            "{}: no such folder of stored models{}",
            name_of(against),
            if mode.update { ": to create a first baseline, run with --init" } else { " (create one with `kehoach batch … -o` or `check --init`)" }
        ));
    }
    if against.exists() && !against.is_dir() {
        return fail(format!("{} is not a folder of stored models", name_of(against)));
    }
    let tax = match taxonomy(input) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let walk = kehoach::batch::walk(paths, Some(against));
    if update {
        clean_output(against);
    }
    let files = &walk.files;
    let (mut same, mut changed, mut new, mut failed, mut unwritten, mut unreadable_models) = (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    let mut stdout = Stdout::new();
    let color = mode.format == DiffFormat::Text && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let ext = if mode.store == Store::Json { "json" } else { "yaml" };
    let mut store = |path: PathBuf, model: &kehoach::Model| {
        let json = path.extension().is_some_and(|e| e == "json");
        let text = if json { kehoach::render::to_json(model) } else { kehoach::render::to_yaml(model) };
        if let Err(e) = kehoach::batch::write_atomic(&path, text.as_bytes()) {
            eprintln!("kehoach: cannot write {}: {e}", name_of(&path));
            unwritten += 1;
        }
    };
    for chunk in files.chunks(256) {
        type Stored = Result<Option<(kehoach::Model, PathBuf)>, String>;
        let results: Vec<Result<(kehoach::Model, Stored), String>> =
            chunk.par_iter().map(|f| parse_input(&f.path, input, tax.as_ref()).map(|m| (m, stored_model(against, &f.relative, mode.store)))).collect();
        for (f, r) in chunk.iter().zip(results) {
            let name = name_of(&f.path);
            match r {
                Err(why) => {
                    failed += 1;
                    eprintln!("failed: {name}: {}", shown(&why));
                }
                Ok((_, Err(why))) => {
                    unreadable_models += 1;
                    eprintln!("kehoach: {why}");
                }
                Ok((model, Ok(None))) => {
                    new += 1;
                    stdout.put(format!("== {name}: no stored model\n"));
                    if update {
                        store(kehoach::batch::output_path(against, &f.relative, ext), &model);
                    }
                }
                Ok((model, Ok(Some((stored, path))))) => {
                    let changes = kehoach::diff::diff(&stored, &model);
                    if changes.is_empty() {
                        same += 1;
                    } else {
                        changed += 1;
                        stdout.put(shown(&changes_out(&name, &changes, mode.format, mode.stat, color)).as_bytes());
                        if update {
                            store(path, &model);
                        }
                    }
                }
            }
        }
    }
    stdout.flush();
    let unreadable = report_walk(&walk);
    let updated = if !update {
        String::new()
    } else if unwritten > 0 {
        format!(" ({unwritten} stored model(s) could not be written)")
    } else if changed + new == 0 {
        String::new()
    } else {
        " (stored models updated)".to_string()
    };
    eprintln!(
        "{} document(s): {same} unchanged, {changed} changed, {new} without a stored model, {failed} failed{updated}{}{}",
        files.len(),
        if unreadable_models > 0 { format!("; {unreadable_models} stored model(s) unreadable") } else { String::new() },
        if unreadable > 0 { format!("; {unreadable} entr{} could not be read", if unreadable == 1 { "y" } else { "ies" }) } else { String::new() }
    );
    if unwritten > 0 || unreadable_models > 0 {
        ExitCode::from(2)
    } else if failed > 0 || unreadable > 0 || (!update && (changed > 0 || new > 0)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn diff(old: &std::path::Path, new: &std::path::Path, format: Option<DiffFormat>, stat: bool, output: Option<&std::path::Path>, input: &InputOptions) -> ExitCode {
    use DiffFormat as F;
    let format = match pick(format, output, &[("txt", F::Text), ("json", F::Json), ("md", F::Md), ("markdown", F::Md), ("html", F::Html), ("htm", F::Html)], F::Text) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let (a, b) = match (load_model(old, input), load_model(new, input)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let changes = kehoach::diff::diff(&a, &b);
    let name = format!("{} → {}", old.display(), new.display());
    let color = format == F::Text && target(output).is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let text = match format {
        // a program reading JSON gets the bare list of changes
        F::Json if !stat => kehoach::diff::to_json(&changes),
        _ => changes_out(&name, &changes, format, stat, color),
    };
    let text = if target(output).is_none() { shown(&text).into_owned() } else { text };
    let code = write_out(output, text.as_bytes(), &[old, new]);
    if code != ExitCode::SUCCESS {
        return code;
    }
    if changes.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// The sector taxonomy: `--sectors FILE`, or the one shipped.
fn taxonomy(input: &InputOptions) -> Result<Option<kehoach::extract::sectors::Taxonomy>, ExitCode> {
    let Some(path) = &input.sectors else { return Ok(None) };
    let bytes = read_limited(path, input.max_size).map_err(|e| fail(format!("{}: {e}", name_of(path))))?;
    let text = String::from_utf8_lossy(&bytes);
    kehoach::extract::sectors::Taxonomy::from_yaml(&text).map(Some).map_err(|e| fail(format!("{}: not a sector taxonomy: {e}", name_of(path))))
}

/// A document or a saved model, as a model.
fn load_model(file: &std::path::Path, input: &InputOptions) -> Result<kehoach::Model, ExitCode> {
    let (name, bytes) = read_input(file, input.max_size)?;
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if matches!(ext.as_str(), "yaml" | "yml" | "json") {
        // a stored model, or an error naming it: never re-parsed as a plan text
        let text = String::from_utf8_lossy(&bytes);
        return kehoach::render::from_str(&text).map_err(|e| fail(format!("{}: not a stored model: {}", name_of(file), shown(&e))));
    }
    kehoach::parse_bytes_as(&name, &bytes, input.encoding.as_deref()).map_err(|e| decode_error(&name, e))
}

/// Writes the output: to a file atomically (never over one of the inputs), or to
/// standard output.
fn write_out(output: Option<&std::path::Path>, bytes: &[u8], inputs: &[&std::path::Path]) -> ExitCode {
    match target(output) {
        Some(path) => {
            if let Some(i) = inputs.iter().find(|i| i.as_os_str() != "-" && kehoach::output::same_file(i, path)) {
                return fail(format!("{} is an input of this command: refusing to write over it", name_of(i)));
            }
            if path.is_dir() {
                return fail(format!("{} is a folder: name the file to write", name_of(path)));
            }
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
            kehoach::output::clean_stale(dir);
            match kehoach::output::write_atomic(path, bytes, true) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(format!("cannot write {}: {e} (the file was left as it was)", name_of(path))),
            }
        }
        None => {
            let mut stdout = Stdout::new();
            stdout.put(bytes);
            stdout.flush();
            ExitCode::SUCCESS
        }
    }
}

/// The tables of a comparison a CSV can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum CompareTable {
    Targets,
    Tasks,
    Documents,
    Reference,
}

/// How to compare: the options of `compare` beyond its inputs and output.
struct CompareHow {
    explain: bool,
    reference: Option<PathBuf>,
    no_reference: bool,
    by_year: bool,
    align: Option<PathBuf>,
    write_align: Option<PathBuf>,
    table: CompareTable,
}

fn compare(files: &[PathBuf], format: Option<CompareFormat>, output: Option<&std::path::Path>, how: &CompareHow, input: &InputOptions) -> ExitCode {
    use CompareFormat as F;
    let format = match pick(format, output, &[("md", F::Md), ("markdown", F::Md), ("html", F::Html), ("htm", F::Html), ("csv", F::Csv), ("xlsx", F::Xlsx), ("json", F::Json), ("yaml", F::Yaml), ("yml", F::Yaml)], F::Md) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let tax = match taxonomy(input) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let align = match &how.align {
        Some(path) => match std::fs::read_to_string(path).map_err(|e| e.to_string()).and_then(|t| serde_saphyr::from_str::<kehoach::compare::AlignFile>(&t).map_err(|e| e.to_string())) {
            Ok(a) => Some(a),
            Err(e) => return fail(format!("{}: not an alignment file: {e}", path.display())),
        },
        None => None,
    };
    // the reference joins the inputs when it is not among them
    let mut files: Vec<PathBuf> = files.to_vec();
    let same_file = |a: &std::path::Path, b: &std::path::Path| a == b || std::fs::canonicalize(a).ok().is_some_and(|x| std::fs::canonicalize(b).ok().is_some_and(|y| x == y));
    let reference_at = how.reference.as_ref().map(|r| match files.iter().position(|f| same_file(f, r)) {
        Some(i) => i,
        None => {
            files.push(r.clone());
            files.len() - 1
        }
    });
    // an unreadable input is named (by load_model) and skipped; the rest is compared
    let mut models = Vec::new();
    let mut kept = Vec::new();
    let mut skipped = 0usize;
    for (i, f) in files.iter().enumerate() {
        match load_model(f, input) {
            Ok(mut m) => {
                if let Some(t) = &tax {
                    kehoach::extract::sectors::assign(&mut m, t);
                }
                models.push(m);
                kept.push(i);
            }
            Err(_) => skipped += 1,
        }
    }
    if models.len() < 2 {
        return fail(format!("{} readable document(s): a comparison needs two or more", models.len()));
    }
    if skipped > 0 {
        eprintln!("kehoach: {skipped} input(s) skipped (named above); the other {} compared", models.len());
    }
    let reference = match reference_at {
        Some(r) => match kept.iter().position(|&k| k == r) {
            Some(i) => Some(i),
            None => return fail("the reference document could not be read"),
        },
        None => None,
    };
    let opts = kehoach::compare::Options {
        sector_order: tax.as_ref().unwrap_or(&kehoach::extract::sectors::DEFAULT).sectors.iter().map(|s| s.key.clone()).collect(),
        reference,
        auto_reference: !how.no_reference,
        by_year: how.by_year,
        align,
    };
    let c = kehoach::compare::compare(&models, &opts);
    if how.explain {
        eprint!("{}", shown(&kehoach::compare::explain(&c)));
    } else {
        for d in c.decided.iter().filter(|d| d.starts_with("tệp căn chỉnh: không tìm thấy")) {
            eprintln!("kehoach: {}", shown(d));
        }
    }
    if let Some(path) = &how.write_align {
        let inputs: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
        let code = write_out(Some(path), kehoach::compare::write_align(&c).as_bytes(), &inputs);
        if code != ExitCode::SUCCESS {
            return code;
        }
    }
    if format == F::Xlsx && target(output).is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return fail("a workbook is binary: write it to a file with -o OUT.xlsx");
    }
    let table = match how.table {
        CompareTable::Targets => kehoach::compare::table::CsvTable::Targets,
        CompareTable::Tasks => kehoach::compare::table::CsvTable::Tasks,
        CompareTable::Documents => kehoach::compare::table::CsvTable::Documents,
        CompareTable::Reference => kehoach::compare::table::CsvTable::Reference,
    };
    let bytes = match format {
        F::Md => kehoach::compare::to_markdown(&c).into_bytes(),
        F::Html => kehoach::report::render_comparison(&c).into_bytes(),
        F::Csv => kehoach::compare::table::csv(&c, table).into_bytes(),
        F::Xlsx => kehoach::export::comparison_xlsx(&c),
        F::Json => {
            let mut s = serde_json::to_string_pretty(&c).unwrap_or_default();
            s.push('\n');
            s.into_bytes()
        }
        F::Yaml => serde_saphyr::to_string(&c).unwrap_or_default().into_bytes(),
    };
    let inputs: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let code = write_out(output, &bytes, &inputs);
    if code == ExitCode::SUCCESS && skipped > 0 { ExitCode::from(1) } else { code }
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("kehoach: {}", shown(&msg.to_string()));
    ExitCode::from(2)
}

/// Reads a file (or standard input), refusing one over the size limit.
fn read_input(file: &std::path::Path, max: u64) -> Result<(String, Vec<u8>), ExitCode> {
    let name = file.display().to_string();
    if name == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().take(max.saturating_add(1)).read_to_end(&mut buf) {
            return Err(fail(format!("cannot read standard input: {e}")));
        }
        if buf.len() as u64 > max {
            return Err(fail(format!("standard input is over the size limit of {max} bytes (raise it with --max-size)")));
        }
        return Ok((name, buf));
    }
    match read_limited(file, max) {
        Ok(b) => Ok((name, b)),
        Err(e) => Err(fail(format!("{}: {e}", name_of(file)))),
    }
}

fn decode_error(name: &str, e: kehoach::DecodeError) -> ExitCode {
    match e {
        kehoach::DecodeError::NotText => fail(format!("not a text document: {name}")),
        e => fail(format!("{name}: {e}")),
    }
}

fn normalize(file: &std::path::Path, report: bool, input: &InputOptions) -> ExitCode {
    let (name, bytes) = match read_input(file, input.max_size) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let (decoded, format) = match kehoach::read_document(&bytes, input.encoding.as_deref()) {
        Ok(d) => d,
        Err(e) => return decode_error(&name, e),
    };
    let normalized = kehoach::normalize::normalize(&decoded.text);
    let mut stdout = Stdout::new();
    if report {
        let mut changes: Vec<&str> = decoded.changes.clone();
        changes.extend(normalized.changes.iter().copied());
        let mut r = format!("file: {}\nformat: {format}\nbytes: {}\nencoding: {}\nconfidence: {:.2}\nlines: {}\nchanged: [{}]\n", shown(&name), bytes.len(), decoded.encoding, decoded.confidence, normalized.lines.len(), changes.join(", "));
        for d in &decoded.diagnostics {
            r.push_str(&format!("note: [{}] {}\n", d.code, shown(&d.message)));
        }
        stdout.put(r);
    } else {
        // the text as read, every line, as is for a file or a pipe; on a terminal its
        // control characters are shown escaped
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
        for line in &normalized.lines {
            if terminal {
                stdout.put(shown(line).as_bytes());
            } else {
                stdout.put(line.as_bytes());
            }
            stdout.put(b"\n");
        }
    }
    stdout.flush();
    ExitCode::SUCCESS
}

fn parse(file: &std::path::Path, format: Option<Format>, output: Option<&std::path::Path>, show_diagnostics: bool, input: &InputOptions) -> ExitCode {
    if let Some(ext) = extension(output).filter(|e| matches!(e.as_str(), "html" | "htm" | "md" | "markdown")) {
        return fail(format!("parse writes yaml, json, csv or xlsx, not .{ext}: for a page to check by eye, use `kehoach report FILE -o OUT.html`"));
    }
    let format = match pick(format, output, &[("yaml", Format::Yaml), ("yml", Format::Yaml), ("json", Format::Json), ("csv", Format::Csv), ("xlsx", Format::Xlsx)], Format::Yaml) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let (name, bytes) = match read_input(file, input.max_size) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let mut model = match kehoach::parse_bytes_as(&name, &bytes, input.encoding.as_deref()) {
        Ok(m) => m,
        Err(e) => return decode_error(&name, e),
    };
    match taxonomy(input) {
        Ok(Some(t)) => kehoach::extract::sectors::assign(&mut model, &t),
        Ok(None) => {}
        Err(code) => return code,
    }
    if format == Format::Xlsx && target(output).is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return fail("a workbook is binary: write it to a file with -o OUT.xlsx");
    }
    let text: Vec<u8> = match format {
        Format::Yaml => kehoach::render::to_yaml(&model).into_bytes(),
        Format::Json => kehoach::render::to_json(&model).into_bytes(),
        Format::Csv => kehoach::export::model_csv(&model).into_bytes(),
        Format::Xlsx => kehoach::export::model_xlsx(&model),
    };
    if show_diagnostics {
        let text = kehoach::read_document(&bytes, input.encoding.as_deref()).map(|d| d.0.text).unwrap_or_default();
        let lines = kehoach::normalize::normalize(&text).lines;
        eprint!("{}", shown(&kehoach::render::render_diagnostics(&name, &lines, &model.diagnostics)));
    }
    write_out(output, &text, &[file])
}
