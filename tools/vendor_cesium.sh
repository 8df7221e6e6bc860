#!/usr/bin/env bash
# Vendor a minimal CesiumJS build (npm package `cesium`) into the web dashboard's static
# folder, so that the globe page needs no CDN, no Ion token and no network:
# Build/Cesium without its ES-module copies (index.js / index.cjs, which the page does not
# load) — Cesium.js, Workers, ThirdParty, Widgets and Assets, which holds the bundled
# Natural Earth II imagery (zoom 0-2) the globe is drawn with — plus the licence files.
# Run once when upgrading:  tools/vendor_cesium.sh [VERSION]   (default 1.145.0)
set -euo pipefail
VERSION="${1:-1.145.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/src/launchwatch/web/static/vendor/cesium"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "cesium@$VERSION" >/dev/null 2>&1 && tar xzf cesium-*.tgz)
rm -rf "$DEST"
mkdir -p "$DEST"
cp -r "$TMP/package/Build/Cesium/." "$DEST/"
rm -f "$DEST/index.js" "$DEST/index.cjs"
cp "$TMP/package/LICENSE.md" "$TMP/package/ThirdParty.json" "$DEST/"
echo "cesium $VERSION" > "$DEST/VERSION"
echo "vendored cesium $VERSION into $DEST ($(du -sh "$DEST" | cut -f1))"
