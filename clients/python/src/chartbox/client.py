"""A small client of chartbox's REST API (standard library only)."""

from __future__ import annotations

import base64
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Sequence, Union

from .models import Artifact, Execution, ExecutionError, Job, JobEvent, Logs, Result

DEFAULT_URL = "http://localhost:8080"
SAVED_KEY = Path.home() / ".config" / "chartbox" / "api-key"  # where `bin/chartbox up` saves its key
LONG_POLL_SECONDS = 30  # one GET ?wait=N; the api caps N (chartbox.api.max-wait, 60 s by default)

FileInput = Union[str, bytes, Path]


class ChartboxError(Exception):
    """The API refused a request: `status` is the HTTP status, `problem` the RFC 9457 body (if any)."""

    def __init__(self, status: int, problem: Optional[dict[str, Any]], message: str):
        super().__init__(message)
        self.status = status
        self.problem = problem or {}


class Chartbox:
    """chartbox's REST API for one tenant.

    `url` defaults to $CHARTBOX_URL, else http://localhost:8080; `api_key` to $CHARTBOX_API_KEY,
    else the key `bin/chartbox up` saved in ~/.config/chartbox/api-key.
    """

    def __init__(self, url: Optional[str] = None, api_key: Optional[str] = None, *, timeout: float = 60.0):
        self.url = (url or os.environ.get("CHARTBOX_URL") or DEFAULT_URL).rstrip("/")
        self.api_key = api_key or os.environ.get("CHARTBOX_API_KEY") or _saved_key()
        if not self.api_key:
            raise ValueError(f"no API key: pass api_key, set CHARTBOX_API_KEY, or run `bin/chartbox up` (it saves one in {SAVED_KEY})")
        self.timeout = timeout

    # --- jobs -----------------------------------------------------------------------------------

    def submit(self, code: str, *, files: Optional[Mapping[str, FileInput]] = None, limits: Optional[Mapping[str, Any]] = None,
               formats: Optional[Sequence[str]] = None, metadata: Optional[Mapping[str, str]] = None,
               idempotency_key: Optional[str] = None) -> Job:
        """Submits a program; returns the job (QUEUED). `files`: name -> text, bytes or a local Path.
        `limits`: the API's names (deadlineSeconds, memoryMiB, stdoutBytes, stderrBytes,
        maxOutputFiles, maxOutputBytes). `formats`: png, svg, pdf, jpeg for figures left open."""
        body: dict[str, Any] = {"code": code}
        if files:
            body["files"] = [_file(name, content) for name, content in files.items()]
        if limits:
            body["limits"] = dict(limits)
        if formats:
            body["formats"] = list(formats)
        if metadata:
            body["metadata"] = dict(metadata)
        headers = {"Content-Type": "application/json"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return Job.from_json(self._json("POST", "/v1/jobs", body=json.dumps(body).encode("utf-8"), headers=headers))

    def get(self, job: Union[Job, str]) -> Job:
        return Job.from_json(self._json("GET", f"/v1/jobs/{_id(job)}"))

    def wait(self, job: Union[Job, str], timeout: float = 300.0) -> Job:
        """The job once final (long polls); TimeoutError if it is not final within `timeout` seconds."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            wait = max(0.0, min(LONG_POLL_SECONDS, left))
            current = Job.from_json(self._json("GET", f"/v1/jobs/{_id(job)}?wait={wait:.1f}", timeout=wait + self.timeout))
            if current.is_final:
                return current
            if left <= 0:
                raise TimeoutError(f"job {current.id} is still {current.status} after {timeout} s")

    def events(self, job: Union[Job, str], timeout: Optional[float] = 300.0) -> Iterator[JobEvent]:
        """The job's server-sent events, in order: queued, running, result (the stream ends after it).
        A late reader gets the stages it missed."""
        request = self._request("GET", f"/v1/jobs/{_id(job)}/events", headers={"Accept": "text/event-stream"})
        with self._open(request, timeout) as response:
            stage, data = "message", []
            for raw in response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if not line:
                    if data:
                        yield JobEvent(stage, Job.from_json(json.loads("\n".join(data))))
                        if stage == "result":
                            return
                    stage, data = "message", []
                elif line.startswith(":"):
                    continue
                else:
                    name, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if name == "event":
                        stage = value
                    elif name == "data":
                        data.append(value)

    def download(self, artifact: Union[Artifact, str]) -> bytes:
        """An artifact's bytes (by Artifact or URL). The API key goes only to the API's own origin,
        never to a presigned S3 URL."""
        url = artifact.url if isinstance(artifact, Artifact) else artifact
        headers = {"X-API-Key": self.api_key} if _same_origin(url, self.url) else {}
        with self._open(urllib.request.Request(url, headers=headers), self.timeout) as response:
            return response.read()

    # --- E2B-like ----------------------------------------------------------------------------------

    def run_code(self, code: str, *, files: Optional[Mapping[str, FileInput]] = None, limits: Optional[Mapping[str, Any]] = None,
                 formats: Optional[Sequence[str]] = None, timeout: float = 300.0) -> Execution:
        """Runs a program and waits, E2B style: `.results` (each image with its chart data, then the
        last value as the main result), `.logs.stdout` / `.stderr`, `.error` (the exception, or the
        limit that stopped it). A request the API refuses raises ChartboxError."""
        job = self.wait(self.submit(code, files=files, limits=limits, formats=formats), timeout)
        shown = job.display
        results = []
        main_image = None
        for artifact in job.artifacts:
            content = self.download(artifact)
            if shown is not None and artifact.name == shown.artifact and main_image is None:
                main_image = (artifact, content)
            else:
                results.append(Result.of_image(artifact, content))
        if shown is not None:
            if main_image is not None:
                results.append(Result.of_image(main_image[0], main_image[1], text=shown.text, html=shown.html, is_main_result=True))
            else:
                results.append(Result(text=shown.text, html=shown.html, is_main_result=True))
        error = None
        if job.status != "SUCCEEDED":
            e = job.error
            error = ExecutionError(e.type if e else job.status, e.message if e else job.status, (e.traceback or "") if e else "")
        return Execution(results, Logs(_lines(job.stdout), _lines(job.stderr)), error, job)

    # --- HTTP --------------------------------------------------------------------------------------

    def _request(self, method: str, path: str, body: Optional[bytes] = None, headers: Optional[dict[str, str]] = None) -> urllib.request.Request:
        all_headers = {"X-API-Key": self.api_key, "Accept": "application/json", **(headers or {})}
        return urllib.request.Request(self.url + path, data=body, method=method, headers=all_headers)

    def _json(self, method: str, path: str, body: Optional[bytes] = None, headers: Optional[dict[str, str]] = None,
              timeout: Optional[float] = None) -> dict[str, Any]:
        with self._open(self._request(method, path, body, headers), timeout or self.timeout) as response:
            return json.loads(response.read())

    @staticmethod
    def _open(request: urllib.request.Request, timeout: Optional[float]):
        try:
            return urllib.request.urlopen(request, timeout=timeout)
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                problem = json.loads(raw) if raw else None
            except ValueError:
                problem = None
            detail = (problem or {}).get("detail") or raw[:200].decode("utf-8", errors="replace") or e.reason
            raise ChartboxError(e.code, problem, f"{request.get_method()} {request.full_url}: {e.code} {detail}") from None


def _id(job: Union[Job, str]) -> str:
    return urllib.parse.quote(job.id if isinstance(job, Job) else job, safe="")


def _file(name: str, content: FileInput) -> dict[str, str]:
    if isinstance(content, Path):
        content = content.read_bytes()
    if isinstance(content, str):
        return {"name": name, "text": content}
    return {"name": name, "base64": base64.b64encode(content).decode("ascii")}


def _lines(text: Optional[str]) -> list[str]:
    """E2B gives logs as the chunks printed; chartbox has the whole stream: one line per entry."""
    return text.splitlines(keepends=True) if text else []


def _same_origin(url: str, base: str) -> bool:
    a, b = urllib.parse.urlsplit(url), urllib.parse.urlsplit(base)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def _saved_key() -> Optional[str]:
    try:
        return SAVED_KEY.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
