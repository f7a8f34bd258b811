"""The list of reports: reports.toml, plus one report per country found in the data.

reports.toml names each fixed report::

    [reports.partner_countries]
    notebook = "partner_countries"          # notebooks/partner_countries.ipynb
    description = "One line for the index"
    parameters = { region = "asean" }       # optional

and each rule that expands a notebook once per country in the processed data::

    [generated.country_profile]
    notebook = "country_profile"
    parameter = "country"                   # receives the ISO 3166 alpha-3 code
    description = "Everything the document says about {name}"   # {name} and {iso3}

giving ``country_profile_VNM`` and so on. A rule may instead expand over the institutions
the documents are about (``over = "institutions"``, giving ``overview_CNRS``; its
description may use {name}), and only when there are at least so many of them
(``at_least = 2``: one overview per institution is the corpus overview when there is one).
Countries and institutions come from callables returning ``(key, display name)`` pairs, so
the list is never typed by hand and tests can inject one.

A report's name is the only part of its file names that varies, so a :class:`Report` checks
it: no path can reach outside the output folder, and no file name grows too long.
"""

import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import NoReturn

import pycountry

from analysis import paths
from analysis.errors import UserError

Countries = Callable[[], list[tuple[str, str]]]
Institutions = Callable[[], list[tuple[str, str]]]

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
# File systems allow 255 bytes per file name, encrypted home folders (eCryptfs) 143; the longest
# name made from a report's adds about 30 characters: ".<name>.html.tmp<pid>-<8 random>".
MAX_NAME = 100
REPORT_KEYS = {"notebook": str, "description": str, "parameters": dict}
SECTIONS = {
    "reports": REPORT_KEYS,
    "generated": {**REPORT_KEYS, "parameter": str, "over": str, "at_least": int},
}
OPTIONAL = {"parameters", "over", "at_least"}
#: What a [generated] rule can expand over, and the placeholders its description may use.
OVER = {"countries": ("iso3", "name"), "institutions": ("name",)}
UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Report:
    name: str
    notebook: str
    description: str
    parameters: Mapping[str, object] = field(default_factory=dict)
    rule: str | None = field(default=None, compare=False)  # the [generated] rule behind it
    over: str | None = field(default=None, compare=False)  # what that rule expands over

    def __post_init__(self) -> None:
        if problem := name_problem(self.name):
            shown = self.name if len(self.name) <= 40 else f"{self.name[:37]}..."
            raise UserError(f"report name {shown!r} {problem}")


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a report's files, or None if it can."""
    if not NAME.fullmatch(name):
        return "may use only letters, digits, '_' and '-'"
    if len(name) > MAX_NAME:
        return f"is {len(name)} characters long; the most is {MAX_NAME}"
    return None


def load(
    path: Path = paths.REPORT_LIST,
    countries: Countries | None = None,
    institutions: Institutions | None = None,
) -> list[Report]:
    """Every report the catalogue at ``path`` names, generated ones last, in file order."""
    table = _read(path)
    if unknown := set(table) - set(SECTIONS):
        _fail(path, f"unknown table(s) {', '.join(sorted(unknown))}; expected reports, generated")
    fixed = [_report(name, spec) for name, spec in _tables(path, table, "reports")]
    sources = {
        "countries": countries or countries_in_data,
        "institutions": institutions or institutions_in_data,
    }
    generated = [
        _expand(path, name, spec, sources[spec.get("over", "countries")]())
        for name, spec in _tables(path, table, "generated")
    ]
    reports = fixed + [report for expanded in generated for report in expanded]
    _check_unique(path, reports)
    return reports


def select(reports: list[Report], only: Sequence[str] | None) -> list[Report]:
    """The reports matching any of ``only`` (names or shell patterns such as ``country_*``)."""
    if only is None:
        return reports
    for pattern in only:
        if not any(fnmatchcase(report.name, pattern) for report in reports):
            raise UserError(f"no report matches {pattern!r}; reports are: {_listing(reports)}")
    return [report for report in reports if any(fnmatchcase(report.name, p) for p in only)]


def check(path: Path, only: Sequence[str] | None) -> None:
    """Fail now if the list at ``path`` is bad or ``only`` matches none of its reports.

    Generated reports are checked for every country there is, and for a stand-in pair of
    institutions, as the data's countries and institutions are known only once the
    documents are extracted: ``build`` checks before extracting them. A pattern naming a
    report of an institution rule (``overview_*``) passes here.
    """
    reports = load(path, every_country, lambda: [("stand_in_1", "1"), ("stand_in_2", "2")])
    named = [r for r in reports if r.over != "institutions"]
    institution_rules = {r.rule for r in reports if r.over == "institutions"}
    left = [
        p for p in only or [] if not any(p.startswith(f"{rule}_") for rule in institution_rules)
    ]
    select(named, left if only is not None else None)


