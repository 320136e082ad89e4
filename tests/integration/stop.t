#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# tests/integration/stop.t: a guest that never exits is stopped by
# --timeout (124) or by a stop signal, SIGHUP, SIGINT, SIGQUIT, SIGPIPE or
# SIGTERM (128+signo), on both engines; stats are written and the trace
# flushed in whole lines on every one of these ways out.  A closed stdout
# (`turtle run ... | head -1`) ends the run as SIGPIPE does, stats written.
# Early stops, many times over: stop_race.t.
. "$(dirname "$0")/lib/tap.sh"
need_kvm

spin="$TVM/spin.elf"
[ -f "$spin" ] || { spin="$WORK/spin.elf"; perl "$MKIMAGE" spin "$spin"; }
perl "$MKIMAGE" hispin "$WORK/hispin.elf"
perl "$MKIMAGE" chatter "$WORK/chatter.elf"

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

# $with SIGS CMD...: CMD (same pid) with those signals at their default
# action, or ignored when prefixed '-'.  A shell's background job ignores
# SIGINT and SIGQUIT, and turtle leaves a signal it inherits as ignored
# ignored, as any program does.
with="$WORK/with"
cat > "$with" <<'EOF'
#!/usr/bin/perl
for (split /,/, shift) { if (s/^-//) { $SIG{$_} = "IGNORE" } else { $SIG{$_} = "DEFAULT" } }
exec @ARGV or die "exec: $!\n";
EOF
chmod +x "$with"
defaults="HUP,INT,QUIT,PIPE,TERM"

# whole_lines FILE: every line of a trace is one whole JSON object.
whole_lines() {
	perl -MJSON::PP -ne 'eval { JSON::PP->new->decode($_); 1 } or exit 1; $n++;
		END { exit 1 unless $n }' "$1"
}

# wait_for_hi: until the guest has printed "hi" to $WORK/out (10 s at most).
wait_for_hi() {
	i=0
	while ! grep -q hi "$WORK/out" 2>/dev/null && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

# A signal once the guest runs (it has printed "hi"): 128+signo, stats and
# a whole trace.  (Before the guest starts a stop signal ends turtle as it
# ends any program: nothing is written yet; stop_race.t covers that time.)
for engine in kvm tcg; do
	for row in HUP:1 INT:2 QUIT:3 PIPE:13 TERM:15; do
		sig=${row%:*}
		want=$((128 + ${row#*:}))
		rm -f "$WORK/out" "$WORK/s.json" "$WORK/s.jsonl"
		"$with" $defaults "$TURTLE" run --engine $engine --stats "$WORK/s.json" \
			--trace "$WORK/s.jsonl" "$WORK/hispin.elf" >"$WORK/out" &
		pid=$!
		wait_for_hi
		kill -$sig $pid
		wait $pid
		st=$?
		is "$st" "$want" "$engine, SIG$sig: status 128+signo"
		is "$(json "$WORK/s.json" result/reason)/$(json "$WORK/s.json" result/status)" \
			"signal/$want" "$engine, SIG$sig: stats written, reason signal, status $want"
		whole_lines "$WORK/s.jsonl"
		ok $? "$engine, SIG$sig: trace written in whole lines"
	done

	# The reader of stdout goes away: no death by SIGPIPE, the run ends as
	# SIGPIPE would end it, with stats and trace.
	rm -f "$WORK/p.json" "$WORK/p.jsonl"
	first=$( { "$with" $defaults "$TURTLE" run --engine $engine --stats "$WORK/p.json" \
		--trace "$WORK/p.jsonl" "$WORK/chatter.elf"; echo $? > "$WORK/p.st"; } | head -1)
	is "$first" x "$engine, | head -1: the guest's first line"
	is "$(cat "$WORK/p.st")" 141 "$engine, | head -1: status 141 (128+SIGPIPE)"
	is "$(json "$WORK/p.json" result/reason)/$(json "$WORK/p.json" result/status)" signal/141 \
		"$engine, | head -1: stats written"
	whole_lines "$WORK/p.jsonl"
	ok $? "$engine, | head -1: trace written in whole lines"
done

# A stop signal inherited as ignored stays ignored (nohup): SIGHUP does not
# stop the guest, SIGTERM then does.  With SIGPIPE ignored, a closed stdout
# is a failed write like any other: one warning, the guest runs on.
rm -f "$WORK/out"
"$with" -HUP,TERM "$TURTLE" run --stats "$WORK/n.json" "$WORK/hispin.elf" >"$WORK/out" &
pid=$!
wait_for_hi
kill -HUP $pid
sleep 0.2
kill -TERM $pid
wait $pid
is "$?/$(json "$WORK/n.json" result/status)" 143/143 "SIGHUP inherited as ignored: no stop; SIGTERM then stops (143)"
first=$( { "$with" -PIPE "$TURTLE" run --timeout 0.5 "$WORK/chatter.elf" 2>"$WORK/perr"; \
	echo $? > "$WORK/p.st"; } | head -1)
is "$(cat "$WORK/p.st")" 124 "SIGPIPE inherited as ignored, | head -1: the guest runs on to the timeout"
is "$(cat "$WORK/perr")" "turtle: warning: serial 'stdout': write failed: Broken pipe; further output is dropped" \
	"SIGPIPE inherited as ignored, | head -1: one warning"

ls "$WORK" | grep -q tmp
[ $? -ne 0 ]
ok $? "no temporary stats file left"

done_testing
