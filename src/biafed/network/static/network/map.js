// Draws the network map: country outlines shipped with the site (or tiles when the
// site sets MAP_TILE_URL), one circle per city sized by its host facilities (and
// analysts, for members). Data: a <script type="application/json" id="network-map-data">
// on the page, or the JSON at the element's data-places URL (the public home page).
(function () {
  "use strict";

  function text(tag, content) {
    const node = document.createElement(tag);
    node.textContent = content;
    return node;
  }

  function popup(place) {
    const box = document.createElement("div");
    box.appendChild(text("strong", place.city + ", " + place.country));
    const list = document.createElement("ul");
    place.facilities.forEach(function (facility) {
      list.appendChild(text("li", facility.name));
    });
    box.appendChild(list);
    if (place.analysts !== undefined) {
      box.appendChild(text("p", place.analysts_label || String(place.analysts)));
    }
    return box;
  }

  function draw(element, data) {
    const vendor = window.biafedMapVendor;
    if (!vendor) return;
    const L = vendor.L;
    // keyboard: false keeps the container out of the tab order: its zoom buttons and the
    // facilities page (same places, as a list) are the keyboard way in (axe: nested-interactive).
    const map = L.map(element, {
      worldCopyJump: true,
      attributionControl: !!data.tile_url,
      keyboard: false,
    });
    map.setView([20, 0], 2); // a view before any layer: renderers need one
    if (data.tile_url) {
      L.tileLayer(data.tile_url, { maxZoom: 18, attribution: "© OpenStreetMap" }).addTo(map);
    } else {
      L.geoJSON(vendor.countries, {
        interactive: false,
        style: { color: "#8a94a6", weight: 0.6, fillColor: "#eef1f5", fillOpacity: 1 },
      }).addTo(map);
    }
    const bounds = [];
    data.places.forEach(function (place) {
      const weight = place.analysts !== undefined ? place.analysts : place.facilities.length;
      const marker = L.circleMarker([place.lat, place.lng], {
        radius: 6 + 3 * Math.sqrt(weight),
        color: "#1d4f91",
        fillColor: "#2f74c0",
        fillOpacity: 0.7,
        weight: 1,
      });
      marker.bindPopup(popup(place));
      marker.bindTooltip(place.city + " (" + weight + ")");
      marker.addTo(map);
      bounds.push([place.lat, place.lng]);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [40, 40], maxZoom: 5 });
    }
    element.dataset.drawn = String(data.places.length);
  }

  function start() {
    document.querySelectorAll("[data-network-map]").forEach(function (element) {
      const inline = document.getElementById("network-map-data");
      if (inline) {
        draw(element, JSON.parse(inline.textContent));
      } else if (element.dataset.places) {
        fetch(element.dataset.places, { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) { draw(element, data); });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
