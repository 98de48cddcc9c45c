//! # gongwen-ledger — the commitment ledger (台账)
//!
//! Every commitment of every plan for year N, checked against the same unit's
//! documents that review year N (a year-N summary, or the review part of a year N+1
//! 政府工作报告): `done` / `missed` / `progress` / `not-reported` / `unknown`, with the
//! evidence passages, a score and a one-line reason (see [`reconcile`] for the rules,
//! [`units`] for how unit names written differently are matched).
//!
//! The core is the pure function [`reconcile::reconcile`] over in-memory
//! [`view::DocView`]s; [`export`] writes the sheet a 督查室 hands out (XLSX with a
//! summary sheet and one sheet per unit, CSV with a UTF-8 BOM, JSON) and reads back
//! the statuses and notes people typed into the workbook. `docs/LEDGER.md` is the
//! user-facing description.

pub mod export;
pub mod figure;
pub mod reconcile;
pub mod source;
pub mod units;
pub mod view;

pub use reconcile::{commitment_key, reconcile, Evidence, LedgerItem, Options, Status};
pub use view::{views_of, DocView};
