"""Steps of the account journey shared by the tests."""

import html
import re
from urllib.parse import urlsplit

from django.urls import reverse

URL = re.compile(r"https?://[^\s<>\"]+")


def link_in(body: str, path_prefix: str) -> str:
    """The one link of an e-mail body whose path starts with path_prefix, as a path for the test client."""
    paths = [urlsplit(url).path for url in URL.findall(body)]
    matching = [path for path in paths if path.startswith(path_prefix)]
    assert len(matching) == 1, body
    return matching[0]


def confirmation_path(body: str) -> str:
    return link_in(body, "/compte/confirm-email/")


def sign_up(client, email="camille.martin@exemple.fr", *, next_url=None):
    url = reverse("account_signup") + (f"?next={next_url}" if next_url else "")
    data = {"first_name": "Camille", "last_name": "Martin", "email": email}
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


def text(response) -> str:
    """The page as a person reads it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())
