mod a {
    cnn::cnn! { input 1x4000000000x4000000000; conv 100000 k3; }
}
mod b {
    cnn::cnn! { input 784; dense 18446744073709551616; }
}
mod c {
    // u64::MAX inputs and one unit: the bias makes u64::MAX + 1 parameters.
    cnn::cnn! { input 18446744073709551615; dense 1; }
}
mod d {
    cnn::cnn! { input 18446744073709551615; dense 1 nobias; relu; dense 1 nobias; }
}

mod e {
    // One past the boundary of tests/network.rs: the bias adds 3 to u64::MAX parameters.
    cnn::cnn! { dtype i8; input 6148914691236517205; dense 3; }
}
fn main() {}
