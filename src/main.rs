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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Yaml,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { file, format, output, diagnostics, input } => parse(&file, format, output.as_deref(), diagnostics, &input),
        Command::Normalize { file, report, input } => normalize(&file, report, &input),
    }
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
    let model = match kehoach::parse_bytes_as(&name, &bytes, input.encoding.as_deref()) {
        Ok(m) => m,
        Err(e) => return decode_error(&name, e),
    };
    let text = match format {
        Format::Yaml => kehoach::render::to_yaml(&model),
        Format::Json => kehoach::render::to_json(&model),
    };
    if show_diagnostics {
        let text = kehoach::read_document(&bytes, input.encoding.as_deref()).map(|d| d.0.text).unwrap_or_default();
        let lines = kehoach::normalize::normalize(&text).lines;
        eprint!("{}", kehoach::render::render_diagnostics(&name, &lines, &model.diagnostics));
    }
    let written = match output {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => std::io::stdout().write_all(text.as_bytes()).map_err(|e| format!("cannot write output: {e}")),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}
