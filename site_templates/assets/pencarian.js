/*
 * lkjip: Indonesian search for Material for MkDocs (lunr.js in the search worker).
 *
 * The built index names the language "id", so Material's search worker imports this file as
 * lunr.id.min.js before it indexes the documents. generator/search.py puts the site's data in
 * front of it (self.LKJIP_PENCARIAN): the Sastrawi root of every word of the site, the words
 * of table cells that Material's indexer glued together, and the stop words. Runs in a web
 * worker, or over file:// in the hidden iframe of the iframe-worker shim.
 */
(function (lunr, data) {
  "use strict";

  var stems = toMap(data.stems);
  var pieces = toMap(data.pieces);
  var stopWords = new Set(data.stopWords);
  var roots = new Set(); // every root in this site's index, collected while indexing
  var fallback = { stemmer: null, cache: new Map() };

  function toMap(object) {
    // A Map, so that words such as "constructor" never hit Object.prototype.
    return new Map(Object.keys(object).map(function (key) { return [key, object[key]]; }));
  }

  function trim(word) {
    return word.replace(/^\W+/, "").replace(/\W+$/, "");
  }

  function rootOf(word) {
    return stems.get(word) || word;
  }

  // Each word is indexed as written, so that a half-typed word still finds it, and as its
  // root, so that every form of a word finds the others. Both keep the token's position,
  // which is what Material highlights in the result snippets.
  function indexTerms(word) {
    var terms = new Set([word, rootOf(word)]);
    (pieces.get(word) || []).forEach(function (piece) {
      terms.add(piece);
      terms.add(rootOf(piece));
    });
    terms.forEach(function (term) { roots.add(rootOf(term)); });
    return Array.from(terms);
  }

  // sastrawijs stems only query words that are not in the site (nothing else can match
  // them), and its root is used only if the site has it: its affix rules differ from
  // PySastrawi's in places ("menilai" → "ilai"), and a root outside the site finds nothing.
  function fallbackRoot(word) {
    if (!fallback.stemmer && self.sastrawijs) fallback.stemmer = new self.sastrawijs.Stemmer();
    if (!fallback.stemmer) return word;
    if (!fallback.cache.has(word)) fallback.cache.set(word, fallback.stemmer.stem(word));
    return fallback.cache.get(word);
  }

  function queryRoot(word) {
    if (stems.has(word)) return stems.get(word);
    if (roots.has(word)) return word;
    var root = fallbackRoot(word);
    return roots.has(root) ? root : word;
  }

  function loadFallback() {
    // A worker resolves the path against its own script (assets/javascripts/workers/); the
    // iframe-worker shim against the page, so there we start from this script's address.
    // The shim loads it asynchronously: until then queries just go without the fallback.
    var inIframe = typeof document !== "undefined" && document.currentScript;
    var url = inIframe
      ? document.currentScript.src.replace(/[^/]*$/, data.fallback)
      : "../lunr/min/" + data.fallback;
    try {
      importScripts(url);
    } catch (error) {
      console.warn("lkjip: sastrawijs not loaded, searching without it", error);
    }
  }

  lunr.id = function () {
    this.pipeline.reset();
    this.pipeline.add(lunr.id.trimmer, lunr.id.stopWordFilter, lunr.id.stemmer);
    this.searchPipeline.reset();
    this.searchPipeline.add(lunr.id.trimmer, lunr.id.stopWordFilter, lunr.id.queryStemmer);
  };

  lunr.id.trimmer = function (token) {
    return token.update(trim);
  };

  lunr.id.stopWordFilter = function (token) {
    var word = token.toString();
    return word === "" || stopWords.has(word) ? undefined : token;
  };

  lunr.id.stemmer = function (token) {
    return indexTerms(token.toString()).map(function (term) {
      return token.clone(function () { return term; });
    });
  };

  lunr.id.queryStemmer = function (token) {
    return token.update(queryRoot);
  };

  ["trimmer", "stopWordFilter", "stemmer", "queryStemmer"].forEach(function (name) {
    lunr.Pipeline.registerFunction(lunr.id[name], name + "-id");
  });

  // Material appends "*" to every plain query word and lunr skips the search pipeline for
  // such terms, so plain words are rewritten here, where lunr collects a query's clauses
  // (for the search and for Material's own analysis of the matched terms alike): a word with
  // a root in the site becomes that root, matched exactly; any other word keeps its "*".
  // A stop word becomes the empty word, which the index never holds: dropping its clause
  // instead would turn a query of stop words only into one without clauses, which lunr
  // answers with every document.
  var addClause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (clause) {
    var plain = clause.usePipeline === false && /^[^*]+\*$/.test(clause.term || "");
    if (plain) clause.term = queryTerm(trim(clause.term.slice(0, -1)));
    return addClause.call(this, clause);
  };

  function queryTerm(word) {
    if (word === "" || stopWords.has(word)) return "";
    var root = queryRoot(word);
    return root === word ? word + "*" : root;
  }

  loadFallback();
})(self.lunr, self.LKJIP_PENCARIAN);
