"""Command line: `notices ingest|show|eval|graph|calendar|compare|search|report|watch`; arguments in, library calls out.

Every text comes from the catalogue (pipeline/i18n.py) in the interface language, which
`--lang` or the locale chooses; argparse's own texts (usage, section titles, its error
messages) too.  A user mistake is one line on stderr and exit code 2; nothing to work on
(no records) exit 1; Ctrl-C exit 130; a closed pipe (`notices … | head`) ends quietly.
Text from notices and file names is escaped before it reaches the terminal.
"""
from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import re
import sys
from pathlib import Path

from .i18n import LANGS, Message, Messages, detect_lang, message, split_lang
from .model import NoData, UserError
from .safe import display_path, display_width, term

LEVELS = ["national", "provincial", "municipal", "county", "other"]
NO_LINE_START = set("，。、；：？！）》」』”’,.;:?!)")


def out(text: str = "") -> None:
    """Print to stdout with control characters of notice text escaped (newlines kept)."""
    print(term(text, keep_newlines=True))


def _has_records(folder: Path) -> bool:
    """Any *.yaml in folder, found without listing it whole (pathlib's glob does: 10,000 names)."""
    try:
        with os.scandir(folder) as it:
            return any(e.name.endswith(".yaml") and e.is_file() for e in it)
    except OSError:
        return False


def _out_dir(a, need_records: bool = True) -> Path:
    """The --out folder, checked: a folder, holding records when the command reads them."""
    d = Path(a.out)
    if d.exists() and not d.is_dir():
        raise UserError(message("error.out_is_file", out=display_path(d)))
    if need_records and not _has_records(d / "notices"):
        raise NoData(message("error.no_records", out=display_path(d)))
    return d


def cmd_ingest(a, msg: Messages) -> int:
    from .graph import write_graph
    from .store import Limits, ingest

    if a.jobs < 1:
        raise UserError(message("error.bad_jobs", value=a.jobs))
    for option, value in (("--timeout", a.timeout), ("--max-memory", a.max_memory)):
        if value <= 0:
            raise UserError(message("error.bad_limit", option=option, value=value))
    if a.rules and not Path(a.rules).is_dir():
        raise UserError(message("error.no_such_input", path=display_path(a.rules)))
    _out_dir(a, need_records=False)
    res = ingest(a.paths, a.out, jobs=a.jobs, rules_dir=a.rules, retry_failed=a.retry_failed,
                 limits=Limits(seconds=a.timeout, memory_mb=a.max_memory), dask=a.dask, msg=msg)
    # the graph is rebuilt from the records' index, and only when they changed
    write_graph(a.out, only_if_changed=True, msg=msg)
    out(res.summary(msg))
    return 0 if res.ok else 1


def _record_path(a) -> Path:
    """`show`'s argument: a record file, or a record id under --out."""
    p = Path(a.file)
    if p.is_file():
        return p
    cand = Path(a.out) / "notices" / f"{a.file}.yaml"
    if "/" not in a.file and cand.is_file():
        return cand
    raise UserError(message("error.no_such_record", what=display_path(a.file)))


def cmd_show(a, msg: Messages) -> int:
    from .record import dump_yaml, read_record
    from .report.evidence import record_text

    path = _record_path(a)
    try:
        rec = read_record(path)
    except (OSError, ValueError) as exc:
        raise UserError(message("error.not_a_record", what=display_path(a.file),
                                exception=exc.__class__.__name__)) from None
    if not isinstance(rec, dict) or "id" not in rec:
        raise UserError(message("error.not_a_record_file", what=display_path(a.file)))
    out(dump_yaml(rec) if a.yaml else record_text(rec, msg, full=a.full))
    return 0


def cmd_eval(a, msg: Messages) -> int:
    from .evaluate import evaluate, format_table, read_stem_list

    if not Path(a.gold_dir).is_dir():
        raise UserError(message("error.no_such_input", path=display_path(a.gold_dir)))
    for f in (a.only, a.exclude):
        if f and not Path(f).is_file():
            raise UserError(message("error.no_such_input", path=display_path(f)))
    _out_dir(a, need_records=False)
    only = read_stem_list(a.only) if a.only else None
    exclude = read_stem_list(a.exclude) if a.exclude else None
    res = evaluate(a.gold_dir, a.out, only=only, exclude=exclude)
    if a.json:
        result = dict(res)
        if not a.detail:
            result.pop("misses")
        out(json.dumps(result, ensure_ascii=False, indent=1, default=str))
        return 0
    out(format_table(res, msg))
    if a.detail:
        for m in res["misses"]:
            out(msg("eval.miss", file=m["file"], field=m["field"], kind=m["kind"],
                    value=json.dumps(m["value"], ensure_ascii=False, default=str)))
    return 0


