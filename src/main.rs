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
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Yaml)]
        format: Format,
        /// Write the model here instead of standard output
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
        #[command(flatten)]
        input: InputOptions,
    },
    /// What changed between two documents or saved models
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[command(flatten)]
        input: InputOptions,
    },
    /// Compare plans side by side: documents, targets matrix, tasks per sector
    Compare {
        /// Documents or their saved models (.yaml, .yml, .json), two or more
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// Output format (md on a terminal by default)
        #[arg(long, value_enum, default_value_t = CompareFormat::Md)]
        format: CompareFormat,
        /// Write the comparison here instead of standard output
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Also print why indicators were aligned and what stayed alone (standard error)
        #[arg(long)]
        explain: bool,
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

#[derive(Clone, Copy, ValueEnum)]
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

#[derive(Clone, Copy, ValueEnum)]
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
        Command::Parse { file, format, output, diagnostics, input } => parse(&file, format, output.as_deref(), diagnostics, &input),
        Command::Normalize { file, report, input } => normalize(&file, report, &input),
        Command::Compare { files, format, output, explain, input } => compare(&files, format, output.as_deref(), explain, &input),
        Command::Report { file, output, input } => report(&file, &output, &input),
        Command::Batch { inputs, output, format, jobs, input } => batch(&inputs, output.as_deref(), format, jobs, &input),
        Command::Check { inputs, against, update, input } => check(&inputs, &against, update, &input),
        Command::Diff { old, new, input } => diff(&old, &new, &input),
    }
}

fn report(file: &std::path::Path, output: &std::path::Path, input: &InputOptions) -> ExitCode {
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
    write_out(Some(output), kehoach::report::render(&model, &lines, &nodes).as_bytes())
}

/// What became of one input of a batch.
enum Outcome {
    Parsed { warnings: usize, text: Option<String> },
    Failed(String),
}

fn parse_input(path: &std::path::Path, input: &InputOptions, tax: Option<&kehoach::extract::sectors::Taxonomy>) -> Result<kehoach::Model, String> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.len() > input.max_size {
        return Err(format!("{} bytes is over the size limit of {} bytes", meta.len(), input.max_size));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
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

fn batch(paths: &[PathBuf], output: Option<&std::path::Path>, format: BatchFormat, jobs: Option<usize>, input: &InputOptions) -> ExitCode {
    use rayon::prelude::*;
    if format != BatchFormat::Ndjson && output.is_none() {
        return fail("batch writes one model per document: name the folder with -o OUT_DIR (or use --format ndjson)");
    }
    let tax = match taxonomy(input) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let files = kehoach::batch::inputs(paths);
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(jobs.unwrap_or(0)).build() {
        Ok(p) => p,
        Err(e) => return fail(format!("cannot start the worker threads: {e}")),
    };
    let bar = progress(files.len());
    let (mut parsed, mut warned) = (0usize, 0usize);
    let mut failed: Vec<(String, String)> = Vec::new();
    let mut stdout = std::io::stdout().lock();
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
                            Err(e) => Outcome::Failed(format!("cannot write its model: {e}")),
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
                    if let Some(line) = text {
                        if writeln!(stdout, "{line}").is_err() {
                            return fail("cannot write output");
                        }
                    }
                }
                Outcome::Failed(why) => failed.push((f.path.display().to_string(), why)),
            }
        }
    }
    bar.finish_and_clear();
    eprintln!("{} document(s): {parsed} parsed ({warned} with warnings), {} failed", files.len(), failed.len());
    for (path, why) in &failed {
        eprintln!("failed: {path}: {why}");
    }
    if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// The stored model of an input, if there is one.
fn stored_model(against: &std::path::Path, relative: &std::path::Path) -> Option<kehoach::Model> {
    ["yaml", "json"].iter().find_map(|ext| {
        let p = kehoach::batch::output_path(against, relative, ext);
        std::fs::read_to_string(p).ok().and_then(|t| kehoach::render::from_str(&t).ok())
    })
}

