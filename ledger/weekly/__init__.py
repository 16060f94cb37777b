"""The weekly dispatch (周调度, FORMS.md §5): figures, submission, charts, export."""
