//! The desktop around a sit: what other programs on the user's desktop see of it, ask of
//! it and are told, over D-Bus (zbus). Each job is a file; none of them is needed for a sit
//! to play, so each is silently off where its bus or service is missing. This room uses only
//! `home` and `util`.

pub mod inhibit;
pub mod mpris;
pub mod notify;
pub mod remind;
