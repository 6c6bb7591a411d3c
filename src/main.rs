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
        /// The document (UTF-8 text; `-` for standard input)
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
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Yaml,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { file, format, output, diagnostics } => parse(&file, format, output.as_deref(), diagnostics),
    }
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("kehoach: {msg}");
    ExitCode::from(2)
}

fn parse(file: &std::path::Path, format: Format, output: Option<&std::path::Path>, show_diagnostics: bool) -> ExitCode {
    let name = file.display().to_string();
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            return fail(format!("cannot read standard input: {e}"));
        }
        buf
    } else {
        match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => return fail(format!("cannot read {name}: {e}")),
        }
    };
    let model = match kehoach::parse_bytes(&name, &bytes) {
        Ok(m) => m,
        Err(kehoach::DecodeError::NotText) => return fail(format!("not a text document: {name}")),
        Err(e) => return fail(format!("{name}: {e}")),
    };
    let text = match format {
        Format::Yaml => kehoach::render::to_yaml(&model),
        Format::Json => kehoach::render::to_json(&model),
    };
    if show_diagnostics {
        let lines = kehoach::normalize::normalize(&String::from_utf8_lossy(&bytes)).lines;
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
