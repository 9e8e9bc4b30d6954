//! The pictures a header asks for with `#[cnn(diagram)]`: GRAPH_DOT and GRAPH_MERMAID
//! (nodes, edges and clusters counted by hand for LeNet, a residual block and an
//! Inception module) and DIAGRAM_SVG (well-formed, a box per layer, none overlapping).

/// (nodes, edges, clusters) of a DOT graph.
fn dot_counts(dot: &str) -> (usize, usize, usize) {
    let nodes = dot.lines().filter(|l| l.contains(" [label=\"")).count();
    let edges = dot.lines().filter(|l| l.contains("\" -> \"")).count();
    let clusters = dot
        .lines()
        .filter(|l| l.trim_start().starts_with("subgraph \"cluster_"))
        .count();
    (nodes, edges, clusters)
}

/// (nodes, edges, subgraphs) of a Mermaid flowchart.
fn mermaid_counts(mermaid: &str) -> (usize, usize, usize) {
    let lines = || mermaid.lines().map(str::trim_start);
    let nodes = lines()
        .filter(|l| !l.starts_with("subgraph") && l.contains("[\""))
        .count();
    let edges = lines().filter(|l| l.contains(" --> ")).count();
    let subgraphs = lines().filter(|l| l.starts_with("subgraph ")).count();
    assert_eq!(subgraphs, lines().filter(|l| *l == "end").count());
    (nodes, edges, subgraphs)
}

mod lenet {
    cnn::cnn! {
        #[cnn(diagram)]
        pub struct LeNet;
        input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
    }
}

mod residual {
    cnn::cnn! {
        #[cnn(diagram)]
        pub struct Basic;
        input 64x8x8;
        residual { conv 64 k3 p1 nobias; bn; relu; conv 64 k3 p1 nobias; bn }
        relu;
    }
}

mod inception {
    // GoogLeNet's inception3a, its convolutions without BatchNorm and ReLU.
    cnn::cnn! {
        #[cnn(diagram)]
        pub struct Inception3a;
        input 192x28x28;
        concat {
            branch { conv 64 k1 }
            branch { conv 96 k1; conv 128 k3 p1 }
            branch { conv 16 k1; conv 32 k5 p2 }
            branch { pool 3 s1 p1; conv 32 k1 }
        }
    }
}

mod pyramid {
    // Two levels of a feature pyramid: the lateral reads `c3` with `from`.
    cnn::cnn! {
        #[cnn(diagram)]
        pub struct Pyramid;
        input 3x16x16;
        c3: conv 8 k3 s2 p1;
        c4: conv 16 k3 s2 p1;
        p4: head { conv 4 k1 }
        add { branch { from c3; conv 4 k1 } branch { conv 4 k1; upsample 2 } }
        p3: head { conv 4 k3 p1 }
    }
}

#[test]
fn a_from_is_an_edge_from_its_source() {
    // input, c3, c4, p4's conv, from1, the lateral, the top's conv and upsample, the
    // sum, p3's conv: 10 nodes. Edges: the chain input -> c3 -> c4, c4 -> p4.0, c3 ->
    // from1 (not c4 -> from1), from1 -> lateral, c4 -> conv -> upsample, both branches
    // -> add1, add1 -> p3.0: 10. Clusters: p4, add1, its two branches, p3.
    let dot = pyramid::Pyramid::GRAPH_DOT;
    assert_eq!(dot_counts(dot), (10, 10, 5), "{dot}");
    assert!(dot.contains("\"c3\" -> \"from1\";"), "{dot}");
    assert!(!dot.contains("\"c4\" -> \"from1\";"), "{dot}");
    assert_eq!(mermaid_counts(pyramid::Pyramid::GRAPH_MERMAID), (10, 10, 5));
    // The drawing: a box per layer, none overlapping, and one edge for the `from`,
    // which names its source.
    let svg = pyramid::Pyramid::DIAGRAM_SVG;
    let (layer_boxes, _) = boxes(svg);
    assert_eq!(layer_boxes.len(), 10);
    for (i, a) in layer_boxes.iter().enumerate() {
        for b in &layer_boxes[i + 1..] {
            assert!(!overlap(*a, *b), "{a:?} and {b:?} overlap");
        }
    }
    assert_eq!(svg.matches("class=\"from\"").count(), 1, "{svg}");
    assert!(svg.contains(">from c3</text>"), "{svg}");
    // Both heads are outputs, the network ending on one.
    let outputs: Vec<&str> = pyramid::Pyramid::OUTPUTS.iter().map(|o| o.name).collect();
    assert_eq!(outputs, ["p4", "p3"]);
}

