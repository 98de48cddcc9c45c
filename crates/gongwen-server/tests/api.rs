//! API integration tests through `tower::ServiceExt::oneshot` (no socket): health,
//! check/outline/extract with text and multipart docx, limits, token, CSP, escaping,
//! and the OpenAPI description kept in sync with the router.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use gongwen_server::{router, Config};
use http_body_util::BodyExt;
use serde_json::Value;
use std::io::Write;
use tower::ServiceExt;

const DRAFT: &str = "青山区审计局2024年工作总结和2025年工作计划\n\n\
一、2024年工作开展情况\n\
全年共完成审计项目36个，查出违规金额1.25亿元，促进增收节支XX万元。\n\
（一）聚焦主责主业。组织开展财政预算执行审计，覆盖部门单位48家。\n\n\
二、2025年工作计划\n\
力争完成审计项目40个以上，2025年6月底前完成全区审计整改“回头看”。\n";

fn app() -> Router {
    router(Config::default())
}

async fn send(app: Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = app.oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

fn post_text(path: &str, text: &str) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(text.to_string()))
        .unwrap()
}

fn json(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}", String::from_utf8_lossy(body));
    })
}

/// A small but real .docx built in the test: one paragraph per line.
fn docx(lines: &[&str]) -> Vec<u8> {
    let mut body = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for l in lines {
        body.push_str("<w:p><w:r><w:t>");
        body.push_str(l);
        body.push_str("</w:t></w:r></w:p>");
    }
    body.push_str("</w:body></w:document>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(body.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

fn multipart(field: &str, filename: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----gongwen-test-boundary-7MA4YWxkTrZu0gW";
    let mut b = Vec::new();
    write!(
        b,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .unwrap();
    b.extend_from_slice(bytes);
    write!(b, "\r\n--{boundary}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={boundary}"), b)
}

#[tokio::test]
async fn health_answers_ok_with_security_headers() {
    let (status, headers, body) = send(
        app(),
        Request::get("/api/health").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body)["status"], "ok");
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
}

#[tokio::test]
async fn the_page_is_served_with_csp_and_references_only_local_assets() {
    let (status, headers, body) = send(app(), Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("检查") && html.contains("检索") && html.contains("台账"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no CDN"
    );
    assert!(
        !html.contains("<script>"),
        "no inline script (CSP forbids it)"
    );
    for asset in ["/app.js", "/app.css"] {
        let (s, h, b) = send(app(), Request::get(asset).body(Body::empty()).unwrap()).await;
        assert_eq!(s, StatusCode::OK, "{asset}");
        assert!(h.contains_key(header::CONTENT_SECURITY_POLICY));
        assert!(!b.is_empty());
    }
    let (_, _, js) = send(app(), Request::get("/app.js").body(Body::empty()).unwrap()).await;
    let js = String::from_utf8(js).unwrap();
    assert!(
        !js.contains(".innerHTML") && !js.contains("insertAdjacentHTML"),
        "document text must never be inserted as HTML"
    );
    for sink in [
        ".outerHTML",
        "document.write",
        "eval(",
        "new Function",
        "srcdoc",
    ] {
        assert!(!js.contains(sink), "no HTML/script sink {sink} in app.js");
    }
}

#[tokio::test]
async fn check_text_plain_answers_the_cli_json() {
    let (status, _, body) = send(app(), post_text("/api/check", DRAFT)).await;
    assert_eq!(status, StatusCode::OK);
    let v = json(&body);
    // Same builder as the CLI: one file, findings array, summary with by_rule.
    let expected_findings = v["files"][0]["findings"].as_array().unwrap().len();
    assert_eq!(v["summary"]["findings"], expected_findings);
    assert!(v["summary"]["by_rule"].is_object());
    assert_eq!(v["files"][0]["path"], "-");
    // The same input through the core gives the same JSON as the CLI prints.
    let input =
        gongwen_core::ingest::from_bytes("-", DRAFT.as_bytes(), &Default::default()).unwrap();
    let o = gongwen_core::outline::outline(&input);
    let ex = gongwen_core::extract::extract(&o);
    let f = gongwen_core::check::check(&o, &ex, &Default::default());
    let cli = gongwen_core::report::check_json(&[gongwen_core::report::CheckedFile {
        path: "-",
        findings: &f,
    }]);
    assert_eq!(v, cli);
}

#[tokio::test]
async fn outline_and_extract_answer_their_contract_shapes() {
    let (s, _, b) = send(app(), post_text("/api/outline?name=总结.txt", DRAFT)).await;
    assert_eq!(s, StatusCode::OK);
    let v = json(&b);
    assert_eq!(v["files"][0]["path"], "总结.txt");
    assert_eq!(v["files"][0]["encoding"], "UTF-8");
    assert_eq!(
        v["files"][0]["documents"][0]["title"],
        "青山区审计局2024年工作总结和2025年工作计划"
    );
    let (s, _, b) = send(app(), post_text("/api/extract", DRAFT)).await;
    assert_eq!(s, StatusCode::OK);
    let v = json(&b);
    assert!(v["files"][0]["documents"][0]["quantities"].is_array());
    assert!(v["files"][0]["documents"][0]["commitments"].is_array());
}

#[tokio::test]
async fn multipart_docx_upload_is_read_through_ingest() {
    let lines: Vec<&str> = DRAFT.lines().collect();
    let (ctype, body) = multipart("file", "青山区审计局总结.docx", &docx(&lines));
    let req = Request::post("/api/analyze")
        .header(header::CONTENT_TYPE, ctype)
        .body(Body::from(body))
        .unwrap();
    let (status, _, body) = send(app(), req).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let v = json(&body);
    assert_eq!(v["format"], "docx");
    assert_eq!(v["path"], "青山区审计局总结.docx");
    assert!(v["text"].as_str().unwrap().contains("查出违规金额1.25亿元"));
    // Every span carries UTF-16 offsets that index the same text in JavaScript.
    let text: Vec<u16> = v["text"].as_str().unwrap().encode_utf16().collect();
    let doc = &v["outline"]["documents"][0];
    let (us, ue) = (
        doc["u16_start"].as_u64().unwrap() as usize,
        doc["u16_end"].as_u64().unwrap() as usize,
    );
    assert!(us <= ue && ue <= text.len());
}

#[tokio::test]
async fn upload_names_with_directories_are_reduced_and_bad_types_refused() {
    let (ctype, body) = multipart("file", "../../etc/cron.d/总结.txt", DRAFT.as_bytes());
    let req = Request::post("/api/check")
        .header(header::CONTENT_TYPE, ctype)
        .body(Body::from(body))
        .unwrap();
    let (status, _, body) = send(app(), req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body)["files"][0]["path"], "总结.txt");

    let (ctype, body) = multipart("file", "payload.exe", b"MZ\x90\x00");
    let req = Request::post("/api/check")
        .header(header::CONTENT_TYPE, ctype)
        .body(Body::from(body))
        .unwrap();
    let (status, _, body) = send(app(), req).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(json(&body)["error"].as_str().unwrap().contains("不支持"));

    let (ctype, body) = multipart("other", "a.txt", DRAFT.as_bytes());
    let req = Request::post("/api/check")
        .header(header::CONTENT_TYPE, ctype)
        .body(Body::from(body))
        .unwrap();
    let (status, _, body) = send(app(), req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(json(&body)["error"].as_str().unwrap().contains("file"));
}

#[tokio::test]
async fn oversized_bodies_are_413_with_a_json_error() {
    let small = router(Config {
        max_body: 4096,
        ..Config::default()
    });
    let big = DRAFT.repeat(40);
    assert!(big.len() > 4096);
    let (status, _, body) = send(small.clone(), post_text("/api/check", &big)).await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        String::from_utf8_lossy(&body)
    );
    // Without Content-Length (a streamed body), the limit still holds.
    let stream = futures_body(big.clone());
    let req = Request::post("/api/check")
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(stream)
        .unwrap();
    let (status, _, body) = send(small.clone(), req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(json(&body)["error"].is_string());
    // Multipart uploads too.
    let (ctype, body) = multipart("file", "a.txt", big.as_bytes());
    let req = Request::post("/api/check")
        .header(header::CONTENT_TYPE, ctype)
        .body(Body::from(body))
        .unwrap();
    let (status, _, _) = send(small.clone(), req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // A body under the limit still works.
    let (status, _, _) = send(small, post_text("/api/check", DRAFT)).await;
    assert_eq!(status, StatusCode::OK);
}

/// A body without a known length.
fn futures_body(s: String) -> Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = s
        .into_bytes()
        .chunks(1000)
        .map(|c| Ok(c.to_vec()))
        .collect();
    Body::from_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn empty_body_is_a_400_json_error() {
    let (status, _, body) = send(app(), post_text("/api/check", "")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(json(&body)["error"].as_str().unwrap().contains("空"));
}

#[tokio::test]
async fn a_token_is_required_on_every_api_call_when_configured() {
    let token = "k7Qm2xV9pLr4Ta8w";
    let app = router(Config {
        token: Some(token.into()),
        ..Config::default()
    });
    for (method, path) in [("GET", "/api/health"), ("POST", "/api/check")] {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .body(Body::from(DRAFT))
            .unwrap();
        let (s, h, b) = send(app.clone(), req).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(h[header::WWW_AUTHENTICATE], "Bearer");
        assert!(json(&b)["error"].as_str().unwrap().contains("令牌"));
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, "Bearer wrong-token-000000")
            .body(Body::from(DRAFT))
            .unwrap();
        assert_eq!(send(app.clone(), req).await.0, StatusCode::UNAUTHORIZED);
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(Body::from(DRAFT))
            .unwrap();
        assert_eq!(send(app.clone(), req).await.0, StatusCode::OK, "{path}");
    }
    // The page itself holds no data and loads without the token, so it can ask for it.
    let (s, _, _) = send(app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn refuses_to_bind_all_interfaces_without_a_token() {
    let config = Config {
        addr: "0.0.0.0:0".parse().unwrap(),
        ..Config::default()
    };
    let err = gongwen_server::bind(&config).await.unwrap_err().to_string();
    assert!(err.contains("--token"), "{err}");
    let ok = gongwen_server::bind(&Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        ..Config::default()
    })
    .await;
    assert!(ok.is_ok());
}

#[tokio::test]
async fn script_in_a_report_comes_back_as_json_data() {
    let evil = "城关镇2024年工作总结\n\n一、主要成效\n<script>alert('x')</script>全年新增就业120人。<img src=x onerror=alert(1)>\n";
    let (status, headers, body) = send(app(), post_text("/api/analyze", evil)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let v = json(&body);
    assert_eq!(v["text"], evil);
    let (_, _, body) = send(app(), post_text("/api/outline", evil)).await;
    assert!(json(&body)["files"][0]["documents"].is_array());
}

#[tokio::test]
async fn docx_download_round_trips() {
    let (status, headers, body) = send(app(), post_text("/api/docx", DRAFT)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("wordprocessingml"));
    let input = gongwen_core::ingest::from_bytes("x.docx", &body, &Default::default()).unwrap();
    assert!(input.text.contains("力争完成审计项目40个以上"));
}

#[tokio::test]
async fn unknown_api_paths_are_json_404() {
    let (s, _, b) = send(
        app(),
        Request::get("/api/nope").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(json(&b)["error"].is_string());
}

/// Every documented operation is routed (not 404/405), and every routed API path is
/// documented: the OpenAPI description cannot drift from the router.
#[tokio::test]
async fn openapi_matches_the_router() {
    let ops = gongwen_server::openapi::operations();
    assert!(!ops.is_empty());
    for (method, path) in &ops {
        let sample = if path.starts_with("/api/rules") {
            "GW101"
        } else {
            "abc"
        };
        let uri = path.replace("{id}", sample);
        let req = Request::builder()
            .method(method.as_str())
            .uri(&uri)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(Body::from(DRAFT))
            .unwrap();
        let (s, _, b) = send(app(), req).await;
        let unrouted = s == StatusCode::METHOD_NOT_ALLOWED
            || String::from_utf8_lossy(&b).contains("no such endpoint");
        assert!(!unrouted, "{method} {path} is documented but answers {s}");
    }
    // The other way: the routes declared in api.rs are all in the document.
    let src = include_str!("../src/api.rs");
    let mut routed = 0;
    for line in src.lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix(".route(\"") else {
            continue;
        };
        let path = &rest[..rest.find('"').unwrap()];
        routed += 1;
        let methods: Vec<&str> = ["get", "post", "put", "delete", "patch"]
            .into_iter()
            .filter(|m| line.contains(&format!("{m}(")) || line.contains(&format!(".{m}(")))
            .collect();
        assert!(!methods.is_empty(), "{line}");
        for m in methods {
            assert!(
                ops.iter()
                    .any(|(om, op)| op == path && om.eq_ignore_ascii_case(m)),
                "{m} {path} is routed but missing from openapi.json"
            );
        }
    }
    assert!(routed >= 15, "found {routed} routes");
    // And the served document is the same one.
    let (s, _, b) = send(
        app(),
        Request::get("/api/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(json(&b)["openapi"], "3.1.0");
}

#[tokio::test]
async fn ledger_answers_json_and_the_workbook_over_the_library() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("lib");
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ledger");
    let report = gongwen_library::add(
        &lib,
        &[fixtures.to_string_lossy().into_owned()],
        &Default::default(),
        &gongwen_library::NoProgress,
    )
    .unwrap();
    assert!(
        report.added >= 4,
        "four reports (and ANSWERS.md) added: {}",
        report.added
    );
    let app = router(Config {
        library: Some(lib),
        ..Default::default()
    });
    let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();

    let (status, _, body) = send(app.clone(), get("/api/ledger?plan_year=2025")).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let v = json(&body);
    let items = v["items"].as_array().expect("items");
    assert!(
        items.len() >= 10,
        "the two 2025 plans hold 23 commitments: {}",
        items.len()
    );
    for it in items {
        assert_eq!(it["plan_year"], 2025);
        for f in [
            "unit",
            "text",
            "status",
            "score",
            "evidence",
            "heading_path",
            "line",
        ] {
            assert!(it.get(f).is_some(), "field {f} missing in {it}");
        }
    }
    assert!(items.iter().any(|it| it["status"] == "done"));
    assert!(items.iter().any(|it| it["status"] == "missed"));

    let (status, _, body) =
        send(app.clone(), get("/api/ledger?plan_year=2025&status=missed")).await;
    assert_eq!(status, StatusCode::OK);
    let missed = json(&body)["items"].as_array().unwrap().clone();
    assert!(!missed.is_empty() && missed.len() < items.len());
    assert!(missed.iter().all(|it| it["status"] == "missed"));

    let (status, headers, body) =
        send(app.clone(), get("/api/ledger?plan_year=2025&format=xlsx")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(body.starts_with(b"PK"), "an XLSX is a zip");

    let (status, _, body) = send(app, get("/api/ledger?status=bogus")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(json(&body)["error"].as_str().unwrap().contains("未知状态"));
}

#[tokio::test]
async fn ledger_without_a_library_is_a_json_404() {
    let (status, _, body) = send(
        app(),
        Request::get("/api/ledger").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(json(&body)["error"].is_string());
}

/// Percent-encode a query value (every byte that is not unreserved ASCII).
fn pct(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn overlong_search_queries_are_400_with_the_clis_message() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("lib");
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ledger");
    gongwen_library::add(
        &lib,
        &[fixtures.to_string_lossy().into_owned()],
        &Default::default(),
        &gongwen_library::NoProgress,
    )
    .unwrap();
    let app = router(Config {
        library: Some(lib),
        ..Default::default()
    });
    let get = |q: &str| {
        Request::get(format!("/api/search?q={}", pct(q)))
            .body(Body::empty())
            .unwrap()
    };
    // A normal query works…
    let (status, _, body) = send(app.clone(), get("柳河镇 工作计划")).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert!(json(&body)["total"].as_u64().unwrap() >= 1);
    // …1 001 characters do not, nor do 65 terms.
    let long = "医".repeat(gongwen_library::query::MAX_QUERY_CHARS + 1);
    let (status, headers, body) = send(app.clone(), get(&long)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert!(
        json(&body).to_string().contains("查询过长"),
        "{}",
        json(&body)
    );
    let many = vec!["医保"; gongwen_library::query::MAX_QUERY_PIECES + 1].join(" ");
    let (status, _, body) = send(app, get(&many)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(json(&body).to_string().contains("过多"), "{}", json(&body));
}

/// Uploads that ingest refuses: a zip bomb, a truncated package, noise, an overlong line,
/// deep HTML. Each is a 4xx JSON error carrying ingest's Chinese message, never a 500.
#[tokio::test]
async fn hostile_uploads_are_clear_4xx_json_errors() {
    let good = docx(&DRAFT.lines().collect::<Vec<_>>());
    let bomb = {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("word/document.xml", o).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..100 {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap().into_inner()
    };
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let noise: Vec<u8> = (0..20_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect();
    let long_line = format!(
        "青山区审计局2024年工作总结\n{}\n",
        "查出违规金额1.25亿元，".repeat(40_000)
    );
    let deep = format!(
        "<!DOCTYPE html><html><body>{}</body></html>",
        "<div>".repeat(50_000)
    );
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        ("炸弹.docx", bomb, StatusCode::PAYLOAD_TOO_LARGE, "压缩炸弹"),
        (
            "截断.docx",
            good[..good.len() / 2].to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "docx",
        ),
        (
            "噪声.txt",
            noise,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "二进制",
        ),
        (
            "长行.txt",
            long_line.into_bytes(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "行过长",
        ),
        (
            "深.html",
            deep.into_bytes(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "嵌套",
        ),
    ];
    for (name, bytes, want, msg) in cases {
        let (ctype, body) = multipart("file", name, &bytes);
        let req = Request::post("/api/check")
            .header(header::CONTENT_TYPE, ctype)
            .body(Body::from(body))
            .unwrap();
        let (status, headers, body) = send(app(), req).await;
        assert_eq!(status, want, "{name}: {}", String::from_utf8_lossy(&body));
        assert!(headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        let v = json(&body);
        assert!(v.to_string().contains(msg), "{name}: {v}");
    }
}
