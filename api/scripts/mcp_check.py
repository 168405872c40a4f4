"""chartbox's MCP server seen by a third-party client: the official MCP Python SDK (PyPI `mcp`).

Run by api/scripts/mcp-check.sh against a running system (`bin/chartbox up`). Lists the tools and
the runtime resource, draws a chart with run_python (with a progress callback), runs a failing
program, and checks that /mcp needs a credential. Writes a Markdown transcript of what went over
the wire (images summarised, not inlined) and the chart it got back. Exits 1 when a check fails.

    python mcp_check.py --url http://127.0.0.1:8080/mcp --key cbx_... --out DIR
"""

import argparse
import asyncio
import base64
import json
import pathlib
import sys
import time

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

CHART = """\
import pandas as pd
import matplotlib.pyplot as plt

sales = pd.DataFrame({"month": ["Jan", "Feb", "Mar", "Apr"], "units": [120, 135, 160, 152]})
ax = sales.plot.bar(x="month", y="units", legend=False, color="#4c72b0", figsize=(5, 3))
ax.set_title("Units sold per month")
ax.set_ylabel("units")
plt.tight_layout()
plt.savefig("units.png")
print("best month:", sales.loc[sales.units.idxmax(), "month"])
"""

FAILING = """\
import pandas as pd

df = pd.DataFrame({"units": [1, 2, 3]})
print(df["revenue"].sum())
"""


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"  ok    {name}")
        else:
            self.failed.append(name)
            print(f"  FAIL  {name} {detail}")


def summarise(block):
    """One content block as the transcript shows it: images and long text shortened."""
    kind = block.type
    if kind == "text":
        return {"type": "text", "text": block.text}
    if kind == "image":
        raw = base64.b64decode(block.data)
        return {"type": "image", "mimeType": block.mime_type, "data": f"<{len(raw)} bytes of base64-decoded PNG>"}
    if kind == "resource_link":
        return {"type": "resource_link", "name": block.name, "uri": block.uri, "mimeType": block.mime_type, "size": block.size}
    return {"type": kind}


async def run(url, key, out):
    checks = Checks()
    transcript = ["# chartbox over MCP: a transcript", "",
                  f"Client: the official MCP Python SDK (`mcp` {version()}), streamable HTTP to `{url}`, "
                  "header `Authorization: Bearer <API key>`.", ""]

    async with httpx2.AsyncClient(timeout=httpx2.Timeout(30, read=900)) as anonymous:
        response = await anonymous.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}},
                                        headers={"Accept": "application/json, text/event-stream"})
        checks.check("/mcp without a credential is 401", response.status_code == 401, str(response.status_code))

    http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=httpx2.Timeout(30, read=900))
    async with http, Client(streamable_http_client(url, http_client=http)) as client:
        tools = (await client.list_tools()).tools
        names = sorted(tool.name for tool in tools)
        checks.check("tools/list names run_python and describe_runtime", names == ["describe_runtime", "run_python"], str(names))
        transcript += ["## tools/list", ""]
        for tool in tools:
            props = sorted((tool.input_schema or {}).get("properties", {}))
            transcript += [f"- **{tool.name}** ({tool.title}): {tool.description}", f"  - arguments: {', '.join(props) or 'none'}"
                           + (f"; structured output: {', '.join(sorted(tool.output_schema.get('properties', {})))}" if tool.output_schema else "")]
        transcript.append("")

        resources = (await client.list_resources()).resources
        runtime = json.loads((await client.read_resource("chartbox://runtime")).contents[0].text)
        checks.check("the runtime resource names Python and numpy", "python" in runtime and "numpy" in json.dumps(runtime.get("packages")))
        described = await client.call_tool("describe_runtime", {})
        checks.check("describe_runtime gives the same document", described.structured_content == runtime)
        transcript += ["## resources/list, resources/read chartbox://runtime", "",
                       f"Resources: {', '.join(r.uri for r in resources)}. The runtime document (packages shortened):", "",
                       "```json", json.dumps({k: (v if k != "packages" else f"<{len(v)} packages>") for k, v in runtime.items()}, indent=2), "```", ""]

        progress = []

        async def on_progress(value, total, message):
            progress.append((value, message))

        started = time.monotonic()
        result = await client.call_tool("run_python", {"code": CHART}, progress_callback=on_progress)
        elapsed = time.monotonic() - started
        structured = result.structured_content or {}
        images = [b for b in result.content if b.type == "image"]
        links = [b for b in result.content if b.type == "resource_link"]
        text = result.content[0].text if result.content and result.content[0].type == "text" else ""
        checks.check("run_python draws the chart: SUCCEEDED, not an error", not result.is_error and structured.get("status") == "SUCCEEDED",
                     text[:2000])
        checks.check("its stdout is in the text", "best month: Mar" in text)
        png = base64.b64decode(images[0].data) if images else b""
        checks.check("the chart comes back as a PNG image", png.startswith(b"\x89PNG\r\n\x1a\n"))
        checks.check("a resource link points at the REST artifact URL", any(l.uri.endswith("/artifacts/units.png") for l in links))
        checks.check("progress notifications arrived while it ran", len(progress) > 0)
        if png:
            (out / "units.png").write_bytes(png)
        transcript += ["## tools/call run_python (a pandas + matplotlib bar chart)", "", "Arguments:", "", "```json",
                       json.dumps({"code": CHART}, indent=2), "```", "",
                       f"Progress notifications ({len(progress)}), first and last: "
                       + "; ".join(f"{v:g}: {m}" for v, m in (progress[:1] + progress[-1:])), "",
                       f"Result after {elapsed:.1f} s (`isError`: {bool(result.is_error)}), content blocks:", "", "```json",
                       json.dumps([summarise(b) for b in result.content], indent=2), "```", "",
                       "Structured content (`structuredContent`, chart data shortened):", "", "```json",
                       json.dumps(shorten(structured), indent=2), "```", ""]

        failed = await client.call_tool("run_python", {"code": FAILING})
        failed_text = failed.content[0].text if failed.content else ""
        checks.check("a failing program is a tool error with its traceback",
                     failed.is_error and "KeyError" in failed_text and "Traceback" in failed_text, failed_text[:2000])
        transcript += ["## tools/call run_python (a program that fails)", "", "```python", FAILING, "```", "",
                       f"`isError`: {bool(failed.is_error)}; the text the model reads:", "", "```", failed_text.strip(), "```", ""]

    (out / "transcript.md").write_text("\n".join(transcript))
    print(f"mcp-check: transcript in {out / 'transcript.md'}")
    if checks.failed:
        print("mcp-check: failed: " + ", ".join(checks.failed))
    print(f"mcp-check: {checks.passed} passed, {len(checks.failed)} failed")
    return 0 if not checks.failed else 1


def shorten(structured):
    """The structured content with each chart's element list cut to two, for reading."""
    copy = json.loads(json.dumps(structured))
    for artifact in copy.get("artifacts", []):
        chart = artifact.get("chart")
        if isinstance(chart, dict) and isinstance(chart.get("elements"), list) and len(chart["elements"]) > 2:
            chart["elements"] = chart["elements"][:2] + [f"<{len(chart['elements']) - 2} more>"]
    return copy


def version():
    from importlib.metadata import version as v
    return v("mcp")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sys.exit(asyncio.run(run(args.url, args.key, args.out)))


if __name__ == "__main__":
    main()