#[test]
fn lenet_is_a_chain() {
    // Seven layers, each reading the one before: six edges, no clusters.
    let dot = lenet::LeNet::GRAPH_DOT;
    assert_eq!(dot_counts(dot), (7, 6, 0));
    assert_eq!(mermaid_counts(lenet::LeNet::GRAPH_MERMAID), (7, 6, 0));
    assert!(dot.starts_with("digraph network {"), "{dot}");
    assert!(
        dot.contains("\"conv2d1\" [label=\"conv2d1\\nconv 32 k5\\n32x24x24\""),
        "{dot}"
    );
    assert!(dot.contains("\"maxpool2\" -> \"dense1\";"));
    assert!(lenet::LeNet::GRAPH_MERMAID.contains("  n3_conv2d2 --> n4_maxpool2\n"));
}

#[test]
fn a_residual_block_joins_at_its_sum() {
    // input, two convolutions, two BatchNorms, a ReLU inside, the sum and the ReLU
    // after: 8 nodes; the chain has 7 edges and the identity shortcut one more, from
    // the input to the sum; one cluster.
    let dot = residual::Basic::GRAPH_DOT;
    assert_eq!(dot_counts(dot), (8, 8, 1));
    assert_eq!(mermaid_counts(residual::Basic::GRAPH_MERMAID), (8, 8, 1));
    assert!(dot.contains("\"input\" -> \"add1\";"));
    assert!(dot.contains("\"bn2\" -> \"add1\";"));
}

#[test]
fn an_inception_module_fans_out_and_in() {
    // input, 1 + 2 + 2 + 2 branch layers and the concatenation: 9 nodes. The input
    // feeds the four branches, three branches have an edge inside, and the four
    // branches feed the concatenation: 4 + 3 + 4 = 11 edges. The block and its four
    // branches are clusters.
    let dot = inception::Inception3a::GRAPH_DOT;
    assert_eq!(dot_counts(dot), (9, 11, 5));
    assert_eq!(
        mermaid_counts(inception::Inception3a::GRAPH_MERMAID),
        (9, 11, 5)
    );
    for first in ["conv2d1", "conv2d2", "conv2d4", "maxpool1"] {
        assert!(
            dot.contains(&format!("\"input\" -> \"{first}\";")),
            "{first}"
        );
    }
    for last in ["conv2d1", "conv2d3", "conv2d5", "conv2d6"] {
        assert!(dot.contains(&format!("\"{last}\" -> \"cat1\";")), "{last}");
    }
}

/// A drawn box: x, y, width, height.
type Rect = (f64, f64, f64, f64);

/// The SVG parsed as XML (well-formed, or the test fails), and its layer boxes and frames.
fn boxes(svg: &str) -> (Vec<Rect>, Vec<Rect>) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let rects = |class: &str| -> Vec<Rect> {
        root.descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("class") == Some(class))
            .map(|n| {
                let v = |a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
                (v("x"), v("y"), v("width"), v("height"))
            })
            .collect()
    };
    (rects("layer"), rects("block"))
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

fn inside(a: Rect, frame: Rect) -> bool {
    a.0 >= frame.0
        && a.1 >= frame.1
        && a.0 + a.2 <= frame.0 + frame.2
        && a.1 + a.3 <= frame.1 + frame.3
}

