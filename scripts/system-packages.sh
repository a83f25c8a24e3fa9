#!/usr/bin/env bash
# The Debian/Ubuntu packages Logis needs beyond the README's prerequisites, in one list shared by `make demo`,
# `make test` and `.ci/run`.
#
#   scripts/system-packages.sh demo   what the demo needs (PDF summaries: Pango and a font)
#   scripts/system-packages.sh test   the demo's + what the test suite runs for real (Chromium, clamd, Redis, ...)
#   scripts/system-packages.sh ci     the test suite's + the PostgreSQL server CI runs the suite on
#
# It installs only what is missing. As root it runs apt-get; otherwise it stops at once and prints the apt-get
# command to run. It never starts the services it installs (the tests start private instances of their own).
#
# To add a package: add one `need` line to the group that needs it, with the Debian package name and, when the
# package may come from elsewhere than apt (a command on the PATH), the command that shows it is there.
set -euo pipefail

group=${1:-test}
missing=()

# need PACKAGE [COMMAND]: PACKAGE is missing unless dpkg has it installed (or COMMAND is on the PATH).
need() {
  local package=$1 command=${2:-}
  if [ -n "$command" ] && command -v "$command" >/dev/null 2>&1; then
    return 0
  fi
  if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    return 0
  fi
  missing+=("$package")
}

demo_packages() {
  # WeasyPrint (the PDF file summary and the CALEOL minutes) needs Pango and a font.
  need libpango-1.0-0
  need libpangoft2-1.0-0
  need fonts-dejavu-core
}

test_packages() {
  demo_packages
  need chromium chromium              # the browser tests (Playwright drives Debian's Chromium)
  need clamav-daemon clamd            # the antivirus tests start a private clamd on a local signature database
  need redis-server redis-server      # the cache, sessions and Celery tests start a private Redis
  need nginx nginx                    # `nginx -t` checks deploy/nginx
  need postgresql-client pg_dump      # backups of a PostgreSQL database (pg_dump, pg_restore)
}

ci_packages() {
  test_packages
  need postgresql pg_ctlcluster       # CI runs the suite on PostgreSQL
  need nodejs node
  need npm npm
}

case "$group" in
  demo) demo_packages ;;
  test) test_packages ;;
  ci) ci_packages ;;
  *) echo "usage: $0 demo|test|ci" >&2; exit 2 ;;
esac

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Logis needs these system packages ($group): ${missing[*]}" >&2
  echo "Install them as root, then run the command again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "Installing the system packages Logis needs ($group): ${missing[*]}"
# A package's installation must not start its service (nginx on port 80, a Redis on 6379, freshclam fetching
# signatures): Debian's maintainer scripts ask policy-rc.d, which refuses here for the time of the installation.
policy=${POLICY_RC_D:-/usr/sbin/policy-rc.d}
own_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=true
fi
trap '[ "$own_policy" = true ] && rm -f "$policy"' EXIT
apt_get=(apt-get -o DPkg::Lock::Timeout=600 -qq)
"${apt_get[@]}" update
DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
