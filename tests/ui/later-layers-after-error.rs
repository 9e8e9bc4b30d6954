// After an error, every layer the statements name keeps a const, whatever stage
// failed: user code naming a layer after the failing one adds no error of its own.
mod shape_error {
    cnn::cnn! {
        pub struct Net;
        input 1x28x28;
        conv 32 k5;
        conv 32 k50;
        relu;
        residual { conv 32 k3 p1; bn }
        repeat 2 { relu }
        output 10;
    }
    const _: () = assert!(Net::OUTPUT.params == 1);
    const _: () = assert!(Net::RELU1.params == 1);
    const _: () = assert!(Net::CONV2D3.params == 1);
    const _: () = assert!(Net::BN1.params == 1);
    const _: () = assert!(Net::ADD1.params == 1);
    const _: () = assert!(Net::RELU3.params == 1);
}
mod parse_error {
    // Without a header, the same holds for the module's consts.
    cnn::cnn! { input 1x28x28; conv 32 k5 q1; relu; gap; output 10; }
    const _: () = assert!(CONV2D1.params == 1);
    const _: () = assert!(RELU1.params == 1);
    const _: () = assert!(GAP1.params == 1);
    const _: () = assert!(OUTPUT.params == 1);
}
mod repeat_error {
    // A repeat past the limit still names its body's layers once, and those after it.
    cnn::cnn! { pub struct Net; input 8; repeat 1_000_000 { dense 8; relu } output 2; }
    const _: () = assert!(Net::DENSE1.params == 1);
    const _: () = assert!(Net::RELU1.params == 1);
    const _: () = assert!(Net::OUTPUT.params == 1);
}
mod budget_error {
    cnn::cnn! { pub struct Net; budget params <= 10; input 8; dense 8; relu; output 2; }
    const _: () = assert!(Net::RELU1.params == 1);
    const _: () = assert!(Net::OUTPUT.params == 1);
}
fn main() {}
