//! The OpenAPI 3.1 description served at `/api/openapi.json`. Written by hand in
//! `openapi.json` (small, and a generator would add a large dependency); the tests in
//! `tests/api.rs` keep it in sync with the router: every documented operation is
//! routed, and every routed API path is documented.

pub const OPENAPI_JSON: &str = include_str!("openapi.json");

/// `(method, path)` of every documented operation, for the sync tests.
pub fn operations() -> Vec<(String, String)> {
    let v: serde_json::Value = match serde_json::from_str(OPENAPI_JSON) {
        Ok(v) => v,
        Err(_) => return vec![],
    };
    let mut out = Vec::new();
    if let Some(paths) = v["paths"].as_object() {
        for (path, ops) in paths {
            if let Some(ops) = ops.as_object() {
                for method in ops.keys() {
                    out.push((method.to_ascii_uppercase(), path.clone()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn openapi_is_valid_json_with_operations() {
        let v: serde_json::Value = serde_json::from_str(super::OPENAPI_JSON).unwrap();
        assert!(v["openapi"].as_str().unwrap().starts_with("3."));
        assert!(super::operations().len() >= 13);
    }
}
