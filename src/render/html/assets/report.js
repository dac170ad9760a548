// sla-engine HTML report: the verdict table, drawn on demand from the embedded JSON (the layout
// of the data is documented in src/render/html/data.rs). Only one page of rows is in the DOM.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var source = document.getElementById("verdict-data");
  var body = document.getElementById("v-body");
  if (!source || !body) { return; }
  var D = JSON.parse(source.textContent);
  var S = D.s, I = D.i, V = D.v, OFF = D.off;
  var PAGE = 100;
  var SYM = { met: "✓", breached: "✗", pending: "◷", excluded: "⊘", exempt: "–", undetermined: "?", voided: "↷" };
  // Columns of a verdict row and of an incident row.
  var INC = 0, TARGET = 1, CLAUSE = 2, METRIC = 3, OUTCOME = 4, CLOCK = 5, LIMIT = 6, LIMIT_S = 7, STARTED = 8,
      STOP_BY = 9, STOPPED = 10, DEADLINE = 11, USED = 12, MARGIN = 13, LATE = 14, PAUSES = 15, REASONING = 16,
      FACTS = 17, PROBLEM = 18, SUPERSEDED = 19;
  var I_ID = 0, I_CLASS = 1, I_PRIORITY = 2, I_REPORTED = 4;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function offset(o) {
    var sign = o < 0 ? "-" : "+"; o = Math.abs(o);
    return sign + pad(Math.floor(o / 3600)) + ":" + pad(Math.floor((o % 3600) / 60));
  }
  // An instant as the report writes it (RFC 3339 in the contract's zone).
  function at(t) {
    if (t === null || t === undefined) { return null; }
    var u = t, o = OFF;
    if (Array.isArray(t)) { u = t[0]; o = t[1]; }
    return new Date((u + o) * 1000).toISOString().slice(0, 19) + offset(o);
  }
  // A duration as the report writes it (1h2m3s, -15m, 0s).
  function dur(x) {
    var out = x < 0 ? "-" : "", s = Math.abs(x);
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    if (h > 0) { out += h + "h"; }
    if (m > 0) { out += m + "m"; }
    if (sec > 0 || (h === 0 && m === 0)) { out += sec + "s"; }
    return out;
  }
  function str(i) { return i === null || i === undefined ? null : S[i]; }
  var index = {};
  S.forEach(function (s, i) { if (!(s in index)) { index[s] = i; } });

  var months = null; // each incident's month reported, worked out on first use
  function monthOf(k) {
    if (!months) { months = I.map(function (inc) { return at(inc[I_REPORTED]).slice(0, 7); }); }
    return months[k];
  }

  var controls = {
    id: document.getElementById("f-id"), outcome: document.getElementById("f-outcome"),
    target: document.getElementById("f-target"), klass: document.getElementById("f-class"),
    priority: document.getElementById("f-priority"), month: document.getElementById("f-month")
  };
  var status = document.getElementById("v-status");
  var pageLabel = document.getElementById("v-page");
  var prev = document.getElementById("v-prev"), next = document.getElementById("v-next");
  var matching = [], page = 0, open = {};

  function wanted(select) {
    var v = select ? select.value : "";
    if (v === "") { return null; }
    return v in index ? index[v] : -1;
  }
  function filter() {
    var q = controls.id ? controls.id.value.trim().toLowerCase() : "";
    var outcome = wanted(controls.outcome), target = wanted(controls.target), klass = wanted(controls.klass),
        priority = wanted(controls.priority), month = controls.month ? controls.month.value : "";
    var ids = q ? I.map(function (inc) { return String(inc[I_ID]).toLowerCase().indexOf(q) >= 0; }) : null;
    matching = [];
    for (var k = 0; k < V.length; k++) {
      var v = V[k], inc = I[v[INC]];
      if (outcome !== null && v[OUTCOME] !== outcome) { continue; }
      if (target !== null && v[TARGET] !== target) { continue; }
      if (klass !== null && inc[I_CLASS] !== klass) { continue; }
      if (priority !== null && inc[I_PRIORITY] !== priority) { continue; }
      if (month && monthOf(v[INC]) !== month) { continue; }
      if (ids && !ids[v[INC]]) { continue; }
      matching.push(k);
    }
    page = 0;
    render();
  }

  function cell(tr, text, cls) {
    var td = document.createElement("td");
    if (cls) { td.className = cls; }
    td.textContent = text === null || text === undefined ? "—" : text;
    tr.appendChild(td);
    return td;
  }
  function outcomeCell(tr, name) {
    var td = document.createElement("td"), span = document.createElement("span");
    span.className = "o o-" + name;
    span.textContent = (SYM[name] || "") + " " + name;
    td.appendChild(span);
    tr.appendChild(td);
  }
  // The evidence of a verdict, in the words of the Markdown report.
  function evidence(k) {
    var v = V[k], inc = I[v[INC]], lines = [];
    lines.push(inc[I_ID] + " · " + S[v[TARGET]] + " (clause " + S[v[CLAUSE]] + ", " + S[v[METRIC]] + "; " +
      S[inc[I_CLASS]] + " " + (str(inc[I_PRIORITY]) || "-") + ", reported " + at(inc[I_REPORTED]) + ")");
    lines.push("clock: " + S[v[CLOCK]] + " · limit " + S[v[LIMIT]] + " (" + v[LIMIT_S] + " s) · started " + at(v[STARTED]));
    var deadline = at(v[DEADLINE]) || "paused";
    if (v[STOP_BY] !== null && v[STOPPED] !== null) {
      lines.push("stopped by " + S[v[STOP_BY]] + " at " + at(v[STOPPED]) + " · deadline " + deadline);
    } else {
      lines.push("not stopped · deadline " + deadline);
    }
    lines.push("used " + dur(v[USED]) + " of " + dur(v[LIMIT_S]) + " · margin " + dur(v[MARGIN]) +
      (v[LATE] === null ? "" : " · " + dur(v[LATE]) + " late by the wall clock"));
    v[PAUSES].forEach(function (p) {
      lines.push("paused " + at(p[1]) + " → " + (at(p[2]) || "still paused") + " (" + dur(p[3]) + " of clock): " + S[p[0]]);
    });
    if (v[SUPERSEDED]) {
      var c = v[SUPERSEDED];
      lines.push("priority changed to " + S[c[1]] + " at " + at(c[0]) + " (line " + c[2] + ")");
    }
    v[REASONING].forEach(function (r) { lines.push(S[r]); });
    v[FACTS].forEach(function (f) { lines.push("calendar: " + S[f]); });
    if (v[PROBLEM] !== null) { lines.push(S[v[PROBLEM]]); }
    var tr = document.createElement("tr"), td = document.createElement("td"), ul = document.createElement("ul");
    tr.className = "evidence"; tr.id = "ev-" + k;
    td.colSpan = 11;
    lines.forEach(function (l) { var li = document.createElement("li"); li.textContent = l; ul.appendChild(li); });
    td.appendChild(ul); tr.appendChild(td);
    return tr;
  }

  function render(focusK) {
    var pages = Math.max(1, Math.ceil(matching.length / PAGE));
    if (page >= pages) { page = pages - 1; }
    var from = page * PAGE, to = Math.min(matching.length, from + PAGE);
    var frag = document.createDocumentFragment();
    for (var n = from; n < to; n++) {
      var k = matching[n], v = V[k], inc = I[v[INC]];
      var tr = document.createElement("tr"), th = document.createElement("th"), b = document.createElement("button");
      tr.dataset.outcome = S[v[OUTCOME]];
      th.scope = "row";
      b.type = "button"; b.className = "open"; b.textContent = inc[I_ID]; b.dataset.k = k;
      b.setAttribute("aria-expanded", open[k] ? "true" : "false");
      b.setAttribute("aria-controls", "ev-" + k);
      b.setAttribute("aria-label", inc[I_ID] + " " + S[v[TARGET]] + ": show the evidence");
      th.appendChild(b); tr.appendChild(th);
      cell(tr, S[inc[I_CLASS]]);
      cell(tr, str(inc[I_PRIORITY]) || "-");
      cell(tr, S[v[TARGET]]);
      outcomeCell(tr, S[v[OUTCOME]]);
      cell(tr, S[v[CLOCK]] + " · " + S[v[LIMIT]]);
      cell(tr, at(v[STARTED]));
      cell(tr, at(v[DEADLINE]) || "paused");
      cell(tr, v[STOP_BY] !== null && v[STOPPED] !== null ? S[v[STOP_BY]] + " " + at(v[STOPPED]) : "—");
      cell(tr, dur(v[USED]), "num");
      cell(tr, dur(v[MARGIN]), "num");
      frag.appendChild(tr);
      if (open[k]) { frag.appendChild(evidence(k)); }
    }
    body.replaceChildren(frag);
    var shown = to - from;
    status.dataset.matching = String(matching.length);
    status.dataset.shown = String(shown);
    status.textContent = matching.length === 0
      ? "No verdict matches (" + V.length + " in all)."
      : "Showing " + (from + 1) + "–" + to + " of " + matching.length + " matching verdicts (" + V.length + " in all).";
    pageLabel.textContent = "page " + (page + 1) + " of " + pages;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    if (focusK !== undefined) {
      var again = body.querySelector('button.open[data-k="' + focusK + '"]');
      if (again) { again.focus(); }
    }
  }

  body.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button.open") : null;
    if (!b) { return; }
    var k = Number(b.dataset.k);
    if (open[k]) { delete open[k]; } else { open[k] = true; }
    render(k);
  });
  prev.addEventListener("click", function () { page -= 1; render(); });
  next.addEventListener("click", function () { page += 1; render(); });
  var timer = null;
  if (controls.id) {
    controls.id.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(filter, V.length > 20000 ? 150 : 0);
    });
  }
  [controls.outcome, controls.target, controls.klass, controls.priority, controls.month].forEach(function (c) {
    if (c) { c.addEventListener("change", filter); }
  });
  var reset = document.getElementById("f-reset");
  if (reset) {
    reset.addEventListener("click", function () {
      if (controls.id) { controls.id.value = ""; }
      [controls.outcome, controls.target, controls.klass, controls.priority, controls.month].forEach(function (c) {
        if (c) { c.value = ""; }
      });
      filter();
    });
  }
  filter();
  window.slaReport = { verdicts: V.length, firstRowsAt: performance.now() };
})();
