"""A letter template cannot run code, reach other data or exhaust the server."""

import pytest
from jinja2 import UndefinedError
from jinja2.sandbox import SecurityError

from incidents.letters import sandbox
from incidents.letters.context import sample_context
from incidents.letters.registry import FIELDS, KINDS

CONTEXT = {"person_name": "Bram <b>Visser</b> & co", "reasons": "x" * 1000, "group": "2B"}

ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
    "{{ person_name.__class__ }}",
    "{{ person_name.upper() }}",
    "{{ person_name['__class__'] }}",
    "{{ person_name|attr('__class__') }}",
    "{{ config }}",
    "{{ config.items() }}",
    "{{ request }}",
    "{{ request.environ }}",
    "{{ g }}",
    "{{ session }}",
    "{{ url_for }}",
    "{{ self }}",
    "{{ self._TemplateReference__context }}",
    "{{ range(10) }}",
    "{{ dict(a=1) }}",
    "{% include 'base.html' %}",
    "{% import 'base.html' as b %}",
    "{% extends 'base.html' %}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{{ person_name|format() }}",
    "{{ person_name|center(1000000000) }}",
    "{{ 'x' * 1000000000 }}",
    "{{ 9 ** 9 ** 9 }}",
    "{{ '%1000000000s' % person_name }}",
    "{% set a = reasons ~ reasons %}{{ a }}",
    "{% set a %}{{ reasons }}{{ reasons }}{% endset %}{{ a }}",
    "{% with a = [reasons, reasons]|join %}{{ a }}{% endwith %}",
    "{% for a in reasons %}{% for b in reasons %}{{ b }}{% endfor %}{% endfor %}",
    "{{ loop }}",
    "{{ unknown_field }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_escape_attempts_are_refused(app, source):
    with app.test_request_context():
        with pytest.raises(sandbox.LetterTemplateError):
            sandbox.render(source, CONTEXT)


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ person_name.__class__.__base__.__subclasses__() }}",
        "{% for x in ().__class__.__base__.__subclasses__() %}{{ x }}{% endfor %}",
        "{{ self.__init__.__globals__ }}",
        "{{ person_name.format.__globals__ }}",
        "{{ 'x' * 1000000000 }}",
        "{{ person_name + person_name }}",
    ],
)
def test_sandbox_alone_refuses_even_without_the_parse_check(app, source):
    """Second layer: the environment itself, with the template check bypassed."""
    template = sandbox._ENV.from_string(source)
    with pytest.raises((SecurityError, UndefinedError)):
        template.render(**CONTEXT)


def test_sandbox_has_no_globals_and_few_filters():
    assert sandbox._ENV.globals == {}
    assert set(sandbox._ENV.filters) <= sandbox.ALLOWED_FILTERS
    assert "attr" not in sandbox._ENV.filters and "format" not in sandbox._ENV.filters


def test_values_are_escaped_while_rendering_and_come_out_as_plain_text(app):
    with app.test_request_context():
        out = sandbox.render("Beste {{ person_name }}, {% if group %}klas {{ group|upper }}{% endif %}", CONTEXT)
    # The value could not inject markup (autoescape); the letter is plain text again.
    assert out == "Beste Bram <b>Visser</b> & co, klas 2B"


def test_loops_over_a_list_and_filters_work(app):
    with app.test_request_context():
        out = sandbox.render(
            "{% for n in names %}{{ n|title }};{% endfor %}{{ names|join(', ') }}", {"names": ["ann", "bob"]}
        )
    assert out == "Ann;Bob;ann, bob"


def test_source_and_output_are_capped(app):
    with app.test_request_context("/?lang=en"):
        with pytest.raises(sandbox.LetterTemplateError, match="at most"):
            sandbox.render("x" * (sandbox.MAX_SOURCE_CHARS + 1), {})
        with pytest.raises(sandbox.LetterTemplateError, match="longer than"):
            sandbox.render("{% for c in big %}{{ big }}{% endfor %}", {"big": "y" * 1000})


def test_syntax_and_unknown_field_errors_name_the_problem(app):
    with app.test_request_context("/?lang=en"):
        with pytest.raises(sandbox.LetterTemplateError, match="Line 2"):
            sandbox.render("Beste\n{% if person_name %}zonder einde", CONTEXT)
        with pytest.raises(sandbox.LetterTemplateError, match="persoon_naam"):
            sandbox.render("{{ persoon_naam }}", CONTEXT)


def test_every_default_and_its_subject_pass_the_check_and_use_only_known_fields(app):
    with app.test_request_context():
        context = sample_context("School", "Stichting")
        assert set(context) == set(FIELDS)
        for kind in KINDS.values():
            sandbox.check(kind.body, context)
            sandbox.check(kind.subject, context)
            assert set(kind.fields) <= set(FIELDS)


def test_join_with_a_field_as_separator_is_refused_before_it_grows():
    """`reasons|join(reasons)` squares a long text in one chunk; a separator must be short."""
    import tracemalloc

    from incidents.letters.sandbox import LetterTemplateError, render

    context = {"reasons": "x" * 10_000}
    tracemalloc.start()
    with pytest.raises(LetterTemplateError):
        render("{{ reasons|join(reasons) }}", context)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000
    assert render("{{ items|join(', ') }}", {"items": ["a", "b"]}) == "a, b"
