//! Convolutional network architectures checked at compile time.
//!
//! Write a network once in the `cnn!` language, and rustc knows every layer's output
//! shape, learnable parameters and multiply-accumulates as `const`s — and turns every
//! shape mistake into an ordinary compile error on the token at fault:
//!
//! ```
//! cnn::cnn! {
//!     /// The MNIST classifier from the Lasagne example.
//!     pub struct LeNet;
//!     input 1x28x28;
//!     conv 32 k5;
//!     pool 2;
//!     conv 32 k3;
//!     pool 2;
//!     dense 256;
//!     output 10;
//! }
//!
//! const _: () = assert!(LeNet::PARAMS == 217_706);
//! const _: () = assert!(LeNet::CONV2D1.params == (5 * 5 * 1 + 1) * 32);
//! assert_eq!(LeNet::MAXPOOL2.output.to_string(), "32x5x5");
//! println!("{}", LeNet::SUMMARY);
//! ```
//!
//! A network can draw itself (`#[cnn(diagram)]` on the header puts its SVG on its
//! struct's page; [`Diagram`] draws any network at run time), as LeNet does:
//!
#![doc = concat!("<div style=\"overflow-x: auto\">\n\n", include_str!("../docs/lenet.svg"), "\n</div>\n")]
//!
//! and runs in candle with PyTorch's semantics and weight names through `cnn-candle`, a
//! crate of this workspace (`cargo doc -p cnn-candle --open`), which loads a network's
//! `LAYERS` and `BLOCKS` with no code generation.
//!
//! Nothing happens at run time: the macro evaluates the network with
//! [`cnn_core`](https://docs.rs/cnn-core) while compiling and emits its numbers as
//! literals. The numbers are PyTorch's: output shapes of `nn.Conv2d`, `nn.MaxPool2d`,
//! `nn.AvgPool2d` and friends, `sum(p.numel() for p in model.parameters())` for
//! parameters, BatchNorm running statistics as non-trainable values, and MACs without
//! bias — the convention of torchvision's published "GFLOPS".
//!
//! # Invocation
//!
//! - **With a header** (`pub struct LeNet;`, after any attributes and `///` docs): a
//!   unit struct with every const below as an associated const (`LeNet::PARAMS`,
//!   `LeNet::CONV2D1`), and an impl of [`Network`] for generic code.
//! - **Without a header**: the same consts as `pub const` items of the current module,
//!   so `const _: () = assert!(PARAMS == 217_706);` works right after the macro. (They
//!   live in a hidden module, re-exported: two header-less networks in one module clash
//!   once, on `__cnn_network_without_header`; give each a header or a module.)
//! - Generated code names the facade `::cnn`, or the path of a `crate = PATH;` setting
//!   (`crate = ::mycnn;` for a renamed dependency), and primitives by their full paths.
//! - Braces, parentheses or brackets all work: `cnn! { ... }`, `cnn!( ... );`.
//!
//! # Emitted consts
//!
//! | const | type | meaning |
//! |---|---|---|
//! | one per layer: `INPUT`, `CONV2D1`, ..., `OUTPUT` | [`Layer`] | the layer's name upper-cased |
//! | `LAYERS` | `&'static [Layer]` | every layer in execution order, `input` first |
//! | `BLOCKS` | `&'static [Block]` | every block and part (`residual`, `shortcut`, `repeat`, the merge blocks and their `branch`es), outer first |
//! | `OUTPUTS` | `&'static [Output]` | every `head`'s result in the order they finish, then the flow's last tensor unless the flow ends on a head (the last statement, or the last of a trailing `seq` or `repeat`) ([`outputs`]) |
//! | `PARAMS` | `u64` | learnable parameters |
//! | `NON_TRAINABLE_PARAMS` | `u64` | BatchNorm running mean and variance |
//! | `MACS` | `u64` | multiply-accumulates for one input, bias not included |
//! | `FLOPS` | `u128` | floating-point operations, `2 * MACS`: the FLOPs of papers (torchvision's "GFLOPS" are MACs) |
//! | `DTYPE` | [`Dtype`] | the element type, `dtype`: `f32` (the default), `f16`, `bf16` or `i8` |
//! | `INPUT_BYTES` | `u64` | one input |
//! | `PARAM_BYTES` | `u64` | parameters and BatchNorm running statistics |
//! | `ACTIVATION_BYTES` | `u64` | every layer's output added up, each once (not torchinfo's forward/backward pass size) |
//! | `PEAK_ACTIVATION_BYTES` | `u64` | the most activation bytes alive at once |
//! | `RECEPTIVE_FIELD` | [`Field`] | the last layer's receptive field |
//! | `SUMMARY` | `&'static str` | the summary table |
//! | `SUMMARY_MARKDOWN` | `&'static str` | the same table as Markdown |
//! | `GRAPH_DOT` | `&'static str` | the network as a Graphviz graph ([`Graph`]): a node per layer, an edge per tensor read, blocks as clusters |
//! | `GRAPH_MERMAID` | `&'static str` | the same graph as a Mermaid flowchart |
//! | `DIAGRAM_SVG` | `&'static str` | the network drawn as SVG ([`Diagram`]), with `#[cnn(diagram)]` |
//!
//! # Statements
//!
//! Integers may use `_` separators. `DIMS` is `CxHxW` (`3x224x224`), `CxL` (a signal,
//! `1x16000`), `CxDxHxW` (a volume or clip, `3x16x112x112`) or a flat `N`. A statement
//! may start with a snake_case name: `stem: conv 64 k7 s2 p3;`.
//!
//! | statement | aliases | shape | learnable params |
//! |---|---|---|---|
//! | `input DIMS` | | first, exactly once | 0 |
//! | `conv C kK [opts]` | `conv1d`, `conv2d`, `conv3d` | PyTorch's `Conv1d`..`Conv3d` | `(kh*kw*Cin/g + b)*C` |
//! | `pool K [sS] [pP] [ceil]` | `maxpool`, `maxpool1d`..`3d` | stride defaults to `K` | 0 |
//! | `avgpool K [sS] [pP] [ceil]` | `avgpool1d`..`3d` | stride defaults to `K` | 0 |
//! | `gap` | `globalavgpool` | `CxHxW -> Cx1x1` | 0 |
//! | `upconv C kK [opts]` | `convtranspose`, `convtranspose1d`..`3d` | PyTorch's `ConvTranspose2d` | `Cin*(C/g)*kh*kw + b*C` |
//! | `upsample S [mode]` | | `nn.Upsample(scale_factor=S)`, `S` or `SHxSW` | 0 |
//! | `resize DIMS [mode]` | | `F.interpolate(size=DIMS)` | 0 |
//! | `adaptiveavgpool DIMS` | `adaptivepool` | `nn.AdaptiveAvgPool2d(DIMS)` | 0 |
//! | `adaptivemaxpool DIMS` | | `nn.AdaptiveMaxPool2d(DIMS)` | 0 |
//! | `flatten` | | `CxHxW -> C*H*W`; a flat input passes unchanged | 0 |
//! | `dense N [nobias]` | `fc`, `linear` | flattens, `-> N` | `(in + b)*N` |
//! | `output N [nobias]` | | a `dense` named `output` | `(in + b)*N` |
//! | `bn [eps E] [momentum M]` | `batchnorm` | identity; PyTorch's `eps` (`1e-5`) and `momentum` (`0.1`) by default | `2*C` (+ `2*C` non-trainable) |
//! | `relu`, `relu6`, `leaky_relu [SLOPE]`, `elu [ALPHA]`, `gelu`, `silu`, `sigmoid`, `tanh`, `hardswish`, `softmax` | `swish` = `silu` | identity | 0 |
//! | `dropout P` | | identity, `0 <= P < 1` | 0 |
//! | `ln [eps E]` | `layernorm` | identity; over the channels at each position | `2*C` |
//! | `gn G [eps E]` | `groupnorm` | identity; `G` divides `C` | `2*C` |
//! | `layerscale` | | identity; a scale per channel | `C` |
//! | `droppath P` | `stochasticdepth` | identity, `0 <= P < 1` | 0 |
//! | `shuffle G` | `channelshuffle` | identity; `G` divides `C` (for pixels, `pixelshuffle`) | 0 |
//! | `pixelshuffle R` | | `(C*R^2)xHxW -> Cx(R*H)x(R*W)`, `nn.PixelShuffle`; `R^2` divides `C` (E17); 2-D (E16) | 0 |
//! | `pixelunshuffle R` | | `CxHxW -> (C*R^2)x(H/R)x(W/R)`; `R` divides `H` and `W` (E17); 2-D | 0 |
//! | `pad (A, B, ...) [mode]` | | `F.pad`: pairs for the last axis first, one per spatial axis at most (E16); negative values crop (to nothing: E5); `zeros` (default), `reflect`, `replicate`, `circular`, the last three on every spatial axis (E16), `reflect` below the size, `circular` at most it (E6) | 0 |
//! | `instancenorm [affine] [eps E]` | `in` | identity; `nn.InstanceNorm1d`..`3d`, learnable only with `affine`, no running statistics; maps only | `2*C` with `affine`, else 0 |
//! | `prelu` | | identity; `nn.PReLU()` | 1 |
//! | `hardsigmoid`, `mish`, `hardtanh`, `logsoftmax` | | identity | 0 |
//! | `residual { ... } [shortcut { ... }]` | | body + shortcut (identity when absent), equal shapes; an `add` layer | body + shortcut |
//! | `repeat N { ... }` | | the body N times; `repeat 0` is an empty block | N copies |
//! | `seq { ... }` | | the body in order: `nn.Sequential`, or a module of its own (a level of the paths) | the body's |
//! | `head { ... }` | | its body on the current tensor, its result an output (`OUTPUTS`); the flow goes on from what the head read | the body's |
//! | `from PATH` | | the output of an earlier statement (a layer, a block, a head's result): in the flow, the flow starts again from it; first in a `branch` or `head`, that part reads it; a dotted path is absolute, one segment is looked up from the innermost level outwards; a row of its own, [`Kind::From`] | 0 |
//! | `channelslast { ... }` | | ConvNeXt's two permutes around its body: `ln` over the last axis, `dense N` is `nn.Linear` at every position (`[N, C]`, `Kind::Linear`); only `ln`, `dense` and element-wise layers inside (E16); the permutes take a position each in paths | the body's |
//! | `concat { branch { ... } ... }` | | branches on the input, concatenated along channels; a `cat` layer | the branches' |
//! | `add { branch { ... } ... }` | | branches on the input, summed; an `add` layer | the branches' |
//! | `mul { branch { ... } ... }` | | branches on the input, multiplied (a `Cx1x1` gate broadcast); a `mul` layer | the branches' |
//! | `scale { ... }` | | the input times the body (squeeze-and-excitation) | the body's |
//! | `split { branch { ... } ... }` | | channel groups, one per branch, concatenated | the branches' |
//!
//! Blocks end with their closing brace and nest; their layers appear in `LAYERS` in
//! order (body, shortcut, then `add`), each with its [`Layer::depth`], and the blocks
//! themselves in `BLOCKS`:
//!
//! ```
//! cnn::cnn! {
//!     pub struct Tiny;
//!     input 16x8x8;
//!     stage: repeat 2 {
//!         residual { conv 16 k3 p1 nobias; bn; relu; conv 16 k3 p1 nobias; bn }
//!         relu;
//!     }
//!     residual { conv 32 k3 s2 p1 nobias; bn } shortcut { conv 32 k1 s2 nobias; bn }
//!     gap;
//!     output 10;
//! }
//! assert_eq!(Tiny::BLOCKS[0].name, "stage");
//! // A named block is a level of the paths (see "Names that are PyTorch's module
//! // paths" below): its sums are `stage.add1`, `stage.add2`.
//! assert_eq!(Tiny::STAGE_ADD1.depth, 2);
//! assert_eq!(Tiny::ADD3.output.to_string(), "32x4x4");
//! ```
//!
//! A merge block runs each `branch` on the block's input (an empty branch is the
//! identity, `name: branch { }` names one) and merges their outputs in one layer:
//!
//! ```
//! cnn::cnn! {
//!     pub struct Mixed;
//!     input 32x16x16;
//!     concat {
//!         wide: branch { conv 16 k3 p1 }
//!         branch { conv 16 k1 }
//!         branch { pool 3 s1 p1 }
//!     }
//!     scale { gap; conv 8 k1; relu; conv 64 k1; sigmoid }
//! }
//! // 16 + 16 + 32 channels; the gate's 64x1x1 scales the 64x16x16 map.
//! assert_eq!(Mixed::CAT1.output.to_string(), "64x16x16");
//! assert_eq!(Mixed::MUL1.output.to_string(), "64x16x16");
//! assert_eq!(Mixed::BLOCKS[1].name, "wide");
//! // (9*32 + 1)*16 and (32 + 1)*16 in the branches; (64 + 1)*8 and (8 + 1)*64 in the gate.
//! assert_eq!(Mixed::PARAMS, 4_624 + 528 + 520 + 576);
//! ```
//!
//! Options of `conv`, in any order, each at most once: `kK` or `kKHxKW` (kernel,
//! required), `sS` (stride, 1), `pP` (zero padding each side, 0), `same` (Keras'
//! `out = ceil(in / stride)`), `valid` (`p0`), `dD` (dilation, 1), `gG` (groups, which
//! must divide `Cin` and `C`), `dw` (depthwise: groups = `Cin`), `nobias`. A per-axis
//! value may start with 0 where 0 is allowed: `p0x2` is `padding=(0, 2)`. As in Keras,
//! `same` does not take a stride and a dilation both above 1. Pooling padding is at
//! most half the window, as PyTorch requires; `ceil` is PyTorch's `ceil_mode`, whose
//! window may pass the padded input by up to `s - 1` (`pool 2 ceil` on height 1 gives
//! 1). `leaky_relu 0.1` and `elu 0.5` keep PyTorch's argument in the kind.
//!
//! The normalizations, scales and activations of newer networks keep their input's
//! shape; `ln`, `gn G` and `layerscale` learn per channel, `prelu` one slope:
//!
//! ```
//! cnn::cnn! {
//!     pub struct Modern;
//!     input 96x14x14;
//!     // ConvNeXt's block: a depthwise 7x7, LayerNorm, an MLP as 1x1 convolutions,
//!     // layer scale and stochastic depth.
//!     residual { conv 96 k7 p3 dw; ln; conv 384 k1; gelu; conv 96 k1; layerscale; droppath 0.1 }
//!     gn 32; prelu; shuffle 4; hardsigmoid; mish; hardtanh;
//!     gap; output 10; logsoftmax;
//! }
//! // (49+1)*96 + 2*96 + (96+1)*384 + (384+1)*96 + 96, as torchvision's CNBlock(96).
//! assert_eq!(Modern::BLOCKS[0].params, 79_296);
//! // gn 2*96, prelu 1, output (96+1)*10.
//! assert_eq!(Modern::PARAMS, 79_296 + 192 + 1 + 970);
//! assert_eq!(Modern::SHUFFLE1.output.to_string(), "96x14x14");
//! ```
//!
//! `upconv` takes `conv`'s options but `same`, `valid` and `dw`, and `opO`, PyTorch's
//! `output_padding`, smaller than the stride or the dilation along each axis: `out =
//! (i-1)*s - 2p + d*(k-1) + op + 1`, and `kh*kw*Cin*(C/g)` MACs per input position.
//! `upsample` and `resize` take a mode, `nearest` (the default), `bilinear` or
//! `bicubic` (`linear` and `trilinear` are for 1-D and 3-D maps), which changes no
//! count. Adaptive pools and `resize` may make a size larger than the input's:
//!
//! ```
//! cnn::cnn! {
//!     pub struct Decoder;
//!     input 64x7x7;
//!     upconv 32 k3 s2 p1 op1;     // (7-1)*2 - 2 + 2 + 1 + 1 = 14
//!     upsample 2 bilinear;        // 28
//!     resize 32x48;
//!     adaptiveavgpool 4;
//! }
//! assert_eq!(Decoder::CONVTRANSPOSE2D1.output.to_string(), "32x14x14");
//! assert_eq!(Decoder::CONVTRANSPOSE2D1.params, 64 * 32 * 3 * 3 + 32);
//! assert_eq!(Decoder::CONVTRANSPOSE2D1.macs, 3 * 3 * 64 * 32 * 7 * 7);
//! assert_eq!(Decoder::UPSAMPLE1.output.to_string(), "32x28x28");
//! assert_eq!(Decoder::RESIZE1.output.to_string(), "32x32x48");
//! assert_eq!(Decoder::ADAPTIVEAVGPOOL1.output.to_string(), "32x4x4");
//! ```
//!
//! Signals and volumes: every spatial layer works at the rank of its input, as
//! PyTorch's `Conv1d`, `Conv2d` and `Conv3d` do, with per-axis values of one number
//! for every axis or exactly one per axis (depth first); `bn` is `BatchNorm1d`..`3d`
//! by rank; the rank keywords (`conv1d`, `maxpool3d`, ...) insist on their rank, and
//! convolutions are named by it:
//!
//! ```
//! cnn::cnn! {
//!     pub struct Audio;
//!     input 1x16000;
//!     conv1d 128 k80 s4; bn; relu; pool 4;   // (16000 - 80)/4 + 1 = 3981, then 995
//!     conv 128 k3; gap; output 10;
//! }
//! assert_eq!(Audio::CONV1D1.output.to_string(), "128x3981");
//! assert_eq!(Audio::CONV1D1.params, (80 + 1) * 128);
//! assert_eq!(Audio::CONV1D2.field.size.w, 80 + 3 * 4 + 2 * 16);
//!
//! cnn::cnn! {
//!     pub struct Clip;
//!     input 3x16x112x112;
//!     conv3d 64 k3x7x7 s1x2x2 p1x3x3 nobias; bn; relu;
//!     maxpool3d 1x3x3 s1x2x2 p0x1x1;
//! }
//! assert_eq!(Clip::CONV3D1.output.to_string(), "64x16x56x56");
//! assert_eq!(Clip::CONV3D1.params, 3 * 7 * 7 * 3 * 64);
//! assert_eq!(Clip::CONV3D1.macs, 3 * 7 * 7 * 3 * 64 * 16 * 56 * 56);
//! assert_eq!(*Clip::MAXPOOL1.output.dims(), [64, 16, 28, 28]);
//! ```
//!
//! Default names are the kind's prefix and its number among the layers of that kind,
//! counting named layers too, so that naming one layer never renames another:
//! `conv2d1`, `maxpool1`, `avgpool1`, `gap1`, `flatten1`, `dense1`, `bn1`, `relu1`,
//! `relu6_1` (an underscore after a digit), `dropout1`, `add1`, `convtranspose2d1`,
//! `upsample1`, `resize1`, `adaptiveavgpool1`; `input` and `output`. Convolutions carry
//! their rank: `conv1d1`, `conv3d1`, `convtranspose3d1`.
//! Numbering continues inside blocks and through each pass of a `repeat`. Blocks are
//! named `residual1`, `shortcut1`, `repeat1`, `seq1`, or as written; their names are
//! not consts.
//!
//! ## Names that are PyTorch's module paths
//!
//! A layer's name is a **path**, as PyTorch's `state_dict()` keys are: a network whose
//! layers carry a trained model's paths loads its tensors as they are
//! (`layer1.0.conv1.weight`). Any statement or block may be named, with a Rust
//! identifier (`conv1`, `Mixed_5b`) or a string of segments joined by dots
//! (`"block1-0"`, `"inner_blocks.2.0"`). A `seq`, a named block and a named `repeat`
//! are **levels**, one PyTorch module each; an unnamed `residual`, `shortcut`, merge
//! block or `branch` is transparent: its statements belong to the level it sits in, as
//! the attributes of one PyTorch block do. In a level, a statement's path is the
//! level's, a dot, and its name or else its **position**: statements counted from 0 in
//! the order they run, named and parameterless ones included, as `nn.Sequential`
//! counts them. The merge layer a block ends with takes no position and keeps its
//! default name (`layer1.0.add1`). A named `repeat`'s passes are spliced into it, so a
//! body of several statements numbers them on (VGG's `features.0` .. `features.30`);
//! wrap the body in `seq` to make each pass one module (`layer1.0`, `layer1.1`).
//! Outside every level nothing is numbered: unnamed layers there keep their default
//! names, so a network that names nothing is named as before.
//!
//! ```
//! cnn::cnn! {
//!     pub struct Paths;
//!     input 3x32x32;
//!     conv1: conv 16 k3 p1 nobias; bn1: bn; relu: relu;
//!     layer1: repeat 2 {
//!         seq {
//!             residual { conv1: conv 16 k3 p1 nobias; bn1: bn; relu: relu; conv2: conv 16 k3 p1 nobias; bn2: bn }
//!             relu;
//!         }
//!     }
//!     features: repeat 2 { conv 16 k3 p1; relu }
//!     "block1-0": seq { conv 16 k1 }
//!     gap; fc: dense 10;
//! }
//! assert_eq!(Paths::LAYER1_0_CONV1.name, "layer1.0.conv1");
//! // The sum keeps its default name in the level; the relu after it is position 5.
//! assert_eq!(Paths::LAYER1_1_ADD2.name, "layer1.1.add2");
//! assert_eq!(Paths::LAYER1_1_5.name, "layer1.1.5");
//! // A named repeat's passes are spliced: conv, relu, conv, relu.
//! assert_eq!(Paths::FEATURES_2.kind, Paths::FEATURES_0.kind);
//! assert_eq!(Paths::BLOCK1_0_0.name, "block1-0.0");
//! // Unnamed at the top: the default name, as before.
//! assert_eq!(Paths::GAP1.name, "gap1");
//! // The tensors are torchvision's state_dict keys.
//! let params = Paths::LAYER1_1_BN2.param_shapes();
//! assert_eq!(params[2].key(Paths::LAYER1_1_BN2.name).to_string(), "layer1.1.bn2.running_mean");
//! ```
//!
//! Paths are unique (E11: a second `relu: relu` in one block; leave it unnamed), and so
//! are the consts made of them: the path upper-cased, every other character `_`
//! (`LAYER1_0_CONV1`, and `_0` for a path `0`). A `layerscale` is a bare `nn.Parameter`
//! in PyTorch (ConvNeXt's `layer_scale`): its one tensor is its path itself. A path is
//! written as a string, not with dots: `"layer1.0.conv1": conv ...`.
//! [`Block::level`] says which blocks are levels.
//! A network expands to at most [`MAX_LAYERS`] layers and [`MAX_BLOCKS`] blocks and
//! passes through `repeat` bodies, counted before any work proportional to them, with
//! blocks nested at most [`MAX_DEPTH`] deep; names take at most 64 characters and
//! literals 100.
//!
//! To define a block once, write a `macro_rules!` *around* `cnn!` that produces the
//! whole call (a macro invoked inside `cnn! { ... }` is not expanded first); the README
//! shows one that builds torchvision's ResNet-34 from one line per stage. Where the
//! language takes a count or an option's value it also takes a parenthesized integer
//! expression, so such a macro computes what it cannot paste: `conv ($c*6) k1`,
//! `repeat ($n-1) { ... }`, `k($k)`, `p(($k-1)/2)`:
//!
//! ```
//! cnn::cnn! { pub struct Net; input 16x8x8; conv (4*16) k(3) p((3-1)/2); repeat (3-1) { relu } }
//! assert_eq!(Net::CONV2D1.output.to_string(), "64x8x8");
//! assert_eq!(Net::LAYERS.len(), 4);
//! ```
//!
//! # Pictures
//!
//! `#[cnn(diagram)]` on the header asks for the network drawn: `DIAGRAM_SVG` (a
//! [`Diagram`]: a box per layer, branches side by side, blocks as frames), also shown on
//! the struct's page in `cargo doc`, and the same graph as `GRAPH_DOT` and
//! `GRAPH_MERMAID` ([`Graph`]). Without it they are empty, as drawing costs the macro
//! time; [`Diagram`] and [`Graph`] draw any network at run time:
//!
//! ```
//! cnn::cnn! {
//!     #[cnn(diagram)]
//!     pub struct Block;
//!     input 16x8x8;
//!     residual { conv 16 k3 p1; relu; conv 16 k3 p1 } relu;
//! }
//! assert!(Block::DIAGRAM_SVG.starts_with("<svg"));
//! // input, two convolutions, a ReLU, the sum, a ReLU: six nodes; five edges in the
//! // chain and the identity from the input to the sum.
//! assert_eq!(Block::GRAPH_MERMAID.matches(" --> ").count(), 6);
//! let drawn = cnn::Diagram::new(Block::LAYERS, Block::BLOCKS).to_string();
//! assert_eq!(drawn, Block::DIAGRAM_SVG);
//! ```
//!
//! # Receptive fields, memory and budgets
//!
//! Each [`Layer`] has its receptive [`Field`] (size, jump and center per axis, exact
//! under stride, padding and dilation; after a layer that upsamples, exact fractions of
//! an input pixel, counted in [`Field::denominator`]) and [`Layer::activations`]; the
//! network has its byte figures for its element type:
//!
//! ```
//! cnn::cnn! {
//!     dtype f16;
//!     input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
//! }
//! // 5, then 6 after the pool (jump 2), 10, 12, and the dense layer sees all 28.
//! assert_eq!(CONV2D2.field.size, cnn::PerAxis::uniform(10));
//! assert_eq!(RECEPTIVE_FIELD.size, cnn::PerAxis::uniform(28));
//! assert_eq!(MAXPOOL1.field.center, (2.5, 2.5));
//! // Two bytes a value: the parameters, and the peak at maxpool1 (its input and output).
//! assert_eq!(PARAM_BYTES, 217_706 * 2);
//! assert_eq!(PEAK_ACTIVATION_BYTES, (32 * 24 * 24 + 32 * 12 * 12) * 2);
//! println!("{SUMMARY_MARKDOWN}");
//! ```
//!
//! The peak follows this model of one inference (see [`evaluate`]): every layer writes
//! a new tensor and a tensor is freed once nothing refers to it; while a layer runs, its
//! input and output are alive with every tensor an enclosing residual block refers to
//! (the block's input until the sum, the body's output while the shortcut runs).
//!
//! `budget` statements make a network that outgrows its target a compile error on the
//! budget, stating by how much and the three layers that contribute most. Counts take
//! `K`, `M`, `G`; bytes `KiB`, `MiB`, `GiB` (or `KB`, `MB`, `GB`):
//!
//! ```
//! cnn::cnn! {
//!     pub struct Tiny;
//!     dtype i8;
//!     budget params <= 10K;
//!     budget macs <= 1M;
//!     budget param_memory <= 16KiB;
//!     budget activation_memory <= 64KiB;
//!     budget peak_memory <= 32KiB;
//!     input 1x32x32; conv 8 k3 s2 p1; relu; conv 16 k3 s2 p1; relu; gap; output 4;
//! }
//! assert!(Tiny::PEAK_ACTIVATION_BYTES <= 32 * 1024);
//! ```
//!
//! ```compile_fail
//! cnn::cnn! {
//!     budget params <= 100K;
//!     input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
//! }
//! ```
//!
//! `expect params N;`, `expect non_trainable N;`, `expect macs N;` and `expect output
//! DIMS;` pin a figure exactly; a network that has another is an error on the value
//! showing both ("the network has 217_706 parameters, not the 217_707 expected"), which
//! `const _: () = assert!(...)` cannot show:
//!
//! ```
//! cnn::cnn! {
//!     pub struct LeNet;
//!     input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
//!     expect params 217_706;
//!     expect output 10;
//! }
//! ```
//!
//! # Errors
//!
//! A bad network is a compile error on the token at fault, naming the layer and its
//! incoming shape, with a fix where one is clear. Independent errors are reported
//! together, and the network's consts still exist, so code that uses them adds no
//! errors of its own:
//!
//! ```text
//! error: kernel 5 does not fit the input height 3 in conv2d4 (layer 6, input is 32x3x3)
//!        help: add padding p2 to keep 3x3, or use a kernel of at most 3
//! ```
//!
//! The catalogue, each with a compile-fail test in `tests/ui/`:
//!
//! | # | case | example | the error points at |
//! |---|---|---|---|
//! | E1 | no `input` first, or a second `input` | `conv 32 k5; input 1x28x28` | the first layer; the second `input` |
//! | E2 | unknown layer keyword, with "did you mean" and the list | `cnv 32 k5` | `cnv` |
//! | E3 | missing required argument | `conv k5`, `conv 32`, `dense`, `k` | the keyword; the option |
//! | E4 | unknown, repeated or conflicting option, with the valid ones | `pool 2 g2`, `conv 32 k5 k3`, `same p1` | the option |
//! | E5 | zero, negative or malformed number; a value not right after its option; a shape in pieces; `same` with a stride and a dilation above 1 | `input 0x28x28`, `k0`, `s0`, `input 1x2x3x4x5`, `dense 2.5`, `0x10`, `1e5`, `-3`, `p-1`, `32u8`, `k(3, 3)`, `input 3 x 224 x 224`, a literal over 100 characters | the literal or option |
//! | E6 | window larger than its padded input; a reflection as wide as the input, a circular pad wider | `input 1x4x4; conv 8 k5`, `pad (4, 0, 0, 0) reflect` on 4x4 | `k5`; the padding |
//! | E7 | a spatial layer on a flat vector | `dense 10; conv 8 k3` | `conv` |
//! | E8 | groups that do not divide the channels; `dw` with `C` not a multiple of `Cin` | `conv 30 k3 g4` on 32 channels | `g4`, `dw` |
//! | E9 | pooling padding over half the window | `pool 2 p2` | `p2` |
//! | E10 | residual body and shortcut shapes differ | | the block |
//! | E11 | a path given twice (the message names both statements), two paths of one const, a name that clashes with a network const, a path written with dots outside a string, an empty segment, or a name longer than 64 characters | `params: dense 10`, `relu2: relu; relu; relu`, `b: seq { relu: relu; relu: relu }`, `layer1.0.conv1: ...` | the name (the written one, when a default name runs into it) |
//! | E12 | a count or size past `u64::MAX`; a network past [`MAX_LAYERS`] layers or [`MAX_BLOCKS`] blocks and passes; levels of paths nested past 15 | `input 1x4000000000x4000000000; conv 100000 k3`, `repeat 1000000000 { }`, sixteen nested `seq`s | the layer; the literal; the repeat count; the deepest level |
//! | E13 | `dropout` outside `[0, 1)` | `dropout 1.5` | the value |
//! | E14 | missing `;`, stray tokens, an argument to a layer that takes none, attributes on a statement | `conv 32 k5 pool 2`, `relu 0.1`, `bn 64`, `/// doc` | `pool`, the argument |
//! | E15 | branches that cannot merge, every branch's shape shown | `concat { branch { pool 2 } branch { } }` | the first branch that disagrees |
//! | E16 | a layer of the wrong rank or layout: a per-axis value with a count of numbers other than one or one per axis, a rank keyword on another rank, an interpolation mode of another rank, a layer inside `channelslast` that does not work channels last | `k3x3` on `1x16000`, `input 1x28x28; conv1d 8 k3`, `upsample 2 trilinear` on `CxHxW`, `channelslast { conv 8 k1 }` | the value; the keyword; the mode |
//! | E17 | a group count or `split` that does not divide the channels, a pixel shuffle's factor squared that does not, a pixel unshuffle's factor that does not divide a size | `input 30x8x8; gn 4`, `shuffle 4`, three branches of `split` on 16, `pixelshuffle 3` on 12 channels | the count; the block |
//! | E18 | a merge block without branches or with anything but `branch`, an empty `scale`, a `head` that computes nothing (its output would be its input); a transposed convolution's output padding not below its stride or dilation, or its output below 1 | `concat { conv 8 k1 }`, `mul { }`, `aux: head { }`, `upconv 4 k3 s2 op2`, `input 1x1x1; upconv 2 k1 p1` | the statement; `op2`; the padding |
//! | E19 | a `from` that names nothing computed before it (the nearest names suggested), a `from` where nothing may be read (not in the flow nor first in a `branch` or `head`), a tensor computed and never read (not an output, not read by a later layer, head or `from`); more than [`MAX_FROMS`] `from`s or [`MAX_SOURCES`] tensors they may name | `from c6`, `residual { from c4 }`, `conv 8 k1; from input` | the path; the `from`; the layer that computed the tensor |
//! | budget | a network over a `budget`, with the three layers that weigh most | `budget params <= 100K` | the limit |
//! | budget | a malformed `budget` or `dtype`: unknown metric or type, `<` for `<=`, a unit of the wrong kind, given twice, inside a block | `budget parms <= 1M` | the token at fault |
//!
//! A count of exactly `u64::MAX` is fine; one more is E12. A channels-last input that
//! fails (`input 28x28x1`) is told that shapes are channels first. One invocation
//! reports at most 32 errors, then how many more there were; messages echo at most a
//! short excerpt of the input. The macro never panics: a seeded fuzz test feeds it
//! 100,000 mutated networks on every CI run, each case bounded in time.
//!
//! ```compile_fail
//! cnn::cnn! { input 1x4x4; conv 8 k5; }
//! ```
#![no_std]
#![forbid(unsafe_code)]

