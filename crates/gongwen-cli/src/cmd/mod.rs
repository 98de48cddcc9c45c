//! One file per command.

pub mod check;
pub mod extract;
pub mod ledger;
pub mod outline;
pub mod rules;
