#!/usr/bin/env bash
# Builds the test initramfs: busybox, /init, the scenarios, and the binaries
# the scenarios use (virt, guest helpers, and for the test kernel hostshim.ko
# and the ring-0 attack test module ring0_attack.ko).
#   usage: mkinitramfs.sh OUT.img BUILD_DIR SHIM_KO ATTACK_KO
set -euo pipefail
umask 022	# modes as installed: a user other than root runs the tools
here=$(cd "$(dirname "$0")" && pwd)
out=$1 build=$2 shim=$3 attack=$4
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib/modules,scenarios}
cp /bin/busybox "$root/bin/busybox"
cp "$here/initramfs/init" "$root/init"
cp "$here/initramfs/checks.sh" "$root/lib/checks.sh"
cp "$here"/scenarios/*.sh "$root/scenarios/"
cp "$build/virt-static" "$root/bin/virt"
cp "$build"/guest/* "$root/bin/"
cp "$shim" "$root/lib/modules/hostshim.ko"
cp "$attack" "$root/lib/modules/ring0_attack.ko"
# The shipped file-view policies, where the package installs them.
mkdir -p "$root/etc/cappsule/policies"
cp "$here"/../../tools/policies/*.json "$root/etc/cappsule/policies/"
# Modes as on an installed system (mktemp made the root 0700): the file
# server of a root-run cappsule is nobody, and must be able to walk in.
chmod 0755 "$root"
chmod 1777 "$root/tmp"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) > "$out"
