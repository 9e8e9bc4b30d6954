//! The graph: `cnn-candle`'s tree of the network walked once, each layer written as
//! the ONNX node (or the few nodes) that computes what PyTorch's module does.

use crate::proto::{
    tensor_shape_proto::{dimension, Dimension},
    type_proto, AttributeProto, GraphProto, ModelProto, NodeProto, OperatorSetIdProto, TensorProto,
    TensorShapeProto, TypeProto, ValueInfoProto,
};
use crate::{Error, OPSET};
use candle_core::{DType, Tensor};
use cnn::{Activation, Block, BlockKind, Groups, Interpolation, Kind, Layer, PadMode, Shape};
use cnn_candle::tree::{self, Item};
use std::fmt::Display;

/// ONNX's element type codes (`TensorProto.DataType`) and attribute type codes.
const FLOAT: i32 = 1;
const INT64: i32 = 7;
const ATTR_FLOAT: i32 = 1;
const ATTR_INT: i32 = 2;
const ATTR_STRING: i32 = 3;
const ATTR_INTS: i32 = 7;

/// The ONNX model of a network.
pub(crate) fn model<N: Display>(
    layers: &[Layer<N>],
    blocks: &[Block<N>],
    weights: &dyn Fn(&str) -> Option<Tensor>,
) -> Result<ModelProto, Error> {
    let items = tree::build(layers, blocks).map_err(|e| Error(e.to_string()))?;
    let Some(input) = layers.first() else {
        return Err(Error("the network has no layers".into()));
    };
    let mut g = Writer {
        layers,
        weights,
        nodes: Vec::new(),
        initializers: Vec::new(),
        out: vec![None; layers.len()],
        constants: 0,
    };
    let x = input.name.to_string();
    g.out[0] = Some(x.clone());
    g.sequence(&items, x.clone())?;
    let mut outputs = Vec::new();
    for o in cnn::outputs(layers, blocks) {
        let Some(Some(tensor)) = g.out.get(o.layer) else {
            return Err(Error(format!("output {} is never computed", o.name)));
        };
        outputs.push(value(tensor, o.shape));
    }
    let graph = GraphProto {
        node: g.nodes,
        name: Some("cnn".into()),
        initializer: g.initializers,
        input: vec![value(&x, input.output)],
        output: outputs,
        ..Default::default()
    };
    Ok(ModelProto {
        ir_version: Some(8),
        opset_import: vec![OperatorSetIdProto {
            domain: Some(String::new()),
            version: Some(OPSET),
        }],
        producer_name: Some("cnn-onnx".into()),
        producer_version: Some(env!("CARGO_PKG_VERSION").into()),
        graph: Some(graph),
        ..Default::default()
    })
}

/// A graph input or output: a float tensor of a dynamic batch and one sample's shape.
fn value(name: &str, shape: Shape) -> ValueInfoProto {
    let mut dim = vec![Dimension {
        value: Some(dimension::Value::DimParam("batch".into())),
        denotation: None,
    }];
    dim.extend(shape.dims().iter().map(|&d| Dimension {
        value: Some(dimension::Value::DimValue(d as i64)),
        denotation: None,
    }));
    ValueInfoProto {
        name: Some(name.into()),
        r#type: Some(TypeProto {
            value: Some(type_proto::Value::TensorType(type_proto::Tensor {
                elem_type: Some(FLOAT),
                shape: Some(TensorShapeProto { dim }),
            })),
            denotation: None,
        }),
        ..Default::default()
    }
}

