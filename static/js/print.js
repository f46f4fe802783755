// The stamp-ready print view's button: the browser prints the page (to paper or PDF).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
