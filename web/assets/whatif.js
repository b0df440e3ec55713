// The what-if page: every change re-runs the scenario through the JSON
// API (docs/API.md) and redraws the headline table and the charts. The
// page's state lives in its address: /whatif?scenario=...&set=path=value.
"use strict";
(function () {
  const root = document.getElementById("controls");
  if (!root) return;
  const scenario = root.dataset.scenario;
  const inputs = Array.from(root.querySelectorAll(".control input"));
  let timer = null, seq = 0;

  // text writes a slider's value as the scenario loader reads it.
  function text(input) {
    if (input.type === "date") return input.value;
    const v = Number(input.value);
    return input.dataset.prefix + String(+v.toPrecision(6)) + input.dataset.suffix;
  }
  // shown writes a slider's value for people.
  function shown(input) {
    if (input.type === "date") return input.value;
    const v = Number(input.value);
    if (input.dataset.percent) return String(+(100 * v).toPrecision(4)) + "%";
    return text(input);
  }
  function changed(input) {
    if (input.type === "date") return input.value !== input.dataset.default;
    return Math.abs(Number(input.value) - Number(input.dataset.default)) > 1e-9 * Math.max(1, Math.abs(Number(input.dataset.default)));
  }
  function sets() {
    const out = {};
    for (const input of inputs) {
      const c = input.closest(".control");
      const on = changed(input);
      c.classList.toggle("changed", on);
      if (on) out[c.dataset.path] = text(input);
    }
    return out;
  }
  function seed() {
    const s = document.getElementById("seed");
    return s && s.value ? Number(s.value) : 0;
  }
  function fmtPct(x) { return (100 * x).toFixed(1) + "%"; }
  function fmtPP(x) { const v = 100 * x; return (v >= 0 ? "+" : "") + v.toFixed(1); }
  function fmtB(x) { return (x <= -0.05e9 ? "-$" : "$") + (Math.abs(x) / 1e9).toFixed(1) + "B"; }
  function cell(row, value, cls) {
    const td = row.insertCell();
    td.textContent = value;
    if (cls) td.className = cls;
  }
  let names = {};
  function draw(run) {
    names = {};
    for (const c of run.headline.companies) names[c.id] = c.name;
    const base = {};
    for (const c of run.base.companies) base[c.id] = c;
    const body = document.querySelector("#headline tbody");
    body.replaceChildren();
    for (const c of run.headline.companies) {
      const b = base[c.id] || { revenue_share: 0, revenue_usd: 0, profit_usd: 0 };
      const row = body.insertRow();
      const name = row.insertCell();
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("class", "swatch"); svg.setAttribute("width", "11"); svg.setAttribute("height", "11");
      const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      rect.setAttribute("width", "11"); rect.setAttribute("height", "11"); rect.setAttribute("rx", "2"); rect.setAttribute("fill", c.color);
      svg.appendChild(rect);
      name.append(svg, c.name);
      cell(row, fmtPct(c.revenue_share)); cell(row, fmtPct(b.revenue_share), "base");
      cell(row, fmtPP(c.revenue_share - b.revenue_share), "delta");
      cell(row, fmtB(c.revenue_usd)); cell(row, fmtB(b.revenue_usd), "base");
      cell(row, fmtB(c.profit_usd)); cell(row, fmtB(b.profit_usd), "base");
    }
    const months = run.headline.months < 12 ? " (" + run.headline.months + " months)" : "";
    document.getElementById("caption").textContent = run.headline.year + months + ": what-if against the unchanged scenario";
    const charts = document.getElementById("charts");
    for (const c of run.charts) {
      let img = charts.querySelector('img[data-name="' + c.name + '"]');
      if (!img) {
        const fig = document.createElement("figure");
        img = document.createElement("img");
        img.dataset.name = c.name; img.alt = c.title; img.width = 420; img.height = 250;
        fig.appendChild(img); charts.appendChild(fig);
      }
      img.src = c.url;
    }
    document.getElementById("yaml").href = run.yaml;
    document.getElementById("zip").href = run.files;
    document.getElementById("status").textContent = run.set.length + " change(s) · seed " + run.seed;
    history.replaceState(null, "", run.page);
  }
  function showError(msg) {
    const e = document.getElementById("error");
    e.textContent = msg;
    e.hidden = !msg;
  }
  async function rerun() {
    const mine = ++seq;
    document.body.classList.add("busy");
    try {
      const resp = await fetch("/api/runs", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ scenario: scenario, seed: seed(), set: sets() }),
      });
      const body = await resp.json();
      if (mine !== seq) return; // a later change is on its way
      if (resp.status === 429) { timer = setTimeout(rerun, 1000 * Number(resp.headers.get("Retry-After") || 2)); return; }
      if (!resp.ok) { showError(body.error); return; }
      showError("");
      draw(body);
    } catch (err) {
      if (mine === seq) showError("could not reach the server: " + err);
    } finally {
      if (mine === seq) document.body.classList.remove("busy");
    }
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(rerun, 120);
  }
  for (const input of inputs) {
    input.addEventListener("input", function () {
      const out = input.closest(".control").querySelector("output");
      if (out) out.textContent = shown(input);
    });
    input.addEventListener("change", schedule);
  }
  // The Monte Carlo of the current what-if, in the background.
  let mcTimer = null;
  function mcShow(mc) {
    const bar = document.getElementById("mc-progress");
    bar.hidden = false; bar.max = mc.runs; bar.value = mc.done;
    document.getElementById("mc-status").textContent =
      mc.state === "done" ? mc.runs + " runs done" : mc.state === "running" || mc.state === "queued" ? mc.done + " of " + mc.runs + " runs" : mc.error || mc.state;
    const table = document.getElementById("mc-table");
    if (mc.state !== "done") return;
    const body = table.querySelector("tbody");
    body.replaceChildren();
    for (const f of mc.finals) {
      const row = body.insertRow();
      cell(row, names[f.id] || f.id);
      for (const p of f.p) cell(row, fmtPct(p));
    }
    table.hidden = false;
  }
  async function mcPoll(url) {
    try {
      const resp = await fetch(url);
      if (!resp.ok) { document.getElementById("mc-status").textContent = "the Monte Carlo is gone; start it again"; return; }
      const mc = await resp.json();
      mcShow(mc);
      if (mc.state === "queued" || mc.state === "running") mcTimer = setTimeout(function () { mcPoll(url); }, 700);
    } catch (err) {
      document.getElementById("mc-status").textContent = "could not reach the server: " + err;
    }
  }
  document.getElementById("mc-start").addEventListener("click", async function () {
    clearTimeout(mcTimer);
    document.getElementById("mc-table").hidden = true;
    const resp = await fetch("/api/montecarlo", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ scenario: scenario, seed: seed(), set: sets(), runs: 40 }),
    });
    const body = await resp.json();
    if (!resp.ok) { document.getElementById("mc-status").textContent = body.error; return; }
    mcShow(body);
    mcPoll(body.url);
  });
  for (const row of document.querySelectorAll("#headline tbody tr")) {
    if (row.dataset.id) names[row.dataset.id] = row.cells[0].textContent.trim();
  }

  // Another scenario opens its own page.
  document.getElementById("scenario").addEventListener("change", function () { this.form.submit(); });

  document.getElementById("reset").addEventListener("click", function () {
    for (const input of inputs) {
      input.value = input.dataset.default;
      const out = input.closest(".control").querySelector("output");
      if (out) out.textContent = input.dataset.shown || input.value;
    }
    schedule();
  });
})();
