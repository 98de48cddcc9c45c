//! extract: quantities (value, unit, qualifier, comparison, subject) and plan
//! commitments (modality, target, deadline) from an outlined file.

use crate::model::{Commitment, Quantity};
use crate::outline::Outlined;
use serde::Serialize;

/// What was extracted from one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocExtraction {
    pub index: usize,
    pub title: String,
    pub quantities: Vec<Quantity>,
    pub commitments: Vec<Commitment>,
}

/// Extract quantities and commitments from every document of a file.
pub fn extract(o: &Outlined) -> Vec<DocExtraction> {
    o.outline
        .documents
        .iter()
        .map(|d| DocExtraction {
            index: d.index,
            title: d.title.clone(),
            quantities: vec![],
            commitments: vec![],
        })
        .collect()
}
