// Two header-less networks in one module: one clash, not one per const.
cnn::cnn! { input 784; dense 10; }
cnn::cnn! { input 784; dense 10; relu; }
fn main() {}
