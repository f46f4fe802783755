"""The shared fixture set: a small district with 2 towns and 4 villages, and a user per role."""

from dataclasses import dataclass

import pytest

from committees.models import Committee, Kind, Role
from tests.brokers import broker_folder, private_server_broker
from tests.factories import CommitteeFactory, RoleFactory, UserFactory
from xishan_portal.celery import app as celery_app

PASSWORD = "pw-Xishan-2024"


@dataclass
class District:
    district: Committee
    dg: Committee  # 东港镇
    eh: Committee  # 鹅湖镇
    dg_v1: Committee
    dg_v2: Committee
    eh_v1: Committee
    eh_v2: Committee
    dg_school: Committee
    admin: object
    staff: object
    dg_secretary: object
    eh_secretary: object
    viewer: object
    dg_viewer: object


def make_district() -> District:
    district = CommitteeFactory(code="XS", name="锡山区关工委", kind=Kind.DISTRICT)
    dg = CommitteeFactory(code="XS01", name="东港镇关工委", kind=Kind.TOWN, parent=district)
    eh = CommitteeFactory(code="XS03", name="鹅湖镇关工委", kind=Kind.TOWN, parent=district)
    d = District(
        district=district,
        dg=dg,
        eh=eh,
        dg_v1=CommitteeFactory(code="XS01V01", name="东港村关工委", kind=Kind.VILLAGE, parent=dg),
        dg_v2=CommitteeFactory(code="XS01V02", name="港下社区关工委", kind=Kind.COMMUNITY, parent=dg),
        eh_v1=CommitteeFactory(code="XS03V01", name="甘露村关工委", kind=Kind.VILLAGE, parent=eh),
        eh_v2=CommitteeFactory(code="XS03V02", name="荡口社区关工委", kind=Kind.COMMUNITY, parent=eh),
        dg_school=CommitteeFactory(code="XS01S01", name="东港中学关工委", kind=Kind.SCHOOL, parent=dg),
        admin=UserFactory(username="admin", first_name="区管理员"),
        staff=UserFactory(username="staff", first_name="区工作人员"),
        dg_secretary=UserFactory(username="dg_secretary", first_name="东港秘书"),
        eh_secretary=UserFactory(username="eh_secretary", first_name="鹅湖秘书"),
        viewer=UserFactory(username="viewer", first_name="区查看员"),
        dg_viewer=UserFactory(username="dg_viewer", first_name="东港查看员"),
    )
    RoleFactory(user=d.admin, committee=district, role=Role.DISTRICT_ADMIN)
    RoleFactory(user=d.staff, committee=district, role=Role.DISTRICT_STAFF)
    RoleFactory(user=d.dg_secretary, committee=dg, role=Role.TOWN_SECRETARY)
    RoleFactory(user=d.eh_secretary, committee=eh, role=Role.TOWN_SECRETARY)
    RoleFactory(user=d.viewer, committee=district, role=Role.VIEWER)
    RoleFactory(user=d.dg_viewer, committee=dg, role=Role.VIEWER)
    return d


@pytest.fixture(autouse=True, scope="session")
def tests_broker_folder(tmp_path_factory):
    """Messages the tests queue (emails, reports, jobs) stay in a folder of this test process,
    away from the folder a running `make run` worker reads."""
    with broker_folder(tmp_path_factory.mktemp("celery-broker")), private_server_broker():
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher costs ~0.3 s a user; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


DB_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(autouse=True)
def nothing_kept():
    """No result kept by an earlier test (committees.kept): a flush between transactional tests
    may start the write counts' ids again, and a later test reach counts an earlier one named."""
    from committees import kept

    kept.forget()


@pytest.fixture(autouse=True)
def reference_data(request):
    """A transactional test flushes the database after it, and with it the rows that data
    migrations seeded (standards, backbone roles, problem rules); tests run in parallel see no
    fixed order, so every database test puts back what is missing."""
    if DB_FIXTURES & set(request.fixturenames) or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")
        from surveys.management.commands.load_demo import ensure_reference_data

        ensure_reference_data()


@pytest.fixture
def demo_district(db):
    """The demo district, in this test's transaction (loaded once a test process, then copied
    back: tests/demo_snapshot.py)."""
    from tests.demo_snapshot import load_demo_once

    load_demo_once()


@pytest.fixture
def xs(db) -> District:
    return make_district()


@pytest.fixture
def survey_round(xs):
    """The 2024 round of the `xs` district, open (a test module may define its own)."""
    from tests.surveys.conftest import open_round  # the survey helpers live with the survey tests

    return open_round(xs, 2024)


@pytest.fixture
def eager():
    """Run the queued Celery tasks in the test process."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def client_for(client):
    """A logged-in test client for a user: client_for(xs.dg_secretary)."""

    def login(user):
        client.force_login(user)
        return client

    return login


# The bad-input corpus's figures (tests/corpus_report.py), printed at the end of the session.
from tests.corpus_report import pytest_sessionfinish, pytest_terminal_summary, pytest_testnodedown  # noqa: E402, F401
