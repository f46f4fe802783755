// The entry grid (templates/surveys/entry/submission_detail.html): Enter moves down, arrow keys
// move between cells, rows of a list are added and removed in place (the buttons post the form
// when JavaScript is off), the 合计 row and the derived counts (志愿者团队数) follow what is
// typed, and leaving with unsaved changes asks first.
(function () {
  "use strict";
  var form = document.getElementById("grid-form");
  if (!form) return;
  var FIELD = "input:not([type=hidden]), select, textarea";
  var dirty = false;

  function fieldIn(cell) {
    return cell ? cell.querySelector(FIELD) : null;
  }

  function go(target) {
    if (!target) return false;
    target.focus();
    if (target.select) target.select();
    return true;
  }

  function vertical(el, step) {
    var td = el.closest("td");
    var row = td.parentElement;
    var column = Array.prototype.indexOf.call(row.children, td);
    while ((row = step > 0 ? row.nextElementSibling : row.previousElementSibling)) {
      var found = fieldIn(row.children[column]);
      if (found) return go(found);
    }
    return false;
  }

  function horizontal(el, step) {
    var cell = el.closest("td, th");
    while ((cell = step > 0 ? cell.nextElementSibling : cell.previousElementSibling)) {
      var found = fieldIn(cell);
      if (found) return go(found);
    }
    return false;
  }

  function atEdge(el, step) {
    if (el.tagName === "SELECT") return true;
    var start = el.selectionStart, end = el.selectionEnd, length = el.value.length;
    var all = start === 0 && end === length;
    return all || (step < 0 ? end === 0 : start === length);
  }

  form.addEventListener("keydown", function (event) {
    var el = event.target;
    if (!el.closest("table.grid") || !el.matches(FIELD) || event.altKey || event.ctrlKey || event.metaKey) return;
    var moved = false;
    if (event.key === "Enter") {
      event.preventDefault(); // never submit the form from a cell
      moved = vertical(el, event.shiftKey ? -1 : 1);
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && el.tagName !== "SELECT") {
      moved = vertical(el, event.key === "ArrowDown" ? 1 : -1);
    } else if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && atEdge(el, event.key === "ArrowLeft" ? -1 : 1)) {
      moved = horizontal(el, event.key === "ArrowLeft" ? -1 : 1);
    }
    if (moved) event.preventDefault();
  });

  form.addEventListener("click", function (event) {
    var add = event.target.closest(".add-row");
    var remove = event.target.closest(".remove-row");
    if (add) {
      event.preventDefault();
      var name = add.getAttribute("data-section");
      var table = document.querySelector("table.grid[data-section='" + name + "']");
      var blank = document.getElementById("blank-" + name);
      var index = parseInt(table.getAttribute("data-next-index"), 10);
      table.setAttribute("data-next-index", String(index + 1));
      var empty = table.querySelector("tbody tr.empty");
      if (empty) empty.remove();
      table.tBodies[0].insertAdjacentHTML("beforeend", blank.innerHTML.split("__i__").join(String(index)));
      dirty = true;
      go(fieldIn(table.tBodies[0].lastElementChild.querySelector("td")));
    } else if (remove) {
      event.preventDefault();
      var row = remove.closest("tr");
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      dirty = true;
      if (next) go(fieldIn(next.querySelector("td")));
    }
  });

  // A link of the issue list puts the cursor in the cell it names.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".issue-list a");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    var field = target ? fieldIn(target) : null;
    if (!field) return;
    event.preventDefault();
    target.scrollIntoView({ block: "center", inline: "center" });
    go(field);
  });

  // The 合计 row: each column's sum over the cells that hold a number of its kind (whole for
  // counts, at most 2 decimals for money), as surveys/grid/totals.py column_sum adds them on the server.
  function numberIn(td, decimals) {
    var field = td.querySelector("input:not([type=hidden])");
    var span = td.querySelector(".value");
    var text = (field ? field.value : span ? span.textContent : "").replace(/,/g, "").trim();
    var pattern = decimals ? /^\d+(\.\d{1,2})?$/ : /^\d+$/;
    return pattern.test(text) ? Math.round(parseFloat(text) * 100) : null; // in hundredths: exact
  }

  function retotal(table) {
    if (!table || !table.tFoot) return;
    var totals = table.tFoot.rows[0].children;
    for (var i = 1; i < totals.length; i++) {
      var total = totals[i];
      if (!total.classList.contains("total")) continue;
      var decimals = parseInt(total.getAttribute("data-decimals"), 10) || 0;
      var sum = 0, any = false;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var n = row.children[i] ? numberIn(row.children[i], decimals) : null;
        if (n !== null) { sum += n; any = true; }
      });
      total.querySelector(".sum").textContent = any ? (sum / 100).toFixed(decimals) : "";
    }
  }

  // A derived cell (志愿者团队数) is the number of filled rows of the list it counts.
  function recount() {
    document.querySelectorAll("td[data-counts-rows]").forEach(function (td) {
      var table = document.querySelector("table.grid[data-section='" + td.getAttribute("data-counts-rows") + "']");
      if (!table) return;
      var rows = Array.prototype.filter.call(table.tBodies[0].rows, function (row) {
        return Array.prototype.some.call(row.querySelectorAll(FIELD), function (f) { return f.value.trim() !== ""; });
      });
      var value = td.querySelector(".value");
      if (value) value.textContent = String(rows.length);
    });
  }

  function changedIn(table) {
    retotal(table);
    recount();
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest(".add-row, .remove-row");
    if (button) changedIn(document.querySelector("table.grid[data-section='" + (button.getAttribute("data-section") || button.value.split("-")[0]) + "']"));
  });

  // A cell to fill (required, still blank on a fresh draft) loses the mark once it holds a value.
  function filled(event) {
    dirty = true;
    if (event.target.closest) changedIn(event.target.closest("table.grid"));
    var td = event.target.closest && event.target.closest("td.to-fill");
    if (td && event.target.value.trim() !== "") td.classList.remove("to-fill");
  }
  form.addEventListener("input", filled);
  form.addEventListener("change", filled);
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
