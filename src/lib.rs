//! `still`: a guided-mindfulness audio player for the terminal.
//!
//! Data flows one way: [`library`] finds a session, [`script`] parses and validates it,
//! [`timeline`] compiles it to events at integer frames; the audio stages pull from there.

pub mod script;
pub mod timeline;
