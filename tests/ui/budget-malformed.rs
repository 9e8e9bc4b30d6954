mod unknown_metric {
    cnn::cnn! { budget parms <= 1M; input 784; dense 10; }
}
mod not_an_upper_bound {
    cnn::cnn! { budget params < 1M; input 784; dense 10; }
}
mod missing_limit {
    cnn::cnn! { budget params <=; input 784; dense 10; }
}
mod bytes_unit_on_a_count {
    cnn::cnn! { budget params <= 256KiB; input 784; dense 10; }
}
mod count_unit_on_bytes {
    cnn::cnn! { budget peak_memory <= 1M; input 784; dense 10; }
}
mod not_whole {
    cnn::cnn! { budget params <= 1.2345K; input 784; dense 10; }
}
mod twice {
    cnn::cnn! { budget params <= 1M; budget params <= 2M; input 784; dense 10; }
}
mod too_large {
    cnn::cnn! { budget macs <= 99999999999G; input 784; dense 10; }
}
mod in_a_block {
    cnn::cnn! { input 8x4x4; repeat 2 { budget params <= 1M; relu } }
}
mod dtype_unknown {
    cnn::cnn! { dtype f64; input 784; dense 10; }
}
mod dtype_twice {
    cnn::cnn! { dtype f16; dtype i8; input 784; dense 10; }
}
fn main() {}
