//! The page's sections that clap knows nothing of: keys, environment, files, exit status
//! and examples, written with `roff` so every `-` and leading `.` is escaped.

use roff::{Roff, bold, italic, roman};

use crate::cli::examples::EXAMPLES;
use crate::cli::support::Exit;
use crate::cli::support::candidates;
use crate::player::keys::{self, KEYS};

pub fn rest() -> String {
    let mut r = Roff::new();
    keys_section(&mut r);
    environment(&mut r);
    files(&mut r);
    exit_status(&mut r);
    examples(&mut r);
    see_also(&mut r);
    // The preamble is already at the top of the page.
    r.render().replacen(&Roff::new().render(), "", 1)
}

/// A `.TP` item: a bold term, then its description.
fn item(r: &mut Roff, term: &str, text: &str) {
    r.control("TP", []).text([bold(term)]).text([roman(text)]);
}

fn keys_section(r: &mut Roff) {
    r.control("SH", ["KEYS"]);
    r.text([roman(
        "While still play or still timer shows its screen in a terminal:",
    )]);
    for (_, events, does) in KEYS {
        let names: Vec<String> = events.iter().map(keys::name).collect();
        item(r, &names.join(", "), does);
    }
}

fn environment(r: &mut Roff) {
    r.control("SH", ["ENVIRONMENT"]);
    item(
        r,
        "STILL_HOME",
        "Keep the library, the journal, the caches and config.toml in this folder instead of the platform's data and config folders.",
    );
    item(
        r,
        "NO_COLOR",
        "When set and not empty, print no colour (with --color auto, the default).",
    );
    item(
        r,
        "LC_ALL, LC_MESSAGES, LANG",
        "The first one set and not empty names your language (es_ES.UTF-8 is Spanish; C and POSIX are English): sessions play in it when they have it, unless `language` in config.toml or --language says otherwise.",
    );
    item(
        r,
        "TZ",
        "The time zone of the journal's days, streaks and calendar, and of --start-at; the system's zone when unset.",
    );
    item(
        r,
        "XDG_CONFIG_HOME",
        "Where still remind writes its systemd user units: $XDG_CONFIG_HOME/systemd/user; ~/.config/systemd/user when unset.",
    );
    item(
        r,
        "DBUS_SESSION_BUS_ADDRESS",
        "The session bus a playing sit appears on as a media player (MPRIS), for media keys and playerctl, and where still remind --fire shows its notification; $XDG_RUNTIME_DIR/bus (else /run/user/UID/bus) when unset. No bus: neither happens.",
    );
    item(
        r,
        "DBUS_SYSTEM_BUS_ADDRESS",
        "The system bus where logind is asked not to sleep while a sit plays; the usual one when unset.",
    );
    item(
        r,
        candidates::VAR,
        "Set by the completion script when it asks still what Tab should offer; not for setting by hand.",
    );
}

fn files(r: &mut Roff) {
    r.control("SH", ["FILES"]);
    r.text([
        roman("Under "),
        italic("$STILL_HOME"),
        roman(" when it is set; otherwise data lives in "),
        italic("~/.local/share/still/"),
        roman(" and config.toml in "),
        italic("~/.config/still/"),
        roman(" (on Linux; other systems use their own folders)."),
    ]);
    item(
        r,
        "config.toml",
        "Settings: day_starts_at, min_minutes, weekly_goal, streaks, ask_mood, nudge, notify, sync_dir, and [voice] for still voice. Every key is optional.",
    );
    item(
        r,
        "journal.sqlite",
        "The practice journal (SQLite): every sit, timer and hand-added entry. It stays on your computer; still export writes it out.",
    );
    item(
        r,
        "sessions/",
        "Your library: scripts put there by hand and sessions installed by still import. Their ids are played like the built-in ones. A course installed by still import is kept there beside its sessions.",
    );
    item(
        r,
        "course.json",
        "The course being followed: its id, where it came from and the day it started. still course start writes it; still course stop removes it.",
    );
    item(
        r,
        "cache/voice/",
        "Recordings still voice made of say lines without a clip, kept by voice and text. Safe to delete; still voice makes them again.",
    );
    item(
        r,
        "~/.config/systemd/user/still-remind.timer, still-remind.service",
        "The daily reminder still remind sets (under $XDG_CONFIG_HOME/systemd/user when that is set); still remind --off removes them.",
    );
}

fn exit_status(r: &mut Roff) {
    r.control("SH", ["EXIT STATUS"]);
    for exit in Exit::ALL {
        item(r, &exit.code().to_string(), exit.meaning());
    }
}

fn examples(r: &mut Roff) {
    r.control("SH", ["EXAMPLES"]);
    for (command, does) in EXAMPLES {
        let mut sentence = does.to_string();
        if let Some(first) = sentence.get(..1) {
            sentence.replace_range(..1, &first.to_uppercase());
        }
        r.control("PP", []).text([roman(format!("{sentence}:"))]);
        // No fill, no justification: the command reads exactly as it is typed.
        r.control("RS", ["4"])
            .control("nf", [])
            .text([bold(*command)])
            .control("fi", [])
            .control("RE", []);
    }
}

fn see_also(r: &mut Roff) {
    r.control("SH", ["SEE ALSO"]);
    r.text([roman(
        "The script format is described in docs/script-format.md in still's repository; still schema prints its JSON Schema.",
    )]);
}
