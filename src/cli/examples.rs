//! The examples shown after `still --help` and in the man page's EXAMPLES, kept in one
//! place so the two agree.

/// Each example: what is typed, and what it does.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "still play box-breathing",
        "a guided session: sound, captions and a breathing pacer",
    ),
    (
        "still timer 20m --bells-every 5m",
        "a plain meditation timer",
    ),
    ("still list", "the sessions you can play"),
    ("still stats", "your practice, and your streak"),
    ("still check my-session.yaml", "check a script you wrote"),
    (
        "still import calm.still",
        "install a session someone packed for you",
    ),
];

/// The examples as `--help` prints them after the options: two aligned columns.
pub fn after_help() -> String {
    let width = EXAMPLES.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    let mut text = String::from("Examples:");
    for (command, does) in EXAMPLES {
        text.push_str(&format!("\n  {command:<width$}   {does}"));
    }
    text
}
