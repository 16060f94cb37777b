"""The weekly dispatch (周调度, 二十二): figures, submission, charts, export."""
