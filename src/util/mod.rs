//! Small helpers every room may use and that use no room: text cut to fit, and the
//! signals long tasks look at between steps.

pub mod signals;
pub mod text;
