#!/usr/bin/python3
"""The Mig-1 typelib works from a language binding (TAP output)."""
import gi

gi.require_version("Mig", "1")
from gi.repository import GLib, Mig  # noqa: E402

checks = []


def check(name, condition):
    checks.append((name, bool(condition)))


check("form factor names", Mig.FormFactor.to_string(Mig.FormFactor.PHONE) == "phone")
profile = Mig.DeviceProfile.new(Mig.FormFactor.TABLET, 1200, 800, 2, True)
check("device profile", (profile.get_width(), profile.props.scale, profile.get_touch()) == (1200, 2, True))

tree = Mig.FormTree.new_from_data(
    b'{"format":"migui-form-tree","version":1,"app":{"id":"org.example.App"},'
    b'"suitcase":{"type":"a{sv}","value":{"n":{"type":"u","value":7}}},"windows":[]}')
check("tree accessors", tree.get_app_id() == "org.example.App" and tree.get_n_windows() == 0)
check("suitcase keeps types", tree.get_suitcase().lookup_value("n", GLib.VariantType("u")).get_uint32() == 7)

try:
    Mig.FormTree.new_from_data(b'{"format":"migui-form-tree","version":2}')
    check("future version refused", False)
except GLib.Error as error:
    check("future version refused",
          error.domain == "mig-error-quark" and error.code == Mig.Error.VERSION_MISMATCH)

print(f"1..{len(checks)}")
for number, (name, ok) in enumerate(checks, 1):
    print(f"{'ok' if ok else 'not ok'} {number} - {name}")
