"""Native tests of the guest's chart_data and display_value modules (run by run.sh)."""

import pathlib
import sys

SANDBOX = pathlib.Path(__file__).resolve().parents[2] / "main/resources/dev/chartbox/sandbox"
RESOURCES = pathlib.Path(__file__).resolve().parents[1] / "resources"
sys.path.insert(0, str(SANDBOX))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
