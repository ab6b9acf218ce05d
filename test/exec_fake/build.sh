#!/bin/sh
# Builds test/exec_fake/exec_fake into $B/exec_fake (see fake_shim.c).
set -e
B=${B:-build}
FK="-std=c11 -O1 -g -Wall -Wextra -Werror -I. -D_GNU_SOURCE -fsanitize=address,undefined -fno-sanitize-recover=all"
mkdir -p "$B/exec_fake"
for f in virt_exec cappsule_init; do
	${CC:-cc} $FK -include test/exec_fake/fake_dev.h -c tools/$f.c -o "$B/exec_fake/$f.o"
done
${CC:-cc} $FK -o "$B/exec_fake/exec_fake" test/exec_fake/fake_shim.c "$B/exec_fake/virt_exec.o" \
	"$B/exec_fake/cappsule_init.o" tools/exec_proto.c tools/init_relay.c tools/shim_device.c \
	tools/exit_report.c tools/json_out.c tools/cappsule_fsview.c tools/mkdir_p.c hostshim/exec_live.c \
	vmx/exit_reasons.c
