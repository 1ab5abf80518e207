//! One test per rule of the script format (docs/script-format.md), on scripts held in memory.

use super::*;

fn parse_str(text: &str) -> Result<Script, Diagnostics> {
    parse(&SourceFile::new("t.yaml", text), "t", &NoFolder)
}

/// The messages of a broken script, each prefixed with its line and column.
fn errors(text: &str) -> Vec<String> {
    let d = parse_str(text).expect_err("the script should be refused");
    let mut items = d.items.clone();
    items.sort_by_key(|d| d.span.start);
    items
        .iter()
        .map(|d| format!("{}:{}: {}", d.span.start.line, d.span.start.col, d.message))
        .collect()
}

fn steps(body: &str) -> String {
    format!("format: still/1\ntitle: T\nsteps:\n{body}")
}

const EXAMPLE: &str = r#"
format: still/1                 # required, exactly this string
title: Box breathing            # required
id: box-breathing
summary: Four equal counts to steady a racing mind.
author: Jane Doe, LCSW
license: CC-BY-4.0
language: en
tags: [breathing, emotional-regulation]
content_note: Stop and breathe normally if you feel light-headed.

params:
  rounds:  { default: 6, min: 1, max: 30 }
  silence: { default: 2m, min: 30s, max: 60m }

ambient:
  sound: brown-noise
  volume: -24dB
  fade: 8s
  duck: -10dB

steps:
  - bell: bowl
  - say: Find a comfortable seat, and let your eyes close.
  - pause: 3s
  - breathe:
      pattern: box
      rounds: ${rounds}
      cue: tone
  - pause: ${silence}
    bells_every: 1m
  - repeat: 2
    steps:
      - say: Notice five things you can see.
      - pause: 20s
  - bell: { sound: bowl, strikes: 3, every: 5s }
"#;

#[test]
fn the_format_example_parses() {
    let s = parse_str(EXAMPLE).unwrap();
    assert_eq!(s.id, "box-breathing");
    assert_eq!(s.title, "Box breathing");
    assert_eq!(s.tags, ["breathing", "emotional-regulation"]);
    assert_eq!(s.params.len(), 2);
    assert_eq!(s.steps.len(), 7);
    let amb = s.ambient.unwrap();
    assert_eq!(amb.sound, Sound::Builtin(BuiltinSound::BrownNoise));
    assert!((amb.volume.0 - 0.0631).abs() < 1e-3);
    let StepKind::Breathe(b) = &s.steps[3].kind else {
        panic!()
    };
    assert_eq!(b.pattern.name, Some("box"));
    assert!(
        matches!(&b.length, BreatheLength::Rounds(Value::Param { name, .. }) if name == "rounds")
    );
    let StepKind::Bell(bell) = &s.steps[6].kind else {
        panic!()
    };
    assert_eq!(bell.strikes, Value::Lit(3));
}

#[test]
fn format_is_required_and_exact() {
    assert_eq!(
        errors("title: T\nsteps: [{pause: 1s}]\n"),
        ["1:1: missing `format: still/1`"]
    );
    assert_eq!(
        errors("format: still/2\ntitle: T\nsteps: [{pause: 1s}]\n"),
        ["1:9: unsupported format 'still/2'"]
    );
}

#[test]
fn title_and_steps_are_required() {
    assert_eq!(
        errors("format: still/1\nsteps: [{pause: 1s}]\n"),
        ["1:1: missing `title`"]
    );
    assert_eq!(
        errors("format: still/1\ntitle: T\n"),
        ["1:1: missing `steps`"]
    );
    assert_eq!(
        errors("format: still/1\ntitle: T\nsteps: []\n"),
        ["3:8: `steps` is empty"]
    );
}

#[test]
fn id_defaults_to_the_file_name_and_is_checked() {
    let s = parse(
        &SourceFile::new(
            "My Sit.yaml",
            "format: still/1\ntitle: T\nsteps: [{pause: 1s}]",
        ),
        "my-sit",
        &NoFolder,
    )
    .unwrap();
    assert_eq!(s.id, "my-sit");
    assert_eq!(
        errors("format: still/1\ntitle: T\nid: Box_1\nsteps: [{pause: 1s}]\n"),
        ["3:5: id 'Box_1' may hold only lowercase letters, digits and '-'"]
    );
}

#[test]
fn unknown_keys_are_errors_with_a_suggestion() {
    assert_eq!(
        errors("format: still/1\ntitel: T\ntitle: T\nsteps: [{pause: 1s}]\n"),
        ["2:1: unknown key 'titel' in a script — did you mean 'title'?"]
    );
    assert_eq!(
        errors(&steps("  - say: Hello\n    clp: a.ogg\n")),
        ["5:5: unknown key 'clp' in a say step — did you mean 'clip'?"]
    );
}

