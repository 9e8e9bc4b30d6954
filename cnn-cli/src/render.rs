//! Errors rendered as rustc renders a `compile_error!`: the message (its `help:` lines
//! indented under it), then `--> file:line:column`, the source line and a caret line
//! under the token at fault.

use proc_macro2::Span;

/// `message` at `span` of `source` (the text of the file shown as `file`), ending in a
/// blank line.
pub fn error(file: &str, source: &str, message: &str, span: Span) -> String {
    let mut text = format!("error: {}\n", message.replace('\n', "\n       "));
    let (start, end) = (span.start(), span.end());
    // A span that covers nothing (the whole invocation's) has no place to show.
    let Some(line) = source.lines().nth(start.line.wrapping_sub(1)) else {
        text.push_str(&format!(" --> {file}\n\n"));
        return text;
    };
    let number = start.line.to_string();
    let gutter = " ".repeat(number.len());
    // Columns count characters from 0; a span over several lines is marked on its first.
    let width = match end.line == start.line {
        true => end.column.saturating_sub(start.column).max(1),
        false => line.chars().count().saturating_sub(start.column).max(1),
    };
    let pad: String = line
        .chars()
        .take(start.column)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    text.push_str(&format!(
        "{gutter}--> {file}:{}:{}\n{gutter} |\n{number} | {line}\n{gutter} | {pad}{}\n\n",
        start.line,
        start.column + 1,
        "^".repeat(width)
    ));
    text
}
