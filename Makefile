# Cappsule top-level build.
#
#   make            cappsule.efi (with the monitor embedded), hostshim.ko, virt
#   make unit       cmocka unit tests only (seconds)
#   make test       unit tests, then every emulator scenario (test/vm)
#   make demo       boot under Bochs + OVMF and show what runs there
#
# Everything is built under $(B). Three worlds are compiled here and kept
# apart by their flags: the gnu-efi loader, the freestanding monitor, and
# hosted user space (virt and the unit tests). Pure C files that more than one
# world uses (vmx/vmx_caps.c, efi/config.c, ...) include only <stdint.h>,
# <stddef.h> and <stdbool.h>.

B        ?= build
CC       ?= gcc
LD       ?= ld
OBJCOPY  ?= objcopy
NASM     ?= nasm

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
DEPFLAGS := -MMD -MP   # objects rebuild when a header they include changes

.PHONY: all unit test vmtest demo clean hostshim test-kernel guest-tools fuzz
all: $(B)/cappsule.efi $(B)/hostshim/hostshim.ko $(B)/virt

# Test-only: ACPI tables for the Bochs machine, so Linux sees every CPU there
# (OVMF takes its tables from QEMU's fw_cfg, which Bochs lacks).
include test/vm/acpi/bochs-acpi.mk

# ---------------------------------------------------------------- monitor --
# Freestanding static PIE linked at 0 (linker.ld). Code references are
# RIP-relative; pointers stored in data (handler tables) are fixed up by the
# loader from the image's R_X86_64_RELATIVE table, the only relocation type
# the link step lets through.
MON_C   := vmx/monitor_main.c vmx/vmx_start.c vmx/vmcs_setup.c vmx/host_exits.c \
           vmx/host_env.c vmx/percpu.c vmx/exit_dispatch.c vmx/exit_reasons.c \
           vmx/cpuid_policy.c vmx/guest_policy.c vmx/msr_bitmap.c vmx/vmx_caps.c \
           vmx/hypercalls.c vmx/hypercall_args.c vmx/log_ring.c ept/ram_map.c \
           vmx/host_pool.c ept/page_pool.c vmx/snapshot.c vmx/cappsule.c vmx/cappsule_events.c vmx/cappsule_msr.c ept/cow.c \
           vmx/guest_state.c \
           vmx/vmx_controls.c vmx/serial_log.c vmx/format.c vmx/mem.c \
           ept/ept_identity.c ept/mtrr.c ept/host_ept.c
MON_ASM := vmx/entry.asm vmx/vmexit.asm vmx/host_exceptions.asm
MON_CFLAGS := -std=c11 -O2 $(WARN) -I. -ffreestanding -fno-builtin -nostdlib \
              -fno-stack-protector -fno-asynchronous-unwind-tables \
              -mno-red-zone -mgeneral-regs-only -mno-mmx -mno-sse -mno-sse2 \
              -fpie -fvisibility=hidden -fno-plt -fno-tree-loop-distribute-patterns \
              -DCAPPSULE_MONITOR
MON_OBJS := $(MON_C:%.c=$(B)/mon/%.o) $(MON_ASM:%.asm=$(B)/mon/%.o)

$(B)/mon/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(MON_CFLAGS) $(DEPFLAGS) -c $< -o $@
$(B)/mon/%.o: %.asm
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -o $@ $<
$(B)/monitor.elf: $(MON_OBJS) linker.ld
	$(LD) -nostdlib -static -pie --no-dynamic-linker -z noexecstack \
	      -T linker.ld -o $@ $(MON_OBJS)
	@if readelf -rW $@ | grep 'R_X86_64' | grep -qv 'R_X86_64_RELATIVE'; then \
	  echo "monitor.elf: only R_X86_64_RELATIVE relocations are allowed" >&2; \
	  readelf -rW $@ >&2; rm -f $@; exit 1; fi
$(B)/monitor.bin: $(B)/monitor.elf
	$(OBJCOPY) -O binary $< $@

