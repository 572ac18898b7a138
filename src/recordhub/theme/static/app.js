/*
 * Progressive enhancement for the built-in theme. Everything works without it.
 * - Wide tables and code blocks that scroll sideways become keyboard-focusable.
 * - A "Copy link" button is added next to each FAQ question.
 * No network requests.
 */
(function () {
  "use strict";

  // a code block scrolls at any width, not only on a phone: a long line would otherwise be
  // out of reach of a reader without a mouse
  function markScrollable() {
    var boxes = document.querySelectorAll(".prose table, .prose pre");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }

  markScrollable();
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(markScrollable, 150);
  });
})();

(function () {
  "use strict";

  var body = document.querySelector(".faq-body[data-copy-label]");
  if (!body || !navigator.clipboard || !window.isSecureContext) {
    return;
  }

  var copyLabel = body.getAttribute("data-copy-label");
  var copiedLabel = body.getAttribute("data-copied-label") || copyLabel;

  // One polite live region announces the result to screen reader users.
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  body.appendChild(status);

  function linkTo(id) {
    var url = new URL(window.location.href);
    url.hash = id;
    return url.toString();
  }

  var headings = body.querySelectorAll("h3[id]");
  Array.prototype.forEach.call(headings, function (heading) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.textContent = copyLabel;
    button.setAttribute("aria-describedby", heading.id);

    var timer = null;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(linkTo(heading.id)).then(function () {
        button.textContent = copiedLabel;
        status.textContent = copiedLabel;
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          button.textContent = copyLabel;
          status.textContent = "";
        }, 2000);
      }, function () {
        /* Clipboard refused: leave the button as it was. */
      });
    });

    var wrapper = document.createElement("div");
    wrapper.className = "faq-question";
    heading.parentNode.insertBefore(wrapper, heading);
    wrapper.appendChild(heading);
    wrapper.appendChild(button);
  });
})();

// Site search (Pagefind): runs in the browser from the site's own files. A claim's result
// leads with its fact, so a reader never takes the myth for the answer.
(function () {
  "use strict";

  var mount = document.querySelector("[data-search-ui]");
  if (!mount || typeof window.PagefindUI !== "function") {
    return;
  }
  var fallback = document.querySelector("[data-search-fallback]");
  if (fallback) {
    fallback.hidden = true;
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: mount.getAttribute("data-base"),
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    processResult: function (result) {
      if (result.meta && result.meta.fact) {
        result.excerpt = "<strong>" + escapeHtml(result.meta.fact) + "</strong> " + result.excerpt;
        // shown once: Pagefind UI would list it again as a tag, under an English "Fact" label
        delete result.meta.fact;
      }
      return result;
    }
  });
  // Pagefind names its box by a title alone, which not every screen reader announces: the
  // page's heading names it instead
  var box = mount.querySelector("input");
  var title = document.getElementById("search-title");
  if (box && title) {
    box.setAttribute("aria-labelledby", title.id);
  }

  // Pagefind UI writes "4 results for privacy" where it is seen, not where it is heard: the
  // same words go to a status region, which screen readers announce as they change
  var status = document.querySelector("[data-search-status]");
  if (status && window.MutationObserver) {
    new MutationObserver(function () {
      var message = mount.querySelector(".pagefind-ui__message");
      var said = message ? message.textContent.trim() : "";
      if (status.textContent !== said) {
        status.textContent = said;
      }
    }).observe(mount, { childList: true, subtree: true, characterData: true });
  }

  // Pagefind UI lists the filters that its first search's results carry, and those lack each
  // filter whose data had not arrived by then: on a slow connection, a whole group stayed
  // missing until the reader searched again. Once every filter's data is in, the reader's
  // search is made again, with the same choices ticked.
  function ticked() {
    var chosen = {};
    var boxes = mount.querySelectorAll(".pagefind-ui__filter-checkbox:checked");
    Array.prototype.forEach.call(boxes, function (input) {
      (chosen[input.name] = chosen[input.name] || []).push(input.value);
    });
    return chosen;
  }
  if (box) {
    box.addEventListener("input", function start() {
      box.removeEventListener("input", start);
      // the module Pagefind UI loads too (a page holds one per address): these are its filters
      import(mount.getAttribute("data-base") + "pagefind.js")
        .then(function (pagefind) {
          return pagefind.filters();
        })
        .then(function () {
          if (box.value) {
            ui.triggerFilters(ticked());
          }
        })
        .catch(function () {}); // no index: Pagefind UI says so itself
    });
  }
})();