#[test]
fn unknown_step_kinds_suggest_the_closest() {
    assert_eq!(
        errors(&steps("  - bel: bowl\n")),
        ["4:5: unknown step 'bel' — did you mean 'bell'?"]
    );
    assert_eq!(
        errors(&steps("  - dance: 5s\n")),
        ["4:5: unknown step 'dance'"]
    );
    assert_eq!(
        errors(&steps("  - pause\n")),
        ["4:5: a step is a mapping, found the text 'pause'"]
    );
    assert_eq!(
        errors(&steps("  - say: Hi\n    pause: 2s\n")),
        ["5:5: this step is both 'say' and 'pause'"]
    );
}

#[test]
fn every_error_in_a_file_is_reported() {
    let e = errors(&steps(
        "  - bel: bowl\n  - pause: 5\n  - say: Hi\n    volume: 9\n  - breathe: { pattern: squre, rounds: 0 }\n",
    ));
    assert_eq!(e.len(), 5, "{e:?}");
}

#[test]
fn durations_need_units_and_may_not_be_zero() {
    assert_eq!(
        errors(&steps("  - pause: 30\n")),
        ["4:12: pause 30 has no unit"]
    );
    assert_eq!(errors(&steps("  - pause: 0s\n")), ["4:12: pause is zero"]);
    assert!(
        errors(&steps("  - pause: soon\n"))[0].starts_with("4:12: pause 'soon' is not a duration")
    );
    assert!(
        parse_str(&steps(
            "  - breathe: { pattern: { in: 4s, hold: 0s, out: 4s }, rounds: 2 }\n"
        ))
        .is_ok()
    );
}

#[test]
fn volumes_are_linear_from_0_to_2_or_decibels() {
    assert!(parse_str(&steps("  - say: Hi\n    volume: -6dB\n")).is_ok());
    assert!(parse_str(&steps("  - say: Hi\n    volume: 0.5\n")).is_ok());
    assert!(
        errors(&steps("  - say: Hi\n    volume: 3\n"))[0]
            .starts_with("5:13: volume: 3 is outside 0 to 2")
    );
    assert!(
        errors(&steps("  - say: Hi\n    volume: loud\n"))[0]
            .starts_with("5:13: volume: 'loud' is not a volume")
    );
}

#[test]
fn params_are_declared_typed_and_bounded() {
    let head = "format: still/1\ntitle: T\nparams:\n  n: { default: 6, min: 1, max: 30 }\n  d: { default: 2m, min: 30s }\n";
    assert!(
        parse_str(&format!(
            "{head}steps:\n  - repeat: ${{n}}\n    steps: [{{pause: \"${{d}}\"}}]\n"
        ))
        .is_ok()
    );
    assert_eq!(
        errors(&format!("{head}steps:\n  - pause: ${{m}}\n")),
        ["7:12: unknown param 'm' in pause — did you mean 'n'?"]
    );
    assert_eq!(
        errors(&format!("{head}steps:\n  - pause: ${{n}}\n")),
        ["7:12: param 'n' is the wrong kind for pause, which needs a duration"]
    );
    assert_eq!(
        errors(
            "format: still/1\ntitle: T\nparams:\n  n: { default: 40, min: 1, max: 30 }\nsteps: [{pause: 1s}]\n"
        ),
        ["4:17: param 'n' default 40 is outside its own range"]
    );
    assert_eq!(
        errors(
            "format: still/1\ntitle: T\nparams:\n  n: { default: 5, max: 5000 }\nsteps: [{repeat: '${n}', steps: [{pause: 1s}]}]\n"
        ),
        ["5:18: param 'n' may be up to 5000, but repeat is at most 1000"]
    );
    assert_eq!(
        errors("format: still/1\ntitle: T\nparams:\n  n: { min: 1 }\nsteps: [{pause: 1s}]\n"),
        ["4:3: param 'n' has no default"]
    );
}

#[test]
fn say_text_may_use_params() {
    let s = parse_str(
        "format: still/1\ntitle: T\nparams: { d: 2m }\nsteps:\n  - say: We sit for ${d} now.\n",
    )
    .unwrap();
    let StepKind::Say(say) = &s.steps[0].kind else {
        panic!()
    };
    assert_eq!(say.text[1], TextPart::Param("d".into()));
    assert_eq!(
        errors(&steps("  - say: We sit for ${dd} now.\n")),
        ["4:21: unknown param 'dd' in say"]
    );
}