#[test]
fn diagrams_are_well_formed_with_a_box_per_layer_and_no_overlap() {
    // (drawing, layers, boxes, frames): a repeat is drawn once, so Mixed's second pass
    // (conv, bn, relu, conv, bn, add, relu) has no boxes; its frames are the repeat, the
    // first pass's residual, the residual and its shortcut, the concatenation and its
    // two non-empty branches, the gate and its body, the split and its one non-empty
    // branch.
    let cases: [(&str, &[cnn::Layer], usize, usize); 4] = [
        (lenet::LeNet::DIAGRAM_SVG, lenet::LeNet::LAYERS, 7, 0),
        (residual::Basic::DIAGRAM_SVG, residual::Basic::LAYERS, 8, 1),
        (
            inception::Inception3a::DIAGRAM_SVG,
            inception::Inception3a::LAYERS,
            9,
            5,
        ),
        (zoo::Mixed::DIAGRAM_SVG, zoo::Mixed::LAYERS, 42 - 7, 11),
    ];
    for (svg, layers, count, frames) in cases {
        let (layer_boxes, frame_boxes) = boxes(svg);
        assert_eq!((layer_boxes.len(), frame_boxes.len()), (count, frames));
        for (i, a) in layer_boxes.iter().enumerate() {
            for b in &layer_boxes[i + 1..] {
                assert!(!overlap(*a, *b), "{a:?} and {b:?} overlap");
            }
        }
        // Every drawn layer's name is written in its box: all but a repeat's later
        // passes (Mixed's layers 11 to 17).
        for (i, layer) in layers.iter().enumerate() {
            let hidden = count < layers.len() && (11..18).contains(&i);
            let written = svg.contains(&format!(">{}</text>", layer.name));
            assert_eq!(written, !hidden, "{}", layer.name);
        }
    }
    // The Inception module's branches stand side by side, inside the block's frame.
    let (layer_boxes, frame_boxes) = boxes(inception::Inception3a::DIAGRAM_SVG);
    let block = frame_boxes[0];
    assert!(layer_boxes[1..].iter().all(|b| inside(*b, block)));
    let firsts: Vec<f64> = [1, 2, 4, 6].iter().map(|&i| layer_boxes[i].1).collect();
    assert!(firsts.iter().all(|&y| y == firsts[0]), "{firsts:?}");
}

/// A network with every block kind, nested, for the drawing's tests and the README's
/// picture.
mod zoo {
    cnn::cnn! {
        #[cnn(diagram)]
        pub struct Mixed;
        input 3x32x32;
        conv 16 k3 p1; bn; relu;
        stage: repeat 2 { residual { conv 16 k3 p1; bn; relu; conv 16 k3 p1; bn } relu; }
        residual { conv 32 k3 s2 p1; bn } shortcut { conv 32 k1 s2; bn }
        concat {
            branch { }
            branch { conv 16 k1; relu; conv 16 k3 p1 }
            branch { pool 3 s1 p1; conv 16 k1 }
        }
        scale { gap; conv 16 k1; relu; conv 64 k1; sigmoid }
        split { branch { } branch { conv 32 k1; relu } }
        shuffle 2;
        gap; flatten; output 10;
    }
}

/// The README's pictures are these networks' drawings: `docs/diagram.svg` and
/// `docs/lenet.svg` (the crate docs' too) are what the macro writes (regenerate with
/// `CNN_WRITE_DIAGRAM=1 cargo test --test graph`).
#[test]
fn readme_diagrams_are_the_macro_s() {
    for (file, svg) in [
        ("diagram.svg", zoo::Mixed::DIAGRAM_SVG),
        ("lenet.svg", lenet::LeNet::DIAGRAM_SVG),
    ] {
        let path = format!("{}/docs/{file}", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("CNN_WRITE_DIAGRAM").is_some() {
            std::fs::write(&path, svg).unwrap();
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), svg, "{file}");
    }
}

/// Without `#[cnn(diagram)]` the pictures are empty (the macro does not draw), and
/// `cnn-core` draws any network at run time from its tables.
#[test]
fn pictures_are_drawn_on_request() {
    cnn::cnn! {
        pub struct Plain;
        input 1x28x28; conv 32 k5; pool 2; conv 32 k3; pool 2; dense 256; output 10;
    }
    assert_eq!(
        (Plain::GRAPH_DOT, Plain::GRAPH_MERMAID, Plain::DIAGRAM_SVG),
        ("", "", "")
    );
    let dot = cnn::Graph::new(Plain::LAYERS, Plain::BLOCKS)
        .dot()
        .to_string();
    assert_eq!(dot, lenet::LeNet::GRAPH_DOT);
    let svg = cnn::Diagram::new(Plain::LAYERS, Plain::BLOCKS).to_string();
    assert_eq!(svg, lenet::LeNet::DIAGRAM_SVG);
}

