"""`partnerbot deliveries`: an admin lists what failed and sends it again, as real processes against the
database a scheduler (here, in the test's process) sends from."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime

import pytest

from bot.app.dispatcher import Dispatcher
from bot.app.outbox import RecordingOutbox
from bot.clock import FakeClock
from bot.runtime import Runtime
from tests.conftest import EXAMPLE_CONFIG
from tests.scheduling.support import deliveries_for

pytestmark = pytest.mark.slow  # real processes: `pytest -m "not slow"` leaves them out

PARK = "digest:sdd-2027:2027-03-15:person:park"


async def partnerbot(runtime: Runtime, *args: str) -> asyncio.subprocess.Process:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PARTNERBOT_", "SLACK_", "TELEGRAM_"))}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "deliveries",
        "--database-url",
        runtime.settings.database_url,
        "--config",
        str(EXAMPLE_CONFIG),
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=environment,
    )


async def finished(process: asyncio.subprocess.Process) -> tuple[int, str, str]:
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode or 0, out.decode(), err.decode()


async def test_an_admin_lists_the_failed_deliveries_and_the_scheduler_sends_them_again(
    runtime: Runtime, dispatcher: Dispatcher, clock: FakeClock
) -> None:
    await runtime.database()
    outbox = RecordingOutbox(fail_for={"park"})
    deliveries = await deliveries_for(runtime, dispatcher, outbox)
    clock.set(datetime(2027, 3, 8, 8, 30, tzinfo=UTC))
    await deliveries.run_due()

    code, listed, _ = await finished(await partnerbot(runtime, "--failed"))
    assert code == 0
    assert PARK in listed and "failed, next attempt 2027-03-08 08:31 UTC  attempts 1" in listed
    assert "last error: console: park unreachable" in listed
    assert "person:mueller" not in listed  # sent: not a failure
    code, everything, _ = await finished(await partnerbot(runtime))
    assert "digest:sdd-2027:2027-03-15:person:mueller  sent" in everything

    outbox.fail_for.clear()  # Park's chat is back
    retry = await partnerbot(runtime, "retry", "--all-failed", "--wait", "30")
    while retry.returncode is None:  # the scheduler ticks while the admin waits
        await deliveries.run_due()
        try:
            await asyncio.wait_for(asyncio.shield(retry.wait()), timeout=0.3)
        except TimeoutError:
            pass
    code, said, err = await finished(retry)
    assert code == 0, err
    assert "1 failed deliveries are due again." in said and f"sent ({PARK})" in said
    assert len(outbox.to("park")) == 1


async def test_retrying_an_unknown_delivery_is_one_line(runtime: Runtime) -> None:
    await runtime.database()
    code, out, err = await finished(await partnerbot(runtime, "retry", "4711"))
    assert code == 2 and out == ""
    assert err == "partnerbot: error: no failed delivery with id 4711 (`partnerbot deliveries --failed` lists them)\n"
