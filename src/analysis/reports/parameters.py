"""Check report parameters against the notebook's parameters cell before any kernel starts.

A typo on the command line or in reports.toml should cost one clear line, not a kernel
start-up and a traceback from the middle of a notebook. The declared names, types and
defaults come from papermill's own reading of the cell tagged ``parameters``; a type comes
from the annotation (``year: int = 2004``) or, failing that, from the default's literal.
Domain rules (known country codes, years covered by the data) are hooks: a mapping from
parameter name to a function that raises ``ValueError`` or ``UserError`` with what is allowed.
A pair ``start_<x>`` and ``end_<x>`` is a range, checked to run forwards.
"""

import ast
import json
from collections.abc import Callable, Mapping
from pathlib import Path

import papermill

from analysis.errors import UserError

Domains = Mapping[str, Callable[[object], None]]

TRUE = {"true", "yes", "1", "on"}
FALSE = {"false", "no", "0", "off"}
ALIASES = {"list": "list[str]", "List[str]": "list[str]", "NoneType": "str"}
EXPECTED = {
    "int": "a whole number such as 2004",
    "float": "a number such as 0.5",
    "bool": "true or false",
    "str": "text",
    "list[str]": 'comma-separated text such as VNM,THA, or a JSON list such as ["VNM", "THA"]',
}


def declared(notebook: Path) -> dict[str, str]:
    """Map each parameter the notebook declares to its kind: int, float, bool, str or list[str]."""
    return _kinds(_inspect(notebook))


def check(notebook: Path, given: Mapping[str, object], domains: Domains) -> dict[str, object]:
    """Return ``given`` converted to the declared types; raise UserError at the first bad one."""
    found = _inspect(notebook)
    kinds = _kinds(found)
    checked = {}
    for name, value in given.items():
        if name not in kinds:
            allowed = ", ".join(kinds) or "none (no cell tagged 'parameters')"
            raise UserError(f"{notebook.name}: unknown parameter {name!r}; allowed: {allowed}")
        checked[name] = convert(notebook, name, value, kinds[name])
        _check_domain(notebook, name, checked[name], domains)
    defaults = {name: _literal(spec["default"]) for name, spec in found.items()}
    _check_ranges(notebook, checked, defaults)
    return checked


def convert(notebook: Path, name: str, value: object, kind: str) -> object:
    """``value`` as ``kind``: text from the command line is parsed, TOML values are checked."""
    if kind not in EXPECTED:
        raise UserError(
            f"{notebook.name}: parameter {name!r} is declared as {kind}, which reports cannot "
            f"pass; declare it as one of {', '.join(EXPECTED)}"
        )
    parsed = _parse(value, kind) if isinstance(value, str) else _typed(value, kind)
    if parsed is None:
        raise UserError(
            f"{notebook.name}: parameter {name!r} = {value!r} is not a valid {kind}; "
            f"expected {EXPECTED[kind]}"
        )
    return parsed


def _inspect(notebook: Path) -> dict[str, dict]:
    """papermill's reading of the parameters cell; a notebook it cannot read is a UserError."""
    try:
        return papermill.inspect_notebook(notebook)
    except ValueError as error:  # not JSON, not a notebook, or no kernel named in its metadata
        reason = " ".join(str(error).split())
        raise UserError(f"{notebook}: cannot read its parameters ({reason})") from error


def _kinds(found: dict[str, dict]) -> dict[str, str]:
    """Each parameter's kind, from papermill's reading of the parameters cell."""
    return {
        name: _kind(spec["inferred_type_name"], spec["default"]) for name, spec in found.items()
    }


def _kind(annotation: str, default: str) -> str:
    """The declared kind: the annotation if any, else the type of the default's literal."""
    if annotation == "None":
        annotation = type(_literal(default)).__name__
    return ALIASES.get(annotation, annotation)


def _literal(source: str) -> object:
    """The value of a default written as a Python literal; None for anything else."""
    try:
        return ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return None


def _parse(text: str, kind: str) -> object | None:
    """Parse command-line text; None when it does not read as ``kind``."""
    try:
        match kind:
            case "int":
                return int(text)
            case "float":
                return float(text)
            case "bool":
                lowered = text.strip().lower()
                return True if lowered in TRUE else False if lowered in FALSE else None
            case "list[str]" if text.lstrip().startswith("["):
                return _typed(json.loads(text), kind)
            case "list[str]":
                return [item.strip() for item in text.split(",") if item.strip()]
    except ValueError:  # json.JSONDecodeError is a ValueError
        return None
    return text


def _typed(value: object, kind: str) -> object | None:
    """Check an already-typed value (from TOML or JSON); None when it is not ``kind``."""
    match kind:
        case "int" if isinstance(value, int) and not isinstance(value, bool):
            return value
        case "float" if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        case "bool" if isinstance(value, bool):
            return value
        case "str" if isinstance(value, str):
            return value
        case "list[str]" if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
    return None


def _check_domain(notebook: Path, name: str, value: object, domains: Domains) -> None:
    """Run the hook for ``name`` if there is one, and turn its complaint into one line."""
    hook = domains.get(name)
    if hook is None:
        return
    try:
        hook(value)
    except (ValueError, UserError) as error:
        reason = " ".join(str(error).split())
        raise UserError(
            f"{notebook.name}: parameter {name!r} = {value!r} is not allowed: {reason}"
        ) from error


def _check_ranges(notebook: Path, checked: dict[str, object], defaults: dict[str, object]) -> None:
    """Refuse ``start_<x>`` after ``end_<x>``, which would give an empty report; a bound not
    given is the notebook's default. Bounds that are both defaults are the notebook's affair."""
    values = {**defaults, **checked}
    for start in [name for name in values if name.startswith("start_")]:
        end = "end_" + start.removeprefix("start_")
        if (start in checked or end in checked) and _reversed(values[start], values.get(end)):
            bounds = (
                f"{name} = {values[name]}" + ("" if name in checked else " (its default)")
                for name in (start, end)
            )
            raise UserError(
                f"{notebook.name}: {' comes after '.join(bounds)}; a range runs forwards"
            )


def _reversed(start: object, end: object) -> bool:
    """Whether two numbers form a range that runs backwards."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (start, end))
    return numbers and start > end  # type: ignore[operator]


def default_domains() -> Domains:
    """The data layer's hooks (``analysis.data.parameter_domains``), imported only when needed."""
    try:
        from analysis.data import parameter_domains
    except ImportError as error:
        raise UserError(
            "checking report parameters needs analysis.data.parameter_domains(), "
            f"which cannot be imported: {error}"
        ) from error
    return parameter_domains()
