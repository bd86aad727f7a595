/* refnet report: sortable and filterable tables, and pan, zoom and hover
 * details for the diagram.  Written for this report; no library.  The page
 * reads the same without it.  An initial order can be given in the address:
 * #sort=TABLE:COLUMN[:desc][,TABLE:COLUMN[:desc]...] (table id, column name). */
(function () {
  "use strict";
  var XLINK = "http://www.w3.org/1999/xlink";

  function key(cell) {
    if (!cell) return "";
    var s = cell.getAttribute("data-sort");
    return s === null ? cell.textContent.trim() : s;
  }

  function sortTable(table, col, desc) {
    var body = table.tBodies[0];
    var head = table.tHead;
    if (!body || !head) return;
    var rows = Array.prototype.slice.call(body.rows);
    var items = rows.map(function (r, i) { return { r: r, i: i, k: key(r.cells[col]) }; });
    var numeric = items.every(function (x) { return x.k === "" || isFinite(Number(x.k)); });
    items.sort(function (a, b) {
      var x = a.k, y = b.k, d;
      if (numeric) {
        x = x === "" ? -Infinity : Number(x);
        y = y === "" ? -Infinity : Number(y);
        d = x < y ? -1 : x > y ? 1 : 0;
      } else {
        d = x.localeCompare(y);
      }
      return (desc ? -d : d) || a.i - b.i;
    });
    items.forEach(function (x) { body.appendChild(x.r); });
    var ths = head.rows[0].cells;
    for (var j = 0; j < ths.length; j++)
      ths[j].setAttribute("aria-sort", j === col ? (desc ? "descending" : "ascending") : "none");
  }

  function column(table, name) {
    var ths = table.tHead ? table.tHead.rows[0].cells : [];
    for (var j = 0; j < ths.length; j++)
      if (ths[j].getAttribute("data-col") === name || String(j + 1) === name) return j;
    return -1;
  }

  function sortFromAddress() {
    var m = /(?:^#|&)sort=([^&]*)/.exec(location.hash);
    if (!m) return;
    decodeURIComponent(m[1]).split(",").forEach(function (spec) {
      var p = spec.split(":");
      var table = document.getElementById(p[0]);
      if (!table || table.tagName !== "TABLE") return;
      var col = column(table, p[1] || "");
      if (col >= 0) sortTable(table, col, p[2] === "desc");
    });
  }

  function filterRows(table, query, counter) {
    var q = query.trim().toLowerCase();
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var hit = !q || rows[i].textContent.toLowerCase().indexOf(q) >= 0;
      rows[i].classList.toggle("hidden", !hit);
      if (hit) shown++;
    }
    counter.textContent = q ? shown + " of " + rows.length + " rows" : "";
  }

  function setUpTable(table) {
    var head = table.tHead;
    if (!head || !table.tBodies[0]) return;
    var ths = head.rows[0].cells;
    Array.prototype.forEach.call(ths, function (th, j) {
      var b = document.createElement("button");
      b.type = "button";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      th.setAttribute("aria-sort", "none");
      b.addEventListener("click", function () {
        var desc = th.getAttribute("aria-sort") === "ascending";
        if (th.getAttribute("aria-sort") === "none" && th.classList.contains("n")) desc = true;
        sortTable(table, j, desc);
      });
    });
    if (table.tBodies[0].rows.length < 6) return;
    var box = document.createElement("div");
    box.className = "filter";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter rows";
    input.setAttribute("aria-label", "Filter the rows of " + (table.getAttribute("data-title") || "this table"));
    var counter = document.createElement("span");
    box.appendChild(input);
    box.appendChild(counter);
    table.parentNode.insertBefore(box, table);
    input.addEventListener("input", function () { filterRows(table, input.value, counter); });
  }

  function setUpDiagram(box) {
    var svg = box.querySelector("svg");
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal) return;
    var vb = svg.viewBox.baseVal;
    var home = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    var view = { x: home.x, y: home.y, w: home.w, h: home.h };
    function apply() { svg.setAttribute("viewBox", view.x + " " + view.y + " " + view.w + " " + view.h); }
    function point(ev) {
      var r = svg.getBoundingClientRect();
      var s = Math.max(view.w / r.width, view.h / r.height);
      var ox = (r.width * s - view.w) / 2, oy = (r.height * s - view.h) / 2;
      return { x: view.x - ox + (ev.clientX - r.left) * s, y: view.y - oy + (ev.clientY - r.top) * s, s: s };
    }
    function zoom(f, at) {
      var w = Math.min(Math.max(view.w * f, home.w / 50), home.w * 4);
      f = w / view.w;
      var cx = at ? at.x : view.x + view.w / 2, cy = at ? at.y : view.y + view.h / 2;
      view.x = cx - (cx - view.x) * f;
      view.y = cy - (cy - view.y) * f;
      view.w *= f;
      view.h *= f;
      apply();
    }
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      zoom(ev.deltaY > 0 ? 1.2 : 1 / 1.2, point(ev));
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (ev) {
      drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, s: point(ev).s };
      svg.classList.add("dragging");
      svg.setPointerCapture(ev.pointerId);
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      view.x = drag.vx - (ev.clientX - drag.x) * drag.s;
      view.y = drag.vy - (ev.clientY - drag.y) * drag.s;
      apply();
    });
    function stop() { drag = null; svg.classList.remove("dragging"); }
    svg.addEventListener("pointerup", stop);
    svg.addEventListener("pointercancel", stop);

    var bar = document.createElement("div");
    bar.className = "zoom";
    [["+", "Zoom in", function () { zoom(1 / 1.5); }],
     ["\u2212", "Zoom out", function () { zoom(1.5); }],
     ["\u21BA", "Whole diagram", function () { view = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); }]
    ].forEach(function (b) {
      var el = document.createElement("button");
      el.type = "button";
      el.textContent = b[0];
      el.title = b[1];
      el.setAttribute("aria-label", b[1]);
      el.addEventListener("click", b[2]);
      bar.appendChild(el);
    });
    box.appendChild(bar);
    window.addEventListener("beforeprint", function () { view = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); });

    var tip = document.createElement("div");
    tip.className = "tip";
    tip.hidden = true;
    box.appendChild(tip);
    function details(target) {
      var g = target.closest ? target.closest("g.node, g.edge") : null;
      if (!g) return null;
      var a = g.querySelector("a");
      if (!a) return null;
      return a.getAttributeNS(XLINK, "title") || a.getAttribute("xlink:title") || a.getAttribute("title");
    }
    svg.addEventListener("pointerover", function (ev) {
      var text = details(ev.target);
      if (!text) { tip.hidden = true; return; }
      tip.textContent = text;
      tip.hidden = false;
    });
    svg.addEventListener("pointermove", function (ev) {
      if (tip.hidden) return;
      var r = box.getBoundingClientRect();
      var x = ev.clientX - r.left + 14, y = ev.clientY - r.top + 14;
      if (x + tip.offsetWidth > r.width) x = Math.max(0, ev.clientX - r.left - tip.offsetWidth - 8);
      if (y + tip.offsetHeight > r.height) y = Math.max(0, ev.clientY - r.top - tip.offsetHeight - 8);
      tip.style.left = x + "px";
      tip.style.top = y + "px";
    });
    svg.addEventListener("pointerleave", function () { tip.hidden = true; });
  }

  document.documentElement.classList.add("js");
  Array.prototype.forEach.call(document.querySelectorAll("table.rn"), setUpTable);
  Array.prototype.forEach.call(document.querySelectorAll(".diagram"), setUpDiagram);
  sortFromAddress();
  window.addEventListener("hashchange", sortFromAddress);
}());
