# Sourced by .ci/run (bash, set -euo pipefail): Debian's Chromium for the web end-to-end tests (Microsoft.Playwright
# drives it through RXATLAS_CHROMIUM; nothing downloads a browser). Also makes sure npm is there for RxAtlas.Web's build,
# which runs `npm ci` in src/RxAtlas.Web/client. apt-get update runs at most once per CI run (RXATLAS_APT_UPDATED).

rxatlas_apt_install() {
  if [ -z "${RXATLAS_APT_UPDATED:-}" ]; then
    apt-get update -qq
    export RXATLAS_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (Debian package)"
  rxatlas_apt_install chromium
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "installing nodejs and npm (Debian packages) for the front-end build"
  rxatlas_apt_install nodejs npm
fi

export RXATLAS_CHROMIUM=/usr/bin/chromium
echo "chromium: $("$RXATLAS_CHROMIUM" --version 2>/dev/null || echo missing)"
