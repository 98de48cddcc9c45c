//! Extraction on realistic report text: annotated fixtures (precision/recall of
//! span + value + unit + placeholder), one `check` per rule of the issue, commitments,
//! and property tests of the numeral core.

use gongwen_core::extract::{self, numbers_in, parse_whole, quantities_in, Mention};
use gongwen_core::ingest;
use gongwen_core::outline;
use proptest::prelude::*;

const FIXTURES: &[(&str, &str, &str)] = &[
    (
        "renshe",
        include_str!("fixtures/extract/renshe.txt"),
        include_str!("fixtures/extract/renshe.expected"),
    ),
    (
        "gwr",
        include_str!("fixtures/extract/gwr.txt"),
        include_str!("fixtures/extract/gwr.expected"),
    ),
    (
        "shichang",
        include_str!("fixtures/extract/shichang.txt"),
        include_str!("fixtures/extract/shichang.expected"),
    ),
    (
        "zhen",
        include_str!("fixtures/extract/zhen.txt"),
        include_str!("fixtures/extract/zhen.expected"),
    ),
    // Written blind: the expectations were annotated by hand before the first run.
    (
        "jiaoyu",
        include_str!("fixtures/extract/jiaoyu.txt"),
        include_str!("fixtures/extract/jiaoyu.expected"),
    ),
    (
        "nongye",
        include_str!("fixtures/extract/nongye.txt"),
        include_str!("fixtures/extract/nongye.expected"),
    ),
];

/// (start, end, value, value_max, unit, placeholder) as a comparable key.
type Key = (usize, usize, String, String, String, bool);

fn fmt_num(v: Option<f64>) -> String {
    match v {
        None => String::new(),
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", v as i64),
        Some(v) => format!("{v}"),
    }
}

fn key_of(m: &Mention) -> Key {
    let unit = m.unit.map(str::to_string).unwrap_or_else(|| {
        if m.percent {
            "%".into()
        } else if m.permille {
            "‰".into()
        } else {
            String::new()
        }
    });
    (
        m.start,
        m.end,
        fmt_num(m.value),
        fmt_num(m.value_max),
        unit,
        m.placeholder,
    )
}

/// Expected keys: each line's text is found in order after the previous one.
fn expected_keys(text: &str, expected: &str) -> Vec<Key> {
    let mut out = Vec::new();
    let mut from = 0;
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let t = f[0];
        let at = from
            + text[from..]
                .find(t)
                .unwrap_or_else(|| panic!("fixture text not found: {t}"));
        from = at + t.len();
        out.push((
            at,
            at + t.len(),
            f[1].to_string(),
            f[2].to_string(),
            f[3].to_string(),
            f.get(4) == Some(&"X"),
        ));
    }
    out
}

#[test]
fn fixtures_precision_recall() {
    let (mut tp, mut np, mut ne, mut ph_tp, mut ph_e) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for (name, text, expected) in FIXTURES {
        let want = expected_keys(text, expected);
        let got: Vec<Key> = quantities_in(text).iter().map(key_of).collect();
        let hit = got.iter().filter(|g| want.contains(g)).count();
        for g in got.iter().filter(|g| !want.contains(g)) {
            eprintln!("{name}: unexpected {:?} {:?}", &text[g.0..g.1], g);
        }
        for w in want.iter().filter(|w| !got.contains(w)) {
            eprintln!("{name}: missed {:?} {:?}", &text[w.0..w.1], w);
        }
        tp += hit;
        np += got.len();
        ne += want.len();
        ph_e += want.iter().filter(|w| w.5).count();
        ph_tp += want.iter().filter(|w| w.5 && got.contains(w)).count();
    }
    let p = tp as f64 / np as f64;
    let r = tp as f64 / ne as f64;
    eprintln!("fixtures: {tp} correct of {np} found, {ne} expected: precision {p:.4}, recall {r:.4}; placeholders {ph_tp}/{ph_e}");
    assert!(ne > 200, "fixtures too small");
    assert!(p >= 0.97 && r >= 0.97, "precision {p:.4} recall {r:.4}");
    assert_eq!(ph_tp, ph_e, "every placeholder must be found");
}

