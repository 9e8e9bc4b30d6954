//! `cnn`: the `cnn!` language from a shell. A `.cnn` file holds what a `cnn!`
//! invocation's braces hold (the `pub struct Name;` header optional); the command
//! checks it with the macro's own parser and checks (`cnn-lang`), and prints its
//! summary or its pictures, or its errors as rustc renders them. `cnn onnx` writes a
//! network and its weights as an ONNX model, `cnn import` reads one back as text.
//!
//! Results go to stdout, errors to stderr. Exit status: 0 when the network checks, 1
//! when it does not (its errors on stderr), 2 when the command line is wrong or a file
//! cannot be read.
#![forbid(unsafe_code)]

mod render;

use clap::{Parser, Subcommand};
use cnn_lang::Outcome;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The cnn language from a shell: check a network, print its summary, draw it.
#[derive(Parser)]
#[command(
    name = "cnn",
    version,
    after_help = "A .cnn file holds the body of a cnn! invocation; `-` reads standard input.\n\
                  Exit status: 0 when the network checks, 1 when it does not, 2 when the \
                  command line is wrong or a file cannot be read."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a network: prints its size, or its errors as rustc shows them
    Check { file: PathBuf },
    /// Print the summary table (`SUMMARY`)
    Summary {
        file: PathBuf,
        /// The table in Markdown (`SUMMARY_MARKDOWN`)
        #[arg(long)]
        markdown: bool,
    },
    /// Print the network drawn as SVG (`DIAGRAM_SVG`)
    Svg { file: PathBuf },
    /// Print the network's graph in Graphviz's DOT (`GRAPH_DOT`)
    Dot { file: PathBuf },
    /// Print the network's graph in Mermaid (`GRAPH_MERMAID`)
    Mermaid { file: PathBuf },
    /// Write the network and its weights as an ONNX model
    Onnx {
        file: PathBuf,
        /// The weights by PyTorch's `state_dict` keys: a `.safetensors` or `.pth` file
        #[arg(long)]
        weights: PathBuf,
        /// Where the model goes
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Print an ONNX model as a network (the text of a .cnn file)
    Import {
        model: PathBuf,
        /// The network's name (default: the file's stem in CamelCase)
        #[arg(long)]
        name: Option<String>,
        /// Also write the model's weights, by `state_dict` key, to this `.safetensors` file
        #[arg(long)]
        weights: Option<PathBuf>,
    },
}

/// A failure that ends the command: its message for stderr and its exit status.
struct Failure {
    message: String,
    status: u8,
}

/// The network could not be read or does not check: status 1 or 2.
type Result<T> = std::result::Result<T, Failure>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check { file } => checked(file).map(|(name, checked)| {
            let t = checked.report.totals;
            format!(
                "{name}: {} layers, {} parameters, {} MACs\n",
                checked.layers.len(),
                cnn_core::Grouped(t.params),
                cnn_core::Grouped(t.macs)
            )
        }),
        Command::Summary { file, markdown } => checked(file).map(|(_, checked)| {
            let texts = cnn_lang::render::texts(&checked, false);
            match markdown {
                true => texts.markdown,
                false => texts.summary,
            }
        }),
        Command::Svg { file } => drawn(file, |t| t.svg),
        Command::Dot { file } => drawn(file, |t| t.dot),
        Command::Mermaid { file } => drawn(file, |t| t.mermaid),
        Command::Onnx {
            file,
            weights,
            output,
        } => onnx(file, weights, output),
        Command::Import {
            model,
            name,
            weights,
        } => import(model, name.as_deref(), weights.as_deref()),
    };
    match result {
        Ok(text) if text.is_empty() => ExitCode::SUCCESS,
        Ok(mut text) => {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            // A closed pipe (`cnn svg net.cnn | head`) is not an error of ours.
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            ExitCode::SUCCESS
        }
        Err(Failure { message, status }) => {
            eprint!("{message}");
            ExitCode::from(status)
        }
    }
}

