from django.core.management.base import BaseCommand

from ledger.choices import Classification
from ledger.models import Project
from ledger.watch import class_failures


class Command(BaseCommand):
    help = (
        "List the projects whose class in force or proposed no longer passes the "
        "classification test (三–六), with the reason; changes nothing."
    )

    def handle(self, *args, **options):
        listed = 0
        for project, which, cls, why in class_failures(Project.objects.all()):
            listed += 1
            self.stdout.write(
                "\t".join(
                    [
                        project.number,
                        project.name,
                        project.managing_unit.name,
                        f"{which}：{Classification(cls).label}",
                        why,
                    ]
                )
            )
        self.stdout.write(f"共{listed}项分类不再符合分类标准。" if listed else "所有项目的分类均符合分类标准。")
