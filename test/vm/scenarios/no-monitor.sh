# Scenario for a machine without VMX (QEMU TCG): the loader ran, could not
# start the monitor, recorded why, and chain-loaded Linux all the same.

# /init runs as PID 1 with /proc mounted: user space was reached.
check_output userspace-reached '^init$' cat /proc/1/comm
# Skip-free: a missing binary must fail here, not turn the "refused" checks
# below into passes (insmod of a missing file fails too).
check virt-present test -x /bin/virt
check cpuid-helper-present test -x /bin/cpuid_each_cpu
check shim-present test -f /lib/modules/hostshim.ko
check_output cmdline-from-loader 'cappsule\.scenario=no-monitor' cat /proc/cmdline
check_output virt-version '^virt 0\.1\.0$' virt --version
check_fails virt-status-exit virt status
check_output virt-status-no-monitor 'no Cappsule monitor is running' virt status
check_output loader-recorded-no-vmx 'loader record: not started: no VMX' virt status
check_output virt-status-json '"loader_status":"not started: no VMX' virt status --json
check_fails shim-refuses insmod /lib/modules/hostshim.ko
check_output shim-says-why 'cappsule: no Cappsule monitor' dmesg
check_fails cpuid-no-signature cpuid_each_cpu
check_fails virt-log-no-shim virt log
check_output virt-log-says-how "host shim is not loaded: run 'modprobe hostshim'" virt log
check_fails no-device test -e /dev/cappsule
