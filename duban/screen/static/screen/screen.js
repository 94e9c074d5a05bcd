/* The big screen: polls its JSON endpoint and cycles through slides by itself.
   No inline script (CSP), no external assets; charts arrive as escaped server-side SVG. */
(function () {
  "use strict";
  var REFRESH_MS = 60000;
  // Rows of a ranking that fit one slide at the hall's type size: a longer group pages
  // through its ranking, so every unit of every group is shown.
  var ROWS_PER_SLIDE = 12;
  var root, stage, data = null, slides = [], current = 0, timer = null;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function svg(markup) {
    var doc = new DOMParser().parseFromString(markup, "image/svg+xml");
    var node = doc.documentElement;
    if (!node || node.nodeName !== "svg") { return el("div"); }
    return document.importNode(node, true);
  }

  function table(headers, rows, cls) {
    var t = el("table", "big " + (cls || ""));
    var head = el("tr");
    headers.forEach(function (h, i) { head.appendChild(el("th", i === headers.length - 1 ? "num" : null, h)); });
    var thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
    var body = el("tbody");
    rows.forEach(function (r) {
      var tr = el("tr");
      r.forEach(function (c, i) { tr.appendChild(el("td", i === r.length - 1 ? "num" : null, c)); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  function empty(text) { return el("p", "empty", text); }

  function buildSlides(d) {
    var out = [];
    if (!d.rankings.length) {
      out.push({ title: "考评排名", render: function () { return empty(d.month_label + "考评结果尚未发布"); } });
    }
    d.rankings.forEach(function (g, i) {
      var pages = Math.max(1, Math.ceil(g.rows.length / ROWS_PER_SLIDE));
      for (var p = 0; p < pages; p++) {
        (function (page) {
          out.push({
            title: g.group + "考评排名" + (g.revision ? "（第" + g.revision + "次修订）" : "") +
              (pages > 1 ? "（" + (page + 1) + "/" + pages + "）" : ""),
            render: function () {
              var box = el("div", "two");
              var rows = g.rows.slice(page * ROWS_PER_SLIDE, (page + 1) * ROWS_PER_SLIDE);
              box.appendChild(table(["排名", "单位", "得分"], rows.map(function (r) {
                return [r.rank, r.unit, r.total_text || r.total.toFixed(2)];
              }), "ranking"));
              var chart = el("div", "chart"); chart.appendChild(svg(d.charts.rankings[i])); box.appendChild(chart);
              return box;
            }
          });
        })(p);
      }
    });
    out.push({ title: "全区目标任务与序时进度", render: function () {
      var box = el("div", "chart wide"); box.appendChild(svg(d.charts.district)); return box; } });
    out.push({ title: "分类别开竣工进度", render: function () {
      var box = el("div", "chart wide"); box.appendChild(svg(d.charts.categories)); return box; } });
    out.push({ title: "亮红灯项目", render: function () {
      // The warning board counts target lights too; this slide counts projects, and says so.
      var what = "亮红灯的项目（不含目标任务的红灯，见预警看板）";
      if (!d.red_projects) {
        var only = el("div");
        only.appendChild(el("p", "bignum", d.red_count + " 个"));
        only.appendChild(el("p", "lead center", what));
        return only;
      }
      if (!d.red_projects.length) { return empty("本月无亮红灯项目"); }
      var box = el("div");
      box.appendChild(el("p", "lead", "共 " + d.red_count + " 个" + what + "，按差距从大到小"));
      box.appendChild(table(["项目", "责任单位", "累计完成", "占序时计划"], d.red_projects.slice(0, 8).map(function (p) {
        return [p.name, p.unit, p.actual, Number(p.share).toFixed(1) + "%"];
      }), "red"));
      return box;
    } });
    out.push({ title: "逾期未办结问题", render: function () {
      if (!d.overdue_problems) { return el("p", "bignum", d.overdue_count + " 个"); }
      if (!d.overdue_problems.length) { return empty("暂无逾期未办结问题"); }
      return table(["问题", "责任单位", "逾期天数"], d.overdue_problems.slice(0, 8).map(function (p) {
        return [p.title || "", p.unit || "", p.overdue_days || ""];
      }));
    } });
    out.push({ title: "本月排名变化", render: function () {
      if (!d.movers.length) { return empty("与上月相比排名无变化或上月未发布"); }
      return table(["单位", "考评组", "上月", "本月", "变化"], d.movers.map(function (m) {
        return [m.unit, m.group, m.from, m.to, (m.change > 0 ? "↑" : "↓") + Math.abs(m.change)];
      }), "movers");
    } });
    return out;
  }

  function show(n) {
    if (!slides.length) { return; }
    current = ((n % slides.length) + slides.length) % slides.length;
    var slide = slides[current];
    stage.replaceChildren(slide.render());
    document.getElementById("slide-title").textContent = slide.title;
    var dots = document.getElementById("dots");
    dots.replaceChildren();
    slides.forEach(function (_s, i) { dots.appendChild(el("span", i === current ? "dot on" : "dot")); });
    root.setAttribute("data-slide", String(current));
  }

  function load() {
    return fetch(root.getAttribute("data-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (d) {
        data = d;
        document.getElementById("month").textContent = d.month_label;
        slides = buildSlides(d);
        root.setAttribute("data-slides", String(slides.length));
        show(current);
        root.setAttribute("data-loaded", "1");
      })
      .catch(function () { document.getElementById("foot").textContent = "数据暂时无法刷新，显示上次数据"; });
  }

  // The slides are laid out for 1920×1080; any other display (a 4K wall, a 1366 monitor)
  // shows them scaled to fit, never cropped.
  function fit() {
    var scale = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
    root.style.transform = "scale(" + scale + ")";
    root.setAttribute("data-scale", String(scale));
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("screen");
    fit();
    window.addEventListener("resize", fit);
    stage = document.getElementById("stage");
    var m = /[?&#]slide=(\d+)/.exec(window.location.href);
    if (m) { current = parseInt(m[1], 10); }
    var raw = root.getAttribute("data-interval");
    var seconds = raw === "" ? 12 : parseInt(raw, 10);
    load();
    setInterval(load, REFRESH_MS);
    if (seconds > 0) { timer = setInterval(function () { show(current + 1); }, seconds * 1000); }
  });
})();