def cmd_graph(a, msg: Messages) -> int:
    from .graph import find_node, label, load_graph, orphans, tree_lines, write_graph

    _out_dir(a)
    if a.action == "build":
        g = write_graph(a.out, msg=msg)
        kinds = g.kinds()
        out(msg("graph.built", notices=kinds["notice"], placeholders=kinds["placeholder"],
                edges=g.number_of_edges(), path=display_path(Path(a.out) / "graph.graphml")))
        return 0
    g = load_graph(a.out)
    if a.action == "orphans":
        for n in orphans(g):
            citing = msg.join(sorted(d.get("id") or m for m, d, _ in g.cited_by(n)))
            out(msg("graph.cited_by", label=label(g, n, msg), citing=citing))
        return 0
    if not a.ident:
        raise UserError(message("error.give_ident"))
    node = find_node(g, a.ident)
    if node is None:
        raise NoData(message("error.no_match_node", ident=term(repr(a.ident))))
    out("\n".join(tree_lines(g, node, "up" if a.action == "ancestors" else "down", msg)))
    return 0


def _alarms(text: str) -> tuple[int, ...]:
    try:
        days = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise UserError(message("error.bad_alarms", value=term(text))) from None
    if any(d < 0 for d in days):
        raise UserError(message("error.bad_alarms", value=term(text)))
    return days


def cmd_calendar(a, msg: Messages) -> int:
    import datetime as dt

    from .calendar import merged_records, spill_items, upcoming_table, write_calendar

    alarms = _alarms(a.alarms) if a.alarms else ()
    _out_dir(a)
    filters = {"date_from": a.date_from, "date_to": a.date_to, "issuer": a.issuer, "level": a.level, "region": a.region}
    if a.upcoming is not None:
        today = a.today or dt.date.today()
        items = spill_items(merged_records(a.out), msg=msg, **filters)
        out(upcoming_table(items, today, a.upcoming, msg))
        return 0
    items = write_calendar(a.out, alarms, msg=msg, **filters)
    n_dead = items.count("deadline")
    out(msg("calendar.written", deadlines=n_dead, flagged=items.count(nonworkday=True), events=len(items) - n_dead,
            path=display_path(Path(a.out) / "calendar.ics")))
    return 0


def cmd_compare(a, msg: Messages) -> int:
    from .compare import compare_all, compare_record, corpus_index, find_record, render_markdown
    from .db import RecordStore
    from .record import dump_yaml

    _out_dir(a)
    if a.all:
        made = compare_all(a.out, keep=False, msg=msg)
        out(msg("compare.done", n=made, path=display_path(Path(a.out) / "compare")))
        return 0
    if not a.ident:
        raise UserError(message("error.give_ident_or_all"))
    _, g, parents = corpus_index(a.out)
    nid = find_record(g, a.ident)
    store = RecordStore(a.out)
    try:
        rec = store.get(nid) if nid is not None else None
        if rec is None:
            raise NoData(message("error.no_match_record", ident=term(repr(a.ident))))
        rep = compare_record(rec, None, g, parents, fetch=store.get)
    finally:
        store.close()
    out(dump_yaml(msg.localize(rep)) if a.yaml else render_markdown(rep, msg))
    return 0


def cmd_search(a, msg: Messages) -> int:
    from .db import search

    _out_dir(a)
    hits = search(a.out, " ".join(a.query), date_from=a.date_from, date_to=a.date_to, level=a.level, limit=a.limit)
    for h in hits:
        out(f"{h.issue_date or '----------'}  {msg.level(h.level)}  {h.title or h.id}"
            + (f"  {h.doc_number}" if h.doc_number else ""))
        out(f"{'':12}{h.snippet}")
        out(f"{'':12}{display_path(Path(a.out) / 'notices' / (h.id + '.yaml'))}")
    out(msg("search.found", n=len(hits)))
    return 0 if hits else 1


