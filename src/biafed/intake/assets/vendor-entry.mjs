// The only third-party browser code of the uploader: Uppy's core and its tus plugin,
// bundled by `npm run build` (scripts/assets.sh) into static/intake/vendor/uppy-tus.min.js.
import Uppy from "@uppy/core";
import Tus from "@uppy/tus";

window.BiafedUppy = { Uppy, Tus };
