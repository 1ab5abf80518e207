//! The desktop around a sit: what other programs on the user's desktop see of it and ask of
//! it over D-Bus. Each job is a file; none of them is needed for a sit to play, so each is
//! silently off where its bus or service is missing.

pub mod inhibit;
pub mod mpris;
