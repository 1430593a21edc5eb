/* Planning: move a block of the employee week by drag and drop (no library).
 *
 * A movable block carries its move URL, its day and its times. Dropping it on another day posts
 * the move with htmx; the server answers with a redirect to the week (saved) or with the move form
 * showing the broken rules (and, for the director, the override field), put in #move-result.
 * Without a mouse, each block's "Déplacer" link opens the same form.
 */
(function () {
  "use strict";
  var dragged = null;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) { return input.value; }
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function clearTargets() {
    document.querySelectorAll(".drop-day.drop-over").forEach(function (cell) {
      cell.classList.remove("drop-over");
    });
  }

  function move(block, newDate) {
    var values = {
      date: block.dataset.date,
      new_date: newDate,
      start_time: block.dataset.start,
      end_time: block.dataset.end
    };
    var result = document.getElementById("move-result");
    if (result) { result.textContent = "…"; }
    window.htmx.ajax("POST", block.dataset.moveUrl, {
      target: "#move-result",
      swap: "innerHTML",
      values: values,
      headers: { "X-CSRFToken": csrfToken() }
    }).then(function () {
      var panel = document.querySelector("#move-result .move-panel");
      if (panel) { panel.scrollIntoView({ block: "nearest" }); }
    });
  }

  document.addEventListener("dragstart", function (event) {
    var block = event.target.closest && event.target.closest(".block.movable");
    if (!block) { return; }
    dragged = block;
    block.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", block.dataset.date);
  });

  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("dragging"); }
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (event) {
    var cell = event.target.closest && event.target.closest(".drop-day");
    if (!cell || !dragged) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!cell.classList.contains("drop-over")) {
      clearTargets();
      cell.classList.add("drop-over");
    }
  });

  document.addEventListener("drop", function (event) {
    var cell = event.target.closest && event.target.closest(".drop-day");
    if (!cell || !dragged) { return; }
    event.preventDefault();
    var block = dragged;
    clearTargets();
    if (cell.dataset.day === block.dataset.date) { return; }
    move(block, cell.dataset.day);
  });
})();
