//! # gongwen-core
//!
//! Reads Chinese government work reports (工作总结、工作计划、政府工作报告 and their 汇编)
//! and turns them into checked, structured data. The stages follow the data, each
//! depending only on the ones before it:
//!
//! ```text
//! bytes ──ingest──▶ Input ──outline──▶ Outlined ──extract──▶ quantities, commitments
//!                                          └──check──▶ findings
//! ```
//!
//! ```
//! let input = gongwen_core::ingest::from_bytes("例.txt", "XX镇2023年工作总结\n\n一、主要成效\n全年新增就业120人。\n".as_bytes(), &Default::default()).unwrap();
//! let outlined = gongwen_core::outline::outline(&input);
//! assert_eq!(outlined.outline.documents.len(), 1);
//! ```
//!
//! The core does no network and no terminal I/O; it reads files only in `ingest`.

pub mod check;
pub mod error;
pub mod extract;
pub mod ingest;
pub mod model;
pub mod outline;
pub mod report;
pub mod text;

pub use error::Error;
pub use model::*;