# ----------------------------------------------------------------- loader --
EFI_INC    := /usr/include/efi
EFI_LIB    := /usr/lib
EFI_C      := efi/main.c efi/config.c efi/load_options.c efi/vmx_report.c \
              efi/esp_file.c efi/chainload.c efi/monitor_start.c efi/boot_status.c \
              efi/monitor_image.c efi/ram_collect.c ept/ram_map.c vmx/vmx_caps.c
EFI_CFLAGS := -std=c11 -O2 $(WARN) -Wno-strict-prototypes -I. -I$(EFI_INC) \
              -I$(EFI_INC)/x86_64 -fpic -fshort-wchar -ffreestanding \
              -fno-stack-protector -fno-strict-aliasing -mno-red-zone \
              -maccumulate-outgoing-args -DGNU_EFI_USE_MS_ABI -DCAPPSULE_EFI
EFI_OBJS   := $(EFI_C:%.c=$(B)/efi/%.o) $(B)/efi/monitor_blob.o $(B)/efi/launch.o

$(B)/efi/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(EFI_CFLAGS) $(DEPFLAGS) -c $< -o $@
# The monitor image rides inside cappsule.efi's .data section.
$(B)/efi/monitor_blob.o: efi/monitor_blob.asm $(B)/monitor.bin
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -DMONITOR_BIN='"$(B)/monitor.bin"' -o $@ $<
$(B)/efi/launch.o: efi/launch.asm
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -o $@ $<
$(B)/cappsule.so: $(EFI_OBJS)
	$(LD) -nostdlib -znocombreloc -T $(EFI_LIB)/elf_x86_64_efi.lds -shared \
	      -Bsymbolic -L$(EFI_LIB) $(EFI_LIB)/crt0-efi-x86_64.o $(EFI_OBJS) \
	      -o $@ -lefi -lgnuefi
$(B)/cappsule.efi: $(B)/cappsule.so
	$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
	           -j .rela -j .rel.* -j .rela.* -j .reloc \
	           --target=efi-app-x86_64 --subsystem=10 $< $@

# --------------------------------------------------------------- hostshim --
# kbuild writes its objects next to the sources, so the module is built from
# a copy under $(B). KDIR defaults to Debian's stock headers; the emulator
# harness builds a second copy against the test kernel (KDIR=... B=...).
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
                    $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
