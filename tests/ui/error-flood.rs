// A flood of bad statements stops at 32 errors, and says how many more there were.
cnn::cnn! { input 8; cnv0 8; cnv1 8; cnv2 8; cnv3 8; cnv4 8; cnv5 8; cnv6 8; cnv7 8; cnv8 8; cnv9 8; cnv10 8; cnv11 8; cnv12 8; cnv13 8; cnv14 8; cnv15 8; cnv16 8; cnv17 8; cnv18 8; cnv19 8; cnv20 8; cnv21 8; cnv22 8; cnv23 8; cnv24 8; cnv25 8; cnv26 8; cnv27 8; cnv28 8; cnv29 8; cnv30 8; cnv31 8; cnv32 8; cnv33 8; cnv34 8; cnv35 8; cnv36 8; cnv37 8; cnv38 8; cnv39 8; }
fn main() {}
