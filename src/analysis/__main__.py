"""``python -m analysis``: the project's command line."""

from analysis.cli import main

raise SystemExit(main())
