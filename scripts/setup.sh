#!/usr/bin/env bash
# Sets up interup on a fresh Debian/Ubuntu machine: system packages, node modules, build.
# On a box with an NVIDIA GPU and network, onnxruntime-node's installer also fetches its CUDA and TensorRT
# execution providers; without a GPU (or offline) that download is skipped so `npm ci` succeeds.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=()
command -v ffmpeg >/dev/null 2>&1 || pkgs+=(ffmpeg)
# The font `interup preview` and `interup demo` label their montages with (ffmpeg drawtext).
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || pkgs+=(fonts-dejavu-core)
# Software Vulkan lets the ncnn-vulkan binaries run on a CPU-only box; libvulkan1 is the loader.
[ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || [ -e /usr/share/vulkan/icd.d/lvp_icd.aarch64.json ] || pkgs+=(mesa-vulkan-drivers libvulkan1)
# Test-only tools: optipng writes the interlaced PNGs the PNG codec's test reads; the queue tests start their
# own redis-server and drive the dashboard in Debian's chromium (no browser download: playwright-core is
# pointed at /usr/bin/chromium).
if [ "${INTERUP_WITH_TEST_DEPS:-0}" = 1 ]; then
  command -v optipng >/dev/null 2>&1 || pkgs+=(optipng)
  command -v redis-server >/dev/null 2>&1 || pkgs+=(redis-server)
  [ -x /usr/bin/chromium ] || pkgs+=(chromium)
fi
# The tests fetch a real clip with `apt-get download`, which needs package lists.
need_lists=0
if [ "${INTERUP_WITH_TEST_DEPS:-0}" = 1 ] && ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then need_lists=1; fi
if [ ${#pkgs[@]} -gt 0 ] || [ "$need_lists" = 1 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    [ ${#pkgs[@]} -eq 0 ] || apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  else
    echo "interup setup: missing system packages: ${pkgs[*]} (run as root, or install them with sudo apt-get install ${pkgs[*]})" >&2
    exit 1
  fi
fi

# Test-only: Mesa 25's software Vulkan, unpacked into .cache/mesa25 (never installed) so the WebGPU tests run
# on a machine without a GPU; a user's plain setup is unchanged.
if [ "${INTERUP_WITH_TEST_DEPS:-0}" = 1 ]; then
  scripts/test-mesa.sh || echo "interup setup: could not unpack Mesa 25 lavapipe (see above); the WebGPU tests will fail until .cache/mesa25 is there" >&2
fi

# node modules: npm ci only when node_modules is not already what it would make (scripts/npm-deps.sh).
# shellcheck source=scripts/npm-deps.sh
. scripts/npm-deps.sh
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then mode=gpu; else mode=cpu; fi
if deps_in_sync "$mode"; then
  echo "interup setup: node_modules already matches package-lock.json: npm ci skipped" >&2
elif [ "$mode" = gpu ]; then
  echo "interup setup: NVIDIA GPU found: installing onnxruntime-node with its CUDA/TensorRT providers" >&2
  npm ci --no-audit --no-fund
  write_deps_stamp "$mode"
else
  echo "interup setup: no NVIDIA GPU: onnxruntime-node CPU only (ONNXRUNTIME_NODE_INSTALL=skip)" >&2
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
  write_deps_stamp "$mode"
fi
# The build is skipped while dist/ was built from the sources as they are (bin/build-stamp.js).
node bin/build-stamp.js check || npm run build --silent

# `interup` on PATH, npm's own way: npm link puts a link to bin/interup.js in npm's global bin folder
# (/usr/bin or /usr/local/bin as root). Where that folder is not writable, say how to get the name anyway.
if [ "$(command -v interup 2>/dev/null)" != "" ] && [ "$(readlink -f "$(command -v interup)")" = "$(readlink -f bin/interup.js)" ]; then
  :
elif npm link --no-audit --no-fund >/dev/null 2>&1 && command -v interup >/dev/null 2>&1; then
  echo "interup setup: \`interup\` is on PATH ($(command -v interup) -> $PWD/bin/interup.js)" >&2
else
  echo "interup setup: could not put \`interup\` on PATH (npm link needs a writable $(npm prefix -g)/bin); use $PWD/bin/interup.js, or: alias interup=$PWD/bin/interup.js" >&2
fi
