//! The hand-annotated Timeline17 date mentions (`fixtures/date_gold.jsonl`) resolved
//! sentence by sentence, with no corpus at hand: a floor under date resolution that any
//! change to the tagger must keep. The full measure, on the cleaned articles, is the
//! `eval_dates` example (docs/evaluation.md).

use serde_json::Value;

/// The share of mentions whose value the tagger gets right, and the misses.
fn resolve_gold() -> (usize, usize, Vec<String>) {
    let text = include_str!("fixtures/date_gold.jsonl");
    let (mut n, mut right, mut misses) = (0, 0, Vec::new());
    for line in text.lines() {
        let g: Value = serde_json::from_str(line).expect("a gold line");
        let field = |k: &str| g[k].as_str().unwrap_or_default().to_string();
        let (gold, sentence, expr) = (field("gold"), field("sentence"), field("expression"));
        if gold == "UNSURE" || g["furniture"].as_bool() == Some(true) {
            continue;
        }
        n += 1;
        let anchor = field("published").parse().ok();
        let at = sentence
            .find(&expr)
            .expect("the expression is in its sentence");
        let tag = storyline::dates::tag(&sentence, anchor)
            .into_iter()
            .find(|t| t.start < at + expr.len() && at < t.end);
        let ok = match (&tag, gold.as_str()) {
            (None, "NONE") => true,
            (Some(t), "NONE") => t.kind.as_str() != "DATE",
            (Some(t), g) => t.value.split('T').next() == Some(g),
            (None, _) => false,
        };
        if ok {
            right += 1;
        } else {
            misses.push(format!(
                "{} [{expr}] gold {gold} got {:?}",
                field("id"),
                tag.map(|t| t.value)
            ));
        }
    }
    (n, right, misses)
}

#[test]
fn hand_annotated_mentions_resolve_at_least_as_well_as_measured() {
    let (n, right, misses) = resolve_gold();
    assert!(n >= 190, "the gold set has {n} scored mentions");
    let accuracy = right as f64 / n as f64;
    // Measured 0.866 when this floor was set; a change that loses more than one point
    // must say why in docs/evaluation.md and move the floor.
    assert!(
        accuracy >= FLOOR,
        "accuracy {accuracy:.3} below {FLOOR}; misses:\n{}",
        misses.join("\n")
    );
}

const FLOOR: f64 = 0.855;
