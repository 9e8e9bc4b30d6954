// The facade re-exports what users name; the macro's plumbing stays in cnn-core.
fn main() {
    let _ = cnn::WORDS;
    let _ = cnn::OPTIONS;
    let _: Option<cnn::Keyword> = None;
    let _: Option<cnn::NetworkConst> = None;
    let _ = cnn::top_three;
    // What users name is there.
    let _ = cnn::evaluate;
    let _: Option<(cnn::Summary<'static, &str>, cnn::Diagram<'static, &str>)> = None;
}