/// The network in `file` with the tensors of `weights`, written to `output` as ONNX;
/// what was written said on stderr, nothing on stdout.
fn onnx(file: &Path, weights: &Path, output: &Path) -> Result<String> {
    let (name, checked) = checked(file)?;
    let cannot = |e: &dyn std::fmt::Display| Failure {
        message: format!("error: cannot read `{}`: {e}\n", weights.display()),
        status: 2,
    };
    let cpu = &candle_core::Device::Cpu;
    let tensors: std::collections::HashMap<String, candle_core::Tensor> =
        match weights.extension().and_then(|e| e.to_str()) {
            Some("safetensors") => {
                candle_core::safetensors::load(weights, cpu).map_err(|e| cannot(&e))?
            }
            _ => candle_core::pickle::read_all(weights)
                .map_err(|e| cannot(&e))?
                .into_iter()
                .collect(),
        };
    let bytes = cnn_onnx::export(&checked.layers, &checked.blocks, &|key| {
        tensors.get(key).cloned()
    })
    .map_err(|e| Failure {
        message: format!("error: {name} cannot be exported: {e}\n"),
        status: 1,
    })?;
    std::fs::write(output, &bytes).map_err(|e| Failure {
        message: format!("error: cannot write `{}`: {e}\n", output.display()),
        status: 2,
    })?;
    eprintln!(
        "wrote {name} to `{}`: {} layers, {} bytes, opset {}",
        output.display(),
        checked.layers.len(),
        bytes.len(),
        cnn_onnx::OPSET
    );
    Ok(String::new())
}

/// The ONNX model in `file` as a network's text (stdout), its weights to `weights`;
/// what was read said on stderr.
fn import(file: &Path, name: Option<&str>, weights: Option<&Path>) -> Result<String> {
    let bytes = std::fs::read(file).map_err(|e| Failure {
        message: format!("error: cannot read `{}`: {e}\n", file.display()),
        status: 2,
    })?;
    let name = name.map_or_else(|| type_name(file), str::to_string);
    let imported = cnn_onnx::import(&bytes, &name).map_err(|e| Failure {
        message: format!("error: cannot import `{}`: {e}\n", file.display()),
        status: 1,
    })?;
    if let Some(path) = weights {
        candle_core::safetensors::save(&imported.tensors, path).map_err(|e| Failure {
            message: format!("error: cannot write `{}`: {e}\n", path.display()),
            status: 2,
        })?;
    }
    let t = imported.report.totals;
    eprintln!(
        "imported {name} from `{}`: {} layers, {} parameters, {} MACs",
        file.display(),
        imported.layers.len(),
        cnn_core::Grouped(t.params),
        cnn_core::Grouped(t.macs)
    );
    Ok(imported.text)
}

/// A file's stem as a type name: `mobilenet_v2.onnx` is `MobilenetV2`.
fn type_name(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let mut name = String::new();
    for part in stem.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            name.extend(first.to_uppercase());
            name.push_str(chars.as_str());
        }
    }
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => name,
        _ => format!("Net{name}"),
    }
}

/// One of the network's pictures.
fn drawn(file: &Path, picture: fn(cnn_lang::render::Texts) -> String) -> Result<String> {
    let (_, checked) = checked(file)?;
    Ok(picture(cnn_lang::render::texts(&checked, true)))
}

/// The network in `file` checked, with its name (the header's, or `network`).
fn checked(file: &Path) -> Result<(String, cnn_lang::check::Checked)> {
    let (shown, source) = read(file)?;
    let tokens: proc_macro2::TokenStream = source.parse().map_err(|e: proc_macro2::LexError| {
        let span = e.span();
        Failure {
            message: render::error(
                &shown,
                &source,
                "this file does not lex as Rust tokens",
                span,
            ),
            status: 1,
        }
    })?;
    match cnn_lang::check(tokens) {
        Outcome::Checked(network, checked) => {
            let name = network
                .header
                .map_or_else(|| "network".to_string(), |h| h.ident.to_string());
            Ok((name, checked))
        }
        Outcome::Failed { error, .. } => {
            // In the file's order (the macro reports parse errors before the checks').
            let mut errors: Vec<_> = error
                .into_iter()
                .map(|e| {
                    let at = e.span().start();
                    let text = render::error(&shown, &source, &e.to_string(), e.span());
                    ((at.line, at.column), text)
                })
                .collect();
            errors.sort_by_key(|(at, _)| *at);
            let errors: Vec<String> = errors.into_iter().map(|(_, text)| text).collect();
            let n = errors.len();
            let s = if n == 1 { "" } else { "s" };
            Err(Failure {
                message: format!(
                    "{}error: could not check `{shown}` due to {n} previous error{s}\n",
                    errors.concat()
                ),
                status: 1,
            })
        }
    }
}

/// The text of `file` (`-`: standard input) and the name errors show it by.
fn read(file: &Path) -> Result<(String, String)> {
    let cannot = |e: std::io::Error| Failure {
        message: format!("error: cannot read `{}`: {e}\n", file.display()),
        status: 2,
    };
    if file == Path::new("-") {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(cannot)?;
        return Ok(("<stdin>".to_string(), text));
    }
    let text = std::fs::read_to_string(file).map_err(cannot)?;
    Ok((file.display().to_string(), text))
}
