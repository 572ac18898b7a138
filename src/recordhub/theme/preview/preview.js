// Preview only (served by `recordhub serve`, never written to the site): a livereload.js
// plugin that swaps in the rebuilt page without a full reload, keeping the scroll position.
// Stylesheets are left to livereload.js, which swaps them in place; images are fetched again
// here, also in every page swapped in later, since the browser reuses an image it has decoded.
//
// A swap must leave the page as a fresh load would. Only the body and the head's plain
// descriptions (title, meta, JSON-LD) can be swapped; when what the head loads or runs
// (stylesheets, styles, scripts) changed, when a script file changed, or when the page shown is
// the bare page of a failed first build, the page is reloaded instead, at the same position.
(function () {
  "use strict";
  var skip = /livereload\.js|__recordhub\/preview\.js/;
  var SCROLL_KEY = "recordhub-preview-scroll";

  // What the head loads or runs: a change here needs a reload, since a swap cannot undo what
  // a stylesheet or a script already did to the page.
  function isResource(node) {
    var tag = node.tagName;
    if (tag === "SCRIPT") {
      return (node.getAttribute("type") || "").toLowerCase() !== "application/ld+json";
    }
    if (tag === "LINK") {
      return /(^|\s)(stylesheet|preload|modulepreload|import)(\s|$)/i.test(node.rel || "");
    }
    return tag === "STYLE" || tag === "BASE" || tag === "NOSCRIPT";
  }

  // livereload.js marks stylesheets it swaps in place with a ?livereload= parameter
  function plainUrl(value, base) {
    if (!value) {
      return "";
    }
    var url = new URL(value, base);
    url.searchParams.delete("livereload");
    return url.href;
  }

  function signature(head, base) {
    var parts = [];
    Array.prototype.forEach.call(head.children, function (node) {
      if (!isResource(node) || node.__LiveReload_pendingRemoval || skip.test(node.src || "")) {
        return;
      }
      var attrs = Array.prototype.map.call(node.attributes, function (attr) {
        var value = attr.name === "href" || attr.name === "src"
          ? plainUrl(attr.value, base) : attr.value;
        return attr.name + "=" + value;
      }).sort();
      parts.push(node.tagName + "[" + attrs.join(" ") + "]" + node.textContent);
    });
    return parts.join("\n");
  }

  // An image changed in the preview keeps its address: each is given a new query, which the
  // server ignores, in this page and in each page swapped in while this one stays open.
  var IMAGE = /\.(png|jpe?g|gif|svg|webp|avif|ico|bmp)$/i;
  var changedImages = {};
  var changes = 0;

  function freshImage(value, base) {
    var url;
    try {
      url = new URL(value, base);
    } catch (error) {
      return null;
    }
    if (url.origin !== new URL(base).origin) {
      return null;
    }
    var path = decodeURIComponent(url.pathname).replace(/^\/+/, "");
    var query = null;
    Object.keys(changedImages).forEach(function (changed) {
      if (path === changed || path.endsWith("/" + changed)) {
        query = changedImages[changed];
      }
    });
    if (query === null) {
      return null;
    }
    url.searchParams.set("livereload", query);
    return url.href;
  }

  function refreshImages(root, base) {
    root.querySelectorAll("img, source").forEach(function (node) {
      var src = node.getAttribute("src");
      var fresh = src && freshImage(src, base);
      if (fresh) {
        node.setAttribute("src", fresh);
      }
      var srcset = node.getAttribute("srcset");
      if (srcset) {
        var candidates = srcset.split(",").map(function (candidate) {
          var parts = candidate.trim().split(/\s+/);
          parts[0] = freshImage(parts[0], base) || parts[0];
          return parts.join(" ");
        });
        if (candidates.join(", ") !== srcset) {
          node.setAttribute("srcset", candidates.join(", "));
        }
      }
    });
  }

  function isErrorPage(doc) {
    return !!doc.querySelector('meta[name="recordhub-preview-error"]');
  }

  // A fresh copy of a script runs again; the original, once run, never does.
  function rerun(old) {
    var fresh = document.createElement("script");
    Array.prototype.forEach.call(old.attributes, function (attr) {
      fresh.setAttribute(attr.name, attr.value);
    });
    if (!old.hasAttribute("async")) {
      fresh.async = false; // run in document order, as the parser ran them
    }
    fresh.text = old.text;
    old.replaceWith(fresh);
  }

  function rerunScripts(root) {
    root.querySelectorAll("script").forEach(function (old) {
      if (skip.test(old.src || "")) {
        old.remove();
        return;
      }
      rerun(old);
    });
  }

  // The head's scripts ran against the old body (the theme's app.js adds the FAQ's copy
  // buttons and the search box): run them again against the new one.
  function rerunHeadScripts(head) {
    Array.prototype.slice.call(head.querySelectorAll("script")).forEach(function (old) {
      if (isResource(old) && !skip.test(old.src || "")) {
        rerun(old);
      }
    });
  }

  function swapDescriptions(head, next) {
    var anchor = null;
    Array.prototype.slice.call(head.children).forEach(function (node) {
      if (isResource(node)) {
        anchor = anchor || node;
      } else {
        node.remove();
      }
    });
    Array.prototype.forEach.call(next.head.children, function (node) {
      if (!isResource(node)) {
        head.insertBefore(document.importNode(node, true), anchor);
      }
    });
  }

  function reloadInPlace(win) {
    try {
      win.sessionStorage.setItem(SCROLL_KEY, JSON.stringify(
        { href: win.location.href, x: win.scrollX, y: win.scrollY }));
    } catch (error) {
      // storage refused (a private window's quota): the browser's own restoring is left
    }
    win.location.reload();
  }

  function restoreScroll(win) {
    var saved = null;
    try {
      saved = JSON.parse(win.sessionStorage.getItem(SCROLL_KEY) || "null");
      win.sessionStorage.removeItem(SCROLL_KEY);
    } catch (error) {
      saved = null;
    }
    if (!saved || saved.href !== win.location.href) {
      return;
    }
    var scroll = function () { win.scrollTo(saved.x, saved.y); };
    scroll();
    if (win.document.readyState !== "complete") {
      win.addEventListener("load", scroll, { once: true }); // once stylesheets set the layout
    }
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
    if (IMAGE.test(path)) {
      changedImages[path.replace(/^\/+/, "")] = Date.now() + "-" + (++changes);
      refreshImages(win.document, win.location.href);
      if (this.host && this.host._reloader) {
        this.host._reloader.reloadImages(path); // those of styles: backgrounds, borders
      }
      return true;
    }
    var ticket = ++newest;
    // the new script's effects cannot be had without running it afresh, nor new headers (the
    // Content-Security-Policy) without loading the page afresh
    if (/\.m?js$/i.test(path) || path === "_headers") {
      reloadInPlace(win);
      return true;
    }
    win.fetch(win.location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (ticket !== newest) {
          return;
        }
        var doc = win.document;
        var next = new win.DOMParser().parseFromString(html, "text/html");
        var base = win.location.href;
        if (!next.body || !next.head || isErrorPage(doc) ||
            signature(doc.head, base) !== signature(next.head, base)) {
          reloadInPlace(win);
          return;
        }
        var x = win.scrollX, y = win.scrollY;
        refreshImages(next, base);
        swapDescriptions(doc.head, next);
        doc.title = next.title;
        doc.documentElement.lang = next.documentElement.lang;
        doc.documentElement.dir = next.documentElement.dir;
        doc.body.className = next.body.className;
        doc.body.replaceChildren.apply(
          doc.body, Array.prototype.slice.call(next.body.childNodes));
        rerunScripts(doc.body);
        rerunHeadScripts(doc.head);
        win.scrollTo(x, y);
      })
      .catch(function () {
        if (ticket === newest) {
          reloadInPlace(win);
        }
      });
    return true;
  };
  window.LiveReloadPluginRecordhub = Plugin;
  restoreScroll(window);
})();
