"""A room of 30 participants submits concurrently through the real participant page (Voila), and the
deck's live aggregate equals what SQLite holds; markup typed into the comment stays inert."""
from __future__ import annotations

import asyncio
import random
import sqlite3
from concurrent.futures import ThreadPoolExecutor

from kaede.workshop.questions import ANSWERS, QUESTIONS

from .conftest import CHROMIUM, LAUNCH_ARGS, outside_requests

N = 30
MARKUP = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b class="kaede-pwn">fed</b>'


def _plan(i: int) -> dict[str, str]:
    rng = random.Random(i)
    return {q.qid: rng.choice(list(ANSWERS)) for q in QUESTIONS}


async def _participant(browser, url: str, i: int, gate: asyncio.Semaphore) -> dict[str, object]:
    plan = _plan(i)
    comment = MARKUP if i == 0 else f"deltager {i}"
    async with gate:  # pages load (one kernel each) a few at a time; the answers go in all together
        page = await browser.new_page(viewport={"width": 412, "height": 915})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        outside = outside_requests(page)
        await page.goto(f"{url}?token=browser-{i:02d}-token", timeout=180_000)
        await page.locator(".kaede-submit").wait_for(state="visible", timeout=180_000)
        lang = "da"
        for qid, answer in plan.items():
            label = ANSWERS[answer].da if lang == "da" else ANSWERS[answer].en
            await page.locator(f".kaede-q-{qid} label", has_text=label).first.locator("input").check()
        await page.locator(".kaede-comment textarea").fill(comment)
    return {"page": page, "plan": plan, "comment": comment, "errors": errors, "outside": outside}


async def _room(url: str) -> list[dict[str, object]]:
    from playwright.async_api import async_playwright
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            gate = asyncio.Semaphore(10)
            people = await asyncio.gather(*(_participant(browser, url, i, gate) for i in range(N)))
            # everyone presses "submit" at once
            await asyncio.gather(*(p["page"].locator(".kaede-submit").click() for p in people))
            for p in people:
                msg = p["page"].locator(".kaede-message")
                await msg.locator("p").wait_for(timeout=60_000)
                p["message"] = await msg.inner_text()
                p["pwned"] = await p["page"].evaluate("window.__pwned === undefined ? null : window.__pwned")
                p["injected"] = await p["page"].locator(".kaede-pwn, img[src='x']").count()
                await p["page"].close()
                del p["page"]
            return people
        finally:
            await browser.close()


def test_thirty_participants_and_the_deck_agree(browser, workshop):
    # Playwright's sync API (the deck check below) holds this thread's event loop: the room runs in its own
    with ThreadPoolExecutor(1) as pool:
        people = pool.submit(asyncio.run, _room(str(workshop["page"]))).result()
    assert all(not p["errors"] for p in people), [p["errors"] for p in people if p["errors"]]
    # no participant's phone fetches anything from outside the facilitator's machine (no CDN)
    assert all(not p["outside"] for p in people), sorted({u for p in people for u in p["outside"]})
    con = sqlite3.connect(workshop["db"])
    try:
        subs = dict(con.execute("SELECT token, comment FROM submissions WHERE session = ?", (workshop["session"],)))
        stored: dict[str, dict[str, str]] = {}
        for token, question, answer in con.execute(
                "SELECT token, question, answer FROM answers WHERE session = ?", (workshop["session"],)):
            stored.setdefault(token, {})[question] = answer
    finally:
        con.close()
    assert len(subs) == N, [p["message"] for p in people]
    for i, p in enumerate(people):
        assert stored[f"browser-{i:02d}-token"] == p["plan"]
    # markup is stored as the plain text typed, and nothing of it ran or rendered on the page
    assert subs["browser-00-token"] == MARKUP
    assert people[0]["pwned"] is None and people[0]["injected"] == 0

    # the deck (polling the same store) shows exactly what SQLite holds
    expected = {q.qid: {a: sum(1 for r in stored.values() if r.get(q.qid) == a) for a in ANSWERS} for q in QUESTIONS}
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(str(workshop["deck"]), timeout=120_000)
        n = page.locator(".kaede-room-count .kaede-n")
        n.wait_for(state="attached", timeout=120_000)
        page.wait_for_function(f"() => document.querySelector('.kaede-room-count .kaede-n').textContent.trim() === '{N}'",
                               timeout=30_000)
        table = page.evaluate("""() => [...document.querySelectorAll('.kaede-room-counts tr')].slice(1)
                                      .map(tr => [...tr.querySelectorAll('td')].slice(1).map(td => +td.textContent))""")
        shown = {q.qid: dict(zip(ANSWERS, table[k])) for k, q in enumerate(QUESTIONS)}
        assert shown == expected
        assert page.evaluate("window.__pwned === undefined") and page.locator(".kaede-pwn").count() == 0
    finally:
        page.close()
