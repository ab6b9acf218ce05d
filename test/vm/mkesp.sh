#!/usr/bin/env bash
# Builds a FAT32 ESP image (no partition table; OVMF mounts it as FS0:).
#   usage: mkesp.sh OUT.img [--conf FILE] [--extra] ESP_PATH=HOST_FILE...
# e.g. /EFI/BOOT/BOOTX64.EFI=build/cappsule.efi; --conf FILE is short for
# /EFI/cappsule/cappsule.conf=FILE (the loader's default config path), and
# --extra is an optional prefix for one ESP_PATH=HOST_FILE.
set -euo pipefail
out=$1; shift
specs=()
while [ $# -gt 0 ]; do
	case $1 in
	--conf) specs+=("/EFI/cappsule/cappsule.conf=$2"); shift 2 ;;
	--extra) specs+=("$2"); shift 2 ;;
	*=*) specs+=("$1"); shift ;;
	*) echo "mkesp.sh: bad argument '$1' (want ESP_PATH=HOST_FILE)" >&2; exit 2 ;;
	esac
done
rm -f "$out"
dd if=/dev/zero of="$out" bs=1M count=64 status=none
mkfs.vfat -F 32 -n CAPPSULE "$out" >/dev/null
for spec in "${specs[@]}"; do
	dst=${spec%%=*} src=${spec#*=}
	dir=$(dirname "$dst")
	# mmd fails on existing folders: create each level once.
	p=
	for part in ${dir//\// }; do
		p="$p/$part"
		mmd -i "$out" "::$p" 2>/dev/null || true
	done
	# -o: a path given twice is overwritten (last wins) instead of mcopy
	# asking on the terminal.
	mcopy -o -i "$out" "$src" "::$dst"
done
