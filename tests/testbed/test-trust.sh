#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Trust between three hosts of the test bed: pairing with `migui pair`
# (both users compare a code), a refused, an unanswered and a declined
# pairing, an unpaired device's offer, the access policy changed while the
# shell runs, a device impersonating another through its DNS-SD data, a
# certificate that changed, and unpairing.  TAP; needs root.

. "$(dirname "$0")/testbed.sh"

APP=org.migui.Gallery
tb_require_root

lists () { tb_run "$1" migui devices | grep -q "^Device $2 "; }
fingerprint () { sed -n 's/.*fingerprint \([0-9a-f]\{64\}\)$/\1/p' "$(tb_dir "$1")/shell.log" | tail -1; }
send () {  # from, to, extra options; prints the exit status
  local from=$1 to=$2; shift 2
  tb_run "$from" migui send --to "Device $to" "$@" "$APP" >"$(tb_dir "$from")/send.out" 2>&1
  echo $?
}
# A starts pairing with a host, answering its own question with $answer;
# prints the code A shows (empty if none shows in time).
start_pairing () {  # host, answer
  local out
  out=$(tb_dir A)/pair-$1.out
  rm -f "$out.status"
  : >"$out"
  # Not holding the caller's output open: it is read with $( ).
  tb_run A bash -c 'echo "$3" | timeout 90 migui pair "$1" >"$2" 2>"$2.err"; echo $? >"$2.status"' _ "Device $1" "$out" "$2" \
    >/dev/null 2>&1 &
  _tb_wait_for 20 grep -q '^Verification code' "$out"
  sed -n 's/^Verification code: \([0-9]\{3\}\) \([0-9]\{3\}\)$/\1\2/p' "$out"
}
pairing_status () {  # host: waits for A's `migui pair` to end, prints its status
  _tb_wait_for 60 test -s "$(tb_dir A)/pair-$1.out.status"
  cat "$(tb_dir A)/pair-$1.out.status"
}
incoming_empty () { [ -z "$(ls -A "$(tb_dir "$1")/run/migui/incoming" 2>/dev/null)" ]; }
export -f lists

export G_MESSAGES_DEBUG="migui migui-shell"
TB_SHELL_CONF_EXTRA=$'[limits]\npairing-seconds=8' tb_setup A B C ||
  { echo "Bail out! the test bed could not be made"; exit 1; }
_tb_wait_for 15 bash -c "[ \$(tb_run A migui peers --wait 1 | grep -c 'Device [BC]') = 2 ]"

# --- A and B pair: both show the same code, both confirm ---------------------
check "A and B pair through migui pair, both showing the same code" tb_pair A B
check "A records B's certificate, B records A's" \
  bash -c "tb_run A migui devices | grep 'Device B' | grep -q '$(fingerprint B)' && tb_run B migui devices | grep 'Device A' | grep -q '$(fingerprint A)'"
check "migui devices --json gives name, ID, fingerprint and date" \
  bash -c "tb_run A migui devices --json | grep -q '\"name\":\"Device B\",\"fingerprint\":\"$(fingerprint B)\",\"paired\":\"20'"

# --- C's user sees another code and rejects -----------------------------------
code=$(start_pairing C y)
check "C shows A's pairing request with the same code" \
  bash -c "tb_run C migui pair | grep -q 'Device A wants to pair, showing the code ${code:0:3} ${code:3}'"
tb_run C migui pair --reject "$code" >/dev/null
check "C's user rejecting fails the pairing on A (status 4)" test "$(pairing_status C)" = 4
check "A says C did not confirm" grep -q "Device C did not confirm" "$(tb_dir A)/pair-C.out.err"
check "neither A nor C lists the other" bash -c "! lists A C && ! lists C A"

# --- nobody answers on C ------------------------------------------------------
code=$(start_pairing C y)
check "an unanswered pairing times out on A (status 8)" test "$(pairing_status C)" = 8
check "C's shell ended it first: not confirmed in time" grep -q "Pairing with Device A ended: Pairing with Device A was not confirmed in time" "$(tb_dir C)/shell.log"
check "a late answer on C finds nothing to confirm" bash -c "! tb_run C migui pair --accept $code >/dev/null 2>&1"
check "neither lists the other after the timeout" bash -c "! lists A C && ! lists C A"

# --- A's user says no ----------------------------------------------------------
code=$(start_pairing C n)
check "A's user saying no fails the pairing (status 4)" test "$(pairing_status C)" = 4
_tb_wait_for 5 grep -q "Device A did not confirm the pairing" "$(tb_dir C)/shell.log"
check "C hears of it and ends the pairing" grep -q "Device A did not confirm the pairing" "$(tb_dir C)/shell.log"

# --- an unpaired device -------------------------------------------------------
pem=$(tb_dir C)/config/migui/identity.pem
offer='{"app":{"id":"org.migui.Gallery","version":"0.1.0"},"mode":"move","size":10,"sha256":"'$(printf '%064d' 0)'","source":{"id":"c","name":"Device C"}}'
answer=$(tb_run C curl -sk --cert "$pem" --key "$pem" -H 'Content-Type: application/json' -d "$offer" \
  -w ' %{http_code}' "https://$(tb_ip B):47810/v1/migrations")
