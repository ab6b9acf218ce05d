#!/usr/bin/env bash
# Builds a FAT32 ESP image (no partition table; OVMF mounts it as FS0:).
#   usage: mkesp.sh OUT.img ESP_PATH=HOST_FILE...
# e.g. /EFI/BOOT/BOOTX64.EFI=build/cappsule.efi
set -euo pipefail
out=$1; shift
rm -f "$out"
dd if=/dev/zero of="$out" bs=1M count=64 status=none
mkfs.vfat -F 32 -n CAPPSULE "$out" >/dev/null
for spec in "$@"; do
	dst=${spec%%=*} src=${spec#*=}
	dir=$(dirname "$dst")
	# mmd fails on existing folders: create each level once.
	p=
	for part in ${dir//\// }; do
		p="$p/$part"
		mmd -i "$out" "::$p" 2>/dev/null || true
	done
	mcopy -i "$out" "$src" "::$dst"
done
