"""Demo only (LOGIS_DEMO): the current second-factor code of each demo professional, so that a visitor without an
authenticator application can sign in. Never routed outside the demo."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from logis.accounts.demo import ACCOUNTS, demo_totp_secret


@login_not_required
def codes(request):
    now = int(time.time())
    rows = [
        {
            "email": spec.email,
            "role": spec.role,
            "secret": demo_totp_secret(spec.email),
            "code": format_hotp_value(hotp_value(demo_totp_secret(spec.email), now // 30)),
        }
        for spec in ACCOUNTS
        if spec.kind != "applicant"
    ]
    return render(request, "accounts/demo_codes.html", {"rows": rows, "valid_for": 30 - now % 30})
