import os

# Every test runs without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest  # noqa: E402

from tests import pg_server  # noqa: E402


@pytest.fixture(autouse=True)
def _nobody_signed_in():
    """The signed-in actor is process-wide: no test inherits another's."""
    from models.access.actor import sign_out

    sign_out()
    yield
    sign_out()


@pytest.fixture(scope="session")
def postgres_url():
    """The URL of an empty PostgreSQL database for this test run, or a skip."""
    given = os.environ.get(pg_server.ENV_URL)
    if given:
        yield given
        return
    server = _throwaway_server_or_skip("no PostgreSQL server for the test run")
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def restartable_server():
    """A PostgreSQL server of its own, which a test may halt and start again (the shared one
    must stay up), or a skip. Started again after a test that left it halted."""
    server = _throwaway_server_or_skip("no PostgreSQL server to restart")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server_url(restartable_server):
    """The restartable server's database, emptied, with the server running after the test."""
    pg_server.reset(restartable_server.url)
    yield restartable_server.url
    if not restartable_server.running():
        restartable_server.start()


def _throwaway_server_or_skip(reason: str) -> pg_server.ThrowawayServer:
    """A new throwaway server; a skip where there is none (a failure where CI requires one)."""
    try:
        return pg_server.ThrowawayServer()
    except (OSError, Exception) as exc:  # no package, or it would not start
        if os.environ.get(pg_server.ENV_REQUIRE) == "1":
            pytest.fail(f"PostgreSQL is required for this run but could not start: {exc}")
        pytest.skip(f"{reason}: {exc}")
