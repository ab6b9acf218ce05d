#!/usr/bin/env bash
# Installs the cappsule .deb into a fresh Debian 12 chroot and checks that
# it installs cleanly: files in place, the `cappsule` group, the udev rule,
# the systemd unit, and the shim built by DKMS for the chroot's kernel
# headers (`dkms status`).
#   usage: deb-chroot-test.sh PATH/cappsule_VERSION_amd64.deb
# The chroot base (debootstrap minbase plus the packages the .deb needs) is
# built once and cached as a tar under $CAPPSULE_CACHE (default
# /var/cache/cappsule), keyed by everything that goes into it: suite,
# mirror, variant, package list and the recipe below. Each run unpacks a
# fresh copy under /tmp and deletes it afterwards. Needs root.
set -euo pipefail
deb=$(realpath "$1")
cache=${CAPPSULE_CACHE:-/var/cache/cappsule}
suite=bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
variant=minbase
# What the package depends on, plus the kernel headers DKMS builds against.
include=linux-headers-amd64,dkms,efibootmgr,adduser,kmod
recipe_version=1   # bump when the way the base is made changes

[ "$(id -u)" -eq 0 ] || { echo "deb-chroot-test: needs root (debootstrap, chroot)" >&2; exit 1; }
[ -f "$deb" ] || { echo "deb-chroot-test: no such package: $1" >&2; exit 1; }
key=$(printf '%s\n' "$suite" "$mirror" "$variant" "$include" "$recipe_version" | sha256sum | cut -c1-16)
base=$cache/chroot-$suite-$key.tar
t0=$(date +%s)

mkdir -p "$cache"
exec 8>"$cache/chroot-$suite-$key.lock"
flock 8
if [ ! -f "$base" ]; then
	echo "deb-chroot-test: building the $suite base $key (once; several minutes)" >&2
	work=$(mktemp -d /tmp/cappsule-debootstrap.XXXXXX)
	if ! debootstrap --variant="$variant" --include="$include" "$suite" "$work/root" "$mirror" \
		> "$cache/chroot-$suite-$key.log" 2>&1; then
		echo "deb-chroot-test: debootstrap failed, see $cache/chroot-$suite-$key.log" >&2
		tail -15 "$cache/chroot-$suite-$key.log" >&2
		rm -rf "$work"; exit 1
	fi
	rm -f "$work"/root/var/cache/apt/archives/*.deb
	tar -C "$work/root" -cf "$base.tmp" .
	mv "$base.tmp" "$base"
	rm -rf "$work"
	echo "deb-chroot-test: base ready in $(( $(date +%s) - t0 )) s" >&2
fi
flock -u 8

# ------------------------------------------------------------- the test --
root=$(mktemp -d /tmp/cappsule-chroot.XXXXXX)
cleanup() {
	umount "$root/proc" 2>/dev/null || true
	# Never delete through a mount that is still there.
	if grep -q " $root/" /proc/mounts; then
		echo "deb-chroot-test: $root still has mounts; not deleting it" >&2
	else
		rm -rf --one-file-system "$root"
	fi
}
trap cleanup EXIT
t1=$(date +%s)
tar -C "$root" -xf "$base"
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
pass=0 failed=0
check() {
	local name=$1; shift
	if out=$("$@" 2>&1); then pass=$((pass + 1)); echo "  PASS $name"
	else failed=$((failed + 1)); echo "  FAIL $name"; echo "$out" | tail -15 | sed 's/^/      | /'; fi
}
# check_output NAME REGEX CMD...: CMD succeeds and its output matches REGEX
check_output() {
	local name=$1 re=$2; shift 2
	if out=$("$@" 2>&1) && grep -qE -- "$re" <<< "$out"; then pass=$((pass + 1)); echo "  PASS $name"
	else failed=$((failed + 1)); echo "  FAIL $name: no /$re/"; echo "$out" | tail -15 | sed 's/^/      | /'; fi
}
kver=$(ls "$root/lib/modules" | sort -V | tail -1)
echo "deb-chroot-test: $suite chroot in $root (kernel headers $kver), unpacked in $(( $(date +%s) - t1 )) s"

check dpkg-install in_root dpkg -i "/tmp/$(basename "$deb")"
echo "$out" | grep -iE 'dkms|building|error' | sed 's/^/      /' | head -12
check_output package-installed '^install ok installed$' in_root dpkg-query -W -f='${Status}\n' cappsule
check_output dkms-built-for-headers "^hostshim/[0-9.]+, $kver, x86_64: installed" in_root dkms status
echo "      dkms status: $out"
check module-file sh -c "ls $root/lib/modules/$kver/updates/dkms/hostshim.ko*"
check_output module-info '^name: +hostshim' in_root modinfo -k "$kver" hostshim
check group-cappsule in_root getent group cappsule
check_output virt-runs '^virt 0\.1\.0$' in_root virt --version
check_output cappsule-boot-runs '^cappsule-boot 0\.1\.0$' in_root cappsule-boot --version
check cappsule-efi test -s "$root/usr/lib/cappsule/cappsule.efi"
check udev-rule grep -q 'KERNEL=="cappsule", GROUP="cappsule", MODE="0660"' "$root/lib/udev/rules.d/60-cappsule.rules"
check systemd-unit grep -q '^ExecStart=/sbin/modprobe hostshim$' "$root/lib/systemd/system/cappsule-shim.service"
check unit-enabled test -L "$root/etc/systemd/system/multi-user.target.wants/cappsule-shim.service"
check policies-dir test -f "$root/etc/cappsule/README"
check policies-shipped test -f "$root/etc/cappsule/policies/default.json" -a -f "$root/etc/cappsule/policies/browser.json"
check policies-conffiles grep -q '^/etc/cappsule/policies/default.json$' "$root/var/lib/dpkg/info/cappsule.conffiles"
check policies-valid in_root virt policies
check man-pages test -f "$root/usr/share/man/man1/virt.1.gz" -a -f "$root/usr/share/man/man8/cappsule-boot.8.gz"
check bash-completion test -f "$root/usr/share/bash-completion/completions/virt" -a -f "$root/usr/share/bash-completion/completions/cappsule-boot"
check dpkg-remove in_root dpkg --purge cappsule
check_output dkms-cleaned-up '^$' in_root dkms status
check module-file-gone test ! -e "$root/lib/modules/$kver/updates/dkms/hostshim.ko"
echo "deb-chroot-test: passed=$pass failed=$failed, $(( $(date +%s) - t0 )) s"
[ "$failed" -eq 0 ]
