// Roster console: times in the viewer's time zone (UTC on hover). Everything else works without JavaScript;
// htmx adds search as you type and live progress.
(function () {
  "use strict";
  function localize(root) {
    root.querySelectorAll("time[datetime]").forEach(function (element) {
      if (element.dataset.localized) {
        return;
      }
      var at = new Date(element.getAttribute("datetime"));
      if (isNaN(at.getTime())) {
        return;
      }
      element.title = at.toISOString().replace(".000Z", "Z") + " (UTC)";
      element.textContent = at.toLocaleString(undefined, {
        year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit"
      });
      element.dataset.localized = "yes";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    localize(document);
    document.body.addEventListener("htmx:afterSettle", function (event) {
      localize(event.target);
    });
  });
})();
