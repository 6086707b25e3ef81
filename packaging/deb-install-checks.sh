#!/usr/bin/env bash
# Runs inside the fresh Debian 12 root of packaging/deb-install-test.sh, after
# `apt-get install ./chexreview_*.deb`: the installed package's CLI, GUI and desktop files.
set -euo pipefail
export OMP_WAIT_POLICY=PASSIVE
step() { echo "[$(date -u +%H:%M:%S)] $*"; }
fail() { echo "deb-install-checks: FAILED: $*"; exit 1; }
share=/usr/share/chexreview
model=$share/models/hybridgnet-jsrt256.pt
demo=$share/demo/wikimedia_cc0_pa_chest.jpg

step "installed: $(dpkg-query -W -f='${Package} ${Version}, ${Installed-Size} KiB' chexreview), $(dpkg-query -W | wc -l) packages in the root"
for f in /usr/bin/chexreview /usr/bin/chexreview-cli "$model" "$demo" /usr/share/applications/chexreview.desktop \
         /usr/share/icons/hicolor/scalable/apps/chexreview.svg /usr/share/icons/hicolor/48x48/apps/chexreview.png \
         /usr/share/mime/packages/chexreview.xml /usr/share/man/man1/chexreview.1.gz /usr/share/man/man1/chexreview-cli.1.gz \
         /usr/share/doc/chexreview/copyright /usr/share/doc/chexreview/changelog.Debian.gz; do
  [ -s "$f" ] || fail "$f is missing from the installed package"
done
if ldd /usr/bin/chexreview /usr/bin/chexreview-cli | grep -q "not found"; then
  ldd /usr/bin/chexreview /usr/bin/chexreview-cli | grep "not found"; fail "unresolved shared libraries"
fi
echo "no unresolved shared libraries ($(ldd /usr/bin/chexreview | wc -l) loaded by chexreview)"

step "chexreview-cli --version"
chexreview-cli --version | tee /tmp/version.txt
for lib in Qt ITK DCMTK LibTorch SQLite OpenCV; do
  grep -qE "^$lib [0-9]+\.[0-9]+" /tmp/version.txt || fail "chexreview-cli --version does not name $lib with a version"
done

step "chexreview-cli segment (the CC0 demo radiograph, the bundled model)"
chexreview-cli segment "$demo" --model "$model" -o /tmp/demo.csv --json /tmp/demo.json
[ "$(wc -l < /tmp/demo.csv)" -eq 2 ] || fail "segment wrote $(wc -l < /tmp/demo.csv) lines, expected header + 1 row"
chexreview-cli csv check /tmp/demo.csv
chexreview-cli overlay "$demo" --csv /tmp/demo.csv -o /tmp/demo_overlay.png
[ -s /tmp/demo_overlay.png ] || fail "overlay wrote no PNG"

step "chexreview --version (no display)"
chexreview --version 2>/dev/null | tee /tmp/gui-version.txt
grep -qE "^VTK [0-9]+\.[0-9]+" /tmp/gui-version.txt || fail "chexreview --version does not name VTK with a version"

step "chexreview --demo under xvfb-run for 10 s"
cat > /tmp/gui.sh <<'GUI'
chexreview --demo --reader install-test >/tmp/gui.log 2>&1 &
pid=$!
sleep 10
windows="$(xwininfo -root -tree | grep -i 'CheXReview' || true)"
xwd -root -silent > /tmp/gui.xwd || echo "xwd could not capture the screen (no screenshot)"
if ! kill -0 "$pid" 2>/dev/null; then wait "$pid"; echo "chexreview exited early with status $?"; exit 1; fi
kill "$pid"; wait "$pid" || true
[ -n "$windows" ] || { echo "no CheXReview window on the X display"; exit 1; }
echo "still running after 10 s; windows on the display:"
echo "$windows" | sed 's/^ */  /'
GUI
if ! xvfb-run -a -s "-screen 0 1600x1000x24" bash /tmp/gui.sh; then
  echo "--- chexreview's output:"; cat /tmp/gui.log; fail "the GUI did not run for 10 s"
fi
echo "--- chexreview's output (warnings):"; cat /tmp/gui.log
# The screen after 10 s, copied out of the root by deb-install-test.sh (docs/packaging.md shows it).
if [ -s /tmp/gui.xwd ]; then xwdtopnm /tmp/gui.xwd 2>/dev/null | pnmtopng > /tmp/deb-install-gui.png; fi
db="$HOME/.local/share/CheXReview/CheXReview/demo/demo.cxrdb"
[ -s "$db" ] || fail "the demo study $db was not created"
chexreview-cli db status "$db"

step "chexreview FILE.dcm (what the desktop's \"Open with CheXReview\" runs) under xvfb-run for 10 s"
chexreview-cli synth -n 1 --seed 5 --size 512 --dicom -o /tmp/synth >/dev/null 2>&1
dcm="$(ls /tmp/synth/*.dcm | head -n 1)"
[ -n "$dcm" ] || fail "synth wrote no DICOM file"
cp "$dcm" /tmp/opened-chest.dcm
cat > /tmp/gui-open.sh <<'GUI'
chexreview --reader install-test /tmp/opened-chest.dcm >/tmp/gui-open.log 2>&1 &
pid=$!
sleep 10
title="$(xwininfo -root -tree | grep -o '"CheXReview — [^"]*"' || true)"
if ! kill -0 "$pid" 2>/dev/null; then wait "$pid"; echo "chexreview exited early with status $?"; exit 1; fi
kill "$pid"; wait "$pid" || true
echo "window: $title"
case "$title" in *opened-images.cxrdb*tmp/opened-chest.dcm*) ;; *) echo "the window does not show tmp/opened-chest.dcm"; exit 1;; esac
GUI
if ! xvfb-run -a -s "-screen 0 1600x1000x24" bash /tmp/gui-open.sh; then
  echo "--- chexreview's output:"; cat /tmp/gui-open.log; fail "chexreview did not open the DICOM file"
fi
chexreview-cli db status "$HOME/.local/share/CheXReview/CheXReview/opened-images.cxrdb" | tee /tmp/opened-status.txt
grep -q "dataset opened files (folder): 1 images" /tmp/opened-status.txt || fail "the opened file is not in the opened-images database"

step "desktop integration"
desktop-file-validate /usr/share/applications/chexreview.desktop
grep -q 'application/x-chexreview-database:\*\.cxrdb' /usr/share/mime/globs2 || fail "*.cxrdb is not in the MIME database"
grep -q 'application/dicom:\*\.dcm' /usr/share/mime/globs2 || fail "*.dcm is not in the MIME database"
for type in application/x-chexreview-database application/dicom; do
  grep -q "^$type=.*chexreview.desktop" /usr/share/applications/mimeinfo.cache || fail "chexreview.desktop does not open $type"
done
echo "MIME: *.cxrdb and *.dcm known; chexreview.desktop opens both (mimeinfo.cache)"

step "apt-get purge chexreview"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q chexreview >/dev/null
[ ! -e /usr/bin/chexreview ] && [ ! -e "$share" ] || fail "files left after purge"
grep -q 'x-chexreview-database' /usr/share/mime/globs2 && fail "the MIME type is still registered after purge"
echo "removed cleanly"
step "all checks passed"
