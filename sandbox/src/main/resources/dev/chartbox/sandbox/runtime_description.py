# What a job can use, as JSON: run in the sandbox by ChicorySandbox.describeRuntime(). The host
# fills in the guest's name and version (the guest does not know them).
import importlib.metadata
import json
import platform

packages = sorted(
    ({"name": dist.metadata["Name"], "version": dist.version} for dist in importlib.metadata.distributions() if dist.metadata["Name"]),
    key=lambda package: package["name"].lower(),
)
print(json.dumps({
    "guest": {"name": GUEST_NAME, "version": GUEST_VERSION},
    "python": platform.python_version(),
    "packages": packages,
    "notes": [
        "numpy, pandas and matplotlib are imported before the program starts: importing them costs nothing.",
        "matplotlib draws with Agg; interactive backends (TkAgg, Qt5Agg, inline, ...) become Agg.",
        "Images the program saves in its working directory, and figures it leaves open, are returned.",
        "No network, no processes, no package installs: `pip install` of a listed package does nothing, of any other fails.",
    ],
}, indent=2))
