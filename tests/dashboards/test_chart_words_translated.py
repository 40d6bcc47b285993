"""Every word a chart panel shows is marked for translation: checked on the source of charts.py.

A chart's title, summary, empty state and table headers are written in Python, so the
template checks cannot see them; this reads the module's syntax tree instead.
"""

import ast
from pathlib import Path

import dashboards.charts

TRANSLATE = {"gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext"}
WORDS = {"title", "summary", "empty", "headers"}


def untranslated_words(source: str) -> list[str]:
    """The chart words in `source` not passed through gettext, and f-strings that write a phrase."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) == "Chart":
            for keyword in node.keywords:
                if keyword.arg in WORDS:
                    found += _bare_text(keyword.value)
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                found += _assigned_words(target, node.value)
        elif isinstance(node, ast.JoinedStr) and _writes_a_phrase(node):
            found.append(ast.unparse(node))
    return list(dict.fromkeys(found))  # an f-string in a chart's words is found twice


def _assigned_words(target: ast.expr, value: ast.expr) -> list[str]:
    if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
        return [
            w for t, v in zip(target.elts, value.elts, strict=True) for w in _assigned_words(t, v)
        ]
    if isinstance(target, ast.Attribute) and target.attr in WORDS:
        return _bare_text(value)
    return []


def _bare_text(node: ast.expr) -> list[str]:
    """Literal text in an expression that reaches the page without a gettext call."""
    if isinstance(node, ast.Constant):
        is_text = isinstance(node.value, str) and any(c.isalpha() for c in node.value)
        return [node.value] if is_text else []
    if isinstance(node, ast.JoinedStr):
        return [ast.unparse(node)]
    if isinstance(node, ast.Call):  # gettext marks its text; another helper is checked on its own
        return []
    if isinstance(node, ast.BinOp):
        # In `msgid % {...}` only the left is text: the right holds the values put into it.
        right = [] if isinstance(node.op, ast.Mod) else _bare_text(node.right)
        return _bare_text(node.left) + right
    if isinstance(node, ast.IfExp):
        return _bare_text(node.body) + _bare_text(node.orelse)
    if isinstance(node, ast.List | ast.Tuple):
        return [w for element in node.elts for w in _bare_text(element)]
    if isinstance(node, ast.Starred):
        return _bare_text(node.value)
    return []


def _writes_a_phrase(node: ast.JoinedStr) -> bool:
    """An f-string whose own text holds a space is a phrase, not an id or a number's format."""
    return any(
        isinstance(part, ast.Constant)
        and " " in part.value
        and any(c.isalpha() for c in part.value)
        for part in node.values
    )


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def test_every_chart_word_in_charts_py_is_marked_for_translation():
    source = Path(dashboards.charts.__file__).read_text(encoding="utf-8")
    assert untranslated_words(source) == []


def test_the_check_finds_a_bare_title_an_f_string_summary_and_a_bare_header():
    source = """
Chart(id=f"{prefix}-x", title="Open recommendations", summary=f"{n} forces", headers=["Force"])
"""
    assert untranslated_words(source) == ["Open recommendations", "f'{n} forces'", "Force"]


def test_the_check_finds_bare_words_assigned_to_a_chart_and_a_phrase_in_any_f_string():
    source = """
chart.summary = "No force matches." if not forces else gettext("%(n)d forces") % {"n": n}
chart.rows, chart.empty = [], "Nothing yet."
label = f"{about} ({numerator} of {denominator})"
"""
    assert untranslated_words(source) == [
        "No force matches.",
        "Nothing yet.",
        "f'{about} ({numerator} of {denominator})'",
    ]


def test_the_check_accepts_marked_words_and_f_strings_that_are_ids_or_numbers():
    source = """
Chart(
    id=f"{prefix}-grades",
    title=gettext("Grades"),
    summary=gettext("%(n)d shown.") % {"n": n} + (" " + gettext("More.") if more else ""),
    headers=[gettext("Force"), *[a.name for a in areas]],
    empty=str(NO_MATCH),
)
rate = f"{value * 100:.1f}"
"""
    assert untranslated_words(source) == []
