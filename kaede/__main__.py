"""``python -m kaede``: the same as the ``kaede`` console script."""
from kaede.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
