#!/usr/bin/env bash
# Vendor Leaflet (npm) into the web dashboard's static folder, so that pages need no CDN.
# Run once when upgrading Leaflet:  tools/vendor_leaflet.sh [VERSION]   (default 1.9.4)
# Copies dist/leaflet.js, dist/leaflet.css, dist/images/* and LICENSE.
set -euo pipefail
VERSION="${1:-1.9.4}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/src/launchwatch/web/static/vendor/leaflet"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack "leaflet@$VERSION" >/dev/null && tar xzf leaflet-*.tgz)
mkdir -p "$DEST/images"
cp "$TMP/package/dist/leaflet.js" "$TMP/package/dist/leaflet.css" "$TMP/package/LICENSE" "$DEST/"
cp "$TMP/package/dist/images/"*.png "$DEST/images/"
echo "leaflet $VERSION" > "$DEST/VERSION"
echo "vendored leaflet $VERSION into $DEST"