/// (span text, value, value_max, unit)
type Row<'a> = (&'a str, Option<f64>, Option<f64>, Option<&'a str>);

/// The quantities expected in `text`, in order.
fn check(text: &str, want: &[Row]) {
    let got = quantities_in(text);
    let got: Vec<Row> = got
        .iter()
        .map(|m| (&text[m.start..m.end], m.value, m.value_max, m.unit))
        .collect();
    assert_eq!(got, want, "in {text}");
}

fn one(text: &str) -> Mention {
    let q = quantities_in(text);
    assert_eq!(q.len(), 1, "{text}: {q:?}");
    q.into_iter().next().unwrap()
}

#[test]
fn arabic_forms() {
    check(
        "累计投入资金1,234.5万元。",
        &[("1,234.5万元", Some(12345000.0), None, Some("元"))],
    );
    check(
        "完成投资１２３．５亿元",
        &[("１２３．５亿元", Some(12350000000.0), None, Some("元"))],
    );
    check("增长5 . 5%", &[("5 . 5%", Some(5.5), None, None)]);
    check(
        "共有3千万人次",
        &[("3千万人次", Some(30000000.0), None, Some("人次"))],
    );
    check(
        "覆盖10.1万户",
        &[("10.1万户", Some(101000.0), None, Some("户"))],
    );
}

#[test]
fn chinese_numerals_and_colloquial() {
    check(
        "培训一百二十三人",
        &[("一百二十三人", Some(123.0), None, Some("人"))],
    );
    check(
        "新增两千名志愿者",
        &[("两千名", Some(2000.0), None, Some("名"))],
    );
    check(
        "筹集资金三万五元",
        &[("三万五元", Some(35000.0), None, Some("元"))],
    );
    check("举办讲座廿场", &[("廿场", Some(20.0), None, Some("场"))]);
    check(
        "捐款壹佰贰拾元",
        &[("壹佰贰拾元", Some(120.0), None, Some("元"))],
    );
    check(
        "培训两千六人次",
        &[("两千六人次", Some(2600.0), None, Some("人次"))],
    );
}

#[test]
fn ratios() {
    let m = one("覆盖率达到百分之九十五");
    assert_eq!((m.value, m.percent), (Some(95.0), true));
    let m = one("人口自然增长率为5.61‰");
    assert_eq!((m.value, m.permille), (Some(5.61), true));
    let m = one("出生率千分之八点二");
    assert_eq!((m.value, m.permille), (Some(8.2), true));
    let m = one("占三分之一以上");
    assert_eq!(m.value.map(|v| (v * 1000.0).round()), Some(333.0));
    assert_eq!(m.qualifier, Some("以上"));
    let m = one("比上年提高2个百分点");
    assert_eq!(
        (m.value, m.unit, m.direction),
        (Some(2.0), Some("百分点"), Some("up"))
    );
    let m = one("八成以上的村");
    assert_eq!(
        (m.value, m.percent, m.qualifier),
        (Some(80.0), true, Some("以上"))
    );
}