pub use cnn_macros::cnn;

// What a user names, and nothing else: the language's word tables, the namer and the
// other plumbing of the macro stay in `cnn-core`.

// A network and its parts, as `LAYERS` and `BLOCKS` hold them.
pub use cnn_core::{outputs, Block, BlockKind, Layer, Network, Output, Param, Params};
// Shapes and per-axis values.
pub use cnn_core::{Axis, Dims, PerAxis, Shape};
// Layer kinds and their hyper-parameters.
pub use cnn_core::{
    Activation, Conv, ConvTranspose, Dense, Dropout, Formula, Groups, Interpolation, Kind, Norm,
    Pad, PadMode, Padding, Pool, Resize, Upsample,
};
// Figures: receptive fields, memory, budgets, the summary.
pub use cnn_core::{
    Binary, Budget, DisplaySize, Dtype, Field, Grouped, Markdown, Metric, Overrun, Report, Summary,
    Torchinfo, Totals,
};
// Pictures.
pub use cnn_core::{Diagram, Dot, Graph, Mermaid, Statement};
// Evaluating a network at run time, and its errors.
pub use cnn_core::{
    evaluate, Applied, Arg, Context, Error, ErrorKind, Event, Help, Name, Node, Op, Quantity,
    MAX_BLOCKS, MAX_DEPTH, MAX_FROMS, MAX_LAYERS, MAX_SOURCES,
};

