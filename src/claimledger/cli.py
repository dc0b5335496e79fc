"""The `claimledger` command: a thin Typer shell over the library (no logic here).

Data goes to stdout, diagnostics to stderr; every ClaimledgerError is reported in one line.
Exit codes: 0 everything read went in; 1 something was rejected, nothing was found to do, or
a command failed; 2 a usage error (a bad option or path given).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperArgument

from claimledger.errors import ClaimledgerError
from claimledger.orchestrate import AnalysisSummary, analyze_into, ledger_view
from claimledger.query import ClaimFilter
from claimledger.store import Ledger

_typer_argument_type = TyperArgument.display_type_rich


def _argument_type(self: TyperArgument, ctx: click.Context) -> str | None:
    """typer prints the Python type ("<list[str]>") beside a positional argument even when
    it has a metavar (options honour theirs); the metavar already says what to give."""
    return None if self.metavar is not None else _typer_argument_type(self, ctx)


TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign]

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Turn news articles about one event into a cross-source claim ledger.")
out = Console()
err = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", metavar="LEDGER.db",
    help="The ledger database (SQLite).")]
MeasureOption = Annotated[list[str] | None, typer.Option(
    "--measure", metavar="MEASURE", help="Only this measure (repeat for several).")]
SourceOption = Annotated[list[str] | None, typer.Option(
    "--source", metavar="OUTLET", help="Only this outlet (repeat for several).")]
IncidentOption = Annotated[list[str] | None, typer.Option(
    "--incident", metavar="ID", help="Only claims of this incident (repeat for several).")]
SinceOption = Annotated[str | None, typer.Option(
    "--since", metavar="YYYY-MM-DD", help="Only claims dated on or after this day.")]
UntilOption = Annotated[str | None, typer.Option(
    "--until", metavar="YYYY-MM-DD", help="Only claims dated on or before this day.")]


def _filter(measure: list[str] | None, source: list[str] | None, incident: list[str] | None,
            since: str | None, until: str | None) -> ClaimFilter:
    return ClaimFilter.of(measure=measure, source=source, incident=incident, since=since,
                          until=until)


def _fail(error: Exception, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=code)


def _folder_option(output: Path) -> None:
    """``-o`` names a folder: an existing file there is a usage error, not a traceback."""
    if output.exists() and not output.is_dir():
        _fail(ClaimledgerError(f"{output} is a file; -o takes a folder"), code=2)


def _summary_table(summary: AnalysisSummary) -> Table:
    table = Table(title="claimledger analyze", show_header=False)
    table.add_row("documents added", str(summary.documents_added))
    table.add_row("already in the ledger (skipped)", str(summary.documents_skipped))
    for measure, count in sorted(summary.claims_per_measure.items()):
        table.add_row(f"claims: {measure}", str(count))
    table.add_row("dated events", str(summary.events))
    table.add_row("entity mentions", str(summary.entities))
    table.add_row("discrepancies (whole ledger)", str(summary.discrepancies))
    table.add_row("errors", str(len(summary.errors)))
    return table


def _run_analysis(inputs: list[str], db: Path, **options) -> AnalysisSummary:
    with Ledger(db) as ledger, Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, transient=True,
    ) as progress:
        # Until the first document is done the time goes to loading the model: say so
        # rather than show "0/?".
        task = progress.add_task("loading model…", total=None)

        def on_document(done: int, total: int | None) -> None:
            progress.update(task, description="analysing", completed=done, total=total)

        summary = analyze_into(inputs, ledger, on_document=on_document, keep_models=False,
                               **options)
    for message in summary.warnings:
        err.print(f"[yellow]warning:[/yellow] {message}", highlight=False, soft_wrap=True)
    for message in summary.errors:
        err.print(f"[yellow]skipped:[/yellow] {message}", highlight=False, soft_wrap=True)
    return summary


@app.command()
def analyze(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT",
        help="JSONL corpus, folder, files, or -.")],
    db: DbOption,
    published: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD",
        help="Publication date when none is found.")]
    = None,
    source: Annotated[str | None, typer.Option(metavar="NAME",
        help="Outlet name when the input has none.")]
    = None,
    workers: Annotated[int, typer.Option(
        metavar="N",
        help="Worker processes on this machine (local), or of the Dask LocalCluster.")] = 1,
    engine: Annotated[str, typer.Option(
        metavar="local|dask", help="local, or dask (a LocalCluster, or --scheduler).")]
    = "local",
    scheduler: Annotated[str | None, typer.Option(metavar="ADDR",
        help="Address of a running Dask scheduler.")]
    = None,
    replace: Annotated[bool, typer.Option(
        "--replace", help="An id already stored with other text: replace that version "
                          "(default: keep both, the new one as ID~2).")] = False,
) -> None:
    """Extract claims, events and entities from articles into the ledger (resumable).

    Exits 0 when every input went in, 1 when some were rejected or none was found.
    """
    if engine not in ("local", "dask"):
        _fail(ClaimledgerError(f"--engine must be local or dask, not {engine!r}"), code=2)
    try:
        summary = _run_analysis(inputs, db, published=published, source=source,
                                engine=engine, workers=workers, scheduler=scheduler,
                                on_same_id="replace" if replace else "rename")
    except ClaimledgerError as error:
        _fail(error)
    out.print(_summary_table(summary))
    if not summary.documents_read and not summary.errors:
        _fail(ClaimledgerError("nothing to analyse: no documents in the inputs given"))
    if summary.errors:
        raise typer.Exit(code=1)


@app.command()
def export(
    db: DbOption,
    fmt: Annotated[str, typer.Option("--format", metavar="jsonl|csv|parquet",
        help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[Path, typer.Option("-o", "--output", metavar="PATH",
        help="File (jsonl) or folder.")]
    = Path("ledger.jsonl"),
    measure: MeasureOption = None, source: SourceOption = None,
    incident: IncidentOption = None, since: SinceOption = None, until: UntilOption = None,
    bom: Annotated[bool, typer.Option("--bom", help="CSV: start each file with a UTF-8 "
                                                    "byte-order mark (for Excel).")] = False,
) -> None:
    """Write the ledger in the interchange format (JSONL), or as CSV / Parquet tables."""
    from claimledger.export import export_ledger

    if fmt != "jsonl":
        _folder_option(output)
    elif output.is_dir():
        _fail(ClaimledgerError(f"{output} is a folder; -o takes a file for jsonl"), code=2)
    try:
        wanted = _filter(measure, source, incident, since, until)
        with Ledger(db, create=False) as ledger:
            paths = export_ledger(ledger, fmt, output, wanted, bom=bom)
    except ValueError as error:
        _fail(error, code=2)
    except (ClaimledgerError, OSError) as error:
        _fail(error)
    for path in paths:
        out.print(str(path), highlight=False)


@app.command()
def report(
    db: DbOption,
    output: Annotated[Path, typer.Option("-o", "--output", metavar="DIR",
        help="Folder for the report.")]
    = Path("report"),
    measure: MeasureOption = None, source: SourceOption = None,
    incident: IncidentOption = None, since: SinceOption = None, until: UntilOption = None,
) -> None:
    """Write the static report: index.html (offline, with charts) and report.md."""
    from claimledger.report import write_report

    _folder_option(output)
    try:
        wanted = _filter(measure, source, incident, since, until)
        with Ledger(db, create=False) as ledger:
            paths = write_report(ledger_view(ledger, wanted, reuse=True), output)
    except (ClaimledgerError, OSError) as error:
        _fail(error)
    out.print(f"report written: {paths['html']}", highlight=False)


@app.command("eval")
def evaluate_command(
    db: DbOption,
    gold: Annotated[Path, typer.Option("--gold", metavar="GOLD.jsonl",
        help="Gold annotations (JSONL).")],
    as_json: Annotated[bool, typer.Option("--json", metavar="",
        help="Machine-readable output.")] = False,
) -> None:
    """Score the ledger against hand annotations: precision, recall, F1 and more."""
    from claimledger.evaluate import evaluate, render_report

    try:
        with Ledger(db, create=False) as ledger:
            result = evaluate(ledger, gold)
    except ClaimledgerError as error:
        _fail(error)
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(render_report(result))


@app.command()
def demo(
    output: Annotated[Path, typer.Option("-o", "--output", metavar="DIR",
        help="Folder for the outputs.")]
    = Path("demo-output"),
) -> None:
    """Analyse the bundled demo corpus, print its claims and write the report."""
    from claimledger.demo_corpus import demo_corpus_path
    from claimledger.report import write_report

    output.mkdir(parents=True, exist_ok=True)
    db = output / "demo.db"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    summary = _run_analysis([str(demo_corpus_path())], db)
    out.print(_summary_table(summary))
    with Ledger(db) as ledger:
        out.print(_claims_table(ledger))
        paths = write_report(ledger_view(ledger), output / "report")
    out.print(f"ledger:  {db}", highlight=False)
    out.print(f"report:  {paths['html']}", highlight=False)
    out.print(f"         {paths['markdown']}", highlight=False)


def _claims_table(ledger: Ledger) -> Table:
    sources = {d.id: d.source or d.id for d in ledger.documents()}
    table = Table(title="quantity claims")
    for column in ("outlet", "measure", "figure", "whose", "claimed by", "as of"):
        table.add_column(column)
    for q in sorted(ledger.quantities(), key=lambda q: (q.measure, sources[q.doc], q.start)):
        figure = q.number_text or f"{q.value:g}"
        table.add_row(sources[q.doc], q.measure, figure, q.subject, q.claimant, q.as_of or "")
    return table


@app.command()
def serve(
    db: DbOption,
    host: Annotated[str, typer.Option(metavar="HOST",
        help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help="Port.")] = 8750,
) -> None:
    """Browse the ledger in a local web UI (needs the [web] extra)."""
    try:
        import uvicorn

        from claimledger.web import create_app
    except ImportError as error:
        _fail(ClaimledgerError(f"the web UI needs the [web] extra: {error}"))
    try:
        web_app = create_app(db, host=host)
    except ClaimledgerError as error:
        _fail(error)
    web_app.state.view_cache.warm(str(db))
    uvicorn.run(web_app, host=host, port=port)


def _corrections_asked(target: str, reject: bool, restore: bool, sets: list[str],
                       move_to: str | None, exclude: bool, include: bool,
                       merge_into: str | None, who: str, why: str) -> list:
    from claimledger.corrections import Correction, CorrectionError, parse_value

    def made(action: str, field: str | None = None, value: object = None) -> Correction:
        return Correction(target, action, field, value, who=who, why=why)

    asked = [made("reject")] if reject else []
    asked += [made("restore")] if restore else []
    for assignment in sets:
        name, sep, value = assignment.partition("=")
        if not sep:
            raise CorrectionError(f"--set takes FIELD=VALUE, not {assignment!r}")
        asked.append(made("set", name.strip(), parse_value(name.strip(), value.strip())))
    asked += [made("move", value=move_to)] if move_to else []
    asked += [made("exclude")] if exclude else []
    asked += [made("include")] if include else []
    asked += [made("merge", value=merge_into)] if merge_into else []
    if not asked:
        raise CorrectionError("say what to correct: --reject, --set FIELD=VALUE, --move-to, "
                              "--exclude, --merge-into (see --help)")
    return asked


@app.command()
def correct(
    target: Annotated[str, typer.Argument(
        metavar="TARGET",
            help="A claim id (q-…), a document id (--exclude), or an incident id (--merge-into).")],
    db: DbOption,
    reject: Annotated[bool, typer.Option("--reject", metavar="",
        help="The claim is wrong: drop it.")]
    = False,
    restore: Annotated[bool, typer.Option("--restore", metavar="",
        help="Undo a --reject.")] = False,
    sets: Annotated[list[str] | None, typer.Option(
        "--set", metavar="FIELD=VALUE",
        help="Change a field: measure, value, low, high, qualifier, claimant, subject, "
             "incident, … (repeatable).")] = None,
    move_to: Annotated[str | None, typer.Option(
        "--move-to", metavar="CLUSTER", help="Put the claim in this cluster (a new id splits "
        "it off).")] = None,
    exclude: Annotated[bool, typer.Option("--exclude", metavar="",
        help="The document is off-topic: "
                                          "leave it out.")] = False,
    include: Annotated[bool, typer.Option("--include", metavar="",
        help="Undo an --exclude.")] = False,
    merge_into: Annotated[str | None, typer.Option(
        "--merge-into", metavar="INCIDENT", help="Merge the incident TARGET into this one.")]
    = None,
    who: Annotated[str, typer.Option("--by", metavar="NAME", help="Who corrects.")] = "",
    why: Annotated[str, typer.Option("--why", metavar="TEXT", help="Why.")] = "",
) -> None:
    """Correct a claim, a document or an incident; corrections hold across re-runs."""
    from claimledger.orchestrate import correct as apply

    try:
        asked = _corrections_asked(target, reject, restore, sets or [], move_to, exclude,
                                   include, merge_into, who, why)
        with Ledger(db, create=False) as ledger:
            stored = apply(ledger, asked)
    except ClaimledgerError as error:
        _fail(error)
    for correction in stored:
        what = correction.action + (f" {correction.field}={correction.value}"
                                    if correction.field else "")
        if correction.action in ("move", "merge"):
            what += f" → {correction.value}"
        out.print(f"corrected {correction.target}: {what}", highlight=False)


corrections_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                              help="List, export and import hand corrections (JSONL).")
app.add_typer(corrections_app, name="corrections")


@corrections_app.command("list")
def corrections_list(db: DbOption) -> None:
    """Every correction in the ledger, oldest first."""
    try:
        with Ledger(db, create=False) as ledger:
            found = ledger.corrections()
    except ClaimledgerError as error:
        _fail(error)
    table = Table(title="corrections")
    for column in ("target", "action", "field", "value", "by", "at", "why"):
        table.add_column(column)
    for c in found:
        table.add_row(c.target, c.action, c.field or "", "" if c.value is None else str(c.value),
                      c.who, c.at, c.why)
    out.print(table)


@corrections_app.command("export")
def corrections_export(
    db: DbOption,
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE",
                                                help="JSONL file (stdout when absent).")] = None,
) -> None:
    """Write the corrections as JSONL, to share them with a team."""
    try:
        with Ledger(db, create=False) as ledger:
            lines = [json.dumps(c.to_json(), ensure_ascii=False) + "\n"
                     for c in ledger.corrections()]
    except ClaimledgerError as error:
        _fail(error)
    if output is None:
        sys.stdout.write("".join(lines))
    else:
        output.write_text("".join(lines), encoding="utf-8")
        err.print(f"{len(lines)} correction(s) written to {output}", highlight=False)


@corrections_app.command("import")
def corrections_import(
    source: Annotated[Path, typer.Argument(metavar="FILE",
        help="JSONL from `corrections export`.")],
    db: DbOption,
) -> None:
    """Add corrections from JSONL (those already in the ledger are skipped)."""
    from claimledger.corrections import read_jsonl
    from claimledger.orchestrate import correct as apply

    try:
        incoming = read_jsonl(source.read_text(encoding="utf-8").splitlines())
        with Ledger(db, create=False) as ledger:
            known = {c.row() for c in ledger.corrections()}
            fresh = [c for c in incoming if c.row() not in known]
            apply(ledger, fresh)
    except OSError as error:
        _fail(ClaimledgerError(f"{source}: {error.strerror}"))
    except ClaimledgerError as error:
        _fail(error)
    out.print(f"imported {len(fresh)} correction(s); {len(incoming) - len(fresh)} already there",
              highlight=False)