fn check(paths: &[PathBuf], against: &std::path::Path, update: bool, input: &InputOptions) -> ExitCode {
    use rayon::prelude::*;
    let tax = match taxonomy(input) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let files = kehoach::batch::inputs(paths);
    let (mut same, mut changed, mut new, mut failed) = (0usize, 0usize, 0usize, 0usize);
    for chunk in files.chunks(256) {
        let results: Vec<Result<(kehoach::Model, Option<kehoach::Model>), String>> =
            chunk.par_iter().map(|f| parse_input(&f.path, input, tax.as_ref()).map(|m| (m, stored_model(against, &f.relative)))).collect();
        for (f, r) in chunk.iter().zip(results) {
            let name = f.path.display().to_string();
            match r {
                Err(why) => {
                    failed += 1;
                    eprintln!("failed: {name}: {why}");
                }
                Ok((model, None)) => {
                    new += 1;
                    println!("== {name}: no stored model");
                    if update {
                        let _ = kehoach::batch::write_atomic(&kehoach::batch::output_path(against, &f.relative, "yaml"), kehoach::render::to_yaml(&model).as_bytes());
                    }
                }
                Ok((model, Some(stored))) => {
                    let changes = kehoach::diff::diff(&stored, &model);
                    if changes.is_empty() {
                        same += 1;
                    } else {
                        changed += 1;
                        print!("{}", kehoach::diff::render(&name, &changes));
                        if update {
                            let ext = if kehoach::batch::output_path(against, &f.relative, "json").exists() { "json" } else { "yaml" };
                            let text = if ext == "json" { kehoach::render::to_json(&model) } else { kehoach::render::to_yaml(&model) };
                            let _ = kehoach::batch::write_atomic(&kehoach::batch::output_path(against, &f.relative, ext), text.as_bytes());
                        }
                    }
                }
            }
        }
    }
    eprintln!("{} document(s): {same} unchanged, {changed} changed, {new} without a stored model, {failed} failed{}", files.len(), if update { " (stored models updated)" } else { "" });
    if failed > 0 || (!update && (changed > 0 || new > 0)) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn diff(old: &std::path::Path, new: &std::path::Path, input: &InputOptions) -> ExitCode {
    let (a, b) = match (load_model(old, input), load_model(new, input)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let changes = kehoach::diff::diff(&a, &b);
    print!("{}", kehoach::diff::render(&format!("{} → {}", old.display(), new.display()), &changes));
    if changes.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// The sector taxonomy: `--sectors FILE`, or the one shipped.
fn taxonomy(input: &InputOptions) -> Result<Option<kehoach::extract::sectors::Taxonomy>, ExitCode> {
    let Some(path) = &input.sectors else { return Ok(None) };
    let text = std::fs::read_to_string(path).map_err(|e| fail(format!("cannot read {}: {e}", path.display())))?;
    kehoach::extract::sectors::Taxonomy::from_yaml(&text).map(Some).map_err(|e| fail(format!("{}: not a sector taxonomy: {e}", path.display())))
}

/// A document or a saved model, as a model.
fn load_model(file: &std::path::Path, input: &InputOptions) -> Result<kehoach::Model, ExitCode> {
    let (name, bytes) = read_input(file, input.max_size)?;
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if matches!(ext.as_str(), "yaml" | "yml" | "json") {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(m) = kehoach::render::from_str(&text) {
            return Ok(m);
        }
    }
    kehoach::parse_bytes_as(&name, &bytes, input.encoding.as_deref()).map_err(|e| decode_error(&name, e))
}

fn write_out(output: Option<&std::path::Path>, bytes: &[u8]) -> ExitCode {
    let written = match output {
        Some(path) => std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => match std::io::stdout().write_all(bytes) {
            // a reader that stopped early (`| head`) is not an error
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => r.map_err(|e| format!("cannot write output: {e}")),
        },
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn compare(files: &[PathBuf], format: CompareFormat, output: Option<&std::path::Path>, explain: bool, input: &InputOptions) -> ExitCode {
    let tax = match taxonomy(input) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut models = Vec::new();
    for f in files {
        match load_model(f, input) {
            Ok(mut m) => {
                if let Some(t) = &tax {
                    kehoach::extract::sectors::assign(&mut m, t);
                }
                models.push(m);
            }
            Err(code) => return code,
        }
    }
    let order: Vec<String> = tax.as_ref().unwrap_or(&kehoach::extract::sectors::DEFAULT).sectors.iter().map(|s| s.key.clone()).collect();
    let c = kehoach::compare::compare(&models, &order);
    if explain {
        eprint!("{}", kehoach::compare::explain(&c));
    }
    if matches!(format, CompareFormat::Xlsx) && output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return fail("a workbook is binary: write it to a file with -o OUT.xlsx");
    }
    let bytes = match format {
        CompareFormat::Md => kehoach::compare::to_markdown(&c).into_bytes(),
        CompareFormat::Html => kehoach::report::render_comparison(&c).into_bytes(),
        CompareFormat::Csv => kehoach::compare::targets_csv(&c).into_bytes(),
        CompareFormat::Xlsx => kehoach::export::comparison_xlsx(&c),
        CompareFormat::Json => {
            let mut s = serde_json::to_string_pretty(&c).unwrap_or_default();
            s.push('\n');
            s.into_bytes()
        }
        CompareFormat::Yaml => serde_saphyr::to_string(&c).unwrap_or_default().into_bytes(),
    };
    write_out(output, &bytes)
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("kehoach: {msg}");
    ExitCode::from(2)
}

/// Reads a file (or standard input), refusing one over the size limit.
fn read_input(file: &std::path::Path, max: u64) -> Result<(String, Vec<u8>), ExitCode> {
    let name = file.display().to_string();
    let too_big = |size: u64| fail(format!("{name}: {size} bytes is over the size limit of {max} bytes (raise it with --max-size)"));
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().take(max + 1).read_to_end(&mut buf) {
            return Err(fail(format!("cannot read standard input: {e}")));
        }
        buf
    } else {
        if let Ok(meta) = std::fs::metadata(file) {
            if meta.len() > max {
                return Err(too_big(meta.len()));
            }
        }
        match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => return Err(fail(format!("cannot read {name}: {e}"))),
        }
    };
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    Ok((name, bytes))
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
    let out = if report {
        let mut changes: Vec<&str> = decoded.changes.clone();
        changes.extend(normalized.changes.iter().copied());
        let mut r = format!("file: {name}\nformat: {format}\nbytes: {}\nencoding: {}\nconfidence: {:.2}\nlines: {}\nchanged: [{}]\n", bytes.len(), decoded.encoding, decoded.confidence, normalized.lines.len(), changes.join(", "));
        for d in &decoded.diagnostics {
            r.push_str(&format!("note: [{}] {}\n", d.code, d.message));
        }
        r
    } else {
        let mut t = normalized.lines.join("\n");
        t.push('\n');
        t
    };
    match std::io::stdout().write_all(out.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("cannot write output: {e}")),
    }
}

fn parse(file: &std::path::Path, format: Format, output: Option<&std::path::Path>, show_diagnostics: bool, input: &InputOptions) -> ExitCode {
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
    if matches!(format, Format::Xlsx) && output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
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
        eprint!("{}", kehoach::render::render_diagnostics(&name, &lines, &model.diagnostics));
    }
    write_out(output, &text)
}