SHIM_SRC := $(wildcard hostshim/*.c hostshim/*.h) hostshim/Kbuild vmx/hypercall_abi.h
# $(call kmod,NAME,SOURCES): copies SOURCES into $(B)/NAME and builds
# NAME.ko there with kbuild (W=1); any warning fails the build.
define kmod
	@test -n "$(KDIR)" || { echo "no kernel headers: apt-get install linux-headers-amd64" >&2; exit 1; }
	@mkdir -p $(B)/$(1)
	cp $(2) $(B)/$(1)/
	+$(MAKE) -C $(KDIR) M=$(abspath $(B)/$(1)) W=1 modules 2>&1 | tee $(B)/$(1)/build.log
	@! grep -qi 'warning' $(B)/$(1)/build.log || { echo "$(1): warnings are errors" >&2; rm -f $(B)/$(1)/$(1).ko; exit 1; }
	@test -f $(B)/$(1)/$(1).ko
endef
hostshim: $(B)/hostshim/hostshim.ko
$(B)/hostshim/hostshim.ko: $(SHIM_SRC)
	$(call kmod,hostshim,$(SHIM_SRC))

# The ring-0 attack test module (test/vm/module), for the emulator scenarios
# only: the harness builds it against the test kernel next to the shim.
ATTACK_SRC := test/vm/module/ring0_attack.c test/vm/module/Kbuild vmx/hypercall_abi.h
$(B)/ring0_attack/ring0_attack.ko: $(ATTACK_SRC)
	$(call kmod,ring0_attack,$(ATTACK_SRC))

# ------------------------------------------------------------------ tools --
HOST_CFLAGS := -std=c11 -O2 -g $(WARN) -I. -D_GNU_SOURCE
VIRT_C := tools/virt_fs.c tools/mkdir_p.c tools/fs_server.c tools/fs9p_proto.c tools/virt_main.c tools/virt_cli.c tools/virt_status.c tools/cpuid_probe.c \
          tools/shim_device.c tools/virt_log.c tools/virt_snapshot.c vmx/exit_reasons.c \
          tools/loader_status.c tools/json_out.c tools/exit_report.c tools/exec_proto.c \
          tools/virt_exec.c tools/virt_ps.c tools/cappsule_init.c tools/init_relay.c \
          tools/fs_policy.c tools/fs_policy_load.c tools/virt_policies.c \
          tools/cappsule_fsview.c
$(B)/virt: $(VIRT_C) $(wildcard tools/*.h) vmx/hypercall_abi.h hostshim/cappsule_ioctl.h
	@mkdir -p $(B)
	$(CC) $(HOST_CFLAGS) -o $@ $(VIRT_C)
# A static copy for the emulator's busybox initramfs (no libc there).
$(B)/virt-static: $(VIRT_C) $(wildcard tools/*.h) vmx/hypercall_abi.h hostshim/cappsule_ioctl.h
	@mkdir -p $(B)
	$(CC) $(HOST_CFLAGS) -static -o $@ $(VIRT_C)

# Static helpers that emulator scenarios run inside the guest (test/vm/guest).
GUEST_TOOLS := cpuid_each_cpu vmx_insn_faults hc_malformed cappsule_attacks fs_attacks
$(B)/guest/%: test/vm/guest/%.c test/vm/guest/cases.h vmx/hypercall_abi.h hostshim/cappsule_ioctl.h vmx/exit_reasons.c
	@mkdir -p $(B)/guest
	$(CC) $(HOST_CFLAGS) -static -o $@ $< vmx/exit_reasons.c
guest-tools: $(GUEST_TOOLS:%=$(B)/guest/%)

# ------------------------------------------------------------- unit tests --
# Each test/unit/test_X.c is one cmocka program; UNIT_DEPS_X lists the pure
# sources it tests. Built with ASan/UBSan so a memory bug fails the test.
UNIT_CFLAGS := $(HOST_CFLAGS) -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=all -DCAPPSULE_UNIT_TEST
UNIT_DEPS_config        := efi/config.c
UNIT_DEPS_load_options  := efi/load_options.c efi/config.c
UNIT_DEPS_vmx_caps      := vmx/vmx_caps.c
UNIT_DEPS_vmx_controls  := vmx/vmx_controls.c vmx/vmx_caps.c
UNIT_DEPS_ept_identity  := ept/ept_identity.c
UNIT_DEPS_exit_dispatch := vmx/exit_dispatch.c vmx/exit_reasons.c
UNIT_DEPS_cpuid_policy  := vmx/cpuid_policy.c
UNIT_DEPS_msr_bitmap    := vmx/msr_bitmap.c
UNIT_DEPS_mtrr          := ept/mtrr.c ept/ept_identity.c
UNIT_DEPS_guest_policy  := vmx/guest_policy.c
UNIT_DEPS_cpuid_probe   := tools/cpuid_probe.c vmx/cpuid_policy.c
UNIT_DEPS_loader_status := tools/loader_status.c
UNIT_DEPS_virt_cli      := tools/virt_cli.c tools/fs_policy.c
UNIT_DEPS_format        := vmx/format.c
UNIT_DEPS_monitor_image := efi/monitor_image.c
UNIT_DEPS_ram_map       := ept/ram_map.c
UNIT_DEPS_hypercall_args := vmx/hypercall_args.c ept/ram_map.c ept/page_pool.c
UNIT_DEPS_log_ring      := vmx/log_ring.c
UNIT_DEPS_ioctl_check   := hostshim/ioctl_check.c vmx/hypercall_args.c ept/ram_map.c ept/page_pool.c
UNIT_DEPS_exec_check    := hostshim/exec_check.c
UNIT_DEPS_ring          := hostshim/ring.c
UNIT_DEPS_exec_live     := hostshim/exec_live.c
UNIT_DEPS_page_pool     := ept/page_pool.c
UNIT_DEPS_cow           := ept/cow.c
UNIT_DEPS_cappsule_events := vmx/cappsule_events.c
UNIT_DEPS_cappsule_msr  := vmx/cappsule_msr.c
UNIT_DEPS_exec_proto    := tools/exec_proto.c vmx/exit_reasons.c
UNIT_DEPS_fsview        := tools/cappsule_fsview.c
UNIT_DEPS_fs9p_proto     := tools/fs9p_proto.c
UNIT_DEPS_fs_server     := tools/fs_server.c tools/fs9p_proto.c
UNIT_DEPS_init_relay    := tools/init_relay.c tools/exec_proto.c vmx/exit_reasons.c
UNIT_DEPS_virt_ps       := tools/virt_ps.c tools/exec_proto.c tools/exit_report.c tools/json_out.c \
                           tools/shim_device.c vmx/exit_reasons.c
UNIT_DEPS_shim_device   := tools/shim_device.c
UNIT_DEPS_fs_policy     := tools/fs_policy.c
UNIT_DEPS_fs_policy_load := tools/fs_policy_load.c tools/fs_policy.c
UNIT_DEPS_virt_policies := tools/virt_policies.c tools/fs_policy_load.c tools/fs_policy.c \
                           tools/json_out.c
UNIT_DATA_monitor_image := $(B)/monitor.bin
UNIT_FLAGS_monitor_image := -DMONITOR_BIN_PATH='"$(abspath $(B)/monitor.bin)"'
# The shipped policies are parsed and queried as installed.
UNIT_DATA_fs_policy     := $(wildcard tools/policies/*.json)
UNIT_FLAGS_fs_policy    := -DPOLICY_DIR='"$(abspath tools/policies)"'
UNIT_TESTS := $(patsubst test/unit/test_%.c,%,$(wildcard test/unit/test_*.c))


.SECONDEXPANSION:
$(B)/unit/test_%: test/unit/test_%.c $$(UNIT_DEPS_$$*) $$(UNIT_DATA_$$*) $(wildcard */*.h)
	@mkdir -p $(B)/unit
	$(CC) $(UNIT_CFLAGS) $(UNIT_FLAGS_$*) -o $@ $< $(UNIT_DEPS_$*) -lcmocka