def cmd_report(a, msg: Messages) -> int:
    from .report import build_report

    _out_dir(a)
    res = build_report(a.out, lang=msg.lang, today=a.today)
    out(msg("report.written", n=res.notices, path=display_path(res.directory / "index.html")))
    return 0


def cmd_watch(a, msg: Messages) -> int:
    import signal

    from .watch import InboxWatcher

    _out_dir(a, need_records=False)
    watcher = InboxWatcher(a.inbox, a.out, jobs=a.jobs, lang=msg.lang, settle=a.settle,
                           say=lambda m: print(term(msg.render(m)), file=sys.stderr, flush=True))

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)   # systemd stops the service with SIGTERM
    try:
        watcher.start()
        watcher.run()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
    print(msg("watch.stopped"), file=sys.stderr)
    return 0


# ---------------------------------------------------------------- the parser, in the interface language
class _HelpFormatter(argparse.HelpFormatter):
    def __init__(self, prog, msg: Messages, **kw):
        super().__init__(prog, **kw)
        self._msg = msg

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, self._msg("argparse.usage") if prefix is None else prefix)

    def _split_lines(self, text, width):
        """Lines of at most `width` terminal columns: Chinese breaks between characters (never before
        closing punctuation), an ASCII word or option never."""
        lines, line = [], ""
        for tok in re.findall(r"\s+|[!-~]+|.", text):
            if tok.isspace():
                line += " " if line else ""
            elif line.strip() and display_width(line + tok) > width and tok not in NO_LINE_START:
                lines.append(line.rstrip())
                line = tok
            else:
                line += tok
        return lines + [line.rstrip()] if line.strip() else lines


class _Parser(argparse.ArgumentParser):
    """argparse in the interface language; a mistake is one line (not the usage block) and exit code 2."""

    def __init__(self, *args, msg: Messages, **kw):
        kw["formatter_class"] = functools.partial(_HelpFormatter, msg=msg)
        kw["add_help"] = False
        super().__init__(*args, **kw)
        self.msg = msg
        self._positionals.title = msg("argparse.positionals")
        self._optionals.title = msg("argparse.options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=msg("argparse.help"))

    def error(self, message):
        sys.stderr.write(self.msg("argparse.error", prog=self.prog, message=term(argparse_message(self.msg, message))) + "\n")
        sys.exit(2)


ARGPARSE_ERRORS = ["argument", "required", "one_of_required", "unrecognized", "not_allowed_with", "ignored_explicit",
                   "expected_one", "expected_at_most_one", "expected_at_least_one", "expected_n", "expected_n_plural",
                   "ambiguous", "invalid_type", "invalid_choice", "unknown_parser", "cannot_open"]


@functools.lru_cache(maxsize=1)
def _argparse_patterns() -> list[tuple[str, re.Pattern]]:
    from .i18n import catalogue

    out = []
    for name in ARGPARSE_ERRORS:
        en = catalogue()[f"argparse.{name}"]["en"]
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(en))
        out.append((f"argparse.{name}", re.compile(pattern, re.S)))
    return out


def argparse_message(msg: Messages, text: str) -> str:
    """One of argparse's error messages (English: its gettext msgids) in msg's language."""
    if msg.lang == "en":
        return text
    for key, pattern in _argparse_patterns():
        m = pattern.fullmatch(text)
        if m:
            values = m.groupdict()
            if "message" in values:
                values["message"] = argparse_message(msg, values["message"])
            return msg(key, **values)
    return text


def _date_type(msg: Messages):
    def parse(s: str):
        import datetime as dt

        try:
            return dt.date.fromisoformat(s)
        except ValueError:
            raise argparse.ArgumentTypeError(msg("error.bad_date", value=term(s))) from None

    return parse


def _number_type(msg: Messages, kind=int):
    def parse(s: str):
        try:
            return kind(s)
        except ValueError:
            raise argparse.ArgumentTypeError(msg("error.bad_number", value=term(s))) from None

    return parse


