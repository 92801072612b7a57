"""Headless Chromium driven over the DevTools protocol: open a local page, run scripts in it,
click, read console errors, exceptions and network requests, take screenshots.

Chromium is Debian's `chromium` package; nothing is downloaded. `Browser.start()` returns None
when no chromium is installed, so tests can skip with a clear reason.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One Chromium process with one page; `events` collects every protocol event."""

    def __init__(self, process: subprocess.Popen, profile: tempfile.TemporaryDirectory, ws: Any):
        self.process, self.profile, self.ws = process, profile, ws
        self.events: list[dict[str, Any]] = []
        self._id = 0

    @classmethod
    def start(cls, width: int = 1400, height: int = 1000, timeout: float = 30) -> Browser | None:
        import websocket

        binary = chromium()
        if binary is None:
            return None
        profile = tempfile.TemporaryDirectory(
            prefix="quotebench-chromium-", ignore_cleanup_errors=True
        )
        process = subprocess.Popen(
            [
                binary,
                *FLAGS,
                f"--user-data-dir={profile.name}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: close() ends its helpers too
        )
        port_file = Path(profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                profile.cleanup()
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=timeout) as r:
            pages = [t for t in json.load(r) if t["type"] == "page"]
        ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=timeout)
        browser = cls(process, profile, ws)
        for domain in ("Page", "Runtime", "Network", "Log"):
            browser.send(f"{domain}.enable")
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        return browser

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        """The first event `method` not seen yet, waiting for it."""
        deadline = time.monotonic() + timeout
        while True:
            for k, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(k)
            if time.monotonic() > deadline:
                raise TimeoutError(method)
            self.events.append(json.loads(self.ws.recv()))

    def open(self, path: Path) -> float:
        """Load a local file and wait for its load event; the seconds it took."""
        self.events.clear()
        start = time.perf_counter()
        self.send("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")
        return time.perf_counter() - start

    def eval(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real click event on the first element matching `selector`."""
        found = self.eval(f"!!document.querySelector({json.dumps(selector)})")
        if not found:
            raise LookupError(selector)
        self.eval(f"document.querySelector({json.dumps(selector)}).click()")

    def dark(self, on: bool = True) -> None:
        value = "dark" if on else "light"
        self.send(
            "Emulation.setEmulatedMedia",
            features=[{"name": "prefers-color-scheme", "value": value}],
        )

    def errors(self) -> list[str]:
        """Script exceptions and console or log errors seen so far."""
        out = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                out.append(json.dumps(params["exceptionDetails"])[:500])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.append(json.dumps(params.get("args"))[:500])
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                out.append(params["entry"].get("text", ""))
        return out

    def requests(self) -> list[str]:
        """URLs of every request the page made (the page itself included)."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def screenshot(self, out: Path, selector: str | None = None) -> None:
        """The viewport as PNG, scrolled to `selector` first when given."""
        clip = {}
        if selector is not None:
            self.eval(f"document.querySelector({json.dumps(selector)}).scrollIntoView()")
        else:  # a short page: down to the end of its content
            width, height = self.eval(
                "[innerWidth, Math.min(innerHeight, document.body.scrollHeight + 24)]"
            )
            clip = {"clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}
        data = self.send("Page.captureScreenshot", format="png", **clip)
        out.write_bytes(base64.b64decode(data["data"]))

    def close(self) -> None:
        """End the browser's process group (the browser and its helper processes)."""
        try:
            self.ws.close()
        finally:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=10)
                    time.sleep(0.2)  # helpers leave after the browser
                except subprocess.TimeoutExpired:
                    continue
            shutil.rmtree(self.profile.name, ignore_errors=True)
            self.profile.cleanup()
