//! The words of the language: statement keywords with their aliases, the options each
//! statement takes, and "did you mean" suggestions.

use cnn_core::{Activation, Conv2d, Dense, Dropout, Kind, Pair, Pool2d, Shape};

/// What a statement keyword introduces.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Keyword {
    Input,
    Conv,
    MaxPool,
    AvgPool,
    Gap,
    Flatten,
    Dense,
    Output,
    BatchNorm,
    Activation(Activation),
    Dropout,
    Residual,
    Shortcut,
    Repeat,
    /// `dtype` or `budget`: network-wide, not layers.
    Setting,
}

impl Keyword {
    /// A layer of this keyword's kind with placeholder values: enough to name a
    /// statement whose arguments could not be read. `None` for blocks.
    pub fn sample(self) -> Option<Kind> {
        let one = Pair::square(1);
        Some(match self {
            Keyword::Input => Kind::Input(Shape::Flat(1)),
            Keyword::Conv => Kind::Conv2d(Conv2d::new(1, one)),
            Keyword::MaxPool => Kind::MaxPool2d(Pool2d::new(one)),
            Keyword::AvgPool => Kind::AvgPool2d(Pool2d::new(one)),
            Keyword::Gap => Kind::GlobalAvgPool,
            Keyword::Flatten => Kind::Flatten,
            Keyword::Dense | Keyword::Output => Kind::Dense(Dense {
                units: 1,
                bias: true,
            }),
            Keyword::BatchNorm => Kind::BatchNorm,
            Keyword::Activation(a) => Kind::Activation(a),
            Keyword::Dropout => Kind::Dropout(Dropout { p: 0.0 }),
            Keyword::Residual | Keyword::Shortcut | Keyword::Repeat | Keyword::Setting => {
                return None
            }
        })
    }
}

/// Every keyword and alias, as written.
pub const KEYWORDS: &[(&str, Keyword)] = &[
    ("input", Keyword::Input),
    ("conv", Keyword::Conv),
    ("conv2d", Keyword::Conv),
    ("pool", Keyword::MaxPool),
    ("maxpool", Keyword::MaxPool),
    ("avgpool", Keyword::AvgPool),
    ("gap", Keyword::Gap),
    ("globalavgpool", Keyword::Gap),
    ("flatten", Keyword::Flatten),
    ("dense", Keyword::Dense),
    ("fc", Keyword::Dense),
    ("linear", Keyword::Dense),
    ("output", Keyword::Output),
    ("bn", Keyword::BatchNorm),
    ("batchnorm", Keyword::BatchNorm),
    ("relu", Keyword::Activation(Activation::Relu)),
    ("relu6", Keyword::Activation(Activation::Relu6)),
    ("leaky_relu", Keyword::Activation(Activation::LeakyRelu)),
    ("elu", Keyword::Activation(Activation::Elu)),
    ("gelu", Keyword::Activation(Activation::Gelu)),
    ("silu", Keyword::Activation(Activation::Silu)),
    ("swish", Keyword::Activation(Activation::Silu)),
    ("sigmoid", Keyword::Activation(Activation::Sigmoid)),
    ("tanh", Keyword::Activation(Activation::Tanh)),
    ("hardswish", Keyword::Activation(Activation::Hardswish)),
    ("softmax", Keyword::Activation(Activation::Softmax)),
    ("dropout", Keyword::Dropout),
    ("residual", Keyword::Residual),
    ("repeat", Keyword::Repeat),
    ("shortcut", Keyword::Shortcut),
    ("dtype", Keyword::Setting),
    ("budget", Keyword::Setting),
];

/// Looks a keyword or alias up.
pub fn keyword(word: &str) -> Option<Keyword> {
    KEYWORDS.iter().find(|(w, _)| *w == word).map(|&(_, k)| k)
}

/// The options a statement takes, as `(word, takes a number)`.
pub fn options(keyword: Keyword) -> &'static [(&'static str, bool)] {
    match keyword {
        Keyword::Conv => &[
            ("k", true),
            ("s", true),
            ("p", true),
            ("same", false),
            ("valid", false),
            ("d", true),
            ("g", true),
            ("dw", false),
            ("nobias", false),
        ],
        Keyword::MaxPool | Keyword::AvgPool => &[("s", true), ("p", true), ("ceil", false)],
        Keyword::Dense | Keyword::Output => &[("nobias", false)],
        _ => &[],
    }
}

/// How messages name an option: `kK` for one that takes a number, `same` otherwise.
pub fn option_name(word: &str, takes_number: bool) -> String {
    if takes_number {
        format!("{word}{}", word.to_uppercase())
    } else {
        word.to_owned()
    }
}

/// The options of a statement, for messages: `kK`, `sS`, `pP`, `same`, ...
pub fn option_list(keyword: Keyword) -> String {
    listed(options(keyword).iter().map(|&(w, n)| option_name(w, n)))
}

/// Words as a message lists them: `` `a`, `b`, `c` ``.
pub fn listed<T: std::fmt::Display>(words: impl IntoIterator<Item = T>) -> String {
    let quoted: Vec<String> = words.into_iter().map(|w| format!("`{w}`")).collect();
    quoted.join(", ")
}

/// The help for an unknown word: "did you mean `x`? " before `rest` when a candidate
/// is close enough.
pub fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    rest: &str,
) -> String {
    match nearest(word, candidates) {
        Some(near) if near != word => format!("did you mean `{near}`? {rest}"),
        _ => rest.to_owned(),
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // One- and two-letter words are a letter away from most options: no guess.
    let len = word.chars().count();
    if len < 3 {
        return None;
    }
    let limit = (len / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, in O(len(a) * len(b)) time and O(len(b)) space.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let words = || KEYWORDS.iter().map(|(w, _)| *w);
        assert_eq!(nearest("cnv", words()), Some("conv"));
        assert_eq!(nearest("dense2", words()), Some("dense"));
        assert_eq!(nearest("maxpol", words()), Some("maxpool"));
        assert_eq!(nearest("transformer", words()), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
