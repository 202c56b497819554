"""A small board of our own, a real SMTP server on an ephemeral port, and Django's SMTP backend aimed at it."""

import datetime
import email
import socket
import threading
from email import policy

import pytest
from django.utils import timezone

from minutebook.governance.models import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    Declaration,
    Meeting,
    Minute,
    Organisation,
    Person,
    Resolution,
)

from ..web.conftest import browser, page  # noqa: F401  (the browser fixtures, for test_browser)


class Mailbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.refusing = False

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            return "554 Transaction failed"
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def take(self) -> list:
        with self.lock:
            taken, self.messages = self.messages, []
        return taken


@pytest.fixture
def mailbox(settings):
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # an ephemeral port, free now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield box
    controller.stop()


def text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def at(day: datetime.date, hour: int = 18) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def board(db):
    """The Ashby Health Overview Panel: one meeting with a decision, an action, a declaration and attendance."""
    council = Organisation.objects.create(name="Ashby Borough Council", kind=Organisation.Kind.COUNCIL)
    panel = Body.objects.create(organisation=council, name="Ashby Health Overview Panel")
    chair = Person.objects.create(name="Imogen Thackeray", honorific="Councillor")
    meeting = Meeting.objects.create(body=panel, start=at(datetime.date(2025, 6, 12)), venue="Guildhall")
    item = AgendaItem.objects.create(meeting=meeting, number="5", title="Dementia friendly town centre")
    minute = Minute.objects.create(
        meeting=meeting, number="5", title="Dementia friendly town centre", agenda_item=item
    )
    decision = Resolution.objects.create(
        minute=minute, text="The panel endorsed the dementia friendly charter."
    )
    Attendance.objects.create(meeting=meeting, person=chair, role="Chair")
    Declaration.objects.create(
        meeting=meeting, person=chair, agenda_item=item, text="Trustee of a carers' charity"
    )
    action = Action.objects.create(
        resolution=decision, body=panel, owner_person=chair, description="Write to the town centre businesses"
    )
    return {"body": panel, "person": chair, "meeting": meeting, "action": action, "item": item}
