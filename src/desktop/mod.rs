//! The desktop around a sit: what other programs on the user's desktop are told or asked.
//! D-Bus goes through zbus; this room uses only `home` and `util`.

pub mod notify;
pub mod remind;