unit: $(UNIT_TESTS:%=$(B)/unit/test_%) bochs-acpi-check
	@fail=0; for t in $(UNIT_TESTS:%=$(B)/unit/test_%); do $$t || fail=1; done; \
	 if [ $$fail -ne 0 ]; then echo "unit tests: FAILED" >&2; exit 1; fi; \
	 echo "unit tests: all passed"

# ------------------------------------------------------------------ fuzzers --
# libFuzzer targets for every parser of less-trusted input; `make fuzz` runs
# each for FUZZ_SECONDS (bounded, part of `make test`).
FUZZ_SECONDS ?= 15
FUZZ_CFLAGS := -std=c11 -O1 -g -I. -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=all -DCAPPSULE_UNIT_TEST
FUZZ_DEPS_config        := efi/config.c
FUZZ_DEPS_load_options  := efi/load_options.c efi/config.c
FUZZ_DEPS_monitor_image := efi/monitor_image.c
FUZZ_DEPS_loader_status := tools/loader_status.c
FUZZ_DEPS_hypercall_args := vmx/hypercall_args.c ept/ram_map.c ept/page_pool.c
FUZZ_DEPS_ioctl_args    := hostshim/ioctl_check.c vmx/hypercall_args.c ept/ram_map.c ept/page_pool.c
FUZZ_DEPS_ring          := hostshim/ring.c
FUZZ_DEPS_exec_live     := hostshim/exec_live.c
FUZZ_DEPS_exec_proto    := tools/exec_proto.c vmx/exit_reasons.c
FUZZ_DEPS_fs_server     := tools/fs_server.c tools/fs9p_proto.c
FUZZ_DEPS_exec_check    := hostshim/exec_check.c
FUZZ_DEPS_fs_policy     := tools/fs_policy.c
FUZZ_TARGETS := $(patsubst test/fuzz/fuzz_%.c,%,$(wildcard test/fuzz/fuzz_*.c))

