// Preview only (served by `recordhub serve`, never written to the site): a livereload.js
// plugin that swaps in the rebuilt page without a full reload, keeping the scroll position.
// Stylesheets are left to livereload.js, which swaps them in place.
(function () {
  "use strict";
  var skip = /livereload\.js|__recordhub\/preview\.js/;

  function rerunScripts(root) {
    root.querySelectorAll("script").forEach(function (old) {
      if (skip.test(old.src || "")) {
        old.remove();
        return;
      }
      var fresh = document.createElement("script");
      Array.prototype.forEach.call(old.attributes, function (attr) {
        fresh.setAttribute(attr.name, attr.value);
      });
      fresh.text = old.text;
      old.replaceWith(fresh);
    });
  }

  function Plugin(window, host) {
    this.window = window;
    this.host = host;
  }
  // Only the newest reload's answer is shown: quick saves start overlapping fetches, and one
  // answered late would otherwise put an older page back over a newer one.
  var newest = 0;
  Plugin.identifier = "recordhub";
  Plugin.version = "1.0";
  Plugin.prototype.reload = function (path) {
    if (/\.css$/i.test(path)) {
      return false;
    }
    var win = this.window;
    var ticket = ++newest;
    win.fetch(win.location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (ticket !== newest) {
          return;
        }
        var next = new win.DOMParser().parseFromString(html, "text/html");
        if (!next.body) {
          win.location.reload();
          return;
        }
        var x = win.scrollX, y = win.scrollY;
        win.document.title = next.title;
        win.document.documentElement.lang = next.documentElement.lang;
        win.document.documentElement.dir = next.documentElement.dir;
        win.document.body.className = next.body.className;
        win.document.body.replaceChildren.apply(
          win.document.body, Array.prototype.slice.call(next.body.childNodes));
        rerunScripts(win.document.body);
        win.scrollTo(x, y);
      })
      .catch(function () {
        if (ticket === newest) {
          win.location.reload();
        }
      });
    return true;
  };
  window.LiveReloadPluginRecordhub = Plugin;
})();
