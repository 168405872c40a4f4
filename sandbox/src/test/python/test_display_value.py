"""Notebook-style last value: split_last_expression, display_value and run."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import display_value
from display_value import run, split_last_expression


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_a_program_ending_in_an_expression_shows_its_value():
    assert run("x = 40\nx + 2", {}) == {"type": "int", "text": "42"}


def test_a_program_ending_in_a_statement_shows_nothing():
    namespace = {}
    assert run("x = 40\ny = x + 2", namespace) is None
    assert namespace["y"] == 42


def test_a_last_expression_that_is_none_shows_nothing_like_a_notebook(capsys):
    assert run("print('hi')", {}) is None
    assert capsys.readouterr().out == "hi\n"


def test_the_body_runs_before_the_last_expression_in_the_same_namespace():
    body, last = split_last_expression("import math\nr = 2\nmath.pi * r ** 2")
    namespace = {}
    exec(body, namespace)
    assert eval(last, namespace) == pytest.approx(12.566, abs=1e-3)


def test_an_empty_program_or_one_of_comments_has_no_last_expression():
    assert split_last_expression("")[1] is None
    assert split_last_expression("# nothing\n")[1] is None


def test_a_syntax_error_is_raised_with_the_programs_file_name_and_line():
    with pytest.raises(SyntaxError) as error:
        split_last_expression("x = 1\nx +", "job.py")
    assert (error.value.filename, error.value.lineno) == ("job.py", 2)


def test_errors_in_the_last_expression_keep_their_line_number():
    body, last = split_last_expression("x = 1\n\n1 / 0", "job.py")
    exec(body, {})
    with pytest.raises(ZeroDivisionError) as error:
        eval(last, {})
    assert error.traceback[-1].lineno + 1 == 3


def test_a_dataframe_shows_as_text_and_an_html_table():
    shown = run("import pandas as pd\npd.DataFrame({'a': [1, 2], 'b': ['x', 'y']})", {})
    assert shown["type"] == "pandas.DataFrame"
    assert "<table" in shown["html"] and "<td>x</td>" in shown["html"]
    assert shown["text"].splitlines()[0].split() == ["a", "b"]


def test_a_long_dataframe_is_abbreviated_like_a_notebook_does():
    frame = pd.DataFrame({"n": range(10_000)})
    shown = display_value.display_value(frame)
    assert shown["html"].count("<tr>") <= display_value.HTML_ROWS + 2
    assert len(shown["text"]) <= display_value.MAX_TEXT + 100


def test_a_series_shows_as_text_only():
    shown = display_value.display_value(pd.Series([1, 2], name="s"))
    assert "html" not in shown and "Name: s" in shown["text"]


def test_a_figure_or_what_was_drawn_on_it_is_marked_with_the_figures_number():
    namespace = {}
    shown = run("import matplotlib.pyplot as plt\nfig = plt.figure(7)\nplt.plot([1, 2])", namespace)
    assert shown["figure"] == 7 and shown["text"].startswith("[<matplotlib.lines.Line2D")
    assert display_value.display_value(namespace["fig"])["figure"] == 7


def test_a_huge_repr_is_cut_and_says_how_much_is_missing():
    source = "class Big:\n    def __repr__(self):\n        return 'y' * 1_000_000\nBig()"
    shown = run(source, {})
    assert shown["text"] == "y" * display_value.MAX_TEXT + f"… [{1_000_000 - display_value.MAX_TEXT} more characters]"


def test_a_huge_string_is_abbreviated_to_the_cap():
    shown = run("'x' * 1_000_000", {})
    assert len(shown["text"]) <= display_value.MAX_TEXT and "..." in shown["text"]


def test_a_huge_list_is_abbreviated_before_it_is_turned_into_text():
    shown = display_value.display_value(list(range(5_000_000)))
    assert shown["text"].startswith("[0, 1, 2") and "..." in shown["text"]


def test_a_repr_that_prints_or_fails_changes_no_output(capsys):
    source = ("class Loud:\n"
              "    def __repr__(self):\n"
              "        print('from repr')\n"
              "        raise ValueError('boom')\n"
              "Loud()")
    shown = run(source, {})
    assert shown["text"] == "<repr failed: ValueError>"
    assert capsys.readouterr() == ("", "")


def test_a_repr_that_returns_no_string_is_described():
    source = "class Odd:\n    def __repr__(self):\n        return 5\nOdd()"
    assert run(source, {})["text"] == "<repr failed: TypeError>"
