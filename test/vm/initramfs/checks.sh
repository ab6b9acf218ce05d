# Check helpers for emulator scenarios (sourced by /init).
#   check NAME CMD...              passes if CMD exits 0
#   check_fails NAME CMD...        passes if CMD exits non-zero
#   check_output NAME REGEX CMD... passes if CMD's output matches REGEX
# Results are kept in a file and printed by `report` in one block at the
# end, when nothing else writes to the serial console, as
#   CAPPSULE-RESULT <name> PASS|FAIL <detail>
#   CAPPSULE-END passed=N failed=M
RESULTS=/tmp/results
: > "$RESULTS"

result() { echo "CAPPSULE-RESULT $1 $2 $3" >> "$RESULTS"; echo "  $2 $1"; }
pass() { result "$1" PASS "$2"; }
fail() { result "$1" FAIL "$2"; }

check() {
	name=$1; shift
	if out=$("$@" 2>&1); then pass "$name" ""; else fail "$name" "exit $?: $(echo "$out" | tail -1)"; fi
}

check_fails() {
	name=$1; shift
	if out=$("$@" 2>&1); then fail "$name" "succeeded: $(echo "$out" | tail -1)"; else pass "$name" ""; fi
}

check_output() {
	name=$1; re=$2; shift 2
	out=$("$@" 2>&1)
	if echo "$out" | grep -qE "$re"; then pass "$name" ""; else fail "$name" "no /$re/ in: $(echo "$out" | tr '\n' ' ' | cut -c1-160)"; fi
}

# Bytes the first UART has sent so far (0 if the kernel does not say).
uart_tx() { sed -n 's/^0:.* tx:\([0-9]*\).*/\1/p' /proc/tty/driver/serial 2>/dev/null || echo 0; }

# Waits until the UART has sent nothing new for a second (at most 60 s):
# the power must not go while the results are still on their way out.
uart_drain() {
	last=-1 i=0
	while [ "$i" -lt 60 ]; do
		now=$(uart_tx)
		[ "$now" = "$last" ] && return
		last=$now i=$((i + 1))
		sleep 1
	done
}

report() {
	sync
	sleep 1   # let the monitor's and the kernel's last lines drain first
	cat "$RESULTS"
	echo "CAPPSULE-END passed=$(grep -c ' PASS ' "$RESULTS") failed=$(grep -c ' FAIL ' "$RESULTS")"
	uart_drain
}
