// Show only the committees on which the chosen role may be held (the server checks it too).
document.querySelectorAll("select[name=role]").forEach(function (role) {
  var committee = role.form.querySelector("select[name=committee]");
  if (!committee) return;
  function filter() {
    var chosen = role.options[role.selectedIndex];
    var kinds = chosen && chosen.dataset.kinds ? chosen.dataset.kinds.split(" ") : null;
    Array.prototype.forEach.call(committee.options, function (option) {
      var hidden = kinds !== null && option.dataset.kind !== undefined && kinds.indexOf(option.dataset.kind) < 0;
      option.hidden = hidden;
      option.disabled = hidden;
      if (hidden && option.selected) committee.value = "";
    });
  }
  role.addEventListener("change", filter);
  filter();
});