def available_cores() -> int:
    """The cores this process may use: those it may run on (taskset), within a container's CPU
    quota (cgroup: `docker --cpus 2` on a 64-core host is 2), not the machine's count."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        cores = os.cpu_count() or 1
    quota = _cgroup_cpu_quota()
    return max(1, min(cores, quota) if quota else cores)


def _cgroup_cpu_quota(root: str = "/sys/fs/cgroup") -> int | None:
    """The CPU quota of this process's cgroup in whole cores (rounded up), None when unlimited."""
    import math

    base = Path(root)
    try:   # cgroup v2: "max 100000" or "200000 100000"
        quota, period = (base / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else math.ceil(int(quota) / int(period))
    except (OSError, ValueError):
        pass
    try:   # cgroup v1
        quota = int((base / "cpu" / "cpu.cfs_quota_us").read_text())
        period = int((base / "cpu" / "cpu.cfs_period_us").read_text())
        return None if quota <= 0 or period <= 0 else math.ceil(quota / period)
    except (OSError, ValueError):
        return None


def build_parser(msg: Messages | None = None) -> argparse.ArgumentParser:
    from . import __version__

    msg = msg or Messages("en")
    h = lambda key: msg(f"help.{key}")
    cores = available_cores()   # -j: every core by default (the workers do all the per-file work)
    date, integer, number = _date_type(msg), _number_type(msg, int), _number_type(msg, float)
    # placeholders of values (PATH, DIR, YYYY-MM-DD) are like option names: the same in every language
    p = _Parser(prog="notices", description=h("description"), msg=msg)
    p.add_argument("--version", action="version", version=f"notices {__version__}", help=h("version"))
    p.add_argument("-v", "--verbose", action="count", default=0, help=h("verbose"))
    p.add_argument("-q", "--quiet", action="store_true", help=h("quiet"))
    p.add_argument("--lang", choices=list(LANGS), help=h("lang"))
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser, title=h("commands"))

    def command(name, func):
        s = sub.add_parser(name, help=h(name), description=h(name), msg=msg)
        s.set_defaults(func=func)
        return s

    def out_option(s):
        s.add_argument("--out", default="outputs", metavar="DIR", help=h("out"))

    s = command("ingest", cmd_ingest)
    s.add_argument("paths", nargs="+", metavar="PATH", help=h("paths"))
    out_option(s)
    s.add_argument("-j", "--jobs", type=integer, default=cores, metavar="N", help=msg("help.jobs", cores=cores))
    s.add_argument("--rules", default=None, metavar="DIR", help=h("rules"))
    s.add_argument("--retry-failed", action="store_true", help=h("retry_failed"))
    s.add_argument("--timeout", type=number, default=120.0, metavar="SECONDS", help=h("timeout"))
    s.add_argument("--max-memory", type=integer, default=4096, metavar="MB", help=h("max_memory"))
    s.add_argument("--dask", nargs="?", const="", default=None, metavar="SCHEDULER", help=h("dask"))
    s = command("show", cmd_show)
    s.add_argument("file", metavar="RECORD", help=h("file_or_id"))
    out_option(s)
    s.add_argument("--full", action="store_true", help=h("full"))
    s.add_argument("--yaml", action="store_true", help=h("show_yaml"))
    s = command("eval", cmd_eval)
    s.add_argument("gold_dir", metavar="GOLD_DIR", help=h("gold_dir"))
    out_option(s)
    s.add_argument("--json", action="store_true", help=h("json"))
    s.add_argument("--detail", action="store_true", help=h("detail"))
    s.add_argument("--only", metavar="FILE", help=h("only"))
    s.add_argument("--exclude", metavar="FILE", help=h("exclude"))
    s = command("graph", cmd_graph)
    s.add_argument("action", nargs="?", default="build", choices=["build", "ancestors", "descendants", "orphans"],
                   help=h("action"))
    s.add_argument("ident", nargs="?", metavar="IDENT", help=h("ident_walk"))
    out_option(s)
    s = command("calendar", cmd_calendar)
    out_option(s)
    s.add_argument("--from", dest="date_from", type=date, metavar="YYYY-MM-DD", help=h("date_from"))
    s.add_argument("--to", dest="date_to", type=date, metavar="YYYY-MM-DD", help=h("date_to"))
    s.add_argument("--issuer", metavar="TEXT", help=h("issuer"))
    s.add_argument("--level", choices=LEVELS, help=h("level"))
    s.add_argument("--region", metavar="TEXT", help=h("region"))
    s.add_argument("--alarms", default="3,1", metavar="DAYS", help=h("alarms"))
    s.add_argument("--upcoming", type=integer, metavar="DAYS", help=h("upcoming"))
    s.add_argument("--today", type=date, metavar="YYYY-MM-DD", help=h("today_upcoming"))
    s = command("compare", cmd_compare)
    s.add_argument("ident", nargs="?", metavar="IDENT", help=h("ident"))
    s.add_argument("--all", action="store_true", help=h("compare_all"))
    s.add_argument("--yaml", action="store_true", help=h("yaml"))
    out_option(s)
    s = command("search", cmd_search)
    s.add_argument("query", nargs="+", metavar="WORD", help=h("query"))
    out_option(s)
    s.add_argument("--from", dest="date_from", type=date, metavar="YYYY-MM-DD", help=h("from"))
    s.add_argument("--to", dest="date_to", type=date, metavar="YYYY-MM-DD", help=h("to"))
    s.add_argument("--level", choices=LEVELS, help=h("level"))
    s.add_argument("--limit", type=integer, default=50, metavar="N", help=h("limit"))
    s = command("report", cmd_report)
    out_option(s)
    s.add_argument("--today", type=date, metavar="YYYY-MM-DD", help=h("today_report"))
    s = command("watch", cmd_watch)
    s.add_argument("inbox", metavar="INBOX", help=h("inbox"))
    out_option(s)
    s.add_argument("-j", "--jobs", type=integer, default=cores, metavar="N", help=msg("help.jobs", cores=cores))
    s.add_argument("--settle", type=number, default=1.0, metavar="SECONDS", help=h("settle"))
    # a missing command is named by the list of commands, not by the attribute it is stored in
    sub.metavar = "{" + ",".join(sub.choices) + "}"
    return p


