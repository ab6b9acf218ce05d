#!/usr/bin/env bash
# Installs every Debian 12 package that building Cappsule and running its
# tests and demo need. Safe to run again. Needs root (or sudo).
#   --list   only print the package names (one list for this script and CI)
set -euo pipefail

packages=(
	build-essential gnu-efi nasm libcmocka-dev       # loader, monitor, unit tests
	clang libclang-rt-14-dev                         # libFuzzer targets
	linux-headers-amd64 libelf-dev                   # hostshim.ko, stock headers
	linux-source-6.1 bc flex bison libssl-dev        # the emulator test kernel
	qemu-system-x86 ovmf                             # QEMU + OVMF runs
	bochs bochsbios vgabios curl patch               # Bochs runs (curl, patch: build-bochs.sh)
	mtools dosfstools cpio busybox-static            # ESP and initramfs images
	debhelper dh-dkms lintian debootstrap            # make deb and its chroot test
	efibootmgr fdisk bash-completion                 # cappsule-boot tests: QEMU guest, GPT image, completion
)

if [ "${1:-}" = --list ]; then
	echo "${packages[@]}"
	exit 0
fi
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${packages[@]}"
