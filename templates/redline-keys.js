/* n / p: next or previous changed clause (the links work without this). */
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey || /INPUT|TEXTAREA/.test(event.target.tagName)) return;
  var rel = event.key === "n" ? "next" : event.key === "p" ? "prev" : null;
  if (!rel) return;
  var changed = Array.prototype.slice.call(document.querySelectorAll("article.clause.changed"));
  var here = changed.findIndex(function (c) { return c.getBoundingClientRect().top > 1; });
  if (here < 0) here = changed.length;
  var target = rel === "next" ? changed[here] : changed[here - 2 < 0 ? 0 : here - 2];
  if (target) { location.hash = target.id; }
});
