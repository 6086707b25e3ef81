#!/usr/bin/env bash
# Renders the committed PNG sizes of the application icon from chexreview.svg with rsvg-convert
# (Debian package librsvg2-bin). Run after editing the SVG and commit the PNGs; the build and the
# package use the committed files, so building needs no SVG renderer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for size in 16 22 24 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" --format png -o "chexreview-$size.png" chexreview.svg
done
