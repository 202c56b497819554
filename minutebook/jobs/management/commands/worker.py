"""``minutebook worker``: run background jobs (imports, re-indexing, pack publishing ...) until stopped."""

from django_tasks_db.management.commands.db_worker import Command as LibraryCommand

from minutebook.governance.importing import settle_originals
from minutebook.jobs.worker import Worker, recover_interrupted
from minutebook.lifetime import keep_loaded


class Command(LibraryCommand):
    help = (
        "Run background jobs from the queue; start as many as you like, on any machines sharing the database."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        settle_originals()
        recover_interrupted()
        keep_loaded()
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            worker.reset_signals()  # run from a test or a shell, the caller's Ctrl+C is its own again
