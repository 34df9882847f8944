#!/usr/bin/env bash
# Test-only (scripts/setup.sh runs it when INTERUP_WITH_TEST_DEPS=1): a software Vulkan driver that ONNX
# Runtime's WebGPU provider (Dawn) accepts, so the tests run the WebGPU path on a machine without a GPU.
# Debian 12's own Mesa 22.3 lavapipe lacks shaderUniform*ArrayDynamicIndexing, which Dawn requires; Mesa 25
# from bookworm-backports has it. The packages are downloaded and unpacked into .cache/mesa25, never
# installed: the system's Mesa (what a user's ncnn runs on) is unchanged, and only the test run points the
# Vulkan loader at the manifest written here (vitest.config.ts sets VK_ICD_FILENAMES when it exists).
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p .cache
dest="$(cd .cache && pwd -P)/mesa25"
manifest="$dest/lvp_icd.json"
lib="$dest/root/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so"
if [ -e "$manifest" ] && [ -e "$lib" ]; then
  echo "interup setup: Mesa 25 lavapipe for the WebGPU tests already in $dest" >&2
  exit 0
fi

version="$(cat /etc/debian_version 2>/dev/null || true)"
if [ "${version%%.*}" != 12 ] || [ "$(dpkg --print-architecture 2>/dev/null || true)" != amd64 ]; then
  # Other systems: their own lavapipe is used when it is new enough for Dawn (Mesa >= 24).
  have="$(dpkg-query -W -f '${Version}' mesa-vulkan-drivers 2>/dev/null || true)"
  if [ -n "$have" ] && [ "${have%%.*}" -ge 24 ] 2>/dev/null; then
    echo "interup setup: the system's Mesa $have lavapipe is new enough for the WebGPU tests" >&2
  else
    echo "interup setup: skipping Mesa 25 lavapipe: this is not Debian 12 on amd64 (debian_version '${version:-none}') and the system's mesa-vulkan-drivers '${have:-none}' is older than 24, so the WebGPU tests will fail until a Vulkan driver Dawn accepts is installed" >&2
  fi
  exit 0
fi

# The Debian mirror the system already uses (deb.debian.org when none is named).
mirror="$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n1 | tr -d ' ' || true)"
mirror="${mirror:-http://deb.debian.org/debian}"

# A private apt state (lists, cache, sources) so the system's package lists and sources stay as they are.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/sources" "$work/debs"
cat >"$work/sources/backports.sources" <<EOF
Types: deb
URIs: ${mirror%/}
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$work/sources" -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" update -qq
(cd "$work/debs" && apt-get "${apt_opts[@]}" download -qq mesa-vulkan-drivers/bookworm-backports libdrm2/bookworm-backports libdrm-amdgpu1/bookworm-backports)
rm -rf "$dest"
mkdir -p "$dest/root"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$dest/root"; done
# The package's manifest names the library without a folder; ours gives its full path.
api="$(grep -oE '"api_version": *"[^"]+"' "$dest/root/usr/share/vulkan/icd.d/lvp_icd.json" | grep -oE '[0-9.]+' | head -n1)"
printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"%s"}}\n' "$lib" "$api" >"$manifest"
echo "interup setup: Mesa $(ls "$work"/debs | grep -oE 'mesa-vulkan-drivers_[^_]+' | cut -d_ -f2) lavapipe for the WebGPU tests in $dest" >&2
