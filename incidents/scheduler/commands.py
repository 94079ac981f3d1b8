"""`flask --app app scheduler`: the only process that runs scheduled jobs.

APScheduler's job store cannot be shared between processes, so web workers never start a
scheduler; this command does, with the in-memory store. Due times live in the database,
so several schedulers may run at once and a restarted one resumes where it stopped; the
nightly and periodic jobs claim each run (runs.py), so only one of them runs it.
SIGTERM (and Ctrl+C) stop within seconds: delivery finishes the message in flight and gives
its other claims back. A hanging mail server can hold that message up to MAIL_TIMEOUT, so a
service manager's stop timeout should be above MAIL_TIMEOUT plus a few seconds.
"""

import logging
import signal

import click
from flask import current_app
from flask.cli import with_appcontext

from incidents.core import clock
from incidents.scheduler.jobs import JOBS, run_in_app
from incidents.scheduler.stopping import request_stop

log = logging.getLogger(__name__)


def build_scheduler(app):
    # Imported here so that only the scheduler process loads APScheduler; web workers never do.
    from apscheduler.schedulers.blocking import BlockingScheduler

    # One run of a job at a time, and missed runs collapse into one: a slow delivery run
    # is never overtaken by the next one (rows are claimed anyway, this just saves work).
    defaults = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 60}
    scheduler = BlockingScheduler(timezone="UTC", job_defaults=defaults)
    for job_id, trigger, function in JOBS:
        options = {**defaults, **trigger(app)}
        if options["trigger"] == "interval":
            # Interval jobs run once at start, then on their interval; clock-time jobs
            # (morning reminders, nightly retention) wait for their time of day.
            options["next_run_time"] = clock.utc_now()
        scheduler.add_job(run_in_app(app, function, job_id), id=job_id, name=job_id, **options)
    return scheduler


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Run every job once, then exit.")
@click.option("--only", multiple=True, help="With --once: run only these job ids.")
@click.option("--name", help="Name in the heartbeat table (default: the host name).")
@with_appcontext
def scheduler_command(once, only, name):
    """Run the scheduled jobs: outbox delivery, sanction finalization, heartbeat."""
    app = current_app._get_current_object()
    if name:
        app.config["SCHEDULER_NAME"] = name
    # Lines go to stdout through the app's handler, JSON or text (incidents/observability/log_format.py).
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # not a line per run
    if once:
        for job_id, _trigger, function in JOBS:
            if not only or job_id in only:
                result = run_in_app(app, function, job_id)()
                click.echo(f"{job_id}: {result}")
        return
    scheduler = build_scheduler(app)

    def stop(signum, frame):
        # Running jobs see the request and return after the unit in flight (a message, a
        # case); the interpreter then waits for their threads, so the exit takes seconds.
        request_stop()
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    mail = (
        f"SMTP {app.config['MAIL_SERVER']}" if app.config.get("MAIL_SERVER") else f"files in {app.config['OUTBOX_DIR']}"
    )
    click.echo(f"Scheduler started ({', '.join(j[0] for j in JOBS)}); mail goes to {mail}. Stop with Ctrl+C.")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        request_stop()
    log.info("scheduler stopping: waiting for the running jobs to finish their current step")
