//! `still`: a guided-mindfulness audio player for the terminal.
//!
//! Data flows one way: [`library`] finds a session, [`script`] parses and validates it,
//! [`timeline`] compiles it to events at integer frames; the audio stages pull from there.

pub mod assets;
pub mod cli;
pub mod config;
pub mod home;
pub mod import;
pub mod journal;
pub mod library;
pub mod mix;
pub mod output;
pub mod player;
pub mod script;
pub mod session;
pub mod signals;
pub mod text;
pub mod timeline;
pub mod ui;
pub mod voice;
