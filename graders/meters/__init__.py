"""Measurements that make thresholds repeatable: same-run time ratios and memray peaks."""
