#!/usr/bin/env bash
# Builds the minimal emulator test kernel from Debian's linux-source-6.1 and
# caches it outside the clone, keyed by the config fragment, this script and
# the source package version. Prints the cache directory on stdout.
#   usage: build-kernel.sh            (build if needed, print the directory)
# The directory holds: bzImage, and src/ + build/ for out-of-tree modules.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tarball=/usr/src/linux-source-6.1.tar.xz
cache_root=${CAPPSULE_CACHE:-/var/cache/cappsule}
[ -r "$tarball" ] || { echo "build-kernel: $tarball missing (apt-get install linux-source-6.1)" >&2; exit 1; }

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo unknown)
key=$( (cat "$here/kernel.config" "$0"; echo "$srcver") | sha256sum | cut -c1-16)
dir="$cache_root/kernel-$key"
if [ -f "$dir/bzImage" ]; then echo "$dir"; exit 0; fi

log="$cache_root/kernel-$key.log"
mkdir -p "$cache_root"
# One build at a time per key: a second caller waits, then finds it done.
exec 9>"$cache_root/kernel-$key.lock"
flock 9
if [ -f "$dir/bzImage" ]; then echo "$dir"; exit 0; fi
# Built in place (kernel build trees hold absolute paths); bzImage at the
# top of $dir is copied last and marks a complete build.
rm -rf "$dir" && mkdir -p "$dir/build"
echo "build-kernel: building test kernel $key (log: $log)" >&2
start=$(date +%s)
{
  tar -C "$dir" -xf "$tarball"
  mv "$dir"/linux-source-6.1 "$dir/src"
  mk() { make -C "$dir/src" O="$dir/build" -j"$(nproc)" "$@"; }
  mk tinyconfig
  "$dir/src/scripts/kconfig/merge_config.sh" -m -O "$dir/build" \
      "$dir/build/.config" "$here/kernel.config"
  mk olddefconfig
  # Every line of the fragment must survive olddefconfig, or the kernel is not
  # the one we asked for (a dependency silently dropped an option).
  missing=$(grep -E '^CONFIG_' "$here/kernel.config" | while read -r l; do
      grep -qxF "$l" "$dir/build/.config" || echo "$l"; done)
  if [ -n "$missing" ]; then echo "build-kernel: options dropped: $missing"; exit 1; fi
  # `modules` (not just modules_prepare) writes Module.symvers, without
  # which modpost warns about every symbol hostshim.ko uses.
  mk bzImage modules
} > "$log" 2>&1 || { echo "build-kernel: FAILED, see $log" >&2; tail -20 "$log" >&2; exit 1; }
echo "$(( $(date +%s) - start ))" > "$dir/build-seconds"
cp "$dir/build/arch/x86/boot/bzImage" "$dir/bzImage"
echo "build-kernel: done in $(cat "$dir/build-seconds") s" >&2
echo "$dir"
