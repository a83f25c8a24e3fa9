"""Demo mailbox: the e-mails the platform "sent", read back from Django's filebased e-mail backend.

In the demo (settings.DEMO_MODE) nothing leaves the machine: every message is written under
settings.EMAIL_FILE_PATH. These pages let a newcomer follow a confirmation link or read a security code.
"""

import datetime as dt
import email
import email.policy
import re
from dataclasses import dataclass
from email.utils import getaddresses
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

# django.core.mail.backends.filebased writes each message followed by a line of 79 dashes.
MESSAGE_SEPARATOR = re.compile(rb"^-{79}\r?$", re.MULTILINE)
PAGE_SIZE = 50


@dataclass(frozen=True)
class DemoMessage:
    key: str  # "<file name>-<position in the file>": stable as long as the file is there
    sender: str
    recipients: tuple[str, ...]
    subject: str
    sent_at: dt.datetime | None
    body: str

    def is_for(self, address: str) -> bool:
        return address.casefold() in (recipient.casefold() for recipient in self.recipients)


def _parse(key: str, raw: bytes) -> DemoMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain", "html"))
    body = part.get_content() if part is not None else ""
    sent_at = getattr(message["Date"], "datetime", None)
    if sent_at is not None and sent_at.tzinfo is None:
        sent_at = sent_at.replace(tzinfo=dt.UTC)  # "-0000": Django writes UTC dates (EMAIL_USE_LOCALTIME off)
    return DemoMessage(
        key=key,
        sender=str(message.get("From", "")),
        recipients=tuple(address for _, address in getaddresses(message.get_all("To", [])) if address),
        subject=" ".join(str(message.get("Subject", "")).split()),
        sent_at=sent_at,
        body=body,
    )


def read_mailbox(directory: Path) -> list[DemoMessage]:
    """Every message of the directory, newest first."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob("*.log"):
        chunks = MESSAGE_SEPARATOR.split(path.read_bytes())
        for position, chunk in enumerate(chunks):
            raw = chunk.strip(b"\r\n")
            if not raw.strip():
                continue
            message = _parse(f"{path.stem}-{position}", raw)
            sent_at = message.sent_at or dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
            found.append(((sent_at, path.stat().st_mtime_ns, position), message))
    found.sort(key=lambda item: item[0], reverse=True)
    return [message for _, message in found]


def _mailbox_or_404() -> list[DemoMessage]:
    if not settings.DEMO_MODE:
        raise Http404
    return read_mailbox(Path(settings.EMAIL_FILE_PATH))


@login_not_required
def mailbox(request):
    mails = _mailbox_or_404()
    address = request.GET.get("a", "").strip()
    if address:
        mails = [mail for mail in mails if mail.is_for(address)]
    page = Paginator(mails, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/demo/mailbox.html", {"page": page, "address": address})


@login_not_required
def message(request, key: str):
    mail = next((mail for mail in _mailbox_or_404() if mail.key == key), None)
    if mail is None:
        raise Http404
    return render(request, "notifications/demo/message.html", {"mail": mail})
