import sys

from sklearn_mlsd.cli import main

sys.exit(main())