#[test]
fn ranges_and_pairs() {
    check(
        "每村配备3-5个",
        &[("3-5个", Some(3.0), Some(5.0), Some("个"))],
    );
    check(
        "每村配备3～5个",
        &[("3～5个", Some(3.0), Some(5.0), Some("个"))],
    );
    check(
        "每村配备三至五个",
        &[("三至五个", Some(3.0), Some(5.0), Some("个"))],
    );
    let m = one("增长10%～20%");
    assert_eq!(
        (m.value, m.value_max, m.percent),
        (Some(10.0), Some(20.0), true)
    );
    let m = one("增长5%—5.5%");
    assert_eq!(
        (m.value, m.value_max, m.percent),
        (Some(5.0), Some(5.5), true)
    );
    let m = one("增长4.5-5%");
    assert_eq!(
        (m.value, m.value_max, m.percent),
        (Some(4.5), Some(5.0), true)
    );
    check(
        "补助3-5万元",
        &[("3-5万元", Some(30000.0), Some(50000.0), Some("元"))],
    );
    let m = one("总投资XX-XX万元");
    assert!(m.placeholder && m.value.is_none() && m.unit == Some("元"));
    let m = one("总投资XX万-1亿元");
    assert!(m.placeholder && m.unit == Some("元"));
    check(
        "走访三四个村",
        &[("三四个", Some(3.0), Some(4.0), Some("个"))],
    );
    check(
        "来了二三十人",
        &[("二三十人", Some(20.0), Some(30.0), Some("人"))],
    );
}

#[test]
fn placeholders() {
    for t in [
        "投入XX万元",
        "投入X亿元",
        "投入××万元",
        "投入ＸＸ万元",
        "增长XX%",
        "完成XX个",
    ] {
        let m = one(t);
        assert!(m.placeholder && m.value.is_none(), "{t}");
    }
    // Not in a numeric position: names.
    assert!(quantities_in("XX区审计局、XX镇、XX县人民政府").is_empty());
}

#[test]
fn units_money_and_compound() {
    let m = one("拨付资金480万元");
    assert_eq!((m.value, m.unit), (Some(4800000.0), Some("元")));
    let m = one("城镇职工参保人口5.18万人");
    assert_eq!(
        (m.value, m.unit, m.subject.as_deref()),
        (Some(51800.0), Some("人"), Some("城镇职工参保人口"))
    );
    let m = one("接待游客120万人次");
    assert_eq!((m.value, m.unit), (Some(1200000.0), Some("人次")));
    let m = one("新建厂房3.5万平方米");
    assert_eq!((m.value, m.unit), (Some(35000.0), Some("平方米")));
    let m = one("利用外资1.2亿美元");
    assert_eq!((m.value, m.unit), (Some(120000000.0), Some("美元")));
    let m = one("装机容量5千瓦");
    assert_eq!((m.value, m.unit), (Some(5.0), Some("千瓦")));
    let m = one("办结时限压缩至3个工作日");
    assert_eq!((m.value, m.unit), (Some(3.0), Some("个工作日")));
}

#[test]
fn qualifiers() {
    for (t, q) in [
        ("帮扶60余万人", "余"),
        ("帮扶5万余人", "余"),
        ("帮扶100多人", "多"),
        ("帮扶3000人以上", "以上"),
        ("控制在3%以内", "以内"),
        ("超10亿元", "超"),
        ("近3年", "近"),
        ("约5000人", "约"),
        ("增长5%左右", "左右"),
        ("不低于90%", "不低于"),
        ("不少于150万元", "不少于"),
        ("不超过2%", "不超过"),
    ] {
        assert_eq!(one(t).qualifier, Some(q), "{t}");
    }
    let m = one("帮扶60余万人");
    assert_eq!((m.text.as_str(), m.value), ("60余万人", Some(600000.0)));
}

#[test]
fn comparisons() {
    for (t, c, d) in [
        ("地区生产总值同比增长5.2%", "同比增长", Some("up")),
        ("较上年减少300人", "较上年减少", Some("down")),
        ("比去年同期增长12%", "比去年同期增长", Some("up")),
        ("失业率下降0.3个百分点", "下降", Some("down")),
        ("收入较上年增加2300元", "较上年增加", Some("up")),
    ] {
        let m = one(t);
        assert_eq!((m.comparison.as_deref(), m.direction), (Some(c), d), "{t}");
    }
    assert_eq!(
        one("地区生产总值同比增长5.2%").subject.as_deref(),
        Some("地区生产总值")
    );
}

