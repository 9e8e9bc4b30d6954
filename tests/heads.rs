//! `head { ... }` (DSL.md §13): its body's result is an output, the flow goes on from
//! what the head read; every figure worked out by hand.

cnn::cnn! {
    pub struct Aux;
    input 8x4x4;
    conv 8 k3 p1;
    aux: head { gap; dense 3 }
    relu; gap; fc: dense 10;
}

// Every layer counted once, the head's included: (9*8+1)*8 + (8+1)*3 + (8+1)*10.
const _: () = assert!(Aux::PARAMS == 584 + 27 + 90);

#[test]
fn a_head_is_an_output_and_the_flow_goes_on() {
    let outputs: Vec<(&str, usize, String)> = Aux::OUTPUTS
        .iter()
        .map(|o| (o.name, o.layer, o.shape.to_string()))
        .collect();
    // The head first, then the flow's last layer.
    assert_eq!(
        outputs,
        [("aux", 3, "3".to_string()), ("fc", 6, "10".to_string())]
    );
    // After the head, relu reads the convolution's 8x4x4, not the head's 3.
    assert_eq!(Aux::RELU1.input.to_string(), "8x4x4");
    assert!(
        Aux::SUMMARY.contains("\nOutputs: aux 3, fc 10\n"),
        "{}",
        Aux::SUMMARY
    );
}

// Peak memory: the head's input stays alive while it runs (the flow reads it after),
// and its output until the end. Values alive per layer: input 128; conv 128 + 128;
// gap 128 (held) + 8; dense 128 + 8 + 3; relu 128 + 128 + 3 (the output kept);
// gap 128 + 8 + 3; fc 8 + 10 + 3. The peak is relu's 259, four bytes each.
const _: () = assert!(Aux::PEAK_ACTIVATION_BYTES == 259 * 4);

cnn::cnn! {
    pub struct Ends;
    input 4x2x2;
    conv 4 k1;
    first: head { gap; dense 2 }
    // Heads inside heads finish first; a network that ends with a head has only heads
    // as outputs.
    outer: head { relu; inner: head { gap; dense 3 } gap; dense 5 }
}

#[test]
fn heads_in_the_order_they_finish() {
    let names: Vec<&str> = Ends::OUTPUTS.iter().map(|o| o.name).collect();
    assert_eq!(names, ["first", "outer.inner", "outer"]);
    let shapes: Vec<String> = Ends::OUTPUTS.iter().map(|o| o.shape.to_string()).collect();
    assert_eq!(shapes, ["2", "3", "5"]);
}

cnn::cnn! {
    pub struct Nested;
    input 4x2x2;
    // A head whose body ends on a head: its result is its flow's, relu's, not the
    // inner head's; a network whose last statement is a seq ending on a head ends its
    // flow on that head, as one whose last statement is the head (a feature pyramid's
    // `fpn: seq { ...; head { ... } }`): the seq's tensor before it is no output.
    outer: head { relu; inner: head { gap; dense 3 } }
    tail: seq { conv 4 k1; last: head { gap; dense 2 } }
}

#[test]
fn an_output_is_the_tensor_its_flow_ends_on() {
    let rows: Vec<(&str, &str, String)> = Nested::OUTPUTS
        .iter()
        .map(|o| (o.name, Nested::LAYERS[o.layer].name, o.shape.to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            ("outer.inner", "outer.inner.1", "3".to_string()),
            ("outer", "outer.0", "4x2x2".to_string()),
            ("tail.last", "tail.last.1", "2".to_string()),
        ]
    );
}

cnn::cnn! {
    pub struct AfterTheHead;
    input 4;
    d: dense 3;
    h: head { dense 2 }
    // An empty `seq` after the head is the network's last statement: the flow, `d`'s
    // tensor, is an output after the head's, as DSL.md §13 states.
    s: seq { }
}

cnn::cnn! {
    pub struct ReadAsItIs;
    input 4;
    d: dense 3;
    // A head that outputs a tensor as it is reads it with `from`.
    h: head { from d }
    dense 2;
}

#[test]
fn a_flow_ending_after_its_last_head_is_an_output() {
    let rows = |outputs: &[cnn::Output]| -> Vec<(&str, usize, String)> {
        outputs
            .iter()
            .map(|o| (o.name, o.layer, o.shape.to_string()))
            .collect()
    };
    assert_eq!(
        rows(AfterTheHead::OUTPUTS),
        [("h", 2, "2".to_string()), ("d", 1, "3".to_string())]
    );
    // The head's row is its `from`, which gives `d`'s 3 features.
    assert_eq!(
        rows(ReadAsItIs::OUTPUTS),
        [("h", 2, "3".to_string()), ("dense2", 3, "2".to_string())]
    );
}