/// Items the generated code uses; not part of the public API.
#[doc(hidden)]
pub mod __private {
    use crate::{Field, Kind, Layer, Shape};

    /// The names the generated tables use, imported inside their initializers.
    pub mod prelude {
        pub use crate::{
            Activation, Block, BlockKind, Conv, ConvTranspose, Dense, Dropout, Field, Groups,
            Interpolation, Kind, Layer, Norm, Pad, PadMode, Padding, PerAxis, Pool, Resize, Shape,
            Upsample,
        };

        /// A layer whose keyword takes its input's rank (`conv`, not `conv1d`): one
        /// token in the expansion where `Option::None` would be seven.
        pub const ANY_RANK: ::core::option::Option<u8> = ::core::option::Option::None;

        /// A normalization with PyTorch's `eps` and `momentum`: one token where the
        /// struct would be nine.
        pub const NORM: crate::Norm = crate::Norm::DEFAULT;
    }

    /// The value of a layer const after a compile error, which is never read.
    pub const PLACEHOLDER: Layer = Layer {
        name: "",
        kind: Kind::Flatten,
        input: Shape::Flat(0),
        output: Shape::Flat(0),
        params: 0,
        non_trainable: 0,
        macs: 0,
        depth: 0,
        field: Field::INPUT,
    };
}
