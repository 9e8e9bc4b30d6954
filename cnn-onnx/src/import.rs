//! An ONNX model as `cnn!` text: its ops read as layers, its graph as the language's
//! blocks, its module paths as the layers' names.
//!
//! 1. The graph's values that carry data (those computed from the input, through any
//!    op but `Shape`) are told from constants: initializers, `Constant` nodes and what
//!    is computed from them alone, which [`Graph::ints`] and [`Graph::floats`] evaluate
//!    when an op's attribute comes as an input (a `Resize`'s scales, a `Reshape`'s
//!    shape). An `Identity` of a constant is that constant under another name (how
//!    PyTorch's exporter writes a tensor equal to another), of data the data itself.
//! 2. The ops on data become [`Op`]s, each one statement of the language; a few
//!    patterns of several ops are one statement (SiLU as `x * sigmoid(x)`, a channel
//!    shuffle as reshape–transpose–reshape, a `Linear` as `MatMul` + `Add`).
//! 3. The ops are read as a series-parallel graph from the input ([`Graph::chain`]):
//!    where a value is read by several ops, each reader starts a branch, and the
//!    branches end at the op that merges them: an `Add` (a `residual`, with a
//!    `shortcut` when neither branch is empty, or an `add`), a `Mul` (`scale` when one
//!    branch is empty, else `mul`), a `Concat` along channels (`concat`; `split` when
//!    the branches start at the outputs of one `Split`).
//! 4. Names: a layer with tensors is named by them (`layer1.0.conv1.weight` makes the
//!    layer `conv1` in `layer1.0`); a layer without, by its node's module scope as
//!    PyTorch's exporter writes it (`/layer1/layer1.0/relu/Relu`) or, for a model
//!    `cnn-onnx` wrote, by its node's name (the layer's path). Layers that share a
//!    module sit in one named `seq`, so that every path is the `state_dict`'s.
//! 5. The text is checked as the macro checks it ([`cnn_lang::check`]), and every
//!    tensor the checked network reads must be an initializer of that key and shape,
//!    every initializer a tensor it reads: what is returned is a network that loads the
//!    model's weights as they are.

use crate::proto::{tensor_proto::DataType, ModelProto, NodeProto, TensorProto};
use crate::Error;
use candle_core::{Device, Tensor};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// A model read back as `cnn!` text, with its weights.
#[derive(Debug)]
pub struct Imported {
    /// The macro's body: a header (`pub struct NAME;`), `input`, then one statement a
    /// layer or block, indented by level. It passed every check of the language.
    pub text: String,
    /// Every initializer the network reads, by `state_dict` key (`conv1.weight`).
    pub tensors: HashMap<String, Tensor>,
    /// The text's network as the macro checks it: its `LAYERS` and `BLOCKS`, which
    /// [`cnn_candle::Model::new`] runs with [`Imported::tensors`].
    pub layers: Vec<cnn::Layer<String>>,
    /// See [`Imported::layers`].
    pub blocks: Vec<cnn::Block<String>>,
    /// Its figures: parameters, MACs, memory.
    pub report: cnn::Report,
    /// For each output of the model, in its order, its place among the network's
    /// (`OUTPUTS`: every head in execution order, then the flow's end).
    pub outputs: Vec<usize>,
}

fn err<T>(message: impl Into<String>) -> Result<T, Error> {
    Err(Error(message.into()))
}

/// The `.onnx` file `bytes` as the network `name` (a Rust type name) and its weights.
pub fn import(bytes: &[u8], name: &str) -> Result<Imported, Error> {
    let model: ModelProto = prost::Message::decode(bytes)
        .map_err(|e| Error(format!("this is not an ONNX model: {e}")))?;
    let graph = Graph::new(&model)?;
    let (items, outputs) = graph.chain()?;
    let mut text = format!("pub struct {name};\ninput {};\n", graph.input_dims()?);
    let mut used = HashSet::new();
    graph.render(&items, &[], 0, &mut text, &mut used, "");
    let tensors = graph.tensors()?;
    let checked = verify(&text, &tensors)?;
    Ok(Imported {
        text,
        tensors,
        layers: checked.layers,
        blocks: checked.blocks,
        report: checked.report,
        outputs,
    })
}

/// The text checked, and its network's tensors compared with the model's.
fn verify(
    text: &str,
    tensors: &HashMap<String, Tensor>,
) -> Result<cnn_lang::check::Checked, Error> {
    let tokens: proc_macro2::TokenStream = text
        .parse()
        .map_err(|e| Error(format!("the imported text does not lex: {e}\n{text}")))?;
    let checked = match cnn_lang::check(tokens) {
        cnn_lang::Outcome::Checked(_, checked) => checked,
        cnn_lang::Outcome::Failed { error, .. } => {
            let errors: Vec<String> = error.into_iter().map(|e| e.to_string()).collect();
            return err(format!(
                "the model reads as a network the language refuses: {}\n{text}",
                errors.join("; ")
            ));
        }
    };
    let mut read = HashSet::new();
    for layer in &checked.layers {
        for p in layer.param_shapes().iter() {
            let key = p.key(&layer.name).to_string();
            let dims: Vec<usize> = p.dims.iter().map(|&d| d as usize).collect();
            match tensors.get(&key) {
                Some(t) if t.dims() == dims => {}
                Some(t) => {
                    return err(format!(
                    "`{key}` is {:?} in the model but {dims:?} in the network read from it\n{text}",
                    t.dims()
                ))
                }
                None => {
                    return err(format!(
                    "the network read from the model needs `{key}`, which the model lacks\n{text}"
                ))
                }
            }
            read.insert(key);
        }
    }
    if let Some(k) = tensors.keys().find(|k| !read.contains(*k)) {
        return err(format!(
            "the initializer `{k}` is read by no layer of the network\n{text}"
        ));
    }
    Ok(checked)
}

/// A constant: its dimensions and its values as floats or integers.
#[derive(Clone, Debug)]
struct Const {
    dims: Vec<usize>,
    floats: Vec<f32>,
    ints: Vec<i64>,
}

impl Const {
    fn of(t: &TensorProto) -> Result<Const, Error> {
        let dims = t.dims.iter().map(|&d| d as usize).collect();
        let raw = t.raw_data.as_deref().unwrap_or(&[]);
        let name = t.name.as_deref().unwrap_or("");
        let (floats, ints) = match DataType::try_from(t.data_type.unwrap_or(0)) {
            Ok(DataType::Float) if raw.is_empty() => (t.float_data.clone(), vec![]),
            Ok(DataType::Float) => (
                raw.chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect(),
                vec![],
            ),
            Ok(DataType::Int64) if raw.is_empty() => (vec![], t.int64_data.clone()),
            Ok(DataType::Int64) => (
                vec![],
                raw.chunks_exact(8)
                    .map(|b| i64::from_le_bytes(b.try_into().expect("8 bytes")))
                    .collect(),
            ),
            Ok(DataType::Int32) => (vec![], t.int32_data.iter().map(|&v| v as i64).collect()),
            _ => {
                return err(format!(
                    "the tensor `{name}` is of type {:?}: only float and integer tensors are read",
                    t.data_type
                ))
            }
        };
        Ok(Const { dims, floats, ints })
    }
}

/// An op on data, as one statement of the language.
#[derive(Debug)]
struct Op {
    /// The statement (`conv 64 k3 p1 nobias`); empty for a merge.
    stmt: String,
    /// Its data inputs and outputs.
    inputs: Vec<String>,
    outputs: Vec<String>,
    /// The ONNX op it merges branches as (`Add`, `Mul`, `Concat`), if it does.
    merge: Option<&'static str>,
    /// Whether it splits its input into its outputs (`Split`).
    split: bool,
    /// For a slice of channels (a part of `torch.chunk`), the values its start and
    /// end are.
    slice: Option<(String, String)>,
    /// Whether it permutes to channels last (`Some(true)`) or back (`Some(false)`):
    /// the ends of a `channelslast` block.
    permute: Option<bool>,
    /// The level it belongs to and its own segment in it (a module), if it has one.
    at: Vec<String>,
    own: Option<String>,
    /// Its tensors' keys.
    params: Vec<String>,
    /// The node that names it in errors.
    node: String,
}

/// Joins the first and last input of a run of a merge's inputs that a nested
/// concatenation makes.
const NESTED: char = '\u{0}';

