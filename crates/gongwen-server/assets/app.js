// gongwen web page: vanilla JS, no framework, no build step.
// SAFETY RULE: every piece of document or server text goes into the page through
// text nodes (el() / textContent). Nothing here assigns innerHTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);

  /** Build an element; string children become text nodes. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  const SEV = { error: '错误', warning: '警告', info: '提示' };
  const SEV_RANK = { error: 3, warning: 2, info: 1 };
  const ROLE = { review: '工作回顾', problems: '存在问题', plan: '工作计划', suggestions: '意见建议', other: '其他' };
  const STATUS = { done: '已完成', missed: '未达标', progress: '有进展', 'not-reported': '未提及', unknown: '无下年总结' };

  // ---- API access --------------------------------------------------------------
  let token = sessionStorage.getItem('gongwen-token') || '';
  const hashToken = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (hashToken) {
    token = decodeURIComponent(hashToken[1]);
    sessionStorage.setItem('gongwen-token', token);
    history.replaceState(null, '', location.pathname + location.search);
  }

  function status(msg) { $('status').textContent = msg || ''; }

  async function api(path, opts) {
    const o = Object.assign({}, opts || {});
    o.headers = Object.assign({}, o.headers || {});
    if (token) o.headers['Authorization'] = 'Bearer ' + token;
    let res;
    try {
      res = await fetch(path, o);
    } catch (e) {
      throw new Error('无法连接服务：' + e.message);
    }
    if (res.status === 401) {
      $('auth').hidden = false;
      $('token').focus();
      throw new Error('需要访问令牌');
    }
    if (!res.ok) {
      let msg = 'HTTP ' + res.status;
      try { const j = await res.json(); if (j && j.error) msg = j.error; } catch (_) { /* not JSON */ }
      const err = new Error(msg);
      err.status = res.status;
      throw err;
    }
    return res;
  }

  $('auth').addEventListener('submit', (ev) => {
    ev.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem('gongwen-token', token);
    $('auth').hidden = true;
    status('已设置令牌');
    health();
  });

  let serverInfo = { library: null };
  async function health() {
    try {
      serverInfo = await (await api('/api/health')).json();
    } catch (_) { /* shown on use */ }
  }

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 5000);
  }

  // ---- tabs (WAI-ARIA tabs pattern: arrows move, Enter/Space/click selects) --------
  const tabs = ['check', 'search', 'ledger'];
  function selectTab(name, focus) {
    for (const t of tabs) {
      const on = t === name;
      const b = $('tab-' + t);
      b.setAttribute('aria-selected', on ? 'true' : 'false');
      b.tabIndex = on ? 0 : -1;
      $('panel-' + t).hidden = !on;
      if (on && focus) b.focus();
    }
    if (location.hash !== '#' + name) history.replaceState(null, '', '#' + name);
  }
  tabs.forEach((t, i) => {
    const b = $('tab-' + t);
    b.addEventListener('click', () => selectTab(t, false));
    b.addEventListener('keydown', (ev) => {
      let j = null;
      if (ev.key === 'ArrowRight') j = (i + 1) % tabs.length;
      else if (ev.key === 'ArrowLeft') j = (i + tabs.length - 1) % tabs.length;
      else if (ev.key === 'Home') j = 0;
      else if (ev.key === 'End') j = tabs.length - 1;
      if (j !== null) { ev.preventDefault(); selectTab(tabs[j], true); }
    });
  });

  // ---- 检查 -----------------------------------------------------------------------
  const state = { text: '', name: '粘贴文稿.txt', data: null, selected: null };

  function textName(name) {
    const base = (name || '文稿').replace(/\.[^.]*$/, '');
    return base + '.txt';
  }

  async function analyze(body, name, isFile) {
    status('正在检查……');
    $('run-check').disabled = true;
    try {
      let res;
      if (isFile) {
        const fd = new FormData();
        fd.append('file', body, name);
        res = await api('/api/analyze', { method: 'POST', body: fd });
      } else {
        res = await api('/api/analyze?name=' + encodeURIComponent(name), {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
          body: body,
        });
      }
      const data = await res.json();
      state.data = data;
      state.text = data.text;
      state.name = name;
      state.selected = null;
      $('draft').value = data.text;
      renderCheck();
      $('check-result').scrollIntoView({ block: 'start' });
      status('检查完成：' + data.findings.length + ' 处问题');
      loadReuse();
    } catch (e) {
      status('检查失败：' + e.message);
      showCheckError(e.message);
    } finally {
      $('run-check').disabled = false;
    }
  }

  function showCheckError(msg) {
    $('check-result').hidden = false;
    clear($('doc'));
    $('doc').appendChild(el('p', { class: 'error-box', role: 'alert' }, msg));
  }

  $('check-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = $('file').files[0];
    if (f) {
      analyze(f, f.name, true);
      $('file').value = '';
    } else {
      const t = $('draft').value;
      if (!t.trim()) { status('请先粘贴文稿或选择文件'); $('draft').focus(); return; }
      analyze(t, state.name.endsWith('.txt') ? state.name : textName(state.name), false);
    }
  });
  $('edit-again').addEventListener('click', () => { $('draft').focus(); $('draft').scrollIntoView(); });

  /** Lines of `text` as [start, end) UTF-16 ranges without the '\n'. */
  function lineRanges(text) {
    const out = [];
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) { out.push([s, i]); s = i + 1; }
    }
    out.push([s, text.length]);
    return out;
  }

  function renderDoc(container, text, findings, onPick) {
    clear(container);
    const frag = document.createDocumentFragment();
    const fs = (findings || []).map((f, i) => ({ i, s: f.u16_start, e: f.u16_end, sev: f.severity, msg: f.message }))
      .filter((f) => Number.isInteger(f.s) && Number.isInteger(f.e));
    const lines = lineRanges(text);
    let n = 0;
    for (const [ls, le] of lines) {
      n += 1;
      const lt = el('span', { class: 'lt' });
      const cuts = new Set([ls, le]);
      const here = fs.filter((f) => f.s <= le && f.e >= ls);
      for (const f of here) {
        if (f.s > ls && f.s < le) cuts.add(f.s);
        if (f.e > ls && f.e < le) cuts.add(f.e);
      }
      const pts = [...cuts].sort((a, b) => a - b);
      for (let k = 0; k < pts.length; k++) {
        const p = pts[k];
        // zero-width findings (something missing) show a caret at their place
        for (const f of here) {
          if (f.s === f.e && f.s === p) {
            lt.appendChild(mark(f, '‸', onPick, 'caret'));
          }
        }
        if (k + 1 >= pts.length) break;
        const a = p, b = pts[k + 1];
        const piece = text.slice(a, b);
        const cover = here.filter((f) => f.s < f.e && f.s <= a && f.e >= b);
        if (cover.length === 0) {
          lt.appendChild(document.createTextNode(piece));
        } else {
          cover.sort((x, y) => (SEV_RANK[y.sev] - SEV_RANK[x.sev]) || ((x.e - x.s) - (y.e - y.s)));
          lt.appendChild(mark(cover[0], piece, onPick, ''));
        }
      }
      frag.appendChild(el('div', { class: 'line', 'data-line': n, id: container.id + '-L' + n },
        el('span', { class: 'ln', 'aria-hidden': 'true' }, String(n)), lt));
    }
    container.appendChild(frag);
  }

  function mark(f, piece, onPick, extra) {
    const m = el('mark', {
      class: 'f sev-' + f.sev + (extra ? ' ' + extra : ''),
      tabindex: '0',
      role: 'button',
      'data-finding': f.i,
      title: SEV[f.sev] + '：' + f.msg,
      'aria-label': (extra === 'caret' ? '此处' : piece) + '，' + SEV[f.sev] + '：' + f.msg,
    }, piece);
    m.addEventListener('click', () => onPick(f.i));
    m.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); onPick(f.i); }
    });
    return m;
  }

  function jumpToLine(container, line) {
    const row = document.getElementById(container.id + '-L' + line);
    if (!row) return;
    for (const old of container.querySelectorAll('.line.target')) old.classList.remove('target');
    row.classList.add('target');
    row.scrollIntoView({ block: 'center' });
  }

  function renderCheck() {
    const d = state.data;
    $('check-result').hidden = false;
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of d.findings) counts[f.severity] = (counts[f.severity] || 0) + 1;
    $('check-summary').textContent = d.findings.length === 0 ? '未发现问题' : '共 ' + d.findings.length + ' 处问题';
    const cc = $('check-counts');
    clear(cc);
    for (const s of ['error', 'warning', 'info']) {
      if (counts[s]) cc.appendChild(el('span', { class: 'c-' + s }, SEV[s] + ' ' + counts[s]));
    }
    const safe = safeEdits();
    $('fix-all').disabled = safe.length === 0;
    $('fix-all').textContent = '应用全部安全修复' + (safe.length ? '（' + safe.length + '）' : '');

    renderDoc($('doc'), d.text, d.findings, selectFinding);
    renderOutline(d);
    renderFindingList(d);
    renderTables(d);
    clear($('finding-detail'));
  }

  function renderOutline(d) {
    const meta = $('doc-meta');
    clear(meta);
    const docs = (d.outline && d.outline.documents) || [];
    const ol = $('outline-list');
    clear(ol);
    for (const doc of docs) {
      const bits = [doc.unit, doc.level, doc.summary_year ? doc.summary_year + '年总结' : null, doc.plan_year ? doc.plan_year + '年计划' : null].filter(Boolean);
      if (bits.length) meta.appendChild(el('div', null, bits.join(' · ')));
      ol.appendChild(el('li', null, el('button', { type: 'button', onclick: () => jumpToLine($('doc'), doc.line) }, doc.title || '（无标题）'),
        sectionList(doc.sections || [])));
    }
    if (!docs.length) ol.appendChild(el('li', { class: 'meta' }, '（没有识别出标题）'));
  }

  function sectionList(sections) {
    if (!sections.length) return null;
    const ol = el('ol');
    for (const s of sections) {
      ol.appendChild(el('li', null,
        el('button', { type: 'button', onclick: () => jumpToLine($('doc'), s.line) },
          s.heading, s.depth === 1 && s.role ? el('span', { class: 'role' }, '〔' + (ROLE[s.role] || s.role) + '〕') : null),
        sectionList(s.children || [])));
    }
    return ol;
  }

  function renderFindingList(d) {
    const ol = $('finding-list');
    clear(ol);
    if (!d.findings.length) {
      ol.appendChild(el('li', { class: 'meta' }, '没有发现问题。'));
      return;
    }
    d.findings.forEach((f, i) => {
      ol.appendChild(el('li', null, el('button', { type: 'button', 'data-finding': i, onclick: () => selectFinding(i) },
        el('span', { class: 'sev s-' + f.severity, 'aria-hidden': 'true' }),
        el('span', { class: 'code' }, f.rule), ' 第' + f.line + '行 ', f.message)));
    });
  }

  const ruleDocs = {};
  async function ruleDoc(code) {
    if (code in ruleDocs) return ruleDocs[code];
    ruleDocs[code] = null;
    try {
      const j = await (await api('/api/rules/' + encodeURIComponent(code))).json();
      ruleDocs[code] = j.doc || null;
    } catch (_) { /* no rule docs in this build */ }
    return ruleDocs[code];
  }

  function selectFinding(i) {
    const d = state.data;
    const f = d.findings[i];
    if (!f) return;
    state.selected = i;
    for (const m of document.querySelectorAll('#doc mark.sel')) m.classList.remove('sel');
    let first = null;
    for (const m of document.querySelectorAll('#doc mark[data-finding="' + i + '"]')) { m.classList.add('sel'); first = first || m; }
    if (first) first.scrollIntoView({ block: 'center' });
    for (const b of document.querySelectorAll('#finding-list button')) {
      b.setAttribute('aria-current', b.getAttribute('data-finding') === String(i) ? 'true' : 'false');
    }
    const box = $('finding-detail');
    clear(box);
    box.appendChild(el('h3', null, el('span', { class: 'sev s-' + f.severity, 'aria-hidden': 'true' }), f.rule + ' ' + f.name));
    box.appendChild(el('p', null, SEV[f.severity] + '：' + f.message));
    box.appendChild(el('p', null, '原文：', el('span', { class: 'quote' }, f.text || '（缺失）'), '（第' + f.line + '行第' + f.column + '字）'));
    if (f.suggestion) box.appendChild(el('p', null, '建议：' + f.suggestion));
    const actions = el('div', { class: 'actions' });
    if (f.fix && f.fix.edits && f.fix.edits.length) {
      const preview = f.fix.edits.map((e) => '“' + state.text.slice(e.u16_start, e.u16_end) + '”→“' + e.replacement + '”').join('，');
      box.appendChild(el('p', null, '修复：' + preview + (f.fix.applicability === 'safe' ? '（安全）' : '（请核对后应用）')));
      actions.appendChild(el('button', { type: 'button', class: 'primary', id: 'apply-fix', onclick: () => applyEdits(f.fix.edits) }, '应用修复'));
    }
    const idx = i;
    actions.appendChild(el('button', { type: 'button', onclick: () => selectFinding(Math.max(0, idx - 1)) }, '上一处'));
    actions.appendChild(el('button', { type: 'button', onclick: () => selectFinding(Math.min(d.findings.length - 1, idx + 1)) }, '下一处'));
    box.appendChild(actions);
    const docBox = el('div', { class: 'doc-text' });
    box.appendChild(docBox);
    ruleDoc(f.rule).then((doc) => { if (doc && state.selected === idx) docBox.textContent = doc; });
    box.focus({ preventScroll: true });
  }

  /** All safe fixes' edits, sorted, without overlaps. */
  function safeEdits() {
    const d = state.data;
    if (!d) return [];
    const edits = [];
    for (const f of d.findings) {
      if (f.fix && f.fix.applicability === 'safe') edits.push(...f.fix.edits);
    }
    edits.sort((a, b) => a.u16_start - b.u16_start || a.u16_end - b.u16_end);
    const out = [];
    let end = -1;
    for (const e of edits) {
      if (!Number.isInteger(e.u16_start)) continue;
      if (e.u16_start < end) continue;
      if (out.length && e.u16_start === e.u16_end && out[out.length - 1].u16_start === e.u16_start) continue;
      out.push(e);
      end = e.u16_end;
    }
    return out;
  }

  function applyEdits(edits) {
    let t = state.text;
    const sorted = [...edits].sort((a, b) => b.u16_start - a.u16_start || b.u16_end - a.u16_end);
    for (const e of sorted) {
      t = t.slice(0, e.u16_start) + e.replacement + t.slice(e.u16_end);
    }
    status('已应用 ' + edits.length + ' 处修改，正在重新检查……');
    analyze(t, textName(state.name), false);
  }

  $('fix-all').addEventListener('click', () => {
    const e = safeEdits();
    if (e.length) applyEdits(e);
  });
  $('dl-txt').addEventListener('click', () => {
    download(new Blob([state.text], { type: 'text/plain;charset=utf-8' }), textName(state.name));
  });
  $('dl-docx').addEventListener('click', async () => {
    try {
      const res = await api('/api/docx', { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: state.text });
      download(await res.blob(), textName(state.name).replace(/\.txt$/, '.docx'));
    } catch (e) { status('生成 Word 文档失败：' + e.message); }
  });

  function fmtValue(q) {
    if (q.placeholder) return '待填';
    if (q.value === null || q.value === undefined) return '—';
    let v = Number(q.value).toLocaleString('zh-CN', { maximumFractionDigits: 4 });
    if (q.value_max !== null && q.value_max !== undefined) v += '～' + Number(q.value_max).toLocaleString('zh-CN', { maximumFractionDigits: 4 });
    return v;
  }

  function renderTables(d) {
    const qb = $('quantities').querySelector('tbody');
    const cb = $('commitments').querySelector('tbody');
    clear(qb); clear(cb);
    let nq = 0, nc = 0;
    for (const doc of d.documents || []) {
      for (const q of doc.quantities || []) {
        nq++;
        const unit = q.percent ? '%' : q.permille ? '‰' : (q.unit || '');
        const cmp = [q.comparison, q.direction === 'up' ? '↑' : q.direction === 'down' ? '↓' : null].filter(Boolean).join(' ');
        qb.appendChild(row([q.subject || '—', q.text, [fmtValue(q), 'num'], unit + (q.qualifier ? '（' + q.qualifier + '）' : ''), cmp, [String(q.line), 'num']], q.line));
      }
      for (const c of doc.commitments || []) {
        nc++;
        cb.appendChild(row([c.text, c.modality || '', c.target || '', c.deadline || '', [String(c.line), 'num']], c.line));
      }
    }
    if (!nq) qb.appendChild(el('tr', null, el('td', { colspan: 6, class: 'meta' }, '没有提取到数量指标。')));
    if (!nc) cb.appendChild(el('tr', null, el('td', { colspan: 5, class: 'meta' }, '没有提取到承诺事项。')));
  }

  function row(cells, line) {
    const tr = el('tr', { class: 'clickable' });
    cells.forEach((c, k) => {
      const [text, cls] = Array.isArray(c) ? c : [c, null];
      if (k === 0) {
        tr.appendChild(el('td', cls ? { class: cls } : null, el('button', { type: 'button', class: 'link', onclick: () => jumpToLine($('doc'), line) }, text)));
      } else {
        tr.appendChild(el('td', cls ? { class: cls } : null, text));
      }
    });
    return tr;
  }

  async function loadReuse() {
    const box = $('reuse');
    clear(box);
    if (!serverInfo.library) {
      box.appendChild(el('p', { class: 'meta' }, '未打开素材库：启动服务时加上 --library 目录，即可查看文稿中哪些段落已在其他文档中出现。'));
      return;
    }
    box.appendChild(el('p', { class: 'meta' }, '正在比对素材库……'));
    try {
      const res = await api('/api/reuse', { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: state.text });
      const j = await res.json();
      clear(box);
      renderReuse(box, j);
    } catch (e) {
      clear(box);
      box.appendChild(el('p', { class: 'meta' }, '重复使用检查不可用：' + e.message));
    }
  }

  function renderReuse(box, j) {
    const sources = j.sources || [];
    box.appendChild(el('p', null, '本文 ' + (j.chars || 0) + ' 字中有 ' + (j.reused_chars || 0) + ' 字（' +
      ((j.share || 0) * 100).toFixed(1) + '%）见于素材库中的其他文档。'));
    if (!sources.length) { box.appendChild(el('p', { class: 'meta' }, '素材库中没有找到相同或高度相似的段落。')); return; }
    const ol = el('ol', { class: 'hits' });
    for (const src of sources) {
      const inner = el('ol', { class: 'hits' });
      for (const m of src.passages || []) {
        inner.appendChild(el('li', null,
          el('button', { type: 'button', class: 'link', onclick: () => jumpToLine($('doc'), m.line) },
            '本文第' + m.line + '行 ⇄ 库中第' + ((m.source && m.source.line) || '?') + '行（相似度 ' + Number(m.similarity || 0).toFixed(2) + '）'),
          el('p', { class: 'snippet' }, m.text || '')));
      }
      ol.appendChild(el('li', null,
        el('div', null, el('strong', null, src.title || src.path || ''), '　' + (src.year || '') + '　' + (src.chars || 0) + ' 字（' + ((src.share || 0) * 100).toFixed(1) + '%）'),
        el('div', { class: 'meta' }, src.path || ''), inner));
    }
    box.appendChild(ol);
  }

  // ---- 检索 -----------------------------------------------------------------------
  function queryTerms(q) {
    const terms = [];
    const re = /"([^"]+)"|(\S+)/g;
    let m;
    while ((m = re.exec(q))) {
      const t = m[1] || m[2];
      if (!m[1] && (t.startsWith('-') || /^[a-z_]+:/.test(t))) continue;
      if (t) terms.push(t);
    }
    return terms;
  }

  /** Append `text` to `node`, wrapping every occurrence of a term in <mark>. */
  function highlightInto(node, text, terms) {
    const ts = terms.filter(Boolean).sort((a, b) => b.length - a.length);
    let i = 0;
    while (i < text.length) {
      let best = -1, bestT = null;
      for (const t of ts) {
        const j = text.indexOf(t, i);
        if (j >= 0 && (best < 0 || j < best)) { best = j; bestT = t; }
      }
      if (best < 0) { node.appendChild(document.createTextNode(text.slice(i))); break; }
      if (best > i) node.appendChild(document.createTextNode(text.slice(i, best)));
      node.appendChild(el('mark', { class: 'hit' }, bestT));
      i = best + bestT.length;
    }
  }

  /** Append `text` with the [start, end) character ranges (code points) marked. */
  function highlightRanges(node, text, ranges) {
    const chars = Array.from(text);
    let pos = 0;
    for (const [s0, e0] of ranges) {
      const s = Math.max(pos, Math.min(s0, chars.length));
      const e = Math.max(s, Math.min(e0, chars.length));
      if (s > pos) node.appendChild(document.createTextNode(chars.slice(pos, s).join('')));
      if (e > s) node.appendChild(el('mark', { class: 'hit' }, chars.slice(s, e).join('')));
      pos = e;
    }
    if (pos < chars.length) node.appendChild(document.createTextNode(chars.slice(pos).join('')));
  }

  $('search-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const base = $('q').value.trim();
    const parts = [base];
    const add = (k, v) => { if (v) parts.push(k + ':' + v); };
    add('year', $('f-year').value.trim());
    add('level', $('f-level').value);
    add('role', $('f-role').value);
    add('unit', $('f-unit').value.trim());
    add('kind', $('f-kind').value);
    const q = parts.filter(Boolean).join(' ');
    if (!q) { status('请输入检索词'); $('q').focus(); return; }
    const info = $('search-info');
    const hits = $('hits');
    clear(hits);
    info.textContent = '正在检索……';
    try {
      const res = await api('/api/search?q=' + encodeURIComponent(q) + '&limit=' + encodeURIComponent($('f-limit').value));
      const j = await res.json();
      info.textContent = '共 ' + j.total + ' 条，用时 ' + Number(j.took_ms).toFixed(1) + ' 毫秒' + (j.hits.length < j.total ? '，显示前 ' + j.hits.length + ' 条' : '');
      const terms = queryTerms(base);
      for (const h of j.hits) {
        const snip = el('p', { class: 'snippet' });
        if (Array.isArray(h.highlights) && h.highlights.length) highlightRanges(snip, h.snippet || '', h.highlights);
        else highlightInto(snip, h.snippet || '', terms);
        const meta = [h.unit, h.level, h.year ? h.year + '年' : null, ROLE[h.section_role] || null, h.line ? '第' + h.line + '行' : null].filter(Boolean).join(' · ');
        hits.appendChild(el('li', null,
          el('button', { type: 'button', class: 'title', onclick: () => openDocument(h, terms) }, h.title || h.path || '（无标题）'),
          el('div', { class: 'meta' }, meta), snip));
      }
      if (!j.hits.length) hits.appendChild(el('li', { class: 'meta' }, '没有找到。'));
      status('');
    } catch (e) {
      info.textContent = '检索失败：' + e.message;
    }
  });

  async function openDocument(hit, terms) {
    const v = $('viewer');
    v.hidden = false;
    $('viewer-meta').textContent = '正在打开……';
    try {
      const j = await (await api('/api/documents/' + encodeURIComponent(hit.doc_id))).json();
      $('viewer-meta').textContent = [j.title || hit.title, j.unit, j.path || hit.path].filter(Boolean).join(' · ');
      const vd = $('viewer-doc');
      clear(vd);
      for (const p of j.paragraphs || []) {
        const lt = el('span', { class: 'lt' });
        highlightInto(lt, p.text || '', terms);
        vd.appendChild(el('div', { class: 'line', id: 'viewer-doc-L' + p.line, 'data-line': p.line },
          el('span', { class: 'ln', 'aria-hidden': 'true' }, String(p.line)), lt));
      }
      jumpToLine(vd, hit.line);
      vd.focus({ preventScroll: true });
    } catch (e) {
      $('viewer-meta').textContent = '无法打开：' + e.message;
    }
  }

  $('upload-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = $('lib-file').files[0];
    if (!f) { status('请选择要入库的文件'); return; }
    const fd = new FormData();
    fd.append('file', f, f.name);
    status('正在入库……');
    try {
      const j = await (await api('/api/documents', { method: 'POST', body: fd })).json();
      const r = j.report || {};
      status('已入库：' + f.name + '（新增 ' + (r.added || 0) + ' 个文件，' + (r.documents || 0) + ' 篇文档）');
      $('lib-file').value = '';
      health();
    } catch (e) {
      status('入库失败：' + e.message);
    }
  });

  // ---- 台账 -----------------------------------------------------------------------
  let ledgerItems = [];
  function ledgerQuery(fmt) {
    const p = new URLSearchParams();
    const y = $('l-year').value.trim();
    if (y) p.set('plan_year', y);
    if (fmt) p.set('format', fmt);
    const s = p.toString();
    return '/api/ledger' + (s ? '?' + s : '');
  }

  $('ledger-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const info = $('ledger-info');
    info.textContent = '正在加载……';
    try {
      const j = await (await api(ledgerQuery(null))).json();
      ledgerItems = j.items || [];
      renderLedger();
    } catch (e) {
      info.textContent = '台账不可用：' + e.message;
      clear($('ledger').querySelector('tbody'));
    }
  });
  $('l-status').addEventListener('change', renderLedger);
  $('l-unit').addEventListener('input', renderLedger);

  function renderLedger() {
    const tb = $('ledger').querySelector('tbody');
    clear(tb);
    const st = $('l-status').value;
    const unit = $('l-unit').value.trim();
    const items = ledgerItems.filter((it) => (!st || it.status === st) && (!unit || (it.unit || '').includes(unit)));
    const counts = {};
    for (const it of ledgerItems) counts[it.status] = (counts[it.status] || 0) + 1;
    $('ledger-info').textContent = '共 ' + ledgerItems.length + ' 项，显示 ' + items.length + ' 项；' +
      Object.keys(STATUS).filter((k) => counts[k]).map((k) => STATUS[k] + ' ' + counts[k]).join('，');
    for (const it of items) {
      const n = (it.evidence || []).length;
      tb.appendChild(el('tr', null,
        el('td', null, it.unit || ''), el('td', { class: 'num' }, it.plan_year ? String(it.plan_year) : ''),
        el('td', null, it.text || ''), el('td', null, it.target || ''), el('td', null, it.deadline || ''),
        el('td', null, el('span', { class: 'badge st-' + it.status }, STATUS[it.status] || it.status)),
        el('td', null, el('button', { type: 'button', class: 'link', onclick: () => showEvidence(it) }, n ? '查看（' + n + '）' : '无'))));
    }
    if (!items.length) tb.appendChild(el('tr', null, el('td', { colspan: 7, class: 'meta' }, '没有符合条件的承诺。')));
  }

  function showEvidence(it) {
    $('evidence').hidden = false;
    const b = $('evidence-body');
    clear(b);
    b.appendChild(el('p', null, el('strong', null, it.text || '')));
    b.appendChild(el('p', { class: 'meta' }, [it.unit, it.plan_year ? it.plan_year + '年计划' : null, it.path ? it.path + (it.line ? ' 第' + it.line + '行' : '') : null,
      (it.heading_path || []).join(' › ')].filter(Boolean).join(' · ')));
    b.appendChild(el('p', null, '状态：', el('span', { class: 'badge st-' + it.status }, STATUS[it.status] || it.status),
      it.score !== undefined && it.score !== null ? '　匹配度 ' + Number(it.score).toFixed(2) : ''));
    const ev = it.evidence || [];
    if (!ev.length) b.appendChild(el('p', { class: 'meta' }, '下一年度总结中没有找到相关表述。'));
    const ol = el('ol', { class: 'hits' });
    for (const e of ev) {
      ol.appendChild(el('li', null, el('div', { class: 'meta' }, (e.path || '') + (e.line ? ' 第' + e.line + '行' : '')), el('p', { class: 'snippet' }, e.text || '')));
    }
    b.appendChild(ol);
    b.focus();
  }

  $('l-export').addEventListener('click', async () => {
    try {
      const res = await api(ledgerQuery('xlsx'));
      download(await res.blob(), '台账.xlsx');
      status('已导出台账');
    } catch (e) {
      status('导出失败：' + e.message);
    }
  });

  // ---- start ----------------------------------------------------------------------
  const start = location.hash.replace('#', '');
  selectTab(tabs.includes(start) ? start : 'check', false);
  health();
  // exposed for end-to-end tests and the console
  window.gongwen = { state, selectFinding, selectTab };
})();
