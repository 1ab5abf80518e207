//! `still`: a guided-mindfulness audio player for the terminal.
//!
//! Data flows one way, script → timeline → mix → output; ARCHITECTURE.md draws it. The rooms:
//!
//! - [`cli`]: the commands, one file each; parsing arguments, printing, exit codes.
//! - [`session`]: the stages chained for a command (find, parse, probe, compile) and import.
//! - [`library`]: finding a session by id or path; built-in sessions; bundles.
//! - [`course`]: weeks of assigned sessions, what a day assigns, the course being followed.
//! - [`script`]: YAML → a validated [`script::Script`], every error located.
//! - [`timeline`]: a script and its clips' lengths → events at integer frames (pure).
//! - [`voice`]: a text-to-speech engine for lines without a clip, and its cache.
//! - [`assets`]: decoding, resampling, loudness, and synthesized bells, tones and beds.
//! - [`mix`]: the renderer (the only clock), the render feed, live playback on the audio thread.
//! - [`output`]: the sinks the renderer's frames go to: the sound card, a WAV file, nowhere.
//! - [`player`]: a live sit: the clock read back, keys, the screen, the sit journaled.
//! - [`record`]: the author's own voice for a script's say lines, from the microphone.
//! - [`ui`]: what the player's screen shows, as pure functions of the state.
//! - [`journal`]: the SQLite practice journal and the figures worked out from it.
//! - [`desktop`]: the desktop around a sit: notifications, and the reminder's timer.
//! - [`i18n`]: the words said to the sitter, in the sitter's language (Project Fluent).
//! - [`home`]: where `still` keeps its files, and `config.toml`.
//! - [`util`]: text cut to fit, and signals; used by any room, using none.

pub mod assets;
pub mod cli;
pub mod course;
pub mod desktop;
pub mod home;
pub mod i18n;
pub mod journal;
pub mod library;
pub mod mix;
pub mod output;
pub mod player;
pub mod record;
pub mod script;
pub mod session;
pub mod timeline;
pub mod ui;
pub mod util;
pub mod voice;
