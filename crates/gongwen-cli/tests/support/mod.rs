//! Generated, realistic work-report text for tests (invented units and numbers; no
//! corpus text).

#![allow(dead_code)]

pub const UNITS: &[&str] = &[
    "青山县审计局",
    "河西区人民政府",
    "云岭镇人民政府",
    "东湖街道办事处",
    "南江市生态环境局",
    "白石乡人民政府",
    "临川县医疗保障局",
    "北塘区财政局",
];

pub const REVIEW: &[&str] = &[
    "在县委、县政府的坚强领导下，我们坚持以人民为中心的发展思想，全年完成固定资产投资{n}亿元，同比增长{p}%。",
    "全面推进乡村振兴，新建高标准农田{n}万亩，农村居民人均可支配收入达到{m}元。",
    "深化医疗保障制度改革，城乡居民医保参保率稳定在{p}%以上，异地就医直接结算{n}万人次。",
    "强化审计监督，完成审计项目{n}个，查出问题金额{m}万元，推动建立健全制度{n}项。",
    "持续改善农村人居环境整治，完成户厕改造{m}户，生活垃圾无害化处理率达{p}%。",
    "安全生产形势总体平稳，全年未发生较大以上生产安全事故，排查整治隐患{m}处。",
    "政府信息公开工作扎实推进，主动公开政府信息{m}条，办理依申请公开{n}件。",
    "2024年GDP增长{p}%，完成年度目标任务，城镇新增就业{m}人。",
];

pub const PROBLEMS: &[&str] = &[
    "一是经济发展质量不高，产业结构有待优化；二是财政收支矛盾突出，债务风险不容忽视。",
    "部分干部担当作为不够，服务群众“最后一公里”问题仍然存在。",
    "民生领域短板较多，教育、医疗等公共服务供给不足。",
];

pub const PLAN: &[&str] = &[
    "{y}年，力争地区生产总值增长{p}%左右，一般公共预算收入增长{p}%。",
    "坚持高质量发展，实施重点项目{n}个，完成年度投资{n}亿元以上。",
    "扎实推进法治政府建设，严格规范公正文明执法，全面提升依法行政水平。",
    "持续深化“放管服”改革，政务服务事项网上可办率达到{p}%。",
    "全面提升医疗服务水平，新建村卫生室{n}个，确保群众看病就医更加便利。",
];

/// A tiny deterministic generator (xorshift).
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

fn fill(rng: &mut Rng, t: &str, year: u32) -> String {
    let mut s = t.replace("{y}", &(year + 1).to_string());
    while let Some(i) = s.find("{n}") {
        let v = (rng.below(90) + 3).to_string();
        s.replace_range(i..i + 3, &v);
    }
    while let Some(i) = s.find("{m}") {
        let v = (rng.below(90000) + 1000).to_string();
        s.replace_range(i..i + 3, &v);
    }
    while let Some(i) = s.find("{p}") {
        let v = format!("{}.{}", rng.below(12), rng.below(10));
        s.replace_range(i..i + 3, &v);
    }
    s
}

/// A work summary with a plan: title, review, problems, plan.
pub fn report(rng: &mut Rng) -> String {
    let unit = rng.pick(UNITS);
    let year = 2021 + rng.below(4) as u32;
    let mut s = format!(
        "{unit}{year}年工作总结和{}年工作计划\n\n一、{year}年工作回顾\n",
        year + 1
    );
    for _ in 0..(2 + rng.below(4)) {
        let t = rng.pick(REVIEW);
        let a = fill(rng, t, year);
        let t = rng.pick(REVIEW);
        let b = fill(rng, t, year);
        s.push_str(&format!("{a}{b}\n"));
    }
    s.push_str("二、存在的问题\n");
    s.push_str(rng.pick(PROBLEMS));
    s.push('\n');
    s.push_str(&format!("三、{}年工作计划\n", year + 1));
    for _ in 0..(1 + rng.below(3)) {
        let t = rng.pick(PLAN);
        let a = fill(rng, t, year);
        s.push_str(&a);
        s.push('\n');
    }
    s
}

/// Write `n` generated reports into `dir` as `report-NNN.txt`.
pub fn write_reports(dir: &std::path::Path, n: usize, seed: u64) -> Vec<std::path::PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = Rng(seed | 1);
    (0..n)
        .map(|i| {
            let p = dir.join(format!("report-{i:03}.txt"));
            std::fs::write(&p, report(&mut rng)).unwrap();
            p
        })
        .collect()
}
