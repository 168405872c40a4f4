"""The client against the real system (started by test.sh: `bin/chartbox up`): every job really
runs in the sandbox, so each test costs seconds; only two draw with matplotlib."""

import base64
import hashlib
import os

import pytest

from chartbox import Chartbox, ChartboxError, Execution

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def chartbox() -> Chartbox:
    return Chartbox(os.environ["CHARTBOX_URL"], os.environ["CHARTBOX_API_KEY"])


def test_run_code_gives_each_chart_with_its_data_and_the_last_value_as_the_main_result(chartbox):
    execution: Execution = chartbox.run_code(
        "import matplotlib.pyplot as plt\n"
        "import pandas as pd\n"
        "df = pd.read_csv('sales.csv')\n"
        "fig, ax = plt.subplots()\n"
        "ax.bar(df['fruit'], df['tonnes'])\n"
        "ax.set_title('Sales')\n"
        "fig.savefig('sales.png')\n"
        "print('rows', len(df))\n"
        "df.describe()\n",
        files={"sales.csv": "fruit,tonnes\napples,3\npears,1\nplums,2\n"},
    )

    assert execution.error is None
    assert execution.logs.stdout == ["rows 3\n"]
    image, main = execution.results
    assert base64.b64decode(image.png).startswith(PNG_SIGNATURE)
    assert image.name == "sales.png" and not image.is_main_result
    assert image.chart["type"] == "bar" and image.chart["title"] == "Sales"
    assert [(e["label"], e["value"]) for e in image.chart["elements"]] == [("apples", 3.0), ("pears", 1.0), ("plums", 2.0)]
    assert main.is_main_result and main.png is None
    assert "<table" in main.html and "mean" in main.text
    assert execution.text == main.text


def test_a_figure_as_the_last_value_is_the_main_result_with_its_png_and_chart(chartbox):
    execution = chartbox.run_code(
        "import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots()\n"
        "ax.plot([1, 2, 3], [2, 4, 8], label='growth')\n"
        "fig\n")

    assert execution.error is None
    [main] = execution.results
    assert main.is_main_result and main.name == "figure_1.png"
    assert base64.b64decode(main.png).startswith(PNG_SIGNATURE)
    assert main.chart["type"] == "line"
    assert main.chart["elements"][0]["points"] == [[1.0, 2.0], [2.0, 4.0], [3.0, 8.0]]
    assert main.text.startswith("<Figure size")
    assert main.formats() == ["text", "png", "chart"]


def test_an_exception_in_the_program_is_the_executions_error(chartbox):
    execution = chartbox.run_code("print('before')\nvalues = {}\nvalues['missing']\n")

    assert execution.error.name == "KeyError"
    assert execution.error.value == "'missing'"
    assert 'line 3' in execution.error.traceback
    assert execution.logs.stdout == ["before\n"]
    assert execution.results == []
    assert execution.job.status == "FAILED"


def test_a_runaway_program_ends_with_the_limit_as_its_error(chartbox):
    execution = chartbox.run_code("while True:\n    pass\n", limits={"deadlineSeconds": 2})

    assert execution.job.status == "TIMED_OUT"
    assert execution.error.name == "TimeoutError"


def test_submit_then_events_stream_each_stage_in_order_and_wait_gives_the_same_result(chartbox):
    job = chartbox.submit("print(6 * 7)", metadata={"test": "events"})
    assert job.status == "QUEUED"

    events = list(chartbox.events(job))
    done = chartbox.wait(job)

    stages = [e.stage for e in events]
    assert stages[0] == "queued" and stages[-1] == "result"
    assert set(stages) <= {"queued", "running", "result"}
    assert events[-1].job.status == "SUCCEEDED" and events[-1].job.stdout == "42\n"
    assert done.id == job.id and done.stdout == "42\n" and done.display is None


def test_download_gives_the_bytes_whose_sha256_the_job_advertises(chartbox):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>'
    job = chartbox.wait(chartbox.submit(f"open('tiny.svg', 'w').write({svg!r})\n'done'"))

    artifact = job.artifact("tiny.svg")
    content = chartbox.download(artifact)

    assert content.decode() == svg
    assert hashlib.sha256(content).hexdigest() == artifact.sha256
    assert artifact.chart is None  # not a matplotlib figure
    assert job.display.text == "'done'" and job.display.type == "str"


def test_a_submission_the_api_refuses_raises_its_problem_naming_the_field(chartbox):
    with pytest.raises(ChartboxError) as refused:
        chartbox.submit("print(1)", limits={"deadlineSeconds": -1})

    assert refused.value.status == 400
    assert "limits" in str(refused.value.problem)


def test_a_wrong_api_key_is_refused():
    with pytest.raises(ChartboxError) as refused:
        Chartbox(os.environ["CHARTBOX_URL"], "cbx_not-a-key").submit("print(1)")

    assert refused.value.status == 401