impl Op {
    /// Places it by its module path (`layer1.0.conv1`: `conv1` in `layer1.0`).
    fn place(&mut self, path: &str) {
        let mut segs: Vec<String> = path.split('.').map(str::to_string).collect();
        self.own = segs.pop();
        self.at = segs;
    }
}

/// A piece of the network: a layer, or a block of branches that merge.
#[derive(Debug)]
enum Item {
    Layer(usize),
    Block {
        kind: Kind,
        branches: Vec<Vec<Item>>,
    },
    /// A branch that ends at an output of the graph (`head { ... }`) at `end`.
    Head {
        items: Vec<Item>,
        end: String,
    },
    /// `from PATH`: what follows reads that layer's output.
    From(String),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Residual,
    Add,
    Scale,
    Mul,
    Concat,
    Split,
    ChannelsLast,
}

struct Graph<'a> {
    model: &'a ModelProto,
    input: String,
    /// The graph's outputs, in its order.
    outputs: Vec<String>,
    consts: HashMap<String, Const>,
    /// The nodes that compute constants from constants, by output.
    computed: HashMap<String, &'a NodeProto>,
    ops: Vec<Op>,
    readers: HashMap<String, Vec<usize>>,
    /// Heads that read an output which ends another head, by that output: written
    /// after it.
    trailing: std::cell::RefCell<Vec<(String, Item)>>,
}

/// The attribute `name` of `node`.
fn attr<'n>(node: &'n NodeProto, name: &str) -> Option<&'n crate::proto::AttributeProto> {
    node.attribute
        .iter()
        .find(|a| a.name.as_deref() == Some(name))
}

fn attr_i(node: &NodeProto, name: &str) -> Option<i64> {
    attr(node, name).and_then(|a| a.i)
}

fn attr_f(node: &NodeProto, name: &str) -> Option<f32> {
    attr(node, name).and_then(|a| a.f)
}

fn attr_ints(node: &NodeProto, name: &str) -> Option<Vec<i64>> {
    attr(node, name).map(|a| a.ints.clone())
}

fn attr_s(node: &NodeProto, name: &str) -> Option<String> {
    let s = attr(node, name)?.s.as_ref()?;
    Some(String::from_utf8_lossy(s).into_owned())
}

fn node_name(node: &NodeProto) -> String {
    node.name.clone().unwrap_or_default()
}

fn op_type(node: &NodeProto) -> &str {
    node.op_type.as_deref().unwrap_or("")
}

/// `3` for `[3, 3]`, `3x5` for `[3, 5]`.
fn per_axis(v: &[i64]) -> String {
    if v.iter().all(|&x| x == v[0]) {
        v[0].to_string()
    } else {
        v.iter().map(i64::to_string).collect::<Vec<_>>().join("x")
    }
}

/// A float as the language reads it: `1e-5`, `0.001`.
fn float(v: f32) -> String {
    let short = format!("{v:e}");
    let plain = format!("{v}");
    let text = if short.len() < plain.len() {
        short
    } else {
        plain
    };
    if text.contains(['.', 'e']) {
        text
    } else {
        format!("{text}.0")
    }
}

