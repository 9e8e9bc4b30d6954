//! The reference docs are kept in step with the code by this test, not by hand: the
//! README's and the crate docs' const tables list every network const, and their
//! statement, option, setting, element type, metric and figure words are the
//! language's table (`cnn-core`'s `words.rs`). A const or word added without its row
//! fails here, naming it.

use cnn_core::{NetworkConst, Role, DTYPES, FIGURES, METRICS, OPTIONS, WORDS};

/// The README, and the crate docs with their `//! ` stripped.
fn docs() -> [(&'static str, String); 2] {
    let readme = include_str!("../README.md").to_owned();
    let crate_docs = include_str!("../src/lib.rs")
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    [("README.md", readme), ("the crate docs", crate_docs)]
}

/// The rows of the doc's tables.
fn rows(doc: &str) -> Vec<&str> {
    doc.lines().filter(|l| l.starts_with("| ")).collect()
}

#[test]
fn every_network_const_has_its_row() {
    for (name, doc) in docs() {
        let rows = rows(&doc);
        for c in NetworkConst::ALL {
            let cell = format!("| `{}` |", c.name());
            assert!(
                rows.iter().any(|r| r.starts_with(&cell)),
                "{name} has no row for `{}`",
                c.name()
            );
        }
    }
}

#[test]
fn every_word_of_the_language_is_documented() {
    for (name, doc) in docs() {
        let rows = rows(&doc).join("\n");
        for w in WORDS {
            let text = w.text;
            // `maxpool2d` is written in a family as `maxpool1d`..`3d`.
            let family = |n: char| {
                let stem = text.strip_suffix(&format!("{n}d"))?;
                Some(format!("`{stem}1d`..`3d`"))
            };
            let written = match w.role {
                // Statements and their aliases: in the statement table.
                Role::Keyword | Role::Alias | Role::Names | Role::Rank(_) | Role::RankNames(_) => {
                    rows.contains(&format!("`{text}"))
                        || family('2').is_some_and(|f| rows.contains(&f))
                        || family('3').is_some_and(|f| rows.contains(&f))
                }
                // Part, name and setting words: anywhere in the text.
                Role::Other => doc.contains(&format!("`{text}")),
            };
            assert!(written, "{name} does not document `{text}`");
        }
        // Options: in their statement's table or the text about it.
        for o in OPTIONS {
            let option = o.name().to_string();
            assert!(
                doc.contains(&option),
                "{name} does not document the option {option}"
            );
        }
        for word in DTYPES
            .iter()
            .map(|(w, _)| *w)
            .chain(METRICS.iter().map(|(w, _)| *w))
            .chain(FIGURES.iter().map(|(w, _)| *w))
        {
            // In the text, or in an example: `budget macs <= 1M;`.
            let written = [format!("`{word}"), format!(" {word} "), format!(" {word};")];
            assert!(
                written.iter().any(|w| doc.contains(w.as_str())),
                "{name} does not document `{word}`"
            );
        }
    }
}
