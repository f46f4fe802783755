"""The demo district's users: one per role, each with the role held on its committee."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from .. import services
from ..models import Committee, Role, RoleAssignment
from .tree import DISTRICT_CODE


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    committee_code: str
    role: str
    password: str

    @property
    def email(self) -> str:
        # Example addresses (RFC 2606): in development the mail is written to var/mail/.
        return f"{self.username}@xishan.example"


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "区关工委管理员", DISTRICT_CODE, Role.DISTRICT_ADMIN, "Xishan-admin-2024"),
    DemoUser("staff", "区关工委工作人员", DISTRICT_CODE, Role.DISTRICT_STAFF, "Xishan-staff-2024"),
    DemoUser("dongang", "东港镇秘书", "XS01", Role.TOWN_SECRETARY, "Xishan-dongang-2024"),
    DemoUser("ehu", "鹅湖镇秘书", "XS03", Role.TOWN_SECRETARY, "Xishan-ehu-2024"),
    DemoUser("viewer", "区关工委查看员", DISTRICT_CODE, Role.VIEWER, "Xishan-viewer-2024"),
)


def users_load(*, by_code: dict[str, Committee], actor=None) -> tuple[list[str], int]:
    """Create the missing demo users and roles; return the usernames created and the number of
    roles assigned."""
    users_created: list[str] = []
    roles_created = 0
    User = get_user_model()
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = services.user_create(
                actor=actor,
                username=demo.username,
                full_name=demo.full_name,
                email=demo.email,
                password=demo.password,
            )
            users_created.append(demo.username)
        elif not user.email:  # a demo loaded before the demo users had addresses
            services.user_update(actor=actor, user=user, full_name=user.first_name, email=demo.email)
        committee = by_code[demo.committee_code]
        held = RoleAssignment.objects.active().filter(user=user, committee=committee, role=demo.role)
        if not held.exists():
            services.role_assign(actor=actor, user=user, committee=committee, role=demo.role)
            roles_created += 1
    return users_created, roles_created
