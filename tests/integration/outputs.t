#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/outputs.t: where --stats, --trace and --serial write
# (docs/cli.md, "Output files"): a regular file is replaced atomically;
# a symlink, FIFO or device is written in place, never replaced; the
# /dev/stdout, /dev/stderr and /dev/fd/N names are turtle's own
# descriptors.  A failed write is status 125 for stats and trace, one
# warning for the serial (issue 10, defect 4 and the smaller ones).
. "$(dirname "$0")/lib/tap.sh"
need_kvm

perl "$MKIMAGE" hello "$WORK/hello.elf"
perl "$MKIMAGE" chatter "$WORK/chatter.elf"
good="$WORK/hello.elf"
cd "$WORK" || exit 1

# A regular file: replaced (a new inode), atomically.
echo old > s.json
before=$(stat -c %i s.json)
"$TURTLE" run --stats s.json "$good" >/dev/null
is "$?" 7 "regular file: guest status"
is "$(json s.json result/status)" 7 "regular file: holds the stats"
[ "$(stat -c %i s.json)" != "$before" ]
ok $? "regular file: replaced by rename, not rewritten"

# A symlink stays a symlink; its target gets the stats.
echo old > target.json
ln -s target.json link.json
"$TURTLE" run --stats link.json "$good" >/dev/null
is "$?" 7 "symlink: guest status"
[ -L link.json ]
ok $? "symlink: still a symlink"
is "$(json target.json result/status)" 7 "symlink: its target holds the stats"
ln -s nowhere.json dangling.json
"$TURTLE" run --stats dangling.json "$good" >/dev/null 2>err
is "$?" 125 "dangling symlink: status 125"
[ -L dangling.json ] && [ ! -e nowhere.json ]
ok $? "dangling symlink: left as it is, nothing created"

# A FIFO: written to its reader; without a reader, an error at once.
mkfifo fifo
cat fifo > got &
reader=$!
"$TURTLE" run --stats fifo "$good" >/dev/null
is "$?" 7 "FIFO with a reader: guest status"
wait $reader
is "$(json got result/status)" 7 "FIFO with a reader: the reader got the stats"
[ -p fifo ]
ok $? "FIFO: still a FIFO"
timeout -s KILL 10 "$TURTLE" run --stats fifo "$good" >/dev/null 2>err
is "$?" 125 "FIFO without a reader: status 125, no wait"
is "$(cat err)" "turtle: stats 'fifo': a FIFO with no reader" "FIFO without a reader: one line"
[ -p fifo ]
ok $? "FIFO without a reader: still a FIFO"

# A device: written in place, a failed write is 125.
"$TURTLE" run --stats /dev/full "$good" >/dev/null 2>err
is "$?" 125 "stats to /dev/full: status 125"
is "$(cat err)" "turtle: stats '/dev/full': write: No space left on device" "stats to /dev/full: one line"
[ -c /dev/full ]
ok $? "/dev/full: still a character device"
"$TURTLE" run --stats /dev/null "$good" >/dev/null
is "$?" 7 "stats to /dev/null: guest status"
[ -c /dev/null ]
ok $? "/dev/null: still a character device"

# /dev/stdout and /dev/fd/N: turtle's own descriptor, after the serial
# output, into a pipe or a file (not truncated, not replaced).
"$TURTLE" run --stats /dev/stdout "$good" | cat > piped
is "$(head -1 piped)" hi "/dev/stdout into a pipe: the serial output first"
is "$(tail -n +2 piped > piped.json; json piped.json result/status)" 7 "/dev/stdout into a pipe: then the stats"
"$TURTLE" run --stats /dev/stdout "$good" > file.out
is "$(head -1 file.out)" hi "/dev/stdout to a file: the serial output kept"
is "$(tail -n +2 file.out > file.json; json file.json result/status)" 7 "/dev/stdout to a file: the stats after it"
[ -L /dev/stdout ]
ok $? "/dev/stdout: still a symlink"
"$TURTLE" run --stats /dev/fd/3 "$good" 3> fd3.json >/dev/null
is "$(json fd3.json result/status)" 7 "/dev/fd/3: the stats on descriptor 3"
"$TURTLE" run --trace /dev/stdout "$good" | grep -c '"exit":"IO"' > lines
[ "$(cat lines)" -gt 0 ]
ok $? "--trace /dev/stdout: trace lines on stdout"

# The serial: a failed write is one warning, the guest runs on.
timeout -s KILL 20 "$TURTLE" run --serial /dev/full --timeout 0.5 "$WORK/chatter.elf" 2>err
is "$?" 124 "serial to /dev/full: the guest ran on to the timeout"
is "$(cat err)" "turtle: warning: serial '/dev/full': write failed: No space left on device; further output is dropped" \
	"serial to /dev/full: one warning, once"
"$TURTLE" run -q --serial /dev/full "$good" 2>err
is "$?:$(cat err)" "7:" "serial to /dev/full with -q: guest status, no warning"
"$TURTLE" run --serial /dev/full "$good" 2>err
is "$?" 7 "serial to /dev/full: the guest's status is kept"

ls | grep -q '\.tmp\.'
[ $? -ne 0 ]
ok $? "no temporary stats file left"

done_testing
