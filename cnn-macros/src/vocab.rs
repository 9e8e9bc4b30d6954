//! The words of the language: statement keywords with their aliases, the options each
//! statement takes, and "did you mean" suggestions.

use cnn_core::{Activation, Conv2d, Dense, Dropout, Kind, Pair, Pool2d, Shape};

/// What a statement keyword introduces.
#[derive(Clone, Copy, PartialEq, Debug)]
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
    ("leaky_relu", Keyword::Activation(Activation::ALL[2])),
    ("elu", Keyword::Activation(Activation::ALL[3])),
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

/// One option of a statement: its word, whether a number follows it (`k3`), and what
/// it sets, as messages name it.
#[derive(Clone, Copy, Debug)]
pub struct Opt {
    /// The word: `k`, `same`.
    pub word: &'static str,
    /// Whether a number follows: `k3`, `k3x5`.
    pub number: bool,
    /// What it sets: "the kernel".
    pub what: &'static str,
}

const fn opt(word: &'static str, number: bool, what: &'static str) -> Opt {
    Opt { word, number, what }
}

const CONV_OPTIONS: &[Opt] = &[
    opt("k", true, "the kernel"),
    opt("s", true, "the stride"),
    opt("p", true, "the padding"),
    opt("same", false, "the padding"),
    opt("valid", false, "the padding"),
    opt("d", true, "the dilation"),
    opt("g", true, "the group count"),
    opt("dw", false, "the group count"),
    opt("nobias", false, "the bias"),
];

const POOL_OPTIONS: &[Opt] = &[
    opt("s", true, "the stride"),
    opt("p", true, "the padding"),
    opt("ceil", false, "the rounding"),
];

const DENSE_OPTIONS: &[Opt] = &[opt("nobias", false, "the bias")];

/// The options a statement takes; options that set the same thing (`p1`, `same`)
/// exclude each other.
pub fn options(keyword: Keyword) -> &'static [Opt] {
    match keyword {
        Keyword::Conv => CONV_OPTIONS,
        Keyword::MaxPool | Keyword::AvgPool => POOL_OPTIONS,
        Keyword::Dense | Keyword::Output => DENSE_OPTIONS,
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
    listed(
        options(keyword)
            .iter()
            .map(|o| option_name(o.word, o.number)),
    )
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
        // The distance is at least the difference in length: a long word costs nothing.
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// The optimal string alignment distance: insertions, deletions, substitutions and
/// swaps of neighbouring letters each count one, so `cnov` is one edit from `conv`.
/// O(len(a) * len(b)) time.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Three rows: two back (for swaps), the previous, and the current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
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
        // A swap of neighbours is one edit, as typing gets it wrong.
        assert_eq!(distance("cnov", "conv"), 1);
        assert_eq!(distance("reul", "relu"), 1);
        assert_eq!(distance("ab", "ba"), 1);
        // Optimal string alignment, not full Damerau: no edits inside a swapped pair.
        assert_eq!(distance("ca", "abc"), 3);
        assert_eq!(distance("", "abc"), 3);
        let typos = [
            ("cnov", "conv"),
            ("reul", "relu"),
            ("rleu", "relu"),
            ("pooll", "pool"),
            ("avgpoool", "avgpool"),
            ("flaten", "flatten"),
            ("dnese", "dense"),
            ("ouptut", "output"),
            ("batchnrom", "batchnorm"),
            ("dorpout", "dropout"),
            ("residaul", "residual"),
            ("reapet", "repeat"),
            ("sigmiod", "sigmoid"),
            ("softamx", "softmax"),
            ("ipnut", "input"),
        ];
        for (typo, meant) in typos {
            assert_eq!(nearest(typo, words()), Some(meant), "{typo}");
        }
        // A word far longer than any keyword is not compared at all.
        let long = "c".repeat(1 << 20);
        assert_eq!(nearest(&long, words()), None);
    }
}
