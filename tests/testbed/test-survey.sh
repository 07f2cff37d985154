#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The survey agent on the test bed: it starts on A, is answered on B and C
# through its real windows (key events, as a user types them), and comes
# home; then with C unreachable, and with B declining.  TAP; needs root.

. "$(dirname "$0")/testbed.sh"
. "$(dirname "$0")/survey-driver.sh"

APP=org.migui.SurveyAgent
AGENT=$TB_BUILD/demo-apps/survey-agent/migui-survey-agent
tb_require_root

echo "1..29"

agent_pids () { ip netns pids "$(tb_ns "$1")" | while read -r pid; do
  [ "$(tr '\0' '\n' </proc/"$pid"/cmdline 2>/dev/null | head -1)" = "$AGENT" ] && echo "$pid"
done; }
agents () { for h in A B C; do agent_pids "$h"; done | wc -l; }
agents_on () { agent_pids "$1" | wc -l; }
lives () { grep -c 'hop: live' "$(tb_dir "$1")/shell.log"; }
suitcase () {  # host, key: the suitcase of the agent running there
  tb_run "$1" migui save "$APP" "$(tb_dir "$1")/suitcase.migui" >/dev/null &&
    "$TB_SOURCE/tests/testbed/survey-suitcase.py" "$(tb_dir "$1")/suitcase.migui" "$2"
}
export AGENT APP
export -f agent_pids agents agents_on suitcase
has_window () { sv_window "$@" >/dev/null; }

# Waits for the agent to go live on HOST (its shell's log gains a "live"
# line beyond BEFORE) and for the instance it left to end.
arrived () {  # host, lines before
  _tb_wait_for 20 bash -c "[ \$(grep -c 'hop: live' '$(tb_dir "$1")/shell.log') -gt $2 ]" &&
    _tb_wait_for 10 bash -c '[ "$(agents)" = 1 ] && [ "$(agents_on '"$1"')" = 1 ]'
}

# Starts the agent on A and waits until it answers on the bus and shows
# its window, so that no key is typed before it listens.
start_agent () {
  tb_run A bash -c "'$AGENT' >>'$(tb_dir A)/agent.log' 2>&1 &"
  _tb_wait_for 20 tb_run A migui save "$APP" /dev/null
  sv_window A "Comments — Device A" >/dev/null && sleep 0.5
}

# The originating user fills in the agenda [Bob on B, Cleo on C] and
# clicks Done; the agenda is checked first, so that a lost key shows here.
send_round () {
  SV_NO_DONE=1 sv_start A "Device A" Bob "Device B" Cleo "Device C"
  # The last keys may still be on their way to the app (a slower renderer).
  _tb_wait_for 5 bash -c "[ \"\$(suitcase A agenda)\" = '[[\"Bob\", \"Device B\"], [\"Cleo\", \"Device C\"]]' ]"
  if [ "$(suitcase A agenda)" != '[["Bob", "Device B"], ["Cleo", "Device C"]]' ]; then
    tb_log "the agenda typed on A is $(suitcase A agenda)"
    return 1
  fi
  sv_focus A "Comments — Device A" && sv_keys A alt+d
}

quit_agent () {  # host
  sv_focus "$1" "Comments — Device $1" && sv_keys "$1" ctrl+q
  _tb_wait_for 10 bash -c '[ "$(agents)" = 0 ]'
}

export G_MESSAGES_DEBUG="migui migui-shell survey-agent"
tb_setup A B C || { echo "Bail out! the test bed could not be made"; exit 1; }
tb_pair_all || { echo "Bail out! the test bed's hosts could not pair"; exit 1; }
_tb_wait_for 15 bash -c "[ \$(tb_run A migui peers --wait 1 --json | grep -o 'Device [BC]' | sort -u | wc -l) = 2 ]" 2>/dev/null
# A's device ID, as its shell announced it: "Device A (<id>) listening…"
A_ID=$(sed -n 's/^migui-shell: Device A (\([0-9a-f-]*\)) listening.*/\1/p' "$(tb_dir A)/shell.log")

# --- the round trip: A → B → C → A -----------------------------------------
start_agent
check "the agent starts on A, alone" test "$(agents)" = 1
b=$(lives B) c=$(lives C) a=$(lives A)
check "the agenda is typed into the suggest form on A" send_round
check "Done on A: the agent arrives on B and leaves A" arrived B "$b"
check "B greets the user with the origin and the answers so far" \
  grep -q 'greeting: Survey from Device A — 0 answers so far' "$(tb_dir B)/shell.log"
check "B shows the transcript" has_window B "Transcript — Device B"
check "the suitcase on B: origin A, agenda of two, next is C" \
  test "$(suitcase B origin-id) $(suitcase B next) $(suitcase B agenda)" = "$A_ID 1 [[\"Bob\", \"Device B\"], [\"Cleo\", \"Device C\"]]"
tb_run B migui save "$APP" "$(tb_dir B)/b.migui"
check "the name defaults to the briefing's user" \
  test "$(/usr/bin/python3 -c 'import json, sys; print(next(w["widgets"]["name"]["props"]["text"] for w in json.load(open(sys.argv[1]))["windows"] if w["type"] == "SurveyCommentsForm"))' "$(tb_dir B)/b.migui")" = "$(getent passwd root | cut -d: -f5)"