#[test]
fn repeat_is_bounded_in_count_and_depth() {
    assert_eq!(
        errors(&steps("  - repeat: 1001\n    steps: [{pause: 1s}]\n")),
        ["4:13: repeat is 1001, but it must be from 1 to 1000"]
    );
    assert_eq!(
        errors(&steps("  - repeat: 0\n    steps: [{pause: 1s}]\n")),
        ["4:13: repeat is 0, but it must be from 1 to 1000"]
    );
    let nest = |n: usize| {
        let mut s = "{pause: 1s}".to_string();
        for _ in 0..n {
            s = format!("{{repeat: 2, steps: [{s}]}}");
        }
        steps(&format!("  - {s}\n"))
    };
    assert!(parse_str(&nest(8)).is_ok());
    assert!(errors(&nest(9))[0].contains("repeats nest more than 8 deep here"));
}

#[test]
fn sounds_are_built_in_or_files_beside_the_script() {
    assert_eq!(
        errors(&steps("  - bell: bowll\n")),
        ["4:11: unknown bell 'bowll' — did you mean 'bowl'?"]
    );
    assert_eq!(
        errors(&steps("  - bell: rain\n")),
        ["4:11: 'rain' is an ambient bed, not a bell"]
    );
    assert!(
        errors(&steps("  - bell: ../bell.wav\n"))[0]
            .contains("the path leaves the script's folder")
    );
    assert!(errors(&steps("  - bell: /usr/share/bell.wav\n"))[0].contains("the path is absolute"));
    assert!(
        errors(&steps("  - say: Hi\n    clip: clips/hi.ogg\n"))[0]
            .contains("no file at clips/hi.ogg")
    );
}

#[test]
fn breathe_needs_one_length_and_a_known_pattern() {
    assert_eq!(
        errors(&steps("  - breathe: { pattern: box }\n")),
        ["4:14: breathe needs `rounds` or `for`"]
    );
    assert_eq!(
        errors(&steps(
            "  - breathe: { pattern: box, rounds: 2, for: 1m }\n"
        )),
        ["4:41: breathe has both `rounds` and `for`"]
    );
    assert_eq!(
        errors(&steps("  - breathe: { pattern: boxx, rounds: 2 }\n")),
        ["4:25: unknown pattern 'boxx' — did you mean 'box'?"]
    );
    assert_eq!(
        errors(&steps("  - breathe: { pattern: { in: 4s }, rounds: 2 }\n")),
        ["4:25: this breathing pattern has no `out`"]
    );
}

#[test]
fn duplicate_keys_point_at_both() {
    let d = parse_str("format: still/1\ntitle: A\ntitle: B\nsteps: [{pause: 1s}]\n").unwrap_err();
    assert_eq!(d.items.len(), 1);
    assert_eq!(d.items[0].message, "duplicate key 'title'");
    assert_eq!(d.items[0].note.as_ref().unwrap().0.start.line, 2);
}

#[test]
fn anchors_aliases_and_merges_work() {
    let s = parse_str(
        "format: still/1\ntitle: T\nx-bell: &b { sound: rin, strikes: 2 }\nsteps:\n  - bell: *b\n  - bell: { <<: *b, strikes: 3 }\n",
    );
    // `x-bell` is not a script key: scripts keep shared pieces inside known keys.
    assert!(s.is_err());
    let s = parse_str(
        "format: still/1\ntitle: T\nsteps:\n  - &p {pause: 2s}\n  - *p\n  - bell: { sound: rin }\n",
    )
    .unwrap();
    assert_eq!(s.steps.len(), 3);
}

#[test]
fn alias_bombs_are_refused_quickly() {
    let mut y = String::from("format: still/1\ntitle: T\nsteps:\n  - &a0 {pause: 1s}\n");
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        y.push_str(&format!("  - &a{i} [{}]\n", vec![prev; 9].join(", ")));
    }
    let start = std::time::Instant::now();
    let e = errors(&y);
    assert!(
        e[0].contains("aliases here expand the document beyond"),
        "{e:?}"
    );
    assert!(start.elapsed().as_secs_f64() < 5.0);
}

#[test]
fn yaml_syntax_errors_are_located() {
    let e = errors("format: still/1\ntitle: [unclosed\nsteps: []\n");
    assert_eq!(e.len(), 1);
    assert!(e[0].contains("invalid YAML"), "{e:?}");
    assert_eq!(errors("")[0], "1:1: the file holds no YAML document");
    assert!(errors("a: 1\n---\nb: 2\n")[0].contains("a second YAML document"));
}

#[test]
fn oversized_and_non_utf8_files_are_refused() {
    let big = vec![b'#'; MAX_SCRIPT_BYTES as usize + 1];
    let d = source_from_bytes("big.yaml", big).unwrap_err();
    assert!(d.items[0].message.contains("larger than 1 MiB"));
    let d = source_from_bytes("bin.yaml", b"title: a\n\xff\xfe".to_vec()).unwrap_err();
    assert_eq!(d.items[0].span.start.line, 2);
}

