//! check: lint rules over an outlined and extracted file. One rule per file under
//! `rules/<family>/`, registered in `codes.rs`.

use crate::extract::DocExtraction;
use crate::model::Finding;
use crate::outline::Outlined;

/// Which rules run and how.
#[derive(Debug, Clone, Default)]
pub struct Settings {}

/// Run the enabled rules.
pub fn check(_o: &Outlined, _ex: &[DocExtraction], _settings: &Settings) -> Vec<Finding> {
    vec![]
}
