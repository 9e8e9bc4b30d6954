//! "Did you mean" suggestions, and words as messages list them. The words themselves
//! are `cnn-core`'s tables.

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

/// The `n` names of `candidates` (dotted paths) closest to the path `word`, each
/// scored by the nearer of its whole path and its last segments, as many as `word`
/// has: `layer3` is near `backbone.layer3`. Nearest first, ties in `candidates`' order.
pub fn nearest_paths<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let segments = word.split('.').count();
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let tail = c
                .rsplitn(segments + 1, '.')
                .take(segments)
                .collect::<Vec<_>>();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            let d = distance(word, c).min(distance(word, &tail.join(".")));
            (d, i, c)
        })
        .collect();
    scored.sort();
    let mut seen: Vec<&str> = Vec::new();
    for (_, _, c) in scored {
        if !seen.contains(&c) {
            seen.push(c);
        }
        if seen.len() == n {
            break;
        }
    }
    seen
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
        let words = || cnn_core::WORDS.iter().map(|w| w.text);
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
