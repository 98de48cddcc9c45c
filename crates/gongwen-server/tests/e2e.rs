//! End-to-end tests of the web page in headless Chromium, driven through chromedriver
//! with `thirtyfour`. They need Debian's `chromium`, `chromium-driver` and
//! `fonts-noto-cjk` (installed by `.ci/run`); without them they print why and pass.
//!
//! Screenshots go to `target/e2e-screenshots/`; with `UPDATE_SCREENSHOTS=1` they are
//! also written to `docs/screenshots/` (the ones the docs show).

use serde_json::{json, Value};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;
use thirtyfour::ChromiumLikeCapabilities;

/// A draft with known defects: a placeholder (GW101, no fix), 截止 before a date
/// (GW406, safe fix), a half-width comma (GW405, safe fix), a skipped heading number
/// (GW203), and markup that must show as text.
const DRAFT: &str = "青山区审计局2024年工作总结和2025年工作计划\n\n\
一、2024年工作开展情况\n\
全年共完成审计项目36个，查出违规金额1.25亿元，促进增收节支XX万元。截止11月底，累计整改问题资金8600万元,整改率达到96.5%。\n\
（一）聚焦主责主业。组织开展财政预算执行审计，覆盖部门单位48家。<script>window.__xss=1</script>\n\
（三）强化队伍建设。开展业务培训12期，培训干部300余人次。<img src=x onerror=\"window.__xss=2\">\n\n\
二、2025年工作计划\n\
力争完成审计项目40个以上，2025年6月底前完成全区审计整改“回头看”。\n";

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// chromium and chromedriver, or why the test is skipped.
fn browser() -> Result<(PathBuf, PathBuf), String> {
    let chrome = std::env::var_os("GONGWEN_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| which("chromium"))
        .or_else(|| which("chromium-browser"))
        .ok_or("chromium not found (apt-get install chromium chromium-driver fonts-noto-cjk)")?;
    let driver = std::env::var_os("GONGWEN_CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| which("chromedriver"))
        .ok_or("chromedriver not found (apt-get install chromium-driver)")?;
    Ok((chrome, driver))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver on a free loopback port, killed on drop.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_chromedriver(bin: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver { child, port }
}

async fn start_server(library: Option<PathBuf>) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let config = gongwen_server::Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        library,
        ..Default::default()
    };
    let listener = gongwen_server::bind(&config).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        gongwen_server::serve_on(listener, config, async {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    (addr, tx)
}

async fn session(driver: &Driver, chrome: &Path, profile: &Path) -> WebDriver {
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(&chrome.to_string_lossy()).unwrap();
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--lang=zh-CN",
        "--window-size=1280,800",
    ] {
        caps.add_arg(arg).unwrap();
    }
    caps.add_arg(&format!("--user-data-dir={}", profile.display()))
        .unwrap();
    WebDriver::new(format!("http://127.0.0.1:{}", driver.port), caps)
        .await
        .expect("new browser session")
}

async fn js(d: &WebDriver, script: &str) -> Value {
    d.execute(script, Vec::<Value>::new())
        .await
        .unwrap_or_else(|e| panic!("script failed: {script}: {e}"))
        .json()
        .clone()
}

/// Poll a JS expression until it is truthy.
async fn wait_for(d: &WebDriver, expr: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = js(d, &format!("return ({expr});")).await;
        let truthy =
            !matches!(v, Value::Null | Value::Bool(false)) && v != json!(0) && v != json!("");
        if truthy {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {expr}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn screenshot(d: &WebDriver, name: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    d.screenshot(&path).await.unwrap();
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        let docs = root.join("docs/screenshots");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::copy(&path, docs.join(name)).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_page_highlights_findings_and_applies_fixes() {
    let (chrome, driver_bin) = match browser() {
        Ok(b) => b,
        Err(why) => {
            eprintln!("skipping browser test: {why}");
            return;
        }
    };
    let (addr, stop) = start_server(None).await;
    let driver = start_chromedriver(&driver_bin);
    let profile = tempfile::tempdir().unwrap();
    let d = session(&driver, &chrome, profile.path()).await;
    let result = std::panic::AssertUnwindSafe(run_check_page(&d, addr));
    let outcome = futures_util::FutureExt::catch_unwind(result).await;
    let _ = d.quit().await;
    let _ = stop.send(());
    if let Err(p) = outcome {
        std::panic::resume_unwind(p);
    }
}

async fn run_check_page(d: &WebDriver, addr: SocketAddr) {
    d.set_window_rect(0, 0, 1280, 800).await.unwrap();
    d.goto(format!("http://{addr}/")).await.unwrap();
    wait_for(d, "document.getElementById('draft') !== null").await;
    // Paste the draft: set the textarea as a paste would, then press 检查.
    let draft = d.find(By::Id("draft")).await.unwrap();
    d.execute(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
        vec![draft.to_json().unwrap(), json!(DRAFT)],
    )
    .await
    .unwrap();
    d.find(By::Id("run-check"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let marks = wait_for(d, "document.querySelectorAll('#doc mark.f').length").await;
    assert!(marks.as_u64().unwrap() >= 4, "marks: {marks}");

    // The placeholder is highlighted in place as an error, exactly over “XX万元”.
    let xx = js(
        d,
        "return [...document.querySelectorAll('#doc mark.f')].filter(m => m.textContent.includes('XX')).map(m => [m.textContent, m.className]);",
    )
    .await;
    assert_eq!(xx[0][0], "XX万元", "{xx}");
    assert!(xx[0][1].as_str().unwrap().contains("sev-error"), "{xx}");
    // Highlights sit on the original text: the page shows the draft unchanged.
    let shown = js(
        d,
        "return [...document.querySelectorAll('#doc .lt')].map(l => l.textContent).join('\\n');",
    )
    .await;
    assert_eq!(
        shown.as_str().unwrap(),
        DRAFT.trim_end_matches('\n').to_string() + "\n"
    );
    // Markup in the report is displayed literally and never runs.
    assert!(shown
        .as_str()
        .unwrap()
        .contains("<script>window.__xss=1</script>"));
    assert_eq!(
        js(
            d,
            "return document.querySelectorAll('#doc script, #doc img').length;"
        )
        .await,
        0
    );
    assert_eq!(js(d, "return window.__xss === undefined;").await, true);
    // Outline panel and indicator table are filled from the real stages.
    let outline = js(
        d,
        "return [...document.querySelectorAll('#outline-list button')].map(b => b.textContent);",
    )
    .await;
    assert!(outline.to_string().contains("2025年工作计划"), "{outline}");
    let rows = js(
        d,
        "return document.querySelectorAll('#quantities tbody tr').length;",
    )
    .await;
    assert!(rows.as_u64().unwrap() >= 5, "quantity rows: {rows}");
    screenshot(d, "check.png").await;

    // Keyboard: focus the 截止 highlight and press Enter → the explanation and fix.
    d.execute(
        "[...document.querySelectorAll('#doc mark.f')].find(m => m.textContent === '截止').focus();",
        Vec::<Value>::new(),
    )
    .await
    .unwrap();
    d.active_element()
        .await
        .unwrap()
        .send_keys(Key::Enter)
        .await
        .unwrap();
    let detail = wait_for(d, "document.getElementById('finding-detail').textContent").await;
    let detail = detail.as_str().unwrap();
    assert!(
        detail.contains("GW406") && detail.contains("截至"),
        "{detail}"
    );
    screenshot(d, "check-finding.png").await;
    d.find(By::Id("apply-fix"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(d, "window.gongwen.state.text.includes('截至11月底')").await;
    wait_for(d, "document.querySelectorAll('#doc mark.f').length > 0").await;
    let still = js(
        d,
        "return [...document.querySelectorAll('#doc mark.f')].some(m => m.textContent === '截止');",
    )
    .await;
    assert_eq!(still, false, "the fixed finding is gone after the re-check");

    // Apply all safe fixes: the half-width comma becomes full-width.
    d.find(By::Id("fix-all"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(d, "window.gongwen.state.text.includes('8600万元，整改率')").await;
    let text = js(d, "return window.gongwen.state.text;").await;
    let text = text.as_str().unwrap();
    assert!(
        text.contains("促进增收节支XX万元"),
        "unfixable placeholder stays"
    );
    assert_eq!(
        text.chars().count(),
        DRAFT.chars().count(),
        "one-for-one replacements keep the length"
    );

    // A narrow window still shows the document and the findings.
    d.set_window_rect(0, 0, 420, 860).await.unwrap();
    d.execute(
        "document.getElementById('check-result').scrollIntoView();",
        Vec::<Value>::new(),
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let w = js(
        d,
        "return document.getElementById('doc').getBoundingClientRect().width;",
    )
    .await;
    assert!(
        w.as_f64().unwrap() > 300.0,
        "doc width on a narrow window: {w}"
    );
    assert_eq!(
        js(
            d,
            "return document.documentElement.scrollWidth <= window.innerWidth + 1;"
        )
        .await,
        true,
        "no horizontal scrolling at 420 px"
    );
    screenshot(d, "check-narrow.png").await;
}

/// Two reports written for this test; only the second holds the planted phrase.
const LIB_A: &str = "东坪乡2023年工作总结\n\n一、主要工作成效\n全年新建村级活动场所3个，改造农村公路12公里。\n二、2024年工作打算\n持续推进人居环境整治，力争完成改厕200户。\n";
const LIB_B: &str = "白石街道2023年工作总结\n\n一、主要工作成效\n推行“三单一表闭环督办”机制，全年办结群众诉求1260件。\n社区养老服务中心建成投用2个。\n二、2024年工作打算\n深化“三单一表闭环督办”，确保诉求按期办结率达到98%以上。\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_page_finds_a_planted_phrase_and_opens_the_document() {
    let (chrome, driver_bin) = match browser() {
        Ok(b) => b,
        Err(why) => {
            eprintln!("skipping browser test: {why}");
            return;
        }
    };
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("东坪乡.txt"), LIB_A).unwrap();
    std::fs::write(docs.join("白石街道.txt"), LIB_B).unwrap();
    let lib = tmp.path().join("lib");
    let report = gongwen_library::add(
        &lib,
        &[docs.to_string_lossy().into_owned()],
        &Default::default(),
        &gongwen_library::NoProgress,
    )
    .unwrap();
    assert_eq!(report.added, 2);
    let (addr, stop) = start_server(Some(lib)).await;
    let driver = start_chromedriver(&driver_bin);
    let profile = tempfile::tempdir().unwrap();
    let d = session(&driver, &chrome, profile.path()).await;
    let result = std::panic::AssertUnwindSafe(run_search_page(&d, addr));
    let outcome = futures_util::FutureExt::catch_unwind(result).await;
    let _ = d.quit().await;
    let _ = stop.send(());
    if let Err(p) = outcome {
        std::panic::resume_unwind(p);
    }
}

async fn run_search_page(d: &WebDriver, addr: SocketAddr) {
    d.set_window_rect(0, 0, 1280, 800).await.unwrap();
    d.goto(format!("http://{addr}/#search")).await.unwrap();
    wait_for(d, "!document.getElementById('panel-search').hidden").await;
    let q = d.find(By::Id("q")).await.unwrap();
    q.send_keys("\"三单一表闭环督办\"").await.unwrap();
    q.send_keys(Key::Enter).await.unwrap();
    let n = wait_for(d, "document.querySelectorAll('#hits li .title').length").await;
    assert!(n.as_u64().unwrap() >= 1, "{n}");
    let titles = js(
        d,
        "return [...document.querySelectorAll('#hits .title')].map(b => b.textContent);",
    )
    .await;
    assert!(titles.to_string().contains("白石街道"), "{titles}");
    assert!(
        !titles.to_string().contains("东坪乡"),
        "only the document with the phrase: {titles}"
    );
    let marks = js(
        d,
        "return [...document.querySelectorAll('#hits mark.hit')].map(m => m.textContent);",
    )
    .await;
    assert!(marks.to_string().contains("三单一表闭环督办"), "{marks}");
    // Open the document at the hit's line.
    d.find(By::Css("#hits .title"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let target = wait_for(
        d,
        "document.querySelector('#viewer-doc .line.target')?.textContent",
    )
    .await;
    assert!(
        target.as_str().unwrap().contains("三单一表闭环督办"),
        "{target}"
    );
    screenshot(d, "search.png").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ledger_page_lists_verdicts_shows_evidence_and_exports() {
    let (chrome, driver_bin) = match browser() {
        Ok(b) => b,
        Err(why) => {
            eprintln!("skipping browser test: {why}");
            return;
        }
    };
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("lib");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ledger");
    gongwen_library::add(
        &lib,
        &[fixtures.to_string_lossy().into_owned()],
        &Default::default(),
        &gongwen_library::NoProgress,
    )
    .unwrap();
    let (addr, stop) = start_server(Some(lib)).await;
    let driver = start_chromedriver(&driver_bin);
    let profile = tempfile::tempdir().unwrap();
    let d = session(&driver, &chrome, profile.path()).await;
    let result = std::panic::AssertUnwindSafe(run_ledger_page(&d, addr));
    let outcome = futures_util::FutureExt::catch_unwind(result).await;
    let _ = d.quit().await;
    let _ = stop.send(());
    if let Err(p) = outcome {
        std::panic::resume_unwind(p);
    }
}

async fn run_ledger_page(d: &WebDriver, addr: SocketAddr) {
    d.set_window_rect(0, 0, 1280, 800).await.unwrap();
    d.goto(format!("http://{addr}/#ledger")).await.unwrap();
    wait_for(d, "!document.getElementById('panel-ledger').hidden").await;
    let year = d.find(By::Id("l-year")).await.unwrap();
    year.send_keys("2025").await.unwrap();
    year.send_keys(Key::Enter).await.unwrap();
    let rows = wait_for(
        d,
        "document.querySelectorAll('#ledger tbody tr .badge').length > 10 && document.querySelectorAll('#ledger tbody tr .badge').length",
    )
    .await;
    assert!(rows.as_u64().unwrap() > 10, "{rows}");
    let units = js(
        d,
        "return [...document.querySelectorAll('#ledger tbody tr td:first-child')].map(t => t.textContent);",
    )
    .await;
    assert!(units.to_string().contains("柳河镇"), "{units}");
    // Filter to the missed commitments: every row left is 未达标.
    js(
        d,
        "const s = document.getElementById('l-status'); s.value = 'missed'; s.dispatchEvent(new Event('change')); return null;",
    )
    .await;
    let badges = js(
        d,
        "return [...document.querySelectorAll('#ledger tbody .badge')].map(b => b.className);",
    )
    .await;
    let badges = badges.as_array().unwrap().clone();
    assert!(!badges.is_empty());
    assert!(
        badges
            .iter()
            .all(|b| b.as_str().unwrap().contains("st-missed")),
        "{badges:?}"
    );
    // Evidence of the first missed commitment: the summary's figure is shown.
    d.find(By::Css("#ledger tbody button.link"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let ev = wait_for(
        d,
        "!document.getElementById('evidence').hidden && document.getElementById('evidence-body').textContent",
    )
    .await;
    assert!(ev.as_str().unwrap().contains("未达标"), "{ev}");
    screenshot(d, "ledger.png").await;
    // Export: the workbook is fetched and handed to the browser.
    d.find(By::Id("l-export"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let st = wait_for(
        d,
        "document.getElementById('status').textContent.includes('台账') && document.getElementById('status').textContent",
    )
    .await;
    assert_eq!(st.as_str().unwrap(), "已导出台账", "{st}");
}

/// A library document whose title line and text carry markup and script.
const LIB_EVIL: &str = "红岩镇<img src=x onerror=\"window.__xss=3\">2023年工作总结\n\n一、主要工作成效\n推行“接诉即办<script>window.__xss=4</script>闭环”机制，全年办结群众诉求860件。<svg onload=\"window.__xss=5\"></svg>\n二、2024年工作打算\n深化“接诉即办<b onmouseover=\"window.__xss=6\">闭环</b>”，确保办结率达到98%以上。\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_page_shows_markup_in_titles_and_hits_as_text() {
    let (chrome, driver_bin) = match browser() {
        Ok(b) => b,
        Err(why) => {
            eprintln!("skipping browser test: {why}");
            return;
        }
    };
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("红岩镇.txt"), LIB_EVIL).unwrap();
    let lib = tmp.path().join("lib");
    gongwen_library::add(
        &lib,
        &[docs.to_string_lossy().into_owned()],
        &Default::default(),
        &gongwen_library::NoProgress,
    )
    .unwrap();
    let (addr, stop) = start_server(Some(lib)).await;
    let driver = start_chromedriver(&driver_bin);
    let profile = tempfile::tempdir().unwrap();
    let d = session(&driver, &chrome, profile.path()).await;
    let result = std::panic::AssertUnwindSafe(run_evil_search(&d, addr));
    let outcome = futures_util::FutureExt::catch_unwind(result).await;
    let _ = d.quit().await;
    let _ = stop.send(());
    if let Err(p) = outcome {
        std::panic::resume_unwind(p);
    }
}

async fn run_evil_search(d: &WebDriver, addr: SocketAddr) {
    d.goto(format!("http://{addr}/#search")).await.unwrap();
    wait_for(d, "!document.getElementById('panel-search').hidden").await;
    let q = d.find(By::Id("q")).await.unwrap();
    q.send_keys("接诉即办").await.unwrap();
    q.send_keys(Key::Enter).await.unwrap();
    wait_for(d, "document.querySelectorAll('#hits li .title').length").await;
    let title = js(
        d,
        "return document.querySelector('#hits .title').textContent;",
    )
    .await;
    assert!(
        title.as_str().unwrap_or("").contains("红岩镇"),
        "the title is shown: {title}"
    );
    let hits = js(d, "return document.getElementById('hits').textContent;").await;
    assert!(
        hits.to_string().contains("window.__xss") && title.to_string().contains("<img src=x"),
        "markup shown as text: {hits}"
    );
    // Open the document too: its text is shown line by line.
    d.find(By::Css("#hits .title"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        d,
        "document.querySelector('#viewer-doc .line.target')?.textContent",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let bad = js(
        d,
        "return [window.__xss ?? null, document.querySelectorAll('#hits img, #hits script, #hits svg, #hits b[onmouseover], #viewer-doc img, #viewer-doc script, #viewer-doc svg').length];",
    )
    .await;
    assert_eq!(bad, json!([null, 0]), "markup was interpreted: {bad}");
    let viewer = js(
        d,
        "return document.getElementById('viewer-doc').textContent;",
    )
    .await;
    assert!(viewer.to_string().contains("onerror"), "{viewer}");
}
