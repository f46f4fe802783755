// The team form's member picker (forms_registry.MemberPicker): htmx fills the results under the
// search box; a click on a result adds it as a chip holding a hidden input, × removes a chip.
// Kept in a file of its own because the Content-Security-Policy forbids inline scripts.
document.addEventListener("click", function (event) {
  var option = event.target.closest("[data-pick]");
  if (option) {
    var picker = option.closest("[data-member-picker]");
    var chip = document.createElement("li");
    chip.className = "chip";
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = picker.dataset.name;
    input.value = option.dataset.pick;
    var label = document.createElement("span");
    label.textContent = option.dataset.label;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "chip-remove";
    remove.setAttribute("data-remove", "");
    remove.setAttribute("aria-label", picker.dataset.removeLabel + " " + option.dataset.label);
    remove.textContent = "×";
    chip.append(input, label, " ", remove);
    picker.querySelector("[data-chips]").append(chip);
    option.closest("li").remove();
    picker.querySelector("[data-member-search]").focus();
    return;
  }
  var removeButton = event.target.closest("[data-remove]");
  if (removeButton) removeButton.closest("li").remove();
});
document.addEventListener("keydown", function (event) {
  // Enter in the search box searches; it must not submit the team form half-filled.
  if (event.key === "Enter" && event.target.matches("[data-member-search]")) event.preventDefault();
});
