"""Notebook-style last value: when a program ends in an expression, what a notebook would show.

The driver compiles the program with split_last_expression, runs the body, evaluates the last
expression in the same namespace and passes its value to display_value. Nothing here prints:
reprs run with stdout and stderr captured and thrown away, so the program's output is the same
whether or not its last value is shown.
"""

import ast
import contextlib
import io
import reprlib

MAX_TEXT = 10_000    # characters of the text repr
MAX_HTML = 100_000   # characters of an HTML table
HTML_ROWS = 60       # pandas' notebook defaults (display.max_rows, display.max_columns)
HTML_COLUMNS = 20


def split_last_expression(source, filename="<job>"):
    """(body_code, last_expr_code or None): the program without its last statement when that
    statement is an expression, compiled for exec and eval; else the whole program and None.

    Raises SyntaxError like compile() would, so the driver reports it the same way.
    """
    tree = ast.parse(source, filename, "exec")
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return compile(tree, filename, "exec"), None
    last = tree.body.pop()
    expression = ast.Expression(last.value)
    ast.copy_location(expression, last)
    return compile(tree, filename, "exec"), compile(expression, filename, "eval")


def run(source, namespace, filename="<job>"):
    """Run the program in namespace; return display_value of its last expression (or None)."""
    body, last = split_last_expression(source, filename)
    exec(body, namespace)
    if last is None:
        return None
    return display_value(eval(last, namespace))


def display_value(value):
    """{"text": repr} plus "html" for tables and "figure" for matplotlib figures; None for None.

    Like a notebook, None shows nothing; a figure (or an axes or artist list on one) is marked by
    its number so the driver can point at the image it renders for it.
    """
    if value is None:
        return None
    result = {"type": _type_name(value), "text": _capped(_quietly(lambda: _repr(value)), MAX_TEXT)}
    html = _html(value)
    if html is not None:
        result["html"] = html
    figure = _figure_of(value)
    if figure is not None:
        result["figure"] = figure
    return result


_BUILTIN_CONTAINERS = (list, tuple, dict, set, frozenset, str, bytes, bytearray)


def _repr(value):
    """repr(value); for a huge builtin container, reprlib's abbreviation, so a list of a hundred
    million numbers does not cost a gigabyte of text that the cap would throw away."""
    if type(value) in _BUILTIN_CONTAINERS and len(value) > 1000:
        abbreviate = reprlib.Repr(maxlevel=3, maxlist=1000, maxtuple=1000, maxdict=1000,
                                  maxset=1000, maxfrozenset=1000, maxstring=MAX_TEXT,
                                  maxother=MAX_TEXT, maxlong=MAX_TEXT)
        return abbreviate.repr(value)
    return repr(value)


def _type_name(value):
    kind = type(value)
    module = getattr(kind, "__module__", "") or ""
    name = getattr(kind, "__qualname__", kind.__name__)
    return name if module == "builtins" else f"{module}.{name}"


def _html(value):
    """An HTML table for pandas DataFrames (and Stylers), as a notebook would show them."""
    kind = type(value)
    if not (kind.__module__ or "").startswith("pandas"):
        return None
    if kind.__name__ == "DataFrame":
        html = _quietly(lambda: value.to_html(max_rows=HTML_ROWS, max_cols=HTML_COLUMNS))
    elif kind.__name__ == "Styler":
        html = _quietly(value.to_html)
    else:
        return None
    return _capped(html, MAX_HTML) if isinstance(html, str) else None


def _figure_of(value):
    """The number of the matplotlib figure the value is or draws on, else None."""
    import sys
    if "matplotlib" not in sys.modules:
        return None
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure, SubFigure
    candidates = value if isinstance(value, (list, tuple)) and len(value) <= 1000 else [value]
    for item in candidates:
        if isinstance(item, (Figure, SubFigure)):
            figure = item.get_figure(root=True) if isinstance(item, SubFigure) else item
        elif isinstance(item, Artist):
            try:
                figure = item.get_figure(root=True)
            except Exception:
                figure = None
        else:
            continue
        if figure is not None:
            number = getattr(figure, "number", None)
            return number if isinstance(number, int) else True
    return None


def _quietly(call):
    """call() with its prints swallowed and its failure described instead of raised."""
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            return call()
    except Exception as e:
        return f"<repr failed: {type(e).__name__}>"


def _capped(text, limit):
    if not isinstance(text, str):
        text = f"<repr returned {type(text).__name__}>"
    if len(text) <= limit:
        return text
    return text[:limit] + f"… [{len(text) - limit} more characters]"