/// An attribute of a node.
enum Attr {
    Int(i64),
    Ints(Vec<i64>),
    Float(f32),
    Text(&'static str),
}

fn attribute(name: &str, a: Attr) -> AttributeProto {
    let mut p = AttributeProto {
        name: Some(name.into()),
        ..Default::default()
    };
    match a {
        Attr::Int(v) => (p.i, p.r#type) = (Some(v), Some(ATTR_INT)),
        Attr::Ints(v) => (p.ints, p.r#type) = (v, Some(ATTR_INTS)),
        Attr::Float(v) => (p.f, p.r#type) = (Some(v), Some(ATTR_FLOAT)),
        Attr::Text(v) => (p.s, p.r#type) = (Some(v.as_bytes().to_vec()), Some(ATTR_STRING)),
    }
    p
}

/// The graph as it is written.
struct Writer<'a, N> {
    layers: &'a [Layer<N>],
    weights: &'a dyn Fn(&str) -> Option<Tensor>,
    nodes: Vec<NodeProto>,
    initializers: Vec<TensorProto>,
    /// The tensor each layer's output is, once written.
    out: Vec<Option<String>>,
    /// Constants made so far, for their names.
    constants: usize,
}

impl<N: Display> Writer<'_, N> {
    /// A node `op` named `name` reading `inputs`, its one output named `name` too.
    fn node(&mut self, op: &str, name: &str, inputs: &[&str], attrs: Vec<(&str, Attr)>) -> String {
        self.nodes.push(NodeProto {
            input: inputs.iter().map(|s| s.to_string()).collect(),
            output: vec![name.to_string()],
            name: Some(name.to_string()),
            op_type: Some(op.to_string()),
            attribute: attrs.into_iter().map(|(n, a)| attribute(n, a)).collect(),
            ..Default::default()
        });
        name.to_string()
    }

    /// The initializer of `state_dict` key `key` (`{path}.weight`, ...).
    fn weight(&mut self, layer: &str, key: &str) -> Result<String, Error> {
        let t = (self.weights)(key)
            .ok_or_else(|| Error(format!("{layer}: no tensor `{key}` among the weights")))?;
        let values: Vec<f32> = t
            .to_dtype(DType::F32)
            .and_then(|t| t.flatten_all())
            .and_then(|t| t.to_vec1())
            .map_err(|e| Error(format!("{layer}: tensor `{key}`: {e}")))?;
        let dims = t.dims().iter().map(|&d| d as i64).collect();
        self.initializers.push(TensorProto {
            dims,
            data_type: Some(FLOAT),
            name: Some(key.to_string()),
            raw_data: Some(values.iter().flat_map(|v| v.to_le_bytes()).collect()),
            ..Default::default()
        });
        Ok(key.to_string())
    }

    /// `x`, then `{layer}.weight`, then `{layer}.bias` if the layer has one: a
    /// convolution's or a dense layer's inputs.
    fn with_weights(&mut self, layer: &str, x: &str, bias: bool) -> Result<Vec<String>, Error> {
        let mut inputs = vec![
            x.to_string(),
            self.weight(layer, &format!("{layer}.weight"))?,
        ];
        if bias {
            inputs.push(self.weight(layer, &format!("{layer}.bias"))?);
        }
        Ok(inputs)
    }

    /// A constant tensor of `i64`s (a shape, axes), named after `layer`.
    fn ints(&mut self, layer: &str, values: &[i64]) -> String {
        self.constants += 1;
        let name = format!("{layer}/const{}", self.constants);
        self.initializers.push(TensorProto {
            dims: vec![values.len() as i64],
            data_type: Some(INT64),
            name: Some(name.clone()),
            raw_data: Some(values.iter().flat_map(|v| v.to_le_bytes()).collect()),
            ..Default::default()
        });
        name
    }

    /// A constant `f32` tensor of `dims`, named after `layer`.
    fn floats(&mut self, layer: &str, dims: &[i64], values: &[f32]) -> String {
        self.constants += 1;
        let name = format!("{layer}/const{}", self.constants);
        self.initializers.push(TensorProto {
            dims: dims.to_vec(),
            data_type: Some(FLOAT),
            name: Some(name.clone()),
            raw_data: Some(values.iter().flat_map(|v| v.to_le_bytes()).collect()),
            ..Default::default()
        });
        name
    }

    /// `items` on tensor `x`: the tensor after them.
    fn sequence(&mut self, items: &[Item], mut x: String) -> Result<String, Error> {
        for item in items {
            x = match item {
                Item::Layer(i) => {
                    let y = self.layer(*i, &x)?;
                    self.out[*i] = Some(y.clone());
                    y
                }
                Item::From(i) => self.out[*i]
                    .clone()
                    .ok_or_else(|| Error(format!("layer {i} is read before it runs")))?,
                Item::Residual {
                    body,
                    shortcut,
                    add,
                } => {
                    let y = self.sequence(body, x.clone())?;
                    let s = match shortcut {
                        Some(s) => self.sequence(s, x.clone())?,
                        None => x.clone(),
                    };
                    let name = self.layers[*add].name.to_string();
                    let sum = self.node("Add", &name, &[&y, &s], vec![]);
                    self.out[*add] = Some(sum.clone());
                    sum
                }
                Item::Merge {
                    kind,
                    branches,
                    merge,
                } => {
                    let y = self.merge(*kind, branches, &x, *merge)?;
                    self.out[*merge] = Some(y.clone());
                    y
                }
                Item::Head(body) => {
                    self.sequence(body, x.clone())?;
                    x
                }
            };
        }
        Ok(x)
    }

    /// A merge block on `x`, merged by layer `merge`.
    fn merge(
        &mut self,
        kind: BlockKind,
        branches: &[Vec<Item>],
        x: &str,
        merge: usize,
    ) -> Result<String, Error> {
        let name = self.layers[merge].name.to_string();
        // `split`: the branches on consecutive equal groups of channels (torch.chunk).
        let inputs: Vec<String> = if kind == BlockKind::Split {
            let parts: Vec<String> = (0..branches.len())
                .map(|i| format!("{name}/split{i}"))
                .collect();
            self.nodes.push(NodeProto {
                input: vec![x.to_string()],
                output: parts.clone(),
                name: Some(format!("{name}/split")),
                op_type: Some("Split".into()),
                attribute: vec![
                    attribute("axis", Attr::Int(1)),
                    attribute("num_outputs", Attr::Int(branches.len() as i64)),
                ],
                ..Default::default()
            });
            parts
        } else {
            vec![x.to_string(); branches.len()]
        };
        let mut outs = Vec::new();
        for (b, input) in branches.iter().zip(inputs) {
            outs.push(self.sequence(b, input)?);
        }
        let refs: Vec<&str> = outs.iter().map(String::as_str).collect();
        Ok(match kind {
            BlockKind::Concat | BlockKind::Split => {
                self.node("Concat", &name, &refs, vec![("axis", Attr::Int(1))])
            }
            BlockKind::Add => self.node("Sum", &name, &refs, vec![]),
            BlockKind::Mul => self.chain("Mul", &name, &refs),
            // The input times its one branch's output (a gate of one value a channel).
            BlockKind::Scale => self.node("Mul", &name, &[x, refs[0]], vec![]),
            other => return Err(Error(format!("{name}: a {other:?} block merges nothing"))),
        })
    }

    /// `op` of `inputs` two at a time, the last node named `name`.
    fn chain(&mut self, op: &str, name: &str, inputs: &[&str]) -> String {
        let mut acc = inputs[0].to_string();
        for (i, next) in inputs.iter().enumerate().skip(1) {
            let step = match i + 1 == inputs.len() {
                true => name.to_string(),
                false => format!("{name}/{i}"),
            };
            acc = self.node(op, &step, &[&acc, next], vec![]);
        }
        if inputs.len() == 1 {
            acc = self.node("Identity", name, &[&acc], vec![]);
        }
        acc
    }

    /// Layer `i` on tensor `x`: its output tensor.
    fn layer(&mut self, i: usize, x: &str) -> Result<String, Error> {
        let l = &self.layers[i];
        let (kind, input, output) = (l.kind, l.input, l.output);
        let name = l.name.to_string();
        let rank = input.rank();
        let axes = |p: cnn::PerAxis| -> Vec<i64> {
            (0..rank as usize)
                .map(|a| p.along(rank, a) as i64)
                .collect()
        };
        let key = |what: &str| format!("{name}.{what}");
        Ok(match kind {
            Kind::Input(_) | Kind::Add | Kind::Cat | Kind::Mul | Kind::From(_) => x.to_string(),
            Kind::Conv(c) => {
                let groups = match c.groups {
                    Groups::Count(g) => g,
                    Groups::Depthwise => input.channels(),
                };
                let pads = c.paddings(input);
                let (before, after): (Vec<i64>, Vec<i64>) = pads[..rank as usize]
                    .iter()
                    .map(|&(b, a)| (b as i64, a as i64))
                    .unzip();
                let inputs = self.with_weights(&name, x, c.bias)?;
                let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
                self.node(
                    "Conv",
                    &name,
                    &refs,
                    vec![
                        ("kernel_shape", Attr::Ints(axes(c.kernel))),
                        ("strides", Attr::Ints(axes(c.stride))),
                        ("dilations", Attr::Ints(axes(c.dilation))),
                        ("group", Attr::Int(groups as i64)),
                        ("pads", Attr::Ints([before, after].concat())),
                    ],
                )
            }
            Kind::ConvTranspose(c) => {
                let inputs = self.with_weights(&name, x, c.bias)?;
                let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
                let pads = axes(c.padding);
                self.node(
                    "ConvTranspose",
                    &name,
                    &refs,
                    vec![
                        ("kernel_shape", Attr::Ints(axes(c.kernel))),
                        ("strides", Attr::Ints(axes(c.stride))),
                        ("dilations", Attr::Ints(axes(c.dilation))),
                        ("group", Attr::Int(c.groups as i64)),
                        ("pads", Attr::Ints([pads.clone(), pads].concat())),
                        ("output_padding", Attr::Ints(axes(c.output_padding))),
                    ],
                )
            }
            Kind::MaxPool(p) | Kind::AvgPool(p) => {
                let pads = axes(p.padding);
                let mut attrs = vec![
                    ("kernel_shape", Attr::Ints(axes(p.kernel))),
                    ("strides", Attr::Ints(axes(p.stride))),
                    ("pads", Attr::Ints([pads.clone(), pads].concat())),
                    ("ceil_mode", Attr::Int(p.ceil as i64)),
                ];
                let op = match kind {
                    Kind::MaxPool(_) => "MaxPool",
                    _ => {
                        // nn.AvgPool's count_include_pad=True.
                        attrs.push(("count_include_pad", Attr::Int(1)));
                        "AveragePool"
                    }
                };
                self.node(op, &name, &[x], attrs)
            }
            Kind::GlobalAvgPool => {
                let pooled = match output.rank() {
                    0 => format!("{name}/pool"),
                    _ => name.clone(),
                };
                let y = self.node("GlobalAveragePool", &pooled, &[x], vec![]);
                match output.rank() {
                    0 => self.node("Flatten", &name, &[&y], vec![("axis", Attr::Int(1))]),
                    _ => y,
                }
            }
            Kind::AdaptiveAvgPool(_) | Kind::AdaptiveMaxPool(_) => {
                let max = matches!(kind, Kind::AdaptiveMaxPool(_));
                self.adaptive(&name, x, input, output, max)?
            }
            Kind::Flatten => self.node("Flatten", &name, &[x], vec![("axis", Attr::Int(1))]),
            Kind::Dense(d) => {
                let flat = match rank {
                    0 => x.to_string(),
                    _ => self.node(
                        "Flatten",
                        &format!("{name}/flatten"),
                        &[x],
                        vec![("axis", Attr::Int(1))],
                    ),
                };
                let inputs = self.with_weights(&name, &flat, d.bias)?;
                let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
                self.node("Gemm", &name, &refs, vec![("transB", Attr::Int(1))])
            }
            Kind::Linear(d) => {
                // nn.Linear at every position: channels moved last, x times the weight
                // transposed, moved back (ConvNeXt's permutes; none on a vector).
                let w = self.weight(&name, &key("weight"))?;
                let wt = self.node(
                    "Transpose",
                    &format!("{name}/weight_t"),
                    &[&w],
                    vec![("perm", Attr::Ints(vec![1, 0]))],
                );
                let last = self.channels_last(&name, x, rank);
                let done = match rank {
                    0 => name.clone(),
                    _ => format!("{name}/linear"),
                };
                let y = match d.bias {
                    true => {
                        let y =
                            self.node("MatMul", &format!("{name}/matmul"), &[&last, &wt], vec![]);
                        let b = self.weight(&name, &key("bias"))?;
                        self.node("Add", &done, &[&y, &b], vec![])
                    }
                    false => self.node("MatMul", &done, &[&last, &wt], vec![]),
                };
                self.channels_first(&name, &y, rank)
            }
            Kind::LayerNorm(n) => {
                // Over the channels at each position (ConvNeXt's LayerNorm2d).
                let (w, b) = (
                    self.weight(&name, &key("weight"))?,
                    self.weight(&name, &key("bias"))?,
                );
                let last = self.channels_last(&name, x, rank);
                let done = match rank {
                    0 => name.clone(),
                    _ => format!("{name}/norm"),
                };
                let y = self.node(
                    "LayerNormalization",
                    &done,
                    &[&last, &w, &b],
                    vec![
                        ("axis", Attr::Int(-1)),
                        ("epsilon", Attr::Float(n.eps as f32)),
                    ],
                );
                self.channels_first(&name, &y, rank)
            }
            Kind::GroupNorm(groups, n) => {
                // Each sample's groups normalized over their channels and positions (an
                // instance norm of the groups), then scaled and shifted per channel.
                let c = input.channels() as i64;
                let g = groups as i64;
                let s = self.ints(&name, &[0, g, -1]);
                let y = self.node("Reshape", &format!("{name}/groups"), &[x, &s], vec![]);
                let (ones, zeros) = (
                    self.floats(&name, &[g], &vec![1.0; g as usize]),
                    self.floats(&name, &[g], &vec![0.0; g as usize]),
                );
                let y = self.node(
                    "InstanceNormalization",
                    &format!("{name}/norm"),
                    &[&y, &ones, &zeros],
                    vec![("epsilon", Attr::Float(n.eps as f32))],
                );
                let dims: Vec<i64> = input.dims().iter().map(|&d| d as i64).collect();
                let back = self.ints(&name, &[vec![0], dims].concat());
                let y = self.node("Reshape", &format!("{name}/back"), &[&y, &back], vec![]);
                let per = self.ints(&name, &[vec![c], vec![1; rank as usize]].concat());
                let w = self.weight(&name, &key("weight"))?;
                let w = self.node("Reshape", &format!("{name}/weight_c"), &[&w, &per], vec![]);
                let b = self.weight(&name, &key("bias"))?;
                let b = self.node("Reshape", &format!("{name}/bias_c"), &[&b, &per], vec![]);
                let y = self.node("Mul", &format!("{name}/scale"), &[&y, &w], vec![]);
                self.node("Add", &name, &[&y, &b], vec![])
            }
            Kind::BatchNorm(n) => {
                let inputs = [
                    x.to_string(),
                    self.weight(&name, &key("weight"))?,
                    self.weight(&name, &key("bias"))?,
                    self.weight(&name, &key("running_mean"))?,
                    self.weight(&name, &key("running_var"))?,
                ];
                let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
                self.node(
                    "BatchNormalization",
                    &name,
                    &refs,
                    vec![("epsilon", Attr::Float(n.eps as f32))],
                )
            }
            Kind::LayerScale => {
                // Its one tensor is named by the path itself (a bare `nn.Parameter`):
                // the product takes another name.
                let g = self.weight(&name, &name)?;
                self.node("Mul", &format!("{name}/scaled"), &[x, &g], vec![])
            }
            Kind::PRelu => {
                let w = self.weight(&name, &key("weight"))?;
                self.node("PRelu", &name, &[x, &w], vec![])
            }
            Kind::Activation(a) => self.activation(&name, x, a),
            Kind::Dropout(_) | Kind::DropPath(_) => self.node("Identity", &name, &[x], vec![]),
            Kind::Shuffle(g) => {
                // torch.nn.ChannelShuffle: [N, g, C/g, ...] transposed to [N, C/g, g, ...].
                let c = input.channels() as i64;
                let sizes: Vec<i64> = input.dims()[1..].iter().map(|&d| d as i64).collect();
                let split = [vec![0, g as i64, c / g as i64], sizes.clone()].concat();
                let back = [vec![0, c], sizes.clone()].concat();
                let mut perm = vec![0, 2, 1];
                perm.extend((3..3 + sizes.len() as i64).collect::<Vec<_>>());
                let s = self.ints(&name, &split);
                let y = self.node("Reshape", &format!("{name}/groups"), &[x, &s], vec![]);
                let y = self.node(
                    "Transpose",
                    &format!("{name}/transpose"),
                    &[&y],
                    vec![("perm", Attr::Ints(perm))],
                );
                let b = self.ints(&name, &back);
                self.node("Reshape", &name, &[&y, &b], vec![])
            }
            Kind::PixelShuffle(r) if rank == 2 => {
                // DepthToSpace's CRD order is nn.PixelShuffle's.
                self.node(
                    "DepthToSpace",
                    &name,
                    &[x],
                    vec![
                        ("blocksize", Attr::Int(r as i64)),
                        ("mode", Attr::Text("CRD")),
                    ],
                )
            }
            Kind::PixelUnshuffle(r) if rank == 2 => {
                // nn.PixelUnshuffle: channel c*r*r + i*r + j holds offset (i, j) of
                // channel c (SpaceToDepth orders them the other way).
                let (c, h, w, r) = (
                    input.channels() as i64,
                    input.dims()[1] as i64,
                    input.dims()[2] as i64,
                    r as i64,
                );
                let s = self.ints(&name, &[0, c, h / r, r, w / r, r]);
                let y = self.node("Reshape", &format!("{name}/blocks"), &[x, &s], vec![]);
                let y = self.node(
                    "Transpose",
                    &format!("{name}/transpose"),
                    &[&y],
                    vec![("perm", Attr::Ints(vec![0, 1, 3, 5, 2, 4]))],
                );
                let b = self.ints(&name, &[0, c * r * r, h / r, w / r]);
                self.node("Reshape", &name, &[&y, &b], vec![])
            }
            Kind::InstanceNorm(affine, n) => {
                let c = input.channels() as usize;
                let (scale, bias) = match affine {
                    true => (
                        self.weight(&name, &key("weight"))?,
                        self.weight(&name, &key("bias"))?,
                    ),
                    false => (
                        self.floats(&name, &[c as i64], &vec![1.0; c]),
                        self.floats(&name, &[c as i64], &vec![0.0; c]),
                    ),
                };
                self.node(
                    "InstanceNormalization",
                    &name,
                    &[x, &scale, &bias],
                    vec![("epsilon", Attr::Float(n.eps as f32))],
                )
            }
            Kind::Pad(p) => self.pad(&name, x, input, p)?,
            Kind::Upsample(cnn::Upsample { mode, .. }) | Kind::Resize(cnn::Resize { mode, .. }) => {
                self.resize(&name, x, input, output, mode)?
            }
            Kind::PixelShuffle(_) | Kind::PixelUnshuffle(_) => {
                return Err(Error(format!(
                    "{name}: `{}` on a {input} input is not exported to ONNX yet",
                    kind.keyword().word()
                )))
            }
        })
    }

    /// `x` (of `rank` spatial axes) with its channels moved last; `x` itself for a
    /// vector.
    fn channels_last(&mut self, name: &str, x: &str, rank: u8) -> String {
        if rank == 0 {
            return x.to_string();
        }
        let mut perm = vec![0];
        perm.extend(2..2 + rank as i64);
        perm.push(1);
        self.node(
            "Transpose",
            &format!("{name}/channels_last"),
            &[x],
            vec![("perm", Attr::Ints(perm))],
        )
    }

    /// The inverse of [`Writer::channels_last`], named `name`.
    fn channels_first(&mut self, name: &str, y: &str, rank: u8) -> String {
        if rank == 0 {
            return y.to_string();
        }
        let mut perm = vec![0, 1 + rank as i64];
        perm.extend(1..1 + rank as i64);
        self.node("Transpose", name, &[y], vec![("perm", Attr::Ints(perm))])
    }

    /// An activation, as PyTorch computes it.
    fn activation(&mut self, name: &str, x: &str, a: Activation) -> String {
        let clip = |w: &mut Self, lo: f32, hi: f32| {
            let (lo, hi) = (w.floats(name, &[], &[lo]), w.floats(name, &[], &[hi]));
            w.node("Clip", name, &[x, &lo, &hi], vec![])
        };
        match a {
            Activation::Relu => self.node("Relu", name, &[x], vec![]),
            Activation::Relu6 => clip(self, 0.0, 6.0),
            Activation::Hardtanh => clip(self, -1.0, 1.0),
            Activation::LeakyRelu { negative_slope } => self.node(
                "LeakyRelu",
                name,
                &[x],
                vec![("alpha", Attr::Float(negative_slope as f32))],
            ),
            Activation::Elu { alpha } => self.node(
                "Elu",
                name,
                &[x],
                vec![("alpha", Attr::Float(alpha as f32))],
            ),
            // The exact GELU: x * (1 + erf(x / sqrt 2)) / 2.
            Activation::Gelu => {
                let root2 = self.floats(name, &[], &[std::f32::consts::SQRT_2]);
                let (one, half) = (
                    self.floats(name, &[], &[1.0]),
                    self.floats(name, &[], &[0.5]),
                );
                let y = self.node("Div", &format!("{name}/div"), &[x, &root2], vec![]);
                let y = self.node("Erf", &format!("{name}/erf"), &[&y], vec![]);
                let y = self.node("Add", &format!("{name}/add"), &[&y, &one], vec![]);
                let y = self.node("Mul", &format!("{name}/mul"), &[x, &y], vec![]);
                self.node("Mul", name, &[&y, &half], vec![])
            }
            Activation::Silu => {
                let s = self.node("Sigmoid", &format!("{name}/sigmoid"), &[x], vec![]);
                self.node("Mul", name, &[x, &s], vec![])
            }
            Activation::Sigmoid => self.node("Sigmoid", name, &[x], vec![]),
            Activation::Tanh => self.node("Tanh", name, &[x], vec![]),
            Activation::Hardswish => self.node("HardSwish", name, &[x], vec![]),
            // relu6(x + 3) / 6.
            Activation::Hardsigmoid => self.node(
                "HardSigmoid",
                name,
                &[x],
                vec![
                    ("alpha", Attr::Float(1.0 / 6.0)),
                    ("beta", Attr::Float(0.5)),
                ],
            ),
            // x * tanh(softplus(x)), as opset 18's Mish defines it (which not every
            // runtime has).
            Activation::Mish => {
                let y = self.node("Softplus", &format!("{name}/softplus"), &[x], vec![]);
                let y = self.node("Tanh", &format!("{name}/tanh"), &[&y], vec![]);
                self.node("Mul", name, &[x, &y], vec![])
            }
            Activation::Softmax => self.node("Softmax", name, &[x], vec![("axis", Attr::Int(1))]),
            Activation::LogSoftmax => {
                self.node("LogSoftmax", name, &[x], vec![("axis", Attr::Int(1))])
            }
        }
    }

    /// An adaptive pool: PyTorch's windows `floor(j*i/o)` to `ceil((j+1)*i/o)` on each
    /// axis. Where every axis divides evenly, one pool; otherwise each output position
    /// is its own window (a slice and a reduction), concatenated back, exactly.
    fn adaptive(
        &mut self,
        name: &str,
        x: &str,
        input: Shape,
        output: Shape,
        max: bool,
    ) -> Result<String, Error> {
        let (ins, outs) = (&input.dims()[1..], &output.dims()[1..]);
        if ins.iter().zip(outs).all(|(&i, &o)| o > 0 && i % o == 0) {
            let k: Vec<i64> = ins
                .iter()
                .zip(outs)
                .map(|(&i, &o)| (i / o) as i64)
                .collect();
            let op = if max { "MaxPool" } else { "AveragePool" };
            return Ok(self.node(
                op,
                name,
                &[x],
                vec![
                    ("kernel_shape", Attr::Ints(k.clone())),
                    ("strides", Attr::Ints(k)),
                ],
            ));
        }
        let reduce = if max { "ReduceMax" } else { "ReduceMean" };
        let spatial = ins.len();
        // Position by position, the last axis innermost, concatenated axis by axis.
        let mut cells: Vec<String> = Vec::new();
        let total: u64 = outs.iter().product();
        for flat in 0..total {
            let mut rest = flat;
            let mut starts = vec![0i64; spatial];
            let mut ends = vec![0i64; spatial];
            for a in (0..spatial).rev() {
                let (i, o) = (ins[a], outs[a]);
                let j = rest % o;
                rest /= o;
                starts[a] = (j * i / o) as i64;
                ends[a] = ((j + 1) * i).div_ceil(o) as i64;
            }
            let axes: Vec<i64> = (2..2 + spatial as i64).collect();
            let (s, e, ax) = (
                self.ints(name, &starts),
                self.ints(name, &ends),
                self.ints(name, &axes),
            );
            let slice = self.node(
                "Slice",
                &format!("{name}/slice{flat}"),
                &[x, &s, &e, &ax],
                vec![],
            );
            let ax = self.ints(name, &axes);
            cells.push(self.node(
                reduce,
                &format!("{name}/cell{flat}"),
                &[&slice, &ax],
                vec![("keepdims", Attr::Int(1))],
            ));
        }
        // Join the cells along the last axis first, then outwards.
        for a in (0..spatial).rev() {
            let o = outs[a] as usize;
            let joined: Vec<String> = cells
                .chunks(o)
                .enumerate()
                .map(|(n, row)| {
                    let refs: Vec<&str> = row.iter().map(String::as_str).collect();
                    let step = match (a, cells.len() == o) {
                        (0, true) => name.to_string(),
                        _ => format!("{name}/join{a}_{n}"),
                    };
                    self.node(
                        "Concat",
                        &step,
                        &refs,
                        vec![("axis", Attr::Int(2 + a as i64))],
                    )
                })
                .collect();
            cells = joined;
        }
        Ok(cells.remove(0))
    }

    /// `F.pad`: pairs for the last axis first; a negative amount crops.
    fn pad(&mut self, name: &str, x: &str, input: Shape, p: cnn::Pad) -> Result<String, Error> {
        let full = input.dims().len() + 1;
        let (mut before, mut after) = (vec![0i64; full], vec![0i64; full]);
        for (n, &(b, a)) in p.pairs[..p.count as usize].iter().enumerate() {
            before[full - 1 - n] = b;
            after[full - 1 - n] = a;
        }
        let mode = match p.mode {
            PadMode::Zeros => "constant",
            PadMode::Reflect => "reflect",
            PadMode::Replicate => "edge",
            // Opset 19's `wrap`, written with opset 18's ops.
            PadMode::Circular => "",
        };
        // A negative amount crops: a slice after the padding (not every runtime takes
        // negative pads).
        let grow = |v: &[i64]| v.iter().map(|&p| p.max(0)).collect::<Vec<i64>>();
        let (grow_before, grow_after) = (grow(&before), grow(&after));
        let crops = before.iter().chain(&after).any(|&p| p < 0);
        let padded = match grow_before.iter().chain(&grow_after).any(|&p| p > 0) {
            true if mode.is_empty() => self.wrap(name, x, input, &grow_before, &grow_after, crops),
            true => {
                let step = match crops {
                    true => format!("{name}/pad"),
                    false => name.to_string(),
                };
                let pads = self.ints(name, &[grow_before.clone(), grow_after.clone()].concat());
                self.node("Pad", &step, &[x, &pads], vec![("mode", Attr::Text(mode))])
            }
            false => x.to_string(),
        };
        if !crops {
            return Ok(padded);
        }
        let dims = input.dims();
        let (mut starts, mut ends, mut axes) = (Vec::new(), Vec::new(), Vec::new());
        for a in 2..full {
            if before[a] < 0 || after[a] < 0 {
                let size = dims[a - 1] as i64 + grow_before[a] + grow_after[a];
                starts.push((-before[a]).max(0));
                ends.push(size - (-after[a]).max(0));
                axes.push(a as i64);
            }
        }
        let (s, e, a) = (
            self.ints(name, &starts),
            self.ints(name, &ends),
            self.ints(name, &axes),
        );
        Ok(self.node("Slice", name, &[&padded, &s, &e, &a], vec![]))
    }

    /// Circular padding of `before[a]` and `after[a]` along each axis `a`: the axis'
    /// last values, the tensor and its first values, concatenated (PyTorch pads at most
    /// an axis' size this way); one axis after another, so corners wrap both ways.
    fn wrap(
        &mut self,
        name: &str,
        x: &str,
        input: Shape,
        before: &[i64],
        after: &[i64],
        crops: bool,
    ) -> String {
        let dims = input.dims();
        let axes: Vec<usize> = (2..before.len())
            .filter(|&a| before[a] > 0 || after[a] > 0)
            .collect();
        let mut y = x.to_string();
        for &a in &axes {
            let size = dims[a - 1] as i64;
            let axis = self.ints(name, &[a as i64]);
            let mut parts = Vec::new();
            if before[a] > 0 {
                let (s, e) = (
                    self.ints(name, &[size - before[a]]),
                    self.ints(name, &[size]),
                );
                let step = format!("{name}/wrap{a}/before");
                parts.push(self.node("Slice", &step, &[&y, &s, &e, &axis], vec![]));
            }
            parts.push(y.clone());
            if after[a] > 0 {
                let (s, e) = (self.ints(name, &[0]), self.ints(name, &[after[a]]));
                let step = format!("{name}/wrap{a}/after");
                parts.push(self.node("Slice", &step, &[&y, &s, &e, &axis], vec![]));
            }
            let step = match Some(&a) == axes.last() && !crops {
                true => name.to_string(),
                false => format!("{name}/wrap{a}"),
            };
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            y = self.node("Concat", &step, &parts, vec![("axis", Attr::Int(a as i64))]);
        }
        y
    }

    /// `nn.Upsample` / `F.interpolate` (align_corners=False): the output's size as the
    /// batch and channels of the input and the layer's spatial sizes.
    fn resize(
        &mut self,
        name: &str,
        x: &str,
        input: Shape,
        output: Shape,
        mode: Interpolation,
    ) -> Result<String, Error> {
        let (onnx_mode, transform) = match mode {
            // PyTorch's legacy nearest: floor(out * in / out_size).
            Interpolation::Nearest => ("nearest", "asymmetric"),
            Interpolation::Linear | Interpolation::Bilinear | Interpolation::Trilinear => {
                ("linear", "pytorch_half_pixel")
            }
            Interpolation::Bicubic => ("cubic", "pytorch_half_pixel"),
        };
        let (ins, outs) = (&input.dims()[1..], &output.dims()[1..]);
        // `pytorch_half_pixel` is `half_pixel` but for an output of one position: the
        // second, which more runtimes read, unless one occurs.
        let transform = match transform {
            "pytorch_half_pixel" if outs.iter().all(|&d| d > 1) => "half_pixel",
            t => t,
        };
        let mut attrs = vec![
            ("mode", Attr::Text(onnx_mode)),
            ("coordinate_transformation_mode", Attr::Text(transform)),
            ("nearest_mode", Attr::Text("floor")),
        ];
        if mode == Interpolation::Bicubic {
            attrs.push(("cubic_coeff_a", Attr::Float(-0.75)));
        }
        // By scales (`out / in` an axis, each the smallest `f32` whose product with the
        // input's size, in f64, floors to the output's), which every runtime reads; but a
        // nearest resize by a ratio that is not a whole number, whose source positions
        // the scale's rounding could move by one, by its sizes: the input's batch and
        // channels (read at run time, so the batch stays free) and the layer's sizes.
        if mode != Interpolation::Nearest || ins.iter().zip(outs).all(|(&i, &o)| o % i == 0) {
            let mut scales = vec![1.0f32, 1.0];
            for (&i, &o) in ins.iter().zip(outs) {
                let mut s = (o as f64 / i as f64) as f32;
                while (i as f64 * s as f64).floor() < o as f64 {
                    s = f32::from_bits(s.to_bits() + 1);
                }
                scales.push(s);
            }
            let scales = self.floats(name, &[scales.len() as i64], &scales);
            return Ok(self.node("Resize", name, &[x, "", &scales], attrs));
        }
        let spatial: Vec<i64> = outs.iter().map(|&d| d as i64).collect();
        let shape = self.node(
            "Shape",
            &format!("{name}/shape"),
            &[x],
            vec![("start", Attr::Int(0)), ("end", Attr::Int(2))],
        );
        let rest = self.ints(name, &spatial);
        let sizes = self.node(
            "Concat",
            &format!("{name}/sizes"),
            &[&shape, &rest],
            vec![("axis", Attr::Int(0))],
        );
        Ok(self.node("Resize", name, &[x, "", "", &sizes], attrs))
    }
}
