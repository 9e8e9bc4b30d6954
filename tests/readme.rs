//! The README shows real compiler messages: each must be in a pinned `.stderr` file,
//! so the README cannot drift from what rustc prints.

#[test]
fn readme_errors_are_real() {
    let readme = include_str!("../README.md");
    let stderr: String = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ui"))
        .expect("tests/ui exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "stderr"))
        .map(|path| std::fs::read_to_string(path).expect("readable .stderr"))
        .collect();
    let mut shown = 0;
    for block in readme.split("```text\n").skip(1) {
        let block = block.split("```").next().unwrap_or_default();
        if block.starts_with("error:") {
            assert!(
                stderr.contains(block.trim_end()),
                "not in tests/ui/*.stderr:\n{block}"
            );
            shown += 1;
        }
    }
    assert!(shown >= 2, "the README shows {shown} messages");
}

#[test]
fn readme_efficientnet_is_the_example() {
    // The README's MBConv idiom is the example's, which `tests/zoo.rs` checks.
    let readme = include_str!("../README.md");
    let example = include_str!("../examples/efficientnet.rs");
    let start = example
        .find("macro_rules! efficientnet")
        .expect("the macro");
    // Up to the figures the example asserts, which the README states in prose.
    let end = example
        .find("\n// torchvision's published figures")
        .expect("the figures");
    assert!(readme.contains(example[start..end].trim()));
}
