// The survey page's service worker (served at /approvals/survey-sw.js, scope /approvals/):
// keeps the last copy of each survey form page and of the static files, so the page opens
// again without a connection (its draft is in localStorage, static/pengshui/survey.js).
// Network first; the copy only when the network fails. Nothing else is cached.
"use strict";
var CACHE = "pengshui-survey-v1";
var SURVEY_PAGE = /^\/approvals\/projects\/\d+\/survey\/$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (!SURVEY_PAGE.test(url.pathname) && url.pathname.indexOf("/static/") !== 0) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (found) { return found || Response.error(); });
    })
  );
});
