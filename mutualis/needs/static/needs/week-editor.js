/* Week editor of a need: draw slots on a Monday–Sunday grid with the mouse; it fills the form's
   slot rows (day / start / end), which stay the accessible keyboard way to do the same.
   Also a year strip of ISO weeks synced with the "active weeks" text field.
   No dependency; progressive enhancement: without this script the form works as it is. */
(function () {
  "use strict";
  var START_HOUR = 6, END_HOUR = 22, STEP = 30, ROW_PX = 14;
  var DAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(minutes) { return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60); }
  function parseClock(text) {
    var m = /^(\d{1,2}):(\d{2})/.exec(text || "");
    return m ? parseInt(m[1], 10) * 60 + parseInt(m[2], 10) : null;
  }

  function rows(prefix) {
    var list = [];
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    for (var i = 0; i < parseInt(total.value, 10); i++) {
      var day = document.getElementById("id_" + prefix + "-" + i + "-weekday");
      if (!day) { continue; }
      list.push({
        day: day,
        start: document.getElementById("id_" + prefix + "-" + i + "-start"),
        end: document.getElementById("id_" + prefix + "-" + i + "-end")
      });
    }
    return list;
  }

  function addRow(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var list = rows(prefix);
    var last = list[list.length - 1].day.closest("tr");
    var index = parseInt(total.value, 10);
    var copy = last.cloneNode(true);
    copy.querySelectorAll("input, select, label").forEach(function (el) {
      ["id", "name", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/-\d+-/, "-" + index + "-")); }
      });
      if (el.tagName !== "LABEL") { el.value = ""; }
    });
    copy.querySelectorAll(".error").forEach(function (el) { el.remove(); });
    var th = copy.querySelector("th");
    if (th) { th.textContent = String(index + 1); }
    last.parentNode.appendChild(copy);
    total.value = String(index + 1);
    return rows(prefix)[index];
  }

  function build(editor) {
    var prefix = editor.dataset.formset;
    var others = [];
    var source = document.getElementById(editor.dataset.others || "");
    if (source) { others = JSON.parse(source.textContent); }
    var steps = (END_HOUR - START_HOUR) * 60 / STEP;
    var grid = document.createElement("div");
    grid.className = "week-editor-grid";
    var columns = [];
    var hours = document.createElement("div");
    hours.className = "week-editor-day week-editor-hours";
    hours.innerHTML = '<div class="week-editor-head">&nbsp;</div>';
    var scale = document.createElement("div");
    scale.style.position = "relative";
    scale.style.height = steps * ROW_PX + "px";
    for (var hour = START_HOUR; hour <= END_HOUR; hour++) {
      var mark = document.createElement("span");
      mark.className = "week-editor-hour";
      mark.style.top = (hour - START_HOUR) * 2 * ROW_PX + "px";
      mark.textContent = pad(hour) + ":00";
      scale.appendChild(mark);
    }
    hours.appendChild(scale);
    grid.appendChild(hours);
    DAYS.forEach(function (label, day) {
      var col = document.createElement("div");
      col.className = "week-editor-day";
      var head = document.createElement("div");
      head.className = "week-editor-head";
      head.textContent = label;
      col.appendChild(head);
      var body = document.createElement("div");
      body.className = "week-editor-body";
      body.style.height = steps * ROW_PX + "px";
      body.dataset.day = String(day);
      col.appendChild(body);
      grid.appendChild(col);
      columns.push(body);
    });
    editor.appendChild(grid);

    function minuteAt(body, clientY) {
      var rect = body.getBoundingClientRect();
      var step = Math.max(0, Math.min(steps, Math.round((clientY - rect.top) / ROW_PX)));
      return START_HOUR * 60 + step * STEP;
    }

    function block(body, start, end, cls, text) {
      var el = document.createElement("div");
      el.className = "week-editor-block " + cls;
      el.style.top = (start - START_HOUR * 60) / STEP * ROW_PX + "px";
      el.style.height = Math.max(ROW_PX, (end - start) / STEP * ROW_PX) + "px";
      el.textContent = text;
      body.appendChild(el);
      return el;
    }

    function draw() {
      columns.forEach(function (body) { body.querySelectorAll(".week-editor-block").forEach(function (el) { el.remove(); }); });
      others.forEach(function (slot) {
        var day = Math.floor(slot.start / 1440) % 7;
        block(columns[day], slot.start % 1440, slot.start % 1440 + (slot.end - slot.start), "other", slot.label);
      });
      rows(prefix).forEach(function (row) {
        var day = parseInt(row.day.value, 10);
        var start = parseClock(row.start.value), end = parseClock(row.end.value);
        if (isNaN(day) || start === null || end === null) { return; }
        if (end === 0) { end = 1440; }
        var el = block(columns[day], start, end, "mine", clock(start) + "–" + clock(end % 1440));
        el.title = editor.dataset.removeLabel || "";
        el.addEventListener("click", function () {
          row.day.value = ""; row.start.value = ""; row.end.value = "";
          draw();
        });
      });
    }

    var drag = null;
    columns.forEach(function (body) {
      body.addEventListener("mousedown", function (event) {
        if (event.target !== body) { return; }
        var start = minuteAt(body, event.clientY);
        drag = { body: body, start: start, ghost: block(body, start, start + STEP, "ghost", "") };
        event.preventDefault();
      });
    });
    document.addEventListener("mousemove", function (event) {
      if (!drag) { return; }
      var end = Math.max(drag.start + STEP, minuteAt(drag.body, event.clientY));
      drag.ghost.style.height = (end - drag.start) / STEP * ROW_PX + "px";
      drag.ghost.textContent = clock(drag.start) + "–" + clock(end);
      drag.end = end;
    });
    document.addEventListener("mouseup", function () {
      if (!drag) { return; }
      var end = drag.end || drag.start + STEP;
      var free = rows(prefix).filter(function (row) { return !row.day.value && !row.start.value && !row.end.value; })[0];
      var row = free || addRow(prefix);
      row.day.value = drag.body.dataset.day;
      row.start.value = clock(drag.start);
      row.end.value = clock(end % 1440);
      drag = null;
      draw();
    });
    editor.closest("form").addEventListener("change", draw);
    editor.hidden = false;
    draw();
  }

  function yearStrip(strip) {
    var input = document.getElementById(strip.dataset.input);
    if (!input) { return; }
    var boxes = strip.querySelectorAll("input[type=checkbox]");
    function fromText() {
      var chosen = {};
      (input.value || "").split(/[,;\s]+/).forEach(function (part) {
        var m = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(part);
        if (!m) { return; }
        for (var w = parseInt(m[1], 10); w <= parseInt(m[2] || m[1], 10); w++) { chosen[w] = true; }
      });
      boxes.forEach(function (box) { box.checked = !!chosen[parseInt(box.value, 10)]; });
    }
    function toText() {
      var weeks = [];
      boxes.forEach(function (box) { if (box.checked) { weeks.push(parseInt(box.value, 10)); } });
      var parts = [], i = 0;
      while (i < weeks.length) {
        var j = i;
        while (j + 1 < weeks.length && weeks[j + 1] === weeks[j] + 1) { j++; }
        parts.push(i === j ? String(weeks[i]) : weeks[i] + "-" + weeks[j]);
        i = j + 1;
      }
      input.value = parts.join(", ");
    }
    boxes.forEach(function (box) { box.addEventListener("change", toText); });
    input.addEventListener("change", fromText);
    fromText();
    strip.hidden = false;
  }

  document.querySelectorAll(".week-editor[data-formset]").forEach(build);
  document.querySelectorAll(".year-strip[data-input]").forEach(yearStrip);
})();
