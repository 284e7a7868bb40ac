// Progressive enhancement of the search page: without JavaScript the page
// lists the overviews; with it, Pagefind's index is searched in the browser.
// Results are built with textContent and element nodes only (no innerHTML of
// titles), except Pagefind's excerpt, which Pagefind itself escapes and marks.
(function () {
  "use strict";
  var form = document.querySelector("[data-search-form]");
  if (!form || !window.URL || !window.Promise) { return; }
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var bundle = new URL(form.getAttribute("data-pagefind"), document.baseURI);
  // A large site's index is split in shards (pagefind/0/, pagefind/1/, ...): the first is
  // loaded, the others are merged into it. The search page lies one folder below the root.
  var siteRoot = new URL("../", document.baseURI);
  var shards = (form.getAttribute("data-pagefind-merge") || "").split(" ").filter(Boolean).map(function (path) {
    return new URL(path, document.baseURI).pathname;
  });
  var pagefind = null;

  function load() {
    if (!pagefind) {
      pagefind = import(bundle.href).then(function (module) {
        return module.options({ baseUrl: siteRoot.pathname }).then(function () {
          return Promise.all(shards.map(function (path) {
            return module.mergeIndex(path, { baseUrl: siteRoot.pathname });
          }));
        }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function show(query) {
    list.textContent = "";
    if (!query) { list.hidden = true; status.textContent = ""; return Promise.resolve(); }
    status.textContent = "Søger …";
    return load().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      results.forEach(function (data) {
        var item = document.createElement("li");
        var heading = document.createElement("h2");
        var link = document.createElement("a");
        link.href = data.url;
        link.textContent = (data.meta && data.meta.title) || data.url;
        heading.appendChild(link);
        var excerpt = document.createElement("p");
        excerpt.innerHTML = data.excerpt;  // escaped by Pagefind, with <mark> around hits
        item.appendChild(heading);
        item.appendChild(excerpt);
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      status.textContent = results.length === 0
        ? "Ingen resultater for »" + query + "«."
        : results.length + (results.length === 1 ? " resultat" : " resultater") + " for »" + query + "«.";
    }).catch(function () {
      status.textContent = "Søgningen virker ikke lige nu. Brug oversigterne herunder.";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    var address = new URL(window.location.href);
    address.searchParams.set("q", query);
    window.history.replaceState(null, "", address.href);
    show(query);
  });
  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) { input.value = initial; show(initial.trim()); }
}());
