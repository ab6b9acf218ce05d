# The file view of virt exec (sourced by exec.sh, a snapshot in place): the
# host's files through the host-side 9P server under a policy, writes in
# the cappsule's overlay, shared folders, a persistent layer, and attacks
# on the view from inside. Root's file server runs as nobody, tester's as
# tester (uid 1000, home /tmp).

# The host's files, readable by everyone (the server of root's cappsules
# is nobody): what the policies show or hide, not the modes, decides.
mkdir -p /etc /home/user /secret /srv/view
echo host-etc-hostname > /etc/hostname
echo private-notes > /home/user/notes
echo the-key > /secret/key
ln -sf /secret/key /srv/view/escape
chmod 0755 /etc /home /home/user /secret /srv /srv/view
chmod 0644 /etc/hostname /home/user/notes /secret/key
check_output fs-policies-listed 'default.*unrestricted|unrestricted' sh -c 'virt policies | tr "\n" " "'

check_output fs-view-reads-host '^host-etc-hostname$' virt exec --policy unrestricted cat /etc/hostname
check_output fs-write-stays-inside '^x$' virt exec sh -c 'echo x > /etc/hostname && cat /etc/hostname'
check_output fs-host-file-unchanged '^host-etc-hostname$' cat /etc/hostname
check_output fs-default-hides-home 'No such file or directory' virt exec ls /home/user
check_output fs-unrestricted-shows-home '^notes$' virt exec --policy unrestricted ls /home/user
check_output fs-bad-policy-name 'policy' virt exec --policy no-such-policy true

# A policy with a syntax error is refused with its file and line, and
# nothing runs.
mkdir -p /etc/cappsule/policies
printf '{\n  "rules": [\n    { "path": "/usr/**", "acces": "r" }\n  ]\n}\n' \
	> /etc/cappsule/policies/broken.json
check_output fs-broken-policy 'broken.json: line 3' virt exec --policy broken true
check_output fs-policy-check 'broken.json: line 3' virt policies --check /etc/cappsule/policies/broken.json
rm -f /etc/cappsule/policies/broken.json

# A shared folder: what the cappsule writes there lands on the host, owned
# by the user who ran it.
as_user() { su -s /bin/sh tester -c "$*"; }
chmod 0666 /dev/cappsule
rm -rf /tmp/share /tmp/.local /tmp/.config
mkdir -p /tmp/share && echo shared-before > /tmp/share/file && chown -R 1000:1000 /tmp/share
check fs-shared-write as_user virt exec --shared /tmp/share sh -c "'echo from-inside > /tmp/share/new'"
check_output fs-shared-on-host '^from-inside$' cat /tmp/share/new
check_output fs-shared-owner '^1000$' stat -c %u /tmp/share/new

# A persistent layer: a file written in one run is there in the next (the
# policy keeps its writes in ~/.local/share/cappsule/keep).
mkdir -p /tmp/.config/cappsule/policies
printf '{ "persistent": true, "rules": [ { "path": "/**", "access": "rx" }, { "path": "/tmp/**", "access": "rwx" } ] }\n' \
	> /tmp/.config/cappsule/policies/keep.json
chown -R 1000:1000 /tmp/.config
check fs-persistent-first as_user virt exec --policy keep sh -c "'mkdir -p /tmp/profile && echo kept > /tmp/profile/file'"
check_output fs-persistent-second '^kept$' as_user virt exec --policy keep cat /tmp/profile/file
[ ! -e /tmp/profile ] && pass fs-persistent-not-on-host "" || fail fs-persistent-not-on-host "/tmp/profile on the host"
check_output fs-persistent-layer '^kept$' cat /tmp/.local/share/cappsule/keep/upper/tmp/profile/file

# Attacks on the view from inside (test/vm/guest/fs_attacks.c).
printf '{ "rules": [ { "path": "/**", "access": "rx" }, { "path": "/secret/**", "access": "" } ] }\n' \
	> /etc/cappsule/policies/fsattack.json
out=$(as_user virt exec --policy fsattack --shared /tmp/share fs_attacks /tmp/share 2>&1); rc=$?
echo "$out" | sed 's/^/  fs_attacks: /'
for c in hidden-file hidden-dir-listing symlink-escape dotdot-escape dotdot-from-shared \
	 hardlink-hidden rename-out-of-shared hardlink-out-of-shared mknod-in-shared \
	 planted-symlink path-4k setuid-stripped shared-file-stays; do
	echo "$out" | grep -q "^case $c: ok" && pass "fs-attack-$c" "" ||
		fail "fs-attack-$c" "$(echo "$out" | grep "^case $c:" | cut -c1-160)"
done
[ $rc -eq 0 ] && pass fs-attacks-exit "" || fail fs-attacks-exit "exit $rc"
mode=$(stat -c %a /tmp/share/suid 2>/dev/null)
case "$mode" in
4*|2*|6*) fail fs-host-no-setuid "mode $mode on the host" ;;
'') fail fs-host-no-setuid "no file" ;;
*) pass fs-host-no-setuid "mode $mode" ;;
esac
check_output fs-host-secret-intact '^the-key$' cat /secret/key
chmod 0660 /dev/cappsule

# What reading through the view costs: ls -lR /usr inside and on the host
# (the initramfs has no /usr: a small one, busybox's links and 300 files).
mkdir -p /usr/bin /usr/share/doc
for f in /bin/*; do ln -sf /bin/busybox "/usr/bin/${f##*/}"; done
i=0; while [ $i -lt 300 ]; do echo "$i" > /usr/share/doc/file$i; i=$((i + 1)); done
n=$(ls -lR /usr | wc -l)
t0=$(now_ms); ls -lR /usr > /dev/null 2>&1; host_ms=$(( $(now_ms) - t0 ))
t0=$(now_ms); virt exec --policy unrestricted true; launch_ms=$(( $(now_ms) - t0 ))
t0=$(now_ms); virt exec --policy unrestricted ls -lR /usr > /tmp/lsR 2>&1; in_ms=$(( $(now_ms) - t0 ))
if [ "$(wc -l < /tmp/lsR)" -eq "$n" ]; then
	pass fs-ls-lR-cost "ls -lR /usr ($n lines): $host_ms ms on the host, $in_ms ms in a cappsule incl. its launch ($launch_ms ms for true) (emulated)"
else
	fail fs-ls-lR-cost "$(wc -l < /tmp/lsR) lines inside, $n on the host"
fi