/// The segments of a module scope as PyTorch's exporter names nodes
/// (`/layer1/layer1.0/conv1/Conv`: `layer1`, `0`, `conv1`), or of a node `cnn-onnx`
/// named by its layer's path (`layer1.0.conv1`, `layer1.0.conv1/pad`).
fn scope(name: &str) -> Vec<String> {
    match name.strip_prefix('/') {
        Some(rest) => {
            let parts: Vec<&str> = rest.split('/').collect();
            let modules = &parts[..parts.len().saturating_sub(1)];
            let mut path: Vec<String> = Vec::new();
            for (i, part) in modules.iter().enumerate() {
                let own = match i {
                    0 => part,
                    _ => part
                        .strip_prefix(modules[i - 1])
                        .and_then(|p| p.strip_prefix('.'))
                        .unwrap_or(part),
                };
                path.extend(own.split('.').map(str::to_string));
            }
            path
        }
        None => name
            .split('/')
            .next()
            .unwrap_or("")
            .split('.')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

impl<'a> Graph<'a> {
    fn new(model: &'a ModelProto) -> Result<Graph<'a>, Error> {
        let Some(g) = &model.graph else {
            return err("the model has no graph");
        };
        let mut consts = HashMap::new();
        for t in &g.initializer {
            consts.insert(t.name.clone().unwrap_or_default(), Const::of(t)?);
        }
        let initializers: HashSet<&str> = g
            .initializer
            .iter()
            .filter_map(|t| t.name.as_deref())
            .collect();
        let inputs: Vec<&str> = g
            .input
            .iter()
            .filter_map(|v| v.name.as_deref())
            .filter(|n| !initializers.contains(n))
            .collect();
        let [input] = inputs[..] else {
            return err(format!(
                "the model has {} inputs ({}): a network has one",
                inputs.len(),
                inputs.join(", ")
            ));
        };
        let outputs: Vec<&str> = g.output.iter().filter_map(|v| v.name.as_deref()).collect();
        // Values that carry data: computed from the input, except through `Shape`.
        let mut data: HashSet<String> = HashSet::from([input.to_string()]);
        let mut aliases: HashMap<String, String> = HashMap::new();
        let mut computed = HashMap::new();
        let mut nodes = Vec::new();
        for node in &g.node {
            let reads_data = node.input.iter().any(|i| data.contains(i));
            match op_type(node) {
                "Constant" => {
                    let Some(t) = node.attribute.iter().find_map(|a| a.t.as_ref()) else {
                        return err(format!(
                            "the Constant `{}` holds no tensor",
                            node_name(node)
                        ));
                    };
                    consts.insert(node.output[0].clone(), Const::of(t)?);
                }
                "Identity" if reads_data => {
                    let source = aliases
                        .get(&node.input[0])
                        .unwrap_or(&node.input[0])
                        .clone();
                    aliases.insert(node.output[0].clone(), source);
                    data.insert(node.output[0].clone());
                }
                "Identity" if consts.contains_key(&node.input[0]) => {
                    let c = consts[&node.input[0]].clone();
                    consts.insert(node.output[0].clone(), c);
                }
                "Shape" | "Size" => {
                    for o in &node.output {
                        computed.insert(o.clone(), node);
                    }
                }
                _ if reads_data => {
                    data.extend(node.output.iter().cloned());
                    nodes.push(node);
                }
                _ => {
                    for o in &node.output {
                        computed.insert(o.clone(), node);
                    }
                }
            }
        }
        let mut graph = Graph {
            model,
            input: input.to_string(),
            outputs: (outputs.iter())
                .map(|o| aliases.get(*o).cloned().unwrap_or(o.to_string()))
                .collect(),
            consts,
            computed,
            ops: Vec::new(),
            readers: HashMap::new(),
            trailing: Default::default(),
        };
        let resolve = |v: &String| aliases.get(v).cloned().unwrap_or_else(|| v.clone());
        // Every value's data readers, to see the patterns of several nodes.
        let mut readers: HashMap<String, Vec<usize>> = HashMap::new();
        let nodes: Vec<NodeProto> = nodes
            .into_iter()
            .map(|n| {
                let mut n = n.clone();
                n.input = n.input.iter().map(resolve).collect();
                n
            })
            .collect();
        for (i, n) in nodes.iter().enumerate() {
            for v in n.input.iter().filter(|v| data.contains(*v)) {
                readers.entry(v.clone()).or_default().push(i);
            }
        }
        let mut taken = vec![false; nodes.len()];
        for i in 0..nodes.len() {
            if !taken[i] {
                let op = graph.op(&nodes, i, &readers, &data, &mut taken)?;
                graph.ops.push(op);
            }
        }
        graph.name_modules();
        graph.nest_concats();
        for (i, op) in graph.ops.iter().enumerate() {
            for v in &op.inputs {
                graph.readers.entry(v.clone()).or_default().push(i);
            }
        }
        Ok(graph)
    }

    /// The input's dimensions after the batch, if they are fixed.
    fn input_shape(&self) -> Option<Vec<i64>> {
        use crate::proto::{tensor_shape_proto::dimension, type_proto};
        let g = self.model.graph.as_ref()?;
        let value = g
            .input
            .iter()
            .find(|v| v.name.as_deref() == Some(&self.input))?;
        let shape = match &value.r#type.as_ref()?.value {
            Some(type_proto::Value::TensorType(t)) => t.shape.as_ref()?,
            _ => return None,
        };
        let dims: Vec<i64> = (shape.dim.iter().skip(1))
            .map(|d| match d.value {
                Some(dimension::Value::DimValue(v)) => v,
                _ => 0,
            })
            .collect();
        (!dims.is_empty() && dims.iter().all(|&v| v > 0)).then_some(dims)
    }

    /// The input's dimensions after the batch: `3x224x224`.
    fn input_dims(&self) -> Result<String, Error> {
        match self.input_shape() {
            Some(d) => Ok(d.iter().map(i64::to_string).collect::<Vec<_>>().join("x")),
            None => err(format!(
                "the input `{}` has no fixed shape after its batch dimension: the language checks one input shape",
                self.input
            )),
        }
    }

    /// A constant's integers, where each may be unknown (a dimension read by `Shape`).
    fn ints(&self, v: &str) -> Option<Vec<Option<i64>>> {
        if let Some(c) = self.consts.get(v) {
            return Some(c.ints.iter().map(|&x| Some(x)).collect());
        }
        let node = self.computed.get(v)?;
        let input = |i: usize| self.ints(node.input.get(i)?);
        match op_type(node) {
            "Concat" => {
                let mut all = Vec::new();
                for i in 0..node.input.len() {
                    all.extend(input(i)?);
                }
                Some(all)
            }
            "Unsqueeze" | "Cast" | "Squeeze" => input(0),
            "Div" | "Mul" | "Add" | "Sub" => {
                let (a, b) = (input(0)?, input(1));
                let b = b.filter(|b| b.len() == a.len() || b.len() == 1);
                let at = |i: usize| b.as_ref().and_then(|b| b[i.min(b.len() - 1)]);
                let f = |x: i64, y: i64| match op_type(node) {
                    "Div" => x.checked_div(y),
                    "Mul" => x.checked_mul(y),
                    "Add" => x.checked_add(y),
                    _ => x.checked_sub(y),
                };
                Some(
                    (0..a.len())
                        .map(|i| a[i].zip(at(i)).and_then(|(x, y)| f(x, y)))
                        .collect(),
                )
            }
            "Gather" => {
                let idx = input(1)?;
                match self.ints(&node.input[0]) {
                    Some(all) => idx
                        .iter()
                        .map(|i| i.and_then(|i| all.get(i as usize).copied().flatten()))
                        .map(Some)
                        .collect(),
                    None => Some(vec![None; idx.len()]),
                }
            }
            // The graph input's dimensions are known but for its batch.
            "Shape" if node.input[0] == self.input => {
                let dims = self.input_shape()?;
                Some(
                    [None]
                        .into_iter()
                        .chain(dims.into_iter().map(Some))
                        .collect(),
                )
            }
            // A slice of a shape: its length is known, its values where they are.
            "Slice" => {
                let bound = |i: usize| -> Option<i64> { input(i)?.first().copied().flatten() };
                let (start, end) = (bound(1)?, bound(2)?);
                match self.ints(&node.input[0]) {
                    Some(all) => {
                        let n = all.len() as i64;
                        let clamp = |v: i64| (if v < 0 { v + n } else { v }).clamp(0, n) as usize;
                        Some(all.get(clamp(start)..clamp(end))?.to_vec())
                    }
                    None if (0..64).contains(&start) && (start..64).contains(&end) => {
                        Some(vec![None; (end - start) as usize])
                    }
                    None => None,
                }
            }
            _ => None,
        }
    }

    /// A constant's floats.
    fn floats(&self, v: &str) -> Option<&[f32]> {
        self.consts.get(v).map(|c| &c.floats[..])
    }

    /// The op that node `i` starts, with the nodes of its pattern marked taken.
    fn op(
        &self,
        nodes: &[NodeProto],
        i: usize,
        readers: &HashMap<String, Vec<usize>>,
        data: &HashSet<String>,
        taken: &mut [bool],
    ) -> Result<Op, Error> {
        let node = &nodes[i];
        taken[i] = true;
        let name = node_name(node);
        let kind = op_type(node);
        let ins: Vec<String> = node
            .input
            .iter()
            .filter(|v| data.contains(*v))
            .cloned()
            .collect();
        let constant = |k: usize| -> Option<&String> {
            node.input
                .get(k)
                .filter(|v| !v.is_empty() && !data.contains(*v))
        };
        let mut op = Op {
            stmt: String::new(),
            inputs: ins.clone(),
            outputs: node.output.clone(),
            merge: None,
            split: false,
            slice: None,
            permute: None,
            at: Vec::new(),
            own: None,
            params: Vec::new(),
            node: name.clone(),
        };
        let cannot =
            |why: &str| -> Result<Op, Error> { err(format!("node `{name}` ({kind}): {why}")) };
        // The only reader of this node's output, when it is one node of `kinds`.
        let next = |of: &str, kinds: &[&str]| -> Option<usize> {
            match readers.get(of).map(Vec::as_slice) {
                Some([j]) if kinds.contains(&op_type(&nodes[*j])) => Some(*j),
                _ => None,
            }
        };
        let out = node.output[0].clone();
        let params = |keys: &[Option<&String>],
                      suffixes: &[&str],
                      op: &mut Op|
         -> Result<(), Error> {
            let mut path = None;
            for (k, suffix) in keys.iter().zip(suffixes) {
                let Some(k) = k else { continue };
                let Some(p) = k.strip_suffix(suffix) else {
                    return err(format!(
                        "node `{name}` ({kind}): its tensor `{k}` is not named `PATH{suffix}` as a state_dict names it"
                    ));
                };
                if path.is_some_and(|q| q != p) {
                    return err(format!(
                        "node `{name}` ({kind}): its tensors name two modules ({k})"
                    ));
                }
                path = Some(p);
                op.params.push(k.to_string());
            }
            if let Some(p) = path {
                op.place(p);
            }
            Ok(())
        };
        if ins.len() != 1 && !matches!(kind, "Add" | "Mul" | "Concat") {
            return cannot(
                "reads several tensors computed from the input; the language has no such layer",
            );
        }
        match kind {
            "Conv" | "ConvTranspose" => {
                let Some(w) = constant(1).and_then(|w| self.consts.get(w)) else {
                    return cannot("its weight is not a constant");
                };
                let rank = w.dims.len().saturating_sub(2);
                let kernel = attr_ints(node, "kernel_shape")
                    .unwrap_or_else(|| w.dims[2..].iter().map(|&d| d as i64).collect());
                let one = vec![1; rank];
                let strides = attr_ints(node, "strides").unwrap_or(one.clone());
                let dilations = attr_ints(node, "dilations").unwrap_or(one);
                let pads = attr_ints(node, "pads").unwrap_or(vec![0; 2 * rank]);
                let group = attr_i(node, "group").unwrap_or(1);
                if attr_s(node, "auto_pad").is_some_and(|a| a != "NOTSET") {
                    return cannot("auto_pad is not read: export with explicit pads");
                }
                let (begin, end) = pads.split_at(rank);
                let mut s = if kind == "Conv" {
                    format!("conv {} k{}", w.dims[0], per_axis(&kernel))
                } else {
                    format!("upconv {} k{}", w.dims[1] as i64 * group, per_axis(&kernel))
                };
                if strides.iter().any(|&v| v != 1) {
                    write!(s, " s{}", per_axis(&strides)).unwrap();
                }
                if begin != end {
                    return cannot("its padding is not the same on both sides of an axis; the language pads convolutions symmetrically");
                }
                if begin.iter().any(|&v| v != 0) {
                    write!(s, " p{}", per_axis(begin)).unwrap();
                }
                if let Some(op_) =
                    attr_ints(node, "output_padding").filter(|o| o.iter().any(|&v| v != 0))
                {
                    write!(s, " op{}", per_axis(&op_)).unwrap();
                }
                if dilations.iter().any(|&v| v != 1) {
                    write!(s, " d{}", per_axis(&dilations)).unwrap();
                }
                if group != 1 {
                    write!(s, " g{group}").unwrap();
                }
                if constant(2).is_none() {
                    s.push_str(" nobias");
                }
                params(&[constant(1), constant(2)], &[".weight", ".bias"], &mut op)?;
                op.stmt = s;
            }
            "BatchNormalization" => {
                if attr_i(node, "training_mode").unwrap_or(0) != 0 {
                    return cannot("it runs in training mode: export the model in eval mode");
                }
                let mut s = "bn".to_string();
                let eps = attr_f(node, "epsilon").unwrap_or(1e-5);
                if eps != 1e-5 {
                    write!(s, " eps {}", float(eps)).unwrap();
                }
                // ONNX's momentum weighs the running value, PyTorch's the new one.
                let momentum = 1.0 - attr_f(node, "momentum").unwrap_or(0.9);
                if (momentum - 0.1).abs() > 1e-6 {
                    write!(s, " momentum {}", float((momentum * 1e6).round() / 1e6)).unwrap();
                }
                params(
                    &[constant(1), constant(2), constant(3), constant(4)],
                    &[".weight", ".bias", ".running_mean", ".running_var"],
                    &mut op,
                )?;
                op.stmt = s;
            }
            "Gemm" => {
                let Some(w) = constant(1).and_then(|w| self.consts.get(w)) else {
                    return cannot("its weight is not a constant");
                };
                if attr_i(node, "transB") != Some(1)
                    || attr_i(node, "transA").unwrap_or(0) != 0
                    || attr_f(node, "alpha").unwrap_or(1.0) != 1.0
                    || attr_f(node, "beta").unwrap_or(1.0) != 1.0
                {
                    return cannot("only `x @ W.T + b` (nn.Linear) is read");
                }
                op.stmt = format!("dense {}", w.dims[0]);
                if constant(2).is_none() {
                    op.stmt.push_str(" nobias");
                }
                params(&[constant(1), constant(2)], &[".weight", ".bias"], &mut op)?;
            }
            "Relu" | "Sigmoid" | "Tanh" | "HardSwish" | "Mish" | "Gelu" => {
                let silu = (kind == "Sigmoid")
                    .then(|| next(&out, &["Mul"]))
                    .flatten()
                    .filter(|&j| {
                        let m = &nodes[j];
                        m.input.len() == 2 && m.input.contains(&ins[0]) && m.input.contains(&out)
                    });
                if let Some(j) = silu {
                    taken[j] = true;
                    op.outputs = nodes[j].output.clone();
                    op.node = node_name(&nodes[j]);
                    op.stmt = "silu".into();
                } else {
                    op.stmt = match kind {
                        "Relu" => "relu",
                        "Sigmoid" => "sigmoid",
                        "Tanh" => "tanh",
                        "HardSwish" => "hardswish",
                        "Mish" => "mish",
                        _ if attr_s(node, "approximate").is_some_and(|a| a != "none") => {
                            return cannot("tanh-approximated GELU is not in the language")
                        }
                        _ => "gelu",
                    }
                    .into();
                }
            }
            "HardSigmoid" => {
                let (alpha, beta) = (
                    attr_f(node, "alpha").unwrap_or(0.2),
                    attr_f(node, "beta").unwrap_or(0.5),
                );
                if (alpha - 1.0 / 6.0).abs() > 1e-6 || beta != 0.5 {
                    return cannot(
                        "only PyTorch's hardsigmoid (alpha 1/6, beta 0.5) is in the language",
                    );
                }
                op.stmt = "hardsigmoid".into();
            }
            "Clip" => {
                let bound = |k: usize| {
                    constant(k)
                        .and_then(|v| self.floats(v))
                        .and_then(|f| f.first().copied())
                };
                op.stmt = match (bound(1), bound(2)) {
                    (Some(0.0), Some(6.0)) => "relu6".into(),
                    (Some(-1.0), Some(1.0)) => "hardtanh".into(),
                    _ => return cannot(
                        "only clips to [0, 6] (relu6) and [-1, 1] (hardtanh) are in the language",
                    ),
                };
            }
            "LeakyRelu" => {
                op.stmt = format!(
                    "leaky_relu {}",
                    float(attr_f(node, "alpha").unwrap_or(0.01))
                )
            }
            "Elu" => op.stmt = format!("elu {}", float(attr_f(node, "alpha").unwrap_or(1.0))),
            "Softmax" | "LogSoftmax" => {
                if attr_i(node, "axis") != Some(1) {
                    return cannot("only a softmax over the channels (axis 1) is in the language");
                }
                op.stmt = if kind == "Softmax" {
                    "softmax"
                } else {
                    "logsoftmax"
                }
                .into();
            }
            "MaxPool" | "AveragePool" => {
                let kernel = attr_ints(node, "kernel_shape").unwrap_or_default();
                let rank = kernel.len();
                let strides = attr_ints(node, "strides").unwrap_or(vec![1; rank]);
                let pads = attr_ints(node, "pads").unwrap_or(vec![0; 2 * rank]);
                let (begin, end) = pads.split_at(rank);
                if begin != end {
                    return cannot("its padding is not the same on both sides of an axis");
                }
                if attr_ints(node, "dilations").is_some_and(|d| d.iter().any(|&v| v != 1)) {
                    return cannot("dilated pooling is not in the language");
                }
                if kind == "AveragePool"
                    && begin.iter().any(|&p| p != 0)
                    && attr_i(node, "count_include_pad").unwrap_or(0) == 0
                {
                    return cannot("it leaves padding out of its averages (count_include_pad=False); the language counts it, as PyTorch's default does");
                }
                let mut s = format!(
                    "{} {}",
                    if kind == "MaxPool" { "pool" } else { "avgpool" },
                    per_axis(&kernel)
                );
                if strides != kernel {
                    write!(s, " s{}", per_axis(&strides)).unwrap();
                }
                if begin.iter().any(|&v| v != 0) {
                    write!(s, " p{}", per_axis(begin)).unwrap();
                }
                if attr_i(node, "ceil_mode").unwrap_or(0) == 1 {
                    s.push_str(" ceil");
                }
                op.stmt = s;
            }
            "GlobalAveragePool" => op.stmt = "gap".into(),
            "GlobalMaxPool" => op.stmt = "adaptivemaxpool 1".into(),
            "ReduceMean" => {
                let axes = constant(1)
                    .and_then(|a| self.ints(a))
                    .or_else(|| attr_ints(node, "axes").map(|a| a.into_iter().map(Some).collect()));
                // Dropped axes are what a `dense` after it flattens anyway.
                let kept =
                    attr_i(node, "keepdims").unwrap_or(1) == 1 || next(&out, &["Gemm"]).is_some();
                match axes.as_deref() {
                    Some([Some(2), Some(3)]) | Some([Some(-2), Some(-1)]) if kept => {
                        op.stmt = "gap".into()
                    }
                    _ => {
                        return cannot(
                            "only a mean over the spatial axes (a global average pool) is read",
                        )
                    }
                }
            }
            "Flatten" => {
                if attr_i(node, "axis").unwrap_or(1) != 1 {
                    return cannot("only a flatten from axis 1 is in the language");
                }
                // `dense` flattens its input itself.
                op.stmt = match next(&out, &["Gemm"]) {
                    Some(_) => "",
                    None => "flatten",
                }
                .into();
            }
            "Reshape" => {
                let shape = constant(1).and_then(|s| self.ints(s));
                // A channel shuffle: [N, G, C/G, ...] → transposed → [N, C, ...].
                let shuffle = shape
                    .as_ref()
                    .filter(|s| s.len() >= 4)
                    .and_then(|s| s[1])
                    .and_then(|g| {
                        let t = next(&out, &["Transpose"])?;
                        let perm = attr_ints(&nodes[t], "perm")?;
                        let r = next(&nodes[t].output[0], &["Reshape"])?;
                        let rank = shape.as_ref().map_or(0, Vec::len);
                        (perm.len() == rank && perm[..3] == [0, 2, 1]).then_some((g, t, r))
                    });
                if let Some((g, t, r)) = shuffle {
                    taken[t] = true;
                    taken[r] = true;
                    op.outputs = nodes[r].output.clone();
                    op.stmt = format!("shuffle {g}");
                } else if matches!(shape.as_deref(), Some([_, Some(-1)])) {
                    op.stmt = "flatten".into();
                } else {
                    return cannot("only a flatten and a channel shuffle are read as reshapes");
                }
            }
            "Pad" => {
                let mode = match attr_s(node, "mode").as_deref().unwrap_or("constant") {
                    "constant" => "",
                    "reflect" => " reflect",
                    "edge" => " replicate",
                    "wrap" => " circular",
                    m => return cannot(&format!("the padding mode `{m}` is not in the language")),
                };
                if constant(2)
                    .and_then(|v| self.floats(v))
                    .is_some_and(|f| f.iter().any(|&v| v != 0.0))
                {
                    return cannot(
                        "only zeros pad: a constant other than zero is not in the language",
                    );
                }
                let Some(pads) = constant(1)
                    .and_then(|p| self.ints(p))
                    .and_then(|p| p.into_iter().collect::<Option<Vec<i64>>>())
                else {
                    return cannot("its pads are not constants");
                };
                let rank = pads.len() / 2;
                if rank < 3 || (0..2).any(|a| pads[a] != 0 || pads[a + rank] != 0) {
                    return cannot("only the spatial axes may be padded");
                }
                let pairs: Vec<String> = (2..rank)
                    .rev()
                    .flat_map(|a| [pads[a], pads[a + rank]])
                    .map(|v| v.to_string())
                    .collect();
                op.stmt = format!("pad ({}){mode}", pairs.join(", "));
            }
            "Resize" | "Upsample" => op.stmt = self.resize(node, &constant)?,
            "InstanceNormalization" => {
                let eps = attr_f(node, "epsilon").unwrap_or(1e-5);
                let affine = constant(1).is_some_and(|k| k.ends_with(".weight"));
                op.stmt = if affine {
                    "instancenorm affine"
                } else {
                    "instancenorm"
                }
                .into();
                if eps != 1e-5 {
                    write!(op.stmt, " eps {}", float(eps)).unwrap();
                }
                if affine {
                    params(&[constant(1), constant(2)], &[".weight", ".bias"], &mut op)?;
                }
            }
            "PRelu" => {
                op.stmt = "prelu".into();
                params(&[constant(1)], &[".weight"], &mut op)?;
            }
            "Dropout" => op.stmt = "dropout 0.5".into(),
            "Add" | "Mul" | "Concat" => {
                if ins.len() == 1 && node.input.len() == 1 {
                    // `torch.cat` of one tensor.
                    op.stmt = "".into();
                } else if ins.len() != node.input.len() {
                    if kind == "Mul" {
                        let k = node
                            .input
                            .iter()
                            .find(|v| !data.contains(*v))
                            .expect("a constant");
                        let c = self.consts.get(k);
                        if c.is_some_and(|c| c.dims.len() == 3 && c.dims[1..] == [1, 1]) {
                            op.stmt = "layerscale".into();
                            op.params.push(k.clone());
                            op.place(k);
                            return Ok(op);
                        }
                    }
                    return cannot(
                        "it combines a tensor with a constant; the language has no such layer",
                    );
                } else {
                    if kind == "Concat" && attr_i(node, "axis") != Some(1) {
                        return cannot(
                            "only a concatenation along the channels (axis 1) is in the language",
                        );
                    }
                    op.merge = Some(match kind {
                        "Add" => "Add",
                        "Mul" => "Mul",
                        _ => "Concat",
                    });
                }
            }
            "Split" => {
                if attr_i(node, "axis").unwrap_or(0) != 1 {
                    return cannot("only a split along the channels (axis 1) is in the language");
                }
                if let Some(sizes) = constant(1).and_then(|s| self.ints(s)) {
                    if sizes.windows(2).any(|w| w[0] != w[1]) {
                        return cannot(
                            "only a split into equal groups (torch.chunk) is in the language",
                        );
                    }
                }
                op.split = true;
            }
            "Transpose" => {
                let perm = attr_ints(node, "perm").unwrap_or_default();
                let rank = perm.len();
                let last: Vec<i64> = [0].into_iter().chain(2..rank as i64).chain([1]).collect();
                let first: Vec<i64> = [0, rank as i64 - 1]
                    .into_iter()
                    .chain(1..rank as i64 - 1)
                    .collect();
                // ConvNeXt's LayerNorm2d: to channels last, a LayerNorm, and back.
                let norm = next(&out, &["LayerNormalization"]).and_then(|l| {
                    let t = next(&nodes[l].output[0], &["Transpose"])?;
                    (attr_ints(&nodes[t], "perm")? == first).then_some((l, t))
                });
                match (rank > 2 && perm == last, norm) {
                    (true, Some((l, t))) => {
                        taken[l] = true;
                        taken[t] = true;
                        op.outputs = nodes[t].output.clone();
                        op.node = node_name(&nodes[l]);
                        op.stmt = self.layer_norm(&nodes[l], &mut op.params)?;
                        let path = op.params[0]
                            .strip_suffix(".weight")
                            .unwrap_or("")
                            .to_string();
                        op.place(&path);
                    }
                    (true, None) => op.permute = Some(true),
                    _ if rank > 2 && perm == first => op.permute = Some(false),
                    _ => return cannot(
                        "only ConvNeXt's permutes to channels last and back are read as transposes",
                    ),
                }
            }
            "LayerNormalization" => {
                op.stmt = self.layer_norm(node, &mut op.params)?;
                let path = op.params[0]
                    .strip_suffix(".weight")
                    .unwrap_or("")
                    .to_string();
                op.place(&path);
            }
            "MatMul" => {
                // `nn.Linear` on more than two axes: `x @ W.T`, `+ b` after.
                let weight = constant(1)
                    .and_then(|w| self.computed.get(w))
                    .filter(|t| {
                        op_type(t) == "Transpose" && attr_ints(t, "perm") == Some(vec![1, 0])
                    })
                    .map(|t| t.input[0].clone())
                    .filter(|w| self.consts.get(w).is_some_and(|c| c.dims.len() == 2));
                let Some(w) = weight else {
                    return cannot("only `x @ W.T` of a `Linear`'s weight is read as a product");
                };
                let bias = next(&out, &["Add"]).and_then(|a| {
                    let b = nodes[a].input.iter().find(|v| !data.contains(*v))?.clone();
                    (self.consts.get(&b)?.dims.len() == 1).then_some((a, b))
                });
                op.stmt = format!("dense {}", self.consts[&w].dims[0]);
                let b = match bias {
                    Some((a, b)) => {
                        taken[a] = true;
                        op.outputs = nodes[a].output.clone();
                        Some(b)
                    }
                    None => {
                        op.stmt.push_str(" nobias");
                        None
                    }
                };
                op.params.clear();
                params(&[Some(&w), b.as_ref()], &[".weight", ".bias"], &mut op)?;
            }
            "Div" => {
                // GELU as PyTorch writes it: x * (erf(x / sqrt 2) + 1) * 0.5.
                let divisor = constant(1)
                    .and_then(|c| self.floats(c))
                    .and_then(|f| f.first().copied());
                let gelu = (|| {
                    let erf = next(&out, &["Erf"])?;
                    let add = next(&nodes[erf].output[0], &["Add"])?;
                    let mul = next(&nodes[add].output[0], &["Mul"])?;
                    let half = next(&nodes[mul].output[0], &["Mul"])?;
                    nodes[mul]
                        .input
                        .contains(&ins[0])
                        .then_some([erf, add, mul, half])
                })();
                match (divisor, gelu) {
                    (Some(d), Some(chain)) if (d - std::f32::consts::SQRT_2).abs() < 1e-6 => {
                        for j in chain {
                            taken[j] = true;
                        }
                        op.outputs = nodes[chain[3]].output.clone();
                        op.stmt = "gelu".into();
                    }
                    _ => return cannot("only GELU's `x / sqrt(2)` is read as a division"),
                }
            }
            "Slice" => {
                let axes = constant(3).and_then(|a| self.ints(a));
                let steps = constant(4).and_then(|a| self.ints(a));
                if axes != Some(vec![Some(1)]) || steps.is_some_and(|s| s != [Some(1)]) {
                    return cannot(
                        "only the parts of a `torch.chunk` of the channels are read as slices",
                    );
                }
                let (Some(start), Some(end)) = (constant(1), constant(2)) else {
                    return cannot("its start and end are not constants");
                };
                op.slice = Some((start.clone(), end.clone()));
            }
            _ => return cannot("the language has no such layer"),
        }
        Ok(op)
    }

    /// A LayerNormalization over the last axis as `ln`, its tensors' keys in `params`.
    fn layer_norm(&self, node: &NodeProto, params: &mut Vec<String>) -> Result<String, Error> {
        let name = node_name(node);
        if attr_i(node, "axis").unwrap_or(-1) != -1 {
            return err(format!("node `{name}` (LayerNormalization): only a norm over the last axis (the channels, channels last) is read"));
        }
        let keys: Vec<String> = node.input[1..]
            .iter()
            .filter(|k| !k.is_empty())
            .cloned()
            .collect();
        if keys.len() != 2 || !keys[0].ends_with(".weight") || !keys[1].ends_with(".bias") {
            return err(format!("node `{name}` (LayerNormalization): its scale and bias are not a module's `weight` and `bias`"));
        }
        params.extend(keys);
        let eps = attr_f(node, "epsilon").unwrap_or(1e-5);
        Ok(match eps == 1e-5 {
            true => "ln".into(),
            false => format!("ln eps {}", float(eps)),
        })
    }

    /// A `Resize` as `upsample S` (integer scales) or `resize DIMS` (constant sizes).
    fn resize(
        &self,
        node: &NodeProto,
        constant: &dyn Fn(usize) -> Option<&'a String>,
    ) -> Result<String, Error> {
        let name = node_name(node);
        let cannot = |why: &str| Error(format!("node `{name}` ({}): {why}", op_type(node)));
        let mode = attr_s(node, "mode").unwrap_or("nearest".into());
        let transform =
            attr_s(node, "coordinate_transformation_mode").unwrap_or("half_pixel".into());
        let (scales, sizes) = match op_type(node) {
            "Upsample" => (constant(1), None),
            _ => (constant(2), constant(3)),
        };
        let scales: Option<Vec<f32>> = scales
            .and_then(|s| self.floats(s))
            .filter(|s| !s.is_empty())
            .map(<[f32]>::to_vec);
        // The batch and channels may be unknown (read from a shape); the sizes not.
        let sizes: Option<Vec<i64>> = sizes
            .and_then(|s| self.ints(s))
            .filter(|s| s.len() > 2)
            .map(|s| {
                let spatial = s[2..].iter().copied().collect::<Option<Vec<i64>>>();
                spatial.map(|v| [vec![0, 0], v].concat()).ok_or(())
            })
            .transpose()
            .map_err(|()| cannot("its sizes come from a tensor's shape at run time; import of those is not built yet"))?;
        let rank = scales
            .as_ref()
            .map(Vec::len)
            .or(sizes.as_ref().map(Vec::len))
            .unwrap_or(0);
        let mode = match (mode.as_str(), rank) {
            ("nearest", _) => {
                if transform != "asymmetric"
                    || attr_s(node, "nearest_mode").is_some_and(|m| m != "floor")
                {
                    return Err(cannot("only PyTorch's nearest (asymmetric, floor) is read"));
                }
                ""
            }
            ("linear" | "cubic", _) if transform == "align_corners" => {
                return Err(cannot("align_corners=True is not in the language"))
            }
            ("linear", 3) => " linear",
            ("linear", 4) => " bilinear",
            ("linear", 5) => " trilinear",
            ("cubic", 4) => " bicubic",
            (m, _) => {
                return Err(cannot(&format!(
                    "the mode `{m}` at this rank is not in the language"
                )))
            }
        };
        if let Some(sizes) = sizes {
            return Ok(format!("resize {}{mode}", per_axis(&sizes[2..])));
        }
        let Some(scales) = scales else {
            return Err(cannot("neither its scales nor its sizes are constants"));
        };
        let whole: Option<Vec<i64>> = scales[2..]
            .iter()
            .map(|&s| (s.fract() == 0.0 && s >= 1.0).then_some(s as i64))
            .collect();
        match whole {
            Some(s) if scales[..2] == [1.0, 1.0] => Ok(format!("upsample {}{mode}", per_axis(&s))),
            _ => Err(cannot(
                "only whole scales of the spatial axes are in the language",
            )),
        }
    }

    /// A concatenation that repeats another's inputs and adds some reads that one's
    /// output instead: DenseNet's layers each concatenate every tensor before them
    /// (`cat([x0, n1, n2])` after `cat([x0, n1])`), which the language writes as each
    /// layer concatenating its input with its new channels.
    fn nest_concats(&mut self) {
        let concats: Vec<(usize, Vec<String>)> = (self.ops.iter().enumerate())
            .filter(|(_, op)| op.merge == Some("Concat"))
            .map(|(i, op)| (i, op.inputs.clone()))
            .collect();
        for (i, inputs) in &concats {
            let prefix = concats
                .iter()
                .filter(|(j, p)| j != i && p.len() >= 2 && p.len() < inputs.len())
                .filter(|(_, p)| inputs.starts_with(p))
                .max_by_key(|(_, p)| p.len());
            if let Some((j, p)) = prefix {
                let mut nested = vec![self.ops[*j].outputs[0].clone()];
                nested.extend(inputs[p.len()..].iter().cloned());
                self.ops[*i].inputs = nested;
            }
        }
    }

    /// Names the layers without tensors by their module scopes: a node that is a module
    /// of its own (`/layer1/layer1.0/relu/Relu`, no other op in that scope or under it)
    /// is named by it; one in a scope others share (a functional op in a module's
    /// `forward`) belongs to that scope unnamed.
    fn name_modules(&mut self) {
        let scopes: Vec<Vec<String>> = self.ops.iter().map(|op| scope(&op.node)).collect();
        let ours = self.ops.iter().all(|op| !op.node.starts_with('/'));
        let mut under: HashMap<Vec<String>, usize> = HashMap::new();
        for (op, s) in self.ops.iter().zip(&scopes) {
            let full = match &op.own {
                Some(own) => [op.at.clone(), vec![own.clone()]].concat(),
                None => s.clone(),
            };
            for n in 1..=full.len() {
                *under.entry(full[..n].to_vec()).or_default() += 1;
            }
        }
        for (op, mut s) in self.ops.iter_mut().zip(scopes) {
            if op.own.is_some() || op.merge.is_some() {
                continue;
            }
            if ours || (!s.is_empty() && under.get(&s) == Some(&1)) {
                op.own = s.pop();
            }
            op.at = s;
        }
    }

    /// Every tensor the layers read, by key.
    fn tensors(&self) -> Result<HashMap<String, Tensor>, Error> {
        let mut out = HashMap::new();
        for key in self.ops.iter().flat_map(|op| &op.params) {
            let c = &self.consts[key];
            let t = Tensor::from_vec(c.floats.clone(), c.dims.clone(), &Device::Cpu)
                .map_err(|e| Error(format!("the tensor `{key}`: {e}")))?;
            out.insert(key.clone(), t);
        }
        Ok(out)
    }

    /// The network from the input to the output, as items.
    /// The network from the input to its outputs, as items; and for each of the
    /// graph's outputs, its place among the network's (every head in execution order,
    /// then the flow's end: `OUTPUTS`' order).
    fn chain(&self) -> Result<(Vec<Item>, Vec<usize>), Error> {
        let (items, end, merge) = self.walk(&self.input)?;
        if let Some(m) = merge {
            return err(format!(
                "node `{}` merges tensors that do not branch from one tensor: the graph is not series-parallel",
                self.ops[m].node
            ));
        }
        fn heads(items: &[Item], ends: &mut Vec<String>) {
            for item in items {
                match item {
                    Item::Layer(_) | Item::From(_) => {}
                    Item::Block { branches, .. } => branches.iter().for_each(|b| heads(b, ends)),
                    Item::Head { items, end } => {
                        heads(items, ends);
                        ends.push(end.clone());
                    }
                }
            }
        }
        let mut ends = Vec::new();
        heads(&items, &mut ends);
        ends.push(end);
        let places = (self.outputs.iter())
            .map(|o| ends.iter().position(|e| e == o))
            .collect::<Option<Vec<usize>>>();
        match places {
            Some(p) if ends.len() == self.outputs.len() => Ok((items, p)),
            _ => err(format!(
                "the graph's outputs ({}) are not the ends of its flow and heads ({})",
                self.outputs.join(", "),
                ends.join(", ")
            )),
        }
    }

    /// Items from value `v` on, until a merge that `v`'s path is one branch of (that
    /// merge returned) or the end of the graph.
    fn walk(&self, v: &str) -> Result<(Vec<Item>, String, Option<usize>), Error> {
        let mut items = Vec::new();
        let mut v = v.to_string();
        loop {
            let readers = self.readers.get(&v).map(Vec::as_slice).unwrap_or(&[]);
            match readers {
                [] => return Ok((items, v, None)),
                [r] if self.ops[*r].merge.is_some() || self.ops[*r].permute == Some(false) => {
                    return Ok((items, v, Some(*r)))
                }
                [r] if self.ops[*r].permute == Some(true) => {
                    let op = &self.ops[*r];
                    let (inner, end, close) = self.walk(&op.outputs[0])?;
                    let Some(c) = close.filter(|&c| self.ops[c].permute == Some(false)) else {
                        return err(format!(
                            "node `{}` permutes to channels last, and the graph does not permute back after it",
                            op.node
                        ));
                    };
                    debug_assert_eq!(self.ops[c].inputs[0], end);
                    items.push(Item::Block {
                        kind: Kind::ChannelsLast,
                        branches: vec![inner],
                    });
                    v = self.ops[c].outputs[0].clone();
                }
                [r] if self.ops[*r].split => {
                    let op = &self.ops[*r];
                    let mut branches = Vec::new();
                    for o in &op.outputs {
                        branches.push(self.walk(o)?);
                    }
                    let (block, out, _) = self.block(&op.node, branches, true)?;
                    items.push(block);
                    v = out;
                }
                [r] => {
                    let op = &self.ops[*r];
                    if self.outputs.contains(&v) {
                        // An output that is read on (a feature pyramid's top level,
                        // pooled once more): this path ends at it, and what reads on
                        // is a head of its own that reads it (`from`), written after
                        // the head this path is.
                        let Some(path) = self.path_of(&v) else {
                            return err(format!("the output `{v}` is read on by `{}`, and its layer has no path to read it from", op.node));
                        };
                        let (mut rest, end, merge) = self.walk(&op.outputs[0])?;
                        if merge.is_some() || !self.outputs.contains(&end) {
                            return err(format!("the output `{v}` is read on by `{}` into the flow: not imported yet", op.node));
                        }
                        rest.insert(0, Item::Layer(*r));
                        rest.insert(0, Item::From(path));
                        self.trailing
                            .borrow_mut()
                            .push((v.clone(), Item::Head { items: rest, end }));
                        return Ok((items, v, None));
                    }
                    items.push(Item::Layer(*r));
                    v = op.outputs[0].clone();
                }
                many if many.iter().all(|&r| self.ops[r].slice.is_some()) => {
                    let parts = self.chunks(&v, many)?;
                    let mut branches = Vec::new();
                    for r in parts {
                        branches.push(self.walk(&self.ops[r].outputs[0])?);
                    }
                    let (block, out, _) = self.block(&v, branches, true)?;
                    items.push(block);
                    v = out;
                }
                many => {
                    let mut branches = Vec::new();
                    for &r in many {
                        let op = &self.ops[r];
                        if op.merge.is_some() {
                            branches.push((Vec::new(), v.clone(), Some(r)));
                        } else if op.split {
                            return err(format!(
                                "node `{}` splits a tensor that other nodes read too",
                                op.node
                            ));
                        } else {
                            let (mut rest, end, merge) = self.walk(&op.outputs[0])?;
                            rest.insert(0, Item::Layer(r));
                            branches.push((rest, end, merge));
                        }
                    }
                    // Branches that end at an output of the graph are heads; the
                    // flow goes on in the others (the longest, if all are heads).
                    let (mut ends, mut rest): (Vec<_>, Vec<_>) = branches
                        .into_iter()
                        .partition(|b| b.2.is_none() && self.outputs.contains(&b.1));
                    // Branches that merge among themselves first (a residual block
                    // right after a tensor that another branch reads too): that block,
                    // and what follows it, is one branch of the rest.
                    while let Some(m) = self.complete_merge(&rest) {
                        let (inner, others): (Vec<_>, Vec<_>) =
                            rest.into_iter().partition(|b| b.2 == Some(m));
                        rest = others;
                        let (block, out, _) = self.block(&v, inner, false)?;
                        let (more, end, merge) = self.walk(&out)?;
                        let mut items = vec![block];
                        items.extend(more);
                        let (mut heads, flow): (Vec<_>, Vec<_>) = [(items, end, merge)]
                            .into_iter()
                            .partition(|b| b.2.is_none() && self.outputs.contains(&b.1));
                        rest.extend(flow);
                        ends.append(&mut heads);
                    }
                    if rest.is_empty() {
                        // (Of equal ones, the one whose output comes last: a network's
                        // flow ends after its heads.)
                        let place = |end: &String| self.outputs.iter().position(|o| o == end);
                        let longest = (0..ends.len())
                            .max_by_key(|&k| (ends[k].0.len(), place(&ends[k].1)))
                            .expect("branches");
                        rest.push(ends.remove(longest));
                    }
                    for (head, end, _) in ends {
                        let after = self.after(&end);
                        items.push(Item::Head { items: head, end });
                        items.extend(after);
                    }
                    if let [_] = rest[..] {
                        let (flow, end, merge) = rest.pop().expect("one");
                        items.extend(flow);
                        return Ok((items, end, merge));
                    }
                    let (block, out, pending) = self.block(&v, rest, false)?;
                    items.push(block);
                    if pending.is_some() {
                        return Ok((items, out, pending));
                    }
                    v = out;
                }
            }
        }
    }

    /// The dotted path of the layer whose output `v` is, if it has one.
    fn path_of(&self, v: &str) -> Option<String> {
        let op = self
            .ops
            .iter()
            .find(|op| op.outputs.first().is_some_and(|o| o == v))?;
        let own = op.own.as_ref()?;
        Some([op.at.clone(), vec![own.clone()]].concat().join("."))
    }

    /// The heads waiting for the head that ends at `end`.
    fn after(&self, end: &str) -> Vec<Item> {
        let mut trailing = self.trailing.borrow_mut();
        let (mine, rest): (Vec<_>, Vec<_>) = trailing.drain(..).partition(|(v, _)| v == end);
        *trailing = rest;
        mine.into_iter().map(|(_, item)| item).collect()
    }

    /// Among branches from one tensor ending at several merges, a merge whose inputs
    /// they all are (so that it is a block of its own), if there are several merges.
    fn complete_merge(&self, branches: &[(Vec<Item>, String, Option<usize>)]) -> Option<usize> {
        let merges: HashSet<usize> = branches.iter().filter_map(|b| b.2).collect();
        if merges.len() < 2 {
            return None;
        }
        merges.into_iter().find(|&m| {
            let ends: Vec<&String> = branches
                .iter()
                .filter(|b| b.2 == Some(m))
                .map(|b| &b.1)
                .collect();
            ends.len() == self.ops[m].inputs.len()
                && self.ops[m].inputs.iter().all(|i| ends.contains(&i))
        })
    }

    /// The slices of `v`'s channels that `readers` are, in order, when they are the
    /// parts of a `torch.chunk`: the first starts at 0, each starts where the one
    /// before ends (the same value), and together they cover the channels (the last
    /// ends at a value no other slice starts at). The language's `split` checks that
    /// the parts are equal.
    fn chunks(&self, v: &str, readers: &[usize]) -> Result<Vec<usize>, Error> {
        let bound = |r: usize| self.ops[r].slice.clone().expect("a slice");
        let first = readers
            .iter()
            .copied()
            .find(|&r| self.ints(&bound(r).0) == Some(vec![Some(0)]));
        let mut parts = Vec::new();
        let mut next = first;
        while let Some(r) = next {
            parts.push(r);
            let end = bound(r).1;
            next = readers.iter().copied().find(|&q| bound(q).0 == end);
        }
        if parts.len() != readers.len() {
            return err(format!(
                "the slices of `{v}`'s channels are not the parts of a `torch.chunk`: the language has no such layer"
            ));
        }
        Ok(parts)
    }

    /// The block the branches make where they merge, and its output.
    fn block(
        &self,
        at: &str,
        branches: Vec<(Vec<Item>, String, Option<usize>)>,
        split: bool,
    ) -> Result<(Item, String, Option<usize>), Error> {
        let merges: HashSet<Option<usize>> = branches.iter().map(|b| b.2).collect();
        let Some(m) = merges
            .iter()
            .next()
            .copied()
            .flatten()
            .filter(|_| merges.len() == 1)
        else {
            return err(format!(
                "the branches from `{at}` do not all end at one merge (an add, a mul or a concat): the graph is not series-parallel, or has several outputs (not imported yet)"
            ));
        };
        let merge = &self.ops[m];
        // Each branch ends at one input of the merge, or (a concatenation nested in
        // it, which PyTorch's exporter flattens) at a run of them.
        let slots = |end: &str| -> Option<(usize, usize)> {
            match end.split_once(NESTED) {
                Some((first, last)) => {
                    let i = merge.inputs.iter().position(|v| v == first)?;
                    let j = merge.inputs.iter().position(|v| v == last)?;
                    Some((i, j + 1))
                }
                None => {
                    let i = merge.inputs.iter().position(|v| v == end)?;
                    Some((i, i + 1))
                }
            }
        };
        let mut placed: Vec<((usize, usize), Vec<Item>)> = Vec::new();
        for (items, end, _) in branches {
            let Some(run) =
                slots(&end).filter(|run| placed.iter().all(|(r, _)| r.1 <= run.0 || run.1 <= r.0))
            else {
                return err(format!(
                    "node `{}` merges a tensor that does not branch from `{at}`",
                    merge.node
                ));
            };
            placed.push((run, items));
        }
        placed.sort_by_key(|(run, _)| run.0);
        let (first, last) = (placed[0].0 .0, placed[placed.len() - 1].0 .1);
        let covered = placed.windows(2).all(|w| w[0].0 .1 == w[1].0 .0);
        let whole = first == 0 && last == merge.inputs.len() && covered;
        let nested = merge.merge == Some("Concat") && covered && !split;
        if !(whole || nested) {
            return err(format!(
                "the branches from `{at}` end at `{}` but not as all its inputs: the graph is not series-parallel, or has several outputs (not imported yet)",
                merge.node
            ));
        }
        let ordered: Vec<Option<Vec<Item>>> = placed.into_iter().map(|(_, b)| Some(b)).collect();
        let out = match whole {
            true => merge.outputs[0].clone(),
            false => format!("{}{NESTED}{}", merge.inputs[first], merge.inputs[last - 1]),
        };
        let mut branches: Vec<Vec<Item>> =
            ordered.into_iter().map(|b| b.expect("each slot")).collect();
        let kind = match (merge.merge, split) {
            (Some("Concat"), true) => Kind::Split,
            (_, true) => {
                return err(format!(
                    "node `{}` merges a split other than by concatenation",
                    merge.node
                ))
            }
            (Some("Concat"), false) => Kind::Concat,
            (Some(op), false) if branches.len() == 2 && branches.iter().any(Vec::is_empty) => {
                // The empty branch last: `residual { body }`, `scale { gate }`.
                if branches[0].is_empty() {
                    branches.swap(0, 1);
                }
                if op == "Add" {
                    Kind::Residual
                } else {
                    Kind::Scale
                }
            }
            (Some("Add"), false) if branches.len() == 2 => {
                // The body is the longer branch, the shortcut the projection
                // (RegNet sums `proj(x) + f(x)`, ResNet `out + downsample(x)`).
                if branches[1].len() > branches[0].len() {
                    branches.swap(0, 1);
                }
                Kind::Residual
            }
            (Some("Add"), false) => Kind::Add,
            _ => Kind::Mul,
        };
        let pending = (!whole).then_some(m);
        Ok((Item::Block { kind, branches }, out, pending))
    }

    /// The path of modules every layer of `item` lies under.
    fn anchor(&self, item: &Item) -> Option<Vec<String>> {
        match item {
            Item::Layer(i) => {
                let op = &self.ops[*i];
                Some([op.at.clone(), op.own.iter().cloned().collect()].concat())
            }
            Item::Head { items, .. } => self.common(items.iter()),
            Item::Block { branches, .. } => self.common(branches.iter().flatten()),
            Item::From(_) => None,
        }
    }

    /// Whether `item` is or holds the layer of path `path`.
    fn holds(&self, item: &Item, path: &[String]) -> bool {
        match item {
            Item::Layer(i) => {
                let op = &self.ops[*i];
                op.own
                    .as_ref()
                    .is_some_and(|own| path.split_last() == Some((own, &op.at[..])))
            }
            Item::From(_) => false,
            Item::Head { items, .. } => items.iter().any(|i| self.holds(i, path)),
            Item::Block { branches, .. } => branches.iter().flatten().any(|i| self.holds(i, path)),
        }
    }

    /// The longest path the anchors of `items` share.
    fn common<'i>(&self, items: impl Iterator<Item = &'i Item>) -> Option<Vec<String>> {
        let mut common: Option<Vec<String>> = None;
        for a in items.filter_map(|i| self.anchor(i)) {
            common = Some(match common {
                None => a,
                Some(c) => (c.iter().zip(&a))
                    .take_while(|(x, y)| x == y)
                    .map(|(x, _)| x.clone())
                    .collect(),
            });
        }
        common
    }

    /// `items` at level `level`, indented `depth` times, their names after `prefix`
    /// (the segments of a level written as dotted names); `used` holds the paths taken.
    fn render(
        &self,
        items: &[Item],
        level: &[String],
        depth: usize,
        out: &mut String,
        used: &mut HashSet<Vec<String>>,
        prefix: &str,
    ) {
        let key = |item: &Item| -> Option<String> {
            let a = self.anchor(item)?;
            // A layer at this level, or a block or head around one (its anchor the
            // layer's path), is named here, not wrapped in a level.
            let is_own_layer = a.len() == level.len() + 1 && self.holds(item, &a);
            (a.len() > level.len() && a.starts_with(level) && !is_own_layer)
                .then(|| a[level.len()].clone())
        };
        let pad = "    ".repeat(depth);
        let mut i = 0;
        while i < items.len() {
            if let Some(k) = key(&items[i]) {
                let mut j = i + 1;
                while j < items.len() && key(&items[j]).as_ref() == Some(&k) {
                    j += 1;
                }
                let inner = [level.to_vec(), vec![k.clone()]].concat();
                if used.insert(inner.clone()) {
                    writeln!(out, "{pad}{}: seq {{", segment(&format!("{prefix}{k}"))).unwrap();
                    self.render(&items[i..j], &inner, depth + 1, out, used, "");
                    writeln!(out, "{pad}}}").unwrap();
                } else {
                    // A module already written, run again later (its statements run
                    // between others'): its statements named by dotted paths here.
                    let prefix = format!("{prefix}{k}.");
                    self.render(&items[i..j], &inner, depth, out, used, &prefix);
                }
                i = j;
                continue;
            }
            match &items[i] {
                Item::Layer(l) => {
                    let op = &self.ops[*l];
                    if op.stmt.is_empty() {
                        i += 1;
                        continue;
                    }
                    let named = op.own.as_ref().filter(|own| {
                        op.at == level
                            && used.insert([level.to_vec(), vec![own.to_string()]].concat())
                    });
                    match named {
                        Some(own) => {
                            let name = segment(&format!("{prefix}{own}"));
                            writeln!(out, "{pad}{name}: {};", op.stmt).unwrap()
                        }
                        None => writeln!(out, "{pad}{};", op.stmt).unwrap(),
                    }
                }
                Item::From(path) => writeln!(out, "{pad}from {path};").unwrap(),
                Item::Head { items, .. } => {
                    writeln!(out, "{pad}head {{").unwrap();
                    self.render(items, level, depth + 1, out, used, prefix);
                    writeln!(out, "{pad}}}").unwrap();
                }
                Item::Block { kind, branches } => {
                    let word = match kind {
                        Kind::Residual => "residual",
                        Kind::Add => "add",
                        Kind::Scale => "scale",
                        Kind::Mul => "mul",
                        Kind::Concat => "concat",
                        Kind::Split => "split",
                        Kind::ChannelsLast => "channelslast",
                    };
                    match kind {
                        Kind::Residual | Kind::Scale | Kind::ChannelsLast => {
                            writeln!(out, "{pad}{word} {{").unwrap();
                            self.render(&branches[0], level, depth + 1, out, used, prefix);
                            if branches.get(1).is_some_and(|b| !b.is_empty()) {
                                writeln!(out, "{pad}}} shortcut {{").unwrap();
                                self.render(&branches[1], level, depth + 1, out, used, prefix);
                            }
                            writeln!(out, "{pad}}}").unwrap();
                        }
                        _ => {
                            writeln!(out, "{pad}{word} {{").unwrap();
                            for b in branches {
                                if b.is_empty() {
                                    writeln!(out, "{pad}    branch {{ }}").unwrap();
                                    continue;
                                }
                                writeln!(out, "{pad}    branch {{").unwrap();
                                self.render(b, level, depth + 2, out, used, prefix);
                                writeln!(out, "{pad}    }}").unwrap();
                            }
                            writeln!(out, "{pad}}}").unwrap();
                        }
                    }
                }
            }
            i += 1;
        }
    }
}

/// A path segment as a statement's name: an identifier, or a string literal.
fn segment(s: &str) -> String {
    let ident = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_keyword(s);
    if ident {
        s.to_string()
    } else {
        format!("{s:?}")
    }
}

fn is_keyword(s: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
        "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
        "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe",
        "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do",
        "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
        "gen",
    ];
    KEYWORDS.contains(&s)
}
