#!/usr/bin/env bash
# Installs the Debian 12 packages CheXReview builds and runs with, and generates the
# de_DE.UTF-8 locale (the locale-independence tests run the store and the CSV code under it).
# Idempotent: only missing packages are installed, the locale only generated when absent.
# Works as root or with sudo.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev libqt6opengl6-dev qt6-base-dev-tools libgl-dev
  libvtk9-dev
  libinsighttoolkit5-dev
  libtorch-dev
  libdcmtk-dev
  libopencv-imgproc-dev libopencv-core-dev
  libsqlite3-dev zlib1g-dev libssl-dev libjpeg62-turbo-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libcli11-dev libtbb-dev libspdlog-dev
  xvfb xauth
  locales
  help2man dpkg-dev
)
# Only for the test suite (packaging/test.sh passes --test): a private single-node Slurm
# cluster for packaging/slurm/test-cluster.sh and the sqlite3 shell its checks use; dciodvfy
# and pydicom, which check the DICOM SEG files that export writes; mmdebstrap for the Debian
# package's install test in a fresh root (packaging/deb-install-test.sh) and desktop-file-utils
# for the desktop entry's check; clang and its sanitizer/libFuzzer runtimes for
# packaging/reliability.sh (CI's sanitizer build and fuzz smoke run).
if [ "${1:-}" = "--test" ]; then
  PACKAGES+=(slurmctld slurmd slurm-client munge sqlite3 dicom3tools python3-pydicom python3-numpy
             mmdebstrap desktop-file-utils clang libclang-rt-14-dev)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# A decimal-comma locale for LocaleIndependenceTest (locale -a spells it de_DE.utf8).
if locale -a 2>/dev/null | grep -qiE '^de_DE\.utf-?8$'; then
  echo "install-deps: locale de_DE.UTF-8 present"
else
  echo "install-deps: generating locale de_DE.UTF-8"
  if grep -qE '^#? *de_DE\.UTF-8 UTF-8' /etc/locale.gen; then
    $SUDO sed -i -E 's/^# *(de_DE\.UTF-8 UTF-8)/\1/' /etc/locale.gen
  else
    echo 'de_DE.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  fi
  $SUDO locale-gen
fi
