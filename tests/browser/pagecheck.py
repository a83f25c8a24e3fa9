"""Every page state a browser test visits is checked: axe-core finds no violation and nothing scrolls sideways;
every stylesheet, script and image of the page loads, and the Content-Security-Policy refuses nothing.

axe-core comes from npm (package.json, installed by `make setup` in node_modules/) and is injected into every
document of the watched browser contexts by Playwright's init scripts, which a Content-Security-Policy does not
block; nothing is fetched from the internet and the product's pages never carry it.

When is a state checked? Before each call the test makes to Playwright (a click, a fill, an `expect`, closing the
context) and when the test ends: every page of the test's contexts whose DOM changed since its last check (a
MutationObserver marks it) is run through axe and measured. So each state the test acts on or looks at is checked
before the test moves on, whatever it clicks next. (Checking on the way out of a page is not possible: Playwright
answers no evaluation while a navigation is pending.) Calls made from event handlers (a dialog's accept) do not
trigger checks.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import greenlet
from playwright._impl._sync_base import SyncBase
from playwright.sync_api import Error as PlaywrightError

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TESTS_DIR = str(Path(__file__).resolve().parents[1])

CHECK_STATE = """async () => {
  if (!/^https?:$/.test(location.protocol) || document.contentType !== "text/html" || !window.axe) return null;
  const state = window.__logisPageCheck || (window.__logisPageCheck = {dirty: true});
  if (!state.observer) {
    state.observer = new MutationObserver(() => { state.dirty = true; });
    state.observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  }
  // Stylesheets and images first: a page checked before its stylesheet applies has Bootstrap's colours.
  if (document.readyState !== "complete") {
    await new Promise((loaded) => addEventListener("load", loaded, {once: true}));
  }
  if (!state.dirty) return null;
  state.dirty = false;
  const root = document.documentElement;
  const viewport = root.clientWidth;
  const describe = (element) => {
    let text = element.tagName.toLowerCase();
    if (element.id) text += "#" + element.id;
    if (element.classList.length) text += "." + [...element.classList].join(".");
    return text;
  };
  const overflowing = [];
  if (root.scrollWidth > viewport) {
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.width && box.right > viewport + 1 && !overflowing.some((outer) => outer.element.contains(element))) {
        overflowing.push({element, width: Math.round(box.width), right: Math.round(box.right)});
      }
    }
  }
  const results = await window.axe.run(document, {resultTypes: ["violations"]});
  return {
    url: location.href,
    scrollWidth: root.scrollWidth,
    clientWidth: viewport,
    overflowing: overflowing.slice(0, 5).map(
      (o) => `${describe(o.element)} (${o.width} px wide, right edge at ${o.right} px)`),
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({
        target: n.target.join(" "),
        html: n.html.slice(0, 200),
        why: [...n.any, ...n.all, ...n.none].map((c) => c.message).join(" / "),
      })),
    })),
  };
}"""


def _test_line() -> str:
    """The line of the test (or fixture) that is about to act, to say when a state was met."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(TESTS_DIR) and not filename.endswith(("pagecheck.py", "conftest.py")):
            return f"{Path(filename).relative_to(Path(TESTS_DIR).parent)}:{frame.f_lineno}"
        frame = frame.f_back
    return "the end of the test"


@dataclass
class PageChecker:
    """Collects the problems of the page states visited during one test."""

    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    contexts: list = field(default_factory=list)
    busy: bool = False

    def attach(self, context) -> None:
        context.add_init_script(path=str(AXE_PATH))
        self.contexts.append(context)
        context.on("close", lambda closed: self.contexts.remove(closed) if closed in self.contexts else None)
        context.on("response", self._on_response)
        context.on("console", self._on_console)

    def _on_response(self, response) -> None:
        """A stylesheet, script, image or icon that does not load (a 404 favicon in every console)."""
        request = response.request
        if response.status >= 400 and request.resource_type not in {"document", "xhr", "fetch"}:
            self.problems.append(
                f"- {request.frame.url}: the {request.resource_type} {request.url} answered {response.status}"
            )

    def _on_console(self, message) -> None:
        """What the Content-Security-Policy refused (an inline script or style, a foreign origin)."""
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"- {message.page.url if message.page else '?'}: {message.text}")

    def check_all(self, moment: str) -> None:
        if self.busy:
            return
        self.busy = True
        try:
            for context in list(self.contexts):
                for page in list(context.pages):
                    self._check(page, moment)
        finally:
            self.busy = False

    def _check(self, page, moment: str) -> None:
        for _attempt in range(3):
            if page.is_closed() or not page.url.startswith("http"):
                return
            try:
                report = page.evaluate(CHECK_STATE)
                break
            except PlaywrightError as error:
                if "closed" in str(error):
                    return
                if "Execution context was destroyed" not in str(error):
                    raise
                # A navigation replaced the document during the check: check the new one.
        else:
            return
        if report is None:
            return
        self.checked.append(report["url"])
        lines = []
        if report["scrollWidth"] > report["clientWidth"]:
            lines.append(
                f"  scrolls sideways: {report['scrollWidth']} px of content in a {report['clientWidth']} px wide "
                f"viewport; outermost overflowing: {'; '.join(report['overflowing']) or 'unknown'}"
            )
        for violation in report["violations"]:
            lines.append(f"  axe {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    target {node['target']}  html {json.dumps(node['html'], ensure_ascii=False)}")
                if node["why"]:
                    lines.append(f"      {node['why']}")
        if lines:
            size = page.viewport_size or {"width": "?", "height": "?"}
            where = f"{report['url']} ({size['width']}×{size['height']}, before {moment})"
            self.problems.append(f"- {where}:\n" + "\n".join(lines))

    def finish(self) -> None:
        """Checks the pages still open, then fails with every problem met (rule id, target, page address)."""
        self.check_all("the end of the test")
        if self.problems:
            raise AssertionError(
                f"{len(self.problems)} page state(s) out of {len(self.checked)} checked have accessibility or "
                "layout problems:\n" + "\n".join(self.problems)
            )


class CheckingSync:
    """Installs the checks before every Playwright call of the test's main flow (not of event handlers)."""

    def __init__(self):
        self.checker: PageChecker | None = None
        self._original = SyncBase._sync

    def install(self) -> None:
        original = self._original
        hook = self

        def _sync(sync_base, awaitable):
            checker = hook.checker
            if checker is not None and not checker.busy and greenlet.getcurrent().parent is None:
                checker.check_all(_test_line())
            return original(sync_base, awaitable)

        SyncBase._sync = _sync

    def uninstall(self) -> None:
        SyncBase._sync = self._original
