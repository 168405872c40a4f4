"""The job as chartbox's REST API shows it, and the E2B-like execution `run_code` returns."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any, Optional

FINAL_STATUSES = frozenset({
    "SUCCEEDED", "FAILED", "TIMED_OUT", "MEMORY_EXCEEDED", "OUTPUT_LIMIT_EXCEEDED", "REJECTED", "INTERNAL_ERROR",
})


@dataclass(frozen=True)
class Artifact:
    """An image the program produced. `chart` is its figure's chart data (E2B's shape), if any."""

    name: str
    content_type: str
    size: int
    sha256: str
    url: str
    chart: Optional[dict[str, Any]] = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Artifact":
        return cls(data["name"], data["contentType"], data["size"], data["sha256"], data["url"], data.get("chart"))


@dataclass(frozen=True)
class Display:
    """The value of the program's last line when it is an expression, as a notebook shows it.
    `artifact` names the image of a figure value."""

    type: str
    text: str
    html: Optional[str] = None
    artifact: Optional[str] = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Display":
        return cls(data["type"], data["text"], data.get("html"), data.get("artifact"))


@dataclass(frozen=True)
class JobError:
    """The program's uncaught exception, or why a limit stopped the run."""

    type: str
    message: str
    traceback: Optional[str] = None


@dataclass(frozen=True)
class Job:
    """A job: its status, and once final its result. `raw` is the API's JSON as received."""

    id: str
    status: str
    stdout: Optional[str] = None
    stderr: Optional[str] = None
    exit_code: Optional[int] = None
    error: Optional[JobError] = None
    artifacts: list[Artifact] = field(default_factory=list)
    display: Optional[Display] = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    def artifact(self, name: str) -> Artifact:
        for artifact in self.artifacts:
            if artifact.name == name:
                return artifact
        raise KeyError(name)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Job":
        error = data.get("error")
        display = data.get("display")
        return cls(
            id=data["id"],
            status=data["status"],
            stdout=data.get("stdout"),
            stderr=data.get("stderr"),
            exit_code=data.get("exitCode"),
            error=JobError(error["type"], error.get("message", ""), error.get("traceback")) if error else None,
            artifacts=[Artifact.from_json(a) for a in data.get("artifacts") or []],
            display=Display.from_json(display) if display else None,
            raw=data,
        )


@dataclass(frozen=True)
class JobEvent:
    """One server-sent event of a job: its stage (queued, running, result) and the job then."""

    stage: str
    job: Job


# --- E2B-like (the shape of e2b-code-interpreter's Execution) ----------------------------------

@dataclass(frozen=True)
class Result:
    """One thing the execution shows: an image (png/svg/pdf/jpeg as base64 text, svg as text) with
    its chart data, or the last value (text, html). `is_main_result` marks the last value."""

    text: Optional[str] = None
    html: Optional[str] = None
    png: Optional[str] = None
    jpeg: Optional[str] = None
    svg: Optional[str] = None
    pdf: Optional[str] = None
    chart: Optional[dict[str, Any]] = None
    is_main_result: bool = False
    name: Optional[str] = None

    def formats(self) -> list[str]:
        return [f for f in ("text", "html", "png", "jpeg", "svg", "pdf", "chart") if getattr(self, f) is not None]

    @classmethod
    def of_image(cls, artifact: Artifact, content: bytes, **extra: Any) -> "Result":
        kind = {"image/png": "png", "image/jpeg": "jpeg", "image/svg+xml": "svg", "application/pdf": "pdf"}.get(artifact.content_type)
        fields: dict[str, Any] = {"chart": artifact.chart, "name": artifact.name, **extra}
        if kind == "svg":
            fields["svg"] = content.decode("utf-8", errors="replace")
        elif kind is not None:
            fields[kind] = base64.b64encode(content).decode("ascii")
        return cls(**fields)


@dataclass(frozen=True)
class Logs:
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExecutionError:
    """E2B's error: `name` is the exception type (or the limit: TimeoutError, MemoryError...)."""

    name: str
    value: str
    traceback: str


@dataclass(frozen=True)
class Execution:
    """What `run_code` returns, shaped like E2B's Execution; `job` is chartbox's whole result."""

    results: list[Result]
    logs: Logs
    error: Optional[ExecutionError]
    job: Job

    @property
    def text(self) -> Optional[str]:
        """The last value's text, as E2B's Execution.text."""
        for result in self.results:
            if result.is_main_result:
                return result.text
        return None
