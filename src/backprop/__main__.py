"""`python -m backprop …`: see `backprop.cli`."""

from backprop.cli import main

raise SystemExit(main())