#[test]
fn not_quantities() {
    for t in [
        "2023年以来，我局认真贯彻",
        "截至11月30日，",
        "7-10月开展专项整治",
        "“十四五”期间（2021-2025年）",
        "1.加强组织领导",
        "（1）强化责任落实",
        "在全省考核中排名第8名",
        "全市第3",
        "打造“五大中心”",
        "落实“三合理”要求",
        "建设15分钟阅读圈",
        "推广“1+8”合作模式",
        "联系电话：0871-6543210",
        "根据X政办发〔2023〕5号文件",
        "开通5G基站",
        "创建4A级景区",
        "服务热线12345",
        "迎来建党100周年",
        "下午3点召开会议",
        "党的二十届三中全会",
        "树立“两个确立”",
        "进一步加强队伍建设",
    ] {
        let q = quantities_in(t);
        assert!(q.is_empty(), "{t}: {q:?}");
    }
}

fn outline_text(name: &str, text: &str) -> outline::Outlined {
    let input = ingest::from_bytes(name, text.as_bytes(), &Default::default()).unwrap();
    outline::outline(&input)
}

#[test]
fn gov_report_expected_targets() {
    let (_, text, _) = FIXTURES[1];
    let o = outline_text("gwr.txt", text);
    let docs = extract::extract(&o);
    let c = &docs[0].commitments;
    let targets: Vec<(&str, &str)> = c
        .iter()
        .filter(|c| c.modality.as_deref() == Some("预期"))
        .map(|c| {
            (
                c.indicator.as_deref().unwrap_or(""),
                c.target.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        targets,
        vec![
            ("地区生产总值", "5.5%左右"),
            ("一般公共预算收入", "5%"),
            ("规模以上工业增加值", "7%左右"),
            ("固定资产投资", "6%"),
            ("社会消费品零售总额", "6.5%左右"),
            ("城镇新增就业", "6万人以上"),
            ("城镇调查失业率", "5.5%以内"),
            ("居民消费价格涨幅", "3%左右"),
            ("粮食产量", "125万吨以上"),
            ("单位地区生产总值能耗", "2.5%左右"),
        ]
    );
    // Last year's achieved figures are not targets.
    assert!(!c.iter().any(|c| c.target.as_deref() == Some("5.8%")));
    // Five-year-plan targets are marked as such.
    let five: Vec<&str> = c
        .iter()
        .filter(|c| c.five_year)
        .filter_map(|c| c.target.as_deref())
        .collect();
    assert_eq!(five, vec!["4000亿元"]);
    assert!(!c
        .iter()
        .filter(|c| c.target.as_deref() == Some("5.5%左右"))
        .any(|c| c.five_year));
}

#[test]
fn plan_commitments_with_modality_target_deadline() {
    let (_, text, _) = FIXTURES[0];
    let o = outline_text("renshe.txt", text);
    let docs = extract::extract(&o);
    let c = &docs[0].commitments;
    let find = |t: &str| {
        c.iter()
            .find(|c| c.target.as_deref() == Some(t))
            .unwrap_or_else(|| panic!("{t}: {c:#?}"))
    };
    let x = find("3600人以上");
    assert_eq!(x.modality.as_deref(), Some("力争"));
    let x = find("2000人");
    assert_eq!(
        (x.modality.as_deref(), x.deadline.as_deref()),
        (Some("新增"), Some("年底前"))
    );
    assert_eq!(find("98%以上").modality.as_deref(), Some("确保"));
    let x = find("不少于150万元");
    assert_eq!(x.modality.as_deref(), Some("争取"));
    let x = find("1个");
    assert_eq!(x.modality.as_deref(), Some("争创"));
    assert!(c.iter().any(|c| c.deadline.as_deref() == Some("6月底前")));
    // Review figures are not commitments.
    assert!(!c.iter().any(|c| c.target.as_deref() == Some("3862人")));
    assert!(c.iter().all(|c| !c.heading_path.is_empty()));
    // Quantities carry the role of their top section.
    let q = &docs[0].quantities;
    let role = |t: &str| q.iter().find(|q| q.text == t).and_then(|q| q.section_role);
    assert_eq!(role("3862人").map(|r| r.as_str()), Some("review"));
    assert_eq!(role("3600人").map(|r| r.as_str()), Some("plan"));
}

#[test]
fn spans_map_back_through_removed_junk() {
    let text = "一、工作成效\n全年新增就业3862人，同比增长4.6%。\n";
    let o = outline_text("a.txt", text);
    for d in extract::extract(&o) {
        for q in d.quantities {
            assert_eq!(&text[q.start..q.end], q.text);
        }
    }
}

/// Write a non-negative integer in Chinese numerals (the standard reading).
fn to_chinese(mut n: u64) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    // A group below 10000; `mid` = not the leading group (一十 rather than 十).
    fn group(n: u64, out: &mut String, mid: bool) {
        let mut zero = false;
        let mut started = false;
        for (u, name) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
            let d = (n / u) % 10;
            if d == 0 {
                zero |= started;
                continue;
            }
            if zero {
                out.push('零');
                zero = false;
            }
            if d != 1 || u != 10 || started || mid {
                out.push_str(D[d as usize]);
            }
            out.push_str(name);
            started = true;
        }
    }
    if n == 0 {
        return "零".into();
    }
    let mut out = String::new();
    let yi = n / 100_000_000;
    n %= 100_000_000;
    let (wan, rest) = (n / 10_000, n % 10_000);
    if yi > 0 {
        group(yi, &mut out, false);
        out.push('亿');
    }
    if wan > 0 {
        if yi > 0 && wan < 1000 {
            out.push('零');
        }
        group(wan, &mut out, yi > 0);
        out.push('万');
    }
    if rest > 0 {
        if (yi > 0 || wan > 0) && rest < 1000 {
            out.push('零');
        }
        group(rest, &mut out, yi > 0 || wan > 0);
    }
    out
}

