"""Command line: `notices ingest|show|eval|graph|calendar|compare|search|report|watch`; arguments in, library calls out.

A user mistake is one line on stderr and exit code 2; nothing to work on (no records) exit 1;
Ctrl-C exit 130.  Text from notices and file names is escaped before it reaches the terminal.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from pathlib import Path

from .messages import NoData, UserError, msg
from .safe import display_path, term


def out(text: str = "") -> None:
    """Print to stdout with control characters of notice text escaped (newlines kept)."""
    print(term(text, keep_newlines=True))


def _out_dir(a, need_records: bool = True) -> Path:
    """The --out folder, checked: a folder, holding records when the command reads them."""
    d = Path(a.out)
    if d.exists() and not d.is_dir():
        raise UserError(msg("out_is_file", out=display_path(d)))
    if need_records and not any((d / "notices").glob("*.yaml")):
        raise NoData(msg("no_records", out=display_path(d)))
    return d


def cmd_ingest(a) -> int:
    from .graph import write_graph
    from .store import Limits, ingest

    if a.jobs < 1:
        raise UserError(msg("bad_jobs", value=a.jobs))
    for option, value in (("--timeout", a.timeout), ("--max-memory", a.max_memory)):
        if value <= 0:
            raise UserError(msg("bad_limit", option=option, value=value))
    if a.rules and not Path(a.rules).is_dir():
        raise UserError(msg("no_such_input", path=display_path(a.rules)))
    _out_dir(a, need_records=False)
    res = ingest(a.paths, a.out, jobs=a.jobs, rules_dir=a.rules, retry_failed=a.retry_failed,
                 limits=Limits(seconds=a.timeout, memory_mb=a.max_memory), dask=a.dask)
    # the graph is rebuilt from the records' index, and only when they changed
    write_graph(a.out, only_if_changed=True)
    out(res.summary())
    return 0 if res.ok else 1


def _record_path(a) -> Path:
    """`show`'s argument: a record file, or a record id under --out."""
    p = Path(a.file)
    if p.is_file():
        return p
    cand = Path(a.out) / "notices" / f"{a.file}.yaml"
    if "/" not in a.file and cand.is_file():
        return cand
    raise UserError(msg("no_such_record", what=display_path(a.file)))


def cmd_show(a) -> int:
    from .record import dump_yaml, read_record

    try:
        rec = read_record(_record_path(a))
    except (OSError, ValueError) as exc:
        raise UserError(msg("no_such_record", what=f"{display_path(a.file)} ({exc.__class__.__name__})")) from None
    if not isinstance(rec, dict) or "id" not in rec:
        raise UserError(msg("no_such_record", what=display_path(a.file)))
    if a.full:
        out(dump_yaml(rec))
        return 0
    brief = {k: v for k, v in rec.items() if k not in ("evidence", "sections", "text")}
    for d in brief.get("deadlines", []):
        d.pop("evidence", None)
    for k in ("events", "contacts", "cites"):
        for x in brief.get(k, []):
            x.pop("evidence", None)
    out(dump_yaml(brief))
    return 0


def cmd_eval(a) -> int:
    from .evaluate import evaluate, format_table, read_stem_list

    if not Path(a.gold_dir).is_dir():
        raise UserError(msg("no_such_input", path=display_path(a.gold_dir)))
    for f in (a.only, a.exclude):
        if f and not Path(f).is_file():
            raise UserError(msg("no_such_input", path=display_path(f)))
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
    out(format_table(res))
    if a.detail:
        for m in res["misses"]:
            out(f"  {m['file']}: {m['field']} {m['kind']}: {json.dumps(m['value'], ensure_ascii=False, default=str)}")
    return 0


