"""``python -m duban.intake FILE``: the extractor without Django."""

from duban.intake.cli import main

raise SystemExit(main())