#[test]
fn to_chinese_helper_is_right() {
    assert_eq!(to_chinese(10), "十");
    assert_eq!(to_chinese(1005), "一千零五");
    assert_eq!(to_chinese(100_010), "十万零一十");
    assert_eq!(to_chinese(300_000_005), "三亿零五");
}

proptest! {
    #[test]
    fn chinese_integers_round_trip(n in 0u64..1_000_000_000_000) {
        let s = to_chinese(n);
        prop_assert_eq!(parse_whole(&s), Some(n as f64), "{}", s);
    }

    #[test]
    fn wan_yi_mixed_round_trip(a in 1u64..10_000, frac in 0u32..100, big in prop::bool::ANY) {
        let (unit, f) = if big { ("亿", 1e8) } else { ("万", 1e4) };
        let s = if frac == 0 { format!("{a}{unit}") } else { format!("{a}.{frac:02}{unit}") };
        let want = (a as f64 + frac as f64 / 100.0) * f;
        let got = parse_whole(&s).unwrap_or(f64::NAN);
        prop_assert!((got - want).abs() <= 1e-6 * want, "{} → {}", s, got);
    }

    #[test]
    fn no_panic_and_spans_on_char_boundaries(s in "\\PC{0,80}") {
        for m in quantities_in(&s) {
            prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end) && m.start < m.end);
            prop_assert!(s.is_char_boundary(m.outer_start) && s.is_char_boundary(m.outer_end));
        }
        for n in numbers_in(&s) {
            prop_assert!(s.is_char_boundary(n.start) && s.is_char_boundary(n.end));
        }
        let _ = extract::commitments_in(&s);
    }

    #[test]
    fn no_panic_on_numeric_soup(s in "[0-9０-９一二三四五六七八九十百千万亿两零〇点.,，%％‰XＸ×余多以上左右-～至年月日号第个人元万元个百分点分之\\s]{0,40}") {
        for m in quantities_in(&s) {
            prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
        }
        let _ = numbers_in(&s);
        let _ = parse_whole(&s);
    }
}
