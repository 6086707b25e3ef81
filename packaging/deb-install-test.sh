#!/usr/bin/env bash
# The Debian package on a clean Debian 12: builds the .deb (cpack), creates a minimal bookworm
# root with mmdebstrap, installs the .deb there with apt (so its Depends resolve from Debian),
# and inside that root runs packaging/deb-install-checks.sh: chexreview-cli --version, a CLI
# segmentation of the demo radiograph with the bundled model, the GUI under xvfb-run for ten
# seconds, the desktop/MIME integration, and removal.
#
#   packaging/deb-install-test.sh [BUILD_DIR]        (default: ./build, configured already)
#
# Exit 0 passed, 1 failed, 77 skipped (one line saying why: not root, no mmdebstrap, no mount
# permission, Debian mirror unreachable). The root lives in a temporary folder under $TMPDIR
# (default /tmp) and is removed by mmdebstrap, also on failure. The log is also written to
# BUILD_DIR/deb-install-test.log, the GUI's screen after 10 s to BUILD_DIR/deb-install-gui.png.
# Environment: CXR_DEB_MIRROR (default http://deb.debian.org), CXR_DEB (test this .deb instead
# of building one). See docs/packaging.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-${CXR_BUILD_DIR:-$here/build}}" && pwd)"
mirror="${CXR_DEB_MIRROR:-http://deb.debian.org}"
log="$build/deb-install-test.log"
start=$(date +%s)

skip() { echo "deb-install-test: SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (mmdebstrap --mode=root mounts /proc, /sys and /dev in the new root)"
command -v mmdebstrap >/dev/null || skip "mmdebstrap is not installed (packaging/install-deps.sh --test installs it)"
probe="$(mktemp -d)"
if ! unshare --mount sh -c "mount -t proc proc '$probe'" 2>/dev/null; then
  rmdir "$probe"; skip "cannot mount inside a new root here (no CAP_SYS_ADMIN, e.g. an unprivileged container)"
fi
rmdir "$probe"
release="$(mktemp)"
if ! timeout 30 /usr/lib/apt/apt-helper download-file "$mirror/debian/dists/bookworm/InRelease" "$release" >/dev/null 2>&1; then
  rm -f "$release"; skip "the Debian mirror $mirror is unreachable (set CXR_DEB_MIRROR to a reachable one)"
fi
rm -f "$release"

exec > >(tee "$log") 2>&1
stamp() { echo "[$(date -u +%H:%M:%S) +$(( $(date +%s) - start ))s] $*"; }
stamp "deb-install-test on $(hostname), $(nproc) cores, $(. /etc/os-release; echo "$PRETTY_NAME"), $(date -u +%Y-%m-%dT%H:%MZ)"

stamp "packaging/deb-check.sh: build the .deb and check it before installing it"
"$here/packaging/deb-check.sh" "$build"
deb="${CXR_DEB:-$(ls "$build"/package/chexreview_*.deb)}"
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"

# The host's apt cache, hard-linked into the root when it is on the same file system (a cache:
# apt downloads whatever is missing or newer).
cache_hook='true'
if [ -d /var/cache/apt/archives ] && ls /var/cache/apt/archives/*.deb >/dev/null 2>&1; then
  cache_hook='cp -al /var/cache/apt/archives/*.deb "$1/var/cache/apt/archives/" 2>/dev/null || echo "apt cache not on this file system: downloading everything"'
fi
stamp "mmdebstrap: minimal bookworm root, then apt-get install ./$(basename "$deb") inside it"
mmdebstrap --mode=root --variant=apt \
  --include=xvfb,xauth,x11-utils,x11-apps,netpbm,desktop-file-utils,shared-mime-info \
  --setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
  --setup-hook="$cache_hook" \
  --customize-hook="copy-in $deb /tmp" \
  --customize-hook="copy-in $here/packaging/deb-install-checks.sh /tmp" \
  --customize-hook='echo "[$(date -u +%H:%M:%S)] root ready: $(chroot "$1" dpkg-query -W | wc -l) packages"' \
  --customize-hook="chroot \"\$1\" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/$(basename "$deb") >/tmp/apt.log 2>&1; rc=\$?; grep -E \"^(Need to get|After this operation|[0-9]+ upgraded|Setting up chexreview)\" /tmp/apt.log; [ \$rc -eq 0 ] || tail -n 40 /tmp/apt.log; exit \$rc'" \
  --customize-hook='chroot "$1" dpkg-query -W -f="\${Status}\n" chexreview | grep -q "install ok installed"' \
  --customize-hook='chroot "$1" env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin bash /tmp/deb-install-checks.sh' \
  --customize-hook="if [ -s \"\$1/tmp/deb-install-gui.png\" ]; then cp \"\$1/tmp/deb-install-gui.png\" '$build/'; fi" \
  bookworm /dev/null \
  "deb $mirror/debian bookworm main" \
  "deb $mirror/debian bookworm-updates main" \
  "deb $mirror/debian-security bookworm-security main"
stamp "PASSED: the package installs, the CLI and the GUI run in a fresh Debian 12 root (root removed); $(( $(date +%s) - start )) s in all"
