// The network map's vendor bundle (scripts/assets.sh): Leaflet and the world's country
// outlines (world-atlas, Natural Earth 1:110m, public domain) converted from TopoJSON,
// so the map needs no tile server. Our own code is in static/network/map.js.
import L from "leaflet";
import { feature } from "topojson-client";
import world from "world-atlas/countries-110m.json";

window.biafedMapVendor = { L, countries: feature(world, world.objects.countries) };