#[test]
fn deep_yaml_nesting_is_refused_not_overflowed() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = errors(&deep);
    assert!(
        e[0].contains("nest more than 64 levels") || e[0].contains("invalid YAML"),
        "{e:?}"
    );
}

fn steps_1_1(body: &str) -> String {
    format!("format: still/1.1\ntitle: T\nsteps:\n{body}")
}

#[test]
fn a_say_line_holds_inline_pauses_in_still_1_1_issue_19() {
    let s = parse_str(&steps_1_1(
        "  - say: \"Breathe in… [2s] and let it go.\"\n  - say: Once [1.5s] twice [500ms] thrice.\n",
    ))
    .unwrap();
    let StepKind::Say(say) = &s.steps[0].kind else {
        panic!("a say step")
    };
    assert_eq!(
        say.text,
        [
            TextPart::Lit("Breathe in… ".into()),
            TextPart::Pause(Value::Lit(std::time::Duration::from_secs(2))),
            TextPart::Lit(" and let it go.".into()),
        ]
    );
    let StepKind::Say(say) = &s.steps[1].kind else {
        panic!("a say step")
    };
    let pauses: Vec<&TextPart> = say
        .text
        .iter()
        .filter(|p| matches!(p, TextPart::Pause(_)))
        .collect();
    assert_eq!(pauses.len(), 2);
}

#[test]
fn inline_pause_mistakes_are_located_at_the_marker_issue_19() {
    assert_eq!(
        errors(&steps_1_1(
            "  - say: Breathe [2x] out.\n  - say: Open [2s here\n  - say: \"[1s] first\"\n  - say: a [0s] b\n  - say: a [90s] b\n  - say: a [${nope}] b\n"
        )),
        [
            "4:18: '2x' in `[...]` is not a duration: 'x' is not a unit of time",
            "5:15: this `[` is not closed with `]`: an inline pause is written `[2s]`",
            "6:11: an inline pause needs words before and after it",
            "7:12: an inline pause of 0s is no pause",
            "8:12: an inline pause of 1m 30s is longer than 1m",
            "9:12: unknown param 'nope' in an inline pause",
        ]
    );
}

#[test]
fn still_1_1_features_under_still_1_are_named_issue_19() {
    assert_eq!(
        errors(&steps(
            "  - say: a [2s] b\n  - wait: Press space.\n  - pause: 1s\n    note: Hi\n  - say: A [note] stays text.\n"
        )),
        [
            "4:12: a pause inside a line (`[2s]`) is a still/1.1 feature",
            "5:5: the `wait` step is a still/1.1 feature",
            "7:5: `note` is a still/1.1 feature",
        ]
    );
    // A bracket that is no pause means what it always did under still/1.
    let s = parse_str(&steps("  - say: Keep [this] and \\[that].\n")).unwrap();
    let StepKind::Say(say) = &s.steps[0].kind else {
        panic!("a say step")
    };
    assert_eq!(
        say.text,
        [TextPart::Lit("Keep [this] and \\[that].".into())]
    );
}

#[test]
fn a_clip_line_cannot_hold_a_pause_issue_19() {
    let e = errors(&steps_1_1(
        "  - say: One [1s] two.\n    clip: clips/x.ogg\n",
    ));
    assert!(
        e.contains(&"4:14: a line with a `clip` cannot hold a pause".to_string()),
        "{e:?}"
    );
}

#[test]
fn wait_and_notes_parse_in_both_forms_issue_19() {
    let s = parse_str(
        "format: still/1.1\ntitle: T\nnote: For the guide.\nsteps:\n  - wait: Press space.\n    note: Ready?\n  - wait: { text: Open your eyes., render_as: 10s }\n",
    )
    .unwrap();
    assert_eq!(s.note.as_deref(), Some("For the guide."));
    assert_eq!(s.steps[0].note.as_deref(), Some("Ready?"));
    let waits: Vec<(String, Value<std::time::Duration>)> = s
        .steps
        .iter()
        .map(|st| match &st.kind {
            StepKind::Wait(w) => (w.text.clone(), w.render_as.clone()),
            _ => panic!("a wait"),
        })
        .collect();
    assert_eq!(
        waits,
        [
            (
                "Press space.".to_string(),
                Value::Lit(std::time::Duration::from_secs(5))
            ),
            (
                "Open your eyes.".to_string(),
                Value::Lit(std::time::Duration::from_secs(10))
            ),
        ]
    );
    assert_eq!(
        errors(&steps_1_1(
            "  - wait: { render_as: 3s }\n  - wait: { text: Go, render_as: 0s }\n  - wait: { text: Go, for: 1s }\n"
        )),
        [
            "4:11: this wait has no `text`",
            "5:34: render_as is zero",
            "6:23: unknown key 'for' in wait",
        ]
    );
}
