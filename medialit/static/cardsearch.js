/* Offline search over the kit's source cards (see medialit/search.py, which this mirrors:
   same tokeniser, same stemmer, same BM25 ranking; a test checks both rank alike).
   Usage on a page: <div class="ml-cardsearch" data-index="URL of cards-index.json"></div> */
(function () {
  "use strict";
  var STOP = new Set(("a an and are as at be but by for from had has have he her his in is it its of on or " +
    "that the their them they this to was were which who will with").split(" "));
  var PLURAL = [["sses", "ss", 2], ["ies", "y", 2], ["s", "", 3]];
  var SUFFIXES = [["ational", "ate", 3], ["ation", "ate", 3], ["ated", "ate", 3], ["ating", "ate", 3],
    ["ment", "", 4], ["ing", "", 3], ["edly", "", 3], ["ed", "", 3], ["ly", "", 4]];

  function endsWith(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }

  function stem(word) {
    for (var i = 0; i < PLURAL.length; i++) {
      var p = PLURAL[i];
      if (endsWith(word, p[0]) && word.length - p[0].length >= p[2]) {
        var last2 = word.slice(-2);
        if (p[0] === "s" && (last2 === "ss" || last2 === "us" || last2 === "is")) break;
        word = word.slice(0, word.length - p[0].length) + p[1];
        break;
      }
    }
    for (var j = 0; j < SUFFIXES.length; j++) {
      var s = SUFFIXES[j];
      if (endsWith(word, s[0]) && word.length - s[0].length >= s[2]) {
        return word.slice(0, word.length - s[0].length) + s[1];
      }
    }
    return word;
  }

  function tokens(text) {
    var t = String(text).toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
    var found = t.match(/[a-z0-9]+/g) || [];
    var out = [];
    for (var i = 0; i < found.length; i++) {
      if (found[i].length > 1 && !STOP.has(found[i])) out.push(stem(found[i]));
    }
    return out;
  }

  function search(index, query, limit) {
    var n = index.docs.length, k1 = index.k1, b = index.b, avgdl = index.avgdl;
    var scores = new Map(), seen = new Set();
    tokens(query).forEach(function (term) {
      if (seen.has(term)) return;
      seen.add(term);
      var plist = index.postings[term];
      if (!plist) return;
      var idf = Math.log(1 + (n - plist.length + 0.5) / (plist.length + 0.5));
      plist.forEach(function (entry) {
        var doc = entry[0], tf = entry[1], dl = index.docs[doc].len;
        var add = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl));
        scores.set(doc, (scores.has(doc) ? scores.get(doc) : 0) + add);
      });
    });
    var ranked = Array.from(scores.entries()).sort(function (x, y) {
      if (y[1] !== x[1]) return y[1] - x[1];
      var a = index.docs[x[0]].id, c = index.docs[y[0]].id;
      return a < c ? -1 : a > c ? 1 : 0;
    });
    return ranked.slice(0, limit || 10).map(function (e) { return [index.docs[e[0]].id, e[1]]; });
  }

  function render(box, index, getIndex) {
    var uid = "ml-cs-" + Math.random().toString(36).slice(2, 8);
    box.innerHTML =
      '<form class="ml-cs-form" role="search">' +
      '<label for="' + uid + '">Search the source cards</label> ' +
      '<input id="' + uid + '" type="search" autocomplete="off"> ' +
      '<button type="submit">Search</button></form>' +
      '<div class="ml-cs-status" role="status" aria-live="polite"></div>' +
      '<ol class="ml-cs-results"></ol>';
    var form = box.querySelector("form"), input = box.querySelector("input");
    var status = box.querySelector(".ml-cs-status"), list = box.querySelector("ol");
    function ready() {
      if (index) return Promise.resolve(index);
      return getIndex().then(function (loaded) { index = loaded; return index; });
    }
    input.addEventListener("focus", function () { ready().catch(function () {}); }, { once: true });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      ready().then(function () { show(); }).catch(function () {
        status.textContent = "The search index could not be loaded. The cards below are still listed in full.";
      });
    });
    function show() {
      var hits = search(index, input.value, 10);
      list.innerHTML = "";
      hits.forEach(function (h) {
        var doc = index.docs.find(function (d) { return d.id === h[0]; });
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = (box.dataset.cardsPage || "") + "#" + doc.id;
        a.textContent = doc.id + ": " + doc.title;
        li.appendChild(a);
        var meta = document.createElement("span");
        meta.className = "ml-cs-meta";
        meta.textContent = " (" + doc.publisher + (doc.partisan && doc.partisan !== "none" ? "; partisan: " + doc.partisan : "") + ")";
        li.appendChild(meta);
        if (doc.preview) {
          var prev = document.createElement("span");
          prev.className = "ml-cs-preview";
          prev.textContent = doc.preview;
          li.appendChild(prev);
        }
        list.appendChild(li);
      });
      status.textContent = input.value.trim() === "" ? "Type one or more words to search." :
        hits.length === 0 ? "No card matches “" + input.value + "”." :
        hits.length + " card" + (hits.length === 1 ? "" : "s") + " found for “" + input.value + "”.";
    }
  }

  /* The index ships as a script (cards-index.js sets window.medialitCardsIndex), loaded with a
     script tag: unlike fetch(), that also works when the book is opened from a disk folder
     (file://), where browsers block fetching files. */
  var loading = null;
  function load(url) {
    if (window.medialitCardsIndex) return Promise.resolve(window.medialitCardsIndex);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = url;
        s.onload = function () {
          if (window.medialitCardsIndex) resolve(window.medialitCardsIndex);
          else reject(new Error("no index in " + url));
        };
        s.onerror = function () { loading = null; reject(new Error("could not load " + url)); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  window.medialitCardSearch = { tokens: tokens, stem: stem, search: search, load: load };

  /* The box is drawn at once; the index (about 200 KiB) is loaded only when someone searches. */
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".ml-cardsearch").forEach(function (box) {
      render(box, null, function () {
        return load(box.dataset.index);
      });
    });
  });
})();
