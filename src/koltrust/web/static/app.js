// Progressive enhancement: the directory refreshes its results as filters change.
// Without JavaScript the filter form submits normally and the page works the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-results]");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var target = document.getElementById(form.getAttribute("data-live-results"));
  var timer = null;
  var latest = 0;

  function refresh() {
    var query = new URLSearchParams(new FormData(form));
    Array.from(query.keys()).forEach(function (key) { if (!query.get(key)) query.delete(key); });
    var url = form.getAttribute("action") + (query.toString() ? "?" + query : "");
    var ticket = ++latest;
    target.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response); })
      .then(function (html) {
        if (ticket !== latest) return;
        target.innerHTML = html;
        window.history.replaceState(null, "", url);
      })
      .catch(function () { form.submit(); })
      .finally(function () { if (ticket === latest) target.removeAttribute("aria-busy"); });
  }

  form.addEventListener("change", refresh);
  form.addEventListener("input", function (event) {
    if (event.target.type !== "search") return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); refresh(); });
})();

// After a post is checked, move focus to its result (or to the field with an error) so that
// keyboard and screen-reader users start there rather than at the top of the page.
(function () {
  "use strict";
  var target = document.querySelector("[data-focus-on-load]");
  if (target) target.focus();
})();
