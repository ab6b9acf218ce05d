#!/usr/bin/env bash
# Unit-style tests of tools/cappsule-boot on this host, against a fake ESP
# folder, a fake efivarfs folder, fake sysfs/mountinfo and the efibootmgr
# test double (fake-efibootmgr, for failure injection). Every failure case
# checks that the boot configuration (every variable, byte for byte) and the
# ESP (every file, byte for byte) are exactly as before. The real
# install -> reboot -> remove runs in QEMU (test/vm/boot-install-test.sh).
# Needs root only for the "ESP full" cases (a size-limited tmpfs).
set -uo pipefail
cd "$(dirname "$0")/../.."
CB=$PWD/tools/cappsule-boot
FAKE=$PWD/test/pkg/fake-efibootmgr
T=$(mktemp -d /tmp/cappsule-boot-test.XXXXXX)
mounted=()
cleanup() { for m in "${mounted[@]}"; do umount "$m" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
G=8be4df61-93ca-11d2-aa0d-00e098032b8c
pass=0 failed=0
ok() { pass=$((pass + 1)); echo "  PASS $1"; }
bad() { failed=$((failed + 1)); echo "  FAIL $1: $2"; [ -n "${out:-}" ] && sed 's/^/      | /' <<< "$out"; }

# A fresh machine: ESP at $T/esp (partition 1 of sda), entries Boot0000
# "debian" (shim) and Boot0001 "Linux" (a kernel with text load options),
# BootOrder 0001,0000, BootCurrent 0001, Secure Boot off, and the loader
# record of a boot where the monitor did not start.
setup() {
	rm -rf "$T/m" && mkdir -p "$T/m/efivars" "$T/m/esp/EFI/debian" "$T/m/esp/EFI/linux" \
		"$T/m/sys/devices/pci0000:00/ata1/block/sda/sda1" "$T/m/sys/dev/block"
	esp=${1:-$T/m/esp}
	mkdir -p "$esp/EFI/debian" "$esp/EFI/linux"
	echo shim > "$esp/EFI/debian/shimx64.efi"
	echo kernel > "$esp/EFI/linux/vmlinuz.efi"
	echo 1 > "$T/m/sys/devices/pci0000:00/ata1/block/sda/sda1/partition"
	ln -s ../../devices/pci0000:00/ata1/block/sda/sda1 "$T/m/sys/dev/block/8:1"
	printf '36 25 8:1 / %s rw,relatime shared:1 - vfat /dev/sda1 rw\n' "$esp" > "$T/m/mountinfo"
	printf '37 25 0:5 / %s rw - tmpfs tmpfs rw\n' "$T/m/notesp" >> "$T/m/mountinfo"
	export CAPPSULE_SYSFS=$T/m/sys CAPPSULE_EFIVARS=$T/m/efivars CAPPSULE_MOUNTINFO=$T/m/mountinfo
	export CAPPSULE_EFIBOOTMGR=$FAKE CAPPSULE_EFI_IMAGE=$T/cappsule.efi FAKE_EFIBOOTMGR_FAIL=
	unset CAPPSULE_BOOT_NO_SPACE_CHECK
	$FAKE -c -d /dev/sda -p 1 -L debian -l '\EFI\debian\shimx64.efi'
	$FAKE -c -d /dev/sda -p 1 -L Linux -l '\EFI\linux\vmlinuz.efi' --data 'initrd=\EFI\linux\initrd.img console=ttyS0'
	$FAKE --set-current 0001
	printf '\x07\x00\x00\x00\x00' > "$T/m/efivars/SecureBoot-$G"
	printf '\x06\x00\x00\x00not started: no VMX (CPUID.1:ECX.VMX is 0)' \
		> "$T/m/efivars/CappsuleStatus-9d8963a7-049b-45bb-be51-aa3ec26078a0"
}
# Everything that must not change: each variable's bytes, each ESP file's.
snap() { (cd "$T/m/efivars" && sha256sum -- * | sort; cd "$esp" && find . | sort; find . -type f -exec sha256sum {} + | sort); }
order() { od -An -v -tx1 "$T/m/efivars/BootOrder-$G" | tr -d ' \n'; }
# run NAME WANT_RC CMD... ; then "unchanged NAME" or other checks
run() {
	name=$1 want=$2; shift 2
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" -ne "$want" ]; then bad "$name" "exit $rc, wanted $want"; return 1; fi
	return 0
}
# cappsule-boot CMD --esp $esp ARGS...
cb() { local c=$1; shift; "$CB" "$c" --esp "$esp" "$@"; }
unchanged() { if [ "$(snap)" = "$before" ]; then ok "$1"; else bad "$1" "boot configuration or ESP changed"; diff <(echo "$before") <(snap) | head -10; fi; }
has_out() { grep -qE -- "$2" <<< "$out" && ok "$1" || bad "$1" "no /$2/ in the output"; }

{ printf 'MZ'; head -c 200000 /dev/urandom; } > "$T/cappsule.efi"

echo "cappsule-boot host tests (fake ESP, efivarfs, efibootmgr)"
# ---- happy path: install, status, remove
setup; before=$(snap); order0=$(order)
if run install-ok 0 cb install; then
	has_out install-says-entry 'boot entry Boot0002 "Cappsule"; BootOrder was 0001,0000, is now 0002,0001,0000'
	cmp -s "$T/cappsule.efi" "$esp/EFI/cappsule/cappsule.efi" && ok install-copied-efi || bad install-copied-efi "differs"
	grep -qx 'next_stage = \\EFI\\linux\\vmlinuz.efi' "$esp/EFI/cappsule/cappsule.conf" && ok install-conf-next-stage || bad install-conf-next-stage "$(cat "$esp/EFI/cappsule/cappsule.conf")"
	grep -qx 'cmdline = initrd=\\EFI\\linux\\initrd.img console=ttyS0' "$esp/EFI/cappsule/cappsule.conf" && ok install-conf-cmdline || bad install-conf-cmdline "$(cat "$esp/EFI/cappsule/cappsule.conf")"
	ls "$esp/EFI/cappsule/" | grep -q '\.new$' && bad install-no-temp-files "left" || ok install-no-temp-files
fi
run status-installed 0 cb status && has_out status-installed 'boot entry: +Boot0002 "Cappsule", first in BootOrder 0002,0001,0000'
has_out status-loader-record 'loader record: +not started: no VMX'
run install-twice 5 cb install && has_out install-twice-says 'already installed'
if run remove-ok 0 cb remove; then
	[ "$(order)" = "$order0" ] && ok remove-restores-bootorder || bad remove-restores-bootorder "$(order) != $order0"
	unchanged remove-leaves-all-as-before
fi
run remove-twice 5 cb remove && has_out remove-twice-says 'not installed'

# ---- failures leave everything as it was
setup; before=$(snap)
run no-esp-mounted 3 $CB install --esp "$T/m/efivars" && has_out no-esp-says 'not a mount point'; unchanged no-esp-unchanged
mkdir -p "$T/m/notesp"; run esp-not-vfat 3 $CB install --esp "$T/m/notesp" && has_out esp-not-vfat-says 'not the vfat'; unchanged esp-not-vfat-unchanged
sed -i 's|/ .* rw,relatime|/ /nonexistent rw,relatime|' "$T/m/mountinfo"
run no-esp-default 3 $CB install && has_out no-esp-default-says 'no EFI system partition mounted'
setup; before=$(snap)
run bad-option 2 cb install --frobnicate && has_out bad-option-says "unknown argument '--frobnicate'"
run bad-command 2 $CB explode
run next-stage-relative 2 cb install --next-stage 'EFI\debian\grubx64.efi'
run next-stage-dotdot 2 cb install --next-stage '\EFI\..\grubx64.efi'
run next-stage-space 2 cb install --next-stage '\EFI\my loader.efi'
run next-stage-missing 3 cb install --next-stage '\EFI\debian\grubx64.efi' && has_out next-stage-missing-says 'not found on the ESP'
echo 'not a PE' > "$T/notpe.efi"
run efi-not-pe 2 cb install --efi "$T/notpe.efi"
run cmdline-nonascii 2 cb install --cmdline "$(printf 'quiet \001')"
run help 0 $CB --help && has_out help-lists-exit-codes 'Exit status'
unchanged bad-input-unchanged

setup; before=$(snap)
printf '\x07\x00\x00\x00\x01' > "$T/m/efivars/SecureBoot-$G"; before=$(snap)
run secure-boot-refused 4 cb install && has_out secure-boot-says 'enroll it as a MOK'
unchanged secure-boot-unchanged
run secure-boot-force 0 cb install --force && ok secure-boot-force-installs

setup; before=$(snap)
$FAKE --set-current 0000; before=$(snap)
run other-current 0 cb install && grep -qx 'next_stage = \\EFI\\debian\\shimx64.efi' "$esp/EFI/cappsule/cappsule.conf" &&
	! grep -q cmdline "$esp/EFI/cappsule/cappsule.conf" && ok install-shim-no-cmdline

setup; $FAKE --set-current 0007; before=$(snap)
run current-entry-missing 3 cb install && unchanged current-entry-missing-unchanged

# efibootmgr fails at each step
for f in create create-late noprepend,order; do
	setup; before=$(snap)
	FAKE_EFIBOOTMGR_FAIL=$f run "efibootmgr-fails-$f" 1 cb install && has_out "efibootmgr-fails-$f-rolls-back" 'boot configuration unchanged'
	unchanged "efibootmgr-fails-$f-unchanged"
done
setup; before=$(snap)
FAKE_EFIBOOTMGR_FAIL=create-late,delete run rollback-impossible 6 cb install && has_out rollback-impossible-says 'ROLLBACK INCOMPLETE: .*efibootmgr -b NNNN -B'

# remove fails midway: entry delete refused -> BootOrder put back, files kept
setup; cb install >/dev/null 2>&1; before=$(snap)
FAKE_EFIBOOTMGR_FAIL=delete run remove-delete-fails 1 cb remove && unchanged remove-delete-fails-unchanged
# the user reordered after install: remove drops only our entry
$FAKE -o 0000,0002,0001
run remove-after-reorder 0 cb remove
[ "$(od -An -v -tx1 "$T/m/efivars/BootOrder-$G" | tr -s ' \n' ' ' | sed 's/^ //;s/ $//')" = "07 00 00 00 00 00 01 00" ] && ok remove-after-reorder-keeps-user-order || bad remove-after-reorder-keeps-user-order "$(order)"

# ESP full (tmpfs with a size limit), before anything is written and midway
if [ "$(id -u)" -eq 0 ]; then
	mkdir -p "$T/small"
	# room for the shim and kernel stubs but not for cappsule.efi
	mount -t tmpfs -o size=64k tmpfs "$T/small" && mounted+=("$T/small")
	setup "$T/small"; before=$(snap)
	run esp-full 3 cb install && has_out esp-full-says 'KiB free' ; unchanged esp-full-unchanged
	# skip the free-space check: the copy itself fails (ENOSPC) and is undone
	CAPPSULE_BOOT_NO_SPACE_CHECK=1 run esp-full-midway 1 cb install && has_out esp-full-midway-says 'cannot write'
	unchanged esp-full-midway-unchanged
	umount "$T/small"; mounted=()
	# room for cappsule.efi but not for its config: fails after the first file
	pages=$(( ($(stat -c %s "$T/cappsule.efi") + 4095) / 4096 + 2 ))
	mount -t tmpfs -o size=$((pages * 4))k tmpfs "$T/small" && mounted+=("$T/small")
	setup "$T/small"; before=$(snap)
	CAPPSULE_BOOT_NO_SPACE_CHECK=1 run esp-full-after-efi 1 cb install && has_out esp-full-after-efi-says 'cannot write .*cappsule.conf'
	unchanged esp-full-after-efi-unchanged
	umount "$T/small"; mounted=()
else
	bad esp-full "needs root (tmpfs mount)"
fi

# bash completion (packaging/bash-completion), with bash-completion's helpers
comp() {
	PATH=$PWD/${B:-build}:$PATH bash -c '. /usr/share/bash-completion/bash_completion
		. packaging/bash-completion/virt; . packaging/bash-completion/cappsule-boot
		COMP_LINE=$1; COMP_POINT=${#1}; read -ra COMP_WORDS <<< "$1"
		[ "${1: -1}" = " " ] && COMP_WORDS+=("")
		COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); $2; echo "${COMPREPLY[*]}"' _ "$1" "$2"
}
[ "$(comp 'cappsule-boot ' _cappsule_boot)" = "install status remove --help --version" ] && ok completion-cappsule-boot || bad completion-cappsule-boot "$(comp 'cappsule-boot ' _cappsule_boot)"
[ "$(comp 'cappsule-boot install --n' _cappsule_boot)" = "--next-stage" ] && ok completion-cappsule-boot-install || bad completion-cappsule-boot-install "$(comp 'cappsule-boot install --n' _cappsule_boot)"
if [ -x "${B:-build}/virt" ]; then
	comp 'virt ' _virt | grep -qw status && ok completion-virt-commands || bad completion-virt-commands "$(comp 'virt ' _virt)"
	[ "$(comp 'virt status --j' _virt)" = "--json" ] && ok completion-virt-options || bad completion-virt-options "$(comp 'virt status --j' _virt)"
else
	bad completion-virt "build/virt missing (make build/virt)"
fi

echo "cappsule-boot host tests: passed=$pass failed=$failed"
[ "$failed" -eq 0 ]
