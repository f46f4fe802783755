"""The demo district's 五有五好 data beyond the survey (each module one part; surveys/demo.py calls them)."""