def cmd_graph(a) -> int:
    from .graph import find_node, label, load_graph, orphans, tree_lines, write_graph

    _out_dir(a)
    if a.action == "build":
        g = write_graph(a.out)
        kinds = [d.get("kind") for _, d in g.nodes(data=True)]
        out(f"{kinds.count('notice')} notices, {kinds.count('placeholder')} cited but not ingested, "
            f"{g.number_of_edges()} citations -> {display_path(Path(a.out) / 'graph.graphml')}, graph.json, graph.dot")
        return 0
    g = load_graph(a.out)
    if a.action == "orphans":
        for n in orphans(g):
            citing = ", ".join(sorted(g.nodes[m].get("id") or m for m in g.predecessors(n)))
            out(f"{label(g, n)}  <- cited by {citing}")
        return 0
    if not a.ident:
        raise UserError(msg("give_ident"))
    node = find_node(g, a.ident)
    if node is None:
        raise NoData(msg("no_match_node", ident=term(repr(a.ident))))
    out("\n".join(tree_lines(g, node, "up" if a.action == "ancestors" else "down")))
    return 0


def _date(s: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(msg("bad_date", value=term(s))) from None


def _alarms(text: str) -> tuple[int, ...]:
    try:
        days = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise UserError(msg("bad_alarms", value=term(text))) from None
    if any(d < 0 for d in days):
        raise UserError(msg("bad_alarms", value=term(text)))
    return days


def cmd_calendar(a) -> int:
    import datetime as dt

    from .calendar import select, upcoming_table, write_calendar
    from .db import CALENDAR_KEYS, load_records

    alarms = _alarms(a.alarms) if a.alarms else ()
    _out_dir(a)
    filters = {"date_from": a.date_from, "date_to": a.date_to, "issuer": a.issuer, "level": a.level, "region": a.region}
    if a.upcoming is not None:
        today = a.today or dt.date.today()
        items = select(load_records(a.out, keys=CALENDAR_KEYS), **filters)
        out(upcoming_table(items, today, a.upcoming))
        return 0
    items = write_calendar(a.out, alarms, **filters)
    n_dead = sum(1 for i in items if i.kind == "deadline")
    flagged = sum(1 for i in items if i.nonworkday)
    out(f"{n_dead} deadlines ({flagged} on a non-working day), {len(items) - n_dead} events -> "
        f"{display_path(Path(a.out) / 'calendar.ics')}, deadlines.csv, contacts.csv, contacts.vcf")
    return 0


def cmd_compare(a) -> int:
    from .compare import compare_all, compare_record, find_record, render_markdown
    from .db import COMPARE_KEYS, RecordStore, load_records
    from .graph import build_graph
    from .record import dump_yaml

    _out_dir(a)
    if a.all:
        reports = compare_all(a.out, keep_passages=False)
        out(f"{len(reports)} notices compared -> {display_path(Path(a.out) / 'compare')}/<id>.md, <id>.yaml, matrix.csv")
        return 0
    if not a.ident:
        raise UserError(msg("give_ident_or_all"))
    records = load_records(a.out, keys=COMPARE_KEYS)
    g = build_graph(records)
    rec = find_record(records, a.ident, g)
    if rec is None:
        raise NoData(msg("no_match_record", ident=term(repr(a.ident))))
    store = RecordStore(a.out)
    try:
        rep = compare_record(store.get(rec["id"]), records, g, fetch=store.get)
    finally:
        store.close()
    out(dump_yaml(rep) if a.yaml else render_markdown(rep))
    return 0


def cmd_search(a) -> int:
    from .db import search

    from .i18n import Messages

    msg = Messages(a.lang)
    hits = search(a.out, " ".join(a.query), date_from=a.date_from, date_to=a.date_to, level=a.level, limit=a.limit)
    for h in hits:
        print(f"{h.issue_date or '----------'}  {msg.level(h.level)}  {h.title or h.id}"
              + (f"  {h.doc_number}" if h.doc_number else ""))
        print(f"{'':12}{h.snippet}")
        print(f"{'':12}{Path(a.out) / 'notices' / (h.id + '.yaml')}")
    print(f"{len(hits)} notices found")
    return 0 if hits else 1


def cmd_report(a) -> int:
    from .report import build_report

    res = build_report(a.out, lang=a.lang, today=a.today)
    print(f"{res.notices} notices -> {res.directory / 'index.html'}")
    return 0


def cmd_watch(a) -> int:
    import signal

    from .i18n import Messages
    from .watch import InboxWatcher

    msg = Messages(a.lang)
    watcher = InboxWatcher(a.inbox, a.out, jobs=a.jobs, lang=msg.lang, settle=a.settle,
                           say=lambda m: print(msg(m[0], **m[1]), file=sys.stderr, flush=True))

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


OUT_HELP = "output folder: records in DIR/notices/ (default: outputs)"


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line (not the usage block) and exit code 2."""

    def error(self, message):
        sys.stderr.write(f"{self.prog}: error: {term(message)}\n")
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    p = _Parser(prog="notices", description="Chinese official notices to structured records.")
    p.add_argument("--version", action="version", version=f"notices {__version__}")
    p.add_argument("-v", "--verbose", action="count", default=0, help="say more (-vv: debugging detail)")
    p.add_argument("-q", "--quiet", action="store_true", help="only errors")
    p.add_argument("--lang", choices=["zh", "en"],
                   help="interface language (default: Chinese under a Chinese locale)")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)
    s = sub.add_parser("ingest", help="turn notice files (PDF, TXT, HTML, DOCX) into YAML records")
    s.add_argument("paths", nargs="+", help="notice files or folders holding them")
    s.add_argument("--out", default="outputs", help=OUT_HELP)
    s.add_argument("-j", "--jobs", type=int, default=1, help="parallel workers")
    s.add_argument("--rules", default=None, help="rules directory (default: the packaged rules/)")
    s.add_argument("--retry-failed", action="store_true", help="parse again files that failed and did not change")
    s.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS", help="time one file may take (default 120)")
    s.add_argument("--max-memory", type=int, default=4096, metavar="MB", help="memory one worker may use (default 4096)")
    s.add_argument("--dask", nargs="?", const="", default=None, metavar="SCHEDULER",
                   help="parse on Dask: the scheduler's address, or none for a local cluster of -j workers")
    s.set_defaults(func=cmd_ingest)
    s = sub.add_parser("show", help="print one record readably")
    s.add_argument("file", help="DIR/notices/<id>.yaml, or a record id with --out DIR")
    s.add_argument("--out", default="outputs", help=OUT_HELP)
    s.add_argument("--full", action="store_true", help="include evidence and sections")
    s.set_defaults(func=cmd_show)
    s = sub.add_parser("eval", help="score records against *.gold.yaml files")
    s.add_argument("gold_dir", help="folder of *.gold.yaml files")
    s.add_argument("--out", default="outputs", help=OUT_HELP)
    s.add_argument("--json", action="store_true", help="print the scores as JSON")
    s.add_argument("--detail", action="store_true", help="list every miss")
    s.add_argument("--only", metavar="FILE", help="score only the gold files whose stems FILE lists (one a line)")
    s.add_argument("--exclude", metavar="FILE", help="score all gold files but those FILE lists")
    s.set_defaults(func=cmd_eval)
    s = sub.add_parser("graph", help="citation graph: build it, or walk it from one notice")
    s.add_argument("action", nargs="?", default="build", choices=["build", "ancestors", "descendants", "orphans"],
                   help="build (default), ancestors, descendants or orphans")
    s.add_argument("ident", nargs="?", help="doc number, record id or title (ancestors/descendants)")
    s.add_argument("--out", default="outputs", help=OUT_HELP)
    s.set_defaults(func=cmd_graph)
    s = sub.add_parser("calendar", help="deadlines and events as ICS and CSV, contacts as CSV and vCard")
    s.add_argument("--out", default="outputs", help=OUT_HELP)
    s.add_argument("--from", dest="date_from", type=_date, help="from this date (YYYY-MM-DD)")
    s.add_argument("--to", dest="date_to", type=_date, help="up to this date (YYYY-MM-DD)")
    s.add_argument("--issuer", help="only notices whose issuer contains this")
    s.add_argument("--level", choices=["national", "provincial", "municipal", "county", "other"],
                   help="only notices of this level")
    s.add_argument("--region", help="only notices from this province, city or county")
    s.add_argument("--alarms", default="3,1", help="reminders, days before a deadline (default 3,1; '' for none)")
    s.add_argument("--upcoming", type=int, metavar="DAYS", help="print what is due in the next DAYS days")
    s.add_argument("--today", type=_date, help="the day --upcoming counts from (default: today)")
    s.set_defaults(func=cmd_calendar)
    s = sub.add_parser("compare", help="compare a notice with the directives above it")
    s.add_argument("ident", nargs="?", help="doc number, record id or title")
    s.add_argument("--all", action="store_true", help="write DIR/compare/<id>.md, .yaml and matrix.csv for every notice")
    s.add_argument("--yaml", action="store_true", help="print the report as YAML")
    s.add_argument("--out", default="outputs", help=OUT_HELP)
    s.set_defaults(func=cmd_compare)
    s = sub.add_parser("search", help="find notices by words of their title or text (DIR/notices.sqlite)")
    s.add_argument("query", nargs="+", help="words that must all occur (Chinese or not)")
    s.add_argument("--out", default="outputs", help=OUT_HELP)
    s.add_argument("--from", dest="date_from", type=_date, help="issued on or after this date")
    s.add_argument("--to", dest="date_to", type=_date, help="issued on or before this date")
    s.add_argument("--level", choices=["national", "provincial", "municipal", "county", "other"],
                   help="only notices of this level")
    s.add_argument("--limit", type=int, default=50, help="at most this many notices (default 50)")
    s.set_defaults(func=cmd_search)
    s = sub.add_parser("report", help="static HTML site in DIR/report/: notices, calendar, graph, implementation")
    s.add_argument("--out", default="outputs", help=OUT_HELP)
    s.add_argument("--today", type=_date, help="the day 'next deadline' counts from (default: today)")
    s.set_defaults(func=cmd_report)
    s = sub.add_parser("watch", help="ingest files as they arrive in INBOX; refresh calendar, graph, database, report")
    s.add_argument("inbox", help="the folder new notices are put in")
    s.add_argument("--out", default="outputs", help=OUT_HELP)
    s.add_argument("-j", "--jobs", type=int, default=1, help="parallel workers")
    s.add_argument("--settle", type=float, default=1.0, help="seconds a file must be quiet before it is read")
    s.set_defaults(func=cmd_watch)
    return p


class _Formatter(logging.Formatter):
    """'error: …' / 'warning: …' lines, control characters escaped so no line can be forged."""

    def format(self, record):
        text = term(record.getMessage())
        if record.exc_info and record.levelno <= logging.DEBUG:
            text += "\n" + self.formatException(record.exc_info)
        return text if record.levelno == logging.INFO else f"{record.levelname.lower()}: {text}"


def setup_logging(verbose: int = 0, quiet: bool = False) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    root = logging.getLogger("pipeline")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


@contextlib.contextmanager
def _console(msg):
    """stdout and stderr in the interface language for the length of one command."""
    from .i18n import TranslatingStream

    if msg.lang == "en":
        yield
        return
    out, err = TranslatingStream(sys.stdout, msg), TranslatingStream(sys.stderr, msg)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield
    finally:
        out.flush()
        err.flush()


def main(argv=None) -> int:
    from .i18n import Messages, detect_lang, localize_parser, split_lang

    lang, argv = split_lang(list(sys.argv[1:] if argv is None else argv))
    msg = Messages(detect_lang(lang))
    parser = build_parser()
    localize_parser(parser, msg)
    with _console(msg):
        args = parser.parse_args(argv)
        args.lang = msg.lang
        setup_logging(args.verbose, args.quiet)
        try:
            return _run(args)
        finally:
            logging.getLogger("pipeline").handlers.clear()  # a library caller after main() gets Python's default


def _run(args) -> int:
    from .rules import RulesError

    try:
        return args.func(args)
    except UserError as exc:
        print(f"error: {term(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except RulesError as exc:
        print(f"error: {msg('bad_rules', error=term(str(exc), keep_newlines=True))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\n{msg('interrupted')}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
