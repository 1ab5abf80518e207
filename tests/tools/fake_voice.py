#!/usr/bin/env python3
"""A stand-in voice engine for tests: reads a line on stdin and writes a WAV of a quiet
220 Hz tone lasting 0.75 s a word (24 kHz mono, 16-bit) to OUT, or to stdout when OUT
is "-". Each call appends its argv and text to LOG as one JSON line.

usage: fake_voice.py LOG OUT [fail|sleep|garbage|silent|linger|escape|flood|long]

linger and escape leave `sleep 60` running with standard error open (escape in a session
of its own) and write its pid to LOG.pid; flood writes 600 MB to standard error and
fails; long writes 2 min 1 s of silence.
"""
import array
import json
import math
import sys
import time

log, out = sys.argv[1], sys.argv[2]
mode = sys.argv[3] if len(sys.argv) > 3 else ""
text = sys.stdin.read()
with open(log, "a", encoding="utf-8") as f:
    f.write(json.dumps({"argv": sys.argv, "text": text}) + "\n")

if mode == "fail":
    sys.stderr.write("loading voice model...\nerror: model 'af_heart' not found\n")
    sys.exit(3)
if mode == "sleep":
    time.sleep(30)
if mode in ("linger", "escape"):
    import subprocess

    child = subprocess.Popen(["sleep", "60"], start_new_session=(mode == "escape"))
    with open(log + ".pid", "w") as f:
        f.write(str(child.pid))
if mode == "flood":
    chunk = b"x" * 1023 + b"\n"
    for _ in range(600 * 1024):
        sys.stderr.buffer.write(chunk)
    sys.stderr.buffer.write(b"error: the last words\n")
    sys.stderr.flush()
    sys.exit(4)
if mode == "silent":
    sys.exit(0)
if mode == "garbage":
    data = b"this is not a wav file\n" * 10
else:
    import io
    import wave

    rate = 24000
    if mode == "long":
        samples = array.array("h", bytes(2 * 121 * rate))
    else:
        n = int(0.75 * len(text.split()) * rate)
        samples = array.array("h", (int(6000 * math.sin(2 * math.pi * 220 * i / rate)) for i in range(n)))
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    data = buf.getvalue()

if out == "-":
    sys.stdout.buffer.write(data)
else:
    with open(out, "wb") as f:
        f.write(data)