$(B)/fuzz/fuzz_%: test/fuzz/fuzz_%.c $$(FUZZ_DEPS_$$*) $(wildcard */*.h)
	@mkdir -p $(B)/fuzz
	clang $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_DEPS_$*)

fuzz: $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(B)/fuzz/corpus-$$t; \
	  $(B)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(B)/fuzz/$$t- \
	    $(B)/fuzz/corpus-$$t test/fuzz/seeds/$$t 2>$(B)/fuzz/$$t.log || \
	    { tail -30 $(B)/fuzz/$$t.log; echo "fuzz $$t: FAILED" >&2; exit 1; }; \
	  echo "fuzz $$t: $$(grep -o 'stat::number_of_executed_units: [0-9]*' $(B)/fuzz/$$t.log | cut -d' ' -f2) executions in $(FUZZ_SECONDS) s, no failure"; \
	done

# ------------------------------------------------------ exec without a shim --
# virt exec's relay against the cappsule's init through a fake shim
# (test/exec_fake): ordinary Linux, needs root (namespaces, mounts).
.PHONY: exec-fake
exec-fake:
	B=$(B) test/exec_fake/build.sh
	B=$(B) test/exec_fake/run.sh

# --------------------------------------------------------- emulator tests --
test-kernel:
	@test/vm/build-kernel.sh
vmtest: all $(B)/virt-static guest-tools
	test/vm/run-all.sh
test: unit
	$(MAKE) fuzz
	$(MAKE) vmtest
	$(MAKE) pkgtest
demo: all $(B)/virt-static guest-tools
	test/vm/demo.sh

# -------------------------------------------------------------- packaging --
# `make deb`: the Debian package (debian/), built by dpkg-buildpackage in a
# copy of this tree under $(B)/deb (it writes its outputs next to the source
# folder), then checked by lintian: errors fail, warnings are shown.
# `make pkgtest`: cappsule-boot against fakes, the package in a Debian 12
# chroot (DKMS builds the shim), and install -> reboot -> remove in QEMU.
# See docs/install.md.
.PHONY: deb dkms-src pkgtest
deb:
	rm -rf $(B)/deb && mkdir -p $(B)/deb/src
	tar --exclude=./build --exclude=./$(B) --exclude=./.git -cf - . | tar -C $(B)/deb/src -xf -
	cd $(B)/deb/src && dpkg-buildpackage -b -us -uc > ../build.log 2>&1 || \
	  { tail -30 $(B)/deb/build.log; echo "deb: dpkg-buildpackage failed, see $(B)/deb/build.log" >&2; exit 1; }
	lintian --fail-on error --info $(B)/deb/*.changes
	@ls $(B)/deb/*.deb
# The shim's sources as DKMS builds them (debian/rules installs them under
# /usr/src/hostshim-VERSION): the same files the hostshim.ko rule copies.
dkms-src:
	@test -n "$(DKMS_SRC)" || { echo "dkms-src: give DKMS_SRC=DIR" >&2; exit 1; }
	install -d $(DKMS_SRC)
	install -m 0644 $(SHIM_SRC) $(DKMS_SRC)/
pkgtest: deb all $(B)/virt-static guest-tools
	B=$(B) test/pkg/cappsule-boot-test.sh
	test/pkg/deb-chroot-test.sh $(B)/deb/cappsule_*_amd64.deb
	B=$(B) test/vm/boot-install-test.sh

clean:
	rm -rf $(B)

-include $(wildcard $(B)/mon/*/*.d $(B)/efi/*/*.d)
