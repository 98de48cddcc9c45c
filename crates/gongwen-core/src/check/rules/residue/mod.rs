//! GW1xx residue: what a template, a scraper or a material website left in the text.

pub mod placeholder_residue;
pub mod redaction_substitution;
pub mod scraped_junk;
