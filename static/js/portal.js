// Behaviour every page shares, kept out of the markup so that the Content-Security-Policy
// allows scripts from the portal's own files only.
document.addEventListener("change", function (event) {
  // A select that takes effect at once (the language menu).
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("submit", function (event) {
  // A form, or one of its buttons, that asks before it does something that cannot be undone.
  var submitter = event.submitter;
  var question = (submitter && submitter.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener("click", function (event) {
  // A button that prints the page (the stamp-ready form, the award certificate).
  if (event.target.closest("[data-print]")) window.print();
});
