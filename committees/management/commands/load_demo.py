"""Load the Xishan demo district: its committee tree and one demo user per role."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from committees.demo import DEMO_USERS, demo_load
from committees.management.commands.district_summary import LABELS
from committees.selectors import group_counts


class Command(BaseCommand):
    help = "Load the Xishan demo district (idempotent: a second run adds nothing)."

    def handle(self, *args, **options) -> None:
        try:
            result = demo_load()
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc

        if result.changed:
            groups = group_counts(result.committees_created)
            added = "、".join(f"{LABELS.get(key, key)} {n}" for key, n in groups.items() if n)
            self.stdout.write(self.style.SUCCESS("演示数据已加载。"))
            self.stdout.write(f"新增关工委 {result.committees_created.total()} 个{f'（{added}）' if added else ''}；")
            self.stdout.write(f"新增用户 {len(result.users_created)} 个，新增角色 {result.roles_created} 个。")
            if result.people_created:
                self.stdout.write(f"新增人员 {result.people_created} 人（班子成员、“五老”志愿者）。")
        else:
            self.stdout.write("演示数据已经加载过，本次没有任何改动。")

        self.stdout.write("")
        self.stdout.write("演示账号（用户名 / 密码 / 姓名）：")
        for demo in DEMO_USERS:
            note = "" if demo.username in result.users_created else "  （已存在，密码未重置）"
            self.stdout.write(f"  {demo.username:<8} {demo.password:<20} {demo.full_name}{note}")
