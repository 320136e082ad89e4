#!/bin/sh
# tests/integration/stop.t: a guest that never exits is stopped by
# --timeout (124) or by SIGINT/SIGTERM (128+signo); stats are written and
# the trace flushed on every one of these ways out.
. "$(dirname "$0")/lib/tap.sh"
need_kvm

spin="$TVM/spin.elf"
[ -f "$spin" ] || { spin="$WORK/spin.elf"; perl "$MKIMAGE" spin "$spin"; }

"$TURTLE" run --timeout 0.3 --stats "$WORK/t.json" --trace "$WORK/t.jsonl" "$spin"
is "$?" 124 "--timeout: status 124"
is "$(json "$WORK/t.json" result/status)" 124 "timeout: stats written"
is "$(json "$WORK/t.json" result/reason)" timeout "timeout: reason"
wall=$(json "$WORK/t.json" result/wall_ns)
[ "$wall" -ge 300000000 ]
ok $? "timeout: ran at least 0.3 s ($wall ns)"
last=$(tail -1 "$WORK/t.jsonl")
case "$last" in *'"exit":"INTR"'*) r=0 ;; *) r=1 ;; esac
ok $r "timeout: trace flushed, ends with the kick's INTR exit"

"$TURTLE" run --timeout 0.2 --stats - "$spin" 2>"$WORK/table"
grep -q "result.reason *timeout" "$WORK/table"
ok $? "--stats - prints the table on stderr"

for row in INT:2 TERM:15; do
	sig=${row%:*}
	"$TURTLE" run --stats "$WORK/$sig.json" "$spin" &
	pid=$!
	sleep 0.3
	kill -$sig $pid
	wait $pid
	st=$?
	want=$((128 + ${row#*:}))
	is "$st" "$want" "SIG$sig: status 128+signo"
	is "$(json "$WORK/$sig.json" result/reason)" signal "SIG$sig: stats written, reason signal"
	is "$(json "$WORK/$sig.json" result/status)" "$want" "SIG$sig: status in stats"
done

ls "$WORK" | grep -q tmp
[ $? -ne 0 ]
ok $? "no temporary stats file left"

done_testing
