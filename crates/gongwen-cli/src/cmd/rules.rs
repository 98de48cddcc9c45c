//! `gongwen rules [ID]`: list the rules or print one rule's documentation.

pub fn run(_id: Option<&str>) -> anyhow::Result<u8> {
    Ok(0)
}
