// Comments on cells when returning a form (templates/surveys/review/_comment_fields.html).
// Each cell of the read-only grid gets a ✎ button; clicking the cell or the button opens a dialog
// whose text becomes one comment of the return form (a row, a column and a text, the same fields
// a page without script fills by hand). The server checks every comment again.
(function () {
  "use strict";
  var fieldset = document.getElementById("return-comments");
  var dialog = document.getElementById("comment-dialog");
  var template = document.getElementById("comment-slot-template");
  if (!fieldset || !dialog || !template || typeof dialog.showModal !== "function") return;
  var list = fieldset.querySelector(".comment-slots");
  var empty = fieldset.querySelector(".comments-empty");
  var labels = fieldset.dataset;
  var textarea = dialog.querySelector("textarea");
  var where = dialog.querySelector(".comment-dialog-cell");
  var deleteButton = dialog.querySelector(".comment-delete");
  var current = null;

  function slots() {
    return Array.prototype.slice.call(list.querySelectorAll(".comment-slot"));
  }

  function field(slot, name) {
    return slot.querySelector("[name=" + name + "]");
  }

  function slotFor(row, column) {
    return slots().filter(function (slot) {
      return field(slot, "comment_row").value === row && field(slot, "comment_column").value === column;
    })[0];
  }

  function rowOption(tr) {
    // The slots' template has every row (the blank slots are gone once the script runs).
    var options = template.content.querySelectorAll("select[name=comment_row] option[data-anchor]");
    for (var i = 0; i < options.length; i++) {
      if (options[i].getAttribute("data-anchor") === tr.id) return options[i];
    }
    return null;
  }

  // The row and the column a grid cell stands for: td#cell-<section>-<index>-<key> in tr#row-<section>-<index>.
  function target(td) {
    var tr = td.closest("tr");
    var table = td.closest("table.grid");
    if (!tr || !table || !tr.id) return null;
    var section = table.getAttribute("data-section");
    var option = rowOption(tr);
    var prefix = "cell-" + section + "-" + tr.id.slice(("row-" + section + "-").length) + "-";
    if (!option || td.id.indexOf(prefix) !== 0) return null;
    var th = table.tHead && table.tHead.rows[0].cells[td.cellIndex];
    return {
      td: td,
      row: option.value,
      column: section + ":" + td.id.slice(prefix.length),
      label: option.textContent.trim() + " · " + (th ? th.textContent.replace("*", "").trim() : ""),
    };
  }

  function cellFor(row, column) {
    var cells = document.querySelectorAll("table.grid td[id]");
    for (var i = 0; i < cells.length; i++) {
      var t = target(cells[i]);
      if (t && t.row === row && t.column === column) return t;
    }
    return null;
  }

  function mark(t, text) {
    var button = t.td.querySelector(".comment-button");
    if (!t.td.hasAttribute("data-title-before")) t.td.setAttribute("data-title-before", t.td.title || "");
    var before = t.td.getAttribute("data-title-before");
    var shown = t.td.querySelector(".cell-comment");
    if (text && !shown) {
      shown = document.createElement("span");
      shown.className = "cell-comment";
      t.td.insertBefore(shown, button);
    }
    if (shown && !text) shown.parentNode.removeChild(shown);
    else if (shown) shown.textContent = labels.labelComment + "：" + text;
    if (text) {
      t.td.classList.add("has-comment");
      t.td.title = labels.labelComment + "：" + text + (before ? "\n" + before : "");
      if (button) button.setAttribute("aria-label", labels.labelEdit + "：" + t.label);
    } else {
      t.td.classList.remove("has-comment");
      t.td.title = before;
      if (button) button.setAttribute("aria-label", labels.labelAdd + "：" + t.label);
    }
  }

  function refresh() {
    var any = slots().length > 0;
    empty.hidden = any;
  }

  function addSlot(t, text) {
    var slot = slotFor(t.row, t.column);
    if (!slot) {
      list.appendChild(template.content.cloneNode(true));
      slot = list.lastElementChild;
      prepare(slot);
      field(slot, "comment_row").value = t.row;
      field(slot, "comment_column").value = t.column;
    }
    field(slot, "comment_text").value = text;
    mark(t, text);
    refresh();
  }

  function removeSlot(slot) {
    var t = cellFor(field(slot, "comment_row").value, field(slot, "comment_column").value);
    slot.parentNode.removeChild(slot);
    if (t) mark(t, "");
    refresh();
  }

  function prepare(slot) {
    var remove = slot.querySelector(".remove-comment");
    remove.hidden = false;
    remove.addEventListener("click", function () {
      removeSlot(slot);
    });
    field(slot, "comment_text").addEventListener("input", function () {
      var t = cellFor(field(slot, "comment_row").value, field(slot, "comment_column").value);
      if (t) mark(t, field(slot, "comment_text").value.trim());
    });
  }

  function open(t) {
    current = t;
    var slot = slotFor(t.row, t.column);
    where.textContent = t.label;
    textarea.value = slot ? field(slot, "comment_text").value : "";
    deleteButton.style.display = slot ? "" : "none";
    dialog.returnValue = ""; // Escape closes without setting it: the last choice must not stick
    dialog.showModal();
    textarea.focus();
  }

  dialog.addEventListener("close", function () {
    var t = current;
    current = null;
    if (!t) return;
    var text = textarea.value.trim();
    var slot = slotFor(t.row, t.column);
    if (dialog.returnValue === "save" && text) addSlot(t, text);
    else if ((dialog.returnValue === "delete" || (dialog.returnValue === "save" && !text)) && slot) removeSlot(slot);
    var button = t.td.querySelector(".comment-button");
    if (button) button.focus();
  });

  // Blank slots are for pages without script: here a comment is added from its cell.
  slots().forEach(function (slot) {
    var text = field(slot, "comment_text").value.trim();
    if (!text && !field(slot, "comment_row").value && !field(slot, "comment_column").value) {
      slot.parentNode.removeChild(slot);
      return;
    }
    prepare(slot);
  });

  fieldset.querySelector(".comments-help").hidden = true;
  fieldset.querySelector(".comments-help-click").hidden = false;
  var cells = document.querySelectorAll("table.grid td[id]");
  for (var i = 0; i < cells.length; i++) {
    var t = target(cells[i]);
    if (!t) continue;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "comment-button";
    button.textContent = "✎";
    button.setAttribute("aria-label", labels.labelAdd + "：" + t.label);
    button.title = labels.labelAdd;
    cells[i].appendChild(button);
    cells[i].classList.add("commentable");
  }
  slots().forEach(function (slot) {
    var t = cellFor(field(slot, "comment_row").value, field(slot, "comment_column").value);
    if (t) mark(t, field(slot, "comment_text").value.trim());
  });
  refresh();

  document.addEventListener("click", function (event) {
    var td = event.target.closest("table.grid td.commentable");
    if (!td || event.target.closest("a")) return;
    var t = target(td);
    if (t) open(t);
  });
})();
