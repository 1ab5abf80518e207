#!/usr/bin/env python3
"""Runs a command beside python-dbusmock's notification-daemon template on the session bus
(run it under `dbus-run-session`), then writes the Notify calls the mock took to LOG as a
JSON array of {"app", "replaces", "icon", "summary", "body", "actions", "hints", "expire"}.
Exits with the command's exit code.

usage: with_notifications.py LOG COMMAND [ARG...]
"""
import json
import subprocess
import sys

import dbus
import dbusmock

log, command = sys.argv[1], sys.argv[2:]

# Waits until the mock owns org.freedesktop.Notifications before it returns.
server, mock = dbusmock.DBusTestCase.spawn_server_template(
    "notification_daemon", {}, stdout=subprocess.DEVNULL
)
try:
    code = subprocess.call(command)
    calls = []
    for _, method, args in mock.GetCalls(dbus_interface=dbusmock.MOCK_IFACE):
        if method != "Notify":
            continue
        app, replaces, icon, summary, body, actions, hints, expire = args
        calls.append(
            {
                "app": str(app),
                "replaces": int(replaces),
                "icon": str(icon),
                "summary": str(summary),
                "body": str(body),
                "actions": [str(a) for a in actions],
                "hints": sorted(str(k) for k in hints),
                "expire": int(expire),
            }
        )
    with open(log, "w", encoding="utf-8") as f:
        json.dump(calls, f)
finally:
    server.terminate()
    server.wait()
sys.exit(code)
