/* The kit's page layout helpers, on every page of the book (a classic script: works from file://).

   A table wider than the page scrolls inside its own box instead of making the whole page
   scroll sideways. Such a box becomes a labelled region that the keyboard can reach (Tab, then
   the arrow keys scroll it), and says that it scrolls. Tables that fit get no extra tab stop. */
(function () {
  "use strict";
  var BOXES = ".pst-scrollable-table-container, .ml-scroll, .cell_output .output.text_html";

  function label(table) {
    var cap = table.querySelector("caption");
    var text = cap ? cap.textContent.trim() : "";
    if (!text) {
      var head = table.querySelector("th");
      text = head ? "table starting “" + head.textContent.trim().slice(0, 40) + "”" : "table";
    }
    return text + " (scrolls sideways)";
  }

  function mark() {
    document.querySelectorAll("table").forEach(function (table) {
      var box = table.closest(BOXES);
      if (!box) {
        box = document.createElement("div");
        box.className = "ml-scroll";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
      var wide = box.scrollWidth > box.clientWidth + 1;
      if (wide) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", label(table));
        box.classList.add("ml-scrolls");
      } else if (box.classList.contains("ml-scrolls")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        box.classList.remove("ml-scrolls");
      }
    });
  }

  /* The theme's navigation opens a page's sub-pages with a <summary> that holds only an icon:
     give it a name that says what it does (axe: summary-name). */
  function nameToggles() {
    document.querySelectorAll("nav details > summary").forEach(function (summary) {
      if (summary.textContent.trim() || summary.getAttribute("aria-label")) return;
      var item = summary.closest("li");
      var link = item ? item.querySelector(":scope > a") : null;
      var title = link ? link.textContent.trim() : "this page";
      summary.setAttribute("aria-label", "Pages under " + title);
    });
  }

  function start() {
    nameToggles();
    mark();
    var timer = null;
    window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(mark, 150); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