check "an unpaired device's offer gets 403 and the reason" \
  bash -c "grep -q '\"error\":\"not-paired\",\"message\":\"This device is not paired with Device B; pair them first\"} 403$' <<<'$answer'"
tb_run C bash -c "migui-gallery >'$(tb_dir C)/app.log' 2>&1 &"
_tb_wait_for 20 tb_run C migui save "$APP" "$(tb_dir C)/started.migui"
check "C's app will not go to B, which it is not paired with (status 9)" test "$(send C B)" = 9
check "and says so" grep -q "Device B is not paired with this device; pair them first" "$(tb_dir C)/send.out"
check "B received nothing" incoming_empty B

# --- B's policy, changed while its shell runs ----------------------------------
tb_run A bash -c "migui-gallery >'$(tb_dir A)/app.log' 2>&1 &"
_tb_wait_for 20 tb_run A migui save "$APP" "$(tb_dir A)/started.migui"
shell_pid=$(cat "$(tb_dir B)/shell.pid")
check "A's app goes to B, a paired device (clone, status 0)" test "$(send A B --clone)" = 0
tb_run B migui policy deny --device "Device A" >/dev/null
check "deny everything from A: refused (status 4)" test "$(send A B --clone)" = 4
check "the sender sees the reason" grep -q "Device B does not accept this application from this device" "$(tb_dir A)/send.out"
check "migui policy list shows the rule by device ID" \
  bash -c "tb_run B migui policy list | grep -q '^$(tb_run A migui devices --json >/dev/null; sed -n 's/.*(\([0-9a-f-]\{36\}\)) listening.*/\1/p' "$(tb_dir A)/shell.log" | tail -1) *any application *deny'"
tb_run B migui policy allow --device "Device A" "$APP" >/dev/null
check "allowing the gallery from A: the more specific rule wins (status 0)" test "$(send A B --clone)" = 0
check "no restart was needed" test "$(cat "$(tb_dir B)/shell.pid")" = "$shell_pid"
tb_run B migui policy ask --device "Device A" >/dev/null

# --- C impersonates B: B's ID and name in its DNS-SD data, its own certificate ---
tb_shell_stop B
tb_shell_stop C
cp "$(tb_dir C)/config/migui/device-id" "$(tb_dir C)/device-id.real"
cp "$(tb_dir B)/config/migui/device-id" "$(tb_dir C)/config/migui/device-id"
sed -i 's/^name=Device C$/name=Device B/' "$(tb_dir C)/config/migui/shell.conf"
tb_shell_start C --port 47810
_tb_wait_for 20 bash -c "tb_run A migui peers --wait 1 --json | grep -q '\"name\":\"Device B\",\"form-factor\":\"desktop\",\"address\":\"$(tb_ip C)\"'"
check "A sees an impostor called Device B at C's address" \
  bash -c "tb_run A migui peers --wait 1 --json | grep -q '\"name\":\"Device B\",\"form-factor\":\"desktop\",\"address\":\"$(tb_ip C)\"'"
check "A's app refuses to go to it (status 9)" test "$(send A B --clone)" = 9
check "because Device B's identity changed" grep -q "Device B’s identity changed" "$(tb_dir A)/send.out"
check "loudly, in the app's log" grep -q "SECURITY: Device B .* its identity changed" "$(tb_dir A)/app.log"
check "the impostor received nothing" incoming_empty C
tb_shell_stop C
cp "$(tb_dir C)/device-id.real" "$(tb_dir C)/config/migui/device-id"
sed -i 's/^name=Device B$/name=Device C/' "$(tb_dir C)/config/migui/shell.conf"
tb_shell_start C --port 47810

# --- B is reinstalled: a new certificate ----------------------------------------
old=$(fingerprint B)
rm "$(tb_dir B)/config/migui/identity.pem"
tb_shell_start B --port 47810
check "B has a new certificate" test "$(fingerprint B)" != "$old"
_tb_wait_for 20 bash -c "tb_run A migui peers --wait 1 --json | grep -q '\"fingerprint\":\"$(fingerprint B)\"'"
check "A refuses to send to B as it is now (status 9)" test "$(send A B --clone)" = 9
check "saying B's identity changed" grep -q "Device B’s identity changed" "$(tb_dir A)/send.out"
check "A and B pair again, deliberately" tb_pair A B
check "A was warned that B's identity changed" grep -q "WARNING: Device B was paired with this device before" "$(tb_dir A)/pair-B.out.err"
check "A now knows B's new certificate" bash -c "tb_run A migui devices | grep 'Device B' | grep -q '$(fingerprint B)'"
check "and sends to it again (status 0)" test "$(send A B --clone)" = 0

# --- unpairing ------------------------------------------------------------------
check "A unpairs B" bash -c "tb_run A migui unpair 'Device B' >/dev/null"
check "A no longer lists B" bash -c "! lists A B"
_tb_wait_for 5 bash -c "! lists B A"
check "B was told, and no longer lists A" bash -c "! lists B A"
check "A's app no longer goes to B (status 9)" test "$(send A B --clone)" = 9

check "no incoming file is left on any host" bash -c "$(declare -f incoming_empty); incoming_empty A && incoming_empty B && incoming_empty C"

echo "1..$n"
exit $(( failed > 0 ))
