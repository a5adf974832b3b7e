"""Who is paid for: baselines, staff, claims."""
