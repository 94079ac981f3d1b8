"""Rendering admin-written letter templates without letting them run code or reach data.

Three layers:
- the context is a flat dict of plain strings built in context.py: there is no object to
  climb from (no ORM rows, no app, no request);
- an ImmutableSandboxedEnvironment with no globals (no lipsum, cycler, range ...), autoescape
  and StrictUndefined, so an unknown name is an error, not a silent blank;
- a check of the parsed template before it runs (see _FORBIDDEN_NODES), a short list of
  filters, one level of loops, and caps on the source and the output size. The sandbox
  itself also refuses operators, so even an unchecked template cannot do `'x' * 10**9`.

The rendered letter is plain text: values are escaped while rendering (autoescape) and the
text is unescaped once at the end, because every page and the PDF escape it again.
"""

from html import unescape

from flask_babel import gettext as _
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_SOURCE_CHARS = 20_000
MAX_OUTPUT_CHARS = 100_000
ALLOWED_FILTERS = frozenset(
    {
        "upper",
        "lower",
        "capitalize",
        "title",
        "trim",
        "default",
        "d",
        "e",
        "escape",
        "first",
        "last",
        "length",
        "count",
        "join",
    }
)
# A letter needs text, fields, if/else, one level of for and a few filters. Everything
# else is refused when parsing: calls and attribute access (the usual escape routes), and
# assignments, concatenation and arithmetic (which can double a string until memory runs out).
_FORBIDDEN_NODES = (
    nodes.Call,
    nodes.Getattr,
    nodes.Getitem,
    nodes.Slice,
    nodes.Macro,
    nodes.CallBlock,
    nodes.Import,
    nodes.FromImport,
    nodes.Include,
    nodes.Extends,
    nodes.Block,
    nodes.Assign,
    nodes.AssignBlock,
    nodes.With,
    nodes.Concat,
    nodes.BinExpr,
    nodes.ScopedEvalContextModifier,
    nodes.EvalContextModifier,
)
_FORBIDDEN_NAMES = frozenset({"self", "loop", "caller", "varargs", "kwargs"})


class LetterTemplateError(ValueError):
    """A template that cannot be used; the message is shown next to the field."""


class _LetterEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"+", "-", "*", "**", "/", "//", "%"})
    intercepted_unops = frozenset()

    def call_binop(self, context, operator, left, right):
        raise SecurityError(f"operator {operator} is not allowed in letters")

    def call(self, __context, __obj, *args, **kwargs):  # never reached: calls are refused when parsing
        raise SecurityError("calls are not allowed in letters")


MAX_JOIN_SEPARATOR = 10


def _make_env():
    env = _LetterEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=False)
    env.globals.clear()  # no lipsum, cycler, joiner, namespace, range, dict
    env.filters = {name: f for name, f in env.filters.items() if name in ALLOWED_FILTERS}
    builtin_join = env.filters["join"]

    def short_join(eval_ctx, value, d="", attribute=None):
        # `reasons|join(reasons)` would build len(reasons)² characters in one chunk, before
        # the output cap can look at it: a separator is a few characters, never a field.
        if attribute is not None or len(str(d)) > MAX_JOIN_SEPARATOR:
            raise SecurityError("join takes a short separator only")
        return builtin_join(eval_ctx, value, d)

    short_join.jinja_pass_arg = builtin_join.jinja_pass_arg
    env.filters["join"] = short_join
    return env


_ENV = _make_env()


def _check_tree(tree):
    for node in tree.find_all(_FORBIDDEN_NODES):
        raise LetterTemplateError(
            _("Line %(line)s: only fields, if/else, for and simple filters are allowed.", line=node.lineno)
        )
    for node in tree.find_all(nodes.Name):
        if node.name in _FORBIDDEN_NAMES:
            raise LetterTemplateError(_("Line %(line)s: unknown field %(name)s.", line=node.lineno, name=node.name))
    for node in tree.find_all(nodes.Filter):
        if node.name not in ALLOWED_FILTERS:
            raise LetterTemplateError(
                _("Line %(line)s: the filter %(name)s is not allowed.", line=node.lineno, name=node.name)
            )
    for loop in tree.find_all(nodes.For):
        if any(True for _inner in loop.find_all(nodes.For)):
            raise LetterTemplateError(_("Line %(line)s: loops inside loops are not allowed.", line=loop.lineno))


def compile_source(source):
    """A compiled template, or LetterTemplateError with a message for the editor."""
    if len(source) > MAX_SOURCE_CHARS:
        raise LetterTemplateError(_("A template may have at most %(n)s characters.", n=MAX_SOURCE_CHARS))
    try:
        tree = _ENV.parse(source)
    except TemplateSyntaxError as error:
        raise LetterTemplateError(_("Line %(line)s: %(message)s", line=error.lineno, message=error.message)) from None
    _check_tree(tree)
    return _ENV.from_string(tree)


def render(source, context):
    """The letter text for `context` (a dict of plain values), or LetterTemplateError."""
    template = compile_source(source)
    parts, size = [], 0
    try:
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise LetterTemplateError(_("The letter would be longer than %(n)s characters.", n=MAX_OUTPUT_CHARS))
            parts.append(chunk)
    except UndefinedError as error:
        raise LetterTemplateError(_("Unknown field or attribute: %(message)s", message=error.message)) from None
    except SecurityError:
        raise LetterTemplateError(_("The template tries something letters may not do.")) from None
    except (TemplateError, TypeError, ValueError, LookupError, ArithmeticError) as error:
        raise LetterTemplateError(_("The template cannot be filled in: %(message)s", message=str(error))) from None
    return unescape("".join(parts)).strip()


def check(source, context):
    """Raise LetterTemplateError when `source` does not render with a complete `context`."""
    render(source, context)
