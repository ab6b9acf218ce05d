#!/usr/bin/env bash
# One emulator boot: QEMU + OVMF or Bochs + OVMF, serial console to a file,
# hard timeout, emulator stopped by PID (Bochs never exits on its own).
#   usage: run.sh qemu|bochs NAME ESP.img TIMEOUT_S [REQUIRED_REGEX...]
# Passes iff the scenario's "CAPPSULE-END passed=N failed=0" (N > 0) is seen
# and every REQUIRED_REGEX matches the serial log. Prints one summary line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
emu=$1 name=$2 esp=$3 timeout=$4
shift 4
dir=${VM_OUT:-build/vm}/$name
rm -rf "$dir" && mkdir -p "$dir"
log=$dir/serial.log
: > "$log"

start_qemu() {
	local accel=(-accel tcg -cpu max)
	# Real VT-x with nested VMX: the monitor runs for real.
	if [ -w /dev/kvm ] && grep -qw vmx /proc/cpuinfo; then accel=(-accel kvm -cpu host); fi
	cp /usr/share/OVMF/OVMF_VARS.fd "$dir/vars.fd"
	qemu-system-x86_64 -machine q35 -m 1024 -smp 2 "${accel[@]}" \
		-display none -no-reboot -nic none -monitor none \
		-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
		-drive if=pflash,format=raw,file="$dir/vars.fd" \
		-drive format=raw,file="$esp" \
		-serial file:"$log" </dev/null >"$dir/emulator.out" 2>&1 &
}

start_bochs() {
	sed -e "s|@ESP@|$(realpath "$esp")|" -e "s|@SERIAL@|$(realpath "$log")|" \
	    -e "s|@BOCHSLOG@|$(realpath "$dir")/bochs.log|" "$here/bochsrc.in" > "$dir/bochsrc"
	echo c > "$dir/bochs.cmds"
	bochs -q -unlock -f "$dir/bochsrc" -rc "$dir/bochs.cmds" </dev/null >"$dir/emulator.out" 2>&1 &
}

t0=$(date +%s)
case $emu in
qemu) start_qemu ;;
bochs) start_bochs ;;
*) echo "run.sh: unknown emulator $emu" >&2; exit 2 ;;
esac
pid=$!
while kill -0 "$pid" 2>/dev/null && [ $(( $(date +%s) - t0 )) -lt "$timeout" ]; do
	grep -aq '^CAPPSULE-END' "$log" && break
	sleep 2
done
sleep 1
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
secs=$(( $(date +%s) - t0 ))

verdict=PASS why=
end=$(tr -d '\r' < "$log" | grep -a '^CAPPSULE-END' | tail -1 || true)
if [ -z "$end" ]; then
	verdict=FAIL why="no end marker (timeout ${timeout}s or crash)"
elif ! echo "$end" | grep -qE 'passed=[1-9][0-9]* failed=0$'; then
	verdict=FAIL why="$end"
fi
for re in "$@"; do
	grep -aqE "$re" "$log" || { verdict=FAIL; why="$why; missing /$re/"; }
done
tr -d '\r' < "$log" | grep -a '^CAPPSULE-RESULT' | sed 's/^/  /' || true
echo "vm: $name $verdict ${secs}s log=$log${why:+ ($why)}"
if [ "$verdict" = FAIL ]; then
	echo "--- last lines of $log:"
	tr -d '\r' < "$log" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g' | grep -av '^\s*$' | tail -40
	[ -f "$dir/bochs.log" ] && grep -a VMFAIL "$dir/bochs.log" | head -5
	exit 1
fi
