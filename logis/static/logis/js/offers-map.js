// Maps of Logis (Leaflet + leaflet.markercluster, served from our static files): the map of "Mes offres"
// (data-offers-map="search": markers read from data-markers-url, the same search as the list) and the small map of
// an offer (data-offers-map="offer": the dwelling and the workplace, from data-* attributes).
// The tiles come from the configured tile server; when they cannot load, the map keeps a plain background, its
// markers and the workplace, and says so (data-map-notice).
(function () {
  "use strict";

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function workplaceIcon() {
    return L.divIcon({
      className: "map-workplace",
      html: '<span aria-hidden="true">&#9733;</span>',
      iconSize: [28, 28],
      iconAnchor: [14, 14],
    });
  }

  function offerIcon() {
    return L.divIcon({ className: "map-offer", html: "", iconSize: [18, 18], iconAnchor: [9, 9] });
  }

  function baseMap(element) {
    var map = L.map(element, { scrollWheelZoom: false, zoomControl: false, fadeAnimation: false });
    L.control.zoom({ zoomInTitle: "Agrandir la carte", zoomOutTitle: "Réduire la carte" }).addTo(map);
    map.attributionControl.setPrefix(false);
    // Leaflet names its popup's close button in English.
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", "Fermer");
        close.setAttribute("title", "Fermer");
      }
    });
    var tiles = L.tileLayer(element.dataset.tileUrl, {
      attribution: element.dataset.tileAttribution,
      maxZoom: 19,
      crossOrigin: false,
    });
    var notice = element.parentNode.querySelector("[data-map-notice]");
    var failed = false;
    tiles.on("tileerror", function () {
      if (failed) return;
      failed = true;
      element.classList.add("map-no-tiles");
      if (notice) notice.hidden = false;
    });
    tiles.addTo(map);
    return map;
  }

  function addWorkplace(map, origin) {
    if (!origin) return null;
    var point = [origin.lat, origin.lng];
    L.marker(point, {
      icon: workplaceIcon(),
      keyboard: false,
      interactive: false,
      zIndexOffset: 1000,
      title: "Votre lieu de travail : " + origin.name,
    }).addTo(map);
    return point;
  }

  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    return L.divIcon({
      className: "map-cluster",
      html: "<span>" + count + '</span><span class="visually-hidden"> offres</span>',
      iconSize: [36, 36],
    });
  }

  function searchMap(element) {
    var map = baseMap(element);
    var status = element.parentNode.querySelector("[data-map-status]");
    var layer = L.markerClusterGroup({ iconCreateFunction: clusterIcon, showCoverageOnHover: false });
    map.addLayer(layer);
    var workplaceShown = false;
    var truncated = false;
    var firstLoad = true;
    var pending = null;

    function load(zone) {
      var url = element.dataset.markersUrl;
      if (zone) url += (url.indexOf("?") >= 0 ? "&" : "?") + "zone=" + encodeURIComponent(zone);
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", signal: pending.signal })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          layer.clearLayers();
          var points = [];
          data.markers.forEach(function (offer) {
            var label = offer.title + ", " + offer.commune + ", " + offer.rent + " € par mois";
            var marker = L.marker([offer.lat, offer.lng], { icon: offerIcon(), title: label, alt: label });
            marker.bindPopup(
              '<a href="' + escapeHtml(offer.url) + '">' + escapeHtml(offer.title) + "</a><br>" +
                escapeHtml(offer.commune) + " — " + escapeHtml(offer.typology) + " — " +
                escapeHtml(offer.rent) + " € par mois, charges comprises"
            );
            layer.addLayer(marker);
            points.push([offer.lat, offer.lng]);
          });
          if (!workplaceShown) {
            var origin = addWorkplace(map, data.origin);
            if (origin) points.push(origin);
            workplaceShown = true;
          }
          truncated = data.truncated;
          if (status) status.textContent = data.message;
          element.dataset.markerCount = String(data.markers.length);
          if (firstLoad) {
            firstLoad = false;
            if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.1), { maxZoom: 14 });
            else map.setView([46.6, 2.4], 5);
          }
        })
        .catch(function (error) {
          if (error.name === "AbortError") return;
          if (status) status.textContent = "Les offres n'ont pas pu être placées sur la carte. Réessayez, ou consultez la liste.";
          if (firstLoad) map.setView([46.6, 2.4], 5);
        });
    }

    // Past the limit, the answer holds the nearest offers: moving the map asks for those of the part shown.
    map.on("moveend", function () {
      if (!firstLoad && truncated) load(map.getBounds().toBBoxString());
    });
    load(null);
  }

  function offerMap(element) {
    var map = baseMap(element);
    var data = element.dataset;
    var point = [parseFloat(data.lat), parseFloat(data.lng)];
    L.marker(point, { icon: offerIcon(), title: data.title, alt: data.title, keyboard: false, interactive: false })
      .addTo(map);
    var points = [point];
    if (data.originLat) {
      addWorkplace(map, { name: data.originName, lat: parseFloat(data.originLat), lng: parseFloat(data.originLng) });
      points.push([parseFloat(data.originLat), parseFloat(data.originLng)]);
    }
    if (points.length > 1) map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 15 });
    else map.setView(point, 15);
  }

  function init(root) {
    if (typeof L === "undefined") return;
    root.querySelectorAll("[data-offers-map]").forEach(function (element) {
      if (element.dataset.mapReady) return;
      element.dataset.mapReady = "1";
      if (element.dataset.offersMap === "search") searchMap(element);
      else offerMap(element);
    });
  }

  init(document);
  // The filters of "Mes offres" replace the results with htmx: a new map comes with them.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    init(event.target);
  });
})();