sv_answer B "Device B" Yes 7 "Bob" "The demo worked on B"
check "Done on B: the agent arrives on C and leaves B" arrived C "$c"
check "C counts one answer" test "$(suitcase C visits)" = 1
check "the comments were reset for the next user" \
  bash -c "tb_run C migui save $APP '$(tb_dir C)/c.migui' && grep -q 'Please Type Your Comments Here' '$(tb_dir C)/c.migui' && ! grep -q 'The demo worked on B' <(grep -v 'said' '$(tb_dir C)/c.migui')"

sv_answer C "Device C" Maybe 3 "Cleo" "Fine on C"
check "Done on C: the agent comes home to A" arrived A "$a"
check "home: the Transcript window is shown on A" has_window A "Transcript — Device A"
transcript=$(suitcase A transcript)
expected='["Bob said: The demo worked on B", "Qn 1: Yes Qn 2: 70", "Cleo said: Fine on C", "Qn 1: Maybe Qn 2: 30"]'
check "the transcript holds both answers in order" test "$transcript" = "$expected"
[ "$transcript" = "$expected" ] || tb_log "transcript: $transcript"
check "the suitcase after the round trip: 2 visits, agenda intact, origin A" \
  test "$(suitcase A visits) $(suitcase A next) $(suitcase A origin-name) $(suitcase A origin-id) $(suitcase A agenda)" = \
       "2 2 Device A $A_ID [[\"Bob\", \"Device B\"], [\"Cleo\", \"Device C\"]]"
done_clicks=$(grep -c 'hop: Done clicked' "$(tb_dir A)/shell.log")
sv_focus A "Comments — Device A" && sv_keys A alt+d && sleep 0.5
check "home: Done is off, the agent stays" \
  test "$(grep -c 'hop: Done clicked' "$(tb_dir A)/shell.log") $(agents_on A)" = "$done_clicks 1"

# Save Transcript… through the real file chooser.
sv_focus A "Transcript — Device A"
sv_keys A alt+s
sv_window A "Save Transcript" >/dev/null && sleep 0.5
sv_keys A ctrl+a
sv_type A "$(tb_dir A)/transcript.txt"
sv_keys A Return
_tb_wait_for 10 test -s "$(tb_dir A)/transcript.txt"
check "Save Transcript… writes the plain-text transcript" \
  test "$(cat "$(tb_dir A)/transcript.txt" 2>/dev/null)" = "$(printf 'Bob said: The demo worked on B\nQn 1: Yes Qn 2: 70\nCleo said: Fine on C\nQn 1: Maybe Qn 2: 30')"
quit_agent A
check "quitting at home leaves no agent" test "$(agents)" = 0

# --- C unreachable ----------------------------------------------------------
tb_shell_stop C
_tb_wait_for 15 bash -c "! tb_run A migui peers --wait 1 | grep -q 'Device C'"
start_agent
b=$(lives B) a=$(lives A)
send_round
check "C down: the agent still reaches B" arrived B "$b"
sv_answer B "Device B" No 5 "Bob" "C is off today"
check "C down: the agent skips C and comes home" arrived A "$a"
transcript=$(suitcase A transcript)
check "the transcript has B's answers and says C could not be reached" \
  bash -c "grep -q '\"Bob said: C is off today\", \"Qn 1: No Qn 2: 50\", \"Could not reach Device C: ' <<<'$transcript'"
[ -n "${TB_VERBOSE:-}" ] && tb_log "transcript: $transcript"
check "one visit counted, next past the agenda" test "$(suitcase A visits) $(suitcase A next)" = "1 2"
quit_agent A
tb_shell_start C --port 47810 || not_ok "C's shell restarts"

# --- B's policy denies the agent from A (set while B's shell runs) ------------
tb_run B migui policy deny --device "Device A" org.migui.SurveyAgent >/dev/null
_tb_wait_for 15 bash -c "tb_run A migui peers --wait 1 | grep -q 'Device B'"
_tb_wait_for 15 bash -c "tb_run A migui peers --wait 1 | grep -q 'Device C'"
start_agent
c=$(lives C) a=$(lives A)
send_round
check "B denies: the agent goes on to C" arrived C "$c"
check "the transcript on C says B refused, and why" \
  bash -c "suitcase C transcript | grep -q 'Could not reach Device B: Device B does not accept this application from this device'"
check "B never ran the agent" test "$(agents_on B)" = 0
sv_answer C "Device C" Yes 10 "Cleo" "B was busy"
check "B denies: the agent comes home from C" arrived A "$a"
check "the transcript has C's answers after B's refusal" \
  bash -c "suitcase A transcript | grep -q 'does not accept this application from this device.*\"Cleo said: B was busy\", \"Qn 1: Yes Qn 2: 100\"'"
check "one visit, agenda intact" \
  test "$(suitcase A visits) $(suitcase A agenda)" = "1 [[\"Bob\", \"Device B\"], [\"Cleo\", \"Device C\"]]"
quit_agent A
check "no incoming file is left on any host" \
  test -z "$(find "$(tb_dir A)/run/migui" "$(tb_dir B)/run/migui" "$(tb_dir C)/run/migui" -name '*.migui' 2>/dev/null)"
check "no agent is left running" test "$(agents)" = 0

[ "$failed" = 0 ] || { tb_log "logs kept in $TB_ROOT"; TB_KEEP=1; }
exit $(( failed > 0 ))
