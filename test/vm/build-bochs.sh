#!/usr/bin/env bash
# Builds the Bochs the emulator tests run, from Debian's own source package
# of Bochs 3.0 (trixie's), and caches it outside the clone, keyed by the
# source's checksums, the configure options and this script. Prints the
# path of the binary on stdout.
#   usage: build-bochs.sh            (build if needed, print the binary)
#
# Why not Debian 12's packaged Bochs 2.7: after an INIT VM exit it keeps the
# INIT pending, so the next VM entry of that CPU exits for INIT again, for
# ever; an application processor never starts as a guest and a 2-CPU boot
# with the monitor hangs (docs/monitor.md, "Other CPUs"). Fixed upstream in
# 2022, in Bochs 2.8 and later. Bookworm has no newer Bochs; trixie's source
# package builds here with nothing but g++, make and patch. One patch of
# ours (bochs-boundary-exit-rip.patch, which says why) fixes the guest RIP
# Bochs saves at an external-interrupt VM exit on a 2-CPU machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache_root=${CAPPSULE_CACHE:-/var/cache/cappsule}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
pool=pool/main/b/bochs
# The upstream tarball of Debian's bochs 3.0+dfsg-1 (trixie), by SHA-256:
# what is built is what was reviewed, whatever the mirror serves. (Debian's
# own patches change only default paths and the documentation's build.)
files=(
	"bochs_3.0+dfsg.orig.tar.xz 78f6c73d4a6472d5130a87ab9dc306d02c7c71ed8e25b3a8ef642e2a7acd282b"
)
patchfile=$here/bochs-boundary-exit-rip.patch
# What the tests need: x86-64, SMP, VMX level 2 (EPT, VPID, unrestricted
# guest) on a Skylake-X CPU model, PCI, no sound, no GUI but the built-in
# RFB server (the machines are headless). No debugger: the machine starts
# at once, and its SMP loop is the plain one.
configure=(--with-rfb --without-x11 --without-x --enable-x86-64 --enable-smp
	--enable-vmx=2 --enable-svm --enable-avx --enable-evex --enable-cet
	--enable-cpu-level=6 --enable-pci --enable-a20-pin --enable-fpu
	--enable-all-optimizations --enable-repeat-speedups --disable-debugger
	--enable-protection-keys --enable-memtype --disable-plugins --disable-readline)

key=$( (printf '%s\n' "${files[@]}" "${configure[@]}"; cat "$0" "$patchfile") | sha256sum | cut -c1-16)
dir="$cache_root/bochs-$key"
if [ -x "$dir/bochs" ]; then echo "$dir/bochs"; exit 0; fi

log="$cache_root/bochs-$key.log"
mkdir -p "$cache_root"
# One build at a time per key: a second caller waits, then finds it done.
exec 9>"$cache_root/bochs-$key.lock"
flock 9
if [ -x "$dir/bochs" ]; then echo "$dir/bochs"; exit 0; fi
rm -rf "$dir" && mkdir -p "$dir/src"
echo "build-bochs: building Bochs 3.0 from Debian's source package, patched ($key, log: $log)" >&2
start=$(date +%s)
{
	for f in "${files[@]}"; do
		name=${f% *} sum=${f#* }
		curl -fsS --retry 3 -o "$dir/$name" "$mirror/$pool/$name"
		echo "$sum  $dir/$name" | sha256sum -c -
	done
	tar -C "$dir/src" --strip-components=1 -xf "$dir/bochs_3.0+dfsg.orig.tar.xz"
	cd "$dir/src"
	patch -p1 < "$patchfile"
	./configure "${configure[@]}"
	make -j"$(nproc)"
} > "$log" 2>&1 || {
	echo "build-bochs: FAILED, see $log" >&2
	tail -20 "$log" >&2
	grep -q 'error: 404' "$log" && echo "build-bochs: the mirror no longer has" \
		"bochs 3.0+dfsg-1; update the files (names and SHA-256) in $0" >&2
	exit 1
}
echo "$(( $(date +%s) - start ))" > "$dir/build-seconds"
# The binary is copied last: its presence marks a complete build.
cp "$dir/src/bochs" "$dir/bochs"
rm -rf "$dir/src" "$dir"/*.tar.xz
echo "build-bochs: done in $(cat "$dir/build-seconds") s" >&2
echo "$dir/bochs"
