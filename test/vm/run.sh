#!/usr/bin/env bash
# One emulator boot: QEMU + OVMF or Bochs + OVMF, serial console to a file,
# hard timeout, emulator stopped by PID (Bochs never exits on its own).
#   usage: run.sh qemu|bochs NAME ESP.img TIMEOUT_S [REQUIRED_REGEX...]
# Passes iff the scenario's "CAPPSULE-END passed=N failed=0" (N > 0) is seen
# and every REQUIRED_REGEX matches the serial log. Prints one summary line.
# Output goes to $VM_OUT/NAME (default build/vm/NAME). QEMU_ACCEL=tcg|kvm
# forces QEMU's accelerator (default: kvm when this host can, else tcg);
# QEMU_REBOOT=1 lets the guest reboot (default: a reboot ends the run).
# Bochs: BOCHS_CPUS (default 1), BOCHS_BIN (default the Bochs 3.0 that
# build-bochs.sh builds; bochs-bin is Debian 12's Bochs 2.7, one CPU only),
# BOCHS_RC_EXTRA (lines appended to the machine's bochsrc).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
emu=$1 name=$2 esp=$3 timeout=$4
shift 4
dir=${VM_OUT:-build/vm}/$name
rm -rf "$dir" && mkdir -p "$dir"
log=$dir/serial.log
: > "$log"

start_qemu() {
	local mode=${QEMU_ACCEL:-auto} accel=(-accel tcg -cpu max)
	# Real VT-x with nested VMX: the monitor runs for real.
	if [ "$mode" = auto ] && [ -w /dev/kvm ] && grep -qw vmx /proc/cpuinfo; then mode=kvm; fi
	[ "$mode" = kvm ] && accel=(-accel kvm -cpu host)
	echo "qemu: ${accel[*]}" > "$dir/accel"
	cp /usr/share/OVMF/OVMF_VARS.fd "$dir/vars.fd"
	# QEMU_REBOOT=1: a guest reboot restarts the machine with the same
	# variable store (boot-install-test.sh) instead of ending the run.
	local noreboot=-no-reboot
	[ "${QEMU_REBOOT:-}" = 1 ] && noreboot=
	qemu-system-x86_64 -machine q35 -m 1024 -smp 2 "${accel[@]}" \
		-display none $noreboot -nic none -monitor none \
		-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
		-drive if=pflash,format=raw,file="$dir/vars.fd" \
		-drive format=raw,file="$esp" \
		-serial file:"$log" </dev/null >"$dir/emulator.out" 2>&1 &
}

start_bochs() {
	sed -e "s|@CPUS@|${BOCHS_CPUS:-1}|" -e "s|@ESP@|$(realpath "$esp")|" -e "s|@SERIAL@|$(realpath "$log")|" \
	    -e "s|@BOCHSLOG@|$(realpath "$dir")/bochs.log|" "$here/bochsrc.in" > "$dir/bochsrc"
	local bin=${BOCHS_BIN:-$("$here/build-bochs.sh")}
	# Debian's bochs aborts at start ("buffer overflow detected") when it
	# initialises the sound output; the tests need none. The Bochs of
	# build-bochs.sh has no sound and refuses these lines.
	[ "$(basename "$bin")" != bochs-bin ] || printf 'speaker: enabled=false\nsound: driver=dummy\n' >> "$dir/bochsrc"
	# e.g. BOCHS_RC_EXTRA='debug: action=ignore, cpu1=report' to debug one CPU
	[ -z "${BOCHS_RC_EXTRA:-}" ] || printf '%s\n' "$BOCHS_RC_EXTRA" >> "$dir/bochsrc"
	# A Bochs with its debugger (Debian's) waits for a command first: the
	# command file holds "c" (continue). One without takes no -rc.
	local rc=()
	if "$bin" --help 2>&1 | grep -q -- '^ *-rc '; then
		echo c > "$dir/bochs.cmds"
		rc=(-rc "$dir/bochs.cmds")
	fi
	# A binary, not Debian's /usr/bin/bochs wrapper script: $! is then the
	# emulator itself (the wrapper does exec, but need not).
	"$bin" -q -unlock -f "$dir/bochsrc" "${rc[@]}" </dev/null >"$dir/emulator.out" 2>&1 &
}

# Stops the emulator: TERM, then KILL if it lingers. Also runs when this
# script is interrupted or killed (run-all/demo send TERM), so no emulator
# outlives its run.
pid=
stop_emulator() {
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	pid=
}
trap stop_emulator EXIT
trap 'exit 143' INT TERM

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
# Still running here means end marker or timeout; gone means it stopped by
# itself (Bochs exits on a triple fault or a panic, QEMU on a crash).
how="timeout ${timeout}s"
kill -0 "$pid" 2>/dev/null || how="emulator exited by itself"
stop_emulator
secs=$(( $(date +%s) - t0 ))

verdict=PASS why=
end=$(tr -d '\r' < "$log" | grep -a '^CAPPSULE-END' | tail -1 || true)
if [ -z "$end" ]; then
	verdict=FAIL why="no end marker: $how"
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
	tr -d '\r' < "$log" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g' | grep -av '^\s*$' | tail -40 || true
	# The emulator's own last words (Bochs: "Bochs is exiting with the
	# following message: ..."; QEMU: its error), minus Bochs's start-up chatter.
	echo "--- last lines of $dir/emulator.out:"
	grep -av '^[0-9]*i\[' "$dir/emulator.out" | tail -12 || true
	[ -f "$dir/bochs.log" ] && { grep -a -E 'VMFAIL|VMENTER FAIL' "$dir/bochs.log" | head -5 || true; }
	exit 1
fi