# ---------------------------------------------------------------- logging and errors
class _Formatter(logging.Formatter):
    """'error: …' / 'warning: …' lines in the interface language, control characters escaped so no
    line can be forged."""

    def __init__(self, msg: Messages):
        super().__init__()
        self.msg = msg

    def format(self, record):
        said = record.msg if isinstance(record.msg, Message) and not record.args else record.getMessage()
        text = term(self.msg.render(said))
        if record.exc_info and record.levelno <= logging.DEBUG:
            text += "\n" + self.formatException(record.exc_info)
        if record.levelno >= logging.ERROR:
            return self.msg("error.line", message=text)
        if record.levelno >= logging.WARNING:
            return self.msg("error.warning", message=text)
        return text


def setup_logging(verbose: int = 0, quiet: bool = False, msg: Messages | None = None) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter(msg or Messages("en")))
    root = logging.getLogger("pipeline")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def _say_error(msg: Messages, what, keep_newlines: bool = False) -> None:
    print(msg("error.line", message=term(msg.render(what), keep_newlines=keep_newlines)), file=sys.stderr)


def _quiet_stdout() -> None:
    """stdout's reader went away (`notices … | head`): what is left to print goes nowhere, without
    a BrokenPipeError when Python flushes stdout on its way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv=None) -> int:
    lang, argv = split_lang(list(sys.argv[1:] if argv is None else argv))
    msg = Messages(detect_lang(lang if lang in LANGS else None))
    try:
        try:
            if lang is not None and lang not in LANGS:
                _say_error(msg, message("error.bad_lang", value=term(lang)))
                return 2
            args = build_parser(msg).parse_args(argv)
            setup_logging(args.verbose, args.quiet, msg)
            try:
                return _run(args, msg)
            finally:
                logging.getLogger("pipeline").handlers.clear()  # a library caller after main() gets Python's default
        finally:
            sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        return 0


def _run(args, msg: Messages) -> int:
    from .rules import RulesError

    try:
        return args.func(args, msg)
    except UserError as exc:
        _say_error(msg, exc.args[0] if exc.args else exc)
        return exc.exit_code
    except RulesError as exc:
        _say_error(msg, message("error.bad_rules", error=exc.args[0] if exc.args else str(exc)), keep_newlines=True)
        return 2
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        _say_error(msg, message("error.interrupted"))
        return 130


if __name__ == "__main__":
    sys.exit(main())