def every_country() -> list[tuple[str, str]]:
    """Every ISO 3166-1 country: the codes that cleaning allows in the data."""
    return [(country.alpha_3, country.name) for country in pycountry.countries]


def countries_in_data() -> list[tuple[str, str]]:
    """The data layer's list of countries, imported only when a rule needs it."""
    return _from_data("countries_in_data")()


def institutions_in_data() -> list[tuple[str, str]]:
    """The institutions the processed documents are about, each as its own display name."""
    return [(name, name) for name in _from_data("institutions")()]


def _from_data(name: str) -> Callable:
    """A function of ``analysis.data``, imported when a rule needs it, or one clear line."""
    try:
        import analysis.data as data_layer
    except ImportError as error:
        raise UserError(
            f"generated reports need analysis.data.{name}(), which cannot be imported: {error}"
        ) from error
    return getattr(data_layer, name)


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        _fail(path, "file not found")
    except tomllib.TOMLDecodeError as error:
        _fail(path, f"not valid TOML: {error}")


def _tables(path: Path, table: dict, section: str) -> list[tuple[str, dict]]:
    """The ``[section.<name>]`` tables, each checked."""
    entries = table.get(section, {})
    if not isinstance(entries, dict):
        _fail(path, f"{section} must be a table of tables such as [{section}.<name>]")
    for name, spec in entries.items():
        _check_table(path, f"[{section}.{name}]", name, spec, SECTIONS[section])
    return list(entries.items())


def _check_table(path: Path, where: str, name: str, spec: object, keys: dict[str, type]) -> None:
    """A name usable as a file name, the required keys, no unknown key, each value's type."""
    if not isinstance(spec, dict):
        _fail(path, f"{where.strip('[]')} must be a table such as {where}")
    if problem := name_problem(name):
        _fail(path, f"{where}: a name {problem}")
    if missing := (set(keys) - OPTIONAL) - set(spec):
        _fail(path, f"{where}: missing key(s) {', '.join(sorted(missing))}")
    if unknown := set(spec) - set(keys):
        allowed = ", ".join(keys)
        _fail(path, f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {allowed}")
    for key, value in spec.items():
        if not isinstance(value, keys[key]):
            _fail(path, f"{where}: {key} must be a {keys[key].__name__}, not {value!r}")


def _report(name: str, spec: dict) -> Report:
    return Report(name, spec["notebook"], spec["description"], spec.get("parameters", {}))


def _expand(path: Path, rule: str, spec: dict, pairs: list[tuple[str, str]]) -> list[Report]:
    """One report per country (``<rule>_<ISO3>``) or institution (``<rule>_<name>``, its
    characters other than letters, digits, '_' and '-' made '_'), the key passed as
    ``spec["parameter"]``; none when there are fewer than ``at_least``."""
    over = spec.get("over", "countries")
    if over not in OVER:
        _fail(path, f"[generated.{rule}]: over must be one of {', '.join(OVER)}, not {over!r}")
    if len(pairs) < spec.get("at_least", 1):
        return []
    reports = []
    for key, name in pairs:
        fields = {
            field: value for field, value in (("iso3", key), ("name", name)) if field in OVER[over]
        }
        try:
            description = spec["description"].format(**fields)
        except (KeyError, IndexError, ValueError) as error:
            allowed = " and ".join(f"{{{field}}}" for field in OVER[over])
            _fail(path, f"[generated.{rule}]: description may use {allowed} only ({error!r})")
        parameters = {**spec.get("parameters", {}), spec["parameter"]: key}
        report_name = f"{rule}_{UNSAFE.sub('_', key)}"
        reports.append(
            Report(report_name, spec["notebook"], description, parameters, rule=rule, over=over)
        )
    return reports


def _listing(reports: list[Report]) -> str:
    """The report names for a message: fixed ones, then one pattern per generated rule."""
    fixed = [report.name for report in reports if report.rule is None]
    kinds = {"countries": ("ISO3", "country"), "institutions": ("institution", "institution")}
    rules = dict.fromkeys((r.rule, *kinds[r.over or "countries"]) for r in reports if r.rule)
    named = [f"{rule}_<{key}>" for rule, key, _ in rules]
    each = " or ".join(dict.fromkeys(noun for _, _, noun in rules))
    return ", ".join([*fixed, *named]) + (f" (one per {each} in the data)" if rules else "")


def _check_unique(path: Path, reports: list[Report]) -> None:
    seen = set()
    for report in reports:
        if report.name in seen:
            _fail(path, f"two reports are named {report.name!r}")
        seen.add(report.name)


def _fail(path: Path, problem: str) -> NoReturn:
    raise UserError(f"{path}: {problem}")
