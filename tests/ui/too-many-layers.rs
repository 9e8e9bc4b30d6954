// 2^17 = 131_072 written layers, made by doubling `relu;` 17 times around `cnn!`: the
// layer past 100_000 is the error, and nothing after it is walked.
macro_rules! doubled {
    ([$($layers:tt)*]) => {
        cnn::cnn! { pub struct Net; input 8; $($layers)* }
    };
    ([$($layers:tt)*] x2 $($more:tt)*) => {
        doubled!([$($layers)* $($layers)*] $($more)*);
    };
}
doubled!([relu;] x2 x2 x2 x2 x2 x2 x2 x2 x2 x2 x2 x2 x2 x2 x2 x2 x2);
// The network's own consts stand in after the error.
const _: u64 = Net::PARAMS;
fn main() {}