/// The attribute passes through a `macro_rules!` as a `$attr:meta` fragment.
#[test]
fn the_attribute_through_a_macro() {
    macro_rules! wrapped {
        ($(#[$attr:meta])* $vis:vis struct $name:ident;) => {
            cnn::cnn! { $(#[$attr])* $vis struct $name; input 4; dense 2; }
        };
    }
    wrapped! {
        /// Drawn.
        #[cnn(diagram)]
        pub struct Wrapped;
    }
    assert!(Wrapped::DIAGRAM_SVG.starts_with("<svg"));
    assert_eq!(Wrapped::GRAPH_DOT.matches(" -> ").count(), 1);
}

/// Names given at run time are any text: every picture keeps them text. In the SVG a
/// `</text><script>` stays inside its `<text>`; in DOT a `"` stays inside its string;
/// in Mermaid, names that are keywords (`end`, `click`, `style`) or hold a `click`
/// line's syntax are labels, never ids or statements; in Markdown a `|` is no column.
#[test]
fn hostile_names_stay_text_in_every_picture() {
    use cnn::{evaluate, Event, Kind, Node, Op, Shape};
    let hostile = [
        "</text><script>alert(1)</script>",
        "a\" -> \"b",
        "end",
        "x\nclick x call alert(1)",
        "b|c",
    ];
    let mut nodes = vec![Node::layer(Kind::Input(Shape::Flat(4)))];
    nodes.extend(hostile.iter().map(|&name| Node {
        name: Some(name),
        op: Op::Layer(Kind::Activation(cnn::Activation::Relu)),
    }));
    let mut layers = Vec::new();
    let totals = evaluate(&nodes, |e| {
        if let Event::Layer { layer, .. } = e {
            layers.push(layer);
        }
    })
    .unwrap();
    let graph = cnn::Graph::new(&layers, &[]);

    // Markdown: every row has the table's 7 pipes, `b|c` one more as `\|`.
    let report = cnn::Report::new(totals, cnn::Dtype::F32, layers[5].field).unwrap();
    let markdown = cnn::Summary::new(&layers, &[], &report)
        .markdown()
        .to_string();
    let rows: Vec<&str> = markdown.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(rows.len(), 1 + 6, "{markdown}");
    for row in rows {
        assert_eq!(row.replace("\\|", "").matches('|').count(), 7, "{row}");
    }

    let svg = cnn::Diagram::new(&layers, &[]).to_string();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect();
    assert!(texts.contains(&hostile[0].to_owned()), "{texts:?}");

    // DOT: 6 nodes and 5 edges, each on one line, the quote escaped.
    let dot = graph.dot().to_string();
    assert_eq!(dot_counts(&dot), (6, 5, 0), "{dot}");
    assert!(dot.contains(r#""a\" -> \"b" [label="#), "{dot}");
    assert!(!dot.contains("\nclick"));

    // Mermaid: every node line starts with an id of letters, digits and `_`; no line
    // is a bare `end` or starts with `click`; the label keeps the name as entities.
    let mermaid = graph.mermaid().to_string();
    for line in mermaid.lines().skip(1).map(str::trim_start) {
        assert!(line != "end" && !line.starts_with("click"), "{mermaid}");
        let id: String = line
            .chars()
            .take_while(|c| *c != '[' && *c != ' ')
            .collect();
        assert!(
            id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "{line}"
        );
    }
    assert!(
        mermaid.contains("n3_end[\"end<br/>relu<br/>4\"]"),
        "{mermaid}"
    );
    assert!(mermaid.contains("#lt;/text#gt;#lt;script#gt;"), "{mermaid}");
    assert_eq!(mermaid_counts(&mermaid), (6, 5, 0));
}

/// A block named `x` and a layer named `block_x` are two Mermaid ids, and a layer
/// named `end` is a node, not the end of a subgraph.
#[test]
fn mermaid_ids_never_meet() {
    cnn::cnn! {
        #[cnn(diagram)]
        pub struct Clash;
        input 4x4x4;
        x: residual { block_x: relu; end: relu; click: relu }
        style: relu;
    }
    let mermaid = Clash::GRAPH_MERMAID;
    // input, three body layers, the sum, style; one subgraph.
    assert_eq!(mermaid_counts(mermaid), (6, 6, 1), "{mermaid}");
    let ids: Vec<&str> = mermaid
        .lines()
        .map(str::trim_start)
        .filter_map(|l| l.split('[').next().filter(|_| l.contains("[\"")))
        .map(|l| l.trim_start_matches("subgraph "))
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
}

/// A tiny slope prints as a person writes it in the drawing's labels.
#[test]
fn tiny_numbers_in_labels() {
    cnn::cnn! {
        #[cnn(diagram)]
        pub struct Tiny;
        input 4; leaky_relu 1e-300; dropout 0.000001;
    }
    assert!(Tiny::DIAGRAM_SVG.contains(">leaky_relu 1e-300</text>"));
    assert!(Tiny::DIAGRAM_SVG.contains(">dropout 1e-6</text>"));
    assert!(Tiny::GRAPH_DOT.len() < 1_000, "{}", Tiny::GRAPH_DOT);
}
