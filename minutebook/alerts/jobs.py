"""``minutebook alerts send`` as a queued job, for a site that runs its scheduled work through the queue.

Safe to run twice, as a job must be (see ``sending``). A digest the mail server refused, or a mail
server that cannot be reached, fails the job: the worker tries it again after a pause, and only what
was not sent is sent then.
"""

from __future__ import annotations

from minutebook.jobs.queue import job

from .sending import send_digests


@job(attempts=3)
def send_alerts() -> dict[str, int]:
    sent = send_digests()
    if sent.failed:
        raise RuntimeError(f"{len(sent.failed)} digest(s) not sent: " + "; ".join(sent.failed[:10]))
    return {"digests": sent.digests, "quiet": sent.quiet}
