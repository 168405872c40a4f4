"""chartbox's Python client: `Chartbox(url, api_key)` with submit, wait, events, download, and an
E2B-like `run_code(...) -> Execution`."""

from .client import Chartbox, ChartboxError
from .models import Artifact, Display, Execution, ExecutionError, Job, JobError, JobEvent, Logs, Result

__all__ = ["Chartbox", "ChartboxError", "Artifact", "Display", "Execution", "ExecutionError", "Job", "JobError", "JobEvent",
           "Logs", "Result"]
