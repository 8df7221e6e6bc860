/* Where CesiumJS finds its workers and assets: the vendored build served by the app. */
window.CESIUM_BASE_URL = "/static/vendor/cesium/";
