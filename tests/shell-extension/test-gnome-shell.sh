#!/bin/bash
# Copyright 2026 The libmigui authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The GNOME Shell extension in a real GNOME Shell, headless on Wayland with
# a virtual monitor, driven through its own automation (org.gnome.Shell.Eval
# in unsafe mode): installed and enabled without errors, "Send to Device"
# in the window menu of the gallery (and not of a plain GTK window), the
# gallery sent to another peer shell on loopback and back with "Continue
# from", the Devices menu of Quick Settings, and a stopped migui-shell
# shown as such and started again through D-Bus activation.
#
#   test-gnome-shell.sh BUILD_DIR
#
# TAP output; skipped where GNOME Shell is older than 46 (Debian 12 has 43).

set -u
build=$(cd "$1" && pwd)
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
uuid=send-to-device@migui.org

if [ "${MIGUI_GNOME_SHELL_INNER:-}" != 1 ]; then
  version=$(gnome-shell --version 2>/dev/null | sed -n 's/^GNOME Shell \([0-9]*\).*/\1/p')
  if [ -z "$version" ] || [ "$version" -lt 46 ]; then
    echo "1..0 # SKIP GNOME Shell ${version:-is not installed}; the extension needs 46 or later"
    exit 0
  fi
  work=$(mktemp -d /tmp/migui-gnome-shell.XXXXXX)
  export MIGUI_GNOME_SHELL_WORK=$work
  # The whole session's, the activated migui-shell's too.
  export HOME=$work/home XDG_RUNTIME_DIR=$work/run XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
  export XDG_STATE_HOME=$work/state XDG_CACHE_HOME=$work/cache
  export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$build/data NO_AT_BRIDGE=1 GTK_A11Y=none
  export G_MESSAGES_DEBUG="migui migui-shell"
  export PATH=$build/shell-extension/cli:$build/shell-extension/daemon:$PATH
  # Devices B and C, on loopback: the devices every process here knows.
  free_port () { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
  MIGUI_PORT_B=$(free_port) MIGUI_PORT_C=$(free_port)
  export MIGUI_PORT_B MIGUI_PORT_C MIGUI_PEERS=127.0.0.1:$MIGUI_PORT_B,127.0.0.1:$MIGUI_PORT_C
  mkdir -p "$work/run" "$work/services" "$work/home"
  chmod 700 "$work/run"
  # A system bus of its own (GNOME Shell needs one); a session bus that
  # activates only migui-shell, from the build.
  sed "s|</busconfig>|<servicedir>$work/services</servicedir></busconfig>|" \
    "$source_dir/tests/session-bus.conf" >"$work/session.conf"
  DBUS_SYSTEM_BUS_ADDRESS=$(dbus-daemon --config-file="$source_dir/tests/session-bus.conf" --print-address \
    --fork --print-pid=3 3>"$work/system-bus.pid")
  export DBUS_SYSTEM_BUS_ADDRESS
  MIGUI_GNOME_SHELL_INNER=1 dbus-run-session --config-file="$work/session.conf" -- "$0" "$@"
  status=$?
  kill "$(cat "$work/system-bus.pid")" 2>/dev/null
  [ -n "${MIGUI_KEEP:-}" ] || rm -rf "$work"
  exit $status
fi

work=$MIGUI_GNOME_SHELL_WORK
pids=()
failed=0 n=0
cleanup () { kill "${pids[@]}" 2>/dev/null; kill "$(cat "$work/shell-a.pid" 2>/dev/null)" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT
check () {  # description, command...
  local what=$1; shift
  n=$((n + 1))
  if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; failed=$((failed + 1)); fi
}
wait_for () {  # seconds, command...
  local end=$((SECONDS + $1)); shift
  until "$@"; do [ $SECONDS -ge $end ] && return 1; sleep 0.2; done
}
# Eval CODE: the shell's answer (JSON) on stdout; fails if the code threw.
eval_js () {
  local out
  out=$(gdbus call --session --dest org.gnome.Shell --object-path /org/gnome/Shell \
    --method org.gnome.Shell.Eval "$1" 2>&1) || { echo "$out" >&2; return 1; }
  case $out in
    "(true, "*) out=${out#(true, \'}; echo "${out%\')}" ;;
    *) echo "# Eval failed: $out" >&2; return 1 ;;
  esac
}
ext_js () {  # CODE using `ext`, the extension's object, in an async function
  eval_js "(async () => { const ext = Main.extensionManager.lookup('$uuid').stateObj; $1 })()"
}
export uuid
export -f eval_js ext_js wait_for

echo "1..31"

# --- the gallery, installed for this user; the extension too -------------
mkdir -p "$XDG_DATA_HOME/applications" "$XDG_DATA_HOME/gnome-shell/extensions/$uuid"
sed "s|^Exec=.*|Exec=$build/demo-apps/gallery/migui-gallery %U|" \
  "$build/demo-apps/gallery/org.migui.Gallery.desktop" >"$XDG_DATA_HOME/applications/org.migui.Gallery.desktop"
sed "s|^Exec=.*|Exec=$build/demo-apps/sketch-pad/migui-sketch-pad %F|" \
  "$build/demo-apps/sketch-pad/org.migui.SketchPad.desktop" >"$XDG_DATA_HOME/applications/org.migui.SketchPad.desktop"
(cd "$XDG_DATA_HOME/gnome-shell/extensions/$uuid" &&
  python3 -m zipfile -e "$build/shell-extension/gnome-shell/$uuid.shell-extension.zip" .)
cat >"$work/services/org.migui.Shell.service" <<EOF
[D-BUS Service]
Name=org.migui.Shell
Exec=/bin/sh -c 'exec $build/shell-extension/daemon/migui-shell --no-publish --port 0 --name "Device A" >>$work/shell-a.log 2>&1'
EOF

# --- GNOME Shell -------------------------------------------------------------
gnome-shell --headless --wayland --no-x11 --virtual-monitor 1280x800 --unsafe-mode >"$work/gnome-shell.log" 2>&1 &
pids+=($!)
wait_for 60 eval_js "true" >/dev/null || { echo "Bail out! GNOME Shell did not start"; cat "$work/gnome-shell.log" >&2; exit 1; }
export WAYLAND_DISPLAY=$XDG_RUNTIME_DIR/wayland-0 GDK_BACKEND=wayland

# --- two peer shells, paired ---------------------------------------------------
# A: this session's, started through D-Bus activation (as the extension's
# "Start" does).  B: another device on loopback, on a bus of its own.
gdbus call --session --dest org.migui.Shell --object-path /org/migui/Shell \
  --method org.migui.Shell1.GetInfo >"$work/info-a" 2>&1
mkdir -p "$work/b/config"
dbus-daemon --config-file="$source_dir/tests/session-bus.conf" --print-address --fork --print-pid=3 \
  3>"$work/bus-b.pid" >"$work/bus-b.address"
pids+=("$(cat "$work/bus-b.pid")")
on_b () { DBUS_SESSION_BUS_ADDRESS=$(cat "$work/bus-b.address") XDG_CONFIG_HOME=$work/b/config \
  XDG_STATE_HOME=$work/b/state XDG_RUNTIME_DIR=$work/b/run "$@"; }
mkdir -p "$work/b/run" && chmod 700 "$work/b/run"
on_b migui-shell --no-publish --port "$MIGUI_PORT_B" --name "Device B" --accept trusted >"$work/shell-b.log" 2>&1 &
pids+=($!)
wait_for 10 grep -q 'listening on port' "$work/shell-b.log"
info_b=$(on_b gdbus call --session --dest org.migui.Shell --object-path /org/migui/Shell --method org.migui.Shell1.GetInfo)
pair_line () {  # the GetInfo answer of a shell → its paired-devices group
  echo "$1" | sed -n "s/^('\([^']*\)', '\([^']*\)', '\([^']*\)', .*/[\1]\nname=\2\nfingerprint=\3\npaired=2026-01-01T00:00:00Z/p"
}
pair_line "$(cat "$work/info-a")" >>"$work/b/config/migui/paired-devices"
pair_line "$info_b" >>"$XDG_CONFIG_HOME/migui/paired-devices"
check "migui-shell A came up through D-Bus activation" grep -q "'Device A'" "$work/info-a"
# C: a device nearby, not paired.
mkdir -p "$work/c/run" && chmod 700 "$work/c/run"
dbus-daemon --config-file="$source_dir/tests/session-bus.conf" --print-address --fork --print-pid=3 \
  3>"$work/bus-c.pid" >"$work/bus-c.address"
pids+=("$(cat "$work/bus-c.pid")")
mkdir -p "$work/c-data/applications"
on_c () { DBUS_SESSION_BUS_ADDRESS=$(cat "$work/bus-c.address") XDG_CONFIG_HOME=$work/c/config XDG_DATA_HOME=$work/c-data \
  XDG_STATE_HOME=$work/c/state XDG_RUNTIME_DIR=$work/c/run "$@"; }
on_c migui-shell --no-publish --port "$MIGUI_PORT_C" --name "Device C" --accept trusted >"$work/shell-c.log" 2>&1 &
pids+=($!)
wait_for 10 grep -q 'listening on port' "$work/shell-c.log"

# --- the extension -----------------------------------------------------------
gdbus call --session --dest org.gnome.Shell --object-path /org/gnome/Shell \
  --method org.gnome.Shell.Extensions.EnableExtension "$uuid" >/dev/null
extension_info () {
  gdbus call --session --dest org.gnome.Shell --object-path /org/gnome/Shell \
    --method org.gnome.Shell.Extensions.GetExtensionInfo "$uuid"
}
# Enabling goes on after the call returns.
wait_for 10 bash -c "$(declare -f extension_info); extension_info | grep -q \"'state': <1.0>\""
info=$(extension_info)
echo "# $(echo "$info" | grep -o "'state': <[^>]*>\|'error': <[^>]*>" | tr "\n" " ")"
check "the extension is enabled and active (state 1)" bash -c "echo \"\$0\" | grep -q \"'state': <1.0>\"" "$info"
errors=$(gdbus call --session --dest org.gnome.Shell --object-path /org/gnome/Shell \
  --method org.gnome.Shell.Extensions.GetExtensionErrors "$uuid")
check "the extension reports no errors" [ "$errors" = "(@as [],)" ]

# --- windows: the gallery, and a plain GTK window --------------------------
"$build/demo-apps/gallery/migui-gallery" >"$work/gallery-a.log" 2>&1 &
python3 -c '
import gi
gi.require_version("Gtk", "4.0")
from gi.repository import Gtk
app = Gtk.Application(application_id="org.example.Plain")
app.connect("activate", lambda a: Gtk.ApplicationWindow(application=a, title="Plain window").present())
app.run(None)' >"$work/plain.log" 2>&1 &
pids+=($!)
find_window='const win = global.display.list_all_windows().find(w => w.get_gtk_application_id() === ID);'
wait_for 20 bash -c "[ \"\$(eval_js \"global.display.list_all_windows().filter(w => ['org.migui.Gallery', 'org.example.Plain'].includes(w.get_gtk_application_id())).length\")\" -ge 2 ]"
# The window menu of a window, as GNOME Shell builds it, once the
# extension has heard from the application: its items' labels, and those
# of "Send to Device"'s submenu.
menu_of () {
  ext_js "const ID = '$1'; $find_window
    const WindowMenu = await import('resource:///org/gnome/shell/ui/windowMenu.js');
    ext._client.isMigratory(win);
    await new Promise(r => setTimeout(r, 1500));
    const menu = new WindowMenu.WindowMenu(win, Main.layoutManager.dummyCursor);
    await new Promise(r => setTimeout(r, 1500));
    const items = menu._getMenuItems();
    const send = items.find(i => i.label?.text === 'Send to Device');
    const labels = items.map(i => i.label?.text ?? '-');
    const sub = send ? send.menu._getMenuItems().map(i => i.label?.text ?? '-') : [];
    menu.destroy();
    return {labels, sub};"
}
# The gallery asks each static peer who it is once it starts: a moment.
for attempt in 1 2 3 4 5; do
  menu_gallery=$(menu_of org.migui.Gallery)
  echo "$menu_gallery" | grep -q '"Device B"' && break
done
echo "# gallery: $menu_gallery"
check "the gallery's window menu has Send to Device" bash -c "echo '$menu_gallery' | grep -q '\"Send to Device\"'"
check "it lists Device B, paired" bash -c "echo '$menu_gallery' | grep -q '\"sub\":\[\"Device B\"'"
check "and Keep a Copy Here" bash -c "echo '$menu_gallery' | grep -q 'Keep a Copy Here'"
menu_plain=$(menu_of org.example.Plain)
echo "# plain: $menu_plain"
check "a plain GTK window's menu has not" bash -c "echo '$menu_plain' | grep -q '\"labels\"' && ! echo '$menu_plain' | grep -q 'Send to Device'"

# --- Quick Settings ----------------------------------------------------------
qs=$(ext_js "const toggle = ext._indicator.toggle; await ext._client.refresh();
  return {checked: toggle.checked, subtitle: toggle.subtitle,
          items: toggle.menu._getMenuItems().flatMap(i => i._getMenuItems ? i._getMenuItems() : [i])
                   .map(i => i.label?.text ?? '-')};")
echo "# quick settings: $qs"
check "the Devices toggle is on, with one paired device" bash -c "echo '$qs' | grep -q '\"checked\":true,\"subtitle\":\"1 paired\"'"
check "it offers to continue from Device B" bash -c "echo '$qs' | grep -q 'Continue from Device B'"

# --- pairing with C from Quick Settings ----------------------------------------
paired=$(ext_js "for (let i = 0; i < 50; i++) {
      const nearby = await ext._client.listNearby();
      if (nearby.some(d => d.name === 'Device C'))
        break;
      await new Promise(r => setTimeout(r, 200));
    }
    const toggle = ext._indicator.toggle;
    toggle.menu.open();
    await new Promise(r => setTimeout(r, 1500));
    const items = toggle._nearbySection._getMenuItems();
    const labels = items.map(i => i.label.text);
    items.find(i => i.label.text === 'Pair with Device C…')?.emit('activate', null);
    for (let i = 0; i < 50 && !toggle.pairingDialog; i++)
      await new Promise(r => setTimeout(r, 100));
    toggle.menu.close();
    return {labels, code: toggle.pairingDialog?.code ?? null};")
echo "# pairing: $paired"
check "Quick Settings offers to pair with Device C, nearby" bash -c "echo '$paired' | grep -q '\"labels\":\[\"Pair with Device C…\"\]'"
code=$(echo "$paired" | sed -n 's/.*"code":"\([0-9]\{3\}\) \([0-9]\{3\}\)".*/\1\2/p')
shown=$(on_c migui pair 2>/dev/null | sed -n 's/^Device A wants to pair, showing the code \([0-9]\{3\}\) \([0-9]\{3\}\).*/\1\2/p')
check "its dialog shows the code Device C shows ($code, $shown)" bash -c "[ -n '$code' ] && [ '$code' = '$shown' ]"
on_c migui pair --accept "$shown" >/dev/null
after=$(ext_js "ext._indicator.toggle.pairingDialog.answer(true);
    for (let i = 0; i < 50 && ext._client.devices.length < 2; i++)
      await new Promise(r => setTimeout(r, 200));
    return ext._client.devices.map(d => d.name).sort();")
echo "# paired: $after"
check "both confirmed: A is paired with C" [ "$after" = '["Device B","Device C"]' ]

# C is paired now, but has no gallery.
menu_gallery=$(menu_of org.migui.Gallery)
echo "# gallery, with C: $menu_gallery"
check "a paired device without the application says so" \
  bash -c "echo '$menu_gallery' | grep -q '\"Device B\",\"Device C (not installed there)\"'"

# --- screenshots for README (MIGUI_SCREENSHOTS=DIR), through
# org.gnome.Shell.Screenshot as a screenshot tool takes them -------------------
screenshot () {
  gdbus call --session --dest org.gnome.Shell --object-path /org/gnome/Shell/Screenshot \
    --method org.gnome.Shell.Screenshot.Screenshot false false "$1" >/dev/null
}
if [ -n "${MIGUI_SCREENSHOTS:-}" ]; then
  mkdir -p "$MIGUI_SCREENSHOTS"
  ext_js "Main.overview.hide(); Main.messageTray.bannerBlocked = true;
    Main.messageTray._bannerBin?.hide(); await new Promise(r => setTimeout(r, 1000));" >/dev/null
  ext_js "const ID = 'org.migui.Gallery'; $find_window
    win.move_resize_frame(false, 120, 80, 760, 560);
    const rect = win.get_frame_rect();
    rect.x += 200; rect.y += 40; rect.width = 1; rect.height = 1;
    Main.wm._windowMenuManager.showWindowMenuForWindow(win, Meta.WindowMenuType.WM, rect);
    await new Promise(r => setTimeout(r, 1500));
    const menu = Main.wm._windowMenuManager._manager.activeMenu;
    menu._getMenuItems().find(i => i.label?.text === 'Send to Device').setSubmenuShown(true);
    await new Promise(r => setTimeout(r, 800));" >/dev/null
  screenshot "$MIGUI_SCREENSHOTS/window-menu.png"
  ext_js "Main.wm._windowMenuManager._manager.activeMenu?.close(); return true;" >/dev/null
  ext_js "const qs = Main.panel.statusArea.quickSettings;
    qs.menu.open();
    await new Promise(r => setTimeout(r, 500));
    ext._indicator.toggle.menu.open();
    await new Promise(r => setTimeout(r, 800));
    ext._indicator.toggle.menu._getMenuItems()[0]._getMenuItems()[0].menu.open(false);
    await new Promise(r => setTimeout(r, 1500));" >/dev/null
  screenshot "$MIGUI_SCREENSHOTS/quick-settings.png"
  ext_js "Main.panel.statusArea.quickSettings.menu.close(); return true;" >/dev/null
fi

# --- send the gallery to B from its window menu -----------------------------
migui save org.migui.Gallery "$work/before.migui"
sent=$(ext_js "const ID = 'org.migui.Gallery'; $find_window
  const MessageTray = await import('resource:///org/gnome/shell/ui/messageTray.js');
  const notified = [];
  const source = MessageTray.getSystemSource();
  const id = source.connect('notification-added', (s, n) => notified.push(n.title));
  const send = ext._windowMenu._send(win, {id: 'Device B', name: 'Device B', paired: true}, false);
  await new Promise(r => setTimeout(r, 100));
  const moving = ext._indicator.toggle.subtitle;
  const topBar = ext._indicator._indicator.visible;
  await send;
  source.disconnect(id);
  const {time, ...last} = ext._client.history[0];
  return {moving, topBar, notified, history: last};")
echo "# sent: $sent"
check "while it moves, the toggle and the top bar say so" bash -c "echo '$sent' | grep -q '\"moving\":\"1 moving\",\"topBar\":true'"
check "a notification names the device" bash -c "echo '$sent' | grep -q '\"notified\":\[\"Migratory Gallery moved to Device B\"\]'"
check "the gallery moved to Device B" bash -c "echo '$sent' | grep -q '\"ok\":true,\"app\":\"Migratory Gallery\",\"device\":\"Device B\"'"
wait_for 10 on_b migui save org.migui.Gallery "$work/on-b.migui"
check "every widget value arrived on B" "$source_dir/tests/testbed/compare-trees.py" "$work/before.migui" "$work/on-b.migui"

# --- the acceptance choice of Quick Settings -----------------------------------
ext_js "ext._indicator.toggle._acceptItem.toggle(); await new Promise(r => setTimeout(r, 500)); return true;" >/dev/null
check "Accept Without Asking sets the policy for paired devices" \
  bash -c "migui policy list --json | grep -q '{\"device\":\"\*\",\"app\":\"\*\",\"action\":\"allow\"}'"
ext_js "ext._indicator.toggle._acceptItem.toggle(); await new Promise(r => setTimeout(r, 500)); return true;" >/dev/null

# --- and back with "Continue from Device B" ---------------------------------
on_b migui policy allow --pull --device "Device A" >/dev/null
pulled=$(ext_js "const device = ext._client.devices.find(d => d.name === 'Device B');
  const apps = await ext._client.listRunning(device);
  await ext._indicator.toggle._continue(device, apps[0]);
  const {time, ...last} = ext._client.history[0];
  return {apps: apps.map(a => a.id), history: last};")
echo "# pulled: $pulled"
check "Continue from lists the gallery running on B" bash -c "echo '$pulled' | grep -q '\"apps\":\[\"org.migui.Gallery\"\]'"
check "and brings it back here" bash -c "echo '$pulled' | grep -q '\"incoming\":true,\"ok\":true'"
wait_for 10 migui save org.migui.Gallery "$work/back.migui"
check "every widget value came back" "$source_dir/tests/testbed/compare-trees.py" "$work/before.migui" "$work/back.migui"

# --- a part of the sketch pad, sent to B from the window menu ---------------
"$build/demo-apps/sketch-pad/migui-sketch-pad" >"$work/sketch-a.log" 2>&1 &
pids+=($!)
wait_for 20 bash -c "[ \"\$(eval_js \"global.display.list_all_windows().filter(w => w.get_gtk_application_id() === 'org.migui.SketchPad').length\")\" -ge 1 ]"
for attempt in 1 2 3 4 5; do
  parts=$(ext_js "const ID = 'org.migui.SketchPad'; $find_window
    const WindowMenu = await import('resource:///org/gnome/shell/ui/windowMenu.js');
    ext._client.isMigratory(win);
    await new Promise(r => setTimeout(r, 1500));
    const menu = new WindowMenu.WindowMenu(win, Main.layoutManager.dummyCursor);
    await new Promise(r => setTimeout(r, 1500));
    const items = menu._getMenuItems();
    const labels = items.map(i => i.label?.text ?? '-');
    const part = items.find(i => i.label?.text === 'Send a Part to Device');
    const sub = part ? part.menu._getMenuItems() : [];
    /* Choosing how leaves the menu open and moves the dot. */
    sub[1]?.activate(null);
    const dots = sub.slice(0, 3).map(i => i._ornament === 1);
    const subLabels = sub.map(i => i.label?.text ?? '-');
    menu.destroy();
    return {labels, sub: subLabels, dots};")
  echo "$parts" | grep -q '"Palette to Device B"' && break
done
echo "# parts: $parts"
check "the sketch pad's window menu has Send a Part to Device, after Send to Device" \
  bash -c "echo '$parts' | grep -q '\"Send to Device\",\"Send a Part to Device\"'"
check "it offers to move, share or show, and each part to Device B" \
  bash -c "echo '$parts' | grep -q '\"sub\":\[\"Move It\",\"Share It\",\"Only Show It\"' && echo '$parts' | grep -q '\"Players to Device B\"'"
check "a paired device without the sketch pad says so" \
  bash -c "echo '$parts' | grep -q '\"Palette to Device C (not installed there)\"'"
check "choosing Share It puts the dot there" bash -c "echo '$parts' | grep -q '\"dots\":\[false,true,false\]'"
check "the gallery's menu has no such item" bash -c "! echo '$(menu_of org.migui.Gallery)' | grep -q 'Send a Part'"
part_sent=$(ext_js "const ID = 'org.migui.SketchPad'; $find_window
  const MessageTray = await import('resource:///org/gnome/shell/ui/messageTray.js');
  const notified = [];
  const source = MessageTray.getSystemSource();
  const id = source.connect('notification-added', (s, n) => notified.push(n.title + ' ' + n.body));
  await ext._windowMenu._parts.send(win, 'Palette', {id: 'Device B', name: 'Device B', paired: true}, 'move');
  source.disconnect(id);
  const forms = await ext._client.listForms(win);
  return {notified, forms: forms.map(f => [f.name, ...f.devices])};")
echo "# part sent: $part_sent"
check "the palette moved to Device B, live there" \
  bash -c "echo '$part_sent' | grep -q '\"notified\":\[\"Palette moved to Device B \"\]' && echo '$part_sent' | grep -q '\[\"Palette\",\"Device B\"\]'"
on_b gdbus call --session --dest org.migui.SketchPad --object-path /org/migui/SketchPad \
  --method org.gtk.Actions.Activate quit "[]" "{}" >/dev/null 2>&1
gdbus call --session --dest org.migui.SketchPad --object-path /org/migui/SketchPad \
  --method org.gtk.Actions.Activate quit "[]" "{}" >/dev/null 2>&1

# --- a send in flight, cancelled from Quick Settings --------------------------
# B's user is now asked (nobody answers): the send waits there.
kill "$(pgrep -f -- "--name Device B" | head -1)"
wait_for 5 bash -c "! pgrep -f -- '--name Device B' >/dev/null"
on_b migui-shell --no-publish --port "$MIGUI_PORT_B" --name "Device B" --accept ask >>"$work/shell-b.log" 2>&1 &
pids+=($!)
wait_for 10 bash -c "[ \$(grep -c 'listening on port' '$work/shell-b.log') -ge 2 ]"
cancelled=$(ext_js "const ID = 'org.migui.Gallery'; $find_window
  const send = ext._windowMenu._send(win, {id: 'Device B', name: 'Device B', paired: true}, false);
  for (let i = 0; i < 50 && ext._client.outgoing.size === 0; i++)
    await new Promise(r => setTimeout(r, 100));
  await new Promise(r => setTimeout(r, 1000));
  const items = ext._indicator.toggle._movingSection._getMenuItems();
  const button = items[0]?.get_children().find(c => c.label === 'Cancel');
  const shown = items.map(i => i.label.text);
  button.emit('clicked', 1);
  await send;
  const {time, ...last} = ext._client.history[0];
  return {shown, last, windows: global.display.list_all_windows()
    .filter(w => w.get_gtk_application_id() === ID).length};")
echo "# cancelled: $cancelled"
check "the send in flight shows in Quick Settings with Cancel" \
  bash -c "echo '$cancelled' | grep -q '\"shown\":\[\"Sending Migratory Gallery to Device B…\"\]'"
check "Cancel cancels it, and the gallery stays here" \
  bash -c "echo '$cancelled' | grep -q '\"ok\":false' && echo '$cancelled' | grep -q 'Cancelled' && echo '$cancelled' | grep -q '\"windows\":1'"

# --- migui-shell stops, and comes back -------------------------------------
pid_a=$(pgrep -f "migui-shell --no-publish --port 0 --name Device A" | head -1)
kill "$pid_a"
wait_for 10 bash -c "[ \"\$(ext_js 'return ext._indicator.toggle.subtitle;')\" = '\"Service not running\"' ]"
check "a stopped migui-shell shows as not running" \
  bash -c "[ \"\$(ext_js 'return ext._indicator.toggle.subtitle;')\" = '\"Service not running\"' ]"
ext_js "await ext._indicator.toggle._start(); return true;" >/dev/null
check "Start brings it back (D-Bus activation)" \
  wait_for 10 bash -c "[ \"\$(ext_js 'return ext._indicator.toggle.checked;')\" = true ]"

exit $(( failed > 0 ))
