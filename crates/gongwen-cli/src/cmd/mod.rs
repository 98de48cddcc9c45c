//! One file per command.

pub mod check;
pub mod extract;
pub mod outline;
pub mod rules;
pub mod serve;
