/* notice-pipeline report: sorting and filtering, evidence highlighting, the month calendar and
   the citation graph.  Text from notices only ever reaches the page through textContent or
   escaped strings, never as HTML. */
(function () {
  'use strict';

  var params = new URLSearchParams(window.location.search);

  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function iso(d) { return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()); }
  function parseIso(s) { var p = s.split('-'); return new Date(+p[0], +p[1] - 1, +p[2]); }
  function today() {
    // ?today=YYYY-MM-DD shows the report as of another day (and makes tests repeatable)
    var q = params.get('today');
    return q && /^\d{4}-\d{2}-\d{2}$/.test(q) ? q : iso(new Date());
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function jsonData(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /* ------------------------------------------------------------ index */
  function initIndex() {
    var table = document.getElementById('notices');
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var q = document.getElementById('q');
    var selects = { level: 'f-level', province: 'f-region', year: 'f-year', topic: 'f-topic' };
    var shown = document.getElementById('shown');
    var loading = document.getElementById('loading');
    var now = today();

    rows.forEach(function (row) {   // next deadline as of today, not as of the build
      var dates = (row.dataset.deadlines || '').split(' ').filter(Boolean);
      if (!dates.length) { return; }
      var later = dates.filter(function (d) { return d >= now; });
      var cell = row.querySelector('td.next span');
      var next = later.length ? later[0] : dates[dates.length - 1];
      row.dataset.next = next;
      if (cell) { cell.textContent = next; cell.className = later.length ? 'due' : 'past'; }
      var tag = row.querySelector('td.next .past-tag');
      if (tag) { tag.hidden = later.length > 0; }
    });

    function texts() { return window.NOTICE_TEXTS || null; }
    function loadTexts(done) {
      if (texts() || document.getElementById('texts-script')) { return; }
      loading.hidden = false;
      var s = el('script', { id: 'texts-script', src: 'data/texts.js' });
      s.onload = function () { loading.hidden = true; done(); };
      s.onerror = function () { loading.hidden = true; };
      document.body.appendChild(s);
    }

    function snippet(text, term) {
      var i = text.indexOf(term);
      if (i < 0) { return null; }
      var box = document.createDocumentFragment();
      var a = Math.max(0, i - 30), b = Math.min(text.length, i + term.length + 30);
      box.appendChild(document.createTextNode((a ? '…' : '') + text.slice(a, i).replace(/\n/g, ' ')));
      box.appendChild(el('b', {}, term));
      box.appendChild(document.createTextNode(text.slice(i + term.length, b).replace(/\n/g, ' ') + (b < text.length ? '…' : '')));
      return box;
    }

    function apply() {
      var terms = q.value.trim().split(/\s+/).filter(Boolean);
      if (terms.length && !texts()) { loadTexts(apply); }
      var want = {};
      Object.keys(selects).forEach(function (k) { want[k] = document.getElementById(selects[k]).value; });
      var n = 0;
      rows.forEach(function (row) {
        var d = row.dataset;
        var ok = (!want.level || d.level === want.level) && (!want.province || d.province === want.province) &&
                 (!want.year || d.year === want.year) &&
                 (!want.topic || (' ' + d.topics + ' ').indexOf(' ' + want.topic + ' ') >= 0);
        var box = row.querySelector('.snippet');
        box.hidden = true;
        box.textContent = '';
        if (ok && terms.length) {
          var head = [d.title, d.doc, d.issuer, d.region].join(' ');
          var body = (texts() || {})[d.id] || '';
          ok = terms.every(function (t) { return head.indexOf(t) >= 0 || body.indexOf(t) >= 0; });
          if (ok) {
            var inBody = terms.filter(function (t) { return head.indexOf(t) < 0; });
            var frag = snippet(body, inBody.length ? inBody[0] : terms[0]);
            if (frag && inBody.length) { box.appendChild(frag); box.hidden = false; }
          }
        }
        row.hidden = !ok;
        if (ok) { n += 1; }
      });
      shown.textContent = fill(shown.dataset.template, { n: n });
    }

    var sortKey = 'date', sortDir = -1;
    function sortBy(key) {
      sortDir = key === sortKey ? -sortDir : (key === 'date' || key === 'next' ? -1 : 1);
      sortKey = key;
      var numeric = key === 'rank' || key === 'complete';
      rows.sort(function (a, b) {
        var x = a.dataset[key] || '', y = b.dataset[key] || '';
        if (!x && y) { return 1; }
        if (x && !y) { return -1; }
        var c = numeric ? (+x) - (+y) : x.localeCompare(y, 'zh-Hans-CN');
        return c * sortDir;
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
        if (th.dataset.sort === key) { th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending'); }
        else { th.removeAttribute('aria-sort'); }
      });
    }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.addEventListener('click', function () { sortBy(th.dataset.sort); });
    });
    q.addEventListener('input', apply);
    document.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); apply(); });
    Object.keys(selects).forEach(function (k) { document.getElementById(selects[k]).addEventListener('change', apply); });
    if (params.get('q')) { q.value = params.get('q'); }
    apply();
  }

  /* ------------------------------------------------------------ notice page */
  function initNotice() {
    var textBox = document.getElementById('notice-text');
    var marks = Array.prototype.slice.call(textBox.querySelectorAll('mark.ev'));

    function activate(id, scroll) {
      var key = ' ' + id + ' ';
      marks.forEach(function (m) { m.classList.toggle('active', m.dataset.ev.indexOf(key) >= 0); });
      document.querySelectorAll('a.ev-link.current').forEach(function (a) { a.classList.remove('current'); });
      document.querySelectorAll('a.ev-link[data-ev="' + id + '"]').forEach(function (a) { a.classList.add('current'); });
      var target = document.getElementById('ev-' + id);
      if (target && scroll !== false) {
        var first = marks.filter(function (m) { return m.classList.contains('active'); })[0] || target;
        first.scrollIntoView({ block: 'center' });
      }
    }
    document.querySelectorAll('a.ev-link').forEach(function (a) {
      a.addEventListener('click', function (e) {
        e.preventDefault();
        activate(a.dataset.ev);
        if (window.history && window.history.replaceState) { window.history.replaceState(null, '', '#ev-' + a.dataset.ev); }
      });
    });
    marks.forEach(function (m) {   // and back: a highlight in the text shows its value
      m.addEventListener('click', function () {
        var ids = m.dataset.ev.trim().split(' ');
        var link = document.querySelector('a.ev-link[data-ev="' + ids[ids.length - 1] + '"]');
        if (link) { activate(link.dataset.ev, false); link.scrollIntoView({ block: 'center' }); }
      });
    });
    var hash = /^#ev-(\d+)$/.exec(window.location.hash);
    if (hash) { activate(hash[1]); }
  }

  /* ------------------------------------------------------------ calendar */
  function initCalendar() {
    var data = jsonData('calendar-data');
    var items = data.items, labels = data.labels;
    var now = today(), nowDate = parseIso(now);

    function entry(it, withDate) {
      var li = el('li', { 'class': 'item ' + it.kind + (it.tentative ? ' tentative' : '') });
      if (withDate) { li.appendChild(el('span', { 'class': 'date' }, it.end)); }
      li.appendChild(el('span', { 'class': 'tag ' + it.kind }, labels[it.kind]));
      li.appendChild(el('a', { href: it.href }, it.summary));
      if (it.end < now) { li.appendChild(el('span', { 'class': 'warn' }, ' ' + labels.overdue)); }
      if (it.nonworkday) {
        li.appendChild(el('span', { 'class': 'warn' }, ' ' + fill(labels.nonworkday, { day: it.previous_workday }) +
                                                      (it.holiday ? fill(labels.paren, { text: it.holiday }) : '')));
      }
      li.appendChild(el('div', { 'class': 'muted' }, it.title + (it.doc_number ? ' · ' + it.doc_number : '')));
      if (it.contacts.length) {
        var c = el('div', { 'class': 'contacts' });
        c.appendChild(el('a', { href: it.href + '#contacts' }, labels.contacts));
        c.appendChild(document.createTextNode(labels.colon + it.contacts.map(function (p) {
          return (p.name || p.org) + ' ' + p.phones.join(' ');
        }).join(labels.semicolon)));
        li.appendChild(c);
      }
      return li;
    }

    // this week (Monday to Sunday) first
    var dow = (nowDate.getDay() + 6) % 7;
    var mon = new Date(nowDate); mon.setDate(nowDate.getDate() - dow);
    var sun = new Date(mon); sun.setDate(mon.getDate() + 6);
    var range = document.getElementById('week-range');
    range.textContent = fill(range.dataset.template, { start: iso(mon), end: iso(sun) });
    var week = items.filter(function (it) { return it.kind === 'deadline' && it.end >= iso(mon) && it.end <= iso(sun); });
    var list = document.getElementById('week-items');
    week.forEach(function (it) { list.appendChild(entry(it, true)); });
    document.getElementById('week-empty').hidden = week.length > 0;

    // month grid
    var month = document.getElementById('month');
    month.hidden = false;
    var title = document.getElementById('month-title');
    var body = document.getElementById('month-grid').tBodies[0];
    var ym = now.slice(0, 7);
    if (!items.some(function (it) { return it.start.slice(0, 7) <= ym && it.end.slice(0, 7) >= ym; }) && items.length) {
      var later = items.filter(function (it) { return it.end >= now; });
      ym = (later.length ? later[0] : items[items.length - 1]).end.slice(0, 7);
    }
    var shown = parseIso(ym + '-01');

    function draw() {
      title.textContent = fill(title.dataset.template, { year: shown.getFullYear(), month: shown.getMonth() + 1 });
      body.textContent = '';
      var first = new Date(shown.getFullYear(), shown.getMonth(), 1);
      var day = new Date(first); day.setDate(1 - (first.getDay() + 6) % 7);
      for (var w = 0; w < 6; w += 1) {
        var tr = el('tr');
        for (var i = 0; i < 7; i += 1) {
          var d = iso(day);
          var td = el('td', { 'data-date': d });
          if (day.getMonth() !== shown.getMonth()) { td.classList.add('other-month'); }
          if (d === now) { td.classList.add('today'); }
          if (i >= 5) { td.classList.add('weekend'); }
          td.appendChild(el('div', { 'class': 'day' }, String(day.getDate())));
          items.forEach(function (it) {
            var on = it.kind === 'deadline' ? it.end === d : (it.start <= d && it.end >= d);
            if (on) {
              td.appendChild(el('a', { href: it.href, 'class': 'cal-item ' + it.kind + (it.tentative ? ' tentative' : ''),
                                       title: it.summary + ' — ' + it.title }, it.summary));
            }
          });
          tr.appendChild(td);
          day.setDate(day.getDate() + 1);
        }
        body.appendChild(tr);
        if (day.getMonth() !== shown.getMonth() && w >= 3) { break; }
      }
    }
    document.getElementById('prev-month').addEventListener('click', function () { shown.setMonth(shown.getMonth() - 1); draw(); });
    document.getElementById('next-month').addEventListener('click', function () { shown.setMonth(shown.getMonth() + 1); draw(); });
    document.getElementById('this-month').addEventListener('click', function () { shown = parseIso(now.slice(0, 8) + '01'); draw(); });
    draw();
  }

  /* ------------------------------------------------------------ graph */
  function initGraph() {
    var data = jsonData('graph-data');
    var box = document.getElementById('graph-chart');
    if (!window.echarts || !box) { return; }
    var colours = { national: '#c0392b', provincial: '#2467a6', municipal: '#1e8449', county: '#7d3c98', other: '#7f8c8d' };
    var enc = window.echarts.format.encodeHTML;
    var minX = Math.min.apply(null, data.nodes.map(function (n) { return n.x; }).concat([0]));
    var nodes = data.nodes.map(function (n) {
      var placeholder = n.kind !== 'notice';
      return { id: n.id, name: n.name, x: n.x, y: n.y, value: n.title, url: n.url, info: n,
               symbolSize: placeholder ? 12 : 18,
               itemStyle: placeholder ? { color: '#fff', borderColor: colours[n.level] || '#999', borderType: 'dashed', borderWidth: 2 }
                                      : { color: colours[n.level] || '#999' },
               label: { show: true, position: 'bottom', fontSize: 11, color: placeholder ? '#888' : '#222' } };
    });
    data.layers.forEach(function (r) {   // captions at the left of each level
      nodes.push({ id: 'layer-' + r, name: data.layer_names[String(r)], x: minX - 260, y: r * 160, symbolSize: 0,
                   layer: true, label: { show: true, position: 'inside', fontSize: 14, fontWeight: 'bold', color: '#555' },
                   tooltip: { show: false } });
    });
    var chart = window.echarts.init(box, null, { renderer: 'canvas' });
    chart.on('finished', function () { document.body.dataset.chartReady = '1'; });
    chart.setOption({
      animation: false,
      tooltip: {
        formatter: function (p) {
          if (p.dataType === 'edge' || !p.data.info) { return ''; }
          var i = p.data.info;
          return '<b>' + enc(i.title || i.name) + '</b><br>' + enc(i.issuer || '') + ' ' + enc(i.doc_number || '') +
                 (i.url ? '' : '<br><i>' + enc(data.not_ingested) + '</i>');
        }
      },
      series: [{
        type: 'graph', layout: 'none', roam: true, draggable: false,
        edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 7,
        data: nodes,
        links: data.links.map(function (l) {
          return { source: l.source, target: l.target,
                   lineStyle: { color: l.flagged ? '#d9480f' : '#9aa5b1', width: 1.2, curveness: 0.08, opacity: 0.8 } };
        }),
        labelLayout: { hideOverlap: true },
        emphasis: { focus: 'adjacency', label: { show: true } }
      }]
    });
    chart.on('click', function (p) {
      if (p.dataType === 'node' && p.data && p.data.url) { window.location.href = p.data.url; }
    });
    window.addEventListener('resize', function () { chart.resize(); });
    window.noticeGraph = chart;   // lets a test click a node
  }

  var page = document.body.dataset.page;
  if (page === 'index') { initIndex(); }
  if (page === 'notice') { initNotice(); }
  if (page === 'calendar') { initCalendar(); }
  if (page === 'graph') { initGraph(); }
}());
